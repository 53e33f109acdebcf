/* SPDX-License-Identifier: MIT */
/*
 * html.c - the html plugin: one self-contained report page (inline CSS,
 * SVG and a few lines of script; nothing fetched), for people who would
 * rather look than read rows. A whole-document output: the inspections
 * are held in memory until the last has come, then the page is written.
 */
#include "config.h"

#include "html.h"

static const char *const extensions[] = {"html", "htm", NULL};
static const char *const media_types[] = {"text/html", NULL};

static const inspex_option_t options[] = {{"title", INSPEX_OPT_STRING,
                                           "Inspection ratings",
                                           "the page's title and heading", NULL,
                                           INSPEX_OPT_EXPORT},
                                          {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t html_plugin = {
    INSPEX_PLUGIN_HEAD,
    .name = "html",
    .description = "a self-contained HTML report (writes only; holds the "
                   "dataset in memory)",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    /* no INSPEX_CAP_STREAM: the page needs every inspection first; it
     * shows a record that fails its checks, with why */
    .capabilities = INSPEX_CAP_EXPORT | INSPEX_CAP_SHOWS_CHECKS,
    .options = options,
    .probe = NULL,
    .import = NULL,
    .export_begin = html__begin,
    .export_record = html__record,
    .export_end = html__end,
    .export_free = html__free,
};

INSPEX_PLUGIN_DEFINE(html_plugin)
