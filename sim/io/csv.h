/*
 * csv.h - CSV files that a spreadsheet takes (RFC 4180), written as every
 * output is: to a temporary beside the file (outfile.h), renamed into place
 * only once complete.
 *
 * Rows end in CRLF; a field holding a comma, a double quote, CR or LF is
 * quoted and its quotes doubled; numbers are written in the shortest form
 * that reads back to the same double (sim/core/numtext.h), a non-finite one as
 * an empty field.  The first row is a header; the callers put units in it or in
 * a column of their own.
 */
#ifndef SIM_CSV_H
#define SIM_CSV_H

#include "sim/core/status.h"

struct csv_writer;

/* Creates a temporary of path and opens it for writing.  NULL with a
 * message naming path in err; nothing is left behind then. */
struct csv_writer *csv_writer_new(const char *path, char *err);

/* Appends a text field to the current row, quoted when it needs it. */
void csv_text(struct csv_writer *w, const char *s);

/* Appends n text fields, as csv_text each (a header's names). */
void csv_texts(struct csv_writer *w, const char *const *texts, size_t n);

/* Appends a number field (empty when x is NaN or infinite). */
void csv_number(struct csv_writer *w, double x);

/* Appends an integer field. */
void csv_integer(struct csv_writer *w, long x);

/* Ends the current row. */
void csv_end_row(struct csv_writer *w);

/*
 * Closes the temporary, syncs it and renames it to the path given to
 * csv_writer_new.  SIM_ERR_IO with a message naming that path on any write
 * error along the way (the old file, if any, is then left as it was).  The
 * writer must still be freed.
 */
sim_status csv_writer_commit(struct csv_writer *w, char *err);

/* Frees w and removes its temporary unless it was committed.  NULL is
 * allowed. */
void csv_writer_free(struct csv_writer *w);

/* Writes into csv (len bytes) the path of the CSV beside an HDF5 output:
 * FILE.h5 -> FILE{suffix}.csv (suffix may be ""); -1 if it does not fit. */
int csv_path_beside(const char *h5, const char *suffix, char *csv, size_t len);

#endif
