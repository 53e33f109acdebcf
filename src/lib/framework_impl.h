/* SPDX-License-Identifier: MIT */
/* framework_impl.h - what a framework holds, for the library's own hot
 * paths (the checks) and the rating vocabulary; plugins and the host use
 * <inspex/framework.h>. */
#ifndef INSPEX_FRAMEWORK_IMPL_H
#define INSPEX_FRAMEWORK_IMPL_H

#include <inspex/framework.h>

typedef struct standard {
    char *code, *title, *domain;
    /* codes it was known by before ("resettlement" for 4.1), read as it */
    char **aliases;
    size_t naliases;
    int counted;
    char key[128]; /* inspex_match_key of the title */
} standard_t;

typedef struct rating {
    /* The label, interned (inspex__intern): the model stores this very
     * pointer for a word that means it, so a comparison of addresses
     * finds it. */
    const char *label;
    int points;     /* -1 for none */
    char **aliases; /* match keys, label's first */
    size_t naliases;
    const char **spell; /* label and aliases as written, interned */
    size_t nspell;
} rating_t;

typedef struct band {
    long lo, hi;
    const char *rating; /* the scale's label (interned) */
} band_t;

struct inspex_framework {
    char *id, *title, *inspectorate, *path;
    const char *scale_id; /* interned; the framework's id when unnamed */
    inspex_date_t from, to;
    int complete;
    standard_t *std;
    size_t nstd;
    rating_t *scale;
    size_t nscale;
    int scored;
    int max;
    band_t *bands;
    size_t nbands;
};

/* The band score falls in, or NULL. */
static inline const band_t *inspex__band_of(const inspex_framework_t *fw,
                                            long score)
{
    for (size_t i = 0; i < fw->nbands; i++)
        if (score >= fw->bands[i].lo && score <= fw->bands[i].hi)
            return &fw->bands[i];
    return NULL;
}

/* ---- the rating vocabulary (rating.c) ----------------------------------- */

/* Adds the words of fw's scale (a framework just loaded) to the
 * vocabulary the model's setters read. INSPEX_ERR_NOMEM only. */
inspex_status_t inspex__vocab_add(const inspex_framework_t *fw,
                                  inspex_error_t *err);

#endif
