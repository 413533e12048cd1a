#include "param_dist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "settings.h"
#include "sim/core/numtext.h"
#include "sim/core/suggest.h"


/* Reads member `key` of group g as a number; 0 when absent (*found = 0). */



/* The interval of values a distribution can produce. */
static void dist_support(const struct dist *d, double *lo, double *hi)
{
    /* Beyond 5 sd a normal draw has probability below 6e-7: such draws are
     * clamped to the parameter's range (docs/sweeps.md). */
    const double normal_reach = 5.0;
    switch (d->kind) {
    case DIST_NORMAL:
        *lo = d->mean - normal_reach * d->sd;
        *hi = d->mean + normal_reach * d->sd;
        return;
    case DIST_LEVELS:
        *lo = *hi = d->levels[0];
        for (size_t i = 1; i < d->n_levels; i++) {
            *lo = fmin(*lo, d->levels[i]);
            *hi = fmax(*hi, d->levels[i]);
        }
        return;
    default:
        *lo = d->min;
        *hi = d->max;
        return;
    }
}

static sim_status read_levels(const config_setting_t *g, struct param_dist *p,
                              const char *where, const char *path, char *err)
{
    const config_setting_t *m = config_setting_get_member(g, "levels");
    if (m == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s': distribution 'levels' needs "
                        "levels = [ ... ]",
                        where, path);
    int type = config_setting_type(m);
    int n = config_setting_length(m);
    if ((type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) || n < 1 ||
        n > PARAM_DIST_MAX_LEVELS)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s.levels': expected a list of 1 to %d "
                        "numbers",
                        where, path, PARAM_DIST_MAX_LEVELS);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
        int et = config_setting_type(e);
        if (et == CONFIG_TYPE_FLOAT)
            p->levels[i] = config_setting_get_float(e);
        else if (et == CONFIG_TYPE_INT || et == CONFIG_TYPE_INT64)
            p->levels[i] = (double)config_setting_get_int64(e);
        else if (et == CONFIG_TYPE_BOOL)
            p->levels[i] = config_setting_get_bool(e) ? 1.0 : 0.0;
        else
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting '%s.levels': expected numbers, got "
                            "%s",
                            where, path, settings_type_name(et));
    }
    p->dist.levels = p->levels;
    p->dist.n_levels = (size_t)n;
    return SIM_OK;
}

