/*
 * test_ensemble.c - the ensemble of acceptable fits: written best first
 * with only the fits that meet the targets, read back as written, refused
 * with a message naming the file when it does not fit the scenario, and the
 * scenario run over it: each fit's figures are compare's for that fit.
 */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/analysis/ensemble.h"
#include "sim/io/h5read.h"
#include "sim/io/h5util.h"

static const char *portfolio(void)
{
    return test_write_file(
        "pf.cfg", "simulation: { months = 24; replicates = 6; seed = 11; };\n"
                  "portfolio: { projects = 3; };\n"
                  "fund: { budget_eur = 40000.0; end_month = 12; };\n");
}

static struct calibration *targets(struct scenario **sc)
{
    char err[SIM_ERR_LEN], path[300];
    snprintf(path, sizeof path, "%s", portfolio());
    const char *file = test_write_file(
        "t.targets",
        "horizon = 12;\n"
        "targets = ( { metric = \"leverage\"; value = 1.0; } );\n"
        "free = ( { paths = [\"funding.subsidy.alliance_uplift\", "
        "\"funding.earned_income.alliance_uplift\"]; min = 0.0; max = 3.0; },\n"
        "  { paths = [\"alliances.production.value_uplift\"]; min = 0.0; "
        "max = 2.0; } );\n");
    struct calibration *cal = NULL;
    if (scenario_load(path, sc, err) != SIM_OK ||
        calibration_load(file, *sc, &cal, err) != SIM_OK)
        fail_msg("%s", err);
    return cal;
}

/* Three starts: 0 and 2 met the targets (2 the better), 1 did not. */
static void three_fits(struct calibrate_result fits[3])
{
    memset(fits, 0, 3 * sizeof fits[0]);
    static const double values[3][2] = {
        {1.2385, 0.5}, {2.9, 1.9}, {1.2291, 1.4142}};
    static const double objective[3] = {2e-6, 0.3, 1e-7};
    for (int s = 0; s < 3; s++) {
        fits[s].start = s;
        fits[s].values[0] = values[s][0];
        fits[s].values[1] = values[s][1];
        fits[s].objective = objective[s];
        fits[s].converged = s != 1;
        fits[s].achieved[METRIC_LEVERAGE] = 1.0 + objective[s];
    }
}

