#include "scenario.h"

#include "param_dist.h"
#include "settings.h"
#include "sim/core/rng.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


#include "sim/core/alloc.h"
#include "sim/core/suggest.h"

#define SOFF(field) offsetof(struct sim_settings, field)

static const long default_horizons[] = {18, 84, 336};

const struct param_desc sim_settings_table[] = {
    {"simulation.months", PARAM_INT, SOFF(months), "month", 336, 1, 1200,
     "months simulated", SRC_CAHIER ": the 28-year « prospective » horizon",
     NULL, NULL, 0},
    {"simulation.replicates", PARAM_INT, SOFF(replicates), "1", 1000, 1, 1e7,
     "Monte Carlo replicates",
     "assumption: 1000 gives 5%/95% quantiles "
     "to about +-1 percentile",
     NULL, NULL, 0},
    {"simulation.seed", PARAM_INT, SOFF(seed), "1", 20260101, 0,
     9007199254740992.0, "seed of every random stream of the run", "-", NULL,
     NULL, 0},
    {"simulation.output", PARAM_PATH, SOFF(output), "path", 0, 0, 0,
     "HDF5 output file; empty: out/<scenario name>.h5", "-", "", NULL, 0},
    {"simulation.horizons", PARAM_INT_LIST, SOFF(horizons), "month", 0, 1, 1200,
     "report horizons, increasing",
     SRC_CAHIER ", « Matrice d'articulation des trajectoires »: 18 months, "
     "7 years, 28 years",
     NULL, default_horizons, 3},
    {"matrix.barycentre.tactical", PARAM_DOUBLE, SOFF(barycentre[0]), "1",
     1.0 / 3.0, 0, 1,
     "weight of the « tactique » horizon (report horizons up to 18 months; "
     "the weighted score reads the longest) in the weighted score; the "
     "three weights sum to 1",
     SRC_CAHIER ": « le barycentre qui correspond le mieux à sa "
     "situation »; default: assumption, equal weights",
     NULL, NULL, 0},
    {"matrix.barycentre.strategic", PARAM_DOUBLE, SOFF(barycentre[1]), "1",
     1.0 / 3.0, 0, 1, "weight of the « stratégique » horizon (report horizons of 19 to 84 "
     "months; the longest)",
     SRC_CAHIER "; default: assumption, equal weights", NULL, NULL, 0},
    {"matrix.barycentre.prospective", PARAM_DOUBLE, SOFF(barycentre[2]), "1",
     1.0 / 3.0, 0, 1, "weight of the « prospective » horizon (report horizons beyond 84 "
     "months; the longest)",
     SRC_CAHIER "; default: assumption, equal weights", NULL, NULL, 0},
    {"simulation.compression", PARAM_INT, SOFF(compression), "1", 1, 0, 9,
     "deflate level of the monthly datasets (with shuffle); 0 writes them "
     "uncompressed: faster, files about 2.5x larger",
     "docs/performance.md: the run is bound by deflate", NULL, NULL, 0},
    {"simulation.monthly", PARAM_STRING, SOFF(monthly), "-", 0, 0, SETTING_LIST_LEN,
     "which (replicate, month) datasets to write: \"none\", \"all\", or "
     "variable names separated by commas; /summary covers every variable",
     "docs/output.md", "none", NULL, 0},
    {"simulation.bands", PARAM_STRING, SOFF(bands), "-", 0, 0, SETTING_LIST_LEN,
     "which variables get /bands (quantiles across replicates at every "
     "month, for fan charts): \"all\", \"none\", or variable names "
     "separated by commas; the share alive is always written.  Fewer "
     "variables make a run with many replicates faster",
     "docs/output.md; docs/performance.md for what the bands cost", "all",
     NULL, 0},
    {"simulation.organisations_monthly", PARAM_STRING,
     SOFF(organisations_monthly), "-", 0, 0, SETTING_LIST_LEN,
     "which of a territory's organisation variables to write month by month "
     "as /organisations/monthly/<variable> (replicate, month, "
     "organisation): \"none\", \"all\", or names separated by commas "
     "(value_produced_eur, prime_alliance_eur, cash_eur, alive, links, "
     "size); /organisations has them all at the report horizons",
     "docs/output.md: opt-in, as 1,000 organisations over 336 months and 100 "
     "replicates take 270 MB a variable before compression",
     "none", NULL, 0},
    {"portfolio.projects", PARAM_INT, SOFF(projects), "project", 0, 0,
     PORTFOLIO_MAX_PROJECTS,
     "number of projects of a portfolio, each an organisation made from this "
     "scenario's settings (0: one organisation); see docs/model.md",
     SRC_CAHIER ": the Fonds ODD 17 backed « une cinquantaine "
     "d'innovations territoriales »",
     NULL, NULL, 0},
};

