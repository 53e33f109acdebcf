/* SPDX-License-Identifier: MIT */
/*
 * html_explain.c - an inspection's published score and overall rating
 * against the ones inspex computed from its standards, and the reason
 * for every difference, in sentences a reader of the report can follow:
 * which standards are not rated, which do not count, which band a score
 * falls in, or that the framework has no scoring rule at all.
 *
 * Nothing is computed here that the checker has not: the computed score
 * and rating come from the inspection (inspex_check put them there); the
 * framework's scale and bands only say why.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static void say(html_score_t *s, html_verdict_t v, const char *fmt, ...)
    INSPEX_PRINTF(3, 4);

static void say(html_score_t *s, html_verdict_t v, const char *fmt, ...)
{
    va_list ap;

    if (s->npoints == HTML_MAX_POINTS)
        return;
    s->point[s->npoints].verdict = v;
    va_start(ap, fmt);
    vsnprintf(s->point[s->npoints].text, sizeof(s->point[0].text), fmt, ap);
    va_end(ap);
    s->npoints++;
    if (v == HTML_DISAGREE)
        s->disagreements++;
}

/* Standard codes compared as numbers where they are digits ("2.10" after
 * "2.9"), as text elsewhere. */
int html__code_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    while (*x && *y) {
        if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
            char *ex, *ey;
            unsigned long nx = strtoul(x, &ex, 10), ny = strtoul(y, &ey, 10);
            if (nx != ny)
                return nx < ny ? -1 : 1;
            x = ex;
            y = ey;
            continue;
        }
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++;
        y++;
    }
    return *x ? 1 : *y ? -1 : 0;
}

const char *html__name(const inspex_inspection_t *insp, char *buf, size_t size)
{
    const char *label = inspex_inspection_label(insp), *src;
    unsigned long line = 0;

    if (label && label[0])
        return label;
    src = inspex_inspection_origin(insp, &line);
    if (line && src && src[0])
        snprintf(buf, size, "line %lu of %s", line, src);
    else if (line)
        snprintf(buf, size, "line %lu", line);
    else
        snprintf(buf, size, "%s", "unnamed inspection");
    return buf;
}

int html__tier(const inspex_framework_t *fw, const char *rating)
{
    size_t n;
    int k, points;
    const char *label;

    if (fw == NULL || rating == NULL)
        return 0;
    n = inspex_framework_rating_count(fw);
    k = inspex_framework_rating_index(fw, rating);
    if (k < 0 || n < 2 ||
        !inspex_framework_rating(fw, (size_t)k, &label, &points))
        return 0;
    /* a scale of words without points ("Not rated") has no places */
    if (points < 0 && n > 2)
        return 0;
    /* best to worst, spread over four tiers */
    return 1 + (int)((size_t)k * 3 / (n - 1));
}

/* The counted standards without a rating on the scale, into buf. */
static size_t unrated(const inspex_framework_t *fw,
                      const inspex_inspection_t *insp, char *buf, size_t size)
{
    size_t used = 0, n = 0;
    const char *code, *title, *domain;
    int counted;

    buf[0] = '\0';
    for (size_t i = 0;
         inspex_framework_standard(fw, i, &code, &title, &domain, &counted);
         i++) {
        const inspex_judgement_t *j;
        if (!counted)
            continue;
        j = inspex_inspection_find_judgement(insp, code);
        if (j && inspex_judgement_rating(j) &&
            inspex_framework_rating_index(fw, inspex_judgement_rating(j)) >= 0)
            continue;
        int w = snprintf(buf + used, size - used, "%s%s", n ? ", " : "", code);
        if (w > 0 && (size_t)w < size - used)
            used += (size_t)w;
        n++;
    }
    return n;
}

/* Rated standards that do not count towards the score. */
static void not_counted(html_score_t *s, const inspex_framework_t *fw,
                        const inspex_inspection_t *insp)
{
    const char *code, *title, *domain;
    int counted;

    for (size_t i = 0;
         inspex_framework_standard(fw, i, &code, &title, &domain, &counted);
         i++) {
        const inspex_judgement_t *j = inspex_inspection_find_judgement(insp,
                                                                       code);
        if (counted || j == NULL || inspex_judgement_rating(j) == NULL)
            continue;
        say(s, HTML_AGREE,
            "Standard %s (%s) is rated %s, but it does not count towards the "
            "score under %s.",
            code, title ? title : "untitled", inspex_judgement_rating(j),
            inspex_framework_id(fw));
    }
}

