/* SPDX-License-Identifier: MIT */
/* engine.c - the conversion engine (inspex/engine.h): inputs through
 * importers, each inspection checked, into one exporter. A reader (the
 * calling thread) and a writer thread hand batches round a ring; inputs
 * whose importer reads web pages are fetched together and written in
 * input order. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <inspex/engine.h>

#include "guard.h"
#include "internal.h"

typedef struct input {
    char *spec;       /* path, "-", URL, or a memory input's name */
    const void *data; /* memory inputs */
    size_t len;
    int memory;
} input_t;

struct inspex_engine {
    inspex_registry_t *reg;
    const inspex_frameworks_t *set;
    input_t *inputs;
    size_t ninputs;
    char *out;                   /* NULL: stdout */
    inspex_writer_t *out_writer; /* borrowed, instead of out */
    char *from, *to, *rejects_path;
    const inspex_options_t *opts;
    unsigned flags;
    inspex_fetch_options_t fo;
    const char *name;
    inspex_engine_message_fn msg;
    void *msg_ud;
    inspex_engine_reject_fn reject;
    void *reject_ud;
    inspex_fetch_progress_fn progress;
    void *progress_ud;
    inspex_engine_msg_fn msg_ex; /* instead of msg, when set */
    void *msg_ex_ud;
    inspex_engine_wanted_fn msg_wanted; /* asked before a check's warning */
    void *msg_wanted_ud;
    inspex_engine_record_fn records; /* instead of an exporter, when set */
    void *records_ud;
    inspex_engine_progress_fn ticker;
    void *ticker_ud;
    /* messages come from both threads; the lock on a cache line of its
     * own, away from the counters the reader bumps for every record (a
     * check's warning takes it for every record on the other thread) */
    char msg_mu_before[64];
    pthread_mutex_t msg_mu;
    char msg_mu_after[64];
    unsigned long nread, nwritten, nrejected, nfetched, nfailed;
    int partial; /* the last run's output was cut short (output_partial) */
    inspex_limits_t limits;  /* what every importer is held to */
    unsigned long nbadcheck; /* records read that failed their check */
    /* outputs (issue 15): records that failed only their checks, handed
     * to an exporter with INSPEX_CAP_SHOWS_CHECKS (nshown once the output
     * holding them was committed) */
    unsigned long nchecked_bad, nshown;
};

/* ---- the object -----------------------------------------------------------
 */

inspex_engine_t *inspex_engine_new(inspex_registry_t *reg,
                                   const inspex_frameworks_t *set)
{
    inspex_engine_t *e;

    if (reg == NULL || set == NULL || (e = calloc(1, sizeof(*e))) == NULL)
        return NULL;
    e->reg = reg;
    e->set = set;
    inspex_limits_init(&e->limits);
    inspex_fetch_options_init(&e->fo);
    pthread_mutex_init(&e->msg_mu, NULL);
    return e;
}

void inspex_engine_free(inspex_engine_t *e)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < e->ninputs; i++)
        free(e->inputs[i].spec);
    free(e->inputs);
    free(e->out);
    free(e->from);
    free(e->to);
    free(e->rejects_path);
    pthread_mutex_destroy(&e->msg_mu);
    free(e);
}

