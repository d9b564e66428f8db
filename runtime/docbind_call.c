/* docbind_call.c: codec wire -> signed docbind_request -> client -> parsed
 * response (docbind_call.h). */
#include "docbind_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct docbind_caller {
    const docbind_service_desc *service;
    docbind_sign_algorithm algorithm;
    docbind_cloud_credentials creds;
    char *region;
    char *scope_service; /* TC3 credential scope: "ckafka" of "tencent.ckafka" */
    docbind_client *client;
    docbind_sign_ctx *sign_ctx;
    /* parameter signatures: the decoded pairs of the call in progress */
    const docbind_wire_pair *params;
    size_t param_count;
};

static int is_param_algorithm(docbind_sign_algorithm a)
{
    return a == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1 || a == DOCBIND_SIGN_TC_V1_HMAC_SHA1 ||
           a == DOCBIND_SIGN_TC_V1_HMAC_SHA256;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decodes s[0..len) ('+' is a space) into a new string. */
static char *form_decode(const char *s, size_t len)
{
    char *out = malloc(len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len && hexval((unsigned char)s[i + 1]) >= 0 &&
            hexval((unsigned char)s[i + 2]) >= 0) {
            *o++ = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i] == '+' ? ' ' : s[i];
        }
    }
    *o = '\0';
    return out;
}

static void pairs_free(docbind_wire_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
    free(p);
}

