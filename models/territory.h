/*
 * territory.h - a territory as seven socio-economic models linked by money
 * flows (« La vision systémique de l'économie », Cahier « Projets de
 * territoire et modèles socio-économiques »), written stock-flow
 * consistently after Godley and Lavoie (Monetary Economics, 2007).
 *
 * The seven sectors are l'action publique, les personnes (households),
 * l'économie productive (firms), l'économie financière (finance),
 * l'économie de la connaissance (academia), les services publics and
 * l'économie de l'engagement.  The last is a population of organisations,
 * each an instance of the organisation model (models/org.h), whose funding
 * is paid by the other sectors: subsidies by public action, philanthropy by
 * partnering firms, gifts and purchases by households, public contracts by
 * public action, social investment by finance.  Each sector holds net
 * deposits at the financial sector (negative: an overdraft); public action
 * also owes a public debt to it.  There are no real assets: net worths sum
 * to zero.
 *
 * Every month's transfers are written into a transactions-flow matrix of
 * TFM_ROWS rows by SECTOR_COUNT columns, a payment being negative in the
 * payer's column and positive in the payee's, as in Godley and Lavoie: each
 * row sums to zero, and, with the changes in deposits and loans in the last
 * two rows, each column too (a sector's saving is its change in net
 * worth).  docs/territory.md gives the equations.
 *
 * Firms of more than 10 employees adopt partnership practices by a Bass
 * diffusion calibrated on the Baromètre des partenariats readings (36% in
 * 2015, 57% in 2021; Carnet « ODD 17 : Alliance & Territoire »), and
 * partnering firms form and break alliances of the three kinds with the
 * organisations.  Pooled-means alliances collect their members' « 10+1% »
 * pots and pay them back to the alliance's projects the next month.
 *
 * The territory runs twice on the same random draws: as it is, and with
 * every alliance removed (no links, no partnership money, organisations
 * with their alliances switched off).  The difference in the value the
 * seven sectors create is the territory's « prime à l'alliance »; each
 * organisation also carries its own counterfactual, whose primes summed are
 * the micro reading.
 */
#ifndef MODELS_TERRITORY_H
#define MODELS_TERRITORY_H

#include "org.h"

#define TERRITORY_MAX_ORGS 1024
#define TERRITORY_MAX_FIRMS 1024
#define TERRITORY_MAX_SLOTS 8

enum sector {
    SECTOR_PUBLIC_ACTION,   /* « l'action publique » */
    SECTOR_HOUSEHOLDS,      /* « les personnes » */
    SECTOR_FIRMS,           /* « l'économie productive » */
    SECTOR_FINANCE,         /* « l'économie financière » */
    SECTOR_KNOWLEDGE,       /* « l'économie de la connaissance » */
    SECTOR_PUBLIC_SERVICES, /* « les services publics » */
    SECTOR_ENGAGEMENT,      /* « l'économie de l'engagement » */
    SECTOR_COUNT
};

/* Rows of the transactions-flow matrix: the diagram's flows, then the
 * changes in deposits (« épargne ») and loans (« prêt »). */
enum tfm_row {
    TFM_CONTRIBUTION,       /* taxes paid to public action */
    TFM_REDISTRIBUTION,     /* transfers from public action to households */
    TFM_PUBLIC_POLICIES,    /* public procurement and public contracts */
    TFM_ENDOWMENT,          /* « dotation » of public services, academia */
    TFM_SUBSIDIES,          /* « subventions » to organisations */
    TFM_EMPLOYMENT,         /* « emploi »: wages and distributed income */
    TFM_CONSUMPTION,        /* households' purchases from firms */
    TFM_USE,                /* « usage »: fees and purchases of services */
    TFM_FINANCIAL_SERVICES, /* interest paid and received */
    TFM_MOBILISATION,       /* gifts and philanthropy to organisations */
    TFM_INVESTMENT,         /* « investissement » sociétal by finance */
    TFM_RESIDENTIAL, /* « économie résidentielle »: local purchases */
    TFM_DEPOSITS,    /* change in deposits (« épargne ») */
    TFM_LOANS,       /* change in loans (« prêt ») */
    TFM_ROWS
};

#define TFM_FLOW_ROWS TFM_DEPOSITS

struct territory_settings {
    long organisations;
    long firms;
    double size_dispersion;
    int alliances; /* 0: the territory as it is is the one without alliances */
    /* Public action. */
    double tax_households;
    double tax_firms;
    double deficit_share;
    double debt_interest_per_year;
    double initial_debt_eur;
    double endowment_services_share;
    double endowment_knowledge_share;
    double procurement_share;
    /* Households. */
    double initial_deposits_eur;
    double propensity_income;
    double propensity_wealth_per_year;
    double use_services_share;
    double use_knowledge_share;
    /* Services, academia, finance. */
    double services_wage_share;
    double knowledge_wage_share;
    double deposit_interest_per_year;
    double finance_payout_share;
    /* Organisations: who pays their earned income. */
    double public_contract_share;
    /* Partnerships. */
    double adoption_share_start;
    double adoption_share_target;
    long adoption_target_month;
    double adoption_imitation_per_year;
    long link_slots;
    double link_formation_per_month;
    double link_break_per_month;
    double positioning_weight;
    double firm_value_per_link;
};

