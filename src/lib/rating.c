/* rating.c - rating and RAG words normalised to canonical labels.
 *
 * One table of words for every importer. The frameworks (issue: frameworks
 * as data) decide which labels a given framework accepts; this only says
 * which label a published word means. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <inspex/model.h>

#include "internal.h"

typedef struct word {
    const char *key;   /* inspex_match_key form */
    const char *label; /* canonical label */
} word_t;

#define W(key, label) {key, label}

/* The labels, one object each: the model stores these pointers, and the
 * frameworks compare them by address. Each array is longer than its text
 * by at least INSPEX_STRING_PADDING, as for every string the model hands
 * out. */
#define LABEL_SIZE 40
static const char outstanding[LABEL_SIZE] = "Outstanding";
static const char good[LABEL_SIZE] = "Good";
static const char requires_improvement[LABEL_SIZE] = "Requires improvement";
static const char inadequate[LABEL_SIZE] = "Inadequate";
static const char satisfactory[LABEL_SIZE] = "Satisfactory";
static const char unsatisfactory[LABEL_SIZE] = "Unsatisfactory";
static const char poor[LABEL_SIZE] = "Poor";
static const char not_rated[LABEL_SIZE] = "Not rated";

static const word_t ratings[] = {
    W("outstanding", outstanding),
    W("o", outstanding),
    W("good", good),
    W("g", good),
    W("requiresimprovement", requires_improvement),
    W("requireimprovement", requires_improvement),
    W("requiresimprovementtobegood", requires_improvement),
    W("ri", requires_improvement),
    W("inadequate", inadequate),
    W("i", inadequate),
    W("satisfactory", satisfactory),
    W("unsatisfactory", unsatisfactory),
    W("poor", poor),
    W("notrated", not_rated),
    W("unrated", not_rated),
    {NULL, NULL}};

static const word_t rags[] = {
    W("noimprovement", "No improvement"),
    W("red", "No improvement"),
    W("someprogress", "Some progress"),
    W("amber", "Some progress"),
    W("goodprogress", "Good progress"),
    W("green", "Good progress"),
    W("complete", "Complete"),
    W("completed", "Complete"),
    W("blue", "Complete"),
    {NULL, NULL}};

static const char *lookup(const word_t *table, const char *text,
                          const char *what, const char *accepted,
                          const char *context, inspex_error_t *err)
{
    char key[64];

    /* The canonical label itself needs no folding (most values are one:
     * the first letter picks the label to compare with). */
    for (const word_t *w = table; w->key; w++)
        if (w->label[0] == text[0] && inspex__streq(w->label, text))
            return w->label;
    if (strlen(text) < sizeof(key)) {
        inspex_match_key(text, key, sizeof(key));
        for (const word_t *w = table; w->key; w++)
            if (strcmp(w->key, key) == 0)
                return w->label;
    }
    inspex_error_set(err, INSPEX_ERR_INVALID,
                     "unknown %s \"%s\"%s%s; accepted: %s", what, text,
                     context ? " for " : "", context ? context : "", accepted);
    return NULL;
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
    const char *label;

    /* the first letter names the only label it can be */
    switch (text[0]) {
    case 'O': label = outstanding; break;
    case 'G': label = good; break;
    case 'R': label = requires_improvement; break;
    case 'I': label = inadequate; break;
    case 'S': label = satisfactory; break;
    case 'U': label = unsatisfactory; break;
    case 'P': label = poor; break;
    case 'N': label = not_rated; break;
    default: return NULL;
    }
    /* label[len] is its NUL only when the lengths agree */
    return len < LABEL_SIZE && label[len] == '\0' && same(label, text, len)
               ? label
               : NULL;
}

const char *inspex_rating_normalise(const char *text, inspex_error_t *err)
{
    return inspex__rating(text, NULL, err);
}

const char *inspex__rating(const char *text, const char *context,
                           inspex_error_t *err)
{
    return lookup(ratings, text, "rating",
                  "Outstanding, Good, Requires improvement (RI), Inadequate, "
                  "Satisfactory, Unsatisfactory, Poor, Not rated",
                  context, err);
}

const char *inspex_rag_normalise(const char *text, inspex_error_t *err)
{
    return inspex__rag(text, NULL, err);
}

const char *inspex__rag(const char *text, const char *context,
                        inspex_error_t *err)
{
    return lookup(rags, text, "RAG status",
                  "No improvement (Red), Some progress (Amber), Good "
                  "progress (Green), Complete (Blue)",
                  context, err);
}
