/* SPDX-License-Identifier: MIT */
/* validate.c - `inspex validate`: every inspection held to its framework,
 * one line per problem. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

typedef struct vstate {
    cli_t *cli;
    cli_msgs_t *ms; /* text: grouped; with --json, the progress line only */
    int json;
    unsigned long errors, warnings, inspections, printed;
} vstate_t;

static void emit_json(vstate_t *v, const char *severity, const char *check,
                      const char *message, const char *source,
                      unsigned long line, const char *body,
                      const char *published)
{
    json_t *o = json_pack("{s:s,s:s,s:s}", "severity", severity, "check", check,
                          "message", message);
    char *text;

    json_object_set_new(o, "source",
                        source ? json_string(source) : json_null());
    json_object_set_new(o, "line",
                        line ? json_integer((json_int_t)line) : json_null());
    json_object_set_new(o, "body",
                        body && *body ? json_string(body) : json_null());
    json_object_set_new(o, "published",
                        published && *published ? json_string(published)
                                                : json_null());
    text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
    cli_printf(v->cli, "%s\n  %s", v->printed ? "," : "[", text ? text : "{}");
    v->printed++;
    free(text);
    json_decref(o);
}

/* --json: every problem, warning from an importer and unreadable record
 * as one object, in the order found; notes on stderr. */
static void on_message(void *ud, const inspex_engine_msg_t *m)
{
    vstate_t *v = ud;
    const inspex_problem_t *p = m->problem;
    const char *severity = m->level == INSPEX_MSG_ERROR ? "error" : "warning";

    if (m->level == INSPEX_MSG_NOTE) {
        fprintf(stderr, "inspex: %s\n", m->text);
        return;
    }
    if (m->level == INSPEX_MSG_ERROR)
        v->errors++;
    else
        v->warnings++;
    cli_msgs_clear_line(v->ms);
    if (p)
        emit_json(v, severity, p->check, p->message, p->source, p->line,
                  p->body, p->published);
    else
        emit_json(v, severity, m->code, m->text, NULL, 0, NULL, NULL);
}

/* A record the importer could not read (the run keeps going, so that one
 * bad record does not hide the problems of the rest). */
static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    vstate_t *v = ud;

    (void)raw;
    (void)len;
    if (!v->json) {
        cli_msgs_say(v->ms, INSPEX_MSG_ERROR, "invalid-record", reason);
    } else {
        v->errors++;
        cli_msgs_clear_line(v->ms);
        emit_json(v, "error", "invalid-record", reason, NULL, 0, NULL, NULL);
    }
}

static inspex_status_t checked(void *ud, const inspex_inspection_t *insp,
                               inspex_error_t *err)
{
    vstate_t *v = ud;

    (void)insp;
    v->inspections++;
    /* Problems nobody can read: stop at the first failed write. */
    return cli_out_failed(v->cli) ? cli_out_error(v->cli, err) : INSPEX_OK;
}

const cli_option_t cli_validate_options[] = {
    {"strict", OPT_STRICT, NULL, "warnings count as errors (exit 1)",
     CLI_SYNOPSIS},
    CLI_OPT_JSON("print the problems as a JSON array"),
    CLI_OPT_FROM,
    CLI_OPT_OPTION,
    {"keep-going", OPT_KEEP_GOING, NULL,
     "accepted for convert's sake: validate always reads every record", 0},
    CLI_OPT_END,
};

/* "inspex: 82 inspections checked, 1 record could not be read: 4
 * errors, 85 warnings". */
static void summary(const vstate_t *v, unsigned long unread)
{
    char also[64] = "";

    if (unread)
        snprintf(also, sizeof(also), ", %lu record%s could not be read", unread,
                 unread == 1 ? "" : "s");
    fprintf(stderr,
            "inspex: %lu inspection%s checked%s: %lu error%s, %lu "
            "warning%s\n",
            v->inspections, v->inspections == 1 ? "" : "s", also, v->errors,
            v->errors == 1 ? "" : "s", v->warnings,
            v->warnings == 1 ? "" : "s");
}

static int run(cli_t *cli, vstate_t *v, char **inputs, size_t n,
               const char *from, const inspex_options_t *opts)
{
    inspex_engine_t *e;
    inspex_status_t st;
    unsigned long unread;
    int rc;

    /* with --json too, for the progress line */
    if ((v->ms = cli_msgs_new(cli, 1)) == NULL)
        return EXIT_IO;
    if ((e = cli_engine(cli, inputs, n, from, opts, v->ms, &rc)) == NULL)
        return rc;
    if (v->json) { /* every problem is listed */
        inspex_engine_set_message_ex(e, on_message, v);
        inspex_engine_set_message_wanted(e, NULL, NULL);
    }
    inspex_engine_set_reject(e, on_reject, v);
    inspex_engine_set_records(e, checked, v);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING |
                                   INSPEX_ENGINE_RECORDS_ASIDE |
                                   (cli->verbose ? INSPEX_ENGINE_NOTES : 0));
    st = inspex_engine_run(e, cli->err);
    unread = inspex_engine_rejected(e);
    /* the unreadable records were each said: their count is the summary's */
    if (st == INSPEX_ERR_INVALID && unread)
        st = INSPEX_OK;
    if (!v->json) {
        cli_msgs_finish(v->ms, inspex_engine_records(e));
        v->errors = cli_msgs_errors(v->ms);
        v->warnings = cli_msgs_warnings(v->ms);
    }
    inspex_engine_free(e);
    cli_msgs_clear_line(v->ms);
    if (v->json)
        cli_printf(cli, "%s]\n", v->printed ? "\n" : "[");
    /* The problems out before the summary, or the summary not at all. */
    rc = cli_out_flush(cli, cli_exit_status(st));
    if (st != INSPEX_OK && rc != EXIT_IO) {
        cli_report(cli);
        return rc;
    }
    if (rc == EXIT_OK && !cli->quiet)
        summary(v, unread);
    return rc;
}

int cmd_validate(cli_t *cli, int argc, char **argv)
{
    const char *from = NULL;
    int c, rc = EXIT_OK, strict = 0;
    vstate_t v;
    inspex_options_t *opts = inspex_options_new();

    memset(&v, 0, sizeof(v));
    v.cli = cli;
    if (opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0) {
        switch (c) {
        case 'f': from = optarg; break;
        case 'O':
            if ((rc = cli_plugin_option(cli, opts, optarg)) != EXIT_OK)
                goto done;
            break;
        case OPT_STRICT: strict = 1; break;
        case OPT_JSON: v.json = 1; break;
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (optind == argc) {
        cli_error("validate: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    rc = run(cli, &v, argv + optind, (size_t)(argc - optind), from, opts);
    if (rc == EXIT_OK && (v.errors || (strict && v.warnings)))
        rc = EXIT_INVALID;
done:
    cli_msgs_free(v.ms);
    inspex_options_free(opts);
    return rc;
}
