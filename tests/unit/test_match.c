/* SPDX-License-Identifier: MIT */
/* test_match.c - header matching, standard codes, rating and RAG words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <inspex/inspex.h>

static void test_match_key(void **state)
{
    char buf[64];

    (void)state;
    assert_string_equal(inspex_match_key("Body Name", buf, sizeof(buf)),
                        "bodyname");
    assert_string_equal(inspex_match_key("body_name", buf, sizeof(buf)),
                        "bodyname");
    assert_string_equal(inspex_match_key("BODY-NAME:", buf, sizeof(buf)),
                        "bodyname");
    assert_string_equal(inspex_match_key("score_%", buf, sizeof(buf)), "score");
    assert_string_equal(inspex_match_key("abcdef", buf, 4), "abc");
}

static void test_fields(void **state)
{
    (void)state;
    assert_int_equal(inspex_match_field("body_name"), INSPEX_FIELD_BODY_NAME);
    assert_int_equal(inspex_match_field("Body Name"), INSPEX_FIELD_BODY_NAME);
    assert_int_equal(inspex_match_field("YOT"), INSPEX_FIELD_BODY_NAME);
    assert_int_equal(inspex_match_field("la_name"),
                     INSPEX_FIELD_LOCAL_AUTHORITY);
    assert_int_equal(inspex_match_field("Local Authority"),
                     INSPEX_FIELD_LOCAL_AUTHORITY);
    assert_int_equal(inspex_match_field("Date of publication"),
                     INSPEX_FIELD_PUBLISHED);
    assert_int_equal(inspex_match_field("publication_date"),
                     INSPEX_FIELD_PUBLISHED);
    assert_int_equal(inspex_match_field("Overall Rating"),
                     INSPEX_FIELD_OVERALL_RATING);
    assert_int_equal(inspex_match_field("overall"),
                     INSPEX_FIELD_OVERALL_RATING);
    assert_int_equal(inspex_match_field("Score (out of 36)"),
                     INSPEX_FIELD_SCORE);
    assert_int_equal(inspex_match_field("fieldwork_start"),
                     INSPEX_FIELD_FIELDWORK_START);
    /* never guessed: ambiguous or unknown headers map to nothing */
    assert_int_equal(inspex_match_field("date"), -1);
    assert_int_equal(inspex_match_field("notes"), -1);
    assert_int_equal(inspex_match_field("governance_and_leadership"), -1);
    assert_int_equal(inspex_match_field(""), -1);
    assert_int_equal(inspex_match_field("___"), -1);
}

static void test_field_names(void **state)
{
    (void)state;
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        assert_int_equal(inspex_match_field(inspex_field_name(f)), f);
    assert_null(inspex_field_name(INSPEX_FIELD__COUNT));
}

static void expect_standard(const char *header, const char *code)
{
    char buf[32];

    if (!inspex_match_standard(header, buf, sizeof(buf)))
        fail_msg("\"%s\" not recognised as a standard", header);
    assert_string_equal(buf, code);
}

static void test_standards(void **state)
{
    char buf[32];

    (void)state;
    expect_standard("1.1", "1.1");
    expect_standard("1.1 Governance and leadership", "1.1");
    expect_standard("s1_1", "1.1");
    expect_standard("S1.1", "1.1");
    expect_standard("standard_1.1", "1.1");
    expect_standard("Standard 3.4", "3.4");
    expect_standard("std_2_3", "2.3");
    expect_standard("2.1: Assessment", "2.1");
    expect_standard("1.1.2 key question", "1.1.2");
    assert_false(inspex_match_standard("1", buf, sizeof(buf)));
    assert_false(inspex_match_standard("score", buf, sizeof(buf)));
    assert_false(inspex_match_standard("1.1x", buf, sizeof(buf)));
    assert_false(inspex_match_standard("2020-06-04", buf, sizeof(buf)));
    assert_false(inspex_match_standard("summary", buf, sizeof(buf)));
    /* the explicit form, for any code */
    expect_standard("standard.resettlement Resettlement policy and provision",
                    "resettlement");
    expect_standard("standard.Good", "Good");
    expect_standard("standard.1", "1");
    expect_standard("standard.1_1", "1.1");
    expect_standard("Standard.a1.b2: title", "a1.b2");
    assert_false(inspex_match_standard("standard.", buf, sizeof(buf)));
    expect_standard("standard.x.", "x.");
    assert_false(inspex_match_standard("standard.x/y", buf, sizeof(buf)));
}

