#include "model.h"

#include <stdio.h>
#include <string.h>

void model_set_defaults(const struct model_type *m, void *params)
{
    memset(params, 0, m->params_size);
    param_table_set_defaults(m->params, m->n_params, params);
}

void param_table_set_defaults(const struct param_desc *table, size_t n,
                              void *base)
{
    char *bytes = base;
    for (size_t i = 0; i < n; i++) {
        const struct param_desc *p = &table[i];
        void *field = bytes + p->offset;
        switch (p->type) {
        case PARAM_DOUBLE:
            *(double *)field = p->def;
            break;
        case PARAM_INT:
        case PARAM_ENUM:
            *(long *)field = (long)p->def;
            break;
        case PARAM_BOOL:
            *(int *)field = p->def != 0.0;
            break;
        case PARAM_STRING:
        case PARAM_PATH: {
            char *s = field;
            const char *src = p->def_string != NULL ? p->def_string : "";
            strncpy(s, src, PARAM_STRING_LEN - 1);
            s[PARAM_STRING_LEN - 1] = '\0';
            break;
        }
        case PARAM_INT_LIST: {
            struct param_int_list *list = field;
            list->count = p->def_list_count;
            for (int k = 0; k < p->def_list_count; k++)
                list->values[k] = p->def_list[k];
            break;
        }
        }
    }
}

const struct param_desc *param_table_find(const struct param_desc *table,
                                          size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].path, path) == 0)
            return &table[i];
    return NULL;
}

long model_var_index(const struct model_type *model, const char *name)
{
    for (size_t i = 0; i < model->n_vars; i++)
        if (strcmp(model->vars[i].name, name) == 0)
            return (long)i;
    return -1;
}

int param_is_numeric(const struct param_desc *p)
{
    return p->type == PARAM_DOUBLE || p->type == PARAM_INT ||
           p->type == PARAM_BOOL || p->type == PARAM_ENUM;
}

long param_enum_index(const struct param_desc *p, const char *name)
{
    const char *at = p->def_string;
    size_t len = strlen(name);
    for (long i = 0; at != NULL && *at != '\0'; i++) {
        const char *bar = strchr(at, '|');
        size_t n = bar != NULL ? (size_t)(bar - at) : strlen(at);
        if (n == len && strncmp(at, name, n) == 0)
            return i;
        if (bar == NULL)
            break;
        at = bar + 1;
    }
    return -1;
}

void param_enum_name(const struct param_desc *p, long index, char *buf,
                     size_t len)
{
    const char *at = p->def_string != NULL ? p->def_string : "";
    for (long i = 0; i < index && at != NULL; i++) {
        at = strchr(at, '|');
        if (at != NULL)
            at++;
    }
    if (at == NULL) {
        snprintf(buf, len, "%ld", index);
        return;
    }
    const char *bar = strchr(at, '|');
    size_t n = bar != NULL ? (size_t)(bar - at) : strlen(at);
    snprintf(buf, len, "%.*s", (int)n, at);
}

double param_get_number(const struct param_desc *p, const void *base)
{
    const unsigned char *field = (const unsigned char *)base + p->offset;
    if (p->type == PARAM_DOUBLE) {
        double v;
        memcpy(&v, field, sizeof v);
        return v;
    }
    if (p->type == PARAM_INT || p->type == PARAM_ENUM) {
        long v;
        memcpy(&v, field, sizeof v);
        return (double)v;
    }
    if (p->type == PARAM_BOOL) {
        int v;
        memcpy(&v, field, sizeof v);
        return v ? 1.0 : 0.0;
    }
    return 0.0;
}
