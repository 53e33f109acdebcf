/* SPDX-License-Identifier: MIT */
/* check.c - holding inspections to their frameworks: inference, score
 * computation and the validation checks. */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/buf.h>
#include <inspex/framework.h>

#include "internal.h"
#include "framework_impl.h"

/* A seen (body, publication date) pair, as a 64-bit fingerprint, and
 * the line it was seen at: 12 bytes an inspection, whatever the strings.
 * Its source is kept once for each run of entries from the same one
 * (source_run_t). */
typedef struct seen {
    uint32_t fp_lo, fp_hi;
    uint32_t line;
} seen_t;

/* The entries from first on (to the next run's first) came from source
 * (an index into sources). */
typedef struct source_run {
    size_t first;
    uint32_t source;
} source_run_t;

/* The seen pairs are kept in the order seen, in chunks that never move,
 * and found through an index of their numbers (open addressing, linear
 * probing, 8 bytes a slot: the entry's number + 1 in the low half, 32 bits
 * of its fingerprint that slot() does not read in the high half, so a
 * probe reads an entry only when those match: on a large input each
 * entry read is a cache miss, and most probes end in the index). The
 * index grows by half, rebuilt from the chunks after the old one is
 * freed: growth copies no entry, and the peak is the entries and one
 * index. */
#define SEEN_CHUNK 4096

struct inspex_checker {
    const inspex_frameworks_t *set;
    inspex_problem_fn fn;
    void *ud;
    void (*note)(void *, const char *);
    void *note_ud;
    seen_t **chunk; /* SEEN_CHUNK entries each, nseen in all */
    size_t nchunks;
    uint64_t *index; /* capseen slots (SLOT_*), 0 empty */
    size_t nseen, capseen;
    size_t limit; /* most inspections remembered; 0: no limit */
    int limit_said;
    char **sources; /* distinct source names */
    size_t nsources;
    source_run_t *runs; /* the entries' sources, in the entries' order */
    size_t nruns;
    const inspex_framework_t *last_fw; /* the framework named last */
    long last_fwi;                     /* its place in the set */
    struct ratings *ratings;           /* ratings by address */
    int quiet;                         /* warnings are not wanted */
    inspex_problem_wanted_fn wanted;   /* asked before a warning is made */
    void *wanted_ud;
    struct shapes *shapes; /* inference once per shape */
};

struct shapes;
static void shapes_free(struct shapes *s);

/* ---- ratings by address -------------------------------------------------
 *
 * A rating in the model is the vocabulary's interned pointer (rating.c),
 * the same for the program's life, and a stream has a handful of them:
 * each one's place on every framework's scale is looked up once and kept
 * here, by its address. */

#define RATINGS_SLOTS 64 /* a power of two */
#define RATINGS_FILL 48  /* most words kept; past it, the scales are asked */

typedef struct ratings {
    size_t nfw, n;
    const char *word[RATINGS_SLOTS]; /* NULL: empty */
    /* bit f: the word is on framework f's scale (the first 64) */
    uint64_t on[RATINGS_SLOTS];
    signed char *index; /* RATINGS_SLOTS * nfw: its place, -1 off the scale */
} ratings_t;

static void ratings_free(ratings_t *t)
{
    if (t)
        free(t->index);
    free(t);
}

/* The table, made for the set's frameworks (again when there are more
 * than it was made for); NULL when out of memory. */
static ratings_t *ratings_of(inspex_checker_t *c)
{
    size_t nfw = inspex_frameworks_count(c->set);
    ratings_t *t = c->ratings;

    if (t && t->nfw == nfw)
        return t;
    ratings_free(t);
    c->ratings = NULL;
    c->last_fw = NULL; /* its place in the set is found again */
    if ((t = calloc(1, sizeof(*t))) == NULL)
        return NULL;
    if ((t->index = malloc(RATINGS_SLOTS * (nfw ? nfw : 1))) == NULL) {
        free(t);
        return NULL;
    }
    t->nfw = nfw;
    c->ratings = t;
    return t;
}

static inline size_t rating_hash(const char *word)
{
    return (size_t)(((uint64_t)(uintptr_t)word * 0x9E3779B97F4A7C15ULL) >> 58);
}

/* rating_slot past its first probe. */
static INSPEX__NOINLINE long rating_slot_more(inspex_checker_t *c,
                                              const char *word)
{
    ratings_t *t = c->ratings;
    size_t h = rating_hash(word);

    if (t == NULL)
        return -1;
    while (t->word[h] != word) {
        if (t->word[h] == NULL) {
            if (t->n >= RATINGS_FILL)
                return -1;
            t->word[h] = word;
            t->on[h] = 0;
            t->n++;
            for (size_t f = 0; f < t->nfw; f++) {
                int k = inspex_framework_rating_index(
                    inspex_frameworks_get(c->set, f), word);
                t->index[h * t->nfw + f] = (signed char)(k < 0 ? -1 : k);
                if (k >= 0 && f < 64)
                    t->on[h] |= (uint64_t)1 << f;
            }
            break;
        }
        h = (h + 1) & (RATINGS_SLOTS - 1);
    }
    return (long)h;
}

/* The slot of word in the table (made for the set's frameworks by
 * inspex_check), filled in when new; -1 when the table is full or out of
 * memory: the caller asks the framework itself. */
static inline long rating_slot(inspex_checker_t *c, const char *word)
{
    const ratings_t *t = c->ratings;
    size_t h = rating_hash(word);

    if (t && t->word[h] == word)
        return (long)h;
    return rating_slot_more(c, word);
}

typedef struct run {
    inspex_checker_t *c;
    inspex_inspection_t *insp;
    const char *source;
    unsigned long line;
    const char *body;
    const char *published;
    const char *label; /* body, else local authority, else "" */
    long fwi;          /* the framework's place in the set, -1 unknown */
    /* the dates, read once */
    inspex_date_t start, end, pub;
    int has_start, has_end, has_pub;
    int errors;
    int oom;
    /* with no framework settled: the maximum score every framework that
     * fits equally shares (they all score out of 36, say), else 0 */
    int tie_max;
    /* judgement i's place on the scale, found by check_ratings for
     * check_score: -2 unknown yet, -1 off the scale or unrated */
    signed char rindex[64];
    /* 1 when judgement i is the framework's standard i, as check_ratings
     * found: check_score need not compare their codes again */
    unsigned char in_place[64];
    /* standard s's judgement, as check_ratings found it: its index + 1,
     * 0 none found; and 1 when every judgement was found so, so that a
     * standard with none has none */
    unsigned char judgement_of[64];
    int all_found;
    uint64_t fp; /* the duplicate fingerprint, 0 when body or date is "" */
} run_t;

#define RINDEX_UNKNOWN (-2)

/* inspex_framework_rating_index through the table, when fw is the
 * framework at r->fwi. */
static inline int index_on(run_t *r, const inspex_framework_t *fw,
                           const char *word)
{
    long h;

    if (r->fwi >= 0 && (h = rating_slot(r->c, word)) >= 0)
        return r->c->ratings
            ->index[(size_t)h * r->c->ratings->nfw + (size_t)r->fwi];
    return inspex_framework_rating_index(fw, word);
}

