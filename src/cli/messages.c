/* SPDX-License-Identifier: MIT */
/* messages.c - what convert, fetch, validate and info say while they run:
 * a warning found in many records said once, with its count and first
 * lines (every one under -v), a hint when columns could not be mapped,
 * and the progress line on a terminal. */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Up to this many of a kind are said one by one; more, once, with the
 * first lines this many and "...". */
#define FIRST_LINES 3

typedef struct group {
    char *code, *source;
    char *first[FIRST_LINES]; /* the first ones' whole lines */
    unsigned long count;
    unsigned long lines[FIRST_LINES];
} group_t;

struct cli_msgs {
    cli_t *cli;
    FILE *out;    /* stderr, or stdout for validate */
    int validate; /* lines without "inspex: ", with " [code]" */
    group_t *g;
    size_t ng;
    unsigned long errors, warnings, ambiguous;
    int failed; /* out of memory while grouping: said at the end */
    /* the progress line */
    int progress;       /* wanted: stderr is a terminal and not -q */
    int line_out;       /* on screen now */
    struct timespec t0; /* when the work began */
    double last;        /* when it was last drawn (seconds from t0) */
    /* messages come from the engine's writer thread too, the progress
     * from the reading one: one at a time on the screen */
    pthread_mutex_t mu;
};

/* printf into a new string; NULL when out of memory. */
static char *aprintf(const char *fmt, ...) INSPEX_PRINTF(1, 2);
static char *aprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static double since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) +
           (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

cli_msgs_t *cli_msgs_new(cli_t *cli, int validate)
{
    cli_msgs_t *ms = calloc(1, sizeof(*ms));

    if (ms == NULL) {
        cli_error("out of memory");
        return NULL;
    }
    ms->cli = cli;
    ms->validate = validate;
    ms->out = validate ? stdout : stderr;
    ms->progress = !cli->quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &ms->t0);
    pthread_mutex_init(&ms->mu, NULL);
    return ms;
}

void cli_msgs_free(cli_msgs_t *ms)
{
    if (ms == NULL)
        return;
    for (size_t i = 0; i < ms->ng; i++) {
        free(ms->g[i].code);
        free(ms->g[i].source);
        for (size_t k = 0; k < FIRST_LINES; k++)
            free(ms->g[i].first[k]);
    }
    free(ms->g);
    pthread_mutex_destroy(&ms->mu);
    free(ms);
}

unsigned long cli_msgs_errors(const cli_msgs_t *ms)
{
    return ms->errors;
}

unsigned long cli_msgs_warnings(const cli_msgs_t *ms)
{
    return ms->warnings;
}

/* Takes the progress line off the screen; with mu held. */
static void clear_line(cli_msgs_t *ms)
{
    if (ms->line_out) {
        fputs("\r\033[K", stderr);
        ms->line_out = 0;
    }
}

void cli_msgs_clear_line(cli_msgs_t *ms)
{
    if (ms == NULL)
        return;
    pthread_mutex_lock(&ms->mu);
    clear_line(ms);
    pthread_mutex_unlock(&ms->mu);
}

/* One line out: "inspex: TEXT" on stderr, or validate's "TEXT [code]". */
static void put(cli_msgs_t *ms, FILE *f, const char *text, const char *code)
{
    clear_line(ms);
    if (f == stdout) {
        if (code)
            cli_printf(ms->cli, "%s [%s]\n", text, code);
        else
            cli_printf(ms->cli, "%s\n", text);
    } else {
        fprintf(f, "inspex: %s\n", text);
    }
}

