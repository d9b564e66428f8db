/* The runtime's transport against docbind mock: docbind_client with a TC3
 * sign callback gets the documented answer, reads the mock's error
 * envelopes as service errors, and retries what the mock marks as
 * throttling or unavailable (X-Docbind-Mock). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_client.h"
#include "docbind_mock.h"
#include "docbind_sign.h"

static docbind_mock *mock;
static docbind_sign_ctx *sign_ctx;

static void setup(void)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/huawei.json"};
    cr_assert_eq(docbind_global_init(NULL), 0);
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 2;
    opts.strict_signatures = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_mock_start(&opts, &mock, &err), 0, "%s", err.message ? err.message : "");
    sign_ctx = docbind_sign_ctx_new();
}

static void teardown(void)
{
    docbind_sign_ctx_free(sign_ctx);
    docbind_mock_stop(mock);
    docbind_global_cleanup();
}

TestSuite(mock_runtime, .init = setup, .fini = teardown, .timeout = 30);

/* Signs each attempt with TC3 and the mock's test credentials. */
static int sign_tc3(docbind_request *req, void *user, docbind_error *err)
{
    docbind_sign_ctx *ctx = user;
    docbind_pair *headers = calloc(req->header_count + 1, sizeof *headers);
    docbind_pair *query = calloc(req->query_count + 1, sizeof *query);
    for (size_t i = 0; i < req->header_count; i++)
        headers[i] = (docbind_pair){req->headers[i].name, req->headers[i].value};
    for (size_t i = 0; i < req->query_count; i++)
        query[i] = (docbind_pair){req->query[i].name, req->query[i].value};
    docbind_sign_input in;
    memset(&in, 0, sizeof in);
    in.algorithm = DOCBIND_SIGN_TC3_HMAC_SHA256;
    in.request = (docbind_http_request){req->method, req->scheme, req->host, req->path,
                                        query, req->query_count, headers, req->header_count,
                                        req->body, req->body_len};
    in.credentials.id = DOCBIND_MOCK_TENCENT_SECRET_ID;
    in.credentials.secret = DOCBIND_MOCK_TENCENT_SECRET_KEY;
    in.service = "ckafka";
    in.clock = docbind_sign_clock_system();
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    docbind_sign_error serr;
    int rc = docbind_sign(ctx, &in, &res, &serr);
    free(headers);
    free(query);
    if (rc) {
        docbind_sign_result_free(&res);
        return docbind_error_set(err, DOCBIND_ERROR_VALIDATION, "%s", serr.message);
    }
    for (size_t i = 0; i < res.header_count && rc == 0; i++) {
        const char *n, *v;
        docbind_sign_result_header(&res, i, &n, &v);
        rc = docbind_request_set_header(req, n, v, err);
    }
    docbind_sign_result_free(&res);
    return rc;
}

static docbind_client *tencent_client(int attempts)
{
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = docbind_mock_url(mock);
    cfg.proxy = "";
    cfg.envelope = DOCBIND_ENVELOPE_TENCENT;
    cfg.sign = sign_tc3;
    cfg.sign_user = sign_ctx;
    cfg.retry.max_attempts = attempts;
    cfg.retry.base_delay = 0.01;
    cfg.retry.max_delay = 0.02;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *c = docbind_client_new(&cfg, &err);
    cr_assert_not_null(c, "%s", err.message ? err.message : "");
    return c;
}

static void send_message(docbind_client *c, const char *body, const char *directive,
                         docbind_http_response *resp, docbind_error *err, int *rc)
{
    docbind_request req = DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_request_init(&req, "POST", "/", err), 0);
    docbind_request_set_header(&req, "Content-Type", "application/json", err);
    docbind_request_set_header(&req, "X-TC-Action", "SendMessage", err);
    docbind_request_set_header(&req, "X-TC-Version", "2019-08-19", err);
    if (directive)
        docbind_request_set_header(&req, "X-Docbind-Mock", directive, err);
    docbind_request_set_body(&req, body, strlen(body), err);
    docbind_request_set_action(&req, "SendMessage", err);
    *rc = docbind_client_send(c, &req, resp, err);
    docbind_request_free(&req);
}

