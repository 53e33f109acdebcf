/* report.c - the "report" importer: one inspection per published report
 * web page, with where it came from. The page is read by extract.c; this
 * file adds the sources (the page and its PDF), follows the links of a
 * listing page when asked, and turns a page it cannot read into an error
 * naming the URL and what was missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <inspex/inspex.h>
#include <inspex/plugin.h>

#include "extract.h"

#define PAGE_MAX ((size_t)64 * 1024 * 1024)

static const char *const extensions[] = {"html", "htm", NULL};
static const char *const media_types[] = {"text/html", "application/xhtml+xml",
                                          NULL};

static const inspex_option_t options[] = {
    {"follow", INSPEX_OPT_BOOL, "false",
     "on a listing page, fetch and import the reports it links to", NULL,
     INSPEX_OPT_IMPORT},
    {"max-pages", INSPEX_OPT_INT, "50",
     "the most links followed from one listing page", NULL, INSPEX_OPT_IMPORT},
    {"pdf", INSPEX_OPT_BOOL, "true",
     "fetch a landing page's report PDF and merge its ratings (inspex fetch)",
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

static inspex_status_t read_all(inspex_reader_t *r, char **out, size_t *len,
                                inspex_error_t *err)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    inspex_status_t st;

    if (buf == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (;;) {
        if (cap - n < 16384) {
            char *nb;
            if (cap >= PAGE_MAX) {
                free(buf);
                return inspex_error_set_at(err, INSPEX_ERR_INVALID,
                                           inspex_reader_name(r), 0, 0,
                                           "page is larger than %zu MiB",
                                           PAGE_MAX >> 20);
            }
            nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        st = inspex_reader_read(r, buf + n, cap - n - 1, &got, err);
        if (st != INSPEX_OK) {
            free(buf);
            return st;
        }
        if (got == 0)
            break;
        n += got;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return INSPEX_OK;
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

static inspex_status_t follow_links(inspex_import_t *ctx,
                                    const report_page_t *page, const char *name,
                                    inspex_error_t *err)
{
    long max = inspex_import_option_int(ctx, "max-pages");
    size_t n = page->nlinks;

    if (!inspex_import_option_bool(ctx, "follow"))
        return inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0,
                                   "a listing page with %zu link%s to "
                                   "reports; give -O follow=true to import "
                                   "them",
                                   n, n == 1 ? "" : "s");
    if (max < 0)
        max = 0;
    if ((size_t)max < n) {
        inspex_import_warn(ctx, 0, 0,
                           "a listing page with %zu links to reports; "
                           "following the first %ld (-O max-pages)",
                           n, max);
        n = (size_t)max;
    }
    for (size_t i = 0; i < n; i++) {
        inspex_status_t st = inspex_import_follow(ctx, page->links[i], err);
        if (st != INSPEX_OK)
            return st;
    }
    return INSPEX_OK;
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

    st = read_all(r, &html, &len, err);
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
    } else if (page.insp) {
        inspex_inspection_t *insp = page.insp;
        page.insp = NULL;
        st = add_sources(insp, &page, resp, name, err);
        /* a page without ratings has them in its PDF (issue 13) */
        if (st == INSPEX_OK && page.pdf_url &&
            inspex_import_option_bool(ctx, "pdf") &&
            inspex_inspection_judgement_count(insp) == 0)
            st = inspex_import_emit_merged(ctx, insp, page.pdf_url, err);
        else if (st == INSPEX_OK)
            st = inspex_import_emit(ctx, insp, NULL, 0, err);
        else
            inspex_inspection_free(insp);
    } else if (page.nlinks) {
        st = follow_links(ctx, &page, name, err);
    } else {
        st = inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0, "%s",
                                 page.missing);
    }
    report_page_clear(&page);
    return st;
}

static const inspex_plugin_t report_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = "report",
    .description = "published inspection report web pages (HMIP landing "
                   "pages, HTML reports, listings)",
    .version = "1.0",
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_FETCH,
    .options = options,
    .probe = report_probe,
    .import = report_import,
};

INSPEX_PLUGIN_DEFINE(report_plugin)