static void compare_scores(html_score_t *s, const inspex_framework_t *fw,
                           const inspex_inspection_t *insp, int max)
{
    long pub, comp, lo, hi;
    int has_pub = inspex_inspection_get_int(insp, INSPEX_FIELD_SCORE, &pub);
    int has_comp = inspex_inspection_get_int(insp, INSPEX_FIELD_COMPUTED_SCORE,
                                             &comp);
    const char *overall = inspex_inspection_get(insp,
                                                INSPEX_FIELD_OVERALL_RATING);
    const char *crating = inspex_inspection_get(insp,
                                                INSPEX_FIELD_COMPUTED_RATING);
    const char *band;
    char missing[256];
    size_t nmissing = unrated(fw, insp, missing, sizeof(missing));

    if (!has_comp && nmissing)
        say(s, HTML_UNCHECKED,
            "No score was computed: %zu counted standard%s %s not rated "
            "here (%s).",
            nmissing, nmissing == 1 ? "" : "s", nmissing == 1 ? "is" : "are",
            missing);
    if (has_pub && has_comp && pub != comp)
        say(s, HTML_DISAGREE,
            "The published score, %ld, differs from the score the standards "
            "give, %ld out of %d (each counted standard's points: see the "
            "table).",
            pub, comp, max);
    else if (has_pub && has_comp)
        say(s, HTML_AGREE,
            "The published score, %ld out of %d, is the sum of the "
            "standards' points.",
            pub, max);
    else if (has_pub)
        say(s, HTML_UNCHECKED,
            "The published score, %ld out of %d, cannot be checked against "
            "the standards.",
            pub, max);
    if (has_pub && overall &&
        (band = inspex_framework_band(fw, pub, &lo, &hi)) &&
        strcmp(band, overall) != 0)
        say(s, HTML_DISAGREE,
            "The published overall rating, %s, is outside the band of the "
            "published score: %ld falls in %ld to %ld, %s.",
            overall, pub, lo, hi, band);
    if (overall && crating && strcmp(overall, crating) != 0 &&
        (band = inspex_framework_band(fw, comp, &lo, &hi)))
        say(s, HTML_DISAGREE,
            "The published overall rating, %s, differs from the rating the "
            "standards give: their score, %ld, falls in %ld to %ld, %s.",
            overall, comp, lo, hi, band);
    else if (overall && crating)
        say(s, HTML_AGREE,
            "The published overall rating, %s, is the rating the "
            "standards' score gives.",
            overall);
    else if (overall)
        say(s, HTML_UNCHECKED,
            "The published overall rating, %s, cannot be checked: no score "
            "was computed.",
            overall);
    else if (crating)
        say(s, HTML_UNCHECKED,
            "No overall rating was published; the standards give %s.", crating);
}

void html__explain(const inspex_frameworks_t *set,
                   const inspex_inspection_t *insp, html_score_t *out)
{
    const char *id = inspex_inspection_get(insp, INSPEX_FIELD_FRAMEWORK);
    int max;

    memset(out, 0, sizeof(*out));
    out->fw = id && set ? inspex_frameworks_find(set, id) : NULL;
    if (id == NULL) {
        say(out, HTML_UNCHECKED,
            "No framework is known for this inspection (it was not named, "
            "and inspex could not tell it from the data), so nothing was "
            "computed.");
        return;
    }
    if (out->fw == NULL) {
        say(out, HTML_UNCHECKED,
            "The framework %s is not one this inspex knows, so nothing was "
            "computed.",
            id);
        return;
    }
    if (!inspex_framework_scoring(out->fw, &max)) {
        say(out, HTML_UNCHECKED,
            "%s has no scoring rule that inspex knows, so no score or "
            "overall rating was computed; what was published stands "
            "unchecked.",
            inspex_framework_id(out->fw));
        return;
    }
    compare_scores(out, out->fw, insp, max);
    not_counted(out, out->fw, insp);
}
