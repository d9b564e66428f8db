/* docbind_sign(): input validation, the clock, and the pieces the
 * algorithm drivers share (effective header/parameter lists, canonical
 * headers, URL). */
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"

static const struct {
    docbind_sign_algorithm alg;
    const char *name;
} algorithms[] = {
    {DOCBIND_SIGN_TC3_HMAC_SHA256, "tc3-hmac-sha256"},
    {DOCBIND_SIGN_TC_V1_HMAC_SHA1, "tc-v1-hmac-sha1"},
    {DOCBIND_SIGN_TC_V1_HMAC_SHA256, "tc-v1-hmac-sha256"},
    {DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256, "huawei-sdk-hmac-sha256"},
    {DOCBIND_SIGN_HUAWEI_IAM_TOKEN, "huawei-iam-token"},
    {DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1, "aliyun-rpc-hmac-sha1"},
    {DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256, "aliyun-acs3-hmac-sha256"},
};

docbind_sign_algorithm docbind_sign_algorithm_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof algorithms / sizeof algorithms[0]; i++)
        if (!strcmp(name, algorithms[i].name))
            return algorithms[i].alg;
    return 0;
}

const char *docbind_sign_algorithm_name(docbind_sign_algorithm alg)
{
    for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++)
        if (algorithms[i].alg == alg)
            return algorithms[i].name;
    return NULL;
}

int docbind_sign_result_header(const docbind_sign_result *res, size_t i, const char **name,
                               const char **value)
{
    if (i >= res->header_count)
        return -1;
    const char *p = docbind_buf_str(&res->headers);
    for (size_t k = 0; k < i; k++) {
        p += strlen(p) + 1;
        p += strlen(p) + 1;
    }
    *name = p;
    *value = p + strlen(p) + 1;
    return 0;
}

void docbind_sign_result_free(docbind_sign_result *res)
{
    docbind_buf_free(&res->canonical_request);
    docbind_buf_free(&res->string_to_sign);
    docbind_buf_free(&res->signature);
    docbind_buf_free(&res->authorization);
    docbind_buf_free(&res->signed_query);
    docbind_buf_free(&res->url);
    docbind_buf_free(&res->headers);
    res->header_count = 0;
}

/* ---- validation ------------------------------------------------------- */

/* RFC 9110 token characters: what a header name may be made of. */
static int is_tchar(unsigned char c)
{
    if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9'))
        return 1;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return 1;
    default:
        return 0;
    }
}

static int valid_header_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!is_tchar((unsigned char)*s))
            return 0;
    return 1;
}

/* CR, LF and other controls would split or alter the header on the wire;
 * tab is allowed inside (it is optional white space). */
static int valid_header_value(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return 0;
    }
    return 1;
}

static int check_pairs(const docbind_pair *p, size_t n, const char *what, int header,
                       docbind_sign_error *err)
{
    if (n && !p) {
        sign_errorf(err, "%s: missing", what);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!p[i].name || !p[i].value) {
            sign_errorf(err, "%s[%zu]: missing name or value", what, i);
            return -1;
        }
        if (header && !valid_header_name(p[i].name)) {
            sign_errorf(err, "%s[%zu]: invalid header name", what, i);
            return -1;
        }
        if (header && !valid_header_value(p[i].value)) {
            sign_errorf(err, "%s[%zu]: value contains a control character", what, i);
            return -1;
        }
        if (!header && !p[i].name[0]) {
            sign_errorf(err, "%s[%zu]: empty name", what, i);
            return -1;
        }
    }
    return 0;
}

static int check_method(const char *m, docbind_sign_error *err)
{
    if (!m || !*m) {
        sign_errorf(err, "method: missing");
        return -1;
    }
    for (; *m; m++)
        if (*m < 'A' || *m > 'Z') {
            sign_errorf(err, "method: must be an upper-case HTTP method such as GET or POST");
            return -1;
        }
    return 0;
}

