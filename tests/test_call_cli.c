/* `docbind call`: the built binary against an in-process docbind mock in
 * strict-signature mode (its documented test credentials), one test per
 * outcome and exit status. Expected answers are the documents' own example
 * responses, which the mock serves. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "docbind_client.h"
#include "docbind_mock.h"
#include "mock_client.h"
#include "test_support.h"

#define DOCBIND DOCBIND_BINARY_DIR "/cli/docbind"

static docbind_mock *mock;

static void setup(void)
{
    docbind_mock_options opts;
    mc_mock_options(&opts, 1);
    mock = mc_start_mock(&opts);
}

static void teardown(void)
{
    docbind_mock_stop(mock);
}

TestSuite(call_cli, .init = setup, .fini = teardown, .timeout = 60);

typedef struct run_result {
    int status;
    char *out; /* standard output */
    char *err; /* standard error */
} run_result;

static void run_result_free(run_result *r)
{
    free(r->out);
    free(r->err);
}

/* Runs `docbind call ARGS` with the mock's test credentials (unless
 * `secret` replaces the key) and the mock as endpoint. */
static run_result run_call(const char *secret, const char *args)
{
    char *errfile = test_write_temp("", 0, ".err");
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "env -i PATH=/usr/bin:/bin DOCBIND_ENDPOINT=%s "
             "TENCENTCLOUD_SECRET_ID=" DOCBIND_MOCK_TENCENT_SECRET_ID " TENCENTCLOUD_SECRET_KEY=%s "
             "TENCENTCLOUD_REGION=ap-guangzhou "
             "CLOUD_SDK_AK=" DOCBIND_MOCK_HUAWEI_AK " CLOUD_SDK_SK=%s CLOUD_SDK_PROJECT_ID=p1 "
             "HUAWEICLOUD_REGION=cn-north-4 "
             "ALIBABA_CLOUD_ACCESS_KEY_ID=" DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID
             " ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s ALIBABA_CLOUD_REGION_ID=cn-hangzhou "
             "%s call %s 2>%s",
             docbind_mock_url(mock), secret, secret, secret, DOCBIND, args, errfile);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap)
            out = realloc(out, cap *= 2);
    }
    out[n] = '\0';
    int st = pclose(p);
    size_t elen;
    run_result r = {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out, test_read_file(errfile, &elen)};
    unlink(errfile);
    free(errfile);
    return r;
}

#define OK_SECRET DOCBIND_MOCK_TENCENT_SECRET_KEY /* the same for all three */

Test(call_cli, tencent_send_message_prints_the_answer_as_received)
{
    run_result r = run_call(OK_SECRET, "tencent.ckafka SendMessage --param "
                                       "'{\"DataHubId\":\"datahub-1\",\"Message\":[{\"Body\":\"a\"}]}'");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cJSON *j = cJSON_Parse(r.out);
    cr_assert_not_null(j, "not JSON: %s", r.out);
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(j, "Response");
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(resp, "MessageId");
    cr_assert(cJSON_IsArray(ids), "%s", r.out);
    /* the SendMessage page's example answer */
    cr_assert_str_eq(cJSON_GetArrayItem(ids, 0)->valuestring,
                     "646174616875622d6d657568396e686e3a6465736372696265436c6f75644170693a343a3236313838");
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(resp, "RequestId")->valuestring,
                     "20e995ed-75b9-43bb-84c0-35676567e1a8");
    cJSON_Delete(j);
    cr_assert_eq(docbind_mock_success_count(mock, "tencent.ckafka", "SendMessage"), 1);
    run_result_free(&r);
}

Test(call_cli, short_service_name_and_param_file)
{
    const char *json = "{\"DataHubId\":\"datahub-1\",\"Message\":[{\"Body\":\"from a file\"}]}";
    char *file = test_write_temp(json, strlen(json), ".json");
    char args[512];
    snprintf(args, sizeof args, "ckafka SendMessage --param-file %s", file);
    run_result r = run_call(OK_SECRET, args);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "\"RequestId\""));
    unlink(file);
    free(file);
    run_result_free(&r);
}

