/* SPDX-License-Identifier: MIT */
/* test_stream.c - readers and writers: memory, files, gzip (round trip,
 * truncated, corrupt, multi-member), atomic output, file and HTTP URLs;
 * the byte buffer, byte-order marks and transcoding readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <inspex/buf.h>
#include <inspex/hash.h>
#include <inspex/inspex.h>

#include "../support/httpd.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/inspex-stream-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd);
}

/* Reads everything from r into a malloc'd string; returns the status. */
static inspex_status_t read_all(inspex_reader_t *r, char **out, size_t *len,
                                inspex_error_t *err)
{
    size_t cap = 1024, n = 0;
    char *p = malloc(cap);
    inspex_status_t st;

    for (;;) {
        size_t got;
        if (n + 512 > cap)
            p = realloc(p, cap *= 2);
        st = inspex_reader_read(r, p + n, 512, &got, err);
        if (st != INSPEX_OK || got == 0)
            break;
        n += got;
    }
    p[n] = '\0';
    *out = p;
    *len = n;
    return st;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_memory_peek_read(void **state)
{
    inspex_reader_t *r = inspex_reader_new_memory("hello world", 11, "m");
    const unsigned char *p;
    size_t n;
    char *all;

    (void)state;
    assert_int_equal(inspex_reader_peek(r, 5, &p, &n, NULL), INSPEX_OK);
    assert_int_equal(n, 5);
    assert_memory_equal(p, "hello", 5);
    assert_int_equal(inspex_reader_peek(r, 100, &p, &n, NULL), INSPEX_OK);
    assert_int_equal(n, 11);
    assert_int_equal(read_all(r, &all, &n, NULL), INSPEX_OK);
    assert_string_equal(all, "hello world");
    assert_string_equal(inspex_reader_name(r), "m");
    free(all);
    inspex_reader_free(r);
}

static void test_getline(void **state)
{
    const char *text = "a\r\nbb\n\nccc";
    inspex_reader_t *r = inspex_reader_new_memory(text, strlen(text), "m");
    const char *line;
    size_t len;

    (void)state;
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_string_equal(line, "a");
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_string_equal(line, "bb");
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_string_equal(line, "");
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_string_equal(line, "ccc");
    assert_int_equal(len, 3);
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_null(line);
    inspex_reader_free(r);
}

static void test_getline_long(void **state)
{
    size_t n = 300000;
    char *text = malloc(2 * n + 2);
    inspex_reader_t *r;
    const char *line;
    size_t len;

    (void)state;
    memset(text, 'x', n);
    text[n] = '\n';
    memset(text + n + 1, 'y', n);
    text[2 * n + 1] = '\n';
    r = inspex_reader_new_memory(text, 2 * n + 2, "m");
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_int_equal(len, n);
    assert_int_equal(line[n - 1], 'x');
    assert_int_equal(inspex_reader_getline(r, &line, &len, NULL), INSPEX_OK);
    assert_int_equal(len, n);
    assert_int_equal(line[0], 'y');
    inspex_reader_free(r);
    free(text);
}

/* A line over the limit: its head and its length, and the next line read
 * after it (skip 1); stopped at the limit (skip 0). */
static void test_getline_max(void **state)
{
    size_t n = 100000;
    char *text = malloc(n + 8);
    inspex_reader_t *r;
    inspex_error_t *err = inspex_error_new();
    const char *line;
    size_t len;

    (void)state;
    memset(text, 'x', n);
    memcpy(text + n, "\nnext\n", 6);
    r = inspex_reader_new_memory(text, n + 6, "m");
    assert_int_equal(inspex_reader_getline_max(r, 1000, 1, &line, &len, err),
                     INSPEX_ERR_LIMIT);
    assert_int_equal(len, n);
    assert_int_equal(strlen(line), INSPEX_LIMIT_KEEP);
    assert_string_equal(inspex_error_text(err),
                        "m: this line is 97.7 KiB, more than the 1000 bytes "
                        "allowed for one line (--limit line=SIZE raises it)");
    assert_int_equal(inspex_reader_getline_max(r, 1000, 1, &line, &len, err),
                     INSPEX_OK);
    assert_string_equal(line, "next");
    inspex_reader_free(r);
    r = inspex_reader_new_memory(text, n + 6, "m");
    assert_int_equal(inspex_reader_getline_max(r, 1000, 0, &line, &len, err),
                     INSPEX_ERR_LIMIT);
    assert_true(len < n);
    inspex_reader_free(r);
    inspex_error_free(err);
    free(text);
}

/* A page read whole, held to its limit. */
static void test_read_all(void **state)
{
    static const char page[] = "<html>a page</html>";
    inspex_reader_t *r = inspex_reader_new_memory(page, strlen(page), "p");
    inspex_error_t *err = inspex_error_new();
    char *data;
    size_t len;

    (void)state;
    assert_int_equal(inspex_reader_read_all(r, 100, &data, &len, err),
                     INSPEX_OK);
    assert_int_equal(len, strlen(page));
    assert_string_equal(data, page);
    free(data);
    inspex_reader_free(r);
    r = inspex_reader_new_memory(page, strlen(page), "p");
    assert_int_equal(inspex_reader_read_all(r, 10, &data, &len, err),
                     INSPEX_ERR_LIMIT);
    assert_null(data);
    assert_string_equal(inspex_error_text(err),
                        "p: this page is at least 11 bytes, more than the 10 "
                        "bytes allowed for one page (--limit page=SIZE "
                        "raises it)");
    inspex_reader_free(r);
    inspex_error_free(err);
}

/* The limits: defaults, names, parsing. */
static void test_limits(void **state)
{
    inspex_limits_t l;
    inspex_error_t *err = inspex_error_new();
    char t[32];

    (void)state;
    inspex_limits_init(&l);
    assert_int_equal(inspex_limits_get(&l, INSPEX_LIMIT_FIELD), 16 << 20);
    assert_int_equal(inspex_limits_get(NULL, INSPEX_LIMIT_RECORD), 64 << 20);
    assert_string_equal(inspex_limit_name(INSPEX_LIMIT_PAGE), "page");
    assert_int_equal(inspex_limits_parse(&l, "record=1G", err), INSPEX_OK);
    assert_int_equal(inspex_limits_get(&l, INSPEX_LIMIT_RECORD), 1 << 30);
    assert_int_equal(inspex_limits_parse(&l, "line=512k", err), INSPEX_OK);
    assert_int_equal(inspex_limits_get(&l, INSPEX_LIMIT_LINE), 512 << 10);
    assert_int_equal(inspex_limits_parse(&l, "line=0", err), INSPEX_ERR_USAGE);
    assert_int_equal(inspex_limits_parse(&l, "line=5x", err), INSPEX_ERR_USAGE);
    assert_int_equal(inspex_limits_parse(&l, "rows=5", err), INSPEX_ERR_USAGE);
    inspex_size_text(1536, t, sizeof(t));
    assert_string_equal(t, "1.5 KiB");
    inspex_size_text(64 << 20, t, sizeof(t));
    assert_string_equal(t, "64 MiB");
    inspex_size_text(1, t, sizeof(t));
    assert_string_equal(t, "1 byte");
    inspex_error_free(err);
}

/* A gzip output of more than 4 GiB (zlib counts in 32 bits) is written
 * whole: slow (a minute), so only with INSPEX_SLOW=1 (scripts/test-all). */
static void test_gzip_over_4gib(void **state)
{
    size_t n = ((size_t)4 << 30) + 12345, got = 0;
    char path[] = "/tmp/inspex-4g-XXXXXX.gz";
    unsigned char *zeros, buf[1 << 16];
    inspex_writer_t *w;
    gzFile gz;
    int k, fd;

    (void)state;
    if (getenv("INSPEX_SLOW") == NULL)
        skip();
    /* untouched anonymous pages read as zeros and take no memory */
    zeros = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(zeros != MAP_FAILED);
    fd = mkstemps(path, 3);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(inspex_writer_open(path, &w, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_write(w, zeros, n, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_write(w, "end", 3, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_commit(w, NULL), INSPEX_OK);
    inspex_writer_free(w);
    munmap(zeros, n);
    gz = gzopen(path, "rb");
    assert_non_null(gz);
    while ((k = gzread(gz, buf, sizeof(buf))) > 0)
        got += (size_t)k;
    assert_int_equal(got, n + 3);
    gzclose(gz);
    unlink(path);
}

static void test_missing_file(void **state)
{
    inspex_reader_t *r;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_reader_open("/nonexistent/x.csv", NULL, &r, err),
                     INSPEX_ERR_IO);
    assert_null(r);
    assert_string_equal(inspex_error_text(err),
                        "/nonexistent/x.csv: cannot open: No such file or "
                        "directory");
    inspex_error_free(err);
}

/* Writes text through a ".gz" writer and returns the path. */
static void write_gz(const char *path, const char *text)
{
    inspex_writer_t *w;

    assert_int_equal(inspex_writer_open(path, &w, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_puts(w, text, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_commit(w, NULL), INSPEX_OK);
    inspex_writer_free(w);
}

static void test_gzip_round_trip(void **state)
{
    char path[300], *all;
    inspex_reader_t *r;
    size_t n;
    unsigned char magic[2];
    FILE *f;

    (void)state;
    snprintf(path, sizeof(path), "%s/r.csv.gz", tmpdir);
    write_gz(path, "body_name\nMedway YOT\n");
    f = fopen(path, "rb");
    assert_int_equal(fread(magic, 1, 2, f), 2);
    fclose(f);
    assert_int_equal(magic[0], 0x1f);
    assert_int_equal(magic[1], 0x8b);
    assert_int_equal(inspex_reader_open(path, NULL, &r, NULL), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, NULL), INSPEX_OK);
    assert_string_equal(all, "body_name\nMedway YOT\n");
    assert_true(inspex_reader_is_gzip(r));
    free(all);
    inspex_reader_free(r);
}

static void test_gzip_truncated(void **state)
{
    char path[300], *all, *data;
    inspex_reader_t *r;
    inspex_error_t *err = inspex_error_new();
    size_t n, len;
    char big[20000];
    FILE *f;

    (void)state;
    for (size_t i = 0; i < sizeof(big) - 1; i++)
        big[i] = (char)('a' + (i * 7919 % 26));
    big[sizeof(big) - 1] = '\0';
    snprintf(path, sizeof(path), "%s/t.csv.gz", tmpdir);
    write_gz(path, big);
    f = fopen(path, "rb");
    data = malloc(100000);
    len = fread(data, 1, 100000, f);
    fclose(f);
    write_file(path, data, len / 2); /* cut short */
    assert_int_equal(inspex_reader_open(path, NULL, &r, err), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, err), INSPEX_ERR_IO);
    assert_string_equal(
        inspex_error_message(err),
        "truncated gzip data: the compressed stream ends early");
    assert_string_equal(inspex_error_source(err), path);
    free(all);
    inspex_reader_free(r);

    /* corrupt: damage the deflate data in the middle */
    for (size_t i = 20; i < 40 && i < len; i++)
        data[i] = (char)~data[i];
    write_file(path, data, len);
    assert_int_equal(inspex_reader_open(path, NULL, &r, err), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, err), INSPEX_ERR_IO);
    assert_non_null(strstr(inspex_error_message(err), "gzip data"));
    free(all);
    inspex_reader_free(r);
    free(data);
    inspex_error_free(err);
}

static void test_gzip_members(void **state)
{
    char a[300], b[300], *x, *y, *all;
    size_t nx, ny, n;
    inspex_reader_t *r;

    (void)state;
    snprintf(a, sizeof(a), "%s/a.gz", tmpdir);
    snprintf(b, sizeof(b), "%s/b.gz", tmpdir);
    write_gz(a, "first\n");
    write_gz(b, "second\n");
    FILE *f = fopen(a, "rb");
    x = malloc(1000);
    nx = fread(x, 1, 1000, f);
    fclose(f);
    f = fopen(b, "rb");
    y = malloc(1000);
    ny = fread(y, 1, 1000, f);
    fclose(f);
    x = realloc(x, nx + ny);
    memcpy(x + nx, y, ny);
    r = inspex_reader_new_memory(x, nx + ny, "both");
    assert_int_equal(read_all(r, &all, &n, NULL), INSPEX_OK);
    assert_string_equal(all, "first\nsecond\n");
    free(all);
    free(x);
    free(y);
    inspex_reader_free(r);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.' || strlen(de->d_name) > 2)
            n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    return n;
}

static void test_atomic_writer(void **state)
{
    char dir[300], path[400], *got;
    inspex_writer_t *w;
    inspex_reader_t *r;
    size_t n;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/atomic", tmpdir);
    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/out.json", dir);
    write_file(path, "OLD", 3);
    assert_int_equal(inspex_writer_open(path, &w, NULL), INSPEX_OK);
    assert_int_equal(count_files(dir), 2); /* target + temporary */
    assert_int_equal(inspex_writer_puts(w, "NEW", NULL), INSPEX_OK);
    inspex_writer_free(w); /* no commit: a failed run */
    assert_int_equal(count_files(dir), 1);
    assert_int_equal(inspex_reader_open(path, NULL, &r, NULL), INSPEX_OK);
    assert_int_equal(read_all(r, &got, &n, NULL), INSPEX_OK);
    assert_string_equal(got, "OLD");
    free(got);
    inspex_reader_free(r);

    assert_int_equal(inspex_writer_open(path, &w, NULL), INSPEX_OK);
    assert_int_equal(inspex_writer_printf(w, NULL, "%s-%d", "NEW", 2),
                     INSPEX_OK);
    assert_int_equal(inspex_writer_commit(w, NULL), INSPEX_OK);
    inspex_writer_free(w);
    assert_int_equal(count_files(dir), 1);
    assert_int_equal(inspex_reader_open(path, NULL, &r, NULL), INSPEX_OK);
    assert_int_equal(read_all(r, &got, &n, NULL), INSPEX_OK);
    assert_string_equal(got, "NEW-2");
    free(got);
    inspex_reader_free(r);
}

static void test_writer_errors(void **state)
{
    inspex_writer_t *w;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_writer_open("/nonexistent/dir/out.csv", &w, err),
                     INSPEX_ERR_IO);
    assert_string_equal(inspex_error_text(err),
                        "/nonexistent/dir/out.csv: cannot create: No such "
                        "file or directory");
    /* a device is written in place, not replaced */
    assert_int_equal(inspex_writer_open("/dev/null", &w, err), INSPEX_OK);
    assert_int_equal(inspex_writer_puts(w, "x", err), INSPEX_OK);
    assert_int_equal(inspex_writer_commit(w, err), INSPEX_OK);
    inspex_writer_free(w);
    inspex_error_free(err);
}

static void test_memory_writer_big(void **state)
{
    inspex_writer_t *w = inspex_writer_new_memory();
    size_t len;
    char chunk[1000];

    (void)state;
    memset(chunk, 'z', sizeof(chunk));
    for (int i = 0; i < 200; i++)
        assert_int_equal(inspex_writer_write(w, chunk, sizeof(chunk), NULL),
                         INSPEX_OK);
    inspex_writer_data(w, &len);
    assert_int_equal(len, 200000);
    inspex_writer_free(w);
}

static void test_file_url(void **state)
{
    char path[300], url[320], *all;
    inspex_reader_t *r;
    inspex_error_t *err = inspex_error_new();
    size_t n;

    (void)state;
    snprintf(path, sizeof(path), "%s/u.csv", tmpdir);
    write_file(path, "a,b\n1,2\n", 8);
    snprintf(url, sizeof(url), "file://%s", path);
    assert_true(inspex_is_url(url));
    assert_false(inspex_is_url(path));
    assert_int_equal(inspex_reader_open(url, NULL, &r, err), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, err), INSPEX_OK);
    assert_string_equal(all, "a,b\n1,2\n");
    free(all);
    inspex_reader_free(r);
    snprintf(url, sizeof(url), "file://%s/missing.csv", tmpdir);
    assert_int_equal(inspex_reader_open(url, NULL, &r, err), INSPEX_ERR_IO);
    assert_string_equal(inspex_error_source(err), url);
    inspex_error_free(err);
}

