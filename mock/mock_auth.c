/* Server-side signature checks: each signature is recomputed with the
 * runtime's signer stages from the request as received and compared in
 * constant time. Messages name what is wrong, never a secret, a signature
 * or an Authorization value. */
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "docbind_sign.h"
#include "mock_internal.h"

/* Allowed distance between the request's timestamp and the clock. */
#define TENCENT_WINDOW 300     /* "不得超过五分钟" */
#define TENCENT_V2_WINDOW 7200 /* API 2.0: "相差不能超过2小时" */
#define HUAWEI_WINDOW 900      /* APIG: 15 minutes */
#define ALIYUN_WINDOW 900      /* 15 minutes */

static int deny(dbm_check *out, dbm_fail kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int deny(dbm_check *out, dbm_fail kind, const char *fmt, ...)
{
    out->fail = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    return -1;
}

static int64_t now_of(const dbm_auth_config *cfg)
{
    return cfg->now ? cfg->now(cfg->now_user) : (int64_t)time(NULL);
}

static int64_t skew(int64_t a, int64_t b)
{
    return a > b ? a - b : b - a;
}

static int has_prefix_ci(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Equal strings, compared in constant time over the expected length. */
static int same_secret_text(const char *given, const char *expected)
{
    size_t n = strlen(expected);
    if (!given || strlen(given) != n)
        return 0;
    return CRYPTO_memcmp(given, expected, n) == 0;
}

/* ---- Authorization header fields ---------------------------------------- */

typedef struct auth_fields {
    char credential[256];
    char signed_headers[1024];
    char signature[256];
} auth_fields;

/* Reads "ALG k=v, k=v, ..." (comma, optional spaces). `cred_key` is
 * Credential or Access. 0, or -1 when a field is missing or too long. */
static int parse_auth(const char *value, const char *alg, const char *cred_key, auth_fields *f)
{
    memset(f, 0, sizeof *f);
    size_t alen = strlen(alg);
    if (strncmp(value, alg, alen) || value[alen] != ' ')
        return -1;
    const char *p = value + alen;
    int got = 0;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *eq = strchr(p, '=');
        if (!eq)
            return -1;
        const char *end = strchr(eq, ',');
        if (!end)
            end = p + strlen(p);
        size_t klen = (size_t)(eq - p), vlen = (size_t)(end - eq - 1);
        while (vlen && eq[vlen] == ' ')
            vlen--;
        char *dst = NULL;
        size_t cap = 0;
        if (klen == strlen(cred_key) && !strncmp(p, cred_key, klen)) {
            dst = f->credential;
            cap = sizeof f->credential;
            got |= 1;
        } else if (klen == 13 && !strncmp(p, "SignedHeaders", 13)) {
            dst = f->signed_headers;
            cap = sizeof f->signed_headers;
            got |= 2;
        } else if (klen == 9 && !strncmp(p, "Signature", 9)) {
            dst = f->signature;
            cap = sizeof f->signature;
            got |= 4;
        }
        if (dst) {
            if (vlen >= cap)
                return -1;
            memcpy(dst, eq + 1, vlen);
            dst[vlen] = '\0';
        }
        p = end;
    }
    return got == 7 && f->credential[0] && f->signed_headers[0] && f->signature[0] ? 0 : -1;
}

/* Splits "a;b;c" in place into names; returns the count (at most max). */
static size_t split_signed(char *list, const char **names, size_t max)
{
    size_t n = 0;
    char *p = list;
    while (*p && n < max) {
        char *e = strchr(p, ';');
        if (e)
            *e = '\0';
        if (*p)
            names[n++] = p;
        if (!e)
            break;
        p = e + 1;
    }
    return n;
}

/* ---- the request as the signers see it ---------------------------------- */

typedef struct signed_view {
    docbind_http_request req;
    docbind_pair *headers;
    docbind_pair *query;
    docbind_pair *params; /* query + form without Signature */
    size_t param_count;
} signed_view;

static int view_init(signed_view *v, const dbm_request *r)
{
    memset(v, 0, sizeof *v);
    size_t nh = r->headers.count, nq = r->query.count, nf = r->form.count;
    v->headers = calloc(nh + 1, sizeof *v->headers);
    v->query = calloc(nq + 1, sizeof *v->query);
    v->params = calloc(nq + nf + 1, sizeof *v->params);
    if (!v->headers || !v->query || !v->params)
        return -1;
    for (size_t i = 0; i < nh; i++)
        v->headers[i] = (docbind_pair){r->headers.items[i].name, r->headers.items[i].value};
    for (size_t i = 0; i < nq; i++)
        v->query[i] = (docbind_pair){r->query.items[i].name, r->query.items[i].value};
    for (size_t i = 0; i < nq + nf; i++) {
        const dbm_kv *kv = i < nq ? &r->query.items[i] : &r->form.items[i - nq];
        if (strcmp(kv->name, "Signature") != 0)
            v->params[v->param_count++] = (docbind_pair){kv->name, kv->value};
    }
    v->req.method = r->method;
    v->req.scheme = "http";
    v->req.host = dbm_request_header(r, "Host");
    v->req.path = r->path;
    v->req.query = v->query;
    v->req.query_count = nq;
    v->req.headers = v->headers;
    v->req.header_count = nh;
    v->req.body = r->body;
    v->req.body_len = r->body_len;
    return 0;
}

static void view_free(signed_view *v)
{
    free(v->headers);
    free(v->query);
    free(v->params);
}

static int parse_int64(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
        return -1;
    *out = (int64_t)strtoll(s, NULL, 10);
    return 0;
}

/* Unix seconds of a civil UTC date (no timegm in POSIX). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* "20191115T033655Z" (Huawei X-Sdk-Date). */
static int parse_basic_datetime(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
        return -1;
    for (int i = 0; i < 15; i++)
        if (i != 8 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int v[6];
    static const int at[6] = {0, 4, 6, 9, 11, 13}, len[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++) {
        v[i] = 0;
        for (int k = 0; k < len[i]; k++)
            v[i] = v[i] * 10 + (s[at[i] + k] - '0');
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return -1;
    *out = days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) * 86400 + v[3] * 3600 +
           v[4] * 60 + v[5];
    return 0;
}

/* ---- Tencent ------------------------------------------------------------- */

/* Tencent's SDKs take the credential-scope service from the endpoint they
 * are pointed at: its text before the first dot ("127.0.0.1:8080" gives
 * "127"). Against the vendor that is the product ("ckafka"); against the
 * mock on loopback it is the Host's first label, accepted as well. */
static int is_host_label(const char *host, const char *service)
{
    if (!host || !*service)
        return 0;
    size_t n = strlen(service);
    size_t label = strcspn(host, "."), name = strcspn(host, ".:");
    return (label == n || name == n) && strncmp(host, service, n) == 0;
}

/* "name:PORT" -> "name" (also "[v6]:PORT"); -1 when there is no port. */
static int strip_port(const char *host, char *out, size_t cap)
{
    const char *colon = strrchr(host, ':');
    if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return -1;
    if (host[0] == '[' ? colon[-1] != ']' : memchr(host, ':', (size_t)(colon - host)) != NULL)
        return -1;
    size_t n = (size_t)(colon - host);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(out, host, n);
    out[n] = '\0';
    return 0;
}

/* Each worker thread keeps its derived TC3 keys: deriving one is four
 * HMACs, more than the rest of a verification. The cache is freed when
 * the thread ends. */
static pthread_key_t tc3_keys_key;
static pthread_once_t tc3_keys_once = PTHREAD_ONCE_INIT;
static int tc3_keys_ready;

static void free_tc3_keys(void *cache) { docbind_tc3_key_cache_free(cache); }

static void make_tc3_keys_key(void)
{
    tc3_keys_ready = pthread_key_create(&tc3_keys_key, free_tc3_keys) == 0;
}

static docbind_tc3_key_cache *thread_tc3_keys(void)
{
    pthread_once(&tc3_keys_once, make_tc3_keys_key);
    if (!tc3_keys_ready)
        return NULL;
    docbind_tc3_key_cache *c = pthread_getspecific(tc3_keys_key);
    if (!c) {
        c = docbind_tc3_key_cache_new(4);
        if (c && pthread_setspecific(tc3_keys_key, c)) {
            docbind_tc3_key_cache_free(c);
            c = NULL;
        }
    }
    return c;
}

static int verify_tc3(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                      const char *auth, dbm_check *out)
{
    auth_fields f;
    if (parse_auth(auth, "TC3-HMAC-SHA256", "Credential", &f))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                    "Authorization is not TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., "
                    "Signature=...");
    char *parts[4] = {0};
    size_t np = 0;
    for (char *p = f.credential; p && np < 4;) {
        parts[np++] = p;
        char *slash = strchr(p, '/');
        if (slash)
            *slash = '\0';
        p = slash ? slash + 1 : NULL;
    }
    if (np != 4 || strcmp(parts[3], "tc3_request") != 0)
        return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                    "Credential is not SecretId/Date/service/tc3_request");
    if (!same_secret_text(parts[0], cfg->tencent_id))
        return deny(out, MOCK_FAIL_AUTH_UNKNOWN_ID, "the SecretId is not the mock's test SecretId");
    int64_t ts;
    if (parse_int64(dbm_request_header(r, "X-TC-Timestamp"), &ts))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "X-TC-Timestamp is missing or not a number");
    if (skew(ts, now_of(cfg)) > TENCENT_WINDOW)
        return deny(out, MOCK_FAIL_AUTH_EXPIRED,
                    "X-TC-Timestamp is more than %d seconds away from the server time",
                    TENCENT_WINDOW);
    char date[11];
    docbind_sign_utc_date(ts, date);
    if (strcmp(parts[1], date) != 0)
        return deny(out, MOCK_FAIL_AUTH_SIGNATURE,
                    "the Credential date is not the UTC date of X-TC-Timestamp");
    const char *host = dbm_request_header(r, "Host");
    if (strcmp(parts[2], s->sign_service) != 0 && !is_host_label(host, parts[2]))
        return deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the Credential service is not %s",
                    s->sign_service);
    const char *names[64];
    size_t n = split_signed(f.signed_headers, names, 64);

    signed_view v;
    docbind_buf canonical = {0}, sts = {0};
    docbind_sign_error serr;
    int rc = -1;
    if (view_init(&v, r)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
        goto done;
    }
    char body_hash[65], canon_hash[65], expected[65];
    docbind_sha256_hex(r->body, r->body_len, body_hash);
    /* First the Host as received, then, when it carries a port, without
     * it: Tencent's own SDKs sign the endpoint's host name only
     * ("host:127.0.0.1") while sending "Host: 127.0.0.1:PORT". Each with
     * the query rebuilt per RFC 3986, then as received: the gateway
     * hashes the query string as it arrives, and the SDKs' encoders leave
     * characters such as ( ) * ! unencoded. */
    char bare_host[256];
    size_t host_at = (size_t)-1;
    int bare = host && strip_port(host, bare_host, sizeof bare_host) == 0;
    for (size_t i = 0; bare && i < v.req.header_count; i++)
        if (!strcasecmp(v.headers[i].name, "Host"))
            host_at = i;
    int raw = r->raw_query && r->raw_query[0] && v.req.query_count;
    const char *received_host = host_at != (size_t)-1 ? v.headers[host_at].value : NULL;
    for (int attempt = 0; attempt < 4; attempt++) {
        int use_bare = attempt & 1, use_raw = attempt >> 1;
        if ((use_bare && host_at == (size_t)-1) || (use_raw && !raw))
            continue;
        if (host_at != (size_t)-1)
            v.headers[host_at].value = use_bare ? bare_host : received_host;
        v.req.query_count = use_raw ? 0 : r->query.count;
        if (docbind_tc3_canonical_request(&v.req, names, n, body_hash, &canonical, &serr)) {
            deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the canonical request cannot be built: %s",
                 serr.message);
            goto done;
        }
        if (use_raw) {
            /* "METHOD\nPATH\n\n..." -> "METHOD\nPATH\nRAW\n..." */
            const char *line3 = strchr(strchr(canonical.data, '\n') + 1, '\n') + 1;
            size_t head = (size_t)(line3 - canonical.data), qlen = strlen(r->raw_query);
            char *spliced = malloc(canonical.len + qlen);
            if (!spliced) {
                deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
                goto done;
            }
            memcpy(spliced, canonical.data, head);
            memcpy(spliced + head, r->raw_query, qlen);
            memcpy(spliced + head + qlen, line3, canonical.len - head);
            docbind_sha256_hex(spliced, canonical.len + qlen, canon_hash);
            free(spliced);
        } else {
            docbind_sha256_hex(canonical.data, canonical.len, canon_hash);
        }
        docbind_tc3_key_cache *keys = thread_tc3_keys();
        if (docbind_tc3_string_to_sign(ts, parts[2], canon_hash, &sts) || !keys ||
            docbind_tc3_key_cache_sign(keys, cfg->tencent_key, date, parts[2], sts.data, sts.len,
                                       expected)) {
            deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature cannot be computed");
            goto done;
        }
        if (same_secret_text(f.signature, expected)) {
            rc = 0;
            goto done;
        }
    }
    deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature does not match the request");
