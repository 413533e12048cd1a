#include "rules.h"

#include <math.h>

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

/* min(1, actual / target), with 1 when nothing is asked. */
static double attainment_of(double actual, double target)
{
    if (target <= 0.0)
        return 1.0;
    return min_of(1.0, max_of(0.0, actual / target));
}

struct four_tiers rules_four_tiers(double paid_eur, double valued_eur,
                                   double volunteer_fte_eur, double share)
{
    struct four_tiers r;
    r.paid_eur = paid_eur;
    r.valued_eur = valued_eur;
    r.ratio = paid_eur > 0.0 ? valued_eur / paid_eur : 0.0;
    r.target_eur = share * paid_eur;
    r.total_target_eur = paid_eur + r.target_eur;
    r.gap_eur = r.target_eur - valued_eur;
    r.gap_volunteer_fte =
        volunteer_fte_eur > 0.0 ? r.gap_eur / volunteer_fte_eur : 0.0;
    r.attainment = attainment_of(valued_eur, r.target_eur);
    return r;
}

struct tiers_on_top rules_tiers_on_top(double action_eur,
                                       double engineering_eur, double share)
{
    struct tiers_on_top r;
    r.action_eur = action_eur;
    r.engineering_eur = engineering_eur;
    r.required_eur = action_eur * share / (1.0 - share);
    r.required_total_eur = action_eur + r.required_eur;
    double total = action_eur + engineering_eur;
    r.current_share = total > 0.0 ? engineering_eur / total : 0.0;
    r.gap_eur = r.required_eur - engineering_eur;
    r.attainment = attainment_of(engineering_eur, r.required_eur);
    return r;
}

struct tiers_on_top rules_tiers_on_top_of_total(double total_eur,
                                                double engineering_eur,
                                                double share)
{
    struct tiers_on_top r;
    r.action_eur = total_eur - engineering_eur;
    r.engineering_eur = engineering_eur;
    r.required_eur = share * total_eur;
    r.required_total_eur = total_eur;
    r.current_share = total_eur > 0.0 ? engineering_eur / total_eur : 0.0;
    r.gap_eur = r.required_eur - engineering_eur;
    r.attainment = attainment_of(engineering_eur, r.required_eur);
    return r;
}

struct ten_plus_one rules_ten_plus_one(double means_eur, double value_eur,
                                       double pooled_eur, double pot_eur,
                                       double pooling_share,
                                       double value_share)
{
    struct ten_plus_one r;
    r.means_eur = means_eur;
    r.value_eur = value_eur;
    r.pooled_target_eur = pooling_share * means_eur;
    r.pot_target_eur = value_share * value_eur;
    r.pooled_eur = pooled_eur;
    r.pot_eur = pot_eur;
    r.pooled_gap_eur = r.pooled_target_eur - pooled_eur;
    r.pot_gap_eur = r.pot_target_eur - pot_eur;
    r.attainment = 0.5 * (attainment_of(pooled_eur, r.pooled_target_eur) +
                          attainment_of(pot_eur, r.pot_target_eur));
    return r;
}