static void http_case_len(const char *response, size_t len,
                          const inspex_url_options_t *opt, inspex_status_t want,
                          const char *want_text)
{
    pid_t pid;
    int port = test_httpd_start(response, len, 1, &pid);
    char url[64], *all = NULL;
    inspex_reader_t *r = NULL;
    inspex_error_t *err = inspex_error_new();
    inspex_status_t st;
    size_t n;

    assert_true(port > 0);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/ratings.csv", port);
    st = inspex_reader_open(url, opt, &r, err);
    if (st == INSPEX_OK)
        st = read_all(r, &all, &n, err);
    test_httpd_stop(pid);
    assert_int_equal(st, want);
    if (want == INSPEX_OK) {
        assert_string_equal(all, want_text);
    } else {
        char expect[200];
        snprintf(expect, sizeof(expect), "%s: %s", url, want_text);
        assert_string_equal(inspex_error_text(err), expect);
    }
    free(all);
    inspex_reader_free(r);
    inspex_error_free(err);
}

static void http_case(const char *response, const inspex_url_options_t *opt,
                      inspex_status_t want, const char *want_text)
{
    http_case_len(response, strlen(response), opt, want, want_text);
}

static void test_http(void **state)
{
    inspex_url_options_t small = {.max_bytes = 10};

    (void)state;
    http_case("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n"
              "\r\na,b\n1,2\n",
              NULL, INSPEX_OK, "a,b\n1,2\n");
    http_case("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: "
              "close\r\n\r\nnot found",
              NULL, INSPEX_ERR_NETWORK, "HTTP status 404");
    http_case("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
              "0123456789abcdefghij",
              &small, INSPEX_ERR_NETWORK,
              "response is larger than the 10-byte cap");
}

