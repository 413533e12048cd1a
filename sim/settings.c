#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"


const struct param_desc *settings_find(const struct settings *st,
                                       const char *path, void **base)
{
    const struct settings_table *refs = st->tables;
    int n = st->n_tables;
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
static int is_known_group(const struct settings *st, const char *path)
{
    const struct settings_table *refs = st->tables;
    int n = st->n_tables;
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
static const char *closest_setting(const struct settings *st,
                                   const char *path)
{
    const struct settings_table *refs = st->tables;
    int n = st->n_tables;
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
    case PARAM_ENUM: {
        char names[120];
        snprintf(names, sizeof names, "%s", p->def_string);
        for (char *c = names; *c; c++)
            if (*c == '|')
                *c = '/';
        snprintf(buf, len, "one of %s", names);
        break;
    }
    }
}

sim_status settings_fail_expected(char *err, sim_status st, const char *where,
                                  const struct param_desc *p, const char *got)
{
    char expected[200];
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
        return settings_fail_expected(err, SIM_ERR_RANGE, where, p, got);
    unsigned char *field = (unsigned char *)base + p->offset;
    if (p->type == PARAM_DOUBLE) {
        memcpy(field, &value, sizeof value);
    } else if (p->type == PARAM_ENUM) {
        if (value != floor(value))
            return settings_fail_expected(err, SIM_ERR_TYPE, where, p, got);
        long index = (long)value;
        memcpy(field, &index, sizeof index);
    } else if (p->type == PARAM_BOOL) {
        if (value != 0.0 && value != 1.0)
            return settings_fail_expected(err, SIM_ERR_TYPE, where, p, got);
        int flag = value == 1.0;
        memcpy(field, &flag, sizeof flag);
    } else {
        if (value != floor(value))
            return settings_fail_expected(err, SIM_ERR_TYPE, where, p, got);
        long integer = (long)value;
        memcpy(field, &integer, sizeof integer);
    }
    return SIM_OK;
}

static sim_status store_string(const struct param_desc *p, void *base,
                               const char *value, const char *where, char *err)
{
    if (strlen(value) >= PARAM_STRING_LEN)
        return settings_fail_expected(err, SIM_ERR_RANGE, where, p, "a longer string");
    char *field = (char *)base + p->offset;
    memcpy(field, value, strlen(value) + 1);
    return SIM_OK;
}

const char *settings_type_name(int type)
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

static const char *shown_file(const char *file, const char *top, char *buf,
                              size_t len);

void settings_where(const config_setting_t *s, const char *fallback,
                    char *buf, size_t len)
{
    const char *file = config_setting_source_file(s);
    char shown[PARAM_STRING_LEN];
    snprintf(buf, len, "%s:%u",
             file != NULL ? shown_file(file, fallback, shown, sizeof shown)
                          : fallback,
             config_setting_source_line(s));
}

static sim_status load_list(const struct param_desc *p, void *base,
                            const config_setting_t *s, const char *where,
                            char *err)
{
    int count = config_setting_length(s);
    if (count < 1 || count > PARAM_INT_LIST_MAX)
        return settings_fail_expected(err, SIM_ERR_RANGE, where, p,
                             count < 1 ? "an empty list" : "a longer list");
    struct param_int_list *list =
        (struct param_int_list *)((char *)base + p->offset);
    for (int i = 0; i < count; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        int type = config_setting_type(e);
        if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
            return settings_fail_expected(err, SIM_ERR_TYPE, where, p,
                                 settings_type_name(type));
        long long v = config_setting_get_int64(e);
        if ((double)v < p->min || (double)v > p->max) {
            char got[64];
            snprintf(got, sizeof got, "%lld", v);
            return settings_fail_expected(err, SIM_ERR_RANGE, where, p, got);
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
static sim_status check_int_literal(const struct settings *sc,
                                    const config_setting_t *s, const char *path,
                                    const char *where, char *err)
{
    const char *file = config_setting_source_file(s);
    const char *name = config_setting_name(s);
    /* No source file: the file's own setting, parsed from its text
     * (settings_parse). */
    if (sc->text == NULL || name == NULL ||
        (file != NULL && strcmp(file, sc->path) != 0))
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

static sim_status load_leaf(const struct settings *sc,
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
    case PARAM_ENUM:
        if (type == CONFIG_TYPE_STRING) {
            const char *name = config_setting_get_string(s);
            long index = param_enum_index(p, name);
            if (index < 0) {
                char got[PARAM_STRING_LEN + 8];
                snprintf(got, sizeof got, "\"%s\"", name);
                return settings_fail_expected(err, SIM_ERR_RANGE, where, p,
                                              got);
            }
            return store_number(p, base, (double)index, where, err);
        }
        break;
    }
    return settings_fail_expected(err, SIM_ERR_TYPE, where, p, settings_type_name(type));
}

/* Walks the group `group` whose dotted path is `prefix` ("" at the root). */
/* True when the caller parses `path` itself (lists of groups, ...). */
static int is_deferred(const struct settings *st, const char *path)
{
    if (st->deferred == NULL)
        return 0;
    for (const char *const *d = st->deferred; *d != NULL; d++)
        if (strcmp(*d, path) == 0)
            return 1;
    return 0;
}

sim_status settings_load_group(const struct settings *sc,
                               const config_setting_t *group,
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
        settings_where(s, sc->path, where, sizeof where);

        if (is_deferred(sc, path))
            continue;
        void *base = NULL;
        const struct param_desc *p = settings_find(sc, path, &base);
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
                                settings_type_name(config_setting_type(s)));
            sim_status st = settings_load_group(sc, s, path, err);
            if (st != SIM_OK)
                return st;
            continue;
        }
        const char *hint = closest_setting(sc, path);
        if (hint != NULL)
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: unknown setting '%s' (did you mean '%s'? %s)",
                            where, path, hint, sc->help);
        return sim_fail(err, SIM_ERR_UNKNOWN, "%s: unknown setting '%s' (%s)",
                        where, path, sc->help);
    }
    return SIM_OK;
}

