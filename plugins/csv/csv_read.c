/* SPDX-License-Identifier: MIT */
/*
 * csv_read.c - the CSV plugin's readers: a row an inspection (wide), rows
 * of one inspection together (long: a row a standard; actions: a row an
 * improvement-plan action), and the import loop that drives them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* 1 for a cell of nothing but spaces: no value, as an empty one. */
static int is_blank(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    return *v == '\0';
}

/* 1 for the encoding option's "auto". */
static int is_auto(const char *v)
{
    return strcmp(v, "auto") == 0;
}

/* vals with room for n pointers (it had room for *cap): NULL when out of
 * memory, vals then freed. */
static const char **vals_room(const char **vals, size_t n, size_t *cap)
{
    const char **p;

    if (n <= *cap)
        return vals;
    if ((p = realloc(vals, n * sizeof(*p))) == NULL) {
        free(vals);
        return NULL;
    }
    *cap = n;
    return p;
}

/* Locates err at field i of the current record. */
static inspex_status_t at_field(parser_t *ps, size_t i, inspex_status_t st,
                                inspex_error_t *err)
{
    inspex_error_locate(err, ps->source, ps->f[i].line, ps->f[i].col);
    return st;
}

/* Builds an inspection from the current record, as the header plan says;
 * vals has room for a pointer to each field. */
static inspex_status_t build(parser_t *ps, const inspex_plan_t *plan,
                             const char **vals, unsigned flags,
                             inspex_inspection_t *insp, inspex_error_t *err)
{
    const field_t *f = ps->f;
    const char *base = ps->data.p;
    size_t n = ps->nf, at;
    inspex_status_t st;

    inspex_inspection_set_origin(insp, ps->source, ps->rec_line);
    for (size_t i = 0; i < n; i++)
        vals[i] = base + f[i].off;
    st = inspex_plan_apply_row(plan, vals, n, insp, flags, &at, err);
    return st == INSPEX_OK ? st : at_field(ps, at, st, err);
}

/* Adds the current row's judgement (long layout) or action (actions
 * layout) to insp. */
