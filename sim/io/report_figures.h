/*
 * report_figures.h - the report's charts as files for papers (SVG, PNG or
 * PDF), drawn with PLplot's cairo drivers: the same titles, axis units and
 * legends as the HTML report.
 */
#ifndef SIM_REPORT_FIGURES_H
#define SIM_REPORT_FIGURES_H

#include <stddef.h>

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

/*
 * A figure's numbered axis: the interval between its ticks, the power of
 * ten they are written in (1, 1e3 or 1e6: ticks of ten thousand and more in
 * thousands, of a million and more in millions) and their decimals.
 */
struct figure_axis {
    double step;
    double factor;
    int decimals;
};

/* The axis of the window [vmin, vmax]: PLplot's interval (3 to 8 ticks),
 * the factor from the larger end's magnitude. */
void figure_axis_scale(double vmin, double vmax, struct figure_axis *a);

/* What the axis title adds for the factor: ", en milliers (in
 * thousands)", ", en millions (in millions)" or "". */
const char *figure_axis_factor(const struct figure_axis *a);

/* A tick's label as the page writes its axes' (Chart.js, fr-FR): value
 * over the factor, a decimal comma, a narrow no-break space (U+202F)
 * between thousands, a hyphen-minus, and 0 as "0". */
void figure_tick_label(const struct figure_axis *a, double value, char *buf,
                       size_t len);

#endif
