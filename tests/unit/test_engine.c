/* SPDX-License-Identifier: MIT */
/* test_engine.c - the conversion engine (inspex/engine.h) through its
 * API, with the built plugins and the frameworks of the source tree:
 * memory and file inputs to files, failures that leave no output and do
 * not damage an existing one, keep-going with rejects, each of the three
 * ways records reach the exporter (a writer thread, the calling thread,
 * the whole document at the end) and stdout, and a listing page's links
 * followed because the importer fetches, without its format being named. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <inspex/engine.h>
#include <inspex/framework.h>

/* only its plugin loading and slurp are used here */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "plugin_util.h"
#pragma GCC diagnostic pop

static inspex_frameworks_t *frameworks;
static char dir[256];

static int setup(void **state)
{
    (void)state;
    load_plugin("csv", "csv");
    load_plugin("json", "json");
    load_plugin("json", "ndjson");
    load_plugin("report", "report");
    frameworks = inspex_frameworks_new();
    if (inspex_frameworks_load_dir(frameworks, INSPEX_SRCDIR "/frameworks", 1,
                                   NULL) != INSPEX_OK)
        return -1;
    snprintf(dir, sizeof(dir), "%s", "/tmp/inspex-engine-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];

    (void)state;
    inspex_frameworks_free(frameworks);
    inspex_registry_free(test_registry);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A path in the test's directory. */
static const char *tmp(const char *name)
{
    static char path[2][512];
    static int turn;

    turn = !turn;
    snprintf(path[turn], sizeof(path[turn]), "%s/%s", dir, name);
    return path[turn];
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* What a run said, gathered by the callbacks. */
typedef struct said {
    char messages[65536];
    int errors, warnings;
    int rejects;
    char last_raw[256];
} said_t;

static void on_message(void *ud, inspex_msg_level_t level, const char *text)
{
    said_t *s = ud;
    size_t n = strlen(s->messages);

    s->errors += level == INSPEX_MSG_ERROR;
    s->warnings += level == INSPEX_MSG_WARNING;
    snprintf(s->messages + n, sizeof(s->messages) - n, "%s\n", text);
}

static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    said_t *s = ud;

    (void)reason;
    s->rejects++;
    snprintf(s->last_raw, sizeof(s->last_raw), "%.*s", (int)len, raw);
}

static inspex_engine_t *engine(said_t *s)
{
    inspex_engine_t *e = inspex_engine_new(test_registry, frameworks);

    assert_non_null(e);
    memset(s, 0, sizeof(*s));
    inspex_engine_set_message(e, on_message, s);
    inspex_engine_set_reject(e, on_reject, s);
    return e;
}

/* n good rows of the 2018 framework, then the rows of tail. */
static char *table(int n, const char *tail)
{
    const char *head = "body_name,framework,published,1.1,1.2\n";
    size_t cap = strlen(head) + (size_t)n * 64 + strlen(tail) + 1, used;
    char *t = malloc(cap);

    assert_non_null(t);
    used = (size_t)snprintf(t, cap, "%s", head);
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(t + used, cap - used,
                                 "Body %d YOT,hmip-youth-2018,2020-06-04,"
                                 "Good,Inadequate\n",
                                 i);
    snprintf(t + used, cap - used, "%s", tail);
    return t;
}

#define LATE_HEAD "body_name,framework,fieldwork_end,published\n"

static void test_memory_to_file(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    char *in = table(300, ""), *out;
    inspex_error_t *err = inspex_error_new();
    size_t len;

    (void)state;
    assert_int_equal(inspex_engine_add_memory(e, in, strlen(in), "mem.csv",
                                              err),
                     INSPEX_OK);
    assert_int_equal(inspex_engine_set_output(e, tmp("a.ndjson"), err),
                     INSPEX_OK);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    assert_int_equal(inspex_engine_read(e), 300);
    assert_int_equal(inspex_engine_written(e), 300);
    assert_int_equal(inspex_engine_rejected(e), 0);
    out = slurp(tmp("a.ndjson"), &len);
    assert_non_null(out);
    assert_int_equal(count_lines(out), 300);
    assert_non_null(strstr(out, "{\"body_name\":\"Body 0 YOT\""));
    assert_non_null(strstr(out, "\"Body 299 YOT\""));
    /* the origin of each record is the memory input's name */
    free(out);
    free(in);
    inspex_error_free(err);
    inspex_engine_free(e);
}

static void test_file_to_file(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *out;

    (void)state;
    inspex_engine_add_input(e, INSPEX_SRCDIR "/fixtures/ratings.csv", err);
    inspex_engine_add_input(e, INSPEX_SRCDIR "/fixtures/medway-2020.json", err);
    inspex_engine_set_output(e, tmp("b.csv"), err);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    assert_true(inspex_engine_written(e) > 2);
    out = slurp(tmp("b.csv"), NULL);
    assert_non_null(out);
    /* a header and one row per inspection written */
    assert_int_equal(count_lines(out), inspex_engine_written(e) + 1);
    assert_non_null(strstr(out, "Medway YOT"));
    free(out);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* n good rows that name their fieldwork's end, then one whose fieldwork
 * ends after publication: a check the framework fails, as opposed to a
 * value the importer cannot read. */
static char *late_table(int n)
{
    size_t cap = strlen(LATE_HEAD) + (size_t)n * 48 + 64, used;
    char *t = malloc(cap);

    assert_non_null(t);
    used = (size_t)snprintf(t, cap, "%s", LATE_HEAD);
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(t + used, cap - used,
                                 "Body %d YOT,hmip-youth-2018,,2020-06-04\n",
                                 i);
    snprintf(t + used, cap - used,
             "Late YOT,hmip-youth-2018,2020-07-05,2020-06-04\n");
    return t;
}

/* A record the checks fail stops the run: no output file, and a file
 * already there is left as it was, whichever way records went. */
static void run_failing(unsigned flags, const char *to)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *late = late_table(700), *kept;
    const char *target = tmp("kept.out");

    write_file(target, "what was here before\n");
    inspex_engine_add_memory(e, late, strlen(late), "late.csv", err);
    inspex_engine_set_output(e, target, err);
    inspex_engine_set_to(e, to, err);
    inspex_engine_set_flags(e, flags);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_text(err),
                           "late.csv:702: Late YOT (2020-06-04): fieldwork "
                           "ends 2020-07-05"));
    kept = slurp(target, NULL);
    assert_string_equal(kept, "what was here before\n");
    free(kept);
    inspex_engine_free(e);

    /* and with no file there, none is left */
    e = engine(&s);
    unlink(target);
    inspex_engine_add_memory(e, late, strlen(late), "late.csv", err);
    inspex_engine_set_output(e, target, err);
    inspex_engine_set_to(e, to, err);
    inspex_engine_set_flags(e, flags);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_false(exists(target));
    inspex_engine_free(e);
    free(late);
    inspex_error_free(err);
}

