/* docbind mock, Alibaba ApsaraMQ for MQTT: SendMessage with the RPC
 * signature (query and form) and with ACS3; the Alibaba envelope. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "docbind_mock.h"
#include "mock_client.h"

static docbind_mock *mock;

static void setup(void)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/aliyun.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/huawei.json"};
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 3;
    opts.strict_signatures = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_mock_start(&opts, &mock, &err), 0, "%s", err.message ? err.message : "");
}

static void teardown(void)
{
    docbind_mock_stop(mock);
}

TestSuite(mock_aliyun, .init = setup, .fini = teardown, .timeout = 30);

static void rpc(const char *method, const char *action, const char *payload, const char *secret,
                int64_t timestamp, mc_response *r)
{
    docbind_pair params[] = {{"Action", action},
                             {"Version", "2020-04-20"},
                             {"Format", "JSON"},
                             {"RegionId", "cn-hangzhou"},
                             {"MqttTopic", "TopicA"},
                             {"InstanceId", "post-cn-0pp12gl"},
                             {"Payload", payload}};
    mc_request req = {.algorithm = DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1,
                      .method = method,
                      .params = params,
                      .param_count = payload ? 7 : 6,
                      .secret = secret,
                      .timestamp = timestamp};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
    cr_assert_eq(r->curl_code, 0);
}

Test(mock_aliyun, rpc_signature_in_the_query)
{
    mc_response r;
    rpc("GET", "SendMessage", "dGVzdA==", NULL, 0, &r);
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    cr_assert_str_eq(mc_str(&r, "MsgId"), "0B736D997B7F45FF54E61C1C1B58****");
    cr_assert_str_eq(mc_str(&r, "RequestId"), "020F6A43-19E6-4B6E-B846-44EB31DF****");
    mc_response_free(&r);
    rpc("POST", "SendMessage", "dGVzdA==", NULL, 0, &r); /* the form body */
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    mc_response_free(&r);
    cr_assert_eq(docbind_mock_success_count(mock, "aliyun.onsmqtt", "SendMessage"), 2);
}

Test(mock_aliyun, rpc_failures)
{
    mc_response r;
    rpc("GET", "SendMessage", "dGVzdA==", "wrong-secret", 0, &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "SignatureDoesNotMatch");
    cr_assert_not_null(mc_str(&r, "RequestId"));
    mc_response_free(&r);
    rpc("GET", "SendMessage", "dGVzdA==", NULL, (int64_t)time(NULL) - 86400, &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "InvalidTimeStamp.Expired");
    mc_response_free(&r);
    rpc("GET", "SendMessage", NULL, NULL, 0, &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "MissingParameter");
    cr_assert_not_null(strstr(mc_error_message(&r), "Payload"));
    mc_response_free(&r);
    rpc("GET", "NoSuchAction", "x", NULL, 0, &r);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(mc_error_code(&r), "InvalidAction.NotFound");
    mc_response_free(&r);
}

static void acs3(const char *id, int tamper, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"x-acs-action", "SendMessage"},
                              {"x-acs-version", "2020-04-20"}};
    docbind_pair query[] = {{"InstanceId", "post-cn-0pp12gl"},
                            {"MqttTopic", "TopicA"},
                            {"Payload", "dGVzdA=="}};
    mc_request req = {.algorithm = DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256,
                      .headers = headers,
                      .header_count = 3,
                      .query = query,
                      .query_count = 3,
                      .body = tamper ? "ab" : NULL,
                      .tamper_body = tamper,
                      .id = id};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
    cr_assert_eq(r->curl_code, 0);
}

Test(mock_aliyun, acs3_signature)
{
    mc_response r;
    acs3(NULL, 0, &r);
    cr_assert_eq(r.status, 200, "%ld %s", r.status, r.body);
    cr_assert_str_eq(mc_str(&r, "MsgId"), "0B736D997B7F45FF54E61C1C1B58****");
    mc_response_free(&r);
    acs3(NULL, 1, &r);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(mc_error_code(&r), "SignatureDoesNotMatch");
    mc_response_free(&r);
    acs3("LTAIsomeoneelse", 0, &r);
    cr_assert_eq(r.status, 404);
    cr_assert_str_eq(mc_error_code(&r), "InvalidAccessKeyId.NotFound");
    mc_response_free(&r);
}
