/* convert.c - `inspex convert`: inputs through importers into one
 * exporter, record by record. */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: inspex convert [-f FMT] [-t FMT] [-o OUT] [-O key=value]...\n"
          "                      [--keep-going] [--rejects FILE] INPUT...\n"
          "\n"
          "Reads each INPUT (a file, a .gz file, a URL, or - for stdin) and\n"
          "writes every inspection to OUT (default: stdout) in one format.\n"
          "\n"
          "  -f, --from FMT      input format (default: by extension, then content)\n"
          "  -t, --to FMT        output format (default: by the extension of OUT)\n"
          "  -o, --output OUT    output file, written atomically; - for stdout\n"
          "  -O, --option K=V    plugin option; in.K=V or out.K=V for one side\n"
          "      --keep-going    go on past invalid records\n"
          "      --rejects FILE  write each rejected record, with its reason\n"
          "      --plugin-dir D  look for plugins in D first\n"
          "  -v, --verbose       say which formats were chosen and why\n"
          "  -q, --quiet         no warnings\n",
          f);
}

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

struct sink;
static inspex_status_t check_one(struct sink *s, inspex_inspection_t *insp,
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
    struct sink *check; /* checks records before writing them, or NULL */
    pthread_t thread;
    int running;
} writer_t;

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
        pthread_mutex_unlock(&w->mu);
        inspex_status_t st = INSPEX_OK;
        for (size_t i = 0; !failed && st == INSPEX_OK && i < w->n[b]; i++) {
            if (w->check)
                st = check_one(w->check, w->items[b][i], w->err);
            if (st == INSPEX_OK)
                st = inspex_exporter_write(w->ex, w->items[b][i], w->err);
        }
        for (size_t i = 0; i < w->n[b]; i++) {
            inspex_inspection_free(w->items[b][i]);
            w->items[b][i] = NULL;
        }
        w->n[b] = 0;
        pthread_mutex_lock(&w->mu);
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
 * written (and checked) everything, leaving it ready for more; the
 * writer's status. Before the reader reports a problem of its own, the
 * records before it must have had their say. */
static inspex_status_t writer_drain(writer_t *w, inspex_error_t *err)
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
    if (w->failed) {
        st = w->st;
        inspex_error_copy(err, w->err);
    }
    w->fill = w->next; /* the buffer the writer will take next */
    for (int b = 0; b < NBATCH; b++)
        if (w->state[b] == B_DONE)
            w->state[b] = B_FREE;
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

typedef struct sink {
    cli_t *cli;
    writer_t *w2;
    inspex_checker_t *checker;
    char errors[2048]; /* the current record's check errors, "; "-joined */
    const inspex_plugin_t *plugin;
    inspex_writer_t *w;
    const inspex_options_t *options;
    inspex_exporter_t *ex;
    inspex_dataset_t *ds; /* when the exporter cannot stream */
    /* Checks run on the writer thread, beside the writing, unless a failed
     * record must be rejected with its raw bytes (--keep-going) or count
     * as its own URL's failure (fetch): then the reader checks. */
    int check_on_writer;
    int one_importer; /* every input is read by the same importer */
    cli_import_t *ci;
} sink_t;

/* The exporter starts once the first importer is known, so that a bad
 * option never leaves a header behind. */
static int start_export(cli_t *cli, void *ud)
{
    sink_t *s = ud;
    inspex_status_t st;

    /* The plugins that will not be used give their memory back (a page
     * parser's libraries weigh more than a stream of records). */
    if (s->one_importer && s->ci->importer) {
        const inspex_plugin_t *keep[2] = {s->ci->importer, s->plugin};
        inspex_registry_keep_only(cli->reg, keep, 2);
    }
    st = inspex_exporter_open(s->plugin, s->w, s->options, &s->ex, cli->err);
    if (st == INSPEX_OK)
        inspex_exporter_set_frameworks(s->ex, cli->frameworks);

    if (st != INSPEX_OK) {
        cli_report(cli);
        return cli_exit_status(st);
    }
    if (s->w2 && s->ds == NULL && s->w2->err) {
        s->w2->ex = s->ex;
        s->w2->check = s->check_on_writer ? s : NULL;
        if (pthread_create(&s->w2->thread, NULL, writer_main, s->w2) == 0)
            s->w2->running = 1;
        else
            s->w2->check = NULL;
    }
    return EXIT_OK;
}

static inspex_status_t settle(void *ud, inspex_error_t *err)
{
    sink_t *s = ud;

    return s->w2 ? writer_drain(s->w2, err) : INSPEX_OK;
}

/* Warnings are printed as they come; errors are gathered, so that a
 * record that fails is reported (or rejected) once, with all of them. */
