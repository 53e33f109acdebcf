/* SPDX-License-Identifier: MIT */
/* cli.h - what the sub-commands of `inspex` share. */
#ifndef INSPEX_CLI_H
#define INSPEX_CLI_H

#include <getopt.h>
#include <stdio.h>

#include <inspex/engine.h>
#include <inspex/host.h>
#include <inspex/fetch.h>
#include <inspex/inspex.h>

/* The exit statuses, X(NAME, value, help): the enum (EXIT_<NAME>) and
 * the table of `inspex --help`. Which status a library code exits with
 * is the last column of INSPEX_STATUS_MAP; inspex(1) has the same table
 * (tests/cli/help.sh compares the three). */
#define CLI_EXIT_MAP(X)                                                 \
    X(OK, 0, "success")                                                 \
    X(INVALID, 1,                                                       \
      "invalid data (nothing written unless --keep-going); for\n"       \
      "validate, errors found (or warnings, with --strict)")            \
    X(USAGE, 2, "usage error: bad arguments, unknown format or option") \
    X(IO, 3, "input/output or network error, or a failed write")        \
    X(PLUGIN, 4,                                                        \
      "plugin error: the plugin for a named format cannot be "          \
      "loaded,\nor a plugin crashed, hung or called exit()")

#define CLI_EXIT_ENUM_(name, value, help) EXIT_##name = value,
enum { CLI_EXIT_MAP(CLI_EXIT_ENUM_) };
#undef CLI_EXIT_ENUM_

/*
 * One command-line option, the one place its names, argument and help
 * live: the command's getopt_long table and short-option string, its
 * --help and its usage line (printed after an unknown option) are all
 * made from these.
 */
typedef struct cli_option {
    const char *name; /* long name, without "--" */
    int key;          /* the short letter; a long-only option an OPT_ code */
    const char *arg;  /* its argument's name ("FMT"), or NULL: none */
    const char *help; /* one line; "\n" starts another */
    unsigned flags;   /* CLI_SYNOPSIS, CLI_REPEAT */
} cli_option_t;

#define CLI_SYNOPSIS 1u /* shown in the usage line */
#define CLI_REPEAT 2u   /* may be given more than once: "..." there */

/* Option codes of long-only options (above any letter). */
enum {
    OPT_PLUGIN_DIR = 1000,
    OPT_KEEP_GOING,
    OPT_REJECTS,
    OPT_JSON,
    OPT_STRICT,
    OPT_VERSION,
    OPT_LIMIT /* issue 19: --limit NAME=SIZE */
};

/* Options more than one command takes, with the same meaning (kept as
 * written: clang-format spreads an initialiser in a macro over lines). */
/* clang-format off */
#define CLI_OPT_FROM                                                         \
    {"from", 'f', "FMT",                                                     \
     "input format (default: by extension, then content)", CLI_SYNOPSIS}
#define CLI_OPT_OPTION                                                       \
    {"option", 'O', "key=value",                                             \
     "plugin option; in.key or out.key for one side only",                 \
     CLI_SYNOPSIS | CLI_REPEAT}
#define CLI_OPT_TO                                                           \
    {"to", 't', "FMT", "output format (default: by the extension of OUT)",   \
     CLI_SYNOPSIS}
#define CLI_OPT_OUTPUT                                                       \
    {"output", 'o', "OUT", "output file, written atomically; - for stdout",  \
     CLI_SYNOPSIS}
#define CLI_OPT_LIMIT                                                        \
    {"limit", OPT_LIMIT, "NAME=SIZE",                                        \
     "raise a size limit: line, field, record or page\n(K, M, G; default "  \
     "64M, a field 16M)", CLI_REPEAT}
#define CLI_OPT_JSON(help) {"json", OPT_JSON, NULL, help, CLI_SYNOPSIS}
/* The end of an option table. */
#define CLI_OPT_END {NULL, 0, NULL, NULL, 0}
/* clang-format on */

/* The options every command takes (--plugin-dir, -v, -q, -h), added to
 * each command's own by cli_getopt; terminated by a NULL name. */
extern const cli_option_t cli_common_options[];

typedef struct cli cli_t;

/* A sub-command: the one list of them (main.c) drives dispatch and
 * `inspex --help`; its options drive its own --help. */
