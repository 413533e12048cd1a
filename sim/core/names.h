/*
 * names.h - the one lookup of a name in a table of names, for the X-macro
 * lists of distributions, designs, metrics and levers.
 */
#ifndef SIM_NAMES_H
#define SIM_NAMES_H

#include <stddef.h>
#include <string.h>

/* Index of name in names[n], or -1 (also for a NULL name). */
static inline long sim_name_index(const char *const *names, size_t n,
                                  const char *name)
{
    if (name == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

/* names[k], or "unknown" beyond the table. */
static inline const char *sim_name_at(const char *const *names, size_t n,
                                      size_t k)
{
    return k < n ? names[k] : "unknown";
}

#endif