/* Splits an a=b&c=d form into decoded pairs. */
static int form_split(const char *s, size_t len, docbind_wire_pair **out, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += s[i] == '&';
    docbind_wire_pair *p = calloc(cap, sizeof *p);
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

static int sign_attempt(docbind_request *req, void *user, docbind_error *err)
{
    docbind_caller *c = user;
    int rc = -1;
    docbind_pair *headers = calloc(req->header_count + 1, sizeof *headers);
    docbind_pair *query = calloc(req->query_count + 1, sizeof *query);
    docbind_pair *params = calloc(c->param_count + 1, sizeof *params);
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    if (!headers || !query || !params) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory while signing");
        goto out;
    }
    for (size_t i = 0; i < req->header_count; i++)
        headers[i] = (docbind_pair){req->headers[i].name, req->headers[i].value};
    for (size_t i = 0; i < req->query_count; i++)
        query[i] = (docbind_pair){req->query[i].name, req->query[i].value};
    for (size_t i = 0; i < c->param_count; i++)
        params[i] = (docbind_pair){c->params[i].name, c->params[i].value};

    docbind_sign_input in;
    memset(&in, 0, sizeof in);
    in.algorithm = c->algorithm;
    in.request = (docbind_http_request){req->method, req->scheme, req->host, req->path,
                                        query, req->query_count, headers, req->header_count,
                                        req->body, req->body_len};
    if (is_param_algorithm(c->algorithm)) {
        in.params = params;
        in.param_count = c->param_count;
    }
    in.credentials.id = c->creds.access_key_id;
    in.credentials.secret = c->creds.access_key_secret;
    in.credentials.token = c->algorithm == DOCBIND_SIGN_HUAWEI_IAM_TOKEN ? c->creds.iam_token
                                                                         : c->creds.security_token;
    in.service = c->scope_service;
    in.region = c->region;
    in.project_id = c->creds.project_id;
    in.clock = docbind_sign_clock_system();
    docbind_sign_error serr;
    if (docbind_sign(c->sign_ctx, &in, &res, &serr)) {
        docbind_error_set(err, DOCBIND_ERROR_VALIDATION, "signing failed: %s", serr.message);
        goto out;
    }
    rc = 0;
    for (size_t i = 0; i < res.header_count && rc == 0; i++) {
        const char *n, *v;
        docbind_sign_result_header(&res, i, &n, &v);
        rc = docbind_request_set_header(req, n, v, err);
    }
    if (rc == 0 && is_param_algorithm(c->algorithm)) {
        if (strcmp(req->method, "GET") == 0) {
            docbind_wire_pair *p = NULL;
            size_t n = 0;
            if (form_split(docbind_buf_str(&res.signed_query), res.signed_query.len, &p, &n)) {
                rc = docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory while signing");
            } else {
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
    free(headers);
    free(query);
    free(params);
    return rc;
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
    c->service = cfg->service;
    c->algorithm = cfg->algorithm ? cfg->algorithm : default_algorithm(cfg);
    char *url = NULL;
    if (docbind_cloud_credentials_copy(&c->creds, cfg->credentials, err))
        goto fail;
    const char *dot = strchr(cfg->service->id, '.');
    c->scope_service = strdup(dot ? dot + 1 : cfg->service->id);
    c->region = cfg->region ? strdup(cfg->region) : NULL;
    c->sign_ctx = docbind_sign_ctx_new();
    if (!c->scope_service || (cfg->region && !c->region) || !c->sign_ctx) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        goto fail;
    }
    const char *base = cfg->base_url;
    if (!base || !*base) {
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
        url = malloc(n);
        if (!url) {
            docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
            goto fail;
        }
        if (tpl)
            snprintf(url, n, "https://%.*s%s%s", (int)(tpl - ep), ep, cfg->region,
                     tpl + strlen("{region}"));
        else
            snprintf(url, n, "https://%s", ep);
        base = url;
    }
    docbind_client_config cc;
    docbind_client_config_init(&cc);
    cc.base_url = base;
    cc.envelope = envelope_of(cfg->service->protocol);
    cc.sign = sign_attempt;
    cc.sign_user = c;
    if (cfg->max_attempts > 0)
        cc.retry.max_attempts = cfg->max_attempts;
    c->client = docbind_client_new(&cc, err);
    free(url);
    url = NULL;
    if (!c->client)
        goto fail;
    return c;
fail:
    free(url);
    docbind_caller_free(c);
    return NULL;
}

void docbind_caller_free(docbind_caller *c)
{
    if (!c)
        return;
    docbind_client_free(c->client);
    docbind_sign_ctx_free(c->sign_ctx);
    docbind_cloud_credentials_free(&c->creds);
    free(c->region);
    free(c->scope_service);
    free(c);
}

docbind_client *docbind_caller_client(docbind_caller *c)
{
    return c ? c->client : NULL;
}

int docbind_caller_call(docbind_caller *c, const docbind_action_desc *action,
                        const void *request, void *response, docbind_error *err)
{
    if (!c || !action || !request || !response)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_caller_call: NULL argument");
    if (action->service != c->service)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "action %s is not an action of %s", action->name, c->service->id);
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_request req = DOCBIND_REQUEST_INIT;
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_wire_pair *params = NULL;
    size_t param_count = 0;
    int rc = -1;
    int param_alg = is_param_algorithm(c->algorithm);

    /* validates first: nothing reaches the wire on a validation failure */
    if (docbind_codec_encode(action, request, &wire, err))
        goto out;
    if (docbind_request_init(&req, wire.method, wire.path ? wire.path : "/", err) ||
        docbind_request_set_action(&req, action->name, err))
        goto out;
    docbind_request_set_idempotent(&req, strcmp(wire.method, "GET") == 0);
    for (size_t i = 0; i < wire.header_count; i++)
        if (docbind_request_set_header(&req, wire.headers[i].name, wire.headers[i].value, err))
            goto out;
    if (param_alg) {
        /* the signer takes every parameter; the callback puts the signed
         * set in the query (GET) or the form body */
        if (wire.body && form_split(wire.body, wire.body_len, &params, &param_count)) {
            docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
            goto out;
        }
        size_t extra = wire.query_count + 1;
        docbind_wire_pair *all = realloc(params, (param_count + extra) * sizeof *all);
        if (!all) {
            docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
            goto out;
        }
        params = all;
        int has_format = 0;
        for (size_t i = 0; i < param_count; i++)
            has_format |= strcmp(params[i].name, "Format") == 0;
        for (size_t i = 0; i < wire.query_count; i++) {
            has_format |= strcmp(wire.query[i].name, "Format") == 0;
            params[param_count].name = strdup(wire.query[i].name);
            params[param_count].value = strdup(wire.query[i].value);
            param_count++;
            if (!params[param_count - 1].name || !params[param_count - 1].value) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
                goto out;
            }
        }
        if (c->service->protocol == DOCBIND_PROTOCOL_ALIYUN && !has_format) {
            /* Alibaba answers XML unless asked for JSON */
            params[param_count].name = strdup("Format");
            params[param_count].value = strdup("JSON");
            param_count++;
            if (!params[param_count - 1].name || !params[param_count - 1].value) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
                goto out;
            }
        }
    } else {
        for (size_t i = 0; i < wire.query_count; i++)
            if (docbind_request_add_query(&req, wire.query[i].name, wire.query[i].value, err))
                goto out;
        if (wire.body) {
            if (wire.content_type &&
                docbind_request_set_header(&req, "Content-Type", wire.content_type, err))
                goto out;
            if (docbind_request_set_body(&req, wire.body, wire.body_len, err))
                goto out;
        }
    }
    c->params = params;
    c->param_count = param_count;
    int sent = docbind_client_send(c->client, &req, &resp, err);
    c->params = NULL;
    c->param_count = 0;
    if (resp.status == 0) /* no HTTP answer: the transport's error stands */
        goto out;
    docbind_error perr = DOCBIND_ERROR_INIT;
    /* the codec reads the envelope too, and sets service_code */
    if (docbind_codec_parse_response(action, resp.status, resp.request_id, resp.body,
                                     resp.body_len, response, &perr) == 0) {
        if (sent == 0) {
            rc = 0;
            goto out;
        }
        docbind_codec_free(action->response, response); /* the client's verdict stands */
    } else if (err) {
        docbind_error_move(err, &perr);
    }
    docbind_error_clear(&perr);
out:
    pairs_free(params, param_count);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_wire_free(&wire);
    return rc;
}
