/* docbind_call.c: codec wire -> signed docbind_request -> client -> parsed
 * response (docbind_call.h). */
#include "docbind_call.h"

#include <curl/curl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sign contexts kept for reuse (their TC3 key cache); more threads than
 * this still work, with contexts made and dropped per call. */
#define CALLER_IDLE_SIGN_CTX 16

struct docbind_caller {
    const docbind_service_desc *service;
    docbind_sign_algorithm algorithm;
    docbind_cloud_credentials creds;
    char *region;
    int any_region;
    char *scope_service; /* TC3 credential scope: "ckafka" of "tencent.ckafka" */
    char *base_url;
    docbind_client *client;
    /* Everything else is read-only after creation; only this pool changes. */
    pthread_mutex_t ctx_lock;
    docbind_sign_ctx *idle_ctx[CALLER_IDLE_SIGN_CTX];
    size_t idle_count;
};

static int is_param_algorithm(docbind_sign_algorithm a)
{
    return a == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1 || a == DOCBIND_SIGN_TC_V1_HMAC_SHA1 ||
           a == DOCBIND_SIGN_TC_V1_HMAC_SHA256;
}

static docbind_sign_ctx *ctx_checkout(docbind_caller *c)
{
    docbind_sign_ctx *ctx = NULL;
    pthread_mutex_lock(&c->ctx_lock);
    if (c->idle_count)
        ctx = c->idle_ctx[--c->idle_count];
    pthread_mutex_unlock(&c->ctx_lock);
    return ctx ? ctx : docbind_sign_ctx_new();
}

static void ctx_checkin(docbind_caller *c, docbind_sign_ctx *ctx)
{
    if (!ctx)
        return;
    pthread_mutex_lock(&c->ctx_lock);
    if (c->idle_count < CALLER_IDLE_SIGN_CTX) {
        c->idle_ctx[c->idle_count++] = ctx;
        ctx = NULL;
    }
    pthread_mutex_unlock(&c->ctx_lock);
    docbind_sign_ctx_free(ctx);
}

static void pairs_free(docbind_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        curl_free((char *)p[i].name);
        curl_free((char *)p[i].value);
    }
    free(p);
}

/* Percent-decodes s[0..len) with libcurl; NULL when out of memory or when
 * the text decodes to a NUL byte (no C string can carry it). */
static char *form_decode(const char *s, size_t len)
{
    int n = 0;
    char *out = len <= INT_MAX ? curl_easy_unescape(NULL, s, (int)len, &n) : NULL;
    if (out && strlen(out) != (size_t)n) {
        curl_free(out);
        out = NULL;
    }
    return out;
}

/* Splits an a=b&c=d form (our own encoding: no '+') into decoded pairs
 * (freed with pairs_free). */
static int form_split(const char *s, size_t len, docbind_pair **out, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += s[i] == '&';
    docbind_pair *p = calloc(cap, sizeof *p);
    size_t k = 0;
    if (!p)
        return -1;
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && s[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            p[k].name = form_decode(s + i, eq - i);
            p[k].value = eq < end ? form_decode(s + eq + 1, end - eq - 1) : form_decode("", 0);
            if (!p[k].name || !p[k].value) {
                pairs_free(p, k + 1);
                return -1;
            }
            k++;
        }
        i = end + 1;
    }
    *out = p;
    *n = k;
    return 0;
}

/* Signs one attempt of `req` (scheme and host set by the client). For the
 * parameter algorithms the unsigned parameters are in the request itself
 * (the query for GET, the form body otherwise) and are replaced by the
 * signed set; everything a call needs travels in the request, so one
 * caller serves any number of threads. */
