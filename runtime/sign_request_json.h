/* The JSON form of signing requests and results, shared by `docbind sign`
 * and the tests. See docs/signing.md for the format.
 *
 * Ownership: a docbind_sign_json_request borrows the strings of the cJSON
 * object it was read from (keep that alive while using it) and owns its
 * arrays, released by docbind_sign_json_request_free(). Returned cJSON
 * trees and strings are the caller's (cJSON_Delete / free). */
#ifndef DOCBIND_SIGN_REQUEST_JSON_H
#define DOCBIND_SIGN_REQUEST_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "docbind_sign.h"

typedef struct docbind_sign_json_request {
    docbind_sign_input input;  /* ready for docbind_sign() */
    /* owned storage behind input's arrays */
    docbind_pair *pairs;
    const char **names;
    unsigned char *body;
} docbind_sign_json_request;

/* Reads one request object. `where` prefixes error messages ("request" or
 * "request[2]"), so they read "request[2].credentials.secret: missing".
 * Call docbind_sign_json_request_free() afterwards, on failure too.
 * The credentials are checked for presence here; no message ever quotes
 * a credential value. */
int docbind_sign_request_from_json(const cJSON *obj, const char *where,
                                   docbind_sign_json_request *req, docbind_sign_error *err);
void docbind_sign_json_request_free(docbind_sign_json_request *req);

/* The output object for one result: algorithm, canonical_request (where
 * the algorithm has one), string_to_sign, signature, authorization or
 * signed_query, headers ([[name, value], ...]) and url. NULL when out of
 * memory. */
cJSON *docbind_sign_result_to_json(const docbind_sign_result *res);

/* What `docbind sign` does: parses `text` (one request object or an array
 * of them), signs each with one workspace, and returns the results as
 * formatted JSON (an object or an array to match) in *out, malloc'd.
 * Credential strings in the parsed tree are wiped before it is freed. */
int docbind_sign_json(const char *text, size_t len, char **out, docbind_sign_error *err);

#endif
