/* SPDX-License-Identifier: MIT */
/* test_internal.c - the library's inspex__ helpers, called directly: this
 * test links libinspex_internal.la (every symbol visible) instead of the
 * shared library, which exports only inspex_. It loads no plugin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/inspex.h>

#include "internal.h"

static void test_located(void **state)
{
    char *s;

    (void)state;
    s = inspex__located("in.csv", 3, 15, "bad");
    assert_string_equal(s, "in.csv:3:15: bad");
    free(s);
    s = inspex__located("in.csv", 3, 0, "bad");
    assert_string_equal(s, "in.csv:3: bad");
    free(s);
    /* a column without a line is not shown */
    s = inspex__located("in.csv", 0, 7, "bad");
    assert_string_equal(s, "in.csv: bad");
    free(s);
    s = inspex__located("", 3, 15, "bad");
    assert_string_equal(s, "bad");
    free(s);
    s = inspex__located(NULL, 0, 0, "bad");
    assert_string_equal(s, "bad");
    free(s);
}

static void test_strings(void **state)
{
    char *s;

    (void)state;
    assert_null(inspex__strdup(NULL));
    s = inspex__strdup("abc");
    assert_string_equal(s, "abc");
    free(s);
    s = inspex__strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    /* n bytes exactly, NUL-terminated: unlike strndup(3) it does not stop
     * at a NUL, so n must not pass the end of s */
    s = inspex__strndup("a\0c", 3);
    assert_memory_equal(s, "a\0c", 4);
    free(s);
    s = inspex__asprintf("%s:%d", "x", 42);
    assert_string_equal(s, "x:42");
    free(s);
    assert_int_equal(inspex__strcasecmp("Good", "gOOD"), 0);
    assert_true(inspex__strcasecmp("Good", "Goods") < 0);
    assert_true(inspex__strcasecmp("b", "A") > 0);
    assert_true(inspex__streq("1.1", "1.1"));
    assert_false(inspex__streq("1.1", "1.10"));
    assert_false(inspex__streq("", "x"));
    assert_true(inspex__streq("", ""));
}

/* The FNV-1a step from INSPEX_HASH_START; continuing a hash is hashing
 * the concatenation. (The start value is not FNV's published offset
 * basis, 14695981039346656037, but that number with its last digit
 * dropped, so the published test vectors do not apply.) */
static void test_hash(void **state)
{
    (void)state;
    assert_true(inspex_hash("") == INSPEX_HASH_START);
    assert_true(inspex_hash("a") ==
                (INSPEX_HASH_START ^ 'a') * 1099511628211ULL);
    assert_true(inspex_hash_more(inspex_hash("foo"), "bar") ==
                inspex_hash("foobar"));
    assert_true(inspex_hash("1.1") != inspex_hash("1.2"));
}

static void test_list_dir(void **state)
{
    char **names;
    size_t n, i;
    int found = 0;

    (void)state;
    assert_int_equal(inspex__list_dir(INSPEX_SRCDIR "/frameworks", ".json",
                                      &names, &n),
                     0);
    assert_true(n > 0);
    for (i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        assert_true(len > 5);
        assert_string_equal(names[i] + len - 5, ".json");
        if (i > 0)
            assert_true(strcmp(names[i - 1], names[i]) < 0); /* sorted */
        if (strstr(names[i], "hmip-youth-2018.json"))
            found = 1;
    }
    assert_true(found);
    inspex__free_names(names, n);
    assert_int_equal(inspex__list_dir(INSPEX_SRCDIR "/no-such-dir", NULL,
                                      &names, &n),
                     -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_located),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_list_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