static void test_http_timeout(void **state)
{
    const char *resp = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    inspex_url_options_t quick = {.timeout_ms = 300};
    pid_t pid;
    int port = test_httpd_start_delayed(resp, strlen(resp), 1, 3000, &pid);
    char url[64];
    inspex_reader_t *r = NULL;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_true(port > 0);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/slow.csv", port);
    assert_int_equal(inspex_reader_open(url, &quick, &r, err),
                     INSPEX_ERR_NETWORK);
    assert_null(r);
    assert_string_equal(inspex_error_source(err), url);
    assert_non_null(strstr(inspex_error_message(err), "timed out"));
    test_httpd_stop(pid);
    inspex_error_free(err);
}

static void test_http_gzip_encoding(void **state)
{
    unsigned char gz[256];
    z_stream zs;
    char head[256], resp[600];
    const char *body = "body_name\nMedway YOT\n";
    size_t hl, gl;

    (void)state;
    memset(&zs, 0, sizeof(zs));
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *)body;
    zs.avail_in = (uInt)strlen(body);
    zs.next_out = gz;
    zs.avail_out = sizeof(gz);
    deflate(&zs, Z_FINISH);
    gl = sizeof(gz) - zs.avail_out;
    deflateEnd(&zs);
    hl = (size_t)snprintf(head, sizeof(head),
                          "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                          gl);
    memcpy(resp, head, hl);
    memcpy(resp + hl, gz, gl);
    http_case_len(resp, hl + gl, NULL, INSPEX_OK, body);
}

