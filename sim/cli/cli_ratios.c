/*
 * cli_ratios.c - `alliance-sim ratios`: the three ratio rules as
 * calculators, from amounts given on the command line or from a scenario's
 * first month.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/rules.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

/* A number given on the command line; `set` tells whether it was. */
struct amount {
    double value;
    int set;
};

struct ratio_inputs {
    struct amount actions, total, engineering;
    struct amount paid, paid_fte, paid_cost, volunteer, volunteer_fte_eur;
    struct amount means, value, pooled, pot;
    double share_four_tiers, share_tiers_on_top, share_pooling, share_value;
    const char *scenario;
    /* Whose figures a scenario's are when it is not one organisation's:
     * its organisations' or projects' template (NULL: the organisation). */
    const char *template_of;
    int json;
    int help; /* --help was printed: nothing else to do */
};

static void ratios_usage(FILE *out)
{
    fputs(
        "Usage: alliance-sim ratios [OPTIONS]\n"
        "       alliance-sim ratios SCENARIO.cfg [--json]\n"
        "\n"
        "The ratio rules of Le RAMEAU (« Modélisation des ratios d'équilibre "
        "des\n"
        "actions d'intérêt général »): what each asks for, and the gap. "
        "Amounts\n"
        "are in EUR over any period you choose (a month, a year); with a "
        "scenario,\n"
        "its first month.\n"
        "\n"
        "« règle des 4 tiers » (competences mobilised):\n"
        "  --paid EUR               paid competences, or\n"
        "  --paid-fte N --paid-cost EUR   paid FTE and cost per FTE\n"
        "  --volunteer EUR          engagement given freely, valued (default "
        "0)\n"
        "  --volunteer-fte-eur EUR  value of a volunteer FTE for a month "
        "(default SMIC:\n"
        "                           1801.84); the gap is also given in "
        "volunteer FTE-months\n"
        "« règle du tiers on top » (financial needs):\n"
        "  --actions EUR            budget of the actions, or\n"
        "  --total EUR              total budget (actions + engineering): "
        "the rule asks\n"
        "                           its share of this total for engineering\n"
        "  --engineering EUR        engineering spent now (default 0)\n"
        "« règle des 10+1% » (synergies):\n"
        "  --means EUR              means budget (10% to pool)\n"
        "  --value EUR              value created (1% to the collective pot)\n"
        "  --pooled EUR, --pot EUR  what is pooled / paid into the pot now\n"
        "Shares (defaults 1/3, 1/3, 0.10, 0.01):\n"
        "  --share-four-tiers X  --share-tiers-on-top X  --share-pooling X  "
        "--share-value X\n"
        "  --json                   print JSON (keys four_tiers, tiers_on_top, "
        "ten_plus_one)\n",
        out);
}

#define MAX_EUR 1e15

