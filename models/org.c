/*
 * org.c - the organisation model (see org.h and docs/model.md).
 */
#include "org.h"

#include "horizon.h"
#include "rules.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* fmin and fmax without their NaN rules (none reaches them: parameters are
 * validated, states finite), so that they compile to one instruction
 * instead of a call into libm; ties give a, so that max_of(0.0, -0.0) is
 * +0.0 as fmax's callers expect. */
static inline double min_of(double a, double b)
{
    return b < a ? b : a;
}

static inline double max_of(double a, double b)
{
    return b > a ? b : a;
}

/* Which alliance kind raises each funding source and each workforce category.
 * Positioning alliances (visibility, legitimacy) open funders' doors and draw
 * volunteers and civic-service young people; production and distribution
 * alliances open markets and bring firms' skills and interns. */
static const enum alliance_kind funding_alliance[FUND_COUNT] = {
    [FUND_SUBSIDY] = ALLY_POSITIONING,
    [FUND_PHILANTHROPY] = ALLY_POSITIONING,
    [FUND_CROWDFUNDING] = ALLY_POSITIONING,
    [FUND_SOCIAL_INVESTMENT] = ALLY_POSITIONING,
    [FUND_EARNED_INCOME] = ALLY_PRODUCTION,
};

static const enum alliance_kind hr_alliance[HR_COUNT] = {
    [HR_EMPLOYEES] = ALLY_PRODUCTION, /* unused: employees follow the money */
    [HR_VOLUNTEERS] = ALLY_POSITIONING,
    [HR_CIVIC_SERVICE] = ALLY_POSITIONING,
    [HR_INTERNS] = ALLY_PRODUCTION,
    [HR_SKILLS_SPONSORSHIP] = ALLY_PRODUCTION,
};

/* ---- parameter table ---- */

#define OFF(field) offsetof(struct org_params, field)
#define DBL(path, field, unit, def, lo, hi, desc, src)                         \
    {                                                                          \
        path, PARAM_DOUBLE, OFF(field), unit, def, lo, hi, desc, src, NULL,    \
            NULL, 0                                                            \
    }
#define BOOL(path, field, def, desc, src)                                       \
    {                                                                          \
        path, PARAM_BOOL, OFF(field), "-", def, 0, 1, desc, src, NULL, NULL, 0 \
    }
#define INT(path, field, unit, def, lo, hi, desc, src)                         \
    {                                                                          \
        path, PARAM_INT, OFF(field), unit, def, lo, hi, desc, src, NULL, NULL, \
            0                                                                  \
    }

/* Shared sources, so that each reference is written once. */
#define SRC_PILLARS                                                            \
    "seed 000 (three pillars of the socio-economic model); domain.md s1"
#define SRC_SMIC                                                               \
    "domain.md s9: SMIC 11.88 EUR/h gross (1 Nov 2024) x 151.67 h; "           \
    "ANC 2018-06 accepts SMIC-based valuation of volunteer time"
#define SRC_MIX                                                                \
    "domain.md s9: Tchernonog & Prouteau (2017 data), activity revenue 66%, "  \
    "subsidies 20%, donations and sponsorship 14%, scaled to a 42 kEUR/month " \
    "budget"
#define SRC_ASSUME "assumption (order of magnitude, to calibrate)"
#define SRC_RULES                                                              \
    "seed 003 « Modélisation des ratios d'équilibre des actions d'intérêt "    \
    "général »; reading: domain.md s4"
#define SRC_ZONES                                                              \
    "seed 003, figure « Les caractéristiques du processus d'innovation "      \
    "sociétal »: one risk zone per phase; size: assumption"
#define SRC_POLICY "scenario choice: off by default (issue: rules as policies)"

#define HR_ROWS(key, cat, v_fte, v_cost, v_shadow, v_attr, v_recruit,          \
                v_effect, src_fte, src_cost, src_shadow, src_attr)             \
    DBL("human." key ".fte", hr[cat].fte, "FTE", v_fte, 0, 1e5,                \
        "initial workforce", src_fte),                                         \
        DBL("human." key ".cost_eur", hr[cat].cost_eur, "EUR/FTE/month",       \
            v_cost, 0, 1e5, "monthly cost paid by the organisation per FTE",   \
            src_cost),                                                         \
        DBL("human." key ".shadow_price_eur", hr[cat].shadow_price_eur,        \
            "EUR/FTE/month", v_shadow, 0, 1e5,                                 \
            "value of the time given freely per FTE (valued engagement)",      \
            src_shadow),                                                       \
        DBL("human." key ".attrition_per_month", hr[cat].attrition_per_month,  \
            "1/month", v_attr, 0, 1,                                           \
            "share of the category leaving each month", src_attr),             \
        DBL("human." key ".recruitment_fte_per_month",                         \
            hr[cat].recruitment_fte_per_month, "FTE/month", v_recruit, 0, 1e4, \
            "arrivals per month at zero alliance strength (employees: "        \
            "unused, "                                                         \
            "they follow the money)",                                          \
            SRC_ASSUME),                                                       \
        DBL("human." key ".alliance_effect", hr[cat].alliance_effect, "1",     \
            v_effect, 0, 100,                                                  \
            "relative rise of arrivals at alliance strength 1", SRC_ASSUME)

