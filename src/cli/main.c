/* main.c - `inspex`: global options and sub-command dispatch. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *f)
{
    fputs("usage: inspex COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Imports published inspection data, checks it and exports it.\n"
          "\n"
          "commands:\n"
          "  convert INPUT...   convert inputs to one output format\n"
          "  fetch URL...       fetch report pages into one output format\n"
          "  validate INPUT...  check inspections against their frameworks\n"
          "  info INPUT...      count inspections, frameworks and ratings\n"
          "  formats [NAME]     list installed formats, or show one's options\n"
          "  frameworks [ID]    list the inspection frameworks, or show one\n"
          "\n"
          "common options:\n"
          "  --plugin-dir DIR   look for plugins in DIR first\n"
          "  -v, --verbose      say which plugin was chosen and why\n"
          "  -q, --quiet        no warnings\n"
          "  -h, --help         help for a command: inspex COMMAND --help\n"
          "      --version      print the version\n"
          "\n"
          "exit status:\n"
          "  0  success\n"
          "  1  invalid data (nothing written unless --keep-going); for\n"
          "     validate, errors found (or warnings, with --strict)\n"
          "  2  usage error: bad arguments, unknown format or option\n"
          "  3  input/output or network error\n"
          "  4  plugin error: the plugin for a named format cannot be loaded\n"
          "\n"
          "Plugins are searched in --plugin-dir, INSPEX_PLUGIN_PATH, then\n"
          "the installed plugin directory; frameworks in INSPEX_FRAMEWORK_PATH,\n"
          "then the installed framework directory. See inspex(1).\n",
          f);
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
        printf("inspex %s (plugin ABI %d)\n", inspex_version(),
               INSPEX_PLUGIN_ABI);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        help(stdout);
        return EXIT_OK;
    }
    cli.err = inspex_error_new();
    if (cli.err == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    if (strcmp(argv[1], "convert") == 0) {
        rc = cmd_convert(&cli, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "fetch") == 0) {
        rc = cmd_fetch(&cli, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "formats") == 0) {
        rc = cmd_formats(&cli, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "info") == 0) {
        rc = cmd_info(&cli, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "validate") == 0) {
        rc = cmd_validate(&cli, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "frameworks") == 0) {
        rc = cmd_frameworks(&cli, argc - 1, argv + 1);
    } else {
        cli_error("unknown command '%s'; commands: convert, fetch, validate, info, "
                  "formats, frameworks",
                  argv[1]);
        rc = EXIT_USAGE;
    }
    inspex_registry_free(cli.reg);
    inspex_frameworks_free(cli.frameworks);
    inspex_error_free(cli.err);
    free(cli.plugin_dirs);
    return rc;
}
