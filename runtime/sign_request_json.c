/* JSON request -> docbind_sign_input, and result -> JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sign_request_json.h"
#include "sign_internal.h"

static int fail(docbind_sign_error *err, const char *where, const char *field, const char *what)
{
    sign_errorf(err, "%s.%s: %s", where, field, what);
    return -1;
}

/* An optional string member: NULL when absent or null. */
static int opt_string(const cJSON *obj, const char *where, const char *field, const char **out,
                      docbind_sign_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return fail(err, where, field, "must be a string");
    *out = v->valuestring;
    return 0;
}

static int req_string(const cJSON *obj, const char *where, const char *field, const char **out,
                      docbind_sign_error *err)
{
    if (opt_string(obj, where, field, out, err))
        return -1;
    if (!*out)
        return fail(err, where, field, "missing");
    return 0;
}

/* [[name, value], ...] into pairs[*used..]. */
static int pair_list(const cJSON *obj, const char *where, const char *field,
                     docbind_pair *pairs, size_t *used, const docbind_pair **start, size_t *count,
                     docbind_sign_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
    *start = pairs + *used;
    *count = 0;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsArray(v))
        return fail(err, where, field, "must be an array of [name, value] pairs");
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        const cJSON *n = cJSON_GetArrayItem(e, 0), *val = cJSON_GetArrayItem(e, 1);
        if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 || !cJSON_IsString(n) ||
            !cJSON_IsString(val)) {
            sign_errorf(err, "%s.%s[%zu]: must be a [name, value] pair of strings", where,
                        field, i);
            return -1;
        }
        pairs[*used].name = n->valuestring;
        pairs[*used].value = val->valuestring;
        (*used)++;
    }
    *count = i;
    return 0;
}

static size_t array_len(const cJSON *obj, const char *field)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
    return cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 0;
}

static const char *const known_fields[] = {
    "algorithm", "method", "scheme", "host", "path", "query", "headers", "body",
    "body_base64", "params", "credentials", "timestamp", "service", "region",
    "project_id", "signed_headers", "nonce", NULL,
};

static int is_known(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(key, *list))
            return 1;
    return 0;
}

static int read_body(const cJSON *obj, const char *where, docbind_sign_json_request *req,
                     docbind_sign_error *err)
{
    const char *text, *b64;
    if (opt_string(obj, where, "body", &text, err) ||
        opt_string(obj, where, "body_base64", &b64, err))
        return -1;
    if (text && b64)
        return fail(err, where, "body_base64", "give either body or body_base64, not both");
    if (text) {
        req->input.request.body = (const unsigned char *)text;
        req->input.request.body_len = strlen(text);
    } else if (b64) {
        size_t n = strlen(b64);
        if (n % 4 || n > (size_t)0x7ffffff0)
            return fail(err, where, "body_base64", "not valid base64");
        req->body = malloc(n / 4 * 3 + 1);
        if (!req->body)
            return fail(err, where, "body_base64", "out of memory");
        int got = n ? EVP_DecodeBlock(req->body, (const unsigned char *)b64, (int)n) : 0;
        if (got < 0)
            return fail(err, where, "body_base64", "not valid base64");
        /* EVP_DecodeBlock counts the padding as zero bytes. */
        size_t pad = (n && b64[n - 1] == '=') + (n > 1 && b64[n - 2] == '=');
        req->input.request.body = req->body;
        req->input.request.body_len = (size_t)got - pad;
    }
    return 0;
}

static int read_timestamp(const cJSON *obj, const char *where, docbind_sign_input *in,
                          docbind_sign_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "timestamp");
    if (!v || cJSON_IsNull(v))
        return 0; /* docbind_sign reports it when the algorithm needs one */
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!(d >= 0 && d <= 253402300799.0) || (double)(int64_t)d != d)
            return fail(err, where, "timestamp",
                        "must be whole Unix seconds between 0 and 253402300799");
        in->timestamp = (int64_t)d;
    } else if (cJSON_IsString(v)) {
        if (docbind_sign_parse_iso8601(v->valuestring, &in->timestamp))
            return fail(err, where, "timestamp",
                        "must be ISO 8601 UTC as YYYY-MM-DDTHH:MM:SSZ");
    } else {
        return fail(err, where, "timestamp",
                    "must be Unix seconds or an ISO 8601 string");
    }
    in->has_timestamp = 1;
    return 0;
}

