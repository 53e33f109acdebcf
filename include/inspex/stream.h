/* SPDX-License-Identifier: MIT */
/*
 * inspex/stream.h - byte readers and writers.
 *
 * A reader hides where bytes come from: a path, "-" for stdin, a memory
 * buffer or a URL (http, https, file). gzip is detected by its magic bytes
 * and inflated on the fly, whatever the source, so every importer reads
 * ratings.csv.gz and https://host/ratings.csv without code of its own.
 *
 * A reader can also convert another reader's bytes from any character
 * encoding iconv(3) knows to UTF-8 (inspex_reader_new_transcoding).
 *
 * A writer goes to a path, "-" for stdout, or memory. A path is written to
 * a temporary file beside the target and renamed over it only by
 * inspex_writer_commit: a failed run leaves an existing file untouched.
 * A path ending in ".gz" is gzip-compressed.
 */
#ifndef INSPEX_STREAM_H
#define INSPEX_STREAM_H

#include <stddef.h>
#include <inspex/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_reader inspex_reader_t;
typedef struct inspex_writer inspex_writer_t;

/* Limits for URL readers. Zero fields take the defaults. */
typedef struct inspex_url_options {
    size_t max_bytes;        /* size cap on the response body; 64 MiB */
    long timeout_ms;         /* whole transfer; 60000 */
    long connect_timeout_ms; /* 15000 */
    int insecure;            /* 1 turns TLS verification off; default on */
} inspex_url_options_t;

/* What a fetched URL gave (see inspex/fetch.h). Strings are NULL when the
 * response did not carry them. */
typedef struct inspex_response {
    const char *url;           /* as requested */
    const char *final_url;     /* after redirects */
    long status;               /* HTTP status; 0 for file: URLs */
    const char *etag;          /* ETag header, as sent */
    const char *last_modified; /* Last-Modified header, as sent */
    const char *media_type;    /* Content-Type without parameters */
    const char *retrieved_at;  /* UTC, "2026-11-23T10:15:00Z" */
    const unsigned char *body; /* decoded (gzip/deflate undone) */
    size_t len;
    int from_cache;    /* 1 when the body came from the cache */
    unsigned attempts; /* requests made, retries included */
} inspex_response_t;

/* 1 when spec looks like a URL inspex reads (http:, https:, file:). */
int inspex_is_url(const char *spec);

/* Opens spec: "-" (stdin), a URL, or a path. url may be NULL for the
 * defaults. On success *out is owned by the caller (inspex_reader_free).
 * Errors: INSPEX_ERR_IO (path), INSPEX_ERR_NETWORK (URL), naming spec. */
inspex_status_t inspex_reader_open(const char *spec,
                                   const inspex_url_options_t *url,
                                   inspex_reader_t **out, inspex_error_t *err);
/* A reader over len bytes at data, which are borrowed and must outlive
 * the reader. name is used in messages (copied). Caller owns the reader. */
inspex_reader_t *inspex_reader_new_memory(const void *data, size_t len,
                                          const char *name);
/* A reader over a fetched response's body. resp (and everything it points
 * to) is borrowed and must outlive the reader; the reader's name is the
 * requested URL. Caller owns the reader. */
inspex_reader_t *inspex_reader_new_response(const inspex_response_t *resp);
/* The response a reader was made from, or NULL for files, stdin and
 * memory. Importers of web pages read the final URL (to resolve links)
 * and validators from it. Borrowed. */
const inspex_response_t *inspex_reader_response(const inspex_reader_t *r);
/* Frees the reader and closes its source; NULL is accepted. */
void inspex_reader_free(inspex_reader_t *r);

/* The name used in messages: the path, "<stdin>", or the URL. Borrowed. */
const char *inspex_reader_name(const inspex_reader_t *r);
/* 1 when the bytes were gzip-compressed at the source. */
int inspex_reader_is_gzip(const inspex_reader_t *r);

/* Reads up to size bytes (after decompression) into buf; *nread is 0 only
 * at the end. A truncated or corrupt gzip stream is INSPEX_ERR_IO naming
 * the source, never short data. */
inspex_status_t inspex_reader_read(inspex_reader_t *r, void *buf, size_t size,
                                   size_t *nread, inspex_error_t *err);
/* Looks at up to want bytes from the current position without consuming
 * them (for format probes). *data is borrowed until the next read; *len is
 * less than want only at the end of input. want is capped at 64 KiB. */
inspex_status_t inspex_reader_peek(inspex_reader_t *r, size_t want,
                                   const unsigned char **data, size_t *len,
                                   inspex_error_t *err);
/* Reads one line, without its "\n" or "\r\n". *line is borrowed until the
 * next call and NUL-terminated; *len excludes the terminator. At the end
 * of input *line is NULL. A line longer than 64 MiB is INSPEX_ERR_LIMIT,
 * as inspex_reader_getline_max with skip 0. */
inspex_status_t inspex_reader_getline(inspex_reader_t *r, const char **line,
                                      size_t *len, inspex_error_t *err);
/* As inspex_reader_getline, for lines of at most max bytes (the line
 * limit, inspex/limits.h). A longer line is INSPEX_ERR_LIMIT, err naming
 * the reader's source (the caller knows the line's number and locates
 * it), *line its first bytes (at most INSPEX_LIMIT_KEEP; borrowed, as a
 * line is) and *len its length: with skip 1 the reader has read past
 * the rest of the line, so the next call reads the line after it and
 * *len is the whole length; with skip 0 reading stopped at the limit
 * and *len is what was read. */