#define FUND_ROWS(key, src, amount, growth, vol, lvol, dur, renew, regain,     \
                  uplift, src_amount, src_dur)                                 \
    DBL("funding." key ".monthly_eur", funding[src].monthly_eur, "EUR/month",  \
        amount, 0, 1e9, "expected amount in month 1", src_amount),             \
        DBL("funding." key ".growth_per_year", funding[src].growth_per_year,   \
            "1/year", growth, -0.5, 1, "yearly drift of the expected amount",  \
            SRC_ASSUME),                                                       \
        DBL("funding." key ".volatility", funding[src].volatility, "1", vol,   \
            0, 3,                                                              \
            "sd of the transitory monthly log-normal shock (mean-preserving)", \
            SRC_ASSUME),                                                       \
        DBL("funding." key ".level_volatility", funding[src].level_volatility, \
            "1", lvol, 0, 1,                                                   \
            "sd of the persistent monthly log-normal shock to the expected "   \
            "amount (a random walk: good and bad years last)",                 \
            SRC_ASSUME),                                                       \
        INT("funding." key ".duration_months", funding[src].duration_months,   \
            "month", dur, 0, 1200,                                             \
            "term of the grant or contract; 0 = open-ended", src_dur),         \
        DBL("funding." key ".renewal_probability",                             \
            funding[src].renewal_probability, "1", renew, 0, 1,                \
            "chance the source is renewed at the end of a term", SRC_ASSUME),  \
        DBL("funding." key ".regain_probability",                              \
            funding[src].regain_probability, "1/month", regain, 0, 1,          \
            "monthly chance a lost source is won back for a new term",         \
            SRC_ASSUME),                                                       \
        DBL("funding." key ".alliance_uplift", funding[src].alliance_uplift,   \
            "1", uplift, 0, 100,                                               \
            "relative rise of the amount at alliance strength 1",              \
            "seed 003 (alliances as a performance lever); size: " SRC_ASSUME)

#define ALLY_ROWS(key, kind, v_strength, v_growth, v_decay, v_half, v_share,   \
                  v_uplift, v_break, v_loss)                                   \
    DBL("alliances." key ".strength", alliance[kind].strength, "1",            \
        v_strength, 0, 1,                                                      \
        "initial alliance strength (0 none, 1 fully developed)", SRC_ASSUME),  \
        DBL("alliances." key ".growth_per_month",                              \
            alliance[kind].growth_per_month, "1/month", v_growth, 0, 1,        \
            "monthly rise toward 1 under saturating engineering spending",     \
            SRC_ASSUME),                                                       \
        DBL("alliances." key ".decay_per_month",                               \
            alliance[kind].decay_per_month, "1/month", v_decay, 0, 1,          \
            "monthly loss of strength", SRC_ASSUME),                           \
        DBL("alliances." key ".half_saturation_eur",                           \
            alliance[kind].half_saturation_eur, "EUR/month", v_half, 1, 1e9,   \
            "engineering spending giving half the maximal growth",             \
            SRC_ASSUME),                                                       \
        DBL("alliances." key ".engineering_share",                             \
            alliance[kind].engineering_share, "1", v_share, 0, 1,              \
            "share of the engineering budget spent on this kind (shares sum "  \
            "to 1)",                                                           \
            SRC_ASSUME),                                                       \
        DBL("alliances." key ".value_uplift", alliance[kind].value_uplift,     \
            "1", v_uplift, 0, 100,                                             \
            "relative rise of value produced at strength 1",                   \
            "seed 003 (« prime à l'alliance »); size: " SRC_ASSUME),           \
        DBL("alliances." key ".break_probability",                             \
            alliance[kind].break_probability, "1/month", v_break, 0, 1,        \
            "monthly chance that a partner leaves", SRC_ASSUME),               \
        DBL("alliances." key ".break_loss", alliance[kind].break_loss, "1",    \
            v_loss, 0, 1, "share of strength lost when a partner leaves",      \
            SRC_ASSUME)

