/* model.c - inspections, judgements, items, extra pairs and datasets. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/model.h>

#include "internal.h"

/* A growable array of owned pointers; pointers stay put when it grows, so
 * borrowed handles remain valid. */
typedef struct vec {
    void **p;
    size_t n, cap;
} vec_t;

static int vec_push(vec_t *v, void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
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
    char *code;
    char *title;
    char *rating;
    strand_t *strands;
    size_t nstrands;
};

struct inspex_item {
    inspex_item_kind_t kind;
    char *v[INSPEX_ATTR__COUNT];
};

struct inspex_inspection {
    char *f[INSPEX_FIELD__COUNT];
    vec_t judgements;
    vec_t items[INSPEX_ITEM__COUNT];
    vec_t extra; /* key, value, key, value, ... */
    char *origin;
    unsigned long origin_line;
};

struct inspex_dataset {
    vec_t inspections;
};

/* ---- value parsing shared by fields and attributes ---------------------- */

/* Checks UTF-8 and makes the stored copy (trimmed). */
static inspex_status_t text_value(const char *value, const char *context,
                                  char **out, inspex_error_t *err)
{
    size_t bad;

    if (inspex_utf8_check(value, strlen(value), &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in %s at byte %zu", context,
                                bad);
    *out = inspex__trimdup(value);
    return *out ? INSPEX_OK
                : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

static inspex_status_t whole_number(const char *s, const char *context,
                                    long *out, inspex_error_t *err)
{
    long v = 0;
    const char *p = s;

    if (*p == '\0')
        goto bad;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > 100000000L)
            goto bad;
        v = v * 10 + (*p - '0');
    }
    /* "18.0" is a whole number; "18.5" is not. */
    if (*p == '.') {
        const char *q = p + 1;
        while (*q == '0')
            q++;
        if (*q == '\0' && q > p + 1)
            p = q;
    }
    if (*p != '\0' || p == s)
        goto bad;
    *out = v;
    return INSPEX_OK;
bad:
    return inspex_error_set(err, INSPEX_ERR_INVALID,
                            "%s must be a whole number, not \"%s\"", context,
                            s);
}

/* Parses value by kind into a newly allocated canonical string in *out
 * (NULL for an empty value). */
static inspex_status_t parse_value(inspex_kind_t kind, const char *value,
                                   unsigned flags, const char *context,
                                   char **out, inspex_error_t *err)
{
    char *t = NULL;
    inspex_status_t st;
    const char *label;

    *out = NULL;
    if (value == NULL)
        return INSPEX_OK;
    st = text_value(value, context, &t, err);
    if (st != INSPEX_OK)
        return st;
    if (*t == '\0') {
        free(t);
        return INSPEX_OK;
    }
    switch (kind) {
    case INSPEX_KIND_TEXT:
        *out = t;
        return INSPEX_OK;
    case INSPEX_KIND_DATE: {
        inspex_date_t d;
        char buf[16];
        st = inspex__date_parse(t, flags, &d, context, err);
        free(t);
        if (st != INSPEX_OK)
            return st;
        inspex_date_format(&d, buf, sizeof(buf));
        *out = inspex__strdup(buf);
        break;
    }
    case INSPEX_KIND_RATING:
    case INSPEX_KIND_RAG:
        label = kind == INSPEX_KIND_RATING ? inspex__rating(t, context, err)
                                           : inspex__rag(t, context, err);
        free(t);
        if (label == NULL)
            return INSPEX_ERR_INVALID;
        *out = inspex__strdup(label);
        break;
    case INSPEX_KIND_INTEGER: {
        long v;
        st = whole_number(t, context, &v, err);
        free(t);
        if (st != INSPEX_OK)
            return st;
        *out = inspex__asprintf("%ld", v);
        break;
    }
    case INSPEX_KIND_DECIMAL: {
        /* [0-9]+(.[0-9]+)?, kept exactly as written */
        const char *q = t;
        int digits = 0;
        while (*q >= '0' && *q <= '9')
            q++;
        digits = q > t;
        if (digits && *q == '.') {
            const char *f = ++q;
            while (*q >= '0' && *q <= '9')
                q++;
            digits = q > f;
        }
        if (*q != '\0' || digits == 0) {
            st = inspex_error_set(err, INSPEX_ERR_INVALID,
                                  "%s must be a number, not \"%s\"", context,
                                  t);
            free(t);
            return st;
        }
        *out = t;
        return INSPEX_OK;
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
                                  context, t);
            free(t);
            return st;
        }
        free(t);
        *out = inspex__strdup(label);
        break;
    }
    }
    return *out ? INSPEX_OK
                : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* ---- inspections -------------------------------------------------------- */

inspex_inspection_t *inspex_inspection_new(void)
{
    return calloc(1, sizeof(inspex_inspection_t));
}