const size_t sim_settings_count =
    sizeof sim_settings_table / sizeof sim_settings_table[0];

/* ---- the two tables of a scenario ---- */

static const char *const scenario_help =
    "'alliance-sim params' lists the settings";

/* The fund's table is the portfolio model's, whose offsets count from a
 * struct portfolio_params; its fund comes first, so they also count from a
 * struct fund_params. */
_Static_assert(offsetof(struct portfolio_params, fund) == 0,
               "the fund must be the first member of a portfolio");

/* The same for a territory's settings. */
_Static_assert(offsetof(struct territory_params, t) == 0,
               "the settings must be the first member of a territory");

#define SCENARIO_TABLES 4

static const char *const scenario_deferred[] = {
    "overrides", "portfolio.list", "portfolio.vary", "events", NULL};

static void scenario_settings(struct scenario *sc,
                              struct settings_table t[SCENARIO_TABLES],
                              struct settings *st)
{
    t[0] = (struct settings_table){sim_settings_table, sim_settings_count,
                                   &sc->settings};
    t[1] =
        (struct settings_table){org_model.params, org_model.n_params, &sc->org};
    t[2] = (struct settings_table){portfolio_model.params,
                                   portfolio_model.n_params, &sc->fund};
    t[3] = (struct settings_table){territory_model.params,
                                   territory_model.n_params, &sc->terr};
    *st = (struct settings){t, SCENARIO_TABLES, sc->path, scenario_deferred,
                            scenario_help};
}

const struct param_desc *scenario_find_param(struct scenario *sc,
                                             const char *path, void **base)
{
    struct settings_table t[SCENARIO_TABLES];
    struct settings st;
    scenario_settings(sc, t, &st);
    return settings_find(&st, path, base);
}

/* ---- life cycle ---- */

static void scenario_set_defaults(struct scenario *sc)
{
    struct settings_table t[SCENARIO_TABLES];
    struct settings st;
    scenario_settings(sc, t, &st);
    settings_defaults(&st);
}

struct scenario *scenario_new_default(const char *path)
{
    struct scenario *sc = sim_calloc(1, sizeof *sc);
    if (sc == NULL)
        return NULL;
    snprintf(sc->path, sizeof sc->path, "%s", path);
    scenario_set_defaults(sc);
    return sc;
}

void scenario_free(struct scenario *sc)
{
    if (sc == NULL)
        return;
    sim_free(sc->text);
    sim_free(sc->portfolio);
    sim_free(sc->territory);
    sim_free(sc);
}

/* Per-project settings: portfolio.list = ( { organisation = { name = ...;
 * }; human = { ... }; ... }, ... ) sets projects 1, 2, ... over the
 * template. */
static sim_status load_project_list(struct scenario *sc,
                                    const config_setting_t *root, char *err)
{
    const config_setting_t *list = config_setting_lookup(
        (config_setting_t *)root, "portfolio.list");
    if (list == NULL)
        return SIM_OK;
    char where[PARAM_STRING_LEN + 32];
    settings_where(list, sc->path, where, sizeof where);
    int n = config_setting_length(list);
    if (config_setting_type(list) != CONFIG_TYPE_LIST ||
        n > sc->settings.projects)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'portfolio.list': expected a list of at "
                        "most portfolio.projects (%ld) groups",
                        where, sc->settings.projects);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
            settings_where(g, sc->path, where, sizeof where);
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting 'portfolio.list': element %d: "
                            "expected a group { ... } of organisation "
                            "settings",
                            where, i + 1);
        }
        struct settings_table t = {org_model.params, org_model.n_params,
                                   &sc->portfolio->projects[i]};
        struct settings st = {&t, 1, sc->path, NULL, scenario_help};
        sim_status s = settings_load_group(&st, g, "", err);
        if (s != SIM_OK)
            return s;
    }
    return SIM_OK;
}

/*
 * portfolio.vary = ( { path = ...; distribution = ...; ... }, ... ): each
 * project draws its value of each listed setting from the distribution, from
 * the stream (seed, project, entry, RNG_PURPOSE_DESIGN): the projects are the
 * same in every replicate and for every thread count.
 */
