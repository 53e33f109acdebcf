/* SPDX-License-Identifier: MIT */
/* test_testkit.c - the plugin test kit (<inspex/testing.h>) with the
 * built csv plugin and a descriptor linked into the test: imports with
 * the engine's checks and rejects, exports, golden files (equal, a
 * difference named by its line, rewritten on request), the round trip,
 * a plugin file refused with its reason, and the conformance suite. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <inspex/testing.h>

#define CSV_SO INSPEX_BUILDDIR "/plugins/csv/.libs/csv.so"

static const char good[] = "body_name,framework,published,1.1\n"
                           "Medway YOT,hmip-youth-2018,2020-06-04,Good\n";
static const char one_bad[] = "body_name,framework,1.1\n"
                              "Medway YOT,hmip-youth-2018,Good\n"
                              "Rotherham YOT,hmip-youth-2018,Goodish\n";

static inspex_testkit_t *csv_kit(inspex_error_t *err)
{
    inspex_testkit_t *kit = inspex_testkit_new(err);

    assert_non_null(kit);
    assert_int_equal(inspex_testkit_load(kit, CSV_SO, err), INSPEX_OK);
    assert_string_equal(inspex_testkit_plugin(kit)->name, "csv");
    return kit;
}

static void imports_through_the_engine(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_testkit_t *kit = csv_kit(err);
    inspex_dataset_t *ds;

    (void)state;
    assert_int_equal(inspex_testkit_import(kit, good, strlen(good), "in.csv",
                                           NULL, 0, &ds, err),
                     INSPEX_OK);
    assert_int_equal(inspex_dataset_count(ds), 1);
    /* the framework checks ran: the one standard rated, the rest not */
    assert_non_null(
        strstr(inspex_testkit_messages(kit), "counted standards not rated"));
    inspex_dataset_free(ds);
    /* an invalid record stops the run, as `inspex convert` does */
    assert_int_equal(inspex_testkit_import(kit, one_bad, strlen(one_bad),
                                           "in.csv", NULL, 0, &ds, err),
                     INSPEX_ERR_INVALID);
    assert_null(ds);
    assert_int_equal(inspex_error_line(err), 3);
    inspex_testkit_free(kit);
    inspex_error_free(err);
}

static void keeps_going_with_rejects(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_testkit_t *kit = csv_kit(err);
    inspex_dataset_t *ds;
    size_t len;
    const char *rej;

    (void)state;
    assert_int_equal(inspex_testkit_import(kit, one_bad, strlen(one_bad),
                                           "in.csv", NULL,
                                           INSPEX_ENGINE_KEEP_GOING, &ds, err),
                     INSPEX_ERR_INVALID);
    assert_non_null(ds);
    assert_int_equal(inspex_dataset_count(ds), 1);
    assert_int_equal(inspex_testkit_rejected(kit), 1);
    rej = inspex_testkit_rejects(kit, &len);
    assert_non_null(strstr(rej, "# in.csv:3"));
    assert_non_null(strstr(rej, "\nRotherham YOT,hmip-youth-2018,Goodish\n"));
    inspex_dataset_free(ds);
    inspex_testkit_free(kit);
    inspex_error_free(err);
}

static void exports_and_compares_with_golden_files(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_testkit_t *kit = csv_kit(err);
    inspex_dataset_t *ds;
    char *out, path[] = "/tmp/inspex-golden-XXXXXX";
    size_t len;
    int fd = mkstemp(path);
    FILE *f;

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(inspex_testkit_import(kit, good, strlen(good), "in.csv",
                                           NULL, 0, &ds, err),
                     INSPEX_OK);
    assert_int_equal(inspex_testkit_export(kit, ds, NULL, &out, &len, err),
                     INSPEX_OK);
    assert_non_null(strstr(out, "Medway YOT"));
    /* written on request, then equal */
    setenv("INSPEX_UPDATE_GOLDEN", "1", 1);
    assert_int_equal(inspex_testkit_golden(out, len, path, err), INSPEX_OK);
    unsetenv("INSPEX_UPDATE_GOLDEN");
    assert_int_equal(inspex_testkit_golden(out, len, path, err), INSPEX_OK);
    /* a difference on the second line is named there */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(out, f);
    fclose(f);
    out[strchr(out, '\n') - out + 1] = 'X';
    assert_int_equal(inspex_testkit_golden(out, len, path, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_error_line(err), 2);
    assert_non_null(strstr(inspex_error_message(err), "got \"X"));
    unlink(path);
    assert_int_equal(inspex_testkit_golden(out, len, path, err), INSPEX_ERR_IO);
    free(out);
    inspex_dataset_free(ds);
    inspex_testkit_free(kit);
    inspex_error_free(err);
}

static void round_trip_and_conformance(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_testkit_t *kit = csv_kit(err);

    (void)state;
    assert_int_equal(inspex_testkit_roundtrip(kit, good, strlen(good), "in.csv",
                                              err),
                     INSPEX_OK);
    assert_int_equal(inspex_testkit_conformance(kit, good, strlen(good), NULL,
                                                NULL),
                     0);
    inspex_testkit_free(kit);
    inspex_error_free(err);
}

/* A linked-in importer whose probe breaks the rules, for the suite to
 * catch: a score over 100. */
static int loud_probe(const unsigned char *data, size_t len)
{
    (void)data;
    return len > 0 ? 150 : 0;
}

static inspex_status_t nothing(inspex_import_t *ctx, inspex_error_t *err)
{
    (void)ctx;
    (void)err;
    return INSPEX_OK;
}

static const inspex_plugin_t loud = {
    INSPEX_PLUGIN_HEAD,
    .name = "loud",
    .description = "a probe out of bounds",
    .version = "0",
    .capabilities = INSPEX_CAP_IMPORT,
    .probe = loud_probe,
    .import = nothing,
};

static void counts(void *ud, const char *line)
{
    if (strncmp(line, "FAIL: probe", 11) == 0)
        ++*(int *)ud;
}

static void linked_descriptor_and_refusals(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_testkit_t *kit = inspex_testkit_new(err);
    int probe_failures = 0;

    (void)state;
    assert_int_equal(inspex_testkit_add(kit, &loud, err), INSPEX_OK);
    assert_int_equal(inspex_testkit_load(kit, CSV_SO, err), INSPEX_ERR_USAGE);
    assert_true(
        inspex_testkit_conformance(kit, "x\n", 2, counts, &probe_failures) > 0);
    assert_int_equal(probe_failures, 1);
    inspex_testkit_free(kit);
    kit = inspex_testkit_new(err);
    assert_int_equal(inspex_testkit_load(kit,
                                         INSPEX_BUILDDIR "/tests/plugins/.libs/"
                                                         "wrongabi.so",
                                         err),
                     INSPEX_ERR_PLUGIN);
    assert_non_null(strstr(inspex_error_message(err),
                           "built for plugin ABI 999, this inspex uses ABI 1"));
    inspex_testkit_free(kit);
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(imports_through_the_engine),
        cmocka_unit_test(keeps_going_with_rejects),
        cmocka_unit_test(exports_and_compares_with_golden_files),
        cmocka_unit_test(round_trip_and_conformance),
        cmocka_unit_test(linked_descriptor_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
