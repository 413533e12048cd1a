/*
 * model.h - the contract between the engine and a model.
 *
 * A model is a const `struct model_type`: its parameter table, the variables it
 * writes each month, the size of its parameter and state structs, and pure
 * `init` and `step` functions.  The engine knows nothing else about a model;
 * the scenario loader, `alliance-sim params`, the documentation and (later) the
 * sweeps all read the same parameter table, so each parameter is declared once.
 *
 * Models do no I/O, keep no globals or statics, and never allocate: the engine
 * owns the parameter struct, the state struct and the output row.
 */
#ifndef MODELS_MODEL_H
#define MODELS_MODEL_H

#include <limits.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

enum param_type {
    PARAM_DOUBLE,   /* double field */
    PARAM_INT,      /* long field (64-bit) */
    PARAM_STRING,   /* char[PARAM_STRING_LEN] field */
    PARAM_INT_LIST, /* struct param_int_list field */
    PARAM_BOOL,     /* int field, 0 or 1 (libconfig true / false) */
    PARAM_ENUM,     /* long field: index of a name in def_string "a|b|c" */
    PARAM_PATH,     /* char[PARAM_PATH_LEN] field: a file name */
};

#define PARAM_STRING_LEN 256
/* A file name as long as the system takes one.  Writers put temporary and
 * checkpoint files beside an output under its name plus a suffix: a path
 * setting leaves PARAM_PATH_ROOM bytes for it. */
#define PARAM_PATH_LEN PATH_MAX
#define PARAM_PATH_ROOM 64
#define PARAM_INT_LIST_MAX 16

/* The source document most parameters cite, by its title, for their
 * "source": a section or a quotation follows it. */
#define SRC_CAHIER                                                             \
    "Le RAMEAU, Cahier « Projets de territoire et modèles "                    \
    "socio-économiques » (2023)"

struct param_int_list {
    int count;
    long values[PARAM_INT_LIST_MAX];
};

/*
 * One parameter: where it lives in the scenario file (dotted path), where it
 * lives in the C struct (offset), its unit, default, inclusive valid range,
 * meaning and source (the document by its title and section, or
 * "assumption: ...").
 * For PARAM_INT_LIST the range applies to each element and `def_list` holds
 * the default elements; for PARAM_STRING `def_string` is the default and
 * `max`, when above 0, the bytes its field holds (else PARAM_STRING_LEN); for
 * PARAM_ENUM `def_string` lists the names, "|"-separated, and `def` is the
 * default's index.
 */
struct param_desc {
    const char *path;
    enum param_type type;
    size_t offset;
    const char *unit;
    double def;
    double min;
    double max;
    const char *description;
    const char *source;
    const char *def_string;
    const long *def_list;
    int def_list_count;
};

/* Whether a variable is a stock (value at the end of the month), a flow
 * (total over the month) or a ratio of the month's flows. */
enum var_kind { VAR_STOCK, VAR_FLOW, VAR_RATIO };

/* One variable a model writes each month. `label` is the French domain term
 * with its English gloss, for reports. */
struct var_desc {
    const char *name;
    const char *unit;
    enum var_kind kind;
    const char *label;
    const char *description;
};

struct model_type {
    const char *name;
    const struct param_desc *params;
    size_t n_params;
    size_t params_size;
    const struct var_desc *vars;
    size_t n_vars;
    size_t state_size;
    /* Checks constraints spanning several parameters; 0 when valid, else -1
     * with a message naming the settings in msg (len bytes). */
    int (*check)(const void *params, char *msg, size_t len);
    /* Sets the state at month 0 from params; writes the initial value of each
     * variable into initial[n_vars] (flows get 0). */
    void (*init)(const void *params, void *state, double *initial);
    /* Advances state by one month (month counts from 1) drawing from rng, and
     * writes the month's value of each variable into out[n_vars]. */
    void (*step)(const void *params, void *state, long month, gsl_rng *rng,
                 double *out);
    /* Optional (NULL when the model has none): the indicators of the three
     * levers of the horizon matrix (models/horizon.h), each in [0, 1],
     * computed from one month's variables obs[n_vars]. */
    void (*levers)(const void *params, const double *obs, double *out);
    /* Optional (NULL when the model has none): a model made of many units
     * (a territory's organisations) says how many it has for params, and
     * writes each unit's n_unit_vars values of unit_vars, read from the
     * state at the end of a month, into out[n_units][n_unit_vars]. */
    const struct var_desc *unit_vars;
    size_t n_unit_vars;
    size_t (*n_units)(const void *params);
    void (*units)(const void *params, const void *state, double *out);
};

/* Sets the struct at params (m->params_size bytes) to the model's defaults:
 * every byte 0, then each parameter's default, so that fields outside the
 * table (the organisation's resolved events) start empty. */
void model_set_defaults(const struct model_type *m, void *params);

/* Writes every parameter's default into the struct at base (other fields
 * are left as they are: model_set_defaults clears them). */
void param_table_set_defaults(const struct param_desc *table, size_t n,
                              void *base);

/* Returns the descriptor whose path equals `path`, or NULL. */
const struct param_desc *param_table_find(const struct param_desc *table,
                                          size_t n, const char *path);

/* The index of `name` among a PARAM_ENUM's choices, or -1. */
long param_enum_index(const struct param_desc *p, const char *name);

/* Writes the name of choice `index` of a PARAM_ENUM into buf. */
void param_enum_name(const struct param_desc *p, long index, char *buf,
                     size_t len);

/* Returns the index of the variable named `name` in model, or -1. */
long model_var_index(const struct model_type *model, const char *name);

/* True for the parameters that hold one number (double, integer, boolean):
 * those that sweeps can vary and that the output file's table lists. */
int param_is_numeric(const struct param_desc *p);

/* Reads a numeric parameter (PARAM_DOUBLE, PARAM_INT or PARAM_BOOL) as a
 * double. */
double param_get_number(const struct param_desc *p, const void *base);

#endif