done:
    view_free(&v);
    docbind_buf_free(&canonical);
    docbind_buf_free(&sts);
    return rc;
}

static int verify_tc_v1(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                        dbm_check *out)
{
    const char *given = dbm_request_param(r, "Signature");
    const char *id = dbm_request_param(r, "SecretId");
    if (!id)
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "SecretId is missing");
    if (!same_secret_text(id, cfg->tencent_id))
        return deny(out, MOCK_FAIL_AUTH_UNKNOWN_ID, "the SecretId is not the mock's test SecretId");
    int64_t ts;
    if (parse_int64(dbm_request_param(r, "Timestamp"), &ts))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "Timestamp is missing or not a number");
    int window = s->envelope == MOCK_ENV_TENCENT_V2 ? TENCENT_V2_WINDOW : TENCENT_WINDOW;
    if (skew(ts, now_of(cfg)) > window)
        return deny(out, MOCK_FAIL_AUTH_EXPIRED,
                    "Timestamp is more than %d seconds away from the server time", window);
    const char *method = dbm_request_param(r, "SignatureMethod");
    int sha256;
    if (!method || !strcmp(method, "HmacSHA1"))
        sha256 = 0;
    else if (!strcmp(method, "HmacSHA256"))
        sha256 = 1;
    else
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "SignatureMethod is neither HmacSHA1 nor HmacSHA256");
    if (!(s->signing & (1u << (sha256 ? DOCBIND_SIGN_TC_V1_HMAC_SHA256 : DOCBIND_SIGN_TC_V1_HMAC_SHA1))))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "the service does not accept this SignatureMethod");
    const char *host = dbm_request_header(r, "Host");
    if (!host)
        return deny(out, MOCK_FAIL_AUTH_SIGNATURE, "no Host header to sign");

    signed_view v;
    docbind_buf params = {0}, sts = {0}, expected = {0};
    int rc = -1;
    if (view_init(&v, r)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
        goto done;
    }
    if (docbind_tc_v1_param_string(v.params, v.param_count, &params) ||
        docbind_tc_v1_string_to_sign(r->method, host, r->path, docbind_buf_str(&params), &sts) ||
        docbind_tc_v1_signature(cfg->tencent_key, sha256, sts.data, sts.len, &expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature cannot be computed");
        goto done;
    }
    if (!same_secret_text(given, docbind_buf_str(&expected))) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature does not match the request");
        goto done;
    }
    rc = 0;
