/* SPDX-License-Identifier: MIT */
/*
 * sheet_ods.c - reading an OpenDocument spreadsheet: content.xml's tables
 * (their names, and which are hidden by their style), and a table's rows,
 * streamed with libxml2's reader: strings (text:p, with text:s spaces,
 * tabs and line breaks), floats, percentages and currencies by their
 * value, dates by their ISO value, booleans, repeated rows and cells
 * (without making the trailing empty ones); a cell spanning others
 * holds its value, the covered cells are read blank. Annotations are not
 * cell text.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"

#define START XML_READER_TYPE_ELEMENT
#define END XML_READER_TYPE_END_ELEMENT

/* The reader's node: its type, and its local name for an element's start
 * or end ("" for others). */
static int node(xmlTextReaderPtr x, const char **name)
{
    int type = xmlTextReaderNodeType(x);

    *name = type == START || type == END
                ? (const char *)xmlTextReaderConstLocalName(x)
                : "";
    return type;
}

static int is(xmlTextReaderPtr x, int type, const char *local)
{
    const char *nm;

    return node(x, &nm) == type && strcmp(nm, local) == 0;
}

static char *dup(const char *s)
{
    char *d = s ? malloc(strlen(s) + 1) : NULL;

    if (d)
        memcpy(d, s, strlen(s) + 1);
    return d;
}

/* An attribute "prefix:local" of the current element, borrowed. */
static const char *get(xmlTextReaderPtr x, const char *prefix,
                       const char *local)
{
    return sheet_xml_attr(x, prefix, local);
}

static unsigned long get_count(xmlTextReaderPtr x, const char *prefix,
                               const char *local)
{
    const char *v = get(x, prefix, local);
    unsigned long n = v ? strtoul(v, NULL, 10) : 1;

    return n ? n : 1;
}

static inspex_status_t open_content(sheet_book_t *b, sheet_entry_t **e,
                                    xmlTextReaderPtr *x, inspex_error_t *err)
{
    inspex_status_t st = sheet_entry_open(b->zip, "content.xml", e, err);

    *x = NULL;
    if (st != INSPEX_OK)
        return st;
    if ((*x = sheet_xml_open(*e, "content.xml")) == NULL) {
        sheet_entry_close(*e);
        *e = NULL;
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    return INSPEX_OK;
}

static void close_content(sheet_entry_t *e, xmlTextReaderPtr x)
{
    if (x)
        xmlFreeTextReader(x);
    sheet_entry_close(e);
}

/* ---- the tables
 * -------------------------------------------------------------- */

typedef struct names {
    char **v;
    size_t n, cap;
} names_t;

static int names_add(names_t *s, const char *v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **p = realloc(s->v, cap * sizeof(*p));
        if (p == NULL)
            return -1;
        s->v = p;
        s->cap = cap;
    }
    return (s->v[s->n++] = dup(v)) ? 0 : -1;
}