Test(call_cli, huawei_rest_path_parameters)
{
    run_result r = run_call(OK_SECRET, "huawei.rocketmq SendMessage --param "
                                       "'{\"engine\":\"reliability\",\"project_id\":\"p1\","
                                       "\"instance_id\":\"i1\",\"topic\":\"t1\",\"body\":\"hi\"}'");
    cr_assert_eq(r.status, 0, "stderr: %s\nstdout: %s", r.err, r.out);
    cr_assert_not_null(strstr(r.out, "msg_id"), "%s", r.out);
    cr_assert_eq(docbind_mock_success_count(mock, "huawei.rocketmq", "SendMessage"), 1);
    run_result_free(&r);
}

Test(call_cli, aliyun_with_either_signature)
{
    const char *param = "onsmqtt SendMessage --param "
                        "'{\"MqttTopic\":\"TopicA\",\"InstanceId\":\"post-cn-1\",\"Payload\":\"dGVzdA==\"}'";
    run_result r = run_call(OK_SECRET, param);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "0B736D997B7F45FF54E61C1C1B58****"), "%s", r.out);
    run_result_free(&r);
    char args[512];
    snprintf(args, sizeof args, "%s --signature aliyun-acs3-hmac-sha256", param);
    r = run_call(OK_SECRET, args);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "0B736D997B7F45FF54E61C1C1B58****"), "%s", r.out);
    run_result_free(&r);
    cr_assert_eq(docbind_mock_success_count(mock, "aliyun.onsmqtt", "SendMessage"), 2);
}

Test(call_cli, invalid_parameters_are_caught_before_sending)
{
    /* a required parameter missing, a limit broken, a misspelt name, a
     * wrong JSON type, not JSON at all: status 1, nothing sent */
    static const char *const cases[][2] = {
        {"'{\"Message\":[{\"Body\":\"a\"}]}'", "DataHubId"},
        {"'{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\",\"Kee\":\"k\"}]}'", "Message.Kee"},
        {"'{\"DataHubId\":7,\"Message\":[{\"Body\":\"a\"}]}'", "DataHubId"},
        {"'{\"DataHubId\":'", "--param"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[512];
        snprintf(args, sizeof args, "ckafka SendMessage --param %s", cases[i][0]);
        run_result r = run_call(OK_SECRET, args);
        cr_expect_eq(r.status, 1, "%s: status %d", cases[i][0], r.status);
        cr_expect_not_null(strstr(r.err, cases[i][1]), "%s: stderr names %s: %s", cases[i][0],
                           cases[i][1], r.err);
        cr_expect_str_eq(r.out, "");
        run_result_free(&r);
    }
    /* the page's "at most 500 messages", from a file */
    size_t cap = 16 + 501 * 16, n = 0;
    char *big = malloc(cap);
    n += (size_t)snprintf(big, cap, "{\"DataHubId\":\"d\",\"Message\":[");
    for (int i = 0; i < 501; i++)
        n += (size_t)snprintf(big + n, cap - n, "%s{\"Body\":\"a\"}", i ? "," : "");
    n += (size_t)snprintf(big + n, cap - n, "]}");
    char *file = test_write_temp(big, n, ".json");
    char args[512];
    snprintf(args, sizeof args, "ckafka SendMessage --param-file %s", file);
    run_result r = run_call(OK_SECRET, args);
    cr_expect_eq(r.status, 1);
    cr_expect_not_null(strstr(r.err, "Message"), "%s", r.err);
    cr_expect_not_null(strstr(r.err, "max_items"), "%s", r.err);
    run_result_free(&r);
    unlink(file);
    free(file);
    free(big);
    cr_assert_eq(docbind_mock_total_requests(mock), 0);
}

Test(call_cli, a_region_the_page_does_not_list_is_refused_unless_asked)
{
    const char *send = "ckafka SendMessage --param '{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\"}]}'";
    char args[512];
    snprintf(args, sizeof args, "%s --region eu-frankfurt", send);
    run_result r = run_call(OK_SECRET, args);
    cr_expect_eq(r.status, 1, "stderr: %s", r.err);
    cr_expect_not_null(strstr(r.err, "eu-frankfurt"), "%s", r.err);
    cr_expect_not_null(strstr(r.err, "--any-region"), "the way out is named: %s", r.err);
    run_result_free(&r);
    cr_assert_eq(docbind_mock_total_requests(mock), 0);
    snprintf(args, sizeof args, "%s --region eu-frankfurt --any-region", send);
    r = run_call(OK_SECRET, args);
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    run_result_free(&r);
}

Test(call_cli, refused_request_prints_the_error_body)
{
    run_result r = run_call("wrong-secret", "ckafka SendMessage --param "
                                            "'{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\"}]}'");
    cr_assert_eq(r.status, 3, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.out, "AuthFailure.SignatureFailure"), "%s", r.out);
    cr_assert_not_null(strstr(r.err, "AuthFailure.SignatureFailure"), "%s", r.err);
    cr_assert_null(strstr(r.err, "wrong-secret"));
    cr_assert_null(strstr(r.out, "wrong-secret"));
    run_result_free(&r);
}