static const struct param_desc org_params_table[] = {
    {"organisation.name", PARAM_STRING, OFF(name), "-", 0, 0, 0,
     "name of the organisation, for reports", "-", "Association", NULL, 0},

    /* « richesses humaines »: salariés, bénévoles, services civiques,
     * stagiaires, mécénat de compétences (seed 000). */
    HR_ROWS(
        "employees", HR_EMPLOYEES, 8, 3400, 0, 0.012, 0, 0,
        SRC_PILLARS "; size: assumption (small employer association)",
        "INSEE: median net wage 2,183 EUR/month (2023) -> about 2,800 gross, "
        "plus employer contributions net of relief: assumption 3,400",
        "paid in full: no freely given part",
        "assumption: about 14% of employees leave each year"),
    HR_ROWS(
        "volunteers", HR_VOLUNTEERS, 3, 0, 1801.84, 0.033, 0.08, 0.5,
        SRC_PILLARS "; 1.43 M volunteer FTE for 1.6 M salaried FTE "
                    "nationally (domain.md s9)",
        "unpaid", SRC_SMIC,
        "domain.md s9: more than one in three volunteers drop out in a year"),
    HR_ROWS("civic_service", HR_CIVIC_SERVICE, 2, 111.45, 1801.84, 0.1, 0.18,
            0.3, SRC_PILLARS,
            "assumption: the host's monthly « prestation de subsistance » "
            "(the State pays the allowance)",
            SRC_SMIC, "assumption: missions of 6 to 12 months, ~10%/month"),
    HR_ROWS("interns", HR_INTERNS, 0.5, 659.76, 0, 0.25, 0.12, 0.2, SRC_PILLARS,
            "legal minimum gratification 4.35 EUR/h x 151.67 h (2024)",
            "assumption: interns are counted at their cost only",
            "assumption: internships of about 4 months"),
    HR_ROWS("skills_sponsorship", HR_SKILLS_SPONSORSHIP, 0.2, 0, 5405.52, 0.08,
            0.004, 4, SRC_PILLARS,
            "paid by the lending firm, free to the organisation",
            "domain.md s9: 3x SMIC for expertise tasks",
            "assumption: missions of about a year"),

    /* Employees follow the money. */
    DBL("staffing.reserve_target_months", reserve_target_months, "month", 4, 0,
        120,
        "cash reserve the organisation aims at, in months of costs; paid "
        "staff adjust so that revenue covers costs plus the reserve gap",
        "assumption: French associations hold about three to six months of "
        "expenses"),
    DBL("staffing.reserve_adjust_months", reserve_adjust_months, "month", 24, 1,
        600, "months over which a gap to the reserve target is closed",
        SRC_ASSUME),
    DBL("staffing.hire_runway_months", hire_runway_months, "month", 3, 0, 120,
        "cash runway (cash / monthly costs) needed to recruit paid staff",
        SRC_ASSUME),
    DBL("staffing.layoff_runway_months", layoff_runway_months, "month", 1, 0,
        120, "runway below which staff above the affordable level leave",
        SRC_ASSUME),
    DBL("staffing.adjust_per_month", staffing_adjust_per_month, "1/month", 0.05,
        0, 1, "share of the gap up to the affordable payroll filled each month",
        SRC_ASSUME),
    DBL("staffing.layoff_adjust_per_month", layoff_adjust_per_month, "1/month",
        0.1, 0, 1,
        "share of the staff above the affordable payroll who leave each month "
        "once runway is short",
        "assumption: redundancies are slow and partial (notice periods, "
        "permanent contracts); calibrated with "
        "funding.earned_income.level_volatility so that the default "
        "association closes at about 2% a year (domain.md s9: 2-4%)"),
    DBL("staffing.revenue_smoothing_months", revenue_smoothing_months, "month",
        6, 1, 120, "memory of the revenue average used for staffing",
        SRC_ASSUME),

    /* « ressources financières »: subventionnement, investissement sociétal,
     * revenus d'activité (seed 000, 003). */
    FUND_ROWS("subsidy", FUND_SUBSIDY, 8400, 0, 0.05, 0.01, 36, 0.85, 0.02, 0.2,
              SRC_MIX " (20%)",
              "assumption: multi-year agreements (CPO) run 3 years"),
    FUND_ROWS("philanthropy", FUND_PHILANTHROPY, 4600, 0.02, 0.25, 0.03, 12,
              0.75, 0.03, 0.5, SRC_MIX " (about 11% of the 14%)",
              "assumption: yearly sponsorship agreements"),
    FUND_ROWS("crowdfunding", FUND_CROWDFUNDING, 1300, 0.03, 0.5, 0.05, 0, 1, 0,
              0.3, SRC_MIX " (about 3% of the 14%)",
              "open-ended: many small gifts"),
    FUND_ROWS("social_investment", FUND_SOCIAL_INVESTMENT, 0, 0, 0.2, 0.02, 60,
              0.5, 0.005, 1.0,
              "assumption: none at start in the default scenario",
              "assumption: 5-year strategic partnerships"),
    FUND_ROWS("earned_income", FUND_EARNED_INCOME, 27700, 0.02, 0.1, 0.07, 0, 1,
              0, 0.3, SRC_MIX " (66%: public contracts and private payments)",
              "open-ended: sales and contracts renew continuously"),

    /* « alliances »: de positionnement, de production / diffusion, de moyens
     * (seed 000, 003). */
    ALLY_ROWS("positioning", ALLY_POSITIONING, 0.3, 0.05, 0.02, 1000, 0.4, 0.1,
              0.01, 0.5),
    ALLY_ROWS("production", ALLY_PRODUCTION, 0.2, 0.05, 0.02, 1000, 0.4, 0.3,
              0.01, 0.5),
    ALLY_ROWS("pooled_means", ALLY_POOLED_MEANS, 0.1, 0.05, 0.02, 500, 0.2, 0.1,
              0.01, 0.5),
    DBL("engineering.budget_eur", engineering_eur, "EUR/month", 1500, 0, 1e9,
        "alliance engineering budget (animation, steering of partnerships), "
        "spent while cash is positive",
        "seed 003 (« ingénierie d'animation »); size: assumption, about 4% "
        "of the budget"),

    /* Costs and cash. */
    DBL("costs.overhead_eur", overhead_eur, "EUR/month", 4000, 0, 1e9,
        "fixed costs: rent, insurance, administration", SRC_ASSUME),
    DBL("costs.activity_eur_per_fte", activity_eur_per_fte, "EUR/FTE/month",
        400, 0, 1e6, "means of action per FTE: materials, travel, services",
        SRC_ASSUME),
    DBL("costs.inflation_per_year", inflation_per_year, "1/year", 0.02, -0.2,
        0.5, "growth of wages, shadow prices and unit costs",
        "assumption: the ECB's 2% target"),
    DBL("costs.pooled_saving_max", pooled_saving_max, "1", 0.3, 0, 1,
        "share of overhead saved by pooling means at pooled-means strength 1",
        "seed 003 (« mutualisation de moyens »); size: " SRC_ASSUME),
    DBL("cash.overdraft_interest_per_year", overdraft_interest_per_year,
        "1/year", 0.08, 0, 1, "interest on negative cash",
        "assumption: French bank overdraft rates"),
    DBL("cash.initial_eur", initial_cash_eur, "EUR", 120000, -1e9, 1e12,
        "cash at month 0",
        "assumption: about three months of expenses in reserve"),
    DBL("cash.overdraft_limit_eur", overdraft_limit_eur, "EUR", 20000, 0, 1e12,
        "how far cash may fall below zero before the organisation is in "
        "distress",
        SRC_ASSUME),
    INT("cash.failure_months", failure_months, "month", 6, 1, 1200,
        "consecutive months beyond the overdraft limit after which the "
        "organisation closes",
        "assumption; calibrates closures to 2-4% a year (domain.md s9)"),

    /* Value produced. */
    DBL("value.productivity", productivity, "1", 1.3, 0, 100,
        "social value produced per EUR of means at zero alliance strength",
        "assumption inside the 1.1:1 to 65:1 SROI range (domain.md s9)"),
    DBL("value.human_share", human_share, "1", 0.7, 0.05, 0.95,
        "Cobb-Douglas exponent of human means (the rest: financial means)",
        SRC_ASSUME),

    /* The ratio rules (seed 003, « Modélisation des ratios d'équilibre des
     * actions d'intérêt général »; readings: domain.md s4). */
    DBL("rules.four_tiers.share", rules.four_tiers_share, "1",
        RULES_FOUR_TIERS_SHARE, 0, 10,
        "valued engagement the « règle des 4 tiers » asks for, as a share of "
        "paid competences",
        SRC_RULES " (one third: 4/3 of paid in total)"),
    BOOL("rules.four_tiers.policy", rules.four_tiers_policy, 0,
         "recruit volunteers toward the 4-tiers target", SRC_POLICY),
    DBL("rules.four_tiers.recruitment_capacity_fte",
        rules.four_tiers_capacity_fte, "FTE/month", 0.5, 0, 1e4,
        "most volunteers the policy can recruit in a month", SRC_ASSUME),
    DBL("rules.tiers_on_top.share", rules.tiers_on_top_share, "1",
        RULES_TIERS_ON_TOP_SHARE, 0, 0.95,
        "share of total spending the « règle du tiers on top » gives to "
        "engineering (animation, pilotage, capitalisation, valorisation)",
        "seed 003: « 67% pour réaliser les projets / actions, 33% pour "
        "financer l'ingénierie »"),
    BOOL("rules.tiers_on_top.policy", rules.tiers_on_top_policy, 0,
         "budget engineering at the tiers-on-top share of total spending "
         "(replaces engineering.budget_eur)",
         SRC_POLICY),
    DBL("rules.ten_plus_one.pooling_share", rules.pooling_share, "1",
        RULES_POOLING_SHARE, 0, 1,
        "share of the means budget the « règle des 10+1% » pools with allies",
        SRC_RULES " (« mutualisation de moyens »)"),
    DBL("rules.ten_plus_one.value_share", rules.value_share, "1",
        RULES_VALUE_SHARE, 0, 1,
        "share of the value created paid into the collective general-interest "
        "pot",
        SRC_RULES " (« répartition de la valeur collective »)"),
    BOOL("rules.ten_plus_one.policy", rules.ten_plus_one_policy, 0,
         "pool means with allies and pay into the collective pot", SRC_POLICY),
    DBL("rules.ten_plus_one.pooling_saving", rules.pooling_saving, "1", 0.5, 0,
        1, "share of the pooled costs saved at pooled-means strength 1",
        SRC_ASSUME),

    /* The innovation process (seed 003, « Un processus d'innovation à la
     * fois ancré et incarné territorialement »). */
    BOOL("innovation.enabled", innovation.enabled, 0,
         "the organisation carries an innovation through R&D sociétale, "
         "qualification and déploiement",
         "seed 003; off for an established association"),
    INT("innovation.start_step", innovation.start_step, "step", 1, 1,
        INNOVATION_STEPS,
        "step of the innovation at month 0 (1-2 R&D sociétale, 3 "
        "qualification, 4-5 déploiement)",
        "seed 003: « trois phases [...] qui se décomposent en 5 étapes »"),
    INT("innovation.cycle_months", innovation.cycle_months, "month", 84, 5,
        1200, "length of the five steps together; a deployed innovation "
        "starts a new cycle",
        "seed 003: « des cycles de 7 ans »"),
    DBL("innovation.hazard_rd", innovation.hazard[PHASE_RD], "1/month", 0.012,
        0, 1,
        "monthly hazard of closing in R&D sociétale: « vallée de la mort »",
        SRC_ZONES),
    DBL("innovation.hazard_qualification",
        innovation.hazard[PHASE_QUALIFICATION], "1/month", 0.008, 0, 1,
        "monthly hazard of closing in qualification: « crise de croissance »",
        SRC_ZONES),
    DBL("innovation.hazard_deployment", innovation.hazard[PHASE_DEPLOYMENT],
        "1/month", 0.005, 0, 1,
        "monthly hazard of closing in déploiement: « saut quantique »",
        SRC_ZONES),
    DBL("innovation.hazard_alliance_cut", innovation.hazard_alliance_cut, "1",
        0.6, 0, 1,
        "share of the risk-zone hazard removed at mean alliance strength 1",
        "seed 003: « L'alliance est un levier d'accélération »; size: "
        SRC_ASSUME),
    DBL("innovation.funding_rd_eur", innovation.phase_funding_eur[PHASE_RD],
        "EUR/month", 3000, 0, 1e9,
        "funding a strategic partner brings during R&D sociétale",
        SRC_ASSUME),
    DBL("innovation.funding_qualification_eur",
        innovation.phase_funding_eur[PHASE_QUALIFICATION], "EUR/month", 6000,
        0, 1e9, "funding a strategic partner brings during qualification",
        SRC_ASSUME),
    DBL("innovation.funding_deployment_eur",
        innovation.phase_funding_eur[PHASE_DEPLOYMENT], "EUR/month", 10000, 0,
        1e9, "funding a strategic partner brings during déploiement",
        SRC_ASSUME),
    DBL("innovation.funding_access", innovation.funding_access, "1/month",
        0.15, 0, 1,
        "monthly chance to secure the next phase's funding at zero "
        "positioning strength; the step waits until it is secured",
        SRC_ASSUME),
    DBL("innovation.access_uplift", innovation.access_uplift, "1", 2.0, 0, 100,
        "relative rise of that chance at positioning strength 1",
        "seed 003 (alliances ease access to the next phase); size: "
        SRC_ASSUME),
};

