/* SPDX-License-Identifier: MIT */
/*
 * json_read.c - the JSON plugins' record reader: an inspection from a
 * jansson object, either the inspex record shape or a flat object whose
 * keys are mapped to the model like column headers (nested objects and
 * arrays flattened first) through the library's header plan, which
 * decides what each key means once and finds it again by a hash; and the
 * NDJSON importer, a record a line.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_fast.h"

inspex_status_t json__reader_open(rd_t *r, inspex_import_t *ctx,
                                  inspex_error_t *err)
{
    r->ctx = ctx;
    r->source = inspex_import_source(ctx);
    r->line = 0;
    r->field_max = inspex_import_limit(ctx, INSPEX_LIMIT_FIELD);
    return inspex_plan_new(inspex_import_frameworks(ctx),
                           inspex_import_option(ctx, "map"), &r->plan, err);
}

void json__reader_close(rd_t *r)
{
    inspex_plan_free(r->plan);
    r->plan = NULL;
    for (int i = 0; i < 3; i++) {
        free(r->fbuf[i].p);
        inspex_buf_init(&r->fbuf[i], 0);
    }
}

/* The decoded length of the JSON string whose text (after its opening
 * quote) starts at p, up to end; *next gets the byte after its closing
 * quote (or end). Escapes are counted as what they decode to; a bad one
 * as its bytes (jansson says what is wrong with it). */
static size_t decoded_length(const char *p, const char *end, const char **next)
{
    size_t n = 0;

    while (p < end && *p != '"') {
        const char *q = memchr(p, '\\', (size_t)(end - p));
        const char *quote = memchr(p, '"', (size_t)(end - p));
        if (quote && (q == NULL || quote < q)) {
            n += (size_t)(quote - p);
            p = quote;
            break;
        }
        if (q == NULL) {
            n += (size_t)(end - p);
            p = end;
            break;
        }
        n += (size_t)(q - p);
        p = q + 1;
        if (p < end && *p == 'u' && end - p >= 5) {
            unsigned long u = strtoul((char[5]){p[1], p[2], p[3], p[4], 0},
                                      NULL, 16);
            /* a surrogate pair's two halves: 2 + 2 bytes */
            n += u < 0x80                    ? 1
                 : u < 0x800                 ? 2
                 : u >= 0xD800 && u < 0xE000 ? 2
                                             : 3;
            p += 5;
        } else if (p < end) {
            n++;
            p++;
        }
    }
    *next = p < end ? p + 1 : end;
    return n;
}

int json__over_field(rd_t *r, const char *text, size_t len, inspex_status_t *st,
                     inspex_error_t *err)
{
    const char *p = text, *end = text + len;

    if (r->field_max == 0 || len <= r->field_max || r->ctx == NULL)
        return 0;
    while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
        size_t n = decoded_length(p + 1, end, &p);
        if (n > r->field_max) {
            inspex_limit_error(err, INSPEX_LIMIT_FIELD, r->field_max, n, 0,
                               r->source, r->line, 0);
            *st = inspex_import_reject(r->ctx, text, len, err);
            return 1;
        }
    }
    return 0;
}

/* An invalid-data error at the record's line. */
#define fail(r, err, ...)                                                   \
    inspex_error_set_at(err, INSPEX_ERR_INVALID, (r)->source, (r)->line, 0, \
                        __VA_ARGS__)

/* The shortest text that reads back as the same double. */
void json__real_text(double d, char *buf, size_t size)
{
    char t[64];
    int prec;

    snprintf(buf, size, "%.17g", d);
    for (prec = 1; prec <= 17; prec++) {
        snprintf(t, sizeof(t), "%.*g", prec, d);
        if (strtod(t, NULL) == d)
            break;
    }
    if (prec > 17)
        return;
    /* The shortest %g of a whole 50.0 is "5e+01", which the model's
     * number fields do not read: in the range people write, the shortest
     * plain decimal that reads back the same, with at least one decimal
     * so that it is written back as the real it was ("50.0"). */
    if (strchr(t, 'e') && fabs(d) >= 1e-4 && fabs(d) < 1e15) {
        for (int dec = 1; dec <= 17; dec++) {
            char f[64];
            snprintf(f, sizeof(f), "%.*f", dec, d);
            if (strtod(f, NULL) == d) {
                snprintf(buf, size, "%s", f);
                return;
            }
        }
    }
    if (strpbrk(t, ".en") == NULL && size > strlen(t) + 2) {
        snprintf(buf, size, "%s.0", t); /* a whole real stays a real */
        return;
    }
    snprintf(buf, size, "%s", t);
}

