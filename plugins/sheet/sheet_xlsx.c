/* SPDX-License-Identifier: MIT */
/*
 * sheet_xlsx.c - reading an Office Open XML workbook: xl/workbook.xml (the
 * sheets, their order and state, the 1904 date system), its relationships
 * (each sheet's part), xl/styles.xml (which cell formats are dates),
 * xl/sharedStrings.xml (read only as far as the cells refer, so a table
 * far larger than the sheet costs nothing), and a worksheet's rows,
 * streamed with libxml2's reader: shared and inline strings, numbers,
 * booleans, errors, formulas' cached values, serial dates as ISO dates,
 * and the merged ranges over several rows, for -v.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"

#define REL_NS \
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* The shared strings, read lazily. */
typedef struct sst {
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    inspex_buf_t text; /* the strings, a NUL after each */
    size_t *off;
    size_t n, cap;
    int done;
} sst_t;

typedef struct xlsx {
    int date1904;
    unsigned char *xf_date; /* per cell format: 1 for a date */
    size_t nxf;
    sst_t sst;
    int has_sst;
} xlsx_t;

static int is(xmlTextReaderPtr x, int type, const char *local)
{
    return xmlTextReaderNodeType(x) == type &&
           strcmp((const char *)xmlTextReaderConstLocalName(x), local) == 0;
}

#define START XML_READER_TYPE_ELEMENT
#define END XML_READER_TYPE_END_ELEMENT

static void xlsx_free(void *impl)
{
    xlsx_t *w = impl;

    if (w == NULL)
        return;
    if (w->sst.x)
        xmlFreeTextReader(w->sst.x);
    sheet_entry_close(w->sst.e);
    free(w->sst.text.p);
    free(w->sst.off);
    free(w->xf_date);
    free(w);
}

void sheet_book_free(sheet_book_t *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].path);
    }
    free(b->sheets);
    if (b->impl_free)
        b->impl_free(b->impl);
    free(b);
}

inspex_status_t sheet_book_reach(sheet_book_t *b, size_t i, inspex_error_t *err)
{
    return b->more && i >= b->n ? b->more(b, i, err) : INSPEX_OK;
}

size_t sheet_book_count(const sheet_book_t *b)
{
    return b->n;
}

const sheet_info_t *sheet_book_sheet(const sheet_book_t *b, size_t i)
{
    return i < b->n ? &b->sheets[i] : NULL;
}

inspex_status_t sheet_cursor_open(sheet_book_t *b, size_t i,
                                  sheet_cursor_t **out, inspex_error_t *err)
{
    *out = NULL;
    return b->open(b, i, out, err);
}

inspex_status_t sheet_cursor_next(sheet_cursor_t *c, sheet_row_t *row, int *got,
                                  inspex_error_t *err)
{
    return c->next(c, row, got, err);
}

void sheet_cursor_free(sheet_cursor_t *c)
{
    if (c)
        c->free(c);
}

/* An XML entry's reader: *e and *x, both NULL when the entry is absent
 * and optional. */
