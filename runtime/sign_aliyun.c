/* Alibaba Cloud: aliyun-rpc-hmac-sha1 (RPC signature v1) and
 * aliyun-acs3-hmac-sha256 (signature V3).
 *
 * RPC:  CanonicalizedQuery = sorted, percent-encoded k=v&...
 *       StringToSign       = METHOD & %2F & percent-encode(CanonicalizedQuery)
 *       Signature          = base64(HMAC-SHA1(secret + "&", StringToSign))
 * ACS3: CanonicalRequest   = Method \n URI \n Query \n Headers \n
 *                            SignedHeaders \n hex(SHA256(body))
 *       StringToSign       = ACS3-HMAC-SHA256 \n hex(SHA256(CanonicalRequest))
 *       Authorization      = ACS3-HMAC-SHA256 Credential=id,SignedHeaders=...,
 *                            Signature=hex(HMAC-SHA256(secret, StringToSign))
 * Percent-encoding is RFC 3986 with upper-case hex, which is exactly
 * Alibaba's rule (space %20, * %2A, ~ literal). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "sign_internal.h"

/* ---- RPC -------------------------------------------------------------- */

int docbind_aliyun_rpc_canonical_query(const docbind_pair *params, size_t n, docbind_buf *out)
{
    sbuf_reset(out);
    return sign_join_sorted(params, n, 1, out);
}

int docbind_aliyun_rpc_string_to_sign(const char *method, const char *canonical_query,
                                      docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, method) | sbuf_puts(out, "&%2F&") |
             docbind_percent_encode(out, canonical_query, strlen(canonical_query));
    return rc ? -1 : 0;
}

static int rpc_signature(docbind_sign_ctx *ctx, const char *secret, const char *string_to_sign,
                         size_t len, docbind_buf *out)
{
    size_t slen = strlen(secret);
    char *key = malloc(slen + 2);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    sbuf_reset(out);
    if (!key)
        return -1;
    memcpy(key, secret, slen);
    key[slen] = '&'; /* the RPC key is "<secret>&" */
    key[slen + 1] = '\0';
    int rc = sign_ctx_hmac(ctx, 0, key, slen + 1, string_to_sign, len, mac, &n);
    OPENSSL_cleanse(key, slen + 1);
    free(key);
    return rc ? -1 : sign_base64(mac, n, out);
}

int docbind_aliyun_rpc_signature(const char *secret, const char *string_to_sign, size_t len,
                                 docbind_buf *out)
{
    return rpc_signature(NULL, secret, string_to_sign, len, out);
}

int sign_run_aliyun_rpc(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    const docbind_http_request *r = &in->request;
    docbind_sign_result *out = job->out;
    if (strcmp(r->method, "GET") && strcmp(r->method, "POST")) {
        sign_errorf(job->err, "method: RPC signatures support GET and POST only");
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
    char ts[21];
    docbind_sign_iso8601(job->timestamp, ts);
    sign_headers ps;
    if (sign_params_begin(job, &ps, 6) ||
        sign_params_add(job, &ps, "AccessKeyId", in->credentials.id, "credentials.id") ||
        sign_params_add(job, &ps, "SignatureMethod", "HMAC-SHA1", "") ||
        sign_params_add(job, &ps, "SignatureVersion", "1.0", "") ||
        sign_params_add(job, &ps, "SignatureNonce", job->nonce, "nonce") ||
        sign_params_add(job, &ps, "Timestamp", ts, "timestamp") ||
        (in->credentials.token &&
         sign_params_add(job, &ps, "SecurityToken", in->credentials.token, "credentials.token")))
        return -1;
    docbind_buf *cq = &job->ctx->scratch;
    if (docbind_aliyun_rpc_canonical_query(ps.h, ps.n, cq) ||
        docbind_aliyun_rpc_string_to_sign(r->method, cq->data, &out->string_to_sign))
        goto nomem;
    if (rpc_signature(job->ctx, in->credentials.secret, out->string_to_sign.data,
                      out->string_to_sign.len, &out->signature)) {
        sign_errorf(job->err, "OpenSSL failed to compute the signature");
        return -1;
    }
    sbuf_reset(&out->signed_query);
    if (sbuf_append(&out->signed_query, cq->data, cq->len) ||
        sbuf_puts(&out->signed_query, "&Signature=") ||
        docbind_percent_encode(&out->signed_query, out->signature.data, out->signature.len))
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

/* ---- ACS3 ------------------------------------------------------------- */

int docbind_aliyun_acs3_canonical_uri(const char *path, docbind_buf *out)
{
    sbuf_reset(out);
    return sign_encode_path(out, path);
}

int docbind_aliyun_acs3_canonical_query(const docbind_pair *query, size_t n, docbind_buf *out)
{
    sbuf_reset(out);
    if (!n)
        return sbuf_append(out, "", 0);
    return sign_join_sorted(query, n, 1, out);
}

static int acs3_default_signed(const char *name)
{
    return !sign_ascii_casecmp(name, "host") || !sign_ascii_casecmp(name, "content-type") ||
           (strlen(name) > 6 && !sign_ascii_casecmp_n(name, "x-acs-", 6));
}

int docbind_aliyun_acs3_canonical_request(const docbind_http_request *req,
                                          const char *const *signed_headers, size_t n_signed,
                                          const char *payload_hash, docbind_buf *signed_list,
                                          docbind_buf *out, docbind_sign_error *err)
{
    size_t total = signed_headers ? n_signed : req->header_count;
    const char **names = calloc(total ? total : 1, sizeof *names);
    docbind_buf tmp = {0};
    int rc = -1;
    if (!names) {
        sign_errorf(err, "out of memory");
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < total; i++) {
        const char *name = signed_headers ? signed_headers[i] : req->headers[i].name;
        if (signed_headers || acs3_default_signed(name))
            names[n++] = name;
    }
    if (sign_sort_names(names, n, err))
        goto done;
    sbuf_reset(out);
    if (sbuf_puts(out, req->method) || sbuf_putc(out, '\n') ||
        docbind_aliyun_acs3_canonical_uri(req->path, &tmp) || sbuf_puts(out, tmp.data) ||
        sbuf_putc(out, '\n') ||
        docbind_aliyun_acs3_canonical_query(req->query, req->query_count, &tmp) ||
        sbuf_puts(out, tmp.data) || sbuf_putc(out, '\n')) {
        sign_errorf(err, "out of memory");
        goto done;
    }
    if (sign_canonical_tail(req, names, n, 0, payload_hash, out, err))
        goto done;
    if (signed_list) {
        sbuf_reset(signed_list);
        if (sign_join_names(names, n, signed_list)) {
            sign_errorf(err, "out of memory");
            goto done;
        }
    }
    rc = 0;
done:
    free(names);
    docbind_buf_free(&tmp);
    return rc;
}

int docbind_aliyun_acs3_string_to_sign(const char *canonical_request_hash, docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, "ACS3-HMAC-SHA256\n") | sbuf_puts(out, canonical_request_hash);
    return rc ? -1 : 0;
}


int docbind_aliyun_acs3_signature(const char *secret, const char *string_to_sign, size_t len,
                                  char out[65])
{
    return sign_hmac_sha256_hex(NULL, secret, string_to_sign, len, out);
}

int docbind_aliyun_acs3_authorization(const char *access_key_id, const char *signed_headers,
                                      const char *signature, docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, "ACS3-HMAC-SHA256 Credential=") | sbuf_puts(out, access_key_id) |
             sbuf_puts(out, ",SignedHeaders=") | sbuf_puts(out, signed_headers) |
             sbuf_puts(out, ",Signature=") | sbuf_puts(out, signature);
    return rc ? -1 : 0;
}

