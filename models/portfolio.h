/*
 * portfolio.h - many projects and a fund that invests in their alliance
 * engineering (the Fonds ODD 17 case, as Le RAMEAU's « Projets de
 * territoire et modèles socio-économiques », 2023, reports it).
 *
 * Each project is an organisation of models/org.h with its own parameters
 * (the scenario's template, some drawn from distributions, some written per
 * project).  Each month the fund spends its monthly budget on the projects
 * still alive, by one of three allocation rules, as grants earmarked for
 * alliance engineering.  The projects draw their random numbers one after
 * the other from the replicate's stream, always the same count, so a run
 * with the fund and one without see the same shocks: the comparison uses
 * common random numbers.
 *
 * The model's variables are the portfolio's totals (sums over projects, and
 * counts), so everything the single-organisation output offers is there for
 * the whole portfolio.
 */
#ifndef MODELS_PORTFOLIO_H
#define MODELS_PORTFOLIO_H

#include "org.h"

#define PORTFOLIO_MAX_PROJECTS 128

enum fund_allocation {
    ALLOCATION_EVEN,         /* equal shares among live projects */
    ALLOCATION_NEED,         /* in proportion to each one's cash shortfall */
    ALLOCATION_TIERS_ON_TOP, /* in proportion to each one's engineering gap */
    ALLOCATION_COUNT
};

struct fund_params {
    double budget_eur;     /* over the whole schedule */
    long start_month;
    long end_month;
    long allocation;       /* enum fund_allocation */
};

struct portfolio_params {
    struct fund_params fund;
    long n_projects;
    struct org_params projects[PORTFOLIO_MAX_PROJECTS];
};

struct portfolio_state {
    struct org_pair projects[PORTFOLIO_MAX_PROJECTS];
    double need[PORTFOLIO_MAX_PROJECTS]; /* last month's allocation weight */
    double row[OV_COUNT];                /* scratch: one project's month */
    /* With dated events, each project's parameters as the events have
     * changed them so far (copied at month 0); else unused. */
    struct org_params live[PORTFOLIO_MAX_PROJECTS];
};

/* Variables: the organisation's (summed over projects, except those named
 * in docs/output.md as means or counts), then the portfolio's own. */
enum portfolio_var {
    PV_PROJECTS_ALIVE = OV_COUNT,
    PV_PROJECTS_CLOSED_IN_RISK_ZONE,
    PV_PROJECTS_RD,
    PV_PROJECTS_QUALIFICATION,
    PV_PROJECTS_DEPLOYMENT,
    PV_FUND_INVESTED,
    PV_COUNT
};

extern const struct model_type portfolio_model;

/* The names of the allocation rules ("even", "need", "tiers_on_top"). */
extern const char *const fund_allocation_names[ALLOCATION_COUNT];

/* The fund's monthly budget in month t (0 outside its schedule). */
double portfolio_fund_month(const struct fund_params *fund, long month);

/*
 * portfolio_model's step (the same draws, the same out[PV_COUNT]) that also
 * writes each project's own month into project_rows[n_projects][OV_COUNT]:
 * what the aggregate sums, for summaries per project.  Allocates nothing.
 */
void portfolio_step_projects(const struct portfolio_params *p,
                             struct portfolio_state *s, long month,
                             gsl_rng *rng, double *out, double *project_rows);

#endif
