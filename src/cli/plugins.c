/* SPDX-License-Identifier: MIT */
/* plugins.c - `inspex plugins check|test|new`: the plugin author's and the
 * careful user's commands. check loads each plugin on the search path in
 * a child process and reports what is wrong; test runs the conformance
 * suite of <inspex/testing.h> against one plugin file; new copies the
 * plugin template. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <inspex/testing.h>

#include "cli.h"

const cli_option_t cli_plugins_options[] = {
    CLI_OPT_JSON("check: print the results as JSON"),
    CLI_OPT_END,
};

/* ---- check ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "*.so" files of dir, sorted as the registry loads them. */
static int list_so(const char *dir, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    *names = NULL;
    *n = 0;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        char **l;
        if (de->d_name[0] == '.' || len < 4 ||
            strcmp(de->d_name + len - 3, ".so") != 0)
            continue;
        l = realloc(*names, (*n + 1) * sizeof(*l));
        if (l == NULL || (l[*n] = strdup(de->d_name)) == NULL) {
            if (l)
                *names = l;
            break;
        }
        *names = l;
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof(**names), by_name);
    return 0;
}

typedef struct checked {
    inspex_plugin_check_t **c;
    size_t n;
    int *shadowed; /* index of the plugin of the same name that wins, or -1 */
} checked_t;

static int check_all(cli_t *cli, checked_t *all)
{
    char **dirs;
    size_t ndirs;

    if (inspex_registry_search_path(cli->plugin_dirs, cli->nplugin_dirs, &dirs,
                                    &ndirs, cli->err) != INSPEX_OK) {
        cli_report(cli);
        return EXIT_IO;
    }
    for (size_t d = 0; d < ndirs; d++) {
        char **names;
        size_t n;
        if (list_so(dirs[d], &names, &n) != 0) {
            if (d < cli->nplugin_dirs) {
                cli_error("%s: cannot open plugin directory", dirs[d]);
                inspex_registry_paths_free(dirs, ndirs);
                return EXIT_USAGE;
            }
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            char path[PATH_MAX];
            inspex_plugin_check_t *c, **grown;
            snprintf(path, sizeof(path), "%s/%s", dirs[d], names[i]);
            if (inspex_plugin_check_file(path, &c, cli->err) != INSPEX_OK) {
                cli_report(cli);
                continue;
            }
            grown = realloc(all->c, (all->n + 1) * sizeof(*grown));
            if (grown == NULL) {
                inspex_plugin_check_free(c);
                break;
            }
            all->c = grown;
            all->c[all->n++] = c;
        }
        inspex_registry_paths_free(names, n);
    }
    inspex_registry_paths_free(dirs, ndirs);
    all->shadowed = malloc((all->n ? all->n : 1) * sizeof(int));
    if (all->shadowed == NULL)
        return EXIT_IO;
    for (size_t i = 0; i < all->n; i++) {
        all->shadowed[i] = -1;
        for (size_t j = 0; j < i && !all->c[i]->broken; j++)
            if (!all->c[j]->broken && all->c[j]->name && all->c[i]->name &&
                strcasecmp(all->c[j]->name, all->c[i]->name) == 0 &&
                all->shadowed[j] < 0)
                all->shadowed[i] = (int)j;
    }
    return EXIT_OK;
}

static int usable(const checked_t *all, size_t i)
{
    return !all->c[i]->broken && all->shadowed[i] < 0;
}

static int claims(const inspex_plugin_check_t *c, const char *ext)
{
    for (char **e = c->extensions; e && *e; e++)
        if (strcasecmp(*e, ext) == 0)
            return 1;
    return 0;
}

/* Calls fn for each extension two usable plugins with one capability
 * claim (each pair once); returns how many. */
typedef void (*conflict_fn)(void *ud, const char *ext, const char *side,
                            const inspex_plugin_check_t *a,
                            const inspex_plugin_check_t *b);
