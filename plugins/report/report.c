/* SPDX-License-Identifier: MIT */
/* report.c - the "report" importer: one inspection per published report
 * web page, with where it came from. The page is read by extract.c; this
 * file adds the sources (the page, its PDF and a Welsh PDF), follows the
 * links of a listing page when asked (only http and https, only the
 * listing's host unless -O follow-hosts names others, its pagination and
 * -O years), refuses adult probation reports, says when a report's
 * ratings are missing, and turns a page it cannot read into an error
 * naming the URL and what was missing. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <inspex/inspex.h>
#include <inspex/plugin.h>

#include "extract.h"

/* the years of the youth programme under the 2018 standards onwards */
#define YEAR_MIN 2012
#define YEAR_MAX 2100

static const char *const extensions[] = {"html", "htm", NULL};
static const char *const media_types[] = {"text/html", "application/xhtml+xml",
                                          NULL};

static const inspex_option_t options[] = {
    {"follow", INSPEX_OPT_BOOL, "false",
     "on a listing page, fetch and import the reports it links to, and its "
     "other pages",
     NULL, INSPEX_OPT_IMPORT},
    {"follow-hosts", INSPEX_OPT_STRING, "",
     "hosts besides the listing's own whose report links are followed "
     "(comma-separated)",
     NULL, INSPEX_OPT_IMPORT},
    {"max-pages", INSPEX_OPT_INT, "200",
     "the highest page number of a listing followed (paged=N)", NULL,
     INSPEX_OPT_IMPORT},
    {"max-links", INSPEX_OPT_INT, "1000",
     "the most report links followed from one listing page", NULL,
     INSPEX_OPT_IMPORT},
    {"years", INSPEX_OPT_STRING, "",
     "on a listing with a year filter, also walk these years (2018-2025, "
     "2019,2021, or all that its filter offers)",
     NULL, INSPEX_OPT_IMPORT},
    {"pdf", INSPEX_OPT_BOOL, "true",
     "fetch a landing page's report PDF and merge its ratings (inspex fetch)",
     NULL, INSPEX_OPT_IMPORT},
    {"strict", INSPEX_OPT_BOOL, "false",
     "a report page whose ratings could not be read is an error, not a "
     "warning",
     NULL, INSPEX_OPT_IMPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

/* Plain HTML, not a table format: a probe only says "HTML". */
static int report_probe(const unsigned char *data, size_t len)
{
    size_t i = inspex_bom_length(data, len);

    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                       data[i] == '\n'))
        i++;
    if (len - i >= 9 &&
        strncasecmp((const char *)data + i, "<!doctype", 9) == 0)
        return 60;
    if (len - i >= 5 && strncasecmp((const char *)data + i, "<html", 5) == 0)
        return 60;
    return 0;
}

static inspex_status_t set_attr(inspex_item_t *it, inspex_attr_t a,
                                const char *v, inspex_error_t *err)
{
    return v && v[0] ? inspex_item_set(it, a, v, 0, err) : INSPEX_OK;
}

