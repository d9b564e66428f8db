/* Requests per second and latency of Tencent SendMessage against an
 * in-process docbind mock over loopback, one libcurl easy handle reused
 * (one keep-alive connection), one request in flight:
 *
 *   - presence-only signatures, the request signed once
 *   - strict signatures, the request signed once (the mock recomputes
 *     the TC3 signature every time)
 *   - strict signatures, every request signed afresh by the client
 *
 * Rate limits are off (SendMessage is documented at 5000/s). Every answer
 * is checked (HTTP 200, no Error), so a wrong answer fails the run.
 *
 *   build/bench/bench_mock [requests]    default 20000 per case
 *   build/bench/bench_mock --quick       2000 per case
 *
 * With --endpoint URL it measures docbind's client against a docbind mock
 * already running there (e.g. `docbind mock --strict-signatures
 * --no-rate-limit generated/ir/tencent-ckafka.json`; bench/bench_vs_node.sh
 * starts one for this and for the official Node.js SDK), one request in
 * flight, one kept-alive connection:
 *
 *   - docbind_caller_call(): SendMessage with 1 message, validated,
 *     encoded, signed (TC3, afresh per request), sent, answer parsed;
 *   - the same with 500 messages of 1 KB each.
 *
 * The caller's client-side rate limiter (SendMessage: 5000/s) is turned
 * off so that the mock, not the limiter, sets the pace.
 *
 *   build/bench/bench_mock --endpoint URL [requests] [--batch-requests N] [--in-flight K]
 *       default 20000 one-message and 1000 batch requests
 *
 * --in-flight K (K > 1) adds a third case: SendMessage with 1 message from
 * K threads sharing the caller, so K requests are in flight at once; the
 * latency is per request, the rate is of all of them together. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docbind_call.h"
#include "docbind_mock.h"
#include "docbind_sign.h"
#include "tencent_ckafka/ckafka.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct answer {
    char buf[4096];
    size_t len;
} answer;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    answer *a = user;
    size_t bytes = size * n;
    size_t room = sizeof a->buf - 1 - a->len;
    size_t k = bytes < room ? bytes : room;
    memcpy(a->buf + a->len, p, k);
    a->len += k;
    a->buf[a->len] = '\0';
    return bytes;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char body[] =
    "{\"DataHubId\":\"datahub-meuh9nhn\",\"Message\":[{\"Key\":\"key1\",\"Body\":\"vvvvsdgsgshhh\"}]}";

/* Signs SendMessage for `host` into a fresh header list. */
static struct curl_slist *signed_headers(docbind_sign_ctx *ctx, docbind_sign_result *res,
                                         const char *host)
{
    docbind_pair headers[] = {{"Content-Type", "application/json"},
                              {"X-TC-Action", "SendMessage"},
                              {"X-TC-Version", "2019-08-19"}};
    docbind_sign_input in;
    memset(&in, 0, sizeof in);
    in.algorithm = DOCBIND_SIGN_TC3_HMAC_SHA256;
    in.request.method = "POST";
    in.request.scheme = "http";
    in.request.host = host;
    in.request.path = "/";
    in.request.headers = headers;
    in.request.header_count = 3;
    in.request.body = (const unsigned char *)body;
    in.request.body_len = sizeof body - 1;
    in.credentials.id = DOCBIND_MOCK_TENCENT_SECRET_ID;
    in.credentials.secret = DOCBIND_MOCK_TENCENT_SECRET_KEY;
    in.service = "ckafka";
    in.clock = docbind_sign_clock_system();
    docbind_sign_error err;
    if (docbind_sign(ctx, &in, res, &err)) {
        fprintf(stderr, "bench_mock: signing failed: %s\n", err.message);
        exit(1);
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < 3; i++) {
        char line[256];
        snprintf(line, sizeof line, "%s: %s", headers[i].name, headers[i].value);
        list = curl_slist_append(list, line);
    }
    for (size_t i = 0; i < res->header_count; i++) {
        const char *n, *v;
        docbind_sign_result_header(res, i, &n, &v);
        char line[512];
        snprintf(line, sizeof line, "%s: %s", n, v);
        list = curl_slist_append(list, line);
    }
    return curl_slist_append(list, "Expect:");
}

