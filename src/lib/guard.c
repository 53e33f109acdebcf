/* SPDX-License-Identifier: MIT */
/* guard.c - signals: temporary files removed when the process is killed,
 * and crashes, exits and hangs inside plugin code attributed to the
 * plugin (guard.h). Everything a handler touches is static storage
 * written before it is published, and a handler calls only
 * async-signal-safe functions (write, unlink, open, stat, mkdir, _exit,
 * sigaction, raise). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "internal.h"

#define EXIT_PLUGIN_STATUS 4
#define NTEMP 32
#define NKNOWN 256

/* ---- state ----------------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile sig_atomic_t disabled;
static volatile sig_atomic_t dying;
static __thread inspex__call_t *current
    __attribute__((tls_model("initial-exec")));
static __thread char *altstack __attribute__((tls_model("initial-exec")));
static pthread_key_t altstack_key;

static struct temp {
    volatile sig_atomic_t used;
    char path[PATH_MAX];
} temps[NTEMP];
static pthread_mutex_t temp_mu = PTHREAD_MUTEX_INITIALIZER;

static struct known {
    const inspex_plugin_t *volatile plugin;
    char *path;
    int third;
} known[NKNOWN];
static volatile size_t nknown;
static pthread_mutex_t known_mu = PTHREAD_MUTEX_INITIALIZER;

/* The probe running under a time limit, watched by a thread of its own
 * (a signal cannot be relied on: a plugin may block it, and a sanitizer
 * may hold it back from a thread that never calls into its runtime). */
static inspex__call_t *probe_call;
static unsigned long probe_seq;
static struct timespec probe_deadline;
static pthread_mutex_t probe_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t probe_cv = PTHREAD_COND_INITIALIZER;
static int watchdog_started;
static double probe_limit = 2.0;

static char cache_file[PATH_MAX];

static const int fatal_signals[] = {SIGSEGV, SIGBUS,  SIGFPE,
                                    SIGILL,  SIGABRT, SIGSYS};
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))
static const int term_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NTERM (sizeof(term_signals) / sizeof(term_signals[0]))
static struct sigaction old_fatal[NFATAL];

/* ---- async-signal-safe text ------------------------------------------ */

typedef struct line {
    char b[PATH_MAX + 512];
    size_t n;
} line_t;

static void put(line_t *l, const char *s)
{
    while (s && *s && l->n < sizeof(l->b) - 1)
        l->b[l->n++] = *s++;
}

static void put_num(line_t *l, unsigned long long v)
{
    char d[24];
    int k = 0;

    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && k < (int)sizeof(d));
    while (k > 0 && l->n < sizeof(l->b) - 1)
        l->b[l->n++] = d[--k];
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGSYS: return "SIGSYS";
    }
    return "a fatal signal";
}

static void remove_temps(void)
{
    for (size_t i = 0; i < NTEMP; i++)
        if (temps[i].used)
            unlink(temps[i].path);
}

static const char *path_of(const inspex__call_t *c)
{
    size_t n = nknown;

    if (c->path)
        return c->path;
    for (size_t i = 0; i < n && i < NKNOWN; i++)
        if (known[i].plugin == c->plugin)
            return known[i].path;
    return "linked in";
}

static const char *name_of(const inspex__call_t *c)
{
    return c->plugin && c->plugin->name ? c->plugin->name : c->name;
}

