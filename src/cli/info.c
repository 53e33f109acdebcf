/* SPDX-License-Identifier: MIT */
/* info.c - `inspex info`: what the inputs hold, counted. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

/* A small tally of labels, in order of first appearance. */
typedef struct tally {
    char **label;
    unsigned long *count;
    size_t n, cap;
} tally_t;

static int tally_add(tally_t *t, const char *label)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->label[i], label) == 0) {
            t->count[i]++;
            return 0;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        char **l = realloc(t->label, cap * sizeof(*l));
        if (l == NULL)
            return -1;
        t->label = l;
        unsigned long *c = realloc(t->count, cap * sizeof(*c));
        if (c == NULL)
            return -1;
        t->count = c;
        t->cap = cap;
    }
    t->label[t->n] = strdup(label);
    if (t->label[t->n] == NULL)
        return -1;
    t->count[t->n++] = 1;
    return 0;
}

static void tally_print(cli_t *cli, const char *title, const tally_t *t)
{
    cli_printf(cli, "%s:\n", title);
    if (t->n == 0)
        cli_printf(cli, "  (none)\n");
    for (size_t i = 0; i < t->n; i++)
        cli_printf(cli, "  %-24s %lu\n", t->label[i], t->count[i]);
}

static void tally_free(tally_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->label[i]);
    free(t->label);
    free(t->count);
}

typedef struct counts {
    cli_t *cli;
    cli_msgs_t *ms;
    unsigned long inspections, errors, warnings;
    tally_t frameworks, overall, standards;
} counts_t;

static inspex_status_t count(void *ud, const inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    counts_t *c = ud;
    const char *v;
    int bad = 0;

    c->inspections++;
    v = inspex_inspection_get(insp, INSPEX_FIELD_FRAMEWORK);
    bad |= tally_add(&c->frameworks, v ? v : "(unknown)");
    v = inspex_inspection_get(insp, INSPEX_FIELD_OVERALL_RATING);
    bad |= tally_add(&c->overall, v ? v : "(none)");
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        v = inspex_judgement_rating(inspex_inspection_judgement(insp, i));
        if (v)
            bad |= tally_add(&c->standards, v);
    }
    return bad ? inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory")
               : INSPEX_OK;
}

/* What the importers say is shown; what the checks find is validate's to
 * list, and only counted here. */
static void on_message(void *ud, const inspex_engine_msg_t *m)
{
    counts_t *c = ud;

    if (m->problem) {
        if (m->level == INSPEX_MSG_ERROR)
            c->errors++;
        else
            c->warnings++;
        return;
    }
    cli_msgs_take(c->ms, m);
}

/* A check's warning is only counted: its text is never made. */
static int wanted(void *ud, const inspex_engine_msg_t *m)
{
    counts_t *c = ud;

    c->warnings++;
    (void)m;
    return 0;
}

static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    counts_t *c = ud;

    (void)raw;
    (void)len;
    cli_msgs_say(c->ms, INSPEX_MSG_ERROR, "invalid-record", reason);
}

static json_t *tally_json(const tally_t *t)
{
    json_t *o = json_object();

    for (size_t i = 0; o && i < t->n; i++)
        json_object_set_new(o, t->label[i],
                            json_integer((json_int_t)t->count[i]));
    return o;
}

static int print_json(cli_t *cli, const counts_t *c, unsigned long unread)
{
    json_t *o = json_pack("{s:I,s:I,s:o,s:o,s:o,s:{s:I,s:I}}", "inspections",
                          (json_int_t)c->inspections, "unreadable",
                          (json_int_t)unread, "frameworks",
                          tally_json(&c->frameworks), "overall_ratings",
                          tally_json(&c->overall), "standard_ratings",
                          tally_json(&c->standards), "problems", "errors",
                          (json_int_t)c->errors, "warnings",
                          (json_int_t)c->warnings);
    char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;

    json_decref(o);
    if (text == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    cli_printf(cli, "%s\n", text);
    free(text);
    return EXIT_OK;
}

static void print_text(cli_t *cli, const counts_t *c, unsigned long unread)
{
    cli_printf(cli, "inspections: %lu\n", c->inspections);
    if (unread)
        cli_printf(cli, "records that could not be read: %lu\n", unread);
    tally_print(cli, "frameworks", &c->frameworks);
    tally_print(cli, "overall ratings", &c->overall);
    tally_print(cli, "standard ratings", &c->standards);
    if (c->errors || c->warnings)
        cli_printf(cli,
                   "problems: %lu error%s, %lu warning%s (inspex validate "
                   "lists them)\n",
                   c->errors, c->errors == 1 ? "" : "s", c->warnings,
                   c->warnings == 1 ? "" : "s");
}

const cli_option_t cli_info_options[] = {
    CLI_OPT_JSON("print the counts as a JSON object"),
    CLI_OPT_FROM,
    CLI_OPT_OPTION,
    {"keep-going", OPT_KEEP_GOING, NULL,
     "accepted for convert's sake: info always reads every record", 0},
    CLI_OPT_END,
};

static int run(cli_t *cli, counts_t *c, char **inputs, size_t n,
               const char *from, const inspex_options_t *opts, int json)
{
    inspex_engine_t *e;
    inspex_status_t st;
    unsigned long unread;
    int rc;

    if ((c->ms = cli_msgs_new(cli, 0)) == NULL)
        return EXIT_IO;
    if ((e = cli_engine(cli, inputs, n, from, opts, c->ms, &rc)) == NULL)
        return rc;
    inspex_engine_set_message_ex(e, on_message, c);
    inspex_engine_set_message_wanted(e, wanted, c);
    inspex_engine_set_reject(e, on_reject, c);
    inspex_engine_set_records(e, count, c);
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING |
                                   INSPEX_ENGINE_RECORDS_ASIDE |
                                   (cli->verbose ? INSPEX_ENGINE_NOTES : 0));
    st = inspex_engine_run(e, cli->err);
    unread = inspex_engine_rejected(e);
    cli_msgs_finish(c->ms, inspex_engine_records(e));
    inspex_engine_free(e);
    /* unreadable records, each said, are counted; anything else stops */
    if (st != INSPEX_OK && !(st == INSPEX_ERR_INVALID && unread)) {
        cli_report(cli);
        return cli_exit_status(st);
    }
    if (json)
        rc = print_json(cli, c, unread);
    else
        print_text(cli, c, unread);
    return rc == EXIT_OK && unread ? EXIT_INVALID : rc;
}

int cmd_info(cli_t *cli, int argc, char **argv)
{
    const char *from = NULL;
    counts_t counts;
    inspex_options_t *opts = inspex_options_new();
    int c, rc = EXIT_OK, json = 0;

    memset(&counts, 0, sizeof(counts));
    counts.cli = cli;
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
        case OPT_JSON: json = 1; break;
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (optind == argc) {
        cli_error("info: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    rc = run(cli, &counts, argv + optind, (size_t)(argc - optind), from, opts,
             json);
done:
    cli_msgs_free(counts.ms);
    tally_free(&counts.frameworks);
    tally_free(&counts.overall);
    tally_free(&counts.standards);
    inspex_options_free(opts);
    return rc;
}
