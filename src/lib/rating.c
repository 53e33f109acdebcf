/* rating.c - rating and RAG words normalised to canonical labels.
 *
 * One table of words for every importer. The frameworks (issue: frameworks
 * as data) decide which labels a given framework accepts; this only says
 * which label a published word means. */
#include "config.h"

#include <string.h>

#include <inspex/model.h>

#include "internal.h"

typedef struct word {
    const char *key;   /* inspex_match_key form */
    const char *label; /* canonical label */
} word_t;

static const word_t ratings[] = {
    {"outstanding", "Outstanding"},
    {"o", "Outstanding"},
    {"good", "Good"},
    {"g", "Good"},
    {"requiresimprovement", "Requires improvement"},
    {"requireimprovement", "Requires improvement"},
    {"requiresimprovementtobegood", "Requires improvement"},
    {"ri", "Requires improvement"},
    {"inadequate", "Inadequate"},
    {"i", "Inadequate"},
    {"satisfactory", "Satisfactory"},
    {"unsatisfactory", "Unsatisfactory"},
    {"poor", "Poor"},
    {"notrated", "Not rated"},
    {"unrated", "Not rated"},
    {NULL, NULL}};

static const word_t rags[] = {
    {"noimprovement", "No improvement"},
    {"red", "No improvement"},
    {"someprogress", "Some progress"},
    {"amber", "Some progress"},
    {"goodprogress", "Good progress"},
    {"green", "Good progress"},
    {"complete", "Complete"},
    {"completed", "Complete"},
    {"blue", "Complete"},
    {NULL, NULL}};

static const char *lookup(const word_t *table, const char *text,
                          const char *what, const char *accepted,
                          const char *context, inspex_error_t *err)
{
    char key[64];

    /* The canonical label itself needs no folding (most values are one:
     * look at the first letter before comparing). */
    for (const word_t *w = table; w->key; w++)
        if (w->label[0] == text[0] && strcmp(w->label, text) == 0)
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
