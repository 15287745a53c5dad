#include "tests/sim/val.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "lib/util.h"

static bool is_uuid_shape(const char *s)
{
    for (int i = 0; i < UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return s[UUID_LEN] == '\0';
}

bool val_is_uuid(const char *s)
{
    return s && strnlen(s, UUID_LEN + 1) == UUID_LEN && is_uuid_shape(s);
}

int val_uuid_norm(const char *s, char *out)
{
    if (!val_is_uuid(s))
        return -1;
    for (int i = 0; i <= UUID_LEN; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    return 0;
}

void val_random(void *buf, size_t len)
{
    unsigned char *p = buf;

    while (len) {
        ssize_t n = getrandom(p, len, 0);

        if (n <= 0)
            die(1, "getrandom failed");
        p += n;
        len -= (size_t)n;
    }
}

static void uuid_format(const unsigned char b[16], char *out)
{
    static const char hex[] = "0123456789abcdef";
    int o = 0;

    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = '\0';
}

void val_uuid_random(char *out)
{
    unsigned char b[16];

    val_random(b, sizeof(b));
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(b, out);
}

void val_uuid_from_name(const char *name, char *out)
{
    /* Two FNV-1a-64 passes with different offset bases give 128 stable bits. */
    uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
    unsigned char b[16];

    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h1 = (h1 ^ *p) * 0x100000001b3ULL;
        h2 = (h2 ^ *p) * 0x100000001b3ULL;
        h2 ^= h2 >> 29;
    }
    for (int i = 0; i < 8; i++) {
        b[i] = (unsigned char)(h1 >> (56 - 8 * i));
        b[8 + i] = (unsigned char)(h2 >> (56 - 8 * i));
    }
    /* Version 8 ("custom") with the RFC 4122 variant: a valid UUID, honestly labelled. */
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x80);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(b, out);
}

int val_ipv4(const char *s, uint32_t *out)
{
    uint32_t addr = 0;

    if (!s)
        return -1;
    for (int part = 0; part < 4; part++) {
        unsigned n = 0;
        int digits = 0;

        if (part && *s++ != '.')
            return -1;
        while (isdigit((unsigned char)*s)) {
            n = n * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || n > 255)
                return -1;
        }
        if (!digits)
            return -1;
        addr = addr << 8 | n;
    }
    if (*s)
        return -1;
    *out = addr;
    return 0;
}

