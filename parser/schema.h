/*
 * schema: the one table that describes every MidoNet object type midosh knows.
 *
 * The parser, completion, describe/help, the text and JSON formatters, the executor
 * (which builds request bodies and follows URIs) and the man page all read this table.
 * Adding an object type is adding entries here, not writing a new command.
 *
 * Pure: no I/O. Value conversion (text <-> JSON) lives here too, because it is the
 * table's knowledge of each kind of value; it uses jansson, which does no I/O.
 */
#ifndef MIDOSH_SCHEMA_H
#define MIDOSH_SCHEMA_H

#include <stdbool.h>
#include <jansson.h>

#include "lib/util.h"

/* Every object type. The order is the order of `help` and the man page. */
enum type_id {
    T_TENANT,
    T_ROUTER,
    T_BRIDGE,
    T_PORT,             /* the root /ports collection: each object is a bridge or router port */
    T_BRIDGE_PORT,
    T_ROUTER_PORT,
    T_ROUTE,
    T_BGP,              /* a router port's BGP session */
    T_AD_ROUTE,         /* a route the BGP session advertises */
    T_HOST,
    T_INTERFACE,        /* a host's interface */
    T_BINDING,          /* a host's interface-to-port binding */
    T_TUNNEL_ZONE,
    T_TZ_MEMBER,        /* a tunnel zone's member host */
    T_DHCP_SUBNET,      /* a bridge's DHCP subnet */
    T_DHCP_HOST,        /* a DHCP subnet's static host */
    T_MAC_ENTRY,        /* a bridge's MAC table entry */
    T_ARP_ENTRY,        /* a bridge's ARP table entry */
    T_CHAIN,
    T_RULE,
    T_PORT_GROUP,
    T_PG_MEMBER,        /* a port group's member port */
    T_IP_GROUP,         /* an IP address group */
    T_IP_GROUP_ADDR,    /* an address of an IP address group */
    T_LOAD_BALANCER,
    T_POOL,
    T_POOL_MEMBER,
    T_VIP,
    T_HEALTH_MONITOR,
    T_VTEP,
    T_VTEP_BINDING,     /* a VTEP port and VLAN bound to a bridge */
    T_VTEP_PORT,        /* a physical port of a VTEP, from its OVSDB */
    T_TRACE,            /* a trace request */
    T_SYSTEM_STATE,
    T_WRITE_VERSION,
    T_HOST_VERSION,
    /* MidoNet 5.x only (D_5) */
    T_BGP_PEER,         /* a router's BGP peer */
    T_BGP_NETWORK,      /* a network a router advertises over BGP */
    T_REMOTE_PEER,      /* an entry of a router port's peering table */
    T_MIRROR,
    T_MIRROR_MATCH,     /* a match condition of a mirror, held in the mirror itself */
    T_L2INSERTION,      /* a service port inserted in front of a VM port */
    T_QOS_POLICY,
    T_QOS_BW_RULE,      /* a QoS policy's bandwidth limit rule */
    T_QOS_DSCP_RULE,    /* a QoS policy's DSCP marking rule */
    T_CONTAINER,        /* a service container */
    T_CONTAINER_GROUP,  /* a service container group */
    T_COUNT
};

/*
 * The API generations midosh speaks: MidoNet 1.9 (v2015.06) and MidoNet 5.x (5.0 to 5.6
 * and master). A type, an attribute or a verb carries the set it exists in; 0 in the
 * table means both. The connected server's is decided from its root document
 * (schema_root_dialect()) and set with schema_set_dialect(); before that it is 0
 * (unknown): everything is offered, and media types are 1.9's.
 */
enum dialect {
    D_19 = 1 << 0,
    D_5 = 1 << 1,
    D_ALL = D_19 | D_5,
};

