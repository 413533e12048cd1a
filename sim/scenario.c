#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "alloc.h"

#define SOFF(field) offsetof(struct sim_settings, field)

static const long default_horizons[] = {18, 84, 336};

const struct param_desc sim_settings_table[] = {
    {"simulation.months", PARAM_INT, SOFF(months), "month", 336, 1, 1200,
     "months simulated", "seed 003: the 28-year « prospective » horizon", NULL,
     NULL, 0},
    {"simulation.replicates", PARAM_INT, SOFF(replicates), "1", 1000, 1, 1e7,
     "Monte Carlo replicates",
     "assumption: 1000 gives 5%/95% quantiles "
     "to about +-1 percentile",
     NULL, NULL, 0},
    {"simulation.seed", PARAM_INT, SOFF(seed), "1", 20260101, 0,
     9007199254740992.0, "seed of every random stream of the run", "-", NULL,
     NULL, 0},
    {"simulation.output", PARAM_STRING, SOFF(output), "path", 0, 0, 0,
     "HDF5 output file; empty: out/<scenario name>.h5", "-", "", NULL, 0},
    {"simulation.horizons", PARAM_INT_LIST, SOFF(horizons), "month", 0, 1, 1200,
     "report horizons, increasing",
     "seed 003 « Matrice d'articulation des trajectoires »: 18 months, 7 "
     "years, 28 years",
     NULL, default_horizons, 3},
    {"matrix.barycentre.tactical", PARAM_DOUBLE, SOFF(barycentre[0]), "1",
     1.0 / 3.0, 0, 1,
     "weight of the « tactique » horizon (first report horizon) in the "
     "weighted score; the three weights sum to 1",
     "seed 003: « le barycentre qui correspond le mieux à sa situation »; "
     "default: assumption, equal weights",
     NULL, NULL, 0},
    {"matrix.barycentre.strategic", PARAM_DOUBLE, SOFF(barycentre[1]), "1",
     1.0 / 3.0, 0, 1, "weight of the « stratégique » horizon (second)",
     "seed 003; default: assumption, equal weights", NULL, NULL, 0},
    {"matrix.barycentre.prospective", PARAM_DOUBLE, SOFF(barycentre[2]), "1",
     1.0 / 3.0, 0, 1, "weight of the « prospective » horizon (third)",
     "seed 003; default: assumption, equal weights", NULL, NULL, 0},
};

const size_t sim_settings_count =
    sizeof sim_settings_table / sizeof sim_settings_table[0];

/* ---- table look-ups ---- */

struct table_ref {
    const struct param_desc *table;
    size_t n;
    void *base;
};

static int scenario_tables(struct scenario *sc, struct table_ref refs[2])
{
    refs[0] = (struct table_ref){sim_settings_table, sim_settings_count,
                                 &sc->settings};
    refs[1] =
        (struct table_ref){org_model.params, org_model.n_params, &sc->org};
    return 2;
}

const struct param_desc *scenario_find_param(struct scenario *sc,
                                             const char *path, void **base)
{
    struct table_ref refs[2];
    int n = scenario_tables(sc, refs);
    for (int t = 0; t < n; t++) {
        const struct param_desc *p =
            param_table_find(refs[t].table, refs[t].n, path);
        if (p != NULL) {
            if (base != NULL)
                *base = refs[t].base;
            return p;
        }
    }
    return NULL;
}