static size_t conflicts(const checked_t *all, conflict_fn fn, void *ud)
{
    static const unsigned caps[] = {INSPEX_CAP_IMPORT, INSPEX_CAP_EXPORT};
    size_t count = 0;

    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < all->n; i++) {
            const inspex_plugin_check_t *a = all->c[i];
            if (!usable(all, i) || !(a->capabilities & caps[k]))
                continue;
            for (char **e = a->extensions; e && *e; e++)
                for (size_t j = i + 1; j < all->n; j++) {
                    const inspex_plugin_check_t *b = all->c[j];
                    if (!usable(all, j) || !(b->capabilities & caps[k]) ||
                        !claims(b, *e))
                        continue;
                    fn(ud, *e, k == 0 ? "-f" : "-t", a, b);
                    count++;
                }
        }
    return count;
}

static void print_conflict(void *ud, const char *ext, const char *side,
                           const inspex_plugin_check_t *a,
                           const inspex_plugin_check_t *b)
{
    cli_printf(ud,
               "conflict  .%s is claimed by '%s' (%s) and '%s' (%s): a file "
               "named *.%s needs %s\n",
               ext, a->name, a->path, b->name, b->path, ext, side);
}

static void json_conflict(void *ud, const char *ext, const char *side,
                          const inspex_plugin_check_t *a,
                          const inspex_plugin_check_t *b)
{
    json_t *o = json_object();

    json_object_set_new(o, "extension", json_string(ext));
    json_object_set_new(o, "option", json_string(side));
    json_object_set_new(o, "first", json_string(a->path));
    json_object_set_new(o, "second", json_string(b->path));
    json_array_append_new(ud, o);
}

static json_t *list_json(char **l)
{
    json_t *a = json_array();

    for (; l && *l; l++)
        json_array_append_new(a, json_string(*l));
    return a;
}

static void check_json(cli_t *cli, const checked_t *all)
{
    json_t *top = json_object(), *arr = json_array(), *conf = json_array();

    for (size_t i = 0; i < all->n; i++) {
        const inspex_plugin_check_t *c = all->c[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(c->path));
        json_object_set_new(o, "name",
                            c->name ? json_string(c->name) : json_null());
        json_object_set_new(o, "status",
                            json_string(c->broken               ? "broken"
                                        : all->shadowed[i] >= 0 ? "shadowed"
                                                                : "ok"));
        if (c->broken)
            json_object_set_new(o, "reason", json_string(c->broken));
        if (all->shadowed[i] >= 0)
            json_object_set_new(o, "shadowed_by",
                                json_string(all->c[all->shadowed[i]]->path));
        json_object_set_new(o, "headers",
                            c->headers ? json_string(c->headers) : json_null());
        json_object_set_new(o, "extensions", list_json(c->extensions));
        json_object_set_new(o, "warnings", list_json(c->warnings));
        json_object_set_new(o, "notes", list_json(c->notes));
        json_array_append_new(arr, o);
    }
    conflicts(all, json_conflict, conf);
    json_object_set_new(top, "plugins", arr);
    json_object_set_new(top, "conflicts", conf);
    char *text = json_dumps(top, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text)
        cli_printf(cli, "%s\n", text);
    free(text);
    json_decref(top);
}

static void check_text(cli_t *cli, const checked_t *all)
{
    for (size_t i = 0; i < all->n; i++) {
        const inspex_plugin_check_t *c = all->c[i];
        const char *name = c->name ? c->name : "?";
        if (c->broken)
            cli_printf(cli, "broken    %s (%s): %s\n", name, c->path,
                       c->broken);
        else if (all->shadowed[i] >= 0)
            cli_printf(cli,
                       "shadowed  %s (%s): not used, '%s' from %s comes "
                       "first on the search path\n",
                       name, c->path, name, all->c[all->shadowed[i]]->path);
        else
            cli_printf(cli, "ok        %s (%s)%s%s\n", name, c->path,
                       c->headers ? ", headers " : "",
                       c->headers ? c->headers : "");
        for (char **w = c->warnings; w && *w; w++)
            cli_printf(cli, "  warning: %s\n", *w);
        for (char **w = c->notes; cli->verbose && w && *w; w++)
            cli_printf(cli, "  note: %s\n", *w);
    }
    conflicts(all, print_conflict, cli);
}