done:
    view_free(&v);
    docbind_buf_free(&params);
    docbind_buf_free(&sts);
    docbind_buf_free(&expected);
    return rc;
}

static int auth_tencent(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                        dbm_check *out)
{
    const char *auth = dbm_request_header(r, "Authorization");
    const char *sig = dbm_request_param(r, "Signature");
    if (auth && auth[0]) {
        if (!cfg->strict)
            return 0;
        if (!has_prefix_ci(auth, "TC3-HMAC-SHA256") ||
            !(s->signing & (1u << DOCBIND_SIGN_TC3_HMAC_SHA256)))
            return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                        "Authorization is not a TC3-HMAC-SHA256 signature this service accepts");
        return verify_tc3(cfg, s, r, auth, out);
    }
    if (sig && sig[0]) {
        if (!cfg->strict)
            return 0;
        return verify_tc_v1(cfg, s, r, out);
    }
    return deny(out, MOCK_FAIL_AUTH_MISSING,
                s->envelope == MOCK_ENV_TENCENT_V2
                    ? "the request has no Signature parameter"
                    : "the request has neither an Authorization header nor a Signature parameter");
}

/* ---- Huawei -------------------------------------------------------------- */

static int verify_huawei_aksk(const dbm_auth_config *cfg, const dbm_request *r,
                              const char *auth, dbm_check *out)
{
    auth_fields f;
    if (parse_auth(auth, "SDK-HMAC-SHA256", "Access", &f))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                    "Authorization is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., "
                    "Signature=...");
    if (!same_secret_text(f.credential, cfg->huawei_ak))
        return deny(out, MOCK_FAIL_AUTH_UNKNOWN_ID, "the access key is not the mock's test AK");
    const char *sdk_date = dbm_request_header(r, "X-Sdk-Date");
    int64_t t;
    if (parse_basic_datetime(sdk_date, &t))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ");
    if (skew(t, now_of(cfg)) > HUAWEI_WINDOW)
        return deny(out, MOCK_FAIL_AUTH_EXPIRED,
                    "X-Sdk-Date is more than %d seconds away from the server time", HUAWEI_WINDOW);
    const char *names[64];
    size_t n = split_signed(f.signed_headers, names, 64);
    char body_hash[65], canon_hash[65], expected[65];
    const char *content = dbm_request_header(r, "X-Sdk-Content-Sha256");
    if (content && !strcmp(content, "UNSIGNED-PAYLOAD"))
        snprintf(body_hash, sizeof body_hash, "%s", "UNSIGNED-PAYLOAD");
    else
        docbind_sha256_hex(r->body, r->body_len, body_hash);

    signed_view v;
    docbind_buf list = {0}, canonical = {0}, sts = {0};
    docbind_sign_error serr;
    int rc = -1;
    if (view_init(&v, r)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
        goto done;
    }
    if (docbind_huawei_canonical_request(&v.req, names, n, body_hash, &list, &canonical, &serr)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the canonical request cannot be built: %s",
             serr.message);
        goto done;
    }
    docbind_sha256_hex(canonical.data, canonical.len, canon_hash);
    if (docbind_huawei_string_to_sign(sdk_date, canon_hash, &sts) ||
        docbind_huawei_signature(cfg->huawei_sk, sts.data, sts.len, expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature cannot be computed");
        goto done;
    }
    if (!same_secret_text(f.signature, expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "verify aksk signature fail");
        goto done;
    }
    rc = 0;
done:
    view_free(&v);
    docbind_buf_free(&list);
    docbind_buf_free(&canonical);
    docbind_buf_free(&sts);
    return rc;
}

