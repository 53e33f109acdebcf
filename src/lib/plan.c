/* SPDX-License-Identifier: MIT */
/* plan.c - the header plan: what each column name or key of a flat record
 * means in the model (see inspex/plan.h), decided once per name with the
 * reason, and applied per record by index. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/framework.h>
#include <inspex/plan.h>

#include "internal.h"

/* A column and the strings it owns. */
typedef struct col {
    inspex_plan_column_t pub;
    char *name, *code, *title, *strand, *reason;
    const char *stored_title; /* title as stored, interned; or NULL */
    int coded; /* code checked once (inspex__standard_code): its copy */
    char padded[INSPEX__CODE_MAX + 1]; /* and hash, for every row */
    uint64_t code_hash;
    size_t len; /* of name */
    uint64_t hash;
} col_t;

struct inspex_plan {
    const inspex_frameworks_t *fws;
    inspex_header_map_t *map;
    char *map_path;
    int keys;    /* a key plan */
    int decided; /* a header plan, decided */
    inspex_layout_t layout;
    col_t **cols;
    size_t n, cap;
    size_t *slots; /* hash table of column index + 1; 0 is empty */
    size_t nslots;
    col_t scratch; /* key plans, past INSPEX_PLAN_KEYS_MAX */
    size_t fresh;  /* index of the column the last key call added */
};