static int sign_request(docbind_caller *c, const docbind_sign_clock *clock, docbind_request *req,
                        docbind_error *err)
{
    int rc = -1;
    int param_alg = is_param_algorithm(c->algorithm);
    int in_query = strcmp(req->method, "GET") == 0;
    docbind_pair *params = NULL;
    size_t param_count = 0;
    docbind_pair *headers = calloc(req->header_count + 1, sizeof *headers);
    docbind_pair *query = calloc(req->query_count + 1, sizeof *query);
    docbind_sign_ctx *ctx = ctx_checkout(c);
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    if (!headers || !query || !ctx) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory while signing");
        goto out;
    }
    for (size_t i = 0; i < req->header_count; i++)
        headers[i] = (docbind_pair){req->headers[i].name, req->headers[i].value};
    for (size_t i = 0; i < req->query_count; i++)
        query[i] = (docbind_pair){req->query[i].name, req->query[i].value};

    docbind_sign_input in;
    memset(&in, 0, sizeof in);
    in.algorithm = c->algorithm;
    in.request = (docbind_http_request){req->method, req->scheme, req->host, req->path,
                                        query, req->query_count, headers, req->header_count,
                                        req->body, req->body_len};
    if (param_alg) {
        if (in_query) {
            in.params = query;
            in.param_count = req->query_count;
        } else {
            if (req->body && form_split((const char *)req->body, req->body_len, &params,
                                        &param_count)) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory while signing");
                goto out;
            }
            in.params = params;
            in.param_count = param_count;
        }
        /* the parameters are signed as parameters, not as a query */
        in.request.query = NULL;
        in.request.query_count = 0;
        in.request.body = NULL;
        in.request.body_len = 0;
    }
    in.credentials.id = c->creds.access_key_id;
    in.credentials.secret = c->creds.access_key_secret;
    in.credentials.token = c->algorithm == DOCBIND_SIGN_HUAWEI_IAM_TOKEN ? c->creds.iam_token
                                                                         : c->creds.security_token;
    in.service = c->scope_service;
    in.region = c->region;
    in.project_id = c->creds.project_id;
    in.clock = clock ? clock : docbind_sign_clock_system();
    docbind_sign_error serr;
    if (docbind_sign(ctx, &in, &res, &serr)) {
        docbind_error_set(err, DOCBIND_ERROR_VALIDATION, "signing failed: %s", serr.message);
        goto out;
    }
    rc = 0;
    for (size_t i = 0; i < res.header_count && rc == 0; i++) {
        const char *n, *v;
        docbind_sign_result_header(&res, i, &n, &v);
        rc = docbind_request_set_header(req, n, v, err);
    }
    if (rc == 0 && param_alg) {
        if (in_query) {
            docbind_pair *p = NULL;
            size_t n = 0;
            if (form_split(docbind_buf_str(&res.signed_query), res.signed_query.len, &p, &n)) {
                rc = docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory while signing");
            } else {
                docbind_request_clear_query(req);
                for (size_t i = 0; i < n && rc == 0; i++)
                    rc = docbind_request_add_query(req, p[i].name, p[i].value, err);
                pairs_free(p, n);
            }
        } else {
            rc = docbind_request_set_header(req, "Content-Type",
                                            "application/x-www-form-urlencoded", err);
            if (rc == 0)
                rc = docbind_request_set_body(req, docbind_buf_str(&res.signed_query),
                                              res.signed_query.len, err);
        }
    }
out:
    docbind_sign_result_free(&res);
    ctx_checkin(c, ctx);
    pairs_free(params, param_count);
    free(headers);
    free(query);
    return rc;
}

/* The client's callback for real sends: the system clock. */
static int sign_attempt(docbind_request *req, void *user, docbind_error *err)
{
    return sign_request(user, NULL, req, err);
}

typedef struct prepare_job {
    docbind_caller *caller;
    const docbind_sign_clock *clock;
} prepare_job;

static int sign_prepared(docbind_request *req, void *user, docbind_error *err)
{
    prepare_job *job = user;
    return sign_request(job->caller, job->clock, req, err);
}

static docbind_sign_algorithm default_algorithm(const docbind_caller_config *cfg)
{
    switch (cfg->service->protocol) {
    case DOCBIND_PROTOCOL_TENCENT:
        return DOCBIND_SIGN_TC3_HMAC_SHA256;
    case DOCBIND_PROTOCOL_TENCENT_V2:
        return DOCBIND_SIGN_TC_V1_HMAC_SHA1;
    case DOCBIND_PROTOCOL_HUAWEI:
        return docbind_cloud_credentials_has_key_pair(cfg->credentials)
                   ? DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256
                   : DOCBIND_SIGN_HUAWEI_IAM_TOKEN;
    case DOCBIND_PROTOCOL_ALIYUN:
        return DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1;
    }
    return 0;
}

