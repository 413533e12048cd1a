/*
 * cli.h - the subcommands of alliance-sim.  Each takes the arguments after
 * the subcommand's name (argv[0] is the subcommand) and returns the process
 * exit status; errors go to stderr as "alliance-sim: error: ...".
 */
#ifndef SIM_CLI_H
#define SIM_CLI_H

#include <stdio.h>

#include "status.h"

int cli_run(int argc, char **argv);
int cli_params(int argc, char **argv);
int cli_ratios(int argc, char **argv);

/* Prints "alliance-sim: error: msg" to stderr and returns the exit code of
 * status. */
int cli_error(sim_status status, const char *msg);

#endif
