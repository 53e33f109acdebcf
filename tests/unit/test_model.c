/* SPDX-License-Identifier: MIT */
/* test_model.c - inspections, judgements, items, extra and datasets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <inspex/inspex.h>

static void test_fields_by_kind(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_date_t d;
    long v;

    (void)state;
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME,
                                           "  Medway YOT ", 0, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_BODY_NAME),
                        "Medway YOT");
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED,
                                           "4 June 2020", 0, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_true(inspex_inspection_get_date(i, INSPEX_FIELD_PUBLISHED, &d));
    assert_int_equal(d.day, 4);
    /* partial dates stay partial */
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_FIELDWORK_START,
                                           "February 2020", 0, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_FIELDWORK_START),
                        "2020-02");
    assert_true(
        inspex_inspection_get_date(i, INSPEX_FIELD_FIELDWORK_START, &d));
    assert_int_equal(d.day, 0);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_OVERALL_RATING, "RI",
                                           0, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Requires improvement");
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "18", 0, err),
                     INSPEX_OK);
    assert_true(inspex_inspection_get_int(i, INSPEX_FIELD_SCORE, &v));
    assert_int_equal(v, 18);
    /* "18/36" sets the maximum too */
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "19 / 36", 0,
                                           err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "19");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE_MAX), "36");
    /* a decimal keeps its digits but not leading zeros, which JSON (that
     * writes it as it is) does not allow: found by fuzz/json_import */
    const char *const dec[][2] = {{"06.50", "6.50"},
                                  {"0.5", "0.5"},
                                  {"000", "0"},
                                  {"44.44", "44.44"}};
    for (size_t k = 0; k < sizeof(dec) / sizeof(dec[0]); k++) {
        assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE_PERCENT,
                                               dec[k][0], 0, err),
                         INSPEX_OK);
        assert_string_equal(inspex_inspection_get(i,
                                                  INSPEX_FIELD_SCORE_PERCENT),
                            dec[k][1]);
    }
    /* an empty value unsets */
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, "", 0,
                                           err),
                     INSPEX_OK);
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_BODY_NAME));
    inspex_inspection_free(i);
    inspex_error_free(err);
}

static void test_field_errors_keep_old_value(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    inspex_inspection_set(i, INSPEX_FIELD_SCORE, "18", 0, err);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "18.5", 0,
                                           err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "score must be a whole number, not \"18.5\"");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "18");
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "18.0", 0,
                                           err),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "40/36", 0,
                                           err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "score \"40/36\" is more than its maximum of 36");
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_OVERALL_RATING,
                                           "Goodish", 0, err),
                     INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_message(err),
                           "unknown rating \"Goodish\" for overall_rating"));
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED,
                                           "31/02/2020", 0, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "invalid date \"31/02/2020\" for published: February "
                        "has 29 days in 2020");
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_PUBLISHED));
    inspex_inspection_free(i);
    inspex_error_free(err);
}

static void test_invalid_utf8(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME,
                                           "Caf\xe9 YOT", 0, err),
                     INSPEX_ERR_ENCODING);
    assert_string_equal(inspex_error_message(err),
                        "invalid UTF-8 in body_name at byte 3");
    assert_int_equal(inspex_inspection_add_extra(i, "note", "bad \xff", err),
                     INSPEX_ERR_ENCODING);
    assert_string_equal(inspex_error_message(err),
                        "invalid UTF-8 in field \"note\" at byte 4");
    assert_int_equal(inspex_inspection_extra_count(i), 0);
    inspex_inspection_free(i);
    inspex_error_free(err);
}