/* The scale index of judgement i's rating (j), remembered per run. A
 * rating the setter stored as a spelling, not as a label (a word that
 * names different labels on different loaded scales), is settled here to
 * the label it has on this scale. */
static inline int rating_index_of(run_t *r, const inspex_framework_t *fw,
                                  size_t i, inspex_judgement_t *j)
{
    const char *rating = inspex_judgement_rating(j);
    int k;

    if (i < sizeof(r->rindex) && r->rindex[i] != RINDEX_UNKNOWN)
        return r->rindex[i];
    k = rating ? index_on(r, fw, rating) : -1;
    if (k >= 0 && fw->scale[k].label != rating)
        inspex__judgement_set_label(j, fw->scale[k].label);
    if (i < sizeof(r->rindex))
        r->rindex[i] = (signed char)(k < 0 ? -1 : k);
    return k < 0 ? -1 : k;
}

/* The scale index of the overall rating, settled as a judgement's is. */
static int overall_index(run_t *r, const inspex_framework_t *fw,
                         const char *overall)
{
    int k = index_on(r, fw, overall);

    if (k >= 0 && fw->scale[k].label != overall)
        inspex__inspection_set_label(r->insp, INSPEX_FIELD_OVERALL_RATING,
                                     fw->scale[k].label);
    return k;
}

inspex_checker_t *inspex_checker_new(const inspex_frameworks_t *set,
                                     inspex_problem_fn fn, void *userdata)
{
    inspex_checker_t *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->set = set;
    c->fn = fn;
    c->ud = userdata;
    return c;
}

void inspex_checker_free(inspex_checker_t *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nchunks; i++)
        free(c->chunk[i]);
    free(c->chunk);
    free(c->index);
    inspex__free_names(c->sources, c->nsources);
    free(c->runs);
    shapes_free(c->shapes);
    ratings_free(c->ratings);
    free(c);
}

void inspex_checker_set_duplicate_limit(inspex_checker_t *c, size_t limit)
{
    c->limit = limit;
}

void inspex_checker_set_warnings(inspex_checker_t *c, int wanted)
{
    c->quiet = !wanted;
}

void inspex_checker_set_wanted(inspex_checker_t *c, inspex_problem_wanted_fn fn,
                               void *userdata)
{
    c->wanted = fn;
    c->wanted_ud = userdata;
}

void inspex_checker_set_note(inspex_checker_t *c,
                             void (*note)(void *userdata, const char *text),
                             void *userdata)
{
    c->note = note;
    c->note_ud = userdata;
}

static void report(run_t *r, inspex_severity_t sev, const char *check,
                   const char *fmt, ...) INSPEX_PRINTF(4, 5);

static void report(run_t *r, inspex_severity_t sev, const char *check,
                   const char *fmt, ...)
{
    va_list ap;
    char *msg;
    inspex_problem_t p;

    /* a warning nobody will see is not formatted */
    if (sev == INSPEX_WARNING && (r->c->quiet || r->c->fn == NULL))
        return;
    p.severity = sev;
    p.check = check;
    p.message = NULL;
    p.source = r->source;
    p.line = r->line;
    p.body = r->body;
    p.published = r->published;
    p.label = r->label;
    /* nor one whose text the caller has no use for (counted, say) */
    if (sev == INSPEX_WARNING && r->c->wanted &&
        !r->c->wanted(r->c->wanted_ud, &p))
        return;
    va_start(ap, fmt);
    msg = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (msg == NULL) {
        r->oom = 1;
        return;
    }
    if (sev == INSPEX_ERROR)
        r->errors++;
    p.message = msg;
    if (r->c->fn)
        r->c->fn(r->c->ud, &p);
    free(msg);
}

static void note(run_t *r, const char *fmt, ...) INSPEX_PRINTF(2, 3);

static void note(run_t *r, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (r->c->note == NULL)
        return;
    va_start(ap, fmt);
    msg = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (msg)
        r->c->note(r->c->note_ud, msg);
    free(msg);
}

/* Compares two possibly partial dates at the precision both have: 0 when
 * they agree as far as both go. */
static int cmp_common(const inspex_date_t *a, const inspex_date_t *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month == 0 || b->month == 0)
        return 0;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day == 0 || b->day == 0)
        return 0;
    return a->day == b->day ? 0 : (a->day < b->day ? -1 : 1);
}

/* 1 when d falls inside the framework's dates in force. */
static int in_force(const inspex_framework_t *fw, const inspex_date_t *d)
{
    if (fw->from.year && cmp_common(d, &fw->from) < 0)
        return 0;
    if (fw->to.year && cmp_common(d, &fw->to) > 0)
        return 0;
    return 1;
}

/* 1 when code is a standard of fw, a key question of one ("1.1.2"), or a
 * domain code of one. */
static int belongs(const inspex_framework_t *fw, const char *code)
{
    size_t len = strlen(code);
    const char *dot = strrchr(code, '.');

    if (inspex_framework_find_standard(fw, code) >= 0)
        return 1;
    for (size_t i = 0; i < inspex_framework_standard_count(fw); i++) {
        const char *sc, *dom;
        inspex_framework_standard(fw, i, &sc, NULL, &dom, NULL);
        if (dom && strcmp(dom, code) == 0)
            return 1;
        if (dot && (size_t)(dot - code) == strlen(sc) &&
            strncmp(sc, code, (size_t)(dot - code)) == 0 && len > strlen(sc))
            return 1;
    }
    return 0;
}

/* ---- framework inference ------------------------------------------------ */

/* Reports come out months after their fieldwork: a framework that ended
 * up to this many months before the publication may still be the one an
 * inspection was rated under (Kent, published October 2021, was rated on
 * the 2018 standards, which ended in July 2021). */
#define PUBLICATION_LAG_MONTHS 6

/* 1 when an inspection published on p (its fieldwork unknown) may have
 * been rated under fw: the fieldwork, some time in the months up to p,
 * overlaps fw's dates in force. Near a change more than one framework
 * fits, and the standards' titles decide, or nothing does. */
static int published_within(const inspex_framework_t *fw,
                            const inspex_date_t *p)
{
    inspex_date_t from, to, early = *p;

    inspex_framework_in_force(fw, &from, &to);
    if (early.month) {
        early.month -= PUBLICATION_LAG_MONTHS;
        early.day = 0;
        if (early.month < 1) {
            early.month += 12;
            early.year--;
        }
    }
    if (from.year && cmp_common(p, &from) < 0)
        return 0;
    if (to.year && cmp_common(&early, &to) > 0)
        return 0;
    return 1;
}

/* How well fw fits an inspection is decided in two halves, so that the
 * half that follows from the record's shape (its inspectorate and its
 * judgements' codes and titles: for a table, its header) is worked out
 * once per shape (shape_scores below) and only the other half, what
 * varies record by record (dates, ratings), for every record. A rule
 * that reads only the inspectorate or the judgements' codes and titles
 * belongs in fit_shape; one that reads anything else in fit_record; and
 * anything new that fit_shape reads must be added to shape_key. */

