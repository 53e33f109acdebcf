/* SPDX-License-Identifier: MIT */
/*
 * csv_write.c - the CSV plugin's writer: the columns planned from the
 * first records, then a line per inspection (wide) or per standard or
 * action (long, actions).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/hash.h>

#include "csv.h"

/* ---- export ------------------------------------------------------------- */

typedef struct out_col {
    int type;
    int field;
    char code[32];
    /* a standard's column: the title its header holds after the code
     * (NULL: none) */
    const char *title;
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
    /* a strand column's "9/10", one per column, padded as the model's
     * strings are (add_cell reads a block at a time) */
    char (*frac)[24 + INSPEX_STRING_PADDING];
    char delim;
    int crlf, guard, bom;
    int header_done;
    int in_header;
    char specials[8];         /* bytes that make a cell quoted */
    char header_specials[12]; /* the same in the header */
    unsigned long record;
    inspex_buf_t line;
    size_t first_std; /* the first standard's column */
    /* the highest item number the columns hold, for each kind; set by
     * alloc_cells */
    size_t item_have[INSPEX_ITEM__COUNT];
    size_t first_extra; /* the first extra column (s->n: none) */
    /* Records held (copied) until the columns are planned. */
    inspex_inspection_t **ahead;
    size_t nahead;
    inspex_plan_t *reader; /* how the reader maps a header: reads_back */
    /* The spreadsheet writers' rows (csv__set_sink): cells, not text. */
    csv_row_sink_t sink;
    void *sink_ud;
    const char *fmt_name; /* the format said in messages; NULL: "CSV" */
    const char **rowv;
    /* Past the first LOOKAHEAD records, the lines go to a temporary file
     * (each with its column count) and the header is written at the end,
     * so that an extra key first seen late gets its column: the lines
     * before it are given an empty cell there. */
    FILE *spool;
    char *spool_buf; /* its stdio buffer, SPOOL_BUF bytes */
} wstate_t;

/* The format a message names: CSV, or the spreadsheet's (csv__set_sink). */
static const char *fmt(const wstate_t *s)
{
    return s->fmt_name ? s->fmt_name : "CSV";
}

/* How many records the columns are planned from: records that differ (a
 * landing page and a full report, one or five recommendations) share one
 * header, and memory stays bounded. */
#define LOOKAHEAD 256

/* The spool's stdio buffer. */
#define SPOOL_BUF (256 * 1024)

void csv__wstate_free(void *state)
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
    free(s->rowv);
    free(s->frac);
    free(s->line.p);
    inspex_plan_free(s->reader);
    if (s->spool)
        fclose(s->spool);
    free(s->spool_buf); /* after the stream that used it */
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

/* ---- the extra keys' order, in linear time --------------------------- */

/* A string -> position index (open addressing, FNV-1a) over the keys
 * planned so far, so that finding a key costs the same with 40,000 of
 * them as with 4. Rebuilt after an insertion moves positions. */
typedef struct key_index {
    const char **key;
    size_t *at;
    size_t cap; /* a power of two, at least twice the keys */
    int stale;
} key_index_t;

#define KEY_NONE ((size_t)-1)

static void kx_free(key_index_t *x)
{
    free(x->key);
    free(x->at);
    memset(x, 0, sizeof(*x));
}

static void kx_put(key_index_t *x, const char *k, size_t at)
{
    size_t m = x->cap - 1, i = (size_t)inspex_hash(k) & m;

    while (x->key[i] && strcmp(x->key[i], k) != 0)
        i = (i + 1) & m;
    x->key[i] = k;
    x->at[i] = at;
}

/* (Re)builds the index over keys[0..n) with room for more. */
static int kx_build(key_index_t *x, char *const *keys, size_t n)
{
    size_t cap = 64;

    while (cap < 2 * n + 2)
        cap *= 2;
    if (cap != x->cap) {
        kx_free(x);
        x->key = malloc(cap * sizeof(*x->key));
        x->at = malloc(cap * sizeof(*x->at));
        if (x->key == NULL || x->at == NULL) {
            kx_free(x);
            return -1;
        }
        x->cap = cap;
    }
    memset(x->key, 0, cap * sizeof(*x->key));
    for (size_t i = 0; i < n; i++)
        kx_put(x, keys[i], i);
    x->stale = 0;
    return 0;
}

static size_t kx_find(const key_index_t *x, const char *k)
{
    size_t m = x->cap - 1, i = (size_t)inspex_hash(k) & m;

    for (; x->key[i]; i = (i + 1) & m)
        if (strcmp(x->key[i], k) == 0)
            return x->at[i];
    return KEY_NONE;
}