static int read_credentials(const cJSON *obj, const char *where, docbind_sign_input *in,
                            docbind_sign_error *err)
{
    static const char *const fields[] = {"id", "secret", "token", NULL};
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "credentials");
    if (!c)
        return fail(err, where, "credentials", "missing");
    if (!cJSON_IsObject(c))
        return fail(err, where, "credentials", "must be an object");
    for (const cJSON *e = c->child; e; e = e->next)
        if (!is_known(e->string, fields)) {
            sign_errorf(err, "%s.credentials.%s: unknown field", where, e->string);
            return -1;
        }
    char sub[96];
    snprintf(sub, sizeof sub, "%s.credentials", where);
    if (opt_string(c, sub, "id", &in->credentials.id, err) ||
        opt_string(c, sub, "secret", &in->credentials.secret, err) ||
        opt_string(c, sub, "token", &in->credentials.token, err))
        return -1;
    /* Presence here, so the message carries the request's position. */
    if (in->algorithm == DOCBIND_SIGN_HUAWEI_IAM_TOKEN) {
        if (!in->credentials.token || !*in->credentials.token)
            return fail(err, sub, "token", "missing");
    } else {
        if (!in->credentials.id || !*in->credentials.id)
            return fail(err, sub, "id", "missing");
        if (!in->credentials.secret || !*in->credentials.secret)
            return fail(err, sub, "secret", "missing");
    }
    return 0;
}

int docbind_sign_request_from_json(const cJSON *obj, const char *where,
                                   docbind_sign_json_request *req, docbind_sign_error *err)
{
    memset(req, 0, sizeof *req);
    docbind_sign_input *in = &req->input;
    if (!cJSON_IsObject(obj)) {
        sign_errorf(err, "%s: must be an object", where);
        return -1;
    }
    for (const cJSON *e = obj->child; e; e = e->next)
        if (!is_known(e->string, known_fields)) {
            sign_errorf(err, "%s.%s: unknown field", where, e->string);
            return -1;
        }
    const char *alg;
    if (req_string(obj, where, "algorithm", &alg, err))
        return -1;
    in->algorithm = docbind_sign_algorithm_from_name(alg);
    if (!in->algorithm)
        return fail(err, where, "algorithm",
                    "unknown (tc3-hmac-sha256, tc-v1-hmac-sha1, tc-v1-hmac-sha256, "
                    "huawei-sdk-hmac-sha256, huawei-iam-token, aliyun-rpc-hmac-sha1, "
                    "aliyun-acs3-hmac-sha256)");
    docbind_http_request *r = &in->request;
    if (req_string(obj, where, "method", &r->method, err) ||
        opt_string(obj, where, "scheme", &r->scheme, err) ||
        req_string(obj, where, "host", &r->host, err) ||
        opt_string(obj, where, "path", &r->path, err) ||
        opt_string(obj, where, "service", &in->service, err) ||
        opt_string(obj, where, "region", &in->region, err) ||
        opt_string(obj, where, "project_id", &in->project_id, err) ||
        opt_string(obj, where, "nonce", &in->nonce, err))
        return -1;

    size_t total = array_len(obj, "query") + array_len(obj, "headers") +
                   array_len(obj, "params");
    req->pairs = calloc(total ? total : 1, sizeof *req->pairs);
    if (!req->pairs)
        return fail(err, where, "query", "out of memory");
    size_t used = 0;
    if (pair_list(obj, where, "query", req->pairs, &used, &r->query, &r->query_count, err) ||
        pair_list(obj, where, "headers", req->pairs, &used, &r->headers, &r->header_count,
                  err) ||
        pair_list(obj, where, "params", req->pairs, &used, &in->params, &in->param_count, err))
        return -1;

    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(obj, "signed_headers");
    if (sh && !cJSON_IsNull(sh)) {
        if (!cJSON_IsArray(sh))
            return fail(err, where, "signed_headers", "must be an array of header names");
        size_t n = (size_t)cJSON_GetArraySize(sh), i = 0;
        req->names = calloc(n ? n : 1, sizeof *req->names);
        if (!req->names)
            return fail(err, where, "signed_headers", "out of memory");
        for (const cJSON *e = sh->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e)) {
                sign_errorf(err, "%s.signed_headers[%zu]: must be a string", where, i);
                return -1;
            }
            req->names[i] = e->valuestring;
        }
        in->signed_headers = req->names;
        in->signed_header_count = n;
    }
    if (read_body(obj, where, req, err) || read_timestamp(obj, where, in, err) ||
        read_credentials(obj, where, in, err))
        return -1;
    return 0;
}

void docbind_sign_json_request_free(docbind_sign_json_request *req)
{
    free(req->pairs);
    free(req->names);
    free(req->body);
    memset(req, 0, sizeof *req);
}

