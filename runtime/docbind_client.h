/* docbind_client.h: the HTTP transport generated bindings call, on libcurl.
 *
 * One docbind_client per service endpoint. It keeps connections alive
 * between requests (a pool of libcurl easy handles, each holding its own
 * connection, plus a share of DNS cache and TLS sessions), signs every
 * attempt through a callback, retries within bounds (docbind_retry.h), and
 * applies client-side rate limits per action (docbind_rate_limit.h).
 *
 * Ownership, once for the whole header:
 *   - docbind_request and docbind_http_response own every string and buffer
 *     inside them; docbind_request_free() / docbind_http_response_free()
 *     release them and reset the struct to its *_INIT value. Both are safe on
 *     a zero-filled or already-freed struct. Setters copy what they are given.
 *   - docbind_client_new() copies every string in the config; the config may
 *     be discarded afterwards. A rate limiter passed in the config is
 *     borrowed and must outlive the client.
 *   - docbind_client_send() never takes ownership of the request.
 *
 * Threads: call docbind_global_init() once (from main, before any thread
 * starts) and docbind_global_cleanup() once at the end. A docbind_client may
 * be shared by any number of threads: everything about one request lives in
 * the request and response objects and in an easy handle checked out of the
 * client's mutex-guarded pool for the duration of the call; the client itself
 * is read-only after creation. The sign callback and the injected clock and
 * random source are then called from several threads at once and must be
 * thread-safe. docbind_request and docbind_http_response objects are not
 * shared: one per call.
 *
 * Proxies: the client does what libcurl does by default, which is to read
 * http_proxy, https_proxy, all_proxy and no_proxy (and their upper-case forms,
 * except HTTP_PROXY) from the environment. config.proxy overrides that; ""
 * turns proxies off.
 *
 * TLS: peer and host verification are on unless config.verify_tls is 0.
 * Only http:// and https:// are allowed; redirects are not followed (a
 * redirected request would no longer match its signature).
 *
 * Signals: the client sets CURLOPT_NOSIGNAL (required with threads), so DNS
 * timeouts depend on libcurl's threaded resolver, which Debian's libcurl
 * uses. Sockets are written with MSG_NOSIGNAL; programs that also use other
 * socket code should still ignore SIGPIPE.
 *
 * The runtime never prints; everything is reported through docbind_error.
 */
#ifndef DOCBIND_CLIENT_H
#define DOCBIND_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "docbind_error.h"
#include "docbind_rate_limit.h"
#include "docbind_retry.h"

/* Default cap on a response body: 50 MiB. A larger body is a transport
 * error (never silently truncated). */
#define DOCBIND_DEFAULT_MAX_RESPONSE_BYTES ((size_t)50 * 1024 * 1024)

/* Response headers beyond either limit make the attempt a transport error. */
#define DOCBIND_MAX_RESPONSE_HEADERS 256
#define DOCBIND_MAX_RESPONSE_HEADER_BYTES ((size_t)256 * 1024)

/* Wraps curl_global_init(CURL_GLOBAL_DEFAULT). Call once before creating
 * clients and before starting threads. */
int docbind_global_init(docbind_error *err);
/* Wraps curl_global_cleanup(). Call once after every client is freed. */
void docbind_global_cleanup(void);

/* ---- Requests --------------------------------------------------------- */

typedef struct docbind_name_value {
    char *name;
    char *value;
} docbind_name_value;

/* One HTTP request. Fields are readable (the sign callback reads them to
 * build the canonical request); change them only through the functions
 * below so ownership and validation stay right. */
typedef struct docbind_request {
    char *method;                /* "GET", "POST", ... */
    char *path;                  /* decoded, starts with "/"; percent-encoded on the wire */
    docbind_name_value *query;   /* decoded, sent in this order */
    size_t query_count;
    docbind_name_value *headers; /* one entry per name (case-insensitive) */
    size_t header_count;
    unsigned char *body;         /* NULL when body_len is 0 */
    size_t body_len;
    char *action;                /* rate-limit key such as "SendMessage"; NULL = none */
    int idempotent;              /* 1 unless docbind_request_set_idempotent(req, 0) */
    /* Set by the client on the copy it hands to the sign callback, NULL
     * otherwise: the endpoint's scheme ("https") and host[:port] exactly as
     * sent in the Host header. */
    const char *scheme;
    const char *host;
    /* private */
    size_t query_capacity;
    size_t header_capacity;
    int body_borrowed;
} docbind_request;

