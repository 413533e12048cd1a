/*
 * compare_cli.h - what the arms of `alliance-sim compare` share: the
 * interval it reports and the run over a calibration's ensemble, which has
 * a file of its own (cli_compare_ensemble.c).
 */
#ifndef SIM_COMPARE_CLI_H
#define SIM_COMPARE_CLI_H

#include "cli.h"
#include "sim/io/scenario.h"

/* Bootstrap resamples of compare's intervals, unless --bootstrap says. */
#define COMPARE_BOOTSTRAP 500
/* The level of compare's intervals. */
#define COMPARE_LEVEL 0.90

/*
 * `compare SCENARIO --ensemble CALIB.h5`: the scenario run once per fit of
 * the ensemble, on the same random draws; writes its HDF5 file (and CSV
 * with --csv), prints the table or JSON.  SIM_OK or an error with a message
 * in err; nothing is written on error.
 */
sim_status cli_compare_ensemble(const struct run_options *opt,
                                struct scenario *sc, int argc, char **argv,
                                char *err);

#endif