static void count_conflict(void *ud, const char *ext, const char *side,
                           const inspex_plugin_check_t *a,
                           const inspex_plugin_check_t *b)
{
    (void)ud;
    (void)ext;
    (void)side;
    (void)a;
    (void)b;
}

/* Exit 0 when every plugin is sound and no extension is claimed twice,
 * 4 (plugin) otherwise: a claimed-twice extension is an error at
 * conversion time unless -f or -t chooses. */
static int plugins_check(cli_t *cli, int as_json)
{
    checked_t all = {0};
    size_t nbroken = 0, nconf = 0;
    int rc = check_all(cli, &all);

    if (rc == EXIT_OK) {
        for (size_t i = 0; i < all.n; i++)
            nbroken += all.c[i]->broken != NULL;
        nconf = conflicts(&all, count_conflict, NULL);
        if (as_json)
            check_json(cli, &all);
        else
            check_text(cli, &all);
        if (!as_json)
            cli_printf(cli,
                       "%zu plugin%s checked: %zu broken, %zu "
                       "extension conflict%s\n",
                       all.n, all.n == 1 ? "" : "s", nbroken, nconf,
                       nconf == 1 ? "" : "s");
        if (nbroken || nconf)
            rc = EXIT_PLUGIN;
    }
    for (size_t i = 0; i < all.n; i++)
        inspex_plugin_check_free(all.c[i]);
    free(all.c);
    free(all.shadowed);
    return rc;
}

/* ---- test ------------------------------------------------------------- */

static void print_line(void *ud, const char *text)
{
    cli_printf(ud, "%s\n", text);
}