/* How a value is written on the command line and stored in JSON. */
enum value_kind {
    K_STRING,       /* free text */
    K_INT,          /* integer within [min, max]; when values[] is set, its words are
                     * accepted beside numbers (json: the number, in decimal) and printed
                     * for the numbers they name ("tcp" for a proto of 6) */
    K_BOOL,         /* true/false */
    K_UPDOWN,       /* up/down <-> true/false */
    K_YESNO,        /* yes/no <-> true/false */
    K_ENUM,         /* one of values[]: CLI word <-> JSON string */
    K_IPV4,         /* dotted quad, strictly four parts */
    K_IP,           /* an IPv4 or IPv6 address; key2, when set, receives its version (4 or 6) */
    K_CIDR,         /* a.b.c.d/n <-> key (address string) + key2 (length int); always printed
                     * with its length (10.0.0.1/32). The length must be written, except
                     * for A_BARE_HOST attributes, where a bare address is one host (/32) */
    K_MAC,          /* aa:bb:cc:dd:ee:ff */
    K_RANGE,        /* a[-b] <-> {"start":a,"end":b}; prints "a" when a == b */
    K_REF,          /* a reference to an object of type ref; JSON holds its id */
    K_REF_LIST,     /* comma-separated references <-> JSON array of ids */
    K_STR_LIST,     /* comma-separated strings <-> JSON array of strings */
    K_CIDR_LIST,    /* comma-separated networks with an address, a.b.c.d/n or v6 x::y/n <->
                     * JSON array of those strings (a 5.x router port's portSubnet) */
    K_INET_LIST,    /* read-only JSON array of InetAddress strings ("/10.0.0.1", "h/10.0.0.1"),
                     * printed as a comma-separated list of bare addresses */
    K_FLAG_ENUM,    /* one of values[], each naming a boolean JSON key (values[i].json): the
                     * chosen key is set true, the others false (a rule's flow) */
    K_NAT_TARGETS,  /* ip[-ip][:port[-port]],... <-> [{"addressFrom","addressTo","portFrom",
                     * "portTo"}]; ports are 0 when not given */
    K_OPT121,       /* a.b.c.d[/n]:gw,... (bare: one host, /32; printed with its length) <->
                     * [{"destinationPrefix","destinationLength",
                     * "gatewayAddr"}] (DHCP option 121 routes) */
};

struct enum_value {
    const char *word;       /* CLI word, e.g. "gre", "normal" */
    const char *json;       /* JSON string, e.g. "gre", "Normal" */
    const char *help;
};

enum attr_flags {
    A_RO = 1 << 0,          /* read-only: printed, never sent, refused by set/create */
    A_HIDDEN = 1 << 1,      /* not printed in an object's line; `show OBJ FIELD` prints it */
    A_CLEAR = 1 << 2,       /* `clear FIELD` is allowed: sets the JSON key(s) to null */
    A_INVERT = 1 << 3,      /* a leading '!' on the value sets inv_key to true */
    A_REQUIRED = 1 << 4,    /* must be given on create */
    A_CREATE_ONLY = 1 << 5, /* may be given on create; set refuses it */
    A_PARENT_SCOPE = 1 << 6,/* K_REF: resolve among the children of the object's parent
                             * (a route's next-hop port is a port of the same router) */
    A_BARE_HOST = 1 << 7,   /* K_CIDR: a bare address is accepted as one host, /32 (the match
                             * conditions of routes and rules, as midonet-cli read them);
                             * elsewhere a network needs its prefix length */
    A_LAST = 1 << 8,        /* K_INT: also takes the word "last" (values[] holds it with a NULL
                             * json): after the last object of the collection, a number the
                             * executor works out (a rule's pos last); see struct value */
    A_ZERO_UNSET = 1 << 9,  /* K_INT, K_BOOL, K_YESNO: 0 or false is the API's "not set",
                             * printed as absent (a bridge port's vlanId: 0 is untagged,
                             * and 5.x's primitive short gives 0 on every port where 1.9
                             * gives null; 5.x's rule flags, false on every rule) */
};