/* True when some setting lives under the group `path`. */
static int is_known_group(struct scenario *sc, const char *path)
{
    struct table_ref refs[2];
    int n = scenario_tables(sc, refs);
    size_t len = strlen(path);
    for (int t = 0; t < n; t++)
        for (size_t i = 0; i < refs[t].n; i++)
            if (strncmp(refs[t].table[i].path, path, len) == 0 &&
                refs[t].table[i].path[len] == '.')
                return 1;
    return 0;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[PARAM_STRING_LEN + 1];
    if (lb > PARAM_STRING_LEN)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The closest known setting to path (for "did you mean"), or NULL. */
static const char *closest_setting(struct scenario *sc, const char *path)
{
    struct table_ref refs[2];
    int n = scenario_tables(sc, refs);
    const char *best = NULL;
    size_t best_d = 4; /* suggest only near misses */
    for (int t = 0; t < n; t++)
        for (size_t i = 0; i < refs[t].n; i++) {
            size_t d = edit_distance(path, refs[t].table[i].path);
            if (d < best_d) {
                best_d = d;
                best = refs[t].table[i].path;
            }
        }
    return best;
}

/* ---- values ---- */

static void describe_range(const struct param_desc *p, char *buf, size_t len)
{
    switch (p->type) {
    case PARAM_DOUBLE:
        snprintf(buf, len, "a number from %g to %g (%s)", p->min, p->max,
                 p->unit);
        break;
    case PARAM_INT:
        snprintf(buf, len, "an integer from %.0f to %.0f (%s)", p->min, p->max,
                 p->unit);
        break;
    case PARAM_STRING:
        snprintf(buf, len, "a string of at most %d characters",
                 PARAM_STRING_LEN - 1);
        break;
    case PARAM_INT_LIST:
        snprintf(buf, len, "a list of 1 to %d integers from %.0f to %.0f (%s)",
                 PARAM_INT_LIST_MAX, p->min, p->max, p->unit);
        break;
    case PARAM_BOOL:
        snprintf(buf, len, "true or false");
        break;
    }
}

static sim_status fail_expected(char *err, sim_status st, const char *where,
                                const struct param_desc *p, const char *got)
{
    char expected[160];
    describe_range(p, expected, sizeof expected);
    return sim_fail(err, st, "%s: setting '%s': expected %s, got %s", where,
                    p->path, expected, got);
}

static sim_status store_number(const struct param_desc *p, void *base,
                               double value, const char *where, char *err)
{
    char got[64];
    snprintf(got, sizeof got, "%.17g", value);
    if (!isfinite(value) || value < p->min || value > p->max)
        return fail_expected(err, SIM_ERR_RANGE, where, p, got);
    unsigned char *field = (unsigned char *)base + p->offset;
    if (p->type == PARAM_DOUBLE) {
        memcpy(field, &value, sizeof value);
    } else if (p->type == PARAM_BOOL) {
        if (value != 0.0 && value != 1.0)
            return fail_expected(err, SIM_ERR_TYPE, where, p, got);
        int flag = value == 1.0;
        memcpy(field, &flag, sizeof flag);
    } else {
        if (value != floor(value))
            return fail_expected(err, SIM_ERR_TYPE, where, p, got);
        long integer = (long)value;
        memcpy(field, &integer, sizeof integer);
    }
    return SIM_OK;
}

static sim_status store_string(const struct param_desc *p, void *base,
                               const char *value, const char *where, char *err)
{
    if (strlen(value) >= PARAM_STRING_LEN)
        return fail_expected(err, SIM_ERR_RANGE, where, p, "a longer string");
    char *field = (char *)base + p->offset;
    memcpy(field, value, strlen(value) + 1);
    return SIM_OK;
}

static const char *config_type_name(int type)
{
    switch (type) {
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "an unknown type";
    }
}

static void setting_where(const config_setting_t *s, const char *fallback,
                          char *buf, size_t len)
{
    const char *file = config_setting_source_file(s);
    snprintf(buf, len, "%s:%u", file != NULL ? file : fallback,
             config_setting_source_line(s));
}

static sim_status load_list(const struct param_desc *p, void *base,
                            const config_setting_t *s, const char *where,
                            char *err)
{
    int count = config_setting_length(s);
    if (count < 1 || count > PARAM_INT_LIST_MAX)
        return fail_expected(err, SIM_ERR_RANGE, where, p,
                             count < 1 ? "an empty list" : "a longer list");
    struct param_int_list *list =
        (struct param_int_list *)((char *)base + p->offset);
    for (int i = 0; i < count; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        int type = config_setting_type(e);
        if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
            return fail_expected(err, SIM_ERR_TYPE, where, p,
                                 config_type_name(type));
        long long v = config_setting_get_int64(e);
        if ((double)v < p->min || (double)v > p->max) {
            char got[64];
            snprintf(got, sizeof got, "%lld", v);
            return fail_expected(err, SIM_ERR_RANGE, where, p, got);
        }
        list->values[i] = (long)v;
    }
    list->count = count;
    return SIM_OK;
}

/*
 * libconfig 1.5 silently wraps an integer literal beyond 32 bits written
 * without the L suffix (9876543210 reads as 1286608618).  Re-read the literal
 * from the file's text and refuse a value that did not survive.  Settings in
 * @included files are not checked (their text is not kept).
 */
static sim_status check_int_literal(const struct scenario *sc,
                                    const config_setting_t *s, const char *path,
                                    const char *where, char *err)
{
    const char *file = config_setting_source_file(s);
    const char *name = config_setting_name(s);
    if (sc->text == NULL || file == NULL || name == NULL ||
        strcmp(file, sc->path) != 0)
        return SIM_OK;
    const char *line = sc->text;
    for (unsigned n = 1; n < config_setting_source_line(s) && line != NULL;
         n++) {
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    if (line == NULL)
        return SIM_OK;
    const char *end = strchr(line, '\n');
    size_t name_len = strlen(name);
    for (const char *at = strstr(line, name); at != NULL && (!end || at < end);
         at = strstr(at + 1, name)) {
        const char *q = at + name_len;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '=' && *q != ':')
            continue;
        q++;
        errno = 0;
        char *stop = NULL;
        long long literal = strtoll(q, &stop, 0);
        if (stop == q)
            return SIM_OK;
        if (errno == ERANGE || literal != config_setting_get_int64(s))
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: setting '%s': integer %.*s does not fit in "
                            "32 bits: write it with an L suffix (%.*sL) or "
                            "as a decimal number",
                            where, path, (int)(stop - q), q, (int)(stop - q),
                            q);
        return SIM_OK;
    }
    return SIM_OK;
}

