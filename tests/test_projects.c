/*
 * test_projects.c - per-project summaries of a portfolio: they add up to
 * the portfolio's own totals from the engine's run (the same draws), they
 * do not depend on the number of threads, the control arm receives no
 * grant, and one organisation is refused.
 */
#include "test_util.h"

#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "sim/analysis/compare.h"
#include "sim/analysis/projects.h"
#include "sim/core/alloc.h"

static struct scenario *load(const char *text)
{
    char err[SIM_ERR_LEN];
    struct scenario *sc = NULL;
    if (scenario_load(test_write_file("pf.cfg", text), &sc, err) != SIM_OK)
        fail_msg("%s", err);
    return sc;
}

static const char *const portfolio =
    "simulation: { months = 30; replicates = 7; seed = 2385; };\n"
    "portfolio: { projects = 4; list = ( { innovation = { enabled = true; "
    "start_step = 2; }; } ); };\n"
    "fund: { budget_eur = 90000.0; end_month = 18; };\n";

static void config_of(const struct scenario *sc, struct engine_config *c)
{
    memset(c, 0, sizeof *c);
    c->months = sc->settings.months;
    c->replicates = sc->settings.replicates;
    c->seed = (uint64_t)sc->settings.seed;
    c->n_horizons = 1;
    c->horizons[0] = c->months;
}

/* The engine's totals of variable `name` over months and replicates, per
 * replicate on average; and the mean of its last month. */
static void engine_totals(const struct scenario *sc, const void *params,
                          const struct engine_config *c, const char *name,
                          double *sum, double *last)
{
    char err[SIM_ERR_LEN];
    const struct model_type *m = scenario_model(sc);
    struct engine *e = engine_new(m, params, c, err);
    assert_non_null(e);
    long var = model_var_index(m, name);
    assert_true(var >= 0);
    *sum = *last = 0.0;
    for (;;) {
        struct engine_block b;
        assert_int_equal(engine_next_block(e, &b), SIM_OK);
        if (b.count == 0)
            break;
        for (long r = 0; r < b.count; r++) {
            const double *x = b.values + ((size_t)var * (size_t)b.stride +
                                          (size_t)r) * (size_t)b.months;
            for (long t = 0; t < b.months; t++)
                *sum += x[t];
            *last += x[b.months - 1];
        }
    }
    *sum /= (double)c->replicates;
    *last /= (double)c->replicates;
    engine_free(e);
}

static void projects_add_up_to_the_portfolio(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct scenario *sc = load(portfolio);
    struct engine_config c;
    config_of(sc, &c);
    double s[4 * PROJECT_FIELD_COUNT];
    if (projects_summarise(sc, scenario_params(sc), &c, s, err) != SIM_OK)
        fail_msg("%s", err);
    static const struct {
        const char *var;
        int field;
    } sums[] = {{"value_produced_eur", PROJECT_VALUE},
                {"funding_total_eur", PROJECT_FUNDING},
                {"funding_fund_eur", PROJECT_FUND},
                {"prime_alliance_eur", PROJECT_PRIME}};
    for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) {
        double want, last, got = 0.0;
        engine_totals(sc, scenario_params(sc), &c, sums[k].var, &want, &last);
        for (int p = 0; p < 4; p++)
            got += s[p * PROJECT_FIELD_COUNT + sums[k].field];
        assert_true(want > 0.0);
        assert_close(got, want, 1e-11 * want);
    }
    /* The portfolio's alive is the share of its projects open. */
    double months, alive, share = 0.0;
    engine_totals(sc, scenario_params(sc), &c, "alive", &months, &alive);
    for (int p = 0; p < 4; p++) {
        share += s[p * PROJECT_FIELD_COUNT + PROJECT_SURVIVAL] / 4.0;
        assert_true(s[p * PROJECT_FIELD_COUNT + PROJECT_MONTHS_OPEN] <= 30.0);
    }
    assert_close(share, alive, 1e-12);
    assert_close(s[0 * PROJECT_FIELD_COUNT + PROJECT_MONTHS_OPEN] +
                     s[1 * PROJECT_FIELD_COUNT + PROJECT_MONTHS_OPEN] +
                     s[2 * PROJECT_FIELD_COUNT + PROJECT_MONTHS_OPEN] +
                     s[3 * PROJECT_FIELD_COUNT + PROJECT_MONTHS_OPEN],
                 4.0 * months, 1e-9);
    scenario_free(sc);
}

static void control_arm_gets_no_grant_and_threads_do_not_matter(void **u)
{
    (void)u;
    char err[SIM_ERR_LEN];
    struct scenario *sc = load(portfolio);
    struct engine_config c;
    config_of(sc, &c);
    void *control = compare_control_params(sc, err);
    assert_non_null(control);
    double s[2][4 * PROJECT_FIELD_COUNT], t[4 * PROJECT_FIELD_COUNT];
    for (int run = 0; run < 2; run++) {
        omp_set_num_threads(run + 1);
        if (projects_summarise(sc, control, &c, s[run], err) != SIM_OK)
            fail_msg("%s", err);
    }
    assert_memory_equal(s[0], s[1], sizeof s[0]);
    if (projects_summarise(sc, scenario_params(sc), &c, t, err) != SIM_OK)
        fail_msg("%s", err);
    for (int p = 0; p < 4; p++) {
        assert_true(s[0][p * PROJECT_FIELD_COUNT + PROJECT_FUND] == 0.0);
        assert_true(t[p * PROJECT_FIELD_COUNT + PROJECT_FUND] > 0.0);
        /* The grants buy alliances, which raise the value produced. */
        assert_true(t[p * PROJECT_FIELD_COUNT + PROJECT_VALUE] >
                    s[0][p * PROJECT_FIELD_COUNT + PROJECT_VALUE]);
    }
    sim_free(control);
    scenario_free(sc);
}

static void one_organisation_is_refused(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    struct scenario *sc = load("simulation: { months = 12; };\n");
    struct engine_config c;
    config_of(sc, &c);
    double s[PROJECT_FIELD_COUNT];
    assert_int_equal(projects_summarise(sc, scenario_params(sc), &c, s, err),
                     SIM_ERR_INVALID);
    assert_non_null(strstr(err, "need a portfolio"));
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(projects_add_up_to_the_portfolio),
        cmocka_unit_test(control_arm_gets_no_grant_and_threads_do_not_matter),
        cmocka_unit_test(one_organisation_is_refused),
    };
    return cmocka_run_group_tests_name("projects", tests, test_make_dir,
                                       test_remove_dir);
}