struct attr {
    const char *name;       /* CLI word: "name", "state", "infilter", "address" */
    const char *key;        /* JSON key: "name", "adminStateUp", "inboundFilterId"
                             * (K_FLAG_ENUM: the first value's key) */
    const char *key2;       /* K_CIDR: JSON key of the prefix length ("networkLength") */
    const char *inv_key;    /* A_INVERT: JSON key of the inversion flag ("invNwSrc") */
    enum value_kind kind;
    unsigned flags;         /* enum attr_flags */
    enum type_id ref;       /* K_REF, K_REF_LIST: the referenced type */
    const struct enum_value *values;  /* K_ENUM, K_FLAG_ENUM: terminated by { NULL } */
    long min, max;          /* K_INT: inclusive bounds (min == max == 0: any long) */
    /*
     * A link attribute (a port's peer) is not written with PUT: set POSTs
     * {link_body: <id>} to the URI in the object's link_key field, clear DELETEs it.
     */
    const char *link_key;   /* "link" */
    const char *link_body;  /* "peerId" */
    const char *link_media; /* "PortLink-v1" */
    const char *help;       /* one line, lowercase, no final period */
    /* The JSON object, under this key of the object, that holds the attribute's keys
     * (a trace request's "condition"), or NULL: the object itself. */
    const char *sub;
    /*
     * A tagged attribute (a trace request's router, bridge or port): it is present only
     * while the object's tag_key holds tag, and setting it sets tag_key to tag. Several
     * attributes share key and tag_key ("deviceId", "deviceType").
     */
    const char *tag_key;
    const char *tag;
    /*
     * The name of a K_CIDR attribute of the same type that this address must lie in (a
     * router port's address in its net). Checked by the parser when both are on the line
     * (schema_check_within()).
     */
    const char *within;
    /*
     * TAB offers, for a value of this attribute, the values of attribute offer_attr of the
     * objects of type offer_type: under the path's last object when it has them (a host's
     * interfaces for a binding), else all of them (every host's addresses). NULL: none.
     */
    const char *offer_attr;
    enum type_id offer_type;
    unsigned dialects;      /* enum dialect: where the attribute exists; 0: both */
    /* A_REQUIRED: not required when this attribute of the same type is given instead (a
     * router port's address and net, when its 5.x addresses are given), or NULL. */
    const char *unless;
};

struct child {
    enum type_id type;      /* the child type */
    const char *uri_key;    /* JSON key in the parent that holds the collection URI ("ports") */
    bool list_only;         /* the API lists them here but creates them elsewhere (a load
                             * balancer's VIPs are created under a pool) */
};

/* A concrete type chosen by the value of a JSON field (ports: "type"). */
struct variant {
    const char *json;       /* "Bridge", "ExteriorBridge", "Router", ... */
    enum type_id type;
};

/* A media type chosen by a field of the parent object (tunnel-zone members by zone type). */
struct media_rule {
    const char *parent_key; /* "type" */
    const char *value;      /* "gre"; NULL matches anything (put it last) */
    const char *media;      /* "GreTunnelZoneHost-v1" */
};

enum type_flags {
    TF_ROOT = 1 << 0,       /* a root collection: the root document's root_key holds its URI */
    TF_SINGLETON = 1 << 1,  /* one object at the root document's root_key (system-state) */
    TF_NOCREATE = 1 << 2,
    TF_NODELETE = 1 << 3,
    TF_NOSET = 1 << 4,      /* no PUT */
    TF_NOLIST = 1 << 5,
    TF_TENANT = 1 << 6,     /* lists take ?tenant_id= when a session tenant is set, and
                             * create sets tenantId to the session tenant ("" when none) */
    TF_CLIENT_ID = 1 << 7,  /* the API takes an id given in a create's body (the 1.9 DTO's
                             * id is used when set): create accepts the read-only id
                             * attribute, so that `dump --keep-ids` can restore ids */
    TF_NOSET5 = 1 << 8,     /* no PUT in MidoNet 5.x (system-state): set and clear are
                             * 1.9's only */
    TF_NOSET19 = 1 << 9,    /* no PUT in MidoNet 1.9 (port groups): set and clear are
                             * 5.x's only */
    TF_EMBEDDED = 1 << 10,  /* held in the parent object itself: the child's uri_key is no
                             * URI but the parent's JSON array of the objects (a 5.x mirror's
                             * conditions). They have no id and are named by their position
                             * in it, from 1 ("position" in what fetch.c makes of them); a
                             * create or a delete is a PUT of the parent, its array changed */
};

