#include "report_html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "h5json.h"
#include "h5util.h"
#include "outfile.h"
#include "report_assets.h"
#include "sim/core/version.h"

int report_html_default_path(const char *h5_path, char *buf, size_t len)
{
    size_t n = strlen(h5_path);
    if (n >= 3 && strcmp(h5_path + n - 3, ".h5") == 0)
        n -= 3;
    int w = snprintf(buf, len, "%.*s.html", (int)n, h5_path);
    return w < 0 || (size_t)w >= len ? -1 : 0;
}

/* The page around the data: Chart.js, then the data, then the script that
 * reads the data and draws.  The viewport line makes it readable on a
 * phone. */
static void write_page(FILE *out, hid_t fid, const char *h5_path,
                       sim_status *st, char *err)
{
    /* The full record, and a territory's organisations one by one: the
     * page draws neither, and they would make it large. */
    static const char *const skip[] = {"monthly", "control/monthly",
                                       "organisations"};
    const struct h5json_options o = {skip, 3, REPORT_MAX_ROWS};
    fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"alliance-sim " ALLIANCE_SIM_VERSION
          "\">\n<title>alliance-sim report</title>\n<style>\n",
          out);
    fwrite(report_style, 1, report_style_len, out);
    fputs("</style>\n</head>\n<body>\n<main id=\"report\">"
          "<noscript>This report draws its charts with JavaScript: "
          "allow scripts for this file.</noscript></main>\n<script>\n",
          out);
    fwrite(report_chartjs, 1, report_chartjs_len, out);
    fputs("\n</script>\n<script type=\"application/json\" id=\"data\">", out);
    *st = h5json_write(out, fid, h5_path, &o, err);
    fputs("</script>\n<script type=\"application/json\" id=\"source\">",
          out);
    h5json_string(out, h5_path);
    fputs("</script>\n<script>\n", out);
    fwrite(report_script, 1, report_script_len, out);
    fputs("\n</script>\n</body>\n</html>\n", out);
}

sim_status report_html_write(const char *h5_path, const char *html_path,
                             char *err)
{
    if (h5u_check_target(html_path, "the report", err) != 0)
        return SIM_ERR_IO;
    struct stat in, out_st;
    if (stat(h5_path, &in) == 0 && stat(html_path, &out_st) == 0 &&
        in.st_dev == out_st.st_dev && in.st_ino == out_st.st_ino)
        return sim_fail(err, SIM_ERR_USAGE,
                        "%s: the report would replace the HDF5 file it reads; "
                        "choose another output",
                        html_path);
    FILE *probe = fopen(h5_path, "rb");
    if (probe == NULL)
        return sim_fail(err, SIM_ERR_IO, "cannot open %s: %s", h5_path,
                        strerror(errno));
    fclose(probe);
    if (H5Fis_hdf5(h5_path) <= 0)
        return sim_fail(err, SIM_ERR_IO,
                        "%s is not an HDF5 file (expected the output of "
                        "alliance-sim run, compare, sweep or sensitivity)",
                        h5_path);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fid = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0)
        return sim_fail(err, SIM_ERR_HDF5, "cannot open %s", h5_path);

    char tmp[4096 + OUTFILE_TMP_EXTRA];
    sim_status st = SIM_OK;
    if (h5u_mkdir_parents(html_path, err) != 0) {
        H5Fclose(fid);
        return SIM_ERR_IO;
    }
    FILE *out = outfile_tmp_fopen(html_path, tmp, sizeof tmp, "w", err);
    if (out == NULL) {
        H5Fclose(fid);
        return SIM_ERR_IO;
    }
    write_page(out, fid, h5_path, &st, err);
    H5Fclose(fid);
    if (fclose(out) != 0 && st == SIM_OK)
        st = sim_fail(err, SIM_ERR_IO, "cannot write %s: %s", tmp,
                      strerror(errno));
    if (st == SIM_OK)
        st = h5u_commit(tmp, html_path, NULL, err);
    if (st != SIM_OK)
        unlink(tmp);
    return st;
}