sim_status settings_read_text(const char *path, char **text, char *err)
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


/* Where an @include line's path starts ("@include" at the start of a line,
 * after blanks, as libconfig's scanner reads it), or NULL. */
static const char *include_path_of(const char *line)
{
    line += strspn(line, " \t");
    if (strncmp(line, "@include", 8) != 0)
        return NULL;
    line += 8;
    line += strspn(line, " \t");
    return *line == '"' ? line + 1 : NULL;
}

/* How many directories below / the directory dir is, resolved physically
 * (as the kernel resolves ".."); -1 when it cannot be resolved. */
static long depth_of(const char *dir)
{
    char *real = realpath(dir, NULL);
    if (real == NULL)
        return -1;
    long depth = 0;
    for (const char *c = real; *c != '\0'; c++)
        if (*c == '/' && c[1] != '\0')
            depth++;
    free(real);
    return depth;
}

/*
 * libconfig 1.5 joins the include directory and an @include path even when
 * the path is absolute ("dir//home/x.cfg").  Returns a copy of text whose
 * absolute @include paths are rewritten relative to dir (from /a/b,
 * "/home/x.cfg" becomes "../../home/x.cfg"), each on its own line so that
 * line numbers hold; relative paths and files they include resolve as
 * before.  NULL when text has no absolute @include, or on failure (then
 * *failed is set and err says why).
 */