#define DOCBIND_REQUEST_INIT \
    { NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 1, NULL, NULL, 0, 0, 0 }

/* Starts a request: method is an HTTP token ("GET", "POST", ...), path a
 * decoded absolute path ("/", "/v2/p1/instances/i1/messages"). Frees any
 * previous contents of *req first. */
int docbind_request_init(docbind_request *req, const char *method, const char *path,
                         docbind_error *err);

/* Appends a query parameter (decoded; duplicates are kept, in order). */
int docbind_request_add_query(docbind_request *req, const char *name, const char *value,
                              docbind_error *err);

/* Removes every query parameter (a signer that rewrites the whole query). */
void docbind_request_clear_query(docbind_request *req);

/* Sets a header, replacing one of the same name (case-insensitive); a NULL
 * value removes it. Names must be HTTP tokens and values may not contain
 * CR, LF or NUL (no header injection): a validation error otherwise. */
int docbind_request_set_header(docbind_request *req, const char *name, const char *value,
                               docbind_error *err);

/* The value of a header (case-insensitive name), or NULL. */
const char *docbind_request_header(const docbind_request *req, const char *name);

/* Copies `len` bytes as the body (replacing any previous body). A body
 * without a Content-Type header is sent without one (libcurl's default
 * form type is suppressed so the wire matches what was signed). */
int docbind_request_set_body(docbind_request *req, const void *body, size_t len,
                             docbind_error *err);

/* Sets the rate-limit key (NULL clears it). */
int docbind_request_set_action(docbind_request *req, const char *action, docbind_error *err);

/* Marks the request idempotent (1, the default) or not (0). A non-idempotent
 * request is retried only when it provably never reached the server; see
 * docbind_retry.h for the full contract. */
void docbind_request_set_idempotent(docbind_request *req, int idempotent);

/* The path and query string exactly as they go on the wire (RFC 3986:
 * everything but A-Z a-z 0-9 - _ . ~ is %XX-encoded, "/" kept in the path).
 * Return malloc'd strings the caller frees; NULL only when out of memory.
 * The query string has no leading "?" and is "" when there is no query. */
char *docbind_request_encoded_path(const docbind_request *req);
char *docbind_request_encoded_query(const docbind_request *req);

void docbind_request_free(docbind_request *req);

/* ---- Responses -------------------------------------------------------- */

typedef struct docbind_http_response {
    long status;                 /* HTTP status of the final attempt; 0 if none arrived */
    docbind_name_value *headers; /* that response's headers, in order */
    size_t header_count;
    char *request_id;            /* X-Request-Id, X-TC-RequestId or x-acs-request-id; NULL if absent */
    unsigned char *body;         /* NUL-terminated for convenience (not counted); NULL if empty */
    size_t body_len;
    int attempts;                /* attempts made, including the first */
    double elapsed;              /* seconds for all attempts and waits */
    /* private */
    size_t header_capacity;
    size_t header_bytes;
    size_t body_capacity;
} docbind_http_response;

#define DOCBIND_HTTP_RESPONSE_INIT { 0, NULL, 0, NULL, NULL, 0, 0, 0.0, 0, 0, 0 }

/* The value of a response header (case-insensitive name), or NULL. */
const char *docbind_http_response_header(const docbind_http_response *resp, const char *name);

void docbind_http_response_free(docbind_http_response *resp);

/* ---- Clients ---------------------------------------------------------- */

/* Called once per attempt, just before sending, so every retry is signed
 * afresh (new timestamp, new nonce). It may read everything in *request
 * (scheme and host are set) and add or replace headers and query
 * parameters (Authorization, X-TC-Timestamp, Signature, ...); the changes
 * apply to this attempt only. Return 0, or -1 with *err filled; a signing
 * failure is returned to the caller as is and never retried. */
typedef int (*docbind_sign_callback)(docbind_request *request, void *user, docbind_error *err);

