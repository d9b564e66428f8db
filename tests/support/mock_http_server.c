#include "mock_http_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define MAX_RECORDED 20000
#define MAX_QUEUED 256

typedef struct stored_reply {
    mock_reply reply; /* string fields point into the copies below */
    char *body;
    char *content_type;
    char *header_name;
    char *header_value;
} stored_reply;

struct mock_server {
    struct MHD_Daemon *daemon;
    unsigned short port;
    char url[64];
    pthread_mutex_t lock;
    pthread_cond_t stop_cond;
    int stopping;
    stored_reply queue[MAX_QUEUED];
    size_t queue_head, queue_len;
    stored_reply fallback;
    unsigned connections;
    mock_request *records;
    size_t record_count;
};

/* Per-request state, created by the URI log callback. */
typedef struct request_ctx {
    char *uri;
    int started;
    unsigned char *body;
    size_t body_len, body_cap;
} request_ctx;

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        abort();
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dup_or_null(const char *s)
{
    return s ? dup_n(s, strlen(s)) : NULL;
}

static void stored_free(stored_reply *s)
{
    free(s->body);
    free(s->content_type);
    free(s->header_name);
    free(s->header_value);
    memset(s, 0, sizeof *s);
}

static void stored_set(stored_reply *s, const mock_reply *r)
{
    stored_free(s);
    s->reply = *r;
    size_t len = r->body ? (r->body_len ? r->body_len : strlen(r->body)) : 0;
    s->body = r->body ? dup_n(r->body, len) : NULL;
    s->reply.body = s->body;
    s->reply.body_len = len;
    s->content_type = dup_or_null(r->content_type);
    s->reply.content_type = s->content_type;
    s->header_name = dup_or_null(r->header_name);
    s->reply.header_name = s->header_name;
    s->header_value = dup_or_null(r->header_value);
    s->reply.header_value = s->header_value;
}

/* Takes the next reply (a deep copy the caller frees). */
static void next_reply(mock_server *srv, stored_reply *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&srv->lock);
    if (srv->queue_len) {
        *out = srv->queue[srv->queue_head];
        memset(&srv->queue[srv->queue_head], 0, sizeof srv->queue[0]);
        srv->queue_head = (srv->queue_head + 1) % MAX_QUEUED;
        srv->queue_len--;
    } else {
        stored_set(out, &srv->fallback.reply);
    }
    pthread_mutex_unlock(&srv->lock);
}

/* Sleeps up to ms, returning early when the server stops. */
static void wait_ms(mock_server *srv, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&srv->lock);
    while (!srv->stopping)
        if (pthread_cond_timedwait(&srv->stop_cond, &srv->lock, &until) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&srv->lock);
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    mock_request *r = cls;
    r->headers = realloc(r->headers, (r->header_count + 1) * sizeof *r->headers);
    if (!r->headers)
        abort();
    r->headers[r->header_count].name = dup_or_null(key);
    r->headers[r->header_count].value = dup_or_null(value ? value : "");
    r->header_count++;
    return MHD_YES;
}

static void record(mock_server *srv, struct MHD_Connection *c, const char *method, request_ctx *ctx)
{
    mock_request r;
    memset(&r, 0, sizeof r);
    r.method = dup_or_null(method);
    r.uri = dup_or_null(ctx->uri ? ctx->uri : "");
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &r);
    r.body = (unsigned char *)dup_n((const char *)ctx->body, ctx->body_len);
    r.body_len = ctx->body_len;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    r.connection = info && info->socket_context ? (unsigned)(uintptr_t)info->socket_context : 0;
    pthread_mutex_lock(&srv->lock);
    if (srv->record_count < MAX_RECORDED) {
        srv->records[srv->record_count++] = r;
        memset(&r, 0, sizeof r);
    }
    pthread_mutex_unlock(&srv->lock);
    mock_request_free(&r);
}

typedef struct generated_body {
    size_t remaining;
} generated_body;

static ssize_t generate_body(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    generated_body *g = cls;
    if (g->remaining == 0)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = g->remaining < max ? g->remaining : max;
    memset(buf, 'x', n);
    g->remaining -= n;
    return (ssize_t)n;
}

