/* SPDX-License-Identifier: MIT */
/*
 * inspex/plugin.h - the plugin ABI, frozen as it was before the headers
 * version was appended (tests/plugins/frozen.c builds against it: a
 * plugin built then must load now). Never edit this copy.
 *
 * A plugin is a shared object that exports one symbol, inspex_plugin_entry,
 * returning a pointer to a static inspex_plugin_t. The host reads abi and
 * size before any other field and refuses a plugin built for another ABI.
 * New fields are only ever added at the end (into the reserved room), so
 * size tells the host which fields a plugin knows.
 *
 * Importers push inspections, one at a time, to the host through
 * inspex_import_emit; exporters receive them one at a time through
 * export_record. Options are declared in a table that drives parsing,
 * `inspex formats NAME` and the "unknown option" error.
 */
#ifndef INSPEX_PLUGIN_H
#define INSPEX_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <inspex/error.h>
#include <inspex/model.h>
#include <inspex/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The plugin ABI this header describes. */
#define INSPEX_PLUGIN_ABI 1
#define INSPEX_PLUGIN_ENTRY_SYMBOL "inspex_plugin_entry"

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

    void *reserved[8]; /* room to grow; must be NULL */
} inspex_plugin_t;

typedef const inspex_plugin_t *(*inspex_plugin_entry_fn)(void);

/* Defines the entry symbol for a descriptor object. */
#define INSPEX_PLUGIN_DEFINE(descriptor)              \
    const inspex_plugin_t *inspex_plugin_entry(void); \
    const inspex_plugin_t *inspex_plugin_entry(void)  \
    {                                                 \
        return &(descriptor);                         \
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

/* ---- services for exporters --------------------------------------------- */

/* The output to write to. Borrowed; the host commits it. */
inspex_writer_t *inspex_export_writer(inspex_export_t *ctx);
/* The frameworks the host loaded (NULL when it gave none), so that an
 * exporter can tell which headers its importer will read back as
 * standards. Borrowed. */
const struct inspex_frameworks *inspex_export_frameworks(
    const inspex_export_t *ctx);
const char *inspex_export_option(const inspex_export_t *ctx, const char *name);
int inspex_export_option_bool(const inspex_export_t *ctx, const char *name);
long inspex_export_option_int(const inspex_export_t *ctx, const char *name);
int inspex_export_option_char(const inspex_export_t *ctx, const char *name);

#ifdef __cplusplus
}
#endif
#endif
