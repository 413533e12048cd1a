#include "compare.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/core/alloc.h"
#include "sim/core/names.h"
#include "sim/core/quantile.h"
#include "sim/core/rng.h"
#include "sim/core/suggest.h"

const char *const compare_metric_names[METRIC_COUNT] = {
    "frugality",          "durability",       "leverage",
    "value_leverage",     "prime_alliance_eur", "prime_alliance_share",
    "invested_eur",       "survival_treatment", "survival_control"};

sim_status compare_metric_parse(const char *name, const char *where,
                                const char *path, enum compare_metric *out,
                                char *err)
{
    long m = sim_name_index(compare_metric_names, METRIC_COUNT, name);
    if (m >= 0) {
        *out = (enum compare_metric)m;
        return SIM_OK;
    }
    char expected[600];
    suggest_expected(name, compare_metric_names, METRIC_COUNT, expected,
                     sizeof expected);
    return sim_fail(err, SIM_ERR_UNKNOWN,
                    "%s: setting '%s.metric': unknown metric '%s' (%s)",
                    where, path, name, expected);
}

const char *const compare_metric_units[METRIC_COUNT] = {
    "1", "1", "1", "1", "EUR", "1", "EUR", "1", "1"};

const char *const compare_total_vars[TOTAL_COUNT] = {

    "cost_total_eur",   "value_produced_eur",    "funding_total_eur",
    "funding_fund_eur", "valued_engagement_eur", "prime_alliance_eur",
    "alive"};

void compare_arm_free(struct compare_arm *arm)
{
    if (arm == NULL)
        return;
    sim_free(arm->totals);
    sim_free(arm);
}

struct compare_arm *compare_arm_new(const struct engine *e,
                                    int investment_is_fund, char *err)
{
    const struct engine_config *c = engine_config(e);
    const struct model_type *m = engine_model(e);
    struct compare_arm *arm = sim_calloc(1, sizeof *arm);
    if (arm == NULL)
        goto nomem;
    arm->replicates = c->replicates;
    arm->n_horizons = c->n_horizons;
    memcpy(arm->horizons, c->horizons, sizeof arm->horizons);
    arm->investment_is_fund = investment_is_fund;
    for (int t = 0; t < TOTAL_COUNT; t++) {
        arm->var[t] = model_var_index(m, compare_total_vars[t]);
        if (arm->var[t] < 0) {
            sim_fail(err, SIM_ERR_INVALID,
                     "compare: the %s model has no variable %s", m->name,
                     compare_total_vars[t]);
            compare_arm_free(arm);
            return NULL;
        }
    }
    arm->var_engineering = model_var_index(m, "cost_engineering_eur");
    arm->totals = sim_calloc((size_t)TOTAL_COUNT * (size_t)c->n_horizons *
                                 (size_t)c->replicates,
                             sizeof *arm->totals);
    if (arm->totals == NULL)
        goto nomem;
    return arm;
nomem:
    compare_arm_free(arm);
    sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
    return NULL;
}

static double *total_at(const struct compare_arm *arm, int total, int h)
{
    return arm->totals +
           ((size_t)total * (size_t)arm->n_horizons + (size_t)h) *
               (size_t)arm->replicates;
}

void compare_accumulate(struct compare_arm *arm,
                        const struct engine_block *b)
{
    size_t months = (size_t)b->months;
    for (long r = 0; r < b->count; r++) {
        long rep = b->first + r;
        for (int t = 0; t < TOTAL_COUNT; t++) {
            long var = arm->var[t];
            if (t == TOTAL_INVESTMENT && !arm->investment_is_fund)
                var = arm->var_engineering;
            const double *x =
                b->values + ((size_t)var * (size_t)b->stride + (size_t)r) *
                                months;
            double sum = 0.0;
            long month = 0;
            for (int h = 0; h < arm->n_horizons; h++) {
                for (; month < arm->horizons[h]; month++)
                    sum += x[month];
                total_at(arm, t, h)[rep] =
                    t == TOTAL_ALIVE ? x[arm->horizons[h] - 1] : sum;
            }
        }
    }
}

