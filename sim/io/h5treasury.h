/*
 * h5treasury.h - the treasurer's figures in a run's HDF5 file.
 *
 * Group /summary/treasury (docs/output.md), along the dimensions of
 * /summary (horizon, statistic): live (replicates alive), p_below_zero,
 * p_beyond_overdraft, runway_months (horizon, statistic), at_risk and
 * first_month_at_risk (horizon, statistic).
 */
#ifndef SIM_H5TREASURY_H
#define SIM_H5TREASURY_H

#include <hdf5.h>

#include "sim/core/summary.h"

/* Writes the group under the open /summary group (whose horizon and
 * statistic scales it uses); nothing when the summary has no treasury.
 * Returns a negative value on failure, having closed what it opened. */
herr_t h5treasury_write(hid_t summary_group, const struct summary *s);

#endif
