#include "docbind_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docbind_runtime.h"

/* CURLOPT_PREREQFUNCTION (7.80) lets the client see libcurl resend a request
 * on its own; CURLOPT_PROTOCOLS_STR needs 7.85. */
#if LIBCURL_VERSION_NUM < 0x075500
#error "docbind's transport needs libcurl 7.85 or newer"
#endif

int docbind_global_init(docbind_error *err)
{
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "curl_global_init failed: %s",
                                 curl_easy_strerror(rc));
    return 0;
}

void docbind_global_cleanup(void)
{
    curl_global_cleanup();
}

/* ---- small helpers ------------------------------------------------------ */

static char *dup_string(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (copy)
        memcpy(copy, s, n + 1);
    return copy;
}

static int out_of_memory(docbind_error *err)
{
    return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
}

/* RFC 7230 token characters (header names, methods). */
static int is_token(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 32 || c >= 127 || strchr("()<>@,;:\\\"/[]?={}", c))
            return 0;
    }
    return 1;
}

static int has_line_break_or_nul(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0')
            return 1;
    return 0;
}

static void free_pairs(docbind_name_value *pairs, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(pairs[i].name);
        free(pairs[i].value);
    }
    free(pairs);
}

/* Appends a pair, copying both strings. */
static int push_pair(docbind_name_value **pairs, size_t *count, size_t *capacity,
                     const char *name, const char *value)
{
    if (*count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 8;
        docbind_name_value *p = realloc(*pairs, grown * sizeof *p);
        if (!p)
            return -1;
        *pairs = p;
        *capacity = grown;
    }
    char *n = dup_string(name);
    char *v = dup_string(value ? value : "");
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    (*pairs)[*count].name = n;
    (*pairs)[*count].value = v;
    (*count)++;
    return 0;
}

static const char *find_pair(const docbind_name_value *pairs, size_t count, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(pairs[i].name, name) == 0)
            return pairs[i].value;
    return NULL;
}

/* ---- requests ----------------------------------------------------------- */

void docbind_request_free(docbind_request *req)
{
    if (!req)
        return;
    free(req->method);
    free(req->path);
    free_pairs(req->query, req->query_count);
    free_pairs(req->headers, req->header_count);
    if (!req->body_borrowed)
        free(req->body);
    free(req->action);
    *req = (docbind_request)DOCBIND_REQUEST_INIT;
}

int docbind_request_init(docbind_request *req, const char *method, const char *path,
                         docbind_error *err)
{
    if (!req)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_request_init: req is NULL");
    docbind_request_free(req);
    if (!is_token(method))
        return docbind_error_set_validation(err, "method", "http_token",
                                            "HTTP method is missing or not a token");
    if (!path || path[0] != '/')
        return docbind_error_set_validation(err, "path", "absolute_path",
                                            "request path must start with \"/\"");
    req->method = dup_string(method);
    req->path = dup_string(path);
    if (!req->method || !req->path) {
        docbind_request_free(req);
        return out_of_memory(err);
    }
    return 0;
}

int docbind_request_add_query(docbind_request *req, const char *name, const char *value,
                              docbind_error *err)
{
    if (!req || !name || !*name)
        return docbind_error_set_validation(err, "query", "required",
                                            "query parameter name is missing");
    if (push_pair(&req->query, &req->query_count, &req->query_capacity, name, value) < 0)
        return out_of_memory(err);
    return 0;
}

void docbind_request_clear_query(docbind_request *req)
{
    if (!req)
        return;
    free_pairs(req->query, req->query_count);
    req->query = NULL;
    req->query_count = 0;
    req->query_capacity = 0;
}

int docbind_request_set_header(docbind_request *req, const char *name, const char *value,
                               docbind_error *err)
{
    if (!req)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_request_set_header: req is NULL");
    if (!is_token(name))
        return docbind_error_set_validation(err, "header", "http_token",
                                            "header name is missing or not an HTTP token");
    if (value && has_line_break_or_nul(value, strlen(value)))
        return docbind_error_set_validation(err, name, "header_value",
                                            "header %s contains a line break", name);
    for (size_t i = 0; i < req->header_count; i++) {
        if (strcasecmp(req->headers[i].name, name) != 0)
            continue;
        if (!value) {
            free(req->headers[i].name);
            free(req->headers[i].value);
            memmove(&req->headers[i], &req->headers[i + 1],
                    (req->header_count - i - 1) * sizeof req->headers[0]);
            req->header_count--;
            return 0;
        }
        char *copy = dup_string(value);
        if (!copy)
            return out_of_memory(err);
        free(req->headers[i].value);
        req->headers[i].value = copy;
        return 0;
    }
    if (!value)
        return 0;
    if (push_pair(&req->headers, &req->header_count, &req->header_capacity, name, value) < 0)
        return out_of_memory(err);
    return 0;
}

