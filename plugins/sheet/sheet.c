/* SPDX-License-Identifier: MIT */
/*
 * sheet.c - the spreadsheet plugins, xlsx (Office Open XML) and, built
 * with -DINSPEX_ODS, ods (OpenDocument): descriptors, options, probes by
 * content, the choice of a sheet, and the import driver that gives a
 * sheet's rows to the CSV plugin's table reader, so that the header is
 * found, and rows are read, by the same code and the same header plan as
 * the CSV saved from the sheet.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../csv/csv.h"
#include "sheet.h"

/* ---- rows ---------------------------------------------------------------- */

void sheet_row_reset(sheet_row_t *r)
{
    if (r->n)
        memset(r->at, 0, r->n * sizeof(*r->at));
    r->n = 0;
    r->text.len = 0;
}

int sheet_row_set(sheet_row_t *r, size_t col, const char *v, size_t len)
{
    if (col >= r->cap) {
        size_t cap = r->cap ? r->cap : 32;
        while (cap <= col)
            cap *= 2;
        size_t *at = realloc(r->at, cap * sizeof(*at));
        if (at == NULL)
            return -1;
        memset(at + r->cap, 0, (cap - r->cap) * sizeof(*at));
        r->at = at;
        r->cap = cap;
    }
    r->at[col] = r->text.len + 1;
    if (inspex_buf_add(&r->text, v, len) != 0 ||
        inspex_buf_add(&r->text, "", 1) != 0)
        return -1;
    if (col + 1 > r->n)
        r->n = col + 1;
    return 0;
}

const char *sheet_row_get(const sheet_row_t *r, size_t col)
{
    return col < r->n && r->at[col] ? r->text.p + r->at[col] - 1 : "";
}

void sheet_row_free(sheet_row_t *r)
{
    free(r->at);
    free(r->text.p);
    memset(r, 0, sizeof(*r));
}

/* Days from 1970-01-01 to y-m-d's civil date, inverted (H. Hinnant). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;

    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)yoe + era * 400 + (*m <= 2);
}

int sheet_serial_date(double serial, int date1904, char *buf, size_t size)
{
    long days, y;
    unsigned m, d;

    if (!(serial >= 0 && serial < 3000000))
        return 0;
    days = (long)serial; /* the time of day is dropped */
    if (date1904)
        days += -24107; /* 1904-01-01 is day -24107 */
    else if (days == 60 || days < 1)
        return 0; /* Excel's 29 February 1900, or before 1900 */
    else
        days += days < 60 ? -25568 : -25569; /* serial 1 = 1900-01-01 */
    civil(days, &y, &m, &d);
    if (y < 1900 || y > 9999)
        return 0;
    snprintf(buf, size, "%04ld-%02u-%02u", y, m, d);
    return 1;
}

/* ---- the import driver ----------------------------------------------------
 */

/* "B5" for column 1 (from 0) of row 5. */
static void cell_name(char *buf, size_t size, size_t col, unsigned long row)
{
    char letters[8];
    size_t n = 0;

    for (col++; col && n < sizeof(letters); col = (col - 1) / 26)
        letters[n++] = (char)('A' + (col - 1) % 26);
    for (size_t i = 0; i < n && i + 1 < size; i++)
        buf[i] = letters[n - 1 - i];
    n = n < size ? n : size - 1;
    snprintf(buf + n, size - n, "%lu", row);
}

typedef struct pull {
    sheet_cursor_t *cur;
    sheet_row_t row;
    inspex_buf_t raw; /* the row as a CSV line, for rejects */
} pull_t;

/* Appends v to raw as one CSV cell; -1 when out of memory. */
static int raw_cell(inspex_buf_t *raw, const char *v)
{
    if (strpbrk(v, ",\"\r\n") == NULL)
        return inspex_buf_adds(raw, v);
    if (inspex_buf_add(raw, "\"", 1) != 0)
        return -1;
    for (; *v; v++)
        if ((*v == '"' && inspex_buf_add(raw, "\"", 1) != 0) ||
            inspex_buf_add(raw, v, 1) != 0)
            return -1;
    return inspex_buf_add(raw, "\"", 1);
}

