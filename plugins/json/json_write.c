/* SPDX-License-Identifier: MIT */
/*
 * json_write.c - the JSON plugins' writer: hand-written and streaming, each
 * inspection written and let go, so memory stays flat. Strings from the
 * model are copied and escaped a vector at a time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/scan.h>

#include "json.h"

/* ---- the writer --------------------------------------------------------- */

/* A key as written: the quoted name and its colon (and a space when
 * pretty), padded so that it can be copied as one fixed-size block. */
typedef struct key {
    char s[32];
    unsigned char n; /* 0: too long for s, written by key_plain */
} key_t_;

enum {
    K_JUDGEMENTS,
    K_TITLE,
    K_RATING,
    K_STRANDS,
    K_NAME,
    K_NUMERATOR,
    K_DENOMINATOR,
    K_EXTRA,
    K__COUNT
};

static const char *const fixed_keys[K__COUNT] = {
    "judgements", "title",     "rating",      "strands",
    "name",       "numerator", "denominator", "extra",
};

typedef struct out {
    inspex_buf_t b; /* the output not yet handed to the writer */
    int pretty;
    int depth;
    int oom; /* some output was lost: the next flush fails */
    key_t_ field[INSPEX_FIELD__COUNT];
    key_t_ fixed[K__COUNT];
    inspex_kind_t kind[INSPEX_FIELD__COUNT];
} out_t;

/* Makes room for n more bytes (and one after them); 0 when there is none
 * (out of memory). The writers below fill it and move b.len themselves,
 * leaving no NUL after the bytes: the buffer is handed on by length. */
static inline int room(out_t *o, size_t n)
{
    if (inspex_buf_reserve(&o->b, n) != 0) {
        o->oom = 1;
        return 0;
    }
    return 1;
}

static inline void put(out_t *o, const char *s, size_t n)
{
    if (!room(o, n))
        return;
    memcpy(o->b.p + o->b.len, s, n);
    o->b.len += n;
}

static void puts_(out_t *o, const char *s)
{
    put(o, s, strlen(s));
}

/* ---- strings from the model, a vector at a time ---------------------------
 *
 * Every string the model hands out is followed by INSPEX_STRING_PADDING
 * readable bytes (<inspex/model.h>), so these read 16 bytes at a time and
 * copy them before looking: the bytes up to the first one that ends the
 * run are kept, the rest are written over. The output always has room for
 * a whole block past what is kept. */

#define BLOCK INSPEX_SCAN_BLOCK

/* A bit for each of the 16 bytes at s that a JSON string cannot hold as
 * it is (below 0x20, '"', '\\'; NUL among them), copied to d. */
static inline unsigned block_special(const char *s, char *d)
{
    return inspex_scan_block(s, d, '"', '\\', '\\', '\\', 0x20);
}

/* The same for NUL alone. */
static inline unsigned block_nul(const char *s, char *d)
{
    return inspex_scan_block(s, d, '\0', '\0', '\0', '\0', 0);
}

/* Copies the model string s up to its NUL; no quoting, no escaping (dates,
 * labels, codes, numbers). */
static void put_model_raw(out_t *o, const char *s)
{
    for (;;) {
        unsigned m;
        if (!room(o, BLOCK))
            return;
        m = block_nul(s, o->b.p + o->b.len);
        if (m) {
            o->b.len += inspex_scan_first(m);
            return;
        }
        s += BLOCK;
        o->b.len += BLOCK;
    }
}

/* The model string s as a JSON string: quotes, backslashes and control
 * characters escaped; UTF-8 (validated by the model) written as it is. */
