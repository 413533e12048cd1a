/*
 * test_org.c - the organisation model: hand-computed months, conservation,
 * failure, grant terms, alliance dynamics, common random numbers.
 */
#include "test_util.h"

#include <math.h>

#include <string.h>

#include "models/org.h"
#include "sim/core/rng.h"

/* Defaults with every random shock and every alliance side effect off, so
 * that a month can be computed by hand. */
static void quiet_params(struct org_params *p)
{
    model_set_defaults(&org_model, p);
    for (int f = 0; f < FUND_COUNT; f++) {
        p->funding[f].volatility = 0.0;
        p->funding[f].level_volatility = 0.0;
        p->funding[f].growth_per_year = 0.0;
    }
    for (int k = 0; k < ALLY_COUNT; k++)
        p->alliance[k].break_probability = 0.0;
    p->inflation_per_year = 0.0;
    /* Keep the workforce where it starts: no gap closing, no turnover. */
    p->staffing_adjust_per_month = 0.0;
    for (int c = 0; c < HR_COUNT; c++) {
        p->hr[c].attrition_per_month = 0.0;
        p->hr[c].recruitment_fte_per_month = 0.0;
    }
}

static gsl_rng *stream(uint32_t replicate)
{
    gsl_rng *rng = sim_rng_new(2385);
    assert_non_null(rng);
    sim_rng_stream(rng, 2385, 0, replicate, RNG_PURPOSE_MODEL);
    return rng;
}

/* Means of action next to nothing against salaries: H/M overflows a double,
 * the value produced must stay finite (and tiny), not inf or NaN. */
static void value_finite_at_extreme_means(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.overhead_eur = 1e-305;
    p.activity_eur_per_fte = 0.0;
    p.engineering_eur = 0.0;
    struct org_state s;
    double initial[OV_COUNT], out[OV_COUNT];
    org_model.init(&p, &s, initial);
    gsl_rng *rng = stream(0);
    org_model.step(&p, &s, 1, rng, out);
    gsl_rng_free(rng);
    assert_true(isfinite(out[OV_VALUE_PRODUCED]));
    assert_true(out[OV_VALUE_PRODUCED] >= 0.0);
    /* H^a M^(1-a) with M = 1e-305: far below a cent. */
    if (!(out[OV_VALUE_PRODUCED] < 1e-50))
        fail_msg("value %g", out[OV_VALUE_PRODUCED]);
    assert_true(isfinite(out[OV_PRIME_ALLIANCE_SHARE]));
}

