#include "accounts.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h5util.h"
#include "models/org.h"
#include "outfile.h"
#include "sim/core/alloc.h"
#include "scenario.h"
#include "sim/core/numtext.h"
#include "sim/core/version.h"

/* Legal monthly hours of a full-time post: 35 h a week x 52 / 12. */
#define HOURS_PER_FTE_MONTH 151.67

/* Partnerships n give positioning alliances the strength n / (n + this):
 * the default association's 0.3 for its three partnerships (assumption). */
#define PARTNERSHIPS_HALF_STRENGTH 7.0

#define AOFF(field) offsetof(struct accounts, field)

const struct accounts_field accounts_fields[] = {
    {"budget", "Annual expenses, payroll included (classes 60-66)", "EUR/year",
     AOFF(budget_eur), 0, 1e10, 0},
    {"payroll", "Annual payroll, salaries and social charges (64)", "EUR/year",
     AOFF(payroll_eur), 0, 1e10, 0},
    {"employees", "Salaried staff", "FTE", AOFF(employees_fte), 0, 1e5, 0},
    /* At most the 100,000 FTE the scenario takes (HOURS_PER_FTE_MONTH). */
    {"volunteer-hours", "Volunteers' hours in a year", "hours/year",
     AOFF(volunteer_hours), 0, 1.8e8, 0},
    {"subsidy", "Public subsidies in a year (74)", "EUR/year",
     AOFF(subsidy_eur), 0, 1e10, 0},
    {"subsidy-end", "Month after which the subsidy stops (0: not known)",
     "month", AOFF(subsidy_end_month), 0, 335, 1},
    {"philanthropy", "Donations, sponsorship and fees in a year (75)",
     "EUR/year", AOFF(philanthropy_eur), 0, 1e10, 0},
    {"philanthropy-end",
     "Month after which donations and sponsorship stop (0: not known)", "month",
     AOFF(philanthropy_end_month), 0, 335, 1},
    {"crowdfunding", "Crowdfunding in a year", "EUR/year",
     AOFF(crowdfunding_eur), 0, 1e10, 0},
    {"earned-income", "Sales, public contracts, training in a year (70)",
     "EUR/year", AOFF(earned_income_eur), 0, 1e10, 0},
    {"cash", "Cash at the year's end", "EUR", AOFF(cash_eur), -1e9, 1e12, 0},
    {"partnerships", "Active partnerships", "", AOFF(partnerships), 0, 1000, 1},
};

const size_t accounts_field_count =
    sizeof accounts_fields / sizeof accounts_fields[0];

static double *field_of(struct accounts *a, const struct accounts_field *f)
{
    return (double *)(void *)((char *)a + f->offset);
}

static double value_of(const struct accounts *a, const struct accounts_field *f)
{
    return *(const double *)(const void *)((const char *)a + f->offset);
}

void accounts_defaults(struct accounts *a)
{
    struct org_params p;
    model_set_defaults(&org_model, &p);
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", p.name);
    struct org_budget b;
    org_first_month_budget(&p, &b);
    a->budget_eur = 12.0 * b.total;
    a->payroll_eur =
        12.0 * p.hr[HR_EMPLOYEES].fte * p.hr[HR_EMPLOYEES].cost_eur;
    a->employees_fte = p.hr[HR_EMPLOYEES].fte;
    a->volunteer_hours = 12.0 * HOURS_PER_FTE_MONTH * p.hr[HR_VOLUNTEERS].fte;
    a->subsidy_eur = 12.0 * p.funding[FUND_SUBSIDY].monthly_eur;
    a->philanthropy_eur = 12.0 * p.funding[FUND_PHILANTHROPY].monthly_eur;
    a->crowdfunding_eur = 12.0 * p.funding[FUND_CROWDFUNDING].monthly_eur;
    a->earned_income_eur = 12.0 * p.funding[FUND_EARNED_INCOME].monthly_eur;
    a->cash_eur = p.initial_cash_eur;
    a->partnerships = 3;
}

const struct accounts_field *accounts_find(const char *key)
{
    for (size_t i = 0; i < accounts_field_count; i++)
        if (strcmp(accounts_fields[i].key, key) == 0)
            return &accounts_fields[i];
    return NULL;
}

/* ---- amounts and text, as spreadsheets write them ---- */