#undef OFF

/* ---- variables ---- */

static const struct var_desc org_vars[OV_COUNT] = {
#define X(id, name, unit, kind, aggregate, label, description)                 \
    [id] = {name, unit, kind, label, description},
    ORG_VAR_LIST(X)
#undef X
};

/* ---- dynamics ---- */

int org_params_check(const struct org_params *p, char *msg, size_t len)
{
    double share_sum = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        share_sum += p->alliance[k].engineering_share;
    if (fabs(share_sum - 1.0) > 1e-9) {
        snprintf(msg, len,
                 "alliances.*.engineering_share must sum to 1 (they sum to %g)",
                 share_sum);
        return -1;
    }
    if (p->layoff_runway_months > p->hire_runway_months) {
        snprintf(msg, len,
                 "staffing.layoff_runway_months (%g) must not exceed "
                 "staffing.hire_runway_months (%g)",
                 p->layoff_runway_months, p->hire_runway_months);
        return -1;
    }
    return 0;
}

static int check_any(const void *params, char *msg, size_t len)
{
    return org_params_check(params, msg, len);
}

static enum innovation_phase phase_of(long step)
{
    return step <= 2 ? PHASE_RD
                     : step == 3 ? PHASE_QUALIFICATION : PHASE_DEPLOYMENT;
}

