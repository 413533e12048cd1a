/*
 * suggest.c - the closest known word to a misspelt one.
 */
#include "suggest.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Three rows of the edit matrix: the one two back sees transpositions
     * ("rnu" for "run"), the commonest slip of typing fingers. */
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        rows[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3],
               *prev2 = rows[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return rows[la % 3][lb];
}

size_t suggest_max_distance(const char *word)
{
    size_t len = strlen(word);
    return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

void suggest_consider(const char *word, const char *candidate,
                      const char **best, size_t *best_d)
{
    size_t d = suggest_distance(word, candidate);
    if (d == 0 || d > suggest_max_distance(word))
        return;
    if (*best == NULL || d < *best_d) {
        *best = candidate;
        *best_d = d;
    }
}

const char *suggest_closest(const char *word, const char *const *candidates,
                            size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        suggest_consider(word, candidates[i], &best, &best_d);
    return best;
}

void suggest_list(const char *const *candidates, size_t n, char *buf,
                  size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        int w = snprintf(buf + used, size - used, "%s%s", sep, candidates[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void suggest_expected(const char *word, const char *const *candidates,
                      size_t n, char *buf, size_t size)
{
    const char *near = suggest_closest(word, candidates, n);
    char list[512];
    suggest_list(candidates, n, list, sizeof list);
    snprintf(buf, size, "%s%s%sexpected %s", near ? "did you mean '" : "",
             near ? near : "", near ? "'? " : "", list);
}