static int check_host(const char *h, docbind_sign_error *err)
{
    if (!h || !*h) {
        sign_errorf(err, "host: missing");
        return -1;
    }
    for (; *h; h++) {
        unsigned char c = (unsigned char)*h;
        if (c <= 0x20 || c == 0x7f || c == '/' || c == '?' || c == '#' || c == '@') {
            sign_errorf(err, "host: not a host name");
            return -1;
        }
    }
    return 0;
}

/* Year 9999 at most: the date formats have four digits. */
#define SIGN_MAX_TIME 253402300799LL

int docbind_sign(docbind_sign_ctx *ctx, const docbind_sign_input *in, docbind_sign_result *out,
                 docbind_sign_error *err)
{
    if (err)
        err->message[0] = '\0';
    if (!ctx || !in || !out) {
        sign_errorf(err, "docbind_sign: missing argument");
        return -1;
    }
    docbind_sign_algorithm alg = in->algorithm;
    if (!docbind_sign_algorithm_name(alg)) {
        sign_errorf(err, "algorithm: unknown");
        return -1;
    }
    const docbind_http_request *r = &in->request;
    if (check_method(r->method, err) || check_host(r->host, err))
        return -1;
    if (r->scheme && strcmp(r->scheme, "https") && strcmp(r->scheme, "http")) {
        sign_errorf(err, "scheme: must be https or http");
        return -1;
    }
    if (r->path && r->path[0] != '/') {
        sign_errorf(err, "path: must start with /");
        return -1;
    }
    if (r->body_len && !r->body) {
        sign_errorf(err, "body: missing");
        return -1;
    }
    if (check_pairs(r->query, r->query_count, "query", 0, err) ||
        check_pairs(r->headers, r->header_count, "headers", 1, err) ||
        check_pairs(in->params, in->param_count, "params", 0, err))
        return -1;
    if (in->signed_headers) {
        for (size_t i = 0; i < in->signed_header_count; i++)
            if (!in->signed_headers[i] || !valid_header_name(in->signed_headers[i])) {
                sign_errorf(err, "signed_headers[%zu]: invalid header name", i);
                return -1;
            }
    }
    const docbind_credentials *c = &in->credentials;
    if (alg == DOCBIND_SIGN_HUAWEI_IAM_TOKEN) {
        if (!c->token || !*c->token) {
            sign_errorf(err, "credentials.token: missing");
            return -1;
        }
    } else {
        if (!c->id || !*c->id) {
            sign_errorf(err, "credentials.id: missing");
            return -1;
        }
        if (!c->secret || !*c->secret) {
            sign_errorf(err, "credentials.secret: missing");
            return -1;
        }
        if (!valid_header_value(c->id)) {
            sign_errorf(err, "credentials.id: contains a control character");
            return -1;
        }
    }
    if (c->token && !valid_header_value(c->token)) {
        sign_errorf(err, "credentials.token: contains a control character");
        return -1;
    }
    /* These end up in headers: no CR/LF smuggling through them. */
    if (in->region && !valid_header_value(in->region)) {
        sign_errorf(err, "region: contains a control character");
        return -1;
    }
    if (in->project_id && !valid_header_value(in->project_id)) {
        sign_errorf(err, "project_id: contains a control character");
        return -1;
    }

    sign_job job = {ctx, in, 0, in->nonce, out, err};
    if (in->has_timestamp) {
        job.timestamp = in->timestamp;
    } else if (in->clock && in->clock->now) {
        job.timestamp = in->clock->now(in->clock->user);
    } else if (alg != DOCBIND_SIGN_HUAWEI_IAM_TOKEN) {
        sign_errorf(err, "timestamp: missing");
        return -1;
    }
    if (job.timestamp < 0 || job.timestamp > SIGN_MAX_TIME) {
        sign_errorf(err, "timestamp: out of range (0 .. 253402300799)");
        return -1;
    }
    char nonce[64];
    int wants_nonce = alg == DOCBIND_SIGN_TC_V1_HMAC_SHA1 ||
                      alg == DOCBIND_SIGN_TC_V1_HMAC_SHA256 ||
                      alg == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1 ||
                      alg == DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256;
    if (wants_nonce && !job.nonce && in->clock && in->clock->nonce) {
        if (in->clock->nonce(in->clock->user, alg, nonce, sizeof nonce)) {
            sign_errorf(err, "nonce: the nonce source failed");
            return -1;
        }
        job.nonce = nonce;
    }
    if (job.nonce && (!*job.nonce || !valid_header_value(job.nonce))) {
        sign_errorf(err, "nonce: empty or contains a control character");
        return -1;
    }

    out->algorithm = alg;
    sbuf_reset(&out->canonical_request);
    sbuf_reset(&out->string_to_sign);
    sbuf_reset(&out->signature);
    sbuf_reset(&out->authorization);
    sbuf_reset(&out->signed_query);
    sbuf_reset(&out->url);
    sbuf_reset(&out->headers);
    out->header_count = 0;

    switch (alg) {
    case DOCBIND_SIGN_TC3_HMAC_SHA256:
        return sign_run_tc3(&job);
    case DOCBIND_SIGN_TC_V1_HMAC_SHA1:
    case DOCBIND_SIGN_TC_V1_HMAC_SHA256:
        return sign_run_tc_v1(&job);
    case DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256:
        return sign_run_huawei(&job);
    case DOCBIND_SIGN_HUAWEI_IAM_TOKEN:
        return sign_run_huawei_iam(&job);
    case DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1:
        return sign_run_aliyun_rpc(&job);
    case DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256:
        return sign_run_aliyun_acs3(&job);
    }
    return -1;
}