/* The page as a source, and its PDF as a second one. */
static inspex_status_t add_sources(inspex_inspection_t *insp,
                                   const report_page_t *page,
                                   const inspex_response_t *resp,
                                   const char *name, inspex_error_t *err)
{
    inspex_item_t *it = inspex_inspection_add_item(insp, INSPEX_ITEM_SOURCE);
    inspex_status_t st;
    char status[24] = "";

    if (it == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (resp && resp->status > 0)
        snprintf(status, sizeof(status), "%ld", resp->status);
    st = set_attr(it, INSPEX_ATTR_URL, resp ? resp->url : name, err);
    if (st == INSPEX_OK && resp && resp->final_url &&
        strcmp(resp->final_url, resp->url) != 0)
        st = set_attr(it, INSPEX_ATTR_FINAL_URL, resp->final_url, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_TITLE, page->title, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_RETRIEVED_AT, resp->retrieved_at, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_MEDIA_TYPE,
                      resp && resp->media_type ? resp->media_type : "text/html",
                      err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_HTTP_STATUS, status, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_ETAG, resp->etag, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_LAST_MODIFIED, resp->last_modified, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_PDF_URL, page->pdf_url, err);
    if (st != INSPEX_OK || page->pdf_url == NULL)
        return st;
    it = inspex_inspection_add_item(insp, INSPEX_ITEM_SOURCE);
    if (it == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = set_attr(it, INSPEX_ATTR_URL, page->pdf_url, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_TITLE, page->pdf_text, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_MEDIA_TYPE, "application/pdf", err);
    return st;
}

/* The Welsh-language PDF, when the page has one, as one more source. */
static inspex_status_t add_welsh_pdf(inspex_inspection_t *insp,
                                     const report_page_t *page,
                                     inspex_error_t *err)
{
    inspex_item_t *it;
    inspex_status_t st;

    if (page->welsh_pdf_url == NULL)
        return INSPEX_OK;
    it = inspex_inspection_add_item(insp, INSPEX_ITEM_SOURCE);
    if (it == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = set_attr(it, INSPEX_ATTR_URL, page->welsh_pdf_url, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_TITLE, page->welsh_pdf_text, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_MEDIA_TYPE, "application/pdf", err);
    return st;
}

/* ---- where a listing's links may go ------------------------------------- */

/* The scheme and host of url ("https://www.x.gov.uk" of
 * "https://www.x.gov.uk/a/"), lower-cased, into buf; file: URLs give
 * "file://". 0 when url has none. */
static int origin(const char *url, char *buf, size_t size)
{
    const char *p = strstr(url, "://");
    size_t n, at;

    if (strncasecmp(url, "file:", 5) == 0) {
        snprintf(buf, size, "file://");
        return 1;
    }
    if (p == NULL)
        return 0;
    n = (size_t)(p + 3 - url) + strcspn(p + 3, "/?#");
    if (n >= size)
        return 0;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)url[i]);
    buf[n] = '\0';
    /* user:password@ is not part of the host */
    at = strcspn(buf + (p + 3 - url), "@");
    if (buf[(size_t)(p + 3 - url) + at] == '@')
        memmove(buf + (p + 3 - url), buf + (p + 3 - url) + at + 1,
                strlen(buf + (p + 3 - url) + at + 1) + 1);
    return 1;
}

static int is_web(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 ||
           strncasecmp(url, "https://", 8) == 0;
}

/* 1 when host (a host, host:port, or scheme://host) is in list, a
 * comma-separated -O follow-hosts. */
static int listed_host(const char *list, const char *link_origin)
{
    const char *host = strstr(link_origin, "://");

    host = host ? host + 3 : link_origin;
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ","), skip;
        while (n > 0 && *p == ' ')
            p++, n--;
        skip = n;
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if ((n == strlen(host) && strncasecmp(p, host, n) == 0) ||
            (n == strlen(link_origin) && strncasecmp(p, link_origin, n) == 0))
            return 1;
        p += skip;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* Whether a link of the listing at page may be followed: a web page's
 * links only to http and https on its own host (or a host the user
 * named); a local page's links only to local pages. */
static int may_follow(inspex_import_t *ctx, const char *page, const char *link)
{
    char a[512], b[512];

    /* a page read as a plain path: its links stay paths */
    if (!inspex_is_url(page))
        return strchr(link, ':') == NULL;
    if (!origin(page, a, sizeof(a)) || !origin(link, b, sizeof(b)))
        return 0;
    if (strcmp(a, "file://") == 0)
        return strcmp(b, "file://") == 0;
    if (!is_web(link))
        return 0;
    return strcmp(a, b) == 0 ||
           listed_host(inspex_import_option(ctx, "follow-hosts"), b);
}

/* The page number a listing URL asks for: paged=N or /page/N/; 1 when it
 * says none (WordPress serves paged=0 and paged=1 alike). */
static long page_number(const char *url)
{
    const char *p = strstr(url, "paged=");
    const char *q = strstr(url, "/page/");

    if (p && (p[-1] == '?' || p[-1] == '&'))
        return strtol(p + 6, NULL, 10) > 1 ? strtol(p + 6, NULL, 10) : 1;
    if (q && isdigit((unsigned char)q[6]))
        return strtol(q + 6, NULL, 10) > 1 ? strtol(q + 6, NULL, 10) : 1;
    return 1;
}

/* url with its query parameter name set to value (added when missing;
 * removed when value is NULL). The caller owns the result. */
static char *with_param(const char *url, const char *name, const char *value)
{
    size_t n = strlen(name), len = strlen(url) + n + 32;
    char *out = malloc(len), *o = out;
    const char *q = strchr(url, '?'), *frag = strchr(url, '#');
    int first = 1;

    if (out == NULL)
        return NULL;
    if (frag == NULL)
        frag = url + strlen(url);
    if (q == NULL || q > frag)
        q = frag;
    memcpy(o, url, (size_t)(q - url));
    o += q - url;
    for (const char *p = q < frag ? q + 1 : frag; p < frag;) {
        size_t k = strcspn(p, "&#");
        if (!(strncmp(p, name, n) == 0 && p[n] == '=')) {
            *o++ = first ? '?' : '&';
            memcpy(o, p, k);
            o += k;
            first = 0;
        }
        p += k;
        if (*p == '&')
            p++;
    }
    if (value)
        o += snprintf(o, len - (size_t)(o - out), "%s%s=%s", first ? "?" : "&",
                      name, value);
    *o = '\0';
    return out;
}

/* -O years: "2018-2025", "2019,2021" or "2020". 0 when it is not that. */
static int parse_years(const char *text, unsigned char *want)
{
    const char *p = text;
    int any = 0;

    memset(want, 0, YEAR_MAX - YEAR_MIN + 1);
    while (*p) {
        char *end;
        long a = strtol(p, &end, 10), b = a;
        if (end == p)
            return 0;
        p = end;
        if (*p == '-') {
            b = strtol(p + 1, &end, 10);
            if (end == p + 1)
                return 0;
            p = end;
        }
        if (a < YEAR_MIN || b > YEAR_MAX || a > b)
            return 0;
        for (long y = a; y <= b; y++)
            want[y - YEAR_MIN] = 1;
        any = 1;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
    }
    return any;
}

/* ---- following a listing ------------------------------------------------ */

typedef struct walk {
    inspex_import_t *ctx;
    const char *page; /* the listing's URL */
    size_t offsite, not_web;
    const char *first_offsite;
} walk_t;

/* Follows url when it may go there; counts it when not. flags: those of
 * inspex_import_follow_ex. */
static inspex_status_t follow_one(walk_t *w, const char *url, unsigned flags,
                                  inspex_error_t *err)
{
    if (!may_follow(w->ctx, w->page, url)) {
        if (is_web(url) || strncasecmp(url, "file:", 5) == 0 ||
            !inspex_is_url(w->page)) {
            if (w->offsite++ == 0)
                w->first_offsite = url;
        } else {
            w->not_web++;
        }
        return INSPEX_OK;
    }
    return inspex_import_follow_ex(w->ctx, url, flags, err);
}

/* The same listing in the other years of -O years ("all": those its
 * year filter offers). */
static inspex_status_t follow_years(walk_t *w, const report_page_t *page,
                                    inspex_error_t *err)
{
    const char *years = inspex_import_option(w->ctx, "years");
    unsigned char want[YEAR_MAX - YEAR_MIN + 1];
    inspex_status_t st = INSPEX_OK;

    if (years == NULL || years[0] == '\0')
        return INSPEX_OK;
    if (strcmp(years, "all") == 0) {
        memset(want, 0, sizeof(want));
        for (size_t i = 0; i < page->nyears; i++)
            if (page->years[i] >= YEAR_MIN && page->years[i] <= YEAR_MAX)
                want[page->years[i] - YEAR_MIN] = 1;
    } else if (!parse_years(years, want)) {
        return INSPEX_OK; /* refused by follow_links */
    }
    for (int y = YEAR_MIN; y <= YEAR_MAX && st == INSPEX_OK; y++) {
        char value[8], *first, *url;
        if (!want[y - YEAR_MIN])
            continue;
        snprintf(value, sizeof(value), "%d", y);
        first = with_param(w->page, "paged", NULL);
        url = first ? with_param(first, "year", value) : NULL;
        st = url ? follow_one(w, url, 0, err)
                 : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        free(first);
        free(url);
    }
    return st;
}

/* The listing's other pages: its "next" and numbered links, and, on a
 * WordPress listing (paged=N or year=YYYY in its URL) with results and
 * no links to its other pages, paged=N+1, up to -O max-pages. That one
 * is a guess: WordPress answers 404 past the last page, which ends the
 * listing (INSPEX_FOLLOW_MAY_FAIL); a link the page gives must exist. */
static inspex_status_t follow_pages(walk_t *w, const report_page_t *page,
                                    inspex_error_t *err)
{
    long max = inspex_import_option_int(w->ctx, "max-pages");
    long here = page_number(w->page);
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; i < page->npages && st == INSPEX_OK; i++)
        if (page_number(page->pages[i]) <= max)
            st = follow_one(w, page->pages[i], 0, err);
    if (st == INSPEX_OK && page->npages == 0 && page->nlinks && here < max &&
        (strstr(w->page, "paged=") || strstr(w->page, "year="))) {
        char value[24];
        char *url;
        snprintf(value, sizeof(value), "%ld", here + 1);
        url = with_param(w->page, "paged", value);
        st = url ? follow_one(w, url, INSPEX_FOLLOW_MAY_FAIL, err)
                 : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        free(url);
    }
    return st;
}

