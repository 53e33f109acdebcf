/* SPDX-License-Identifier: MIT */
/* frameworks.c - `inspex frameworks`: the inspection frameworks known. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static json_t *framework_json(const inspex_framework_t *fw)
{
    json_t *o = json_object(), *scale = json_array(), *std = json_array();
    inspex_date_t from, to;
    char a[16], b[16];
    int max;

    inspex_framework_in_force(fw, &from, &to);
    inspex_date_format(&from, a, sizeof(a));
    inspex_date_format(&to, b, sizeof(b));
    json_object_set_new(o, "id", json_string(inspex_framework_id(fw)));
    json_object_set_new(o, "title", json_string(inspex_framework_title(fw)));
    json_object_set_new(o, "inspectorate",
                        json_string(inspex_framework_inspectorate(fw)));
    json_object_set_new(o, "in_force",
                        json_pack("{s:o,s:o}", "from",
                                  a[0] ? json_string(a) : json_null(), "to",
                                  b[0] ? json_string(b) : json_null()));
    for (size_t i = 0; i < inspex_framework_rating_count(fw); i++) {
        const char *label;
        int points;
        inspex_framework_rating(fw, i, &label, &points);
        json_array_append_new(scale,
                              json_pack("{s:s,s:o}", "label", label, "points",
                                        points < 0 ? json_null()
                                                   : json_integer(points)));
    }
    json_object_set_new(o, "scale", scale);
    for (size_t i = 0; i < inspex_framework_standard_count(fw); i++) {
        const char *code, *title, *domain;
        int counted;
        inspex_framework_standard(fw, i, &code, &title, &domain, &counted);
        json_array_append_new(std, json_pack("{s:s,s:s,s:o,s:b}", "code", code,
                                             "title", title, "domain",
                                             domain ? json_string(domain)
                                                    : json_null(),
                                             "counted", counted));
    }
    json_object_set_new(o, "standards", std);
    json_object_set_new(o, "score_max",
                        inspex_framework_scoring(fw, &max) ? json_integer(max)
                                                           : json_null());
    json_object_set_new(o, "file", json_string(inspex_framework_path(fw)));
    return o;
}

static void show(cli_t *cli, const inspex_framework_t *fw)
{
    char range[64];
    int max;

    inspex_framework_in_force_text(fw, range, sizeof(range));
    cli_printf(cli, "%s - %s\n", inspex_framework_id(fw),
               inspex_framework_title(fw));
    cli_printf(cli,
               "  inspectorate: %s\n  in force:     %s\n  file:         %s\n",
               inspex_framework_inspectorate(fw), range,
               inspex_framework_path(fw));
    cli_printf(cli, "  scale:\n");
    for (size_t i = 0; i < inspex_framework_rating_count(fw); i++) {
        const char *label;
        int points;
        inspex_framework_rating(fw, i, &label, &points);
        if (points >= 0)
            cli_printf(cli, "    %-24s %d point%s\n", label, points,
                       points == 1 ? "" : "s");
        else
            cli_printf(cli, "    %s\n", label);
    }
    cli_printf(cli, "  standards%s:\n",
               inspex_framework_standards_complete(fw) ? ""
                                                       : " (not all known)");
    for (size_t i = 0; i < inspex_framework_standard_count(fw); i++) {
        const char *code, *title;
        int counted;
        inspex_framework_standard(fw, i, &code, &title, NULL, &counted);
        cli_printf(cli, "    %-12s %s%s\n", code, title,
                   counted ? "" : " (not counted towards the score)");
    }
    if (inspex_framework_scoring(fw, &max)) {
        cli_printf(cli,
                   "  score: sum of points, out of %d; overall rating by "
                   "band:\n",
                   max);
        for (long v = 0; v <= max;) {
            long lo, hi;
            const char *band = inspex_framework_band(fw, v, &lo, &hi);
            cli_printf(cli, "    %2ld-%-2ld %s\n", lo, hi, band);
            v = hi + 1;
        }
    } else {
        cli_printf(cli, "  score: none (no scoring rule)\n");
    }
}

const cli_option_t cli_frameworks_options[] = {
    CLI_OPT_JSON("print the frameworks (or the one) as JSON"),
    CLI_OPT_END,
};

int cmd_frameworks(cli_t *cli, int argc, char **argv)
{
    int c, as_json = 0, rc = EXIT_OK;
    const char *id = NULL;
    json_t *list = NULL;

    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0)
        if (c == OPT_JSON)
            as_json = 1;
    if (c == CLI_STOP)
        return rc;
    if (optind < argc)
        id = argv[optind++];
    if (optind < argc) {
        cli_error("frameworks: one framework id at most");
        return EXIT_USAGE;
    }
    if ((rc = cli_load_frameworks(cli)) != EXIT_OK)
        return rc;
    if (as_json)
        list = json_array();
    for (size_t i = 0; i < inspex_frameworks_count(cli->frameworks); i++) {
        const inspex_framework_t *fw = inspex_frameworks_get(cli->frameworks,
                                                             i);
        char range[64], score[32] = "not scored";
        int max;

        if (id && strcmp(id, inspex_framework_id(fw)) != 0)
            continue;
        if (as_json) {
            json_array_append_new(list, framework_json(fw));
            continue;
        }
        if (id) {
            show(cli, fw);
            continue;
        }
        inspex_framework_in_force_text(fw, range, sizeof(range));
        if (inspex_framework_scoring(fw, &max))
            snprintf(score, sizeof(score), "score out of %d", max);
        cli_printf(cli, "%-16s %-6s %-19s %2zu standards  %s\n",
                   inspex_framework_id(fw), inspex_framework_inspectorate(fw),
                   range, inspex_framework_standard_count(fw), score);
    }
    if (id && inspex_frameworks_find(cli->frameworks, id) == NULL) {
        json_decref(list);
        cli_error("unknown framework '%s'; 'inspex frameworks' lists them", id);
        return EXIT_USAGE;
    }
    if (as_json) {
        json_t *out = id ? json_incref(json_array_get(list, 0))
                         : json_incref(list);
        json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        cli_printf(cli, "\n");
        json_decref(out);
        json_decref(list);
    }
    return EXIT_OK;
}
