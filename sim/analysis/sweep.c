#include "sweep.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/horizon.h"
#include "models/org.h"
#include "models/portfolio.h"
#include "models/registry.h"
#include "models/territory.h"
#include "sim/analysis/sobol.h"
#include "sim/core/alloc.h"
#include "sim/core/suggest.h"
#include "sim/core/names.h"
#include "sim/io/settings.h"

#define WOFF(field) offsetof(struct sweep_settings, field)
#define SRC_SWEEP "sweep setting"

const struct param_desc sweep_settings_table[] = {
    {"base", PARAM_PATH, WOFF(base), "path", 0, 0, 0,
     "scenario the sweep starts from, relative to the sweep file (model "
     "organisation)",
     SRC_SWEEP, "", NULL, 0},
    {"model", PARAM_STRING, WOFF(model), "-", 0, 0, 0,
     "model evaluated: organisation, or an analytic test function "
     "(ishigami, sobol_g)",
     SRC_SWEEP, "organisation", NULL, 0},
    {"design", PARAM_STRING, WOFF(design), "-", 0, 0, 0,
     "sweep design: grid, random, lhs or sobol", SRC_SWEEP, "sobol", NULL, 0},
    {"samples", PARAM_INT, WOFF(samples), "1", 1024, 1, 1e9,
     "sample size N (grid: ignored, the product of the levels)", SRC_SWEEP,
     NULL, NULL, 0},
    {"seed", PARAM_INT, WOFF(seed), "1", 1, 0, 9007199254740992.0,
     "seed of the design and of every replicate's random stream (not the "
     "base scenario's: set it to match a run of the scenario)", SRC_SWEEP,
     NULL, NULL, 0},
    {"replicates", PARAM_INT, WOFF(replicates), "1", 0, 0, 1e6,
     "replicates per sample; 0: the base scenario's simulation.replicates",
     SRC_SWEEP, NULL, NULL, 0},
    {"months", PARAM_INT, WOFF(months), "month", 0, 0, 1200,
     "months simulated; 0: the base scenario's simulation.months", SRC_SWEEP,
     NULL, NULL, 0},
    {"horizons", PARAM_INT_LIST, WOFF(horizons), "month", 0, 1, 1200,
     "report horizons of the outputs; default: the base scenario's",
     SRC_SWEEP, NULL, NULL, 0},
    {"block", PARAM_INT, WOFF(block), "1", 256, 1, 1e6,
     "samples saved together (the unit of resumption; quick blocks are "
     "computed several at a time)",
     SRC_SWEEP, NULL, NULL, 0},
    {"output", PARAM_PATH, WOFF(output), "path", 0, 0, 0,
     "HDF5 output file; empty: out/<sweep file name>.h5 for sweep, "
     "out/<sweep file name>-<method>.h5 for sensitivity",
     SRC_SWEEP, "", NULL, 0},
    {"common_random_numbers", PARAM_BOOL, WOFF(common_random_numbers), "-", 1,
     0, 1,
     "replicate r of every sample draws from the same stream (seed, r), so "
     "that differences between samples come from the parameters",
     SRC_SWEEP, NULL, NULL, 0},
    {"sensitivity.method", PARAM_STRING, WOFF(method), "-", 0, 0, 0,
     "sobol (first-order and total indices) or morris (elementary effects)",
     SRC_SWEEP, "sobol", NULL, 0},
    {"sensitivity.intervals", PARAM_STRING, WOFF(intervals), "-", 0, 0, 0,
     "how the confidence intervals of Sobol indices are computed: "
     "asymptotic (central limit theorem and delta method, one pass over "
     "the rows) or bootstrap (resampling the rows, sensitivity.bootstrap "
     "times)",
     SRC_SWEEP, "asymptotic", NULL, 0},
    {"sensitivity.bootstrap", PARAM_INT, WOFF(bootstrap), "1", 200, 0, 1e5,
     "bootstrap resamples for the confidence intervals of Sobol indices "
     "(with intervals = \"bootstrap\"; a count given without intervals "
     "asks for them; 0: no intervals)",
     SRC_SWEEP, NULL, NULL, 0},
    {"sensitivity.confidence", PARAM_DOUBLE, WOFF(confidence), "1", 0.95, 0.5,
     0.999, "level of the confidence intervals of Sobol indices", SRC_SWEEP,
     NULL, NULL, 0},
    {"sensitivity.yearly", PARAM_BOOL, WOFF(yearly), "-", 0, 0, 1,
     "also compute indices year by year along the trajectory", SRC_SWEEP,
     NULL, NULL, 0},
    {"sensitivity.trajectories", PARAM_INT, WOFF(trajectories), "1", 20, 2,
     1e6, "Morris: number of trajectories r", SRC_SWEEP, NULL, NULL, 0},
    {"sensitivity.levels", PARAM_INT, WOFF(levels), "1", 4, 2, 100,
     "Morris: number of grid levels p", SRC_SWEEP, NULL, NULL, 0},
};

