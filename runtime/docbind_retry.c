#include "docbind_retry.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

static double system_now(void *user)
{
    (void)user;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void system_sleep(double seconds, void *user)
{
    (void)user;
    if (!(seconds > 0))
        return;
    struct timespec ts;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_nsec = 999999999L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

docbind_clock docbind_clock_system(void)
{
    docbind_clock clock = {system_now, system_sleep, NULL};
    return clock;
}

void docbind_retry_policy_init(docbind_retry_policy *policy)
{
    if (!policy)
        return;
    memset(policy, 0, sizeof *policy);
    policy->max_attempts = 4;
    policy->base_delay = 0.2;
    policy->max_delay = 5.0;
    policy->max_elapsed = 60.0;
    policy->clock = docbind_clock_system();
}

/* splitmix64 over a shared atomic counter: lock-free, thread-safe, and
 * plenty for spreading retries apart. */
static uint64_t builtin_random(void)
{
    static _Atomic uint64_t state = 0;
    uint64_t x = atomic_fetch_add(&state, UINT64_C(0x9E3779B97F4A7C15));
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    x += (uint64_t)ts.tv_nsec * UINT64_C(0xD1B54A32D192ED03) + (uint64_t)ts.tv_sec;
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

uint64_t docbind_retry_random(const docbind_retry_policy *policy)
{
    if (policy && policy->random)
        return policy->random(policy->random_user);
    return builtin_random();
}

double docbind_retry_backoff(const docbind_retry_policy *policy, int retry_number,
                             uint64_t random_bits)
{
    if (!policy || retry_number < 1 || !(policy->base_delay > 0) || !(policy->max_delay > 0))
        return 0.0;
    double ceiling = policy->base_delay;
    for (int i = 1; i < retry_number && ceiling < policy->max_delay; i++)
        ceiling *= 2.0;
    if (ceiling > policy->max_delay)
        ceiling = policy->max_delay;
    /* 53 random bits give a uniform double in [0, 1). */
    double unit = (double)(random_bits >> 11) / 9007199254740992.0;
    return unit * ceiling;
}

static int has_prefix_code(const char *code, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(code, prefix, n) == 0 && (code[n] == '\0' || code[n] == '.');
}

int docbind_retry_is_throttling(const docbind_error *err)
{
    if (!err || (err->kind != DOCBIND_ERROR_HTTP && err->kind != DOCBIND_ERROR_SERVICE))
        return 0;
    if (err->http_status == 429)
        return 1;
    if (!err->code)
        return 0;
    return has_prefix_code(err->code, "RequestLimitExceeded") || /* Tencent */
           has_prefix_code(err->code, "Throttling") ||           /* Alibaba */
           strcmp(err->code, "APIGW.0308") == 0;                 /* Huawei API gateway */
}

/* Failures where libcurl never wrote the request: safe for any method. */
static int provably_not_sent(int curl_code, int request_sent)
{
    switch (curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return 1;
    case CURLE_OPERATION_TIMEDOUT:
        return !request_sent;
    default:
        return 0;
    }
}

static int transient_transport(int curl_code)
{
    switch (curl_code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

int docbind_retry_should_retry(const docbind_error *err, int idempotent, int request_sent)
{
    if (!err)
        return 0;
    switch (err->kind) {
    case DOCBIND_ERROR_TRANSPORT:
    case DOCBIND_ERROR_TIMEOUT:
        if (err->curl_code == 0)
            return 0; /* the runtime's own time budget, not a libcurl failure */
        if (provably_not_sent(err->curl_code, request_sent))
            return 1;
        return idempotent && transient_transport(err->curl_code);
    case DOCBIND_ERROR_HTTP:
    case DOCBIND_ERROR_SERVICE:
        if (!idempotent)
            return 0;
        if (docbind_retry_is_throttling(err))
            return 1;
        return err->http_status == 502 || err->http_status == 503 || err->http_status == 504;
    default:
        return 0;
    }
}