/* Appends "size\tmtime\tbroken\tpath\treason\n" to the plugin cache. */
static void record(const char *path, const char *reason)
{
    struct stat sb;
    line_t l = {.n = 0};
    int fd;

    if (cache_file[0] == '\0' || path == NULL || stat(path, &sb) != 0)
        return;
    fd = open(cache_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        /* the cache's folder may not exist yet: make it, one level at a
         * time, from the top */
        char dir[PATH_MAX];
        memcpy(dir, cache_file, sizeof(dir));
        for (char *s = dir + 1; *s; s++)
            if (*s == '/') {
                *s = '\0';
                mkdir(dir, 0755);
                *s = '/';
            }
        fd = open(cache_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return;
    }
    put_num(&l, (unsigned long long)sb.st_size);
    put(&l, "\t");
    put_num(&l, (unsigned long long)sb.st_mtim.tv_sec);
    put(&l, ".");
    put_num(&l, (unsigned long long)sb.st_mtim.tv_nsec);
    put(&l, "\tbroken\t");
    put(&l, path);
    put(&l, "\t");
    put(&l, reason);
    put(&l, "\n");
    if (write(fd, l.b, l.n) < 0) {
        /* nothing more can be done in a dying process */
    }
    close(fd);
}

/* Says what happened, removes the temporaries and ends with status 4. */
static void die(const inspex__call_t *c, const char *what, const char *why)
{
    line_t l = {.n = 0}, reason = {.n = 0};
    const char *entry = c->entry;
    int cached = c->plugin == NULL || strcmp(entry, "probe") == 0;

    /* one report: a crash and the watchdog may both get here */
    if (__atomic_exchange_n(&dying, 1, __ATOMIC_SEQ_CST))
        for (;;)
            pause();
    remove_temps();
    put(&reason, what);
    put(&reason, " ");
    put(&reason, entry);
    if (why) {
        put(&reason, " (");
        put(&reason, why);
        put(&reason, ")");
    }
    reason.b[reason.n] = '\0';
    put(&l, "inspex: plugin '");
    put(&l, name_of(c));
    put(&l, "' (");
    put(&l, path_of(c));
    put(&l, ") ");
    put(&l, reason.b);
    put(&l, "; see 'inspex plugins check'\n");
    if (write(STDERR_FILENO, l.b, l.n) < 0) {
        /* the status still says it */
    }
    /* A crash at load or in a probe would end every later command that
     * loads or probes: later runs skip the file until it changes. */
    if (cached)
        record(path_of(c), reason.b);
    _exit(EXIT_PLUGIN_STATUS);
}

/* ---- handlers ----------------------------------------------------------
 */

static void on_fatal(int sig, siginfo_t *si, void *uc)
{
    inspex__call_t *c = current;
    int saved = errno;

    (void)uc;
    if (c && !disabled)
        die(c, "crashed in", signal_name(sig));
    remove_temps();
    /* Not plugin code: the handler that was there before (the default,
     * or a sanitizer's) deals with it. A fault returns to the faulting
     * instruction and happens again; a signal someone sent is sent
     * again. */
    for (size_t i = 0; i < NFATAL; i++)
        if (fatal_signals[i] == sig)
            sigaction(sig, &old_fatal[i], NULL);
    if (si == NULL || si->si_code <= 0)
        raise(sig);
    errno = saved;
}

static void on_term(int sig)
{
    struct sigaction sa;

    remove_temps();
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

/* Ends the process when a probe outlives its limit. */
static void *watchdog(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&probe_mu);
    for (;;) {
        unsigned long seq;
        while (probe_call == NULL)
            pthread_cond_wait(&probe_cv, &probe_mu);
        seq = probe_seq;
        while (probe_call && probe_seq == seq &&
               pthread_cond_timedwait(&probe_cv, &probe_mu, &probe_deadline) ==
                   0)
            ;
        if (probe_call && probe_seq == seq && !disabled) {
            line_t l = {.n = 0};
            put(&l, "did not return within ");
            put_num(&l, (unsigned long long)probe_limit);
            if (probe_limit != (double)(unsigned long long)probe_limit) {
                put(&l, ".");
                put_num(&l, (unsigned long long)(probe_limit * 10) % 10);
            }
            put(&l, " s");
            l.b[l.n] = '\0';
            die(probe_call, "hung in", l.b);
        }
    }
    return NULL;
}

/* exit() called while plugin code runs on this thread. */
static void on_exit_call(void)
{
    inspex__call_t *c = current;

    if (c && !disabled)
        die(c, "called exit() in", NULL);
}

/* ---- setting up ------------------------------------------------------ */

static void free_altstack(void *p)
{
    stack_t ss;

    memset(&ss, 0, sizeof(ss));
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    free(p);
}

/* A stack for the handler on this thread, so that a plugin's runaway
 * recursion is reported too. */
static void thread_altstack(void)
{
    stack_t ss;
    size_t size = 64 * 1024;

    if (altstack || disabled)
        return;
    if (sigaltstack(NULL, &ss) == 0 && !(ss.ss_flags & SS_DISABLE))
        return; /* the host (or a sanitizer) has one */
    altstack = malloc(size);
    if (altstack == NULL)
        return;
    memset(&ss, 0, sizeof(ss));
    ss.ss_sp = altstack;
    ss.ss_size = size;
    if (sigaltstack(&ss, NULL) != 0) {
        free(altstack);
        altstack = NULL;
        return;
    }
    pthread_setspecific(altstack_key, altstack);
}

static void cache_path_init(void)
{
    const char *env = getenv("INSPEX_PLUGIN_CACHE");
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n = -1;

    if (env)
        n = snprintf(cache_file, sizeof(cache_file), "%s", env);
    else if (xdg && xdg[0] == '/')
        n = snprintf(cache_file, sizeof(cache_file), "%s/inspex/plugins", xdg);
    else if (home && home[0] == '/')
        n = snprintf(cache_file, sizeof(cache_file), "%s/.cache/inspex/plugins",
                     home);
    if (n < 0 || (size_t)n >= sizeof(cache_file))
        cache_file[0] = '\0';
}

static void install(void)
{
    struct sigaction sa, old;
    const char *limit = getenv("INSPEX_PROBE_TIMEOUT");

    cache_path_init();
    if (limit && *limit) {
        char *end;
        double v = strtod(limit, &end);
        if (*end == '\0' && v >= 0 && v < 86400)
            probe_limit = v;
    }
    pthread_key_create(&altstack_key, free_altstack);
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &old_fatal[i]);
    /* A termination signal the host ignores (nohup) or handles itself is
     * left as it is. */
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_term;
    for (size_t i = 0; i < NTERM; i++)
        if (sigaction(term_signals[i], NULL, &old) == 0 &&
            !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL)
            sigaction(term_signals[i], &sa, NULL);
    atexit(on_exit_call);
}

