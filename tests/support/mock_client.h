/* Requests to a docbind mock over libcurl for the test_mock_* suites:
 * signed with the runtime's signers (the documented test credentials
 * unless told otherwise), or raw for hostile input.
 *
 * Ownership: everything in an mc_request is borrowed for the call;
 * mc_send() fills an mc_response the caller releases with
 * mc_response_free(). */
#ifndef DOCBIND_TEST_MOCK_CLIENT_H
#define DOCBIND_TEST_MOCK_CLIENT_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "docbind_mock.h"
#include "docbind_sign.h"

typedef struct mc_request {
    docbind_sign_algorithm algorithm; /* 0: unsigned; path may then carry a raw ?query */
    const char *method;               /* "POST" when NULL */
    const char *path;                 /* "/" when NULL */
    const docbind_pair *query;        /* decoded; encoded by the signer */
    size_t query_count;
    const docbind_pair *headers;
    size_t header_count;
    const docbind_pair *params;       /* parameter algorithms (tc-v1, aliyun-rpc) */
    size_t param_count;
    const char *body;
    size_t body_len;                  /* 0: strlen(body) */
    const char *service;              /* tc3 credential scope ("ckafka" when NULL) */
    const char *project_id;           /* huawei */
    int64_t timestamp;                /* 0: now */
    const char *directive;            /* X-Docbind-Mock, added after signing */
    int tamper_body;                  /* change one body byte after signing */
    const char *id, *secret, *token;  /* NULL: the mock's test credentials */
    long timeout_ms;                  /* 0: 10000 */
} mc_request;

typedef struct mc_response {
    long status;     /* 0 when no response arrived */
    int curl_code;   /* CURLcode of the transfer */
    char *body;      /* NUL-terminated */
    size_t body_len;
    cJSON *json;     /* the body parsed, or NULL */
    char request_id_header[80];
    double seconds;  /* wall time of the transfer */
} mc_response;

/* Sends the request to base_url ("http://127.0.0.1:PORT"). Returns 0 when
 * the request could be built and sent (whatever the answer or transport
 * outcome, see curl_code), -1 when signing failed. */
int mc_send(const char *base_url, const mc_request *req, mc_response *out);
void mc_response_free(mc_response *r);

/* A string at a dotted path of the response JSON ("Response.Error.Code"),
 * or NULL. */
const char *mc_str(const mc_response *r, const char *path);
/* The error code of any vendor envelope (Tencent Response.Error.Code,
 * Tencent 2.0 codeDesc, Huawei error_code, Alibaba Code), or NULL. */
const char *mc_error_code(const mc_response *r);
/* The error message of any envelope, or NULL. */
const char *mc_error_message(const mc_response *r);

/* Options serving the generated IR of every service (Tencent CKafka,
 * Huawei, Alibaba), with strict signature checks or presence checks
 * only; everything else as docbind_mock_options_init() leaves it. */
void mc_mock_options(docbind_mock_options *opts, int strict);

/* Starts a mock, failing the current test with the start error. */
docbind_mock *mc_start_mock(const docbind_mock_options *opts);

#endif
