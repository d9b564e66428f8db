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
 * docbind_codec_free). A caller is for one thread at a time.
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
     * only an IAM token; Alibaba: aliyun-rpc-hmac-sha1). */
    docbind_sign_algorithm algorithm;
    const docbind_cloud_credentials *credentials; /* required; copied */
    const char *region;  /* Tencent X-TC-Region; fills {region} in endpoints */
    int max_attempts;    /* 0: the transport's default retry policy */
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

#endif
