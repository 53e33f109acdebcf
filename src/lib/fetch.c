/* SPDX-License-Identifier: MIT */
/* fetch.c - many URLs at once with the libcurl multi interface: a limit
 * in all and per host, retries with backoff, and a revalidating cache. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <inspex/fetch.h>

#include "curlapi.h"
#include "internal.h"

enum { JOB_QUEUED, JOB_ACTIVE, JOB_DONE };

/* What the cache holds for a URL. */
typedef struct cached {
    int present;
    char *final_url, *etag, *last_modified, *media_type, *retrieved_at;
    long status;
    unsigned char *body;
    size_t len;
} cached_t;

typedef struct job {
    char *url;
    char *host;
    size_t index;
    int state;
    unsigned attempts;
    long long not_before; /* monotonic ms */
    CURL *easy;
    struct curl_slist *headers;
    inspex_buf_t body;
    int too_big;
    size_t cap; /* size cap on the body (body.max) */
    /* headers of the last response (redirects reset them) */
    char *etag, *last_modified, *media_type, *reason;
    long retry_after_s; /* -1: none */
    char errbuf[CURL_ERROR_SIZE];
    cached_t cache;
    int cache_loaded;
    long failed_status; /* the HTTP status that failed it; 0: none */
} job_t;

typedef struct host_count {
    char *host;
    unsigned active;
} host_count_t;

struct inspex_fetcher {
    inspex_fetch_options_t o;
    CURLM *multi;
    job_t **jobs;
    size_t njobs, cap;
    /* the jobs by URL, for the duplicate check: open addressing with
     * linear probing, index + 1 (0: empty), twice the jobs' room */
    size_t *byurl;
    size_t nbyurl;
    size_t next_queued; /* jobs before this are not queued */
    host_count_t *hosts;
    size_t nhosts;
    unsigned active;
    inspex_fetch_progress_t progress;
    unsigned rng;
    /* inspex__fetcher_set_turn: called on every turn of the run's loop,
     * which also wakes when turn_fd is readable */
    int (*turn)(void *ud);
    void *turn_ud;
    int turn_fd;
};

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void utc_now(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void inspex_fetch_options_init(inspex_fetch_options_t *o)
{
    memset(o, 0, sizeof(*o));
    o->parallel = 4;
    o->per_host = 2;
    o->connect_timeout_ms = 15000;
    o->timeout_ms = 60000;
    o->retries = 3;
    o->retry_delay_ms = 1000;
    o->max_wait_ms = 120000;
    o->max_bytes = (size_t)20 * 1024 * 1024;
}

/* ---- the cache ---------------------------------------------------------- */

static void cached_clear(cached_t *c)
{
    free(c->final_url);
    free(c->etag);
    free(c->last_modified);
    free(c->media_type);
    free(c->retrieved_at);
    free(c->body);
    memset(c, 0, sizeof(*c));
}

/* DIR/<FNV-1a of the URL>.SUFFIX; the URL itself is in the .meta file, so
 * a collision is a miss, never another page. */
static char *cache_path(const inspex_fetcher_t *f, const char *url,
                        const char *suffix)
{
    return inspex__asprintf("%s/%016llx.%s", f->o.cache_dir,
                            (unsigned long long)inspex_hash(url), suffix);
}

static char *json_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? inspex__strdup(s) : NULL;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    inspex_buf_t b = {0};
    char chunk[65536];
    ssize_t n;

    if (fd < 0)
        return -1;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        if (inspex_buf_add(&b, chunk, (size_t)n) != 0) {
            n = -1;
            break;
        }
    close(fd);
    if (n < 0) {
        inspex_buf_free(&b);
        return -1;
    }
    *data = (unsigned char *)b.p;
    *len = b.len;
    return 0;
}

