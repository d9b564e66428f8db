/* huawei-sdk-hmac-sha256: Huawei Cloud APIG AK/SK signing, and
 * huawei-iam-token, the token alternative.
 *
 * CanonicalRequest = Method \n URI/ \n Query \n Headers \n SignedHeaders \n
 *                    hex(SHA256(body))   (URI always ends in "/"; query
 *                    encoded and sorted; names lower-cased, values trimmed)
 * StringToSign     = SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
 * Authorization    = SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=hex
 */
#include <stdlib.h>
#include <string.h>

#include "sign_internal.h"

int docbind_huawei_canonical_uri(const char *path, docbind_buf *out)
{
    sbuf_reset(out);
    if (sign_encode_path(out, path))
        return -1;
    /* Signed with a trailing slash whether or not the request has one. */
    if (out->data[out->len - 1] != '/' && sbuf_putc(out, '/'))
        return -1;
    return 0;
}

/* Encodes every pair, then sorts the encoded pairs: the documentation
 * sorts by the encoded parameter names. */
static int encoded_sorted_query(const docbind_pair *query, size_t n, docbind_buf *out)
{
    sbuf_reset(out);
    if (!n)
        return sbuf_append(out, "", 0);
    docbind_buf enc = {0};
    docbind_pair *pairs = calloc(n, sizeof *pairs);
    size_t *offs = calloc(2 * n, sizeof *offs);
    int rc = (!pairs || !offs) ? -1 : 0;
    for (size_t i = 0; i < n && !rc; i++) {
        offs[2 * i] = enc.len;
        rc |= docbind_percent_encode(&enc, query[i].name, strlen(query[i].name));
        rc |= sbuf_putc(&enc, '\0');
        offs[2 * i + 1] = enc.len;
        rc |= docbind_percent_encode(&enc, query[i].value, strlen(query[i].value));
        rc |= sbuf_putc(&enc, '\0');
    }
    if (!rc) {
        for (size_t i = 0; i < n; i++) {
            pairs[i].name = enc.data + offs[2 * i];
            pairs[i].value = enc.data + offs[2 * i + 1];
        }
        rc = sign_join_sorted(pairs, n, 0, out);
    }
    docbind_buf_free(&enc);
    free(pairs);
    free(offs);
    return rc ? -1 : 0;
}

int docbind_huawei_canonical_query(const docbind_pair *query, size_t n, docbind_buf *out)
{
    return encoded_sorted_query(query, n, out);
}

/* Resolves the signed names: the given list, or every header. */
static int signed_names(const docbind_http_request *req, const char *const *given, size_t n,
                        const char ***names, size_t *count, docbind_sign_error *err)
{
    size_t total = given ? n : req->header_count;
    const char **v = calloc(total ? total : 1, sizeof *v);
    if (!v) {
        sign_errorf(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < total; i++)
        v[i] = given ? given[i] : req->headers[i].name;
    if (sign_sort_names(v, total, err)) {
        free(v);
        return -1;
    }
    *names = v;
    *count = total;
    return 0;
}

static int has_name(const char **names, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++)
        if (!sign_ascii_casecmp(names[i], want))
            return 1;
    return 0;
}