static sim_status vary_projects(struct scenario *sc,
                                const config_setting_t *root, char *err)
{
    const config_setting_t *list = config_setting_lookup(
        (config_setting_t *)root, "portfolio.vary");
    if (list == NULL)
        return SIM_OK;
    char where[PARAM_STRING_LEN + 32];
    settings_where(list, sc->path, where, sizeof where);
    if (config_setting_type(list) != CONFIG_TYPE_LIST)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'portfolio.vary': expected a list ( { "
                        "path = ...; distribution = ...; }, ... )",
                        where);
    struct param_dist *p = sim_calloc(1, sizeof *p);
    gsl_rng *rng = sim_rng_new((uint64_t)sc->settings.seed);
    sim_status st = SIM_OK;
    if (p == NULL || rng == NULL)
        st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sc->path);
    int n = config_setting_length(list);
    for (int k = 0; st == SIM_OK && k < n; k++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)k);
        st = param_dist_read(g, org_model.params, org_model.n_params,
                             "organisation model", sc->path, "portfolio.vary",
                             (size_t)k, p, err);
        settings_where(g, sc->path, where, sizeof where);
        for (long i = 0; st == SIM_OK && i < sc->portfolio->n_projects; i++) {
            sim_rng_stream(rng, (uint64_t)sc->settings.seed, (uint32_t)i,
                           (uint32_t)k, RNG_PURPOSE_DESIGN);
            double x = param_dist_value(p, gsl_rng_uniform(rng));
            st = settings_store_number(p->desc, &sc->portfolio->projects[i], x,
                                       where, err);
        }
    }
    sim_free(p);
    if (rng != NULL)
        gsl_rng_free(rng);
    return st;
}

/* A portfolio: portfolio.projects copies of the organisation template, then
 * values drawn per project (portfolio.vary), then the per-project settings
 * (portfolio.list). */
static sim_status build_portfolio(struct scenario *sc,
                                  const config_setting_t *root, char *err)
{
    sc->portfolio = sim_calloc(1, sizeof *sc->portfolio);
    if (sc->portfolio == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sc->path);
    struct portfolio_params *p = sc->portfolio;
    p->fund = sc->fund;
    p->n_projects = sc->settings.projects;
    for (long i = 0; i < p->n_projects; i++) {
        p->projects[i] = sc->org;
        snprintf(p->projects[i].name, sizeof p->projects[i].name, "%.200s #%ld",
                 sc->org.name, i + 1);
    }
    sim_status st = vary_projects(sc, root, err);
    return st == SIM_OK ? load_project_list(sc, root, err) : st;
}

/* A territory: its settings and the organisations' template, kept in step
 * with the scenario's by scenario_set. */
static sim_status build_territory(struct scenario *sc, char *err)
{
    if (sc->settings.projects > 0)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: settings 'portfolio.projects' and "
                        "'territory.organisations': a scenario is a "
                        "portfolio or a territory, not both",
                        sc->path);
    sc->territory = sim_calloc(1, sizeof *sc->territory);
    if (sc->territory == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", sc->path);
    sc->territory->t = sc->terr;
    sc->territory->org = sc->org;
    return SIM_OK;
}

/* What a setting of the fund's or of the territory's table needs of the
 * scenario: NULL when sc is of that kind (or the setting is of neither),
 * else the words saying which kind it applies to. */
static const char *kind_needed(const struct scenario *sc, const char *path)
{
    if (sc->portfolio == NULL &&
        param_table_find(portfolio_model.params, portfolio_model.n_params,
                         path) != NULL)
        return "a portfolio (portfolio.projects > 0)";
    if (sc->territory == NULL &&
        param_table_find(territory_model.params, territory_model.n_params,
                         path) != NULL &&
        strcmp(path, "territory.organisations") != 0)
        return "a territory (territory.organisations > 0)";
    return NULL;
}

/* A file's `fund` or `territory` settings on a scenario of another kind
 * would be read and then used by nothing: refused where they stand. */
static sim_status check_kind_groups(const struct scenario *sc,
                                    const config_setting_t *root, char *err)
{
    static const char *const groups[] = {"fund", "territory"};
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        const config_setting_t *grp = config_setting_get_member(root, groups[g]);
        if (grp == NULL || !config_setting_is_group(grp))
            continue;
        for (int i = 0; i < config_setting_length(grp); i++) {
            const config_setting_t *m = config_setting_get_elem(grp, (unsigned)i);
            char path[PARAM_PATH_LEN];
            snprintf(path, sizeof path, "%s.%s", groups[g],
                     config_setting_name(m));
            const char *kind = kind_needed(sc, path);
            if (kind == NULL)
                continue;
            char where[PATH_MAX + 16];
            settings_where(m, sc->path, where, sizeof where);
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting '%s' applies to %s; this scenario "
                            "is %s",
                            where, path, kind,
                            sc->portfolio != NULL   ? "a portfolio"
                            : sc->territory != NULL ? "a territory"
                                                    : "one organisation");
        }
    }
    return SIM_OK;
}