static void first_month_by_hand(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    memset(p.hr, 0, sizeof p.hr);
    p.hr[HR_EMPLOYEES].fte = 2.385;
    p.hr[HR_EMPLOYEES].cost_eur = 3100.0;
    p.hr[HR_VOLUNTEERS].fte = 1.25;
    p.hr[HR_VOLUNTEERS].shadow_price_eur = 1801.84;
    for (int f = 0; f < FUND_COUNT; f++)
        p.funding[f].monthly_eur = 0.0;
    p.funding[FUND_SUBSIDY].monthly_eur = 7000.0;
    p.funding[FUND_SUBSIDY].alliance_uplift = 0.2;
    p.funding[FUND_EARNED_INCOME].monthly_eur = 5000.0;
    p.funding[FUND_EARNED_INCOME].alliance_uplift = 0.3;
    p.alliance[ALLY_POSITIONING].strength = 0.4;
    p.alliance[ALLY_PRODUCTION].strength = 0.1;
    p.alliance[ALLY_POOLED_MEANS].strength = 0.5;
    p.engineering_eur = 1200.0;
    p.overhead_eur = 2000.0;
    p.pooled_saving_max = 0.3;
    p.activity_eur_per_fte = 400.0;
    p.initial_cash_eur = 10000.0;
    p.productivity = 1.3;
    p.human_share = 0.5;

    struct org_state s;
    double initial[OV_COUNT], out[OV_COUNT];
    org_model.init(&p, &s, initial);
    assert_close(initial[OV_CASH], 10000.0, 1e-15);
    assert_close(initial[OV_WORKFORCE_FTE], 3.635, 1e-15);

    gsl_rng *rng = stream(0);
    org_model.step(&p, &s, 1, rng, out);
    gsl_rng_free(rng);

    double subsidy = 7000.0 * (1 + 0.2 * 0.4);
    double earned = 5000.0 * (1 + 0.3 * 0.1);
    assert_close(out[OV_FUNDING_SUBSIDY], subsidy, 1e-12);
    assert_close(out[OV_FUNDING_EARNED_INCOME], earned, 1e-12);
    assert_close(out[OV_FUNDING_TOTAL], subsidy + earned, 1e-12);

    double salaries = 2.385 * 3100.0;
    double activity = 400.0 * 3.635;
    double overhead = 2000.0 * (1 - 0.3 * 0.5);
    double costs = salaries + activity + overhead + 1200.0;
    assert_close(out[OV_COST_SALARIES], salaries, 1e-12);
    assert_close(out[OV_COST_ACTIVITY], activity, 1e-12);
    assert_close(out[OV_COST_OVERHEAD], overhead, 1e-12);
    assert_close(out[OV_COST_ENGINEERING], 1200.0, 1e-12);
    assert_close(out[OV_COST_INTEREST], 0.0, 1e-12);
    assert_close(out[OV_COST_TOTAL], costs, 1e-12);
    assert_close(out[OV_CASH], 10000.0 + subsidy + earned - costs, 1e-12);

    double engagement = 1.25 * 1801.84;
    assert_close(out[OV_VALUED_ENGAGEMENT], engagement, 1e-12);
    double gain = 1 + p.alliance[0].value_uplift * 0.4 +
                  p.alliance[1].value_uplift * 0.1 +
                  p.alliance[2].value_uplift * 0.5;
    /* Value uses the means worked with, before the pooled-means saving. */
    double value =
        1.3 * sqrt(salaries + engagement) * sqrt(activity + 2000.0) * gain;
    assert_close(out[OV_VALUE_PRODUCED], value, 1e-12);

    /* Positioning alliance: 40% of the 1200 EUR budget is 480 EUR. */
    const struct alliance_params *ap = &p.alliance[ALLY_POSITIONING];
    double drive = 480.0 / (480.0 + ap->half_saturation_eur);
    double a =
        0.4 + ap->growth_per_month * drive * 0.6 - ap->decay_per_month * 0.4;
    assert_close(out[OV_ALLIANCE_POSITIONING], a, 1e-12);
    assert_close(out[OV_ALIVE], 1.0, 0);
}

/* Money in = money out + change in cash, every month of a noisy run, with
 * overdrafts, interest and closures included. */
static void cash_is_conserved(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.funding[FUND_EARNED_INCOME].level_volatility = 0.08; /* force distress */
    struct org_state s;
    double prev[OV_COUNT], out[OV_COUNT];
    int closures = 0;
    for (uint32_t r = 0; r < 40; r++) {
        gsl_rng *rng = stream(r);
        org_model.init(&p, &s, prev);
        for (long t = 1; t <= 336; t++) {
            org_model.step(&p, &s, t, rng, out);
            double change = out[OV_CASH] - prev[OV_CASH];
            assert_close(change, out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL],
                         1e-9);
            double funding = 0, costs = 0, fte = 0;
            for (int f = 0; f < FUND_COUNT; f++)
                funding += out[OV_FUNDING_SUBSIDY + f];
            for (int v = OV_COST_SALARIES; v < OV_COST_TOTAL; v++)
                costs += out[v];
            for (int c = 0; c < HR_COUNT; c++)
                fte += out[OV_EMPLOYEES_FTE + c];
            assert_close(funding, out[OV_FUNDING_TOTAL], 1e-12);
            assert_close(costs, out[OV_COST_TOTAL], 1e-12);
            assert_close(fte, out[OV_WORKFORCE_FTE], 1e-12);
            for (int k = 0; k < ALLY_COUNT; k++) {
                assert_true(out[OV_ALLIANCE_POSITIONING + k] >= 0.0);
                assert_true(out[OV_ALLIANCE_POSITIONING + k] <= 1.0);
            }
            memcpy(prev, out, sizeof out);
        }
        closures += s.cores.org.alive == 0;
        gsl_rng_free(rng);
    }
    /* The stress must have closed some organisations, or the overdraft and
     * closure paths were not exercised. */
    assert_true(closures > 0);
}

/* Beyond the limit from month 1: more than 45 days at the end of month 2
 * (60.9 days), a procedure opens; its one month of observation ends in month
 * 3 with cash still beyond the limit: closed then. */
