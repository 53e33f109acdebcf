/* SPDX-License-Identifier: MIT */
/*
 * markdown_write.c - the markdown plugin's writer. Inspections are
 * copied as they come; at the end one pipe table is written (a row an
 * inspection, a column a standard, every standard judged anywhere in the
 * dataset, in code order), then a list of the standards' titles and,
 * with -O sections=true, a section per inspection: its framework, its
 * published and computed score with every disagreement explained (as
 * the html report does), its recommendations and its improvement-plan
 * actions as a table with their RAG status.
 *
 * Every text from the data goes through md__escape: no pipe ends a cell
 * early, no line end breaks a row, no markup in a name turns into
 * emphasis or a link.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../html/html.h"
#include "markdown.h"

typedef struct mstate {
    inspex_inspection_t **insp;
    size_t n, cap;
    inspex_buf_t b;
    int oom;
} mstate_t;

int md__escape(inspex_buf_t *b, const char *s)
{
    int rc = 0;

    for (const char *run = s; s && rc == 0; s++) {
        const char *rep = NULL;
        char esc[3] = {'\\', *s, '\0'};
        switch (*s) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '&':
        case '~': rep = esc; break;
        case '\r': rep = s[1] == '\n' ? "" : "<br>"; break;
        case '\n': rep = "<br>"; break;
        case '\0': rep = ""; break;
        default: break;
        }
        if (rep == NULL)
            continue;
        rc = inspex_buf_add(b, run, (size_t)(s - run));
        if (rc == 0)
            rc = inspex_buf_adds(b, rep);
        run = s + 1;
        if (*s == '\0')
            break;
    }
    return rc;
}

static void add(mstate_t *s, const char *t)
{
    if (inspex_buf_adds(&s->b, t) != 0)
        s->oom = 1;
}

static void esc(mstate_t *s, const char *t)
{
    if (md__escape(&s->b, t ? t : "") != 0)
        s->oom = 1;
}

static void addf(mstate_t *s, const char *fmt, ...) INSPEX_PRINTF(2, 3);

static void addf(mstate_t *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (inspex_buf_vaddf(&s->b, fmt, ap) != 0)
        s->oom = 1;
    va_end(ap);
}

/* A cell: the text escaped, or a dash when there is none. */
static void cell(mstate_t *s, const char *t)
{
    add(s, " ");
    if (t && *t)
        esc(s, t);
    else
        add(s, "\xE2\x80\x94");
    add(s, " |");
}

void md__free(void *state)
{
    mstate_t *s = state;

    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        inspex_inspection_free(s->insp[i]);
    free(s->insp);
    inspex_buf_free(&s->b);
    free(s);
}

