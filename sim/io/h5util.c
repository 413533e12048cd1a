#include "h5util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5_hl.h>
#include <libdeflate.h>

#include "outfile.h"
#include "sim/core/alloc.h"


herr_t h5u_attr_string(hid_t loc, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5I_INVALID_HID;
    herr_t st = -1;
    if (type < 0 || space < 0)
        goto done;
    if (H5Tset_size(type, H5T_VARIABLE) < 0 ||
        H5Tset_cset(type, H5T_CSET_UTF8) < 0)
        goto done;
    attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0)
        goto done;
    st = H5Awrite(attr, type, &value);
done:
    if (attr >= 0)
        H5Aclose(attr);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return st;
}

herr_t h5u_attr_numbers(hid_t loc, const char *name, hid_t mem_type,
                           hid_t file_type, const void *values, hsize_t count,
                           int scalar)
{
    hid_t space =
        scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &count, NULL);
    hid_t attr = H5I_INVALID_HID;
    herr_t st = -1;
    if (space < 0)
        return -1;
    attr = H5Acreate2(loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0)
        st = H5Awrite(attr, mem_type, values);
    if (attr >= 0)
        H5Aclose(attr);
    H5Sclose(space);
    return st;
}

herr_t h5u_attr_long(hid_t loc, const char *name, long value)
{
    return h5u_attr_numbers(loc, name, H5T_NATIVE_LONG, H5T_STD_I64LE, &value, 1,
                        1);
}

herr_t h5u_attr_double(hid_t loc, const char *name, double value)
{
    return h5u_attr_numbers(loc, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &value, 1,
                        1);
}

/* A string-array attribute (variable-length UTF-8). */
herr_t h5u_attr_strings(hid_t loc, const char *name,
                           const char *const *values, hsize_t count)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    hid_t space = H5Screate_simple(1, &count, NULL);
    hid_t attr = H5I_INVALID_HID;
    herr_t st = -1;
    if (type < 0 || space < 0)
        goto done;
    if (H5Tset_size(type, H5T_VARIABLE) < 0 ||
        H5Tset_cset(type, H5T_CSET_UTF8) < 0)
        goto done;
    attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0)
        st = H5Awrite(attr, type, values);
done:
    if (attr >= 0)
        H5Aclose(attr);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return st;
}

#define H5U_CONVERSION_BYTES (64 * 1024)

herr_t h5u_write_all(hid_t dset, hid_t mem_type, const void *buf)
{
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    if (dxpl < 0)
        return -1;
    /* HDF5 converts at least one element at a time. */
    size_t bytes = H5U_CONVERSION_BYTES;
    hid_t file_type = H5Dget_type(dset);
    if (file_type >= 0) {
        size_t size = H5Tget_size(file_type);
        bytes = size > bytes ? size : bytes;
        H5Tclose(file_type);
    }
    size_t mem_size = H5Tget_size(mem_type);
    bytes = mem_size > bytes ? mem_size : bytes;
    herr_t st = H5Pset_buffer(dxpl, bytes, NULL, NULL);
    if (st >= 0)
        st = H5Dwrite(dset, mem_type, H5S_ALL, H5S_ALL, dxpl, buf);
    H5Pclose(dxpl);
    return st;
}

hid_t h5u_long_scale(hid_t loc, const char *name, const long *values,
                     long count, const char *units, const char *description)
{
    hsize_t dims = (hsize_t)count;
    hid_t space = H5Screate_simple(1, &dims, NULL);
    hid_t dset = H5I_INVALID_HID;
    if (space < 0)
        return H5I_INVALID_HID;
    dset = H5Dcreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                      H5P_DEFAULT);
    H5Sclose(space);
    if (dset < 0)
        return H5I_INVALID_HID;
    if (h5u_write_all(dset, H5T_NATIVE_LONG, values) < 0 ||
        H5DSset_scale(dset, name) < 0 ||
        h5u_attr_string(dset, "units", units) < 0 ||
        h5u_attr_string(dset, "description", description) < 0) {
        H5Dclose(dset);
        return H5I_INVALID_HID;
    }
    return dset;
}