static int auth_huawei(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                       const char **used_header, dbm_check *out)
{
    const char *token_header = dbm_json_str(s->facts, "token_header");
    if (!token_header)
        token_header = "X-Auth-Token";
    const char *auth = dbm_request_header(r, "Authorization");
    const char *token = dbm_request_header(r, token_header);
    if (auth && has_prefix_ci(auth, "SDK-HMAC-SHA256") &&
        (s->signing & (1u << DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256))) {
        *used_header = token_header;
        return cfg->strict ? verify_huawei_aksk(cfg, r, auth, out) : 0;
    }
    if (token && token[0] && (s->signing & (1u << DOCBIND_SIGN_HUAWEI_IAM_TOKEN))) {
        if (cfg->strict && !same_secret_text(token, cfg->huawei_token))
            return deny(out, MOCK_FAIL_AUTH_TOKEN, "the token is not the mock's test token");
        return 0;
    }
    if (auth && auth[0])
        return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                    "Authorization is not an SDK-HMAC-SHA256 signature this service accepts");
    return deny(out, MOCK_FAIL_AUTH_MISSING,
                "the request has neither an SDK-HMAC-SHA256 Authorization nor %s", token_header);
}

/* ---- Alibaba -------------------------------------------------------------- */

static int verify_aliyun_rpc(const dbm_auth_config *cfg, const dbm_request *r, dbm_check *out)
{
    const char *given = dbm_request_param(r, "Signature");
    const char *id = dbm_request_param(r, "AccessKeyId");
    if (!id)
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "AccessKeyId is missing");
    if (!same_secret_text(id, cfg->aliyun_id))
        return deny(out, MOCK_FAIL_AUTH_UNKNOWN_ID, "the AccessKeyId is not the mock's test id");
    const char *method = dbm_request_param(r, "SignatureMethod");
    if (!method || strcmp(method, "HMAC-SHA1") != 0)
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "SignatureMethod is not HMAC-SHA1");
    int64_t t;
    if (docbind_sign_parse_iso8601(dbm_request_param(r, "Timestamp") ? dbm_request_param(r, "Timestamp") : "", &t))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "Timestamp is missing or not YYYY-MM-DDTHH:MM:SSZ");
    if (skew(t, now_of(cfg)) > ALIYUN_WINDOW)
        return deny(out, MOCK_FAIL_AUTH_EXPIRED,
                    "Timestamp is more than %d seconds away from the server time", ALIYUN_WINDOW);
    signed_view v;
    docbind_buf cq = {0}, sts = {0}, expected = {0};
    int rc = -1;
    if (view_init(&v, r)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
        goto done;
    }
    if (docbind_aliyun_rpc_canonical_query(v.params, v.param_count, &cq) ||
        docbind_aliyun_rpc_string_to_sign(r->method, docbind_buf_str(&cq), &sts) ||
        docbind_aliyun_rpc_signature(cfg->aliyun_secret, sts.data, sts.len, &expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature cannot be computed");
        goto done;
    }
    if (!same_secret_text(given, docbind_buf_str(&expected))) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE,
             "the request signature does not conform to the Aliyun standards");
        goto done;
    }
    rc = 0;
