/* SPDX-License-Identifier: MIT */
/* rating.c - the rating vocabulary, and the RAG words of improvement
 * plans.
 *
 * The rating words are the labels and aliases of the loaded frameworks'
 * scales, nothing compiled in: a framework file with words of its own
 * (Ofsted's "Strong standard", say) is read like the HMIP ones. Each
 * framework adds its scale's words when it loads (inspex__vocab_add); the
 * model's setters read them through one published snapshot, so the hot
 * path is a lookup in a small table, no lock and no folding.
 *
 * A word means its label on every loaded scale that has it. "Good" on two
 * scales is one label: which scale it is on, and so its points, is the
 * inspection's framework's. A word that names different labels on
 * different scales (one scale's alias is another's label, say) cannot be
 * settled when the cell is read; the model keeps one spelling of it and
 * the checker settles it against the inspection's framework, or says in a
 * warning that it cannot. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/framework.h>
#include <inspex/model.h>

#include "internal.h"
#include "framework_impl.h"

/* Guards the pool of interned strings, the list of scales' words and the
 * building of a new snapshot; readers never take it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- interned strings --------------------------------------------------- */

/* One copy of each string, never freed: the model stores these pointers,
 * and compares them by address. Each is followed by INSPEX_STRING_PADDING
 * zero bytes, as every string the model hands out is. */
typedef struct istr {
    struct istr *next;
    size_t len;
    char text[];
} istr_t;

#define POOL_SLOTS 256
static istr_t *pool[POOL_SLOTS];

/* Bytes added by inspex__intern_capped, under lock. */
static size_t capped_bytes;

static const char *intern(const char *s, size_t cap)
{
    size_t len = strlen(s);
    istr_t **slot = &pool[inspex_hash(s) % POOL_SLOTS], *p;

    pthread_mutex_lock(&lock);
    for (p = *slot; p; p = p->next)
        if (p->len == len && memcmp(p->text, s, len) == 0)
            break;
    if (p == NULL && cap) {
        if (capped_bytes + len > cap) {
            pthread_mutex_unlock(&lock);
            return NULL;
        }
        capped_bytes += len;
    }
    if (p == NULL &&
        (p = malloc(sizeof(*p) + len + 1 + INSPEX_STRING_PADDING)) != NULL) {
        p->len = len;
        memcpy(p->text, s, len);
        memset(p->text + len, 0, 1 + INSPEX_STRING_PADDING);
        p->next = *slot;
        *slot = p;
    }
    pthread_mutex_unlock(&lock);
    return p ? p->text : NULL;
}

const char *inspex__intern(const char *s)
{
    return intern(s, 0);
}

const char *inspex__intern_capped(const char *s, size_t cap)
{
    return intern(s, cap);
}

/* ---- what the loaded scales say ----------------------------------------- */

/* A spelling (a label or an alias as the file writes it) and its label,
 * both interned. */
typedef struct word {
    const char *label, *spelling;
} word_t;

/* One framework's scale, as it was loaded. */
typedef struct contrib {
    const char *framework, *scale; /* interned ids */
    word_t *w;
    size_t n;
} contrib_t;

static contrib_t *contribs;
static size_t ncontribs, capcontribs;

/* ---- the snapshot the setters read -------------------------------------- */

typedef struct meaning {
    const char *label, *scale;
} meaning_t;

/* A match key and what it means on the loaded scales. */
typedef struct entry {
    char key[INSPEX__RATING_KEY_MAX];
    const char *stored; /* the label; a spelling when ambiguous */
    meaning_t *m;
    size_t nm, capm;
} entry_t;

/* A spelling as written, for the setters' fast path. */
typedef struct exact {
    const char *text;
    size_t len;
    const char *stored;
    struct exact *next;
} exact_t;

#define EXACT_SLOTS 64
#define EXACT_SLOT(c, len)                                      \
    ((((unsigned)(unsigned char)(c)) * 31u + (unsigned)(len)) & \
     (EXACT_SLOTS - 1))

typedef struct vocab {
    exact_t slot[EXACT_SLOTS]; /* the first spelling of each slot; more
                                  chained from it */
    exact_t *exacts;
    size_t nexacts;
    entry_t *e;
    size_t ne;
    uint32_t *index; /* open addressing over e, by key; 0 empty, else i+1 */
    size_t mask;
    const char **ambiguous; /* stored forms of ambiguous words */
    size_t nambiguous;
    char *accepted;      /* for messages */
    struct vocab *older; /* kept: a reader may still hold it */
} vocab_t;

