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

typedef enum inspex_status {
    INSPEX_OK = 0,
    INSPEX_ERR_NOMEM,    /* out of memory */
    INSPEX_ERR_USAGE,    /* bad arguments, unknown format or option */
    INSPEX_ERR_IO,       /* a file could not be read or written */
    INSPEX_ERR_NETWORK,  /* a URL could not be fetched */
    INSPEX_ERR_SYNTAX,   /* input is not well-formed for its format */
    INSPEX_ERR_INVALID,  /* well-formed, but a value is invalid */
    INSPEX_ERR_ENCODING, /* text is not valid UTF-8 */
    INSPEX_ERR_PLUGIN,   /* a plugin could not be loaded or used */
    INSPEX_ERR_STOP      /* a sink asked the producer to stop early */
} inspex_status_t;

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

/* A short fixed description of a status code ("invalid data"). Never NULL. */
const char *inspex_strerror(inspex_status_t code);

#ifdef __cplusplus
}
#endif
#endif