static void observe_stocks(const struct org_core *s, double *out)
{
    double total = 0.0;
    for (int c = 0; c < HR_COUNT; c++) {
        out[OV_EMPLOYEES_FTE + c] = s->fte[c];
        total += s->fte[c];
    }
    out[OV_WORKFORCE_FTE] = total;
    out[OV_CASH] = s->cash_eur;
    for (int k = 0; k < ALLY_COUNT; k++)
        out[OV_ALLIANCE_POSITIONING + k] = s->alliance[k];
    out[OV_ALIVE] = s->alive ? 1.0 : 0.0;
    out[OV_COLLECTIVE_POT] = s->collective_pot_eur;
    out[OV_INNOVATION_STEP] = (double)s->step;
    out[OV_INNOVATION_PHASE] = s->step > 0 ? (double)phase_of(s->step) + 1 : 0;
    out[OV_CLOSED_IN_RISK_ZONE] = s->closed_by_hazard;
}

/* The state at month 0; the counterfactual without alliances starts with
 * no alliance and never builds one. */
static void init_core(const struct org_params *p, struct org_core *s,
                      int alliances_off)
{
    memset(s, 0, sizeof *s);
    s->alliances_off = alliances_off;
    for (int c = 0; c < HR_COUNT; c++)
        s->fte[c] = p->hr[c].fte;
    s->cash_eur = p->initial_cash_eur;
    for (int k = 0; k < ALLY_COUNT; k++)
        s->alliance[k] = alliances_off ? 0.0 : p->alliance[k].strength;
    double revenue = 0.0;
    for (int f = 0; f < FUND_COUNT; f++) {
        const struct funding_params *fp = &p->funding[f];
        s->funding_level_eur[f] = fp->monthly_eur;
        s->funding_growth_factor[f] =
            pow(1.0 + fp->growth_per_year, 1.0 / 12.0);
        s->months_left[f] = fp->duration_months;
        s->source_active[f] = fp->monthly_eur > 0.0;
        revenue += fp->monthly_eur;
    }
    s->revenue_smoothed_eur = revenue;
    s->price_index = 1.0;
    s->inflation_factor = pow(1.0 + p->inflation_per_year, 1.0 / 12.0);
    s->alive = 1;
    s->failure_month = 0;
    /* A project starts with its current phase funded. */
    s->step = p->innovation.enabled ? p->innovation.start_step : 0;
}

static void org_init(const void *params, void *state, double *initial)
{
    const struct org_params *p = params;
    struct org_state *s = state;
    init_core(p, &s->org, 0);
    init_core(p, &s->without_alliances, 1);
    for (int v = 0; v < OV_COUNT; v++)
        initial[v] = 0.0;
    observe_stocks(&s->org, initial);
}

/* Renews, loses or regains a source at the turn of its term, using the
 * month's uniform draw u. */
static void update_source_term(const struct funding_params *fp,
                               double positioning, double u, int *active,
                               long *months_left)
{
    if (fp->duration_months == 0)
        return; /* open-ended: always on once active */
    if (*active) {
        if (*months_left > 0)
            return;
        /* Positioning alliances raise the odds of renewal in the same
         * proportion as they raise the amount. */
        double p_renew = fp->renewal_probability +
                         (1.0 - fp->renewal_probability) *
                             min_of(1.0, fp->alliance_uplift * positioning);
        if (u < p_renew)
            *months_left = fp->duration_months;
        else
            *active = 0;
    } else if (fp->monthly_eur > 0.0 && u < fp->regain_probability) {
        *active = 1;
        *months_left = fp->duration_months;
    }
}

static void zero_flows(double *out)
{
    for (int v = OV_FUNDING_SUBSIDY; v < OV_COUNT; v++)
        out[v] = 0.0;
}

/* Value produced: Cobb-Douglas in human means H (paid and given work) and
 * financial means M (means of action and overhead used, whoever pays for
 * them), raised by alliances. */
static double value_produced(const struct org_params *p,
                             const struct org_core *s, double human_means,
                             double financial_means)
{
    if (human_means <= 0.0 || financial_means <= 0.0)
        return 0.0;
    double alliance_gain = 1.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        alliance_gain += p->alliance[k].value_uplift * s->alliance[k];
    /* H^a M^(1-a) as M (H/M)^a: one pow instead of two, unless H/M
     * overflows or underflows (then M (H/M)^a would be inf or 0). */
    double ratio = human_means / financial_means;
    double cobb_douglas =
        isfinite(ratio) && ratio > 0.0
            ? financial_means * pow(ratio, p->human_share)
            : pow(human_means, p->human_share) *
                  pow(financial_means, 1.0 - p->human_share);
    return p->productivity * cobb_douglas * alliance_gain;
}

static void month_costs(const struct org_params *p, const struct org_core *s,
                        struct org_budget *mc)
{
    const struct org_rules *r = &p->rules;
    double pi = s->price_index;
    double pooled_strength = s->alliance[ALLY_POOLED_MEANS];
    mc->salaries = mc->engagement = mc->workforce = 0.0;
    for (int c = 0; c < HR_COUNT; c++) {
        mc->salaries += s->fte[c] * p->hr[c].cost_eur * pi;
        mc->engagement += s->fte[c] * p->hr[c].shadow_price_eur * pi;
        mc->workforce += s->fte[c];
    }
    double activity = p->activity_eur_per_fte * pi * mc->workforce;
    double overhead_used = p->overhead_eur * pi;
    mc->value = value_produced(p, s, mc->salaries + mc->engagement,
                               activity + overhead_used);

    /* Pooled-means alliances cut the overhead paid; under the 10+1% policy a
     * share of all means is pooled with allies, and the pooled part costs
     * less in proportion to the alliance's strength. */
    double overhead = overhead_used * (1.0 - p->pooled_saving_max *
                                                 pooled_strength);
    mc->means = activity + overhead;
    double cut = 0.0;
    mc->pooled = 0.0;
    if (r->ten_plus_one_policy && !s->alliances_off) {
        mc->pooled = r->pooling_share * mc->means;
        cut = r->pooling_share * r->pooling_saving * pooled_strength;
    }
    mc->pooling_saving = mc->means * cut;
    mc->activity = activity * (1.0 - cut);
    mc->overhead = overhead * (1.0 - cut);
    mc->actions = mc->salaries + mc->activity + mc->overhead;

