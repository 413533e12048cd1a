#include "registry.h"

#include <stdio.h>
#include <string.h>

#include "org.h"
#include "territory.h"
#include "testmodels.h"

static const struct model_type *const models[] = {
    &org_model,
    &territory_model,
    &ishigami_model,
    &sobol_g_model,
};

#define N_MODELS (sizeof models / sizeof models[0])

const struct model_type *model_by_name(const char *name)
{
    for (size_t i = 0; i < N_MODELS; i++)
        if (strcmp(models[i]->name, name) == 0)
            return models[i];
    return NULL;
}

void model_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_MODELS && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                                 models[i]->name);
}