/* The length of the blank at s that may stand between groups of digits, 0
 * when there is none: a space or a tab, the no-break spaces that French
 * spreadsheets write, U+00A0 and U+202F (and U+2009, a thin space), in
 * UTF-8, and 0xA0, U+00A0 in Windows-1252 (a lone 0xA0 is no UTF-8). */
static size_t group_blank(const unsigned char *s)
{
    if (s[0] == ' ' || s[0] == '\t' || s[0] == 0xA0)
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xAF || s[2] == 0x89))
        return 3;
    return 0;
}

/* The currencies an amount may end with: in EUR, written as spreadsheets
 * show a currency cell. */
static const char *const amount_units[] = {"\xE2\x82\xAC", "EUR"};

/*
 * Reads text as an amount into *out: a number of strtod's form, blanks
 * between its groups of digits (group_blank) and around it dropped, a
 * decimal comma read as a point when decimal_comma, an amount_units after
 * it allowed.  SIM_ERR_TYPE when it is no number, SIM_ERR_RANGE for an
 * infinite one (sim_parse_real); *out is left alone then.
 */
static sim_status parse_amount(const char *text, int decimal_comma, double *out)
{
    char buf[64];
    size_t n = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s != '\0';) {
        size_t blank = group_blank(s);
        if (blank > 0) {
            s += blank;
            continue;
        }
        if (*s == '\r' || *s == '\n') {
            s++;
            continue;
        }
        if (n + 1 == sizeof buf)
            return SIM_ERR_TYPE;
        buf[n++] = decimal_comma && *s == ',' ? '.' : (char)*s;
        s++;
    }
    buf[n] = '\0';
    for (size_t u = 0; u < sizeof amount_units / sizeof *amount_units; u++) {
        size_t len = strlen(amount_units[u]);
        if (n > len && strcmp(buf + n - len, amount_units[u]) == 0) {
            buf[n - len] = '\0';
            break;
        }
    }
    return sim_parse_real(buf, out);
}

/* The length of the printable UTF-8 character at s, 0 when s starts a
 * control character (C0, DEL or C1) or a byte that is no UTF-8. */
static size_t printable_char(const unsigned char *s)
{
    if (s[0] < 0x80)
        return s[0] >= 0x20 && s[0] != 0x7F;
    size_t len;
    unsigned long cp;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    int overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    int invalid = cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF);
    int c1 = cp >= 0x80 && cp <= 0x9F;
    return overlong || invalid || c1 ? 0 : len;
}

/* Writes text into buf (len bytes) as a message may show it: control
 * characters and bytes that are no UTF-8 as \r, \n, \t or \xNN, so that no
 * message carries a line break or a terminal's escape sequence.  A text
 * too long is cut, at a character, with "...". */
static void quote_text(const char *text, char *buf, size_t len)
{
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)text;
    while (*s != '\0') {
        char piece[8];
        size_t step = printable_char(s);
        if (step > 0) {
            memcpy(piece, s, step);
            piece[step] = '\0';
        } else {
            step = 1;
            if (*s == '\r' || *s == '\n' || *s == '\t')
                snprintf(piece, sizeof piece, "\\%c",
                         *s == '\r'   ? 'r'
                         : *s == '\n' ? 'n'
                                      : 't');
            else
                snprintf(piece, sizeof piece, "\\x%02x", *s);
        }
        size_t plen = strlen(piece);
        if (n + plen + 4 > len) {
            snprintf(buf + n, len - n, "...");
            return;
        }
        memcpy(buf + n, piece, plen);
        n += plen;
        s += step;
    }
    buf[n] = '\0';
}

/* Room for a quoted text in a message: each byte may take four. */
#define QUOTED_LEN 256

sim_status accounts_set(struct accounts *a, const struct accounts_field *f,
                        const char *text, const char *origin, char *err)
{
    /* " (UNIT)", or nothing for a count. */
    char unit[32] = "";
    if (f->unit[0] != '\0')
        snprintf(unit, sizeof unit, " (%s)", f->unit);
    double x = 0.0;
    sim_status st = parse_amount(text, 0, &x);
    if (st != SIM_OK) {
        char quoted[QUOTED_LEN];
        quote_text(text, quoted, sizeof quoted);
        return sim_fail(err, st, "%s: expected a number%s, got '%s'", origin,
                        unit, quoted);
    }
    if (x < f->min || x > f->max || (f->integer && x != floor(x)))
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: expected %s from %g to %g%s, got %g", origin,
                        f->integer ? "a whole number" : "a number", f->min,
                        f->max, unit, x);
    *field_of(a, f) = x;
    return SIM_OK;
}

