/*
 * org_vars.h - the variables the organisation model writes each month,
 * declared once: X(id, name, unit, kind, aggregate, label, description).
 *
 * `aggregate` says how a portfolio of organisations sums them up
 * (models/portfolio.c): AGG_SUM over projects, AGG_MEAN_ALIVE the mean over
 * live projects, AGG_SHARE the share of projects (flags), AGG_RATIO computed
 * again from the portfolio's sums, AGG_NONE not meaningful for a portfolio.
 * The order matters: code indexes categories, sources and alliance kinds from
 * the first of each (OV_EMPLOYEES_FTE + c, OV_FUNDING_SUBSIDY + f, ...).
 */
#ifndef MODELS_ORG_VARS_H
#define MODELS_ORG_VARS_H

#define ORG_VAR_LIST(X) \
    X(OV_EMPLOYEES_FTE, "employees_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "salariés (employees)", \
      "employees at month end") \
    X(OV_VOLUNTEERS_FTE, "volunteers_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "bénévoles (volunteers)", \
      "volunteers at month end") \
    X(OV_CIVIC_SERVICE_FTE, "civic_service_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "services civiques (civic service)", \
      "civic-service young people at month end") \
    X(OV_INTERNS_FTE, "interns_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "stagiaires (interns)", \
      "interns at month end") \
    X(OV_SKILLS_SPONSORSHIP_FTE, "skills_sponsorship_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "mécénat de compétences (skills lent)", \
      "skills lent by firms at month end") \
    X(OV_WORKFORCE_FTE, "workforce_fte", "FTE", VAR_STOCK, AGG_SUM, \
      "richesses humaines (workforce)", \
      "all five categories at month end") \
    X(OV_CASH, "cash_eur", "EUR", VAR_STOCK, AGG_SUM, \
      "trésorerie (cash)", \
      "cash at month end; change = funding_total - cost_total") \
    X(OV_ALLIANCE_POSITIONING, "alliance_positioning", "1", VAR_STOCK, AGG_MEAN_ALIVE, \
      "alliances de positionnement (positioning)", \
      "strength of positioning alliances, 0..1") \
    X(OV_ALLIANCE_PRODUCTION, "alliance_production", "1", VAR_STOCK, AGG_MEAN_ALIVE, \
      "alliances de production / diffusion", \
      "strength of production and distribution alliances, 0..1") \
    X(OV_ALLIANCE_POOLED_MEANS, "alliance_pooled_means", "1", VAR_STOCK, AGG_MEAN_ALIVE, \
      "alliances de moyens (pooled means)", \
      "strength of pooled-means alliances, 0..1") \
    X(OV_ALIVE, "alive", "1", VAR_STOCK, AGG_SHARE, \
      "survie (survival)", \
      "1 while the organisation operates, 0 once it has closed") \
    X(OV_COLLECTIVE_POT, "collective_pot_eur", "EUR", VAR_STOCK, AGG_SUM, \
      "pot collectif (collective pot)", \
      "paid into the 10+1% collective pot since month 1") \
    X(OV_FUNDING_SUBSIDY, "funding_subsidy_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "subvention publique (public subsidy)", \
      "public subsidy received in the month") \
    X(OV_FUNDING_PHILANTHROPY, "funding_philanthropy_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "mécénat (philanthropy)", \
      "philanthropy received in the month") \
    X(OV_FUNDING_CROWDFUNDING, "funding_crowdfunding_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "crowdfunding", \
      "crowdfunding received in the month") \
    X(OV_FUNDING_SOCIAL_INVESTMENT, "funding_social_investment_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "investissement sociétal (social investment)", \
      "social investment received in the month") \
    X(OV_FUNDING_EARNED_INCOME, "funding_earned_income_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "revenus d'activité (earned income)", \
      "earned income received in the month") \
    X(OV_FUNDING_FUND, "funding_fund_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "investissement du fonds (fund investment)", \
      "grant of a fund for alliance engineering (portfolio runs), spent on engineering") \
    X(OV_FUNDING_TOTAL, "funding_total_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "ressources financières (total funding)", \
      "sum of the six funding sources (the fund's grant included, an innovation's partner funding in social investment) and, in a territory, the share of the collective pot paid back") \
    X(OV_COST_SALARIES, "cost_salaries_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "masse salariale (payroll)", \
      "paid cost of all categories in the month") \
    X(OV_COST_ACTIVITY, "cost_activity_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "moyens d'action (means of action)", \
      "means of action in the month") \
    X(OV_COST_OVERHEAD, "cost_overhead_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "frais de structure (overhead)", \
      "overhead after pooled-means savings") \
    X(OV_COST_ENGINEERING, "cost_engineering_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "ingénierie d'alliance (alliance engineering)", \
      "alliance engineering spending in the month") \
    X(OV_COST_INTEREST, "cost_interest_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "agios (overdraft interest)", \
      "interest paid on negative cash") \
    X(OV_COST_COLLECTIVE_POT, "cost_collective_pot_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "pot collectif (collective pot)", \
      "paid into the collective pot in the month") \
    X(OV_COST_TOTAL, "cost_total_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "charges (total costs)", \
      "sum of all costs") \
    X(OV_VALUED_ENGAGEMENT, "valued_engagement_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "engagement valorisé (valued engagement)", \
      "time given freely, at shadow prices") \
    X(OV_VALUE_PRODUCED, "value_produced_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "valeur produite (value produced)", \
      "social value produced in the month") \
    X(OV_POOLED_MEANS, "pooled_means_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "mutualisation (pooled means)", \
      "means budget pooled with allies under the 10+1% policy") \
    X(OV_POOLING_SAVING, "pooling_saving_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "économie de mutualisation (pooling saving)", \
      "cost saved by pooling, already deducted from activity and overhead") \
    X(OV_FOUR_TIERS_RATIO, "four_tiers_ratio", "1", VAR_RATIO, AGG_RATIO, \
      "règle des 4 tiers (valued / paid)", \
      "valued engagement over paid competences; the rule asks for rules.four_tiers.share") \
    X(OV_FOUR_TIERS_GAP, "four_tiers_gap_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "écart 4 tiers (4-tiers gap)", \
      "valued engagement the rule asks for minus what there is (positive: shortfall)") \
    X(OV_TIERS_ON_TOP_SHARE, "tiers_on_top_share", "1", VAR_RATIO, AGG_RATIO, \
      "règle du tiers on top (engineering share)", \
      "engineering over actions plus engineering; the rule asks for rules.tiers_on_top.share") \
    X(OV_TIERS_ON_TOP_GAP, "tiers_on_top_gap_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "écart tiers on top (tiers-on-top gap)", \
      "engineering the rule asks for minus what is spent (positive: shortfall)") \
    X(OV_POOLED_SHARE, "pooled_share", "1", VAR_RATIO, AGG_RATIO, \
      "règle des 10+1% (pooled share of means)", \
      "means pooled over the means budget; the rule asks for rules.ten_plus_one.pooling_share") \
    X(OV_POT_SHARE, "pot_share", "1", VAR_RATIO, AGG_RATIO, \
      "règle des 10+1% (pot share of value)", \
      "paid into the pot over value produced; the rule asks for rules.ten_plus_one.value_share") \
    X(OV_TEN_PLUS_ONE_GAP, "ten_plus_one_gap_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "écart 10+1% (10+1% gap)", \
      "pooling plus pot the rule asks for minus what is done (positive: shortfall)") \
    X(OV_INNOVATION_STEP, "innovation_step", "step", VAR_STOCK, AGG_NONE, \
      "étape d'innovation (innovation step)", \
      "step 1-5 of the innovation process; 0 without it") \
    X(OV_INNOVATION_PHASE, "innovation_phase", "phase", VAR_STOCK, AGG_NONE, \
      "phase d'innovation (innovation phase)", \
      "1 R&D sociétale, 2 qualification, 3 déploiement; 0 without the process") \
    X(OV_CLOSED_IN_RISK_ZONE, "closed_in_risk_zone", "1", VAR_STOCK, AGG_SHARE, \
      "fermeture en zone de risque", \
      "1 once the organisation has closed in a risk zone of the innovation process (not for cash)") \
    X(OV_VALUE_WITHOUT_ALLIANCES, "value_without_alliances_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "valeur sans alliances (value without alliances)", \
      "value the same organisation produces with its alliances switched off, on the same random draws") \
    X(OV_PRIME_ALLIANCE, "prime_alliance_eur", "EUR/month", VAR_FLOW, AGG_SUM, \
      "prime à l'alliance (alliance premium)", \
      "value produced minus value without alliances") \
    X(OV_PRIME_ALLIANCE_SHARE, "prime_alliance_share", "1", VAR_RATIO, AGG_RATIO, \
      "prime à l'alliance (share of value)", \
      "prime à l'alliance over value produced (0 when no value is produced)") \
    X(OV_FIRST_MONTH_BELOW_ZERO, "first_month_below_zero", "month", VAR_STOCK, AGG_NONE, \
      "premier mois en négatif (first month below zero)", \
      "first month whose end-of-month cash was below 0; 0 while it has not happened, "\
      "and statistics across replicates count those 0s: /summary/treasury gives the month among those it happened to") \
    X(OV_FIRST_MONTH_BEYOND_OVERDRAFT, "first_month_beyond_overdraft", "month", VAR_STOCK, AGG_NONE, \
      "premier mois au-delà du découvert (first month beyond the overdraft)", \
      "first month whose end-of-month cash was below -cash.overdraft_limit_eur; 0 while it has not happened, "\
      "and statistics across replicates count those 0s")

#endif
