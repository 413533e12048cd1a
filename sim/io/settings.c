#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/alloc.h"
#include "sim/core/numtext.h"
#include "sim/core/suggest.h"

#define INCLUDE_DEPTH_MAX 10 /* as libconfig's own limit */

/* Where each line of a parsed text came from (settings_parse). */
struct source_map {
    char *text; /* the files put together */
    size_t len, cap;
    unsigned *file_of; /* [n_lines]: index into files */
    unsigned *line_of; /* [n_lines]: line in that file, from 1 */
    size_t n_lines, cap_lines;
    char **files; /* as opened: relative to where the command ran */
    size_t n_files, cap_files;
};

/* The map of the file a setting was parsed from, or NULL. */
static const struct source_map *map_of(const config_setting_t *s)
{
    if (s == NULL || s->config == NULL)
        return NULL;
    return config_setting_get_hook(config_root_setting(s->config));
}

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

/* The closest known setting to path (for "did you mean"), or NULL. */
/* The known setting, group or deferred name closest to path, into buf:
 * groups are the paths cut to path's depth ("human.employes" is near the
 * group "human.employees", far from its settings).  NULL if none is near. */
static const char *closest_setting(const struct settings *st,
                                   const char *path, char *buf, size_t len)
{
    const char *best = NULL;
    size_t best_d = 0;
    size_t depth = 0;
    for (const char *c = path; *c; c++)
        depth += *c == '.';
    char group[SUGGEST_MAX_LEN];
    for (int t = 0; t < st->n_tables; t++)
        for (size_t i = 0; i < st->tables[t].n; i++) {
            const char *full = st->tables[t].table[i].path;
            suggest_consider(path, full, &best, &best_d);
            if (best == full)
                best = buf, snprintf(buf, len, "%s", full);
            /* The same path cut after depth + 1 components. */
            size_t cut = 0, dots = 0;
            while (full[cut] != '\0' && (full[cut] != '.' || dots++ < depth))
                cut++;
            if (full[cut] == '\0' || cut >= sizeof group)
                continue;
            snprintf(group, sizeof group, "%.*s", (int)cut, full);
            suggest_consider(path, group, &best, &best_d);
            if (best == group)
                best = buf, snprintf(buf, len, "%s", group);
        }
    for (const char *const *d = st->deferred; d != NULL && *d != NULL; d++) {
        suggest_consider(path, *d, &best, &best_d);
        if (best == *d)
            best = buf, snprintf(buf, len, "%s", *d);
    }
    return best;
}

/* ---- values ---- */

/* The bytes a string setting's field holds, its terminator included: a
 * path's less the room kept to resolve it, a string's PARAM_STRING_LEN
 * unless its entry's `max` gives more (the lists of variables). */
static size_t settings_string_room(const struct param_desc *p)
{
    if (p->type == PARAM_PATH)
        return PARAM_PATH_LEN - PARAM_PATH_ROOM;
    return p->max > 0 ? (size_t)p->max : PARAM_STRING_LEN;
}

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
        snprintf(buf, len, "a string of at most %zu characters",
                 settings_string_room(p) - 1);
        break;
    case PARAM_PATH:
        snprintf(buf, len, "a file name of at most %d characters",
                 PARAM_PATH_LEN - PARAM_PATH_ROOM - 1);
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

/* The value is formatted only here, on the way to an error: a sweep stores
 * every parameter of every row, and formatting each one cost a quarter of a
 * cheap model's sweep. */
static sim_status fail_number(char *err, sim_status st, const char *where,
                              const struct param_desc *p, double value)
{
    char got[64];
    snprintf(got, sizeof got, "%.17g", value);
    return settings_fail_expected(err, st, where, p, got);
}

static sim_status store_number(const struct param_desc *p, void *base,
                               double value, const char *where, char *err)
{
    if (!isfinite(value) || value < p->min || value > p->max)
        return fail_number(err, SIM_ERR_RANGE, where, p, value);
    unsigned char *field = (unsigned char *)base + p->offset;
    if (p->type == PARAM_DOUBLE) {
        memcpy(field, &value, sizeof value);
    } else if (p->type == PARAM_ENUM) {
        if (value != floor(value))
            return fail_number(err, SIM_ERR_TYPE, where, p, value);
        long index = (long)value;
        memcpy(field, &index, sizeof index);
    } else if (p->type == PARAM_BOOL) {
        if (value != 0.0 && value != 1.0)
            return fail_number(err, SIM_ERR_TYPE, where, p, value);
        int flag = value == 1.0;
        memcpy(field, &flag, sizeof flag);
    } else {
        if (value != floor(value))
            return fail_number(err, SIM_ERR_TYPE, where, p, value);
        long integer = (long)value;
        memcpy(field, &integer, sizeof integer);
    }
    return SIM_OK;
}

