/* SPDX-License-Identifier: MIT */
/* test_sheet.c - the spreadsheet plugins' own functions, built in from
 * plugins/sheet: serial dates in the 1900 and 1904 systems, OOXML's
 * _xHHHH_ escapes both ways, and the zip package's limits (taken from the
 * library's, and each one's message). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <zip.h>

#include <inspex/error.h>
#include <inspex/limits.h>
#include <inspex/stream.h>

#include "sheet.h"

static void expect_date(double serial, int date1904, const char *want)
{
    char buf[16];

    if (want == NULL) {
        assert_int_equal(sheet_serial_date(serial, date1904, buf, sizeof(buf)),
                         0);
        return;
    }
    assert_int_equal(sheet_serial_date(serial, date1904, buf, sizeof(buf)), 1);
    assert_string_equal(buf, want);
}

static void test_dates_1900(void **state)
{
    (void)state;
    expect_date(1, 0, "1900-01-01");
    expect_date(59, 0, "1900-02-28");
    expect_date(60, 0, NULL); /* Excel's phantom 29 February 1900 */
    expect_date(61, 0, "1900-03-01");
    expect_date(45292, 0, "2024-01-01");
    expect_date(45292.75, 0, "2024-01-01"); /* the time is dropped */
    expect_date(2958465, 0, "9999-12-31");
    expect_date(2958466, 0, NULL); /* past 9999 */
    expect_date(0, 0, NULL);
    expect_date(-1, 0, NULL);
}

static void test_dates_1904(void **state)
{
    (void)state;
    expect_date(0, 1, "1904-01-01");
    expect_date(59, 1, "1904-02-29");    /* 1904 was a leap year */
    expect_date(43830, 1, "2024-01-01"); /* 1462 days fewer than 1900's */
    expect_date(-1, 1, NULL);
}

static void expect_unescape(const char *in, const char *want)
{
    inspex_buf_t b = {0};
    const char *got = sheet_xlsx_unescape(in, &b);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(b.p);
}

static void test_unescape(void **state)
{
    (void)state;
    expect_unescape("plain", "plain");
    expect_unescape("a_x0041_b", "aAb");
    expect_unescape("line_x000D__x000A_end", "line\r\nend");
    expect_unescape("_x00e9_", "\xc3\xa9");
    expect_unescape("_x20AC_", "\xe2\x82\xac");
    expect_unescape("_x005F_x0041_", "_x0041_"); /* kept literal */
    expect_unescape("_xD800_", "_xD800_");       /* a lone surrogate */
    expect_unescape("_x00G1_", "_x00G1_");       /* not hex */
    expect_unescape("_x004", "_x004");           /* cut short at the end */
    expect_unescape("_x", "_x");
    expect_unescape("x_", "x_");
}

static void test_escape(void **state)
{
    inspex_buf_t b = {0}, d = {0};
    const char *v = "no form here _x or _x12_";

    (void)state;
    assert_ptr_equal(sheet_xlsx_escape(v, &b), v); /* nothing to change */
    assert_string_equal(sheet_xlsx_escape("_x0041_", &b), "_x005F_x0041_");
    assert_string_equal(sheet_xlsx_escape("a_x0041_b_x00e9_", &b),
                        "a_x005F_x0041_b_x005F_x00e9_");
    /* what is escaped reads back as it was */
    const char *in[] = {"_x0041_", "__x0041__", "_x005F_x0041_", "_x_x0041_"};
    for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
        const char *e = sheet_xlsx_escape(in[i], &b);
        assert_non_null(e);
        assert_string_equal(sheet_xlsx_unescape(e, &d), in[i]);
    }
    free(b.p);
    free(d.p);
}

