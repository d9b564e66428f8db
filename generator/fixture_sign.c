/* fixture_sign.c: wire form -> signed request (fixture_sign.h). */
#include "fixture_sign.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* The runtime's signer: the generator's own include path does not hold
 * the runtime, and this is the one module of it that signs. */
#include "../runtime/docbind_sign.h"

#include "strbuf.h"

/* Sets a header as docbind_request_set_header does: replaces one of the
 * same name (any case) in place, else appends. */
static int set_header(fx_pairs *h, const char *name, const char *value)
{
    for (size_t i = 0; i < h->n; i++) {
        if (!strcasecmp(h->items[i].name, name)) {
            char *v = strdup(value);
            if (!v)
                return -1;
            free(h->items[i].value);
            h->items[i].value = v;
            return 0;
        }
    }
    return fx_pairs_add(h, name, value);
}

static bool param_algorithm(docbind_sign_algorithm a)
{
    return a == DOCBIND_SIGN_TC_V1_HMAC_SHA1 || a == DOCBIND_SIGN_TC_V1_HMAC_SHA256 ||
           a == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1;
}

static docbind_pair *as_pairs(const fx_pairs *p)
{
    docbind_pair *out = calloc(p->n + 1, sizeof *out);
    for (size_t i = 0; out && i < p->n; i++)
        out[i] = (docbind_pair){p->items[i].name, p->items[i].value};
    return out;
}

/* Splits an encoded a=b&c=d string into decoded pairs (libcurl decodes). */
static int split_encoded(const char *s, fx_pairs *out)
{
    const char *p = s;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t nlen = eq ? (size_t)(eq - p) : len;
        int n1 = 0, n2 = 0;
        size_t vlen = eq ? len - nlen - 1 : 0;
        /* libcurl reads a length of 0 as "up to the NUL": empty stays empty */
        char *name = curl_easy_unescape(NULL, nlen ? p : "", (int)nlen, &n1);
        char *value = curl_easy_unescape(NULL, vlen ? eq + 1 : "", (int)vlen, &n2);
        int rc = name && value ? fx_pairs_add(out, name, value) : -1;
        curl_free(name);
        curl_free(value);
        if (rc)
            return -1;
        p += len;
        if (*p == '&')
            p++;
    }
    return 0;
}

static cJSON *pairs_json(const fx_pairs *p)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < p->n; i++) {
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateString(p->items[i].name));
        cJSON_AddItemToArray(pair, cJSON_CreateString(p->items[i].value));
        cJSON_AddItemToArray(arr, pair);
    }
    return arr;
}

static char *url_of(const fx_sign_config *cfg, const char *path, const fx_pairs *query)
{
    docbind_buf b;
    docbind_buf_init(&b);
    strbuf out = STRBUF_INIT;
    strbuf_printf(&out, "%s://%s", cfg->scheme, cfg->host);
    /* each path segment percent-encoded, "/" kept */
    const char *p = path;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        b.len = 0;
        docbind_percent_encode(&b, p, len);
        strbuf_puts(&out, docbind_buf_str(&b));
        if (!slash)
            break;
        strbuf_puts(&out, "/");
        p = slash + 1;
    }
    for (size_t i = 0; i < query->n; i++) {
        strbuf_puts(&out, i ? "&" : "?");
        b.len = 0;
        docbind_percent_encode(&b, query->items[i].name, strlen(query->items[i].name));
        strbuf_puts(&out, docbind_buf_str(&b));
        strbuf_puts(&out, "=");
        b.len = 0;
        docbind_percent_encode(&b, query->items[i].value, strlen(query->items[i].value));
        strbuf_puts(&out, docbind_buf_str(&b));
    }
    docbind_buf_free(&b);
    return strbuf_take(&out);
}

static void add_buf(cJSON *o, const char *key, const docbind_buf *b)
{
    if (b->len)
        cJSON_AddStringToObject(o, key, docbind_buf_str(b));
}