const char *docbind_request_header(const docbind_request *req, const char *name)
{
    return req ? find_pair(req->headers, req->header_count, name) : NULL;
}

int docbind_request_set_body(docbind_request *req, const void *body, size_t len,
                             docbind_error *err)
{
    if (!req)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_request_set_body: req is NULL");
    unsigned char *copy = NULL;
    if (len > 0) {
        if (!body)
            return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "request body is NULL but len > 0");
        copy = malloc(len);
        if (!copy)
            return out_of_memory(err);
        memcpy(copy, body, len);
    }
    if (!req->body_borrowed)
        free(req->body);
    req->body = copy;
    req->body_len = len;
    req->body_borrowed = 0;
    return 0;
}

int docbind_request_set_action(docbind_request *req, const char *action, docbind_error *err)
{
    if (!req)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_request_set_action: req is NULL");
    char *copy = NULL;
    if (action && !(copy = dup_string(action)))
        return out_of_memory(err);
    free(req->action);
    req->action = copy;
    return 0;
}

void docbind_request_set_idempotent(docbind_request *req, int idempotent)
{
    if (req)
        req->idempotent = idempotent != 0;
}

/* Growable text for URLs. */
typedef struct text {
    char *data;
    size_t len;
    size_t capacity;
    int failed;
} text;

static void text_append(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->capacity) {
        size_t grown = t->capacity ? t->capacity : 64;
        while (grown < t->len + n + 1)
            grown *= 2;
        char *p = realloc(t->data, grown);
        if (!p) {
            t->failed = 1;
            return;
        }
        t->data = p;
        t->capacity = grown;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_append_encoded(text *t, const char *s, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            text_append(t, (const char *)&c, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            text_append(t, esc, 3);
        }
    }
}

static char *text_finish(text *t)
{
    if (t->failed) {
        free(t->data);
        return NULL;
    }
    if (!t->data)
        return dup_string("");
    return t->data;
}

char *docbind_request_encoded_path(const docbind_request *req)
{
    text t = {0};
    text_append_encoded(&t, req && req->path ? req->path : "/", 1);
    return text_finish(&t);
}

char *docbind_request_encoded_query(const docbind_request *req)
{
    text t = {0};
    for (size_t i = 0; req && i < req->query_count; i++) {
        if (i)
            text_append(&t, "&", 1);
        text_append_encoded(&t, req->query[i].name, 0);
        text_append(&t, "=", 1);
        text_append_encoded(&t, req->query[i].value, 0);
    }
    return text_finish(&t);
}

/* The per-attempt copy handed to the signer: its own header and query
 * arrays (the signer may add to them), the caller's body borrowed. */
static int copy_for_attempt(docbind_request *dst, const docbind_request *src)
{
    *dst = (docbind_request)DOCBIND_REQUEST_INIT;
    dst->method = dup_string(src->method);
    dst->path = dup_string(src->path);
    if (!dst->method || !dst->path)
        goto fail;
    if (src->action && !(dst->action = dup_string(src->action)))
        goto fail;
    for (size_t i = 0; i < src->query_count; i++)
        if (push_pair(&dst->query, &dst->query_count, &dst->query_capacity, src->query[i].name,
                      src->query[i].value) < 0)
            goto fail;
    for (size_t i = 0; i < src->header_count; i++)
        if (push_pair(&dst->headers, &dst->header_count, &dst->header_capacity,
                      src->headers[i].name, src->headers[i].value) < 0)
            goto fail;
    dst->body = src->body;
    dst->body_len = src->body_len;
    dst->body_borrowed = 1;
    dst->idempotent = src->idempotent;
    return 0;
fail:
    docbind_request_free(dst);
    return -1;
}

/* ---- responses ---------------------------------------------------------- */

void docbind_http_response_free(docbind_http_response *resp)
{
    if (!resp)
        return;
    free_pairs(resp->headers, resp->header_count);
    free(resp->request_id);
    free(resp->body);
    *resp = (docbind_http_response)DOCBIND_HTTP_RESPONSE_INIT;
}

