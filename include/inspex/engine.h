/* SPDX-License-Identifier: MIT */
/*
 * inspex/engine.h - the conversion engine: inputs through their importers,
 * every inspection checked against its framework, into one exporter, as
 * `inspex convert` and `inspex fetch` run it.
 *
 * A conversion is an object: give it its inputs (paths, "-" for stdin,
 * URLs, memory), its output (a path, stdout or a writer), the formats and
 * options, then run it once. It reads on the calling thread and, for a
 * streaming exporter, checks and writes on a second thread in batches; a
 * whole-document exporter (JSON) gets every inspection at the end. An
 * output path is written to a temporary file beside it and renamed only
 * when the run succeeds: a failed run leaves no file and an existing one
 * untouched.
 *
 * Each input is read by the driver its importer asks for: an importer
 * with INSPEX_CAP_FETCH gets the URLs among the inputs fetched together
 * (several at once, retries, a cache; inspex/fetch.h), in input order,
 * and the links it follows (a listing page's reports) fetched after the
 * page, and the documents its records ask to be merged with (a landing
 * page's report PDF, inspex_import_emit_merged) fetched by the same
 * fetcher before the record is written; every other input, and a local
 * page, is opened as a stream. How
 * the format was chosen (named, by extension or by content) never
 * matters.
 *
 * Messages (warnings, notes, the reasons of failures the run goes past)
 * go to the message callback, one line each, without the "inspex: " a
 * command line puts in front. The failure that ends a run is in the
 * error object inspex_engine_run fills, not in a message.
 */
#ifndef INSPEX_ENGINE_H
#define INSPEX_ENGINE_H

#include <stddef.h>
#include <inspex/error.h>
#include <inspex/fetch.h>
#include <inspex/framework.h>
#include <inspex/host.h>
#include <inspex/limits.h>
#include <inspex/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_engine inspex_engine_t;

/* How much a message matters. */
typedef enum inspex_msg_level {
    INSPEX_MSG_NOTE,    /* what was chosen and why; only with
                           INSPEX_ENGINE_NOTES (a command line's -v) */
    INSPEX_MSG_WARNING, /* a problem that changes nothing (-q hides it) */
    INSPEX_MSG_ERROR    /* a record or URL that failed while the run went
                           on; never to be hidden */
} inspex_msg_level_t;

/* Receives one message; text is borrowed for the call. */
typedef void (*inspex_engine_message_fn)(void *userdata,
                                         inspex_msg_level_t level,
                                         const char *text);
/* Receives each rejected record (INSPEX_ENGINE_KEEP_GOING): why, located
 * ("file:line: ..."), and its raw bytes as read (len may be 0 when the
 * importer has none). Everything is borrowed for the call. */
typedef void (*inspex_engine_reject_fn)(void *userdata, const char *reason,
                                        const char *raw, size_t len);

/* Flags for inspex_engine_set_flags. */
#define INSPEX_ENGINE_KEEP_GOING 0x1u /* reject invalid records and go on */
#define INSPEX_ENGINE_NOTES 0x2u      /* make INSPEX_MSG_NOTE messages */
/* Every input is a URL to fetch with the importer, which must have
 * INSPEX_CAP_FETCH; a path is read as a file: URL ("-" is refused). As
 * `inspex fetch` does. */
#define INSPEX_ENGINE_FETCH_ALL 0x4u
/* Once the importer is known (named, or the only input), unload every
 * other plugin from the registry to give back their memory (see
 * inspex_registry_keep_only). For a process that runs one conversion. */
#define INSPEX_ENGINE_TRIM 0x8u
/* Check, write and import on the calling thread, without a writer
 * thread or workers importing documents (INSPEX_CAP_THREADS). The output
 * is the same. */
#define INSPEX_ENGINE_ONE_THREAD 0x10u
/* Make no INSPEX_MSG_WARNING messages (a command line's -q): warnings
 * are then not even formatted, which a long run of warned records pays
 * for otherwise. */