static void cache_load(const inspex_fetcher_t *f, job_t *j)
{
    char *mp, *bp;
    json_t *meta;

    j->cache_loaded = 1;
    if (f->o.cache_dir == NULL)
        return;
    mp = cache_path(f, j->url, "meta");
    bp = cache_path(f, j->url, "body");
    meta = mp ? json_load_file(mp, 0, NULL) : NULL;
    if (meta && json_is_object(meta) &&
        json_string_value(json_object_get(meta, "url")) &&
        strcmp(json_string_value(json_object_get(meta, "url")), j->url) == 0 &&
        read_file(bp, &j->cache.body, &j->cache.len) == 0) {
        j->cache.present = 1;
        j->cache.final_url = json_str(meta, "final_url");
        j->cache.etag = json_str(meta, "etag");
        j->cache.last_modified = json_str(meta, "last_modified");
        j->cache.media_type = json_str(meta, "media_type");
        j->cache.retrieved_at = json_str(meta, "retrieved_at");
        j->cache.status = (long)json_integer_value(
            json_object_get(meta, "status"));
    }
    json_decref(meta);
    free(mp);
    free(bp);
}

/* Writes data to path the way every output is written (<inspex/stream.h>):
 * a temporary file beside it, renamed over it once all is written. */
static int write_atomic(const char *path, const void *data, size_t len)
{
    inspex_writer_t *w = NULL;
    int ok = inspex_writer_open(path, &w, NULL) == INSPEX_OK &&
             inspex_writer_write(w, data, len, NULL) == INSPEX_OK &&
             inspex_writer_commit(w, NULL) == INSPEX_OK;

    inspex_writer_free(w);
    return ok ? 0 : -1;
}

/* Stores a response; the body goes first, so a crash in between leaves a
 * body without meta: a miss. A cache that cannot be written is not an
 * error for the fetch. */
static void cache_store(const inspex_fetcher_t *f, const inspex_response_t *r)
{
    char *mp = cache_path(f, r->url, "meta");
    char *bp = cache_path(f, r->url, "body");
    json_t *meta = json_object();
    char *text = NULL;

    if (mp && bp && meta) {
        json_object_set_new(meta, "url", json_string(r->url));
        if (r->final_url)
            json_object_set_new(meta, "final_url", json_string(r->final_url));
        json_object_set_new(meta, "status", json_integer(r->status));
        if (r->etag)
            json_object_set_new(meta, "etag", json_string(r->etag));
        if (r->last_modified)
            json_object_set_new(meta, "last_modified",
                                json_string(r->last_modified));
        if (r->media_type)
            json_object_set_new(meta, "media_type", json_string(r->media_type));
        json_object_set_new(meta, "retrieved_at", json_string(r->retrieved_at));
        text = json_dumps(meta, JSON_INDENT(1));
        if (text && write_atomic(bp, r->body, r->len) == 0)
            write_atomic(mp, text, strlen(text));
    }
    free(text);
    json_decref(meta);
    free(mp);
    free(bp);
}

/* ---- the fetcher -------------------------------------------------------- */

inspex_fetcher_t *inspex_fetcher_new(const inspex_fetch_options_t *opts)
{
    inspex_fetcher_t *f;

    if (inspex__curl_init() != 0)
        return NULL;
    f = calloc(1, sizeof(*f));
    if (f == NULL)
        return NULL;
    if (opts)
        f->o = *opts;
    else
        inspex_fetch_options_init(&f->o);
    if (f->o.parallel == 0)
        f->o.parallel = 1;
    if (f->o.per_host == 0)
        f->o.per_host = 1;
    f->multi = curl_multi_init();
    if (f->multi == NULL) {
        free(f);
        return NULL;
    }
    /* A safety net under the scheduler's own per-host count. */
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                      (long)f->o.per_host);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      (long)f->o.parallel);
    f->rng = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
    f->turn_fd = -1;
    return f;
}

void inspex__fetcher_set_turn(inspex_fetcher_t *f, int fd,
                              int (*turn)(void *ud), void *ud)
{
    f->turn = turn;
    f->turn_ud = ud;
    f->turn_fd = turn ? fd : -1;
}

static void job_reset_response(job_t *j)
{
    inspex_buf_free(&j->body);
    free(j->etag);
    free(j->last_modified);
    free(j->media_type);
    free(j->reason);
    j->etag = j->last_modified = j->media_type = j->reason = NULL;
    j->too_big = 0;
    j->retry_after_s = -1;
    j->errbuf[0] = '\0';
}

