/*
 * test_calibrate.c - the targets file (tolerances, their errors), honest
 * convergence (a simplex that stops short of a target has not converged),
 * multi-start fits (Sobol' starts, the same fits on 1 and 2 threads), and
 * the calibrated scenario's file: written through a temporary that never
 * follows a link planted at its name, and loadable.
 */
#include "test_util.h"
#include "test_random.h"

#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/analysis/calibrate.h"
#include "sim/io/outfile.h"

static void planted_link_is_not_followed(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], scenario[300], targets[300], victim[300];
    char out[300], planted[PATH_MAX];
    snprintf(scenario, sizeof scenario, "%s",
             test_write_file("base.cfg", "simulation: { months = 24; };\n"));
    snprintf(targets, sizeof targets, "%s",
             test_write_file(
                 "t.targets",
                 "horizon = 12;\n"
                 "targets = ( { metric = \"leverage\"; value = 2.0; } );\n"
                 "free = ( { paths = [\"funding.subsidy.alliance_uplift\"]; "
                 "min = 0.0; max = 3.0; start = 0.5; } );\n"));
    snprintf(victim, sizeof victim, "%s",
             test_write_file("victim", "precious"));
    snprintf(out, sizeof out, "%s/calibrated.cfg", test_dir());
    struct scenario *sc = NULL;
    struct calibration *cal = NULL;
    if (scenario_load(scenario, &sc, err) != SIM_OK ||
        calibration_load(targets, sc, &cal, err) != SIM_OK)
        fail_msg("%s", err);

    const uint64_t draws[] = {71, 72};
    test_random_play(draws, 1);
    assert_int_equal(outfile_tmp_name(out, planted, sizeof planted, err), 0);
    assert_int_equal(symlink(victim, planted), 0);
    test_random_play(draws, 2);
    struct calibrate_result r;
    memset(&r, 0, sizeof r);
    r.values[0] = 1.2385;
    if (calibrate_write_scenario(sc, cal, &r, out, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(test_random_taken(), 2);

    FILE *f = fopen(victim, "r");
    char text[32] = "";
    assert_non_null(fgets(text, sizeof text, f));
    fclose(f);
    assert_string_equal(text, "precious");
    /* What was written is the calibrated scenario. */
    struct scenario *back = NULL;
    if (scenario_load(out, &back, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(back->org.funding[FUND_SUBSIDY].alliance_uplift, 1.2385, 1e-9);
    assert_int_equal(back->settings.months, 24);
    scenario_free(back);
    unlink(planted);
    calibration_free(cal);
    scenario_free(sc);
}


/* A portfolio small enough for a fit in a fraction of a second. */
static const char *small_portfolio(void)
{
    return test_write_file(
        "pf.cfg", "simulation: { months = 12; replicates = 8; seed = 3; };\n"
                  "portfolio: { projects = 3; };\n"
                  "fund: { budget_eur = 50000.0; end_month = 12; };\n");
}

static const char *const free_uplift =
    "free = ( { paths = [\"funding.subsidy.alliance_uplift\", "
    "\"funding.earned_income.alliance_uplift\"]; min = 0.0; max = 3.0; "
    "start = 0.5; } );\n";

static struct calibration *load_targets(struct scenario **sc,
                                        const char *targets)
{
    char err[SIM_ERR_LEN], path[300], text[2048];
    snprintf(path, sizeof path, "%s", small_portfolio());
    snprintf(text, sizeof text, "%s%s", targets, free_uplift);
    const char *file = test_write_file("t.targets", text);
    struct calibration *cal = NULL;
    if (scenario_load(path, sc, err) != SIM_OK ||
        calibration_load(file, *sc, &cal, err) != SIM_OK)
        fail_msg("%s", err);
    return cal;
}

/* The default tolerance for old files, a target's own, and the file-wide
 * one. */
static void tolerances_are_read(void **unused)
{
    (void)unused;
    struct scenario *sc = NULL;
    struct calibration *cal = load_targets(
        &sc, "horizon = 12;\n"
             "targets = ( { metric = \"leverage\"; value = 1.0; },\n"
             "  { metric = \"frugality\"; value = 1.1; tolerance = 0.05; } );\n");
    assert_close(cal->targets[0].tolerance, 0.01, 0);
    assert_close(cal->targets[1].tolerance, 0.05, 0);
    calibration_free(cal);
    scenario_free(sc);
    cal = load_targets(
        &sc, "horizon = 12; target_tolerance = 0.125;\n"
             "targets = ( { metric = \"leverage\"; value = 1.0; } );\n");
    assert_close(cal->targets[0].tolerance, 0.125, 0);
    calibration_free(cal);
    scenario_free(sc);
}

static void bad_tolerance_names_file_and_line(void **unused)
{
    (void)unused;
    static const char *const bad[] = {"0.0", "-0.1", "1.5", "\"tight\""};
    char err[SIM_ERR_LEN], path[300], text[1024];
    snprintf(path, sizeof path, "%s", small_portfolio());
    struct scenario *sc = NULL;
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text,
                 "horizon = 12;\ntargets = (\n"
                 "  { metric = \"leverage\"; value = 1.0; tolerance = %s; } "
                 ");\n%s",
                 bad[i], free_uplift);
        const char *file = test_write_file("bad.targets", text);
        struct calibration *cal = NULL;
        assert_int_not_equal(calibration_load(file, sc, &cal, err), SIM_OK);
        assert_null(cal);
        assert_non_null(strstr(err, "bad.targets:3"));
        assert_non_null(strstr(err, "tolerance"));
    }
    scenario_free(sc);
}

static void near_bound_is_one_percent_of_the_range(void **unused)
{
    (void)unused;
    struct calibrate_free f;
    memset(&f, 0, sizeof f);
    f.min = 100.0;
    f.max = 5000.0;
    assert_int_equal(calibrate_near_bound(&f, 121.78), -1);
    assert_int_equal(calibrate_near_bound(&f, 149.0), -1);
    assert_int_equal(calibrate_near_bound(&f, 149.2), 0);
    assert_int_equal(calibrate_near_bound(&f, 2385.0), 0);
    assert_int_equal(calibrate_near_bound(&f, 4951.5), 1);
    assert_int_equal(calibrate_near_bound(&f, 4950.5), 0);
}

/* A simplex that shrinks where the target is out of reach has stopped, not
 * converged: the fit says so and which target it misses. */
static void a_shrunk_simplex_short_of_its_target_has_not_converged(void **u)
{
    (void)u;
    char err[SIM_ERR_LEN];
    struct scenario *sc = NULL;
    /* A simplex size of 1 stops at once, as at a local minimum. */
    struct calibration *cal = load_targets(
        &sc, "horizon = 12; tolerance = 1.0;\n"
             "targets = ( { metric = \"leverage\"; value = 1.0; } );\n");
    struct calibrate_result r;
    memset(&r, 0, sizeof r);
    if (calibrate_run(sc, cal, &r, NULL, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(r.simplex_converged);
    assert_false(r.converged);
    assert_false(calibrate_target_met(cal, 0, &r));
    calibration_free(cal);
    scenario_free(sc);

    /* The same problem, fitted to the end, meets its target. */
    cal = load_targets(&sc,
                       "horizon = 12; max_iterations = 200;\n"
                       "targets = ( { metric = \"leverage\"; value = 1.0; } );\n");
    memset(&r, 0, sizeof r);
    if (calibrate_run(sc, cal, &r, NULL, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(r.converged);
    assert_true(fabs(r.achieved[METRIC_LEVERAGE] - 1.0) <= 0.01);
    calibration_free(cal);
    scenario_free(sc);
}

/* An unreachable target is never met, however long the simplex runs; a
 * NaN or infinite figure neither. */
static void unreachable_target_is_missed(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct scenario *sc = NULL;
    struct calibration *cal = load_targets(
        &sc, "horizon = 12; max_iterations = 40;\n"
             "targets = ( { metric = \"leverage\"; value = 30.0; } );\n");
    struct calibrate_result r;
    memset(&r, 0, sizeof r);
    if (calibrate_run(sc, cal, &r, NULL, err) != SIM_OK)
        fail_msg("%s", err);
    assert_false(r.converged);
    assert_int_equal(calibrate_near_bound(&cal->free[0], r.values[0]), 1);
    r.achieved[METRIC_LEVERAGE] = NAN;
    assert_false(calibrate_target_met(cal, 0, &r));
    r.achieved[METRIC_LEVERAGE] = INFINITY;
    assert_false(calibrate_target_met(cal, 0, &r));
    calibration_free(cal);
    scenario_free(sc);
}

static void starts_are_the_file_then_sobol_points(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct scenario *sc = NULL;
    struct calibration *cal = load_targets(
        &sc, "horizon = 12;\n"
             "targets = ( { metric = \"leverage\"; value = 1.0; } );\n");
    double v[16][CALIBRATE_MAX_FREE];
    if (calibrate_start_values(cal, 16, v, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(v[0][0], 0.5, 0);   /* the file's start */
    assert_close(v[1][0], 1.5, 0);   /* the centre of [0, 3] */
    assert_close(v[2][0], 2.25, 0);  /* Sobol': 3/4 of the range */
    assert_close(v[3][0], 0.75, 0);
    for (int s = 1; s < 16; s++)
        assert_true(v[s][0] > 0.0 && v[s][0] < 3.0);
    assert_int_equal(calibrate_start_values(cal, 0, v, err), SIM_ERR_RANGE);
    assert_non_null(strstr(err, "starts"));
    calibration_free(cal);
    scenario_free(sc);
}

/* Each start's fit is the same bit for bit on 1 and 2 threads, and the one
 * from the file's start is calibrate_run's. */
static void starts_do_not_depend_on_threads(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct scenario *sc = NULL;
    struct calibration *cal = load_targets(
        &sc, "horizon = 12; max_iterations = 60;\n"
             "targets = ( { metric = \"leverage\"; value = 1.0; } );\n");
    enum { N = 5 };
    struct calibrate_result fits[2][N], single;
    for (int run = 0; run < 2; run++) {
        omp_set_num_threads(run + 1);
        if (calibrate_starts(sc, cal, N, fits[run], NULL, err) != SIM_OK)
            fail_msg("%s", err);
    }
    omp_set_num_threads(1);
    memset(&single, 0, sizeof single);
    if (calibrate_run(sc, cal, &single, NULL, err) != SIM_OK)
        fail_msg("%s", err);
    assert_memory_equal(fits[0], fits[1], sizeof fits[0]);
    assert_memory_equal(single.values, fits[0][0].values,
                        sizeof single.values);
    for (int s = 0; s < N; s++) {
        assert_int_equal(fits[0][s].start, s);
        assert_true(fits[0][s].converged);
    }
    int best = calibrate_best(fits[0], N);
    for (int s = 0; s < N; s++)
        assert_true(fits[0][best].objective <= fits[0][s].objective);
    /* A fit that meets the targets comes before a closer one that does
     * not (tolerances differ from target to target). */
    fits[0][1].converged = 0;
    fits[0][1].objective = 0.0;
    assert_int_not_equal(calibrate_best(fits[0], N), 1);
    fits[0][3].objective = -1.0;
    assert_int_equal(calibrate_best(fits[0], N), 3);
    calibration_free(cal);
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tolerances_are_read),
        cmocka_unit_test(bad_tolerance_names_file_and_line),
        cmocka_unit_test(near_bound_is_one_percent_of_the_range),
        cmocka_unit_test(a_shrunk_simplex_short_of_its_target_has_not_converged),
        cmocka_unit_test(unreachable_target_is_missed),
        cmocka_unit_test(starts_are_the_file_then_sobol_points),
        cmocka_unit_test(starts_do_not_depend_on_threads),
        cmocka_unit_test(planted_link_is_not_followed),
    };
    return cmocka_run_group_tests_name("calibrate", tests, test_make_dir,
                                       test_remove_dir);
}