void inspex__guard_init(void)
{
    pthread_once(&once, install);
}

void inspex__guard_disable(void)
{
    struct sigaction sa;

    inspex__guard_init();
    disabled = 1;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_DFL;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, NULL);
}

/* ---- marking calls ----------------------------------------------------
 */

void inspex__guard_enter(inspex__call_t *c, const inspex_plugin_t *plugin,
                         const char *entry)
{
    inspex__guard_init();
    thread_altstack();
    c->plugin = plugin;
    c->name = NULL;
    c->path = NULL;
    c->entry = entry;
    c->probe_timer = 0;
    c->prev = current;
    current = c;
}

void inspex__guard_enter_load(inspex__call_t *c, const char *name,
                              const char *path, const char *entry)
{
    inspex__guard_enter(c, NULL, entry);
    c->name = name;
    c->path = path;
}

void inspex__guard_leave(inspex__call_t *c)
{
    current = c->prev;
}

const inspex_plugin_t *inspex__guard_current(void)
{
    for (inspex__call_t *c = current; c; c = c->prev)
        if (c->plugin)
            return c->plugin;
    return NULL;
}

int inspex__guard_probe(const inspex_plugin_t *plugin,
                        const unsigned char *data, size_t len)
{
    inspex__call_t c;
    int timed = 0, s;

    inspex__guard_enter(&c, plugin, "probe");
    if (probe_limit > 0 && !disabled) {
        pthread_mutex_lock(&probe_mu);
        if (!watchdog_started) {
            pthread_t t;
            pthread_attr_t at;
            sigset_t all, old;
            /* the watchdog takes no signals: they stay the program's */
            sigfillset(&all);
            pthread_sigmask(SIG_SETMASK, &all, &old);
            pthread_attr_init(&at);
            pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
            watchdog_started = pthread_create(&t, &at, watchdog, NULL) == 0;
            pthread_attr_destroy(&at);
            pthread_sigmask(SIG_SETMASK, &old, NULL);
        }
        /* one probe at a time is timed: probes of two threads at once are
         * rare, and each is short */
        if (watchdog_started && probe_call == NULL) {
            clock_gettime(CLOCK_REALTIME, &probe_deadline);
            probe_deadline.tv_sec += (time_t)probe_limit;
            probe_deadline.tv_nsec +=
                (long)((probe_limit - (double)(time_t)probe_limit) * 1e9);
            if (probe_deadline.tv_nsec >= 1000000000L) {
                probe_deadline.tv_sec++;
                probe_deadline.tv_nsec -= 1000000000L;
            }
            probe_call = &c;
            probe_seq++;
            timed = 1;
            pthread_cond_broadcast(&probe_cv);
        }
        pthread_mutex_unlock(&probe_mu);
    }
    s = plugin->probe(data, len);
    if (timed) {
        pthread_mutex_lock(&probe_mu);
        probe_call = NULL;
        pthread_cond_broadcast(&probe_cv);
        pthread_mutex_unlock(&probe_mu);
    }
    inspex__guard_leave(&c);
    return s;
}