static void test_ratings(void **state)
{
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_string_equal(inspex_rating_normalise("requires improvement", err),
                        "Requires improvement");
    assert_string_equal(inspex_rating_normalise("Requires Improvement", err),
                        "Requires improvement");
    assert_string_equal(inspex_rating_normalise("REQUIRES IMPROVEMENT", err),
                        "Requires improvement");
    assert_string_equal(inspex_rating_normalise("RI", err),
                        "Requires improvement");
    assert_string_equal(inspex_rating_normalise("'Good'.", err), "Good");
    assert_string_equal(inspex_rating_normalise(" outstanding ", err),
                        "Outstanding");
    assert_string_equal(inspex_rating_normalise("Inadequate", err),
                        "Inadequate");
    assert_string_equal(inspex_rating_normalise("satisfactory", err),
                        "Satisfactory");
    assert_string_equal(inspex_rating_normalise("Unsatisfactory", err),
                        "Unsatisfactory");
    assert_string_equal(inspex_rating_normalise("poor", err), "Poor");
    assert_null(inspex_rating_normalise("Goodish", err));
    assert_int_equal(inspex_error_code(err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "unknown rating \"Goodish\"; accepted: Outstanding, "
                        "Good, Requires improvement (RI), Inadequate, "
                        "Satisfactory, Unsatisfactory, Poor, Not rated");
    assert_null(inspex_rating_normalise(
        "Good (see footnote 3: the rating was moderated)", err));
    inspex_error_free(err);
}

static void test_rag(void **state)
{
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_string_equal(inspex_rag_normalise("some progress", err),
                        "Some progress");
    assert_string_equal(inspex_rag_normalise("Amber", err), "Some progress");
    assert_string_equal(inspex_rag_normalise("COMPLETE", err), "Complete");
    assert_string_equal(inspex_rag_normalise("No improvement", err),
                        "No improvement");
    assert_null(inspex_rag_normalise("done-ish", err));
    assert_string_equal(inspex_error_message(err),
                        "unknown RAG status \"done-ish\"; accepted: No "
                        "improvement (Red), Some progress (Amber), Good "
                        "progress (Green), Complete (Blue)");
    inspex_error_free(err);
}

static void test_attrs(void **state)
{
    (void)state;
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_ACTION, "Timescale"),
                     INSPEX_ATTR_DUE);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_ACTION, "Success measures"),
                     INSPEX_ATTR_SUCCESS_MEASURE);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_ACTION, "RAG"),
                     INSPEX_ATTR_RAG);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_ACTION, "Lead"),
                     INSPEX_ATTR_LEAD);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_RECOMMENDATION, "text"),
                     INSPEX_ATTR_TEXT);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_RECOMMENDATION, "lead"), -1);
    assert_int_equal(inspex_match_attr(INSPEX_ITEM_SOURCE, "url"),
                     INSPEX_ATTR_URL);
}

static void test_utf8(void **state)
{
    size_t off = 99;

    (void)state;
    assert_int_equal(inspex_utf8_check("caf\xc3\xa9", 5, &off), INSPEX_OK);
    assert_int_equal(inspex_utf8_check("\xe2\x80\x99", 3, &off), INSPEX_OK);
    assert_int_equal(inspex_utf8_check("ab\xe9z", 4, &off),
                     INSPEX_ERR_ENCODING);
    assert_int_equal(off, 2);
    /* overlong, surrogate, truncated sequence, beyond U+10FFFF */
    assert_int_equal(inspex_utf8_check("\xc0\xaf", 2, &off),
                     INSPEX_ERR_ENCODING);
    assert_int_equal(inspex_utf8_check("\xed\xa0\x80", 3, &off),
                     INSPEX_ERR_ENCODING);
    assert_int_equal(inspex_utf8_check("x\xe2\x80", 3, &off),
                     INSPEX_ERR_ENCODING);
    assert_int_equal(off, 1);
    assert_int_equal(inspex_utf8_check("\xf4\x90\x80\x80", 4, &off),
                     INSPEX_ERR_ENCODING);
}

/* Every length up to 200, ASCII but for one byte at each place: a stray
 * 0xE9 is found where it is, a two-byte character is not, whichever of
 * the ASCII fast paths (64-byte steps, words, bytes) reads it. */
static void test_utf8_every_place(void **state)
{
    char text[200];
    size_t off;

    (void)state;
    for (size_t len = 0; len <= sizeof(text); len++) {
        memset(text, 'a', sizeof(text));
        assert_int_equal(inspex_utf8_check(text, len, &off), INSPEX_OK);
        for (size_t at = 0; at < len; at++) {
            memset(text, 'a', sizeof(text));
            text[at] = '\xe9';
            off = 999;
            assert_int_equal(inspex_utf8_check(text, len, &off),
                             INSPEX_ERR_ENCODING);
            assert_int_equal(off, at);
            if (at + 1 < len) {
                text[at] = '\xc3'; /* é */
                text[at + 1] = '\xa9';
                assert_int_equal(inspex_utf8_check(text, len, &off), INSPEX_OK);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_key),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_standards),
        cmocka_unit_test(test_ratings),
        cmocka_unit_test(test_rag),
        cmocka_unit_test(test_attrs),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_every_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
