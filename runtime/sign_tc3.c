/* tc3-hmac-sha256: Tencent Cloud API 3.0 signature v3.
 *
 * CanonicalRequest = Method \n URI \n Query \n Headers \n SignedHeaders \n
 *                    hex(SHA256(body))
 * StringToSign     = TC3-HMAC-SHA256 \n Timestamp \n Date/service/tc3_request \n
 *                    hex(SHA256(CanonicalRequest))
 * Signature        = hex(HMAC(K, StringToSign)), K derived from "TC3"+secret
 *                    by the UTC date, the service and "tc3_request".
 * This is the hot path of every Tencent call, so the driver writes into the
 * caller's reusable result and the derived key comes from the cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "sign_internal.h"

static const char *const tc3_default_signed[] = {"content-type", "host"};

/* Copies and sorts the signed names, requiring Tencent's two. */
static int tc3_names(const char *const *in, size_t n, const char **names,
                     docbind_sign_error *err)
{
    if (!in) {
        /* The default list is sorted and valid already. */
        names[0] = tc3_default_signed[0];
        names[1] = tc3_default_signed[1];
        return 0;
    }
    if (n > SIGN_MAX_SIGNED_HEADERS) {
        sign_errorf(err, "signed_headers: more than %d names", SIGN_MAX_SIGNED_HEADERS);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!in[i]) {
            sign_errorf(err, "signed_headers[%zu]: missing", i);
            return -1;
        }
        names[i] = in[i];
    }
    if (sign_sort_names(names, n, err))
        return -1;
    int ct = 0, host = 0;
    for (size_t i = 0; i < n; i++) {
        ct |= !sign_ascii_casecmp(names[i], "content-type");
        host |= !sign_ascii_casecmp(names[i], "host");
    }
    if (!ct || !host) {
        sign_errorf(err, "signed_headers: must include content-type and host");
        return -1;
    }
    return 0;
}

static int tc3_canonical(const docbind_http_request *req, const char *const *names, size_t n,
                         const char *payload_hash, docbind_buf *out, docbind_sign_error *err)
{
    int rc;
    if (!req->path || !strcmp(req->path, "/")) {
        /* API 3.0's fixed path: skip the segment encoder. */
        size_t mlen = strlen(req->method);
        rc = sbuf_reserve(out, mlen + 3);
        if (!rc) {
            char *p = sign_put(out->data + out->len, req->method, mlen);
            sign_put_end(out, sign_put(p, "\n/\n", 3));
        }
    } else {
        rc = sbuf_puts(out, req->method) | sbuf_putc(out, '\n') |
             sign_encode_path(out, req->path) | sbuf_putc(out, '\n');
    }
    /* The query in the order given: the gateway hashes the query string as
     * it arrives, and docbind sends exactly this string (see the url). */
    for (size_t i = 0; i < req->query_count; i++) {
        const docbind_pair *q = &req->query[i];
        if (i)
            rc |= sbuf_putc(out, '&');
        rc |= docbind_percent_encode(out, q->name, strlen(q->name)) | sbuf_putc(out, '=') |
              docbind_percent_encode(out, q->value, strlen(q->value));
    }
    rc |= sbuf_putc(out, '\n');
    if (rc) {
        sign_errorf(err, "out of memory");
        return -1;
    }
    return sign_canonical_tail(req, names, n, 1, payload_hash, out, err);
}

int docbind_tc3_canonical_request(const docbind_http_request *req,
                                  const char *const *signed_headers, size_t n_signed,
                                  const char *payload_hash, docbind_buf *out,
                                  docbind_sign_error *err)
{
    const char *names[SIGN_MAX_SIGNED_HEADERS];
    if (tc3_names(signed_headers, n_signed, names, err))
        return -1;
    sbuf_reset(out);
    return tc3_canonical(req, names, signed_headers ? n_signed : 2, payload_hash, out, err);
}

int docbind_tc3_signed_headers(const char *const *signed_headers, size_t n_signed,
                               docbind_buf *out, docbind_sign_error *err)
{
    const char *names[SIGN_MAX_SIGNED_HEADERS];
    if (tc3_names(signed_headers, n_signed, names, err))
        return -1;
    sbuf_reset(out);
    return sign_join_names(names, signed_headers ? n_signed : 2, out);
}

