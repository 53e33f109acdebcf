/* SPDX-License-Identifier: MIT */
/* framework.c - loading inspection frameworks from JSON files. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <inspex/framework.h>

#include "internal.h"
#include "framework_impl.h"

struct inspex_frameworks {
    inspex_framework_t **fw;
    size_t n, cap;
};

static void framework_free(inspex_framework_t *fw)
{
    if (fw == NULL)
        return;
    for (size_t i = 0; i < fw->nstd; i++) {
        free(fw->std[i].code);
        free(fw->std[i].title);
        free(fw->std[i].domain);
        inspex__free_names(fw->std[i].aliases, fw->std[i].naliases);
    }
    /* labels and spellings are interned: they outlive the framework */
    for (size_t i = 0; i < fw->nscale; i++) {
        inspex__free_names(fw->scale[i].aliases, fw->scale[i].naliases);
        free(fw->scale[i].spell);
    }
    free(fw->std);
    free(fw->scale);
    free(fw->bands);
    free(fw->id);
    free(fw->title);
    free(fw->inspectorate);
    free(fw->path);
    free(fw);
}

inspex_frameworks_t *inspex_frameworks_new(void)
{
    return calloc(1, sizeof(inspex_frameworks_t));
}

void inspex_frameworks_free(inspex_frameworks_t *set)
{
    if (set == NULL)
        return;
    for (size_t i = 0; i < set->n; i++)
        framework_free(set->fw[i]);
    free(set->fw);
    free(set);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct loader {
    const char *path;
    inspex_error_t *err;
} loader_t;

static inspex_status_t bad(loader_t *l, const char *what)
{
    return inspex_error_set_at(l->err, INSPEX_ERR_SYNTAX, l->path, 0, 0,
                               "invalid framework file: %s", what);
}

static char *string_of(json_t *obj, const char *key, int required, loader_t *l,
                       inspex_status_t *st)
{
    json_t *v = json_object_get(obj, key);
    char msg[128];

    if (v == NULL || json_is_null(v)) {
        if (required) {
            snprintf(msg, sizeof(msg), "\"%s\" is missing", key);
            *st = bad(l, msg);
        }
        return NULL;
    }
    if (!json_is_string(v)) {
        snprintf(msg, sizeof(msg), "\"%s\" must be a string", key);
        *st = bad(l, msg);
        return NULL;
    }
    return inspex__strdup(json_string_value(v));
}

static inspex_status_t date_of(json_t *obj, const char *key, inspex_date_t *out,
                               loader_t *l)
{
    json_t *v = json_object_get(obj, key);
    char msg[128];

    memset(out, 0, sizeof(*out));
    if (v == NULL || json_is_null(v))
        return INSPEX_OK;
    if (!json_is_string(v) ||
        inspex_date_parse(json_string_value(v), 0, out, NULL) != INSPEX_OK) {
        snprintf(msg, sizeof(msg), "in_force.%s must be an ISO date", key);
        return bad(l, msg);
    }
    return INSPEX_OK;
}

/* A label or alias the model can store and every writer can write as it
 * is: at most 63 bytes, UTF-8, no quotes, backslashes or control
 * characters, no space at either end, and letters or digits in it. */
static const char *bad_word(const char *w)
{
    size_t len = strlen(w);
    char key[INSPEX__RATING_KEY_MAX];

    if (len == 0 || len > 63)
        return "a rating's label and aliases must be 1 to 63 bytes long";
    if (inspex_utf8_check(w, len, NULL) != INSPEX_OK)
        return "a rating's label or alias is not UTF-8";
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
            return "a rating's label or alias holds a quote, a backslash or "
                   "a control character";
    if (w[0] == ' ' || w[len - 1] == ' ')
        return "a rating's label or alias starts or ends with a space";
    if (inspex_match_key(w, key, sizeof(key))[0] == '\0')
        return "a rating's label or alias has no letter or digit";
    return NULL;
}

/* The interned spelling of a word of the scale, after its checks. */
static inspex_status_t scale_word(json_t *v, const char **out, loader_t *l)
{
    const char *why;

    if (!json_is_string(v))
        return bad(l, "a rating's label and aliases must be strings");
    if ((why = bad_word(json_string_value(v))) != NULL)
        return bad(l, why);
    if ((*out = inspex__intern(json_string_value(v))) == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

static inspex_status_t parse_scale(inspex_framework_t *fw, json_t *scale,
                                   loader_t *l)
{
    json_t *ratings = json_object_get(scale, "ratings"), *r;
    json_t *sid = json_object_get(scale, "id");
    size_t i;
    inspex_status_t st;

    if (sid && !json_is_null(sid) && !json_is_string(sid))
        return bad(l, "scale.id must be a string");
    /* scales that share an id share their words' order in messages */
    fw->scale_id = inspex__intern(json_is_string(sid) ? json_string_value(sid)
                                                      : fw->id);
    if (fw->scale_id == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    if (!json_is_array(ratings) || json_array_size(ratings) == 0)
        return bad(l, "scale.ratings must be a non-empty array");
    fw->scale = calloc(json_array_size(ratings), sizeof(rating_t));
    if (fw->scale == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    json_array_foreach (ratings, i, r) {
        rating_t *rt = &fw->scale[fw->nscale++];
        json_t *pts = json_object_get(r, "points"),
               *al = json_object_get(r, "aliases"), *a;
        size_t k;
        char key[INSPEX__RATING_KEY_MAX];

        rt->points = -1;
        if (json_object_get(r, "label") == NULL ||
            json_is_null(json_object_get(r, "label")))
            return bad(l, "\"label\" is missing");
        if (!json_is_string(json_object_get(r, "label")))
            return bad(l, "\"label\" must be a string");
        if ((st = scale_word(json_object_get(r, "label"), &rt->label, l)) !=
            INSPEX_OK)
            return st;
        if (json_is_integer(pts))
            rt->points = (int)json_integer_value(pts);
        else if (pts && !json_is_null(pts))
            return bad(l, "a rating's points must be a whole number or null");
        if (al && !json_is_array(al))
            return bad(l, "a rating's aliases must be an array");
        rt->aliases = calloc(json_array_size(al) + 1, sizeof(char *));
        rt->spell = calloc(json_array_size(al) + 1, sizeof(char *));
        if (rt->aliases == NULL || rt->spell == NULL)
            return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
        rt->spell[rt->nspell++] = rt->label;
        if ((rt->aliases[rt->naliases++] = inspex__strdup(
                 inspex_match_key(rt->label, key, sizeof(key)))) == NULL)
            return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
        json_array_foreach (al, k, a) {
            const char *w;
            if ((st = scale_word(a, &w, l)) != INSPEX_OK)
                return st;
            rt->spell[rt->nspell++] = w;
            if ((rt->aliases[rt->naliases++] = inspex__strdup(
                     inspex_match_key(w, key, sizeof(key)))) == NULL)
                return inspex_error_set(l->err, INSPEX_ERR_NOMEM,
                                        "out of memory");
        }
    }
    /* On one scale a word means one rating. */
    for (size_t x = 0; x < fw->nscale; x++)
        for (size_t a = 0; a < fw->scale[x].naliases; a++)
            for (size_t y = x; y < fw->nscale; y++)
                for (size_t b = y == x ? a + 1 : 0; b < fw->scale[y].naliases;
                     b++)
                    if (strcmp(fw->scale[x].aliases[a],
                               fw->scale[y].aliases[b]) == 0 &&
                        fw->scale[x].label != fw->scale[y].label)
                        return bad(l, "a word names two ratings of the scale");
    return INSPEX_OK;
}

/* A standard's former codes: "aliases", an optional array of codes. */
static inspex_status_t standard_aliases(standard_t *sd, json_t *list,
                                        loader_t *l)
{
    size_t i;
    json_t *a;

    if (list == NULL)
        return INSPEX_OK;
    if (!json_is_array(list))
        return bad(l, "a standard's \"aliases\" must be an array of codes");
    sd->aliases = calloc(json_array_size(list) + 1, sizeof(char *));
    if (sd->aliases == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    json_array_foreach (list, i, a) {
        if (!json_is_string(a) || json_string_value(a)[0] == '\0')
            return bad(l, "a standard's \"aliases\" must be an array of "
                          "codes");
        if ((sd->aliases[sd->naliases] = inspex__strdup(
                 json_string_value(a))) == NULL)
            return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
        sd->naliases++;
    }
    return INSPEX_OK;
}

/* 1 when standard s is known by code (its code or a former one). */
static int has_code(const standard_t *s, const char *code)
{
    if (strcmp(s->code, code) == 0)
        return 1;
    for (size_t a = 0; a < s->naliases; a++)
        if (strcmp(s->aliases[a], code) == 0)
            return 1;
    return 0;
}

/* 1 when a and b share a code or a former code. */
static int standard_named(const standard_t *a, const standard_t *b)
{
    if (has_code(a, b->code))
        return 1;
    for (size_t k = 0; k < b->naliases; k++)
        if (has_code(a, b->aliases[k]))
            return 1;
    return 0;
}

static inspex_status_t parse_standards(inspex_framework_t *fw, json_t *list,
                                       loader_t *l)
{
    size_t i;
    json_t *s;
    inspex_status_t st = INSPEX_OK;

    if (!json_is_array(list))
        return bad(l, "\"standards\" must be an array");
    fw->std = calloc(json_array_size(list) + 1, sizeof(standard_t));
    if (fw->std == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    json_array_foreach (list, i, s) {
        standard_t *sd = &fw->std[fw->nstd++];
        json_t *counted = json_object_get(s, "counted");

        if ((sd->code = string_of(s, "code", 1, l, &st)) == NULL ||
            (sd->title = string_of(s, "title", 1, l, &st)) == NULL)
            return st != INSPEX_OK ? st
                                   : inspex_error_set(l->err, INSPEX_ERR_NOMEM,
                                                      "out of memory");
        sd->domain = string_of(s, "domain", 0, l, &st);
        if (st != INSPEX_OK)
            return st;
        if (!json_is_boolean(counted))
            return bad(l, "each standard needs \"counted\": true or false");
        sd->counted = json_is_true(counted);
        inspex_match_key(sd->title, sd->key, sizeof(sd->key));
        if ((st = standard_aliases(sd, json_object_get(s, "aliases"), l)) !=
            INSPEX_OK)
            return st;
        for (size_t k = 0; k + 1 < fw->nstd; k++)
            if (standard_named(&fw->std[k], sd))
                return bad(l, "a standard code appears twice");
    }
    return INSPEX_OK;
}

static inspex_status_t parse_scoring(inspex_framework_t *fw, json_t *sc,
                                     loader_t *l)
{
    json_t *bands, *b, *max;
    size_t i;
    inspex_status_t st = INSPEX_OK;

    if (sc == NULL || json_is_null(sc))
        return INSPEX_OK;
    max = json_object_get(sc, "max");
    bands = json_object_get(sc, "bands");
    if (!json_is_string(json_object_get(sc, "rule")) ||
        strcmp(json_string_value(json_object_get(sc, "rule")), "sum") != 0)
        return bad(l, "scoring.rule must be \"sum\"");
    if (!json_is_integer(max) || json_integer_value(max) <= 0)
        return bad(l, "scoring.max must be a positive whole number");
    if (!json_is_array(bands) || json_array_size(bands) == 0)
        return bad(l, "scoring.bands must be a non-empty array");
    fw->scored = 1;
    fw->max = (int)json_integer_value(max);
    fw->bands = calloc(json_array_size(bands), sizeof(band_t));
    if (fw->bands == NULL)
        return inspex_error_set(l->err, INSPEX_ERR_NOMEM, "out of memory");
    json_array_foreach (bands, i, b) {
        band_t *bd = &fw->bands[fw->nbands++];
        json_t *lo = json_object_get(b, "min"), *hi = json_object_get(b, "max");
        if (!json_is_integer(lo) || !json_is_integer(hi))
            return bad(l, "each band needs whole-number min and max");
        bd->lo = (long)json_integer_value(lo);
        bd->hi = (long)json_integer_value(hi);
        char *rating = string_of(b, "rating", 1, l, &st);
        if (rating == NULL)
            return st != INSPEX_OK ? st
                                   : inspex_error_set(l->err, INSPEX_ERR_NOMEM,
                                                      "out of memory");
        /* stored as the scale's label, whichever spelling the file uses */
        bd->rating = inspex_framework_rating_label(fw, rating);
        free(rating);
        if (bd->rating == NULL)
            return bad(l, "a band's rating is not on the scale");
    }
    /* Bands must cover 0..max without gaps or overlaps. */
    for (long v = 0; v <= fw->max; v++) {
        int hits = 0;
        for (size_t k = 0; k < fw->nbands; k++)
            hits += v >= fw->bands[k].lo && v <= fw->bands[k].hi;
        if (hits != 1)
            return bad(l, "scoring.bands must cover 0 to max exactly once");
    }
    /* Counted standards need points on the scale. */
    for (size_t k = 0; k < fw->nscale; k++)
        if (fw->scale[k].points < 0)
            return bad(l, "a scored framework needs points for every rating");
    return INSPEX_OK;
}

static inspex_status_t parse(inspex_framework_t *fw, json_t *doc, loader_t *l)
{
    inspex_status_t st = INSPEX_OK;
    json_t *inf = json_object_get(doc, "in_force"), *sc;

    if (!json_is_object(doc))
        return bad(l, "the file must hold a JSON object");
    if ((fw->id = string_of(doc, "id", 1, l, &st)) == NULL ||
        (fw->title = string_of(doc, "title", 1, l, &st)) == NULL ||
        (fw->inspectorate = string_of(doc, "inspectorate", 1, l, &st)) == NULL)
        return st != INSPEX_OK ? st
                               : inspex_error_set(l->err, INSPEX_ERR_NOMEM,
                                                  "out of memory");
    if (!json_is_object(inf))
        return bad(l, "\"in_force\" must be an object with from and to");
    if ((st = date_of(inf, "from", &fw->from, l)) != INSPEX_OK ||
        (st = date_of(inf, "to", &fw->to, l)) != INSPEX_OK)
        return st;
    fw->complete = json_is_true(json_object_get(doc, "standards_complete"));
    sc = json_object_get(doc, "scale");
    if (!json_is_object(sc))
        return bad(l, "\"scale\" must be an object");
    if ((st = parse_scale(fw, sc, l)) != INSPEX_OK ||
        (st = parse_standards(fw, json_object_get(doc, "standards"), l)) !=
            INSPEX_OK ||
        (st = parse_scoring(fw, json_object_get(doc, "scoring"), l)) !=
            INSPEX_OK)
        return st;
    return INSPEX_OK;
}

inspex_status_t inspex_frameworks_load_file(inspex_frameworks_t *set,
                                            const char *path,
                                            inspex_error_t *err)
{
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    inspex_framework_t *fw;
    loader_t l = {path, err};
    inspex_status_t st;

    if (doc == NULL)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, path,
                                   je.line > 0 ? (unsigned long)je.line : 0,
                                   je.column > 0 ? (unsigned long)je.column : 0,
                                   "%s", je.text);
    fw = calloc(1, sizeof(*fw));
    if (fw == NULL) {
        json_decref(doc);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    fw->path = inspex__strdup(path);
    st = parse(fw, doc, &l);
    json_decref(doc);
    if (st != INSPEX_OK) {
        framework_free(fw);
        return st;
    }
    if (inspex_frameworks_find(set, fw->id)) {
        framework_free(fw); /* the first of an id wins */
        return INSPEX_OK;
    }
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        inspex_framework_t **p = realloc(set->fw, cap * sizeof(*p));
        if (p == NULL) {
            framework_free(fw);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        set->fw = p;
        set->cap = cap;
    }
    /* its words join the vocabulary the model's setters read */
    if ((st = inspex__vocab_add(fw, err)) != INSPEX_OK) {
        framework_free(fw);
        return st;
    }
    set->fw[set->n++] = fw;
    return INSPEX_OK;
}

inspex_status_t inspex_frameworks_load_dir(inspex_frameworks_t *set,
                                           const char *dir, int must_exist,
                                           inspex_error_t *err)
{
    char **names;
    size_t n;
    inspex_status_t st = INSPEX_OK;

    if (inspex__list_dir(dir, ".json", &names, &n) != 0)
        return must_exist ? inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                                "cannot open framework "
                                                "directory")
                          : INSPEX_OK;
    for (size_t i = 0; i < n && st == INSPEX_OK; i++) {
        char *path = inspex__asprintf("%s/%s", dir, names[i]);
        st = path ? inspex_frameworks_load_file(set, path, err)
                  : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        free(path);
    }
    inspex__free_names(names, n);
    return st;
}

inspex_status_t inspex_frameworks_load_default(inspex_frameworks_t *set,
                                               inspex_error_t *err)
{
    const char *env = getenv("INSPEX_FRAMEWORK_PATH");
    inspex_status_t st;

    if (env && *env) {
        char *copy = inspex__strdup(env), *save = NULL;
        if (copy == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        for (char *d = strtok_r(copy, ":", &save); d;
             d = strtok_r(NULL, ":", &save))
            if ((st = inspex_frameworks_load_dir(set, d, 0, err)) !=
                INSPEX_OK) {
                free(copy);
                return st;
            }
        free(copy);
    }
    st = inspex_frameworks_load_dir(set, INSPEX_FRAMEWORKDIR, 0, err);
    if (st == INSPEX_OK && inspex__in_build_tree())
        st = inspex_frameworks_load_dir(set, INSPEX_SRCDIR "/frameworks", 0,
                                        err);
    return st;
}

size_t inspex_frameworks_count(const inspex_frameworks_t *set)
{
    return set->n;
}

const inspex_framework_t *inspex_frameworks_get(const inspex_frameworks_t *set,
                                                size_t i)
{
    return i < set->n ? set->fw[i] : NULL;
}

const inspex_framework_t *inspex_frameworks_find(const inspex_frameworks_t *set,
                                                 const char *id)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->fw[i]->id, id) == 0)
            return set->fw[i];
    return NULL;
}

/* ---- accessors ---------------------------------------------------------- */

const char *inspex_framework_id(const inspex_framework_t *fw)
{
    return fw->id;
}

const char *inspex_framework_title(const inspex_framework_t *fw)
{
    return fw->title;
}

const char *inspex_framework_inspectorate(const inspex_framework_t *fw)
{
    return fw->inspectorate;
}

const char *inspex_framework_path(const inspex_framework_t *fw)
{
    return fw->path;
}

void inspex_framework_in_force(const inspex_framework_t *fw,
                               inspex_date_t *from, inspex_date_t *to)
{
    if (from)
        *from = fw->from;
    if (to)
        *to = fw->to;
}

int inspex_framework_standards_complete(const inspex_framework_t *fw)
{
    return fw->complete;
}

size_t inspex_framework_standard_count(const inspex_framework_t *fw)
{
    return fw->nstd;
}

int inspex_framework_standard(const inspex_framework_t *fw, size_t i,
                              const char **code, const char **title,
                              const char **domain, int *counted)
{
    if (i >= fw->nstd)
        return 0;
    if (code)
        *code = fw->std[i].code;
    if (title)
        *title = fw->std[i].title;
    if (domain)
        *domain = fw->std[i].domain;
    if (counted)
        *counted = fw->std[i].counted;
    return 1;
}

int inspex_framework_find_standard(const inspex_framework_t *fw,
                                   const char *code)
{
    for (size_t i = 0; i < fw->nstd; i++)
        if (strcmp(fw->std[i].code, code) == 0)
            return (int)i;
    /* a former code ("resettlement" for 4.1) names the same standard */
    for (size_t i = 0; i < fw->nstd; i++)
        if (fw->std[i].naliases && has_code(&fw->std[i], code))
            return (int)i;
    return -1;
}

int inspex_framework_match_title(const inspex_framework_t *fw,
                                 const char *header, char *code, size_t size)
{
    char key[128];
    int hits = 0;
    size_t used = 0;

    inspex_match_key(header, key, sizeof(key));
    if (key[0] == '\0' || size == 0)
        return 0;
    code[0] = '\0';
    for (size_t i = 0; i < fw->nstd; i++) {
        if (strcmp(fw->std[i].key, key) != 0)
            continue;
        int n = snprintf(code + used, size - used, "%s%s", hits ? ", " : "",
                         fw->std[i].code);
        if (n > 0 && (size_t)n < size - used)
            used += (size_t)n;
        hits++;
    }
    return hits > 1 ? -1 : hits;
}

size_t inspex_framework_rating_count(const inspex_framework_t *fw)
{
    return fw->nscale;
}

int inspex_framework_rating(const inspex_framework_t *fw, size_t i,
                            const char **label, int *points)
{
    if (i >= fw->nscale)
        return 0;
    if (label)
        *label = fw->scale[i].label;
    if (points)
        *points = fw->scale[i].points;
    return 1;
}

/* A word that is not a label's address: its text, then its match key
 * through the labels and aliases. Apart, so that the usual case needs no
 * frame for the key. */
static INSPEX__NOINLINE int rating_index_folded(const inspex_framework_t *fw,
                                                const char *word)
{
    char key[128];

    /* Most other words are already a label: no need to fold them. */
    for (size_t i = 0; i < fw->nscale; i++)
        if (strcmp(fw->scale[i].label, word) == 0)
            return (int)i;
    if (strlen(word) >= sizeof(key))
        return -1;
    inspex_match_key(word, key, sizeof(key));
    for (size_t i = 0; i < fw->nscale; i++)
        for (size_t k = 0; k < fw->scale[i].naliases; k++)
            if (strcmp(fw->scale[i].aliases[k], key) == 0)
                return (int)i;
    return -1;
}

int inspex_framework_rating_index(const inspex_framework_t *fw,
                                  const char *word)
{
    /* A stored rating is the label itself, interned: its address. */
    for (size_t i = 0; i < fw->nscale; i++)
        if (fw->scale[i].label == word)
            return (int)i;
    return rating_index_folded(fw, word);
}

const char *inspex_framework_rating_label(const inspex_framework_t *fw,
                                          const char *word)
{
    int i = inspex_framework_rating_index(fw, word);

    return i < 0 ? NULL : fw->scale[i].label;
}

void inspex_framework_scale_text(const inspex_framework_t *fw, char *buf,
                                 size_t size)
{
    size_t used = 0;

    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < fw->nscale; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         fw->scale[i].label);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

int inspex_framework_scoring(const inspex_framework_t *fw, int *max)
{
    if (max)
        *max = fw->scored ? fw->max : 0;
    return fw->scored;
}

const char *inspex_framework_band(const inspex_framework_t *fw, long score,
                                  long *lo, long *hi)
{
    const band_t *b = inspex__band_of(fw, score);

    if (b == NULL)
        return NULL;
    if (lo)
        *lo = b->lo;
    if (hi)
        *hi = b->hi;
    return b->rating;
}

/* The first character of s's match key, or '\0': a header whose key
 * starts otherwise cannot be it, and is passed over without making the
 * whole key (a file of 100,000 columns asks of each). */
static char key_first(const char *s)
{
    char first[2];

    return inspex_match_key(s, first, sizeof(first))[0];
}

int inspex_frameworks_match_standard(const inspex_frameworks_t *set,
                                     const char *header, char *code,
                                     size_t size)
{
    char key[128], one[64] = "";
    char **codes = NULL;
    size_t ncodes = 0;
    int result;

    if (set == NULL || size == 0)
        return 0;
    inspex_match_key(header, key, sizeof(key));
    if (key[0] == '\0')
        return 0;
    for (size_t f = 0; f < set->n; f++) {
        const inspex_framework_t *fw = set->fw[f];
        for (size_t i = 0; i < fw->nstd; i++) {
            const standard_t *sd = &fw->std[i];
            int hit = (sd->key[0] == key[0] && strcmp(sd->key, key) == 0) ||
                      (!(sd->code[0] >= '0' && sd->code[0] <= '9') &&
                       key_first(sd->code) == key[0] &&
                       strcmp(inspex_match_key(sd->code, one, sizeof(one)),
                              key) == 0);
            /* a former code that is a word names it too */
            for (size_t a = 0; !hit && a < sd->naliases; a++)
                hit = !(sd->aliases[a][0] >= '0' && sd->aliases[a][0] <= '9') &&
                      key_first(sd->aliases[a]) == key[0] &&
                      strcmp(inspex_match_key(sd->aliases[a], one, sizeof(one)),
                             key) == 0;
            int known = 0;
            if (!hit)
                continue;
            for (size_t k = 0; k < ncodes; k++)
                known |= strcmp(codes[k], sd->code) == 0;
            if (known)
                continue;
            char **p = realloc(codes, (ncodes + 1) * sizeof(*p));
            if (p == NULL)
                break;
            codes = p;
            if ((codes[ncodes] = inspex__strdup(sd->code)) != NULL)
                ncodes++;
        }
    }
    code[0] = '\0';
    for (size_t k = 0, used = 0; k < ncodes; k++) {
        int n = snprintf(code + used, size - used, "%s%s", k ? ", " : "",
                         codes[k]);
        if (n > 0 && (size_t)n < size - used)
            used += (size_t)n;
    }
    result = ncodes == 0 ? 0 : ncodes == 1 ? 1 : -1;
    inspex__free_names(codes, ncodes);
    return result;
}

void inspex_framework_in_force_text(const inspex_framework_t *fw, char *buf,
                                    size_t size)
{
    inspex_date_t from, to;
    char a[16], b[16];

    inspex_framework_in_force(fw, &from, &to);
    inspex_date_format(&from, a, sizeof(a));
    inspex_date_format(&to, b, sizeof(b));
    snprintf(buf, size, "%s to %s", a[0] ? a : "?", b[0] ? b : "now");
}