/* The horizons must increase: said at their line (scenario_check says it
 * again for a scenario built otherwise, without one). */
static sim_status check_horizons_at(const struct scenario *sc,
                                    const config_setting_t *root, char *err)
{
    const config_setting_t *g = config_setting_get_member(root, "simulation");
    const config_setting_t *h =
        g != NULL ? config_setting_get_member(g, "horizons") : NULL;
    const struct param_int_list *l = &sc->settings.horizons;
    for (int i = 1; h != NULL && i < l->count; i++)
        if (l->values[i] <= l->values[i - 1]) {
            char where[PATH_MAX + 16];
            settings_where(h, sc->path, where, sizeof where);
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting 'simulation.horizons': expected "
                            "increasing months, got %ld after %ld",
                            where, l->values[i], l->values[i - 1]);
        }
    return SIM_OK;
}

/*
 * overrides = ( { path = "alliances.production.value_uplift"; value = 1.2;
 * }, ... ): values that replace the settings at those paths after everything
 * else is read, as --set does (for every project of a portfolio).  This is
 * how `alliance-sim calibrate` writes a calibrated scenario that @includes
 * the original.
 */
static sim_status apply_overrides(struct scenario *sc,
                                  const config_setting_t *root, char *err)
{
    const config_setting_t *list =
        config_setting_get_member(root, "overrides");
    if (list == NULL)
        return SIM_OK;
    char where[PARAM_STRING_LEN + 32];
    settings_where(list, sc->path, where, sizeof where);
    if (config_setting_type(list) != CONFIG_TYPE_LIST)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'overrides': expected a list ( { path = "
                        "\"...\"; value = ...; }, ... )",
                        where);
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        settings_where(g, sc->path, where, sizeof where);
        const char *path = NULL;
        const config_setting_t *v =
            config_setting_type(g) == CONFIG_TYPE_GROUP
                ? config_setting_get_member(g, "value")
                : NULL;
        if (v == NULL || config_setting_lookup_string(g, "path", &path) !=
                             CONFIG_TRUE ||
            config_setting_length(g) != 2)
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting 'overrides' element %d: expected "
                            "{ path = \"...\"; value = ...; }",
                            where, i + 1);
        void *base = NULL;
        const struct param_desc *p = scenario_find_param(sc, path, &base);
        if (p != NULL && p->type == PARAM_INT_LIST)
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting 'overrides' element %d: '%s' is a "
                            "list, which overrides do not set: write it in "
                            "its group",
                            where, i + 1, path);
        /* As long as the longest string setting (lists of variables). */
        char text[2048];
        int type = config_setting_type(v);
        if (type == CONFIG_TYPE_FLOAT)
            snprintf(text, sizeof text, "%.17g", config_setting_get_float(v));
        else if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64)
            snprintf(text, sizeof text, "%lld", config_setting_get_int64(v));
        else if (type == CONFIG_TYPE_BOOL)
            snprintf(text, sizeof text, "%s",
                     config_setting_get_bool(v) ? "true" : "false");
        else if (type == CONFIG_TYPE_STRING)
            snprintf(text, sizeof text, "%s", config_setting_get_string(v));
        else
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting 'overrides' element %d: value must "
                            "be a number, a boolean or a string",
                            where, i + 1);
        sim_status st = scenario_set(sc, path, text, where, err);
        if (st != SIM_OK)
            return st;
    }
    return SIM_OK;
}

/* ---- dated events ---- */

static const char *const event_members[] = {"month", "set", "add", "value",
                                            NULL};

#define EVENT_SHAPE                                                            \
    "{ month = M; set = \"path\"; value = V; } or { month = M; add = "         \
    "\"path\"; value = V; }"