const size_t sweep_settings_count =
    sizeof sweep_settings_table / sizeof sweep_settings_table[0];

static const char *const deferred_paths[] = {"parameters", "outputs", NULL};

/* Whether name is the first part of a scenario setting's path
 * ("simulation", "organisation", "funding", ...): a file whose settings are
 * such groups is a scenario given where a sweep file was expected. */
static int is_scenario_group(const char *name)
{
    const struct param_desc *const tables[] = {
        sim_settings_table, org_model.params, portfolio_model.params,
        territory_model.params};
    const size_t counts[] = {sim_settings_count, org_model.n_params,
                             portfolio_model.n_params,
                             territory_model.n_params};
    size_t len = strlen(name);
    for (size_t t = 0; t < sizeof counts / sizeof *counts; t++)
        for (size_t i = 0; i < counts[t]; i++)
            if (strncmp(tables[t][i].path, name, len) == 0 &&
                tables[t][i].path[len] == '.')
                return 1;
    return 0;
}

/* A scenario where a sweep file was expected: say so, and show the form of
 * a sweep file over it, rather than "unknown setting 'organisation'". */
static sim_status refuse_scenario(const char *path,
                                  const config_setting_t *root, int sens,
                                  char *err)
{
    if (config_setting_get_member(root, "parameters") != NULL ||
        config_setting_get_member(root, "outputs") != NULL)
        return SIM_OK;
    int n = config_setting_length(root);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(s);
        if (name == NULL || !is_scenario_group(name))
            continue;
        return sim_fail(
            err, SIM_ERR_INVALID,
            "%s is a scenario, not a sweep file (its setting '%s' is a "
            "scenario's; alliance-sim run simulates a scenario).  A sweep "
            "file names its base scenario and what to vary, e.g.\n"
            "  base = \"%s\";   # read from the sweep file's directory\n"
            "  design = \"lhs\";\n  samples = 64;\n"
            "  parameters = ( { path = \"engineering.budget_eur\"; "
            "distribution = \"uniform\"; min = 0.0; max = 3000.0; } );\n"
            "  outputs = ( { variable = \"alive\"; statistics = "
            "[\"mean\"]; } );\n%s"
            "then: alliance-sim %s FILE.cfg (docs/sweeps.md)",
            path, name, path,
            sens ? "  sensitivity = { method = \"sobol\"; };\n" : "",
            sens ? "sensitivity" : "sweep");
    }
    return SIM_OK;
}

/* sensitivity draws its own rows (Saltelli's design, Morris trajectories):
 * a `design` it would ignore is refused, so that no one reads the indices
 * of a grid that was never run.  Sobol indices draw Saltelli's A and B from
 * a Sobol' sequence (the default), independent uniforms or a Latin
 * hypercube. */
static sim_status refuse_ignored_design(const struct sweep *sw,
                                        const config_t *cfg,
                                        const struct sweep_override *ov,
                                        size_t n_ov, char *err)
{
    const config_setting_t *named = config_lookup(cfg, "design");
    int set = 0;
    for (size_t i = 0; i < n_ov; i++)
        set |= strcmp(ov[i].path, "design") == 0;
    if (named == NULL && !set)
        return SIM_OK;
    int sobol = strcmp(sw->settings.method, "sobol") == 0;
    if (sobol && (strcmp(sw->settings.design, "sobol") == 0 ||
                  strcmp(sw->settings.design, "random") == 0 ||
                  strcmp(sw->settings.design, "lhs") == 0))
        return SIM_OK;
    char where[PATH_MAX + 32];
    if (set)
        snprintf(where, sizeof where, "--set design");
    else
        snprintf(where, sizeof where, "%s:%d",
                 settings_file_of(named) != NULL ? settings_file_of(named)
                                                 : sw->path,
                 config_setting_source_line(named));
    return sim_fail(err, SIM_ERR_INVALID,
                    "%s: design = \"%s\" is ignored by sensitivity, which "
                    "runs %s; remove the setting (or run the design with "
                    "alliance-sim sweep)",
                    where, sw->settings.design,
                    sobol ? "Saltelli's design, its A and B drawn from a "
                            "Sobol' sequence (design = \"sobol\", the "
                            "default), independent uniforms (\"random\") "
                            "or a Latin hypercube (\"lhs\")"
                          : "Morris trajectories (sensitivity.trajectories, "
                            "sensitivity.levels)");
}

/* Where a setting was given: "--set" when overridden, else the file and
 * line; 0 when neither names it (it has its default). */
