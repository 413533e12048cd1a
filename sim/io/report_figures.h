/*
 * report_figures.h - the report's charts as files for papers (SVG, PNG or
 * PDF), drawn with PLplot's cairo drivers: the same titles, axis units and
 * legends as the HTML report.
 */
#ifndef SIM_REPORT_FIGURES_H
#define SIM_REPORT_FIGURES_H

#include "sim/core/status.h"

enum figure_format { FIGURE_SVG, FIGURE_PNG, FIGURE_PDF };

/* Reads "svg", "png" or "pdf" into *fmt; -1 for anything else. */
int figure_format_parse(const char *name, enum figure_format *fmt);

/*
 * Whether the figures can be drawn from h5_path: SIM_OK, or SIM_ERR_IO with
 * a message in err naming what the file is when it holds tables only (a
 * calibration ensemble, whose report is a page of tables), so that the
 * command refuses before writing anything.  A file that cannot be read is
 * left to report_figures_write to name.
 */
sim_status report_figures_check(const char *h5_path, char *err);

/*
 * Writes each chart of the HDF5 file h5_path as DIR/NAME.svg (or .png,
 * .pdf), creating dir if needed; *count gets the number of files.  Each
 * file is written under a temporary name and renamed into place.  A failure
 * names the file and what went wrong.
 */
sim_status report_figures_write(const char *h5_path, const char *dir,
                                enum figure_format fmt, int *count,
                                char *err);

#endif
