#include "tables.h"

#include <math.h>
#include <string.h>

#include "csv.h"
#include "sim/core/numtext.h"
#include "h5json.h"

/* Rows of the table: a variable, how to show it, and its row label. */
enum row_format { FMT_FTE, FMT_EUR, FMT_STRENGTH, FMT_SHARE, FMT_SHARE_CELL };

struct table_row {
    const char *section; /* printed before the row when not NULL */
    const char *var;
    enum row_format format;
    const char *label;
};

static const struct table_row table_rows[] = {
    {"Portefeuille (portfolio)", "projects_alive", FMT_FTE,
     "projets en activité (alive)"},
    {NULL, "projects_rd", FMT_FTE, "  en R&D sociétale"},
    {NULL, "projects_qualification", FMT_FTE, "  en qualification"},
    {NULL, "projects_deployment", FMT_FTE, "  en déploiement"},
    {NULL, "fund_invested_eur", FMT_EUR, "investi par le fonds, EUR/m"},
    {"Territoire (territory)", "firms_partnering_share", FMT_SHARE_CELL,
     "entreprises partenaires (firms)"},
    {NULL, "links_positioning", FMT_FTE, "  alliances de positionnement"},
    {NULL, "links_production", FMT_FTE, "  alliances de production"},
    {NULL, "links_pooled_means", FMT_FTE, "  alliances de moyens"},
    {NULL, "organisations_alive", FMT_FTE, "organisations en activité"},
    {NULL, "organisations_alive_without_alliances", FMT_FTE,
     "  sans alliances (without)"},
    {NULL, "territory_value_eur", FMT_EUR, "valeur créée (value), EUR/m"},
    {NULL, "territory_value_without_alliances_eur", FMT_EUR,
     "  sans alliances (without), EUR/m"},
    {NULL, "territory_prime_eur", FMT_EUR, "prime du territoire (macro), EUR/m"},
    {NULL, "engagement_prime_eur", FMT_EUR,
     "  dont l'engagement, EUR/m"},
    {NULL, "micro_prime_sum_eur", FMT_EUR,
     "somme des primes (micro), EUR/m"},
    {NULL, "pot_redistributed_eur", FMT_EUR, "pot 10+1% redistribué, EUR/m"},
    {"Richesses humaines (human resources)", "employees_fte", FMT_FTE,
     "salariés (employees), FTE"},
    {NULL, "volunteers_fte", FMT_FTE, "bénévoles (volunteers), FTE"},
    {NULL, "civic_service_fte", FMT_FTE, "services civiques (civic), FTE"},
    {NULL, "interns_fte", FMT_FTE, "stagiaires (interns), FTE"},
    {NULL, "skills_sponsorship_fte", FMT_FTE, "mécénat de compétences (skills), FTE"},
    {NULL, "workforce_fte", FMT_FTE, "effectif total (workforce), FTE"},
    {NULL, "valued_engagement_eur", FMT_EUR,
     "engagement valorisé (valued), EUR/m"},
    {"Ressources financières (funding)", "cash_eur", FMT_EUR,
     "trésorerie (cash), EUR"},
    {NULL, "funding_total_eur", FMT_EUR, "ressources (funding), EUR/m"},
    {NULL, "cost_total_eur", FMT_EUR, "charges (costs), EUR/m"},
    {"Alliances (strength 0-1)", "alliance_positioning", FMT_STRENGTH,
     "de positionnement (positioning)"},
    {NULL, "alliance_production", FMT_STRENGTH, "de production / diffusion"},
    {NULL, "alliance_pooled_means", FMT_STRENGTH, "de moyens (pooled means)"},
    {"Valeur et survie (value and survival)", "value_produced_eur", FMT_EUR,
     "valeur produite (value), EUR/m"},
    {NULL, "prime_alliance_eur", FMT_EUR, "prime à l'alliance, EUR/m"},
    {NULL, "prime_alliance_share", FMT_SHARE_CELL,
     "prime à l'alliance, share of value"},
};