static int setting_given(const struct sweep *sw, const config_t *cfg,
                         const struct sweep_override *ov, size_t n_ov,
                         const char *path, char *where, size_t len)
{
    for (size_t i = n_ov; i-- > 0;)
        if (strcmp(ov[i].path, path) == 0) {
            snprintf(where, len, "--set");
            return 1;
        }
    const config_setting_t *s = config_lookup(cfg, path);
    if (s == NULL)
        return 0;
    settings_where(s, sw->path, where, len);
    return 1;
}

/* An analytic function is evaluated once per sample: months, replicates
 * or horizons asked of it would be ignored, so they are refused where
 * they were given. */
static sim_status refuse_lengths_of_a_function(struct sweep *sw,
                                               const config_t *cfg,
                                               const struct sweep_override *ov,
                                               size_t n_ov, char *err)
{
    if (sw->scenario != NULL || sw->model == &territory_model)
        return SIM_OK;
    static const char *const lengths[] = {"months", "replicates", "horizons"};
    const struct sweep_settings *s = &sw->settings;
    int asked[] = {s->months > 0, s->replicates > 0, s->horizons.count > 0};
    for (int i = 0; i < 3; i++) {
        char where[PATH_MAX + 64];
        if (asked[i] &&
            setting_given(sw, cfg, ov, n_ov, lengths[i], where, sizeof where))
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting '%s': the %s model is evaluated "
                            "once per sample (no months, no replicates): "
                            "remove it",
                            where, lengths[i], sw->model->name);
    }
    return SIM_OK;
}

/* The settings given that the sensitivity method run does not read (the
 * other method's: a file written for one method, run with the other by
 * --set sensitivity.method), listed in sw->unread with where they were
 * given. */
static void list_unread(struct sweep *sw, const config_t *cfg,
                        const struct sweep_override *ov, size_t n_ov)
{
    static const char *const sobol_only[] = {
        "samples", "sensitivity.intervals", "sensitivity.bootstrap",
        "sensitivity.confidence", NULL};
    static const char *const morris_only[] = {
        "sensitivity.trajectories", "sensitivity.levels", NULL};
    int sobol = strcmp(sw->settings.method, "sobol") == 0;
    const char *const *other = sobol ? morris_only : sobol_only;
    size_t used = 0;
    sw->unread[0] = '\0';
    for (int i = 0; other[i] != NULL && used < sizeof sw->unread; i++) {
        char where[PATH_MAX + 64];
        if (!setting_given(sw, cfg, ov, n_ov, other[i], where, sizeof where))
            continue;
        int w = snprintf(sw->unread + used, sizeof sw->unread - used,
                         "%s%s (%s)", used ? ", " : "", other[i], where);
        used += w > 0 ? (size_t)w : 0;
    }
}

/*
 * sensitivity.intervals names a method of sobol.h.  A file that sets a
 * bootstrap count and no method asks for resamples, as every file did
 * before the asymptotic intervals: it gets them.  A count beside intervals
 * = "asymptotic" would be ignored, so it is refused, as an ignored design
 * is: no one should read asymptotic intervals believing they come from
 * the resamples the file asks for.
 */
static sim_status check_intervals(struct sweep *sw, const config_t *cfg,
                                  const struct sweep_override *ov,
                                  size_t n_ov, char *err)
{
    char where[PATH_MAX + 64], given_at[PATH_MAX + 64];
    long method = sim_name_index(sobol_interval_names, SOBOL_INTERVALS_COUNT,
                                 sw->settings.intervals);
    int given = setting_given(sw, cfg, ov, n_ov, "sensitivity.intervals",
                              given_at, sizeof given_at);
    if (method < 0) {
        if (!given)
            snprintf(given_at, sizeof given_at, "%s", sw->path);
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting 'sensitivity.intervals': unknown "
                        "method '%s' (expected asymptotic or bootstrap)",
                        given_at, sw->settings.intervals);
    }
    /* Fewer resamples than 2 / (1 - level) leave a tail of the interval
     * empty: its bound would be the extreme resample. */
    long need = (long)ceil(2.0 / (1.0 - sw->settings.confidence) - 1e-9);
    if (method == SOBOL_INTERVALS_BOOTSTRAP && sw->settings.bootstrap > 0 &&
        sw->settings.bootstrap < need) {
        if (!setting_given(sw, cfg, ov, n_ov, "sensitivity.bootstrap", where,
                           sizeof where) &&
            !setting_given(sw, cfg, ov, n_ov, "sensitivity.confidence", where,
                           sizeof where))
            snprintf(where, sizeof where, "%s", sw->path);
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting 'sensitivity.bootstrap' = %ld: a %g%% "
                        "interval needs at least %ld resamples (%g%% of them "
                        "beyond each bound), or 0 for no intervals",
                        where, sw->settings.bootstrap,
                        100.0 * sw->settings.confidence, need,
                        50.0 * (1.0 - sw->settings.confidence));
    }
    if (method == SOBOL_INTERVALS_BOOTSTRAP ||
        strcmp(sw->settings.method, "sobol") != 0 ||
        !setting_given(sw, cfg, ov, n_ov, "sensitivity.bootstrap", where,
                       sizeof where))
        return SIM_OK;
    if (!given) {
        snprintf(sw->settings.intervals, sizeof sw->settings.intervals, "%s",
                 sobol_interval_names[SOBOL_INTERVALS_BOOTSTRAP]);
        return SIM_OK;
    }
    return sim_fail(err, SIM_ERR_INVALID,
                    "%s: setting 'sensitivity.bootstrap' = %ld is used only "
                    "with intervals = \"bootstrap\", and %s asks for "
                    "asymptotic intervals; set intervals = \"bootstrap\" to "
                    "resample, or remove the bootstrap count "
                    "(docs/sensitivity.md)",
                    where, sw->settings.bootstrap, given_at);
}

