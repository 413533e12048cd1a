/*
 * report_figures.c - the report's charts as SVG, PNG or PDF files.
 *
 * PLplot draws them through its cairo drivers; PLplot keeps one global
 * stream, so figures are drawn one after the other, each between plinit
 * and plend.  Each figure is written to a temporary file made by outfile.h
 * (handed to PLplot with plsfile, so PLplot opens no file by name) and
 * renamed into place once PLplot has finished it.
 */
#include "report_figures.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <plplot.h>

#include "h5read.h"
#include "h5util.h"
#include "outfile.h"
#include "sim/core/alloc.h"

#define MAX_SERIES 4

static const char *const EXTENSIONS[] = {"svg", "png", "pdf"};
static const char *const DEVICES[] = {"svgcairo", "pngcairo", "pdfcairo"};

int figure_format_parse(const char *name, enum figure_format *fmt)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, EXTENSIONS[i]) == 0) {
            *fmt = (enum figure_format)i;
            return 0;
        }
    return -1;
}

/* The report's palette (report.js), as RGB. */
static const int PALETTE[8][3] = {
    {0x1f, 0x5f, 0xa8}, {0xc2, 0x41, 0x0c}, {0x15, 0x80, 0x3d},
    {0x7e, 0x22, 0xce}, {0xb4, 0x53, 0x09}, {0x0e, 0x74, 0x90},
    {0xbe, 0x12, 0x3c}, {0x4d, 0x7c, 0x0f}};
enum { COL_BG = 0, COL_INK = 1, COL_SERIES = 2, COL_FILL = 10, COL_GRID = 14 };

struct figures {
    hid_t fid;
    const char *h5_path;
    const char *dir;
    enum figure_format fmt;
    int count;
    char *err;
    /* the figure being drawn: its axes (x, y) */
    struct figure_axis axis[2];
    char tmp[4096 + OUTFILE_TMP_EXTRA];
    char final[4096];
    /* report horizons, their labels (tables, bars) and the names beside
     * their lines on a chart */
    double horizons[8];
    char horizon_labels[8][64];
    char horizon_names[8][64];
    size_t n_horizons;
};

/* The figures' axes are numbered as the page numbers its axes (Chart.js in
 * the fr-FR locale): a decimal comma, a narrow no-break space between
 * thousands, every tick to the decimals its interval calls for ("0,5",
 * "1,0", "1,5"), and 0 as "0".  Ticks of ten thousand and more are written
 * in thousands, of a million and more in millions, the axis title saying
 * so: "4e+06" is unreadable in a paper, and "4 000 000" crowds the axis. */
void figure_axis_scale(double vmin, double vmax, struct figure_axis *a)
{
    double span = fabs(vmax - vmin), big = fmax(fabs(vmin), fabs(vmax));
    if (!(span > 0.0) || !isfinite(span))
        span = fmax(big, 1.0);
    /* PLplot's choice of interval (pldtik): 3 to 8 ticks. */
    double t = log10(span), e = floor(t), frac = t - e;
    a->step = frac > log10(6.0)   ? 2.0 * pow(10.0, e)
              : frac > log10(3.0) ? pow(10.0, e)
              : frac > log10(1.5) ? 5.0 * pow(10.0, e - 1.0)
                                  : 2.0 * pow(10.0, e - 1.0);
    a->factor = big >= 1e6 ? 1e6 : big >= 1e4 ? 1e3 : 1.0;
    double d = -floor(log10(a->step / a->factor) + 1e-9);
    a->decimals = d < 0.0 ? 0 : d > 12.0 ? 12 : (int)d;
}

const char *figure_axis_factor(const struct figure_axis *a)
{
    return a->factor == 1e6   ? ", en millions (in millions)"
           : a->factor == 1e3 ? ", en milliers (in thousands)"
                              : "";
}

void figure_tick_label(const struct figure_axis *a, double value, char *buf,
                       size_t len)
{
    if (len == 0)
        return;
    double v = value / a->factor;
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", a->decimals, fabs(v));
    /* 0 as "0" (a tick at -0.000001 of a step too), as Chart.js writes it. */
    if (fabs(value) < 1e-9 * a->step || strspn(digits, "0.") == strlen(digits)) {
        snprintf(buf, len, "0");
        return;
    }
    char out[256];
    size_t n = 0, whole = strcspn(digits, ".");
    if (v < 0)
        out[n++] = '-';
    for (size_t i = 0; i < whole; i++) {
        /* U+202F between groups of three, from 1 000 on */
        if (i > 0 && whole >= 4 && (whole - i) % 3 == 0) {
            memcpy(out + n, "\xe2\x80\xaf", 3);
            n += 3;
        }
        out[n++] = digits[i];
    }
    if (digits[whole] == '.') {
        out[n++] = ',';
        for (size_t i = whole + 1; digits[i]; i++)
            out[n++] = digits[i];
    }
    out[n] = '\0';
    snprintf(buf, len, "%s", out);
}

/* A number as the page writes a ratio or a weight (report.js, fmtNumber):
 * three significant digits, trailing zeros kept ("0,650", "0,00"), whole
 * from 1 000 on. */
static void sig3_label(double v, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", isnan(v) ? "n/a" : v > 0 ? "∞" : "−∞");
        return;
    }
    double d = v == 0.0 ? 2.0 : 2.0 - floor(log10(fabs(v)));
    struct figure_axis a = {.factor = 1.0,
                            .decimals = d < 0.0 ? 0 : d > 12.0 ? 12 : (int)d};
    a.step = pow(10.0, -a.decimals);
    if (fabs(v) < 0.5 * a.step) /* "0,00", where a tick is "0" */
        snprintf(buf, len, "%s0,%0*d", v < 0 ? "-" : "", a.decimals, 0);
    else
        figure_tick_label(&a, v, buf, len);
}

/* PLplot's label function: the tick's label on the axis data points to
 * (x, then y). */
static void tick_label(PLINT axis, PLFLT value, char *label, PLINT length,
                       PLPointer data)
{
    const struct figure_axis *a = data;
    figure_tick_label(&a[axis == PL_X_AXIS ? 0 : 1], value, label,
                      (size_t)length);
}

static sim_status fig_begin(struct figures *f, const char *name,
                            const char *title)
{
    (void)title;
    int w = snprintf(f->final, sizeof f->final, "%s/%s.%s", f->dir, name,
                     EXTENSIONS[f->fmt]);
    if (w < 0 || (size_t)w >= sizeof f->final)
        return sim_fail(f->err, SIM_ERR_IO, "figure path too long in %s",
                        f->dir);
    FILE *out = outfile_tmp_fopen(f->final, f->tmp, sizeof f->tmp, "wb",
                                  f->err);
    if (out == NULL)
        return SIM_ERR_IO;
    plsdev(DEVICES[f->fmt]);
    plsfile(out);
    plsetopt("geometry", "960x600");
    plscol0(COL_BG, 255, 255, 255);
    plscol0(COL_INK, 29, 36, 51);
    for (int i = 0; i < 8; i++)
        plscol0(COL_SERIES + i, PALETTE[i][0], PALETTE[i][1], PALETTE[i][2]);
    plscol0(COL_GRID, 200, 204, 212);
    plinit();
    plslabelfunc(tick_label, f->axis);
    pladv(0);
    plschr(0.0, 0.9);
    return SIM_OK;
}

/* Ends the figure (PLplot closes the file) and renames it into place. */
static sim_status fig_end(struct figures *f)
{
    plend();
    struct stat st;
    if (stat(f->tmp, &st) != 0 || st.st_size == 0) {
        unlink(f->tmp);
        return sim_fail(f->err, SIM_ERR_IO, "PLplot wrote nothing to %s",
                        f->final);
    }
    sim_status s = h5u_commit(f->tmp, f->final, NULL, f->err);
    if (s != SIM_OK)
        unlink(f->tmp);
    else
        f->count++;
    return s;
}

