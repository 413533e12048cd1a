/*
 * report_assets.h - the files the HTML report inlines, built into the
 * binary by sim/io/embed.sh: Chart.js (Debian's libjs-chart.js), the
 * report's script (report.js) and style sheet (report.css).  Each array
 * ends with a NUL after its _len bytes.
 */
#ifndef SIM_REPORT_ASSETS_H
#define SIM_REPORT_ASSETS_H

#include <stddef.h>

extern const unsigned char report_chartjs[];
extern const size_t report_chartjs_len;
extern const unsigned char report_script[];
extern const size_t report_script_len;
extern const unsigned char report_style[];
extern const size_t report_style_len;

#endif