static sim_status load_leaf(const struct scenario *sc,
                            const struct param_desc *p, void *base,
                            const config_setting_t *s, const char *where,
                            char *err)
{
    int type = config_setting_type(s);
    if (type == CONFIG_TYPE_INT) {
        sim_status st = check_int_literal(sc, s, p->path, where, err);
        if (st != SIM_OK)
            return st;
    }
    switch (p->type) {
    case PARAM_DOUBLE:
        if (type == CONFIG_TYPE_FLOAT)
            return store_number(p, base, config_setting_get_float(s), where,
                                err);
        if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64)
            return store_number(p, base, (double)config_setting_get_int64(s),
                                where, err);
        break;
    case PARAM_INT:
        if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64)
            return store_number(p, base, (double)config_setting_get_int64(s),
                                where, err);
        break;
    case PARAM_STRING:
        if (type == CONFIG_TYPE_STRING)
            return store_string(p, base, config_setting_get_string(s), where,
                                err);
        break;
    case PARAM_INT_LIST:
        if (type == CONFIG_TYPE_ARRAY || type == CONFIG_TYPE_LIST)
            return load_list(p, base, s, where, err);
        break;
    case PARAM_BOOL:
        if (type == CONFIG_TYPE_BOOL)
            return store_number(p, base, config_setting_get_bool(s) ? 1.0 : 0.0,
                                where, err);
        break;
    }
    return fail_expected(err, SIM_ERR_TYPE, where, p, config_type_name(type));
}

/* Walks the group `group` whose dotted path is `prefix` ("" at the root). */
static sim_status load_group(struct scenario *sc, const config_setting_t *group,
                             const char *prefix, char *err)
{
    int count = config_setting_length(group);
    for (int i = 0; i < count; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        char path[PARAM_STRING_LEN];
        char where[PARAM_STRING_LEN + 32];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "",
                 name != NULL ? name : "?");
        setting_where(s, sc->path, where, sizeof where);

        void *base = NULL;
        const struct param_desc *p = scenario_find_param(sc, path, &base);
        if (p != NULL) {
            sim_status st = load_leaf(sc, p, base, s, where, err);
            if (st != SIM_OK)
                return st;
            continue;
        }
        if (is_known_group(sc, path)) {
            if (config_setting_type(s) != CONFIG_TYPE_GROUP)
                return sim_fail(err, SIM_ERR_TYPE,
                                "%s: setting '%s': expected a group { ... }, "
                                "got %s",
                                where, path,
                                config_type_name(config_setting_type(s)));
            sim_status st = load_group(sc, s, path, err);
            if (st != SIM_OK)
                return st;
            continue;
        }
        const char *hint = closest_setting(sc, path);
        if (hint != NULL)
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: unknown setting '%s' (did you mean '%s'? "
                            "'alliance-sim params' lists them all)",
                            where, path, hint);
        return sim_fail(err, SIM_ERR_UNKNOWN,
                        "%s: unknown setting '%s' ('alliance-sim params' lists "
                        "the settings)",
                        where, path);
    }
    return SIM_OK;
}

