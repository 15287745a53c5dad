/*
 * body: a request body read the way the 1.9 API's Jackson 1.9.3 object mapper reads it,
 * from one table of every writable field of every resource (body.c).
 *
 * The 1.9 API deserializes bodies with org.codehaus.jackson 1.9.3 (build.gradle), through
 * a mapper (ObjectMapperProvider, README "Request bodies") whose ObjectMapper sets
 * FAIL_ON_UNKNOWN_PROPERTIES to false, sees fields of any visibility and @Since versions,
 * and leaves everything else at Jackson's defaults. body_read() does what that mapper does
 * to a JSON object before a handler sees it, so handlers read canonical values:
 *
 *   - int, short, byte, long fields (and their boxed types): a JSON integer; a JSON real,
 *     truncated; a string holding a decimal number (trimmed; "" is 0, or null when boxed).
 *     A string that does not parse, or out of the Java type's range, is 400 (a
 *     JsonMappingException); an integer or real literal outside the type's range is a
 *     JsonParseException (JsonParser.getIntValue, getShortValue, ...), which only the
 *     catch-all mapper handles: 500. A boolean, an object or an array is 400.
 *   - boolean fields: true, false, an integer (non-zero is true), the strings "true",
 *     "false" and "" (false; null for a Boolean); anything else is 400.
 *   - String fields: a string, or the text of a number or a boolean; an object or an
 *     array is 400.
 *   - UUID fields: a string Java 7/8's UUID.fromString accepts (split on '-', trailing
 *     empty groups dropped, five groups each Long.decode'd and OR'ed into place), trimmed,
 *     normalized here; "" is null; anything else is 400.
 *   - enum fields: a constant's exact name, or a JSON integer as its ordinal; anything
 *     else is 400, but for @JsonError fields (Route.type, fragmentPolicy), whose handlers
 *     give MidonetObjectMapper's own message.
 *   - List and array fields: a JSON array, each element read as its type; a single value
 *     is 400 (ACCEPT_SINGLE_VALUE_AS_ARRAY is off).
 *   - null: a primitive's default (0, false); null otherwise.
 *   - Properties the class does not have (or has from a later media-type version only,
 *     @Since) are dropped, as Jackson ignores them.
 *   - A subtype not assignable to a resource's parameter (a router or Vxlan port posted to
 *     a bridge) is 500; one Jackson cannot make where it is (a Vxlan port PUT: no default
 *     constructor) is 400.
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
