/*
 * test_rules.c - the ratio rules as calculators (hand-computed cases, edge
 * cases) and as policies inside the organisation model.
 */
#include "test_util.h"

#include <string.h>

#include "models/org.h"
#include "models/rules.h"
#include "sim/core/rng.h"

/* The reference figures. */
static void reference_figures(void **unused)
{
    (void)unused;
    struct tiers_on_top t = rules_tiers_on_top(200000, 0, 1.0 / 3.0);
    assert_close(t.required_eur, 100000, 1e-12);
    assert_close(t.required_total_eur, 300000, 1e-12);
    assert_close(t.gap_eur, 100000, 1e-12);
    assert_close(t.current_share, 0, 0);

    struct four_tiers f = rules_four_tiers(90000, 12000, 1801.84, 1.0 / 3.0);
    assert_close(f.target_eur, 30000, 1e-12);
    assert_close(f.total_target_eur, 120000, 1e-12);
    assert_close(f.gap_eur, 18000, 1e-12);
    assert_close(f.ratio, 12000.0 / 90000.0, 1e-12);
    assert_close(f.gap_volunteer_fte, 18000 / 1801.84, 1e-12);
    assert_close(f.attainment, 0.4, 1e-12);

    struct ten_plus_one o =
        rules_ten_plus_one(50000, 1000000, 0, 0, 0.10, 0.01);
    assert_close(o.pooled_target_eur, 5000, 1e-12);
    assert_close(o.pot_target_eur, 10000, 1e-12);
    assert_close(o.pooled_gap_eur, 5000, 1e-12);
    assert_close(o.attainment, 0, 0);
}

static void hand_computed_high_entropy(void **unused)
{
    (void)unused;
    /* Engineering already above the rule: negative gap, share > 1/3. */
    struct tiers_on_top t = rules_tiers_on_top(2385.5, 1500, 1.0 / 3.0);
    assert_close(t.required_eur, 1192.75, 1e-12);
    assert_close(t.current_share, 1500 / 3885.5, 1e-12);
    assert_close(t.gap_eur, 1192.75 - 1500, 1e-12);
    assert_close(t.attainment, 1.0, 0);
    /* From a total: the rule asks a third of it, whatever the split now;
     * the actions have what engineering leaves. */
    t = rules_tiers_on_top_of_total(300000, 50000, 1.0 / 3.0);
    assert_close(t.action_eur, 250000, 1e-12);
    assert_close(t.required_eur, 100000, 1e-12);
    assert_close(t.required_total_eur, 300000, 1e-12);
    assert_close(t.current_share, 50000.0 / 300000.0, 1e-12);
    assert_close(t.gap_eur, 50000, 1e-12);
    assert_close(t.attainment, 0.5, 1e-12);
    /* At the rule's own split both forms agree. */
    struct tiers_on_top a = rules_tiers_on_top(200000, 100000, 1.0 / 3.0);
    t = rules_tiers_on_top_of_total(300000, 100000, 1.0 / 3.0);
    assert_close(t.required_eur, a.required_eur, 1e-9);
    assert_close(t.gap_eur, 0, 1e-9);
    /* Another share: 25% of the total. */
    t = rules_tiers_on_top(2385.5, 0, 0.25);
    assert_close(t.required_eur, 2385.5 / 3.0, 1e-12);

    struct ten_plus_one o = rules_ten_plus_one(2385.5, 7777, 100, 200, 0.1,
                                               0.01);
    assert_close(o.pooled_gap_eur, 238.55 - 100, 1e-12);
    assert_close(o.pot_gap_eur, 77.77 - 200, 1e-12);
    assert_close(o.attainment, 0.5 * (100 / 238.55 + 1.0), 1e-12);
}

static void zero_and_huge(void **unused)
{
    (void)unused;
    struct four_tiers f = rules_four_tiers(0, 0, 0, 1.0 / 3.0);
    assert_close(f.ratio, 0, 0);
    assert_close(f.target_eur, 0, 0);
    assert_close(f.gap_volunteer_fte, 0, 0);
    assert_close(f.attainment, 1, 0); /* nothing asked, nothing missing */
    struct tiers_on_top t = rules_tiers_on_top(0, 0, 1.0 / 3.0);
    assert_close(t.current_share, 0, 0);
    assert_close(t.required_eur, 0, 0);
    t = rules_tiers_on_top(1e15, 0, 1.0 / 3.0);
    assert_close(t.required_eur, 5e14, 1e-12);
    assert_true(isfinite(t.required_total_eur));
}

/* ---- the rules as policies ---------------------------------------------- */

static gsl_rng *stream(uint32_t r)
{
    gsl_rng *rng = sim_rng_new(11);
    sim_rng_stream(rng, 11, 0, r, RNG_PURPOSE_MODEL);
    return rng;
}