/* An integer bound of a table (a double there) as a long long: the tables'
 * bounds are whole numbers within 2^53, held exactly; one beyond long long
 * means no bound. */
static long long integer_bound(double bound)
{
    if (bound >= 9223372036854775807.0)
        return LLONG_MAX;
    if (bound <= -9223372036854775807.0)
        return LLONG_MIN;
    return (long long)bound;
}

/*
 * Stores an integer into a PARAM_INT field without passing it through a
 * double, which holds integers exactly only up to 2^53: a seed of
 * 9007199254740993 must not run as ...992, nor pass a range check as it.
 */
static sim_status store_integer(const struct param_desc *p, void *base,
                                long long value, const char *where, char *err)
{
    if (value < integer_bound(p->min) || value > integer_bound(p->max)) {
        char got[32];
        snprintf(got, sizeof got, "%lld", value);
        return settings_fail_expected(err, SIM_ERR_RANGE, where, p, got);
    }
    long integer = (long)value;
    memcpy((unsigned char *)base + p->offset, &integer, sizeof integer);
    return SIM_OK;
}

static sim_status store_string(const struct param_desc *p, void *base,
                               const char *value, const char *where, char *err)
{
    size_t cap = settings_string_room(p);
    if (strlen(value) >= cap) {
        char got[64];
        snprintf(got, sizeof got, "%zu characters", strlen(value));
        return settings_fail_expected(err, SIM_ERR_RANGE, where, p, got);
    }
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

const char *settings_file_of(const config_setting_t *s)
{
    const struct source_map *m = map_of(s);
    unsigned line = config_setting_source_line(s);
    return m != NULL && line >= 1 && line <= m->n_lines
               ? m->files[m->file_of[line - 1]]
               : NULL;
}

void settings_where(const config_setting_t *s, const char *fallback,
                    char *buf, size_t len)
{
    const struct source_map *m = map_of(s);
    unsigned line = config_setting_source_line(s);
    if (m != NULL && line >= 1 && line <= m->n_lines)
        snprintf(buf, len, "%s:%u", m->files[m->file_of[line - 1]],
                 m->line_of[line - 1]);
    else
        snprintf(buf, len, "%s:%u", fallback, line);
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
        if (v < integer_bound(p->min) || v > integer_bound(p->max)) {
            char got[64];
            snprintf(got, sizeof got, "%lld", v);
            return settings_fail_expected(err, SIM_ERR_RANGE, where, p, got);
        }
        list->values[i] = (long)v;
    }
    list->count = count;
    return SIM_OK;
}

static sim_status load_leaf(const struct param_desc *p, void *base,
                            const config_setting_t *s, const char *where,
                            char *err)
{
    int type = config_setting_type(s);
    /* Numbers are decimal, in files as on the command line: libconfig
     * would read 0x10 as 16 where --months 0x10 is refused. */
    if ((type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64) &&
        config_setting_get_format(s) == CONFIG_FORMAT_HEX)
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s: setting '%s': expected a number in decimal "
                        "digits, got a hexadecimal one",
                        where, p->path);
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
            return store_integer(p, base, config_setting_get_int64(s), where,
                                 err);
        break;
    case PARAM_STRING:
    case PARAM_PATH:
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
            sim_status st = load_leaf(p, base, s, where, err);
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
        char near[SUGGEST_MAX_LEN];
        const char *hint = closest_setting(sc, path, near, sizeof near);
        if (hint != NULL)
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: unknown setting '%s' (did you mean '%s'? %s)",
                            where, path, hint, sc->help);
        return sim_fail(err, SIM_ERR_UNKNOWN, "%s: unknown setting '%s' (%s)",
                        where, path, sc->help);
    }
    return SIM_OK;
}

