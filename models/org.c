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
/* What the month's advance calls, inlined into it whatever the compiler's
 * estimate of their size: a budget returned through memory is read back
 * as pairs of doubles that cannot be forwarded from the single stores
 * that wrote them. */
#if defined(__GNUC__)
#define ORG_INLINE inline __attribute__((always_inline))
#else
#define ORG_INLINE inline
#endif

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
    "Le RAMEAU, « ODD 17 : Alliance & Performance » (2022): the three "  \
    "pillars of the socio-economic model"
#define SRC_SMIC                                                               \
    "SMIC 11.88 EUR/h gross (1 Nov 2024) x 151.67 h; "           \
    "ANC 2018-06 accepts SMIC-based valuation of volunteer time"
#define SRC_MIX                                                                \
    "Tchernonog & Prouteau, « Le paysage associatif français » (2017 data), activity revenue 66%, "  \
    "subsidies 20%, membership fees, donations and sponsorship 14%, scaled " \
    "to an assumed 42 kEUR/month budget"
/* The 14% of gifts, split between philanthropy and crowdfunding. */
#define SRC_MIX_GIFTS                                                          \
    SRC_MIX "; 11 points of the 14 go to philanthropy and 3 to "              \
    "crowdfunding: an assumption (the source gives one figure for "           \
    "membership fees, donations and sponsorship together; membership fees "   \
    "have no source of their own in the model and are counted in these two)"
#define SRC_ASSUME "assumption (order of magnitude, to calibrate)"
#define SRC_RULES                                                              \
    SRC_CAHIER ", « Modélisation des ratios d'équilibre des actions "        \
    "d'intérêt général »; reading: docs/model.md, the ratio rules"
#define SRC_ZONES                                                              \
    SRC_CAHIER ", « Les caractéristiques du processus d'innovation "       \
    "sociétal »: one risk zone per phase; size: assumption"