/* Runs `months` months of p on replicate r, calling check after each. */
static void run(const struct org_params *p, long months, uint32_t r,
                void (*check)(const double *out, const double *prev, long t))
{
    struct org_state s;
    double out[OV_COUNT], prev[OV_COUNT];
    gsl_rng *rng = stream(r);
    org_model.init(p, &s, prev);
    for (long t = 1; t <= months; t++) {
        org_model.step(p, &s, t, rng, out);
        check(out, prev, t);
        memcpy(prev, out, sizeof out);
    }
    gsl_rng_free(rng);
}

static int solvent_months;

static void check_tiers_on_top(const double *out, const double *prev, long t)
{
    (void)t;
    if (prev[OV_CASH] <= 0.0 || out[OV_ALIVE] == 0.0)
        return;
    solvent_months++;
    double spending =
        out[OV_COST_TOTAL] - out[OV_COST_INTEREST] - out[OV_COST_COLLECTIVE_POT];
    assert_close(out[OV_COST_ENGINEERING] / spending, 1.0 / 3.0, 1e-12);
    assert_close(out[OV_TIERS_ON_TOP_SHARE], 1.0 / 3.0, 1e-12);
    assert_close(out[OV_TIERS_ON_TOP_GAP], 0.0, 1e-9);
}

static void tiers_on_top_policy(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.rules.tiers_on_top_policy = 1;
    solvent_months = 0;
    for (uint32_t r = 0; r < 10; r++)
        run(&p, 120, r, check_tiers_on_top);
    assert_true(solvent_months > 600);
}

static void check_off(const double *out, const double *prev, long t)
{
    (void)prev;
    (void)t;
    assert_close(out[OV_POOLED_MEANS], 0.0, 0);
    assert_close(out[OV_COST_COLLECTIVE_POT], 0.0, 0);
    assert_close(out[OV_COLLECTIVE_POT], 0.0, 0);
    /* Policy off: engineering is the budget, and the share is measured. */
    if (out[OV_COST_ENGINEERING] > 0.0)
        assert_close(out[OV_COST_ENGINEERING], 1500.0, 0);
}

static void policies_off_by_default(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    run(&p, 120, 0, check_off);
}

static double pot_paid;

static void check_ten_plus_one(const double *out, const double *prev, long t)
{
    (void)t;
    if (out[OV_ALIVE] == 0.0)
        return;
    assert_close(out[OV_POOLED_SHARE], 0.10, 1e-12);
    double means = out[OV_COST_ACTIVITY] + out[OV_COST_OVERHEAD] +
                   out[OV_POOLING_SAVING];
    assert_close(out[OV_POOLED_MEANS], 0.10 * means, 1e-9);
    /* Pooling saves half the pooled part at pooled-means strength 1. */
    assert_close(out[OV_POOLING_SAVING],
                 0.10 * 0.5 * prev[OV_ALLIANCE_POOLED_MEANS] * means, 1e-9);
    if (prev[OV_CASH] > 0.0)
        assert_close(out[OV_POT_SHARE], 0.01, 1e-12);
    pot_paid += out[OV_COST_COLLECTIVE_POT];
    assert_close(out[OV_COLLECTIVE_POT], pot_paid, 1e-9);
    assert_close(out[OV_COLLECTIVE_POT] - prev[OV_COLLECTIVE_POT],
                 out[OV_COST_COLLECTIVE_POT], 1e-9);
}

static void ten_plus_one_policy(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.rules.ten_plus_one_policy = 1;
    pot_paid = 0.0;
    run(&p, 120, 3, check_ten_plus_one);
    assert_true(pot_paid > 0.0);
}

static double last_ratio;

static void record_ratio(const double *out, const double *prev, long t)
{
    (void)prev;
    (void)t;
    last_ratio = out[OV_FOUR_TIERS_RATIO];
}

/* With few volunteers, valued engagement is well below one third of the
 * payroll; the policy recruits volunteers until it reaches it. */
static void four_tiers_policy(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.funding[FUND_EARNED_INCOME].level_volatility = 0.0; /* stay alive */
    p.hr[HR_VOLUNTEERS].fte = 0.5;
    p.hr[HR_VOLUNTEERS].recruitment_fte_per_month = 0.01;
    run(&p, 60, 5, record_ratio);
    double without = last_ratio;
    assert_true(without < 0.3);
    p.rules.four_tiers_policy = 1;
    run(&p, 60, 5, record_ratio);
    assert_true(last_ratio > 0.3);
    assert_true(last_ratio < 0.36); /* toward the target, not far beyond */
    /* With no capacity to recruit, the policy does nothing. */
    p.rules.four_tiers_capacity_fte = 0.0;
    run(&p, 60, 5, record_ratio);
    assert_close(last_ratio, without, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_figures),
        cmocka_unit_test(hand_computed_high_entropy),
        cmocka_unit_test(zero_and_huge),
        cmocka_unit_test(tiers_on_top_policy),
        cmocka_unit_test(policies_off_by_default),
        cmocka_unit_test(ten_plus_one_policy),
        cmocka_unit_test(four_tiers_policy),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