struct type {
    enum type_id id;
    const char *name;       /* CLI word: "bridge", "tunnel-zone", "port", "member" */
    const char *plural;     /* for messages and help: "bridges", "tunnel zones" */
    const char *help;       /* one line */
    unsigned flags;         /* enum type_flags */
    const char *root_key;   /* TF_ROOT/TF_SINGLETON: root-document key ("bridges") */
    const char *template_key; /* root-document key of the by-id URI template
                               * ("bridgeTemplate"), or NULL */
    const char *media;      /* "Bridge-v3": sent as application/vnd.org.midonet.Bridge-v3+json
                             * (to 1.9; and to 5.x when media5 is NULL) */
    const char *media5;     /* the media type 5.x serves when it differs ("Bridge-v4"), or NULL */
    unsigned dialects;      /* enum dialect: where the type exists; 0: both */
    const char *list_media; /* the list's media type name when it is not "collection." + media
                             * (host versions: "HostVersion-v1") */
    const struct media_rule *create_media; /* POST media chosen by the parent, or NULL = media;
                                            * terminated by { NULL } */
    const char *create_defaults; /* JSON object text merged under a create's body
                                  * ("{\"type\":\"Bridge\"}") */
    const char *id_key;     /* "id", or NULL for objects without an id (members, bindings) */
    const char *name_key;   /* JSON key of the name, or NULL */
    const char *key_attr;   /* CLI name of the natural-key attribute ("address", "host"), or NULL */
    const char *variant_key;            /* T_PORT: "type" */
    const struct variant *variants;     /* terminated by { NULL } */
    const struct attr *attrs;           /* in print order, terminated by { NULL }; never NULL.
                                         * Types with an id have a hidden read-only "id"
                                         * attribute, so `show OBJ id` is a field like any */
    const struct child *children;       /* terminated by { .uri_key = NULL } */
    const char *columns;    /* -o table's columns after the handle: attribute names, space
                             * separated; NULL: every attribute a text line prints */
};

const struct type *schema_type(enum type_id id);

/* The dialect of the connected server (enum dialect; 0: not known yet). */
void schema_set_dialect(unsigned d);
unsigned schema_dialect(void);
/* "1.9", "5.x", "1.9 and 5.x" (static). */
const char *schema_dialect_name(unsigned d);
/* Where a type, an attribute exists (never 0). */
unsigned schema_type_dialects(const struct type *t);
unsigned schema_attr_dialects(const struct attr *a);
/*
 * Is it offered by the connected server (help, describe, TAB, ?)? True for everything
 * while the dialect is not known. The parser itself accepts every dialect's words: a
 * command for the other dialect is refused when it runs, with the dialect that has it.
 */
bool schema_type_shown(const struct type *t);
bool schema_attr_shown(const struct attr *a);
/*
 * Where the value text of attribute a exists: an enum word of one dialect (a rule's type
 * l2-transform) gives that one; any other value D_ALL.
 */
unsigned schema_value_dialects(const struct attr *a, const char *text);
/* Is enum value v of attribute a offered by the connected server (as schema_attr_shown)? */
bool schema_value_shown(const struct attr *a, const struct enum_value *v);
/*
 * The dialect of a root document: its "version" ("v5.0": 5.x; "v1.x": 1.9) decides,
 * confirmed by the keys present (5.x has bgpPeerTemplate and no writeVersion; 1.9 the
 * reverse). Returns D_19, D_5, or 0 when neither can be told; *why (static or NULL when
 * not wanted) says what was seen: "version v5.0, keys of 5.x".
 */
