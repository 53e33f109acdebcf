/* SPDX-License-Identifier: MIT */
/* external.c - out-of-process plugins: any executable, named by a small
 * JSON manifest ("NAME.inspex-plugin" in a plugin directory), run as a
 * child process for each import or export.
 *
 *   {"name": "pyrows", "description": "...", "version": "1",
 *    "extensions": ["rows"],
 *    "probe": {"prefix": "# rows", "score": 80},
 *    "import": ["python3", "pyrows.py", "import"],
 *    "export": ["python3", "pyrows.py", "export"],
 *    "options": [{"name": "sheet", "type": "string", "default": null,
 *                 "help": "...", "scope": "import"}]}
 *
 * Relative program paths are taken from the manifest's folder. An
 * importer reads the input on stdin and writes inspections as inspex
 * NDJSON on stdout (read by the ndjson plugin, so every field, judgement
 * and item inspex's own format has); on stderr, a line
 * {"reject": "why", "line": N, "column": N, "raw": "..."} rejects a
 * record of the input, {"warning": "text", "line": N} warns, and any
 * other line is passed on as a warning. An exporter reads NDJSON on
 * stdin and writes the output on stdout. Options given with -O reach
 * the program as INSPEX_OPTION_<NAME>=value in its environment. A
 * program that exits with a status other than 0, or is killed, fails
 * the run with INSPEX_ERR_PLUGIN naming it; its stderr says why. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include <inspex/host.h>

#include "external.h"
#include "internal.h"
#include "pipeline.h"

typedef struct external {
    inspex_plugin_t d; /* first: found again from the descriptor */
    char *path;        /* the manifest */
    char *dir;
    char *name, *description, *version;
    char **extensions;
    inspex_option_t *options;
    char **import_argv, **export_argv;
    char *prefix;
    int score;
    const inspex_plugin_t *ndjson; /* reads and writes the stream */
    void *ndjson_handle;
} external_t;

static external_t *of(const inspex_plugin_t *p)
{
    return (external_t *)(void *)p;
}

/* ---- the manifest ----------------------------------------------------- */

static char **strings(json_t *a, const char *dir, int resolve)
{
    size_t n = json_is_array(a) ? json_array_size(a) : 0;
    char **l = calloc(n + 1, sizeof(*l));

    for (size_t i = 0; l && i < n; i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (s == NULL)
            s = "";
        /* "prog.py" beside the manifest; a bare command name is searched
         * in PATH */
        if (resolve && s[0] != '/' && strchr(s, '/') == NULL && i > 0 &&
            strchr(s, '.'))
            l[i] = inspex__asprintf("%s/%s", dir, s);
        else if (resolve && s[0] != '/' && strchr(s, '/'))
            l[i] = inspex__asprintf("%s/%s", dir, s);
        else
            l[i] = inspex__strdup(s);
    }
    return l;
}

static void free_strings(char **l)
{
    for (char **s = l; s && *s; s++)
        free(*s);
    free(l);
}

static int opt_type(const char *t, inspex_opt_type_t *out)
{
    static const char *const names[] = {"string", "bool", "int", "choice",
                                        "char"};
    for (int i = 0; t && i < 5; i++)
        if (strcmp(t, names[i]) == 0) {
            *out = (inspex_opt_type_t)i;
            return 0;
        }
    return -1;
}

static char *dup_or_null(json_t *o, const char *key)
{
    return inspex__strdup(json_string_value(json_object_get(o, key)));
}

static char *read_options(external_t *x, json_t *a)
{
    size_t n = json_is_array(a) ? json_array_size(a) : 0;

    x->options = calloc(n + 1, sizeof(*x->options));
    if (x->options == NULL)
        return inspex__strdup("out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(a, i);
        inspex_option_t *op = &x->options[i];
        const char *scope = json_string_value(json_object_get(o, "scope"));
        if (opt_type(json_string_value(json_object_get(o, "type")),
                     &op->type) != 0)
            return inspex__asprintf("option %zu: \"type\" must be string, "
                                    "bool, int, choice or char",
                                    i + 1);
        op->name = dup_or_null(o, "name");
        op->default_value = dup_or_null(o, "default");
        op->help = dup_or_null(o, "help");
        op->choices = dup_or_null(o, "choices");
        op->scope = scope && strcmp(scope, "export") == 0 ? INSPEX_OPT_EXPORT
                    : scope && strcmp(scope, "import") == 0
                        ? INSPEX_OPT_IMPORT
                        : INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT;
        if (op->name == NULL)
            return inspex__asprintf("option %zu has no \"name\"", i + 1);
    }
    return NULL;
}

