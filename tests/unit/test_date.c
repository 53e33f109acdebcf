/* SPDX-License-Identifier: MIT */
/* test_date.c - the date forms of published data, partial dates kept
 * partial, impossible dates refused; the fast reader of the two common
 * forms (internal, so this test links libinspex_internal.la) against the
 * general parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <inspex/inspex.h>

#include "internal.h"

static void expect_date(const char *text, unsigned flags, const char *iso)
{
    inspex_date_t d;
    char buf[16];
    inspex_error_t *err = inspex_error_new();

    if (inspex_date_parse(text, flags, &d, err) != INSPEX_OK)
        fail_msg("\"%s\": %s", text, inspex_error_message(err));
    inspex_date_format(&d, buf, sizeof(buf));
    if (strcmp(buf, iso) != 0)
        fail_msg("\"%s\" gave %s, expected %s", text, buf, iso);
    inspex_error_free(err);
}

static void expect_error(const char *text, const char *message)
{
    inspex_date_t d;
    inspex_error_t *err = inspex_error_new();

    assert_int_equal(inspex_date_parse(text, 0, &d, err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err), message);
    inspex_error_free(err);
}

static void test_forms(void **state)
{
    (void)state;
    expect_date("2020-06-04", 0, "2020-06-04");
    expect_date("04/06/2020", 0, "2020-06-04");
    expect_date("04/06/20", 0, "2020-06-04");
    expect_date("4 June 2020", 0, "2020-06-04");
    expect_date("4th June 2020", 0, "2020-06-04");
    expect_date("24th February 2020", 0, "2020-02-24");
    expect_date("June 4, 2020", 0, "2020-06-04");
    expect_date("Thursday, June 4, 2020", 0, "2020-06-04");
    expect_date("Thursday 4 June 2020", 0, "2020-06-04");
    expect_date("4 Jun 2020", 0, "2020-06-04");
    expect_date("4 Sept 2020", 0, "2020-09-04");
    expect_date("  4 June 2020 ", 0, "2020-06-04");
    expect_date("20200604", 0, "2020-06-04");
    expect_date("4.6.2020", 0, "2020-06-04");
}

static void test_partial(void **state)
{
    (void)state;
    expect_date("February 2020", 0, "2020-02");
    expect_date("Feb 2020", 0, "2020-02");
    expect_date("2020-02", 0, "2020-02");
    expect_date("2020", 0, "2020");
}

static void test_monthfirst_and_pivot(void **state)
{
    (void)state;
    expect_date("06/04/2020", INSPEX_DATE_MONTHFIRST, "2020-06-04");
    expect_date("06/04/2020", 0, "2020-04-06");
    expect_date("01/01/69", 0, "2069-01-01");
    expect_date("01/01/70", 0, "1970-01-01");
}

static void test_leap_years(void **state)
{
    (void)state;
    expect_date("29/02/2020", 0, "2020-02-29");
    expect_date("29/02/2000", 0, "2000-02-29");
    expect_error("29/02/2019",
                 "invalid date \"29/02/2019\": February has 28 days in 2019");
    expect_error("29/02/1900",
                 "invalid date \"29/02/1900\": February has 28 days in 1900");
}

static void test_invalid(void **state)
{
    (void)state;
    expect_error("31/02/2020",
                 "invalid date \"31/02/2020\": February has 29 days in 2020");
    expect_error("31 April 2020",
                 "invalid date \"31 April 2020\": April has 30 days in 2020");
    expect_error("13/13/2020", "invalid date \"13/13/2020\": no such month");
    expect_error("2020-13-01", "invalid date \"2020-13-01\": no such month");
    expect_error("soon", "unrecognised date \"soon\"");
    expect_error("", "unrecognised date \"\"");
    expect_error("2020-06-04T10:00", "unrecognised date \"2020-06-04T10:00\"");
    expect_error("Smarch 2020", "unrecognised date \"Smarch 2020\"");
    expect_error("00/06/2020", "invalid date \"00/06/2020\": day 0");
}

static void test_compare(void **state)
{
    inspex_date_t a = {2020, 2, 0}, b = {2020, 2, 24}, c = {2020, 6, 4};

    (void)state;
    assert_true(inspex_date_compare(&a, &b) < 0);
    assert_true(inspex_date_compare(&b, &c) < 0);
    assert_int_equal(inspex_date_compare(&c, &c), 0);
}

static void expect_range(const char *text, const char *start, const char *end)
{
    inspex_date_t a, b;
    char sa[16], sb[16];
    inspex_error_t *err = inspex_error_new();

    assert_int_equal(inspex_date_range_parse(text, 0, &a, &b, err), INSPEX_OK);
    inspex_date_format(&a, sa, sizeof(sa));
    inspex_date_format(&b, sb, sizeof(sb));
    assert_string_equal(sa, start);
    assert_string_equal(sb, end);
    inspex_error_free(err);
}

static void test_ranges(void **state)
{
    inspex_date_t a, b;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    expect_range("24 to 28 February 2020", "2020-02-24", "2020-02-28");
    expect_range("24-28 February 2020", "2020-02-24", "2020-02-28");
    expect_range("24th to 28th February 2020", "2020-02-24", "2020-02-28");
    expect_range("24 February \xe2\x80\x93 6 March 2020", "2020-02-24",
                 "2020-03-06");
    expect_range("24\xe2\x80\x93"
                 "28 February 2020",
                 "2020-02-24", "2020-02-28");
    expect_range("24/02/2020 - 28/02/2020", "2020-02-24", "2020-02-28");
    expect_range("30 December 2019 to 3 January 2020", "2019-12-30",
                 "2020-01-03");
    expect_range("February 2020", "2020-02", "");
    expect_range("2020-02-24", "2020-02-24", "");
    assert_int_equal(inspex_date_range_parse("28 to 24 February 2020", 0, &a,
                                             &b, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "date range \"28 to 24 February 2020\" ends before it "
                        "starts");
    assert_int_equal(inspex_date_range_parse("24 to soon", 0, &a, &b, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "unrecognised date \"24 to soon\"");
    inspex_error_free(err);
}

static void expect_fast(const char *text, unsigned flags, const char *iso)
{
    inspex_date_t d;
    char buf[16];

    if (!inspex__date_fast(text, flags, &d))
        fail_msg("\"%s\": the fast reader declined it", text);
    inspex_date_format(&d, buf, sizeof(buf));
    if (strcmp(buf, iso) != 0)
        fail_msg("\"%s\" gave %s, expected %s", text, buf, iso);
}

static void expect_not_fast(const char *text, unsigned flags)
{
    inspex_date_t d = {0, 0, 0};

    if (inspex__date_fast(text, flags, &d))
        fail_msg("\"%s\": the fast reader took it", text);
    /* declining leaves the output alone */
    assert_int_equal(d.year, 0);
}

