/* common.c - registry loading, messages and input opening for every
 * sub-command. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_common_option(cli_t *cli, int c, const char *arg)
{
    switch (c) {
    case OPT_PLUGIN_DIR: {
        const char **d = realloc(cli->plugin_dirs,
                                 (cli->nplugin_dirs + 1) * sizeof(*d));
        if (d == NULL)
            return 1;
        d[cli->nplugin_dirs++] = arg;
        cli->plugin_dirs = d;
        return 1;
    }
    case 'v':
        cli->verbose = 1;
        return 1;
    case 'q':
        cli->quiet = 1;
        return 1;
    }
    return 0;
}

int cli_plugin_option(cli_t *cli, inspex_options_t *opts, const char *arg)
{
    if (inspex_options_add(opts, arg, cli->err) != INSPEX_OK) {
        cli_report(cli);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("inspex: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_report(cli_t *cli)
{
    fprintf(stderr, "inspex: %s\n", inspex_error_text(cli->err));
}

void cli_note(cli_t *cli, const char *fmt, ...)
{
    va_list ap;

    if (!cli->verbose)
        return;
    fputs("inspex: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warn(void *ud, const char *text)
{
    cli_t *cli = ud;

    if (!cli->quiet)
        fprintf(stderr, "inspex: %s\n", text);
}

/* An importer's notes, asked for with -v. */
static void cli_import_note(void *ud, const char *text)
{
    (void)ud;
    fprintf(stderr, "inspex: %s\n", text);
}

void cli_reject(void *ud, const char *text)
{
    (void)ud;
    fprintf(stderr, "inspex: %s\n", text);
}

int cli_exit_status(inspex_status_t st)
{
    switch (st) {
    case INSPEX_OK:
    case INSPEX_ERR_STOP:
        return EXIT_OK;
    case INSPEX_ERR_SYNTAX:
    case INSPEX_ERR_INVALID:
    case INSPEX_ERR_ENCODING:
        return EXIT_INVALID;
    case INSPEX_ERR_USAGE:
        return EXIT_USAGE;
    case INSPEX_ERR_PLUGIN:
        return EXIT_PLUGIN;
    case INSPEX_ERR_NOMEM:
    case INSPEX_ERR_IO:
    case INSPEX_ERR_NETWORK:
        return EXIT_IO;
    }
    return EXIT_IO;
}

