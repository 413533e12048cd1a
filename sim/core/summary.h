/*
 * summary.h - statistics across replicates at each report horizon.
 *
 * For every variable and horizon: the mean and the 5%, 50% and 95% quantiles
 * across all replicates (closed organisations included, with their frozen
 * cash and zero flows).  Quantiles interpolate linearly between order
 * statistics, as gsl_stats_quantile_from_sorted_data does.
 *
 * When the model has lever indicators (models/horizon.h), the summary also
 * holds, per report horizon, the statistics of each lever's indicator and of
 * the horizon score (the matrix column named by the horizon's length:
 * horizon_column_of), and, given a barycentre, the lever weights and the
 * weighted score, which takes for each column the longest report horizon
 * of that name (for the default 18, 84, 336 months: each one).
 */
#ifndef SIM_SUMMARY_H
#define SIM_SUMMARY_H

#include "engine.h"
#include "models/horizon.h"
#include "treasury.h"

enum summary_stat { STAT_MEAN, STAT_P05, STAT_P50, STAT_P95, STAT_COUNT };

/* Names of the statistics, in enum order ("mean", "p05", "p50", "p95"). */
extern const char *const summary_stat_names[STAT_COUNT];

struct summary {
    size_t n_vars;
    int n_horizons;
    long horizons[ENGINE_MAX_HORIZONS];
    long replicates;
    double *stats; /* [var][horizon][stat] */

    int has_levers;    /* the model has lever indicators */
    int n_scored;      /* horizons scored: all of them, with levers */
    enum horizon_column column[ENGINE_MAX_HORIZONS]; /* by length */
    double levers[ENGINE_MAX_HORIZONS][LEVER_COUNT][STAT_COUNT];
    double score[ENGINE_MAX_HORIZONS][STAT_COUNT];
    /* A barycentre was given and every column has a horizon: the one the
     * weighted score reads for each column (the longest of that name). */
    int has_weighted;
    int weighted_horizon[HORIZON_COUNT];
    double barycentre[HORIZON_COUNT];
    double lever_weights[LEVER_COUNT];
    double weighted_score[STAT_COUNT];

    int has_treasury; /* the model has cash, costs and first months at risk */
    struct treasury treasury;
};

/* Computes the summary of a finished run; barycentre (3 weights summing to
 * 1) may be NULL.  Returns NULL with a message in err when out of memory.
 * Free with summary_free. */
struct summary *summary_new(const struct engine *e, const double *barycentre,
                            char *err);

/* Value of statistic stat of variable var at horizon h. */
double summary_get(const struct summary *s, size_t var, int h,
                   enum summary_stat stat);

/* Frees s; summary_free(NULL) does nothing. */
void summary_free(struct summary *s);

/* Mean and quantiles of x[n] into out[STAT_COUNT]; scratch holds n
 * doubles. */
void summary_stats(const double *x, size_t n, double *scratch, double *out);

/* A French label for horizon `months`, named by its column: "tactique (18
 * mois)", "stratégique (7 ans)", "prospective (28 ans)" for the seed's
 * lengths, else the name and the months, "stratégique (36 mois)". Writes
 * buf. */
const char *summary_horizon_label(long months, char *buf, size_t len);

/* The name a chart writes beside its line at horizon `months`: the name
 * alone where it says the length ("tactique" at 18 months, "stratégique"
 * at 84, "prospective" at 336), else summary_horizon_label's, so that 72
 * and 84 months read "stratégique (6 ans)" and "stratégique".  Distinct
 * lengths get distinct names.  Writes buf. */
const char *summary_horizon_short_label(long months, char *buf, size_t len);

#endif
