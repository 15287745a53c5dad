/*
 * body: a request body read the way the 1.9 API's Jackson 1.9.3 object mapper reads it,
 * from one table of every writable field of every resource (body.c).
 *
 * The 1.9 API deserializes bodies with org.codehaus.jackson 1.9.3 (build.gradle), through
 * a JacksonJaxbJsonProvider whose ObjectMapper sets FAIL_ON_UNKNOWN_PROPERTIES to false and
 * leaves everything else at Jackson's defaults. body_read() does what that mapper does to
 * a JSON object before a handler sees it, so handlers read canonical values:
 *
 *   - int, short, byte, long fields (and their boxed types): a JSON integer; a JSON real,
 *     truncated; a string holding a decimal number (trimmed; "" is 0, or null when boxed).
 *     A string that does not parse, or out of the Java type's range, is 400 (a
 *     JsonMappingException); an integer or real literal outside int's (long's) range is a
 *     JsonParseException, which only the catch-all mapper handles: 500. A short or byte
 *     outside its range is 400. A boolean, an object or an array is 400.
 *   - boolean fields: true, false, an integer (non-zero is true), the strings "true",
 *     "false" and "" (false); anything else is 400.
 *   - String fields: a string, or the text of a number or a boolean; an object or an
 *     array is 400.
 *   - UUID fields: a string UUID.fromString accepts (five '-'-separated hex groups, each
 *     one up to 16 digits, trimmed), normalized here; "" is null; anything else is 400.
 *   - List and array fields: a JSON array, each element read as its type; a single value
 *     is 400 (ACCEPT_SINGLE_VALUE_AS_ARRAY is off).
 *   - null: a primitive's default (0, false); null otherwise.
 *   - Properties the class does not have (or has from a later media-type version only,
 *     @Since) are dropped, as Jackson ignores them.
 *
 * Enum-typed fields are left to the handlers, which give each resource's own message.
 */
#ifndef SIM_BODY_H
#define SIM_BODY_H

#include <stdio.h>

#include "tests/sim/req.h"

/*
 * Read r->in for the route (method, pattern) in place. 0 when the body is fine (or the
 * route has no body class); otherwise the reply (400 or 500) has been set and -1 returned.
 */
int body_read(struct req *r, const char *method, const char *pattern);

/* Print the field table: as TSV (one header line) or, markdown true, as markdown. */
void body_print_table(FILE *out, bool markdown);

/* Print every 1.9 POST and PUT route with the class its body is read as ("-": none). */
void body_print_routes(FILE *out);

#endif
