#include "h5sectors.h"

#include <math.h>
#include <stdio.h>

#include <hdf5_hl.h>

#include "h5util.h"
#include "models/territory.h"

/* Whether keep marks variables first .. first + n - 1 (keep NULL: all). */
static int all_kept(const unsigned char *keep, size_t first, size_t n)
{
    for (size_t v = first; keep != NULL && v < first + n; v++)
        if (!keep[v])
            return 0;
    return 1;
}

/*
 * A virtual dataset `name` of rank 3 (replicate, month, sector) or 4
 * (replicate, month, row, sector) whose cell [.., .., (row,) s] is the
 * (replicate, month) dataset monthly/<var first + row * sectors + s>.
 */
static herr_t view(hid_t group, const char *name, const char *monthly_path,
                   const struct model_type *m, size_t first, size_t rows,
                   const char *description, hsize_t replicates,
                   hsize_t months, const hid_t *scales)
{
    int rank = rows > 1 ? 4 : 3;
    hsize_t dims[4] = {replicates, months, rows, SECTOR_COUNT};
    if (rank == 3)
        dims[2] = SECTOR_COUNT;
    hsize_t plane[2] = {replicates, months};
    hid_t vspace = H5Screate_simple(rank, dims, NULL);
    hid_t sspace = H5Screate_simple(2, plane, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t dset = H5I_INVALID_HID;
    herr_t st = -1;
    double nan = NAN;
    if (vspace < 0 || sspace < 0 || dcpl < 0 ||
        H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan) < 0)
        goto done;
    for (size_t r = 0; r < rows; r++)
        for (size_t s = 0; s < SECTOR_COUNT; s++) {
            hsize_t start[4] = {0, 0, r, s}, count[4] = {replicates, months,
                                                         1, 1};
            if (rank == 3)
                start[2] = s;
            char source[512];
            snprintf(source, sizeof source, "%s/%s", monthly_path,
                     m->vars[first + r * SECTOR_COUNT + s].name);
            if (H5Sselect_hyperslab(vspace, H5S_SELECT_SET, start, NULL,
                                    count, NULL) < 0 ||
                H5Pset_virtual(dcpl, vspace, ".", source, sspace) < 0)
                goto done;
        }
    if (H5Sselect_all(vspace) < 0)
        goto done;
    dset = H5Dcreate2(group, name, H5T_IEEE_F64LE, vspace, H5P_DEFAULT, dcpl,
                      H5P_DEFAULT);
    if (dset < 0 ||
        h5u_attr_string(dset, "units", m->vars[first].unit) < 0 ||
        h5u_attr_string(dset, "description", description) < 0)
        goto done;
    for (int d = 0; d < rank; d++)
        if (H5DSattach_scale(dset, scales[d], (unsigned)d) < 0)
            goto done;
    st = 0;
done:
    if (dset >= 0)
        H5Dclose(dset);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sspace >= 0)
        H5Sclose(sspace);
    if (vspace >= 0)
        H5Sclose(vspace);
    return st;
}

herr_t h5sectors_write(hid_t parent, hid_t monthly,
                       const struct model_type *model,
                       const unsigned char *keep, hid_t replicate_scale,
                       hid_t month_scale, hsize_t replicates, hsize_t months)
{
    static const struct {
        const char *name;
        size_t first;
        size_t rows;
        const char *description;
    } quantities[] = {
        {"tfm_eur", TV_TFM, TFM_ROWS,
         "the transactions-flow matrix: each flow row by sector (a payment "
         "negative in the payer's column), EUR/month; every row and every "
         "column sums to zero; a view of /monthly/tfm_<row>_<sector>"},
        {"deposits_eur", TV_DEPOSITS, 1,
         "each sector's deposits (finance's: minus all the others'); a view "
         "of /monthly/deposits_<sector>"},
        {"loans_eur", TV_LOANS, 1,
         "each sector's loans (public action's debt negative, finance's "
         "claim positive); a view of /monthly/loans_<sector>"},
        {"net_worth_eur", TV_NET_WORTH, 1,
         "each sector's net worth; the seven sum to zero; a view of "
         "/monthly/net_worth_<sector>"},
    };
    if (model != &territory_model || monthly < 0)
        return 0;
    int any = 0;
    for (size_t q = 0; q < sizeof quantities / sizeof *quantities; q++)
        any |= all_kept(keep, quantities[q].first,
                        quantities[q].rows * SECTOR_COUNT);
    if (!any)
        return 0;
    char monthly_path[256];
    if (H5Iget_name(monthly, monthly_path, sizeof monthly_path) <= 0)
        return -1;
    herr_t st = -1;
    hid_t group = H5Gcreate2(parent, "sectors", H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT);
    hid_t sector = H5I_INVALID_HID, row = H5I_INVALID_HID;
    if (group < 0 ||
        h5u_attr_string(group, "description",
                        "the territory's sector quantities with a sector "
                        "dimension (replicate, month, [tfm_row,] sector): "
                        "virtual datasets over /monthly, same values") < 0)
        goto done;
    sector = h5u_string_scale(group, "sector", sector_names, SECTOR_COUNT,
                              "the seven socio-economic models");
    row = h5u_string_scale(group, "tfm_row", tfm_row_names, TFM_ROWS,
                           "the rows of the transactions-flow matrix");
    if (sector < 0 || row < 0)
        goto done;
    for (size_t q = 0; q < sizeof quantities / sizeof *quantities; q++) {
        if (!all_kept(keep, quantities[q].first,
                      quantities[q].rows * SECTOR_COUNT))
            continue;
        hid_t scales[4] = {replicate_scale, month_scale,
                           quantities[q].rows > 1 ? row : sector, sector};
        if (view(group, quantities[q].name, monthly_path, model,
                 quantities[q].first, quantities[q].rows,
                 quantities[q].description, replicates, months, scales) < 0)
            goto done;
    }
    st = 0;
done:
    if (row >= 0)
        H5Dclose(row);
    if (sector >= 0)
        H5Dclose(sector);
    if (group >= 0)
        H5Gclose(group);
    return st;
}