static void closes_after_cessation_and_observation(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    for (int f = 0; f < FUND_COUNT; f++)
        p.funding[f].monthly_eur = 0.0;
    p.initial_cash_eur = 0.0;
    p.overdraft_limit_eur = 0.0;
    p.cessation_days = 45.0;
    p.observation_months = 1;
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(1);
    for (long t = 1; t <= 2; t++) {
        org_model.step(&p, &s, t, rng, out);
        assert_true(out[OV_CASH] < 0.0);
        assert_close(out[OV_ALIVE], 1.0, 0);
    }
    org_model.step(&p, &s, 3, rng, out);
    assert_close(out[OV_ALIVE], 0.0, 0);
    assert_int_equal(s.cores.org.failure_month, 3);
    assert_close(out[OV_WORKFORCE_FTE], 0.0, 0);
    double frozen = out[OV_CASH];
    org_model.step(&p, &s, 4, rng, out);
    assert_close(out[OV_CASH], frozen, 0);
    assert_close(out[OV_FUNDING_TOTAL], 0.0, 0);
    assert_close(out[OV_COST_TOTAL], 0.0, 0);
    assert_close(out[OV_VALUE_PRODUCED], 0.0, 0);
    gsl_rng_free(rng);
}

static void grant_ends_with_its_term(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    for (int f = 0; f < FUND_COUNT; f++)
        p.funding[f].monthly_eur = 0.0;
    p.funding[FUND_SUBSIDY].monthly_eur = 9000.0;
    p.funding[FUND_SUBSIDY].duration_months = 24;
    p.funding[FUND_SUBSIDY].renewal_probability = 0.0;
    p.funding[FUND_SUBSIDY].regain_probability = 0.0;
    p.funding[FUND_SUBSIDY].alliance_uplift = 0.0;
    p.initial_cash_eur = 1e7; /* stay alive */
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(2);
    for (long t = 1; t <= 36; t++) {
        org_model.step(&p, &s, t, rng, out);
        if (t <= 24)
            assert_close(out[OV_FUNDING_SUBSIDY], 9000.0, 1e-12);
        else
            assert_close(out[OV_FUNDING_SUBSIDY], 0.0, 0);
    }
    gsl_rng_free(rng);
}

static void renewal_always_keeps_grant(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.funding[FUND_SUBSIDY].duration_months = 12;
    p.funding[FUND_SUBSIDY].renewal_probability = 1.0;
    p.initial_cash_eur = 1e7;
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(3);
    for (long t = 1; t <= 120; t++) {
        org_model.step(&p, &s, t, rng, out);
        assert_true(out[OV_FUNDING_SUBSIDY] > 0.0);
    }
    gsl_rng_free(rng);
}

static void alliances_decay_without_engineering(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.engineering_eur = 0.0;
    p.initial_cash_eur = 1e7;
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(4);
    for (long t = 1; t <= 60; t++)
        org_model.step(&p, &s, t, rng, out);
    for (int k = 0; k < ALLY_COUNT; k++) {
        double expected = p.alliance[k].strength *
                          pow(1.0 - p.alliance[k].decay_per_month, 60);
        assert_close(out[OV_ALLIANCE_POSITIONING + k], expected, 1e-12);
    }
    gsl_rng_free(rng);
}

static void alliances_reach_their_equilibrium(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.initial_cash_eur = 1e9; /* engineering is always spent */
    struct org_state s;
    double out[OV_COUNT];
    org_model.init(&p, &s, out);
    gsl_rng *rng = stream(5);
    for (long t = 1; t <= 1200; t++)
        org_model.step(&p, &s, t, rng, out);
    for (int k = 0; k < ALLY_COUNT; k++) {
        const struct alliance_params *ap = &p.alliance[k];
        double spend = p.engineering_eur * ap->engineering_share;
        double g =
            ap->growth_per_month * spend / (spend + ap->half_saturation_eur);
        assert_close(out[OV_ALLIANCE_POSITIONING + k],
                     g / (g + ap->decay_per_month), 1e-9);
    }
    gsl_rng_free(rng);
}

/* Two runs whose states differ (alliances off, no engineering) consume the
 * same draws each month: common random numbers stay aligned. */
