/* SPDX-License-Identifier: MIT */
/* common.c - registry loading, messages and input opening for every
 * sub-command. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

void cli_reject(void *ud, const char *text)
{
    (void)ud;
    fprintf(stderr, "inspex: %s\n", text);
}

int cli_exit_status(inspex_status_t st)
{
#define EXIT_(value, name, message, exit) \
    case INSPEX_##name: return exit;
    switch (st) {
        INSPEX_STATUS_MAP(EXIT_)
    }
#undef EXIT_
    return EXIT_IO;
}

/* Every code's exit status is one of CLI_EXIT_MAP, which --help and
 * inspex(1) document. */
#define EXIT_BIT_(name, value, help) | (1u << value)
enum { DOCUMENTED_EXITS = 0u CLI_EXIT_MAP(EXIT_BIT_) };
#undef EXIT_BIT_
#define EXIT_KNOWN_(value, name, message, exit)   \
    _Static_assert(DOCUMENTED_EXITS >> exit & 1u, \
                   "INSPEX_" #name " exits with an undocumented status");
INSPEX_STATUS_MAP(EXIT_KNOWN_)
#undef EXIT_KNOWN_

/* ---- options ------------------------------------------------------------ */

const cli_option_t cli_common_options[] = {
    {"plugin-dir", OPT_PLUGIN_DIR, "DIR",
     "look for plugins in DIR first (may be repeated)", 0},
    {"verbose", 'v', NULL,
     "say what was chosen and why (formats, the header plan)", 0},
    {"quiet", 'q', NULL, "no warnings", 0},
    {"help", 'h', NULL, "print this help", 0},
    CLI_OPT_END,
};

void cli_free_options(cli_t *cli)
{
    free(cli->longopts);
    free(cli->shortopts);
    cli->longopts = NULL;
    cli->shortopts = NULL;
    cli->parsing = NULL;
}

static size_t option_count(const cli_option_t *o)
{
    size_t n = 0;

    while (o && o[n].name)
        n++;
    return n;
}

/* Makes getopt_long's tables for the running command, once; a name or
 * a key declared twice is a mistake in the tables, said here. */
static int make_options(cli_t *cli)
{
    const cli_option_t *lists[2] = {cli->command->options, cli_common_options};
    size_t n = option_count(lists[0]) + option_count(lists[1]), k = 0;
    char *s;

    cli_free_options(cli);
    cli->longopts = calloc(n + 1, sizeof(*cli->longopts));
    cli->shortopts = malloc(2 * n + 1);
    if (cli->longopts == NULL || cli->shortopts == NULL) {
        cli_error("out of memory");
        cli_free_options(cli);
        return EXIT_IO;
    }
    s = cli->shortopts;
    for (size_t l = 0; l < 2; l++)
        for (const cli_option_t *o = lists[l]; o && o->name; o++) {
            for (size_t j = 0; j < k; j++)
                if (strcmp(cli->longopts[j].name, o->name) == 0 ||
                    cli->longopts[j].val == o->key) {
                    cli_error("%s: option --%s declared twice",
                              cli->command->name, o->name);
                    cli_free_options(cli);
                    return EXIT_USAGE;
                }
            cli->longopts[k].name = o->name;
            cli->longopts[k].has_arg = o->arg ? required_argument : no_argument;
            cli->longopts[k].flag = NULL;
            cli->longopts[k++].val = o->key;
            if (o->key < 256) {
                *s++ = (char)o->key;
                if (o->arg)
                    *s++ = ':';
            }
        }
    *s = '\0';
    cli->parsing = cli->command;
    optind = 1;
    return EXIT_OK;
}

int cli_getopt(cli_t *cli, int argc, char **argv, int *rc)
{
    int c;

    if (cli->parsing != cli->command && (*rc = make_options(cli)) != EXIT_OK)
        return CLI_STOP;
    while ((c = getopt_long(argc, argv, cli->shortopts, cli->longopts, NULL)) !=
           -1) {
        switch (c) {
        case OPT_PLUGIN_DIR: {
            const char **d = realloc(cli->plugin_dirs,
                                     (cli->nplugin_dirs + 1) * sizeof(*d));
            if (d == NULL) {
                cli_error("out of memory");
                *rc = EXIT_IO;
                return CLI_STOP;
            }
            d[cli->nplugin_dirs++] = optarg;
            cli->plugin_dirs = d;
            break;
        }
        case 'v': cli->verbose = 1; break;
        case 'q': cli->quiet = 1; break;
        case 'h':
            cli_usage(cli, stdout, 1);
            *rc = EXIT_OK;
            return CLI_STOP;
        case '?':
        case ':':
            /* getopt_long has said what was wrong. */
            cli_usage(cli, stderr, 0);
            *rc = EXIT_USAGE;
            return CLI_STOP;
        default: return c;
        }
    }
    return 0;
}

/* "[-f FMT]", "[--strict]", "[-O key=value]...": an option in a usage
 * line. */
static int synopsis_item(const cli_option_t *o, char *buf, size_t size)
{
    char flag[64];

    if (o->key < 256)
        snprintf(flag, sizeof(flag), "-%c", o->key);
    else
        snprintf(flag, sizeof(flag), "--%s", o->name);
    return snprintf(buf, size, "[%s%s%s]%s", flag, o->arg ? " " : "",
                    o->arg ? o->arg : "", o->flags & CLI_REPEAT ? "..." : "");
}

/* Prints text at column col, a "\n" in it starting another line there. */
static void print_indented(FILE *f, const char *text, int col)
{
    for (const char *nl; (nl = strchr(text, '\n')) != NULL; text = nl + 1)
        fprintf(f, "%.*s\n%*s", (int)(nl - text), text, col, "");
    fprintf(f, "%s\n", text);
}

/* The left column of an option's help line: "  -f, --from FMT". */
static int option_left(const cli_option_t *o, char *buf, size_t size)
{
    char letter[8] = "    ";

    if (o->key < 256)
        snprintf(letter, sizeof(letter), "-%c, ", o->key);
    return snprintf(buf, size, "  %s--%s%s%s", letter, o->name,
                    o->arg ? " " : "", o->arg ? o->arg : "");
}

void cli_print_options(FILE *f, const cli_option_t *a, const cli_option_t *b)
{
    const cli_option_t *lists[2] = {a, b};
    char left[96];
    int col = 0, n;

    /* The help column: after the widest option, but not past 26. */
    for (size_t l = 0; l < 2; l++)
        for (const cli_option_t *o = lists[l]; o && o->name; o++) {
            n = option_left(o, left, sizeof(left)) + 2;
            if (n <= 26 && n > col)
                col = n;
        }
    for (size_t l = 0; l < 2; l++)
        for (const cli_option_t *o = lists[l]; o && o->name; o++) {
            n = option_left(o, left, sizeof(left));
            fprintf(f, "%s%*s", left, n + 2 <= col ? col - n : 2, "");
            print_indented(f, o->help, col);
        }
}

void cli_usage(cli_t *cli, FILE *f, int full)
{
    const cli_command_t *cmd = cli->command;
    char item[96];
    int indent, col, n;

    /* The usage line, wrapped before column 80 under the first option. */
    col = fprintf(f, "usage: inspex %s", cmd->name);
    indent = col;
    for (const cli_option_t *o = cmd->options; o && o->name; o++) {
        if (!(o->flags & CLI_SYNOPSIS))
            continue;
        n = synopsis_item(o, item, sizeof(item));
        if (col + 1 + n > 79) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        }
        col += fprintf(f, " %s", item);
    }
    if (col + 1 + (int)strlen(cmd->operands) > 79)
        fprintf(f, "\n%*s", indent, "");
    fprintf(f, " %s\n", cmd->operands);
    if (!full)
        return;
    fputc('\n', f);
    print_indented(f, cmd->about, 0);
    fputc('\n', f);
    cli_print_options(f, cmd->options, cli_common_options);
}

