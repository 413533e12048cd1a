/*
 * org.h - the organisation model: one general-interest organisation standing
 * on three pillars (« richesses humaines », « ressources financières »,
 * « alliances »), simulated as a monthly stock-and-flow model.
 *
 * Stocks: the workforce of five categories (FTE), cash (EUR), the strength of
 * three kinds of alliance (0..1), and the state of each funding source.
 * Flows: five funding sources drawn at random, salaries and other costs,
 * alliance engineering spending, hiring and departures, and the value the
 * organisation produces.  docs/model.md gives the equations; every parameter
 * is declared once in org_params_table (org.c).
 *
 * Random draws: each month draws exactly ORG_DRAWS_PER_MONTH numbers from the
 * stream whatever the state, so two runs on the same stream (for example with
 * and without alliances) see the same shocks: common random numbers.
 */
#ifndef MODELS_ORG_H
#define MODELS_ORG_H

#include "model.h"
#include "org_vars.h"

enum hr_category {
    HR_EMPLOYEES,
    HR_VOLUNTEERS,
    HR_CIVIC_SERVICE,
    HR_INTERNS,
    HR_SKILLS_SPONSORSHIP,
    HR_COUNT
};

enum funding_source {
    FUND_SUBSIDY,
    FUND_PHILANTHROPY,
    FUND_CROWDFUNDING,
    FUND_SOCIAL_INVESTMENT,
    FUND_EARNED_INCOME,
    FUND_COUNT
};

enum alliance_kind {
    ALLY_POSITIONING,
    ALLY_PRODUCTION,
    ALLY_POOLED_MEANS,
    ALLY_COUNT
};

/* Per funding source: two normal shocks and one uniform; per alliance kind:
 * one uniform; for the innovation process: two uniforms. */
#define ORG_DRAWS_PER_MONTH (3 * FUND_COUNT + ALLY_COUNT + 2)

struct hr_params {
    double fte;                 /* initial full-time equivalents */
    double cost_eur;            /* paid by the organisation, EUR/FTE/month */
    double shadow_price_eur;    /* value of time given freely, EUR/FTE/month */
    double attrition_per_month; /* share leaving each month */
    double recruitment_fte_per_month; /* arrivals at zero alliance strength */
    double alliance_effect; /* relative rise of arrivals at strength 1 */
};

struct funding_params {
    double monthly_eur;      /* expected amount in month 1 */
    double growth_per_year;  /* drift of the expected amount */
    double volatility;       /* sd of the transitory monthly log-shock */
    double level_volatility; /* sd of the persistent monthly log-shock */
    long duration_months;    /* term of a grant or contract, 0 = open-ended */
    double renewal_probability; /* chance a term is renewed at its end */
    double regain_probability;  /* monthly chance a lost source comes back */
    double alliance_uplift;     /* relative rise of the amount at strength 1 */
    double seasonal_amplitude;  /* yearly swing of the amount, 0..1 */
    long seasonal_peak_month;   /* calendar month of the highest amount */
    long payment_delay_months;  /* from due to cash, 0..ORG_PAYMENT_DELAY_MAX */
};

/* The longest payment delay, in months; the pending payments of a source
 * are a ring of one more slot. */
#define ORG_PAYMENT_DELAY_MAX 12
#define ORG_PENDING_SLOTS (ORG_PAYMENT_DELAY_MAX + 1)

struct alliance_params {
    double strength;         /* initial strength, 0..1 */
    double growth_per_month; /* rise toward 1 at saturating engineering */
    double decay_per_month;  /* loss without engineering */
    double
        half_saturation_eur;  /* engineering EUR/month giving half the growth */
    double engineering_share; /* share of the engineering budget */
    double value_uplift; /* relative rise of value produced at strength 1 */
    double break_probability; /* monthly chance a partner leaves */
    double break_loss;        /* share of strength lost when one leaves */
};

/* The innovation process (Le RAMEAU, « Un processus d'innovation à la fois
 * ancré et incarné territorialement »): three phases in five steps over a
 * cycle; each phase has a risk zone where the hazard of closing rises and a
 * funding need met by a strategic partner (« investissement sociétal »). */
enum innovation_phase {
    PHASE_RD,            /* « R&D sociétale »: steps 1-2 */
    PHASE_QUALIFICATION, /* « qualification de l'innovation »: step 3 */
    PHASE_DEPLOYMENT,    /* « déploiement »: steps 4-5 */
    PHASE_COUNT
};

