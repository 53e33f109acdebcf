/* SPDX-License-Identifier: MIT */
/*
 * inspex/plugin.h - the plugin ABI.
 *
 * A plugin is a shared object that exports one symbol, inspex_plugin_entry,
 * returning a pointer to a static inspex_plugin_t. The host reads abi and
 * size before any other field and refuses a plugin built for another ABI.
 * Importers push inspections, one at a time, to the host through
 * inspex_import_emit; exporters receive them one at a time through
 * export_record. Options are declared in a table that drives parsing,
 * `inspex formats NAME` and the "unknown option" error.
 *
 * The ABI, written down (docs/man/inspex-plugins.7 says the same):
 *
 *  - INSPEX_PLUGIN_ABI changes only when something a built plugin relies
 *    on changes meaning or place. The host accepts exactly its own ABI
 *    number and refuses any other by name ("built for plugin ABI 2, this
 *    inspex uses ABI 1").
 *  - Within one ABI the descriptor grows only at its end: a new field is
 *    appended after every existing one, and size (sizeof, as the plugin
 *    was compiled) tells the host which fields a plugin has; the host
 *    reads a field only when size covers it, and treats a missing one as
 *    NULL or 0. reserved[] is part of ABI 1's layout and stays NULL: it is
 *    not reused, and a non-NULL entry makes the plugin refused.
 *  - The functions a plugin calls (the services below, the model and the
 *    streams) are libinspex's exported symbols, all named inspex_ and
 *    listed in its linker version script (INSPEX_1): a symbol is never
 *    removed or changed within a soname (libinspex.so.0); new ones are
 *    added.
 *  - headers records the version of these headers the plugin was built
 *    with (INSPEX_PLUGIN_HEADERS), shown by `inspex formats`.
 *
 * Threads (what runs where, and what is serialised):
 *
 *  - The entry symbol, probe and import run on the thread that runs the
 *    conversion (the caller of inspex_engine_run). probe may be called
 *    many times, for different inputs, and must be a pure function of
 *    its bytes. Imports of several inputs are one after another.
 *  - export_begin, export_record, export_end and export_free of one
 *    export run one at a time, in that order, but not necessarily on the
 *    importer's thread: for an exporter with INSPEX_CAP_STREAM,
 *    export_record runs on the engine's writer thread while import goes
 *    on, on the other. An exporter's state is its own; static data
 *    shared between import and export must be locked or read-only.
 *  - Two conversions in one process may run at once (each on its own
 *    thread); a plugin keeps no mutable global state.
 *  - The services (inspex_import_*, inspex_export_*) are called only
 *    from within the entry point that was given the context.
 */
#ifndef INSPEX_PLUGIN_H
#define INSPEX_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <inspex/error.h>
#include <inspex/limits.h>
#include <inspex/model.h>
#include <inspex/stream.h>
#include <inspex/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The plugin ABI this header describes. */
#define INSPEX_PLUGIN_ABI 1
#define INSPEX_PLUGIN_ENTRY_SYMBOL "inspex_plugin_entry"
/* The version of the headers, for the descriptor's headers field. */
#define INSPEX_PLUGIN_HEADERS INSPEX_VERSION_STRING

/*
 * Probe levels: what a probe returns, by the evidence it has. The host
 * takes the best score over every plugin (a tie is an error that asks for
 * -f), so a probe that says more than its evidence takes inputs that are
 * not its own. The plugins shipped with inspex score:
 *   csv     5 one line without a delimiter, 30 a delimiter on the first
 *           line, 50 the same count of delimiters on the first two lines
 *   json    50 an object, 60 an array, 90 an object naming its "format"
 *   ndjson  20 one object, 40 an object on a single line, 70 an object
 *           closing a line and another opening the next
 *   report  60 an HTML doctype or <html> tag
 * `inspex probe FILE` prints every plugin's score for a file.
 */
#define INSPEX_PROBE_NO 0    /* not this format (or nothing to go on) */
#define INSPEX_PROBE_WEAK 10 /* nothing against it: text of any kind */
#define INSPEX_PROBE_POSSIBLE              \
    30 /* its general shape (delimiters, a \
          bracket) and nothing against it */
#define INSPEX_PROBE_LIKELY                   \
    50 /* its shape holds over the lines seen \
          (the same columns, whole records) */
#define INSPEX_PROBE_SIGNATURE                 \
    80 /* a marker of the format (magic bytes, \
          a doctype, a declared format key) */
#define INSPEX_PROBE_CERTAIN                  \
    100 /* a marker no other format has (this \
           plugin's own magic number) */

/* Capabilities. */
#define INSPEX_CAP_IMPORT 0x1u
#define INSPEX_CAP_EXPORT 0x2u
#define INSPEX_CAP_STREAM                          \
    0x4u /* export_record may be called as records \
            arrive; without it the host reads all  \
            input first */
