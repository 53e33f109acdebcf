/* SPDX-License-Identifier: MIT */
/*
 * html_write.c - the html plugin's writer. Every inspection is copied as
 * it comes (with the framework checks' problems, inspex_export_check);
 * at the end the page is written: a summary of overall ratings (a small
 * SVG chart and its table), a sortable grid of services by standards,
 * and a section for each inspection with its published and computed
 * score, every disagreement explained (html_explain.c), its standards,
 * recommendations, findings, improvement-plan actions with their RAG
 * status, sources and extra values. Every text from the data is escaped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

typedef struct problem {
    int error;
    char *check;
    char *message;
} problem_t;

typedef struct rec {
    inspex_inspection_t *insp;
    problem_t *p;
    size_t np;
    int oom;
} rec_t;

typedef struct hstate {
    rec_t *recs;
    size_t n, cap;
    inspex_buf_t b;
    const inspex_frameworks_t *set;
    int oom;
} hstate_t;

/* ---- text --------------------------------------------------------------- */

int html__escape(inspex_buf_t *b, const char *s)
{
    int rc = 0;

    for (const char *run = s; s && rc == 0; s++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': rep = ""; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "\xEF\xBF\xBD";
        }
        if (rep == NULL)
            continue;
        rc = inspex_buf_add(b, run, (size_t)(s - run));
        if (rc == 0)
            rc = inspex_buf_adds(b, rep);
        run = s + 1;
        if (c == '\0')
            break;
    }
    return rc;
}

static void add(hstate_t *s, const char *t)
{
    if (inspex_buf_adds(&s->b, t) != 0)
        s->oom = 1;
}

static void esc(hstate_t *s, const char *t)
{
    if (html__escape(&s->b, t ? t : "") != 0)
        s->oom = 1;
}

static void addf(hstate_t *s, const char *fmt, ...) INSPEX_PRINTF(2, 3);

static void addf(hstate_t *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (inspex_buf_vaddf(&s->b, fmt, ap) != 0)
        s->oom = 1;
    va_end(ap);
}

static const char *get(const inspex_inspection_t *insp, inspex_field_t f)
{
    return inspex_inspection_get(insp, f);
}

/* ---- collecting --------------------------------------------------------- */

static void free_rec(rec_t *r)
{
    for (size_t i = 0; i < r->np; i++) {
        free(r->p[i].check);
        free(r->p[i].message);
    }
    free(r->p);
    inspex_inspection_free(r->insp);
}

void html__free(void *state)
{
    hstate_t *s = state;

    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free_rec(&s->recs[i]);
    free(s->recs);
    inspex_buf_free(&s->b);
    free(s);
}

inspex_status_t html__begin(inspex_export_t *ctx, void **state,
                            inspex_error_t *err)
{
    hstate_t *s = calloc(1, sizeof(*s));

    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    (void)ctx; /* the host names its frameworks after begin */
    *state = s;
    return INSPEX_OK;
}

static char *dup(const char *t)
{
    size_t n = strlen(t) + 1;
    char *p = malloc(n);

    if (p)
        memcpy(p, t, n);
    return p;
}

static void keep_problem(void *ud, const inspex_problem_t *p)
{
    rec_t *r = ud;
    problem_t *grown = realloc(r->p, (r->np + 1) * sizeof(*grown));

    if (grown == NULL) {
        r->oom = 1;
        return;
    }
    r->p = grown;
    grown[r->np].error = p->severity == INSPEX_ERROR;
    grown[r->np].check = dup(p->check);
    grown[r->np].message = dup(p->message);
    if (grown[r->np].check == NULL || grown[r->np].message == NULL)
        r->oom = 1;
    r->np++;
}