void compare_metrics_from_totals(const double *sum_t, const double *sum_c,
                                 double n, int investment_is_fund,
                                 double *out)
{
    double cost_per_value_t = sum_t[TOTAL_COST] / sum_t[TOTAL_VALUE];
    double cost_per_value_c = sum_c[TOTAL_COST] / sum_c[TOTAL_VALUE];
    double invested = sum_t[TOTAL_INVESTMENT] - sum_c[TOTAL_INVESTMENT];
    /* The fund's grants are the investment, not a resource it brings. */
    double fund_share = investment_is_fund ? 1.0 : 0.0;
    double extra_resources =
        (sum_t[TOTAL_FUNDING] - fund_share * sum_t[TOTAL_INVESTMENT]) -
        (sum_c[TOTAL_FUNDING] - fund_share * sum_c[TOTAL_INVESTMENT]) +
        sum_t[TOTAL_ENGAGEMENT] - sum_c[TOTAL_ENGAGEMENT];
    double closed_t = 1.0 - sum_t[TOTAL_ALIVE] / n;
    double closed_c = 1.0 - sum_c[TOTAL_ALIVE] / n;
    out[METRIC_FRUGALITY] = cost_per_value_c / cost_per_value_t;
    out[METRIC_DURABILITY] =
        closed_t > 0.0 ? closed_c / closed_t : (closed_c > 0.0 ? INFINITY : 1.0);
    out[METRIC_LEVERAGE] = invested > 0.0 ? extra_resources / invested : 0.0;
    out[METRIC_VALUE_LEVERAGE] =
        invested > 0.0
            ? (sum_t[TOTAL_VALUE] - sum_c[TOTAL_VALUE]) / invested
            : 0.0;
    out[METRIC_PRIME_EUR] = sum_t[TOTAL_PRIME] / n;
    out[METRIC_PRIME_SHARE] = sum_t[TOTAL_VALUE] > 0.0
                                  ? sum_t[TOTAL_PRIME] / sum_t[TOTAL_VALUE]
                                  : 0.0;
    out[METRIC_INVESTED_EUR] = invested / n;
    out[METRIC_SURVIVAL_TREATMENT] = 1.0 - closed_t;
    out[METRIC_SURVIVAL_CONTROL] = 1.0 - closed_c;
}

