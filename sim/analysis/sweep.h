/*
 * sweep.h - sweep files: a base scenario (or an analytic test function), the
 * parameters to vary with their distributions, the design, the outputs of
 * interest, and for `alliance-sim sensitivity` the method of analysis.
 *
 * A sweep file is a libconfig file (docs/sweeps.md): scalar settings are
 * declared once in sweep_settings_table (so they are type- and range-checked
 * like a scenario's), and the lists `parameters` and `outputs` are read here
 * with the same care: every error names the file, the line and the setting.
 */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <stdint.h>

#include "compare.h"
#include "design.h"
#include "models/model.h"
#include "sim/core/engine.h"
#include "sim/io/param_dist.h"
#include "sim/io/scenario.h"

#define SWEEP_MAX_PARAMS 40
#define SWEEP_MAX_OUTPUTS 64
#define SWEEP_MAX_HORIZONS 1200

enum sweep_stat_kind { SWEEP_STAT_MEAN, SWEEP_STAT_SD, SWEEP_STAT_QUANTILE };

struct sweep_output {
    char name[96];      /* "cash_eur:p05", or a fund metric's "leverage" */
    size_t var;         /* index in the model's variables; n_vars + l for
                           the indicator of lever l (horizon matrix) */
    enum sweep_stat_kind stat;
    double quantile;    /* for SWEEP_STAT_QUANTILE, in (0, 1) */
    int metric;         /* a compare metric (enum compare_metric) of the row
                           against its control arm, or -1: a statistic of
                           var */
};

/* The scalar settings (sweep_settings_table). */
struct sweep_settings {
    char base[PARAM_PATH_LEN];
    char model[PARAM_STRING_LEN]; /* every PARAM_STRING holds as much */
    char design[PARAM_STRING_LEN];
    long samples;
    long seed;
    long replicates;
    long months;
    struct param_int_list horizons;
    long block;
    char output[PARAM_PATH_LEN];
    int common_random_numbers;
    char method[PARAM_STRING_LEN];
    char intervals[PARAM_STRING_LEN]; /* a sobol_interval_names entry */
    long bootstrap;
    double confidence;
    int yearly;
    long trajectories;
    long levels;
};

struct sweep {
    char path[PARAM_PATH_LEN];
    char *text;                 /* the sweep file's text, owned */
    char *parsed_text;          /* ... with the files it @includes, owned */
    struct sweep_settings settings;
    const struct model_type *model;
    struct scenario *scenario;  /* base scenario (organisation model) or NULL */
    void *base_params;          /* model->params_size bytes, owned */
    size_t n_params;
    struct param_dist params[SWEEP_MAX_PARAMS];
    int per_project[SWEEP_MAX_PARAMS]; /* portfolio: set in every project;
                                        territory: in the template */
    size_t n_outputs;
    struct sweep_output outputs[SWEEP_MAX_OUTPUTS];
    int n_horizons;
    long *horizons;             /* [n_horizons], months, owned */
    unsigned char *reported;    /* [n_horizons]: a report horizon (not only
                                   a year end of sensitivity.yearly) */
    long months;
    long replicates;
    int sensitivity;            /* loaded for `sensitivity`, not `sweep` */
    int has_metrics;            /* an output is a compare metric: every row
                                   runs its control arm too */
    /* sensitivity: the settings given (file:line or --set) that the method
     * run does not read, another method's ("samples (f.cfg:3), ..."), for
     * a note; empty when none. */
    char unread[512];
};

extern const struct param_desc sweep_settings_table[];
extern const size_t sweep_settings_count;

/*
 * Loads and validates the sweep file at path (its base scenario too).
 * `sensitivity` selects which settings must make sense (design for a sweep;
 * method for a sensitivity analysis).  Overrides (--set) replace scalar
 * settings of the file, with the same checks.  Returns a new sweep in *out (free
 * with sweep_free) or an error naming file, line and setting.
 */
/* A command-line override of a scalar setting: "samples", "64". */
struct sweep_override {
    const char *path;
    const char *value;
};

sim_status sweep_load(const char *path, int sensitivity,
                      const struct sweep_override *overrides,
                      size_t n_overrides, struct sweep **out, char *err);

/* Frees sw; sweep_free(NULL) does nothing. */
void sweep_free(struct sweep *sw);

/*
 * Writes into params (model->params_size bytes) the base parameters with the
 * values of one design row applied; values[k] receives each parameter's
 * value (after rounding integers and booleans).  Returns SIM_ERR_INVALID
 * with a message when the row breaks a cross-setting constraint.
 */
sim_status sweep_apply_row(const struct sweep *sw, const double *unit,
                           void *params, double *values, char *err);

/* The output path: settings.output, or out/<sweep file name>.h5 for a
 * sweep and out/<sweep file name>-<method>.h5 for sensitivity. */
void sweep_output_path(const struct sweep *sw, char *buf, size_t len);

/* The unit of output o's values (its variable's; "1" for a lever
 * indicator).  A static string. */
const char *sweep_output_unit(const struct sweep *sw, size_t o);

#endif