static docbind_error_envelope envelope_of(docbind_protocol p)
{
    switch (p) {
    case DOCBIND_PROTOCOL_TENCENT:
        return DOCBIND_ENVELOPE_TENCENT;
    case DOCBIND_PROTOCOL_HUAWEI:
        return DOCBIND_ENVELOPE_HUAWEI;
    case DOCBIND_PROTOCOL_ALIYUN:
        return DOCBIND_ENVELOPE_ALIBABA;
    case DOCBIND_PROTOCOL_TENCENT_V2:
        break;
    }
    return DOCBIND_ENVELOPE_NONE;
}

docbind_caller *docbind_caller_new(const docbind_caller_config *cfg, docbind_error *err)
{
    if (!cfg || !cfg->service || !cfg->credentials) {
        docbind_error_set_validation(err, !cfg || !cfg->service ? "service" : "credentials",
                                     "required", "docbind_caller_new: missing %s",
                                     !cfg || !cfg->service ? "service" : "credentials");
        return NULL;
    }
    docbind_caller *c = calloc(1, sizeof *c);
    if (!c) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        return NULL;
    }
    if (pthread_mutex_init(&c->ctx_lock, NULL)) {
        free(c);
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "pthread_mutex_init failed");
        return NULL;
    }
    c->service = cfg->service;
    c->algorithm = cfg->algorithm ? cfg->algorithm : default_algorithm(cfg);
    if (docbind_cloud_credentials_copy(&c->creds, cfg->credentials, err))
        goto fail;
    const char *dot = strchr(cfg->service->id, '.');
    c->scope_service = strdup(dot ? dot + 1 : cfg->service->id);
    c->region = cfg->region ? strdup(cfg->region) : NULL;
    c->any_region = cfg->any_region;
    if (!c->scope_service || (cfg->region && !c->region)) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        goto fail;
    }
    if (cfg->base_url && *cfg->base_url) {
        c->base_url = strdup(cfg->base_url);
    } else {
        if (!cfg->service->endpoint) {
            docbind_error_set_validation(err, "base_url", "required",
                                         "%s documents no endpoint: set base_url",
                                         cfg->service->id);
            goto fail;
        }
        /* "dms.{region}.myhuaweicloud.com": the region fills the template */
        const char *ep = cfg->service->endpoint, *tpl = strstr(ep, "{region}");
        if (tpl && (!cfg->region || !*cfg->region)) {
            docbind_error_set_validation(err, "region", "required",
                                         "the %s endpoint %s needs a region", cfg->service->id,
                                         ep);
            goto fail;
        }
        size_t n = strlen(ep) + sizeof "https://" + (tpl ? strlen(cfg->region) : 0);
        if ((c->base_url = malloc(n))) {
            if (tpl)
                snprintf(c->base_url, n, "https://%.*s%s%s", (int)(tpl - ep), ep, cfg->region,
                         tpl + strlen("{region}"));
            else
                snprintf(c->base_url, n, "https://%s", ep);
        }
    }
    if (!c->base_url) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        goto fail;
    }
    docbind_client_config cc;
    docbind_client_config_init(&cc);
    cc.base_url = c->base_url;
    cc.envelope = envelope_of(cfg->service->protocol);
    cc.sign = sign_attempt;
    cc.sign_user = c;
    if (cfg->max_attempts > 0)
        cc.retry.max_attempts = cfg->max_attempts;
    c->client = docbind_client_new(&cc, err);
    if (!c->client)
        goto fail;
    /* the documented per-action rates, so a busy program stays under them */
    docbind_rate_limiter *limiter = docbind_client_rate_limiter(c->client);
    for (size_t i = 0; i < cfg->service->n_actions; i++) {
        const docbind_action_desc *a = cfg->service->actions[i];
        if (a->rate_limit_per_second > 0 &&
            docbind_rate_limiter_set(limiter, a->name, (double)a->rate_limit_per_second, err))
            goto fail;
    }
    return c;