static void on_problem(void *ud, const inspex_problem_t *p)
{
    sink_t *s = ud;
    size_t used = strlen(s->errors);

    if (p->severity == INSPEX_WARNING) {
        char *text = cli_problem_text(p);
        if (text && !s->cli->quiet)
            fprintf(stderr, "inspex: %s\n", text);
        free(text);
        return;
    }
    snprintf(s->errors + used, sizeof(s->errors) - used, "%s%s",
             used ? "; " : "", p->message);
}

/* Checks insp against its framework: warnings are printed, errors come
 * back as one INSPEX_ERR_INVALID located at the record. */
static inspex_status_t check_one(sink_t *s, inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    int n;
    unsigned long line;
    const char *src, *body, *pub;

    s->errors[0] = '\0';
    n = inspex_check(s->checker, insp);
    if (n == 0)
        return INSPEX_OK;
    if (n < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    src = inspex_inspection_origin(insp, &line);
    body = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    pub = inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED);
    return inspex_error_set_at(err, INSPEX_ERR_INVALID, src, line, 0,
                               "%s (%s): %s", body ? body : "(no body name)",
                               pub ? pub : "no publication date", s->errors);
}

static inspex_status_t to_exporter(void *ud, inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    sink_t *s = ud;
    inspex_status_t st;

    if (!(s->w2 && s->w2->running && s->w2->check) &&
        (st = check_one(s, insp, err)) != INSPEX_OK) {
        inspex_inspection_free(insp);
        return st;
    }

    if (s->ds)
        return inspex_dataset_take(s->ds, insp) == INSPEX_OK
                   ? INSPEX_OK
                   : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (s->w2 && s->w2->running)
        return writer_push(s->w2, insp, err);
    st = inspex_exporter_write(s->ex, insp, err);
    inspex_inspection_free(insp);
    return st;
}

int convert_option(cli_t *cli, convert_args_t *a, int c, const char *arg,
                   int *rc)
{
    *rc = EXIT_OK;
    switch (c) {
    case 'f': a->from = arg; return 1;
    case 't': a->to = arg; return 1;
    case 'o': a->out = arg; return 1;
    case 'O':
        *rc = cli_plugin_option(cli, a->opts, arg);
        return 1;
    }
    return 0;
}

