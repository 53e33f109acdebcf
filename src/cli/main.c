/* SPDX-License-Identifier: MIT */
/* main.c - `inspex`: the list of sub-commands, dispatch and the overall
 * help. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The commands, in the order help lists them. */
const cli_command_t cli_commands[] = {
    {"convert", cmd_convert, "INPUT...", "convert inputs to one output format",
     "Reads each INPUT (a file, a .gz file, a URL, or - for stdin) and\n"
     "writes every inspection to OUT (default: stdout) in one format.",
     cli_convert_options},
    {"fetch", cmd_fetch, "[URL...]",
     "fetch report pages into one output format",
     "Fetches report pages (http, https, file URLs, or local paths) and\n"
     "writes one inspection per report to OUT (default: stdout), in the\n"
     "order given. A URL that fails is listed with its reason; the others\n"
     "are still written, and the exit status is 3. -O follow=true imports\n"
     "the reports a listing page links to.",
     cli_fetch_options},
    {"validate", cmd_validate, "INPUT...",
     "check inspections against their frameworks",
     "Checks every inspection against its framework and prints one line per\n"
     "problem. Errors exit 1; warnings alone exit 0, unless --strict.",
     cli_validate_options},
    {"info", cmd_info, "INPUT...", "count inspections, frameworks and ratings",
     "Counts the inspections, frameworks, overall ratings and\n"
     "standard ratings in the inputs. Every record that can be read is\n"
     "counted; those that cannot are listed, and the exit status is 1.",
     cli_info_options},
    /* firstrun (issue 17): how the columns were read */
    {"map", cmd_map, "INPUT...", "show how each column or key was read",
     "Shows how each column (or key) of the inputs was read: as a field,\n"
     "a standard, ambiguous or kept in extra, and why; and, when some\n"
     "could not be mapped, how to map them with -O map=FILE.",
     cli_map_options},
    {"formats", cmd_formats, "[NAME]",
     "list installed formats, or show one's options",
     "Lists the installed formats, or shows one with its options.",
     cli_formats_options},
    {"frameworks", cmd_frameworks, "[ID]",
     "list the inspection frameworks, or show one",
     "Lists the inspection frameworks, or shows one: its scale,\n"
     "standards and scoring rule.",
     cli_frameworks_options},
    /* sdk (issue 16) */
    {"plugins", cmd_plugins, "check|test|new ...",
     "check, test or start a plugin",
     "plugins check loads every plugin on the search path in a child\n"
     "process and reports what is wrong with each (a crash, a hang, the\n"
     "descriptor, the probe) and extensions two plugins claim; a broken\n"
     "one is then skipped by name until it changes. plugins test FILE.so\n"
     "[SAMPLE] runs the conformance suite against one plugin. plugins new\n"
     "NAME [DIR] copies the plugin template into DIR (default: NAME).",
     cli_plugins_options},
    {"probe", cmd_probe, "FILE", "show every format's probe score for a file",
     "Prints each importer's probe score for FILE's first bytes, with its\n"
     "level, and which format would be chosen, and why.",
     cli_probe_options},
    /* firstrun (issue 17): shell completion from these tables */
    {"completion", cmd_completion, "bash|zsh",
     "print shell completion for bash or zsh",
     "Prints a completion script for bash or zsh, made from the commands\n"
     "and their options (the package installs both).",
     cli_completion_options},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/* What only `inspex` itself takes. */
static const cli_option_t main_options[] = {
    {"version", OPT_VERSION, NULL, "print the version", 0},
    CLI_OPT_END,
};

/* "  1  text", a "\n" in text going on under it. */
static void exit_line(FILE *f, int value, const char *text)
{
    const char *nl;

    fprintf(f, "  %d  ", value);
    while ((nl = strchr(text, '\n')) != NULL) {
        fprintf(f, "%.*s\n     ", (int)(nl - text), text);
        text = nl + 1;
    }
    fprintf(f, "%s\n", text);
}

static void help(FILE *f)
{
    fputs("usage: inspex COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Imports published inspection data, checks it and exports it.\n"
          "\n"
          "commands:\n",
          f);
    for (const cli_command_t *c = cli_commands; c->name; c++) {
        char left[64];
        snprintf(left, sizeof(left), "%s %s", c->name, c->operands);
        fprintf(f, "  %-18s %s\n", left, c->summary);
    }
    fputs("\ncommon options (inspex help COMMAND for a command's own):\n", f);
    cli_print_options(f, cli_common_options, main_options);
    fputs("\nexit status:\n", f);
#define EXIT_LINE_(name, value, text) exit_line(f, value, text);
    CLI_EXIT_MAP(EXIT_LINE_)
#undef EXIT_LINE_
    fputs(
        "\n"
        "Plugins are searched in --plugin-dir, INSPEX_PLUGIN_PATH, then\n"
        "the installed plugin directory; frameworks in INSPEX_FRAMEWORK_PATH,\n"
        "then the installed framework directory. See inspex(1).\n",
        f);
}

static const cli_command_t *find_command(const char *name)
{
    for (const cli_command_t *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void unknown_command(const char *name)
{
    fprintf(stderr, "inspex: unknown command '%s'; commands:", name);
    for (const cli_command_t *c = cli_commands; c->name; c++)
        fprintf(stderr, "%s %s", c == cli_commands ? "" : ",", c->name);
    fputc('\n', stderr);
}

/* Runs the command argv[0] with argv's options and operands. */
static int dispatch(cli_t *cli, int argc, char **argv)
{
    cli->command = find_command(argv[0]);
    if (cli->command == NULL) {
        unknown_command(argv[0]);
        return EXIT_USAGE;
    }
    cli->err = inspex_error_new();
    if (cli->err == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    return cli->command->run(cli, argc, argv);
}

int main(int argc, char **argv)
{
    cli_t cli;
    int rc;

    memset(&cli, 0, sizeof(cli));
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        cli_printf(&cli, "inspex %s (plugin ABI %d)\n", inspex_version(),
                   INSPEX_PLUGIN_ABI);
        rc = EXIT_OK;
    } else if (strcmp(argv[1], "help") == 0 && argc > 2) {
        /* inspex help COMMAND: the command's own --help. */
        static char help_option[] = "--help";
        char *args[] = {argv[2], help_option, NULL};
        if (argc > 3) {
            cli_error("help: one command at most");
            return EXIT_USAGE;
        }
        rc = dispatch(&cli, 2, args);
    } else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
               strcmp(argv[1], "help") == 0) {
        help(stdout);
        rc = EXIT_OK;
    } else {
        rc = dispatch(&cli, argc - 1, argv + 1);
    }
    inspex_registry_free(cli.reg);
    inspex_frameworks_free(cli.frameworks);
    inspex_error_free(cli.err);
    cli_free_options(&cli);
    free(cli.plugin_dirs);
    return cli_out_close(&cli, rc);
}