int docbind_huawei_canonical_request(const docbind_http_request *req,
                                     const char *const *signed_headers, size_t n_signed,
                                     const char *payload_hash, docbind_buf *signed_list,
                                     docbind_buf *out, docbind_sign_error *err)
{
    const char **names = NULL;
    size_t n = 0;
    docbind_buf tmp = {0};
    if (signed_names(req, signed_headers, n_signed, &names, &n, err))
        return -1;
    int rc = -1;
    if (!has_name(names, n, "x-sdk-date")) {
        sign_errorf(err, "signed_headers: must include x-sdk-date");
        goto done;
    }
    sbuf_reset(out);
    if (sbuf_puts(out, req->method) || sbuf_putc(out, '\n') ||
        docbind_huawei_canonical_uri(req->path, &tmp) || sbuf_puts(out, tmp.data) ||
        sbuf_putc(out, '\n') || encoded_sorted_query(req->query, req->query_count, &tmp) ||
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

int docbind_huawei_string_to_sign(const char *sdk_date, const char *canonical_request_hash,
                                  docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, "SDK-HMAC-SHA256\n") | sbuf_puts(out, sdk_date) |
             sbuf_putc(out, '\n') | sbuf_puts(out, canonical_request_hash);
    return rc ? -1 : 0;
}


int docbind_huawei_signature(const char *secret, const char *string_to_sign, size_t len,
                             char out[65])
{
    return sign_hmac_sha256_hex(NULL, secret, string_to_sign, len, out);
}

int docbind_huawei_authorization(const char *access_key, const char *signed_headers,
                                 const char *signature, docbind_buf *out)
{
    sbuf_reset(out);
    int rc = sbuf_puts(out, "SDK-HMAC-SHA256 Access=") | sbuf_puts(out, access_key) |
             sbuf_puts(out, ", SignedHeaders=") | sbuf_puts(out, signed_headers) |
             sbuf_puts(out, ", Signature=") | sbuf_puts(out, signature);
    return rc ? -1 : 0;
}

int sign_run_huawei(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    docbind_sign_result *out = job->out;
    char date[17];
    docbind_sign_basic_datetime(job->timestamp, date);
    sign_headers hs;
    if (sign_headers_begin(job, &hs, 4) ||
        sign_headers_add(job, &hs, "Host", in->request.host, 0) ||
        sign_headers_add(job, &hs, "X-Sdk-Date", date, 1) ||
        (in->project_id && sign_headers_add(job, &hs, "X-Project-Id", in->project_id, 1)) ||
        /* Temporary AK/SK come with a security token. */
        (in->credentials.token &&
         sign_headers_add(job, &hs, "X-Security-Token", in->credentials.token, 1)))
        return -1;
    docbind_http_request req = in->request;
    req.headers = hs.h;
    req.header_count = hs.n;

    char payload_hash[65], cr_hash[65], sig[65];
    long at = sign_find_header(hs.h, hs.n, "X-Sdk-Content-Sha256");
    if (at >= 0 && !strcmp(hs.h[at].value, "UNSIGNED-PAYLOAD")) {
        memcpy(payload_hash, "UNSIGNED-PAYLOAD", 17); /* the body is left out */
    } else if (sign_ctx_sha256_hex(job->ctx, req.body, req.body_len, payload_hash)) {
        goto crypto;
    }
    docbind_buf *list = &job->ctx->scratch;
    if (docbind_huawei_canonical_request(&req, in->signed_headers, in->signed_header_count,
                                         payload_hash, list, &out->canonical_request,
                                         job->err))
        return -1;
    if (sign_ctx_sha256_hex(job->ctx, out->canonical_request.data, out->canonical_request.len,
                            cr_hash))
        goto crypto;
    if (docbind_huawei_string_to_sign(date, cr_hash, &out->string_to_sign))
        goto nomem;
    if (sign_hmac_sha256_hex(job->ctx, in->credentials.secret, out->string_to_sign.data,
                         out->string_to_sign.len, sig))
        goto crypto;
    if (sbuf_puts(&out->signature, sig) ||
        docbind_huawei_authorization(in->credentials.id, list->data, sig, &out->authorization))
        goto nomem;
    if (sign_headers_report(job, &hs, "Authorization", out->authorization.data))
        return -1;
    docbind_buf q = {0};
    if (encoded_sorted_query(req.query, req.query_count, &q)) {
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

int sign_run_huawei_iam(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    sign_headers hs;
    if (sign_headers_begin(job, &hs, 3) ||
        sign_headers_add(job, &hs, "Host", in->request.host, 0) ||
        sign_headers_add(job, &hs, "X-Auth-Token", in->credentials.token, 1) ||
        (in->project_id && sign_headers_add(job, &hs, "X-Project-Id", in->project_id, 1)) ||
        sign_headers_report(job, &hs, NULL, NULL))
        return -1;
    docbind_buf q = {0};
    int rc = encoded_sorted_query(in->request.query, in->request.query_count, &q);
    if (rc)
        sign_errorf(job->err, "out of memory");
    else
        rc = sign_build_url(job, q.data);
    docbind_buf_free(&q);
    return rc;
}
