/* SPDX-License-Identifier: MIT */
/*
 * inspex/host.h - what a host program needs: the plugin registry, option
 * lists, and the import and export pipeline. Plugins do not need this
 * header; the `inspex` command is built on it.
 */
#ifndef INSPEX_HOST_H
#define INSPEX_HOST_H

#include <stddef.h>
#include <inspex/error.h>
#include <inspex/model.h>
#include <inspex/plugin.h>
#include <inspex/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Receives one line of text (a warning, a note); text is borrowed. */
typedef void (*inspex_message_fn)(void *userdata, const char *text);

/* ---- registry ----------------------------------------------------------- */

typedef struct inspex_registry inspex_registry_t;

/* A new, empty registry; the caller owns it (inspex_registry_free, which
 * also unloads the plugins). */
inspex_registry_t *inspex_registry_new(void);
void inspex_registry_free(inspex_registry_t *reg);
/* Unloads every plugin but those in keep[0..nkeep), giving back the
 * memory their libraries hold; the others are gone from the registry
 * (count, get, find and choose no longer see them), and their
 * descriptors must not be used again. For a host that knows which
 * importer and exporter it will use. */
void inspex_registry_keep_only(inspex_registry_t *reg,
                               const inspex_plugin_t *const *keep,
                               size_t nkeep);
/* Where warnings about skipped plugins go (default: nowhere). */
void inspex_registry_set_warning(inspex_registry_t *reg, inspex_message_fn fn,
                                 void *userdata);

/* Loads every "*.so" in dir. A plugin that cannot be used (dlopen fails,
 * no entry symbol, another ABI) is skipped with one warning naming the
 * file and the reason, and remembered so that asking for it by name is an
 * error. A name already loaded from an earlier directory is kept. A
 * missing dir is INSPEX_ERR_IO only when must_exist. */
inspex_status_t inspex_registry_load_dir(inspex_registry_t *reg,
                                         const char *dir, int must_exist,
                                         inspex_error_t *err);
/* Loads one plugin file, checked as load_dir does. INSPEX_ERR_PLUGIN
 * with the reason when it is refused (and remembered as skipped), or
 * when a plugin of its name is loaded already. */
inspex_status_t inspex_registry_load_file(inspex_registry_t *reg,
                                          const char *path,
                                          inspex_error_t *err);
/* Loads the standard search path, in order: each of dirs (--plugin-dir,
 * must exist), each directory in INSPEX_PLUGIN_PATH (colon-separated), the
 * installed plugin directory, and the build tree's plugins when the
 * running program is inside the build tree. */
inspex_status_t inspex_registry_load_default(inspex_registry_t *reg,
                                             const char *const *dirs,
                                             size_t ndirs, inspex_error_t *err);
/* The plugin search path of inspex_registry_load_default, in order:
 * dirs, INSPEX_PLUGIN_PATH's, the installed plugin directory, the build
 * tree's. The caller owns *paths (inspex_registry_paths_free).
 * INSPEX_ERR_NOMEM only. */
inspex_status_t inspex_registry_search_path(const char *const *dirs,
                                            size_t ndirs, char ***paths,
                                            size_t *n, inspex_error_t *err);
void inspex_registry_paths_free(char **paths, size_t n);

/* Adds a descriptor directly (origin names it in listings). The same ABI
 * and size checks apply. */
inspex_status_t inspex_registry_add(inspex_registry_t *reg,
                                    const inspex_plugin_t *plugin,
                                    const char *origin, inspex_error_t *err);

size_t inspex_registry_count(const inspex_registry_t *reg);
/* Plugin i in load order, borrowed; NULL when out of range. */
const inspex_plugin_t *inspex_registry_get(const inspex_registry_t *reg,
                                           size_t i);
/* The file plugin i was loaded from (or its origin). Borrowed. */
const char *inspex_registry_origin(const inspex_registry_t *reg, size_t i);
/* The plugin of a name, or NULL. */
const inspex_plugin_t *inspex_registry_find(const inspex_registry_t *reg,
                                            const char *name);

/* Plugin i's probe score for head (0..100, a plugin's value out of that
 * range clamped to it), run under the host's time limit and crash guard;
 * -1 when plugin i has no probe or does not import. */
