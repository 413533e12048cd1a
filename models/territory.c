/*
 * territory.c - the seven socio-economic models of a territory, stock-flow
 * consistent (see territory.h and docs/territory.md).
 */
#include "territory.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

const char *const sector_names[SECTOR_COUNT] = {
    "public_action", "households",      "firms",     "finance",
    "knowledge",     "public_services", "engagement"};

const char *const tfm_row_names[TFM_ROWS] = {
    "contribution",       "redistribution", "public_policies", "endowment",
    "subsidies",          "employment",     "consumption",     "use",
    "financial_services", "mobilisation",   "investment",      "residential",
    "deposits",           "loans"};

/* Months the sectors run on their own at init to reach the stationary
 * state of their spending rules (Godley and Lavoie's SIM model converges
 * at a monthly rate of about alpha2 / (1 - alpha1), 4% with the defaults:
 * 600 months leave e^-25 of the initial gap). */
#define WARM_UP_MONTHS 600

/* Bisection steps for the Bass coefficient: 2^-60 of the [0, 10] bracket. */
#define BASS_BISECTIONS 60

static inline double min_of(double a, double b)
{
    return b < a ? b : a;
}

static inline double max_of(double a, double b)
{
    return b > a ? b : a;
}

/* ---- parameters ---- */

#define TOFF(field) offsetof(struct territory_params, t.field)
#define TDBL(path, field, unit, def, lo, hi, desc, src)                        \
    {                                                                          \
        path, PARAM_DOUBLE, TOFF(field), unit, def, lo, hi, desc, src, NULL,   \
            NULL, 0                                                            \
    }
#define TINT(path, field, unit, def, lo, hi, desc, src)                        \
    {                                                                          \
        path, PARAM_INT, TOFF(field), unit, def, lo, hi, desc, src, NULL,      \
            NULL, 0                                                            \
    }

#define SRC_SYSTEMIC                                                            \
    "Cahier « Projets de territoire et modèles socio-économiques », « La " \
    "vision systémique de l'économie »"
#define SRC_BAROMETER                                                           \
    "Carnet « ODD 17 : Alliance & Territoire », Baromètre des partenariats " \
    "(firms of more than 10 employees)"
#define SRC_GL "method: Godley and Lavoie, Monetary Economics (2007), model SIM"
#define SRC_T_ASSUME "assumption (order of magnitude for France, to calibrate)"

static const struct param_desc territory_params_table[] = {
    TINT("territory.organisations", organisations, "organisation", 0, 0,
         TERRITORY_MAX_ORGS,
         "organisations of the engagement economy, each an instance of the "
         "organisation model made from this scenario's settings (0: no "
         "territory)",
         "assumption: a territory of about 100,000 inhabitants holds about "
         "200 employer associations (159,000 in France for 68 M people: "
         "Tchernonog and Prouteau, 2017 data)"),
    TINT("territory.firms", firms, "firm", 300, 1, TERRITORY_MAX_FIRMS,
         "firms of more than 10 employees, each of which may adopt "
         "partnership practices",
         "assumption: about 200,000 such firms in France for 68 M people, "
         "scaled to 100,000 inhabitants"),
    TDBL("territory.size_dispersion", size_dispersion, "1", 0.5, 0, 2,
         "sd of the log of the organisations' sizes (log-normal quantiles of "
         "mean 1 scaling the template's workforce, budgets and cash)",
         SRC_T_ASSUME),
    {"territory.alliances", PARAM_BOOL, TOFF(alliances), "-", 1, 0, 1,
     "the territory as it is has its alliances; false removes them, so the "
     "territory is its own counterfactual and its prime is zero",
     SRC_SYSTEMIC " (« prime à l'alliance »)", NULL, NULL, 0},
    TDBL("territory.public.tax_households", tax_households, "1", 0.3, 0, 0.9,
         "« contribution »: share of households' wages and interest paid to "
         "public action",
         "assumption: French compulsory levies are about 45% of GDP, part "
         "of them paid by firms"),
    TDBL("territory.public.tax_firms", tax_firms, "1", 0.15, 0, 0.9,
         "« contribution »: share of firms' receipts paid to public action",
         SRC_T_ASSUME),
    TDBL("territory.public.deficit_share", deficit_share, "1", 0, -0.5, 0.5,
         "public spending above last month's revenue, as a share of it, "
         "borrowed from finance (« prêt »)",
         "assumption: balanced, so that the territory has a stationary "
         "state"),
    TDBL("territory.public.debt_interest_per_year", debt_interest_per_year,
         "1/year", 0.03, 0, 0.5, "interest on the public debt", SRC_T_ASSUME),
    TDBL("territory.public.initial_debt_eur", initial_debt_eur, "EUR", 2e9, 0,
         1e13, "public debt at month 0",
         "assumption: about 110% of a year of the territory's value "
         "(France's debt ratio)"),
    TDBL("territory.public.endowment_services_share", endowment_services_share,
         "1", 0.35, 0, 1,
         "« dotation »: share of public spending endowing the public services",
         SRC_T_ASSUME),
    TDBL("territory.public.endowment_knowledge_share",
         endowment_knowledge_share, "1", 0.08, 0, 1,
         "« dotation »: share of public spending endowing academia",
         SRC_T_ASSUME),
    TDBL("territory.public.procurement_share", procurement_share, "1", 0.12, 0,
         1,
         "« politiques publiques »: share of public spending bought from "
         "firms (public procurement)",
         "assumption: French public procurement is about 8% of GDP"),
    TDBL("territory.households.initial_deposits_eur", initial_deposits_eur,
         "EUR", 3e9, 1, 1e13,
         "households' deposits before the warm-up: the territory's money "
         "stock, which sets the level of its flows",
         "assumption: about 30,000 EUR of liquid savings per inhabitant"),
    TDBL("territory.households.propensity_income", propensity_income, "1", 0.9,
         0.01, 1, "share of last month's disposable income spent",
         SRC_GL " (alpha1)"),
    TDBL("territory.households.propensity_wealth_per_year",
         propensity_wealth_per_year, "1/year", 0.05, 0.001, 1,
         "share of deposits spent in a year", SRC_GL " (alpha2)"),
    TDBL("territory.households.use_services_share", use_services_share, "1",
         0.05, 0, 1,
         "« usage »: share of households' spending paid to public services "
         "(fees)",
         SRC_T_ASSUME),
    TDBL("territory.households.use_knowledge_share", use_knowledge_share, "1",
         0.01, 0, 1,
         "« usage »: share of households' spending paid to academia (fees)",
         SRC_T_ASSUME),
    TDBL("territory.services.wage_share", services_wage_share, "1", 0.7, 0, 1,
         "« emploi »: share of public services' spending paid as wages (the "
         "rest is bought from local firms: « économie résidentielle »)",
         SRC_T_ASSUME),
    TDBL("territory.knowledge.wage_share", knowledge_wage_share, "1", 0.75, 0,
         1, "« emploi »: share of academia's spending paid as wages",
         SRC_T_ASSUME),
    TDBL("territory.finance.deposit_interest_per_year",
         deposit_interest_per_year, "1/year", 0.01, 0, 0.5,
         "interest paid on households' and firms' deposits (« services "
         "financiers »)",
         SRC_T_ASSUME),
    TDBL("territory.finance.payout_share", finance_payout_share, "1", 1, 0, 1,
         "share of finance's net income paid to households as wages and "
         "dividends (« emploi »); the rest adds to its net worth",
         "assumption: all, so that finance neither hoards nor creates money "
         "in the stationary state"),
    TDBL("territory.engagement.public_contract_share", public_contract_share,
         "1", 25.0 / 66.0, 0, 1,
         "share of the organisations' earned income paid by public action "
         "(public contracts, « politiques publiques »); households pay the "
         "rest (« usage »)",
         "Tchernonog and Prouteau (2017 data): public contracts "
         "about 25% and private payments about 41% of resources"),
    TDBL("territory.adoption.share_start", adoption_share_start, "1", 0.36, 0,
         1, "share of firms with partnership practices at month 0 (2015)",
         SRC_BAROMETER ": 36% in 2015"),
    TDBL("territory.adoption.share_target", adoption_share_target, "1", 0.57, 0,
         1,
         "share the Bass diffusion reaches at adoption.target_month "
         "(calibrates its coefficient of innovation)",
         SRC_BAROMETER ": 57% in 2021"),
    TINT("territory.adoption.target_month", adoption_target_month, "month", 72,
         1, 1200, "month of the target reading (72: 2021 from 2015)",
         SRC_BAROMETER),
    TDBL("territory.adoption.imitation_per_year", adoption_imitation_per_year,
         "1/year", 0.1, 0, 5,
         "Bass coefficient of imitation q: adoption pulled by the share "
         "already partnering",
         "assumption: within the 0.1-0.5 of Bass-model meta-analyses "
         "(Sultan, Farley and Lehmann 1990: mean 0.38), low because the "
         "barometer's curve is nearly straight"),
    TINT("territory.partnerships.slots", link_slots, "link", 3, 1,
         TERRITORY_MAX_SLOTS,
         "alliances a partnering firm can hold with organisations at once",
         SRC_T_ASSUME),
    TDBL("territory.partnerships.formation_per_month", link_formation_per_month,
         "1/month", 0.05, 0, 1,
         "monthly chance that a free slot of a partnering firm links with an "
         "organisation met at random, at the organisation's mean alliance "
         "strength 1",
         SRC_T_ASSUME),
    TDBL("territory.partnerships.break_per_month", link_break_per_month,
         "1/month", 0.03, 0, 1,
         "monthly chance that a link breaks, at alliance strength 0 of its "
         "kind (strong alliances last)",
         SRC_T_ASSUME),
    TDBL("territory.partnerships.positioning_weight", positioning_weight, "1",
         0.5, 0, 100,
         "relative rise of an organisation's share of firms' philanthropy "
         "per positioning link",
         SRC_T_ASSUME),
    TDBL("territory.partnerships.firm_value_per_link", firm_value_per_link, "1",
         0.01, 0, 1,
         "relative rise of the value firms create per link per firm (the "
         "unpriced part of partnering: « prime à l'alliance »)",
         "Carnet « ODD 17 : Alliance & Performance »: 53% of the French see "
         "a strong impact on firms' performance; size: assumption"),
};