static void test_judgements(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_judgement_t *j;
    const char *name;
    int a, b;

    (void)state;
    j = inspex_inspection_add_judgement(i, "2.2", err);
    assert_non_null(j);
    assert_int_equal(inspex_judgement_set_title(j, "Planning", err), INSPEX_OK);
    assert_int_equal(inspex_judgement_set_rating(j, "inadequate", err),
                     INSPEX_OK);
    assert_string_equal(inspex_judgement_rating(j), "Inadequate");
    assert_int_equal(inspex_judgement_set_rating(j, "Goodish", err),
                     INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_message(err),
                           "unknown rating \"Goodish\" for standard 2.2"));
    assert_string_equal(inspex_judgement_rating(j), "Inadequate");
    assert_null(inspex_inspection_add_judgement(i, "2.2", err));
    assert_string_equal(inspex_error_message(err),
                        "standard 2.2 is rated twice");
    assert_null(inspex_inspection_add_judgement(i, "2 2", err));
    assert_null(inspex_inspection_add_judgement(i, "", err));
    assert_int_equal(inspex_judgement_add_strand(j, "Desistance", 9, 10, err),
                     INSPEX_OK);
    assert_int_equal(inspex_judgement_add_strand(j, "Safety", 11, 10, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_judgement_add_strand(j, "Safety", 0, 0, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_judgement_strand_count(j), 1);
    assert_true(inspex_judgement_strand(j, 0, &name, &a, &b));
    assert_string_equal(name, "Desistance");
    assert_int_equal(a, 9);
    assert_int_equal(b, 10);
    assert_false(inspex_judgement_strand(j, 1, &name, &a, &b));
    /* handles stay valid as more judgements are added */
    for (int k = 0; k < 40; k++) {
        char code[16];
        snprintf(code, sizeof(code), "9.%d", k);
        assert_non_null(inspex_inspection_add_judgement(i, code, err));
    }
    assert_string_equal(inspex_judgement_code(j), "2.2");
    assert_ptr_equal(inspex_inspection_find_judgement(i, "2.2"), j);
    assert_int_equal(inspex_inspection_judgement_count(i), 41);
    inspex_inspection_free(i);
    inspex_error_free(err);
}

static void test_items(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_item_t *act, *rec, *fnd;

    (void)state;
    act = inspex_inspection_add_item(i, INSPEX_ITEM_ACTION);
    assert_int_equal(inspex_item_set(act, INSPEX_ATTR_DUE, "September 2020", 0,
                                     err),
                     INSPEX_OK);
    assert_string_equal(inspex_item_get(act, INSPEX_ATTR_DUE), "2020-09");
    assert_int_equal(inspex_item_set(act, INSPEX_ATTR_RAG, "amber", 0, err),
                     INSPEX_OK);
    assert_string_equal(inspex_item_get(act, INSPEX_ATTR_RAG), "Some progress");
    assert_int_equal(inspex_item_set(act, INSPEX_ATTR_RAG, "purple", 0, err),
                     INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_message(err),
                           "unknown RAG status \"purple\" for action rag"));
    /* an attribute the kind does not have */
    assert_int_equal(inspex_item_set(act, INSPEX_ATTR_URL, "http://x", 0, err),
                     INSPEX_ERR_USAGE);
    rec = inspex_inspection_add_item(i, INSPEX_ITEM_RECOMMENDATION);
    assert_int_equal(inspex_item_set(rec, INSPEX_ATTR_TEXT, "Do better", 0,
                                     err),
                     INSPEX_OK);
    fnd = inspex_inspection_add_item(i, INSPEX_ITEM_FINDING);
    assert_int_equal(inspex_item_set(fnd, INSPEX_ATTR_TYPE, "Strengths", 0,
                                     err),
                     INSPEX_OK);
    assert_string_equal(inspex_item_get(fnd, INSPEX_ATTR_TYPE), "strength");
    assert_int_equal(inspex_item_set(fnd, INSPEX_ATTR_TYPE, "meh", 0, err),
                     INSPEX_ERR_INVALID);
    /* the value's place is named in the message, kind and attribute */
    assert_string_equal(inspex_error_message(err),
                        "finding type must be \"strength\" or \"concern\", "
                        "not \"meh\"");
    assert_int_equal(inspex_item_set(act, INSPEX_ATTR_DUE, "soon", 0, err),
                     INSPEX_ERR_INVALID);
    assert_non_null(strstr(inspex_error_message(err), "action due"));
    assert_int_equal(inspex_inspection_item_count(i, INSPEX_ITEM_ACTION), 1);
    assert_int_equal(inspex_inspection_item_count(i, INSPEX_ITEM_SOURCE), 0);
    assert_ptr_equal(inspex_inspection_item(i, INSPEX_ITEM_RECOMMENDATION, 0),
                     rec);
    assert_null(inspex_inspection_item(i, INSPEX_ITEM_RECOMMENDATION, 1));
    assert_int_equal(inspex_item_kind(fnd), INSPEX_ITEM_FINDING);
    inspex_inspection_free(i);
    inspex_error_free(err);
}

