/* fixture_sign.h: a wire form (fixture_wire.h) -> the signed HTTP request
 * docbind's caller sends (runtime/docbind_call.c), signed with the
 * runtime's signer (runtime/docbind_sign.h) under fixed credentials,
 * timestamp and nonce.
 *
 * Assembly, as docs/signing.md and docs/transport.md describe it:
 *   - header algorithms (tc3, huawei): the wire's headers, Content-Type
 *     when there is a body, the query and body as encoded; the signer's
 *     headers (Authorization, Host, X-TC-Timestamp, X-Sdk-Date, ...) added,
 *     replacing any of the same name;
 *   - parameter algorithms (tc-v1, aliyun-rpc): every parameter (query and
 *     form body, plus Format=JSON for Alibaba) is signed; the signed
 *     parameters become the query (GET) or an
 *     application/x-www-form-urlencoded body (otherwise);
 *   - every request carries Host (the signer's, or the endpoint's).
 *
 * The signer lives in the runtime library; programs that use this module
 * link docbind_runtime after docbind_generator (the docbind command and the
 * tests do). Ownership: returned cJSON trees belong to the caller. */
#ifndef DOCBIND_FIXTURE_SIGN_H
#define DOCBIND_FIXTURE_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "fixture_model.h"
#include "fixture_wire.h"

typedef struct fx_sign_config {
    const char *algorithm;     /* docs/signing.md name: "tc3-hmac-sha256", ... */
    const char *scheme;        /* "https" */
    const char *host;          /* the endpoint, {region} filled */
    const char *region;        /* tc3: X-TC-Region; NULL: none */
    const char *scope_service; /* tc3 credential scope ("ckafka") */
    const char *id;
    const char *secret;
    int64_t timestamp;         /* Unix seconds */
    const char *nonce;
} fx_sign_config;

/* Signs `w` for service `m`. On success *request gets
 *   {"method", "url", "path", "query": [[n, v]...], "headers": [[n, v]...],
 *    "body": string or null}
 * and *signature every intermediate the signer gives
 *   {"algorithm", "canonical_request"?, "string_to_sign", "signature",
 *    "authorization"? , "signed_query"?}.
 * Returns 0, or -1 with a message in err[err_size]. */
int fx_sign_wire(const fx_model *m, const fx_sign_config *cfg, const fx_wire *w,
                 cJSON **request, cJSON **signature, char *err, size_t err_size);

#endif
