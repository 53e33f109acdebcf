/* SPDX-License-Identifier: MIT */
/* run.c - what convert and fetch share: their common options, and the
 * conversion handed to the library's engine with its messages on stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int convert_option(cli_t *cli, convert_args_t *a, int c, const char *arg,
                   int *rc)
{
    *rc = EXIT_OK;
    switch (c) {
    case 'f': a->from = arg; return 1;
    case 't': a->to = arg; return 1;
    case 'o': a->out = arg; return 1;
    case 'O': *rc = cli_plugin_option(cli, a->opts, arg); return 1;
    case OPT_LIMIT:
        if (inspex_limits_parse(&a->limits, arg, cli->err) != INSPEX_OK) {
            cli_error("%s: %s", a->command, inspex_error_message(cli->err));
            *rc = EXIT_USAGE;
        }
        return 1;
    }
    return 0;
}

/* Why each record was rejected, even under -q. */
static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    (void)raw;
    (void)len;
    cli_msgs_say(ud, INSPEX_MSG_ERROR, "invalid-record", reason);
}

/* ---- how many records were bad ------------------------------------------ */

typedef struct recount {
    unsigned long records, bad;
    int this_bad; /* the record being checked has an error */
} recount_t;

static void recount_msg(void *ud, const inspex_engine_msg_t *m)
{
    recount_t *c = ud;

    if (m->problem && m->level == INSPEX_MSG_ERROR)
        c->this_bad = 1;
}

static inspex_status_t recount_record(void *ud, const inspex_inspection_t *insp,
                                      inspex_error_t *err)
{
    recount_t *c = ud;

    (void)insp;
    (void)err;
    c->records++;
    c->bad += (unsigned long)c->this_bad;
    c->this_bad = 0;
    return INSPEX_OK;
}

/* 1 when every input can be read a second time (files, not stdin or
 * URLs). */
static int rereadable(const convert_args_t *a)
{
    if (a->flags & INSPEX_ENGINE_FETCH_ALL)
        return 0;
    for (size_t i = 0; i < a->ninputs; i++)
        if (strcmp(a->inputs[i], "-") == 0 || inspex_is_url(a->inputs[i]))
            return 0;
    return 1;
}

/* What became of the output when bad data stopped the run: none of it
 * was written, or (standard output, which gets it as it is made) part. */
static const char *what_was_written(int partial)
{
    return partial ? "so the output stops short of it (standard output is "
                     "written as the records come)"
                   : "so nothing was written";
}

/* "2 of 300 records are invalid, so nothing was written; ..." */
static void say_bad(unsigned long bad, unsigned long total, int partial)
{
    int one = bad == 1;

    /* one record (or a whole file that failed as one): its error says it */
    if (bad >= total) {
        if (total > 1)
            cli_error("all %lu records are invalid, so nothing was written",
                      total);
        return;
    }
    cli_error("%lu of %lu records %s invalid, %s; "
              "--keep-going writes the other %lu, and --rejects FILE keeps "
              "the invalid %s with %s reason%s",
              bad, total, one ? "is" : "are", what_was_written(partial),
              total - bad, one ? "one" : "ones", one ? "its" : "their",
              one ? "" : "s");
}

/* After bad data stopped a conversion: how many records were bad, counted
 * by reading the inputs again, and how to keep the good ones. */
