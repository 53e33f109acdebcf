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

static int is(xmlTextReaderPtr x, int type, const char *local)
{
    return xmlTextReaderNodeType(x) == type &&
           strcmp((const char *)xmlTextReaderConstLocalName(x), local) == 0;
}

static char *dup(const char *s)
{
    char *d = s ? malloc(strlen(s) + 1) : NULL;

    if (d)
        memcpy(d, s, strlen(s) + 1);
    return d;
}

static xmlChar *get(xmlTextReaderPtr x, const char *name)
{
    return xmlTextReaderGetAttribute(x, (const xmlChar *)name);
}

static unsigned long get_count(xmlTextReaderPtr x, const char *name)
{
    xmlChar *v = get(x, name);
    unsigned long n = v ? strtoul((const char *)v, NULL, 10) : 1;

    xmlFree(v);
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
    xmlChar *name = get(x, "table:name"), *style = get(x, "table:style-name");
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
            s->name = dup(name ? (const char *)name : "");
            s->path = NULL;
            s->hidden = names_has(hid, (const char *)style);
            rc = s->name ? 0 : -1;
        }
    }
    xmlFree(name);
    xmlFree(style);
    return rc;
}

static void ods_free(void *impl)
{
    (void)impl;
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
    int done;
} ocursor_t;

static void ocursor_free(sheet_cursor_t *base)
{
    ocursor_t *c = (ocursor_t *)base;

    close_content(c->e, c->x);
    free(c->cell.p);
    free(c);
}

/* A cell's text: its paragraphs, joined by line breaks, into c->cell. The
 * reader is on the cell's start (not empty); it ends on the cell's end. */
