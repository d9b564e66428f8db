/* Retry policy: full-jitter backoff and the idempotency contract. The
 * end-to-end retry loop over HTTP is in test_transport_client.c. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdint.h>
#include <string.h>

#include "docbind_retry.h"

static docbind_error transport(int curl_code)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    err.kind = curl_code == CURLE_OPERATION_TIMEDOUT ? DOCBIND_ERROR_TIMEOUT : DOCBIND_ERROR_TRANSPORT;
    err.curl_code = curl_code;
    return err;
}

static docbind_error response(docbind_error_kind kind, long status, char *code)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    err.kind = kind;
    err.http_status = status;
    err.code = code; /* borrowed: these errors are never cleared */
    return err;
}

Test(transport_retry, defaults, .timeout = 5)
{
    docbind_retry_policy p;
    docbind_retry_policy_init(&p);
    cr_assert_eq(p.max_attempts, 4);
    cr_assert_float_eq(p.base_delay, 0.2, 1e-12);
    cr_assert_float_eq(p.max_delay, 5.0, 1e-12);
    cr_assert_float_eq(p.max_elapsed, 60.0, 1e-12);
    cr_assert_not_null(p.clock.now);
    cr_assert_not_null(p.clock.sleep);
    cr_assert_null(p.random);
    double a = p.clock.now(p.clock.user);
    p.clock.sleep(0.01, p.clock.user);
    cr_assert_geq(p.clock.now(p.clock.user) - a, 0.009);
}

Test(transport_retry, full_jitter_bounds, .timeout = 5)
{
    docbind_retry_policy p;
    docbind_retry_policy_init(&p);
    p.base_delay = 0.1;
    p.max_delay = 1.0;
    cr_assert_float_eq(docbind_retry_backoff(&p, 1, 0), 0.0, 1e-12);
    /* All-ones random bits approach the ceiling from below. */
    double top1 = docbind_retry_backoff(&p, 1, UINT64_MAX);
    double top2 = docbind_retry_backoff(&p, 2, UINT64_MAX);
    double top3 = docbind_retry_backoff(&p, 3, UINT64_MAX);
    cr_assert(top1 < 0.1 && top1 > 0.0999);
    cr_assert(top2 < 0.2 && top2 > 0.1999);
    cr_assert(top3 < 0.4 && top3 > 0.3999);
    /* Capped at max_delay, no overflow for absurd retry numbers. */
    cr_assert(docbind_retry_backoff(&p, 10, UINT64_MAX) < 1.0);
    cr_assert(docbind_retry_backoff(&p, 100000, UINT64_MAX) < 1.0);
    cr_assert(docbind_retry_backoff(&p, 100000, UINT64_MAX) > 0.999);
    /* Half the range maps to half the ceiling. */
    cr_assert_float_eq(docbind_retry_backoff(&p, 2, UINT64_C(1) << 63), 0.1, 1e-9);
    cr_assert_float_eq(docbind_retry_backoff(&p, 0, UINT64_MAX), 0.0, 1e-12);
    cr_assert_float_eq(docbind_retry_backoff(NULL, 1, UINT64_MAX), 0.0, 1e-12);
}

static uint64_t fixed_random(void *user)
{
    return *(uint64_t *)user;
}

Test(transport_retry, random_source_is_injectable, .timeout = 5)
{
    docbind_retry_policy p;
    docbind_retry_policy_init(&p);
    uint64_t value = 42;
    p.random = fixed_random;
    p.random_user = &value;
    cr_assert_eq(docbind_retry_random(&p), 42);
    /* The built-in source varies between calls. */
    uint64_t a = docbind_retry_random(NULL), b = docbind_retry_random(NULL);
    cr_assert_neq(a, b);
}

