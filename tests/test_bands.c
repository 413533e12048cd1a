/*
 * test_bands.c - the bands of fan charts: each month's quantiles and mean
 * across replicates are GSL's on the sorted column, whatever the blocks and
 * slabs the values went through; blocks out of order, a missing replicate,
 * an unusable directory and every failed allocation are refused.
 */
#include "test_util.h"

#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/core/alloc.h"
#include "sim/core/quantile.h"
#include "sim/io/bands.h"

#define VARS 3
#define REPS 23
#define MONTHS 7
#define BLOCK 5

/* A high-entropy value with ties: variable 2 is 0 or 1, as `alive` is. */
static double value(size_t v, size_t r, size_t m)
{
    if (v == 2)
        return (double)((r * 7 + m * 3) % 5 < 3);
    double x = (double)((r * 2654435761u + m * 40503u + v * 977u) % 10007u);
    return v == 0 ? x * 2.385 - 11000.0 : (double)((long)x % 6);
}

/* Appends every replicate in blocks of BLOCK, as the engine hands them. */
static void fill(struct bands *b)
{
    static double values[VARS * BLOCK * MONTHS];
    char err[SIM_ERR_LEN];
    for (long first = 0; first < REPS; first += BLOCK) {
        long count = REPS - first < BLOCK ? REPS - first : BLOCK;
        for (size_t v = 0; v < VARS; v++)
            for (long i = 0; i < count; i++)
                for (size_t m = 0; m < MONTHS; m++)
                    values[(v * BLOCK + (size_t)i) * MONTHS + m] =
                        value(v, (size_t)(first + i), m);
        struct engine_block block = {.first = first,
                                     .count = count,
                                     .months = MONTHS,
                                     .stride = BLOCK,
                                     .n_vars = VARS,
                                     .values = values};
        assert_int_equal(bands_add_block(b, &block, err), SIM_OK);
    }
}

/* A memory budget of one byte: the record goes to the scratch file. */
#define IN_FILE 1

/* Variables with keep[v] unset (keep NULL: none) must keep out's value. */
#define UNTOUCHED (-7777.0)

static void check_kept(size_t slab_bytes, size_t memory_bytes,
                       const unsigned char *keep)
{
    char err[SIM_ERR_LEN];
    struct bands *b = bands_new(test_write_file("near.h5", ""), VARS, keep,
                                REPS, MONTHS, slab_bytes, memory_bytes, err);
    assert_non_null(b);
    assert_int_equal(bands_in_memory(b), memory_bytes != IN_FILE);
    fill(b);
    static const double fs[] = {0.05, 0.25, 0.50, 0.75, 0.95};
    double all[VARS * MONTHS * BAND_COUNT], column[REPS];
    for (size_t i = 0; i < VARS * MONTHS * BAND_COUNT; i++)
        all[i] = UNTOUCHED;
    assert_int_equal(bands_compute(b, all, err), SIM_OK);
    for (size_t v = 0; v < VARS; v++) {
        const double *out = all + v * MONTHS * BAND_COUNT;
        if (keep != NULL && !keep[v]) {
            for (size_t i = 0; i < MONTHS * BAND_COUNT; i++)
                assert_true(out[i] == UNTOUCHED);
            continue;
        }
        for (size_t m = 0; m < MONTHS; m++) {
            for (size_t r = 0; r < REPS; r++)
                column[r] = value(v, r, m);
            const double *band = out + m * BAND_COUNT;
            assert_true(band[BAND_MEAN] == sim_mean(column, REPS));
            gsl_sort(column, 1, REPS);
            for (int q = 0; q < BAND_MEAN; q++)
                assert_true(band[q] == gsl_stats_quantile_from_sorted_data(
                                           column, 1, REPS, fs[q]));
        }
    }
    bands_free(b);
}

static void check_against_gsl(size_t slab_bytes, size_t memory_bytes)
{
    check_kept(slab_bytes, memory_bytes, NULL);
}

/* In memory (the default budget, and one that just holds the record) and
 * in the scratch file. */
static void same_as_gsl(void **unused)
{
    (void)unused;
    check_against_gsl(0, 0);
    check_against_gsl(0, VARS * REPS * MONTHS * sizeof(double));
    check_against_gsl(0, IN_FILE);
}

