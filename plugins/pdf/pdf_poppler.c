/* SPDX-License-Identifier: MIT */
/* pdf_poppler.c - the pdf plugin's poppler module (pdftext.so): a
 * document's candidate pages as positioned characters, with poppler-glib.
 *
 * This is the one file of inspex that includes poppler, and it is built
 * as a module of its own, not into pdf.so: every plugin is loaded at
 * start whatever the input, and poppler with what it needs (libstdc++,
 * GLib, cairo, NSS, ...) is about 8 MB of every process's memory. So
 * pdf_text.c loads this module only when it reads a PDF, in the child
 * that reads it (or in this process with -O sandbox=false); it has one
 * entry, pdftext_extract_1 (pdf.h), and links no inspex library. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "pdf.h"

/* A page worth sending: the cover, and pages whose text may hold the
 * ratings, the fieldwork or the recommendations. */
static int candidate(int index, const char *text)
{
    static const char *const words[] = {"rating", "recommend", "fieldwork",
                                        "should", "score",     NULL};

    if (index == 0)
        return 1;
    for (size_t i = 0; text && words[i]; i++)
        if (strcasestr(text, words[i]))
            return 1;
    return 0;
}

static int page_glyphs(PopplerPage *page, const char *text, pdf_page_t *out)
{
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    size_t n = 0;
    const char *p = text;

    if (!poppler_page_get_text_layout(page, &rects, &nrects) || text == NULL)
        return 0;
    out->glyphs = malloc((nrects ? nrects : 1) * sizeof(*out->glyphs));
    if (out->glyphs == NULL) {
        g_free(rects);
        return -1;
    }
    for (guint i = 0; i < nrects && *p && n < PDF_MAX_GLYPHS; i++) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
        p = g_utf8_next_char(p);
        if (c <= ' ' || c == 0x7f || c == 0xa0)
            continue;
        out->glyphs[n].cp = c;
        out->glyphs[n].x0 = (float)rects[i].x1;
        out->glyphs[n].y0 = (float)rects[i].y1;
        out->glyphs[n].x1 = (float)rects[i].x2;
        out->glyphs[n].y1 = (float)rects[i].y2;
        n++;
    }
    out->nglyphs = n;
    g_free(rects);
    return 0;
}

static int open_error(GError *gerr, char *why, size_t whysize)
{
    if (gerr && gerr->domain == POPPLER_ERROR &&
        gerr->code == POPPLER_ERROR_ENCRYPTED)
        snprintf(why, whysize,
                 "the PDF is encrypted: inspex cannot read it without its "
                 "password");
    else
        snprintf(why, whysize, "poppler cannot open the PDF: %s",
                 gerr && gerr->message ? gerr->message : "unknown error");
    if (gerr)
        g_error_free(gerr);
    return -1;
}

int pdftext_extract_1(const char *data, size_t len, int max_pages,
                      pdf_text_t *out, char *why, size_t whysize)
{
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    int rc = 0, n;

    g_bytes_unref(bytes);
    memset(out, 0, sizeof(*out));
    if (doc == NULL)
        return open_error(gerr, why, whysize);
    n = poppler_document_get_n_pages(doc);
    out->total_pages = n;
    if (max_pages > PDF_MAX_SCAN)
        max_pages = PDF_MAX_SCAN;
    if (n > max_pages)
        n = max_pages;
    out->scanned = n;
    out->pages = calloc(n > 0 ? (size_t)n : 1, sizeof(*out->pages));
    if (out->pages == NULL)
        rc = -1;
    for (int i = 0; i < n && rc == 0; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        char *text;
        double w = 0, h = 0;
        if (page == NULL)
            continue;
        text = poppler_page_get_text(page);
        if (candidate(i, text)) {
            pdf_page_t *pg = &out->pages[out->npages];
            poppler_page_get_size(page, &w, &h);
            pg->number = i + 1;
            pg->width = (float)w;
            pg->height = (float)h;
            rc = page_glyphs(page, text, pg);
            out->npages++;
        }
        g_free(text);
        g_object_unref(page);
    }
    g_object_unref(doc);
    if (rc != 0)
        snprintf(why, whysize, "out of memory reading the PDF's text");
    return rc;
}