    /* Engineering and the collective pot are paid only while cash is
     * positive: an organisation in overdraft stops both. */
    int solvent = s->cash_eur > 0.0;
    double share = r->tiers_on_top_share;
    if (!solvent || s->alliances_off)
        mc->engineering = 0.0;
    else if (r->tiers_on_top_policy)
        mc->engineering = mc->actions * share / (1.0 - share);
    else
        mc->engineering = p->engineering_eur;
    /* A fund's grant is earmarked: spent on engineering whatever the cash. */
    mc->engineering += s->alliances_off ? 0.0 : s->grant_eur;
    /* Without alliances there is no one to pool with nor a collective pot. */
    int pooling = r->ten_plus_one_policy && !s->alliances_off;
    mc->pot = solvent && pooling ? r->value_share * mc->value : 0.0;
    mc->interest = s->cash_eur < 0.0 ? -s->cash_eur *
                                           p->overdraft_interest_per_year /
                                           12.0
                                     : 0.0;
    mc->total = mc->actions + mc->engineering + mc->pot + mc->interest;
}

/* Where the month stands against each ratio rule. */
static void observe_rules(const struct org_params *p,
                          const struct org_core *s,
                          const struct org_budget *mc, double *out)
{
    const struct org_rules *r = &p->rules;
    struct four_tiers ft = rules_four_tiers(
        mc->salaries, mc->engagement,
        p->hr[HR_VOLUNTEERS].shadow_price_eur * s->price_index,
        r->four_tiers_share);
    struct tiers_on_top tt = rules_tiers_on_top(mc->actions, mc->engineering,
                                                r->tiers_on_top_share);
    struct ten_plus_one to =
        rules_ten_plus_one(mc->means, mc->value, mc->pooled, mc->pot,
                           r->pooling_share, r->value_share);
    out[OV_FOUR_TIERS_RATIO] = ft.ratio;
    out[OV_FOUR_TIERS_GAP] = ft.gap_eur;
    out[OV_TIERS_ON_TOP_SHARE] = tt.current_share;
    out[OV_TIERS_ON_TOP_GAP] = tt.gap_eur;
    out[OV_POOLED_SHARE] = mc->means > 0.0 ? mc->pooled / mc->means : 0.0;
    out[OV_POT_SHARE] = mc->value > 0.0 ? mc->pot / mc->value : 0.0;
    out[OV_TEN_PLUS_ONE_GAP] = to.pooled_gap_eur + to.pot_gap_eur;
}

/* Under the 4-tiers policy the organisation recruits volunteers, within its
 * monthly capacity, until valued engagement reaches its target. */
static void recruit_toward_four_tiers(const struct org_params *p,
                                      struct org_core *s,
                                      const struct org_budget *mc)
{
    const struct org_rules *r = &p->rules;
    double fte_value =
        p->hr[HR_VOLUNTEERS].shadow_price_eur * s->price_index;
    if (!r->four_tiers_policy || fte_value <= 0.0)
        return;
    double gap = r->four_tiers_share * mc->salaries - mc->engagement;
    if (gap > 0.0)
        s->fte[HR_VOLUNTEERS] +=
            min_of(r->four_tiers_capacity_fte, gap / fte_value);
}

/* Paid staff follow the money: the affordable number of employees is what
 * smoothed revenue pays once every other cost is met and the gap to the
 * reserve target is being closed; departures are replaced and the gap to that
 * level closes gradually while cash runway allows recruiting, and staff above
 * it leave when runway falls short. */
static double next_employees(const struct org_params *p,
                             const struct org_core *s, double other_costs,
                             double cost_total, double runway)
{
    double reserve_gap = s->cash_eur - p->reserve_target_months * cost_total;
    double budget = s->revenue_smoothed_eur - other_costs +
                    reserve_gap / p->reserve_adjust_months;
    double pi = s->price_index;
    double unit_cost =
        (p->hr[HR_EMPLOYEES].cost_eur + p->activity_eur_per_fte) * pi;
    double employees = s->fte[HR_EMPLOYEES];
    double affordable =
        unit_cost > 0.0 ? max_of(0.0, budget / unit_cost) : employees;
    double departures = p->hr[HR_EMPLOYEES].attrition_per_month * employees;
    double hires = 0.0, layoffs = 0.0;
    if (runway >= p->hire_runway_months)
        hires = max_of(0.0, departures + p->staffing_adjust_per_month *
                                           (affordable - employees));
    if (employees > affordable && runway < p->layoff_runway_months)
        layoffs = p->layoff_adjust_per_month * (employees - affordable);
    return max_of(0.0, employees - departures + hires - layoffs);
}

void org_draw_month(gsl_rng *rng, struct month_draws *d)
{
    for (int f = 0; f < FUND_COUNT; f++) {
        d->shock[f] = gsl_ran_gaussian_ziggurat(rng, 1.0);
        d->level_shock[f] = gsl_ran_gaussian_ziggurat(rng, 1.0);
        d->uniform[f] = gsl_rng_uniform(rng);
    }
    for (int k = 0; k < ALLY_COUNT; k++)
        d->partner[k] = gsl_rng_uniform(rng);
    d->hazard = gsl_rng_uniform(rng);
    d->access = gsl_rng_uniform(rng);
}

static void close_org(struct org_core *s, long month)
{
    s->alive = 0;
    s->failure_month = month;
    for (int c = 0; c < HR_COUNT; c++)
        s->fte[c] = 0.0;
}

/* Funding a strategic partner brings for the current phase this month. */
static double phase_funding(const struct org_params *p,
                            const struct org_core *s)
{
    if (s->step == 0 || s->waiting_funding)
        return 0.0;
    return p->innovation.phase_funding_eur[phase_of(s->step)] * s->price_index;
}

/* The innovation process: the risk zone's hazard, then the step clock,
 * which waits while the new phase's funding is not secured. */