/* The funding mix: each source's share of mean total funding. */
static const struct {
    const char *var;
    const char *key;
    const char *label;
} mix_rows[] = {
    {"funding_subsidy_eur", "subsidy", "subvention publique"},
    {"funding_philanthropy_eur", "philanthropy", "mécénat (philanthropy)"},
    {"funding_crowdfunding_eur", "crowdfunding", "crowdfunding"},
    {"funding_social_investment_eur", "social_investment",
     "investissement sociétal"},
    {"funding_earned_income_eur", "earned_income", "revenus d'activité"},
    {"funding_fund_eur", "fund", "fonds (fund grant)"},
};

#define N_ROWS (sizeof table_rows / sizeof table_rows[0])
#define N_MIX (sizeof mix_rows / sizeof mix_rows[0])
#define LABEL_WIDTH 39
#define CELL_WIDTH 26

/* Pads a UTF-8 string to `width` columns (counting code points). */
/* s, then spaces to width columns (UTF-8 characters counted once), and at
 * least one: a cell wider than its column (territories' hundreds of
 * millions with their interval) must not run into the next. */
static void print_padded(FILE *out, const char *s, int width)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols++;
    fputs(s, out);
    do
        fputc(' ', out);
    while (++cols < width);
}

static void format_number(char *buf, size_t len, double x, enum row_format fmt)
{
    switch (fmt) {
    case FMT_FTE:
        snprintf(buf, len, "%.1f", x);
        break;
    case FMT_STRENGTH:
        snprintf(buf, len, "%.2f", x);
        break;
    case FMT_SHARE:
    case FMT_SHARE_CELL:
        snprintf(buf, len, "%.0f%%", 100.0 * x);
        break;
    case FMT_EUR:
        if (fabs(x) >= 1e6)
            snprintf(buf, len, "%.2fM", x / 1e6);
        else if (fabs(x) >= 1e4)
            snprintf(buf, len, "%.0fk", x / 1e3);
        else
            snprintf(buf, len, "%.0f", x);
        break;
    }
}

static double stat_of(const struct model_type *model, const struct summary *s,
                      const char *var, int h, enum summary_stat stat)
{
    long v = model_var_index(model, var);
    return v < 0 ? NAN : summary_get(s, (size_t)v, h, stat);
}

static void print_cell(FILE *out, const struct model_type *model,
                       const struct summary *s, const char *var, int h,
                       enum row_format fmt)
{
    char mean[32], lo[32], hi[32], cell[100];
    format_number(mean, sizeof mean, stat_of(model, s, var, h, STAT_MEAN), fmt);
    format_number(lo, sizeof lo, stat_of(model, s, var, h, STAT_P05), fmt);
    format_number(hi, sizeof hi, stat_of(model, s, var, h, STAT_P95), fmt);
    snprintf(cell, sizeof cell, "%s [%s, %s]", mean, lo, hi);
    print_padded(out, cell, CELL_WIDTH);
}

static double mix_share(const struct model_type *model, const struct summary *s,
                        size_t i, int h)
{
    double total = stat_of(model, s, "funding_total_eur", h, STAT_MEAN);
    double part = stat_of(model, s, mix_rows[i].var, h, STAT_MEAN);
    return total > 0.0 ? part / total : 0.0;
}

static void print_stat_cell(FILE *out, const double *stats, double weight)
{
    char cell[100];
    if (weight >= 0.0)
        snprintf(cell, sizeof cell, "%.2f [%.2f, %.2f] x%.0f%%",
                 stats[STAT_MEAN], stats[STAT_P05], stats[STAT_P95],
                 100.0 * weight);
    else
        snprintf(cell, sizeof cell, "%.2f [%.2f, %.2f]", stats[STAT_MEAN],
                 stats[STAT_P05], stats[STAT_P95]);
    print_padded(out, cell, CELL_WIDTH);
}

/* The horizon matrix: lever indicators with their weight at each horizon,
 * the horizon scores, and the barycentre's weighted score. */
