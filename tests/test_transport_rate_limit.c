/* Token buckets per action, driven by an injected clock; one test uses the
 * real clock with several threads to check the limiter is shared safely. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "docbind_rate_limit.h"

typedef struct fake_clock {
    double now;
    double slept;
    int sleeps;
} fake_clock;

static double fake_now(void *user)
{
    return ((fake_clock *)user)->now;
}

static void fake_sleep(double seconds, void *user)
{
    fake_clock *c = user;
    c->now += seconds;
    c->slept += seconds;
    c->sleeps++;
}

static docbind_rate_limiter *fake_limiter(fake_clock *fc)
{
    docbind_clock clock = {fake_now, fake_sleep, fc};
    docbind_rate_limiter *lim = docbind_rate_limiter_new(&clock);
    cr_assert_not_null(lim);
    return lim;
}

Test(transport_rate_limit, unlimited_actions_pass, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    cr_assert(docbind_rate_limiter_enabled(lim));
    for (int i = 0; i < 1000; i++)
        cr_assert(docbind_rate_limiter_try_acquire(lim, "DescribeInstances"));
    cr_assert_float_eq(docbind_rate_limiter_rate(lim, "DescribeInstances"), 0.0, 1e-12);
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, bucket_starts_full_and_refills, .timeout = 5)
{
    fake_clock fc = {.now = 100.0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_rate_limiter_set(lim, "SendMessage", 10, &err), 0);
    cr_assert_float_eq(docbind_rate_limiter_rate(lim, "SendMessage"), 10.0, 1e-12);
    for (int i = 0; i < 10; i++)
        cr_assert(docbind_rate_limiter_try_acquire(lim, "SendMessage"), "token %d", i);
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    /* Other actions are independent. */
    cr_assert(docbind_rate_limiter_try_acquire(lim, "DescribeTopic"));
    fc.now += 0.05;
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    fc.now += 0.05;
    cr_assert(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    /* A long idle period refills only up to the burst. */
    fc.now += 1000;
    for (int i = 0; i < 10; i++)
        cr_assert(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "SendMessage"));
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, reservations_queue_in_order, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    cr_assert_eq(docbind_rate_limiter_set_burst(lim, "A", 2, 1, NULL), 0);
    /* (Criterion's float assertions evaluate their arguments twice.) */
    double w1 = docbind_rate_limiter_reserve(lim, "A", 10);
    double w2 = docbind_rate_limiter_reserve(lim, "A", 10);
    double w3 = docbind_rate_limiter_reserve(lim, "A", 10);
    /* Too long a wait reserves nothing. */
    double refused = docbind_rate_limiter_reserve(lim, "A", 1.2);
    double w4 = docbind_rate_limiter_reserve(lim, "A", 10);
    cr_assert_float_eq(w1, 0.0, 1e-9);
    cr_assert_float_eq(w2, 0.5, 1e-9);
    cr_assert_float_eq(w3, 1.0, 1e-9);
    cr_assert_float_eq(refused, -1.0, 1e-9);
    cr_assert_float_eq(w4, 1.5, 1e-9);
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, acquire_sleeps_on_the_injected_clock, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_rate_limiter_set_burst(lim, "SendMessage", 100, 1, &err), 0);
    for (int i = 0; i < 50; i++)
        cr_assert_eq(docbind_rate_limiter_acquire(lim, "SendMessage", 1.0, &err), 0);
    /* 1 immediate token, then 49 at 10 ms intervals. */
    cr_assert_float_eq(fc.slept, 0.49, 1e-6);
    cr_assert_eq(fc.sleeps, 49);
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);

    cr_assert_eq(docbind_rate_limiter_set_burst(lim, "Slow", 0.1, 1, &err), 0);
    cr_assert_eq(docbind_rate_limiter_acquire(lim, "Slow", 1.0, &err), 0);
    cr_assert_eq(docbind_rate_limiter_acquire(lim, "Slow", 1.0, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_not_null(strstr(err.message, "Slow"));
    docbind_error_clear(&err);
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, disable_enable_remove_and_adjust, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    docbind_rate_limiter_set_burst(lim, "A", 1, 1, NULL);
    cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "A"));
    docbind_rate_limiter_set_enabled(lim, 0);
    cr_assert_not(docbind_rate_limiter_enabled(lim));
    for (int i = 0; i < 100; i++)
        cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    docbind_rate_limiter_set_enabled(lim, 1);
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "A"));

    /* Raising the rate takes effect on the next refill. */
    docbind_rate_limiter_set_burst(lim, "A", 100, 5, NULL);
    fc.now += 0.05;
    for (int i = 0; i < 5; i++)
        cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "A"));

    /* A rate of 0 removes the limit. */
    cr_assert_eq(docbind_rate_limiter_set(lim, "A", 0, NULL), 0);
    cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    cr_assert_float_eq(docbind_rate_limiter_rate(lim, "A"), 0.0, 1e-12);
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, bad_arguments, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_rate_limiter_set_burst(lim, "A", 10, 0.5, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.param_path, "burst");
    docbind_error_clear(&err);
    cr_assert_eq(docbind_rate_limiter_set(lim, "", 10, &err), -1);
    docbind_error_clear(&err);
    cr_assert_eq(docbind_rate_limiter_set(NULL, "A", 10, &err), -1);
    docbind_error_clear(&err);
    cr_assert(docbind_rate_limiter_try_acquire(NULL, "A"));
    docbind_rate_limiter_free(NULL);
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, clock_going_backwards_mints_nothing, .timeout = 5)
{
    fake_clock fc = {.now = 50};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    docbind_rate_limiter_set_burst(lim, "A", 1, 1, NULL);
    cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    fc.now = 10;
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "A"));
    fc.now = 50.5;
    cr_assert_not(docbind_rate_limiter_try_acquire(lim, "A"));
    fc.now = 51;
    cr_assert(docbind_rate_limiter_try_acquire(lim, "A"));
    docbind_rate_limiter_free(lim);
}