static void advance_innovation(const struct org_params *p, struct org_core *s,
                               const struct month_draws *d, long month)
{
    const struct org_innovation *in = &p->innovation;
    if (s->step == 0 || !s->alive)
        return;
    double mean_strength = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        mean_strength += s->alliance[k] / ALLY_COUNT;
    double hazard = in->hazard[phase_of(s->step)] *
                    (1.0 - in->hazard_alliance_cut * mean_strength);
    if (d->hazard < hazard) {
        s->closed_by_hazard = 1;
        close_org(s, month);
        return;
    }
    if (s->waiting_funding) {
        double chance = min_of(1.0, in->funding_access *
                                      (1.0 + in->access_uplift *
                                                 s->alliance[ALLY_POSITIONING]));
        if (d->access < chance)
            s->waiting_funding = 0;
        return;
    }
    s->months_in_step++;
    if ((double)s->months_in_step * INNOVATION_STEPS <
        (double)in->cycle_months)
        return;
    long next = s->step == INNOVATION_STEPS ? 1 : s->step + 1;
    s->waiting_funding = phase_of(next) != phase_of(s->step) || next == 1;
    s->step = next;
    s->months_in_step = 0;
}

/* Advances one organisation (or its counterfactual) by a month. */
static void advance(const struct org_params *p, struct org_core *s,
                    const struct month_draws *d,
                    const struct month_factors *mf, long month,
                    const struct org_inflows *in, double *out)
{
    if (!s->alive) {
        zero_flows(out);
        observe_stocks(s, out);
        return;
    }

    /* Funding. */
    double funding_total = 0.0;
    for (int f = 0; f < FUND_COUNT; f++) {
        const struct funding_params *fp = &p->funding[f];
        update_source_term(fp, s->alliance[ALLY_POSITIONING], d->uniform[f],
                           &s->source_active[f], &s->months_left[f]);
        double amount = 0.0;
        if (s->source_active[f]) {
            double uplift =
                1.0 + fp->alliance_uplift * s->alliance[funding_alliance[f]];
            amount = s->funding_level_eur[f] * uplift * mf->shock[f] *
                     in->funding_scale[f];
            if (s->months_left[f] > 0)
                s->months_left[f]--;
        }
        s->funding_level_eur[f] *= s->funding_growth_factor[f] * mf->level[f];
        out[OV_FUNDING_SUBSIDY + f] = amount;
        funding_total += amount;
    }
    double partner_funding = phase_funding(p, s);
    out[OV_FUNDING_SOCIAL_INVESTMENT] += partner_funding;
    funding_total += partner_funding + s->grant_eur + in->pot_share_eur;
    out[OV_FUNDING_FUND] = s->grant_eur;
    out[OV_FUNDING_TOTAL] = funding_total;

    struct org_budget mc;
    month_costs(p, s, &mc);
    out[OV_COST_SALARIES] = mc.salaries;
    out[OV_COST_ACTIVITY] = mc.activity;
    out[OV_COST_OVERHEAD] = mc.overhead;
    out[OV_COST_ENGINEERING] = mc.engineering;
    out[OV_COST_INTEREST] = mc.interest;
    out[OV_COST_COLLECTIVE_POT] = mc.pot;
    out[OV_COST_TOTAL] = mc.total;
    out[OV_VALUED_ENGAGEMENT] = mc.engagement;
    out[OV_VALUE_PRODUCED] = mc.value;
    out[OV_POOLED_MEANS] = mc.pooled;
    out[OV_POOLING_SAVING] = mc.pooling_saving;
    observe_rules(p, s, &mc, out);

    s->cash_eur += funding_total - mc.total;
    s->collective_pot_eur += mc.pot;
    double engineering = mc.engineering;
    double cost_total = mc.total;
    double pi = s->price_index;

    /* Alliances grow with engineering spending, decay without it, and lose
     * part of their strength when a partner leaves. */
    for (int k = 0; k < ALLY_COUNT && !s->alliances_off; k++) {
        const struct alliance_params *ap = &p->alliance[k];
        double spend = engineering * ap->engineering_share;
        double drive = spend / (spend + ap->half_saturation_eur);
        double a = s->alliance[k];
        a += ap->growth_per_month * drive * (1.0 - a) - ap->decay_per_month * a;
        if (d->partner[k] < ap->break_probability)
            a *= 1.0 - ap->break_loss;
        s->alliance[k] = min_of(1.0, max_of(0.0, a));
    }

    /* Workforce for next month. */
    s->revenue_smoothed_eur +=
        (funding_total - s->revenue_smoothed_eur) / p->revenue_smoothing_months;
    double runway =
        s->cash_eur > 0.0 && cost_total > 0.0 ? s->cash_eur / cost_total : 0.0;
    double employee_costs =
        s->fte[HR_EMPLOYEES] *
        (p->hr[HR_EMPLOYEES].cost_eur + p->activity_eur_per_fte) * pi;
    double other_costs = cost_total - employee_costs;
    s->fte[HR_EMPLOYEES] =
        next_employees(p, s, other_costs, cost_total, runway);

    /* The other categories arrive with alliances (and, when paid, only while
     * runway allows recruiting) and leave at their attrition rate. */
    for (int c = 0; c < HR_COUNT; c++) {
        if (c == HR_EMPLOYEES)
            continue;
        const struct hr_params *hp = &p->hr[c];
        int paid = hp->cost_eur > 0.0;
        double arrivals =
            (!paid || runway >= p->hire_runway_months)
                ? hp->recruitment_fte_per_month *
                      (1.0 + hp->alliance_effect * s->alliance[hr_alliance[c]])
                : 0.0;
        s->fte[c] = s->fte[c] * (1.0 - hp->attrition_per_month) + arrivals;
    }
    recruit_toward_four_tiers(p, s, &mc);
    s->price_index *= s->inflation_factor;

    /* Failure: too long beyond the overdraft limit. */
    if (s->cash_eur < -p->overdraft_limit_eur)
        s->months_beyond_overdraft++;
    else
        s->months_beyond_overdraft = 0;
    if (s->months_beyond_overdraft >= p->failure_months)
        close_org(s, month);
    advance_innovation(p, s, d, month);
    observe_stocks(s, out);
}

static void org_step(const void *params, void *state, long month, gsl_rng *rng,
                     double *out)
{
    const struct org_params *p = params;
    struct org_state *s = state;

    /* Draw first and always the same count, so that the stream stays aligned
     * across runs that differ in state; the organisation and its
     * counterfactual without alliances use the same draws (common random
     * numbers). */
    struct month_draws d;
    org_draw_month(rng, &d);
    org_advance(p, s, &d, month, 0.0, out);
}