/* ---- the byte buffer ---------------------------------------------------- */

static void test_buf(void **state)
{
    inspex_buf_t b = {0};
    char *p;
    size_t len;

    (void)state;
    /* an empty append still makes a string */
    assert_int_equal(inspex_buf_add(&b, "", 0), 0);
    assert_non_null(b.p);
    assert_string_equal(b.p, "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(inspex_buf_add(&b, "abc", 3), 0);
    assert_int_equal(b.len, 3000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.p[3000], '\0');
    assert_memory_equal(b.p + 2997, "abc", 3);
    inspex_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.p, "");
    assert_int_equal(inspex_buf_addf(&b, "%s-%d", "x", 42), 0);
    assert_int_equal(inspex_buf_adds(&b, "!"), 0);
    assert_string_equal(b.p, "x-42!");
    /* reserve, fill by hand, move len */
    assert_int_equal(inspex_buf_reserve(&b, 100), 0);
    assert_true(b.cap - b.len > 100);
    memset(b.p + b.len, 'y', 100);
    b.len += 100;
    b.p[b.len] = '\0';
    assert_int_equal(strlen(b.p), 105);
    p = inspex_buf_take(&b, &len);
    assert_int_equal(len, 105);
    assert_int_equal(strlen(p), 105);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    free(p);
    /* taking an empty buffer gives an empty string */
    p = inspex_buf_take(&b, NULL);
    assert_string_equal(p, "");
    free(p);
    inspex_buf_free(&b);
}

