#include "projects.h"

#include <string.h>

#include "models/portfolio.h"
#include "sim/core/alloc.h"
#include "sim/core/rng.h"
#include "sim/core/threads.h"

const char *const project_field_names[PROJECT_FIELD_COUNT] = {
#define X(field, name, unit, description) name,
    PROJECT_FIELD_LIST
#undef X
};

const char *const project_field_units[PROJECT_FIELD_COUNT] = {
#define X(field, name, unit, description) unit,
    PROJECT_FIELD_LIST
#undef X
};

const char *const project_field_descriptions[PROJECT_FIELD_COUNT] = {
#define X(field, name, unit, description) description,
    PROJECT_FIELD_LIST
#undef X
};

/* One thread's workspace, allocated once. */
struct workspace {
    struct portfolio_state *state;
    double *out;  /* [PV_COUNT] */
    double *rows; /* [n_projects][OV_COUNT] */
    gsl_rng *rng;
};

/* Replicate rep into per[project][field] (totals of this replicate). */
static void run_replicate(const struct portfolio_params *p,
                          const struct engine_config *c, struct workspace *w,
                          long rep, double *per)
{
    size_t n = (size_t)p->n_projects;
    memset(per, 0, n * PROJECT_FIELD_COUNT * sizeof *per);
    sim_rng_stream(w->rng, c->seed, c->sample, (uint32_t)rep,
                   RNG_PURPOSE_MODEL);
    portfolio_model.init(p, w->state, w->out);
    for (long t = 1; t <= c->months; t++) {
        portfolio_step_projects(p, w->state, t, w->rng, w->out, w->rows);
        for (size_t i = 0; i < n; i++) {
            const double *row = w->rows + i * OV_COUNT;
            double *f = per + i * PROJECT_FIELD_COUNT;
            f[PROJECT_MONTHS_OPEN] += row[OV_ALIVE];
            f[PROJECT_VALUE] += row[OV_VALUE_PRODUCED];
            f[PROJECT_FUNDING] += row[OV_FUNDING_TOTAL];
            f[PROJECT_FUND] += row[OV_FUNDING_FUND];
            f[PROJECT_PRIME] += row[OV_PRIME_ALLIANCE];
            f[PROJECT_SURVIVAL] = row[OV_ALIVE];
        }
    }
}

sim_status projects_summarise(const struct scenario *sc, const void *params,
                              const struct engine_config *config, double *out,
                              char *err)
{
    if (sc->portfolio == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: per-project summaries need a portfolio",
                        sc->path);
    const struct portfolio_params *p = params;
    size_t n = (size_t)p->n_projects, reps = (size_t)config->replicates;
    size_t per_rep = n * PROJECT_FIELD_COUNT;
    int n_threads = sim_max_threads();
    struct workspace *ws = sim_calloc((size_t)n_threads, sizeof *ws);
    /* Every replicate's totals are kept and summed in replicate order
     * afterwards, so that no sum depends on which thread ran what. */
    double *per = sim_calloc(reps * per_rep, sizeof *per);
    sim_status st = ws == NULL || per == NULL ? SIM_ERR_NOMEM : SIM_OK;
    for (int t = 0; st == SIM_OK && t < n_threads; t++) {
        ws[t].state = sim_malloc(sizeof *ws[t].state);
        ws[t].out = sim_calloc(PV_COUNT, sizeof *ws[t].out);
        ws[t].rows = sim_calloc(n * OV_COUNT, sizeof *ws[t].rows);
        ws[t].rng = sim_rng_new(config->seed);
        if (ws[t].state == NULL || ws[t].out == NULL || ws[t].rows == NULL ||
            ws[t].rng == NULL)
            st = SIM_ERR_NOMEM;
    }
    if (st == SIM_OK) {
#pragma omp parallel for schedule(dynamic, 4)
        for (long r = 0; r < (long)reps; r++)
            run_replicate(p, config, &ws[sim_thread_id()], r,
                          per + (size_t)r * per_rep);
        memset(out, 0, per_rep * sizeof *out);
        for (size_t r = 0; r < reps; r++)
            for (size_t k = 0; k < per_rep; k++)
                out[k] += per[r * per_rep + k];
        for (size_t k = 0; k < per_rep; k++)
            out[k] /= (double)reps;
    }
    for (int t = 0; ws != NULL && t < n_threads; t++) {
        sim_free(ws[t].state);
        sim_free(ws[t].out);
        sim_free(ws[t].rows);
        if (ws[t].rng != NULL)
            gsl_rng_free(ws[t].rng);
    }
    sim_free(ws);
    sim_free(per);
    if (st == SIM_ERR_NOMEM)
        return sim_fail(err, st, "compare: out of memory for the projects");
    return st;
}
