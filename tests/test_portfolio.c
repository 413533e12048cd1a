/*
 * test_portfolio.c - a portfolio of projects and its fund: one project is
 * the organisation itself, money is conserved, the fund spends its budget by
 * its allocation rule.
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "models/portfolio.h"
#include "sim/core/rng.h"

static struct portfolio_params *new_portfolio(long n)
{
    struct portfolio_params *p = calloc(1, sizeof *p);
    assert_non_null(p);
    param_table_set_defaults(portfolio_model.params, portfolio_model.n_params,
                             p);
    p->n_projects = n;
    for (long i = 0; i < n; i++) {
        model_set_defaults(&org_model, &p->projects[i]);
        /* Diverse projects, some in distress. */
        p->projects[i].initial_cash_eur = 20000.0 * (double)(i % 4);
        p->projects[i].funding[FUND_EARNED_INCOME].monthly_eur =
            20000.0 + 2385.0 * (double)i;
        p->projects[i].innovation.enabled = (int)(i % 2);
        p->projects[i].innovation.start_step = 1 + i % 5;
    }
    return p;
}

static gsl_rng *stream(uint32_t r)
{
    gsl_rng *rng = sim_rng_new(17);
    sim_rng_stream(rng, 17, 0, r, RNG_PURPOSE_MODEL);
    return rng;
}

/* A portfolio of one project without a fund is that organisation. */
static void one_project_is_the_organisation(void **unused)
{
    (void)unused;
    struct portfolio_params *p = new_portfolio(1);
    p->fund.budget_eur = 0.0;
    struct portfolio_state *ps = calloc(1, sizeof *ps);
    struct org_state os;
    double pout[PV_COUNT], oout[OV_COUNT];
    portfolio_model.init(p, ps, pout);
    org_model.init(&p->projects[0], &os, oout);
    gsl_rng *r1 = stream(0), *r2 = stream(0);
    for (long t = 1; t <= 120; t++) {
        portfolio_model.step(p, ps, t, r1, pout);
        org_model.step(&p->projects[0], &os, t, r2, oout);
        assert_close(pout[OV_CASH], oout[OV_CASH], 1e-12);
        assert_close(pout[OV_VALUE_PRODUCED], oout[OV_VALUE_PRODUCED], 1e-12);
        assert_close(pout[OV_PRIME_ALLIANCE], oout[OV_PRIME_ALLIANCE], 1e-12);
        assert_close(pout[OV_ALLIANCE_PRODUCTION],
                     oout[OV_ALIVE] ? oout[OV_ALLIANCE_PRODUCTION] : 0.0,
                     1e-12);
        assert_close(pout[PV_PROJECTS_ALIVE], oout[OV_ALIVE], 0);
        assert_close(pout[PV_FUND_INVESTED], 0.0, 0);
    }
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    free(ps);
    free(p);
}

/* Adds to every project of p (n of them) the same event. */
static void add_event(struct portfolio_params *p, long n, long month,
                      const char *path, enum org_event_op op, double value)
{
    for (long i = 0; i < n; i++)
        test_add_event(&p->projects[i].events, month, path, op, value);
}

/* Dated events reach every project as they reach an organisation: a
 * portfolio of one project with events is that organisation with them, and
 * a portfolio of twelve still conserves money through them. */
static void events_reach_every_project(void **unused)
{
    (void)unused;
    struct portfolio_params *p = new_portfolio(1);
    p->fund.budget_eur = 0.0;
    add_event(p, 1, 10, "funding.subsidy.monthly_eur", ORG_EVENT_SET, 0.0);
    add_event(p, 1, 20, "costs.overhead_eur", ORG_EVENT_ADD, 900.0);
    add_event(p, 1, 30, "engineering.budget_eur", ORG_EVENT_SET, 4000.0);
    struct portfolio_state *ps = calloc(1, sizeof *ps);
    struct org_state os;
    double pout[PV_COUNT], oout[OV_COUNT], plain[PV_COUNT];
    portfolio_model.init(p, ps, pout);
    org_model.init(&p->projects[0], &os, oout);
    gsl_rng *r1 = stream(3), *r2 = stream(3);
    for (long t = 1; t <= 60; t++) {
        portfolio_model.step(p, ps, t, r1, pout);
        org_model.step(&p->projects[0], &os, t, r2, oout);
        assert_true(pout[OV_CASH] == oout[OV_CASH]);
        assert_true(pout[OV_COST_TOTAL] == oout[OV_COST_TOTAL]);
        assert_true(pout[OV_VALUE_PRODUCED] == oout[OV_VALUE_PRODUCED]);
    }
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    /* Without the events, another course. */
    struct portfolio_params *q = new_portfolio(1);
    q->fund.budget_eur = 0.0;
    portfolio_model.init(q, ps, plain);
    r1 = stream(3);
    for (long t = 1; t <= 60; t++)
        portfolio_model.step(q, ps, t, r1, plain);
    gsl_rng_free(r1);
    assert_true(plain[OV_CASH] != pout[OV_CASH]);
    free(q);
    free(p);

    p = new_portfolio(12);
    p->fund.budget_eur = 360000.0;
    add_event(p, 12, 8, "funding.philanthropy.monthly_eur", ORG_EVENT_SET,
              0.0);
    add_event(p, 12, 15, "costs.overhead_eur", ORG_EVENT_ADD, 700.0);
    double out[PV_COUNT], prev[PV_COUNT];
    portfolio_model.init(p, ps, prev);
    gsl_rng *rng = stream(5);
    for (long t = 1; t <= 48; t++) {
        portfolio_model.step(p, ps, t, rng, out);
        assert_close(out[OV_CASH] - prev[OV_CASH],
                     out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL], 1e-9);
        if (t >= 8)
            assert_true(out[OV_FUNDING_PHILANTHROPY] == 0.0);
        memcpy(prev, out, sizeof out);
    }
    gsl_rng_free(rng);
    free(ps);
    free(p);
}

