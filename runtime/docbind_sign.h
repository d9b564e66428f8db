/* docbind request signing.
 *
 * Every request a binding sends is signed here, byte for byte as the
 * vendor's gateway recomputes it. Each algorithm is split into stages
 * (canonical request, string to sign, signature, final header or query)
 * that are plain functions, so each stage can be checked against the
 * vendors' worked examples on its own; docbind_sign() runs them in order.
 *
 * Algorithms (docbind_sign_algorithm_name() gives the string form):
 *   tc3-hmac-sha256         Tencent Cloud API 3.0, signature v3
 *   tc-v1-hmac-sha1         Tencent signature v1 (API 3.0 and legacy 2.0)
 *   tc-v1-hmac-sha256       the same with SignatureMethod=HmacSHA256
 *   huawei-sdk-hmac-sha256  Huawei Cloud APIG AK/SK (SDK-HMAC-SHA256)
 *   huawei-iam-token        Huawei Cloud IAM token (X-Auth-Token, unsigned)
 *   aliyun-rpc-hmac-sha1    Alibaba Cloud RPC signature v1
 *   aliyun-acs3-hmac-sha256 Alibaba Cloud signature V3 (ACS3-HMAC-SHA256)
 *
 * Ownership, once for the whole header: every pointer handed in is
 * borrowed for the duration of the call only. Objects made by a *_new()
 * are freed by the matching *_free(); docbind_buf and docbind_sign_result
 * contents are owned by the struct and released by docbind_buf_free() /
 * docbind_sign_result_free(). Nothing here keeps a secret after the call
 * except the TC3 key cache, which wipes what it holds when it evicts or is
 * freed. Error messages name the offending field and never contain a
 * secret.
 *
 * Return convention: int functions return 0 on success and -1 on failure,
 * with *err (when not NULL) describing the failure.
 *
 * Thread safety: a docbind_sign_ctx (and the cache inside it) is for one
 * thread at a time; use one per thread. Everything else is reentrant.
 */
#ifndef DOCBIND_SIGN_H
#define DOCBIND_SIGN_H

#include <stddef.h>
#include <stdint.h>

/* ---- basic types ------------------------------------------------------ */

/* A name/value pair: a query parameter, header or signed parameter, with
 * the value decoded (not percent-encoded). Both are NUL-terminated UTF-8. */
typedef struct docbind_pair {
    const char *name;
    const char *value;
} docbind_pair;

/* A growable, always NUL-terminated byte buffer. Zero-initialise it (or
 * call docbind_buf_init); it keeps its capacity between uses, so a result
 * reused across signatures stops allocating once warm. */
typedef struct docbind_buf {
    char *data;   /* NULL until something is written; then NUL-terminated */
    size_t len;   /* bytes, without the NUL */
    size_t cap;
} docbind_buf;

void docbind_buf_init(docbind_buf *b);
/* Releases the memory (wiping it first: buffers may hold key material). */
void docbind_buf_free(docbind_buf *b);
/* The contents as a C string ("" for an empty, never-written buffer). */
const char *docbind_buf_str(const docbind_buf *b);

/* A failure description: which field and what is wrong with it. */
typedef struct docbind_sign_error {
    char message[256];
} docbind_sign_error;

typedef enum docbind_sign_algorithm {
    DOCBIND_SIGN_TC3_HMAC_SHA256 = 1,
    DOCBIND_SIGN_TC_V1_HMAC_SHA1,
    DOCBIND_SIGN_TC_V1_HMAC_SHA256,
    DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256,
    DOCBIND_SIGN_HUAWEI_IAM_TOKEN,
    DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1,
    DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256
} docbind_sign_algorithm;

/* "tc3-hmac-sha256" -> DOCBIND_SIGN_TC3_HMAC_SHA256; 0 if unknown. */
docbind_sign_algorithm docbind_sign_algorithm_from_name(const char *name);
/* The string form; NULL for a value outside the enum. */
const char *docbind_sign_algorithm_name(docbind_sign_algorithm alg);

/* The parts of the HTTP request that signatures cover. */
typedef struct docbind_http_request {
    const char *method;           /* "GET", "POST", ... (upper case) */
    const char *scheme;           /* "https" when NULL */
    const char *host;             /* host[:port], as sent in Host */
    const char *path;             /* decoded path; "/" when NULL */
    const docbind_pair *query;    /* decoded, in the order to send */
    size_t query_count;
    const docbind_pair *headers;  /* names in any case */
    size_t header_count;
    const unsigned char *body;    /* may be NULL when body_len is 0 */
    size_t body_len;
} docbind_http_request;