/* What a device, FIFO or other non-regular file is, for messages. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/*
 * The file is opened first and its descriptor checked, so that what is
 * checked is what is read (no window for a swap between a stat and the
 * open).  O_NONBLOCK: a FIFO must be refused, not wait for a writer.  The
 * size is checked before reading and again while reading, since a regular
 * file may grow in between.
 */
static sim_status read_text(const char *path, const char *what, char **text,
                            size_t *size, char *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot open %s: %s", path, what,
                        strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0) {
        int saved = errno;
        close(fd);
        return sim_fail(err, SIM_ERR_IO, "%s: cannot read: %s", path,
                        strerror(saved));
    }
    if (!S_ISREG(info.st_mode)) {
        close(fd);
        return sim_fail(err, SIM_ERR_IO,
                        "%s: cannot read: %s, not a regular file (expected a "
                        "text file of settings)",
                        path, file_kind(info.st_mode));
    }
    if (info.st_size > SETTINGS_FILE_MAX_BYTES) {
        close(fd);
        return sim_fail(err, SIM_ERR_IO,
                        "%s: cannot read: %lld bytes, more than the %d MiB a "
                        "settings file may hold",
                        path, (long long)info.st_size,
                        SETTINGS_FILE_MAX_BYTES >> 20);
    }
    size_t cap = 4096, len = 0;
    char *buf = sim_malloc(cap);
    if (buf == NULL) {
        close(fd);
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (len > (size_t)SETTINGS_FILE_MAX_BYTES) {
            sim_free(buf);
            close(fd);
            return sim_fail(err, SIM_ERR_IO,
                            "%s: cannot read: it grew beyond the %d MiB a "
                            "settings file may hold",
                            path, SETTINGS_FILE_MAX_BYTES >> 20);
        }
        if (len + 1 >= cap) {
            char *bigger = sim_malloc(cap * 2);
            if (bigger == NULL) {
                sim_free(buf);
                close(fd);
                return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
            }
            memcpy(bigger, buf, len);
            sim_free(buf);
            buf = bigger;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + len, cap - 1 - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            sim_free(buf);
            close(fd);
            return sim_fail(err, SIM_ERR_IO, "%s: read error: %s", path,
                            strerror(saved));
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    close(fd);
    buf[len] = '\0';
    *text = buf;
    if (size != NULL)
        *size = len;
    return SIM_OK;
}

sim_status settings_read_text(const char *path, const char *what, char **text,
                              char *err)
{
    return read_text(path, what, text, NULL, err);
}

/* ---- @include, each path read from the including file's directory ---- */

/*
 * libconfig 1.5 reads every @include path from one directory (the first
 * file's) and joins it even to absolute paths, so a file that includes
 * another by a relative path works alone but not once it is itself
 * included from elsewhere (scenarios/fonds-odd17.cfg, included by a
 * calibrated scenario in another directory).  The files are therefore put
 * together here, as libconfig would read them, with each path resolved
 * from the file that names it, and parsed as one text; the map gives every
 * line back its file and line for messages.
 */
static void source_map_free(void *hook)
{
    struct source_map *m = hook;
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->n_files; i++)
        sim_free(m->files[i]);
    sim_free(m->files);
    sim_free(m->text);
    sim_free(m->file_of);
    sim_free(m->line_of);
    sim_free(m);
}

/* Doubles *cap until it holds need elements of size bytes; 0 on success. */
static int grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t bigger = *cap > 0 ? *cap : 64;
    while (bigger < need)
        bigger *= 2;
    void *p = sim_malloc(bigger * size);
    if (p == NULL)
        return -1;
    if (*array != NULL)
        memcpy(p, *array, *cap * size);
    sim_free(*array);
    *array = p;
    *cap = bigger;
    return 0;
}

/* Appends one line of file `file` (its line `number`) to the text;
 * `shielded` puts an empty comment in front, so that the line cannot start
 * with an @include of its own. */
static int map_add_line(struct source_map *m, const char *line, size_t len,
                        unsigned file, unsigned number, int shielded)
{
    size_t cap_lines = m->cap_lines;
    if (grow((void **)&m->text, &m->cap, m->len + len + 6, 1) != 0 ||
        grow((void **)&m->file_of, &m->cap_lines, m->n_lines + 1,
             sizeof *m->file_of) != 0 ||
        grow((void **)&m->line_of, &cap_lines, m->n_lines + 1,
             sizeof *m->line_of) != 0)
        return -1;
    if (shielded) {
        memcpy(m->text + m->len, "/**/", 4);
        m->len += 4;
    }
    memcpy(m->text + m->len, line, len);
    m->len += len;
    m->text[m->len++] = '\n';
    m->text[m->len] = '\0';
    m->file_of[m->n_lines] = file;
    m->line_of[m->n_lines] = number;
    m->n_lines++;
    return 0;
}