static void draws_do_not_depend_on_state(void **unused)
{
    (void)unused;
    struct org_params a, b;
    model_set_defaults(&org_model, &a);
    b = a;
    b.engineering_eur = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        b.alliance[k].strength = 0.0;
    b.initial_cash_eur = -1e6; /* b closes early: draws must go on */
    b.cessation_days = 0.0;
    b.observation_months = 1;
    struct org_state sa, sb;
    double out[OV_COUNT];
    gsl_rng *ra = stream(6), *rb = stream(6);
    org_model.init(&a, &sa, out);
    org_model.init(&b, &sb, out);
    for (long t = 1; t <= 100; t++) {
        org_model.step(&a, &sa, t, ra, out);
        org_model.step(&b, &sb, t, rb, out);
        assert_int_equal(gsl_rng_get(ra), gsl_rng_get(rb));
    }
    assert_int_equal(sb.cores.org.alive, 0);
    gsl_rng_free(ra);
    gsl_rng_free(rb);
}

/* The « prime à l'alliance »: the counterfactual arm is exactly the same
 * organisation run alone with its alliances switched off on the same
 * stream. */
static void prime_uses_common_random_numbers(void **unused)
{
    (void)unused;
    struct org_params p, off;
    model_set_defaults(&org_model, &p);
    off = p;
    off.engineering_eur = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        off.alliance[k].strength = 0.0;
    struct org_state s, s_off;
    double out[OV_COUNT], out_off[OV_COUNT];
    gsl_rng *r1 = stream(8), *r2 = stream(8);
    org_model.init(&p, &s, out);
    org_model.init(&off, &s_off, out_off);
    double prime_sum = 0.0;
    for (long t = 1; t <= 240; t++) {
        org_model.step(&p, &s, t, r1, out);
        org_model.step(&off, &s_off, t, r2, out_off);
        assert_close(out[OV_VALUE_WITHOUT_ALLIANCES],
                     out_off[OV_VALUE_PRODUCED], 1e-12);
        assert_close(out[OV_PRIME_ALLIANCE],
                     out[OV_VALUE_PRODUCED] - out_off[OV_VALUE_PRODUCED],
                     1e-12);
        /* An organisation without alliances has no prime. */
        assert_close(out_off[OV_PRIME_ALLIANCE], 0.0, 0);
        assert_close(out_off[OV_PRIME_ALLIANCE_SHARE], 0.0, 0);
        if (out[OV_VALUE_PRODUCED] > 0.0)
            assert_close(out[OV_PRIME_ALLIANCE_SHARE],
                         out[OV_PRIME_ALLIANCE] / out[OV_VALUE_PRODUCED],
                         1e-12);
        prime_sum += out[OV_PRIME_ALLIANCE];
    }
    assert_true(prime_sum > 0.0);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
}

static void cross_setting_checks(void **unused)
{
    (void)unused;
    struct org_params p;
    char msg[256];
    model_set_defaults(&org_model, &p);
    assert_int_equal(org_params_check(&p, msg, sizeof msg), 0);
    p.alliance[ALLY_PRODUCTION].engineering_share = 0.5;
    assert_int_equal(org_params_check(&p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "engineering_share"));
    model_set_defaults(&org_model, &p);
    p.layoff_runway_months = p.hire_runway_months + 1;
    assert_int_equal(org_params_check(&p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "layoff_runway_months"));
}

/* Every default lies inside its own declared range, and every path is
 * unique: the table is the single source of truth. */
static void parameter_table_is_consistent(void **unused)
{
    (void)unused;
    for (size_t i = 0; i < org_model.n_params; i++) {
        const struct param_desc *d = &org_model.params[i];
        assert_non_null(d->source);
        assert_true(strlen(d->description) > 0);
        if (d->type == PARAM_DOUBLE || d->type == PARAM_INT) {
            assert_true(d->def >= d->min);
            assert_true(d->def <= d->max);
        }
        for (size_t j = i + 1; j < org_model.n_params; j++)
            assert_string_not_equal(d->path, org_model.params[j].path);
    }
}

/* Cash rising by a constant surplus S a month from -limit - 4.5 S: beyond
 * the limit in months 1 to 4, within it from month 5.  A procedure opens at
 * the end of month 2 (60.9 days > 45); with 6 months of observation it is
 * judged at month 8, cash within the limit: the organisation recovers.
 * With 2 months it is judged at month 4, still beyond: closed. */