inspex_status_t html__record(inspex_export_t *ctx, void *state,
                             const inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    hstate_t *s = state;
    rec_t *r;

    s->set = inspex_export_frameworks(ctx);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        rec_t *grown = realloc(s->recs, cap * sizeof(*grown));
        if (grown == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        s->recs = grown;
        s->cap = cap;
    }
    r = &s->recs[s->n];
    memset(r, 0, sizeof(*r));
    if ((r->insp = inspex_inspection_clone(insp)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->n++;
    if (inspex_export_check(ctx, insp, keep_problem, r) < 0 || r->oom)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

/* ---- pieces ------------------------------------------------------------- */

static const inspex_framework_t *fw_of(const hstate_t *s,
                                       const inspex_inspection_t *insp)
{
    const char *id = get(insp, INSPEX_FIELD_FRAMEWORK);

    return id && s->set ? inspex_frameworks_find(s->set, id) : NULL;
}

/* A table cell holding a rating word, coloured by its tier; sorted by
 * the tier (a word off the scale after the worst; unrated, an empty
 * key, last whichever way: html__script). */
static void rating_cell(hstate_t *s, const inspex_framework_t *fw,
                        const char *rating)
{
    int tier = html__tier(fw, rating);

    if (rating == NULL) {
        add(s, "<td class=\"r none\" data-sort=\"\">\xE2\x80\x94</td>");
        return;
    }
    addf(s, "<td class=\"r t%d\" data-sort=\"%d\">", tier, tier ? tier : 5);
    esc(s, rating);
    add(s, "</td>");
}

static int rag_tier(const char *rag)
{
    static const char *const order[] = {"Complete", "Good progress",
                                        "Some progress", "No improvement"};

    for (int i = 0; rag && i < 4; i++)
        if (strcmp(rag, order[i]) == 0)
            return i + 1;
    return 0;
}

/* Every standard code judged in the dataset, sorted; borrowed strings. */
static const char **all_codes(const hstate_t *s, size_t *count)
{
    size_t n = 0, cap = 0;
    const char **codes = NULL;

    for (size_t i = 0; i < s->n; i++) {
        const inspex_inspection_t *insp = s->recs[i].insp;
        for (size_t k = 0; k < inspex_inspection_judgement_count(insp); k++) {
            const char *c = inspex_judgement_code(
                inspex_inspection_judgement(insp, k));
            size_t m;
            for (m = 0; m < n && strcmp(codes[m], c) != 0; m++)
                ;
            if (m < n)
                continue;
            if (n == cap) {
                const char **grown;
                cap = cap ? cap * 2 : 32;
                grown = realloc(codes, cap * sizeof(*grown));
                if (grown == NULL) {
                    free(codes);
                    return NULL;
                }
                codes = grown;
            }
            codes[n++] = c;
        }
    }
    if (n)
        qsort(codes, n, sizeof(*codes), html__code_cmp);
    *count = n;
    return codes ? codes : calloc(1, sizeof(*codes));
}

/* A standard's title for a column: the first judgement's, else a
 * framework's. */
static const char *code_title(const hstate_t *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++) {
        const inspex_judgement_t *j =
            inspex_inspection_find_judgement(s->recs[i].insp, code);
        const inspex_framework_t *fw = fw_of(s, s->recs[i].insp);
        const char *c, *t, *d;
        int counted, k;
        if (j && inspex_judgement_title(j))
            return inspex_judgement_title(j);
        if (fw && (k = inspex_framework_find_standard(fw, code)) >= 0 &&
            inspex_framework_standard(fw, (size_t)k, &c, &t, &d, &counted))
            return t;
    }
    return NULL;
}

/* The inspection's name (html__name) escaped. */
static void esc_name(hstate_t *s, const inspex_inspection_t *insp)
{
    char buf[1100];

    esc(s, html__name(insp, buf, sizeof(buf)));
}

/* ---- the summary -------------------------------------------------------- */

typedef struct tally {
    const char *label; /* NULL: no overall rating */
    int tier;
    unsigned long count;
} tally_t;

static int tally_cmp(const void *a, const void *b)
{
    const tally_t *x = a, *y = b;
    int tx = x->label ? (x->tier ? x->tier : 5) : 6;
    int ty = y->label ? (y->tier ? y->tier : 5) : 6;

    return tx - ty;
}

static void summary(hstate_t *s)
{
    tally_t t[64];
    size_t nt = 0;
    unsigned long most = 1;

    for (size_t i = 0; i < s->n; i++) {
        const char *o = get(s->recs[i].insp, INSPEX_FIELD_OVERALL_RATING);
        size_t k;
        for (k = 0; k < nt && !(t[k].label == o ||
                                (o && t[k].label && !strcmp(o, t[k].label)));
             k++)
            ;
        if (k == nt) {
            if (nt == sizeof(t) / sizeof(t[0]))
                continue; /* more words than any scale has: left out */
            t[nt].label = o;
            t[nt].tier = html__tier(fw_of(s, s->recs[i].insp), o);
            t[nt].count = 0;
            nt++;
        }
        if (t[k].tier == 0)
            t[k].tier = html__tier(fw_of(s, s->recs[i].insp), o);
        if (++t[k].count > most)
            most = t[k].count;
    }
    /* stable enough: a tally's place only moves by its tier */
    for (size_t i = 1; i < nt; i++)
        for (size_t k = i; k > 0 && tally_cmp(&t[k - 1], &t[k]) > 0; k--) {
            tally_t tmp = t[k];
            t[k] = t[k - 1];
            t[k - 1] = tmp;
        }
    add(s, "<section id=\"summary\">\n<h2>Overall ratings</h2>\n");
    addf(s,
         "<svg class=\"chart\" role=\"img\" aria-labelledby=\"chart-title\" "
         "width=\"520\" height=\"%zu\" viewBox=\"0 0 520 %zu\">\n"
         "<title id=\"chart-title\">Inspections by overall rating</title>\n",
         nt * 26 + 4, nt * 26 + 4);
    for (size_t i = 0; i < nt; i++) {
        unsigned long w = t[i].count * 260 / most;
        addf(s, "<text x=\"0\" y=\"%zu\">", i * 26 + 18);
        esc(s, t[i].label ? t[i].label : "No overall rating");
        addf(s,
             "</text>\n<rect class=\"t%d\" x=\"200\" y=\"%zu\" width=\"%lu\" "
             "height=\"20\" stroke=\"#1a1a1a\"/>\n"
             "<text x=\"%lu\" y=\"%zu\">%lu</text>\n",
             t[i].label ? t[i].tier : 0, i * 26 + 4, w ? w : 1, 208 + w,
             i * 26 + 18, t[i].count);
    }
    add(s, "</svg>\n<table class=\"counts\">\n<thead><tr><th scope=\"col\">"
           "Overall rating</th><th scope=\"col\">Inspections</th></tr>"
           "</thead>\n<tbody>\n");
    for (size_t i = 0; i < nt; i++) {
        add(s, "<tr>");
        if (t[i].label) {
            addf(s, "<td class=\"t%d\">", t[i].tier);
            esc(s, t[i].label);
            add(s, "</td>");
        } else {
            add(s, "<td class=\"none\">No overall rating</td>");
        }
        addf(s, "<td class=\"num\">%lu</td></tr>\n", t[i].count);
    }
    add(s, "</tbody>\n</table>\n</section>\n");
}

/* ---- the grid ----------------------------------------------------------- */

static void grid(hstate_t *s, const char **codes, size_t ncodes)
{
    add(s, "<section id=\"grid\">\n<h2>Ratings by standard</h2>\n"
           "<p class=\"muted\">One row an inspection; each cell holds the "
           "rating word. Select a column's heading to sort by it.</p>\n"
           "<div class=\"grid-wrap\">\n<table class=\"grid sortable\">\n"
           "<thead><tr><th scope=\"col\">Service</th>"
           "<th scope=\"col\">Published</th><th scope=\"col\">Framework</th>"
           "<th scope=\"col\">Overall</th><th scope=\"col\">Score</th>"
           "<th scope=\"col\">Computed</th>");
    for (size_t c = 0; c < ncodes; c++) {
        const char *title = code_title(s, codes[c]);
        add(s, "<th scope=\"col\">");
        esc(s, codes[c]);
        if (title) {
            add(s, "<span class=\"t\">");
            esc(s, title);
            add(s, "</span>");
        }
        add(s, "</th>");
    }
    add(s, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < s->n; i++) {
        const inspex_inspection_t *insp = s->recs[i].insp;
        const inspex_framework_t *fw = fw_of(s, insp);
        const char *pub = get(insp, INSPEX_FIELD_PUBLISHED);
        const char *score = get(insp, INSPEX_FIELD_SCORE);
        const char *comp = get(insp, INSPEX_FIELD_COMPUTED_SCORE);
        html_score_t sc;

        html__explain(s->set, insp, &sc);
        addf(s, "<tr><th scope=\"row\"><a href=\"#inspection-%zu\">", i + 1);
        esc_name(s, insp);
        add(s, "</a></th><td data-sort=\"");
        esc(s, pub ? pub : "");
        add(s, "\">");
        esc(s, pub ? pub : "\xE2\x80\x94");
        add(s, "</td><td>");
        esc(s, get(insp, INSPEX_FIELD_FRAMEWORK));
        add(s, "</td>");
        rating_cell(s, fw, get(insp, INSPEX_FIELD_OVERALL_RATING));
        addf(s, "<td class=\"num\" data-sort=\"%s\">%s</td>",
             score ? score : "", score ? score : "\xE2\x80\x94");
        if (sc.disagreements)
            addf(s,
                 "<td class=\"num disagree\" data-sort=\"%s\">%s "
                 "<a href=\"#score-%zu\">differs</a></td>",
                 comp ? comp : "", comp ? comp : "\xE2\x80\x94", i + 1);
        else
            addf(s, "<td class=\"num\" data-sort=\"%s\">%s</td>",
                 comp ? comp : "", comp ? comp : "\xE2\x80\x94");
        for (size_t c = 0; c < ncodes; c++) {
            const inspex_judgement_t *j =
                inspex_inspection_find_judgement(insp, codes[c]);
            rating_cell(s, fw, j ? inspex_judgement_rating(j) : NULL);
        }
        add(s, "</tr>\n");
    }
    add(s, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* ---- one inspection ----------------------------------------------------- */

static void meta(hstate_t *s, const char *term, const char *value)
{
    if (value == NULL)
        return;
    add(s, "<dt>");
    esc(s, term);
    add(s, "</dt><dd>");
    esc(s, value);
    add(s, "</dd>\n");
}

static void meta_block(hstate_t *s, const inspex_inspection_t *insp,
                       const inspex_framework_t *fw)
{
    const char *start = get(insp, INSPEX_FIELD_FIELDWORK_START);
    const char *end = get(insp, INSPEX_FIELD_FIELDWORK_END);
    const char *id = get(insp, INSPEX_FIELD_FRAMEWORK);

    add(s, "<dl class=\"meta\">\n");
    meta(s, "Local authority", get(insp, INSPEX_FIELD_LOCAL_AUTHORITY));
    meta(s, "Region", get(insp, INSPEX_FIELD_REGION));
    meta(s, "Nation", get(insp, INSPEX_FIELD_NATION));
    meta(s, "Body code", get(insp, INSPEX_FIELD_BODY_CODE));
    meta(s, "Inspectorate", get(insp, INSPEX_FIELD_INSPECTORATE));
    if (fw) {
        char range[64];
        inspex_framework_in_force_text(fw, range, sizeof(range));
        add(s, "<dt>Rated under</dt><dd>");
        esc(s, inspex_framework_title(fw));
        add(s, " (");
        esc(s, id);
        add(s, ", in force ");
        esc(s, range);
        add(s, ")</dd>\n");
    } else {
        meta(s, "Rated under", id ? id : "not known");
    }
    meta(s, "Inspection type", get(insp, INSPEX_FIELD_INSPECTION_TYPE));
    if (start || end) {
        add(s, "<dt>Fieldwork</dt><dd>");
        esc(s, start ? start : "?");
        if (end) {
            add(s, " to ");
            esc(s, end);
        }
        add(s, "</dd>\n");
    }
    meta(s, "Published", get(insp, INSPEX_FIELD_PUBLISHED));
    meta(s, "Id", get(insp, INSPEX_FIELD_ID));
    add(s, "</dl>\n");
}

static const char *const verdict_word[] = {"Agrees", "Disagreement",
                                           "Not checked"};

static void score_block(hstate_t *s, size_t i, const rec_t *r,
                        const inspex_framework_t *fw)
{
    const inspex_inspection_t *insp = r->insp;
    const char *score = get(insp, INSPEX_FIELD_SCORE);
    const char *max = get(insp, INSPEX_FIELD_SCORE_MAX);
    const char *pct = get(insp, INSPEX_FIELD_SCORE_PERCENT);
    const char *comp = get(insp, INSPEX_FIELD_COMPUTED_SCORE);
    html_score_t sc;

    html__explain(s->set, insp, &sc);
    addf(s, "<h4 id=\"score-%zu\">Score: published and computed%s</h4>\n",
         i + 1,
         sc.disagreements ? " <span class=\"disagree\">(they disagree)</span>"
                          : "");
    add(s, "<table class=\"score\">\n<thead><tr><th scope=\"col\"></th>"
           "<th scope=\"col\">Published</th><th scope=\"col\">Computed by "
           "inspex</th></tr></thead>\n<tbody>\n<tr><th scope=\"row\">Score"
           "</th><td class=\"num\">");
    esc(s, score ? score : "\xE2\x80\x94");
    if (score && max) {
        add(s, " / ");
        esc(s, max);
    }
    if (pct) {
        add(s, " (");
        esc(s, pct);
        add(s, "%)");
    }
    add(s, "</td><td class=\"num\">");
    esc(s, comp ? comp : "\xE2\x80\x94");
    add(s, "</td></tr>\n<tr><th scope=\"row\">Overall rating</th>");
    rating_cell(s, fw, get(insp, INSPEX_FIELD_OVERALL_RATING));
    rating_cell(s, fw, get(insp, INSPEX_FIELD_COMPUTED_RATING));
    add(s, "</tr>\n</tbody>\n</table>\n<ul class=\"explain\">\n");
    for (size_t k = 0; k < sc.npoints; k++) {
        int d = sc.point[k].verdict == HTML_DISAGREE;
        addf(s, "<li%s><span class=\"verdict\">%s:</span> ",
             d ? " class=\"disagree\"" : "", verdict_word[sc.point[k].verdict]);
        esc(s, sc.point[k].text);
        add(s, "</li>\n");
    }
    add(s, "</ul>\n");
}

/* The judgement of a code, as a row: rating, points and whether it
 * counts (under a framework with points), strands. */
static void judgement_row(hstate_t *s, const inspex_framework_t *fw,
                          const char *code, const char *fwtitle, int counted,
                          const inspex_judgement_t *j, int scoring)
{
    const char *rating = j ? inspex_judgement_rating(j) : NULL;
    const char *title = j && inspex_judgement_title(j)
                            ? inspex_judgement_title(j)
                            : fwtitle;

    add(s, "<tr><th scope=\"row\">");
    esc(s, code);
    add(s, "</th><td>");
    esc(s, title ? title : "");
    add(s, "</td>");
    rating_cell(s, fw, rating);
    if (scoring) {
        int k = rating ? inspex_framework_rating_index(fw, rating) : -1;
        const char *label;
        int points = -1;
        if (k >= 0)
            inspex_framework_rating(fw, (size_t)k, &label, &points);
        if (counted < 0)
            add(s, "<td>not in the framework</td>");
        else if (points >= 0)
            addf(s, "<td class=\"num\">%d%s</td>", points,
                 counted ? "" : " (not counted)");
        else
            addf(s, "<td>%s</td>",
                 counted ? "not rated: no score" : "not counted");
    }
    add(s, "<td>");
    for (size_t k = 0; j && k < inspex_judgement_strand_count(j); k++) {
        const char *name;
        int a, b;
        inspex_judgement_strand(j, k, &name, &a, &b);
        add(s, k ? "; " : "");
        esc(s, name);
        addf(s, ": %d of %d cases", a, b);
    }
    add(s, "</td></tr>\n");
}

static void standards_block(hstate_t *s, const inspex_inspection_t *insp,
                            const inspex_framework_t *fw)
{
    int max, scoring = fw && inspex_framework_scoring(fw, &max);
    size_t nj = inspex_inspection_judgement_count(insp);
    const char *code, *title, *domain;
    int counted;

    if (nj == 0 && !scoring)
        return;
    addf(s,
         "<h4>Standards</h4>\n<table class=\"standards\">\n<thead><tr>"
         "<th scope=\"col\">Standard</th><th scope=\"col\">Title</th>"
         "<th scope=\"col\">Rating</th>%s<th scope=\"col\">Strands</th>"
         "</tr></thead>\n<tbody>\n",
         scoring ? "<th scope=\"col\">Points</th>" : "");
    /* under a scoring framework, its standards first, rated or not */
    for (size_t k = 0;
         scoring &&
         inspex_framework_standard(fw, k, &code, &title, &domain, &counted);
         k++)
        judgement_row(s, fw, code, title, counted,
                      inspex_inspection_find_judgement(insp, code), 1);
    for (size_t k = 0; k < nj; k++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, k);
        if (scoring &&
            inspex_framework_find_standard(fw, inspex_judgement_code(j)) >= 0)
            continue;
        judgement_row(s, fw, inspex_judgement_code(j), NULL, -1, j, scoring);
    }
    add(s, "</tbody>\n</table>\n");
}

static void checks_block(hstate_t *s, const rec_t *r)
{
    add(s, "<h4>Framework checks</h4>\n");
    if (r->np == 0) {
        add(s, "<p>The checks found no problem.</p>\n");
        return;
    }
    add(s, "<ul class=\"checks\">\n");
    for (size_t k = 0; k < r->np; k++) {
        addf(s, "<li%s><span class=\"verdict\">%s</span> (",
             r->p[k].error ? " class=\"disagree\"" : "",
             r->p[k].error ? "Error" : "Warning");
        esc(s, r->p[k].check);
        add(s, "): ");
        esc(s, r->p[k].message);
        add(s, "</li>\n");
    }
    add(s, "</ul>\n");
}

/* A link only for the web's own schemes; anything else is shown as text,
 * so that no URL from the data runs script when followed. */
static void url(hstate_t *s, const char *u)
{
    if (u &&
        (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0)) {
        add(s, "<a href=\"");
        esc(s, u);
        add(s, "\">");
        esc(s, u);
        add(s, "</a>");
    } else {
        esc(s, u);
    }
}

static const char *item(const inspex_inspection_t *insp,
                        inspex_item_kind_t kind, size_t i, inspex_attr_t a)
{
    return inspex_item_get(inspex_inspection_item(insp, kind, i), a);
}

static void items_block(hstate_t *s, const inspex_inspection_t *insp)
{
    size_t n = inspex_inspection_item_count(insp, INSPEX_ITEM_RECOMMENDATION);
    const inspex_item_kind_t R = INSPEX_ITEM_RECOMMENDATION,
                             F = INSPEX_ITEM_FINDING, A = INSPEX_ITEM_ACTION,
                             S = INSPEX_ITEM_SOURCE;

    if (n)
        add(s, "<h4>Recommendations</h4>\n<ul class=\"recommendations\">\n");
    for (size_t i = 0; i < n; i++) {
        const char *ref = item(insp, R, i, INSPEX_ATTR_REFERENCE);
        const char *to = item(insp, R, i, INSPEX_ATTR_ADDRESSEE);
        add(s, "<li>");
        if (ref) {
            add(s, "<strong>");
            esc(s, ref);
            add(s, ".</strong> ");
        }
        if (to) {
            add(s, "<em>To ");
            esc(s, to);
            add(s, ":</em> ");
        }
        esc(s, item(insp, R, i, INSPEX_ATTR_TEXT));
        add(s, "</li>\n");
    }
    if (n)
        add(s, "</ul>\n");
    n = inspex_inspection_item_count(insp, F);
    if (n)
        add(s, "<h4>Findings</h4>\n<ul class=\"findings\">\n");
    for (size_t i = 0; i < n; i++) {
        const char *type = item(insp, F, i, INSPEX_ATTR_TYPE);
        const char *dom = item(insp, F, i, INSPEX_ATTR_DOMAIN);
        add(s, "<li>");
        if (type) {
            add(s, "<strong>");
            esc(s, strcmp(type, "strength") == 0 ? "Strength" : "Concern");
            add(s, "</strong>");
        }
        if (dom) {
            add(s, " (domain ");
            esc(s, dom);
            add(s, ")");
        }
        add(s, type || dom ? ": " : "");
        esc(s, item(insp, F, i, INSPEX_ATTR_TEXT));
        add(s, "</li>\n");
    }
    if (n)
        add(s, "</ul>\n");
    n = inspex_inspection_item_count(insp, A);
    if (n)
        add(s, "<h4>Improvement plan</h4>\n<table class=\"actions sortable\">"
               "\n<thead><tr><th scope=\"col\">Ref</th><th scope=\"col\">"
               "Action</th><th scope=\"col\">Lead</th><th scope=\"col\">Due"
               "</th><th scope=\"col\">Success measure</th>"
               "<th scope=\"col\">RAG status</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        static const inspex_attr_t cols[] = {INSPEX_ATTR_REFERENCE,
                                             INSPEX_ATTR_TEXT, INSPEX_ATTR_LEAD,
                                             INSPEX_ATTR_DUE,
                                             INSPEX_ATTR_SUCCESS_MEASURE};
        const char *rag = item(insp, A, i, INSPEX_ATTR_RAG);
        add(s, "<tr>");
        for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
            add(s, "<td>");
            esc(s, item(insp, A, i, cols[c]));
            add(s, "</td>");
        }
        if (rag) {
            int t = rag_tier(rag);
            addf(s, "<td class=\"r t%d\" data-sort=\"%d\">", t, t);
            esc(s, rag);
            add(s, "</td>");
        } else {
            add(s, "<td class=\"none\" data-sort=\"\">not given</td>");
        }
        add(s, "</tr>\n");
    }
    if (n)
        add(s, "</tbody>\n</table>\n");
    n = inspex_inspection_item_count(insp, S);
    if (n)
        add(s, "<h4>Sources</h4>\n<ul class=\"sources\">\n");
    for (size_t i = 0; i < n; i++) {
        const char *title = item(insp, S, i, INSPEX_ATTR_TITLE);
        const char *when = item(insp, S, i, INSPEX_ATTR_RETRIEVED_AT);
        const char *pdf = item(insp, S, i, INSPEX_ATTR_PDF_URL);
        add(s, "<li>");
        if (title) {
            esc(s, title);
            add(s, ": ");
        }
        url(s, item(insp, S, i, INSPEX_ATTR_URL));
        if (pdf) {
            add(s, " (PDF ");
            url(s, pdf);
            add(s, ")");
        }
        if (when) {
            add(s, ", read ");
            esc(s, when);
        }
        add(s, "</li>\n");
    }
    if (n)
        add(s, "</ul>\n");
}

static void extra_block(hstate_t *s, const inspex_inspection_t *insp)
{
    size_t n = inspex_inspection_extra_count(insp);

    if (n == 0)
        return;
    add(s, "<h4>Other values</h4>\n<dl class=\"meta extra\">\n");
    for (size_t i = 0; i < n; i++) {
        add(s, "<dt>");
        esc(s, inspex_inspection_extra_key(insp, i));
        add(s, "</dt><dd>");
        esc(s, inspex_inspection_extra_value(insp, i));
        add(s, "</dd>\n");
    }
    add(s, "</dl>\n");
}

static void inspection(hstate_t *s, size_t i)
{
    const rec_t *r = &s->recs[i];
    const inspex_framework_t *fw = fw_of(s, r->insp);
    const char *pub = get(r->insp, INSPEX_FIELD_PUBLISHED);

    addf(s, "<article id=\"inspection-%zu\">\n<h3>", i + 1);
    esc_name(s, r->insp);
    if (pub) {
        add(s, " <span class=\"muted\">published ");
        esc(s, pub);
        add(s, "</span>");
    }
    add(s, "</h3>\n");
    meta_block(s, r->insp, fw);
    score_block(s, i, r, fw);
    standards_block(s, r->insp, fw);
    checks_block(s, r);
    items_block(s, r->insp);
    extra_block(s, r->insp);
    add(s, "</article>\n");
}

/* ---- the page ----------------------------------------------------------- */

static inspex_status_t flush(inspex_export_t *ctx, hstate_t *s,
                             inspex_error_t *err)
{
    inspex_status_t st;

    if (s->oom)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_writer_write(inspex_export_writer(ctx), s->b.p ? s->b.p : "",
                             s->b.len, err);
    inspex_buf_reset(&s->b);
    return st;
}

inspex_status_t html__end(inspex_export_t *ctx, void *state,
                          inspex_error_t *err)
{
    hstate_t *s = state;
    const char *title = inspex_export_option(ctx, "title");
    size_t ncodes = 0;
    const char **codes = all_codes(s, &ncodes);
    inspex_status_t st = INSPEX_OK;

    s->set = inspex_export_frameworks(ctx);
    if (codes == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    add(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8"
           "\">\n<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n<meta name=\"generator\" "
           "content=\"inspex " PACKAGE_VERSION "\">\n<title>");
    esc(s, title);
    add(s, "</title>\n<style>\n");
    add(s, html__css);
    add(s, "</style>\n</head>\n<body>\n<header>\n<h1>");
    esc(s, title);
    addf(s,
         "</h1>\n<p>%zu inspection%s. Ratings as published, with the "
         "score and overall rating inspex computed from the standards "
         "under each inspection's framework.</p>\n</header>\n<main>\n",
         s->n, s->n == 1 ? "" : "s");
    summary(s);
    grid(s, codes, ncodes);
    free(codes);
    add(s, "<section id=\"inspections\">\n<h2>Inspections</h2>\n");
    for (size_t i = 0; i < s->n && st == INSPEX_OK; i++) {
        inspection(s, i);
        if (s->b.len >= 64 * 1024)
            st = flush(ctx, s, err);
    }
    if (st != INSPEX_OK)
        return st;
    add(s, "</section>\n</main>\n<script>\n");
    add(s, html__script);
    add(s, "</script>\n</body>\n</html>\n");
    return flush(ctx, s, err);
}
