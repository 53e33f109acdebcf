/*
 * csv_header.c - the CSV plugin's header: which layout it is, and what each
 * column maps to in the model (a field, a standard, an item attribute, a
 * strand, a per-row column, or extra), all of the name-to-model mapping.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* The per-row columns of the long layout, by match key. */
static int long_role(const char *h)
{
    char key[64];

    inspex_match_key(h, key, sizeof(key));
    if (!strcmp(key, "standard") || !strcmp(key, "standardcode") ||
        !strcmp(key, "code") || !strcmp(key, "judgementcode"))
        return COL_ROW_CODE;
    if (!strcmp(key, "title") || !strcmp(key, "standardtitle") ||
        !strcmp(key, "standardname"))
        return COL_ROW_TITLE;
    if (!strcmp(key, "rating") || !strcmp(key, "standardrating") ||
        !strcmp(key, "judgementrating") || !strcmp(key, "judgement"))
        return COL_ROW_RATING;
    return -1;
}

/* Which layout a header is: long when it has a standard column and a
 * rating column; actions when it has an action column and a lead,
 * timescale, success measure or RAG column; wide otherwise. */
int csv__detect_layout(parser_t *ps)
{
    int code = 0, rating = 0, action = 0, detail = 0;

    for (size_t i = 0; i < ps->nf; i++) {
        const char *h = ps->data.p + ps->f[i].off;
        int role = long_role(h), a = inspex_match_attr(INSPEX_ITEM_ACTION, h);
        char key[64];

        code |= role == COL_ROW_CODE;
        rating |= role == COL_ROW_RATING;
        inspex_match_key(h, key, sizeof(key));
        action |= a == INSPEX_ATTR_TEXT &&
                  (!strcmp(key, "action") || !strcmp(key, "actions"));
        detail |= a == INSPEX_ATTR_LEAD || a == INSPEX_ATTR_DUE ||
                  a == INSPEX_ATTR_RAG || a == INSPEX_ATTR_SUCCESS_MEASURE;
    }
    if (code && rating)
        return LAYOUT_LONG;
    if (action && detail)
        return LAYOUT_ACTIONS;
    return LAYOUT_WIDE;
}

/* "recommendation.2.text" -> kind, number, attribute. */
static int parse_item_header(const char *h, column_t *c)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        const char *name = inspex_item_kind_name((inspex_item_kind_t)k);
        size_t len = strlen(name);
        if (strncmp(h, name, len) != 0 || h[len] != '.')
            continue;
        char *end;
        unsigned long n = strtoul(h + len + 1, &end, 10);
        if (n == 0 || n > 10000 || *end != '.')
            return 0;
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        for (size_t i = 0; i < na; i++)
            if (strcmp(inspex_attr_name(attrs[i]), end + 1) == 0) {
                c->kind = (inspex_item_kind_t)k;
                c->index = n;
                c->attr = attrs[i];
                return 1;
            }
        return 0;
    }
    return 0;
}

/* "strand.2.1.Desistance" -> code "2.1", strand "Desistance". */
static int parse_strand_header(const char *h, column_t *c)
{
    const char *p = h + 7, *name;
    size_t n;

    if (strncmp(h, "strand.", 7) != 0)
        return 0;
    name = p;
    /* The code is digits and dots; the name starts at the first letter. */
    while (*name && ((*name >= '0' && *name <= '9') || *name == '.'))
        name++;
    if (name == p || name[-1] != '.' || *name == '\0')
        return 0;
    n = (size_t)(name - p - 1);
    if (n >= sizeof(c->code))
        return 0;
    memcpy(c->code, p, n);
    c->code[n] = '\0';
    c->strand = strdup(name);
    return c->strand != NULL;
}

/* The title part of "1.1 Governance and leadership", or NULL. */
static char *standard_title(const char *h)
{
    const char *p = h;

    while (*p == ' ')
        p++;
    while (*p && *p != ' ' && *p != '\t' && *p != ':')
        p++;
    while (*p == ' ' || *p == '\t' || *p == ':' || *p == '-')
        p++;
    return *p ? strdup(p) : NULL;
}

void csv__free_columns(column_t *cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++) {
        free(cols[i].title);
        free(cols[i].strand);
        free(cols[i].header);
    }
    free(cols);
}

inspex_status_t csv__map_header(inspex_import_t *ctx, parser_t *ps,
                                int layout, const inspex_header_map_t *map,
                                column_t **out, inspex_error_t *err)
{
    const inspex_frameworks_t *fws = inspex_import_frameworks(ctx);
    column_t *cols = calloc(ps->nf, sizeof(*cols));
    int taken[INSPEX_FIELD__COUNT] = {0};
    unsigned roles = 0; /* long layout: the per-row roles taken */

    if (cols == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ps->nf; i++) {
        const char *h = fval(ps, i);
        column_t *c = &cols[i];
        int f;

        for (size_t k = 0; k < i; k++)
            if (strcmp(cols[k].header, fval(ps, i)) == 0) {
                unsigned long col = ps->f[i].col;
                csv__free_columns(cols, i);
                return inspex_error_set_at(
                    err, INSPEX_ERR_SYNTAX, ps->source, ps->f[i].line, col,
                    "duplicate column name \"%s\" (columns %zu and %zu)", h,
                    k + 1, i + 1);
            }
        c->header = strdup(h);
        if (c->header == NULL) {
            csv__free_columns(cols, i);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        /* -O map=FILE names what the matcher does not know; an unmapped
         * column keeps its header in extra. */
        h = inspex_header_map_apply(map, h);
        c->type = COL_EXTRA;
        if (layout == LAYOUT_LONG && (f = long_role(h)) >= 0) {
            /* as for fields: the first column of a role wins, a second
             * stays in extra (two rating columns would overwrite) */
            if (!(roles & (1u << f))) {
                c->type = f;
                roles |= 1u << f;
            }
        } else if (layout == LAYOUT_ACTIONS &&
                   (f = inspex_match_attr(INSPEX_ITEM_ACTION, h)) >= 0 &&
                   inspex_match_field(h) < 0) {
            c->type = COL_ROW_ACTION;
            c->attr = (inspex_attr_t)f;
        } else if (parse_item_header(h, c)) {
            c->type = COL_ITEM;
        } else if (parse_strand_header(h, c)) {
            c->type = COL_STRAND;
        } else if (inspex_match_standard(h, c->code, sizeof(c->code))) {
            c->type = COL_STANDARD;
            c->title = standard_title(h);
        } else if ((f = inspex_match_field(h)) >= 0) {
            /* The first column for a field wins; a second one with the
             * same meaning stays in extra rather than overwrite it. */
            if (!taken[f]) {
                c->type = COL_FIELD;
                c->field = f;
                taken[f] = 1;
            }
        } else {
            /* A standard named by its title: only when it is one. */
            char codes[sizeof(c->code)];
            int m = inspex_frameworks_match_standard(fws, h, codes,
                                                     sizeof(codes));
            if (m == 1) {
                c->type = COL_STANDARD;
                memcpy(c->code, codes, sizeof(codes));
            } else if (m < 0) {
                inspex_import_warn(ctx, ps->f[i].line, ps->f[i].col,
                                   "column \"%s\" could be standard %s; "
                                   "kept as an extra field, not guessed",
                                   h, codes);
            }
        }
    }
    *out = cols;
    return INSPEX_OK;
}