#define INSPEX_ENGINE_QUIET 0x20u
/* With inspex_engine_set_records: the checks and the record function run
 * on the engine's second thread, one record at a time and in the
 * records' order, while the calling thread reads (ignored with
 * INSPEX_ENGINE_ONE_THREAD). Messages keep the order they have on one
 * thread: an importer's warning, note or rejected record waits until
 * the records before it have been checked and given to fn. */
#define INSPEX_ENGINE_RECORDS_ASIDE 0x40u

/* A new conversion over the plugins of reg and the frameworks of set,
 * both borrowed and required: they must outlive the engine (an empty set
 * of frameworks leaves every inspection without one to be held to).
 * With INSPEX_ENGINE_TRIM the run unloads plugins from reg. The caller
 * owns the engine (inspex_engine_free). NULL when out of memory or when
 * reg or set is NULL. */
inspex_engine_t *inspex_engine_new(inspex_registry_t *reg,
                                   const inspex_frameworks_t *set);
/* Frees the engine and everything it copied; NULL is accepted. */
void inspex_engine_free(inspex_engine_t *e);

/* Adds an input, read in the order added: a path (a ".gz" file is
 * inflated), "-" for stdin (once), or an http, https or file URL. spec is
 * copied. INSPEX_ERR_NOMEM only. */
inspex_status_t inspex_engine_add_input(inspex_engine_t *e, const char *spec,
                                        inspex_error_t *err);
/* Adds len bytes at data as an input named name (copied; used in
 * messages and, when no input format is set, for its extension). data is
 * borrowed and must stay valid until the run returns. INSPEX_ERR_NOMEM
 * only. */
inspex_status_t inspex_engine_add_memory(inspex_engine_t *e, const void *data,
                                         size_t len, const char *name,
                                         inspex_error_t *err);
size_t inspex_engine_input_count(const inspex_engine_t *e);

/* The output: a path (copied), or NULL or "-" for stdout (the default).
 * Replaces a writer set before. INSPEX_ERR_NOMEM only. */
inspex_status_t inspex_engine_set_output(inspex_engine_t *e, const char *path,
                                         inspex_error_t *err);
/* The output is w (borrowed; it must outlive the run). The run writes
 * the whole export to it but does not commit it: the caller commits it
 * (inspex_writer_commit) after a run that succeeded, and frees it. A
 * memory writer lets a test read what was written (inspex_writer_data). */
void inspex_engine_set_output_writer(inspex_engine_t *e, inspex_writer_t *w);

/* The input format's name, for every input (NULL, the default: by each
 * input's extension, then by its content), and the output format's
 * (NULL: by the output path's extension). Names are copied, and checked
 * only by the run. INSPEX_ERR_NOMEM only. */
inspex_status_t inspex_engine_set_from(inspex_engine_t *e, const char *name,
                                       inspex_error_t *err);
inspex_status_t inspex_engine_set_to(inspex_engine_t *e, const char *name,
                                     inspex_error_t *err);
/* The importer's and exporter's options (borrowed; must outlive the
 * run; NULL for none). The run checks them against both plugins' tables
 * before anything is written. */
void inspex_engine_set_options(inspex_engine_t *e,
                               const inspex_options_t *opts);
/* INSPEX_ENGINE_* flags, replacing those set before (default 0). */
void inspex_engine_set_flags(inspex_engine_t *e, unsigned flags);
/* Where rejected records are written, each after a "# reason" line
 * (path copied; NULL for nowhere), atomically like the output. Needs
 * INSPEX_ENGINE_KEEP_GOING. INSPEX_ERR_NOMEM only. */
inspex_status_t inspex_engine_set_rejects(inspex_engine_t *e, const char *path,
                                          inspex_error_t *err);
/* Settings for the inputs that are fetched (copied; cache_dir stays
 * borrowed, see inspex/fetch.h). Default: inspex_fetch_options_init. */