#define INSPEX_CAP_FETCH                           \
    0x8u /* the importer reads web pages: a host   \
            that fetches (inspex/engine.h) fetches \
            the URLs among its inputs, several at  \
            once, and honours inspex_import_follow */
/* The exporter shows the framework checks' problems (the html report):
 * a record whose only faults are failed checks (a published score,
 * band or rating that disagrees with the one computed, say) is handed
 * to it instead of being rejected, and it reads the errors with
 * inspex_export_check. The host still reports each error, and the run
 * still fails (INSPEX_ERR_INVALID, exit status 1) once the output is
 * written. A record the importer could not read stays rejected. */
#define INSPEX_CAP_SHOWS_CHECKS 0x10u
/* The importer may run on several threads at once, each call with its
 * own input and context: it keeps nothing that another call writes (no
 * static state, or state it locks), and any library it uses is safe on
 * threads. The engine (inspex/engine.h) then imports the pages and
 * documents it has fetched on worker threads, one a processor, while it
 * goes on fetching, and likewise a run of local files read with it
 * (without keep-going), and still writes their records in input order.
 * Without it, each import runs on the calling or fetching thread, one at
 * a time. A document's records are held until its import ends, and the
 * import does not learn whether the checks or the output refused one
 * (as with the engine's writer thread): set it for importers of
 * documents of a few records (a page, a PDF), not of long tables. */
#define INSPEX_CAP_THREADS 0x20u

typedef enum inspex_opt_type {
    INSPEX_OPT_STRING,
    INSPEX_OPT_BOOL,   /* true/false, yes/no, 1/0, on/off */
    INSPEX_OPT_INT,    /* a whole number */
    INSPEX_OPT_CHOICE, /* one of the words in choices, "a|b|c" */
    INSPEX_OPT_CHAR    /* one character; "tab" and "\t" mean a tab */
} inspex_opt_type_t;

/* Where an option applies. */
#define INSPEX_OPT_IMPORT 0x1u
#define INSPEX_OPT_EXPORT 0x2u

typedef struct inspex_option {
    const char *name; /* "delimiter" */
    inspex_opt_type_t type;
    const char *default_value; /* as text; NULL for none */
    const char *help;          /* one line */
    const char *choices;       /* INSPEX_OPT_CHOICE: "wide|long|actions" */
    unsigned scope;            /* INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT */
} inspex_option_t;

/* Host contexts handed to the entry points; opaque. */
typedef struct inspex_import inspex_import_t;
typedef struct inspex_export inspex_export_t;

typedef struct inspex_plugin {
    uint32_t abi;            /* INSPEX_PLUGIN_ABI */
    uint32_t size;           /* sizeof(inspex_plugin_t) */
    const char *name;        /* format name: "csv" */
    const char *description; /* one line */
    const char *version;
    const char *const *extensions;  /* NULL-terminated, no dot: "csv" */
    const char *const *media_types; /* NULL-terminated */
    uint32_t capabilities;          /* INSPEX_CAP_* */
    const inspex_option_t *options; /* ends with a NULL name; may be NULL */

    /* How likely the leading bytes are this format, 0 (not) to 100 (sure).
     * data is decompressed; len may be short. May be NULL (never probed). */
    int (*probe)(const unsigned char *data, size_t len);

    /* Reads inspex_import_reader(ctx) and emits each inspection. Returns
     * INSPEX_OK, or the status of the failure with err filled. */
    inspex_status_t (*import)(inspex_import_t *ctx, inspex_error_t *err);

    /* Export: begin once (may set *state), record for each inspection
     * (borrowed), end once after the last. free releases state and is
     * called whatever happened, after end or instead of it. */
    inspex_status_t (*export_begin)(inspex_export_t *ctx, void **state,
                                    inspex_error_t *err);
    inspex_status_t (*export_record)(inspex_export_t *ctx, void *state,
                                     const inspex_inspection_t *insp,
                                     inspex_error_t *err);
    inspex_status_t (*export_end)(inspex_export_t *ctx, void *state,
                                  inspex_error_t *err);
    void (*export_free)(void *state);

    void *reserved[8]; /* ABI 1 padding: must be NULL, never reused */

    /* ---- appended since inspex 0.1 headers (size covers them) ---- */
    const char *headers; /* INSPEX_PLUGIN_HEADERS, the headers built with */
} inspex_plugin_t;

typedef const inspex_plugin_t *(*inspex_plugin_entry_fn)(void);

/* The first fields of every descriptor, in a designated initialiser:
 * static const inspex_plugin_t d = {INSPEX_PLUGIN_HEAD, .name = ...}. */
#define INSPEX_PLUGIN_HEAD                                     \
    .abi = INSPEX_PLUGIN_ABI, .size = sizeof(inspex_plugin_t), \
    .headers = INSPEX_PLUGIN_HEADERS