/* ---- shared driver pieces --------------------------------------------- */

static int oom(sign_job *job)
{
    sign_errorf(job->err, "out of memory");
    return -1;
}

int sign_headers_begin(sign_job *job, sign_headers *hs, size_t extra)
{
    const docbind_http_request *r = &job->in->request;
    if (sign_ctx_pairs(job->ctx, r->header_count + extra))
        return oom(job);
    hs->h = job->ctx->pairs;
    if (r->header_count)
        memcpy(hs->h, r->headers, r->header_count * sizeof *hs->h);
    hs->n = r->header_count;
    hs->base = hs->n;
    return 0;
}

int sign_headers_add(sign_job *job, sign_headers *hs, const char *name, const char *value,
                     int must_match)
{
    long at = sign_find_header(hs->h, hs->n, name);
    if (at == -2) {
        sign_errorf(job->err, "headers: %s appears more than once", name);
        return -1;
    }
    if (at >= 0) {
        if (must_match && strcmp(hs->h[at].value, value)) {
            sign_errorf(job->err, "headers: %s does not match the value the signer computes",
                        name);
            return -1;
        }
        return 0;
    }
    hs->h[hs->n].name = name;
    hs->h[hs->n].value = value;
    hs->n++;
    return 0;
}

int sign_headers_report(sign_job *job, const sign_headers *hs, const char *first_name,
                        const char *first_value)
{
    docbind_sign_result *out = job->out;
    if (first_name) {
        if (sbuf_put_header(&out->headers, first_name, first_value))
            return oom(job);
        out->header_count++;
    }
    for (size_t i = hs->base; i < hs->n; i++) {
        if (sbuf_put_header(&out->headers, hs->h[i].name, hs->h[i].value))
            return oom(job);
        out->header_count++;
    }
    return 0;
}

int sign_params_begin(sign_job *job, sign_headers *ps, size_t extra)
{
    const docbind_sign_input *in = job->in;
    if (sign_ctx_pairs(job->ctx, in->param_count + extra))
        return oom(job);
    ps->h = job->ctx->pairs;
    if (in->param_count)
        memcpy(ps->h, in->params, in->param_count * sizeof *ps->h);
    ps->n = in->param_count;
    ps->base = ps->n;
    return 0;
}