/* ---- standard output ---------------------------------------------------- */

/* Notes a failed write, keeping the first one's errno. */
static void out_check(cli_t *cli, int failed)
{
    if (!cli->out_failed && (failed || ferror(stdout))) {
        cli->out_failed = 1;
        cli->out_errno = errno ? errno : EIO;
    }
}

int cli_printf(cli_t *cli, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    out_check(cli, n < 0);
    return n;
}

int cli_out_failed(cli_t *cli)
{
    out_check(cli, 0);
    return cli->out_failed;
}

inspex_status_t cli_out_error(cli_t *cli, inspex_error_t *err)
{
    out_check(cli, 0);
    return inspex_error_set(err, INSPEX_ERR_IO, "write error: %s",
                            strerror(cli->out_errno ? cli->out_errno : EIO));
}

int cli_out_flush(cli_t *cli, int rc)
{
    errno = 0;
    out_check(cli, fflush(stdout) != 0);
    if (!cli->out_failed)
        return rc;
    if (!cli->out_reported) {
        cli_error("write error: %s", strerror(cli->out_errno));
        cli->out_reported = 1;
    }
    return EXIT_IO;
}

int cli_out_close(cli_t *cli, int rc)
{
    rc = cli_out_flush(cli, rc);
    errno = 0;
    if (fclose(stdout) != 0 && !cli->out_failed) {
        cli_error("write error: %s", strerror(errno ? errno : EIO));
        cli->out_failed = cli->out_reported = 1;
        return EXIT_IO;
    }
    return rc;
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

inspex_engine_t *cli_engine(cli_t *cli, char **inputs, size_t n,
                            const char *from, const inspex_options_t *opts,
                            cli_msgs_t *ms, int *rc)
{
    inspex_engine_t *e;
    inspex_status_t st = INSPEX_OK;

    if ((*rc = cli_load_registry(cli)) != EXIT_OK ||
        (*rc = cli_load_frameworks(cli)) != EXIT_OK)
        return NULL;
    if ((e = inspex_engine_new(cli->reg, cli->frameworks)) == NULL) {
        cli_error("out of memory");
        *rc = EXIT_IO;
        return NULL;
    }
    for (size_t i = 0; i < n && st == INSPEX_OK; i++)
        st = inspex_engine_add_input(e, inputs[i], cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_from(e, from, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        inspex_engine_free(e);
        *rc = cli_exit_status(st);
        return NULL;
    }
    inspex_engine_set_options(e, opts);
    inspex_engine_set_name(e, cli->command ? cli->command->name : NULL);
    if (ms) {
        inspex_engine_set_message_ex(e, cli_msgs_take, ms);
        inspex_engine_set_message_wanted(e, cli_msgs_wanted, ms);
        inspex_engine_set_ticker(e, cli_msgs_progress, ms);
        inspex_engine_set_progress(e, cli_msgs_fetch_progress, ms);
    }
    inspex_engine_set_flags(e, INSPEX_ENGINE_TRIM |
                                   (cli->verbose ? INSPEX_ENGINE_NOTES : 0));
    *rc = EXIT_OK;
    return e;
}
