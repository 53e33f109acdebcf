/*
 * csv.c - the CSV plugin: RFC 4180 ratings tables in the wide layout (one
 * row per inspection, one column per standard).
 *
 * Columns map to the model through the library's shared matcher; a column
 * that maps to nothing is kept in the record's extra list under its header
 * and written back out on export, so nothing is dropped. Items and strands
 * have columns of their own: "recommendation.1.text", "strand.2.1.Desistance"
 * (value "9/10").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/framework.h>
#include <inspex/buf.h>
#include <inspex/plugin.h>
#include <inspex/scan.h>

/* ---- small helpers ------------------------------------------------------ */

/* ---- encodings ---------------------------------------------------------- */

enum { ENC_UTF8, ENC_CP1252, ENC_LATIN1 };

/* windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* Converts a single-byte-encoded string to UTF-8 into out; returns the
 * offset of an undefined byte + 1, or 0 when all went well. */
static size_t to_utf8(const char *s, size_t n, int enc, inspex_buf_t *out)
{
    out->len = 0;
    if (inspex_buf_reserve(out, n * 3) != 0)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80 && c < 0xA0 && enc == ENC_CP1252) {
            c = cp1252[c - 0x80];
            if (c == 0)
                return i + 1;
        }
        if (c < 0x80) {
            out->p[out->len++] = (char)c;
        } else if (c < 0x800) {
            out->p[out->len++] = (char)(0xC0 | (c >> 6));
            out->p[out->len++] = (char)(0x80 | (c & 0x3F));
        } else {
            out->p[out->len++] = (char)(0xE0 | (c >> 12));
            out->p[out->len++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out->p[out->len++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out->p[out->len] = '\0';
    return 0;
}

/* ---- the RFC 4180 reader ------------------------------------------------ */

typedef struct field {
    size_t off, len;         /* into rec.fields */
    unsigned long line, col; /* where the field starts */
} field_t;

typedef struct parser {
    inspex_reader_t *r;
    const char *source;
    char delim;
    char *in;
    size_t inlen, inpos;
    int eof;
    int first; /* nothing read yet (BOM check) */
    unsigned long line, col;
    int pending_cr; /* last byte was a CR ending a record */
    inspex_buf_t raw;      /* a record's bytes that spanned a refill */
    size_t raw_start; /* where the record began in `in`, or NO_RAW */
    const char *rawp; /* the record's bytes as read: in `in` or `raw` */
    size_t rawlen;
    inspex_buf_t data;     /* unescaped field bytes, NUL after each */
    field_t *f;
    size_t nf, capf;
    unsigned long rec_line;
} parser_t;

#define IN_CHUNK (256 * 1024)

/* The bytes that matter, 16 at a time (<inspex/scan.h>): the input buffer
 * has BLOCK readable bytes past its end and the data buffer room for BLOCK
 * more, so blocks are read and copied before they are looked at. */
#define BLOCK INSPEX_SCAN_BLOCK

/* Outside quotes: the delimiter, '"', CR and LF. */
static inline unsigned block_special(const char *p, char *d, char delim)
{
    return inspex_scan_block(p, d, delim, '"', '\r', '\n', 0);
}

/* Inside quotes: '"', CR and LF (line ends are counted). */
static inline unsigned block_quoted(const char *p, char *d)
{
    return inspex_scan_block(p, d, '"', '\r', '\n', '\n', 0);
}


static inspex_status_t fill(parser_t *ps, inspex_error_t *err)
{
    size_t n;
    inspex_status_t st = inspex_reader_read(ps->r, ps->in, IN_CHUNK, &n, err);

    if (st != INSPEX_OK)
        return st;
    ps->inlen = n;
    ps->inpos = 0;
    if (n == 0)
        ps->eof = 1;
    if (ps->first && n >= 3 && memcmp(ps->in, "\xEF\xBB\xBF", 3) == 0)
        ps->inpos = 3; /* UTF-8 byte-order mark */
    ps->first = 0;
    return INSPEX_OK;
}

static inline int start_field(parser_t *ps)
{
    if (ps->nf == ps->capf) {
        size_t cap = ps->capf ? ps->capf * 2 : 32;
        field_t *f = realloc(ps->f, cap * sizeof(*f));
        if (f == NULL)
            return -1;
        ps->f = f;
        ps->capf = cap;
    }
    ps->f[ps->nf].off = ps->data.len;
    ps->f[ps->nf].len = 0;
    ps->f[ps->nf].line = ps->line;
    ps->f[ps->nf].col = ps->col;
    ps->nf++;
    return 0;
}

static inline int end_field(parser_t *ps)
{
    field_t *f = &ps->f[ps->nf - 1];

    f->len = ps->data.len - f->off;
    /* the value's NUL, kept in the buffer: values are C strings */
    if (ps->data.len + 2 > ps->data.cap &&
        inspex_buf_reserve(&ps->data, 1) != 0)
        return -1;
    ps->data.p[ps->data.len++] = '\0';
    ps->data.p[ps->data.len] = '\0';
    return 0;
}

/* Ends the current field f at d (a NUL there) and begins the next after
 * it, at column col; the fast path's start_field and end_field. NULL when
 * out of memory. */
static inline field_t *next_field(parser_t *ps, field_t *f, char *base,
                                  char *d, unsigned long col)
{
    f->len = (size_t)(d - base) - f->off;
    *d = '\0';
    if (ps->nf == ps->capf) {
        ps->data.len = (size_t)(d + 1 - base);
        if (start_field(ps) != 0)
            return NULL;
    } else {
        ps->f[ps->nf].off = (size_t)(d + 1 - base);
        ps->f[ps->nf].len = 0;
        ps->f[ps->nf].line = ps->line;
        ps->nf++;
    }
    f = &ps->f[ps->nf - 1];
    f->col = col;
    return f;
}

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE };

#define NO_RAW ((size_t)-1)

/* The record has ended at inpos: where its raw bytes are. */
static int raw_done(parser_t *ps)
{
    const char *tail = ps->raw_start == NO_RAW ? NULL : ps->in + ps->raw_start;
    size_t n = tail ? ps->inpos - ps->raw_start : 0;

    if (ps->raw.len == 0) {
        ps->rawp = tail ? tail : "";
        ps->rawlen = n;
        return 0;
    }
    if (n && inspex_buf_add(&ps->raw, tail, n) != 0)
        return -1;
    ps->rawp = ps->raw.p;
    ps->rawlen = ps->raw.len;
    return 0;
}

/* Reads one record. *got is 0 at the end of input. */
static inspex_status_t next_record(parser_t *ps, int *got, inspex_error_t *err)
{
    int state = S_START;
    unsigned long qline = 0, qcol = 0;
    inspex_status_t st;

    ps->raw.len = 0;
    ps->raw_start = NO_RAW;
    ps->rawp = NULL;
    ps->rawlen = 0;
    ps->data.len = 0;
    ps->nf = 0;
    *got = 0;
    for (;;) {
        if (ps->inpos == ps->inlen) {
            /* The raw record is a span of the input buffer; only what
             * precedes a refill is copied aside. */
            if (ps->raw_start != NO_RAW &&
                inspex_buf_add(&ps->raw, ps->in + ps->raw_start,
                        ps->inlen - ps->raw_start) != 0)
                goto nomem;
            if (ps->eof || (st = fill(ps, err)) != INSPEX_OK)
                return ps->eof ? INSPEX_OK : st;
            if (ps->raw_start != NO_RAW)
                ps->raw_start = ps->inpos;
            if (ps->eof)
                break;
        }
        const char *p = ps->in + ps->inpos, *end = ps->in + ps->inlen;
        if (ps->pending_cr) {
            ps->pending_cr = 0;
            if (*p == '\n') {
                ps->inpos++;
                continue;
            }
        }
        if (state == S_START && ps->nf == 0) {
            ps->rec_line = ps->line;
            ps->raw_start = ps->inpos;
            *got = 1;
            if (start_field(ps) != 0)
                goto nomem;
        }
        /* Bulk-copy ordinary bytes, 16 at a time (the input buffer has
         * BLOCK readable bytes past its end, and the data buffer room for
         * them). Unquoted fields run one after another here, every
         * delimiter in a block in turn (copied, the fields are the input
         * with NULs for delimiters), and quoted ones with their doubled
         * quotes and the delimiter after them; line ends, and anything out
         * of the way, go one byte at a time below. */
        if (state != S_QUOTE) {
            const char *p0 = p;
            const char delim = ps->delim;
            unsigned long col0 = ps->col;
            char *base, *d;
            field_t *f;
            unsigned m, k;
            size_t avail;

            if (inspex_buf_reserve(&ps->data,
                                   (size_t)(end - p) + 2 * BLOCK) != 0)
                goto nomem;
            base = ps->data.p;
            d = base + ps->data.len;
            f = &ps->f[ps->nf - 1];
            if (state == S_QUOTED)
                goto quoted;
        unquoted:
            for (;;) {
                avail = (size_t)(end - p);
                m = block_special(p, d, delim);
                if (avail < BLOCK)
                    m &= (1u << avail) - 1;
                for (; m; m &= m - 1) {
                    k = inspex_scan_first(m);
                    if (p[k] != delim) {
                        p += k;
                        d += k;
                        goto unquoted_stop;
                    }
                    f = next_field(ps, f, base, d + k,
                                   col0 + (unsigned long)(p + k + 1 - p0));
                    if (f == NULL)
                        goto nomem;
                }
                if (avail <= BLOCK) { /* the chunk ends */
                    p += avail;
                    d += avail;
                    break;
                }
                p += BLOCK;
                d += BLOCK;
            }
        unquoted_stop:
            if (p < end && *p == '"' && (size_t)(d - base) == f->off) {
                /* a quoted field opens */
                qline = ps->line;
                qcol = col0 + (unsigned long)(p - p0);
                p++;
                goto quoted;
            }
            /* a line end, a quote inside a field, or the chunk's end */
            state = (size_t)(d - base) > f->off ? S_UNQUOTED : S_START;
            goto copied;
        quoted:
            state = S_QUOTED;
            for (;;) {
                m = block_quoted(p, d);
                k = m ? inspex_scan_first(m) : BLOCK;
                if ((size_t)(end - p) <= k) {
                    d += end - p;
                    p = end;
                    break;
                }
                p += k;
                d += k;
                if (m == 0)
                    continue;
                if (*p != '"' || end - p < 2)
                    break; /* a line end, or a quote at the chunk's end */
                if (p[1] == '"') { /* a doubled quote is one */
                    *d++ = '"';
                    p += 2;
                    continue;
                }
                if (p[1] != delim)
                    break;
                /* the closing quote, then the delimiter */
                f = next_field(ps, f, base, d,
                               col0 + (unsigned long)(p + 2 - p0));
                if (f == NULL)
                    goto nomem;
                d++;
                p += 2;
                goto unquoted;
            }
        copied:
            ps->data.len = (size_t)(d - base);
            ps->col = col0 + (unsigned long)(p - p0);
            ps->inpos = (size_t)(p - ps->in);
            if (ps->inpos == ps->inlen)
                continue;
        }
        char c = *p;
        ps->inpos++;
        ps->col++;
        switch (state) {
        case S_START:
        case S_UNQUOTED:
            /* The fast path above takes delimiters and the quote that
             * opens a field; what comes here is a quote inside an
             * unquoted field, kept as it is, or a line end. */
            if (c == '"') {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                state = S_UNQUOTED;
            } else { /* \r or \n: the record ends */
                ps->pending_cr = c == '\r';
                ps->line++;
                ps->col = 1;
                if (end_field(ps) != 0 || raw_done(ps) != 0)
                    goto nomem;
                return INSPEX_OK;
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                state = S_QUOTE;
            } else {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                if (c == '\n' || (c == '\r' && !(ps->inpos < ps->inlen &&
                                                 ps->in[ps->inpos] == '\n'))) {
                    ps->line++;
                    ps->col = 1;
                }
            }
            break;
        case S_QUOTE:
            if (c == '"') {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                state = S_QUOTED;
            } else if (c == ps->delim) {
                if (end_field(ps) != 0 || start_field(ps) != 0)
                    goto nomem;
                state = S_START;
            } else if (c == '\r' || c == '\n') {
                ps->pending_cr = c == '\r';
                ps->line++;
                ps->col = 1;
                if (end_field(ps) != 0 || raw_done(ps) != 0)
                    goto nomem;
                return INSPEX_OK;
            } else {
                return inspex_error_set_at(
                    err, INSPEX_ERR_SYNTAX, ps->source, ps->line, ps->col - 1,
                    "unexpected character after the closing quote of a field");
            }
            break;
        }
    }
    /* End of input. */
    if (state == S_QUOTED)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, qline,
                                   qcol, "unterminated quoted field: the quote "
                                         "opened here is never closed");
    if (*got && (end_field(ps) != 0 || raw_done(ps) != 0))
        goto nomem;
    return INSPEX_OK;
nomem:
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

static const char *fval(const parser_t *ps, size_t i)
{
    return ps->data.p + ps->f[i].off;
}

/* Picks the delimiter from the header line: the most frequent of , ; tab |
 * outside quotes; a comma when none appears. */
static char detect_delimiter(const unsigned char *s, size_t n)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    int quoted = 0;

    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 4; k++)
                if (s[i] == (unsigned char)cands[k])
                    count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (count[k] > count[best])
            best = k;
    return count[best] ? cands[best] : ',';
}

