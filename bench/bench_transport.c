/* Requests per second through docbind_client over loopback, against a
 * minimal keep-alive HTTP/1.1 server in the same process (so the numbers
 * are the client's cost plus the kernel's, not a real server's):
 *
 *   - one thread, connections reused (the normal case)
 *   - one thread, a new connection per request (max_idle_handles = 0)
 *   - 8 threads sharing one client
 *
 * Requests carry an action with a (never binding) client-side rate limit,
 * as generated code does. Every response echoes its request's URI and is
 * checked, so a response handed to the wrong request fails the run (exit
 * status 1).
 *
 *   build/bench/bench_transport [requests]     default 20000
 *   build/bench/bench_transport --quick        a few hundred, for the
 *                                              ThreadSanitizer check */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "docbind_client.h"

#define THREADS 8
#define MAX_CONNECTIONS 1024

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- a minimal echo server ---------------------------------------------- */

typedef struct echo_server {
    int listener;
    unsigned short port;
    pthread_t acceptor;
    pthread_mutex_t lock;
    pthread_cond_t idle;
    int fds[MAX_CONNECTIONS]; /* open connections; -1 marks a free slot */
    int active;
    int accepted;             /* connections ever accepted */
    int stopping;
} echo_server;

typedef struct connection_arg {
    echo_server *srv;
    int slot;
} connection_arg;

static char *find_head_end(char *buf, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
            return buf + i;
    return NULL;
}

/* The Content-Length of a request head, 0 when absent. */
static size_t content_length(const char *head, size_t len)
{
    static const char name[] = "\r\nContent-Length:";
    size_t n = sizeof name - 1;
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(head + i, name, n) == 0)
            return strtoul(head + i + n, NULL, 10);
    return 0;
}

/* Answers each request on the connection with its request target. */
static void serve(int fd)
{
    char buf[65536];
    size_t have = 0;
    for (;;) {
        char *end = find_head_end(buf, have);
        if (!end) {
            if (have == sizeof buf)
                return;
            ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
            if (n <= 0)
                return;
            have += (size_t)n;
            continue;
        }
        size_t head = (size_t)(end - buf) + 4;
        size_t body = content_length(buf, head);
        if (body > sizeof buf - head)
            return; /* the bench never sends that much */
        char *sp1 = memchr(buf, ' ', head);
        char *sp2 = sp1 ? memchr(sp1 + 1, ' ', head - (size_t)(sp1 + 1 - buf)) : NULL;
        size_t uri_len = sp1 && sp2 ? (size_t)(sp2 - sp1 - 1) : 0;
        char reply[1024];
        int n = snprintf(reply, sizeof reply,
                         "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%.*s",
                         uri_len, (int)uri_len, sp1 ? sp1 + 1 : "");
        if (n < 0 || (size_t)n >= sizeof reply || send(fd, reply, (size_t)n, MSG_NOSIGNAL) != n)
            return;
        while (have < head + body) {
            ssize_t r = recv(fd, buf + have, sizeof buf - have, 0);
            if (r <= 0)
                return;
            have += (size_t)r;
        }
        memmove(buf, buf + head + body, have - head - body);
        have -= head + body;
    }
}

static void *connection_thread(void *p)
{
    connection_arg *arg = p;
    echo_server *srv = arg->srv;
    serve(srv->fds[arg->slot]);
    pthread_mutex_lock(&srv->lock);
    close(srv->fds[arg->slot]);
    srv->fds[arg->slot] = -1;
    srv->active--;
    pthread_cond_broadcast(&srv->idle);
    pthread_mutex_unlock(&srv->lock);
    free(arg);
    return NULL;
}

