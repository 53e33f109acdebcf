/* SPDX-License-Identifier: MIT */
/* test_TEMPLATE.c - the TEMPLATE plugin through <inspex/testing.h>: the
 * same engine, framework checks included, as `inspex convert`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <inspex/testing.h>

static inspex_testkit_t *kit;
static inspex_error_t *err;

static void imports_a_line(void **state)
{
    static const char in[] = "Medway YOT|2020-06-04|Good\n";
    inspex_dataset_t *ds;

    (void)state;
    assert_int_equal(inspex_testkit_import(kit, in, strlen(in), "in.TEMPLATE",
                                           NULL, 0, &ds, err),
                     INSPEX_OK);
    assert_int_equal(inspex_dataset_count(ds), 1);
    assert_string_equal(inspex_inspection_get(inspex_dataset_at(ds, 0),
                                              INSPEX_FIELD_BODY_NAME),
                        "Medway YOT");
    inspex_dataset_free(ds);
}

static void bad_date_is_located(void **state)
{
    static const char in[] = "# TEMPLATE\nMedway YOT|31/02/2020|Good\n";
    inspex_dataset_t *ds;

    (void)state;
    assert_int_not_equal(inspex_testkit_import(kit, in, strlen(in), "in",
                                               NULL, 0, &ds, err),
                         INSPEX_OK);
    assert_null(ds);
    assert_int_equal(inspex_error_line(err), 2);
    assert_int_equal(inspex_error_column(err), 12);
}

static void round_trip(void **state)
{
    static const char in[] = "Medway YOT|2020-06-04|Good\n";

    (void)state;
    assert_int_equal(inspex_testkit_roundtrip(kit, in, strlen(in), "in", err),
                     INSPEX_OK);
}

static void conformance(void **state)
{
    static const char in[] = "Medway YOT|2020-06-04|Good\nEssex||\n";

    (void)state;
    assert_int_equal(
        inspex_testkit_conformance(kit, in, strlen(in), NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(imports_a_line),
        cmocka_unit_test(bad_date_is_located),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(conformance),
    };
    int failed;

    err = inspex_error_new();
    kit = inspex_testkit_new(err);
    if (kit == NULL || inspex_testkit_load(kit, "./TEMPLATE.so", err) !=
                           INSPEX_OK) {
        fprintf(stderr, "%s\n", inspex_error_text(err));
        return 1;
    }
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    inspex_testkit_free(kit);
    inspex_error_free(err);
    return failed;
}
