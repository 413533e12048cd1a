/*
 * accounts.h - an association's own figures, as a treasurer knows them from
 * its accounts, and the scenario they make (`alliance-sim init`).
 *
 * The figures come from the defaults (the default association's), then an
 * income statement in CSV (French associations' plan comptable: classes 6
 * and 7, and the contributions volontaires en nature of class 8), then the
 * command line or a terminal.  accounts_write_scenario turns them into a
 * commented scenario that alliance-sim loads and runs; every other setting
 * keeps its default.
 */
#ifndef SIM_ACCOUNTS_H
#define SIM_ACCOUNTS_H

#include <stddef.h>

#include "models/model.h"
#include "sim/core/status.h"

struct accounts {
    char name[PARAM_STRING_LEN];
    double budget_eur;  /* yearly expenses, payroll included */
    double payroll_eur; /* yearly salaries and social charges */
    double employees_fte;
    double volunteer_hours;   /* a year */
    double subsidy_eur;       /* yearly public subsidies */
    double subsidy_end_month; /* month after which it stops; 0: unknown */
    double philanthropy_eur;  /* yearly donations, sponsorship, fees */
    double philanthropy_end_month;
    double crowdfunding_eur;  /* yearly */
    double earned_income_eur; /* yearly sales, public contracts, training */
    double cash_eur;          /* at the year's end */
    double partnerships;      /* active partnerships */
};

/* One figure: its flag (--KEY), question, unit, field and valid range. */
struct accounts_field {
    const char *key;
    const char *question;
    const char *unit; /* "" for a count: none shown */
    size_t offset;
    double min, max;
    int integer;
};

/* The origin, in the origins given to accounts_write_scenario, of a figure
 * that kept the default association's value. */
#define ACCOUNTS_ORIGIN_DEFAULT "default"

extern const struct accounts_field accounts_fields[];
extern const size_t accounts_field_count;

/* The default association's figures (docs/parameters.md). */
void accounts_defaults(struct accounts *a);

/* The field whose key is key, or NULL. */
const struct accounts_field *accounts_find(const char *key);

/*
 * Reads text as the figure f into a: a number (strtod's form) within f's
 * range, digits grouped by spaces as French spreadsheets write them (a
 * space, U+00A0 or U+202F between groups), a "€" or "EUR" after it
 * allowed.  SIM_ERR_TYPE when it is no number, SIM_ERR_RANGE outside the
 * range, with a message naming `origin` and what was expected (text quoted,
 * control characters escaped); a is left alone then.
 */
sim_status accounts_set(struct accounts *a, const struct accounts_field *f,
                        const char *text, const char *origin, char *err);

/*
 * Reads an income statement into a: ACCOUNT;LABEL;AMOUNT or
 * ACCOUNT,LABEL,AMOUNT lines, a header line allowed, amounts in EUR for the
 * year (spaces, U+00A0 or U+202F between thousands; a decimal comma with
 * ';').  The figures it holds are set, to zero when no line gives them:
 * classes 60 to 66 the budget (67 to 69 left out), 64 the payroll, 70
 * earned income, 74 subsidies, 75 donations, sponsorship and fees, and
 * crowdfunding zero (a statement counts it in 75 or 70); volunteers' hours
 * from 870 (volunteering valued at the SMIC, hours = amount / 11.88) when a
 * line of 870 is there.  set[i] is set to 1 for each accounts_fields[i] it
 * filled; the others keep their values.
 *
 * Each amount counts once: a line whose account is the start of other
 * lines' accounts (64 beside 641 and 645) is their total, so they count,
 * and only what it holds beyond them counts as its own account's.  The
 * accounts read must have amounts of 0 or more, but 603 (variation des
 * stocks, either sign) and the rebates 609, 619, 629 and 709, which reduce
 * their class whatever the sign written; other classes (the result in 12,
 * 67 to 69, 76 to 79, ...) are not read.  Errors name file:line and what was
 * expected: SIM_ERR_IO when it cannot be read, SIM_ERR_PARSE for a line
 * not of that form, SIM_ERR_TYPE for an account or amount that is not one,
 * SIM_ERR_RANGE for a negative amount or a figure out of its range,
 * SIM_ERR_INVALID for a total below its sub-accounts, SIM_ERR_NOMEM; a is
 * left alone then.
 */
sim_status accounts_read_csv(const char *path, struct accounts *a, int *set,
                             char *err);

/*
 * The overhead, in EUR a month, that the budget leaves once payroll, means
 * of action for every FTE, engineering and the other categories' costs (at
 * their defaults) are paid.  Negative when the budget is short of them: the
 * scenario then writes zero.
 */
double accounts_overhead_eur(const struct accounts *a);

/*
 * Checks that a's figures can make a scenario: a payroll at most the budget
 * that includes it (SIM_ERR_INVALID), employees for a payroll
 * (SIM_ERR_INVALID), a cost of a post the model takes (SIM_ERR_RANGE).  The
 * message names the figures' options and, from origins, where each came
 * from.
 */
sim_status accounts_check(const struct accounts *a, const char *const *origins,
                          char *err);

/*
 * Writes "--KEY VALUE, --KEY VALUE" into buf (len bytes) for each figure
 * whose origin is ACCOUNTS_ORIGIN_DEFAULT; returns how many.
 */
size_t accounts_defaults_kept(const struct accounts *a,
                              const char *const *origins, char *buf,
                              size_t len);

/*
 * Writes the scenario of a to path; origins[i] says where
 * accounts_fields[i] came from, for the comments.  Checks a first
 * (accounts_check), then writes a temporary that it loads as `alliance-sim
 * run` would and renames into place only when it loads: on any failure
 * path is left as it was (an older file kept) and no temporary remains,
 * with the status and a message naming path in err.
 */
sim_status accounts_write_scenario(const struct accounts *a, const char *path,
                                   const char *const *origins, char *err);

#endif