static void set_fill(int index, int series, double alpha)
{
    const int *c = PALETTE[series % 8];
    plscol0a(index, c[0], c[1], c[2], alpha);
    plcol0(index);
}

/* The axes of the window set (plwind): each one's ticks, factor and
 * decimals, for the label function. */
static void scale_axes(struct figures *f)
{
    PLFLT xmin, xmax, ymin, ymax;
    plgvpw(&xmin, &xmax, &ymin, &ymax);
    figure_axis_scale(xmin, xmax, &f->axis[0]);
    figure_axis_scale(ymin, ymax, &f->axis[1]);
}

/* An axis title with the factor its ticks are written in. */
static void axis_title(char *buf, size_t len, const char *label,
                       const struct figure_axis *a)
{
    snprintf(buf, len, "%s%s", label, figure_axis_factor(a));
}

/* Frame, axes and labels in the ink colour. */
static void frame(struct figures *f, const char *xlabel, const char *ylabel,
                  const char *title)
{
    scale_axes(f);
    char xt[512], yt[512];
    axis_title(xt, sizeof xt, xlabel, &f->axis[0]);
    axis_title(yt, sizeof yt, ylabel, &f->axis[1]);
    plcol0(COL_INK);
    pllsty(1);
    plwidth(1.0);
    plbox("bcnost", f->axis[0].step, 0, "bcnostv", f->axis[1].step, 0);
    pllab(xt, "", title);
    /* Clear of the horizontal tick labels, which pllab's y label is not. */
    plmtex("l", 7.0, 0.5, 0.5, yt);
}

/* The mean advance of a character of DejaVu Sans, the figures' font, as a
 * share of the character height: PLplot does not measure text, so a name's
 * width is estimated from its number of characters. */
#define CHAR_WIDTH_PER_HEIGHT 0.6

/* The width of text as a share of the page's width, estimated. */
static double text_share(const char *text)
{
    PLFLT def_mm, height_mm, page[4];
    plgchr(&def_mm, &height_mm);
    plgspa(&page[0], &page[1], &page[2], &page[3]);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        chars += (*p & 0xC0) != 0x80; /* UTF-8: one per character */
    double page_mm = page[1] - page[0];
    return page_mm > 0.0
               ? CHAR_WIDTH_PER_HEIGHT * height_mm * (double)chars / page_mm
               : 0.0;
}

/* The width of text in world units along x, estimated. */
static double text_width(const char *text)
{
    PLFLT vp[4], world[4];
    plgvpd(&vp[0], &vp[1], &vp[2], &vp[3]);
    plgvpw(&world[0], &world[1], &world[2], &world[3]);
    return vp[1] > vp[0] ? text_share(text) / (vp[1] - vp[0]) *
                               (world[1] - world[0])
                         : 0.0;
}

/* Whether name h, from left[h] to right[h] on line row[h], comes within gap
 * of one of the names before it on that line. */
static int name_overlaps(const double *left, const double *right,
                         const int *row, size_t h, double gap)
{
    for (size_t k = 0; k < h; k++)
        if (row[k] == row[h] && left[h] < right[k] + gap &&
            left[k] < right[h] + gap)
            return 1;
    return 0;
}

/* Dashed lines at the report horizons, each with its name to its right (to
 * its left at the right edge); a name that would overlap one already
 * written goes a line lower, as report.js places them. */
static void horizon_lines(const struct figures *f, double ymin, double ymax)
{
    PLFLT xmin, xmax, y0, y1;
    plgvpw(&xmin, &xmax, &y0, &y1);
    double gap = 0.006 * (xmax - xmin), line = 0.05 * (ymax - ymin);
    double left[8], right[8];
    int row[8];
    plcol0(COL_INK);
    for (size_t h = 0; h < f->n_horizons; h++) {
        double x = f->horizons[h], w = text_width(f->horizon_names[h]);
        pllsty(2);
        pljoin(x, ymin, x, ymax);
        pllsty(1);
        int at_edge = x + gap + w > xmax;
        left[h] = at_edge ? x - gap - w : x + gap;
        right[h] = left[h] + w;
        row[h] = 0;
        while (name_overlaps(left, right, row, h, gap))
            row[h]++;
        plptex(at_edge ? right[h] : left[h],
               ymax - 0.04 * (ymax - ymin) - line * row[h], 1.0, 0.0,
               at_edge ? 1.0 : 0.0, f->horizon_names[h]);
    }
}

/* A chart with a legend under it: the plot's edges on the page (plvpor),
 * the room under the plot for its axis's ticks and title, above the
 * legend, and the margin the legend keeps from the page's bottom, as
 * shares of the page; a line of the legend, in character heights (its
 * text is the size of the axes', whatever pllegend's text_scale says). */
#define VP_LEFT 0.14
#define VP_RIGHT 0.97
#define VP_TOP 0.92
#define AXIS_ROOM 0.126
#define PAGE_MARGIN 0.02
#define LEGEND_LINE 1.5

/* The columns of a legend of nl entries under the plot: two, each the
 * width of the longest entry and 0.105 of the plot for its symbol and
 * gaps, centred under the plot; one where two would run off the page,
 * which leaves 1.06 plots there. */
static int legend_columns(int nl, const char *const *text)
{
    if (nl < 2)
        return nl;
    double widest = 0.0;
    for (int i = 0; i < nl; i++)
        widest = fmax(widest, text_share(text[i]) / (VP_RIGHT - VP_LEFT));
    return 2.0 * (widest + 0.105) > 1.06 ? 1 : 2;
}

/* The bottom of a plot with a legend of nl entries under it, as a share
 * of the page: lowest, or higher where the axis's ticks and title, then
 * the legend's lines, would not end a margin above the page's bottom (a
 * fan of four series in one column has six lines, which ran off the
 * page). */
static double plot_bottom(int nl, const char *const *text, double lowest)
{
    PLFLT def_mm, height_mm, page[4];
    plgchr(&def_mm, &height_mm);
    plgspa(&page[0], &page[1], &page[2], &page[3]);
    int ncol = legend_columns(nl, text);
    int rows = ncol > 0 ? (nl + ncol - 1) / ncol : 0;
    double line = page[3] > page[2]
                      ? LEGEND_LINE * height_mm / (page[3] - page[2])
                      : 0.0;
    return fmax(lowest, PAGE_MARGIN + AXIS_ROOM + rows * line);
}

/* A legend of nl entries, lines (is_box 0) or boxes: under the plot, its
 * top AXIS_ROOM below the plot's bottom (the plot placed by plot_bottom);
 * or, inside, in the plot's top right corner, for charts whose axis
 * labels take the space below. */
static void legend_at(int nl, const char *const *text, const int *colors,
                      const int *is_box, int inside)
{
    PLINT opt[16], tcol[16], bcol[16], bpat[16], lcol[16], lsty[16];
    PLFLT bscale[16], bwidth[16], lwidth[16];
    if (nl > 16)
        nl = 16;
    for (int i = 0; i < nl; i++) {
        opt[i] = is_box[i] ? PL_LEGEND_COLOR_BOX : PL_LEGEND_LINE;
        tcol[i] = COL_INK;
        bcol[i] = colors[i];
        bpat[i] = 0;
        bscale[i] = 0.8;
        bwidth[i] = 1.0;
        lcol[i] = colors[i];
        lsty[i] = 1;
        lwidth[i] = 2.5;
    }
    PLFLT lw, lh, vp[4];
    plgvpd(&vp[0], &vp[1], &vp[2], &vp[3]);
    int ncol = inside ? 1 : legend_columns(nl, text);
    double below = vp[3] > vp[2] ? AXIS_ROOM / (vp[3] - vp[2]) : 0.21;
    pllegend(&lw, &lh, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             inside ? PL_POSITION_TOP | PL_POSITION_RIGHT | PL_POSITION_INSIDE
                    : PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE,
             inside ? 0.02 : 0.0, inside ? 0.02 : below, 0.06, COL_BG,
             COL_INK, 1, (nl + ncol - 1) / ncol, ncol, nl, opt, 0.6, 0.7,
             LEGEND_LINE, 0.0, tcol, text, bcol, bpat, bscale, bwidth, lcol,
             lsty, lwidth, NULL, NULL, NULL, NULL);
}

