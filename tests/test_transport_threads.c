/* One client shared by several threads: every response must belong to the
 * request that asked for it, connections are reused from the pool, and
 * retries and rate limits stay correct under concurrency. Also run under
 * ThreadSanitizer by scripts/tsan-check.sh. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "docbind_client.h"
#include "mock_http_server.h"

#define THREADS 8
#define PER_THREAD 50

static mock_server *server;

static void setup(void)
{
    cr_assert_eq(docbind_global_init(NULL), 0);
    server = mock_server_start();
    cr_assert_not_null(server);
    mock_reply echo = {.status = 200, .echo_uri = 1, .content_type = "text/plain"};
    mock_server_set_default(server, &echo);
}

static void teardown(void)
{
    mock_server_stop(server);
    docbind_global_cleanup();
}

TestSuite(transport_threads, .init = setup, .fini = teardown, .timeout = 60);

typedef struct worker {
    docbind_client *client;
    int id;
    int ok;
    int mismatched;
    const char *action;
    char first_error[256];
} worker;

static void *run_worker(void *p)
{
    worker *w = p;
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    for (int i = 0; i < PER_THREAD; i++) {
        docbind_request req = DOCBIND_REQUEST_INIT;
        char path[64], expected[96];
        snprintf(path, sizeof path, "/thread/%d/request/%d", w->id, i);
        snprintf(expected, sizeof expected, "%s?n=%d", path, w->id * 1000 + i);
        char n[16];
        snprintf(n, sizeof n, "%d", w->id * 1000 + i);
        if (docbind_request_init(&req, "GET", path, &err) < 0 ||
            docbind_request_add_query(&req, "n", n, &err) < 0 ||
            (w->action && docbind_request_set_action(&req, w->action, &err) < 0)) {
            docbind_request_free(&req);
            break;
        }
        if (docbind_client_send(w->client, &req, &resp, &err) == 0) {
            w->ok++;
            if (resp.status != 200 || !resp.body || strcmp((char *)resp.body, expected) != 0)
                w->mismatched++;
        } else if (!w->first_error[0]) {
            docbind_error_format(&err, w->first_error, sizeof w->first_error);
        }
        docbind_request_free(&req);
    }
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    return NULL;
}

static int run_workers(docbind_client *client, const char *action, worker *workers)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){.client = client, .id = i, .action = action};
        cr_assert_eq(pthread_create(&threads[i], NULL, run_worker, &workers[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        cr_assert_eq(workers[i].mismatched, 0, "thread %d got responses to other requests", i);
        cr_assert_eq(workers[i].ok, PER_THREAD, "thread %d: %s", i, workers[i].first_error);
        ok += workers[i].ok;
    }
    return ok;
}

static docbind_client *shared_client(size_t max_idle, int max_attempts)
{
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = mock_server_url(server);
    cfg.max_idle_handles = max_idle;
    cfg.retry.max_attempts = max_attempts;
    cfg.retry.base_delay = 0.001;
    cfg.retry.max_delay = 0.01;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *client = docbind_client_new(&cfg, &err);
    cr_assert_not_null(client, "%s", err.message ? err.message : "?");
    return client;
}

Test(transport_threads, eight_threads_share_one_client)
{
    docbind_client *client = shared_client(THREADS, 4);
    worker workers[THREADS];
    cr_assert_eq(run_workers(client, NULL, workers), THREADS * PER_THREAD);
    cr_assert_eq(mock_server_request_count(server), THREADS * PER_THREAD);
    /* Each pooled handle keeps one connection: never more than the pool. */
    unsigned connections = mock_server_connections(server);
    cr_assert_leq(connections, THREADS, "connections: %u", connections);
    docbind_client_stats stats;
    docbind_client_get_stats(client, &stats);
    cr_assert_eq(stats.requests, THREADS * PER_THREAD);
    cr_assert_leq(stats.handles_created, THREADS);
    cr_assert_eq(stats.connections_opened, connections);
    docbind_client_free(client);
}

Test(transport_threads, pool_smaller_than_thread_count)
{
    docbind_client *client = shared_client(2, 4);
    worker workers[THREADS];
    cr_assert_eq(run_workers(client, NULL, workers), THREADS * PER_THREAD);
    docbind_client_free(client);
}

Test(transport_threads, concurrent_retries)
{
    docbind_client *client = shared_client(THREADS, 64); /* one request may draw many of the 503s */
    mock_reply unavailable = {.status = 503};
    for (int i = 0; i < 40; i++)
        mock_server_push(server, &unavailable);
    worker workers[THREADS];
    cr_assert_eq(run_workers(client, NULL, workers), THREADS * PER_THREAD);
    cr_assert_eq(mock_server_request_count(server), THREADS * PER_THREAD + 40);
    docbind_client_stats stats;
    docbind_client_get_stats(client, &stats);
    cr_assert_eq(stats.retries, 40);
    docbind_client_free(client);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(transport_threads, rate_limit_holds_across_threads)
{
    docbind_client *client = shared_client(THREADS, 4);
    /* 400 requests at 2000/s with a burst of 1: at least 0.1995 s. */
    docbind_rate_limiter_set_burst(docbind_client_rate_limiter(client), "Echo", 2000, 1, NULL);
    worker workers[THREADS];
    double start = now_seconds();
    cr_assert_eq(run_workers(client, "Echo", workers), THREADS * PER_THREAD);
    double took = now_seconds() - start;
    cr_assert_geq(took, 0.199, "400 requests at 2000/s took only %.3f s", took);
    docbind_client_free(client);
}
