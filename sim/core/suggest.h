/*
 * suggest.h - "did you mean ...?": the closest of a list of known words to
 * one that is not among them, for unknown settings, options and commands.
 */
#ifndef SIM_SUGGEST_H
#define SIM_SUGGEST_H

#include <stddef.h>

/* Words longer than this are never suggested nor compared (SIZE_MAX). */
#define SUGGEST_MAX_LEN 256

/* Levenshtein distance between a and b (insertions, deletions and
 * substitutions of one byte); SIZE_MAX when either is longer than
 * SUGGEST_MAX_LEN. */
size_t suggest_distance(const char *a, const char *b);

/* The largest distance still suggested: a near miss, not another word.
 * Short words allow fewer edits (one up to 4 bytes, two up to 8, then
 * three), since a short word is a few edits from many others. */
size_t suggest_max_distance(const char *word);

/*
 * Incremental search: keeps in *best the candidate closest to word so far,
 * *best_d its distance (start with *best = NULL).  Use it when candidates
 * are not in one array (several parameter tables).
 */
void suggest_consider(const char *word, const char *candidate,
                      const char **best, size_t *best_d);

/* The closest of candidates[0 .. n-1] to word within
 * suggest_max_distance, or NULL.  Returns one of candidates (not a copy). */
const char *suggest_closest(const char *word, const char *const *candidates,
                            size_t n);

/* Writes candidates[0 .. n-1] as "a, b or c" into buf (size bytes, always
 * terminated; cut short if too small), for the "expected ..." of a message. */
void suggest_list(const char *const *candidates, size_t n, char *buf,
                  size_t size);

/* Writes "did you mean 'b'? expected a, b or c" (the question only when
 * one of candidates is close to word) into buf, for a message about a word
 * outside a fixed list. */
void suggest_expected(const char *word, const char *const *candidates,
                      size_t n, char *buf, size_t size);

#endif
