/*
 * commands.h - the subcommands of alliance-sim, called by cli_main.c.  Each
 * takes the arguments after the subcommand's name (argv[0] is the
 * subcommand) and returns the process exit status; errors go to stderr as
 * "alliance-sim: error: ...".
 */
#ifndef SIM_CLI_COMMANDS_H
#define SIM_CLI_COMMANDS_H

int cli_run(int argc, char **argv);
int cli_params(int argc, char **argv);
int cli_ratios(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_calibrate(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_init(int argc, char **argv);

#endif
