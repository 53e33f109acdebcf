/* fetch.c - `inspex fetch`: report pages fetched several at once and
 * imported as they arrive; inspections are written in the order of the
 * inputs, and a URL that fails never loses the others. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
    OPT_CACHE = 1100,
    OPT_OFFLINE,
    OPT_TIMEOUT,
    OPT_CONNECT_TIMEOUT,
    OPT_RETRIES,
    OPT_RETRY_DELAY,
    OPT_MAX_SIZE,
    OPT_PER_HOST
};

static void usage(FILE *f)
{
    fputs("usage: inspex fetch [-t FMT] [-o OUT] [-O key=value]... [-j N]\n"
          "                    [--cache DIR [--offline]] [-i FILE] [URL...]\n"
          "\n"
          "Fetches report pages (http, https, file URLs, or local paths) and\n"
          "writes one inspection per report to OUT (default: stdout), in the\n"
          "order given. A URL that fails is listed with its reason; the others\n"
          "are still written, and the exit status is 3.\n"
          "\n"
          "  -f, --from FMT          page format (default: report)\n"
          "  -t, --to FMT            output format (default: by the extension of OUT)\n"
          "  -o, --output OUT        output file, written atomically; - for stdout\n"
          "  -O, --option K=V        plugin option, e.g. -O follow=true to import\n"
          "                          the reports a listing page links to\n"
          "  -i, --input-list FILE   read URLs from FILE, one per line; - for stdin\n"
          "  -j, --jobs N            transfers at once (default 4)\n"
          "      --per-host N        transfers at once to one host (default 2)\n"
          "      --timeout SECS      the longest one attempt may take (default 60)\n"
          "      --connect-timeout SECS  (default 15)\n"
          "      --retries N         retries after timeouts, failed connections,\n"
          "                          429 and 5xx (default 3)\n"
          "      --retry-delay SECS  first backoff, doubled each retry (default 1)\n"
          "      --max-size BYTES    size cap per response; k, M suffixes\n"
          "                          (default 20M)\n"
          "      --cache DIR         keep responses in DIR and revalidate them\n"
          "      --offline           read only the cache\n"
          "  -v, --verbose           say what each URL gave\n"
          "  -q, --quiet             no warnings and no progress line\n",
          f);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct slot {
    int done;
    char *error; /* why the URL failed, reported in its turn */
    int followed; /* reached by following a listing page's link */
    inspex_inspection_t **items;
    size_t n;
} slot_t;

typedef struct run {
    cli_t *cli;
    cli_import_t *ci;
    const inspex_plugin_t *importer;
    inspex_fetcher_t *f;
    slot_t *slots;
    size_t nslots;
    size_t next; /* the first slot not yet written */
    size_t current; /* the slot being imported */
    inspex_status_t fatal; /* a failure that stops everything */
    int progress; /* a progress line is shown */
    int line_out; /* the progress line is on screen */
} run_t;

static void clear_line(run_t *r)
{
    if (r->line_out) {
        fputs("\r\033[K", stderr);
        r->line_out = 0;
    }
}

static void run_warn(void *ud, const char *text)
{
    run_t *r = ud;

    if (r->cli->quiet)
        return;
    clear_line(r);
    fprintf(stderr, "inspex: %s\n", text);
}

/* Failures are reported in the order of the inputs, with the output,
 * so that a run's messages do not depend on which transfer was quicker. */
static void url_failed(run_t *r, size_t index, const char *text)
{
    slot_t *s = &r->slots[index];

    if (s->error == NULL)
        s->error = strdup(text);
    r->ci->failed++;
}

static int grow_slots(run_t *r, size_t index)
{
    if (index < r->nslots)
        return 0;
    slot_t *ns = realloc(r->slots, (index + 1) * sizeof(*ns));
    if (ns == NULL)
        return -1;
    memset(ns + r->nslots, 0, (index + 1 - r->nslots) * sizeof(*ns));
    r->slots = ns;
    r->nslots = index + 1;
    return 0;
}