static void legend(int nl, const char *const *text, const int *colors,
                   const int *is_box)
{
    legend_at(nl, text, colors, is_box, 0);
}

struct series {
    const char *prefix; /* "" or "/control" */
    const char *var;
    const char *name;
};

/* A fan chart of up to MAX_SERIES variables' bands. */
static sim_status fan(struct figures *f, const char *id, const char *title,
                      const char *units, const struct series *s, int ns)
{
    double *bands[MAX_SERIES] = {NULL};
    size_t months = 0;
    int have = 0;
    for (int i = 0; i < ns; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/bands/%s", s[i].prefix, s[i].var);
        int rank;
        size_t dims[4];
        bands[i] = h5read_doubles(f->fid, path, &rank, dims);
        if (bands[i] != NULL && (rank != 2 || dims[1] != 6 ||
                                 (months && dims[0] != months))) {
            sim_free(bands[i]);
            bands[i] = NULL;
        }
        if (bands[i] != NULL) {
            months = dims[0];
            have++;
        }
    }
    sim_status st = SIM_OK;
    if (!have || months < 2)
        goto done;
    double ymin = INFINITY, ymax = -INFINITY;
    for (int i = 0; i < ns; i++)
        for (size_t m = 0; bands[i] && m < months; m++) {
            ymin = fmin(ymin, bands[i][m * 6 + 0]);
            ymax = fmax(ymax, bands[i][m * 6 + 4]);
        }
    if (!(ymax > ymin)) {
        ymin -= 1.0;
        ymax += 1.0;
    }
    double pad = 0.06 * (ymax - ymin);
    ymin -= pad;
    ymax += pad;
    double *x = sim_calloc(2 * months, sizeof *x);
    double *y = sim_calloc(2 * months, sizeof *y);
    if (x == NULL || y == NULL) {
        sim_free(x);
        sim_free(y);
        st = sim_fail(f->err, SIM_ERR_NOMEM, "out of memory for %s", id);
        goto done;
    }
    /* The legend: each series' median, then the bands. */
    const char *text[MAX_SERIES + 2];
    char names[MAX_SERIES][160];
    int colors[MAX_SERIES + 2], boxes[MAX_SERIES + 2], nl = 0;
    for (int i = 0; i < ns; i++) {
        if (bands[i] == NULL)
            continue;
        snprintf(names[i], sizeof names[i], "%s, médiane (median)",
                 s[i].name);
        text[nl] = names[i];
        colors[nl] = COL_SERIES + i;
        boxes[nl++] = 0;
    }
    text[nl] = "90 % (p05–p95)";
    colors[nl] = COL_FILL + 2;
    boxes[nl++] = 1;
    text[nl] = "50 % (p25–p75)";
    colors[nl] = COL_FILL + 3;
    boxes[nl++] = 1;
    if ((st = fig_begin(f, id, title)) != SIM_OK) {
        sim_free(x);
        sim_free(y);
        goto done;
    }
    plscol0a(COL_FILL + 2, 120, 130, 150, 0.25);
    plscol0a(COL_FILL + 3, 120, 130, 150, 0.5);
    plvpor(VP_LEFT, VP_RIGHT, plot_bottom(nl, text, 0.32), VP_TOP);
    plwind(1.0, (double)months, ymin, ymax);
    for (int i = 0; i < ns; i++) {
        if (bands[i] == NULL)
            continue;
        /* 90% band (p05..p95), then 50% band (p25..p75), as polygons. */
        for (int b = 0; b < 2; b++) {
            int lo = b == 0 ? 0 : 1, hi = b == 0 ? 4 : 3;
            for (size_t m = 0; m < months; m++) {
                x[m] = (double)(m + 1);
                y[m] = bands[i][m * 6 + (size_t)hi];
                x[2 * months - 1 - m] = (double)(m + 1);
                y[2 * months - 1 - m] = bands[i][m * 6 + (size_t)lo];
            }
            set_fill(COL_FILL + b, i, b == 0 ? 0.16 : 0.30);
            plfill((PLINT)(2 * months), x, y);
        }
    }
    /* Medians over every band, so that no band hides a median. */
    for (int i = 0; i < ns; i++) {
        if (bands[i] == NULL)
            continue;
        for (size_t m = 0; m < months; m++)
            y[m] = bands[i][m * 6 + 2];
        plcol0(COL_SERIES + i);
        plwidth(2.0);
        plline((PLINT)months, x, y);
    }
    sim_free(x);
    sim_free(y);
    horizon_lines(f, ymin, ymax);
    frame(f, "mois (month)", units, title);
    legend(nl, text, colors, boxes);
    st = fig_end(f);
done:
    for (int i = 0; i < ns; i++)
        sim_free(bands[i]);
    return st;
}

/* Lines of one value per month (survival), in [0, 1]. */
static sim_status share_lines(struct figures *f, const char *id,
                              const char *title, const char *const *paths,
                              const char *const *names, int n)
{
    double *v[2] = {NULL, NULL};
    size_t months = 0;
    int have = 0;
    for (int i = 0; i < n && i < 2; i++) {
        int rank;
        size_t dims[4];
        v[i] = h5read_doubles(f->fid, paths[i], &rank, dims);
        if (v[i] != NULL && (rank != 1 || (months && dims[0] != months))) {
            sim_free(v[i]);
            v[i] = NULL;
        }
        if (v[i] != NULL) {
            months = dims[0];
            have++;
        }
    }
    sim_status st = SIM_OK;
    double *x = have && months > 1 ? sim_calloc(months, sizeof *x) : NULL;
    if (x == NULL)
        goto done;
    for (size_t m = 0; m < months; m++)
        x[m] = (double)(m + 1);
    const char *text[2];
    int colors[2], boxes[2] = {0, 0}, nl = 0;
    for (int i = 0; i < n && i < 2; i++)
        if (v[i] != NULL) {
            text[nl] = names[i];
            colors[nl++] = COL_SERIES + i;
        }
    if ((st = fig_begin(f, id, title)) == SIM_OK) {
        plvpor(VP_LEFT, VP_RIGHT, plot_bottom(nl, text, 0.32), VP_TOP);
        plwind(1.0, (double)months, 0.0, 1.05);
        for (int i = 0; i < n && i < 2; i++) {
            if (v[i] == NULL)
                continue;
            plcol0(COL_SERIES + i);
            plwidth(2.0);
            plline((PLINT)months, x, v[i]);
        }
        horizon_lines(f, 0.0, 1.05);
        frame(f, "mois (month)", "part (share)", title);
        legend(nl, text, colors, boxes);
        st = fig_end(f);
    }
done:
    sim_free(x);
    for (int i = 0; i < 2; i++)
        sim_free(v[i]);
    return st;
}

/* The funding mix: each source's share of the mean monthly funding,
 * stacked. */
