#include "h5read.h"

#include <stdlib.h>
#include <string.h>

#include "sim/core/alloc.h"

char **h5read_strings(hid_t obj, int is_attr, hid_t ftype, hid_t space,
                           size_t n)
{
    char **strs = sim_calloc(n + 1, sizeof *strs);
    if (strs == NULL)
        return NULL;
    hid_t mtype = H5Tcopy(H5T_C_S1);
    int ok = mtype >= 0;
    if (ok && H5Tis_variable_str(ftype) > 0) {
        ok = H5Tset_size(mtype, H5T_VARIABLE) >= 0 &&
             H5Tset_cset(mtype, H5Tget_cset(ftype)) >= 0;
        char **raw = ok ? sim_calloc(n ? n : 1, sizeof *raw) : NULL;
        ok = ok && raw != NULL &&
             (is_attr ? H5Aread(obj, mtype, raw)
                      : H5Dread(obj, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                raw)) >= 0;
        for (size_t i = 0; ok && i < n; i++) {
            strs[i] = strdup(raw[i] ? raw[i] : "");
            ok = strs[i] != NULL;
        }
        if (raw != NULL && ok)
            H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, raw);
        sim_free(raw);
    } else if (ok) {
        size_t size = H5Tget_size(ftype);
        ok = size > 0 && H5Tset_size(mtype, size + 1) >= 0;
        char *raw = ok ? sim_calloc(n ? n : 1, size + 1) : NULL;
        ok = ok && raw != NULL &&
             (is_attr ? H5Aread(obj, mtype, raw)
                      : H5Dread(obj, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                raw)) >= 0;
        for (size_t i = 0; ok && i < n; i++) {
            strs[i] = strndup(raw + i * (size + 1), size);
            ok = strs[i] != NULL;
        }
        sim_free(raw);
    }
    if (mtype >= 0)
        H5Tclose(mtype);
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            free(strs[i]);
        sim_free(strs);
        return NULL;
    }
    return strs;
}

void h5read_strings_free(char **strs)
{
    for (size_t i = 0; strs && strs[i]; i++)
        free(strs[i]);
    sim_free(strs);
}

int h5read_exists(hid_t fid, const char *path)
{
    /* H5Lexists fails on a missing intermediate group: check each prefix. */
    char buf[1024];
    size_t len = strlen(path);
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        int e = H5Lexists(fid, buf, H5P_DEFAULT) > 0;
        buf[i] = saved;
        if (!e)
            return 0;
    }
    return 1;
}

double *h5read_doubles(hid_t fid, const char *path, int *rank,
                       size_t dims[4])
{
    if (!h5read_exists(fid, path))
        return NULL;
    hid_t d = H5Dopen2(fid, path, H5P_DEFAULT);
    hid_t space = d >= 0 ? H5Dget_space(d) : H5I_INVALID_HID;
    int r = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    hsize_t hd[4] = {1, 1, 1, 1};
    double *v = NULL;
    if (r >= 0 && r <= 4 && H5Sget_simple_extent_dims(space, hd, NULL) >= 0) {
        size_t n = 1;
        for (int i = 0; i < r; i++)
            n *= (size_t)hd[i];
        v = sim_calloc(n ? n : 1, sizeof *v);
        if (v != NULL && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                 H5P_DEFAULT, v) < 0) {
            sim_free(v);
            v = NULL;
        }
        *rank = r;
        for (int i = 0; i < 4; i++)
            dims[i] = i < r ? (size_t)hd[i] : 1;
    }
    if (space >= 0)
        H5Sclose(space);
    if (d >= 0)
        H5Dclose(d);
    return v;
}

char **h5read_strings_at(hid_t fid, const char *path, const char *attr,
                         size_t *n)
{
    if (!h5read_exists(fid, path))
        return NULL;
    hid_t obj = attr ? H5Oopen(fid, path, H5P_DEFAULT)
                     : H5Dopen2(fid, path, H5P_DEFAULT);
    hid_t a = attr && obj >= 0 && H5Aexists(obj, attr) > 0
                  ? H5Aopen(obj, attr, H5P_DEFAULT)
                  : H5I_INVALID_HID;
    hid_t src = attr ? a : obj;
    hid_t ftype = src >= 0 ? (attr ? H5Aget_type(src) : H5Dget_type(src))
                           : H5I_INVALID_HID;
    hid_t space = src >= 0 ? (attr ? H5Aget_space(src) : H5Dget_space(src))
                           : H5I_INVALID_HID;
    char **s = NULL;
    if (ftype >= 0 && space >= 0 && H5Tget_class(ftype) == H5T_STRING) {
        hssize_t np = H5Sget_simple_extent_npoints(space);
        if (np >= 0) {
            *n = (size_t)np;
            s = h5read_strings(src, attr != NULL, ftype, space, *n);
        }
    }
    if (space >= 0)
        H5Sclose(space);
    if (ftype >= 0)
        H5Tclose(ftype);
    if (a >= 0)
        H5Aclose(a);
    if (obj >= 0)
        (attr ? H5Oclose(obj) : H5Dclose(obj));
    return s;
}
