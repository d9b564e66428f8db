/* Internals shared by the runtime/sign_*.c files; not installed, not part
 * of the runtime's API. */
#ifndef DOCBIND_SIGN_INTERNAL_H
#define DOCBIND_SIGN_INTERNAL_H

#include <string.h>

#include <openssl/evp.h>

#include "docbind_sign.h"

/* Largest number of signed headers a canonical request may name; the
 * sort works on a stack array so the hot path stays allocation-free. */
#define SIGN_MAX_SIGNED_HEADERS 64

/* ---- buffers (sign_util.c); all return 0, or -1 when out of memory */
void sbuf_reset(docbind_buf *b);
int sbuf_reserve(docbind_buf *b, size_t extra);
int sbuf_append(docbind_buf *b, const void *data, size_t len);
int sbuf_puts(docbind_buf *b, const char *s);
int sbuf_putc(docbind_buf *b, char c);
int sbuf_append_lower(docbind_buf *b, const char *s, size_t len);
int sbuf_put_i64(docbind_buf *b, int64_t v);
/* Decimal digits of v into out (24 bytes suffice), NUL-terminated;
 * returns the length. No stdio: this sits on the signing hot path. */
size_t sign_fmt_i64(char *out, int64_t v);

/* Cursor writes into space reserved beforehand with sbuf_reserve(): the
 * hot paths reserve once per stage instead of once per piece. */
static inline char *sign_put(char *p, const void *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}
static inline char *sign_put_lower(char *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    return p + n;
}
/* Ends a cursor write: sets len and the NUL. */
static inline void sign_put_end(docbind_buf *b, char *p)
{
    b->len = (size_t)(p - b->data);
    *p = '\0';
}
/* Appends both strings with their NULs: the result header list format. */
int sbuf_put_header(docbind_buf *b, const char *name, const char *value);