static sim_status parse_ratio_options(int argc, char **argv,
                                      struct ratio_inputs *in, char *err)
{
    static const struct option longopts[] = {
        {"actions", required_argument, NULL, 'a'},
        {"total", required_argument, NULL, 't'},
        {"engineering", required_argument, NULL, 'e'},
        {"paid", required_argument, NULL, 'p'},
        {"paid-fte", required_argument, NULL, 'f'},
        {"paid-cost", required_argument, NULL, 'c'},
        {"volunteer", required_argument, NULL, 'v'},
        {"volunteer-fte-eur", required_argument, NULL, 'u'},
        {"means", required_argument, NULL, 'm'},
        {"value", required_argument, NULL, 'V'},
        {"pooled", required_argument, NULL, 'P'},
        {"pot", required_argument, NULL, 'o'},
        {"share-four-tiers", required_argument, NULL, '1'},
        {"share-tiers-on-top", required_argument, NULL, '2'},
        {"share-pooling", required_argument, NULL, '3'},
        {"share-value", required_argument, NULL, '4'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(in, 0, sizeof *in);
    in->share_four_tiers = RULES_FOUR_TIERS_SHARE;
    in->share_tiers_on_top = RULES_TIERS_ON_TOP_SHARE;
    in->share_pooling = RULES_POOLING_SHARE;
    in->share_value = RULES_VALUE_SHARE;
    in->volunteer_fte_eur.value = 1801.84; /* SMIC x 151.67 h, Nov 2024 */
    optind = 1;
    opterr = 0;
    int c, index = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, &index)) != -1) {
        struct amount *target = NULL;
        double *share = NULL, max = MAX_EUR;
        /* A volunteer FTE valued at 0 EUR has no FTE equivalent of a gap. */
        int above_zero = 0;
        switch (c) {
        case 'a': target = &in->actions; break;
        case 't': target = &in->total; break;
        case 'e': target = &in->engineering; break;
        case 'p': target = &in->paid; break;
        case 'f': target = &in->paid_fte; break;
        case 'c': target = &in->paid_cost; break;
        case 'v': target = &in->volunteer; break;
        case 'u': target = &in->volunteer_fte_eur; above_zero = 1; break;
        case 'm': target = &in->means; break;
        case 'V': target = &in->value; break;
        case 'P': target = &in->pooled; break;
        case 'o': target = &in->pot; break;
        case '1': share = &in->share_four_tiers; max = 10; break;
        case '2': share = &in->share_tiers_on_top; max = 0.95; break;
        case '3': share = &in->share_pooling; max = 1; break;
        case '4': share = &in->share_value; max = 1; break;
        case 'j': in->json = 1; break;
        case 'h': ratios_usage(stdout); in->help = 1; return SIM_OK;
        case ':':
            return sim_fail(err, SIM_ERR_USAGE,
                            "option %s needs a value (alliance-sim ratios "
                            "--help)",
                            argv[optind - 1]);
        default:
            return cli_unknown_option("ratios", argv[optind - 1], longopts,
                                      err);
        }
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", longopts[index].name);
        double *value = target != NULL ? &target->value : share;
        if (value != NULL) {
            sim_status st =
                cli_option_real(opt, optarg, 0.0, max, above_zero, value, err);
            if (st != SIM_OK)
                return st;
        }
        if (target != NULL)
            target->set = 1;
    }
    if (optind < argc)
        in->scenario = argv[optind++];
    if (optind < argc)
        return sim_fail(err, SIM_ERR_USAGE,
                        "unexpected argument '%s' (alliance-sim ratios --help)",
                        argv[optind]);
    return SIM_OK;
}

/* Fills the amounts from the scenario's first month. */
static sim_status inputs_from_scenario(struct ratio_inputs *in, char *err)
{
    struct scenario *sc = NULL;
    sim_status st = scenario_load(in->scenario, &sc, err);
    if (st != SIM_OK)
        return st;
    struct org_budget b;
    org_first_month_budget(&sc->org, &b);
    const struct org_rules *r = &sc->org.rules;
    in->paid = (struct amount){b.salaries, 1};
    in->volunteer = (struct amount){b.engagement, 1};
    in->volunteer_fte_eur =
        (struct amount){sc->org.hr[HR_VOLUNTEERS].shadow_price_eur, 1};
    in->actions = (struct amount){b.actions, 1};
    in->engineering = (struct amount){b.engineering, 1};
    in->means = (struct amount){b.means, 1};
    in->value = (struct amount){b.value, 1};
    in->pooled = (struct amount){b.pooled, 1};
    in->pot = (struct amount){b.pot, 1};
    in->share_four_tiers = r->four_tiers_share;
    in->share_tiers_on_top = r->tiers_on_top_share;
    in->share_pooling = r->pooling_share;
    in->share_value = r->value_share;
    in->template_of = sc->territory != NULL
                          ? "the template of the territory's organisations, "
                            "before each is scaled to its size"
                      : sc->portfolio != NULL
                          ? "the template of the portfolio's projects, "
                            "before portfolio.vary and portfolio.list"
                          : NULL;
    scenario_free(sc);
    return SIM_OK;
}

static int any_set(const struct ratio_inputs *in)
{
    const struct amount *all[] = {&in->actions,   &in->total,
                                  &in->engineering, &in->paid,
                                  &in->paid_fte,  &in->paid_cost,
                                  &in->volunteer, &in->means,
                                  &in->value,     &in->pooled,
                                  &in->pot};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i]->set)
            return 1;
    return 0;
}