static int cell_text(ocursor_t *c, inspex_error_t *err)
{
    int r, depth_note = 0, paras = 0, in_p = 0;

    while ((r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = xmlTextReaderNodeType(c->x);
        if (is(c->x, END, "table-cell") || is(c->x, END, "covered-table-cell"))
            return 1;
        if (is(c->x, START, "annotation"))
            depth_note += !xmlTextReaderIsEmptyElement(c->x);
        else if (is(c->x, END, "annotation"))
            depth_note--;
        if (depth_note)
            continue;
        if (is(c->x, START, "p") || is(c->x, START, "h")) {
            if (paras++ && inspex_buf_add(&c->cell, "\n", 1) != 0)
                return -2;
            in_p = !xmlTextReaderIsEmptyElement(c->x);
        } else if (is(c->x, END, "p") || is(c->x, END, "h"))
            in_p = 0;
        else if (in_p && is(c->x, START, "s")) {
            unsigned long n = get_count(c->x, "text:c");
            for (unsigned long i = 0; i < n && i < 1024; i++)
                if (inspex_buf_add(&c->cell, " ", 1) != 0)
                    return -2;
        } else if (in_p && is(c->x, START, "tab")) {
            if (inspex_buf_add(&c->cell, "\t", 1) != 0)
                return -2;
        } else if (in_p && is(c->x, START, "line-break")) {
            if (inspex_buf_add(&c->cell, "\n", 1) != 0)
                return -2;
        } else if (in_p && (type == XML_READER_TYPE_TEXT ||
                            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            if (inspex_buf_adds(&c->cell, (const char *)xmlTextReaderConstValue(
                                              c->x)) != 0)
                return -2;
            if (c->cell.len > 1024 * 1024) {
                inspex_error_set(err, INSPEX_ERR_INVALID,
                                 "a cell of more than 1 MiB of text");
                return -1;
            }
        }
    }
    return r;
}

/* The value a cell shows, by its value type: into c->cell (NUL-ended). */
static int cell_value(ocursor_t *c, inspex_error_t *err)
{
    xmlChar *type = get(c->x, "office:value-type");
    const char *t = type ? (const char *)type : "";
    xmlChar *v = NULL;
    int r = 1;

    c->cell.len = 0;
    if (strcmp(t, "float") == 0 || strcmp(t, "percentage") == 0 ||
        strcmp(t, "currency") == 0)
        v = get(c->x, "office:value");
    else if (strcmp(t, "date") == 0)
        v = get(c->x, "office:date-value");
    else if (strcmp(t, "boolean") == 0) {
        xmlChar *b = get(c->x, "office:boolean-value");
        v = xmlStrdup(
            (const xmlChar *)(b && strcmp((const char *)b, "true") == 0
                                  ? "TRUE"
                                  : "FALSE"));
        xmlFree(b);
    } else if (strcmp(t, "string") == 0)
        v = get(c->x, "office:string-value");
    if (!xmlTextReaderIsEmptyElement(c->x))
        r = cell_text(c, err); /* read past it, and the text for strings */
    if (r >= 0 && v) {
        size_t n = strlen((const char *)v);
        if (strcmp(t, "date") == 0 && n > 10)
            n = 10; /* the date, without its time */
        c->cell.len = 0;
        if (inspex_buf_add(&c->cell, v, n) != 0)
            r = -2;
    }
    if (r >= 0 && inspex_buf_add(&c->cell, "", 1) != 0)
        r = -2;
    xmlFree(v);
    xmlFree(type);
    return r;
}

/* Reads one row, the reader on its start (not empty), into row. */
static inspex_status_t read_row(ocursor_t *c, sheet_row_t *row,
                                inspex_error_t *err)
{
    size_t col = 0;
    int r;

    while ((r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        if (is(c->x, END, "table-row"))
            return INSPEX_OK;
        int covered = is(c->x, START, "covered-table-cell");
        if (!covered && !is(c->x, START, "table-cell"))
            continue;
        unsigned long rep = get_count(c->x, "table:number-columns-repeated");
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
        if (is(c->x, END, "table")) {
            c->done = 1;
            break;
        }
        if (!is(c->x, START, "table-row"))
            continue;
        unsigned long rep = get_count(c->x, "table:number-rows-repeated");
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
    int r;

    if (c == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    c->base.next = ocursor_next;
    c->base.free = ocursor_free;
    c->b = b;
    if ((st = open_content(b, &c->e, &c->x, err)) != INSPEX_OK) {
        ocursor_free(&c->base);
        return st;
    }
    /* on to table i's start */
    while ((r = sheet_xml_next(c->x, c->e, b->source, err)) == 1)
        if (is(c->x, START, "table") && seen++ == i)
            break;
    if (r != 1) {
        st = r < 0 ? inspex_error_code(err)
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
    names_t hidden = {0};
    sheet_entry_t *e = NULL;
    xmlTextReaderPtr x = NULL;
    size_t cap = 0;
    char style[256] = "";
    int r = 0;
    inspex_status_t st;

    *out = NULL;
    if (b == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    b->zip = z;
    b->source = source;
    b->ods = 1;
    b->impl_free = ods_free;
    b->open = ods_open;
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
    st = open_content(b, &e, &x, err);
    int again = 0; /* the reader is on a node not yet looked at */
    while (st == INSPEX_OK &&
           (r = again ? 1 : sheet_xml_next(x, e, source, err)) == 1) {
        again = 0;
        if (is(x, START, "style")) {
            xmlChar *n = get(x, "style:name");
            snprintf(style, sizeof(style), "%s", n ? (const char *)n : "");
            xmlFree(n);
        } else if (is(x, START, "table-properties")) {
            xmlChar *d = get(x, "table:display");
            if (d && strcmp((const char *)d, "false") == 0 &&
                names_add(&hidden, style) != 0)
                r = -2;
            xmlFree(d);
        } else if (is(x, START, "table")) {
            if (add_table(b, x, &hidden, &cap) != 0)
                r = -2;
            else if (!xmlTextReaderIsEmptyElement(x)) {
                /* its rows are read later: on to what follows it */
                int n = xmlTextReaderNext(x);
                if (n < 0)
                    r = -1;
                else if (n == 0)
                    break;
                again = 1;
            }
        }
        if (r < 0)
            break;
    }
    if (st == INSPEX_OK && r == -2)
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    else if (st == INSPEX_OK && r < 0)
        st = inspex_error_code(err) != INSPEX_OK
                 ? inspex_error_code(err)
                 : inspex_error_set_at(err, INSPEX_ERR_SYNTAX, source, 0, 0,
                                       "content.xml: malformed XML");
    close_content(e, x);
    names_free(&hidden);
    if (st != INSPEX_OK) {
        sheet_book_free(b);
        return st;
    }
    *out = b;
    return INSPEX_OK;
}
