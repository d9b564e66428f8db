/* Failure paths over real HTTP on loopback: bounded retries with injected
 * sleeps, throttling, dropped connections, timeouts, the response size cap,
 * and the non-idempotent contract (never resent once it may have arrived). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "docbind_client.h"
#include "mock_http_server.h"

static mock_server *server;

/* Real time plus an offset that sleeps advance: retries and budgets run on
 * this clock, so waits are recorded but cost no wall time. */
typedef struct virtual_clock {
    double offset;
    double sleeps[64];
    int sleep_count;
} virtual_clock;

static virtual_clock vclock;

static double real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double virtual_now(void *user)
{
    return real_now() + ((virtual_clock *)user)->offset;
}

static void virtual_sleep(double seconds, void *user)
{
    virtual_clock *c = user;
    c->offset += seconds;
    if (c->sleep_count < 64)
        c->sleeps[c->sleep_count] = seconds;
    c->sleep_count++;
}

static uint64_t half_random(void *user)
{
    (void)user;
    return UINT64_C(1) << 63; /* jitter = half the ceiling */
}

static void setup(void)
{
    cr_assert_eq(docbind_global_init(NULL), 0);
    server = mock_server_start();
    cr_assert_not_null(server);
    memset(&vclock, 0, sizeof vclock);
}

static void teardown(void)
{
    mock_server_stop(server);
    docbind_global_cleanup();
}

TestSuite(transport_failures, .init = setup, .fini = teardown, .timeout = 15);

static void base_config(docbind_client_config *cfg, const char *url)
{
    docbind_client_config_init(cfg);
    cfg->base_url = url;
    cfg->retry.max_attempts = 4;
    cfg->retry.base_delay = 0.1;
    cfg->retry.max_delay = 1.0;
    cfg->retry.max_elapsed = 30;
    cfg->retry.clock = (docbind_clock){virtual_now, virtual_sleep, &vclock};
    cfg->retry.random = half_random;
}

static docbind_client *client_for(docbind_client_config *cfg)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *client = docbind_client_new(cfg, &err);
    cr_assert_not_null(client, "%s", err.message ? err.message : "?");
    return client;
}

static void make_request(docbind_request *req, const char *method, int idempotent)
{
    *req = (docbind_request)DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_request_init(req, method, "/v1/messages", NULL), 0);
    if (strcmp(method, "POST") == 0) {
        docbind_request_set_header(req, "Content-Type", "application/json", NULL);
        docbind_request_set_body(req, "{\"Msg\":\"hello\"}", 15, NULL);
    }
    docbind_request_set_idempotent(req, idempotent);
}