const char *docbind_http_response_header(const docbind_http_response *resp, const char *name)
{
    return resp ? find_pair(resp->headers, resp->header_count, name) : NULL;
}

/* ---- the client --------------------------------------------------------- */

struct docbind_client {
    char *base_url; /* scheme://host[:port] */
    char *scheme;
    char *host;     /* as sent in Host: default ports dropped */
    char *ca_file;
    char *proxy;
    char *user_agent;
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_response_bytes;
    int verify_tls;
    docbind_error_envelope envelope;
    docbind_sign_callback sign;
    void *sign_user;
    docbind_retry_policy retry;
    docbind_rate_limiter *limiter;
    int owns_limiter;

    CURLSH *share;
    pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];

    pthread_mutex_t pool_lock;
    CURL **idle;
    size_t idle_count;
    size_t max_idle;

    _Atomic uint64_t stat_requests;
    _Atomic uint64_t stat_attempts;
    _Atomic uint64_t stat_retries;
    _Atomic uint64_t stat_connections;
    _Atomic uint64_t stat_handles;
};

void docbind_client_config_init(docbind_client_config *config)
{
    if (!config)
        return;
    memset(config, 0, sizeof *config);
    config->connect_timeout_ms = 10000;
    config->timeout_ms = 30000;
    config->max_response_bytes = DOCBIND_DEFAULT_MAX_RESPONSE_BYTES;
    config->verify_tls = 1;
    config->envelope = DOCBIND_ENVELOPE_NONE;
    docbind_retry_policy_init(&config->retry);
    config->max_idle_handles = 16;
}

static void share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *user)
{
    (void)handle;
    (void)access;
    docbind_client *client = user;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_lock(&client->share_locks[data]);
}

static void share_unlock(CURL *handle, curl_lock_data data, void *user)
{
    (void)handle;
    docbind_client *client = user;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_unlock(&client->share_locks[data]);
}

/* Splits "scheme://authority" and rejects anything with a path, query,
 * fragment or user info: the signer signs the request path alone, and
 * credentials in a URL would end up in logs. */
static int parse_base_url(docbind_client *client, const char *url, docbind_error *err)
{
    const char *authority;
    if (url && strncasecmp(url, "https://", 8) == 0) {
        client->scheme = dup_string("https");
        authority = url + 8;
    } else if (url && strncasecmp(url, "http://", 7) == 0) {
        client->scheme = dup_string("http");
        authority = url + 7;
    } else {
        return docbind_error_set_validation(err, "base_url", "http_url",
                                            "base_url must start with http:// or https://");
    }
    size_t n = strcspn(authority, "/?#");
    const char *rest = authority + n;
    if (n == 0 || (rest[0] == '/' && rest[1] != '\0') || rest[0] == '?' || rest[0] == '#')
        return docbind_error_set_validation(err, "base_url", "origin_only",
                                            "base_url must be scheme://host[:port] without a path or query");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)authority[i];
        if (c == '@' || c <= 32 || c >= 127)
            return docbind_error_set_validation(err, "base_url", "origin_only",
                                                "base_url host contains user info or invalid characters");
    }
    size_t host_len = n;
    const char *default_port = strcmp(client->scheme ? client->scheme : "", "https") == 0 ? ":443" : ":80";
    size_t dp = strlen(default_port);
    if (host_len > dp && strncmp(authority + host_len - dp, default_port, dp) == 0 &&
        authority[0] != '[')
        host_len -= dp;
    client->host = malloc(host_len + 1);
    client->base_url = malloc(strlen(client->scheme ? client->scheme : "") + 3 + n + 1);
    if (!client->scheme || !client->host || !client->base_url)
        return out_of_memory(err);
    memcpy(client->host, authority, host_len);
    client->host[host_len] = '\0';
    sprintf(client->base_url, "%s://%.*s", client->scheme, (int)n, authority);
    return 0;
}

void docbind_client_free(docbind_client *client)
{
    if (!client)
        return;
    for (size_t i = 0; i < client->idle_count; i++)
        curl_easy_cleanup(client->idle[i]);
    free(client->idle);
    if (client->share) {
        curl_share_cleanup(client->share);
        for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
            pthread_mutex_destroy(&client->share_locks[i]);
    }
    pthread_mutex_destroy(&client->pool_lock);
    if (client->owns_limiter)
        docbind_rate_limiter_free(client->limiter);
    free(client->base_url);
    free(client->scheme);
    free(client->host);
    free(client->ca_file);
    free(client->proxy);
    free(client->user_agent);
    free(client);
}

