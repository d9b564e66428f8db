/* The HTTP side of the mock: libmicrohttpd on 127.0.0.1 with a small
 * thread pool, request collection with size caps, the X-Docbind-Mock
 * directives (delays through suspend/resume and a timer thread, so a
 * delayed answer does not hold a worker), counters and the answer
 * pipeline: route, fault directives, signature, rate limit, body,
 * parameters, answer. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "docbind_rate_limit.h"
#include "mock_internal.h"
#include "mock_route.h"

/* Headers, URI and parsed query. libmicrohttpd zeroes all of it before
 * each request of a kept-alive connection, so it is sized for the
 * longest documented request target (32 KB), not more. */
#define MOCK_MEMORY_PER_CONNECTION ((size_t)128 * 1024)
#define MOCK_DISCARD_CAP ((size_t)64 * 1024 * 1024)      /* chunked bodies past the cap */
#define MOCK_MAX_DELAYED 1024

typedef struct delayed {
    struct timespec deadline;
    struct MHD_Connection *connection;
} delayed;

struct docbind_mock {
    dbm_model model;
    dbm_auth_config auth;
    struct MHD_Daemon *daemon;
    unsigned short port;
    char url[64];
    docbind_rate_limiter *limiter;
    int rate_limits, verbose;
    size_t max_body;
    unsigned max_delay_ms;

    pthread_mutex_t lock;
    unsigned long *requests, *successes;
    unsigned long total;

    pthread_cond_t timer_cond;
    pthread_t timer;
    int timer_started, stopping;
    delayed delays[MOCK_MAX_DELAYED];
    size_t delay_count;
};

/* Per-request state, made by the URI callback, freed on completion. */
typedef struct exchange {
    dbm_request r;
    int started;
    int answered;          /* a response was queued early */
    size_t received;       /* body bytes seen, kept or not */
    int too_many_params;
    dbm_route route;      /* the tentative route of the headers */
    /* X-Docbind-Mock */
    unsigned delay_ms;
    int delay_done, drop, truncate;
    unsigned status;
    char error_code[128];
    int bad_directive;
    struct timespec t0;
} exchange;

/* ---- small helpers ------------------------------------------------------- */

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    dbm_kvs *kvs = cls;
    if (!key)
        return MHD_YES;
    if (!value)
        value = "";
    return dbm_kvs_add(kvs, key, strlen(key), value, strlen(value)) ? MHD_NO : MHD_YES;
}

/* Path, segments and query of the raw request target. */
static int split_target(dbm_request *r, exchange *x)
{
    const char *uri = r->uri ? r->uri : "/";
    size_t plen = strcspn(uri, "?");
    r->path = malloc(plen + 2);
    r->raw_query = dup_str(uri[plen] == '?' ? uri + plen + 1 : "");
    if (!r->path || !r->raw_query)
        return -1;
    memcpy(r->path, uri, plen);
    r->path[plen] = '\0';
    size_t nseg = 1;
    for (size_t i = 0; i < plen; i++)
        nseg += uri[i] == '/';
    r->segments = calloc(nseg, sizeof *r->segments);
    if (!r->segments)
        return -1;
    size_t i = 0;
    while (i < plen) {
        while (i < plen && uri[i] == '/')
            i++;
        size_t e = i;
        while (e < plen && uri[e] != '/')
            e++;
        if (e > i) {
            char *seg = malloc(e - i + 1);
            if (!seg)
                return -1;
            memcpy(seg, uri + i, e - i);
            seg[e - i] = '\0';
            dbm_percent_decode(seg);
            r->segments[r->segment_count++] = seg;
        }
        i = e;
    }
    dbm_percent_decode(r->path);
    if (!r->path[0]) {
        r->path[0] = '/';
        r->path[1] = '\0';
    }
    int rc = dbm_parse_urlencoded(&r->query, r->raw_query, strlen(r->raw_query), MOCK_MAX_PARAMS);
    if (rc == -2)
        x->too_many_params = 1;
    return rc == -1 ? -1 : 0;
}

/* X-Docbind-Mock: error=CODE, delay=MS, drop, status=NNN, truncate;
 * separated by commas or semicolons. */
