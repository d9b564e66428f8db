/* fixture_wire.h: a request (JSON keyed by wire names) -> the wire form
 * docbind's codec gives it (docs/codegen.md, "Wire forms"), from the IR
 * alone, and -> the signed HTTP request docbind's caller sends.
 *
 * This is a second implementation of runtime/docbind_codec_wire.c and of
 * the request assembly in runtime/docbind_call.c, written from the
 * documents: tests/test_fixtures.c compares the two on every fixture.
 *
 *   rpc-json   POST, X-TC-Action / X-TC-Version headers, body members as a
 *              JSON object in IR member order
 *   rpc-query  Action (and Version, not for Tencent API 2.0) then every
 *              member flattened ("Message.0.Body", arrays from the
 *              service's base): the query for GET, a form body otherwise
 *   rest-json  {name} path segments, query members (arrays repeat the
 *              name), header members (arrays joined by ","), body members
 *              as JSON
 * Numbers are written as the codec writes them: integers in full, other
 * values as %.15g, or %.17g when %.15g does not read back the same.
 *
 * Nothing is validated here (fixture_values.h does that), so invalid
 * requests can be given a wire form too. Values are written by their JSON
 * type; a member's kind only decides integer formatting.
 *
 * Ownership: an fx_wire owns its strings; fx_wire_free releases them. */
#ifndef DOCBIND_FIXTURE_WIRE_H
#define DOCBIND_FIXTURE_WIRE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "fixture_model.h"

typedef struct fx_pair {
    char *name;
    char *value;
} fx_pair;

typedef struct fx_pairs {
    fx_pair *items;
    size_t n, cap;
} fx_pairs;

typedef struct fx_wire {
    const char *method; /* the action's */
    char *path;         /* decoded, placeholders filled */
    fx_pairs query;
    fx_pairs headers;
    char *body;         /* NULL: no body */
    fx_pairs form;      /* a form body's pairs, decoded */
    const char *content_type;
} fx_wire;

/* Builds the wire form of `params` for action `a`. Returns 0, or -1 with a
 * message in err[err_size] (a path parameter without a single-segment
 * value, a header value with CR or LF). */
int fx_wire_encode(const fx_model *m, const fx_action *a, const cJSON *params, fx_wire *out,
                   char *err, size_t err_size);
void fx_wire_free(fx_wire *w);

int fx_pairs_add(fx_pairs *p, const char *name, const char *value);
void fx_pairs_free(fx_pairs *p);

/* The codec's number text: integral values below 1e15 in full, else %.15g
 * (or %.17g when that does not read back). buf holds 40 bytes. */
void fx_format_number(char *buf, double v, int integer);

#endif
