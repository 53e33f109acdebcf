/* SPDX-License-Identifier: MIT */
/* registry.c - finding, loading and choosing plugins. */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <inspex/host.h>

#include "external.h"
#include "guard.h"
#include "internal.h"
#include "pipeline.h"

typedef struct entry {
    const inspex_plugin_t *plugin;
    char *origin;
    void *handle;
    int external; /* from a manifest (external.c) */
} entry_t;

typedef struct broken {
    char *name, *path, *reason;
} broken_t;

struct inspex_registry {
    entry_t *e;
    size_t n, cap;
    broken_t *b;
    size_t nb, capb;
    inspex_message_fn warn;
    void *warn_ud;
};

/* The smallest descriptor this host can use: everything before reserved. */
#define MIN_SIZE offsetof(inspex_plugin_t, reserved)

static void unload(entry_t *e)
{
    if (e->external)
        inspex__external_free(e->plugin);
    free(e->origin);
    if (e->handle) {
        inspex__guard_forget(e->plugin);
        dlclose(e->handle);
    }
}

inspex_registry_t *inspex_registry_new(void)
{
    return calloc(1, sizeof(inspex_registry_t));
}

void inspex_registry_free(inspex_registry_t *reg)
{
    if (reg == NULL)
        return;
    for (size_t i = 0; i < reg->n; i++)
        unload(&reg->e[i]);
    for (size_t i = 0; i < reg->nb; i++) {
        free(reg->b[i].name);
        free(reg->b[i].path);
        free(reg->b[i].reason);
    }
    free(reg->e);
    free(reg->b);
    free(reg);
}

void inspex_registry_keep_only(inspex_registry_t *reg,
                               const inspex_plugin_t *const *keep, size_t nkeep)
{
    size_t w = 0;

    for (size_t i = 0; i < reg->n; i++) {
        int kept = 0;
        for (size_t k = 0; k < nkeep && !kept; k++)
            kept = reg->e[i].plugin == keep[k];
        if (kept) {
            reg->e[w++] = reg->e[i];
            continue;
        }
        unload(&reg->e[i]);
    }
    reg->n = w;
}

void inspex_registry_set_warning(inspex_registry_t *reg, inspex_message_fn fn,
                                 void *userdata)
{
    reg->warn = fn;
    reg->warn_ud = userdata;
}

static void add_broken(inspex_registry_t *reg, const char *name,
                       const char *path, const char *reason)
{
    char *msg;

    if (reg->nb == reg->capb) {
        size_t cap = reg->capb ? reg->capb * 2 : 4;
        broken_t *b = realloc(reg->b, cap * sizeof(*b));
        if (b == NULL)
            return;
        reg->b = b;
        reg->capb = cap;
    }
    reg->b[reg->nb].name = inspex__strdup(name);
    reg->b[reg->nb].path = inspex__strdup(path);
    reg->b[reg->nb].reason = inspex__strdup(reason);
    reg->nb++;
    msg = inspex__asprintf("warning: skipping plugin %s: %s", path, reason);
    if (msg && reg->warn)
        reg->warn(reg->warn_ud, msg);
    free(msg);
}

/* What is wrong with an option table, or NULL (owned). */
static char *check_options(const inspex_option_t *opts)
{
    inspex_error_t *e;
    char *why = NULL;

    for (const inspex_option_t *o = opts; o && o->name && !why; o++) {
        if (o->name[0] == '\0' || strpbrk(o->name, "= ,\t") != NULL)
            return inspex__asprintf("option '%s' has a name -O cannot give",
                                    o->name);
        if ((unsigned)o->type > INSPEX_OPT_CHAR)
            return inspex__asprintf("option '%s' has an unknown type %u",
                                    o->name, (unsigned)o->type);
        if (o->type == INSPEX_OPT_CHOICE &&
            (o->choices == NULL || o->choices[0] == '\0'))
            return inspex__asprintf("option '%s' is a choice without choices",
                                    o->name);
        if ((o->scope & (INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT)) == 0 ||
            (o->scope & ~(INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT)) != 0)
            return inspex__asprintf("option '%s' has scope %#x: it must be "
                                    "INSPEX_OPT_IMPORT, _EXPORT or both",
                                    o->name, o->scope);
        for (const inspex_option_t *q = opts; q != o; q++)
            if (strcmp(q->name, o->name) == 0 && (q->scope & o->scope))
                return inspex__asprintf("option '%s' is declared twice",
                                        o->name);
        if (o->default_value == NULL)
            continue;
        if ((e = inspex_error_new()) == NULL)
            return inspex__strdup("out of memory");
        if (inspex__option_check_value(o, o->default_value, e) != INSPEX_OK)
            why = inspex__asprintf("its default is invalid: %s",
                                   inspex_error_message(e));
        inspex_error_free(e);
    }
    return why;
}