static void say_skipped(walk_t *w, const report_page_t *page)
{
    if (w->offsite)
        inspex_import_warn(w->ctx, 0, 0,
                           "%zu link%s to another host or scheme not "
                           "followed (the first: %s); -O follow-hosts=HOST "
                           "follows a host's links",
                           w->offsite, w->offsite == 1 ? "" : "s",
                           w->first_offsite);
    if (w->not_web)
        inspex_import_warn(w->ctx, 0, 0,
                           "%zu link%s that %s not http or https not "
                           "followed",
                           w->not_web, w->not_web == 1 ? "" : "s",
                           w->not_web == 1 ? "is" : "are");
    if (page->nprobation)
        inspex_import_note(w->ctx, 0, 0,
                           "%zu link%s to adult probation inspections not "
                           "followed (not youth justice inspections)",
                           page->nprobation, page->nprobation == 1 ? "" : "s");
}

static inspex_status_t follow_links(inspex_import_t *ctx,
                                    const report_page_t *page, const char *name,
                                    const char *base, inspex_error_t *err)
{
    long max = inspex_import_option_int(ctx, "max-links");
    size_t n = page->nlinks;
    walk_t w = {ctx, base, 0, 0, NULL};
    inspex_status_t st = INSPEX_OK;

    const char *years = inspex_import_option(ctx, "years");
    unsigned char want[YEAR_MAX - YEAR_MIN + 1];

    if (!inspex_import_option_bool(ctx, "follow"))
        return inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0,
                                   "a listing page with %zu link%s to "
                                   "reports; give -O follow=true to import "
                                   "them",
                                   n, n == 1 ? "" : "s");
    /* a bad -O years stops the walk before it starts */
    if (years && years[0] && strcmp(years, "all") != 0 &&
        !parse_years(years, want))
        return inspex_error_set_at(err, INSPEX_ERR_USAGE, name, 0, 0,
                                   "-O years=%s: give years as 2018-2025, "
                                   "2019,2021 or all",
                                   years);
    if (max < 0)
        max = 0;
    if ((size_t)max < n) {
        inspex_import_warn(ctx, 0, 0,
                           "a listing page with %zu links to reports; "
                           "following the first %ld (-O max-links)",
                           n, max);
        n = (size_t)max;
    }
    for (size_t i = 0; i < n && st == INSPEX_OK; i++)
        st = follow_one(&w, page->links[i], 0, err);
    if (st == INSPEX_OK)
        st = follow_pages(&w, page, err);
    if (st == INSPEX_OK)
        st = follow_years(&w, page, err);
    say_skipped(&w, page);
    return st;
}