typedef struct key_list {
    char **keys;
    size_t n, cap;
    key_index_t x;
} key_list_t;

/* Where the new key at extra i of insp goes, as late as it can: before
 * the next key of the record that is already placed at or after cursor,
 * else at the end. later says whether any key after i was placed before
 * the record came (none: the end, at once). */
static size_t place(const key_list_t *l, const inspex_inspection_t *insp,
                    size_t i, size_t cursor, int later)
{
    size_t ne = inspex_inspection_extra_count(insp);

    if (!later)
        return l->n;
    for (size_t i2 = i + 1; i2 < ne; i2++) {
        size_t at = kx_find(&l->x, inspex_inspection_extra_key(insp, i2));
        if (at != KEY_NONE && at >= cursor)
            return at;
    }
    return l->n;
}

/* Extra keys of several records in one order that holds each record's
 * keys in its own order: a key not yet seen goes in after the last key
 * matched, as late as it can. A record whose keys cannot fit (two in the
 * opposite order) is caught when it is written. Records with the keys
 * of the one before, in its order, cost a compare a key. */
static int merge_extra(key_list_t *l, const inspex_inspection_t *insp)
{
    size_t cursor = 0, ne = inspex_inspection_extra_count(insp);
    char *later = NULL; /* later[i]: a key after i was placed before */

    for (size_t i = 0; i < ne; i++) {
        const char *k = inspex_inspection_extra_key(insp, i);
        size_t at, pos;
        if (cursor < l->n && strcmp(l->keys[cursor], k) == 0) {
            cursor++; /* the order so far */
            continue;
        }
        if (l->x.stale && kx_build(&l->x, l->keys, l->n) != 0)
            goto nomem;
        if ((at = kx_find(&l->x, k)) != KEY_NONE) {
            if (at >= cursor)
                cursor = at + 1;
            continue;
        }
        if (later == NULL) {
            /* once a record, from its end: which keys have placed ones
             * after them */
            if ((later = malloc(ne)) == NULL)
                goto nomem;
            for (size_t j = ne, any = 0; j-- > 0;) {
                later[j] = (char)any;
                any |= kx_find(&l->x, inspex_inspection_extra_key(insp, j)) !=
                       KEY_NONE;
            }
        }
        pos = place(l, insp, i, cursor, later[i]);
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 64;
            char **nk = realloc(l->keys, cap * sizeof(*nk));
            if (nk == NULL)
                goto nomem;
            l->keys = nk;
            l->cap = cap;
        }
        memmove(l->keys + pos + 1, l->keys + pos,
                (l->n - pos) * sizeof(*l->keys));
        l->keys[pos] = (char *)k;
        l->n++;
        cursor = pos + 1;
        /* an append moves nothing: the index takes it while it has room */
        if (pos + 1 == l->n && !l->x.stale && 2 * l->n + 2 <= l->x.cap)
            kx_put(&l->x, k, pos);
        else
            l->x.stale = 1;
    }
    free(later);
    return 0;
nomem:
    free(later);
    return -1;
}

/* 1 when the importer reads header h back as standard code: asked of
 * the header plan the importer maps its header with (0 when it cannot be
 * asked, and the header is then written in the form that always reads
 * back). */
static int reads_back(inspex_export_t *ctx, wstate_t *s, const char *h,
                      const char *code)
{
    const inspex_plan_column_t *c;
    size_t i;

    if (s->reader == NULL &&
        inspex_plan_new(inspex_export_frameworks(ctx), NULL, &s->reader,
                        NULL) != INSPEX_OK)
        return 0;
    if (inspex_plan_key(s->reader, h, strlen(h), &i, NULL) != INSPEX_OK)
        return 0;
    c = inspex_plan_column(s->reader, i);
    return c->target == INSPEX_PLAN_STANDARD && strcmp(c->code, code) == 0;
}

/* The per-column cells of the current record, and what check_covered
 * reads of the columns, worked out once whenever the columns change: 0,
 * or -1 out of memory. */
static int alloc_cells(wstate_t *s)
{
    for (int kd = 0; kd < INSPEX_ITEM__COUNT; kd++)
        s->item_have[kd] = 0;
    s->first_extra = s->n;
    for (size_t k = 0; k < s->n; k++) {
        out_col_t *c = &s->cols[k];
        if (c->type == COL_EXTRA && s->first_extra == s->n)
            s->first_extra = k;
        if (c->type == COL_ITEM && c->index > s->item_have[c->kind])
            s->item_have[c->kind] = c->index;
    }
    free(s->vals);
    free(s->frac);
    s->vals = calloc(s->n, sizeof(*s->vals));
    s->frac = calloc(s->n, sizeof(*s->frac));
    return s->vals && s->frac ? 0 : -1;
}

