/* SPDX-License-Identifier: MIT */
/*
 * csv_header.c - the CSV plugin's header: the library's header plan
 * (<inspex/plan.h>) decides the layout and what each column maps to in the
 * model, as for every importer of flat records; here the plugin gives it
 * the header, says the plan's ambiguities and, under -v, the plan itself.
 *
 * The header is found, not assumed (issue 14): title and note rows above
 * it are passed over and said in warnings; the rows read while looking
 * wait in a lookahead and are given back to the reader first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* ---- rows read ahead ---------------------------------------------------- */

typedef struct ahead_row {
    size_t data_off, data_len; /* into data: the cells, a NUL after each */
    size_t f_off, nf;          /* into f */
    size_t raw_off, raw_len;   /* into raw */
    unsigned long rec_line;
} ahead_row_t;

struct lookahead {
    inspex_buf_t data, raw;
    field_t *f;
    size_t nf, capf;
    ahead_row_t *rows;
    size_t n, cap, next; /* rows kept; the next to give back */
};

static void ahead_free(struct lookahead *a)
{
    if (a == NULL)
        return;
    free(a->data.p);
    free(a->raw.p);
    free(a->f);
    free(a->rows);
    free(a);
}

void csv__ahead_free(parser_t *ps)
{
    ahead_free(ps->ahead);
    ahead_free(ps->held);
    ps->ahead = ps->held = NULL;
}

/* Keeps a copy of the current record; -1 when out of memory. */
static int keep(struct lookahead *a, const parser_t *ps)
{
    ahead_row_t *r;
    size_t end = ps->nf ? ps->f[ps->nf - 1].off + ps->f[ps->nf - 1].len + 1 : 0;

    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        ahead_row_t *rows = realloc(a->rows, cap * sizeof(*rows));
        if (rows == NULL)
            return -1;
        a->rows = rows;
        a->cap = cap;
    }
    r = &a->rows[a->n];
    if (a->nf + ps->nf > a->capf) {
        size_t cap = (a->nf + ps->nf) * 2;
        field_t *f = realloc(a->f, cap * sizeof(*f));
        if (f == NULL)
            return -1;
        a->f = f;
        a->capf = cap;
    }
    r->data_off = a->data.len;
    r->data_len = end;
    r->f_off = a->nf;
    r->nf = ps->nf;
    r->raw_off = a->raw.len;
    r->raw_len = ps->rawlen;
    r->rec_line = ps->rec_line;
    if (inspex_buf_add(&a->data, ps->data.p, end) != 0 ||
        inspex_buf_add(&a->raw, ps->rawp ? ps->rawp : "", ps->rawlen) != 0)
        return -1;
    if (ps->nf)
        memcpy(a->f + a->nf, ps->f, ps->nf * sizeof(*ps->f));
    a->nf += ps->nf;
    a->n++;
    return 0;
}

/* Makes kept row k the current record; -1 when out of memory. */
static int give_back(parser_t *ps, struct lookahead *a, size_t k)
{
    const ahead_row_t *r = &a->rows[k];

    ps->data.len = 0;
    ps->nf = 0;
    for (size_t i = 0; i < r->nf; i++) {
        const field_t *f = &a->f[r->f_off + i];
        if (start_field(ps) != 0 ||
            inspex_buf_add(&ps->data, a->data.p + r->data_off + f->off,
                           f->len) != 0 ||
            end_field(ps) != 0)
            return -1;
        ps->f[i].line = f->line;
        ps->f[i].col = f->col;
    }
    ps->rawp = a->raw.p ? a->raw.p + r->raw_off : "";
    ps->rawlen = r->raw_len;
    ps->rec_line = r->rec_line;
    return 0;
}

