/* docbind_call end to end: generated request structs through codec, signer
 * and transport to an in-process docbind mock in strict-signature mode, and
 * the documented example answers parsed back into the response structs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_call.h"
#include "docbind_mock.h"
#include "huawei_rocketmq/rocketmq.h"
#include "huawei_roma_mqs/roma_mqs.h"
#include "tencent_ckafka/ckafka.h"

static docbind_mock *mock;

static void setup(void)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/huawei.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/aliyun.json"};
    cr_assert_eq(docbind_global_init(NULL), 0);
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
    docbind_global_cleanup();
}

TestSuite(call_e2e, .init = setup, .fini = teardown, .timeout = 60);

static docbind_caller *caller(const docbind_service_desc *svc, const char *id, const char *secret,
                              const char *iam_token)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    if (iam_token)
        cr_assert_eq(docbind_cloud_credentials_set_iam_token(&creds, iam_token, NULL, &err), 0);
    else
        cr_assert_eq(docbind_cloud_credentials_set(&creds, id, secret, NULL, &err), 0);
    docbind_caller_config cfg = {.service = svc,
                                 .base_url = docbind_mock_url(mock),
                                 .credentials = &creds,
                                 .max_attempts = 1};
    docbind_caller *c = docbind_caller_new(&cfg, &err);
    cr_assert_not_null(c, "%s", err.message ? err.message : "");
    docbind_cloud_credentials_free(&creds);
    return c;
}

static const char *msg(const docbind_error *err)
{
    static char buf[512];
    docbind_error_format(err, buf, sizeof buf);
    return buf;
}

Test(call_e2e, tencent_ckafka_send_message_batch)
{
    docbind_caller *c = caller(&ckafka_service, DOCBIND_MOCK_TENCENT_SECRET_ID,
                               DOCBIND_MOCK_TENCENT_SECRET_KEY, NULL);
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "vvvvsdgsgshhh", .key = "key1"},
                                              {.body = "vvvhhhhhhvsdgsgshhh", .key = "key2"});
    ckafka_send_message_request req =
        ckafka_send_message_request_make("datahub-meuh9nhn", messages, DOCBIND_COUNT_OF(messages));
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &ckafka_send_message_action, &req, &resp, &err), 0, "%s",
                 msg(&err));
    cr_assert_eq(resp.message_id_count, 2);
    cr_assert_str_eq(resp.message_id[0], "646174616875622d6d657568396e686e3a6465736372696265436c6f75644170693a343a3236313838");
    cr_assert_str_eq(resp.request_id, "20e995ed-75b9-43bb-84c0-35676567e1a8");
    ckafka_send_message_response_free(&resp);
    cr_assert_eq(docbind_mock_success_count(mock, "tencent.ckafka", "SendMessage"), 1);
    docbind_caller_free(c);
}

Test(call_e2e, tencent_validation_never_reaches_the_wire)
{
    docbind_caller *c = caller(&ckafka_service, DOCBIND_MOCK_TENCENT_SECRET_ID,
                               DOCBIND_MOCK_TENCENT_SECRET_KEY, NULL);
    static ckafka_batch_content many[501];
    for (size_t i = 0; i < 501; i++)
        many[i] = ckafka_batch_content_make("b");
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", many, 501);
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &ckafka_send_message_action, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION, "%s", msg(&err));
    cr_assert_str_eq(err.rule, "max_items");
    cr_assert_eq(docbind_mock_request_count(mock, NULL, "SendMessage"), 0);
    cr_assert_eq(docbind_mock_total_requests(mock), 0);
    docbind_error_clear(&err);
    docbind_caller_free(c);
}

Test(call_e2e, tencent_wrong_secret_is_a_service_error)
{
    docbind_caller *c = caller(&ckafka_service, DOCBIND_MOCK_TENCENT_SECRET_ID, "wrong-secret", NULL);
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "b"});
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 1);
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &ckafka_send_message_action, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE, "%s", msg(&err));
    cr_assert_str_eq(err.code, "AuthFailure.SignatureFailure");
    cr_assert_eq(err.http_status, 200);
    cr_assert_not_null(err.request_id);
    cr_assert_null(strstr(msg(&err), "wrong-secret"));
    cr_assert_null(resp.message_id);
    docbind_error_clear(&err);
    docbind_caller_free(c);
}

Test(call_e2e, huawei_rocketmq_send_message)
{
    docbind_caller *c = caller(&rocketmq_service, DOCBIND_MOCK_HUAWEI_AK, DOCBIND_MOCK_HUAWEI_SK, NULL);
    rocketmq_send_message_request req = ROCKETMQ_SEND_MESSAGE_REQUEST_INIT;
    req.engine = "reliability";
    req.project_id = "p1";
    req.instance_id = "i1";
    req.topic = "aaaaaaaaaaaa";
    req.body = "test";
    rocketmq_send_message_response resp = ROCKETMQ_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &rocketmq_send_message_action, &req, &resp, &err), 0, "%s",
                 msg(&err));
    cr_assert_str_eq(resp.msg_id, "644F0E2A315323EAB33D8F4733110009");
    cr_assert_str_eq(resp.topic, "aaaaaaaaaaaa");
    cr_assert(resp.has_queue_id);
    rocketmq_send_message_response_free(&resp);
    docbind_caller_free(c);
}

Test(call_e2e, huawei_wrong_secret_is_a_service_error)
{
    docbind_caller *c = caller(&rocketmq_service, DOCBIND_MOCK_HUAWEI_AK, "wrong-secret", NULL);
    rocketmq_send_message_request req = ROCKETMQ_SEND_MESSAGE_REQUEST_INIT;
    req.engine = "reliability";
    req.project_id = "p1";
    req.instance_id = "i1";
    req.topic = "t";
    req.body = "b";
    rocketmq_send_message_response resp = ROCKETMQ_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &rocketmq_send_message_action, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE, "%s", msg(&err));
    cr_assert_eq(err.http_status, 401, "%s", msg(&err));
    cr_assert_str_eq(err.code, "APIGW.0301");
    cr_assert_eq(err.service_code, -1); /* a gateway code the page does not list */
    docbind_error_clear(&err);
    docbind_caller_free(c);
}

