/* SPDX-License-Identifier: MIT */
/* external.h - out-of-process plugins named by a manifest (external.c);
 * internal. */
#ifndef INSPEX_EXTERNAL_H
#define INSPEX_EXTERNAL_H

#include <inspex/plugin.h>

/* The file name suffix of a manifest in a plugin directory. */
#define INSPEX__MANIFEST_SUFFIX ".inspex-plugin"

/* A descriptor for the manifest at path (free with
 * inspex__external_free), or NULL with *why set (owned). */
const inspex_plugin_t *inspex__external_load(const char *path, char **why);
void inspex__external_free(const inspex_plugin_t *p);
/* The manifest's probe (a prefix and its score). */
int inspex__external_probe(const inspex_plugin_t *p, const unsigned char *data,
                           size_t len);
/* Gives p the ndjson plugin loaded from origin, which reads and writes
 * its stream; loaded again for p, so it stays while p does. */
void inspex__external_use_ndjson(const inspex_plugin_t *p, const char *origin);

#endif
