/*
 * json.c - the JSON plugins: the inspex document format (json) and one
 * inspection per line (ndjson). Built twice from this file; INSPEX_NDJSON
 * selects the line form.
 *
 * Export is a hand-written streaming writer: each inspection is written and
 * let go, so memory stays flat. Import uses jansson: the inspex document,
 * plain arrays of flat objects (other tools' CSV-to-JSON output, mapped
 * through the library's shared matcher), and NDJSON line by line.
 *
 * The record shape (docs/json-format.md): model fields under their
 * snake_case names, "judgements" keyed by standard code, "recommendations",
 * "findings", "actions", "sources" as arrays of objects, and "extra" as an
 * array of [key, value] pairs (order kept, keys may repeat).
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <inspex/buf.h>
#include <inspex/plugin.h>
#include <inspex/scan.h>

#define FORMAT_VERSION 1

static const char *const item_keys[INSPEX_ITEM__COUNT] = {
    [INSPEX_ITEM_RECOMMENDATION] = "recommendations",
    [INSPEX_ITEM_FINDING] = "findings",
    [INSPEX_ITEM_ACTION] = "actions",
    [INSPEX_ITEM_SOURCE] = "sources",
};

/* A high bit for each of the 8 bytes at p that is below 0x20, '"' or
 * '\\' (the lowest one exact; ones above it may be false), 0 when none
 * is: a run a JSON string holds as it is. */
static inline uint64_t special8(const char *p)
{
    uint64_t w, lt, q, b;

    memcpy(&w, p, 8);
    lt = (w - 0x2020202020202020ULL) & ~w;
    q = w ^ 0x2222222222222222ULL;
    q = (q - 0x0101010101010101ULL) & ~q;
    b = w ^ 0x5c5c5c5c5c5c5c5cULL;
    b = (b - 0x0101010101010101ULL) & ~b;
    return (lt | q | b) & 0x8080808080808080ULL;
}

/* How many of the 8 bytes at p come before the first that special8
 * flags (m is its answer, not 0): where the byte order lets the lowest
 * bit say so, else 0, and the caller goes a byte at a time. */
static inline size_t plain_prefix(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(m) / 8;
#else
    (void)m;
    return 0;
#endif
}

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
    "judgements", "title", "rating", "strands",
    "name", "numerator", "denominator", "extra",
};

typedef struct out {
    char *p;
    size_t len, cap;
    int pretty;
    int depth;
    int oom;
    key_t_ field[INSPEX_FIELD__COUNT];
    key_t_ fixed[K__COUNT];
    inspex_kind_t kind[INSPEX_FIELD__COUNT];
} out_t;

static void grow(out_t *o, size_t n)
{
    size_t cap = o->cap ? o->cap : 4096;

    if (o->oom)
        return;
    while (cap < o->len + n + 1)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (p == NULL) {
        o->oom = 1;
        return;
    }
    o->p = p;
    o->cap = cap;
}

/* Makes room for n more bytes; 0 when there is none (out of memory). */
static inline int room(out_t *o, size_t n)
{
    if (o->cap - o->len < n + 1) {
        grow(o, n);
        if (o->oom)
            return 0;
    }
    return 1;
}

static inline void put(out_t *o, const char *s, size_t n)
{
    if (!room(o, n))
        return;
    memcpy(o->p + o->len, s, n);
    o->len += n;
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
        m = block_nul(s, o->p + o->len);
        if (m) {
            o->len += inspex_scan_first(m);
            return;
        }
        s += BLOCK;
        o->len += BLOCK;
    }
}

/* The model string s as a JSON string: quotes, backslashes and control
 * characters escaped; UTF-8 (validated by the model) written as it is. */
