/*
 * param_dist.h - a numeric parameter with a distribution, as sweep files
 * (`parameters`) and portfolios (`portfolio.vary`) declare them:
 *
 *   { path = "engineering.budget_eur"; distribution = "uniform";
 *     min = 0.0; max = 5000.0; }
 *
 * Reading checks the path against a parameter table, the distribution's
 * fields (dist_check) and that every value it can produce lies in the
 * parameter's valid range; every error names the file, the line and the
 * entry.
 */
#ifndef SIM_PARAM_DIST_H
#define SIM_PARAM_DIST_H

#include <libconfig.h>

#include "models/model.h"
#include "sim/core/dist.h"

#define PARAM_DIST_MAX_LEVELS 64

struct param_dist {
    char path[PARAM_STRING_LEN];
    const struct param_desc *desc;
    struct dist dist;
    double levels[PARAM_DIST_MAX_LEVELS]; /* dist.levels points here: do not
                                             copy the struct */
};

/*
 * Reads entry `index` of the list `list` (for messages: "parameters",
 * "portfolio.vary") from group g of `file` into *p, against the parameter
 * table (`owner` names it in messages).
 */
sim_status param_dist_read(const config_setting_t *g,
                           const struct param_desc *table, size_t n_table,
                           const char *owner, const char *file,
                           const char *list, size_t index,
                           struct param_dist *p, char *err);

/* The parameter's value at unit coordinate u: the distribution's quantile,
 * rounded for integers, choices and booleans, within the valid range. */
double param_dist_value(const struct param_dist *p, double u);

/* "uniform(min=0, max=5000)" and the like, into buf. */
void param_dist_describe(const struct param_dist *p, char *buf, size_t len);

#endif