static void written_best_first_and_read_back(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], out[300];
    struct scenario *sc = NULL;
    struct calibration *cal = targets(&sc);
    struct calibrate_result fits[3];
    three_fits(fits);
    snprintf(out, sizeof out, "%s/ens.h5", test_dir());
    if (ensemble_write(out, sc, cal, fits, 3, "test", err) != SIM_OK)
        fail_msg("%s", err);
    struct ensemble *e = NULL;
    if (ensemble_read(out, sc, &e, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(e->n_fits, 2);
    assert_int_equal(e->n_paths, 3); /* tied paths each a column */
    assert_string_equal(e->paths[0], "funding.subsidy.alliance_uplift");
    assert_string_equal(e->paths[1], "funding.earned_income.alliance_uplift");
    assert_string_equal(e->paths[2], "alliances.production.value_uplift");
    /* Start 2, the lower objective, first; start 1 missed and is left out. */
    const double want[2][3] = {{1.2291, 1.2291, 1.4142},
                               {1.2385, 1.2385, 0.5}};
    assert_memory_equal(e->values, want, sizeof want);
    ensemble_free(e);
    unlink(out);
    calibration_free(cal);
    scenario_free(sc);
}

/* A string dataset of the file, as one text "a|b|c". */
static void strings_of(const char *file, const char *path, char *buf,
                       size_t len)
{
    hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    size_t n = 0;
    char **strs = h5read_strings_at(f, path, NULL, &n);
    buf[0] = '\0';
    for (size_t i = 0; strs != NULL && i < n; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? "|" : "",
                 strs[i]);
    h5read_strings_free(strs);
    H5Fclose(f);
}

/* Settings of different units: each table of settings names the string
 * variable that holds each column's unit, as the parameter tables give
 * it, and the targets' table its metrics' units. */
static void units_of_mixed_settings(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], out[300], got[256], pf[300];
    struct scenario *sc = NULL;
    struct calibration *cal = NULL;
    snprintf(pf, sizeof pf, "%s", portfolio());
    const char *file = test_write_file(
        "u.targets",
        "horizon = 12;\n"
        "targets = ( { metric = \"leverage\"; value = 1.0; },\n"
        "  { metric = \"prime_alliance_eur\"; value = 1000.0; } );\n"
        "free = ( { paths = [\"funding.subsidy.alliance_uplift\"]; "
        "min = 0.0; max = 3.0; },\n"
        "  { paths = [\"funding.subsidy.regain_probability\"]; min = 0.0; "
        "max = 0.5; } );\n");
    if (scenario_load(pf, &sc, err) != SIM_OK ||
        calibration_load(file, sc, &cal, err) != SIM_OK)
        fail_msg("%s", err);
    struct calibrate_result fit;
    memset(&fit, 0, sizeof fit);
    fit.values[0] = 1.5;
    fit.values[1] = 0.25;
    fit.converged = 1;
    snprintf(out, sizeof out, "%s/units.h5", test_dir());
    if (ensemble_write(out, sc, cal, &fit, 1, "test", err) != SIM_OK)
        fail_msg("%s", err);
    strings_of(out, "/fits/parameter_unit", got, sizeof got);
    assert_string_equal(got, "1|1/month");
    strings_of(out, "/starts/parameter_unit", got, sizeof got);
    assert_string_equal(got, "1|1/month");
    strings_of(out, "/fits/metric_unit", got, sizeof got);
    assert_string_equal(got, "1|EUR");
    hid_t f = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
    static const char *const tables[] = {"/fits/values", "/fits/min",
                                         "/fits/max", "/fits/achieved"};
    for (size_t i = 0; i < 4; i++) {
        hid_t d = H5Dopen2(f, tables[i], H5P_DEFAULT);
        assert_true(d >= 0);
        assert_true(H5Aexists(d, "entry_units") > 0);
        assert_false(H5Aexists(d, "units") > 0);
        H5Dclose(d);
    }
    H5Fclose(f);
    unlink(out);
    calibration_free(cal);
    scenario_free(sc);
}

static void nothing_written_when_no_fit_meets_the_targets(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], out[300];
    struct scenario *sc = NULL;
    struct calibration *cal = targets(&sc);
    struct calibrate_result fits[3];
    three_fits(fits);
    fits[0].converged = fits[2].converged = 0;
    snprintf(out, sizeof out, "%s/none.h5", test_dir());
    assert_int_equal(ensemble_write(out, sc, cal, fits, 3, "test", err),
                     SIM_ERR_INVALID);
    assert_non_null(strstr(err, "no fit meets the targets"));
    assert_int_equal(access(out, F_OK), -1);
    calibration_free(cal);
    scenario_free(sc);
}