static void parse_directives(docbind_mock *mock, exchange *x, const char *value)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", value);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        size_t len = strlen(tok);
        while (len && (tok[len - 1] == ' ' || tok[len - 1] == '\t'))
            tok[--len] = '\0';
        if (!*tok)
            continue;
        char *eq = strchr(tok, '=');
        const char *arg = eq ? eq + 1 : NULL;
        if (eq)
            *eq = '\0';
        char *end = NULL;
        if (!strcmp(tok, "drop") && !arg) {
            x->drop = 1;
        } else if (!strcmp(tok, "truncate") && !arg) {
            x->truncate = 1;
        } else if (!strcmp(tok, "delay") && arg && *arg) {
            unsigned long ms = strtoul(arg, &end, 10);
            if (*end || arg[0] == '-') {
                x->bad_directive = 1;
                continue;
            }
            x->delay_ms = ms > mock->max_delay_ms ? mock->max_delay_ms : (unsigned)ms;
        } else if (!strcmp(tok, "status") && arg && *arg) {
            unsigned long st = strtoul(arg, &end, 10);
            if (*end || st < 100 || st > 599)
                x->bad_directive = 1;
            else
                x->status = (unsigned)st;
        } else if (!strcmp(tok, "error") && arg && *arg) {
            snprintf(x->error_code, sizeof x->error_code, "%s", arg);
        } else {
            x->bad_directive = 1;
        }
    }
}

/* ---- counters ------------------------------------------------------------ */

static void count(docbind_mock *mock, const dbm_action *a, int success)
{
    pthread_mutex_lock(&mock->lock);
    if (a) {
        if (success)
            mock->successes[a->index]++;
        else
            mock->requests[a->index]++;
    } else {
        mock->total++;
    }
    pthread_mutex_unlock(&mock->lock);
}

/* ---- the answer pipeline ------------------------------------------------- */

static int has_body_params(const dbm_action *a)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, a->input)
    {
        const char *loc = dbm_json_str(p, "location");
        if (!loc || !strcmp(loc, "body"))
            return 1;
    }
    return 0;
}

/* The values of the matched template's {placeholders}. */
static int fill_path_params(const dbm_action *a, dbm_request *r)
{
    dbm_kvs_free(&r->path_params);
    for (size_t i = 0; i < a->segment_count && i < r->segment_count; i++) {
        const char *t = a->segments[i];
        size_t tl = strlen(t);
        if (tl >= 2 && t[0] == '{' && t[tl - 1] == '}' &&
            dbm_kvs_add(&r->path_params, t + 1, tl - 2, r->segments[i], strlen(r->segments[i])))
            return -1;
    }
    return 0;
}

/* The cap for this request's body: the vendor's documented limit for its
 * kind of request, under the mock-wide cap. */
static size_t body_limit(const docbind_mock *mock, const dbm_request *r, const dbm_route *rt)
{
    size_t limit = mock->max_body;
    const dbm_service *s = rt->service;
    if (!s)
        return limit;
    size_t vendor = 0;
    if (s->envelope == MOCK_ENV_TENCENT) {
        const char *auth = dbm_request_header(r, "Authorization");
        vendor = auth && !strncasecmp(auth, "TC3-", 4) ? s->max_post_tc3_bytes : s->max_post_v1_bytes;
    }
    if (vendor && vendor < limit)
        limit = vendor;
    return limit;
}

