/*
 * h5read.h - reading back what alliance-sim wrote: whole datasets as
 * doubles, strings of datasets and attributes (variable-length or fixed).
 * Used by the report; every function closes what it opened.
 */
#ifndef SIM_H5READ_H
#define SIM_H5READ_H

#include <stddef.h>

#include <hdf5.h>

/* The n strings of obj (an attribute when is_attr, else a dataset) of file
 * type ftype and space space, as a NULL-terminated array of heap strings
 * to free with h5read_strings_free; NULL on failure. */
char **h5read_strings(hid_t obj, int is_attr, hid_t ftype, hid_t space,
                      size_t n);

/* Frees what h5read_strings returned (NULL does nothing). */
void h5read_strings_free(char **strs);

/* The dataset at path as doubles in row order (caller frees with
 * sim_free), its rank in *rank and its dimensions in dims (up to 4); NULL
 * when it is missing, of higher rank or unreadable. */
double *h5read_doubles(hid_t fid, const char *path, int *rank,
                       size_t dims[4]);

/* The strings of the dataset at path (or of its attribute attr when attr
 * is not NULL), *n of them; NULL when missing or unreadable. */
char **h5read_strings_at(hid_t fid, const char *path, const char *attr,
                         size_t *n);

/* Whether fid has a link at path (every group on the way existing). */
int h5read_exists(hid_t fid, const char *path);

#endif