/* ---- mapping columns to the model --------------------------------------- */

enum {
    COL_FIELD,
    COL_STANDARD,
    COL_ITEM,
    COL_STRAND,
    COL_EXTRA,
    /* per-row columns of the long and actions layouts */
    COL_ROW_CODE,
    COL_ROW_TITLE,
    COL_ROW_RATING,
    COL_ROW_ACTION
};

enum { LAYOUT_WIDE, LAYOUT_LONG, LAYOUT_ACTIONS };

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
static int detect_layout(parser_t *ps)
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

typedef struct column {
    int type;
    int field;              /* COL_FIELD: inspex_field_t */
    char code[32];          /* COL_STANDARD, COL_STRAND */
    char *title;            /* COL_STANDARD: title from the header */
    char *strand;           /* COL_STRAND: strand name */
    inspex_item_kind_t kind; /* COL_ITEM */
    size_t index;           /* COL_ITEM: 1-based item number */
    inspex_attr_t attr;     /* COL_ITEM */
    char *header;
} column_t;

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

static void free_columns(column_t *cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++) {
        free(cols[i].title);
        free(cols[i].strand);
        free(cols[i].header);
    }
    free(cols);
}

static inspex_status_t map_header(inspex_import_t *ctx, parser_t *ps,
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
                free_columns(cols, i);
                return inspex_error_set_at(
                    err, INSPEX_ERR_SYNTAX, ps->source, ps->f[i].line, col,
                    "duplicate column name \"%s\" (columns %zu and %zu)", h,
                    k + 1, i + 1);
            }
        c->header = strdup(h);
        if (c->header == NULL) {
            free_columns(cols, i);
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

/* 1 for a cell of nothing but spaces: no value, as an empty one. */
static int is_blank(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    return *v == '\0';
}

/* Locates err at field i of the current record. */
static inspex_status_t at_field(parser_t *ps, size_t i, inspex_status_t st,
                                inspex_error_t *err)
{
    inspex_error_locate(err, ps->source, ps->f[i].line, ps->f[i].col);
    return st;
}

/* Builds an inspection from the current record. */
static inspex_status_t build(parser_t *ps, const column_t *cols,
                             unsigned flags, inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    inspex_status_t st;

    inspex_inspection_set_origin(insp, ps->source, ps->rec_line);
    for (size_t i = 0; i < ps->nf; i++) {
        const column_t *c = &cols[i];
        const char *v = fval(ps, i);

        switch (c->type) {
        case COL_FIELD:
            st = inspex_inspection_set(insp, (inspex_field_t)c->field, v,
                                       flags, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
            break;
        case COL_STANDARD: {
            inspex_judgement_t *j;
            if (is_blank(v))
                break;
            j = inspex_inspection_add_judgement(insp, c->code, err);
            if (j == NULL)
                return at_field(ps, i, inspex_error_code(err), err);
            if ((c->title &&
                 (st = inspex_judgement_set_title(j, c->title, err)) !=
                     INSPEX_OK) ||
                (st = inspex_judgement_set_rating(j, v, err)) != INSPEX_OK)
                return at_field(ps, i, st, err);
            break;
        }
        case COL_STRAND: {
            inspex_judgement_t *j;
            int a, b, used = 0;
            if (is_blank(v))
                break;
            if (sscanf(v, "%d/%d%n", &a, &b, &used) != 2 ||
                v[used] != '\0')
                return at_field(ps, i,
                                inspex_error_set(err, INSPEX_ERR_INVALID,
                                                 "strand value \"%s\" is not "
                                                 "of the form 9/10",
                                                 v),
                                err);
            j = inspex_inspection_find_judgement(insp, c->code);
            if (j == NULL && (j = inspex_inspection_add_judgement(
                                  insp, c->code, err)) == NULL)
                return at_field(ps, i, inspex_error_code(err), err);
            st = inspex_judgement_add_strand(j, c->strand, a, b, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
            break;
        }
        case COL_ITEM: {
            inspex_item_t *item;
            if (is_blank(v))
                break;
            while (inspex_inspection_item_count(insp, c->kind) < c->index)
                if (inspex_inspection_add_item(insp, c->kind) == NULL)
                    return inspex_error_set(err, INSPEX_ERR_NOMEM,
                                            "out of memory");
            item = inspex_inspection_item(insp, c->kind, c->index - 1);
            st = inspex_item_set(item, c->attr, v, flags, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
            break;
        }
        case COL_EXTRA:
            st = inspex_inspection_add_extra(insp, c->header, v, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
            break;
        default:
            break; /* per-row columns: see add_row */
        }
    }
    return INSPEX_OK;
}

/* Adds the current row's judgement (long layout) or action (actions
 * layout) to insp. */
static inspex_status_t add_row(parser_t *ps, const column_t *cols, int layout,
                               unsigned flags, inspex_inspection_t *insp,
                               inspex_error_t *err)
{
    inspex_status_t st;

    if (layout == LAYOUT_ACTIONS) {
        inspex_item_t *item = NULL;
        for (size_t i = 0; i < ps->nf; i++) {
            if (cols[i].type != COL_ROW_ACTION || is_blank(fval(ps, i)))
                continue;
            if (item == NULL &&
                (item = inspex_inspection_add_item(insp, INSPEX_ITEM_ACTION)) ==
                    NULL)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            st = inspex_item_set(item, cols[i].attr, fval(ps, i), flags, err);
            if (st != INSPEX_OK)
                return at_field(ps, i, st, err);
        }
        return INSPEX_OK;
    }
    size_t code = SIZE_MAX;
    for (size_t i = 0; i < ps->nf; i++)
        if (cols[i].type == COL_ROW_CODE)
            code = i;
    if (code == SIZE_MAX || is_blank(fval(ps, code))) {
        /* an inspection with no standards rated: a row without a code */
        for (size_t i = 0; i < ps->nf; i++)
            if ((cols[i].type == COL_ROW_RATING ||
                 cols[i].type == COL_ROW_TITLE) &&
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
        said = (cols[i].type == COL_ROW_RATING ||
                cols[i].type == COL_ROW_TITLE) &&
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
        if (cols[i].type == COL_ROW_TITLE)
            st = inspex_judgement_set_title(j, fval(ps, i), err);
        else if (cols[i].type == COL_ROW_RATING)
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
        if (cols[i].type >= COL_ROW_CODE)
            continue;
        if (inspex_buf_add(key, fval(ps, i), ps->f[i].len) != 0 ||
            inspex_buf_add(key, "\x1f", 1) != 0)
            return -1;
    }
    return 0;
}

/* Converts or checks the encoding of every field of the record in place. */
static inspex_status_t fix_encoding(parser_t *ps, int enc, inspex_buf_t *tmp,
                                    inspex_error_t *err)
{
    /* Values are C strings: a NUL byte would cut one short unseen. One
     * look over the whole record first; field by field only to say where. */
    int clean = memchr(ps->rawp, '\0', ps->rawlen) == NULL;
    for (size_t i = 0; !clean && i < ps->nf; i++) {
        const char *z = memchr(fval(ps, i), '\0', ps->f[i].len);
        if (z)
            return inspex_error_set_at(err, INSPEX_ERR_ENCODING, ps->source,
                                       ps->f[i].line,
                                       ps->f[i].col + (unsigned long)(z - fval(ps, i)),
                                       "a NUL byte is not allowed in text");
    }
    if (enc == ENC_UTF8) {
        if (inspex_utf8_check(ps->rawp, ps->rawlen, NULL) == INSPEX_OK)
            return INSPEX_OK;
        for (size_t i = 0; i < ps->nf; i++) {
            size_t bad;
            if (inspex_utf8_check(fval(ps, i), ps->f[i].len, &bad) !=
                INSPEX_OK)
                return inspex_error_set_at(
                    err, INSPEX_ERR_ENCODING, ps->source, ps->f[i].line,
                    ps->f[i].col + bad,
                    "invalid UTF-8 (byte %zu of the field); if the file "
                    "was saved by Excel, try -O encoding=windows-1252",
                    bad + 1);
        }
        return INSPEX_OK;
    }
    /* Re-encode into a fresh data buffer. */
    inspex_buf_t nd = {0};
    for (size_t i = 0; i < ps->nf; i++) {
        size_t bad = to_utf8(fval(ps, i), ps->f[i].len, enc, tmp);
        if (bad == (size_t)-1)
            goto nomem;
        if (bad) {
            free(nd.p);
            return inspex_error_set_at(err, INSPEX_ERR_ENCODING, ps->source,
                                       ps->f[i].line, ps->f[i].col + bad - 1,
                                       "byte 0x%02X is not defined in "
                                       "windows-1252",
                                       (unsigned char)fval(ps, i)[bad - 1]);
        }
        size_t off = nd.len;
        if (inspex_buf_add(&nd, tmp->p, tmp->len) != 0 ||
            inspex_buf_add(&nd, "", 1) != 0)
            goto nomem;
        ps->f[i].off = off;
        ps->f[i].len = tmp->len;
    }
    free(ps->data.p);
    ps->data = nd;
    return INSPEX_OK;
nomem:
    free(nd.p);
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* Emits the grouped inspection (or rejects all its rows when one was
 * bad); *group is taken. */
static inspex_status_t flush_group(inspex_import_t *ctx,
                                   inspex_inspection_t **group,
                                   inspex_buf_t *raw,
                                   inspex_error_t *gerr, inspex_error_t *err)
{
    inspex_inspection_t *g = *group;

    *group = NULL;
    if (inspex_error_code(gerr) != INSPEX_OK) {
        inspex_inspection_free(g);
        inspex_error_copy(err, gerr);
        return inspex_import_reject(ctx, raw->p, raw->len, err);
    }
    return inspex_import_emit(ctx, g, raw->p, raw->len, err);
}

static inspex_status_t csv_import(inspex_import_t *ctx, inspex_error_t *err)
{
    parser_t ps = {0};
    column_t *cols = NULL;
    size_t ncols = 0;
    inspex_buf_t tmp = {0}, key = {0}, gkey = {0}, graw = {0};
    inspex_status_t st;
    int got, enc = ENC_UTF8, pad, layout;
    unsigned flags = 0;
    const char *v;
    inspex_inspection_t *group = NULL;
    inspex_error_t *gerr = inspex_error_new();
    inspex_header_map_t *hmap = NULL;

    if (gerr == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");

    ps.r = inspex_import_reader(ctx);
    ps.source = inspex_import_source(ctx);
    ps.line = ps.col = 1;
    ps.first = 1;
    /* BLOCK bytes past a full chunk, for the 16-byte reads (set once, so
     * that nothing uninitialised is ever read) */
    ps.in = calloc(1, IN_CHUNK + BLOCK);
    if (ps.in == NULL) {
        inspex_error_free(gerr);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if ((ps.delim = (char)inspex_import_option_char(ctx, "delimiter")) == 0) {
        const unsigned char *head;
        size_t n;
        st = inspex_reader_peek(ps.r, 64 * 1024, &head, &n, err);
        if (st != INSPEX_OK)
            goto out;
        ps.delim = detect_delimiter(head, n);
    }
    v = inspex_import_option(ctx, "encoding");
    if (v && strcmp(v, "windows-1252") == 0)
        enc = ENC_CP1252;
    else if (v && strcmp(v, "latin-1") == 0)
        enc = ENC_LATIN1;
    if (!inspex_import_option_bool(ctx, "dayfirst"))
        flags |= INSPEX_DATE_MONTHFIRST;
    v = inspex_import_option(ctx, "ragged");
    pad = v && strcmp(v, "pad") == 0;

    /* The header. */
    st = next_record(&ps, &got, err);
    if (st == INSPEX_OK && !got)
        st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps.source, 1, 0,
                                 "empty file: no header line");
    if (st == INSPEX_OK)
        st = fix_encoding(&ps, enc, &tmp, err);
    v = inspex_import_option(ctx, "layout");
    layout = st != INSPEX_OK                     ? LAYOUT_WIDE
             : v == NULL || strcmp(v, "auto") == 0 ? detect_layout(&ps)
             : strcmp(v, "long") == 0            ? LAYOUT_LONG
             : strcmp(v, "actions") == 0         ? LAYOUT_ACTIONS
                                                 : LAYOUT_WIDE;
    v = inspex_import_option(ctx, "map");
    if (st == INSPEX_OK && v && *v)
        st = inspex_header_map_load(v, &hmap, err);
    if (st == INSPEX_OK)
        st = map_header(ctx, &ps, layout, hmap, &cols, err);
    if (st != INSPEX_OK)
        goto out;
    ncols = ps.nf;
    if (layout == LAYOUT_LONG) {
        int has_code = 0;
        for (size_t i = 0; i < ncols; i++)
            has_code |= cols[i].type == COL_ROW_CODE;
        if (!has_code) {
            st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps.source, 1, 0,
                                     "the long layout needs a standard "
                                     "column (standard, code)");
            goto out;
        }
    }

    for (;;) {
        inspex_inspection_t *insp;

        st = next_record(&ps, &got, err);
        if (st != INSPEX_OK || !got)
            break;
        /* A blank line is no record. */
        if (ps.nf == 1 && ps.f[0].len == 0 && ps.rawlen <= 2)
            continue;
        if (ps.nf != ncols && !(pad && ps.nf < ncols)) {
            inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps.source, ps.rec_line,
                                0,
                                "row has %zu fields but the header has %zu%s",
                                ps.nf, ncols,
                                ps.nf < ncols ? " (-O ragged=pad fills short "
                                                "rows)"
                                              : "");
            st = inspex_import_reject(ctx, ps.rawp, ps.rawlen, err);
            if (st != INSPEX_OK)
                break;
            continue;
        }
        while (ps.nf < ncols) { /* ragged=pad */
            if (start_field(&ps) != 0 || end_field(&ps) != 0) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                goto out;
            }
        }
        st = fix_encoding(&ps, enc, &tmp, err);
        if (st == INSPEX_OK && layout != LAYOUT_WIDE) {
            /* Rows with the same inspection cells make one inspection; it
             * goes out when the next one starts. */
            if (group_key(&ps, cols, &key) != 0) {
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
                st = build(&ps, cols, flags, group, gerr);
            }
            if (st == INSPEX_OK && inspex_error_code(gerr) == INSPEX_OK)
                st = add_row(&ps, cols, layout, flags, group, gerr);
            if (st == INSPEX_ERR_NOMEM) {
                inspex_error_copy(err, gerr);
                break;
            }
            st = INSPEX_OK; /* a bad row spoils its group: see flush_group */
            if (inspex_buf_add(&graw, ps.rawp, ps.rawlen) != 0) {
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
            st = build(&ps, cols, flags, insp, err);
            if (st == INSPEX_OK) {
                st = inspex_import_emit(ctx, insp, ps.rawp, ps.rawlen, err);
                if (st != INSPEX_OK)
                    break;
                continue;
            }
            inspex_inspection_free(insp);
        }
        if (st == INSPEX_ERR_NOMEM)
            break;
        st = inspex_import_reject(ctx, ps.rawp, ps.rawlen, err);
        if (st != INSPEX_OK)
            break;
    }
    if (st == INSPEX_OK && group)
        st = flush_group(ctx, &group, &graw, gerr, err);
out:
    inspex_header_map_free(hmap);
    inspex_inspection_free(group);
    inspex_error_free(gerr);
    free(key.p);
    free(gkey.p);
    free(graw.p);
    free_columns(cols, ncols);
    free(tmp.p);
    free(ps.in);
    free(ps.raw.p);
    free(ps.data.p);
    free(ps.f);
    return st;
}

/* Scores the leading bytes: a first line with a delimiter, the same count
 * on the second line, and nothing that looks like JSON or XML. */
static int csv_probe(const unsigned char *data, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t'))
        i++;
    if (i == len || data[i] == '{' || data[i] == '[' || data[i] == '<')
        return 0;
    char d = detect_delimiter(data, len);
    size_t counts[2] = {0, 0};
    int line = 0, quoted = 0;
    for (; i < len && line < 2; i++) {
        if (data[i] == 0)
            return 0;
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted && data[i] == '\n')
            line++;
        else if (!quoted && data[i] == (unsigned char)d)
            counts[line]++;
    }
    if (counts[0] == 0)
        return 5;
    if (line >= 1 && counts[0] == counts[1])
        return 60;
    return 30;
}

/* ---- export ------------------------------------------------------------- */

typedef struct out_col {
    int type;
    int field;
    char code[32];
    size_t code_at; /* where the code starts in the header */
    char *strand;
    inspex_item_kind_t kind;
    size_t index;
    inspex_attr_t attr;
    char *header;
} out_col_t;

typedef struct writer_state {
    out_col_t *cols;
    size_t n, cap;
    int layout;
    const char **vals; /* the current inspection's cell per column */
    char delim;
    int crlf, guard, bom;
    int header_done;
    int in_header;
    char specials[8];        /* bytes that make a cell quoted */
    char header_specials[12]; /* the same in the header */
    unsigned long record;
    inspex_buf_t line;
    size_t first_std; /* the first standard's column */
    /* Records held (copied) until the columns are planned. */
    inspex_inspection_t **ahead;
    size_t nahead;
} wstate_t;

/* How many records the columns are planned from: records that differ (a
 * landing page and a full report, one or five recommendations) share one
 * header, and memory stays bounded. */
#define LOOKAHEAD 256

static void wstate_free(void *state)
{
    wstate_t *s = state;

    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->cols[i].strand);
        free(s->cols[i].header);
    }
    free(s->cols);
    free(s->vals);
    free(s->line.p);
    for (size_t i = 0; i < s->nahead; i++)
        inspex_inspection_free(s->ahead[i]);
    free(s->ahead);
    free(s);
}

static out_col_t *add_col(wstate_t *s, int type, char *header)
{
    if (header == NULL)
        return NULL;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        out_col_t *c = realloc(s->cols, cap * sizeof(*c));
        if (c == NULL) {
            free(header);
            return NULL;
        }
        s->cols = c;
        s->cap = cap;
    }
    out_col_t *c = &s->cols[s->n++];
    memset(c, 0, sizeof(*c));
    c->type = type;
    c->header = header;
    return c;
}

/* a, sep and b joined in a new string (b may be NULL: a alone). */
static char *join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + (b ? strlen(b) : 0) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", a, b ? sep : "", b ? b : "");
    return p;
}

static char *strand_header(const char *code, const char *name)
{
    size_t n = strlen(code) + strlen(name) + 9;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "strand.%s.%s", code, name);
    return p;
}