static inspex_status_t add_row(parser_t *ps, const column_t *cols,
                               inspex_layout_t layout, unsigned flags,
                               inspex_inspection_t *insp, inspex_error_t *err)
{
    inspex_status_t st;

    if (layout == INSPEX_LAYOUT_ACTIONS) {
        inspex_item_t *item = NULL;
        for (size_t i = 0; i < ps->nf; i++) {
            if (cols[i]->target != INSPEX_PLAN_ROW_ACTION ||
                is_blank(fval(ps, i)))
                continue;
            if (item == NULL &&
                (item = inspex_inspection_add_item(insp, INSPEX_ITEM_ACTION)) ==
                    NULL)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            st = inspex_item_set(item, cols[i]->attr, fval(ps, i), flags, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
        }
        return INSPEX_OK;
    }
    size_t code = SIZE_MAX;
    for (size_t i = 0; i < ps->nf; i++)
        if (cols[i]->target == INSPEX_PLAN_ROW_CODE)
            code = i;
    if (code == SIZE_MAX || is_blank(fval(ps, code))) {
        /* an inspection with no standards rated: a row without a code */
        for (size_t i = 0; i < ps->nf; i++)
            if ((cols[i]->target == INSPEX_PLAN_ROW_RATING ||
                 cols[i]->target == INSPEX_PLAN_ROW_TITLE) &&
                !is_blank(fval(ps, i)))
                return at_field(ps, i,
                                inspex_error_set(err, INSPEX_ERR_INVALID,
                                                 "a rating or title without a "
                                                 "standard code"),
                                err);
        return INSPEX_OK;
    }
    /* A standard with neither rating nor title is not judged, as a blank
     * cell in the wide layout is not (and nothing could carry it back). */
    int said = 0;
    for (size_t i = 0; i < ps->nf && !said; i++)
        said = (cols[i]->target == INSPEX_PLAN_ROW_RATING ||
                cols[i]->target == INSPEX_PLAN_ROW_TITLE) &&
               !is_blank(fval(ps, i));
    if (!said)
        return INSPEX_OK;
    /* The row is read into a scratch judgement first: a row rejected for
     * a bad rating must leave nothing behind in its group's inspection. */
    inspex_inspection_t *scratch = inspex_inspection_new();
    inspex_judgement_t *j = NULL, *kept;
    if (scratch == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    j = inspex_inspection_add_judgement(scratch, fval(ps, code), err);
    if (j == NULL) {
        inspex_inspection_free(scratch);
        return at_field(ps, code, inspex_error_code(err), err);
    }
    for (size_t i = 0; i < ps->nf; i++) {
        if (cols[i]->target == INSPEX_PLAN_ROW_TITLE)
            st = inspex_judgement_set_title(j, fval(ps, i), err);
        else if (cols[i]->target == INSPEX_PLAN_ROW_RATING)
            st = inspex_judgement_set_rating(j, fval(ps, i), err);
        else
            continue;
        if (st != INSPEX_OK) {
            inspex_inspection_free(scratch);
            return at_field(ps, i, st, err);
        }
    }
    /* a cell said something (above), so the judgement has a rating or a
     * title: it goes to the inspection */
    kept = inspex_inspection_add_judgement(insp, fval(ps, code), err);
    if (kept == NULL)
        st = at_field(ps, code, inspex_error_code(err), err);
    else if ((st = inspex_judgement_set_title(kept, inspex_judgement_title(j),
                                              err)) == INSPEX_OK)
        st = inspex_judgement_set_rating(kept, inspex_judgement_rating(j), err);
    inspex_inspection_free(scratch);
    return st;
}

/* The cells that belong to the inspection rather than the row, joined:
 * rows with the same key make one inspection. */
static int group_key(parser_t *ps, const column_t *cols, inspex_buf_t *key)
{
    key->len = 0;
    for (size_t i = 0; i < ps->nf; i++) {
        if (cols[i]->target >= INSPEX_PLAN_ROW_CODE)
            continue;
        if (inspex_buf_add(key, fval(ps, i), ps->f[i].len) != 0 ||
            inspex_buf_add(key, "\x1f", 1) != 0)
            return -1;
    }
    return 0;
}

/* Emits the grouped inspection (or rejects all its rows when one was
 * bad); *group is taken. */
/* 1 when g holds nothing: no field, judgement or item, and blank extras
 * only. */
static int holds_nothing(const inspex_inspection_t *g)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (inspex_inspection_get(g, (inspex_field_t)f))
            return 0;
    if (inspex_inspection_judgement_count(g))
        return 0;
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++)
        if (inspex_inspection_item_count(g, (inspex_item_kind_t)k))
            return 0;
    for (size_t i = 0; i < inspex_inspection_extra_count(g); i++)
        if (!is_blank(inspex_inspection_extra_value(g, i)))
            return 0;
    return 1;
}

static inspex_status_t flush_group(inspex_import_t *ctx,
                                   inspex_inspection_t **group,
                                   inspex_buf_t *raw, inspex_error_t *gerr,
                                   inspex_error_t *err)
{
    inspex_inspection_t *g = *group;
    unsigned long line = 0;

    *group = NULL;
    if (inspex_error_code(gerr) != INSPEX_OK) {
        inspex_inspection_free(g);
        inspex_error_copy(err, gerr);
        return inspex_import_reject(ctx, raw->p, raw->len, err);
    }
    /* Rows whose inspection cells are blank and that rate nothing (a
     * standard's code with no rating) make no inspection: one would
     * carry nothing, and write as a blank row. */
    if (holds_nothing(g)) {
        inspex_inspection_origin(g, &line);
        inspex_import_warn(ctx, line, 0,
                           "rows with blank inspection cells and no rating: "
                           "not an inspection");
        inspex_inspection_free(g);
        return INSPEX_OK;
    }
    return inspex_import_emit(ctx, g, raw->p, raw->len, err);
}

/* Says a row under the header that is no record (a footnote, a note, a
 * total): its first cell, in a warning. */
static void tell_skipped(inspex_import_t *ctx, parser_t *ps,
                         inspex_row_kind_t kind)
{
    size_t i = 0;

    while (i < ps->nf && is_blank(fval(ps, i)))
        i++;
    inspex_import_warn(ctx, ps->rec_line, i < ps->nf ? ps->f[i].col : 0,
                       "%s, not an inspection: \"%.200s\"",
                       kind == INSPEX_ROW_TOTAL ? "a total row"
                                                : "a note or footnote row",
                       i < ps->nf ? fval(ps, i) : "");
}

/* The kind of the current row under a header of ncols columns; vals has
 * room for ps->nf pointers. */
/* The blank header cells before the first name (the header is the
 * current row): a margin, for row_kind. */
