/*
 * portfolio.c - many projects and a fund (see portfolio.h).
 */
#include "portfolio.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

enum aggregate { AGG_SUM, AGG_MEAN_ALIVE, AGG_SHARE, AGG_RATIO, AGG_NONE };

static const enum aggregate aggregates[OV_COUNT] = {
#define X(id, name, unit, kind, aggregate, label, description) [id] = aggregate,
    ORG_VAR_LIST(X)
#undef X
};

const char *const fund_allocation_names[ALLOCATION_COUNT] = {
    "even", "need", "tiers_on_top"};

/* ---- parameters: the fund (projects are set by the scenario loader) ---- */

#define POFF(field) offsetof(struct portfolio_params, field)

static const struct param_desc portfolio_params_table[] = {
    {"fund.budget_eur", PARAM_DOUBLE, POFF(fund.budget_eur), "EUR", 0, 0, 1e12,
     "what the fund invests in the projects' alliance engineering over its "
     "schedule, in equal monthly amounts as written (not raised with "
     "prices)",
     "scenario choice: 0, no fund, unless the scenario sets one; the Fonds "
     "ODD 17's three-year experiment is reported at 1.5 M or 3 M EUR in "
     "published descriptions of the fund, not in Le RAMEAU's research notebooks "
     "cited here: a scenario using either amount makes an assumption",
     NULL, NULL, 0},
    {"fund.start_month", PARAM_INT, POFF(fund.start_month), "month", 1, 1,
     1200, "first month the fund invests", "scenario choice", NULL, NULL, 0},
    {"fund.end_month", PARAM_INT, POFF(fund.end_month), "month", 36, 1, 1200,
     "last month the fund invests (equal monthly amounts in between)",
     SRC_CAHIER ": the Fonds ODD 17's evaluation « après trois ans »", NULL,
     NULL, 0},
    {"fund.allocation", PARAM_ENUM, POFF(fund.allocation), "-",
     ALLOCATION_EVEN, 0, ALLOCATION_COUNT - 1,
     "allocation rule among live projects: even shares, by need (cash "
     "below the reserve target) or by the tiers-on-top rule (engineering "
     "gap)",
     "scenario choice", "even|need|tiers_on_top", NULL, 0},
};

#undef POFF

/* ---- variables ---- */

#define AGG_TEXT_AGG_SUM " (sum over projects)"
#define AGG_TEXT_AGG_MEAN_ALIVE " (mean over live projects)"
#define AGG_TEXT_AGG_SHARE " (share of the projects)"
#define AGG_TEXT_AGG_RATIO " (from the portfolio's totals)"
#define AGG_TEXT_AGG_NONE " (not meaningful for a portfolio: 0)"

