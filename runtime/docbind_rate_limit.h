/* docbind_rate_limit.h: client-side rate limiting, one token bucket per
 * action, so a program stays under the per-action rates the vendors
 * document (e.g. Tencent's "5000 requests per second" for SendMessage)
 * instead of collecting throttling errors.
 *
 * A bucket refills at `per_second` tokens per second up to `burst` tokens
 * and starts full. Each attempt takes one token; when none is left the
 * caller reserves the next one and waits for it, so waiting callers are
 * served in arrival order without polling. Actions with no rate set are not
 * limited. A limiter is on when created; docbind_rate_limiter_set_enabled()
 * turns it off or on as a whole.
 *
 * Thread safety: every function may be called from any number of threads
 * on one limiter (a mutex guards the buckets; waiting happens outside it).
 * The injected clock must then be thread-safe as well.
 *
 * Ownership: docbind_rate_limiter_new() returns a limiter the caller frees
 * with docbind_rate_limiter_free(); action names are copied.
 */
#ifndef DOCBIND_RATE_LIMIT_H
#define DOCBIND_RATE_LIMIT_H

#include "docbind_error.h"
#include "docbind_retry.h"

typedef struct docbind_rate_limiter docbind_rate_limiter;

/* A new, enabled limiter with no rates. `clock` is copied; NULL means the
 * system clock. Returns NULL only when memory runs out. */
docbind_rate_limiter *docbind_rate_limiter_new(const docbind_clock *clock);

/* Frees the limiter; NULL is fine. No thread may be using it. */
void docbind_rate_limiter_free(docbind_rate_limiter *limiter);

/* Limits `action` to `per_second` requests per second with a burst of
 * max(1, per_second) (one second's worth). per_second <= 0 removes the
 * limit. Changing a rate keeps the bucket's current tokens (capped). */
int docbind_rate_limiter_set(docbind_rate_limiter *limiter, const char *action,
                             double per_second, docbind_error *err);

/* As above with an explicit burst (>= 1). */
int docbind_rate_limiter_set_burst(docbind_rate_limiter *limiter, const char *action,
                                   double per_second, double burst, docbind_error *err);

/* The rate set for `action`, or 0 when it is not limited. */
double docbind_rate_limiter_rate(docbind_rate_limiter *limiter, const char *action);

/* Turns limiting off (0) or on (1) for every action; rates are kept. */
void docbind_rate_limiter_set_enabled(docbind_rate_limiter *limiter, int enabled);
int docbind_rate_limiter_enabled(docbind_rate_limiter *limiter);

/* Takes a token without waiting: 1 when taken (or `action` is not
 * limited), 0 when the caller would have to wait. */
int docbind_rate_limiter_try_acquire(docbind_rate_limiter *limiter, const char *action);

/* Reserves the next token for `action` and returns how many seconds the
 * caller must wait before using it (0 when one was available). When that
 * wait would exceed `max_wait`, nothing is reserved and -1 is returned. */
double docbind_rate_limiter_reserve(docbind_rate_limiter *limiter, const char *action,
                                    double max_wait);

/* Reserves a token and sleeps (with the limiter's clock) until it may be
 * used. When the wait would exceed `max_wait` seconds, returns -1 at once
 * with a DOCBIND_ERROR_TIMEOUT error naming the action. */
int docbind_rate_limiter_acquire(docbind_rate_limiter *limiter, const char *action,
                                 double max_wait, docbind_error *err);

#endif