/* Reads one element of `events` into event slot i (unsorted yet). */
static sim_status read_event(struct scenario *sc, const config_setting_t *g,
                             int i, char *err)
{
    struct scenario_event *info = &sc->events[i];
    struct org_event *ev = &sc->org.events.list[i];
    char *where = info->where;
    settings_where(g, sc->path, where, sizeof info->where);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'events' element %d: expected " EVENT_SHAPE,
                        where, i + 1);
    sim_status st = settings_only_members(g, event_members, where, "events", err);
    if (st != SIM_OK)
        return st;
    const char *set = NULL, *add = NULL;
    int has_set = config_setting_lookup_string(g, "set", &set) == CONFIG_TRUE;
    int has_add = config_setting_lookup_string(g, "add", &add) == CONFIG_TRUE;
    double month = 0.0;
    int found_month = 0;
    st = settings_member_number(g, "month", where, "events", &month,
                                &found_month, err);
    if (st != SIM_OK)
        return st;
    const config_setting_t *v = config_setting_get_member(g, "value");
    int vtype = v != NULL ? config_setting_type(v) : CONFIG_TYPE_NONE;
    if (has_set == has_add || !found_month || v == NULL ||
        (config_setting_get_member(g, "set") != NULL && !has_set) ||
        (config_setting_get_member(g, "add") != NULL && !has_add))
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'events' element %d: expected " EVENT_SHAPE
                        " (one of set or add, the setting's path as a string)",
                        where, i + 1);
    if (vtype == CONFIG_TYPE_BOOL)
        ev->value = config_setting_get_bool(v) ? 1.0 : 0.0;
    else if (vtype == CONFIG_TYPE_FLOAT)
        ev->value = config_setting_get_float(v);
    else if (vtype == CONFIG_TYPE_INT || vtype == CONFIG_TYPE_INT64)
        ev->value = (double)config_setting_get_int64(v);
    else
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'events' element %d: value: expected a "
                        "number or true/false, got %s",
                        where, i + 1, settings_type_name(vtype));
    if (month != floor(month) || month < 1 || month > 1e9)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting 'events' element %d: month: expected a "
                        "whole month from 1 to simulation.months, got %g",
                        where, i + 1, month);
    ev->month = (long)month;
    const char *target = has_set ? set : add;
    snprintf(info->path, sizeof info->path, "%s", target);
    const struct param_desc *p =
        param_table_find(org_model.params, org_model.n_params, target);
    if (p == NULL) {
        void *base = NULL;
        int other = scenario_find_param(sc, target, &base) != NULL;
        const char *near = NULL;
        size_t d = 0;
        for (size_t k = 0; !other && k < org_model.n_params; k++)
            suggest_consider(target, org_model.params[k].path, &near, &d);
        return sim_fail(err, SIM_ERR_UNKNOWN,
                        "%s: setting 'events' element %d: %s '%s': %s%s%s%s",
                        where, i + 1, has_set ? "set" : "add", target,
                        other ? "not a setting of the organisation (events "
                                "change the organisation's settings only)"
                              : "unknown setting (",
                        near ? "did you mean '" : "", near ? near : "",
                        other  ? ""
                        : near ? "'? alliance-sim params lists them)"
                               : "alliance-sim params lists them)");
    }
    char msg[SIM_ERR_LEN / 2];
    if (org_event_resolve(p, has_set ? ORG_EVENT_SET : ORG_EVENT_ADD, ev, msg,
                          sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting 'events' element %d: %s", where, i + 1,
                        msg);
    return SIM_OK;
}

/*
 * events = ( { month = 24; set = "funding.subsidy.monthly_eur"; value = 0.0;
 * }, ... ): dated changes of the organisation's settings, resolved into
 * sc->org.events sorted by month (file order within a month).
 */
static sim_status load_events(struct scenario *sc,
                              const config_setting_t *root, char *err)
{
    const config_setting_t *list = config_setting_get_member(root, "events");
    if (list == NULL)
        return SIM_OK;
    char where[PARAM_STRING_LEN + 32];
    settings_where(list, sc->path, where, sizeof where);
    int n = config_setting_length(list);
    if (config_setting_type(list) != CONFIG_TYPE_LIST || n > ORG_EVENTS_MAX)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting 'events': expected a list ( " EVENT_SHAPE
                        ", ... ) of at most %d events",
                        where, ORG_EVENTS_MAX);
    for (int i = 0; i < n; i++) {
        sim_status st = read_event(
            sc, config_setting_get_elem(list, (unsigned)i), i, err);
        if (st != SIM_OK)
            return st;
    }
    /* Insertion sort: stable, and n is small. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && sc->org.events.list[j - 1].month >
                                     sc->org.events.list[j].month;
             j--) {
            struct org_event e = sc->org.events.list[j];
            sc->org.events.list[j] = sc->org.events.list[j - 1];
            sc->org.events.list[j - 1] = e;
            struct scenario_event info = sc->events[j];
            sc->events[j] = sc->events[j - 1];
            sc->events[j - 1] = info;
        }
    sc->org.events.count = n;
    return SIM_OK;
}

/* Events within the run and their results within range. */
static sim_status check_events(const struct scenario *sc, char *err)
{
    const struct org_events *evs = &sc->org.events;
    for (int i = 0; i < evs->count; i++)
        if (evs->list[i].month > sc->settings.months)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: event on '%s': month %ld is outside the run "
                            "(simulation.months = %ld): expected a month from "
                            "1 to %ld",
                            sc->events[i].where, sc->events[i].path,
                            evs->list[i].month, sc->settings.months,
                            sc->settings.months);
    char msg[SIM_ERR_LEN / 2];
    int bad = -1;
    int failed = org_events_check(&sc->org, &bad, msg, sizeof msg);
    if (failed != 0)
        return sim_fail(err, failed == -2 ? SIM_ERR_INVALID : SIM_ERR_RANGE,
                        "%s: event in month %ld on '%s': %s",
                        sc->events[bad].where, evs->list[bad].month,
                        sc->events[bad].path, msg);
    /* A portfolio's projects take the events from their own settings. */
    for (long i = 0; sc->portfolio != NULL && i < sc->portfolio->n_projects;
         i++) {
        const struct org_params *pp = &sc->portfolio->projects[i];
        failed = org_events_check(pp, &bad, msg, sizeof msg);
        if (failed != 0)
            return sim_fail(err,
                            failed == -2 ? SIM_ERR_INVALID : SIM_ERR_RANGE,
                            "%s: event in month %ld on '%s', in project %ld "
                            "(%s): %s",
                            sc->events[bad].where, evs->list[bad].month,
                            sc->events[bad].path, i + 1, pp->name, msg);
    }
    return SIM_OK;
}