static void job_free(job_t *j)
{
    if (j == NULL)
        return;
    if (j->easy)
        curl_easy_cleanup(j->easy);
    curl_slist_free_all(j->headers);
    job_reset_response(j);
    cached_clear(&j->cache);
    free(j->url);
    free(j->host);
    free(j);
}

long inspex_fetcher_failed_status(const inspex_fetcher_t *f, size_t index)
{
    return index < f->njobs ? f->jobs[index]->failed_status : 0;
}

void inspex_fetcher_free(inspex_fetcher_t *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->njobs; i++) {
        if (f->jobs[i]->easy)
            curl_multi_remove_handle(f->multi, f->jobs[i]->easy);
        job_free(f->jobs[i]);
    }
    for (size_t i = 0; i < f->nhosts; i++)
        free(f->hosts[i].host);
    free(f->hosts);
    free(f->jobs);
    free(f->byurl);
    curl_multi_cleanup(f->multi);
    free(f);
}

/* The host part of a URL, lower-cased ("" for file: URLs). */
static char *url_host(const char *url)
{
    const char *p = strstr(url, "://"), *end;
    char *h;

    if (p == NULL || strncmp(url, "file:", 5) == 0)
        return inspex__strdup("");
    p += 3;
    end = p + strcspn(p, "/?#");
    {
        const char *at = memchr(p, '@', (size_t)(end - p));
        if (at)
            p = at + 1;
    }
    h = inspex__strndup(p, (size_t)(end - p));
    for (char *c = h; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return h;
}

/* The slot of url in the table: where it is, or the empty one where it
 * would go. */
static size_t byurl_slot(const inspex_fetcher_t *f, const char *url)
{
    size_t mask = f->nbyurl - 1, i = (size_t)inspex_hash(url) & mask;

    while (f->byurl[i] && strcmp(f->jobs[f->byurl[i] - 1]->url, url) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Room for one more job: the array, and the table kept at most half
 * full (rebuilt at twice the size). */
static int grow_jobs(inspex_fetcher_t *f)
{
    if (f->njobs == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 16;
        job_t **nj = realloc(f->jobs, ncap * sizeof(*nj));
        if (nj == NULL)
            return -1;
        f->jobs = nj;
        f->cap = ncap;
    }
    if ((f->njobs + 1) * 2 > f->nbyurl) {
        size_t n = f->nbyurl ? f->nbyurl * 2 : 32;
        size_t *t = calloc(n, sizeof(*t));
        if (t == NULL)
            return -1;
        free(f->byurl);
        f->byurl = t;
        f->nbyurl = n;
        for (size_t k = 0; k < f->njobs; k++)
            f->byurl[byurl_slot(f, f->jobs[k]->url)] = k + 1;
    }
    return 0;
}

inspex_status_t inspex_fetcher_add(inspex_fetcher_t *f, const char *url,
                                   size_t *index, int *added,
                                   inspex_error_t *err)
{
    job_t *j;
    size_t slot;

    if (added)
        *added = 0;
    if (!inspex_is_url(url))
        return inspex_error_set_at(err, INSPEX_ERR_USAGE, url, 0, 0,
                                   "not a URL inspex fetches (http, https "
                                   "or file)");
    if (f->nbyurl) {
        slot = byurl_slot(f, url);
        if (f->byurl[slot]) {
            if (index)
                *index = f->byurl[slot] - 1;
            return INSPEX_OK;
        }
    }
    if (grow_jobs(f) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    j = calloc(1, sizeof(*j));
    if (j == NULL || (j->url = inspex__strdup(url)) == NULL ||
        (j->host = url_host(url)) == NULL) {
        job_free(j);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    j->index = f->njobs;
    j->retry_after_s = -1;
    f->byurl[byurl_slot(f, url)] = f->njobs + 1;
    f->jobs[f->njobs++] = j;
    f->progress.total = f->njobs;
    if (index)
        *index = j->index;
    if (added)
        *added = 1;
    return INSPEX_OK;
}

static host_count_t *host_slot(inspex_fetcher_t *f, const char *host)
{
    host_count_t *nh;

    for (size_t i = 0; i < f->nhosts; i++)
        if (strcmp(f->hosts[i].host, host) == 0)
            return &f->hosts[i];
    nh = realloc(f->hosts, (f->nhosts + 1) * sizeof(*nh));
    if (nh == NULL)
        return NULL;
    f->hosts = nh;
    nh[f->nhosts].host = inspex__strdup(host);
    nh[f->nhosts].active = 0;
    if (nh[f->nhosts].host == NULL)
        return NULL;
    return &f->hosts[f->nhosts++];
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    job_t *j = ud;
    size_t n = size * nmemb;
    int rc = inspex_buf_add(&j->body, data, n);

    if (rc == INSPEX_BUF_TOOBIG)
        j->too_big = 1;
    return rc == 0 ? n : 0;
}

/* A header value, trimmed, copied. */
static char *header_value(const char *line, size_t len, size_t namelen)
{
    const char *v = line + namelen, *end = line + len;

    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' ||
                       end[-1] == '\t'))
        end--;
    return inspex__strndup(v, (size_t)(end - v));
}

static int header_is(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);

    return len > n && strncasecmp(line, name, n) == 0;
}

static long parse_retry_after(const char *v)
{
    char *end;
    long s;
    time_t t;

    if (v == NULL || *v == '\0')
        return -1;
    errno = 0;
    s = strtol(v, &end, 10);
    if (end != v && *end == '\0' && errno == 0)
        return s < 0 ? 0 : s;
    t = curl_getdate(v, NULL);
    if (t < 0)
        return -1;
    s = (long)(t - time(NULL));
    return s < 0 ? 0 : s;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    job_t *j = ud;
    size_t n = size * nmemb;

    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        /* A new response (after a redirect or a 100): forget the last. */
        const char *sp = memchr(data, ' ', n), *sp2;
        free(j->etag);
        free(j->last_modified);
        free(j->media_type);
        free(j->reason);
        j->etag = j->last_modified = j->media_type = j->reason = NULL;
        j->retry_after_s = -1;
        sp2 = sp ? memchr(sp + 1, ' ', n - (size_t)(sp + 1 - data)) : NULL;
        if (sp2)
            j->reason = header_value(sp2, n - (size_t)(sp2 - data), 0);
    } else if (header_is(data, n, "etag:")) {
        free(j->etag);
        j->etag = header_value(data, n, 5);
    } else if (header_is(data, n, "last-modified:")) {
        free(j->last_modified);
        j->last_modified = header_value(data, n, 14);
    } else if (header_is(data, n, "content-type:")) {
        char *v = header_value(data, n, 13);
        if (v)
            v[strcspn(v, "; ")] = '\0';
        free(j->media_type);
        j->media_type = v;
    } else if (header_is(data, n, "retry-after:")) {
        char *v = header_value(data, n, 12);
        j->retry_after_s = parse_retry_after(v);
        free(v);
    }
    return n;
}

static inspex_status_t start_job(inspex_fetcher_t *f, job_t *j,
                                 inspex_error_t *err)
{
    CURL *c;

    job_reset_response(j);
    j->cap = f->o.max_bytes;
    inspex_buf_init(&j->body, j->cap); /* the body's size cap */
    if (j->easy == NULL && (j->easy = curl_easy_init()) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    c = j->easy;
    curl_easy_reset(c);
    inspex__curl_common(c, j->url, f->o.timeout_ms, f->o.connect_timeout_ms,
                        j->cap, j->errbuf);
    curl_easy_setopt(c, CURLOPT_PRIVATE, j);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, j);
    curl_slist_free_all(j->headers);
    j->headers = NULL;
    if (j->cache.present) {
        char *h;
        if (j->cache.etag) {
            h = inspex__asprintf("If-None-Match: %s", j->cache.etag);
            if (h)
                j->headers = curl_slist_append(j->headers, h);
            free(h);
        }
        if (j->cache.last_modified) {
            h = inspex__asprintf("If-Modified-Since: %s",
                                 j->cache.last_modified);
            if (h)
                j->headers = curl_slist_append(j->headers, h);
            free(h);
        }
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, j->headers);
    }
    if (curl_multi_add_handle(f->multi, c) != CURLM_OK)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "cannot start %s",
                                j->url);
    j->attempts++;
    j->state = JOB_ACTIVE;
    f->active++;
    return INSPEX_OK;
}