/* Where an @include line's file name starts, past its opening quote, or
 * NULL: "@include" at the start of a line after blanks, then blanks, then
 * a double quote, as libconfig's scanner reads it. */
static const char *include_path_of(const char *line)
{
    line += strspn(line, " \t");
    if (strncmp(line, "@include", 8) != 0)
        return NULL;
    line += 8;
    size_t blanks = strspn(line, " \t");
    return blanks > 0 && line[blanks] == '"' ? line + blanks + 1 : NULL;
}

/* What is open at the end of a stretch of text: a block comment or a
 * string (libconfig's strings may run over several lines).  An @include
 * inside either is no @include. */
struct scan_state {
    int comment;
    int string;
};

static int is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*';
}

enum lexeme { LEX_CODE, LEX_SKIPPED, LEX_LINE_COMMENT };

/* Reads text[*i] as libconfig's scanner would: inside or opening a comment
 * or string (skipped, *i moved past what was read, *st updated), a line
 * comment (the rest of the line), or code. */
static enum lexeme skip_quoted(const char *text, size_t len, size_t *i,
                               struct scan_state *st)
{
    char c = text[*i], next = *i + 1 < len ? text[*i + 1] : '\0';
    if (st->comment) {
        if (c == '*' && next == '/') {
            st->comment = 0;
            (*i)++;
        }
    } else if (st->string) {
        if (c == '\\')
            (*i)++;
        else if (c == '"')
            st->string = 0;
    } else if (c == '"') {
        st->string = 1;
    } else if (c == '#' || (c == '/' && next == '/')) {
        return LEX_LINE_COMMENT;
    } else if (c == '/' && next == '*') {
        st->comment = 1;
        (*i)++;
    } else {
        return LEX_CODE;
    }
    return LEX_SKIPPED;
}

/*
 * libconfig 1.5 silently wraps an integer literal beyond 32 bits written
 * without the L suffix (9876543210 reads as 1286608618, 0xFFFFFFFF as -1),
 * and one with it beyond 64 bits.  Returns the first such literal in
 * text[0..len) outside comments and strings (state at its start: st), its
 * length in *n and whether it has the suffix in *wide, or NULL.  Literals
 * are read as libconfig's scanner reads them: decimals in base 10 (010 is
 * ten), hexadecimals unsigned and without a sign, a real when a point or an
 * exponent with digits follows.
 */
static const char *wrapped_integer(const char *text, size_t len,
                                   struct scan_state st, size_t *n, int *wide)
{
    for (size_t i = 0; i < len; i++) {
        enum lexeme lex = skip_quoted(text, len, &i, &st);
        if (lex == LEX_LINE_COMMENT)
            return NULL;
        if (lex == LEX_SKIPPED)
            continue;
        char c = text[i];
        if (isalpha((unsigned char)c) || c == '_' || c == '*') {
            while (i + 1 < len && is_name_char(text[i + 1]))
                i++;
            continue;
        }
        size_t start = i, d = i;
        int sign = c == '-' || c == '+';
        if (sign)
            d++;
        size_t point = d < len && text[d] == '.' ? 1 : 0;
        if (d + point >= len || !isdigit((unsigned char)text[d + point]))
            continue;
        int hex = !sign && !point && text[d] == '0' && d + 2 < len &&
                  (text[d + 1] == 'x' || text[d + 1] == 'X') &&
                  isxdigit((unsigned char)text[d + 2]);
        size_t first = hex ? d + 2 : d, e = first;
        while (e < len && (hex ? isxdigit((unsigned char)text[e])
                               : isdigit((unsigned char)text[e])))
            e++;
        if (!hex) {
            int real = point != 0;
            if (e < len && text[e] == '.') {
                real = 1;
                for (e++; e < len && isdigit((unsigned char)text[e]); e++)
                    ;
            }
            if (e < len && (text[e] == 'e' || text[e] == 'E')) {
                size_t x = e + 1;
                if (x < len && (text[x] == '+' || text[x] == '-'))
                    x++;
                if (x < len && isdigit((unsigned char)text[x])) {
                    real = 1;
                    for (e = x; e < len && isdigit((unsigned char)text[e]); e++)
                        ;
                }
            }
            if (real) {
                i = e - 1;
                continue;
            }
        }
        i = e - 1;
        *wide = e < len && text[e] == 'L';
        const char *digits = text + first;
        size_t nd = e - first;
        while (nd > 1 && *digits == '0') {
            digits++;
            nd--;
        }
        /* Up to 16 hexadecimal or 19 decimal digits fit in 64 unsigned
         * bits; more never fit. */
        unsigned long long v = 0, limit;
        int too_long = nd > (hex ? 16u : 19u);
        for (size_t k = 0; k < nd && !too_long; k++)
            v = v * (hex ? 16u : 10u) +
                (unsigned)(isdigit((unsigned char)digits[k])
                               ? digits[k] - '0'
                               : tolower((unsigned char)digits[k]) - 'a' + 10);
        if (*wide)
            limit = c == '-' ? 9223372036854775808ULL : 9223372036854775807ULL;
        else
            limit = c == '-' ? 2147483648ULL : 2147483647ULL;
        if (too_long || v > limit) {
            *n = e - start;
            return text + start;
        }
    }
    return NULL;
}

