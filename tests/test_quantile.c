/*
 * test_quantile.c - quantiles by selection give, to the bit, what GSL gives
 * on sorted data: hand cases, ties, small and odd sizes, extremes.
 */
#include "test_util.h"

#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/core/quantile.h"
#include "sim/core/rng.h"

static void hand_computed(void **unused)
{
    (void)unused;
    double x[] = {3.0, 1.0, 2.0, 4.0};
    /* Sorted 1 2 3 4; index f * 3. */
    assert_true(sim_quantile_select(x, 4, 0.0) == 1.0);
    assert_true(sim_quantile_select(x, 4, 1.0) == 4.0);
    assert_true(sim_quantile_select(x, 4, 0.5) == 2.5);
    assert_close(sim_quantile_select(x, 4, 0.25), 1.75, 1e-15);
    double one[] = {7.0};
    assert_true(sim_quantile_select(one, 1, 0.95) == 7.0);
    assert_true(sim_quantile_select(NULL, 0, 0.5) == 0.0);
}

/* Ties at the order statistics: the next one is the tie, not the next value. */
static void ties(void **unused)
{
    (void)unused;
    double x[] = {5.0, 2.0, 2.0, 2.0, 9.0};
    /* Sorted 2 2 2 5 9: index 0.5 * 4 = 2 -> 2; 0.6 * 4 = 2.4 -> 2 + 0.4*3. */
    assert_true(sim_quantile_select(x, 5, 0.5) == 2.0);
    assert_close(sim_quantile_select(x, 5, 0.6), 3.2, 1e-14);
    assert_close(sim_quantile_select(x, 5, 0.1), 2.0, 0.0);
}

static void same_as_gsl_on_sorted_data(void **unused)
{
    (void)unused;
    static const size_t sizes[] = {1, 2, 3, 4, 5, 19, 20, 21, 100, 1001};
    static const double fs[] = {0.0, 0.05, 0.1, 1.0 / 3.0, 0.5, 0.95, 0.99, 1.0};
    gsl_rng *rng = sim_rng_new(42);
    double x[1001] = {0}, sorted[1001] = {0};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        for (int with_ties = 0; with_ties < 2; with_ties++) {
            for (size_t i = 0; i < n; i++)
                x[i] = with_ties ? (double)gsl_rng_uniform_int(rng, 4)
                                      : gsl_rng_uniform(rng) - 0.5;
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            /* The calls share x, rearranged by each: the summaries do. */
            for (size_t q = 0; q < sizeof fs / sizeof *fs; q++) {
                double want =
                    gsl_stats_quantile_from_sorted_data(sorted, 1, n, fs[q]);
                assert_true(sim_quantile_select(x, n, fs[q]) == want);
            }
        }
    }
    gsl_rng_free(rng);
}

/* Several quantiles by one selection: each the value of one selection. */
static void multiselect_as_single(void **unused)
{
    (void)unused;
    static const double fs[] = {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0};
    static const size_t sizes[] = {1, 2, 3, 16, 17, 100, 1001};
    double x[1001] = {0.0}, y[1001], got[7];
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int pattern = 0; pattern < 4; pattern++) {
            size_t n = sizes[s];
            for (size_t i = 0; i < n; i++)
                x[i] = pattern == 0   ? (double)((i * 7919) % 1009) * 0.137
                       : pattern == 1 ? (double)(i % 3)  /* ties */
                       : pattern == 2 ? (double)i        /* sorted */
                                      : -(double)i;      /* reversed */
            memcpy(y, x, n * sizeof *x);
            sim_quantiles_select(y, n, fs, 7, got);
            for (size_t q = 0; q < 7; q++) {
                memcpy(y, x, n * sizeof *x);
                assert_true(got[q] == sim_quantile_select(y, n, fs[q]));
            }
        }
}

/* Quantiles by buckets: GSL's on sorted data, on the columns the bands
 * meet (one value, two values, a spike of zeros and a long tail) and on
 * ranges too wide or too narrow for buckets. */
static void buckets_same_as_gsl(void **unused)
{
    (void)unused;
    static const double fs[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    static const size_t sizes[] = {1, 2, 3, 7, 64, 1000, 4001};
    static double x[4001], sorted[4001], scratch[4001];
    double got[5];
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int pattern = 0; pattern < 7; pattern++) {
            size_t n = sizes[s];
            for (size_t i = 0; i < n; i++) {
                double u = (double)((i * 7919 + 13) % 4003) / 4003.0;
                x[i] = pattern == 0   ? 2.385 * u - 1.0
                       : pattern == 1 ? -0.0 * u + 42.0   /* one value */
                       : pattern == 2 ? (double)(i % 2)   /* two */
                       : pattern == 3 ? (i % 5 ? 0.0 : exp(30.0 * u))
                       : pattern == 4 ? (i % 2 ? -1e308 : 1e308) * u
                       : pattern == 5 ? 1.0 + (double)(i % 3) * 2.2e-16
                                      : 1e-310 * (double)(i % 4);
            }
            memcpy(sorted, x, n * sizeof *x);
            gsl_sort(sorted, 1, n);
            sim_quantiles(x, n, fs, 5, got, scratch);
            for (size_t q = 0; q < 5; q++)
                assert_true(got[q] == gsl_stats_quantile_from_sorted_data(
                                          sorted, 1, n, fs[q]));
        }
    sim_quantiles(NULL, 0, fs, 5, got, scratch);
    assert_true(got[0] == 0.0 && got[4] == 0.0);
}

/* The mean: a fixed order of sums, close to GSL's running mean. */
static void mean_fixed_order(void **unused)
{
    (void)unused;
    double x[11];
    for (int i = 0; i < 11; i++)
        x[i] = 2.385 * i - 7.0;
    double part[4] = {0};
    for (int i = 0; i < 11; i++)
        part[i % 4] += x[i];
    assert_true(sim_mean(x, 11) ==
                ((part[0] + part[1]) + (part[2] + part[3])) / 11.0);
    assert_close(sim_mean(x, 11), gsl_stats_mean(x, 1, 11), 1e-14);
    assert_true(sim_mean(x, 0) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_computed),
        cmocka_unit_test(ties),
        cmocka_unit_test(same_as_gsl_on_sorted_data),
        cmocka_unit_test(multiselect_as_single),
        cmocka_unit_test(buckets_same_as_gsl),
        cmocka_unit_test(mean_fixed_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
