/*
 * cli_init.c - `alliance-sim init`: a scenario from the association's own
 * figures, asked on a terminal, given as flags or read from an income
 * statement in CSV (sim/io/accounts.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "sim/io/accounts.h"

#define INIT_FIELDS_MAX 16
#define INIT_DEFAULT_OUTPUT "association.cfg"

/* Help lines are wrapped to fit a terminal of this width. */
#define INIT_HELP_COLUMNS 79

/* The options of init that are no figure, as --help lists them. */
static const struct {
    const char *option, *text;
} init_options[] = {
    {"-o, --output FILE",
     "scenario to write (default " INIT_DEFAULT_OUTPUT ")"},
    {"--csv FILE", "income statement of the last year"},
    {"--name TEXT", "name of the association"},
    {NULL, NULL}, /* the figures, from accounts_fields */
    {"--force", "replace an existing FILE.cfg"},
    {"--no-prompt", "use defaults for what is not given"},
    {"-q, --quiet", "no notes or warnings"},
    {"-h, --help", "show this help"},
};

#define INIT_OPTIONS (sizeof init_options / sizeof *init_options)

/* A figure's option ("--KEY N" or "--KEY X") into buf (len bytes). */
static void figure_option(const struct accounts_field *f, char *buf, size_t len)
{
    snprintf(buf, len, "--%s %s", f->key, f->integer ? "N" : "X");
}

/* "  OPTION  TEXT", OPTION in a column of width, TEXT wrapped under itself
 * to INIT_HELP_COLUMNS. */
static void print_option(FILE *out, int width, const char *option,
                         const char *text)
{
    int indent = 2 + width + 2, col = fprintf(out, "  %-*s  ", width, option);
    for (const char *p = text; *p != '\0';) {
        size_t word = strcspn(p, " ");
        if (col > indent && col + 1 + (int)word > INIT_HELP_COLUMNS) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            col += fprintf(out, " ");
        }
        col += fprintf(out, "%.*s", (int)word, p);
        p += word;
        p += strspn(p, " ");
    }
    fputc('\n', out);
}

static void init_usage(FILE *out)
{
    fputs("Usage: alliance-sim init [-o FILE.cfg] [--csv ACCOUNTS.csv]\n"
          "                         [--FIGURE VALUE ...]\n"
          "\n"
          "Writes a commented scenario from the few figures an association "
          "knows from\n"
          "its accounts. On a terminal it asks for each figure not given, "
          "showing the\n"
          "default (Enter keeps it); --no-prompt never asks. --csv reads an "
          "income\n"
          "statement, ACCOUNT;LABEL;AMOUNT per line (plan comptable: 60-66 "
          "budget,\n"
          "64 payroll, 70 earned income, 74 subsidies, 75 donations and "
          "fees, 870\n"
          "volunteering valued at the SMIC); a total beside its sub-accounts "
          "counts\n"
          "once, a figure with no line is zero, and flags override it.\n"
          "\n"
          "Options:\n",
          out);
    char opt[64];
    size_t width = 0;
    for (size_t i = 0; i < INIT_OPTIONS; i++)
        if (init_options[i].option != NULL &&
            strlen(init_options[i].option) > width)
            width = strlen(init_options[i].option);
    for (size_t i = 0; i < accounts_field_count; i++) {
        figure_option(&accounts_fields[i], opt, sizeof opt);
        if (strlen(opt) > width)
            width = strlen(opt);
    }
    for (size_t i = 0; i < INIT_OPTIONS; i++) {
        if (init_options[i].option != NULL) {
            print_option(out, (int)width, init_options[i].option,
                         init_options[i].text);
            continue;
        }
        for (size_t k = 0; k < accounts_field_count; k++) {
            const struct accounts_field *f = &accounts_fields[k];
            char text[256];
            snprintf(text, sizeof text, "%s%s%s%s", f->question,
                     f->unit[0] != '\0' ? " (" : "", f->unit,
                     f->unit[0] != '\0' ? ")" : "");
            figure_option(f, opt, sizeof opt);
            print_option(out, (int)width, opt, text);
        }
    }
}

/* Figures that make one setting together: when the first is given and the
 * second kept its default, the setting rests on the default association's
 * figure, which init says. */
