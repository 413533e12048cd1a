/*
 * h5events.h - the scenario's dated events in a run's HDF5 file.
 *
 * Group /events (docs/output.md), readable by netCDF-4 tools: one dimension
 * `event` (a scale numbering the events in the order they apply) and 1-D
 * datasets along it: month, operation ("set" or "add"), setting (its path),
 * value, unit, source (file:line of the event in the scenario).  Written
 * only when the scenario has events.
 */
#ifndef SIM_H5EVENTS_H
#define SIM_H5EVENTS_H

#include <hdf5.h>

#include "scenario.h"

/* Writes /events under loc; returns a negative value on failure, having
 * closed whatever it opened. */
herr_t h5events_write(hid_t loc, const struct scenario *sc);

#endif