static void test_failure_leaves_no_output(void **state)
{
    (void)state;
    run_failing(0, "ndjson");                        /* writer thread */
    run_failing(INSPEX_ENGINE_ONE_THREAD, "ndjson"); /* calling thread */
    run_failing(0, "json");                          /* whole document */
}

/* A failure of the exporter's own, on the writer thread: no output. */
static void test_exporter_failure(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    inspex_options_t *opts = inspex_options_new();
    char *in = table(500, "");

    (void)state;
    inspex_options_add(opts, "out.layout=actions", err);
    inspex_engine_add_memory(e, in, strlen(in), "std.csv", err);
    inspex_engine_set_output(e, tmp("actions.csv"), err);
    inspex_engine_set_options(e, opts);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_text(err), "actions layout"));
    assert_false(exists(tmp("actions.csv")));
    free(in);
    inspex_options_free(opts);
    inspex_error_free(err);
    inspex_engine_free(e);
}

static void test_keep_going_rejects(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *in = table(200, "Odd YOT,hmip-youth-2018,2020-06-04,Goodish,Good\n"
                          "Body 200 YOT,hmip-youth-2018,2020-06-04,Good,"
                          "Good\n");
    char *out, *rej, want[600];

    (void)state;
    inspex_engine_add_memory(e, in, strlen(in), "odd.csv", err);
    inspex_engine_set_output(e, tmp("kg.ndjson"), err);
    inspex_engine_set_rejects(e, tmp("rejects.txt"), err);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    snprintf(want, sizeof(want), "1 record rejected; written to %s",
             tmp("rejects.txt"));
    assert_string_equal(inspex_error_text(err), want);
    assert_int_equal(inspex_engine_written(e), 201);
    assert_int_equal(inspex_engine_rejected(e), 1);
    assert_int_equal(s.rejects, 1);
    assert_string_equal(s.last_raw,
                        "Odd YOT,hmip-youth-2018,2020-06-04,Goodish,Good\n");
    out = slurp(tmp("kg.ndjson"), NULL);
    assert_int_equal(count_lines(out), 201);
    assert_null(strstr(out, "Odd YOT"));
    rej = slurp(tmp("rejects.txt"), NULL);
    assert_non_null(rej);
    assert_true(strncmp(rej, "# odd.csv:202:", 14) == 0);
    assert_non_null(strstr(rej, "\nOdd YOT,hmip-youth-2018,2020-06-04,"
                                "Goodish,Good\n"));
    free(rej);
    free(out);
    free(in);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* keep-going past a record the checks fail, which the reader checks so
 * that its raw bytes can be rejected */
static void test_keep_going_check(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    const char *in = LATE_HEAD
        "A YOT,hmip-youth-2018,,2020-06-04\n"
        "Late YOT,hmip-youth-2018,2020-07-05,2020-06-04\n"
        "B YOT,hmip-youth-2018,,2020-06-04\n";

    (void)state;
    inspex_engine_add_memory(e, in, strlen(in), "late.csv", err);
    inspex_engine_set_output(e, tmp("kg2.ndjson"), err);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(err),
                        "1 record rejected (keep them with --rejects FILE)");
    assert_int_equal(inspex_engine_written(e), 2);
    assert_string_equal(s.last_raw,
                        "Late YOT,hmip-youth-2018,2020-07-05,2020-06-04\n");
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* ---- an exporter that shows the checks (INSPEX_CAP_SHOWS_CHECKS) ----- */

/* Writes a line a record: its body and the errors inspex_export_check
 * finds in it. */
static inspex_status_t shower_record(inspex_export_t *ctx, void *state,
                                     const inspex_inspection_t *insp,
                                     inspex_error_t *err)
{
    char line[256];
    int n = inspex_export_check(ctx, insp, NULL, NULL);

    (void)state;
    snprintf(line, sizeof(line), "%s %d\n",
             inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME), n);
    return inspex_writer_write(inspex_export_writer(ctx), line, strlen(line),
                               err);
}

static inspex_status_t shower_begin(inspex_export_t *ctx, void **state,
                                    inspex_error_t *err)
{
    (void)ctx;
    (void)state;
    (void)err;
    return INSPEX_OK;
}

static const inspex_plugin_t shower = {
    INSPEX_PLUGIN_HEAD,
    .name = "shower",
    .description = "test: shows the checks",
    .capabilities = INSPEX_CAP_EXPORT | INSPEX_CAP_SHOWS_CHECKS,
    .export_begin = shower_begin,
    .export_record = shower_record,
};

