/* SPDX-License-Identifier: MIT */
/* pdf.h - the pdf importer's internal header.
 *
 * Three parts, each reachable alone by the tests and the fuzz target:
 *   pdf_text.c    a document's pages as positioned characters, read in
 *                 a forked child under a time and memory budget by the
 *                 poppler module, pdf_poppler.c (pdftext.so, the only
 *                 file that includes poppler), which it loads when it
 *                 reads its first PDF;
 *   pdf_layout.c  positioned characters to lines, words and cells, by
 *                 the characters' boxes rather than poppler's word order;
 *   pdf_ratings.c the report's lines to model fields and warnings: the
 *                 ratings page, the cover, fieldwork, recommendations.
 * pdf.c holds the descriptor, the options and the import glue. */
#ifndef INSPEX_PDF_H
#define INSPEX_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <inspex/framework.h>
#include <inspex/model.h>

/* One character as poppler places it: its code point and its box, in
 * points from the page's top left corner (y grows downwards). */
typedef struct pdf_glyph {
    uint32_t cp;
    float x0, y0, x1, y1;
} pdf_glyph_t;

/* One page's characters, in poppler's order (which need not be the
 * reading order). */
typedef struct pdf_page {
    int number; /* 1-based */
    float width, height;
    pdf_glyph_t *glyphs;
    size_t nglyphs;
} pdf_page_t;

/* What the reader took from a document: the pages it looked at (the
 * cover and the pages that may hold ratings, fieldwork or
 * recommendations, among the first max_pages), and how many it has. */
typedef struct pdf_text {
    pdf_page_t *pages;
    size_t npages;
    int scanned; /* the first pages looked at */
    int total_pages;
} pdf_text_t;

/* Budgets for reading one document. */
typedef struct pdf_limits {
    int max_pages;      /* pages looked at, from the first */
    long timeout_ms;    /* wall time for the whole document */
    long max_memory_mb; /* address space of the reading child */
    int sandbox;        /* 1: read in a forked child; 0: in this process */
} pdf_limits_t;

/* Glyphs on one page at most, and pages looked at at most: what a
 * child may send back, whatever it says. */
#define PDF_MAX_GLYPHS 200000
#define PDF_MAX_SCAN 200

/* Reads len bytes of PDF: checks that they are one (the %PDF- header,
 * an end-of-file marker), opens them with poppler and extracts the
 * candidate pages. Returns 0 with *out filled (clear it with
 * pdf_text_clear), or -1 with a sentence in why ("the PDF is encrypted:
 * inspex cannot read it without its password"). */
int pdf_text_read(const char *data, size_t len, const pdf_limits_t *lim,
                  pdf_text_t *out, char *why, size_t whysize);
void pdf_text_clear(pdf_text_t *t);

/* ---- the poppler module ------------------------------------------------- */

/* pdftext.so, installed in pdf/ beside pdf.so (in the build tree, in
 * plugins/pdf/pdftext/.libs), is what links poppler; pdf_text_read
 * loads it only to read a PDF, so a process that reads none never maps
 * poppler. Its one entry, named with the number of this interface:
 * reads len bytes of PDF and extracts its candidate pages among the
 * first max_pages (at most PDF_MAX_SCAN). Returns 0 with *out filled, or
 * -1 with a sentence in why; either way *out may hold pages, and the
 * caller clears it with pdf_text_clear. */
#define PDFTEXT_MODULE "pdftext.so"
#define PDFTEXT_ENTRY "pdftext_extract_1"
typedef int pdftext_extract_fn(const char *data, size_t len, int max_pages,
                               pdf_text_t *out, char *why, size_t whysize);
pdftext_extract_fn pdftext_extract_1;

/* ---- layout ------------------------------------------------------------- */

typedef struct pdf_word {
    char *text; /* UTF-8, owned by the line set */
    float x0, x1;
    int cell;   /* 0 for the line's first cell; +1 after each wide gap */
    int marked; /* a footnote mark (a raised small figure) followed it */
} pdf_word_t;

typedef struct pdf_line {
    pdf_word_t *words;
    size_t nwords;
    float y0, y1; /* the line's box, top and bottom */
    float h;      /* the height of its largest characters */
    int ncells;
} pdf_line_t;

typedef struct pdf_lines {
    pdf_line_t *lines; /* top to bottom */
    size_t n;
    char *store; /* the words' text */
} pdf_lines_t;

/* Rebuilds the lines of a page from its characters' boxes: characters
 * whose middles are level make a line; a gap wider than a letter's
 * spacing starts a word, a gap of several spaces a cell; small raised
 * figures are footnote marks, not text. Returns 0, or -1 when out of
 * memory. Clear with pdf_lines_clear. */
int pdf_layout(const pdf_page_t *page, pdf_lines_t *out);
void pdf_lines_clear(pdf_lines_t *l);

/* ---- the report --------------------------------------------------------- */

typedef struct pdf_report {
    inspex_inspection_t *insp; /* owned; NULL when nothing was read */
    char *title;               /* the report's title from the cover */
    int ratings_page;          /* 1-based; 0 when none was found */
    char **warnings;           /* "page 5: ..." */
    size_t nwarnings;
} pdf_report_t;

/* Reads a report's pages (as pdf_text_read gives them; scanned is how
 * many of the document's first pages they were taken from and total its
 * page count, for messages). fw (may be NULL) names the
 * standards, so that titles are matched and codes checked. Returns
 * INSPEX_OK with *out filled, INSPEX_ERR_INVALID when nothing on the
 * pages is a report's, or INSPEX_ERR_NOMEM. Clear *out with
 * pdf_report_clear whatever the result. */
inspex_status_t pdf_report_read(const pdf_page_t *pages, size_t npages,
                                int scanned, int total,
                                const inspex_frameworks_t *fw,
                                pdf_report_t *out, inspex_error_t *err);
void pdf_report_clear(pdf_report_t *r);

#endif