/* A column for each extra key of the records, in an order that holds
 * each record's (merge_extra); a key that is also another column's name
 * is an error. */
static inspex_status_t extra_columns(wstate_t *s,
                                     inspex_inspection_t *const *insps,
                                     size_t n, inspex_error_t *err)
{
    key_list_t kl = {NULL, 0, 0, {NULL, NULL, 0, 1}};
    key_index_t heads = {0};
    char **hs = NULL;
    inspex_status_t st = INSPEX_OK;

    for (size_t r = 0; r < n; r++)
        if (merge_extra(&kl, insps[r]) != 0)
            goto nomem;
    /* an extra key that is also a column's name: looked up, not scanned */
    if (kl.n && (hs = malloc(s->n * sizeof(*hs))) == NULL)
        goto nomem;
    for (size_t k = 0; kl.n && k < s->n; k++)
        hs[k] = s->cols[k].header;
    if (kl.n && kx_build(&heads, hs, s->n) != 0)
        goto nomem;
    for (size_t i = 0; i < kl.n && st == INSPEX_OK; i++) {
        if (kx_find(&heads, kl.keys[i]) != KEY_NONE)
            st = inspex_error_set(err, INSPEX_ERR_INVALID,
                                  "cannot write %s: extra field \"%s\" "
                                  "would repeat a column name",
                                  fmt(s), kl.keys[i]);
        else if (add_col(s, COL_EXTRA, strdup(kl.keys[i])) == NULL)
            goto nomem;
    }
    goto out;
nomem:
    st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
out:
    free(kl.keys);
    kx_free(&kl.x);
    kx_free(&heads);
    free(hs);
    return st;
}

/* A standard's column: "code title" (or the code alone), or
 * "standard.code title" for a code the plain header does not carry. 0,
 * or -1 out of memory. */
static int standard_column(inspex_export_t *ctx, wstate_t *s, const char *code,
                           const char *title)
{
    char *h = join(code, " ", title);
    size_t at = 0;
    out_col_t *c;

    if (h && !reads_back(ctx, s, h, code)) {
        /* "1", "Good", or a framework's word with a title after it */
        char *h2 = join("standard.", "", h);
        free(h);
        h = h2;
        at = 9;
    }
    if (s->first_std == 0)
        s->first_std = s->n;
    if ((c = add_col(s, COL_STANDARD, h)) == NULL)
        return -1;
    snprintf(c->code, sizeof(c->code), "%s", code);
    c->title = title ? h + at + strlen(code) + 1 : NULL;
    return 0;
}

/* The columns: every model field, then the standards, strands, items and
 * extra keys of the records read ahead (n of them), so that records that
 * differ (a landing page and a full report) share one header. */
static inspex_status_t plan_columns(inspex_export_t *ctx, wstate_t *s,
                                    inspex_inspection_t *const *insps, size_t n,
                                    inspex_error_t *err)
{
    size_t nj = 0, cap = 0;
    inspex_judgement_t **js = NULL;
    inspex_status_t st;

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
            rated = j &&
                    (inspex_judgement_rating(j) || inspex_judgement_title(j));
        }
        if (rated && standard_column(ctx, s, code, title) != 0)
            goto nomem;
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
                out_col_t *c = add_col(s, COL_STRAND,
                                       strand_header(code, name));
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
                size_t len = strlen(
                                 inspex_item_kind_name((inspex_item_kind_t)k)) +
                             strlen(num) + strlen(inspex_attr_name(attrs[a])) +
                             3;
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
    if ((st = extra_columns(s, insps, n, err)) != INSPEX_OK) {
        free(js);
        return st;
    }
    if (s->layout == LAYOUT_LONG) {
        if (add_col(s, COL_ROW_CODE, strdup("standard")) == NULL ||
            add_col(s, COL_ROW_TITLE, strdup("title")) == NULL ||
            add_col(s, COL_ROW_RATING, strdup("rating")) == NULL)
            goto nomem;
    } else if (s->layout == LAYOUT_ACTIONS) {
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs(INSPEX_ITEM_ACTION, &na);
        for (size_t a = 0; a < na; a++) {
            out_col_t *c = add_col(s, COL_ROW_ACTION,
                                   strdup(attrs[a] == INSPEX_ATTR_TEXT
                                              ? "action"
                                              : inspex_attr_name(attrs[a])));
            if (c == NULL)
                goto nomem;
            c->attr = attrs[a];
        }
    }
    if (alloc_cells(s) != 0)
        goto nomem;
    return INSPEX_OK;