static void put_string(out_t *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    /* the opening quote, and a block with the longest escape after it */
    if (!room(o, BLOCK + 7))
        return;
    o->b.p[o->b.len++] = '"';
    for (;;) {
        unsigned m, k;
        unsigned char c;
        char *d;

        /* a block, and the longest escape after it */
        if (!room(o, BLOCK + 6))
            return;
        d = o->b.p + o->b.len;
        m = block_special(s, d);
        if (m == 0) {
            s += BLOCK;
            o->b.len += BLOCK;
            continue;
        }
        k = inspex_scan_first(m);
        s += k;
        d += k;
        c = (unsigned char)*s++;
        if (c == '\0') {
            *d++ = '"';
            o->b.len = (size_t)(d - o->b.p);
            return;
        }
        *d++ = '\\';
        switch (c) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '\n': *d++ = 'n'; break;
        case '\r': *d++ = 'r'; break;
        case '\t': *d++ = 't'; break;
        default:
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        }
        o->b.len = (size_t)(d - o->b.p);
    }
}

/* A string the model keeps in a form that needs no escaping: an ISO
 * date, a canonical rating or RAG label, a choice word, a standard code
 * (letters, digits and dots). */
static void put_plain(out_t *o, const char *s)
{
    put(o, "\"", 1);
    put_model_raw(o, s);
    put(o, "\"", 1);
}

static void newline(out_t *o)
{
    if (!o->pretty)
        return;
    put(o, "\n", 1);
    for (int i = 0; i < o->depth; i++)
        put(o, "  ", 2);
}

/* The separator before a member: a comma after the first, and the
 * indentation when pretty. */
static inline void member(out_t *o, int *first)
{
    if (!*first)
        put(o, ",", 1);
    *first = 0;
    newline(o);
}

static void key_init(key_t_ *k, const char *name, int pretty)
{
    size_t n = strlen(name);

    memset(k, 0, sizeof(*k));
    if (n + 4 > sizeof(k->s))
        return;
    k->s[0] = '"';
    memcpy(k->s + 1, name, n);
    memcpy(k->s + 1 + n, pretty ? "\": " : "\":", pretty ? 3 : 2);
    k->n = (unsigned char)(n + (pretty ? 4 : 3));
}

/* Opens an object member whose key needs no escaping. */
static void key_plain(out_t *o, int *first, const char *k)
{
    member(o, first);
    put(o, "\"", 1);
    puts_(o, k);
    put(o, o->pretty ? "\": " : "\":", o->pretty ? 3 : 2);
}

/* Opens a member under a key prepared by key_init: one fixed-size copy.
 * name (field f's when NULL) is wanted only for a key too long for it. */
static inline void key_put(out_t *o, int *first, const key_t_ *k,
                           const char *name, int f)
{
    if (k->n == 0) {
        key_plain(o, first, name ? name : inspex_field_name((inspex_field_t)f));
        return;
    }
    member(o, first);
    if (!room(o, sizeof(k->s)))
        return;
    memcpy(o->b.p + o->b.len, k->s, sizeof(k->s));
    o->b.len += k->n;
}

static void keys_init(out_t *o)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        key_init(&o->field[f], inspex_field_name((inspex_field_t)f), o->pretty);
        o->kind[f] = inspex_field_kind((inspex_field_t)f);
    }
    for (int k = 0; k < K__COUNT; k++)
        key_init(&o->fixed[k], fixed_keys[k], o->pretty);
}

static void open_(out_t *o, const char *bracket)
{
    put(o, bracket, 1);
    o->depth++;
}

static void close_(out_t *o, const char *bracket, int empty)
{
    o->depth--;
    if (!empty)
        newline(o);
    put(o, bracket, 1);
}

static void write_value(out_t *o, inspex_kind_t kind, const char *v)
{
    switch (kind) {
    case INSPEX_KIND_INTEGER:
    case INSPEX_KIND_DECIMAL:
        put_model_raw(o, v); /* digits (and a point) only: the model checked */
        break;
    case INSPEX_KIND_DATE:
    case INSPEX_KIND_RATING:
    case INSPEX_KIND_RAG:
    case INSPEX_KIND_CHOICE: put_plain(o, v); break;
    case INSPEX_KIND_TEXT:
    default: put_string(o, v); break;
    }
}