done:
    view_free(&v);
    docbind_buf_free(&cq);
    docbind_buf_free(&sts);
    docbind_buf_free(&expected);
    return rc;
}

static int verify_aliyun_acs3(const dbm_auth_config *cfg, const dbm_request *r,
                              const char *auth, dbm_check *out)
{
    auth_fields f;
    if (parse_auth(auth, "ACS3-HMAC-SHA256", "Credential", &f))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                    "Authorization is not ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,"
                    "Signature=...");
    if (!same_secret_text(f.credential, cfg->aliyun_id))
        return deny(out, MOCK_FAIL_AUTH_UNKNOWN_ID, "the AccessKeyId is not the mock's test id");
    const char *date = dbm_request_header(r, "x-acs-date");
    int64_t t;
    if (!date || docbind_sign_parse_iso8601(date, &t))
        return deny(out, MOCK_FAIL_AUTH_MALFORMED, "x-acs-date is missing or not YYYY-MM-DDTHH:MM:SSZ");
    if (skew(t, now_of(cfg)) > ALIYUN_WINDOW)
        return deny(out, MOCK_FAIL_AUTH_EXPIRED,
                    "x-acs-date is more than %d seconds away from the server time", ALIYUN_WINDOW);
    char body_hash[65], canon_hash[65], expected[65];
    docbind_sha256_hex(r->body, r->body_len, body_hash);
    const char *declared = dbm_request_header(r, "x-acs-content-sha256");
    if (declared && strcmp(declared, body_hash) != 0)
        return deny(out, MOCK_FAIL_AUTH_SIGNATURE, "x-acs-content-sha256 is not the body's hash");
    const char *names[64];
    size_t n = split_signed(f.signed_headers, names, 64);
    signed_view v;
    docbind_buf list = {0}, canonical = {0}, sts = {0};
    docbind_sign_error serr;
    int rc = -1;
    if (view_init(&v, r)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "out of memory");
        goto done;
    }
    if (docbind_aliyun_acs3_canonical_request(&v.req, names, n, body_hash, &list, &canonical,
                                              &serr)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the canonical request cannot be built: %s",
             serr.message);
        goto done;
    }
    docbind_sha256_hex(canonical.data, canonical.len, canon_hash);
    if (docbind_aliyun_acs3_string_to_sign(canon_hash, &sts) ||
        docbind_aliyun_acs3_signature(cfg->aliyun_secret, sts.data, sts.len, expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE, "the signature cannot be computed");
        goto done;
    }
    if (!same_secret_text(f.signature, expected)) {
        deny(out, MOCK_FAIL_AUTH_SIGNATURE,
             "the request signature does not conform to the Aliyun standards");
        goto done;
    }
    rc = 0;