nomem:
    free(js);
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

/* A data cell's value, read a block at a time (every value is the
 * model's, or a strand's padded text): copied while no byte in it needs
 * quoting. 1 when it was written so, 0 when it needs quoting (nothing
 * written), -1 when out of memory. */
static int add_plain(wstate_t *s, const char *v)
{
    size_t start = s->line.len;

    for (const char *p = v;; p += INSPEX_SCAN_BLOCK) {
        unsigned m, k;
        if (inspex_buf_reserve(&s->line, INSPEX_SCAN_BLOCK) != 0)
            return -1;
        m = inspex_scan_block(p, s->line.p + s->line.len, s->delim, '"', '\r',
                              '\n', 1);
        if (m == 0) {
            s->line.len += INSPEX_SCAN_BLOCK;
            continue;
        }
        k = inspex_scan_first(m);
        if (p[k] != '\0') {
            s->line.len = start;
            return 0;
        }
        s->line.len += k;
        return 1;
    }
}

static int add_cell(wstate_t *s, const char *v)
{
    int quote = 0, guard = 0;

    if (v == NULL || *v == '\0')
        return inspex_buf_add(&s->line, "", 0);
    if (s->guard &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
         v[0] == '\t' || v[0] == '\r') &&
        !is_number(v))
        guard = 1;
    if (!guard && !s->in_header) {
        int done = add_plain(s, v);
        if (done != 0)
            return done < 0 ? -1 : 0;
    }
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