static void put_string(out_t *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    put(o, "\"", 1);
    for (;;) {
        unsigned m, k;
        unsigned char c;
        char *d;

        /* a block, and the longest escape after it */
        if (!room(o, BLOCK + 6))
            return;
        d = o->p + o->len;
        m = block_special(s, d);
        if (m == 0) {
            s += BLOCK;
            o->len += BLOCK;
            continue;
        }
        k = inspex_scan_first(m);
        s += k;
        d += k;
        c = (unsigned char)*s++;
        if (c == '\0') {
            *d++ = '"';
            o->len = (size_t)(d - o->p);
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
        o->len = (size_t)(d - o->p);
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

/* Opens a member under a key prepared by key_init: one fixed-size copy. */
static inline void key_put(out_t *o, int *first, const key_t_ *k,
                           const char *name)
{
    if (k->n == 0) {
        key_plain(o, first, name);
        return;
    }
    member(o, first);
    if (!room(o, sizeof(k->s)))
        return;
    memcpy(o->p + o->len, k->s, sizeof(k->s));
    o->len += k->n;
}

static void keys_init(out_t *o)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        key_init(&o->field[f], inspex_field_name((inspex_field_t)f),
                 o->pretty);
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
    case INSPEX_KIND_CHOICE:
        put_plain(o, v);
        break;
    case INSPEX_KIND_TEXT:
    default:
        put_string(o, v);
        break;
    }
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
    d = o->p + o->len;
    if (!*first)
        *d++ = ',';
    *first = 0;
    *d++ = '"';
    m = block_nul(code, d);
    d += m ? inspex_scan_first(m) : BLOCK;
    memcpy(d, mid, BLOCK);
    d += sizeof("\":{\"rating\":\"") - 1;
    m = block_nul(rating, d);
    if (m == 0) {
        d += BLOCK;
        m = block_nul(rating + BLOCK, d);
        if (m == 0) { /* longer than any label: the slow way */
            o->len = (size_t)(d + BLOCK - o->p);
            put_model_raw(o, rating + 2 * BLOCK);
            put(o, "\"}", 2);
            return;
        }
    }
    d += inspex_scan_first(m);
    *d++ = '"';
    *d++ = '}';
    o->len = (size_t)(d - o->p);
}

static void write_inspection(out_t *o, const inspex_inspection_t *insp)
{
    int first = 1;

    open_(o, "{");
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *v = inspex_inspection_get(insp, (inspex_field_t)f);
        if (v == NULL)
            continue;
        key_put(o, &first, &o->field[f], inspex_field_name((inspex_field_t)f));
        write_value(o, o->kind[f], v);
    }
    size_t nj = inspex_inspection_judgement_count(insp);
    if (nj) {
        int jfirst = 1;
        key_put(o, &first, &o->fixed[K_JUDGEMENTS], "judgements");
        open_(o, "{");
        for (size_t i = 0; i < nj; i++) {
            const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
            int f2 = 1;
            size_t ns = inspex_judgement_strand_count(j);
            if (!o->pretty && ns == 0 && inspex_judgement_title(j) == NULL &&
                inspex_judgement_rating(j)) {
                judgement_compact(o, &jfirst, inspex_judgement_code(j),
                                  inspex_judgement_rating(j));
                continue;
            }
            /* the code is [A-Za-z0-9.]: a key as it is */
            member(o, &jfirst);
            put_plain(o, inspex_judgement_code(j));
            put(o, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
            open_(o, "{");
            if (inspex_judgement_title(j)) {
                key_put(o, &f2, &o->fixed[K_TITLE], "title");
                put_string(o, inspex_judgement_title(j));
            }
            if (inspex_judgement_rating(j)) {
                key_put(o, &f2, &o->fixed[K_RATING], "rating");
                put_plain(o, inspex_judgement_rating(j));
            }
            if (ns) {
                key_put(o, &f2, &o->fixed[K_STRANDS], "strands");
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
                    key_put(o, &f3, &o->fixed[K_NAME], "name");
                    put_string(o, name);
                    key_put(o, &f3, &o->fixed[K_NUMERATOR], "numerator");
                    snprintf(num, sizeof(num), "%d", a);
                    puts_(o, num);
                    key_put(o, &f3, &o->fixed[K_DENOMINATOR], "denominator");
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
        const inspex_attr_t *attrs =
            inspex_item_attrs((inspex_item_kind_t)k, &na);
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
        key_put(o, &first, &o->fixed[K_EXTRA], "extra");
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

static void json_free(void *state)
{
    wstate_t *s = state;

    if (s) {
        free(s->o.p);
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
    if (s->o.len == 0)
        return INSPEX_OK;
    st = inspex_writer_write(inspex_export_writer(ctx), s->o.p, s->o.len, err);
    s->o.len = 0;
    return st;
}

static inspex_status_t json_begin(inspex_export_t *ctx, void **state,
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

static inspex_status_t json_record(inspex_export_t *ctx, void *state,
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
    if (s->o.len < FLUSH_AT && !s->o.oom)
        return INSPEX_OK;
    return flush(ctx, s, err);
}

static inspex_status_t json_end(inspex_export_t *ctx, void *state,
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

/* ---- the reader --------------------------------------------------------- */

/* What a flat key means, worked out once and kept: keys repeat in every
 * record, and matching a header is not cheap. */
typedef struct keymeaning {
    char *key; /* NULL: empty slot */
    int field; /* inspex_field_t, or -1 */
    int standard;
    char code[32];
} keymeaning_t;

#define KEYCACHE_MAX 4096 /* past this, keys are matched afresh */

typedef struct rd {
    inspex_import_t *ctx;
    const char *source;
    unsigned long line; /* of the record, for messages; 0 unknown */
    keymeaning_t *cache;
    size_t ncache, capcache;
    inspex_header_map_t *map; /* -O map=FILE */
} rd_t;

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void cache_free(rd_t *r)
{
    inspex_header_map_free(r->map);
    for (size_t i = 0; i < r->capcache; i++)
        free(r->cache[i].key);
    free(r->cache);
}

/* The meaning of key k, from the cache or worked out (into *tmp). */
static const keymeaning_t *meaning(rd_t *r, const char *k, keymeaning_t *tmp)
{
    size_t h = 0;

    if (r->capcache) {
        for (h = key_hash(k) & (r->capcache - 1); r->cache[h].key;
             h = (h + 1) & (r->capcache - 1))
            if (strcmp(r->cache[h].key, k) == 0)
                return &r->cache[h];
    }
    const char *name = inspex_header_map_apply(r->map, k);
    tmp->key = NULL;
    tmp->field = inspex_match_field(name);
    tmp->standard = tmp->field < 0 &&
                    inspex_match_standard(name, tmp->code, sizeof(tmp->code));
    if (r->ncache >= KEYCACHE_MAX)
        return tmp;
    if ((r->ncache + 1) * 2 > r->capcache) {
        size_t cap = r->capcache ? r->capcache * 2 : 64;
        keymeaning_t *t = calloc(cap, sizeof(*t));
        if (t == NULL)
            return tmp;
        for (size_t i = 0; i < r->capcache; i++) {
            if (r->cache[i].key == NULL)
                continue;
            size_t j = key_hash(r->cache[i].key) & (cap - 1);
            while (t[j].key)
                j = (j + 1) & (cap - 1);
            t[j] = r->cache[i];
        }
        free(r->cache);
        r->cache = t;
        r->capcache = cap;
    }
    for (h = key_hash(k) & (r->capcache - 1); r->cache[h].key;
         h = (h + 1) & (r->capcache - 1))
        ;
    if ((r->cache[h].key = strdup(k)) == NULL)
        return tmp;
    r->cache[h].field = tmp->field;
    r->cache[h].standard = tmp->standard;
    memcpy(r->cache[h].code, tmp->code, sizeof(tmp->code));
    r->ncache++;
    return &r->cache[h];
}

/* An invalid-data error at the record's line. */
#define fail(r, err, ...)                                                    \
    inspex_error_set_at(err, INSPEX_ERR_INVALID, (r)->source, (r)->line, 0,  \
                        __VA_ARGS__)

/* The shortest text that reads back as the same double. */
static void real_text(double d, char *buf, size_t size)
{
    snprintf(buf, size, "%.17g", d);
    for (int prec = 1; prec <= 17; prec++) {
        char t[64];
        snprintf(t, sizeof(t), "%.*g", prec, d);
        if (strtod(t, NULL) == d) {
            snprintf(buf, size, "%s", t);
            return;
        }
    }
}

/* Text for a scalar value: strings as they are, numbers as written. */
static int scalar_text(json_t *v, char *buf, size_t size, const char **out)
{
    switch (json_typeof(v)) {
    case JSON_STRING: *out = json_string_value(v); return 1;
    case JSON_INTEGER:
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *out = buf;
        return 1;
    case JSON_REAL:
        real_text(json_real_value(v), buf, size);
        *out = buf;
        return 1;
    case JSON_TRUE: *out = "true"; return 1;
    case JSON_FALSE: *out = "false"; return 1;
    case JSON_NULL: *out = ""; return 1;
    default: return 0;
    }
}

static inspex_status_t with_line(rd_t *r, inspex_status_t st,
                                 inspex_error_t *err)
{
    if (st != INSPEX_OK)
        inspex_error_locate(err, r->source, r->line, 0);
    return st;
}

static inspex_status_t read_judgements(rd_t *r, inspex_inspection_t *insp,
                                       json_t *obj, inspex_error_t *err)
{
    const char *code;
    json_t *jv;

    if (!json_is_object(obj))
        return fail(r, err, "\"judgements\" must be an object keyed by "
                            "standard code");
    json_object_foreach(obj, code, jv) {
        inspex_judgement_t *j;
        json_t *t, *rt, *strands;

        if (!json_is_object(jv))
            return fail(r, err, "judgement \"%s\" must be an object", code);
        j = inspex_inspection_add_judgement(insp, code, err);
        if (j == NULL)
            return with_line(r, inspex_error_code(err), err);
        t = json_object_get(jv, "title");
        rt = json_object_get(jv, "rating");
        if (t && !json_is_string(t))
            return fail(r, err, "title of judgement \"%s\" must be a string",
                        code);
        if (rt && !json_is_string(rt) && !json_is_null(rt))
            return fail(r, err, "rating of judgement \"%s\" must be a string",
                        code);
        if (t && inspex_judgement_set_title(j, json_string_value(t), err))
            return with_line(r, inspex_error_code(err), err);
        if (rt && json_is_string(rt) &&
            inspex_judgement_set_rating(j, json_string_value(rt), err))
            return with_line(r, inspex_error_code(err), err);
        strands = json_object_get(jv, "strands");
        if (strands && !json_is_array(strands))
            return fail(r, err, "strands of judgement \"%s\" must be an "
                                "array", code);
        size_t i;
        json_t *s;
        json_array_foreach(strands, i, s) {
            json_t *n = json_object_get(s, "name"),
                   *a = json_object_get(s, "numerator"),
                   *b = json_object_get(s, "denominator");
            if (!json_is_string(n) || !json_is_integer(a) ||
                !json_is_integer(b))
                return fail(r, err, "a strand of judgement \"%s\" needs a "
                                    "name and whole-number numerator and "
                                    "denominator", code);
            if (inspex_judgement_add_strand(
                    j, json_string_value(n), (int)json_integer_value(a),
                    (int)json_integer_value(b), err) != INSPEX_OK)
                return with_line(r, inspex_error_code(err), err);
        }
    }
    return INSPEX_OK;
}

static inspex_status_t read_items(rd_t *r, inspex_inspection_t *insp,
                                  inspex_item_kind_t kind, json_t *arr,
                                  inspex_error_t *err)
{
    size_t i;
    json_t *obj;

    if (!json_is_array(arr))
        return fail(r, err, "\"%s\" must be an array", item_keys[kind]);
    json_array_foreach(arr, i, obj) {
        const char *k;
        json_t *v;
        inspex_item_t *item;

        if (!json_is_object(obj))
            return fail(r, err, "each of \"%s\" must be an object",
                        item_keys[kind]);
        item = inspex_inspection_add_item(insp, kind);
        if (item == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        json_object_foreach(obj, k, v) {
            int a = inspex_match_attr(kind, k);
            char num[64];
            const char *text;
            if (a < 0)
                return fail(r, err, "unknown key \"%s\" in %s", k,
                            item_keys[kind]);
            if (!scalar_text(v, num, sizeof(num), &text))
                return fail(r, err, "\"%s\" in %s must be a string or number",
                            k, item_keys[kind]);
            if (inspex_item_set(item, (inspex_attr_t)a, text, 0, err))
                return with_line(r, inspex_error_code(err), err);
        }
    }
    return INSPEX_OK;
}

static inspex_status_t read_extra(rd_t *r, inspex_inspection_t *insp,
                                  json_t *arr, inspex_error_t *err)
{
    size_t i;
    json_t *pair;

    if (!json_is_array(arr))
        return fail(r, err, "\"extra\" must be an array of [key, value] "
                            "pairs");
    json_array_foreach(arr, i, pair) {
        if (!json_is_array(pair) || json_array_size(pair) != 2 ||
            !json_is_string(json_array_get(pair, 0)) ||
            !json_is_string(json_array_get(pair, 1)))
            return fail(r, err, "\"extra\" must be an array of [key, value] "
                                "string pairs");
        if (inspex_inspection_add_extra(insp,
                                        json_string_value(json_array_get(pair, 0)),
                                        json_string_value(json_array_get(pair, 1)),
                                        err))
            return with_line(r, inspex_error_code(err), err);
    }
    return INSPEX_OK;
}

/* An inspection from an object: the inspex record shape, or a flat object
 * whose keys are mapped like column headers. */
/* Sets one flat key/value pair the way a CSV header and cell would be;
 * is_string says whether the JSON value was a string. */
static inspex_status_t flat_value(rd_t *r, inspex_inspection_t *insp,
                                  const char *k, const char *text,
                                  int is_string, int *taken,
                                  inspex_error_t *err)
{
    keymeaning_t tmp;
    const keymeaning_t *m = meaning(r, k, &tmp);
    int f;

    if ((f = m->field) >= 0 && !taken[f]) {
        taken[f] = 1;
        if (inspex_field_kind((inspex_field_t)f) == INSPEX_KIND_INTEGER &&
            is_string && f != INSPEX_FIELD_SCORE)
            return fail(r, err, "\"%s\" must be a number, not a string \"%s\"",
                        k, text);
        return with_line(r, inspex_inspection_set(insp, (inspex_field_t)f,
                                                  text, 0, err),
                         err);
    }
    if (m->standard && is_string) {
        inspex_judgement_t *j;
        if (*text == '\0')
            return INSPEX_OK;
        j = inspex_inspection_add_judgement(insp, m->code, err);
        if (j == NULL)
            return with_line(r, inspex_error_code(err), err);
        return with_line(r, inspex_judgement_set_rating(j, text, err), err);
    }
    return with_line(r, inspex_inspection_add_extra(insp, k, text, err), err);
}

static inspex_status_t flat_pair(rd_t *r, inspex_inspection_t *insp,
                                 const char *k, json_t *v, int *taken,
                                 inspex_error_t *err)
{
    char num[64];
    const char *text;

    if (!scalar_text(v, num, sizeof(num), &text))
        return fail(r, err, "key \"%s\" holds a value of no known type", k);
    return flat_value(r, insp, k, text, json_is_string(v), taken, err);
}

static inspex_status_t flatten(rd_t *r, inspex_inspection_t *insp,
                               const char *prefix, json_t *v, int *taken,
                               int depth, inspex_error_t *err)
{
    char key[512];
    inspex_status_t st = INSPEX_OK;

    if (depth > 16)
        return fail(r, err, "key \"%s\" is nested too deeply", prefix);
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        size_t pl = strlen(prefix);
        json_object_foreach(v, k, x) {
            size_t kl = strlen(k);
            if (pl + 1 + kl >= sizeof(key))
                return fail(r, err, "key \"%s.%s\" is too long", prefix, k);
            memcpy(key, prefix, pl);
            key[pl] = '.';
            memcpy(key + pl + 1, k, kl + 1);
            if ((st = flatten(r, insp, key, x, taken, depth + 1, err)))
                return st;
        }
        return INSPEX_OK;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            snprintf(key, sizeof(key), "%s.%zu", prefix, i + 1);
            if ((st = flatten(r, insp, key, x, taken, depth + 1, err)))
                return st;
        }
        return INSPEX_OK;
    }
    return flat_pair(r, insp, prefix, v, taken, err);
}

static inspex_status_t read_record(rd_t *r, json_t *obj,
                                   inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    const char *k;
    json_t *v;
    inspex_status_t st;
    int taken[INSPEX_FIELD__COUNT] = {0};

    if (!json_is_object(obj))
        return fail(r, err, "an inspection must be a JSON object");
    inspex_inspection_set_origin(insp, r->source, r->line);
    json_object_foreach(obj, k, v) {
        if (strcmp(k, "judgements") == 0) {
            st = read_judgements(r, insp, v, err);
        } else if (strcmp(k, "extra") == 0 && json_is_array(v)) {
            st = read_extra(r, insp, v, err);
        } else {
            int kind = -1;
            for (int i = 0; i < INSPEX_ITEM__COUNT; i++)
                if (strcmp(k, item_keys[i]) == 0 && json_is_array(v))
                    kind = i;
            if (kind >= 0) {
                st = read_items(r, insp, (inspex_item_kind_t)kind, v, err);
            } else if (json_is_object(v) || json_is_array(v)) {
                /* Other tools nest what was a flat key ("1.1" becomes
                 * {"1": {"1": ...}} in Miller's JSON): flatten it back,
                 * joining keys with "." and numbering arrays from 1. */
                st = flatten(r, insp, k, v, taken, 0, err);
            } else {
                st = flat_pair(r, insp, k, v, taken, err);
            }
        }
        if (st != INSPEX_OK)
            return with_line(r, st, err);
    }
    return INSPEX_OK;
}

static inspex_status_t syntax(rd_t *r, const json_error_t *je,
                              unsigned long line_offset, inspex_error_t *err)
{
    inspex_status_t code = strstr(je->text, "decode") &&
                                   strstr(je->text, "byte")
                               ? INSPEX_ERR_ENCODING
                               : INSPEX_ERR_SYNTAX;
    return inspex_error_set_at(err, code, r->source,
                               je->line > 0 ? (unsigned long)je->line +
                                                  line_offset
                                            : r->line,
                               je->column > 0 ? (unsigned long)je->column : 0,
                               "%s", je->text);
}

/* Emits one record object (rejecting it verbatim when it is invalid). */
/*
 * A fast path for the common record: an object of strings, numbers,
 * booleans and nulls, perhaps nested (flattened as flatten() does), with
 * none of the format's own keys. It builds the inspection straight from the
 * text; anything else (a syntax error, an escape it does not handle, a
 * repeated key, the inspex record shape) makes it give up, and the record
 * goes through jansson, which gives the exact errors. The results of both
 * paths are the same, as the tests and fuzz/json_import check.
 */
enum { FAST_BAIL = 0, FAST_DONE = 1 };

typedef struct fast {
    const char *p, *end;
    rd_t *r;
    inspex_inspection_t *insp;
    int *taken;
    char key[512];
    size_t keylen;
    inspex_buf_t str; /* decoded string */
    inspex_status_t st; /* of the model, when FAST_DONE */
    inspex_error_t *err;
} fast_t;

static void fskip(fast_t *f)
{
    while (f->p < f->end &&
           (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int fput(fast_t *f, const char *s, size_t n)
{
    return inspex_buf_add(&f->str, s, n);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A string at f->p into f->str; 0 to give up. */
static int fstring(fast_t *f)
{
    const char *run;

    if (f->p >= f->end || *f->p != '"')
        return 0;
    run = ++f->p;
    f->str.len = 0;
    if (fput(f, "", 0) != 0)
        return 0;
    for (;;) {
        /* plain bytes eight at a time, then straight to the first that
         * is not */
        while (f->end - f->p >= 8) {
            uint64_t m = special8(f->p);
            if (m) {
                f->p += plain_prefix(m);
                break;
            }
            f->p += 8;
        }
        if (f->p >= f->end)
            return 0;
        unsigned char c = (unsigned char)*f->p;
        if (c == '"')
            break;
        if (c < 0x20)
            return 0;
        if (c != '\\') {
            f->p++;
            continue;
        }
        if (fput(f, run, (size_t)(f->p - run)) != 0 || f->end - f->p < 2)
            return 0;
        char e = f->p[1], out;
        f->p += 2;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            char u8[4];
            size_t n;
            if (f->end - f->p < 4)
                return 0;
            for (int i = 0; i < 4; i++) {
                int h = hexval(f->p[i]);
                if (h < 0)
                    return 0;
                cp = cp * 16 + (unsigned)h;
            }
            f->p += 4;
            /* NULs and surrogates (pairs included) are left to jansson */
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
            if (cp < 0x80) {
                u8[0] = (char)cp;
                n = 1;
            } else if (cp < 0x800) {
                u8[0] = (char)(0xC0 | (cp >> 6));
                u8[1] = (char)(0x80 | (cp & 0x3F));
                n = 2;
            } else {
                u8[0] = (char)(0xE0 | (cp >> 12));
                u8[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u8[2] = (char)(0x80 | (cp & 0x3F));
                n = 3;
            }
            if (fput(f, u8, n) != 0)
                return 0;
            run = f->p;
            continue;
        }
        default:
            return 0;
        }
        if (fput(f, &out, 1) != 0)
            return 0;
        run = f->p;
    }
    if (fput(f, run, (size_t)(f->p - run)) != 0)
        return 0;
    f->p++;
    return 1;
}

/* A JSON number at f->p, as scalar_text would write it; 0 to give up. */
static int fnumber(fast_t *f, char *buf, size_t size)
{
    const char *s = f->p;
    int real = 0;

    if (f->p < f->end && *f->p == '-')
        f->p++;
    if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
        return 0;
    if (*f->p == '0' && f->p + 1 < f->end && f->p[1] >= '0' && f->p[1] <= '9')
        return 0;
    while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
        f->p++;
    if (f->p < f->end && *f->p == '.') {
        real = 1;
        f->p++;
        if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
            return 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
            f->p++;
    }
    if (f->p < f->end && (*f->p == 'e' || *f->p == 'E')) {
        real = 1;
        f->p++;
        if (f->p < f->end && (*f->p == '+' || *f->p == '-'))
            f->p++;
        if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
            return 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
            f->p++;
    }
    size_t n = (size_t)(f->p - s);
    char tmp[64];
    if (n >= sizeof(tmp) || (!real && n > 18))
        return 0; /* long numbers: jansson's rules */
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (real) {
        double d = strtod(tmp, NULL);
        if (!isfinite(d))
            return 0; /* jansson refuses it */
        real_text(d, buf, size);
    } else if (n == 2 && tmp[0] == '-' && tmp[1] == '0') {
        memcpy(buf, "0", 2); /* jansson reads -0 as 0 */
    } else {
        /* a valid integer is already written as jansson would print it */
        memcpy(buf, tmp, n + 1);
    }
    return 1;
}

static int fvalue(fast_t *f, int depth);

/* Sets the scalar for the current key. Keys come in the document's order,
 * as jansson gives them, so both paths set the same things. */
static int fset(fast_t *f, const char *text, int is_string)
{
    if (f->st == INSPEX_OK)
        f->st = flat_value(f->r, f->insp, f->key, text, is_string, f->taken,
                           f->err);
    return 1;
}

/* Appends ".part" (part alone at the top, where dot is 0) to the key;
 * returns the old length, or (size_t)-1 when too long. */
static size_t fpush(fast_t *f, const char *part, size_t n, int dot)
{
    size_t old = f->keylen;

    if (old + dot + n + 1 > sizeof(f->key))
        return (size_t)-1;
    if (dot)
        f->key[old] = '.';
    memcpy(f->key + old + dot, part, n);
    f->keylen = old + dot + n;
    f->key[f->keylen] = '\0';
    return old;
}

/* The keys of one object, to refuse a repeated one as jansson does:
 * hashes first, strings only when two hashes meet. */
/* The keys of one object, for the duplicate check: hashes, and the keys
 * themselves one after another in one buffer (no allocation per key). */
typedef struct fkeys {
    uint64_t h[64];
    size_t off[64], len[64];
    char text[2048];
    size_t n, used;
} fkeys_t;

static int fkeys_add(fkeys_t *ks, const char *k, size_t len)
{
    uint64_t h = key_hash(k);

    for (size_t i = 0; i < ks->n; i++)
        if (ks->h[i] == h && ks->len[i] == len &&
            memcmp(ks->text + ks->off[i], k, len) == 0)
            return 0;
    if (ks->n == sizeof(ks->h) / sizeof(ks->h[0]) ||
        len > sizeof(ks->text) - ks->used)
        return 0; /* too many or too long: the jansson path reads it */
    memcpy(ks->text + ks->used, k, len);
    ks->off[ks->n] = ks->used;
    ks->len[ks->n] = len;
    ks->h[ks->n++] = h;
    ks->used += len;
    return 1;
}

/* 1 for a key of the inspex record's own shape ("judgements", "extra",
 * the item lists): lengths first, as most keys are none of them. */
static int record_key(const char *k, size_t len)
{
#define OWN(s) {s, sizeof(s) - 1}
    static const struct {
        const char *s;
        size_t n;
    } own[] = {OWN("judgements"), OWN("extra"),   OWN("recommendations"),
               OWN("findings"),   OWN("actions"), OWN("sources")};
#undef OWN
    _Static_assert(INSPEX_ITEM__COUNT == 4, "record_key names every item list");

    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (len == own[i].n && memcmp(k, own[i].s, len) == 0)
            return 1;
    return 0;
}

static int fcontainer_keys(fast_t *f, int depth, int array, fkeys_t *ks)
{
    size_t index = 0;

    if (depth > 16)
        return 0;
    f->p++;
    fskip(f);
    if (f->p < f->end && *f->p == (array ? ']' : '}')) {
        f->p++;
        return 1;
    }
    for (;;) {
        size_t old;
        char part[24];

        fskip(f);
        if (array) {
            /* the element's number, from 1, written by hand: arrays of
             * ratings are common (Miller writes 1.1-1.4 as "1": [...]) */
            char rev[24];
            size_t n = 0, v = ++index, k = 0;
            do {
                rev[n++] = (char)('0' + v % 10);
                v /= 10;
            } while (v && n < sizeof(rev));
            while (n)
                part[k++] = rev[--n];
            old = fpush(f, part, k, depth > 0);
        } else {
            if (!fstring(f) || memchr(f->str.p, '\0', f->str.len) ||
                !fkeys_add(ks, f->str.p, f->str.len))
                return 0;
            /* the inspex record's own keys take the full path */
            if (depth == 0 && record_key(f->str.p, f->str.len))
                return 0;
            old = fpush(f, f->str.p, f->str.len, depth > 0);
            fskip(f);
            if (f->p >= f->end || *f->p != ':')
                return 0;
            f->p++;
        }
        if (old == (size_t)-1)
            return 0;
        fskip(f);
        if (!fvalue(f, depth + 1))
            return 0;
        f->keylen = old;
        f->key[old] = '\0';
        fskip(f);
        if (f->p < f->end && *f->p == ',') {
            f->p++;
            continue;
        }
        if (f->p < f->end && *f->p == (array ? ']' : '}')) {
            f->p++;
            return 1;
        }
        return 0;
    }
}

static int fcontainer(fast_t *f, int depth, int array)
{
    fkeys_t ks;

    ks.n = ks.used = 0;
    return fcontainer_keys(f, depth, array, &ks);
}

static int fvalue(fast_t *f, int depth)
{
    char num[64];

    if (f->p >= f->end)
        return 0;
    switch (*f->p) {
    case '{':
        return fcontainer(f, depth, 0);
    case '[':
        return fcontainer(f, depth, 1);
    case '"':
        return fstring(f) && !memchr(f->str.p, '\0', f->str.len) &&
               fset(f, f->str.p, 1);
    case 't':
        if (f->end - f->p < 4 || memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "true", 0);
    case 'f':
        if (f->end - f->p < 5 || memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        return fset(f, "false", 0);
    case 'n':
        if (f->end - f->p < 4 || memcmp(f->p, "null", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "", 0);
    default:
        return fnumber(f, num, sizeof(num)) && fset(f, num, 0);
    }
}

/* Builds insp from the record's text: FAST_DONE with the model's verdict
 * in *st, or FAST_BAIL. */
static int fast_record(rd_t *r, const char *text, size_t len,
                       inspex_inspection_t *insp, inspex_status_t *st,
                       inspex_error_t *err)
{
    fast_t f;
    int taken[INSPEX_FIELD__COUNT] = {0};
    int ok;

    if (inspex_utf8_check(text, len, NULL) != INSPEX_OK)
        return FAST_BAIL; /* jansson names the byte */
    memset(&f, 0, sizeof(f));
    f.p = text;
    f.end = text + len;
    f.r = r;
    f.insp = insp;
    f.taken = taken;
    f.err = err;
    f.st = INSPEX_OK;
    inspex_inspection_set_origin(insp, r->source, r->line);
    fskip(&f);
    ok = f.p < f.end && *f.p == '{' && fcontainer(&f, 0, 0);
    if (ok) {
        fskip(&f);
        ok = f.p == f.end;
    }
    free(f.str.p);
    if (!ok)
        return FAST_BAIL;
    *st = f.st;
    return FAST_DONE;
}

/* Hands a built inspection on, or rejects its record; insp is taken. */
static inspex_status_t finish(rd_t *r, inspex_inspection_t *insp,
                              inspex_status_t st, const char *raw,
                              size_t rawlen, json_t *obj, inspex_error_t *err)
{
    if (st == INSPEX_OK) {
        st = inspex_import_emit(r->ctx, insp, raw, rawlen, err);
        if (st != INSPEX_ERR_INVALID || raw)
            return st;
    } else {
        inspex_inspection_free(insp);
    }
    if (st == INSPEX_ERR_NOMEM)
        return st;
    if (raw)
        return inspex_import_reject(r->ctx, raw, rawlen, err);
    /* A record of a whole document: reject its JSON text. */
    char *text = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER)
                     : NULL;
    st = inspex_import_reject(r->ctx, text ? text : "", text ? strlen(text) : 0,
                              err);
    free(text);
    return st;
}

static inspex_status_t emit_object(rd_t *r, json_t *obj, const char *raw,
                                   size_t rawlen, inspex_error_t *err)
{
    inspex_inspection_t *insp = inspex_inspection_new();

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return finish(r, insp, read_record(r, obj, insp, err), raw, rawlen, obj,
                  err);
}

/* Tries the fast path on a record's text; 1 when it decided (with *st). */
static int try_fast(rd_t *r, const char *raw, size_t len, inspex_status_t *st,
                    inspex_error_t *err)
{
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_status_t built = INSPEX_OK;

    if (insp == NULL) {
        *st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return 1;
    }
    if (fast_record(r, raw, len, insp, &built, err) == FAST_BAIL) {
        inspex_inspection_free(insp);
        inspex_error_clear(err);
        return 0;
    }
    *st = finish(r, insp, built, raw, len, NULL, err);
    return 1;
}

#ifdef INSPEX_NDJSON
static inspex_status_t json_import(inspex_import_t *ctx, inspex_error_t *err)
{
    inspex_reader_t *rd = inspex_import_reader(ctx);
    rd_t r = {ctx, inspex_import_source(ctx), 0, NULL, 0, 0, NULL};
    const char *map = inspex_import_option(ctx, "map");
    inspex_status_t st;

    if (map && *map &&
        (st = inspex_header_map_load(map, &r.map, err)) != INSPEX_OK)
        return st;

    for (;;) {
        const char *line;
        size_t len;
        json_error_t je;
        json_t *obj;

        st = inspex_reader_getline(rd, &line, &len, err);
        if (st != INSPEX_OK || line == NULL)
            break;
        r.line++;
        if (strspn(line, " \t") == len)
            continue; /* blank lines separate nothing */
        if (try_fast(&r, line, len, &st, err)) {
            if (st != INSPEX_OK)
                break;
            continue;
        }
        obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
        if (obj == NULL) {
            syntax(&r, &je, r.line - 1, err);
            st = inspex_import_reject(ctx, line, len, err);
        } else {
            st = emit_object(&r, obj, line, len, err);
            json_decref(obj);
        }
        if (st != INSPEX_OK)
            break;
    }
    cache_free(&r);
    return st;
}
#else
/*
 * The document is read as a stream: a small scanner walks its structure
 * and hands each inspection's text, one at a time, to jansson. Memory
 * stays flat whatever the number of inspections.
 */
typedef struct scan {
    inspex_reader_t *r;
    const char *source;
    char *buf;
    size_t len, pos;
    int eof;
    unsigned long line, col; /* of the next byte */
    inspex_buf_t val;             /* the captured value */
} scan_t;

#define SCAN_CHUNK (256 * 1024)

static inspex_status_t fill(scan_t *s, inspex_error_t *err)
{
    inspex_status_t st;

    if (s->pos < s->len || s->eof)
        return INSPEX_OK;
    st = inspex_reader_read(s->r, s->buf, SCAN_CHUNK, &s->len, err);
    s->pos = 0;
    if (st == INSPEX_OK && s->len == 0)
        s->eof = 1;
    return st;
}

/* The next byte without taking it, or -1 at the end (or on error, with
 * *st set). */
static int peek(scan_t *s, inspex_status_t *st, inspex_error_t *err)
{
    if (s->pos == s->len && (*st = fill(s, err)) != INSPEX_OK)
        return -1;
    return s->pos < s->len ? (unsigned char)s->buf[s->pos] : -1;
}

static void take(scan_t *s)
{
    if (s->buf[s->pos++] == '\n') {
        s->line++;
        s->col = 1;
    } else {
        s->col++;
    }
}

static int skip_ws(scan_t *s, inspex_status_t *st, inspex_error_t *err)
{
    int c;

    while ((c = peek(s, st, err)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        take(s);
    return c;
}

static inspex_status_t scan_error(scan_t *s, const char *what,
                                  inspex_error_t *err)
{
    return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, s->line,
                               s->col, "%s", what);
}

/* Moves the position past the n bytes at buf[pos], counting lines. */
static void advance(scan_t *s, size_t n)
{
    const char *p = s->buf + s->pos, *end = p + n, *nl;

    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        s->line++;
        s->col = 1;
        p = nl + 1;
    }
    s->col += (unsigned long)(end - p);
    s->pos += n;
}

/* Captures the text of one JSON value (its syntax is left to jansson):
 * a string, an object or array up to its matching bracket, or a scalar up
 * to the next delimiter. The bytes of a buffer are walked in a tight loop
 * (the insides of strings eight at a time) and kept as one run. */
static inspex_status_t capture(scan_t *s, inspex_error_t *err)
{
    int depth = 0, in_string = 0, escaped = 0, started = 0, done = 0;
    inspex_status_t st = INSPEX_OK;

    s->val.len = 0;
    while (!done) {
        const char *start, *p, *end;

        if (s->pos == s->len) {
            if ((st = fill(s, err)) != INSPEX_OK)
                return st;
            if (s->pos == s->len) {
                if (in_string || depth > 0)
                    return scan_error(s, "unexpected end of input inside a "
                                         "value",
                                      err);
                return INSPEX_OK;
            }
        }
        start = p = s->buf + s->pos;
        end = s->buf + s->len;
        while (p < end) {
            unsigned char c = (unsigned char)*p;
            if (in_string) {
                if (escaped) {
                    escaped = 0;
                    p++;
                    continue;
                }
                for (uint64_t m; end - p >= 8; p += 8)
                    if ((m = special8(p)) != 0) {
                        p += plain_prefix(m);
                        break;
                    }
                while (p < end && *p != '"' && *p != '\\')
                    p++;
                if (p == end)
                    break;
                if (*p++ == '\\') {
                    escaped = 1;
                    continue;
                }
                in_string = 0; /* the closing quote */
                if (depth == 0) {
                    done = 1;
                    break;
                }
                continue;
            }
            if (depth == 0 && started &&
                (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' ||
                 c == '\r' || c == '\t')) {
                done = 1; /* the delimiter after a scalar: not taken */
                break;
            }
            started = 1;
            p++;
            if (c == '"') {
                in_string = 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth <= 0) {
                done = 1;
                break;
            }
        }
        if (p > start &&
            inspex_buf_add(&s->val, start, (size_t)(p - start)) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        advance(s, (size_t)(p - start));
    }
    return INSPEX_OK;
}

/* Parses the captured text with jansson; positions in its errors are made
 * relative to the document. */
static json_t *parse_captured(scan_t *s, unsigned long line, unsigned long col,
                              inspex_error_t *err)
{
    json_error_t je;
    json_t *v = json_loadb(s->val.p, s->val.len,
                           JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);

    if (v == NULL) {
        rd_t r = {NULL, s->source, 0, NULL, 0, 0, NULL};
        unsigned long l = je.line > 0 ? (unsigned long)je.line : 1;
        unsigned long c = je.column > 0 ? (unsigned long)je.column : 1;
        syntax(&r, &je, 0, err);
        inspex_error_locate(err, s->source, line + l - 1,
                            l == 1 ? col + c - 1 : c);
    }
    return v;
}

/* Reads "[ value, value, ... ]" and emits each value as an inspection. */
static inspex_status_t read_array(scan_t *s, rd_t *r, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;
    int c;

    take(s); /* [ */
    c = skip_ws(s, &st, err);
    if (c == ']') {
        take(s);
        return INSPEX_OK;
    }
    for (;;) {
        unsigned long line = s->line, col = s->col;
        json_t *obj;

        if (c < 0)
            return st != INSPEX_OK ? st
                                   : scan_error(s, "unexpected end of input "
                                                   "in the list of inspections",
                                                err);
        if ((st = capture(s, err)) != INSPEX_OK)
            return st;
        r->line = line;
        if (try_fast(r, s->val.p, s->val.len, &st, err)) {
            if (st != INSPEX_OK)
                return st;
            goto next;
        }
        obj = parse_captured(s, line, col, err);
        if (obj == NULL) {
            st = inspex_import_reject(r->ctx, s->val.p, s->val.len, err);
        } else {
            st = emit_object(r, obj, s->val.p, s->val.len, err);
            json_decref(obj);
        }
        if (st != INSPEX_OK)
            return st;
    next:
        c = skip_ws(s, &st, err);
        if (c == ',') {
            take(s);
            c = skip_ws(s, &st, err);
        } else if (c == ']') {
            take(s);
            return INSPEX_OK;
        } else {
            return st != INSPEX_OK ? st
                                   : scan_error(s, "expected ',' or ']' after "
                                                   "an inspection",
                                                err);
        }
    }
}

/* Reads the inspex document object; format and version may come before or
 * after the inspections (a late mismatch still fails the run, and the
 * host then writes nothing). */
static inspex_status_t read_document(scan_t *s, rd_t *r, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;
    int c, seen_format = 0, seen_version = 0, seen_list = 0;

    take(s); /* { */
    c = skip_ws(s, &st, err);
    if (c == '}')
        take(s);
    while (c != '}') {
        unsigned long line = s->line, col = s->col;
        json_t *key, *val;
        const char *k;
        int *seen = NULL;

        if (c != '"')
            return st != INSPEX_OK ? st
                                   : scan_error(s, "expected a string key or "
                                                   "'}'",
                                                err);
        if ((st = capture(s, err)) != INSPEX_OK)
            return st;
        if ((key = parse_captured(s, line, col, err)) == NULL)
            return inspex_error_code(err);
        k = json_string_value(key);
        if (strcmp(k, "format") == 0)
            seen = &seen_format;
        else if (strcmp(k, "version") == 0)
            seen = &seen_version;
        else if (strcmp(k, "inspections") == 0)
            seen = &seen_list;
        if (seen && *seen) {
            st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, line,
                                     col, "duplicate object key \"%s\"", k);
            json_decref(key);
            return st;
        }
        if (seen)
            *seen = 1;
        c = skip_ws(s, &st, err);
        if (c != ':') {
            json_decref(key);
            return st != INSPEX_OK ? st : scan_error(s, "expected ':'", err);
        }
        take(s);
        c = skip_ws(s, &st, err);
        if (seen == &seen_list) {
            json_decref(key);
            if (c != '[')
                return st != INSPEX_OK
                           ? st
                           : scan_error(s, "\"inspections\" must be an array",
                                        err);
            if ((st = read_array(s, r, err)) != INSPEX_OK)
                return st;
        } else {
            line = s->line;
            col = s->col;
            if ((st = capture(s, err)) != INSPEX_OK ||
                (val = parse_captured(s, line, col, err)) == NULL) {
                json_decref(key);
                return st != INSPEX_OK ? st : inspex_error_code(err);
            }
            if (seen == &seen_format &&
                (!json_is_string(val) ||
                 strcmp(json_string_value(val), "inspex") != 0))
                st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source,
                                         line, col,
                                         "not an inspex document: \"format\" "
                                         "must be \"inspex\"");
            else if (seen == &seen_version &&
                     (!json_is_integer(val) ||
                      json_integer_value(val) != FORMAT_VERSION)) {
                char got[64];
                const char *text = "of the wrong type";
                scalar_text(val, got, sizeof(got), &text);
                st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source,
                                         line, col,
                                         "unsupported inspex document version "
                                         "%s; supported: %d",
                                         text, FORMAT_VERSION);
            }
            json_decref(val);
            json_decref(key);
            if (st != INSPEX_OK)
                return st;
        }
        c = skip_ws(s, &st, err);
        if (c == ',') {
            take(s);
            c = skip_ws(s, &st, err);
            if (c == '}')
                return scan_error(s, "expected a string key", err);
        } else if (c == '}') {
            take(s);
        } else {
            return st != INSPEX_OK ? st
                                   : scan_error(s, "expected ',' or '}'", err);
        }
    }
    if (!seen_format)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "not an inspex document: no \"format\"");
    if (!seen_version)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "unsupported inspex document version "
                                   "missing; supported: %d",
                                   FORMAT_VERSION);
    if (!seen_list)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "\"inspections\" must be an array");
    return INSPEX_OK;
}

static inspex_status_t json_import(inspex_import_t *ctx, inspex_error_t *err)
{
    rd_t r = {ctx, inspex_import_source(ctx), 0, NULL, 0, 0, NULL};
    scan_t s;
    inspex_status_t st = INSPEX_OK;
    int c;

    const char *map = inspex_import_option(ctx, "map");
    if (map && *map &&
        (st = inspex_header_map_load(map, &r.map, err)) != INSPEX_OK)
        return st;
    memset(&s, 0, sizeof(s));
    s.r = inspex_import_reader(ctx);
    s.source = r.source;
    s.line = s.col = 1;
    s.buf = malloc(SCAN_CHUNK);
    if (s.buf == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    c = skip_ws(&s, &st, err);
    if (c == 0xEF) { /* a UTF-8 byte-order mark */
        for (int i = 0; i < 3 && peek(&s, &st, err) >= 0; i++)
            s.pos++;
        c = skip_ws(&s, &st, err);
    }
    if (st == INSPEX_OK) {
        if (c == '[')
            st = read_array(&s, &r, err);
        else if (c == '{')
            st = read_document(&s, &r, err);
        else if (c < 0)
            st = scan_error(&s, "empty input: no JSON document", err);
        else
            st = scan_error(&s, "expected an inspex document or an array of "
                                "objects",
                            err);
    }
    if (st == INSPEX_OK && skip_ws(&s, &st, err) >= 0)
        st = scan_error(&s, "unexpected data after the document", err);
    free(s.buf);
    free(s.val.p);
    cache_free(&r);
    return st;
}
#endif

/* ---- probe and descriptor ----------------------------------------------- */

static int json_probe(const unsigned char *data, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                       data[i] == '\n'))
        i++;
    if (i == len)
        return 0;
#ifdef INSPEX_NDJSON
    if (data[i] != '{')
        return 0;
    /* One object per line: a line that closes and another that opens. */
    for (size_t k = i; k + 1 < len; k++)
        if (data[k] == '\n') {
            size_t m = k + 1;
            while (m < len && (data[m] == ' ' || data[m] == '\r'))
                m++;
            if (m < len && data[m] == '{' && k > 0 &&
                (data[k - 1] == '}' || (data[k - 1] == '\r' && k > 1 &&
                                        data[k - 2] == '}')))
                return 70;
            return 20;
        }
    return 40;
#else
    if (data[i] == '[')
        return 60;
    if (data[i] != '{')
        return 0;
    /* A document declares its format near the start. */
    for (size_t k = i; k + 17 < len && k < i + 256; k++)
        if (memcmp(data + k, "\"format\"", 8) == 0)
            return 90;
    return 50;
#endif
}

#ifdef INSPEX_NDJSON
static const char *const extensions[] = {"ndjson", "jsonl", NULL};
static const char *const media_types[] = {"application/x-ndjson", NULL};
static const inspex_option_t options[] = {
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping keys of flat objects to field names or standard "
     "codes, for keys the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};
#define NAME "ndjson"
#define DESCRIPTION "one inspex JSON inspection per line (NDJSON, JSON Lines)"
#else
static const char *const extensions[] = {"json", NULL};
static const char *const media_types[] = {"application/json", NULL};
static const inspex_option_t options[] = {
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping keys of flat objects to field names or standard "
     "codes, for keys the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {"pretty", INSPEX_OPT_CHOICE, "auto",
     "indent the output: auto (when writing to a terminal), true or false",
     "auto|true|false", INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};
#define NAME "json"
#define DESCRIPTION "the inspex JSON document; reads plain arrays of objects too"
#endif

static const inspex_plugin_t json_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = NAME,
    .description = DESCRIPTION,
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = json_probe,
    .import = json_import,
    .export_begin = json_begin,
    .export_record = json_record,
    .export_end = json_end,
    .export_free = json_free,
};

INSPEX_PLUGIN_DEFINE(json_plugin)