static const inspex_plugin_t shower_stream = {
    INSPEX_PLUGIN_HEAD,
    .name = "shower-stream",
    .description = "test: shows the checks, a record at a time",
    .capabilities = INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM |
                    INSPEX_CAP_SHOWS_CHECKS,
    .export_begin = shower_begin,
    .export_record = shower_record,
};

/* The record whose only fault is a failed check reaches the exporter,
 * which finds its error; the error is still said, the run still fails,
 * and inspex_engine_shown counts it; a record that cannot be read is
 * still rejected. Whole-document and streaming (on the writer thread). */
static void test_shows_checks(void **state)
{
    static const char *const to[] = {"shower", "shower-stream"};
    const char *in = LATE_HEAD
        "A YOT,hmip-youth-2018,,2020-06-04\n"
        "Late YOT,hmip-youth-2018,2020-07-05,2020-06-04\n"
        "B YOT,hmip-youth-2018,,2020-06-04\n";
    const char *bad = LATE_HEAD
        "A YOT,hmip-youth-2018,,2020-06-04\n"
        "Late YOT,hmip-youth-2018,2020-07-05,2020-06-04\n"
        "Bad YOT,hmip-youth-2018,,2020-13-45\n";
    inspex_error_t *err = inspex_error_new();
    char want[300], *got;
    size_t len;

    (void)state;
    if (inspex_registry_find(test_registry, "shower") == NULL) {
        assert_int_equal(inspex_registry_add(test_registry, &shower, "test",
                                             err),
                         INSPEX_OK);
        assert_int_equal(inspex_registry_add(test_registry, &shower_stream,
                                             "test", err),
                         INSPEX_OK);
    }
    for (size_t k = 0; k < 2; k++) {
        said_t s;
        inspex_engine_t *e = engine(&s);
        const char *out = tmp(to[k]);
        inspex_engine_add_memory(e, in, strlen(in), "late.csv", err);
        inspex_engine_set_output(e, out, err);
        inspex_engine_set_to(e, to[k], err);
        assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
        snprintf(want, sizeof(want),
                 "1 inspection failed its checks; %s shows it with why (%s)",
                 out, to[k]);
        assert_string_equal(inspex_error_text(err), want);
        assert_int_equal(inspex_engine_written(e), 3);
        assert_int_equal(inspex_engine_shown(e), 1);
        assert_int_equal(inspex_engine_rejected(e), 0);
        assert_int_equal(s.rejects, 0);
        assert_int_equal(s.errors, 1);
        assert_non_null(strstr(s.messages,
                               "late.csv:3: error: Late YOT (2020-06-04): "
                               "fieldwork ends 2020-07-05, after "
                               "publication 2020-06-04"));
        got = slurp(out, &len);
        assert_string_equal(got, "A YOT 0\nLate YOT 1\nB YOT 0\n");
        free(got);
        inspex_engine_free(e);

        /* an unreadable record stops the run: nothing written */
        e = engine(&s);
        out = tmp("bad.out");
        inspex_engine_add_memory(e, bad, strlen(bad), "bad.csv", err);
        inspex_engine_set_output(e, out, err);
        inspex_engine_set_to(e, to[k], err);
        assert_int_not_equal(inspex_engine_run(e, err), INSPEX_OK);
        assert_int_equal(inspex_engine_shown(e), 0);
        assert_false(exists(out));
        inspex_engine_free(e);

        /* under keep-going it alone is rejected */
        e = engine(&s);
        inspex_engine_add_memory(e, bad, strlen(bad), "bad.csv", err);
        inspex_engine_set_output(e, out, err);
        inspex_engine_set_to(e, to[k], err);
        inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
        assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
        assert_string_equal(inspex_error_text(err),
                            "1 record rejected (keep them with --rejects "
                            "FILE)");
        assert_int_equal(inspex_engine_shown(e), 1);
        assert_int_equal(s.rejects, 1);
        assert_non_null(strstr(s.messages, "1 inspection failed its checks"));
        got = slurp(out, &len);
        assert_string_equal(got, "A YOT 0\nLate YOT 1\n");
        free(got);
        unlink(out);
        inspex_engine_free(e);
    }
    inspex_error_free(err);
}

/* ---- only checking: records to the host, messages with their codes --- */

typedef struct checked {
    int records, errors, warnings, invalid, import_warnings;
    char codes[512];  /* the check problems' codes, in order */
    char labels[512]; /* their labels ("-" for none) */
    unsigned long ticks, last_records, asked;
    unsigned long long last_bytes, total_bytes;
} checked_t;

static void on_msg(void *ud, const inspex_engine_msg_t *m)
{
    checked_t *c = ud;
    size_t n;

    assert_non_null(m->code);
    assert_non_null(m->text);
    assert_non_null(m->message);
    if (m->level == INSPEX_MSG_NOTE)
        return;
    c->errors += m->level == INSPEX_MSG_ERROR;
    c->warnings += m->level == INSPEX_MSG_WARNING;
    c->invalid += strcmp(m->code, "invalid-record") == 0;
    c->import_warnings += strcmp(m->code, "import-warning") == 0;
    if (m->problem == NULL)
        return;
    assert_string_equal(m->code, m->problem->check);
    assert_string_equal(m->message, m->problem->message);
    assert_true(m->line > 0);
    n = strlen(c->codes);
    snprintf(c->codes + n, sizeof(c->codes) - n, "%s%s", n ? " " : "", m->code);
    n = strlen(c->labels);
    snprintf(c->labels + n, sizeof(c->labels) - n, "%s%s", n ? "|" : "",
             m->label ? m->label : "-");
}

