#include "summary.h"

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "alloc.h"
#include "quantile.h"
#include "threads.h"

const char *const summary_stat_names[STAT_COUNT] = {"mean", "p05", "p50",
                                                    "p95"};

void summary_stats(const double *x, size_t n, double *scratch, double *out)
{
    memcpy(scratch, x, n * sizeof *scratch);
    out[STAT_MEAN] = sim_mean(x, n);
    out[STAT_P05] = sim_quantile_select(scratch, n, 0.05);
    out[STAT_P50] = sim_quantile_select(scratch, n, 0.50);
    out[STAT_P95] = sim_quantile_select(scratch, n, 0.95);
}

/* Per replicate: the lever indicators and scores at each scored horizon, and
 * the weighted score; then their statistics. */
static int add_levers(struct summary *s, const struct engine *e,
                      const double *barycentre, double *scratch)
{
    const struct model_type *m = engine_model(e);
    size_t reps = (size_t)s->replicates;
    size_t n_vars = s->n_vars;
    int n_h = s->n_scored;
    double *obs = sim_calloc((size_t)sim_max_threads() * n_vars, sizeof *obs);
    double *per_rep = sim_calloc(reps * (size_t)(n_h * (LEVER_COUNT + 1) + 1),
                                 sizeof *per_rep);
    if (obs == NULL || per_rep == NULL) {
        sim_free(obs);
        sim_free(per_rep);
        return -1;
    }
    /* Layout of per_rep: [slot][replicate], slot = h * (LEVER_COUNT + 1) + l
     * for lever l (l == LEVER_COUNT: the score), the last slot the weighted
     * score. */
    size_t weighted_slot = (size_t)n_h * (LEVER_COUNT + 1);
#pragma omp parallel for schedule(static)
    for (size_t r = 0; r < reps; r++) {
        double *row = obs + (size_t)sim_thread_id() * n_vars;
        double weighted = 0.0;
        for (int h = 0; h < n_h; h++) {
            for (size_t v = 0; v < n_vars; v++)
                row[v] = engine_horizon_values(e, v, h)[r];
            double ind[LEVER_COUNT];
            m->levers(engine_params(e), row, ind);
            size_t base = (size_t)h * (LEVER_COUNT + 1);
            for (int l = 0; l < LEVER_COUNT; l++)
                per_rep[(base + (size_t)l) * reps + r] = ind[l];
            double score = horizon_score(s->column[h], ind);
            per_rep[(base + LEVER_COUNT) * reps + r] = score;
        }
        /* In column order, as before horizons were named, so that the
         * default horizons give the same sums bit for bit. */
        for (int k = 0; s->has_weighted && k < HORIZON_COUNT; k++) {
            size_t base = (size_t)s->weighted_horizon[k] * (LEVER_COUNT + 1);
            weighted += barycentre[k] * per_rep[(base + LEVER_COUNT) * reps + r];
        }
        per_rep[weighted_slot * reps + r] = weighted;
    }
    long n_slots = (long)weighted_slot + (s->has_weighted ? 1 : 0);
#pragma omp parallel for schedule(dynamic, 1)
    for (long slot = 0; slot < n_slots; slot++) {
        size_t h = (size_t)slot / (LEVER_COUNT + 1);
        size_t l = (size_t)slot % (LEVER_COUNT + 1);
        double *out = (size_t)slot == weighted_slot ? s->weighted_score
                      : l == LEVER_COUNT            ? s->score[h]
                                                    : s->levers[h][l];
        summary_stats(per_rep + (size_t)slot * reps, reps,
                      scratch + (size_t)sim_thread_id() * reps, out);
    }
    sim_free(obs);
    sim_free(per_rep);
    return 0;
}

struct summary *summary_new(const struct engine *e, const double *barycentre,
                            char *err)
{
    const struct engine_config *c = engine_config(e);
    size_t reps = (size_t)c->replicates;
    struct summary *s = sim_calloc(1, sizeof *s);
    /* One scratch row per thread: the statistics of different variables
     * are computed in parallel. */
    int threads = sim_max_threads();
    double *scratch = sim_calloc((size_t)threads * reps, sizeof *scratch);
    if (s == NULL || scratch == NULL)
        goto nomem;
    s->n_horizons = c->n_horizons;
    memcpy(s->horizons, c->horizons, sizeof s->horizons);
    s->replicates = c->replicates;
    s->n_vars = engine_n_vars(e);
    s->stats = sim_calloc(s->n_vars * (size_t)c->n_horizons * STAT_COUNT,
                          sizeof *s->stats);
    if (s->stats == NULL)
        goto nomem;

    long cells = (long)(s->n_vars * (size_t)c->n_horizons);
#pragma omp parallel for schedule(dynamic, 1)
    for (long i = 0; i < cells; i++) {
        size_t v = (size_t)i / (size_t)c->n_horizons;
        int h = (int)((size_t)i % (size_t)c->n_horizons);
        summary_stats(engine_horizon_values(e, v, h), reps,
                      scratch + (size_t)sim_thread_id() * reps,
                      s->stats + (size_t)i * STAT_COUNT);
    }

    s->has_levers = engine_model(e)->levers != NULL;
    s->n_scored = c->n_horizons;
    int found[HORIZON_COUNT] = {0};
    for (int h = 0; h < c->n_horizons; h++) {
        s->column[h] = horizon_column_of(c->horizons[h]);
        /* Horizons increase: the last of a name is its longest. */
        s->weighted_horizon[s->column[h]] = h;
        found[s->column[h]] = 1;
    }
    s->has_weighted = s->has_levers && barycentre != NULL && found[0] &&
                      found[1] && found[2];
    if (s->has_weighted) {
        memcpy(s->barycentre, barycentre, sizeof s->barycentre);
        horizon_lever_weights(s->barycentre, s->lever_weights);
    }
    if (s->has_levers && add_levers(s, e, barycentre, scratch) != 0)
        goto nomem;
    /* The treasurer's figures sort two rows of replicates of their own. */
    double *tscratch = sim_calloc(2 * reps, sizeof *tscratch);
    if (tscratch == NULL)
        goto nomem;
    s->has_treasury = treasury_compute(e, tscratch, &s->treasury) == 0;
    sim_free(tscratch);
    sim_free(scratch);
    return s;

nomem:
    sim_free(scratch);
    summary_free(s);
    sim_fail(err, SIM_ERR_NOMEM, "summary: out of memory");
    return NULL;
}

double summary_get(const struct summary *s, size_t var, int h,
                   enum summary_stat stat)
{
    return s->stats[(var * (size_t)s->n_horizons + (size_t)h) * STAT_COUNT +
                    (size_t)stat];
}

void summary_free(struct summary *s)
{
    if (s == NULL)
        return;
    sim_free(s->stats);
    sim_free(s);
}

const char *summary_horizon_label(long months, char *buf, size_t len)
{
    /* Le RAMEAU, « Matrice d'articulation des trajectoires » */
    const char *name = horizon_column_names[horizon_column_of(months)];
    if (months % 12 == 0 && months >= 24)
        snprintf(buf, len, "%s (%ld ans)", name, months / 12);
    else
        snprintf(buf, len, "%s (%ld mois)", name, months);
    return buf;
}

const char *summary_horizon_short_label(long months, char *buf, size_t len)
{
    enum horizon_column column = horizon_column_of(months);
    if (months == horizon_column_months[column]) {
        snprintf(buf, len, "%s", horizon_column_names[column]);
        return buf;
    }
    return summary_horizon_label(months, buf, len);
}