static void test_buf_cap(void **state)
{
    inspex_buf_t b;
    char big[300];

    (void)state;
    memset(big, 'q', sizeof(big));
    inspex_buf_init(&b, 10);
    assert_int_equal(inspex_buf_add(&b, "0123456789", 10), 0);
    assert_int_equal(b.cap, 11); /* never more than the cap needs */
    /* past the cap: refused, the buffer as it was */
    assert_int_equal(inspex_buf_add(&b, "x", 1), INSPEX_BUF_TOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.p, "0123456789");
    assert_int_equal(inspex_buf_reserve(&b, 1), INSPEX_BUF_TOOBIG);
    assert_int_equal(inspex_buf_addf(&b, "%d", 7), INSPEX_BUF_TOOBIG);
    /* freeing keeps the cap */
    inspex_buf_free(&b);
    assert_int_equal(b.max, 10);
    assert_int_equal(inspex_buf_add(&b, big, 11), INSPEX_BUF_TOOBIG);
    assert_null(b.p);
    assert_int_equal(inspex_buf_add(&b, big, 10), 0);
    inspex_buf_free(&b);
    /* an impossible size is out of memory, not an overflow */
    inspex_buf_init(&b, 0);
    assert_int_equal(inspex_buf_reserve(&b, (size_t)-1), INSPEX_BUF_NOMEM);
    assert_int_equal(inspex_buf_add(&b, big, 300), 0);
    assert_int_equal(inspex_buf_reserve(&b, (size_t)-1 - 100),
                     INSPEX_BUF_NOMEM);
    assert_int_equal(b.len, 300);
    inspex_buf_free(&b);
}