/* A field, compact, under a key prepared by key_init: the separator, the
 * key and a value's first block (and its quotes) in one room check. */
static inline void field_compact(out_t *o, int *first, const key_t_ *k,
                                 inspex_kind_t kind, const char *v)
{
    char *d;
    unsigned m;
    int quoted;

    if (!room(o, 1 + sizeof(k->s) + BLOCK + 2))
        return;
    d = o->b.p + o->b.len;
    if (!*first)
        *d++ = ',';
    *first = 0;
    memcpy(d, k->s, sizeof(k->s));
    d += k->n;
    switch (kind) {
    case INSPEX_KIND_INTEGER:
    case INSPEX_KIND_DECIMAL: quoted = 0; break;
    case INSPEX_KIND_DATE:
    case INSPEX_KIND_RATING:
    case INSPEX_KIND_RAG:
    case INSPEX_KIND_CHOICE: quoted = 1; break;
    case INSPEX_KIND_TEXT:
    default:
        o->b.len = (size_t)(d - o->b.p);
        put_string(o, v);
        return;
    }
    /* as write_value would: digits as they are, labels quoted */
    if (quoted)
        *d++ = '"';
    m = block_nul(v, d);
    if (m == 0) {
        o->b.len = (size_t)(d + BLOCK - o->b.p);
        put_model_raw(o, v + BLOCK);
        if (quoted)
            put(o, "\"", 1);
        return;
    }
    d += inspex_scan_first(m);
    if (quoted)
        *d++ = '"';
    o->b.len = (size_t)(d - o->b.p);
}

/* A judgement's comma (unless it is the first), opening quote and code
 * (at most 16 bytes, padded), written where the buffer ends, in room
 * already made; returns where the code ends. */
static inline char *open_code(out_t *o, int *first, const char *code)
{
    char *d = o->b.p + o->b.len;
    unsigned m;

    if (!*first)
        *d++ = ',';
    *first = 0;
    *d++ = '"';
    m = block_nul(code, d);
    return d + (m ? inspex_scan_first(m) : BLOCK);
}

/* The usual judgement, compact: "1.1":{"rating":"Good"}. A code is at
 * most 16 bytes and a label at most 20, both from the model (padded): a
 * room check for the lot, then fixed-size copies. */
static void judgement_compact(out_t *o, int *first, const char *code,
                              const char *rating)
{
    static const char mid[BLOCK] = "\":{\"rating\":\"";
    char *d;
    unsigned m;

    if (!room(o, 4 * BLOCK + 8))
        return;
    d = open_code(o, first, code);
    memcpy(d, mid, BLOCK);
    d += sizeof("\":{\"rating\":\"") - 1;
    m = block_nul(rating, d);
    if (m == 0) {
        d += BLOCK;
        m = block_nul(rating + BLOCK, d);
        if (m == 0) { /* longer than any label: the slow way */
            o->b.len = (size_t)(d + BLOCK - o->b.p);
            put_model_raw(o, rating + 2 * BLOCK);
            put(o, "\"}", 2);
            return;
        }
    }
    d += inspex_scan_first(m);
    *d++ = '"';
    *d++ = '}';
    o->b.len = (size_t)(d - o->b.p);
}

/* A judgement with a title and perhaps a rating, compact:
 * "1.1":{"title":"Staff","rating":"Good"}. The code (at most 16 bytes)
 * and the fixed text in one room check, the title as any string, the
 * rating as a label. */