/* inspex__date_fast reads exactly "YYYY-MM-DD", "DD/MM/YYYY" and
 * "DD/MM/YY" (or "MM/DD/YYYY", "MM/DD/YY") and "D Month YYYY", real dates
 * only, and declines everything else to the general parser. */
static void test_fast(void **state)
{
    (void)state;
    expect_fast("2020-06-04", 0, "2020-06-04");
    expect_fast("04/06/2020", 0, "2020-06-04");
    expect_fast("06/04/2020", INSPEX_DATE_MONTHFIRST, "2020-06-04");
    expect_fast("2020-06-04", INSPEX_DATE_MONTHFIRST, "2020-06-04");
    expect_fast("29/02/2020", 0, "2020-02-29");
    expect_fast("2000-02-29", 0, "2000-02-29");
    expect_fast("31/12/1999", 0, "1999-12-31");
    expect_fast("0001-01-01", 0, "0001-01-01");
    expect_fast("04/06/20", 0, "2020-06-04");
    expect_fast("04/06/69", 0, "2069-06-04");
    expect_fast("04/06/70", 0, "1970-06-04");
    expect_fast("06/04/99", INSPEX_DATE_MONTHFIRST, "1999-06-04");
    expect_fast("4 June 2020", 0, "2020-06-04");
    expect_fast("04 jun 2020", INSPEX_DATE_MONTHFIRST, "2020-06-04");
    expect_fast("30 SEPT 2020", 0, "2020-09-30");
    expect_fast("29 Febr 2020", 0, "2020-02-29");
    /* impossible dates: the parser gives the reason */
    expect_not_fast("29/02/2019", 0);
    expect_not_fast("1900-02-29", 0);
    expect_not_fast("31/04/2020", 0);
    expect_not_fast("00/06/2020", 0);
    expect_not_fast("2020-13-01", 0);
    expect_not_fast("2020-00-10", 0);
    expect_not_fast("0000-01-01", 0);
    expect_not_fast("13/13/2020", INSPEX_DATE_MONTHFIRST);
    expect_not_fast("29/02/19", 0);
    expect_not_fast("29 February 2019", 0);
    expect_not_fast("0 June 2020", 0); /* the parser reads it as June */
    expect_not_fast("4 Smarch 2020", 0);
    expect_not_fast("4 Ju 2020", 0);
    /* other forms, and anything around the date */
    expect_not_fast("4/6/2020", 0);
    expect_not_fast("2020-6-4", 0);
    expect_not_fast("2020-06", 0);
    expect_not_fast("20200604", 0);
    expect_not_fast("2020-06-04 ", 0);
    expect_not_fast(" 2020-06-04", 0);
    expect_not_fast("2020-06-04T10:00", 0);
    expect_not_fast("04.06.2020", 0);
    expect_not_fast("4  June 2020", 0);
    expect_not_fast("4 June, 2020", 0);
    expect_not_fast("4th June 2020", 0);
    expect_not_fast("Thursday 4 June 2020", 0);
    expect_not_fast("4 June 20", 0);
    expect_not_fast("4 June 2020 ", 0);
    expect_not_fast("104 June 2020", 0);
    expect_not_fast("", 0);
    expect_not_fast("2", 0);
    expect_not_fast("20", 0);
    expect_not_fast("2020-06-0", 0);
    expect_not_fast("04/06/202", 0);
}

