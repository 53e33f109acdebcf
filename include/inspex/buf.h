/*
 * inspex/buf.h - a growable byte buffer for plugins' scratch text.
 *
 * Header-only (static inline). The bytes are kept NUL-terminated after
 * every append, so that p can be read as a C string when what was added
 * holds no NUL. Start from {0}; free p when done.
 */
#ifndef INSPEX_BUF_H
#define INSPEX_BUF_H

#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_buf {
    char *p;    /* NULL until the first append or reserve */
    size_t len; /* bytes held, not counting the NUL after them */
    size_t cap; /* bytes allocated */
} inspex_buf_t;

/* Makes room for extra more bytes and a NUL after them, doubling from
 * 256; 0, or -1 when out of memory (the buffer is left as it was). */
static inline int inspex_buf_reserve(inspex_buf_t *b, size_t extra)
{
    size_t cap;
    char *p;

    if (b->len + extra + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    if ((p = (char *)realloc(b->p, cap)) == NULL)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

/* Appends n bytes (none: just makes p an empty string when it was NULL);
 * 0, or -1 when out of memory. */
static inline int inspex_buf_add(inspex_buf_t *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap && inspex_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

#ifdef __cplusplus
}
#endif

#endif