static void answer(docbind_mock *mock, exchange *x, dbm_reply *reply, const dbm_action **counted,
                   dbm_envelope *env_out)
{
    dbm_request *r = &x->r;
    *counted = NULL;
    if (x->r.body_len && dbm_request_is_form(r) && r->form.count == 0) {
        int rc = dbm_parse_urlencoded(&r->form, (const char *)r->body, r->body_len,
                                       MOCK_MAX_PARAMS);
        if (rc == -2)
            x->too_many_params = 1;
    }
    dbm_route rt;
    dbm_route_request(&mock->model, r, &rt);
    const dbm_service *s = rt.service;
    dbm_envelope env = rt.env;
    *env_out = env;

    if (r->body_too_large) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_TOO_LARGE, NULL, 0,
                         "the request body is larger than %zu bytes", r->body_limit);
        return;
    }
    if (s && s->max_get_bytes && !strcmp(r->method, "GET") && strlen(r->uri) > s->max_get_bytes) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_TOO_LARGE, NULL, 0,
                         "a GET request is limited to %zu bytes", s->max_get_bytes);
        return;
    }
    if (x->too_many_params) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_PARAM, NULL, 0,
                         "more than %d parameters", MOCK_MAX_PARAMS);
        return;
    }
    if (!s || !rt.action) {
        const char *what = rt.action_name ? rt.action_name : r->path;
        dbm_reply_error(reply, env, s, MOCK_FAIL_UNKNOWN_ACTION, NULL, 0,
                         rt.action_name ? "the action %s does not exist"
                                        : "no API matches %s",
                         what);
        return;
    }
    const dbm_action *a = rt.action;
    *counted = a;
    if (fill_path_params(a, r)) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_PARAM, NULL, 0, "out of memory");
        return;
    }

    if (x->bad_directive) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_VALUE, NULL, 0,
                         "X-Docbind-Mock: unknown or malformed directive");
        return;
    }
    if (x->error_code[0]) {
        if (!dbm_code_documented(a, x->error_code)) {
            dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_VALUE, NULL, 0,
                             "X-Docbind-Mock: %s is not a documented error of %s",
                             x->error_code, a->name);
            return;
        }
        dbm_reply_error(reply, env, s, MOCK_FAIL_DOCUMENTED, x->error_code, x->status,
                         "%s (selected by X-Docbind-Mock)", x->error_code);
        return;
    }
    if (x->status) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_UNAVAILABLE, NULL, x->status,
                         "status %u selected by X-Docbind-Mock", x->status);
        return;
    }

    dbm_check check;
    const char *auth_header = NULL;
    if (dbm_authenticate(&mock->auth, s, r, &auth_header, &check)) {
        dbm_reply_error(reply, env, s, check.fail, NULL, 0, "%s", check.message);
        return;
    }
    if (mock->rate_limits && a->rate > 0 &&
        !docbind_rate_limiter_try_acquire(mock->limiter, a->rate_key)) {
        dbm_reply_error(reply, env, s, MOCK_FAIL_THROTTLED, NULL, 0,
                         "%s is limited to %.0f requests per second", a->name, a->rate);
        return;
    }

    cJSON *json = NULL;
    int wants_json = s->style != MOCK_STYLE_RPC_QUERY && r->body_len > 0 &&
                     !dbm_request_is_form(r) && has_body_params(a);
    if (wants_json) {
        if (!dbm_request_is_json(r)) {
            dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_PARAM, NULL, 0,
                             "the body must be application/json");
            return;
        }
        if (dbm_json_depth(r->body, r->body_len, MOCK_MAX_JSON_DEPTH) > MOCK_MAX_JSON_DEPTH) {
            dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_PARAM, NULL, 0,
                             "the JSON body nests deeper than %d levels", MOCK_MAX_JSON_DEPTH);
            return;
        }
        const char *end = NULL;
        json = cJSON_ParseWithLengthOpts((const char *)r->body, r->body_len, &end, 0);
        int trailing = 0;
        if (json && end)
            for (const char *p = end; p < (const char *)r->body + r->body_len; p++)
                if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '\0')
                    trailing = 1;
        if (!cJSON_IsObject(json) || trailing) {
            cJSON_Delete(json);
            dbm_reply_error(reply, env, s, MOCK_FAIL_INVALID_PARAM, NULL, 0,
                             "the body is not a JSON object");
            return;
        }
    }
    int rc = dbm_validate(&mock->model, a, r, json, auth_header, &check);
    cJSON_Delete(json);
    if (rc) {
        dbm_reply_error(reply, env, s, check.fail, NULL, 0, "%s", check.message);
        return;
    }
    dbm_reply_success(reply, a);
}

/* ---- responses ------------------------------------------------------------ */

typedef struct truncated_body {
    char *data;
    size_t half;
} truncated_body;