static inspex_status_t open_xml(sheet_zip_t *z, const char *name, int optional,
                                sheet_entry_t **e, xmlTextReaderPtr *x,
                                inspex_error_t *err)
{
    inspex_status_t st;

    *e = NULL;
    *x = NULL;
    if (optional && !sheet_zip_has(z, name))
        return INSPEX_OK;
    if ((st = sheet_entry_open(z, name, e, err)) != INSPEX_OK)
        return st;
    if ((*x = sheet_xml_open(*e, name)) == NULL) {
        sheet_entry_close(*e);
        *e = NULL;
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    return INSPEX_OK;
}

static void close_xml(sheet_entry_t *e, xmlTextReaderPtr x)
{
    if (x)
        xmlFreeTextReader(x);
    sheet_entry_close(e);
}

static char *dup(const char *s)
{
    char *d = s ? malloc(strlen(s) + 1) : NULL;

    if (d)
        memcpy(d, s, strlen(s) + 1);
    return d;
}

/* ---- the workbook -----------------------------------------------------------
 */

typedef struct rel {
    char *id, *target;
} rel_t;

/* xl/_rels/workbook.xml.rels: each relationship's id and part. */
static inspex_status_t read_rels(sheet_zip_t *z, const char *source,
                                 rel_t **out, size_t *n, inspex_error_t *err)
{
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    rel_t *rels = NULL;
    size_t cap = 0;
    int r;
    inspex_status_t st = open_xml(z, "xl/_rels/workbook.xml.rels", 0, &e, &x,
                                  err);

    *out = NULL;
    *n = 0;
    if (st != INSPEX_OK)
        return st;
    while ((r = sheet_xml_next(x, e, source, err)) == 1) {
        if (!is(x, START, "Relationship"))
            continue;
        xmlChar *id = xmlTextReaderGetAttribute(x, (const xmlChar *)"Id");
        xmlChar *t = xmlTextReaderGetAttribute(x, (const xmlChar *)"Target");
        if (id && t && *n < SHEET_MAX_SHEETS * 4) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                rel_t *p = realloc(rels, cap * sizeof(*p));
                if (p == NULL) {
                    xmlFree(id);
                    xmlFree(t);
                    r = -2;
                    break;
                }
                rels = p;
            }
            char *path;
            const char *tg = (const char *)t;
            /* parts are named from the package's root, or from xl/ */
            if (tg[0] == '/')
                path = dup(tg + 1);
            else if ((path = malloc(strlen(tg) + 4)) != NULL)
                snprintf(path, strlen(tg) + 4, "xl/%s", tg);
            rels[*n].id = dup((const char *)id);
            rels[*n].target = path;
            (*n)++;
        }
        xmlFree(id);
        xmlFree(t);
    }
    close_xml(e, x);
    *out = rels;
    if (r == -2)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return r < 0 ? inspex_error_code(err) : INSPEX_OK;
}

static void free_rels(rel_t *rels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rels[i].id);
        free(rels[i].target);
    }
    free(rels);
}

/* One <sheet> of xl/workbook.xml into b. */
static int add_sheet(sheet_book_t *b, xmlTextReaderPtr x, const rel_t *rels,
                     size_t nrels, size_t *cap)
{
    xmlChar *name = xmlTextReaderGetAttribute(x, (const xmlChar *)"name");
    xmlChar *state = xmlTextReaderGetAttribute(x, (const xmlChar *)"state");
    xmlChar *id = xmlTextReaderGetAttributeNs(x, (const xmlChar *)"id",
                                              (const xmlChar *)REL_NS);
    const char *path = NULL;
    int rc = 0;

    if (id == NULL)
        id = xmlTextReaderGetAttributeNs(x, (const xmlChar *)"id",
                                         (const xmlChar *)REL_NS_STRICT);
    for (size_t i = 0; id && i < nrels; i++)
        if (rels[i].id && strcmp(rels[i].id, (const char *)id) == 0)
            path = rels[i].target;
    if (name && path && b->n < SHEET_MAX_SHEETS) {
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
            s->name = dup((const char *)name);
            s->path = dup(path);
            /* "hidden", and "veryHidden" (shown by no menu) */
            s->hidden = state && strcmp((const char *)state, "visible") != 0;
            rc = s->name && s->path ? 0 : -1;
        }
    }
    xmlFree(name);
    xmlFree(state);
    xmlFree(id);
    return rc;
}