/* The string to sign from pre-formatted parts (the driver has them). */
static int tc3_sts(const char *ts, size_t tslen, const char *date, const char *service,
                   const char *hash, docbind_buf *out)
{
    size_t slen = strlen(service), hlen = strlen(hash);
    sbuf_reset(out);
    if (sbuf_reserve(out, 16 + tslen + 1 + 10 + 1 + slen + 13 + hlen))
        return -1;
    char *p = sign_put(out->data, "TC3-HMAC-SHA256\n", 16);
    p = sign_put(p, ts, tslen);
    *p++ = '\n';
    p = sign_put(p, date, 10);
    *p++ = '/';
    p = sign_put(p, service, slen);
    p = sign_put(p, "/tc3_request\n", 13);
    sign_put_end(out, sign_put(p, hash, hlen));
    return 0;
}

int docbind_tc3_string_to_sign(int64_t timestamp, const char *service,
                               const char *canonical_request_hash, docbind_buf *out)
{
    char date[11], ts[24];
    size_t tslen = sign_fmt_i64(ts, timestamp);
    docbind_sign_utc_date(timestamp, date);
    return tc3_sts(ts, tslen, date, service, canonical_request_hash, out);
}

int docbind_tc3_signing_key(const char *secret, const char *date, const char *service,
                            unsigned char key[32], unsigned char secret_date[32],
                            unsigned char secret_service[32])
{
    const EVP_MD *md = EVP_sha256();
    size_t slen = strlen(secret);
    unsigned char kdate[EVP_MAX_MD_SIZE], kservice[EVP_MAX_MD_SIZE], ksign[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char *k0 = malloc(slen + 4);
    if (!k0)
        return -1;
    memcpy(k0, "TC3", 3);
    memcpy(k0 + 3, secret, slen + 1);
    int rc = sign_hmac(md, k0, slen + 3, date, strlen(date), kdate, &n) ||
             sign_hmac(md, kdate, 32, service, strlen(service), kservice, &n) ||
             sign_hmac(md, kservice, 32, "tc3_request", 11, ksign, &n);
    OPENSSL_cleanse(k0, slen + 3);
    free(k0);
    if (!rc) {
        memcpy(key, ksign, 32);
        if (secret_date)
            memcpy(secret_date, kdate, 32);
        if (secret_service)
            memcpy(secret_service, kservice, 32);
    }
    OPENSSL_cleanse(kdate, sizeof kdate);
    OPENSSL_cleanse(kservice, sizeof kservice);
    OPENSSL_cleanse(ksign, sizeof ksign);
    return rc ? -1 : 0;
}

int docbind_tc3_signature(const unsigned char key[32], const char *string_to_sign, size_t len,
                          char out[65])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (sign_hmac(EVP_sha256(), key, 32, string_to_sign, len, mac, &n) || n != 32)
        return -1;
    sign_hex(mac, 32, out);
    return 0;
}

static int tc3_auth(const char *secret_id, const char *date, const char *service,
                    const char *signed_headers, const char *signature, docbind_buf *out)
{
    size_t idlen = strlen(secret_id), slen = strlen(service), hlen = strlen(signed_headers),
           siglen = strlen(signature);
    sbuf_reset(out);
    if (sbuf_reserve(out, 27 + idlen + 1 + 10 + 1 + slen + 12 + 16 + hlen + 12 + siglen))
        return -1;
    char *p = sign_put(out->data, "TC3-HMAC-SHA256 Credential=", 27);
    p = sign_put(p, secret_id, idlen);
    *p++ = '/';
    p = sign_put(p, date, 10);
    *p++ = '/';
    p = sign_put(p, service, slen);
    p = sign_put(p, "/tc3_request", 12);
    p = sign_put(p, ", SignedHeaders=", 16);
    p = sign_put(p, signed_headers, hlen);
    p = sign_put(p, ", Signature=", 12);
    sign_put_end(out, sign_put(p, signature, siglen));
    return 0;
}