static ssize_t read_truncated(void *cls, uint64_t pos, char *buf, size_t max)
{
    truncated_body *t = cls;
    if (pos >= t->half)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t n = t->half - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, t->data + pos, n);
    return (ssize_t)n;
}

static void free_truncated(void *cls)
{
    truncated_body *t = cls;
    free(t->data);
    free(t);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, dbm_reply *reply, dbm_envelope env,
                                  int truncate)
{
    struct MHD_Response *resp = NULL;
    if (truncate && reply->body_len > 1) {
        truncated_body *t = malloc(sizeof *t);
        if (t) {
            t->data = reply->body;
            t->half = reply->body_len / 2;
            resp = MHD_create_response_from_callback(reply->body_len, 4096, read_truncated, t,
                                                     free_truncated);
            if (resp)
                reply->body = NULL; /* owned by the response now */
            else
                free(t);
        }
    } else {
        resp = MHD_create_response_from_buffer(reply->body_len, reply->body ? reply->body : "",
                                               MHD_RESPMEM_MUST_COPY);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type",
                            env == MOCK_ENV_ALIYUN ? "application/json;charset=utf-8"
                                                   : "application/json");
    if (reply->request_id[0]) {
        MHD_add_response_header(resp, "X-Request-Id", reply->request_id);
        if (env == MOCK_ENV_ALIYUN)
            MHD_add_response_header(resp, "x-acs-request-id", reply->request_id);
    }
    if (truncate)
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(c, reply->status ? reply->status : 200, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void log_line(docbind_mock *mock, exchange *x, const dbm_reply *reply, const char *what)
{
    if (!mock->verbose)
        return;
    const dbm_action *a = x->route.action;
    fprintf(stderr, "mock: %s %s -> %u %s%s%s %.1fms%s%s\n", x->r.method,
            x->r.path ? x->r.path : "?", reply ? reply->status : 0,
            reply && reply->code[0] ? reply->code : (reply ? "OK" : "-"),
            a ? " " : "", a ? a->rate_key : "", elapsed_ms(&x->t0), what ? " " : "",
            what ? what : "");
}

/* ---- delays ---------------------------------------------------------------- */

static int ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *timer_main(void *arg)
{
    docbind_mock *mock = arg;
    pthread_mutex_lock(&mock->lock);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        size_t i = 0;
        while (i < mock->delay_count) {
            if (mock->stopping || !ts_before(&now, &mock->delays[i].deadline)) {
                MHD_resume_connection(mock->delays[i].connection);
                mock->delays[i] = mock->delays[--mock->delay_count];
            } else {
                i++;
            }
        }
        if (mock->stopping)
            break;
        if (mock->delay_count == 0) {
            pthread_cond_wait(&mock->timer_cond, &mock->lock);
            continue;
        }
        struct timespec next = mock->delays[0].deadline;
        for (size_t k = 1; k < mock->delay_count; k++)
            if (ts_before(&mock->delays[k].deadline, &next))
                next = mock->delays[k].deadline;
        pthread_cond_timedwait(&mock->timer_cond, &mock->lock, &next);
    }
    pthread_mutex_unlock(&mock->lock);
    return NULL;
}

/* Suspends the connection until the delay has passed; 0 when suspended,
 * -1 when it cannot be (stopping, too many delayed): answer at once. */
static int suspend_for(docbind_mock *mock, struct MHD_Connection *c, unsigned ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += ms / 1000;
    deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    int rc = -1;
    pthread_mutex_lock(&mock->lock);
    if (!mock->stopping && mock->delay_count < MOCK_MAX_DELAYED) {
        MHD_suspend_connection(c);
        mock->delays[mock->delay_count].deadline = deadline;
        mock->delays[mock->delay_count].connection = c;
        mock->delay_count++;
        pthread_cond_signal(&mock->timer_cond);
        rc = 0;
    }
    pthread_mutex_unlock(&mock->lock);
    return rc;
}

/* ---- libmicrohttpd callbacks ------------------------------------------------ */

/* libmicrohttpd parses the query into the connection's memory before any
 * callback can answer, and stalls until the connection times out when
 * the parsed arguments do not fit. A request target that could not fit
 * is refused here by shutting the socket down (libmicrohttpd still owns
 * and closes it): the client sees the connection closed at once. */
static int target_too_big(const char *uri)
{
    size_t len = strlen(uri), amps = 0;
    for (const char *p = uri; *p; p++)
        amps += *p == '&';
    return len + 64 * amps > MOCK_MEMORY_PER_CONNECTION / 2;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    if (uri && target_too_big(uri)) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info)
            shutdown(info->connect_fd, SHUT_RDWR);
    }
    exchange *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &x->t0);
    x->r.uri = dup_str(uri ? uri : "/");
    return x;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)c;
    (void)code;
    exchange *x = *req_cls;
    if (x) {
        dbm_request_free(&x->r);
        free(x);
        *req_cls = NULL;
    }
}

