/* fetch.c - `inspex fetch`: report pages fetched several at once and
 * imported as they arrive, by the library's engine (inspex/engine.h);
 * inspections are written in the order of the inputs, and a URL that
 * fails never loses the others. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int check_input(const char *spec)
{
    if (strcmp(spec, "-") == 0) {
        cli_error("fetch: - is not a URL; read URLs from stdin with -i -");
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
        case 'i': list = optarg; break;
        case 'j':
            bad = parse_count(optarg, &fo.parallel, 1) ? c : 0;
            break;
        case OPT_PER_HOST:
            bad = parse_count(optarg, &fo.per_host, 1) ? c : 0;
            break;
        case OPT_RETRIES:
            bad = parse_count(optarg, &fo.retries, 0) ? c : 0;
            break;
        case OPT_TIMEOUT:
            bad = parse_secs(optarg, &fo.timeout_ms) || fo.timeout_ms == 0
                      ? c : 0;
            break;
        case OPT_CONNECT_TIMEOUT:
            bad = parse_secs(optarg, &fo.connect_timeout_ms) ||
                          fo.connect_timeout_ms == 0
                      ? c : 0;
            break;
        case OPT_RETRY_DELAY:
            bad = parse_secs(optarg, &fo.retry_delay_ms) ? c : 0;
            break;
        case OPT_MAX_SIZE:
            bad = parse_size(optarg, &fo.max_bytes) ? c : 0;
            break;
        case OPT_CACHE: fo.cache_dir = optarg; break;
        case OPT_OFFLINE: fo.offline = 1; break;
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