static int run_case(const char *label, int strict, int sign_each, int requests)
{
    const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json"};
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 1;
    opts.strict_signatures = strict;
    opts.rate_limits = 0;
    docbind_mock *mock;
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_mock_start(&opts, &mock, &err)) {
        fprintf(stderr, "bench_mock: %s\n", err.message ? err.message : "cannot start");
        docbind_error_clear(&err);
        return 1;
    }
    const char *url = docbind_mock_url(mock);
    const char *host = url + strlen("http://");
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    struct curl_slist *headers = signed_headers(ctx, &res, host);

    CURL *curl = curl_easy_init();
    answer a;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)(sizeof body - 1));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);

    double *lat = malloc((size_t)requests * sizeof *lat);
    int failed = 0, warmup = requests / 10 + 10;
    double start = 0;
    for (int i = -warmup; i < requests && !failed; i++) {
        if (i == 0)
            start = now();
        if (sign_each) {
            curl_slist_free_all(headers);
            headers = signed_headers(ctx, &res, host);
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        }
        a.len = 0;
        double t0 = now();
        CURLcode rc = curl_easy_perform(curl);
        double t1 = now();
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK || status != 200 || strstr(a.buf, "\"Error\"") ||
            !strstr(a.buf, "MessageId")) {
            fprintf(stderr, "bench_mock: %s: bad answer (curl %d, HTTP %ld): %.200s\n", label,
                    (int)rc, status, a.buf);
            failed = 1;
        }
        if (i >= 0)
            lat[i] = t1 - t0;
    }
    double total = now() - start;
    if (!failed) {
        qsort(lat, (size_t)requests, sizeof *lat, cmp_double);
        printf("%-34s %8.0f req/s   p50 %6.1f us   p99 %6.1f us   (%d requests)\n", label,
               requests / total, lat[requests / 2] * 1e6, lat[(size_t)(requests * 0.99)] * 1e6,
               requests);
    }
    long connections = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connections);
    free(lat);
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
    if (!failed && docbind_mock_success_count(mock, NULL, "SendMessage") !=
                       (unsigned long)(requests + warmup)) {
        fprintf(stderr, "bench_mock: %s: the mock counted %lu answers\n", label,
                docbind_mock_success_count(mock, NULL, "SendMessage"));
        failed = 1;
    }
    docbind_mock_stop(mock);
    return failed;
}

/* ---- --endpoint: docbind's client against an external mock ------------- */

/* The payloads, shared with bench/node/bench_node_sdk.js: one message
 * {Key "key1", Body "vvvvsdgsgshhh"}, or 500 messages {Key "key-<i>",
 * Body: 1024 characters, character j of message i being
 * "abcdefghijklmnopqrstuvwxyz0123456789"[(i + j) % 36]}. */
#define BATCH_MESSAGES 500
#define BATCH_BODY_BYTES 1024

typedef struct payloads {
    ckafka_batch_content one[1];
    ckafka_batch_content batch[BATCH_MESSAGES];
    char keys[BATCH_MESSAGES][16];
    char bodies[BATCH_MESSAGES][BATCH_BODY_BYTES + 1];
} payloads;

static void payloads_init(payloads *p)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    p->one[0] = (ckafka_batch_content){.body = "vvvvsdgsgshhh", .key = "key1"};
    for (int i = 0; i < BATCH_MESSAGES; i++) {
        for (int j = 0; j < BATCH_BODY_BYTES; j++)
            p->bodies[i][j] = alphabet[(i + j) % 36];
        p->bodies[i][BATCH_BODY_BYTES] = '\0';
        snprintf(p->keys[i], sizeof p->keys[i], "key-%d", i);
        p->batch[i] = (ckafka_batch_content){.body = p->bodies[i], .key = p->keys[i]};
    }
}

/* One result line (bench_vs_node.sh reads it): rate, p50, p99 of `lat`
 * (sorted here), connections opened. */
