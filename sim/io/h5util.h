/*
 * h5util.h - small HDF5 helpers shared by the run and sweep writers.
 *
 * Every function returns a negative value (herr_t / hid_t) or NULL-like
 * H5I_INVALID_HID on failure and closes whatever it opened itself.  Strings
 * are written as variable-length UTF-8 (h5py reads them as str).
 */
#ifndef SIM_H5UTIL_H
#define SIM_H5UTIL_H

#include <stddef.h>

#include <hdf5.h>

#include "models/model.h"
#include "sim/core/status.h"

/* Scalar string, numeric and string-array attributes on loc. */
herr_t h5u_attr_string(hid_t loc, const char *name, const char *value);
herr_t h5u_attr_numbers(hid_t loc, const char *name, hid_t mem_type,
                        hid_t file_type, const void *values, hsize_t count,
                        int scalar);
herr_t h5u_attr_long(hid_t loc, const char *name, long value);
herr_t h5u_attr_double(hid_t loc, const char *name, double value);
herr_t h5u_attr_strings(hid_t loc, const char *name,
                        const char *const *values, hsize_t count);

/* A 1-D int64 dataset first, first+1, ... made a dimension scale; returns
 * the open dataset (caller closes) or H5I_INVALID_HID. */
hid_t h5u_index_scale(hid_t loc, const char *name, long first, long count,
                      const char *units, const char *description);

/* A 1-D int64 dataset of values[count] made a dimension scale; returns the
 * open dataset (caller closes) or H5I_INVALID_HID. */
hid_t h5u_long_scale(hid_t loc, const char *name, const long *values,
                     long count, const char *units, const char *description);

/* A 1-D string dataset with its description; returns the open dataset
 * (caller closes) or H5I_INVALID_HID. */
hid_t h5u_strings(hid_t loc, const char *name, const char *const *values,
                  size_t count, const char *description);

/* A 1-D string dataset made a dimension scale; returns the open dataset. */
hid_t h5u_string_scale(hid_t loc, const char *name, const char *const *values,
                       size_t count, const char *description);

/* Attaches the dimension scale `scale` to dimension dim of loc/dataset. */
herr_t h5u_attach(hid_t loc, const char *dataset, hid_t scale, unsigned dim);

/* A float64 dataset of rank 1 to 4 with units (NULL: none, for a table
 * whose entries differ in unit: see h5u_entry_units) and description;
 * intermediate groups in name ("sobol/S1") are created. */
herr_t h5u_write_array(hid_t loc, const char *name, int rank,
                       const hsize_t *dims, const double *values,
                       const char *units, const char *description);

/*
 * A group `name` of loc holding every numeric setting of tables[0 ..
 * n_tables) (sizes[t] entries each, values read from the struct at
 * bases[t]; a NULL table is skipped), as netCDF-4 readers take it (no
 * compound type): the scale `parameter` (paths), `value` in each entry's
 * unit, `unit` and `source` along it, and the group's description.
 */
herr_t h5u_parameter_table(hid_t loc, const char *name,
                           const char *description, int n_tables,
                           const struct param_desc *const *tables,
                           const size_t *sizes, const void *const *bases);

/* The same for an int64 dataset of values (counts, indices, flags). */
herr_t h5u_write_longs(hid_t loc, const char *name, int rank,
                       const hsize_t *dims, const long *values,
                       const char *units, const char *description);

/*
 * Marks loc/dataset as a table whose entries differ in unit (a parameter
 * table, a sweep's outputs): no single CF `units` can describe it, so it
 * has none, and its attribute `entry_units` names the string variable, in
 * its group or a parent, that holds the unit of each entry along
 * dimension dim (attribute `entry_units_dimension`).
 */
herr_t h5u_entry_units(hid_t loc, const char *dataset, const char *variable,
                       long dim);

/* A string variable loc/name along the dimension `scale` (attached as
 * its dimension 0): the unit of each entry of the tables whose entries
 * differ in unit, which name it through h5u_entry_units. */
herr_t h5u_unit_variable(hid_t loc, const char *name,
                         const char *const *units, size_t n,
                         const char *description, hid_t scale);

/*
 * A float64 dataset loc/name of rank dims, chunked by chunk and, with a
 * deflate level above 0, shuffled then deflated (the filters
 * h5u_pack_chunk applies, in that order), carrying var's attributes
 * (h5u_var_attrs) and the dimension scales scales[0 .. rank).  The open
 * dataset, or H5I_INVALID_HID on an HDF5 error (nothing left open).
 */
hid_t h5u_create_packed(hid_t loc, const struct var_desc *var, int rank,
                        const hsize_t *dims, const hsize_t *chunk,
                        int deflate_level, const hid_t *scales);

/* A model variable's attributes on dset: `units`, `long_name` (its label,
 * French with the English gloss), `description` and `kind` (stock, flow
 * or ratio, said in words), as every dataset of a variable carries them. */
herr_t h5u_var_attrs(hid_t dset, const struct var_desc *var);

/* Writes the whole of dset from buf, with a type-conversion buffer sized
 * for small datasets (strings, compounds): HDF5's default zeroes 2 MiB per
 * converting write, which cost a run more than its summaries. */
herr_t h5u_write_all(hid_t dset, hid_t mem_type, const void *buf);

struct libdeflate_compressor;

/*
 * One chunk of doubles as HDF5's shuffle then deflate filters store it
 * (for H5Dwrite_chunk): the first n of values, zero-padded to a chunk of
 * chunk_n, byte-shuffled into shuffled (chunk_n * 8 bytes) and deflated in
 * zlib format into out (out_cap bytes, libdeflate_zlib_compress_bound of
 * the chunk's bytes).  Returns the packed size, 0 on failure.  The padding
 * lies beyond the dataset's extent: readers never see it.
 */
size_t h5u_pack_chunk(struct libdeflate_compressor *compressor,
                      const double *values, size_t n, size_t chunk_n,
                      unsigned char *shuffled, unsigned char *out,
                      size_t out_cap);

/* Creates the missing parent directories of path; -1 with a message. */
int h5u_mkdir_parents(const char *path, char *err);

/* The current UTC time, ISO 8601, into buf. */
void h5u_iso_time_now(char *buf, size_t len);

/* fsync of a path opened with flags; 0 on success. */
int h5u_fsync_path(const char *path, int flags);

/*
 * Checks, before any work, that path can be an output file that a rename
 * puts in place: not empty, not ending in '/', and not an existing
 * directory or other non-regular file (a rename would fail only at the end,
 * or replace a device such as /dev/null).  -1 with a message naming what.
 */
int h5u_check_target(const char *path, const char *what, char *err);

/*
 * Creates a new HDF5 file (access properties fapl) as a temporary of output
 * (outfile.h: a fresh name, opened with H5F_ACC_EXCL so that nothing already
 * at a name is followed or truncated; another name is tried instead).
 * Returns the file and its name in tmp; H5I_INVALID_HID with a message
 * naming output in err, leaving no file behind.
 */
hid_t h5u_create_tmp(const char *output, hid_t fapl, char *tmp, size_t len,
                     char *err);

/* Syncs the directory that holds path (best effort: a new name in it then
 * survives a crash). */
void h5u_fsync_dir_of(const char *path);

/* Syncs tmp, renames it to final and syncs final's directory.  When
 * interrupted (may be NULL) says so once tmp is synced, nothing is renamed:
 * a Ctrl-C during a long sync still leaves the old file. */
sim_status h5u_commit(const char *tmp, const char *final,
                      int (*interrupted)(void), char *err);

#endif