sim_status param_dist_read(const config_setting_t *g,
                           const struct param_desc *table, size_t n_table,
                           const char *owner, const char *file,
                           const char *list, size_t index,
                           struct param_dist *p, char *err)
{
    static const char *const allowed[] = {"path", "distribution", "min",
                                          "max",  "mean",         "sd",
                                          "mode", "levels",       NULL};
    char where[PARAM_STRING_LEN + 32], path[64];
    settings_where(g, file, where, sizeof where);
    snprintf(path, sizeof path, "%s[%zu]", list, index);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s': expected a group { path = ...; "
                        "distribution = ...; }",
                        where, path);
    sim_status st = settings_only_members(g, allowed, where, path, err);
    if (st != SIM_OK)
        return st;

    const char *name = NULL, *dist_name = NULL;
    if ((st = settings_member_string(g, "path", where, path, &name, err)) != SIM_OK ||
        (st = settings_member_string(g, "distribution", where, path, &dist_name,
                            err)) != SIM_OK)
        return st;
    snprintf(p->path, sizeof p->path, "%s", name);
    p->desc = param_table_find(table, n_table, name);
    if (p->desc == NULL || !param_is_numeric(p->desc)) {
        const char *near = NULL;
        size_t d = 0;
        for (size_t i = 0; p->desc == NULL && i < n_table; i++)
            if (param_is_numeric(&table[i]))
                suggest_consider(name, table[i].path, &near, &d);
        return sim_fail(err, SIM_ERR_UNKNOWN,
                        "%s: setting '%s.path': '%s' is not a numeric "
                        "parameter of the %s (%s%s%s'alliance-sim params' "
                        "lists them)",
                        where, path, name, owner,
                        near ? "did you mean '" : "", near ? near : "",
                        near ? "'? " : "");
    }

    memset(&p->dist, 0, sizeof p->dist);
    enum dist_kind kind;
    if (dist_kind_from_name(dist_name, &kind) != 0) {
        static const char *const names[] = {
#define X(k, name) name,
            DIST_KIND_LIST
#undef X
        };
        char expected[600];
        suggest_expected(dist_name, names, sizeof names / sizeof names[0],
                         expected, sizeof expected);
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting '%s.distribution': unknown distribution "
                        "'%s' (%s)",
                        where, path, dist_name, expected);
    }
    p->dist.kind = kind;
    static const char *const keys[] = {"min", "max", "mean", "sd", "mode"};
    double *fields[] = {&p->dist.min, &p->dist.max, &p->dist.mean,
                        &p->dist.sd, &p->dist.mode};
    /* The keys each distribution reads (bits in the order of keys): one
     * it would not read is refused (a normal's min and max were dropped
     * without a word), one it needs and lacks is named. */
    enum { MIN = 1, MAX = 2, MEAN = 4, SD = 8, MODE = 16 };
    static const unsigned reads[] = {
        [DIST_UNIFORM] = MIN | MAX,          [DIST_LOG_UNIFORM] = MIN | MAX,
        [DIST_NORMAL] = MEAN | SD,           [DIST_TRUNC_NORMAL] = MEAN | SD | MIN | MAX,
        [DIST_TRIANGULAR] = MIN | MODE | MAX, [DIST_LEVELS] = 0};
    for (size_t k = 0; k < 5; k++) {
        int found;
        st = settings_member_number(g, keys[k], where, path, fields[k], &found, err);
        if (st != SIM_OK)
            return st;
        int wanted = (reads[kind] >> k) & 1u;
        if (found && !wanted)
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting '%s.%s': distribution \"%s\" does "
                            "not read it%s",
                            where, path, keys[k], dist_name,
                            kind == DIST_NORMAL && k < 2
                                ? " (truncated_normal takes mean, sd, min "
                                  "and max)"
                                : "");
        if (!found && wanted)
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s: setting '%s': distribution \"%s\" needs "
                            "'%s'",
                            where, path, dist_name, keys[k]);
    }
    if (kind != DIST_LEVELS && config_setting_get_member(g, "levels") != NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s.levels': distribution \"%s\" does "
                        "not read it (distribution = \"levels\" does)",
                        where, path, dist_name);
    if (kind == DIST_LEVELS &&
        (st = read_levels(g, p, where, path, err)) != SIM_OK)
        return st;
    char msg[SIM_ERR_LEN];
    if ((st = dist_check(&p->dist, msg)) != SIM_OK)
        return sim_fail(err, st, "%s: setting '%s' (%s): %s", where, path,
                        name, msg);
    double lo, hi;
    dist_support(&p->dist, &lo, &hi);
    if (lo < p->desc->min || hi > p->desc->max)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: setting '%s' (%s): the distribution reaches "
                        "[%g, %g] but the parameter must lie in [%g, %g]%s",
                        where, path, name, lo, hi, p->desc->min, p->desc->max,
                        kind == DIST_NORMAL ? "; use truncated_normal" : "");
    return SIM_OK;
}


double param_dist_value(const struct param_dist *p, double u)
{
    double x = dist_quantile(&p->dist, u);
    if (p->desc->type == PARAM_INT || p->desc->type == PARAM_ENUM)
        x = round(x);
    else if (p->desc->type == PARAM_BOOL)
        x = x >= 0.5 ? 1.0 : 0.0;
    return fmin(p->desc->max, fmax(p->desc->min, x));
}

void param_dist_describe(const struct param_dist *p, char *buf, size_t len)
{
    /* Each number in the shortest form that reads back to it: the design
     * can be rebuilt from the attribute. */
    const struct dist *d = &p->dist;
    char a[SIM_REAL_TEXT_LEN], b[SIM_REAL_TEXT_LEN], c[SIM_REAL_TEXT_LEN],
        e[SIM_REAL_TEXT_LEN];
    switch (d->kind) {
    case DIST_UNIFORM:
    case DIST_LOG_UNIFORM:
        sim_format_real(a, d->min);
        sim_format_real(b, d->max);
        snprintf(buf, len, "%s(min=%s, max=%s)", dist_kind_name(d->kind), a, b);
        break;
    case DIST_NORMAL:
        sim_format_real(a, d->mean);
        sim_format_real(b, d->sd);
        snprintf(buf, len, "normal(mean=%s, sd=%s)", a, b);
        break;
    case DIST_TRUNC_NORMAL:
        sim_format_real(a, d->mean);
        sim_format_real(b, d->sd);
        sim_format_real(c, d->min);
        sim_format_real(e, d->max);
        snprintf(buf, len, "truncated_normal(mean=%s, sd=%s, min=%s, max=%s)",
                 a, b, c, e);
        break;
    case DIST_TRIANGULAR:
        sim_format_real(a, d->min);
        sim_format_real(b, d->mode);
        sim_format_real(c, d->max);
        snprintf(buf, len, "triangular(min=%s, mode=%s, max=%s)", a, b, c);
        break;
    case DIST_LEVELS: {
        size_t used = (size_t)snprintf(buf, len, "levels(");
        for (size_t i = 0; i < d->n_levels && used < len; i++) {
            sim_format_real(a, d->levels[i]);
            used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                     i ? ", " : "", a);
        }
        if (used < len)
            snprintf(buf + used, len - used, ")");
        break;
    }
    }
}
