/*
 * test_dist.c - inverse CDFs of the marginal distributions: hand-computed
 * quantiles, medians, bounds, level selection, names and every check.
 */
#include "test_util.h"

#include <string.h>

#include "sim/core/dist.h"

/* Quantiles computed by hand are exact to a few ulps; GSL's normal inverse
 * is accurate to about 1e-15 relative (gsl_cdf_ugaussian_Pinv, AS241). */
#define QUANTILE_TOL 1e-13

/* Phi^-1(0.975) and Phi^-1(0.75), to 16 digits (any normal table). */
#define Z_0975 1.959963984540054
#define Z_075 0.6744897501960817

static void uniform_and_log_uniform(void **unused)
{
    (void)unused;
    struct dist u = {.kind = DIST_UNIFORM, .min = 2.385, .max = 7.5};
    assert_close(dist_quantile(&u, 0.0), 2.385, QUANTILE_TOL);
    assert_close(dist_quantile(&u, 0.25), 2.385 + 0.25 * 5.115, QUANTILE_TOL);
    assert_close(dist_quantile(&u, 0.5), (2.385 + 7.5) / 2, QUANTILE_TOL);
    assert_close(dist_quantile(&u, 1.0), 7.5, QUANTILE_TOL);

    struct dist lu = {.kind = DIST_LOG_UNIFORM, .min = 1.0, .max = 100.0};
    assert_close(dist_quantile(&lu, 0.0), 1.0, QUANTILE_TOL);
    assert_close(dist_quantile(&lu, 0.5), 10.0, QUANTILE_TOL);
    assert_close(dist_quantile(&lu, 0.25), sqrt(10.0), QUANTILE_TOL);
    assert_true(dist_quantile(&lu, 1.0) <= 100.0);
}

static void normal(void **unused)
{
    (void)unused;
    struct dist n = {.kind = DIST_NORMAL, .mean = 2.385, .sd = 0.5};
    assert_close(dist_quantile(&n, 0.5), 2.385, QUANTILE_TOL);
    assert_close(dist_quantile(&n, 0.975), 2.385 + 0.5 * Z_0975, QUANTILE_TOL);
    assert_close(dist_quantile(&n, 0.025), 2.385 - 0.5 * Z_0975, QUANTILE_TOL);
    /* The ends of the unit interval map to finite, symmetric values. */
    double lo = dist_quantile(&n, 0.0), hi = dist_quantile(&n, 1.0);
    assert_true(isfinite(lo) && isfinite(hi));
    assert_close(lo - 2.385, -(hi - 2.385), 1e-9);
    assert_true(lo < 2.385 - 0.5 * 6.0 && lo > 2.385 - 0.5 * 7.0);
    assert_true(isnan(dist_quantile(&n, NAN)));
}

static void truncated_normal(void **unused)
{
    (void)unused;
    /* Half-normal: the median is Phi^-1(0.75). */
    struct dist half = {.kind = DIST_TRUNC_NORMAL,
                        .mean = 0.0,
                        .sd = 1.0,
                        .min = 0.0,
                        .max = INFINITY};
    assert_int_equal(dist_check(&half, NULL), SIM_OK);
    assert_close(dist_quantile(&half, 0.5), Z_075, QUANTILE_TOL);
    assert_close(dist_quantile(&half, 0.0), 0.0, QUANTILE_TOL);
    assert_true(isfinite(dist_quantile(&half, 1.0)));

    /* Symmetric window: median at the mean; ends at the bounds. */
    struct dist sym = {.kind = DIST_TRUNC_NORMAL,
                       .mean = 2.385,
                       .sd = 0.7,
                       .min = 2.385 - 1.1,
                       .max = 2.385 + 1.1};
    assert_close(dist_quantile(&sym, 0.5), 2.385, QUANTILE_TOL);

    /* Windows in either tail, and a lopsided one: always in bounds, monotone.
     */
    struct dist windows[] = {
        {.kind = DIST_TRUNC_NORMAL, .mean = 0, .sd = 1, .min = 7, .max = 8},
        {.kind = DIST_TRUNC_NORMAL, .mean = 0, .sd = 1, .min = -9, .max = -8},
        {.kind = DIST_TRUNC_NORMAL, .mean = 1, .sd = 2, .min = -1, .max = 9},
    };
    for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
        assert_int_equal(dist_check(&windows[w], NULL), SIM_OK);
        double prev = -INFINITY;
        for (int i = 0; i <= 1000; i++) {
            double x = dist_quantile(&windows[w], i / 1000.0);
            assert_true(x >= windows[w].min && x <= windows[w].max);
            assert_true(x >= prev);
            prev = x;
        }
    }
    /* In the far upper tail the mass piles up at min: the median of N(0,1)
     * restricted to [7, 8] lies within 1/7 of 7 (exponential tail). */
    double med = dist_quantile(&windows[0], 0.5);
    assert_true(med > 7.0 && med < 7.0 + 1.0 / 7.0);
}