/* ---- a report ----------------------------------------------------------- */

/* The inspection holds a rating of some kind: an overall rating, a score
 * or a standard. */
static int has_ratings(const inspex_inspection_t *insp)
{
    return inspex_inspection_judgement_count(insp) > 0 ||
           inspex_inspection_get(insp, INSPEX_FIELD_OVERALL_RATING) ||
           inspex_inspection_get(insp, INSPEX_FIELD_SCORE);
}

/* Where an inspection read from a landing page or report page is handed
 * over: its sources, then what its PDF says, then the check that it has
 * ratings, then the host. Takes insp. */
static inspex_status_t emit_report(inspex_import_t *ctx,
                                   inspex_inspection_t *insp,
                                   const report_page_t *page,
                                   const inspex_response_t *resp,
                                   const char *name, inspex_error_t *err)
{
    inspex_status_t st = add_sources(insp, page, resp, name, err);

    if (st == INSPEX_OK)
        st = add_welsh_pdf(insp, page, err);
    /* A page without ratings has them in its PDF: the host fetches it and
     * merges them in before the record is written, and warns if it cannot
     * (issue 13; inspex_import_emit_merged). */
    if (st == INSPEX_OK && !has_ratings(insp) && page->pdf_url &&
        inspex_import_option_bool(ctx, "pdf") && inspex_import_merges(ctx))
        return inspex_import_emit_merged(ctx, insp, page->pdf_url, err);
    if (st == INSPEX_OK && !has_ratings(insp)) {
        const char *where = page->pdf_url
                                ? "they are probably in the report's PDF, "
                                  "which was not read: "
                                : "and the page links to no report PDF";
        if (inspex_import_option_bool(ctx, "strict"))
            st = inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0,
                                     "no ratings on the page (no overall "
                                     "rating, score or standards); %s%s "
                                     "(--strict)",
                                     where, page->pdf_url ? page->pdf_url : "");
        else
            inspex_import_warn(ctx, 0, 0,
                               "no ratings on the page (no overall rating, "
                               "score or standards); %s%s",
                               where, page->pdf_url ? page->pdf_url : "");
    }
    if (st != INSPEX_OK) {
        inspex_inspection_free(insp);
        return st;
    }
    return inspex_import_emit(ctx, insp, NULL, 0, err);
}

