/* SPDX-License-Identifier: MIT */
/* convert.c - `inspex convert`: inputs through importers into one
 * exporter, record by record, by the library's engine (inspex/engine.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const cli_option_t cli_convert_options[] = {
    CLI_OPT_FROM,
    CLI_OPT_TO,
    CLI_OPT_OUTPUT,
    CLI_OPT_OPTION,
    CLI_OPT_LIMIT,
    {"keep-going", OPT_KEEP_GOING, NULL, "go on past invalid records",
     CLI_SYNOPSIS},
    {"rejects", OPT_REJECTS, "FILE",
     "write each rejected record, with its reason", CLI_SYNOPSIS},
    CLI_OPT_END,
};

int cmd_convert(cli_t *cli, int argc, char **argv)
{
    convert_args_t a;
    int c, rc = EXIT_OK;

    memset(&a, 0, sizeof(a));
    a.command = "convert";
    a.opts = inspex_options_new();
    if (a.opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0) {
        if (convert_option(cli, &a, c, optarg, &rc)) {
            if (rc != EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case OPT_KEEP_GOING: a.keep_going = 1; break;
        case OPT_REJECTS: a.rejects_path = optarg; break;
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (optind == argc) {
        cli_error("convert: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    if (a.rejects_path && !a.keep_going) {
        cli_error("convert: --rejects needs --keep-going");
        rc = EXIT_USAGE;
        goto done;
    }
    a.inputs = argv + optind;
    a.ninputs = (size_t)(argc - optind);
    rc = cli_convert(cli, &a);
done:
    inspex_options_free(a.opts);
    return rc;
}