/* Orders standard codes numerically part by part: 1.2 before 1.10. */
static int code_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            char *ea, *eb;
            unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
            if (x != y)
                return x < y ? -1 : 1;
            a = ea;
            b = eb;
        } else {
            if (*a != *b)
                return (unsigned char)*a - (unsigned char)*b;
            a++;
            b++;
        }
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int cmp_judgement(const void *x, const void *y)
{
    return code_cmp(inspex_judgement_code(*(inspex_judgement_t *const *)x),
                    inspex_judgement_code(*(inspex_judgement_t *const *)y));
}

/* Extra keys of several records in one order that holds each record's
 * keys in its own order: a key not yet seen goes in after the last key
 * matched, as late as it can. A record whose keys cannot fit (two in the opposite order) is
 * caught when it is written. */
static int merge_extra(char ***keys, size_t *n, const inspex_inspection_t *insp)
{
    size_t cursor = 0;

    for (size_t i = 0; i < inspex_inspection_extra_count(insp); i++) {
        const char *k = inspex_inspection_extra_key(insp, i);
        size_t at = *n;
        for (size_t j = 0; j < *n; j++)
            if (strcmp((*keys)[j], k) == 0)
                at = j;
        if (at < *n) {
            if (at >= cursor)
                cursor = at + 1;
            continue;
        }
        /* as late as it can go: before the next key of this record that
         * is already placed, else at the end */
        size_t pos = *n;
        for (size_t i2 = i + 1; i2 < inspex_inspection_extra_count(insp) &&
                                pos == *n;
             i2++)
            for (size_t j = cursor; j < *n; j++)
                if (strcmp((*keys)[j],
                           inspex_inspection_extra_key(insp, i2)) == 0) {
                    pos = j;
                    break;
                }
        char **nk = realloc(*keys, (*n + 1) * sizeof(*nk));
        if (nk == NULL)
            return -1;
        memmove(nk + pos + 1, nk + pos, (*n - pos) * sizeof(*nk));
        nk[pos] = (char *)k;
        cursor = pos + 1;
        *keys = nk;
        (*n)++;
    }
    return 0;
}

