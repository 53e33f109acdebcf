/* cli.h - what the sub-commands of `inspex` share. */
#ifndef INSPEX_CLI_H
#define INSPEX_CLI_H

#include <inspex/engine.h>
#include <inspex/host.h>
#include <inspex/fetch.h>
#include <inspex/inspex.h>

/* Exit statuses, documented in --help and inspex(1). */
enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1,
    EXIT_USAGE = 2,
    EXIT_IO = 3,
    EXIT_PLUGIN = 4
};

typedef struct cli {
    int verbose;
    int quiet;
    const char **plugin_dirs;
    size_t nplugin_dirs;
    inspex_registry_t *reg;
    inspex_frameworks_t *frameworks;
    inspex_error_t *err;
} cli_t;

/* Long-option codes shared by every sub-command. */
enum { OPT_PLUGIN_DIR = 1000, OPT_KEEP_GOING, OPT_REJECTS, OPT_JSON };

/* The options every sub-command takes, for getopt_long tables. */
#define CLI_COMMON_LONGOPTS                                                  \
    {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},                 \
        {"verbose", no_argument, NULL, 'v'},                                 \
        {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'}

/* Handles a common option; returns 1 when c was one. */
int cli_common_option(cli_t *cli, int c, const char *arg);

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

/* A checker whose -v notes go to stderr; problems go to fn. NULL (and an
 * error printed) when out of memory. */
inspex_checker_t *cli_checker(cli_t *cli, inspex_problem_fn fn, void *ud);
/* "SOURCE:LINE: warning: BODY (DATE): MESSAGE" into a new string. */
char *cli_problem_text(const inspex_problem_t *p);

/* Opens an input and chooses its importer: by from (-f) or the name's
 * extension before anything is read, else by probing its first bytes.
 * Returns an exit status; on success *r is owned by the caller. */
int cli_open_input(cli_t *cli, const char *spec, const char *from,
                   inspex_reader_t **r, const inspex_plugin_t **importer);

/* Reading every input into one sink, as convert, info and validate do. */
typedef struct cli_import {
    const char *from;                 /* -f, or NULL */
    const inspex_options_t *options;
    const inspex_plugin_t *exporter;  /* checked with the options; may be NULL */
    inspex_sink_fn sink;
    void *sink_userdata;
    /* Called once, after the first input's importer and the options are
     * known to fit, before anything is imported (may be NULL). Returns an
     * exit status. */
    int (*ready)(cli_t *cli, void *userdata);
    const inspex_plugin_t *importer; /* out: the first input's, for ready */
    /* Called before a problem is reported (and before each input after
     * the first): lets the sink finish the records it holds, and returns
     * its own failure, from an earlier record, to be reported instead
     * (may be NULL). */
    inspex_status_t (*settle)(void *userdata, inspex_error_t *err);
    int keep_going;
    inspex_writer_t *rejects;
    inspex_message_fn warn;           /* default: cli_warn */
    void *warn_userdata;
    inspex_message_fn reject;         /* default: cli_reject */
    void *reject_userdata;
    unsigned long emitted;            /* out */
    unsigned long rejected;           /* out */
} cli_import_t;

/* Imports inputs[0..n) in order; returns an exit status, having reported
 * any failure. */
int cli_import_all(cli_t *cli, char **inputs, int n, cli_import_t *ci);

/* A conversion as convert and fetch give it to the library's engine
 * (inspex/engine.h). */
typedef struct convert_args {
    const char *command; /* "convert" or "fetch", for messages */
    const char *from, *to, *out, *rejects_path;
    int keep_going;
    inspex_options_t *opts;
    char **inputs;
    size_t ninputs;
    unsigned flags;                    /* more INSPEX_ENGINE_* flags */
    const inspex_fetch_options_t *fetch; /* NULL: the defaults */
} convert_args_t;
/* Runs the conversion (run.c): messages on stderr, a progress line while
 * URLs are fetched when stderr is a terminal. Returns an exit status,
 * having reported any failure. */
int cli_convert(cli_t *cli, const convert_args_t *a);
/* An option convert and fetch share: -f, -t, -o, -O. Returns 1 when c
 * was one (*rc then says whether it was good), else 0. */
int convert_option(cli_t *cli, convert_args_t *a, int c, const char *arg,
                   int *rc);

int cmd_convert(cli_t *cli, int argc, char **argv);
int cmd_fetch(cli_t *cli, int argc, char **argv);
int cmd_formats(cli_t *cli, int argc, char **argv);
int cmd_info(cli_t *cli, int argc, char **argv);
int cmd_frameworks(cli_t *cli, int argc, char **argv);
int cmd_validate(cli_t *cli, int argc, char **argv);

#endif
