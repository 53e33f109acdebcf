/* SPDX-License-Identifier: MIT */
/* options.c - -O key=value lists checked against plugins' option tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <inspex/host.h>

#include "internal.h"
#include "pipeline.h"

typedef struct opt {
    unsigned scope; /* INSPEX_OPT_IMPORT, INSPEX_OPT_EXPORT or both */
    char *key;
    char *value;
} opt_t;

struct inspex_options {
    opt_t *o;
    size_t n, cap;
};

inspex_options_t *inspex_options_new(void)
{
    return calloc(1, sizeof(inspex_options_t));
}

void inspex_options_free(inspex_options_t *opts)
{
    if (opts == NULL)
        return;
    for (size_t i = 0; i < opts->n; i++) {
        free(opts->o[i].key);
        free(opts->o[i].value);
    }
    free(opts->o);
    free(opts);
}

inspex_status_t inspex_options_add(inspex_options_t *opts, const char *arg,
                                   inspex_error_t *err)
{
    const char *eq = strchr(arg, '=');
    unsigned scope = INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT;
    const char *key = arg;

    if (eq == NULL || eq == arg)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "option '%s' is not of the form key=value",
                                arg);
    if (strncmp(arg, "in.", 3) == 0) {
        scope = INSPEX_OPT_IMPORT;
        key += 3;
    } else if (strncmp(arg, "out.", 4) == 0) {
        scope = INSPEX_OPT_EXPORT;
        key += 4;
    }
    if (key == eq)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "option '%s' has no name", arg);
    if (opts->n == opts->cap) {
        size_t cap = opts->cap ? opts->cap * 2 : 8;
        opt_t *o = realloc(opts->o, cap * sizeof(*o));
        if (o == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        opts->o = o;
        opts->cap = cap;
    }
    opts->o[opts->n].scope = scope;
    opts->o[opts->n].key = inspex__strndup(key, (size_t)(eq - key));
    opts->o[opts->n].value = inspex__strdup(eq + 1);
    if (opts->o[opts->n].key == NULL || opts->o[opts->n].value == NULL) {
        free(opts->o[opts->n].key);
        free(opts->o[opts->n].value);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    opts->n++;
    return INSPEX_OK;
}

/* The declaration of name in plugin for scope, or NULL. */
static const inspex_option_t *declared(const inspex_plugin_t *p, unsigned scope,
                                       const char *name)
{
    if (p == NULL || p->options == NULL)
        return NULL;
    for (const inspex_option_t *o = p->options; o->name; o++)
        if ((o->scope & scope) && strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

int inspex__parse_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "1", "on"};
    static const char *const no[] = {"false", "no", "0", "off"};

    for (int i = 0; i < 4; i++) {
        if (inspex__strcasecmp(v, yes[i]) == 0)
            return 1;
        if (inspex__strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

int inspex__parse_char(const char *v)
{
    if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
        return '\t';
    if (strcmp(v, "space") == 0)
        return ' ';
    if (v[0] != '\0' && v[1] == '\0')
        return (unsigned char)v[0];
    return -1;
}

static int in_choices(const char *choices, const char *v)
{
    size_t len = strlen(v);

    for (const char *p = choices; p && *p;) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == len && strncmp(p, v, n) == 0)
            return 1;
        p += n;
        if (*p == '|')
            p++;
    }
    return 0;
}

inspex_status_t inspex__option_check_value(const inspex_option_t *o,
                                           const char *v, inspex_error_t *err)
{
    switch (o->type) {
    case INSPEX_OPT_STRING: return INSPEX_OK;
    case INSPEX_OPT_BOOL:
        if (inspex__parse_bool(v) < 0)
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "option '%s' takes true or false, not '%s'",
                                    o->name, v);
        return INSPEX_OK;
    case INSPEX_OPT_INT: {
        const char *p = v;
        if (*p == '-')
            p++;
        if (*p == '\0' || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9)
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "option '%s' takes a whole number, not "
                                    "'%s'",
                                    o->name, v);
        return INSPEX_OK;
    }
    case INSPEX_OPT_CHOICE:
        if (!in_choices(o->choices, v))
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "option '%s' takes one of %s, not '%s'",
                                    o->name, o->choices ? o->choices : "", v);
        return INSPEX_OK;
    case INSPEX_OPT_CHAR:
        if (inspex__parse_char(v) < 0)
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "option '%s' takes one character (or "
                                    "'tab'), not '%s'",
                                    o->name, v);
        return INSPEX_OK;
    }
    return INSPEX_OK;
}

