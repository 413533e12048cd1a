#include "horizon.h"

/* Le RAMEAU, Cahier « Projets de territoire et modèles socio-économiques » (2023),
 * figure « Matrice d'articulation des trajectoires »: rows are the
 * levers, columns tactique (18 mois), stratégique (7 ans), prospective
 * (28 ans). */
const double horizon_matrix[LEVER_COUNT][HORIZON_COUNT] = {
    [LEVER_REGULATORY] = {0.60, 0.25, 0.15},
    [LEVER_COLLECTIVE_ACTION] = {0.15, 0.60, 0.25},
    [LEVER_SHARED_VISION] = {0.25, 0.15, 0.60},
};

const char *const lever_names[LEVER_COUNT] = {
    "regulatory_management",
    "transformative_collective_action",
    "shared_vision",
};

const char *const lever_labels[LEVER_COUNT] = {
    "gestion régulatrice (regulatory management)",
    "action collective transformatrice (collective action)",
    "vision partagée (shared vision)",
};

double horizon_score(enum horizon_column column,
                     const double indicators[LEVER_COUNT])
{
    double score = 0.0;
    for (int l = 0; l < LEVER_COUNT; l++)
        score += horizon_matrix[l][column] * indicators[l];
    return score;
}

void horizon_lever_weights(const double barycentre[HORIZON_COUNT],
                           double weights[LEVER_COUNT])
{
    for (int l = 0; l < LEVER_COUNT; l++) {
        weights[l] = 0.0;
        for (int h = 0; h < HORIZON_COUNT; h++)
            weights[l] += horizon_matrix[l][h] * barycentre[h];
    }
}

const char *const horizon_column_names[HORIZON_COUNT] = {
    "tactique", "stratégique", "prospective"};

const long horizon_column_months[HORIZON_COUNT] = {HORIZON_TACTICAL_MAX_MONTHS,
                                                   HORIZON_STRATEGIC_MAX_MONTHS,
                                                   HORIZON_PROSPECTIVE_MONTHS};

enum horizon_column horizon_column_of(long months)
{
    if (months <= HORIZON_TACTICAL_MAX_MONTHS)
        return HORIZON_TACTICAL;
    if (months <= HORIZON_STRATEGIC_MAX_MONTHS)
        return HORIZON_STRATEGIC;
    return HORIZON_PROSPECTIVE;
}