Test(call_e2e, huawei_roma_resend_message_with_iam_token)
{
    docbind_caller *c = caller(&roma_mqs_service, NULL, NULL, DOCBIND_MOCK_HUAWEI_TOKEN);
    roma_mqs_resend_message_request req = ROMA_MQS_RESEND_MESSAGE_REQUEST_INIT;
    req.project_id = "p1";
    req.instance_id = "i1";
    req.action_id = ROMA_MQS_RESEND_MESSAGE_REQUEST_ACTION_ID_RESEND;
    req.x_auth_token = DOCBIND_MOCK_HUAWEI_TOKEN;
    req.topic = "topic-test";
    req.partition = 0;
    req.message_offset = 4;
    req.consumer_key = "keyA";
    roma_mqs_resend_message_response resp = ROMA_MQS_RESEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &roma_mqs_resend_message_action, &req, &resp, &err), 0,
                 "%s", msg(&err));
    cr_assert_str_eq(resp.topic, "topic-test");
    cr_assert(resp.has_message_offset);
    cr_assert_eq(resp.message_offset, 4);
    cr_assert_str_eq(resp.consumer_key, "keyA");
    roma_mqs_resend_message_response_free(&resp);
    docbind_caller_free(c);
}

Test(call_e2e, aliyun_mqtt_send_message)
{
    docbind_caller *c = caller(&onsmqtt_service, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID,
                               DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET, NULL);
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &onsmqtt_send_message_action, &req, &resp, &err), 0, "%s",
                 msg(&err));
    cr_assert_str_eq(resp.msg_id, "0B736D997B7F45FF54E61C1C1B58****");
    cr_assert_str_eq(resp.request_id, "020F6A43-19E6-4B6E-B846-44EB31DF****");
    onsmqtt_send_message_response_free(&resp);
    docbind_caller_free(c);
}

Test(call_e2e, aliyun_wrong_secret_is_a_service_error)
{
    docbind_caller *c = caller(&onsmqtt_service, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID, "wrong-secret", NULL);
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &onsmqtt_send_message_action, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE, "%s", msg(&err));
    cr_assert_str_eq(err.code, "SignatureDoesNotMatch");
    cr_assert_eq(err.http_status, 400);
    docbind_error_clear(&err);
    docbind_caller_free(c);
}
