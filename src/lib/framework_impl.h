/* framework_impl.h - what a framework holds, for the library's own hot
 * paths (the checks); plugins and the host use <inspex/framework.h>. */
#ifndef INSPEX_FRAMEWORK_IMPL_H
#define INSPEX_FRAMEWORK_IMPL_H

#include <inspex/framework.h>

typedef struct standard {
    char *code, *title, *domain;
    int counted;
    char key[128]; /* inspex_match_key of the title */
} standard_t;

typedef struct rating {
    char *label;
    const char *canon; /* the model's static label for it, or NULL */
    int points; /* -1 for none */
    char **aliases; /* match keys, label's first */
    size_t naliases;
} rating_t;

typedef struct band {
    long lo, hi;
    char *rating;
    const char *canon; /* the model's static label for rating, or NULL */
} band_t;

struct inspex_framework {
    char *id, *title, *inspectorate, *path;
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

#endif
