/*
 * projects.h - what happened to each project of a portfolio: the summary of
 * its trajectory over the replicates of a run, for each arm of a
 * comparison, so that an analyst sees which kinds of project the investment
 * helps (the aggregate figures of compare.h hide it).
 *
 * The run is done again, replicate by replicate on the engine's streams
 * (seed, sample, replicate), with portfolio_step_projects: the same draws
 * and the same months as the engine's run of the same parameters, so the
 * projects' figures add up to the portfolio's.
 */
#ifndef SIM_PROJECTS_H
#define SIM_PROJECTS_H

#include "sim/core/engine.h"
#include "sim/io/scenario.h"

/* X(field, name, unit, description): one column of the summary. */
#define PROJECT_FIELD_LIST                                                     \
    X(PROJECT_SURVIVAL, "survival_share", "1",                                 \
      "share of replicates in which the project is open at the last month")    \
    X(PROJECT_MONTHS_OPEN, "months_open", "month",                             \
      "mean over replicates of the months the project stayed open (its "       \
      "survival month when it closed, the run's months otherwise)")            \
    X(PROJECT_VALUE, "value_produced_eur", "EUR",                              \
      "mean over replicates of the value produced, summed over the months")    \
    X(PROJECT_FUNDING, "funding_total_eur", "EUR",                             \
      "mean over replicates of all funding, the fund's grants included")       \
    X(PROJECT_FUND, "funding_fund_eur", "EUR",                                 \
      "mean over replicates of the fund's grants")                             \
    X(PROJECT_PRIME, "prime_alliance_eur", "EUR",                              \
      "mean over replicates of the « prime à l'alliance »")

enum project_field {
#define X(field, name, unit, description) field,
    PROJECT_FIELD_LIST
#undef X
    PROJECT_FIELD_COUNT
};

extern const char *const project_field_names[PROJECT_FIELD_COUNT];
extern const char *const project_field_units[PROJECT_FIELD_COUNT];
extern const char *const project_field_descriptions[PROJECT_FIELD_COUNT];

/*
 * Summarises each project of the portfolio run with `params` (a
 * struct portfolio_params, scenario sc's or its control arm's) under
 * `config` (months, replicates, seed, sample) into
 * out[project * PROJECT_FIELD_COUNT + field], n_projects rows.  Replicates
 * run on OpenMP threads; the figures are the same whatever their number.
 * SIM_ERR_INVALID when sc is not a portfolio, SIM_ERR_NOMEM.
 */
sim_status projects_summarise(const struct scenario *sc, const void *params,
                              const struct engine_config *config, double *out,
                              char *err);

#endif