static void test_extra_and_equal(void **state)
{
    inspex_inspection_t *a = inspex_inspection_new(),
                        *b = inspex_inspection_new();

    (void)state;
    assert_int_equal(inspex_inspection_add_extra(a, "notes", " kept as is ",
                                                 NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_add_extra(a, "notes", "", NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_extra_count(a), 2);
    assert_string_equal(inspex_inspection_extra_value(a, 0), " kept as is ");
    assert_string_equal(inspex_inspection_extra_key(a, 1), "notes");
    assert_null(inspex_inspection_extra_key(a, 2));
    assert_false(inspex_inspection_equal(a, b));
    inspex_inspection_add_extra(b, "notes", " kept as is ", NULL);
    inspex_inspection_add_extra(b, "notes", "", NULL);
    assert_true(inspex_inspection_equal(a, b));
    inspex_inspection_set(b, INSPEX_FIELD_SCORE, "1", 0, NULL);
    assert_false(inspex_inspection_equal(a, b));
    inspex_inspection_free(a);
    inspex_inspection_free(b);
}

static void test_dataset(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();

    (void)state;
    for (int k = 0; k < 100; k++)
        assert_int_equal(inspex_dataset_take(ds, inspex_inspection_new()),
                         INSPEX_OK);
    assert_int_equal(inspex_dataset_count(ds), 100);
    assert_non_null(inspex_dataset_at(ds, 99));
    assert_null(inspex_dataset_at(ds, 100));
    inspex_dataset_free(ds);
    inspex_dataset_free(NULL);
    inspex_inspection_free(NULL);
}

static void test_error_text(void **state)
{
    inspex_error_t *err = inspex_error_new();

    (void)state;
    inspex_error_set_at(err, INSPEX_ERR_INVALID, "x.csv", 12, 5,
                        "unknown rating \"%s\"", "Goodish");
    assert_string_equal(inspex_error_text(err),
                        "x.csv:12:5: unknown rating \"Goodish\"");
    inspex_error_locate(err, NULL, 3, 0);
    assert_string_equal(inspex_error_text(err),
                        "x.csv:3: unknown rating \"Goodish\"");
    assert_int_equal(inspex_error_set(NULL, INSPEX_ERR_IO, "x"), INSPEX_ERR_IO);
    for (int c = INSPEX_OK; c <= INSPEX_ERR_STOP; c++)
        assert_string_not_equal(inspex_strerror((inspex_status_t)c),
                                "unknown error");
    inspex_error_free(err);
}

/* Reads the INSPEX_STRING_PADDING bytes after s's NUL, as a vector reader
 * would: under AddressSanitizer a string without them fails here. */
static unsigned touch_padding(const char *s)
{
    const volatile char *p = s + strlen(s) + 1;
    unsigned sum = 0;

    for (int i = 0; i < INSPEX_STRING_PADDING; i++)
        sum += (unsigned char)p[i];
    return sum;
}

/* Every kind of string the model hands out keeps its padding, wherever it
 * falls in the arena: values of every length up to past a block, so that
 * some end exactly at a block's end; labels; codes; items; strands. */
static void test_string_padding(void **state)
{
    char value[5000];
    unsigned sum = 0;

    (void)state;
    memset(value, 'x', sizeof(value));
    for (size_t len = 1; len < sizeof(value); len += len < 64 ? 1 : 97) {
        inspex_inspection_t *insp = inspex_inspection_new();
        inspex_inspection_t *copy;
        inspex_judgement_t *j;
        inspex_item_t *item;
        const char *name;
        int a, b;

        value[len] = '\0';
        assert_int_equal(inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME,
                                               value, 0, NULL),
                         INSPEX_OK);
        for (int k = 0; k < 8; k++)
            assert_int_equal(
                inspex_inspection_add_extra(insp, value + (size_t)k % len,
                                            value + len - 1, NULL),
                INSPEX_OK);
        inspex_inspection_set(insp, INSPEX_FIELD_PUBLISHED, "4 June 2020", 0,
                              NULL);
        inspex_inspection_set(insp, INSPEX_FIELD_OVERALL_RATING, "Good", 0,
                              NULL);
        inspex_inspection_set(insp, INSPEX_FIELD_SCORE, "18/36", 0, NULL);
        inspex_inspection_set_origin(insp, "padding.csv", 2);
        j = inspex_inspection_add_judgement(insp, "1.1", NULL);
        inspex_judgement_set_title(j, value, NULL);
        inspex_judgement_set_rating(j, "requires improvement", NULL);
        inspex_judgement_add_strand(j, value, 9, 10, NULL);
        item = inspex_inspection_add_item(insp, INSPEX_ITEM_ACTION);
        inspex_item_set(item, INSPEX_ATTR_TEXT, value, 0, NULL);
        inspex_item_set(item, INSPEX_ATTR_RAG, "amber", 0, NULL);
        value[len] = 'x';

        copy = inspex_inspection_clone(insp);
        assert_non_null(copy);
        for (inspex_inspection_t *i = insp; i; i = i == insp ? copy : NULL) {
            for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
                if (inspex_inspection_get(i, (inspex_field_t)f))
                    sum += touch_padding(
                        inspex_inspection_get(i, (inspex_field_t)f));
            for (size_t k = 0; k < inspex_inspection_extra_count(i); k++) {
                sum += touch_padding(inspex_inspection_extra_key(i, k));
                sum += touch_padding(inspex_inspection_extra_value(i, k));
            }
            sum += touch_padding(inspex_inspection_origin(i, NULL));
            j = inspex_inspection_judgement(i, 0);
            sum += touch_padding(inspex_judgement_code(j));
            sum += touch_padding(inspex_judgement_title(j));
            sum += touch_padding(inspex_judgement_rating(j));
            inspex_judgement_strand(j, 0, &name, &a, &b);
            sum += touch_padding(name);
            item = inspex_inspection_item(i, INSPEX_ITEM_ACTION, 0);
            sum += touch_padding(inspex_item_get(item, INSPEX_ATTR_TEXT));
            sum += touch_padding(inspex_item_get(item, INSPEX_ATTR_RAG));
        }
        inspex_inspection_free(copy);
        inspex_inspection_free(insp);
    }
    (void)sum;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_by_kind),
        cmocka_unit_test(test_string_padding),
        cmocka_unit_test(test_field_errors_keep_old_value),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_judgements),
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_extra_and_equal),
        cmocka_unit_test(test_dataset),
        cmocka_unit_test(test_error_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
