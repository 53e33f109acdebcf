/* SPDX-License-Identifier: MIT */
/*
 * inspex/fetch.h - fetching many URLs at once, politely.
 *
 * A fetcher takes URLs (http, https and file) and fetches them with the
 * libcurl multi interface: several transfers at once but only a few to one
 * host, timeouts, at most 5 redirects (never to file:), gzip and deflate
 * accepted, a size cap per response, TLS verification on, and a User-Agent
 * naming inspex and its version. Timeouts, connection failures, bodies cut
 * short, 429 and 5xx are retried with exponential backoff and jitter,
 * honouring Retry-After; other 4xx are not.
 *
 * With a cache directory, each 200 response is stored with its
 * validators; the next fetch of that URL sends If-None-Match and
 * If-Modified-Since, and a 304 reuses the stored body. Offline, only the
 * cache is read.
 *
 * Each URL ends in exactly one call of the done callback, in the thread
 * that runs the fetcher: with the response, or with the error that ended
 * it. The callback may add more URLs (links found on a listing page).
 */
#ifndef INSPEX_FETCH_H
#define INSPEX_FETCH_H

#include <stddef.h>
#include <inspex/error.h>
#include <inspex/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_fetch_options {
    unsigned parallel;       /* transfers at once (4) */
    unsigned per_host;       /* transfers at once to one host (2) */
    long connect_timeout_ms; /* 15000 */
    long timeout_ms;         /* one whole attempt (60000) */
    unsigned retries;        /* attempts after the first (3) */
    long retry_delay_ms;     /* first backoff, doubled each time (1000) */
    long max_wait_ms;        /* the longest Retry-After obeyed (120000);
                                a longer one fails the URL */
    size_t max_bytes;        /* size cap per response (20 MiB) */
    const char *cache_dir;   /* NULL: no cache. Borrowed. */
    int offline;             /* 1: read only the cache */
} inspex_fetch_options_t;

/* Fills o with the defaults above. */
void inspex_fetch_options_init(inspex_fetch_options_t *o);

typedef struct inspex_fetcher inspex_fetcher_t;

/* Counts for a progress line. */
typedef struct inspex_fetch_progress {
    size_t done;  /* URLs finished, failed ones included */
    size_t total; /* URLs added so far */
    size_t failed;
    unsigned long long bytes; /* body bytes received (cache hits count) */
} inspex_fetch_progress_t;

/* One URL finished: resp is the response (borrowed for the call) and
 * error NULL, or resp is NULL and error says why, located at the URL
 * (INSPEX_ERR_NETWORK, or INSPEX_ERR_IO for file: URLs and the cache).
 * index is the URL's number in the order added, from 0. */
typedef void (*inspex_fetch_done_fn)(void *userdata, size_t index,
                                     const inspex_response_t *resp,
                                     inspex_error_t *error);
/* Called after every finished URL and every few hundred milliseconds
 * while transfers run. */
typedef void (*inspex_fetch_progress_fn)(void *userdata,
                                         const inspex_fetch_progress_t *p);

/* A new fetcher; opts is copied (NULL: defaults). The caller owns it
 * (inspex_fetcher_free). NULL when out of memory or libcurl fails to
 * initialise. */
inspex_fetcher_t *inspex_fetcher_new(const inspex_fetch_options_t *opts);
void inspex_fetcher_free(inspex_fetcher_t *f);

/* Queues url (copied) and returns its index. A URL already added is not
 * fetched twice: its first index is returned and *added (when not NULL)
 * is 0. INSPEX_ERR_USAGE for a scheme other than http, https or file. */
inspex_status_t inspex_fetcher_add(inspex_fetcher_t *f, const char *url,
                                   size_t *index, int *added,
                                   inspex_error_t *err);

/* Fetches until every URL added (also by the callbacks) has finished.
 * Failures of single URLs go to done and do not stop the run; the return
 * value is not INSPEX_OK only when the fetcher itself fails (out of
 * memory, an unusable cache directory). */
inspex_status_t inspex_fetcher_run(inspex_fetcher_t *f,
                                   inspex_fetch_done_fn done,
                                   inspex_fetch_progress_fn progress,
                                   void *userdata, inspex_error_t *err);

/* The HTTP status (300 and up) with which URL number index failed, from
 * the done callback on; 0 when it has not failed on an HTTP status (it
 * succeeded, failed on the network or a file: URL, or is not finished),
 * or index is out of range. So that a caller can tell "no such page"
 * (404, 410) from a server or network that failed. Thread: the one that
 * runs the fetcher. */
long inspex_fetcher_failed_status(const inspex_fetcher_t *f, size_t index);

#ifdef __cplusplus
}
#endif
#endif