void inspex_engine_set_fetch_options(inspex_engine_t *e,
                                     const inspex_fetch_options_t *o);
/* The size limits every importer is held to (inspex/limits.h; copied;
 * NULL, or a zero field, for the defaults). */
void inspex_engine_set_limits(inspex_engine_t *e, const inspex_limits_t *l);
/* A name put in front of messages about the engine's own settings
 * ("fetch: - is not a URL"); borrowed, may be NULL (the default). */
void inspex_engine_set_name(inspex_engine_t *e, const char *name);

/* Callbacks (each may be NULL: messages are dropped; without a reject
 * callback the reasons of rejected records are INSPEX_MSG_ERROR
 * messages). They are called inside inspex_engine_run, one at a time:
 * from the calling thread, or from the engine's writer thread for what
 * the checks of records find there. */
void inspex_engine_set_message(inspex_engine_t *e, inspex_engine_message_fn fn,
                               void *userdata);
void inspex_engine_set_reject(inspex_engine_t *e, inspex_engine_reject_fn fn,
                              void *userdata);
/* Counts while URLs are fetched, for a progress line (calling thread). */
void inspex_engine_set_progress(inspex_engine_t *e, inspex_fetch_progress_fn fn,
                                void *userdata);

/* Runs the conversion (again, with the same settings, if called again:
 * the counts start from 0; stdin is read only once). INSPEX_OK when every
 * record was written and the output committed. Otherwise err holds the one
 * failure that decided the status, located where known (file:line, URL):
 *   INSPEX_ERR_USAGE     no input, "-" twice, an unknown format or option,
 *                        rejects without keep-going, a memory input or
 *                        an importer that cannot be fetched with
 *                        INSPEX_ENGINE_FETCH_ALL; nothing written
 *   INSPEX_ERR_SYNTAX, _INVALID, _ENCODING
 *                        bad data stopped the run (no output file); or,
 *                        with INSPEX_ENGINE_KEEP_GOING, "N records
 *                        rejected": everything else was written
 *   INSPEX_ERR_NETWORK   "N of M URLs failed": the others were written
 *   INSPEX_ERR_IO, _PLUGIN, _NOMEM
 *                        reading, writing or a plugin failed (no output)
 * When URLs failed and records were rejected as well, the URLs' count is
 * an INSPEX_MSG_ERROR message and err has the rejects. */
inspex_status_t inspex_engine_run(inspex_engine_t *e, inspex_error_t *err);

/* ---- for hosts that count, group or only check (inspex info and
 * validate; added in ABI order after the calls above) ---------------- */

/* One message with what it is about, for a host that groups or counts
 * them. Everything is borrowed for the call. */
typedef struct inspex_engine_msg {
    inspex_msg_level_t level;
    /* what kind of message: a check's name ("standard-missing",
     * "score-percent", ...; see inspex/framework.h), "import-warning",
     * "invalid-record" (a record that could not be read), "import-note"
     * (an importer's: its header plan, say), "note" or "message"
     * (anything else); never NULL */
    const char *code;
    const char *text;      /* the whole line, as the plain callback gets it */
    const char *message;   /* a check's finding without location or name;
                              otherwise the same as text */
    const char *source;    /* a check's inspection: file or URL; else NULL */
    unsigned long line;    /* its line, 0 when unknown or not a check's */
    const char *label;     /* its name (inspex_inspection_label), or NULL */
    const char *published; /* its ISO publication date, or NULL */
    const inspex_problem_t *problem; /* a check's problem, else NULL */
} inspex_engine_msg_t;

typedef void (*inspex_engine_msg_fn)(void *userdata,
                                     const inspex_engine_msg_t *m);
/* Every message goes to fn instead of the plain message callback (which
 * is then not called); the same threads and order. NULL for none. */
void inspex_engine_set_message_ex(inspex_engine_t *e, inspex_engine_msg_fn fn,
                                  void *userdata);