static void bad_records_hint(cli_t *cli, const convert_args_t *a, int partial)
{
    recount_t c = {0, 0, 0};
    inspex_engine_t *e = inspex_engine_new(cli->reg, cli->frameworks);
    inspex_error_t *err = inspex_error_new();
    inspex_status_t st = e && err ? INSPEX_OK : INSPEX_ERR_NOMEM;
    unsigned long bad;

    if (!rereadable(a))
        st = INSPEX_ERR_USAGE;
    for (size_t i = 0; i < a->ninputs && st == INSPEX_OK; i++)
        st = inspex_engine_add_input(e, a->inputs[i], err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_from(e, a->from, err);
    if (st == INSPEX_OK) {
        inspex_engine_set_options(e, a->opts);
        inspex_engine_set_message_ex(e, recount_msg, &c);
        inspex_engine_set_records(e, recount_record, &c);
        inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING);
        st = inspex_engine_run(e, err);
        if (st == INSPEX_ERR_INVALID && inspex_engine_rejected(e))
            st = INSPEX_OK;
    }
    bad = c.bad + (e ? inspex_engine_rejected(e) : 0);
    /* only when records were the trouble: not a bad map file, an empty
     * input, a header that cannot be read */
    if (st == INSPEX_OK && bad)
        say_bad(bad, c.records + (e ? inspex_engine_rejected(e) : 0), partial);
    else if (!rereadable(a)) /* stdin, a URL: not read again */
        cli_error("%s; --keep-going writes the valid records, and --rejects "
                  "FILE keeps the invalid ones with their reasons",
                  partial ? "the output stops short of the invalid record "
                            "(standard output is written as the records "
                            "come)"
                          : "nothing was written");
    inspex_error_free(err);
    inspex_engine_free(e);
}

/* The engine's settings from the arguments. */
static inspex_status_t configure(cli_t *cli, inspex_engine_t *e,
                                 const convert_args_t *a, cli_msgs_t *ms)
{
    inspex_status_t st = INSPEX_OK;
    unsigned flags = a->flags | INSPEX_ENGINE_TRIM;

    for (size_t i = 0; i < a->ninputs && st == INSPEX_OK; i++)
        st = inspex_engine_add_input(e, a->inputs[i], cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_output(e, a->out, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_from(e, a->from, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_to(e, a->to, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_rejects(e, a->rejects_path, cli->err);
    if (a->keep_going)
        flags |= INSPEX_ENGINE_KEEP_GOING;
    if (cli->verbose)
        flags |= INSPEX_ENGINE_NOTES;
    if (cli->quiet)
        flags |= INSPEX_ENGINE_QUIET; /* warnings not even formatted */
    inspex_engine_set_flags(e, flags);
    inspex_engine_set_options(e, a->opts);
    inspex_engine_set_limits(e, &a->limits);
    inspex_engine_set_fetch_options(e, a->fetch);
    inspex_engine_set_name(e, a->command);
    inspex_engine_set_message_ex(e, cli_msgs_take, ms);
    inspex_engine_set_message_wanted(e, cli_msgs_wanted, ms);
    inspex_engine_set_reject(e, on_reject, ms);
    inspex_engine_set_progress(e, cli_msgs_fetch_progress, ms);
    inspex_engine_set_ticker(e, cli_msgs_progress, ms);
    return st;
}

int cli_convert(cli_t *cli, const convert_args_t *a)
{
    inspex_engine_t *e;
    cli_msgs_t *ms;
    inspex_status_t st;
    int rc;

    if ((rc = cli_load_registry(cli)) != EXIT_OK ||
        (rc = cli_load_frameworks(cli)) != EXIT_OK)
        return rc;
    if ((ms = cli_msgs_new(cli, 0)) == NULL)
        return EXIT_IO;
    if ((e = inspex_engine_new(cli->reg, cli->frameworks)) == NULL) {
        cli_error("out of memory");
        cli_msgs_free(ms);
        return EXIT_IO;
    }
    st = configure(cli, e, a, ms);
    if (st == INSPEX_OK)
        st = inspex_engine_run(e, cli->err);
    if (st != INSPEX_OK)
        cli_report(cli);
    /* a run that stopped early read records it did not check */
    cli_msgs_finish(ms, st == INSPEX_OK || a->keep_going
                            ? inspex_engine_records(e)
                            : 0);
    /* bad data stopped the run: say how many records and what to do */
    /* (a report that shows its failed checks was written: outputs) */
    if (!a->keep_going && inspex_engine_rejected(e) == 0 &&
        inspex_engine_shown(e) == 0 &&
        (st == INSPEX_ERR_INVALID || st == INSPEX_ERR_SYNTAX ||
         st == INSPEX_ERR_ENCODING))
        bad_records_hint(cli, a, inspex_engine_output_partial(e));
    inspex_engine_free(e);
    cli_msgs_free(ms);
    return cli_exit_status(st);
}