/* The columns: every model field, then the standards, strands, items and
 * extra keys of the records read ahead (n of them), so that records that
 * differ (a landing page and a full report) share one header. */
/* 1 when the importer reads header h back as standard code. */
static int reads_back(inspex_export_t *ctx, const char *h, const char *code)
{
    char got[32];
    const inspex_frameworks_t *fw = inspex_export_frameworks(ctx);

    if (inspex_match_standard(h, got, sizeof(got)))
        return strcmp(got, code) == 0;
    return fw && inspex_frameworks_match_standard(fw, h, got, sizeof(got)) == 1 &&
           strcmp(got, code) == 0 && inspex_match_field(h) < 0;
}

static inspex_status_t plan_columns(inspex_export_t *ctx, wstate_t *s,
                                    inspex_inspection_t *const *insps,
                                    size_t n, inspex_error_t *err)
{
    size_t nj = 0, cap = 0, nkeys = 0;
    inspex_judgement_t **js = NULL;
    char **keys = NULL;

    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        out_col_t *c = add_col(s, COL_FIELD,
                               strdup(inspex_field_name((inspex_field_t)f)));
        if (c == NULL)
            goto nomem;
        c->field = f;
    }
    /* standards: one per code, with the first title seen; in the long
     * layout they are rows, not columns */
    for (size_t r = 0; r < n && s->layout == LAYOUT_WIDE; r++)
        for (size_t i = 0; i < inspex_inspection_judgement_count(insps[r]);
             i++) {
            inspex_judgement_t *j = inspex_inspection_judgement(insps[r], i);
            int seen = 0;
            for (size_t k = 0; k < nj && !seen; k++)
                seen = strcmp(inspex_judgement_code(js[k]),
                              inspex_judgement_code(j)) == 0;
            if (seen)
                continue;
            if (nj == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                inspex_judgement_t **nj2 = realloc(js, ncap * sizeof(*nj2));
                if (nj2 == NULL)
                    goto nomem;
                js = nj2;
                cap = ncap;
            }
            js[nj++] = j;
        }
    if (nj > 1)
        qsort(js, nj, sizeof(*js), cmp_judgement);
    for (size_t i = 0; i < nj; i++) {
        const char *code = inspex_judgement_code(js[i]);
        const char *title = inspex_judgement_title(js[i]);
        int rated = 0;
        /* a column when any record rates the standard or titles it */
        for (size_t r = 0; r < n && !rated; r++) {
            const inspex_judgement_t *j =
                inspex_inspection_find_judgement(insps[r], code);
            rated = j && (inspex_judgement_rating(j) || inspex_judgement_title(j));
        }
        if (rated) {
            char *h = join(code, " ", title);
            size_t at = 0;
            if (h && !reads_back(ctx, h, code)) {
                /* a code the plain header does not carry ("1", "Good",
                 * or a framework's word with a title after it) */
                char *h2 = join("standard.", "", h);
                free(h);
                h = h2;
                at = 9;
            }
            if (s->first_std == 0)
                s->first_std = s->n;
            out_col_t *c = add_col(s, COL_STANDARD, h);
            if (c == NULL)
                goto nomem;
            snprintf(c->code, sizeof(c->code), "%s", code);
            c->code_at = at;
        }
    }
    for (size_t i = 0; i < nj; i++) {
        const char *code = inspex_judgement_code(js[i]);
        size_t first = s->n;
        for (size_t r = 0; r < n; r++) {
            const inspex_judgement_t *j =
                inspex_inspection_find_judgement(insps[r], code);
            for (size_t k = 0; j && k < inspex_judgement_strand_count(j); k++) {
                const char *name;
                int seen = 0;
                inspex_judgement_strand(j, k, &name, NULL, NULL);
                for (size_t c = first; c < s->n && !seen; c++)
                    seen = strcmp(s->cols[c].strand, name) == 0;
                if (seen)
                    continue;
                out_col_t *c = add_col(s, COL_STRAND, strand_header(code, name));
                if (c == NULL || (c->strand = strdup(name)) == NULL)
                    goto nomem;
                snprintf(c->code, sizeof(c->code), "%s", code);
            }
        }
    }
    free(js);
    js = NULL;
    for (int k = 0; k < INSPEX_ITEM__COUNT && s->layout == LAYOUT_WIDE; k++) {
        size_t most = 0, na;
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        for (size_t r = 0; r < n; r++) {
            size_t c = inspex_inspection_item_count(insps[r],
                                                    (inspex_item_kind_t)k);
            if (c > most)
                most = c;
        }
        for (size_t i = 0; i < most; i++)
            for (size_t a = 0; a < na; a++) {
                char num[24];
                snprintf(num, sizeof(num), "%zu", i + 1);
                size_t len = strlen(inspex_item_kind_name((inspex_item_kind_t)k)) +
                             strlen(num) + strlen(inspex_attr_name(attrs[a])) + 3;
                char *h = malloc(len);
                if (h)
                    snprintf(h, len, "%s.%s.%s",
                             inspex_item_kind_name((inspex_item_kind_t)k), num,
                             inspex_attr_name(attrs[a]));
                out_col_t *c = add_col(s, COL_ITEM, h);
                if (c == NULL)
                    goto nomem;
                c->kind = (inspex_item_kind_t)k;
                c->index = i + 1;
                c->attr = attrs[a];
            }
    }
    for (size_t r = 0; r < n; r++)
        if (merge_extra(&keys, &nkeys, insps[r]) != 0)
            goto nomem;
    for (size_t i = 0; i < nkeys; i++) {
        const char *key = keys[i];
        int dup = 0;
        for (size_t k = 0; k < s->n; k++)
            if (strcmp(s->cols[k].header, key) == 0)
                dup = 1;
        if (dup) {
            free(keys);
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "cannot write CSV: extra field \"%s\" "
                                    "would repeat a column name",
                                    key);
        }
        if (add_col(s, COL_EXTRA, strdup(key)) == NULL)
            goto nomem;
    }
    free(keys);
    keys = NULL;
    if (s->layout == LAYOUT_LONG) {
        if (add_col(s, COL_ROW_CODE, strdup("standard")) == NULL ||
            add_col(s, COL_ROW_TITLE, strdup("title")) == NULL ||
            add_col(s, COL_ROW_RATING, strdup("rating")) == NULL)
            goto nomem;
    } else if (s->layout == LAYOUT_ACTIONS) {
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs(INSPEX_ITEM_ACTION, &na);
        for (size_t a = 0; a < na; a++) {
            out_col_t *c = add_col(
                s, COL_ROW_ACTION,
                strdup(attrs[a] == INSPEX_ATTR_TEXT ? "action"
                                                    : inspex_attr_name(attrs[a])));
            if (c == NULL)
                goto nomem;
            c->attr = attrs[a];
        }
    }
    if ((s->vals = calloc(s->n, sizeof(*s->vals))) == NULL)
        goto nomem;
    return INSPEX_OK;
