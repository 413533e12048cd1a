#include "sweep_run.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "models/horizon.h"
#include "sim/core/alloc.h"
#include "sim/core/quantile.h"
#include "sim/core/rng.h"
#include "sim/core/threads.h"

/* One thread's workspace, allocated once. */
struct sweep_workspace {
    void *params;
    void *state;
    double *row;       /* [n_vars] */
    double *at;        /* [n_horizons][n_vars][replicates] */
    double *scratch;   /* [replicates] */
    gsl_rng *rng;
    char err[SIM_ERR_LEN];
    long failed_row;   /* first row this thread could not evaluate, or -1 */
    long abandoned;    /* lowest row this thread left unfinished, or
                          LONG_MAX */
    sim_status stop;   /* what the stop callback said, SIM_OK until it
                          asked to stop */
};

struct sweep_runner {
    const struct sweep *sw;
    int n_threads;
    struct sweep_workspace *ws;
    sim_status (*stop)(void); /* polled once per replicate, or NULL */
    long completed;           /* leading rows the last eval finished */
};

void sweep_runner_set_stop(struct sweep_runner *r, sim_status (*stop)(void))
{
    r->stop = stop;
}

long sweep_runner_completed(const struct sweep_runner *r)
{
    return r->completed;
}



void sweep_runner_free(struct sweep_runner *r)
{
    if (r == NULL)
        return;
    for (int t = 0; r->ws != NULL && t < r->n_threads; t++) {
        struct sweep_workspace *w = &r->ws[t];
        sim_free(w->params);
        sim_free(w->state);
        sim_free(w->row);
        sim_free(w->at);
        sim_free(w->scratch);
        if (w->rng != NULL)
            gsl_rng_free(w->rng);
    }
    sim_free(r->ws);
    sim_free(r);
}

struct sweep_runner *sweep_runner_new(const struct sweep *sw, char *err)
{
    struct sweep_runner *r = sim_calloc(1, sizeof *r);
    if (r == NULL)
        goto nomem;
    r->sw = sw;
    r->n_threads = sim_max_threads();
    r->ws = sim_calloc((size_t)r->n_threads, sizeof *r->ws);
    if (r->ws == NULL)
        goto nomem;
    size_t n_vars = sw->model->n_vars;
    size_t reps = (size_t)sw->replicates;
    for (int t = 0; t < r->n_threads; t++) {
        struct sweep_workspace *w = &r->ws[t];
        /* Apart from the other threads' (alloc.h): the state, the row and
         * the generator are written every month, the parameters read. */
        size_t stride;
        w->params = sim_calloc_apart(1, sw->model->params_size, &stride);
        w->state = sim_calloc_apart(1, sw->model->state_size, &stride);
        w->row = sim_calloc_apart(1, n_vars * sizeof *w->row, &stride);
        w->at = sim_calloc((size_t)sw->n_horizons * (n_vars + LEVER_COUNT) *
                               reps,
                           sizeof *w->at);
        w->scratch = sim_calloc_apart(1, reps * sizeof *w->scratch, &stride);
        w->rng = sim_rng_new((uint64_t)sw->settings.seed);
        if (w->params == NULL || w->state == NULL || w->row == NULL ||
            w->at == NULL || w->scratch == NULL || w->rng == NULL)
            goto nomem;
    }
    return r;
nomem:
    sweep_runner_free(r);
    sim_fail(err, SIM_ERR_NOMEM, "sweep: out of memory for the workspaces");
    return NULL;
}

static double statistic(const struct sweep_output *o, const double *x,
                        size_t n, double *scratch)
{
    switch (o->stat) {
    case SWEEP_STAT_MEAN:
        return gsl_stats_mean(x, 1, n);
    case SWEEP_STAT_SD:
        return n > 1 ? gsl_stats_sd(x, 1, n) : 0.0;
    case SWEEP_STAT_QUANTILE:
        memcpy(scratch, x, n * sizeof *scratch);
        return sim_quantile_select(scratch, n, o->quantile);
    }
    return NAN;
}

/* Runs every replicate of one row and reduces them to the outputs: 0, -1
 * for a row that breaks a constraint (message in w->err), 1 when stop asked
 * to stop (w->stop), the row then unfinished. */
