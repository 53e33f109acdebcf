/* SPDX-License-Identifier: MIT */
/* merge.c - one inspection merged into another: a landing page's record
 * with what its report PDF says (inspex_import_emit_merged). The record
 * merged into keeps its own values; what it lacks comes from the other;
 * a value the two give differently stays as it was, with a warning. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/model.h>

#include "internal.h"

typedef struct merge {
    inspex_inspection_t *dst;
    void (*warn)(void *ud, const char *text);
    void *ud;
    inspex_error_t *err;
} merge_t;

static void conflict(merge_t *m, const char *what, const char *mine,
                     const char *theirs)
{
    char *t;

    if (m->warn == NULL)
        return;
    t = inspex__asprintf("warning: the page and the document it links to "
                         "disagree on %s: \"%s\" and \"%s\"; the page's is "
                         "kept",
                         what, mine, theirs);
    if (t)
        m->warn(m->ud, t);
    free(t);
}

/* Names where one extends the other ("Medway", "Medway Youth Offending
 * Service") are one body, not a conflict. */
static int same_name(const char *a, const char *b)
{
    char ka[256], kb[256];
    size_t na, nb;

    inspex_match_key(a, ka, sizeof(ka));
    inspex_match_key(b, kb, sizeof(kb));
    na = strlen(ka);
    nb = strlen(kb);
    return na && nb && strncmp(ka, kb, na < nb ? na : nb) == 0;
}

/* A date and a partial date that contains it are one date: 1, and
 * *more says whether theirs is the more precise. */
static int same_date(const inspex_date_t *a, const inspex_date_t *b, int *more)
{
    *more = 0;
    if (a->year != b->year || (a->month && b->month && a->month != b->month) ||
        (a->day && b->day && a->day != b->day))
        return 0;
    *more = (!a->month && b->month) || (!a->day && b->day);
    return 1;
}

static inspex_status_t merge_field(merge_t *m, const inspex_inspection_t *src,
                                   inspex_field_t f)
{
    const char *theirs = inspex_inspection_get(src, f);
    const char *mine = inspex_inspection_get(m->dst, f);
    inspex_date_t a, b;
    int more;

    if (theirs == NULL || f == INSPEX_FIELD_COMPUTED_SCORE ||
        f == INSPEX_FIELD_COMPUTED_RATING)
        return INSPEX_OK;
    if (mine == NULL)
        return inspex_inspection_set(m->dst, f, theirs, 0, m->err);
    if (strcmp(mine, theirs) == 0)
        return INSPEX_OK;
    if (inspex_field_kind(f) == INSPEX_KIND_DATE &&
        inspex_inspection_get_date(m->dst, f, &a) &&
        inspex_inspection_get_date(src, f, &b) && same_date(&a, &b, &more))
        return more ? inspex_inspection_set(m->dst, f, theirs, 0, m->err)
                    : INSPEX_OK;
    if (f == INSPEX_FIELD_BODY_NAME && same_name(mine, theirs))
        return INSPEX_OK;
    conflict(m, inspex_field_name(f), mine, theirs);
    return INSPEX_OK;
}

static inspex_status_t merge_judgement(merge_t *m, const inspex_judgement_t *j)
{
    const char *code = inspex_judgement_code(j);
    const char *rating = inspex_judgement_rating(j);
    inspex_judgement_t *d = inspex_inspection_find_judgement(m->dst, code);
    inspex_status_t st = INSPEX_OK;

    if (d) {
        const char *had = inspex_judgement_rating(d);
        if (had && rating && strcmp(had, rating) != 0) {
            char what[64];
            snprintf(what, sizeof(what), "standard %s", code);
            conflict(m, what, had, rating);
        } else if (had == NULL && rating) {
            st = inspex_judgement_set_rating(d, rating, m->err);
        }
        return st;
    }
    if ((d = inspex_inspection_add_judgement(m->dst, code, m->err)) == NULL)
        return inspex_error_code(m->err);
    if (inspex_judgement_title(j))
        st = inspex_judgement_set_title(d, inspex_judgement_title(j), m->err);
    if (st == INSPEX_OK && rating)
        st = inspex_judgement_set_rating(d, rating, m->err);
    for (size_t i = 0; st == INSPEX_OK && i < inspex_judgement_strand_count(j);
         i++) {
        const char *name;
        int num, den;
        inspex_judgement_strand(j, i, &name, &num, &den);
        st = inspex_judgement_add_strand(d, name, num, den, m->err);
    }
    return st;
}