nomem:
    free(js);
    free(keys);
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* 1 when s reads as a number ("-5", "+44", "1.5e3"). */
static int is_number(const char *s)
{
    char *end;
    if (*s == '\0')
        return 0;
    strtod(s, &end);
    return *end == '\0';
}

static int add_cell(wstate_t *s, const char *v)
{
    int quote = 0, guard = 0;

    if (v == NULL)
        v = "";
    if (s->guard && (v[0] == '=' || v[0] == '+' || v[0] == '-' ||
                     v[0] == '@' || v[0] == '\t' || v[0] == '\r') &&
        !is_number(v))
        guard = 1;
    /* In the header, any would-be delimiter is quoted, so that a reader
     * detecting the delimiter counts only the real ones. */
    size_t plain = strcspn(v, s->in_header ? s->header_specials : s->specials);
    quote = v[plain] != '\0';
    if (quote && inspex_buf_add(&s->line, "\"", 1) != 0)
        return -1;
    if (guard && inspex_buf_add(&s->line, "'", 1) != 0)
        return -1;
    if (!quote)
        return inspex_buf_add(&s->line, v, plain);
    for (const char *p = v; *p; p++) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (inspex_buf_add(&s->line, p, n) != 0)
            return -1;
        if (q == NULL)
            break;
        if (inspex_buf_add(&s->line, "\"\"", 2) != 0)
            return -1;
        p = q;
    }
    return inspex_buf_add(&s->line, "\"", 1);
}