static enum MHD_Result early_reply(docbind_mock *mock, struct MHD_Connection *c, exchange *x,
                                   dbm_fail fail, const char *fmt, size_t n)
{
    dbm_reply reply = {0};
    dbm_reply_error(&reply, x->route.env ? x->route.env : mock->model.services[0].envelope,
                     x->route.service, fail, NULL, 0, fmt, n);
    x->answered = 1;
    count(mock, NULL, 0);
    if (x->route.action)
        count(mock, x->route.action, 0);
    log_line(mock, x, &reply, NULL);
    enum MHD_Result ok = send_reply(c, &reply, x->route.env, 0);
    dbm_reply_free(&reply);
    return ok;
}

static enum MHD_Result first_call(docbind_mock *mock, struct MHD_Connection *c, exchange *x,
                                  const char *method)
{
    x->started = 1;
    snprintf(x->r.method, sizeof x->r.method, "%s", method ? method : "");
    if (!x->r.uri || split_target(&x->r, x) ||
        MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &x->r.headers) < 0)
        return MHD_NO;
    const char *directives = dbm_request_header(&x->r, "X-Docbind-Mock");
    if (directives)
        parse_directives(mock, x, directives);
    dbm_route_request(&mock->model, &x->r, &x->route);
    x->r.body_limit = body_limit(mock, &x->r, &x->route);
    const char *cl = dbm_request_header(&x->r, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || *end || n > x->r.body_limit)
            return early_reply(mock, c, x, MOCK_FAIL_TOO_LARGE,
                               "the request body is larger than %zu bytes", x->r.body_limit);
    }
    return MHD_YES;
}

static enum MHD_Result take_upload(exchange *x, const char *data, size_t n)
{
    x->received += n;
    if (x->received > MOCK_DISCARD_CAP)
        return MHD_NO; /* an endless chunked body: close the connection */
    if (x->r.body_too_large || x->r.body_len + n > x->r.body_limit) {
        x->r.body_too_large = 1;
        free(x->r.body);
        x->r.body = NULL;
        x->r.body_len = x->r.body_cap = 0;
        return MHD_YES;
    }
    if (x->r.body_len + n + 1 > x->r.body_cap) {
        size_t cap = x->r.body_cap ? x->r.body_cap : 4096;
        while (cap < x->r.body_len + n + 1)
            cap *= 2;
        unsigned char *p = realloc(x->r.body, cap);
        if (!p)
            return MHD_NO;
        x->r.body = p;
        x->r.body_cap = cap;
    }
    memcpy(x->r.body + x->r.body_len, data, n);
    x->r.body_len += n;
    x->r.body[x->r.body_len] = '\0';
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    (void)url;
    (void)version;
    docbind_mock *mock = cls;
    exchange *x = *req_cls;
    if (!x)
        return MHD_NO;
    if (!x->started)
        return first_call(mock, c, x, method);
    if (x->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return take_upload(x, upload_data, n);
    }
    if (x->delay_ms && !x->delay_done) {
        x->delay_done = 1;
        if (suspend_for(mock, c, x->delay_ms) == 0)
            return MHD_YES;
    }
    x->answered = 1;
    count(mock, NULL, 0);
    dbm_reply reply = {0};
    const dbm_action *counted = NULL;
    dbm_envelope env = MOCK_ENV_TENCENT;
    answer(mock, x, &reply, &counted, &env);
    x->route.action = counted;
    if (counted) {
        count(mock, counted, 0);
        if (reply.success)
            count(mock, counted, 1);
    }
    if (x->drop) {
        log_line(mock, x, &reply, "(dropped)");
        dbm_reply_free(&reply);
        return MHD_NO;
    }
    log_line(mock, x, &reply, x->truncate ? "(truncated)" : NULL);
    enum MHD_Result ok = send_reply(c, &reply, env, x->truncate);
    dbm_reply_free(&reply);
    return ok;
}