static void recovers_or_closes_at_end_of_observation(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.layoff_adjust_per_month = 0.0;
    p.overdraft_interest_per_year = 0.0;
    p.overdraft_limit_eur = 23850.0;
    p.funding[FUND_EARNED_INCOME].monthly_eur += 9000.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        p.alliance[k].growth_per_month = p.alliance[k].decay_per_month = 0.0;
    struct org_state s;
    double out[OV_COUNT];
    gsl_rng *rng = stream(3);
    org_model.init(&p, &s, out);
    org_model.step(&p, &s, 1, rng, out);
    double surplus = out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL];
    assert_true(surplus > 1000.0);
    p.initial_cash_eur = -p.overdraft_limit_eur - 4.5 * surplus;
    for (long observation = 2; observation <= 6; observation += 4) {
        p.observation_months = observation;
        org_model.init(&p, &s, out);
        gsl_rng_free(rng);
        rng = stream(3);
        for (long t = 1; t <= 12; t++) {
            org_model.step(&p, &s, t, rng, out);
            assert_true(close_to(out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL],
                                 t <= 4 || observation == 6 ? surplus : 0.0,
                                 1e-9));
            int beyond = out[OV_CASH] < -p.overdraft_limit_eur;
            if (t <= 4)
                assert_true(beyond);
            if (observation == 2 && t >= 4) {
                assert_close(out[OV_ALIVE], 0.0, 0);
                assert_int_equal(s.cores.org.failure_month, 4);
            } else {
                assert_close(out[OV_ALIVE], 1.0, 0);
            }
        }
        if (observation == 6) {
            assert_int_equal(s.cores.org.procedure_months_left, 0);
            assert_int_equal(s.cores.org.months_beyond_overdraft, 0);
        }
    }
    gsl_rng_free(rng);
}

/* Under stress, no organisation alive at the end stayed beyond the
 * overdraft limit longer than the rule allows (months to cessation plus the
 * observation period, less one), and every closure for cash came with cash
 * beyond the limit. */
static void no_survivor_beyond_limit_longer_than_rule(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.initial_cash_eur = 10000.0;
    p.funding[FUND_EARNED_INCOME].level_volatility = 0.12;
    long to_cessation = (long)floor(p.cessation_days / (365.25 / 12.0)) + 1;
    long allowed = to_cessation + p.observation_months - 1;
    int survivors = 0, closures = 0, long_streaks = 0;
    for (uint32_t r = 0; r < 300; r++) {
        struct org_state s;
        double out[OV_COUNT];
        gsl_rng *rng = stream(r);
        org_model.init(&p, &s, out);
        long streak = 0, longest = 0;
        for (long t = 1; t <= 240 && s.cores.org.alive; t++) {
            org_model.step(&p, &s, t, rng, out);
            if (out[OV_ALIVE] == 0.0) {
                assert_true(out[OV_CASH] < -p.overdraft_limit_eur);
                closures++;
                break;
            }
            streak = out[OV_CASH] < -p.overdraft_limit_eur ? streak + 1 : 0;
            longest = streak > longest ? streak : longest;
        }
        if (s.cores.org.alive) {
            survivors++;
            assert_true(longest <= allowed);
            long_streaks += longest >= to_cessation;
        }
        gsl_rng_free(rng);
    }
    /* The stress exercised every path: closures, survivors, and survivors
     * that went through a procedure. */
    assert_true(survivors > 0 && closures > 0 && long_streaks > 0);
}

/* Receipts of a source under quiet settings (no shocks, no alliance
 * dynamics), months 1..months, into out[months]. */
static void subsidy_receipts(const struct org_params *p, long months,
                             double *receipts)
{
    struct org_state s;
    double out[OV_COUNT];
    gsl_rng *rng = stream(8);
    org_model.init(p, &s, out);
    double cash = p->initial_cash_eur;
    for (long t = 1; t <= months; t++) {
        org_model.step(p, &s, t, rng, out);
        receipts[t - 1] = out[OV_FUNDING_SUBSIDY];
        assert_true(close_to(out[OV_CASH],
                             cash + out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL],
                             1e-12));
        cash = out[OV_CASH];
    }
    gsl_rng_free(rng);
}

static void quiet_constant_funding(struct org_params *p)
{
    quiet_params(p);
    for (int k = 0; k < ALLY_COUNT; k++)
        p->alliance[k].growth_per_month = p->alliance[k].decay_per_month = 0.0;
}

/* A season of amplitude 0.5 peaking in March: 1.5 times the amount in
 * March, 0.5 times in September, the year's total unchanged. */
