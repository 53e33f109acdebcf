/* SPDX-License-Identifier: MIT */
/* test_internal.c - the library's inspex__ helpers, called directly: this
 * test links libinspex_internal.la (every symbol visible) instead of the
 * shared library, which exports only inspex_. It loads no plugin. */
#include <pthread.h>
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

/* The field a header names, by the walk over every field's name and
 * aliases in order that inspex__match_field_how replaced with a table:
 * the reference it must agree with. */
static int walk_field(const char *header, int *how)
{
    char key[128], name[64];

    inspex_match_key(header, key, sizeof(key));
    if (key[0] == '\0')
        return -1;
    if (strncmp(key, "score", 5) == 0 &&
        (strchr(header, '%') || strstr(key, "percent"))) {
        *how = INSPEX__MATCH_PERCENT;
        return INSPEX_FIELD_SCORE_PERCENT;
    }
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *p = inspex__fields[f].aliases;
        size_t klen = strlen(key);
        inspex_match_key(inspex__fields[f].name, name, sizeof(name));
        if (strcmp(name, key) == 0) {
            *how = INSPEX__MATCH_NAME;
            return f;
        }
        while (*p) {
            size_t len = strcspn(p, " ");
            if (len == klen && memcmp(p, key, len) == 0) {
                *how = INSPEX__MATCH_ALIAS;
                return f;
            }
            p += len + strspn(p + len, " ");
        }
    }
    return -1;
}

static void expect_walk(const char *header)
{
    int how = -1, want_how = -1;
    int f = inspex__match_field_how(header, &how);
    int want = walk_field(header, &want_how);

    if (f != want || (f >= 0 && how != want_how))
        fail_msg("\"%s\": field %d (how %d), the walk gives %d (how %d)",
                 header, f, how, want, want_how);
}

static void test_field_table(void **state)
{
    static const char *const more[] = {
        "",
        "_",
        "Body Name",
        "BODY-NAME:",
        "x123",
        "overallrating",
        "Score (%)",
        "score_percent",
        "localauthorityname2",
        "type ",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        NULL};
    char buf[64];

    (void)state;
    assert_int_equal(inspex__match_tables_dropped(), 0);
    /* every name and every alias, whole and cut short by one */
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *p = inspex__fields[f].aliases;
        expect_walk(inspex__fields[f].name);
        while (*p) {
            size_t len = strcspn(p, " ");
            assert_true(len < sizeof(buf));
            snprintf(buf, sizeof(buf), "%.*s", (int)len, p);
            expect_walk(buf);
            buf[len - 1] = '\0';
            expect_walk(buf);
            p += len + strspn(p + len, " ");
        }
    }
    for (size_t i = 0; more[i]; i++)
        expect_walk(more[i]);
}

/* Inspections freed a batch at a time (the engine's writer) come back
 * empty, whatever they held and however many there are: more than the
 * spares kept, NULLs among them, and on another thread than the one
 * that made them. 1 when all is well (no cmocka assert: it may run on a
 * thread of its own). */
static int make_and_free(void)
{
    enum { N = 400 };
    inspex_inspection_t *v[N];
    char code[16], text[200];

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            if ((v[i] = inspex_inspection_new()) == NULL ||
                /* empty, as a new one is */
                inspex_inspection_get(v[i], INSPEX_FIELD_BODY_NAME) != NULL ||
                inspex_inspection_judgement_count(v[i]) != 0 ||
                inspex_inspection_extra_count(v[i]) != 0 ||
                inspex_inspection_set(v[i], INSPEX_FIELD_BODY_NAME, "Body", 0,
                                      NULL) != INSPEX_OK)
                return 0;
            memset(text, 'a' + i % 26, sizeof(text) - 1);
            text[sizeof(text) - 1] = '\0';
            /* enough to take the arena past its first block */
            for (int k = 0; k < 40; k++) {
                snprintf(code, sizeof(code), "k%d", k);
                if (inspex_inspection_add_extra(v[i], code, text, NULL) !=
                    INSPEX_OK)
                    return 0;
            }
        }
        inspex_inspection_free(v[7]); /* freed alone */
        v[7] = NULL;
        inspex__inspections_free(v, N);
    }
    return 1;
}

static void *make_and_free_thread(void *arg)
{
    (void)arg;
    return make_and_free() ? NULL : (void *)1;
}

/* One made and freed on a thread that then ends: it took spares into
 * its stash, and gives them back. */
static void *make_one_thread(void *arg)
{
    inspex_inspection_t *one = inspex_inspection_new();

    (void)arg;
    if (one == NULL)
        return (void *)1;
    inspex_inspection_free(one);
    return NULL;
}

static void test_inspections_free(void **state)
{
    enum { MANY = 600 };
    inspex_inspection_t *v[MANY];
    pthread_t t;
    void *rc = (void *)1;
    size_t max;

    (void)state;
    inspex_inspection_free(inspex_inspection_new());
    assert_true(make_and_free());
    assert_int_equal(pthread_create(&t, NULL, make_and_free_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &rc), 0);
    assert_null(rc);
    assert_true(make_and_free());

    /* the spares full (as many freed as they can hold, and more) */
    inspex__spares(&max);
    assert_true(max + 64 <= MANY);
    for (size_t i = 0; i < MANY; i++)
        assert_non_null(v[i] = inspex_inspection_new());
    inspex__inspections_free(v, MANY);
    assert_int_equal(inspex__spares(NULL), max);
    rc = (void *)1;
    assert_int_equal(pthread_create(&t, NULL, make_one_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &rc), 0);
    assert_null(rc);
    assert_int_equal(inspex__spares(NULL), max);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_located),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_list_dir),
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_inspections_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
