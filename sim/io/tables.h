/*
 * tables.h - the terminal summary of a run and its JSON twin.
 *
 * Both print the same figures: for each report horizon, each pillar
 * (workforce and valued engagement; cash and funding mix; alliance strength),
 * the value produced and the survival share.  Labels keep the domain's French
 * terms with an English gloss.
 */
#ifndef SIM_TABLES_H
#define SIM_TABLES_H

#include <stdio.h>

#include "scenario.h"
#include "sim/core/summary.h"

/* Prints the table of figures per horizon to out. */
void tables_print(FILE *out, const struct scenario *sc,
                  const struct model_type *model, const struct summary *s,
                  const char *output_path);

/* Prints the same figures as one JSON object to out. */
void tables_json(FILE *out, const struct scenario *sc,
                 const struct model_type *model, const struct summary *s,
                 const char *output_path);

/*
 * Writes the same figures as a CSV file at path (csv.h: RFC 4180, through a
 * temporary renamed into place), one row per value: variable, horizon in
 * months, statistic (mean, p05, p50, p95), value, unit.  Survival is the
 * variable "alive"; the horizon matrix adds "lever:NAME", "horizon_score"
 * and "weighted_score" rows (unit 1).  SIM_OK, or a status with a message
 * naming path in err (no file left behind).
 */
sim_status tables_csv(const char *path, const struct model_type *model,
                      const struct summary *s, char *err);

/* Writes x as a JSON number, or null when it is not finite (JSON has no NaN
 * or infinity). */
void tables_json_number(FILE *out, double x);


#endif