static void bad_ensembles_are_refused_by_name(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], out[300];
    struct scenario *sc = NULL;
    struct calibration *cal = targets(&sc);
    struct ensemble *e = NULL;
    /* Missing, and not HDF5. */
    snprintf(out, sizeof out, "%s/missing.h5", test_dir());
    assert_int_equal(ensemble_read(out, sc, &e, err), SIM_ERR_IO);
    assert_non_null(strstr(err, "missing.h5: cannot read"));
    const char *text = test_write_file("text.h5", "not hdf5\n");
    assert_int_equal(ensemble_read(text, sc, &e, err), SIM_ERR_IO);
    assert_non_null(strstr(err, "text.h5: not an HDF5 file"));
    assert_null(e);
    /* A setting the scenario does not have, and one that is not a
     * number. */
    static const char *const bad[] = {"alliances.production.charm",
                                      "organisation.name"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(out, sizeof out, "%s/forged.h5", test_dir());
        hid_t f = H5Fcreate(out, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        hid_t g = H5Gcreate2(f, "fits", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        hid_t scale = h5u_string_scale(g, "parameter", &bad[i], 1, "forged");
        const hsize_t dims[2] = {1, 1};
        const double value = 0.25;
        assert_true(scale >= 0 &&
                    h5u_write_array(g, "values", 2, dims, &value, "1", "") >=
                        0);
        H5Dclose(scale);
        H5Gclose(g);
        H5Fclose(f);
        assert_int_equal(ensemble_read(out, sc, &e, err), SIM_ERR_UNKNOWN);
        assert_null(e);
        char want[200];
        snprintf(want, sizeof want,
                 "forged.h5: /fits/parameter[0]: '%s' is not a real-valued "
                 "setting of",
                 bad[i]);
        assert_non_null(strstr(err, want));
        unlink(out);
    }
    calibration_free(cal);
    scenario_free(sc);
}

static void each_fit_is_compare_of_that_fit(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN], out[300];
    struct scenario *sc = NULL;
    struct calibration *cal = targets(&sc);
    struct calibrate_result fits[3];
    three_fits(fits);
    snprintf(out, sizeof out, "%s/ens.h5", test_dir());
    struct ensemble *e = NULL;
    if (ensemble_write(out, sc, cal, fits, 3, "test", err) != SIM_OK ||
        ensemble_read(out, sc, &e, err) != SIM_OK)
        fail_msg("%s", err);
    struct engine_config config;
    memset(&config, 0, sizeof config);
    config.months = 24;
    config.replicates = 6;
    config.seed = 11;
    config.n_horizons = 2;
    config.horizons[0] = 12;
    config.horizons[1] = 24;
    double est[2 * 2 * METRIC_COUNT];
    struct compare_value mc[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    if (ensemble_compare(sc, e, &config, 20, 0.9, est, mc, NULL, err) !=
        SIM_OK)
        fail_msg("%s", err);
    for (size_t f = 0; f < 2; f++) {
        char v[64];
        for (size_t p = 0; p < e->n_paths; p++) {
            snprintf(v, sizeof v, "%.17g", e->values[f * e->n_paths + p]);
            if (scenario_set(sc, e->paths[p], v, "test", err) != SIM_OK)
                fail_msg("%s", err);
        }
        double want[2][METRIC_COUNT];
        if (compare_estimates(sc, &config, want, err) != SIM_OK)
            fail_msg("%s", err);
        for (int h = 0; h < 2; h++)
            for (int m = 0; m < METRIC_COUNT; m++) {
                double got = est[(f * 2 + (size_t)h) * METRIC_COUNT +
                                 (size_t)m];
                assert_true(got == want[h][m] ||
                            (isnan(got) && isnan(want[h][m])));
            }
    }
    /* The fits differ in their value uplift: so does the value they
     * project, while fit 0's estimate sits in its own interval. */
    assert_true(est[(0 * 2 + 1) * METRIC_COUNT + METRIC_VALUE_LEVERAGE] !=
                est[(1 * 2 + 1) * METRIC_COUNT + METRIC_VALUE_LEVERAGE]);
    assert_true(mc[1][METRIC_LEVERAGE].low <= mc[1][METRIC_LEVERAGE].estimate);
    assert_true(mc[1][METRIC_LEVERAGE].estimate <=
                mc[1][METRIC_LEVERAGE].high);
    assert_true(est[(0 * 2 + 1) * METRIC_COUNT + METRIC_LEVERAGE] ==
                mc[1][METRIC_LEVERAGE].estimate);
    ensemble_free(e);
    unlink(out);
    calibration_free(cal);
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_best_first_and_read_back),
        cmocka_unit_test(units_of_mixed_settings),
        cmocka_unit_test(nothing_written_when_no_fit_meets_the_targets),
        cmocka_unit_test(bad_ensembles_are_refused_by_name),
        cmocka_unit_test(each_fit_is_compare_of_that_fit),
    };
    return cmocka_run_group_tests_name("ensemble", tests, test_make_dir,
                                       test_remove_dir);
}
