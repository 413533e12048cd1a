/*
 * test_innovation.c - the innovation process: steps and phases over the
 * cycle, phase funding, risk-zone hazards, and what alliances change.
 */
#include "test_util.h"

#include <string.h>

#include "models/org.h"
#include "sim/core/rng.h"

static void innovating_params(struct org_params *p)
{
    model_set_defaults(&org_model, p);
    p->innovation.enabled = 1;
    p->funding[FUND_SOCIAL_INVESTMENT].monthly_eur = 0.0;
    p->initial_cash_eur = 1e7; /* no cash failure in these tests */
    p->staffing_adjust_per_month = 0.0;
    for (int f = 0; f < FUND_COUNT; f++)
        p->funding[f].level_volatility = 0.0;
}

static gsl_rng *stream(uint32_t r)
{
    gsl_rng *rng = sim_rng_new(42);
    sim_rng_stream(rng, 42, 0, r, RNG_PURPOSE_MODEL);
    return rng;
}

static void off_by_default(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(0);
    for (long t = 1; t <= 50; t++) {
        org_model.step(&p, &s, t, rng, out);
        assert_close(out[OV_INNOVATION_STEP], 0, 0);
        assert_close(out[OV_INNOVATION_PHASE], 0, 0);
        assert_close(out[OV_CLOSED_IN_RISK_ZONE], 0, 0);
    }
    gsl_rng_free(rng);
}

/* Without hazards and with funding always secured at once, the steps follow
 * each other every cycle / 5 months (plus one month to secure each new
 * phase), and the phase funding flows in as social investment. */
static void steps_follow_the_cycle(void **unused)
{
    (void)unused;
    struct org_params p;
    innovating_params(&p);
    for (int ph = 0; ph < PHASE_COUNT; ph++)
        p.innovation.hazard[ph] = 0.0;
    p.innovation.funding_access = 1.0;
    p.innovation.cycle_months = 50; /* steps of 10 months */
    p.inflation_per_year = 0.0;
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(1);
    long last = 1, changes = 0;
    for (long t = 1; t <= 120; t++) {
        org_model.step(&p, &s, t, rng, out);
        long step = (long)out[OV_INNOVATION_STEP];
        assert_true(step >= 1 && step <= 5);
        if (step != last) {
            assert_int_equal(step, last == 5 ? 1 : last + 1);
            changes++;
            last = step;
        }
        long phase = (long)out[OV_INNOVATION_PHASE];
        assert_int_equal(phase, step <= 2 ? 1 : step == 3 ? 2 : 3);
    }
    /* 120 months: 10-month steps plus a month to secure each new phase. */
    assert_true(changes >= 9 && changes <= 11);
    gsl_rng_free(rng);
}

static void phase_funding_flows(void **unused)
{
    (void)unused;
    struct org_params p;
    innovating_params(&p);
    for (int ph = 0; ph < PHASE_COUNT; ph++)
        p.innovation.hazard[ph] = 0.0;
    p.inflation_per_year = 0.0;
    p.innovation.start_step = 3; /* qualification, funded at start */
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(2);
    org_model.step(&p, &s, 1, rng, out);
    assert_close(out[OV_FUNDING_SOCIAL_INVESTMENT],
                 p.innovation.phase_funding_eur[PHASE_QUALIFICATION], 1e-12);
    /* Never secured again: after qualification the flow stops and the step
     * waits at 4. */
    p.innovation.funding_access = 0.0;
    for (long t = 2; t <= 100; t++)
        org_model.step(&p, &s, t, rng, out);
    assert_close(out[OV_INNOVATION_STEP], 4, 0);
    assert_close(out[OV_FUNDING_SOCIAL_INVESTMENT], 0.0, 0);
    gsl_rng_free(rng);
}

static void certain_hazard_closes_at_once(void **unused)
{
    (void)unused;
    struct org_params p;
    innovating_params(&p);
    p.innovation.hazard[PHASE_RD] = 1.0;
    p.innovation.hazard_alliance_cut = 0.0;
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(3);
    org_model.step(&p, &s, 1, rng, out);
    assert_close(out[OV_ALIVE], 0, 0);
    assert_close(out[OV_CLOSED_IN_RISK_ZONE], 1, 0);
    assert_int_equal(s.cores.org.failure_month, 1);
    assert_close(out[OV_WORKFORCE_FTE], 0, 0);
    gsl_rng_free(rng);
}

/* Alliances cut the risk-zone hazard: on the same draws, the organisation
 * with its alliances closes less often than its counterfactual without. */
static void alliances_cut_the_hazard(void **unused)
{
    (void)unused;
    struct org_params p;
    innovating_params(&p);
    for (int k = 0; k < ALLY_COUNT; k++) {
        p.alliance[k].strength = 0.8; /* held there */
        p.alliance[k].decay_per_month = 0.0;
        p.alliance[k].growth_per_month = 0.0;
        p.alliance[k].break_probability = 0.0;
    }
    p.innovation.hazard[PHASE_RD] = 0.03;
    p.innovation.hazard_alliance_cut = 0.9;
    int closed = 0, closed_without = 0;
    for (uint32_t r = 0; r < 200; r++) {
        struct org_state s;
        double out[OV_COUNT];
        org_model.init(&p, &s, out);
        gsl_rng *rng = stream(100 + r);
        for (long t = 1; t <= 24; t++)
            org_model.step(&p, &s, t, rng, out);
        closed += !s.cores.org.alive;
        closed_without += !s.cores.without_alliances.alive;
        /* Same draws: whenever the organisation closed, so did the
         * counterfactual, whose hazard is higher. */
        if (!s.cores.org.alive && s.cores.org.closed_by_hazard)
            assert_false(s.cores.without_alliances.alive);
        gsl_rng_free(rng);
    }
    /* Hazards 0.03 x (1 - 0.9 x 0.8) against 0.03 over 24 months: about
     * 18% against 52% of closures. */
    assert_true(closed > 15 && closed < 60);
    assert_true(closed_without > 2 * closed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(off_by_default),
        cmocka_unit_test(steps_follow_the_cycle),
        cmocka_unit_test(phase_funding_flows),
        cmocka_unit_test(certain_hazard_closes_at_once),
        cmocka_unit_test(alliances_cut_the_hazard),
    };
    return cmocka_run_group_tests_name("innovation", tests, NULL, NULL);
}
