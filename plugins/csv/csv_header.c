/*
 * csv_header.c - the CSV plugin's header: the library's header plan
 * (<inspex/plan.h>) decides the layout and what each column maps to in the
 * model, as for every importer of flat records; here the plugin gives it
 * the header, says the plan's ambiguities and, under -v, the plan itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"

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
    for (size_t i = 0; st == INSPEX_OK && i < ps->nf; i++)
        if ((st = inspex_plan_add(*plan, fval(ps, i), err)) ==
            INSPEX_ERR_SYNTAX) /* a duplicate name: say where */
            inspex_error_locate(err, ps->source, ps->f[i].line, ps->f[i].col);
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