static int eval_row(const struct sweep *sw, struct sweep_workspace *w,
                    sim_status (*stop)(void), long row, const double *unit,
                    double *values, double *outputs)
{
    if (sweep_apply_row(sw, unit, w->params, values, w->err) != SIM_OK)
        return -1;
    const struct model_type *m = sw->model;
    size_t n_vars = m->n_vars;
    /* Columns of w->at: the variables, then the lever indicators. */
    size_t n_cols = n_vars + LEVER_COUNT;
    size_t reps = (size_t)sw->replicates;
    uint32_t sample = sw->settings.common_random_numbers ? 0 : (uint32_t)row;
    for (size_t rep = 0; rep < reps; rep++) {
        /* Per replicate, not per row or block: a row of the organisation
         * model can take seconds, and a signal must stop the sweep within
         * one. */
        if (stop != NULL && (w->stop = stop()) != SIM_OK)
            return 1;
        sim_rng_stream(w->rng, (uint64_t)sw->settings.seed, sample,
                       (uint32_t)rep, RNG_PURPOSE_MODEL);
        m->init(w->params, w->state, w->row);
        int h = 0;
        for (long t = 1; t <= sw->months && h < sw->n_horizons; t++) {
            m->step(w->params, w->state, t, w->rng, w->row);
            if (t == sw->horizons[h]) {
                double *at = w->at + (size_t)h * n_cols * reps + rep;
                for (size_t v = 0; v < n_vars; v++)
                    at[v * reps] = w->row[v];
                if (m->levers != NULL) {
                    double ind[LEVER_COUNT];
                    m->levers(w->params, w->row, ind);
                    for (int l = 0; l < LEVER_COUNT; l++)
                        at[(n_vars + (size_t)l) * reps] = ind[l];
                }
                h++;
            }
        }
    }
    size_t n_h = (size_t)sw->n_horizons;
    for (size_t o = 0; o < sw->n_outputs; o++) {
        const struct sweep_output *out = &sw->outputs[o];
        for (size_t h = 0; h < n_h; h++)
            outputs[o * n_h + h] =
                statistic(out, w->at + (h * n_cols + out->var) * reps, reps,
                          w->scratch);
    }
    return 0;
}

sim_status sweep_runner_eval(struct sweep_runner *r, long first, long count,
                             const double *unit, double *values,
                             double *outputs, char *err)
{
    const struct sweep *sw = r->sw;
    size_t k = sw->n_params;
    size_t per_row = sw->n_outputs * (size_t)sw->n_horizons;
    for (int t = 0; t < r->n_threads; t++) {
        r->ws[t].failed_row = -1;
        r->ws[t].abandoned = LONG_MAX;
        r->ws[t].stop = SIM_OK;
    }

    /* Rows may finish in any order; after a stop only the rows below every
     * unfinished one count as done, so that the checkpoint holds whole rows
     * in order and a resume computes exactly the rest. */
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < count; i++) {
        struct sweep_workspace *w = &r->ws[sim_thread_id()];
        int rc = 1;
        if (w->failed_row < 0 && w->stop == SIM_OK)
            rc = eval_row(sw, w, r->stop, first + i, unit + (size_t)i * k,
                          values + (size_t)i * k,
                          outputs + (size_t)i * per_row);
        if (rc < 0)
            w->failed_row = first + i;
        if (rc != 0 && first + i < w->abandoned)
            w->abandoned = first + i;
    }

    long lowest = first + count;
    sim_status stop = SIM_OK;
    for (int t = 0; t < r->n_threads; t++) {
        if (r->ws[t].abandoned < lowest)
            lowest = r->ws[t].abandoned;
        if (r->ws[t].stop != SIM_OK)
            stop = r->ws[t].stop;
    }
    r->completed = lowest - first;

    /* Report the lowest failing row, whatever thread met it. */
    const struct sweep_workspace *worst = NULL;
    for (int t = 0; t < r->n_threads; t++)
        if (r->ws[t].failed_row >= 0 &&
            (worst == NULL || r->ws[t].failed_row < worst->failed_row))
            worst = &r->ws[t];
    if (worst != NULL)
        return sim_fail(err, SIM_ERR_INVALID, "%s: row %ld of the design: %s",
                        sw->path, worst->failed_row, worst->err);
    if (stop != SIM_OK)
        return sim_fail(err, stop,
                        "%s: rows %ld to %ld stopped with %ld finished: %s",
                        sw->path, first, first + count - 1, r->completed,
                        sim_status_message(stop));
    return SIM_OK;
}
