/* SPDX-License-Identifier: MIT */
/* test_json_fast.c - the JSON reader's fast path (plugins/json/json_fast.h)
 * on inspex's own record forms: it reads them itself (no jansson) and
 * builds what the jansson reader builds; and numbers keep their text in
 * extra on both paths. Linked with the plugin's sources, as
 * fuzz/json_fastpath is. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_fast.h"

/* Reads text through both paths: returns what the fast path said
 * (FAST_DONE or FAST_BAIL) and checks that, when it decided, jansson
 * agrees; *out gets the jansson path's inspection (the caller frees). */
static int both(const char *text, inspex_inspection_t **out)
{
    rd_t r = {.source = "t", .line = 1};
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_status_t sa = INSPEX_OK, sb;
    json_error_t je;
    json_t *obj;
    int fast;

    assert_int_equal(inspex_plan_new(NULL, NULL, &r.plan, NULL), INSPEX_OK);
    fast = json__fast_record(&r, text, strlen(text), a, &sa, NULL);
    obj = json__load(text, strlen(text), 0, &je);
    assert_non_null(obj);
    sb = json__read_record(&r, obj, text, strlen(text), b, NULL);
    json_decref(obj);
    if (fast == FAST_DONE) {
        assert_int_equal(sa, sb);
        assert_true(inspex_inspection_equal(a, b));
    }
    assert_int_equal(sb, INSPEX_OK);
    json__reader_close(&r);
    inspex_inspection_free(a);
    *out = b;
    return fast;
}

static void test_own_forms(void **state)
{
    inspex_inspection_t *i;
    const inspex_judgement_t *j;

    (void)state;
    assert_int_equal(
        both("{\"body_name\": \"Medway YOT\", \"judgements\": {\"1.1\": "
             "{\"rating\": \"Good\", \"title\": \"Governance\"}, \"2.1\": "
             "{\"strands\": [{\"denominator\": 10, \"name\": \"desistance\", "
             "\"numerator\": 9}], \"rating\": null}}, \"actions\": "
             "[{\"reference\": \"1A\", \"due\": \"2020-09\"}, {}], "
             "\"sources\": [{\"url\": \"https://example.org/\"}], "
             "\"extra\": [[\"k\", \"v\"]], \"score\": 18}",
             &i),
        FAST_DONE);
    assert_int_equal(inspex_inspection_judgement_count(i), 2);
    j = inspex_inspection_find_judgement(i, "1.1");
    assert_string_equal(inspex_judgement_title(j), "Governance");
    assert_string_equal(inspex_judgement_rating(j), "Good");
    assert_int_equal(inspex_inspection_item_count(i, INSPEX_ITEM_ACTION), 2);
    assert_int_equal(inspex_inspection_item_count(i, INSPEX_ITEM_SOURCE), 1);
    assert_string_equal(inspex_inspection_extra_value(i, 0), "v");
    inspex_inspection_free(i);
    /* what the fast path leaves to jansson: a key it does not know in a
     * judgement, a surrogate pair */
    assert_int_equal(both("{\"judgements\": {\"1.1\": {\"x\": 1}}}", &i),
                     FAST_BAIL);
    inspex_inspection_free(i);
    assert_int_equal(both("{\"body_name\": \"\\ud83d\\ude00\"}", &i),
                     FAST_BAIL);
    inspex_inspection_free(i);
}

/* extra keeps a number's text as written, on both paths (issue 19). */
static void test_numbers_as_written(void **state)
{
    static const char *const nums[] = {"1.10",
                                       "9007199254740993.0",
                                       "1e-401",
                                       "9223372036854775808",
                                       "-9223372036854775809",
                                       "-0",
                                       "2.50E+3"};
    char text[256];
    inspex_inspection_t *i;

    (void)state;
    for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
        /* alone (the fast path), and beside a surrogate pair (jansson) */
        for (int slow = 0; slow < 2; slow++) {
            snprintf(text, sizeof(text), "{\"s\": \"%s\", \"n\": [%s]}",
                     slow ? "\\ud83d\\ude00" : "x", nums[k]);
            assert_int_equal(both(text, &i), slow ? FAST_BAIL : FAST_DONE);
            assert_string_equal(inspex_inspection_extra_key(i, 1), "n.1");
            assert_string_equal(inspex_inspection_extra_value(i, 1), nums[k]);
            inspex_inspection_free(i);
        }
    }
}

/* One record through both paths with the reader r (its memory of the
 * last records kept): the fast path's answer, checked against jansson's
 * when the fast path decided. */
static int through(rd_t *r, const char *text)
{
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_status_t sa = INSPEX_OK, sb;
    json_error_t je;
    json_t *obj;
    int fast = json__fast_record(r, text, strlen(text), a, &sa, NULL);

    if (fast == FAST_DONE) {
        obj = json__load(text, strlen(text), 0, &je);
        assert_non_null(obj); /* the fast path took nothing jansson refuses */
        sb = json__read_record(r, obj, text, strlen(text), b, NULL);
        json_decref(obj);
        assert_int_equal(sa, sb);
        assert_true(inspex_inspection_equal(a, b));
    }
    inspex_inspection_free(a);
    inspex_inspection_free(b);
    return fast;
}

/* Strings are decoded where they are, in a copy of the record padded at
 * its end: escapes of each kind before, across and after the 16-byte
 * blocks the scan reads, in every place a string goes (a flat key and
 * value, a judgement's title, rating and strand name, extra), and
 * the same text through both paths (a strand's name of only white
 * space is an error, left to jansson: the name has a letter before it,
 * and the title too). */