static void *accept_loop(void *p)
{
    echo_server *srv = p;
    for (;;) {
        int fd = accept(srv->listener, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return NULL;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_mutex_lock(&srv->lock);
        int slot = -1;
        for (int i = 0; i < MAX_CONNECTIONS && !srv->stopping; i++)
            if (srv->fds[i] < 0) {
                slot = i;
                break;
            }
        connection_arg *arg = slot >= 0 ? malloc(sizeof *arg) : NULL;
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (arg) {
            *arg = (connection_arg){srv, slot};
            srv->fds[slot] = fd;
            if (pthread_create(&thread, &attr, connection_thread, arg) == 0) {
                srv->active++;
                srv->accepted++;
                fd = -1;
            } else {
                srv->fds[slot] = -1;
                free(arg);
            }
        }
        pthread_attr_destroy(&attr);
        pthread_mutex_unlock(&srv->lock);
        if (fd >= 0)
            close(fd);
    }
}

static int echo_server_start(echo_server *srv)
{
    memset(srv, 0, sizeof *srv);
    for (int i = 0; i < MAX_CONNECTIONS; i++)
        srv->fds[i] = -1;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->idle, NULL);
    srv->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (srv->listener < 0 || bind(srv->listener, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(srv->listener, 128) != 0 || getsockname(srv->listener, (struct sockaddr *)&a, &len) != 0)
        return -1;
    srv->port = ntohs(a.sin_port);
    return pthread_create(&srv->acceptor, NULL, accept_loop, srv) == 0 ? 0 : -1;
}

static int echo_server_connections(echo_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    int n = srv->accepted;
    pthread_mutex_unlock(&srv->lock);
    return n;
}

/* Stops accepting, wakes every connection thread and waits for them. */
static void echo_server_stop(echo_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->stopping = 1;
    pthread_mutex_unlock(&srv->lock);
    shutdown(srv->listener, SHUT_RDWR);
    pthread_join(srv->acceptor, NULL);
    close(srv->listener);
    pthread_mutex_lock(&srv->lock);
    for (int i = 0; i < MAX_CONNECTIONS; i++)
        if (srv->fds[i] >= 0)
            shutdown(srv->fds[i], SHUT_RDWR);
    while (srv->active > 0)
        pthread_cond_wait(&srv->idle, &srv->lock);
    pthread_mutex_unlock(&srv->lock);
    pthread_cond_destroy(&srv->idle);
    pthread_mutex_destroy(&srv->lock);
}

/* ---- the client side ------------------------------------------------------ */

typedef struct run {
    docbind_client *client;
    int id;
    int requests;
    int failures;
    char first_error[256];
} run;

static void *send_requests(void *p)
{
    run *r = p;
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_request req = DOCBIND_REQUEST_INIT;
    for (int i = 0; i < r->requests; i++) {
        char path[64];
        snprintf(path, sizeof path, "/bench/%d/%d", r->id, i);
        if (docbind_request_init(&req, "POST", path, &err) < 0 ||
            docbind_request_set_action(&req, "SendMessage", &err) < 0 ||
            docbind_request_set_header(&req, "Content-Type", "application/json", &err) < 0 ||
            docbind_request_set_body(&req, "{\"Msg\":\"hello\"}", 15, &err) < 0 ||
            docbind_client_send(r->client, &req, &resp, &err) < 0) {
            if (!r->failures++)
                docbind_error_format(&err, r->first_error, sizeof r->first_error);
            continue;
        }
        if (resp.status != 200 || !resp.body || strcmp((char *)resp.body, path) != 0) {
            if (!r->failures++)
                snprintf(r->first_error, sizeof r->first_error, "response for %s was \"%s\"", path,
                         resp.body ? (char *)resp.body : "");
        }
    }
    docbind_request_free(&req);
    docbind_http_response_free(&resp);
    docbind_error_clear(&err);
    return NULL;
}

typedef struct result {
    double seconds;
    int connections;
    int failures;
} result;

static result measure(echo_server *srv, int threads, int total, size_t max_idle)
{
    result res = {0};
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)srv->port);
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = url;
    cfg.max_idle_handles = max_idle;
    cfg.retry.max_attempts = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *client = docbind_client_new(&cfg, &err);
    if (!client) {
        fprintf(stderr, "bench_transport: %s\n", err.message ? err.message : "client setup failed");
        docbind_error_clear(&err);
        res.failures = total;
        return res;
    }
    /* A documented rate far above what loopback reaches: the limiter's
     * bookkeeping is measured (and race-checked) without ever waiting. */
    docbind_rate_limiter_set(docbind_client_rate_limiter(client), "SendMessage", 1e7, NULL);
    int before = echo_server_connections(srv);
    run runs[THREADS];
    pthread_t ids[THREADS];
    double start = now();
    for (int i = 0; i < threads; i++) {
        runs[i] = (run){.client = client, .id = i, .requests = total / threads};
        if (threads == 1)
            send_requests(&runs[i]);
        else
            pthread_create(&ids[i], NULL, send_requests, &runs[i]);
    }
    for (int i = 0; i < threads; i++) {
        if (threads > 1)
            pthread_join(ids[i], NULL);
        if (runs[i].failures && !res.failures)
            fprintf(stderr, "bench_transport: %s\n", runs[i].first_error);
        res.failures += runs[i].failures;
    }
    res.seconds = now() - start;
    docbind_client_free(client);
    res.connections = echo_server_connections(srv) - before;
    return res;
}

int main(int argc, char **argv)
{
    int total = 20000;
    if (argc > 1 && strcmp(argv[1], "--quick") == 0)
        total = 400;
    else if (argc > 1)
        total = atoi(argv[1]);
    if (total < THREADS)
        total = THREADS;
    total -= total % THREADS;

    if (docbind_global_init(NULL) < 0)
        return 1;
    echo_server srv;
    if (echo_server_start(&srv) < 0) {
        fprintf(stderr, "bench_transport: cannot listen on 127.0.0.1\n");
        return 1;
    }
    int fresh_total = total / 4 < THREADS ? THREADS : total / 4;
    result reuse = measure(&srv, 1, total, 16);
    result fresh = measure(&srv, 1, fresh_total, 0);
    result shared = measure(&srv, THREADS, total, THREADS);
    echo_server_stop(&srv);
    docbind_global_cleanup();

    printf("docbind transport over loopback (POST, 15-byte body, echo server in-process)\n\n");
    printf("%-38s %9s %12s %12s %8s\n", "case", "requests", "requests/s", "us/request", "conns");
    printf("%-38s %9s %12s %12s %8s\n", "--------------------------------------", "---------",
           "------------", "------------", "--------");
    struct {
        const char *label;
        int n;
        result r;
    } rows[] = {{"1 thread, keep-alive reuse", total, reuse},
                {"1 thread, new connection each time", fresh_total, fresh},
                {"8 threads, one shared client", total, shared}};
    int failures = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double rate = rows[i].r.seconds > 0 ? rows[i].n / rows[i].r.seconds : 0;
        printf("%-38s %9d %12.0f %12.1f %8d\n", rows[i].label, rows[i].n, rate,
               rows[i].n ? rows[i].r.seconds * 1e6 / rows[i].n : 0, rows[i].r.connections);
        failures += rows[i].r.failures;
    }
    printf("\nresponses checked against their requests: %s\n", failures ? "FAILURES" : "all correct");
    return failures ? 1 : 0;
}
