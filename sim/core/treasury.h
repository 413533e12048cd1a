/*
 * treasury.h - what a treasurer asks of a run, at each report horizon.
 *
 * Among the organisations still alive at the horizon: the probability that
 * cash went below zero, and below the overdraft limit, at some month up to
 * the horizon; the months of cash runway at the horizon (cash over the
 * month's costs, 0 when cash is not positive); and, among those that went
 * below zero by then, the first month it happened.  Computed from each
 * replicate's values at the horizon (the model's first_month_below_zero and
 * first_month_beyond_overdraft record the path), so no month is kept.
 */
#ifndef SIM_TREASURY_H
#define SIM_TREASURY_H

#include "engine.h"

enum treasury_stat { TSTAT_MEAN, TSTAT_P05, TSTAT_P50, TSTAT_P95, TSTAT_COUNT };

struct treasury {
    int n_horizons;
    long live[ENGINE_MAX_HORIZONS];           /* replicates alive */
    double p_below_zero[ENGINE_MAX_HORIZONS]; /* NAN when none alive */
    double p_beyond_overdraft[ENGINE_MAX_HORIZONS];
    /* [horizon][mean, p05, p50, p95]; NAN when nothing to summarise */
    double runway_months[ENGINE_MAX_HORIZONS][TSTAT_COUNT];
    long at_risk[ENGINE_MAX_HORIZONS]; /* live replicates that went below 0 */
    double first_month_at_risk[ENGINE_MAX_HORIZONS][TSTAT_COUNT];
};

/*
 * Fills t from a finished run.  scratch holds 2 x replicates doubles.
 * Returns 0, or -1 when the model is not the organisation (a portfolio, a
 * test function: their cash is not one treasury) or lacks the variables it
 * reads (cash_eur, cost_total_eur, alive, first_month_below_zero,
 * first_month_beyond_overdraft).
 */
int treasury_compute(const struct engine *e, double *scratch,
                     struct treasury *t);

#endif
