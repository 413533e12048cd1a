/*
 * test_compare.c - treatment against control: the metrics by hand, and
 * identical arms giving neutral figures.
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "models/org.h"
#include "sim/analysis/compare.h"
#include "sim/core/alloc.h"
#include "sim/core/engine.h"

/* An arm of 4 replicates and one horizon with totals set by hand. */
static struct compare_arm *hand_arm(const double totals[TOTAL_COUNT][4],
                                    int is_fund)
{
    struct compare_arm *a = calloc(1, sizeof *a);
    a->replicates = 4;
    a->n_horizons = 1;
    a->horizons[0] = 36;
    a->investment_is_fund = is_fund;
    a->totals = calloc(TOTAL_COUNT * 4, sizeof *a->totals);
    for (int t = 0; t < TOTAL_COUNT; t++)
        memcpy(a->totals + t * 4, totals[t], 4 * sizeof(double));
    return a;
}

static void free_arm(struct compare_arm *a)
{
    free(a->totals);
    free(a);
}

static void metrics_by_hand(void **unused)
{
    (void)unused;
    /* cost, value, funding (fund included), fund, engagement, prime, alive */
    const double treatment[TOTAL_COUNT][4] = {
        {100, 100, 100, 100}, /* cost 400 */
        {200, 200, 200, 200}, /* value 800: 0.5 EUR of cost per value */
        {150, 150, 150, 150}, /* funding 600 of which fund 40 */
        {10, 10, 10, 10},
        {30, 30, 30, 30}, /* engagement 120 */
        {50, 50, 50, 50}, /* prime 200 */
        {1, 1, 1, 0},     /* 1 of 4 closed */
    };
    const double control[TOTAL_COUNT][4] = {
        {100, 100, 100, 100}, /* cost 400 */
        {100, 100, 100, 100}, /* value 400: 1 EUR of cost per value */
        {120, 120, 120, 120}, /* funding 480 */
        {0, 0, 0, 0},
        {20, 20, 20, 20}, /* engagement 80 */
        {10, 10, 10, 10},
        {1, 0, 1, 0}, /* 2 of 4 closed */
    };
    struct compare_arm *t = hand_arm(treatment, 1);
    struct compare_arm *c = hand_arm(control, 1);
    struct compare_value m[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    char err[SIM_ERR_LEN];
    assert_int_equal(compare_metrics(t, c, 50, 0.9, 1, m, err), SIM_OK);
    assert_close(m[0][METRIC_FRUGALITY].estimate, 1.0 / 0.5, 1e-12);
    assert_close(m[0][METRIC_DURABILITY].estimate, 0.5 / 0.25, 1e-12);
    /* extra resources: (600 - 40) - 480 = 80, extra engagement 40: 120 per
     * 40 invested. */
    assert_close(m[0][METRIC_LEVERAGE].estimate, 120.0 / 40.0, 1e-12);
    assert_close(m[0][METRIC_VALUE_LEVERAGE].estimate, 400.0 / 40.0, 1e-12);
    assert_close(m[0][METRIC_PRIME_EUR].estimate, 50.0, 1e-12);
    assert_close(m[0][METRIC_PRIME_SHARE].estimate, 0.25, 1e-12);
    assert_close(m[0][METRIC_INVESTED_EUR].estimate, 10.0, 1e-12);
    assert_close(m[0][METRIC_SURVIVAL_TREATMENT].estimate, 0.75, 1e-12);
    assert_close(m[0][METRIC_SURVIVAL_CONTROL].estimate, 0.5, 1e-12);
    /* Constant columns: the bootstrap interval is the estimate. */
    assert_close(m[0][METRIC_FRUGALITY].low, 2.0, 1e-12);
    assert_close(m[0][METRIC_FRUGALITY].high, 2.0, 1e-12);
    /* Varying survival: a real interval around the estimate. */
    assert_true(m[0][METRIC_SURVIVAL_TREATMENT].low <= 0.75);
    assert_true(m[0][METRIC_SURVIVAL_TREATMENT].high >= 0.75);
    assert_true(m[0][METRIC_SURVIVAL_TREATMENT].low <
                m[0][METRIC_SURVIVAL_TREATMENT].high);
    free_arm(t);
    free_arm(c);
}

static void identical_arms_are_neutral(void **unused)
{
    (void)unused;
    const double arm[TOTAL_COUNT][4] = {
        {100, 120, 90, 110}, {150, 160, 140, 170}, {100, 100, 100, 100},
        {0, 0, 0, 0},        {20, 25, 30, 35},     {10, 12, 14, 16},
        {1, 1, 0, 1},
    };
    struct compare_arm *t = hand_arm(arm, 1);
    struct compare_arm *c = hand_arm(arm, 1);
    struct compare_value m[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    char err[SIM_ERR_LEN];
    assert_int_equal(compare_metrics(t, c, 100, 0.9, 3, m, err), SIM_OK);
    assert_close(m[0][METRIC_FRUGALITY].estimate, 1.0, 0);
    assert_close(m[0][METRIC_DURABILITY].estimate, 1.0, 0);
    assert_close(m[0][METRIC_LEVERAGE].estimate, 0.0, 0);
    assert_close(m[0][METRIC_INVESTED_EUR].estimate, 0.0, 0);
    assert_close(m[0][METRIC_PRIME_EUR].estimate, 13.0, 1e-12);
    free_arm(t);
    free_arm(c);
}

/* Runs org params p over every block; the caller frees the engine. */
static struct engine *ran(const struct org_params *p, long months,
                          long horizon)
{
    struct engine_config c = {.months = months,
                              .replicates = 40,
                              .seed = 2385,
                              .block_size = 16,
                              .n_horizons = 1,
                              .horizons = {horizon}};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, p, &c, err);
    assert_non_null(e);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        ;
    return e;
}

static const struct compare_difference *
diff_of(const struct compare_difference *d, const char *name)
{
    long v = model_var_index(&org_model, name);
    assert_true(v >= 0);
    return &d[v];
}

/* Arm B pays 1000.5 EUR more overhead a month.  In month 1 the overhead
 * paid rises by 1000.5 x (1 - pooled saving x pooled strength) in every
 * replicate, so the difference and its whole interval are that number;
 * funding, drawn before any cost, differs by exactly 0: the two arms see
 * the same draws. */
static void differences_by_hand(void **unused)
{
    (void)unused;
    struct org_params a, b;
    model_set_defaults(&org_model, &a);
    b = a;
    b.overhead_eur += 1000.5;
    struct engine *ea = ran(&a, 1, 1), *eb = ran(&b, 1, 1);
    struct compare_difference d[OV_COUNT];
    char err[SIM_ERR_LEN];
    assert_int_equal(compare_differences(ea, eb, 200, 0.9, 7, d, err),
                     SIM_OK);
    double expected = 1000.5 * (1.0 - a.pooled_saving_max *
                                          a.alliance[ALLY_POOLED_MEANS].strength);
    const struct compare_difference *o = diff_of(d, "cost_overhead_eur");
    assert_true(close_to(o->estimate, expected, 1e-12));
    assert_true(close_to(o->low, expected, 1e-12));
    assert_true(close_to(o->high, expected, 1e-12));
    assert_true(close_to(o->mean_b - o->mean_a, expected, 1e-12));
    const struct compare_difference *f = diff_of(d, "funding_total_eur");
    assert_true(f->estimate == 0.0 && f->low == 0.0 && f->high == 0.0);
    assert_true(f->mean_a > 0.0);
    engine_free(ea);
    engine_free(eb);
}

/* The same arms differ by nothing, at a long horizon too; different
 * replicates or horizons are refused. */
static void identical_choices_differ_by_nothing(void **unused)
{
    (void)unused;
    struct org_params a;
    model_set_defaults(&org_model, &a);
    struct engine *e1 = ran(&a, 120, 120), *e2 = ran(&a, 120, 120);
    struct compare_difference d[OV_COUNT];
    char err[SIM_ERR_LEN];
    assert_int_equal(compare_differences(e1, e2, 50, 0.9, 7, d, err), SIM_OK);
    for (int v = 0; v < OV_COUNT; v++)
        assert_true(d[v].estimate == 0.0 && d[v].low == 0.0 &&
                    d[v].high == 0.0);
    struct engine_config c = *engine_config(e1);
    c.replicates = 10;
    struct engine *e3 = engine_new(&org_model, &a, &c, err);
    assert_non_null(e3);
    assert_int_equal(compare_differences(e1, e3, 50, 0.9, 7, d, err),
                     SIM_ERR_INVALID);
    assert_non_null(strstr(err, "differ in replicates"));
    engine_free(e3);
    engine_free(e1);
    engine_free(e2);
}

/* The control arm keeps the scenario's events, but not those that would
 * budget engineering again. */
static void control_keeps_its_events_but_engineering(void **unused)
{
    (void)unused;
    struct scenario *sc = scenario_new_default("control.cfg");
    assert_non_null(sc);
    const char *paths[3] = {"engineering.budget_eur",
                            "funding.subsidy.monthly_eur",
                            "rules.tiers_on_top.policy"};
    char msg[256];
    for (int i = 0; i < 3; i++) {
        struct org_event *ev = &sc->org.events.list[i];
        ev->month = 10 + i;
        ev->value = i == 0 ? 3000.0 : i == 1 ? 0.0 : 1.0;
        assert_int_equal(
            org_event_resolve(param_table_find(org_model.params,
                                               org_model.n_params, paths[i]),
                              ORG_EVENT_SET, ev, msg, sizeof msg),
            0);
    }
    sc->org.events.count = 3;
    char err[SIM_ERR_LEN];
    struct org_params *control = compare_control_params(sc, err);
    assert_non_null(control);
    assert_int_equal(control->events.count, 1);
    assert_int_equal(control->events.list[0].month, 11);
    assert_int_equal(sc->org.events.count, 3);
    sim_free(control);
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metrics_by_hand),
        cmocka_unit_test(identical_arms_are_neutral),
        cmocka_unit_test(differences_by_hand),
        cmocka_unit_test(identical_choices_differ_by_nothing),
        cmocka_unit_test(control_keeps_its_events_but_engineering),
    };
    return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
