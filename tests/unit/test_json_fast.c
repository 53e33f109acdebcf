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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_forms),
        cmocka_unit_test(test_numbers_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
