/* SPDX-License-Identifier: MIT */
/*
 * inspex/limits.h - how large one piece of input may be: a line, a field,
 * a record, a page.
 *
 * Input from a file or the network can be of any size: a gzip of one
 * 10 GiB line, /dev/zero, a page that never ends. Every importer holds
 * what it reads to these limits, the one set the host gives it
 * (inspex_import_limits), so that memory stays bounded whatever the input
 * and a record over a limit is refused with the same message, at its
 * place, whichever format it came in:
 *
 *   line    one line of text, as NDJSON reads a record a line and CSV
 *           reads its physical lines (default 64 MiB)
 *   field   one value: a CSV field, a JSON string (default 16 MiB)
 *   record  one record as read: a CSV row with its quoted line breaks,
 *           one inspection of a JSON document (default 64 MiB); an
 *           NDJSON record is its line
 *   page    one whole page or document read at once: an HTML report page
 *           (default 64 MiB)
 *
 * and a zip package (the spreadsheet importers, xlsx and ods) to four
 * more, against zip bombs, counted on the bytes actually inflated
 * whatever the package's headers claim:
 *
 *   zip-file   the package, read whole (its directory is at its end)
 *              (default 512 MiB)
 *   zip-entry  one entry, inflated (default 2 GiB)
 *   zip-total  all the entries one import inflates (default 4 GiB)
 *   zip-ratio  an entry's inflated size over its compressed size, past
 *              its first MiB: a number, not bytes (default 200)
 *
 * A record over a limit is bad data (INSPEX_ERR_LIMIT, exit status 1):
 * under --keep-going the importer passes over the rest of it, rejects it
 * with its first bytes and its size (inspex_import_reject_cut) and goes
 * on. A command line raises a limit with `--limit NAME=SIZE`.
 *
 * The functions keep no state; a limits object is the caller's.
 */
#ifndef INSPEX_LIMITS_H
#define INSPEX_LIMITS_H

#include <stddef.h>
#include <inspex/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum inspex_limit_kind {
    INSPEX_LIMIT_LINE,
    INSPEX_LIMIT_FIELD,
    INSPEX_LIMIT_RECORD,
    INSPEX_LIMIT_PAGE,
    /* the zip packages' (spreadsheets), added after the four above */
    INSPEX_LIMIT_ZIP_FILE,
    INSPEX_LIMIT_ZIP_ENTRY,
    INSPEX_LIMIT_ZIP_TOTAL,
    INSPEX_LIMIT_ZIP_RATIO,
    INSPEX_LIMIT_KINDS /* how many there are */
} inspex_limit_kind_t;

/* The most bytes each kind may hold; 0 takes the default. */
typedef struct inspex_limits {
    size_t max[INSPEX_LIMIT_KINDS];
} inspex_limits_t;

/* How many of a record's first bytes a rejects file keeps of a record
 * cut for a limit. */
#define INSPEX_LIMIT_KEEP 4096

/* Sets every limit to its default. */
void inspex_limits_init(inspex_limits_t *l);

/* The limit of kind k in l (NULL: the defaults), never 0. */
size_t inspex_limits_get(const inspex_limits_t *l, inspex_limit_kind_t k);

/* The kind's name, "line", "field", "record", "page", "zip-file",
 * "zip-entry", "zip-total" or "zip-ratio"; NULL for a kind that does not
 * exist. Static. */
const char *inspex_limit_name(inspex_limit_kind_t k);

/* Sets one limit from "NAME=SIZE", SIZE a whole number of bytes with an
 * optional K, M or G (KiB, MiB, GiB): "record=1G". INSPEX_ERR_USAGE for
 * an unknown name or a size that is not one, naming what was wrong. */
inspex_status_t inspex_limits_parse(inspex_limits_t *l, const char *spec,
                                    inspex_error_t *err);

/* Fills err with INSPEX_ERR_LIMIT for a piece of kind k that has passed
 * its limit max, located at source:line:column (0 for unknown), as one
 * sentence naming the size seen (at_least: 1 when reading stopped before
 * its end), the limit and the option that raises it. Returns
 * INSPEX_ERR_LIMIT. */
inspex_status_t inspex_limit_error(inspex_error_t *err, inspex_limit_kind_t k,
                                   size_t max, size_t seen, int at_least,
                                   const char *source, unsigned long line,
                                   unsigned long column);

/* Writes n bytes as "12 bytes", "3.2 KiB", "64 MiB" or "1.5 GiB" into buf
 * (always terminated). */
void inspex_size_text(size_t n, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