void inspex__external_free(const inspex_plugin_t *p)
{
    external_t *x = (external_t *)of(p);

    if (x == NULL)
        return;
    free(x->path);
    free(x->dir);
    free(x->name);
    free(x->description);
    free(x->version);
    free_strings(x->extensions);
    for (inspex_option_t *o = x->options; o && o->name; o++) {
        free((char *)o->name);
        free((char *)o->default_value);
        free((char *)o->help);
        free((char *)o->choices);
    }
    free(x->options);
    free_strings(x->import_argv);
    free_strings(x->export_argv);
    free(x->prefix);
    if (x->ndjson_handle)
        dlclose(x->ndjson_handle);
    free(x);
}

static inspex_status_t ext_import(inspex_import_t *ctx, inspex_error_t *err);
static inspex_status_t ext_begin(inspex_export_t *ctx, void **state,
                                 inspex_error_t *err);
static inspex_status_t ext_record(inspex_export_t *ctx, void *state,
                                  const inspex_inspection_t *insp,
                                  inspex_error_t *err);
static inspex_status_t ext_end(inspex_export_t *ctx, void *state,
                               inspex_error_t *err);
static void ext_state_free(void *state);

/* Stands for the manifest's probe, which the registry runs itself
 * (inspex__external_probe): a probe needs the manifest. */
static int no_probe(const unsigned char *data, size_t len)
{
    (void)data;
    (void)len;
    return 0;
}

static char *fill(external_t *x, json_t *m)
{
    json_t *probe = json_object_get(m, "probe");

    x->name = dup_or_null(m, "name");
    x->description = dup_or_null(m, "description");
    x->version = dup_or_null(m, "version");
    x->extensions = strings(json_object_get(m, "extensions"), x->dir, 0);
    if (json_object_get(m, "import"))
        x->import_argv = strings(json_object_get(m, "import"), x->dir, 1);
    if (json_object_get(m, "export"))
        x->export_argv = strings(json_object_get(m, "export"), x->dir, 1);
    if (x->name == NULL)
        return inspex__strdup("the manifest has no \"name\"");
    if ((x->import_argv && x->import_argv[0] == NULL) ||
        (x->export_argv && x->export_argv[0] == NULL))
        return inspex__strdup("\"import\" and \"export\" are a program and "
                              "its arguments: [\"python3\", \"prog.py\"]");
    if (json_is_object(probe)) {
        json_t *score = json_object_get(probe, "score");
        x->prefix = dup_or_null(probe, "prefix");
        x->score = json_is_integer(score) ? (int)json_integer_value(score)
                                          : INSPEX_PROBE_SIGNATURE;
    }
    x->d = (inspex_plugin_t){
        INSPEX_PLUGIN_HEAD,
        .name = x->name,
        .description = x->description,
        .version = x->version,
        .extensions = (const char *const *)x->extensions,
        .capabilities = (x->import_argv ? INSPEX_CAP_IMPORT : 0) |
                        (x->export_argv ? INSPEX_CAP_EXPORT : 0),
        .options = x->options,
        .probe = x->prefix ? no_probe : NULL,
        .import = x->import_argv ? ext_import : NULL,
        .export_begin = x->export_argv ? ext_begin : NULL,
        .export_record = x->export_argv ? ext_record : NULL,
        .export_end = x->export_argv ? ext_end : NULL,
        .export_free = x->export_argv ? ext_state_free : NULL,
    };
    char *why = read_options(x, json_object_get(m, "options"));
    x->d.options = x->options;
    return why;
}

/* The manifest's folder, absolute: the program runs there. */
static char *folder_of(const char *path, const char *slash)
{
    char *d = slash ? inspex__strndup(path, (size_t)(slash - path))
                    : inspex__strdup(".");
    char *abs = d ? realpath(d[0] ? d : "/", NULL) : NULL;

    free(d);
    return abs;
}