/* What is wrong with the lists of extensions, or NULL (owned). */
static char *check_extensions(const char *const *ext)
{
    for (; ext && *ext; ext++)
        if ((*ext)[0] == '\0' || (*ext)[0] == '.' || strchr(*ext, '/'))
            return inspex__asprintf("extension \"%s\" is not a bare "
                                    "extension (no dot: \"csv\")",
                                    *ext);
    return NULL;
}

#define KNOWN_CAPS                                               \
    (INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM | \
     INSPEX_CAP_FETCH | INSPEX_CAP_SHOWS_CHECKS | INSPEX_CAP_THREADS)

/* Checks a descriptor; returns NULL when usable, else a reason (owned).
 * Everything the ABI says a descriptor must be is checked here, so that
 * a plugin is refused at load with the reason rather than misread. */
char *inspex__plugin_validate(const inspex_plugin_t *p)
{
    if (p == NULL)
        return inspex__strdup("its entry point returned no descriptor");
    if (p->abi != INSPEX_PLUGIN_ABI)
        return inspex__asprintf("built for plugin ABI %u, this inspex uses "
                                "ABI %u",
                                (unsigned)p->abi, (unsigned)INSPEX_PLUGIN_ABI);
    if (p->size < MIN_SIZE)
        return inspex__asprintf("descriptor of %u bytes is smaller than the "
                                "%zu bytes of ABI %u",
                                (unsigned)p->size, MIN_SIZE,
                                (unsigned)INSPEX_PLUGIN_ABI);
    for (size_t i = 0; i < 8; i++)
        if (p->size >= offsetof(inspex_plugin_t, reserved) +
                           (i + 1) * sizeof(void *) &&
            p->reserved[i] != NULL)
            return inspex__asprintf("reserved[%zu] is not NULL", i);
    if (p->name == NULL || p->name[0] == '\0')
        return inspex__strdup("descriptor has no name");
    if (strpbrk(p->name, " \t\n/=,") != NULL)
        return inspex__asprintf("name '%s' has a space, '/', '=' or ','",
                                p->name);
    if (p->capabilities & ~KNOWN_CAPS)
        return inspex__asprintf("unknown capability bits %#x",
                                (unsigned)(p->capabilities & ~KNOWN_CAPS));
    if (!(p->capabilities & (INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT)))
        return inspex__strdup("claims neither import nor export");
    if ((p->capabilities & INSPEX_CAP_IMPORT) && p->import == NULL)
        return inspex__strdup("claims import but has no import function");
    if ((p->capabilities & INSPEX_CAP_EXPORT) &&
        (p->export_begin == NULL || p->export_record == NULL))
        return inspex__strdup("claims export but has no export functions");
    if ((p->capabilities & (INSPEX_CAP_STREAM | INSPEX_CAP_EXPORT)) ==
        INSPEX_CAP_STREAM)
        return inspex__strdup("claims stream without export");
    char *why = check_extensions(p->extensions);
    return why ? why : check_options(p->options);
}

const char *inspex_plugin_headers(const inspex_plugin_t *p)
{
    if (p == NULL ||
        p->size < offsetof(inspex_plugin_t, headers) + sizeof(p->headers))
        return NULL;
    return p->headers;
}

static int push_entry(inspex_registry_t *reg, const inspex_plugin_t *p,
                      const char *origin, void *handle)
{
    if (reg->n == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 8;
        entry_t *e = realloc(reg->e, cap * sizeof(*e));
        if (e == NULL)
            return -1;
        reg->e = e;
        reg->cap = cap;
    }
    reg->e[reg->n].plugin = p;
    reg->e[reg->n].origin = inspex__strdup(origin);
    reg->e[reg->n].handle = handle;
    reg->e[reg->n].external = 0;
    reg->n++;
    return 0;
}