/* The snapshot before any framework loads: nothing in it, so the fast
 * path (which never loads) misses and the slow path loads. */
static char none_loaded[] = "(none: no frameworks are loaded)";
static vocab_t unloaded = {.accepted = none_loaded};

static _Atomic(vocab_t *) current = &unloaded;

static void vocab_free(vocab_t *v)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < v->ne; i++)
        free(v->e[i].m);
    free(v->e);
    free(v->exacts);
    free(v->index);
    free(v->ambiguous);
    free(v->accepted);
    free(v);
}

static entry_t *find_entry(const vocab_t *v, const char *key)
{
    if (v->index == NULL)
        return NULL;
    for (size_t h = inspex_hash(key) & v->mask;; h = (h + 1) & v->mask) {
        uint32_t i = v->index[h];
        if (i == 0)
            return NULL;
        if (strcmp(v->e[i - 1].key, key) == 0)
            return &v->e[i - 1];
    }
}

/* The entry of key while building (linear: a few dozen words), added when
 * new with spelling as its ambiguous form. */
static entry_t *build_entry(vocab_t *v, size_t *cap, const char *key,
                            const char *spelling)
{
    entry_t *e;

    for (size_t i = 0; i < v->ne; i++)
        if (strcmp(v->e[i].key, key) == 0)
            return &v->e[i];
    if (v->ne == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        entry_t *p = realloc(v->e, nc * sizeof(*p));
        if (p == NULL)
            return NULL;
        v->e = p;
        *cap = nc;
    }
    e = &v->e[v->ne++];
    memset(e, 0, sizeof(*e));
    memcpy(e->key, key, strlen(key) + 1);
    e->stored = spelling;
    return e;
}

static int add_meaning(entry_t *e, const char *label, const char *scale)
{
    for (size_t i = 0; i < e->nm; i++)
        if (e->m[i].label == label)
            return 0;
    if (e->nm == e->capm) {
        size_t nc = e->capm ? e->capm * 2 : 2;
        meaning_t *p = realloc(e->m, nc * sizeof(*p));
        if (p == NULL)
            return -1;
        e->m = p;
        e->capm = nc;
    }
    e->m[e->nm].label = label;
    e->m[e->nm].scale = scale;
    e->nm++;
    return 0;
}

/* An alias of two or more capital letters is an abbreviation ("RI"),
 * worth naming in the list of accepted words; a single letter is not. */
static int is_abbreviation(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++)
        if (s[n] < 'A' || s[n] > 'Z')
            return 0;
    return n >= 2;
}

/* "Outstanding, Good, Requires improvement (RI), ...": each label once, in
 * the scales' order, with its abbreviations. */
static char *accepted_text(const contrib_t *const *order, size_t n)
{
    inspex_buf_t b = {0};
    const char **labels = NULL;
    size_t nl = 0, cap = 0;
    int ok = 1;

    for (size_t c = 0; c < n; c++)
        for (size_t i = 0; i < order[c]->n; i++) {
            const char *l = order[c]->w[i].label;
            size_t k = 0;
            while (k < nl && labels[k] != l)
                k++;
            if (k < nl)
                continue;
            if (nl == cap) {
                size_t nc = cap ? cap * 2 : 16;
                const char **p = realloc(labels, nc * sizeof(*p));
                if (p == NULL) {
                    free(labels);
                    return NULL;
                }
                labels = p;
                cap = nc;
            }
            labels[nl++] = l;
        }
    for (size_t k = 0; ok && k < nl; k++) {
        const char *shown[8];
        size_t ns = 0;
        if (k)
            ok &= inspex_buf_add(&b, ", ", 2) == 0;
        ok &= inspex_buf_add(&b, labels[k], strlen(labels[k])) == 0;
        for (size_t c = 0; c < n; c++)
            for (size_t i = 0; i < order[c]->n; i++) {
                const word_t *w = &order[c]->w[i];
                size_t s = 0;
                if (w->label != labels[k] || w->spelling == w->label ||
                    !is_abbreviation(w->spelling))
                    continue;
                while (s < ns && shown[s] != w->spelling)
                    s++;
                if (s == ns && ns < sizeof(shown) / sizeof(shown[0]))
                    shown[ns++] = w->spelling;
            }
        for (size_t s = 0; ok && s < ns; s++) {
            ok &= inspex_buf_add(&b, s ? ", " : " (", 2) == 0;
            ok &= inspex_buf_add(&b, shown[s], strlen(shown[s])) == 0;
        }
        if (ns)
            ok &= inspex_buf_add(&b, ")", 1) == 0;
    }
    free(labels);
    if (!ok) {
        inspex_buf_free(&b);
        return NULL;
    }
    return inspex_buf_take(&b, NULL);
}