static inspex_status_t on_record(void *ud, const inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    checked_t *c = ud;

    (void)err;
    assert_non_null(inspex_inspection_get(insp, INSPEX_FIELD_FRAMEWORK));
    c->records++;
    return INSPEX_OK;
}

static void on_tick(void *ud, const inspex_engine_progress_t *p)
{
    checked_t *c = ud;

    assert_true(p->records > c->last_records);
    assert_true(p->bytes >= c->last_bytes);
    c->ticks++;
    c->last_records = p->records;
    c->last_bytes = p->bytes;
    c->total_bytes = p->total_bytes;
}

/* A check's errors do not reject the record: each is said with its code
 * and the inspection's label (body, else local authority, else none), the
 * record still reaches the host; an unreadable record is rejected and
 * counted; nothing is written anywhere. */
static void test_records_only_check(void **state)
{
    said_t s;
    checked_t c;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    const char *in =
        "body_name,local_authority,framework,fieldwork_end,published,"
        "overall_rating\n"
        "A YOT,,hmip-youth-2018,,2020-06-04,Good\n"
        ",Late,hmip-youth-2018,2020-07-05,2020-06-04,Good\n"
        ",,hmip-youth-2018,2020-07-05,2020-06-04,Good\n"
        "Bad YOT,,hmip-youth-2018,,2020-06-04,Goodish\n";

    (void)state;
    memset(&c, 0, sizeof(c));
    inspex_engine_add_memory(e, in, strlen(in), "only.csv", err);
    inspex_engine_set_output(e, tmp("never.ndjson"), err);
    inspex_engine_set_message_ex(e, on_msg, &c);
    inspex_engine_set_records(e, on_record, &c);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
    /* the unreadable record is the run's one failure */
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_int_equal(c.records, 3);
    assert_int_equal(s.rejects, 1);
    assert_int_equal(inspex_engine_rejected(e), 1);
    assert_int_equal(inspex_engine_records(e), 4);
    assert_false(exists(tmp("never.ndjson")));
    assert_non_null(strstr(c.codes, "date-order"));
    assert_non_null(strstr(c.labels, "Late"));
    assert_null(strstr(s.messages, "no body name"));
    /* the plain callback is not called once message_ex is set */
    assert_int_equal(s.errors + s.warnings, 0);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* A conversion with message_ex: the rejected record's reason names it by
 * its local authority; records count those rejected once. */
static void test_messages_ex_convert(void **state)
{
    said_t s;
    checked_t c;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    const char *in = LATE_HEAD "A YOT,hmip-youth-2018,,2020-06-04\n"
                               "B YOT,hmip-youth-2018,2020-07-05,2020-06-04\n";
    const char *la = "local_authority,framework,fieldwork_end,published\n"
                     "Kent,hmip-youth-2018,2020-07-05,2020-06-04\n";

    (void)state;
    memset(&c, 0, sizeof(c));
    inspex_engine_add_memory(e, in, strlen(in), "conv.csv", err);
    inspex_engine_set_output(e, tmp("ex.ndjson"), err);
    inspex_engine_set_message_ex(e, on_msg, &c);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_int_equal(inspex_engine_written(e), 1);
    assert_int_equal(inspex_engine_records(e), 2);
    inspex_engine_free(e);
    /* without keep-going the failure names the inspection */
    e = engine(&s);
    inspex_engine_add_memory(e, la, strlen(la), "la.csv", err);
    inspex_engine_set_output(e, tmp("la.ndjson"), err);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(err),
                        "la.csv:2: Kent (2020-06-04): fieldwork ends "
                        "2020-07-05, after publication 2020-06-04");
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* The host is asked before each check warning is formatted; what it
 * declines never reaches the message function, nor the output's records
 * any less. */
static int first_two(void *ud, const inspex_engine_msg_t *m)
{
    checked_t *c = ud;

    assert_null(m->text);
    assert_null(m->message);
    assert_non_null(m->problem);
    assert_null(m->problem->message);
    assert_string_equal(m->code, "standard-missing");
    assert_string_equal(m->source, "want.csv");
    assert_int_equal(m->line, c->asked + 2);
    assert_int_equal(m->level, INSPEX_MSG_WARNING);
    return ++c->asked <= 2;
}

static void test_message_wanted(void **state)
{
    said_t s;
    checked_t c;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *in = table(300, ""), *out;

    (void)state;
    memset(&c, 0, sizeof(c));
    inspex_engine_add_memory(e, in, strlen(in), "want.csv", err);
    inspex_engine_set_output(e, tmp("want.ndjson"), err);
    inspex_engine_set_message_ex(e, on_msg, &c);
    inspex_engine_set_message_wanted(e, first_two, &c);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    assert_int_equal(inspex_engine_written(e), 300);
    assert_int_equal(c.asked, 300);
    assert_int_equal(c.warnings, 2);
    assert_string_equal(c.codes, "standard-missing standard-missing");
    out = slurp(tmp("want.ndjson"), NULL);
    assert_int_equal(count_lines(out), 300);
    free(out);
    free(in);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* The ticker: every 256 records, counts that grow, and the inputs' size
 * when it is known. */
static void test_ticker(void **state)
{
    said_t s;
    checked_t c;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *in = table(1000, "");

    (void)state;
    memset(&c, 0, sizeof(c));
    write_file(tmp("tick.csv"), in);
    inspex_engine_add_input(e, tmp("tick.csv"), err);
    inspex_engine_set_records(e, on_record, &c);
    inspex_engine_set_ticker(e, on_tick, &c);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    assert_int_equal(c.records, 1000);
    assert_int_equal(c.ticks, 3);
    assert_int_equal(c.last_records, 768);
    assert_int_equal(c.total_bytes, strlen(in));
    assert_true(c.last_bytes > 0 && c.last_bytes <= strlen(in));
    free(in);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* Runs in to "to" with flags into path (NULL: stdout); the bytes. */
static char *convert_with(const char *in, const char *to, unsigned flags,
                          const char *path)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    char *out;

    inspex_engine_add_memory(e, in, strlen(in), "same.csv", err);
    inspex_engine_set_to(e, to, err);
    inspex_engine_set_flags(e, flags);
    if (path) {
        inspex_engine_set_output(e, path, err);
        assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
        out = slurp(path, NULL);
    } else {
        /* stdout is a file for the run */
        int saved = dup(STDOUT_FILENO);
        int fd = open(tmp("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        assert_true(saved >= 0 && fd >= 0);
        fflush(stdout);
        dup2(fd, STDOUT_FILENO);
        close(fd);
        inspex_status_t st = inspex_engine_run(e, err);
        fflush(stdout);
        dup2(saved, STDOUT_FILENO);
        close(saved);
        assert_int_equal(st, INSPEX_OK);
        out = slurp(tmp("stdout"), NULL);
    }
    assert_non_null(out);
    assert_int_equal(inspex_engine_written(e), 1000);
    inspex_error_free(err);
    inspex_engine_free(e);
    return out;
}

/* The three ways to the exporter give the same records; stdout the same
 * bytes as a file. */
static void test_delivery_paths(void **state)
{
    char *in = table(1000, "");
    char *threaded = convert_with(in, "ndjson", 0, tmp("t.ndjson"));
    char *direct = convert_with(in, "ndjson", INSPEX_ENGINE_ONE_THREAD,
                                tmp("d.ndjson"));
    char *to_stdout = convert_with(in, "ndjson", 0, NULL);
    char *whole = convert_with(in, "json", 0, tmp("w.json"));
    char *whole_direct = convert_with(in, "json", INSPEX_ENGINE_ONE_THREAD,
                                      tmp("w2.json"));

    (void)state;
    assert_int_equal(count_lines(threaded), 1000);
    assert_string_equal(threaded, direct);
    assert_string_equal(threaded, to_stdout);
    /* one JSON document with the same records, in order */
    assert_true(whole[0] == '[' || whole[0] == '{');
    assert_non_null(strstr(whole, "\"Body 0 YOT\""));
    assert_true(strstr(whole, "\"Body 998 YOT\"") <
                strstr(whole, "\"Body 999 YOT\""));
    assert_string_equal(whole, whole_direct);
    free(threaded);
    free(direct);
    free(to_stdout);
    free(whole);
    free(whole_direct);
    free(in);
}

/* A writer lent by the caller gets the export, and no commit. */
static void test_output_writer(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    inspex_writer_t *w = inspex_writer_new_memory();
    char *in = table(3, "");
    const char *data;
    size_t len;

    (void)state;
    inspex_engine_add_memory(e, in, strlen(in), "three.csv", err);
    inspex_engine_set_to(e, "csv", err);
    inspex_engine_set_output_writer(e, w);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    data = inspex_writer_data(w, &len);
    assert_int_equal(count_lines(data), 4);
    assert_true(strncmp(data, "id,body_name,", 13) == 0);
    assert_non_null(strstr(data, "\n,Body 2 YOT,"));
    assert_int_equal(inspex_writer_commit(w, err), INSPEX_OK);
    inspex_writer_free(w);
    free(in);
    inspex_error_free(err);
    inspex_engine_free(e);
}

static void test_usage_errors(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    inspex_options_t *opts = inspex_options_new();
    const char *in = "body_name\nA YOT\n";

    (void)state;
    /* no input */
    inspex_engine_set_output(e, tmp("u.ndjson"), err);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_USAGE);
    /* an option neither plugin declares: nothing written */
    inspex_options_add(opts, "nosuch=1", err);
    inspex_engine_add_memory(e, in, strlen(in), "u.csv", err);
    inspex_engine_set_options(e, opts);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_USAGE);
    assert_non_null(strstr(inspex_error_text(err), "unknown option 'nosuch'"));
    assert_false(exists(tmp("u.ndjson")));
    /* stdin twice */
    inspex_engine_set_options(e, NULL);
    inspex_engine_add_input(e, "-", err);
    inspex_engine_add_input(e, "-", err);
    inspex_engine_set_name(e, "convert");
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_text(err),
                        "convert: - (stdin) can be read only once");
    /* a format that does not fetch, where every input is fetched */
    inspex_engine_free(e);
    e = engine(&s);
    inspex_engine_add_input(e, "x.html", err);
    inspex_engine_set_from(e, "csv", err);
    inspex_engine_set_to(e, "ndjson", err);
    inspex_engine_set_flags(e, INSPEX_ENGINE_FETCH_ALL);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_text(err),
                        "format 'csv' does not read web pages; fetching "
                        "needs one that does (report)");
    inspex_options_free(opts);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* A listing page, its format not named: the importer's capability to
 * fetch decides that its links are fetched, in order. */
static void test_listing_follows(void **state)
{
    said_t s;
    inspex_engine_t *e = engine(&s);
    inspex_error_t *err = inspex_error_new();
    inspex_options_t *opts = inspex_options_new();
    size_t len;
    char *page = slurp(INSPEX_SRCDIR "/fixtures/pages/listing.html", &len);
    char *out;

    (void)state;
    assert_non_null(page);
    inspex_options_add(opts, "follow=true", err);
    /* named by its path, so that its relative links resolve there */
    inspex_engine_add_memory(e, page, len,
                             INSPEX_SRCDIR "/fixtures/pages/listing.html", err);
    inspex_engine_set_options(e, opts);
    inspex_engine_set_output(e, tmp("listing.ndjson"), err);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_OK);
    assert_int_equal(inspex_engine_fetched(e), 7);
    assert_int_equal(inspex_engine_failed(e), 0);
    assert_int_equal(inspex_engine_written(e), 7);
    out = slurp(tmp("listing.ndjson"), NULL);
    assert_int_equal(count_lines(out), 7);
    assert_true(strstr(out, "\"Medway\"") < strstr(out, "\"Cardiff\""));
    assert_true(strstr(out, "\"Nottinghamshire\"") <
                strstr(out, "\"Swindon\""));
    assert_non_null(strstr(out, "\"url\":\"file://"));
    free(out);

    /* without follow=true, the page is the importer's error */
    inspex_engine_set_options(e, NULL);
    assert_int_equal(inspex_engine_run(e, err), INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_text(err), "give -O follow=true"));
    free(page);
    inspex_options_free(opts);
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* The processors the engine's workers may use. */
static long processors_here(void)
{
    cpu_set_t set;

    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        return CPU_COUNT(&set);
    return sysconf(_SC_NPROCESSORS_ONLN);
}