static int end_line(wstate_t *s)
{
    return s->crlf ? inspex_buf_add(&s->line, "\r\n", 2)
                   : inspex_buf_add(&s->line, "\n", 1);
}

static inspex_status_t csv_begin(inspex_export_t *ctx, void **state,
                                 inspex_error_t *err)
{
    wstate_t *s = calloc(1, sizeof(*s));

    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->delim = (char)inspex_export_option_char(ctx, "delimiter");
    if (s->delim == 0)
        s->delim = ',';
    snprintf(s->specials, sizeof(s->specials), "%c\"\r\n", s->delim);
    snprintf(s->header_specials, sizeof(s->header_specials), "%c\"\r\n,;\t|",
             s->delim);
    s->crlf = inspex_export_option_bool(ctx, "crlf");
    s->guard = inspex_export_option_bool(ctx, "formula-guard");
    const char *layout = inspex_export_option(ctx, "layout");
    s->layout = layout && strcmp(layout, "long") == 0      ? LAYOUT_LONG
                : layout && strcmp(layout, "actions") == 0 ? LAYOUT_ACTIONS
                                                           : LAYOUT_WIDE;
    s->bom = inspex_export_option_bool(ctx, "bom");
    *state = s;
    return INSPEX_OK;
}

static inspex_status_t write_header(inspex_export_t *ctx, wstate_t *s,
                                    inspex_error_t *err)
{
    int guard = s->guard;

    s->line.len = 0;
    if (s->bom && inspex_buf_add(&s->line, "\xEF\xBB\xBF", 3) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->guard = 0;
    s->in_header = 1;
    for (size_t i = 0; i < s->n; i++)
        if ((i && inspex_buf_add(&s->line, &s->delim, 1) != 0) ||
            add_cell(s, s->cols[i].header) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->in_header = 0;
    s->guard = guard;
    if (end_line(s) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->header_done = 1;
    return inspex_writer_write(inspex_export_writer(ctx), s->line.p,
                               s->line.len, err);
}

/* Says which part of a record has no column: nothing is dropped. */
static inspex_status_t no_column(wstate_t *s, const char *what,
                                 inspex_error_t *err)
{
    return inspex_error_set(err, INSPEX_ERR_INVALID,
                            "cannot write record %lu as CSV: %s has no column "
                            "(the columns come from the first %d records); "
                            "write JSON or NDJSON instead",
                            s->record, what, LOOKAHEAD);
}

/* 1 when a standard's column header ("code title") holds j's title. */
static int header_fits(const out_col_t *c, const inspex_judgement_t *j)
{
    const char *t = inspex_judgement_title(j);
    const char *h = c->header + c->code_at + strlen(c->code);

    return t ? (*h == ' ' && strcmp(h + 1, t) == 0) : *h == '\0';
}

static inspex_status_t check_covered(wstate_t *s,
                                     const inspex_inspection_t *insp,
                                     inspex_error_t *err)
{
    char what[96];

    /* In the long and actions layouts standards and actions are rows. */
    for (size_t i = 0; s->layout == LAYOUT_WIDE &&
                       i < inspex_inspection_judgement_count(insp);
         i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        const char *code = inspex_judgement_code(j);
        int found = 0;
        /* a cell holds a rating: a title alone has nowhere to go */
        if (!inspex_judgement_rating(j) && inspex_judgement_title(j))
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "cannot write record %lu as CSV: "
                                    "standard %s has a title but no rating, "
                                    "which a wide CSV cell cannot hold; use "
                                    "-O layout=long, JSON or NDJSON",
                                    s->record, code);
        /* judgements mostly come in the columns' order: look there first */
        size_t k0 = s->first_std + i;
        if (k0 < s->n && s->cols[k0].type == COL_STANDARD &&
            strcmp(s->cols[k0].code, code) == 0)
            found = header_fits(&s->cols[k0], j);
        for (size_t k = 0; k < s->n && !found; k++)
            if (s->cols[k].type == COL_STANDARD &&
                strcmp(s->cols[k].code, code) == 0)
                found = header_fits(&s->cols[k], j);
        if (!found && (inspex_judgement_rating(j) || inspex_judgement_title(j))) {
            snprintf(what, sizeof(what), "standard %s (or its title)",
                     inspex_judgement_code(j));
            return no_column(s, what, err);
        }
        for (size_t t = 0; t < inspex_judgement_strand_count(j); t++) {
            const char *name;
            found = 0;
            inspex_judgement_strand(j, t, &name, NULL, NULL);
            for (size_t k = 0; k < s->n && !found; k++)
                found = s->cols[k].type == COL_STRAND &&
                        strcmp(s->cols[k].code, inspex_judgement_code(j)) == 0 &&
                        strcmp(s->cols[k].strand, name) == 0;
            if (!found) {
                snprintf(what, sizeof(what), "strand \"%.40s\" of standard %s",
                         name, inspex_judgement_code(j));
                return no_column(s, what, err);
            }
        }
    }
    for (int kd = 0; kd < INSPEX_ITEM__COUNT && s->layout == LAYOUT_WIDE;
         kd++) {
        size_t have = 0, n = inspex_inspection_item_count(insp,
                                                           (inspex_item_kind_t)kd);
        for (size_t k = 0; k < s->n; k++)
            if (s->cols[k].type == COL_ITEM && (int)s->cols[k].kind == kd &&
                s->cols[k].index > have)
                have = s->cols[k].index;
        if (n > have) {
            snprintf(what, sizeof(what), "%s %zu",
                     inspex_item_kind_name((inspex_item_kind_t)kd), have + 1);
            return no_column(s, what, err);
        }
    }
    /* Extra keys must appear among the header's extra columns, in order. */
    size_t ne = inspex_inspection_extra_count(insp), seen = 0;
    for (size_t k = 0; k < s->n && seen < ne; k++)
        if (s->cols[k].type == COL_EXTRA &&
            strcmp(s->cols[k].header, inspex_inspection_extra_key(insp, seen)) ==
                0)
            seen++;
    if (seen < ne) {
        snprintf(what, sizeof(what), "field \"%.60s\"",
                 inspex_inspection_extra_key(insp, seen));
        return no_column(s, what, err);
    }
    return INSPEX_OK;
}

/* What the long and actions layouts cannot hold: said, never dropped. */
static inspex_status_t check_rows(wstate_t *s, const inspex_inspection_t *insp,
                                  inspex_error_t *err)
{
    const char *name = s->layout == LAYOUT_LONG ? "long" : "actions";

    for (int k = 0; k < INSPEX_ITEM__COUNT; k++)
        if (inspex_inspection_item_count(insp, (inspex_item_kind_t)k) &&
            !(s->layout == LAYOUT_ACTIONS && k == INSPEX_ITEM_ACTION))
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "cannot write record %lu in the %s "
                                    "layout: it has %ss; use the wide layout, "
                                    "JSON or NDJSON",
                                    s->record, name,
                                    inspex_item_kind_name((inspex_item_kind_t)k));
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        if (s->layout == LAYOUT_ACTIONS || inspex_judgement_strand_count(j))
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "cannot write record %lu in the %s "
                                    "layout: it has %s; use the wide layout, "
                                    "JSON or NDJSON",
                                    s->record, name,
                                    s->layout == LAYOUT_ACTIONS
                                        ? "standards"
                                        : "strand sub-ratings");
    }
    return INSPEX_OK;
}