/* The table reader's pull: the cursor's next row as a record. */
static inspex_status_t pull_row(parser_t *ps, int *got, inspex_error_t *err)
{
    pull_t *p = ps->pull_ud;
    inspex_status_t st = sheet_cursor_next(p->cur, &p->row, got, err);
    size_t n;

    ps->data.len = 0;
    ps->nf = 0;
    ps->rawp = NULL;
    ps->rawlen = 0;
    if (st != INSPEX_OK || !*got)
        return st;
    n = p->row.n;
    while (n > 0 && *sheet_row_get(&p->row, n - 1) == '\0')
        n--; /* trailing blank cells: a sheet stores formatting there */
    p->raw.len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = sheet_row_get(&p->row, i);
        if (start_field(ps) != 0 ||
            inspex_buf_add(&ps->data, v, strlen(v)) != 0 ||
            end_field(ps) != 0 || (i && inspex_buf_add(&p->raw, ",", 1)) ||
            raw_cell(&p->raw, v) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        ps->f[i].line = p->row.num;
        ps->f[i].col = i + 1;
    }
    if (inspex_buf_add(&p->raw, "\n", 1) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    ps->rec_line = p->row.num;
    ps->rawp = p->raw.p;
    ps->rawlen = p->raw.len;
    return INSPEX_OK;
}

/* 1 when sheet i has, among its first rows, one that reads as a header;
 * *at receives its number. */
static inspex_status_t has_header(sheet_book_t *b, size_t i,
                                  const inspex_plan_t *plan, int *yes,
                                  unsigned long *at, inspex_error_t *err)
{
    sheet_cursor_t *c = NULL;
    sheet_row_t row = {0};
    const char **vals = NULL;
    size_t seen = 0;
    inspex_status_t st = sheet_cursor_open(b, i, &c, err);
    int got;

    *yes = 0;
    while (st == INSPEX_OK && seen < HEADER_SCAN && !*yes) {
        if ((st = sheet_cursor_next(c, &row, &got, err)) != INSPEX_OK || !got)
            break;
        const char **v = realloc(vals, (row.n ? row.n : 1) * sizeof(*v));
        if (v == NULL) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        vals = v;
        for (size_t k = 0; k < row.n; k++)
            vals[k] = sheet_row_get(&row, k);
        if (inspex_plan_row_kind(vals, row.n, 0) == INSPEX_ROW_BLANK)
            continue;
        seen++;
        int h = inspex_plan_is_header_row(plan, vals, row.n, NULL);
        if (h < 0)
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        *yes = h > 0;
        *at = row.num;
    }
    free(vals);
    sheet_row_free(&row);
    sheet_cursor_free(c);
    return st;
}

/* The sheet -O sheet=NAME|N names. */
static inspex_status_t named_sheet(inspex_import_t *ctx, sheet_book_t *b,
                                   const char *want, size_t *out,
                                   inspex_error_t *err)
{
    inspex_buf_t names = {0};
    char *end;
    unsigned long n = strtoul(want, &end, 10);
    inspex_status_t st = sheet_book_reach(b, SIZE_MAX, err);

    if (st != INSPEX_OK)
        return st;
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->sheets[i].name, want) == 0) {
            *out = i;
            return INSPEX_OK;
        }
    if (*want && *end == '\0' && isdigit((unsigned char)*want) && n >= 1 &&
        n <= b->n) {
        *out = n - 1;
        return INSPEX_OK;
    }
    for (size_t i = 0; i < b->n; i++)
        if (inspex_buf_addf(&names, "%s\"%s\"%s", i ? ", " : "",
                            b->sheets[i].name,
                            b->sheets[i].hidden ? " (hidden)" : "") != 0)
            break;
    inspex_error_set_at(err, INSPEX_ERR_USAGE, inspex_import_source(ctx), 0, 0,
                        "-O sheet=%s: no such sheet; the workbook has %s", want,
                        names.p ? names.p : "none");
    free(names.p);
    return INSPEX_ERR_USAGE;
}

/* By default, the first sheet that is not hidden with a row the header
 * plan reads as a header; else the first that is not hidden. */