static void print_matrix(FILE *out, const struct summary *s)
{
    static const char *const short_labels[LEVER_COUNT] = {
        "gestion régulatrice",
        "action collective transformatrice",
        "vision partagée",
    };
    fputs("Matrice des horizons (horizon matrix of Le RAMEAU: regulatory "
          "management,\n  transformative collective action, shared vision; "
          "lever indicators 0-1, x weight)\n",
          out);
    for (int l = 0; l < LEVER_COUNT; l++) {
        fputs("  ", out);
        print_padded(out, short_labels[l], LABEL_WIDTH - 2);
        for (int h = 0; h < s->n_scored; h++)
            print_stat_cell(out, s->levers[h][l],
                            horizon_matrix[l][s->column[h]]);
        fputc('\n', out);
    }
    fputs("  ", out);
    print_padded(out, "score de l'horizon (horizon score)", LABEL_WIDTH - 2);
    for (int h = 0; h < s->n_scored; h++)
        print_stat_cell(out, s->score[h], -1.0);
    fputc('\n', out);
    if (s->has_weighted) {
        fprintf(out,
                "  barycentre %.0f%% / %.0f%% / %.0f%%: lever weights %.0f%% / "
                "%.0f%% / %.0f%%, weighted score %.2f [%.2f, %.2f]\n",
                100 * s->barycentre[0], 100 * s->barycentre[1],
                100 * s->barycentre[2], 100 * s->lever_weights[0],
                100 * s->lever_weights[1], 100 * s->lever_weights[2],
                s->weighted_score[STAT_MEAN], s->weighted_score[STAT_P05],
                s->weighted_score[STAT_P95]);
    }
}

/* p50 [p05, p95] of a treasury statistic in months, or "-" when there is
 * nothing to summarise. */
static void print_months_cell(FILE *out, const double *stats)
{
    char cell[100];
    if (isnan(stats[TSTAT_P50]))
        snprintf(cell, sizeof cell, "-");
    else if (isinf(stats[TSTAT_P95]))
        snprintf(cell, sizeof cell, "%.1f [%.1f, endless]", stats[TSTAT_P50],
                 stats[TSTAT_P05]);
    else
        snprintf(cell, sizeof cell, "%.1f [%.1f, %.1f]", stats[TSTAT_P50],
                 stats[TSTAT_P05], stats[TSTAT_P95]);
    print_padded(out, cell, CELL_WIDTH);
}

static void print_share_cell(FILE *out, double x)
{
    char cell[32];
    if (isnan(x))
        snprintf(cell, sizeof cell, "-");
    else
        format_number(cell, sizeof cell, x, FMT_SHARE);
    print_padded(out, cell, CELL_WIDTH);
}

/* What a treasurer asks, among the organisations alive at each horizon. */
static void print_treasury(FILE *out, const struct summary *s)
{
    const struct treasury *t = &s->treasury;
    fputs("Trésorerie (treasurer's view, among live organisations; months: "
          "median [5%, 95%])\n",
          out);
    fputs("  ", out);
    print_padded(out, "passée sous zéro (went below 0)", LABEL_WIDTH - 2);
    for (int h = 0; h < t->n_horizons; h++)
        print_share_cell(out, t->p_below_zero[h]);
    fputs("\n  ", out);
    print_padded(out, "au-delà du découvert (overdraft)", LABEL_WIDTH - 2);
    for (int h = 0; h < t->n_horizons; h++)
        print_share_cell(out, t->p_beyond_overdraft[h]);
    fputs("\n  ", out);
    print_padded(out, "autonomie (cash runway), months", LABEL_WIDTH - 2);
    for (int h = 0; h < t->n_horizons; h++)
        print_months_cell(out, t->runway_months[h]);
    fputs("\n  ", out);
    print_padded(out, "premier mois sous zéro (first)", LABEL_WIDTH - 2);
    /* None went below zero: never, not a missing figure ("-": none
     * alive). */
    for (int h = 0; h < t->n_horizons; h++)
        if (t->live[h] > 0 && t->at_risk[h] == 0)
            print_padded(out, "jamais (never)", CELL_WIDTH);
        else
            print_months_cell(out, t->first_month_at_risk[h]);
    fputc('\n', out);
}

