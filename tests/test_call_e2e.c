/* docbind_call end to end: generated request structs through codec, signer
 * and transport to an in-process docbind mock in strict-signature mode, and
 * the documented example answers parsed back into the response structs. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_call.h"
#include "docbind_mock.h"
#include "mock_client.h"
#include "huawei_rocketmq/rocketmq.h"
#include "huawei_roma_mqs/roma_mqs.h"
#include "tencent_ckafka/ckafka.h"

static docbind_mock *mock;

static void setup(void)
{
    cr_assert_eq(docbind_global_init(NULL), 0);
    docbind_mock_options opts;
    mc_mock_options(&opts, 1);
    mock = mc_start_mock(&opts);
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
    cr_assert_eq(ckafka_send_message(c, &req, &resp, &err), 0, "%s", msg(&err));
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

static docbind_caller *caller_in(const char *region, int any_region)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_set(&creds, DOCBIND_MOCK_TENCENT_SECRET_ID,
                                               DOCBIND_MOCK_TENCENT_SECRET_KEY, NULL, &err),
                 0);
    docbind_caller_config cfg = {.service = &ckafka_service,
                                 .base_url = docbind_mock_url(mock),
                                 .credentials = &creds,
                                 .region = region,
                                 .any_region = any_region,
                                 .max_attempts = 1};
    docbind_caller *c = docbind_caller_new(&cfg, &err);
    cr_assert_not_null(c, "%s", err.message ? err.message : "");
    docbind_cloud_credentials_free(&creds);
    return c;
}

Test(call_e2e, tencent_region_the_page_does_not_list_is_refused_before_sending)
{
    /* The SendMessage page: "本接口取值：ap-beijing, ap-chengdu, ...,
     * na-siliconvalley"; eu-frankfurt is not among them. */
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "b"});
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 1);
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_caller *c = caller_in("eu-frankfurt", 0);
    cr_assert_eq(ckafka_send_message(c, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION, "%s", msg(&err));
    cr_assert_str_eq(err.rule, "region");
    cr_assert_str_eq(err.param_path, "Region");
    cr_assert_not_null(strstr(err.message, "ap-beijing"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "eu-frankfurt"), "%s", err.message);
    docbind_request prepared = DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_caller_prepare(c, &ckafka_send_message_action, &req, NULL, &prepared,
                                        &err),
                 -1, "prepare refuses too");
    cr_assert_null(prepared.method);
    /* an action whose page does not restrict regions goes out */
    ckafka_describe_instances_request di = CKAFKA_DESCRIBE_INSTANCES_REQUEST_INIT;
    ckafka_describe_instances_response dr = CKAFKA_DESCRIBE_INSTANCES_RESPONSE_INIT;
    cr_assert_eq(ckafka_describe_instances(c, &di, &dr, &err), 0, "%s", msg(&err));
    ckafka_describe_instances_response_free(&dr);
    cr_assert_eq(docbind_mock_request_count(mock, NULL, "SendMessage"), 0);
    docbind_caller_free(c);

    /* a listed region, and an unlisted one when asked to send anyway */
    const char *regions[] = {"na-siliconvalley", "eu-frankfurt"};
    for (int i = 0; i < 2; i++) {
        c = caller_in(regions[i], i);
        cr_assert_eq(ckafka_send_message(c, &req, &resp, &err), 0, "%s: %s", regions[i], msg(&err));
        ckafka_send_message_response_free(&resp);
        docbind_caller_free(c);
    }
    cr_assert_eq(docbind_mock_success_count(mock, "tencent.ckafka", "SendMessage"), 2);
    docbind_error_clear(&err);
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

/* ---- Alibaba signature V3 ------------------------------------------------ */

static docbind_caller *caller_with(const docbind_service_desc *svc, const char *base_url,
                                   docbind_sign_algorithm alg, const char *id, const char *secret)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_set(&creds, id, secret, NULL, &err), 0);
    docbind_caller_config cfg = {.service = svc,
                                 .base_url = base_url,
                                 .algorithm = alg,
                                 .credentials = &creds,
                                 .region = "ap-guangzhou",
                                 .max_attempts = 1};
    docbind_caller *c = docbind_caller_new(&cfg, &err);
    cr_assert_not_null(c, "%s", err.message ? err.message : "");
    docbind_cloud_credentials_free(&creds);
    return c;
}

