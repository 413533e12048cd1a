/*
 * settings.h - reading libconfig files through parameter tables.
 *
 * A file's settings are described by one or more tables of `struct
 * param_desc` (each with the struct its values go into).  Loading walks the
 * file: a setting whose dotted path is in a table is type- and range-checked
 * and stored; a group on the way to known settings is entered; anything else
 * is an unknown setting.  Every error names the file, the line and the
 * setting's path.  Paths listed as deferred are left for the caller (lists
 * of groups, for instance).  Used by scenarios and sweep files alike.
 */
#ifndef SIM_SETTINGS_H
#define SIM_SETTINGS_H

#include <libconfig.h>

#include "models/model.h"
#include "sim/core/status.h"

struct settings_table {
    const struct param_desc *table;
    size_t n;
    void *base; /* the struct the table's offsets point into */
};

struct settings {
    const struct settings_table *tables;
    int n_tables;
    const char *path;            /* the file, for messages */
    const char *const *deferred; /* NULL-terminated paths left to the caller */
    const char *help;            /* where the settings are listed */
};

/* The descriptor at `path` in any table (and its struct through base), or
 * NULL. */
const struct param_desc *settings_find(const struct settings *st,
                                       const char *path, void **base);

/* Writes every table's defaults. */
void settings_defaults(const struct settings *st);

/* Loads the settings of `group` (dotted path `prefix`, "" for the root). */
sim_status settings_load_group(const struct settings *st,
                               const config_setting_t *group,
                               const char *prefix, char *err);

/* Sets the setting at path from its text form ("12.5", "true"), with the
 * loader's checks; `origin` names where it came from (e.g. "--set"). */
sim_status settings_set_text(const struct settings *st, const char *path,
                             const char *value, const char *origin, char *err);

/* Stores a number into a numeric setting with its range check. */
sim_status settings_store_number(const struct param_desc *p, void *base,
                                 double value, const char *where, char *err);

/* The most a scenario, sweep or targets file may hold, @included files
 * each alike: real ones hold kilobytes, and reading without a bound would
 * let /dev/zero or a runaway file take all memory. */
#define SETTINGS_FILE_MAX_BYTES (16 * 1024 * 1024)

/* Reads a whole file into a new NUL-terminated buffer (*text, freed with
 * sim_free); `what` names the kind of file in messages ("scenario file"),
 * so that the user knows which of the files given failed.  A file that is
 * not a regular one (a directory, a FIFO, a device) or holds more than
 * SETTINGS_FILE_MAX_BYTES is refused before anything is read (SIM_ERR_IO,
 * naming the file and what it is). */
sim_status settings_read_text(const char *path, const char *what, char **text,
                              char *err);

/*
 * Parses path into cfg (initialised here) with @include resolved against the
 * file's own directory.  On success the caller destroys cfg; on failure cfg
 * is already destroyed and err says where the syntax error is.
 */
sim_status settings_parse(const char *path, config_t *cfg, char *err);

/* Whether parsing top reads the existing file path (top itself or a file
 * it @includes, at any depth). */
int settings_reads_file(const char *top, const char *path);

/* The text settings_parse gave libconfig: the file with every file it
 * @includes put in (owned by cfg; "" for an empty file), or NULL for a cfg
 * it did not parse. */
const char *settings_parsed_text(const config_t *cfg);

/* The file a setting was read from (an @included one, maybe), or NULL when
 * settings_parse did not read it. */
const char *settings_file_of(const config_setting_t *s);

/* "file:line" of a setting into buf (fallback when libconfig has no file). */
void settings_where(const config_setting_t *s, const char *fallback,
                    char *buf, size_t len);

/* Reads member `key` of group g as a number (integer or real) into *out;
 * *found says whether it is there (absent is not an error). */
sim_status settings_member_number(const config_setting_t *g, const char *key,
                                  const char *where, const char *path,
                                  double *out, int *found, char *err);

/* Reads member `key` of group g (path `path` for messages) as a string;
 * missing or not a string is an error naming where. */
sim_status settings_member_string(const config_setting_t *g, const char *key,
                                  const char *where, const char *path,
                                  const char **out, char *err);

/* Refuses members of g whose names are not in `allowed` (NULL-terminated),
 * naming the expected ones. */
sim_status settings_only_members(const config_setting_t *g,
                                 const char *const *allowed, const char *where,
                                 const char *path, char *err);

/* "a string", "an integer", ... for libconfig type codes. */
const char *settings_type_name(int type);

/* Formats "where: setting 'path': expected <range of p>, got <got>" and
 * returns st. */
sim_status settings_fail_expected(char *err, sim_status st, const char *where,
                                  const struct param_desc *p, const char *got);

#endif