const char *json__number_text(const char *tok, char *buf, size_t size)
{
    if (strpbrk(tok, ".eE")) {
        json__real_text(strtod(tok, NULL), buf, size);
        return buf;
    }
    if (strcmp(tok, "-0") == 0)
        return "0"; /* jansson reads -0 as 0 */
    return tok;
}

/* ---- numbers as written ---------------------------------------------------
 * jansson keeps a number as a json_int_t or a double, not as its text, so
 * "1.10" would come back "1.1" and 9007199254740993.0 as ...992. The
 * record's text is at hand: its numbers, in document order, are the
 * number values of jansson's tree in the same order (objects keep their
 * keys' order and a repeated key is refused), so a walk of both pairs
 * each value with its text. */

typedef struct num_at {
    const json_t *v;
    const char *p;
    size_t n;
} num_at_t;

struct json_numbers {
    num_at_t *at;
    size_t n, cap;
    const char *raw, *end, *scan; /* the record's text; where the scan is */
    char *text;                   /* the last one asked for, as a string */
    int bad;                      /* the walks disagreed: not used */
};

/* The next number token of the text at or after nums->scan, outside
 * strings; 0 when there is none. */
static int next_number(struct json_numbers *nm, const char **p, size_t *n)
{
    const char *s = nm->scan;

    while (s < nm->end) {
        if (*s == '"') {
            for (s++; s < nm->end && *s != '"'; s++)
                if (*s == '\\')
                    s++;
            s++;
            continue;
        }
        if (*s == '-' || (*s >= '0' && *s <= '9')) {
            const char *b = s;
            while (s < nm->end &&
                   (strchr("+-.eE", *s) || (*s >= '0' && *s <= '9')))
                s++;
            *p = b;
            *n = (size_t)(s - b);
            nm->scan = s;
            return 1;
        }
        s++;
    }
    nm->scan = s;
    return 0;
}

static void pair_numbers(struct json_numbers *nm, const json_t *v)
{
    if (nm->bad)
        return;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach ((json_t *)v, k, x)
            pair_numbers(nm, x);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x)
            pair_numbers(nm, x);
    } else if (json_is_number(v)) {
        const char *p;
        size_t n;
        if (!next_number(nm, &p, &n)) {
            nm->bad = 1;
            return;
        }
        if (nm->n == nm->cap) {
            size_t cap = nm->cap ? nm->cap * 2 : 16;
            num_at_t *a = realloc(nm->at, cap * sizeof(*a));
            if (a == NULL) {
                nm->bad = 1;
                return;
            }
            nm->at = a;
            nm->cap = cap;
        }
        nm->at[nm->n].v = v;
        nm->at[nm->n].p = p;
        nm->at[nm->n++].n = n;
    }
}

static int by_value(const void *a, const void *b)
{
    const json_t *x = ((const num_at_t *)a)->v, *y = ((const num_at_t *)b)->v;
    return x < y ? -1 : x > y;
}

const char *json__number_written(const rd_t *r, const json_t *v)
{
    struct json_numbers *nm = r->nums;
    num_at_t key, *hit;
    char *t;

    if (nm == NULL || nm->bad || nm->n == 0)
        return NULL;
    key.v = v;
    hit = bsearch(&key, nm->at, nm->n, sizeof(*nm->at), by_value);
    if (hit == NULL || (t = realloc(nm->text, hit->n + 1)) == NULL)
        return NULL;
    memcpy(t, hit->p, hit->n);
    t[hit->n] = '\0';
    nm->text = t;
    return t;
}

json_t *json__load(const char *text, size_t len, size_t flags, json_error_t *je)
{
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | flags, je);

    /* "too big integer", "too big negative integer" */
    if (v == NULL && strncmp(je->text, "too big ", 8) == 0 &&
        strstr(je->text, "integer"))
        v = json_loadb(text, len,
                       JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | flags,
                       je);
    return v;
}

/* A whole number of a strand: an integer, or (when the record was read
 * with its integers as reals) a number written as one; 0 for anything
 * else, one past an int among them (not cut to one). */
