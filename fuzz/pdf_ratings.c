/* SPDX-License-Identifier: MIT */
/* pdf_ratings.c - libFuzzer target over the pdf importer's layout and
 * ratings-page reader, fed positioned text as poppler would give it (so
 * it fuzzes inspex's code, not poppler's). The input is lines of
 *
 *   PAGE X Y SIZE TEXT
 *
 * each putting TEXT's characters on page PAGE from X along the baseline
 * Y, SIZE points high (a space only moves on). Whatever the lines, the
 * reader must not crash, leak or hang; it succeeds with an inspection
 * whose every judgement has a rating, or fails with a message; every
 * warning names a page or says which pages it looked at. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/inspex.h>

#include "pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAGES 4

static inspex_frameworks_t *frameworks(void)
{
    static inspex_frameworks_t *fw;

    if (fw == NULL) {
        fw = inspex_frameworks_new();
        inspex_frameworks_load_dir(fw, INSPEX_SRCDIR "/frameworks", 1, NULL);
    }
    return fw;
}

static long number(const char **p, const char *end)
{
    long v = 0;
    int neg = 0;

    while (*p < end && **p == ' ')
        (*p)++;
    if (*p < end && **p == '-') {
        neg = 1;
        (*p)++;
    }
    while (*p < end && **p >= '0' && **p <= '9' && v < 100000)
        v = v * 10 + (*(*p)++ - '0');
    return neg ? -v : v;
}

static void put_line(pdf_page_t *pages, const char *s, const char *end)
{
    long pg = number(&s, end), x = number(&s, end), y = number(&s, end);
    long size = number(&s, end);
    pdf_page_t *p;

    if (s < end && *s == ' ')
        s++;
    if (pg < 0 || pg >= PAGES)
        return;
    p = &pages[pg];
    for (; s < end; s++, x += size / 2 + 1) {
        pdf_glyph_t *g, *ng;
        if (*s == ' ')
            continue;
        if (p->nglyphs >= 20000)
            return;
        ng = realloc(p->glyphs, (p->nglyphs + 1) * sizeof(*ng));
        if (ng == NULL)
            return;
        p->glyphs = ng;
        g = &p->glyphs[p->nglyphs++];
        g->cp = (unsigned char)*s;
        g->x0 = (float)x;
        g->x1 = (float)(x + size / 2);
        g->y0 = (float)(y - size);
        g->y1 = (float)y + (float)size / 4;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pdf_page_t pages[PAGES];
    const char *s = (const char *)data, *end = s + size;
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();
    inspex_status_t st;

    memset(pages, 0, sizeof(pages));
    for (int i = 0; i < PAGES; i++)
        pages[i].number = i + 1;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        put_line(pages, s, nl ? nl : end);
        s = nl ? nl + 1 : end;
    }
    st = pdf_report_read(pages, PAGES, PAGES, PAGES, frameworks(), &rep, err);
    if (st == INSPEX_OK) {
        size_t n = inspex_inspection_judgement_count(rep.insp);
        for (size_t i = 0; i < n; i++)
            if (inspex_judgement_rating(
                    inspex_inspection_judgement(rep.insp, i)) == NULL)
                abort();
        for (size_t i = 0; i < rep.nwarnings; i++)
            if (strncmp(rep.warnings[i], "page ", 5) != 0 &&
                strncmp(rep.warnings[i], "no ratings page", 15) != 0)
                abort();
    } else if (inspex_error_message(err)[0] == '\0') {
        abort();
    }
    pdf_report_clear(&rep);
    for (int i = 0; i < PAGES; i++)
        free(pages[i].glyphs);
    inspex_error_free(err);
    return 0;
}
