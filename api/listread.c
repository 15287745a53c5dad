#include "api/listread.h"

#include <string.h>

/* JSON's whitespace (RFC 8259): not isspace(), which also takes \v and \f. */
static bool json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void listread_init(struct listread *lr, listread_fn *each, void *ctx)
{
    memset(lr, 0, sizeof(*lr));
    lr->each = each;
    lr->ctx = ctx;
    strbuf_init(&lr->text);
}

void listread_release(struct listread *lr)
{
    strbuf_release(&lr->text);
}

/* The element in lr->text is complete: parse it and hand it over. */
static void element_done(struct listread *lr)
{
    json_t *el = json_loadb(lr->text.buf, lr->text.len, JSON_DECODE_ANY, NULL);

    strbuf_reset(&lr->text);
    if (!el) {
        lr->state = LR_BAD;
        return;
    }
    lr->count++;
    lr->each(lr->ctx, el);
}

/* One byte of an element: strings and brackets are followed, so that a comma or a ']' at
 * depth 0 ends it. Returns false when c ends the element (c not taken). */
static bool element_byte(struct listread *lr, char c)
{
    if (lr->in_string) {
        if (lr->escaped)
            lr->escaped = false;
        else if (c == '\\')
            lr->escaped = true;
        else if (c == '"')
            lr->in_string = false;
        return true;
    }
    switch (c) {
    case '"':
        lr->in_string = true;
        break;
    case '{':
    case '[':
        lr->depth++;
        break;
    case '}':
    case ']':
        if (!lr->depth)
            return false;
        lr->depth--;
        break;
    case ',':
        if (!lr->depth)
            return false;
        break;
    default:
        break;
    }
    return true;
}

void listread_feed(struct listread *lr, const char *data, size_t len)
{
    size_t i = 0;

    while (i < len) {
        char c = data[i];

        switch (lr->state) {
        case LR_START:
            if (json_space(c)) {
                strbuf_addch(&lr->text, c);
                i++;
                break;
            }
            if (c == '[') {
                strbuf_reset(&lr->text);
                lr->state = LR_BEFORE;
                i++;
                break;
            }
            lr->state = LR_OTHER;
            break;
        case LR_OTHER:
            strbuf_add(&lr->text, data + i, len - i);
            return;
        case LR_BEFORE:
            if (json_space(c)) {
                i++;
            } else if (c == ']' && !lr->comma && !lr->count) {
                lr->state = LR_AFTER;
                i++;
            } else if (c == ',' || c == ']') {
                lr->state = LR_BAD;    /* "[,", "[1,]" */
            } else {
                lr->state = LR_ELEMENT;
                lr->depth = 0;
                lr->in_string = lr->escaped = false;
            }
            break;
        case LR_ELEMENT: {
            size_t start = i;

            while (i < len && element_byte(lr, data[i]))
                i++;
            strbuf_add(&lr->text, data + start, i - start);
            if (i == len)
                break;
            /* data[i] is the ',' or the ']' (or a stray '}') after the element. */
            c = data[i++];
            element_done(lr);
            if (lr->state == LR_BAD)
                break;
            if (c == ',') {
                lr->state = LR_BEFORE;
                lr->comma = true;
            } else if (c == ']') {
                lr->state = LR_AFTER;
            } else {
                lr->state = LR_BAD;
            }
            break;
        }
        case LR_AFTER:
            if (!json_space(c))
                lr->state = LR_BAD;
            i++;
            break;
        case LR_BAD:
            return;
        }
    }
}

enum listread_result listread_finish(struct listread *lr)
{
    switch (lr->state) {
    case LR_START:
    case LR_OTHER:
        return LISTREAD_OTHER;
    case LR_AFTER:
        return LISTREAD_ARRAY;
    default:
        return LISTREAD_BAD;
    }
}