static int whole(const rd_t *r, const json_t *v, int *out)
{
    const char *t;
    long long n;

    if (json_is_integer(v)) {
        n = (long long)json_integer_value(v);
    } else {
        if (!json_is_real(v) || (t = json__number_written(r, v)) == NULL ||
            strpbrk(t, ".eE"))
            return 0;
        errno = 0;
        n = strtoll(t, NULL, 10);
        if (errno == ERANGE)
            return 0;
    }
    if (n < INT_MIN || n > INT_MAX)
        return 0;
    *out = (int)n;
    return 1;
}

/* Text for a scalar of the record being read: a number as written. */
static int record_scalar(const rd_t *r, json_t *v, char *buf, size_t size,
                         const char **out, int *kind)
{
    const char *t;

    *kind = json_is_string(v) ? JV_STRING : JV_OTHER;
    if (json_is_number(v) && (t = json__number_written(r, v)) != NULL) {
        *kind = JV_NUMBER;
        *out = t;
        return 1;
    }
    if (!scalar_text(v, buf, size, out))
        return 0;
    if (json_is_number(v))
        *kind = JV_NUMBER; /* normalised already, which is what it gets */
    return 1;
}

static inspex_status_t with_line(rd_t *r, inspex_status_t st,
                                 inspex_error_t *err)
{
    if (st != INSPEX_OK)
        inspex_error_locate(err, r->source, r->line, 0);
    return st;
}

static inspex_status_t read_judgements(rd_t *r, inspex_inspection_t *insp,
                                       json_t *obj, inspex_error_t *err)
{
    const char *code;
    json_t *jv;

    if (!json_is_object(obj))
        return fail(r, err,
                    "\"judgements\" must be an object keyed by "
                    "standard code");
    json_object_foreach (obj, code, jv) {
        inspex_judgement_t *j;
        json_t *t, *rt, *strands;

        if (!json_is_object(jv))
            return fail(r, err, "judgement \"%s\" must be an object", code);
        j = inspex_inspection_add_judgement(insp, code, err);
        if (j == NULL)
            return with_line(r, inspex_error_code(err), err);
        t = json_object_get(jv, "title");
        rt = json_object_get(jv, "rating");
        if (t && !json_is_string(t))
            return fail(r, err, "title of judgement \"%s\" must be a string",
                        code);
        if (rt && !json_is_string(rt) && !json_is_null(rt))
            return fail(r, err, "rating of judgement \"%s\" must be a string",
                        code);
        if (t && inspex_judgement_set_title(j, json_string_value(t), err))
            return with_line(r, inspex_error_code(err), err);
        if (rt && json_is_string(rt) &&
            inspex_judgement_set_rating(j, json_string_value(rt), err))
            return with_line(r, inspex_error_code(err), err);
        strands = json_object_get(jv, "strands");
        if (strands && !json_is_array(strands))
            return fail(r, err,
                        "strands of judgement \"%s\" must be an "
                        "array",
                        code);
        size_t i;
        json_t *s;
        json_array_foreach (strands, i, s) {
            json_t *n = json_object_get(s, "name"),
                   *a = json_object_get(s, "numerator"),
                   *b = json_object_get(s, "denominator");
            int na, nb;
            if (!json_is_string(n) || !whole(r, a, &na) || !whole(r, b, &nb))
                return fail(r, err,
                            "a strand of judgement \"%s\" needs a "
                            "name and whole-number numerator and "
                            "denominator",
                            code);
            if (inspex_judgement_add_strand(j, json_string_value(n), na, nb,
                                            err) != INSPEX_OK)
                return with_line(r, inspex_error_code(err), err);
        }
    }
    return INSPEX_OK;
}