static void print_figures(const char *label, double *lat, int requests, double total,
                          uint64_t opened)
{
    qsort(lat, (size_t)requests, sizeof *lat, cmp_double);
    printf("%-34s %8.0f req/s   p50 %6.1f us   p99 %6.1f us   (%d requests, %llu new connection%s)\n",
           label, requests / total, lat[requests / 2] * 1e6, lat[(size_t)(requests * 0.99)] * 1e6,
           requests, (unsigned long long)opened, opened == 1 ? "" : "s");
}

static int run_caller_case(const char *label, docbind_caller *caller,
                           const ckafka_send_message_request *req, int requests)
{
    double *lat = malloc((size_t)requests * sizeof *lat);
    if (!lat)
        return 1;
    docbind_client_stats before, after;
    docbind_client_get_stats(docbind_caller_client(caller), &before);
    int failed = 0, warmup = requests / 10 + 10;
    double start = 0;
    for (int i = -warmup; i < requests && !failed; i++) {
        if (i == 0)
            start = now();
        ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
        docbind_error err = DOCBIND_ERROR_INIT;
        double t0 = now();
        int rc = docbind_caller_call(caller, &ckafka_send_message_action, req, &resp, &err);
        double t1 = now();
        if (rc || resp.message_id_count == 0) {
            char line[512];
            docbind_error_format(&err, line, sizeof line);
            fprintf(stderr, "bench_mock: %s: %s\n", label,
                    rc ? line : "an answer without MessageId");
            failed = 1;
        }
        docbind_error_clear(&err);
        ckafka_send_message_response_free(&resp);
        if (i >= 0)
            lat[i] = t1 - t0;
    }
    double total = now() - start;
    docbind_client_get_stats(docbind_caller_client(caller), &after);
    if (!failed) {
        print_figures(label, lat, requests, total,
                      after.connections_opened - before.connections_opened);
    }
    free(lat);
    return failed;
}

/* One of K threads of the in-flight case: its share of the requests. */
typedef struct in_flight_worker {
    pthread_t thread;
    docbind_caller *caller;
    const ckafka_send_message_request *req;
    pthread_barrier_t *start;
    double *lat; /* its slice */
    int requests, warmup, failed;
} in_flight_worker;

static void *in_flight_run(void *arg)
{
    in_flight_worker *w = arg;
    int started = 0;
    for (int i = -w->warmup; i < w->requests && !w->failed; i++) {
        if (i == 0) {
            pthread_barrier_wait(w->start);
            started = 1;
        }
        ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
        docbind_error err = DOCBIND_ERROR_INIT;
        double t0 = now();
        int rc = docbind_caller_call(w->caller, &ckafka_send_message_action, w->req, &resp, &err);
        double t1 = now();
        if (rc || resp.message_id_count == 0) {
            char line[512];
            docbind_error_format(&err, line, sizeof line);
            fprintf(stderr, "bench_mock: in flight: %s\n", rc ? line : "an answer without MessageId");
            w->failed = 1;
        }
        docbind_error_clear(&err);
        ckafka_send_message_response_free(&resp);
        if (i >= 0)
            w->lat[i] = t1 - t0;
    }
    if (!started)
        pthread_barrier_wait(w->start); /* the others wait for every thread */
    return NULL;
}

static int run_in_flight_case(const char *label, docbind_caller *caller,
                              const ckafka_send_message_request *req, int requests, int k)
{
    int per = requests / k;
    requests = per * k;
    double *lat = malloc((size_t)requests * sizeof *lat);
    in_flight_worker *w = calloc((size_t)k, sizeof *w);
    pthread_barrier_t start;
    if (!lat || !w || pthread_barrier_init(&start, NULL, (unsigned)k + 1)) {
        free(lat);
        free(w);
        return 1;
    }
    docbind_client_stats before, after;
    docbind_client_get_stats(docbind_caller_client(caller), &before);
    for (int t = 0; t < k; t++) {
        w[t] = (in_flight_worker){.caller = caller, .req = req, .start = &start,
                                  .lat = lat + (size_t)t * per, .requests = per,
                                  .warmup = per / 10 + 10};
        pthread_create(&w[t].thread, NULL, in_flight_run, &w[t]);
    }
    pthread_barrier_wait(&start);
    double t0 = now();
    int failed = 0;
    for (int t = 0; t < k; t++) {
        pthread_join(w[t].thread, NULL);
        failed |= w[t].failed;
    }
    double total = now() - t0;
    pthread_barrier_destroy(&start);
    docbind_client_get_stats(docbind_caller_client(caller), &after);
    if (!failed) {
        print_figures(label, lat, requests, total,
                      after.connections_opened - before.connections_opened);
    }
    free(lat);
    free(w);
    return failed;
}