/* ---- the income statement ---- */

/* The figures a statement gives, and the accounts they are read from. */
enum stmt_figure {
    STMT_BUDGET,
    STMT_PAYROLL,
    STMT_EARNED,
    STMT_SUBSIDY,
    STMT_GIFTS,
    STMT_VOLUNTEERING,
    STMT_FIGURES
};

static const struct {
    const char *key;      /* accounts_fields' */
    const char *accounts; /* as messages name them */
    const char *prefix;   /* of the accounts read; NULL: the budget's */
} stmt_figures[STMT_FIGURES] = {
    {"budget", "60 to 66", NULL},  {"payroll", "64", "64"},
    {"earned-income", "70", "70"}, {"subsidy", "74", "74"},
    {"philanthropy", "75", "75"},  {"volunteer-hours", "870", "870"},
};

/* Rebates (rabais, remises et ristournes) obtained on purchases and
 * services, and granted on sales: they reduce their class, whichever sign
 * the statement writes them with. */
static const char *const stmt_rebates[] = {"609", "619", "629", "709"};

/* The variation des stocks: a charge or its reverse, signed as written. */
#define STMT_STOCK_VARIATION "603"

/* Amounts each rounded to the euro: a total may fall short of the sum of
 * its sub-accounts by half a euro for each. */
#define STMT_ROUNDING_EUR 0.5

/* Below a cent, a figure is zero: what a sum of amounts in cents leaves. */
#define STMT_CENT_EUR 0.005

#define STMT_ACCOUNT_LEN 32
#define STMT_LABEL_LEN 64

static int starts(const char *account, const char *prefix)
{
    return strncmp(account, prefix, strlen(prefix)) == 0;
}

/* Classes 60 to 66: 67 (exceptional), 68 (depreciation and provisions, no
 * cash) and 69 (tax on profits) are left out of the budget. */
static int in_budget(const char *account)
{
    return account[0] == '6' && account[1] >= '0' && account[1] <= '6';
}

/* The figure besides the budget that account is read into, STMT_FIGURES
 * when none. */
static enum stmt_figure figure_of(const char *account)
{
    for (int k = STMT_PAYROLL; k < STMT_FIGURES; k++)
        if (starts(account, stmt_figures[k].prefix))
            return (enum stmt_figure)k;
    return STMT_FIGURES;
}

/* How the amounts of an account are read. */
enum stmt_sign {
    SIGN_NOT_READ, /* no figure: any sign (a result, 67 to 69, 76, ...) */
    SIGN_POSITIVE, /* an amount of 0 or more */
    SIGN_EITHER,   /* signed as written */
    SIGN_REBATE    /* subtracted, whatever its sign */
};

static enum stmt_sign sign_of(const char *account)
{
    if (!in_budget(account) && figure_of(account) == STMT_FIGURES)
        return SIGN_NOT_READ;
    if (starts(account, STMT_STOCK_VARIATION))
        return SIGN_EITHER;
    for (size_t i = 0; i < sizeof stmt_rebates / sizeof *stmt_rebates; i++)
        if (starts(account, stmt_rebates[i]))
            return SIGN_REBATE;
    return SIGN_POSITIVE;
}

/* One account of the statement: its lines' amounts as counted (a rebate's
 * negative), the first line's number and label for messages, and the
 * accounts of which it is the longest start (its sub-accounts). */
struct stmt_account {
    char account[STMT_ACCOUNT_LEN];
    char label[STMT_LABEL_LEN];
    int line;
    double amount_eur;
    double sub_amount_eur;
    int subs;
};

/* The accounts read, in a growing array. */
struct statement {
    struct stmt_account *list;
    size_t count, room;
};

static sim_status statement_add(struct statement *s,
                                const struct stmt_account *e)
{
    if (s->count == s->room) {
        size_t room = s->room > 0 ? 2 * s->room : 64;
        struct stmt_account *list = sim_calloc(room, sizeof *list);
        if (list == NULL)
            return SIM_ERR_NOMEM;
        if (s->count > 0)
            memcpy(list, s->list, s->count * sizeof *list);
        sim_free(s->list);
        s->list = list;
        s->room = room;
    }
    s->list[s->count++] = *e;
    return SIM_OK;
}

