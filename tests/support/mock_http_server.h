/* A small HTTP/1.1 server on 127.0.0.1 (ephemeral port) for the transport
 * tests, on libmicrohttpd with one thread per connection. Replies are
 * scripted: a FIFO of one-shot replies, then a default reply. Every request
 * is recorded (method, raw URI, headers, body, connection number) and new
 * connections are counted, so tests can check keep-alive reuse server-side.
 *
 * Ownership: mock_server_start() returns a server freed by mock_server_stop();
 * replies are copied when queued; mock_server_request() fills a
 * mock_request the caller releases with mock_request_free(). */
#ifndef MOCK_HTTP_SERVER_H
#define MOCK_HTTP_SERVER_H

#include <stddef.h>

typedef struct mock_reply {
    unsigned status;           /* 0 means 200 */
    const char *body;          /* NULL means empty */
    size_t body_len;           /* 0 means strlen(body) */
    const char *content_type;  /* NULL means application/json */
    const char *header_name;   /* one extra response header, optional */
    const char *header_value;
    unsigned delay_ms;         /* wait before replying (cut short by stop) */
    int drop;                  /* read the request, then close without replying */
    size_t generated_len;      /* > 0: send this many 'x' bytes instead of body */
    int generated_chunked;     /* with generated_len: no Content-Length */
    int close_after;           /* send "Connection: close" */
    int echo_uri;              /* reply with the request's raw URI as the body */
} mock_reply;

typedef struct mock_server mock_server;

/* NULL if the daemon could not start. */
mock_server *mock_server_start(void);
void mock_server_stop(mock_server *server);

unsigned short mock_server_port(const mock_server *server);
/* "http://127.0.0.1:<port>" */
const char *mock_server_url(const mock_server *server);

/* Queues a one-shot reply (used by the next request that arrives). */
void mock_server_push(mock_server *server, const mock_reply *reply);
/* The reply used when the queue is empty (initially 200 "{}"). */
void mock_server_set_default(mock_server *server, const mock_reply *reply);

unsigned mock_server_connections(mock_server *server);
size_t mock_server_request_count(mock_server *server);

typedef struct mock_header {
    char *name;
    char *value;
} mock_header;

typedef struct mock_request {
    char *method;
    char *uri;             /* as received: path plus "?query", still encoded */
    mock_header *headers;
    size_t header_count;
    unsigned char *body;
    size_t body_len;
    unsigned connection;   /* 1-based number of the connection it came on */
} mock_request;

/* Copies the index-th recorded request into *out; 0 on success, -1 if out
 * of range. */
int mock_server_request(mock_server *server, size_t index, mock_request *out);
/* Case-insensitive header lookup; NULL when absent. */
const char *mock_request_header(const mock_request *request, const char *name);
void mock_request_free(mock_request *request);

#endif
