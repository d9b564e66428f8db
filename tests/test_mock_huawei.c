/* docbind mock, Huawei: DMS RocketMQ over SDK-HMAC-SHA256 on its REST path
 * with path parameters, ROMA Connect MQS with an IAM token; the Huawei
 * error envelope with HTTP statuses. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "docbind_mock.h"
#include "mock_client.h"

static docbind_mock *mock;

static void setup(void)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/huawei.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json"};
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 2;
    opts.strict_signatures = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_mock_start(&opts, &mock, &err), 0, "%s", err.message ? err.message : "");
}

static void teardown(void)
{
    docbind_mock_stop(mock);
}

TestSuite(mock_huawei, .init = setup, .fini = teardown, .timeout = 30);

static const char rocketmq_path[] = "/v2/reliability/proj-1/instances/inst-1/messages";
static const char rocketmq_body[] =
    "{\"topic\":\"topic-a\",\"body\":\"hello\",\"property_list\":[{\"name\":\"KEYS\",\"value\":\"k\"}]}";

static void rocketmq(const char *path, const char *method, const char *body, int tamper,
                     const char *secret, int64_t timestamp, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"}};
    mc_request req = {.algorithm = DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256,
                      .method = method,
                      .path = path,
                      .headers = headers,
                      .header_count = 1,
                      .body = body,
                      .project_id = "proj-1",
                      .tamper_body = tamper,
                      .secret = secret,
                      .timestamp = timestamp};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
    cr_assert_eq(r->curl_code, 0);
}

Test(mock_huawei, rocketmq_send_message_with_aksk)
{
    mc_response r;
    rocketmq(rocketmq_path, "POST", rocketmq_body, 0, NULL, 0, &r);
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    cr_assert_str_eq(mc_str(&r, "msg_id"), "644F0E2A315323EAB33D8F4733110009");
    cr_assert_str_eq(mc_str(&r, "broker_name"), "broker-0");
    cr_assert_neq(r.request_id_header[0], '\0');
    cr_assert_eq(docbind_mock_success_count(mock, "huawei.rocketmq", "SendMessage"), 1);
    mc_response_free(&r);
}

Test(mock_huawei, rocketmq_signature_failures_are_401)
{
    mc_response r;
    rocketmq(rocketmq_path, "POST", rocketmq_body, 1, NULL, 0, &r);
    cr_assert_eq(r.status, 401);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0301");
    mc_response_free(&r);
    rocketmq(rocketmq_path, "POST", rocketmq_body, 0, "wrong-sk", 0, &r);
    cr_assert_eq(r.status, 401);
    mc_response_free(&r);
    rocketmq(rocketmq_path, "POST", rocketmq_body, 0, NULL, (int64_t)time(NULL) - 7200, &r);
    cr_assert_eq(r.status, 401);
    cr_assert_not_null(strstr(mc_error_message(&r), "X-Sdk-Date"));
    mc_response_free(&r);
}

Test(mock_huawei, rocketmq_types_and_unknown_paths)
{
    mc_response r;
    rocketmq(rocketmq_path, "POST", "{\"topic\":5}", 0, NULL, 0, &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "InvalidParameter");
    cr_assert_not_null(strstr(mc_error_message(&r), "topic"));
    mc_response_free(&r);
    rocketmq(rocketmq_path, "POST", "[1,2]", 0, NULL, 0, &r);
    cr_assert_eq(r.status, 400);
    mc_response_free(&r);
    rocketmq("/v2/reliability/proj-1/instances/inst-1/nothing", "POST", "{}", 0, NULL, 0, &r);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0101");
    mc_response_free(&r);
    rocketmq(rocketmq_path, "DELETE", NULL, 0, NULL, 0, &r); /* the path exists, not the method */
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0101");
    mc_response_free(&r);
}

static void roma(const char *token, const char *body, const char *action_id, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"}};
    docbind_pair query[] = {{"action_id", action_id}};
    mc_request req = {.algorithm = DOCBIND_SIGN_HUAWEI_IAM_TOKEN,
                      .path = "/v2/proj-1/mqs/instances/inst-1/messages/action",
                      .headers = headers,
                      .header_count = 1,
                      .query = query,
                      .query_count = action_id ? 1 : 0,
                      .body = body,
                      .project_id = "proj-1",
                      .token = token};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
    cr_assert_eq(r->curl_code, 0);
}

static const char roma_body[] =
    "{\"topic\":\"topic-test\",\"partition\":0,\"message_offset\":4,\"consumer_key\":\"keyA\"}";

Test(mock_huawei, roma_resend_message_with_token)
{
    mc_response r;
    roma(NULL, roma_body, "resend", &r);
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    cr_assert_str_eq(mc_str(&r, "topic"), "topic-test");
    cr_assert_eq(docbind_mock_success_count(mock, "huawei.roma-mqs", "ResendMessage"), 1);
    mc_response_free(&r);

    roma("MIIsomeothertoken", roma_body, "resend", &r);
    cr_assert_eq(r.status, 401);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0301");
    mc_response_free(&r);

    roma(NULL, "{\"topic\":\"t\",\"message_offset\":4}", "resend", &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "MissingParameter");
    cr_assert_not_null(strstr(mc_error_message(&r), "partition"));
    mc_response_free(&r);

    roma(NULL, roma_body, NULL, &r); /* action_id (query, required) missing */
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "MissingParameter");
    cr_assert_not_null(strstr(mc_error_message(&r), "action_id"));
    mc_response_free(&r);
}

Test(mock_huawei, roma_accepts_aksk_in_place_of_the_token_header)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"}};
    docbind_pair query[] = {{"action_id", "resend"}};
    mc_request req = {.algorithm = DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256,
                      .path = "/v2/proj-1/mqs/instances/inst-1/messages/action",
                      .headers = headers,
                      .header_count = 1,
                      .query = query,
                      .query_count = 1,
                      .body = roma_body,
                      .project_id = "proj-1"};
    mc_response r;
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, &r), 0);
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    mc_response_free(&r);
}

Test(mock_huawei, no_credentials_at_all)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"}};
    mc_request req = {.path = rocketmq_path, .headers = headers, .header_count = 1,
                      .body = rocketmq_body};
    mc_response r;
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, &r), 0);
    cr_assert_eq(r.status, 401);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0301");
    mc_response_free(&r);
}