void scenario_event_text(const struct scenario *sc, int i, char *buf,
                         size_t len)
{
    const struct org_event *ev = &sc->org.events.list[i];
    const struct param_desc *p = param_table_find(
        org_model.params, org_model.n_params, sc->events[i].path);
    char value[32];
    if (p != NULL && p->type == PARAM_BOOL)
        snprintf(value, sizeof value, "%s", ev->value != 0.0 ? "true" : "false");
    else
        snprintf(value, sizeof value, "%g", ev->value);
    snprintf(buf, len, "month %ld: %s %s %s %s", ev->month,
             ev->op == ORG_EVENT_SET ? "set" : "add", sc->events[i].path,
             ev->op == ORG_EVENT_SET ? "=" : "+=", value);
}

sim_status scenario_load(const char *path, struct scenario **out, char *err)
{
    *out = NULL;
    struct scenario *sc = scenario_new_default(path);
    if (sc == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    sim_status st = settings_read_text(path, "scenario file", &sc->text, err);
    if (st != SIM_OK) {
        scenario_free(sc);
        return st;
    }

    config_t cfg;
    st = settings_parse(path, &cfg, err);
    if (st != SIM_OK) {
        scenario_free(sc);
        return st;
    }
    struct settings_table t[SCENARIO_TABLES];
    struct settings settings;
    scenario_settings(sc, t, &settings);
    st = settings_load_group(&settings, config_root_setting(&cfg), "", err);
    if (st == SIM_OK)
        st = load_events(sc, config_root_setting(&cfg), err);
    if (st == SIM_OK && sc->settings.projects > 0)
        st = build_portfolio(sc, config_root_setting(&cfg), err);
    if (st == SIM_OK && sc->terr.organisations > 0)
        st = build_territory(sc, err);
    if (st == SIM_OK)
        st = check_kind_groups(sc, config_root_setting(&cfg), err);
    if (st == SIM_OK)
        st = check_horizons_at(sc, config_root_setting(&cfg), err);
    if (st == SIM_OK)
        st = apply_overrides(sc, config_root_setting(&cfg), err);
    config_destroy(&cfg);
    if (st == SIM_OK)
        st = scenario_check(sc, err);
    if (st != SIM_OK) {
        scenario_free(sc);
        return st;
    }
    *out = sc;
    return SIM_OK;
}

sim_status scenario_check(const struct scenario *sc, char *err)
{
    const struct param_int_list *h = &sc->settings.horizons;
    for (int i = 1; i < h->count; i++)
        if (h->values[i] <= h->values[i - 1])
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting 'simulation.horizons': expected "
                            "increasing months, got %ld after %ld",
                            sc->path, h->values[i], h->values[i - 1]);
    const double *b = sc->settings.barycentre;
    if (fabs(b[0] + b[1] + b[2] - 1.0) > 1e-6)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: settings 'matrix.barycentre.*' must sum to 1 "
                        "(they sum to %g)",
                        sc->path, b[0] + b[1] + b[2]);
    unsigned char keep[PORTFOLIO_VARS_MAX];
    sim_status mst = scenario_monthly_mask(sc, keep, err);
    if (mst == SIM_OK)
        mst = scenario_bands_mask(sc, keep, err);
    if (mst != SIM_OK)
        return mst;
    int units_kept = 0;
    mst = scenario_organisations_monthly(sc, NULL, &units_kept, err);
    if (mst != SIM_OK)
        return mst;
    char msg[SIM_ERR_LEN - PARAM_STRING_LEN - 8];
    if (org_model.check(&sc->org, msg, sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_INVALID, "%s: %s", sc->path, msg);
    sim_status est = check_events(sc, err);
    if (est != SIM_OK)
        return est;
    if (sc->portfolio != NULL &&
        portfolio_model.check(sc->portfolio, msg, sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_INVALID, "%s: %s", sc->path, msg);
    if (sc->territory != NULL &&
        territory_model.check(sc->territory, msg, sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_INVALID, "%s: %s", sc->path, msg);
    if (sc->portfolio == NULL &&
        (sc->fund.end_month < sc->fund.start_month))
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: fund.end_month must not come before "
                        "fund.start_month",
                        sc->path);
    return SIM_OK;
}

/* The next name of a list of names separated by commas, spaces around it
 * left out, into name; *at moves past it and its comma. */
static const char *next_name(const char **at, char name[PARAM_STRING_LEN])
{
    size_t n = strcspn(*at, ",");
    snprintf(name, PARAM_STRING_LEN, "%.*s", (int)n, *at);
    *at += n;
    if (**at == ',')
        ++*at;
    char *s = name;
    while (*s == ' ')
        s++;
    for (char *e = s + strlen(s); e > s && e[-1] == ' ';)
        *--e = '\0';
    return s;
}

/* keep[] from a list setting: "all", "none" or variable names separated
 * by commas (spaces around them tolerated). */
static sim_status var_mask(const struct scenario *sc, const char *setting,
                           const char *list, unsigned char *keep, char *err)
{
    const struct model_type *m = scenario_model(sc);
    int all = strcmp(list, "all") == 0, none = strcmp(list, "none") == 0;
    for (size_t v = 0; v < m->n_vars; v++)
        keep[v] = (unsigned char)all;
    if (all || none)
        return SIM_OK;
    const char *at = list;
    char name[PARAM_STRING_LEN];
    while (*at != '\0') {
        const char *s = next_name(&at, name);
        long v = model_var_index(m, s);
        if (v < 0) {
            const char *near = NULL;
            size_t d = 0;
            for (size_t k = 0; k < m->n_vars; k++)
                suggest_consider(s, m->vars[k].name, &near, &d);
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: setting '%s': '%s' is not a variable of the "
                            "%s model (%s%s%sexpected \"all\", \"none\" or "
                            "names from docs/output.md)",
                            sc->path, setting, s, m->name,
                            near ? "did you mean '" : "", near ? near : "",
                            near ? "'? " : "");
        }
        keep[v] = 1;
    }
    return SIM_OK;
}

