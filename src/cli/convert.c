/* convert.c - `inspex convert`: inputs through importers into one
 * exporter, record by record, by the library's engine (inspex/engine.h). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: inspex convert [-f FMT] [-t FMT] [-o OUT] [-O key=value]...\n"
          "                      [--keep-going] [--rejects FILE] INPUT...\n"
          "\n"
          "Reads each INPUT (a file, a .gz file, a URL, or - for stdin) and\n"
          "writes every inspection to OUT (default: stdout) in one format.\n"
          "\n"
          "  -f, --from FMT      input format (default: by extension, then content)\n"
          "  -t, --to FMT        output format (default: by the extension of OUT)\n"
          "  -o, --output OUT    output file, written atomically; - for stdout\n"
          "  -O, --option K=V    plugin option; in.K=V or out.K=V for one side\n"
          "      --keep-going    go on past invalid records\n"
          "      --rejects FILE  write each rejected record, with its reason\n"
          "      --plugin-dir D  look for plugins in D first\n"
          "  -v, --verbose       say which formats were chosen and why\n"
          "  -q, --quiet         no warnings\n",
          f);
}

int cmd_convert(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"option", required_argument, NULL, 'O'},
        {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    convert_args_t a;
    int c, rc = EXIT_OK;

    memset(&a, 0, sizeof(a));
    a.command = "convert";
    a.opts = inspex_options_new();
    if (a.opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:o:O:vqh", longopts, NULL)) != -1) {
        if (cli_common_option(cli, c, optarg))
            continue;
        if (convert_option(cli, &a, c, optarg, &rc)) {
            if (rc != EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case OPT_KEEP_GOING: a.keep_going = 1; break;
        case OPT_REJECTS: a.rejects_path = optarg; break;
        case 'h':
            usage(stdout);
            goto done;
        default:
            usage(stderr);
            rc = EXIT_USAGE;
            goto done;
        }
    }
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