Test(transport_failures, unavailable_then_success_with_backoff)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply unavailable = {.status = 503, .body = "busy"};
    mock_server_push(server, &unavailable);
    mock_server_push(server, &unavailable);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(resp.status, 200);
    cr_assert_eq(resp.attempts, 3);
    cr_assert_eq(mock_server_request_count(server), 3);
    /* Full jitter with the random source pinned at 1/2: half of 0.1, 0.2. */
    cr_assert_eq(vclock.sleep_count, 2);
    cr_assert_float_eq(vclock.sleeps[0], 0.05, 1e-9);
    cr_assert_float_eq(vclock.sleeps[1], 0.10, 1e-9);
    docbind_client_stats stats;
    docbind_client_get_stats(client, &stats);
    cr_assert_eq(stats.retries, 2);
    cr_assert_eq(stats.attempts, 3);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, retries_are_bounded_in_count)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply unavailable = {.status = 503, .body = "still busy"};
    mock_server_set_default(server, &unavailable);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_eq(err.http_status, 503);
    cr_assert_str_eq(err.body, "still busy");
    cr_assert_not_null(strstr(err.message, "after 4 attempts"), "%s", err.message);
    cr_assert_eq(resp.attempts, 4);
    cr_assert_eq(resp.status, 503, "the last response is kept");
    cr_assert_eq(mock_server_request_count(server), 4);
    cr_assert_eq(vclock.sleep_count, 3);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, retries_are_bounded_in_time)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.retry.max_attempts = 50;
    cfg.retry.base_delay = 0.2;
    cfg.retry.max_delay = 0.4;
    cfg.retry.max_elapsed = 1.0;
    docbind_client *client = client_for(&cfg);
    mock_reply unavailable = {.status = 503};
    mock_server_set_default(server, &unavailable);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.http_status, 503);
    /* Waits of 0.1, 0.2, 0.2, ... stop before 1 s of (virtual) time. */
    double slept = 0;
    for (int i = 0; i < vclock.sleep_count; i++)
        slept += vclock.sleeps[i];
    cr_assert_lt(slept, 1.0);
    cr_assert_lt(resp.attempts, 50);
    cr_assert_geq(resp.attempts, 4);
    cr_assert_lt(resp.elapsed, 1.0 + 0.5);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, throttling_429_honours_retry_after)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.retry.max_delay = 5.0;
    docbind_client *client = client_for(&cfg);
    mock_reply throttled = {.status = 429, .body = "slow down", .header_name = "Retry-After", .header_value = "2"};
    mock_server_push(server, &throttled);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(resp.attempts, 2);
    cr_assert_eq(vclock.sleep_count, 1);
    cr_assert_float_eq(vclock.sleeps[0], 2.0, 1e-9);

    /* A Retry-After beyond max_delay: give the error back instead of waiting. */
    mock_reply patient = {.status = 429, .header_name = "Retry-After", .header_value = "3600"};
    mock_server_push(server, &patient);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.http_status, 429);
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(vclock.sleep_count, 1);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, tencent_request_limit_exceeded)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.envelope = DOCBIND_ENVELOPE_TENCENT;
    docbind_client *client = client_for(&cfg);
    mock_reply limited = {.status = 200,
                          .body = "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\",\"Message\":\"too fast\"},\"RequestId\":\"r1\"}}"};
    mock_reply ok = {.status = 200, .body = "{\"Response\":{\"RequestId\":\"r2\"}}"};
    mock_server_set_default(server, &ok);
    mock_server_push(server, &limited);
    docbind_request req;
    make_request(&req, "POST", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(resp.attempts, 2);

    /* The same throttling on a non-idempotent request is reported, not resent. */
    mock_server_push(server, &limited);
    docbind_request_set_idempotent(&req, 0);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "RequestLimitExceeded");
    cr_assert_str_eq(err.request_id, "r1");
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(mock_server_request_count(server), 3);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, non_idempotent_not_retried_on_503)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply unavailable = {.status = 503};
    mock_server_push(server, &unavailable);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.http_status, 503);
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(mock_server_request_count(server), 1);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, dropped_connection_retried_when_idempotent)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply drop = {.drop = 1};
    mock_server_push(server, &drop);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(resp.attempts, 2);
    cr_assert_eq(mock_server_request_count(server), 2);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, dropped_connection_not_retried_when_non_idempotent)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply drop = {.drop = 1};
    mock_server_push(server, &drop);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TRANSPORT);
    cr_assert_eq(err.curl_code, CURLE_GOT_NOTHING);
    cr_assert_eq(err.http_status, 0);
    cr_assert_eq(resp.status, 0);
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(mock_server_request_count(server), 1, "the message reached the server exactly once");
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, non_idempotent_not_resent_on_a_dead_reused_connection)
{
    /* libcurl by itself resends a request once a reused keep-alive connection
     * closes before any response byte. The server did read the request, so
     * for a non-idempotent request the client must refuse that resend. */
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    docbind_request warmup;
    make_request(&warmup, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &warmup, &resp, &err), 0);

    mock_reply drop = {.drop = 1};
    mock_server_push(server, &drop);
    docbind_request send;
    make_request(&send, "POST", 0);
    cr_assert_eq(docbind_client_send(client, &send, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TRANSPORT);
    cr_assert_not_null(strstr(err.message, "not resent"), "%s", err.message);
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(mock_server_request_count(server), 2, "warm-up plus exactly one copy of the message");
    docbind_error_clear(&err);

    /* An idempotent request in the same situation may be resent. */
    cr_assert_eq(docbind_client_send(client, &warmup, &resp, &err), 0, "%s", err.message);
    mock_server_push(server, &drop);
    cr_assert_eq(docbind_client_send(client, &warmup, &resp, &err), 0, "%s", err.message);
    docbind_http_response_free(&resp);
    docbind_request_free(&warmup);
    docbind_request_free(&send);
    docbind_client_free(client);
}