/* A new snapshot of everything contributed (the lock is held). The scales
 * most frameworks share come first, so that a word's first spelling and
 * the list of accepted words follow the commonest vocabulary; ties keep
 * the order of loading. */
static vocab_t *build(void)
{
    vocab_t *v = calloc(1, sizeof(*v));
    const contrib_t **order = calloc(ncontribs ? ncontribs : 1, sizeof(*order));
    size_t *weight = calloc(ncontribs ? ncontribs : 1, sizeof(*weight));
    size_t cap = 0, nexact = 0, norder = 0;
    char key[INSPEX__RATING_KEY_MAX];

    if (v == NULL || order == NULL || weight == NULL)
        goto fail;
    /* The weight of a scale: how many frameworks (by id) use it. */
    for (size_t c = 0; c < ncontribs; c++) {
        int counted = 0;
        for (size_t d = 0; d < c; d++)
            counted |= contribs[d].scale == contribs[c].scale &&
                       contribs[d].framework == contribs[c].framework;
        if (counted)
            continue;
        for (size_t d = 0; d < ncontribs; d++)
            if (contribs[d].scale == contribs[c].scale)
                weight[d]++;
    }
    /* Contributions by weight, then in loading order (stable). */
    for (size_t c = 0; c < ncontribs; c++) {
        size_t k = norder;
        while (k > 0 && weight[order[k - 1] - contribs] < weight[c]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = &contribs[c];
        norder++;
    }
    for (size_t c = 0; c < norder; c++) {
        nexact += order[c]->n;
        for (size_t i = 0; i < order[c]->n; i++) {
            const word_t *w = &order[c]->w[i];
            entry_t *e;
            inspex_match_key(w->spelling, key, sizeof(key));
            if ((e = build_entry(v, &cap, key, w->spelling)) == NULL ||
                add_meaning(e, w->label, order[c]->scale) != 0)
                goto fail;
        }
    }
    /* the key index */
    v->mask = 15;
    while (v->mask + 1 < 2 * v->ne)
        v->mask = v->mask * 2 + 1;
    if ((v->index = calloc(v->mask + 1, sizeof(*v->index))) == NULL)
        goto fail;
    for (size_t i = 0; i < v->ne; i++) {
        size_t h = inspex_hash(v->e[i].key) & v->mask;
        while (v->index[h])
            h = (h + 1) & v->mask;
        v->index[h] = (uint32_t)(i + 1);
        if (v->e[i].nm == 1)
            v->e[i].stored = v->e[i].m[0].label;
        else
            v->nambiguous++;
    }
    if (v->nambiguous &&
        (v->ambiguous = calloc(v->nambiguous, sizeof(*v->ambiguous))) == NULL)
        goto fail;
    v->nambiguous = 0;
    for (size_t i = 0; i < v->ne; i++)
        if (v->e[i].nm > 1)
            v->ambiguous[v->nambiguous++] = v->e[i].stored;
    /* every spelling as written, for the fast path */
    if (nexact && (v->exacts = calloc(nexact, sizeof(*v->exacts))) == NULL)
        goto fail;
    for (size_t c = 0; c < norder; c++)
        for (size_t i = 0; i < order[c]->n; i++) {
            const char *s = order[c]->w[i].spelling;
            size_t len = strlen(s);
            exact_t *head = &v->slot[EXACT_SLOT(s[0], len)], *x;
            for (x = head; x && x->text != s; x = x->next)
                ;
            if (x)
                continue;
            if (head->text) { /* taken: chain one more */
                x = &v->exacts[v->nexacts++];
                x->next = head->next;
                head->next = x;
            } else {
                x = head;
            }
            x->text = s;
            x->len = len;
            x->stored =
                find_entry(v, inspex_match_key(s, key, sizeof(key)))->stored;
        }
    if ((v->accepted = accepted_text(order, norder)) == NULL)
        goto fail;
    free(order);
    free(weight);
    return v;
fail:
    free(order);
    free(weight);
    vocab_free(v);
    return NULL;
}

/* 1 when c holds the same words for the same framework as fw would. */
static int same_contrib(const contrib_t *c, const char *id, const char *scale,
                        const inspex_framework_t *fw)
{
    size_t n = 0;

    if (c->framework != id || c->scale != scale)
        return 0;
    for (size_t i = 0; i < fw->nscale; i++)
        for (size_t k = 0; k < fw->scale[i].nspell; k++, n++)
            if (n >= c->n || c->w[n].spelling != fw->scale[i].spell[k] ||
                c->w[n].label != fw->scale[i].label)
                return 0;
    return n == c->n;
}

inspex_status_t inspex__vocab_add(const inspex_framework_t *fw,
                                  inspex_error_t *err)
{
    const char *id = inspex__intern(fw->id);
    const char *scale = fw->scale_id;
    contrib_t *c;
    vocab_t *v;
    size_t n = 0;

    if (id == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    pthread_mutex_lock(&lock);
    /* The same framework loaded again (another set, a test) adds nothing:
     * the snapshot stays, and memory stays flat. */
    for (size_t i = 0; i < ncontribs; i++)
        if (same_contrib(&contribs[i], id, scale, fw)) {
            pthread_mutex_unlock(&lock);
            return INSPEX_OK;
        }
    if (ncontribs == capcontribs) {
        size_t nc = capcontribs ? capcontribs * 2 : 16;
        contrib_t *p = realloc(contribs, nc * sizeof(*p));
        if (p == NULL)
            goto nomem;
        contribs = p;
        capcontribs = nc;
    }
    for (size_t i = 0; i < fw->nscale; i++)
        n += fw->scale[i].nspell;
    c = &contribs[ncontribs];
    c->framework = id;
    c->scale = scale;
    c->n = 0;
    if ((c->w = calloc(n ? n : 1, sizeof(*c->w))) == NULL)
        goto nomem;
    for (size_t i = 0; i < fw->nscale; i++)
        for (size_t k = 0; k < fw->scale[i].nspell; k++) {
            c->w[c->n].label = fw->scale[i].label;
            c->w[c->n].spelling = fw->scale[i].spell[k];
            c->n++;
        }
    ncontribs++;
    if ((v = build()) == NULL) {
        free(contribs[--ncontribs].w);
        goto nomem;
    }
    v->older = atomic_load_explicit(&current, memory_order_relaxed);
    if (v->older == &unloaded)
        v->older = NULL;
    atomic_store_explicit(&current, v, memory_order_release);
    pthread_mutex_unlock(&lock);
    return INSPEX_OK;
nomem:
    pthread_mutex_unlock(&lock);
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* ---- reading ------------------------------------------------------------ */

/* Until a program loads frameworks, the words are those of the frameworks
 * inspex_frameworks_load_default finds, loaded on the first word that
 * needs them. Their words stay (interned) when the set goes. */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void load_default(void)
{
    inspex_frameworks_t *set = inspex_frameworks_new();

    if (set)
        inspex_frameworks_load_default(set, NULL);
    inspex_frameworks_free(set);
}

/* The snapshot to read, loaded first when nothing is. */
static const vocab_t *vocab(void)
{
    const vocab_t *v = atomic_load_explicit(&current, memory_order_acquire);

    if (v == &unloaded) {
        pthread_once(&default_once, load_default);
        v = atomic_load_explicit(&current, memory_order_acquire);
    }
    return v;
}

/* memcmp(a, b, n) == 0 for the few bytes of a label, without a call:
 * words that overlap at the end. */
static inline int same(const char *a, const char *b, size_t n)
{
    uint64_t x, y;

    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

const char *inspex__rating_exact_n(const char *text, size_t len)
{
    /* No call, so no frame: before any framework loads, the empty
     * snapshot misses and the caller's slow path loads them. An empty
     * slot has length 0 and stores NULL, so it needs no test of its
     * own. */
    const exact_t *x = &atomic_load_explicit(&current, memory_order_acquire)
                            ->slot[EXACT_SLOT(text[0], len)];

    do
        if (x->len == len && same(x->text, text, len))
            return x->stored;
    while ((x = x->next) != NULL);
    return NULL;
}

/* Spellings that are not a label as written ("good", "Requires
 * Improvement") but were found by their folded key: a real table writes
 * the same few again on every row, so each thread remembers the last
 * ones it looked up, with the snapshot they were found in. */
#define LEARNT_SLOTS 64 /* in pairs: a spelling is in either of its two */

typedef struct learnt {
    const vocab_t *v;
    const char *stored;
    size_t len;
    char text[40];
} learnt_t;

static __thread learnt_t learnt[LEARNT_SLOTS];

/* By every byte, eight at a time: "Requires improvement" and "Requires
 * Improvement" must not share a slot. len is 1 to 39. */
static learnt_t *learnt_slot(const char *text, size_t len)
{
    uint64_t h = len, w;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    }
    w = 0;
    memcpy(&w, text + i, len - i);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    return &learnt[(h >> 58) & (LEARNT_SLOTS - 2)];
}

static int learnt_is(const learnt_t *l, const vocab_t *v, const char *text,
                     size_t len)
{
    return l->v == v && l->len == len && same(l->text, text, len);
}

const char *inspex__rating(const char *text, const char *context,
                           inspex_error_t *err)
{
    const vocab_t *v = vocab();
    size_t len = strlen(text);
    const char *stored = inspex__rating_exact_n(text, len);
    char key[64];

    if (stored)
        return stored;
    if (len > 0 && len < sizeof(learnt[0].text)) {
        learnt_t *l = learnt_slot(text, len);
        if (learnt_is(l, v, text, len))
            return l->stored;
        if (learnt_is(l + 1, v, text, len))
            return l[1].stored;
    }
    if (len < sizeof(key)) {
        const entry_t *e = find_entry(v,
                                      inspex_match_key(text, key, sizeof(key)));
        if (e && len > 0 && len < sizeof(learnt[0].text)) {
            learnt_t *l = learnt_slot(text, len);
            if (l->v == v) /* the first of the pair is taken: the second */
                l++;
            memcpy(l->text, text, len);
            l->len = len;
            l->stored = e->stored;
            l->v = v;
        }
        if (e)
            return e->stored;
    }
    inspex_error_set(err, INSPEX_ERR_INVALID,
                     "unknown rating \"%s\"%s%s; accepted: %s", text,
                     context ? " for " : "", context ? context : "",
                     v->accepted);
    return NULL;
}

const char *inspex_rating_normalise(const char *text, inspex_error_t *err)
{
    return inspex__rating(text, NULL, err);
}

int inspex__rating_ambiguous(const char *stored, char *buf, size_t size)
{
    const vocab_t *v = vocab();
    char key[INSPEX__RATING_KEY_MAX];
    const entry_t *e;
    size_t used = 0;
    size_t i = 0;

    while (i < v->nambiguous && v->ambiguous[i] != stored)
        i++;
    if (i == v->nambiguous)
        return 0;
    e = find_entry(v, inspex_match_key(stored, key, sizeof(key)));
    if (size)
        buf[0] = '\0';
    for (size_t k = 0; e && k < e->nm && size; k++) {
        int n = snprintf(buf + used, size - used, "%s\"%s\" on scale %s",
                         k ? ", " : "", e->m[k].label, e->m[k].scale);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return 1;
}

int inspex__rating_any_ambiguous(void)
{
    return vocab()->nambiguous != 0;
}

/* ---- RAG status words --------------------------------------------------- */

/* Improvement-plan statuses belong to the plans, not to a framework's
 * scale: they stay a table here. */
typedef struct rag_word {
    const char *key;   /* inspex_match_key form */
    const char *label; /* canonical label */
} rag_word_t;

static const rag_word_t rags[] = {{"noimprovement", "No improvement"},
                                  {"red", "No improvement"},
                                  {"someprogress", "Some progress"},
                                  {"amber", "Some progress"},
                                  {"goodprogress", "Good progress"},
                                  {"green", "Good progress"},
                                  {"complete", "Complete"},
                                  {"completed", "Complete"},
                                  {"blue", "Complete"},
                                  {NULL, NULL}};

const char *inspex_rag_normalise(const char *text, inspex_error_t *err)
{
    return inspex__rag(text, NULL, err);
}

const char *inspex__rag(const char *text, const char *context,
                        inspex_error_t *err)
{
    char key[64];

    /* The canonical label itself needs no folding. */
    for (const rag_word_t *w = rags; w->key; w++)
        if (w->label[0] == text[0] && inspex__streq(w->label, text))
            return w->label;
    if (strlen(text) < sizeof(key)) {
        inspex_match_key(text, key, sizeof(key));
        for (const rag_word_t *w = rags; w->key; w++)
            if (strcmp(w->key, key) == 0)
                return w->label;
    }
    inspex_error_set(err, INSPEX_ERR_INVALID,
                     "unknown RAG status \"%s\"%s%s; accepted: No improvement "
                     "(Red), Some progress (Amber), Good progress (Green), "
                     "Complete (Blue)",
                     text, context ? " for " : "", context ? context : "");
    return NULL;
}