typedef struct cli_command {
    const char *name;
    int (*run)(cli_t *cli, int argc, char **argv);
    const char *operands;        /* "INPUT...", for the usage line */
    const char *summary;         /* one line, for `inspex --help` */
    const char *about;           /* the paragraph of its --help */
    const cli_option_t *options; /* its own, NULL-terminated */
} cli_command_t;

extern const cli_command_t cli_commands[];
/* Each command's own options, beside its handler. */
extern const cli_option_t cli_convert_options[];
extern const cli_option_t cli_fetch_options[];
extern const cli_option_t cli_validate_options[];
extern const cli_option_t cli_info_options[];
extern const cli_option_t cli_formats_options[];
extern const cli_option_t cli_frameworks_options[];
extern const cli_option_t cli_map_options[];
extern const cli_option_t cli_completion_options[];
/* sdk (issue 16) */
extern const cli_option_t cli_plugins_options[];
extern const cli_option_t cli_probe_options[];

struct cli {
    int verbose;
    int quiet;
    const char **plugin_dirs;
    size_t nplugin_dirs;
    inspex_registry_t *reg;
    inspex_frameworks_t *frameworks;
    inspex_error_t *err;
    const cli_command_t *command; /* the one running */
    struct option *longopts;      /* made from command by cli_getopt */
    char *shortopts;
    const cli_command_t *parsing; /* the command longopts were made for */
    int out_failed;               /* a write to stdout failed ... */
    int out_errno;                /* ... with this errno */
    int out_reported;             /* ... and that has been said */
};

/* Frees what cli_getopt made. */
void cli_free_options(cli_t *cli);

/* The next option of the running command (cli->command), parsed with
 * getopt_long from tables made of its options and the common ones. The
 * common options are handled here. Returns the option's key (optarg is
 * its argument), 0 when the options are over (optind is then the first
 * operand), or CLI_STOP when the command must end with *rc: after --help
 * (EXIT_OK), after an unknown option or a missing argument (getopt's
 * message and the usage line printed; EXIT_USAGE), or out of memory. */
int cli_getopt(cli_t *cli, int argc, char **argv, int *rc);
#define CLI_STOP (-1)

/* The running command's usage line(s) on f; with full, its --help: the
 * usage, the paragraph about it and every option. */
void cli_usage(cli_t *cli, FILE *f, int full);
/* The options of a and then b (either may be NULL), one per line with
 * its help, as --help lists them. */
void cli_print_options(FILE *f, const cli_option_t *a, const cli_option_t *b);

/* Standard output, checked. cli_printf is printf that remembers the first
 * failed write and its errno; cli_out_failed says whether one has failed,
 * so that a long run can stop: a sink returns cli_out_error (err set to
 * "write error: REASON", INSPEX_ERR_IO), and cli_import_all then reports
 * it through cli_out_flush. cli_out_flush flushes, reports a failure once
 * ("inspex: write error: REASON") and returns EXIT_IO for it, else rc;
 * cli_out_close does the same and closes stdout, at the end of main. */
int cli_printf(cli_t *cli, const char *fmt, ...) INSPEX_PRINTF(2, 3);
int cli_out_failed(cli_t *cli);
inspex_status_t cli_out_error(cli_t *cli, inspex_error_t *err);
int cli_out_flush(cli_t *cli, int rc);
int cli_out_close(cli_t *cli, int rc);

/* Adds a -O argument to opts; reports a malformed one and returns
 * EXIT_USAGE, else EXIT_OK. */
int cli_plugin_option(cli_t *cli, inspex_options_t *opts, const char *arg);

/* "inspex: " + message on stderr. */
void cli_error(const char *fmt, ...) INSPEX_PRINTF(1, 2);
/* The error object's one-line text on stderr. */
void cli_report(cli_t *cli);
/* A note on stderr under -v. */
void cli_note(cli_t *cli, const char *fmt, ...) INSPEX_PRINTF(2, 3);
/* A message handler for warnings (silent under -q). */
void cli_warn(void *cli, const char *text);
/* A message handler for why records were rejected (printed even under
 * -q). */
void cli_reject(void *cli, const char *text);

/* The exit status for a library status. */
int cli_exit_status(inspex_status_t st);