Test(call_e2e, aliyun_mqtt_send_message_with_acs3)
{
    docbind_caller *c = caller_with(&onsmqtt_service, docbind_mock_url(mock),
                                    DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256,
                                    DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID,
                                    DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET);
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &onsmqtt_send_message_action, &req, &resp, &err), 0, "%s",
                 msg(&err));
    cr_assert_str_eq(resp.msg_id, "0B736D997B7F45FF54E61C1C1B58****");
    onsmqtt_send_message_response_free(&resp);
    cr_assert_eq(docbind_mock_success_count(mock, "aliyun.onsmqtt", "SendMessage"), 1);

    /* what went out: the action and version in x-acs-* headers, not in the
     * parameters, and an ACS3 Authorization */
    docbind_request wire = DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_caller_prepare(c, &onsmqtt_send_message_action, &req, NULL, &wire, &err),
                 0, "%s", msg(&err));
    cr_assert_str_eq(docbind_request_header(&wire, "x-acs-action"), "SendMessage");
    cr_assert_str_eq(docbind_request_header(&wire, "x-acs-version"), "2020-04-20");
    cr_assert_not_null(docbind_request_header(&wire, "x-acs-content-sha256"));
    cr_assert_eq(strncmp(docbind_request_header(&wire, "Authorization"),
                         "ACS3-HMAC-SHA256 Credential=" DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID
                         ",SignedHeaders=",
                         strlen("ACS3-HMAC-SHA256 Credential=" DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID
                                ",SignedHeaders=")),
                 0);
    /* the parameters stay in the query, where the page puts them */
    int topic = 0;
    for (size_t i = 0; i < wire.query_count; i++) {
        cr_assert(strcmp(wire.query[i].name, "Action") && strcmp(wire.query[i].name, "Signature"));
        topic |= !strcmp(wire.query[i].name, "MqttTopic") && !strcmp(wire.query[i].value, "TopicA");
    }
    cr_assert(topic);
    cr_assert_null(wire.body);
    docbind_request_free(&wire);
    docbind_caller_free(c);
}

Test(call_e2e, aliyun_acs3_wrong_secret_is_rejected)
{
    docbind_caller *c = caller_with(&onsmqtt_service, docbind_mock_url(mock),
                                    DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256,
                                    DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID, "wrong-secret");
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_call(c, &onsmqtt_send_message_action, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE, "%s", msg(&err));
    cr_assert_str_eq(err.code, "SignatureDoesNotMatch");
    docbind_error_clear(&err);
    docbind_caller_free(c);
}

/* ---- docbind_caller_prepare: the exact wire form, reproducible ----------- */

#define FIXED_TIME INT64_C(1700000000) /* 2023-11-14T22:13:20Z */

static int64_t fixed_now(void *user)
{
    (void)user;
    return FIXED_TIME;
}

static int fixed_nonce(void *user, docbind_sign_algorithm alg, char *out, size_t cap)
{
    (void)user;
    (void)alg;
    return snprintf(out, cap, "%s", "424242") < (int)cap ? 0 : -1;
}

static const docbind_sign_clock fixed_clock = {fixed_now, fixed_nonce, NULL};

/* A mock whose clock stands at FIXED_TIME, so requests signed then pass. */
static docbind_mock *start_fixed_mock(void)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/aliyun.json"};
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 2;
    opts.strict_signatures = 1;
    opts.now = fixed_now;
    docbind_mock *m = NULL;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_mock_start(&opts, &m, &err), 0, "%s", err.message ? err.message : "");
    return m;
}

/* Sends a prepared request as it is: a client with no signer. */
static long send_raw(const char *base_url, const docbind_request *wire, char **body)
{
    docbind_client_config cc;
    docbind_client_config_init(&cc);
    cc.base_url = base_url;
    cc.retry.max_attempts = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *client = docbind_client_new(&cc, &err);
    cr_assert_not_null(client, "%s", msg(&err));
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_client_send(client, wire, &resp, &err);
    docbind_error_clear(&err);
    long status = resp.status;
    *body = strdup(resp.body ? (const char *)resp.body : "");
    docbind_http_response_free(&resp);
    docbind_client_free(client);
    return status;
}