Test(transport_rate_limit, many_actions, .timeout = 5)
{
    fake_clock fc = {0};
    docbind_rate_limiter *lim = fake_limiter(&fc);
    char name[32];
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "Action%d", i);
        cr_assert_eq(docbind_rate_limiter_set_burst(lim, name, i + 1, 1, NULL), 0);
    }
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "Action%d", i);
        cr_assert_float_eq(docbind_rate_limiter_rate(lim, name), i + 1.0, 1e-12);
        cr_assert(docbind_rate_limiter_try_acquire(lim, name));
        cr_assert_not(docbind_rate_limiter_try_acquire(lim, name));
    }
    docbind_rate_limiter_free(lim);
}

typedef struct worker_arg {
    docbind_rate_limiter *lim;
    int acquired;
} worker_arg;

static void *acquire_worker(void *p)
{
    worker_arg *arg = p;
    for (int i = 0; i < 50; i++)
        if (docbind_rate_limiter_acquire(arg->lim, "SendMessage", 5.0, NULL) == 0)
            arg->acquired++;
    return NULL;
}

Test(transport_rate_limit, shared_by_threads_on_the_real_clock, .timeout = 10)
{
    /* 4 threads x 50 tokens at 1000/s with a burst of 1: at least 199 ms. */
    docbind_rate_limiter *lim = docbind_rate_limiter_new(NULL);
    docbind_rate_limiter_set_burst(lim, "SendMessage", 1000, 1, NULL);
    docbind_clock clock = docbind_clock_system();
    double start = clock.now(NULL);
    pthread_t threads[4];
    worker_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (worker_arg){lim, 0};
        cr_assert_eq(pthread_create(&threads[i], NULL, acquire_worker, &args[i]), 0);
    }
    int total = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        total += args[i].acquired;
    }
    double elapsed = clock.now(NULL) - start;
    cr_assert_eq(total, 200);
    cr_assert_geq(elapsed, 0.195, "200 tokens at 1000/s took only %.3f s", elapsed);
    cr_assert_lt(elapsed, 3.0);
    docbind_rate_limiter_free(lim);
}