/* The group of (code, source), made when new; NULL when out of memory. */
static group_t *group_of(cli_msgs_t *ms, const char *code, const char *source)
{
    group_t *ng;

    for (size_t i = 0; i < ms->ng; i++)
        if (strcmp(ms->g[i].code, code) == 0 &&
            strcmp(ms->g[i].source, source) == 0)
            return &ms->g[i];
    ng = realloc(ms->g, (ms->ng + 1) * sizeof(*ng));
    if (ng == NULL)
        return NULL;
    ms->g = ng;
    ng = &ms->g[ms->ng];
    memset(ng, 0, sizeof(*ng));
    ng->code = strdup(code);
    ng->source = strdup(source);
    if (ng->code == NULL || ng->source == NULL) {
        free(ng->code);
        free(ng->source);
        return NULL;
    }
    ms->ng++;
    return ng;
}

/* A column the importer could not settle: its own warning says so. */
static int is_ambiguous_column(const inspex_engine_msg_t *m)
{
    return strcmp(m->code, "import-warning") == 0 &&
           strstr(m->text, " could be standard ") != NULL &&
           strstr(m->text, "not guessed") != NULL;
}

static void take(cli_msgs_t *ms, const inspex_engine_msg_t *m);

void cli_msgs_take(void *ud, const inspex_engine_msg_t *m)
{
    cli_msgs_t *ms = ud;

    pthread_mutex_lock(&ms->mu);
    take(ms, m);
    pthread_mutex_unlock(&ms->mu);
}

/* 1 when m is a check's warning on a record, said once per kind at the
 * end rather than as it comes. */
static int grouped(const cli_msgs_t *ms, const inspex_engine_msg_t *m)
{
    return m->level == INSPEX_MSG_WARNING && m->problem && m->source &&
           m->line && !ms->cli->verbose && !(ms->cli->quiet && !ms->validate);
}

int cli_msgs_wanted(void *ud, const inspex_engine_msg_t *m)
{
    cli_msgs_t *ms = ud;
    group_t *g;
    int yes = 1;

    pthread_mutex_lock(&ms->mu);
    /* past the first few of its kind only its count is kept: no text */
    if (grouped(ms, m) && (g = group_of(ms, m->code, m->source)) != NULL &&
        g->count >= FIRST_LINES) {
        ms->warnings++;
        g->count++;
        yes = 0;
    }
    pthread_mutex_unlock(&ms->mu);
    return yes;
}

static void take(cli_msgs_t *ms, const inspex_engine_msg_t *m)
{
    const char *tag = NULL;
    group_t *g;

    if (m->level == INSPEX_MSG_NOTE) {
        put(ms, stderr, m->text, NULL);
        return;
    }
    if (m->level == INSPEX_MSG_ERROR)
        ms->errors++;
    else
        ms->warnings++;
    if (ms->validate && (m->problem || strcmp(m->code, "invalid-record") == 0))
        tag = m->code;
    if (is_ambiguous_column(m))
        ms->ambiguous++;
    if (m->level == INSPEX_MSG_WARNING && ms->cli->quiet && !ms->validate)
        return;
    /* a check's warning on a record is said once per kind, at the end */
    if (grouped(ms, m)) {
        if ((g = group_of(ms, m->code, m->source)) == NULL) {
            ms->failed = 1;
            put(ms, ms->out, m->text, tag);
            return;
        }
        if (g->count < FIRST_LINES) {
            g->lines[g->count] = m->line;
            if ((g->first[g->count] = strdup(m->text)) == NULL)
                ms->failed = 1;
        }
        g->count++;
        return;
    }
    put(ms, m->level == INSPEX_MSG_NOTE ? stderr : ms->out, m->text, tag);
}

void cli_msgs_say(void *ud, inspex_msg_level_t level, const char *code,
                  const char *text)
{
    inspex_engine_msg_t m;

    memset(&m, 0, sizeof(m));
    m.level = level;
    m.code = code;
    m.text = m.message = text;
    cli_msgs_take(ud, &m);
}

/* "SOURCE: 82 of 83 inspections: SUMMARY (lines 2, 3, 4, ...; -v lists
 * each)". */