/* A copy of text without the lines that hold needle. */
static char *drop_lines(const char *text, const char *needle)
{
    char *out = malloc(strlen(text) + 1), *o = out;

    assert_non_null(out);
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);
        char line[2048];
        snprintf(line, sizeof(line), "%.*s", (int)n, text);
        if (strstr(line, needle) == NULL) {
            memcpy(o, text, n);
            o += n;
        }
        text += n;
    }
    *o = '\0';
    return out;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of text in place. */
static void sort_lines(char *text)
{
    char *lines[512], *copy = strdup(text), *save = NULL;
    size_t n = 0, used = 0, size = strlen(text) + 1;

    assert_non_null(copy);
    for (char *l = strtok_r(copy, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        assert_true(n < 512);
        lines[n++] = l;
    }
    qsort(lines, n, sizeof(lines[0]), by_text);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, size - used, "%s\n", lines[i]);
    free(copy);
}

/* ---- documents imported on workers (INSPEX_CAP_THREADS) -------------- */

#define NPAGES 24
static pthread_t main_thread;
static int read_on_main[NPAGES + 1];

/* A page "N DELAY_MS VERB [URL]": sleeps DELAY_MS, notes and warns, and
 * gives "page N", which VERB "follow" follows URL with, "merge" merges
 * with the document at URL, "bad" fails instead of and "late" makes
 * fail its checks; then warns again. An attachment (N 90) gives a
 * region to merge, and a name that disagrees. */
