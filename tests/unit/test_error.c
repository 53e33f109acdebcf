/* SPDX-License-Identifier: MIT */
/* test_error.c - the error object: code, message and location set, read,
 * located, copied and cleared; unset values; every status named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <inspex/inspex.h>

static void test_location(void **state)
{
    inspex_error_t *err = inspex_error_new(), *copy = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_error_set_at(err, INSPEX_ERR_INVALID, "in.csv", 3,
                                         15, "unknown rating \"%s\"", "x"),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_error_code(err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err), "unknown rating \"x\"");
    assert_string_equal(inspex_error_source(err), "in.csv");
    assert_int_equal(inspex_error_line(err), 3);
    assert_int_equal(inspex_error_column(err), 15);
    assert_string_equal(inspex_error_text(err),
                        "in.csv:3:15: unknown rating \"x\"");
    /* a new location replaces the old one, keeping the source */
    inspex_error_locate(err, NULL, 4, 0);
    assert_string_equal(inspex_error_source(err), "in.csv");
    assert_int_equal(inspex_error_line(err), 4);
    assert_int_equal(inspex_error_column(err), 0);
    assert_string_equal(inspex_error_text(err),
                        "in.csv:4: unknown rating \"x\"");
    inspex_error_copy(copy, err);
    assert_int_equal(inspex_error_code(copy), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(copy),
                        "in.csv:4: unknown rating \"x\"");
    /* set keeps the location */
    inspex_error_set(err, INSPEX_ERR_SYNTAX, "bad");
    assert_string_equal(inspex_error_text(err), "in.csv:4: bad");
    inspex_error_clear(err);
    assert_int_equal(inspex_error_code(err), INSPEX_OK);
    assert_string_equal(inspex_error_message(err), "");
    assert_string_equal(inspex_error_source(err), "");
    assert_int_equal(inspex_error_line(err), 0);
    assert_int_equal(inspex_error_column(err), 0);
    inspex_error_free(copy);
    inspex_error_free(err);
}

static void test_null(void **state)
{
    (void)state;
    assert_int_equal(inspex_error_set(NULL, INSPEX_ERR_IO, "x"), INSPEX_ERR_IO);
    assert_int_equal(inspex_error_code(NULL), INSPEX_OK);
    assert_string_equal(inspex_error_message(NULL), "");
    assert_string_equal(inspex_error_source(NULL), "");
    assert_int_equal(inspex_error_line(NULL), 0);
    assert_int_equal(inspex_error_column(NULL), 0);
    assert_string_equal(inspex_error_text(NULL), "");
    inspex_error_free(NULL);
}

/* Every status has a description of its own. */
static void test_strerror(void **state)
{
    const inspex_status_t codes[] = {INSPEX_OK,          INSPEX_ERR_NOMEM,
                                     INSPEX_ERR_USAGE,   INSPEX_ERR_IO,
                                     INSPEX_ERR_NETWORK, INSPEX_ERR_SYNTAX,
                                     INSPEX_ERR_INVALID, INSPEX_ERR_ENCODING,
                                     INSPEX_ERR_PLUGIN,  INSPEX_ERR_STOP};
    const size_t n = sizeof(codes) / sizeof(codes[0]);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        assert_non_null(inspex_strerror(codes[i]));
        assert_true(inspex_strerror(codes[i])[0] != '\0');
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(inspex_strerror(codes[i]),
                                    inspex_strerror(codes[k]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_null),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