#define INNOVATION_STEPS 5

struct org_innovation {
    int enabled;
    long start_step;        /* 1 .. 5 */
    long cycle_months;      /* the five steps together */
    double hazard[PHASE_COUNT];      /* monthly hazard of closing */
    double hazard_alliance_cut;      /* share removed at mean strength 1 */
    double phase_funding_eur[PHASE_COUNT]; /* monthly, during the phase */
    double funding_access;  /* monthly chance to secure it at strength 0 */
    double access_uplift;   /* relative rise at positioning strength 1 */
};

/* The ratio rules (models/rules.h): shares, and whether the organisation
 * applies each as a policy. */
struct org_rules {
    double four_tiers_share;
    int four_tiers_policy;          /* recruit volunteers toward the target */
    double four_tiers_capacity_fte; /* extra volunteers recruitable a month */
    double tiers_on_top_share;
    int tiers_on_top_policy;        /* engineering = share of total spending */
    double pooling_share;
    double value_share;
    int ten_plus_one_policy; /* pool means, pay into the pot */
    double pooling_saving;   /* share of pooled costs saved at strength 1 */
};

/*
 * Dated events (docs/model.md, « Events »): at the start of month `month`
 * a setting of the organisation is set to, or moved by, `value`.  A setting
 * read every month (engineering.budget_eur, costs.*, rules.*, ...) changes
 * from that month on.  A setting that only gives the state at month 0 (a
 * workforce's fte, a source's monthly_eur, an alliance's strength) changes
 * the state instead: the stock is set or moved, then clamped to the
 * setting's range, in the live organisation and in its counterfactual
 * without alliances (an alliance only in the former).  Resolved at load
 * (org_event_resolve) into this compact array, which the step reads without
 * allocating.
 */
#define ORG_EVENTS_MAX 32

enum org_event_op { ORG_EVENT_SET, ORG_EVENT_ADD };

enum org_event_target {
    ORG_TARGET_PARAM,         /* the setting itself, from this month on */
    ORG_TARGET_FTE,           /* index: enum hr_category */
    ORG_TARGET_FUNDING_LEVEL, /* index: enum funding_source */
    ORG_TARGET_ALLIANCE,      /* index: enum alliance_kind */
};

struct org_event {
    long month; /* 1 .. simulation.months */
    enum org_event_op op;
    enum org_event_target target;
    int index;
    enum param_type type; /* PARAM_DOUBLE, PARAM_INT or PARAM_BOOL */
    size_t offset;        /* the setting's field in struct org_params */
    double value;
    double min, max; /* the setting's valid range */
};

struct org_events {
    int count;
    struct org_event list[ORG_EVENTS_MAX];
};

struct org_params {
    char name[PARAM_STRING_LEN];
    struct hr_params hr[HR_COUNT];
    double
        reserve_target_months; /* cash reserve aimed at, in months of costs */
    double
        reserve_adjust_months;   /* months over which a reserve gap is closed */
    double hire_runway_months;   /* cash runway needed to recruit paid staff */
    double layoff_runway_months; /* runway below which staff above target go */
    double staffing_adjust_per_month; /* share of a hiring gap closed monthly */
    double
        layoff_adjust_per_month; /* share of an excess of staff shed monthly */
    double revenue_smoothing_months; /* memory of the revenue average */
    struct funding_params funding[FUND_COUNT];
    struct alliance_params alliance[ALLY_COUNT];
    double engineering_eur;      /* alliance engineering budget, EUR/month */
    double overhead_eur;         /* rent, insurance, admin, EUR/month */
    double activity_eur_per_fte; /* means of action per FTE, EUR/month */
    double inflation_per_year;   /* growth of all unit costs */
    double pooled_saving_max;    /* overhead share saved at pooled strength 1 */
    double overdraft_interest_per_year;
    double initial_cash_eur;
    double overdraft_limit_eur; /* cash may fall this far below zero */
    /* Cessation of payments (docs/model.md, « Failure »): beyond the
     * overdraft limit for more than cessation_days, a procedure opens; it
     * observes the organisation for observation_months and closes it unless
     * cash is back within the limit then. */
    double cessation_days;
    long observation_months;
    int engineering_pause_in_overdraft; /* engineering and pot stop at cash <= 0 */
    double max_hires_fte_per_month; /* employees recruited at most a month */
    double productivity;        /* scale factor of the Cobb-Douglas value */
    double human_share;         /* Cobb-Douglas exponent of human means */
    struct org_rules rules;
    struct org_innovation innovation;
    struct org_events events; /* dated changes, in month order */
};

