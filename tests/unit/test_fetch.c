/* SPDX-License-Identifier: MIT */
/* test_fetch.c - the fetcher: adding URLs, file: URLs, retries against a
 * canned local server, the cache written and read offline, URLs added
 * from the done callback. The fault cases of the issue run end to end in
 * tests/cli/fetch.sh against tests/support/testhttpd.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <inspex/fetch.h>
#include <inspex/inspex.h>

#include "../support/httpd.h"

typedef struct result {
    size_t n;
    int ok[8];
    char text[8][512];
    size_t len[8];
    long status[8];
    int from_cache[8];
    unsigned attempts[8];
    inspex_fetcher_t *f;
    const char *follow; /* added by the first done call */
} result_t;

static void on_done(void *ud, size_t index, const inspex_response_t *resp,
                    inspex_error_t *error)
{
    result_t *r = ud;

    assert_true(index < 8);
    r->n++;
    if (resp) {
        r->ok[index] = 1;
        r->len[index] = resp->len;
        r->status[index] = resp->status;
        r->from_cache[index] = resp->from_cache;
        r->attempts[index] = resp->attempts;
        snprintf(r->text[index], sizeof(r->text[index]), "%.*s",
                 (int)(resp->len < 500 ? resp->len : 500),
                 (const char *)resp->body);
    } else {
        snprintf(r->text[index], sizeof(r->text[index]), "%s",
                 inspex_error_text(error));
    }
    if (r->follow) {
        size_t i;
        int added;
        assert_int_equal(inspex_fetcher_add(r->f, r->follow, &i, &added, NULL),
                         INSPEX_OK);
        r->follow = NULL;
    }
}

static void test_add(void **state)
{
    inspex_fetcher_t *f = inspex_fetcher_new(NULL);
    inspex_error_t *err = inspex_error_new();
    size_t i;
    int added;

    (void)state;
    assert_int_equal(inspex_fetcher_add(f, "ftp://x.test/a", &i, &added, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_text(err),
                        "ftp://x.test/a: not a URL inspex fetches (http, "
                        "https or file)");
    assert_int_equal(inspex_fetcher_add(f, "http://x.test/a", &i, &added, err),
                     INSPEX_OK);
    assert_int_equal(i, 0);
    assert_int_equal(added, 1);
    assert_int_equal(inspex_fetcher_add(f, "http://x.test/b", &i, &added, err),
                     INSPEX_OK);
    assert_int_equal(i, 1);
    assert_int_equal(inspex_fetcher_add(f, "http://x.test/a", &i, &added, err),
                     INSPEX_OK);
    assert_int_equal(i, 0);
    assert_int_equal(added, 0);
    inspex_fetcher_free(f);
    inspex_error_free(err);
}

/* 100,000 distinct URLs and each again: the duplicate check is a hash,
 * not a scan of the URLs added (which took minutes). */
static void test_add_many(void **state)
{
    enum { N = 100000 };
    inspex_fetcher_t *f = inspex_fetcher_new(NULL);
    inspex_error_t *err = inspex_error_new();
    char url[96];

    (void)state;
    assert_non_null(f);
    for (int rep = 0; rep < 2; rep++)
        for (int i = 0; i < N; i++) {
            size_t index;
            int added;
            snprintf(url, sizeof(url),
                     "https://www.example.org/hmiprobation/inspections/s%d/",
                     i);
            assert_int_equal(inspex_fetcher_add(f, url, &index, &added, err),
                             INSPEX_OK);
            assert_int_equal(index, (size_t)i);
            assert_int_equal(added, rep == 0);
        }
    inspex_fetcher_free(f);
    inspex_error_free(err);
}

static void test_file_and_follow(void **state)
{
    char url[4200], url2[4200];
    result_t r;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    memset(&r, 0, sizeof(r));
    snprintf(url, sizeof(url), "file://%s/fixtures/pages/essex-2018.html",
             INSPEX_SRCDIR);
    snprintf(url2, sizeof(url2), "file://%s/fixtures/pages/no-such.html",
             INSPEX_SRCDIR);
    r.f = inspex_fetcher_new(NULL);
    r.follow = url2;
    assert_int_equal(inspex_fetcher_add(r.f, url, NULL, NULL, err), INSPEX_OK);
    assert_int_equal(inspex_fetcher_run(r.f, on_done, NULL, &r, err),
                     INSPEX_OK);
    assert_int_equal(r.n, 2);
    assert_true(r.ok[0]);
    assert_int_equal(r.status[0], 0);
    assert_true(strstr(r.text[0], "<!DOCTYPE html>") == r.text[0]);
    /* the URL added by the callback was fetched too, and failed */
    assert_false(r.ok[1]);
    assert_non_null(strstr(r.text[1], "no-such.html: "));
    /* neither failed on an HTTP status */
    assert_int_equal(inspex_fetcher_failed_status(r.f, 0), 0);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 1), 0);
    inspex_fetcher_free(r.f);
    inspex_error_free(err);
}