/* ---- text helpers */
void sign_errorf(docbind_sign_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sign_hex(const unsigned char *in, size_t n, char *out); /* lower, NUL */
int sign_ascii_casecmp(const char *a, const char *b);
int sign_ascii_casecmp_n(const char *a, const char *b, size_t n);
/* Trims spaces and tabs; start and len describe the trimmed value. */
void sign_trim(const char *s, const char **start, size_t *len);
/* Encodes each '/'-separated segment, keeping the slashes. */
int sign_encode_path(docbind_buf *out, const char *path);
/* Index of the header named `name` (any case), or -1; -2 when it occurs
 * more than once. */
long sign_find_header(const docbind_pair *h, size_t n, const char *name);
/* Sorts idx[0..n) so that pairs[idx[i]] ascend by name then value, byte
 * order (stable for equal pairs). */
void sign_sort_pairs(const docbind_pair *pairs, size_t *idx, size_t n);
/* Joins sorted pairs as name=value&..., optionally percent-encoding. */
int sign_join_sorted(const docbind_pair *p, size_t n, int encode, docbind_buf *out);

/* ---- crypto (sign_crypto.c) ------------------------------------------- */
/* HMAC with OpenSSL's one-shot HMAC(); out must hold EVP_MAX_MD_SIZE. */
int sign_hmac(const EVP_MD *md, const void *key, size_t key_len, const void *data,
              size_t len, unsigned char *out, unsigned int *out_len);
int sign_base64(const unsigned char *in, size_t n, docbind_buf *out);

struct docbind_sign_ctx {
    EVP_MD *sha256;           /* fetched once: implicit fetches cost per call */
    EVP_MD_CTX *md;
    EVP_MAC *mac;
    EVP_MAC_CTX *hmac_sha1;   /* digest set once, keyed per signature */
    EVP_MAC_CTX *hmac_sha256;
    docbind_tc3_key_cache *tc3_keys;
    docbind_pair *pairs;      /* scratch: the effective header / param list */
    size_t pairs_cap;
    const char **names;       /* scratch: names for the signed header list */
    size_t names_cap;
    docbind_buf scratch;      /* scratch: signed header list, query, ... */
    /* The last timestamp's decimal and date forms: signatures made in the
     * same second (the common case under load) skip the formatting. */
    int64_t memo_time;
    int memo_valid;
    size_t memo_ts_len;
    char memo_ts[24];
    char memo_date[11];
};

/* Hex SHA-256 through the ctx's reusable digest context. */
int sign_ctx_sha256_hex(docbind_sign_ctx *ctx, const void *data, size_t len, char out[65]);
/* HMAC-SHA256 (sha256) or HMAC-SHA1 through the ctx's pre-fetched
 * contexts; with ctx NULL through the one-shot HMAC(). out holds
 * EVP_MAX_MD_SIZE. */
/* Hex HMAC-SHA256 of string_to_sign keyed by secret (Huawei, Alibaba V3). */
int sign_hmac_sha256_hex(docbind_sign_ctx *ctx, const char *secret, const char *string_to_sign,
                         size_t len, char out[65]);
int sign_ctx_hmac(docbind_sign_ctx *ctx, int sha256, const void *key, size_t key_len,
                  const void *data, size_t len, unsigned char *out, unsigned int *out_len);
/* Makes room for n pairs in ctx->pairs. */
int sign_ctx_pairs(docbind_sign_ctx *ctx, size_t n);

/* ---- per-algorithm drivers, called by docbind_sign() ------------------ */
/* Each gets a validated input, a resolved timestamp and nonce. */
typedef struct sign_job {
    docbind_sign_ctx *ctx;
    const docbind_sign_input *in;
    int64_t timestamp;
    const char *nonce;        /* may be NULL where the algorithm needs none */
    docbind_sign_result *out;
    docbind_sign_error *err;
} sign_job;

int sign_run_tc3(sign_job *job);
int sign_run_tc_v1(sign_job *job);
int sign_run_huawei(sign_job *job);
int sign_run_huawei_iam(sign_job *job);
int sign_run_aliyun_rpc(sign_job *job);
int sign_run_aliyun_acs3(sign_job *job);

/* Shared by the header algorithms: copies the caller's headers into
 * ctx->pairs and adds `name: value` unless the caller has it; when the
 * caller has it and `must_match` is set, the values must agree. */
typedef struct sign_headers {
    docbind_pair *h;
    size_t n;
    size_t base;  /* h[base..n) are the ones the signer added */
} sign_headers;
int sign_headers_begin(sign_job *job, sign_headers *hs, size_t extra);
int sign_headers_add(sign_job *job, sign_headers *hs, const char *name, const char *value,
                     int must_match);
/* Lists `first` (e.g. Authorization; skipped when NULL) and then the added
 * headers in out->headers. */
int sign_headers_report(sign_job *job, const sign_headers *hs, const char *first_name,
                        const char *first_value);
/* Same for parameter algorithms over in->params. */
int sign_params_begin(sign_job *job, sign_headers *ps, size_t extra);
/* `field` names the input field `value` came from, for the error when
 * it is NULL and the caller's params lack `name` too. */
int sign_params_add(sign_job *job, sign_headers *ps, const char *name, const char *value,
                    const char *field);
/* scheme://host + encoded path [+ ? + query] into out->url. */
int sign_build_url(sign_job *job, const char *query);
/* The canonical headers, blank line, signed header list and payload hash:
 * the tail every canonical request here shares. `names` are the signed
 * names, sorted, any case; each must occur once in req->headers. Values
 * are trimmed, and lower-cased too when `lower_values` (Tencent). */
int sign_canonical_tail(const docbind_http_request *req, const char *const *names, size_t n,
                        int lower_values, const char *payload_hash, docbind_buf *out,
                        docbind_sign_error *err);
/* name;name;... lower-cased. */
int sign_join_names(const char *const *names, size_t n, docbind_buf *out);
/* Sorts names (case-insensitively) and rejects duplicates and bad names. */
int sign_sort_names(const char **names, size_t n, docbind_sign_error *err);

#endif