/* One organisation's state. */
struct org_core {
    int alliances_off; /* the counterfactual: no alliance, no engineering */
    int alive;
    /* First, with alive: what a territory's partnership slots read of an
     * organisation they meet, in one cache line. */
    double alliance[ALLY_COUNT];
    double fte[HR_COUNT];
    double cash_eur;
    double funding_level_eur[FUND_COUNT];
    double
        funding_growth_factor[FUND_COUNT]; /* monthly, from the yearly rate */
    long months_left[FUND_COUNT];
    int source_active[FUND_COUNT];
    double revenue_smoothed_eur;
    double price_index;
    double inflation_factor; /* monthly */
    double collective_pot_eur; /* paid into the 10+1% pot so far */
    long months_beyond_overdraft;
    long procedure_months_left; /* > 0 while a procedure observes it */
    double secured_revenue_eur; /* this month's expected funding, no shock */
    long first_month_below_zero;       /* 0 until cash ends a month < 0 */
    long first_month_beyond_overdraft; /* 0 until beyond the limit */
    long failure_month; /* 0 while alive */
    long step;          /* innovation step 1..5, 0 without the process */
    long months_in_step;
    int waiting_funding;   /* entered a phase whose funding is not secured */
    int closed_by_hazard;  /* closed in a risk zone rather than for cash */
    double grant_eur;      /* this month's fund grant for engineering */
    /* Amounts due but not yet paid, by month of payment modulo the ring's
     * size (sources with a payment delay only).  Last: most scenarios
     * never touch it, and the fields a month reads then share fewer cache
     * lines. */
    double pending_eur[FUND_COUNT][ORG_PENDING_SLOTS];
};

/* The organisation, and the same organisation with its alliances switched
 * off, run on the same draws, for the « prime à l'alliance »
 * (docs/model.md).  A portfolio's project is one pair. */
struct org_pair {
    struct org_core org;
    struct org_core without_alliances;
};

/* The model's state: the pair, and, when the scenario has events, the
 * parameters as the events have changed them so far (a copy made at month
 * 0: the step changes it without allocating) and the next event due. */
struct org_state {
    struct org_pair cores;
    struct org_params live;
};

/* Variables written each month, in the order of ORG_VAR_LIST. */
enum org_var {
#define X(id, name, unit, kind, aggregate, label, description) id,
    ORG_VAR_LIST(X)
#undef X
    OV_COUNT
};

/* The month's random draws (see ORG_DRAWS_PER_MONTH). */
struct month_draws {
    double shock[FUND_COUNT];
    double level_shock[FUND_COUNT];
    double uniform[FUND_COUNT];
    double partner[ALLY_COUNT];
    double hazard; /* innovation: closing in a risk zone */
    double access; /* innovation: securing the next phase's funding */
};

/* Draws one month's numbers: always ORG_DRAWS_PER_MONTH of them. */
void org_draw_month(gsl_rng *rng, struct month_draws *draws);

/* The month's mean-one log-normal factors of each funding source, from its
 * draws and volatilities: computed once for all the cores that see the
 * same draws and parameters (an organisation and its counterfactuals). */
struct month_factors {
    double shock[FUND_COUNT]; /* transitory */
    double level[FUND_COUNT]; /* persistent, applied to the expected level */
};

void org_month_factors(const struct org_params *params,
                       const struct month_draws *draws,
                       struct month_factors *factors);

/*
 * Advances the organisation and its counterfactual without alliances by one
 * month on the same draws, writing the month's variables into out[OV_COUNT].
 * grant_eur is money a fund gives this month for alliance engineering: it is
 * received as funding (funding_fund_eur) and spent on engineering on top of
 * the organisation's own budget; the counterfactual receives none.
 */
void org_advance(const struct org_params *params, struct org_pair *state,
                 const struct month_draws *draws, long month,
                 double grant_eur, double *out);

/* Sets the pair's state at month 0 from params; writes the initial value of
 * each variable into initial[OV_COUNT] (flows get 0). */
void org_pair_init(const struct org_params *params, struct org_pair *state,
                   double *initial);