/* ---- which file a descriptor came from --------------------------------
 */

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

void inspex__guard_know(const inspex_plugin_t *plugin, const char *path)
{
    char *copy = inspex__strdup(path);
    size_t i;

    if (copy == NULL)
        return;
    pthread_mutex_lock(&known_mu);
    for (i = 0; i < nknown; i++)
        if (known[i].plugin == NULL || known[i].plugin == plugin)
            break;
    if (i < NKNOWN) {
        known[i].plugin = NULL;
        free(known[i].path);
        known[i].path = copy;
        known[i].third = !under(path, INSPEX_PLUGINDIR) &&
                         !under(path, INSPEX_BUILDDIR "/plugins");
        known[i].plugin = plugin;
        if (i == nknown)
            nknown = i + 1;
        copy = NULL;
    }
    pthread_mutex_unlock(&known_mu);
    free(copy);
}

void inspex__guard_forget(const inspex_plugin_t *plugin)
{
    pthread_mutex_lock(&known_mu);
    for (size_t i = 0; i < nknown; i++)
        if (known[i].plugin == plugin)
            known[i].plugin = NULL;
    pthread_mutex_unlock(&known_mu);
}

int inspex__guard_third_party(const inspex_plugin_t *plugin)
{
    int third = 0;

    if (plugin == NULL)
        return 0;
    pthread_mutex_lock(&known_mu);
    for (size_t i = 0; i < nknown; i++)
        if (known[i].plugin == plugin) {
            third = known[i].third;
            break;
        }
    pthread_mutex_unlock(&known_mu);
    return third;
}

/* ---- temporaries ------------------------------------------------------
 */

int inspex__guard_temp_add(const char *path)
{
    size_t n = strlen(path);
    int slot = -1;

    inspex__guard_init();
    if (n >= PATH_MAX)
        return -1;
    pthread_mutex_lock(&temp_mu);
    for (int i = 0; i < NTEMP && slot < 0; i++)
        if (!temps[i].used) {
            memcpy(temps[i].path, path, n + 1);
            __atomic_store_n(&temps[i].used, 1, __ATOMIC_SEQ_CST);
            slot = i;
        }
    pthread_mutex_unlock(&temp_mu);
    return slot;
}

