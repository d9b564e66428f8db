/* docbind mock: the X-Docbind-Mock header (error=CODE, delay=MS, drop,
 * status=NNN, truncate) for each vendor, delays that do not hold the
 * worker threads, and a stop that cuts delays short. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "docbind_mock.h"
#include "mock_client.h"

static docbind_mock *mock;

static void setup(void)
{
    docbind_mock_options opts;
    mc_mock_options(&opts, 1);
    opts.threads = 2;
    mock = mc_start_mock(&opts);
}

static void teardown(void)
{
    docbind_mock_stop(mock);
    mock = NULL;
}

TestSuite(mock_faults, .init = setup, .fini = teardown, .timeout = 30);

static const char send_body[] = "{\"DataHubId\":\"datahub-1\",\"Message\":[{\"Body\":\"b\"}]}";

static void tencent(const char *directive, long timeout_ms, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"},
                              {"X-TC-Action", "SendMessage"},
                              {"X-TC-Version", "2019-08-19"}};
    mc_request req = {.algorithm = DOCBIND_SIGN_TC3_HMAC_SHA256,
                      .headers = headers,
                      .header_count = 3,
                      .body = send_body,
                      .directive = directive,
                      .timeout_ms = timeout_ms};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
}

static void huawei(const char *directive, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"}};
    mc_request req = {.algorithm = DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256,
                      .path = "/v2/reliability/p/instances/i/messages",
                      .headers = headers,
                      .header_count = 1,
                      .body = "{\"topic\":\"t\",\"body\":\"b\"}",
                      .project_id = "p",
                      .directive = directive};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
}

static void aliyun(const char *directive, mc_response *r)
{
    docbind_pair params[] = {{"Action", "SendMessage"}, {"Version", "2020-04-20"},
                             {"MqttTopic", "T"},        {"InstanceId", "i"},
                             {"Payload", "cA=="}};
    mc_request req = {.algorithm = DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1,
                      .method = "GET",
                      .params = params,
                      .param_count = 5,
                      .directive = directive};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
}

Test(mock_faults, documented_errors_in_each_envelope)
{
    mc_response r;
    tencent("error=ResourceUnavailable.KafkaStorageError", 0, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(mc_error_code(&r), "ResourceUnavailable.KafkaStorageError");
    cr_assert_not_null(mc_str(&r, "Response.RequestId"));
    mc_response_free(&r);
    tencent("error=RequestLimitExceeded", 0, &r);
    cr_assert_str_eq(mc_error_code(&r), "RequestLimitExceeded");
    mc_response_free(&r);

    huawei("error=APIGW.0308", &r);
    cr_assert_eq(r.status, 429);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0308");
    mc_response_free(&r);

    aliyun("error=SystemOverFlow", &r);
    cr_assert_eq(r.status, 500, "the IR's http_status");
    cr_assert_str_eq(mc_error_code(&r), "SystemOverFlow");
    mc_response_free(&r);
    aliyun("error=InstancePermissionCheckFailed; status=403", &r);
    cr_assert_eq(r.status, 403);
    cr_assert_str_eq(mc_error_code(&r), "InstancePermissionCheckFailed");
    mc_response_free(&r);
}

Test(mock_faults, undocumented_code_or_directive_is_refused)
{
    mc_response r;
    tencent("error=NoSuchCode.Anywhere", 0, &r);
    cr_assert_str_eq(mc_error_code(&r), "InvalidParameterValue");
    cr_assert_not_null(strstr(mc_error_message(&r), "X-Docbind-Mock"));
    mc_response_free(&r);
    tencent("explode", 0, &r);
    cr_assert_str_eq(mc_error_code(&r), "InvalidParameterValue");
    mc_response_free(&r);
    tencent("status=abc", 0, &r);
    cr_assert_str_eq(mc_error_code(&r), "InvalidParameterValue");
    mc_response_free(&r);
}

Test(mock_faults, status_directive)
{
    mc_response r;
    tencent("status=503", 0, &r);
    cr_assert_eq(r.status, 503);
    cr_assert_str_eq(mc_error_code(&r), "ServiceUnavailable");
    mc_response_free(&r);
    huawei("status=503", &r);
    cr_assert_eq(r.status, 503);
    cr_assert_not_null(mc_str(&r, "error_code"));
    mc_response_free(&r);
    aliyun("status=502", &r);
    cr_assert_eq(r.status, 502);
    cr_assert_not_null(mc_str(&r, "RequestId"));
    mc_response_free(&r);
}

Test(mock_faults, delay_drop_truncate)
{
    mc_response r;
    tencent("delay=300", 0, &r);
    cr_assert_eq(r.curl_code, 0);
    cr_assert_null(mc_error_code(&r));
    cr_assert_geq(r.seconds, 0.29, "answered after %.3fs", r.seconds);
    mc_response_free(&r);

    tencent("delay=3000", 300, &r); /* the client gives up first */
    cr_assert_eq(r.curl_code, CURLE_OPERATION_TIMEDOUT);
    mc_response_free(&r);

    tencent("drop", 0, &r);
    cr_assert_eq(r.curl_code, CURLE_GOT_NOTHING, "curl %d", r.curl_code);
    cr_assert_eq(r.status, 0);
    mc_response_free(&r);

    tencent("truncate", 0, &r);
    cr_assert_eq(r.curl_code, CURLE_PARTIAL_FILE, "curl %d", r.curl_code);
    cr_assert_null(r.json);
    mc_response_free(&r);

    huawei("truncate", &r);
    cr_assert_eq(r.curl_code, CURLE_PARTIAL_FILE, "curl %d", r.curl_code);
    mc_response_free(&r);

    /* the server is still fine; requests count once answered, so the one
     * still delayed may not have been counted yet */
    tencent(NULL, 0, &r);
    cr_assert_null(mc_error_code(&r));
    mc_response_free(&r);
    unsigned long n = docbind_mock_request_count(mock, "tencent.ckafka", "SendMessage");
    cr_assert(n == 4 || n == 5, "%lu", n);
}

typedef struct job {
    const char *directive;
    mc_response r;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    tencent(j->directive, 10000, &j->r);
    return NULL;
}

Test(mock_faults, delayed_answers_do_not_hold_the_workers)
{
    /* 2 worker threads, 6 requests delayed by 1 s at once, then a plain one */
    enum { N = 6 };
    job jobs[N];
    pthread_t th[N];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].directive = "delay=1000";
        cr_assert_eq(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    struct timespec pause = {0, 200 * 1000000L};
    nanosleep(&pause, NULL);
    mc_response r;
    tencent(NULL, 0, &r);
    cr_assert_null(mc_error_code(&r));
    cr_assert_lt(r.seconds, 0.5, "a plain request waited %.3fs behind delayed ones", r.seconds);
    mc_response_free(&r);
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(jobs[i].r.curl_code, 0);
        cr_assert_null(mc_error_code(&jobs[i].r));
        mc_response_free(&jobs[i].r);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double total = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(total, 2.5, "delays ran one after another (%.2fs)", total);
}

Test(mock_faults, stop_cuts_delays_short)
{
    job j;
    memset(&j, 0, sizeof j);
    j.directive = "delay=20000";
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, run_job, &j), 0);
    struct timespec pause = {0, 300 * 1000000L};
    nanosleep(&pause, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    docbind_mock_stop(mock);
    mock = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(th, NULL);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(took, 5.0, "stop took %.2fs", took);
    cr_assert_lt(j.r.seconds, 8.0);
    mc_response_free(&j.r);
}