/* Fills the attributes of to that from has and it lacks. */
static inspex_status_t fill_item(merge_t *m, inspex_item_t *to,
                                 const inspex_item_t *from)
{
    size_t n;
    const inspex_attr_t *attrs = inspex_item_attrs(inspex_item_kind(from), &n);
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; i < n && st == INSPEX_OK; i++) {
        const char *v = inspex_item_get(from, attrs[i]);
        if (v && inspex_item_get(to, attrs[i]) == NULL)
            st = inspex_item_set(to, attrs[i], v, 0, m->err);
    }
    return st;
}

/* The item of dst that is the same as it: a source of the same URL, or
 * another item of the same text. */
static inspex_item_t *same_item(const inspex_inspection_t *dst,
                                const inspex_item_t *it)
{
    inspex_item_kind_t kind = inspex_item_kind(it);
    inspex_attr_t key = kind == INSPEX_ITEM_SOURCE ? INSPEX_ATTR_URL
                                                   : INSPEX_ATTR_TEXT;
    const char *v = inspex_item_get(it, key);

    for (size_t i = 0; v && i < inspex_inspection_item_count(dst, kind); i++) {
        inspex_item_t *d = inspex_inspection_item(dst, kind, i);
        const char *dv = inspex_item_get(d, key);
        if (dv && strcmp(dv, v) == 0)
            return d;
    }
    return NULL;
}

static inspex_status_t merge_items(merge_t *m, const inspex_inspection_t *src)
{
    inspex_status_t st = INSPEX_OK;

    for (int k = 0; k < INSPEX_ITEM__COUNT && st == INSPEX_OK; k++) {
        size_t n = inspex_inspection_item_count(src, (inspex_item_kind_t)k);
        for (size_t i = 0; i < n && st == INSPEX_OK; i++) {
            const inspex_item_t *it =
                inspex_inspection_item(src, (inspex_item_kind_t)k, i);
            inspex_item_t *d = same_item(m->dst, it);
            if (d == NULL &&
                (d = inspex_inspection_add_item(m->dst,
                                                (inspex_item_kind_t)k)) == NULL)
                return inspex_error_set(m->err, INSPEX_ERR_NOMEM,
                                        "out of memory");
            st = fill_item(m, d, it);
        }
    }
    return st;
}

static int has_pair(const inspex_inspection_t *insp, const char *k,
                    const char *v)
{
    for (size_t i = 0; i < inspex_inspection_extra_count(insp); i++)
        if (strcmp(inspex_inspection_extra_key(insp, i), k) == 0 &&
            strcmp(inspex_inspection_extra_value(insp, i), v) == 0)
            return 1;
    return 0;
}

inspex_status_t inspex__inspection_merge(
    inspex_inspection_t *dst, const inspex_inspection_t *src,
    void (*warn)(void *ud, const char *text), void *ud, inspex_error_t *err)
{
    merge_t m = {dst, warn, ud, err};
    inspex_status_t st = INSPEX_OK;

    for (int f = 0; f < INSPEX_FIELD__COUNT && st == INSPEX_OK; f++)
        st = merge_field(&m, src, (inspex_field_t)f);
    for (size_t i = 0;
         st == INSPEX_OK && i < inspex_inspection_judgement_count(src); i++)
        st = merge_judgement(&m, inspex_inspection_judgement(src, i));
    if (st == INSPEX_OK)
        st = merge_items(&m, src);
    for (size_t i = 0;
         st == INSPEX_OK && i < inspex_inspection_extra_count(src); i++) {
        const char *k = inspex_inspection_extra_key(src, i);
        const char *v = inspex_inspection_extra_value(src, i);
        if (!has_pair(dst, k, v))
            st = inspex_inspection_add_extra(dst, k, v, err);
    }
    return st;
}