#undef TOFF
#undef TDBL
#undef TINT

/* ---- variables ---- */

#define CELLS(row, label)                                                      \
    {"tfm_" row "_public_action", "EUR/month", VAR_FLOW, label,                \
     "transactions-flow matrix: l'action publique's column"},                  \
        {"tfm_" row "_households", "EUR/month", VAR_FLOW, label,               \
         "transactions-flow matrix: les personnes' column"},                   \
        {"tfm_" row "_firms", "EUR/month", VAR_FLOW, label,                    \
         "transactions-flow matrix: l'économie productive's column"},          \
        {"tfm_" row "_finance", "EUR/month", VAR_FLOW, label,                  \
         "transactions-flow matrix: l'économie financière's column"},          \
        {"tfm_" row "_knowledge", "EUR/month", VAR_FLOW, label,                \
         "transactions-flow matrix: l'économie de la connaissance's column"},  \
        {"tfm_" row "_public_services", "EUR/month", VAR_FLOW, label,          \
         "transactions-flow matrix: les services publics' column"},            \
    {                                                                          \
        "tfm_" row "_engagement", "EUR/month", VAR_FLOW, label,                \
            "transactions-flow matrix: l'économie de l'engagement's column"   \
    }

#define SECTOR_STOCKS(what, unit, label, desc)                                 \
    {what "_public_action", unit, VAR_STOCK, label, desc},                     \
        {what "_households", unit, VAR_STOCK, label, desc},                    \
        {what "_firms", unit, VAR_STOCK, label, desc},                         \
        {what "_finance", unit, VAR_STOCK, label, desc},                       \
        {what "_knowledge", unit, VAR_STOCK, label, desc},                     \
        {what "_public_services", unit, VAR_STOCK, label, desc},               \
    {                                                                          \
        what "_engagement", unit, VAR_STOCK, label, desc                       \
    }

static const struct var_desc territory_vars[TV_COUNT] = {
    CELLS("contribution", "contribution"),
    CELLS("redistribution", "redistribution"),
    CELLS("public_policies", "politiques publiques (public policies)"),
    CELLS("endowment", "dotation (endowment)"),
    CELLS("subsidies", "subventions (subsidies)"),
    CELLS("employment", "emploi (wages and distributed income)"),
    CELLS("consumption", "consommation (consumption)"),
    CELLS("use", "usage (use of services)"),
    CELLS("financial_services", "services financiers (interest)"),
    CELLS("mobilisation", "mobilisation (gifts and philanthropy)"),
    CELLS("investment", "investissement (social investment)"),
    CELLS("residential", "économie résidentielle (local purchases)"),
    CELLS("deposits", "épargne (change in deposits, negative: saved)"),
    CELLS("loans", "prêt (change in loans, positive: borrowed)"),
    SECTOR_STOCKS("deposits", "EUR", "dépôts (deposits)",
                  "balance-sheet matrix: deposits held (finance: owed, "
                  "negative)"),
    SECTOR_STOCKS("loans", "EUR", "prêts (loans)",
                  "balance-sheet matrix: loans (public action: owed, "
                  "negative; finance: held)"),
    SECTOR_STOCKS("net_worth", "EUR", "valeur nette (net worth)",
                  "deposits plus loans; the seven sum to zero"),
    [TV_VALUE] = {"territory_value_eur", "EUR/month", VAR_FLOW,
                  "valeur créée par le territoire (value created)",
                  "value the seven sectors create in the month (firms' "
                  "sales raised by their partnerships, public services' "
                  "and academia's output at cost, finance's margin, the "
                  "organisations' social value)"},
    [TV_VALUE_WITHOUT_ALLIANCES] =
        {"territory_value_without_alliances_eur", "EUR/month", VAR_FLOW,
         "valeur sans alliances (value without alliances)",
         "the same territory with every alliance removed, on the same "
         "random draws"},
    [TV_PRIME] = {"territory_prime_eur", "EUR/month", VAR_FLOW,
                  "prime à l'alliance du territoire (macro)",
                  "territory_value_eur minus its value without alliances"},
    [TV_PRIME_SHARE] = {"territory_prime_share", "1", VAR_RATIO,
                        "prime à l'alliance du territoire (share)",
                        "territory_prime_eur over territory_value_eur"},
    [TV_ENGAGEMENT_VALUE] = {"engagement_value_eur", "EUR/month", VAR_FLOW,
                             "valeur produite par l'engagement",
                             "social value the organisations produce"},
    [TV_ENGAGEMENT_VALUE_WITHOUT_ALLIANCES] =
        {"engagement_value_without_alliances_eur", "EUR/month", VAR_FLOW,
         "valeur de l'engagement sans alliances",
         "the same in the territory without alliances"},
    [TV_ENGAGEMENT_PRIME] = {"engagement_prime_eur", "EUR/month", VAR_FLOW,
                             "prime à l'alliance de l'engagement (macro)",
                             "engagement_value_eur minus its value in the "
                             "territory without alliances"},
    [TV_MICRO_PRIME_SUM] = {"micro_prime_sum_eur", "EUR/month", VAR_FLOW,
                            "somme des primes des organisations (micro)",
                            "each organisation's prime (its value minus its "
                            "own value with its alliances off, in the same "
                            "territory, on the same draws), summed"},
    [TV_ORGS_ALIVE] = {"organisations_alive", "organisation", VAR_STOCK,
                       "organisations en activité",
                       "organisations still operating at month end"},
    [TV_ORGS_ALIVE_WITHOUT_ALLIANCES] =
        {"organisations_alive_without_alliances", "organisation", VAR_STOCK,
         "organisations en activité sans alliances",
         "the same in the territory without alliances"},
    [TV_FIRMS_PARTNERING_SHARE] =
        {"firms_partnering_share", "1", VAR_STOCK,
         "entreprises partenaires (firms with partnership practices)",
         "share of firms of more than 10 employees with partnership "
         "practices"},
    [TV_LINKS_POSITIONING] = {"links_positioning", "link", VAR_STOCK,
                              "alliances de positionnement",
                              "firm-organisation links of this kind"},
    [TV_LINKS_PRODUCTION] = {"links_production", "link", VAR_STOCK,
                             "alliances de production / diffusion",
                             "firm-organisation links of this kind"},
    [TV_LINKS_POOLED_MEANS] = {"links_pooled_means", "link", VAR_STOCK,
                               "alliances de moyens",
                               "firm-organisation links of this kind"},
    [TV_POT_REDISTRIBUTED] = {"pot_redistributed_eur", "EUR/month", VAR_FLOW,
                              "pot collectif redistribué",
                              "10+1% pots paid back to the alliances' "
                              "projects in the month"},
};