static void test_hash(void **state)
{
    (void)state;
    /* FNV-1a from inspex's offset basis (values worked out apart) */
    assert_true(inspex_hash("") == 0x14650fb0739d0383ULL);
    assert_true(inspex_hash("a") == 0x44bd8ad473cd9906ULL);
    assert_true(inspex_hash("foobar") == 0x88fad7c0a8ff07f2ULL);
    assert_true(inspex_hash_more(inspex_hash("foo"), "bar") ==
                inspex_hash("foobar"));
    assert_true(inspex_hash_bytes(INSPEX_HASH_START, "foobar", 6) ==
                inspex_hash("foobar"));
}

/* ---- byte-order marks --------------------------------------------------- */

static void test_bom(void **state)
{
    inspex_reader_t *r;
    char *all;
    size_t n;

    (void)state;
    assert_int_equal(inspex_bom_length("\xEF\xBB\xBFx", 4), 3);
    assert_int_equal(inspex_bom_length("\xEF\xBB\xBF", 3), 3);
    assert_int_equal(inspex_bom_length("\xEF\xBB", 2), 0);
    assert_int_equal(inspex_bom_length("abc", 3), 0);
    assert_int_equal(inspex_bom_length("\xFF\xFE"
                                       "a",
                                       3),
                     0);

    r = inspex_reader_new_memory("\xEF\xBB\xBFhi\xEF\xBB\xBF", 8, "m");
    assert_int_equal(inspex_reader_skip_bom(r, NULL), INSPEX_OK);
    /* once: a second call is at "hi" */
    assert_int_equal(inspex_reader_skip_bom(r, NULL), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, NULL), INSPEX_OK);
    assert_int_equal(n, 5);
    assert_string_equal(all, "hi\xEF\xBB\xBF");
    free(all);
    inspex_reader_free(r);

    r = inspex_reader_new_memory("\xEF\xBB", 2, "m");
    assert_int_equal(inspex_reader_skip_bom(r, NULL), INSPEX_OK);
    assert_int_equal(read_all(r, &all, &n, NULL), INSPEX_OK);
    assert_int_equal(n, 2);
    free(all);
    inspex_reader_free(r);
}

/* ---- transcoding readers ------------------------------------------------ */

/* What len bytes at data in encoding read as, through a transcoding
 * reader reading `chunk` bytes at a time; the status, and the error's
 * text in *msg when it failed (owned). */