const inspex_plugin_t *inspex__external_load(const char *path, char **why)
{
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    external_t *x;
    const char *slash = strrchr(path, '/');

    *why = NULL;
    if (m == NULL || !json_is_object(m)) {
        *why = m ? inspex__strdup("the manifest is not a JSON object")
                 : inspex__asprintf("manifest line %d: %s", je.line, je.text);
        json_decref(m);
        return NULL;
    }
    x = calloc(1, sizeof(*x));
    if (x == NULL || (x->path = inspex__strdup(path)) == NULL ||
        (x->dir = folder_of(path, slash)) == NULL) {
        json_decref(m);
        inspex__external_free(x ? &x->d : NULL);
        *why = inspex__strdup("out of memory");
        return NULL;
    }
    *why = fill(x, m);
    json_decref(m);
    if (*why) {
        inspex__external_free(&x->d);
        return NULL;
    }
    return &x->d;
}

int inspex__external_probe(const inspex_plugin_t *p, const unsigned char *data,
                           size_t len)
{
    external_t *x = of(p);
    size_t n = x->prefix ? strlen(x->prefix) : 0;

    if (x->prefix == NULL || len < n || memcmp(data, x->prefix, n) != 0)
        return 0;
    return x->score;
}

void inspex__external_use_ndjson(const inspex_plugin_t *p, const char *origin)
{
    external_t *x = of(p);
    union {
        void *obj;
        inspex_plugin_entry_fn fn;
    } sym;

    if (x->ndjson || origin == NULL)
        return;
    /* a handle of our own, so the stream format stays loaded when the
     * registry unloads what a conversion does not use */
    x->ndjson_handle = dlopen(origin, RTLD_NOW | RTLD_LOCAL);
    if (x->ndjson_handle == NULL)
        return;
    sym.obj = dlsym(x->ndjson_handle, INSPEX_PLUGIN_ENTRY_SYMBOL);
    x->ndjson = sym.obj ? sym.fn() : NULL;
}

/* ---- running the program ------------------------------------------------
 */

typedef struct child_io {
    inspex_reader_t *in_reader; /* the input, for an importer */
    const char *in_data;        /* or bytes, for an exporter */
    size_t in_len;
    inspex_buf_t out, errs;
} child_io_t;