/*
 * Resolves an event on the setting p of the organisation's table into ev
 * (month and value already there; op given).  Returns 0, or -1 with a
 * message in msg saying why that setting cannot be changed so (not a number,
 * only used at month 0 and not a stock, an add to a yes/no setting, a value
 * out of range or not an integer).  A parameter event's result, which
 * depends on the events before it, is checked by org_events_check.
 */
int org_event_resolve(const struct param_desc *p, enum org_event_op op,
                      struct org_event *ev, char *msg, size_t len);

/*
 * Applies the events of live->events due at the start of month: those on a
 * setting to *live, those on a stock to each of cores[0 .. n_cores) (an
 * alliance's only to cores with their alliances on), as the organisation
 * model does to its pair; for models that run organisation cores of their
 * own (a territory's).  Allocates nothing.
 */
void org_events_apply_month(struct org_params *live, long month,
                            struct org_core *const *cores, int n_cores);

/*
 * Checks params->events in order: every parameter event's result within
 * its setting's range, and the cross-setting constraints (org_params_check)
 * after each month's events.  Returns -1 (a result out of range) or -2 (a
 * constraint broken) and sets *bad (index of the event) with a message in
 * msg when one fails; 0 when all hold.
 */
int org_events_check(const struct org_params *params, int *bad, char *msg,
                     size_t len);

/* What a territory (models/territory.h) brings one organisation in a month
 * on top of its own series: funding_scale[f] multiplies the amount of source
 * f (1 for an organisation on its own: the territory's sectors pay in
 * proportion to what they can afford), and pot_share_eur is its share of
 * its alliances' collective pot, paid back into its cash and counted in
 * funding_total_eur. */
struct org_inflows {
    double funding_scale[FUND_COUNT];
    double pot_share_eur;
    /* 1: write only the month's flows (funding, costs, value) into out,
     * not the stocks nor the ratio rules' gaps, which a territory reads
     * from the state or not at all: a third of an advance's writes saved
     * for each of its 3,000 cores a month.  The state moves the same. */
    int flows_only;
};

/* Sets one organisation's state at month 0: with its alliances, or with
 * them switched off for good (alliances_off = 1: no alliance, engineering,
 * pooling or pot). */
void org_core_init(const struct org_params *params, struct org_core *state,
                   int alliances_off);

/*
 * Advances one organisation (not its counterfactual) by a month on the
 * given draws and their factors (org_month_factors) with what its territory
 * brings (inflows, never NULL), writing
 * the month's variables into out[OV_COUNT]; the prime variables are left 0,
 * the caller pairing two cores does that.
 */
void org_core_advance(const struct org_params *params, struct org_core *state,
                      const struct month_draws *draws,
                      const struct month_factors *factors, long month,
                      const struct org_inflows *inflows, double *out);

/* What source f would bring the organisation next month on its own, before
 * shocks: its expected level raised by its alliances (0 when the source is
 * lost). */
double org_expected_funding(const struct org_params *params,
                            const struct org_core *state, int f);

/* A month's costs and value, at that month's price level (EUR/month). */
struct org_budget {
    double salaries, engagement, workforce;
    double means; /* the 10+1% rule's means budget: means of action and
                   * overhead paid, the latter after the pooled-means
                   * alliances' saving, before the policy's own cut */
    double activity, overhead;
    double pooled, pooling_saving;
    double actions; /* salaries + activity + overhead: the actions */
    double engineering, pot, interest, total;
    double value;
};

/* The expected budget of month 1 (no random shock: the state at month 0),
 * for the rule calculators. */
void org_first_month_budget(const struct org_params *params,
                            struct org_budget *budget);

/*
 * The three lever indicators of the horizon matrix from one month's
 * variables (docs/model.md, « The horizon matrix and scores »);
 * out[LEVER_COUNT], each in [0, 1]; all 0 for a closed organisation.
 */
void org_lever_indicators(const struct org_params *params, const double *obs,
                          double *out);

/* The organisation model's descriptor. */
extern const struct model_type org_model;

/*
 * Checks constraints that span several parameters (engineering shares sum to
 * 1, layoff runway below hire runway).  Returns 0 when valid; otherwise writes
 * a message naming the settings into msg (len bytes) and returns -1.
 */
int org_params_check(const struct org_params *params, char *msg, size_t len);

#endif