int inspex_registry_probe(const inspex_registry_t *reg, size_t i,
                          const unsigned char *head, size_t len);
/* The headers version a plugin was built with (its descriptor's headers
 * field), or NULL when its descriptor predates the field or leaves it
 * unset. Borrowed from the plugin. */
const char *inspex_plugin_headers(const inspex_plugin_t *p);

size_t inspex_registry_broken_count(const inspex_registry_t *reg);
/* Skipped plugin i: name from its file name, its path and the reason. */
int inspex_registry_broken(const inspex_registry_t *reg, size_t i,
                           const char **name, const char **path,
                           const char **reason);

/* Chooses a plugin that has capability cap (INSPEX_CAP_IMPORT or
 * INSPEX_CAP_EXPORT): by name when name is not NULL; else by the extension
 * of filename (a ".gz" is stripped first); else, for import, by the best
 * probe score over head; never by a silent default. On success *out is
 * set and why (when not NULL) receives a sentence saying how it was
 * chosen. Errors: INSPEX_ERR_USAGE with the formats that would fit;
 * INSPEX_ERR_PLUGIN when the named plugin was skipped at load. */
inspex_status_t inspex_registry_choose(const inspex_registry_t *reg,
                                       unsigned cap, const char *name,
                                       const char *filename,
                                       const unsigned char *head, size_t len,
                                       const inspex_plugin_t **out, char *why,
                                       size_t whysize, inspex_error_t *err);

/* ---- checking a plugin file (inspex plugins check) ----------------------- */

/* What checking one plugin file found. Lists end with NULL (and may be
 * NULL when empty). */
typedef struct inspex_plugin_check {
    char *path; /* the file */
    char *name; /* the descriptor's name; NULL when none was read */
    unsigned capabilities;
    char **extensions; /* the extensions it claims */
    char *headers;     /* the headers version it recorded, or NULL */
    char *broken;      /* why the host cannot use it (refused, crashed,
                          hung, exited), or NULL when it can */
    char **warnings;   /* what is wrong but does not stop it */
    char **notes;      /* what was seen (probe scores of samples) */
} inspex_plugin_check_t;

/* Checks the plugin file path in a child process: loads it, calls its
 * entry, validates the descriptor as the registry does and more (help,
 * version, an importer nothing can choose), and calls its probe on
 * empty, random binary and sample input, twice each (same score, 0 to
 * 100), each step under the probe time limit (INSPEX_PROBE_TIMEOUT,
 * default 2 s). A crash, hang or exit() is put on the step it happened
 * in. The result is kept in the plugin cache, so that a broken file is
 * skipped (and a mended one loaded again) by every later command. The
 * caller owns *out (inspex_plugin_check_free). INSPEX_ERR_IO when no
 * child can be started, INSPEX_ERR_NOMEM. */
inspex_status_t inspex_plugin_check_file(const char *path,
                                         inspex_plugin_check_t **out,
                                         inspex_error_t *err);
void inspex_plugin_check_free(inspex_plugin_check_t *c);

/* ---- options ------------------------------------------------------------ */

typedef struct inspex_options inspex_options_t;

/* A new, empty option list; caller owns it (inspex_options_free). */
inspex_options_t *inspex_options_new(void);
void inspex_options_free(inspex_options_t *opts);
/* Adds "key=value". "in.key=value" and "out.key=value" address only the
 * importer or the exporter; a plain key goes to every plugin declaring
 * it. INSPEX_ERR_USAGE when there is no "=". */
inspex_status_t inspex_options_add(inspex_options_t *opts, const char *arg,
                                   inspex_error_t *err);
/* Checks every option against the declared tables of the importer and the
 * exporter (either may be NULL): an option neither declares is
 * "unknown option 'x'; valid options are a, b, c"; a value of the wrong
 * type names the option and what it takes; an option given without in.
 * or out. that both declare is ambiguous ("option 'layout' is taken by
 * both the csv importer and the csv exporter: write in.layout or
 * out.layout"). Without an exporter, out. options are not checked. */
inspex_status_t inspex_options_check(const inspex_options_t *opts,
                                     const inspex_plugin_t *importer,
                                     const inspex_plugin_t *exporter,
                                     inspex_error_t *err);

/* ---- pipeline ----------------------------------------------------------- */