static inspex_status_t transcode(const char *encoding, const void *data,
                                 size_t len, size_t chunk, char **out,
                                 size_t *outlen, char **msg)
{
    inspex_reader_t *in = inspex_reader_new_memory(data, len, "t.csv");
    inspex_reader_t *r = NULL;
    inspex_error_t *err = inspex_error_new();
    inspex_buf_t b = {0};
    inspex_status_t st;

    *msg = NULL;
    st = inspex_reader_new_transcoding(in, encoding, &r, err);
    while (st == INSPEX_OK) {
        size_t got;
        assert_int_equal(inspex_buf_reserve(&b, chunk), 0);
        st = inspex_reader_read(r, b.p + b.len, chunk, &got, err);
        if (st != INSPEX_OK || got == 0)
            break;
        b.len += got;
        b.p[b.len] = '\0';
    }
    if (st != INSPEX_OK)
        *msg = strdup(inspex_error_text(err));
    *out = inspex_buf_take(&b, outlen);
    inspex_reader_free(r);
    inspex_reader_free(in);
    inspex_error_free(err);
    return st;
}

static void expect_transcoded(const char *encoding, const void *data,
                              size_t len, const char *want)
{
    static const size_t chunks[] = {1, 3, 31, 32, 4096, 300000};

    for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        char *got, *msg;
        size_t n;
        inspex_status_t st = transcode(encoding, data, len, chunks[i], &got, &n,
                                       &msg);
        if (st != INSPEX_OK)
            fail_msg("%s, %zu at a time: %s", encoding, chunks[i], msg);
        assert_int_equal(n, strlen(want));
        assert_memory_equal(got, want, n);
        free(got);
    }
}

static void expect_transcode_error(const char *encoding, const void *data,
                                   size_t len, inspex_status_t code,
                                   const char *message)
{
    char *got, *msg;
    size_t n;

    assert_int_equal(transcode(encoding, data, len, 4096, &got, &n, &msg),
                     code);
    assert_string_equal(msg, message);
    free(msg);
    free(got);
}

static void test_transcode(void **state)
{
    (void)state;
    expect_transcoded("windows-1252", "Caf\xe9 \x93q\x94 \x80\n", 11,
                      "Caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x82\xac\n");
    expect_transcoded("WINDOWS-1250", "\x8a\xe8\xb9", 3,
                      "\xc5\xa0\xc4\x8d\xc4\x85"); /* Šča */
    expect_transcoded("ISO-8859-15", "\xa4\xbd", 2,
                      "\xe2\x82\xac\xc5\x93"); /* €œ */
    expect_transcoded("latin-1", "\xe9\xa4", 2, "\xc3\xa9\xc2\xa4");
    /* UTF-16 with its byte-order mark, either way round: the mark says
     * which, and is gone */
    expect_transcoded("UTF-16",
                      "\xff\xfe"
                      "a\0\xe9\0\n\0",
                      8, "a\xc3\xa9\n");
    expect_transcoded("UTF-16", "\xfe\xff\0a\0\xe9\0\n", 8, "a\xc3\xa9\n");
    /* UTF-16LE keeps a mark, as UTF-8's, for inspex_reader_skip_bom */
    expect_transcoded("UTF-16LE",
                      "\xff\xfe"
                      "a\0",
                      4,
                      "\xef\xbb\xbf"
                      "a");
    /* a surrogate pair (U+1F600) */
    expect_transcoded("UTF-16LE", "\x3d\xd8\x00\xde", 4, "\xf0\x9f\x98\x80");
    expect_transcoded("windows-1252", "", 0, "");
}

/* A character split between two reads of the input underneath. */
static void test_transcode_split(void **state)
{
    size_t units = 32766, len = 2 + 2 * units + 4;
    unsigned char *in = malloc(len);
    char *want = malloc(units + 5);

    (void)state;
    in[0] = 0xff;
    in[1] = 0xfe;
    for (size_t i = 0; i < units; i++) {
        in[2 + 2 * i] = 'a';
        in[3 + 2 * i] = 0;
        want[i] = 'a';
    }
    /* the pair starts 2 bytes before the 64 KiB the reader reads at once */
    memcpy(in + 2 + 2 * units, "\x3d\xd8\x00\xde", 4);
    memcpy(want + units, "\xf0\x9f\x98\x80", 5);
    expect_transcoded("UTF-16", in, len, want);
    free(in);
    free(want);
}