Test(transport_retry, never_reached_server_is_retried_for_any_request, .timeout = 5)
{
    int codes[] = {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        docbind_error e = transport(codes[i]);
        cr_assert(docbind_retry_should_retry(&e, 0, 0));
        cr_assert(docbind_retry_should_retry(&e, 1, 0));
    }
    docbind_error timeout = transport(CURLE_OPERATION_TIMEDOUT);
    cr_assert(docbind_retry_should_retry(&timeout, 0, 0), "timeout before any byte was sent");
    cr_assert_not(docbind_retry_should_retry(&timeout, 0, 1), "timeout after the request was sent");
    cr_assert(docbind_retry_should_retry(&timeout, 1, 1));
}

Test(transport_retry, non_idempotent_not_retried_once_sent, .timeout = 5)
{
    int codes[] = {CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        docbind_error e = transport(codes[i]);
        cr_assert_not(docbind_retry_should_retry(&e, 0, 1));
        cr_assert(docbind_retry_should_retry(&e, 1, 1));
    }
    docbind_error throttled = response(DOCBIND_ERROR_SERVICE, 200, "RequestLimitExceeded");
    cr_assert_not(docbind_retry_should_retry(&throttled, 0, 1));
    cr_assert(docbind_retry_should_retry(&throttled, 1, 1));
    docbind_error unavailable = response(DOCBIND_ERROR_HTTP, 503, NULL);
    cr_assert_not(docbind_retry_should_retry(&unavailable, 0, 1));
    cr_assert(docbind_retry_should_retry(&unavailable, 1, 1));
}

Test(transport_retry, permanent_failures_are_not_retried, .timeout = 5)
{
    int codes[] = {CURLE_PEER_FAILED_VERIFICATION, CURLE_WRITE_ERROR, CURLE_FILESIZE_EXCEEDED,
                   CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        docbind_error e = transport(codes[i]);
        cr_assert_not(docbind_retry_should_retry(&e, 1, 1), "curl code %d", codes[i]);
    }
    docbind_error budget = DOCBIND_ERROR_INIT;
    budget.kind = DOCBIND_ERROR_TIMEOUT; /* the runtime's own budget: curl_code 0 */
    cr_assert_not(docbind_retry_should_retry(&budget, 1, 0));
    docbind_error kinds[] = {response(DOCBIND_ERROR_VALIDATION, 0, NULL),
                             response(DOCBIND_ERROR_PARSE, 200, NULL),
                             response(DOCBIND_ERROR_INTERNAL, 0, NULL),
                             response(DOCBIND_ERROR_SERVICE, 200, "AuthFailure.SignatureFailure"),
                             response(DOCBIND_ERROR_HTTP, 500, NULL),
                             response(DOCBIND_ERROR_HTTP, 404, NULL),
                             response(DOCBIND_ERROR_NONE, 200, NULL)};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        cr_assert_not(docbind_retry_should_retry(&kinds[i], 1, 1), "case %zu", i);
    cr_assert_not(docbind_retry_should_retry(NULL, 1, 0));
}

Test(transport_retry, throttling_codes, .timeout = 5)
{
    docbind_error e;
    e = response(DOCBIND_ERROR_HTTP, 429, NULL);
    cr_assert(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_SERVICE, 200, "RequestLimitExceeded.UinLimitExceeded");
    cr_assert(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_SERVICE, 200, "RequestLimitExceededX");
    cr_assert_not(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_SERVICE, 400, "Throttling.User");
    cr_assert(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_SERVICE, 429, "APIGW.0308");
    cr_assert(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_SERVICE, 400, "InvalidParameter");
    cr_assert_not(docbind_retry_is_throttling(&e));
    e = transport(CURLE_COULDNT_CONNECT);
    cr_assert_not(docbind_retry_is_throttling(&e));
    e = response(DOCBIND_ERROR_HTTP, 502, NULL);
    cr_assert(docbind_retry_should_retry(&e, 1, 1));
    e = response(DOCBIND_ERROR_HTTP, 504, NULL);
    cr_assert(docbind_retry_should_retry(&e, 1, 1));
}