static void test_retries(void **state)
{
    static const char resp[] = "HTTP/1.1 503 Service Unavailable\r\n"
                               "Content-Length: 0\r\nConnection: close\r\n\r\n";
    pid_t pid;
    int port = test_httpd_start(resp, strlen(resp), 3, &pid);
    inspex_fetch_options_t o;
    result_t r;
    char url[64], want[160];
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_true(port > 0);
    inspex_fetch_options_init(&o);
    o.retries = 2;
    o.retry_delay_ms = 10;
    memset(&r, 0, sizeof(r));
    r.f = inspex_fetcher_new(&o);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/r.html", port);
    assert_int_equal(inspex_fetcher_add(r.f, url, NULL, NULL, err), INSPEX_OK);
    assert_int_equal(inspex_fetcher_run(r.f, on_done, NULL, &r, err),
                     INSPEX_OK);
    snprintf(want, sizeof(want),
             "%s: HTTP 503 Service Unavailable (gave up after 3 attempts)",
             url);
    assert_false(r.ok[0]);
    assert_string_equal(r.text[0], want);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 0), 503);
    inspex_fetcher_free(r.f);
    test_httpd_stop(pid);
    inspex_error_free(err);
}

/* A 404 is not retried, and its status is kept for the caller to tell
 * "no such page" from a server that failed. */
static void test_failed_status(void **state)
{
    static const char resp[] = "HTTP/1.1 404 Not Found\r\n"
                               "Content-Length: 0\r\nConnection: close\r\n\r\n";
    pid_t pid;
    int port = test_httpd_start(resp, strlen(resp), 1, &pid);
    result_t r;
    char url[64], want[128];
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_true(port > 0);
    memset(&r, 0, sizeof(r));
    r.f = inspex_fetcher_new(NULL);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/gone.html", port);
    assert_int_equal(inspex_fetcher_add(r.f, url, NULL, NULL, err), INSPEX_OK);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 0), 0);
    assert_int_equal(inspex_fetcher_run(r.f, on_done, NULL, &r, err),
                     INSPEX_OK);
    snprintf(want, sizeof(want), "%s: HTTP 404 Not Found", url);
    assert_false(r.ok[0]);
    assert_string_equal(r.text[0], want);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 0), 404);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 1), 0);
    inspex_fetcher_free(r.f);
    test_httpd_stop(pid);
    inspex_error_free(err);
}

static void test_cache_offline(void **state)
{
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "ETag: \"v1\"\r\nContent-Length: 5\r\n"
                               "Connection: close\r\n\r\nhello";
    pid_t pid;
    int port = test_httpd_start(resp, strlen(resp), 1, &pid);
    inspex_fetch_options_t o;
    result_t r;
    char url[64], dir[] = "/tmp/inspex-cache-XXXXXX";
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_true(port > 0);
    assert_non_null(mkdtemp(dir));
    inspex_fetch_options_init(&o);
    o.cache_dir = dir;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/c.html", port);

    memset(&r, 0, sizeof(r));
    r.f = inspex_fetcher_new(&o);
    inspex_fetcher_add(r.f, url, NULL, NULL, err);
    assert_int_equal(inspex_fetcher_run(r.f, on_done, NULL, &r, err),
                     INSPEX_OK);
    assert_true(r.ok[0]);
    assert_int_equal(r.status[0], 200);
    assert_int_equal(r.from_cache[0], 0);
    assert_int_equal(inspex_fetcher_failed_status(r.f, 0), 0);
    inspex_fetcher_free(r.f);
    test_httpd_stop(pid);

    /* the server is gone: offline, the cache answers */
    o.offline = 1;
    memset(&r, 0, sizeof(r));
    r.f = inspex_fetcher_new(&o);
    inspex_fetcher_add(r.f, url, NULL, NULL, err);
    inspex_fetcher_add(r.f, "http://127.0.0.1:1/never.html", NULL, NULL, err);
    assert_int_equal(inspex_fetcher_run(r.f, on_done, NULL, &r, err),
                     INSPEX_OK);
    assert_true(r.ok[0]);
    assert_int_equal(r.from_cache[0], 1);
    assert_int_equal(r.attempts[0], 0);
    assert_string_equal(r.text[0], "hello");
    assert_false(r.ok[1]);
    assert_string_equal(r.text[1], "http://127.0.0.1:1/never.html: not in "
                                   "the cache (offline)");
    inspex_fetcher_free(r.f);

    {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
    }
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_add_many),
        cmocka_unit_test(test_file_and_follow),
        cmocka_unit_test(test_retries),
        cmocka_unit_test(test_failed_status),
        cmocka_unit_test(test_cache_offline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
