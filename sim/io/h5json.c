#include "h5json.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "h5read.h"
#include "sim/core/alloc.h"
#include "sim/core/numtext.h"

void h5json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        /* Inside <script>, "</script>" or "<!--" would end or change the
         * element: the JSON never shows these characters raw. */
        case '<':
        case '>':
        case '&':
            fprintf(out, "\\u%04x", *p);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* JSON has no infinity.  A number beyond the doubles is one: JavaScript's
 * JSON.parse reads 1e999 as Infinity (and Python's json as inf), so the
 * report tells an infinite ratio from a missing one, which stays null. */
#define H5JSON_INFINITY "1e999"

void h5json_number(FILE *out, double x)
{
    char buf[SIM_REAL_TEXT_LEN];
    if (isinf(x))
        fputs(x > 0 ? H5JSON_INFINITY : "-" H5JSON_INFINITY, out);
    else
        fputs(sim_format_real(buf, x) ? buf : "null", out);
}

struct walk {
    FILE *out;
    const char *path;
    const struct h5json_options *o;
    char *err;
    sim_status status;
    int first;
};

/* Number of elements of space, and its rank and dimensions. */
static hssize_t space_shape(hid_t space, int *rank, hsize_t dims[8])
{
    int r = H5Sget_simple_extent_ndims(space);
    if (r < 0 || r > 8)
        return -1;
    if (H5Sget_simple_extent_dims(space, dims, NULL) < 0)
        return -1;
    *rank = r;
    return H5Sget_simple_extent_npoints(space);
}

static herr_t write_attr(hid_t loc, const char *name, const H5A_info_t *info,
                         void *data)
{
    (void)info;
    struct walk *w = data;
    hid_t attr = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t ftype = attr >= 0 ? H5Aget_type(attr) : H5I_INVALID_HID;
    hid_t space = attr >= 0 ? H5Aget_space(attr) : H5I_INVALID_HID;
    int rank = 0;
    hsize_t dims[8];
    hssize_t n = space >= 0 ? space_shape(space, &rank, dims) : -1;
    H5T_class_t cls = ftype >= 0 ? H5Tget_class(ftype) : H5T_NO_CLASS;
    herr_t ret = 0;
    if (n < 0 || (cls != H5T_INTEGER && cls != H5T_FLOAT &&
                  cls != H5T_STRING)) {
        /* References (dimension lists) and the like: not report data. */
        goto done;
    }
    int array = rank > 0;
    fputs(w->first ? "" : ",", w->out);
    w->first = 0;
    h5json_string(w->out, name);
    fputs(array ? ":[" : ":", w->out);
    size_t count = (size_t)n;
    if (cls == H5T_STRING) {
        char **strs = h5read_strings(attr, 1, ftype, space, count);
        if (strs == NULL) {
            ret = -1;
            goto done;
        }
        for (size_t i = 0; i < count; i++) {
            fputs(i ? "," : "", w->out);
            h5json_string(w->out, strs[i]);
        }
        h5read_strings_free(strs);
    } else if (cls == H5T_INTEGER) {
        /* Seeds are 64-bit: printed exactly, not through a double. */
        int is_signed = H5Tget_sign(ftype) != H5T_SGN_NONE;
        void *buf = sim_calloc(count ? count : 1, sizeof(int64_t));
        if (buf == NULL ||
            H5Aread(attr, is_signed ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64,
                    buf) < 0) {
            sim_free(buf);
            ret = -1;
            goto done;
        }
        for (size_t i = 0; i < count; i++) {
            if (is_signed)
                fprintf(w->out, "%s%" PRId64, i ? "," : "",
                        ((int64_t *)buf)[i]);
            else
                fprintf(w->out, "%s%" PRIu64, i ? "," : "",
                        ((uint64_t *)buf)[i]);
        }
        sim_free(buf);
    } else {
        double *buf = sim_calloc(count ? count : 1, sizeof *buf);
        if (buf == NULL || H5Aread(attr, H5T_NATIVE_DOUBLE, buf) < 0) {
            sim_free(buf);
            ret = -1;
            goto done;
        }
        for (size_t i = 0; i < count; i++) {
            fputs(i ? "," : "", w->out);
            h5json_number(w->out, buf[i]);
        }
        sim_free(buf);
    }
    if (array)
        fputc(']', w->out);
done:
    if (space >= 0)
        H5Sclose(space);
    if (ftype >= 0)
        H5Tclose(ftype);
    if (attr >= 0)
        H5Aclose(attr);
    return ret;
}

static int write_attrs(struct walk *w, hid_t obj)
{
    int saved = w->first;
    w->first = 1;
    fputc('{', w->out);
    hsize_t idx = 0;
    herr_t r = H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, write_attr,
                           w);
    fputc('}', w->out);
    w->first = saved;
    return r < 0 ? -1 : 0;
}