inspex_status_t csv__next_row(parser_t *ps, int *got, inspex_error_t *err)
{
    struct lookahead *a = ps->ahead;

    ps->forced = 0;
    if (a && a->next < a->n) {
        if (give_back(ps, a, a->next++) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        if (ps->force) { /* given back by csv__release: a record */
            ps->force--;
            ps->forced = 1;
        }
        *got = 1;
        return INSPEX_OK;
    }
    if (ps->pull)
        return ps->pull(ps, got, err);
    return csv__next_record(ps, got, err);
}

int csv__hold(parser_t *ps)
{
    if (ps->held == NULL && (ps->held = calloc(1, sizeof(*ps->held))) == NULL)
        return -1;
    return keep(ps->held, ps);
}

int csv__release(parser_t *ps)
{
    struct lookahead *q = calloc(1, sizeof(*q)), *a = ps->ahead, *h = ps->held;
    size_t n;

    /* held rows, the current one, then what was still ahead */
    if (q == NULL || keep(h, ps) != 0)
        goto nomem;
    n = h->n;
    for (size_t k = 0; k < n; k++)
        if (give_back(ps, h, k) != 0 || keep(q, ps) != 0)
            goto nomem;
    h->n = h->nf = h->data.len = h->raw.len = 0;
    for (size_t k = a ? a->next : 0; a && k < a->n; k++)
        if (give_back(ps, a, k) != 0 || keep(q, ps) != 0)
            goto nomem;
    ahead_free(a);
    ps->ahead = q;
    ps->force = n;
    return 0;
nomem:
    ahead_free(q);
    return -1;
}

size_t csv__held(parser_t *ps, size_t k)
{
    if (ps->held == NULL || k >= ps->held->n)
        return 0;
    return give_back(ps, ps->held, k) == 0 ? 1 : 0;
}

/* The current record's cells, in vals (room for ps->nf). */
static const char *const *cells(const parser_t *ps, const char **vals)
{
    for (size_t i = 0; i < ps->nf; i++)
        vals[i] = fval(ps, i);
    return vals;
}

/* Says that the current row, above the header, was passed over: its
 * cells' text, joined, in a warning. */
static void tell_above(inspex_import_t *ctx, const parser_t *ps)
{
    inspex_buf_t text = {0};

    for (size_t i = 0; i < ps->nf; i++) {
        const char *v = fval(ps, i);
        if (*v == '\0')
            continue;
        if ((text.len && inspex_buf_add(&text, " | ", 3) != 0) ||
            inspex_buf_add(&text, v, ps->f[i].len) != 0) {
            free(text.p);
            return; /* out of memory: the warning is what is lost */
        }
    }
    if (text.len > 200)
        text.len = 200;
    if (inspex_buf_add(&text, "", 1) == 0)
        inspex_import_warn(ctx, ps->rec_line, 0,
                           "row above the header, not read as data: \"%s\"",
                           text.p);
    free(text.p);
}

static int row_blank(const parser_t *ps, const char **vals)
{
    return inspex_plan_row_kind(cells(ps, vals), ps->nf, 0) == INSPEX_ROW_BLANK;
}

/* Looks at rows until one reads as the header (or HEADER_SCAN rows that
 * are not blank went by): *found 1 with ps holding it, else 0 with the
 * rows kept in a. */
static inspex_status_t scan(inspex_import_t *ctx, parser_t *ps,
                            const inspex_plan_t *plan, struct lookahead *a,
                            int *found, inspex_error_t *err)
{
    const char **vals = NULL;
    inspex_status_t st = INSPEX_OK;
    int got, verbose = inspex_import_verbose(ctx);

    *found = 0;
    while (a->n < HEADER_SCAN) {
        inspex_plan_row_score_t sc;
        int h;
        if ((st = csv__next_good_row(ctx, ps, &got, NULL, err)) != INSPEX_OK ||
            !got)
            break;
        if (csv__check_text(ps, err) != INSPEX_OK) {
            /* not text: not the header. The first row fails the import
             * as before; a later one is the reader's to reject. */
            if (a->n == 0) {
                st = inspex_error_code(err);
                break;
            }
            inspex_error_clear(err);
            if (keep(a, ps) != 0)
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        free(vals);
        if ((vals = malloc((ps->nf ? ps->nf : 1) * sizeof(*vals))) == NULL) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        if (row_blank(ps, vals))
            continue;
        h = inspex_plan_is_header_row(plan, cells(ps, vals), ps->nf, &sc);
        if (h < 0) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        if (verbose && (h || a->n == 0))
            inspex_import_note(ctx, ps->rec_line, 0,
                               "row %lu: %zu of its %zu cells name fields or "
                               "standards%s",
                               ps->rec_line, sc.recognised, sc.cells,
                               h ? ": the header" : "");
        if (h) {
            *found = 1;
            break;
        }
        if (keep(a, ps) != 0) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
    }
    free(vals);
    return st;
}

/* -O header-row=N: rows before row N are passed over, said in warnings. */
static inspex_status_t take_row(inspex_import_t *ctx, parser_t *ps, long n,
                                int *got, inspex_error_t *err)
{
    const char **vals = NULL;
    inspex_status_t st;

    for (long row = 1;; row++) {
        long rejected = 0;
        if ((st = csv__next_good_row(ctx, ps, got, &rejected, err)) !=
                INSPEX_OK ||
            !*got)
            break;
        row += rejected; /* a record rejected is a row all the same */
        /* a sheet's rows carry their numbers (rows with no cell are not
         * given); a CSV's are counted */
        if (ps->pull)
            row = (long)ps->rec_line;
        if (row > n)
            break;
        if (row == n) {
            free(vals);
            return csv__check_text(ps, err);
        }
        free(vals);
        if ((vals = malloc((ps->nf ? ps->nf : 1) * sizeof(*vals))) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        if (csv__check_text(ps, err) == INSPEX_OK && !row_blank(ps, vals))
            tell_above(ctx, ps);
        inspex_error_clear(err);
    }
    free(vals);
    if (st == INSPEX_OK)
        st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, 0, 0,
                                 "-O header-row=%ld: the table has no row %ld",
                                 n, n);
    return st;
}

inspex_status_t csv__find_header(inspex_import_t *ctx, parser_t *ps, int *got,
                                 inspex_error_t *err)
{
    long n = inspex_import_option_int(ctx, "header-row");
    inspex_plan_t *plan = NULL;
    struct lookahead *a;
    inspex_status_t st;
    int found;

    if (n > 0)
        return take_row(ctx, ps, n, got, err);
    if ((a = calloc(1, sizeof(*a))) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_plan_new(inspex_import_frameworks(ctx),
                         inspex_import_option(ctx, "map"), &plan, err);
    if (st == INSPEX_OK)
        st = scan(ctx, ps, plan, a, &found, err);
    inspex_plan_free(plan);
    ps->ahead = a;
    if (st != INSPEX_OK)
        return st;
    if (found) {
        /* the rows kept were above it, titles and notes: said, then the
         * header is made the current row again */
        size_t above = a->n;
        if (above && keep(a, ps) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        for (size_t k = 0; k < above; k++) {
            if (give_back(ps, a, k) != 0)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            tell_above(ctx, ps);
        }
        if (above && give_back(ps, a, above) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        a->n = a->next = 0;
        *got = 1;
        return INSPEX_OK;
    }
    *got = a->n > 0;
    if (a->n == 0)
        return INSPEX_OK;
    if (inspex_import_verbose(ctx))
        inspex_import_note(ctx, a->rows[0].rec_line, 0,
                           "no row reads as a header: the first row is taken "
                           "(-O header-row=N names another)");
    a->next = 1;
    return give_back(ps, a, 0) == 0
               ? INSPEX_OK
               : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* Tells the user about column i: where it went and why (-v), and a
 * warning when it was ambiguous. */
static void tell_column(inspex_import_t *ctx, const parser_t *ps,
                        const inspex_plan_t *plan, size_t i, int verbose)
{
    const inspex_plan_column_t *c = inspex_plan_column(plan, i);
    char line[512];

    if (verbose)
        inspex_import_note(ctx, ps->f[i].line, ps->f[i].col, "column %zu %s",
                           i + 1,
                           inspex_plan_describe(plan, i, line, sizeof(line)));
    if (c->ambiguous && c->code)
        inspex_import_warn(ctx, ps->f[i].line, ps->f[i].col,
                           "column \"%s\" could be standard %s; kept as an "
                           "extra field, not guessed",
                           c->matched, c->code);
    else if (c->ambiguous)
        inspex_import_warn(ctx, ps->f[i].line, ps->f[i].col,
                           "column \"%s\": %s", c->matched, c->reason);
}

inspex_status_t csv__map_header(inspex_import_t *ctx, parser_t *ps,
                                inspex_layout_t *layout, inspex_plan_t **plan,
                                column_t **out, inspex_error_t *err)
{
    static const char *const layouts[] = {"auto", "wide", "long", "actions"};
    int verbose = inspex_import_verbose(ctx);
    inspex_status_t st;
    size_t extra = 0;
    column_t *cols;

    *out = NULL;
    st = inspex_plan_new(inspex_import_frameworks(ctx),
                         inspex_import_option(ctx, "map"), plan, err);
    for (size_t i = 0; st == INSPEX_OK && i < ps->nf; i++) {
        size_t dup;
        /* a duplicate name is renamed, as Miller and csvkit do */
        st = inspex_plan_add_renaming(*plan, fval(ps, i), &dup, err);
        if (st == INSPEX_OK && dup)
            inspex_import_warn(ctx, ps->f[i].line, ps->f[i].col,
                               "duplicate column name \"%s\" (columns %zu "
                               "and %zu): column %zu is read as \"%s\"",
                               fval(ps, i), dup, i + 1, i + 1,
                               inspex_plan_column(*plan, i)->name);
    }
    if (st != INSPEX_OK)
        return st;
    *layout = inspex_plan_decide(*plan, *layout);
    if ((cols = calloc(ps->nf ? ps->nf : 1, sizeof(*cols))) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < ps->nf; i++) {
        cols[i] = inspex_plan_column(*plan, i);
        extra += cols[i]->target == INSPEX_PLAN_EXTRA;
        tell_column(ctx, ps, *plan, i, verbose);
    }
    if (verbose)
        inspex_import_note(ctx, 1, 0,
                           "header plan: %s layout, %zu column%s, %zu to the "
                           "model, %zu kept in extra",
                           layouts[*layout], ps->nf, ps->nf == 1 ? "" : "s",
                           ps->nf - extra, extra);
    *out = cols;
    return INSPEX_OK;
}