docbind_client *docbind_client_new(const docbind_client_config *config, docbind_error *err)
{
    if (!config) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_client_new: config is NULL");
        return NULL;
    }
    const char *bad = NULL;
    if (config->connect_timeout_ms <= 0)
        bad = "connect_timeout_ms";
    else if (config->timeout_ms <= 0)
        bad = "timeout_ms";
    else if (config->max_response_bytes == 0)
        bad = "max_response_bytes";
    else if (config->retry.max_attempts < 1)
        bad = "retry.max_attempts";
    else if (!(config->retry.max_elapsed > 0))
        bad = "retry.max_elapsed";
    else if (!(config->retry.base_delay >= 0) || !(config->retry.max_delay >= 0))
        bad = "retry.base_delay";
    else if (!config->retry.clock.now || !config->retry.clock.sleep)
        bad = "retry.clock";
    if (bad) {
        docbind_error_set_validation(err, bad, "range", "client config field %s is out of range", bad);
        return NULL;
    }

    docbind_client *client = calloc(1, sizeof *client);
    if (!client) {
        out_of_memory(err);
        return NULL;
    }
    if (pthread_mutex_init(&client->pool_lock, NULL) != 0) {
        free(client);
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "pthread_mutex_init failed");
        return NULL;
    }
    if (parse_base_url(client, config->base_url, err) < 0)
        goto fail;

    char default_agent[64];
    snprintf(default_agent, sizeof default_agent, "docbind-runtime/%d", docbind_runtime_abi());
    client->user_agent = dup_string(config->user_agent ? config->user_agent : default_agent);
    if (!client->user_agent || (config->ca_file && !(client->ca_file = dup_string(config->ca_file))) ||
        (config->proxy && !(client->proxy = dup_string(config->proxy)))) {
        out_of_memory(err);
        goto fail;
    }
    client->connect_timeout_ms = config->connect_timeout_ms;
    client->timeout_ms = config->timeout_ms;
    client->max_response_bytes = config->max_response_bytes;
    client->verify_tls = config->verify_tls != 0;
    client->envelope = config->envelope;
    client->sign = config->sign;
    client->sign_user = config->sign_user;
    client->retry = config->retry;
    client->max_idle = config->max_idle_handles;

    if (config->rate_limiter) {
        client->limiter = config->rate_limiter;
    } else {
        client->limiter = docbind_rate_limiter_new(&config->retry.clock);
        client->owns_limiter = 1;
        if (!client->limiter) {
            out_of_memory(err);
            goto fail;
        }
    }

    if (client->max_idle) {
        client->idle = calloc(client->max_idle, sizeof *client->idle);
        if (!client->idle) {
            out_of_memory(err);
            goto fail;
        }
    }

    client->share = curl_share_init();
    if (!client->share) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "curl_share_init failed");
        goto fail;
    }
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&client->share_locks[i], NULL);
    if (curl_share_setopt(client->share, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK ||
        curl_share_setopt(client->share, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK ||
        curl_share_setopt(client->share, CURLSHOPT_USERDATA, client) != CURLSHE_OK ||
        curl_share_setopt(client->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
        curl_share_setopt(client->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "curl_share_setopt failed");
        goto fail;
    }
    return client;

fail:
    docbind_client_free(client);
    return NULL;
}

docbind_rate_limiter *docbind_client_rate_limiter(docbind_client *client)
{
    return client ? client->limiter : NULL;
}

void docbind_client_get_stats(docbind_client *client, docbind_client_stats *stats)
{
    if (!stats)
        return;
    memset(stats, 0, sizeof *stats);
    if (!client)
        return;
    stats->requests = atomic_load(&client->stat_requests);
    stats->attempts = atomic_load(&client->stat_attempts);
    stats->retries = atomic_load(&client->stat_retries);
    stats->connections_opened = atomic_load(&client->stat_connections);
    stats->handles_created = atomic_load(&client->stat_handles);
}

/* Each easy handle keeps its own live connection, so checking one out gives
 * this thread exclusive use of a kept-alive connection. */
static CURL *checkout_handle(docbind_client *client)
{
    CURL *handle = NULL;
    pthread_mutex_lock(&client->pool_lock);
    if (client->idle_count)
        handle = client->idle[--client->idle_count];
    pthread_mutex_unlock(&client->pool_lock);
    if (!handle) {
        handle = curl_easy_init();
        if (handle)
            atomic_fetch_add(&client->stat_handles, 1);
    }
    return handle;
}

static void checkin_handle(docbind_client *client, CURL *handle)
{
    pthread_mutex_lock(&client->pool_lock);
    if (client->idle_count < client->max_idle) {
        client->idle[client->idle_count++] = handle;
        handle = NULL;
    }
    pthread_mutex_unlock(&client->pool_lock);
    if (handle)
        curl_easy_cleanup(handle);
}

/* ---- one attempt -------------------------------------------------------- */

typedef struct attempt_sink {
    docbind_http_response *resp;
    size_t max_body;
    int body_too_large;
    int headers_too_large;
    int out_of_memory;
    int sends;            /* times libcurl was about to send the request */
    int refuse_resend;    /* non-idempotent: abort libcurl's own resend */
} attempt_sink;

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    attempt_sink *sink = user;
    docbind_http_response *resp = sink->resp;
    size_t n = size * nmemb;
    if (n > sink->max_body - resp->body_len) {
        sink->body_too_large = 1;
        return 0;
    }
    if (resp->body_len + n + 1 > resp->body_capacity) {
        size_t grown = resp->body_capacity ? resp->body_capacity : 4096;
        while (grown < resp->body_len + n + 1)
            grown *= 2;
        unsigned char *p = realloc(resp->body, grown);
        if (!p) {
            sink->out_of_memory = 1;
            return 0;
        }
        resp->body = p;
        resp->body_capacity = grown;
    }
    memcpy(resp->body + resp->body_len, data, n);
    resp->body_len += n;
    resp->body[resp->body_len] = '\0';
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    attempt_sink *sink = user;
    docbind_http_response *resp = sink->resp;
    size_t n = size * nmemb;
    /* A status line starts a new header block (after 100 Continue or a
     * proxy's CONNECT reply): keep only the final response's headers. */
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        free_pairs(resp->headers, resp->header_count);
        resp->headers = NULL;
        resp->header_count = resp->header_capacity = 0;
        resp->header_bytes = 0;
        return n;
    }
    resp->header_bytes += n;
    if (resp->header_bytes > DOCBIND_MAX_RESPONSE_HEADER_BYTES ||
        resp->header_count >= DOCBIND_MAX_RESPONSE_HEADERS) {
        sink->headers_too_large = 1;
        return 0;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n; /* the blank line ending the block, or junk */
    const char *name_end = colon;
    while (name_end > data && (name_end[-1] == ' ' || name_end[-1] == '\t'))
        name_end--;
    const char *value = colon + 1;
    const char *end = data + n;
    while (value < end && (*value == ' ' || *value == '\t'))
        value++;
    while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    size_t name_len = (size_t)(name_end - data);
    size_t value_len = (size_t)(end - value);
    char *name = malloc(name_len + 1);
    char *val = malloc(value_len + 1);
    if (!name || !val) {
        free(name);
        free(val);
        sink->out_of_memory = 1;
        return 0;
    }
    memcpy(name, data, name_len);
    name[name_len] = '\0';
    memcpy(val, value, value_len);
    val[value_len] = '\0';
    if (resp->header_count == resp->header_capacity) {
        size_t grown = resp->header_capacity ? resp->header_capacity * 2 : 16;
        docbind_name_value *p = realloc(resp->headers, grown * sizeof *p);
        if (!p) {
            free(name);
            free(val);
            sink->out_of_memory = 1;
            return 0;
        }
        resp->headers = p;
        resp->header_capacity = grown;
    }
    resp->headers[resp->header_count].name = name;
    resp->headers[resp->header_count].value = val;
    resp->header_count++;
    return n;
}

/* Called by libcurl each time it is about to send the request on a
 * connection, including when it silently resends on a fresh connection
 * because a reused one died before any response byte. For a
 * non-idempotent request that resend could duplicate it: refuse it. */
static int on_prereq(void *user, char *primary_ip, char *local_ip, int primary_port,
                     int local_port)
{
    (void)primary_ip;
    (void)local_ip;
    (void)primary_port;
    (void)local_port;
    attempt_sink *sink = user;
    sink->sends++;
    if (sink->sends > 1 && sink->refuse_resend)
        return CURL_PREREQFUNC_ABORT;
    return CURL_PREREQFUNC_OK;
}

static const char *response_request_id(const docbind_http_response *resp)
{
    static const char *const names[] = {"X-Request-Id", "X-TC-RequestId", "x-acs-request-id",
                                        "X-Acs-Request-Id"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = docbind_http_response_header(resp, names[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

typedef struct attempt_result {
    int request_sent; /* any byte of the request may have left */
    double retry_after; /* seconds from a Retry-After header; 0 if none */
} attempt_result;

#define SET(opt, val)                                                \
    do {                                                             \
        if (rc == CURLE_OK)                                          \
            rc = curl_easy_setopt(handle, opt, val);                 \
    } while (0)

static int perform_attempt(docbind_client *client, CURL *handle, const docbind_request *req,
                           long timeout_ms, docbind_http_response *resp, attempt_result *result,
                           docbind_error *err)
{
    result->request_sent = 0;
    result->retry_after = 0;

    char *path = docbind_request_encoded_path(req);
    char *query = docbind_request_encoded_query(req);
    char *url = NULL;
    struct curl_slist *headers = NULL;
    int status = -1;
    if (!path || !query)
        goto oom;
    size_t url_len = strlen(client->base_url) + strlen(path) + strlen(query) + 2;
    url = malloc(url_len);
    if (!url)
        goto oom;
    snprintf(url, url_len, "%s%s%s%s", client->base_url, path, *query ? "?" : "", query);

    /* Exactly the request's headers go out: suppress libcurl's own Expect
     * (a 1 s stall on servers that ignore it) and its default form
     * Content-Type, which the signer never saw. */
    for (size_t i = 0; i < req->header_count; i++) {
        size_t n = strlen(req->headers[i].name) + strlen(req->headers[i].value) + 3;
        char *line = malloc(n);
        if (!line)
            goto oom;
        if (*req->headers[i].value)
            snprintf(line, n, "%s: %s", req->headers[i].name, req->headers[i].value);
        else /* "Name;" is libcurl's way to send a header with an empty value */
            snprintf(line, n, "%s;", req->headers[i].name);
        struct curl_slist *grown = curl_slist_append(headers, line);
        free(line);
        if (!grown)
            goto oom;
        headers = grown;
    }
    const char *defaults[] = {"Expect:", docbind_request_header(req, "Content-Type") ? NULL : "Content-Type:"};
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        if (!defaults[i])
            continue;
        struct curl_slist *grown = curl_slist_append(headers, defaults[i]);
        if (!grown)
            goto oom;
        headers = grown;
    }

    attempt_sink sink = {resp, client->max_response_bytes, 0, 0, 0, 0, !req->idempotent};
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';

    /* reset keeps the live connection, DNS and TLS caches but drops every
     * option, so nothing from the previous request leaks into this one. */
    curl_easy_reset(handle);
    CURLcode rc = CURLE_OK;
    SET(CURLOPT_URL, url);
    SET(CURLOPT_SHARE, client->share);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, client->connect_timeout_ms < timeout_ms ? client->connect_timeout_ms : timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SET(CURLOPT_SSL_VERIFYPEER, client->verify_tls ? 1L : 0L);
    SET(CURLOPT_SSL_VERIFYHOST, client->verify_tls ? 2L : 0L);
    if (client->ca_file)
        SET(CURLOPT_CAINFO, client->ca_file);
    if (client->proxy)
        SET(CURLOPT_PROXY, client->proxy);
    SET(CURLOPT_USERAGENT, client->user_agent);
    SET(CURLOPT_ACCEPT_ENCODING, ""); /* decoded bytes count against the cap */
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)client->max_response_bytes);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, &sink);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, &sink);
    SET(CURLOPT_PREREQFUNCTION, on_prereq);
    SET(CURLOPT_PREREQDATA, &sink);
    SET(CURLOPT_HTTPHEADER, headers);
    if (strcmp(req->method, "HEAD") == 0) {
        SET(CURLOPT_NOBODY, 1L);
    } else if (strcmp(req->method, "GET") == 0 && req->body_len == 0) {
        SET(CURLOPT_HTTPGET, 1L);
    } else {
        if (strcmp(req->method, "POST") == 0)
            SET(CURLOPT_POST, 1L);
        else
            SET(CURLOPT_CUSTOMREQUEST, req->method);
        if (req->body_len > 0 || strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0 ||
            strcmp(req->method, "PATCH") == 0) {
            SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
            SET(CURLOPT_POSTFIELDS, req->body_len ? (const char *)req->body : "");
        }
    }
    if (rc != CURLE_OK) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "curl_easy_setopt failed: %s", curl_easy_strerror(rc));
        goto done;
    }

    rc = curl_easy_perform(handle);
    atomic_fetch_add(&client->stat_attempts, 1);

    long connects = 0, request_size = 0, http_status = 0;
    curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(handle, CURLINFO_REQUEST_SIZE, &request_size);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_status);
    if (connects > 0)
        atomic_fetch_add(&client->stat_connections, (uint64_t)connects);
    /* Before the pre-request callback runs, libcurl has not written a single
     * byte of the request; after it, assume the server may have it. */
    result->request_sent = sink.sends > 0 || request_size > 0;

    if (rc != CURLE_OK) {
        /* Whatever arrived of a failed attempt is not a response. */
        free_pairs(resp->headers, resp->header_count);
        free(resp->body);
        *resp = (docbind_http_response)DOCBIND_HTTP_RESPONSE_INIT;
        const char *detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        if (sink.out_of_memory) {
            docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory receiving the response");
        } else if (sink.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
            docbind_error_set(err, DOCBIND_ERROR_TRANSPORT,
                              "response body exceeds the %zu-byte limit (max_response_bytes)",
                              client->max_response_bytes);
        } else if (sink.headers_too_large) {
            docbind_error_set(err, DOCBIND_ERROR_TRANSPORT,
                              "response headers exceed %d lines or %zu bytes",
                              DOCBIND_MAX_RESPONSE_HEADERS, DOCBIND_MAX_RESPONSE_HEADER_BYTES);
        } else if (rc == CURLE_ABORTED_BY_CALLBACK && sink.sends > 1) {
            docbind_error_set(err, DOCBIND_ERROR_TRANSPORT,
                              "the connection closed before any response; a non-idempotent request "
                              "is not resent because it may have reached the server");
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            docbind_error_set(err, DOCBIND_ERROR_TIMEOUT, "%s: %s", curl_easy_strerror(rc), detail);
        } else {
            docbind_error_set(err, DOCBIND_ERROR_TRANSPORT, "%s: %s", curl_easy_strerror(rc), detail);
        }
        if (err)
            err->curl_code = (int)rc;
        goto done;
    }

    resp->status = http_status;
    const char *rid = response_request_id(resp);
    if (rid && !(resp->request_id = dup_string(rid)))
        goto oom;
    const char *retry_after = docbind_http_response_header(resp, "Retry-After");
    if (retry_after) {
        char *end = NULL;
        long seconds = strtol(retry_after, &end, 10);
        if (end != retry_after && *end == '\0' && seconds > 0)
            result->retry_after = (double)seconds;
    }
    status = docbind_error_from_response(err, client->envelope, http_status, resp->request_id,
                                         resp->body, resp->body_len) == 0 ? 0 : -1;
    goto done;