int docbind_tc3_authorization(const char *secret_id, int64_t timestamp, const char *service,
                              const char *signed_headers, const char *signature,
                              docbind_buf *out)
{
    char date[11];
    docbind_sign_utc_date(timestamp, date);
    return tc3_auth(secret_id, date, service, signed_headers, signature, out);
}

static int valid_service(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

int sign_run_tc3(sign_job *job)
{
    const docbind_sign_input *in = job->in;
    docbind_sign_result *out = job->out;
    docbind_sign_error *err = job->err;
    if (!in->service) {
        sign_errorf(err, "service: missing");
        return -1;
    }
    if (!valid_service(in->service)) {
        sign_errorf(err, "service: must be a lower-case product name such as cvm");
        return -1;
    }
    const char *names[SIGN_MAX_SIGNED_HEADERS];
    size_t n = in->signed_headers ? in->signed_header_count : 2;
    if (tc3_names(in->signed_headers, in->signed_header_count, names, err))
        return -1;

    docbind_sign_ctx *ctx = job->ctx;
    if (!ctx->memo_valid || ctx->memo_time != job->timestamp) {
        ctx->memo_ts_len = sign_fmt_i64(ctx->memo_ts, job->timestamp);
        docbind_sign_utc_date(job->timestamp, ctx->memo_date);
        ctx->memo_time = job->timestamp;
        ctx->memo_valid = 1;
    }
    const char *ts = ctx->memo_ts, *date = ctx->memo_date;
    size_t tslen = ctx->memo_ts_len;

    /* The headers the request will carry: the caller's, Host, and the
     * X-TC-* ones the signer owns. */
    sign_headers hs;
    if (sign_headers_begin(job, &hs, 4) ||
        sign_headers_add(job, &hs, "Host", in->request.host, 0) ||
        sign_headers_add(job, &hs, "X-TC-Timestamp", ts, 1) ||
        (in->region && sign_headers_add(job, &hs, "X-TC-Region", in->region, 0)) ||
        (in->credentials.token &&
         sign_headers_add(job, &hs, "X-TC-Token", in->credentials.token, 1)))
        return -1;
    docbind_http_request req = in->request;
    req.headers = hs.h;
    req.header_count = hs.n;

    char payload_hash[65], cr_hash[65], sig[65];
    if (sign_ctx_sha256_hex(job->ctx, req.body, req.body_len, payload_hash))
        goto crypto;
    if (tc3_canonical(&req, names, n, payload_hash, &out->canonical_request, err))
        return -1;
    if (sign_ctx_sha256_hex(job->ctx, out->canonical_request.data, out->canonical_request.len,
                            cr_hash))
        goto crypto;
    if (tc3_sts(ts, tslen, date, in->service, cr_hash, &out->string_to_sign))
        goto nomem;
    if (docbind_tc3_key_cache_sign(job->ctx->tc3_keys, in->credentials.secret, date,
                                   in->service, out->string_to_sign.data,
                                   out->string_to_sign.len, sig))
        goto crypto;
    docbind_buf *list = &job->ctx->scratch;
    sbuf_reset(list);
    if (sign_join_names(names, n, list) || sbuf_puts(&out->signature, sig) ||
        tc3_auth(in->credentials.id, date, in->service, list->data, sig, &out->authorization))
        goto nomem;
    if (sign_headers_report(job, &hs, "Authorization", out->authorization.data))
        return -1;
    docbind_buf *q = &job->ctx->scratch;
    sbuf_reset(q);
    for (size_t i = 0; i < req.query_count; i++) {
        if ((i && sbuf_putc(q, '&')) ||
            docbind_percent_encode(q, req.query[i].name, strlen(req.query[i].name)) ||
            sbuf_putc(q, '=') ||
            docbind_percent_encode(q, req.query[i].value, strlen(req.query[i].value)))
            goto nomem;
    }
    return sign_build_url(job, q->data);
nomem:
    sign_errorf(err, "out of memory");
    return -1;
crypto:
    sign_errorf(err, "OpenSSL failed to compute the signature");
    return -1;
}