static inspex_status_t paged_import(inspex_import_t *ctx, inspex_error_t *err)
{
    char *text = NULL, *end, verb[16] = "", url[400] = "", name[32];
    size_t len;
    int n, delay;
    inspex_inspection_t *insp;
    inspex_status_t st = inspex_reader_read_all(inspex_import_reader(ctx), 4096,
                                                &text, &len, err);

    if (st != INSPEX_OK)
        return st;
    n = (int)strtol(text, &end, 10);
    if (end == text)
        n = -1;
    delay = (int)strtol(end, &end, 10);
    while (*end == ' ')
        end++;
    len = strcspn(end, " \n");
    snprintf(verb, sizeof(verb), "%.*s", (int)len, end);
    end += len;
    while (*end == ' ')
        end++;
    snprintf(url, sizeof(url), "%.*s", (int)strcspn(end, "\n"), end);
    free(text);
    if (n < 0 || (n > NPAGES && n != 90))
        return inspex_error_set(err, INSPEX_ERR_INVALID, "not a page");
    if (n <= NPAGES)
        read_on_main[n] = pthread_equal(pthread_self(), main_thread);
    usleep((useconds_t)delay * 1000);
    inspex_import_note(ctx, 0, 0, "page %d noted", n);
    inspex_import_warn(ctx, 0, 0, "page %d read", n);
    if (strcmp(verb, "follow") == 0 &&
        (st = inspex_import_follow_ex(ctx, url, 0, err)) != INSPEX_OK)
        return st;
    if (strcmp(verb, "bad") == 0)
        return inspex_error_set(err, INSPEX_ERR_INVALID, "page %d is bad", n);
    if ((insp = inspex_inspection_new()) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    snprintf(name, sizeof(name), "page %d", n);
    if ((st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, name, 0,
                                    err)) != INSPEX_OK ||
        (st = inspex_inspection_set(insp, INSPEX_FIELD_FRAMEWORK,
                                    "hmip-youth-2018", 0, err)) != INSPEX_OK ||
        (st = inspex_inspection_set(insp, INSPEX_FIELD_PUBLISHED, "2020-06-04",
                                    0, err)) != INSPEX_OK ||
        (n == 90 &&
         (st = inspex_inspection_set(insp, INSPEX_FIELD_REGION, "Attached", 0,
                                     err)) != INSPEX_OK) ||
        (strcmp(verb, "late") == 0 &&
         (st = inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_END,
                                     "2020-07-05", 0, err)) != INSPEX_OK)) {
        inspex_inspection_free(insp);
        return st;
    }
    st = strcmp(verb, "merge") == 0
             ? inspex_import_emit_merged(ctx, insp, url, err)
             : inspex_import_emit(ctx, insp, NULL, 0, err);
    if (st == INSPEX_OK)
        inspex_import_warn(ctx, 0, 0, "page %d given", n);
    return st;
}

static int paged_probe(const unsigned char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}

static const char *const paged_threads_ext[] = {"pgt", NULL};
static const char *const paged_serial_ext[] = {"pgs", NULL};

