/* SPDX-License-Identifier: MIT */
/* pipeline.h - option lookups shared by the import and export contexts. */
#ifndef INSPEX_PIPELINE_H
#define INSPEX_PIPELINE_H

#include <inspex/host.h>

/* The value of a declared option for scope: given with -O, else the
 * declared default, else NULL. Borrowed. */
const char *inspex__option_value(const inspex_options_t *opts,
                                 const inspex_plugin_t *p, unsigned scope,
                                 const char *name);
/* 1 or 0 for a boolean word, -1 for anything else. */
int inspex__parse_bool(const char *v);
/* The byte of a one-character option value ('\t' for "tab"), or -1. */
int inspex__parse_char(const char *v);
/* INSPEX_OK when v is a value option o takes, else INSPEX_ERR_USAGE
 * with the message -O gives. */
inspex_status_t inspex__option_check_value(const inspex_option_t *o,
                                           const char *v, inspex_error_t *err);
/* NULL when the descriptor p is one the host can use, else why not
 * (owned): every rule of the ABI (abi, size, reserved, name,
 * capabilities, entry points, extensions, the option table). */
char *inspex__plugin_validate(const inspex_plugin_t *p);
/* The plugin a context was made for (the test kit's own importer and
 * exporter find their kit from it). */
const inspex_plugin_t *inspex__import_plugin(const inspex_import_t *ctx);
const inspex_plugin_t *inspex__export_plugin(const inspex_export_t *ctx);
/* The -O options a context was given (may be NULL). */
const inspex_options_t *inspex__import_options(const inspex_import_t *ctx);
const inspex_options_t *inspex__export_options(const inspex_export_t *ctx);

#endif
