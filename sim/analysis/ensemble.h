/*
 * ensemble.h - the fits of a multi-start calibration that meet the targets,
 * as a file, and the fund scenario run over them.
 *
 * `calibrate --ensemble FILE.h5` writes every fit that meets the targets
 * (/fits) and every start, met or not (/starts); `compare --ensemble
 * FILE.h5` runs the scenario once per acceptable fit on the same random
 * streams, so that the spread of a figure across the fits is the parameter
 * uncertainty the targets leave, shown beside the Monte Carlo interval of
 * the best fit.  Layout (docs/calibration.md, « The ensemble file »), read
 * by netCDF-4 and xarray: 2-D float64 datasets (fit, parameter) and (fit,
 * metric) or (fit, horizon), each dimension a scale in its own group,
 * strings variable-length, no compound types.  The parameter dimension
 * holds every setting path, tied paths of one free parameter repeated, so
 * that the file alone says what to set.
 */
#ifndef SIM_ENSEMBLE_H
#define SIM_ENSEMBLE_H

#include <stdio.h>

#include "calibrate.h"
#include "compare.h"

/* Setting paths an ensemble may set at most. */
#define ENSEMBLE_MAX_PATHS (CALIBRATE_MAX_FREE * CALIBRATE_MAX_PATHS)

/* Fits of an ensemble read back: values[fit * n_paths + path]. */
struct ensemble {
    char file[PARAM_PATH_LEN];
    size_t n_fits, n_paths;
    char paths[ENSEMBLE_MAX_PATHS][PARAM_STRING_LEN];
    const char *units[ENSEMBLE_MAX_PATHS]; /* each path's, from its table */
    double *values; /* owned */
    /* Settings of the scenario read with it that differ from those it was
     * calibrated on (the fitted ones aside): how many, and the first of
     * them as "path = x here, y there; ..." (empty for an ensemble
     * written before calibrate recorded them). */
    size_t n_differ;
    char differ[768];
    char calibrated[PARAM_PATH_LEN]; /* the scenario file calibrated */
};

/*
 * Writes the ensemble of calibration c to `path` (through a temporary
 * renamed into place): /fits holds the fits[0 .. n) that met the targets,
 * best (lowest objective) first, /starts every fit in start order.
 * SIM_ERR_INVALID when no fit met the targets (nothing is written), else
 * SIM_OK or an HDF5 or I/O error naming the file; no file is left on
 * failure.
 */
sim_status ensemble_write(const char *path, const struct scenario *sc,
                          const struct calibration *c,
                          const struct calibrate_result *fits, int n,
                          const char *command_line, char *err);

/*
 * Reads the acceptable fits of the ensemble file at path and checks each
 * setting path against scenario sc (a real-valued setting).  A new ensemble
 * in *out (free with ensemble_free), or an error naming the file and what
 * is missing or wrong.
 */
sim_status ensemble_read(const char *path, struct scenario *sc,
                         struct ensemble **out, char *err);

/* Frees e; ensemble_free(NULL) does nothing. */
void ensemble_free(struct ensemble *e);

/*
 * Runs compare's two arms of sc once per fit of e with `config` (the same
 * seed and replicates for every fit): est[(fit * n_horizons + h) *
 * METRIC_COUNT + metric] receives the estimates; mc[h][metric] the estimate
 * and the `level` bootstrap interval (n_boot resamples) of fit 0, the best.
 * sc is left with fit 0's values.  Progress to log when not NULL.
 */
sim_status ensemble_compare(struct scenario *sc, const struct ensemble *e,
                            const struct engine_config *config, size_t n_boot,
                            double level, double *est,
                            struct compare_value (*mc)[METRIC_COUNT],
                            FILE *log, char *err);

/*
 * Writes what ensemble_compare computed to the HDF5 file `path` (through a
 * temporary): /ensemble/<metric> (fit, horizon), /ensemble/<metric>_mc
 * (horizon, bound) and the fits' values (fit, parameter).
 */
sim_status ensemble_compare_write(const char *path, const struct scenario *sc,
                                  const struct ensemble *e,
                                  const struct engine_config *config,
                                  const double *est,
                                  struct compare_value (*mc)[METRIC_COUNT],
                                  double level, const char *command_line,
                                  char *err);

#endif
