/*
 * calibrate.h - fitting free parameters of a scenario to target figures of
 * `compare` (frugality, durability, leverage, ...) at one horizon.
 *
 * A targets file (libconfig, docs/calibration.md) names the horizon, the
 * targets and the free parameters with their bounds; one free parameter may
 * drive several settings at once (`paths`).  The objective is the sum of
 * squared relative residuals, computed on fixed random streams (the same
 * seed and replicates at every evaluation: common random numbers) so that it
 * varies smoothly with the parameters; GSL's Nelder-Mead simplex minimises
 * it in logistic coordinates that keep every parameter inside its bounds.
 */
#ifndef SIM_CALIBRATE_H
#define SIM_CALIBRATE_H

#include "compare.h"
#include "sim/io/scenario.h"

#define CALIBRATE_MAX_FREE 16
#define CALIBRATE_MAX_PATHS 8

struct calibrate_free {
    char name[PARAM_STRING_LEN];                   /* the first path */
    char paths[CALIBRATE_MAX_PATHS][PARAM_STRING_LEN];
    int n_paths;
    double min, max, start;
    char source[PARAM_STRING_LEN];                 /* why these bounds */
};

struct calibrate_target {
    enum compare_metric metric;
    double value;
    double weight;
};

struct calibrate_settings {
    long horizon;
    long replicates;    /* 0: the scenario's */
    long seed;          /* 0: the scenario's */
    long max_iterations;
    double tolerance;   /* simplex size at which to stop */
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
    double values[CALIBRATE_MAX_FREE];
    double achieved[METRIC_COUNT]; /* metric estimates at the horizon */
    double objective;
    long iterations;
    long evaluations;
    int converged;
};

/*
 * Fits c's free parameters for scenario sc (left with the fitted values
 * set), printing progress to `log` when not NULL.
 */
sim_status calibrate_run(struct scenario *sc, const struct calibration *c,
                         struct calibrate_result *result, FILE *log,
                         char *err);

/*
 * Writes the calibrated scenario to `path`: a file that @includes the
 * scenario and overrides the free parameters (written as a temporary file
 * and renamed into place).
 */
sim_status calibrate_write_scenario(const struct scenario *sc,
                                    const struct calibration *c,
                                    const struct calibrate_result *result,
                                    const char *path, char *err);

#endif
