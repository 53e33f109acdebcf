/* SPDX-License-Identifier: MIT */
/*
 * inspex/testing.h - the plugin author's test kit, installed with
 * libinspex. It runs a plugin through the same conversion engine as
 * `inspex convert` (inspex/engine.h): the format and option checks, the
 * framework checks of every inspection, --keep-going and its rejects,
 * the exporter on the engine's writer thread. So a plugin's unit tests
 * and the command line agree.
 *
 *   inspex_testkit_t *kit = inspex_testkit_new(err);
 *   inspex_testkit_load(kit, "./.libs/myformat.so", err);
 *   inspex_testkit_import(kit, bytes, len, "in.myf", NULL, 0, &ds, err);
 *   inspex_testkit_export(kit, ds, NULL, &out, &outlen, err);
 *   inspex_testkit_golden(out, outlen, "tests/expected.csv", err);
 *
 * Everything is borrowed unless said otherwise. A kit is used from one
 * thread at a time.
 */
#ifndef INSPEX_TESTING_H
#define INSPEX_TESTING_H

#include <stddef.h>
#include <inspex/engine.h>
#include <inspex/error.h>
#include <inspex/host.h>
#include <inspex/model.h>
#include <inspex/plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_testkit inspex_testkit_t;

/* A kit with the frameworks of the default path (INSPEX_FRAMEWORK_PATH,
 * then the installed ones) and no plugin yet. The caller owns it
 * (inspex_testkit_free). NULL with err set when out of memory or when a
 * framework file is broken. */
inspex_testkit_t *inspex_testkit_new(inspex_error_t *err);
void inspex_testkit_free(inspex_testkit_t *kit);

/* The plugin under test: a file, loaded and checked as the registry
 * does (INSPEX_ERR_PLUGIN with the reason when it is refused), or a
 * descriptor linked into the test. One plugin per kit. */
inspex_status_t inspex_testkit_load(inspex_testkit_t *kit, const char *path,
                                    inspex_error_t *err);
inspex_status_t inspex_testkit_add(inspex_testkit_t *kit,
                                   const inspex_plugin_t *plugin,
                                   inspex_error_t *err);
/* The plugin under test, or NULL. */
const inspex_plugin_t *inspex_testkit_plugin(const inspex_testkit_t *kit);

/* Imports len bytes at data, named name (for messages; its extension is
 * not used: the plugin under test reads it), with opts (may be NULL) and
 * INSPEX_ENGINE_* flags (INSPEX_ENGINE_KEEP_GOING). On INSPEX_OK *out is
 * a new dataset of every inspection the engine passed on, which the
 * caller owns; on failure *out is NULL and err is what `inspex convert`
 * would print. Either way the run's messages and rejects are kept until
 * the next run (inspex_testkit_messages, _rejects). */
inspex_status_t inspex_testkit_import(inspex_testkit_t *kit, const void *data,
                                      size_t len, const char *name,
                                      const inspex_options_t *opts,
                                      unsigned flags, inspex_dataset_t **out,
                                      inspex_error_t *err);
/* Exports every inspection of ds with the plugin under test and opts
 * (may be NULL). On INSPEX_OK *out is the bytes written, NUL-terminated
 * (the caller owns it, free()), and *len their count. */
inspex_status_t inspex_testkit_export(inspex_testkit_t *kit,
                                      const inspex_dataset_t *ds,
                                      const inspex_options_t *opts, char **out,
                                      size_t *len, inspex_error_t *err);

/* The last run's messages, one a line as `inspex` prints them without
 * "inspex: " ("" when none); the rejects file it would have written
 * ("# reason" lines, each followed by the raw record), its length in
 * *len; and the count of records rejected. */
const char *inspex_testkit_messages(const inspex_testkit_t *kit);
const char *inspex_testkit_rejects(const inspex_testkit_t *kit, size_t *len);
unsigned long inspex_testkit_rejected(const inspex_testkit_t *kit);

/* Compares len bytes at data with the file path: INSPEX_OK when equal,
 * INSPEX_ERR_INVALID naming the first line that differs (with both
 * lines), INSPEX_ERR_IO when path cannot be read. With INSPEX_UPDATE_GOLDEN=1
 * in the environment it writes data to path instead. */
inspex_status_t inspex_testkit_golden(const void *data, size_t len,
                                      const char *path, inspex_error_t *err);

/* Imports data, exports the result with the plugin under test, imports
 * that again and compares the two datasets inspection by inspection
 * (inspex_inspection_equal). INSPEX_ERR_INVALID naming the first
 * inspection that changed; INSPEX_ERR_USAGE when the plugin does not
 * both import and export. */
inspex_status_t inspex_testkit_roundtrip(inspex_testkit_t *kit,
                                         const void *data, size_t len,
                                         const char *name, inspex_error_t *err);

/* The conformance suite (`inspex plugins test`): empty and truncated
 * input, invalid UTF-8, a 64 MiB line, CRLF and a byte-order mark,
 * --keep-going accounting (every rejected record's bytes are in the
 * rejects), the option table, probe bounds and determinism, and the
 * export of an inspection carrying every field, item and extra. sample
 * (may be NULL) is a valid input for an importer. Each finding goes to
 * report as one line ("ok: ...", "FAIL: ...", "skip: ...", or "lossy:
 * ..." for what an exporter's format cannot keep); returns the
 * number of failures. */
unsigned inspex_testkit_conformance(inspex_testkit_t *kit, const void *sample,
                                    size_t len, inspex_message_fn report,
                                    void *userdata);

#ifdef __cplusplus
}
#endif
#endif
