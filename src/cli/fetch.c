/* SPDX-License-Identifier: MIT */
/* fetch.c - `inspex fetch`: report pages fetched several at once and
 * imported as they arrive, by the library's engine (inspex/engine.h);
 * inspections are written in the order of the inputs, and a URL that
 * fails never loses the others. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- the inputs --------------------------------------------------------- */

typedef struct urls {
    char **v;
    size_t n;
    char **owned; /* the lines read from -i FILE */
    size_t nowned;
} urls_t;

static int push(urls_t *u, char *url, int owned)
{
    char **nv = realloc(u->v, (u->n + 1) * sizeof(*nv));

    if (nv == NULL)
        return -1;
    u->v = nv;
    if (owned) {
        char **no = realloc(u->owned, (u->nowned + 1) * sizeof(*no));
        if (no == NULL)
            return -1;
        u->owned = no;
        u->owned[u->nowned++] = url;
    }
    u->v[u->n++] = url;
    return 0;
}

/* A URL is fetched only over http or https; a local page is given as its
 * path (read as a file: URL by the engine), never as a file: URL that a
 * list of URLs from elsewhere could carry. */
static int check_input(const char *spec)
{
    if (strcmp(spec, "-") == 0) {
        cli_error("fetch: - is not a URL; read URLs from stdin with -i -");
        return EXIT_USAGE;
    }
    if (strncasecmp(spec, "file:", 5) == 0) {
        cli_error("fetch: %s: only http and https URLs are fetched; give a "
                  "local page as its path",
                  spec);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The URLs of -i FILE, one a line; blank lines and # comments skipped. */
static int add_list(urls_t *u, const char *list)
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
        char *s = line, *e = line + len, *copy;
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
                         e[-1] == '\t'))
            *--e = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        if ((rc = check_input(s)) != EXIT_OK)
            break;
        if ((copy = strdup(s)) == NULL || push(u, copy, 1) != 0) {
            free(copy);
            cli_error("out of memory");
            rc = EXIT_IO;
        }
    }
    free(line);
    if (f != stdin)
        fclose(f);
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

const cli_option_t cli_fetch_options[] = {
    {"from", 'f', "FMT", "page format (default: report)", 0},
    CLI_OPT_TO,
    CLI_OPT_OUTPUT,
    CLI_OPT_OPTION,
    CLI_OPT_LIMIT,
    {"input-list", 'i', "FILE",
     "read URLs from FILE, one per line; - for stdin", CLI_SYNOPSIS},
    {"jobs", 'j', "N", "transfers at once (default 4)", CLI_SYNOPSIS},
    {"per-host", OPT_PER_HOST, "N", "transfers at once to one host (default 2)",
     0},
    {"timeout", OPT_TIMEOUT, "SECS",
     "the longest one attempt may take (default 60)", 0},
    {"connect-timeout", OPT_CONNECT_TIMEOUT, "SECS",
     "the longest connecting may take (default 15)", 0},
    {"retries", OPT_RETRIES, "N",
     "retries after timeouts, failed connections,\n429 and 5xx (default 3)", 0},
    {"retry-delay", OPT_RETRY_DELAY, "SECS",
     "first backoff, doubled each retry (default 1)", 0},
    {"max-size", OPT_MAX_SIZE, "BYTES",
     "size cap per response; k, M, G suffixes\n(default 20M)", 0},
    {"cache", OPT_CACHE, "DIR", "keep responses in DIR and revalidate them",
     CLI_SYNOPSIS},
    {"offline", OPT_OFFLINE, NULL, "read only the cache (needs --cache)",
     CLI_SYNOPSIS},
    {"strict", OPT_STRICT, NULL,
     "a report page whose ratings could not be read\nis an error, not a "
     "warning",
     CLI_SYNOPSIS},
    CLI_OPT_END,
};

/* "-j" or "--timeout (seconds)": the option with a bad value, named
 * from its table entry. */
static void bad_value(int key, const char *value)
{
    const cli_option_t *o = cli_fetch_options;

    while (o->name && o->key != key)
        o++;
    if (o->key < 256)
        cli_error("fetch: bad value '%s' for -%c", value, o->key);
    else
        cli_error("fetch: bad value '%s' for --%s%s", value, o->name,
                  strcmp(o->arg, "SECS") == 0    ? " (seconds)"
                  : strcmp(o->arg, "BYTES") == 0 ? " (bytes; k, M)"
                                                 : "");
}

int cmd_fetch(cli_t *cli, int argc, char **argv)
{
    convert_args_t a;
    inspex_fetch_options_t fo;
    urls_t u = {NULL, 0, NULL, 0};
    const char *list = NULL;
    int c, rc = EXIT_OK, bad = 0;

    memset(&a, 0, sizeof(a));
    inspex_fetch_options_init(&fo);
    a.command = "fetch";
    a.from = "report";
    a.flags = INSPEX_ENGINE_FETCH_ALL;
    a.fetch = &fo;
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
        case 'i': list = optarg; break;
        case 'j': bad = parse_count(optarg, &fo.parallel, 1) ? c : 0; break;
        case OPT_PER_HOST:
            bad = parse_count(optarg, &fo.per_host, 1) ? c : 0;
            break;
        case OPT_RETRIES:
            bad = parse_count(optarg, &fo.retries, 0) ? c : 0;
            break;
        case OPT_TIMEOUT:
            bad = parse_secs(optarg, &fo.timeout_ms) || fo.timeout_ms == 0 ? c
                                                                           : 0;
            break;
        case OPT_CONNECT_TIMEOUT:
            bad = parse_secs(optarg, &fo.connect_timeout_ms) ||
                          fo.connect_timeout_ms == 0
                      ? c
                      : 0;
            break;
        case OPT_RETRY_DELAY:
            bad = parse_secs(optarg, &fo.retry_delay_ms) ? c : 0;
            break;
        case OPT_MAX_SIZE:
            bad = parse_size(optarg, &fo.max_bytes) ? c : 0;
            break;
        case OPT_CACHE: fo.cache_dir = optarg; break;
        case OPT_OFFLINE: fo.offline = 1; break;
        case OPT_STRICT:
            /* the importer's own option: it knows what a page lacks */
            rc = cli_plugin_option(cli, a.opts, "in.strict=true");
            if (rc != EXIT_OK)
                goto done;
            break;
        }
        if (bad) {
            bad_value(bad, optarg);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (fo.offline && fo.cache_dir == NULL) {
        cli_error("fetch: --offline needs --cache DIR");
        rc = EXIT_USAGE;
        goto done;
    }
    if (optind == argc && list == NULL) {
        cli_error("fetch: no URLs; give them as arguments or with -i FILE");
        rc = EXIT_USAGE;
        goto done;
    }
    for (int i = optind; i < argc && rc == EXIT_OK; i++) {
        if ((rc = check_input(argv[i])) == EXIT_OK && push(&u, argv[i], 0)) {
            cli_error("out of memory");
            rc = EXIT_IO;
        }
    }
    if (rc == EXIT_OK && list)
        rc = add_list(&u, list);
    if (rc == EXIT_OK && u.n == 0) {
        cli_error("fetch: no URLs; give them as arguments or with -i FILE");
        rc = EXIT_USAGE;
    }
    if (rc != EXIT_OK)
        goto done;
    a.inputs = u.v;
    a.ninputs = u.n;
    rc = cli_convert(cli, &a);
done:
    for (size_t i = 0; i < u.nowned; i++)
        free(u.owned[i]);
    free(u.owned);
    free(u.v);
    inspex_options_free(a.opts);
    return rc;
}