/* Writes one record's line(s) under the planned header. */
static inspex_status_t write_record(inspex_export_t *ctx, wstate_t *s,
                                    const inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    inspex_status_t st;
    size_t extra = 0, rows = 1, nstd = 0;
    char frac[32];

    if ((st = check_covered(s, insp, err)) != INSPEX_OK)
        return st;
    /* The inspection's own cells, the same on each of its rows. */
    for (size_t i = 0; i < s->n; i++) {
        const out_col_t *c = &s->cols[i];
        const char *v = NULL;

        switch (c->type) {
        case COL_FIELD:
            v = inspex_inspection_get(insp, (inspex_field_t)c->field);
            break;
        case COL_STANDARD: {
            /* Judgements mostly come in the columns' order: look there
             * first. */
            const inspex_judgement_t *j =
                inspex_inspection_judgement(insp, nstd++);
            if (j == NULL || strcmp(inspex_judgement_code(j), c->code) != 0)
                j = inspex_inspection_find_judgement(insp, c->code);
            v = j ? inspex_judgement_rating(j) : NULL;
            break;
        }
        case COL_STRAND: {
            const inspex_judgement_t *j =
                inspex_inspection_find_judgement(insp, c->code);
            for (size_t k = 0; j && k < inspex_judgement_strand_count(j); k++) {
                const char *name;
                int a, b;
                inspex_judgement_strand(j, k, &name, &a, &b);
                if (strcmp(name, c->strand) == 0) {
                    snprintf(frac, sizeof(frac), "%d/%d", a, b);
                    v = frac;
                }
            }
            break;
        }
        case COL_ITEM: {
            const inspex_item_t *item =
                inspex_inspection_item(insp, c->kind, c->index - 1);
            v = item ? inspex_item_get(item, c->attr) : NULL;
            break;
        }
        case COL_EXTRA: {
            const char *k = inspex_inspection_extra_key(insp, extra);
            if (k && strcmp(k, c->header) == 0)
                v = inspex_inspection_extra_value(insp, extra++);
            break;
        }
        default:
            break; /* per row, below */
        }
        s->vals[i] = v;
    }
    if (s->layout == LAYOUT_LONG && inspex_inspection_judgement_count(insp))
        rows = inspex_inspection_judgement_count(insp);
    if (s->layout == LAYOUT_ACTIONS &&
        inspex_inspection_item_count(insp, INSPEX_ITEM_ACTION))
        rows = inspex_inspection_item_count(insp, INSPEX_ITEM_ACTION);
    s->line.len = 0;
    for (size_t r = 0; r < rows; r++) {
        const inspex_judgement_t *j = s->layout == LAYOUT_LONG
                                          ? inspex_inspection_judgement(insp, r)
                                          : NULL;
        const inspex_item_t *act =
            s->layout == LAYOUT_ACTIONS
                ? inspex_inspection_item(insp, INSPEX_ITEM_ACTION, r)
                : NULL;
        for (size_t i = 0; i < s->n; i++) {
            const char *v = s->vals[i];
            switch (s->cols[i].type) {
            case COL_ROW_CODE: v = j ? inspex_judgement_code(j) : NULL; break;
            case COL_ROW_TITLE: v = j ? inspex_judgement_title(j) : NULL; break;
            case COL_ROW_RATING: v = j ? inspex_judgement_rating(j) : NULL; break;
            case COL_ROW_ACTION:
                v = act ? inspex_item_get(act, s->cols[i].attr) : NULL;
                break;
            default:
                break;
            }
            if ((i && inspex_buf_add(&s->line, &s->delim, 1) != 0) ||
                add_cell(s, v) != 0)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        if (end_line(s) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    return inspex_writer_write(inspex_export_writer(ctx), s->line.p,
                               s->line.len, err);
}

/* Plans the columns from the records read ahead, writes the header and
 * them, and lets them go. */
static inspex_status_t flush_ahead(inspex_export_t *ctx, wstate_t *s,
                                   inspex_error_t *err)
{
    unsigned long last = s->record;
    inspex_status_t st = plan_columns(ctx, s, s->ahead, s->nahead, err);

    if (st == INSPEX_OK)
        st = write_header(ctx, s, err);
    for (size_t i = 0; i < s->nahead && st == INSPEX_OK; i++) {
        s->record = last - s->nahead + 1 + i; /* for messages */
        st = write_record(ctx, s, s->ahead[i], err);
    }
    if (st == INSPEX_OK)
        s->record = last;
    for (size_t i = 0; i < s->nahead; i++)
        inspex_inspection_free(s->ahead[i]);
    s->nahead = 0;
    return st;
}

static inspex_status_t csv_record(inspex_export_t *ctx, void *state,
                                  const inspex_inspection_t *insp,
                                  inspex_error_t *err)
{
    wstate_t *s = state;
    inspex_status_t st;

    s->record++;
    if (s->layout != LAYOUT_WIDE && (st = check_rows(s, insp, err)) != INSPEX_OK)
        return st;
    if (s->header_done)
        return write_record(ctx, s, insp, err);
    if (s->ahead == NULL &&
        (s->ahead = malloc(LOOKAHEAD * sizeof(*s->ahead))) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if ((s->ahead[s->nahead] = inspex_inspection_clone(insp)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (++s->nahead < LOOKAHEAD)
        return INSPEX_OK;
    return flush_ahead(ctx, s, err);
}

static inspex_status_t csv_end(inspex_export_t *ctx, void *state,
                               inspex_error_t *err)
{
    wstate_t *s = state;

    return s->nahead ? flush_ahead(ctx, s, err) : INSPEX_OK;
}

static const char *const extensions[] = {"csv", "tsv", NULL};
static const char *const media_types[] = {"text/csv",
                                          "text/tab-separated-values", NULL};

static const inspex_option_t options[] = {
    {"delimiter", INSPEX_OPT_CHAR, NULL,
     "field separator; on import detected from the header line among , ; "
     "tab |, on export a comma",
     NULL, INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT},
    {"encoding", INSPEX_OPT_CHOICE, "utf-8",
     "character encoding of the input; converted to UTF-8", "utf-8|windows-1252|latin-1",
     INSPEX_OPT_IMPORT},
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping column names to field names or standard codes, "
     "for headers the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {"dayfirst", INSPEX_OPT_BOOL, "true",
     "read 04/06/2020 as 4 June; false for US-style month-first dates", NULL,
     INSPEX_OPT_IMPORT},
    {"ragged", INSPEX_OPT_CHOICE, "error",
     "rows with fewer fields than the header: error, or pad with empty "
     "fields",
     "error|pad", INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "auto",
     "wide (a row an inspection), long (a row a standard, rows of one "
     "inspection together) or actions (a row an improvement-plan action); "
     "auto tells them from the header",
     "auto|wide|long|actions", INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "wide",
     "wide (a row an inspection, a column a standard), long (a row a "
     "standard) or actions (a row an improvement-plan action)",
     "wide|long|actions", INSPEX_OPT_EXPORT},
    {"crlf", INSPEX_OPT_BOOL, "false", "end lines with CR LF", NULL,
     INSPEX_OPT_EXPORT},
    {"bom", INSPEX_OPT_BOOL, "false",
     "start with a UTF-8 byte-order mark (for Excel)", NULL, INSPEX_OPT_EXPORT},
    {"formula-guard", INSPEX_OPT_BOOL, "true",
     "prefix ' to cells a spreadsheet would run as a formula (= + - @ tab "
     "CR, unless a number)",
     NULL, INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t csv_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = "csv",
    .description = "comma-separated ratings tables, one row per inspection",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = csv_probe,
    .import = csv_import,
    .export_begin = csv_begin,
    .export_record = csv_record,
    .export_end = csv_end,
    .export_free = wstate_free,
};

INSPEX_PLUGIN_DEFINE(csv_plugin)