static size_t header_margin(const parser_t *ps, size_t ncols)
{
    size_t m = 0;

    while (m + 1 < ncols && is_blank(fval(ps, m)))
        m++;
    return m;
}

/* The row's kind, the table taken from its first named column: a sheet
 * with a blank margin column (no header above it) has its notes in the
 * column after, unless the margin holds text. */
static inspex_row_kind_t row_kind(parser_t *ps, const char **vals, size_t ncols,
                                  size_t margin)
{
    for (size_t i = 0; i < ps->nf; i++) {
        vals[i] = fval(ps, i);
        if (i < margin && !is_blank(vals[i]))
            margin = 0;
    }
    if (margin >= ps->nf)
        margin = 0;
    return inspex_plan_row_kind(vals + margin, ps->nf - margin, ncols - margin);
}

/* The rows still held at the end of the table: footnotes, said. */
static void tell_held(inspex_import_t *ctx, parser_t *ps, size_t held)
{
    for (size_t k = 0; k < held && csv__held(ps, k); k++)
        tell_skipped(ctx, ps, INSPEX_ROW_NOTE);
}

/* 1 when a one-cell row is an inspection with only its id, not a
 * footnote: its value is under a column named id (inspex's own CSV
 * starts with one, and a machine's file has no footnotes; "Inspection
 * ID" in a sheet made by hand may have a note under it), in a row of the
 * header's width (a sheet's, which stores no trailing blanks, may be
 * shorter). vals holds the row. */
static int lone_id(const parser_t *ps, const char *const *vals,
                   const column_t *cols, size_t ncols)
{
    size_t i = 0;
    char key[4];

    while (i < ps->nf && is_blank(vals[i]))
        i++;
    return ps->nf <= ncols && (ps->nf == ncols || ps->pad) && i < ncols &&
           cols[i]->target == INSPEX_PLAN_FIELD &&
           cols[i]->field == INSPEX_FIELD_ID &&
           strcmp(inspex_match_key(cols[i]->name, key, sizeof(key)), "id") == 0;
}

/* 1 when the current row is no record (blank, a total, or a note held
 * until a record comes: the held rows and this one are then given back);
 * 0 to read it; -1 when out of memory. vals grows to the row; *records
 * counts the rows read, *held the rows held. */
static int no_record(inspex_import_t *ctx, parser_t *ps, const char ***vals,
                     size_t *ncap, const column_t *cols, size_t ncols,
                     size_t margin, size_t *records, size_t *held)
{
    inspex_row_kind_t kind;

    /* cells past the header are looked at too: text there is no blank */
    if (ps->nf > *ncap && (*vals = vals_room(*vals, ps->nf, ncap)) == NULL)
        return -1;
    kind = row_kind(ps, *vals, ncols, margin);
    if (kind == INSPEX_ROW_BLANK)
        return 1;
    if (kind == INSPEX_ROW_TOTAL) {
        tell_skipped(ctx, ps, kind);
        return 1;
    }
    /* One cell of text after the records is a footnote only if no record
     * follows it: held until then. */
    if (kind == INSPEX_ROW_NOTE && lone_id(ps, *vals, cols, ncols))
        kind = INSPEX_ROW_RECORD;
    if (kind == INSPEX_ROW_NOTE && *records && !ps->forced) {
        if (csv__hold(ps) != 0)
            return -1;
        (*held)++;
        return 1;
    }
    if (*held) {
        *held = 0;
        return csv__release(ps) != 0 ? -1 : 1;
    }
    (*records)++;
    return 0;
}

/* A record the parser could not read (a limit passed, a quote): read
 * past, and rejected with its bytes (its head, for a limit); err holds
 * the reason. */
static inspex_status_t reject_bad(inspex_import_t *ctx, parser_t *ps,
                                  inspex_error_t *err)
{
    inspex_status_t st = csv__resync(ps, err);

    if (st != INSPEX_OK)
        return st;
    if (inspex_error_code(err) == INSPEX_ERR_LIMIT)
        return inspex_import_reject_cut(ctx, ps->rawp, ps->rawlen, ps->rawtotal,
                                        err);
    return inspex_import_reject(ctx, ps->rawp, ps->rawlen, err);
}

inspex_status_t csv__next_good_row(inspex_import_t *ctx, parser_t *ps, int *got,
                                   long *rejected, inspex_error_t *err)
{
    inspex_status_t st;

    while ((st = csv__next_row(ps, got, err)) != INSPEX_OK && ps->bad &&
           inspex_import_keep_going(ctx)) {
        if (rejected)
            (*rejected)++;
        if ((st = reject_bad(ctx, ps, err)) != INSPEX_OK)
            return st;
    }
    return st;
}