static inspex_status_t add(inspex_engine_t *e, const char *spec,
                           const void *data, size_t len, int memory,
                           inspex_error_t *err)
{
    input_t *ni = realloc(e->inputs, (e->ninputs + 1) * sizeof(*ni));
    char *copy = strdup(spec ? spec : "");

    if (ni)
        e->inputs = ni;
    if (ni == NULL || copy == NULL) {
        free(copy);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    ni[e->ninputs].spec = copy;
    ni[e->ninputs].data = data;
    ni[e->ninputs].len = len;
    ni[e->ninputs].memory = memory;
    e->ninputs++;
    return INSPEX_OK;
}

inspex_status_t inspex_engine_add_input(inspex_engine_t *e, const char *spec,
                                        inspex_error_t *err)
{
    return add(e, spec, NULL, 0, 0, err);
}

inspex_status_t inspex_engine_add_memory(inspex_engine_t *e, const void *data,
                                         size_t len, const char *name,
                                         inspex_error_t *err)
{
    return add(e, name, data, len, 1, err);
}

size_t inspex_engine_input_count(const inspex_engine_t *e)
{
    return e->ninputs;
}

/* Replaces *slot with a copy of s (NULL stays NULL). */
static inspex_status_t set_string(char **slot, const char *s,
                                  inspex_error_t *err)
{
    char *copy = NULL;

    if (s && (copy = strdup(s)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    free(*slot);
    *slot = copy;
    return INSPEX_OK;
}

inspex_status_t inspex_engine_set_output(inspex_engine_t *e, const char *path,
                                         inspex_error_t *err)
{
    e->out_writer = NULL;
    return set_string(&e->out, path && strcmp(path, "-") ? path : NULL, err);
}

void inspex_engine_set_output_writer(inspex_engine_t *e, inspex_writer_t *w)
{
    free(e->out);
    e->out = NULL;
    e->out_writer = w;
}

inspex_status_t inspex_engine_set_from(inspex_engine_t *e, const char *name,
                                       inspex_error_t *err)
{
    return set_string(&e->from, name, err);
}

inspex_status_t inspex_engine_set_to(inspex_engine_t *e, const char *name,
                                     inspex_error_t *err)
{
    return set_string(&e->to, name, err);
}

void inspex_engine_set_options(inspex_engine_t *e, const inspex_options_t *opts)
{
    e->opts = opts;
}

void inspex_engine_set_flags(inspex_engine_t *e, unsigned flags)
{
    e->flags = flags;
}

inspex_status_t inspex_engine_set_rejects(inspex_engine_t *e, const char *path,
                                          inspex_error_t *err)
{
    return set_string(&e->rejects_path, path, err);
}

void inspex_engine_set_fetch_options(inspex_engine_t *e,
                                     const inspex_fetch_options_t *o)
{
    if (o)
        e->fo = *o;
    else
        inspex_fetch_options_init(&e->fo);
}

void inspex_engine_set_limits(inspex_engine_t *e, const inspex_limits_t *l)
{
    if (l == NULL) {
        inspex_limits_init(&e->limits);
        return;
    }
    for (int k = 0; k < INSPEX_LIMIT_KINDS; k++)
        e->limits.max[k] = inspex_limits_get(l, (inspex_limit_kind_t)k);
}

void inspex_engine_set_name(inspex_engine_t *e, const char *name)
{
    e->name = name;
}

void inspex_engine_set_message(inspex_engine_t *e, inspex_engine_message_fn fn,
                               void *userdata)
{
    e->msg = fn;
    e->msg_ud = userdata;
}

void inspex_engine_set_reject(inspex_engine_t *e, inspex_engine_reject_fn fn,
                              void *userdata)
{
    e->reject = fn;
    e->reject_ud = userdata;
}

void inspex_engine_set_progress(inspex_engine_t *e, inspex_fetch_progress_fn fn,
                                void *userdata)
{
    e->progress = fn;
    e->progress_ud = userdata;
}

void inspex_engine_set_message_ex(inspex_engine_t *e, inspex_engine_msg_fn fn,
                                  void *userdata)
{
    e->msg_ex = fn;
    e->msg_ex_ud = userdata;
}

void inspex_engine_set_message_wanted(inspex_engine_t *e,
                                      inspex_engine_wanted_fn fn,
                                      void *userdata)
{
    e->msg_wanted = fn;
    e->msg_wanted_ud = userdata;
}

void inspex_engine_set_records(inspex_engine_t *e, inspex_engine_record_fn fn,
                               void *userdata)
{
    e->records = fn;
    e->records_ud = userdata;
}

void inspex_engine_set_ticker(inspex_engine_t *e, inspex_engine_progress_fn fn,
                              void *userdata)
{
    e->ticker = fn;
    e->ticker_ud = userdata;
}

unsigned long inspex_engine_read(const inspex_engine_t *e)
{
    return e->nread;
}

unsigned long inspex_engine_written(const inspex_engine_t *e)
{
    return e->nwritten;
}

int inspex_engine_output_partial(const inspex_engine_t *e)
{
    return e->partial;
}

unsigned long inspex_engine_rejected(const inspex_engine_t *e)
{
    return e->nrejected;
}

unsigned long inspex_engine_shown(const inspex_engine_t *e)
{
    return e->nshown;
}

unsigned long inspex_engine_records(const inspex_engine_t *e)
{
    unsigned long unread = e->nrejected > e->nbadcheck
                               ? e->nrejected - e->nbadcheck
                               : 0;

    return e->nread + unread;
}

unsigned long inspex_engine_fetched(const inspex_engine_t *e)
{
    return e->nfetched;
}

unsigned long inspex_engine_failed(const inspex_engine_t *e)
{
    return e->nfailed;
}

/* ---- messages -------------------------------------------------------------
 */

/* 1 when a message of this level has somewhere to go. */
static int heard(const inspex_engine_t *e, inspex_msg_level_t level)
{
    if (e->msg == NULL && e->msg_ex == NULL)
        return 0;
    if (level == INSPEX_MSG_NOTE)
        return (e->flags & INSPEX_ENGINE_NOTES) != 0;
    return level != INSPEX_MSG_WARNING || !(e->flags & INSPEX_ENGINE_QUIET);
}

/* Passes m on; m->text is the line, m->code its kind. */
static void say_msg(inspex_engine_t *e, inspex_engine_msg_t *m)
{
    inspex_engine_msg_t c = *m; /* m stays as the caller made it */
    char *text, *message = NULL, *label = NULL;

    if (!heard(e, m->level))
        return;
    /* what a message quotes from the input reaches no terminal raw */
    if ((text = inspex_message_clean(c.text)) != NULL)
        c.text = text;
    if (c.message == NULL)
        c.message = c.text;
    else if ((message = inspex_message_clean(c.message)) != NULL)
        c.message = message;
    if (c.label && (label = inspex_message_clean(c.label)) != NULL)
        c.label = label;
    pthread_mutex_lock(&e->msg_mu);
    if (e->msg_ex)
        e->msg_ex(e->msg_ex_ud, &c);
    else
        e->msg(e->msg_ud, c.level, c.text);
    pthread_mutex_unlock(&e->msg_mu);
    free(label);
    free(message);
    free(text);
}

static void say_code(inspex_engine_t *e, inspex_msg_level_t level,
                     const char *code, const char *text)
{
    inspex_engine_msg_t m;

    memset(&m, 0, sizeof(m));
    m.level = level;
    m.code = code;
    m.text = text;
    say_msg(e, &m);
}

static void say(inspex_engine_t *e, inspex_msg_level_t level, const char *text)
{
    say_code(e, level, level == INSPEX_MSG_NOTE ? "note" : "message", text);
}

static void sayf(inspex_engine_t *e, inspex_msg_level_t level, const char *fmt,
                 ...) INSPEX_PRINTF(3, 4);
static void sayf(inspex_engine_t *e, inspex_msg_level_t level, const char *fmt,
                 ...)
{
    va_list ap;
    char *text;

    if (!heard(e, level))
        return;
    va_start(ap, fmt);
    text = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (text)
        say(e, level, text);
    free(text);
}

/* "NAME: " for messages about the engine's settings, or "". */
static const char *prefix(const inspex_engine_t *e, char *buf, size_t size)
{
    if (e->name == NULL)
        return "";
    snprintf(buf, size, "%s: ", e->name);
    return buf;
}

/* ---- the writer thread ----------------------------------------------------
 */

/*
 * Records are checked and written on a second thread, in batches, so that
 * reading overlaps with checking and writing. A ring of NBATCH batch
 * buffers: the reader fills one while the writer writes those before it,
 * in order, so that either thread can run a few batches ahead of the
 * other when its records come slower for a while (two buffers, one each,
 * made each wait for the other at every batch: 0.22 s against 0.20 s on
 * the bench's 200,000 rows; eight gained nothing more). The writer frees
 * each batch's inspections once written (the reader, the busier thread,
 * used to; an inspection is now a malloc or two, so freeing it from the
 * other thread is cheap); memory stays flat (NBATCH batches at most,
 * under a MiB).
 */
#define BATCH 128
#define NBATCH 4

enum { B_FREE, B_FULL, B_WRITING, B_DONE };

struct run;
static inspex_status_t check_one(struct run *r, inspex_inspection_t *insp,
                                 inspex_error_t *err);
static inspex_status_t give_record(struct run *r, inspex_inspection_t *insp,
                                   inspex_error_t *err);

typedef struct writer {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    inspex_inspection_t *items[NBATCH][BATCH];
    size_t n[NBATCH];
    int state[NBATCH];
    int fill;   /* the buffer the reader fills */
    int next;   /* the buffer the writer takes next */
    int closed; /* nothing more will be submitted */
    int failed;
    inspex_status_t st;
    inspex_error_t *err; /* the writer's error */
    inspex_exporter_t *ex;
    /* checks records before writing them, or NULL; changed under mu
     * only while no batch is handed over */
    struct run *check;
    /* INSPEX_ENGINE_RECORDS_ASIDE: records go to the engine's record
     * function (inspex_engine_set_records), not to ex */
    struct run *records;
    unsigned long written;
    pthread_t thread;
    int running;
} writer_t;

/* An exporter's error knows the record, not where it came from: located
 * at the record's origin unless it says where already. */
static void locate_at_record(inspex_error_t *err,
                             const inspex_inspection_t *insp)
{
    unsigned long line;
    const char *src;

    if (inspex_error_source(err)[0] != '\0')
        return;
    src = inspex_inspection_origin(insp, &line);
    if (src)
        inspex_error_locate(err, src, line, 0);
}

static void *writer_main(void *ud)
{
    writer_t *w = ud;

    for (;;) {
        int b;

        pthread_mutex_lock(&w->mu);
        while (w->state[w->next] != B_FULL && !w->closed)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->state[w->next] != B_FULL) {
            pthread_mutex_unlock(&w->mu);
            return NULL;
        }
        b = w->next;
        w->next = (b + 1) % NBATCH;
        w->state[b] = B_WRITING;
        int failed = w->failed;
        struct run *check = w->check;
        pthread_mutex_unlock(&w->mu);
        inspex_status_t st = INSPEX_OK;
        /* read once: the reader bumps the n of the batch it fills, on
         * the same cache line, for every record */
        size_t i, n = w->n[b];
        unsigned long written = 0;
        for (i = 0; !failed && st == INSPEX_OK && i < n; i++) {
            if (check)
                st = check_one(check, w->items[b][i], w->err);
            if (st == INSPEX_OK && w->records)
                st = give_record(w->records, w->items[b][i], w->err);
            else if (st == INSPEX_OK &&
                     (st = inspex_exporter_write(w->ex, w->items[b][i],
                                                 w->err)) != INSPEX_OK)
                locate_at_record(w->err, w->items[b][i]);
            if (st == INSPEX_OK)
                written++;
        }
        /* kept for the reader's next ones under one lock for the batch */
        inspex__inspections_free(w->items[b], n);
        memset(w->items[b], 0, n * sizeof(w->items[b][0]));
        w->n[b] = 0;
        pthread_mutex_lock(&w->mu);
        w->written += written;
        if (st != INSPEX_OK && !w->failed) {
            w->failed = 1;
            w->st = st;
        }
        w->state[b] = B_DONE;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
}

/* 1 while a batch is handed over and not yet written. */
static int any_busy(const writer_t *w)
{
    for (int b = 0; b < NBATCH; b++)
        if (w->state[b] == B_FULL || w->state[b] == B_WRITING)
            return 1;
    return 0;
}

/* Frees what is left of a batch (the writer frees the ones it takes). */
static void batch_release(writer_t *w, int b)
{
    for (size_t i = 0; i < w->n[b]; i++)
        inspex_inspection_free(w->items[b][i]);
    w->n[b] = 0;
    w->state[b] = B_FREE;
}

/* Hands the filled buffer to the writer and waits for the next one in the
 * ring to be free; the writer's error once it has failed. */
static inspex_status_t batch_submit(writer_t *w, inspex_error_t *err)
{
    int b = w->fill, o = (b + 1) % NBATCH;
    inspex_status_t st = INSPEX_OK;

    pthread_mutex_lock(&w->mu);
    w->state[b] = B_FULL;
    pthread_cond_broadcast(&w->cv);
    while (w->state[o] == B_FULL || w->state[o] == B_WRITING)
        pthread_cond_wait(&w->cv, &w->mu);
    if (w->failed) {
        st = w->st;
        inspex_error_copy(err, w->err);
    }
    /* a written batch is empty (the writer freed it): free to fill */
    if (w->state[o] == B_DONE)
        w->state[o] = B_FREE;
    pthread_mutex_unlock(&w->mu);
    w->fill = o;
    return st;
}

static inspex_status_t writer_push(writer_t *w, inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    w->items[w->fill][w->n[w->fill]++] = insp;
    return w->n[w->fill] == BATCH ? batch_submit(w, err) : INSPEX_OK;
}

/* Hands over what the reader holds and waits until the writer has
 * written (and checked) everything, leaving it ready for more, checking
 * with check from now on; the writer's status. Before the reader reports
 * a problem of its own, the records before it must have had their say. */
static inspex_status_t writer_drain(writer_t *w, struct run *check,
                                    inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;

    if (!w->running)
        return INSPEX_OK;
    pthread_mutex_lock(&w->mu);
    if (w->n[w->fill]) {
        w->state[w->fill] = B_FULL;
        pthread_cond_broadcast(&w->cv);
    }
    while (any_busy(w))
        pthread_cond_wait(&w->cv, &w->mu);
    if (w->failed && err) {
        st = w->st;
        inspex_error_copy(err, w->err);
    }
    w->fill = w->next; /* the buffer the writer will take next */
    for (int b = 0; b < NBATCH; b++)
        if (w->state[b] == B_DONE)
            w->state[b] = B_FREE;
    w->check = check;
    pthread_mutex_unlock(&w->mu);
    return st;
}

/* Submits what is left, waits for the writer to finish, frees every
 * batch; the writer's status. */
static inspex_status_t writer_close(writer_t *w, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;

    if (w->running) {
        pthread_mutex_lock(&w->mu);
        if (w->n[w->fill])
            w->state[w->fill] = B_FULL;
        w->closed = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
        w->running = 0;
        if (w->failed) {
            st = w->st;
            inspex_error_copy(err, w->err);
        }
    }
    for (int b = 0; b < NBATCH; b++)
        batch_release(w, b);
    return st;
}

/* ---- one run --------------------------------------------------------------
 */

typedef struct run {
    inspex_engine_t *e;
    inspex_error_t *err; /* the caller's */
    writer_t w2;
    inspex_checker_t *checker;
    char errors[2048]; /* the current record's check errors, "; "-joined */
    const inspex_plugin_t *exporter;
    inspex_writer_t *w;     /* the output */
    inspex_writer_t *own_w; /* the output, when the engine opened it */
    inspex_writer_t *rejects;
    inspex_exporter_t *ex;
    inspex_dataset_t *ds; /* when the exporter cannot stream */
    /* Checks run on the writer thread, beside the writing, unless a failed
     * record must be rejected with its raw bytes (keep-going) or count
     * as its own URL's failure (a fetched page): then the reader checks. */
    int check_here;
    /* outputs (issue 15): the exporter shows the checks' problems
     * (INSPEX_CAP_SHOWS_CHECKS), so a record that fails only its checks
     * is written, its errors said as validate says them */
    int shows_checks;
    int on_reader;    /* what the inputs being read ask for */
    int one_importer; /* every input is read by the same importer */
    /* the ticker's counts: the inputs' sizes, the bytes of those read,
     * and the input being read */
    unsigned long long total_bytes, bytes_before;
    inspex_reader_t *reading;
    /* links a page read as a stream asked to follow, fetched after it */
    char **links;
    unsigned char *links_may_fail; /* INSPEX_FOLLOW_MAY_FAIL, per link */
    size_t nlinks;
} run_t;

/* The exporter starts once the first importer is known, so that a bad
 * option never leaves a header behind. */
/* An exporter's warning (inspex_export_warn), from either thread. */
static void export_warn(void *ud, const char *text)
{
    say(ud, INSPEX_MSG_WARNING, text);
}

static inspex_status_t start_export(run_t *r, const inspex_plugin_t *importer)
{
    inspex_engine_t *e = r->e;
    inspex_status_t st;

    if (r->ex)
        return INSPEX_OK;
    if (e->records) { /* only checking: checked here, or aside */
        if ((e->flags & INSPEX_ENGINE_RECORDS_ASIDE) &&
            !(e->flags & INSPEX_ENGINE_ONE_THREAD) && r->w2.err &&
            !r->w2.running) {
            r->w2.records = r;
            r->w2.check = r->on_reader ? NULL : r;
            if (pthread_create(&r->w2.thread, NULL, writer_main, &r->w2) == 0)
                r->w2.running = 1;
            else
                r->w2.check = r->w2.records = NULL;
        }
        r->check_here = r->on_reader || !r->w2.running;
        return INSPEX_OK;
    }
    /* The plugins that will not be used give their memory back (a page
     * parser's libraries weigh more than a stream of records). */
    if ((e->flags & INSPEX_ENGINE_TRIM) && r->one_importer && importer &&
        !(importer->capabilities & INSPEX_CAP_FETCH)) {
        /* (a page's records may be merged with a document any importer
         * reads: inspex_import_emit_merged) */
        const inspex_plugin_t *keep[2] = {importer, r->exporter};
        inspex_registry_keep_only(e->reg, keep, 2);
    }
    st = inspex_exporter_open(r->exporter, r->w, e->opts, &r->ex, r->err);
    if (st != INSPEX_OK)
        return st;
    inspex_exporter_set_frameworks(r->ex, e->set);
    inspex_exporter_set_warning(r->ex, export_warn, e); /* sdk (issue 16) */
    /* Under keep-going a record the exporter refuses is rejected with its
     * own bytes and location, so it is written on the thread that read
     * it: a writer thread would fail once and leave the reader to blame
     * whichever record it held then. */
    if (r->ds == NULL && r->w2.err &&
        !(e->flags & (INSPEX_ENGINE_ONE_THREAD | INSPEX_ENGINE_KEEP_GOING))) {
        r->w2.ex = r->ex;
        r->w2.check = r->on_reader ? NULL : r;
        if (pthread_create(&r->w2.thread, NULL, writer_main, &r->w2) == 0)
            r->w2.running = 1;
        else
            r->w2.check = NULL;
    }
    r->check_here = r->on_reader || !r->w2.running;
    return INSPEX_OK;
}

/* Before each input: lets the writer finish the records before it,
 * reporting its failure from one of them, and says whether the next
 * records are checked here (on_reader) or on the writer thread. */
static inspex_status_t settle(run_t *r, int on_reader)
{
    r->on_reader = on_reader;
    r->check_here = on_reader || !r->w2.running;
    return writer_drain(&r->w2, r->check_here ? NULL : r, r->err);
}

/* The message of a check's problem p: its text (NULL before it is
 * made), and no label when the inspection has none. */
static inspex_engine_msg_t problem_msg(const inspex_problem_t *p,
                                       inspex_msg_level_t level,
                                       const char *text)
{
    inspex_engine_msg_t m = {level,      p->check,     text,
                             p->message, p->source,    p->line,
                             p->label,   p->published, p};

    if (m.label && m.label[0] == '\0')
        m.label = NULL;
    return m;
}

/* Warnings are passed on as they come; errors are gathered, so that a
 * record that fails is reported (or rejected) once, with all of them. */
static void on_problem(void *ud, const inspex_problem_t *p)
{
    run_t *r = ud;
    size_t used = strlen(r->errors);

    /* only checking, or an exporter that shows the checks: an error is
     * said, not gathered to reject the record */
    if (p->severity == INSPEX_WARNING || r->e->records || r->shows_checks) {
        char text[4096];
        inspex_msg_level_t level = p->severity == INSPEX_WARNING
                                       ? INSPEX_MSG_WARNING
                                       : INSPEX_MSG_ERROR;
        inspex_engine_msg_t m = problem_msg(p, level, text);
        if (!heard(r->e, level))
            return;
        inspex_problem_format(p, text, sizeof(text));
        say_msg(r->e, &m);
        return;
    }
    snprintf(r->errors + used, sizeof(r->errors) - used, "%s%s",
             used ? "; " : "", p->message);
}

/* Before a check's warning is formatted: whether the host wants its text
 * (the same lock as its messages, so that it counts in their order). */
static int on_wanted(void *ud, const inspex_problem_t *p)
{
    run_t *r = ud;
    inspex_engine_msg_t m = problem_msg(p, INSPEX_MSG_WARNING, NULL);
    int yes;

    pthread_mutex_lock(&r->e->msg_mu);
    yes = r->e->msg_wanted(r->e->msg_wanted_ud, &m);
    pthread_mutex_unlock(&r->e->msg_mu);
    return yes;
}

static void on_note(void *ud, const char *text)
{
    run_t *r = ud;

    say(r->e, INSPEX_MSG_NOTE, text);
}

/* Checks insp against its framework: warnings are passed on, errors come
 * back as one INSPEX_ERR_INVALID located at the record. */
static inspex_status_t check_one(run_t *r, inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    int n;
    unsigned long line;
    const char *src;
    char name[512];

    /* cleared only when set: the line it is on is read by the reader
     * (r->w2.running) for every record */
    if (r->errors[0] != '\0')
        r->errors[0] = '\0';
    n = inspex_check(r->checker, insp);
    if (n < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (n == 0 || r->e->records)
        return INSPEX_OK;
    if (r->shows_checks) { /* its errors were said (on_problem) */
        r->e->nchecked_bad++;
        return INSPEX_OK;
    }
    src = inspex_inspection_origin(insp, &line);
    inspex__inspection_name(inspex_inspection_label(insp), line,
                            inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED),
                            name, sizeof(name));
    return inspex_error_set_at(err, INSPEX_ERR_INVALID, src, line, 0, "%s%s%s",
                               name, name[0] ? ": " : "", r->errors);
}

/* A checked record to the engine's record function (either thread). */
static inspex_status_t give_record(run_t *r, inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    return r->e->records(r->e->records_ud, insp, err);
}

/* Before the reader says something of its own while records are checked
 * aside: the records before it have their say first, as on one thread
 * (the writer's failure, if any, comes at the next hand-over). */
static void say_in_order(run_t *r)
{
    if (r->w2.records && r->w2.running)
        writer_drain(&r->w2, r->check_here ? NULL : r, NULL);
}

/* Tells the ticker how far the reading has gone. */
static void tick(run_t *r)
{
    inspex_engine_progress_t p;
    unsigned long long done = 0;

    if (r->reading)
        inspex__reader_source_bytes(r->reading, &done, NULL);
    p.records = r->e->nread;
    p.bytes = r->bytes_before + done;
    p.total_bytes = r->total_bytes;
    r->e->ticker(r->e->ticker_ud, &p);
}

/* The sink every importer feeds: checks (here or on the writer), then
 * the dataset (whole-document exporters), the writer thread, or the
 * exporter directly. */
static inspex_status_t to_exporter(void *ud, inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    run_t *r = ud;
    inspex_status_t st;

    if (++r->e->nread % 256 == 0 && r->e->ticker)
        tick(r);
    if (r->check_here && (st = check_one(r, insp, err)) != INSPEX_OK) {
        if (st == INSPEX_ERR_INVALID)
            r->e->nbadcheck++;
        inspex_inspection_free(insp);
        return st;
    }
    if (r->e->records) {
        if (r->w2.running && !r->check_here)
            return writer_push(&r->w2, insp, err);
        st = give_record(r, insp, err);
        inspex_inspection_free(insp);
        if (st == INSPEX_OK)
            r->e->nwritten++;
        return st;
    }
    if (r->ds)
        return inspex_dataset_take(r->ds, insp) == INSPEX_OK
                   ? INSPEX_OK
                   : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (r->w2.running)
        return writer_push(&r->w2, insp, err);
    st = inspex_exporter_write(r->ex, insp, err);
    if (st != INSPEX_OK)
        locate_at_record(err, insp);
    inspex_inspection_free(insp);
    if (st == INSPEX_OK)
        r->e->nwritten++;
    return st;
}

static void import_warn(void *ud, const char *text)
{
    run_t *r = ud;

    say_in_order(r);
    say_code(r->e, INSPEX_MSG_WARNING, "import-warning", text);
}

/* An importer's note (inspex_import_note: its header plan, say). */
static void import_note(void *ud, const char *text)
{
    run_t *r = ud;

    say_in_order(r);
    say_code(r->e, INSPEX_MSG_NOTE, "import-note", text);
}

static void import_reject(void *ud, const char *reason, const char *raw,
                          size_t len)
{
    run_t *r = ud;

    say_in_order(r);
    if (r->e->reject) {
        pthread_mutex_lock(&r->e->msg_mu);
        r->e->reject(r->e->reject_ud, reason, raw, len);
        pthread_mutex_unlock(&r->e->msg_mu);
    } else {
        say_code(r->e, INSPEX_MSG_ERROR, "invalid-record", reason);
    }
}

/* ---- inputs read as streams -----------------------------------------------
 */

/* The importer for an input before anything is read: by the format's
 * name, else by the input's extension; NULL (and INSPEX_OK) when only its
 * content can tell. */
static inspex_status_t choose_early(run_t *r, const input_t *in,
                                    const inspex_plugin_t **imp, char *why,
                                    size_t whysize)
{
    const char *from = r->e->from;
    inspex_status_t st;

    *imp = NULL;
    st = inspex_registry_choose(r->e->reg, INSPEX_CAP_IMPORT, from,
                                strcmp(in->spec, "-") || in->memory ? in->spec
                                                                    : NULL,
                                NULL, 0, imp, why, whysize, r->err);
    if (st != INSPEX_OK && (from || st != INSPEX_ERR_USAGE))
        return st;
    if (st != INSPEX_OK) {
        *imp = NULL;
        inspex_error_clear(r->err);
    }
    return INSPEX_OK;
}

/* Opens in, its importer *imp or, when NULL, chosen by its first bytes;
 * the note saying so is said, or kept in *note (NULL when not heard)
 * for the caller to say in its turn. */
static inspex_status_t open_input(run_t *r, const input_t *in,
                                  const inspex_plugin_t **imp, char *why,
                                  size_t whysize, inspex_reader_t **rd,
                                  char **note)
{
    char *text;
    const unsigned char *head = NULL;
    size_t len = 0;
    inspex_status_t st;

    *rd = NULL;
    if (in->memory) {
        if ((*rd = inspex_reader_new_memory(in->data, in->len, in->spec)) ==
            NULL)
            return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
    } else if ((st = inspex_reader_open(in->spec, NULL, rd, r->err)) !=
               INSPEX_OK) {
        return st;
    }
    if (*imp == NULL) {
        st = inspex_reader_peek(*rd, 4096, &head, &len, r->err);
        if (st == INSPEX_OK)
            st = inspex_registry_choose(r->e->reg, INSPEX_CAP_IMPORT, NULL,
                                        inspex_reader_name(*rd), head, len, imp,
                                        why, whysize, r->err);
        if (st != INSPEX_OK) {
            inspex_reader_free(*rd);
            *rd = NULL;
            return st;
        }
    }
    text = heard(r->e, INSPEX_MSG_NOTE)
               ? inspex__asprintf("reading %s as %s (chosen %s%s)",
                                  inspex_reader_name(*rd), (*imp)->name, why,
                                  inspex_reader_is_gzip(*rd)
                                      ? "; gzip-compressed"
                                      : "")
               : NULL;
    if (note) {
        *note = text;
        return INSPEX_OK;
    }
    if (text)
        say(r->e, INSPEX_MSG_NOTE, text);
    free(text);
    return INSPEX_OK;
}

/* The longest chain of followed links (listing, its next page, ...). */
#define FOLLOW_DEPTH 256

/* A page read as a stream asks to follow a link: fetched after it. */
static inspex_status_t keep_link(void *ud, const char *url, unsigned flags,
                                 inspex_error_t *err)
{
    run_t *r = ud;
    char **nl = realloc(r->links, (r->nlinks + 1) * sizeof(*nl));
    unsigned char *nf;

    if (nl)
        r->links = nl;
    nf = nl ? realloc(r->links_may_fail, r->nlinks + 1) : NULL;
    if (nf)
        r->links_may_fail = nf;
    if (nf == NULL || (nl[r->nlinks] = strdup(url)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    nf[r->nlinks++] = (flags & INSPEX_FOLLOW_MAY_FAIL) != 0;
    return INSPEX_OK;
}

/* What every import of the engine is given: imp over rd into sink, with
 * the run's options and frameworks, its warnings and rejections to warn
 * and its notes (when heard) to note, both with msg_ud. */
static void import_params(inspex_import_params_t *p, const run_t *r,
                          const inspex_plugin_t *imp, inspex_reader_t *rd,
                          inspex_sink_fn sink, void *sink_ud,
                          inspex_message_fn warn, inspex_message_fn note,
                          void *msg_ud)
{
    memset(p, 0, sizeof(*p));
    p->plugin = imp;
    p->reader = rd;
    p->options = r->e->opts;
    p->sink = sink;
    p->sink_userdata = sink_ud;
    p->frameworks = r->e->set;
    p->warn = warn;
    p->warn_userdata = msg_ud;
    p->reject = warn;
    p->reject_userdata = msg_ud;
    if (r->e->flags & INSPEX_ENGINE_NOTES) {
        p->note = note;
        p->note_userdata = msg_ud;
    }
}

static inspex_status_t read_stream(run_t *r, const input_t *in,
                                   const inspex_plugin_t *imp, char *why,
                                   size_t whysize)
{
    inspex_engine_t *e = r->e;
    inspex_reader_t *rd;
    inspex_import_params_t p;
    inspex_status_t st;

    if ((st = open_input(r, in, &imp, why, whysize, &rd, NULL)) != INSPEX_OK)
        return st;
    st = inspex_options_check(e->opts, imp, r->exporter, r->err);
    if (st == INSPEX_OK)
        st = start_export(r, imp);
    if (st != INSPEX_OK) {
        inspex_reader_free(rd);
        return st;
    }
    import_params(&p, r, imp, rd, to_exporter, r, import_warn, import_note, r);
    p.keep_going = (e->flags & INSPEX_ENGINE_KEEP_GOING) != 0;
    p.rejects = r->rejects;
    p.limits = &e->limits;
    p.reject = NULL; /* each record, raw bytes and all, to reject_record */
    p.reject_record = import_reject;
    if (imp->capabilities & INSPEX_CAP_FETCH) {
        p.follow_ex = keep_link;
        p.follow_userdata = r;
    }
    r->reading = rd;
    st = inspex_import_run(&p, r->err);
    if (e->ticker) {
        unsigned long long done = 0;
        inspex__reader_source_bytes(rd, &done, NULL);
        r->bytes_before += done;
    }
    r->reading = NULL;
    inspex_reader_free(rd);
    e->nrejected += p.rejected;
    if (st != INSPEX_OK) {
        /* a failure of the writer's, from an earlier record, comes first */
        writer_drain(&r->w2, NULL, r->err);
    }
    return st;
}

/* ---- inputs fetched -------------------------------------------------------
 */

typedef struct slot {
    int done;
    char *error;  /* why the URL failed, reported in its turn */
    int followed; /* links followed to reach it: 0 for an input */
    int may_fail; /* followed only as INSPEX_FOLLOW_MAY_FAIL */
    inspex_inspection_t **items;
    size_t n;
    /* inspex_import_emit_merged: a page's slot waits for the documents
     * its records are merged with; a document's slot names the record */
    unsigned waiting;
    int attachment;
    size_t parent, item;
} slot_t;

typedef struct work work_t;

/* The most threads that import documents at once. */
#define MAX_WORKERS 8

/* Threads that import documents whose importer says INSPEX_CAP_THREADS
 * (pages, report PDFs), one a processor, taking works from a queue in
 * order; the thread that hands them out applies what each gave. */
typedef struct pool {
    int tried;
    size_t nth;
    pthread_t th[MAX_WORKERS];
    pthread_mutex_t mu;
    pthread_cond_t cv;   /* to the workers: work queued, or stop */
    pthread_cond_t idle; /* to the thread handing out: a work done */
    work_t *queue, **queue_tail;
    work_t *done_list; /* done, newest first, when listed */
    int listed;        /* the works done are listed (fetched documents) */
    int stop;
    int wake[2]; /* a byte written for each work done; -1: none */
} pool_t;

typedef struct fetch {
    run_t *r;
    const inspex_plugin_t *importer;
    inspex_fetcher_t *f;
    slot_t *slots;
    size_t nslots;
    size_t next;           /* the first slot not yet written */
    size_t current;        /* the slot being imported */
    inspex_status_t fatal; /* a failure that stops everything */
    size_t ended;          /* may-fail follows that ended quietly */
    /* Documents whose importer says INSPEX_CAP_THREADS are imported on
     * workers while the fetching thread goes on fetching; it applies
     * each one's result (records, links to follow, messages) when it is
     * done, as it would have when importing it itself. Started with the
     * first such document; none on one processor. */
    pool_t pool;
    size_t pending; /* handed out and not yet applied */
} fetch_t;

/* Failures are reported in the order of the inputs, with the output,
 * so that a run's messages do not depend on which transfer was quicker. */
static void url_failed(fetch_t *f, size_t index, const char *text)
{
    slot_t *s = &f->slots[index];

    if (s->error == NULL)
        s->error = strdup(text);
    f->r->e->nfailed++;
}

static int grow_slots(fetch_t *f, size_t index)
{
    if (index < f->nslots)
        return 0;
    slot_t *ns = realloc(f->slots, (index + 1) * sizeof(*ns));
    if (ns == NULL)
        return -1;
    memset(ns + f->nslots, 0, (index + 1 - f->nslots) * sizeof(*ns));
    f->slots = ns;
    f->nslots = index + 1;
    return 0;
}

static inspex_status_t keep(void *ud, inspex_inspection_t *insp,
                            inspex_error_t *err)
{
    fetch_t *f = ud;
    slot_t *s = &f->slots[f->current];
    inspex_inspection_t **ni = realloc(s->items, (s->n + 1) * sizeof(*ni));

    if (ni == NULL) {
        inspex_inspection_free(insp);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    ni[s->n++] = insp;
    s->items = ni;
    return INSPEX_OK;
}

/* A local path as a file: URL, percent-encoding what a URL may not hold. */
static char *file_url(const char *path)
{
    char cwd[PATH_MAX], *abs, *out, *o;
    size_t n;

    if (path[0] == '/') {
        abs = strdup(path);
    } else {
        if (getcwd(cwd, sizeof(cwd)) == NULL)
            return NULL;
        n = strlen(cwd) + strlen(path) + 2;
        abs = malloc(n);
        if (abs)
            snprintf(abs, n, "%s/%s", cwd, path);
    }
    if (abs == NULL)
        return NULL;
    n = strlen(abs) * 3 + 8;
    out = malloc(n);
    if (out == NULL) {
        free(abs);
        return NULL;
    }
    memcpy(out, "file://", 7);
    o = out + 7;
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
            *o++ = (char)*p;
        } else {
            snprintf(o, 4, "%%%02X", *p);
            o += 3;
        }
    }
    *o = '\0';
    free(abs);
    return out;
}

/* Queues a URL, or a path as a file: URL, into the next slot; a URL
 * queued again without may_fail, before it is fetched, must exist. */
static inspex_status_t fetch_add(fetch_t *f, const char *spec, int followed,
                                 int may_fail, inspex_error_t *err)
{
    char *url = inspex_is_url(spec) ? strdup(spec) : file_url(spec);
    size_t index;
    int added;
    inspex_status_t st;

    if (url == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_fetcher_add(f->f, url, &index, &added, err);
    free(url);
    if (st != INSPEX_OK)
        return st;
    if (added) {
        if (grow_slots(f, index) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        f->slots[index].followed = followed;
        f->slots[index].may_fail = may_fail;
        f->r->e->nfetched++;
    } else if (!may_fail && index < f->nslots) {
        f->slots[index].may_fail = 0;
    }
    return INSPEX_OK;
}

static inspex_status_t follow(void *ud, const char *url, unsigned flags,
                              inspex_error_t *err)
{
    fetch_t *f = ud;
    inspex_status_t st;

    /* A listing's next pages and years are listings too, so a followed
     * page may follow; a chain of them stops at FOLLOW_DEPTH (a URL is
     * fetched once, so loops end anyway). */
    if (f->slots[f->current].followed >= FOLLOW_DEPTH)
        return INSPEX_OK;
    st = fetch_add(f, url, f->slots[f->current].followed + 1,
                   (flags & INSPEX_FOLLOW_MAY_FAIL) != 0, err);
    return st == INSPEX_ERR_USAGE ? INSPEX_OK : st;
}

/* A follow that may not exist (INSPEX_FOLLOW_MAY_FAIL, a listing's page
 * past its last) that the server says does not: an HTTP 4xx other than
 * 408 and 429 (which say the request or the rate was wrong, not the
 * page). It ends quietly, with a note. A 5xx or a network error says
 * nothing about the page, and stays a failure. */
static int ended_quietly(fetch_t *f, size_t index, inspex_error_t *error)
{
    long status = inspex_fetcher_failed_status(f->f, index);

    if (!f->slots[index].may_fail || status < 400 || status > 499 ||
        status == 408 || status == 429)
        return 0;
    sayf(f->r->e, INSPEX_MSG_NOTE,
         "%s; asked for as a page that may not exist, so the listing ended "
         "at the page before it (not a failure)",
         inspex_error_text(error));
    f->ended++;
    return 1;
}

/* A page whose import failed with st (why saying so): its records are
 * dropped, and its URL fails in its turn, or the run stops when out of
 * memory (the run's error says so). */
static void page_failed(fetch_t *f, size_t index, inspex_status_t st,
                        inspex_error_t *why)
{
    slot_t *s = &f->slots[index];

    for (size_t i = 0; i < s->n; i++)
        inspex_inspection_free(s->items[i]);
    s->n = 0;
    if (st == INSPEX_ERR_NOMEM)
        f->fatal = st;
    else
        url_failed(f, index, inspex_error_text(why));
}

/* Writes the finished slots at the front, in order. An inspection that
 * fails its checks counts as its URL failing; a failing output stops
 * the run. */
static void flush(fetch_t *f)
{
    run_t *r = f->r;

    while (f->next < f->nslots && f->slots[f->next].done &&
           !f->slots[f->next].waiting && f->fatal == INSPEX_OK) {
        slot_t *s = &f->slots[f->next];
        for (size_t i = 0; i < s->n; i++) {
            inspex_status_t st;
            if (f->fatal != INSPEX_OK) {
                inspex_inspection_free(s->items[i]);
                continue;
            }
            st = to_exporter(r, s->items[i], r->err);
            if (st == INSPEX_ERR_INVALID) {
                say(r->e, INSPEX_MSG_ERROR, inspex_error_text(r->err));
                r->e->nfailed++;
            } else if (st != INSPEX_OK) {
                f->fatal = st;
            }
        }
        free(s->items);
        s->items = NULL;
        s->n = 0;
        if (s->error) {
            say(r->e, INSPEX_MSG_ERROR, s->error);
            free(s->error);
            s->error = NULL;
        }
        f->next++;
    }
}

/* ---- records merged with a document they link to (issue 13) ---------------
 * inspex_import_emit_merged: the record waits in its page's slot while
 * the document is fetched by the same fetcher; the document's own slot
 * writes nothing. */

static void attach_warn(fetch_t *f, const char *url, const char *text)
{
    char *t = inspex__located(url, 0, 0, text);

    say(f->r->e, INSPEX_MSG_WARNING, t ? t : text);
    free(t);
}

static void merge_warn(void *ud, const char *text)
{
    fetch_t *f = ud;
    const slot_t *a = &f->slots[f->current];
    const inspex_inspection_t *dst = f->slots[a->parent].items[a->item];

    attach_warn(f, inspex_inspection_origin(dst, NULL), text);
}

/* Queues url for the record at item of page's slot. */
static inspex_status_t attach_url(fetch_t *f, size_t page, size_t item,
                                  const char *url, inspex_error_t *err)
{
    size_t index;
    int added;
    inspex_status_t st = inspex_fetcher_add(f->f, url, &index, &added, err);

    if (st == INSPEX_ERR_USAGE || (st == INSPEX_OK && !added)) {
        char *t = inspex__asprintf("warning: not merged: %s",
                                   st == INSPEX_OK
                                       ? "fetched already in this run"
                                       : inspex_error_text(err));
        attach_warn(f, url, t ? t : "warning: not merged");
        free(t);
        inspex_error_clear(err);
        return INSPEX_OK;
    }
    if (st != INSPEX_OK)
        return st;
    if (grow_slots(f, index) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    f->slots[index].attachment = 1;
    f->slots[index].parent = page;
    f->slots[index].item = item;
    f->slots[page].waiting++;
    return INSPEX_OK;
}

/* Keeps insp in the current page's slot and queues url for it. */
static inspex_status_t attach(void *ud, inspex_inspection_t *insp,
                              const char *url, inspex_error_t *err)
{
    fetch_t *f = ud;
    size_t page = f->current;
    inspex_status_t st = keep(f, insp, err);

    if (st != INSPEX_OK)
        return st;
    return attach_url(f, page, f->slots[page].n - 1, url, err);
}

/* The importer that claims a fetched document: by its media type when
 * its probe does not refuse the content (servers send PDFs as text/html
 * or octet-stream), else by its URL's extension or its content. */
static const inspex_plugin_t *claim(run_t *r, const inspex_response_t *resp,
                                    char *why, size_t whysize)
{
    inspex_registry_t *reg = r->e->reg;
    const inspex_plugin_t *imp = NULL;
    inspex_error_t *e;
    char path[1024];

    for (size_t i = 0; resp->media_type && i < inspex_registry_count(reg);
         i++) {
        const inspex_plugin_t *p = inspex_registry_get(reg, i);
        for (size_t k = 0; (p->capabilities & INSPEX_CAP_IMPORT) &&
                           p->media_types && p->media_types[k];
             k++)
            if (inspex__strcasecmp(p->media_types[k], resp->media_type) == 0 &&
                (p->probe == NULL ||
                 p->probe(resp->body, resp->len < 4096 ? resp->len : 4096) >
                     0)) {
                snprintf(why, whysize, "by its media type %s",
                         resp->media_type);
                return p;
            }
    }
    snprintf(path, sizeof(path), "%s",
             resp->final_url ? resp->final_url : resp->url);
    path[strcspn(path, "?#")] = '\0';
    if ((e = inspex_error_new()) == NULL)
        return NULL;
    if (inspex_registry_choose(reg, INSPEX_CAP_IMPORT, NULL, path, resp->body,
                               resp->len < 4096 ? resp->len : 4096, &imp, why,
                               whysize, e) != INSPEX_OK)
        imp = NULL;
    inspex_error_free(e);
    return imp;
}

/* Imports a fetched document into a list of its own. */
static inspex_status_t import_attachment(fetch_t *f, const inspex_plugin_t *imp,
                                         const inspex_response_t *resp,
                                         size_t into, inspex_error_t *err)
{
    run_t *r = f->r;
    inspex_import_params_t p;
    inspex_reader_t *rd = inspex_reader_new_response(resp);
    size_t current = f->current;
    inspex_status_t st;

    if (rd == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    import_params(&p, r, imp, rd, keep, f, import_warn, import_note, r);
    /* keep() collects into the current slot: here, the document's own */
    f->current = into;
    st = inspex_import_run(&p, err);
    f->current = current;
    inspex_reader_free(rd);
    return st;
}

/* An attachment's end: the warning t (owned) says what of it the record
 * dst lacks; the page at parent waits for one document less. */
static void attachment_end(fetch_t *f, size_t parent,
                           const inspex_inspection_t *dst, char *t)
{
    if (t && dst) {
        char *w = inspex__asprintf("warning: %s; the inspection is written "
                                   "without it",
                                   t);
        attach_warn(f, inspex_inspection_origin(dst, NULL), w ? w : t);
        free(w);
    }
    free(t);
    f->slots[parent].waiting--;
    flush(f);
}

/* After an attachment's records are in its slot and its import ended
 * with st (ierr saying why, when it failed): they are merged into the
 * record they were fetched for, a warning says what was not, and the
 * page is written once nothing else keeps it waiting. */
static void attachment_merged(fetch_t *f, size_t index, const char *url,
                              inspex_status_t st, inspex_error_t *ierr)
{
    slot_t *a = &f->slots[index];
    slot_t *page = &f->slots[a->parent];
    inspex_inspection_t *dst = a->item < page->n ? page->items[a->item] : NULL;
    inspex_error_t *err = f->r->err;
    char *t = NULL;

    if (st != INSPEX_OK && st != INSPEX_ERR_NOMEM)
        t = inspex__asprintf("%s", inspex_error_text(ierr));
    else if (st == INSPEX_OK && a->n == 0)
        t = inspex__asprintf("%s: no inspection in it", url);
    if (st == INSPEX_ERR_NOMEM && ierr != err)
        inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    f->current = index;
    for (size_t i = 0; i < a->n; i++) {
        if (st == INSPEX_OK && dst)
            st = inspex__inspection_merge(dst, a->items[i], merge_warn, f, err);
        inspex_inspection_free(a->items[i]);
    }
    free(a->items);
    a->items = NULL;
    a->n = 0;
    if (st == INSPEX_ERR_NOMEM) /* the run's error: it stays said */
        f->fatal = st;
    else
        inspex_error_clear(err);
    attachment_end(f, a->parent, dst, t);
}

static int hand_out(fetch_t *f, size_t index, const inspex_plugin_t *imp,
                    const inspex_response_t *resp, int attachment,
                    const char *note);

static void attachment_done(fetch_t *f, size_t index,
                            const inspex_response_t *resp,
                            inspex_error_t *error)
{
    slot_t *a = &f->slots[index];
    slot_t *page = &f->slots[a->parent];
    inspex_inspection_t *dst = a->item < page->n ? page->items[a->item] : NULL;
    const inspex_plugin_t *imp = NULL;
    char why[160], *t = NULL;
    inspex_error_t *err = f->r->err;

    a->done = 1;
    if (dst == NULL) {
        /* the page's import failed: its records are gone */
    } else if (resp == NULL) {
        t = inspex__asprintf("%s", inspex_error_text(error));
    } else if ((imp = claim(f->r, resp, why, sizeof(why))) == NULL) {
        t = inspex__asprintf("%s: no format reads it", resp->url);
    } else {
        inspex_status_t st;
        char *note =
            heard(f->r->e, INSPEX_MSG_NOTE)
                ? inspex__asprintf("%s: read as %s (chosen %s), merged into %s",
                                   resp->url, imp->name, why,
                                   inspex_inspection_origin(dst, NULL))
                : NULL;
        if (hand_out(f, index, imp, resp, 1, note)) {
            free(note);
            return; /* merged when its worker is done, or the run failed */
        }
        if (note)
            say(f->r->e, INSPEX_MSG_NOTE, note);
        free(note);
        inspex_error_clear(err);
        st = import_attachment(f, imp, resp, index, err);
        attachment_merged(f, index, resp->url, st, err);
        return;
    }
    attachment_end(f, a->parent, dst, t);
}

/* ---- documents imported on workers ---------------------------------------
 * A worker imports a copy of the response into a list of its own, and
 * keeps what the importer asked of the host (messages, links to follow,
 * records to merge) as events; the fetching thread applies them in the
 * order they were asked, so a document's messages stay together and in
 * order, and the slots, the fetcher and the output are the fetching
 * thread's alone. */

enum { EV_HOST_NOTE, EV_WARN, EV_NOTE, EV_FOLLOW, EV_MERGE, EV_RECORD };

typedef struct event {
    int kind;
    char *text;     /* the message, or the URL */
    unsigned flags; /* EV_FOLLOW's */
    size_t item;    /* EV_MERGE, EV_RECORD: the record's place in the list */
} event_t;

struct work {
    work_t *next;
    run_t *r;
    size_t index; /* the slot (fetched documents) */
    const inspex_plugin_t *imp;
    int attachment;
    int finished;           /* under the pool's lock */
    inspex_response_t resp; /* a copy; its strings and body are its own */
    /* a local file (read_files): its reader, opened by the caller, and
     * what read_stream counts after the import */
    inspex_reader_t *rd;
    char *name;
    unsigned long long bytes;
    unsigned long rejected;
    inspex_inspection_t **items;
    size_t n, cap;
    event_t *ev;
    size_t nev, evcap;
    int lost; /* an event or a record could not be kept: out of memory */
    inspex_status_t st;
    inspex_error_t *err;
};

static void work_free(work_t *w)
{
    if (w == NULL)
        return;
    free((char *)w->resp.url);
    free((char *)w->resp.final_url);
    free((char *)w->resp.etag);
    free((char *)w->resp.last_modified);
    free((char *)w->resp.media_type);
    free((char *)w->resp.retrieved_at);
    free((unsigned char *)w->resp.body);
    inspex__inspections_free(w->items, w->n);
    free(w->items);
    inspex_reader_free(w->rd);
    free(w->name);
    for (size_t i = 0; i < w->nev; i++)
        free(w->ev[i].text);
    free(w->ev);
    inspex_error_free(w->err);
    free(w);
}

/* Copies s (NULL stays NULL) to *to: -1 when out of memory. */
static int dup_into(const char **to, const char *s)
{
    return (*to = inspex__strdup(s)) == NULL && s ? -1 : 0;
}

static work_t *work_new(fetch_t *f, size_t index, const inspex_plugin_t *imp,
                        const inspex_response_t *resp, int attachment)
{
    work_t *w = calloc(1, sizeof(*w));
    unsigned char *body;

    if (w == NULL)
        return NULL;
    w->r = f->r;
    w->index = index;
    w->imp = imp;
    w->attachment = attachment;
    w->resp.status = resp->status; /* its strings are copied below */
    w->resp.len = resp->len;
    w->resp.from_cache = resp->from_cache;
    w->resp.attempts = resp->attempts;
    body = malloc(resp->len ? resp->len : 1);
    if (body && resp->len)
        memcpy(body, resp->body, resp->len);
    w->resp.body = body;
    if (body == NULL || (w->err = inspex_error_new()) == NULL ||
        dup_into(&w->resp.url, resp->url) ||
        dup_into(&w->resp.final_url, resp->final_url) ||
        dup_into(&w->resp.etag, resp->etag) ||
        dup_into(&w->resp.last_modified, resp->last_modified) ||
        dup_into(&w->resp.media_type, resp->media_type) ||
        dup_into(&w->resp.retrieved_at, resp->retrieved_at)) {
        work_free(w);
        return NULL;
    }
    return w;
}

static void work_event(work_t *w, int kind, const char *text, unsigned flags,
                       size_t item)
{
    event_t *e;

    if (w->nev == w->evcap) {
        size_t cap = w->evcap ? w->evcap * 2 : 8;
        event_t *ne = realloc(w->ev, cap * sizeof(*ne));
        if (ne == NULL) {
            w->lost = 1;
            return;
        }
        w->ev = ne;
        w->evcap = cap;
    }
    e = &w->ev[w->nev];
    if ((e->text = inspex__strdup(text)) == NULL && text) {
        w->lost = 1;
        return;
    }
    e->kind = kind;
    e->flags = flags;
    e->item = item;
    w->nev++;
}

static inspex_status_t work_keep(void *ud, inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    work_t *w = ud;

    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4;
        inspex_inspection_t **ni = realloc(w->items, cap * sizeof(*ni));
        if (ni == NULL) {
            inspex_inspection_free(insp);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        w->items = ni;
        w->cap = cap;
    }
    w->items[w->n++] = insp;
    if (w->rd) /* a local file's records go out among its messages */
        work_event(w, EV_RECORD, NULL, 0, w->n - 1);
    return INSPEX_OK;
}

static void work_warn(void *ud, const char *text)
{
    work_event(ud, EV_WARN, text, 0, 0);
}

static void work_note(void *ud, const char *text)
{
    work_event(ud, EV_NOTE, text, 0, 0);
}

static inspex_status_t work_follow(void *ud, const char *url, unsigned flags,
                                   inspex_error_t *err)
{
    (void)err;
    work_event(ud, EV_FOLLOW, url, flags, 0);
    return INSPEX_OK;
}

static inspex_status_t work_merge(void *ud, inspex_inspection_t *insp,
                                  const char *url, inspex_error_t *err)
{
    work_t *w = ud;
    inspex_status_t st = work_keep(w, insp, err);

    if (st == INSPEX_OK)
        work_event(w, EV_MERGE, url, 0, w->n - 1);
    return st;
}

/* On a worker: the import, with what on_done and import_attachment give
 * an importer on the fetching thread. */
static void work_run(work_t *w)
{
    run_t *r = w->r;
    inspex_import_params_t p;
    inspex_reader_t *rd = w->rd ? w->rd : inspex_reader_new_response(&w->resp);

    if (rd == NULL) {
        w->st = inspex_error_set(w->err, INSPEX_ERR_NOMEM, "out of memory");
        return;
    }
    import_params(&p, r, w->imp, rd, work_keep, w, work_warn, work_note, w);
    if (w->rd) { /* as read_stream */
        p.limits = &r->e->limits;
        if (w->imp->capabilities & INSPEX_CAP_FETCH) {
            p.follow_ex = work_follow;
            p.follow_userdata = w;
        }
    } else if (!w->attachment) {
        p.limits = &r->e->limits;
        p.follow_ex = work_follow;
        p.follow_userdata = w;
        p.merge = work_merge;
        p.merge_userdata = w;
    }
    w->st = inspex_import_run(&p, w->err);
    if (w->rd) { /* what read_stream counts after the import */
        inspex__reader_source_bytes(rd, &w->bytes, NULL);
        w->rejected = p.rejected;
        w->rd = NULL;
    }
    inspex_reader_free(rd);
}

static void *worker_main(void *arg)
{
    pool_t *pl = arg;

    pthread_mutex_lock(&pl->mu);
    for (;;) {
        work_t *w;
        while (!pl->stop && pl->queue == NULL)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop)
            break;
        w = pl->queue;
        if ((pl->queue = w->next) == NULL)
            pl->queue_tail = &pl->queue;
        pthread_mutex_unlock(&pl->mu);
        work_run(w);
        pthread_mutex_lock(&pl->mu);
        w->finished = 1;
        if (pl->listed) {
            w->next = pl->done_list;
            pl->done_list = w;
        }
        pthread_cond_broadcast(&pl->idle);
        /* wakes the fetcher's poll; a full pipe is awake already */
        if (pl->wake[1] >= 0 && write(pl->wake[1], "", 1) < 0) {
        }
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* The processors this process may run on (its affinity: taskset, a
 * container's cpuset), else those online. */
static long processors(void)
{
    cpu_set_t set;

    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        return CPU_COUNT(&set);
    return sysconf(_SC_NPROCESSORS_ONLN);
}

/* Starts the workers, once, the works done listed and a wake-up pipe
 * when fetching: 1, or 0 when there are none (one processor,
 * INSPEX_ENGINE_ONE_THREAD, or no thread could start). */
static int pool_start(pool_t *pl, const inspex_engine_t *e, int fetching)
{
    long cpus = (e->flags & INSPEX_ENGINE_ONE_THREAD) ? 1 : processors();
    size_t want = cpus < 2             ? 0
                  : cpus > MAX_WORKERS ? MAX_WORKERS
                                       : (size_t)cpus;

    if (pl->tried)
        return pl->nth > 0;
    pl->tried = 1;
    pl->listed = fetching;
    pl->wake[0] = pl->wake[1] = -1;
    if (want == 0 || (fetching && pipe2(pl->wake, O_CLOEXEC | O_NONBLOCK) != 0))
        return 0;
    pthread_mutex_init(&pl->mu, NULL);
    pthread_cond_init(&pl->cv, NULL);
    pthread_cond_init(&pl->idle, NULL);
    pl->queue_tail = &pl->queue;
    while (pl->nth < want &&
           pthread_create(&pl->th[pl->nth], NULL, worker_main, pl) == 0)
        pl->nth++;
    if (pl->nth == 0) {
        pthread_cond_destroy(&pl->idle);
        pthread_cond_destroy(&pl->cv);
        pthread_mutex_destroy(&pl->mu);
    }
    return pl->nth > 0;
}

static void pool_put(pool_t *pl, work_t *w)
{
    pthread_mutex_lock(&pl->mu);
    *pl->queue_tail = w;
    pl->queue_tail = &w->next;
    pthread_cond_signal(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
}

/* Ends the workers; frees the works still queued or done when they are
 * the pool's (works 1), else leaves them to their owner. */
static void pool_end(pool_t *pl, int works)
{
    work_t *w, *next;

    if (!pl->tried)
        return;
    if (pl->nth) {
        pthread_mutex_lock(&pl->mu);
        pl->stop = 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
        for (size_t i = 0; i < pl->nth; i++)
            pthread_join(pl->th[i], NULL);
        for (w = pl->queue; w && works; w = next) {
            next = w->next;
            work_free(w);
        }
        for (w = pl->done_list; w && works; w = next) {
            next = w->next;
            work_free(w);
        }
        pthread_cond_destroy(&pl->idle);
        pthread_cond_destroy(&pl->cv);
        pthread_mutex_destroy(&pl->mu);
    }
    if (pl->wake[0] >= 0) {
        close(pl->wake[0]);
        close(pl->wake[1]);
    }
}

/* Says e when it is a message, as the engine says an import's: 1 if so. */
static int say_event(run_t *r, const event_t *e)
{
    if (e->kind == EV_HOST_NOTE)
        say(r->e, INSPEX_MSG_NOTE, e->text);
    else if (e->kind == EV_WARN)
        import_warn(r, e->text);
    else if (e->kind == EV_NOTE)
        import_note(r, e->text);
    else
        return 0;
    return 1;
}

/* On the fetching thread: a page's work, as on_done would have left it. */
static void apply_page(fetch_t *f, work_t *w)
{
    run_t *r = f->r;
    inspex_status_t st = w->st;
    inspex_error_t *why = w->err;
    slot_t *s = &f->slots[w->index];

    s->items = w->items;
    s->n = w->n;
    w->items = NULL;
    w->n = w->cap = 0;
    s->done = 1;
    f->current = w->index;
    inspex_error_clear(r->err);
    for (size_t i = 0; i < w->nev && (st == INSPEX_OK || why == w->err); i++) {
        const event_t *e = &w->ev[i];
        inspex_status_t est = INSPEX_OK;
        if (say_event(r, e))
            continue;
        if (e->kind == EV_FOLLOW)
            est = follow(f, e->text, e->flags, r->err);
        else if (e->item < f->slots[w->index].n)
            est = attach_url(f, w->index, e->item, e->text, r->err);
        if (est != INSPEX_OK && st == INSPEX_OK) {
            st = est;
            why = r->err;
        }
    }
    if (w->lost && st == INSPEX_OK)
        st = inspex_error_set(why = r->err, INSPEX_ERR_NOMEM, "out of memory");
    if (st != INSPEX_OK) {
        if (st == INSPEX_ERR_NOMEM && why != r->err)
            inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
        page_failed(f, w->index, st, why);
    }
    flush(f);
}

/* On the fetching thread: an attachment's work, as attachment_done would
 * have left it. */
static void apply_attachment(fetch_t *f, work_t *w)
{
    slot_t *a = &f->slots[w->index];
    inspex_status_t st = w->st;

    a->items = w->items;
    a->n = w->n;
    w->items = NULL;
    w->n = w->cap = 0;
    for (size_t i = 0; i < w->nev; i++)
        say_event(f->r, &w->ev[i]);
    if (w->lost && st == INSPEX_OK)
        st = inspex_error_set(w->err, INSPEX_ERR_NOMEM, "out of memory");
    attachment_merged(f, w->index, w->resp.url, st, w->err);
}

/* Applies the works done, in the order they were done. */
static void collect(fetch_t *f)
{
    work_t *w, *list = NULL, *next;

    pthread_mutex_lock(&f->pool.mu);
    w = f->pool.done_list;
    f->pool.done_list = NULL;
    pthread_mutex_unlock(&f->pool.mu);
    for (; w; w = next) { /* newest first: turned round */
        next = w->next;
        w->next = list;
        list = w;
    }
    for (w = list; w; w = next) {
        next = w->next;
        if (f->fatal == INSPEX_OK) {
            if (w->attachment)
                apply_attachment(f, w);
            else
                apply_page(f, w);
        }
        work_free(w);
        f->pending--;
    }
}

/* The fetcher's turn (inspex__fetcher_set_turn): 1 while work is out. */
static int work_turn(void *ud)
{
    fetch_t *f = ud;
    char buf[64];

    while (read(f->pool.wake[0], buf, sizeof(buf)) > 0)
        ;
    collect(f);
    return f->pending > 0;
}

/* Hands the document at index to a worker when its importer may run on
 * one: 1 when it did (the result is applied later, in collect), or when
 * the run has failed meanwhile (nothing more is imported); 0 when the
 * caller imports it itself. At most two works a worker are out at
 * once, so that fetching ahead does not hold every body in memory. */
static int hand_out(fetch_t *f, size_t index, const inspex_plugin_t *imp,
                    const inspex_response_t *resp, int attachment,
                    const char *note)
{
    work_t *w;

    if (!(imp->capabilities & INSPEX_CAP_THREADS))
        return 0;
    if (!f->pool.tried) {
        if (!pool_start(&f->pool, f->r->e, 1))
            return 0;
        inspex__fetcher_set_turn(f->f, f->pool.wake[0], work_turn, f);
    } else if (f->pool.nth == 0) {
        return 0;
    }
    while (f->pending >= 2 * f->pool.nth && f->fatal == INSPEX_OK) {
        pthread_mutex_lock(&f->pool.mu);
        while (f->pool.done_list == NULL)
            pthread_cond_wait(&f->pool.idle, &f->pool.mu);
        pthread_mutex_unlock(&f->pool.mu);
        collect(f);
    }
    if (f->fatal != INSPEX_OK)
        return 1;
    if ((w = work_new(f, index, imp, resp, attachment)) == NULL)
        return 0; /* imported by the caller, as without workers */
    if (note)     /* said with what the import says, not before it */
        work_event(w, EV_HOST_NOTE, note, 0, 0);
    pool_put(&f->pool, w);
    f->pending++;
    return 1;
}

static void on_done(void *ud, size_t index, const inspex_response_t *resp,
                    inspex_error_t *error)
{
    fetch_t *f = ud;
    run_t *r = f->r;
    inspex_import_params_t p;
    inspex_reader_t *rd;
    inspex_status_t st;
    char *note;

    if (f->fatal != INSPEX_OK || grow_slots(f, index) != 0) {
        if (f->fatal == INSPEX_OK)
            f->fatal = inspex_error_set(r->err, INSPEX_ERR_NOMEM,
                                        "out of memory");
        return;
    }
    if (f->slots[index].attachment) {
        attachment_done(f, index, resp, error);
        return;
    }
    if (resp == NULL) {
        f->slots[index].done = 1;
        if (!ended_quietly(f, index, error))
            url_failed(f, index, inspex_error_text(error));
        flush(f);
        return;
    }
    note = heard(r->e, INSPEX_MSG_NOTE)
               ? inspex__asprintf("%s: %s%ld, %zu bytes, %u attempt%s%s",
                                  resp->url, resp->status ? "HTTP " : "",
                                  resp->status, resp->len, resp->attempts,
                                  resp->attempts == 1 ? "" : "s",
                                  resp->from_cache ? ", from the cache" : "")
               : NULL;
    if (hand_out(f, index, f->importer, resp, 0, note)) {
        free(note);
        return; /* done, and written in its turn, when its worker is; or
                 * the run failed */
    }
    if (note)
        say(r->e, INSPEX_MSG_NOTE, note);
    free(note);
    f->slots[index].done = 1;
    rd = inspex_reader_new_response(resp);
    if (rd == NULL) {
        f->fatal = inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
        return;
    }
    import_params(&p, r, f->importer, rd, keep, f, import_warn, import_note, r);
    p.limits = &r->e->limits;
    p.follow_ex = follow;
    p.follow_userdata = f;
    p.merge = attach;
    p.merge_userdata = f;
    f->current = index;
    inspex_error_clear(r->err);
    st = inspex_import_run(&p, r->err);
    inspex_reader_free(rd);
    if (st != INSPEX_OK)
        page_failed(f, index, st, r->err);
    flush(f);
}

static void on_progress(void *ud, const inspex_fetch_progress_t *p)
{
    fetch_t *f = ud;
    inspex_fetch_progress_t q = *p;

    q.failed -= f->ended < q.failed ? f->ended : q.failed; /* not failures */
    f->r->e->progress(f->r->e->progress_ud, &q);
}

/* Fetches specs[0..n) (URLs, or paths read as file: URLs) and imports
 * each page with importer, following the links it asks for unless the
 * specs were themselves followed; inspections reach the sink in the
 * order of the specs. A URL that fails is reported and counted, and the
 * rest go on. */
static inspex_status_t fetch_all(run_t *r, const inspex_plugin_t *importer,
                                 char *const *specs,
                                 const unsigned char *may_fail, size_t n,
                                 int followed)
{
    inspex_engine_t *e = r->e;
    fetch_t f;
    inspex_status_t st = INSPEX_OK;

    memset(&f, 0, sizeof(f));
    f.r = r;
    f.importer = importer;
    f.f = inspex_fetcher_new(&e->fo);
    if (f.f == NULL)
        return inspex_error_set(r->err, INSPEX_ERR_IO,
                                "cannot start fetching: out of memory, or "
                                "libcurl failed to initialise");
    for (size_t i = 0; i < n && st == INSPEX_OK; i++)
        st = fetch_add(&f, specs[i], followed, may_fail && may_fail[i], r->err);
    if (st == INSPEX_OK)
        st = inspex_options_check(e->opts, importer, r->exporter, r->err);
    if (st == INSPEX_OK)
        st = start_export(r, importer);
    if (st == INSPEX_OK) {
        st = inspex_fetcher_run(f.f, on_done, e->progress ? on_progress : NULL,
                                &f, r->err);
        if (st == INSPEX_OK)
            st = f.fatal;
    }
    pool_end(&f.pool, 1);
    for (size_t i = 0; i < f.nslots; i++) {
        for (size_t k = 0; k < f.slots[i].n; k++)
            inspex_inspection_free(f.slots[i].items[k]);
        free(f.slots[i].items);
        free(f.slots[i].error);
    }
    free(f.slots);
    inspex_fetcher_free(f.f);
    return st;
}

/* ---- local files read on workers ------------------------------------------
 * A run of local files whose importer says INSPEX_CAP_THREADS (pages,
 * report PDFs), without --keep-going, is imported on the workers, a file
 * each, opened in order on the calling thread up to two a worker ahead;
 * the calling thread then takes each file in input order and does what
 * read_stream would have done as the import went: it says the file's
 * messages and hands on its records in the order the importer gave
 * them, and fetches the links it asked for after it. */

static work_t *work_file(run_t *r, const inspex_plugin_t *imp,
                         inspex_reader_t *rd, const char *note)
{
    work_t *w = calloc(1, sizeof(*w));

    if (w == NULL || (w->err = inspex_error_new()) == NULL ||
        (w->name = strdup(inspex_reader_name(rd))) == NULL) {
        work_free(w);
        return NULL;
    }
    w->r = r;
    w->imp = imp;
    if (note)
        work_event(w, EV_HOST_NOTE, note, 0, 0);
    w->rd = rd; /* after the note: records are events from here on */
    return w;
}

/* A file's work, done: applied as read_stream would have applied it. */
static inspex_status_t apply_file(run_t *r, work_t *w)
{
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; i < w->nev && st == INSPEX_OK; i++) {
        event_t *e = &w->ev[i];
        if (say_event(r, e))
            continue;
        if (e->kind == EV_FOLLOW)
            st = keep_link(r, e->text, e->flags, r->err);
        else if (e->kind == EV_RECORD && e->item < w->n) {
            inspex_inspection_t *insp = w->items[e->item];
            w->items[e->item] = NULL;
            st = to_exporter(r, insp, r->err);
            /* as inspex_import_run says the importer's failure */
            if (st != INSPEX_OK && inspex__guard_third_party(w->imp))
                inspex__name_plugin(w->imp, st, r->err);
            if (st != INSPEX_OK && inspex_error_source(r->err)[0] == '\0')
                inspex_error_locate(r->err, w->name, inspex_error_line(r->err),
                                    inspex_error_column(r->err));
        }
    }
    r->bytes_before += w->bytes;
    r->e->nrejected += w->rejected;
    if (st == INSPEX_OK && w->lost)
        st = inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
    if (st == INSPEX_OK && w->st != INSPEX_OK) {
        inspex_error_copy(r->err, w->err);
        st = w->st;
    }
    if (st != INSPEX_OK) /* as read_stream: the writer's failure first */
        writer_drain(&r->w2, NULL, r->err);
    return st;
}

/* The links the files asked for, fetched after the file that asked. */
static inspex_status_t fetch_links(run_t *r, const inspex_plugin_t *imp,
                                   int on_reader)
{
    inspex_status_t st = settle(r, 1);

    if (st == INSPEX_OK)
        st = fetch_all(r, imp, r->links, r->links_may_fail, r->nlinks, 1);
    for (size_t k = 0; k < r->nlinks; k++)
        free(r->links[k]);
    r->nlinks = 0;
    if (st == INSPEX_OK)
        st = settle(r, on_reader);
    return st;
}

/* Opens input k of the run at first for its work; the first also starts
 * the export. */
static inspex_status_t open_file(run_t *r, size_t k, int first,
                                 const inspex_plugin_t *imp, work_t **out)
{
    inspex_engine_t *e = r->e;
    inspex_reader_t *rd;
    char why[160] = "", *note = NULL;
    inspex_status_t st;

    *out = NULL;
    /* chosen again as read_stream chooses, for the note's reason */
    if ((st = choose_early(r, &e->inputs[k], &imp, why, sizeof(why))) !=
            INSPEX_OK ||
        (st = open_input(r, &e->inputs[k], &imp, why, sizeof(why), &rd,
                         &note)) != INSPEX_OK)
        return st;
    if (first && ((st = inspex_options_check(e->opts, imp, r->exporter,
                                             r->err)) != INSPEX_OK ||
                  (st = start_export(r, imp)) != INSPEX_OK)) {
        if (note) /* said before the failure, as read_stream says it */
            say(e, INSPEX_MSG_NOTE, note);
        inspex_reader_free(rd);
        free(note);
        return st;
    }
    *out = work_file(r, imp, rd, note);
    free(note);
    if (*out == NULL) {
        inspex_reader_free(rd);
        return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
    }
    return INSPEX_OK;
}

/* Reads inputs first..first+n, all local files for imp, on the workers;
 * one at a time, as read_stream, when there are none. */
static inspex_status_t read_files(run_t *r, size_t first, size_t n,
                                  const inspex_plugin_t *imp, int on_reader)
{
    pool_t pl;
    work_t **w = calloc(n, sizeof(*w));
    inspex_error_t *open_err = inspex_error_new();
    inspex_status_t st = INSPEX_OK, open_st = INSPEX_OK;
    size_t opened = 0, applied = 0;
    char why[160];

    memset(&pl, 0, sizeof(pl));
    if (w == NULL || open_err == NULL || !pool_start(&pl, r->e, 0)) {
        for (size_t k = 0; k < n && st == INSPEX_OK; k++) {
            st = settle(r, on_reader);
            if (st == INSPEX_OK)
                st = read_stream(r, &r->e->inputs[first + k], imp, why,
                                 sizeof(why));
            if (st == INSPEX_OK && r->nlinks)
                st = fetch_links(r, imp, on_reader);
        }
        goto out;
    }
    while (applied < n && st == INSPEX_OK) {
        work_t *next;
        /* an input that cannot be opened fails in its turn, after the
         * files before it */
        while (opened < n && open_st == INSPEX_OK &&
               opened - applied < 2 * pl.nth) {
            open_st = open_file(r, first + opened, opened == 0, imp,
                                &w[opened]);
            if (open_st != INSPEX_OK) {
                inspex_error_copy(open_err, r->err);
                inspex_error_clear(r->err);
                break;
            }
            pool_put(&pl, w[opened++]);
        }
        /* as before each input read one at a time: the writer's
         * messages and failure from the files before come first */
        if ((st = settle(r, on_reader)) != INSPEX_OK)
            break;
        if (applied == opened) {
            inspex_error_copy(r->err, open_err);
            st = open_st;
            break;
        }
        next = w[applied];
        pthread_mutex_lock(&pl.mu);
        while (!next->finished)
            pthread_cond_wait(&pl.idle, &pl.mu);
        pthread_mutex_unlock(&pl.mu);
        st = apply_file(r, next);
        work_free(next);
        w[applied++] = NULL;
        if (st == INSPEX_OK && r->nlinks)
            st = fetch_links(r, imp, on_reader);
    }
out:
    pool_end(&pl, 0);
    for (size_t k = 0; w && k < n; k++)
        work_free(w[k]);
    free(w);
    inspex_error_free(open_err);
    return st;
}

/* How many inputs from i on are local files that read_files may read
 * together with imp: 0 unless at least two. */
static size_t files_together(run_t *r, size_t i, const inspex_plugin_t *imp)
{
    inspex_engine_t *e = r->e;
    char why[160];
    size_t j;

    if (imp == NULL || !(imp->capabilities & INSPEX_CAP_THREADS) ||
        (e->flags & (INSPEX_ENGINE_KEEP_GOING | INSPEX_ENGINE_ONE_THREAD)) ||
        processors() < 2)
        return 0;
    for (j = i; j < e->ninputs; j++) {
        const input_t *in = &e->inputs[j];
        const inspex_plugin_t *next = NULL;
        struct stat sb;
        /* regular files: opening a FIFO ahead of its turn could block */
        if (in->memory || strcmp(in->spec, "-") == 0 ||
            inspex_is_url(in->spec) || stat(in->spec, &sb) != 0 ||
            !S_ISREG(sb.st_mode) ||
            choose_early(r, in, &next, why, sizeof(why)) != INSPEX_OK ||
            next != imp) {
            inspex_error_clear(r->err);
            break;
        }
    }
    return j - i >= 2 ? j - i : 0;
}

/* ---- the run --------------------------------------------------------------
 */

static int fetches(const inspex_plugin_t *p)
{
    return p && (p->capabilities & INSPEX_CAP_FETCH);
}

/* Every input in order: the URLs of an importer that reads web pages
 * fetched together, everything else read as a stream. */
static inspex_status_t read_inputs(run_t *r)
{
    inspex_engine_t *e = r->e;
    char pre[64], why[160];
    inspex_status_t st = INSPEX_OK;

    if (e->flags & INSPEX_ENGINE_FETCH_ALL) {
        const inspex_plugin_t *imp;
        char **specs = malloc(e->ninputs * sizeof(*specs));
        if (specs == NULL)
            return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < e->ninputs; i++)
            specs[i] = e->inputs[i].spec;
        st = choose_early(r, &e->inputs[0], &imp, why, sizeof(why));
        if (st == INSPEX_OK && !fetches(imp))
            st = inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                  "%sname a format that reads web pages",
                                  prefix(e, pre, sizeof(pre)));
        if (st == INSPEX_OK)
            st = settle(r, 1);
        if (st == INSPEX_OK)
            st = fetch_all(r, imp, specs, NULL, e->ninputs, 0);
        free(specs);
        return st;
    }
    for (size_t i = 0; i < e->ninputs && st == INSPEX_OK;) {
        const input_t *in = &e->inputs[i];
        const inspex_plugin_t *imp;
        size_t j;

        if ((st = choose_early(r, in, &imp, why, sizeof(why))) != INSPEX_OK)
            break;
        if (!(fetches(imp) && !in->memory && inspex_is_url(in->spec))) {
            /* keep-going's rejects need the raw record, so its checks
             * are the reader's, unless only checking aside */
            int on_reader = (e->flags & INSPEX_ENGINE_KEEP_GOING) &&
                            !(e->records &&
                              (e->flags & INSPEX_ENGINE_RECORDS_ASIDE));
            size_t together = files_together(r, i, imp);
            st = settle(r, on_reader);
            if (st != INSPEX_OK)
                break;
            if (together) {
                st = read_files(r, i, together, imp, on_reader);
                i += together;
                continue;
            }
            st = read_stream(r, in, imp, why, sizeof(why));
            i++;
            if (st == INSPEX_OK && r->nlinks) {
                st = settle(r, 1);
                if (st == INSPEX_OK)
                    st = fetch_all(r, imp, r->links, r->links_may_fail,
                                   r->nlinks, 1);
                for (size_t k = 0; k < r->nlinks; k++)
                    free(r->links[k]);
                r->nlinks = 0;
            }
            continue;
        }
        /* the URLs that follow, for the same importer, go together */
        char **specs = malloc((e->ninputs - i) * sizeof(*specs));
        if (specs == NULL)
            return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
        specs[0] = in->spec;
        for (j = i + 1; j < e->ninputs; j++) {
            const inspex_plugin_t *next;
            if (e->inputs[j].memory || !inspex_is_url(e->inputs[j].spec) ||
                choose_early(r, &e->inputs[j], &next, pre, sizeof(pre)) !=
                    INSPEX_OK ||
                next != imp) {
                inspex_error_clear(r->err);
                break;
            }
            specs[j - i] = e->inputs[j].spec;
        }
        st = settle(r, 1);
        if (st == INSPEX_OK)
            st = fetch_all(r, imp, specs, NULL, j - i, 0);
        free(specs);
        i = j;
    }
    return st;
}

/* ---- files that must differ (issue 19) ------------------------------------
 */

/* The path an input names on this machine, or NULL (stdin, memory, a
 * URL that is not file:). Borrowed from in. */
static const char *input_path(const input_t *in)
{
    if (in->memory || strcmp(in->spec, "-") == 0)
        return NULL;
    if (strncmp(in->spec, "file://", 7) == 0)
        return in->spec + 7;
    return inspex_is_url(in->spec) ? NULL : in->spec;
}

/* 1 when a and b are the same existing file (device and inode), or the
 * same name. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino && S_ISREG(sa.st_mode);
}

/* Refuses an output or rejects file that is an input or each other (it
 * would be replaced while it is read, or the one written over the
 * other), and rejects on stdout beside data on stdout. */
static inspex_status_t check_paths(run_t *r)
{
    inspex_engine_t *e = r->e;
    const char *out = e->out_writer || e->out == NULL || !strcmp(e->out, "-")
                          ? NULL
                          : e->out;
    const char *rej = e->rejects_path;
    char pre[64];

    if (rej && strcmp(rej, "-") == 0) {
        if (out == NULL && e->out_writer == NULL)
            return inspex_error_set(
                r->err, INSPEX_ERR_USAGE,
                "%srejected records cannot go to standard output (--rejects "
                "-) while the output does: they would be mixed into the "
                "data; give --rejects a file, or -o one",
                prefix(e, pre, sizeof(pre)));
        rej = NULL;
    }
    if (out && rej && same_file(out, rej))
        return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                "%sthe rejects file %s is the output file: "
                                "give them different names",
                                prefix(e, pre, sizeof(pre)), rej);
    for (size_t i = 0; i < e->ninputs; i++) {
        const char *in = input_path(&e->inputs[i]);
        if (in && out && same_file(in, out))
            return inspex_error_set(
                r->err, INSPEX_ERR_USAGE,
                "%sthe output file %s is the input %s: it would be "
                "replaced while it is read; write to another file",
                prefix(e, pre, sizeof(pre)), out, in);
        if (in && rej && same_file(in, rej))
            return inspex_error_set(
                r->err, INSPEX_ERR_USAGE,
                "%sthe rejects file %s is the input %s: it would be "
                "replaced while it is read; keep the rejects in another "
                "file",
                prefix(e, pre, sizeof(pre)), rej, in);
    }
    return INSPEX_OK;
}

/* Commits the rejects first and then the output, so that rejects that
 * cannot be written (a full disk) leave the output as it was. A fetch
 * that produced nothing because every URL failed commits neither:
 * an existing output keeps what it had. */
static inspex_status_t commit_all(run_t *r)
{
    inspex_engine_t *e = r->e;
    inspex_status_t st = INSPEX_OK;

    if (e->nfailed && e->nfailed == e->nfetched && e->nwritten == 0 &&
        e->nrejected == 0 && r->own_w && e->out && strcmp(e->out, "-")) {
        char n[32] = "the URL";
        if (e->nfetched > 1)
            snprintf(n, sizeof(n), "all %lu URLs", e->nfetched);
        return inspex_error_set(r->err, INSPEX_ERR_NETWORK,
                                "%s failed and nothing was fetched, so %s "
                                "%s",
                                n, e->out,
                                access(e->out, F_OK) == 0 ? "is left as it was"
                                                          : "was not written");
    }
    if (r->rejects)
        st = inspex_writer_commit(r->rejects, r->err);
    /* a writer lent by the caller is the caller's to commit */
    if (st == INSPEX_OK && r->own_w)
        st = inspex_writer_commit(r->own_w, r->err);
    return st;
}

/* The total size of the inputs, or 0 when one of them has none known
 * (stdin, a URL). */
static unsigned long long inputs_size(const inspex_engine_t *e)
{
    unsigned long long total = 0;
    struct stat sb;

    for (size_t i = 0; i < e->ninputs; i++) {
        const input_t *in = &e->inputs[i];
        if (in->memory)
            total += in->len;
        else if (strcmp(in->spec, "-") == 0 || inspex_is_url(in->spec) ||
                 stat(in->spec, &sb) != 0 || !S_ISREG(sb.st_mode))
            return 0;
        else
            total += (unsigned long long)sb.st_size;
    }
    return total;
}

/* Checks what can be checked before any input is read, and opens the
 * output. */
static inspex_status_t prepare(run_t *r)
{
    inspex_engine_t *e = r->e;
    char pre[64], why[160];
    size_t stdin_used = 0;
    inspex_status_t st;

    if (e->ninputs == 0)
        return inspex_error_set(r->err, INSPEX_ERR_USAGE, "%sno input",
                                prefix(e, pre, sizeof(pre)));
    for (size_t i = 0; i < e->ninputs; i++) {
        if (e->inputs[i].memory && (e->flags & INSPEX_ENGINE_FETCH_ALL))
            return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                    "%s%s: bytes in memory are not fetched",
                                    prefix(e, pre, sizeof(pre)),
                                    e->inputs[i].spec);
        if (e->inputs[i].memory || strcmp(e->inputs[i].spec, "-"))
            continue;
        if ((e->flags & INSPEX_ENGINE_FETCH_ALL))
            return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                    "%s- is not a URL",
                                    prefix(e, pre, sizeof(pre)));
        if (stdin_used++)
            return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                    "%s- (stdin) can be read only once",
                                    prefix(e, pre, sizeof(pre)));
    }
    if (e->rejects_path && !(e->flags & INSPEX_ENGINE_KEEP_GOING))
        return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                "%srejected records are kept only when "
                                "the run keeps going",
                                prefix(e, pre, sizeof(pre)));
    if ((st = check_paths(r)) != INSPEX_OK)
        return st;
    if ((r->checker = inspex_checker_new(e->set, on_problem, r)) == NULL)
        return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
    if (e->flags & INSPEX_ENGINE_NOTES)
        inspex_checker_set_note(r->checker, on_note, r);
    /* warnings nobody hears are not even formatted (-q) */
    inspex_checker_set_warnings(r->checker, heard(e, INSPEX_MSG_WARNING));
    /* nor those the host only counts */
    if (e->msg_wanted)
        inspex_checker_set_wanted(r->checker, on_wanted, r);
    /* A stream of any length converts in flat memory; only checking
     * (validate) looks through all. */
    if (e->records == NULL)
        inspex_checker_set_duplicate_limit(r->checker, 250000);

    if (e->ticker)
        r->total_bytes = inputs_size(e);
    if (e->records) { /* only checking: no output */
        r->one_importer = e->from != NULL || e->ninputs == 1;
        if (e->from) {
            const inspex_plugin_t *imp;
            st = inspex_registry_choose(e->reg, INSPEX_CAP_IMPORT, e->from,
                                        NULL, NULL, 0, &imp, NULL, 0, r->err);
            if (st == INSPEX_OK)
                st = inspex_options_check(e->opts, imp, NULL, r->err);
            if (st != INSPEX_OK)
                return st;
        }
        if (e->rejects_path)
            return inspex_writer_open(e->rejects_path, &r->rejects, r->err);
        return INSPEX_OK;
    }
    /* The output format and options are settled before any input is read. */
    st = inspex_registry_choose(e->reg, INSPEX_CAP_EXPORT, e->to,
                                e->out_writer ? NULL : e->out, NULL, 0,
                                &r->exporter, why, sizeof(why), r->err);
    if (st != INSPEX_OK)
        return st;
    if (e->from) {
        const inspex_plugin_t *imp;
        st = inspex_registry_choose(e->reg, INSPEX_CAP_IMPORT, e->from, NULL,
                                    NULL, 0, &imp, NULL, 0, r->err);
        if (st == INSPEX_OK)
            st = inspex_options_check(e->opts, imp, r->exporter, r->err);
        if (st != INSPEX_OK)
            return st;
        if ((e->flags & INSPEX_ENGINE_FETCH_ALL) && !fetches(imp)) {
            char list[256] = "";
            for (size_t i = 0; i < inspex_registry_count(e->reg); i++) {
                const inspex_plugin_t *p = inspex_registry_get(e->reg, i);
                size_t used = strlen(list);
                if (fetches(p))
                    snprintf(list + used, sizeof(list) - used, "%s%s",
                             used ? ", " : "", p->name);
            }
            return inspex_error_set(r->err, INSPEX_ERR_USAGE,
                                    "%sformat '%s' does not read web pages; "
                                    "%s needs one that does (%s)",
                                    prefix(e, pre, sizeof(pre)), e->from,
                                    e->name ? e->name : "fetching",
                                    list[0] ? list : "none is installed");
        }
    }
    if (e->out_writer) {
        r->w = e->out_writer;
    } else {
        st = inspex_writer_open(e->out ? e->out : "-", &r->own_w, r->err);
        if (st != INSPEX_OK)
            return st;
        r->w = r->own_w;
    }
    if (e->rejects_path &&
        (st = inspex_writer_open(e->rejects_path, &r->rejects, r->err)) !=
            INSPEX_OK)
        return st;
    r->shows_checks = (r->exporter->capabilities & INSPEX_CAP_SHOWS_CHECKS) !=
                      0;
    sayf(e, INSPEX_MSG_NOTE, "writing %s as %s (chosen %s)",
         inspex_writer_name(r->w), r->exporter->name, why);
    if (!(r->exporter->capabilities & INSPEX_CAP_STREAM) &&
        (r->ds = inspex_dataset_new()) == NULL)
        return inspex_error_set(r->err, INSPEX_ERR_NOMEM, "out of memory");
    r->one_importer = e->from != NULL || e->ninputs == 1;
    return INSPEX_OK;
}

/* After every input: the whole document, the footer, the commits, and
 * what the run went past. */
static inspex_status_t finish(run_t *r)
{
    inspex_engine_t *e = r->e;
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; r->ds && i < inspex_dataset_count(r->ds); i++) {
        st = inspex_exporter_write(r->ex, inspex_dataset_at(r->ds, i), r->err);
        if (st != INSPEX_OK)
            return st;
        e->nwritten++;
    }
    if (r->ex)
        st = inspex_exporter_finish(r->ex, r->err);
    if (st == INSPEX_OK)
        st = commit_all(r);
    if (st != INSPEX_OK)
        return st;
    e->nshown = e->nchecked_bad;
    sayf(e, INSPEX_MSG_NOTE, "%s %lu inspection%s",
         e->records ? "checked" : "wrote", e->nwritten,
         e->nwritten == 1 ? "" : "s");
    inspex_error_clear(r->err);
    if (e->nfailed) {
        st = inspex_error_set(r->err, INSPEX_ERR_NETWORK,
                              "%lu of %lu URL%s failed; the other "
                              "inspections were written",
                              e->nfailed, e->nfetched,
                              e->nfetched == 1 ? "" : "s");
    }
    if (e->nshown) { /* written, and still an error, as validate has it */
        if (st != INSPEX_OK)
            say(e, INSPEX_MSG_ERROR, inspex_error_text(r->err));
        inspex_error_clear(r->err);
        st = inspex_error_set(r->err, INSPEX_ERR_INVALID,
                              "%lu inspection%s failed %s checks; %s "
                              "shows %s with why (%s)",
                              e->nshown, e->nshown == 1 ? "" : "s",
                              e->nshown == 1 ? "its" : "their",
                              inspex_writer_name(r->w),
                              e->nshown == 1 ? "it" : "them",
                              r->exporter->name);
    }
    if (e->nrejected) {
        if (st != INSPEX_OK)
            say(e, INSPEX_MSG_ERROR, inspex_error_text(r->err));
        inspex_error_clear(r->err);
        st = inspex_error_set(r->err, INSPEX_ERR_INVALID,
                              "%lu record%s rejected%s%s", e->nrejected,
                              e->nrejected == 1 ? "" : "s",
                              e->rejects_path
                                  ? "; written to "
                                  : " (keep them with --rejects FILE)",
                              !e->rejects_path ? ""
                              : strcmp(e->rejects_path, "-")
                                  ? e->rejects_path
                                  : "standard output");
    }
    return st;
}

inspex_status_t inspex_engine_run(inspex_engine_t *e, inspex_error_t *err)
{
    run_t *r = calloc(1, sizeof(*r));
    inspex_status_t st, wst;

    e->nread = e->nwritten = e->nrejected = e->nfetched = e->nfailed = 0;
    e->nbadcheck = e->nchecked_bad = e->nshown = 0;
    e->partial = 0;
    if (r == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    r->e = e;
    r->err = err;
    pthread_mutex_init(&r->w2.mu, NULL);
    pthread_cond_init(&r->w2.cv, NULL);
    r->w2.err = inspex_error_new();

    st = prepare(r);
    if (st == INSPEX_OK)
        st = read_inputs(r);
    if (st == INSPEX_OK && r->ex == NULL)
        st = start_export(r, NULL);
    /* The writer thread finishes before anything else happens. */
    wst = writer_close(&r->w2, st == INSPEX_OK ? err : NULL);
    e->nwritten += r->w2.written;
    if (st == INSPEX_OK)
        st = wst;
    if (st == INSPEX_OK)
        st = finish(r);

    writer_close(&r->w2, NULL);
    inspex_error_free(r->w2.err);
    pthread_cond_destroy(&r->w2.cv);
    pthread_mutex_destroy(&r->w2.mu);
    for (size_t k = 0; k < r->nlinks; k++)
        free(r->links[k]);
    free(r->links);
    free(r->links_may_fail);
    inspex_checker_free(r->checker);
    inspex_exporter_free(r->ex);
    inspex_dataset_free(r->ds);
    e->partial = inspex__writer_partial(r->own_w);
    inspex_writer_free(
        r->own_w); /* without a commit this removes the temp file */
    inspex_writer_free(r->rejects);
    free(r);
    return st;
}