static inspex_status_t choose(inspex_import_t *ctx, sheet_book_t *b,
                              size_t *out, inspex_error_t *err)
{
    const char *want = inspex_import_option(ctx, "sheet");
    int verbose = inspex_import_verbose(ctx);
    inspex_plan_t *plan = NULL;
    inspex_status_t st;
    size_t first = SIZE_MAX;

    /* the whole list only when -v counts it, or -O sheet= names one */
    if ((st = sheet_book_reach(b, verbose ? SIZE_MAX : 0, err)) != INSPEX_OK)
        return st;
    if (b->n == 0)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX,
                                   inspex_import_source(ctx), 0, 0,
                                   "the workbook has no sheets");
    if (want && *want) {
        if ((st = named_sheet(ctx, b, want, out, err)) == INSPEX_OK && verbose)
            inspex_import_note(ctx, 0, 0, "sheet \"%s\" (%zu of %zu): -O sheet",
                               b->sheets[*out].name, *out + 1, b->n);
        return st;
    }
    st = inspex_plan_new(inspex_import_frameworks(ctx),
                         inspex_import_option(ctx, "map"), &plan, err);
    for (size_t i = 0;
         st == INSPEX_OK && (st = sheet_book_reach(b, i, err)) == INSPEX_OK &&
         i < b->n;
         i++) {
        int yes;
        unsigned long at = 0;
        if (b->sheets[i].hidden) {
            if (verbose)
                inspex_import_note(ctx, 0, 0,
                                   "sheet \"%s\" is hidden: not looked at "
                                   "(-O sheet= reads it)",
                                   b->sheets[i].name);
            continue;
        }
        if (first == SIZE_MAX)
            first = i;
        if ((st = has_header(b, i, plan, &yes, &at, err)) != INSPEX_OK)
            break;
        if (yes) {
            if (verbose)
                inspex_import_note(ctx, 0, 0,
                                   "sheet \"%s\" (%zu of %zu): its row %lu "
                                   "reads as a header",
                                   b->sheets[i].name, i + 1, b->n, at);
            *out = i;
            inspex_plan_free(plan);
            return INSPEX_OK;
        }
    }
    inspex_plan_free(plan);
    if (st != INSPEX_OK)
        return st;
    *out = first == SIZE_MAX ? 0 : first;
    if (verbose)
        inspex_import_note(ctx, 0, 0,
                           "no sheet has a row that reads as a header: "
                           "sheet \"%s\" is read",
                           b->sheets[*out].name);
    return INSPEX_OK;
}

