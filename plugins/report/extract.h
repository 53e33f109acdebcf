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
    char *title;    /* the page title used, as written */
    char *pdf_url;  /* absolute, or NULL */
    char *pdf_text; /* the PDF link's text, or NULL */
    /* A listing page gives links to reports: absolute, unique, in page
     * order. Filled only when the page is not itself a report. */
    char **links;
    size_t nlinks;
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

/* The service's name in a report title, with the title patterns removed
 * ("An inspection of youth offending services in Medway" gives "Medway")
 * into buf. Returns 1 when a pattern matched, 0 when buf holds the title
 * with only a site-name suffix removed. */
int report_body_name(const char *title, char *buf, size_t size);

#endif