Test(transport_failures, timeout_is_a_timeout_error)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.timeout_ms = 300;
    cfg.retry.max_attempts = 1;
    docbind_client *client = client_for(&cfg);
    mock_reply slow = {.status = 200, .delay_ms = 5000};
    mock_server_push(server, &slow);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    double start = real_now();
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    double took = real_now() - start;
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_eq(err.curl_code, CURLE_OPERATION_TIMEDOUT);
    cr_assert_geq(took, 0.25);
    cr_assert_lt(took, 2.0, "took %.3f s", took);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, timeout_after_sending_not_retried_when_non_idempotent)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.timeout_ms = 300;
    docbind_client *client = client_for(&cfg);
    mock_reply slow = {.status = 200, .delay_ms = 5000};
    mock_server_set_default(server, &slow);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_eq(resp.attempts, 1);
    cr_assert_eq(mock_server_request_count(server), 1);

    /* Idempotent: retried up to the bound (max_attempts = 4). */
    docbind_request_set_idempotent(&req, 1);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_eq(resp.attempts, 4);
    cr_assert_eq(mock_server_request_count(server), 5);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

/* A port on which nothing listens. */
static unsigned short closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

Test(transport_failures, connection_refused_is_retried_even_when_non_idempotent)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)closed_port());
    docbind_client_config cfg;
    base_config(&cfg, url);
    docbind_client *client = client_for(&cfg);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TRANSPORT);
    cr_assert_eq(err.curl_code, CURLE_COULDNT_CONNECT);
    cr_assert_eq(resp.attempts, 4, "never reached the server: safe to retry");
    cr_assert_eq(vclock.sleep_count, 3);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

/* A listener whose accept queue is full: further SYNs are dropped, so a
 * connect attempt times out before the connection exists. */
typedef struct black_hole {
    int listener;
    int fillers[8];
    int filler_count;
    unsigned short port;
} black_hole;

static int black_hole_open(black_hole *bh)
{
    memset(bh, 0, sizeof *bh);
    bh->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(bh->listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(bh->listener, 0) != 0)
        return -1;
    socklen_t len = sizeof a;
    getsockname(bh->listener, (struct sockaddr *)&a, &len);
    bh->port = ntohs(a.sin_port);
    for (int i = 0; i < 8; i++) {
        int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(c, (struct sockaddr *)&a, sizeof a);
        struct pollfd p = {c, POLLOUT, 0};
        if (poll(&p, 1, 100) <= 0) {
            close(c);
            return 0; /* the queue is full */
        }
        bh->fillers[bh->filler_count++] = c;
    }
    return -1;
}

static void black_hole_close(black_hole *bh)
{
    for (int i = 0; i < bh->filler_count; i++)
        close(bh->fillers[i]);
    close(bh->listener);
}

Test(transport_failures, connect_timeout_is_retried_even_when_non_idempotent)
{
    black_hole bh;
    cr_assert_eq(black_hole_open(&bh), 0, "could not fill the accept queue");
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)bh.port);
    docbind_client_config cfg;
    base_config(&cfg, url);
    cfg.connect_timeout_ms = 150;
    cfg.retry.max_attempts = 3;
    docbind_client *client = client_for(&cfg);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_eq(err.curl_code, CURLE_OPERATION_TIMEDOUT);
    cr_assert_eq(resp.attempts, 3, "timed out before connecting: nothing was sent, safe to retry");
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
    black_hole_close(&bh);
}

static void expect_too_large(docbind_client *client, const mock_reply *reply)
{
    mock_server_push(server, reply);
    size_t before = mock_server_request_count(server);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TRANSPORT);
    cr_assert_not_null(strstr(err.message, "1024-byte limit"), "%s", err.message);
    cr_assert(err.curl_code == CURLE_FILESIZE_EXCEEDED || err.curl_code == CURLE_WRITE_ERROR);
    cr_assert_null(resp.body, "never a silently truncated body");
    cr_assert_eq(resp.body_len, 0);
    cr_assert_eq(resp.attempts, 1, "a size-cap failure is not retried");
    cr_assert_eq(mock_server_request_count(server), before + 1);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
}