fail:
    docbind_caller_free(c);
    return NULL;
}

void docbind_caller_free(docbind_caller *c)
{
    if (!c)
        return;
    docbind_client_free(c->client);
    for (size_t i = 0; i < c->idle_count; i++)
        docbind_sign_ctx_free(c->idle_ctx[i]);
    pthread_mutex_destroy(&c->ctx_lock);
    docbind_cloud_credentials_free(&c->creds);
    free(c->region);
    free(c->scope_service);
    free(c->base_url);
    free(c);
}

docbind_client *docbind_caller_client(docbind_caller *c)
{
    return c ? c->client : NULL;
}

const char *docbind_caller_base_url(const docbind_caller *c)
{
    return c ? c->base_url : NULL;
}

static int has_pair(const docbind_wire_pair *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return 1;
    return 0;
}

/* The unsigned request of one call, built from the codec's wire form as the
 * algorithm needs it: for the parameter algorithms every parameter goes in
 * the query (GET) or the form body; for ACS3 the action and version move to
 * x-acs-action / x-acs-version headers. */
static int build_request(docbind_caller *c, const docbind_action_desc *action,
                         const void *request, docbind_request *req, docbind_error *err)
{
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_request form = DOCBIND_REQUEST_INIT;
    char *extra = NULL, *body = NULL;
    int rc = -1;
    int param_alg = is_param_algorithm(c->algorithm);
    int acs3 = c->algorithm == DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256;

    /* validates first: nothing reaches the wire on a validation failure.
     * Tencent API 3.0 signed with v1 takes the form encoding. */
    int encoded = param_alg && c->service->protocol == DOCBIND_PROTOCOL_TENCENT
                      ? docbind_codec_encode_form(action, request, &wire, err)
                      : docbind_codec_encode(action, request, &wire, err);
    if (encoded ||
        docbind_request_init(req, wire.method, wire.path ? wire.path : "/", err) ||
        docbind_request_set_action(req, action->name, err))
        goto out;
    docbind_request_set_idempotent(req, strcmp(wire.method, "GET") == 0);
    for (size_t i = 0; i < wire.header_count; i++)
        if (docbind_request_set_header(req, wire.headers[i].name, wire.headers[i].value, err))
            goto out;

    if (param_alg) {
        /* Alibaba answers XML unless asked for JSON */
        int add_format = c->service->protocol == DOCBIND_PROTOCOL_ALIYUN &&
                         !has_pair(wire.query, wire.query_count, "Format") &&
                         !(wire.body && (strncmp(wire.body, "Format=", 7) == 0 ||
                                         strstr(wire.body, "&Format=")));
        int in_query = strcmp(wire.method, "GET") == 0;
        docbind_request *dst = in_query ? req : &form;
        if (!in_query && docbind_request_init(&form, "POST", "/", err))
            goto out;
        for (size_t i = 0; i < wire.query_count; i++)
            if (docbind_request_add_query(dst, wire.query[i].name, wire.query[i].value, err))
                goto out;
        if (add_format && docbind_request_add_query(dst, "Format", "JSON", err))
            goto out;
        if (!in_query) {
            /* the form body: the codec's form, then the query's pairs */
            if (!(extra = docbind_request_encoded_query(&form)))
                goto oom;
            size_t blen = wire.body_len, elen = strlen(extra);
            if (!(body = malloc(blen + 1 + elen + 1)))
                goto oom;
            memcpy(body, wire.body ? wire.body : "", blen);
            if (blen && elen)
                body[blen++] = '&';
            memcpy(body + blen, extra, elen + 1);
            if (docbind_request_set_header(req, "Content-Type",
                                           "application/x-www-form-urlencoded", err) ||
                docbind_request_set_body(req, body, strlen(body), err))
                goto out;
        }
    } else {
        for (size_t i = 0; i < wire.query_count; i++) {
            const char *name = wire.query[i].name, *value = wire.query[i].value;
            int is_action = strcmp(name, "Action") == 0, is_version = strcmp(name, "Version") == 0;
            if (acs3 && (is_action || is_version)) {
                if (docbind_request_set_header(req, is_action ? "x-acs-action" : "x-acs-version",
                                               value, err))
                    goto out;
            } else if (docbind_request_add_query(req, name, value, err)) {
                goto out;
            }
        }
        if (wire.body) {
            if (wire.content_type &&
                docbind_request_set_header(req, "Content-Type", wire.content_type, err))
                goto out;
            if (docbind_request_set_body(req, wire.body, wire.body_len, err))
                goto out;
        }
    }
    rc = 0;
    goto out;
oom:
    docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
out:
    if (rc)
        docbind_request_free(req);
    free(extra);
    free(body);
    docbind_request_free(&form);
    docbind_wire_free(&wire);
    return rc;
}