done:
    view_free(&v);
    docbind_buf_free(&list);
    docbind_buf_free(&canonical);
    docbind_buf_free(&sts);
    return rc;
}

static int auth_aliyun(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                       dbm_check *out)
{
    const char *auth = dbm_request_header(r, "Authorization");
    const char *sig = dbm_request_param(r, "Signature");
    if (auth && auth[0]) {
        if (!has_prefix_ci(auth, "ACS3-HMAC-SHA256") ||
            !(s->signing & (1u << DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256)))
            return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                        "Authorization is not an ACS3-HMAC-SHA256 signature this service accepts");
        return cfg->strict ? verify_aliyun_acs3(cfg, r, auth, out) : 0;
    }
    if (sig && sig[0]) {
        if (!(s->signing & (1u << DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1)))
            return deny(out, MOCK_FAIL_AUTH_MALFORMED,
                        "the service does not accept RPC signatures");
        return cfg->strict ? verify_aliyun_rpc(cfg, r, out) : 0;
    }
    return deny(out, MOCK_FAIL_AUTH_MISSING,
                "the request has neither an ACS3 Authorization header nor a Signature parameter");
}

int dbm_authenticate(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                      const char **used_header, dbm_check *out)
{
    *used_header = NULL;
    out->fail = MOCK_OK;
    out->message[0] = '\0';
    switch (s->envelope) {
    case MOCK_ENV_TENCENT:
    case MOCK_ENV_TENCENT_V2:
        return auth_tencent(cfg, s, r, out);
    case MOCK_ENV_HUAWEI:
        return auth_huawei(cfg, s, r, used_header, out);
    case MOCK_ENV_ALIYUN:
        return auth_aliyun(cfg, s, r, out);
    }
    return deny(out, MOCK_FAIL_AUTH_MISSING, "no authentication scheme for this service");
}