static inspex_status_t read_items(rd_t *r, inspex_inspection_t *insp,
                                  inspex_item_kind_t kind, json_t *arr,
                                  inspex_error_t *err)
{
    size_t i;
    json_t *obj;

    if (!json_is_array(arr))
        return fail(r, err, "\"%s\" must be an array", item_keys[kind]);
    json_array_foreach (arr, i, obj) {
        const char *k;
        json_t *v;
        inspex_item_t *item;

        if (!json_is_object(obj))
            return fail(r, err, "each of \"%s\" must be an object",
                        item_keys[kind]);
        item = inspex_inspection_add_item(insp, kind);
        if (item == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        json_object_foreach (obj, k, v) {
            int a = inspex_match_attr(kind, k), vk;
            char num[64];
            const char *text;
            if (a < 0)
                return fail(r, err, "unknown key \"%s\" in %s", k,
                            item_keys[kind]);
            if (!record_scalar(r, v, num, sizeof(num), &text, &vk))
                return fail(r, err, "\"%s\" in %s must be a string or number",
                            k, item_keys[kind]);
            if (vk == JV_NUMBER)
                text = json__number_text(text, num, sizeof(num));
            if (inspex_item_set(item, (inspex_attr_t)a, text, 0, err))
                return with_line(r, inspex_error_code(err), err);
        }
    }
    return INSPEX_OK;
}

static inspex_status_t read_extra(rd_t *r, inspex_inspection_t *insp,
                                  json_t *arr, inspex_error_t *err)
{
    size_t i;
    json_t *pair;

    if (!json_is_array(arr))
        return fail(r, err,
                    "\"extra\" must be an array of [key, value] "
                    "pairs");
    json_array_foreach (arr, i, pair) {
        if (!json_is_array(pair) || json_array_size(pair) != 2 ||
            !json_is_string(json_array_get(pair, 0)) ||
            !json_is_string(json_array_get(pair, 1)))
            return fail(r, err,
                        "\"extra\" must be an array of [key, value] "
                        "string pairs");
        if (inspex_inspection_add_extra(
                insp, json_string_value(json_array_get(pair, 0)),
                json_string_value(json_array_get(pair, 1)), err))
            return with_line(r, inspex_error_code(err), err);
    }
    return INSPEX_OK;
}

/* Tells the user (-v) what a key seen for the first time means, and
 * warns of an ambiguous one, as the CSV reader does for its header. */
static void tell_key(rd_t *r, size_t i)
{
    const inspex_plan_column_t *c = inspex_plan_column(r->plan, i);
    char line[512];

    if (r->ctx == NULL)
        return; /* a reader without a host (fuzz/json_fastpath.c) */
    if (inspex_import_verbose(r->ctx))
        inspex_import_note(r->ctx, r->line, 0, "key %s",
                           inspex_plan_describe(r->plan, i, line,
                                                sizeof(line)));
    if (c->ambiguous && c->code)
        inspex_import_warn(r->ctx, r->line, 0,
                           "key \"%s\" could be standard %s; kept as an "
                           "extra field, not guessed",
                           c->matched, c->code);
    else if (c->ambiguous)
        inspex_import_warn(r->ctx, r->line, 0, "key \"%s\": %s", c->matched,
                           c->reason);
}

/* Two keys of one record that mean one field: the first wins and the
 * second goes to extra, as for two such CSV columns; a standard's key
 * holding a number, not a rating word, is kept in extra too. */
inspex_status_t json__flat_value(rd_t *r, inspex_inspection_t *insp,
                                 const char *k, size_t klen, const char *text,
                                 int kind, int *taken, inspex_error_t *err)
{
    const inspex_plan_column_t *c;
    size_t i;
    inspex_status_t st;
    int is_string = kind == JV_STRING;
    char num[64];

    struct json_key_slot *ks = r->kpos < sizeof(r->kc) / sizeof(r->kc[0])
                                   ? &r->kc[r->kpos]
                                   : NULL;

    r->kpos++;
    if (ks && klen && ks->len == klen && same_bytes(ks->text, k, klen)) {
        i = ks->index; /* a key met before: never new */
    } else {
        if ((st = inspex_plan_key(r->plan, k, klen, &i, err)) != INSPEX_OK)
            return st;
        if (inspex_plan_is_new(r->plan, i))
            tell_key(r, i);
        /* not the plan's scratch column (a key past its limit) */
        if (ks && klen < sizeof(ks->text) && i < inspex_plan_count(r->plan)) {
            memcpy(ks->text, k, klen);
            ks->len = klen;
            ks->index = i;
        } else if (ks) {
            ks->len = 0;
        }
    }
    c = inspex_plan_column(r->plan, i);
    if (c->target == INSPEX_PLAN_FIELD) {
        int f = (int)c->field;
        if (taken[f])
            return with_line(r, inspex_inspection_add_extra(insp, k, text, err),
                             err);
        /* a number field's string ("36", as csv.DictReader writes every
         * value) is read as its CSV cell is: the model says if it is no
         * number */
        taken[f] = 1;
    } else if (c->target == INSPEX_PLAN_STANDARD && !is_string) {
        return with_line(r, inspex_inspection_add_extra(insp, k, text, err),
                         err);
    }
    /* extra keeps a number as written; a field reads it as a number */
    if (kind == JV_NUMBER && c->target != INSPEX_PLAN_EXTRA)
        text = json__number_text(text, num, sizeof(num));
    /* jansson gives only valid UTF-8, and the fast path checks the whole
     * record's text first: the setters need not look again */
    return with_line(r,
                     inspex_plan_apply(r->plan, i, insp, text,
                                       INSPEX_VALUE_UTF8, err),
                     err);
}

static inspex_status_t flat_pair(rd_t *r, inspex_inspection_t *insp,
                                 const char *k, json_t *v, int *taken,
                                 inspex_error_t *err)
{
    char num[64];
    const char *text;
    int kind;

    if (!record_scalar(r, v, num, sizeof(num), &text, &kind))
        return fail(r, err, "key \"%s\" holds a value of no known type", k);
    return json__flat_value(r, insp, k, strlen(k), text, kind, taken, err);
}

static inspex_status_t flatten(rd_t *r, inspex_inspection_t *insp,
                               const char *prefix, json_t *v, int *taken,
                               int depth, inspex_error_t *err)
{
    char key[512];
    inspex_status_t st = INSPEX_OK;

    if (depth > 16)
        return fail(r, err, "key \"%s\" is nested too deeply", prefix);
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        size_t pl = strlen(prefix);
        json_object_foreach (v, k, x) {
            size_t kl = strlen(k);
            if (pl + 1 + kl >= sizeof(key))
                return fail(r, err, "key \"%s.%s\" is too long", prefix, k);
            memcpy(key, prefix, pl);
            key[pl] = '.';
            memcpy(key + pl + 1, k, kl + 1);
            if ((st = flatten(r, insp, key, x, taken, depth + 1, err)))
                return st;
        }
        return INSPEX_OK;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach (v, i, x) {
            snprintf(key, sizeof(key), "%s.%zu", prefix, i + 1);
            if ((st = flatten(r, insp, key, x, taken, depth + 1, err)))
                return st;
        }
        return INSPEX_OK;
    }
    return flat_pair(r, insp, prefix, v, taken, err);
}