/* A 1-D int64 dataset holding first, first+1, ... made a dimension scale. */
hid_t h5u_index_scale(hid_t loc, const char *name, long first, long count,
                      const char *units, const char *description)
{
    long *values = sim_calloc((size_t)count, sizeof *values);
    if (values == NULL)
        return H5I_INVALID_HID;
    for (long i = 0; i < count; i++)
        values[i] = first + i;
    hid_t dset = h5u_long_scale(loc, name, values, count, units, description);
    sim_free(values);
    return dset;
}

/* mkdir that accepts an existing directory, but not an existing file. */
static int make_one_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int h5u_mkdir_parents(const char *path, char *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (make_one_dir(dir) != 0)
            goto fail;
        *p = '/';
    }
    if (make_one_dir(dir) != 0)
        goto fail;
    return 0;
fail:
    sim_fail(err, SIM_ERR_IO, "%s: cannot create directory '%s': %s", path, dir,
             strerror(errno));
    return -1;
}

void h5u_iso_time_now(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm_utc;
    gmtime_r(&now, &tm_utc);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
}

/* A float64 dataset of rank 1 to 3 with units and description. */
static herr_t write_typed(hid_t loc, const char *name, int rank,
                          const hsize_t *dims, hid_t file_type,
                          hid_t mem_type, const void *values,
                          const char *units, const char *description)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    hid_t dset = H5I_INVALID_HID;
    herr_t st = -1;
    if (space < 0 || lcpl < 0 || H5Pset_create_intermediate_group(lcpl, 1) < 0)
        goto done;
    dset = H5Dcreate2(loc, name, file_type, space, lcpl, H5P_DEFAULT,
                      H5P_DEFAULT);
    if (dset >= 0 &&
        h5u_write_all(dset, mem_type, values) >= 0 &&
        (units == NULL || h5u_attr_string(dset, "units", units) >= 0) &&
        h5u_attr_string(dset, "description", description) >= 0)
        st = 0;
done:
    if (dset >= 0)
        H5Dclose(dset);
    if (lcpl >= 0)
        H5Pclose(lcpl);
    if (space >= 0)
        H5Sclose(space);
    return st;
}

herr_t h5u_write_array(hid_t loc, const char *name, int rank,
                       const hsize_t *dims, const double *values,
                       const char *units, const char *description)
{
    return write_typed(loc, name, rank, dims, H5T_IEEE_F64LE,
                       H5T_NATIVE_DOUBLE, values, units, description);
}

herr_t h5u_write_longs(hid_t loc, const char *name, int rank,
                       const hsize_t *dims, const long *values,
                       const char *units, const char *description)
{
    return write_typed(loc, name, rank, dims, H5T_STD_I64LE, H5T_NATIVE_LONG,
                       values, units, description);
}

herr_t h5u_parameter_table(hid_t loc, const char *name,
                           const char *description, int n_tables,
                           const struct param_desc *const *tables,
                           const size_t *sizes, const void *const *bases)
{
    size_t n = 0;
    for (int t = 0; t < n_tables; t++)
        for (size_t i = 0; tables[t] != NULL && i < sizes[t]; i++)
            if (param_is_numeric(&tables[t][i]))
                n++;
    double *values = sim_calloc(n, sizeof *values);
    const char **paths = sim_calloc(n, sizeof *paths);
    const char **units = sim_calloc(n, sizeof *units);
    const char **sources = sim_calloc(n, sizeof *sources);
    hsize_t dims[1] = {(hsize_t)n};
    hid_t group = H5I_INVALID_HID, scale = H5I_INVALID_HID,
          unit = H5I_INVALID_HID, source = H5I_INVALID_HID;
    herr_t st = -1;
    if (values == NULL || paths == NULL || units == NULL || sources == NULL)
        goto done;
    size_t k = 0;
    for (int t = 0; t < n_tables; t++)
        for (size_t i = 0; tables[t] != NULL && i < sizes[t]; i++)
            if (param_is_numeric(&tables[t][i])) {
                paths[k] = tables[t][i].path;
                values[k] = param_get_number(&tables[t][i], bases[t]);
                units[k] = tables[t][i].unit;
                sources[k] = tables[t][i].source;
                k++;
            }
    group = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0 || h5u_attr_string(group, "description", description) < 0)
        goto done;
    scale = h5u_string_scale(group, "parameter", paths, n,
                             "the parameter's path in the scenario");
    unit = h5u_strings(group, "unit", units, n, "unit of each value");
    source = h5u_strings(group, "source", sources, n,
                         "where each default comes from");
    if (scale < 0 || unit < 0 || source < 0 ||
        h5u_write_array(group, "value", 1, dims, values, NULL,
                        "the parameter's value, in its unit (unit)") < 0 ||
        h5u_entry_units(group, "value", "unit", 0) < 0 ||
        h5u_attach(group, "value", scale, 0) < 0 ||
        H5DSattach_scale(unit, scale, 0) < 0 ||
        H5DSattach_scale(source, scale, 0) < 0)
        goto done;
    st = 0;
