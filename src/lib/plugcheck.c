/* SPDX-License-Identifier: MIT */
/* plugcheck.c - checking a plugin file in a child process (`inspex
 * plugins check`): load, entry, descriptor, probes on empty, binary and
 * sample input, each step under a time limit. The child reports each
 * step on a pipe before taking it, so a crash, a hang or an exit() is
 * put on the step it happened in. The result goes into the plugin cache
 * (guard.h). */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <inspex/host.h>

#include "guard.h"
#include "internal.h"
#include "pipeline.h"

/* Samples of the shipped formats, for the probe's scores. */
static const struct sample {
    const char *name, *text;
} samples[] = {
    {"csv", "name,published,overall\nMedway YOT,2020-06-04,Good\n"},
    {"json", "{\"format\": \"inspex\", \"version\": 1, \"inspections\": []}\n"},
    {"ndjson", "{\"body_name\":\"Medway YOT\"}\n{\"body_name\":\"Essex\"}\n"},
    {"html", "<!DOCTYPE html>\n<html><head><title>Medway</title></head>\n"},
};

/* ---- the child -------------------------------------------------------- */

static void say(int fd, char kind, const char *text)
{
    inspex_buf_t b = {0};

    inspex_buf_add(&b, &kind, 1);
    inspex_buf_add(&b, " ", 1);
    for (const char *t = text ? text : ""; *t; t++)
        inspex_buf_add(&b, *t == '\n' ? " " : t, 1);
    inspex_buf_add(&b, "\n", 1);
    if (b.p && write(fd, b.p, b.len) < 0) {
        /* the parent is gone: nothing to report to */
    }
    inspex_buf_free(&b);
}

static void sayf(int fd, char kind, const char *fmt, ...) INSPEX_PRINTF(3, 4);
static void sayf(int fd, char kind, const char *fmt, ...)
{
    va_list ap;
    char *t;

    va_start(ap, fmt);
    t = inspex__vasprintf(fmt, ap);
    va_end(ap);
    say(fd, kind, t);
    free(t);
}

static void stage(int fd, const char *what, double limit)
{
    struct itimerval it;

    say(fd, 'S', what);
    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = (time_t)limit;
    it.it_value.tv_usec = (suseconds_t)((limit - (double)(time_t)limit) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
}

/* One probe's score, checked for range; -1 when out of it. */
static int probe_once(int fd, const inspex_plugin_t *p, const char *what,
                      const unsigned char *data, size_t len, double limit)
{
    char st[96];
    int a, b;

    snprintf(st, sizeof(st), "probe (%s)", what);
    stage(fd, st, limit);
    a = p->probe(data, len);
    b = p->probe(data, len);
    if (a != b)
        sayf(fd, 'W',
             "probe gives %d, then %d for the same %s: it must "
             "depend on the bytes alone",
             a, b, what);
    if (a < 0 || a > 100) {
        sayf(fd, 'W', "probe returns %d for %s: scores are 0 to 100", a, what);
        return -1;
    }
    return a;
}

static void check_probes(int fd, const inspex_plugin_t *p, double limit)
{
    static unsigned char bin[4096];
    unsigned long x = 12345;
    int s;

    if (p->probe == NULL) {
        if (p->capabilities & INSPEX_CAP_IMPORT)
            say(fd, 'I', "no probe: chosen only by name or extension");
        return;
    }
    s = probe_once(fd, p, "empty input", bin, 0, limit);
    if (s > 0)
        sayf(fd, 'W',
             "probe scores empty input %d; with nothing to go on "
             "it should be INSPEX_PROBE_NO (0)",
             s);
    for (size_t i = 0; i < sizeof(bin); i++) {
        x = x * 1103515245ul + 12345ul;
        bin[i] = (unsigned char)(x >> 16);
    }
    s = probe_once(fd, p, "random binary input", bin, sizeof(bin), limit);
    if (s >= INSPEX_PROBE_POSSIBLE)
        sayf(fd, 'W',
             "probe scores 4096 random bytes %d; below "
             "INSPEX_PROBE_POSSIBLE (30) unless it reads binary "
             "data with a signature",
             s);
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        char what[64];
        snprintf(what, sizeof(what), "a %s sample", samples[i].name);
        s = probe_once(fd, p, what, (const unsigned char *)samples[i].text,
                       strlen(samples[i].text), limit);
        if (s >= 0)
            sayf(fd, 'I', "probe scores %s %d", what, s);
    }
}