inspex_status_t csv__begin(inspex_export_t *ctx, void **state,
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
    s->line.len = 0;
    if (s->bom && inspex_buf_add(&s->line, "\xEF\xBB\xBF", 3) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (s->sink) {
        if ((s->rowv = calloc(s->n ? s->n : 1, sizeof(*s->rowv))) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < s->n; i++)
            s->rowv[i] = s->cols[i].header;
        s->header_done = 1;
        return s->sink(s->sink_ud, s->rowv, s->n, 1, err);
    }
    /* a header cell is a cell: the formula guard holds for it too (an
     * extra key "=HYPERLINK(...)" from the input is not run) */
    s->in_header = 1;
    for (size_t i = 0; i < s->n; i++)
        if ((i && inspex_buf_add(&s->line, &s->delim, 1) != 0) ||
            add_cell(s, s->cols[i].header) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->in_header = 0;
    if (end_line(s) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->header_done = 1;
    return inspex_writer_write(inspex_export_writer(ctx), s->line.p,
                               s->line.len, err);
}

/* How many of insp's extra keys the extra columns hold, in order. */
static size_t extra_seen(const wstate_t *s, const inspex_inspection_t *insp)
{
    size_t ne = inspex_inspection_extra_count(insp), seen = 0;

    for (size_t k = s->first_extra; k < s->n && seen < ne; k++)
        if (s->cols[k].type == COL_EXTRA &&
            strcmp(s->cols[k].header,
                   inspex_inspection_extra_key(insp, seen)) == 0)
            seen++;
    return seen;
}

/* Columns at the end for the extra keys of insp from first on that no
 * column has (keys seen after the first LOOKAHEAD records). -1 when out
 * of memory. */
static int late_columns(wstate_t *s, const inspex_inspection_t *insp,
                        size_t first)
{
    size_t added = 0;

    for (size_t i = first; i < inspex_inspection_extra_count(insp); i++) {
        const char *key = inspex_inspection_extra_key(insp, i);
        int have = 0;
        for (size_t k = 0; k < s->n && !have; k++)
            have = strcmp(s->cols[k].header, key) == 0;
        if (have)
            continue;
        if (add_col(s, COL_EXTRA, strdup(key)) == NULL)
            return -1;
        added++;
    }
    return added ? alloc_cells(s) : 0;
}

/* Says which part of a record has no column: nothing is dropped. */
static inspex_status_t no_column(wstate_t *s, const char *what,
                                 inspex_error_t *err)
{
    return inspex_error_set(err, INSPEX_ERR_INVALID,
                            "cannot write record %lu as %s: %s has no column "
                            "(the columns come from the first %d records); "
                            "write JSON or NDJSON instead",
                            s->record, fmt(s), what, LOOKAHEAD);
}

/* 1 when a standard's column header ("code title") holds j's title. */
static int header_fits(const out_col_t *c, const inspex_judgement_t *j)
{
    const char *t = inspex_judgement_title(j);

    return t ? c->title && strcmp(c->title, t) == 0 : c->title == NULL;
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
        /* judgements mostly come in the columns' order: look there first */
        size_t k0 = s->first_std + i;
        if (k0 < s->n && s->cols[k0].type == COL_STANDARD &&
            strcmp(s->cols[k0].code, code) == 0)
            found = header_fits(&s->cols[k0], j);
        for (size_t k = 0; k < s->n && !found; k++)
            if (s->cols[k].type == COL_STANDARD &&
                strcmp(s->cols[k].code, code) == 0)
                found = header_fits(&s->cols[k], j);
        if (!found &&
            (inspex_judgement_rating(j) || inspex_judgement_title(j))) {
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
                        strcmp(s->cols[k].code, inspex_judgement_code(j)) ==
                            0 &&
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
        size_t have = s->item_have[kd],
               n = inspex_inspection_item_count(insp, (inspex_item_kind_t)kd);
        if (n > have) {
            snprintf(what, sizeof(what), "%s %zu",
                     inspex_item_kind_name((inspex_item_kind_t)kd), have + 1);
            return no_column(s, what, err);
        }
    }
    /* Extra keys must appear among the header's extra columns, in order;
     * while the header is still to be written, keys first seen now get
     * columns at the end. */
    size_t ne = inspex_inspection_extra_count(insp), seen = extra_seen(s, insp);
    if (seen < ne && s->spool) {
        if (late_columns(s, insp, seen) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        seen = extra_seen(s, insp);
    }
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
                                    inspex_item_kind_name(
                                        (inspex_item_kind_t)k));
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

/* ---- the spool ---------------------------------------------------------- */

typedef struct spooled {
    uint64_t len;  /* the line's bytes, its line end included */
    uint64_t cols; /* the columns when it was written */
} spooled_t;

static inspex_status_t spool_error(inspex_error_t *err)
{
    return inspex_error_set(err, INSPEX_ERR_IO,
                            "cannot write the CSV writer's temporary file: %s",
                            strerror(errno));
}

/* The line just built (all of s->line) to the spool. */
static inspex_status_t spool_line(wstate_t *s, inspex_error_t *err)
{
    spooled_t h = {s->line.len, s->n};

    if (fwrite(&h, sizeof(h), 1, s->spool) != 1 ||
        fwrite(s->line.p, 1, s->line.len, s->spool) != s->line.len)
        return spool_error(err);
    s->line.len = 0;
    return INSPEX_OK;
}

/* The header with every column, then the spooled lines, each with an
 * empty cell for each column added after it. */
static inspex_status_t unspool(inspex_export_t *ctx, wstate_t *s,
                               inspex_error_t *err)
{
    inspex_writer_t *w = inspex_export_writer(ctx);
    inspex_status_t st = write_header(ctx, s, err);
    size_t eol = s->crlf ? 2 : 1;
    spooled_t h;
    char *buf = NULL;
    size_t cap = 0;

    if (st == INSPEX_OK && (fflush(s->spool) != 0 || fseek(s->spool, 0, 0)))
        st = spool_error(err);
    while (st == INSPEX_OK && fread(&h, sizeof(h), 1, s->spool) == 1) {
        if (h.len > cap) {
            char *nb = realloc(buf, (size_t)h.len);
            if (nb == NULL) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                break;
            }
            buf = nb;
            cap = (size_t)h.len;
        }
        if (fread(buf, 1, (size_t)h.len, s->spool) != h.len) {
            st = spool_error(err);
            break;
        }
        st = inspex_writer_write(w, buf, (size_t)h.len - eol, err);
        for (uint64_t c = h.cols; c < s->n && st == INSPEX_OK; c++)
            st = inspex_writer_write(w, &s->delim, 1, err);
        if (st == INSPEX_OK)
            st = inspex_writer_write(w, buf + h.len - eol, eol, err);
    }
    if (st == INSPEX_OK && ferror(s->spool))
        st = spool_error(err);
    free(buf);
    return st;
}

/* Writes one record's line(s) under the planned header. */
static inspex_status_t write_record(inspex_export_t *ctx, wstate_t *s,
                                    const inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    inspex_status_t st;
    size_t extra = 0, rows = 1, nstd = 0;

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
            const inspex_judgement_t *j = inspex_inspection_judgement(insp,
                                                                      nstd++);
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
                    /* each strand cell its own text: a record has several */
                    snprintf(s->frac[i], sizeof(s->frac[i]), "%d/%d", a, b);
                    v = s->frac[i];
                }
            }
            break;
        }
        case COL_ITEM: {
            const inspex_item_t *item = inspex_inspection_item(insp, c->kind,
                                                               c->index - 1);
            v = item ? inspex_item_get(item, c->attr) : NULL;
            break;
        }
        case COL_EXTRA: {
            const char *k = inspex_inspection_extra_key(insp, extra);
            if (k && strcmp(k, c->header) == 0)
                v = inspex_inspection_extra_value(insp, extra++);
            break;
        }
        default: break; /* per row, below */
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
            case COL_ROW_RATING:
                v = j ? inspex_judgement_rating(j) : NULL;
                break;
            case COL_ROW_ACTION:
                v = act ? inspex_item_get(act, s->cols[i].attr) : NULL;
                break;
            default: break;
            }
            if (s->sink)
                s->rowv[i] = v;
            else if ((i && inspex_buf_add(&s->line, &s->delim, 1) != 0) ||
                     add_cell(s, v) != 0)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        if (s->sink) {
            if ((st = s->sink(s->sink_ud, s->rowv, s->n, 0, err)) != INSPEX_OK)
                return st;
            continue;
        }
        if (end_line(s) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        if (s->spool && spool_line(s, err) != INSPEX_OK)
            return inspex_error_code(err);
    }
    if (s->sink || s->spool)
        return INSPEX_OK;
    return inspex_writer_write(inspex_export_writer(ctx), s->line.p,
                               s->line.len, err);
}

