/* docbind_call.h: one call of a generated action, end to end.
 *
 * A docbind_caller ties a service (its generated docbind_service_desc), an
 * endpoint, a signing algorithm and credentials to a docbind_client.
 * docbind_caller_call() then validates and encodes a request with the codec,
 * turns the docbind_wire into a docbind_request, signs every attempt afresh,
 * sends it with docbind_client_send() and parses the answer into the
 * generated response struct; the vendor's error envelope becomes a
 * DOCBIND_ERROR_SERVICE error (service_code: index in the service's error
 * table, -1 when undocumented).
 *
 * Ownership: docbind_caller_new() copies the credentials and strings it is
 * given; docbind_caller_free() wipes and frees them. The request is borrowed
 * for the call; a filled response owns its memory (*_response_free or
 * docbind_codec_free).
 *
 * Threads: a caller may be shared by any number of threads once created
 * (after docbind_global_init()): everything about one call lives in that
 * call's request and response, the client underneath is thread-safe, and
 * signing contexts come from a mutex-guarded pool. docbind_caller_free()
 * must not race with calls.
 */
#ifndef DOCBIND_CALL_H
#define DOCBIND_CALL_H

#include "docbind_client.h"
#include "docbind_codec.h"
#include "docbind_credentials.h"
#include "docbind_error.h"
#include "docbind_sign.h"

typedef struct docbind_caller_config {
    const docbind_service_desc *service; /* required */
    /* "https://host[:port]"; NULL: https://<service->endpoint>, with
     * {region} filled from `region`. */
    const char *base_url;
    /* 0: the service's default (Tencent API 3.0: tc3-hmac-sha256; Huawei:
     * huawei-sdk-hmac-sha256, or huawei-iam-token when the credentials hold
     * only an IAM token; Alibaba: aliyun-rpc-hmac-sha1). Others a service
     * takes: tc-v1-hmac-sha1/sha256 (API 3.0 then sends the form encoding),
     * aliyun-acs3-hmac-sha256 (Action and Version go in the x-acs-action
     * and x-acs-version headers, the parameters stay where the codec puts
     * them). */
    docbind_sign_algorithm algorithm;
    const docbind_cloud_credentials *credentials; /* required; copied */
    const char *region;  /* Tencent X-TC-Region; fills {region} in endpoints */
    /* 0 (default): a call is refused (validation, "Region" / "region",
     * nothing sent) when the action's page lists the regions it is offered
     * in and `region` is not one of them. 1: send anyway, for a region the
     * page has not caught up with. */
    int any_region;
    int max_attempts;    /* 0: the transport's default retry policy */
    /* The client's rate limiter starts with every rate the service
     * documents (rate_limit_per_second); adjust or disable it through
     * docbind_client_rate_limiter(docbind_caller_client(caller)). */
} docbind_caller_config;

typedef struct docbind_caller docbind_caller;

/* NULL with *err filled on a bad config or when the client cannot start. */
docbind_caller *docbind_caller_new(const docbind_caller_config *config, docbind_error *err);
void docbind_caller_free(docbind_caller *caller); /* NULL is fine */

/* The transport underneath (stats, rate limits). */
docbind_client *docbind_caller_client(docbind_caller *caller);

/* Sends `request` (the action's request struct) and fills `response` (its
 * all-zero response struct). A validation failure returns before anything
 * is sent. Returns 0, or -1 with *err filled; `response` is then all-zero. */
int docbind_caller_call(docbind_caller *caller, const docbind_action_desc *action,
                        const void *request, void *response, docbind_error *err);

/* docbind_caller_call() that also hands back the final HTTP response
 * (status, headers, body exactly as received) in *http, which must be
 * DOCBIND_HTTP_RESPONSE_INIT or an earlier response (freed first); the
 * caller frees it with docbind_http_response_free(). It is filled whenever
 * an answer arrived, success or not. */
int docbind_caller_call_http(docbind_caller *caller, const docbind_action_desc *action,
                             const void *request, void *response, docbind_http_response *http,
                             docbind_error *err);

/* Builds the request docbind_caller_call() would send for `request`,
 * validated, encoded and signed exactly as it would go on the wire, without
 * sending it: *out gets the method, decoded path and query (in wire order),
 * every header the call sets (Host, Content-Type, the signature headers;
 * not the transport's own User-Agent, Accept and Content-Length) and the
 * body. `clock` supplies the timestamp and nonce (NULL: the system clock),
 * so fixed values reproduce a signature. *out must be DOCBIND_REQUEST_INIT
 * or a request to reuse; the caller frees it with docbind_request_free().
 * Returns 0, or -1 with *err filled (a validation error names the parameter
 * path and the rule) and *out freed. */
int docbind_caller_prepare(docbind_caller *caller, const docbind_action_desc *action,
                           const void *request, const docbind_sign_clock *clock,
                           docbind_request *out, docbind_error *err);

/* The scheme and authority requests go to: "https://ckafka.tencentcloudapi.com",
 * or the base_url given. Lives as long as the caller. */
const char *docbind_caller_base_url(const docbind_caller *caller);

#endif