static void describe(int fd, const inspex_plugin_t *p)
{
    const char *h = inspex_plugin_headers(p);

    say(fd, 'N', p->name);
    sayf(fd, 'C', "%u", (unsigned)p->capabilities);
    for (const char *const *e = p->extensions; e && *e; e++)
        say(fd, 'E', *e);
    if (h)
        say(fd, 'H', h);
    else
        say(fd, 'I',
            "headers version not recorded (INSPEX_PLUGIN_HEAD "
            "sets it)");
    if (p->description == NULL || p->description[0] == '\0')
        say(fd, 'W', "no description: `inspex formats` shows none");
    if (p->version == NULL || p->version[0] == '\0')
        say(fd, 'W', "no version");
    if ((p->capabilities & INSPEX_CAP_IMPORT) && p->probe == NULL &&
        (p->extensions == NULL || p->extensions[0] == NULL))
        say(fd, 'W',
            "imports, but has neither a probe nor an extension: "
            "it is used only when named with -f");
    for (const inspex_option_t *o = p->options; o && o->name; o++)
        if (o->help == NULL || o->help[0] == '\0')
            sayf(fd, 'W', "option '%s' has no help", o->name);
}

static void child(int fd, const char *path, double limit)
{
    union {
        void *obj;
        inspex_plugin_entry_fn fn;
    } sym;
    const inspex_plugin_t *p;
    struct sigaction sa;
    char *why;
    void *h;

    /* die plainly, so that the parent sees the signal */
    inspex__guard_disable();
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    stage(fd, "load", limit);
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        const char *e = dlerror();
        say(fd, 'X', e ? e : "dlopen failed");
        say(fd, 'D', "");
        _exit(0);
    }
    sym.obj = dlsym(h, INSPEX_PLUGIN_ENTRY_SYMBOL);
    if (sym.obj == NULL) {
        say(fd, 'X',
            "no " INSPEX_PLUGIN_ENTRY_SYMBOL " symbol: not an inspex "
            "plugin (a C++ plugin needs INSPEX_PLUGIN_DEFINE, which "
            "is extern \"C\")");
        say(fd, 'D', "");
        _exit(0);
    }
    stage(fd, INSPEX_PLUGIN_ENTRY_SYMBOL, limit);
    p = sym.fn();
    stage(fd, "the descriptor", limit);
    if ((why = inspex__plugin_validate(p)) != NULL) {
        say(fd, 'X', why);
        if (p && p->abi == INSPEX_PLUGIN_ABI && p->name)
            say(fd, 'N', p->name);
        say(fd, 'D', "");
        _exit(0);
    }
    describe(fd, p);
    check_probes(fd, p, limit);
    stage(fd, "unload", limit);
    say(fd, 'D', "");
    _exit(0);
}

/* ---- the parent ------------------------------------------------------- */

static int push(char ***list, size_t *n, const char *s)
{
    char **l = realloc(*list, (*n + 2) * sizeof(*l));

    if (l == NULL)
        return -1;
    *list = l;
    if ((l[*n] = inspex__strdup(s)) == NULL)
        return -1;
    l[++*n] = NULL;
    return 0;
}

typedef struct parse {
    inspex_plugin_check_t *c;
    size_t nwarn, next, ninfo;
    char *stage;
    int done;
    int bad;
} parse_t;

static void take_line(parse_t *ps, char *line)
{
    inspex_plugin_check_t *c = ps->c;
    char kind = line[0];
    const char *text = line[1] ? line + 2 : "";

    switch (kind) {
    case 'S':
        free(ps->stage);
        ps->stage = inspex__strdup(text);
        break;
    case 'N':
        free(c->name);
        c->name = inspex__strdup(text);
        break;
    case 'C': c->capabilities = (unsigned)strtoul(text, NULL, 10); break;
    case 'E': ps->bad |= push(&c->extensions, &ps->next, text); break;
    case 'H':
        free(c->headers);
        c->headers = inspex__strdup(text);
        break;
    case 'W': ps->bad |= push(&c->warnings, &ps->nwarn, text); break;
    case 'I': ps->bad |= push(&c->notes, &ps->ninfo, text); break;
    case 'X':
        free(c->broken);
        c->broken = inspex__strdup(text);
        break;
    case 'D': ps->done = 1; break;
    }
}