typedef struct docbind_client_config {
    /* "https://ckafka.tencentcloudapi.com": scheme and host[:port] only, no
     * path. Point it at a private endpoint or a test server to override the
     * vendor's. Required. */
    const char *base_url;
    long connect_timeout_ms;   /* TCP + TLS connect, per attempt (default 10000) */
    long timeout_ms;           /* whole attempt, connect included (default 30000) */
    size_t max_response_bytes; /* body cap (default DOCBIND_DEFAULT_MAX_RESPONSE_BYTES) */
    int verify_tls;            /* 1 (default): verify peer and host name */
    const char *ca_file;       /* PEM bundle; NULL: the system's */
    const char *proxy;         /* NULL: from the environment (see above); "": none */
    const char *user_agent;    /* NULL: "docbind-runtime/<abi>" */
    docbind_error_envelope envelope; /* how to read error bodies (default NONE) */
    docbind_sign_callback sign;      /* NULL: requests go out unsigned */
    void *sign_user;
    docbind_retry_policy retry;      /* see docbind_retry.h */
    /* NULL (default): the client creates its own limiter, enabled, with no
     * rates; set rates through docbind_client_rate_limiter(). Pass a limiter
     * to share one budget between several clients. */
    docbind_rate_limiter *rate_limiter;
    /* Easy handles (i.e. kept-alive connections) parked between requests
     * (default 16). Set it to at least the number of threads sharing the
     * client for full reuse; handles beyond it are closed after use. */
    size_t max_idle_handles;
} docbind_client_config;

/* Fills the defaults listed above (base_url NULL). Start from this, then
 * set what differs: every field is then taken literally. */
void docbind_client_config_init(docbind_client_config *config);

typedef struct docbind_client docbind_client;

/* Creates a client; NULL with *err filled (validation error naming the
 * config field) on a bad config or when libcurl cannot be set up. */
docbind_client *docbind_client_new(const docbind_client_config *config, docbind_error *err);

/* Frees the client and closes its connections. NULL is fine. No call may
 * be in progress on it. */
void docbind_client_free(docbind_client *client);

/* The limiter the client consults (its own or the one passed in). */
docbind_rate_limiter *docbind_client_rate_limiter(docbind_client *client);

/* Sends `request` and waits for the outcome, retrying per the client's
 * policy. *response must be DOCBIND_HTTP_RESPONSE_INIT or a response from an
 * earlier call (its contents are freed first).
 *
 * Returns 0 when the final attempt got a response the envelope deems a
 * success. Returns -1 with *err filled otherwise; *response then still
 * holds the last response received (status, headers, full body), if any.
 * err->kind tells what happened: validation (bad request), transport
 * (DNS, connect, TLS, dropped connection, size cap), timeout (an attempt
 * timed out, or the retry budget or rate-limit wait ran out), http or
 * service (the server said no), parse (the body is not the envelope it
 * should be), internal (out of memory). */
int docbind_client_send(docbind_client *client, const docbind_request *request,
                        docbind_http_response *response, docbind_error *err);

/* Builds the first attempt docbind_client_send() would make for `request`,
 * without sending it: a copy with the Host header set (scheme and host
 * filled, pointing into the client) and signed by `sign` (NULL: the client's
 * own callback, with the client's sign_user). *out must be
 * DOCBIND_REQUEST_INIT or a request to reuse; it owns everything it holds
 * afterwards (free with docbind_request_free), and is freed again on
 * failure. For showing or recording the exact wire form (dry runs,
 * fixtures); thread-safe like docbind_client_send(). */
int docbind_client_prepare(docbind_client *client, const docbind_request *request,
                           docbind_sign_callback sign, void *sign_user, docbind_request *out,
                           docbind_error *err);

/* Counters since creation, for tests and monitoring (read atomically). */
typedef struct docbind_client_stats {
    uint64_t requests;            /* docbind_client_send() calls */
    uint64_t attempts;            /* HTTP attempts made */
    uint64_t retries;             /* attempts beyond the first */
    uint64_t connections_opened;  /* new connections libcurl made */
    uint64_t handles_created;     /* easy handles created */
} docbind_client_stats;

void docbind_client_get_stats(docbind_client *client, docbind_client_stats *stats);

#endif
