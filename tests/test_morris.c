/*
 * test_morris.c - Morris trajectories (grid, one-at-a-time steps of delta,
 * permutations, reproducibility) and elementary-effect statistics on a
 * linear function (exact) and on Ishigami (interaction of x3).
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "models/testfunc.h"
#include "sim/analysis/morris.h"

#define SEED 2385
#define P_LEVELS 4
#define R_TRAJ 50

/* Linear effects are exact up to rounding of f's sum (a few ulps of
 * sum |c_i|) divided by delta. */
#define LINEAR_TOL 1e-12

struct trajectories {
    size_t k, r;
    double *points;
    size_t *changed;
};

static struct trajectories make(size_t k, size_t r, size_t p, uint64_t seed)
{
    struct trajectories t = {k, r, calloc(r * (k + 1) * k, sizeof(double)),
                             calloc(r * k, sizeof(size_t))};
    assert_true(t.points && t.changed);
    assert_int_equal(morris_points(k, r, p, seed, t.points, t.changed, NULL),
                     SIM_OK);
    return t;
}

static void trajectories_free(struct trajectories *t)
{
    free(t->points);
    free(t->changed);
}

static void trajectory_structure(void **unused)
{
    (void)unused;
    const size_t k = 5, p = 6;
    const double delta = (double)p / (2.0 * (double)(p - 1));
    struct trajectories t = make(k, R_TRAJ, p, SEED);
    size_t visits[6] = {0};
    for (size_t tr = 0; tr < t.r; tr++) {
        const double *pts = t.points + tr * (k + 1) * k;
        int moved[5] = {0};
        for (size_t c = 0; c < (k + 1) * k; c++) {
            double level = pts[c] * (double)(p - 1);
            assert_true(pts[c] >= 0.0 && pts[c] <= 1.0);
            assert_close(level, round(level), 1e-12);
            visits[(size_t)round(level)]++;
        }
        for (size_t m = 0; m < k; m++) {
            size_t i = t.changed[tr * k + m];
            assert_true(i < k);
            moved[i]++;
            for (size_t j = 0; j < k; j++) {
                double step = pts[(m + 1) * k + j] - pts[m * k + j];
                if (j == i)
                    assert_close(fabs(step), delta, 1e-15);
                else
                    assert_true(step == 0.0);
            }
        }
        for (size_t i = 0; i < k; i++)
            assert_int_equal(moved[i], 1); /* a permutation */
    }
    /* Every level is used (expected share 1/p each). */
    for (size_t l = 0; l < p; l++)
        assert_true(visits[l] > 0);
    trajectories_free(&t);
}

static void reproducible(void **unused)
{
    (void)unused;
    const size_t k = 4;
    struct trajectories a = make(k, 10, P_LEVELS, SEED);
    struct trajectories b = make(k, 10, P_LEVELS, SEED);
    struct trajectories c = make(k, 10, P_LEVELS, SEED + 1);
    /* Trajectory t depends only on (seed, t): the first 10 of 20 agree. */
    struct trajectories d = make(k, 20, P_LEVELS, SEED);
    size_t n_pts = 10 * (k + 1) * k;
    assert_memory_equal(a.points, b.points, n_pts * sizeof(double));
    assert_memory_equal(a.changed, b.changed, 10 * k * sizeof(size_t));
    assert_memory_equal(a.points, d.points, n_pts * sizeof(double));
    assert_true(memcmp(a.points, c.points, n_pts * sizeof(double)) != 0);
    trajectories_free(&a);
    trajectories_free(&b);
    trajectories_free(&c);
    trajectories_free(&d);
}

/* f = sum c_i u_i: every effect is c_i, so mu = c_i, mu* = |c_i|, sigma = 0.
 */