sim_status scenario_monthly_mask(const struct scenario *sc,
                                 unsigned char *keep, char *err)
{
    return var_mask(sc, "simulation.monthly", sc->settings.monthly, keep, err);
}

sim_status scenario_bands_mask(const struct scenario *sc, unsigned char *keep,
                               char *err)
{
    sim_status st =
        var_mask(sc, "simulation.bands", sc->settings.bands, keep, err);
    long alive = model_var_index(scenario_model(sc), "alive");
    if (st == SIM_OK && alive >= 0)
        keep[alive] = 1;
    return st;
}

sim_status scenario_organisations_monthly(const struct scenario *sc,
                                          unsigned char *keep, int *kept,
                                          char *err)
{
    const struct model_type *m = scenario_model(sc);
    const char *list = sc->settings.organisations_monthly;
    int all = strcmp(list, "all") == 0, none = strcmp(list, "none") == 0;
    *kept = 0;
    if (!none && m->units == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                 "%s: setting 'simulation.organisations_monthly': only a "
                 "territory (territory.organisations > 0) has organisations "
                 "to write month by month, not the %s model; leave it at "
                 "\"none\"",
                 sc->path, m->name);
    for (size_t v = 0; v < m->n_unit_vars; v++) {
        if (keep != NULL)
            keep[v] = (unsigned char)all;
        *kept += all;
    }
    if (all || none)
        return SIM_OK;
    const char *at = list;
    char name[PARAM_STRING_LEN];
    while (*at != '\0') {
        const char *s = next_name(&at, name);
        size_t v = 0;
        while (v < m->n_unit_vars && strcmp(m->unit_vars[v].name, s) != 0)
            v++;
        if (v == m->n_unit_vars) {
            char names[PARAM_STRING_LEN] = "";
            for (size_t u = 0; u < m->n_unit_vars; u++) {
                size_t used = strlen(names);
                snprintf(names + used, sizeof names - used, "%s%s",
                         u > 0 ? ", " : "", m->unit_vars[u].name);
            }
            return sim_fail(err, SIM_ERR_UNKNOWN,
                     "%s: setting 'simulation.organisations_monthly': '%s' "
                     "is not a variable of the organisations (expected "
                     "\"all\", \"none\" or names from: %s)",
                     sc->path, s, names);
        }
        if (keep == NULL || !keep[v])
            ++*kept;
        if (keep != NULL)
            keep[v] = 1;
    }
    return SIM_OK;
}