/* The shape's half: -1 when fw cannot be the framework of an inspection
 * of this shape, else a score (one for each standard it has, one for
 * each title that agrees). */
static int fit_shape(const inspex_framework_t *fw,
                     const inspex_inspection_t *insp)
{
    const char *insp_by = inspex_inspection_get(insp,
                                                INSPEX_FIELD_INSPECTORATE);
    int score = 0;

    if (insp_by &&
        inspex__strcasecmp(insp_by, inspex_framework_inspectorate(fw)) != 0)
        return -1;
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        const char *title = inspex_judgement_title(j);
        int k = inspex_framework_find_standard(fw, inspex_judgement_code(j));

        if (k < 0) {
            if (inspex_framework_standards_complete(fw) &&
                !belongs(fw, inspex_judgement_code(j)))
                return -1;
            continue;
        }
        score++;
        if (title) {
            const char *ftitle;
            char a[128], b[128];
            inspex_framework_standard(fw, (size_t)k, NULL, &ftitle, NULL, NULL);
            if (strcmp(inspex_match_key(title, a, sizeof(a)),
                       inspex_match_key(ftitle, b, sizeof(b))) == 0)
                score++;
        }
    }
    return score;
}

/* Into *on, bit f for each framework f of the set (the first 64) on
 * whose scale every rating of insp is; 0 when the ratings table cannot
 * say (full, or more frameworks than bits), else 1. */
static int rated_on(inspex_checker_t *c, const inspex_inspection_t *insp,
                    uint64_t *on)
{
    uint64_t m = ~(uint64_t)0;
    const char *overall = inspex_inspection_get(insp,
                                                INSPEX_FIELD_OVERALL_RATING);
    size_t n = inspex_inspection_judgement_count(insp);
    long h;

    if (inspex_frameworks_count(c->set) > 64)
        return 0;
    if (overall) {
        if ((h = rating_slot(c, overall)) < 0)
            return 0;
        m &= c->ratings->on[h];
    }
    for (size_t i = 0; i < n; i++) {
        const char *rating = inspex_judgement_rating(
            inspex_inspection_judgement(insp, i));
        if (rating == NULL)
            continue;
        if ((h = rating_slot(c, rating)) < 0)
            return 0;
        m &= c->ratings->on[h];
    }
    *on = m;
    return 1;
}

/* The record's half: 1 when fw, framework f of the set, can be its
 * framework by its date (d, of the fieldwork's start when which is 1,
 * else of the publication when 2; 0: neither) and ratings (on: as
 * rated_on says, or NULL: asked of fw). */
static int fit_record(const inspex_framework_t *fw, size_t f,
                      const inspex_inspection_t *insp, int which,
                      const inspex_date_t *d, const uint64_t *on)
{
    const char *overall;

    /* the fieldwork decides; a publication only bounds it */
    if (which == 1 && !in_force(fw, d))
        return 0;
    if (which == 2 && !published_within(fw, d))
        return 0;
    if (on)
        return (int)((*on >> f) & 1);
    overall = inspex_inspection_get(insp, INSPEX_FIELD_OVERALL_RATING);
    if (overall && inspex_framework_rating_label(fw, overall) == NULL)
        return 0;
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        const char *rating = inspex_judgement_rating(
            inspex_inspection_judgement(insp, i));
        if (rating && inspex_framework_rating_label(fw, rating) == NULL)
            return 0;
    }
    return 1;
}

/* Which date an inspection's framework is inferred from: 1 fieldwork, 2
 * publication (into *d), 0 neither. */
static int inference_date(const run_t *r, inspex_date_t *d)
{
    if (r->has_start) {
        *d = r->start;
        return 1;
    }
    if (r->has_pub) {
        *d = r->pub;
        return 2;
    }
    return 0;
}

/* The shapes seen, each with fit_shape's answer for every framework of
 * the set: a stream has a handful of shapes (one for most tables; a few
 * where cells are empty), and at most SHAPES_MAX are kept, after which
 * the table starts again (memory stays flat whatever the input). */
#define SHAPES_MAX 256

typedef struct shape {
    uint64_t hash;
    size_t off, len; /* of its key in keys */
    size_t scores;   /* index of its first score in score */
} shape_t;

typedef struct shapes {
    size_t nfw; /* frameworks in the set */
    shape_t shape[SHAPES_MAX];
    size_t n, last; /* shapes held; the one found last */
    /* every shape's key, one after another, and 8 zero bytes after them,
     * so that a key is read eight bytes at a time */
    inspex_buf_t keys;
    int *score; /* SHAPES_MAX * nfw */
} shapes_t;

static void shapes_free(shapes_t *s)
{
    if (s == NULL)
        return;
    free(s->keys.p);
    free(s->score);
    free(s);
}

/* A key is each string fit_shape reads, in turn: its length (32 bits),
 * its bytes and a NUL; UINT32_MAX alone for a string that is not there.
 * The length first, so that no two sequences of strings share a key. */
static int key_add(inspex_buf_t *b, const char *text)
{
    uint32_t n = text ? (uint32_t)strlen(text) : UINT32_MAX;

    if (inspex_buf_add(b, &n, sizeof(n)) != 0)
        return -1;
    return text ? inspex_buf_add(b, text, (size_t)n + 1) : 0;
}

/* Adds insp's key to keys, with the 8 zero bytes after it. */
static int shape_key(inspex_buf_t *b, const inspex_inspection_t *insp)
{
    size_t n = inspex_inspection_judgement_count(insp);

    if (key_add(b, inspex_inspection_get(insp, INSPEX_FIELD_INSPECTORATE)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        if (key_add(b, inspex_judgement_code(j)) ||
            key_add(b, inspex_judgement_title(j)))
            return -1;
    }
    if (inspex_buf_reserve(b, 8) != 0)
        return -1;
    memset(b->p + b->len, 0, 8);
    return 0;
}

/* A mask of the first r (1 to 7) bytes of a word read from memory. */
static inline uint64_t first_bytes(size_t r)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return ~(uint64_t)0 << (8 * (8 - r));
#else
    return ((uint64_t)1 << (8 * r)) - 1;
#endif
}

/* 1 when the n bytes and the NUL at a (a key's string) are the string at
 * b (the model's), read eight bytes at a time: a key has 8 bytes after
 * it, and every string the model hands out INSPEX_STRING_PADDING after
 * its NUL; a shorter b differs at its NUL, in the word that holds it. */
static inline int same_text(const char *a, const char *b, size_t n)
{
    uint64_t x, y;

    for (n++; n >= 8; a += 8, b += 8, n -= 8) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return 0;
    }
    if (n == 0)
        return 1;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    return ((x ^ y) & first_bytes(n)) == 0;
}

/* 1 when text is the string the key at *p holds (and *p moves past it). */
static inline int key_next_is(const char **p, const char *text)
{
    uint32_t n;

    memcpy(&n, *p, sizeof(n));
    *p += sizeof(n);
    if (text == NULL || n == UINT32_MAX)
        return text == NULL && n == UINT32_MAX;
    if (!same_text(*p, text, n))
        return 0;
    *p += n + 1;
    return 1;
}