/* Slabs of 3 months (the last of 1): the same figures. */
static void same_across_slabs(void **unused)
{
    (void)unused;
    check_against_gsl(3 * REPS * sizeof(double), 0);
    check_against_gsl(1, 0);
    check_against_gsl(3 * REPS * sizeof(double), IN_FILE);
    check_against_gsl(1, IN_FILE);
}

/* Only the kept variables are computed, in memory and in the file; the
 * record holds only them: two variables' worth fits a budget of two. */
static void only_kept_variables(void **unused)
{
    (void)unused;
    static const unsigned char first_last[VARS] = {1, 0, 1};
    static const unsigned char middle[VARS] = {0, 1, 0};
    check_kept(0, 0, first_last);
    check_kept(0, 2 * REPS * MONTHS * sizeof(double), first_last);
    check_kept(3 * REPS * sizeof(double), IN_FILE, first_last);
    check_kept(0, IN_FILE, middle);
}

/* A record one byte over the budget is not held in memory. */
static void budget_is_a_bound(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct bands *b =
        bands_new(test_write_file("near.h5", ""), VARS, NULL, REPS, MONTHS, 0,
                  VARS * REPS * MONTHS * sizeof(double) - 1, err);
    assert_non_null(b);
    assert_false(bands_in_memory(b));
    bands_free(b);
    assert_true(bands_memory_budget() >= (size_t)1 << 20);
}

static void refusals(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    double out[VARS * MONTHS * BAND_COUNT];
    struct bands *b =
        bands_new(test_write_file("near.h5", ""), VARS, NULL, REPS, MONTHS, 0, 0, err);
    assert_non_null(b);
    static double values[VARS * BLOCK * MONTHS];
    struct engine_block late = {.first = BLOCK,
                                .count = BLOCK,
                                .months = MONTHS,
                                .stride = BLOCK,
                                .n_vars = VARS,
                                .values = values};
    assert_int_equal(bands_add_block(b, &late, err), SIM_ERR_INVALID);
    assert_non_null(strstr(err, "out of order"));
    struct engine_block first = late;
    first.first = 0;
    assert_int_equal(bands_add_block(b, &first, err), SIM_OK);
    assert_int_equal(bands_compute(b, out, err), SIM_ERR_INVALID);
    assert_non_null(strstr(err, "5 of 23 replicates"));
    bands_free(b);
    bands_free(NULL);

    assert_null(
        bands_new("/nonexistent-dir/x.h5", VARS, NULL, REPS, MONTHS, 0, IN_FILE, err));
    assert_non_null(strstr(err, "scratch file"));
    /* In memory, no scratch file is needed. */
    b = bands_new("/nonexistent-dir/x.h5", VARS, NULL, REPS, MONTHS, 0, 0, err);
    assert_non_null(b);
    bands_free(b);
}

static void out_of_memory(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    const char *near = test_write_file("near.h5", "");
    const size_t budgets[] = {0, IN_FILE};
    for (size_t i = 0; i < 2; i++)
        for (long k = 0;; k++) {
            sim_alloc_fail_after(k);
            struct bands *b =
                bands_new(near, VARS, NULL, REPS, MONTHS, 0, budgets[i], err);
            sim_alloc_fail_after(-1);
            if (b != NULL) {
                bands_free(b);
                assert_true(k > 0);
                break;
            }
            assert_non_null(strstr(err, "out of memory"));
        }
}

/* No scratch file is left in the directory, even before bands_free. */
static void leaves_no_file(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    char cmd[256];
    struct bands *b = bands_new(test_write_file("near.h5", ""), VARS, NULL, REPS,
                                MONTHS, 0, IN_FILE, err);
    assert_non_null(b);
    fill(b);
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = near.h5", test_dir());
    assert_int_equal(system(cmd), 0);
    bands_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_gsl),    cmocka_unit_test(same_across_slabs),
        cmocka_unit_test(budget_is_a_bound),
        cmocka_unit_test(only_kept_variables),
        cmocka_unit_test(refusals),       cmocka_unit_test(out_of_memory),
        cmocka_unit_test(leaves_no_file),
    };
    return cmocka_run_group_tests(tests, test_make_dir, test_remove_dir);
}