static struct scan_state scan(const char *text, size_t len,
                              struct scan_state st)
{
    for (size_t i = 0; i < len; i++)
        if (skip_quoted(text, len, &i, &st) == LEX_LINE_COMMENT)
            break;
    return st;
}

static sim_status include_file(struct source_map *m, const char *path,
                               int depth, struct scan_state *state,
                               unsigned *lines, char *err);

/* The @include whose file name starts at inc, on line `number` of file
 * `from`: resolves the name from from's directory and puts that file in
 * (*state: what is open before it, and after).  *rest receives where the
 * line goes on after the closing quote. */
static sim_status include_line(struct source_map *m, const char *inc,
                               const char *from, unsigned number, int depth,
                               struct scan_state *state, const char **rest,
                               char *err)
{
    char name[PATH_MAX];
    size_t n = 0;
    const char *c = inc;
    /* The name's escapes, as libconfig reads them: \\ and \". */
    for (; *c != '"' && *c != '\n' && *c != '\0'; c++) {
        if (*c == '\\' && (c[1] == '\\' || c[1] == '"'))
            c++;
        if (n + 1 >= sizeof name)
            return sim_fail(err, SIM_ERR_PARSE,
                            "%s:%u: @include file name too long", from,
                            number);
        name[n++] = *c;
    }
    name[n] = '\0';
    if (*c != '"' || n == 0)
        return sim_fail(err, SIM_ERR_PARSE,
                        "%s:%u: syntax error: @include expects a file name "
                        "in double quotes",
                        from, number);
    *rest = c + 1;
    char target[PATH_MAX];
    const char *slash = strrchr(from, '/');
    int wrote = name[0] == '/' || slash == NULL
                    ? snprintf(target, sizeof target, "%s", name)
                    : snprintf(target, sizeof target, "%.*s/%s",
                               (int)(slash - from), from, name);
    if (wrote < 0 || (size_t)wrote >= sizeof target)
        return sim_fail(err, SIM_ERR_PARSE,
                        "%s:%u: @include file name too long", from, number);
    if (depth >= INCLUDE_DEPTH_MAX)
        return sim_fail(err, SIM_ERR_PARSE,
                        "%s:%u: syntax error: @include nested more than %d "
                        "deep (does a file include itself?)",
                        from, number, INCLUDE_DEPTH_MAX);
    struct stat info;
    /* A file that cannot be read is an I/O failure, as the scenario's own
     * (exit 3), not a syntax error. */
    if (stat(target, &info) != 0)
        return sim_fail(err, SIM_ERR_IO,
                        "%s:%u: cannot open @include file %s: %s", from,
                        number, target, strerror(errno));
    if (!S_ISREG(info.st_mode))
        return sim_fail(err, SIM_ERR_IO,
                        "%s:%u: cannot open @include file %s: %s", from,
                        number, target,
                        S_ISDIR(info.st_mode) ? "it is a directory"
                                              : "not a regular file");
    return include_file(m, target, depth + 1, state, NULL, err);
}

