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
 *   build/bench/bench_mock --quick       2000 per case */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docbind_mock.h"
#include "docbind_sign.h"

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

int main(int argc, char **argv)
{
    int requests = 20000;
    if (argc > 1 && !strcmp(argv[1], "--quick"))
        requests = 2000;
    else if (argc > 1)
        requests = atoi(argv[1]);
    if (requests < 10) {
        fprintf(stderr, "usage: bench_mock [requests|--quick]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("SendMessage against docbind mock over loopback, one reused connection\n");
    int failed = run_case("presence-only, signed once", 0, 0, requests) ||
                 run_case("strict (TC3 verified), signed once", 1, 0, requests) ||
                 run_case("strict, signed per request", 1, 1, requests);
    curl_global_cleanup();
    return failed;
}