typedef struct docbind_credentials {
    const char *id;      /* SecretId / AccessKeyId / AK */
    const char *secret;  /* SecretKey / AccessKeySecret / SK */
    const char *token;   /* temporary-credential token, or NULL. For
                            huawei-iam-token: the IAM token itself. */
} docbind_credentials;

/* The injected clock and nonce source, consulted only when the input does
 * not carry a timestamp / nonce. Tests pass fixed values instead. */
typedef struct docbind_sign_clock {
    /* Current Unix time in seconds. */
    int64_t (*now)(void *user);
    /* Writes a fresh nonce suited to `alg` (a positive decimal integer for
     * Tencent v1, hex otherwise) into out[cap]; returns 0 or -1. */
    int (*nonce)(void *user, docbind_sign_algorithm alg, char *out, size_t cap);
    void *user;
} docbind_sign_clock;

/* The system clock (time()) and OpenSSL's RAND_bytes; a static object. */
const docbind_sign_clock *docbind_sign_clock_system(void);

/* ---- the one-call interface ------------------------------------------- */

typedef struct docbind_sign_input {
    docbind_sign_algorithm algorithm;
    docbind_http_request request;
    /* Parameter algorithms (tc-v1-*, aliyun-rpc-*): every signed parameter,
     * decoded. The common authentication parameters (SecretId / Timestamp /
     * Nonce / SignatureMethod / Token; AccessKeyId / Timestamp /
     * SignatureNonce / SignatureMethod / SignatureVersion / SecurityToken)
     * are added from credentials, timestamp and nonce when absent. */
    const docbind_pair *params;
    size_t param_count;
    docbind_credentials credentials;
    int has_timestamp;            /* else clock->now() is used */
    int64_t timestamp;            /* Unix seconds, UTC */
    const char *nonce;            /* NULL: clock->nonce() when needed */
    const char *service;          /* tc3: credential scope service, "cvm" */
    const char *region;           /* tc3: X-TC-Region when not in headers */
    const char *project_id;       /* huawei: X-Project-Id */
    /* Header algorithms: names of the headers to sign, any case, any order;
     * NULL for the algorithm's default (tc3: content-type;host. huawei:
     * every header. acs3: host, content-type and every x-acs-* header). */
    const char *const *signed_headers;
    size_t signed_header_count;
    const docbind_sign_clock *clock; /* may be NULL */
} docbind_sign_input;

/* Every intermediate of one signature. Zero-initialise once and reuse:
 * each docbind_sign() overwrites the previous contents. */
typedef struct docbind_sign_result {
    docbind_sign_algorithm algorithm;
    docbind_buf canonical_request;  /* empty where the algorithm has none */
    docbind_buf string_to_sign;
    docbind_buf signature;          /* hex, or base64 for v1 / RPC */
    docbind_buf authorization;      /* header algorithms */
    docbind_buf signed_query;       /* parameter algorithms: the encoded
                                       parameters including Signature, to
                                       send as query or form body */
    docbind_buf url;                /* scheme://host/path[?query] to send */
    /* Headers the request must carry besides the caller's: name\0value\0
     * repeated header_count times. Read with docbind_sign_result_header. */
    docbind_buf headers;
    size_t header_count;
} docbind_sign_result;

/* Header i (0-based) to add to the request; 0, or -1 when i is too big. */
int docbind_sign_result_header(const docbind_sign_result *res, size_t i,
                               const char **name, const char **value);
void docbind_sign_result_free(docbind_sign_result *res);

/* A reusable signing workspace: digest and MAC contexts and the TC3
 * signing-key cache. Create one per client (per thread). */
typedef struct docbind_sign_ctx docbind_sign_ctx;

docbind_sign_ctx *docbind_sign_ctx_new(void); /* NULL on allocation failure */
void docbind_sign_ctx_free(docbind_sign_ctx *ctx); /* wipes cached keys */

/* Signs `in` with its algorithm, filling every intermediate of *out.
 * Validates the input first; on failure *out is unspecified. */
int docbind_sign(docbind_sign_ctx *ctx, const docbind_sign_input *in,
                 docbind_sign_result *out, docbind_sign_error *err);