/* Checks that the inputs of each rule are complete. */
static sim_status check_inputs(struct ratio_inputs *in, char *err)
{
    if (!any_set(in))
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: give amounts (--actions, --paid, --means, "
                        "--value, ...) or a SCENARIO.cfg; see alliance-sim "
                        "ratios --help");
    if (in->paid.set && (in->paid_fte.set || in->paid_cost.set))
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: give --paid, or --paid-fte with --paid-cost, "
                        "not both");
    if (in->paid_fte.set != in->paid_cost.set)
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: %s needs %s",
                        in->paid_fte.set ? "--paid-fte" : "--paid-cost",
                        in->paid_fte.set ? "--paid-cost" : "--paid-fte");
    if (in->paid_fte.set)
        in->paid = (struct amount){in->paid_fte.value * in->paid_cost.value, 1};
    if (in->volunteer.set && !in->paid.set)
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: --volunteer needs --paid (the 4-tiers rule "
                        "compares them)");
    if (in->actions.set && in->total.set)
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: give --actions or --total, not both");
    if (in->engineering.set && !in->actions.set && !in->total.set)
        return sim_fail(err, SIM_ERR_USAGE,
                        "ratios: --engineering needs --actions or --total");
    if (in->total.set && in->engineering.value > in->total.value)
        return sim_fail(err, SIM_ERR_INVALID,
                        "ratios: --engineering %.2f EUR exceeds --total %.2f "
                        "EUR, which includes it",
                        in->engineering.value, in->total.value);
    if (in->pooled.set && !in->means.set)
        return sim_fail(err, SIM_ERR_USAGE, "ratios: --pooled needs --means");
    if (in->pot.set && !in->value.set)
        return sim_fail(err, SIM_ERR_USAGE, "ratios: --pot needs --value");
    return SIM_OK;
}

/* The tiers-on-top figures: from the action budget (engineering asked on
 * top of it), or from a total that includes engineering. */
static struct tiers_on_top tiers_of(const struct ratio_inputs *in)
{
    if (in->total.set)
        return rules_tiers_on_top_of_total(in->total.value,
                                           in->engineering.value,
                                           in->share_tiers_on_top);
    return rules_tiers_on_top(in->actions.value, in->engineering.value,
                              in->share_tiers_on_top);
}

static void print_eur(const char *label, double eur, const char *note)
{
    printf("  %-34s %14.2f EUR%s%s\n", label, eur, note[0] ? "   " : "", note);
}

static void print_table(const struct ratio_inputs *in)
{
    char note[160], label[80];
    if (in->scenario != NULL) {
        printf("alliance-sim ratios: %s, first month (EUR/month)\n",
               in->scenario);
        if (in->template_of != NULL)
            printf("Figures of %s.\n", in->template_of);
        putchar('\n');
    }
    if (in->paid.set) {
        struct four_tiers f =
            rules_four_tiers(in->paid.value, in->volunteer.value,
                             in->volunteer_fte_eur.value, in->share_four_tiers);
        puts("Règle des 4 tiers (competences mobilised)");
        print_eur("paid competences", f.paid_eur, "");
        snprintf(note, sizeof note, "(%.1f%% of paid)", 100 * f.ratio);
        print_eur("valued engagement", f.valued_eur, note);
        snprintf(label, sizeof label, "asked: %.1f%% of paid",
                 100 * in->share_four_tiers);
        snprintf(note, sizeof note, "(total mobilised %.2f EUR)",
                 f.total_target_eur);
        print_eur(label, f.target_eur, note);
        if (in->volunteer_fte_eur.value > 0.0)
            snprintf(note, sizeof note,
                     "= %.2f volunteer FTE-months at %.2f EUR/month",
                     f.gap_volunteer_fte, in->volunteer_fte_eur.value);
        else
            snprintf(note, sizeof note,
                     "(no FTE equivalent: a volunteer FTE is valued at 0 "
                     "EUR)");
        print_eur(f.gap_eur >= 0 ? "gap (shortfall)" : "gap (surplus)",
                  f.gap_eur, note);
    }
    if (in->actions.set || in->total.set) {
        struct tiers_on_top t = tiers_of(in);
        puts("Règle du tiers on top (financial needs)");
        print_eur("action budget", t.action_eur,
                  in->total.set ? "(the total less engineering)" : "");
        snprintf(note, sizeof note, "(%.1f%% of the total)",
                 100 * t.current_share);
        print_eur("engineering now", t.engineering_eur, note);
        snprintf(label, sizeof label, "asked: %.1f%% of the total",
                 100 * in->share_tiers_on_top);
        snprintf(note, sizeof note, "(total budget %.2f EUR)",
                 t.required_total_eur);
        print_eur(label, t.required_eur, note);
        print_eur(t.gap_eur >= 0 ? "gap (shortfall)" : "gap (surplus)",
                  t.gap_eur, "");
    }
    if (in->means.set || in->value.set) {
        struct ten_plus_one o = rules_ten_plus_one(
            in->means.value, in->value.value, in->pooled.value, in->pot.value,
            in->share_pooling, in->share_value);
        puts("Règle des 10+1% (synergies)");
        if (in->means.set) {
            print_eur("means budget", o.means_eur, "");
            snprintf(label, sizeof label, "asked: pool %.1f%% of means",
                     100 * in->share_pooling);
            snprintf(note, sizeof note, "(pooled now %.2f, gap %.2f)",
                     o.pooled_eur, o.pooled_gap_eur);
            print_eur(label, o.pooled_target_eur, note);
        }
        if (in->value.set) {
            print_eur("value created", o.value_eur, "");
            snprintf(label, sizeof label, "asked: %.1f%% to the pot",
                     100 * in->share_value);
            snprintf(note, sizeof note, "(paid now %.2f, gap %.2f)", o.pot_eur,
                     o.pot_gap_eur);
            print_eur(label, o.pot_target_eur, note);
        }
    }
}