void inspex__guard_temp_drop(int slot)
{
    if (slot < 0 || slot >= NTEMP)
        return;
    __atomic_store_n(&temps[slot].used, 0, __ATOMIC_SEQ_CST);
}

/* ---- the plugin cache -------------------------------------------------
 */

const char *inspex__plugin_cache_path(void)
{
    inspex__guard_init();
    return cache_file[0] ? cache_file : NULL;
}

/* The next tab-separated field of *s, cut in place. */
static char *field(char **s)
{
    char *f = *s, *t;

    if (f == NULL)
        return NULL;
    t = strchr(f, '\t');
    if (t) {
        *t = '\0';
        *s = t + 1;
    } else {
        *s = NULL;
    }
    return f;
}

char *inspex__plugin_cache_broken(const char *path)
{
    const char *file = inspex__plugin_cache_path();
    char stamp[64], *line = NULL, *found = NULL;
    size_t cap = 0;
    struct stat sb;
    FILE *f;

    if (file == NULL || stat(path, &sb) != 0 || (f = fopen(file, "r")) == NULL)
        return NULL;
    snprintf(stamp, sizeof(stamp), "%llu.%llu",
             (unsigned long long)sb.st_mtim.tv_sec,
             (unsigned long long)sb.st_mtim.tv_nsec);
    while (getline(&line, &cap, f) > 0) {
        char *s = line, *size, *mtime, *status, *p, *why;
        line[strcspn(line, "\n")] = '\0';
        size = field(&s);
        mtime = field(&s);
        status = field(&s);
        p = field(&s);
        why = s;
        if (why == NULL || strcmp(p, path) != 0 || strcmp(mtime, stamp) != 0 ||
            strtoull(size, NULL, 10) != (unsigned long long)sb.st_size)
            continue;
        /* the last line about the file is the newest */
        free(found);
        found = strcmp(status, "broken") == 0 ? inspex__strdup(why) : NULL;
    }
    free(line);
    fclose(f);
    return found;
}

int inspex__plugin_cache_store(const char *path, const char *reason)
{
    const char *file = inspex__plugin_cache_path();
    inspex_buf_t keep = {0};
    char *line = NULL, *tmp;
    size_t cap = 0;
    struct stat sb;
    FILE *f;
    int rc = -1;

    if (file == NULL || stat(path, &sb) != 0)
        return -1;
    if ((f = fopen(file, "r")) != NULL) {
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            char *t = line;
            /* the path is the fourth field */
            for (int k = 0; k < 3 && t; k++)
                t = strchr(t, '\t') ? strchr(t, '\t') + 1 : NULL;
            if (t && strncmp(t, path, strlen(path)) == 0 &&
                t[strlen(path)] == '\t')
                continue;
            inspex_buf_add(&keep, line, (size_t)n);
        }
        fclose(f);
    }
    free(line);
    tmp = inspex__asprintf("%s.%ld", file, (long)getpid());
    if (tmp == NULL) {
        inspex_buf_free(&keep);
        return -1;
    }
    if ((f = fopen(tmp, "w")) == NULL) {
        /* the folder may not exist yet */
        record(path, reason ? reason : "");
        if ((f = fopen(tmp, "w")) == NULL) {
            free(tmp);
            inspex_buf_free(&keep);
            return -1;
        }
    }
    fwrite(keep.p ? keep.p : "", 1, keep.len, f);
    fprintf(f, "%llu\t%llu.%llu\t%s\t%s\t%s\n", (unsigned long long)sb.st_size,
            (unsigned long long)sb.st_mtim.tv_sec,
            (unsigned long long)sb.st_mtim.tv_nsec, reason ? "broken" : "ok",
            path, reason ? reason : "");
    if (fclose(f) == 0 && rename(tmp, file) == 0)
        rc = 0;
    else
        unlink(tmp);
    free(tmp);
    inspex_buf_free(&keep);
    return rc;
}
