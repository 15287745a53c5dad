/*
 * suggest: "did you mean" for a mistyped keyword. Pure: no I/O.
 *
 * A word that matches no keyword where one was expected is compared with each
 * candidate: a candidate within a small edit distance of it (one edit for words of 3 to
 * 5 characters, two from 6; none for shorter words, where everything is near), or one
 * the alias table names for it (a DHCP subnet's "subnet" for "net"), is suggested.
 */
#ifndef MIDOSH_SUGGEST_H
#define MIDOSH_SUGGEST_H

#include <stddef.h>

#include "lib/util.h"

/*
 * The optimal-string-alignment (restricted Damerau-Levenshtein) distance between a and
 * b: insertions, deletions, substitutions and transpositions of two adjacent characters
 * each cost one. Bounded: any result above max is returned as max + 1, and the work
 * stops there (words longer than SUGGEST_MAX_LEN count as too far).
 */
#define SUGGEST_MAX_LEN 64
size_t edit_distance(const char *a, const char *b, size_t max);

/* The most edits a word may be from a keyword to have it suggested. */
size_t suggest_max_edits(const char *word);

/*
 * Collecting suggestions: feed every candidate keyword with suggest_try() (repeats
 * count once), then suggest_text() appends " (did you mean 'list'?)", or "... 'port'
 * or 'host'?" for a tie (at most three), or nothing when none is near.
 */
struct suggest {
    const char *word;
    size_t best;                /* the smallest distance so far (at first the most allowed);
                                 * an alias counts as 0 */
    const char *names[3];
    size_t nnames;
};
void suggest_init(struct suggest *s, const char *word);
void suggest_try(struct suggest *s, const char *keyword);
void suggest_text(const struct suggest *s, struct strbuf *out);

/*
 * The keyword an alias stands for ("net" -> "subnet"), or NULL: semantic near-misses,
 * suggested when that keyword is a candidate.
 */
const char *suggest_alias(const char *word, const char *keyword);

#endif