static inspex_status_t read_members(rd_t *r, json_t *obj,
                                    inspex_inspection_t *insp,
                                    inspex_error_t *err);

inspex_status_t json__read_record(rd_t *r, json_t *obj, const char *raw,
                                  size_t len, inspex_inspection_t *insp,
                                  inspex_error_t *err)
{
    struct json_numbers nm;
    inspex_status_t st;

    if (!json_is_object(obj))
        return fail(r, err, "an inspection must be a JSON object");
    memset(&nm, 0, sizeof(nm));
    if (raw) {
        nm.raw = nm.scan = raw;
        nm.end = raw + len;
        pair_numbers(&nm, obj);
        if (nm.n > 1)
            qsort(nm.at, nm.n, sizeof(*nm.at), by_value);
        r->nums = &nm;
    }
    st = read_members(r, obj, insp, err);
    r->nums = NULL;
    free(nm.at);
    free(nm.text);
    return st;
}

static inspex_status_t read_members(rd_t *r, json_t *obj,
                                    inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    const char *k;
    json_t *v;
    inspex_status_t st;
    int taken[INSPEX_FIELD__COUNT] = {0};

    inspex_inspection_set_origin(insp, r->source, r->line);
    r->kpos = 0;
    json_object_foreach (obj, k, v) {
        if (strcmp(k, "judgements") == 0) {
            st = read_judgements(r, insp, v, err);
        } else if (strcmp(k, "extra") == 0 && json_is_array(v)) {
            st = read_extra(r, insp, v, err);
        } else {
            int kind = -1;
            for (int i = 0; i < INSPEX_ITEM__COUNT; i++)
                if (strcmp(k, item_keys[i]) == 0 && json_is_array(v))
                    kind = i;
            if (kind >= 0) {
                st = read_items(r, insp, (inspex_item_kind_t)kind, v, err);
            } else if (json_is_object(v) || json_is_array(v)) {
                /* Other tools nest what was a flat key ("1.1" becomes
                 * {"1": {"1": ...}} in Miller's JSON): flatten it back,
                 * joining keys with "." and numbering arrays from 1. */
                st = flatten(r, insp, k, v, taken, 0, err);
            } else {
                st = flat_pair(r, insp, k, v, taken, err);
            }
        }
        if (st != INSPEX_OK)
            return with_line(r, st, err);
    }
    return INSPEX_OK;
}