unsigned schema_root_dialect(const json_t *root, const char **why);

/*
 * Keyword matching, the one rule for every keyword (verbs, types, attributes, enum
 * words): an exact match wins, else a unique prefix. Keywords spelled the same count
 * once (the three "port" types). An empty word matches nothing. Feed the candidates
 * in priority order with schema_kw_try(); the first exact match wins.
 */
struct kw_match {
    const char *word;
    const void *exact;          /* the item of the first exact match, or NULL */
    const void *prefix;         /* the item of the first prefix match, or NULL */
    const char **names;         /* owned array: distinct keywords matched by prefix */
    size_t nnames, alloc;
};
void schema_kw_init(struct kw_match *m, const char *word);
void schema_kw_try(struct kw_match *m, const char *keyword, const void *item);
/* The matched item, or NULL; *ambiguous (when not NULL) is set when several prefixes match. */
const void *schema_kw_result(const struct kw_match *m, bool *ambiguous);
/* "port, port-group": the keywords the word is a prefix of. */
void schema_kw_candidates(const struct kw_match *m, struct strbuf *out);
void schema_kw_release(struct kw_match *m);

/* "a router port", "an interface": the type in the singular, for messages. */
void schema_noun(const struct type *t, struct strbuf *out);

/*
 * Keyword lookup: an exact match, else a unique prefix. Returns NULL when nothing
 * matches; *ambiguous (when not NULL) is set when several do.
 */
const struct type *schema_find_type(const char *word, bool *ambiguous);
const struct attr *schema_find_attr(const struct type *t, const char *word, bool *ambiguous);
const struct attr *schema_attr(const struct type *t, const char *name);  /* exact name only */
/* The i-th column of t's table (-o table, from t->columns), or NULL after the last. */
const struct attr *schema_column(const struct type *t, size_t i);
/* Does a name other objects (K_REF, K_REF_LIST)? */
bool schema_is_ref(const struct attr *a);
/*
 * Does a of t name objects of a type only 5.x has, from a type both have (a bridge's
 * mirrors and QoS policy)? A script makes those objects after the devices (they name
 * ports), so `dump` sets such a reference on a line of its own once they exist.
 */
bool schema_is_late_ref(const struct type *t, const struct attr *a);

/*
 * Is word another name of type t, as midonet-cli has some (an IP address group's ipv4
 * and ipv6 collections are its ip one)? Only the whole word: never abbreviated, never
 * offered. schema_find_child() and the parser accept it where t's name is accepted.
 */
bool schema_type_synonym(const struct type *t, const char *word);

/* The child relation parent -> child named by word (exact or unique prefix), or NULL. */
const struct child *schema_find_child(const struct type *parent, const char *word, bool *ambiguous);
const struct child *schema_child(const struct type *parent, enum type_id child);
/* t's read-only reference to the object it is a child of (a port's device), or NULL. */
const struct attr *schema_parent_attr(const struct type *t);

/* The parent types of a type (a bridge port's parent is bridge), NULL-terminated list. */
size_t schema_parents(enum type_id child, const struct type **out, size_t max);

/* T_PORT and other variant types: the concrete type of an API object (t itself otherwise). */
const struct type *schema_variant(const struct type *t, const json_t *obj);

/* Full media type strings: "application/vnd.org.midonet.Bridge-v3+json", and the list's. */
void schema_media(const struct type *t, struct strbuf *out);
void schema_list_media(const struct type *t, struct strbuf *out);
/* What a GET of t's collection asks for: the object's media for a singleton, else the list's. */
void schema_get_media(const struct type *t, struct strbuf *out);
/* The POST media for a create under parent (may be NULL for root types). */
void schema_create_media(const struct type *t, const json_t *parent, struct strbuf *out);
/* The media type of a link attribute's link (a port's peer: PortLink-v1). */
void schema_link_media(const struct attr *a, struct strbuf *out);