static uint64_t hash_n(const char *s, size_t len)
{
    uint64_t h = INSPEX_HASH_START;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void col_clear(col_t *c)
{
    free(c->name);
    free(c->code);
    free(c->title);
    free(c->strand);
    free(c->reason);
    memset(c, 0, sizeof(*c));
}

void inspex_plan_free(inspex_plan_t *plan)
{
    if (plan == NULL)
        return;
    for (size_t i = 0; i < plan->n; i++) {
        col_clear(plan->cols[i]);
        free(plan->cols[i]);
    }
    col_clear(&plan->scratch);
    free(plan->cols);
    free(plan->slots);
    inspex_header_map_free(plan->map);
    free(plan->map_path);
    free(plan);
}

inspex_status_t inspex_plan_new(const inspex_frameworks_t *fws,
                                const char *map_path, inspex_plan_t **out,
                                inspex_error_t *err)
{
    inspex_plan_t *plan = calloc(1, sizeof(*plan));
    inspex_status_t st;

    *out = NULL;
    if (plan == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    plan->fws = fws;
    plan->layout = INSPEX_LAYOUT_WIDE;
    plan->fresh = SIZE_MAX;
    if (map_path && *map_path) {
        if ((st = inspex_header_map_load(map_path, &plan->map, err)) !=
            INSPEX_OK) {
            inspex_plan_free(plan);
            return st;
        }
        if ((plan->map_path = inspex__strdup(map_path)) == NULL) {
            inspex_plan_free(plan);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
    }
    *out = plan;
    return INSPEX_OK;
}

/* ---- the names' table --------------------------------------------------- */

/* Index + 1 of the column named by the len bytes of name, or 0. */
static size_t lookup(const inspex_plan_t *plan, const char *name, size_t len,
                     uint64_t h)
{
    if (plan->nslots == 0)
        return 0;
    for (size_t s = h & (plan->nslots - 1); plan->slots[s];
         s = (s + 1) & (plan->nslots - 1)) {
        const col_t *c = plan->cols[plan->slots[s] - 1];
        if (c->hash == h && c->len == len && memcmp(c->name, name, len) == 0)
            return plan->slots[s];
    }
    return 0;
}

/* Appends a column named by the len bytes of name; NULL when out of
 * memory. */
static col_t *append(inspex_plan_t *plan, const char *name, size_t len,
                     uint64_t h)
{
    col_t *c;

    if (plan->n == plan->cap) {
        size_t cap = plan->cap ? plan->cap * 2 : 32;
        col_t **p = realloc(plan->cols, cap * sizeof(*p));
        if (p == NULL)
            return NULL;
        plan->cols = p;
        plan->cap = cap;
    }
    if ((plan->n + 1) * 2 > plan->nslots) {
        size_t ns = plan->nslots ? plan->nslots * 2 : 64;
        size_t *t = calloc(ns, sizeof(*t));
        if (t == NULL)
            return NULL;
        for (size_t i = 0; i < plan->n; i++) {
            size_t s = plan->cols[i]->hash & (ns - 1);
            while (t[s])
                s = (s + 1) & (ns - 1);
            t[s] = i + 1;
        }
        free(plan->slots);
        plan->slots = t;
        plan->nslots = ns;
    }
    if ((c = calloc(1, sizeof(*c))) == NULL ||
        (c->name = inspex__strndup(name, len)) == NULL) {
        free(c);
        return NULL;
    }
    c->len = len;
    c->hash = h;
    c->pub.name = c->pub.matched = c->name;
    plan->cols[plan->n++] = c;
    size_t s = h & (plan->nslots - 1);
    while (plan->slots[s])
        s = (s + 1) & (plan->nslots - 1);
    plan->slots[s] = plan->n;
    return c;
}

/* ---- the forms a name can take ------------------------------------------ */

enum { ROLE_CODE, ROLE_TITLE, ROLE_RATING };

/* The per-row columns of the long layout, by match key. */
static int long_role(const char *h)
{
    char key[64];

    inspex_match_key(h, key, sizeof(key));
    if (!strcmp(key, "standard") || !strcmp(key, "standardcode") ||
        !strcmp(key, "code") || !strcmp(key, "judgementcode"))
        return ROLE_CODE;
    if (!strcmp(key, "title") || !strcmp(key, "standardtitle") ||
        !strcmp(key, "standardname"))
        return ROLE_TITLE;
    if (!strcmp(key, "rating") || !strcmp(key, "standardrating") ||
        !strcmp(key, "judgementrating") || !strcmp(key, "judgement"))
        return ROLE_RATING;
    return -1;
}

static inspex_layout_t detect_layout(const inspex_plan_t *plan)
{
    int code = 0, rating = 0, action = 0, detail = 0;

    for (size_t i = 0; i < plan->n; i++) {
        const char *h = plan->cols[i]->name;
        int role = long_role(h), a = inspex_match_attr(INSPEX_ITEM_ACTION, h);
        char key[64];

        code |= role == ROLE_CODE;
        rating |= role == ROLE_RATING;
        inspex_match_key(h, key, sizeof(key));
        action |= a == INSPEX_ATTR_TEXT &&
                  (!strcmp(key, "action") || !strcmp(key, "actions"));
        detail |= a == INSPEX_ATTR_LEAD || a == INSPEX_ATTR_DUE ||
                  a == INSPEX_ATTR_RAG || a == INSPEX_ATTR_SUCCESS_MEASURE;
    }
    if (code && rating)
        return INSPEX_LAYOUT_LONG;
    if (action && detail)
        return INSPEX_LAYOUT_ACTIONS;
    return INSPEX_LAYOUT_WIDE;
}

/* "recommendation.2.text" -> kind, number, attribute. */
static int item_form(const char *h, col_t *c)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        const char *name = inspex_item_kind_name((inspex_item_kind_t)k);
        size_t len = strlen(name);
        if (strncmp(h, name, len) != 0 || h[len] != '.')
            continue;
        char *end;
        unsigned long n = strtoul(h + len + 1, &end, 10);
        if (n == 0 || n > 10000 || *end != '.')
            return 0;
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        for (size_t i = 0; i < na; i++)
            if (strcmp(inspex_attr_name(attrs[i]), end + 1) == 0) {
                c->pub.kind = (inspex_item_kind_t)k;
                c->pub.index = n;
                c->pub.attr = attrs[i];
                return 1;
            }
        return 0;
    }
    return 0;
}

/* "strand.2.1.Desistance" -> code "2.1", strand "Desistance"; -1 when
 * out of memory. */
static int strand_form(const char *h, col_t *c)
{
    const char *p = h + 7, *name;

    if (strncmp(h, "strand.", 7) != 0)
        return 0;
    name = p;
    /* The code is digits and dots; the name starts at the first letter. */
    while (*name && ((*name >= '0' && *name <= '9') || *name == '.'))
        name++;
    if (name == p || name[-1] != '.' || *name == '\0' ||
        (size_t)(name - p - 1) >= 32)
        return 0;
    c->code = inspex__strndup(p, (size_t)(name - p - 1));
    c->strand = inspex__strdup(name);
    return c->code && c->strand ? 1 : -1;
}

/* The title part of "1.1 Governance and leadership", or NULL. */
static const char *title_part(const char *h)
{
    const char *p = h;

    while (*p == ' ')
        p++;
    while (*p && *p != ' ' && *p != '\t' && *p != ':')
        p++;
    while (*p == ' ' || *p == '\t' || *p == ':' || *p == '-')
        p++;
    return *p ? p : NULL;
}

/* Sets the reason (and, with the map, says so first); -1 when out of
 * memory. */
static int reason(const inspex_plan_t *plan, col_t *c, const char *fmt, ...)
    INSPEX_PRINTF(3, 4);
static int reason(const inspex_plan_t *plan, col_t *c, const char *fmt, ...)
{
    va_list ap;
    char *r;

    va_start(ap, fmt);
    r = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (r && c->pub.matched != c->pub.name) {
        char *m = inspex__asprintf("-O map: %s; %s", plan->map_path, r);
        free(r);
        r = m;
    }
    free(c->reason);
    c->reason = r;
    c->pub.reason = r;
    return r ? 0 : -1;
}

static int field_reason(const inspex_plan_t *plan, col_t *c, int how)
{
    const char *name = inspex_field_name(c->pub.field);

    switch (how) {
    case INSPEX__MATCH_NAME: return reason(plan, c, "exact field name");
    case INSPEX__MATCH_ALIAS:
        return reason(plan, c, "a known name for %s", name);
    case INSPEX__MATCH_PERCENT:
        return reason(plan, c, "a score header with %% or \"percent\"");
    default: {
        char words[64];
        size_t i;
        for (i = 0; name[i] && i + 1 < sizeof(words); i++)
            words[i] = name[i] == '_' ? ' ' : name[i];
        words[i] = '\0';
        return reason(plan, c, "the words of '%s'", words);
    }
    }
}

/* The reason for a standard matched by the frameworks: by its title (and
 * which), or by a code that is a word. */
static int title_reason(const inspex_plan_t *plan, col_t *c, const char *h)
{
    char key[128], ck[64], got[64];

    inspex_match_key(h, key, sizeof(key));
    if (strcmp(inspex_match_key(c->code, ck, sizeof(ck)), key) == 0)
        return reason(plan, c, "standard %s by its code", c->code);
    for (size_t f = 0; f < inspex_frameworks_count(plan->fws); f++) {
        const inspex_framework_t *fw = inspex_frameworks_get(plan->fws, f);
        const char *code, *title, *domain;
        int counted, i = inspex_framework_find_standard(fw, c->code);
        if (i < 0 ||
            inspex_framework_match_title(fw, h, got, sizeof(got)) != 1 ||
            strcmp(got, c->code) != 0 ||
            !inspex_framework_standard(fw, (size_t)i, &code, &title, &domain,
                                       &counted))
            continue;
        if (domain && *domain)
            return reason(plan, c, "standard %s by its title '%s' in domain %s",
                          code, title ? title : "", domain);
        return reason(plan, c, "standard %s by its title '%s'", code,
                      title ? title : "");
    }
    /* a former code ("resettlement" for 4.1) */
    return reason(plan, c, "standard %s, known to the frameworks as '%s'",
                  c->code, h);
}

static const char *const role_words[] = {"standard code", "standard title",
                                         "rating"};
static const inspex_plan_target_t role_targets[] = {INSPEX_PLAN_ROW_CODE,
                                                    INSPEX_PLAN_ROW_TITLE,
                                                    INSPEX_PLAN_ROW_RATING};

/* Decides column c of a plan in a layout. roles and taken (the header's
 * row roles and fields so far, with the column of each field in firsts)
 * are NULL for a key plan. Returns 0, or -1 when out of memory. */
static int decide(const inspex_plan_t *plan, col_t *c, inspex_layout_t layout,
                  unsigned *roles, size_t *firsts)
{
    const char *h = inspex_header_map_apply(plan->map, c->name);
    char code[32];
    int f, how = -1, r;

    c->pub.matched = h;
    c->pub.target = INSPEX_PLAN_EXTRA;
    if (layout == INSPEX_LAYOUT_LONG && (f = long_role(h)) >= 0) {
        /* as for fields: the first column of a role wins, a second stays
         * in extra (two rating columns would overwrite) */
        if (roles && (*roles & (1u << f)))
            return reason(plan, c,
                          "a second column for each row's %s: "
                          "kept in extra",
                          role_words[f]);
        if (roles)
            *roles |= 1u << f;
        c->pub.target = role_targets[f];
        return reason(plan, c, "the %s of each row (long layout)",
                      role_words[f]);
    }
    if (layout == INSPEX_LAYOUT_ACTIONS &&
        (f = inspex_match_attr(INSPEX_ITEM_ACTION, h)) >= 0 &&
        inspex_match_field(h) < 0) {
        c->pub.target = INSPEX_PLAN_ROW_ACTION;
        c->pub.attr = (inspex_attr_t)f;
        return reason(plan, c, "the %s of each row's action (actions layout)",
                      inspex_attr_name(c->pub.attr));
    }
    if (item_form(h, c)) {
        c->pub.target = INSPEX_PLAN_ITEM;
        return reason(plan, c, "the form %s.N.%s: %s %zu",
                      inspex_item_kind_name(c->pub.kind),
                      inspex_attr_name(c->pub.attr),
                      inspex_item_kind_name(c->pub.kind), c->pub.index);
    }
    if ((r = strand_form(h, c)) != 0) {
        if (r < 0)
            return -1;
        c->pub.target = INSPEX_PLAN_STRAND;
        c->pub.code = c->code;
        c->pub.strand = c->strand;
        return reason(plan, c,
                      "the form strand.CODE.NAME: strand '%s' of "
                      "standard %s",
                      c->strand, c->code);
    }
    if (inspex_match_standard(h, code, sizeof(code))) {
        const char *t = title_part(h);
        if ((c->code = inspex__strdup(code)) == NULL ||
            (t && (c->title = inspex__strdup(t)) == NULL))
            return -1;
        c->stored_title = t ? inspex__text_interned(t) : NULL;
        c->coded = inspex__standard_code(c->code, c->padded, &c->code_hash);
        c->pub.target = INSPEX_PLAN_STANDARD;
        c->pub.code = c->code;
        c->pub.title = c->title;
        return reason(plan, c, "standard %s by its code", code);
    }
    f = inspex__match_field_how(h, &how);
    if (f < 0) {
        /* A standard named by its title: only when it is one. */
        char codes[32];
        int m = inspex_frameworks_match_standard(plan->fws, h, codes,
                                                 sizeof(codes));
        if (m != 0 && (c->code = inspex__strdup(codes)) == NULL)
            return -1;
        c->pub.code = c->code;
        if (m == 1) {
            c->pub.target = INSPEX_PLAN_STANDARD;
            c->coded = inspex__standard_code(c->code, c->padded, &c->code_hash);
            return title_reason(plan, c, h);
        }
        if (m < 0) {
            c->pub.ambiguous = 1;
            return reason(plan, c,
                          "ambiguous: could be standard %s; kept in "
                          "extra, not guessed",
                          codes);
        }
        int fits[2];
        how = -1;
        f = inspex_match_field_words(h, fits);
        if (f == -2) {
            c->pub.ambiguous = 1;
            return reason(plan, c,
                          "ambiguous: its words fit %s and %s; kept "
                          "in extra, not guessed",
                          inspex_field_name((inspex_field_t)fits[0]),
                          inspex_field_name((inspex_field_t)fits[1]));
        }
    }
    if (f < 0)
        return reason(plan, c, "no field matches: kept in extra");
    if (firsts && firsts[f] != SIZE_MAX)
        return reason(plan, c,
                      "%s already comes from column %zu (\"%s\"): "
                      "kept in extra",
                      inspex_field_name((inspex_field_t)f), firsts[f] + 1,
                      plan->cols[firsts[f]]->name);
    c->pub.target = INSPEX_PLAN_FIELD;
    c->pub.field = (inspex_field_t)f;
    return field_reason(plan, c, how);
}

/* ---- header plans ------------------------------------------------------- */

inspex_status_t inspex_plan_add(inspex_plan_t *plan, const char *name,
                                inspex_error_t *err)
{
    size_t len = strlen(name), at;
    uint64_t h = hash_n(name, len);

    if (plan->keys || plan->decided)
        return inspex_error_set(err, INSPEX_ERR_USAGE, "inspex_plan_add: %s",
                                plan->keys ? "a key plan has no header"
                                           : "the plan is decided");
    if ((at = lookup(plan, name, len, h)) != 0)
        return inspex_error_set(err, INSPEX_ERR_SYNTAX,
                                "duplicate column name \"%s\" (columns %zu "
                                "and %zu)",
                                name, at, plan->n + 1);
    if (append(plan, name, len, h) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

inspex_layout_t inspex_plan_decide(inspex_plan_t *plan, inspex_layout_t layout)
{
    size_t firsts[INSPEX_FIELD__COUNT];
    unsigned roles = 0;

    if (plan->keys || plan->decided)
        return plan->layout;
    if (layout == INSPEX_LAYOUT_AUTO)
        layout = detect_layout(plan);
    for (size_t f = 0; f < INSPEX_FIELD__COUNT; f++)
        firsts[f] = SIZE_MAX;
    plan->layout = layout;
    plan->decided = 1;
    for (size_t i = 0; i < plan->n; i++) {
        col_t *c = plan->cols[i];
        if (decide(plan, c, layout, &roles, firsts) != 0) {
            /* out of memory: the column stays in extra, and says so */
            c->pub.target = INSPEX_PLAN_EXTRA;
            c->pub.reason = "out of memory while deciding: kept in extra";
            continue;
        }
        if (c->pub.target == INSPEX_PLAN_FIELD)
            firsts[c->pub.field] = i;
    }
    return layout;
}

inspex_layout_t inspex_plan_layout(const inspex_plan_t *plan)
{
    return plan->layout;
}

/* ---- key plans ---------------------------------------------------------- */

inspex_status_t inspex_plan_key(inspex_plan_t *plan, const char *key,
                                size_t len, size_t *index, inspex_error_t *err)
{
    uint64_t h = hash_n(key, len);
    size_t at;
    col_t *c;

    if (!plan->keys) {
        if (plan->n > 0 || plan->decided)
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "inspex_plan_key: a header plan has no "
                                    "keys");
        plan->keys = 1;
    }
    if ((at = lookup(plan, key, len, h)) != 0) {
        *index = at - 1;
        plan->fresh = SIZE_MAX;
        return INSPEX_OK;
    }
    if (plan->n >= INSPEX_PLAN_KEYS_MAX) {
        c = &plan->scratch;
        col_clear(c);
        if ((c->name = inspex__strndup(key, len)) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        c->len = len;
        c->hash = h;
        c->pub.name = c->pub.matched = c->name;
        at = plan->n;
    } else {
        if ((c = append(plan, key, len, h)) == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        at = plan->n - 1;
    }
    if (decide(plan, c, INSPEX_LAYOUT_WIDE, NULL, NULL) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    *index = at;
    plan->fresh = at;
    return INSPEX_OK;
}

int inspex_plan_is_new(const inspex_plan_t *plan, size_t index)
{
    return plan->fresh == index;
}

size_t inspex_plan_count(const inspex_plan_t *plan)
{
    return plan->n;
}

const inspex_plan_column_t *inspex_plan_column(const inspex_plan_t *plan,
                                               size_t i)
{
    if (i < plan->n)
        return &plan->cols[i]->pub;
    if (i == plan->n && plan->keys && plan->scratch.name)
        return &plan->scratch.pub;
    return NULL;
}

/* ---- applying a plan to a record ---------------------------------------- */

/* 1 for a cell of nothing but spaces: no value, as an empty one. */
static int is_blank(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    return *v == '\0';
}

/* A whole number at *p as %d reads one (spaces, then a sign and digits);
 * 0 when there is none or it does not fit an int. */
static int read_int(const char **p, int *out)
{
    char *end;
    long v = strtol(*p, &end, 10);

    if (end == *p || v < INT_MIN || v > INT_MAX)
        return 0;
    *p = end;
    *out = (int)v;
    return 1;
}

static inspex_status_t set_strand(const inspex_plan_column_t *c,
                                  inspex_inspection_t *insp, const char *v,
                                  inspex_error_t *err)
{
    const char *p = v;
    int a, b;
    inspex_judgement_t *j;

    if (!read_int(&p, &a) || *p++ != '/' || !read_int(&p, &b) || *p != '\0')
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "strand value \"%s\" is not of the form 9/10",
                                v);
    j = inspex_inspection_find_judgement(insp, c->code);
    if (j == NULL &&
        (j = inspex_inspection_add_judgement(insp, c->code, err)) == NULL)
        return inspex_error_code(err);
    return inspex_judgement_add_strand(j, c->strand, a, b, err);
}

/* A judgement of column c's standard, its code checked once, when the
 * plan was made (c is a col_t's pub, its first member). */
static inline inspex_judgement_t *add_judgement(const inspex_plan_column_t *c,
                                                inspex_inspection_t *insp,
                                                inspex_error_t *err)
{
    const col_t *cc = (const col_t *)c;

    return cc->coded
               ? inspex__inspection_add_judgement_coded(insp, cc->padded,
                                                        cc->code_hash, err)
               : inspex_inspection_add_judgement(insp, c->code, err);
}

/* Sets one cell as column c says (see inspex_plan_apply). Inline: a
 * table's rows go through here cell by cell. */
static inline inspex_status_t apply(const inspex_plan_column_t *c,
                                    inspex_inspection_t *insp,
                                    const char *value, unsigned flags,
                                    inspex_error_t *err)
{
    inspex_status_t st;

    switch (c->target) {
    case INSPEX_PLAN_FIELD:
        return inspex_inspection_set(insp, c->field, value, flags, err);
    case INSPEX_PLAN_STANDARD: {
        inspex_judgement_t *j;
        if (is_blank(value))
            return INSPEX_OK;
        const char *stored = ((const col_t *)c)->stored_title;
        j = add_judgement(c, insp, err);
        if (j == NULL)
            return inspex_error_code(err);
        if (stored)
            inspex__judgement_set_title_interned(j, stored);
        else if (c->title &&
                 (st = inspex_judgement_set_title(j, c->title, err)) !=
                     INSPEX_OK)
            return st;
        return inspex_judgement_set_rating(j, value, err);
    }
    case INSPEX_PLAN_STRAND:
        return is_blank(value) ? INSPEX_OK : set_strand(c, insp, value, err);
    case INSPEX_PLAN_ITEM: {
        if (is_blank(value))
            return INSPEX_OK;
        while (inspex_inspection_item_count(insp, c->kind) < c->index)
            if (inspex_inspection_add_item(insp, c->kind) == NULL)
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return inspex_item_set(inspex_inspection_item(insp, c->kind,
                                                      c->index - 1),
                               c->attr, value, flags, err);
    }
    case INSPEX_PLAN_EXTRA:
        return inspex_inspection_add_extra(insp, c->name, value, err);
    default: return INSPEX_OK; /* row roles: the importer reads its rows */
    }
}

inspex_status_t inspex_plan_apply(const inspex_plan_t *plan, size_t i,
                                  inspex_inspection_t *insp, const char *value,
                                  unsigned flags, inspex_error_t *err)
{
    const inspex_plan_column_t *c = inspex_plan_column(plan, i);

    if (c == NULL)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "inspex_plan_apply: no column %zu", i);
    return apply(c, insp, value, flags, err);
}

inspex_status_t inspex_plan_apply_row(const inspex_plan_t *plan,
                                      const char *const *values, size_t n,
                                      inspex_inspection_t *insp, unsigned flags,
                                      size_t *at, inspex_error_t *err)
{
    inspex_status_t st;

    if (plan->keys || n > plan->n)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "inspex_plan_apply_row: %zu values for a "
                                "header of %zu",
                                n, plan->keys ? (size_t)0 : plan->n);
    for (size_t i = 0; i < n; i++) {
        const inspex_plan_column_t *c = &plan->cols[i]->pub;
        const char *v = values[i];
        /* the cells a ratings table is made of, here rather than through
         * apply: a call per cell costs as much as the choosing */
        if (c->target == INSPEX_PLAN_FIELD) {
            st = inspex_inspection_set(insp, c->field, v, flags, err);
        } else if (c->target == INSPEX_PLAN_STANDARD && c->title == NULL) {
            inspex_judgement_t *j;
            if (is_blank(v))
                continue;
            j = add_judgement(c, insp, err);
            st = j ? inspex_judgement_set_rating(j, v, err)
                   : inspex_error_code(err);
        } else if (c->target == INSPEX_PLAN_EXTRA) {
            /* a column with no name (a sheet's margin, a trailing comma)
             * keeps only what is written in it */
            if (c->name[0] == '\0' && is_blank(v))
                continue;
            st = inspex_inspection_add_extra(insp, c->name, v, err);
        } else {
            st = apply(c, insp, v, flags, err);
        }
        if (st != INSPEX_OK) {
            if (at)
                *at = i;
            return st;
        }
    }
    return INSPEX_OK;
}

/* ---- telling the user --------------------------------------------------- */

char *inspex_plan_describe(const inspex_plan_t *plan, size_t i, char *buf,
                           size_t size)
{
    const inspex_plan_column_t *c = inspex_plan_column(plan, i);
    char what[96];

    if (size == 0)
        return buf;
    if (c == NULL) {
        buf[0] = '\0';
        return buf;
    }
    switch (c->target) {
    case INSPEX_PLAN_FIELD:
        snprintf(what, sizeof(what), "%s", inspex_field_name(c->field));
        break;
    case INSPEX_PLAN_STANDARD:
        snprintf(what, sizeof(what), "standard %s", c->code);
        break;
    case INSPEX_PLAN_STRAND:
        snprintf(what, sizeof(what), "strand '%s' of standard %s", c->strand,
                 c->code);
        break;
    case INSPEX_PLAN_ITEM:
        snprintf(what, sizeof(what), "%s %zu %s",
                 inspex_item_kind_name(c->kind), c->index,
                 inspex_attr_name(c->attr));
        break;
    case INSPEX_PLAN_ROW_CODE:
        snprintf(what, sizeof(what), "each row's standard code");
        break;
    case INSPEX_PLAN_ROW_TITLE:
        snprintf(what, sizeof(what), "each row's standard title");
        break;
    case INSPEX_PLAN_ROW_RATING:
        snprintf(what, sizeof(what), "each row's rating");
        break;
    case INSPEX_PLAN_ROW_ACTION:
        snprintf(what, sizeof(what), "each row's action %s",
                 inspex_attr_name(c->attr));
        break;
    default: snprintf(what, sizeof(what), "extra"); break;
    }
    snprintf(buf, size, "\"%s\" -> %s (%s)", c->name, what,
             c->reason ? c->reason : "");
    return buf;
}

/* ---- finding a table's header (issue 14) -------------------------------- */

int inspex_plan_is_header_row(const inspex_plan_t *plan,
                              const char *const *cells, size_t n,
                              inspex_plan_row_score_t *score)
{
    inspex_plan_row_score_t s = {0, 0, 0};
    size_t exact = 0; /* cells that are a field's own name ("body_name") */

    for (size_t i = 0; i < n; i++) {
        col_t c;
        const char *h;
        int how;
        if (cells[i] == NULL || is_blank(cells[i]))
            continue;
        s.cells++;
        h = inspex_header_map_apply(plan->map, cells[i]);
        if (long_role(h) >= 0) { /* a long layout's code, title, rating */
            s.recognised++;
            continue;
        }
        memset(&c, 0, sizeof(c));
        c.name = (char *)cells[i];
        c.len = strlen(cells[i]);
        if (decide(plan, &c, INSPEX_LAYOUT_WIDE, NULL, NULL) != 0) {
            c.name = NULL;
            col_clear(&c);
            return -1;
        }
        /* a name that fits two standards or fields still names them */
        s.recognised += c.pub.target != INSPEX_PLAN_EXTRA || c.pub.ambiguous;
        s.standards += c.pub.target == INSPEX_PLAN_STANDARD;
        exact += c.pub.target == INSPEX_PLAN_FIELD &&
                 inspex__match_field_how(h, &how) == (int)c.pub.field &&
                 how == INSPEX__MATCH_NAME;
        c.name = NULL; /* borrowed */
        col_clear(&c);
    }
    if (score)
        *score = s;
    /* three of the model's own names are a header however many other
     * columns it has (inspex's own CSV of records with 40 extra keys):
     * no title row or data row reads "id", "body_name", "published" */
    return (s.recognised >= 2 && s.recognised * 3 >= s.cells) || exact >= 3;
}

/* 1 when the word w (a lower-case ASCII word) starts s, whole. */
static int starts_word(const char *s, const char *w)
{
    size_t i = 0;

    for (; w[i]; i++)
        if (s[i] == '\0' || (s[i] | 0x20) != w[i])
            return 0;
    return !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'));
}

inspex_row_kind_t inspex_plan_row_kind(const char *const *cells, size_t n,
                                       size_t ncols)
{
    static const char *const totals[] = {"total",       "totals",  "subtotal",
                                         "grand total", "average", "mean",
                                         "median",      "sum",     NULL};
    const char *first = NULL;
    size_t said = 0, at = 0;

    /* what counts is the first value, and whether there is a second */
    for (size_t i = 0; i < n && said < 2; i++) {
        if (cells[i] == NULL || is_blank(cells[i]))
            continue;
        if (said++ == 0) {
            first = cells[i];
            at = i;
        }
    }
    if (said == 0)
        return INSPEX_ROW_BLANK;
    while (*first == ' ' || *first == '\t')
        first++;
    for (size_t i = 0; totals[i]; i++) /* the first letter before the call */
        if ((*first | 0x20) == totals[i][0] && starts_word(first, totals[i]))
            return INSPEX_ROW_TOTAL;
    /* a note is written at the row's start (a sheet's column A); one
     * value further along is a record with the rest of its cells empty */
    return said == 1 && ncols >= 3 && at == 0 ? INSPEX_ROW_NOTE
                                              : INSPEX_ROW_RECORD;
}

inspex_status_t inspex_plan_add_renaming(inspex_plan_t *plan, const char *name,
                                         size_t *dup, inspex_error_t *err)
{
    size_t len = strlen(name), at;
    char *alt;

    *dup = 0;
    if (plan->keys || plan->decided ||
        (at = lookup(plan, name, len, hash_n(name, len))) == 0)
        return inspex_plan_add(plan, name, err);
    if ((alt = malloc(len + 32)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (size_t k = 2;; k++) {
        size_t alen;
        if (len == 0)
            snprintf(alt, 32, "column_%zu", plan->n + k - 1);
        else {
            memcpy(alt, name, len);
            snprintf(alt + len, 32, "_%zu", k);
        }
        alen = strlen(alt);
        if (lookup(plan, alt, alen, hash_n(alt, alen)) == 0)
            break;
    }
    *dup = at;
    inspex_status_t st = inspex_plan_add(plan, alt, err);
    free(alt);
    return st;
}
