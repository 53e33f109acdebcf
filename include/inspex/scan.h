/* SPDX-License-Identifier: MIT */
/*
 * inspex/scan.h - finding bytes 16 at a time, for plugins' hot loops.
 *
 * Header-only (static inline): SSE2 where the compiler has it, a byte loop
 * that gives the same answers elsewhere. The CSV importer finds delimiters,
 * quotes and line ends with it; the JSON exporter finds the bytes a JSON
 * string must escape, and the CSV exporter those that make a cell quoted,
 * in the model's strings, which are padded for such reads
 * (INSPEX_STRING_PADDING, <inspex/model.h>).
 *
 * The usual loop copies a block before looking at it, keeps the bytes up
 * to the first one that matters and writes over the rest:
 *
 *     unsigned m = inspex_scan_block(p, d, ',', '"', '\r', '\n', 0);
 *     size_t k = m ? inspex_scan_first(m) : INSPEX_SCAN_BLOCK;
 */
#ifndef INSPEX_SCAN_H
#define INSPEX_SCAN_H

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define INSPEX_SCAN_BLOCK 16

/* Copies the 16 bytes at p to d, then returns a mask with bit i set when
 * byte i equals a, b, c or e, or (when below is not 0) is less than
 * below, compared as unsigned. Both p and d must have 16 bytes to read
 * and write; bits for bytes past the data the caller has are the caller's
 * to ignore. Pass one byte more than once to look for fewer. */
static inline unsigned inspex_scan_block(const char *p, char *d, char a, char b,
                                         char c, char e, unsigned char below)
{
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8(b))),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8(e))));

    if (below) /* v <= below - 1 */
        m = _mm_or_si128(
            m, _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8((char)(below - 1))),
                              v));
    _mm_storeu_si128((__m128i *)(void *)d, v);
    return (unsigned)_mm_movemask_epi8(m);
#else
    unsigned m = 0;

    for (int i = 0; i < INSPEX_SCAN_BLOCK; i++) {
        d[i] = p[i];
        if (p[i] == a || p[i] == b || p[i] == c || p[i] == e ||
            (unsigned char)p[i] < below)
            m |= 1u << i;
    }
    return m;
#endif
}

/* The index of the lowest set bit of m, which must not be 0. */
static inline unsigned inspex_scan_first(unsigned m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(m);
#else
    unsigned k = 0;

    while (!(m & 1u)) {
        m >>= 1;
        k++;
    }
    return k;
#endif
}

#ifdef __cplusplus
}
#endif

#endif
