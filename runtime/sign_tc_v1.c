/* tc-v1-hmac-sha1 / tc-v1-hmac-sha256: Tencent signature v1.
 *
 * StringToSign = METHOD + host + path + "?" + k=v&... (sorted by name,
 *                values as they are, not encoded)
 * Signature    = base64(HMAC-SHA1 or -SHA256(secret, StringToSign))
 * The request then carries every parameter percent-encoded, plus
 * Signature. Host and path distinguish API 3.0 (cvm.tencentcloudapi.com/)
 * from the legacy API 2.0 (e.g. ckafka.api.qcloud.com/v2/index.php). */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "sign_internal.h"

int docbind_tc_v1_param_string(const docbind_pair *params, size_t n, docbind_buf *out)
{
    sbuf_reset(out);
    return sign_join_sorted(params, n, 0, out);
}

int docbind_tc_v1_string_to_sign(const char *method, const char *host, const char *path,
                                 const char *param_string, docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, method) | sbuf_puts(out, host) |
             sbuf_puts(out, path && *path ? path : "/") | sbuf_putc(out, '?') |
             sbuf_puts(out, param_string);
    return rc ? -1 : 0;
}

static int v1_signature(docbind_sign_ctx *ctx, const char *secret, int use_sha256,
                        const char *string_to_sign, size_t len, docbind_buf *out)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    sbuf_reset(out);
    if (sign_ctx_hmac(ctx, use_sha256, secret, strlen(secret), string_to_sign, len, mac, &n))
        return -1;
    return sign_base64(mac, n, out);
}

int docbind_tc_v1_signature(const char *secret, int use_sha256, const char *string_to_sign,
                            size_t len, docbind_buf *out)
{
    return v1_signature(NULL, secret, use_sha256, string_to_sign, len, out);
}

int docbind_tc_v1_signed_query(const docbind_pair *params, size_t n, const char *signature,
                               docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sign_join_sorted(params, n, 1, out);
    rc |= sbuf_puts(out, n ? "&Signature=" : "Signature=");
    rc |= docbind_percent_encode(out, signature, strlen(signature));
    return rc ? -1 : 0;
}

int sign_run_tc_v1(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    const docbind_http_request *r = &in->request;
    docbind_sign_result *out = job->out;
    int sha256 = in->algorithm == DOCBIND_SIGN_TC_V1_HMAC_SHA256;
    if (strcmp(r->method, "GET") && strcmp(r->method, "POST")) {
        sign_errorf(job->err, "method: signature v1 supports GET and POST only");
        return -1;
    }
    if (r->query_count) {
        sign_errorf(job->err, "query: give the parameters of this algorithm in params");
        return -1;
    }
    for (size_t i = 0; i < in->param_count; i++)
        if (!strcmp(in->params[i].name, "Signature")) {
            sign_errorf(job->err, "params[%zu]: Signature is computed, do not pass it", i);
            return -1;
        }
    char ts[24];
    snprintf(ts, sizeof ts, "%lld", (long long)job->timestamp);
    sign_headers ps;
    if (sign_params_begin(job, &ps, 5) ||
        sign_params_add(job, &ps, "SecretId", in->credentials.id, "credentials.id") ||
        sign_params_add(job, &ps, "Timestamp", ts, "timestamp") ||
        sign_params_add(job, &ps, "Nonce", job->nonce, "nonce") ||
        /* SHA1 is the server's default; SHA256 must be asked for. */
        (sha256 && sign_params_add(job, &ps, "SignatureMethod", "HmacSHA256", "")) ||
        (in->credentials.token && sign_params_add(job, &ps, "Token", in->credentials.token, "credentials.token")))
        return -1;
    for (size_t i = 0; i < ps.n; i++)
        if (!strcmp(ps.h[i].name, "SignatureMethod") &&
            strcmp(ps.h[i].value, sha256 ? "HmacSHA256" : "HmacSHA1")) {
            sign_errorf(job->err, "params: SignatureMethod does not match the algorithm");
            return -1;
        }

    docbind_buf *ps_str = &job->ctx->scratch;
    if (docbind_tc_v1_param_string(ps.h, ps.n, ps_str) ||
        docbind_tc_v1_string_to_sign(r->method, r->host, r->path, ps_str->data,
                                     &out->string_to_sign))
        goto nomem;
    if (v1_signature(job->ctx, in->credentials.secret, sha256, out->string_to_sign.data,
                     out->string_to_sign.len, &out->signature)) {
        sign_errorf(job->err, "OpenSSL failed to compute the signature");
        return -1;
    }
    if (docbind_tc_v1_signed_query(ps.h, ps.n, out->signature.data, &out->signed_query))
        goto nomem;
    if (!strcmp(r->method, "POST")) {
        if (sbuf_put_header(&out->headers, "Content-Type", "application/x-www-form-urlencoded"))
            goto nomem;
        out->header_count++;
        return sign_build_url(job, NULL);
    }
    return sign_build_url(job, out->signed_query.data);
nomem:
    sign_errorf(job->err, "out of memory");
    return -1;
}