Test(call_cli, no_server_is_status_4)
{
    /* port 1: nothing listens there on a test machine */
    run_result r = run_call(OK_SECRET, "ckafka SendMessage --endpoint http://127.0.0.1:1 --retries 0 "
                                       "--param '{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\"}]}'");
    cr_assert_eq(r.status, 4, "stderr: %s", r.err);
    cr_assert_not_null(strstr(r.err, "transport"), "%s", r.err);
    run_result_free(&r);
}

Test(call_cli, usage_errors_are_status_2)
{
    static const char *const cases[] = {"", "ckafka", "nosuch SendMessage", "ckafka NoSuchAction",
                                        "ckafka SendMessage --bogus",
                                        "ckafka SendMessage --signature md5",
                                        "ckafka SendMessage --param {} --param-file x", "ckafka SendMessage --param"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_call(OK_SECRET, cases[i]);
        cr_expect_eq(r.status, 2, "'%s': status %d", cases[i], r.status);
        cr_expect_neq(r.err[0], '\0', "'%s' says why", cases[i]);
        run_result_free(&r);
    }
    cr_assert_eq(docbind_mock_total_requests(mock), 0);
}

Test(call_cli, dry_run_shows_the_signed_request_without_sending)
{
    run_result r = run_call(OK_SECRET, "ckafka SendMessage --dry-run --param "
                                       "'{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\"}]}'");
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    char first[256];
    snprintf(first, sizeof first, "POST %s/\n", docbind_mock_url(mock));
    cr_assert_eq(strncmp(r.out, first, strlen(first)), 0, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "X-TC-Action: SendMessage\n"));
    cr_assert_not_null(strstr(r.out, "Authorization: TC3-HMAC-SHA256 Credential=AKIDMOCKTESTID/"));
    cr_assert_not_null(strstr(r.out, "\n{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"a\"}]}\n"));
    cr_assert_null(strstr(r.out, OK_SECRET));
    cr_assert_eq(docbind_mock_total_requests(mock), 0);
    run_result_free(&r);
}

Test(call_cli, list_names_services_and_actions)
{
    run_result r = run_call(OK_SECRET, "--list");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "tencent.ckafka "));
    cr_assert_not_null(strstr(r.out, "huawei.rocketmq "));
    cr_assert_not_null(strstr(r.out, "aliyun.onsmqtt "));
    run_result_free(&r);
    r = run_call(OK_SECRET, "--list huawei.roma-mqs");
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out,
                     "POST /v2/{project_id}/mqs/instances/{instance_id}/messages/action ResendMessage\n");
    run_result_free(&r);
}
