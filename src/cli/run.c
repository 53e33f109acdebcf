/* run.c - what convert and fetch share: their common options, and the
 * conversion handed to the library's engine with its messages on stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int convert_option(cli_t *cli, convert_args_t *a, int c, const char *arg,
                   int *rc)
{
    *rc = EXIT_OK;
    switch (c) {
    case 'f': a->from = arg; return 1;
    case 't': a->to = arg; return 1;
    case 'o': a->out = arg; return 1;
    case 'O': *rc = cli_plugin_option(cli, a->opts, arg); return 1;
    }
    return 0;
}

typedef struct screen {
    cli_t *cli;
    int line_out; /* the progress line is on screen */
} screen_t;

static void clear_line(screen_t *s)
{
    if (s->line_out) {
        fputs("\r\033[K", stderr);
        s->line_out = 0;
    }
}

static void on_message(void *ud, inspex_msg_level_t level, const char *text)
{
    screen_t *s = ud;

    if (level == INSPEX_MSG_WARNING && s->cli->quiet)
        return;
    clear_line(s);
    fprintf(stderr, "inspex: %s\n", text);
}

/* Why each record was rejected, even under -q. */
static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    (void)raw;
    (void)len;
    clear_line(ud);
    fprintf(stderr, "inspex: %s\n", reason);
}

static void human_bytes(unsigned long long n, char *buf, size_t size)
{
    if (n >= 10ULL * 1024 * 1024)
        snprintf(buf, size, "%llu MB", n >> 20);
    else if (n >= 10ULL * 1024)
        snprintf(buf, size, "%llu kB", n >> 10);
    else
        snprintf(buf, size, "%llu bytes", n);
}

static void on_progress(void *ud, const inspex_fetch_progress_t *p)
{
    screen_t *s = ud;
    char bytes[32];

    human_bytes(p->bytes, bytes, sizeof(bytes));
    fprintf(stderr, "\rinspex: fetched %zu/%zu, %zu failed, %s\033[K", p->done,
            p->total, p->failed, bytes);
    s->line_out = 1;
}

/* The engine's settings from the arguments. */
static inspex_status_t configure(cli_t *cli, inspex_engine_t *e,
                                 const convert_args_t *a, screen_t *s)
{
    inspex_status_t st = INSPEX_OK;
    unsigned flags = a->flags | INSPEX_ENGINE_TRIM;

    for (size_t i = 0; i < a->ninputs && st == INSPEX_OK; i++)
        st = inspex_engine_add_input(e, a->inputs[i], cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_output(e, a->out, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_from(e, a->from, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_to(e, a->to, cli->err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_rejects(e, a->rejects_path, cli->err);
    if (a->keep_going)
        flags |= INSPEX_ENGINE_KEEP_GOING;
    if (cli->verbose)
        flags |= INSPEX_ENGINE_NOTES;
    if (cli->quiet)
        flags |= INSPEX_ENGINE_QUIET; /* warnings not even formatted */
    inspex_engine_set_flags(e, flags);
    inspex_engine_set_options(e, a->opts);
    inspex_engine_set_fetch_options(e, a->fetch);
    inspex_engine_set_name(e, a->command);
    inspex_engine_set_message(e, on_message, s);
    inspex_engine_set_reject(e, on_reject, s);
    if (!cli->quiet && isatty(STDERR_FILENO))
        inspex_engine_set_progress(e, on_progress, s);
    return st;
}

int cli_convert(cli_t *cli, const convert_args_t *a)
{
    inspex_engine_t *e;
    screen_t s = {cli, 0};
    inspex_status_t st;
    int rc;

    if ((rc = cli_load_registry(cli)) != EXIT_OK ||
        (rc = cli_load_frameworks(cli)) != EXIT_OK)
        return rc;
    if ((e = inspex_engine_new(cli->reg, cli->frameworks)) == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    st = configure(cli, e, a, &s);
    if (st == INSPEX_OK)
        st = inspex_engine_run(e, cli->err);
    clear_line(&s);
    if (st != INSPEX_OK)
        cli_report(cli);
    inspex_engine_free(e);
    return cli_exit_status(st);
}