static void linear_function(void **unused)
{
    (void)unused;
    const double coef[] = {2.385, -1.7, 0.0, 31.4, -0.004};
    const size_t k = sizeof coef / sizeof coef[0];
    struct trajectories t = make(k, R_TRAJ, P_LEVELS, SEED);
    size_t n_pts = t.r * (k + 1);
    double *f = calloc(n_pts, sizeof *f);
    for (size_t q = 0; q < n_pts; q++)
        for (size_t i = 0; i < k; i++)
            f[q] += coef[i] * t.points[q * k + i];
    struct morris_index idx[5];
    morris_indices(k, t.r, t.points, t.changed, f, idx);
    for (size_t i = 0; i < k; i++) {
        assert_true(fabs(idx[i].mu - coef[i]) <= LINEAR_TOL);
        assert_true(fabs(idx[i].mu_star - fabs(coef[i])) <= LINEAR_TOL);
        assert_true(idx[i].sigma <= LINEAR_TOL);
    }
    free(f);
    trajectories_free(&t);
}

/* Ishigami: x3 acts only through its interaction with x1 (b x3^4 sin x1), so
 * its effects change sign with sin x1: mu* > 0 and sigma exceeding mu*.  On
 * the 4-level grid, sin x1 is 0 or +-sin(pi/3) and every x3 step changes
 * x3^4 by (80/81) pi^4, so |EE_3| is 0 or a constant c: mu* tends to c/2,
 * mu to 0 (slowly: its standard error is about c / (2 sqrt r), so it is not
 * asserted) and sigma/mu* to sqrt(2). */
static void ishigami_interaction(void **unused)
{
    (void)unused;
    const size_t k = TESTFUNC_ISHIGAMI_K;
    struct trajectories t = make(k, R_TRAJ, P_LEVELS, SEED);
    size_t n_pts = t.r * (k + 1);
    double *f = calloc(n_pts, sizeof *f);
    for (size_t q = 0; q < n_pts; q++)
        f[q] = testfunc_ishigami_unit(t.points + q * k, TESTFUNC_ISHIGAMI_A,
                                      TESTFUNC_ISHIGAMI_B);
    struct morris_index idx[3];
    morris_indices(k, t.r, t.points, t.changed, f, idx);
    for (size_t i = 0; i < k; i++)
        print_message("ishigami x%zu: mu %.4f mu* %.4f sigma %.4f "
                      "sigma/mu* %.3f\n",
                      i + 1, idx[i].mu, idx[i].mu_star, idx[i].sigma,
                      idx[i].sigma / idx[i].mu_star);
    assert_true(idx[2].mu_star > 0.1);
    assert_true(idx[2].sigma / idx[2].mu_star > 1.0);
    /* x1 and x2 matter more than x3's direct effect (none). */
    assert_true(idx[0].mu_star > idx[2].mu_star);
    assert_true(idx[1].mu_star > idx[2].mu_star);
    free(f);
    trajectories_free(&t);
}

static void expect_refusal(size_t k, size_t r, size_t p, const char *says)
{
    char err[SIM_ERR_LEN] = "";
    double points[4] = {-1, -1, -1, -1};
    size_t changed[2] = {99, 99};
    assert_int_equal(morris_points(k, r, p, SEED, points, changed, err),
                     SIM_ERR_RANGE);
    if (strstr(err, says) == NULL)
        fail_msg("message '%s' lacks '%s'", err, says);
    assert_true(points[0] == -1 && changed[0] == 99);
}

static void errors(void **unused)
{
    (void)unused;
    expect_refusal(0, 10, 4, "at least one parameter");
    expect_refusal(3, 1, 4, "1 trajectories, at least 2");
    expect_refusal(3, 10, 5, "5 levels; the number of levels must be even");
    expect_refusal(3, 10, 0, "at least 2");
    expect_refusal(3, (size_t)UINT32_MAX + 1, 4, "at most 4294967295");
    expect_refusal((size_t)UINT32_MAX + 1, 10, 4, "each must be at most");
    expect_refusal(3, 10, 2 * ((size_t)UINT32_MAX + 1), "each must be at most");
    /* p = 2: the step is the whole interval. */
    struct trajectories t = make(2, 3, 2, SEED);
    for (size_t c = 0; c < 3 * 3 * 2; c++)
        assert_true(t.points[c] == 0.0 || t.points[c] == 1.0);
    trajectories_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trajectory_structure),
        cmocka_unit_test(reproducible),
        cmocka_unit_test(linear_function),
        cmocka_unit_test(ishigami_interaction),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests_name("morris", tests, NULL, NULL);
}
