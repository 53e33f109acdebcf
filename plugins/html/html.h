/* SPDX-License-Identifier: MIT */
/*
 * html.h - what the html plugin's files share (internal, not installed).
 *
 * html.c          the descriptor and the option table
 * html_write.c    the exporter: holds every inspection, then writes the
 *                 page (summary chart, grid, one section an inspection)
 * html_explain.c  the score of an inspection, published against
 *                 computed, with each disagreement explained from its
 *                 framework (also compiled into the markdown plugin)
 * html_style.c    the page's inline style sheet and sort script
 */
#ifndef INSPEX_PLUGIN_HTML_H
#define INSPEX_PLUGIN_HTML_H

#include <stddef.h>

#include <inspex/buf.h>
#include <inspex/framework.h>
#include <inspex/plugin.h>

/* ---- the score, explained (html_explain.c) ------------------------------ */

/* What the comparison of published and computed found. */
typedef enum html_verdict {
    HTML_AGREE,    /* published and computed agree */
    HTML_DISAGREE, /* they differ: a disagreement */
    HTML_UNCHECKED /* one side is missing: nothing to compare */
} html_verdict_t;

/* One finding of the comparison: its verdict and a sentence. */
typedef struct html_point {
    html_verdict_t verdict;
    char text[512];
} html_point_t;

#define HTML_MAX_POINTS 8

typedef struct html_score {
    const inspex_framework_t *fw; /* NULL when not known */
    html_point_t point[HTML_MAX_POINTS];
    size_t npoints;
    int disagreements; /* points with HTML_DISAGREE */
} html_score_t;

/* Compares insp's published score and overall rating with the computed
 * ones under its framework (found in set, which may be NULL) and says
 * why they differ or why one is missing. */
void html__explain(const inspex_frameworks_t *set,
                   const inspex_inspection_t *insp, html_score_t *out);

/* How the page (and the markdown) names insp, as messages do
 * (inspex_inspection_label): its body's name, else its local
 * authority, else "line N of SOURCE" where it was read, else "unnamed
 * inspection". Returns the label or buf (size bytes, filled). */
const char *html__name(const inspex_inspection_t *insp, char *buf, size_t size);

/* The place of a rating on fw's scale as a colour tier: 1 (best) to 4
 * (worst), 0 when the rating is not on a scale with places. */
int html__tier(const inspex_framework_t *fw, const char *rating);

/* Orders standard codes (for qsort over const char *): digits as
 * numbers ("2.10" after "2.9"), the rest as text. */
int html__code_cmp(const void *a, const void *b);

/* ---- writing (html_write.c, html_style.c) ------------------------------- */

/* The inline style sheet and the sort script (no external resources). */
extern const char html__css[];
extern const char html__script[];

/* Appends s with & < > " ' escaped, and control characters (other than
 * tab and line ends) as U+FFFD; 0 or INSPEX_BUF_NOMEM. */
int html__escape(inspex_buf_t *b, const char *s);

inspex_status_t html__begin(inspex_export_t *ctx, void **state,
                            inspex_error_t *err);
inspex_status_t html__record(inspex_export_t *ctx, void *state,
                             const inspex_inspection_t *insp,
                             inspex_error_t *err);
inspex_status_t html__end(inspex_export_t *ctx, void *state,
                          inspex_error_t *err);
void html__free(void *state);

#endif