static int by_account_then_line(const void *x, const void *y)
{
    const struct stmt_account *a = x, *b = y;
    int c = strcmp(a->account, b->account);
    return c != 0 ? c : (a->line > b->line) - (a->line < b->line);
}

static int by_account(const void *key, const void *element)
{
    return strcmp(key, ((const struct stmt_account *)element)->account);
}

/* Copies the text from begin to end (excluded) into out (len bytes),
 * blanks and quotes around it dropped, cut at a character when too long. */
static void copy_field(const char *begin, const char *end, char *out,
                       size_t len)
{
    while (begin < end && (*begin == ' ' || *begin == '\t' || *begin == '"'))
        begin++;
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '"'))
        end--;
    size_t n = (size_t)(end - begin);
    if (n >= len) {
        n = len - 1;
        while (n > 0 && ((unsigned char)begin[n] & 0xC0) == 0x80)
            n--; /* not within a UTF-8 character */
    }
    memcpy(out, begin, n);
    out[n] = '\0';
}

/* "account 64 (Salaires)", the label quoted, into buf (len bytes). */
static void name_account(const struct stmt_account *e, char *buf, size_t len)
{
    char label[QUOTED_LEN];
    quote_text(e->label, label, sizeof label);
    snprintf(buf, len, label[0] != '\0' ? "account %s (%s)" : "account %s%s",
             e->account, label);
}

/* Reads line number lineno of path (its line end dropped) into s: nothing
 * for a blank line, a comment or the header. */
static sim_status read_line(const char *path, int lineno, char *line,
                            struct statement *s, char *err)
{
    char *p = line;
    /* The byte order mark that spreadsheets put before UTF-8. */
    if (lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0' || *p == '#')
        return SIM_OK;
    char sep = strchr(p, ';') != NULL ? ';' : ',';
    char *first = strchr(p, sep);
    char *last = strrchr(p, sep);
    if (first == NULL || first == last)
        return sim_fail(err, SIM_ERR_PARSE,
                        "%s:%d: expected ACCOUNT%cLABEL%cAMOUNT (an account "
                        "of the plan comptable, its label, the year's amount "
                        "in EUR)",
                        path, lineno, sep, sep);
    struct stmt_account e = {.line = lineno};
    size_t n = 0;
    for (const char *c = p; c < first && n + 1 < sizeof e.account; c++)
        if (*c != '"' && *c != ' ')
            e.account[n++] = *c;
    e.account[n] = '\0';
    int digits = n > 0;
    for (size_t i = 0; i < n; i++)
        digits &= e.account[i] >= '0' && e.account[i] <= '9';
    if (!digits) {
        if (lineno == 1)
            return SIM_OK; /* a header */
        char quoted[QUOTED_LEN];
        quote_text(e.account, quoted, sizeof quoted);
        return sim_fail(err, SIM_ERR_TYPE,
                        "%s:%d: account '%s': expected the number of an "
                        "account of the plan comptable (digits)",
                        path, lineno, quoted);
    }
    copy_field(first + 1, last, e.label, sizeof e.label);
    char named[STMT_ACCOUNT_LEN + QUOTED_LEN + 16];
    name_account(&e, named, sizeof named);
    for (char *q = last + 1; (q = strchr(q, '"')) != NULL;)
        memmove(q, q + 1, strlen(q));
    double amount = 0.0;
    sim_status st = parse_amount(last + 1, sep == ';', &amount);
    if (st != SIM_OK) {
        char quoted[QUOTED_LEN];
        quote_text(last + 1, quoted, sizeof quoted);
        return sim_fail(err, st,
                        "%s:%d: %s: expected an amount in EUR (digits, a "
                        "space between thousands%s), got '%s'",
                        path, lineno, named,
                        sep == ';' ? ", a decimal comma" : "", quoted);
    }
    switch (sign_of(e.account)) {
    case SIGN_POSITIVE:
        if (amount < 0.0)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s:%d: %s: expected an amount >= 0 EUR, got "
                            "%.10g (only 603 and the rebates 609, 619, 629 "
                            "and 709 may be negative)",
                            path, lineno, named, amount);
        break;
    case SIGN_REBATE:
        amount = -fabs(amount);
        break;
    case SIGN_EITHER:
    case SIGN_NOT_READ:
        break;
    }
    e.amount_eur = amount;
    return statement_add(s, &e) == SIM_OK
               ? SIM_OK
               : sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
}

