/* SPDX-License-Identifier: MIT */
/* probe.c - `inspex probe FILE`: every importer's probe score for a file,
 * and why the format that would be chosen wins. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* plugin.h's level for a score. */
static const char *level(int s)
{
    if (s <= INSPEX_PROBE_NO)
        return "no";
    if (s < INSPEX_PROBE_POSSIBLE)
        return "weak";
    if (s < INSPEX_PROBE_LIKELY)
        return "possible";
    if (s < INSPEX_PROBE_SIGNATURE)
        return "likely";
    if (s < INSPEX_PROBE_CERTAIN)
        return "signature";
    return "certain";
}

typedef struct scored {
    size_t i;
    int score;
} scored_t;

static int by_score(const void *a, const void *b)
{
    const scored_t *x = a, *y = b;

    if (x->score != y->score)
        return y->score - x->score;
    return x->i < y->i ? -1 : x->i > y->i;
}

const cli_option_t cli_probe_options[] = {
    CLI_OPT_END,
};

/* The scores, best first. */
static void print_scores(cli_t *cli, const unsigned char *head, size_t len)
{
    size_t n = inspex_registry_count(cli->reg), k = 0;
    scored_t *s = calloc(n ? n : 1, sizeof(*s));

    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        int score = inspex_registry_probe(cli->reg, i, head, len);
        if (score >= 0)
            s[k++] = (scored_t){i, score};
    }
    qsort(s, k, sizeof(*s), by_score);
    for (size_t j = 0; j < k; j++)
        cli_printf(cli, "%-10s %3d  %-9s  %s\n",
                   inspex_registry_get(cli->reg, s[j].i)->name, s[j].score,
                   level(s[j].score), inspex_registry_origin(cli->reg, s[j].i));
    for (size_t i = 0; i < n; i++) {
        const inspex_plugin_t *p = inspex_registry_get(cli->reg, i);
        if ((p->capabilities & INSPEX_CAP_IMPORT) && p->probe == NULL)
            cli_printf(cli, "%-10s   -  %-9s  %s\n", p->name, "no probe",
                       inspex_registry_origin(cli->reg, i));
    }
    free(s);
}

int cmd_probe(cli_t *cli, int argc, char **argv)
{
    const unsigned char *head = NULL;
    inspex_reader_t *r = NULL;
    const inspex_plugin_t *p = NULL;
    char why[160];
    size_t len = 0;
    int c, rc = EXIT_OK;
    inspex_status_t st;

    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0)
        ;
    if (c == CLI_STOP)
        return rc;
    if (optind + 1 != argc) {
        cli_error("probe: one input file");
        return EXIT_USAGE;
    }
    if ((rc = cli_load_registry(cli)) != EXIT_OK)
        return rc;
    st = inspex_reader_open(argv[optind], NULL, &r, cli->err);
    if (st == INSPEX_OK)
        st = inspex_reader_peek(r, 4096, &head, &len, cli->err);
    if (st != INSPEX_OK) {
        cli_report(cli);
        inspex_reader_free(r);
        return cli_exit_status(st);
    }
    print_scores(cli, head, len);
    /* What convert would do: the extension first, then the content. */
    st = inspex_registry_choose(cli->reg, INSPEX_CAP_IMPORT, NULL,
                                inspex_reader_name(r), head, len, &p, why,
                                sizeof(why), cli->err);
    if (st == INSPEX_OK) {
        cli_printf(cli, "chosen: %s, %s%s\n", p->name, why,
                   strncmp(why, "by its content", 14) == 0
                       ? ": the highest score, and no other as high"
                       : " (an extension decides before content)");
    } else {
        cli_report(cli);
        rc = cli_exit_status(st);
    }
    inspex_reader_free(r);
    return rc;
}
