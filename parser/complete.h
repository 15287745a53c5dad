/*
 * complete: TAB completion and `?` help for a partly typed line.
 *
 * The words that may come next are found by the parser itself (parse_expect()), so
 * completion follows the grammar exactly and knows no object type by name. Object
 * names come from a callback the caller supplies (the shell asks its cache); with no
 * callback only keywords and enum values are offered.
 *
 * Pure: no I/O of its own; cheap enough to run on every key press.
 */
#ifndef MIDOSH_COMPLETE_H
#define MIDOSH_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "parser/parser.h"

/*
 * The handles of the objects a word could name — objects of type t under path, or,
 * when a reference attribute a is given, the objects a may refer to (t is then the
 * command's collection type, or NULL when it acts on the path's last object); for any
 * other attribute a, the values a has among the objects of type t under path (a list
 * filter's or a selector's name or natural key): exec_complete()'s question. Append strings the
 * callee allocates to *names (*n long, the array grown with ALLOC_GROW); the caller frees them.
 */
typedef void complete_names_fn(void *ctx, const struct step *path, size_t npath,
                               const struct type *t, const struct attr *a,
                               char ***names, size_t *n);

enum compl_kind {
    CK_KEYWORD,       /* a verb, type, attribute or enum word */
    CK_NAME,          /* an object's handle, from the callback */
    CK_PLACEHOLDER,   /* `?` only: what kind of word goes here ("A.B.C.D", "BRIDGE") */
};

struct compl_item {
    char *word;       /* owned: the word as the lexer would give it back (unquoted);
                       * for a placeholder, its display form */
    char *help;       /* owned: one line, or NULL */
    enum compl_kind kind;
};

struct completion {
    struct compl_item *v;   /* owned: sorted by word, no word twice, placeholders last */
    size_t n, alloc;
    size_t start;           /* byte offset in the line where the word being completed starts */
    size_t end;             /* the cursor: the word is line[start, end) */
    char *prefix;           /* owned: that word's text so far, unquoted ("" after a blank) */
    char quote;             /* the quote the word was opened with ('\'', '"'), or '\0' */
    bool in_quote;          /* the line ends inside that quote */
    bool runnable;          /* `?` after a blank: the words before the cursor are a whole
                             * command ("<cr>" in vtysh) */
};

/*
 * Complete the word that ends at byte offset cursor of line (only line[0, cursor) is
 * read). names may be NULL. The result is the caller's: completion_release() it.
 * Candidates are those whose word starts with the prefix (keywords and names alike:
 * names are never abbreviated, but TAB may finish them).
 */
void complete_line(const char *line, size_t cursor, complete_names_fn *names, void *ctx,
                   struct completion *out);
void completion_release(struct completion *c);

/* The number of candidates TAB may insert (those that are not placeholders). */
size_t completion_words(const struct completion *c);

/*
 * The text that replaces line[start, end) for word: quoted as the word was begun (or as
 * lex_quote() would, when it needs quotes), closed and followed by a blank when final
 * (the only candidate), left open for the longest common prefix of several.
 */
void completion_text(const struct completion *c, const char *word, bool final,
                     struct strbuf *out);

/* The longest common prefix of the insertable candidates' words (caller's string). */
char *completion_common(const struct completion *c);

#endif