/* Reads the file at path into s (a line of each account read). */
static sim_status read_lines(const char *path, struct statement *s, char *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot open: %s", path,
                        strerror(errno));
    char line[1024];
    sim_status st = SIM_OK;
    for (int lineno = 1; st == SIM_OK && fgets(line, sizeof line, f) != NULL;
         lineno++) {
        if (strchr(line, '\n') == NULL && !feof(f)) {
            st = sim_fail(err, SIM_ERR_PARSE, "%s:%d: line too long", path,
                          lineno);
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        st = read_line(path, lineno, line, s, err);
    }
    if (st == SIM_OK && ferror(f))
        st = sim_fail(err, SIM_ERR_IO, "%s: read error", path);
    fclose(f);
    if (st == SIM_OK && s->count == 0)
        st = sim_fail(err, SIM_ERR_PARSE,
                      "%s: no account lines (expected ACCOUNT;LABEL;AMOUNT)",
                      path);
    return st;
}

/* Merges the lines of each account into its first, in the order of the
 * accounts, and gives each account its sub-accounts' amounts. */
static void statement_nest(struct statement *s)
{
    qsort(s->list, s->count, sizeof *s->list, by_account_then_line);
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (n > 0 && strcmp(s->list[n - 1].account, s->list[i].account) == 0)
            s->list[n - 1].amount_eur += s->list[i].amount_eur;
        else
            s->list[n++] = s->list[i];
    }
    s->count = n;
    for (size_t i = 0; i < n; i++) {
        char start[STMT_ACCOUNT_LEN];
        for (size_t len = strlen(s->list[i].account) - 1; len > 0; len--) {
            memcpy(start, s->list[i].account, len);
            start[len] = '\0';
            struct stmt_account *total =
                bsearch(start, s->list, n, sizeof *s->list, by_account);
            if (total != NULL) {
                total->sub_amount_eur += s->list[i].amount_eur;
                total->subs++;
                break;
            }
        }
    }
}

/* Adds the amount of each account that its sub-accounts do not hold into
 * sums; SIM_ERR_INVALID when a total is below its sub-accounts. */
static sim_status statement_sum(const char *path, const struct statement *s,
                                double *sums, int *present, char *err)
{
    for (size_t i = 0; i < s->count; i++) {
        const struct stmt_account *e = &s->list[i];
        double own = e->amount_eur - e->sub_amount_eur;
        if (e->subs > 0 && sign_of(e->account) == SIGN_POSITIVE &&
            own < -STMT_ROUNDING_EUR * e->subs) {
            char named[STMT_ACCOUNT_LEN + QUOTED_LEN + 16];
            name_account(e, named, sizeof named);
            return sim_fail(err, SIM_ERR_INVALID,
                            "%s:%d: %s: %.10g EUR, less than the %.10g EUR "
                            "of its sub-accounts in the statement: expected "
                            "their total or more",
                            path, e->line, named, e->amount_eur,
                            e->sub_amount_eur);
        }
        if (in_budget(e->account)) {
            sums[STMT_BUDGET] += own;
            present[STMT_BUDGET] = 1;
        }
        enum stmt_figure k = figure_of(e->account);
        if (k != STMT_FIGURES) {
            sums[k] += own;
            present[k] = 1;
        }
    }
    for (int k = 0; k < STMT_FIGURES; k++) {
        if (sums[k] < -STMT_CENT_EUR)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: accounts %s come to %.10g EUR: expected 0 "
                            "or more (rebates or a variation of stocks above "
                            "the rest?)",
                            path, stmt_figures[k].accounts, sums[k]);
        if (sums[k] < 0.0)
            sums[k] = 0.0;
    }
    return SIM_OK;
}

static void mark(int *set, const char *key)
{
    for (size_t i = 0; i < accounts_field_count; i++)
        if (strcmp(accounts_fields[i].key, key) == 0)
            set[i] = 1;
}