done:
    if (source >= 0)
        H5Dclose(source);
    if (unit >= 0)
        H5Dclose(unit);
    if (scale >= 0)
        H5Dclose(scale);
    if (group >= 0)
        H5Gclose(group);
    sim_free(values);
    sim_free(paths);
    sim_free(units);
    sim_free(sources);
    return st;
}

size_t h5u_pack_chunk(struct libdeflate_compressor *compressor,
                      const double *values, size_t n, size_t chunk_n,
                      unsigned char *shuffled, unsigned char *out,
                      size_t out_cap)
{
    const unsigned char *src = (const unsigned char *)values;
    for (size_t byte = 0; byte < sizeof(double); byte++) {
        unsigned char *dst = shuffled + byte * chunk_n;
        for (size_t i = 0; i < n; i++)
            dst[i] = src[i * sizeof(double) + byte];
        memset(dst + n, 0, chunk_n - n);
    }
    /* zlib format, as HDF5's deflate filter reads it; libdeflate compresses
     * about twice as fast as zlib at level 1. */
    return libdeflate_zlib_compress(compressor, shuffled,
                                    chunk_n * sizeof(double), out, out_cap);
}

int h5u_fsync_path(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0)
        return -1;
    int st = fsync(fd);
    close(fd);
    return st;
}


hid_t h5u_strings(hid_t loc, const char *name, const char *const *values,
                  size_t count, const char *description)
{
    hsize_t dims = (hsize_t)count;
    hid_t type = H5Tcopy(H5T_C_S1);
    hid_t space = H5Screate_simple(1, &dims, NULL);
    hid_t dset = H5I_INVALID_HID;
    if (type < 0 || space < 0 || H5Tset_size(type, H5T_VARIABLE) < 0 ||
        H5Tset_cset(type, H5T_CSET_UTF8) < 0)
        goto fail;
    dset = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT,
                      H5P_DEFAULT);
    if (dset < 0 || h5u_write_all(dset, type, values) < 0 ||
        h5u_attr_string(dset, "description", description) < 0)
        goto fail;
    H5Sclose(space);
    H5Tclose(type);
    return dset;
fail:
    if (dset >= 0)
        H5Dclose(dset);
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return H5I_INVALID_HID;
}

hid_t h5u_string_scale(hid_t loc, const char *name, const char *const *values,
                       size_t count, const char *description)
{
    hid_t dset = h5u_strings(loc, name, values, count, description);
    if (dset >= 0 && H5DSset_scale(dset, name) < 0) {
        H5Dclose(dset);
        return H5I_INVALID_HID;
    }
    return dset;
}