/* ---- shared helpers --------------------------------------------------- */

/* Lower-case hex of SHA-256(data); out gets 64 chars and a NUL. */
void docbind_sha256_hex(const void *data, size_t len, char out[65]);

/* Appends `s` percent-encoded per RFC 3986: only A-Z a-z 0-9 - _ . ~ stay
 * literal, every other byte becomes %XY with upper-case hex (this is also
 * Alibaba's rule: space is %20, * is %2A, ~ stays). */
int docbind_percent_encode(docbind_buf *out, const char *s, size_t len);

/* "2019-02-25" (UTC date), out[11]. */
void docbind_sign_utc_date(int64_t t, char out[11]);
/* "2016-02-23T12:46:24Z" (ISO 8601, UTC), out[21]. */
void docbind_sign_iso8601(int64_t t, char out[21]);
/* "20191115T033655Z" (Huawei X-Sdk-Date), out[17]. */
void docbind_sign_basic_datetime(int64_t t, char out[17]);
/* Parses exactly "YYYY-MM-DDTHH:MM:SSZ" into Unix seconds; 0 or -1. */
int docbind_sign_parse_iso8601(const char *s, int64_t *t);

/* ---- tc3-hmac-sha256 stages ------------------------------------------- */

/* CanonicalRequest: method, canonical URI, query (encoded, in the given
 * order: the gateway hashes the query string exactly as sent), the signed
 * headers (names and values lower-cased and trimmed, sorted by name), the
 * signed header list and `payload_hash` (hex SHA-256 of the body).
 * `signed_headers` names headers of req->headers (Host included there) in
 * any case; NULL selects content-type;host, which Tencent requires in any
 * list. */
int docbind_tc3_canonical_request(const docbind_http_request *req,
                                  const char *const *signed_headers, size_t n_signed,
                                  const char *payload_hash, docbind_buf *out,
                                  docbind_sign_error *err);

/* "content-type;host;x-tc-action": the sorted lower-case list. */
int docbind_tc3_signed_headers(const char *const *signed_headers, size_t n_signed,
                               docbind_buf *out, docbind_sign_error *err);

/* TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hash>
 * where date is the UTC date of `timestamp`. */
int docbind_tc3_string_to_sign(int64_t timestamp, const char *service,
                               const char *canonical_request_hash, docbind_buf *out);

/* The derived signing key HMAC(HMAC(HMAC("TC3"+secret, date), service),
 * "tc3_request"). When secret_date / secret_service are not NULL they get
 * the first two derived keys too (the documentation prints all three). */
int docbind_tc3_signing_key(const char *secret, const char *date, const char *service,
                            unsigned char key[32], unsigned char secret_date[32],
                            unsigned char secret_service[32]);

/* Hex HMAC-SHA256(key, string_to_sign) into out[65]. */
int docbind_tc3_signature(const unsigned char key[32], const char *string_to_sign,
                          size_t len, char out[65]);

/* TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
 * SignedHeaders=<list>, Signature=<hex> */
int docbind_tc3_authorization(const char *secret_id, int64_t timestamp,
                              const char *service, const char *signed_headers,
                              const char *signature, docbind_buf *out);

/* A cache of derived TC3 keys, keyed by (secret, date, service). A hit
 * costs no key derivation, so a steady-state signature is two SHA-256
 * digests and one HMAC. Holds copies of secrets: free it when the client
 * goes away (entries are wiped). */
typedef struct docbind_tc3_key_cache docbind_tc3_key_cache;

docbind_tc3_key_cache *docbind_tc3_key_cache_new(size_t slots); /* 1..64 */
void docbind_tc3_key_cache_free(docbind_tc3_key_cache *cache);
/* Hex signature of string_to_sign with the key for (secret, date,
 * service), deriving and caching it on a miss (the least recently used
 * entry goes). */
int docbind_tc3_key_cache_sign(docbind_tc3_key_cache *cache, const char *secret,
                               const char *date, const char *service,
                               const char *string_to_sign, size_t len, char out[65]);
/* Derivations performed so far (misses); lets tests see the cache work. */
unsigned long docbind_tc3_key_cache_misses(const docbind_tc3_key_cache *cache);

/* ---- tc-v1-hmac-sha1 / tc-v1-hmac-sha256 stages ------------------------ */