static void free_generated(void *cls)
{
    free(cls);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    (void)url;
    (void)version;
    mock_server *srv = cls;
    request_ctx *ctx = *req_cls;
    if (!ctx)
        return MHD_NO;
    if (!ctx->started) {
        ctx->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        if (ctx->body_len + n > ctx->body_cap) {
            size_t cap = ctx->body_cap ? ctx->body_cap : 1024;
            while (cap < ctx->body_len + n)
                cap *= 2;
            ctx->body = realloc(ctx->body, cap);
            if (!ctx->body)
                abort();
            ctx->body_cap = cap;
        }
        memcpy(ctx->body + ctx->body_len, upload_data, n);
        ctx->body_len += n;
        *upload_data_size = 0;
        return MHD_YES;
    }

    record(srv, c, method, ctx);
    stored_reply reply;
    next_reply(srv, &reply);
    const mock_reply *r = &reply.reply;
    if (r->delay_ms)
        wait_ms(srv, r->delay_ms);
    if (r->drop) {
        stored_free(&reply);
        return MHD_NO; /* closes the connection without a response */
    }

    struct MHD_Response *resp;
    if (r->generated_len) {
        generated_body *g = malloc(sizeof *g);
        if (!g)
            abort();
        g->remaining = r->generated_len;
        resp = MHD_create_response_from_callback(r->generated_chunked ? MHD_SIZE_UNKNOWN : r->generated_len,
                                                 64 * 1024, generate_body, g, free_generated);
    } else if (r->echo_uri) {
        const char *uri = ctx->uri ? ctx->uri : "";
        resp = MHD_create_response_from_buffer(strlen(uri), (void *)uri, MHD_RESPMEM_MUST_COPY);
    } else {
        resp = MHD_create_response_from_buffer(r->body_len, (void *)(r->body ? r->body : ""),
                                               MHD_RESPMEM_MUST_COPY);
    }
    MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "application/json");
    if (r->header_name)
        MHD_add_response_header(resp, r->header_name, r->header_value ? r->header_value : "");
    if (r->close_after)
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(c, r->status ? r->status : 200, resp);
    MHD_destroy_response(resp);
    stored_free(&reply);
    return ok;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        abort();
    ctx->uri = dup_or_null(uri);
    return ctx;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)c;
    (void)code;
    request_ctx *ctx = *req_cls;
    if (ctx) {
        free(ctx->uri);
        free(ctx->body);
        free(ctx);
        *req_cls = NULL;
    }
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)c;
    mock_server *srv = cls;
    if (code != MHD_CONNECTION_NOTIFY_STARTED)
        return;
    pthread_mutex_lock(&srv->lock);
    unsigned number = ++srv->connections;
    pthread_mutex_unlock(&srv->lock);
    *socket_context = (void *)(uintptr_t)number;
}

mock_server *mock_server_start(void)
{
    mock_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return NULL;
    srv->records = calloc(MAX_RECORDED, sizeof *srv->records);
    if (!srv->records) {
        free(srv);
        return NULL;
    }
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->stop_cond, NULL);
    mock_reply ok = {.status = 200, .body = "{}"};
    stored_set(&srv->fallback, &ok);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handle, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_END);
    if (!srv->daemon) {
        mock_server_stop(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : 0;
    snprintf(srv->url, sizeof srv->url, "http://127.0.0.1:%u", (unsigned)srv->port);
    return srv;
}

void mock_server_stop(mock_server *srv)
{
    if (!srv)
        return;
    pthread_mutex_lock(&srv->lock);
    srv->stopping = 1;
    pthread_cond_broadcast(&srv->stop_cond);
    pthread_mutex_unlock(&srv->lock);
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    for (size_t i = 0; i < srv->queue_len; i++)
        stored_free(&srv->queue[(srv->queue_head + i) % MAX_QUEUED]);
    stored_free(&srv->fallback);
    for (size_t i = 0; i < srv->record_count; i++)
        mock_request_free(&srv->records[i]);
    free(srv->records);
    pthread_cond_destroy(&srv->stop_cond);
    pthread_mutex_destroy(&srv->lock);
    free(srv);
}

unsigned short mock_server_port(const mock_server *srv)
{
    return srv->port;
}

const char *mock_server_url(const mock_server *srv)
{
    return srv->url;
}

void mock_server_push(mock_server *srv, const mock_reply *reply)
{
    pthread_mutex_lock(&srv->lock);
    if (srv->queue_len < MAX_QUEUED) {
        stored_reply *slot = &srv->queue[(srv->queue_head + srv->queue_len) % MAX_QUEUED];
        memset(slot, 0, sizeof *slot);
        stored_set(slot, reply);
        srv->queue_len++;
    }
    pthread_mutex_unlock(&srv->lock);
}

void mock_server_set_default(mock_server *srv, const mock_reply *reply)
{
    pthread_mutex_lock(&srv->lock);
    stored_set(&srv->fallback, reply);
    pthread_mutex_unlock(&srv->lock);
}

unsigned mock_server_connections(mock_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    unsigned n = srv->connections;
    pthread_mutex_unlock(&srv->lock);
    return n;
}

size_t mock_server_request_count(mock_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    size_t n = srv->record_count;
    pthread_mutex_unlock(&srv->lock);
    return n;
}

int mock_server_request(mock_server *srv, size_t index, mock_request *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&srv->lock);
    if (index >= srv->record_count) {
        pthread_mutex_unlock(&srv->lock);
        return -1;
    }
    const mock_request *r = &srv->records[index];
    out->method = dup_or_null(r->method);
    out->uri = dup_or_null(r->uri);
    out->body = (unsigned char *)dup_n((const char *)r->body, r->body_len);
    out->body_len = r->body_len;
    out->connection = r->connection;
    out->header_count = r->header_count;
    out->headers = calloc(r->header_count ? r->header_count : 1, sizeof *out->headers);
    if (!out->headers)
        abort();
    for (size_t i = 0; i < r->header_count; i++) {
        out->headers[i].name = dup_or_null(r->headers[i].name);
        out->headers[i].value = dup_or_null(r->headers[i].value);
    }
    pthread_mutex_unlock(&srv->lock);
    return 0;
}

const char *mock_request_header(const mock_request *r, const char *name)
{
    for (size_t i = 0; i < r->header_count; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

void mock_request_free(mock_request *r)
{
    if (!r)
        return;
    free(r->method);
    free(r->uri);
    for (size_t i = 0; i < r->header_count; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    free(r->body);
    memset(r, 0, sizeof *r);
}