inspex_status_t md__begin(inspex_export_t *ctx, void **state,
                          inspex_error_t *err)
{
    (void)ctx;
    if ((*state = calloc(1, sizeof(mstate_t))) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

inspex_status_t md__record(inspex_export_t *ctx, void *state,
                           const inspex_inspection_t *insp, inspex_error_t *err)
{
    mstate_t *s = state;

    (void)ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        inspex_inspection_t **grown = realloc(s->insp, cap * sizeof(*grown));
        if (grown == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        s->insp = grown;
        s->cap = cap;
    }
    if ((s->insp[s->n] = inspex_inspection_clone(insp)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->n++;
    return INSPEX_OK;
}

/* Every standard code judged in the dataset, in code order (borrowed
 * strings); NULL when out of memory. */
static const char **all_codes(const mstate_t *s, size_t *count)
{
    size_t n = 0, cap = 0;
    const char **codes = NULL;

    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < inspex_inspection_judgement_count(s->insp[i]);
             k++) {
            const char *c = inspex_judgement_code(
                inspex_inspection_judgement(s->insp[i], k));
            size_t m;
            for (m = 0; m < n && strcmp(codes[m], c) != 0; m++)
                ;
            if (m < n)
                continue;
            if (n == cap) {
                const char **grown;
                cap = cap ? cap * 2 : 32;
                if ((grown = realloc(codes, cap * sizeof(*grown))) == NULL) {
                    free(codes);
                    return NULL;
                }
                codes = grown;
            }
            codes[n++] = c;
        }
    if (n)
        qsort(codes, n, sizeof(*codes), html__code_cmp);
    *count = n;
    return codes ? codes : calloc(1, sizeof(*codes));
}

static const char *title_of(const mstate_t *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++) {
        const inspex_judgement_t *j =
            inspex_inspection_find_judgement(s->insp[i], code);
        if (j && inspex_judgement_title(j))
            return inspex_judgement_title(j);
    }
    return NULL;
}

static const char *get(const inspex_inspection_t *insp, inspex_field_t f)
{
    return inspex_inspection_get(insp, f);
}

static void table(mstate_t *s, const char **codes, size_t ncodes)
{
    add(s, "| Service | Published | Framework | Overall rating | Score | "
           "Computed score | Computed rating |");
    for (size_t c = 0; c < ncodes; c++)
        cell(s, codes[c]);
    add(s, "\n|---|---|---|---|---:|---:|---|");
    for (size_t c = 0; c < ncodes; c++)
        add(s, "---|");
    add(s, "\n");
    for (size_t i = 0; i < s->n; i++) {
        const inspex_inspection_t *insp = s->insp[i];
        char name[1100];
        add(s, "|");
        cell(s, html__name(insp, name, sizeof(name)));
        cell(s, get(insp, INSPEX_FIELD_PUBLISHED));
        cell(s, get(insp, INSPEX_FIELD_FRAMEWORK));
        cell(s, get(insp, INSPEX_FIELD_OVERALL_RATING));
        cell(s, get(insp, INSPEX_FIELD_SCORE));
        cell(s, get(insp, INSPEX_FIELD_COMPUTED_SCORE));
        cell(s, get(insp, INSPEX_FIELD_COMPUTED_RATING));
        for (size_t c = 0; c < ncodes; c++) {
            const inspex_judgement_t *j =
                inspex_inspection_find_judgement(insp, codes[c]);
            cell(s, j ? inspex_judgement_rating(j) : NULL);
        }
        add(s, "\n");
    }
    if (ncodes == 0)
        return;
    add(s, "\nStandards:\n\n");
    for (size_t c = 0; c < ncodes; c++) {
        const char *t = title_of(s, codes[c]);
        add(s, "- ");
        esc(s, codes[c]);
        if (t) {
            add(s, ": ");
            esc(s, t);
        }
        add(s, "\n");
    }
}

static const char *item(const inspex_inspection_t *insp,
                        inspex_item_kind_t kind, size_t i, inspex_attr_t a)
{
    return inspex_item_get(inspex_inspection_item(insp, kind, i), a);
}

static void recommendations(mstate_t *s, const inspex_inspection_t *insp)
{
    const inspex_item_kind_t R = INSPEX_ITEM_RECOMMENDATION;
    size_t n = inspex_inspection_item_count(insp, R);

    if (n == 0)
        return;
    add(s, "\n### Recommendations\n\n");
    for (size_t i = 0; i < n; i++) {
        const char *ref = item(insp, R, i, INSPEX_ATTR_REFERENCE);
        const char *to = item(insp, R, i, INSPEX_ATTR_ADDRESSEE);
        add(s, "- ");
        if (ref) {
            add(s, "**");
            esc(s, ref);
            add(s, ".** ");
        }
        if (to) {
            add(s, "*To ");
            esc(s, to);
            add(s, ":* ");
        }
        esc(s, item(insp, R, i, INSPEX_ATTR_TEXT));
        add(s, "\n");
    }
}

static void actions(mstate_t *s, const inspex_inspection_t *insp)
{
    static const inspex_attr_t cols[] = {INSPEX_ATTR_REFERENCE,
                                         INSPEX_ATTR_TEXT,
                                         INSPEX_ATTR_LEAD,
                                         INSPEX_ATTR_DUE,
                                         INSPEX_ATTR_SUCCESS_MEASURE,
                                         INSPEX_ATTR_RAG};
    size_t n = inspex_inspection_item_count(insp, INSPEX_ITEM_ACTION);

    if (n == 0)
        return;
    add(s, "\n### Improvement plan\n\n| Ref | Action | Lead | Due | Success "
           "measure | RAG status |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        add(s, "|");
        for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
            cell(s, item(insp, INSPEX_ITEM_ACTION, i, cols[c]));
        add(s, "\n");
    }
}

static void section(mstate_t *s, const inspex_frameworks_t *set,
                    const inspex_inspection_t *insp)
{
    static const char *const verdict[] = {"Agrees", "Disagreement",
                                          "Not checked"};
    const char *pub = get(insp, INSPEX_FIELD_PUBLISHED);
    const char *score = get(insp, INSPEX_FIELD_SCORE);
    const char *max = get(insp, INSPEX_FIELD_SCORE_MAX);
    html_score_t sc;
    char name[1100];

    html__explain(set, insp, &sc);
    add(s, "\n## ");
    esc(s, html__name(insp, name, sizeof(name)));
    if (pub) {
        add(s, " (published ");
        esc(s, pub);
        add(s, ")");
    }
    add(s, "\n\n- Rated under: ");
    if (sc.fw) {
        esc(s, inspex_framework_title(sc.fw));
        add(s, " (");
        esc(s, inspex_framework_id(sc.fw));
        add(s, ")");
    } else {
        esc(s, get(insp, INSPEX_FIELD_FRAMEWORK)
                   ? get(insp, INSPEX_FIELD_FRAMEWORK)
                   : "not known");
    }
    add(s, "\n- Overall rating: ");
    esc(s, get(insp, INSPEX_FIELD_OVERALL_RATING)
               ? get(insp, INSPEX_FIELD_OVERALL_RATING)
               : "none published");
    add(s, "; computed: ");
    esc(s, get(insp, INSPEX_FIELD_COMPUTED_RATING)
               ? get(insp, INSPEX_FIELD_COMPUTED_RATING)
               : "none");
    add(s, "\n- Score: ");
    esc(s, score ? score : "none published");
    if (score && max) {
        add(s, " / ");
        esc(s, max);
    }
    add(s, "; computed: ");
    esc(s, get(insp, INSPEX_FIELD_COMPUTED_SCORE)
               ? get(insp, INSPEX_FIELD_COMPUTED_SCORE)
               : "none");
    add(s, "\n");
    for (size_t k = 0; k < sc.npoints; k++) {
        addf(s, "- **%s:** ", verdict[sc.point[k].verdict]);
        esc(s, sc.point[k].text);
        add(s, "\n");
    }
    recommendations(s, insp);
    actions(s, insp);
}

inspex_status_t md__end(inspex_export_t *ctx, void *state, inspex_error_t *err)
{
    mstate_t *s = state;
    const char *title = inspex_export_option(ctx, "title");
    size_t ncodes = 0;
    const char **codes = all_codes(s, &ncodes);

    if (codes == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (title && *title) {
        add(s, "# ");
        esc(s, title);
        add(s, "\n\n");
    }
    table(s, codes, ncodes);
    free(codes);
    if (inspex_export_option_bool(ctx, "sections"))
        for (size_t i = 0; i < s->n; i++)
            section(s, inspex_export_frameworks(ctx), s->insp[i]);
    if (s->oom)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return inspex_writer_write(inspex_export_writer(ctx), s->b.p ? s->b.p : "",
                               s->b.len, err);
}
