/*
 * rules.h - the three ratio rules that secure general-interest actions
 * (Le RAMEAU, figure « Modélisation des ratios d'équilibre des actions
 * d'intérêt général »), as pure calculators.
 *
 * - « règle des 4 tiers » (competences mobilised): engagement given freely
 *   (volunteers, civic service, skills sponsorship, at shadow prices) is
 *   counted on top of paid competences and should reach a share of them
 *   (default one third: 4/3 of paid in total).
 * - « règle du tiers on top » (financial needs): engineering (« animation,
 *   pilotage, capitalisation, valorisation collective ») takes a share of the
 *   total budget (default one third, so half of the action budget on top).
 * - « règle des 10+1% » (synergies): a share of the means budget is pooled
 *   with allies (default 10%) and a share of the value created goes to a
 *   collective general-interest pot (default 1%).
 *
 * The cahier gives the rules' names and the 67% / 33% split; the readings
 * above are the project's documented defaults (docs/model.md), and each share
 * is a setting.  All amounts are in EUR over the same period (a month, a
 * year: the rules are ratios).  Gaps are what the rule asks for minus what
 * is there: positive means a shortfall.
 */
#ifndef MODELS_RULES_H
#define MODELS_RULES_H

/* Default shares (Le RAMEAU for 67/33; docs/model.md for the rest). */
#define RULES_FOUR_TIERS_SHARE (1.0 / 3.0)
#define RULES_TIERS_ON_TOP_SHARE (1.0 / 3.0)
#define RULES_POOLING_SHARE 0.10
#define RULES_VALUE_SHARE 0.01

struct four_tiers {
    double paid_eur;              /* paid competences */
    double valued_eur;            /* engagement given freely, valued */
    double ratio;                 /* valued / paid (0 when paid is 0) */
    double target_eur;            /* share * paid */
    double total_target_eur;      /* paid + target: 4/3 of paid by default */
    double gap_eur;               /* target - valued */
    double gap_volunteer_fte;     /* gap / shadow price of a volunteer FTE */
    double attainment;            /* min(1, valued / target); 1 if target 0 */
};

/* Computes the 4-tiers figures; volunteer_fte_eur is the shadow price of one
 * volunteer FTE over the period (0 leaves gap_volunteer_fte at 0). */
struct four_tiers rules_four_tiers(double paid_eur, double valued_eur,
                                   double volunteer_fte_eur, double share);

struct tiers_on_top {
    double action_eur;            /* budget of the projects and actions */
    double engineering_eur;       /* engineering spent now */
    double required_eur;          /* action * share / (1 - share) */
    double required_total_eur;    /* action + required */
    double current_share;         /* engineering / (action + engineering) */
    double gap_eur;               /* required - engineering */
    double attainment;            /* min(1, engineering / required) */
};

/* Computes the tiers-on-top figures from the action budget and the
 * engineering spent now (share must be in [0, 1)). */
struct tiers_on_top rules_tiers_on_top(double action_eur,
                                       double engineering_eur, double share);

/* The same from a total budget (actions + engineering) of which
 * engineering_eur goes to engineering now: the rule asks share * total of
 * that total for engineering ("67% for the actions, 33% for the
 * engineering"), the actions having the rest (share in [0, 1),
 * engineering_eur <= total_eur). */
struct tiers_on_top rules_tiers_on_top_of_total(double total_eur,
                                                double engineering_eur,
                                                double share);

struct ten_plus_one {
    double means_eur;             /* means budget */
    double value_eur;             /* value created */
    double pooled_target_eur;     /* pooling_share * means */
    double pot_target_eur;        /* value_share * value */
    double pooled_eur;            /* pooled now */
    double pot_eur;               /* paid into the pot now */
    double pooled_gap_eur;        /* target - pooled */
    double pot_gap_eur;           /* target - pot */
    double attainment;            /* mean of min(1, actual/target) of both */
};

/* Computes the 10+1% figures. */
struct ten_plus_one rules_ten_plus_one(double means_eur, double value_eur,
                                       double pooled_eur, double pot_eur,
                                       double pooling_share,
                                       double value_share);

#endif