/* Loads the plugin registry from the search path. */
int cli_load_registry(cli_t *cli);
/* Loads the frameworks from their search path. */
int cli_load_frameworks(cli_t *cli);

/* A conversion as convert and fetch give it to the library's engine
 * (inspex/engine.h). */
typedef struct convert_args {
    const char *command; /* "convert" or "fetch", for messages */
    const char *from, *to, *out, *rejects_path;
    int keep_going;
    inspex_options_t *opts;
    char **inputs;
    size_t ninputs;
    unsigned flags;                      /* more INSPEX_ENGINE_* flags */
    const inspex_fetch_options_t *fetch; /* NULL: the defaults */
    inspex_limits_t limits;              /* --limit; zeros: the defaults */
} convert_args_t;
/* Runs the conversion (run.c): messages on stderr, a progress line while
 * URLs are fetched when stderr is a terminal. Returns an exit status,
 * having reported any failure. */
int cli_convert(cli_t *cli, const convert_args_t *a);
/* An option convert and fetch share: -f, -t, -o, -O, --limit. Returns 1 when c
 * was one (*rc then says whether it was good), else 0. */
int convert_option(cli_t *cli, convert_args_t *a, int c, const char *arg,
                   int *rc);

/* ---- messages (messages.c) ---------------------------------------------
 * What a run says: notes and errors as they come; a check's warning on a
 * record gathered by kind and said once at the end with its count and
 * first lines (each one under -v); a hint when columns could not be
 * mapped; and, on a terminal without -q, a progress line after a second
 * of work. */
typedef struct cli_msgs cli_msgs_t;
/* validate: lines on stdout without "inspex: " and with " [code]", and
 * warnings kept under -q; otherwise "inspex: " lines on stderr. NULL
 * (and an error said) when out of memory. */
cli_msgs_t *cli_msgs_new(cli_t *cli, int validate);
void cli_msgs_free(cli_msgs_t *ms);
/* An inspex_engine_msg_fn. */
void cli_msgs_take(void *ms, const inspex_engine_msg_t *m);
/* For inspex_engine_set_message_wanted: 0 for a check's warning that
 * would only be counted (the first few of its kind are shown), so that
 * the engine does not format it; it is counted here. */
int cli_msgs_wanted(void *ms, const inspex_engine_msg_t *m);
/* A message of the command's own, as the engine's are taken. */
void cli_msgs_say(void *ms, inspex_msg_level_t level, const char *code,
                  const char *text);
/* Says the gathered warnings ("N of TOTAL inspections"; "N inspections"
 * when total is 0, unknown) and the hint. */
void cli_msgs_finish(cli_msgs_t *ms, unsigned long total);
unsigned long cli_msgs_errors(const cli_msgs_t *ms);
unsigned long cli_msgs_warnings(const cli_msgs_t *ms);
/* An inspex_engine_progress_fn and an inspex_fetch_progress_fn. */
void cli_msgs_progress(void *ms, const inspex_engine_progress_t *p);
void cli_msgs_fetch_progress(void *ms, const inspex_fetch_progress_t *p);
/* Takes the progress line off the screen (ms may be NULL). */
void cli_msgs_clear_line(cli_msgs_t *ms);

/* An engine for the running command over its registry and frameworks
 * (loaded here), with its inputs, -f and -O options, messages to ms and
 * the progress line (ms may be NULL: neither); NULL (and the exit status
 * in *rc) on failure. */
inspex_engine_t *cli_engine(cli_t *cli, char **inputs, size_t n,
                            const char *from, const inspex_options_t *opts,
                            cli_msgs_t *ms, int *rc);

int cmd_convert(cli_t *cli, int argc, char **argv);
int cmd_fetch(cli_t *cli, int argc, char **argv);
int cmd_formats(cli_t *cli, int argc, char **argv);
int cmd_plugins(cli_t *cli, int argc, char **argv);
int cmd_probe(cli_t *cli, int argc, char **argv);
int cmd_info(cli_t *cli, int argc, char **argv);
int cmd_frameworks(cli_t *cli, int argc, char **argv);
int cmd_validate(cli_t *cli, int argc, char **argv);
int cmd_map(cli_t *cli, int argc, char **argv);
int cmd_completion(cli_t *cli, int argc, char **argv);

#endif