/* Receives each imported inspection and takes ownership of it. Returns
 * INSPEX_OK to go on, anything else to stop (with err filled). */
typedef inspex_status_t (*inspex_sink_fn)(void *userdata,
                                          inspex_inspection_t *insp,
                                          inspex_error_t *err);

typedef struct inspex_import_params {
    const inspex_plugin_t *plugin;   /* an importer */
    inspex_reader_t *reader;         /* borrowed */
    const inspex_options_t *options; /* may be NULL */
    inspex_sink_fn sink;
    void *sink_userdata;
    int keep_going;           /* go on past rejected records */
    inspex_writer_t *rejects; /* where rejected records go; may be NULL */
    inspex_message_fn warn;   /* warnings ("warning: ...") */
    void *warn_userdata;
    inspex_message_fn reject; /* why each record was rejected;
                                 NULL: to warn */
    void *reject_userdata;
    const struct inspex_frameworks *frameworks; /* may be NULL */
    /* Queues a URL an importer found (inspex_import_follow); NULL when
     * the host does not fetch. */
    inspex_status_t (*follow)(void *userdata, const char *url,
                              inspex_error_t *err);
    void *follow_userdata;
    /* Receives each rejected record's reason and raw bytes (borrowed for
     * the call), with reject_userdata, instead of reject; may be NULL. */
    void (*reject_record)(void *userdata, const char *reason, const char *raw,
                          size_t len);
    /* Notes for the user under -v (inspex_import_note: what the importer
     * decided, its header plan for one); NULL when none are wanted, and
     * importers then do not build them. */
    inspex_message_fn note;
    void *note_userdata;
    unsigned long emitted;  /* out: records handed to the sink */
    unsigned long rejected; /* out: records rejected */
    /* The size limits the importer is held to (borrowed); NULL for the
     * defaults (inspex/limits.h). */
    const struct inspex_limits *limits;
    /* Takes insp, fetches url, imports it with whichever importer claims
     * it, merges what that gives into insp and then hands insp to the
     * sink (inspex_import_emit_merged); NULL when the host does not
     * fetch, and insp then goes to the sink as it is. */
    inspex_status_t (*merge)(void *userdata, inspex_inspection_t *insp,
                             const char *url, inspex_error_t *err);
    void *merge_userdata;
    /* As follow, with the flags of inspex_import_follow_ex
     * (INSPEX_FOLLOW_MAY_FAIL), and follow_userdata; when NULL, follow is
     * called and the flags are lost (a follow that may fail counts as
     * one that must not). */
    inspex_status_t (*follow_ex)(void *userdata, const char *url,
                                 unsigned flags, inspex_error_t *err);
} inspex_import_params_t;

/* Runs params->plugin's importer over params->reader. Nothing is checked
 * against a framework here: a whole conversion with the checks that
 * `inspex convert` makes is inspex/engine.h. */
inspex_status_t inspex_import_run(inspex_import_params_t *params,
                                  inspex_error_t *err);

typedef struct inspex_exporter inspex_exporter_t;

/* Starts an export to w (borrowed) with plugin's exporter; caller owns
 * *out (inspex_exporter_free). */
inspex_status_t inspex_exporter_open(const inspex_plugin_t *plugin,
                                     inspex_writer_t *w,
                                     const inspex_options_t *options,
                                     inspex_exporter_t **out,
                                     inspex_error_t *err);
/* Where the exporter's inspex_export_warn lines go (default: nowhere);
 * fn may be called from the thread that writes. */
void inspex_exporter_set_warning(inspex_exporter_t *ex, inspex_message_fn fn,
                                 void *userdata);
/* Gives the exporter the frameworks (borrowed; may be NULL); call it
 * before the first record. */
void inspex_exporter_set_frameworks(inspex_exporter_t *ex,
                                    const struct inspex_frameworks *set);
inspex_status_t inspex_exporter_write(inspex_exporter_t *ex,
                                      const inspex_inspection_t *insp,
                                      inspex_error_t *err);
/* Ends the export (footer etc.); the writer still needs committing. */
inspex_status_t inspex_exporter_finish(inspex_exporter_t *ex,
                                       inspex_error_t *err);
void inspex_exporter_free(inspex_exporter_t *ex);

#ifdef __cplusplus
}
#endif
#endif