/* ---- life cycle ---- */

static void scenario_set_defaults(struct scenario *sc)
{
    struct table_ref refs[2];
    int n = scenario_tables(sc, refs);
    for (int t = 0; t < n; t++)
        param_table_set_defaults(refs[t].table, refs[t].n, refs[t].base);
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
    sim_free(sc);
}

static sim_status read_text(const char *path, char **text, char *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot open scenario file: %s",
                        path, strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = sim_malloc(cap);
    if (buf == NULL) {
        fclose(f);
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (len + 1 >= cap) {
            char *bigger = sim_malloc(cap * 2);
            if (bigger == NULL) {
                sim_free(buf);
                fclose(f);
                return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
            }
            memcpy(bigger, buf, len);
            sim_free(buf);
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        sim_free(buf);
        return sim_fail(err, SIM_ERR_IO, "%s: read error", path);
    }
    buf[len] = '\0';
    *text = buf;
    return SIM_OK;
}

static void include_dir_of(const char *path, char *dir, size_t len)
{
    snprintf(dir, len, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    else
        snprintf(dir, len, ".");
}

sim_status scenario_load(const char *path, struct scenario **out, char *err)
{
    *out = NULL;
    struct scenario *sc = scenario_new_default(path);
    if (sc == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    sim_status st = read_text(path, &sc->text, err);
    if (st != SIM_OK) {
        scenario_free(sc);
        return st;
    }

    config_t cfg;
    config_init(&cfg);
    char dir[PARAM_STRING_LEN];
    include_dir_of(path, dir, sizeof dir);
    config_set_include_dir(&cfg, dir);
    if (config_read_file(&cfg, path) != CONFIG_TRUE) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
            st = sim_fail(err, SIM_ERR_IO, "%s: cannot read scenario file",
                          path);
        else
            st = sim_fail(err, SIM_ERR_PARSE, "%s:%d: syntax error: %s",
                          config_error_file(&cfg) != NULL
                              ? config_error_file(&cfg)
                              : path,
                          config_error_line(&cfg), config_error_text(&cfg));
        config_destroy(&cfg);
        scenario_free(sc);
        return st;
    }
    st = load_group(sc, config_root_setting(&cfg), "", err);
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
    char msg[SIM_ERR_LEN - PARAM_STRING_LEN - 8];
    if (org_model.check(&sc->org, msg, sizeof msg) != 0)
        return sim_fail(err, SIM_ERR_INVALID, "%s: %s", sc->path, msg);
    return SIM_OK;
}

sim_status scenario_set(struct scenario *sc, const char *path,
                        const char *value, const char *origin, char *err)
{
    void *base = NULL;
    const struct param_desc *p = scenario_find_param(sc, path, &base);
    if (p == NULL)
        return sim_fail(err, SIM_ERR_UNKNOWN, "%s: unknown setting '%s'",
                        origin, path);
    if (p->type == PARAM_STRING)
        return store_string(p, base, value, origin, err);
    if (p->type == PARAM_INT_LIST)
        return sim_fail(err, SIM_ERR_USAGE,
                        "%s: setting '%s' is a list: set it in the scenario "
                        "file",
                        origin, path);
    if (p->type == PARAM_BOOL) {
        if (strcmp(value, "true") == 0)
            value = "1";
        else if (strcmp(value, "false") == 0)
            value = "0";
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || errno != 0)
        return fail_expected(err, SIM_ERR_TYPE, origin, p, value);
    sim_status st = store_number(p, base, v, origin, err);
    if (st != SIM_OK)
        return st;
    return scenario_check(sc, err);
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
