/* SPDX-License-Identifier: MIT */
/* test_equal.c - inspex_inspection_equal, on which every round-trip test
 * and fuzz target relies: each kind of difference makes two inspections
 * unequal, the order of judgements does not, and a clone is equal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inspex/inspex.h>

/* One change from the base inspection that build() makes. */
enum {
    SAME,
    SWAPPED_JUDGEMENTS, /* the same judgements in another order: equal */
    OTHER_FIELD,
    NO_FIELD,
    ONE_JUDGEMENT_LESS,
    OTHER_CODE,
    OTHER_TITLE,
    NO_TITLE,
    OTHER_RATING,
    ONE_STRAND_LESS,
    OTHER_STRAND_NAME,
    OTHER_NUMERATOR,
    OTHER_DENOMINATOR,
    ONE_ITEM_MORE,
    OTHER_ITEM_TEXT,
    ITEM_OF_OTHER_KIND,
    ONE_EXTRA_LESS,
    OTHER_EXTRA_KEY,
    OTHER_EXTRA_VALUE,
    SWAPPED_EXTRA,
    CHANGES
};

static inspex_judgement_t *judgement(inspex_inspection_t *i, const char *code,
                                     const char *title, const char *rating)
{
    inspex_judgement_t *j = inspex_inspection_add_judgement(i, code, NULL);

    assert_non_null(j);
    if (title)
        assert_int_equal(inspex_judgement_set_title(j, title, NULL), 0);
    assert_int_equal(inspex_judgement_set_rating(j, rating, NULL), 0);
    return j;
}

static inspex_inspection_t *build(int change)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_judgement_t *j = NULL;
    inspex_item_t *item;

    assert_non_null(i);
    if (change != NO_FIELD)
        assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME,
                                               change == OTHER_FIELD
                                                   ? "Kent YOT"
                                                   : "Medway YOT",
                                               0, NULL),
                         0);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED,
                                           "2020-06-04", 0, NULL),
                     0);
    if (change != SWAPPED_JUDGEMENTS)
        j = judgement(i, change == OTHER_CODE ? "3.1" : "3.2",
                      change == NO_TITLE      ? NULL
                      : change == OTHER_TITLE ? "Plans"
                                              : "Planning",
                      change == OTHER_RATING ? "Good" : "Requires improvement");
    if (change != ONE_JUDGEMENT_LESS)
        judgement(i, "1.1", NULL, "Good");
    if (change == SWAPPED_JUDGEMENTS)
        j = judgement(i, "3.2", "Planning", "Requires improvement");
    assert_int_equal(inspex_judgement_add_strand(
                         j, change == OTHER_STRAND_NAME ? "Risk" : "Desistance",
                         change == OTHER_NUMERATOR ? 8 : 9,
                         change == OTHER_DENOMINATOR ? 11 : 10, NULL),
                     0);
    if (change != ONE_STRAND_LESS)
        assert_int_equal(inspex_judgement_add_strand(
                             j, "Keeping other people safe", 3, 5, NULL),
                         0);
    item = inspex_inspection_add_item(i, change == ITEM_OF_OTHER_KIND
                                             ? INSPEX_ITEM_FINDING
                                             : INSPEX_ITEM_RECOMMENDATION);
    assert_non_null(item);
    assert_int_equal(inspex_item_set(item, INSPEX_ATTR_TEXT,
                                     change == OTHER_ITEM_TEXT ? "Do less"
                                                               : "Do more",
                                     0, NULL),
                     0);
    if (change == ONE_ITEM_MORE)
        assert_non_null(
            inspex_inspection_add_item(i, INSPEX_ITEM_RECOMMENDATION));
    if (change == SWAPPED_EXTRA)
        assert_int_equal(inspex_inspection_add_extra(i, "b", "2", NULL), 0);
    assert_int_equal(inspex_inspection_add_extra(
                         i, change == OTHER_EXTRA_KEY ? "A" : "a",
                         change == OTHER_EXTRA_VALUE ? "one" : "1", NULL),
                     0);
    if (change != ONE_EXTRA_LESS && change != SWAPPED_EXTRA)
        assert_int_equal(inspex_inspection_add_extra(i, "b", "2", NULL), 0);
    return i;
}

static void test_differences(void **state)
{
    inspex_inspection_t *base = build(SAME), *clone;

    (void)state;
    for (int c = SAME; c < CHANGES; c++) {
        inspex_inspection_t *x = build(c);
        int want = c == SAME || c == SWAPPED_JUDGEMENTS;
        if (inspex_inspection_equal(base, x) != want ||
            inspex_inspection_equal(x, base) != want)
            fail_msg("change %d: equal should be %d", c, want);
        inspex_inspection_free(x);
    }
    clone = inspex_inspection_clone(base);
    assert_non_null(clone);
    assert_true(inspex_inspection_equal(base, clone));
    inspex_inspection_free(clone);
    inspex_inspection_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