static sim_status funding_mix(struct figures *f)
{
    static const char *const vars[] = {
        "funding_subsidy_eur", "funding_philanthropy_eur",
        "funding_crowdfunding_eur", "funding_social_investment_eur",
        "funding_earned_income_eur", "funding_fund_eur"};
    static const char *const names[] = {
        "subvention (subsidy)", "mécénat (philanthropy)", "crowdfunding",
        "investissement sociétal (social investment)",
        "revenus d'activité (earned income)", "fonds (fund)"};
    double *mean[6] = {NULL};
    size_t months = 0;
    int have = 0;
    for (int k = 0; k < 6; k++) {
        char path[128];
        snprintf(path, sizeof path, "/bands/%s", vars[k]);
        int rank;
        size_t dims[4];
        mean[k] = h5read_doubles(f->fid, path, &rank, dims);
        if (mean[k] != NULL && (rank != 2 || dims[1] != 6 ||
                                (months && dims[0] != months))) {
            sim_free(mean[k]);
            mean[k] = NULL;
        }
        if (mean[k] != NULL) {
            months = dims[0];
            have++;
        }
    }
    sim_status st = SIM_OK;
    double *x = NULL, *y = NULL, *lower = NULL, *total = NULL;
    if (!have || months < 2)
        goto done;
    x = sim_calloc(2 * months, sizeof *x);
    y = sim_calloc(2 * months, sizeof *y);
    lower = sim_calloc(months, sizeof *lower);
    total = sim_calloc(months, sizeof *total);
    if (x == NULL || y == NULL || lower == NULL || total == NULL) {
        st = sim_fail(f->err, SIM_ERR_NOMEM, "out of memory for the mix");
        goto done;
    }
    for (int k = 0; k < 6; k++)
        for (size_t m = 0; mean[k] && m < months; m++)
            total[m] += mean[k][m * 6 + 5];
    const char *title = "composition des financements (funding mix)";
    const char *text[6];
    int colors[6], boxes[6], nl = 0;
    for (int k = 0; k < 6; k++)
        if (mean[k] != NULL) {
            text[nl] = names[k];
            colors[nl] = COL_SERIES + k;
            boxes[nl++] = 1;
        }
    if ((st = fig_begin(f, "funding-mix", title)) != SIM_OK)
        goto done;
    plvpor(VP_LEFT, VP_RIGHT, plot_bottom(nl, text, 0.32), VP_TOP);
    plwind(1.0, (double)months, 0.0, 1.0);
    for (int k = 0; k < 6; k++) {
        if (mean[k] == NULL)
            continue;
        for (size_t m = 0; m < months; m++) {
            double share =
                total[m] > 0.0 ? mean[k][m * 6 + 5] / total[m] : 0.0;
            x[m] = (double)(m + 1);
            y[m] = lower[m] + share;
            x[2 * months - 1 - m] = (double)(m + 1);
            y[2 * months - 1 - m] = lower[m];
            lower[m] += share;
        }
        set_fill(COL_SERIES + k, k, 0.75);
        plfill((PLINT)(2 * months), x, y);
    }
    horizon_lines(f, 0.0, 1.0);
    frame(f, "mois (month)", "part du total (share of funding)", title);
    legend(nl, text, colors, boxes);
    st = fig_end(f);
done:
    sim_free(x);
    sim_free(y);
    sim_free(lower);
    sim_free(total);
    for (int k = 0; k < 6; k++)
        sim_free(mean[k]);
    return st;
}

/* The horizon matrix as a heat map: levers (rows) by horizons (columns). */
static sim_status matrix_heatmap(struct figures *f)
{
    int rank;
    size_t dims[4], nr = 0, nc = 0;
    double *m = h5read_doubles(f->fid, "/matrix", &rank, dims);
    char **rows = h5read_strings_at(f->fid, "/matrix", "rows", &nr);
    char **cols = h5read_strings_at(f->fid, "/matrix", "columns", &nc);
    sim_status st = SIM_OK;
    if (m == NULL || rank != 2 || rows == NULL || cols == NULL ||
        nr != dims[0] || nc != dims[1])
        goto done;
    const char *title = "matrice des horizons (horizon matrix)";
    if ((st = fig_begin(f, "horizon-matrix", title)) != SIM_OK)
        goto done;
    plvpor(0.40, 0.97, 0.15, 0.88);
    plwind(0.0, (double)nc, 0.0, (double)nr);
    for (size_t r = 0; r < nr; r++)
        for (size_t c = 0; c < nc; c++) {
            double v = fmax(0.0, fmin(1.0, m[r * nc + c]));
            plscol0(COL_FILL, (int)lround(255 - 200 * v),
                    (int)lround(255 - 150 * v), 255);
            plcol0(COL_FILL);
            double top = (double)(nr - r);
            PLFLT xs[4] = {(double)c, (double)c + 1, (double)c + 1, (double)c};
            PLFLT ys[4] = {top - 1, top - 1, top, top};
            plfill(4, xs, ys);
            char text[64];
            sig3_label(m[r * nc + c], text, sizeof text);
            plcol0(COL_INK);
            plptex((double)c + 0.5, top - 0.55, 1.0, 0.0, 0.5, text);
        }
    plcol0(COL_INK);
    plbox("bc", 1.0, 0, "bc", 1.0, 0);
    /* "stratégique (7 ans)" on two lines too: three columns' names on
     * one ran into each other. */
    for (size_t c = 0; c < nc; c++) {
        double at = ((double)c + 0.5) / (double)nc;
        char *gloss = strstr(cols[c], " (");
        if (gloss != NULL) {
            *gloss = '\0';
            plmtex("b", 1.5, at, 0.5, cols[c]);
            plmtex("b", 2.9, at, 0.5, gloss + 1);
        } else
            plmtex("b", 1.5, at, 0.5, cols[c]);
    }
    /* "gestion régulatrice (regulatory management)" on two lines. */
    for (size_t r = 0; r < nr; r++) {
        double at = 1.0 - ((double)r + 0.5) / (double)nr;
        char *gloss = strstr(rows[r], " (");
        if (gloss != NULL) {
            *gloss = '\0';
            plmtex("lv", 0.8, at + 0.03, 1.0, rows[r]);
            plmtex("lv", 0.8, at - 0.04, 1.0, gloss + 1);
        } else
            plmtex("lv", 0.8, at, 1.0, rows[r]);
    }
    pllab("", "", title);
    st = fig_end(f);
done:
    sim_free(m);
    h5read_strings_free(rows);
    h5read_strings_free(cols);
    return st;
}

/* "∞" (v > 0) or "−∞" at x, near the edge of the window [wmin, wmax] that v
 * points to: under the legend, which takes the top tenth of a bar chart of
 * many groups. */
static void infinity_mark(double x, double v, double wmin, double wmax)
{
    double inset = 0.03 * (wmax - wmin);
    plcol0(COL_INK);
    plptex(x, v > 0 ? wmax - 5 * inset : wmin + inset, 1.0, 0.0, 0.5,
           v > 0 ? "∞" : "−∞");
}

/* An interval [lo, hi] of the estimate v at x with caps of half-width cap;
 * an infinite bound runs to the window's edge without a cap (bars() writes
 * its "∞"), and a missing one (NaN) is left out: the whisker runs from v
 * to the bound it has, as the page draws it. */
static void whisker(double x, double cap, double v, double lo, double hi,
                    double wmin, double wmax)
{
    double ends[2] = {lo, hi};
    double at[2];
    for (int k = 0; k < 2; k++) {
        double e = isnan(ends[k]) ? v : ends[k];
        at[k] = isinf(e) ? (e > 0 ? wmax : wmin) : e;
    }
    plcol0(COL_INK);
    plwidth(1.2);
    pljoin(x, at[0], x, at[1]);
    for (int k = 0; k < 2; k++)
        if (isfinite(ends[k]))
            pljoin(x - cap, at[k], x + cap, at[k]);
}

/* Bars with their intervals: n groups (labels) of up to two bars, in the
 * palette's colours from color on. */