static void finish(inspex_fetcher_t *f, job_t *j, const inspex_response_t *resp,
                   inspex_error_t *error, inspex_fetch_done_fn done, void *ud)
{
    j->state = JOB_DONE;
    f->progress.done++;
    if (resp)
        f->progress.bytes += resp->len;
    else
        f->progress.failed++;
    done(ud, j->index, resp, error);
    /* A finished job keeps only its URL, for the duplicate check. */
    job_reset_response(j);
    cached_clear(&j->cache);
    curl_slist_free_all(j->headers);
    j->headers = NULL;
    if (j->easy) {
        curl_easy_cleanup(j->easy);
        j->easy = NULL;
    }
}

static inspex_status_t fail_code(const job_t *j)
{
    return strncmp(j->url, "file:", 5) == 0 ? INSPEX_ERR_IO
                                            : INSPEX_ERR_NETWORK;
}

static void fail(inspex_fetcher_t *f, job_t *j, inspex_fetch_done_fn done,
                 void *ud, const char *fmt, ...) INSPEX_PRINTF(5, 6);
static void fail(inspex_fetcher_t *f, job_t *j, inspex_fetch_done_fn done,
                 void *ud, const char *fmt, ...)
{
    inspex_error_t *e = inspex_error_new();
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (j->attempts > 1) {
        char *m2 = inspex__asprintf("%s (gave up after %u attempts)",
                                    msg ? msg : "", j->attempts);
        free(msg);
        msg = m2;
    }
    inspex_error_set_at(e, fail_code(j), j->url, 0, 0, "%s",
                        msg ? msg : "out of memory");
    free(msg);
    finish(f, j, NULL, e, done, ud);
    inspex_error_free(e);
}