/* 1 when insp has the shape of shape i, compared in place. */
static int shape_same(const shapes_t *s, size_t i,
                      const inspex_inspection_t *insp)
{
    const char *p = s->keys.p + s->shape[i].off, *end = p + s->shape[i].len;
    size_t n = inspex_inspection_judgement_count(insp);

    if (!key_next_is(&p,
                     inspex_inspection_get(insp, INSPEX_FIELD_INSPECTORATE)))
        return 0;
    for (size_t k = 0; k < n; k++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, k);
        /* the key's end is checked before each string is read */
        if (p == end || !key_next_is(&p, inspex_judgement_code(j)) ||
            p == end || !key_next_is(&p, inspex_judgement_title(j)))
            return 0;
    }
    return p == end;
}

/* One string of a shape into the hash h: its length, then its bytes
 * eight at a time (the last word masked: the model's padding follows). */
static inline uint64_t hash_text(uint64_t h, const char *t)
{
    size_t n;
    uint64_t w;

    if (t == NULL)
        return (h ^ 0xFFFFFFFFULL) * 0xFF51AFD7ED558CCDULL;
    n = strlen(t);
    h = (h ^ n) * 0xFF51AFD7ED558CCDULL;
    for (; n >= 8; t += 8, n -= 8) {
        memcpy(&w, t, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    if (n) {
        memcpy(&w, t, 8);
        h = (h ^ (w & first_bytes(n))) * 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 29;
    }
    return h;
}

/* A hash of what the key of insp's shape holds, read in place. */
static uint64_t shape_hash(const inspex_inspection_t *insp)
{
    size_t n = inspex_inspection_judgement_count(insp);
    uint64_t h = hash_text(0x9E3779B97F4A7C15ULL,
                           inspex_inspection_get(insp,
                                                 INSPEX_FIELD_INSPECTORATE));

    for (size_t i = 0; i < n; i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        h = hash_text(h, inspex_judgement_code(j));
        h = hash_text(h, inspex_judgement_title(j));
    }
    return h;
}

/* fit_shape's answer for each framework of the set (in its order) for
 * insp's shape, from the table or worked out and added to it; NULL when
 * out of memory. The usual record, shaped as the one before it, is
 * compared with that one's key in place; another is found by a hash of
 * its strings, then compared; only a new shape's key is made. */
static const int *shape_scores(inspex_checker_t *c,
                               const inspex_inspection_t *insp)
{
    shapes_t *s = c->shapes;
    uint64_t h;
    shape_t *sh;

    if (s == NULL) {
        size_t nfw = inspex_frameworks_count(c->set);
        if ((s = calloc(1, sizeof(*s))) == NULL ||
            (s->score = malloc(SHAPES_MAX * (nfw ? nfw : 1) * sizeof(int))) ==
                NULL) {
            free(s);
            return NULL;
        }
        s->nfw = nfw;
        inspex_buf_init(&s->keys, 0);
        c->shapes = s;
    }
    if (s->n && shape_same(s, s->last, insp))
        return s->score + s->shape[s->last].scores;
    h = shape_hash(insp);
    for (size_t i = 0; i < s->n; i++)
        if (s->shape[i].hash == h && i != s->last && shape_same(s, i, insp)) {
            s->last = i;
            return s->score + s->shape[i].scores;
        }
    if (s->n == SHAPES_MAX) {
        s->n = 0;
        inspex_buf_reset(&s->keys);
    }
    sh = &s->shape[s->n];
    sh->hash = h;
    sh->off = s->keys.len;
    if (shape_key(&s->keys, insp) != 0) {
        s->keys.len = sh->off;
        return NULL;
    }
    sh->len = s->keys.len - sh->off;
    sh->scores = s->n * s->nfw;
    for (size_t i = 0; i < s->nfw; i++)
        s->score[sh->scores + i] = fit_shape(inspex_frameworks_get(c->set, i),
                                             insp);
    s->last = s->n++;
    return s->score + sh->scores;
}

/* The inspection's date as the messages show it, and what it is. */
static const char *inference_basis(int which, const inspex_date_t *d, char *buf,
                                   size_t size)
{
    buf[0] = '\0';
    if (which)
        inspex_date_format(d, buf, size);
    return which == 1 ? "fieldwork" : which == 2 ? "publication" : "no date";
}

/* Says (-v) what was inferred and why; formatted only when asked for. */
static void note_inferred(run_t *r, const inspex_framework_t *best, int which,
                          const inspex_date_t *d, int top)
{
    char why[160], datebuf[16], name[512];
    const char *basis;

    if (r->c->note == NULL)
        return;
    basis = inference_basis(which, d, datebuf, sizeof(datebuf));
    inspex_framework_in_force_text(best, why, sizeof(why));
    inspex__inspection_name(r->label, r->line, r->published, name,
                            sizeof(name));
    note(r,
         "%s%s%s: inferred framework %s: %s date %s within %s, "
         "inspectorate %s, %d matching standards and titles",
         r->source ? r->source : "", r->source ? ": " : "", name,
         inspex_framework_id(best), basis, datebuf[0] ? datebuf : "(none)", why,
         inspex_framework_inspectorate(best), top);
}

/* Keeps in r->tie_max the maximum score shared by the frameworks that
 * fit equally (first: fw is the first of them), or 0 when they differ or
 * one has none: a percentage can then still be turned into points. */
static void shared_max(run_t *r, const inspex_framework_t *fw, int first)
{
    int max = 0;

    if (!inspex_framework_scoring(fw, &max) || max <= 0)
        max = 0;
    if (first)
        r->tie_max = max;
    else if (r->tie_max != max)
        r->tie_max = 0;
}

static const inspex_framework_t *infer(run_t *r)
{
    const inspex_frameworks_t *set = r->c->set;
    const inspex_framework_t *best = NULL, *tie = NULL;
    int top = -1, nties = 0;
    char ties[512]; /* made only for a tie: not cleared in full */
    inspex_date_t d;
    const char *basis;
    char datebuf[16];
    int which = inference_date(r, &d);
    const int *shape = shape_scores(r->c, r->insp);
    uint64_t on_bits;
    const uint64_t *on = rated_on(r->c, r->insp, &on_bits) ? &on_bits : NULL;

    ties[0] = '\0';
    if (shape == NULL) {
        r->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < inspex_frameworks_count(set); i++) {
        const inspex_framework_t *fw = inspex_frameworks_get(set, i);
        int s = shape[i];
        if (s < 0 || !fit_record(fw, i, r->insp, which, &d, on))
            continue;
        if (s > top) {
            best = fw;
            r->fwi = (long)i;
            tie = NULL;
            top = s;
        } else if (s == top) {
            tie = fw;
        }
    }
    if (best && !tie) {
        note_inferred(r, best, which, &d, top);
        if (inspex_inspection_set(r->insp, INSPEX_FIELD_FRAMEWORK,
                                  inspex_framework_id(best), 0,
                                  NULL) != INSPEX_OK)
            r->oom = 1;
        return best;
    }
    /* Everything that fits as well as the best, for the message. */
    for (size_t i = 0; tie && i < inspex_frameworks_count(set); i++) {
        const inspex_framework_t *fw = inspex_frameworks_get(set, i);
        size_t used = strlen(ties);
        if (shape[i] != top || !fit_record(fw, i, r->insp, which, &d, on))
            continue;
        snprintf(ties + used, sizeof(ties) - used, "%s%s", nties ? ", " : "",
                 inspex_framework_id(fw));
        nties++;
        shared_max(r, fw, nties == 1);
    }
    basis = inference_basis(which, &d, datebuf, sizeof(datebuf));
    if (best == NULL) {
        report(r, INSPEX_WARNING, "framework-unknown",
               "no framework named, and none fits its inspectorate, %s%s%s, "
               "standards and ratings; no framework checks were made",
               basis, datebuf[0] ? " " : "", datebuf);
        return NULL;
    }
    report(r, INSPEX_WARNING, "framework-ambiguous",
           "no framework named, and %d fit equally (%s; %s%s%s%s, %d "
           "matching standards); name it in a framework column",
           nties, ties, basis, datebuf[0] ? " " : "", datebuf,
           which == 2 ? " with no fieldwork date, so the standards' titles "
                        "must decide and do not"
                      : "",
           top);
    return NULL;
}

/* ---- the checks --------------------------------------------------------- */

static void check_ratings(run_t *r, const inspex_framework_t *fw)
{
    char scale[256];
    const char *overall = inspex_inspection_get(r->insp,
                                                INSPEX_FIELD_OVERALL_RATING);

    /* The scale's text is only wanted in a message. */
    if (overall && overall_index(r, fw, overall) < 0) {
        inspex_framework_scale_text(fw, scale, sizeof(scale));
        report(r, INSPEX_ERROR, "rating-off-scale",
               "overall rating \"%s\" is not on the scale of %s (%s)", overall,
               inspex_framework_id(fw), scale);
    }
    size_t n = inspex_inspection_judgement_count(r->insp), next = 0, s;

    r->all_found = n < 255 && fw->nstd <= sizeof(r->judgement_of);
    for (size_t i = 0; i < n; i++) {
        inspex_judgement_t *j = inspex_inspection_judgement(r->insp, i);
        const char *code = inspex_judgement_code(j);
        const char *rating = inspex_judgement_rating(j);

        /* In framework order, judgement i is standard i; with standards
         * left out, one after the standard of the judgement before. */
        int here = i < fw->nstd && inspex__streq(fw->std[i].code, code);
        int found = here;
        if (here)
            s = i;
        else
            for (s = next; s < fw->nstd && !found; s++)
                found = inspex__streq(fw->std[s].code, code);
        if (found && !here)
            s--;
        if (found) {
            next = s + 1;
            if (s < sizeof(r->judgement_of) && i < 255)
                r->judgement_of[s] = (unsigned char)(i + 1);
        } else {
            r->all_found = 0;
        }
        if (here && i < sizeof(r->in_place))
            r->in_place[i] = 1;
        /* a standard's own code belongs; anything else is asked */
        if (!found && !belongs(fw, code))
            report(r,
                   inspex_framework_standards_complete(fw) ? INSPEX_ERROR
                                                           : INSPEX_WARNING,
                   "unknown-standard", "standard %s does not belong to %s",
                   code, inspex_framework_id(fw));
        if (rating && rating_index_of(r, fw, i, j) < 0) {
            inspex_framework_scale_text(fw, scale, sizeof(scale));
            report(r, INSPEX_ERROR, "rating-off-scale",
                   "rating \"%s\" for standard %s is not on the scale of %s "
                   "(%s)",
                   rating, code, inspex_framework_id(fw), scale);
        }
    }
}

/* Without a framework, a rating stored as a spelling of a word that names
 * different labels on different loaded scales cannot be settled: say so,
 * never guess. */
static void check_unsettled(run_t *r)
{
    char what[512];
    const char *overall;

    if (!inspex__rating_any_ambiguous())
        return;
    overall = inspex_inspection_get(r->insp, INSPEX_FIELD_OVERALL_RATING);
    if (overall && inspex__rating_ambiguous(overall, what, sizeof(what)))
        report(r, INSPEX_WARNING, "rating-ambiguous",
               "overall rating \"%s\" means %s, and no framework settles "
               "which; name it in a framework column",
               overall, what);
    for (size_t i = 0; i < inspex_inspection_judgement_count(r->insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(r->insp, i);
        const char *rating = inspex_judgement_rating(j);
        if (rating && inspex__rating_ambiguous(rating, what, sizeof(what)))
            report(r, INSPEX_WARNING, "rating-ambiguous",
                   "rating \"%s\" for standard %s means %s, and no framework "
                   "settles which; name it in a framework column",
                   rating, inspex_judgement_code(j), what);
    }
}

/* v in decimal into buf (24 bytes), as "%ld" writes it, without printf:
 * check_percent sets a score on most records of a percentage table. */
static const char *ltext(long v, char *buf)
{
    char *p = buf + 23;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

    *p = '\0';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

/* Decimal places written in a number's text ("44.44" has 2). */
static int decimals(const char *text)
{
    const char *dot = strchr(text, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

/* What a percentage of max comes to. */
typedef enum { PCT_WHOLE, PCT_NOT_WHOLE, PCT_UNKNOWN } pct_t;

/* The percentage text (a stored decimal: digits, then perhaps a point and
 * digits) of max as whole points, in exact integer arithmetic: the number
 * of points rounded half up into *whole, and whether the percentage is
 * that many points rounded to the places it shows (within half a unit of
 * its last place). PCT_UNKNOWN when the text is not such a decimal or its
 * numbers are too large for this; check_percent then does it in floating
 * point. With D the digits as an integer and d the places, the points are
 * D * max / (100 * 10^d), and the percentage is whole points when
 * |whole * 100 * 10^d - D * max| <= max / 2. */
static pct_t percent_exact(const char *pct, long max, long *whole)
{
    unsigned long long digits = 0, scale = 1; /* scale: 10^d */
    int places = -1, n = 0;
    unsigned __int128 num, den, w, err;

    for (const char *s = pct; *s; s++) {
        if (*s == '.' && places < 0 && s != pct && s[1]) {
            places = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || ++n > 18)
            return PCT_UNKNOWN;
        digits = digits * 10 + (unsigned long long)(*s - '0');
        if (places >= 0 && ++places > 6)
            return PCT_UNKNOWN;
    }
    if (n == 0)
        return PCT_UNKNOWN;
    for (int i = 0; i < places; i++)
        scale *= 10;
    /* floating point allows 1e-9 of a percent more than half a place: the
     * same answer while max * 10^d stays below 5e8 */
    if (max <= 0 || (unsigned long long)max >= 500000000ULL / scale)
        return PCT_UNKNOWN;
    num = (unsigned __int128)digits * (unsigned long long)max;
    den = (unsigned __int128)100 * scale;
    w = (2 * num + den) / (2 * den);
    if (w > (unsigned __int128)LONG_MAX)
        return PCT_UNKNOWN;
    *whole = (long)w;
    err = w * den > num ? w * den - num : num - w * den;
    return 2 * err > (unsigned __int128)max ? PCT_NOT_WHOLE : PCT_WHOLE;
}

/* The same in floating point, for what percent_exact cannot take; the
 * points, as the message shows them, into *points. */
static pct_t percent_float(const char *pct, long max, long *whole,
                           double *points)
{
    double p = strtod(pct, NULL), tol;

    *points = p * (double)max / 100.0;
    *whole = lround(*points);
    /* The percentage was rounded to the places it shows. */
    tol = 0.5 * pow(10.0, -decimals(pct)) + 1e-9;
    if (fabs((double)*whole * 100.0 / (double)max - p) > tol)
        return PCT_NOT_WHOLE;
    return PCT_WHOLE;
}

/* Sets a score field to v: the checks' own setter while v is a number
 * the model's stored form takes as it is. */
static void set_points(run_t *r, inspex_field_t field, long v)
{
    char buf[32];

    if (v >= 0 && v <= 100000000L) {
        if (inspex__inspection_set_count(r->insp, field, v) != 0)
            r->oom = 1;
    } else if (inspex_inspection_set(r->insp, field, ltext(v, buf), 0, NULL) !=
               INSPEX_OK) {
        r->oom = 1;
    }
}

static void check_percent(run_t *r, const inspex_framework_t *fw)
{
    const char *pct = inspex_inspection_get(r->insp,
                                            INSPEX_FIELD_SCORE_PERCENT);
    long max = 0, score;
    int fwmax;
    double points;
    long whole;
    pct_t got;

    if (pct == NULL)
        return;
    if (!inspex_inspection_get_int(r->insp, INSPEX_FIELD_SCORE_MAX, &max)) {
        if (fw && inspex_framework_scoring(fw, &fwmax))
            max = fwmax;
        else if (fw == NULL)
            max = r->tie_max; /* every framework that fits has it */
    }
    if (max <= 0) {
        report(r, INSPEX_ERROR, "score-percent",
               "score_percent %s cannot be turned into points: the maximum "
               "score is not known",
               pct);
        return;
    }
    got = percent_exact(pct, max, &whole);
    if (got == PCT_UNKNOWN)
        got = percent_float(pct, max, &whole, &points);
    if (got == PCT_NOT_WHOLE) {
        /* the message's points, as they always were */
        percent_float(pct, max, &whole, &points);
        report(r, INSPEX_ERROR, "score-percent",
               "score_percent %s is not a whole number of points out of %ld "
               "(%.2f points)",
               pct, max, points);
        return;
    }
    if (inspex_inspection_get_int(r->insp, INSPEX_FIELD_SCORE, &score)) {
        if (score != whole)
            report(r, INSPEX_ERROR, "score-mismatch",
                   "published score %ld differs from score_percent %s (%ld "
                   "points out of %ld)",
                   score, pct, whole, max);
        return;
    }
    set_points(r, INSPEX_FIELD_SCORE, whole);
    if (!inspex_inspection_get(r->insp, INSPEX_FIELD_SCORE_MAX))
        set_points(r, INSPEX_FIELD_SCORE_MAX, max);
}

static void check_score(run_t *r, const inspex_framework_t *fw)
{
    int max;
    long total = 0, published, pmax, lo, hi;
    char missing[256]; /* made only for a warning: not cleared in full */
    size_t used = 0, nmissing = 0;
    const char *overall = inspex_inspection_get(r->insp,
                                                INSPEX_FIELD_OVERALL_RATING);
    const char *band;
    const band_t *bd;
    int have_pub;

    missing[0] = '\0';
    if (!inspex_framework_scoring(fw, &max))
        return;
    for (size_t i = 0; i < fw->nstd; i++) {
        const char *code = fw->std[i].code;
        int k;
        unsigned at;
        inspex_judgement_t *j;

        if (!fw->std[i].counted)
            continue;
        /* check_ratings found most; tables list standards in the
         * framework's order: else look where it would be first */
        at = i < sizeof(r->judgement_of) ? r->judgement_of[i] : 0;
        j = at ? inspex_inspection_judgement(r->insp, at - 1u)
               : inspex_inspection_judgement(r->insp, i);
        if (at)
            k = rating_index_of(r, fw, at - 1u, j);
        else if (r->all_found)
            k = -1; /* every judgement is another standard's */
        else if (j && ((i < sizeof(r->in_place) && r->in_place[i]) ||
                       inspex__streq(inspex_judgement_code(j), code)))
            k = rating_index_of(r, fw, i, j);
        else if ((j = inspex_inspection_find_judgement(r->insp, code)) &&
                 inspex_judgement_rating(j))
            k = index_on(r, fw, inspex_judgement_rating(j));
        else
            k = -1;
        if (k < 0) {
            /* the list is for the warning alone: a code that does not
             * fit whole is left out */
            size_t n = strlen(code), sep = nmissing ? 2 : 0;
            if (!r->c->quiet && r->c->fn && used + sep + n < sizeof(missing)) {
                memcpy(missing + used, ", ", sep);
                memcpy(missing + used + sep, code, n + 1);
                used += sep + n;
            }
            nmissing++;
            continue;
        }
        total += fw->scale[k].points;
    }
    have_pub = inspex_inspection_get_int(r->insp, INSPEX_FIELD_SCORE,
                                         &published);
    if (inspex_inspection_get_int(r->insp, INSPEX_FIELD_SCORE_MAX, &pmax) &&
        pmax != max)
        report(r, INSPEX_ERROR, "score-max",
               "score is out of %ld, but %s scores out of %d", pmax,
               inspex_framework_id(fw), max);
    if (have_pub && (published < 0 || published > max)) {
        report(r, INSPEX_ERROR, "score-range",
               "published score %ld is outside 0 to %d", published, max);
        have_pub = 0;
    }
    if (have_pub && overall &&
        (band = inspex_framework_band(fw, published, &lo, &hi)) &&
        !inspex__streq(band, overall))
        report(r, INSPEX_ERROR, "band-mismatch",
               "overall rating %s is outside the band for a score of %ld "
               "(%ld-%ld: %s)",
               overall, published, lo, hi, band);
    if (nmissing) {
        report(r, INSPEX_WARNING, "standard-missing",
               "%zu counted standard%s not rated (%s): no score computed",
               nmissing, nmissing == 1 ? "" : "s", missing);
        return;
    }
    bd = inspex__band_of(fw, total);
    band = bd ? bd->rating : NULL;
    if (inspex__inspection_set_count(r->insp, INSPEX_FIELD_COMPUTED_SCORE,
                                     total) != 0)
        r->oom = 1;
    /* a band's rating is the scale's label, interned: stored as it is */
    if (band)
        inspex__inspection_set_label(r->insp, INSPEX_FIELD_COMPUTED_RATING,
                                     band);
    if (have_pub && published != total)
        report(r, INSPEX_ERROR, "score-mismatch",
               "published score %ld differs from the score computed from the "
               "standards, %ld",
               published, total);
    else if (!have_pub && overall && band && strcmp(band, overall) != 0)
        report(r, INSPEX_ERROR, "rating-mismatch",
               "published overall rating %s differs from the rating computed "
               "from the standards, %s (score %ld)",
               overall, band, total);
}

static void check_dates(run_t *r, const inspex_framework_t *fw)
{
    const inspex_date_t start = r->start, end = r->end, pub = r->pub;
    int has_start = r->has_start, has_end = r->has_end, has_pub = r->has_pub;
    char a[16], b[16];

    if (has_start && has_end && cmp_common(&start, &end) > 0) {
        inspex_date_format(&start, a, sizeof(a));
        inspex_date_format(&end, b, sizeof(b));
        report(r, INSPEX_ERROR, "date-order",
               "fieldwork starts %s, after it ends %s", a, b);
    }
    if (has_pub && (has_end || has_start)) {
        const inspex_date_t *last = has_end ? &end : &start;
        if (cmp_common(last, &pub) > 0) {
            inspex_date_format(last, a, sizeof(a));
            report(r, INSPEX_ERROR, "date-order",
                   "fieldwork %s %s, after publication %s",
                   has_end ? "ends" : "starts", a, r->published);
        }
    }
    if (fw && has_pub && !in_force(fw, &pub)) {
        char range[64];
        inspex_framework_in_force_text(fw, range, sizeof(range));
        report(r, INSPEX_WARNING, "out-of-force",
               "published %s, outside the dates %s was in force (%s)",
               r->published, inspex_framework_id(fw), range);
    }
    if (!has_pub)
        return;
    for (size_t i = 0;
         i < inspex_inspection_item_count(r->insp, INSPEX_ITEM_ACTION); i++) {
        const inspex_item_t *act = inspex_inspection_item(r->insp,
                                                          INSPEX_ITEM_ACTION,
                                                          i);
        const char *due = inspex_item_get(act, INSPEX_ATTR_DUE);
        const char *ref = inspex_item_get(act, INSPEX_ATTR_REFERENCE);
        inspex_date_t d;

        if (due && inspex_date_parse(due, 0, &d, NULL) == INSPEX_OK &&
            cmp_common(&d, &pub) < 0)
            report(r, INSPEX_WARNING, "due-before-publication",
                   "action %s is due %s, before publication %s",
                   ref ? ref : "(no reference)", due, r->published);
    }
}

/* The duplicate fingerprint of body and date (model strings, padded),
 * each with its length, eight bytes at a time, then mixed (MurmurHash3's
 * finaliser): slot() reads its top bits. */
static uint64_t fingerprint(const char *body, const char *date)
{
    uint64_t h = hash_text(hash_text(0x9E3779B97F4A7C15ULL, body), date);

    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

static size_t slot(uint64_t fp, size_t cap)
{
    return (size_t)(((unsigned __int128)fp * cap) >> 64);
}

/* An index slot of entry k, fingerprint fp; its entry; its tag. */
#define SLOT_OF(k, fp) (((uint64_t)(k) + 1) | (fp) << 32)
#define SLOT_ENTRY(v) ((size_t)((v)&0xFFFFFFFFu) - 1)
#define SLOT_TAG(v) ((v) >> 32)

static inline seen_t *seen_at(const inspex_checker_t *c, size_t k)
{
    return &c->chunk[k / SEEN_CHUNK][k % SEEN_CHUNK];
}

static inline uint64_t seen_fp(const seen_t *s)
{
    return (uint64_t)s->fp_hi << 32 | s->fp_lo;
}

/* The name of the source entry k came from. */
static const char *seen_source(const inspex_checker_t *c, size_t k)
{
    size_t lo = 0, hi = c->nruns; /* the last run with first <= k */

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->runs[mid].first <= k)
            lo = mid;
        else
            hi = mid;
    }
    return c->sources[c->runs[lo].source];
}

/* Puts entry k (its fingerprint fp) into the index. */
static void index_put(inspex_checker_t *c, size_t k, uint64_t fp)
{
    size_t h = slot(fp, c->capseen);

    while (c->index[h])
        h = h + 1 == c->capseen ? 0 : h + 1;
    c->index[h] = SLOT_OF(k, fp);
}

static int grow_seen(inspex_checker_t *c)
{
    size_t cap = c->capseen ? c->capseen + c->capseen / 2 : 1024;

    /* the old index goes first: the entries are all it held */
    free(c->index);
    c->capseen = 0;
    if ((c->index = calloc(cap, sizeof(*c->index))) == NULL)
        return -1;
    c->capseen = cap;
    for (size_t k = 0; k < c->nseen; k++)
        index_put(c, k, seen_fp(seen_at(c, k)));
    return 0;
}

/* A new entry at the end of the chunks; NULL when out of memory. */
static seen_t *seen_add(inspex_checker_t *c)
{
    if (c->nseen == c->nchunks * SEEN_CHUNK) {
        seen_t **p = realloc(c->chunk, (c->nchunks + 1) * sizeof(*p));
        if (p == NULL)
            return NULL;
        c->chunk = p;
        if ((p[c->nchunks] = malloc(SEEN_CHUNK * sizeof(seen_t))) == NULL)
            return NULL;
        c->nchunks++;
    }
    return seen_at(c, c->nseen);
}

/* The index of a source name in the checker's list, added if new. */
static long source_index(inspex_checker_t *c, const char *source)
{
    if (c->nsources && strcmp(c->sources[c->nsources - 1], source) == 0)
        return (long)c->nsources - 1;
    for (size_t i = 0; i < c->nsources; i++)
        if (strcmp(c->sources[i], source) == 0)
            return (long)i;
    char **p = realloc(c->sources, (c->nsources + 1) * sizeof(*p));
    if (p == NULL)
        return -1;
    c->sources = p;
    if ((p[c->nsources] = inspex__strdup(source)) == NULL)
        return -1;
    return (long)c->nsources++;
}

static void check_duplicate(run_t *r)
{
    inspex_checker_t *c = r->c;
    uint64_t fp;
    size_t h;
    long src;
    seen_t *e;

    if ((fp = r->fp) == 0)
        return;
    if (c->capseen) {
        for (h = slot(fp, c->capseen); c->index[h];
             h = h + 1 == c->capseen ? 0 : h + 1) {
            size_t k = SLOT_ENTRY(c->index[h]);
            const seen_t *s;
            if (SLOT_TAG(c->index[h]) != (uint32_t)fp ||
                (s = seen_at(c, k))->fp_hi != (uint32_t)(fp >> 32))
                continue;
            if (s->line)
                report(r, INSPEX_WARNING, "duplicate",
                       "duplicate inspection: %s published %s was already "
                       "read at %s:%u",
                       r->body, r->published, seen_source(c, k),
                       (unsigned)s->line);
            else
                report(r, INSPEX_WARNING, "duplicate",
                       "duplicate inspection: %s published %s was already "
                       "read from %s",
                       r->body, r->published, seen_source(c, k));
            return;
        }
    }
    /* the index numbers entries in 32 bits: 64 GiB of them */
    if (c->nseen >= UINT32_MAX - 1)
        return;
    if (c->limit && c->nseen >= c->limit) {
        if (!c->limit_said)
            report(r, INSPEX_WARNING, "duplicate",
                   "no more duplicates are looked for after %zu inspections, "
                   "to keep memory flat; 'inspex validate' looks through all",
                   c->limit);
        c->limit_said = 1;
        return;
    }
    if ((c->nseen + 1) * 20 >= c->capseen * 17 && grow_seen(c) != 0) {
        r->oom = 1;
        return;
    }
    src = source_index(c, r->source ? r->source : "");
    if (src < 0 || (e = seen_add(c)) == NULL) {
        r->oom = 1;
        return;
    }
    if (c->nruns == 0 || c->runs[c->nruns - 1].source != (uint32_t)src) {
        source_run_t *p = realloc(c->runs, (c->nruns + 1) * sizeof(*p));
        if (p == NULL) {
            r->oom = 1;
            return;
        }
        c->runs = p;
        p[c->nruns].first = c->nseen;
        p[c->nruns++].source = (uint32_t)src;
    }
    e->fp_lo = (uint32_t)fp;
    e->fp_hi = (uint32_t)(fp >> 32);
    e->line = r->line > UINT32_MAX ? 0 : (uint32_t)r->line;
    index_put(c, c->nseen, fp);
    c->nseen++;
}

int inspex_check(inspex_checker_t *c, inspex_inspection_t *insp)
{
    run_t r;
    const inspex_framework_t *fw = NULL;
    const char *id = inspex_inspection_get(insp, INSPEX_FIELD_FRAMEWORK);

    memset(&r, 0, sizeof(r));
    memset(r.rindex, RINDEX_UNKNOWN, sizeof(r.rindex));
    r.c = c;
    r.insp = insp;
    r.source = inspex_inspection_origin(insp, &r.line);
    r.body = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    r.published = inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED);
    if (r.body == NULL)
        r.body = "";
    if (r.published == NULL)
        r.published = "";
    r.label = inspex_inspection_label(insp);
    if (r.label == NULL)
        r.label = "";
    /* the duplicate index's slot, asked for now: on a large input it is
     * a cache miss, which the checks before check_duplicate then hide */
    if (r.body[0] != '\0' && r.published[0] != '\0') {
        r.fp = fingerprint(r.body, r.published);
        if (c->capseen)
            __builtin_prefetch(&c->index[slot(r.fp, c->capseen)]);
    }
    r.fwi = -1;
    ratings_of(c); /* NULL (out of memory): the scales are asked */
    r.has_start = inspex_inspection_get_date(insp, INSPEX_FIELD_FIELDWORK_START,
                                             &r.start);
    r.has_end = inspex_inspection_get_date(insp, INSPEX_FIELD_FIELDWORK_END,
                                           &r.end);
    r.has_pub = inspex_inspection_get_date(insp, INSPEX_FIELD_PUBLISHED,
                                           &r.pub);
    if (id) {
        /* a stream names the same framework record after record */
        if (c->last_fw && strcmp(inspex_framework_id(c->last_fw), id) == 0) {
            fw = c->last_fw;
        } else if ((fw = inspex_frameworks_find(c->set, id)) != NULL) {
            c->last_fw = fw;
            c->last_fwi = -1;
            for (size_t i = 0; i < inspex_frameworks_count(c->set); i++)
                if (inspex_frameworks_get(c->set, i) == fw)
                    c->last_fwi = (long)i;
        }
        r.fwi = fw ? c->last_fwi : -1;
        if (fw == NULL) {
            char known[512] = "";
            size_t used = 0;
            for (size_t i = 0; i < inspex_frameworks_count(c->set); i++) {
                int n = snprintf(known + used, sizeof(known) - used, "%s%s",
                                 i ? ", " : "",
                                 inspex_framework_id(
                                     inspex_frameworks_get(c->set, i)));
                if (n > 0 && (size_t)n < sizeof(known) - used)
                    used += (size_t)n;
            }
            report(&r, INSPEX_ERROR, "unknown-framework",
                   "framework \"%s\" is not known; known: %s", id,
                   known[0] ? known : "(none installed)");
        }
    } else {
        fw = infer(&r);
    }
    if (fw) {
        check_ratings(&r, fw);
        check_percent(&r, fw);
        check_score(&r, fw);
    } else {
        check_unsettled(&r);
        check_percent(&r, NULL);
    }
    check_dates(&r, fw);
    check_duplicate(&r);
    return r.oom ? -1 : r.errors;
}

size_t inspex__inspection_name(const char *label, unsigned long line,
                               const char *published, char *buf, size_t size)
{
    int dated = published && published[0], n;

    if (label && label[0])
        n = snprintf(buf, size, "%s (%s)", label,
                     dated ? published : "no publication date");
    else if (line)
        n = dated ? snprintf(buf, size, "line %lu (%s)", line, published)
                  : snprintf(buf, size, "line %lu", line);
    else
        n = dated ? snprintf(buf, size, "unnamed inspection (%s)", published)
                  : snprintf(buf, size, "%s", "");
    return n < 0 ? 0 : (size_t)n;
}

size_t inspex_problem_format(const inspex_problem_t *p, char *buf, size_t size)
{
    char where[1024] = "", what[512] = "";
    int n;

    if (p->source && p->line)
        snprintf(where, sizeof(where), "%s:%lu: ", p->source, p->line);
    else if (p->source)
        snprintf(where, sizeof(where), "%s: ", p->source);
    size_t len = inspex__inspection_name(p->label ? p->label : p->body, p->line,
                                         p->published, what, sizeof(what) - 2);
    if (len && len < sizeof(what) - 2)
        memcpy(what + len, ": ", 3);
    n = snprintf(buf, size, "%s%s: %s%s", where,
                 p->severity == INSPEX_ERROR ? "error" : "warning", what,
                 p->message);
    return n < 0 ? 0 : (size_t)n;
}

/* What each check finds, in general: one phrase for a message that
 * counts the inspections it was found in. */
static const struct {
    const char *code, *summary;
} summaries[] = {
    {"framework-unknown", "no framework fits, so no framework checks made"},
    {"framework-ambiguous",
     "several frameworks fit equally; name one in a framework column"},
    {"rating-off-scale", "a rating is not on the framework's scale"},
    {"unknown-standard", "a standard does not belong to the framework"},
    {"rating-ambiguous",
     "a rating word means two ratings and no framework settles which"},
    {"score-percent", "score_percent is not a whole number of points"},
    {"score-mismatch", "the published score differs from the computed one"},
    {"score-max", "the score's maximum differs from the framework's"},
    {"score-range", "the published score is out of range"},
    {"band-mismatch", "the overall rating is outside the score's band"},
    {"standard-missing", "counted standards not rated, so no score computed"},
    {"rating-mismatch",
     "the published overall rating differs from the computed one"},
    {"date-order", "dates out of order"},
    {"out-of-force", "published outside the dates its framework was in force"},
    {"due-before-publication", "an action is due before publication"},
    {"duplicate", "duplicate inspections"},
    {"unknown-framework", "the named framework is not known"},
};

const char *inspex_check_summary(const char *check)
{
    for (size_t i = 0; check && i < sizeof(summaries) / sizeof(*summaries); i++)
        if (strcmp(summaries[i].code, check) == 0)
            return summaries[i].summary;
    return NULL;
}
