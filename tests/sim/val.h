/*
 * val: values the API speaks (UUIDs, IPv4 addresses, MACs) and the checking of request
 * bodies the way MidoNet's Jackson + Hibernate Validator pipeline does it.
 *
 * A struct val collects, for one request body, whether it could be deserialized at all
 * (a wrong JSON type: 400 "Invalid fields or values…") and the bean-validation violations
 * ({"property","message"} pairs: 400 "Validation error(s) found"). The readers below
 * never fail hard: they record the problem and return a default, so a handler reads every
 * field and then asks val_ok() once.
 */
#ifndef SIM_VAL_H
#define SIM_VAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define UUID_LEN 36

/* Hibernate's default messages, as MidoNet returns them. */
#define MSG_NOT_NULL "may not be null"
#define MSG_BAD_IP "is an invalid IP format"
#define MSG_NOT_DESERIALIZABLE \
    "Invalid fields or values were passed in that could not be deserialized into a known " \
    "object.  Please check fields such as 'type'."

/* True for a UUID in the 8-4-4-4-12 hex form (either case). */
bool val_is_uuid(const char *s);
/* Lowercase copy of a UUID into out (UUID_LEN + 1 bytes). -1 when s is not one. */
int val_uuid_norm(const char *s, char *out);
/* A random (version 4) UUID. */
void val_uuid_random(char *out);
/* A UUID derived from a name (stable across runs; the hash is FNV-1a, not SHA-1). */
void val_uuid_from_name(const char *name, char *out);
/* Random bytes (getrandom); never fails. */
void val_random(void *buf, size_t len);

/* Strict dotted quad. 0, or -1 when s is not an IPv4 address. */
int val_ipv4(const char *s, uint32_t *out);
/* Dotted quad of addr into out (16 bytes). */
void val_ipv4_str(uint32_t addr, char *out);
/* A MAC "aa:bb:cc:dd:ee:ff" (1 or 2 hex digits per word, as MidoNet's MAC.fromString). */
bool val_is_mac(const char *s);
/* MAC.toString of a MAC val_is_mac() accepts: lowercase, two digits a word (18 bytes). */
void val_mac_norm(const char *s, char *out);
/* A MAC's URI form, '-' for ':' (18 bytes; out may be mac itself). */
void val_mac_uri(const char *mac, char *out);
/* An IPv6 address in any RFC 4291 form. 0, or -1 when s is not one. */
int val_ipv6(const char *s, unsigned char out[16]);
/* MidoNet's IPv6Addr.toString: eight lowercase groups, no "::" (40 bytes). */
void val_ipv6_str(const unsigned char a[16], char *out);

struct strbuf;
/* Standard base64 (padding optional). -1 on a character outside the alphabet. */
int val_base64_decode(const char *in, struct strbuf *out);
void val_base64_encode(const void *data, size_t len, struct strbuf *out);

struct val {
    bool bad;                  /* not deserializable */
    json_t *violations;        /* array of {"property","message"} */
};
void val_init(struct val *v);
void val_release(struct val *v);
void val_violation(struct val *v, const char *property, const char *message);
bool val_ok(const struct val *v);

/*
 * Field readers on a JSON object o (a request body). A missing key and JSON null read as
 * "absent". A value of the wrong type marks the body undeserializable.
 */
/* A string, borrowed from o; NULL when absent. Numbers and booleans are not coerced. */
const char *val_str(struct val *v, const json_t *o, const char *key);
/* A boolean; dflt when absent. */
bool val_bool(struct val *v, const json_t *o, const char *key, bool dflt);
/* An integer; dflt when absent. *present (may be NULL) says whether it was given. */
long long val_int(struct val *v, const json_t *o, const char *key, long long dflt,
                  bool *present);
/* A UUID (normalized) as a new JSON string, or JSON null when absent. */
json_t *val_uuid(struct val *v, const json_t *o, const char *key);
/* A required string (records "may not be null" on property key). */
const char *val_str_required(struct val *v, const json_t *o, const char *key);
/* A required name of 1 to 255 characters (@NotNull @Size(min = 1, max = 255)). */
const char *val_name(struct val *v, const json_t *o, const char *key);
/* A required IPv4 string; *addr gets the address. NULL when absent or invalid. */
const char *val_ipv4_field(struct val *v, const json_t *o, const char *key, bool required,
                           uint32_t *addr);
/* min <= n <= max, with Hibernate's @Min/@Max messages on property key. */
void val_range(struct val *v, const char *key, long long n, long long min, long long max);

/* A JSON string copy of s, or JSON null for NULL. */
json_t *val_jstr(const char *s);
/* The string of o[key], or NULL when it is absent, null or not a string. Borrowed. */
const char *val_get_str(const json_t *o, const char *key);

#endif