/* Defines the entry symbol for a descriptor object, with C linkage also
 * when compiled as C++. */
#ifdef __cplusplus
#define INSPEX__EXTERN_C extern "C"
#else
#define INSPEX__EXTERN_C
#endif
#define INSPEX_PLUGIN_DEFINE(descriptor)                               \
    INSPEX__EXTERN_C const inspex_plugin_t *inspex_plugin_entry(void); \
    INSPEX__EXTERN_C const inspex_plugin_t *inspex_plugin_entry(void)  \
    {                                                                  \
        return &(descriptor);                                          \
    }

/* ---- services for importers --------------------------------------------- */

/* The input to read. Borrowed for the duration of the import call. */
inspex_reader_t *inspex_import_reader(inspex_import_t *ctx);
/* The frameworks the host loaded, for mapping headers that name a
 * standard by its title (inspex_frameworks_match_standard); may be NULL.
 * Borrowed for the duration of the import call. */
const struct inspex_frameworks *inspex_import_frameworks(
    const inspex_import_t *ctx);
/* The input's name for messages ("fixtures/x.csv", "<stdin>", a URL). */
const char *inspex_import_source(const inspex_import_t *ctx);
/* An option's value as given with -O, else its declared default, else
 * NULL. Only options the plugin declared can be read. Borrowed. */
const char *inspex_import_option(const inspex_import_t *ctx, const char *name);
int inspex_import_option_bool(const inspex_import_t *ctx, const char *name);
long inspex_import_option_int(const inspex_import_t *ctx, const char *name);
/* An INSPEX_OPT_CHAR option as a byte ('\t' for "tab"), 0 when unset. */
int inspex_import_option_char(const inspex_import_t *ctx, const char *name);

/* Hands a finished inspection to the host, which takes ownership whatever
 * the result; raw holds the record's bytes as read (may be NULL). The
 * host checks the inspection against its framework: when it is invalid
 * and raw was given, the host treats it as inspex_import_reject would
 * (so under --keep-going it is kept in the rejects file and INSPEX_OK is
 * returned). Returns INSPEX_OK to go on; anything else means stop and
 * return that status (err says why); an invalid record given without raw
 * bytes comes back as INSPEX_ERR_INVALID for the importer to reject. */
inspex_status_t inspex_import_emit(inspex_import_t *ctx,
                                   inspex_inspection_t *insp, const char *raw,
                                   size_t len, inspex_error_t *err);
/* Reports a record that could not be turned into an inspection: raw holds
 * its bytes exactly as read, err the reason with its location. With
 * --keep-going the host writes both to the rejects file, clears err and
 * returns INSPEX_OK, and the importer goes on with the next record;
 * otherwise it returns err's code and the importer stops with it. */
inspex_status_t inspex_import_reject(inspex_import_t *ctx, const char *raw,
                                     size_t len, inspex_error_t *err);
/* 1 when a rejected record lets the import go on (--keep-going): an
 * importer then reads past the rest of a bad record to the next one,
 * which it need not do when the first bad record ends the import. */
int inspex_import_keep_going(const inspex_import_t *ctx);
/* The size limit of kind k this import is held to (inspex/limits.h):
 * the host's (`--limit`), else the default. Never 0. */
size_t inspex_import_limit(const inspex_import_t *ctx, inspex_limit_kind_t k);
/* Reports a record cut short because it passed a limit: head holds its
 * first headlen bytes as read (INSPEX_LIMIT_KEEP are enough; more are
 * not kept), total the bytes it had (as far as the importer read), err
 * the reason (inspex_limit_error). As inspex_import_reject otherwise:
 * with --keep-going the rejects file keeps the reason, the first bytes
 * and the size, and the importer goes on after the record. */
inspex_status_t inspex_import_reject_cut(inspex_import_t *ctx, const char *head,
                                         size_t headlen, size_t total,
                                         inspex_error_t *err);
/* A problem that does not stop the import (an unmapped column, say); shown
 * to the user as "inspex: source:line:col: warning: ...". */
void inspex_import_warn(inspex_import_t *ctx, unsigned long line,
                        unsigned long column, const char *fmt, ...)
    INSPEX_PRINTF(4, 5);

/* 1 when the user asked to be told what the importer decides (-v), so
 * that inspex_import_note is shown; an importer need not build its notes
 * when it is 0. */
int inspex_import_verbose(const inspex_import_t *ctx);
/* A note that is not a problem (which column went where, and why); shown
 * only under -v, as "inspex: source:line:col: ..." (line and column 0
 * when unknown). */
void inspex_import_note(inspex_import_t *ctx, unsigned long line,
                        unsigned long column, const char *fmt, ...)
    INSPEX_PRINTF(4, 5);