const struct model_type *scenario_model(const struct scenario *sc)
{
    if (sc->territory != NULL)
        return &territory_model;
    return sc->portfolio != NULL ? &portfolio_model : &org_model;
}

const void *scenario_params(const struct scenario *sc)
{
    if (sc->territory != NULL)
        return sc->territory;
    if (sc->portfolio != NULL)
        return sc->portfolio;
    return &sc->org;
}

sim_status scenario_set(struct scenario *sc, const char *path,
                        const char *value, const char *origin, char *err)
{
    const char *what = sc->portfolio != NULL   ? "a portfolio"
                       : sc->territory != NULL ? "a territory"
                                               : "one organisation";
    const char *kind = kind_needed(sc, path);
    if (kind != NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s' applies to %s; %s is %s", origin,
                        path, kind, sc->path, what);
    /* The settings that make a scenario a portfolio or a territory shape
     * what its file is read into: they change a count, not the kind. */
    char *end = NULL;
    long count = strtol(value, &end, 10);
    int same_count = end != value && *end == '\0' &&
                     count == sc->settings.projects;
    if ((strcmp(path, "portfolio.projects") == 0 && !same_count) ||
        (sc->territory == NULL &&
         strcmp(path, "territory.organisations") == 0))
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s' shapes what the scenario is (%s) "
                        "and is read from the scenario file only; %s is %s",
                        origin, path,
                        path[0] == 'p' ? "a portfolio of that many projects"
                                       : "a territory of that many "
                                         "organisations",
                        sc->path, what);
    struct settings_table t[SCENARIO_TABLES];
    struct settings st;
    scenario_settings(sc, t, &st);
    sim_status status = settings_set_text(&st, path, value, origin, err);
    if (status != SIM_OK)
        return status;
    if (sc->portfolio != NULL) {
        /* A template setting applies to every project, a fund setting to the
         * portfolio's fund. */
        sc->portfolio->fund = sc->fund;
        struct settings_table one = {org_model.params, org_model.n_params,
                                     NULL};
        struct settings project = {&one, 1, sc->path, NULL, scenario_help};
        if (param_table_find(org_model.params, org_model.n_params, path))
            for (long i = 0; status == SIM_OK && i < sc->portfolio->n_projects;
                 i++) {
                one.base = &sc->portfolio->projects[i];
                status = settings_set_text(&project, path, value, origin, err);
            }
        if (status != SIM_OK)
            return status;
    }
    if (sc->territory != NULL) {
        sc->territory->t = sc->terr;
        sc->territory->org = sc->org;
    }
    /* The checks of the whole scenario name its file: say which value
     * made them fail, and where it came from. */
    status = scenario_check(sc, err);
    if (status != SIM_OK) {
        char inner[SIM_ERR_LEN];
        snprintf(inner, sizeof inner, "%s", err);
        return sim_fail(err, status, "%s %s=%.200s: %s", origin, path, value,
                        inner);
    }
    return SIM_OK;
}

int scenario_horizons(const struct scenario *sc, long *horizons)
{
    const struct param_int_list *h = &sc->settings.horizons;
    int n = 0;
    for (int i = 0; i < h->count; i++)
        if (h->values[i] <= sc->settings.months)
            horizons[n++] = h->values[i];
    if (n == 0)
        horizons[n++] = sc->settings.months;
    return n;
}

void scenario_output_path(const struct scenario *sc, char *buf, size_t len)
{
    if (sc->settings.output[0] != '\0') {
        snprintf(buf, len, "%s", sc->settings.output);
        return;
    }
    const char *name = strrchr(sc->path, '/');
    name = name != NULL ? name + 1 : sc->path;
    size_t stem = strlen(name);
    const char *dot = strrchr(name, '.');
    if (dot != NULL && dot != name)
        stem = (size_t)(dot - name);
    snprintf(buf, len, "out/%.*s.h5", (int)stem, name);
}