void sweep_free(struct sweep *sw)
{
    if (sw == NULL)
        return;
    sim_free(sw->text);
    sim_free(sw->parsed_text);
    scenario_free(sw->scenario);
    sim_free(sw->base_params);
    sim_free(sw->horizons);
    sim_free(sw->reported);
    sim_free(sw);
}

/* ---- reading list entries ---- */

static sim_status read_param(struct sweep *sw, const config_setting_t *g,
                             size_t index, char *err)
{
    char owner[96];
    struct param_dist *p = &sw->params[index];
    sim_status st;
    if (sw->scenario != NULL && sw->scenario->portfolio != NULL) {
        /* A portfolio: a fund setting, or an organisation setting applied
         * to every project. */
        const char *name = NULL;
        config_setting_lookup_string(g, "path", &name);
        int fund = name != NULL &&
                   param_table_find(portfolio_model.params,
                                    portfolio_model.n_params, name) != NULL;
        snprintf(owner, sizeof owner, "%s",
                 fund ? "fund" : "organisation model");
        st = fund ? param_dist_read(g, portfolio_model.params,
                                    portfolio_model.n_params, owner, sw->path,
                                    "parameters", index, p, err)
                  : param_dist_read(g, org_model.params, org_model.n_params,
                                    owner, sw->path, "parameters", index, p,
                                    err);
        sw->per_project[index] = !fund;
    } else if (sw->scenario != NULL && sw->scenario->territory != NULL) {
        /* A territory: one of its settings, or a setting of the
         * organisations' template. */
        const char *name = NULL;
        config_setting_lookup_string(g, "path", &name);
        int own = name != NULL &&
                  param_table_find(territory_model.params,
                                   territory_model.n_params, name) != NULL;
        snprintf(owner, sizeof owner, "%s",
                 own ? "territory model" : "organisation model");
        st = own ? param_dist_read(g, territory_model.params,
                                   territory_model.n_params, owner, sw->path,
                                   "parameters", index, p, err)
                 : param_dist_read(g, org_model.params, org_model.n_params,
                                   owner, sw->path, "parameters", index, p,
                                   err);
        sw->per_project[index] = !own;
    } else {
        snprintf(owner, sizeof owner, "%s model", sw->model->name);
        st = param_dist_read(g, sw->model->params, sw->model->n_params, owner,
                             sw->path, "parameters", index, p, err);
    }
    if (st != SIM_OK)
        return st;
    for (size_t j = 0; j < index; j++)
        if (strcmp(sw->params[j].path, p->path) == 0) {
            char where[PARAM_STRING_LEN + 32];
            settings_where(g, sw->path, where, sizeof where);
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting 'parameters[%zu].path': '%s' is "
                            "swept twice",
                            where, index, p->path);
        }
    return SIM_OK;
}


/* Reads the list `name` of the sweep file: a non-empty list of at most
 * `max` groups, each handed to read_one. */
static sim_status read_list(struct sweep *sw, const config_setting_t *root,
                            const char *name, const char *shape, int max,
                            sim_status (*read_one)(struct sweep *,
                                                   const config_setting_t *,
                                                   size_t, char *),
                            int *count, char *err)
{
    const config_setting_t *list = config_setting_get_member(root, name);
    if (list == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: missing setting '%s' (a list of %s)", sw->path,
                        name, shape);
    char where[PARAM_STRING_LEN + 32];
    settings_where(list, sw->path, where, sizeof where);
    int n = config_setting_length(list);
    if (config_setting_type(list) != CONFIG_TYPE_LIST || n < 1)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s': expected a non-empty list ( %s, "
                        "... )",
                        where, name, shape);
    if (n > max)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting '%s': at most %d entries, got %d", where,
                        name, max, n);
    for (int i = 0; i < n; i++) {
        sim_status st = read_one(sw, config_setting_get_elem(list, (unsigned)i),
                                 (size_t)i, err);
        if (st != SIM_OK)
            return st;
    }
    *count = n;
    return SIM_OK;
}

