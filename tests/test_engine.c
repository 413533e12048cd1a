/*
 * test_engine.c - replicates in blocks and threads: bitwise reproducibility
 * whatever the thread count or block size, seeds that matter, summaries.
 */
#include "test_util.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "models/org.h"
#include "sim/core/alloc.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"

#define REPS 37
#define MONTHS 60

static struct engine_config config_for(uint64_t seed, long block)
{
    struct engine_config c = {
        .months = MONTHS,
        .replicates = REPS,
        .seed = seed,
        .block_size = block,
        .n_horizons = 2,
        .horizons = {18, 60},
    };
    return c;
}

/* Runs every block and returns all values as [replicate][var][month], and
 * the horizon values as [horizon][var][replicate] into *at (if not NULL). */
static double *run_kept(const struct org_params *p, uint64_t seed, long block,
                        int threads, const unsigned char *keep, double **at)
{
    omp_set_num_threads(threads);
    struct engine_config c = config_for(seed, block);
    c.keep = keep;
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, p, &c, err);
    assert_non_null(e);
    double *all = calloc((size_t)REPS * OV_COUNT * MONTHS, sizeof *all);
    assert_non_null(all);
    struct engine_block b;
    long seen = 0;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0) {
        assert_int_equal(b.first, seen);
        for (long r = 0; r < b.count; r++)
            for (size_t v = 0; v < OV_COUNT; v++)
                memcpy(all + ((size_t)(b.first + r) * OV_COUNT + v) * MONTHS,
                       b.values + (v * (size_t)b.stride + (size_t)r) * MONTHS,
                       MONTHS * sizeof *all);
        seen += b.count;
    }
    assert_int_equal(seen, REPS);
    if (at != NULL) {
        *at = calloc(2 * OV_COUNT * REPS, sizeof **at);
        assert_non_null(*at);
        for (int h = 0; h < 2; h++)
            for (size_t v = 0; v < OV_COUNT; v++)
                memcpy(*at + ((size_t)h * OV_COUNT + v) * REPS,
                       engine_horizon_values(e, v, h), REPS * sizeof **at);
    }
    /* Horizon values are the block values at those months. */
    for (size_t v = 0; v < OV_COUNT; v++)
        for (long r = 0; r < REPS && (keep == NULL || keep[v]); r++) {
            double at18 = engine_horizon_values(e, v, 0)[r];
            double at60 = engine_horizon_values(e, v, 1)[r];
            const double *row = all + ((size_t)r * OV_COUNT + v) * MONTHS;
            assert_memory_equal(&at18, &row[17], sizeof at18);
            assert_memory_equal(&at60, &row[59], sizeof at60);
        }
    engine_free(e);
    return all;
}

static double *run_all(const struct org_params *p, uint64_t seed, long block,
                       int threads)
{
    return run_kept(p, seed, block, threads, NULL, NULL);
}

/* With a keep mask the blocks carry only the kept variables' months, the
 * same bits as a run keeping all; the others stay 0; the horizon values,
 * which the summaries use, are kept for every variable. */
static void keeps_only_kept_variables(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    unsigned char keep[OV_COUNT] = {0};
    keep[OV_CASH] = keep[OV_ALIVE] = 1;
    double *at_all = NULL, *at_kept = NULL;
    double *all = run_kept(&p, 99, 8, 2, NULL, &at_all);
    double *kept = run_kept(&p, 99, 8, 2, keep, &at_kept);
    for (long r = 0; r < REPS; r++)
        for (size_t v = 0; v < OV_COUNT; v++) {
            const double *a = all + ((size_t)r * OV_COUNT + v) * MONTHS;
            const double *k = kept + ((size_t)r * OV_COUNT + v) * MONTHS;
            for (int t = 0; t < MONTHS; t++)
                if (keep[v])
                    assert_memory_equal(&k[t], &a[t], sizeof k[t]);
                else
                    assert_true(k[t] == 0.0);
        }
    assert_memory_equal(at_all, at_kept, 2 * OV_COUNT * REPS * sizeof *at_all);
    free(all);
    free(kept);
    free(at_all);
    free(at_kept);
}

