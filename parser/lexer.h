/*
 * lexer: split a line of midosh input into commands and words.
 *
 * Shell-like rules: words are separated by blanks; '...' quotes literally; "..." quotes
 * with \" \\ escapes; a backslash outside quotes escapes the next character; ';' outside
 * quotes ends a command; '#' at the start of a word starts a comment to the end of the
 * line; a backslash at the very end of the text asks for a continuation line.
 *
 * Pure: no I/O. Used on every key press by completion, so it must be cheap.
 */
#ifndef MIDOSH_LEXER_H
#define MIDOSH_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct word {
    char *text;        /* unquoted, unescaped text; owned by the word list */
    size_t offset;     /* byte offset of the word's first character in the source text */
    size_t length;     /* length of the word in the source text, quotes included */
    bool quoted;       /* some part of it was quoted or escaped */
};

struct word_list {
    struct word *v;
    size_t n, alloc;
};

enum lex_status {
    LEX_OK,            /* complete: every command is in the result */
    LEX_CONTINUE,      /* an unclosed quote or a trailing backslash: the caller may append the
                        * next line (joined with '\n') and lex again */
    LEX_ERROR,         /* malformed (e.g. an empty command between two ';'); see message */
};

struct lex_result {
    struct word_list *cmds;   /* one word list per command; empty commands are dropped */
    size_t ncmds, alloc;
    char *message;            /* LEX_CONTINUE/LEX_ERROR: what is wrong, e.g. "unclosed quote" */
    size_t error_offset;      /* LEX_CONTINUE/LEX_ERROR: where, as a byte offset in the text */
    /*
     * For completion, filled in every status: whether the text ends inside a word
     * (no blank after it), the quote character open at the end ('\0', '\'' or '"'),
     * and the byte offset where the last command starts.
     */
    bool ends_in_word;
    bool ends_in_comment;    /* the text ends inside a '#' comment */
    char open_quote;
    size_t last_cmd_offset;
    bool cmd_open;            /* the last command has words and no ';' or newline after them */
};

/* Lex text into result (which the caller has zeroed). Always fills what it can. */
enum lex_status lex(const char *text, struct lex_result *result);
void lex_result_release(struct lex_result *result);

/*
 * The bytes lex() has read since the program started: the work a reader of continuation
 * lines does, which must grow linearly with its input (midosh -d prints it after -n).
 */
size_t lex_bytes_read(void);

/*
 * A reader of continuation lines (a script, where each line may continue the one
 * before) asks lex_more() whether the text so far plus one more line is complete,
 * without lexing the text so far again: st carries what matters of it. Zero st before
 * the first line. Returns what lex() would return for the whole text.
 */
struct lex_more {
    char carry[4];            /* a short text that lexes to the same state as the text so far */
    bool started;
};
enum lex_status lex_more(struct lex_more *st, const char *line, size_t len);
void word_list_release(struct word_list *words);

/*
 * Quote s for output so that lex() gives back s as one word: bare when it can be. A
 * string with control characters or bytes that are not UTF-8 (a hostile server's name)
 * is shown in double quotes with those bytes as \xHH (strbuf_add_escaped()): safe on a
 * terminal and one line, but not typed back as it was.
 */
void lex_quote(struct strbuf *out, const char *s);

#endif