static sim_status include_file(struct source_map *m, const char *path,
                               int depth, struct scan_state *state,
                               unsigned *lines, char *err)
{
    char *text = NULL;
    size_t size = 0;
    sim_status st = read_text(path, depth == 0 ? "file" : "@include file",
                              &text, &size, err);
    if (st != SIM_OK)
        return st;
    if (strlen(text) < size) {
        unsigned line = 1;
        for (const char *c = text; *c != '\0'; c++)
            line += *c == '\n';
        sim_free(text);
        return sim_fail(err, SIM_ERR_PARSE,
                        "%s:%u: syntax error: a NUL byte (is it a text "
                        "file?)",
                        path, line);
    }
    char *name = sim_malloc(strlen(path) + 1);
    if (name == NULL ||
        grow((void **)&m->files, &m->cap_files, m->n_files + 1,
             sizeof *m->files) != 0) {
        sim_free(name);
        sim_free(text);
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    }
    strcpy(name, path);
    unsigned file = (unsigned)m->n_files;
    m->files[m->n_files++] = name;
    unsigned number = 1;
    for (const char *line = text; *line != '\0'; number++) {
        const char *eol = strchr(line, '\n');
        size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);
        const char *inc = state->comment || state->string
                              ? NULL
                              : include_path_of(line);
        const char *keep = line;
        size_t keep_len = len;
        int shielded = 0;
        if (inc != NULL) {
            const char *rest = NULL;
            st = include_line(m, inc, name, number, depth, state, &rest, err);
            if (st != SIM_OK)
                break;
            /* libconfig reads on after the file name.  What follows it on
             * the line stays there; outside a comment or string, behind an
             * empty comment: at the start of a line another @include would
             * be one, after something it is a syntax error, as in
             * libconfig. */
            keep = rest;
            keep_len = (size_t)(line + len - rest);
            shielded = !state->comment && !state->string;
            if (shielded && strspn(rest, " \t\r") >= keep_len)
                keep = NULL;
        }
        size_t bad_len = 0;
        int suffixed = 0;
        const char *bad = keep != NULL ? wrapped_integer(keep, keep_len, *state,
                                                         &bad_len, &suffixed)
                                       : NULL;
        if (bad != NULL && suffixed) {
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s:%u: integer %.*sL does not fit in 64 bits "
                          "(libconfig would read another number)",
                          name, number, (int)bad_len, bad);
            break;
        }
        if (bad != NULL) {
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s:%u: integer %.*s does not fit in 32 bits "
                          "(libconfig would read another number): write it "
                          "with an L suffix (%.*sL) or a decimal point",
                          name, number, (int)bad_len, bad, (int)bad_len, bad);
            break;
        }
        if (keep != NULL &&
            map_add_line(m, keep, keep_len, file, number, shielded) != 0) {
            st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        if (keep != NULL)
            *state = scan(keep, keep_len, *state);
        line += len + (eol != NULL);
    }
    if (lines != NULL)
        *lines = number - 1;
    sim_free(text);
    return st;
}

int settings_reads_file(const char *top, const char *path)
{
    struct stat want, have;
    if (stat(path, &want) != 0)
        return 0;
    struct source_map *m = sim_calloc(1, sizeof *m);
    if (m == NULL)
        return 0;
    char err[SIM_ERR_LEN];
    struct scan_state state = {0, 0};
    include_file(m, top, 0, &state, NULL, err); /* the files read so far */
    int found = 0;
    for (size_t i = 0; i < m->n_files && !found; i++)
        found = stat(m->files[i], &have) == 0 && have.st_dev == want.st_dev &&
                have.st_ino == want.st_ino;
    source_map_free(m);
    return found;
}

const char *settings_parsed_text(const config_t *cfg)
{
    const struct source_map *m =
        config_setting_get_hook(config_root_setting(cfg));
    if (m == NULL)
        return NULL;
    /* An empty file puts no line into the map, which then has no text. */
    return m->text != NULL ? m->text : "";
}