static const struct var_desc portfolio_vars[PV_COUNT] = {
#define X(id, name, unit, kind, aggregate, label, description)                 \
    [id] = {name, unit, kind, label, description AGG_TEXT_##aggregate},
    ORG_VAR_LIST(X)
#undef X
    [PV_PROJECTS_ALIVE] = {"projects_alive", "project", VAR_STOCK,
                           "projets en activité (projects alive)",
                           "projects still operating at month end"},
    [PV_PROJECTS_CLOSED_IN_RISK_ZONE] = {"projects_closed_in_risk_zone",
                                         "project", VAR_STOCK,
                                         "projets fermés en zone de risque",
                                         "projects closed in a risk zone of "
                                         "the innovation process so far"},
    [PV_PROJECTS_RD] = {"projects_rd", "project", VAR_STOCK,
                        "projets en R&D sociétale",
                        "live projects in the R&D phase"},
    [PV_PROJECTS_QUALIFICATION] = {"projects_qualification", "project",
                                   VAR_STOCK, "projets en qualification",
                                   "live projects in the qualification phase"},
    [PV_PROJECTS_DEPLOYMENT] = {"projects_deployment", "project", VAR_STOCK,
                                "projets en déploiement",
                                "live projects in the deployment phase"},
    [PV_FUND_INVESTED] = {"fund_invested_eur", "EUR/month", VAR_FLOW,
                          "investissement du fonds (fund invested)",
                          "what the fund gave the projects in the month"},
};

double portfolio_fund_month(const struct fund_params *fund, long month)
{
    if (month < fund->start_month || month > fund->end_month)
        return 0.0;
    return fund->budget_eur / (double)(fund->end_month - fund->start_month + 1);
}

static int portfolio_check(const void *params, char *msg, size_t len)
{
    const struct portfolio_params *p = params;
    if (p->fund.end_month < p->fund.start_month) {
        snprintf(msg, len,
                 "fund.end_month (%ld) must not come before fund.start_month "
                 "(%ld)",
                 p->fund.end_month, p->fund.start_month);
        return -1;
    }
    if (p->n_projects < 1 || p->n_projects > PORTFOLIO_MAX_PROJECTS) {
        snprintf(msg, len, "a portfolio holds 1 to %d projects, not %ld",
                 PORTFOLIO_MAX_PROJECTS, p->n_projects);
        return -1;
    }
    for (long i = 0; i < p->n_projects; i++) {
        char inner[512];
        int bad = 0;
        if (org_params_check(&p->projects[i], inner, sizeof inner) != 0 ||
            org_events_check(&p->projects[i], &bad, inner, sizeof inner) !=
                0) {
            snprintf(msg, len, "project %ld (%s): %s", i + 1,
                     p->projects[i].name, inner);
            return -1;
        }
    }
    return 0;
}

/* ---- aggregation ---- */

/* project_rows, when not NULL, receives each project's own month
 * ([n_projects][OV_COUNT]). */
static void aggregate_row(const struct portfolio_params *p,
                          struct portfolio_state *s, long month,
                          gsl_rng *rng, double grant_total, double *out,
                          int init, double *project_rows)
{
    double alive = 0.0;
    for (int v = 0; v < PV_COUNT; v++)
        out[v] = 0.0;
    double weights[PORTFOLIO_MAX_PROJECTS];
    double weight_sum = 0.0;
    long n = p->n_projects;
    if (!init) {
        /* Allocation weights from last month's state, for live projects. */
        for (long i = 0; i < n; i++) {
            weights[i] = s->projects[i].org.alive
                             ? (p->fund.allocation == ALLOCATION_EVEN
                                    ? 1.0
                                    : s->need[i])
                             : 0.0;
            weight_sum += weights[i];
        }
        if (weight_sum <= 0.0) /* nobody in need: share evenly */
            for (long i = 0; i < n; i++) {
                weights[i] = s->projects[i].org.alive ? 1.0 : 0.0;
                weight_sum += weights[i];
            }
    }
    /* Every project carries the scenario's events (each a copy of the
     * template); a portfolio without them reads its parameters in place. */
    int events = p->projects[0].events.count > 0;
    for (long i = 0; i < n; i++) {
        double *row = s->row;
        const struct org_params *pp = events ? &s->live[i] : &p->projects[i];
        if (init) {
            if (events)
                s->live[i] = p->projects[i];
            org_pair_init(pp, &s->projects[i], row);
        } else {
            struct month_draws d;
            /* Draws first, as the organisation model does, then the
             * month's events on the project and its counterfactual. */
            org_draw_month(rng, &d);
            if (events) {
                struct org_core *const cores[2] = {
                    &s->projects[i].org, &s->projects[i].without_alliances};
                org_events_apply_month(&s->live[i], month, cores, 2);
            }
            double grant = weight_sum > 0.0
                               ? grant_total * weights[i] / weight_sum
                               : 0.0;
            org_advance(pp, &s->projects[i], &d, month, grant, row);
            out[PV_FUND_INVESTED] += grant;
        }
        const struct org_core *c = &s->projects[i].org;
        if (project_rows != NULL)
            memcpy(project_rows + (size_t)i * OV_COUNT, row,
                   OV_COUNT * sizeof *row);
        /* Next month's allocation weight. */
        if (p->fund.allocation == ALLOCATION_NEED)
            s->need[i] = fmax(0.0, pp->reserve_target_months *
                                           row[OV_COST_TOTAL] -
                                       row[OV_CASH]);
        else
            s->need[i] = fmax(0.0, row[OV_TIERS_ON_TOP_GAP]);
        for (int v = 0; v < OV_COUNT; v++)
            if (aggregates[v] == AGG_SUM)
                out[v] += row[v];
            else if (aggregates[v] == AGG_SHARE)
                out[v] += row[v]; /* a count of flags, shared below */
        if (c->alive) {
            alive += 1.0;
            for (int k = 0; k < ALLY_COUNT; k++)
                out[OV_ALLIANCE_POSITIONING + k] += row[OV_ALLIANCE_POSITIONING + k];
            if (c->step > 0) {
                int phase = (int)row[OV_INNOVATION_PHASE];
                out[PV_PROJECTS_RD + phase - 1] += 1.0;
            }
        }
        out[PV_PROJECTS_CLOSED_IN_RISK_ZONE] += row[OV_CLOSED_IN_RISK_ZONE];
    }
    /* Count first, divide once: adding n shares of 1/n drifts past 1
     * (50 live projects gave 1.0000000000000004), whereas a sum of flags
     * is exact and a count over n cannot exceed 1. */
    for (int v = 0; v < OV_COUNT; v++)
        if (aggregates[v] == AGG_SHARE)
            out[v] /= (double)n;
    out[PV_PROJECTS_ALIVE] = alive;
    for (int k = 0; k < ALLY_COUNT; k++)
        out[OV_ALLIANCE_POSITIONING + k] =
            alive > 0.0 ? out[OV_ALLIANCE_POSITIONING + k] / alive : 0.0;

    /* Ratios, again from the portfolio's sums. */
    double actions = out[OV_COST_SALARIES] + out[OV_COST_ACTIVITY] +
                     out[OV_COST_OVERHEAD];
    double means = out[OV_COST_ACTIVITY] + out[OV_COST_OVERHEAD] +
                   out[OV_POOLING_SAVING];
    double value = out[OV_VALUE_PRODUCED];
    out[OV_FOUR_TIERS_RATIO] = out[OV_COST_SALARIES] > 0.0
                                   ? out[OV_VALUED_ENGAGEMENT] /
                                         out[OV_COST_SALARIES]
                                   : 0.0;
    out[OV_TIERS_ON_TOP_SHARE] =
        actions + out[OV_COST_ENGINEERING] > 0.0
            ? out[OV_COST_ENGINEERING] / (actions + out[OV_COST_ENGINEERING])
            : 0.0;
    out[OV_POOLED_SHARE] = means > 0.0 ? out[OV_POOLED_MEANS] / means : 0.0;
    out[OV_POT_SHARE] = value > 0.0 ? out[OV_COST_COLLECTIVE_POT] / value : 0.0;
    out[OV_PRIME_ALLIANCE_SHARE] =
        value > 0.0 ? out[OV_PRIME_ALLIANCE] / value : 0.0;
}

static void portfolio_init(const void *params, void *state, double *initial)
{
    const struct portfolio_params *p = params;
    struct portfolio_state *s = state;
    memset(s->need, 0, sizeof s->need);
    aggregate_row(p, s, 0, NULL, 0.0, initial, 1, NULL);
}

static void portfolio_step(const void *params, void *state, long month,
                           gsl_rng *rng, double *out)
{
    const struct portfolio_params *p = params;
    aggregate_row(p, state, month, rng, portfolio_fund_month(&p->fund, month),
                  out, 0, NULL);
}

void portfolio_step_projects(const struct portfolio_params *p,
                             struct portfolio_state *s, long month,
                             gsl_rng *rng, double *out, double *project_rows)
{
    aggregate_row(p, s, month, rng, portfolio_fund_month(&p->fund, month),
                  out, 0, project_rows);
}

/* The horizon matrix for a portfolio: the organisation's indicators of the
 * portfolio's totals (a portfolio read as one collective organisation). */
static void portfolio_levers(const void *params, const double *obs,
                             double *out)
{
    const struct portfolio_params *p = params;
    double row[OV_COUNT];
    memcpy(row, obs, sizeof row);
    row[OV_ALIVE] = obs[PV_PROJECTS_ALIVE] > 0.0 ? 1.0 : 0.0;
    org_lever_indicators(&p->projects[0], row, out);
}

const struct model_type portfolio_model = {
    .name = "portfolio",
    .params = portfolio_params_table,
    .n_params = sizeof portfolio_params_table / sizeof portfolio_params_table[0],
    .params_size = sizeof(struct portfolio_params),
    .vars = portfolio_vars,
    .n_vars = PV_COUNT,
    .state_size = sizeof(struct portfolio_state),
    .check = portfolio_check,
    .init = portfolio_init,
    .step = portfolio_step,
    .levers = portfolio_levers,
};