static void judgement_free(inspex_judgement_t *j)
{
    if (j == NULL)
        return;
    free(j->code);
    free(j->title);
    free(j->rating);
    for (size_t i = 0; i < j->nstrands; i++)
        free(j->strands[i].name);
    free(j->strands);
    free(j);
}

static void item_free(inspex_item_t *item)
{
    if (item == NULL)
        return;
    for (int a = 0; a < INSPEX_ATTR__COUNT; a++)
        free(item->v[a]);
    free(item);
}

void inspex_inspection_free(inspex_inspection_t *insp)
{
    if (insp == NULL)
        return;
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        free(insp->f[f]);
    for (size_t i = 0; i < insp->judgements.n; i++)
        judgement_free(insp->judgements.p[i]);
    free(insp->judgements.p);
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        for (size_t i = 0; i < insp->items[k].n; i++)
            item_free(insp->items[k].p[i]);
        free(insp->items[k].p);
    }
    for (size_t i = 0; i < insp->extra.n; i++)
        free(insp->extra.p[i]);
    free(insp->extra.p);
    free(insp->origin);
    free(insp);
}

/* "18/36" in a score field sets the score and what it is out of. */
static inspex_status_t set_score_fraction(inspex_inspection_t *insp,
                                          const char *value,
                                          inspex_error_t *err)
{
    const char *slash = strchr(value, '/');
    char *num = inspex__trimdup(value), *den;
    long a, b;
    inspex_status_t st;

    if (num == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    num[slash - value] = '\0';
    den = inspex__trimdup(slash + 1);
    if (den == NULL) {
        free(num);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    char *tnum = inspex__trimdup(num);
    st = tnum ? whole_number(tnum, "score", &a, err) : INSPEX_ERR_NOMEM;
    if (st == INSPEX_OK)
        st = whole_number(den, "score maximum", &b, err);
    free(tnum);
    free(num);
    free(den);
    if (st != INSPEX_OK)
        return st;
    if (b == 0 || a > b)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "score \"%s\" is more than its maximum",
                                value);
    char *sa = inspex__asprintf("%ld", a), *sb = inspex__asprintf("%ld", b);
    if (sa == NULL || sb == NULL) {
        free(sa);
        free(sb);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    free(insp->f[INSPEX_FIELD_SCORE]);
    free(insp->f[INSPEX_FIELD_SCORE_MAX]);
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

    if ((unsigned)field >= INSPEX_FIELD__COUNT)
        return inspex_error_set(err, INSPEX_ERR_USAGE, "no field %d",
                                (int)field);
    if (field == INSPEX_FIELD_SCORE && value && strchr(value, '/') &&
        inspex_utf8_check(value, strlen(value), NULL) == INSPEX_OK)
        return set_score_fraction(insp, value, err);
    st = parse_value(inspex_field_kind(field), value, flags, inspex_field_name(field),
                     &v, err);
    if (st != INSPEX_OK)
        return st;
    free(insp->f[field]);
    insp->f[field] = v;
    return INSPEX_OK;
}

const char *inspex_inspection_get(const inspex_inspection_t *insp,
                                  inspex_field_t field)
{
    return (unsigned)field < INSPEX_FIELD__COUNT ? insp->f[field] : NULL;
}

int inspex_inspection_get_date(const inspex_inspection_t *insp,
                               inspex_field_t field, inspex_date_t *out)
{
    const char *v = inspex_inspection_get(insp, field);

    if (v == NULL || inspex_field_kind(field) != INSPEX_KIND_DATE)
        return 0;
    return inspex_date_parse(v, 0, out, NULL) == INSPEX_OK;
}

int inspex_inspection_get_int(const inspex_inspection_t *insp,
                              inspex_field_t field, long *out)
{
    const char *v = inspex_inspection_get(insp, field);

    if (v == NULL || inspex_field_kind(field) != INSPEX_KIND_INTEGER)
        return 0;
    *out = strtol(v, NULL, 10);
    return 1;
}

inspex_status_t inspex_inspection_set_origin(inspex_inspection_t *insp,
                                             const char *source,
                                             unsigned long line)
{
    char *s = inspex__strdup(source);

    if (source && s == NULL)
        return INSPEX_ERR_NOMEM;
    free(insp->origin);
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

inspex_judgement_t *inspex_inspection_add_judgement(inspex_inspection_t *insp,
                                                    const char *code,
                                                    inspex_error_t *err)
{
    inspex_judgement_t *j;
    size_t len = strlen(code);

    if (len == 0 || len > 16) {
        inspex_error_set(err, INSPEX_ERR_INVALID, "invalid standard code \"%s\"",
                         code);
        return NULL;
    }
    for (const char *p = code; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' &&
                                           (*p | 0x20) <= 'z') || *p == '.')) {
            inspex_error_set(err, INSPEX_ERR_INVALID,
                             "invalid standard code \"%s\"", code);
            return NULL;
        }
    }
    if (inspex_inspection_find_judgement(insp, code)) {
        inspex_error_set(err, INSPEX_ERR_INVALID,
                         "standard %s is rated twice", code);
        return NULL;
    }
    j = calloc(1, sizeof(*j));
    if (j == NULL || (j->code = inspex__strdup(code)) == NULL ||
        vec_push(&insp->judgements, j) != 0) {
        judgement_free(j);
        inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return j;
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
    for (size_t i = 0; i < insp->judgements.n; i++) {
        inspex_judgement_t *j = insp->judgements.p[i];
        if (strcmp(j->code, code) == 0)
            return j;
    }
    return NULL;
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
    char *v, ctx[48];
    inspex_status_t st;

    snprintf(ctx, sizeof(ctx), "title of standard %s", j->code);
    st = parse_value(INSPEX_KIND_TEXT, title, 0, ctx, &v, err);
    if (st != INSPEX_OK)
        return st;
    free(j->title);
    j->title = v;
    return INSPEX_OK;
}

inspex_status_t inspex_judgement_set_rating(inspex_judgement_t *j,
                                            const char *rating,
                                            inspex_error_t *err)
{
    char *v, ctx[48];
    inspex_status_t st;

    snprintf(ctx, sizeof(ctx), "standard %s", j->code);
    st = parse_value(INSPEX_KIND_RATING, rating, 0, ctx, &v, err);
    if (st != INSPEX_OK)
        return st;
    free(j->rating);
    j->rating = v;
    return INSPEX_OK;
}

inspex_status_t inspex_judgement_add_strand(inspex_judgement_t *j,
                                            const char *name, int numerator,
                                            int denominator,
                                            inspex_error_t *err)
{
    char *n = NULL, ctx[48];
    inspex_status_t st;
    strand_t *s;

    if (denominator <= 0 || numerator < 0 || numerator > denominator)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "strand \"%s\" of standard %s: %d of %d cases "
                                "is not a share",
                                name, j->code, numerator, denominator);
    snprintf(ctx, sizeof(ctx), "strand of standard %s", j->code);
    st = parse_value(INSPEX_KIND_TEXT, name, 0, ctx, &n, err);
    if (st != INSPEX_OK)
        return st;
    if (n == NULL)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "a strand of standard %s has no name", j->code);
    s = realloc(j->strands, (j->nstrands + 1) * sizeof(*s));
    if (s == NULL) {
        free(n);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    j->strands = s;
    s[j->nstrands].name = n;
    s[j->nstrands].numerator = numerator;
    s[j->nstrands].denominator = denominator;
    j->nstrands++;
    return INSPEX_OK;
}