static void json_field(const char *key, double v, int last)
{
    printf("\"%s\": ", key);
    tables_json_number(stdout, v);
    printf("%s", last ? "" : ", ");
}

static void print_json(const struct ratio_inputs *in)
{
    int first = 1;
    printf("{");
    if (in->scenario != NULL) {
        printf("\"scenario\": ");
        h5json_string(stdout, in->scenario);
        printf(", \"period\": \"first month\"");
        if (in->template_of != NULL) {
            printf(", \"of\": ");
            h5json_string(stdout, in->template_of);
        }
        first = 0;
    }
    if (in->paid.set) {
        struct four_tiers f =
            rules_four_tiers(in->paid.value, in->volunteer.value,
                             in->volunteer_fte_eur.value, in->share_four_tiers);
        printf("%s\n  \"four_tiers\": {", first ? "" : ",");
        json_field("share", in->share_four_tiers, 0);
        json_field("paid_eur", f.paid_eur, 0);
        json_field("valued_eur", f.valued_eur, 0);
        json_field("ratio", f.ratio, 0);
        json_field("target_eur", f.target_eur, 0);
        json_field("total_target_eur", f.total_target_eur, 0);
        json_field("gap_eur", f.gap_eur, 0);
        json_field("volunteer_fte_eur", in->volunteer_fte_eur.value, 0);
        if (in->volunteer_fte_eur.value > 0.0)
            json_field("gap_volunteer_fte", f.gap_volunteer_fte, 1);
        else
            printf("\"gap_volunteer_fte\": null");
        printf("}");
        first = 0;
    }
    if (in->actions.set || in->total.set) {
        struct tiers_on_top t = tiers_of(in);
        printf("%s\n  \"tiers_on_top\": {", first ? "" : ",");
        json_field("share", in->share_tiers_on_top, 0);
        json_field("action_eur", t.action_eur, 0);
        json_field("engineering_eur", t.engineering_eur, 0);
        json_field("current_share", t.current_share, 0);
        json_field("required_engineering_eur", t.required_eur, 0);
        json_field("required_total_eur", t.required_total_eur, 0);
        json_field("gap_eur", t.gap_eur, 1);
        printf("}");
        first = 0;
    }
    if (in->means.set || in->value.set) {
        struct ten_plus_one o = rules_ten_plus_one(
            in->means.value, in->value.value, in->pooled.value, in->pot.value,
            in->share_pooling, in->share_value);
        printf("%s\n  \"ten_plus_one\": {", first ? "" : ",");
        json_field("pooling_share", in->share_pooling, 0);
        json_field("value_share", in->share_value, 0);
        json_field("means_eur", o.means_eur, 0);
        json_field("value_eur", o.value_eur, 0);
        json_field("pooled_target_eur", o.pooled_target_eur, 0);
        json_field("pot_target_eur", o.pot_target_eur, 0);
        json_field("pooled_eur", o.pooled_eur, 0);
        json_field("pot_eur", o.pot_eur, 0);
        json_field("pooled_gap_eur", o.pooled_gap_eur, 0);
        json_field("pot_gap_eur", o.pot_gap_eur, 1);
        printf("}");
    }
    printf("\n}\n");
}

int cli_ratios(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct ratio_inputs in;
    sim_status parsed = parse_ratio_options(argc, argv, &in, err);
    if (parsed != SIM_OK)
        return cli_error(parsed, err);
    if (in.help)
        return 0;
    if (in.scenario != NULL) {
        if (any_set(&in))
            return cli_error(SIM_ERR_USAGE,
                             "ratios: give a SCENARIO.cfg or amounts, not "
                             "both");
        sim_status st = inputs_from_scenario(&in, err);
        if (st != SIM_OK)
            return cli_error(st, err);
    }
    sim_status st = check_inputs(&in, err);
    if (st != SIM_OK)
        return cli_error(st, err);
    if (in.json)
        print_json(&in);
    else
        print_table(&in);
    return 0;
}
