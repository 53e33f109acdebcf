/* SPDX-License-Identifier: MIT */
/* model.c - inspections, judgements, items, extra pairs and datasets. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/model.h>

#include "internal.h"

/* Every string and small object of an inspection lives in the
 * inspection's arena: one block inline, more chained when needed, all
 * freed at once. A record costs a handful of allocations, not one per
 * value. */
typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block_t;

#define FIRST_BLOCK 3072

/* Every block ends with INSPEX_STRING_PADDING bytes that are never handed
 * out, so any string in it can be read that far past its NUL
 * (<inspex/model.h>). */
#define PAD INSPEX_STRING_PADDING

/* A growable array of pointers into the arena; pointers stay put when it
 * grows, so borrowed handles remain valid. */
typedef struct vec {
    void **p;
    size_t n, cap;
} vec_t;

static int vec_push(vec_t *v, void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void **p = realloc(v->p, cap * sizeof(*p));
        if (p == NULL)
            return -1;
        v->p = p;
        v->cap = cap;
    }
    v->p[v->n++] = item;
    return 0;
}

typedef struct strand {
    char *name;
    int numerator, denominator;
} strand_t;

struct inspex_judgement {
    struct inspex_inspection *owner; /* whose arena holds it */
    uint64_t hash;                   /* of the code, for quick lookups */
    char *code;
    const char *title;
    const char *rating;
    strand_t *strands;
    size_t nstrands, capstrands;
};

struct inspex_item {
    struct inspex_inspection *owner;
    inspex_item_kind_t kind;
    char *v[INSPEX_ATTR__COUNT];
};

struct inspex_inspection {
    char *f[INSPEX_FIELD__COUNT];
    vec_t judgements;
    uint64_t judged; /* bit (hash % 64) set for each judgement's code */
    vec_t items[INSPEX_ITEM__COUNT];
    vec_t extra; /* key, value, key, value, ... */
    char *origin;
    unsigned long origin_line;
    block_t *more; /* blocks after the first */
    block_t first; /* must be last: its data follows the struct */
};

struct inspex_dataset {
    vec_t inspections;
};

/* A new block for an allocation that does not fit the current one. */
static void *arena_grow(inspex_inspection_t *insp, size_t size)
{
    size_t cap = size > 4096 ? size : 4096;
    block_t *nb = malloc(sizeof(block_t) + cap + PAD);

    if (nb == NULL)
        return NULL;
    nb->used = size;
    nb->cap = cap;
    nb->next = insp->more;
    insp->more = nb;
    return nb->data;
}