void csv__set_sink(void *state, csv_row_sink_t sink, void *ud,
                   const char *format)
{
    wstate_t *s = state;

    s->sink = sink;
    s->sink_ud = ud;
    s->fmt_name = format;
}

/* Plans the columns from the records read ahead, writes the header and
 * them, and lets them go. */
static inspex_status_t flush_ahead(inspex_export_t *ctx, wstate_t *s,
                                   inspex_error_t *err)
{
    unsigned long last = s->record;
    inspex_status_t st = plan_columns(ctx, s, s->ahead, s->nahead, err);

    /* more records to come: spooled, so late keys still get columns */
    if (st == INSPEX_OK && s->nahead == LOOKAHEAD && s->sink == NULL &&
        (s->spool = tmpfile()) == NULL)
        st = spool_error(err);
    /* every line goes through it twice: in blocks of SPOOL_BUF, not of
     * stdio's 4 KiB (a system call each way for every few records); the
     * buffer is given, as glibc sizes one of its own by the file. Without
     * it (out of memory) the spool works as it is. */
    if (st == INSPEX_OK && s->spool &&
        (s->spool_buf = malloc(SPOOL_BUF)) != NULL)
        (void)setvbuf(s->spool, s->spool_buf, _IOFBF, SPOOL_BUF);
    if (st == INSPEX_OK && s->spool == NULL)
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

/* A cell holds a rating: in the wide layout, a title alone has nowhere
 * to go. Checked as the record comes, before it is held for planning the
 * columns, so that it is refused alone (--keep-going rejects it). */
static inspex_status_t check_titles(const wstate_t *s,
                                    const inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        if (!inspex_judgement_rating(j) && inspex_judgement_title(j))
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "cannot write record %lu as %s: "
                                    "standard %s has a title but no rating, "
                                    "which a wide %s cell cannot hold; use "
                                    "-O layout=long, JSON or NDJSON",
                                    s->record, fmt(s), inspex_judgement_code(j),
                                    fmt(s));
    }
    return INSPEX_OK;
}

inspex_status_t csv__record(inspex_export_t *ctx, void *state,
                            const inspex_inspection_t *insp,
                            inspex_error_t *err)
{
    wstate_t *s = state;
    inspex_status_t st;

    s->record++;
    if ((st = s->layout != LAYOUT_WIDE
                  ? check_rows(s, insp, err)
                  : check_titles(s, insp, err)) != INSPEX_OK)
        return st;
    if (s->header_done || s->spool)
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

inspex_status_t csv__end(inspex_export_t *ctx, void *state, inspex_error_t *err)
{
    wstate_t *s = state;

    if (s->nahead)
        return flush_ahead(ctx, s, err);
    return s->spool ? unspool(ctx, s, err) : INSPEX_OK;
}