static char **environment(const external_t *x, const inspex_options_t *opts,
                          unsigned scope)
{
    extern char **environ;
    size_t n = 0, k = 0, no = 0;
    char **env;

    while (environ[n])
        n++;
    for (const inspex_option_t *o = x->options; o && o->name; o++)
        no++;
    env = calloc(n + no + 1, sizeof(*env));
    for (size_t i = 0; env && i < n; i++)
        env[k++] = environ[i];
    for (const inspex_option_t *o = x->options; env && o && o->name; o++) {
        const char *v = (o->scope & scope)
                            ? inspex__option_value(opts, &x->d, scope, o->name)
                            : NULL;
        char *e = v ? inspex__asprintf("INSPEX_OPTION_%s=%s", o->name, v)
                    : NULL;
        for (char *c = e ? e + 14 : NULL; c && *c != '='; c++)
            *c = *c == '-' ? '_'
                           : (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        if (e)
            env[k++] = e;
    }
    return env;
}

static void free_env(char **env)
{
    extern char **environ;
    size_t n = 0;

    while (environ[n])
        n++;
    for (size_t i = n; env && env[i]; i++)
        free(env[i]);
    free(env);
}

/* The next piece of input for the program; 0 at the end. */
static size_t next_input(child_io_t *io, char *chunk, size_t size,
                         const char **piece)
{
    size_t got = 0;
    inspex_error_t *e;

    if (io->in_reader == NULL) {
        *piece = io->in_data;
        got = io->in_len;
        io->in_len = 0;
        return got;
    }
    if ((e = inspex_error_new()) == NULL ||
        inspex_reader_read(io->in_reader, chunk, size, &got, e) != INSPEX_OK)
        got = 0;
    inspex_error_free(e);
    *piece = chunk;
    return got;
}

/* Feeds the program's stdin while collecting its stdout and stderr, so
 * that neither side waits on the other. */
static void pump(int in, int out, int errfd, child_io_t *io)
{
    static char inbuf[65536];
    char chunk[65536];
    const char *pending = NULL;
    size_t npending = 0;

    fcntl(in, F_SETFL, O_NONBLOCK);
    while (out >= 0 || errfd >= 0 || in >= 0) {
        struct pollfd pf[3] = {{out, POLLIN, 0},
                               {errfd, POLLIN, 0},
                               {in, POLLOUT, 0}};
        if (in >= 0 && npending == 0 &&
            (npending = next_input(io, inbuf, sizeof(inbuf), &pending)) == 0) {
            close(in);
            in = pf[2].fd = -1;
        }
        if (poll(pf, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < 2; k++) {
            ssize_t r;
            if (pf[k].fd < 0 || !pf[k].revents)
                continue;
            r = read(pf[k].fd, chunk, sizeof(chunk));
            if (r > 0) {
                inspex_buf_add(k == 0 ? &io->out : &io->errs, chunk, (size_t)r);
                continue;
            }
            close(pf[k].fd);
            if (k == 0)
                out = -1;
            else
                errfd = -1;
        }
        if (in >= 0 && (pf[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(in, pending, npending);
            if (w < 0 && errno != EAGAIN) {
                close(in); /* it stopped reading: let it finish */
                in = -1;
            } else if (w > 0) {
                pending += w;
                npending -= (size_t)w;
            }
        }
    }
}

static inspex_status_t run_program(const external_t *x, char **argv, char **env,
                                   child_io_t *io, inspex_error_t *err)
{
    int pin[2], pout[2], perr[2], status = 0;
    pid_t pid;
    struct sigaction ign, old;

    if (pipe(pin) || pipe(pout) || pipe(perr))
        return inspex_error_set(err, INSPEX_ERR_IO, "cannot make pipes: %s",
                                strerror(errno));
    pid = fork();
    if (pid < 0)
        return inspex_error_set(err, INSPEX_ERR_IO, "cannot fork: %s",
                                strerror(errno));
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        for (int fd = 3; fd < 64; fd++)
            close(fd);
        if (chdir(x->dir) != 0)
            _exit(127);
        execvpe(argv[0], argv, env);
        dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    /* a program that stops reading must not kill us with SIGPIPE */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    pump(pin[1], pout[0], perr[0], io);
    sigaction(SIGPIPE, &old, NULL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return INSPEX_OK;
    inspex_buf_add(&io->errs, "", 1);
    io->errs.len--;
    {
        /* its last line of stderr says why */
        const char *e = io->errs.p ? io->errs.p : "";
        const char *last = e + strlen(e);
        while (last > e && last[-1] == '\n')
            last--;
        const char *start = last;
        while (start > e && start[-1] != '\n')
            start--;
        if (WIFSIGNALED(status))
            return inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                    "plugin '%s' (%s): %s was killed by "
                                    "signal %d%s%.*s",
                                    x->name, x->path, argv[0], WTERMSIG(status),
                                    start < last ? ": " : "",
                                    (int)(last - start), start);
        return inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                "plugin '%s' (%s): %s exited with status "
                                "%d%s%.*s",
                                x->name, x->path, argv[0], WEXITSTATUS(status),
                                start < last ? ": " : "", (int)(last - start),
                                start);
    }
}

/* ---- import ------------------------------------------------------------- */

typedef struct relay {
    inspex_import_t *outer;
    inspex_status_t st;
    inspex_error_t *err;
} relay_t;

static inspex_status_t relay_sink(void *ud, inspex_inspection_t *insp,
                                  inspex_error_t *err)
{
    relay_t *r = ud;
    return inspex_import_emit(r->outer, insp, NULL, 0, err);
}

static void relay_warn(void *ud, const char *text)
{
    relay_t *r = ud;
    inspex_import_warn(r->outer, 0, 0, "%s", text);
}

/* One stderr line: a reject, a warning, or text passed on. */
static inspex_status_t control_line(inspex_import_t *ctx, const char *line,
                                    inspex_error_t *err)
{
    json_t *j = line[0] == '{' ? json_loads(line, 0, NULL) : NULL;
    const char *reject = json_string_value(json_object_get(j, "reject"));
    const char *warning = json_string_value(json_object_get(j, "warning"));
    unsigned long ln = (unsigned long)json_integer_value(
        json_object_get(j, "line"));
    unsigned long col = (unsigned long)json_integer_value(
        json_object_get(j, "column"));
    inspex_status_t st = INSPEX_OK;

    if (reject) {
        json_t *raw = json_object_get(j, "raw");
        inspex_error_set_at(err, INSPEX_ERR_INVALID, inspex_import_source(ctx),
                            ln, col, "%s", reject);
        st = inspex_import_reject(ctx, json_string_value(raw),
                                  json_string_length(raw), err);
    } else if (warning) {
        inspex_import_warn(ctx, ln, col, "%s", warning);
    } else if (line[0]) {
        inspex_import_warn(ctx, 0, 0, "%s", line);
    }
    json_decref(j);
    return st;
}

static inspex_status_t ext_import(inspex_import_t *ctx, inspex_error_t *err)
{
    external_t *x = of(inspex__import_plugin(ctx));
    child_io_t io = {.in_reader = inspex_import_reader(ctx)};
    char **env;
    inspex_status_t st;

    if (x->ndjson == NULL)
        return inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                "plugin '%s' (%s) needs the ndjson plugin, "
                                "which is not installed",
                                x->name, x->path);
    env = environment(x, inspex__import_options(ctx), INSPEX_OPT_IMPORT);
    if (env == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = run_program(x, x->import_argv, env, &io, err);
    free_env(env);
    /* the rejects and warnings first: they are about the input */
    inspex_buf_add(&io.errs, "", 1);
    for (char *s = io.errs.p, *nl; st == INSPEX_OK && s && *s; s = nl + 1) {
        nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        st = control_line(ctx, s, err);
        if (nl == NULL)
            break;
    }
    if (st == INSPEX_OK) {
        char *name = inspex__asprintf("%s (%s's output)",
                                      inspex_import_source(ctx), x->name);
        inspex_reader_t *r = inspex_reader_new_memory(io.out.p ? io.out.p : "",
                                                      io.out.len,
                                                      name ? name : x->name);
        relay_t rl = {ctx, INSPEX_OK, err};
        inspex_import_params_t p;
        memset(&p, 0, sizeof(p));
        p.plugin = x->ndjson;
        p.reader = r;
        p.sink = relay_sink;
        p.sink_userdata = &rl;
        p.warn = relay_warn;
        p.warn_userdata = &rl;
        p.frameworks = inspex_import_frameworks(ctx);
        st = r ? inspex_import_run(&p, err)
               : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        inspex_reader_free(r);
        free(name);
    }
    inspex_buf_free(&io.out);
    inspex_buf_free(&io.errs);
    return st;
}

/* ---- export ------------------------------------------------------------- */

typedef struct ext_state {
    inspex_writer_t *mem;
    inspex_exporter_t *ex;
} ext_state_t;

static inspex_status_t ext_begin(inspex_export_t *ctx, void **state,
                                 inspex_error_t *err)
{
    external_t *x = of(inspex__export_plugin(ctx));
    ext_state_t *s;

    if (x->ndjson == NULL)
        return inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                "plugin '%s' (%s) needs the ndjson plugin, "
                                "which is not installed",
                                x->name, x->path);
    if ((s = calloc(1, sizeof(*s))) == NULL ||
        (s->mem = inspex_writer_new_memory()) == NULL) {
        free(s);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    *state = s;
    return inspex_exporter_open(x->ndjson, s->mem, NULL, &s->ex, err);
}

static inspex_status_t ext_record(inspex_export_t *ctx, void *state,
                                  const inspex_inspection_t *insp,
                                  inspex_error_t *err)
{
    ext_state_t *s = state;

    (void)ctx;
    return inspex_exporter_write(s->ex, insp, err);
}

static inspex_status_t ext_end(inspex_export_t *ctx, void *state,
                               inspex_error_t *err)
{
    external_t *x = of(inspex__export_plugin(ctx));
    ext_state_t *s = state;
    child_io_t io = {0};
    char **env;
    inspex_status_t st = inspex_exporter_finish(s->ex, err);

    if (st != INSPEX_OK)
        return st;
    io.in_data = inspex_writer_data(s->mem, &io.in_len);
    env = environment(x, inspex__export_options(ctx), INSPEX_OPT_EXPORT);
    if (env == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = run_program(x, x->export_argv, env, &io, err);
    free_env(env);
    if (st == INSPEX_OK && io.out.len)
        st = inspex_writer_write(inspex_export_writer(ctx), io.out.p,
                                 io.out.len, err);
    inspex_buf_free(&io.out);
    inspex_buf_free(&io.errs);
    return st;
}

static void ext_state_free(void *state)
{
    ext_state_t *s = state;

    if (s == NULL)
        return;
    inspex_exporter_free(s->ex);
    inspex_writer_free(s->mem);
    free(s);
}
