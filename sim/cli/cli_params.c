/*
 * cli_params.c - `alliance-sim params`: every scenario setting with its
 * unit, default, valid range and source, read from the parameter tables.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sim/analysis/sweep.h"
#include "sim/core/suggest.h"
#include "sim/core/numtext.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

/* FMT_PATHS, the paths alone one a line (--paths; --sweep-paths for a sweep
 * file's settings), is for the shell's completion and
 * left out of --help. */
enum params_format { FMT_TEXT, FMT_MARKDOWN, FMT_JSON, FMT_PATHS };

static void format_default(const struct param_desc *p, char *buf, size_t len)
{
    switch (p->type) {
    case PARAM_DOUBLE:
    case PARAM_INT: {
        char num[SIM_REAL_TEXT_LEN];
        sim_format_real(num, p->def);
        snprintf(buf, len, "%s", num);
        break;
    }
    case PARAM_BOOL:
        snprintf(buf, len, "%s", p->def != 0.0 ? "true" : "false");
        break;
    case PARAM_ENUM:
        param_enum_name(p, (long)p->def, buf, len);
        break;
    case PARAM_STRING:
    case PARAM_PATH:
        snprintf(buf, len, "\"%s\"", p->def_string ? p->def_string : "");
        break;
    case PARAM_INT_LIST: {
        size_t used = (size_t)snprintf(buf, len, "[");
        for (int i = 0; i < p->def_list_count && used < len; i++)
            used += (size_t)snprintf(buf + used, len - used, "%s%ld",
                                     i ? ", " : "", p->def_list[i]);
        if (used < len)
            snprintf(buf + used, len - used, "]");
        break;
    }
    }
}

static void format_range(const struct param_desc *p, char *buf, size_t len)
{
    if (p->type == PARAM_STRING || p->type == PARAM_PATH)
        snprintf(buf, len, "text");
    else if (p->type == PARAM_ENUM) {
        snprintf(buf, len, "%s", p->def_string);
        for (char *c = buf; *c; c++)
            if (*c == '|')
                *c = '/';
    }
    else if (p->type == PARAM_BOOL)
        snprintf(buf, len, "true, false");
    else {
        char lo[SIM_REAL_TEXT_LEN], hi[SIM_REAL_TEXT_LEN];
        sim_format_real(lo, p->min);
        sim_format_real(hi, p->max);
        snprintf(buf, len, "%s .. %s", lo, hi);
    }
}

static const char *type_name(enum param_type t)
{
    switch (t) {
    case PARAM_DOUBLE:
        return "number";
    case PARAM_INT:
        return "integer";
    case PARAM_STRING:
    case PARAM_PATH:
        return "string";
    case PARAM_INT_LIST:
        return "integer list";
    case PARAM_BOOL:
        return "boolean";
    case PARAM_ENUM:
        return "choice";
    }
    return "?";
}

static void print_table(const struct param_desc *t, size_t n,
                        enum params_format fmt, int *first)
{
    char def[128], range[96];
    for (size_t i = 0; i < n; i++) {
        const struct param_desc *p = &t[i];
        format_default(p, def, sizeof def);
        format_range(p, range, sizeof range);
        switch (fmt) {
        case FMT_PATHS:
            printf("%s\n", p->path);
            break;
        case FMT_TEXT:
            printf("%-46s %-14s default %-12s range %s\n    %s\n    source: "
                   "%s\n",
                   p->path, p->unit, def, range, p->description, p->source);
            break;
        case FMT_MARKDOWN:
            printf("| `%s` | %s | %s | %s | %s | %s |\n", p->path, p->unit, def,
                   range, p->description, p->source);
            break;
        case FMT_JSON:
            printf("%s\n  {\"path\": ", *first ? "" : ",");
            h5json_string(stdout, p->path);
            printf(", \"type\": \"%s\", \"unit\": ", type_name(p->type));
            h5json_string(stdout, p->unit);
            printf(", \"default\": ");
            if (p->type == PARAM_STRING || p->type == PARAM_PATH ||
                p->type == PARAM_INT_LIST ||
                p->type == PARAM_ENUM)
                h5json_string(stdout, def);
            else if (p->type == PARAM_BOOL)
                printf("%s", def);
            else
                tables_json_number(stdout, p->def);
            if (p->type != PARAM_STRING && p->type != PARAM_PATH &&
                p->type != PARAM_BOOL &&
                p->type != PARAM_ENUM) {
                printf(", \"min\": ");
                tables_json_number(stdout, p->min);
                printf(", \"max\": ");
                tables_json_number(stdout, p->max);
            }
            printf(", \"description\": ");
            h5json_string(stdout, p->description);
            printf(", \"source\": ");
            h5json_string(stdout, p->source);
            printf("}");
            break;
        }
        *first = 0;
    }
}

int cli_params(int argc, char **argv)
{
    enum params_format fmt = FMT_TEXT;
    const char *fmt_option = NULL;
    for (int i = 1; i < argc; i++) {
        enum params_format asked = FMT_TEXT;
        if (strcmp(argv[i], "--markdown") == 0)
            asked = FMT_MARKDOWN;
        else if (strcmp(argv[i], "--json") == 0)
            asked = FMT_JSON;
        if (asked != FMT_TEXT) {
            /* One output only: the last of two would win silently. */
            if (fmt_option != NULL && strcmp(fmt_option, argv[i]) != 0) {
                char msg[256];
                snprintf(msg, sizeof msg,
                         "params: give %s or %s, not both (alliance-sim "
                         "params --help)",
                         fmt_option, argv[i]);
                return cli_error(SIM_ERR_USAGE, msg);
            }
            fmt = asked;
            fmt_option = argv[i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("Usage: alliance-sim params [--markdown | --json]\n\n"
                 "Lists every scenario setting: dotted path, unit, default, "
                 "valid range,\nmeaning and source (source document or stated "
                 "assumption).");
            return 0;
        } else if (strcmp(argv[i], "--paths") == 0) {
            fmt = FMT_PATHS;
        } else if (strcmp(argv[i], "--sweep-paths") == 0) {
            /* The scalar settings of a sweep file, for sweep --set. */
            for (size_t k = 0; k < sweep_settings_count; k++)
                if (sweep_settings_table[k].type != PARAM_INT_LIST)
                    printf("%s\n", sweep_settings_table[k].path);
            return 0;
        } else {
            static const char *const known[] = {"--markdown", "--json",
                                                "--help"};
            const char *hint =
                suggest_closest(argv[i], known, sizeof known / sizeof *known);
            char msg[256];
            snprintf(msg, sizeof msg,
                     "params: unknown option '%s' (%s%s%salliance-sim params "
                     "--help)",
                     argv[i], hint ? "did you mean '" : "", hint ? hint : "",
                     hint ? "'? " : "");
            return cli_error(SIM_ERR_USAGE, msg);
        }
    }
    int first = 1;
    if (fmt == FMT_MARKDOWN)
        puts("| setting | unit | default | range | meaning | source |\n"
             "|---|---|---|---|---|---|");
    if (fmt == FMT_JSON)
        printf("[");
    print_table(sim_settings_table, sim_settings_count, fmt, &first);
    print_table(org_model.params, org_model.n_params, fmt, &first);
    print_table(portfolio_model.params, portfolio_model.n_params, fmt,
                &first);
    print_table(territory_model.params, territory_model.n_params, fmt,
                &first);
    if (fmt == FMT_JSON)
        printf("\n]\n");
    return 0;
}
