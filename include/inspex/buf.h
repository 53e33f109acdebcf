/* SPDX-License-Identifier: MIT */
/*
 * inspex/buf.h - the growable byte buffer, for the library and plugins.
 *
 * One buffer for every job that collects bytes: a field being unescaped,
 * a line or a document being written, a response body, a list in a
 * message. Modelled on curl's dynbuf: an optional size cap (max), checked
 * on every growth, so a buffer fed from the network or from a file cannot
 * grow without bound; and the bytes are kept NUL-terminated after every
 * change, so p reads as a C string when what was added holds no NUL.
 *
 * Start from {0} (no cap but memory) or inspex_buf_init(&b, max); free p
 * with inspex_buf_free. The appends are inline: on the hot paths (the CSV
 * tokeniser, the JSON writer) an append is a compare and a memcpy, and
 * only growth (inspex_buf_grow, in libinspex) is a call.
 *
 * A failed append or reserve leaves the buffer as it was.
 */
#ifndef INSPEX_BUF_H
#define INSPEX_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <inspex/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_buf {
    char *p;    /* NULL until the first append or reserve */
    size_t len; /* bytes held, not counting the NUL after them */
    size_t cap; /* bytes allocated */
    size_t max; /* the most len may become; 0: no cap but memory */
} inspex_buf_t;

#if defined(__GNUC__)
#define INSPEX_BUF_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define INSPEX_BUF_UNLIKELY(x) (x)
#endif

/* What an append, reserve or grow returns when it fails. */
#define INSPEX_BUF_NOMEM (-1)  /* out of memory */
#define INSPEX_BUF_TOOBIG (-2) /* would pass the buffer's max */

/* An empty buffer that will refuse to hold more than max bytes (0: no
 * cap). Allocates nothing. */
void inspex_buf_init(inspex_buf_t *b, size_t max);

/* Makes room for extra more bytes and a NUL after them: the capacity
 * doubles, from 256, up to what max allows. 0, INSPEX_BUF_NOMEM or
 * INSPEX_BUF_TOOBIG (len + extra would pass max). The out-of-line half of
 * inspex_buf_reserve; call that. */
int inspex_buf_grow(inspex_buf_t *b, size_t extra);

/* Makes room for extra more bytes and a NUL; p may move. 0 or as
 * inspex_buf_grow. A writer that fills the room itself then moves len,
 * and puts the NUL after the bytes if it wants p read as a string. */
static inline int inspex_buf_reserve(inspex_buf_t *b, size_t extra)
{
    if (INSPEX_BUF_UNLIKELY(extra >= b->cap - b->len))
        return inspex_buf_grow(b, extra);
    return 0;
}

/* Appends n bytes (none: just makes p an empty string when it was NULL).
 * 0 or as inspex_buf_grow. */
static inline int inspex_buf_add(inspex_buf_t *b, const void *data, size_t n)
{
    if (INSPEX_BUF_UNLIKELY(n >= b->cap - b->len)) {
        int rc = inspex_buf_grow(b, n);
        if (rc != 0)
            return rc;
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Appends the C string s, without its NUL. */
static inline int inspex_buf_adds(inspex_buf_t *b, const char *s)
{
    return inspex_buf_add(b, s, strlen(s));
}

/* Appends printf-formatted text. 0 or as inspex_buf_grow. */
int inspex_buf_addf(inspex_buf_t *b, const char *fmt, ...) INSPEX_PRINTF(2, 3);
int inspex_buf_vaddf(inspex_buf_t *b, const char *fmt, va_list ap)
    INSPEX_PRINTF(2, 0);

/* Empties the buffer, keeping its memory and its max. */
static inline void inspex_buf_reset(inspex_buf_t *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* Frees the bytes; the buffer is then empty (its max kept) and may be
 * used again. */
void inspex_buf_free(inspex_buf_t *b);

/* Hands the bytes over: the caller owns the returned NUL-terminated
 * string (free it with free(3)), *len (may be NULL) gets its length, and
 * the buffer is left empty. An empty buffer gives a new "" string. NULL
 * when out of memory (the buffer then keeps its bytes). */
char *inspex_buf_take(inspex_buf_t *b, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