static void test_transcode_errors(void **state)
{
    inspex_reader_t *in = inspex_reader_new_memory("x", 1, "t.csv");
    inspex_reader_t *r = (inspex_reader_t *)in;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_reader_new_transcoding(in, "klingon", &r, err),
                     INSPEX_ERR_USAGE);
    assert_null(r);
    assert_string_equal(inspex_error_text(err),
                        "unknown character encoding 'klingon' (`iconv -l` "
                        "lists the ones this system knows)");
    /* iconv's own flags and the locale's encoding name no input encoding */
    assert_int_equal(inspex_reader_new_transcoding(in, "", &r, NULL),
                     INSPEX_ERR_USAGE);
    assert_int_equal(inspex_reader_new_transcoding(in, "UTF-16//IGNORE", &r,
                                                   NULL),
                     INSPEX_ERR_USAGE);
    inspex_reader_free(in);
    inspex_error_free(err);

    /* the place of an undefined byte, in lines and columns of the text */
    expect_transcode_error("windows-1252", "name\nA\x81", 7,
                           INSPEX_ERR_ENCODING,
                           "t.csv:2:2: byte 0x81 is not defined in "
                           "windows-1252");
    expect_transcode_error("windows-1252", "\xe9\xe9\x81", 3,
                           INSPEX_ERR_ENCODING,
                           "t.csv:1:5: byte 0x81 is not defined in "
                           "windows-1252");
    /* a lone low surrogate */
    expect_transcode_error("UTF-16LE", "a\0\n\0b\0\x00\xdc", 8,
                           INSPEX_ERR_ENCODING,
                           "t.csv:2:2: bytes 0x00 0xDC... are not a "
                           "character in UTF-16LE");
    expect_transcode_error("UTF-16LE", "a\0b", 3, INSPEX_ERR_ENCODING,
                           "t.csv:1:2: the input ends inside a character (1 "
                           "byte of UTF-16LE left over)");
}

/* Peek, getline and the name through a transcoding reader. */
static void test_transcode_reader(void **state)
{
    const char *text = "\xef\xbb\xbf"
                       "a,\xe9\r\nb\n";
    inspex_reader_t *in = inspex_reader_new_memory(text, strlen(text), "m");
    inspex_reader_t *r;
    const unsigned char *p;
    const char *line;
    size_t n;

    (void)state;
    assert_int_equal(inspex_reader_new_transcoding(in, "windows-1252", &r,
                                                   NULL),
                     INSPEX_OK);
    assert_string_equal(inspex_reader_name(r), "m");
    assert_int_equal(inspex_reader_is_gzip(r), 0);
    assert_null(inspex_reader_response(r));
    /* the UTF-8 mark, read as windows-1252, is text: "ï»¿" */
    assert_int_equal(inspex_reader_peek(r, 6, &p, &n, NULL), INSPEX_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(p, "\xc3\xaf\xc2\xbb\xc2\xbf", 6);
    assert_int_equal(inspex_reader_skip_bom(r, NULL), INSPEX_OK);
    assert_int_equal(inspex_reader_getline(r, &line, &n, NULL), INSPEX_OK);
    assert_string_equal(line, "\xc3\xaf\xc2\xbb\xc2\xbf"
                              "a,\xc3\xa9");
    assert_int_equal(inspex_reader_getline(r, &line, &n, NULL), INSPEX_OK);
    assert_string_equal(line, "b");
    assert_int_equal(inspex_reader_getline(r, &line, &n, NULL), INSPEX_OK);
    assert_null(line);
    inspex_reader_free(r);
    inspex_reader_free(in);
    assert_true(inspex_encoding_is_utf8("UTF-8"));
    assert_true(inspex_encoding_is_utf8("utf8"));
    assert_true(inspex_encoding_is_utf8(NULL));
    assert_false(inspex_encoding_is_utf8("UTF-16"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_peek_read),
        cmocka_unit_test(test_getline),
        cmocka_unit_test(test_getline_long),
        cmocka_unit_test(test_getline_max),
        cmocka_unit_test(test_read_all),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_gzip_over_4gib),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_gzip_round_trip),
        cmocka_unit_test(test_gzip_truncated),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_atomic_writer),
        cmocka_unit_test(test_writer_errors),
        cmocka_unit_test(test_memory_writer_big),
        cmocka_unit_test(test_file_url),
        cmocka_unit_test(test_http),
        cmocka_unit_test(test_http_timeout),
        cmocka_unit_test(test_http_gzip_encoding),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_transcode),
        cmocka_unit_test(test_transcode_split),
        cmocka_unit_test(test_transcode_errors),
        cmocka_unit_test(test_transcode_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