static sim_status bars(struct figures *f, const char *id, const char *title,
                       const char *xlabel, const char *ylabel, size_t n,
                       const char *const *labels, int nb,
                       const double *const *value, const double *const *lo,
                       const double *const *hi, const char *const *names,
                       int color)
{
    double ymin = 0.0, ymax = 0.0;
    for (int b = 0; b < nb; b++)
        for (size_t i = 0; i < n; i++) {
            double v[3] = {value[b][i], lo[b] ? lo[b][i] : NAN,
                           hi[b] ? hi[b][i] : NAN};
            for (int k = 0; k < 3; k++)
                if (isfinite(v[k])) {
                    ymin = fmin(ymin, v[k]);
                    ymax = fmax(ymax, v[k]);
                }
        }
    if (!(ymax > ymin))
        ymax = ymin + 1.0;
    double pad = 0.08 * (ymax - ymin);
    sim_status st = fig_begin(f, id, title);
    if (st != SIM_OK)
        return st;
    /* Many groups (parameters' paths): their names run down, not across,
     * and the legend goes in the plot's corner; else under the plot, clear
     * of the whiskers. */
    int vertical = n > 4;
    plvpor(VP_LEFT, VP_RIGHT, vertical ? 0.52 : plot_bottom(nb, names, 0.20),
           0.90);
    double wmin = ymin < 0 ? ymin - pad : 0.0,
           wmax = ymax + (vertical ? 3 : 1) * pad;
    plwind(0.0, (double)n, wmin, wmax);
    double width = 0.8 / nb;
    for (int b = 0; b < nb; b++)
        for (size_t i = 0; i < n; i++) {
            double x0 = (double)i + 0.1 + width * b, v = value[b][i];
            if (isnan(v))
                continue;
            /* An infinite value (a durability where none closes with the
             * investment): a pale bar to the edge, "∞" at its end. */
            double top = isinf(v) ? (v > 0 ? wmax : wmin) : v;
            PLFLT xs[4] = {x0, x0 + width, x0 + width, x0};
            PLFLT ys[4] = {0.0, 0.0, top, top};
            set_fill(COL_FILL, color + b, isinf(v) ? 0.3 : 0.7);
            plfill(4, xs, ys);
            if (lo[b] && hi[b] && !(isnan(lo[b][i]) && isnan(hi[b][i])))
                whisker(x0 + width / 2, width / 5, v, lo[b][i], hi[b][i], wmin,
                        wmax);
        }
    scale_axes(f);
    char yt[512];
    axis_title(yt, sizeof yt, ylabel, &f->axis[1]);
    plcol0(COL_INK);
    plbox("bc", 1.0, 0, "bcnostv", f->axis[1].step, 0);
    plmtex("t", 1.5, 0.5, 0.5, title);
    plmtex("l", 7.0, 0.5, 0.5, yt);
    plschr(0.0, vertical ? 0.62 : 0.9);
    for (size_t i = 0; i < n; i++) {
        double at = ((double)i + 0.5) / (double)n;
        if (vertical)
            plmtex("bv", 0.8, at, 1.0, labels[i]);
        else
            plmtex("b", 1.2, at, 0.5, labels[i]);
    }
    plschr(0.0, 0.9);
    if (!vertical)
        plmtex("b", 3.0, 0.5, 0.5, xlabel);
    int colors[2] = {COL_SERIES + color, COL_SERIES + color + 1},
        boxes[2] = {1, 1};
    legend_at(nb, names, colors, boxes, vertical);
    /* The infinities' "∞", last: on an infinite bar, and beside a finite
     * bar's infinite bound. */
    plschr(0.0, 1.3);
    for (int b = 0; b < nb; b++)
        for (size_t i = 0; i < n; i++) {
            /* Right of the whisker's line, which runs through the bar's
             * middle. */
            double xm = (double)i + 0.1 + width * b + width * 5 / 8,
                   v = value[b][i];
            if (isinf(v)) {
                infinity_mark(xm, v, wmin, wmax);
                continue;
            }
            for (int k = 0; !isnan(v) && lo[b] && hi[b] && k < 2; k++) {
                double end = k ? hi[b][i] : lo[b][i];
                if (isinf(end))
                    infinity_mark(xm, end, wmin, wmax);
            }
        }
    plschr(0.0, 0.9);
    return fig_end(f);
}

/* Points (x, y), optionally each with a label; a point at an infinite y is
 * an "∞" (or "−∞") at the top (bottom) above its place, one at an
 * infinite x at the right (left) edge at its height, in room left beyond
 * the finite points, as the page draws them. */
static sim_status scatter(struct figures *f, const char *id,
                          const char *title, const char *xlabel,
                          const char *ylabel, size_t n, const double *x,
                          const double *y, const char *const *labels)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            continue;
        xmin = fmin(xmin, x[i]);
        xmax = fmax(xmax, x[i]);
        ymin = fmin(ymin, y[i]);
        ymax = fmax(ymax, y[i]);
    }
    if (!(xmax >= xmin))
        return SIM_OK; /* nothing finite to draw */
    if (!(xmax > xmin)) {
        xmin -= 1.0;
        xmax += 1.0;
    }
    if (!(ymax > ymin)) {
        ymin -= 1.0;
        ymax += 1.0;
    }
    double px = 0.05 * (xmax - xmin), py = 0.06 * (ymax - ymin);
    int up = 0, down = 0, right = 0, left = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i]))
            continue;
        up |= y[i] == INFINITY;
        down |= y[i] == -INFINITY;
        right |= x[i] == INFINITY;
        left |= x[i] == -INFINITY;
    }
    double top = ymax + (up ? 4 : 1) * py, bottom = ymin - (down ? 4 : 1) * py,
           east = xmax + (right ? 4 : 1) * px, west = xmin - (left ? 4 : 1) * px;
    sim_status st = fig_begin(f, id, title);
    if (st != SIM_OK)
        return st;
    plvpor(0.14, 0.97, 0.15, 0.92);
    plwind(west, east, bottom, top);
    plcol0(COL_SERIES);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            continue;
        plstring(1, &x[i], &y[i], "•");
        if (labels != NULL) {
            plcol0(COL_INK);
            plptex(x[i], y[i] + 0.4 * py, 1.0, 0.0, 0.0, labels[i]);
            plcol0(COL_SERIES);
        }
    }
    /* A point at an infinite y: its "∞" at the top (bottom) above its
     * place; at an infinite x, at the right (left) edge at its height; at
     * both, in the corner.  Its label, if any, beside its "∞", inwards. */
    plcol0(COL_INK);
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i]) || (isfinite(x[i]) && isfinite(y[i])))
            continue;
        double at_x = isinf(x[i]) ? (x[i] > 0 ? east - 1.2 * px : west + 1.2 * px)
                                  : x[i],
               at_y = isinf(y[i]) ? (y[i] > 0 ? top - 2.2 * py : bottom + 1.2 * py)
                                  : y[i];
        int inf_sign = isinf(x[i]) ? (x[i] > 0 ? 1 : -1) : (y[i] > 0 ? 1 : -1);
        plptex(at_x, at_y, 1.0, 0.0, 0.5, inf_sign > 0 ? "∞" : "−∞");
        if (labels != NULL) {
            /* Left of an "∞" at the right edge, else right of it. */
            int leftwards = x[i] == INFINITY;
            double gap = 0.5 * px;
            plptex(at_x + (leftwards ? -gap : gap), at_y, 1.0, 0.0,
                   leftwards ? 1.0 : 0.0, labels[i]);
        }
    }
    frame(f, xlabel, ylabel, title);
    return fig_end(f);
}

static void unit_label(const struct figures *f, const char *var, char *buf,
                       size_t len);
static void long_name(const struct figures *f, const char *var, char *buf,
                      size_t len);

/* compare: 0 for a run, 1 for the engineering comparison (/control), 2
 * for a comparison of two choices (compare --with: arm B under /with). */