/* 1 when prefix+name is already an item of the ", "-separated list. */
static int listed(const inspex_buf_t *b, const char *prefix, const char *name)
{
    size_t pl = strlen(prefix), nl = strlen(name);

    for (const char *p = b->p; p && *p;) {
        const char *e = strstr(p, ", ");
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == pl + nl && strncmp(p, prefix, pl) == 0 &&
            strncmp(p + pl, name, nl) == 0)
            return 1;
        p += len;
        if (*p)
            p += 2;
    }
    return 0;
}

static void list_names(inspex_buf_t *b, const inspex_plugin_t *p,
                       unsigned scope, const char *prefix)
{
    if (p == NULL || p->options == NULL)
        return;
    for (const inspex_option_t *o = p->options; o->name; o++) {
        if (!(o->scope & scope) || listed(b, prefix, o->name))
            continue;
        if (b->len)
            inspex_buf_add(b, ", ", 2);
        inspex_buf_add(b, prefix, strlen(prefix));
        inspex_buf_add(b, o->name, strlen(o->name));
    }
}

inspex_status_t inspex_options_check(const inspex_options_t *opts,
                                     const inspex_plugin_t *importer,
                                     const inspex_plugin_t *exporter,
                                     inspex_error_t *err)
{
    for (size_t i = 0; opts && i < opts->n; i++) {
        const opt_t *o = &opts->o[i];
        const inspex_option_t *in = NULL, *out = NULL;
        inspex_status_t st;

        /* out.x with nothing exported (a run that only checks) */
        if (exporter == NULL && o->scope == INSPEX_OPT_EXPORT)
            continue;

        if (o->scope & INSPEX_OPT_IMPORT)
            in = declared(importer, INSPEX_OPT_IMPORT, o->key);
        if (o->scope & INSPEX_OPT_EXPORT)
            out = declared(exporter, INSPEX_OPT_EXPORT, o->key);
        if (in == NULL && out == NULL) {
            inspex_buf_t b = {0};
            if (o->scope & INSPEX_OPT_IMPORT)
                list_names(&b, importer, INSPEX_OPT_IMPORT,
                           o->scope == INSPEX_OPT_IMPORT ? "in." : "");
            if (o->scope & INSPEX_OPT_EXPORT)
                list_names(&b, exporter, INSPEX_OPT_EXPORT,
                           o->scope == INSPEX_OPT_EXPORT ? "out." : "");
            st = inspex_error_set(err, INSPEX_ERR_USAGE,
                                  "unknown option '%s'; valid options are %s",
                                  o->key, b.p ? b.p : "(none)");
            inspex_buf_free(&b);
            return st;
        }
        /* both sides take it: the user says which (in.x or out.x) */
        if (in && out && o->scope == (INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT))
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "option '%s' is taken by both the %s "
                                    "importer and the %s exporter: write "
                                    "in.%s or out.%s",
                                    o->key, importer->name, exporter->name,
                                    o->key, o->key);
        if (in &&
            (st = inspex__option_check_value(in, o->value, err)) != INSPEX_OK)
            return st;
        if (out &&
            (st = inspex__option_check_value(out, o->value, err)) != INSPEX_OK)
            return st;
    }
    return INSPEX_OK;
}

const char *inspex__option_value(const inspex_options_t *opts,
                                 const inspex_plugin_t *p, unsigned scope,
                                 const char *name)
{
    const inspex_option_t *decl = declared(p, scope, name);
    const char *v = NULL;

    if (decl == NULL)
        return NULL;
    /* The last one given wins, as with most command-line tools. */
    for (size_t i = 0; opts && i < opts->n; i++)
        if ((opts->o[i].scope & scope) && strcmp(opts->o[i].key, name) == 0)
            v = opts->o[i].value;
    return v ? v : decl->default_value;
}
