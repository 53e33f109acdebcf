/* SPDX-License-Identifier: MIT */
/* curlload.c - loading libcurl on first use (see curlapi.h). */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "curlapi.h"
#include "internal.h"

inspex__curl_api_t inspex__curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;
static char why[256];

/* The sonames of libcurl's ABI 4: the OpenSSL build inspex is compiled
 * against, then the GnuTLS one, which has the same interface. */
static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4",
                                    NULL};

static void load(void)
{
    void *h = NULL;

    for (size_t i = 0; names[i] && h == NULL; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        snprintf(why, sizeof(why), "cannot load libcurl: %s", dlerror());
        return;
    }
#define SYM(field, name)                                          \
    do {                                                          \
        void *p = dlsym(h, name);                                 \
        if (p == NULL) {                                          \
            snprintf(why, sizeof(why), "libcurl lacks %s", name); \
            return;                                               \
        }                                                         \
        memcpy(&inspex__curl.field, &p, sizeof(p));               \
    } while (0)
    SYM(global_init, "curl_global_init");
    SYM(easy_init, "curl_easy_init");
    SYM(easy_setopt, "curl_easy_setopt");
    SYM(easy_perform, "curl_easy_perform");
    SYM(easy_getinfo, "curl_easy_getinfo");
    SYM(easy_cleanup, "curl_easy_cleanup");
    SYM(easy_reset, "curl_easy_reset");
    SYM(easy_strerror, "curl_easy_strerror");
    SYM(getdate, "curl_getdate");
    SYM(multi_init, "curl_multi_init");
    SYM(multi_setopt, "curl_multi_setopt");
    SYM(multi_add_handle, "curl_multi_add_handle");
    SYM(multi_remove_handle, "curl_multi_remove_handle");
    SYM(multi_perform, "curl_multi_perform");
    SYM(multi_info_read, "curl_multi_info_read");
    SYM(multi_poll, "curl_multi_poll");
    SYM(multi_cleanup, "curl_multi_cleanup");
    SYM(slist_append, "curl_slist_append");
    SYM(slist_free_all, "curl_slist_free_all");
#undef SYM
    if (inspex__curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(why, sizeof(why), "libcurl failed to initialise");
        return;
    }
    loaded = 0;
}

int inspex__curl_init(void)
{
    pthread_once(&once, load);
    return loaded;
}

const char *inspex__curl_error(void)
{
    return why;
}

/* The protocols a transfer may use: file: only for a file: URL (a local
 * path the engine made into one), http and https for everything else,
 * and for redirects only http and https. libcurl before 7.85 has only
 * the bitmask options; a libcurl with neither is not used. */
static int set_protocols(CURL *c, const char *url)
{
    int file = strncmp(url, "file:", 5) == 0;

    if (curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
                         file ? "file" : "http,https") == CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ==
            CURLE_OK)
        return 0;
    if (curl_easy_setopt(c, CURLOPT_PROTOCOLS,
                         file ? (long)CURLPROTO_FILE
                              : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) ==
            CURLE_OK &&
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
                         (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK)
        return 0;
    return -1;
}

int inspex__curl_common(CURL *c, const char *url, long timeout_ms,
                        long connect_timeout_ms, size_t max_bytes, char *errbuf)
{
    /* no URL until the protocols are fenced: a transfer that could not be
     * fenced has nothing to fetch */
    if (set_protocols(c, url) != 0) {
        snprintf(errbuf, CURL_ERROR_SIZE,
                 "this libcurl cannot be limited to http and https");
        return -1;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "inspex/" PACKAGE_VERSION);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
    return 0;
}