static int names_has(const names_t *s, const char *v)
{
    for (size_t i = 0; v && i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return 1;
    return 0;
}

static void names_free(names_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* One <table:table> into the book's list. */
static int add_table(sheet_book_t *b, xmlTextReaderPtr x, const names_t *hid,
                     size_t *cap)
{
    const char *name = get(x, "table", "name");
    const char *style = get(x, "table", "style-name");
    int rc = 0;

    if (b->n < SHEET_MAX_SHEETS) {
        if (b->n == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            sheet_info_t *s = realloc(b->sheets, *cap * sizeof(*s));
            if (s == NULL)
                rc = -1;
            else
                b->sheets = s;
        }
        if (rc == 0) {
            sheet_info_t *s = &b->sheets[b->n++];
            s->name = dup(name ? name : "");
            s->path = NULL;
            s->hidden = names_has(hid, style);
            rc = s->name ? 0 : -1;
        }
    }
    return rc;
}

/* The tables, listed as far as they are asked for: one reader over
 * content.xml that stops after the table wanted, so that reading the
 * first sheet does not parse the whole document first. */
typedef struct olist {
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    names_t hidden;  /* the styles that hide a table */
    char style[256]; /* the style being read */
    size_t cap;      /* of b->sheets */
    int skip;        /* on a table's start, its rows not passed yet */
    int done;
} olist_t;

static void ods_free(void *impl)
{
    olist_t *l = impl;

    if (l == NULL)
        return;
    close_content(l->e, l->x);
    names_free(&l->hidden);
    free(l);
}

/* Looks at the node the list's reader is on: -2 out of memory, 1 when it
 * was a table's start, else 0. */
static int list_node(sheet_book_t *b, olist_t *l)
{
    const char *nm;
    int type = node(l->x, &nm);

    if (type != START)
        return 0;
    if (strcmp(nm, "style") == 0) {
        const char *n = get(l->x, "style", "name");
        snprintf(l->style, sizeof(l->style), "%s", n ? n : "");
    } else if (strcmp(nm, "table-properties") == 0) {
        const char *d = get(l->x, "table", "display");
        if (d && strcmp(d, "false") == 0 &&
            names_add(&l->hidden, l->style) != 0)
            return -2;
    } else if (strcmp(nm, "table") == 0) {
        if (add_table(b, l->x, &l->hidden, &l->cap) != 0)
            return -2;
        l->skip = !xmlTextReaderIsEmptyElement(l->x);
        return 1;
    }
    return 0;
}

/* Lists tables until table upto is listed or there are no more. */
static inspex_status_t ods_more(sheet_book_t *b, size_t upto,
                                inspex_error_t *err)
{
    olist_t *l = b->impl;
    int r = 1;

    while (!l->done && b->n <= upto) {
        if (l->skip) { /* its rows are read later: on to what follows it */
            l->skip = 0;
            r = xmlTextReaderNext(l->x);
            if (r < 0)
                sheet_entry_error(l->e, err); /* a limit, when one */
        } else
            r = sheet_xml_next(l->x, l->e, b->source, err);
        if (r != 1)
            break;
        if ((r = list_node(b, l)) < 0)
            break;
        r = 1;
    }
    if (r == 1 || r == 0) {
        l->done |= r == 0;
        return INSPEX_OK;
    }
    l->done = 1;
    if (r == -2)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return inspex_error_code(err) != INSPEX_OK
               ? inspex_error_code(err)
               : inspex_error_set_at(err, INSPEX_ERR_SYNTAX, b->source, 0, 0,
                                     "content.xml: malformed XML");
}

/* ---- a table's rows
 * ------------------------------------------------------------- */

typedef struct ocursor {
    sheet_cursor_t base;
    sheet_book_t *b;
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    unsigned long num;    /* rows passed */
    unsigned long repeat; /* copies of the last row still to give */
    inspex_buf_t cell;
    inspex_buf_t val; /* the cell's value attribute, copied */
    int done;
} ocursor_t;

static void ocursor_free(sheet_cursor_t *base)
{
    ocursor_t *c = (ocursor_t *)base;

    close_content(c->e, c->x);
    free(c->cell.p);
    free(c->val.p);
    free(c);
}

/* Appends what a node inside a paragraph adds: -2 out of memory, -1 a
 * cell too long (err set), else 0. */
static int para_node(ocursor_t *c, int type, const char *nm,
                     inspex_error_t *err)
{
    if (type == START && strcmp(nm, "s") == 0) {
        unsigned long n = get_count(c->x, "text", "c");
        for (unsigned long i = 0; i < n && i < 1024; i++)
            if (inspex_buf_add(&c->cell, " ", 1) != 0)
                return -2;
    } else if (type == START && strcmp(nm, "tab") == 0) {
        if (inspex_buf_add(&c->cell, "\t", 1) != 0)
            return -2;
    } else if (type == START && strcmp(nm, "line-break") == 0) {
        if (inspex_buf_add(&c->cell, "\n", 1) != 0)
            return -2;
    } else if (type == XML_READER_TYPE_TEXT ||
               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
        if (inspex_buf_adds(&c->cell,
                            (const char *)xmlTextReaderConstValue(c->x)) != 0)
            return -2;
        if (c->cell.len > 1024 * 1024) {
            inspex_error_set(err, INSPEX_ERR_INVALID,
                             "a cell of more than 1 MiB of text");
            return -1;
        }
    }
    return 0;
}

/* A cell's text: its paragraphs, joined by line breaks, into c->cell. The
 * reader is on the cell's start (not empty); it ends on the cell's end. */
static int cell_text(ocursor_t *c, inspex_error_t *err)
{
    int r, depth_note = 0, paras = 0, in_p = 0;
    const char *nm;

    while ((r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = node(c->x, &nm);
        if (type == END && (strcmp(nm, "table-cell") == 0 ||
                            strcmp(nm, "covered-table-cell") == 0))
            return 1;
        if (type == START && strcmp(nm, "annotation") == 0)
            depth_note += !xmlTextReaderIsEmptyElement(c->x);
        else if (type == END && strcmp(nm, "annotation") == 0)
            depth_note--;
        if (depth_note)
            continue;
        if (type == START && (strcmp(nm, "p") == 0 || strcmp(nm, "h") == 0)) {
            if (paras++ && inspex_buf_add(&c->cell, "\n", 1) != 0)
                return -2;
            in_p = !xmlTextReaderIsEmptyElement(c->x);
        } else if (type == END &&
                   (strcmp(nm, "p") == 0 || strcmp(nm, "h") == 0))
            in_p = 0;
        else if (in_p && (r = para_node(c, type, nm, err)) < 0)
            return r;
    }
    return r;
}

/* The value attribute that a cell of value type t shows, or NULL (the
 * text is read); borrowed. */
static const char *value_of(xmlTextReaderPtr x, const char *t)
{
    if (strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 ||
        strcmp(t, "currency") == 0)
        return get(x, "office", "value");
    if (strcmp(t, "date") == 0)
        return get(x, "office", "date-value");
    if (strcmp(t, "boolean") == 0) {
        const char *b = get(x, "office", "boolean-value");
        return b && strcmp(b, "true") == 0 ? "TRUE" : "FALSE";
    }
    if (strcmp(t, "string") == 0)
        return get(x, "office", "string-value");
    return NULL;
}

/* The value a cell shows, by its value type: into c->cell (NUL-ended). */
static int cell_value(ocursor_t *c, inspex_error_t *err)
{
    const char *t = get(c->x, "office", "value-type");
    const char *v = value_of(c->x, t ? t : "");
    int r = 1, has = v != NULL;

    c->cell.len = 0;
    if (has) { /* copied: the reader moves on */
        size_t n = strlen(v);
        if (t && strcmp(t, "date") == 0 && n > 10)
            n = 10; /* the date, without its time */
        c->val.len = 0;
        if (inspex_buf_add(&c->val, v, n) != 0)
            return -2;
    }
    if (!xmlTextReaderIsEmptyElement(c->x))
        r = cell_text(c, err); /* read past it, and the text for strings */
    if (r >= 0 && has) {
        c->cell.len = 0;
        if (inspex_buf_add(&c->cell, c->val.p ? c->val.p : "", c->val.len) != 0)
            r = -2;
    }
    if (r >= 0 && inspex_buf_add(&c->cell, "", 1) != 0)
        r = -2;
    return r;
}

/* Reads one row, the reader on its start (not empty), into row. */
static inspex_status_t read_row(ocursor_t *c, sheet_row_t *row,
                                inspex_error_t *err)
{
    size_t col = 0;
    const char *nm;
    int r;

    while ((r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = node(c->x, &nm);
        if (type == END && strcmp(nm, "table-row") == 0)
            return INSPEX_OK;
        if (type != START || (strcmp(nm, "covered-table-cell") != 0 &&
                              strcmp(nm, "table-cell") != 0))
            continue;
        unsigned long rep = get_count(c->x, "table", "number-columns-repeated");
        if ((r = cell_value(c, err)) < 0)
            break;
        if (c->cell.len <= 1) { /* empty: no cell made, however many */
            col += rep < SHEET_MAX_COLS ? rep : SHEET_MAX_COLS;
            continue;
        }
        if (col + rep > SHEET_MAX_COLS)
            return inspex_error_set_at(err, INSPEX_ERR_INVALID, c->b->source,
                                       row->num, 0,
                                       "row %lu has more than %d columns",
                                       row->num, SHEET_MAX_COLS);
        for (unsigned long k = 0; k < rep; k++, col++)
            if (sheet_row_set(row, col, c->cell.p, c->cell.len - 1) != 0)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if (r == -2)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return r < 0 ? inspex_error_code(err) : INSPEX_OK;
}

static inspex_status_t ocursor_next(sheet_cursor_t *base, sheet_row_t *row,
                                    int *got, inspex_error_t *err)
{
    ocursor_t *c = (ocursor_t *)base;
    const char *nm;
    int r = 0;

    *got = 0;
    if (c->repeat) { /* the same row again, under the next number */
        c->repeat--;
        row->num = ++c->num;
        *got = 1;
        return INSPEX_OK;
    }
    while (!c->done &&
           (r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = node(c->x, &nm);
        if (type == END && strcmp(nm, "table") == 0) {
            c->done = 1;
            break;
        }
        if (type != START || strcmp(nm, "table-row") != 0)
            continue;
        unsigned long rep = get_count(c->x, "table", "number-rows-repeated");
        inspex_status_t st;
        sheet_row_reset(row);
        row->num = c->num + 1;
        if (row->num > SHEET_MAX_ROWS)
            return inspex_error_set_at(err, INSPEX_ERR_INVALID, c->b->source,
                                       row->num, 0, "more than %lu rows",
                                       SHEET_MAX_ROWS);
        if (!xmlTextReaderIsEmptyElement(c->x) &&
            (st = read_row(c, row, err)) != INSPEX_OK) {
            if (inspex_error_line(err) == 0)
                inspex_error_locate(err, c->b->source, row->num, 0);
            return st;
        }
        if (row->n == 0) { /* blank rows, however many: none made */
            c->num += rep;
            continue;
        }
        c->num++;
        if (rep > 1)
            c->repeat = rep - 1 < SHEET_MAX_ROWS ? rep - 1 : SHEET_MAX_ROWS;
        *got = 1;
        return INSPEX_OK;
    }
    if (!c->done && r < 0)
        return inspex_error_code(err);
    c->done = 1;
    return INSPEX_OK;
}

static inspex_status_t ods_open(sheet_book_t *b, size_t i, sheet_cursor_t **out,
                                inspex_error_t *err)
{
    ocursor_t *c = calloc(1, sizeof(*c));
    inspex_status_t st;
    size_t seen = 0;
    int r, skip = 0;

    if (c == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    c->base.next = ocursor_next;
    c->base.free = ocursor_free;
    c->b = b;
    if ((st = open_content(b, &c->e, &c->x, err)) != INSPEX_OK) {
        ocursor_free(&c->base);
        return st;
    }
    /* on to table i's start, past the tables before it whole */
    for (;;) {
        r = skip ? xmlTextReaderNext(c->x)
                 : sheet_xml_next(c->x, c->e, b->source, err);
        if (r < 0 && skip)
            sheet_entry_error(c->e, err); /* a limit, when one */
        skip = 0;
        if (r != 1)
            break;
        if (!is(c->x, START, "table"))
            continue;
        if (seen++ == i)
            break;
        skip = !xmlTextReaderIsEmptyElement(c->x);
    }
    if (r != 1) {
        st = r < 0 && inspex_error_code(err) != INSPEX_OK
                 ? inspex_error_code(err)
             : r < 0 ? inspex_error_set_at(err, INSPEX_ERR_SYNTAX, b->source, 0,
                                           0, "content.xml: malformed XML")
                     : inspex_error_set(err, INSPEX_ERR_SYNTAX,
                                        "content.xml: no table %zu", i + 1);
        ocursor_free(&c->base);
        return st;
    }
    c->done = xmlTextReaderIsEmptyElement(c->x);
    *out = &c->base;
    return INSPEX_OK;
}

inspex_status_t ods_book_open(sheet_zip_t *z, const char *source,
                              sheet_book_t **out, inspex_error_t *err)
{
    sheet_book_t *b = calloc(1, sizeof(*b));
    olist_t *l = calloc(1, sizeof(*l));
    inspex_status_t st;

    *out = NULL;
    if (b == NULL || l == NULL) {
        free(b);
        free(l);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    b->zip = z;
    b->source = source;
    b->ods = 1;
    b->impl = l;
    b->impl_free = ods_free;
    b->open = ods_open;
    b->more = ods_more;
    if (!sheet_zip_has(z, "content.xml")) {
        sheet_book_free(b);
        return inspex_error_set_at(
            err, INSPEX_ERR_SYNTAX, source, 0, 0,
            sheet_zip_has(z, "xl/workbook.xml")
                ? "an Excel workbook, not an OpenDocument spreadsheet: read "
                  "it with -f xlsx"
                : "a zip package without content.xml: not an OpenDocument "
                  "spreadsheet");
    }
    st = open_content(b, &l->e, &l->x, err);
    if (st == INSPEX_OK)
        st = ods_more(b, 0, err); /* the first table */
    if (st != INSPEX_OK) {
        sheet_book_free(b);
        return st;
    }
    *out = b;
    return INSPEX_OK;
}