#define SRC_POLICY "scenario choice: off by default"

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
                  uplift, src_amount, src_dur, src_lvol)                       \
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
            src_lvol),                                                         \
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
            "Le RAMEAU, Carnet « ODD 17 : Alliance & Performance » (2022): "  \
            "« L'alliance comme levier de performance »; size: "               \
            SRC_ASSUME),                                                       \
        DBL("funding." key ".seasonal_amplitude",                              \
            funding[src].seasonal_amplitude, "1", 0, 0, 1,                     \
            "relative swing of the amount over the year: x (1 + amplitude "    \
            "cos(2 pi (calendar month - peak) / 12)), the year's total "       \
            "unchanged; the run starts in January",                            \
            "assumption: 0, no season, unless the scenario knows one"),        \
        INT("funding." key ".seasonal_peak_month",                             \
            funding[src].seasonal_peak_month, "month", 1, 1, 12,               \
            "calendar month (1 = January) when the amount is highest",         \
            "scenario choice"),                                                \
        INT("funding." key ".payment_delay_months",                            \
            funding[src].payment_delay_months, "month", 0, 0,                  \
            ORG_PAYMENT_DELAY_MAX,                                             \
            "months between the amount being due (decided) and the cash "      \
            "arriving; at month 0 the payments of the months before are on "   \
            "their way",                                                       \
            "assumption: 0; French public subsidies are often paid months "    \
            "after the decision: set it from the association's experience")

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
            SRC_CAHIER ": the « prime à l'alliance »; size: " SRC_ASSUME),  \
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
     * stagiaires, mécénat de compétences (Le RAMEAU, « ODD 17 : Alliance & Performance »). */
    HR_ROWS(
        "employees", HR_EMPLOYEES, 8, 3400, 0, 0.012, 0, 0,
        SRC_PILLARS "; size: assumption (small employer association)",
        "INSEE: median net wage 2,183 EUR/month (2023) -> about 2,800 gross, "
        "plus employer contributions net of relief: assumption 3,400",
        "paid in full: no freely given part",
        "assumption: about 14% of employees leave each year"),
    HR_ROWS(
        "volunteers", HR_VOLUNTEERS, 3, 0, 1801.84, 0.033, 0.08, 0.5,
        SRC_PILLARS "; size: assumption (3 FTE, e.g. about 21 volunteers "
                    "giving 5 hours a week), near the level the default "
                    "recruitment and attrition keep; not from the national "
                    "ratio, 1.43 M volunteer FTE for 1.6 M salaried FTE "
                    "(Tchernonog & Prouteau, 2017 data), which would give "
                    "about 7 for 8 employees",
        "unpaid", SRC_SMIC,
        "US volunteer surveys 2006-2007: more than one in three volunteers "
        "drop out in a year"),
    HR_ROWS("civic_service", HR_CIVIC_SERVICE, 2, 111.45, 1801.84, 0.1, 0.18,
            0.3, SRC_PILLARS "; size: assumption",
            "assumption: the host's monthly « prestation de subsistance » "
            "(the State pays the allowance)",
            SRC_SMIC, "assumption: missions of 6 to 12 months, ~10%/month"),
    HR_ROWS("interns", HR_INTERNS, 0.5, 659.76, 0, 0.25, 0.12, 0.2,
            SRC_PILLARS "; size: assumption",
            "legal minimum gratification 4.35 EUR/h x 151.67 h (2024)",
            "assumption: interns are counted at their cost only",
            "assumption: internships of about 4 months"),
    HR_ROWS("skills_sponsorship", HR_SKILLS_SPONSORSHIP, 0.2, 0, 5405.52, 0.08,
            0.004, 4, SRC_PILLARS "; size: assumption",
            "paid by the lending firm, free to the organisation",
            "valuation practice: 3x SMIC for expertise tasks",
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
        0.08, 0, 1,
        "share of the staff above the affordable payroll who leave each month "
        "once runway is short",
        "assumption: redundancies are slow and partial (notice periods, "
        "permanent contracts); set by hand, not by the calibrate command, "
        "with funding.earned_income.level_volatility so that the default "
        "association closes at about 2% a year on average over 28 years "
        "(French associations: 2-4%, 2017-2018); 0.1 "
        "before the cessation-of-payments rule and bounded hiring"),
    DBL("staffing.revenue_smoothing_months", revenue_smoothing_months, "month",
        6, 1, 120, "memory of the revenue average used for staffing",
        SRC_ASSUME),

    /* « ressources financières »: subventionnement, investissement sociétal,
     * revenus d'activité (Le RAMEAU, 2022 and 2023). */
    FUND_ROWS("subsidy", FUND_SUBSIDY, 8400, 0, 0.05, 0.01, 36, 0.85, 0.02, 0.2,
              SRC_MIX " (20%)",
              "assumption: multi-year agreements (CPO) run 3 years", SRC_ASSUME),
    FUND_ROWS("philanthropy", FUND_PHILANTHROPY, 4600, 0.02, 0.25, 0.03, 12,
              0.75, 0.03, 0.5, SRC_MIX_GIFTS,
              "assumption: yearly sponsorship agreements", SRC_ASSUME),
    FUND_ROWS("crowdfunding", FUND_CROWDFUNDING, 1300, 0.03, 0.5, 0.05, 0, 1, 0,
              0.3, SRC_MIX_GIFTS,
              "open-ended: many small gifts", SRC_ASSUME),
    FUND_ROWS("social_investment", FUND_SOCIAL_INVESTMENT, 0, 0, 0.2, 0.02, 60,
              0.5, 0.005, 1.0,
              "assumption: none at start in the default scenario",
              "assumption: 5-year strategic partnerships", SRC_ASSUME),
    FUND_ROWS("earned_income", FUND_EARNED_INCOME, 27700, 0.02, 0.1, 0.07, 0, 1,
              0, 0.3, SRC_MIX " (66%: public contracts and private payments)",
              "open-ended: sales and contracts renew continuously",
              "assumption, set by hand, not from data nor by the calibrate "
              "command: raised from 0.05 to 0.07 with "
              "staffing.layoff_adjust_per_month so that the default "
              "association closes at about 2% a year on average over 28 years "
              "(French associations: 2-4%, 2017-2018)"),

    /* « alliances »: de positionnement, de production / diffusion, de moyens
     * (Le RAMEAU, 2022 and 2023). */
    ALLY_ROWS("positioning", ALLY_POSITIONING, 0.3, 0.05, 0.02, 1000, 0.4, 0.1,
              0.01, 0.5),
    ALLY_ROWS("production", ALLY_PRODUCTION, 0.2, 0.05, 0.02, 1000, 0.4, 0.3,
              0.01, 0.5),
    ALLY_ROWS("pooled_means", ALLY_POOLED_MEANS, 0.1, 0.05, 0.02, 500, 0.2, 0.1,
              0.01, 0.5),
    DBL("engineering.budget_eur", engineering_eur, "EUR/month", 1500, 0, 1e9,
        "alliance engineering budget (animation, steering of partnerships), "
        "spent every month at this amount, not raised with prices "
        "(costs.inflation_per_year); paused in overdraft only with "
        "engineering.pause_in_overdraft",
        SRC_CAHIER ": « l'ingénierie d'alliance », which the « tiers on "
        "top » rule funds; size: assumption, about 4% of the budget"),

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
        SRC_CAHIER ", the « 10+1% » rule's « mutualisation de moyens »; "
        "size: " SRC_ASSUME),
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
    DBL("cash.cessation_days", cessation_days, "day", 45, 0, 3650,
        "days beyond the overdraft limit (cash below -overdraft_limit_eur: "
        "debts due exceed the cash and credit available, « cessation des "
        "paiements ») after which a collective procedure opens; counted in "
        "months of 365.25 / 12 days",
        "Code de commerce art. L631-4: the debtor must request the opening "
        "of a redressement judiciaire within 45 days of cessation des "
        "paiements (associations are covered, L631-2); assumption: it does "
        "so on the last day"),
    INT("cash.observation_months", observation_months, "month", 6, 1, 18,
        "observation period of the procedure: at its end the organisation "
        "recovers (a plan: the procedure ends) if its cash is back within the "
        "overdraft limit, otherwise it is closed (liquidation judiciaire)",
        "Code de commerce art. L621-3 (applied by L631-7): up to 6 months, "
        "renewable once, at most 18 months in all; assumption: one period of "
        "6 months, and recovery judged on cash alone"),
    BOOL("engineering.pause_in_overdraft", engineering_pause_in_overdraft, 0,
         "stop alliance engineering and payments into the 10+1% pot while "
         "cash is not positive (on: they act as a cash buffer, cut the "
         "moment money runs short; off: they are commitments paid like "
         "payroll)",
         "assumption: engineering is a commitment (facilitators' time, "
         "partners' meetings), not a reserve; before this setting it was "
         "always paused (docs/model.md)"),
    DBL("staffing.max_hires_fte_per_month", max_hires_fte_per_month,
        "FTE/month", 0.5, 0, 1e4,
        "most employees recruited in a month (replacements included): the "
        "capacity to recruit and train",
        "assumption: a small employer association recruits at most about "
        "one person every two months"),

    /* Value produced. */
    DBL("value.productivity", productivity, "1", 1.3, 0, 100,
        "scale factor of the value produced, productivity x H^a x M^(1-a) "
        "x the alliance gain (H human, M financial means, a "
        "value.human_share): at zero alliance strength a EUR of means "
        "yields at most productivity x a^a (1-a)^(1-a), 0.71 EUR at the "
        "defaults",
        "assumption, not from data: the default association produces about "
        "0.8 EUR of value per EUR of means and 0.96 per EUR spent "
        "(docs/model.md), below the 1.1:1 to 65:1 SROI range of 40 "
        "public-health studies, which does not support it"),
    DBL("value.human_share", human_share, "1", 0.7, 0.05, 0.95,
        "Cobb-Douglas exponent of human means (the rest: financial means)",
        SRC_ASSUME),

    /* The ratio rules (Le RAMEAU, « Modélisation des ratios d'équilibre des
     * actions d'intérêt général »; readings: docs/model.md). */
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
        "share of engineering G in actions plus engineering, G / (A + G), "
        "that the « règle du tiers on top » asks for (animation, pilotage, "
        "capitalisation, valorisation); the collective pot and overdraft "
        "interest are outside A + G",
        SRC_CAHIER ", « Modélisation des ratios »: « 67% pour réaliser les "
        "projets / actions, 33% pour financer l'ingénierie »"),
    BOOL("rules.tiers_on_top.policy", rules.tiers_on_top_policy, 0,
         "budget engineering at the tiers-on-top share of actions plus "
         "engineering (replaces engineering.budget_eur; a fund's grant comes "
         "on top)",
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

    /* The innovation process (Le RAMEAU, « Un processus d'innovation à la
     * fois ancré et incarné territorialement »). */
    BOOL("innovation.enabled", innovation.enabled, 0,
         "the organisation carries an innovation through R&D sociétale, "
         "qualification and déploiement",
         SRC_CAHIER ", « Un processus d'innovation à la fois ancré et "
         "incarné territorialement »; off for an established association"),
    INT("innovation.start_step", innovation.start_step, "step", 1, 1,
        INNOVATION_STEPS,
        "step of the innovation at month 0 (1-2 R&D sociétale, 3 "
        "qualification, 4-5 déploiement)",
        SRC_CAHIER ": « trois phases [...] qui se décomposent en 5 étapes »"),
    INT("innovation.cycle_months", innovation.cycle_months, "month", 84, 5,
        1200, "length of the five steps together; a deployed innovation "
        "starts a new cycle",
        SRC_CAHIER ": « des cycles de 7 ans »"),
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
        "modelling assumption, and its size too: Le RAMEAU, « Projets de "
        "territoire et modèles socio-économiques » (2023), says « L'alliance "
        "est un levier d'accélération » for an innovative project, of "
        "acceleration only; that alliances lower the risk zones' hazard is "
        "the model's reading"),
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
        "assumption, and its size too: no document of Le RAMEAU says that "
        "alliances ease access to the next phase's funding; it is the "
        "model's reading of « L'alliance est un levier d'accélération » "
        "(« Projets de territoire et modèles socio-économiques », 2023)"),
};


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
    out[OV_FIRST_MONTH_BELOW_ZERO] = (double)s->first_month_below_zero;
    out[OV_FIRST_MONTH_BEYOND_OVERDRAFT] =
        (double)s->first_month_beyond_overdraft;
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
        /* The months before month 0 were paid for too: their payments are
         * on their way, at the starting amount, without season. */
        double due = s->source_active[f]
                         ? fp->monthly_eur *
                               (1.0 + fp->alliance_uplift *
                                          s->alliance[funding_alliance[f]])
                         : 0.0;
        for (long m = 1; m <= fp->payment_delay_months; m++)
            s->pending_eur[f][m % ORG_PENDING_SLOTS] = due;
    }
    s->revenue_smoothed_eur = revenue;
    s->price_index = 1.0;
    s->inflation_factor = pow(1.0 + p->inflation_per_year, 1.0 / 12.0);
    s->alive = 1;
    s->failure_month = 0;
    /* A project starts with its current phase funded. */
    s->step = p->innovation.enabled ? p->innovation.start_step : 0;
}

