/*
 * status.h - status codes shared by every layer of alliance-sim.
 *
 * Each code is declared once in SIM_STATUS_LIST with its exit code and a short
 * message; sim_status_message() and sim_status_exit_code() read that list, so a
 * new code needs one line here and nowhere else.  Functions that can fail
 * return a sim_status and write the detail (file, line, setting path, what was
 * expected) into a caller-provided buffer of SIM_ERR_LEN bytes.
 */
#ifndef SIM_STATUS_H
#define SIM_STATUS_H

#include <stddef.h>
#include <stdio.h>

#define SIM_ERR_LEN 1024

/*
 * X(code, exit_code, message): one exit code per class of error, whatever
 * the command or the option.  `alliance-sim --help` prints this list and
 * `make docs-check` checks that README.md's table lists it, so a code is
 * documented where it is declared.  A value that is not of the expected form
 * (a word for a number, 0x10 or 1e3 for an integer) is SIM_ERR_TYPE
 * wherever it comes from (file, --set, an option); one of the right form
 * outside its range (-5 for an amount, 1e999) is SIM_ERR_RANGE, as is a
 * word outside a setting's fixed choices (an enumerated setting, a
 * distribution, a design, a method, a statistic: `params` lists them as the
 * range) and a min above its max.  A name that should refer to something
 * the model has (a setting, a variable, a metric) and does not is
 * SIM_ERR_UNKNOWN.  The two
 * interruptions follow the shell's convention, 128 + the signal's number.
 */
#define SIM_STATUS_LIST                                                        \
    X(SIM_OK, 0, "success")                                                    \
    X(SIM_ERR_USAGE, 2,                                                        \
      "invalid command line: unknown option, missing or conflicting "          \
      "arguments")                                                             \
    X(SIM_ERR_IO, 3, "file could not be read or written")                      \
    X(SIM_ERR_PARSE, 4, "input file is not valid libconfig syntax")            \
    X(SIM_ERR_TYPE, 5, "value has the wrong type or form")                     \
    X(SIM_ERR_RANGE, 6, "value is outside its valid range")                    \
    X(SIM_ERR_UNKNOWN, 7, "unknown setting")                                   \
    X(SIM_ERR_INVALID, 8, "settings are inconsistent")                         \
    X(SIM_ERR_NOMEM, 9, "out of memory")                                       \
    X(SIM_ERR_HDF5, 10, "HDF5 library error")                                  \
    X(SIM_ERR_NUMERIC, 11, "numerical error")                                  \
    X(SIM_ERR_NOT_MET, 12, "calibration targets not met")                      \
    X(SIM_ERR_INTERRUPTED, 130, "interrupted by SIGINT (Ctrl-C)")              \
    X(SIM_ERR_TERMINATED, 143, "terminated by SIGTERM")

typedef enum {
#define X(code, exit_code, message) code,
    SIM_STATUS_LIST
#undef X
} sim_status;

/* Returns a static English description of status; never NULL. */
const char *sim_status_message(sim_status status);

/* Returns the process exit code the CLI uses for status (0 for SIM_OK). */
int sim_status_exit_code(sim_status status);

/* Writes the table of exit codes, one "  CODE  message" line each, for
 * --help. */
void sim_status_print_codes(FILE *out);

/*
 * Formats a message into err (SIM_ERR_LEN bytes, may be NULL) and returns
 * status, so that error paths read `return sim_fail(err, SIM_ERR_RANGE, ...)`.
 */
sim_status sim_fail(char *err, sim_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