/* Sorted "k=v&k=v" with raw (not encoded) values: Tencent v1 signs the
 * decoded parameters. Sorted by name, byte order, stable. */
int docbind_tc_v1_param_string(const docbind_pair *params, size_t n, docbind_buf *out);
/* <METHOD><host><path>?<param string>, e.g. GETcvm.tencentcloudapi.com/?... */
int docbind_tc_v1_string_to_sign(const char *method, const char *host, const char *path,
                                 const char *param_string, docbind_buf *out);
/* Base64 HMAC-SHA1 or -SHA256 (use_sha256) of the string with the secret. */
int docbind_tc_v1_signature(const char *secret, int use_sha256, const char *string_to_sign,
                            size_t len, docbind_buf *out);
/* The sorted parameters, percent-encoded, plus &Signature=<encoded>. */
int docbind_tc_v1_signed_query(const docbind_pair *params, size_t n, const char *signature,
                               docbind_buf *out);

/* ---- huawei-sdk-hmac-sha256 stages ------------------------------------ */

/* Path segments percent-encoded, with a trailing "/" added. */
int docbind_huawei_canonical_uri(const char *path, docbind_buf *out);
/* Names and values percent-encoded, sorted by encoded name then value. */
int docbind_huawei_canonical_query(const docbind_pair *query, size_t n, docbind_buf *out);
/* Canonical request over req->headers (names lower-cased, values trimmed);
 * `signed_headers` NULL signs every header. x-sdk-date must be present
 * and signed. */
int docbind_huawei_canonical_request(const docbind_http_request *req,
                                     const char *const *signed_headers, size_t n_signed,
                                     const char *payload_hash, docbind_buf *signed_list,
                                     docbind_buf *out, docbind_sign_error *err);
/* SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of canonical request> */
int docbind_huawei_string_to_sign(const char *sdk_date, const char *canonical_request_hash,
                                  docbind_buf *out);
/* Hex HMAC-SHA256(secret, string_to_sign) into out[65]. */
int docbind_huawei_signature(const char *secret, const char *string_to_sign, size_t len,
                             char out[65]);
/* SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<list>, Signature=<hex> */
int docbind_huawei_authorization(const char *access_key, const char *signed_headers,
                                 const char *signature, docbind_buf *out);

/* ---- aliyun-rpc-hmac-sha1 stages -------------------------------------- */

/* Sorted (by name, byte order) "k=v&..." with names and values
 * percent-encoded: the canonicalized query string. */
int docbind_aliyun_rpc_canonical_query(const docbind_pair *params, size_t n, docbind_buf *out);
/* <METHOD>&%2F&<percent-encoded canonical query> */
int docbind_aliyun_rpc_string_to_sign(const char *method, const char *canonical_query,
                                      docbind_buf *out);
/* Base64 HMAC-SHA1 with key "<secret>&". */
int docbind_aliyun_rpc_signature(const char *secret, const char *string_to_sign, size_t len,
                                 docbind_buf *out);

/* ---- aliyun-acs3-hmac-sha256 stages ----------------------------------- */

/* Path segments percent-encoded ("/" for RPC-style APIs). */
int docbind_aliyun_acs3_canonical_uri(const char *path, docbind_buf *out);
/* Sorted by name (byte order) then value, names and values encoded. */
int docbind_aliyun_acs3_canonical_query(const docbind_pair *query, size_t n, docbind_buf *out);
/* Canonical request over req->headers (names lower-cased, values trimmed);
 * `signed_headers` NULL signs host, content-type and every x-acs-*. */
int docbind_aliyun_acs3_canonical_request(const docbind_http_request *req,
                                          const char *const *signed_headers, size_t n_signed,
                                          const char *payload_hash, docbind_buf *signed_list,
                                          docbind_buf *out, docbind_sign_error *err);
/* ACS3-HMAC-SHA256\n<hex SHA-256 of canonical request> */
int docbind_aliyun_acs3_string_to_sign(const char *canonical_request_hash, docbind_buf *out);
/* Hex HMAC-SHA256(secret, string_to_sign) into out[65]. */
int docbind_aliyun_acs3_signature(const char *secret, const char *string_to_sign, size_t len,
                                  char out[65]);
/* ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<list>,Signature=<hex> */
int docbind_aliyun_acs3_authorization(const char *access_key_id, const char *signed_headers,
                                      const char *signature, docbind_buf *out);

#endif
