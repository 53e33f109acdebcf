/* SPDX-License-Identifier: MIT */
/* extract.h - what an inspection report web page says, read with
 * libxml2's HTML parser. Kept apart from the plugin glue so the fuzz
 * target and the tests reach it directly. */
#ifndef INSPEX_REPORT_EXTRACT_H
#define INSPEX_REPORT_EXTRACT_H

#include <stddef.h>
#include <inspex/framework.h>
#include <inspex/model.h>

typedef struct report_page {
    /* A report page gives an inspection (owned; NULL otherwise). */
    inspex_inspection_t *insp;
    char *title; /* the page title used, as written */
    /* The report's PDF: the first .pdf link whose text names the
     * inspection, not a promoted annual report (absolute, or NULL); and a
     * Welsh-language one, kept as a second source. */
    char *pdf_url, *pdf_text;
    char *welsh_pdf_url, *welsh_pdf_text;
    /* No rating could be read from the page itself (its ratings are
     * probably in the PDF). */
    int no_ratings;
    /* An adult probation report (title in title): not imported. */
    int probation;
    /* A listing page gives links to reports: absolute, unique, in page
     * order; filled only when the page is not itself a report. Links to
     * other listing pages of the same listing (pagination) are in pages;
     * links to probation reports are counted, not kept. */
    int listing;
    char **links;
    char **link_texts; /* each link's text */
    size_t nlinks;
    char **pages;
    size_t npages;
    size_t nprobation;
    /* The years a listing's year filter (<select name="year">) offers. */
    int years[64];
    size_t nyears;
    /* Things worth telling the user that do not stop the import. */
    char **warnings;
    size_t nwarnings;
    /* Neither: what was missing, for the error message. */
    char missing[320];
} report_page_t;

/* Reads len bytes of HTML fetched from url (used to resolve links and,
 * with its host, to recognise the inspectorate's site). fw (may be NULL)
 * maps standards named only by title. Returns INSPEX_OK with page filled
 * (a report, a listing, or neither with missing set), or an error for a
 * value on a recognised page that cannot be read (an unknown rating
 * word, an impossible date), located at url. Clear the page with
 * report_page_clear whatever the result. */
inspex_status_t report_extract(const char *html, size_t len, const char *url,
                               const inspex_frameworks_t *fw,
                               report_page_t *page, inspex_error_t *err);
void report_page_clear(report_page_t *page);

/* href resolved against base as libxml2's xmlBuildURI resolves it
 * (malloc'd; NULL when it cannot be, or out of memory). */
char *report_resolve(const char *href, const char *base);

/* How a page is parsed (libxml2's htmlReadMemory). */
#define REPORT_PARSE_OPTIONS                                          \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
     HTML_PARSE_NONET)

/* html with the text of its scripts and styles (but JSON-LD) dropped,
 * their tags and newlines kept (rawtext.c): a malloc'd copy of *outlen
 * bytes and a NUL, or NULL when there is nothing to drop, the page is
 * not what the scan expects (it is parsed as it came then), or memory
 * ran out. */
char *report_drop_raw_text(const char *html, size_t len, size_t *outlen);

typedef enum report_kind { REPORT_YOUTH, REPORT_PROBATION } report_kind_t;

/* What a report title says (names.c). */
typedef struct report_title {
    int matched;        /* it follows a report title form */
    report_kind_t kind; /* youth justice, or adult probation */
    const char *type;   /* "joint inspection", "work with children and
                           victims", ...: static; NULL when it says none */
    char place[256];    /* X of "... in X": what the service covers */
} report_title_t;

/* Reads title into out; -1 when out of memory. */
int report_title_parse(const char *title, report_title_t *out);

/* The local authorities a place names, "; "-separated into out ("Tower
 * Hamlets and City of London" gives "Tower Hamlets; City of London"; a
 * single authority whose name holds "and" stays whole). */
void report_local_authorities(const char *place, char *out, size_t size);

/* The slug of an HMIP report URL (/inspections/<slug>/ or
 * /document/<slug>) without its trailing year, into out: "readingyjs"
 * from ".../inspections/readingyjs2024/". Returns 0 when url has none. */
int report_short_code(const char *url, char *out, size_t size);

/* The service's name in a report title, with the title patterns removed
 * ("An inspection of youth offending services in Medway" gives "Medway")
 * into buf. Returns 1 when a pattern matched, 0 when buf holds the title
 * with only a site-name suffix removed. */
int report_body_name(const char *title, char *buf, size_t size);

#endif