static void judgement_titled(out_t *o, int *first, const char *code,
                             const char *title, const char *rating)
{
    static const char mid[BLOCK] = "\":{\"title\":";
    static const char rkey[BLOCK] = ",\"rating\":\"";
    char *d;

    if (!room(o, 3 * BLOCK))
        return;
    d = open_code(o, first, code);
    memcpy(d, mid, BLOCK);
    o->b.len = (size_t)(d + sizeof("\":{\"title\":") - 1 - o->b.p);
    put_string(o, title);
    if (rating) {
        if (!room(o, BLOCK))
            return;
        memcpy(o->b.p + o->b.len, rkey, BLOCK);
        o->b.len += sizeof(",\"rating\":\"") - 1;
        put_model_raw(o, rating);
        put(o, "\"}", 2);
        return;
    }
    put(o, "}", 1);
}

static void write_inspection(out_t *o, const inspex_inspection_t *insp)
{
    int first = 1;

    open_(o, "{");
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *v = inspex_inspection_get(insp, (inspex_field_t)f);
        if (v == NULL)
            continue;
        if (!o->pretty && o->field[f].n)
            field_compact(o, &first, &o->field[f], o->kind[f], v);
        else {
            key_put(o, &first, &o->field[f], NULL, f);
            write_value(o, o->kind[f], v);
        }
    }
    size_t nj = inspex_inspection_judgement_count(insp);
    if (nj) {
        int jfirst = 1;
        key_put(o, &first, &o->fixed[K_JUDGEMENTS], "judgements", 0);
        open_(o, "{");
        for (size_t i = 0; i < nj; i++) {
            const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
            int f2 = 1;
            size_t ns = inspex_judgement_strand_count(j);
            const char *title = inspex_judgement_title(j);
            if (!o->pretty && ns == 0 && title == NULL &&
                inspex_judgement_rating(j)) {
                judgement_compact(o, &jfirst, inspex_judgement_code(j),
                                  inspex_judgement_rating(j));
                continue;
            }
            if (!o->pretty && ns == 0 && title) {
                judgement_titled(o, &jfirst, inspex_judgement_code(j), title,
                                 inspex_judgement_rating(j));
                continue;
            }
            /* the code is [A-Za-z0-9.]: a key as it is */
            member(o, &jfirst);
            put_plain(o, inspex_judgement_code(j));
            put(o, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
            open_(o, "{");
            if (inspex_judgement_title(j)) {
                key_put(o, &f2, &o->fixed[K_TITLE], "title", 0);
                put_string(o, inspex_judgement_title(j));
            }
            if (inspex_judgement_rating(j)) {
                key_put(o, &f2, &o->fixed[K_RATING], "rating", 0);
                put_plain(o, inspex_judgement_rating(j));
            }
            if (ns) {
                key_put(o, &f2, &o->fixed[K_STRANDS], "strands", 0);
                open_(o, "[");
                for (size_t s = 0; s < ns; s++) {
                    const char *name;
                    int a, b, f3 = 1;
                    char num[64];
                    inspex_judgement_strand(j, s, &name, &a, &b);
                    if (s)
                        put(o, ",", 1);
                    newline(o);
                    open_(o, "{");
                    key_put(o, &f3, &o->fixed[K_NAME], "name", 0);
                    put_string(o, name);
                    key_put(o, &f3, &o->fixed[K_NUMERATOR], "numerator", 0);
                    snprintf(num, sizeof(num), "%d", a);
                    puts_(o, num);
                    key_put(o, &f3, &o->fixed[K_DENOMINATOR], "denominator", 0);
                    snprintf(num, sizeof(num), "%d", b);
                    puts_(o, num);
                    close_(o, "}", 0);
                }
                close_(o, "]", 0);
            }
            close_(o, "}", f2);
        }
        close_(o, "}", 0);
    }
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        size_t n = inspex_inspection_item_count(insp, (inspex_item_kind_t)k);
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        if (n == 0)
            continue;
        key_plain(o, &first, item_keys[k]);
        open_(o, "[");
        for (size_t i = 0; i < n; i++) {
            const inspex_item_t *item =
                inspex_inspection_item(insp, (inspex_item_kind_t)k, i);
            int f2 = 1;
            if (i)
                put(o, ",", 1);
            newline(o);
            open_(o, "{");
            for (size_t a = 0; a < na; a++) {
                const char *v = inspex_item_get(item, attrs[a]);
                if (v == NULL)
                    continue;
                key_plain(o, &f2, inspex_attr_name(attrs[a]));
                write_value(o, inspex_attr_kind(attrs[a]), v);
            }
            close_(o, "}", f2);
        }
        close_(o, "]", 0);
    }
    size_t ne = inspex_inspection_extra_count(insp);
    if (ne) {
        key_put(o, &first, &o->fixed[K_EXTRA], "extra", 0);
        open_(o, "[");
        for (size_t i = 0; i < ne; i++) {
            if (i)
                put(o, ",", 1);
            newline(o);
            put(o, "[", 1);
            put_string(o, inspex_inspection_extra_key(insp, i));
            put(o, o->pretty ? ", " : ",", o->pretty ? 2 : 1);
            put_string(o, inspex_inspection_extra_value(insp, i));
            put(o, "]", 1);
        }
        close_(o, "]", 0);
    }
    close_(o, "}", first);
}