static int add_buf(cJSON *o, const char *key, const docbind_buf *b)
{
    if (!b->len)
        return 0;
    return cJSON_AddStringToObject(o, key, b->data) ? 0 : -1;
}

cJSON *docbind_sign_result_to_json(const docbind_sign_result *res)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int rc = cJSON_AddStringToObject(o, "algorithm", docbind_sign_algorithm_name(res->algorithm))
                 ? 0 : -1;
    rc |= add_buf(o, "canonical_request", &res->canonical_request);
    rc |= add_buf(o, "string_to_sign", &res->string_to_sign);
    rc |= add_buf(o, "signature", &res->signature);
    rc |= add_buf(o, "authorization", &res->authorization);
    rc |= add_buf(o, "signed_query", &res->signed_query);
    cJSON *hs = cJSON_AddArrayToObject(o, "headers");
    if (!hs)
        rc = -1;
    for (size_t i = 0; hs && i < res->header_count; i++) {
        const char *n, *v;
        docbind_sign_result_header(res, i, &n, &v);
        cJSON *pair = cJSON_CreateArray();
        if (!pair) {
            rc = -1;
            break;
        }
        cJSON_AddItemToArray(hs, pair);
        cJSON *ns = cJSON_CreateString(n), *vs = cJSON_CreateString(v);
        if (ns)
            cJSON_AddItemToArray(pair, ns);
        if (vs)
            cJSON_AddItemToArray(pair, vs);
        if (!ns || !vs)
            rc = -1;
    }
    rc |= add_buf(o, "url", &res->url);
    if (rc) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static void wipe_string(cJSON *s)
{
    if (cJSON_IsString(s) && s->valuestring)
        OPENSSL_cleanse(s->valuestring, strlen(s->valuestring));
}

/* The tree is freed by cJSON, which does not wipe: do it first. */
static void wipe_credentials(cJSON *root)
{
    cJSON *items = cJSON_IsArray(root) ? root->child : root;
    for (cJSON *r = items; r; r = cJSON_IsArray(root) ? r->next : NULL) {
        cJSON *c = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, "credentials") : NULL;
        if (cJSON_IsObject(c)) {
            wipe_string(cJSON_GetObjectItemCaseSensitive(c, "secret"));
            wipe_string(cJSON_GetObjectItemCaseSensitive(c, "token"));
        }
    }
}

int docbind_sign_json(const char *text, size_t len, char **out, docbind_sign_error *err)
{
    *out = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        sign_errorf(err, "input: not valid JSON (at byte %zu)", at);
        return -1;
    }
    /* Only white space may follow the document. */
    for (const char *p = end; p && p < text + len; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') {
            sign_errorf(err, "input: unexpected data after the JSON document (at byte %zu)",
                        (size_t)(p - text));
            wipe_credentials(root);
            cJSON_Delete(root);
            return -1;
        }
    int is_array = cJSON_IsArray(root);
    if (!is_array && !cJSON_IsObject(root)) {
        sign_errorf(err, "input: must be a request object or an array of them");
        cJSON_Delete(root);
        return -1;
    }
    int rc = -1;
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    cJSON *results = is_array ? cJSON_CreateArray() : NULL;
    cJSON *single = NULL;
    docbind_sign_result res = {0};
    if (!ctx || (is_array && !results)) {
        sign_errorf(err, "out of memory");
        goto done;
    }
    size_t i = 0;
    for (cJSON *r = is_array ? root->child : root; r; r = is_array ? r->next : NULL, i++) {
        char where[40];
        if (is_array)
            snprintf(where, sizeof where, "request[%zu]", i);
        else
            snprintf(where, sizeof where, "request");
        docbind_sign_json_request jr;
        docbind_sign_error e;
        if (docbind_sign_request_from_json(r, where, &jr, err)) {
            docbind_sign_json_request_free(&jr);
            goto done;
        }
        int sr = docbind_sign(ctx, &jr.input, &res, &e);
        docbind_sign_json_request_free(&jr);
        if (sr) {
            sign_errorf(err, "%s.%s", where, e.message);
            goto done;
        }
        cJSON *o = docbind_sign_result_to_json(&res);
        if (!o) {
            sign_errorf(err, "out of memory");
            goto done;
        }
        if (is_array)
            cJSON_AddItemToArray(results, o);
        else
            single = o;
    }
    *out = cJSON_Print(is_array ? results : single);
    if (!*out) {
        sign_errorf(err, "out of memory");
        goto done;
    }
    rc = 0;
done:
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
    cJSON_Delete(results);
    cJSON_Delete(single);
    wipe_credentials(root);
    cJSON_Delete(root);
    return rc;
}
