/*
 * scenario.h - a validated scenario: simulation settings plus the parameters
 * of the organisation model, loaded from a libconfig file.
 *
 * Loading walks the parameter tables (the model's and sim_settings_table), so
 * the tables are the single declaration of every setting: a setting not in a
 * table is rejected as unknown, each value is checked for type and range, and
 * every error names the file, the line and the setting's dotted path.
 */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H

#include <stddef.h>

#include "models/org.h"
#include "models/portfolio.h"
#include "models/territory.h"
#include "sim/core/status.h"

/* The run's own settings (group `simulation` of a scenario file). */
/* Room of the settings that list variables (simulation.monthly, .bands,
 * .organisations_monthly): every variable of any model by name; their
 * table entries give it as their `max`, the capacity of a string setting. */
#define SETTING_LIST_LEN 2048

struct sim_settings {
    long months;
    long replicates;
    long seed;
    char output[PARAM_PATH_LEN];
    struct param_int_list horizons;
    double barycentre[3]; /* tactique, stratégique, prospective */
    long projects;        /* portfolio.projects: 0 for one organisation */
    long compression;     /* deflate level of the monthly datasets */
    char monthly[SETTING_LIST_LEN]; /* which monthly datasets to write */
    char bands[SETTING_LIST_LEN];   /* which variables get /bands */
    /* which of a territory's organisation variables to write month by
     * month (/organisations/monthly) */
    char organisations_monthly[SETTING_LIST_LEN];
};

/* Where an event of the scenario came from, for messages and listings; the
 * i-th describes sc->org.events.list[i] (sorted by month, file order within
 * a month). */
struct scenario_event {
    char path[128];                  /* the setting it changes */
    char where[PARAM_STRING_LEN + 32]; /* "file:line" of its group */
};

struct scenario {
    char path[PARAM_PATH_LEN];
    char *text; /* the file's full text, owned */
    struct sim_settings settings;
    struct org_params org;        /* the organisation, or the projects' template */
    struct fund_params fund;      /* a portfolio's fund */
    struct portfolio_params *portfolio; /* NULL for one organisation, owned */
    struct scenario_event events[ORG_EVENTS_MAX]; /* org.events.count used */
    struct territory_settings terr;     /* a territory's own settings */
    /* NULL unless territory.organisations > 0, owned: the territory's
     * settings and the organisations' template (sc->org). */
    struct territory_params *territory;
};

/* The settings table, and its size. */
extern const struct param_desc sim_settings_table[];
extern const size_t sim_settings_count;

/*
 * Loads and validates the scenario at path into a new scenario (*out, freed
 * with scenario_free).  Settings missing from the file keep their defaults.
 * On failure returns a status, writes "file:line: setting 'path': ..." into
 * err, and leaves *out NULL.
 */
sim_status scenario_load(const char *path, struct scenario **out, char *err);

/* Returns a new scenario holding every default (no file), or NULL when out
 * of memory.  `path` is recorded as the scenario's name. */
struct scenario *scenario_new_default(const char *path);

/* Frees sc and its text; scenario_free(NULL) does nothing. */
void scenario_free(struct scenario *sc);

/*
 * Sets the parameter at `path` from its text form, with the same type and
 * range checks as the loader, then re-checks cross-setting constraints.
 * `origin` names where the value came from (e.g. "--seed") for messages.
 */
sim_status scenario_set(struct scenario *sc, const char *path,
                        const char *value, const char *origin, char *err);

/* The model a scenario runs (organisation, portfolio or territory) and its
 * parameters. */
const struct model_type *scenario_model(const struct scenario *sc);
const void *scenario_params(const struct scenario *sc);

/* Writes a one-line account of event i ("month 24: set
 * funding.subsidy.monthly_eur = 0") into buf. */
void scenario_event_text(const struct scenario *sc, int i, char *buf,
                         size_t len);

/* Enough for any scenario model's variables. */
#define PORTFOLIO_VARS_MAX \
    ((int)PV_COUNT > (int)TV_COUNT ? (int)PV_COUNT : (int)TV_COUNT)

/*
 * Fills keep[n_vars] (n_vars of scenario_model(sc)) from simulation.monthly:
 * "all", "none", or variable names separated by commas.  Returns SIM_OK, or
 * SIM_ERR_UNKNOWN naming the first unknown variable.
 */
sim_status scenario_monthly_mask(const struct scenario *sc,
                                 unsigned char *keep, char *err);

/*
 * The same for simulation.bands: which variables get /bands/<var> (their
 * quantiles across replicates at every month).  The model's `alive`, whose
 * mean is /bands/alive_share, is always kept.
 */
sim_status scenario_bands_mask(const struct scenario *sc, unsigned char *keep,
                               char *err);
/* Enough for any scenario model's unit variables (a territory's). */
#define SCENARIO_UNIT_VARS_MAX ((int)TU_COUNT)

/*
 * Fills keep[n_unit_vars] (of scenario_model(sc): a territory's
 * organisations) from simulation.organisations_monthly: "all", "none", or
 * unit variable names separated by commas, and *kept with the count kept
 * (keep may be NULL to check only).  Returns SIM_ERR_UNKNOWN naming the
 * first unknown name, or SIM_ERR_INVALID when a model without
 * organisations is asked for some (any model may say "none").
 */
sim_status scenario_organisations_monthly(const struct scenario *sc,
                                          unsigned char *keep, int *kept,
                                          char *err);

/* Checks constraints spanning several settings (model's check included). */
sim_status scenario_check(const struct scenario *sc, char *err);

/*
 * Fills horizons (capacity PARAM_INT_LIST_MAX) with the report horizons that
 * fall within the simulated months, in increasing order, and returns their
 * count; when none does, the last month is the only horizon.
 */
int scenario_horizons(const struct scenario *sc, long *horizons);

/* Writes the output path (settings.output, or out/<scenario name>.h5 when
 * that is empty) into buf of len bytes. */
void scenario_output_path(const struct scenario *sc, char *buf, size_t len);

/* Returns the descriptor of the setting at path in either table, and through
 * base the struct it lives in; NULL when no such setting exists. */
const struct param_desc *scenario_find_param(struct scenario *sc,
                                             const char *path, void **base);

#endif
