/*
 * test_calibrate.c - the calibrated scenario's file: written through a
 * temporary that never follows a link planted at its name, and loadable.
 */
#include "test_util.h"
#include "test_random.h"

#include <limits.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(planted_link_is_not_followed),
    };
    return cmocka_run_group_tests_name("calibrate", tests, test_make_dir,
                                       test_remove_dir);
}