Test(transport_failures, oversized_response_hits_the_cap)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.max_response_bytes = 1024;
    docbind_client *client = client_for(&cfg);
    mock_reply announced = {.generated_len = 4096};                        /* Content-Length */
    mock_reply chunked = {.generated_len = 4096, .generated_chunked = 1};  /* no length */
    mock_reply one_over = {.generated_len = 1025, .generated_chunked = 1};
    expect_too_large(client, &announced);
    expect_too_large(client, &chunked);
    expect_too_large(client, &one_over);

    /* Exactly at the cap is fine. */
    mock_reply exact = {.generated_len = 1024, .generated_chunked = 1};
    mock_server_push(server, &exact);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(resp.body_len, 1024);
    cr_assert_eq(resp.body[1023], 'x');
    cr_assert_eq(resp.body[1024], '\0');
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, null_error_pointer_is_allowed)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    docbind_client *client = client_for(&cfg);
    mock_reply unavailable = {.status = 503};
    mock_server_push(server, &unavailable);
    docbind_request req;
    make_request(&req, "GET", 1);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, NULL), 0);
    cr_assert_eq(resp.attempts, 2);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

/* Time that moves only when slept: the rate-limit waits become exact and
 * do not depend on how fast the machine runs the requests. */
static double frozen_now(void *user)
{
    return ((virtual_clock *)user)->offset;
}

Test(transport_failures, client_side_rate_limit_per_action)
{
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.retry.clock.now = frozen_now;
    docbind_client *client = client_for(&cfg);
    docbind_rate_limiter *lim = docbind_client_rate_limiter(client);
    cr_assert_not_null(lim);
    cr_assert(docbind_rate_limiter_enabled(lim), "on by default");
    cr_assert_eq(docbind_rate_limiter_set_burst(lim, "SendMessage", 10, 1, NULL), 0);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_request_set_action(&req, "SendMessage", NULL);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    for (int i = 0; i < 5; i++)
        cr_assert_eq(docbind_client_send(client, &req, &resp, NULL), 0);
    /* 10/s with a burst of 1: the 2nd..5th wait 0.1 s each for their tokens. */
    cr_assert_eq(vclock.sleep_count, 4);
    for (int i = 0; i < 4; i++)
        cr_assert_float_eq(vclock.sleeps[i], 0.1, 1e-9);

    /* Other actions are not limited; disabling the limiter stops the waits. */
    vclock.sleep_count = 0;
    docbind_request_set_action(&req, "DescribeTopic", NULL);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(docbind_client_send(client, &req, &resp, NULL), 0);
    cr_assert_eq(vclock.sleep_count, 0);
    docbind_rate_limiter_set_enabled(lim, 0);
    docbind_request_set_action(&req, "SendMessage", NULL);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(docbind_client_send(client, &req, &resp, NULL), 0);
    cr_assert_eq(vclock.sleep_count, 0);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_failures, shared_limiter_and_budget_exhaustion)
{
    docbind_clock clock = {virtual_now, virtual_sleep, &vclock};
    docbind_rate_limiter *shared = docbind_rate_limiter_new(&clock);
    docbind_rate_limiter_set_burst(shared, "SendMessage", 0.01, 1, NULL); /* one per 100 s */
    docbind_client_config cfg;
    base_config(&cfg, mock_server_url(server));
    cfg.rate_limiter = shared;
    cfg.retry.max_elapsed = 5;
    docbind_client *a = client_for(&cfg);
    docbind_client *b = client_for(&cfg);
    cr_assert_eq(docbind_client_rate_limiter(a), shared);
    docbind_request req;
    make_request(&req, "POST", 0);
    docbind_request_set_action(&req, "SendMessage", NULL);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(a, &req, &resp, &err), 0);
    /* The next token is 100 s away, beyond the 5 s budget: fail at once. */
    cr_assert_eq(docbind_client_send(b, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_not_null(strstr(err.message, "rate limit"));
    cr_assert_eq(resp.attempts, 0);
    cr_assert_eq(mock_server_request_count(server), 1);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(a);
    docbind_client_free(b);
    docbind_rate_limiter_free(shared);
}