int fx_sign_wire(const fx_model *m, const fx_sign_config *cfg, const fx_wire *w,
                 cJSON **request, cJSON **signature, char *err, size_t err_size)
{
    docbind_sign_algorithm alg = docbind_sign_algorithm_from_name(cfg->algorithm);
    if (!alg) {
        snprintf(err, err_size, "unknown signing algorithm '%s'", cfg->algorithm);
        return -1;
    }
    bool params_signed = param_algorithm(alg);
    fx_pairs headers = {0}, query = {0}, params = {0};
    const char *body = NULL;
    int rc = -1;
    for (size_t i = 0; i < w->headers.n; i++)
        if (set_header(&headers, w->headers.items[i].name, w->headers.items[i].value))
            goto out;
    if (params_signed) {
        bool has_format = false;
        for (size_t i = 0; i < w->form.n; i++) {
            has_format |= !strcmp(w->form.items[i].name, "Format");
            if (fx_pairs_add(&params, w->form.items[i].name, w->form.items[i].value))
                goto out;
        }
        for (size_t i = 0; i < w->query.n; i++) {
            has_format |= !strcmp(w->query.items[i].name, "Format");
            if (fx_pairs_add(&params, w->query.items[i].name, w->query.items[i].value))
                goto out;
        }
        /* Alibaba answers XML unless asked for JSON */
        if (!strcmp(m->envelope, "aliyun") && !has_format &&
            fx_pairs_add(&params, "Format", "JSON"))
            goto out;
    } else {
        for (size_t i = 0; i < w->query.n; i++)
            if (fx_pairs_add(&query, w->query.items[i].name, w->query.items[i].value))
                goto out;
        if (w->body) {
            if (w->content_type && set_header(&headers, "Content-Type", w->content_type))
                goto out;
            body = w->body;
        }
    }

    docbind_pair *h = as_pairs(&headers), *q = as_pairs(&query), *p = as_pairs(&params);
    docbind_sign_input in;
    memset(&in, 0, sizeof in);
    in.algorithm = alg;
    in.request = (docbind_http_request){w->method, cfg->scheme, cfg->host, w->path, q, query.n,
                                        h, headers.n, (const unsigned char *)body,
                                        body ? strlen(body) : 0};
    if (params_signed) {
        in.params = p;
        in.param_count = params.n;
    }
    in.credentials.id = cfg->id;
    in.credentials.secret = cfg->secret;
    in.has_timestamp = 1;
    in.timestamp = cfg->timestamp;
    in.nonce = cfg->nonce;
    in.service = cfg->scope_service;
    in.region = cfg->region;
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    docbind_sign_error serr;
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    int signed_ok = ctx && h && q && p && docbind_sign(ctx, &in, &res, &serr) == 0;
    if (!signed_ok)
        snprintf(err, err_size, "signing failed: %s", ctx && h && q && p ? serr.message : "out of memory");
    docbind_sign_ctx_free(ctx);
    free(h);
    free(q);
    free(p);
    if (!signed_ok) {
        docbind_sign_result_free(&res);
        goto out;
    }
    for (size_t i = 0; i < res.header_count; i++) {
        const char *n, *v;
        docbind_sign_result_header(&res, i, &n, &v);
        if (set_header(&headers, n, v))
            goto out_res;
    }
    /* every HTTP/1.1 request carries Host; the header algorithms sign it,
     * the parameter algorithms leave it to the transport */
    bool has_host = false;
    for (size_t i = 0; i < headers.n; i++)
        has_host |= !strcasecmp(headers.items[i].name, "Host");
    if (!has_host && fx_pairs_add(&headers, "Host", cfg->host))
        goto out_res;
    const char *signed_query = docbind_buf_str(&res.signed_query);
    if (params_signed) {
        if (!strcmp(w->method, "GET")) {
            if (split_encoded(signed_query, &query))
                goto out_res;
        } else {
            if (set_header(&headers, "Content-Type", "application/x-www-form-urlencoded"))
                goto out_res;
            body = signed_query;
        }
    }
    char *url = url_of(cfg, w->path, &query);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "method", w->method);
    cJSON_AddStringToObject(r, "url", url ? url : "");
    free(url);
    cJSON_AddStringToObject(r, "path", w->path);
    cJSON_AddItemToObject(r, "query", pairs_json(&query));
    cJSON_AddItemToObject(r, "headers", pairs_json(&headers));
    cJSON_AddItemToObject(r, "body", body ? cJSON_CreateString(body) : cJSON_CreateNull());
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "algorithm", cfg->algorithm);
    add_buf(s, "canonical_request", &res.canonical_request);
    add_buf(s, "string_to_sign", &res.string_to_sign);
    add_buf(s, "signature", &res.signature);
    add_buf(s, "authorization", &res.authorization);
    add_buf(s, "signed_query", &res.signed_query);
    *request = r;
    *signature = s;
    rc = 0;
out_res:
    if (rc)
        snprintf(err, err_size, "out of memory");
    docbind_sign_result_free(&res);
out:
    fx_pairs_free(&headers);
    fx_pairs_free(&query);
    fx_pairs_free(&params);
    return rc;
}
