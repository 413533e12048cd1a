#include "summary.h"

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "alloc.h"

const char *const summary_stat_names[STAT_COUNT] = {"mean", "p05", "p50",
                                                    "p95"};

struct summary *summary_new(const struct engine *e, char *err)
{
    const struct engine_config *c = engine_config(e);
    size_t reps = (size_t)c->replicates;
    struct summary *s = sim_calloc(1, sizeof *s);
    double *sorted = sim_calloc(reps, sizeof *sorted);
    size_t n_vars = 0;
    if (s != NULL) {
        s->n_horizons = c->n_horizons;
        memcpy(s->horizons, c->horizons, sizeof s->horizons);
        s->replicates = c->replicates;
    }
    if (s == NULL || sorted == NULL)
        goto nomem;
    n_vars = engine_n_vars(e);
    s->n_vars = n_vars;
    s->stats = sim_calloc(n_vars * (size_t)c->n_horizons * STAT_COUNT,
                          sizeof *s->stats);
    if (s->stats == NULL)
        goto nomem;

    for (size_t v = 0; v < n_vars; v++)
        for (int h = 0; h < c->n_horizons; h++) {
            const double *x = engine_horizon_values(e, v, h);
            memcpy(sorted, x, reps * sizeof *sorted);
            gsl_sort(sorted, 1, reps);
            double *out =
                s->stats + (v * (size_t)c->n_horizons + (size_t)h) * STAT_COUNT;
            out[STAT_MEAN] = gsl_stats_mean(x, 1, reps);
            out[STAT_P05] =
                gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.05);
            out[STAT_P50] =
                gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.50);
            out[STAT_P95] =
                gsl_stats_quantile_from_sorted_data(sorted, 1, reps, 0.95);
        }
    sim_free(sorted);
    return s;

nomem:
    sim_free(sorted);
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
    /* seed 003 « Matrice d'articulation des trajectoires » */
    if (months == 18)
        snprintf(buf, len, "tactique (18 mois)");
    else if (months == 84)
        snprintf(buf, len, "stratégique (7 ans)");
    else if (months == 336)
        snprintf(buf, len, "prospective (28 ans)");
    else
        snprintf(buf, len, "%ld mois", months);
    return buf;
}
