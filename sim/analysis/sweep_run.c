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
    void *control;     /* the row's control arm, for fund metrics */
    double *sums;      /* [arm][total][n_horizons], over the replicates */
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
    size_t total_var[TOTAL_COUNT]; /* the variables compare's totals sum */
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
        sim_free(w->control);
        sim_free(w->sums);
        if (w->rng != NULL)
            gsl_rng_free(w->rng);
    }
    sim_free(r->ws);
    sim_free(r);
}

/* The model variables compare's totals sum (compare_total_vars). */
static sim_status find_total_vars(const struct sweep *sw, size_t *var,
                                  char *err)
{
    int is_fund = sw->scenario->portfolio != NULL;
    for (int t = 0; t < TOTAL_COUNT; t++) {
        const char *name = t == TOTAL_INVESTMENT && !is_fund
                               ? "cost_engineering_eur"
                               : compare_total_vars[t];
        long v = model_var_index(sw->model, name);
        if (v < 0)
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: the %s model has no variable %s for the "
                            "fund metrics",
                            sw->path, sw->model->name, name);
        var[t] = (size_t)v;
    }
    return SIM_OK;
}

struct sweep_runner *sweep_runner_new(const struct sweep *sw, char *err)
{
    struct sweep_runner *r = sim_calloc(1, sizeof *r);
    if (r == NULL)
        goto nomem;
    r->sw = sw;
    r->n_threads = sim_max_threads();
    if (sw->has_metrics && find_total_vars(sw, r->total_var, err) != SIM_OK) {
        sweep_runner_free(r);
        return NULL;
    }
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
        if (sw->has_metrics) {
            w->control = sim_calloc(1, sw->model->params_size);
            w->sums = sim_calloc(2 * TOTAL_COUNT * (size_t)sw->n_horizons,
                                 sizeof *w->sums);
            if (w->control == NULL || w->sums == NULL)
                goto nomem;
        }
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
        return sim_mean(x, n); /* as /summary's: a row equals the run */
    case SWEEP_STAT_SD:
        return n > 1 ? gsl_stats_sd(x, 1, n) : 0.0;
    case SWEEP_STAT_QUANTILE:
        memcpy(scratch, x, n * sizeof *scratch);
        return sim_quantile_select(scratch, n, o->quantile);
    }
    return NAN;
}

/* One replicate of one arm (0: the row, 1: its control arm): the row's
 * variables at the horizons into w->at, and with fund metrics each total
 * summed from month 1 to each horizon into w->sums, month by month and
 * replicate by replicate as compare sums them, so that a row's figures are
 * compare's for the same parameters and streams. */
static void run_replicate(const struct sweep *sw, const size_t *total_var,
                          struct sweep_workspace *w, const void *params,
                          uint32_t sample, size_t rep, int arm)
{
    const struct model_type *m = sw->model;
    size_t n_vars = m->n_vars;
    /* Columns of w->at: the variables, then the lever indicators. */
    size_t n_cols = n_vars + LEVER_COUNT;
    size_t reps = (size_t)sw->replicates;
    size_t n_h = (size_t)sw->n_horizons;
    double running[TOTAL_COUNT] = {0};
    sim_rng_stream(w->rng, (uint64_t)sw->settings.seed, sample, (uint32_t)rep,
                   RNG_PURPOSE_MODEL);
    m->init(params, w->state, w->row);
    int h = 0;
    for (long t = 1; t <= sw->months && h < sw->n_horizons; t++) {
        m->step(params, w->state, t, w->rng, w->row);
        if (sw->has_metrics)
            for (int k = 0; k < TOTAL_COUNT; k++)
                running[k] += w->row[total_var[k]];
        if (t != sw->horizons[h])
            continue;
        if (arm == 0) {
            double *at = w->at + (size_t)h * n_cols * reps + rep;
            for (size_t v = 0; v < n_vars; v++)
                at[v * reps] = w->row[v];
            if (m->levers != NULL) {
                double ind[LEVER_COUNT];
                m->levers(params, w->row, ind);
                for (int l = 0; l < LEVER_COUNT; l++)
                    at[(n_vars + (size_t)l) * reps] = ind[l];
            }
        }
        if (sw->has_metrics)
            for (int k = 0; k < TOTAL_COUNT; k++)
                w->sums[((size_t)arm * TOTAL_COUNT + (size_t)k) * n_h +
                        (size_t)h] += k == TOTAL_ALIVE
                                          ? w->row[total_var[k]]
                                          : running[k];
        h++;
    }
}

