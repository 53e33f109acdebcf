/* SPDX-License-Identifier: MIT */
/* pdf_layout.c - a page's lines, words and cells rebuilt from where its
 * characters are, not from the order or the spaces a text extractor
 * gives: extraction splits words at kerning ("Partners hips"), joins
 * them where a hyphen has no text ("Outofcourt"), and runs a table's
 * columns together. Here a line is the characters whose middles are
 * level, a word ends at a gap wider than letter spacing, and a cell at a
 * gap of several spaces. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

/* Gaps, as fractions of the line's character height. */
#define WORD_GAP 0.12f
#define CELL_GAP 1.2f
/* Middles within this fraction of a height are on one line. */
#define LEVEL 0.4f

void pdf_lines_clear(pdf_lines_t *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->lines[i].words);
    free(l->lines);
    free(l->store);
    memset(l, 0, sizeof(*l));
}

static float mid(const pdf_glyph_t *g)
{
    return (g->y0 + g->y1) / 2;
}

static float height(const pdf_glyph_t *g)
{
    return g->y1 - g->y0;
}

static int usable(const pdf_glyph_t *g)
{
    float w = g->x1 - g->x0, h = height(g);

    return isfinite(g->x0) && isfinite(g->x1) && isfinite(g->y0) &&
           isfinite(g->y1) && h > 0.5f && h < 2000 && w >= 0 && w < 2000 &&
           fabsf(g->x0) < 1e6f && fabsf(g->y0) < 1e6f && g->cp > ' ' &&
           g->cp < 0x110000;
}

static int by_mid(const void *a, const void *b)
{
    float ma = mid(*(const pdf_glyph_t *const *)a);
    float mb = mid(*(const pdf_glyph_t *const *)b);

    return ma < mb ? -1 : ma > mb;
}

static int by_x(const void *a, const void *b)
{
    const pdf_glyph_t *ga = *(const pdf_glyph_t *const *)a;
    const pdf_glyph_t *gb = *(const pdf_glyph_t *const *)b;

    return ga->x0 < gb->x0 ? -1 : ga->x0 > gb->x0;
}

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c >= 0xd800 && c < 0xe000)
        c = 0xfffd;
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* A small figure standing above the line's baseline: a footnote mark. */
static int raised(const pdf_glyph_t *g, float maxh, float base)
{
    return height(g) < 0.8f * maxh && g->y1 < base - 0.2f * maxh &&
           ((g->cp >= '0' && g->cp <= '9') || g->cp == '*' || g->cp == 0xb9 ||
            g->cp == 0xb2 || g->cp == 0xb3);
}

/* Turns the glyphs g[0..n) of one line (sorted by x) into words;
 * o points into the text store, which has room for 5 bytes a glyph. */
static int make_line(pdf_glyph_t **g, size_t n, pdf_line_t *line, char **o)
{
    float maxh = 0, base = -1e9f, y0 = 1e9f;
    size_t nw = 0;
    pdf_word_t *w;
    const pdf_glyph_t *prev = NULL;

    for (size_t i = 0; i < n; i++) {
        if (height(g[i]) > maxh)
            maxh = height(g[i]);
        if (g[i]->y1 > base)
            base = g[i]->y1;
        if (g[i]->y0 < y0)
            y0 = g[i]->y0;
    }
    w = malloc(n * sizeof(*w));
    if (w == NULL)
        return -1;
    line->words = w;
    line->y0 = y0;
    line->y1 = base;
    line->h = maxh;
    for (size_t i = 0; i < n; i++) {
        float gap;
        if (raised(g[i], maxh, base)) {
            if (nw)
                w[nw - 1].marked = 1;
            continue;
        }
        gap = prev ? g[i]->x0 - prev->x1 : 0;
        if (prev == NULL || gap > WORD_GAP * maxh) {
            if (nw)
                *(*o)++ = '\0';
            w[nw].text = *o;
            w[nw].x0 = g[i]->x0;
            w[nw].cell = nw == 0 ? 0 : w[nw - 1].cell + (gap > CELL_GAP * maxh);
            w[nw].marked = 0;
            nw++;
        }
        *o += put_utf8(*o, g[i]->cp);
        w[nw - 1].x1 = g[i]->x1;
        prev = g[i];
    }
    if (nw)
        *(*o)++ = '\0';
    line->nwords = nw;
    line->ncells = nw ? w[nw - 1].cell + 1 : 0;
    return 0;
}

int pdf_layout(const pdf_page_t *page, pdf_lines_t *out)
{
    pdf_glyph_t **g = NULL;
    size_t n = 0, start;
    char *o;

    memset(out, 0, sizeof(*out));
    if (page->nglyphs == 0)
        return 0;
    g = malloc(page->nglyphs * sizeof(*g));
    out->store = malloc(page->nglyphs * 5 + 1);
    out->lines = malloc(page->nglyphs * sizeof(*out->lines));
    if (g == NULL || out->store == NULL || out->lines == NULL)
        goto nomem;
    for (size_t i = 0; i < page->nglyphs; i++)
        if (usable(&page->glyphs[i]))
            g[n++] = &page->glyphs[i];
    qsort(g, n, sizeof(*g), by_mid);
    o = out->store;
    for (start = 0; start < n;) {
        size_t end = start + 1;
        float m = mid(g[start]), h = height(g[start]);
        /* a line runs while the next middle is level with its first */
        while (end < n && fabsf(mid(g[end]) - m) <=
                              LEVEL * (h > height(g[end]) ? h : height(g[end])))
            end++;
        qsort(g + start, end - start, sizeof(*g), by_x);
        if (make_line(g + start, end - start, &out->lines[out->n], &o) != 0)
            goto nomem;
        if (out->lines[out->n].nwords)
            out->n++;
        else
            free(out->lines[out->n].words);
        start = end;
    }
    free(g);
    return 0;
nomem:
    free(g);
    pdf_lines_clear(out);
    return -1;
}