/* An organisation on its own: its funding series as they are, no pot paid
 * back. */
_Static_assert(FUND_COUNT == 5, "one scale per funding source below");
static const struct org_inflows alone = {{1.0, 1.0, 1.0, 1.0, 1.0}, 0.0};

double org_expected_funding(const struct org_params *p,
                            const struct org_core *s, int f)
{
    if (!s->alive || !s->source_active[f])
        return 0.0;
    return s->funding_level_eur[f] *
           (1.0 + p->funding[f].alliance_uplift *
                      s->alliance[funding_alliance[f]]);
}

void org_core_init(const struct org_params *p, struct org_core *s,
                   int alliances_off)
{
    init_core(p, s, alliances_off);
}

void org_month_factors(const struct org_params *p, const struct month_draws *d,
                       struct month_factors *mf)
{
    for (int f = 0; f < FUND_COUNT; f++) {
        double sigma = p->funding[f].volatility;
        double lsigma = p->funding[f].level_volatility;
        mf->shock[f] = exp(sigma * d->shock[f] - 0.5 * sigma * sigma);
        mf->level[f] =
            exp(lsigma * d->level_shock[f] - 0.5 * lsigma * lsigma);
    }
}

void org_core_advance(const struct org_params *p, struct org_core *s,
                      const struct month_draws *d,
                      const struct month_factors *mf, long month,
                      const struct org_inflows *in, double *out)
{
    s->grant_eur = 0.0;
    advance(p, s, d, mf, month, in, out);
    out[OV_VALUE_WITHOUT_ALLIANCES] = 0.0;
    out[OV_PRIME_ALLIANCE] = 0.0;
    out[OV_PRIME_ALLIANCE_SHARE] = 0.0;
}

void org_advance(const struct org_params *p, struct org_state *s,
                 const struct month_draws *d, long month, double grant_eur,
                 double *out)
{
    double without[OV_COUNT];
    s->org.grant_eur = grant_eur;
    s->without_alliances.grant_eur = 0.0;
    struct month_factors mf;
    org_month_factors(p, d, &mf);
    advance(p, &s->org, d, &mf, month, &alone, out);
    advance(p, &s->without_alliances, d, &mf, month, &alone, without);
    double value = out[OV_VALUE_PRODUCED];
    out[OV_VALUE_WITHOUT_ALLIANCES] = without[OV_VALUE_PRODUCED];
    out[OV_PRIME_ALLIANCE] = value - without[OV_VALUE_PRODUCED];
    out[OV_PRIME_ALLIANCE_SHARE] =
        value > 0.0 ? out[OV_PRIME_ALLIANCE] / value : 0.0;
}

/* min(1, actual / target) for non-negative figures; 1 when nothing is
 * asked. */
static double attainment(double actual, double target)
{
    if (target <= 0.0)
        return 1.0;
    return min_of(1.0, max_of(0.0, actual / target));
}

void org_lever_indicators(const struct org_params *p, const double *obs,
                          double *out)
{
    for (int l = 0; l < LEVER_COUNT; l++)
        out[l] = 0.0;
    if (obs[OV_ALIVE] == 0.0)
        return;
    const struct org_rules *r = &p->rules;

    /* « gestion régulatrice »: financial balance (cash runway against the
     * reserve target) and coherence of management (the three rules). */
    double costs = obs[OV_COST_TOTAL];
    double runway = costs > 0.0 ? obs[OV_CASH] / costs : 0.0;
    double balance = attainment(runway, p->reserve_target_months);
    double rules_met =
        (attainment(obs[OV_FOUR_TIERS_RATIO], r->four_tiers_share) +
         attainment(obs[OV_TIERS_ON_TOP_SHARE], r->tiers_on_top_share) +
         0.5 * (attainment(obs[OV_POOLED_SHARE], r->pooling_share) +
                attainment(obs[OV_POT_SHARE], r->value_share))) /
        3.0;
    out[LEVER_REGULATORY] = 0.5 * balance + 0.5 * rules_met;

    /* « action collective transformatrice »: frugality of the actions (value
     * per EUR spent, x / (1 + x): 0.5 when a euro spent yields a euro of
     * value) and the strength of alliances. */
    double per_eur = costs > 0.0 ? obs[OV_VALUE_PRODUCED] / costs : 0.0;
    double alliances = 0.0;
    for (int k = 0; k < ALLY_COUNT; k++)
        alliances += obs[OV_ALLIANCE_POSITIONING + k] / ALLY_COUNT;
    out[LEVER_COLLECTIVE_ACTION] = 0.5 * per_eur / (1.0 + per_eur) +
                                   0.5 * alliances;

    /* « vision partagée »: engagement of people, valued engagement against
     * the 4-tiers target and the share of the workforce that gives its
     * time. */
    double workforce = obs[OV_WORKFORCE_FTE];
    double givers = obs[OV_VOLUNTEERS_FTE] + obs[OV_CIVIC_SERVICE_FTE] +
                    obs[OV_SKILLS_SPONSORSHIP_FTE];
    out[LEVER_SHARED_VISION] =
        0.5 * attainment(obs[OV_FOUR_TIERS_RATIO], r->four_tiers_share) +
        0.5 * (workforce > 0.0 ? givers / workforce : 0.0);
}

static void levers_any(const void *params, const double *obs, double *out)
{
    org_lever_indicators(params, obs, out);
}

void org_first_month_budget(const struct org_params *params,
                            struct org_budget *budget)
{
    struct org_state s;
    double initial[OV_COUNT];
    org_init(params, &s, initial);
    month_costs(params, &s.org, budget);
}

const struct model_type org_model = {
    .name = "organisation",
    .params = org_params_table,
    .n_params = sizeof org_params_table / sizeof org_params_table[0],
    .params_size = sizeof(struct org_params),
    .vars = org_vars,
    .n_vars = OV_COUNT,
    .state_size = sizeof(struct org_state),
    .check = check_any,
    .init = org_init,
    .step = org_step,
    .levers = levers_any,
};