/* Asks the host to fetch url (absolute) and import it with this same
 * importer, as for the links of a listing page. The host decides whether
 * and when: a URL already fetched is not fetched again. INSPEX_ERR_USAGE
 * when the host does not fetch (a plain file import); other errors stop
 * the import. */
inspex_status_t inspex_import_follow(inspex_import_t *ctx, const char *url,
                                     inspex_error_t *err);

/* inspex_import_follow_ex's flags. INSPEX_FOLLOW_MAY_FAIL: url is a guess
 * that may not exist (the page after a listing's last, asked for because
 * the listing has no "next" link). When the server answers it with an
 * HTTP 4xx that says there is no such page (404, 410 and the others but
 * 408 and 429), it ends quietly: a note under -v, not a failed URL, and
 * the run's exit status does not change. A 5xx, a 408 or 429, a network
 * error, a file: URL that cannot be read, or a page the importer fails on
 * is still a failure: those say nothing about whether the page exists,
 * and ending quietly there would lose the pages after it without a word.
 * A URL also followed without the flag is followed as one that must
 * exist. */
#define INSPEX_FOLLOW_MAY_FAIL 1u

/* inspex_import_follow with flags (INSPEX_FOLLOW_*; 0 is
 * inspex_import_follow). Same ownership, errors and thread. */
inspex_status_t inspex_import_follow_ex(inspex_import_t *ctx, const char *url,
                                        unsigned flags, inspex_error_t *err);

/* Hands insp over as inspex_import_emit does (raw NULL), once the host
 * has fetched url (absolute) with the fetcher that fetched this input
 * (its cache, retries and per-host limits), imported it with whichever
 * importer claims it (by the response's media type, then the URL's
 * extension, then the content) and merged the inspection that gives
 * into insp: insp keeps its own values and gains what it lacks (fields,
 * judgements, recommendations and other items, extra); the source of
 * url that insp already lists gets the attributes the fetch adds; a
 * field or rating the two give differently keeps insp's, with a
 * warning. For a landing page and its report PDF. insp is taken
 * whatever the result; it reaches the host's output later, in its turn
 * among the records. When url fails, or gives no inspection, that is a
 * warning and insp goes on as it is. When the host does not fetch (a
 * file read as a stream, as `inspex convert` reads one), insp is emitted
 * at once as it is, with a note (-v) naming url. Returns INSPEX_OK to go
 * on, or as inspex_import_emit. */
inspex_status_t inspex_import_emit_merged(inspex_import_t *ctx,
                                          inspex_inspection_t *insp,
                                          const char *url, inspex_error_t *err);
/* 1 when inspex_import_emit_merged will fetch and merge (the host
 * fetches this input), 0 when it would emit the record as it is; so that
 * an importer can say what it will not have (a page whose ratings are
 * only in a PDF nobody will read). */
int inspex_import_merges(const inspex_import_t *ctx);

/* ---- services for exporters --------------------------------------------- */

/* The output to write to. Borrowed; the host commits it. */
inspex_writer_t *inspex_export_writer(inspex_export_t *ctx);
/* The frameworks the host loaded (NULL when it gave none), so that an
 * exporter can tell which headers its importer will read back as
 * standards. Borrowed. */
const struct inspex_frameworks *inspex_export_frameworks(
    const inspex_export_t *ctx);
struct inspex_problem; /* <inspex/framework.h> */

/* The framework checks of one inspection, for an exporter that shows
 * them (the html report): checks a copy of insp against the frameworks
 * the host loaded, as the host checked the record before handing it on,
 * and calls fn for each problem found (severity, check name, message;
 * borrowed for the call). The copy is settled, not insp: its computed
 * score and rating are the ones insp already carries. Duplicates are
 * found among the inspections given to this call in this export. Call it
 * from export_record or export_end only (the host's exporter thread).
 * Returns the number of errors found, or -1 when out of memory. */
int inspex_export_check(inspex_export_t *ctx, const inspex_inspection_t *insp,
                        void (*fn)(void *userdata,
                                   const struct inspex_problem *p),
                        void *userdata);
const char *inspex_export_option(const inspex_export_t *ctx, const char *name);
int inspex_export_option_bool(const inspex_export_t *ctx, const char *name);
long inspex_export_option_int(const inspex_export_t *ctx, const char *name);
int inspex_export_option_char(const inspex_export_t *ctx, const char *name);
/* A problem that does not stop the export (a value the format cannot
 * hold, say), about the record insp (may be NULL): shown as
 * "inspex: SOURCE:LINE: warning: BODY: ..." with the record's origin.
 * From export_record and export_end, on whichever thread runs them. */
void inspex_export_warn(inspex_export_t *ctx, const inspex_inspection_t *insp,
                        const char *fmt, ...) INSPEX_PRINTF(3, 4);

#ifdef __cplusplus
}
#endif
#endif