static int run_external(const char *endpoint, int requests, int batch_requests, int in_flight)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_caller *caller = NULL;
    payloads *p = malloc(sizeof *p);
    int failed = 1;
    if (!p || docbind_global_init(&err))
        goto done;
    if (docbind_cloud_credentials_set(&creds, DOCBIND_MOCK_TENCENT_SECRET_ID,
                                      DOCBIND_MOCK_TENCENT_SECRET_KEY, NULL, &err))
        goto done;
    docbind_caller_config cfg = {.service = &ckafka_service,
                                 .base_url = endpoint,
                                 .credentials = &creds,
                                 .region = "ap-guangzhou",
                                 .max_attempts = 1};
    caller = docbind_caller_new(&cfg, &err);
    if (!caller)
        goto done;
    docbind_rate_limiter_set_enabled(docbind_client_rate_limiter(docbind_caller_client(caller)), 0);
    payloads_init(p);
    ckafka_send_message_request one =
        ckafka_send_message_request_make("datahub-meuh9nhn", p->one, 1);
    ckafka_send_message_request batch =
        ckafka_send_message_request_make("datahub-meuh9nhn", p->batch, BATCH_MESSAGES);
    printf("SendMessage against the docbind mock at %s, docbind_caller_call, one request in "
           "flight\n", endpoint);
    fflush(stdout);
    failed = run_caller_case("docbind, 1 message", caller, &one, requests) ||
             run_caller_case("docbind, 500 x 1 KB", caller, &batch, batch_requests);
    if (!failed && in_flight > 1) {
        char label[64];
        snprintf(label, sizeof label, "docbind, 1 message, %d in flight", in_flight);
        failed = run_in_flight_case(label, caller, &one, requests, in_flight);
    }
done:
    if (err.kind) {
        char line[512];
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "bench_mock: %s\n", line);
    }
    docbind_error_clear(&err);
    docbind_caller_free(caller);
    docbind_cloud_credentials_free(&creds);
    docbind_global_cleanup();
    free(p);
    return failed;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_mock [requests|--quick]\n"
                    "       bench_mock --endpoint URL [requests] [--batch-requests N] "
                    "[--in-flight K]\n");
    return 2;
}

int main(int argc, char **argv)
{
    int requests = 20000, batch_requests = 1000, in_flight = 1;
    const char *endpoint = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            requests = 2000;
            batch_requests = 200;
        } else if (!strcmp(argv[i], "--endpoint") && i + 1 < argc) {
            endpoint = argv[++i];
        } else if (!strcmp(argv[i], "--batch-requests") && i + 1 < argc) {
            batch_requests = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--in-flight") && i + 1 < argc) {
            in_flight = atoi(argv[++i]);
        } else if (argv[i][0] != '-') {
            requests = atoi(argv[i]);
        } else {
            return usage();
        }
    }
    if (requests < 10 || batch_requests < 10 || in_flight < 1 || in_flight > 64)
        return usage();
    if (endpoint)
        return run_external(endpoint, requests, batch_requests, in_flight);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("SendMessage against docbind mock over loopback, one reused connection\n");
    int failed = run_case("presence-only, signed once", 0, 0, requests) ||
                 run_case("strict (TC3 verified), signed once", 1, 0, requests) ||
                 run_case("strict, signed per request", 1, 1, requests);
    curl_global_cleanup();
    return failed;
}