typedef struct wstate {
    out_t o;
    unsigned long count;
} wstate_t;

void json__free(void *state)
{
    wstate_t *s = state;

    if (s) {
        inspex_buf_free(&s->o.b);
        free(s);
    }
}

/* At least the writer's own buffer, which then takes it without a copy. */
#define FLUSH_AT (64 * 1024)

static inspex_status_t flush(inspex_export_t *ctx, wstate_t *s,
                             inspex_error_t *err)
{
    inspex_status_t st;

    if (s->o.oom)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (s->o.b.len == 0)
        return INSPEX_OK;
    st = inspex_writer_write(inspex_export_writer(ctx), s->o.b.p, s->o.b.len,
                             err);
    s->o.b.len = 0;
    return st;
}

inspex_status_t json__begin(inspex_export_t *ctx, void **state,
                            inspex_error_t *err)
{
    wstate_t *s = calloc(1, sizeof(*s));
    const char *pretty;

    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    *state = s;
#ifdef INSPEX_NDJSON
    (void)pretty;
    keys_init(&s->o);
    return INSPEX_OK;
#else
    /* Pretty on a terminal, compact otherwise, unless -O pretty= says. */
    pretty = inspex_export_option(ctx, "pretty");
    if (pretty && strcmp(pretty, "auto") != 0)
        s->o.pretty = strcmp(pretty, "true") == 0;
    else
        s->o.pretty = inspex_writer_is_terminal(inspex_export_writer(ctx));
    keys_init(&s->o);
    int first = 1;
    open_(&s->o, "{");
    key_plain(&s->o, &first, "format");
    puts_(&s->o, "\"inspex\"");
    key_plain(&s->o, &first, "version");
    puts_(&s->o, "1");
    key_plain(&s->o, &first, "inspections");
    open_(&s->o, "[");
    return flush(ctx, s, err);
#endif
}

inspex_status_t json__record(inspex_export_t *ctx, void *state,
                             const inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    wstate_t *s = state;

#ifdef INSPEX_NDJSON
    write_inspection(&s->o, insp);
    put(&s->o, "\n", 1);
#else
    if (s->count)
        put(&s->o, ",", 1);
    newline(&s->o);
    write_inspection(&s->o, insp);
#endif
    s->count++;
    /* handed to the writer in pieces of some size, not record by record */
    if (s->o.b.len < FLUSH_AT && !s->o.oom)
        return INSPEX_OK;
    return flush(ctx, s, err);
}

inspex_status_t json__end(inspex_export_t *ctx, void *state,
                          inspex_error_t *err)
{
    wstate_t *s = state;

#ifdef INSPEX_NDJSON
    return flush(ctx, s, err);
#else
    close_(&s->o, "]", s->count == 0);
    close_(&s->o, "}", 0);
    put(&s->o, "\n", 1);
    return flush(ctx, s, err);
#endif
}
