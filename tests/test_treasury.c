/*
 * test_treasury.c - the treasurer's figures: recomputed from every month of
 * every replicate's cash path, they must be what the summary reports from
 * the horizon values alone (the first months at risk the model records
 * included).
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "models/org.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"

#define REPS 96
#define MONTHS 120

static void recomputed_from_the_paths(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    /* Stress, so that cash goes below zero and some close. */
    p.initial_cash_eur = 23850.0;
    p.funding[FUND_EARNED_INCOME].level_volatility = 0.12;
    struct engine_config c = {.months = MONTHS,
                              .replicates = REPS,
                              .seed = 2385,
                              .block_size = REPS,
                              .n_horizons = 3,
                              .horizons = {18, 60, 120}};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, &p, &c, err);
    assert_non_null(e);
    struct engine_block b;
    assert_int_equal(engine_next_block(e, &b), SIM_OK);
    assert_int_equal(b.count, REPS);
    const double *v = b.values;
#define AT(var, r, t)                                                          \
    v[((size_t)(var) * (size_t)b.stride + (size_t)(r)) * MONTHS + (size_t)(t)-1]
    struct summary *s = summary_new(e, NULL, err);
    assert_non_null(s);
    assert_true(s->has_treasury);
    const struct treasury *tr = &s->treasury;
    int saw_risk = 0, saw_closure = 0;
    for (int h = 0; h < 3; h++) {
        long horizon = c.horizons[h];
        long live = 0, below = 0, beyond = 0, at_risk = 0;
        double first_sum = 0.0, runway_sum = 0.0;
        for (long r = 0; r < REPS; r++) {
            if (AT(OV_ALIVE, r, horizon) == 0.0) {
                saw_closure = 1;
                continue;
            }
            live++;
            long first = 0, first_beyond = 0;
            for (long t = 1; t <= horizon; t++) {
                double cash = AT(OV_CASH, r, t);
                if (cash < 0.0 && first == 0)
                    first = t;
                if (cash < -p.overdraft_limit_eur && first_beyond == 0)
                    first_beyond = t;
            }
            assert_true(AT(OV_FIRST_MONTH_BELOW_ZERO, r, horizon) ==
                        (double)first);
            assert_true(AT(OV_FIRST_MONTH_BEYOND_OVERDRAFT, r, horizon) ==
                        (double)first_beyond);
            below += first > 0;
            beyond += first_beyond > 0;
            if (first > 0) {
                at_risk++;
                first_sum += (double)first;
            }
            double cash = AT(OV_CASH, r, horizon);
            runway_sum +=
                cash > 0.0 ? cash / AT(OV_COST_TOTAL, r, horizon) : 0.0;
        }
        assert_int_equal(tr->live[h], live);
        assert_int_equal(tr->at_risk[h], at_risk);
        assert_true(
            close_to(tr->p_below_zero[h], (double)below / (double)live, 1e-12));
        assert_true(close_to(tr->p_beyond_overdraft[h],
                             (double)beyond / (double)live, 1e-12));
        assert_true(close_to(tr->runway_months[h][TSTAT_MEAN],
                             runway_sum / (double)live, 1e-9));
        assert_true(tr->runway_months[h][TSTAT_P05] <=
                    tr->runway_months[h][TSTAT_P50]);
        if (at_risk > 0) {
            saw_risk = 1;
            assert_true(close_to(tr->first_month_at_risk[h][TSTAT_MEAN],
                                 first_sum / (double)at_risk, 1e-12));
        } else {
            assert_true(isnan(tr->first_month_at_risk[h][TSTAT_MEAN]));
        }
    }
    assert_true(saw_risk && saw_closure);
#undef AT
    summary_free(s);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recomputed_from_the_paths),
    };
    return cmocka_run_group_tests_name("treasury", tests, NULL, NULL);
}