static sim_status run_figures(struct figures *f, int compare)
{
    const char *const arms[] = {"", compare == 2 ? "/with" : "/control"};
    const char *const arm_names[] = {
        compare == 2 ? "A: le scénario (as written)"
                     : "avec ingénierie (treatment)",
        compare == 2 ? "B: avec (with) --with" : "sans (control)"};
    sim_status st = SIM_OK;
    if (compare) {
        /* Titled by the variable's name and with its unit, as the page
         * titles them (report.js, labelOf and unitsOf). */
        static const struct {
            const char *id, *var;
        } fans[] = {{"arms-cash", "cash_eur"},
                    {"arms-value", "value_produced_eur"},
                    {"arms-funding", "funding_total_eur"},
                    {"arms-workforce", "workforce_fte"}};
        for (size_t i = 0; st == SIM_OK && i < 4; i++) {
            struct series s[2] = {{arms[0], fans[i].var, arm_names[0]},
                                  {arms[1], fans[i].var, arm_names[1]}};
            char title[256], units[160];
            long_name(f, fans[i].var, title, sizeof title);
            unit_label(f, fans[i].var, units, sizeof units);
            st = fan(f, fans[i].id, title, units, s, 2);
        }
        const char *paths[2] = {"/bands/alive_share",
                                compare == 2 ? "/with/bands/alive_share"
                                             : "/control/bands/alive_share"};
        if (st == SIM_OK)
            st = share_lines(f, "arms-survival",
                             "survie (survival): organisations en activité "
                             "(share alive)",
                             paths, arm_names, 2);
        return st;
    }
    struct series cash[1] = {{"", "cash_eur", "trésorerie (cash)"}};
    struct series fc[2] = {{"", "funding_total_eur", "financements (funding)"},
                           {"", "cost_total_eur", "coûts (costs)"}};
    struct series value[2] = {
        {"", "value_produced_eur", "valeur produite (value)"},
        {"", "prime_alliance_eur", "prime à l'alliance (premium)"}};
    struct series al[3] = {
        {"", "alliance_positioning", "positionnement (positioning)"},
        {"", "alliance_production", "production / diffusion"},
        {"", "alliance_pooled_means", "moyens (pooled means)"}};
    st = fan(f, "cash", "trésorerie (cash)", "EUR", cash, 1);
    if (st == SIM_OK)
        st = fan(f, "funding-costs", "financements et coûts (funding and "
                 "costs)", "EUR/month", fc, 2);
    if (st == SIM_OK)
        st = fan(f, "value", "valeur produite et prime à l'alliance (value "
                 "and alliance premium)", "EUR/month", value, 2);
    if (st == SIM_OK)
        st = fan(f, "alliances", "force des alliances (alliance strengths)",
                 "force 0–1 (strength)", al, 3);
    static const char *const wf[][2] = {
        {"employees_fte", "salariés (employees)"},
        {"volunteers_fte", "bénévoles (volunteers)"},
        {"civic_service_fte", "services civiques (civic service)"},
        {"interns_fte", "stagiaires (interns)"},
        {"skills_sponsorship_fte", "mécénat de compétences (skills lent)"}};
    for (size_t i = 0; st == SIM_OK && i < 5; i++) {
        char id[64];
        snprintf(id, sizeof id, "workforce-%s", wf[i][0]);
        struct series s[1] = {{"", wf[i][0], wf[i][1]}};
        st = fan(f, id, wf[i][1], "FTE", s, 1);
    }
    const char *paths[1] = {"/bands/alive_share"};
    const char *names[1] = {"en activité (alive)"};
    if (st == SIM_OK)
        st = share_lines(f, "survival",
                         "survie (survival): organisations en activité "
                         "(share alive)",
                         paths, names, 1);
    if (st == SIM_OK)
        st = funding_mix(f);
    if (st == SIM_OK)
        st = matrix_heatmap(f);
    return st;
}

/* The axis title of a variable's unit, as report.js's unitLabel says it:
 * the file's unit, or for "1" (dimensionless) words from the variable's
 * name. */
static void unit_words(const char *u, const char *var, char *buf, size_t len)
{
    if (strcmp(u, "1") != 0)
        snprintf(buf, len, "%s", u);
    else if (strstr(var, "share") != NULL || strcmp(var, "alive") == 0)
        snprintf(buf, len, "part (share)");
    else if (strstr(var, "ratio") != NULL)
        snprintf(buf, len, "ratio");
    else if (strncmp(var, "alliance_", 9) == 0)
        snprintf(buf, len, "force 0–1 (strength)");
    else
        snprintf(buf, len, "sans unité (dimensionless)");
}

/* unit_words for a variable's bands. */
static void unit_label(const struct figures *f, const char *var, char *buf,
                       size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "/bands/%s", var);
    size_t n = 0;
    char **units = h5read_strings_at(f->fid, path, "units", &n);
    unit_words(units != NULL && n > 0 ? units[0] : "1", var, buf, len);
    h5read_strings_free(units);
}

/* A variable's name as the page titles its chart (report.js, labelOf):
 * the long_name of its bands, or of its summary, or the variable. */
static void long_name(const struct figures *f, const char *var, char *buf,
                      size_t len)
{
    static const char *const groups[] = {"/bands", "/summary"};
    snprintf(buf, len, "%s", var);
    for (int g = 0; g < 2; g++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", groups[g], var);
        size_t n = 0;
        char **name = h5read_strings_at(f->fid, path, "long_name", &n);
        int found = name != NULL && n > 0 && name[0][0] != '\0';
        if (found)
            snprintf(buf, len, "%s", name[0]);
        h5read_strings_free(name);
        if (found)
            return;
    }
}

/* A territory's run: the page's five fans (report.js, territoryReport),
 * with its titles, legends and axis units. */
static sim_status territory_figures(struct figures *f)
{
    static const struct {
        const char *id, *title;
        struct series s[3];
        int ns;
    } fans[] = {
        {"territory-prime",
         "prime à l'alliance: territoire et organisations (macro and micro "
         "premium)",
         {{"", "territory_prime_eur", "territoire (macro)"},
          {"", "engagement_prime_eur", "dont l'engagement"},
          {"", "micro_prime_sum_eur", "somme des organisations (micro)"}},
         3},
        {"territory-value",
         "valeur créée (value created)",
         {{"", "territory_value_eur", "avec alliances (with)"},
          {"", "territory_value_without_alliances_eur", "sans (without)"}},
         2},
        {"territory-adoption",
         "entreprises partenaires (firms partnering)",
         {{"", "firms_partnering_share", "part des entreprises (share)"}},
         1},
        {"territory-links",
         "alliances entreprises-organisations (links)",
         {{"", "links_positioning", "positionnement"},
          {"", "links_production", "production / diffusion"},
          {"", "links_pooled_means", "moyens"}},
         3},
        {"territory-alive",
         "organisations en activité (organisations alive)",
         {{"", "organisations_alive", "avec alliances (with)"},
          {"", "organisations_alive_without_alliances", "sans (without)"}},
         2}};
    sim_status st = SIM_OK;
    for (size_t i = 0; st == SIM_OK && i < sizeof fans / sizeof fans[0]; i++) {
        char units[160];
        unit_label(f, fans[i].s[0].var, units, sizeof units);
        st = fan(f, fans[i].id, fans[i].title, units, fans[i].s, fans[i].ns);
    }
    return st;
}

/* The fund's metrics (docs/model.md) as the page draws them: the axis
 * title for a dimensionless metric (its file unit "1"), and shares in
 * percent. */