int cmd_convert(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"option", required_argument, NULL, 'O'},
        {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    convert_args_t a;
    int c, rc = EXIT_OK;

    memset(&a, 0, sizeof(a));
    a.command = "convert";
    a.opts = inspex_options_new();
    if (a.opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:o:O:vqh", longopts, NULL)) != -1) {
        if (cli_common_option(cli, c, optarg))
            continue;
        if (convert_option(cli, &a, c, optarg, &rc)) {
            if (rc != EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case OPT_KEEP_GOING: a.keep_going = 1; break;
        case OPT_REJECTS: a.rejects_path = optarg; break;
        case 'h':
            usage(stdout);
            goto done;
        default:
            usage(stderr);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (optind == argc) {
        cli_error("convert: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    if (a.rejects_path && !a.keep_going) {
        cli_error("convert: --rejects needs --keep-going");
        rc = EXIT_USAGE;
        goto done;
    }
    a.inputs = argv + optind;
    a.ninputs = argc - optind;
    rc = convert_run(cli, &a);
done:
    inspex_options_free(a.opts);
    return rc;
}

int convert_run(cli_t *cli, convert_args_t *a)
{
    const char *from = a->from, *to = a->to, *out = a->out;
    const char *rejects_path = a->rejects_path;
    int rc = EXIT_OK, stdin_used = 0;
    inspex_options_t *opts = a->opts;
    const inspex_plugin_t *exporter = NULL, *fetcher_importer = NULL;
    inspex_writer_t *w = NULL, *rejects = NULL;
    sink_t sink;
    writer_t w2;
    cli_import_t ci;
    char why[160];
    inspex_status_t st;

    memset(&sink, 0, sizeof(sink));
    memset(&w2, 0, sizeof(w2));
    pthread_mutex_init(&w2.mu, NULL);
    pthread_cond_init(&w2.cv, NULL);
    w2.err = inspex_error_new();
    sink.w2 = &w2;
    memset(&ci, 0, sizeof(ci));
    for (int i = 0; i < a->ninputs; i++)
        if (strcmp(a->inputs[i], "-") == 0 && stdin_used++) {
            cli_error("%s: - (stdin) can be read only once", a->command);
            rc = EXIT_USAGE;
            goto done;
        }
    if ((rc = cli_load_registry(cli)) != EXIT_OK ||
        (rc = cli_load_frameworks(cli)) != EXIT_OK)
        goto done;
    sink.cli = cli;
    if ((sink.checker = cli_checker(cli, on_problem, &sink)) == NULL) {
        rc = EXIT_IO;
        goto done;
    }
    /* A stream of any length converts in flat memory. */
    inspex_checker_set_duplicate_limit(sink.checker, 250000);

    /* The output format and options are settled before any input is read. */
    st = inspex_registry_choose(cli->reg, INSPEX_CAP_EXPORT, to,
                                out && strcmp(out, "-") ? out : NULL, NULL, 0,
                                &exporter, why, sizeof(why), cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        rc = cli_exit_status(st);
        goto done;
    }
    if (from) {
        const inspex_plugin_t *imp;
        st = inspex_registry_choose(cli->reg, INSPEX_CAP_IMPORT, from, NULL,
                                    NULL, 0, &imp, NULL, 0, cli->err);
        if (st == INSPEX_OK)
            st = inspex_options_check(opts, imp, exporter, cli->err);
        if (st != INSPEX_OK) {
            cli_report(cli);
            rc = cli_exit_status(st);
            goto done;
        }
        /* An importer of web pages gets its inputs fetched together. */
        if (imp->capabilities & INSPEX_CAP_FETCH)
            fetcher_importer = imp;
    }
    if (a->fetch && fetcher_importer == NULL) {
        cli_error("%s: format '%s' does not read web pages; fetch needs one "
                  "that does (report)",
                  a->command, from);
        rc = EXIT_USAGE;
        goto done;
    }
    st = inspex_writer_open(out ? out : "-", &w, cli->err);
    if (st == INSPEX_OK && rejects_path)
        st = inspex_writer_open(rejects_path, &rejects, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        rc = cli_exit_status(st);
        goto done;
    }
    cli_note(cli, "writing %s as %s (chosen %s)", inspex_writer_name(w),
             exporter->name, why);
    if (!(exporter->capabilities & INSPEX_CAP_STREAM) &&
        (sink.ds = inspex_dataset_new()) == NULL) {
        cli_error("out of memory");
        rc = EXIT_IO;
        goto done;
    }

    sink.plugin = exporter;
    sink.check_on_writer = !a->keep_going && fetcher_importer == NULL;
    sink.one_importer = from != NULL || a->ninputs == 1;
    sink.ci = &ci;
    sink.w = w;
    sink.options = opts;
    ci.from = from;
    ci.options = opts;
    ci.exporter = exporter;
    ci.sink = to_exporter;
    ci.sink_userdata = &sink;
    ci.ready = start_export;
    ci.settle = settle;
    ci.keep_going = a->keep_going;
    ci.rejects = rejects;
    if (fetcher_importer)
        rc = cli_fetch_all(cli, a->inputs, a->ninputs, a->fetch,
                           fetcher_importer, &ci);
    else
        rc = cli_import_all(cli, a->inputs, a->ninputs, &ci);
    /* The writer thread finishes before anything else happens. */
    st = writer_close(&w2, rc == EXIT_OK ? cli->err : NULL);
    if (rc == EXIT_OK && st != INSPEX_OK) {
        cli_report(cli);
        rc = cli_exit_status(st);
    }
    if (rc != EXIT_OK)
        goto done;
    for (size_t i = 0; sink.ds && i < inspex_dataset_count(sink.ds); i++) {
        st = inspex_exporter_write(sink.ex, inspex_dataset_at(sink.ds, i),
                                   cli->err);
        if (st != INSPEX_OK) {
            cli_report(cli);
            rc = cli_exit_status(st);
            goto done;
        }
    }
    st = inspex_exporter_finish(sink.ex, cli->err);
    if (st == INSPEX_OK)
        st = inspex_writer_commit(w, cli->err);
    if (st == INSPEX_OK && rejects)
        st = inspex_writer_commit(rejects, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        rc = cli_exit_status(st);
        goto done;
    }
    cli_note(cli, "wrote %lu inspection%s", ci.emitted,
             ci.emitted == 1 ? "" : "s");
    if (ci.failed) {
        cli_error("%lu of %lu URL%s failed; the other inspections were "
                  "written",
                  ci.failed, ci.fetched, ci.fetched == 1 ? "" : "s");
        rc = EXIT_IO;
    }
    if (ci.rejected) {
        cli_error("%lu record%s rejected%s%s", ci.rejected,
                  ci.rejected == 1 ? "" : "s",
                  rejects_path ? "; written to " : " (keep them with --rejects FILE)",
                  rejects_path ? rejects_path : "");
        rc = EXIT_INVALID;
    }
done:
    writer_close(&w2, NULL);
    inspex_error_free(w2.err);
    pthread_cond_destroy(&w2.cv);
    pthread_mutex_destroy(&w2.mu);
    inspex_checker_free(sink.checker);
    inspex_exporter_free(sink.ex);
    inspex_dataset_free(sink.ds);
    inspex_writer_free(w); /* without a commit this removes the temp file */
    inspex_writer_free(rejects);
    return rc;
}