inspex_status_t inspex_reader_getline_max(inspex_reader_t *r, size_t max,
                                          int skip, const char **line,
                                          size_t *len, inspex_error_t *err);

/* Reads the rest of r into one new NUL-terminated buffer: *data (the
 * caller owns it, free(3)) and *len. max is the most it may hold, the
 * page limit for an importer that reads a page whole
 * (inspex_import_limit(ctx, INSPEX_LIMIT_PAGE)): a longer input is
 * INSPEX_ERR_LIMIT naming the source, with nothing returned. Read
 * errors as inspex_reader_read. */
inspex_status_t inspex_reader_read_all(inspex_reader_t *r, size_t max,
                                       char **data, size_t *len,
                                       inspex_error_t *err);

/* ---- character sets and byte-order marks ---------------------------------
 *
 * Importers read UTF-8. Input in another encoding goes through a
 * transcoding reader put in front of the importer's reader; a UTF-8
 * byte-order mark at the start (which a UTF-16 or UTF-32 one becomes) is
 * skipped by inspex_reader_skip_bom, and probes look past it with
 * inspex_bom_length. */

/* 1 when encoding names UTF-8 ("utf-8", "UTF8", any case) or is NULL:
 * input that needs no conversion, only the UTF-8 check. */
int inspex_encoding_is_utf8(const char *encoding);
/* A reader giving the bytes of inner converted from encoding to UTF-8 by
 * iconv(3): every encoding the C library knows ("windows-1252",
 * "ISO-8859-15", "UTF-16" with its byte-order mark, "UTF-16LE", ...), and
 * "latin-1" for ISO-8859-1. inner is borrowed and must outlive the
 * reader; the reader takes inner's name, response and gzip flag. On
 * success *out is owned by the caller (inspex_reader_free).
 * Errors: INSPEX_ERR_USAGE "unknown character encoding 'x'" when iconv
 * knows no such encoding. Reads (and peeks, and getline) fail with
 * INSPEX_ERR_ENCODING at source:line:column for bytes the encoding does
 * not define or input ending inside a character; line and column count
 * the converted text, whose line breaks are the input's. */
inspex_status_t inspex_reader_new_transcoding(inspex_reader_t *inner,
                                              const char *encoding,
                                              inspex_reader_t **out,
                                              inspex_error_t *err);
/* Tells the character encoding of what r will give, from its first bytes
 * (a peek: nothing is consumed), as a hand-saved file needs (issue 14): a
 * byte-order mark says UTF-8, UTF-16LE or UTF-16BE; else bytes that are
 * valid UTF-8 are UTF-8; else they are Windows-1252 and *guessed is set
 * to 1 (the caller says so in a warning; it is 0 otherwise). Only the
 * first 64 KiB are looked at: a bad byte past them is the UTF-8 check's
 * to report. *encoding receives an iconv name ("UTF-8", "UTF-16LE",
 * "UTF-16BE", "WINDOWS-1252"), static. Errors: as inspex_reader_peek. */
inspex_status_t inspex_reader_detect_encoding(inspex_reader_t *r,
                                              const char **encoding,
                                              int *guessed,
                                              inspex_error_t *err);
/* The length of a UTF-8 byte-order mark at data: 3, or 0 when the len
 * bytes there do not start with one. */
size_t inspex_bom_length(const void *data, size_t len);
/* Consumes a UTF-8 byte-order mark at the reader's position, if there is
 * one (call it before the first read). Errors as inspex_reader_peek. */
inspex_status_t inspex_reader_skip_bom(inspex_reader_t *r, inspex_error_t *err);

/* Opens a writer: "-" for stdout, else a path (temporary file beside it,
 * renamed on commit; gzip when the path ends in ".gz"). Caller owns it. */
inspex_status_t inspex_writer_open(const char *path, inspex_writer_t **out,
                                   inspex_error_t *err);
/* A writer that collects bytes in memory (inspex_writer_data). */
inspex_writer_t *inspex_writer_new_memory(void);
/* Frees the writer. Without a successful commit, a temporary file is
 * removed and the target is left as it was. NULL is accepted. */
void inspex_writer_free(inspex_writer_t *w);

inspex_status_t inspex_writer_write(inspex_writer_t *w, const void *data,
                                    size_t len, inspex_error_t *err);
inspex_status_t inspex_writer_puts(inspex_writer_t *w, const char *s,
                                   inspex_error_t *err);
inspex_status_t inspex_writer_printf(inspex_writer_t *w, inspex_error_t *err,
                                     const char *fmt, ...) INSPEX_PRINTF(3, 4);
/* Flushes everything, finishes gzip, and for a path renames the temporary
 * file over the target. After commit only inspex_writer_free is valid. */
inspex_status_t inspex_writer_commit(inspex_writer_t *w, inspex_error_t *err);
/* Memory writers: the bytes written so far (borrowed) and their length. */
const char *inspex_writer_data(const inspex_writer_t *w, size_t *len);
/* 1 when the writer goes to a terminal (exporters pretty-print then). */
int inspex_writer_is_terminal(const inspex_writer_t *w);
/* The target name for messages. Borrowed. */
const char *inspex_writer_name(const inspex_writer_t *w);

#ifdef __cplusplus
}
#endif
#endif