void val_ipv4_str(uint32_t a, char *out)
{
    snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

bool val_is_mac(const char *s)
{
    for (int word = 0; word < 6; word++) {
        int digits = 0;

        if (word && *s++ != ':')
            return false;
        while (isxdigit((unsigned char)*s)) {
            s++;
            if (++digits > 2)
                return false;
        }
        if (!digits)
            return false;
    }
    return *s == '\0';
}

void val_mac_norm(const char *s, char *out)
{
    size_t o = 0;

    for (int word = 0; word < 6; word++) {
        unsigned n = 0;

        while (isxdigit((unsigned char)*s)) {
            int c = tolower((unsigned char)*s);

            n = n * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
            s++;
        }
        if (*s == ':')
            s++;
        o += (size_t)snprintf(out + o, 18 - o, word ? ":%02x" : "%02x", n & 255);
    }
}

void val_mac_uri(const char *mac, char *out)
{
    size_t i;

    for (i = 0; mac[i] && i < 17; i++)
        out[i] = mac[i] == ':' ? '-' : mac[i];
    out[i] = '\0';
}

int val_ipv6(const char *s, unsigned char out[16])
{
    return s && inet_pton(AF_INET6, s, out) == 1 ? 0 : -1;
}

void val_ipv6_str(const unsigned char a[16], char *out)
{
    size_t o = 0;

    for (int i = 0; i < 16; i += 2)
        o += (size_t)snprintf(out + o, 40 - o, i ? ":%x" : "%x", (unsigned)(a[i] << 8 | a[i + 1]));
}

void val_init(struct val *v)
{
    v->bad = false;
    v->violations = json_array();
}

void val_release(struct val *v)
{
    json_decref(v->violations);
    v->violations = NULL;
}

void val_violation(struct val *v, const char *property, const char *message)
{
    json_t *one = json_object();

    json_object_set_new(one, "property", json_string(property));
    json_object_set_new(one, "message", json_string(message));
    json_array_append_new(v->violations, one);
}

bool val_ok(const struct val *v)
{
    return !v->bad && !json_array_size(v->violations);
}

static const json_t *field(const json_t *o, const char *key)
{
    const json_t *x = json_is_object(o) ? json_object_get(o, key) : NULL;

    return json_is_null(x) ? NULL : x;
}

const char *val_str(struct val *v, const json_t *o, const char *key)
{
    const json_t *x = field(o, key);

    if (!x)
        return NULL;
    if (!json_is_string(x)) {
        v->bad = true;
        return NULL;
    }
    return json_string_value(x);
}

bool val_bool(struct val *v, const json_t *o, const char *key, bool dflt)
{
    const json_t *x = field(o, key);

    if (!x)
        return dflt;
    if (!json_is_boolean(x)) {
        v->bad = true;
        return dflt;
    }
    return json_is_true(x);
}

long long val_int(struct val *v, const json_t *o, const char *key, long long dflt, bool *present)
{
    const json_t *x = field(o, key);

    if (present)
        *present = x != NULL;
    if (!x)
        return dflt;
    /* Java ints: anything outside 32 bits cannot be deserialized either. */
    if (!json_is_integer(x) || json_integer_value(x) < INT32_MIN ||
        json_integer_value(x) > INT32_MAX) {
        v->bad = true;
        if (present)
            *present = false;
        return dflt;
    }
    return json_integer_value(x);
}

json_t *val_uuid(struct val *v, const json_t *o, const char *key)
{
    const char *s = val_str(v, o, key);
    char id[UUID_LEN + 1];

    if (!s)
        return json_null();
    if (val_uuid_norm(s, id) < 0) {
        v->bad = true;
        return json_null();
    }
    return json_string(id);
}

const char *val_str_required(struct val *v, const json_t *o, const char *key)
{
    const char *s = val_str(v, o, key);

    if (!s && !field(o, key))
        val_violation(v, key, MSG_NOT_NULL);
    return s;
}

const char *val_name(struct val *v, const json_t *o, const char *key)
{
    const char *s = val_str_required(v, o, key);

    if (s && (!*s || strlen(s) > 255))
        val_violation(v, key, "size must be between 1 and 255");
    return s;
}

const char *val_ipv4_field(struct val *v, const json_t *o, const char *key, bool required,
                           uint32_t *addr)
{
    const char *s = val_str(v, o, key);

    if (!s) {
        if (required && !field(o, key))
            val_violation(v, key, MSG_NOT_NULL);
        return NULL;
    }
    if (val_ipv4(s, addr) < 0) {
        val_violation(v, key, MSG_BAD_IP);
        return NULL;
    }
    return s;
}

void val_range(struct val *v, const char *key, long long n, long long min, long long max)
{
    char msg[80];

    if (n < min) {
        snprintf(msg, sizeof(msg), "must be greater than or equal to %lld", min);
        val_violation(v, key, msg);
    } else if (n > max) {
        snprintf(msg, sizeof(msg), "must be less than or equal to %lld", max);
        val_violation(v, key, msg);
    }
}

json_t *val_jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

const char *val_get_str(const json_t *o, const char *key)
{
    return json_string_value(json_is_object(o) ? json_object_get(o, key) : NULL);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int val_base64_decode(const char *in, struct strbuf *out)
{
    unsigned acc = 0;
    int bits = 0;

    for (const char *p = in; *p && *p != '='; p++) {
        const char *hit = strchr(b64, *p);

        if (!hit)
            return -1;
        acc = (acc << 6) | (unsigned)(hit - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            strbuf_addch(out, (char)((acc >> bits) & 0xff));
        }
    }
    return 0;
}

void val_base64_encode(const void *data, size_t len, struct strbuf *out)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i += 3) {
        unsigned n = (unsigned)p[i] << 16;

        if (i + 1 < len)
            n |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            n |= p[i + 2];
        strbuf_addch(out, b64[(n >> 18) & 63]);
        strbuf_addch(out, b64[(n >> 12) & 63]);
        strbuf_addch(out, i + 1 < len ? b64[(n >> 6) & 63] : '=');
        strbuf_addch(out, i + 2 < len ? b64[n & 63] : '=');
    }
}