static int same_request(const docbind_request *a, const docbind_request *b)
{
    if (strcmp(a->method, b->method) || strcmp(a->path, b->path) ||
        a->query_count != b->query_count || a->header_count != b->header_count ||
        a->body_len != b->body_len || (a->body_len && memcmp(a->body, b->body, a->body_len)))
        return 0;
    for (size_t i = 0; i < a->query_count; i++)
        if (strcmp(a->query[i].name, b->query[i].name) || strcmp(a->query[i].value, b->query[i].value))
            return 0;
    for (size_t i = 0; i < a->header_count; i++)
        if (strcmp(a->headers[i].name, b->headers[i].name) ||
            strcmp(a->headers[i].value, b->headers[i].value))
            return 0;
    return 1;
}

Test(call_e2e, tencent_prepared_request_is_reproducible_and_accepted)
{
    docbind_mock *fixed = start_fixed_mock();
    docbind_caller *c = caller_with(&ckafka_service, docbind_mock_url(fixed), 0,
                                    DOCBIND_MOCK_TENCENT_SECRET_ID, DOCBIND_MOCK_TENCENT_SECRET_KEY);
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "hello", .key = "k"});
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 1);
    docbind_request a = DOCBIND_REQUEST_INIT, b = DOCBIND_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_prepare(c, &ckafka_send_message_action, &req, &fixed_clock, &a, &err),
                 0, "%s", msg(&err));
    cr_assert_eq(docbind_caller_prepare(c, &ckafka_send_message_action, &req, &fixed_clock, &b, &err),
                 0, "%s", msg(&err));
    cr_assert(same_request(&a, &b), "same clock, same wire form");

    cr_assert_str_eq(a.method, "POST");
    cr_assert_str_eq(a.path, "/");
    cr_assert_str_eq(docbind_request_header(&a, "X-TC-Action"), "SendMessage");
    cr_assert_str_eq(docbind_request_header(&a, "X-TC-Version"), "2019-08-19");
    cr_assert_str_eq(docbind_request_header(&a, "X-TC-Timestamp"), "1700000000");
    cr_assert_str_eq(docbind_request_header(&a, "X-TC-Region"), "ap-guangzhou");
    cr_assert_str_eq(docbind_request_header(&a, "Content-Type"), "application/json");
    const char *host = docbind_request_header(&a, "Host");
    cr_assert_not_null(host);
    cr_assert_str_eq(host, docbind_mock_url(fixed) + strlen("http://"));
    /* the credential scope carries the date of the fixed time, UTC */
    const char *auth = docbind_request_header(&a, "Authorization");
    cr_assert_not_null(strstr(auth, "Credential=AKIDMOCKTESTID/2023-11-14/ckafka/tc3_request"), "%s",
                       auth);
    /* the request body is length-counted, not NUL-terminated */
    static const char want_body[] =
        "{\"DataHubId\":\"datahub-1\",\"Message\":[{\"Body\":\"hello\",\"Key\":\"k\"}]}";
    cr_assert_eq(a.body_len, strlen(want_body));
    cr_assert_eq(memcmp(a.body, want_body, a.body_len), 0, "%.*s", (int)a.body_len,
                 (const char *)a.body);

    /* the recorded form, sent as is, passes a strict mock at that time */
    char *body = NULL;
    cr_assert_eq(send_raw(docbind_mock_url(fixed), &a, &body), 200);
    cr_assert_null(strstr(body, "\"Error\""), "%s", body);
    cr_assert_eq(docbind_mock_success_count(fixed, "tencent.ckafka", "SendMessage"), 1);
    free(body);

    /* a changed byte of the body no longer matches its signature */
    a.body[a.body_len - 3] = 'X';
    cr_assert_eq(send_raw(docbind_mock_url(fixed), &a, &body), 200);
    cr_assert_not_null(strstr(body, "AuthFailure.SignatureFailure"), "%s", body);
    free(body);

    docbind_request_free(&a);
    docbind_request_free(&b);
    docbind_caller_free(c);
    docbind_mock_stop(fixed);
}

