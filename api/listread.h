/*
 * listread: a reply body read as it arrives. When the body is a JSON array, each element is
 * parsed as soon as its last byte is in and handed to a callback, so that a long list is
 * held neither whole as text nor whole as a tree (doc/cache.md, "Long lists"). Any other
 * body is kept as text, to be read whole once it is complete, exactly as before.
 *
 * What it accepts is what json_loadb() accepts for the whole body: each element goes
 * through json_loadb() itself, and the reader checks only what lies between elements
 * (the brackets, the commas, whitespace), so a body it takes for an array is one jansson
 * would have read as that same array. Pure: no I/O.
 */
#ifndef MIDOSH_LISTREAD_H
#define MIDOSH_LISTREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "lib/strmap.h"
#include "lib/util.h"

/* Takes an element of the array: it is the callee's. */
typedef void listread_fn(void *ctx, json_t *element);

enum listread_state {
    LR_START,       /* nothing but whitespace yet */
    LR_OTHER,       /* the body is not an array: kept whole in text */
    LR_BEFORE,      /* in the array, before an element (or its end, right after '[') */
    LR_ELEMENT,     /* in an element */
    LR_AFTER,       /* after the array's ']': whitespace only */
    LR_BAD,         /* not valid JSON: the rest is ignored */
};

struct listread {
    listread_fn *each;
    void *ctx;
    const struct strmap *keep;  /* listread_keep(), or NULL */
    enum listread_state state;
    struct strbuf text;     /* the element being read; or the whole body (LR_OTHER) */
    struct strbuf key;      /* a member's key, while an element is cut (listread_keep) */
    size_t depth;           /* brackets open in the element */
    bool in_string, escaped, comma;
    size_t count;           /* elements handed over */
};

void listread_init(struct listread *lr, listread_fn *each, void *ctx);
void listread_release(struct listread *lr);
/* Ready for a new body (a reply after an error or a 401), with the same callback and keep. */
void listread_reset(struct listread *lr);

/*
 * Elements that are objects are handed over with only their members whose keys are in
 * keys (borrowed), null ones left out, as cache_slim() would cut them: the other members
 * are checked as json_loadb() would check them, and let go without being built. Much of a
 * long list is what nobody reads (a bridge's dozen URIs): this reads it at the speed of a
 * scan instead of building it to throw it away.
 */
void listread_keep(struct listread *lr, const struct strmap *keys);

/* The next len bytes of the body. */
void listread_feed(struct listread *lr, const char *data, size_t len);

enum listread_result {
    LISTREAD_ARRAY,     /* an array, closed, every element handed over */
    LISTREAD_OTHER,     /* not an array: the whole body is in lr->text */
    LISTREAD_BAD,       /* an array that is not valid JSON (cut short, garbled) */
};

/* The body is complete: what it was. */
enum listread_result listread_finish(struct listread *lr);

#endif
