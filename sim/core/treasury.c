#include "treasury.h"

#include <math.h>

#include "summary.h"
#include "models/org.h"

static void stats_or_nan(const double *x, size_t n, double *scratch,
                         double *out)
{
    if (n == 0) {
        for (int k = 0; k < TSTAT_COUNT; k++)
            out[k] = NAN;
        return;
    }
    _Static_assert((int)TSTAT_COUNT == (int)STAT_COUNT &&
                       (int)TSTAT_P50 == (int)STAT_P50,
                   "the treasury's statistics are the summary's");
    summary_stats(x, n, scratch, out);
}

int treasury_compute(const struct engine *e, double *scratch,
                     struct treasury *t)
{
    const struct model_type *m = engine_model(e);
    /* One organisation's treasury: a portfolio's cash is its projects' sum,
     * its `alive` a share, and it records no first month at risk. */
    if (m != &org_model)
        return -1;
    long cash = model_var_index(m, "cash_eur");
    long cost = model_var_index(m, "cost_total_eur");
    long alive = model_var_index(m, "alive");
    long below = model_var_index(m, "first_month_below_zero");
    long beyond = model_var_index(m, "first_month_beyond_overdraft");
    if (cash < 0 || cost < 0 || alive < 0 || below < 0 || beyond < 0)
        return -1;
    const struct engine_config *c = engine_config(e);
    size_t reps = (size_t)c->replicates;
    double *values = scratch, *work = scratch + reps;
    t->n_horizons = c->n_horizons;
    for (int h = 0; h < c->n_horizons; h++) {
        const double *a = engine_horizon_values(e, (size_t)alive, h);
        const double *x = engine_horizon_values(e, (size_t)cash, h);
        const double *y = engine_horizon_values(e, (size_t)cost, h);
        const double *z = engine_horizon_values(e, (size_t)below, h);
        const double *o = engine_horizon_values(e, (size_t)beyond, h);
        long live = 0, went_below = 0, went_beyond = 0;
        size_t n = 0;
        for (size_t r = 0; r < reps; r++) {
            if (a[r] == 0.0)
                continue;
            live++;
            went_below += z[r] > 0.0;
            went_beyond += o[r] > 0.0;
            /* A live organisation with no costs has an endless runway. */
            values[n++] = x[r] <= 0.0  ? 0.0
                          : y[r] > 0.0 ? x[r] / y[r]
                                       : INFINITY;
        }
        t->live[h] = live;
        t->p_below_zero[h] = live > 0 ? (double)went_below / (double)live : NAN;
        t->p_beyond_overdraft[h] =
            live > 0 ? (double)went_beyond / (double)live : NAN;
        stats_or_nan(values, n, work, t->runway_months[h]);
        n = 0;
        for (size_t r = 0; r < reps; r++)
            if (a[r] != 0.0 && z[r] > 0.0)
                values[n++] = z[r];
        t->at_risk[h] = (long)n;
        stats_or_nan(values, n, work, t->first_month_at_risk[h]);
    }
    return 0;
}