static inspex_status_t read_workbook(sheet_book_t *b, xlsx_t *w,
                                     inspex_error_t *err)
{
    rel_t *rels;
    size_t nrels, cap = 0;
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    int r;
    inspex_status_t st = read_rels(b->zip, b->source, &rels, &nrels, err);

    if (st == INSPEX_OK)
        st = open_xml(b->zip, "xl/workbook.xml", 0, &e, &x, err);
    if (st != INSPEX_OK) {
        free_rels(rels, nrels);
        return st;
    }
    while ((r = sheet_xml_next(x, e, b->source, err)) == 1) {
        if (is(x, START, "workbookPr")) {
            xmlChar *v = xmlTextReaderGetAttribute(x,
                                                   (const xmlChar *)"date1904");
            w->date1904 = v && (strcmp((const char *)v, "1") == 0 ||
                                strcmp((const char *)v, "true") == 0);
            xmlFree(v);
        } else if (is(x, START, "sheet") &&
                   add_sheet(b, x, rels, nrels, &cap) != 0) {
            r = -2;
            break;
        }
    }
    close_xml(e, x);
    free_rels(rels, nrels);
    if (r == -2)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return r < 0 ? inspex_error_code(err) : INSPEX_OK;
}

/* ---- styles: which cell formats are dates -------------------------------- */

/* 1 for a number format that shows a date: the built-in ones (14 to 22,
 * 27 to 36, 45 to 47, 50 to 58) or a code with a day, month or year in
 * it outside quotes, brackets and escapes ("dd/mm/yyyy", "[$-809]d mmmm
 * yyyy"), and not a duration alone ("[h]:mm"). */