/* Reuses the cached body: after a 304, or offline. */
static void from_cache(inspex_fetcher_t *f, job_t *j, int revalidated,
                       inspex_fetch_done_fn done, void *ud)
{
    inspex_response_t r;
    char now[32];

    utc_now(now, sizeof(now));
    memset(&r, 0, sizeof(r));
    r.url = j->url;
    r.final_url = j->cache.final_url ? j->cache.final_url : j->url;
    r.status = j->cache.status;
    r.etag = j->cache.etag;
    r.last_modified = j->cache.last_modified;
    r.media_type = j->cache.media_type;
    r.retrieved_at = revalidated || !j->cache.retrieved_at
                         ? now
                         : j->cache.retrieved_at;
    r.body = j->cache.body ? j->cache.body : (const unsigned char *)"";
    r.len = j->cache.len;
    r.from_cache = 1;
    r.attempts = j->attempts;
    finish(f, j, &r, NULL, done, ud);
}

static int retryable_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return 1;
    default: return 0;
    }
}

/* Puts j back in the queue after a backoff: retry_delay * 2^(n-1),
 * jittered into its upper half, or what Retry-After asked for. Returns 0
 * when the job has no retries left or the server asks for too long a
 * wait (*why says which). */
static int schedule_retry(inspex_fetcher_t *f, job_t *j, long *asked_s)
{
    long long delay;

    *asked_s = -1;
    if (j->attempts > f->o.retries)
        return 0;
    if (j->retry_after_s >= 0) {
        if ((long long)j->retry_after_s * 1000 > f->o.max_wait_ms) {
            *asked_s = j->retry_after_s;
            return 0;
        }
        delay = (long long)j->retry_after_s * 1000;
    } else {
        long long base = f->o.retry_delay_ms;
        for (unsigned i = 1; i < j->attempts && base < 3600000; i++)
            base *= 2;
        delay = base / 2 +
                (base > 1 ? (long long)(rand_r(&f->rng) % (int)(base / 2 + 1))
                          : 0);
    }
    j->not_before = now_ms() + delay;
    j->state = JOB_QUEUED;
    if (j->index < f->next_queued)
        f->next_queued = j->index;
    return 1;
}

