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
    strbuf_init(&lr->key);
}

void listread_release(struct listread *lr)
{
    strbuf_release(&lr->text);
    strbuf_release(&lr->key);
}

void listread_reset(struct listread *lr)
{
    listread_fn *each = lr->each;
    void *ctx = lr->ctx;
    const struct strmap *keep = lr->keep;

    listread_release(lr);
    listread_init(lr, each, ctx);
    lr->keep = keep;
}

void listread_keep(struct listread *lr, const struct strmap *keys)
{
    lr->keep = keys;
}

/* ---- an object element, member by member (listread_keep) ---------------------------- */

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && json_space(*p))
        p++;
    return p;
}

/*
 * The end of the string that starts at p (its '"'), past its closing '"', or NULL when it
 * has none. *plain: it holds printable ASCII only, without escapes, so that it is valid
 * JSON as it stands and its text is its value.
 */
static const char *string_end(const char *p, const char *end, bool *plain)
{
    *plain = true;
    for (p++; p < end; p++) {
        unsigned char c = (unsigned char)*p;

        if (c == '"')
            return p + 1;
        if (c == '\\') {
            *plain = false;
            if (++p == end)
                return NULL;
        } else if (c < 0x20 || c >= 0x7f) {
            *plain = false;
        }
    }
    return NULL;
}

/* The end of the value that starts at p: a string (*plain as string_end() says), a
 * bracketed value (brackets counted outside strings, whether they match or not), or a
 * scalar up to a delimiter. */
static const char *value_end(const char *p, const char *end, bool *plain)
{
    size_t depth = 0;

    *plain = false;
    if (*p == '"')
        return string_end(p, end, plain);
    if (*p != '{' && *p != '[') {
        while (p < end && !json_space(*p) && *p != ',' && *p != '}' && *p != ']')
            p++;
        return p;
    }
    for (; p < end; p++) {
        if (*p == '"') {
            if (!(p = string_end(p, end, plain)))
                return NULL;
            *plain = false;
            p--;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && !--depth) {
            return p + 1;
        }
    }
    return NULL;
}

static bool is_literal(const char *p, size_t n, const char *word)
{
    return n == strlen(word) && !memcmp(p, word, n);
}

/*
 * The value in [p, end) as json_loadb() would read it: *out a new reference, or NULL for
 * JSON's null (*out is NULL too when it is not wanted: checked only). False when it is no
 * valid JSON value. plain: it is a string of printable ASCII without escapes.
 */
static bool read_value(const char *p, const char *end, bool plain, bool want, json_t **out)
{
    size_t n = (size_t)(end - p);
    json_t *v;

    *out = NULL;
    if (plain) {
        if (want)
            *out = json_stringn_nocheck(p + 1, n - 2);
        return true;
    }
    if (is_literal(p, n, "null"))
        return true;
    if (is_literal(p, n, "true") || is_literal(p, n, "false")) {
        if (want)
            *out = json_boolean(*p == 't');
        return true;
    }
    v = json_loadb(p, n, JSON_DECODE_ANY, NULL);
    if (!v)
        return false;
    if (want && !json_is_null(v))
        *out = v;
    else
        json_decref(v);
    return true;
}

/*
 * The object element in [p, end), cut to lr->keep's members: a new object, or NULL when it
 * is no valid JSON. Members are read in order, a later one replacing an earlier one of the
 * same key, as jansson does.
 */
static json_t *kept_members(struct listread *lr, const char *p, const char *end)
{
    json_t *obj = json_object(), *v, *key;
    const char *kend, *vend, *name;
    bool plain;

    p = skip_space(p + 1, end);
    if (p < end && *p == '}')
        goto close;
    for (;;) {
        if (p == end || *p != '"' || !(kend = string_end(p, end, &plain)))
            goto bad;
        /* A key with escapes is decoded by jansson (which refuses a NUL in it). */
        key = NULL;
        if (plain) {
            strbuf_reset(&lr->key);
            strbuf_add(&lr->key, p + 1, (size_t)(kend - p) - 2);
            name = lr->key.buf;
        } else if (read_value(p, kend, false, true, &key)) {
            name = json_string_value(key);
        } else {
            goto bad;
        }
        p = skip_space(kend, end);
        if (p == end || *p != ':') {
            json_decref(key);
            goto bad;
        }
        p = skip_space(p + 1, end);
        if (p == end || !(vend = value_end(p, end, &plain)) || vend == p ||
            !read_value(p, vend, plain, strmap_get(lr->keep, name, &(size_t){ 0 }), &v)) {
            json_decref(key);
            goto bad;
        }
        if (v)
            json_object_set_new(obj, name, v);
        else
            json_object_del(obj, name);     /* a later null wins */
        json_decref(key);
        p = skip_space(vend, end);
        if (p < end && *p == ',') {
            p = skip_space(p + 1, end);
            continue;
        }
        if (p < end && *p == '}')
            break;
        goto bad;
    }
close:
    if (skip_space(p + 1, end) == end)
        return obj;
bad:
    json_decref(obj);
    return NULL;
}

/* The element in lr->text is complete: parse it and hand it over. */
static void element_done(struct listread *lr)
{
    json_t *el = lr->keep && lr->text.buf[0] == '{' ?
                 kept_members(lr, lr->text.buf, lr->text.buf + lr->text.len) :
                 json_loadb(lr->text.buf, lr->text.len, JSON_DECODE_ANY, NULL);

    strbuf_reset(&lr->text);
    if (!el) {
        lr->state = LR_BAD;
        return;
    }
    lr->count++;
    lr->each(lr->ctx, el);
}

/* In a string of an element, from data[i]: past its closing '"', or to len. */
static size_t string_bytes(struct listread *lr, const char *data, size_t i, size_t len)
{
    while (i < len) {
        const char *quote, *backslash;

        if (lr->escaped) {
            lr->escaped = false;
            i++;
            continue;
        }
        /* memchr, not a loop over bytes: much of a list is long strings (URIs). */
        quote = memchr(data + i, '"', len - i);
        backslash = memchr(data + i, '\\', (size_t)((quote ? quote : data + len) - (data + i)));
        if (backslash) {
            lr->escaped = true;
            i = (size_t)(backslash - data) + 1;
        } else if (quote) {
            lr->in_string = false;
            return (size_t)(quote - data) + 1;
        } else {
            return len;
        }
    }
    return i;
}

/* One byte of an element outside its strings: strings and brackets are followed, so that a
 * comma or a ']' at depth 0 ends it. Returns false when c ends the element (c not taken). */
static bool element_byte(struct listread *lr, char c)
{
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

            while (i < len) {
                if (lr->in_string)
                    i = string_bytes(lr, data, i, len);
                else if (element_byte(lr, data[i]))
                    i++;
                else
                    break;
            }
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