int sign_params_add(sign_job *job, sign_headers *ps, const char *name, const char *value,
                    const char *field)
{
    for (size_t i = 0; i < ps->n; i++)
        if (!strcmp(ps->h[i].name, name))
            return 0; /* the caller's value is the one signed and sent */
    if (!value) {
        sign_errorf(job->err, "%s: missing (or give %s in params)", field, name);
        return -1;
    }
    ps->h[ps->n].name = name;
    ps->h[ps->n].value = value;
    ps->n++;
    return 0;
}

int sign_build_url(sign_job *job, const char *query)
{
    const docbind_http_request *r = &job->in->request;
    docbind_buf *u = &job->out->url;
    int root = !r->path || !strcmp(r->path, "/");
    int rc = sbuf_puts(u, r->scheme ? r->scheme : "https") | sbuf_puts(u, "://") |
             sbuf_puts(u, r->host) | (root ? sbuf_putc(u, '/') : sign_encode_path(u, r->path));
    if (query && *query)
        rc |= sbuf_putc(u, '?') | sbuf_puts(u, query);
    return rc ? oom(job) : 0;
}

int sign_sort_names(const char **names, size_t n, docbind_sign_error *err)
{
    for (size_t i = 1; i < n; i++) {
        const char *v = names[i];
        size_t j = i;
        while (j > 0 && sign_ascii_casecmp(names[j - 1], v) > 0) {
            names[j] = names[j - 1];
            j--;
        }
        names[j] = v;
    }
    for (size_t i = 0; i < n; i++) {
        if (!valid_header_name(names[i])) {
            sign_errorf(err, "signed_headers: invalid header name");
            return -1;
        }
        if (i && !sign_ascii_casecmp(names[i - 1], names[i])) {
            sign_errorf(err, "signed_headers: %s listed twice", names[i]);
            return -1;
        }
    }
    return 0;
}

int sign_join_names(const char *const *names, size_t n, docbind_buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc |= sbuf_putc(out, ';');
        rc |= sbuf_append_lower(out, names[i], strlen(names[i]));
    }
    return rc ? -1 : 0;
}

int sign_canonical_tail(const docbind_http_request *req, const char *const *names, size_t n,
                        int lower_values, const char *payload_hash, docbind_buf *out,
                        docbind_sign_error *err)
{
    /* Find every header first, so the whole tail is sized and reserved
     * once; stack arrays keep the common case allocation-free. */
    struct found {
        const char *value;
        size_t value_len, name_len;
    } stack_f[SIGN_MAX_SIGNED_HEADERS];
    struct found *f = n <= SIGN_MAX_SIGNED_HEADERS ? stack_f : malloc(n * sizeof *f);
    if (!f) {
        sign_errorf(err, "out of memory");
        return -1;
    }
    size_t hash_len = strlen(payload_hash), need = hash_len + 2;
    int rc = -1;
    for (size_t i = 0; i < n; i++) {
        long at = sign_find_header(req->headers, req->header_count, names[i]);
        if (at == -1) {
            sign_errorf(err, "signed_headers: %s is not among the request headers", names[i]);
            goto done;
        }
        if (at == -2) {
            sign_errorf(err, "headers: %s appears more than once", names[i]);
            goto done;
        }
        sign_trim(req->headers[at].value, &f[i].value, &f[i].value_len);
        f[i].name_len = strlen(names[i]);
        need += 2 * f[i].name_len + f[i].value_len + 3;
    }
    if (sbuf_reserve(out, need)) {
        sign_errorf(err, "out of memory");
        goto done;
    }
    char *p = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        p = sign_put_lower(p, names[i], f[i].name_len);
        *p++ = ':';
        p = lower_values ? sign_put_lower(p, f[i].value, f[i].value_len)
                         : sign_put(p, f[i].value, f[i].value_len);
        *p++ = '\n';
    }
    *p++ = '\n';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ';';
        p = sign_put_lower(p, names[i], f[i].name_len);
    }
    *p++ = '\n';
    p = sign_put(p, payload_hash, hash_len);
    sign_put_end(out, p);
    rc = 0;
done:
    if (f != stack_f)
        free(f);
    return rc;
}