oom:
    out_of_memory(err);
done:
    curl_slist_free_all(headers);
    free(url);
    free(path);
    free(query);
    return status;
}

#undef SET

/* Appends "; gave up after N attempts" so a bare message tells the story. */
static void note_attempts(docbind_error *err, int attempts)
{
    if (!err || attempts < 2 || !err->message)
        return;
    size_t n = strlen(err->message) + 48;
    char *msg = malloc(n);
    if (!msg)
        return;
    snprintf(msg, n, "%s (after %d attempts)", err->message, attempts);
    free(err->message);
    err->message = msg;
}

int docbind_client_prepare(docbind_client *client, const docbind_request *request,
                           docbind_sign_callback sign, void *sign_user, docbind_request *out,
                           docbind_error *err)
{
    if (!client || !request || !out)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "docbind_client_prepare: client, request and out are required");
    if (!sign) {
        sign = client->sign;
        sign_user = client->sign_user;
    }
    docbind_request_free(out);
    if (copy_for_attempt(out, request) < 0)
        return out_of_memory(err);
    out->scheme = client->scheme;
    out->host = client->host;
    /* the copy borrows the body; the prepared request owns its own */
    if (out->body_borrowed && docbind_request_set_body(out, request->body, request->body_len, err))
        goto fail;
    if (!docbind_request_header(out, "Host") &&
        docbind_request_set_header(out, "Host", client->host, err) < 0)
        goto fail;
    if (sign && sign(out, sign_user, err) != 0) {
        if (err && err->kind == DOCBIND_ERROR_NONE)
            docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "sign callback failed without a reason");
        goto fail;
    }
    return 0;