Test(call_e2e, aliyun_rpc_prepared_request_is_accepted)
{
    docbind_mock *fixed = start_fixed_mock();
    docbind_caller *c = caller_with(&onsmqtt_service, docbind_mock_url(fixed), 0,
                                    DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID,
                                    DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET);
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    docbind_request a = DOCBIND_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_caller_prepare(c, &onsmqtt_send_message_action, &req, &fixed_clock, &a, &err),
                 0, "%s", msg(&err));
    /* every parameter, the signature ones included, in the form body */
    cr_assert_not_null(a.body);
    char *form = strndup((const char *)a.body, a.body_len); /* body is length-counted */
    cr_assert_not_null(form);
    cr_assert_str_eq(docbind_request_header(&a, "Content-Type"), "application/x-www-form-urlencoded");
    cr_assert_not_null(strstr(form, "Action=SendMessage"), "%s", form);
    cr_assert_not_null(strstr(form, "Format=JSON"), "%s", form);
    cr_assert_not_null(strstr(form, "SignatureNonce=424242"), "%s", form);
    cr_assert_not_null(strstr(form, "Timestamp=2023-11-14T22%3A13%3A20Z"), "%s", form);
    cr_assert_not_null(strstr(form, "Signature="), "%s", form);
    cr_assert_eq(a.query_count, 0);

    char *body = NULL;
    cr_assert_eq(send_raw(docbind_mock_url(fixed), &a, &body), 200, "%s", body);
    cr_assert_not_null(strstr(body, "0B736D997B7F45FF54E61C1C1B58****"), "%s", body);
    free(body);
    free(form);
    docbind_request_free(&a);

    /* a validation failure prepares nothing */
    req.mqtt_topic = NULL;
    cr_assert_eq(docbind_caller_prepare(c, &onsmqtt_send_message_action, &req, &fixed_clock, &a, &err),
                 -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.rule, "required");
    cr_assert_null(a.method);
    docbind_error_clear(&err);
    docbind_caller_free(c);
    docbind_mock_stop(fixed);
}

/* ---- one caller shared by several threads -------------------------------- */

#define SHARED_THREADS 8
#define SHARED_CALLS 25

struct shared_job {
    docbind_caller *caller;
    int failures;
    char first_error[256];
};

static void *shared_worker(void *arg)
{
    struct shared_job *job = arg;
    for (int i = 0; i < SHARED_CALLS; i++) {
        char body[32];
        snprintf(body, sizeof body, "message %d", i);
        ckafka_batch_content messages[1] = {{.body = body}};
        ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 1);
        ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
        docbind_error err = DOCBIND_ERROR_INIT;
        if (docbind_caller_call(job->caller, &ckafka_send_message_action, &req, &resp, &err) ||
            resp.message_id_count != 2) {
            if (!job->failures++)
                docbind_error_format(&err, job->first_error, sizeof job->first_error);
        }
        docbind_error_clear(&err);
        ckafka_send_message_response_free(&resp);
    }
    return NULL;
}

Test(call_e2e, one_caller_shared_by_threads)
{
    docbind_caller *c = caller(&ckafka_service, DOCBIND_MOCK_TENCENT_SECRET_ID,
                               DOCBIND_MOCK_TENCENT_SECRET_KEY, NULL);
    pthread_t threads[SHARED_THREADS];
    struct shared_job jobs[SHARED_THREADS];
    for (int t = 0; t < SHARED_THREADS; t++) {
        jobs[t] = (struct shared_job){.caller = c};
        cr_assert_eq(pthread_create(&threads[t], NULL, shared_worker, &jobs[t]), 0);
    }
    for (int t = 0; t < SHARED_THREADS; t++) {
        pthread_join(threads[t], NULL);
        cr_expect_eq(jobs[t].failures, 0, "thread %d: %s", t, jobs[t].first_error);
    }
    cr_assert_eq(docbind_mock_success_count(mock, "tencent.ckafka", "SendMessage"),
                 SHARED_THREADS * SHARED_CALLS);
    docbind_caller_free(c);
}