static void triangular(void **unused)
{
    (void)unused;
    struct dist t = {.kind = DIST_TRIANGULAR, .min = 0, .mode = 1, .max = 4};
    assert_close(dist_quantile(&t, 0.0), 0.0, QUANTILE_TOL);
    assert_close(dist_quantile(&t, 0.125), sqrt(0.5), QUANTILE_TOL);
    assert_close(dist_quantile(&t, 0.25), 1.0, QUANTILE_TOL); /* the mode */
    assert_close(dist_quantile(&t, 0.5), 4.0 - sqrt(6.0), QUANTILE_TOL);
    assert_close(dist_quantile(&t, 1.0), 4.0, QUANTILE_TOL);
    /* Right-angled triangles (mode at an end) work too. */
    struct dist left = {.kind = DIST_TRIANGULAR, .min = 0, .mode = 0, .max = 1};
    assert_close(dist_quantile(&left, 0.75), 0.5, QUANTILE_TOL);
    struct dist right = {
        .kind = DIST_TRIANGULAR, .min = 0, .mode = 1, .max = 1};
    assert_close(dist_quantile(&right, 0.25), 0.5, QUANTILE_TOL);
}

static void levels(void **unused)
{
    (void)unused;
    const double values[] = {10.0, 20.0, 30.0};
    struct dist l = {.kind = DIST_LEVELS, .levels = values, .n_levels = 3};
    assert_true(dist_quantile(&l, 0.0) == 10.0);
    assert_true(dist_quantile(&l, 0.3333) == 10.0);
    assert_true(dist_quantile(&l, 1.0 / 3.0) == 20.0);
    assert_true(dist_quantile(&l, 0.6667) == 30.0);
    assert_true(dist_quantile(&l, 0.999999) == 30.0);
    assert_true(dist_quantile(&l, 1.0) == 30.0);
    /* Grid designs put coordinates at level centres (i + 0.5) / L. */
    for (int i = 0; i < 3; i++)
        assert_true(dist_quantile(&l, (i + 0.5) / 3.0) == values[i]);
}

static void names_round_trip(void **unused)
{
    (void)unused;
    const char *expected[] = {"uniform",          "log_uniform", "normal",
                              "truncated_normal", "triangular",  "levels"};
    for (int k = DIST_UNIFORM; k <= DIST_LEVELS; k++) {
        enum dist_kind back = DIST_LEVELS;
        assert_string_equal(dist_kind_name((enum dist_kind)k), expected[k]);
        assert_int_equal(dist_kind_from_name(expected[k], &back), 0);
        assert_int_equal(back, k);
    }
    enum dist_kind untouched = DIST_NORMAL;
    assert_int_equal(dist_kind_from_name("gaussian", &untouched), -1);
    assert_int_equal(dist_kind_from_name("Uniform", &untouched), -1);
    assert_int_equal(dist_kind_from_name(NULL, &untouched), -1);
    assert_int_equal(untouched, DIST_NORMAL);
    assert_string_equal(dist_kind_name((enum dist_kind)42), "unknown");
}

