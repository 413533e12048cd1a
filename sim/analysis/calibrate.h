/*
 * calibrate.h - fitting free parameters of a scenario to target figures of
 * `compare` (frugality, durability, leverage, ...) at one horizon.
 *
 * A targets file (libconfig, docs/calibration.md) names the horizon, the
 * targets and the free parameters with their bounds; one free parameter may
 * drive several settings at once (`paths`).  The objective is the sum of
 * squared relative residuals, computed on fixed random streams (the same
 * seed and replicates at every evaluation: common random numbers) so that it
 * is deterministic, though not smooth (durability, a ratio of closure
 * counts, moves in steps); GSL's Nelder-Mead simplex, which needs no
 * gradient, minimises it in logistic coordinates that keep every parameter
 * inside its bounds.
 *
 * A fit converges only when every target is met within its tolerance: a
 * simplex that stops shrinking at a local minimum is no fit.  Several
 * starts (calibrate_starts) run the simplex from the points of a Sobol'
 * design over the free parameters' ranges, in parallel; the fits that meet
 * the targets form the ensemble whose spread says how far the targets pin
 * each parameter.
 */
#ifndef SIM_CALIBRATE_H
#define SIM_CALIBRATE_H

#include "compare.h"
#include "sim/io/scenario.h"

#define CALIBRATE_MAX_FREE 16
#define CALIBRATE_MAX_PATHS 8

/* A parameter that ends within this share of its range from a bound is
 * reported: the targets may want it beyond the range its source allows. */
#define CALIBRATE_NEAR_BOUND 0.01

/* Starts of a multi-start fit at most: each holds a scenario and a simplex
 * at once on its thread, and the fits are kept for the ensemble. */
#define CALIBRATE_MAX_STARTS 4096

struct calibrate_free {
    char name[PARAM_STRING_LEN];                   /* the first path */
    char paths[CALIBRATE_MAX_PATHS][PARAM_STRING_LEN];
    const char *units[CALIBRATE_MAX_PATHS];        /* each path's unit */
    int n_paths;
    double min, max, start;
    char source[PARAM_STRING_LEN];                 /* why these bounds */
};

struct calibrate_target {
    enum compare_metric metric;
    double value;
    double weight;
    double tolerance; /* met when |achieved / value - 1| <= tolerance */
};

struct calibrate_settings {
    long horizon;
    long replicates;    /* 0: the scenario's */
    long seed;          /* 0: the scenario's */
    long max_iterations;
    double tolerance;   /* simplex size at which to stop */
    double target_tolerance; /* of targets that give none of their own */
    char output[PARAM_PATH_LEN];
};

struct calibration {
    char path[PARAM_PATH_LEN];
    char *text;
    struct calibrate_settings settings;
    int n_targets;
    struct calibrate_target targets[METRIC_COUNT];
    int n_free;
    struct calibrate_free free[CALIBRATE_MAX_FREE];
};

/* Loads and checks a targets file against scenario sc (every path must be a
 * numeric setting of it).  Free with calibration_free. */
sim_status calibration_load(const char *path, struct scenario *sc,
                            struct calibration **out, char *err);

void calibration_free(struct calibration *c);

/* The result of a fit. */
struct calibrate_result {
    int start;                       /* the start's index (0: the file's) */
    double start_values[CALIBRATE_MAX_FREE];
    double values[CALIBRATE_MAX_FREE];
    double achieved[METRIC_COUNT];   /* metric estimates at the horizon */
    double objective;
    long iterations;
    long evaluations;
    int simplex_converged;           /* the simplex shrank below tolerance */
    int simplex_stuck;               /* GSL could not improve the simplex */
    int converged;                   /* every target met: a fit to trust */
};

/* Whether target t of c is met by r within its tolerance. */
int calibrate_target_met(const struct calibration *c, int t,
                         const struct calibrate_result *r);

/* -1 when value lies within CALIBRATE_NEAR_BOUND of f's range from its lower
 * bound, +1 from its upper bound, else 0. */
int calibrate_near_bound(const struct calibrate_free *f, double value);

/*
 * Fits c's free parameters for scenario sc from the targets file's start
 * (sc is left with the fitted values set), printing progress to `log` when
 * not NULL.  result->converged says whether every target is met; a fit that
 * is not is still SIM_OK (the caller decides), errors are for runs that
 * failed.
 */
sim_status calibrate_run(struct scenario *sc, const struct calibration *c,
                         struct calibrate_result *result, FILE *log,
                         char *err);

/*
 * The starting values of start k of a multi-start fit into values: start 0
 * is the targets file's start; start k >= 1 is point k of GSL's Sobol'
 * sequence (the first is the centre of the box) mapped onto the free
 * parameters' ranges.  n_starts is the number of starts to come (at most
 * CALIBRATE_MAX_STARTS); SIM_ERR_RANGE or SIM_ERR_NOMEM with a message.
 */
sim_status calibrate_start_values(const struct calibration *c, int n_starts,
                                  double (*values)[CALIBRATE_MAX_FREE],
                                  char *err);

/*
 * Runs the fit from n_starts starts (calibrate_start_values) on OpenMP
 * threads, each on its own copy of the scenario loaded from sc->path, into
 * fits[0 .. n_starts) in start order; every fit draws the same streams, so
 * the fits are the same whatever the number of threads.  Progress (one line
 * a start) goes to `log` when not NULL.  Returns the first failure in start
 * order with its message.
 */
sim_status calibrate_starts(const struct scenario *sc,
                            const struct calibration *c, int n_starts,
                            struct calibrate_result *fits, FILE *log,
                            char *err);

/* The index of the best fit among fits[0 .. n): the lowest objective among
 * the fits that meet the targets, or among all when none does; the first
 * start on ties. */
int calibrate_best(const struct calibrate_result *fits, int n);

/*
 * Writes the calibrated scenario to `path`: a file that @includes the
 * scenario and overrides the free parameters (written as a temporary file
 * and renamed into place).  Its header says whether the targets were met.
 */
sim_status calibrate_write_scenario(const struct scenario *sc,
                                    const struct calibration *c,
                                    const struct calibrate_result *result,
                                    const char *path, char *err);

#endif