/* Wherever the fast reader answers, the general parser gives the same
 * date, and it declines no real date the general parser reads in its
 * four forms. The text given to the parser has a space either side, which it
 * allows and the fast reader does not, so the tokeniser reads it. */
static void test_fast_agrees(void **state)
{
    static const int years[] = {1,    999,  1900, 1999, 2000,
                                2019, 2020, 2100, 9999};
    static const unsigned flagsets[] = {0, INSPEX_DATE_MONTHFIRST};
    static const char *const names[14] = {"Smarch", "January", "feb",
                                          "MARCH",  "Apr",     "May",
                                          "june",   "Jul",     "August",
                                          "Sept",   "Octob",   "NOVEMBER",
                                          "Dec",    "Undec"};
    inspex_error_t *err = inspex_error_new();
    char text[32], spaced[40];

    (void)state;
    for (size_t f = 0; f < 2; f++)
        for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++)
            for (int m = 0; m <= 13; m++)
                for (int d = 0; d <= 32; d++)
                    for (int form = 0; form < 4; form++) {
                        unsigned fl = flagsets[f];
                        inspex_date_t a, b;
                        int fast, a1 = fl ? m : d, a2 = fl ? d : m;

                        if (form == 0)
                            snprintf(text, sizeof(text), "%04d-%02d-%02d",
                                     years[y], m, d);
                        else if (form == 1)
                            snprintf(text, sizeof(text), "%02d/%02d/%04d", a1,
                                     a2, years[y]);
                        else if (form == 2)
                            snprintf(text, sizeof(text), "%02d/%02d/%02d", a1,
                                     a2, years[y] % 100);
                        else
                            snprintf(text, sizeof(text), "%d %s %04d", d,
                                     names[m], years[y]);
                        snprintf(spaced, sizeof(spaced), " %s ", text);
                        assert_false(inspex__date_fast(spaced, fl, &b));
                        fast = inspex__date_fast(text, fl, &a);
                        if (inspex_date_parse(spaced, fl, &b, err) !=
                            INSPEX_OK) {
                            if (fast)
                                fail_msg("\"%s\": fast took what the parser "
                                         "refuses (%s)",
                                         text, inspex_error_message(err));
                            continue;
                        }
                        if (!fast && d > 0)
                            fail_msg("\"%s\": fast declined a real date", text);
                        if (fast && inspex_date_compare(&a, &b) != 0)
                            fail_msg("\"%s\": fast and parser differ", text);
                    }
    inspex_error_free(err);
}

/* The internal parser names its context in the message. */
static void test_context(void **state)
{
    inspex_date_t d;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex__date_parse("31/02/2020", 0, &d, "published", err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "invalid date \"31/02/2020\" for published: February "
                        "has 29 days in 2020");
    assert_int_equal(inspex__date_parse("soon", 0, &d, NULL, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "unrecognised date \"soon\"");
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_partial),
        cmocka_unit_test(test_monthfirst_and_pivot),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_fast),
        cmocka_unit_test(test_fast_agrees),
        cmocka_unit_test(test_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