/*
 * Keyword values: the words of K_ENUM, K_FLAG_ENUM, K_BOOL, K_UPDOWN and K_YESNO attributes
 * (terminated by { NULL }), or NULL for other kinds. For the boolean kinds, json is
 * "true" or "false".
 */
const struct enum_value *schema_value_keywords(const struct attr *a);
/*
 * The canonical word (static storage) for a keyword value typed as text, which may be a
 * unique prefix ("bl" -> "blackhole"); NULL when it matches none, or several
 * (*ambiguous set). Other kinds: text itself.
 */
const char *schema_value_word(const struct attr *a, const char *text, bool *ambiguous);

/*
 * Check a value's syntax for an attribute (not references: they are resolved later).
 * Returns 0, or -1 with a message in err ("invalid IPv4 address '1.2.3'").
 */
int schema_check_value(const struct attr *a, const char *text, struct strbuf *err);

/*
 * A checked value in the one form it is printed in, for comparing with printed values
 * (list filters, selectors): a K_CIDR value with its length ("10.0.0.1" -> "10.0.0.1/32"),
 * a K_INT number by its name when it has one ("6" -> "tcp"), a keyword by its full word.
 * Returns text itself, a static word, or a new string in *owned (the caller frees it;
 * set to NULL otherwise).
 */
const char *schema_canonical_value(const struct attr *a, const char *text, char **owned);

/*
 * Does the checked address addr (of attribute a, whose within names net_attr) lie in
 * the checked network net? Returns 0, or -1 with a message in err ("address 10.0.4.1
 * is not in net 10.0.3.0/24").
 */
int schema_check_within(const struct attr *a, const char *addr, const struct attr *net_attr,
                        const char *net, struct strbuf *err);

/*
 * Store a checked value into obj under the attribute's key(s). For K_REF the text must
 * already be the resolved id; for K_REF_LIST a comma-separated list of ids. invert sets
 * inv_key. Returns 0, or -1 with a message in err.
 */
int schema_to_json(const struct attr *a, const char *text, bool invert, json_t *obj,
                   struct strbuf *err);

/* Set the attribute's key(s) in obj to null (and inv_key to false). */
void schema_clear_json(const struct attr *a, json_t *obj);

/*
 * Format the attribute's value in obj the way it is typed on the command line (no
 * quoting: the caller quotes with lex_quote()). Returns false when the value is absent
 * or null (nothing printed). References are printed as the raw id(s): the caller
 * replaces them with handles.
 */
bool schema_format_value(const struct attr *a, const json_t *obj, struct strbuf *out);

/*
 * The JSON value of the attribute's key in obj (borrowed): in its sub object, and NULL
 * when absent or when obj's tag is another attribute's.
 */
json_t *schema_json_value(const struct attr *a, const json_t *obj);

/* The id (borrowed) of an object, or NULL for types without one. */
const char *schema_object_id(const struct type *t, const json_t *obj);
/* The object's name (borrowed), or NULL. */
const char *schema_object_name(const struct type *t, const json_t *obj);
/* The object's natural key as typed on the command line (caller's strbuf), or false. */
bool schema_object_key(const struct type *t, const json_t *obj, struct strbuf *out);
/*
 * The top-level JSON keys that printing an object of type t (or of one of its variants)
 * reads: as a line, as a table row, its handle (id, name, natural key, parent), its
 * variant. Added to keys (value 1). An object cut down to these keys prints the same.
 */
struct strmap;
void schema_line_keys(const struct type *t, struct strmap *keys);
/*
 * A natural key in the one form keys are compared in (and printed in handles): IPv6
 * addresses compressed ("fe80::1", whatever form the API wrote), MACs in lower case;
 * other keys as they are.
 */
void schema_key_form(const struct type *t, const char *text, struct strbuf *out);

#endif