/* "mean", "sd" or "pNN" (a percentile, 1 to 99). */
static int parse_stat(const char *name, enum sweep_stat_kind *kind, double *q)
{
    if (strcmp(name, "mean") == 0) {
        *kind = SWEEP_STAT_MEAN;
        return 0;
    }
    if (strcmp(name, "sd") == 0) {
        *kind = SWEEP_STAT_SD;
        return 0;
    }
    if (name[0] == 'p' && strlen(name) >= 2 && strlen(name) <= 3 &&
        strspn(name + 1, "0123456789") == strlen(name + 1)) {
        int pct = atoi(name + 1);
        if (pct >= 1 && pct <= 99) {
            *kind = SWEEP_STAT_QUANTILE;
            *q = pct / 100.0;
            return 0;
        }
    }
    return -1;
}

/* { metric = "leverage"; }: a fund metric of the row against its control
 * arm (compare's definitions), on the row's replicates. */
static sim_status read_metric_output(struct sweep *sw,
                                     const config_setting_t *g,
                                     const char *where, const char *path,
                                     char *err)
{
    static const char *const allowed[] = {"metric", NULL};
    const char *name = NULL;
    sim_status st = settings_only_members(g, allowed, where, path, err);
    if (st == SIM_OK)
        st = settings_member_string(g, "metric", where, path, &name, err);
    if (st != SIM_OK)
        return st;
    enum compare_metric m;
    if ((st = compare_metric_parse(name, where, path, &m, err)) != SIM_OK)
        return st;
    if (sw->scenario == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s.metric': a fund metric compares the "
                        "base scenario with and without its investment: it "
                        "needs `base`, not `model`",
                        where, path);
    if (sw->scenario->territory != NULL) {
        char why[SIM_ERR_LEN / 2];
        compare_check_scenario(sw->scenario, "a fund metric", NULL, why);
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s.metric': %s. List the territory's "
                        "variables as outputs instead, e.g. { variable = "
                        "\"territory_prime_eur\"; }",
                        where, path, why);
    }
    if (sw->n_outputs == SWEEP_MAX_OUTPUTS)
        return sim_fail(err, SIM_ERR_RANGE, "%s: at most %d outputs in all",
                        where, SWEEP_MAX_OUTPUTS);
    struct sweep_output *o = &sw->outputs[sw->n_outputs];
    memset(o, 0, sizeof *o);
    o->metric = (int)m;
    snprintf(o->name, sizeof o->name, "%s", name);
    for (size_t j = 0; j < sw->n_outputs; j++)
        if (strcmp(sw->outputs[j].name, o->name) == 0)
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: output '%s' is listed twice", where, o->name);
    sw->n_outputs++;
    sw->has_metrics = 1;
    return SIM_OK;
}