static const char good[] = "{\"DataHubId\":\"datahub-1\",\"Message\":[{\"Body\":\"b\"}]}";

Test(mock_runtime, client_gets_the_documented_answer)
{
    docbind_client *c = tencent_client(1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc;
    send_message(c, good, NULL, &resp, &err, &rc);
    cr_assert_eq(rc, 0, "%s", err.message ? err.message : "");
    cr_assert_eq(resp.status, 200);
    cr_assert_str_eq(resp.request_id, "20e995ed-75b9-43bb-84c0-35676567e1a8");
    cr_assert_eq(docbind_mock_success_count(mock, "tencent.ckafka", "SendMessage"), 1);
    /* a second request on the kept-alive connection */
    send_message(c, good, NULL, &resp, &err, &rc);
    cr_assert_eq(rc, 0);
    docbind_http_response_free(&resp);
    docbind_error_clear(&err);
    docbind_client_free(c);
}

Test(mock_runtime, mock_errors_are_service_errors)
{
    docbind_client *c = tencent_client(1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc;
    send_message(c, "{\"DataHubId\":\"d\"}", NULL, &resp, &err, &rc);
    cr_assert_eq(rc, -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "MissingParameter");
    cr_assert_not_null(err.request_id);
    docbind_http_response_free(&resp);
    docbind_error_clear(&err);
    docbind_client_free(c);
}

Test(mock_runtime, throttling_and_unavailable_are_retried)
{
    docbind_client *c = tencent_client(3);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc;
    send_message(c, good, "error=RequestLimitExceeded", &resp, &err, &rc);
    cr_assert_eq(rc, -1);
    cr_assert_str_eq(err.code, "RequestLimitExceeded");
    cr_assert_eq(resp.attempts, 3);
    docbind_error_clear(&err);
    send_message(c, good, "status=503", &resp, &err, &rc);
    cr_assert_eq(rc, -1);
    cr_assert_eq(resp.status, 503);
    cr_assert_eq(resp.attempts, 3);
    docbind_error_clear(&err);
    /* a documented business error is not retried */
    send_message(c, good, "error=ResourceUnavailable.KafkaStorageError", &resp, &err, &rc);
    cr_assert_eq(rc, -1);
    cr_assert_str_eq(err.code, "ResourceUnavailable.KafkaStorageError");
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(docbind_mock_request_count(mock, "tencent.ckafka", "SendMessage"), 7);
    docbind_http_response_free(&resp);
    docbind_error_clear(&err);
    docbind_client_free(c);
}

Test(mock_runtime, huawei_envelope_through_the_client)
{
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = docbind_mock_url(mock);
    cfg.proxy = "";
    cfg.envelope = DOCBIND_ENVELOPE_HUAWEI;
    cfg.retry.max_attempts = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *c = docbind_client_new(&cfg, &err);
    cr_assert_not_null(c);
    docbind_request req = DOCBIND_REQUEST_INIT;
    docbind_request_init(&req, "POST", "/v2/p1/mqs/instances/i1/messages/action", &err);
    docbind_request_add_query(&req, "action_id", "resend", &err);
    docbind_request_set_header(&req, "Content-Type", "application/json", &err);
    docbind_request_set_header(&req, "X-Auth-Token", DOCBIND_MOCK_HUAWEI_TOKEN, &err);
    const char body[] = "{\"topic\":\"t\",\"partition\":\"zero\",\"message_offset\":4}";
    docbind_request_set_body(&req, body, strlen(body), &err);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    cr_assert_eq(docbind_client_send(c, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_eq(err.http_status, 400);
    cr_assert_str_eq(err.code, "InvalidParameter");
    cr_assert_not_null(strstr(err.message, "partition"), "%s", err.message);
    docbind_request_free(&req);
    docbind_http_response_free(&resp);
    docbind_error_clear(&err);
    docbind_client_free(c);
}