static inspex_status_t keep(void *ud, inspex_inspection_t *insp,
                            inspex_error_t *err)
{
    run_t *r = ud;
    slot_t *s = &r->slots[r->current];
    inspex_inspection_t **ni = realloc(s->items, (s->n + 1) * sizeof(*ni));

    if (ni == NULL) {
        inspex_inspection_free(insp);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    ni[s->n++] = insp;
    s->items = ni;
    return INSPEX_OK;
}

static inspex_status_t follow(void *ud, const char *url, inspex_error_t *err)
{
    run_t *r = ud;
    size_t index;
    int added;
    inspex_status_t st;

    if (r->slots[r->current].followed) {
        /* one level: a listing reached from a listing is not followed */
        return INSPEX_OK;
    }
    st = inspex_fetcher_add(r->f, url, &index, &added, err);
    if (st != INSPEX_OK)
        return st == INSPEX_ERR_USAGE ? INSPEX_OK : st;
    if (added) {
        if (grow_slots(r, index) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        r->slots[index].followed = 1;
        r->ci->fetched++;
    }
    return INSPEX_OK;
}

/* Writes the finished slots at the front, in order. An inspection that
 * fails its checks counts as its URL failing; a failing output stops
 * the run. */
static void flush(run_t *r)
{
    while (r->next < r->nslots && r->slots[r->next].done &&
           r->fatal == INSPEX_OK) {
        slot_t *s = &r->slots[r->next];
        for (size_t i = 0; i < s->n; i++) {
            inspex_status_t st;
            if (r->fatal != INSPEX_OK) {
                inspex_inspection_free(s->items[i]);
                continue;
            }
            st = r->ci->sink(r->ci->sink_userdata, s->items[i], r->cli->err);
            if (st == INSPEX_OK)
                r->ci->emitted++;
            else if (st == INSPEX_ERR_INVALID) {
                clear_line(r);
                fprintf(stderr, "inspex: %s\n",
                        inspex_error_text(r->cli->err));
                r->ci->failed++;
            }
            else
                r->fatal = st;
        }
        free(s->items);
        s->items = NULL;
        s->n = 0;
        if (s->error) {
            clear_line(r);
            fprintf(stderr, "inspex: %s\n", s->error);
            free(s->error);
            s->error = NULL;
        }
        r->next++;
    }
}

static void on_done(void *ud, size_t index, const inspex_response_t *resp,
                    inspex_error_t *error)
{
    run_t *r = ud;
    inspex_import_params_t p;
    inspex_reader_t *rd;
    inspex_status_t st;

    if (r->fatal != INSPEX_OK || grow_slots(r, index) != 0) {
        if (r->fatal == INSPEX_OK)
            r->fatal = inspex_error_set(r->cli->err, INSPEX_ERR_NOMEM,
                                        "out of memory");
        return;
    }
    r->slots[index].done = 1;
    if (resp == NULL) {
        url_failed(r, index, inspex_error_text(error));
        flush(r);
        return;
    }
    if (r->cli->verbose) {
        clear_line(r);
        cli_note(r->cli, "%s: %s%ld, %zu bytes, %u attempt%s%s", resp->url,
                 resp->status ? "HTTP " : "", resp->status, resp->len,
                 resp->attempts, resp->attempts == 1 ? "" : "s",
                 resp->from_cache ? ", from the cache" : "");
    }
    rd = inspex_reader_new_response(resp);
    if (rd == NULL) {
        r->fatal = inspex_error_set(r->cli->err, INSPEX_ERR_NOMEM,
                                    "out of memory");
        return;
    }
    memset(&p, 0, sizeof(p));
    p.plugin = r->importer;
    p.reader = rd;
    p.options = r->ci->options;
    p.sink = keep;
    p.sink_userdata = r;
    p.frameworks = r->cli->frameworks;
    p.warn = run_warn;
    p.warn_userdata = r;
    p.reject = run_warn;
    p.reject_userdata = r;
    p.follow = follow;
    p.follow_userdata = r;
    r->current = index;
    inspex_error_clear(r->cli->err);
    st = inspex_import_run(&p, r->cli->err);
    inspex_reader_free(rd);
    if (st != INSPEX_OK) {
        slot_t *s = &r->slots[index];
        for (size_t i = 0; i < s->n; i++)
            inspex_inspection_free(s->items[i]);
        s->n = 0;
        if (st == INSPEX_ERR_NOMEM)
            r->fatal = st;
        else
            url_failed(r, index, inspex_error_text(r->cli->err));
    }
    flush(r);
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
    run_t *r = ud;
    char bytes[32];

    if (!r->progress)
        return;
    human_bytes(p->bytes, bytes, sizeof(bytes));
    fprintf(stderr, "\rinspex: fetched %zu/%zu, %zu failed, %s\033[K", p->done,
            p->total, p->failed, bytes);
    r->line_out = 1;
}

/* A local path as a file: URL, percent-encoding what a URL may not hold. */
static char *file_url(const char *path)
{
    char cwd[PATH_MAX], *abs, *out, *o;
    size_t n;

    if (path[0] == '/') {
        abs = strdup(path);
    } else {
        if (getcwd(cwd, sizeof(cwd)) == NULL)
            return NULL;
        n = strlen(cwd) + strlen(path) + 2;
        abs = malloc(n);
        if (abs)
            snprintf(abs, n, "%s/%s", cwd, path);
    }
    if (abs == NULL)
        return NULL;
    n = strlen(abs) * 3 + 8;
    out = malloc(n);
    if (out == NULL) {
        free(abs);
        return NULL;
    }
    memcpy(out, "file://", 7);
    o = out + 7;
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
            *o++ = (char)*p;
        } else {
            snprintf(o, 4, "%%%02X", *p);
            o += 3;
        }
    }
    *o = '\0';
    free(abs);
    return out;
}