static void seasonal_receipts(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_constant_funding(&p);
    double flat[24], seasonal[24];
    subsidy_receipts(&p, 24, flat);
    p.funding[FUND_SUBSIDY].seasonal_amplitude = 0.5;
    p.funding[FUND_SUBSIDY].seasonal_peak_month = 3;
    subsidy_receipts(&p, 24, seasonal);
    assert_true(close_to(seasonal[2], 1.5 * flat[2], 1e-12));
    assert_true(close_to(seasonal[8], 0.5 * flat[8], 1e-12));
    assert_true(close_to(seasonal[14], 1.5 * flat[14], 1e-12));
    double year = 0.0, year_flat = 0.0;
    for (int t = 0; t < 12; t++) {
        year += seasonal[t];
        year_flat += flat[t];
    }
    assert_true(close_to(year, year_flat, 1e-12));
}

/* Paid three months late: the first three months receive what was due
 * before month 0, then each month what was due three months before. */
static void delayed_payments(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_constant_funding(&p);
    p.funding[FUND_SUBSIDY].seasonal_amplitude = 0.3;
    double on_time[30], late[30];
    subsidy_receipts(&p, 30, on_time);
    p.funding[FUND_SUBSIDY].payment_delay_months = 3;
    subsidy_receipts(&p, 30, late);
    double before = p.funding[FUND_SUBSIDY].monthly_eur *
                    (1.0 + p.funding[FUND_SUBSIDY].alliance_uplift *
                               p.alliance[ALLY_POSITIONING].strength);
    for (int t = 0; t < 3; t++)
        assert_true(close_to(late[t], before, 1e-12));
    for (int t = 3; t < 30; t++)
        assert_true(close_to(late[t], on_time[t - 3], 1e-12));
}

/* Engineering is a commitment paid in overdraft unless the scenario makes
 * it a buffer (engineering.pause_in_overdraft). */
static void engineering_in_overdraft(void **unused)
{
    (void)unused;
    for (int pause = 0; pause <= 1; pause++) {
        struct org_params p;
        quiet_params(&p);
        p.initial_cash_eur = -5000.0;
        p.engineering_pause_in_overdraft = pause;
        struct org_state s;
        double out[OV_COUNT];
        gsl_rng *rng = stream(5);
        org_model.init(&p, &s, out);
        org_model.step(&p, &s, 1, rng, out);
        assert_close(out[OV_COST_ENGINEERING], pause ? 0.0 : p.engineering_eur,
                     0);
        gsl_rng_free(rng);
    }
}

/* Hiring is bounded by the capacity and by secured funding: a windfall of
 * one month's luck does not recruit beyond max_hires_fte_per_month. */
static void hiring_is_bounded(void **unused)
{
    (void)unused;
    struct org_params p;
    quiet_params(&p);
    p.staffing_adjust_per_month = 1.0;
    p.initial_cash_eur = 5e6;
    p.funding[FUND_EARNED_INCOME].monthly_eur = 4e5;
    p.max_hires_fte_per_month = 0.75;
    struct org_state s;
    double out[OV_COUNT];
    gsl_rng *rng = stream(4);
    org_model.init(&p, &s, out);
    double before = out[OV_EMPLOYEES_FTE];
    for (long t = 1; t <= 10; t++) {
        org_model.step(&p, &s, t, rng, out);
        assert_true(close_to(out[OV_EMPLOYEES_FTE] - before, 0.75, 1e-12));
        before = out[OV_EMPLOYEES_FTE];
    }
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_month_by_hand),
        cmocka_unit_test(value_finite_at_extreme_means),
        cmocka_unit_test(cash_is_conserved),
        cmocka_unit_test(closes_after_cessation_and_observation),
        cmocka_unit_test(recovers_or_closes_at_end_of_observation),
        cmocka_unit_test(no_survivor_beyond_limit_longer_than_rule),
        cmocka_unit_test(hiring_is_bounded),
        cmocka_unit_test(engineering_in_overdraft),
        cmocka_unit_test(seasonal_receipts),
        cmocka_unit_test(delayed_payments),
        cmocka_unit_test(grant_ends_with_its_term),
        cmocka_unit_test(renewal_always_keeps_grant),
        cmocka_unit_test(alliances_decay_without_engineering),
        cmocka_unit_test(alliances_reach_their_equilibrium),
        cmocka_unit_test(draws_do_not_depend_on_state),
        cmocka_unit_test(prime_uses_common_random_numbers),
        cmocka_unit_test(cross_setting_checks),
        cmocka_unit_test(parameter_table_is_consistent),
    };
    return cmocka_run_group_tests_name("org", tests, NULL, NULL);
}
