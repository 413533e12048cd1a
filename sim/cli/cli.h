/*
 * cli.h - what the subcommands share: option parsing, scenario loading,
 * threads, interrupts and error messages (cli_options.c).  The dispatcher's
 * table of subcommands is commands.h: nothing here depends on it, so the
 * subcommands never look up at cli_main.c.
 */
#ifndef SIM_CLI_H
#define SIM_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "sim/core/engine.h"
#include "sim/core/status.h"
#include "sim/io/scenario.h"

#define MAX_OVERRIDES 64
#define OVERRIDE_LEN 256

/* The options of a subcommand that runs a scenario. */
struct run_options {
    const char *scenario;
    const char *paths[MAX_OVERRIDES];
    const char *values[MAX_OVERRIDES];
    const char *origins[MAX_OVERRIDES];
    char set_buf[MAX_OVERRIDES][OVERRIDE_LEN];
    int n_overrides;
    int json;
    int csv; /* --csv: the figures as CSV beside the output */
    int quiet;
    int report; /* --report: the HTML report beside the output */
    int threads;
    long bootstrap; /* compare: resamples for the intervals (0: default) */
    int help;       /* --help was printed: nothing else to do */
    /* compare --with PATH=VALUE: the settings of arm B */
    const char *with_paths[MAX_OVERRIDES];
    const char *with_values[MAX_OVERRIDES];
    char with_buf[MAX_OVERRIDES][OVERRIDE_LEN];
    int n_with;
    const char *ensemble; /* compare: run over a calibration's fits */
};

/*
 * Parses --seed, --replicates, --months, -o, --set, --threads, --json,
 * --quiet, --bootstrap, --with, --ensemble and one SCENARIO.cfg (argv[0] is the subcommand,
 * named in messages).  Sets o->help when --help was printed (with usage).
 * On error returns its class (SIM_ERR_USAGE for the command line's shape,
 * SIM_ERR_TYPE or SIM_ERR_RANGE for a value) with a message in err.
 */
sim_status cli_parse_run_options(int argc, char **argv, struct run_options *o,
                                 void (*usage)(FILE *), char *err);

/* Loads the scenario of o and applies its overrides (--seed, --set, ...);
 * *sc is NULL or to be freed with scenario_free. */
sim_status cli_load_scenario(const struct run_options *o, struct scenario **sc,
                             char *err);

/* The engine configuration of a scenario's run: months, replicates, seed
 * and the report horizons within the months. */
void cli_engine_config(const struct scenario *sc, struct engine_config *c);

/*
 * Checks an output before any work, for every command alike: that it can be
 * a file a rename puts in place (h5u_check_target; `what` names it in
 * messages), that it is none of the files the command reads (inputs: a
 * NULL-terminated list of top-level files, each standing for itself and the
 * files it @includes, compared by device and inode, so that no spelling of
 * a path gets past), and that its directory (made if missing) takes new
 * files.  Then removes the temporaries of output that killed processes
 * left, saying so on stderr.  SIM_OK, or a status with a message in err.
 */
sim_status cli_check_output(const char *output, const char *what,
                            const char *const *inputs, char *err);

/*
 * Says on stderr which outputs checked by cli_check_output replaced a file
 * that was there before the command ("alliance-sim: replaced the previous
 * out/default.h5"): those that existed then and exist now.  For the
 * dispatcher, once a command succeeded; a command that failed replaced
 * nothing (outputs are renamed into place only when complete).
 */
void cli_report_replaced(void);

/* Notes output as cli_check_output does, for a command that checks its
 * output another way (report). */
void cli_note_output(const char *output);

/* Seconds on a monotonic clock, for cli_show_progress. */
double cli_now_seconds(void);

/* "\rDONE / TOTAL WHAT (P%), R/s, S s left" on stderr: the rate counts
 * what was done since start (first_done then done, so that a resumed run
 * does not count the saved part). */