/* Runs every replicate of one row and reduces them to the outputs: 0, -1
 * for a row that breaks a constraint (message in w->err), 1 when stop asked
 * to stop (w->stop), the row then unfinished. */
static int eval_row(const struct sweep_runner *r, struct sweep_workspace *w,
                    sim_status (*stop)(void), long row, const double *unit,
                    double *values, double *outputs)
{
    const struct sweep *sw = r->sw;
    if (sweep_apply_row(sw, unit, w->params, values, w->err) != SIM_OK)
        return -1;
    const struct model_type *m = sw->model;
    size_t n_cols = m->n_vars + LEVER_COUNT;
    size_t reps = (size_t)sw->replicates;
    size_t n_h = (size_t)sw->n_horizons;
    uint32_t sample = sw->settings.common_random_numbers ? 0 : (uint32_t)row;
    if (sw->has_metrics) {
        memcpy(w->control, w->params, m->params_size);
        compare_control_apply(sw->scenario, w->control);
        memset(w->sums, 0, 2 * TOTAL_COUNT * n_h * sizeof *w->sums);
    }
    for (size_t rep = 0; rep < reps; rep++) {
        /* Per replicate, not per row or block: a row of the organisation
         * model can take seconds, and a signal must stop the sweep within
         * one. */
        if (stop != NULL && (w->stop = stop()) != SIM_OK)
            return 1;
        run_replicate(sw, r->total_var, w, w->params, sample, rep, 0);
        /* The control arm on the same stream: common random numbers. */
        if (sw->has_metrics)
            run_replicate(sw, r->total_var, w, w->control, sample, rep, 1);
    }
    int is_fund = sw->has_metrics && sw->scenario->portfolio != NULL;
    for (size_t h = 0; h < n_h; h++) {
        double metrics[METRIC_COUNT] = {0};
        if (sw->has_metrics) {
            double sum_t[TOTAL_COUNT], sum_c[TOTAL_COUNT];
            for (int k = 0; k < TOTAL_COUNT; k++) {
                sum_t[k] = w->sums[(size_t)k * n_h + h];
                sum_c[k] = w->sums[((size_t)TOTAL_COUNT + (size_t)k) * n_h + h];
            }
            compare_metrics_from_totals(sum_t, sum_c, (double)reps, is_fund,
                                        metrics);
        }
        for (size_t o = 0; o < sw->n_outputs; o++) {
            const struct sweep_output *out = &sw->outputs[o];
            outputs[o * n_h + h] =
                out->metric >= 0
                    ? metrics[out->metric]
                    : statistic(out, w->at + (h * n_cols + out->var) * reps,
                                reps, w->scratch);
        }
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
    /* Rows handed out in chunks of about 1/64 of a thread's share: one row
     * at a time, threads fought over the loop's counter for every row of
     * a model that evaluates in 0.1 us (Ishigami: 10-20% of `sensitivity`
     * at N = 262144); a block of rows that take seconds each still goes
     * one or two rows at a time. */
    long chunk = count / (64 * (long)r->n_threads);
    if (chunk < 1)
        chunk = 1;
#pragma omp parallel for schedule(dynamic, chunk)
    for (long i = 0; i < count; i++) {
        struct sweep_workspace *w = &r->ws[sim_thread_id()];
        int rc = 1;
        if (w->failed_row < 0 && w->stop == SIM_OK)
            rc = eval_row(r, w, r->stop, first + i, unit + (size_t)i * k,
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