static const inspex_plugin_t paged_threads = {
    INSPEX_PLUGIN_HEAD,
    .name = "paged-threads",
    .description = "test: pages, imported on workers",
    .extensions = paged_threads_ext,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_FETCH | INSPEX_CAP_THREADS,
    .probe = paged_probe,
    .import = paged_import,
};

static const inspex_plugin_t paged_serial = {
    INSPEX_PLUGIN_HEAD,
    .name = "paged-serial",
    .description = "test: pages, imported on the fetching thread",
    .extensions = paged_serial_ext,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_FETCH,
    .probe = paged_probe,
    .import = paged_import,
};

static void paged_register(void)
{
    inspex_error_t *err = inspex_error_new();

    main_thread = pthread_self();
    if (inspex_registry_find(test_registry, "paged-threads") == NULL) {
        assert_int_equal(inspex_registry_add(test_registry, &paged_threads,
                                             "test", err),
                         INSPEX_OK);
        assert_int_equal(inspex_registry_add(test_registry, &paged_serial,
                                             "test", err),
                         INSPEX_OK);
    }
    inspex_error_free(err);
}

/* Writes the pages p00..pNPAGES.pgt into dir/sub: page 0 follows page
 * NPAGES, page 1 merges with att.pgt, page `bad` (when not 0) fails and
 * page `late` (when not 0) fails its checks; the later pages are read
 * sooner. */
static void paged_files(const char *sub, int bad, int late)
{
    char path[700], text[900];

    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    mkdir(path, 0700);
    for (int i = 0; i <= NPAGES; i++) {
        int delay = NPAGES - i;
        snprintf(path, sizeof(path), "%s/%s/p%02d.pgt", dir, sub, i);
        if (i == 0)
            snprintf(text, sizeof(text), "0 %d follow file://%s/%s/p%02d.pgt\n",
                     delay, dir, sub, NPAGES);
        else if (i == 1)
            snprintf(text, sizeof(text), "1 %d merge file://%s/%s/att.pgt\n",
                     delay, dir, sub);
        else
            snprintf(text, sizeof(text), "%d %d %s\n", i, delay,
                     i == bad    ? "bad"
                     : i == late ? "late"
                                 : "-");
        write_file(path, text);
    }
    snprintf(path, sizeof(path), "%s/%s/att.pgt", dir, sub);
    write_file(path, "90 30 -\n");
}

/* NPAGES file: URLs fetched (page 5 failing), with the importer that
 * says INSPEX_CAP_THREADS and the one that does not, each also on one
 * thread (INSPEX_ENGINE_ONE_THREAD): the records are written in input
 * order, the follow after them, page 1 merged with its attachment; every
 * page's messages together and in their order, the failure said; the
 * same output and messages each way (the fetches' own notes aside, whose
 * order follows the transfers); some pages read off the calling thread
 * (given two processors) only by the importer that says it may be. */
static void test_fetch_workers(void **state)
{
    static const char *const from[] = {"paged-threads", "paged-serial"};
    inspex_error_t *err = inspex_error_new();
    char url[700], text[800], *first_out = NULL, *first_msgs = NULL;

    (void)state;
    paged_register();
    paged_files("fetched", 5, 0);
    for (size_t k = 0; k < 4; k++) {
        said_t s;
        inspex_engine_t *e = engine(&s);
        char *out, *mine;
        const char *at = NULL;
        int off = 0;

        memset(read_on_main, 0, sizeof(read_on_main));
        for (int i = 0; i < NPAGES; i++) {
            snprintf(url, sizeof(url), "file://%s/fetched/p%02d.pgt", dir, i);
            assert_int_equal(inspex_engine_add_input(e, url, err), INSPEX_OK);
        }
        inspex_engine_set_from(e, from[k % 2], err);
        inspex_engine_set_flags(e, INSPEX_ENGINE_NOTES |
                                       (k >= 2 ? INSPEX_ENGINE_ONE_THREAD : 0));
        inspex_engine_set_output(e, tmp("paged.ndjson"), err);
        assert_int_not_equal(inspex_engine_run(e, err), INSPEX_OK);
        assert_int_equal(inspex_engine_fetched(e), NPAGES + 1);
        assert_int_equal(inspex_engine_failed(e), 1);
        assert_int_equal(inspex_engine_written(e), NPAGES);
        out = slurp(tmp("paged.ndjson"), NULL);
        assert_non_null(out);
        assert_int_equal(count_lines(out), NPAGES);
        for (int i = 0; i <= NPAGES; i++) {
            const char *here;
            char *read, *given;
            snprintf(text, sizeof(text), "\"body_name\":\"page %d\"", i);
            here = strstr(out, text);
            if (i == 5) {
                assert_null(here);
                continue;
            }
            assert_non_null(here);
            assert_true(at == NULL || here > at); /* in input order */
            at = here;
            /* a page's messages together, in the order it gave them */
            snprintf(text, sizeof(text), "p%02d.pgt: page %d noted\n", i, i);
            read = strstr(s.messages, text);
            assert_non_null(read);
            snprintf(text, sizeof(text), "p%02d.pgt: warning: page %d read\n",
                     i, i);
            {
                /* on the line after the note */
                const char *nl = strchr(read, '\n') + 1;
                const char *w = strstr(s.messages, text);
                assert_true(w > nl && w < strchr(nl, '\n'));
            }
            snprintf(text, sizeof(text), "p%02d.pgt: warning: page %d given\n",
                     i, i);
            given = strstr(s.messages, text);
            assert_non_null(given);
            assert_true(given > read);
            off += !read_on_main[i];
        }
        /* the attachment's region merged into page 1, its name a warning */
        assert_non_null(strstr(out, "\"page 1\",\"region\":\"Attached\""));
        assert_non_null(strstr(s.messages, "disagree on body_name: \"page "
                                           "1\" and \"page 90\""));
        assert_non_null(strstr(s.messages, "page 5 is bad"));
        assert_int_equal(s.errors, 1);
        if (k == 0 && processors_here() >= 2)
            assert_true(off > 0);
        if (k > 0)
            assert_int_equal(off, 0);
        /* the same lines, but for the notes about the transfers (whose
         * order, as the pages', follows them) */
        mine = drop_lines(s.messages, " bytes, 1 attempt");
        sort_lines(mine);
        if (first_out == NULL) {
            first_out = out;
            first_msgs = mine;
        } else {
            assert_string_equal(out, first_out);
            assert_string_equal(mine, first_msgs);
            free(out);
            free(mine);
        }
        inspex_engine_free(e);
    }
    free(first_out);
    free(first_msgs);
    inspex_error_free(err);
}

