/*
 * compare.h - treatment against control: what investing in alliance
 * engineering changes, with Monte Carlo confidence intervals.
 *
 * Both arms run the same replicates on the same streams (common random
 * numbers); for each replicate and report horizon the caller accumulates the
 * arm's totals from month 1 to the horizon (compare_accumulate), then
 * compare_metrics turns them into ratios whose intervals come from a
 * bootstrap over replicates.  Definitions (docs/model.md, « Comparing with
 * and without the investment »):
 *   frugality   = (costs / value)_control / (costs / value)_treatment
 *   durability  = (share closed)_control / (share closed)_treatment
 *   leverage    = (extra funding other than the investment + extra valued
 *                  engagement) / investment
 *   value leverage = extra value produced / investment
 *   prime       = the treatment's « prime à l'alliance », total and share
 */
#ifndef SIM_COMPARE_H
#define SIM_COMPARE_H

#include <stdint.h>

#include "sim/core/engine.h"
#include "sim/io/scenario.h"

enum compare_total {
    TOTAL_COST,
    TOTAL_VALUE,
    TOTAL_FUNDING,    /* all funding, the investment included */
    TOTAL_INVESTMENT, /* the investment (fund grants, or engineering) */
    TOTAL_ENGAGEMENT, /* valued engagement */
    TOTAL_PRIME,
    TOTAL_ALIVE,      /* at the horizon, not a sum */
    TOTAL_COUNT
};

enum compare_metric {
    METRIC_FRUGALITY,
    METRIC_DURABILITY,
    METRIC_LEVERAGE,
    METRIC_VALUE_LEVERAGE,
    METRIC_PRIME_EUR,
    METRIC_PRIME_SHARE,
    METRIC_INVESTED_EUR,
    METRIC_SURVIVAL_TREATMENT,
    METRIC_SURVIVAL_CONTROL,
    METRIC_COUNT
};

/* Names used in JSON and in the HDF5 file ("frugality", ...). */
extern const char *const compare_metric_names[METRIC_COUNT];

/*
 * The metric named name into *out, or SIM_ERR_UNKNOWN naming where (file and
 * line) and path (the setting), with the closest metric and every one.
 */
sim_status compare_metric_parse(const char *name, const char *where,
                                const char *path, enum compare_metric *out,
                                char *err);

/* Their CF units, in enum order: "1" for the ratios and shares (leverage is
 * EUR per EUR invested), "EUR" for the totals per replicate. */
extern const char *const compare_metric_units[METRIC_COUNT];

/* The model variable each total sums (TOTAL_ALIVE: its value at the
 * horizon); TOTAL_INVESTMENT's is the fund's grants, or for one
 * organisation cost_engineering_eur. */
extern const char *const compare_total_vars[TOTAL_COUNT];

/*
 * Every metric into out[METRIC_COUNT] from each arm's totals summed over
 * the same n replicates (sum_t, sum_c: [TOTAL_COUNT]); investment_is_fund
 * as compare_arm_new's.  The definitions of compare.h's header, in one
 * place for compare, calibrate and sweeps.
 */
void compare_metrics_from_totals(const double *sum_t, const double *sum_c,
                                 double n, int investment_is_fund,
                                 double *out);

/* Totals of one arm: [total][horizon][replicate]. */
struct compare_arm {
    long replicates;
    int n_horizons;
    long horizons[ENGINE_MAX_HORIZONS];
    double *totals;
    /* Variable indices in the model (found by name). */
    long var[TOTAL_COUNT];
    long var_engineering;
    int investment_is_fund; /* fund grants (portfolio) or engineering */
};

/* Prepares the totals of an arm for the engine's run; NULL on failure. */
struct compare_arm *compare_arm_new(const struct engine *e,
                                    int investment_is_fund, char *err);

/* Adds a block's months to the totals. */
void compare_accumulate(struct compare_arm *arm,
                        const struct engine_block *block);

/* Frees arm; compare_arm_free(NULL) does nothing. */
void compare_arm_free(struct compare_arm *arm);

/* One metric: its estimate and the bootstrap interval. */
struct compare_value {
    double estimate, low, high;
};

/*
 * Computes every metric at every horizon into out[horizon][metric], with a
 * `level` bootstrap interval from n_boot resamples of replicates drawn from
 * the stream (seed, 0, 0, RNG_PURPOSE_BOOTSTRAP).
 */
sim_status compare_metrics(const struct compare_arm *treatment,
                           const struct compare_arm *control, size_t n_boot,
                           double level, uint64_t seed,
                           struct compare_value (*out)[METRIC_COUNT],
                           char *err);

/*
 * Any two choices (compare --with): arm A is the scenario as written, arm B
 * the same with other settings, both run on the same streams, so that
 * replicate r of each arm sees the same draws and the paired difference
 * d_r = x_B,r - x_A,r measures the choice alone.  For every variable v and
 * report horizon h, out[v * n_horizons + h] holds the means of each arm
 * and the mean of d with a `level` bootstrap interval over replicates (the
 * same n_boot resamples, from the stream (seed, 0, 0,
 * RNG_PURPOSE_BOOTSTRAP), for every variable and horizon).  The engines
 * must have run every block, with the same replicates and horizons.
 */
struct compare_difference {
    double mean_a, mean_b;
    double estimate, low, high; /* mean of B - A and its interval */
};

sim_status compare_differences(const struct engine *a, const struct engine *b,
                               size_t n_boot, double level, uint64_t seed,
                               struct compare_difference *out, char *err);

/*
 * Whether compare's control arm exists for sc: SIM_OK for one organisation
 * or a portfolio.  A territory has no investment in alliance engineering
 * to take away (it compares itself with and without its alliances, every
 * month, in its own variables): SIM_ERR_INVALID, with a message naming the
 * scenario file.  `command` names what needs the arm ("compare",
 * "calibrate", "a sweep's fund metric"); `instead` says what to use
 * instead (NULL: nothing).
 */
sim_status compare_check_scenario(const struct scenario *sc,
                                  const char *command, const char *instead,
                                  char *err);

/*
 * The control arm's parameters for scenario sc, in a new buffer (free with
 * sim_free): a portfolio's fund.budget_eur set to 0; for one organisation,
 * engineering.budget_eur set to 0 and the tiers-on-top policy off, and the
 * scenario's events on those two settings left out (the others apply in
 * both arms).  NULL with a message when out of memory or when sc has no
 * control arm (compare_check_scenario).
 */
void *compare_control_params(const struct scenario *sc, char *err);

/* Turns params, parameters of sc's model (a sweep's row), into the control
 * arm's, as compare_control_params does; sc must have a control arm
 * (compare_check_scenario: params are left as they are otherwise). */
void compare_control_apply(const struct scenario *sc, void *params);

/*
 * Runs both arms of sc with `config` (no output file, no bootstrap) and
 * writes the estimates of every metric at every horizon into
 * out[horizon][metric].  For calibration, where the same seed and replicates
 * make the figures a deterministic function of the parameters (not a smooth
 * one: closures, and with them durability, change in steps).
 */
sim_status compare_estimates(const struct scenario *sc,
                             const struct engine_config *config,
                             double (*out)[METRIC_COUNT], char *err);

/*
 * As compare_estimates, with the `level` bootstrap interval of every metric
 * from n_boot resamples (compare_metrics), for a run that writes no file.
 */
sim_status compare_intervals(const struct scenario *sc,
                             const struct engine_config *config, size_t n_boot,
                             double level,
                             struct compare_value (*out)[METRIC_COUNT],
                             char *err);

#endif