static const struct {
    const char *key, *title, *axis;
    int share;
} FUND_METRICS[] = {
    {"frugality", "frugalité (frugality)", "ratio (control / treatment)", 0},
    {"durability", "durabilité (durability)", "ratio (control / treatment)", 0},
    {"leverage", "effet de levier (leverage)", "EUR / EUR investi (invested)",
     0},
    {"value_leverage", "valeur par euro investi (value per euro)",
     "EUR de valeur / EUR investi", 0},
    {"prime_alliance_eur", "prime à l'alliance (alliance premium)", NULL, 0},
    {"prime_alliance_share", "part de la prime (premium share)",
     "% de la valeur (of value)", 1},
    {"survival_treatment", "survie, avec (survival, treatment)",
     "% en activité (alive)", 1},
    {"survival_control", "survie, sans (survival, control)",
     "% en activité (alive)", 1}};

static sim_status compare_metrics(struct figures *f)
{
    size_t n_metrics = sizeof FUND_METRICS / sizeof FUND_METRICS[0];
    sim_status st = SIM_OK;
    for (size_t k = 0; st == SIM_OK && k < n_metrics; k++) {
        char path[128];
        snprintf(path, sizeof path, "/compare/%s", FUND_METRICS[k].key);
        int rank;
        size_t dims[4], nu = 0;
        double *v = h5read_doubles(f->fid, path, &rank, dims);
        char **units = h5read_strings_at(f->fid, path, "units", &nu);
        if (v != NULL && rank == 2 && dims[1] == 3 &&
            dims[0] <= f->n_horizons) {
            double est[8], lo[8], hi[8];
            const char *labels[8];
            double scale = FUND_METRICS[k].share ? 100.0 : 1.0;
            for (size_t h = 0; h < dims[0]; h++) {
                est[h] = scale * v[h * 3];
                lo[h] = scale * v[h * 3 + 1];
                hi[h] = scale * v[h * 3 + 2];
                labels[h] = f->horizon_labels[h];
            }
            const double *ev[1] = {est}, *lv[1] = {lo}, *hv[1] = {hi};
            const char *names[1] = {"estimation et intervalle à 90 % "
                                    "(estimate, 90% interval)"};
            /* "1" is dimensionless: the metric says what it counts; a
             * total in EUR is per replicate. */
            const char *unit = units && nu ? units[0] : "1";
            char axis[160];
            if (strcmp(unit, "1") == 0 && FUND_METRICS[k].axis != NULL)
                snprintf(axis, sizeof axis, "%s", FUND_METRICS[k].axis);
            else
                snprintf(axis, sizeof axis, "%s / réplication (replicate)",
                         unit);
            char id[64];
            snprintf(id, sizeof id, "metric-%s", FUND_METRICS[k].key);
            st = bars(f, id, FUND_METRICS[k].title, "horizon", axis, dims[0],
                      labels, 1, ev, lv, hv, names, 0);
        }
        sim_free(v);
        h5read_strings_free(units);
    }
    return st;
}

/* compare --with: B − A for the page's variables (report.js, WITH_VARS)
 * at each horizon, with its 90% interval, titled by the variable's name
 * and its axis by its unit, as the page draws them. */
static sim_status compare_differences(struct figures *f)
{
    static const char *const vars[] = {
        "cash_eur",           "funding_total_eur",  "cost_total_eur",
        "value_produced_eur", "prime_alliance_eur", "workforce_fte",
        "alive"};
    size_t nv = 0, nu = 0, d[4];
    int rank;
    char **names = h5read_strings_at(f->fid, "/compare/variable", NULL, &nv);
    char **units =
        h5read_strings_at(f->fid, "/compare/variable_unit", NULL, &nu);
    double *diff = h5read_doubles(f->fid, "/compare/difference", &rank, d);
    sim_status st = SIM_OK;
    if (names == NULL || diff == NULL || rank != 3 || d[0] != nv ||
        d[2] != 3 || d[1] > f->n_horizons || d[1] > 8)
        goto done;
    for (size_t k = 0; st == SIM_OK && k < sizeof vars / sizeof *vars; k++) {
        size_t i = 0;
        while (i < nv && strcmp(names[i], vars[k]) != 0)
            i++;
        if (i == nv)
            continue;
        double est[8], lo[8], hi[8];
        const char *labels[8];
        for (size_t h = 0; h < d[1]; h++) {
            const double *r = diff + (i * d[1] + h) * 3;
            est[h] = r[0];
            lo[h] = r[1];
            hi[h] = r[2];
            labels[h] = f->horizon_labels[h];
        }
        const double *ev[1] = {est}, *lv[1] = {lo}, *hv[1] = {hi};
        const char *legend_names[1] = {
            "B − A et son intervalle à 90 % (B − A, 90% interval)"};
        char id[96], title[256], axis[160];
        snprintf(id, sizeof id, "difference-%s", vars[k]);
        long_name(f, vars[k], title, sizeof title);
        unit_words(units != NULL && i < nu ? units[i] : "1", vars[k], axis,
                   sizeof axis);
        st = bars(f, id, title, "horizon", axis, d[1], labels, 1, ev, lv, hv,
                  legend_names, 2);
    }
done:
    sim_free(diff);
    h5read_strings_free(names);
    h5read_strings_free(units);
    return st;
}

static sim_status sweep_figures(struct figures *f)
{
    int rank;
    size_t vd[4], od[4], np = 0, no = 0, nu = 0;
    double *vals = h5read_doubles(f->fid, "/design/values", &rank, vd);
    int orank = 0;
    double *outs = h5read_doubles(f->fid, "/outputs", &orank, od);
    char **params = h5read_strings_at(f->fid, "/parameter", NULL, &np);
    /* Each parameter's unit: /parameter_unit, or the attribute of files
     * written before it. */
    char **units = h5read_strings_at(f->fid, "/parameter_unit", NULL, &nu);
    if (units == NULL)
        units = h5read_strings_at(f->fid, "/parameter", "units", &nu);
    char **outputs = h5read_strings_at(f->fid, "/output", NULL, &no);
    double *hz = NULL;
    size_t hd[4];
    int hrank;
    hz = h5read_doubles(f->fid, "/horizon", &hrank, hd);
    sim_status st = SIM_OK;
    double *x = NULL, *y = NULL;
    if (vals == NULL || outs == NULL || params == NULL || outputs == NULL ||
        hz == NULL || rank != 2 || orank != 3 || vd[1] != np ||
        od[1] != no || od[0] != vd[0])
        goto done;
    size_t n = vd[0], k = vd[1], nh = od[2];
    x = sim_calloc(n ? n : 1, sizeof *x);
    y = sim_calloc(n ? n : 1, sizeof *y);
    if (x == NULL || y == NULL) {
        st = sim_fail(f->err, SIM_ERR_NOMEM, "out of memory for scatter");
        goto done;
    }
    for (size_t h = 0; st == SIM_OK && h < nh; h++)
        for (size_t o = 0; st == SIM_OK && o < no; o++)
            for (size_t j = 0; st == SIM_OK && j < k; j++) {
                for (size_t i = 0; i < n; i++) {
                    x[i] = vals[i * k + j];
                    y[i] = outs[(i * no + o) * nh + h];
                }
                char id[80], title[512], xl[300], yl[300];
                snprintf(id, sizeof id, "scatter-%zu-%zu-%zu", h, o, j);
                snprintf(title, sizeof title, "%s / %s", outputs[o],
                         params[j]);
                const char *unit = units && j < nu ? units[j] : "1";
                snprintf(xl, sizeof xl, "%s (%s)", params[j],
                         strcmp(unit, "1") == 0 ? "sans unité, dimensionless"
                                                : unit);
                snprintf(yl, sizeof yl, "%s, horizon %g mois (months)",
                         outputs[o], hz[h]);
                st = scatter(f, id, title, xl, yl, n, x, y, NULL);
            }
done:
    sim_free(x);
    sim_free(y);
    sim_free(vals);
    sim_free(outs);
    sim_free(hz);
    h5read_strings_free(params);
    h5read_strings_free(units);
    h5read_strings_free(outputs);
    return st;
}

