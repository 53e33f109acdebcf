/* SPDX-License-Identifier: MIT */
/*
 * markdown.h - what the markdown plugin's files share (internal).
 *
 * markdown.c        the descriptor and the option table
 * markdown_write.c  the exporter: holds every inspection, then writes one
 *                   GitHub-flavoured pipe table of inspections (a column
 *                   per standard) and, with -O sections=true, a section
 *                   per inspection with its score, recommendations and
 *                   improvement-plan actions
 *
 * The score's explanation is the html plugin's (plugins/html/
 * html_explain.c, compiled in here too).
 */
#ifndef INSPEX_PLUGIN_MARKDOWN_H
#define INSPEX_PLUGIN_MARKDOWN_H

#include <inspex/buf.h>
#include <inspex/plugin.h>

/* Appends s for a table cell or a line of text: Markdown's punctuation
 * (\ ` * _ [ ] < > | & ~) escaped with a backslash, so a pipe cannot end
 * a cell, and line ends as <br>, so a cell stays on its row. 0 or
 * INSPEX_BUF_NOMEM. */
int md__escape(inspex_buf_t *b, const char *s);

inspex_status_t md__begin(inspex_export_t *ctx, void **state,
                          inspex_error_t *err);
inspex_status_t md__record(inspex_export_t *ctx, void *state,
                           const inspex_inspection_t *insp,
                           inspex_error_t *err);
inspex_status_t md__end(inspex_export_t *ctx, void *state, inspex_error_t *err);
void md__free(void *state);

#endif