static char *rebase_absolute_includes(const char *text, const char *dir,
                                      const char *path, int *failed, char *err)
{
    *failed = 0;
    size_t n_absolute = 0;
    for (const char *line = text; line != NULL;
         line = strchr(line, '\n') != NULL ? strchr(line, '\n') + 1 : NULL) {
        const char *inc = include_path_of(line);
        n_absolute += inc != NULL && *inc == '/';
    }
    if (n_absolute == 0)
        return NULL;
    long depth = depth_of(dir);
    if (depth < 0) {
        *failed = 1;
        sim_fail(err, SIM_ERR_IO, "%s: cannot resolve its directory %s: %s",
                 path, dir, strerror(errno));
        return NULL;
    }
    char *out = sim_malloc(strlen(text) + n_absolute * 3 * (size_t)depth + 1);
    if (out == NULL) {
        *failed = 1;
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    char *o = out;
    for (const char *c = text; *c != '\0';) {
        const char *inc = include_path_of(c);
        if (inc != NULL && *inc == '/') {
            memcpy(o, c, (size_t)(inc - c));
            o += inc - c;
            for (long d = 0; d < depth; d++, o += 3)
                memcpy(o, "../", 3);
            c = inc + 1; /* the path without its leading '/' */
        }
        const char *end = strchr(c, '\n');
        size_t len = end != NULL ? (size_t)(end - c) + 1 : strlen(c);
        memcpy(o, c, len);
        o += len;
        c += len;
    }
    *o = '\0';
    return out;
}

/* The name to show for a file libconfig read.  libconfig names an included
 * file by its @include path, relative to the include directory (top's):
 * shown with that directory in front, so that it opens from where the
 * command ran; one included by an absolute path, rewritten
 * "../../home/x.cfg" (rebase_absolute_includes), is shown as the user
 * wrote it, "/home/x.cfg".  top is the file parsed first. */
static const char *shown_file(const char *file, const char *top, char *buf,
                              size_t len)
{
    if (file[0] == '/' || strcmp(file, top) == 0)
        return file;
    char dir[PARAM_STRING_LEN];
    include_dir_of(top, dir, sizeof dir);
    size_t dir_len = strlen(dir);
    if (strncmp(file, "../", 3) == 0) {
        long depth = depth_of(dir);
        const char *rest = file;
        for (long d = 0; d < depth && strncmp(rest, "../", 3) == 0; d++)
            rest += 3;
        if (depth >= 1 && rest == file + 3 * depth && *rest != '.') {
            snprintf(buf, len, "/%s", rest);
            return buf;
        }
    }
    if (strcmp(dir, ".") == 0 ||
        (strncmp(file, dir, dir_len) == 0 && file[dir_len] == '/'))
        return file;
    snprintf(buf, len, "%s/%s", dir, file);
    return buf;
}

/*
 * libconfig 1.5 reports a syntax error inside an @included file under the
 * including file's name.  Parses each file that path @includes on its own
 * (with the same include directory, as libconfig reads them) and, for the
 * first with a syntax error, says where it is.  Returns 1 when one was
 * found (err set), 0 otherwise.
 */
static int blame_included_file(const char *path, const char *dir, char *err)
{
    char *text = NULL;
    if (settings_read_text(path, &text, NULL) != SIM_OK)
        return 0;
    int found = 0;
    for (const char *line = text; line != NULL && !found;
         line = strchr(line, '\n') != NULL ? strchr(line, '\n') + 1 : NULL) {
        const char *inc = include_path_of(line);
        const char *close = inc != NULL ? strchr(inc, '"') : NULL;
        if (close == NULL)
            continue;
        char file[PARAM_STRING_LEN * 2];
        int n = (int)(close - inc);
        if (*inc == '/')
            snprintf(file, sizeof file, "%.*s", n, inc);
        else
            snprintf(file, sizeof file, "%s/%.*s", dir, n, inc);
        config_t cfg;
        config_init(&cfg);
        config_set_include_dir(&cfg, dir);
        if (config_read_file(&cfg, file) != CONFIG_TRUE &&
            config_error_type(&cfg) == CONFIG_ERR_PARSE) {
            sim_fail(err, SIM_ERR_PARSE,
                     "%s:%d: syntax error: %s (in a file @included by %s)",
                     file, config_error_line(&cfg), config_error_text(&cfg),
                     path);
            found = 1;
        }
        config_destroy(&cfg);
    }
    sim_free(text);
    return found;
}

sim_status settings_parse(const char *path, config_t *cfg, char *err)
{
    char dir[PARAM_STRING_LEN];
    include_dir_of(path, dir, sizeof dir);
    char *text = NULL, *rebased = NULL;
    int failed = 0;
    if (settings_read_text(path, &text, NULL) == SIM_OK) {
        rebased = rebase_absolute_includes(text, dir, path, &failed, err);
        sim_free(text);
        if (failed)
            return SIM_ERR_IO;
    }
    config_init(cfg);
    config_set_include_dir(cfg, dir);
    /* Parsed from the string, the file's own settings have no source file:
     * settings_where and check_int_literal read that as the file itself. */
    int ok = rebased != NULL ? config_read_string(cfg, rebased)
                             : config_read_file(cfg, path);
    sim_free(rebased);
    if (ok == CONFIG_TRUE)
        return SIM_OK;
    sim_status st;
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO) {
        st = sim_fail(err, SIM_ERR_IO, "%s: cannot read file", path);
    } else if ((config_error_file(cfg) == NULL ||
                strcmp(config_error_file(cfg), path) == 0) &&
               blame_included_file(path, dir, err)) {
        st = SIM_ERR_PARSE;
    } else {
        char shown[PARAM_STRING_LEN];
        const char *file = config_error_file(cfg);
        st = sim_fail(err, SIM_ERR_PARSE, "%s:%d: syntax error: %s",
                      file != NULL ? shown_file(file, path, shown, sizeof shown)
                                   : path,
                      config_error_line(cfg), config_error_text(cfg));
    }
    config_destroy(cfg);
    return st;
}