int h5u_check_target(const char *path, const char *what, char *err)
{
    size_t len = strlen(path);
    if (len == 0) {
        sim_fail(err, SIM_ERR_USAGE, "%s: expected a file name, got an empty "
                                     "path", what);
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    struct stat target;
    if (path[len - 1] == '/' || strcmp(base, ".") == 0 ||
        strcmp(base, "..") == 0 ||
        (stat(path, &target) == 0 && S_ISDIR(target.st_mode))) {
        sim_fail(err, SIM_ERR_IO, "%s: names a directory; expected a file name "
                                  "(%s)", path, what);
        return -1;
    }
    if (lstat(path, &target) == 0 && !S_ISREG(target.st_mode) &&
        !S_ISLNK(target.st_mode)) {
        sim_fail(err, SIM_ERR_IO, "%s: not a regular file; expected a file "
                                  "name (%s)", path, what);
        return -1;
    }
    return 0;
}

sim_status h5u_commit(const char *tmp, const char *final,
                      int (*interrupted)(void), char *err)
{
    if (h5u_fsync_path(tmp, O_RDONLY) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: fsync failed: %s", tmp,
                        strerror(errno));
    if (interrupted != NULL && interrupted())
        return sim_fail(err, SIM_ERR_IO, "interrupted: no output written to %s",
                        final);
    if (rename(tmp, final) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot rename into place: %s",
                        final, strerror(errno));
    h5u_fsync_dir_of(final);
    return SIM_OK;
}

void h5u_fsync_dir_of(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    h5u_fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

herr_t h5u_attach(hid_t loc, const char *dataset, hid_t scale, unsigned dim)
{
    hid_t d = H5Dopen2(loc, dataset, H5P_DEFAULT);
    if (d < 0)
        return -1;
    herr_t st = H5DSattach_scale(d, scale, dim);
    H5Dclose(d);
    return st;
}

hid_t h5u_create_tmp(const char *output, hid_t fapl, char *tmp, size_t len,
                     char *err)
{
    for (int attempt = 0; attempt < OUTFILE_TMP_ATTEMPTS; attempt++) {
        if (outfile_tmp_name(output, tmp, len, err) != 0)
            return H5I_INVALID_HID;
        errno = 0;
        hid_t file = H5Fcreate(tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl);
        if (file >= 0)
            return file;
        int saved = errno;
        if (saved == EEXIST)
            continue;
        /* The name was free (else EEXIST): whatever HDF5 left there, if
         * anything, is ours. */
        unlink(tmp);
        tmp[0] = '\0';
        sim_fail(err, SIM_ERR_IO, "%s: cannot create output file: %s", output,
                 saved != 0 ? strerror(saved) : "HDF5 refused to create it");
        return H5I_INVALID_HID;
    }
    tmp[0] = '\0';
    sim_fail(err, SIM_ERR_IO,
             "%s: cannot create output file: the %d temporary names tried "
             "beside it were all taken",
             output, OUTFILE_TMP_ATTEMPTS);
    return H5I_INVALID_HID;
}

herr_t h5u_entry_units(hid_t loc, const char *dataset, const char *variable,
                       long dim)
{
    hid_t d = H5Dopen2(loc, dataset, H5P_DEFAULT);
    if (d < 0)
        return -1;
    herr_t st = h5u_attr_string(d, "entry_units", variable);
    if (st >= 0)
        st = h5u_attr_long(d, "entry_units_dimension", dim);
    H5Dclose(d);
    return st;
}

herr_t h5u_unit_variable(hid_t loc, const char *name,
                         const char *const *units, size_t n,
                         const char *description, hid_t scale)
{
    hid_t d = h5u_strings(loc, name, units, n, description);
    if (d < 0)
        return -1;
    herr_t st = H5DSattach_scale(d, scale, 0);
    H5Dclose(d);
    return st;
}

static const char *var_kind_text(enum var_kind kind)
{
    switch (kind) {
    case VAR_STOCK:
        return "stock: value at month end";
    case VAR_FLOW:
        return "flow: total over the month";
    case VAR_RATIO:
        return "ratio of the month's flows";
    }
    return "?";
}

herr_t h5u_var_attrs(hid_t dset, const struct var_desc *var)
{
    if (h5u_attr_string(dset, "units", var->unit) < 0 ||
        h5u_attr_string(dset, "long_name", var->label) < 0 ||
        h5u_attr_string(dset, "description", var->description) < 0 ||
        h5u_attr_string(dset, "kind", var_kind_text(var->kind)) < 0)
        return -1;
    return 0;
}

hid_t h5u_create_packed(hid_t loc, const struct var_desc *var, int rank,
                        const hsize_t *dims, const hsize_t *chunk,
                        int deflate_level, const hid_t *scales)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t dset = H5I_INVALID_HID;
    int ok = space >= 0 && dcpl >= 0 && H5Pset_chunk(dcpl, rank, chunk) >= 0;
    if (ok && deflate_level > 0)
        ok = H5Pset_shuffle(dcpl) >= 0 &&
             H5Pset_deflate(dcpl, (unsigned)deflate_level) >= 0;
    if (ok)
        dset = H5Dcreate2(loc, var->name, H5T_IEEE_F64LE, space, H5P_DEFAULT,
                          dcpl, H5P_DEFAULT);
    ok = dset >= 0 && h5u_var_attrs(dset, var) >= 0;
    for (int d = 0; ok && d < rank; d++)
        ok = H5DSattach_scale(dset, scales[d], (unsigned)d) >= 0;
    if (!ok && dset >= 0) {
        H5Dclose(dset);
        dset = H5I_INVALID_HID;
    }
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    return dset;
}