void tables_print(FILE *out, const struct scenario *sc,
                  const struct model_type *model, const struct summary *s,
                  const char *output_path)
{
    char label[64];
    fprintf(out, "alliance-sim: %s (%s)\n", sc->org.name, sc->path);
    fprintf(out,
            "%ld replicates, %ld months, seed %ld. Cells: mean [5%%, 95%%] "
            "across replicates; EUR/m = per month.\n\n",
            s->replicates, sc->settings.months, sc->settings.seed);
    print_padded(out, "", LABEL_WIDTH);
    for (int h = 0; h < s->n_horizons; h++)
        print_padded(out,
                     summary_horizon_label(s->horizons[h], label, sizeof label),
                     CELL_WIDTH);
    fputc('\n', out);

    const char *pending_section = NULL;
    for (size_t r = 0; r < N_ROWS; r++) {
        const struct table_row *row = &table_rows[r];
        if (row->section != NULL)
            pending_section = row->section;
        /* Rows of variables the model does not have (a portfolio's, for one
         * organisation) are left out. */
        if (model_var_index(model, row->var) < 0)
            continue;
        if (pending_section != NULL) {
            fprintf(out, "%s\n", pending_section);
            pending_section = NULL;
        }
        fputs("  ", out);
        print_padded(out, row->label, LABEL_WIDTH - 2);
        for (int h = 0; h < s->n_horizons; h++)
            print_cell(out, model, s, row->var, h, row->format);
        fputc('\n', out);
        if (strcmp(row->var, "cost_total_eur") == 0) {
            for (size_t i = 0; i < N_MIX; i++) {
                char name[80], cell[32];
                snprintf(name, sizeof name, "  part %s", mix_rows[i].label);
                fputs("  ", out);
                print_padded(out, name, LABEL_WIDTH - 2);
                for (int h = 0; h < s->n_horizons; h++) {
                    format_number(cell, sizeof cell, mix_share(model, s, i, h),
                                  FMT_SHARE);
                    print_padded(out, cell, CELL_WIDTH);
                }
                fputc('\n', out);
            }
        }
    }
    /* A territory counts its organisations alive instead. */
    if (model_var_index(model, "alive") >= 0) {
        fputs("  ", out);
        print_padded(out, "survie (survival share)", LABEL_WIDTH - 2);
        for (int h = 0; h < s->n_horizons; h++) {
            char cell[32];
            format_number(cell, sizeof cell,
                          stat_of(model, s, "alive", h, STAT_MEAN),
                          FMT_SHARE);
            print_padded(out, cell, CELL_WIDTH);
        }
        fputc('\n', out);
    }
    if (s->has_treasury)
        print_treasury(out, s);
    if (s->has_levers)
        print_matrix(out, s);
    fprintf(out, "\nWritten to %s\n", output_path);
}

void tables_json_number(FILE *out, double x)
{
    char buf[SIM_REAL_TEXT_LEN];
    fputs(sim_format_real(buf, x) ? buf : "null", out);
}

/* Writes the members "mean": x, "p05": ... of a JSON object. */
static void json_stats(FILE *out, const double *stats)
{
    for (int k = 0; k < STAT_COUNT; k++) {
        fprintf(out, "%s\"%s\": ", k == 0 ? "" : ", ", summary_stat_names[k]);
        tables_json_number(out, stats[k]);
    }
}

static void json_treasury(FILE *out, const struct treasury *t, int h)
{
    fprintf(out, ",\n     \"treasury\": {\"live\": %ld, \"p_below_zero\": ",
            t->live[h]);
    tables_json_number(out, t->p_below_zero[h]);
    fputs(", \"p_beyond_overdraft\": ", out);
    tables_json_number(out, t->p_beyond_overdraft[h]);
    fputs(", \"runway_months\": {", out);
    json_stats(out, t->runway_months[h]);
    fprintf(out, "}, \"at_risk\": %ld, \"first_month_at_risk\": {",
            t->at_risk[h]);
    json_stats(out, t->first_month_at_risk[h]);
    fputs("}}", out);
}