void settings_defaults(const struct settings *st)
{
    for (int t = 0; t < st->n_tables; t++)
        param_table_set_defaults(st->tables[t].table, st->tables[t].n,
                                 st->tables[t].base);
}

sim_status settings_set_text(const struct settings *st, const char *path,
                             const char *value, const char *origin, char *err)
{
    void *base = NULL;
    const struct param_desc *p = settings_find(st, path, &base);
    if (p == NULL)
        return sim_fail(err, SIM_ERR_UNKNOWN, "%s: unknown setting '%s'",
                        origin, path);
    if (p->type == PARAM_STRING)
        return store_string(p, base, value, origin, err);
    if (p->type == PARAM_INT_LIST)
        return sim_fail(err, SIM_ERR_USAGE,
                        "%s: setting '%s' is a list: set it in the file",
                        origin, path);
    if (p->type == PARAM_BOOL) {
        if (strcmp(value, "true") == 0)
            value = "1";
        else if (strcmp(value, "false") == 0)
            value = "0";
    }
    if (p->type == PARAM_ENUM) {
        long index = param_enum_index(p, value);
        if (index < 0)
            return settings_fail_expected(err, SIM_ERR_RANGE, origin, p,
                                          value);
        return store_number(p, base, (double)index, origin, err);
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || errno != 0)
        return settings_fail_expected(err, SIM_ERR_TYPE, origin, p, value);
    return store_number(p, base, v, origin, err);
}

sim_status settings_store_number(const struct param_desc *p, void *base,
                                 double value, const char *where, char *err)
{
    return store_number(p, base, value, where, err);
}

sim_status settings_member_string(const config_setting_t *g, const char *key,
                                const char *where, const char *path,
                                const char **out, char *err)
{
    const config_setting_t *m = config_setting_get_member(g, key);
    if (m == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: setting '%s': missing '%s'", where, path, key);
    if (config_setting_type(m) != CONFIG_TYPE_STRING)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s.%s': expected a string, got %s",
                        where, path, key,
                        settings_type_name(config_setting_type(m)));
    *out = config_setting_get_string(m);
    return SIM_OK;
}

/* Refuses members of g not in `allowed` (NULL-terminated). */
sim_status settings_only_members(const config_setting_t *g,
                               const char *const *allowed, const char *where,
                               const char *path, char *err)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(m);
        int ok = 0;
        for (const char *const *a = allowed; *a != NULL && name != NULL; a++)
            ok |= strcmp(*a, name) == 0;
        if (!ok) {
            /* where is "file:line" of g: its file names a member that has
             * none of its own (settings_parse). */
            char file[PARAM_STRING_LEN + 32], at[PARAM_STRING_LEN + 64];
            snprintf(file, sizeof file, "%s", where);
            char *colon = strrchr(file, ':');
            if (colon != NULL && colon[1] != '\0' &&
                strspn(colon + 1, "0123456789") == strlen(colon + 1))
                *colon = '\0';
            settings_where(m, file, at, sizeof at);
            char list[256] = "";
            for (const char *const *a = allowed; *a != NULL; a++)
                snprintf(list + strlen(list), sizeof list - strlen(list),
                         "%s%s", a == allowed ? "" : ", ", *a);
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: unknown setting '%s.%s' (expected %s)", at,
                            path, name != NULL ? name : "?", list);
        }
    }
    return SIM_OK;
}

sim_status settings_member_number(const config_setting_t *g, const char *key,
                                const char *where, const char *path,
                                double *out, int *found, char *err)
{
    const config_setting_t *m = config_setting_get_member(g, key);
    *found = m != NULL;
    if (m == NULL)
        return SIM_OK;
    int type = config_setting_type(m);
    if (type == CONFIG_TYPE_FLOAT)
        *out = config_setting_get_float(m);
    else if (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64)
        *out = (double)config_setting_get_int64(m);
    else
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s.%s': expected a number, got %s",
                        where, path, key, settings_type_name(type));
    return SIM_OK;
}