/* The caller's region against the regions the action's page lists. */
static int check_region(const docbind_caller *c, const docbind_action_desc *action,
                        docbind_error *err)
{
    if (!action->regions || !c->region || c->any_region)
        return 0;
    size_t len = 1;
    for (const char *const *r = action->regions; *r; r++) {
        if (!strcmp(*r, c->region))
            return 0;
        len += strlen(*r) + 2;
    }
    char *list = calloc(1, len);
    if (!list)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    for (const char *const *r = action->regions; *r; r++) {
        if (r != action->regions)
            strcat(list, ", ");
        strcat(list, *r);
    }
    docbind_error_set_validation(err, "Region", "region",
                                 "%s is documented for the regions %s, not %s",
                                 action->name, list, c->region);
    free(list);
    return -1;
}

static int check_call(docbind_caller *c, const docbind_action_desc *action, const void *request,
                      const void *out, const char *who, docbind_error *err)
{
    if (!c || !action || !request || !out)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: NULL argument", who);
    if (action->service != c->service)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "action %s is not an action of %s",
                                 action->name, c->service->id);
    return check_region(c, action, err);
}

int docbind_caller_prepare(docbind_caller *c, const docbind_action_desc *action,
                           const void *request, const docbind_sign_clock *clock,
                           docbind_request *out, docbind_error *err)
{
    if (check_call(c, action, request, out, "docbind_caller_prepare", err))
        return -1;
    docbind_request req = DOCBIND_REQUEST_INIT;
    prepare_job job = {c, clock};
    int rc = build_request(c, action, request, &req, err);
    if (rc == 0)
        rc = docbind_client_prepare(c->client, &req, sign_prepared, &job, out, err);
    else
        docbind_request_free(out);
    docbind_request_free(&req);
    return rc;
}

int docbind_caller_call_http(docbind_caller *c, const docbind_action_desc *action,
                             const void *request, void *response, docbind_http_response *http,
                             docbind_error *err)
{
    if (check_call(c, action, request, response, "docbind_caller_call", err))
        return -1;
    docbind_request req = DOCBIND_REQUEST_INIT;
    docbind_http_response own = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_http_response *resp = http ? http : &own;
    int rc = -1;
    docbind_http_response_free(resp);
    if (build_request(c, action, request, &req, err))
        goto out;
    int sent = docbind_client_send(c->client, &req, resp, err);
    if (resp->status == 0) /* no HTTP answer: the transport's error stands */
        goto out;
    docbind_error perr = DOCBIND_ERROR_INIT;
    /* the codec reads the envelope too, and sets service_code */
    if (docbind_codec_parse_response(action, resp->status, resp->request_id, resp->body,
                                     resp->body_len, response, &perr) == 0) {
        if (sent == 0)
            rc = 0;
        else
            docbind_codec_free(action->response, response); /* the client's verdict stands */
    } else if (err) {
        docbind_error_move(err, &perr);
    }
    docbind_error_clear(&perr);
out:
    docbind_http_response_free(&own);
    docbind_request_free(&req);
    return rc;
}

int docbind_caller_call(docbind_caller *c, const docbind_action_desc *action,
                        const void *request, void *response, docbind_error *err)
{
    return docbind_caller_call_http(c, action, request, response, NULL, err);
}