void tables_json(FILE *out, const struct scenario *sc,
                 const struct model_type *model, const struct summary *s,
                 const char *output_path)
{
    char label[64];
    fputs("{\n  \"scenario\": ", out);
    h5json_string(out, sc->path);
    fputs(",\n  \"organisation\": ", out);
    h5json_string(out, sc->org.name);
    fprintf(out,
            ",\n  \"seed\": %ld,\n  \"replicates\": %ld,\n"
            "  \"months\": %ld,\n  \"output\": ",
            sc->settings.seed, s->replicates, sc->settings.months);
    h5json_string(out, output_path);
    if (sc->org.events.count > 0) {
        fputs(",\n  \"events\": [", out);
        for (int i = 0; i < sc->org.events.count; i++) {
            const struct org_event *ev = &sc->org.events.list[i];
            fprintf(out, "%s\n    {\"month\": %ld, \"operation\": \"%s\", "
                         "\"setting\": ",
                    i ? "," : "", ev->month,
                    ev->op == ORG_EVENT_SET ? "set" : "add");
            h5json_string(out, sc->events[i].path);
            fputs(", \"value\": ", out);
            tables_json_number(out, ev->value);
            fputs("}", out);
        }
        fputs("\n  ]", out);
    }
    fputs(",\n  \"horizons\": [", out);
    for (int h = 0; h < s->n_horizons; h++) {
        fprintf(out, "%s\n    {\"months\": %ld, \"label\": ", h ? "," : "",
                s->horizons[h]);
        h5json_string(
            out, summary_horizon_label(s->horizons[h], label, sizeof label));
        fputs(", \"survival\": ", out);
        tables_json_number(out, stat_of(model, s, "alive", h, STAT_MEAN));
        fputs(",\n     \"funding_mix\": {", out);
        for (size_t i = 0; i < N_MIX; i++) {
            fprintf(out, "%s\"%s\": ", i ? ", " : "", mix_rows[i].key);
            tables_json_number(out, mix_share(model, s, i, h));
        }
        fputs("},\n     \"variables\": {", out);
        for (size_t v = 0; v < model->n_vars; v++) {
            fprintf(out, "%s\n       \"%s\": {", v ? "," : "",
                    model->vars[v].name);
            for (int k = 0; k < STAT_COUNT; k++) {
                fprintf(out, "%s\"%s\": ", k ? ", " : "",
                        summary_stat_names[k]);
                tables_json_number(out, summary_get(s, v, h, (enum summary_stat)k));
            }
            fputs("}", out);
        }
        fputs("}", out);
        if (s->has_treasury)
            json_treasury(out, &s->treasury, h);
        if (s->has_levers && h < s->n_scored) {
            fputs(",\n     \"levers\": {", out);
            for (int l = 0; l < LEVER_COUNT; l++) {
                fprintf(out, "%s\"%s\": {\"weight\": %.2f, ", l ? ", " : "",
                        lever_names[l], horizon_matrix[l][s->column[h]]);
                json_stats(out, s->levers[h][l]);
                fputs("}", out);
            }
            fputs("},\n     \"score\": {", out);
            json_stats(out, s->score[h]);
            fputs("},\n     \"matrix_column\": ", out);
            h5json_string(out, horizon_column_names[s->column[h]]);
        }
        fputs("}", out);
    }
    fputs("\n  ]", out);
    if (s->has_weighted) {
        fputs(",\n  \"matrix\": {\"barycentre\": [", out);
        for (int h = 0; h < HORIZON_COUNT; h++) {
            fputs(h ? ", " : "", out);
            tables_json_number(out, s->barycentre[h]);
        }
        fputs("], \"lever_weights\": {", out);
        for (int l = 0; l < LEVER_COUNT; l++) {
            fprintf(out, "%s\"%s\": ", l ? ", " : "", lever_names[l]);
            tables_json_number(out, s->lever_weights[l]);
        }
        fputs("}, \"weighted_score\": {", out);
        json_stats(out, s->weighted_score);
        fputs("}}", out);
    }
    fputs("\n}\n", out);
}