static const struct {
    const char *given, *kept, *why;
} init_pairs[] = {
    {"payroll", "budget",
     "the overhead is what the budget leaves beside the payroll"},
    {"budget", "payroll",
     "the overhead is what the budget leaves beside the payroll"},
    {"payroll", "employees", "the cost of a post is the payroll over the FTE"},
};

/* Says on stderr which settings rest on a default beside a figure given,
 * and a budget short of what the model spends besides overhead. */
static void warn_defaults(const struct accounts *a, const char *const *origins)
{
    for (size_t i = 0; i < sizeof init_pairs / sizeof *init_pairs; i++) {
        const struct accounts_field *given = accounts_find(init_pairs[i].given);
        const struct accounts_field *kept = accounts_find(init_pairs[i].kept);
        if (strcmp(origins[given - accounts_fields], ACCOUNTS_ORIGIN_DEFAULT) ==
                0 ||
            strcmp(origins[kept - accounts_fields], ACCOUNTS_ORIGIN_DEFAULT) !=
                0)
            continue;
        fprintf(stderr,
                "alliance-sim: warning: --%s given but not --%s: the default "
                "association's, %.10g%s%s, was used (%s); give --%s\n",
                given->key, kept->key,
                *(const double *)(const void *)((const char *)a + kept->offset),
                kept->unit[0] != '\0' ? " " : "", kept->unit, init_pairs[i].why,
                kept->key);
    }
    double overhead = accounts_overhead_eur(a);
    if (overhead < 0.0)
        fprintf(stderr,
                "alliance-sim: warning: the budget, %.0f EUR a year, is short "
                "of the %.0f EUR that payroll, means of action and "
                "engineering take in the model: the overhead is set to 0; "
                "check --budget\n",
                a->budget_eur, a->budget_eur - 12.0 * overhead);
}

/* Asks for figure f on the terminal until a valid answer (or Enter, or the
 * end of input, which keep the value shown). */
static void ask(struct accounts *a, const struct accounts_field *f)
{
    double *x = (double *)(void *)((char *)a + f->offset);
    for (;;) {
        printf("%s%s%s [%.10g]: ", f->question, f->unit[0] != '\0' ? ", " : "",
               f->unit, *x);
        fflush(stdout);
        char line[256];
        if (fgets(line, sizeof line, stdin) == NULL) {
            putchar('\n');
            return;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            return;
        char err[SIM_ERR_LEN];
        if (accounts_set(a, f, line, "answer", err) == SIM_OK)
            return;
        printf("  %s\n", err);
    }
}

static void ask_name(struct accounts *a)
{
    printf("Name of the association [%s]: ", a->name);
    fflush(stdout);
    char line[PARAM_STRING_LEN];
    if (fgets(line, sizeof line, stdin) == NULL) {
        putchar('\n');
        return;
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] != '\0')
        snprintf(a->name, sizeof a->name, "%s", line);
}

