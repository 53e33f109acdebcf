/* SPDX-License-Identifier: MIT */
/*
 * inspex/hash.h - the one string hash of the library and its plugins.
 *
 * 64-bit FNV-1a, inline: for hash tables (a plugin's cache of what each
 * key means, the model's judgement lookups) and for names derived from
 * text (the fetch cache's file names). Not for anything an attacker
 * chooses to collide with at a cost to us beyond a slower lookup.
 */
#ifndef INSPEX_HASH_H
#define INSPEX_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The value a hash starts from. Not FNV's published offset basis
 * (14695981039346656037): the digit short of it inspex has always used,
 * kept so that the fetch cache's file names stay what they were. */
#define INSPEX_HASH_START 1469598103934665603ULL

/* h continued over the C string s (start with INSPEX_HASH_START), so
 * that several strings hash as one. */
static inline uint64_t inspex_hash_more(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* h continued over n bytes at data. */
static inline uint64_t inspex_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* The hash of the C string s. */
static inline uint64_t inspex_hash(const char *s)
{
    return inspex_hash_more(INSPEX_HASH_START, s);
}

#ifdef __cplusplus
}
#endif

#endif
