/* info.c - `inspex info`: what the inputs hold, counted. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A small tally of labels, in order of first appearance. */
typedef struct tally {
    char **label;
    unsigned long *count;
    size_t n, cap;
} tally_t;

static int tally_add(tally_t *t, const char *label)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->label[i], label) == 0) {
            t->count[i]++;
            return 0;
        }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        char **l = realloc(t->label, cap * sizeof(*l));
        if (l == NULL)
            return -1;
        t->label = l;
        unsigned long *c = realloc(t->count, cap * sizeof(*c));
        if (c == NULL)
            return -1;
        t->count = c;
        t->cap = cap;
    }
    t->label[t->n] = strdup(label);
    if (t->label[t->n] == NULL)
        return -1;
    t->count[t->n++] = 1;
    return 0;
}

static void tally_print(cli_t *cli, const char *title, const tally_t *t)
{
    cli_printf(cli, "%s:\n", title);
    if (t->n == 0)
        cli_printf(cli, "  (none)\n");
    for (size_t i = 0; i < t->n; i++)
        cli_printf(cli, "  %-24s %lu\n", t->label[i], t->count[i]);
}

static void tally_free(tally_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->label[i]);
    free(t->label);
    free(t->count);
}

typedef struct counts {
    inspex_checker_t *checker; /* settles each framework; reports nothing */
    unsigned long inspections;
    tally_t frameworks, overall, standards;
} counts_t;

static inspex_status_t count(void *ud, inspex_inspection_t *insp,
                             inspex_error_t *err)
{
    counts_t *c = ud;
    const char *v;
    int bad = 0;

    c->inspections++;
    if (inspex_check(c->checker, insp) < 0)
        bad = 1;
    v = inspex_inspection_get(insp, INSPEX_FIELD_FRAMEWORK);
    bad |= tally_add(&c->frameworks, v ? v : "(unknown)");
    v = inspex_inspection_get(insp, INSPEX_FIELD_OVERALL_RATING);
    bad |= tally_add(&c->overall, v ? v : "(none)");
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        v = inspex_judgement_rating(inspex_inspection_judgement(insp, i));
        if (v)
            bad |= tally_add(&c->standards, v);
    }
    inspex_inspection_free(insp);
    return bad ? inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory")
               : INSPEX_OK;
}

const cli_option_t cli_info_options[] = {
    CLI_OPT_FROM,
    CLI_OPT_OPTION,
    CLI_OPT_END,
};

int cmd_info(cli_t *cli, int argc, char **argv)
{
    const char *from = NULL;
    counts_t counts;
    cli_import_t ci;
    inspex_options_t *opts = inspex_options_new();
    int c, rc = EXIT_OK;

    memset(&counts, 0, sizeof(counts));
    if (opts == NULL) {
        cli_error("out of memory");
        return EXIT_IO;
    }
    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0) {
        switch (c) {
        case 'f': from = optarg; break;
        case 'O':
            if ((rc = cli_plugin_option(cli, opts, optarg)) != EXIT_OK)
                goto done;
            break;
        }
    }
    if (c == CLI_STOP)
        goto done;
    if (optind == argc) {
        cli_error("info: no input; give a file, a URL or - for stdin");
        rc = EXIT_USAGE;
        goto done;
    }
    if ((rc = cli_load_registry(cli)) != EXIT_OK ||
        (rc = cli_load_frameworks(cli)) != EXIT_OK)
        goto done;
    if ((counts.checker = cli_checker(cli, NULL, NULL)) == NULL) {
        rc = EXIT_IO;
        goto done;
    }
    memset(&ci, 0, sizeof(ci));
    ci.from = from;
    ci.options = opts;
    ci.sink = count;
    ci.sink_userdata = &counts;
    rc = cli_import_all(cli, argv + optind, argc - optind, &ci);
    if (rc != EXIT_OK)
        goto done;
    cli_printf(cli, "inspections: %lu\n", counts.inspections);
    tally_print(cli, "frameworks", &counts.frameworks);
    tally_print(cli, "overall ratings", &counts.overall);
    tally_print(cli, "standard ratings", &counts.standards);
done:
    inspex_checker_free(counts.checker);
    tally_free(&counts.frameworks);
    tally_free(&counts.overall);
    tally_free(&counts.standards);
    inspex_options_free(opts);
    return rc;
}