static sim_status read_output(struct sweep *sw, const config_setting_t *g,
                              size_t index, char *err)
{
    static const char *const allowed[] = {"variable", "statistics", NULL};
    char where[PARAM_STRING_LEN + 32], path[64];
    settings_where(g, sw->path, where, sizeof where);
    snprintf(path, sizeof path, "outputs[%zu]", index);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s': expected a group { variable = ...; "
                        "statistics = [ ... ]; } or { metric = ...; }",
                        where, path);
    if (config_setting_get_member(g, "metric") != NULL)
        return read_metric_output(sw, g, where, path, err);
    sim_status st = settings_only_members(g, allowed, where, path, err);
    const char *var = NULL;
    if (st != SIM_OK ||
        (st = settings_member_string(g, "variable", where, path, &var, err)) != SIM_OK)
        return st;
    long v = model_var_index(sw->model, var);
    /* "lever.<name>": a lever indicator of the horizon matrix. */
    if (v < 0 && strncmp(var, "lever.", 6) == 0 && sw->model->levers != NULL) {
        long l = sim_name_index(lever_names, LEVER_COUNT, var + 6);
        if (l >= 0)
            v = (long)sw->model->n_vars + l;
    }
    if (v < 0) {
        const char *near = NULL;
        size_t d = 0;
        for (size_t i = 0; i < sw->model->n_vars; i++)
            suggest_consider(var, sw->model->vars[i].name, &near, &d);
        return sim_fail(err, SIM_ERR_UNKNOWN,
                        "%s: setting '%s.variable': '%s' is not a variable of "
                        "the %s model (%s%s%sdocs/output.md lists them%s)",
                        where, path, var, sw->model->name,
                        near ? "did you mean '" : "", near ? near : "",
                        near ? "'? " : "",
                        sw->model->levers != NULL
                            ? "; lever.regulatory_management, "
                              "lever.transformative_collective_action and "
                              "lever.shared_vision name the lever indicators"
                            : "");
    }
    const config_setting_t *stats = config_setting_get_member(g, "statistics");
    static const char *const mean_only[] = {"mean"};
    int n_stats = 1;
    if (stats != NULL) {
        n_stats = config_setting_length(stats);
        if ((config_setting_type(stats) != CONFIG_TYPE_ARRAY &&
             config_setting_type(stats) != CONFIG_TYPE_LIST) ||
            n_stats < 1)
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting '%s.statistics': expected a list "
                            "like [\"mean\", \"p05\"]",
                            where, path);
    }
    for (int i = 0; i < n_stats; i++) {
        const char *name = mean_only[0];
        if (stats != NULL) {
            const config_setting_t *e =
                config_setting_get_elem(stats, (unsigned)i);
            if (config_setting_type(e) != CONFIG_TYPE_STRING)
                return sim_fail(err, SIM_ERR_TYPE,
                                "%s: setting '%s.statistics': expected "
                                "strings",
                                where, path);
            name = config_setting_get_string(e);
        }
        if (sw->n_outputs == SWEEP_MAX_OUTPUTS)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: at most %d outputs in all", where,
                            SWEEP_MAX_OUTPUTS);
        struct sweep_output *o = &sw->outputs[sw->n_outputs];
        o->quantile = 0.0;
        if (parse_stat(name, &o->stat, &o->quantile) != 0)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: setting '%s.statistics': unknown statistic "
                            "'%s' (expected mean, sd or pNN, a percentile "
                            "from p1 to p99)",
                            where, path, name);
        if (o->stat == SWEEP_STAT_SD && sw->replicates < 2)
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting '%s.statistics': 'sd' needs at "
                            "least 2 replicates a sample (%s has %ld)",
                            where, path,
                            sw->scenario != NULL ? "the sweep"
                                                 : "an analytic function",
                            sw->replicates);
        o->var = (size_t)v;
        o->metric = -1;
        snprintf(o->name, sizeof o->name, "%s:%s", var, name);
        /* p5 and p05 are one statistic. */
        for (size_t j = 0; j < sw->n_outputs; j++) {
            const struct sweep_output *x = &sw->outputs[j];
            if (x->metric < 0 && x->var == o->var && x->stat == o->stat &&
                x->quantile == o->quantile)
                return sim_fail(err, SIM_ERR_INVALID,
                                "%s: output '%s' is listed twice (as '%s')",
                                where, o->name, x->name);
        }
        sw->n_outputs++;
    }
    return SIM_OK;
}


/* ---- the base ---- */

/* from: the file whose directory a relative base is read from. */
static sim_status load_base(struct sweep *sw, const char *from, char *err)
{
    const struct sweep_settings *s = &sw->settings;
    sw->model = model_by_name(s->model);
    if (sw->model == NULL) {
        char names[256];
        model_names(names, sizeof names);
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting 'model': unknown model '%s' (expected "
                        "one of: %s)",
                        sw->path, s->model, names);
    }
    sw->base_params = sim_calloc(1, sw->model->params_size);
    if (sw->base_params == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sw->path);

    int territory = sw->model == &territory_model;
    if (sw->model != &org_model && !territory) {
        /* An analytic function: deterministic, one month, one replicate. */
        param_table_set_defaults(sw->model->params, sw->model->n_params,
                                 sw->base_params);
        sw->months = 1;
        sw->replicates = 1;
        return SIM_OK;
    }
    if (s->base[0] == '\0')
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting 'base': the %s model needs a base "
                        "scenario",
                        sw->path, sw->model->name);
    char base[2 * PARAM_PATH_LEN];
    const char *slash = strrchr(from, '/');
    if (s->base[0] == '/' || slash == NULL)
        snprintf(base, sizeof base, "%s", s->base);
    else
        snprintf(base, sizeof base, "%.*s/%s", (int)(slash - from), from,
                 s->base);
    sim_status st = scenario_load(base, &sw->scenario, err);
    if (st != SIM_OK)
        return st;
    if (territory && sw->scenario->territory == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting 'base': model \"territory\" needs a "
                        "territory scenario (with territory.organisations), "
                        "not %s",
                        sw->path, base);
    if (sw->scenario->territory != NULL) {
        sim_free(sw->base_params);
        sw->model = &territory_model;
        sw->base_params = sim_calloc(1, sizeof *sw->scenario->territory);
        if (sw->base_params == NULL)
            return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                            sw->path);
        memcpy(sw->base_params, sw->scenario->territory,
               sizeof *sw->scenario->territory);
    } else if (sw->scenario->portfolio != NULL) {
        sim_free(sw->base_params);
        sw->model = &portfolio_model;
        sw->base_params = sim_calloc(1, sizeof *sw->scenario->portfolio);
        if (sw->base_params == NULL)
            return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                            sw->path);
        memcpy(sw->base_params, sw->scenario->portfolio,
               sizeof *sw->scenario->portfolio);
    } else {
        memcpy(sw->base_params, &sw->scenario->org, sizeof sw->scenario->org);
    }
    sw->months = s->months > 0 ? s->months : sw->scenario->settings.months;
    sw->replicates =
        s->replicates > 0 ? s->replicates : sw->scenario->settings.replicates;
    return SIM_OK;
}

