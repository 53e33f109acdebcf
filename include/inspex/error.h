/* SPDX-License-Identifier: MIT */
/*
 * inspex/error.h - status codes and the error object.
 *
 * Every function that can fail returns an inspex_status_t (INSPEX_OK is 0)
 * and, when given one, fills an inspex_error_t with a message and, where
 * known, a location: source (file name or URL), line, column, record number.
 */
#ifndef INSPEX_ERROR_H
#define INSPEX_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define INSPEX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define INSPEX_PRINTF(f, a)
#endif

/*
 * Every status code, once: X(value, NAME, message, exit), expanded below
 * into the enum (INSPEX_<NAME> = value), by inspex_strerror() into its
 * messages and by the inspex program into its exit statuses. Expand it
 * with a macro of your own for a table or a switch of every code.
 *   value    the code's number; part of the ABI: never change or reuse one
 *   message  inspex_strerror()'s text
 *   exit     what the inspex program exits with when a command ends with
 *            the code: 0 ok, 1 data invalid, 2 usage, 3 I/O or network,
 *            4 plugin (see inspex(1))
 */
#define INSPEX_STATUS_MAP(X)                      \
    X(0, OK, "success", 0)                        \
    /* out of memory */                           \
    X(1, ERR_NOMEM, "out of memory", 3)           \
    /* bad arguments, unknown format or option */ \
    X(2, ERR_USAGE, "usage error", 2)             \
    /* a file could not be read or written */     \
    X(3, ERR_IO, "input/output error", 3)         \
    /* a URL could not be fetched */              \
    X(4, ERR_NETWORK, "network error", 3)         \
    /* input is not well-formed for its format */ \
    X(5, ERR_SYNTAX, "malformed input", 1)        \
    /* well-formed, but a value is invalid */     \
    X(6, ERR_INVALID, "invalid data", 1)          \
    /* text is not valid UTF-8 */                 \
    X(7, ERR_ENCODING, "invalid UTF-8", 1)        \
    /* a plugin could not be loaded or used */    \
    X(8, ERR_PLUGIN, "plugin error", 4)           \
    /* a sink asked the producer to stop early */ \
    X(9, ERR_STOP, "stopped", 0)                  \
    /* a line, field, record or page is larger    \
       than its limit (inspex/limits.h) */        \
    X(10, ERR_LIMIT, "input over a size limit", 1)

#define INSPEX_STATUS_ENUM_(value, name, message, exit) INSPEX_##name = value,
typedef enum inspex_status {
    INSPEX_STATUS_MAP(INSPEX_STATUS_ENUM_)
} inspex_status_t;
#undef INSPEX_STATUS_ENUM_

typedef struct inspex_error inspex_error_t;

/* A new, empty error object; the caller owns it (inspex_error_free).
 * Returns NULL when out of memory. */
inspex_error_t *inspex_error_new(void);
/* Frees an error object; NULL is accepted. */
void inspex_error_free(inspex_error_t *err);
/* Empties the error object so it can be reused. */
void inspex_error_clear(inspex_error_t *err);

/* Sets the code and message (printf format) and returns the code, so a
 * failing function can `return inspex_error_set(err, ...)`. The location
 * is left as it was. A NULL err is accepted: only the code is returned. */
inspex_status_t inspex_error_set(inspex_error_t *err, inspex_status_t code,
                                 const char *fmt, ...) INSPEX_PRINTF(3, 4);
/* As inspex_error_set, with a location: source (copied; NULL for none),
 * 1-based line and column (0 for unknown). */
inspex_status_t inspex_error_set_at(inspex_error_t *err, inspex_status_t code,
                                    const char *source, unsigned long line,
                                    unsigned long column, const char *fmt, ...)
    INSPEX_PRINTF(6, 7);
/* Sets or replaces the location only; a source already set is kept when
 * source is NULL. */
void inspex_error_locate(inspex_error_t *err, const char *source,
                         unsigned long line, unsigned long column);
/* Copies src into dst (message, code, location). */
void inspex_error_copy(inspex_error_t *dst, const inspex_error_t *src);

/* Accessors. Strings are borrowed: valid until the error is changed or
 * freed. Unset values are INSPEX_OK, "" and 0. */
inspex_status_t inspex_error_code(const inspex_error_t *err);
const char *inspex_error_message(const inspex_error_t *err);
const char *inspex_error_source(const inspex_error_t *err);
unsigned long inspex_error_line(const inspex_error_t *err);
unsigned long inspex_error_column(const inspex_error_t *err);

/* The error as one line, "source:line:column: message", with the parts
 * that are unknown left out. Borrowed; valid until the error changes. */
const char *inspex_error_text(inspex_error_t *err);

/* Text made safe to show: control bytes (ESC, CR, LF, DEL and the C1
 * controls) and bytes that are not UTF-8 become "\x1b" and the like, a
 * quoted value ("...") longer than 200 bytes keeps its first 64 and says
 * its size ("abc..." (10485760 bytes)), and a text longer than 4 KiB is
 * cut, saying its size. Every error message is made so when it is set;
 * hosts pass other messages through it before printing them. The caller
 * owns the result (free(3)); NULL when out of memory. */
char *inspex_message_clean(const char *text);

/* A short fixed description of a status code ("invalid data"). Never NULL. */
const char *inspex_strerror(inspex_status_t code);

#ifdef __cplusplus
}
#endif
#endif
