/* docbind_retry.h: when a failed attempt is tried again, and how long to
 * wait first.
 *
 * Backoff is exponential with full jitter: before retry n (1-based) the
 * client waits a uniformly random time in [0, min(max_delay,
 * base_delay * 2^(n-1))]. A Retry-After the server sent raises that wait;
 * if it asks for more than max_delay, the error is returned instead. The
 * number of attempts and the total time (attempts plus waits) are both
 * bounded.
 *
 * Idempotency contract (docbind_retry_should_retry):
 *   - Any request is retried when the attempt provably never reached the
 *     server: CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
 *     CURLE_COULDNT_CONNECT, or CURLE_OPERATION_TIMEDOUT before a single
 *     request byte was written.
 *   - A request marked non-idempotent (e.g. sending a message) is retried
 *     ONLY in those cases. Once any byte may have reached the server it is
 *     never sent again, whatever came back (dropped connection, timeout,
 *     429, 503): a duplicate message is worse than a reported error.
 *   - An idempotent request is also retried after a transient transport
 *     failure (timeout, send/receive error, empty reply, TLS handshake
 *     failure) and after throttling or a transient server status: HTTP 429,
 *     502, 503, 504, Tencent RequestLimitExceeded[.*], Alibaba Throttling[.*],
 *     Huawei APIGW.0308.
 *   - Never retried: validation, parse and internal errors, other service
 *     errors, TLS verification failures, the response size cap.
 *
 * Ownership: the policy is a plain value; it holds no memory.
 */
#ifndef DOCBIND_RETRY_H
#define DOCBIND_RETRY_H

#include <stdint.h>

#include "docbind_error.h"

/* Time as the retry loop and the rate limiter see it. Tests inject a fake
 * one; the functions must be safe to call from several threads when the
 * client or limiter using them is shared. */
typedef struct docbind_clock {
    double (*now)(void *user);                 /* monotonic, in seconds */
    void (*sleep)(double seconds, void *user); /* blocks for `seconds` (>= 0) */
    void *user;
} docbind_clock;

/* CLOCK_MONOTONIC and nanosleep(). */
docbind_clock docbind_clock_system(void);

typedef struct docbind_retry_policy {
    int max_attempts;   /* tries including the first; 1 disables retries (default 4) */
    double base_delay;  /* seconds before the first retry's jitter (default 0.2) */
    double max_delay;   /* cap on one wait, seconds (default 5) */
    double max_elapsed; /* budget for all attempts and waits, seconds (default 60) */
    docbind_clock clock;
    /* Uniform 64-bit random values for the jitter; NULL uses a built-in
     * thread-safe generator. */
    uint64_t (*random)(void *user);
    void *random_user;
} docbind_retry_policy;

/* Fills the defaults above with the system clock. */
void docbind_retry_policy_init(docbind_retry_policy *policy);

/* The full-jitter wait before retry `retry_number` (1 for the first retry)
 * given 64 random bits: uniform in [0, min(max_delay, base_delay * 2^(n-1))]. */
double docbind_retry_backoff(const docbind_retry_policy *policy, int retry_number,
                             uint64_t random_bits);

/* 64 random bits from the policy's source (or the built-in one). */
uint64_t docbind_retry_random(const docbind_retry_policy *policy);

/* 1 when the error is the service asking the caller to slow down: HTTP 429
 * or a vendor throttling code (see the contract above). */
int docbind_retry_is_throttling(const docbind_error *err);

/* 1 when an attempt that failed with *err may be sent again under the
 * contract above. `request_sent` is 1 when any byte of the request may have
 * been written to the connection, 0 when provably none was. */
int docbind_retry_should_retry(const docbind_error *err, int idempotent, int request_sent);

#endif