static sim_status set_horizons(struct sweep *sw, int sensitivity, char *err)
{
    long list[PARAM_INT_LIST_MAX];
    int n = 0;
    if (sw->settings.horizons.count > 0) {
        n = sw->settings.horizons.count;
        for (int i = 0; i < n; i++) {
            list[i] = sw->settings.horizons.values[i];
            if (list[i] > sw->months)
                return sim_fail(err, SIM_ERR_RANGE,
                                "%s: setting 'horizons': %ld is beyond the "
                                "%ld months simulated",
                                sw->path, list[i], sw->months);
            if (i > 0 && list[i] <= list[i - 1])
                return sim_fail(err, SIM_ERR_INVALID,
                                "%s: setting 'horizons': expected increasing "
                                "months",
                                sw->path);
        }
    } else if (sw->scenario != NULL) {
        struct sim_settings saved = sw->scenario->settings;
        sw->scenario->settings.months = sw->months;
        n = scenario_horizons(sw->scenario, list);
        sw->scenario->settings = saved;
    } else {
        list[n++] = sw->months;
    }
    int yearly = sensitivity && sw->settings.yearly && sw->months >= 12;
    long extra = yearly ? sw->months / 12 + 1 : 0;
    sw->horizons = sim_calloc((size_t)(n + extra), sizeof *sw->horizons);
    if (sw->horizons == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sw->path);
    sw->reported = sim_calloc((size_t)(n + extra), sizeof *sw->reported);
    if (sw->reported == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sw->path);
    /* Merge the report horizons with the year ends, increasing, unique. */
    int k = 0, i = 0;
    for (long y = 12; yearly && y <= sw->months; y += 12) {
        while (i < n && list[i] < y) {
            sw->reported[k] = 1;
            sw->horizons[k++] = list[i++];
        }
        if (i < n && list[i] == y) {
            sw->reported[k] = 1;
            i++;
        }
        sw->horizons[k++] = y;
    }
    while (i < n) {
        sw->reported[k] = 1;
        sw->horizons[k++] = list[i++];
    }
    sw->n_horizons = k;
    return SIM_OK;
}

sim_status sweep_load(const char *path, int sensitivity,
                      const struct sweep_override *overrides,
                      size_t n_overrides, struct sweep **out, char *err)
{
    *out = NULL;
    struct sweep *sw = sim_calloc(1, sizeof *sw);
    if (sw == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    snprintf(sw->path, sizeof sw->path, "%s", path);
    sw->sensitivity = sensitivity;
    struct settings_table table = {sweep_settings_table, sweep_settings_count,
                                   &sw->settings};
    struct settings settings = {&table, 1, sw->path, deferred_paths,
                                "docs/sweeps.md lists them"};
    settings_defaults(&settings);

    config_t cfg;
    sim_status st = settings_read_text(path, "sweep file", &sw->text, err);
    if (st == SIM_OK) {
        st = settings_parse(path, &cfg, err);
        if (st != SIM_OK) {
            sweep_free(sw);
            return st;
        }
        const config_setting_t *root = config_root_setting(&cfg);
        /* Nothing would name the missing settings one by one as clearly. */
        if (config_setting_length(root) == 0) {
            config_destroy(&cfg);
            sweep_free(sw);
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: empty sweep file: expected its settings "
                            "(base or model, parameters, outputs; "
                            "docs/sweeps.md)",
                            path);
        }
        const char *parsed = settings_parsed_text(&cfg);
        sw->parsed_text = sim_malloc(strlen(parsed) + 1);
        if (sw->parsed_text == NULL)
            st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
        else
            strcpy(sw->parsed_text, parsed);
        if (st == SIM_OK)
            st = refuse_scenario(path, root, sensitivity, err);
        if (st == SIM_OK)
            st = settings_load_group(&settings, root, "", err);
        for (size_t i = 0; st == SIM_OK && i < n_overrides; i++)
            st = settings_set_text(&settings, overrides[i].path,
                                   overrides[i].value, "--set", err);
        /* A base named in an @included sweep file is read from that file's
         * directory, as its own @includes are; one given by --set from the
         * sweep file's. */
        const char *base_from = sw->path;
        const config_setting_t *named = config_lookup(&cfg, "base");
        int overridden = 0;
        for (size_t i = 0; i < n_overrides; i++)
            overridden |= strcmp(overrides[i].path, "base") == 0;
        if (named != NULL && !overridden && settings_file_of(named) != NULL)
            base_from = settings_file_of(named);
        if (st == SIM_OK)
            st = load_base(sw, base_from, err);
        if (st == SIM_OK)
            st = refuse_lengths_of_a_function(sw, &cfg, overrides,
                                              n_overrides, err);
        int n_params = 0, n_lists = 0;
        if (st == SIM_OK)
            st = read_list(sw, root, "parameters",
                           "{ path = ...; distribution = ...; }",
                           SWEEP_MAX_PARAMS, read_param, &n_params, err);
        sw->n_params = (size_t)n_params;
        if (st == SIM_OK)
            st = read_list(sw, root, "outputs",
                           "{ variable = ...; statistics = [...]; }",
                           SWEEP_MAX_OUTPUTS, read_output, &n_lists, err);
        if (st == SIM_OK && sensitivity)
            st = refuse_ignored_design(sw, &cfg, overrides, n_overrides, err);
        if (st == SIM_OK && sensitivity)
            st = check_intervals(sw, &cfg, overrides, n_overrides, err);
        if (st == SIM_OK && sensitivity)
            list_unread(sw, &cfg, overrides, n_overrides);
        config_destroy(&cfg);
    }
    if (st == SIM_OK)
        st = set_horizons(sw, sensitivity, err);
    if (st == SIM_OK && !sensitivity) {
        enum design_kind kind;
        if (design_kind_from_name(sw->settings.design, &kind) != 0) {
            static const char *const names[] = {
#define X(k, name) name,
                DESIGN_KIND_LIST
#undef X
            };
            char expected[256];
            suggest_expected(sw->settings.design, names,
                             sizeof names / sizeof names[0], expected,
                             sizeof expected);
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s: setting 'design': unknown design '%s' (%s)",
                          path, sw->settings.design, expected);
        }
    }
    if (st == SIM_OK && sensitivity &&
        strcmp(sw->settings.method, "sobol") != 0 &&
        strcmp(sw->settings.method, "morris") != 0) {
        static const char *const methods[] = {"sobol", "morris"};
        char expected[128];
        suggest_expected(sw->settings.method, methods, 2, expected,
                         sizeof expected);
        st = sim_fail(err, SIM_ERR_RANGE,
                      "%s: setting 'sensitivity.method': unknown method '%s' "
                      "(%s)",
                      path, sw->settings.method, expected);
    }
    if (st != SIM_OK) {
        sweep_free(sw);
        return st;
    }
    *out = sw;
    return SIM_OK;
}