/* What the first bytes say when they are not this plugin's package. */
static inspex_status_t not_ours(inspex_import_t *ctx, inspex_error_t *err)
{
    const unsigned char *p;
    size_t n;
    inspex_status_t st = inspex_reader_peek(inspex_import_reader(ctx), 8, &p,
                                            &n, err);

    if (st != INSPEX_OK)
        return st;
    if (n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return inspex_error_set_at(
            err, INSPEX_ERR_SYNTAX, inspex_import_source(ctx), 0, 0,
            "a legacy Excel 97-2003 workbook (.xls), which inspex does not "
            "read: open it in Excel or LibreOffice and save it as .xlsx, "
            ".ods or CSV");
    return INSPEX_OK;
}

static inspex_status_t sheet_import(inspex_import_t *ctx, inspex_error_t *err)
{
    const char *source = inspex_import_source(ctx);
    sheet_zip_t *z = NULL;
    sheet_book_t *b = NULL;
    parser_t ps = {0};
    pull_t p = {0};
    size_t which = 0;
    inspex_status_t st = not_ours(ctx, err);
    sheet_limits_t lim;

    sheet_limits_of(ctx, &lim);
    if (st == INSPEX_OK)
        st = sheet_zip_open(inspex_import_reader(ctx), source, &lim, &z, err);
#ifdef INSPEX_ODS
    if (st == INSPEX_OK)
        st = ods_book_open(z, source, &b, err);
#else
    if (st == INSPEX_OK)
        st = xlsx_book_open(z, source, &b, err);
#endif
    if (st == INSPEX_OK)
        st = choose(ctx, b, &which, err);
    if (st == INSPEX_OK) {
        b->want_merges = inspex_import_verbose(ctx); /* only -v says them */
        st = sheet_cursor_open(b, which, &p.cur, err);
    }
    for (size_t i = 0;
         st == INSPEX_OK && inspex_import_verbose(ctx) && i < p.cur->nmerges;
         i++) {
        const sheet_merge_t *m = &p.cur->merges[i];
        char a[16], c[16];
        cell_name(a, sizeof(a), m->c1, m->r1);
        cell_name(c, sizeof(c), m->c2, m->r2);
        inspex_import_note(ctx, m->r1, m->c1 + 1,
                           "cells %s:%s are merged: %s holds the value, the "
                           "others are read blank (as in the CSV Excel "
                           "saves)",
                           a, c, a);
    }
    if (st == INSPEX_OK) {
        ps.source = source;
        ps.delim = ',';
        ps.line = ps.col = 1;
        ps.pull = pull_row;
        ps.pull_ud = &p;
        ps.pad = 1; /* a sheet stores no trailing blank cells */
        st = csv__read_table(ctx, &ps, err);
    }
    sheet_cursor_free(p.cur);
    sheet_row_free(&p.row);
    free(p.raw.p);
    free(ps.raw.p);
    free(ps.data.p);
    free(ps.f);
    sheet_book_free(b);
    sheet_zip_free(z);
    return st;
}

/* ---- descriptors ------------------------------------------------------------
 */

/* 1 when a zip's first entry, at data, is named name. */
static int first_entry(const unsigned char *data, size_t len, const char *name)
{
    size_t nlen, n = strlen(name);

    if (len < 30 || memcmp(data, "PK\3\4", 4) != 0)
        return 0;
    nlen = (size_t)data[26] | (size_t)data[27] << 8;
    return nlen == n && len >= 30 + n && memcmp(data + 30, name, n) == 0;
}

/* 1 when the len bytes at data hold s. */
static int holds(const unsigned char *data, size_t len, const char *s)
{
    size_t n = strlen(s);

    for (size_t i = 0; i + n <= len; i++)
        if (data[i] == (unsigned char)s[0] && memcmp(data + i, s, n) == 0)
            return 1;
    return 0;
}

#ifdef INSPEX_ODS
/* An ODS package starts with its stored "mimetype" entry. */
static int sheet_probe(const unsigned char *data, size_t len)
{
    if (!first_entry(data, len, "mimetype"))
        return 0;
    return holds(data, len < 100 ? len : 100,
                 "application/vnd.oasis.opendocument.spreadsheet")
               ? 95
               : 0;
}
#else
/* An XLSX package names xl/workbook.xml among its local headers (Excel
 * writes [Content_Types].xml first and the workbook soon after); a legacy
 * .xls is claimed too, to say what to do with it. */
static int sheet_probe(const unsigned char *data, size_t len)
{
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return 40;
    if (len < 4 || memcmp(data, "PK\3\4", 4) != 0)
        return 0;
    return holds(data, len, "xl/workbook.xml") ||
                   holds(data, len, "xl/_rels/workbook.xml.rels")
               ? 95
           : first_entry(data, len, "[Content_Types].xml") ? 60
                                                           : 0;
}
#endif

static const inspex_option_t options[] = {
    {"sheet", INSPEX_OPT_STRING, NULL,
     "the sheet to read, by name or number from 1 (hidden sheets too); by "
     "default the first visible sheet with a row the header plan reads as "
     "a header",
     NULL, INSPEX_OPT_IMPORT},
    {"header-row", INSPEX_OPT_INT, "0",
     "the row (from 1) that holds the header; 0 finds it: the first row "
     "whose cells name fields or standards, rows above it are said in "
     "warnings",
     NULL, INSPEX_OPT_IMPORT},
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping column names to field names or standard codes, "
     "for headers the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {"dayfirst", INSPEX_OPT_BOOL, "true",
     "read dates typed as text, 04/06/2020, as 4 June; false for US-style "
     "month-first dates",
     NULL, INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "auto",
     "wide (a row an inspection), long (a row a standard) or actions (a "
     "row an improvement-plan action); auto tells them from the header",
     "auto|wide|long|actions", INSPEX_OPT_IMPORT},
    {"sheets", INSPEX_OPT_CHOICE, "inspections",
     "inspections: one sheet, a row an inspection (what reads back); all: "
     "also sheets of judgements, recommendations and actions in long form",
     "inspections|all", INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

#ifdef INSPEX_ODS
static const char *const extensions[] = {"ods", NULL};
static const char *const media_types[] = {
    "application/vnd.oasis.opendocument.spreadsheet", NULL};
#define SHEET_NAME "ods"
#define SHEET_DESCRIPTION                                                    \
    "OpenDocument spreadsheets (LibreOffice): the sheet's table, as CSV is " \
    "read"
#else
static const char *const extensions[] = {"xlsx", "xlsm", NULL};
static const char *const media_types[] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL};
#define SHEET_NAME "xlsx"
#define SHEET_DESCRIPTION \
    "Excel workbooks (Office Open XML): the sheet's table, as CSV is read"
#endif

static const inspex_plugin_t sheet_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = SHEET_NAME,
    .description = SHEET_DESCRIPTION,
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = sheet_probe,
    .import = sheet_import,
    .export_begin = sheet__begin,
    .export_record = sheet__record,
    .export_end = sheet__end,
    .export_free = sheet__free,
};

INSPEX_PLUGIN_DEFINE(sheet_plugin)