/* The metrics at horizon h over the replicates idx[0..n). */
static void metrics_of(const struct compare_arm *tr,
                       const struct compare_arm *ct, int h, const long *idx,
                       size_t n, double *out)
{
    double sum_t[TOTAL_COUNT] = {0}, sum_c[TOTAL_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        for (int t = 0; t < TOTAL_COUNT; t++) {
            sum_t[t] += total_at(tr, t, h)[idx[i]];
            sum_c[t] += total_at(ct, t, h)[idx[i]];
        }
    compare_metrics_from_totals(sum_t, sum_c, (double)n,
                                tr->investment_is_fund, out);
}

sim_status compare_metrics(const struct compare_arm *tr,
                           const struct compare_arm *ct, size_t n_boot,
                           double level, uint64_t seed,
                           struct compare_value (*out)[METRIC_COUNT],
                           char *err)
{
    size_t n = (size_t)tr->replicates;
    long *idx = sim_calloc(n, sizeof *idx);
    double *boot = sim_calloc(n_boot * METRIC_COUNT, sizeof *boot);
    double *column = sim_calloc(n_boot, sizeof *column);
    gsl_rng *rng = sim_rng_new(seed);
    sim_status st = SIM_OK;
    if (idx == NULL || boot == NULL || column == NULL || rng == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        goto done;
    }
    for (int h = 0; h < tr->n_horizons; h++) {
        double estimate[METRIC_COUNT];
        for (size_t i = 0; i < n; i++)
            idx[i] = (long)i;
        metrics_of(tr, ct, h, idx, n, estimate);
        /* The same resamples at every horizon, so that intervals of
         * different horizons are comparable. */
        sim_rng_stream(rng, seed, 0, 0, RNG_PURPOSE_BOOTSTRAP);
        for (size_t b = 0; b < n_boot; b++) {
            for (size_t i = 0; i < n; i++)
                idx[i] = (long)gsl_rng_uniform_int(rng, n);
            metrics_of(tr, ct, h, idx, n, boot + b * METRIC_COUNT);
        }
        for (int m = 0; m < METRIC_COUNT; m++) {
            for (size_t b = 0; b < n_boot; b++)
                column[b] = boot[b * METRIC_COUNT + (size_t)m];
            gsl_sort(column, 1, n_boot);
            out[h][m].estimate = estimate[m];
            out[h][m].low = n_boot > 0 ? gsl_stats_quantile_from_sorted_data(
                                             column, 1, n_boot,
                                             (1.0 - level) / 2.0)
                                       : NAN;
            out[h][m].high = n_boot > 0 ? gsl_stats_quantile_from_sorted_data(
                                              column, 1, n_boot,
                                              (1.0 + level) / 2.0)
                                        : NAN;
        }
    }
done:
    sim_free(idx);
    sim_free(boot);
    sim_free(column);
    if (rng != NULL)
        gsl_rng_free(rng);
    return st;
}

sim_status compare_differences(const struct engine *a, const struct engine *b,
                               size_t n_boot, double level, uint64_t seed,
                               struct compare_difference *out, char *err)
{
    const struct engine_config *ca = engine_config(a);
    const struct engine_config *cb = engine_config(b);
    if (ca->replicates != cb->replicates ||
        ca->n_horizons != cb->n_horizons ||
        engine_n_vars(a) != engine_n_vars(b))
        return sim_fail(err, SIM_ERR_INVALID,
                        "compare: the two arms differ in replicates, "
                        "horizons or variables");
    size_t n = (size_t)ca->replicates;
    size_t n_h = (size_t)ca->n_horizons;
    size_t n_vars = engine_n_vars(a);
    size_t n_series = n_vars * n_h;
    double *diff = sim_calloc(n_series * n, sizeof *diff);
    double *boot = sim_calloc(n_boot * n_series, sizeof *boot);
    double *column = sim_calloc(n_boot > 0 ? n_boot : 1, sizeof *column);
    long *idx = sim_calloc(n, sizeof *idx);
    gsl_rng *rng = sim_rng_new(seed);
    sim_status st = SIM_OK;
    if (diff == NULL || boot == NULL || column == NULL || idx == NULL ||
        rng == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        goto done;
    }
    for (size_t v = 0; v < n_vars; v++)
        for (size_t h = 0; h < n_h; h++) {
            const double *xa = engine_horizon_values(a, v, (int)h);
            const double *xb = engine_horizon_values(b, v, (int)h);
            double *d = diff + (v * n_h + h) * n;
            struct compare_difference *o = &out[v * n_h + h];
            o->mean_a = sim_mean(xa, n); /* as each arm's /summary */
            o->mean_b = sim_mean(xb, n);
            for (size_t r = 0; r < n; r++)
                d[r] = xb[r] - xa[r];
            o->estimate = sim_mean(d, n);
        }
    /* Resample replicates, not series: the pairs, and the variables of one
     * replicate, stay together. */
    sim_rng_stream(rng, seed, 0, 0, RNG_PURPOSE_BOOTSTRAP);
    for (size_t k = 0; k < n_boot; k++) {
        for (size_t i = 0; i < n; i++)
            idx[i] = (long)gsl_rng_uniform_int(rng, n);
        for (size_t s = 0; s < n_series; s++) {
            const double *d = diff + s * n;
            double sum = 0.0;
            for (size_t i = 0; i < n; i++)
                sum += d[idx[i]];
            boot[s * n_boot + k] = sum / (double)n;
        }
    }
    for (size_t s = 0; s < n_series; s++) {
        struct compare_difference *o = &out[s];
        if (n_boot == 0) {
            o->low = o->high = NAN;
            continue;
        }
        memcpy(column, boot + s * n_boot, n_boot * sizeof *column);
        gsl_sort(column, 1, n_boot);
        o->low = gsl_stats_quantile_from_sorted_data(column, 1, n_boot,
                                                     (1.0 - level) / 2.0);
        o->high = gsl_stats_quantile_from_sorted_data(column, 1, n_boot,
                                                      (1.0 + level) / 2.0);
    }
done:
    sim_free(diff);
    sim_free(boot);
    sim_free(column);
    sim_free(idx);
    if (rng != NULL)
        gsl_rng_free(rng);
    return st;
}

sim_status compare_check_scenario(const struct scenario *sc,
                                  const char *command, const char *instead,
                                  char *err)
{
    if (sc->territory == NULL)
        return SIM_OK;
    return sim_fail(err, SIM_ERR_INVALID,
                    "%s: %s compares an organisation or a portfolio with and "
                    "without its investment in alliance engineering, and "
                    "this scenario is a territory (territory.organisations "
                    "= %ld), which has none to take away: it compares "
                    "itself with and without its alliances every month "
                    "(territory_prime_eur, engagement_prime_eur, "
                    "micro_prime_sum_eur; docs/territory.md)%s%s",
                    sc->path, command, sc->territory->t.organisations,
                    instead != NULL ? ". " : "",
                    instead != NULL ? instead : "");
}

void *compare_control_params(const struct scenario *sc, char *err)
{
    if (compare_check_scenario(sc, "compare", NULL, err) != SIM_OK)
        return NULL;
    const struct model_type *m = scenario_model(sc);
    void *p = sim_malloc(m->params_size);
    if (p == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        return NULL;
    }
    memcpy(p, scenario_params(sc), m->params_size);
    compare_control_apply(sc, p);
    return p;
}

void compare_control_apply(const struct scenario *sc, void *params)
{
    if (sc->territory != NULL)
        return;
    if (sc->portfolio != NULL) {
        ((struct portfolio_params *)params)->fund.budget_eur = 0.0;
    } else {
        struct org_params *o = params;
        o->engineering_eur = 0.0;
        o->rules.tiers_on_top_policy = 0;
        /* The control stays without the investment: events that would
         * budget engineering again are not its own. */
        int kept = 0;
        for (int i = 0; i < o->events.count; i++) {
            size_t at = o->events.list[i].offset;
            if (at != offsetof(struct org_params, engineering_eur) &&
                at != offsetof(struct org_params, rules.tiers_on_top_policy))
                o->events.list[kept++] = o->events.list[i];
        }
        o->events.count = kept;
    }
}

static sim_status run_quiet(struct engine *e, struct compare_arm *arm)
{
    for (;;) {
        struct engine_block block;
        sim_status st = engine_next_block(e, &block);
        if (st != SIM_OK || block.count == 0)
            return st;
        compare_accumulate(arm, &block);
    }
}

/* Both arms of sc with config, into *a_t and *a_c (the caller frees). */
static sim_status run_arms(const struct scenario *sc,
                           const struct engine_config *config,
                           struct compare_arm **a_t, struct compare_arm **a_c,
                           char *err)
{
    const struct model_type *model = scenario_model(sc);
    int is_fund = sc->portfolio != NULL;
    *a_t = *a_c = NULL;
    sim_status st = compare_check_scenario(sc, "compare", NULL, err);
    if (st != SIM_OK)
        return st;
    void *control = compare_control_params(sc, err);
    struct engine *e_t = NULL, *e_c = NULL;
    st = SIM_ERR_NOMEM;
    if (control == NULL)
        goto done;
    e_t = engine_new(model, scenario_params(sc), config, err);
    e_c = e_t != NULL ? engine_new(model, control, config, err) : NULL;
    *a_t = e_c != NULL ? compare_arm_new(e_t, is_fund, err) : NULL;
    *a_c = *a_t != NULL ? compare_arm_new(e_c, is_fund, err) : NULL;
    if (*a_c == NULL)
        goto done;
    st = run_quiet(e_t, *a_t);
    if (st == SIM_OK)
        st = run_quiet(e_c, *a_c);
done:
    engine_free(e_t);
    engine_free(e_c);
    sim_free(control);
    return st;
}

sim_status compare_estimates(const struct scenario *sc,
                             const struct engine_config *config,
                             double (*out)[METRIC_COUNT], char *err)
{
    struct compare_arm *a_t = NULL, *a_c = NULL;
    long *idx = sim_calloc((size_t)config->replicates, sizeof *idx);
    sim_status st = idx == NULL ? sim_fail(err, SIM_ERR_NOMEM,
                                           "compare: out of memory")
                                : run_arms(sc, config, &a_t, &a_c, err);
    for (long i = 0; st == SIM_OK && i < config->replicates; i++)
        idx[i] = i;
    for (int h = 0; st == SIM_OK && h < a_t->n_horizons; h++)
        metrics_of(a_t, a_c, h, idx, (size_t)config->replicates, out[h]);
    sim_free(idx);
    compare_arm_free(a_t);
    compare_arm_free(a_c);
    return st;
}

sim_status compare_intervals(const struct scenario *sc,
                             const struct engine_config *config, size_t n_boot,
                             double level, struct compare_value (*out)[METRIC_COUNT],
                             char *err)
{
    struct compare_arm *a_t = NULL, *a_c = NULL;
    sim_status st = run_arms(sc, config, &a_t, &a_c, err);
    if (st == SIM_OK)
        st = compare_metrics(a_t, a_c, n_boot, level, config->seed, out, err);
    compare_arm_free(a_t);
    compare_arm_free(a_c);
    return st;
}
