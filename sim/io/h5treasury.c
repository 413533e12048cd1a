#include "h5treasury.h"

#include <hdf5_hl.h>

#include "h5util.h"

/* A dataset of rank 1 (horizon) or 2 (horizon, statistic) with its scales. */
static herr_t write_one(hid_t group, hid_t horizon, hid_t stat,
                        const char *name, int rank, const hsize_t *dims,
                        const double *values, const char *units,
                        const char *description)
{
    if (h5u_write_array(group, name, rank, dims, values, units, description) <
        0)
        return -1;
    herr_t st = h5u_attach(group, name, horizon, 0);
    if (st >= 0 && rank == 2)
        st = h5u_attach(group, name, stat, 1);
    return st;
}

herr_t h5treasury_write(hid_t summary_group, const struct summary *s)
{
    if (!s->has_treasury)
        return 0;
    const struct treasury *t = &s->treasury;
    int n = t->n_horizons;
    double live[ENGINE_MAX_HORIZONS], at_risk[ENGINE_MAX_HORIZONS];
    for (int h = 0; h < n; h++) {
        live[h] = (double)t->live[h];
        at_risk[h] = (double)t->at_risk[h];
    }
    hsize_t d1[1] = {(hsize_t)n}, d2[2] = {(hsize_t)n, TSTAT_COUNT};
    hid_t group = H5Gcreate2(summary_group, "treasury", H5P_DEFAULT,
                             H5P_DEFAULT, H5P_DEFAULT);
    hid_t horizon = H5Dopen2(summary_group, "horizon", H5P_DEFAULT);
    hid_t stat = H5Dopen2(summary_group, "statistic", H5P_DEFAULT);
    herr_t st = -1;
    if (group < 0 || horizon < 0 || stat < 0)
        goto done;
    if (h5u_attr_string(group, "description",
                        "what a treasurer asks, among the organisations "
                        "alive at each report horizon (docs/model.md, « The "
                        "treasurer's view »); NaN where none is alive or "
                        "none went below zero") < 0 ||
        write_one(group, horizon, stat, "live", 1, d1, live, "organisation",
                  "organisations alive at the horizon (one a replicate)") < 0 ||
        write_one(group, horizon, stat, "p_below_zero", 1, d1, t->p_below_zero,
                  "1",
                  "share of them whose cash ended a month below 0 at or "
                  "before the horizon") < 0 ||
        write_one(group, horizon, stat, "p_beyond_overdraft", 1, d1,
                  t->p_beyond_overdraft, "1",
                  "share of them whose cash ended a month below "
                  "-cash.overdraft_limit_eur at or before the horizon") < 0 ||
        write_one(group, horizon, stat, "runway_months", 2, d2,
                  &t->runway_months[0][0], "month",
                  "cash over the month's costs at the horizon (0 when cash "
                  "is not positive): statistics across them") < 0 ||
        write_one(
            group, horizon, stat, "at_risk", 1, d1, at_risk, "organisation",
            "of them, those whose cash went below 0 by the horizon") < 0 ||
        write_one(group, horizon, stat, "first_month_at_risk", 2, d2,
                  &t->first_month_at_risk[0][0], "month",
                  "first month their cash ended below 0: statistics across "
                  "at_risk") < 0)
        goto done;
    st = 0;
done:
    if (stat >= 0)
        H5Dclose(stat);
    if (horizon >= 0)
        H5Dclose(horizon);
    if (group >= 0)
        H5Gclose(group);
    return st;
}