sim_status settings_parse(const char *path, config_t *cfg, char *err)
{
    struct source_map *m = sim_calloc(1, sizeof *m);
    if (m == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    struct scan_state state = {0, 0};
    unsigned top_lines = 0;
    sim_status st = include_file(m, path, 0, &state, &top_lines, err);
    if (st != SIM_OK) {
        source_map_free(m);
        return st;
    }
    config_init(cfg);
    /* Every @include is expanded above; one that reached libconfig would be
     * read from the directory the command ran in: let it fail instead. */
    config_set_include_dir(cfg, "/nonexistent/alliance-sim: @include is "
                                "expanded before parsing");
    if (config_read_string(cfg, m->text != NULL ? m->text : "") ==
        CONFIG_TRUE) {
        /* The root keeps the map for settings_where; config_destroy frees
         * it. */
        config_set_destructor(cfg, source_map_free);
        config_setting_set_hook(config_root_setting(cfg), m);
        return SIM_OK;
    }
    const char *what = config_error_text(cfg);
    int plain = strcmp(what, "syntax error") == 0;
    size_t line = (size_t)config_error_line(cfg);
    if (line < 1 || line > m->n_lines) {
        /* At the end of the text: something left open, in the file or in
         * one it includes. */
        st = sim_fail(err, SIM_ERR_PARSE,
                      "%s:%u: syntax error at the end of the file%s%s (a "
                      "group, list or string left open%s?)",
                      path, top_lines + 1, plain ? "" : ": ", plain ? "" : what,
                      m->n_files > 1 ? ", here or in a file it @includes"
                                     : "");
    } else {
        unsigned file = m->file_of[line - 1];
        /* libconfig names no setting; the usual cause is a group that an
         * @included file already gives, which `overrides` changes. */
        int twice = strcmp(what, "duplicate setting name") == 0;
        st = sim_fail(err, SIM_ERR_PARSE, "%s:%u: syntax error%s%s%s%s%s%s",
                      m->files[file], m->line_of[line - 1], plain ? "" : ": ",
                      plain ? "" : what,
                      file != 0 ? " (in a file @included by " : "",
                      file != 0 ? path : "", file != 0 ? ")" : "",
                      twice ? " (a setting or group given twice at this "
                              "level; to change one that an @included file "
                              "sets, write overrides = ( { path = "
                              "\"group.setting\"; value = ...; } ))"
                            : "");
    }
    config_destroy(cfg);
    source_map_free(m);
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
    if (p == NULL) {
        char near[SUGGEST_MAX_LEN];
        const char *hint = closest_setting(st, path, near, sizeof near);
        if (hint != NULL)
            return sim_fail(err, SIM_ERR_UNKNOWN,
                            "%s: unknown setting '%s' (did you mean '%s'? "
                            "%s)",
                            origin, path, hint, st->help);
        return sim_fail(err, SIM_ERR_UNKNOWN, "%s: unknown setting '%s' (%s)",
                        origin, path, st->help);
    }
    if (p->type == PARAM_STRING || p->type == PARAM_PATH)
        return store_string(p, base, value, origin, err);
    if (p->type == PARAM_INT_LIST)
        return sim_fail(err, SIM_ERR_USAGE,
                        "%s: setting '%s' is a list: set it in the file",
                        origin, path);
    if (p->type == PARAM_BOOL) {
        if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
            return store_number(p, base, 1.0, origin, err);
        if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
            return store_number(p, base, 0.0, origin, err);
        return settings_fail_expected(err, SIM_ERR_TYPE, origin, p, value);
    }
    if (p->type == PARAM_ENUM) {
        long index = param_enum_index(p, value);
        if (index < 0)
            return settings_fail_expected(err, SIM_ERR_RANGE, origin, p,
                                          value);
        return store_number(p, base, (double)index, origin, err);
    }
    if (p->type == PARAM_INT) {
        long long v = 0;
        sim_status read = sim_parse_integer(value, &v);
        if (read == SIM_ERR_TYPE)
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting '%s': expected an integer in decimal "
                            "digits, got %s",
                            origin, p->path, value);
        if (read != SIM_OK)
            return settings_fail_expected(err, read, origin, p, value);
        return store_integer(p, base, v, origin, err);
    }
    double v = 0;
    sim_status read = sim_parse_real(value, &v);
    if (read != SIM_OK)
        return settings_fail_expected(err, read, origin, p, value);
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
            /* The member's own file and line; where (g's) for a member
             * settings_parse did not read. */
            char at[PARAM_STRING_LEN + 64];
            if (settings_file_of(m) != NULL)
                settings_where(m, where, at, sizeof at);
            else
                snprintf(at, sizeof at, "%s", where);
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