/* Each bad distribution fails with a message naming the kind and the fault. */
static void checks(void **unused)
{
    (void)unused;
    const double one_level[] = {2.385};
    const double bad_level[] = {1.0, NAN};
    struct {
        struct dist d;
        sim_status status;
        const char *says;
    } cases[] = {
        {{.kind = DIST_UNIFORM, .min = 1, .max = 1},
         SIM_ERR_RANGE,
         "uniform: min"},
        {{.kind = DIST_UNIFORM, .min = 2, .max = 1},
         SIM_ERR_RANGE,
         "less than max"},
        {{.kind = DIST_UNIFORM, .min = NAN, .max = 1}, SIM_ERR_RANGE, "min"},
        {{.kind = DIST_UNIFORM, .min = 0, .max = INFINITY},
         SIM_ERR_RANGE,
         "finite"},
        {{.kind = DIST_LOG_UNIFORM, .min = 0, .max = 1},
         SIM_ERR_RANGE,
         "log_uniform: min must be positive"},
        {{.kind = DIST_LOG_UNIFORM, .min = -1, .max = 1},
         SIM_ERR_RANGE,
         "positive"},
        {{.kind = DIST_NORMAL, .mean = 0, .sd = 0},
         SIM_ERR_RANGE,
         "normal: sd"},
        {{.kind = DIST_NORMAL, .mean = 0, .sd = -1}, SIM_ERR_RANGE, "positive"},
        {{.kind = DIST_NORMAL, .mean = INFINITY, .sd = 1},
         SIM_ERR_RANGE,
         "mean"},
        {{.kind = DIST_TRUNC_NORMAL, .mean = 0, .sd = 1, .min = 1, .max = 0},
         SIM_ERR_RANGE,
         "truncated_normal: min"},
        {{.kind = DIST_TRUNC_NORMAL, .mean = 0, .sd = 0, .min = 0, .max = 1},
         SIM_ERR_RANGE,
         "sd"},
        {{.kind = DIST_TRUNC_NORMAL, .mean = 0, .sd = 1, .min = 50, .max = 51},
         SIM_ERR_RANGE,
         "underflows"},
        {{.kind = DIST_TRIANGULAR, .min = 0, .mode = 2, .max = 1},
         SIM_ERR_RANGE,
         "triangular: mode"},
        {{.kind = DIST_TRIANGULAR, .min = 0, .mode = -0.5, .max = 1},
         SIM_ERR_RANGE,
         "mode"},
        {{.kind = DIST_TRIANGULAR, .min = 1, .mode = 1, .max = 1},
         SIM_ERR_RANGE,
         "max"},
        {{.kind = DIST_LEVELS, .levels = NULL, .n_levels = 2},
         SIM_ERR_RANGE,
         "levels: at least one level"},
        {{.kind = DIST_LEVELS, .levels = one_level, .n_levels = 0},
         SIM_ERR_RANGE,
         "at least one"},
        {{.kind = DIST_LEVELS, .levels = bad_level, .n_levels = 2},
         SIM_ERR_RANGE,
         "level 1 is not finite"},
        {{.kind = (enum dist_kind)42}, SIM_ERR_INVALID, "unknown distribution"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char err[SIM_ERR_LEN] = "";
        assert_int_equal(dist_check(&cases[c].d, err), cases[c].status);
        if (strstr(err, cases[c].says) == NULL)
            fail_msg("case %zu: message '%s' lacks '%s'", c, err,
                     cases[c].says);
    }
    /* A single level is a valid (degenerate) distribution. */
    struct dist single = {
        .kind = DIST_LEVELS, .levels = one_level, .n_levels = 1};
    assert_int_equal(dist_check(&single, NULL), SIM_OK);
    assert_true(dist_quantile(&single, 0.7) == 2.385);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uniform_and_log_uniform),
        cmocka_unit_test(normal),
        cmocka_unit_test(truncated_normal),
        cmocka_unit_test(triangular),
        cmocka_unit_test(levels),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(checks),
    };
    return cmocka_run_group_tests_name("dist", tests, NULL, NULL);
}