static int add_input(run_t *r, const char *spec)
{
    char *url = inspex_is_url(spec) ? strdup(spec) : file_url(spec);
    size_t index;
    int added;
    inspex_status_t st;

    if (strcmp(spec, "-") == 0) {
        free(url);
        cli_error("fetch: - is not a URL; read URLs from stdin with -i -");
        return EXIT_USAGE;
    }
    if (url == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    st = inspex_fetcher_add(r->f, url, &index, &added, r->cli->err);
    free(url);
    if (st != INSPEX_OK) {
        cli_report(r->cli);
        return cli_exit_status(st);
    }
    if (added) {
        if (grow_slots(r, index) != 0) {
            cli_error("out of memory");
            return EXIT_IO;
        }
        r->ci->fetched++;
    }
    return EXIT_OK;
}

static int add_list(run_t *r, const char *list)
{
    FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = EXIT_OK;

    if (f == NULL) {
        cli_error("%s: cannot open: %s", list, strerror(errno));
        return EXIT_IO;
    }
    while (rc == EXIT_OK && (len = getline(&line, &cap, f)) >= 0) {
        char *s = line, *e = line + len;
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
                         e[-1] == '\t'))
            *--e = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        rc = add_input(r, s);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

int cli_fetch_all(cli_t *cli, char **inputs, int n,
                  const cli_fetch_settings_t *fo,
                  const inspex_plugin_t *importer, cli_import_t *ci)
{
    run_t r;
    inspex_fetch_options_t defaults;
    int rc = EXIT_OK;
    inspex_status_t st;

    memset(&r, 0, sizeof(r));
    r.cli = cli;
    r.ci = ci;
    r.importer = importer;
    inspex_fetch_options_init(&defaults);
    r.f = inspex_fetcher_new(fo ? &fo->o : &defaults);
    if (r.f == NULL) {
        cli_error("cannot start fetching: out of memory, or libcurl failed "
                  "to initialise");
        return EXIT_IO;
    }
    for (int i = 0; i < n && rc == EXIT_OK; i++)
        rc = add_input(&r, inputs[i]);
    if (rc == EXIT_OK && fo && fo->list)
        rc = add_list(&r, fo->list);
    if (rc == EXIT_OK && r.nslots == 0) {
        cli_error("fetch: no URLs; give them as arguments or with -i FILE");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        st = inspex_options_check(ci->options, importer, ci->exporter,
                                  cli->err);
        if (st != INSPEX_OK) {
            cli_report(cli);
            rc = cli_exit_status(st);
        }
    }
    ci->importer = importer;
    if (rc == EXIT_OK && ci->ready)
        rc = ci->ready(cli, ci->sink_userdata);
    if (rc == EXIT_OK) {
        r.progress = !cli->quiet && isatty(STDERR_FILENO);
        st = inspex_fetcher_run(r.f, on_done, on_progress, &r, cli->err);
        clear_line(&r);
        if (st == INSPEX_OK)
            st = r.fatal;
        if (st != INSPEX_OK) {
            cli_report(cli);
            rc = cli_exit_status(st);
        }
    }
    for (size_t i = 0; i < r.nslots; i++) {
        for (size_t k = 0; k < r.slots[i].n; k++)
            inspex_inspection_free(r.slots[i].items[k]);
        free(r.slots[i].items);
        free(r.slots[i].error);
    }
    free(r.slots);
    inspex_fetcher_free(r.f);
    return rc;
}

/* ---- the command -------------------------------------------------------- */

static int parse_secs(const char *arg, long *ms)
{
    char *end;
    double v = strtod(arg, &end);

    if (end == arg || *end != '\0' || v < 0 || v > 86400)
        return -1;
    *ms = (long)(v * 1000 + 0.5);
    return 0;
}

static int parse_count(const char *arg, unsigned *out, unsigned min)
{
    char *end;
    long v = strtol(arg, &end, 10);

    if (end == arg || *end != '\0' || v < (long)min || v > 1000)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int parse_size(const char *arg, size_t *out)
{
    char *end;
    double v = strtod(arg, &end);

    if (end == arg || v <= 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        v *= 1024, end++;
    else if (*end == 'M')
        v *= 1024 * 1024, end++;
    else if (*end == 'G')
        v *= 1024.0 * 1024 * 1024, end++;
    if (*end != '\0' || v < 1 || v > 4.0 * 1024 * 1024 * 1024)
        return -1;
    *out = (size_t)v;
    return 0;
}

int cmd_fetch(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"option", required_argument, NULL, 'O'},
        {"input-list", required_argument, NULL, 'i'},
        {"jobs", required_argument, NULL, 'j'},
        {"per-host", required_argument, NULL, OPT_PER_HOST},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"retries", required_argument, NULL, OPT_RETRIES},
        {"retry-delay", required_argument, NULL, OPT_RETRY_DELAY},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"cache", required_argument, NULL, OPT_CACHE},
        {"offline", no_argument, NULL, OPT_OFFLINE},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    convert_args_t a;
    cli_fetch_settings_t fs;
    int c, rc = EXIT_OK, bad = 0;

    memset(&a, 0, sizeof(a));
    memset(&fs, 0, sizeof(fs));
    inspex_fetch_options_init(&fs.o);
    a.command = "fetch";
    a.from = "report";
    a.fetch = &fs;
    a.opts = inspex_options_new();
    if (a.opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:o:O:i:j:vqh", longopts,
                            NULL)) != -1) {
        if (cli_common_option(cli, c, optarg))
            continue;
        if (convert_option(cli, &a, c, optarg, &rc)) {
            if (rc != EXIT_OK)
                goto done;
            continue;
        }
        switch (c) {
        case 'i': fs.list = optarg; break;
        case 'j':
            bad = parse_count(optarg, &fs.o.parallel, 1) ? c : 0;
            break;
        case OPT_PER_HOST:
            bad = parse_count(optarg, &fs.o.per_host, 1) ? c : 0;
            break;
        case OPT_RETRIES:
            bad = parse_count(optarg, &fs.o.retries, 0) ? c : 0;
            break;
        case OPT_TIMEOUT:
            bad = parse_secs(optarg, &fs.o.timeout_ms) || fs.o.timeout_ms == 0
                      ? c : 0;
            break;
        case OPT_CONNECT_TIMEOUT:
            bad = parse_secs(optarg, &fs.o.connect_timeout_ms) ||
                          fs.o.connect_timeout_ms == 0
                      ? c : 0;
            break;
        case OPT_RETRY_DELAY:
            bad = parse_secs(optarg, &fs.o.retry_delay_ms) ? c : 0;
            break;
        case OPT_MAX_SIZE:
            bad = parse_size(optarg, &fs.o.max_bytes) ? c : 0;
            break;
        case OPT_CACHE: fs.o.cache_dir = optarg; break;
        case OPT_OFFLINE: fs.o.offline = 1; break;
        case 'h':
            usage(stdout);
            goto done;
        default:
            usage(stderr);
            rc = EXIT_USAGE;
            goto done;
        }
        if (bad) {
            cli_error("fetch: bad value '%s' for %s%s", optarg,
                      bad == 'j' ? "-j" : "--",
                      bad == 'j' ? ""
                      : bad == OPT_PER_HOST ? "per-host"
                      : bad == OPT_RETRIES ? "retries"
                      : bad == OPT_TIMEOUT ? "timeout (seconds)"
                      : bad == OPT_CONNECT_TIMEOUT ? "connect-timeout (seconds)"
                      : bad == OPT_RETRY_DELAY ? "retry-delay (seconds)"
                                               : "max-size (bytes; k, M)");
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (fs.o.offline && fs.o.cache_dir == NULL) {
        cli_error("fetch: --offline needs --cache DIR");
        rc = EXIT_USAGE;
        goto done;
    }
    if (optind == argc && fs.list == NULL) {
        cli_error("fetch: no URLs; give them as arguments or with -i FILE");
        rc = EXIT_USAGE;
        goto done;
    }
    a.inputs = argv + optind;
    a.ninputs = argc - optind;
    rc = convert_run(cli, &a);
done:
    inspex_options_free(a.opts);
    return rc;
}