static void say_group(cli_msgs_t *ms, const group_t *g, unsigned long total)
{
    const char *summary = inspex_check_summary(g->code);
    char lines[96] = "", of[32] = "";
    size_t used = 0;
    char *text;

    if (g->count <= FIRST_LINES) {
        for (unsigned long i = 0; i < g->count; i++)
            if (g->first[i])
                put(ms, ms->out, g->first[i], ms->validate ? g->code : NULL);
        return;
    }
    for (unsigned long i = 0; i < g->count && i < FIRST_LINES; i++)
        used += (size_t)snprintf(lines + used, sizeof(lines) - used, "%s%lu",
                                 i ? ", " : "", g->lines[i]);
    if (total)
        snprintf(of, sizeof(of), " of %lu", total);
    text = aprintf("%s: %lu%s inspections: %s%s (lines %s%s; -v lists each)",
                   g->source, g->count, of, summary ? summary : g->code,
                   summary ? "" : " warnings", lines,
                   g->count > FIRST_LINES ? ", ..." : "");
    if (text == NULL) {
        ms->failed = 1;
        return;
    }
    put(ms, ms->out, text, ms->validate ? g->code : NULL);
    free(text);
}

void cli_msgs_finish(cli_msgs_t *ms, unsigned long total)
{
    pthread_mutex_lock(&ms->mu);
    clear_line(ms);
    for (size_t i = 0; i < ms->ng; i++)
        say_group(ms, &ms->g[i], total);
    if (ms->failed)
        cli_error("out of memory: some warnings were said one by one");
    if (ms->ambiguous && !ms->cli->quiet)
        fprintf(stderr,
                "inspex: hint: %lu column%s could be more than one standard; "
                "'inspex map FILE' shows how each column was read, and "
                "-O map=FILE maps columns to fields or standard codes (see "
                "MAP FILES in inspex(1))\n",
                ms->ambiguous, ms->ambiguous == 1 ? "" : "s");
    pthread_mutex_unlock(&ms->mu);
}

/* ---- the progress line ------------------------------------------------- */

static void human_bytes(unsigned long long n, char *buf, size_t size)
{
    if (n >= 10ULL * 1024 * 1024)
        snprintf(buf, size, "%llu MB", n >> 20);
    else if (n >= 10ULL * 1024)
        snprintf(buf, size, "%llu kB", n >> 10);
    else
        snprintf(buf, size, "%llu bytes", n);
}

void cli_msgs_progress(void *ud, const inspex_engine_progress_t *p)
{
    cli_msgs_t *ms = ud;
    double t = since(&ms->t0), rate;
    char done[32], total[32], left[48] = "";

    /* nothing in the first second, then at most five times a second */
    if (!ms->progress || t < 1.0)
        return;
    pthread_mutex_lock(&ms->mu);
    if (ms->line_out && t - ms->last < 0.2) {
        pthread_mutex_unlock(&ms->mu);
        return;
    }
    ms->last = t;
    rate = (double)p->records / t;
    human_bytes(p->bytes, done, sizeof(done));
    if (p->total_bytes && p->bytes && p->bytes <= p->total_bytes) {
        double rest = t * (double)(p->total_bytes - p->bytes) /
                      (double)p->bytes;
        human_bytes(p->total_bytes, total, sizeof(total));
        snprintf(left, sizeof(left), " of %s, %.0f s left", total, rest);
    }
    fprintf(stderr, "\rinspex: %lu records, %s%s, %.0f records/s\033[K",
            p->records, done, left, rate);
    ms->line_out = 1;
    pthread_mutex_unlock(&ms->mu);
}

void cli_msgs_fetch_progress(void *ud, const inspex_fetch_progress_t *p)
{
    cli_msgs_t *ms = ud;
    char bytes[32];

    if (!ms->progress)
        return;
    human_bytes(p->bytes, bytes, sizeof(bytes));
    pthread_mutex_lock(&ms->mu);
    fprintf(stderr, "\rinspex: fetched %zu/%zu, %zu failed, %s\033[K", p->done,
            p->total, p->failed, bytes);
    ms->line_out = 1;
    pthread_mutex_unlock(&ms->mu);
}