/* ---- the Bass diffusion ---- */

/* ln((p + q a) / (1 - a)) grows linearly at rate p + q (time in years). */
static double bass_gap(double p, double q, double a0, double a1, double years)
{
    return log((p + q * a1) / (1.0 - a1)) - log((p + q * a0) / (1.0 - a0)) -
           (p + q) * years;
}

double territory_bass_innovation(double start, double target, long months,
                                 double q)
{
    if (!(start > 0.0 && target > start && target < 1.0) || months <= 0)
        return -1.0;
    double years = (double)months / 12.0;
    double lo = 0.0, hi = 10.0;
    /* The gap falls in p: positive at 0 (when q alone is too slow). */
    if (bass_gap(lo, q, start, target, years) < 0.0 ||
        bass_gap(hi, q, start, target, years) > 0.0)
        return -1.0;
    for (int i = 0; i < BASS_BISECTIONS; i++) {
        double mid = 0.5 * (lo + hi);
        if (bass_gap(mid, q, start, target, years) > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ---- checks ---- */

static int territory_check(const void *params, char *msg, size_t len)
{
    const struct territory_params *p = params;
    const struct territory_settings *t = &p->t;
    char inner[400];
    if (t->organisations < 1) {
        snprintf(msg, len,
                 "territory.organisations must be at least 1 for a "
                 "territory");
        return -1;
    }
    if (org_params_check(&p->org, inner, sizeof inner) != 0) {
        snprintf(msg, len, "organisation template: %s", inner);
        return -1;
    }
    double public_shares = t->endowment_services_share +
                           t->endowment_knowledge_share + t->procurement_share;
    if (public_shares >= 1.0) {
        snprintf(msg, len,
                 "territory.public.endowment_services_share + "
                 "endowment_knowledge_share + procurement_share must stay "
                 "below 1 (they sum to %g)",
                 public_shares);
        return -1;
    }
    if (t->use_services_share + t->use_knowledge_share >= 1.0) {
        snprintf(msg, len,
                 "territory.households.use_services_share + "
                 "use_knowledge_share must stay below 1");
        return -1;
    }
    if (territory_bass_innovation(
            t->adoption_share_start, t->adoption_share_target,
            t->adoption_target_month, t->adoption_imitation_per_year) < 0.0) {
        snprintf(msg, len,
                 "territory.adoption: no Bass diffusion with imitation %g a "
                 "year goes from %g to %g in %ld months (the target must "
                 "exceed the start, and imitation alone must not overshoot "
                 "it)",
                 t->adoption_imitation_per_year, t->adoption_share_start,
                 t->adoption_share_target, t->adoption_target_month);
        return -1;
    }
    return 0;
}

/* ---- the month's bookkeeping ---- */

/*
 * A payment: negative in the payer's column, positive in the payee's, and
 * the deposits of both move.  Finance has no deposits of its own (it owes
 * the others'); the engagement economy's deposits are its organisations'
 * cash and pots, which move inside the organisation model, so that the
 * matrix's last rows check the organisations' accounts against the flows
 * booked here.
 */
static void pay(struct territory_arm *a, enum tfm_row row, int from, int to,
                double amount)
{
    a->tfm[row][from] -= amount;
    a->tfm[row][to] += amount;
    if (from != SECTOR_FINANCE && from != SECTOR_ENGAGEMENT)
        a->deposits[from] -= amount;
    if (to != SECTOR_FINANCE && to != SECTOR_ENGAGEMENT)
        a->deposits[to] += amount;
}

double territory_net_worth(const struct territory_arm *a, int s)
{
    if (s == SECTOR_FINANCE) {
        double owed = 0.0;
        for (int k = 0; k < SECTOR_COUNT; k++)
            if (k != SECTOR_FINANCE)
                owed += a->deposits[k];
        return a->public_debt_eur - owed;
    }
    if (s == SECTOR_PUBLIC_ACTION)
        return a->deposits[s] - a->public_debt_eur;
    return a->deposits[s];
}

/* What the sectors plan to spend this month, from last month's incomes. */
struct plan {
    double public_spending, debt_interest, transfers;
    double endowment_services, endowment_knowledge, procurement;
    double household_spending, use_services, use_knowledge, household_tax;
    double firm_tax, firm_payout_base;
    double finance_payout;
    double envelope[FUND_COUNT]; /* what each source's payers offer */
    double driver[FUND_COUNT];   /* what each envelope follows */
};

/* What the organisations received and spent this month, by counterpart. */
struct engagement_flows {
    double received[FUND_COUNT];
    double earned_public; /* part of earned income public action pays */
    double wages;         /* salaries and engineering: to households */
    double purchases;     /* means of action and overhead: to firms */
    double interest;      /* overdraft interest: to finance */
    double value;
    double micro_prime;
    double alive;
    double pot_redistributed;
};

/* Envelopes are share[f] times their driver, or fixed[f] when share is
 * NULL (the warm-up, before the shares are known). */
static void make_plan(const struct territory_settings *t,
                      const struct territory_arm *a, double partnering,
                      const double *share, const double *fixed, struct plan *pl)
{
    pl->public_spending = a->public_revenue_eur * (1.0 + t->deficit_share);
    pl->debt_interest = t->debt_interest_per_year / 12.0 * a->public_debt_eur;
    pl->endowment_services = t->endowment_services_share * pl->public_spending;
    pl->endowment_knowledge =
        t->endowment_knowledge_share * pl->public_spending;
    pl->procurement = t->procurement_share * pl->public_spending;

    pl->household_spending =
        t->propensity_income * a->household_disposable_eur +
        t->propensity_wealth_per_year / 12.0 *
            max_of(0.0, a->deposits[SECTOR_HOUSEHOLDS]);
    pl->use_services = t->use_services_share * pl->household_spending;
    pl->use_knowledge = t->use_knowledge_share * pl->household_spending;
    pl->household_tax = t->tax_households * a->household_taxable_eur;

    pl->firm_tax = t->tax_firms * a->firm_receipts_eur;
    pl->firm_payout_base = a->firm_receipts_eur - pl->firm_tax;
    pl->finance_payout =
        t->finance_payout_share * max_of(0.0, a->finance_margin_eur);

    /* Each source's envelope follows its payers' means: public spending
     * for subsidies; partnering firms' receipts for philanthropy (none
     * where alliances are removed: firms' philanthropy to organisations
     * is a partnership, « mécénat »); households' spending for their gifts
     * and for earned income; savings for social investment. */
    pl->driver[FUND_SUBSIDY] = pl->public_spending;
    pl->driver[FUND_PHILANTHROPY] =
        a->alliances ? a->firm_receipts_eur * partnering : 0.0;
    pl->driver[FUND_CROWDFUNDING] = pl->household_spending;
    pl->driver[FUND_SOCIAL_INVESTMENT] =
        max_of(0.0, a->deposits[SECTOR_HOUSEHOLDS]) +
        max_of(0.0, a->deposits[SECTOR_FIRMS]);
    pl->driver[FUND_EARNED_INCOME] = pl->household_spending;
    for (int f = 0; f < FUND_COUNT; f++)
        pl->envelope[f] = share != NULL ? share[f] * pl->driver[f] : fixed[f];

    double public_for_engagement =
        pl->envelope[FUND_SUBSIDY] +
        t->public_contract_share * pl->envelope[FUND_EARNED_INCOME];
    pl->transfers =
        max_of(0.0, pl->public_spending - pl->debt_interest -
                        pl->endowment_services - pl->endowment_knowledge -
                        pl->procurement - public_for_engagement);
}

/* Books the month's flows of every sector but the organisations' own
 * accounts, and keeps the incomes next month's plan follows. */
static void book_month(const struct territory_settings *t,
                       struct territory_arm *a, const struct plan *pl,
                       const struct engagement_flows *e)
{
    /* Public action. */
    pay(a, TFM_CONTRIBUTION, SECTOR_HOUSEHOLDS, SECTOR_PUBLIC_ACTION,
        pl->household_tax);
    pay(a, TFM_CONTRIBUTION, SECTOR_FIRMS, SECTOR_PUBLIC_ACTION, pl->firm_tax);
    pay(a, TFM_REDISTRIBUTION, SECTOR_PUBLIC_ACTION, SECTOR_HOUSEHOLDS,
        pl->transfers);
    pay(a, TFM_ENDOWMENT, SECTOR_PUBLIC_ACTION, SECTOR_PUBLIC_SERVICES,
        pl->endowment_services);
    pay(a, TFM_ENDOWMENT, SECTOR_PUBLIC_ACTION, SECTOR_KNOWLEDGE,
        pl->endowment_knowledge);
    pay(a, TFM_PUBLIC_POLICIES, SECTOR_PUBLIC_ACTION, SECTOR_FIRMS,
        pl->procurement);
    pay(a, TFM_FINANCIAL_SERVICES, SECTOR_PUBLIC_ACTION, SECTOR_FINANCE,
        pl->debt_interest);

    /* The organisations' receipts and payments. */
    double earned_households =
        e->received[FUND_EARNED_INCOME] - e->earned_public;
    pay(a, TFM_SUBSIDIES, SECTOR_PUBLIC_ACTION, SECTOR_ENGAGEMENT,
        e->received[FUND_SUBSIDY]);
    pay(a, TFM_PUBLIC_POLICIES, SECTOR_PUBLIC_ACTION, SECTOR_ENGAGEMENT,
        e->earned_public);
    pay(a, TFM_MOBILISATION, SECTOR_FIRMS, SECTOR_ENGAGEMENT,
        e->received[FUND_PHILANTHROPY]);
    pay(a, TFM_MOBILISATION, SECTOR_HOUSEHOLDS, SECTOR_ENGAGEMENT,
        e->received[FUND_CROWDFUNDING]);
    pay(a, TFM_INVESTMENT, SECTOR_FINANCE, SECTOR_ENGAGEMENT,
        e->received[FUND_SOCIAL_INVESTMENT]);
    pay(a, TFM_USE, SECTOR_HOUSEHOLDS, SECTOR_ENGAGEMENT, earned_households);
    pay(a, TFM_EMPLOYMENT, SECTOR_ENGAGEMENT, SECTOR_HOUSEHOLDS, e->wages);
    pay(a, TFM_RESIDENTIAL, SECTOR_ENGAGEMENT, SECTOR_FIRMS, e->purchases);
    pay(a, TFM_FINANCIAL_SERVICES, SECTOR_ENGAGEMENT, SECTOR_FINANCE,
        e->interest);

    /* Households: what they spend beyond services and the organisations
     * goes to firms. */
    double to_engagement = e->received[FUND_CROWDFUNDING] + earned_households;
    double consumption = max_of(0.0, pl->household_spending - pl->use_services -
                                         pl->use_knowledge - to_engagement);
    pay(a, TFM_USE, SECTOR_HOUSEHOLDS, SECTOR_PUBLIC_SERVICES,
        pl->use_services);
    pay(a, TFM_USE, SECTOR_HOUSEHOLDS, SECTOR_KNOWLEDGE, pl->use_knowledge);
    pay(a, TFM_CONSUMPTION, SECTOR_HOUSEHOLDS, SECTOR_FIRMS, consumption);

    /* Public services and academia spend last month's receipts. */
    double services = a->services_receipts_eur;
    double knowledge = a->knowledge_receipts_eur;
    pay(a, TFM_EMPLOYMENT, SECTOR_PUBLIC_SERVICES, SECTOR_HOUSEHOLDS,
        t->services_wage_share * services);
    pay(a, TFM_RESIDENTIAL, SECTOR_PUBLIC_SERVICES, SECTOR_FIRMS,
        (1.0 - t->services_wage_share) * services);
    pay(a, TFM_EMPLOYMENT, SECTOR_KNOWLEDGE, SECTOR_HOUSEHOLDS,
        t->knowledge_wage_share * knowledge);
    pay(a, TFM_RESIDENTIAL, SECTOR_KNOWLEDGE, SECTOR_FIRMS,
        (1.0 - t->knowledge_wage_share) * knowledge);

    /* Firms pay out what taxes and philanthropy leave of last month's
     * receipts: households own them. */
    double firm_payout =
        max_of(0.0, pl->firm_payout_base - e->received[FUND_PHILANTHROPY]);
    pay(a, TFM_EMPLOYMENT, SECTOR_FIRMS, SECTOR_HOUSEHOLDS, firm_payout);

    /* Finance. */
    double rate = t->deposit_interest_per_year / 12.0;
    double interest_households =
        rate * max_of(0.0, a->deposits[SECTOR_HOUSEHOLDS]);
    double interest_firms = rate * max_of(0.0, a->deposits[SECTOR_FIRMS]);
    pay(a, TFM_FINANCIAL_SERVICES, SECTOR_FINANCE, SECTOR_HOUSEHOLDS,
        interest_households);
    pay(a, TFM_FINANCIAL_SERVICES, SECTOR_FINANCE, SECTOR_FIRMS,
        interest_firms);
    pay(a, TFM_EMPLOYMENT, SECTOR_FINANCE, SECTOR_HOUSEHOLDS,
        pl->finance_payout);

    /* Next month's incomes. */
    a->public_revenue_eur = pl->household_tax + pl->firm_tax;
    a->household_taxable_eur =
        a->tfm[TFM_EMPLOYMENT][SECTOR_HOUSEHOLDS] + interest_households;
    a->household_disposable_eur =
        a->household_taxable_eur + pl->transfers - pl->household_tax;
    a->firm_receipts_eur = consumption + pl->procurement +
                           a->tfm[TFM_RESIDENTIAL][SECTOR_FIRMS] +
                           interest_firms;
    a->services_receipts_eur = pl->endowment_services + pl->use_services;
    a->knowledge_receipts_eur = pl->endowment_knowledge + pl->use_knowledge;
    a->finance_margin_eur = pl->debt_interest + e->interest -
                            interest_households - interest_firms -
                            e->received[FUND_SOCIAL_INVESTMENT];
}

/* Public action borrows what its deposits lack and repays with what they
 * hold beyond nothing; the matrix's last two rows close every column. */
static void close_month(struct territory_arm *a, const double *deposits_before,
                        double debt_before, long n_orgs)
{
    double pub = a->deposits[SECTOR_PUBLIC_ACTION];
    double borrowed = pub < 0.0 ? -pub : -min_of(pub, a->public_debt_eur);
    a->public_debt_eur += borrowed;
    a->deposits[SECTOR_PUBLIC_ACTION] += borrowed;

    double engagement = a->pot_common_eur;
    for (long i = 0; i < n_orgs; i++)
        engagement += a->orgs[i].cash_eur;
    for (int j = 0; j < TERRITORY_MAX_FIRMS; j++)
        engagement += a->pot_alliance_eur[j];
    a->deposits[SECTOR_ENGAGEMENT] = engagement;

    double held_change = 0.0;
    for (int s = 0; s < SECTOR_COUNT; s++) {
        if (s == SECTOR_FINANCE)
            continue;
        double change = a->deposits[s] - deposits_before[s];
        a->tfm[TFM_DEPOSITS][s] = -change;
        held_change += change;
    }
    a->tfm[TFM_DEPOSITS][SECTOR_FINANCE] = held_change;
    double debt_change = a->public_debt_eur - debt_before;
    a->tfm[TFM_LOANS][SECTOR_PUBLIC_ACTION] = debt_change;
    a->tfm[TFM_LOANS][SECTOR_FINANCE] = -debt_change;
}

/* ---- partnerships ---- */

static double mean_strength(const struct org_core *c)
{
    double s = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        s += c->alliance[k];
    return s / ALLY_COUNT;
}

static void unlink(struct territory_arm *a, int j, int k)
{
    int i = a->link_org[j][k];
    a->links_of[i][a->link_kind[j][k]]--;
    a->link_org[j][k] = -1;
}

/* Partnering firms' free slots meet an organisation at random and link
 * with a chance that grows with its alliance strength, of a kind drawn in
 * proportion to its strengths; links break more often where the alliance
 * is weak, and with the organisation's closing.  Three draws per slot
 * whatever happens, so that both arms stay on the same stream. */
static void update_links(const struct territory_settings *t,
                         const struct territory_state *st,
                         struct territory_arm *a)
{
    long n = t->organisations;
    for (long j = 0; j < t->firms; j++)
        for (long k = 0; k < t->link_slots; k++) {
            const double *u = st->slot_draws[j][k];
            int i = a->link_org[j][k];
            if (i >= 0) {
                const struct org_core *c = &a->orgs[i];
                double strength = c->alliance[a->link_kind[j][k]];
                if (!c->alive ||
                    u[0] < t->link_break_per_month * (1.0 - strength))
                    unlink(a, (int)j, (int)k);
                continue;
            }
            if (!st->partnering[j])
                continue;
            i = (int)min_of((double)(n - 1), floor(u[1] * (double)n));
            const struct org_core *c = &a->orgs[i];
            double s = mean_strength(c);
            if (!c->alive || s <= 0.0 ||
                u[0] >= t->link_formation_per_month * s)
                continue;
            double pick = u[2] * s * ALLY_COUNT, acc = 0.0;
            int kind = ALLY_COUNT - 1;
            for (int q = 0; q < ALLY_COUNT; q++) {
                acc += c->alliance[q];
                if (pick < acc) {
                    kind = q;
                    break;
                }
            }
            a->link_org[j][k] = i;
            a->link_kind[j][k] = (signed char)kind;
            a->links_of[i][kind]++;
        }
}

/* Last month's pots go back to the projects of their alliance: each
 * pooled-means alliance (a firm and its partner organisations) shares its
 * pot among its live members; pots with no live member join the common
 * pot, shared among every live organisation.  Money stays in the
 * engagement economy. */
static double share_pots(const struct territory_settings *t,
                         struct territory_arm *a, double *pot_share)
{
    long n = t->organisations;
    for (long i = 0; i < n; i++)
        pot_share[i] = 0.0;
    double paid = 0.0;
    for (long j = 0; j < t->firms; j++) {
        if (a->pot_alliance_eur[j] == 0.0)
            continue;
        int members = 0;
        for (long k = 0; k < t->link_slots; k++)
            members += a->link_org[j][k] >= 0 &&
                       a->link_kind[j][k] == ALLY_POOLED_MEANS;
        if (members == 0) {
            a->pot_common_eur += a->pot_alliance_eur[j];
            a->pot_alliance_eur[j] = 0.0;
            continue;
        }
        double each = a->pot_alliance_eur[j] / members;
        for (long k = 0; k < t->link_slots; k++)
            if (a->link_org[j][k] >= 0 &&
                a->link_kind[j][k] == ALLY_POOLED_MEANS)
                pot_share[a->link_org[j][k]] += each;
        paid += a->pot_alliance_eur[j];
        a->pot_alliance_eur[j] = 0.0;
    }
    long alive = 0;
    for (long i = 0; i < n; i++)
        alive += a->orgs[i].alive;
    if (alive > 0 && a->pot_common_eur > 0.0) {
        double each = a->pot_common_eur / (double)alive;
        for (long i = 0; i < n; i++)
            if (a->orgs[i].alive)
                pot_share[i] += each;
        paid += a->pot_common_eur;
        a->pot_common_eur = 0.0;
    }
    return paid;
}

/* This month's pot payments join the pots of each payer's pooled-means
 * alliances, evenly; a payer with none pays into the common pot.  One pass
 * over the slots, not one per payer. */
static void collect_pots(const struct territory_settings *t,
                         struct territory_arm *a, const double *pot_paid)
{
    for (long j = 0; j < t->firms; j++)
        for (long k = 0; k < t->link_slots; k++) {
            int i = a->link_org[j][k];
            if (i >= 0 && a->link_kind[j][k] == ALLY_POOLED_MEANS &&
                pot_paid[i] > 0.0)
                a->pot_alliance_eur[j] +=
                    pot_paid[i] / a->links_of[i][ALLY_POOLED_MEANS];
        }
    for (long i = 0; i < t->organisations; i++)
        if (pot_paid[i] > 0.0 && a->links_of[i][ALLY_POOLED_MEANS] == 0)
            a->pot_common_eur += pot_paid[i];
}

/* ---- the organisations ---- */

/* The most settings sized_fields lists. */
#define SIZED_FIELDS_MAX (2 * HR_COUNT + FUND_COUNT + ALLY_COUNT + PHASE_COUNT + 8)

/*
 * The settings of struct org_params (all doubles) that scale with an
 * organisation's size, as offsets into off: workforce and recruitment,
 * amounts, budgets, cash and limits, in absolute units (EUR, FTE).  Rates,
 * shares and durations do not.  One list for the template and its events.
 */
static size_t sized_fields(size_t off[SIZED_FIELDS_MAX])
{
    size_t n = 0;
#define AT(field) (off[n++] = offsetof(struct org_params, field))
    for (int c = 0; c < HR_COUNT; c++) {
        AT(hr[c].fte);
        AT(hr[c].recruitment_fte_per_month);
    }
    for (int f = 0; f < FUND_COUNT; f++)
        AT(funding[f].monthly_eur);
    for (int k = 0; k < ALLY_COUNT; k++)
        AT(alliance[k].half_saturation_eur);
    for (int ph = 0; ph < PHASE_COUNT; ph++)
        AT(innovation.phase_funding_eur[ph]);
    AT(engineering_eur);
    AT(overhead_eur);
    AT(initial_cash_eur);
    AT(overdraft_limit_eur);
    AT(rules.four_tiers_capacity_fte);
    AT(max_hires_fte_per_month);
#undef AT
    return n;
}

/* Whether the setting at offset of struct org_params scales with the
 * organisation's size. */
static int scales_with_size(size_t offset)
{
    size_t off[SIZED_FIELDS_MAX];
    size_t n = sized_fields(off);
    for (size_t i = 0; i < n; i++)
        if (off[i] == offset)
            return 1;
    return 0;
}

/* The template scaled to organisation i's size: workforce, budgets, cash
 * and limits in proportion, rates and shares unchanged (value, a
 * Cobb-Douglas of degree one, follows).  The scenario's dated events on
 * those settings scale too, value and range: "the subsidy falls to 5000 EUR
 * a month" speaks of the template, and an organisation twice its size gets
 * twice that. */
static void scale_org(const struct org_params *tpl, double size,
                      struct org_params *o)
{
    *o = *tpl;
    size_t off[SIZED_FIELDS_MAX];
    size_t n = sized_fields(off);
    for (size_t i = 0; i < n; i++) {
        void *field = (char *)o + off[i];
        *(double *)field *= size;
    }
    for (int e = 0; e < o->events.count; e++) {
        struct org_event *ev = &o->events.list[e];
        if (ev->type == PARAM_DOUBLE && scales_with_size(ev->offset)) {
            ev->value *= size;
            ev->min *= size;
            ev->max *= size;
        }
    }
}

/* Each organisation's weight in its source's envelope: positioning links
 * bring it firms' philanthropy. */
static double envelope_weight(const struct territory_settings *t,
                              const struct territory_arm *a, long i, int f)
{
    if (f != FUND_PHILANTHROPY)
        return 1.0;
    return 1.0 + t->positioning_weight * a->links_of[i][ALLY_POSITIONING];
}

/* Asks the cache for the lines of [from, from + bytes) ahead of their use.
 * An organisation's settings are 3.2 kB, of which a month reads the middle
 * 1.2 kB, and its cores 864 bytes, of which it reads the first 340: read
 * once a month each, they come from beyond the core's own cache, in a
 * stride the hardware's prefetchers, which stay within a page, do not
 * follow far. */
static void prefetch_bytes(const void *from, size_t bytes)
{
#if defined(__GNUC__)
    const char *c = from;
    for (size_t at = 0; at < bytes; at += 64)
        __builtin_prefetch(c + at);
#else
    (void)from;
    (void)bytes;
#endif
}

/* Advances every organisation of an arm by the month; for the territory
 * as it is, also each one's own counterfactual in the same surroundings. */
static void advance_orgs(const struct territory_settings *t,
                         struct territory_state *st, struct territory_arm *a,
                         const struct plan *pl, long month, int with_alone,
                         struct engagement_flows *e)
{
    long n = t->organisations;
    double pot_share[TERRITORY_MAX_ORGS], pot_paid[TERRITORY_MAX_ORGS];
    memset(e, 0, sizeof *e);
    e->pot_redistributed = share_pots(t, a, pot_share);
    double unit[FUND_COUNT];
    for (int f = 0; f < FUND_COUNT; f++)
        unit[f] =
            a->claims_eur[f] > 0.0 ? pl->envelope[f] / a->claims_eur[f] : 0.0;
    double claims[FUND_COUNT] = {0};
    for (long i = 0; i < n; i++) {
        const struct org_params *op = &st->orgs[i];
        struct org_core *c = &a->orgs[i];
        if (i + 1 < n) {
            /* The next organisation's settings and cores, without its
             * name and events (the ends of struct org_params) nor its
             * payment ring (the end of struct org_core). */
            prefetch_bytes(&st->orgs[i + 1].hr,
                           offsetof(struct org_params, events) -
                               offsetof(struct org_params, hr));
            prefetch_bytes(&a->orgs[i + 1],
                           offsetof(struct org_core, pending_eur));
            if (with_alone)
                prefetch_bytes(&st->alone_without[i + 1],
                               offsetof(struct org_core, pending_eur));
        }
        if (!c->alive && (!with_alone || !st->alone_without[i].alive)) {
            /* Closed in every version this arm advances: its month is the
             * zero flows org_core_advance would write, which add nothing
             * (half the cores at 28 years). */
            pot_paid[i] = 0.0;
            if (with_alone)
                st->org_value[i] = st->org_prime[i] = 0.0;
            continue;
        }
        int was_alive = c->alive;
        struct org_inflows in;
        for (int f = 0; f < FUND_COUNT; f++)
            in.funding_scale[f] = unit[f] * envelope_weight(t, a, i, f);
        in.pot_share_eur = pot_share[i];
        in.flows_only = 1; /* the units and observe read the cores */
        double *row = st->row;
        org_core_advance(op, c, &st->draws[i], &st->factors[i], month, &in,
                         row);
        for (int f = 0; f < FUND_COUNT; f++) {
            e->received[f] += row[OV_FUNDING_SUBSIDY + f];
            if (was_alive && in.funding_scale[f] > 0.0)
                a->own_amount_eur[i][f] =
                    row[OV_FUNDING_SUBSIDY + f] / in.funding_scale[f];
            if (c->alive)
                claims[f] +=
                    envelope_weight(t, a, i, f) * a->own_amount_eur[i][f];
        }
        e->earned_public +=
            t->public_contract_share * row[OV_FUNDING_EARNED_INCOME];
        e->wages += row[OV_COST_SALARIES] + row[OV_COST_ENGINEERING];
        e->purchases += row[OV_COST_ACTIVITY] + row[OV_COST_OVERHEAD];
        e->interest += row[OV_COST_INTEREST];
        e->value += row[OV_VALUE_PRODUCED];
        e->alive += c->alive;
        pot_paid[i] = row[OV_COST_COLLECTIVE_POT];
        if (with_alone) {
            struct org_inflows alone_in = in;
            alone_in.pot_share_eur = 0.0;
            for (int f = 0; f < FUND_COUNT; f++)
                alone_in.funding_scale[f] = unit[f];
            org_core_advance(op, &st->alone_without[i], &st->draws[i],
                             &st->factors[i], month, &alone_in, st->row_alone);
            st->org_value[i] = row[OV_VALUE_PRODUCED];
            st->org_prime[i] =
                row[OV_VALUE_PRODUCED] - st->row_alone[OV_VALUE_PRODUCED];
            e->micro_prime += st->org_prime[i];
        }
    }
    collect_pots(t, a, pot_paid);
    for (int f = 0; f < FUND_COUNT; f++)
        a->claims_eur[f] = claims[f];
}

/* ---- one arm's month ---- */

static double arm_links(const struct territory_arm *a, long n, int kind)
{
    double links = 0.0;
    for (long i = 0; i < n; i++)
        links += a->links_of[i][kind];
    return links;
}

static void arm_month(const struct territory_settings *t,
                      struct territory_state *st, struct territory_arm *a,
                      double partnering, long month, int with_alone,
                      struct engagement_flows *e)
{
    double before[SECTOR_COUNT];
    memcpy(before, a->deposits, sizeof before);
    double debt_before = a->public_debt_eur;
    memset(a->tfm, 0, sizeof a->tfm);
    if (a->alliances)
        update_links(t, st, a);
    struct plan pl;
    make_plan(t, a, partnering, st->envelope_share, NULL, &pl);
    advance_orgs(t, st, a, &pl, month, with_alone, e);
    book_month(t, a, &pl, e);
    close_month(a, before, debt_before, t->organisations);

    double links = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        links += arm_links(a, t->organisations, k);
    double firm_value =
        a->firm_receipts_eur *
        (1.0 + t->firm_value_per_link * links / (double)t->firms);
    a->engagement_value_eur = e->value;
    a->value_eur = firm_value + a->services_receipts_eur +
                   a->knowledge_receipts_eur +
                   max_of(0.0, a->finance_margin_eur) + e->value;
}

/* ---- init ---- */

/* The sectors alone, with the organisations' month-0 claims paid and spent
 * as in their first month, until the spending rules are stationary; then
 * each envelope's share of its driver is what pays those claims. */
static void warm_up(const struct territory_params *p,
                    struct territory_state *st, struct territory_arm *a)
{
    const struct territory_settings *t = &p->t;
    long n = t->organisations;
    double claims[FUND_COUNT] = {0}, wages = 0.0, total = 0.0;
    for (long i = 0; i < n; i++) {
        for (int f = 0; f < FUND_COUNT; f++)
            claims[f] += a->own_amount_eur[i][f];
        struct org_budget b;
        org_first_month_budget(&st->orgs[i], &b);
        wages += b.salaries + b.engineering;
        total += b.total;
    }
    double income = 0.0;
    for (int f = 0; f < FUND_COUNT; f++)
        income += claims[f];
    double wage_share = total > 0.0 ? wages / total : 0.0;
    struct engagement_flows e;
    memset(&e, 0, sizeof e);
    for (int f = 0; f < FUND_COUNT; f++)
        e.received[f] = claims[f];
    e.earned_public = t->public_contract_share * claims[FUND_EARNED_INCOME];
    e.wages = wage_share * income;
    e.purchases = income - e.wages;
    struct plan pl;
    for (long m = 0; m < WARM_UP_MONTHS; m++) {
        memset(a->tfm, 0, sizeof a->tfm);
        make_plan(t, a, t->adoption_share_start, NULL, claims, &pl);
        book_month(t, a, &pl, &e);
        double pub = a->deposits[SECTOR_PUBLIC_ACTION];
        double borrowed = pub < 0.0 ? -pub : -min_of(pub, a->public_debt_eur);
        a->public_debt_eur += borrowed;
        a->deposits[SECTOR_PUBLIC_ACTION] += borrowed;
    }
    make_plan(t, a, t->adoption_share_start, NULL, claims, &pl);
    for (int f = 0; f < FUND_COUNT; f++)
        st->envelope_share[f] =
            pl.driver[f] > 0.0 ? claims[f] / pl.driver[f] : 0.0;
    memset(a->tfm, 0, sizeof a->tfm);
}

/* The arm's organisations at month 0, with or without their alliances as
 * the arm has them, and what each source would bring them. */
static void init_orgs(const struct territory_state *st, struct territory_arm *a,
                      long n)
{
    for (int f = 0; f < FUND_COUNT; f++)
        a->claims_eur[f] = 0.0;
    for (long i = 0; i < n; i++) {
        org_core_init(&st->orgs[i], &a->orgs[i], !a->alliances);
        for (int f = 0; f < FUND_COUNT; f++) {
            a->own_amount_eur[i][f] =
                org_expected_funding(&st->orgs[i], &a->orgs[i], f);
            a->claims_eur[f] += a->own_amount_eur[i][f];
        }
    }
}

static void init_arm(const struct territory_params *p,
                     struct territory_state *st, struct territory_arm *a,
                     int alliances)
{
    const struct territory_settings *t = &p->t;
    memset(a, 0, sizeof *a);
    a->alliances = alliances;
    a->deposits[SECTOR_HOUSEHOLDS] = t->initial_deposits_eur;
    a->public_debt_eur = t->initial_debt_eur;
    for (int j = 0; j < TERRITORY_MAX_FIRMS; j++)
        for (int k = 0; k < TERRITORY_MAX_SLOTS; k++)
            a->link_org[j][k] = -1;
    init_orgs(st, a, t->organisations);
}

static void observe(const struct territory_params *p,
                    const struct territory_state *st, double *out)
{
    const struct territory_settings *t = &p->t;
    const struct territory_arm *a = &st->with;
    for (int r = 0; r < TFM_ROWS; r++)
        for (int s = 0; s < SECTOR_COUNT; s++)
            out[TV_TFM + r * SECTOR_COUNT + s] = a->tfm[r][s];
    double owed = 0.0;
    for (int s = 0; s < SECTOR_COUNT; s++) {
        double d = s == SECTOR_FINANCE ? 0.0 : a->deposits[s];
        owed += d;
        out[TV_DEPOSITS + s] = d;
        out[TV_LOANS + s] = 0.0;
        out[TV_NET_WORTH + s] = territory_net_worth(a, s);
    }
    out[TV_DEPOSITS + SECTOR_FINANCE] = -owed;
    out[TV_LOANS + SECTOR_PUBLIC_ACTION] = -a->public_debt_eur;
    out[TV_LOANS + SECTOR_FINANCE] = a->public_debt_eur;
    long partnering = 0;
    for (long j = 0; j < t->firms; j++)
        partnering += st->partnering[j];
    out[TV_FIRMS_PARTNERING_SHARE] = (double)partnering / (double)t->firms;
    for (int k = 0; k < ALLY_COUNT; k++)
        out[TV_LINKS_POSITIONING + k] = arm_links(a, t->organisations, k);
    double alive = 0.0, alive_without = 0.0;
    for (long i = 0; i < t->organisations; i++) {
        alive += a->orgs[i].alive;
        alive_without += st->without.orgs[i].alive;
    }
    out[TV_ORGS_ALIVE] = alive;
    out[TV_ORGS_ALIVE_WITHOUT_ALLIANCES] = alive_without;
}

static void territory_init(const void *params, void *state, double *initial)
{
    const struct territory_params *p = params;
    const struct territory_settings *t = &p->t;
    struct territory_state *st = state;
    long n = t->organisations;
    for (long i = 0; i < n; i++) {
        /* Log-normal quantiles of mean 1: the same sizes in every
         * replicate, spread evenly over the distribution. */
        double z = gsl_cdf_ugaussian_Pinv(((double)i + 0.5) / (double)n);
        double sigma = t->size_dispersion;
        st->size[i] = exp(sigma * z - 0.5 * sigma * sigma);
        scale_org(&p->org, st->size[i], &st->orgs[i]);
        org_core_init(&st->orgs[i], &st->alone_without[i], 1);
    }
    st->innovation_per_year = territory_bass_innovation(
        t->adoption_share_start, t->adoption_share_target,
        t->adoption_target_month, t->adoption_imitation_per_year);
    long start = lround(t->adoption_share_start * (double)t->firms);
    for (long j = 0; j < TERRITORY_MAX_FIRMS; j++)
        st->partnering[j] = j < start;
    init_arm(p, st, &st->with, t->alliances);
    warm_up(p, st, &st->with);
    double cash = 0.0;
    for (long i = 0; i < n; i++)
        cash += st->with.orgs[i].cash_eur;
    st->with.deposits[SECTOR_ENGAGEMENT] = cash;
    /* The territory without alliances is the same territory, from the same
     * stationary sectors, with its organisations' alliances switched off
     * (their cash, hence the engagement economy's deposits, unchanged). */
    struct territory_arm *w = &st->without;
    *w = st->with;
    w->alliances = 0;
    init_orgs(st, w, n);
    for (long i = 0; i < n; i++)
        st->org_value[i] = st->org_prime[i] = 0.0;
    for (size_t v = 0; v < TV_COUNT; v++)
        initial[v] = 0.0;
    observe(p, st, initial);
}

/* ---- step ---- */

/* Every month draws the same count whatever the state: the organisations'
 * numbers, then the firms' adoption, then three per partnership slot; both
 * arms use them (common random numbers). */
static void draw_month(const struct territory_settings *t,
                       struct territory_state *st, gsl_rng *rng)
{
    for (long i = 0; i < t->organisations; i++) {
        org_draw_month(rng, &st->draws[i]);
        /* Only live cores read the factors (ten exponentials). */
        if (st->with.orgs[i].alive || st->without.orgs[i].alive ||
            st->alone_without[i].alive)
            org_month_factors(&st->orgs[i], &st->draws[i], &st->factors[i]);
    }
    for (long j = 0; j < t->firms; j++)
        st->adoption_draws[j] = gsl_rng_uniform(rng);
    for (long j = 0; j < t->firms; j++)
        for (long k = 0; k < t->link_slots; k++)
            for (int d = 0; d < 3; d++)
                st->slot_draws[j][k][d] = gsl_rng_uniform(rng);
}

/* Bass: a firm not yet partnering starts in the month with the chance
 * 1 - exp(-(p + q a) / 12), a the share partnering at the month's start. */
static double adopt(const struct territory_settings *t,
                    struct territory_state *st)
{
    long partnering = 0;
    for (long j = 0; j < t->firms; j++)
        partnering += st->partnering[j];
    double share = (double)partnering / (double)t->firms;
    double hazard = 1.0 - exp(-(st->innovation_per_year +
                                t->adoption_imitation_per_year * share) /
                              12.0);
    for (long j = 0; j < t->firms; j++)
        if (!st->partnering[j] && st->adoption_draws[j] < hazard) {
            st->partnering[j] = 1;
            partnering++;
        }
    return (double)partnering / (double)t->firms;
}

static void territory_step(const void *params, void *state, long month,
                           gsl_rng *rng, double *out)
{
    const struct territory_params *p = params;
    const struct territory_settings *t = &p->t;
    struct territory_state *st = state;
    /* The scenario's dated events, on each organisation's settings (scaled
     * to its size) and on its three cores, before its month's factors. */
    if (st->orgs[0].events.count > 0)
        for (long i = 0; i < t->organisations; i++) {
            struct org_core *const cores[3] = {&st->with.orgs[i],
                                               &st->without.orgs[i],
                                               &st->alone_without[i]};
            org_events_apply_month(&st->orgs[i], month, cores, 3);
        }
    draw_month(t, st, rng);
    double partnering = adopt(t, st);
    struct engagement_flows with, without;
    arm_month(t, st, &st->with, partnering, month, 1, &with);
    arm_month(t, st, &st->without, partnering, month, 0, &without);
    observe(p, st, out);
    out[TV_VALUE] = st->with.value_eur;
    out[TV_VALUE_WITHOUT_ALLIANCES] = st->without.value_eur;
    out[TV_PRIME] = st->with.value_eur - st->without.value_eur;
    out[TV_PRIME_SHARE] =
        st->with.value_eur > 0.0 ? out[TV_PRIME] / st->with.value_eur : 0.0;
    out[TV_ENGAGEMENT_VALUE] = with.value;
    out[TV_ENGAGEMENT_VALUE_WITHOUT_ALLIANCES] = without.value;
    out[TV_ENGAGEMENT_PRIME] = with.value - without.value;
    out[TV_MICRO_PRIME_SUM] = with.micro_prime;
    out[TV_POT_REDISTRIBUTED] = with.pot_redistributed;
}

/* ---- per organisation ---- */

static const struct var_desc territory_unit_vars[TU_COUNT] = {
    [TU_VALUE] = {"value_produced_eur", "EUR/month", VAR_FLOW,
                  "valeur produite (value produced)",
                  "the organisation's social value in the month, in the "
                  "territory as it is"},
    [TU_PRIME] = {"prime_alliance_eur", "EUR/month", VAR_FLOW,
                  "prime à l'alliance (micro)",
                  "its value minus its own with its alliances off, in the "
                  "same territory, on the same draws"},
    [TU_CASH] = {"cash_eur", "EUR", VAR_STOCK, "trésorerie (cash)",
                 "cash at month end"},
    [TU_ALIVE] = {"alive", "1", VAR_STOCK, "survie (survival)",
                  "1 while it operates, 0 once closed"},
    [TU_LINKS] = {"links", "link", VAR_STOCK,
                  "alliances avec les entreprises (links)",
                  "its links with firms, of the three kinds"},
    [TU_SIZE] = {"size", "1", VAR_STOCK, "taille (size)",
                 "its size against the template (workforce, budgets, cash)"},
};

static size_t territory_n_units(const void *params)
{
    const struct territory_params *p = params;
    return (size_t)p->t.organisations;
}

static void territory_units(const void *params, const void *state,
                            double *out)
{
    const struct territory_params *p = params;
    const struct territory_state *st = state;
    for (long i = 0; i < p->t.organisations; i++) {
        const struct org_core *c = &st->with.orgs[i];
        double *u = out + i * TU_COUNT;
        u[TU_VALUE] = st->org_value[i];
        u[TU_PRIME] = st->org_prime[i];
        u[TU_CASH] = c->cash_eur;
        u[TU_ALIVE] = c->alive;
        u[TU_LINKS] = 0.0;
        for (int k = 0; k < ALLY_COUNT; k++)
            u[TU_LINKS] += st->with.links_of[i][k];
        u[TU_SIZE] = st->size[i];
    }
}

const struct model_type territory_model = {
    .name = "territory",
    .params = territory_params_table,
    .n_params =
        sizeof territory_params_table / sizeof territory_params_table[0],
    .params_size = sizeof(struct territory_params),
    .vars = territory_vars,
    .n_vars = TV_COUNT,
    .state_size = sizeof(struct territory_state),
    .check = territory_check,
    .init = territory_init,
    .step = territory_step,
    .levers = NULL,
    .unit_vars = territory_unit_vars,
    .n_unit_vars = TU_COUNT,
    .n_units = territory_n_units,
    .units = territory_units,
};