void cli_show_progress(double start, long first_done, long done, long total,
                       const char *what);

#define CLI_MAX_THREADS 4096

/* Parses --threads' value and sets OpenMP's thread count; SIM_ERR_TYPE or
 * SIM_ERR_RANGE with a message in err when it is not an integer from 1 to
 * CLI_MAX_THREADS. */
sim_status cli_set_threads(const char *text, int *threads, char *err);

/* Reads option opt's value text as an integer from min to max: SIM_ERR_TYPE
 * unless it is decimal digits, SIM_ERR_RANGE outside the range, with a
 * message naming the option; *out is left alone on failure. */
sim_status cli_option_integer(const char *opt, const char *text,
                              long long min, long long max, long long *out,
                              char *err);

/* Reads option opt's value text as a finite number from min (excluded when
 * min_excluded) to max, with the errors of cli_option_integer. */
sim_status cli_option_real(const char *opt, const char *text, double min,
                           double max, int min_excluded, double *out,
                           char *err);

/* "alliance-sim CMD arg1 arg2 ..." into buf (argv[0] is the subcommand). */
void cli_join_args(const char *cmd, int argc, char **argv, char *buf,
                   size_t len);

/* From now on SIGINT and SIGTERM only set a flag, so that a long command can
 * stop cleanly (no partial output file; a sweep keeps its whole rows). */
void cli_catch_interrupts(void);

/* Whether SIGINT or SIGTERM arrived since cli_catch_interrupts. */
int cli_interrupted(void);

/* SIM_OK while no signal arrived, then SIM_ERR_INTERRUPTED (SIGINT, exit
 * 130) or SIM_ERR_TERMINATED (SIGTERM, 143); safe to call from any thread,
 * so the layers below can poll it (sweep_runner_set_stop). */
sim_status cli_interrupt_status(void);

/* With report set, checks before any work (as cli_check_output) that the
 * HTML report of h5 can be written beside it; SIM_OK otherwise. */
sim_status cli_check_report(const char *h5, int report,
                            const char *const *inputs, char *err);

/*
 * The outputs of a command that writes an HDF5 file, checked before any
 * work as cli_check_output does: `output`, with --csv the CSV beside it
 * (its path into csv, csv_len bytes, whether or not --csv is given) and
 * with --report the page beside it.  SIM_OK, or a status with a message.
 */
sim_status cli_check_outputs(const struct run_options *o, const char *output,
                             const char *const *inputs, char *csv,
                             size_t csv_len, char *err);

/* Writes the HTML report of the finished output h5 beside it (FILE.html
 * for FILE.h5) and says where on stderr unless quiet. */
sim_status cli_write_report(const char *h5, int quiet, char *err);

/* Lists the scenario's dated events under a heading (nothing when it has
 * none). */
void cli_print_events(FILE *out, const struct scenario *sc);

/*
 * Writes "unknown option 'ARG' (did you mean '--NAME'? alliance-sim CMD
 * --help)" to err, NAME the long option of longopts (getopt_long's table,
 * ended by a zero entry) closest to arg, the hint left out when none is
 * close.  Returns SIM_ERR_USAGE.
 */
sim_status cli_unknown_option(const char *cmd, const char *arg,
                              const struct option *longopts, char *err);

/* Checks the name an option takes (opt "-o", "--figures", ...; what: "a
 * file name", "a directory"): SIM_ERR_USAGE when it is empty or reads as
 * an option ("--figures -q" took -q for the directory); "./-q" names a
 * file of that name. */
sim_status cli_path_argument(const char *opt, const char *what,
                             const char *arg, char *err);

/* Prints "alliance-sim: error: msg" to stderr and returns the exit code of
 * status, or of the interruption once a signal arrived (130 or 143), so
 * that an interrupted command exits as the shell expects whatever layer
 * reported it. */
int cli_error(sim_status status, const char *msg);

#endif
