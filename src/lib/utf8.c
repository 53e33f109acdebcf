/* SPDX-License-Identifier: MIT */
/* utf8.c - UTF-8 validation (RFC 3629: no overlongs, no surrogates), and
 * the byte-order mark. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <inspex/model.h>
#include <inspex/stream.h>

#include "internal.h"

/* 1 when the len bytes at s are all ASCII: whole words, the last one
 * overlapping the one before, so that a short value costs a few loads. */
static inline int all_ascii(const unsigned char *s, size_t len)
{
    uint64_t acc = 0, w;

#if defined(__SSE2__)
    /* a record's worth: 64 bytes a step, the high bits gathered at the
     * end (a quarter of the instructions of the word loop) */
    if (len >= 64) {
        __m128i v = _mm_setzero_si128();
        size_t i = 0;
        for (; i + 64 <= len; i += 64)
            v = _mm_or_si128(
                v,
                _mm_or_si128(
                    _mm_or_si128(
                        _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
                        _mm_loadu_si128(
                            (const __m128i *)(const void *)(s + i + 16))),
                    _mm_or_si128(
                        _mm_loadu_si128(
                            (const __m128i *)(const void *)(s + i + 32)),
                        _mm_loadu_si128(
                            (const __m128i *)(const void *)(s + i + 48)))));
        if (_mm_movemask_epi8(v) != 0)
            return 0;
        s += i;
        len -= i;
        if (len == 0)
            return 1;
        /* the rest in words, the last one reaching back into what was
         * read: the record is at least 64 bytes long */
        if (len < 8) {
            s -= 8 - len;
            len = 8;
        }
    }
#endif
    if (len >= 8) {
        for (size_t i = 0; i + 8 <= len; i += 8) {
            memcpy(&w, s + i, 8);
            acc |= w;
        }
        memcpy(&w, s + len - 8, 8);
        acc |= w;
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        acc = a | b;
    } else {
        for (size_t i = 0; i < len; i++)
            acc |= s[i];
    }
    return !(acc & 0x8080808080808080ULL);
}

inspex_status_t inspex_utf8_check(const char *text, size_t len,
                                  size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    if (all_ascii(s, len))
        return INSPEX_OK;

    while (i < len) {
        unsigned c;
        size_t need;
        unsigned min, cp;

        /* ASCII runs, a word at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        /* and the ASCII bytes after them, one at a time */
        while (i < len && s[i] < 0x80)
            i++;
        if (i == len)
            break;
        c = s[i];
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            goto bad;
        }
        if (len - i <= need)
            goto bad;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return INSPEX_OK;
bad:
    if (bad_offset)
        *bad_offset = i;
    return INSPEX_ERR_ENCODING;
}

size_t inspex_bom_length(const void *data, size_t len)
{
    return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}
