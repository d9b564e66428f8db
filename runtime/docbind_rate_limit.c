#include "docbind_rate_limit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct token_bucket {
    char *action;
    double per_second;
    double burst;
    double tokens; /* may go negative: reservations not yet due */
    double updated; /* clock time tokens were last brought up to date */
} token_bucket;

struct docbind_rate_limiter {
    pthread_mutex_t lock;
    docbind_clock clock;
    int enabled;
    token_bucket *buckets;
    size_t count;
    size_t capacity;
};

docbind_rate_limiter *docbind_rate_limiter_new(const docbind_clock *clock)
{
    docbind_rate_limiter *limiter = calloc(1, sizeof *limiter);
    if (!limiter)
        return NULL;
    if (pthread_mutex_init(&limiter->lock, NULL) != 0) {
        free(limiter);
        return NULL;
    }
    limiter->clock = clock && clock->now ? *clock : docbind_clock_system();
    if (!limiter->clock.sleep)
        limiter->clock.sleep = docbind_clock_system().sleep;
    limiter->enabled = 1;
    return limiter;
}

void docbind_rate_limiter_free(docbind_rate_limiter *limiter)
{
    if (!limiter)
        return;
    for (size_t i = 0; i < limiter->count; i++)
        free(limiter->buckets[i].action);
    free(limiter->buckets);
    pthread_mutex_destroy(&limiter->lock);
    free(limiter);
}

/* Linear search: a service has at most a few hundred actions, and the
 * lookup is dwarfed by the request it guards. Caller holds the lock. */
static token_bucket *find_bucket(docbind_rate_limiter *limiter, const char *action)
{
    for (size_t i = 0; i < limiter->count; i++)
        if (strcmp(limiter->buckets[i].action, action) == 0)
            return &limiter->buckets[i];
    return NULL;
}

static void refill(token_bucket *bucket, double now)
{
    /* An injected clock that steps backwards must not mint tokens. */
    if (now > bucket->updated) {
        bucket->tokens += (now - bucket->updated) * bucket->per_second;
        if (bucket->tokens > bucket->burst)
            bucket->tokens = bucket->burst;
        bucket->updated = now;
    }
}

int docbind_rate_limiter_set_burst(docbind_rate_limiter *limiter, const char *action,
                                   double per_second, double burst, docbind_error *err)
{
    if (!limiter || !action || !*action)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "rate limiter: limiter and a non-empty action are required");
    if (per_second > 0 && !(burst >= 1))
        return docbind_error_set_validation(err, "burst", "minimum",
                                            "rate limit burst for %s must be at least 1", action);
    if (per_second != per_second || burst != burst)
        return docbind_error_set_validation(err, "per_second", "number",
                                            "rate limit for %s is not a number", action);
    double now = limiter->clock.now(limiter->clock.user);
    pthread_mutex_lock(&limiter->lock);
    token_bucket *bucket = find_bucket(limiter, action);
    if (!(per_second > 0)) {
        if (bucket) {
            free(bucket->action);
            *bucket = limiter->buckets[--limiter->count];
        }
        pthread_mutex_unlock(&limiter->lock);
        return 0;
    }
    if (bucket) {
        refill(bucket, now);
        bucket->per_second = per_second;
        bucket->burst = burst;
        if (bucket->tokens > burst)
            bucket->tokens = burst;
        pthread_mutex_unlock(&limiter->lock);
        return 0;
    }
    if (limiter->count == limiter->capacity) {
        size_t capacity = limiter->capacity ? limiter->capacity * 2 : 16;
        token_bucket *grown = realloc(limiter->buckets, capacity * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock(&limiter->lock);
            return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory adding a rate limit");
        }
        limiter->buckets = grown;
        limiter->capacity = capacity;
    }
    size_t n = strlen(action);
    char *name = malloc(n + 1);
    if (!name) {
        pthread_mutex_unlock(&limiter->lock);
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory adding a rate limit");
    }
    memcpy(name, action, n + 1);
    limiter->buckets[limiter->count++] = (token_bucket){name, per_second, burst, burst, now};
    pthread_mutex_unlock(&limiter->lock);
    return 0;
}

int docbind_rate_limiter_set(docbind_rate_limiter *limiter, const char *action,
                             double per_second, docbind_error *err)
{
    return docbind_rate_limiter_set_burst(limiter, action, per_second,
                                          per_second > 1 ? per_second : 1, err);
}

double docbind_rate_limiter_rate(docbind_rate_limiter *limiter, const char *action)
{
    if (!limiter || !action)
        return 0;
    pthread_mutex_lock(&limiter->lock);
    token_bucket *bucket = find_bucket(limiter, action);
    double rate = bucket ? bucket->per_second : 0;
    pthread_mutex_unlock(&limiter->lock);
    return rate;
}

void docbind_rate_limiter_set_enabled(docbind_rate_limiter *limiter, int enabled)
{
    if (!limiter)
        return;
    pthread_mutex_lock(&limiter->lock);
    limiter->enabled = enabled != 0;
    pthread_mutex_unlock(&limiter->lock);
}

int docbind_rate_limiter_enabled(docbind_rate_limiter *limiter)
{
    if (!limiter)
        return 0;
    pthread_mutex_lock(&limiter->lock);
    int enabled = limiter->enabled;
    pthread_mutex_unlock(&limiter->lock);
    return enabled;
}

/* The core: under the lock, either take a token, reserve one that comes due
 * in `wait` seconds, or (wait > max_wait) leave the bucket untouched. */
static double reserve(docbind_rate_limiter *limiter, const char *action, double max_wait)
{
    if (!limiter || !action)
        return 0;
    double now = limiter->clock.now(limiter->clock.user);
    pthread_mutex_lock(&limiter->lock);
    token_bucket *bucket = limiter->enabled ? find_bucket(limiter, action) : NULL;
    double wait = 0;
    if (bucket) {
        refill(bucket, now);
        /* The epsilon absorbs rounding in (now - updated) * rate. */
        if (bucket->tokens < 1 - 1e-9)
            wait = (1 - bucket->tokens) / bucket->per_second;
        if (wait > max_wait)
            wait = -1;
        else
            bucket->tokens -= 1;
    }
    pthread_mutex_unlock(&limiter->lock);
    return wait;
}

int docbind_rate_limiter_try_acquire(docbind_rate_limiter *limiter, const char *action)
{
    return reserve(limiter, action, 0) == 0;
}

double docbind_rate_limiter_reserve(docbind_rate_limiter *limiter, const char *action,
                                    double max_wait)
{
    return reserve(limiter, action, max_wait);
}

int docbind_rate_limiter_acquire(docbind_rate_limiter *limiter, const char *action,
                                 double max_wait, docbind_error *err)
{
    double wait = reserve(limiter, action, max_wait);
    if (wait < 0)
        return docbind_error_set(err, DOCBIND_ERROR_TIMEOUT,
                                 "client-side rate limit for %s (%g/s) needs a longer wait than the %.3f s allowed",
                                 action, docbind_rate_limiter_rate(limiter, action), max_wait);
    if (wait > 0)
        limiter->clock.sleep(wait, limiter->clock.user);
    return 0;
}