static int read_sample(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, k;

    if (f == NULL)
        return -1;
    do {
        if (n == cap) {
            char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (b == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = b;
        }
        k = fread(buf + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
}

static int plugins_test(cli_t *cli, const char *path, const char *sample_path)
{
    inspex_testkit_t *kit = inspex_testkit_new(cli->err);
    char *sample = NULL;
    size_t len = 0;
    unsigned failures;

    if (kit == NULL) {
        cli_report(cli);
        return EXIT_IO;
    }
    if (inspex_testkit_load(kit, path, cli->err) != INSPEX_OK) {
        cli_report(cli);
        inspex_testkit_free(kit);
        return EXIT_PLUGIN;
    }
    if (sample_path && read_sample(sample_path, &sample, &len) != 0) {
        cli_error("%s: cannot read: %s", sample_path, strerror(errno));
        inspex_testkit_free(kit);
        return EXIT_IO;
    }
    failures = inspex_testkit_conformance(kit, sample, len, print_line, cli);
    cli_printf(cli, "%s: %u failure%s\n", inspex_testkit_plugin(kit)->name,
               failures, failures == 1 ? "" : "s");
    free(sample);
    inspex_testkit_free(kit);
    return failures ? EXIT_PLUGIN : EXIT_OK;
}

/* ---- new -------------------------------------------------------------- */

/* The template: INSPEX_TEMPLATE_DIR, the source tree's when this is the
 * build tree's inspex, else the installed one. */
static const char *template_dir(void)
{
    const char *env = getenv("INSPEX_TEMPLATE_DIR");
    static char self[PATH_MAX], top[PATH_MAX];
    ssize_t n;

    if (env && *env)
        return env;
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n > 0 && realpath(INSPEX_BUILDDIR, top) != NULL) {
        self[n] = '\0';
        if (strncmp(self, top, strlen(top)) == 0 && self[strlen(top)] == '/')
            return INSPEX_SRCDIR "/share/inspex/plugin-template";
    }
    return INSPEX_TEMPLATEDIR;
}

/* s with every "TEMPLATE" replaced by name; caller frees. */
static char *renamed(const char *s, size_t len, const char *name, size_t *out)
{
    size_t nl = strlen(name), cap = len + 1, n = 0;
    char *r = malloc(cap);

    for (size_t i = 0; r && i < len;) {
        int hit = len - i >= 8 && memcmp(s + i, "TEMPLATE", 8) == 0;
        const char *piece = hit ? name : s + i;
        size_t k = hit ? nl : 1;
        if (n + k + 1 > cap) {
            char *g = realloc(r, cap = (n + k + 1) * 2);
            if (g == NULL) {
                free(r);
                return NULL;
            }
            r = g;
        }
        memcpy(r + n, piece, k);
        n += k;
        i += hit ? 8 : 1;
    }
    if (r)
        r[n] = '\0';
    *out = n;
    return r;
}

static int copy_one(const char *from, const char *to, const char *name)
{
    char *data, *text;
    size_t len, n;
    FILE *f;
    int rc = -1;

    if (read_sample(from, &data, &len) != 0)
        return -1;
    text = renamed(data, len, name, &n);
    if (text && (f = fopen(to, "wx")) != NULL) {
        rc = fwrite(text, 1, n, f) == n ? 0 : -1;
        if (fclose(f) != 0)
            rc = -1;
    }
    free(text);
    free(data);
    return rc;
}

/* "a/b"; caller frees. */
static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *r = malloc(na + nb + 2);

    if (r) {
        memcpy(r, a, na);
        r[na] = '/';
        memcpy(r + na + 1, b, nb + 1);
    }
    return r;
}

static int plugins_new(cli_t *cli, const char *name, const char *dest)
{
    const char *tpl = template_dir();
    char dir[PATH_MAX];
    DIR *d;
    struct dirent *de;
    int rc = EXIT_OK;

    if (name[0] == '\0' || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789"
                                        "_") != strlen(name)) {
        cli_error("plugins new: a name of lower-case letters, digits and _, "
                  "not '%s'",
                  name);
        return EXIT_USAGE;
    }
    snprintf(dir, sizeof(dir), "%s", dest ? dest : name);
    if ((d = opendir(tpl)) == NULL) {
        cli_error("%s: cannot open the plugin template: %s", tpl,
                  strerror(errno));
        return EXIT_IO;
    }
    if (mkdir(dir, 0777) != 0) {
        cli_error("%s: cannot create: %s", dir, strerror(errno));
        closedir(d);
        return EXIT_IO;
    }
    while (rc == EXIT_OK && (de = readdir(d)) != NULL) {
        char *from, *to, *base;
        size_t n;
        if (de->d_name[0] == '.')
            continue;
        base = renamed(de->d_name, strlen(de->d_name), name, &n);
        from = join(tpl, de->d_name);
        to = join(dir, base ? base : de->d_name);
        if (base == NULL || from == NULL || to == NULL ||
            copy_one(from, to, name) != 0) {
            cli_error("%s: cannot write: %s", to ? to : dir, strerror(errno));
            rc = EXIT_IO;
        }
        free(from);
        free(to);
        free(base);
    }
    closedir(d);
    if (rc == EXIT_OK)
        cli_printf(cli,
                   "created %s/: a plugin '%s' from the template; "
                   "`make check` there builds and tests it\n",
                   dir, name);
    return rc;
}

int cmd_plugins(cli_t *cli, int argc, char **argv)
{
    int c, as_json = 0, rc = EXIT_OK;
    const char *what;

    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0)
        if (c == OPT_JSON)
            as_json = 1;
    if (c == CLI_STOP)
        return rc;
    what = optind < argc ? argv[optind++] : NULL;
    if (what && strcmp(what, "check") == 0 && optind == argc)
        return plugins_check(cli, as_json);
    if (what && strcmp(what, "test") == 0 &&
        (argc - optind == 1 || argc - optind == 2))
        return plugins_test(cli, argv[optind],
                            argc - optind == 2 ? argv[optind + 1] : NULL);
    if (what && strcmp(what, "new") == 0 &&
        (argc - optind == 1 || argc - optind == 2))
        return plugins_new(cli, argv[optind],
                           argc - optind == 2 ? argv[optind + 1] : NULL);
    cli_error("plugins: check, test FILE.so [SAMPLE] or new NAME [DIR]");
    return EXIT_USAGE;
}