int cli_load_registry(cli_t *cli)
{
    inspex_status_t st;

    cli->reg = inspex_registry_new();
    if (cli->reg == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    inspex_registry_set_warning(cli->reg, cli_warn, cli);
    st = inspex_registry_load_default(cli->reg, cli->plugin_dirs,
                                      cli->nplugin_dirs, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_open_input(cli_t *cli, const char *spec, const char *from,
                   inspex_reader_t **r, const inspex_plugin_t **importer)
{
    char why[160];
    inspex_status_t st;
    const unsigned char *head = NULL;
    size_t len = 0;

    *r = NULL;
    *importer = NULL;
    /* A name or an extension decides before anything is read. */
    {
        st = inspex_registry_choose(cli->reg, INSPEX_CAP_IMPORT, from,
                                    strcmp(spec, "-") ? spec : NULL, NULL, 0,
                                    importer, why, sizeof(why), cli->err);
        if (st != INSPEX_OK && (from || st != INSPEX_ERR_USAGE)) {
            cli_report(cli);
            return cli_exit_status(st);
        }
    }
    st = inspex_reader_open(spec, NULL, r, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        return cli_exit_status(st);
    }
    if (*importer == NULL) {
        st = inspex_reader_peek(*r, 4096, &head, &len, cli->err);
        if (st == INSPEX_OK)
            st = inspex_registry_choose(cli->reg, INSPEX_CAP_IMPORT, NULL,
                                        inspex_reader_name(*r), head, len,
                                        importer, why, sizeof(why), cli->err);
        if (st != INSPEX_OK) {
            cli_report(cli);
            inspex_reader_free(*r);
            *r = NULL;
            return cli_exit_status(st);
        }
    }
    cli_note(cli, "reading %s as %s (chosen %s%s)", inspex_reader_name(*r),
             (*importer)->name, why,
             inspex_reader_is_gzip(*r) ? "; gzip-compressed" : "");
    return EXIT_OK;
}

/* Lets the sink finish what it holds; reports its failure, if any. */
static int settled(cli_t *cli, cli_import_t *ci)
{
    inspex_error_t *e;
    inspex_status_t st;

    if (ci->settle == NULL)
        return EXIT_OK;
    if ((e = inspex_error_new()) == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    st = ci->settle(ci->sink_userdata, e);
    if (st != INSPEX_OK)
        fprintf(stderr, "inspex: %s\n", inspex_error_text(e));
    inspex_error_free(e);
    return cli_exit_status(st);
}

int cli_import_all(cli_t *cli, char **inputs, int n, cli_import_t *ci)
{
    int ready = 0, rc;

    for (int i = 0; i < n; i++) {
        inspex_reader_t *r;
        const inspex_plugin_t *importer;
        inspex_import_params_t p;
        inspex_status_t st;

        if (i > 0 && (rc = settled(cli, ci)) != EXIT_OK)
            return rc;
        rc = cli_open_input(cli, inputs[i], ci->from, &r, &importer);
        if (rc != EXIT_OK)
            return rc;
        st = inspex_options_check(ci->options, importer, ci->exporter,
                                  cli->err);
        if (st != INSPEX_OK) {
            cli_report(cli);
            inspex_reader_free(r);
            return cli_exit_status(st);
        }
        ci->importer = importer;
        if (!ready && ci->ready && (rc = ci->ready(cli, ci->sink_userdata))) {
            inspex_reader_free(r);
            return rc;
        }
        ready = 1;
        memset(&p, 0, sizeof(p));
        p.plugin = importer;
        p.reader = r;
        p.options = ci->options;
        p.sink = ci->sink;
        p.sink_userdata = ci->sink_userdata;
        p.keep_going = ci->keep_going;
        p.rejects = ci->rejects;
        p.frameworks = cli->frameworks;
        p.warn = ci->warn ? ci->warn : cli_warn;
        p.warn_userdata = ci->warn ? ci->warn_userdata : cli;
        p.reject = ci->reject ? ci->reject : cli_reject;
        p.reject_userdata = ci->reject ? ci->reject_userdata : cli;
        p.note = cli->verbose ? cli_import_note : NULL;
        st = inspex_import_run(&p, cli->err);
        inspex_reader_free(r);
        ci->emitted += p.emitted;
        ci->rejected += p.rejected;
        if (st != INSPEX_OK) {
            if ((rc = settled(cli, ci)) != EXIT_OK)
                return rc;
            cli_report(cli);
            return cli_exit_status(st);
        }
    }
    return EXIT_OK;
}

int cli_load_frameworks(cli_t *cli)
{
    inspex_status_t st;

    cli->frameworks = inspex_frameworks_new();
    if (cli->frameworks == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    st = inspex_frameworks_load_default(cli->frameworks, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        return st == INSPEX_ERR_NOMEM ? EXIT_IO : EXIT_USAGE;
    }
    return EXIT_OK;
}

static void note_cb(void *ud, const char *text)
{
    cli_note(ud, "%s", text);
}

inspex_checker_t *cli_checker(cli_t *cli, inspex_problem_fn fn, void *ud)
{
    inspex_checker_t *c = inspex_checker_new(cli->frameworks, fn, ud);

    if (c == NULL) {
        cli_error("out of memory");
        return NULL;
    }
    inspex_checker_set_note(c, note_cb, cli);
    return c;
}

char *cli_problem_text(const inspex_problem_t *p)
{
    char where[1024] = "", what[512] = "";
    size_t n;
    char *out;

    if (p->source && p->line)
        snprintf(where, sizeof(where), "%s:%lu: ", p->source, p->line);
    else if (p->source)
        snprintf(where, sizeof(where), "%s: ", p->source);
    if (p->body[0] || p->published[0])
        snprintf(what, sizeof(what), "%s (%s): ",
                 p->body[0] ? p->body : "(no body name)",
                 p->published[0] ? p->published : "no publication date");
    n = strlen(where) + strlen(what) + strlen(p->message) + 16;
    out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s: %s%s", where,
                 p->severity == INSPEX_ERROR ? "error" : "warning", what,
                 p->message);
    return out;
}