int sign_run_aliyun_acs3(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    docbind_sign_result *out = job->out;
    if (!job->nonce) {
        sign_errorf(job->err, "nonce: missing");
        return -1;
    }
    char date[21], payload_hash[65], cr_hash[65], sig[65];
    docbind_sign_iso8601(job->timestamp, date);
    if (sign_ctx_sha256_hex(job->ctx, in->request.body, in->request.body_len, payload_hash))
        goto crypto;
    sign_headers hs;
    if (sign_headers_begin(job, &hs, 5) ||
        sign_headers_add(job, &hs, "host", in->request.host, 0) ||
        sign_headers_add(job, &hs, "x-acs-date", date, 1) ||
        sign_headers_add(job, &hs, "x-acs-signature-nonce", job->nonce, 1) ||
        sign_headers_add(job, &hs, "x-acs-content-sha256", payload_hash, 1) ||
        (in->credentials.token &&
         sign_headers_add(job, &hs, "x-acs-security-token", in->credentials.token, 1)))
        return -1;
    docbind_http_request req = in->request;
    req.headers = hs.h;
    req.header_count = hs.n;
    docbind_buf *list = &job->ctx->scratch;
    if (docbind_aliyun_acs3_canonical_request(&req, in->signed_headers, in->signed_header_count,
                                              payload_hash, list, &out->canonical_request,
                                              job->err))
        return -1;
    if (sign_ctx_sha256_hex(job->ctx, out->canonical_request.data, out->canonical_request.len,
                            cr_hash))
        goto crypto;
    if (docbind_aliyun_acs3_string_to_sign(cr_hash, &out->string_to_sign))
        goto nomem;
    if (sign_hmac_sha256_hex(job->ctx, in->credentials.secret, out->string_to_sign.data,
                       out->string_to_sign.len, sig))
        goto crypto;
    if (sbuf_puts(&out->signature, sig) ||
        docbind_aliyun_acs3_authorization(in->credentials.id, list->data, sig,
                                          &out->authorization))
        goto nomem;
    if (sign_headers_report(job, &hs, "Authorization", out->authorization.data))
        return -1;
    docbind_buf q = {0};
    if (docbind_aliyun_acs3_canonical_query(req.query, req.query_count, &q)) {
        docbind_buf_free(&q);
        goto nomem;
    }
    int rc = sign_build_url(job, q.data);
    docbind_buf_free(&q);
    return rc;
nomem:
    sign_errorf(job->err, "out of memory");
    return -1;
crypto:
    sign_errorf(job->err, "OpenSSL failed to compute the signature");
    return -1;
}
