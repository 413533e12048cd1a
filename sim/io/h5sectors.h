/*
 * h5sectors.h - a territory's sector quantities as arrays with a sector
 * dimension: /sectors/<quantity> (replicate, month, sector) for the balance
 * sheet, /sectors/tfm_eur (replicate, month, tfm_row, sector) for the
 * transactions-flow matrix.  They are HDF5 virtual datasets over the
 * (replicate, month) datasets of /monthly, so they take no space and hold
 * the same bits; written when /monthly holds every sector of the quantity.
 */
#ifndef SIM_H5SECTORS_H
#define SIM_H5SECTORS_H

#include <hdf5.h>

#include "models/model.h"

/*
 * The views of the quantities whose every sector keep[] marks (NULL: all),
 * in a group `sectors` of parent, mapped onto the datasets of monthly;
 * replicate_scale and month_scale are the record's dimension scales.  Does
 * nothing for a model other than the territory.  0, or -1 on an HDF5 error.
 */
herr_t h5sectors_write(hid_t parent, hid_t monthly,
                       const struct model_type *model,
                       const unsigned char *keep, hid_t replicate_scale,
                       hid_t month_scale, hsize_t replicates, hsize_t months);

#endif
