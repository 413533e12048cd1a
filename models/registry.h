/*
 * registry.h - the models a scenario or a sweep file can name.
 */
#ifndef MODELS_REGISTRY_H
#define MODELS_REGISTRY_H

#include "model.h"

/* The model called `name` ("organisation", "ishigami", ...), or NULL. */
const struct model_type *model_by_name(const char *name);

/* Writes the known names, comma-separated, into buf (for messages). */
void model_names(char *buf, size_t len);

#endif