inspex_status_t csv__import(inspex_import_t *ctx, inspex_error_t *err)
{
    parser_t ps = {0};
    inspex_reader_t *transcoder = NULL;
    inspex_status_t st;
    const char *v;

    ps.r = inspex_import_reader(ctx);
    ps.source = inspex_import_source(ctx);
    ps.line = ps.col = 1;
    csv__limits(&ps, ctx);
    /* BLOCK bytes past a full chunk, for the 16-byte reads (set once, so
     * that nothing uninitialised is ever read) */
    ps.in = calloc(1, IN_CHUNK + BLOCK);
    if (ps.in == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    /* Another encoding is converted to UTF-8 before anything reads it;
     * then a byte-order mark (a UTF-16 one has become UTF-8's) is passed
     * over. */
    v = inspex_import_option(ctx, "encoding");
    if (v == NULL || is_auto(v)) {
        int guessed;
        st = inspex_reader_detect_encoding(ps.r, &v, &guessed, err);
        if (st != INSPEX_OK)
            goto out;
        if (guessed)
            inspex_import_warn(ctx, 0, 0,
                               "not UTF-8 and no byte-order mark: read as "
                               "Windows-1252 (-O encoding=NAME names the "
                               "encoding)");
    }
    if (!inspex_encoding_is_utf8(v)) {
        st = inspex_reader_new_transcoding(ps.r, v, &transcoder, err);
        if (st != INSPEX_OK)
            goto out;
        ps.r = transcoder;
    }
    if ((st = inspex_reader_skip_bom(ps.r, err)) != INSPEX_OK)
        goto out;
    if ((ps.delim = (char)inspex_import_option_char(ctx, "delimiter")) == 0) {
        const unsigned char *head;
        size_t n;
        st = inspex_reader_peek(ps.r, 64 * 1024, &head, &n, err);
        if (st != INSPEX_OK)
            goto out;
        ps.delim = csv__detect_delimiter(head, n);
    }
    st = csv__read_table(ctx, &ps, err);
out:
    inspex_reader_free(transcoder);
    free(ps.in);
    free(ps.raw.p);
    free(ps.replay.p);
    free(ps.data.p);
    free(ps.f);
    return st;
}

inspex_status_t csv__read_table(inspex_import_t *ctx, parser_t *ps,
                                inspex_error_t *err)
{
    column_t *cols = NULL;
    size_t ncols = 0;
    inspex_buf_t key = {0}, gkey = {0}, graw = {0};
    inspex_status_t st;
    int got, pad;
    inspex_layout_t layout;
    unsigned flags = 0;
    const char *v;
    inspex_inspection_t *group = NULL;
    inspex_error_t *gerr = inspex_error_new();
    inspex_plan_t *plan = NULL;
    const char **vals = NULL;     /* the current record's cells, for build */
    size_t ncap = 0;              /* room in vals */
    size_t records = 0, held = 0; /* rows read as records; held rows */
    size_t margin = 0;            /* blank header cells before the first */

    if (gerr == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (!inspex_import_option_bool(ctx, "dayfirst"))
        flags |= INSPEX_DATE_MONTHFIRST;
    /* every row is built only once csv__check_text has passed its text */
    flags |= INSPEX_VALUE_UTF8;
    v = inspex_import_option(ctx, "ragged");
    pad = ps->pad || (v && strcmp(v, "pad") == 0);

    /* The header: found, not assumed (csv__find_header). */
    st = csv__find_header(ctx, ps, &got, err);
    if (st == INSPEX_OK && !got)
        st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, 1, 0,
                                 "empty file: no header line");
    if (st == INSPEX_OK)
        st = csv__check_text(ps, err);
    v = inspex_import_option(ctx, "layout");
    layout = v == NULL || strcmp(v, "auto") == 0 ? INSPEX_LAYOUT_AUTO
             : strcmp(v, "long") == 0            ? INSPEX_LAYOUT_LONG
             : strcmp(v, "actions") == 0         ? INSPEX_LAYOUT_ACTIONS
                                                 : INSPEX_LAYOUT_WIDE;
    if (st == INSPEX_OK)
        st = csv__map_header(ctx, ps, &layout, &plan, &cols, err);
    if (st != INSPEX_OK)
        goto out;
    ncols = ncap = ps->nf;
    margin = header_margin(ps, ncols);
    if ((vals = calloc(ncols ? ncols : 1, sizeof(*vals))) == NULL) {
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (layout == INSPEX_LAYOUT_LONG) {
        int has_code = 0;
        for (size_t i = 0; i < ncols; i++)
            has_code |= cols[i]->target == INSPEX_PLAN_ROW_CODE;
        if (!has_code) {
            st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, 1, 0,
                                     "the long layout needs a standard "
                                     "column (standard, code)");
            goto out;
        }
    }

    for (;;) {
        inspex_inspection_t *insp;

        st = csv__next_good_row(ctx, ps, &got, NULL, err);
        if (st != INSPEX_OK || !got)
            break;
        /* A blank line is no record. */
        if (ps->nf == 1 && ps->f[0].len == 0 && ps->rawlen <= 2)
            continue;
        /* Nor is a blank row, a footnote or a total (issue 14). */
        int skip = no_record(ctx, ps, &vals, &ncap, cols, ncols, margin,
                             &records, &held);
        if (skip < 0) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        if (skip)
            continue;
        if (ps->nf != ncols && !(pad && ps->nf < ncols)) {
            inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source,
                                ps->rec_line, 0,
                                "row has %zu fields but the header has %zu%s",
                                ps->nf, ncols,
                                ps->nf < ncols ? " (-O ragged=pad fills short "
                                                 "rows)"
                                               : "");
            st = inspex_import_reject(ctx, ps->rawp, ps->rawlen, err);
            if (st != INSPEX_OK)
                break;
            continue;
        }
        while (ps->nf < ncols) { /* ragged=pad */
            if (start_field(ps) != 0 || end_field(ps) != 0) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                goto out;
            }
        }
        st = csv__check_text(ps, err);
        if (st == INSPEX_OK && layout != INSPEX_LAYOUT_WIDE) {
            /* Rows with the same inspection cells make one inspection; it
             * goes out when the next one starts. */
            if (group_key(ps, cols, &key) != 0) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                break;
            }
            if (group == NULL || key.len != gkey.len ||
                (key.len && memcmp(key.p, gkey.p, key.len) != 0)) {
                if (group && (st = flush_group(ctx, &group, &graw, gerr,
                                               err)) != INSPEX_OK)
                    break;
                if ((group = inspex_inspection_new()) == NULL) {
                    st = inspex_error_set(err, INSPEX_ERR_NOMEM,
                                          "out of memory");
                    break;
                }
                inspex_error_clear(gerr);
                gkey.len = 0;
                graw.len = 0;
                if (inspex_buf_add(&gkey, key.p, key.len) != 0) {
                    st = inspex_error_set(err, INSPEX_ERR_NOMEM,
                                          "out of memory");
                    break;
                }
                st = build(ps, plan, vals, flags, group, gerr);
            }
            if (st == INSPEX_OK && inspex_error_code(gerr) == INSPEX_OK)
                st = add_row(ps, cols, layout, flags, group, gerr);
            if (st == INSPEX_ERR_NOMEM) {
                inspex_error_copy(err, gerr);
                break;
            }
            st = INSPEX_OK; /* a bad row spoils its group: see flush_group */
            if (inspex_buf_add(&graw, ps->rawp, ps->rawlen) != 0) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                break;
            }
            continue;
        }
        if (st == INSPEX_OK) {
            insp = inspex_inspection_new();
            if (insp == NULL) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                break;
            }
            st = build(ps, plan, vals, flags, insp, err);
            if (st == INSPEX_OK) {
                st = inspex_import_emit(ctx, insp, ps->rawp, ps->rawlen, err);
                if (st != INSPEX_OK)
                    break;
                continue;
            }
            inspex_inspection_free(insp);
        }
        if (st == INSPEX_ERR_NOMEM)
            break;
        st = inspex_import_reject(ctx, ps->rawp, ps->rawlen, err);
        if (st != INSPEX_OK)
            break;
    }
    if (st == INSPEX_OK)
        tell_held(ctx, ps, held);
    if (st == INSPEX_OK && group)
        st = flush_group(ctx, &group, &graw, gerr, err);
out:
    inspex_plan_free(plan);
    inspex_inspection_free(group);
    inspex_error_free(gerr);
    free(key.p);
    free(gkey.p);
    free(graw.p);
    free(cols);
    free(vals);
    csv__ahead_free(ps);
    return st;
}