static int date_format(long id, const char *code)
{
    int q = 0, date = 0;

    if (code == NULL)
        return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
               (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (q)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[') {
            const char *end = strchr(p, ']');
            if (end == NULL)
                break;
            p = end;
        } else if (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y')
            date = 1;
        else if ((*p == 'm' || *p == 'M') && !date) {
            /* m is a month unless it follows h or precedes s: then
             * minutes; a format with d or y decides anyway */
            const char *s = p;
            while (*s == 'm' || *s == 'M')
                s++;
            if (*s != ':' && (p == code || p[-1] != ':'))
                date = 1;
        }
    }
    return date;
}

typedef struct fmt {
    long id;
    int date;
} fmt_t;

static inspex_status_t read_styles(sheet_book_t *b, xlsx_t *w,
                                   inspex_error_t *err)
{
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    fmt_t *fmts = NULL;
    size_t nf = 0, capf = 0, capx = 0;
    int r, in_xfs = 0;
    inspex_status_t st = open_xml(b->zip, "xl/styles.xml", 1, &e, &x, err);

    if (st != INSPEX_OK || x == NULL)
        return st;
    while ((r = sheet_xml_next(x, e, b->source, err)) == 1) {
        if (is(x, START, "numFmt") && nf < 65536) {
            xmlChar *id =
                xmlTextReaderGetAttribute(x, (const xmlChar *)"numFmtId");
            xmlChar *code =
                xmlTextReaderGetAttribute(x, (const xmlChar *)"formatCode");
            if (nf == capf) {
                capf = capf ? capf * 2 : 16;
                fmt_t *p = realloc(fmts, capf * sizeof(*p));
                if (p == NULL)
                    r = -2;
                else
                    fmts = p;
            }
            if (r != -2 && id) {
                fmts[nf].id = strtol((const char *)id, NULL, 10);
                fmts[nf].date = date_format(fmts[nf].id,
                                            code ? (const char *)code : "");
                nf++;
            }
            xmlFree(id);
            xmlFree(code);
        } else if (is(x, START, "cellXfs") && !xmlTextReaderIsEmptyElement(x))
            in_xfs = 1;
        else if (is(x, END, "cellXfs"))
            in_xfs = 0;
        else if (in_xfs && is(x, START, "xf") && w->nxf < 65536) {
            xmlChar *v = xmlTextReaderGetAttribute(x,
                                                   (const xmlChar *)"numFmtId");
            long id = v ? strtol((const char *)v, NULL, 10) : 0;
            int date = -1;
            xmlFree(v);
            for (size_t i = 0; i < nf; i++)
                if (fmts[i].id == id)
                    date = fmts[i].date;
            if (w->nxf == capx) {
                capx = capx ? capx * 2 : 64;
                unsigned char *p = realloc(w->xf_date, capx);
                if (p == NULL)
                    r = -2;
                else
                    w->xf_date = p;
            }
            if (r != -2)
                w->xf_date[w->nxf++] =
                    (unsigned char)(date >= 0 ? date : date_format(id, NULL));
        }
        if (r == -2)
            break;
    }
    close_xml(e, x);
    free(fmts);
    if (r == -2)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return r < 0 ? inspex_error_code(err) : INSPEX_OK;
}

/* ---- shared strings, read as far as the cells refer ------------------------
 */

/* Reads the next <si> into the table; *more 0 at the end. */
static inspex_status_t sst_one(sheet_book_t *b, sst_t *t, inspex_error_t *err)
{
    int r, in_si = 0, in_t = 0, rph = 0;
    size_t start = t->text.len;

    while ((r = sheet_xml_next(t->x, t->e, b->source, err)) == 1) {
        int type = xmlTextReaderNodeType(t->x);
        if (!in_si) {
            if (is(t->x, START, "si")) {
                in_si = 1;
                if (xmlTextReaderIsEmptyElement(t->x))
                    break;
            }
            continue;
        }
        if (is(t->x, END, "si"))
            break;
        if (is(t->x, START, "rPh")) /* phonetic runs: not the text */
            rph += !xmlTextReaderIsEmptyElement(t->x);
        else if (is(t->x, END, "rPh"))
            rph--;
        else if (is(t->x, START, "t"))
            in_t = !xmlTextReaderIsEmptyElement(t->x);
        else if (is(t->x, END, "t"))
            in_t = 0;
        else if (in_t && !rph &&
                 (type == XML_READER_TYPE_TEXT ||
                  type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(t->x);
            if (inspex_buf_adds(&t->text, v) != 0)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            if (t->text.len > SHEET_MAX_STRINGS_BYTES)
                return inspex_error_set_at(
                    err, INSPEX_ERR_INVALID, b->source, 0, 0,
                    "the shared strings the sheet refers to pass %lu MiB: "
                    "not read",
                    SHEET_MAX_STRINGS_BYTES >> 20);
        }
    }
    if (r < 0)
        return inspex_error_code(err);
    if (!in_si) {
        t->done = 1;
        return INSPEX_OK;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        size_t *p = realloc(t->off, cap * sizeof(*p));
        if (p == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        t->off = p;
        t->cap = cap;
    }
    if (inspex_buf_add(&t->text, "", 1) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    t->off[t->n++] = start;
    return INSPEX_OK;
}

/* Shared string i: *v borrowed until the table grows (copy it first). */
static inspex_status_t sst_get(sheet_book_t *b, xlsx_t *w, unsigned long i,
                               const char **v, inspex_error_t *err)
{
    sst_t *t = &w->sst;
    inspex_status_t st;

    if (!w->has_sst) {
        st = open_xml(b->zip, "xl/sharedStrings.xml", 1, &t->e, &t->x, err);
        if (st != INSPEX_OK)
            return st;
        w->has_sst = 1;
        t->done = t->x == NULL;
    }
    while (t->n <= i && !t->done)
        if ((st = sst_one(b, t, err)) != INSPEX_OK)
            return st;
    if (i >= t->n)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "shared string %lu: the table has %zu", i,
                                t->n);
    *v = t->text.p + t->off[i];
    return INSPEX_OK;
}

/* ---- a worksheet ------------------------------------------------------------
 */

typedef struct xcursor {
    sheet_cursor_t base;
    sheet_book_t *b;
    xlsx_t *w;
    sheet_entry_t *e;
    xmlTextReaderPtr x;
    sheet_merge_t *fills;
    size_t nfills;
    unsigned long last_row;
    inspex_buf_t cell; /* the current cell's text */
    inspex_buf_t text; /* a string's text, unescaped */
    int done;
} xcursor_t;

/* "BC12" -> column 54 (from 0) and row 12; 0 when it is no reference or
 * past the sheet's bounds. */
static int cell_ref(const char *s, size_t *col, unsigned long *row)
{
    size_t c = 0, letters = 0;
    unsigned long r = 0;

    for (; *s >= 'A' && *s <= 'Z'; s++, letters++)
        if ((c = c * 26 + (size_t)(*s - 'A' + 1)) > SHEET_MAX_COLS)
            return 0;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((r = r * 10 + (unsigned long)(*s - '0')) > SHEET_MAX_ROWS)
            return 0;
    if (letters == 0 || *s != '\0')
        return 0;
    *col = c - 1;
    *row = r;
    return 1;
}

/* The first s in [p, end), or NULL. */
static char *find(char *p, const char *end, const char *s)
{
    size_t n = strlen(s);

    for (; p + n <= end; p++)
        if (*p == *s && memcmp(p, s, n) == 0)
            return p;
    return NULL;
}

/* The merged ranges over several rows, from the raw XML (they come after
 * the rows, so a first pass over the bytes finds them). */
static inspex_status_t scan_merges(xcursor_t *c, const char *path,
                                   inspex_error_t *err)
{
    enum { KEEP = 160 };
    sheet_entry_t *e;
    char *buf = malloc(KEEP + 65536);
    size_t len = 0, cap = 0;
    long n;
    inspex_status_t st = buf ? sheet_entry_open(c->b->zip, path, &e, err)
                             : inspex_error_set(err, INSPEX_ERR_NOMEM,
                                                "out of memory");

    if (st != INSPEX_OK) {
        free(buf);
        return st;
    }
    do {
        n = sheet_entry_read(e, buf + len, 65536);
        if (n < 0)
            break;
        len += (size_t)n;
        size_t upto = n == 0 ? len : (len > KEEP ? len - KEEP : 0);
        for (size_t i = 0; i + 10 < upto; i++) {
            if (buf[i] != 'm' || memcmp(buf + i, "mergeCell ", 10) != 0)
                continue;
            char *ref = memchr(buf + i, '>', len - i);
            char *q = ref ? find(buf + i, ref, "ref=\"") : NULL;
            char a[16], b2[16];
            size_t ca, cb, k = 0, m = 0;
            unsigned long ra, rb;
            if (q == NULL)
                continue;
            for (q += 5; *q != ':' && *q != '"' && k < 15; q++)
                a[k++] = *q;
            a[k] = '\0';
            for (q += *q == ':'; *q != '"' && m < 15; q++)
                b2[m++] = *q;
            b2[m] = '\0';
            if (!cell_ref(a, &ca, &ra) || !cell_ref(b2, &cb, &rb) || rb <= ra ||
                cb < ca || c->nfills >= SHEET_MAX_MERGES)
                continue; /* within one row: left as it is */
            if (c->nfills == cap) {
                cap = cap ? cap * 2 : 16;
                sheet_merge_t *f = realloc(c->fills, cap * sizeof(*f));
                if (f == NULL) {
                    n = -2;
                    break;
                }
                c->fills = f;
            }
            c->fills[c->nfills++] = (sheet_merge_t){ca, cb, ra, rb};
        }
        if (n == -2)
            break;
        memmove(buf, buf + upto, len - upto);
        len -= upto;
    } while (n > 0);
    if (n == -1)
        st = sheet_entry_error(e, err);
    else if (n == -2)
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    sheet_entry_close(e);
    free(buf);
    return st;
}

static void xcursor_free(sheet_cursor_t *base)
{
    xcursor_t *c = (xcursor_t *)base;

    close_xml(c->e, c->x);
    free(c->fills);
    free(c->cell.p);
    free(c->text.p);
    free(c);
}

/* 1 when p starts a _xHHHH_ form. */
static int ox_form(const char *p)
{
    if (p[0] != '_' || p[1] != 'x')
        return 0;
    for (int i = 2; i < 6; i++) {
        char ch = p[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
              (ch >= 'A' && ch <= 'F')))
            return 0;
    }
    return p[6] == '_';
}

/* Text as OOXML escapes it: _xHHHH_ is the character U+HHHH (how a
 * control character, which XML cannot hold, is written), and _x005F_
 * before another such form keeps it literal. v itself when there is no
 * form in it, else the text decoded into b; NULL when out of memory. */
const char *sheet_xlsx_unescape(const char *v, inspex_buf_t *b)
{
    const char *p = strstr(v, "_x");

    if (p == NULL)
        return v;
    b->len = 0;
    for (p = v; *p;) {
        unsigned long u = 0;
        int ok = ox_form(p); /* the digits first: p[6] may be past the end */
        for (int i = 2; ok && i < 6; i++) {
            char ch = p[i];
            int d = ch >= '0' && ch <= '9'   ? ch - '0'
                    : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                             : -1;
            ok = d >= 0;
            u = u * 16 + (unsigned long)(d < 0 ? 0 : d);
        }
        if (!ok || (u >= 0xD800 && u <= 0xDFFF)) {
            if (inspex_buf_add(b, p++, 1) != 0)
                return NULL;
            continue;
        }
        char enc[3];
        size_t n = u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        if (n == 1)
            enc[0] = (char)u;
        else if (n == 2) {
            enc[0] = (char)(0xC0 | (u >> 6));
            enc[1] = (char)(0x80 | (u & 0x3F));
        } else {
            enc[0] = (char)(0xE0 | (u >> 12));
            enc[1] = (char)(0x80 | ((u >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (u & 0x3F));
        }
        if (inspex_buf_add(b, enc, n) != 0)
            return NULL;
        p += 7;
    }
    return inspex_buf_add(b, "", 1) == 0 ? b->p : NULL;
}

/* 1 when p starts U+FFFE or U+FFFF (EF BF BE, EF BF BF), which XML
 * cannot hold and libxlsxwriter writes as they are. */
static int noncharacter(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF);
}

const char *sheet_xlsx_escape(const char *v, inspex_buf_t *b)
{
    const char *p = strstr(v, "_x"), *q = strstr(v, "\xEF\xBF");

    while (p && !ox_form(p))
        p = strstr(p + 1, "_x");
    while (q && !noncharacter(q))
        q = strstr(q + 1, "\xEF\xBF");
    if (p == NULL && q == NULL)
        return v;
    b->len = 0;
    for (p = v; *p; p++) {
        if (noncharacter(p)) {
            if (inspex_buf_adds(b, p[2] == '\xBE' ? "_xFFFE_" : "_xFFFF_") != 0)
                return NULL;
            p += 2;
            continue;
        }
        if (ox_form(p) && inspex_buf_add(b, "_x005F", 6) != 0)
            return NULL;
        if (inspex_buf_add(b, p, 1) != 0)
            return NULL;
    }
    return inspex_buf_add(b, "", 1) == 0 ? b->p : NULL;
}

/* The value of a cell of type t (NULL: a number) and format s, whose
 * <v> or inline text is in c->cell, into row at col. */
static inspex_status_t put_cell(xcursor_t *c, sheet_row_t *row, size_t col,
                                const char *t, long s, inspex_error_t *err)
{
    const char *v = c->cell.p ? c->cell.p : "";
    char date[16];
    inspex_status_t st;

    if (inspex_buf_add(&c->cell, "", 1) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    v = c->cell.p;
    if (t && strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v)
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "shared string \"%s\" is no number", v);
        if ((st = sst_get(c->b, c->w, i, &v, err)) != INSPEX_OK)
            return st;
    }
    if (t &&
        (strcmp(t, "s") == 0 || strcmp(t, "str") == 0 ||
         strcmp(t, "inlineStr") == 0) &&
        (v = sheet_xlsx_unescape(v, &c->text)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (t && strcmp(t, "b") == 0)
        v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    else if (t && strcmp(t, "d") == 0 && strlen(v) >= 10) {
        memcpy(date, v, 10); /* ISO 8601 already; the time is dropped */
        date[10] = '\0';
        v = date;
    } else if ((t == NULL || strcmp(t, "n") == 0) && *v && s >= 0 &&
               (size_t)s < c->w->nxf && c->w->xf_date[s]) {
        char *end;
        double d = strtod(v, &end);
        if (*end == '\0' &&
            sheet_serial_date(d, c->w->date1904, date, sizeof(date)))
            v = date;
    }
    return sheet_row_set(row, col, v, strlen(v)) == 0
               ? INSPEX_OK
               : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

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

/* A cell's text: what its <v> or <t> hold, phonetic runs left out, into
 * c->cell; the reader on the cell's start (not empty), to its end. */
static int cell_text(xcursor_t *c, inspex_error_t *err)
{
    int rc, in = 0, rph = 0;
    const char *nm;

    while ((rc = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = node(c->x, &nm);
        if (type == END && strcmp(nm, "c") == 0)
            break;
        if (type == START && strcmp(nm, "rPh") == 0)
            rph += !xmlTextReaderIsEmptyElement(c->x);
        else if (type == END && strcmp(nm, "rPh") == 0)
            rph--;
        else if (type == START &&
                 (strcmp(nm, "v") == 0 || strcmp(nm, "t") == 0))
            in = !xmlTextReaderIsEmptyElement(c->x);
        else if (type == END && (strcmp(nm, "v") == 0 || strcmp(nm, "t") == 0))
            in = 0;
        else if (in && !rph &&
                 (type == XML_READER_TYPE_TEXT ||
                  type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
                 inspex_buf_adds(&c->cell,
                                 (const char *)xmlTextReaderConstValue(c->x)) !=
                     0)
            return -2;
    }
    return rc;
}

/* Reads one <c> element, the reader on its start, into row. */
static inspex_status_t read_cell(xcursor_t *c, sheet_row_t *row, size_t *next,
                                 inspex_error_t *err)
{
    const char *ref = sheet_xml_attr(c->x, NULL, "r");
    const char *a = sheet_xml_attr(c->x, NULL, "t");
    const char *s = sheet_xml_attr(c->x, NULL, "s");
    char t[16];
    size_t col = *next;
    long style = s ? strtol(s, NULL, 10) : -1;
    unsigned long r;
    int rc = 1;
    inspex_status_t st = INSPEX_OK;

    /* the attributes are the node's, gone when the reader moves on */
    size_t tn = 0;
    for (; a && a[tn] && tn + 1 < sizeof(t); tn++)
        t[tn] = a[tn];
    t[tn] = '\0';
    if (ref && (!cell_ref(ref, &col, &r) || r != row->num))
        st = inspex_error_set_at(err, INSPEX_ERR_INVALID, c->b->source,
                                 row->num, 0,
                                 "cell \"%s\" is not in row %lu, or past "
                                 "column XFD (%d columns)",
                                 ref, row->num, SHEET_MAX_COLS);
    else if (col >= SHEET_MAX_COLS)
        st = inspex_error_set_at(err, INSPEX_ERR_INVALID, c->b->source,
                                 row->num, 0,
                                 "row %lu has more than %d columns", row->num,
                                 SHEET_MAX_COLS);
    c->cell.len = 0;
    if (st == INSPEX_OK && !xmlTextReaderIsEmptyElement(c->x))
        rc = cell_text(c, err);
    if (st == INSPEX_OK && rc == -2)
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    else if (st == INSPEX_OK && rc < 0)
        st = inspex_error_code(err);
    if (st == INSPEX_OK && c->cell.len > 0)
        st = put_cell(c, row, col, a ? t : NULL, style, err);
    if (st != INSPEX_OK && inspex_error_line(err) == 0)
        inspex_error_locate(err, c->b->source, row->num, col + 1);
    *next = col + 1;
    return st;
}

static inspex_status_t xcursor_next(sheet_cursor_t *base, sheet_row_t *row,
                                    int *got, inspex_error_t *err)
{
    xcursor_t *c = (xcursor_t *)base;
    int r = 0;

    *got = 0;
    const char *nm;

    while (!c->done &&
           (r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
        int type = node(c->x, &nm);
        if (type == END && strcmp(nm, "sheetData") == 0) {
            c->done = 1;
            break;
        }
        if (type != START || strcmp(nm, "row") != 0)
            continue;
        const char *rv = sheet_xml_attr(c->x, NULL, "r");
        unsigned long num = rv ? strtoul(rv, NULL, 10) : c->last_row + 1;
        if (num <= c->last_row || num > SHEET_MAX_ROWS)
            return inspex_error_set_at(err, INSPEX_ERR_INVALID, c->b->source,
                                       num, 0,
                                       "row %lu out of order or past row "
                                       "%lu",
                                       num, SHEET_MAX_ROWS);
        c->last_row = num;
        sheet_row_reset(row);
        row->num = num;
        if (xmlTextReaderIsEmptyElement(c->x))
            continue;
        size_t next = 0;
        while ((r = sheet_xml_next(c->x, c->e, c->b->source, err)) == 1) {
            inspex_status_t st;
            type = node(c->x, &nm);
            if (type == END && strcmp(nm, "row") == 0)
                break;
            if (type == START && strcmp(nm, "c") == 0 &&
                (st = read_cell(c, row, &next, err)) != INSPEX_OK)
                return st;
        }
        if (r < 0)
            return inspex_error_code(err);
        if (row->n == 0)
            continue;
        *got = 1;
        return INSPEX_OK;
    }
    if (!c->done && r < 0)
        return inspex_error_code(err);
    c->done = 1;
    return INSPEX_OK;
}

static inspex_status_t xlsx_open(sheet_book_t *b, size_t i,
                                 sheet_cursor_t **out, inspex_error_t *err)
{
    xcursor_t *c = calloc(1, sizeof(*c));
    inspex_status_t st;

    if (c == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    c->base.next = xcursor_next;
    c->base.free = xcursor_free;
    c->b = b;
    c->w = b->impl;
    st = b->want_merges ? scan_merges(c, b->sheets[i].path, err) : INSPEX_OK;
    c->base.merges = c->fills;
    c->base.nmerges = c->nfills;
    if (st == INSPEX_OK)
        st = open_xml(b->zip, b->sheets[i].path, 0, &c->e, &c->x, err);
    if (st != INSPEX_OK) {
        xcursor_free(&c->base);
        return st;
    }
    *out = &c->base;
    return INSPEX_OK;
}

inspex_status_t xlsx_book_open(sheet_zip_t *z, const char *source,
                               sheet_book_t **out, inspex_error_t *err)
{
    sheet_book_t *b = calloc(1, sizeof(*b));
    xlsx_t *w = calloc(1, sizeof(*w));
    inspex_status_t st;

    *out = NULL;
    if (b == NULL || w == NULL) {
        free(b);
        free(w);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    b->zip = z;
    b->source = source;
    b->impl = w;
    b->impl_free = xlsx_free;
    b->open = xlsx_open;
    if (!sheet_zip_has(z, "xl/workbook.xml")) {
        sheet_book_free(b);
        return inspex_error_set_at(
            err, INSPEX_ERR_SYNTAX, source, 0, 0,
            sheet_zip_has(z, "mimetype") || sheet_zip_has(z, "content.xml")
                ? "an OpenDocument package, not an Excel workbook: read it "
                  "with -f ods"
                : "a zip package without xl/workbook.xml: not an Excel "
                  "workbook");
    }
    st = read_workbook(b, w, err);
    if (st == INSPEX_OK)
        st = read_styles(b, w, err);
    if (st != INSPEX_OK) {
        sheet_book_free(b);
        return st;
    }
    *out = b;
    return INSPEX_OK;
}