inspex_status_t json__syntax(rd_t *r, const json_error_t *je,
                             unsigned long line_offset, inspex_error_t *err)
{
    inspex_status_t code = strstr(je->text, "decode") &&
                                   strstr(je->text, "byte")
                               ? INSPEX_ERR_ENCODING
                               : INSPEX_ERR_SYNTAX;
    /* jansson names its own flag: say what is wrong instead */
    const char *nul = strstr(je->text,
                             " is not allowed without JSON_ALLOW_NUL");
    const char *near = nul ? strstr(nul, " near ") : NULL;

    return inspex_error_set_at(err, code, r->source,
                               je->line > 0
                                   ? (unsigned long)je->line + line_offset
                                   : r->line,
                               je->column > 0 ? (unsigned long)je->column : 0,
                               "%s%s",
                               nul ? "\\u0000 (a NUL character), "
                                     "which no value can hold,"
                                   : je->text,
                               nul && near ? near : "");
}

/* Hands a built inspection on, or rejects its record; insp is taken. */
inspex_status_t json__finish(rd_t *r, inspex_inspection_t *insp,
                             inspex_status_t st, const char *raw, size_t rawlen,
                             json_t *obj, inspex_error_t *err)
{
    if (st == INSPEX_OK) {
        st = inspex_import_emit(r->ctx, insp, raw, rawlen, err);
        if (st != INSPEX_ERR_INVALID || raw)
            return st;
    } else {
        inspex_inspection_free(insp);
    }
    if (st == INSPEX_ERR_NOMEM)
        return st;
    if (raw)
        return inspex_import_reject(r->ctx, raw, rawlen, err);
    /* A record of a whole document: reject its JSON text. */
    char *text = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER)
                     : NULL;
    st = inspex_import_reject(r->ctx, text ? text : "", text ? strlen(text) : 0,
                              err);
    free(text);
    return st;
}

inspex_status_t json__import_lines(inspex_import_t *ctx, inspex_error_t *err)
{
    inspex_reader_t *rd = inspex_import_reader(ctx);
    rd_t r = {0};
    inspex_status_t st;
    /* a record a line, held to the line limit */
    size_t max = inspex_import_limit(ctx, INSPEX_LIMIT_LINE);
    int skip = inspex_import_keep_going(ctx);

    if ((st = json__reader_open(&r, ctx, err)) != INSPEX_OK) {
        json__reader_close(&r);
        return st;
    }
    st = inspex_reader_skip_bom(rd, err);

    while (st == INSPEX_OK) {
        const char *line;
        size_t len;
        json_error_t je;
        json_t *obj;

        st = inspex_reader_getline_max(rd, max, skip, &line, &len, err);
        if (st == INSPEX_ERR_LIMIT) { /* a line over the line limit */
            inspex_error_locate(err, NULL, ++r.line, 0);
            st = inspex_import_reject_cut(ctx, line,
                                          len < INSPEX_LIMIT_KEEP
                                              ? len
                                              : INSPEX_LIMIT_KEEP,
                                          len, err);
            continue;
        }
        if (st != INSPEX_OK || line == NULL)
            break;
        r.line++;
        if (strspn(line, " \t") == len)
            continue; /* blank lines separate nothing */
        if (try_fast(&r, line, len, &st, err)) {
            if (st != INSPEX_OK)
                break;
            continue;
        }
        obj = json__load(line, len, 0, &je);
        if (obj == NULL) {
            json__syntax(&r, &je, r.line - 1, err);
            st = inspex_import_reject(ctx, line, len, err);
        } else {
            st = emit_object(&r, obj, line, len, err);
            json_decref(obj);
        }
        if (st != INSPEX_OK)
            break;
    }
    json__reader_close(&r);
    return st;
}