static void transfer_done(inspex_fetcher_t *f, job_t *j, CURLcode rc,
                          inspex_fetch_done_fn done, void *ud)
{
    long status = 0, asked;
    char *final = NULL;
    host_count_t *h = host_slot(f, j->host);

    curl_multi_remove_handle(f->multi, j->easy);
    f->active--;
    if (h && h->active)
        h->active--;
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &final);

    if (j->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        char cap[32];
        if (j->cap % (1024 * 1024) == 0)
            snprintf(cap, sizeof(cap), "%zu MiB", j->cap / (1024 * 1024));
        else if (j->cap % 1024 == 0)
            snprintf(cap, sizeof(cap), "%zu KiB", j->cap / 1024);
        else
            snprintf(cap, sizeof(cap), "%zu bytes", j->cap);
        fail(f, j, done, ud, "response is larger than the size cap (%s)", cap);
        return;
    }
    if (rc == CURLE_TOO_MANY_REDIRECTS) {
        fail(f, j, done, ud, "more than 5 redirects (a redirect loop?)");
        return;
    }
    if (rc != CURLE_OK) {
        char msg[CURL_ERROR_SIZE + 64];
        if (rc == CURLE_OPERATION_TIMEDOUT)
            snprintf(msg, sizeof(msg), "timed out after %ld ms",
                     f->o.timeout_ms);
        else if (rc == CURLE_PARTIAL_FILE)
            snprintf(msg, sizeof(msg), "response cut short: %s",
                     j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
        else
            snprintf(msg, sizeof(msg), "%s",
                     j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
        if (retryable_curl(rc) && schedule_retry(f, j, &asked))
            return;
        fail(f, j, done, ud, "%s", msg);
        return;
    }
    if (status == 304 && j->cache.present) {
        from_cache(f, j, 1, done, ud);
        return;
    }
    if (status == 429 || status >= 500) {
        if (schedule_retry(f, j, &asked))
            return;
        j->failed_status = status;
        if (asked >= 0)
            fail(f, j, done, ud,
                 "HTTP %ld %s; the server asks to retry after %ld s, longer "
                 "than the %ld s inspex waits",
                 status, j->reason ? j->reason : "", asked,
                 f->o.max_wait_ms / 1000);
        else
            fail(f, j, done, ud, "HTTP %ld %s", status,
                 j->reason ? j->reason : "");
        return;
    }
    if (status >= 300) {
        j->failed_status = status;
        fail(f, j, done, ud, "HTTP %ld %s", status, j->reason ? j->reason : "");
        return;
    }
    {
        inspex_response_t r;
        char now[32];

        utc_now(now, sizeof(now));
        memset(&r, 0, sizeof(r));
        r.url = j->url;
        r.final_url = final ? final : j->url;
        r.status = status;
        r.etag = j->etag;
        r.last_modified = j->last_modified;
        r.media_type = j->media_type;
        r.retrieved_at = now;
        r.body = j->body.p ? (const unsigned char *)j->body.p
                           : (const unsigned char *)"";
        r.len = j->body.len;
        r.attempts = j->attempts;
        if (f->o.cache_dir && status == 200)
            cache_store(f, &r);
        finish(f, j, &r, NULL, done, ud);
    }
}

/* The cache directory is made when missing, and must then be a folder
 * inspex can write (offline: read); else the run stops here, naming it,
 * rather than caching nothing without a word. */
static inspex_status_t cache_usable(const inspex_fetcher_t *f,
                                    inspex_error_t *err)
{
    const char *dir = f->o.cache_dir;
    struct stat sb;
    char *probe;
    int fd;

    if (!f->o.offline && mkdir(dir, 0777) != 0 && errno != EEXIST)
        return inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                   "cannot create the cache directory: %s",
                                   strerror(errno));
    if (stat(dir, &sb) != 0)
        return inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                   "cannot use the cache directory: %s",
                                   strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                   "the cache directory is not a directory");
    if (f->o.offline)
        return INSPEX_OK;
    /* access() says yes to root whatever the mode; a file made and
     * removed says what a write would do */
    probe = inspex__asprintf("%s/.inspex-probe-XXXXXX", dir);
    if (probe == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    fd = mkstemp(probe);
    if (fd < 0) {
        int e = errno;
        free(probe);
        return inspex_error_set_at(err, INSPEX_ERR_IO, dir, 0, 0,
                                   "cannot write to the cache directory: %s",
                                   strerror(e));
    }
    close(fd);
    unlink(probe);
    free(probe);
    return INSPEX_OK;
}