static inline void *arena_alloc(inspex_inspection_t *insp, size_t size)
{
    block_t *b = insp->more ? insp->more : &insp->first;
    size_t align = sizeof(max_align_t);
    void *p;

    size = (size + align - 1) / align * align;
    if (b->cap - b->used < size)
        return arena_grow(insp, size);
    p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

static char *arena_strndup(inspex_inspection_t *insp, const char *s, size_t n)
{
    char *p = arena_alloc(insp, n + 1);

    if (p == NULL)
        return NULL;
    /* Most values are short: two word copies that may overlap, reading
     * and writing only the n bytes, cost less than a call. */
    if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(p, &a, 8);
        memcpy(p + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(p, &a, 4);
        memcpy(p + n - 4, &b, 4);
    } else {
        memcpy(p, s, n);
    }
    p[n] = '\0';
    return p;
}

static char *arena_strdup(inspex_inspection_t *insp, const char *s)
{
    return arena_strndup(insp, s, strlen(s));
}

/* vec_push for an inspection's own vectors: their storage lives in the
 * arena too (outgrown storage stays there until the inspection goes), so
 * a record costs no malloc per list. */
static int ivec_grow(inspex_inspection_t *insp, vec_t *v)
{
    size_t cap = v->cap ? v->cap * 2 : 8;
    void **p = arena_alloc(insp, cap * sizeof(*p));

    if (p == NULL)
        return -1;
    if (v->n)
        memcpy(p, v->p, v->n * sizeof(*p));
    v->p = p;
    v->cap = cap;
    return 0;
}

static inline int ivec_push(inspex_inspection_t *insp, vec_t *v, void *item)
{
    if (v->n == v->cap && ivec_grow(insp, v) != 0)
        return -1;
    v->p[v->n++] = item;
    return 0;
}

/* ---- value parsing shared by fields and attributes ---------------------- */

/* Where a value goes, for messages, built only when one is needed:
 * prefix, sep and arg joined ("standard " "" "2.2", "action" " " "due"). */
typedef struct ctx {
    const char *prefix, *sep, *arg;
    char buf[96];
} ctx_t;

/* Sets where a value goes; the message buffer is left alone (clearing it
 * on every call cost more than the rest of a rating's setter). */
#define CTX_INIT(c, p, a) CTX_JOIN(c, p, "", a)
#define CTX_JOIN(c, p, s, a) ((c).prefix = (p), (c).sep = (s), (c).arg = (a))

static const char *ctx_text(ctx_t *c)
{
    snprintf(c->buf, sizeof(c->buf), "%s%s%s", c->prefix, c->sep,
             c->arg ? c->arg : "");
    return c->buf;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text of v (len bytes) without the spaces around it, without
 * copying: its start, and its length in *len. */
static inline const char *trimmed(const char *v, size_t *len)
{
    size_t n = *len;

    while (n > 0 && is_space(*v)) {
        v++;
        n--;
    }
    while (n > 0 && is_space(v[n - 1]))
        n--;
    *len = n;
    return v;
}

/* Writes v as decimal digits into buf (at least 24 bytes); returns buf. */
static char *digits(long v, char *buf)
{
    char tmp[24];
    int n = 0, neg = v < 0;
    unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        tmp[n++] = '-';
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

static inspex_status_t whole_number(const char *s, size_t len, ctx_t *c,
                                    long *out, inspex_error_t *err)
{
    long v = 0;
    size_t i = 0;

    if (len == 0)
        goto bad;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (v > 100000000L)
            goto bad;
        v = v * 10 + (s[i] - '0');
    }
    /* "18.0" is a whole number; "18.5" is not. */
    if (i > 0 && i < len && s[i] == '.') {
        size_t k = i + 1;
        while (k < len && s[k] == '0')
            k++;
        if (k == len && k > i + 1)
            i = k;
    }
    if (i != len || i == 0)
        goto bad;
    *out = v;
    return INSPEX_OK;
bad:
    return inspex_error_set(err, INSPEX_ERR_INVALID,
                            "%s must be a whole number, not \"%.*s\"",
                            ctx_text(c), (int)len, s);
}

/* The length of v when it is already the stored form of a whole number,
 * without sign, spaces or leading zeros, as the model writes them; else
 * 0. */
static size_t stored_number_length(const char *v)
{
    size_t n = 0;

    while (n < 10 && v[n] >= '0' && v[n] <= '9')
        n++;
    if (n == 0 || n > 9 || v[n] != '\0' || (v[0] == '0' && n > 1))
        return 0;
    return n;
}

/* Parses value by kind into a canonical string in insp's arena, *out
 * (NULL for an empty value). */
static inspex_status_t parse_value(inspex_inspection_t *insp,
                                   inspex_kind_t kind, const char *value,
                                   unsigned flags, ctx_t *c, char **out,
                                   inspex_error_t *err)
{
    size_t len, bad;
    const char *t;
    char tmp[128], *tbuf = NULL;
    inspex_status_t st = INSPEX_OK;
    const char *label;

    *out = NULL;
    if (value == NULL)
        return INSPEX_OK;
    /* A date that reads as it stands (only ASCII letters, digits and
     * separators do) is stored without the checks and the trim below;
     * anything else goes on, and the parser says what is wrong with it. */
    if (kind == INSPEX_KIND_DATE) {
        char iso[11];
        size_t n;
        const char *stored = inspex__date_store(value, flags, iso, &n);
        if (stored) {
            *out = arena_strndup(insp, stored, n);
            return *out ? INSPEX_OK
                        : inspex_error_set(err, INSPEX_ERR_NOMEM,
                                           "out of memory");
        }
    }
    /* A number already in its stored form is copied as it is: no
     * parsing, and, being ASCII, no UTF-8 check. */
    if (kind == INSPEX_KIND_INTEGER &&
        (len = stored_number_length(value)) > 0) {
        *out = arena_strndup(insp, value, len);
        return *out ? INSPEX_OK
                    : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    len = strlen(value);
    /* A label (or alias) as its framework writes it is stored as the
     * vocabulary's interned form, without a copy, like every rating. */
    if (kind == INSPEX_KIND_RATING &&
        (label = inspex__rating_exact_n(value, len)) != NULL) {
        *out = (char *)label;
        return INSPEX_OK;
    }
    if (!(flags & INSPEX_VALUE_UTF8) &&
        inspex_utf8_check(value, len, &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in %s at byte %zu", ctx_text(c),
                                bad);
    t = trimmed(value, &len);
    if (len == 0)
        return INSPEX_OK;
    if (kind == INSPEX_KIND_TEXT) {
        *out = arena_strndup(insp, t, len);
        goto done;
    }
    /* The parsers below want a NUL-terminated copy. */
    if (len < sizeof(tmp)) {
        memcpy(tmp, t, len);
        tmp[len] = '\0';
        t = tmp;
    } else {
        if ((tbuf = inspex__strndup(t, len)) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        t = tbuf;
    }
    switch (kind) {
    case INSPEX_KIND_TEXT: break;
    case INSPEX_KIND_DATE: {
        inspex_date_t d;
        char buf[16];
        if (inspex__date_parse(t, flags, &d, NULL, NULL) != INSPEX_OK) {
            st = inspex__date_parse(t, flags, &d, ctx_text(c), err);
            break;
        }
        inspex_date_format(&d, buf, sizeof(buf));
        *out = arena_strdup(insp, buf);
        break;
    }
    case INSPEX_KIND_RATING:
    case INSPEX_KIND_RAG:
        label = kind == INSPEX_KIND_RATING ? inspex__rating(t, NULL, NULL)
                                           : inspex__rag(t, NULL, NULL);
        if (label == NULL) {
            if (kind == INSPEX_KIND_RATING)
                inspex__rating(t, ctx_text(c), err);
            else
                inspex__rag(t, ctx_text(c), err);
            st = INSPEX_ERR_INVALID;
            break;
        }
        /* a rating is the vocabulary's interned form (padded, for the
         * program's life); a RAG label is static text, copied */
        *out = kind == INSPEX_KIND_RATING ? (char *)label
                                          : arena_strdup(insp, label);
        break;
    case INSPEX_KIND_INTEGER: {
        long v;
        char buf[24];
        st = whole_number(t, len, c, &v, err);
        if (st == INSPEX_OK)
            *out = arena_strdup(insp, digits(v, buf));
        break;
    }
    case INSPEX_KIND_DECIMAL: {
        /* [0-9]+(.[0-9]+)?, kept as written but for leading zeros
         * ("06" is 6: JSON, which writes the number as it is, allows
         * none) */
        const char *q = t;
        int ok;
        while (*q >= '0' && *q <= '9')
            q++;
        ok = q > t;
        if (ok && *q == '.') {
            const char *f = ++q;
            while (*q >= '0' && *q <= '9')
                q++;
            ok = q > f;
        }
        if (*q != '\0' || !ok) {
            st = inspex_error_set(err, INSPEX_ERR_INVALID,
                                  "%s must be a number, not \"%s\"",
                                  ctx_text(c), t);
            break;
        }
        while (t[0] == '0' && t[1] >= '0' && t[1] <= '9')
            t++;
        *out = arena_strdup(insp, t);
        break;
    }
    case INSPEX_KIND_CHOICE: {
        char key[32];
        inspex_match_key(t, key, sizeof(key));
        if (strcmp(key, "strength") == 0 || strcmp(key, "strengths") == 0)
            label = "strength";
        else if (strcmp(key, "concern") == 0 || strcmp(key, "concerns") == 0)
            label = "concern";
        else
            label = NULL;
        if (label == NULL) {
            st = inspex_error_set(err, INSPEX_ERR_INVALID,
                                  "%s must be \"strength\" or \"concern\", "
                                  "not \"%s\"",
                                  ctx_text(c), t);
            break;
        }
        *out = arena_strdup(insp, label);
        break;
    }
    }
    free(tbuf);
    if (st != INSPEX_OK)
        return st;
done:
    return *out ? INSPEX_OK
                : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* ---- inspections -------------------------------------------------------- */

/* Inspections freed, kept for the next ones: a record is made on the
 * reading thread and freed on the writing one, and an allocation of an
 * inspection's size is past malloc's per-thread caches, so each went to
 * its arena under a lock both ways. A few are kept here instead. Not
 * under the sanitizers, whose use-after-free checks need the free. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SPARE_MAX 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define SPARE_MAX 0
#endif
#endif
#ifndef SPARE_MAX
#define SPARE_MAX 160 /* more than the engine's batch of 128 */
#endif

#if SPARE_MAX
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static inspex_inspection_t *spare[SPARE_MAX];
static size_t nspare;

/* Each thread takes spares a few at a time into a stash of its own, so
 * that the lock (and the cache line it is on, which the freeing thread
 * writes too) is taken once for every STASH_MAX records, not for each;
 * what a thread leaves in its stash goes back when it ends. */
#define STASH_MAX 16
typedef struct stash {
    inspex_inspection_t *v[STASH_MAX];
    size_t n;
} stash_t;
static __thread stash_t stash;
static __thread int stash_registered; /* stash_end will run */
static pthread_key_t stash_key;
static pthread_once_t stash_once = PTHREAD_ONCE_INIT;
static int stash_keyed; /* 0: pthread_key_create failed, no stashes */

/* The n inspections of v (their blocks freed; NULLs passed over) kept as
 * spares, under one lock for all, and freed past SPARE_MAX. */
static void spares_put(inspex_inspection_t **v, size_t n)
{
    size_t i = 0;

    pthread_mutex_lock(&spare_lock);
    for (; i < n && nspare < SPARE_MAX; i++)
        if (v[i])
            spare[nspare++] = v[i];
    pthread_mutex_unlock(&spare_lock);
    for (; i < n; i++)
        free(v[i]);
}

/* A thread ends: its stash goes back to the spares, or is freed past
 * SPARE_MAX (a short-lived thread does not drain the spares). */
static void stash_end(void *p)
{
    stash_t *st = p;

    spares_put(st->v, st->n);
    st->n = 0;
    /* a later destructor that makes one registers the stash again */
    stash_registered = 0;
}

static void stash_init(void)
{
    stash_keyed = pthread_key_create(&stash_key, stash_end) == 0;
}

/* Refills this thread's stash from the spares; 0 when there are none. */
static size_t stash_fill(void)
{
    size_t k;

    pthread_once(&stash_once, stash_init);
    if (!stash_keyed)
        return 0;
    if (!stash_registered) { /* so that stash_end runs when it ends */
        if (pthread_setspecific(stash_key, &stash) != 0)
            return 0;
        stash_registered = 1;
    }
    pthread_mutex_lock(&spare_lock);
    k = nspare < STASH_MAX ? nspare : STASH_MAX;
    nspare -= k;
    memcpy(stash.v, spare + nspare, k * sizeof(*spare));
    pthread_mutex_unlock(&spare_lock);
    stash.n = k;
    return k;
}
#endif

inspex_inspection_t *inspex_inspection_new(void)
{
    inspex_inspection_t *insp = NULL;

#if SPARE_MAX
    if (stash.n || stash_fill())
        insp = stash.v[--stash.n];
#endif
    /* Only the struct is cleared; the arena's bytes are written before
     * they are read. */
    if (insp == NULL)
        insp = malloc(sizeof(*insp) + FIRST_BLOCK + PAD);
    if (insp) {
        memset(insp, 0, sizeof(*insp));
        insp->first.cap = FIRST_BLOCK;
    }
    return insp;
}

size_t inspex__spares(size_t *max)
{
    size_t n = 0;

#if SPARE_MAX
    pthread_mutex_lock(&spare_lock);
    n = nspare;
    pthread_mutex_unlock(&spare_lock);
#endif
    if (max)
        *max = SPARE_MAX;
    return n;
}

/* An inspection's blocks after its first, freed. */
static void free_blocks(inspex_inspection_t *insp)
{
    for (block_t *b = insp->more, *next; b; b = next) {
        next = b->next;
        free(b);
    }
}

void inspex_inspection_free(inspex_inspection_t *insp)
{
    if (insp)
        inspex__inspections_free(&insp, 1);
}

void inspex__inspections_free(inspex_inspection_t **v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (v[k])
            free_blocks(v[k]);
#if SPARE_MAX
    spares_put(v, n); /* kept for the next ones */
#else
    for (size_t k = 0; k < n; k++)
        free(v[k]);
#endif
}

/* "18/36" in a score field sets the score and what it is out of. */
static inspex_status_t set_score_fraction(inspex_inspection_t *insp,
                                          const char *value,
                                          inspex_error_t *err)
{
    const char *slash = strchr(value, '/');
    const char *a = value, *ae = slash, *b = slash + 1, *be;
    ctx_t c1, c2;
    long x, y;
    inspex_status_t st;
    char bx[24], by[24];

    CTX_INIT(c1, "score", NULL);
    CTX_INIT(c2, "score maximum", NULL);

    while (is_space(*a))
        a++;
    while (ae > a && is_space(ae[-1]))
        ae--;
    while (is_space(*b))
        b++;
    be = b + strlen(b);
    while (be > b && is_space(be[-1]))
        be--;
    if ((st = whole_number(a, (size_t)(ae - a), &c1, &x, err)) != INSPEX_OK ||
        (st = whole_number(b, (size_t)(be - b), &c2, &y, err)) != INSPEX_OK)
        return st;
    if (y == 0)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "score \"%s\" is out of 0: a score's maximum "
                                "must be more than 0",
                                value);
    if (x > y)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "score \"%s\" is more than its maximum of %ld",
                                value, y);
    char *sa = arena_strdup(insp, digits(x, bx));
    char *sb = arena_strdup(insp, digits(y, by));
    if (sa == NULL || sb == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    insp->f[INSPEX_FIELD_SCORE] = sa;
    insp->f[INSPEX_FIELD_SCORE_MAX] = sb;
    return INSPEX_OK;
}

inspex_status_t inspex_inspection_set(inspex_inspection_t *insp,
                                      inspex_field_t field, const char *value,
                                      unsigned flags, inspex_error_t *err)
{
    char *v;
    inspex_status_t st;
    ctx_t c;

    if ((unsigned)field >= INSPEX_FIELD__COUNT)
        return inspex_error_set(err, INSPEX_ERR_USAGE, "no field %d",
                                (int)field);
    if (field == INSPEX_FIELD_SCORE && value && strchr(value, '/') &&
        inspex_utf8_check(value, strlen(value), NULL) == INSPEX_OK)
        return set_score_fraction(insp, value, err);
    CTX_INIT(c, inspex__fields[field].name, NULL);
    st = parse_value(insp, inspex__fields[field].kind, value, flags, &c, &v,
                     err);
    if (st != INSPEX_OK)
        return st;
    insp->f[field] = v;
    return INSPEX_OK;
}

void inspex__inspection_set_label(inspex_inspection_t *insp, int field,
                                  const char *label)
{
    insp->f[field] = (char *)label;
}

int inspex__inspection_set_count(inspex_inspection_t *insp, int field,
                                 long value)
{
    char buf[24];
    char *v = arena_strdup(insp, digits(value < 0 ? 0 : value, buf));

    if (v == NULL)
        return -1;
    insp->f[field] = v;
    return 0;
}

const char *inspex_inspection_get(const inspex_inspection_t *insp,
                                  inspex_field_t field)
{
    return (unsigned)field < INSPEX_FIELD__COUNT ? insp->f[field] : NULL;
}

const char *inspex_inspection_label(const inspex_inspection_t *insp)
{
    const char *v = insp->f[INSPEX_FIELD_BODY_NAME];

    if (v == NULL || v[0] == '\0')
        v = insp->f[INSPEX_FIELD_LOCAL_AUTHORITY];
    return v && v[0] ? v : NULL;
}

int inspex_inspection_get_date(const inspex_inspection_t *insp,
                               inspex_field_t field, inspex_date_t *out)
{
    const char *v = inspex_inspection_get(insp, field);

    if (v == NULL || inspex__fields[field].kind != INSPEX_KIND_DATE)
        return 0;
    /* the ISO form the setter wrote, full or partial ("2020-06") */
    return inspex__date_parse(v, 0, out, NULL, NULL) == INSPEX_OK;
}

int inspex_inspection_get_int(const inspex_inspection_t *insp,
                              inspex_field_t field, long *out)
{
    const char *v = inspex_inspection_get(insp, field);
    long n = 0;

    if (v == NULL || inspex__fields[field].kind != INSPEX_KIND_INTEGER)
        return 0;
    /* stored as plain digits (whole_number wrote them) */
    for (; *v >= '0' && *v <= '9'; v++)
        n = n * 10 + (*v - '0');
    *out = n;
    return 1;
}

inspex_status_t inspex_inspection_set_origin(inspex_inspection_t *insp,
                                             const char *source,
                                             unsigned long line)
{
    char *s = NULL;

    /* Most records of a source share its name: copy it only when it
     * differs from the one held. */
    if (source && (insp->origin == NULL || strcmp(insp->origin, source) != 0) &&
        (s = arena_strdup(insp, source)) == NULL)
        return INSPEX_ERR_NOMEM;
    if (source == NULL || s)
        insp->origin = s;
    insp->origin_line = line;
    return INSPEX_OK;
}

const char *inspex_inspection_origin(const inspex_inspection_t *insp,
                                     unsigned long *line)
{
    if (line)
        *line = insp->origin_line;
    return insp->origin;
}

/* ---- judgements --------------------------------------------------------- */

/* Standard codes: letters, digits and dots, at most INSPEX__CODE_MAX of
 * them. */

static const unsigned char code_char[256] = {
    ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1,
    ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,
    ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
    ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* The judgement of code (whose hash is h), or NULL. */
static inspex_judgement_t *find_hashed(const inspex_inspection_t *insp,
                                       const char *code, uint64_t h)
{
    /* most lookups are for codes not judged yet: the bit says so */
    if (!(insp->judged & (1ULL << (h & 63))))
        return NULL;
    for (size_t i = 0; i < insp->judgements.n; i++) {
        inspex_judgement_t *j = insp->judgements.p[i];
        if (j->hash == h && strcmp(j->code, code) == 0)
            return j;
    }
    return NULL;
}

/* inspex__standard_code, inline in inspex_inspection_add_judgement: a
 * judgement is added for every standard of every record. */
static inline int standard_code(const char *code,
                                char padded[INSPEX__CODE_MAX + 1],
                                uint64_t *hash)
{
    uint64_t h = INSPEX_HASH_START;
    size_t len = 0;

    memset(padded, 0, INSPEX__CODE_MAX + 1);
    /* one pass: length, hash, the characters allowed, and a copy */
    for (const char *p = code; *p && len <= INSPEX__CODE_MAX; p++, len++) {
        if (!code_char[(unsigned char)*p])
            return 0;
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        if (len < INSPEX__CODE_MAX)
            padded[len] = *p;
    }
    if (len == 0 || len > INSPEX__CODE_MAX)
        return 0;
    *hash = h;
    return 1;
}

int inspex__standard_code(const char *code, char padded[INSPEX__CODE_MAX + 1],
                          uint64_t *hash)
{
    return standard_code(code, padded, hash);
}

/* inspex__inspection_add_judgement_coded, inline as standard_code is. */
static inline inspex_judgement_t *add_judgement_coded(
    inspex_inspection_t *insp, const char padded[INSPEX__CODE_MAX + 1],
    uint64_t h, inspex_error_t *err)
{
    inspex_judgement_t *j;

    if (find_hashed(insp, padded, h)) {
        inspex_error_set(err, INSPEX_ERR_INVALID, "standard %s is rated twice",
                         padded);
        return NULL;
    }
    /* the judgement and its code in one piece of the arena */
    j = arena_alloc(insp, sizeof(*j) + INSPEX__CODE_MAX + 1);
    if (j == NULL) {
        inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return NULL;
    }
    j->owner = insp;
    j->hash = h;
    j->code = (char *)(j + 1);
    j->title = NULL;
    j->rating = NULL;
    j->strands = NULL;
    j->nstrands = j->capstrands = 0;
    memcpy(j->code, padded, INSPEX__CODE_MAX + 1); /* a fixed size: no call */
    if (ivec_push(insp, &insp->judgements, j) != 0) {
        inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return NULL;
    }
    insp->judged |= 1ULL << (h & 63);
    return j;
}

inspex_judgement_t *inspex__inspection_add_judgement_coded(
    inspex_inspection_t *insp, const char padded[INSPEX__CODE_MAX + 1],
    uint64_t h, inspex_error_t *err)
{
    return add_judgement_coded(insp, padded, h, err);
}

inspex_judgement_t *inspex_inspection_add_judgement(inspex_inspection_t *insp,
                                                    const char *code,
                                                    inspex_error_t *err)
{
    char padded[INSPEX__CODE_MAX + 1];
    uint64_t h;

    if (!standard_code(code, padded, &h)) {
        inspex_error_set(err, INSPEX_ERR_INVALID,
                         "invalid standard code \"%s\"", code);
        return NULL;
    }
    return add_judgement_coded(insp, padded, h, err);
}

size_t inspex_inspection_judgement_count(const inspex_inspection_t *insp)
{
    return insp->judgements.n;
}

inspex_judgement_t *inspex_inspection_judgement(const inspex_inspection_t *insp,
                                                size_t i)
{
    return i < insp->judgements.n ? insp->judgements.p[i] : NULL;
}

inspex_judgement_t *inspex_inspection_find_judgement(
    const inspex_inspection_t *insp, const char *code)
{
    if (insp->judgements.n == 0)
        return NULL;
    return find_hashed(insp, code, inspex_hash(code));
}

const char *inspex_judgement_code(const inspex_judgement_t *j)
{
    return j->code;
}

const char *inspex_judgement_title(const inspex_judgement_t *j)
{
    return j->title;
}

const char *inspex_judgement_rating(const inspex_judgement_t *j)
{
    return j->rating;
}

inspex_status_t inspex_judgement_set_title(inspex_judgement_t *j,
                                           const char *title,
                                           inspex_error_t *err)
{
    size_t len, bad;
    const char *t;
    char *v = NULL;
    ctx_t c;

    /* parse_value's text path, without the frame of its other kinds: a
     * judgement's title is set for every standard of every record */
    if (title != NULL) {
        len = strlen(title);
        if (inspex_utf8_check(title, len, &bad) != INSPEX_OK) {
            CTX_INIT(c, "title of standard ", j->code);
            return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                    "invalid UTF-8 in %s at byte %zu",
                                    ctx_text(&c), bad);
        }
        t = trimmed(title, &len);
        if (len > 0 && (v = arena_strndup(j->owner, t, len)) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    j->title = v;
    return INSPEX_OK;
}

/* A rating that is not a label or alias as written: checked, trimmed and
 * folded. Apart from the usual case, which so needs no frame. */
static INSPEX__NOINLINE inspex_status_t set_rating_slow(inspex_judgement_t *j,
                                                        const char *rating,
                                                        size_t len,
                                                        inspex_error_t *err)
{
    ctx_t c;
    const char *label;
    char tmp[128];
    size_t bad;
    const char *t;

    CTX_INIT(c, "standard ", j->code);
    if (inspex_utf8_check(rating, len, &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in %s at byte %zu", ctx_text(&c),
                                bad);
    t = trimmed(rating, &len);
    if (len == 0) {
        j->rating = NULL;
        return INSPEX_OK;
    }
    if (len >= sizeof(tmp)) {
        inspex__rating(rating, ctx_text(&c), err);
        return INSPEX_ERR_INVALID;
    }
    memcpy(tmp, t, len);
    tmp[len] = '\0';
    label = inspex__rating(tmp, NULL, NULL);
    if (label == NULL) {
        inspex__rating(tmp, ctx_text(&c), err);
        return INSPEX_ERR_INVALID;
    }
    j->rating = label;
    return INSPEX_OK;
}

inspex_status_t inspex_judgement_set_rating(inspex_judgement_t *j,
                                            const char *rating,
                                            inspex_error_t *err)
{
    const char *label;
    size_t len;

    /* Ratings are the hot path of a ratings table: the stored form is the
     * vocabulary's, interned for the program's life, so store it without
     * a copy. */
    if (rating == NULL) {
        j->rating = NULL;
        return INSPEX_OK;
    }
    len = strlen(rating);
    if ((label = inspex__rating_exact_n(rating, len)) != NULL) {
        j->rating = label;
        return INSPEX_OK;
    }
    return set_rating_slow(j, rating, len, err);
}

void inspex__judgement_set_label(inspex_judgement_t *j, const char *label)
{
    j->rating = label;
}

/* A plan's titles are a few strings; a program reading many tables may
 * see many, so the pool takes at most this much of them. */
#define TITLES_INTERNED_MAX ((size_t)1 << 20)

const char *inspex__text_interned(const char *value)
{
    size_t len = strlen(value), bad;
    const char *t;
    char buf[256];

    if (inspex_utf8_check(value, len, &bad) != INSPEX_OK)
        return NULL;
    t = trimmed(value, &len);
    if (len == 0 || len >= sizeof(buf))
        return NULL;
    memcpy(buf, t, len);
    buf[len] = '\0';
    return inspex__intern_capped(buf, TITLES_INTERNED_MAX);
}

void inspex__judgement_set_title_interned(inspex_judgement_t *j, const char *s)
{
    j->title = s;
}

inspex_status_t inspex_judgement_add_strand(inspex_judgement_t *j,
                                            const char *name, int numerator,
                                            int denominator,
                                            inspex_error_t *err)
{
    char *n = NULL;
    inspex_status_t st;
    ctx_t c;
    inspex_inspection_t *insp = j->owner;

    if (denominator <= 0 || numerator < 0 || numerator > denominator)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "strand \"%s\" of standard %s: %d of %d cases "
                                "is not a share",
                                name, j->code, numerator, denominator);
    CTX_INIT(c, "strand of standard ", j->code);
    st = parse_value(insp, INSPEX_KIND_TEXT, name, 0, &c, &n, err);
    if (st != INSPEX_OK)
        return st;
    if (n == NULL)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "a strand of standard %s has no name", j->code);
    if (j->nstrands == j->capstrands) {
        size_t cap = j->capstrands ? j->capstrands * 2 : 4;
        strand_t *s = arena_alloc(insp, cap * sizeof(*s));
        if (s == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        if (j->nstrands)
            memcpy(s, j->strands, j->nstrands * sizeof(*s));
        j->strands = s;
        j->capstrands = cap;
    }
    j->strands[j->nstrands].name = n;
    j->strands[j->nstrands].numerator = numerator;
    j->strands[j->nstrands].denominator = denominator;
    j->nstrands++;
    return INSPEX_OK;
}

size_t inspex_judgement_strand_count(const inspex_judgement_t *j)
{
    return j->nstrands;
}

int inspex_judgement_strand(const inspex_judgement_t *j, size_t i,
                            const char **name, int *numerator, int *denominator)
{
    if (i >= j->nstrands)
        return 0;
    if (name)
        *name = j->strands[i].name;
    if (numerator)
        *numerator = j->strands[i].numerator;
    if (denominator)
        *denominator = j->strands[i].denominator;
    return 1;
}

/* ---- items -------------------------------------------------------------- */

inspex_item_t *inspex_inspection_add_item(inspex_inspection_t *insp,
                                          inspex_item_kind_t kind)
{
    inspex_item_t *item;

    if ((unsigned)kind >= INSPEX_ITEM__COUNT)
        return NULL;
    item = arena_alloc(insp, sizeof(*item));
    if (item == NULL)
        return NULL;
    memset(item, 0, sizeof(*item));
    item->owner = insp;
    item->kind = kind;
    if (ivec_push(insp, &insp->items[kind], item) != 0)
        return NULL;
    return item;
}

size_t inspex_inspection_item_count(const inspex_inspection_t *insp,
                                    inspex_item_kind_t kind)
{
    return (unsigned)kind < INSPEX_ITEM__COUNT ? insp->items[kind].n : 0;
}

inspex_item_t *inspex_inspection_item(const inspex_inspection_t *insp,
                                      inspex_item_kind_t kind, size_t i)
{
    if ((unsigned)kind >= INSPEX_ITEM__COUNT || i >= insp->items[kind].n)
        return NULL;
    return insp->items[kind].p[i];
}

inspex_item_kind_t inspex_item_kind(const inspex_item_t *item)
{
    return item->kind;
}

static int kind_has(inspex_item_kind_t kind, inspex_attr_t attr)
{
    size_t n;
    const inspex_attr_t *a = inspex_item_attrs(kind, &n);

    for (size_t i = 0; i < n; i++)
        if (a[i] == attr)
            return 1;
    return 0;
}

inspex_status_t inspex_item_set(inspex_item_t *item, inspex_attr_t attr,
                                const char *value, unsigned flags,
                                inspex_error_t *err)
{
    char *v;
    inspex_status_t st;
    ctx_t c;

    if ((unsigned)attr >= INSPEX_ATTR__COUNT || !kind_has(item->kind, attr))
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "a %s has no attribute %d",
                                inspex_item_kind_name(item->kind), (int)attr);
    /* "action due", formatted only for a message */
    CTX_JOIN(c, inspex_item_kind_name(item->kind), " ", inspex_attr_name(attr));
    st = parse_value(item->owner, inspex_attr_kind(attr), value, flags, &c, &v,
                     err);
    if (st != INSPEX_OK)
        return st;
    item->v[attr] = v;
    return INSPEX_OK;
}

const char *inspex_item_get(const inspex_item_t *item, inspex_attr_t attr)
{
    return (unsigned)attr < INSPEX_ATTR__COUNT ? item->v[attr] : NULL;
}

/* ---- extra -------------------------------------------------------------- */

inspex_status_t inspex_inspection_add_extra(inspex_inspection_t *insp,
                                            const char *key, const char *value,
                                            inspex_error_t *err)
{
    size_t bad, klen = strlen(key), vlen = strlen(value);
    char *k, *v;

    if (inspex_utf8_check(key, klen, &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in field name at byte %zu", bad);
    if (inspex_utf8_check(value, vlen, &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in field \"%s\" at byte %zu",
                                key, bad);
    /* Kept exactly as given: extra values round-trip byte for byte. */
    k = arena_strndup(insp, key, klen);
    v = arena_strndup(insp, value, vlen);
    if (k == NULL || v == NULL || ivec_push(insp, &insp->extra, k) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (ivec_push(insp, &insp->extra, v) != 0) {
        insp->extra.n--;
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    return INSPEX_OK;
}

size_t inspex_inspection_extra_count(const inspex_inspection_t *insp)
{
    return insp->extra.n / 2;
}

const char *inspex_inspection_extra_key(const inspex_inspection_t *insp,
                                        size_t i)
{
    return i < insp->extra.n / 2 ? insp->extra.p[2 * i] : NULL;
}

const char *inspex_inspection_extra_value(const inspex_inspection_t *insp,
                                          size_t i)
{
    return i < insp->extra.n / 2 ? insp->extra.p[2 * i + 1] : NULL;
}

/* ---- equality ----------------------------------------------------------- */

static int str_eq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Copies a string into d's arena; *ok drops to 0 when out of memory. */
static char *copy_in(inspex_inspection_t *d, const char *s, int *ok)
{
    char *c;

    if (s == NULL)
        return NULL;
    c = arena_strdup(d, s);
    if (c == NULL)
        *ok = 0;
    return c;
}

inspex_inspection_t *inspex_inspection_clone(const inspex_inspection_t *src)
{
    inspex_inspection_t *d = inspex_inspection_new();
    int ok = 1;

    if (d == NULL)
        return NULL;
    /* Values are copied as stored: already checked and canonical; a
     * rating is the vocabulary's interned pointer, shared. */
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        d->f[f] = inspex__fields[f].kind == INSPEX_KIND_RATING
                      ? src->f[f]
                      : copy_in(d, src->f[f], &ok);
    for (size_t i = 0; ok && i < src->judgements.n; i++) {
        const inspex_judgement_t *sj = src->judgements.p[i];
        inspex_judgement_t *j = inspex_inspection_add_judgement(d, sj->code,
                                                                NULL);
        if (j == NULL) {
            ok = 0;
            break;
        }
        j->title = copy_in(d, sj->title, &ok);
        j->rating = sj->rating; /* interned: for the program's life */
        if (sj->nstrands) {
            j->strands = arena_alloc(d, sj->nstrands * sizeof(strand_t));
            if (j->strands == NULL) {
                ok = 0;
                break;
            }
            j->nstrands = j->capstrands = sj->nstrands;
            for (size_t k = 0; k < sj->nstrands; k++) {
                j->strands[k] = sj->strands[k];
                j->strands[k].name = copy_in(d, sj->strands[k].name, &ok);
            }
        }
    }
    for (int k = 0; ok && k < INSPEX_ITEM__COUNT; k++)
        for (size_t i = 0; ok && i < src->items[k].n; i++) {
            const inspex_item_t *si = src->items[k].p[i];
            inspex_item_t *it =
                inspex_inspection_add_item(d, (inspex_item_kind_t)k);
            if (it == NULL) {
                ok = 0;
                break;
            }
            for (int a = 0; a < INSPEX_ATTR__COUNT; a++)
                it->v[a] = copy_in(d, si->v[a], &ok);
        }
    for (size_t i = 0; ok && i < src->extra.n; i++) {
        char *c = copy_in(d, src->extra.p[i], &ok);
        if (ok && ivec_push(d, &d->extra, c) != 0)
            ok = 0;
    }
    if (ok && src->origin &&
        inspex_inspection_set_origin(d, src->origin, src->origin_line) !=
            INSPEX_OK)
        ok = 0;
    if (!ok) {
        inspex_inspection_free(d);
        return NULL;
    }
    return d;
}

int inspex_inspection_equal(const inspex_inspection_t *a,
                            const inspex_inspection_t *b)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (!str_eq(a->f[f], b->f[f]))
            return 0;
    /* Judgements are keyed by code: their order carries no meaning. */
    if (a->judgements.n != b->judgements.n)
        return 0;
    for (size_t i = 0; i < a->judgements.n; i++) {
        const inspex_judgement_t *x = a->judgements.p[i];
        const inspex_judgement_t *y = inspex_inspection_find_judgement(b,
                                                                       x->code);
        if (y == NULL || !str_eq(x->title, y->title) ||
            !str_eq(x->rating, y->rating) || x->nstrands != y->nstrands)
            return 0;
        for (size_t s = 0; s < x->nstrands; s++)
            if (!str_eq(x->strands[s].name, y->strands[s].name) ||
                x->strands[s].numerator != y->strands[s].numerator ||
                x->strands[s].denominator != y->strands[s].denominator)
                return 0;
    }
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        if (a->items[k].n != b->items[k].n)
            return 0;
        for (size_t i = 0; i < a->items[k].n; i++) {
            const inspex_item_t *x = a->items[k].p[i], *y = b->items[k].p[i];
            for (int at = 0; at < INSPEX_ATTR__COUNT; at++)
                if (!str_eq(x->v[at], y->v[at]))
                    return 0;
        }
    }
    if (a->extra.n != b->extra.n)
        return 0;
    for (size_t i = 0; i < a->extra.n; i++)
        if (!str_eq(a->extra.p[i], b->extra.p[i]))
            return 0;
    return 1;
}

/* ---- datasets ----------------------------------------------------------- */

inspex_dataset_t *inspex_dataset_new(void)
{
    return calloc(1, sizeof(inspex_dataset_t));
}

void inspex_dataset_free(inspex_dataset_t *ds)
{
    if (ds == NULL)
        return;
    for (size_t i = 0; i < ds->inspections.n; i++)
        inspex_inspection_free(ds->inspections.p[i]);
    free(ds->inspections.p);
    free(ds);
}

inspex_status_t inspex_dataset_take(inspex_dataset_t *ds,
                                    inspex_inspection_t *insp)
{
    if (vec_push(&ds->inspections, insp) != 0) {
        inspex_inspection_free(insp);
        return INSPEX_ERR_NOMEM;
    }
    return INSPEX_OK;
}

size_t inspex_dataset_count(const inspex_dataset_t *ds)
{
    return ds->inspections.n;
}

inspex_inspection_t *inspex_dataset_at(const inspex_dataset_t *ds, size_t i)
{
    return i < ds->inspections.n ? ds->inspections.p[i] : NULL;
}