struct territory_params {
    struct territory_settings t; /* first: its table's offsets count from 0 */
    struct org_params org;       /* every organisation's template */
};

/* Variables: the matrix's cells (row-major, TFM_ROWS x SECTOR_COUNT), each
 * sector's deposits, loans and net worth, then the territory's own. */
#define TV_TFM 0
#define TV_DEPOSITS (TFM_ROWS * SECTOR_COUNT)
#define TV_LOANS (TV_DEPOSITS + SECTOR_COUNT)
#define TV_NET_WORTH (TV_LOANS + SECTOR_COUNT)
enum territory_var {
    TV_VALUE = TV_NET_WORTH + SECTOR_COUNT,
    TV_VALUE_WITHOUT_ALLIANCES,
    TV_PRIME,
    TV_PRIME_SHARE,
    TV_ENGAGEMENT_VALUE,
    TV_ENGAGEMENT_VALUE_WITHOUT_ALLIANCES,
    TV_ENGAGEMENT_PRIME,
    TV_MICRO_PRIME_SUM,
    TV_ORGS_ALIVE,
    TV_ORGS_ALIVE_WITHOUT_ALLIANCES,
    TV_FIRMS_PARTNERING_SHARE,
    TV_LINKS_POSITIONING,
    TV_LINKS_PRODUCTION,
    TV_LINKS_POOLED_MEANS,
    TV_POT_REDISTRIBUTED,
    TV_COUNT
};

/* One version of the territory: with its alliances, or without. */
struct territory_arm {
    int alliances;
    double deposits[SECTOR_COUNT]; /* finance's entry unused: see net worth */
    double public_debt_eur;
    double tfm[TFM_ROWS][SECTOR_COUNT]; /* the last month's matrix */
    /* Last month's incomes that this month's spending follows. */
    double public_revenue_eur;
    double household_taxable_eur;
    double household_disposable_eur;
    double firm_receipts_eur;
    double services_receipts_eur;
    double knowledge_receipts_eur;
    double finance_margin_eur;
    double value_eur;
    double engagement_value_eur;
    double pot_common_eur; /* pots with no alliance to go to */
    double pot_alliance_eur[TERRITORY_MAX_FIRMS]; /* per firm's alliance */
    /* Each source's claims last month, weighted: what the organisations
     * would have received on their own, the envelopes' denominators. */
    double claims_eur[FUND_COUNT];
    double own_amount_eur[TERRITORY_MAX_ORGS][FUND_COUNT];
    struct org_core orgs[TERRITORY_MAX_ORGS];
    int link_org[TERRITORY_MAX_FIRMS][TERRITORY_MAX_SLOTS]; /* -1: empty */
    signed char link_kind[TERRITORY_MAX_FIRMS][TERRITORY_MAX_SLOTS];
    int links_of[TERRITORY_MAX_ORGS][ALLY_COUNT];
};

struct territory_state {
    struct territory_arm with, without;
    /* Each organisation's own counterfactual in the territory as it is. */
    struct org_core alone_without[TERRITORY_MAX_ORGS];
    struct org_params orgs[TERRITORY_MAX_ORGS]; /* template, scaled */
    double size[TERRITORY_MAX_ORGS];
    unsigned char partnering[TERRITORY_MAX_FIRMS];
    double innovation_per_year; /* Bass p, solved at init */
    /* Scratch for one month, kept here so that steps never allocate. */
    struct month_draws draws[TERRITORY_MAX_ORGS];
    struct month_factors factors[TERRITORY_MAX_ORGS];
    double slot_draws[TERRITORY_MAX_FIRMS][TERRITORY_MAX_SLOTS][3];
    double adoption_draws[TERRITORY_MAX_FIRMS];
    double row[OV_COUNT], row_alone[OV_COUNT];
    /* Each organisation's month in the territory as it is: its value and
     * its prime (against its own counterfactual), for the per-organisation
     * output. */
    double org_value[TERRITORY_MAX_ORGS];
    double org_prime[TERRITORY_MAX_ORGS];
    /* Envelope shares, calibrated at init (see territory.c). */
    double envelope_share[FUND_COUNT];
};

/* What the output keeps of each organisation at each horizon. */
enum territory_unit_var {
    TU_VALUE,
    TU_PRIME,
    TU_CASH,
    TU_ALIVE,
    TU_LINKS,
    TU_SIZE,
    TU_COUNT
};

extern const struct model_type territory_model;

/* Names of the sectors and rows, as in variable names ("households",
 * "contribution"). */
extern const char *const sector_names[SECTOR_COUNT];
extern const char *const tfm_row_names[TFM_ROWS];

/*
 * The Bass coefficient of innovation p (per year) that takes the share of
 * partnering firms from `start` to `target` in `months` with imitation q
 * (per year), from the closed form of da/dt = (p + q a)(1 - a).  Returns -1
 * when none in [0, 10] does.
 */
double territory_bass_innovation(double start, double target, long months,
                                 double imitation_per_year);

/* Net worth of sector s in arm a: deposits less loans (finance: the public
 * debt it holds less the deposits it owes). */
double territory_net_worth(const struct territory_arm *a, int s);

#endif