static sim_status sensitivity_figures(struct figures *f)
{
    size_t np = 0, no = 0, hd[4], d[4];
    int hrank, rank;
    char **params = h5read_strings_at(f->fid, "/parameter", NULL, &np);
    char **outputs = h5read_strings_at(f->fid, "/output", NULL, &no);
    double *hz = h5read_doubles(f->fid, "/horizon", &hrank, hd);
    static const char *const names[] = {"S1", "S1_low", "S1_high",
                                        "ST", "ST_low", "ST_high"};
    double *sob[6] = {NULL};
    double *mu = h5read_doubles(f->fid, "/morris/mu_star", &rank, d);
    double *sigma = h5read_doubles(f->fid, "/morris/sigma", &rank, d);
    sim_status st = SIM_OK;
    if (params == NULL || outputs == NULL || hz == NULL)
        goto done;
    size_t nh = hd[0];
    for (int i = 0; i < 6; i++) {
        char path[64];
        snprintf(path, sizeof path, "/sobol/%s", names[i]);
        sob[i] = h5read_doubles(f->fid, path, &rank, d);
        if (sob[i] != NULL && (rank != 3 || d[0] != no || d[1] != nh ||
                               d[2] != np)) {
            sim_free(sob[i]);
            sob[i] = NULL;
        }
    }
    for (size_t o = 0; st == SIM_OK && sob[0] && sob[3] && o < no; o++)
        for (size_t h = 0; st == SIM_OK && h < nh; h++) {
            size_t b = (o * nh + h) * np;
            const double *val[2] = {sob[0] + b, sob[3] + b};
            const double *lo[2] = {sob[1] ? sob[1] + b : NULL,
                                   sob[4] ? sob[4] + b : NULL};
            const double *hi[2] = {sob[2] ? sob[2] + b : NULL,
                                   sob[5] ? sob[5] + b : NULL};
            const char *legend_names[2] = {"S1 (premier ordre, first order)",
                                           "ST (total)"};
            char id[64], title[512];
            snprintf(id, sizeof id, "sobol-%zu-%zu", o, h);
            snprintf(title, sizeof title, "%s, horizon %g mois (months)",
                     outputs[o], hz[h]);
            st =
                bars(f, id, title, "paramètre (parameter)",
                     "indice, de 0 à 1 (index, 0 to 1)", np,
                     (const char *const *)params, 2, val, lo, hi, legend_names,
                     0);
        }
    for (size_t o = 0; st == SIM_OK && mu && sigma && o < no; o++)
        for (size_t h = 0; st == SIM_OK && h < nh; h++) {
            size_t b = (o * nh + h) * np;
            char id[64], title[512];
            snprintf(id, sizeof id, "morris-%zu-%zu", o, h);
            snprintf(title, sizeof title, "%s, horizon %g mois (months)",
                     outputs[o], hz[h]);
            st = scatter(f, id, title, "mu* (effet moyen absolu, mean |effect|)",
                         "sigma (écart type des effets, std. dev.)", np,
                         mu + b, sigma + b, (const char *const *)params);
        }
done:
    for (int i = 0; i < 6; i++)
        sim_free(sob[i]);
    sim_free(mu);
    sim_free(sigma);
    sim_free(hz);
    h5read_strings_free(params);
    h5read_strings_free(outputs);
    return st;
}

/* Report horizons (months), their labels ("stratégique (6 ans)") and the
 * names their lines carry (attribute short_label: "stratégique" at 84
 * months); a file written before short_label has its labels on the lines
 * too. */
static void read_horizons(struct figures *f)
{
    int rank;
    size_t d[4], nl = 0, ns = 0;
    double *h = h5read_doubles(f->fid, "/summary/horizon", &rank, d);
    char **labels = h5read_strings_at(f->fid, "/summary/horizon", "label",
                                      &nl);
    char **shorts = h5read_strings_at(f->fid, "/summary/horizon",
                                      "short_label", &ns);
    f->n_horizons = 0;
    for (size_t i = 0; h != NULL && rank == 1 && i < d[0] && i < 8; i++) {
        f->horizons[i] = h[i];
        if (labels != NULL && i < nl)
            snprintf(f->horizon_labels[i], sizeof f->horizon_labels[i], "%s",
                     labels[i]);
        else
            snprintf(f->horizon_labels[i], sizeof f->horizon_labels[i],
                     "%g mois", h[i]);
        snprintf(f->horizon_names[i], sizeof f->horizon_names[i], "%s",
                 shorts != NULL && i < ns ? shorts[i] : f->horizon_labels[i]);
        f->n_horizons++;
    }
    sim_free(h);
    h5read_strings_free(labels);
    h5read_strings_free(shorts);
}

sim_status report_figures_check(const char *h5_path, char *err)
{
    if (H5Fis_hdf5(h5_path) <= 0)
        return SIM_OK;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fid = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0)
        return SIM_OK;
    /* docs/calibration.md: calibrate's /fits, compare's /ensemble. */
    const char *what =
        h5read_exists(fid, "/fits")       ? "the fits of calibrate --ensemble"
        : h5read_exists(fid, "/ensemble") ? "the output of compare --ensemble"
                                          : NULL;
    H5Fclose(fid);
    if (what == NULL)
        return SIM_OK;
    return sim_fail(err, SIM_ERR_IO,
                    "%s holds %s: its report is a page of tables, with no "
                    "figures to draw (--figures draws the files of run, "
                    "compare, sweep and sensitivity)",
                    h5_path, what);
}

sim_status report_figures_write(const char *h5_path, const char *dir,
                                enum figure_format fmt, int *count, char *err)
{
    *count = 0;
    char probe[4096];
    if (snprintf(probe, sizeof probe, "%s/x", dir) >= (int)sizeof probe)
        return sim_fail(err, SIM_ERR_IO, "figure directory name too long");
    if (h5u_mkdir_parents(probe, err) != 0)
        return SIM_ERR_IO;
    struct stat st_dir;
    if (stat(dir, &st_dir) != 0 || !S_ISDIR(st_dir.st_mode))
        return sim_fail(err, SIM_ERR_IO, "%s is not a directory", dir);
    if (H5Fis_hdf5(h5_path) <= 0)
        return sim_fail(err, SIM_ERR_IO, "%s is not an HDF5 file", h5_path);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fid = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0)
        return sim_fail(err, SIM_ERR_HDF5, "cannot open %s", h5_path);
    struct figures f = {.fid = fid, .h5_path = h5_path, .dir = dir,
                        .fmt = fmt, .err = err};
    read_horizons(&f);
    size_t nk = 0;
    char **kind = h5read_strings_at(fid, "/", "kind", &nk);
    sim_status st = SIM_OK;
    if (kind != NULL && nk == 1 && strcmp(kind[0], "sensitivity") == 0) {
        st = sensitivity_figures(&f);
        if (st == SIM_OK)
            st = sweep_figures(&f);
    } else if (kind != NULL && nk == 1 && strcmp(kind[0], "sweep") == 0)
        st = sweep_figures(&f);
    else if (h5read_exists(fid, "/compare/difference")) {
        st = run_figures(&f, 2);
        if (st == SIM_OK)
            st = compare_differences(&f);
    }
    else if (h5read_exists(fid, "/compare")) {
        st = run_figures(&f, 1);
        if (st == SIM_OK)
            st = compare_metrics(&f);
    } else if (h5read_exists(fid, "/bands/territory_prime_eur"))
        st = territory_figures(&f);
    else if (h5read_exists(fid, "/summary"))
        st = run_figures(&f, 0);
    h5read_strings_free(kind);
    H5Fclose(fid);
    *count = f.count;
    if (st == SIM_OK && f.count == 0)
        st = sim_fail(err, SIM_ERR_IO,
                      "%s holds nothing to draw (expected the file of run, "
                      "compare, sweep or sensitivity, with its /bands)",
                      h5_path);
    return st;
}