/* A WordPress listing's page (a later page, or a year) with no results:
 * the end of that listing, or a year without reports, not an error. */
static int listing_end(const char *url, const report_page_t *page)
{
    const char *q = strchr(url, '?');

    return page->insp == NULL &&
           (page_number(url) > 1 ||
            (q && (strstr(q, "?year=") || strstr(q, "&year="))));
}

static inspex_status_t report_import(inspex_import_t *ctx, inspex_error_t *err)
{
    inspex_reader_t *r = inspex_import_reader(ctx);
    const inspex_response_t *resp = inspex_reader_response(r);
    const char *name = inspex_import_source(ctx);
    const char *base = resp && resp->final_url ? resp->final_url : name;
    report_page_t page;
    char *html = NULL;
    size_t len = 0;
    inspex_status_t st;

    /* the library's page limit (--limit page=SIZE), as every importer */
    st = inspex_reader_read_all(r, inspex_import_limit(ctx, INSPEX_LIMIT_PAGE),
                                &html, &len, err);
    if (st != INSPEX_OK)
        return st;
    st = report_extract(html, len, base, inspex_import_frameworks(ctx), &page,
                        err);
    free(html);
    for (size_t i = 0; i < page.nwarnings; i++)
        inspex_import_warn(ctx, 0, 0, "%s", page.warnings[i]);
    if (st != INSPEX_OK) {
        /* located at the final URL; name the URL asked for */
        inspex_error_locate(err, name, 0, 0);
    } else if (page.insp && page.probation) {
        st = inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0,
                                 "\"%s\" is an adult probation inspection, "
                                 "not a youth justice one: not imported "
                                 "(inspex's frameworks are for youth "
                                 "justice)",
                                 page.title);
    } else if (page.insp) {
        inspex_inspection_t *insp = page.insp;
        page.insp = NULL;
        st = emit_report(ctx, insp, &page, resp, name, err);
    } else if (page.listing) {
        st = follow_links(ctx, &page, name, base, err);
    } else if (listing_end(base, &page)) {
        inspex_import_note(ctx, 0, 0, "no results: the end of the listing");
    } else {
        st = inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0, "%s",
                                 page.missing);
    }
    report_page_clear(&page);
    return st;
}

static const inspex_plugin_t report_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .headers = INSPEX_PLUGIN_HEADERS,
    .size = sizeof(inspex_plugin_t),
    .name = "report",
    .description = "published inspection report web pages (HMIP landing "
                   "pages, HTML reports, listings)",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_FETCH | INSPEX_CAP_THREADS,
    .options = options,
    .probe = report_probe,
    .import = report_import,
};

INSPEX_PLUGIN_DEFINE(report_plugin)
