/*
 * sweep_run.h - evaluating the rows of a sweep, in parallel, block by block.
 *
 * A row is one point of the design: unit coordinates (one per swept
 * parameter) mapped through each parameter's distribution onto a parameter
 * set, whose replicates run month by month; the outputs of interest are
 * statistics across replicates of variables at the report horizons.
 * Replicate r of row i draws from the stream (seed, i, r), or (seed, 0, r)
 * with common random numbers, so each row's outputs are the same whatever
 * the threads, the block size, or whether the sweep was interrupted and
 * resumed.
 */
#ifndef SIM_SWEEP_RUN_H
#define SIM_SWEEP_RUN_H

#include "sweep.h"

struct sweep_runner;

/* Prepares per-thread workspaces for sw.  NULL with a message on failure. */
struct sweep_runner *sweep_runner_new(const struct sweep *sw, char *err);

/*
 * Evaluates rows first .. first+count-1 whose unit points are
 * unit[count][n_params]: writes values[count][n_params] (the parameter
 * values) and outputs[count][n_outputs][n_horizons].  On a row that breaks a
 * cross-setting constraint, returns SIM_ERR_INVALID naming the row.  When
 * the stop callback asks to stop, returns its status; the leading rows that
 * finished (sweep_runner_completed) hold their final values, the others
 * nothing to keep.
 */
sim_status sweep_runner_eval(struct sweep_runner *r, long first, long count,
                             const double *unit, double *values,
                             double *outputs, char *err);

/*
 * From now on sweep_runner_eval polls stop (which may be NULL: never stop)
 * before each replicate, from every thread at once: SIM_OK goes on, any
 * other status stops the evaluation within a replicate's time.  The
 * command line passes the state of its signal handler, which this layer
 * must not include.
 */
void sweep_runner_set_stop(struct sweep_runner *r, sim_status (*stop)(void));

/* How many rows of the last sweep_runner_eval finished, counted from its
 * first row with none missing: count after SIM_OK, fewer after a stop. */
long sweep_runner_completed(const struct sweep_runner *r);

/* Frees r; sweep_runner_free(NULL) does nothing. */
void sweep_runner_free(struct sweep_runner *r);

#endif