static int skipped(const struct walk *w, const char *name)
{
    for (size_t i = 0; i < w->o->n_skip; i++) {
        size_t len = strlen(w->o->skip_groups[i]);
        if (strncmp(name, w->o->skip_groups[i], len) == 0 &&
            (name[len] == '/' || name[len] == '\0'))
            return 1;
    }
    return 0;
}

static int write_dataset(struct walk *w, hid_t dset, const char *name)
{
    int ret = -1;
    hid_t ftype = H5Dget_type(dset);
    hid_t space = H5Dget_space(dset);
    int rank = 0;
    hsize_t dims[8];
    hssize_t n = space >= 0 ? space_shape(space, &rank, dims) : -1;
    H5T_class_t cls = ftype >= 0 ? H5Tget_class(ftype) : H5T_NO_CLASS;
    double *values = NULL;
    char **strs = NULL;
    if (n < 0)
        goto done;
    if (cls != H5T_INTEGER && cls != H5T_FLOAT && cls != H5T_STRING) {
        ret = 0; /* compound tables: described elsewhere in the file */
        goto done;
    }
    size_t count = (size_t)n;
    if (cls == H5T_STRING)
        strs = h5read_strings(dset, 0, ftype, space, count);
    else if ((values = sim_calloc(count ? count : 1, sizeof *values)) != NULL &&
             H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     values) < 0) {
        sim_free(values);
        values = NULL;
    }
    if (strs == NULL && values == NULL)
        goto done;

    size_t row_len = 1;
    for (int d = 1; d < rank; d++)
        row_len *= (size_t)dims[d];
    size_t rows = rank > 0 ? (size_t)dims[0] : 1;
    size_t stride = 1;
    if (w->o->max_rows > 0 && rank > 0 && rows > w->o->max_rows)
        stride = (rows + (size_t)w->o->max_rows - 1) / (size_t)w->o->max_rows;

    fputs(w->first ? "" : ",", w->out);
    w->first = 0;
    char key[1024];
    snprintf(key, sizeof key, "/%s", name);
    h5json_string(w->out, key);
    fputs(":{\"shape\":[", w->out);
    for (int d = 0; d < rank; d++) {
        hsize_t shown = d == 0 ? (dims[0] + stride - 1) / stride : dims[d];
        fprintf(w->out, "%s%llu", d ? "," : "", (unsigned long long)shown);
    }
    fputs("]", w->out);
    if (stride > 1)
        fprintf(w->out, ",\"stride\":%zu,\"rows\":%zu", stride, rows);
    fputs(",\"attrs\":", w->out);
    if (write_attrs(w, dset) != 0)
        goto done;
    fputs(",\"data\":[", w->out);
    int first = 1;
    for (size_t r = 0; r < rows; r += stride) {
        for (size_t k = 0; k < row_len; k++) {
            size_t i = r * row_len + k;
            fputs(first ? "" : ",", w->out);
            first = 0;
            if (strs != NULL)
                h5json_string(w->out, strs[i]);
            else
                h5json_number(w->out, values[i]);
        }
    }
    fputs("]}", w->out);
    ret = 0;
done:
    h5read_strings_free(strs);
    sim_free(values);
    if (space >= 0)
        H5Sclose(space);
    if (ftype >= 0)
        H5Tclose(ftype);
    return ret;
}

static herr_t visit(hid_t root, const char *name, const H5O_info_t *info,
                    void *data)
{
    struct walk *w = data;
    if (info->type != H5O_TYPE_DATASET || skipped(w, name))
        return 0;
    hid_t dset = H5Dopen2(root, name, H5P_DEFAULT);
    int r = dset >= 0 ? write_dataset(w, dset, name) : -1;
    if (dset >= 0)
        H5Dclose(dset);
    if (r != 0) {
        w->status = sim_fail(w->err, SIM_ERR_HDF5, "%s: cannot read /%s",
                             w->path, name);
        return -1;
    }
    return 0;
}

sim_status h5json_write(FILE *out, hid_t fid, const char *path,
                        const struct h5json_options *o, char *err)
{
    struct walk w = {out, path, o, err, SIM_OK, 1};
    fputs("{\"attrs\":", out);
    if (write_attrs(&w, fid) != 0)
        return sim_fail(err, SIM_ERR_HDF5,
                        "%s: cannot read the file's attributes", path);
    fputs(",\"datasets\":{", out);
    w.first = 1;
    if (H5Ovisit(fid, H5_INDEX_NAME, H5_ITER_INC, visit, &w) < 0 &&
        w.status == SIM_OK)
        w.status = sim_fail(err, SIM_ERR_HDF5, "%s: cannot walk the file",
                            path);
    fputs("}}", out);
    if (w.status == SIM_OK && ferror(out))
        return sim_fail(err, SIM_ERR_IO, "cannot write the report of %s",
                        path);
    return w.status;
}
