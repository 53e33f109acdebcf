/* SPDX-License-Identifier: MIT */
/* complete.c - `inspex completion bash|zsh`: shell completion written from
 * the table of commands and each command's options, so that it always
 * knows what the command knows. The build installs its output. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Every option of command c (its own and the common ones), as the shell
 * sees them: "--long -x ...". */
static void words(cli_t *cli, const cli_command_t *c)
{
    const cli_option_t *lists[2] = {c->options, cli_common_options};

    for (size_t l = 0; l < 2; l++)
        for (const cli_option_t *o = lists[l]; o && o->name; o++) {
            cli_printf(cli, " --%s", o->name);
            if (o->key < 256)
                cli_printf(cli, " -%c", o->key);
        }
}

static void bash(cli_t *cli)
{
    cli_printf(cli,
               "# bash completion for inspex, made by "
               "'inspex completion bash'\n"
               "_inspex() {\n"
               "    local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}\n"
               "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
               "        COMPREPLY=($(compgen -W \"");
    for (const cli_command_t *c = cli_commands; c->name; c++)
        cli_printf(cli, "%s ", c->name);
    cli_printf(cli, "help --help --version\" -- \"$cur\"))\n"
                    "        return\n"
                    "    fi\n"
                    "    case $cmd in\n");
    for (const cli_command_t *c = cli_commands; c->name; c++) {
        cli_printf(cli, "    %s) opts=\"", c->name);
        words(cli, c);
        cli_printf(cli, "\" ;;\n");
    }
    cli_printf(cli,
               "    *) opts= ;;\n"
               "    esac\n"
               "    case $cur in\n"
               "    -*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")) ;;\n"
               "    *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
               "    esac\n"
               "}\n"
               "complete -o filenames -F _inspex inspex\n");
}

static void zsh(cli_t *cli)
{
    cli_printf(cli, "#compdef inspex\n"
                    "# zsh completion for inspex, made by "
                    "'inspex completion zsh'\n"
                    "_inspex() {\n"
                    "    local -a commands\n"
                    "    commands=(\n");
    for (const cli_command_t *c = cli_commands; c->name; c++)
        cli_printf(cli, "        '%s:%s'\n", c->name, c->summary);
    cli_printf(cli, "    )\n"
                    "    if (( CURRENT == 2 )); then\n"
                    "        _describe 'command' commands\n"
                    "        return\n"
                    "    fi\n"
                    "    case $words[2] in\n");
    for (const cli_command_t *c = cli_commands; c->name; c++) {
        cli_printf(cli, "    %s) compadd -- ", c->name);
        words(cli, c);
        cli_printf(cli, " ;;\n");
    }
    cli_printf(cli, "    esac\n"
                    "    _files\n"
                    "}\n"
                    "_inspex \"$@\"\n");
}

const cli_option_t cli_completion_options[] = {
    CLI_OPT_END,
};

int cmd_completion(cli_t *cli, int argc, char **argv)
{
    int c, rc = EXIT_OK;

    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0)
        ;
    if (c == CLI_STOP)
        return rc;
    if (optind + 1 != argc ||
        (strcmp(argv[optind], "bash") && strcmp(argv[optind], "zsh"))) {
        cli_error("completion: name one shell: bash or zsh");
        return EXIT_USAGE;
    }
    if (strcmp(argv[optind], "bash") == 0)
        bash(cli);
    else
        zsh(cli);
    return cli_out_flush(cli, EXIT_OK);
}