inspex_status_t inspex_registry_add(inspex_registry_t *reg,
                                    const inspex_plugin_t *plugin,
                                    const char *origin, inspex_error_t *err)
{
    char *why = inspex__plugin_validate(plugin);

    if (why) {
        inspex_status_t st = inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                              "plugin %s: %s", origin, why);
        free(why);
        return st;
    }
    if (inspex_registry_find(reg, plugin->name))
        return INSPEX_OK;
    if (push_entry(reg, plugin, origin, NULL) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

static void load_file(inspex_registry_t *reg, const char *path,
                      const char *name)
{
    void *h;
    union {
        void *obj;
        inspex_plugin_entry_fn fn;
    } sym;
    const inspex_plugin_t *p;
    inspex__call_t call;
    char *why = inspex__plugin_cache_broken(path);

    /* A file that crashed or hung before is not loaded again until it
     * changes or `inspex plugins check` finds it sound. */
    if (why) {
        char *msg = inspex__asprintf("%s before; 'inspex plugins check' "
                                     "checks it again",
                                     why);
        add_broken(reg, name, path, msg ? msg : why);
        free(msg);
        free(why);
        return;
    }
    inspex__guard_enter_load(&call, name, path, "load");
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    inspex__guard_leave(&call);
    if (h == NULL) {
        const char *e = dlerror();
        add_broken(reg, name, path, e ? e : "dlopen failed");
        return;
    }
    sym.obj = dlsym(h, INSPEX_PLUGIN_ENTRY_SYMBOL);
    if (sym.obj == NULL) {
        add_broken(reg, name, path,
                   "no " INSPEX_PLUGIN_ENTRY_SYMBOL " symbol: not an inspex "
                   "plugin");
        dlclose(h);
        return;
    }
    inspex__guard_enter_load(&call, name, path, INSPEX_PLUGIN_ENTRY_SYMBOL);
    p = sym.fn();
    why = inspex__plugin_validate(p);
    inspex__guard_leave(&call);
    if (why) {
        add_broken(reg, name, path, why);
        free(why);
        dlclose(h);
        return;
    }
    if (inspex_registry_find(reg, p->name) || push_entry(reg, p, path, h) != 0)
        dlclose(h); /* an earlier directory's plugin of that name wins */
    else
        inspex__guard_know(p, path);
}

/* Out-of-process plugins' stream is inspex's NDJSON, read and written by
 * that plugin, once it is loaded. */
static void resolve_externals(inspex_registry_t *reg)
{
    for (size_t i = 0; i < reg->n; i++)
        if (reg->e[i].external)
            for (size_t k = 0; k < reg->n; k++)
                if (reg->e[k].handle &&
                    strcmp(reg->e[k].plugin->name, "ndjson") == 0)
                    inspex__external_use_ndjson(reg->e[i].plugin,
                                                reg->e[k].origin);
}

/* The out-of-process plugins of dir: "NAME.inspex-plugin" manifests. */
static void load_manifests(inspex_registry_t *reg, const char *dir)
{
    char **names;
    size_t n;

    if (inspex__list_dir(dir, INSPEX__MANIFEST_SUFFIX, &names, &n) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char *path = inspex__asprintf("%s/%s", dir, names[i]);
        const inspex_plugin_t *p;
        char *why = NULL;
        if (path == NULL)
            continue;
        names[i][strlen(names[i]) - strlen(INSPEX__MANIFEST_SUFFIX)] = '\0';
        p = inspex__external_load(path, &why);
        if (p && why == NULL)
            why = inspex__plugin_validate(p);
        if (why) {
            add_broken(reg, names[i], path, why);
            inspex__external_free(p);
        } else if (inspex_registry_find(reg, p->name) ||
                   push_entry(reg, p, path, NULL) != 0) {
            inspex__external_free(p);
        } else {
            reg->e[reg->n - 1].external = 1;
            inspex__guard_know(p, path);
        }
        free(why);
        free(path);
    }
    inspex__free_names(names, n);
    resolve_externals(reg);
}

inspex_status_t inspex_registry_load_file(inspex_registry_t *reg,
                                          const char *path, inspex_error_t *err)
{
    const char *base = strrchr(path, '/');
    size_t n = reg->n, nb = reg->nb;
    char *name = inspex__strdup(base ? base + 1 : path);

    if (name == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (strlen(name) > 3 && strcmp(name + strlen(name) - 3, ".so") == 0)
        name[strlen(name) - 3] = '\0';
    load_file(reg, path, name);
    free(name);
    if (reg->n > n)
        return INSPEX_OK;
    if (reg->nb > nb)
        return inspex_error_set(err, INSPEX_ERR_PLUGIN, "plugin %s: %s", path,
                                reg->b[reg->nb - 1].reason);
    return inspex_error_set(err, INSPEX_ERR_PLUGIN,
                            "plugin %s: a plugin of its name is loaded "
                            "already",
                            path);
}

inspex_status_t inspex_registry_load_dir(inspex_registry_t *reg,
                                         const char *dir, int must_exist,
                                         inspex_error_t *err)
{
    char **names;
    size_t n;

    /* Sorted, so that which plugin wins never depends on readdir order. */
    if (inspex__list_dir(dir, ".so", &names, &n) != 0) {
        if (must_exist)
            return inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                       "cannot open plugin directory");
        return INSPEX_OK;
    }
    for (size_t i = 0; i < n; i++) {
        char *path = inspex__asprintf("%s/%s", dir, names[i]);
        if (path) {
            names[i][strlen(names[i]) - 3] = '\0';
            load_file(reg, path, names[i]);
        }
        free(path);
    }
    inspex__free_names(names, n);
    load_manifests(reg, dir);
    return INSPEX_OK;
}

/* Appends a copy of s to a growing list; -1 when out of memory. */
static int push_dir(char ***list, size_t *n, const char *s)
{
    char **l = realloc(*list, (*n + 1) * sizeof(*l));
    char *c = inspex__strdup(s);

    if (l)
        *list = l;
    if (l == NULL || c == NULL) {
        free(c);
        return -1;
    }
    l[(*n)++] = c;
    return 0;
}

inspex_status_t inspex_registry_search_path(const char *const *dirs,
                                            size_t ndirs, char ***out,
                                            size_t *nout, inspex_error_t *err)
{
    const char *env = getenv("INSPEX_PLUGIN_PATH");
    char **list = NULL;
    size_t n = 0;
    int bad = 0;

    for (size_t i = 0; i < ndirs; i++)
        bad |= push_dir(&list, &n, dirs[i]);
    if (env && *env) {
        char *copy = inspex__strdup(env), *save = NULL;
        bad |= copy == NULL;
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d;
             d = strtok_r(NULL, ":", &save))
            bad |= push_dir(&list, &n, d);
        free(copy);
    }
    bad |= push_dir(&list, &n, INSPEX_PLUGINDIR);
    if (inspex__in_build_tree()) {
        /* libtool keeps each built module in plugins/<name>/.libs */
        char *base = inspex__asprintf("%s/plugins", INSPEX_BUILDDIR);
        char **subs;
        size_t ns;

        if (base && inspex__list_dir(base, NULL, &subs, &ns) == 0) {
            for (size_t i = 0; i < ns; i++) {
                char *dir = inspex__asprintf("%s/%s/.libs", base, subs[i]);
                bad |= dir == NULL || push_dir(&list, &n, dir);
                free(dir);
            }
            inspex__free_names(subs, ns);
        }
        bad |= base == NULL;
        free(base);
    }
    if (bad) {
        inspex_registry_paths_free(list, n);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    *out = list;
    *nout = n;
    return INSPEX_OK;
}

void inspex_registry_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

inspex_status_t inspex_registry_load_default(inspex_registry_t *reg,
                                             const char *const *dirs,
                                             size_t ndirs, inspex_error_t *err)
{
    char **list;
    size_t n;
    inspex_status_t st;

    st = inspex_registry_search_path(dirs, ndirs, &list, &n, err);
    if (st != INSPEX_OK)
        return st;
    /* the directories named on the command line must exist */
    for (size_t i = 0; i < n && st == INSPEX_OK; i++)
        st = inspex_registry_load_dir(reg, list[i], i < ndirs, err);
    inspex_registry_paths_free(list, n);
    resolve_externals(reg);
    return st;
}

size_t inspex_registry_count(const inspex_registry_t *reg)
{
    return reg->n;
}

const inspex_plugin_t *inspex_registry_get(const inspex_registry_t *reg,
                                           size_t i)
{
    return i < reg->n ? reg->e[i].plugin : NULL;
}

const char *inspex_registry_origin(const inspex_registry_t *reg, size_t i)
{
    return i < reg->n ? reg->e[i].origin : NULL;
}

const inspex_plugin_t *inspex_registry_find(const inspex_registry_t *reg,
                                            const char *name)
{
    for (size_t i = 0; i < reg->n; i++)
        if (inspex__strcasecmp(reg->e[i].plugin->name, name) == 0)
            return reg->e[i].plugin;
    return NULL;
}

size_t inspex_registry_broken_count(const inspex_registry_t *reg)
{
    return reg->nb;
}

int inspex_registry_broken(const inspex_registry_t *reg, size_t i,
                           const char **name, const char **path,
                           const char **reason)
{
    if (i >= reg->nb)
        return 0;
    if (name)
        *name = reg->b[i].name;
    if (path)
        *path = reg->b[i].path;
    if (reason)
        *reason = reg->b[i].reason;
    return 1;
}

/* "csv, json" - the formats with capability cap. Caller owns it. */
static char *fitting(const inspex_registry_t *reg, unsigned cap)
{
    inspex_buf_t b = {0};

    for (size_t i = 0; i < reg->n; i++) {
        const inspex_plugin_t *p = reg->e[i].plugin;
        if ((p->capabilities & cap) != cap)
            continue;
        if (b.len)
            inspex_buf_add(&b, ", ", 2);
        inspex_buf_add(&b, p->name, strlen(p->name));
    }
    if (b.p == NULL)
        return inspex__strdup("(none installed)");
    return b.p;
}

static const char *verb(unsigned cap)
{
    return cap & INSPEX_CAP_IMPORT ? "read" : "write";
}

/* The extension of a file name, after stripping ".gz"; "" for none.
 * Writes into buf. */
static const char *extension_of(const char *filename, char *buf, size_t size)
{
    const char *base = strrchr(filename, '/');
    size_t len;

    base = base ? base + 1 : filename;
    len = strlen(base);
    if (len > 3 && inspex__strcasecmp(base + len - 3, ".gz") == 0)
        len -= 3;
    for (size_t i = len; i > 0; i--) {
        if (base[i - 1] == '.') {
            size_t n = len - i;
            if (n == 0 || n >= size || i == 1)
                break;
            memcpy(buf, base + i, n);
            buf[n] = '\0';
            return buf;
        }
    }
    buf[0] = '\0';
    return buf;
}

/* 1 when p claims extension ext. */
static int claims(const inspex_plugin_t *p, const char *ext)
{
    for (const char *const *e = p->extensions; e && *e; e++)
        if (inspex__strcasecmp(*e, ext) == 0)
            return 1;
    return 0;
}

/* The plugin with cap claiming ext; two that claim it are an error, for
 * which plugin would win must not depend on file names. */
static inspex_status_t by_extension(const inspex_registry_t *reg, unsigned cap,
                                    const char *ext,
                                    const inspex_plugin_t **out, char *why,
                                    size_t whysize, inspex_error_t *err)
{
    size_t first = reg->n;

    for (size_t i = 0; i < reg->n; i++) {
        const inspex_plugin_t *p = reg->e[i].plugin;
        if ((p->capabilities & cap) != cap || !claims(p, ext))
            continue;
        if (first == reg->n) {
            first = i;
            continue;
        }
        *out = NULL;
        return inspex_error_set(
            err, INSPEX_ERR_USAGE,
            "extension .%s is claimed by formats '%s' (%s) and '%s' (%s); "
            "name one with %s",
            ext, reg->e[first].plugin->name, reg->e[first].origin, p->name,
            reg->e[i].origin, cap & INSPEX_CAP_IMPORT ? "-f" : "-t");
    }
    if (first == reg->n)
        return INSPEX_OK;
    *out = reg->e[first].plugin;
    if (why)
        snprintf(why, whysize, "by the extension .%s", ext);
    return INSPEX_OK;
}

int inspex_registry_probe(const inspex_registry_t *reg, size_t i,
                          const unsigned char *head, size_t len)
{
    const inspex_plugin_t *p = inspex_registry_get(reg, i);
    int s;

    if (p == NULL || p->probe == NULL || !(p->capabilities & INSPEX_CAP_IMPORT))
        return -1;
    s = reg->e[i].external ? inspex__external_probe(p, head, len)
                           : inspex__guard_probe(p, head, len);
    /* a score out of range counts as its nearest bound */
    return s < 0 ? 0 : s > 100 ? 100 : s;
}

/* The importer whose probe scores head best; a tie is an error. */
static inspex_status_t by_content(const inspex_registry_t *reg, unsigned cap,
                                  const char *filename,
                                  const unsigned char *head, size_t len,
                                  const inspex_plugin_t **out, char *why,
                                  size_t whysize, inspex_error_t *err)
{
    const inspex_plugin_t *best = NULL, *tie = NULL;
    int score = 0;

    for (size_t i = 0; i < reg->n; i++) {
        const inspex_plugin_t *p = reg->e[i].plugin;
        int s;
        if ((p->capabilities & cap) != cap)
            continue;
        s = inspex_registry_probe(reg, i, head, len);
        if (s > score) {
            best = p;
            tie = NULL;
            score = s;
        } else if (s == score && s > 0) {
            tie = p;
        }
    }
    if (best && tie == NULL) {
        *out = best;
        if (why)
            snprintf(why, whysize, "by its content (probe score %d of 100)",
                     score);
        return INSPEX_OK;
    }
    if (best && tie)
        return inspex_error_set_at(
            err, INSPEX_ERR_USAGE, filename, 0, 0,
            "content fits formats '%s' and '%s' equally; name one with -f",
            best->name, tie->name);
    return INSPEX_OK;
}

inspex_status_t inspex_registry_choose(const inspex_registry_t *reg,
                                       unsigned cap, const char *name,
                                       const char *filename,
                                       const unsigned char *head, size_t len,
                                       const inspex_plugin_t **out, char *why,
                                       size_t whysize, inspex_error_t *err)
{
    char ext[32];
    char *list;
    inspex_status_t st;

    *out = NULL;
    if (why && whysize)
        why[0] = '\0';
    if (name) {
        const inspex_plugin_t *p = inspex_registry_find(reg, name);
        if (p && (p->capabilities & cap) == cap) {
            *out = p;
            if (why)
                snprintf(why, whysize, "by %s",
                         cap & INSPEX_CAP_IMPORT ? "-f" : "-t");
            return INSPEX_OK;
        }
        list = fitting(reg, cap);
        if (p) {
            st = inspex_error_set(err, INSPEX_ERR_USAGE,
                                  "format '%s' cannot %s; formats that can: %s",
                                  p->name, verb(cap), list ? list : "");
        } else {
            st = INSPEX_OK;
            for (size_t i = 0; i < reg->nb; i++)
                if (inspex__strcasecmp(reg->b[i].name, name) == 0) {
                    st = inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                          "format '%s' is unavailable: plugin "
                                          "%s was skipped: %s",
                                          name, reg->b[i].path,
                                          reg->b[i].reason);
                    break;
                }
            if (st == INSPEX_OK)
                st = inspex_error_set(err, INSPEX_ERR_USAGE,
                                      "unknown format '%s'; formats that can "
                                      "%s: %s",
                                      name, verb(cap), list ? list : "");
        }
        free(list);
        return st;
    }
    if (filename && strcmp(filename, "-") != 0 &&
        *extension_of(filename, ext, sizeof(ext))) {
        st = by_extension(reg, cap, ext, out, why, whysize, err);
        if (st != INSPEX_OK || *out)
            return st;
    }
    if (head && (cap & INSPEX_CAP_IMPORT)) {
        st = by_content(reg, cap, filename, head, len, out, why, whysize, err);
        if (st != INSPEX_OK || *out)
            return st;
    }
    list = fitting(reg, cap);
    if (cap & INSPEX_CAP_IMPORT)
        st = inspex_error_set_at(err, INSPEX_ERR_USAGE, filename, 0, 0,
                                 "cannot tell the input format; name it with "
                                 "-f (one of: %s)",
                                 list ? list : "");
    else
        st = inspex_error_set(err, INSPEX_ERR_USAGE,
                              "cannot tell the output format%s%s; name it with "
                              "-t (one of: %s)",
                              filename ? " of " : "", filename ? filename : "",
                              list ? list : "");
    free(list);
    return st;
}
