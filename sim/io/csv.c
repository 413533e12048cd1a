/*
 * csv.c - RFC 4180 CSV outputs through a temporary and a rename.
 */
#include "csv.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "h5util.h"
#include "outfile.h"
#include "sim/core/alloc.h"
#include "sim/core/numtext.h"

struct csv_writer {
    FILE *out;
    int first_in_row;
    int committed;
    char path[PATH_MAX];
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA];
};

struct csv_writer *csv_writer_new(const char *path, char *err)
{
    struct csv_writer *w = sim_calloc(1, sizeof *w);
    if (w == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (strlen(path) >= sizeof w->path) {
        sim_fail(err, SIM_ERR_USAGE, "%s: path too long", path);
        sim_free(w);
        return NULL;
    }
    snprintf(w->path, sizeof w->path, "%s", path);
    w->out = outfile_tmp_fopen(path, w->tmp, sizeof w->tmp, "w", err);
    if (w->out == NULL) {
        sim_free(w);
        return NULL;
    }
    w->first_in_row = 1;
    return w;
}

static void separator(struct csv_writer *w)
{
    if (!w->first_in_row)
        fputc(',', w->out);
    w->first_in_row = 0;
}

void csv_text(struct csv_writer *w, const char *s)
{
    separator(w);
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, w->out);
        return;
    }
    fputc('"', w->out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', w->out);
        fputc(*p, w->out);
    }
    fputc('"', w->out);
}

void csv_texts(struct csv_writer *w, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_text(w, texts[i]);
}

void csv_number(struct csv_writer *w, double x)
{
    separator(w);
    char buf[SIM_REAL_TEXT_LEN];
    if (sim_format_real(buf, x))
        fputs(buf, w->out);
}

void csv_integer(struct csv_writer *w, long x)
{
    separator(w);
    fprintf(w->out, "%ld", x);
}

void csv_end_row(struct csv_writer *w)
{
    fputs("\r\n", w->out);
    w->first_in_row = 1;
}

sim_status csv_writer_commit(struct csv_writer *w, char *err)
{
    int failed = ferror(w->out);
    int saved = errno;
    if (fclose(w->out) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    w->out = NULL;
    if (failed)
        return sim_fail(err, SIM_ERR_IO, "%s: write error: %s", w->path,
                        strerror(saved));
    sim_status st = h5u_commit(w->tmp, w->path, NULL, err);
    if (st == SIM_OK)
        w->committed = 1;
    return st;
}

void csv_writer_free(struct csv_writer *w)
{
    if (w == NULL)
        return;
    if (w->out != NULL)
        fclose(w->out);
    if (!w->committed)
        unlink(w->tmp);
    sim_free(w);
}

int csv_path_beside(const char *h5, const char *suffix, char *csv, size_t len)
{
    size_t n = strlen(h5);
    if (n >= 3 && strcmp(h5 + n - 3, ".h5") == 0)
        n -= 3;
    int wrote = snprintf(csv, len, "%.*s%s.csv", (int)n, h5, suffix);
    if (wrote < 0 || (size_t)wrote >= len) {
        if (len > 0)
            csv[0] = '\0';
        return -1;
    }
    return 0;
}