static void test_limits_defaults(void **state)
{
    sheet_limits_t l;
    inspex_limits_t mine;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    sheet_limits_of(NULL, &l);
    assert_int_equal(l.file, 512UL << 20);
    assert_int_equal(l.entry, 2048UL << 20);
    assert_int_equal(l.total, 4096UL << 20);
    assert_int_equal(l.ratio, 200);
    /* the library knows them by name */
    inspex_limits_init(&mine);
    assert_int_equal(inspex_limits_parse(&mine, "zip-ratio=1000", err),
                     INSPEX_OK);
    assert_int_equal(inspex_limits_get(&mine, INSPEX_LIMIT_ZIP_RATIO), 1000);
    assert_int_equal(inspex_limits_parse(&mine, "zip-entry=1G", err),
                     INSPEX_OK);
    assert_int_equal(inspex_limits_get(&mine, INSPEX_LIMIT_ZIP_ENTRY),
                     1UL << 30);
    assert_string_equal(inspex_limit_name(INSPEX_LIMIT_ZIP_FILE), "zip-file");
    assert_string_equal(inspex_limit_name(INSPEX_LIMIT_ZIP_TOTAL), "zip-total");
    inspex_error_free(err);
}

/* A zip of one entry, a.xml, of n spaces, read into memory (*len). */
static char *space_zip(size_t n, size_t *len)
{
    char path[] = "/tmp/test_sheet-XXXXXX";
    int fd = mkstemp(path), zerr;
    char *spaces = malloc(n), *data = NULL;
    zip_t *z;
    FILE *f;

    assert_true(fd >= 0 && spaces != NULL);
    close(fd);
    memset(spaces, ' ', n);
    assert_non_null(z = zip_open(path, ZIP_TRUNCATE, &zerr));
    zip_source_t *src = zip_source_buffer(z, spaces, n, 0);
    assert_non_null(src);
    assert_true(zip_file_add(z, "a.xml", src, 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    free(spaces);
    assert_non_null(f = fopen(path, "rb"));
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    assert_non_null(data = malloc(*len));
    assert_int_equal(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}

/* Opens the zip with l and reads a.xml whole: the message that stopped
 * it, "" when none. */
static void expect_stop(const char *data, size_t len, const sheet_limits_t *l,
                        const char *want)
{
    inspex_reader_t *r = inspex_reader_new_memory(data, len, "t.xlsx");
    inspex_error_t *err = inspex_error_new();
    sheet_zip_t *z = NULL;
    sheet_entry_t *e = NULL;
    inspex_status_t st = sheet_zip_open(r, "t.xlsx", l, &z, err);
    char buf[65536];
    long n = 0;

    if (st == INSPEX_OK)
        st = sheet_entry_open(z, "a.xml", &e, err);
    while (st == INSPEX_OK && (n = sheet_entry_read(e, buf, sizeof(buf))) > 0)
        ;
    if (st == INSPEX_OK && n < 0)
        st = sheet_entry_error(e, err);
    assert_string_equal(st == INSPEX_OK ? "" : inspex_error_message(err), want);
    sheet_entry_close(e);
    sheet_zip_free(z);
    inspex_reader_free(r);
    inspex_error_free(err);
}

static void test_zip_limits(void **state)
{
    size_t len;
    char *data = space_zip(4 << 20, &len); /* 4 MiB of spaces */
    sheet_limits_t l;

    (void)state;
    sheet_limits_of(NULL, &l);
    l.ratio = 1000000; /* spaces deflate some thousand times */
    expect_stop(data, len, &l, "");
    l.entry = 1 << 20;
    expect_stop(data, len, &l,
                "a.xml inflates to more than 1 MiB: a zip bomb? not read "
                "(--limit zip-entry=SIZE raises it)");
    sheet_limits_of(NULL, &l);
    l.ratio = 1000000;
    l.total = 2 << 20;
    expect_stop(data, len, &l,
                "the entries read inflate to more than 2 MiB, at a.xml: a "
                "zip bomb? not read (--limit zip-total=SIZE raises it)");
    sheet_limits_of(NULL, &l);
    expect_stop(data, len, &l,
                "a.xml inflates more than 200 times its compressed size: a "
                "zip bomb? not read");
    l.file = 100;
    expect_stop(data, len, &l,
                "the spreadsheet is larger than 100 bytes: not read "
                "(--limit zip-file=SIZE raises it)");
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_1900),
        cmocka_unit_test(test_dates_1904),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_limits_defaults),
        cmocka_unit_test(test_zip_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