sim_status accounts_read_csv(const char *path, struct accounts *a, int *set,
                             char *err)
{
    struct statement s = {NULL, 0, 0};
    double sums[STMT_FIGURES] = {0};
    int present[STMT_FIGURES] = {0};
    sim_status st = read_lines(path, &s, err);
    if (st == SIM_OK) {
        statement_nest(&s);
        st = statement_sum(path, &s, sums, present, err);
    }
    sim_free(s.list);
    if (st != SIM_OK)
        return st;

    struct accounts read = *a;
    read.budget_eur = sums[STMT_BUDGET];
    read.payroll_eur = sums[STMT_PAYROLL];
    read.earned_income_eur = sums[STMT_EARNED];
    read.subsidy_eur = sums[STMT_SUBSIDY];
    read.philanthropy_eur = sums[STMT_GIFTS];
    int given[STMT_FIGURES];
    for (int k = 0; k < STMT_FIGURES; k++)
        given[k] = k != STMT_VOLUNTEERING;
    if (present[STMT_VOLUNTEERING]) {
        struct org_params p;
        model_set_defaults(&org_model, &p);
        double smic_hour =
            p.hr[HR_VOLUNTEERS].shadow_price_eur / HOURS_PER_FTE_MONTH;
        read.volunteer_hours = sums[STMT_VOLUNTEERING] / smic_hour;
        given[STMT_VOLUNTEERING] = 1;
    }
    for (int k = 0; k < STMT_FIGURES; k++) {
        const struct accounts_field *f = accounts_find(stmt_figures[k].key);
        double x = *field_of(&read, f);
        if (given[k] && x > f->max)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: accounts %s give --%s %.10g: expected at "
                            "most %g (%s)",
                            path, stmt_figures[k].accounts, f->key, x, f->max,
                            f->unit);
    }
    /* A statement counts crowdfunding in donations (75) or sales (70):
     * none beside them. */
    read.crowdfunding_eur = 0.0;
    *a = read;
    for (int k = 0; k < STMT_FIGURES; k++)
        if (given[k])
            mark(set, stmt_figures[k].key);
    mark(set, "crowdfunding");
    return SIM_OK;
}

/* ---- the scenario ---- */

/* The monthly cost of a post: payroll over the FTE, the default's with no
 * employee. */
static double post_cost_eur(const struct accounts *a,
                            const struct org_params *p)
{
    return a->employees_fte > 0.0 ? a->payroll_eur / 12.0 / a->employees_fte
                                  : p->hr[HR_EMPLOYEES].cost_eur;
}

double accounts_overhead_eur(const struct accounts *a)
{
    struct org_params p;
    model_set_defaults(&org_model, &p);
    double volunteers = a->volunteer_hours / (12.0 * HOURS_PER_FTE_MONTH);
    /* What the model spends besides payroll: means of action for every
     * FTE, engineering, and the other categories' costs at their
     * defaults; the overhead is the rest of the budget. */
    double others_fte = 0.0, others_cost = 0.0;
    for (int c = HR_CIVIC_SERVICE; c < HR_COUNT; c++) {
        others_fte += p.hr[c].fte;
        others_cost += p.hr[c].fte * p.hr[c].cost_eur;
    }
    double other_monthly = (a->budget_eur - a->payroll_eur) / 12.0;
    double activity =
        p.activity_eur_per_fte * (a->employees_fte + volunteers + others_fte);
    return other_monthly - activity - p.engineering_eur - others_cost;
}

sim_status accounts_check(const struct accounts *a, const char *const *origins,
                          char *err)
{
#define ORIGIN(key) origins[accounts_find(key) - accounts_fields]
    if (a->payroll_eur > a->budget_eur)
        return sim_fail(err, SIM_ERR_INVALID,
                        "init: --payroll %.10g (%s) is above --budget %.10g "
                        "(%s): the budget is the year's expenses, payroll "
                        "included; expected a payroll at most the budget",
                        a->payroll_eur, ORIGIN("payroll"), a->budget_eur,
                        ORIGIN("budget"));
    if (a->payroll_eur > 0.0 && a->employees_fte <= 0.0)
        return sim_fail(err, SIM_ERR_INVALID,
                        "init: --payroll %.10g (%s) with --employees 0 (%s): "
                        "expected employees for a payroll, or --payroll 0",
                        a->payroll_eur, ORIGIN("payroll"), ORIGIN("employees"));
#undef ORIGIN
    struct org_params p;
    model_set_defaults(&org_model, &p);
    const struct param_desc *d = param_table_find(
        org_model.params, org_model.n_params, "human.employees.cost_eur");
    double cost = post_cost_eur(a, &p);
    if (d != NULL && cost > d->max)
        return sim_fail(err, SIM_ERR_RANGE,
                        "init: payroll %.0f EUR a year for %g FTE is %.0f EUR "
                        "a month per FTE: expected at most %.10g (check "
                        "--payroll and --employees)",
                        a->payroll_eur, a->employees_fte, cost, d->max);
    return SIM_OK;
}