int cli_init(int argc, char **argv)
{
    enum { OPT_CSV = 256, OPT_NAME, OPT_FORCE, OPT_NO_PROMPT, OPT_FIELD };
    struct option longopts[INIT_FIELDS_MAX + 9];
    size_t n = 0;
    longopts[n++] = (struct option){"output", required_argument, NULL, 'o'};
    longopts[n++] = (struct option){"csv", required_argument, NULL, OPT_CSV};
    longopts[n++] = (struct option){"name", required_argument, NULL, OPT_NAME};
    longopts[n++] = (struct option){"force", no_argument, NULL, OPT_FORCE};
    longopts[n++] =
        (struct option){"no-prompt", no_argument, NULL, OPT_NO_PROMPT};
    longopts[n++] = (struct option){"quiet", no_argument, NULL, 'q'};
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    for (size_t i = 0; i < accounts_field_count && i < INIT_FIELDS_MAX; i++)
        longopts[n++] =
            (struct option){accounts_fields[i].key, required_argument, NULL,
                            OPT_FIELD + (int)i};
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    char err[SIM_ERR_LEN];
    struct accounts a;
    accounts_defaults(&a);
    const char *origins[INIT_FIELDS_MAX];
    const char *flag_value[INIT_FIELDS_MAX] = {NULL};
    for (size_t i = 0; i < accounts_field_count; i++)
        origins[i] = ACCOUNTS_ORIGIN_DEFAULT;
    const char *output = INIT_DEFAULT_OUTPUT, *csv = NULL, *name = NULL;
    int force = 0, quiet = 0, prompt = isatty(STDIN_FILENO);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        if (c == 'o')
            output = optarg;
        else if (c == OPT_CSV)
            csv = optarg;
        else if (c == OPT_NAME)
            name = optarg;
        else if (c == OPT_FORCE)
            force = 1;
        else if (c == OPT_NO_PROMPT)
            prompt = 0;
        else if (c == 'q')
            quiet = 1;
        else if (c == 'h') {
            init_usage(stdout);
            return 0;
        } else if (c >= OPT_FIELD && c < OPT_FIELD + (int)accounts_field_count)
            flag_value[c - OPT_FIELD] = optarg;
        else if (c == ':') {
            snprintf(err, sizeof err, "option %s needs a value",
                     argv[optind - 1]);
            return cli_error(SIM_ERR_USAGE, err);
        } else {
            return cli_error(
                cli_unknown_option("init", argv[optind - 1], longopts, err),
                err);
        }
    }
    if (optind < argc) {
        snprintf(err, sizeof err,
                 "unexpected argument '%s' (alliance-sim init --help)",
                 argv[optind]);
        return cli_error(SIM_ERR_USAGE, err);
    }
    struct stat sb;
    if (!force && stat(output, &sb) == 0) {
        snprintf(err, sizeof err,
                 "%s exists: choose another -o FILE.cfg, or --force to "
                 "replace it",
                 output);
        return cli_error(SIM_ERR_USAGE, err);
    }
    const char *const inputs[] = {csv, NULL};
    sim_status st = cli_check_output(output, "the scenario",
                                     csv ? inputs : inputs + 1, err);
    if (st != SIM_OK)
        return cli_error(st, err);

    int from_csv[INIT_FIELDS_MAX] = {0};
    if (csv != NULL) {
        st = accounts_read_csv(csv, &a, from_csv, err);
        if (st != SIM_OK)
            return cli_error(st, err);
        for (size_t i = 0; i < accounts_field_count; i++)
            if (from_csv[i])
                origins[i] = "income statement";
    }
    for (size_t i = 0; i < accounts_field_count; i++) {
        if (flag_value[i] == NULL)
            continue;
        char origin[64];
        snprintf(origin, sizeof origin, "--%s", accounts_fields[i].key);
        st = accounts_set(&a, &accounts_fields[i], flag_value[i], origin, err);
        if (st != SIM_OK)
            return cli_error(st, err); /* a value: SIM_ERR_TYPE or _RANGE */
        origins[i] = "given";
    }
    if (name != NULL)
        snprintf(a.name, sizeof a.name, "%s", name);
    if (prompt) {
        printf("A scenario from your own figures: Enter keeps the value in "
               "brackets.\n");
        if (name == NULL)
            ask_name(&a);
        for (size_t i = 0; i < accounts_field_count; i++) {
            if (flag_value[i] != NULL || from_csv[i])
                continue;
            double before =
                *(double *)(void *)((char *)&a + accounts_fields[i].offset);
            ask(&a, &accounts_fields[i]);
            if (*(double *)(void *)((char *)&a + accounts_fields[i].offset) !=
                before)
                origins[i] = "given";
        }
    }
    /* Checked, and loaded as a temporary, before it replaces anything. */
    st = accounts_write_scenario(&a, output, origins, err);
    if (st != SIM_OK)
        return cli_error(st, err);
    if (csv != NULL && !quiet) {
        char kept[SIM_ERR_LEN];
        if (accounts_defaults_kept(&a, origins, kept, sizeof kept) > 0)
            fprintf(stderr,
                    "alliance-sim: note: %s does not give these figures, "
                    "kept at the default association's values (options of "
                    "init change them): %s\n",
                    csv, kept);
    }
    if (!quiet)
        warn_defaults(&a, origins);
    printf("Written to %s; run it with: alliance-sim run %s\n", output, output);
    return 0;
}