static void test_strings_in_place(void **state)
{
    static const char *const escapes[] = {
        "\\\"",    "\\\\",    "\\/",     "\\b\\f",  "\\n",      "\\r\\t",
        "\\u0041", "\\u00e9", "\\u20ac", "\\uFFFD", "\xc3\xa9", "\xe2\x82\xac"};
    char str[128], text[2048];
    rd_t r = {.source = "t", .line = 1};

    (void)state;
    assert_int_equal(inspex_plan_new(NULL, NULL, &r.plan, NULL), INSPEX_OK);
    for (size_t e = 0; e < sizeof(escapes) / sizeof(escapes[0]); e++) {
        for (size_t len = 0; len < 40; len++) {
            for (size_t at = 0; at <= len; at += len > 20 ? 7 : 1) {
                /* len plain bytes with the escape at at */
                snprintf(str, sizeof(str), "%.*s%s%.*s", (int)at,
                         "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
                         escapes[e], (int)(len - at),
                         "ijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP");
                snprintf(text, sizeof(text),
                         "{\"body_name\":\"%s\",\"k%s\":\"%s\","
                         "\"judgements\":{\"1.1\":{\"strands\":[{\"name\":"
                         "\"s%s\",\"numerator\":1,\"denominator\":2}],"
                         "\"title\":\"t%s\",\"rating\":\"Good\"}},"
                         "\"extra\":[[\"x%s\",\"%s\"]],\"notes\":\"%s\"}",
                         str, str, str, str, str, str, str, str);
                assert_int_equal(through(&r, text), FAST_DONE);
            }
        }
    }
    json__reader_close(&r);
}

/* Every cut of a record ends inside something: the fast path gives up on
 * each (and reads nothing past the copy: the sanitizer build says so);
 * and what it leaves to jansson inside strings. */
static void test_cut_records(void **state)
{
    static const char *const whole =
        "{\"body_name\": \"Medway \\u00e9 \\\"YOT\\\"\", \"score\": 18, "
        "\"judgements\": {\"1.1\": {\"title\": \"Gov\\n\", \"rating\": "
        "null, \"strands\": [{\"name\": \"d\\u20ac\", \"numerator\": 9, "
        "\"denominator\": 10}]}}, \"extra\": [[\"k\", \"v\\\\\"]], "
        "\"nested\": {\"a\": [true, false, null, -1.5e3]}}";
    static const char *const bad[] = {
        "{\"a\": \"\\u0000\"}",  "{\"a\": \"\\ud800\"}",
        "{\"a\": \"\\udc00x\"}", "{\"a\": \"\\u12G4\"}",
        "{\"a\": \"\\x\"}",      "{\"a\": \"tab\there\"}",
        "{\"a\": \"\\u12\"}",    "{\"a\": \"\\"};
    char text[512];
    rd_t r = {.source = "t", .line = 1};
    size_t n = strlen(whole);

    (void)state;
    assert_int_equal(inspex_plan_new(NULL, NULL, &r.plan, NULL), INSPEX_OK);
    assert_int_equal(through(&r, whole), FAST_DONE);
    for (size_t k = 0; k < n; k++) {
        inspex_inspection_t *i = inspex_inspection_new();
        inspex_status_t st = INSPEX_OK;
        /* on the heap, just long enough: ASan sees any read past it */
        char *cut = malloc(k ? k : 1);
        assert_non_null(cut);
        memcpy(cut, whole, k);
        assert_int_equal(json__fast_record(&r, cut, k, i, &st, NULL),
                         FAST_BAIL);
        free(cut);
        inspex_inspection_free(i);
    }
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        snprintf(text, sizeof(text), "%s", bad[k]);
        assert_int_equal(through(&r, text), FAST_BAIL);
    }
    json__reader_close(&r);
}

/* The top-level keys are checked for repeats against the last record's:
 * a record that repeats a key after the ones it shares with the last
 * record, or in place of one, is still given up (jansson refuses it),
 * and one with other keys is read. */
static void test_repeated_keys(void **state)
{
    rd_t r = {.source = "t", .line = 1};

    (void)state;
    assert_int_equal(inspex_plan_new(NULL, NULL, &r.plan, NULL), INSPEX_OK);
    assert_int_equal(through(&r, "{\"a\":1,\"b\":2,\"c\":3}"), FAST_DONE);
    assert_int_equal(through(&r, "{\"a\":1,\"b\":2,\"c\":3}"), FAST_DONE);
    assert_int_equal(through(&r, "{\"a\":1,\"b\":2,\"b\":3}"), FAST_BAIL);
    assert_int_equal(through(&r, "{\"a\":1,\"b\":2,\"c\":3,\"a\":4}"),
                     FAST_BAIL);
    assert_int_equal(through(&r, "{\"a\":1,\"a\":2}"), FAST_BAIL);
    assert_int_equal(through(&r, "{\"a\":1,\"b\":2}"), FAST_DONE);
    assert_int_equal(through(&r, "{\"b\":1,\"a\":2,\"c\":3}"), FAST_DONE);
    assert_int_equal(through(&r, "{\"b\":1,\"a\":2,\"c\":3,\"b\":4}"),
                     FAST_BAIL);
    assert_int_equal(through(&r, "{\"judgements\":{},\"extra\":[],"
                                 "\"judgements\":{}}"),
                     FAST_BAIL);
    json__reader_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_forms),
        cmocka_unit_test(test_numbers_as_written),
        cmocka_unit_test(test_strings_in_place),
        cmocka_unit_test(test_cut_records),
        cmocka_unit_test(test_repeated_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