/* Asked before a check's warning on a record is formatted, on the
 * thread that would say it, in the messages' order. m has its level,
 * code, source, line, label (as the inspection has it: not yet cleaned
 * of what a terminal must not get), published and problem (whose message
 * is NULL); its text and message are NULL. Return 1 to have it formatted
 * and given to the message function as usual; 0 when the host has no
 * use for its text (it counts the warning here, say, having shown the
 * first few of its kind): it is then not formatted, and the message
 * function does not get it. NULL, the default: every one is formatted.
 * Errors and the importers' own warnings are never asked about. */
typedef int (*inspex_engine_wanted_fn)(void *userdata,
                                       const inspex_engine_msg_t *m);
void inspex_engine_set_message_wanted(inspex_engine_t *e,
                                      inspex_engine_wanted_fn fn,
                                      void *userdata);

/* Receives each inspection once checked (borrowed for the call: the
 * engine frees it after). Returns INSPEX_OK to go on, anything else
 * (with err filled) to stop the run. */
typedef inspex_status_t (*inspex_engine_record_fn)(
    void *userdata, const inspex_inspection_t *insp, inspex_error_t *err);
/* Checks without converting: every inspection goes to fn (after its
 * check, on the calling thread) instead of an exporter, and no output is
 * opened (the output and the output format are ignored). A check's
 * errors do not reject the record: each is an INSPEX_MSG_ERROR message
 * with its code, and the record still reaches fn. Records that cannot be
 * read are still rejected (keep-going applies as for a conversion). NULL
 * (the default) converts. INSPEX_ENGINE_RECORDS_ASIDE moves the checks
 * and fn to a second thread. */
void inspex_engine_set_records(inspex_engine_t *e, inspex_engine_record_fn fn,
                               void *userdata);

/* How far the reading has gone, for a progress line. */
typedef struct inspex_engine_progress {
    unsigned long records;          /* records read so far */
    unsigned long long bytes;       /* bytes of the inputs read so far, as
                                       stored (compressed for .gz) */
    unsigned long long total_bytes; /* the inputs' total size, when every
                                      input is a file or memory; else 0 */
} inspex_engine_progress_t;
typedef void (*inspex_engine_progress_fn)(void *userdata,
                                          const inspex_engine_progress_t *p);
/* fn is called on the calling thread every 256 records read from a
 * stream (fetched inputs have inspex_engine_set_progress); NULL for
 * none. */
void inspex_engine_set_ticker(inspex_engine_t *e, inspex_engine_progress_fn fn,
                              void *userdata);

/* Counts of the last run, readable after it (also after a failure):
 * records the importers produced, records handed to the exporter,
 * records rejected, URLs fetched (followed links included; not the
 * documents merged into a page's record, inspex_import_emit_merged,
 * whose failures are warnings) and URLs that failed. */
unsigned long inspex_engine_read(const inspex_engine_t *e);
unsigned long inspex_engine_written(const inspex_engine_t *e);
unsigned long inspex_engine_rejected(const inspex_engine_t *e);
unsigned long inspex_engine_fetched(const inspex_engine_t *e);
unsigned long inspex_engine_failed(const inspex_engine_t *e);
/* 1 when the last run failed after part of its output had been written:
 * only an output that is not a file (standard output, "-"), which gets
 * the output as it is made, a buffer at a time, each ending at a record's
 * end; a file is written whole or not at all. */
int inspex_engine_output_partial(const inspex_engine_t *e);
/* outputs (issue 15): the records whose only faults were failed checks
 * that the output holds, written by an exporter with
 * INSPEX_CAP_SHOWS_CHECKS instead of being rejected (their errors were
 * said as messages, and the run returned INSPEX_ERR_INVALID); 0 when the
 * output was not written. */
unsigned long inspex_engine_shown(const inspex_engine_t *e);
/* The records the inputs held, as far as they were read: those the
 * importers produced and those they could not read (rejected before any
 * check). */
unsigned long inspex_engine_records(const inspex_engine_t *e);

#ifdef __cplusplus
}
#endif
#endif