size_t inspex_judgement_strand_count(const inspex_judgement_t *j)
{
    return j->nstrands;
}

int inspex_judgement_strand(const inspex_judgement_t *j, size_t i,
                            const char **name, int *numerator,
                            int *denominator)
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
    item = calloc(1, sizeof(*item));
    if (item == NULL)
        return NULL;
    item->kind = kind;
    if (vec_push(&insp->items[kind], item) != 0) {
        free(item);
        return NULL;
    }
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
    char *v, ctx[64];
    inspex_status_t st;

    if ((unsigned)attr >= INSPEX_ATTR__COUNT || !kind_has(item->kind, attr))
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "a %s has no attribute %d",
                                inspex_item_kind_name(item->kind), (int)attr);
    snprintf(ctx, sizeof(ctx), "%s %s", inspex_item_kind_name(item->kind),
             inspex_attr_name(attr));
    st = parse_value(inspex_attr_kind(attr), value, flags, ctx, &v, err);
    if (st != INSPEX_OK)
        return st;
    free(item->v[attr]);
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
    size_t bad;
    char *k, *v;

    if (inspex_utf8_check(key, strlen(key), &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in field name at byte %zu", bad);
    if (inspex_utf8_check(value, strlen(value), &bad) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_ENCODING,
                                "invalid UTF-8 in field \"%s\" at byte %zu",
                                key, bad);
    /* Kept exactly as given: extra values round-trip byte for byte. */
    k = inspex__strdup(key);
    v = inspex__strdup(value);
    if (k == NULL || v == NULL || vec_push(&insp->extra, k) != 0) {
        free(k);
        free(v);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if (vec_push(&insp->extra, v) != 0) {
        insp->extra.n--;
        free(k);
        free(v);
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

int inspex_inspection_equal(const inspex_inspection_t *a,
                            const inspex_inspection_t *b)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (!str_eq(a->f[f], b->f[f]))
            return 0;
    if (a->judgements.n != b->judgements.n)
        return 0;
    for (size_t i = 0; i < a->judgements.n; i++) {
        const inspex_judgement_t *x = a->judgements.p[i],
                                 *y = b->judgements.p[i];
        if (!str_eq(x->code, y->code) || !str_eq(x->title, y->title) ||
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