/* ---- public API ------------------------------------------------------------- */

void docbind_mock_options_init(docbind_mock_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->rate_limits = 1;
}

static int copy_credential(char **dst, const char *given, const char *fallback)
{
    *dst = dup_str(given ? given : fallback);
    return *dst ? 0 : -1;
}

static void free_auth(dbm_auth_config *a)
{
    char **fields[] = {&a->tencent_id, &a->tencent_key, &a->huawei_ak, &a->huawei_sk,
                       &a->huawei_token, &a->aliyun_id, &a->aliyun_secret};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (*fields[i]) {
            OPENSSL_cleanse(*fields[i], strlen(*fields[i]));
            free(*fields[i]);
            *fields[i] = NULL;
        }
    }
}

int docbind_mock_start(const docbind_mock_options *opts, docbind_mock **out, docbind_error *err)
{
    *out = NULL;
    if (!opts || !opts->ir_paths || opts->ir_count == 0)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_mock_start: no IR file");
    docbind_mock *mock = calloc(1, sizeof *mock);
    if (!mock)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    pthread_mutex_init(&mock->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&mock->timer_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (dbm_model_load(&mock->model, opts->ir_paths, opts->ir_count, err)) {
        docbind_mock_stop(mock);
        return -1;
    }
    const docbind_mock_credentials none = {0};
    const docbind_mock_credentials *cr = opts->credentials ? opts->credentials : &none;
    mock->auth.strict = opts->strict_signatures;
    mock->auth.now = opts->now;
    mock->auth.now_user = opts->now_user;
    if (copy_credential(&mock->auth.tencent_id, cr->tencent_secret_id, DOCBIND_MOCK_TENCENT_SECRET_ID) ||
        copy_credential(&mock->auth.tencent_key, cr->tencent_secret_key, DOCBIND_MOCK_TENCENT_SECRET_KEY) ||
        copy_credential(&mock->auth.huawei_ak, cr->huawei_ak, DOCBIND_MOCK_HUAWEI_AK) ||
        copy_credential(&mock->auth.huawei_sk, cr->huawei_sk, DOCBIND_MOCK_HUAWEI_SK) ||
        copy_credential(&mock->auth.huawei_token, cr->huawei_token, DOCBIND_MOCK_HUAWEI_TOKEN) ||
        copy_credential(&mock->auth.aliyun_id, cr->aliyun_access_key_id, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID) ||
        copy_credential(&mock->auth.aliyun_secret, cr->aliyun_access_key_secret,
                        DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET)) {
        docbind_mock_stop(mock);
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    }
    mock->verbose = opts->verbose;
    mock->rate_limits = opts->rate_limits;
    mock->max_body = opts->max_body_bytes ? opts->max_body_bytes : MOCK_DEFAULT_BODY_CAP;
    mock->max_delay_ms = opts->max_delay_ms ? opts->max_delay_ms : 30000;
    size_t na = mock->model.action_total ? mock->model.action_total : 1;
    mock->requests = calloc(na, sizeof *mock->requests);
    mock->successes = calloc(na, sizeof *mock->successes);
    mock->limiter = docbind_rate_limiter_new(NULL);
    if (!mock->requests || !mock->successes || !mock->limiter) {
        docbind_mock_stop(mock);
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    }
    for (size_t i = 0; i < mock->model.service_count; i++) {
        const dbm_service *s = &mock->model.services[i];
        for (size_t k = 0; k < s->action_count; k++)
            if (s->actions[k].rate > 0 &&
                docbind_rate_limiter_set(mock->limiter, s->actions[k].rate_key, s->actions[k].rate,
                                         err)) {
                docbind_mock_stop(mock);
                return -1;
            }
    }
    if (pthread_create(&mock->timer, NULL, timer_main, mock) != 0) {
        docbind_mock_stop(mock);
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "cannot start the timer thread");
    }
    mock->timer_started = 1;

    unsigned threads = opts->threads ? opts->threads : 4;
    if (threads > 64)
        threads = 64;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(opts->port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    mock->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        handle, mock, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(opts->max_connections ? opts->max_connections : 64),
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(opts->connection_timeout ? opts->connection_timeout : 30),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, MOCK_MEMORY_PER_CONNECTION,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, mock, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        mock, MHD_OPTION_END);
    if (!mock->daemon) {
        docbind_mock_stop(mock);
        return docbind_error_set(err, DOCBIND_ERROR_TRANSPORT,
                                 "cannot serve on 127.0.0.1:%u (port in use?)", opts->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(mock->daemon, MHD_DAEMON_INFO_BIND_PORT);
    mock->port = info ? info->port : opts->port;
    snprintf(mock->url, sizeof mock->url, "http://127.0.0.1:%u", (unsigned)mock->port);
    *out = mock;
    return 0;
}

void docbind_mock_stop(docbind_mock *mock)
{
    if (!mock)
        return;
    if (mock->timer_started) {
        pthread_mutex_lock(&mock->lock);
        mock->stopping = 1;
        pthread_cond_broadcast(&mock->timer_cond);
        pthread_mutex_unlock(&mock->lock);
        pthread_join(mock->timer, NULL);
    }
    if (mock->daemon)
        MHD_stop_daemon(mock->daemon);
    docbind_rate_limiter_free(mock->limiter);
    free(mock->requests);
    free(mock->successes);
    free_auth(&mock->auth);
    dbm_model_free(&mock->model);
    pthread_cond_destroy(&mock->timer_cond);
    pthread_mutex_destroy(&mock->lock);
    free(mock);
}

unsigned short docbind_mock_port(const docbind_mock *mock)
{
    return mock->port;
}

const char *docbind_mock_url(const docbind_mock *mock)
{
    return mock->url;
}

static unsigned long sum_counter(docbind_mock *mock, const unsigned long *counter,
                                 const char *service_id, const char *action)
{
    unsigned long n = 0;
    pthread_mutex_lock(&mock->lock);
    for (size_t i = 0; i < mock->model.service_count; i++) {
        const dbm_service *s = &mock->model.services[i];
        if (service_id && strcmp(service_id, s->id) != 0)
            continue;
        for (size_t k = 0; k < s->action_count; k++)
            if (action && !strcmp(action, s->actions[k].name))
                n += counter[s->actions[k].index];
    }
    pthread_mutex_unlock(&mock->lock);
    return n;
}

unsigned long docbind_mock_request_count(docbind_mock *mock, const char *service_id,
                                         const char *action)
{
    return sum_counter(mock, mock->requests, service_id, action);
}

unsigned long docbind_mock_success_count(docbind_mock *mock, const char *service_id,
                                         const char *action)
{
    return sum_counter(mock, mock->successes, service_id, action);
}

unsigned long docbind_mock_total_requests(docbind_mock *mock)
{
    pthread_mutex_lock(&mock->lock);
    unsigned long n = mock->total;
    pthread_mutex_unlock(&mock->lock);
    return n;
}

void docbind_mock_reset_counters(docbind_mock *mock)
{
    pthread_mutex_lock(&mock->lock);
    size_t na = mock->model.action_total;
    memset(mock->requests, 0, na * sizeof *mock->requests);
    memset(mock->successes, 0, na * sizeof *mock->successes);
    mock->total = 0;
    pthread_mutex_unlock(&mock->lock);
}

size_t docbind_mock_service_count(const docbind_mock *mock)
{
    return mock->model.service_count;
}

const char *docbind_mock_service_id(const docbind_mock *mock, size_t i)
{
    return i < mock->model.service_count ? mock->model.services[i].id : NULL;
}

size_t docbind_mock_action_count(const docbind_mock *mock)
{
    return mock->model.action_total;
}