/* Reads the child's lines until it closes the pipe or overruns. */
static int read_child(int fd, parse_t *ps, int wait_ms)
{
    inspex_buf_t b = {0};
    char chunk[4096];
    int timed_out = 0;

    for (;;) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int r = poll(&pf, 1, wait_ms);
        ssize_t k;
        if (r == 0) {
            timed_out = 1;
            break;
        }
        if (r < 0 && errno == EINTR)
            continue;
        k = r < 0 ? -1 : read(fd, chunk, sizeof(chunk));
        if (k <= 0)
            break;
        inspex_buf_add(&b, chunk, (size_t)k);
    }
    for (char *s = b.p, *nl;
         s && (nl = memchr(s, '\n', b.len - (size_t)(s - b.p))); s = nl + 1) {
        *nl = '\0';
        take_line(ps, s);
    }
    inspex_buf_free(&b);
    return timed_out;
}

static const char *sig_name(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
                 {SIGILL, "SIGILL"},   {SIGABRT, "SIGABRT"}, {SIGSYS, "SIGSYS"},
                 {SIGKILL, "SIGKILL"}, {SIGTERM, "SIGTERM"}};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].sig == sig)
            return names[i].name;
    return "a signal";
}

/* What the way the child ended says, when it did not finish. */
static char *ending(int status, int timed_out, const char *stage, double lim)
{
    const char *where = stage ? stage : "load";

    if (timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM))
        return inspex__asprintf("hung in %s (did not return within %g s)",
                                where, lim);
    if (WIFSIGNALED(status))
        return inspex__asprintf("crashed in %s (%s)", where,
                                sig_name(WTERMSIG(status)));
    if (WIFEXITED(status))
        return inspex__asprintf("called exit(%d) in %s", WEXITSTATUS(status),
                                where);
    return inspex__asprintf("ended in %s", where);
}

void inspex_plugin_check_free(inspex_plugin_check_t *c)
{
    if (c == NULL)
        return;
    free(c->path);
    free(c->name);
    free(c->headers);
    free(c->broken);
    for (char **l = c->extensions; l && *l; l++)
        free(*l);
    for (char **l = c->warnings; l && *l; l++)
        free(*l);
    for (char **l = c->notes; l && *l; l++)
        free(*l);
    free(c->extensions);
    free(c->warnings);
    free(c->notes);
    free(c);
}

static double probe_limit(void)
{
    const char *v = getenv("INSPEX_PROBE_TIMEOUT");
    char *end;
    double d = v && *v ? strtod(v, &end) : 2.0;

    return v && *v && (*end || d <= 0 || d > 3600) ? 2.0 : d;
}

inspex_status_t inspex_plugin_check_file(const char *path,
                                         inspex_plugin_check_t **out,
                                         inspex_error_t *err)
{
    inspex_plugin_check_t *c = calloc(1, sizeof(*c));
    parse_t ps = {.c = c};
    double limit = probe_limit();
    int fds[2], status = 0, timed_out;
    pid_t pid;

    *out = NULL;
    if (c == NULL || (c->path = inspex__strdup(path)) == NULL) {
        inspex_plugin_check_free(c);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        int e = errno;
        inspex_plugin_check_free(c);
        return inspex_error_set_at(err, INSPEX_ERR_IO, path, 0, 0,
                                   "cannot start a checking process: %s",
                                   strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], path, limit);
    }
    close(fds[1]);
    /* every step has the limit; the whole check, a generous multiple */
    timed_out = read_child(fds[0], &ps, (int)(limit * 20000));
    close(fds[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!ps.done && c->broken == NULL)
        c->broken = ending(status, timed_out, ps.stage, limit);
    free(ps.stage);
    if (ps.bad || (!ps.done && c->broken == NULL)) {
        inspex_plugin_check_free(c);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    inspex__plugin_cache_store(path, c->broken);
    *out = c;
    return INSPEX_OK;
}