static void identical_for_any_threads_and_blocks(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    double *ref = run_all(&p, 2385, 256, 1);
    double *two = run_all(&p, 2385, 256, 2);
    double *odd = run_all(&p, 2385, 5, 2);
    size_t bytes = (size_t)REPS * OV_COUNT * MONTHS * sizeof *ref;
    assert_memory_equal(ref, two, bytes);
    assert_memory_equal(ref, odd, bytes);
    free(ref);
    free(two);
    free(odd);
}

static void seed_changes_results(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    double *a = run_all(&p, 1, 16, 2);
    double *b = run_all(&p, 2, 16, 2);
    size_t n = (size_t)REPS * OV_COUNT * MONTHS;
    size_t differ = 0;
    for (size_t i = 0; i < n; i++)
        differ += a[i] != b[i];
    assert_true(differ > n / 4);
    /* Replicates differ from each other within a run, too. */
    const double *cash0 = a + (0 * OV_COUNT + OV_CASH) * MONTHS;
    const double *cash1 = a + (1 * OV_COUNT + OV_CASH) * MONTHS;
    assert_true(cash0[MONTHS - 1] != cash1[MONTHS - 1]);
    free(a);
    free(b);
}

static void summary_matches_direct_statistics(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    struct engine_config c = config_for(99, 8);
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, &p, &c, err);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        ;
    struct summary *s = summary_new(e, NULL, err);
    assert_non_null(s);
    double x[REPS];
    memcpy(x, engine_horizon_values(e, OV_CASH, 1), sizeof x);
    double mean = 0;
    for (int i = 0; i < REPS; i++)
        mean += x[i] / REPS;
    assert_close(summary_get(s, OV_CASH, 1, STAT_MEAN), mean, 1e-12);
    gsl_sort(x, 1, REPS);
    /* Linear interpolation between order statistics: index q * (n - 1). */
    double pos = 0.05 * (REPS - 1);
    size_t lo = (size_t)pos;
    double p05 = x[lo] + (pos - (double)lo) * (x[lo + 1] - x[lo]);
    assert_close(summary_get(s, OV_CASH, 1, STAT_P05), p05, 1e-12);
    assert_close(summary_get(s, OV_CASH, 1, STAT_P50), x[REPS / 2], 1e-12);
    assert_true(summary_get(s, OV_CASH, 1, STAT_P05) <=
                summary_get(s, OV_CASH, 1, STAT_P95));
    summary_free(s);
    engine_free(e);
}

static void rejects_bad_configs(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    char err[SIM_ERR_LEN];
    struct engine_config c = config_for(1, 8);
    c.horizons[1] = MONTHS + 1;
    assert_null(engine_new(&org_model, &p, &c, err));
    assert_non_null(strstr(err, "horizon"));
    c = config_for(1, 8);
    c.replicates = 0;
    assert_null(engine_new(&org_model, &p, &c, err));
}

static void out_of_memory_frees_everything(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    struct engine_config c = config_for(1, 8);
    char err[SIM_ERR_LEN];
    struct engine *e = NULL;
    long k;
    for (k = 0; e == NULL; k++) {
        sim_alloc_fail_after(k);
        e = engine_new(&org_model, &p, &c, err);
        sim_alloc_fail_after(-1);
        if (e == NULL)
            assert_non_null(strstr(err, "out of memory"));
    }
    assert_true(k > 5);
    engine_free(e);
    engine_free(NULL);
    summary_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_for_any_threads_and_blocks),
        cmocka_unit_test(keeps_only_kept_variables),
        cmocka_unit_test(seed_changes_results),
        cmocka_unit_test(summary_matches_direct_statistics),
        cmocka_unit_test(rejects_bad_configs),
        cmocka_unit_test(out_of_memory_frees_everything),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