/* Starts what may start now; returns the time the next waiting retry is
 * due (or -1). */
static long long start_ready(inspex_fetcher_t *f, inspex_fetch_done_fn done,
                             void *ud, inspex_error_t *err, int *failed)
{
    long long now = now_ms(), next = -1;
    size_t first = (size_t)-1;

    *failed = 0;
    /* done may add jobs, so njobs is read on every turn. */
    for (size_t i = f->next_queued; i < f->njobs; i++) {
        job_t *j = f->jobs[i];
        host_count_t *h;

        if (j->state != JOB_QUEUED)
            continue;
        if (!j->cache_loaded)
            cache_load(f, j);
        if (f->o.offline) {
            if (j->cache.present)
                from_cache(f, j, 0, done, ud);
            else
                fail(f, j, done, ud, "not in the cache (offline)");
            continue;
        }
        if (first == (size_t)-1)
            first = i;
        if (j->not_before > now) {
            if (next < 0 || j->not_before < next)
                next = j->not_before;
            continue;
        }
        /* every slot taken: the rest wait (a scan of all of them on every
         * turn would make a long queue quadratic) */
        if (f->active >= f->o.parallel)
            break;
        if ((h = host_slot(f, j->host)) == NULL) {
            inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            *failed = 1;
            return -1;
        }
        if (h->active >= f->o.per_host)
            continue;
        if (start_job(f, j, err) != INSPEX_OK) {
            *failed = 1;
            return -1;
        }
        h->active++;
    }
    f->next_queued = first == (size_t)-1 ? f->njobs : first;
    return next;
}

inspex_status_t inspex_fetcher_run(inspex_fetcher_t *f,
                                   inspex_fetch_done_fn done,
                                   inspex_fetch_progress_fn progress, void *ud,
                                   inspex_error_t *err)
{
    long long last_progress = 0;

    if (f->o.cache_dir && cache_usable(f, err) != INSPEX_OK)
        return inspex_error_code(err);
    for (;;) {
        int running = 0, failed, msgs, finished, busy;
        long long next = start_ready(f, done, ud, err, &failed);
        CURLMsg *m;
        long long now;
        int wait;

        if (failed)
            return inspex_error_code(err);
        /* the turn may queue jobs (links its work found): start them */
        busy = f->turn ? f->turn(f->turn_ud) : 0;
        if (f->turn && f->next_queued < f->njobs)
            next = start_ready(f, done, ud, err, &failed);
        if (failed)
            return inspex_error_code(err);
        if (f->active == 0 && next < 0 && f->next_queued >= f->njobs && !busy)
            break;
        curl_multi_perform(f->multi, &running);
        finished = 0;
        while ((m = curl_multi_info_read(f->multi, &msgs)) != NULL) {
            job_t *j = NULL;
            if (m->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            transfer_done(f, j, m->data.result, done, ud);
            finished++;
            if (progress)
                progress(ud, &f->progress);
        }
        /* A finished transfer frees a slot: start the next at once, not
         * after the poll below waits on the others. */
        if (finished)
            continue;
        now = now_ms();
        if (progress && now - last_progress >= 250) {
            progress(ud, &f->progress);
            last_progress = now;
        }
        if (f->active == 0 && next < 0 && !busy)
            continue; /* something may have been queued by done */
        wait = 250;
        if (next >= 0 && next - now < wait)
            wait = next - now < 0 ? 0 : (int)(next - now);
        if (f->active > 0) {
            struct curl_waitfd w = {f->turn_fd, CURL_WAIT_POLLIN, 0};
            curl_multi_poll(f->multi, f->turn_fd >= 0 ? &w : NULL,
                            f->turn_fd >= 0 ? 1 : 0, wait, NULL);
        } else if (busy && f->turn_fd >= 0) {
            struct pollfd p = {f->turn_fd, POLLIN, 0};
            poll(&p, 1, wait);
        } else if (wait > 0) {
            struct timespec ts = {wait / 1000, (long)(wait % 1000) * 1000000};
            nanosleep(&ts, NULL);
        }
    }
    if (progress)
        progress(ud, &f->progress);
    return INSPEX_OK;
}
