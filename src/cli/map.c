/* SPDX-License-Identifier: MIT */
/* map.c - `inspex map`: how each column (or key) of the inputs was read,
 * and why, as the header plan decided it (inspex_plan_describe), with a
 * hint on mapping what it could not settle. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct mstate {
    cli_t *cli;
    unsigned long extra, ambiguous;
    char example[160]; /* "\"assessment\": \"2.1\"", the first ambiguous */
} mstate_t;

/* "SOURCE:LINE:COL: column 1 ..." -> "column 1 ...": the plan's own
 * lines, without the location every one of them has. */
static const char *without_location(const char *text)
{
    const char *p = strstr(text, ": column ");

    if (p == NULL)
        p = strstr(text, ": key ");
    if (p == NULL)
        p = strstr(text, ": header plan: ");
    return p ? p + 2 : text;
}

/* Notes the first ambiguous column as an example for the hint, from the
 * plan's line: column 10 "assessment" -> extra (ambiguous: could be
 * standard 2.1, 3.1; ...). */
static void remember_example(mstate_t *s, const char *line)
{
    const char *q = strchr(line, '"'), *e, *c;
    size_t clen;

    if (s->example[0] || q == NULL || (e = strchr(q + 1, '"')) == NULL ||
        (c = strstr(e, "could be standard ")) == NULL)
        return;
    c += strlen("could be standard ");
    clen = strcspn(c, ",;) ");
    snprintf(s->example, sizeof(s->example), "%.*s: \"%.*s\"", (int)(e - q + 1),
             q, (int)clen, c);
}

static void on_message(void *ud, const inspex_engine_msg_t *m)
{
    mstate_t *s = ud;
    const char *line;

    if (strcmp(m->code, "import-note") == 0) {
        line = without_location(m->text);
        if (strncmp(line, "column ", 7) != 0 && strncmp(line, "key ", 4) != 0 &&
            strncmp(line, "header plan: ", 13) != 0)
            return;
        cli_printf(s->cli, "  %s\n", line);
        if (strstr(line, " -> extra (") == NULL)
            return;
        s->extra++;
        if (strstr(line, "(ambiguous:") != NULL) {
            s->ambiguous++;
            remember_example(s, line);
        }
    } else if (m->level == INSPEX_MSG_NOTE &&
               strncmp(m->text, "reading ", 8) == 0) {
        cli_printf(s->cli, "%s:\n", m->text + 8);
    }
}

/* What the checks find is not map's to show: never formatted. */
static int unwanted(void *ud, const inspex_engine_msg_t *m)
{
    (void)ud;
    (void)m;
    return 0;
}

static inspex_status_t ignore(void *ud, const inspex_inspection_t *insp,
                              inspex_error_t *err)
{
    mstate_t *s = ud;

    (void)insp;
    return cli_out_failed(s->cli) ? cli_out_error(s->cli, err) : INSPEX_OK;
}

const cli_option_t cli_map_options[] = {
    CLI_OPT_FROM,
    CLI_OPT_OPTION,
    CLI_OPT_END,
};

static void hint(const mstate_t *s)
{
    if (s->extra == 0)
        return;
    cli_printf(s->cli,
               "hint: %lu column%s kept in extra (%lu ambiguous); to read "
               "one as a field or a standard, write a map file, a JSON "
               "object from column names to field names or standard codes "
               "(%s%s%s), and give it with -O map=FILE; see MAP FILES in "
               "inspex(1)\n",
               s->extra, s->extra == 1 ? "" : "s", s->ambiguous, "{",
               s->example[0] ? s->example : "\"yot_name\": \"body_name\"", "}");
}

int cmd_map(cli_t *cli, int argc, char **argv)
{
    const char *from = NULL;
    int c, rc = EXIT_OK;
    mstate_t s;
    inspex_engine_t *e = NULL;
    inspex_options_t *opts = inspex_options_new();
    inspex_status_t st;

    memset(&s, 0, sizeof(s));
    s.cli = cli;
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
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (optind == argc) {
        cli_error("map: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    e = cli_engine(cli, argv + optind, (size_t)(argc - optind), from, opts,
                   NULL, &rc);
    if (e == NULL)
        goto done;
    inspex_engine_set_message_ex(e, on_message, &s);
    inspex_engine_set_message_wanted(e, unwanted, NULL);
    inspex_engine_set_records(e, ignore, &s);
    inspex_engine_set_reject(e, NULL, NULL);
    inspex_engine_set_ticker(e, NULL, NULL);
    inspex_engine_set_progress(e, NULL, NULL);
    /* records that cannot be read do not change the plan */
    inspex_engine_set_flags(e, INSPEX_ENGINE_KEEP_GOING | INSPEX_ENGINE_NOTES);
    st = inspex_engine_run(e, cli->err);
    if (st == INSPEX_ERR_INVALID && inspex_engine_rejected(e))
        st = INSPEX_OK;
    hint(&s);
    rc = cli_out_flush(cli, cli_exit_status(st));
    if (st != INSPEX_OK && rc != EXIT_IO)
        cli_report(cli);
done:
    inspex_engine_free(e);
    inspex_options_free(opts);
    return rc;
}