static void write_source(FILE *f, const char *key, double yearly,
                         const char *origin)
{
    fprintf(f, "  %s: { monthly_eur = %.2f; };  # %.0f EUR a year (%s)\n", key,
            yearly / 12.0, yearly, origin);
}

size_t accounts_defaults_kept(const struct accounts *a,
                              const char *const *origins, char *buf, size_t len)
{
    size_t count = 0, used = 0;
    if (len > 0)
        buf[0] = '\0';
    for (size_t i = 0; i < accounts_field_count; i++) {
        if (strcmp(origins[i], ACCOUNTS_ORIGIN_DEFAULT) != 0)
            continue;
        const struct accounts_field *f = &accounts_fields[i];
        double x = value_of(a, f);
        if (used < len) {
            int n = snprintf(buf + used, len - used, "%s--%s %.10g",
                             count > 0 ? ", " : "", f->key, x);
            used += n > 0 ? (size_t)n : 0;
        }
        count++;
    }
    return count;
}

/* Writes a's name as a libconfig string: quotes and backslashes escaped,
 * control characters as \xNN, so that any name reads back as it is. */
static void write_name(FILE *f, const char *name)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)name; *c != '\0';
         c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(f, "\\x%02x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

/* Writes the scenario of a into the open stream f (path: the output, named
 * in the comments). */
static void write_scenario_text(FILE *f, const struct accounts *a,
                                const char *path, const char *const *origins)
{
    struct org_params p;
    model_set_defaults(&org_model, &p);
#define ORIGIN(key) origins[accounts_find(key) - accounts_fields]
    double fte = a->employees_fte;
    double cost = post_cost_eur(a, &p);
    double volunteers = a->volunteer_hours / (12.0 * HOURS_PER_FTE_MONTH);
    double overhead = accounts_overhead_eur(a);
    int overhead_short = overhead < 0.0;
    if (overhead_short)
        overhead = 0.0;
    double strength =
        a->partnerships / (a->partnerships + PARTNERSHIPS_HALF_STRENGTH);

    char when[64];
    h5u_iso_time_now(when, sizeof when);
    fprintf(f,
            "# alliance-sim scenario written by alliance-sim %s init on %s,\n"
            "# from the association's own figures (in brackets: where each "
            "came from).\n"
            "# Every setting not written here keeps its default "
            "(alliance-sim params);\n"
            "# run it with: alliance-sim run %s\n\n",
            ALLIANCE_SIM_VERSION, when, path);
    int defaults = 0;
    for (size_t i = 0; i < accounts_field_count; i++) {
        if (strcmp(origins[i], ACCOUNTS_ORIGIN_DEFAULT) != 0)
            continue;
        const struct accounts_field *fd = &accounts_fields[i];
        if (defaults++ == 0)
            fputs("# Figures not given, at the default association's values "
                  "(edit them below,\n# or write the scenario again with "
                  "these options of init):\n",
                  f);
        fprintf(f, "#   --%s %.10g\n", fd->key, value_of(a, fd));
    }
    if (defaults > 0)
        fputc('\n', f);
    fputs("organisation:\n{\n  name = ", f);
    write_name(f, a->name);
    fputs(";\n};\n\n", f);
    fprintf(f,
            "human:\n{\n"
            "  # %.0f EUR of payroll a year (%s) over %g FTE (%s)\n"
            "  employees: { fte = %.4g; cost_eur = %.2f; };\n"
            "  # %.0f volunteers' hours a year (%s) at %.2f h per FTE a "
            "month\n"
            "  volunteers: { fte = %.4g; };\n"
            "  # Civic service, interns and skills sponsorship keep their "
            "defaults:\n"
            "  # set them here if the association has others.\n"
            "};\n\n",
            a->payroll_eur, ORIGIN("payroll"), fte, ORIGIN("employees"), fte,
            cost, a->volunteer_hours, ORIGIN("volunteer-hours"),
            HOURS_PER_FTE_MONTH, volunteers);
    fputs("funding:\n{\n", f);
    write_source(f, "subsidy", a->subsidy_eur, ORIGIN("subsidy"));
    write_source(f, "philanthropy", a->philanthropy_eur,
                 ORIGIN("philanthropy"));
    write_source(f, "crowdfunding", a->crowdfunding_eur,
                 ORIGIN("crowdfunding"));
    write_source(f, "earned_income", a->earned_income_eur,
                 ORIGIN("earned-income"));
    fputs("};\n\n", f);
    fprintf(f,
            "costs:\n{\n"
            "  # The rest of the %.0f EUR budget (%s) once payroll, means of "
            "action\n"
            "  # (%.0f EUR per FTE a month), engineering and the other "
            "categories are paid%s\n"
            "  overhead_eur = %.2f;\n};\n\n",
            a->budget_eur, ORIGIN("budget"), p.activity_eur_per_fte,
            overhead_short ? ";\n  # the budget is SMALLER than what these "
                             "ask: check it"
                           : "",
            overhead);
    fprintf(f,
            "cash:\n{\n  initial_eur = %.2f;  # at the year's end (%s)\n};\n\n",
            a->cash_eur, ORIGIN("cash"));
    fprintf(f,
            "# %g active partnerships (%s): positioning strength n / (n + %g), "
            "production\n# and pooled means two and one thirds of it "
            "(assumption, as the defaults 0.3 / 0.2 / 0.1)\n"
            "alliances:\n{\n"
            "  positioning:  { strength = %.4f; };\n"
            "  production:   { strength = %.4f; };\n"
            "  pooled_means: { strength = %.4f; };\n};\n",
            a->partnerships, ORIGIN("partnerships"), PARTNERSHIPS_HALF_STRENGTH,
            strength, strength * 2.0 / 3.0, strength / 3.0);
    int any_end = a->subsidy_end_month > 0 || a->philanthropy_end_month > 0;
    if (any_end) {
        fputs("\n# Known end dates: the source pays nothing from the month "
              "after.\nevents = (\n",
              f);
        int first = 1;
        if (a->subsidy_end_month > 0) {
            fprintf(f,
                    "  { month = %.0f; set = \"funding.subsidy.monthly_eur\"; "
                    "value = 0.0; }",
                    a->subsidy_end_month + 1);
            first = 0;
        }
        if (a->philanthropy_end_month > 0)
            fprintf(f,
                    "%s  { month = %.0f; set = "
                    "\"funding.philanthropy.monthly_eur\"; value = 0.0; }",
                    first ? "" : ",\n", a->philanthropy_end_month + 1);
        fputs("\n);\n", f);
    }
#undef ORIGIN
}

/* Rewrites err (SIM_ERR_LEN bytes), the loader's message about the
 * temporary tmp, about path: says that path was not written, and names
 * path where the loader named tmp, which is removed. */
static void loader_message(char *err, const char *tmp, const char *path)
{
    char loader[SIM_ERR_LEN];
    snprintf(loader, sizeof loader, "%s", err);
    char *at = strstr(loader, tmp);
    size_t before = at != NULL ? (size_t)(at - loader) : strlen(loader);
    snprintf(err, SIM_ERR_LEN,
             "init: %s not written, as the scenario of these figures would "
             "not load: %.*s%s%s",
             path, (int)before, loader, at != NULL ? path : "",
             at != NULL ? at + strlen(tmp) : "");
}

sim_status accounts_write_scenario(const struct accounts *a, const char *path,
                                   const char *const *origins, char *err)
{
    sim_status st = accounts_check(a, origins, err);
    if (st != SIM_OK)
        return st;
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA];
    FILE *f = outfile_tmp_fopen(path, tmp, sizeof tmp, "w", err);
    if (f == NULL)
        return SIM_ERR_IO;
    write_scenario_text(f, a, path, origins);
    int write_failed = ferror(f) != 0;
    if (fclose(f) != 0 || write_failed) {
        unlink(tmp);
        return sim_fail(err, SIM_ERR_IO, "%s: write error", path);
    }
    /* What init writes must load: the loader's own rules, on the temporary,
     * before it replaces anything. */
    struct scenario *sc = NULL;
    st = scenario_load(tmp, &sc, err);
    scenario_free(sc);
    if (st != SIM_OK) {
        unlink(tmp);
        loader_message(err, tmp, path);
        return st;
    }
    st = h5u_commit(tmp, path, NULL, err);
    if (st != SIM_OK)
        unlink(tmp);
    return st;
}
