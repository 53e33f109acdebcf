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

#endif
