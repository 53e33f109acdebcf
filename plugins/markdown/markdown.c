/* SPDX-License-Identifier: MIT */
/*
 * markdown.c - the markdown plugin: GitHub-flavoured Markdown pipe tables
 * of inspections, for READMEs, issues and `pandoc -o report.docx`. A
 * whole-document output: the table's columns (a standard each) are known
 * only when every inspection has come, so they are held until then.
 */
#include "config.h"

#include "markdown.h"

static const char *const extensions[] = {"md", "markdown", NULL};
static const char *const media_types[] = {"text/markdown", NULL};

static const inspex_option_t options[] = {
    {"sections", INSPEX_OPT_BOOL, "false",
     "after the table, a section per inspection with its score, "
     "recommendations and improvement-plan actions",
     NULL, INSPEX_OPT_EXPORT},
    {"title", INSPEX_OPT_STRING, "Inspection ratings",
     "the document's heading; empty for none", NULL, INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t markdown_plugin = {
    INSPEX_PLUGIN_HEAD,
    .name = "markdown",
    .description = "GitHub-flavoured Markdown tables (writes only; holds the "
                   "dataset in memory)",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    /* no INSPEX_CAP_STREAM: the columns need every inspection first */
    .capabilities = INSPEX_CAP_EXPORT,
    .options = options,
    .probe = NULL,
    .import = NULL,
    .export_begin = md__begin,
    .export_record = md__record,
    .export_end = md__end,
    .export_free = md__free,
};

INSPEX_PLUGIN_DEFINE(markdown_plugin)
