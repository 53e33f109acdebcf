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
    inspex_checker_t *checker;
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

static void on_problem(void *ud, const inspex_problem_t *p)
{
    vstate_t *v = ud;

    if (p->severity == INSPEX_ERROR)
        v->errors++;
    else
        v->warnings++;
    if (v->json) {
        emit_json(v, p->severity == INSPEX_ERROR ? "error" : "warning",
                  p->check, p->message, p->source, p->line, p->body,
                  p->published);
    } else {
        char *text = cli_problem_text(p);
        if (text)
            cli_printf(v->cli, "%s [%s]\n", text, p->check);
        free(text);
    }
}

/* A warning from an importer (an unmapped column, say). */
static void on_warning(void *ud, const char *text)
{
    vstate_t *v = ud;

    v->warnings++;
    if (v->json)
        emit_json(v, "warning", "import-warning", text, NULL, 0, NULL, NULL);
    else
        cli_printf(v->cli, "%s\n", text);
}

/* A record the importer could not read (under the hood --keep-going is on,
 * so that one bad record does not hide the problems of the rest). */
static void on_reject(void *ud, const char *text)
{
    vstate_t *v = ud;

    v->errors++;
    if (v->json)
        emit_json(v, "error", "invalid-record", text, NULL, 0, NULL, NULL);
    else
        cli_printf(v->cli, "%s [invalid-record]\n", text);
}

static inspex_status_t check_one(void *ud, inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    vstate_t *v = ud;
    int n = inspex_check(v->checker, insp);

    v->inspections++;
    inspex_inspection_free(insp);
    if (n < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    /* Problems nobody can read: stop at the first failed write. */
    return cli_out_failed(v->cli) ? cli_out_error(v->cli, err) : INSPEX_OK;
}

const cli_option_t cli_validate_options[] = {
    {"strict", OPT_STRICT, NULL, "warnings count as errors (exit 1)",
     CLI_SYNOPSIS},
    CLI_OPT_JSON("print the problems as a JSON array"),
    CLI_OPT_FROM,
    CLI_OPT_OPTION,
    CLI_OPT_END,
};

int cmd_validate(cli_t *cli, int argc, char **argv)
{
    const char *from = NULL;
    int c, rc = EXIT_OK, strict = 0;
    vstate_t v;
    cli_import_t ci;
    inspex_options_t *opts = inspex_options_new();
    memset(&v, 0, sizeof(v));
    memset(&ci, 0, sizeof(ci));
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
    if ((rc = cli_load_registry(cli)) != EXIT_OK ||
        (rc = cli_load_frameworks(cli)) != EXIT_OK)
        goto done;
    v.checker = cli_checker(cli, on_problem, &v);
    if (v.checker == NULL) {
        rc = EXIT_IO;
        goto done;
    }
    ci.from = from;
    ci.options = opts;
    ci.sink = check_one;
    ci.sink_userdata = &v;
    ci.keep_going = 1;
    ci.warn = on_warning;
    ci.warn_userdata = &v;
    ci.reject = on_reject;
    ci.reject_userdata = &v;
    rc = cli_import_all(cli, argv + optind, argc - optind, &ci);
    if (v.json)
        cli_printf(cli, "%s]\n", v.printed ? "\n" : "[");
    /* The problems out before the summary, or the summary not at all. */
    rc = cli_out_flush(cli, rc);
    if (rc == EXIT_OK) {
        if (!cli->quiet)
            fprintf(stderr,
                    "inspex: %lu inspection%s checked: %lu error%s, %lu "
                    "warning%s\n",
                    v.inspections, v.inspections == 1 ? "" : "s", v.errors,
                    v.errors == 1 ? "" : "s", v.warnings,
                    v.warnings == 1 ? "" : "s");
        if (v.errors || (strict && v.warnings))
            rc = EXIT_INVALID;
    }
done:
    inspex_checker_free(v.checker);
    inspex_options_free(opts);
    return rc;
}