static void csv_stat_row(struct csv_writer *w, const char *variable,
                         long months, const char *stat, double value,
                         const char *unit)
{
    csv_text(w, variable);
    if (months >= 0)
        csv_integer(w, months);
    else
        csv_text(w, "");
    csv_text(w, stat);
    csv_number(w, value);
    csv_text(w, unit);
    csv_end_row(w);
}

/* The treasurer's figures of /summary/treasury at each horizon: counts and
 * shares of the live organisations, and the statistics (mean, p05, p50,
 * p95) of runway and first month below 0 among them. */
static void csv_treasury(struct csv_writer *w, const struct summary *s)
{
    const struct treasury *t = &s->treasury;
    for (int h = 0; h < s->n_horizons; h++) {
        long m = s->horizons[h];
        csv_stat_row(w, "treasury:live", m, "count", (double)t->live[h],
                     "organisation");
        csv_stat_row(w, "treasury:share_below_zero", m, "share",
                     t->p_below_zero[h], "1");
        csv_stat_row(w, "treasury:share_beyond_overdraft", m, "share",
                     t->p_beyond_overdraft[h], "1");
        for (int k = 0; k < TSTAT_COUNT; k++)
            csv_stat_row(w, "treasury:runway_months", m, summary_stat_names[k],
                         t->runway_months[h][k], "month");
        csv_stat_row(w, "treasury:at_risk", m, "count", (double)t->at_risk[h],
                     "organisation");
        for (int k = 0; k < TSTAT_COUNT; k++)
            csv_stat_row(w, "treasury:first_month_at_risk", m,
                         summary_stat_names[k], t->first_month_at_risk[h][k],
                         "month");
    }
}

sim_status tables_csv(const char *path, const struct model_type *model,
                      const struct summary *s, char *err)
{
    struct csv_writer *w = csv_writer_new(path, err);
    if (w == NULL)
        return SIM_ERR_IO;
    static const char *const header[] = {"variable", "horizon [month]",
                                         "statistic", "value", "unit"};
    csv_texts(w, header, sizeof header / sizeof *header);
    csv_end_row(w);
    for (size_t v = 0; v < model->n_vars; v++)
        for (int h = 0; h < s->n_horizons; h++)
            for (int k = 0; k < STAT_COUNT; k++)
                csv_stat_row(w, model->vars[v].name, s->horizons[h],
                             summary_stat_names[k],
                             summary_get(s, v, h, (enum summary_stat)k),
                             model->vars[v].unit);
    if (s->has_treasury)
        csv_treasury(w, s);
    char name[64];
    for (int h = 0; s->has_levers && h < s->n_scored; h++) {
        for (int l = 0; l < LEVER_COUNT; l++)
            for (int k = 0; k < STAT_COUNT; k++) {
                snprintf(name, sizeof name, "lever:%s", lever_names[l]);
                csv_stat_row(w, name, s->horizons[h], summary_stat_names[k],
                             s->levers[h][l][k], "1");
            }
        for (int k = 0; k < STAT_COUNT; k++)
            csv_stat_row(w, "horizon_score", s->horizons[h],
                         summary_stat_names[k], s->score[h][k], "1");
    }
    /* The weighted score spans the three horizons: no horizon of its own. */
    for (int k = 0; s->has_weighted && k < STAT_COUNT; k++)
        csv_stat_row(w, "weighted_score", -1, summary_stat_names[k],
                     s->weighted_score[k], "1");
    sim_status st = csv_writer_commit(w, err);
    csv_writer_free(w);
    return st;
}