sim_status sweep_apply_row(const struct sweep *sw, const double *unit,
                           void *params, double *values, char *err)
{
    memcpy(params, sw->base_params, sw->model->params_size);
    for (size_t i = 0; i < sw->n_params; i++) {
        const struct param_dist *p = &sw->params[i];
        double x = param_dist_value(p, unit[i]);
        values[i] = x;
        sim_status st = SIM_OK;
        if (sw->per_project[i] && sw->model == &territory_model) {
            struct territory_params *tp = params;
            st = settings_store_number(p->desc, &tp->org, x, p->path, err);
        } else if (sw->per_project[i]) {
            struct portfolio_params *pp = params;
            for (long j = 0; st == SIM_OK && j < pp->n_projects; j++)
                st = settings_store_number(p->desc, &pp->projects[j], x,
                                           p->path, err);
        } else {
            st = settings_store_number(p->desc, params, x, p->path, err);
        }
        if (st != SIM_OK)
            return st;
    }
    char msg[SIM_ERR_LEN - 64];
    if (sw->model->check != NULL &&
        sw->model->check(params, msg, sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_INVALID, "design row: %s", msg);
    return SIM_OK;
}


void sweep_output_path(const struct sweep *sw, char *buf, size_t len)
{
    if (sw->settings.output[0] != '\0') {
        snprintf(buf, len, "%s", sw->settings.output);
        return;
    }
    const char *name = strrchr(sw->path, '/');
    name = name != NULL ? name + 1 : sw->path;
    size_t stem = strlen(name);
    const char *dot = strrchr(name, '.');
    if (dot != NULL && dot != name)
        stem = (size_t)(dot - name);
    /* One file per method: a Morris screening never replaces the Sobol
     * indices of the same sweep file, nor a plain sweep either. */
    if (sw->sensitivity)
        snprintf(buf, len, "out/%.*s-%s.h5", (int)stem, name,
                 sw->settings.method);
    else
        snprintf(buf, len, "out/%.*s.h5", (int)stem, name);
}

const char *sweep_output_unit(const struct sweep *sw, size_t o)
{
    const struct sweep_output *out = &sw->outputs[o];
    if (out->metric >= 0)
        return compare_metric_units[out->metric];
    /* Lever indicators of the horizon matrix are scores from 0 to 1; a
     * standard deviation or quantile keeps its variable's unit. */
    if (out->var >= sw->model->n_vars)
        return "1";
    return sw->model->vars[out->var].unit;
}
