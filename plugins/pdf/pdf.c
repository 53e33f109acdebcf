/* SPDX-License-Identifier: MIT */
/* pdf.c - the "pdf" importer: one inspection from an HMIP report PDF
 * (its ratings page, cover, fieldwork and recommendations), with the PDF
 * as its source. The text is taken by pdf_text.c (poppler, loaded from
 * the module pdftext.so in a child under budgets) and read by
 * pdf_ratings.c; this file holds the descriptor, the options and the
 * glue. The module links poppler-glib, which is GPL-licensed: so is this
 * plugin, which loads it, when it is built. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/buf.h>
#include <inspex/inspex.h>
#include <inspex/plugin.h>

#include "pdf.h"

/* The most bytes of PDF read (the fetcher has its own cap). */

static const char *const extensions[] = {"pdf", NULL};
static const char *const media_types[] = {"application/pdf", NULL};

static const inspex_option_t options[] = {
    {"max-pages", INSPEX_OPT_INT, "30",
     "pages looked at for the ratings page, from the first", NULL,
     INSPEX_OPT_IMPORT},
    {"timeout", INSPEX_OPT_INT, "20", "seconds one document may take to read",
     NULL, INSPEX_OPT_IMPORT},
    {"max-memory", INSPEX_OPT_INT, "512",
     "MiB of memory one document may take to read", NULL, INSPEX_OPT_IMPORT},
    {"sandbox", INSPEX_OPT_BOOL, "true",
     "read each document in a child process under the budgets above", NULL,
     INSPEX_OPT_IMPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static int pdf_probe(const unsigned char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024;

    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return i == 0 ? 100 : 80;
    return 0;
}

static inspex_status_t set_attr(inspex_item_t *it, inspex_attr_t a,
                                const char *v, inspex_error_t *err)
{
    return v && v[0] ? inspex_item_set(it, a, v, 0, err) : INSPEX_OK;
}

/* The PDF as the inspection's source, with what the fetch said of it. */
static inspex_status_t add_source(inspex_inspection_t *insp, const char *title,
                                  const inspex_response_t *resp,
                                  const char *name, inspex_error_t *err)
{
    inspex_item_t *it = inspex_inspection_add_item(insp, INSPEX_ITEM_SOURCE);
    char status[24] = "";
    inspex_status_t st;

    if (it == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (resp && resp->status > 0)
        snprintf(status, sizeof(status), "%ld", resp->status);
    st = set_attr(it, INSPEX_ATTR_URL, resp ? resp->url : name, err);
    if (st == INSPEX_OK && resp && resp->final_url &&
        strcmp(resp->final_url, resp->url) != 0)
        st = set_attr(it, INSPEX_ATTR_FINAL_URL, resp->final_url, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_TITLE, title, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_RETRIEVED_AT, resp->retrieved_at, err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_MEDIA_TYPE, "application/pdf", err);
    if (st == INSPEX_OK)
        st = set_attr(it, INSPEX_ATTR_HTTP_STATUS, status, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_ETAG, resp->etag, err);
    if (st == INSPEX_OK && resp)
        st = set_attr(it, INSPEX_ATTR_LAST_MODIFIED, resp->last_modified, err);
    return st;
}

static void limits(const inspex_import_t *ctx, pdf_limits_t *lim)
{
    long v;

    v = inspex_import_option_int(ctx, "max-pages");
    lim->max_pages = v < 1 ? 1 : v > PDF_MAX_SCAN ? PDF_MAX_SCAN : (int)v;
    v = inspex_import_option_int(ctx, "timeout");
    lim->timeout_ms = (v < 1 ? 1 : v > 3600 ? 3600 : v) * 1000;
    v = inspex_import_option_int(ctx, "max-memory");
    lim->max_memory_mb = v < 16 ? 16 : v > 65536 ? 65536 : v;
    lim->sandbox = inspex_import_option_bool(ctx, "sandbox");
}

static inspex_status_t pdf_import(inspex_import_t *ctx, inspex_error_t *err)
{
    inspex_reader_t *r = inspex_import_reader(ctx);
    const inspex_response_t *resp = inspex_reader_response(r);
    const char *name = inspex_import_source(ctx);
    pdf_limits_t lim;
    pdf_text_t text;
    pdf_report_t rep;
    char *data = NULL, why[512];
    size_t len = 0;
    inspex_status_t st;

    limits(ctx, &lim);
    /* the document whole, within the library's page limit (--limit
     * page=SIZE), as every importer that reads its input whole */
    st = inspex_reader_read_all(r, inspex_import_limit(ctx, INSPEX_LIMIT_PAGE),
                                &data, &len, err);
    if (st != INSPEX_OK)
        return st;
    if (pdf_text_read(data, len, &lim, &text, why, sizeof(why)) != 0) {
        free(data);
        /* under --keep-going the next input is read; the PDF itself is
         * not copied into the rejects file (it stays where it was) */
        inspex_error_set_at(err, INSPEX_ERR_INVALID, name, 0, 0, "%s", why);
        return inspex_import_reject(ctx, NULL, 0, err);
    }
    free(data);
    st = pdf_report_read(text.pages, text.npages, text.scanned,
                         text.total_pages, inspex_import_frameworks(ctx), &rep,
                         err);
    pdf_text_clear(&text);
    for (size_t i = 0; i < rep.nwarnings; i++)
        inspex_import_warn(ctx, 0, 0, "%s", rep.warnings[i]);
    if (st == INSPEX_OK && rep.ratings_page)
        inspex_import_note(ctx, 0, 0, "the ratings page is page %d",
                           rep.ratings_page);
    if (st == INSPEX_OK)
        st = add_source(rep.insp, rep.title, resp, name, err);
    if (st == INSPEX_OK) {
        inspex_inspection_t *insp = rep.insp;
        rep.insp = NULL;
        st = inspex_import_emit(ctx, insp, NULL, 0, err);
    } else if (inspex_error_source(err)[0] == '\0') {
        inspex_error_locate(err, name, 0, 0);
    }
    pdf_report_clear(&rep);
    return st;
}

static const inspex_plugin_t pdf_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .headers = INSPEX_PLUGIN_HEADERS,
    .size = sizeof(inspex_plugin_t),
    .name = "pdf",
    .description = "HMIP inspection report PDFs: the ratings page, cover, "
                   "fieldwork and recommendations (links GPL poppler)",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_THREADS,
    .options = options,
    .probe = pdf_probe,
    .import = pdf_import,
};

INSPEX_PLUGIN_DEFINE(pdf_plugin)