void org_pair_init(const struct org_params *p, struct org_pair *s,
                   double *initial)
{
    init_core(p, &s->org, 0);
    init_core(p, &s->without_alliances, 1);
    for (int v = 0; v < OV_COUNT; v++)
        initial[v] = 0.0;
    observe_stocks(&s->org, initial);
}

static void org_init(const void *params, void *state, double *initial)
{
    const struct org_params *p = params;
    struct org_state *s = state;
    org_pair_init(p, &s->cores, initial);
    /* Only a scenario with events runs on the copy: the others read their
     * parameters where they are, as before events existed. */
    if (p->events.count > 0)
        s->live = *p;
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

static ORG_INLINE void month_costs(const struct org_params *p,
                                   const struct org_core *s,
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

    /* Engineering and the collective pot are commitments paid whatever the
     * cash, unless the scenario makes them a buffer that stops while cash
     * is not positive (engineering.pause_in_overdraft). */
    int solvent = s->cash_eur > 0.0 || !p->engineering_pause_in_overdraft;
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
 * it leave when runway falls short.  Growth is bounded twice: a hire must
 * also be affordable on secured funding (this month's expected amounts of
 * the sources under way, without their transitory luck), and at most
 * staffing.max_hires_fte_per_month are recruited in a month. */
static double next_employees(const struct org_params *p,
                             const struct org_core *s, double other_costs,
                             double cost_total, double runway)
{
    double reserve_gap = s->cash_eur - p->reserve_target_months * cost_total;
    double reserve_step = reserve_gap / p->reserve_adjust_months;
    double budget = s->revenue_smoothed_eur - other_costs + reserve_step;
    double secured_budget = s->secured_revenue_eur - other_costs + reserve_step;
    double pi = s->price_index;
    double unit_cost =
        (p->hr[HR_EMPLOYEES].cost_eur + p->activity_eur_per_fte) * pi;
    double employees = s->fte[HR_EMPLOYEES];
    double affordable =
        unit_cost > 0.0 ? max_of(0.0, budget / unit_cost) : employees;
    double secured =
        unit_cost > 0.0 ? max_of(0.0, secured_budget / unit_cost) : employees;
    double departures = p->hr[HR_EMPLOYEES].attrition_per_month * employees;
    double hires = 0.0, layoffs = 0.0;
    if (runway >= p->hire_runway_months)
        hires = min_of(p->max_hires_fte_per_month,
                       max_of(0.0, departures +
                                       p->staffing_adjust_per_month *
                                           (min_of(affordable, secured) -
                                            employees)));
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

/* Days in a month of the model: a year's 365.25 days over 12. */
#define DAYS_PER_MONTH (365.25 / 12.0)

/* Cessation of payments as French law frames it: beyond the overdraft limit
 * for more than cessation_days, a procedure opens (redressement
 * judiciaire); at the end of its observation period the organisation
 * recovers if its cash is back within the limit, and is closed otherwise
 * (liquidation judiciaire).  The longest a survivor stays beyond the limit
 * is thus the months to cessation plus the observation period, less one. */
static void cessation_rule(const struct org_params *p, struct org_core *s,
                           long month)
{
    int beyond = s->cash_eur < -p->overdraft_limit_eur;
    if (s->procedure_months_left > 0) {
        if (--s->procedure_months_left > 0)
            return;
        if (beyond) {
            close_org(s, month);
            return;
        }
        s->months_beyond_overdraft = 0;
        return;
    }
    s->months_beyond_overdraft = beyond ? s->months_beyond_overdraft + 1 : 0;
    if ((double)s->months_beyond_overdraft * DAYS_PER_MONTH >
        p->cessation_days)
        s->procedure_months_left = p->observation_months;
}

/* The season of a source: 1 + a cos(2 pi (calendar month - peak) / 12),
 * whose twelve months sum to 12 (the year's total is kept); month 1 of the
 * run is January. */
static double seasonal_factor(const struct funding_params *fp, long month)
{
    long calendar = (month - 1) % 12 + 1;
    return 1.0 + fp->seasonal_amplitude *
                     cos(2.0 * M_PI *
                         (double)(calendar - fp->seasonal_peak_month) / 12.0);
}

/* An amount due this month is paid `delay` months later; returns what is
 * paid this month.  Each due amount enters the ring once and leaves it once,
 * whatever the delay was when it was due, so that money is conserved when an
 * event changes the delay. */
static double pay_with_delay(struct org_core *s, int f, long delay,
                             long month, double due)
{
    double *ring = s->pending_eur[f];
    ring[(month + delay) % ORG_PENDING_SLOTS] += due;
    long now = month % ORG_PENDING_SLOTS;
    double paid = ring[now];
    ring[now] = 0.0;
    return paid;
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
        if (!in->flows_only)
            observe_stocks(s, out);
        return;
    }

    /* Funding. */
    double funding_total = 0.0, secured = 0.0;
    for (int f = 0; f < FUND_COUNT; f++) {
        const struct funding_params *fp = &p->funding[f];
        update_source_term(fp, s->alliance[ALLY_POSITIONING], d->uniform[f],
                           &s->source_active[f], &s->months_left[f]);
        double amount = 0.0;
        if (s->source_active[f]) {
            double uplift =
                1.0 + fp->alliance_uplift * s->alliance[funding_alliance[f]];
            /* In a territory the sectors pay a share of the expected
             * amount (funding_scale); seasons and delays apply on top. */
            double expected =
                s->funding_level_eur[f] * uplift * in->funding_scale[f];
            if (fp->seasonal_amplitude > 0.0)
                expected *= seasonal_factor(fp, month);
            secured += expected;
            amount = expected * mf->shock[f];
            if (s->months_left[f] > 0)
                s->months_left[f]--;
        }
        /* Through the ring even without a delay: an event that cuts the
         * delay to 0 leaves dues in it, paid in their month. */
        amount = pay_with_delay(s, f, fp->payment_delay_months, month, amount);
        s->funding_level_eur[f] *= s->funding_growth_factor[f] * mf->level[f];
        out[OV_FUNDING_SUBSIDY + f] = amount;
        funding_total += amount;
    }
    double partner_funding = phase_funding(p, s);
    s->secured_revenue_eur = secured + partner_funding + s->grant_eur;
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
    if (!in->flows_only)
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

    /* The treasurer's first months at risk, before a closure freezes the
     * state. */
    if (s->cash_eur < 0.0 && s->first_month_below_zero == 0)
        s->first_month_below_zero = month;
    if (s->cash_eur < -p->overdraft_limit_eur &&
        s->first_month_beyond_overdraft == 0)
        s->first_month_beyond_overdraft = month;
    cessation_rule(p, s, month);
    advance_innovation(p, s, d, month);
    if (!in->flows_only)
        observe_stocks(s, out);
}

/* ---- events ---- */

static double *event_field_double(struct org_params *p,
                                  const struct org_event *ev)
{
    return (double *)(void *)((char *)p + ev->offset);
}

/* The new value of a number after the event, within [min, max]. */
static double event_result(const struct org_event *ev, double current)
{
    double x = ev->op == ORG_EVENT_SET ? ev->value : current + ev->value;
    return min_of(ev->max, max_of(ev->min, x));
}

/* Writes the event's result into the setting's field of p. */
static void event_write_param(struct org_params *p, const struct org_event *ev)
{
    char *at = (char *)p + ev->offset;
    if (ev->type == PARAM_DOUBLE) {
        double *x = event_field_double(p, ev);
        *x = ev->op == ORG_EVENT_SET ? ev->value : *x + ev->value;
    } else if (ev->type == PARAM_INT) {
        long *x = (long *)(void *)at;
        *x = ev->op == ORG_EVENT_SET ? (long)ev->value
                                     : *x + (long)ev->value;
    } else {
        *(int *)(void *)at = ev->value != 0.0;
    }
}

/* Factors derived from settings at month 0, computed again after an event
 * may have changed those settings. */
static void refresh_derived(const struct org_params *p, struct org_core *s)
{
    for (int f = 0; f < FUND_COUNT; f++)
        s->funding_growth_factor[f] =
            pow(1.0 + p->funding[f].growth_per_year, 1.0 / 12.0);
    s->inflation_factor = pow(1.0 + p->inflation_per_year, 1.0 / 12.0);
}

/* A state event on one organisation of the pair (a closed one keeps its
 * frozen state). */
static void event_on_core(const struct org_params *p,
                          const struct org_event *ev, struct org_core *s)
{
    if (!s->alive)
        return;
    switch (ev->target) {
    case ORG_TARGET_FTE:
        s->fte[ev->index] = event_result(ev, s->fte[ev->index]);
        break;
    case ORG_TARGET_FUNDING_LEVEL: {
        int f = ev->index;
        s->funding_level_eur[f] = event_result(ev, s->funding_level_eur[f]);
        /* Setting an amount is a new agreement: a source that had stopped,
         * or never started, starts a term now. */
        if (ev->op == ORG_EVENT_SET && s->funding_level_eur[f] > 0.0 &&
            !s->source_active[f]) {
            s->source_active[f] = 1;
            s->months_left[f] = p->funding[f].duration_months;
        }
        break;
    }
    case ORG_TARGET_ALLIANCE:
        if (!s->alliances_off)
            s->alliance[ev->index] = event_result(ev, s->alliance[ev->index]);
        break;
    case ORG_TARGET_PARAM:
        break;
    }
}

void org_events_apply_month(struct org_params *live, long month,
                            struct org_core *const *cores, int n_cores)
{
    const struct org_events *evs = &live->events;
    int params_changed = 0;
    for (int i = 0; i < evs->count && evs->list[i].month <= month; i++) {
        const struct org_event *ev = &evs->list[i];
        if (ev->month < month)
            continue;
        if (ev->target == ORG_TARGET_PARAM) {
            event_write_param(live, ev);
            params_changed = 1;
            continue;
        }
        for (int c = 0; c < n_cores; c++)
            event_on_core(live, ev, cores[c]);
        /* The setting follows the stock, so that rules reading it (a lost
         * source is regained only if it has an amount) see the change. */
        if (ev->target == ORG_TARGET_FUNDING_LEVEL) {
            double *x = event_field_double(live, ev);
            *x = event_result(ev, *x);
        }
    }
    if (params_changed)
        for (int c = 0; c < n_cores; c++)
            refresh_derived(live, cores[c]);
}

/* Applies the events due at the start of month to the live parameters and
 * to the pair's state. */
static void apply_due_events(struct org_state *s, long month)
{
    struct org_core *const cores[2] = {&s->cores.org,
                                       &s->cores.without_alliances};
    org_events_apply_month(&s->live, month, cores, 2);
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
    if (p->events.count > 0) {
        apply_due_events(s, month);
        p = &s->live;
    }
    org_advance(p, &s->cores, &d, month, 0.0, out);
}

/* Settings that give only the state at month 0 and are a stock an event can
 * move; the others of that kind are refused. */
static int state_target(size_t offset, enum org_event_target *target,
                        int *index)
{
    for (int c = 0; c < HR_COUNT; c++)
        if (offset == OFF(hr[c].fte)) {
            *target = ORG_TARGET_FTE;
            *index = c;
            return 1;
        }
    for (int f = 0; f < FUND_COUNT; f++)
        if (offset == OFF(funding[f].monthly_eur)) {
            *target = ORG_TARGET_FUNDING_LEVEL;
            *index = f;
            return 1;
        }
    for (int k = 0; k < ALLY_COUNT; k++)
        if (offset == OFF(alliance[k].strength)) {
            *target = ORG_TARGET_ALLIANCE;
            *index = k;
            return 1;
        }
    return 0;
}

int org_event_resolve(const struct param_desc *p, enum org_event_op op,
                      struct org_event *ev, char *msg, size_t len)
{
    const char *op_name = op == ORG_EVENT_SET ? "set" : "add";
    if (p->type != PARAM_DOUBLE && p->type != PARAM_INT &&
        p->type != PARAM_BOOL) {
        snprintf(msg, len, "'%s' is not a number: an event cannot change it",
                 p->path);
        return -1;
    }
    /* Cash moves only through the month's flows, so that money in = money
     * out + change in cash holds; the innovation's start is a month-0
     * choice with no stock to move. */
    if (p->offset == OFF(initial_cash_eur) ||
        p->offset == OFF(innovation.enabled) ||
        p->offset == OFF(innovation.start_step)) {
        snprintf(msg, len,
                 "'%s' only sets the state at month 0 and an event cannot "
                 "change it%s",
                 p->path,
                 p->offset == OFF(initial_cash_eur)
                     ? " (cash moves only through funding and costs: change "
                       "a funding source or a cost instead)"
                     : "");
        return -1;
    }
    if (p->type == PARAM_BOOL && op == ORG_EVENT_ADD) {
        snprintf(msg, len, "'%s' is yes/no: use set, not add", p->path);
        return -1;
    }
    if (!isfinite(ev->value) ||
        (p->type == PARAM_BOOL && ev->value != 0.0 && ev->value != 1.0) ||
        (p->type == PARAM_INT && ev->value != floor(ev->value))) {
        snprintf(msg, len, "%s '%s': value %g is not %s", op_name, p->path,
                 ev->value,
                 p->type == PARAM_BOOL  ? "true or false"
                 : p->type == PARAM_INT ? "an integer"
                                        : "a finite number");
        return -1;
    }
    ev->op = op;
    ev->type = p->type;
    ev->offset = p->offset;
    ev->min = p->min;
    ev->max = p->max;
    ev->target = ORG_TARGET_PARAM;
    ev->index = 0;
    if (state_target(p->offset, &ev->target, &ev->index)) {
        double span = p->max - p->min;
        if (op == ORG_EVENT_SET ? ev->value < p->min || ev->value > p->max
                                : fabs(ev->value) > span) {
            snprintf(msg, len,
                     "%s '%s': value %g out of range: expected %s",
                     op_name, p->path, ev->value,
                     op == ORG_EVENT_SET ? "a value in the setting's range"
                                         : "a change no larger than the "
                                           "setting's range");
            return -1;
        }
    }
    return 0;
}

int org_events_check(const struct org_params *params, int *bad, char *msg,
                     size_t len)
{
    struct org_params p = *params;
    const struct org_events *evs = &params->events;
    for (int i = 0; i < evs->count; i++) {
        const struct org_event *ev = &evs->list[i];
        if (ev->target == ORG_TARGET_PARAM) {
            char *at = (char *)&p + ev->offset;
            double before = ev->type == PARAM_DOUBLE ? *(double *)(void *)at
                            : ev->type == PARAM_INT
                                ? (double)*(long *)(void *)at
                                : (double)*(int *)(void *)at;
            double after =
                ev->op == ORG_EVENT_SET ? ev->value : before + ev->value;
            if (after < ev->min || after > ev->max) {
                *bad = i;
                snprintf(msg, len,
                         "the setting would be %g after this event (it was "
                         "%g): expected a value from %g to %g",
                         after, before, ev->min, ev->max);
                return -1;
            }
            event_write_param(&p, ev);
        }
        /* Cross-setting constraints hold once all of a month's events are
         * in: two shares may move together. */
        int last_of_month = i + 1 == evs->count ||
                            evs->list[i + 1].month != ev->month;
        if (last_of_month && org_params_check(&p, msg, len) != 0) {
            *bad = i;
            return -2;
        }
    }
    return 0;
}

/* An organisation on its own: its funding series as they are, no pot paid
 * back. */
_Static_assert(FUND_COUNT == 5, "one scale per funding source below");
static const struct org_inflows alone = {{1.0, 1.0, 1.0, 1.0, 1.0}, 0.0, 0};

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

void org_advance(const struct org_params *p, struct org_pair *s,
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
    struct org_pair s;
    double initial[OV_COUNT];
    org_pair_init(params, &s, initial);
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