/* Money is conserved for the portfolio, the fund's grants included, and the
 * fund spends exactly its monthly budget while a project is alive. */
static void conservation_and_fund_budget(void **unused)
{
    (void)unused;
    for (long rule = 0; rule < ALLOCATION_COUNT; rule++) {
        struct portfolio_params *p = new_portfolio(12);
        p->fund.budget_eur = 360000.0;
        p->fund.start_month = 4;
        p->fund.end_month = 39;
        p->fund.allocation = rule;
        struct portfolio_state *ps = calloc(1, sizeof *ps);
        double out[PV_COUNT], prev[PV_COUNT];
        portfolio_model.init(p, ps, prev);
        gsl_rng *rng = stream((uint32_t)rule);
        double invested = 0.0;
        for (long t = 1; t <= 60; t++) {
            portfolio_model.step(p, ps, t, rng, out);
            assert_close(out[OV_CASH] - prev[OV_CASH],
                         out[OV_FUNDING_TOTAL] - out[OV_COST_TOTAL], 1e-9);
            assert_close(out[OV_FUNDING_FUND], out[PV_FUND_INVESTED], 1e-9);
            double budget = portfolio_fund_month(&p->fund, t);
            if (prev[PV_PROJECTS_ALIVE] > 0)
                assert_close(out[PV_FUND_INVESTED], budget, 1e-9);
            invested += out[PV_FUND_INVESTED];
            assert_true(out[PV_PROJECTS_RD] + out[PV_PROJECTS_QUALIFICATION] +
                            out[PV_PROJECTS_DEPLOYMENT] <=
                        out[PV_PROJECTS_ALIVE]);
            memcpy(prev, out, sizeof out);
        }
        assert_close(invested, 360000.0, 1e-9);
        gsl_rng_free(rng);
        free(ps);
        free(p);
    }
}

/* Even allocation gives every live project the same grant; by need, a
 * project with ample cash gets nothing while others are short. */
/* The share of projects alive is their count over n, never above 1: added
 * up as n shares of 1/n it reached 1.0000000000000004 for 50 projects. */
static void shares_are_counts_over_n(void **unused)
{
    (void)unused;
    static const long sizes[] = {3, 7, 10, 49, 50, PORTFOLIO_MAX_PROJECTS};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        long n = sizes[k];
        struct portfolio_params *p = new_portfolio(n);
        struct portfolio_state *ps = calloc(1, sizeof *ps);
        double out[PV_COUNT];
        portfolio_model.init(p, ps, out);
        gsl_rng *rng = stream(3);
        for (long t = 1; t <= 48; t++) {
            portfolio_model.step(p, ps, t, rng, out);
            assert_true(out[OV_ALIVE] <= 1.0);
            assert_true(out[OV_ALIVE] ==
                        out[PV_PROJECTS_ALIVE] / (double)n);
            assert_true(out[OV_CLOSED_IN_RISK_ZONE] >= 0.0 &&
                        out[OV_CLOSED_IN_RISK_ZONE] <= 1.0);
        }
        gsl_rng_free(rng);
        free(ps);
        free(p);
    }
}

static void allocation_rules(void **unused)
{
    (void)unused;
    struct portfolio_params *p = new_portfolio(2);
    p->fund.budget_eur = 36000.0; /* 1000 a month */
    p->projects[0].initial_cash_eur = 1e7;
    p->projects[1].initial_cash_eur = 0.0;
    struct portfolio_state *ps = calloc(1, sizeof *ps);
    double out[PV_COUNT];
    gsl_rng *rng = stream(9);

    p->fund.allocation = ALLOCATION_EVEN;
    portfolio_model.init(p, ps, out);
    portfolio_model.step(p, ps, 1, rng, out);
    portfolio_model.step(p, ps, 2, rng, out);
    assert_close(ps->projects[0].org.grant_eur, 500.0, 1e-12);
    assert_close(ps->projects[1].org.grant_eur, 500.0, 1e-12);

    p->fund.allocation = ALLOCATION_NEED;
    portfolio_model.init(p, ps, out);
    portfolio_model.step(p, ps, 1, rng, out);
    portfolio_model.step(p, ps, 2, rng, out);
    assert_close(ps->projects[0].org.grant_eur, 0.0, 0);
    assert_close(ps->projects[1].org.grant_eur, 1000.0, 1e-12);
    gsl_rng_free(rng);
    free(ps);
    free(p);
}

static void checks(void **unused)
{
    (void)unused;
    struct portfolio_params *p = new_portfolio(3);
    char msg[256];
    assert_int_equal(portfolio_model.check(p, msg, sizeof msg), 0);
    p->fund.end_month = 0;
    assert_int_equal(portfolio_model.check(p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "fund.end_month"));
    p->fund.end_month = 36;
    p->projects[2].alliance[0].engineering_share = 0.9;
    assert_int_equal(portfolio_model.check(p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "project 3"));
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_project_is_the_organisation),
        cmocka_unit_test(conservation_and_fund_budget),
        cmocka_unit_test(events_reach_every_project),
        cmocka_unit_test(allocation_rules),
        cmocka_unit_test(shares_are_counts_over_n),
        cmocka_unit_test(checks),
    };
    return cmocka_run_group_tests_name("portfolio", tests, NULL, NULL);
}