/* One run of paged-threads over the local files p00..p(n-1) of dir/sub,
 * with flags; its messages in s, its output's bytes (or NULL) returned. */
static char *paged_local(const char *sub, int n, unsigned flags, said_t *s,
                         inspex_status_t *st, char *errtext, size_t size)
{
    inspex_engine_t *e = engine(s);
    inspex_error_t *err = inspex_error_new();
    char path[700];
    char *out;

    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s/p%02d.pgt", dir, sub, i);
        assert_int_equal(inspex_engine_add_input(e, path, err), INSPEX_OK);
    }
    inspex_engine_set_flags(e, flags);
    inspex_engine_set_output(e, tmp("local.ndjson"), err);
    unlink(tmp("local.ndjson"));
    *st = inspex_engine_run(e, err);
    snprintf(errtext, size, "%s", inspex_error_text(err));
    out = exists(tmp("local.ndjson")) ? slurp(tmp("local.ndjson"), NULL) : NULL;
    inspex_error_free(err);
    inspex_engine_free(e);
    return out;
}

/* Local files whose importer (chosen by their extension) says
 * INSPEX_CAP_THREADS are read on the workers: the same output, messages
 * (notes included) and failure as on one thread
 * (INSPEX_ENGINE_ONE_THREAD), with the later files read sooner, page 0's
 * link fetched right after it, and a page that fails, or whose record
 * fails its checks, stopping the run in its turn after the messages of
 * the pages before it and none of those after. */
static void test_local_workers(void **state)
{
    static const char *const sub[] = {"local", "local-bad", "local-late"};

    (void)state;
    paged_register();
    for (int v = 0; v < 3; v++) {
        said_t one, many;
        inspex_status_t st1, st2;
        char e1[512], e2[512], *o1, *o2;
        int off = 0;

        paged_files(sub[v], v == 1 ? 9 : 0, v == 2 ? 7 : 0);
        o1 = paged_local(sub[v], NPAGES,
                         INSPEX_ENGINE_ONE_THREAD | INSPEX_ENGINE_NOTES, &one,
                         &st1, e1, sizeof(e1));
        memset(read_on_main, 0, sizeof(read_on_main));
        o2 = paged_local(sub[v], NPAGES, INSPEX_ENGINE_NOTES, &many, &st2, e2,
                         sizeof(e2));
        for (int i = 1; i < NPAGES; i++)
            off += !read_on_main[i];
        assert_int_equal(st1, st2);
        assert_string_equal(e1, e2);
        {
            /* the same but for when the writer thread says a record's
             * check warnings: after the importer's next messages */
            char *a = drop_lines(one.messages, "counted standards"),
                 *b = drop_lines(many.messages, "counted standards");
            if (v == 2) {
                /* as with a writer thread, the import does not learn that
                 * page 7's record failed its checks, and goes on */
                char *c = drop_lines(b, "page 7 given");
                free(b);
                b = c;
            }
            assert_string_equal(a, b);
            assert_int_equal(one.warnings + (v == 2), many.warnings);
            free(a);
            free(b);
        }
        if (processors_here() >= 2)
            assert_true(off > 0);
        if (v == 0) {
            assert_int_equal(st2, INSPEX_OK);
            assert_non_null(o1);
            assert_non_null(o2);
            assert_string_equal(o1, o2);
            assert_int_equal(count_lines(o2), NPAGES + 1);
            /* the followed page comes right after the page that asked */
            assert_true(strstr(o2, "\"page 24\"") < strstr(o2, "\"page 1\""));
            assert_true(strstr(o2, "\"page 0\"") < strstr(o2, "\"page 24\""));
        } else {
            const char *last = v == 1 ? "page 8 read" : "page 7 read";
            const char *none = v == 1 ? "page 10 read" : "page 8 read";
            assert_int_equal(st2, INSPEX_ERR_INVALID);
            assert_non_null(
                strstr(e2, v == 1 ? "p09.pgt: page 9 is bad" : "p07.pgt"));
            assert_null(o1);
            assert_null(o2);
            assert_non_null(strstr(many.messages, last));
            assert_null(strstr(many.messages, none));
        }
        free(o1);
        free(o2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_to_file),
        cmocka_unit_test(test_file_to_file),
        cmocka_unit_test(test_failure_leaves_no_output),
        cmocka_unit_test(test_exporter_failure),
        cmocka_unit_test(test_keep_going_rejects),
        cmocka_unit_test(test_keep_going_check),
        cmocka_unit_test(test_shows_checks),
        cmocka_unit_test(test_delivery_paths),
        cmocka_unit_test(test_output_writer),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_listing_follows),
        cmocka_unit_test(test_fetch_workers),
        cmocka_unit_test(test_local_workers),
        cmocka_unit_test(test_records_only_check),
        cmocka_unit_test(test_messages_ex_convert),
        cmocka_unit_test(test_message_wanted),
        cmocka_unit_test(test_ticker),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
