/*
 * report_html.h - the report of an alliance-sim HDF5 file as one
 * self-contained HTML page.
 *
 * The page inlines everything it uses (Chart.js, its script, its style and
 * the file's data as JSON): it opens offline and requests nothing from the
 * network.  It reads the files of `run`, `compare`, `sweep` and
 * `sensitivity`, and shows what each holds: fan charts of the monthly bands,
 * survival, funding mix, horizon matrix and rules for a run; both arms and
 * the comparison metrics for a comparison; scatter and parallel coordinates
 * for a sweep; Sobol indices and Morris screening for a sensitivity
 * analysis.
 */
#ifndef SIM_REPORT_HTML_H
#define SIM_REPORT_HTML_H

#include "sim/core/status.h"

/* Rows of a sweep's design shown in the report; larger designs are thinned
 * to every k-th row (the page says so). */
#define REPORT_MAX_ROWS 2000

/*
 * Writes the report of the HDF5 file h5_path to html_path: written beside
 * it under a unique temporary name and renamed into place when complete,
 * so an existing html_path is replaced only by a whole report.  SIM_ERR_IO
 * or SIM_ERR_HDF5 with a message naming the file on failure.
 */
sim_status report_html_write(const char *h5_path, const char *html_path,
                             char *err);

/* The default report path of h5_path: its name with .html for .h5 (or
 * .html appended), into buf of len bytes; -1 when it does not fit. */
int report_html_default_path(const char *h5_path, char *buf, size_t len);

#endif
