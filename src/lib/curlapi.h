/* SPDX-License-Identifier: MIT */
/*
 * curlapi.h - libcurl, loaded when a URL is first used.
 *
 * Linking libcurl loads its whole tree of libraries (TLS, Kerberos, LDAP,
 * SSH, ...) into every run: about 6 MiB of resident memory before the
 * first record, for runs that never touch the network. The library's
 * files that use libcurl include this header instead of <curl/curl.h>:
 * the names they call go through a table that inspex__curl_init fills
 * from libcurl.so.4 with dlopen, once.
 */
#ifndef INSPEX_CURLAPI_H
#define INSPEX_CURLAPI_H

#include <stddef.h>
#include <time.h>

#define CURL_DISABLE_TYPECHECK 1
/* the bitmask protocol options, for a libcurl older than 7.85 */
#define CURL_DISABLE_DEPRECATION 1
#include <curl/curl.h>

typedef struct inspex__curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *c, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *c);
    CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *c);
    void (*easy_reset)(CURL *c);
    const char *(*easy_strerror)(CURLcode code);
    time_t (*getdate)(const char *text, const time_t *unused);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *m, CURLMoption option, ...);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *c);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *c);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd extra[], unsigned n,
                            int timeout_ms, int *ret);
    CURLMcode (*multi_cleanup)(CURLM *m);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
} inspex__curl_api_t;

/* The table; valid once inspex__curl_init has returned 0. */
extern inspex__curl_api_t inspex__curl;

/* Loads libcurl and runs curl_global_init, once (thread-safe). Returns 0,
 * or -1 when it cannot: inspex__curl_error says why. */
int inspex__curl_init(void);
const char *inspex__curl_error(void);

/* What every transfer of inspex sets alike: the URL, http and https only
 * (file: only for a file: URL) and redirects (at most 5) only to http and
 * https, the User-Agent, timeouts, the size cap, and errbuf
 * (CURL_ERROR_SIZE bytes) for curl's message. Returns -1, with errbuf
 * saying why, when the protocols cannot be limited (the URL is then not
 * set, so the transfer fails). */
int inspex__curl_common(CURL *c, const char *url, long timeout_ms,
                        long connect_timeout_ms, size_t max_bytes,
                        char *errbuf);

/* curl.h wraps some of them in macros of its own */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define curl_global_init inspex__curl.global_init
#define curl_easy_init inspex__curl.easy_init
#define curl_easy_setopt inspex__curl.easy_setopt
#define curl_easy_perform inspex__curl.easy_perform
#define curl_easy_getinfo inspex__curl.easy_getinfo
#define curl_easy_cleanup inspex__curl.easy_cleanup
#define curl_easy_reset inspex__curl.easy_reset
#define curl_easy_strerror inspex__curl.easy_strerror
#define curl_getdate inspex__curl.getdate
#define curl_multi_init inspex__curl.multi_init
#define curl_multi_setopt inspex__curl.multi_setopt
#define curl_multi_add_handle inspex__curl.multi_add_handle
#define curl_multi_remove_handle inspex__curl.multi_remove_handle
#define curl_multi_perform inspex__curl.multi_perform
#define curl_multi_info_read inspex__curl.multi_info_read
#define curl_multi_poll inspex__curl.multi_poll
#define curl_multi_cleanup inspex__curl.multi_cleanup
#define curl_slist_append inspex__curl.slist_append
#define curl_slist_free_all inspex__curl.slist_free_all

#endif
