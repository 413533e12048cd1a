/*
 * h5json.h - an HDF5 file of alliance-sim as one JSON object, for the report.
 *
 * The object is {"attrs": {root attributes}, "datasets": {"/path": {"shape":
 * [...], "attrs": {...}, "data": [...]}}}: every dataset of a numeric or
 * string type with its numeric and string attributes, data flattened in row
 * order.  Numbers are written in the shortest form that reads back to the
 * same double, infinities as 1e999 and -1e999 (which JSON.parse reads as
 * Infinity and -Infinity) and NaN as null; integer attributes exactly.  The
 * text is safe inside an HTML <script> element: '<', '>' and '&' are
 * escaped.  Compound datasets and reference attributes (dimension lists)
 * are left out.
 */
#ifndef SIM_H5JSON_H
#define SIM_H5JSON_H

#include <stddef.h>
#include <stdio.h>

#include <hdf5.h>

#include "sim/core/status.h"

struct h5json_options {
    /* Groups whose datasets are left out (the full (replicate, month)
     * record: "monthly", "control/monthly"), without leading '/'. */
    const char *const *skip_groups;
    size_t n_skip;
    /* A dataset with more rows (first dimension) than this is thinned to
     * every k-th row, k the smallest that keeps at most max_rows; its entry
     * then says "stride": k and "rows": the rows in the file.  0: no limit. */
    hsize_t max_rows;
};

/* Writes the JSON of the open file fid to out.  SIM_ERR_IO with a message
 * naming path on a read or write failure. */
sim_status h5json_write(FILE *out, hid_t fid, const char *path,
                        const struct h5json_options *o, char *err);

/* Writes s as a JSON string (quoted, escaped, safe inside <script>). */
void h5json_string(FILE *out, const char *s);

/* Writes x in the shortest form that reads back to x: 1e999 or -1e999 for
 * an infinity, null for NaN. */
void h5json_number(FILE *out, double x);

#endif