fail:
    docbind_request_free(out);
    return -1;
}

int docbind_client_send(docbind_client *client, const docbind_request *request,
                        docbind_http_response *response, docbind_error *err)
{
    if (!client || !request || !response)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "docbind_client_send: client, request and response are required");
    docbind_http_response_free(response);
    if (!request->method || !request->path)
        return docbind_error_set_validation(err, "request", "initialized",
                                            "request was not set up with docbind_request_init");
    atomic_fetch_add(&client->stat_requests, 1);

    /* The caller may pass NULL; decisions still need the details. */
    docbind_error local = DOCBIND_ERROR_INIT;
    docbind_error *e = err ? err : &local;
    docbind_error_clear(e);

    const docbind_clock *clock = &client->retry.clock;
    double start = clock->now(clock->user);
    double deadline = start + client->retry.max_elapsed;
    int status = -1;
    int attempt = 0;

    while (attempt < client->retry.max_attempts) {
        double remaining = deadline - clock->now(clock->user);
        if (remaining <= 0) {
            if (e->kind == DOCBIND_ERROR_NONE)
                docbind_error_set(e, DOCBIND_ERROR_TIMEOUT, "retry time budget of %.3f s spent",
                                  client->retry.max_elapsed);
            break;
        }
        if (request->action) {
            /* On a retry, the previous attempt's error says more than the
             * rate limiter's; keep it. */
            docbind_error wait_error = DOCBIND_ERROR_INIT;
            if (docbind_rate_limiter_acquire(client->limiter, request->action, remaining, &wait_error) < 0) {
                if (attempt == 0)
                    docbind_error_move(e, &wait_error);
                docbind_error_clear(&wait_error);
                break;
            }
        }
        remaining = deadline - clock->now(clock->user);

        attempt++;
        if (attempt > 1)
            atomic_fetch_add(&client->stat_retries, 1);
        docbind_error_clear(e);
        docbind_http_response_free(response);

        docbind_request signed_request;
        if (copy_for_attempt(&signed_request, request) < 0) {
            out_of_memory(e);
            break;
        }
        signed_request.scheme = client->scheme;
        signed_request.host = client->host;
        if (!docbind_request_header(&signed_request, "Host") &&
            docbind_request_set_header(&signed_request, "Host", client->host, e) < 0) {
            docbind_request_free(&signed_request);
            break;
        }
        if (client->sign && client->sign(&signed_request, client->sign_user, e) != 0) {
            if (e->kind == DOCBIND_ERROR_NONE)
                docbind_error_set(e, DOCBIND_ERROR_INTERNAL, "sign callback failed without a reason");
            docbind_request_free(&signed_request);
            break;
        }

        CURL *handle = checkout_handle(client);
        if (!handle) {
            docbind_request_free(&signed_request);
            docbind_error_set(e, DOCBIND_ERROR_INTERNAL, "curl_easy_init failed");
            break;
        }
        long timeout_ms = client->timeout_ms;
        if (remaining * 1000.0 < (double)timeout_ms)
            timeout_ms = remaining * 1000.0 < 1.0 ? 1 : (long)(remaining * 1000.0);
        attempt_result result;
        status = perform_attempt(client, handle, &signed_request, timeout_ms, response, &result, e);
        checkin_handle(client, handle);
        docbind_request_free(&signed_request);
        if (status == 0)
            break;

        if (attempt >= client->retry.max_attempts ||
            !docbind_retry_should_retry(e, request->idempotent, result.request_sent))
            break;
        double delay = docbind_retry_backoff(&client->retry, attempt, docbind_retry_random(&client->retry));
        if (result.retry_after > delay) {
            if (result.retry_after > client->retry.max_delay)
                break; /* the server wants a longer pause than allowed */
            delay = result.retry_after;
        }
        if (clock->now(clock->user) + delay >= deadline)
            break;
        clock->sleep(delay, clock->user);
    }

    response->attempts = attempt;
    response->elapsed = clock->now(clock->user) - start;
    if (status != 0)
        note_attempts(e, attempt);
    docbind_error_clear(&local);
    return status == 0 ? 0 : -1;
}
