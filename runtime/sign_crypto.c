/* OpenSSL glue for the signers: digests, HMAC, base64, the signing
 * workspace, the TC3 key cache and the system clock. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "sign_internal.h"

/* The algorithms of the context-free helpers, fetched once. An implicit
 * fetch (EVP_sha256() handed to EVP_Digest or HMAC()) looks the algorithm
 * up in OpenSSL's store on every call, which costs more than hashing a
 * request. The HMAC templates hold only the digest choice and are never
 * keyed: each call keys a private copy, so threads share them read-only.
 * They live for the process (OpenSSL keeps its own store as long). */
static struct {
    EVP_MD *sha256;
    EVP_MAC_CTX *hmac_sha1, *hmac_sha256;
} algs;
static pthread_once_t algs_once = PTHREAD_ONCE_INIT;

/* An HMAC context with its digest chosen and no key yet. */
static EVP_MAC_CTX *hmac_template(EVP_MAC *mac, const char *digest)
{
    EVP_MAC_CTX *m = EVP_MAC_CTX_new(mac);
    OSSL_PARAM p[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (m && !EVP_MAC_CTX_set_params(m, p)) {
        EVP_MAC_CTX_free(m);
        m = NULL;
    }
    return m;
}

static void fetch_algs(void)
{
    algs.sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac) {
        algs.hmac_sha1 = hmac_template(mac, "SHA1");
        algs.hmac_sha256 = hmac_template(mac, "SHA256");
        EVP_MAC_free(mac); /* the contexts hold their own references */
    }
}

void docbind_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    pthread_once(&algs_once, fetch_algs);
    const EVP_MD *sha256 = algs.sha256 ? algs.sha256 : EVP_sha256();
    if (!EVP_Digest(data, len, md, &n, sha256, NULL) || n != 32) {
        /* Only on a broken OpenSSL; an empty string never verifies. */
        out[0] = '\0';
        return;
    }
    sign_hex(md, 32, out);
}

int sign_hmac(const EVP_MD *md, const void *key, size_t key_len, const void *data,
              size_t len, unsigned char *out, unsigned int *out_len)
{
    if (key_len > INT_MAX)
        return -1;
    pthread_once(&algs_once, fetch_algs);
    int type = EVP_MD_get_type(md);
    const EVP_MAC_CTX *tmpl = type == NID_sha256 ? algs.hmac_sha256
                              : type == NID_sha1 ? algs.hmac_sha1
                                                 : NULL;
    EVP_MAC_CTX *m = tmpl ? EVP_MAC_CTX_dup(tmpl) : NULL;
    if (!m) {
        /* HMAC() wants a non-NULL data pointer even for zero bytes. */
        if (!HMAC(md, key, (int)key_len, len ? data : (const void *)"", len, out, out_len))
            return -1;
        return 0;
    }
    size_t n = 0;
    int ok = EVP_MAC_init(m, key_len ? key : (const void *)"", key_len, NULL) && EVP_MAC_update(m, data, len) &&
             EVP_MAC_final(m, out, &n, EVP_MAX_MD_SIZE);
    EVP_MAC_CTX_free(m); /* OpenSSL cleanses the key material */
    if (!ok)
        return -1;
    *out_len = (unsigned int)n;
    return 0;
}

int sign_base64(const unsigned char *in, size_t n, docbind_buf *out)
{
    if (n > INT_MAX / 2 || sbuf_reserve(out, 4 * ((n + 2) / 3)))
        return -1;
    int w = EVP_EncodeBlock((unsigned char *)out->data + out->len, in, (int)n);
    if (w < 0)
        return -1;
    out->len += (size_t)w;
    out->data[out->len] = '\0';
    return 0;
}

/* ---- workspace -------------------------------------------------------- */

docbind_sign_ctx *docbind_sign_ctx_new(void)
{
    docbind_sign_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    ctx->md = EVP_MD_CTX_new();
    ctx->tc3_keys = docbind_tc3_key_cache_new(4);
    ctx->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (ctx->mac) {
        ctx->hmac_sha1 = hmac_template(ctx->mac, "SHA1");
        ctx->hmac_sha256 = hmac_template(ctx->mac, "SHA256");
    }
    if (!ctx->sha256 || !ctx->md || !ctx->tc3_keys || !ctx->hmac_sha1 || !ctx->hmac_sha256) {
        docbind_sign_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

void docbind_sign_ctx_free(docbind_sign_ctx *ctx)
{
    if (!ctx)
        return;
    EVP_MD_free(ctx->sha256);
    EVP_MD_CTX_free(ctx->md);
    EVP_MAC_CTX_free(ctx->hmac_sha1); /* OpenSSL cleanses the keys */
    EVP_MAC_CTX_free(ctx->hmac_sha256);
    EVP_MAC_free(ctx->mac);
    docbind_tc3_key_cache_free(ctx->tc3_keys);
    free(ctx->pairs);
    free(ctx->names);
    docbind_buf_free(&ctx->scratch);
    free(ctx);
}

int sign_ctx_sha256_hex(docbind_sign_ctx *ctx, const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    if (!EVP_DigestInit_ex2(ctx->md, ctx->sha256, NULL) ||
        !EVP_DigestUpdate(ctx->md, data, len) || !EVP_DigestFinal_ex(ctx->md, md, &n) ||
        n != 32)
        return -1;
    sign_hex(md, 32, out);
    return 0;
}

int sign_ctx_hmac(docbind_sign_ctx *ctx, int sha256, const void *key, size_t key_len,
                  const void *data, size_t len, unsigned char *out, unsigned int *out_len)
{
    if (!ctx)
        return sign_hmac(sha256 ? EVP_sha256() : EVP_sha1(), key, key_len, data, len, out,
                         out_len);
    EVP_MAC_CTX *m = sha256 ? ctx->hmac_sha256 : ctx->hmac_sha1;
    size_t n = 0;
    if (!EVP_MAC_init(m, key, key_len, NULL) || !EVP_MAC_update(m, data, len) ||
        !EVP_MAC_final(m, out, &n, EVP_MAX_MD_SIZE))
        return -1;
    *out_len = (unsigned int)n;
    return 0;
}

int sign_ctx_pairs(docbind_sign_ctx *ctx, size_t n)
{
    if (n <= ctx->pairs_cap)
        return 0;
    if (n > SIZE_MAX / sizeof *ctx->pairs)
        return -1;
    docbind_pair *p = realloc(ctx->pairs, n * sizeof *p);
    if (!p)
        return -1;
    ctx->pairs = p;
    ctx->pairs_cap = n;
    return 0;
}

/* ---- TC3 signing-key cache -------------------------------------------- */

struct tc3_slot {
    char *secret;           /* a copy, wiped on eviction */
    size_t secret_len;
    char date[11];
    char *service;
    EVP_MAC_CTX *mac;       /* keyed with the derived key; re-initialised
                               without a key for each signature, which
                               reuses the precomputed HMAC pads */
    unsigned long last_used;
};

struct docbind_tc3_key_cache {
    EVP_MAC *hmac;
    size_t n;
    unsigned long tick;
    unsigned long misses;
    struct tc3_slot slots[];
};

docbind_tc3_key_cache *docbind_tc3_key_cache_new(size_t slots)
{
    if (slots < 1 || slots > 64)
        return NULL;
    docbind_tc3_key_cache *c = calloc(1, sizeof *c + slots * sizeof c->slots[0]);
    if (!c)
        return NULL;
    c->n = slots;
    c->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!c->hmac) {
        free(c);
        return NULL;
    }
    return c;
}

static void slot_clear(struct tc3_slot *s)
{
    if (s->secret) {
        OPENSSL_cleanse(s->secret, s->secret_len);
        free(s->secret);
    }
    free(s->service);
    EVP_MAC_CTX_free(s->mac); /* OpenSSL cleanses the key material */
    memset(s, 0, sizeof *s);
}

void docbind_tc3_key_cache_free(docbind_tc3_key_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < cache->n; i++)
        slot_clear(&cache->slots[i]);
    EVP_MAC_free(cache->hmac);
    free(cache);
}

unsigned long docbind_tc3_key_cache_misses(const docbind_tc3_key_cache *cache)
{
    return cache ? cache->misses : 0;
}

static int slot_fill(docbind_tc3_key_cache *c, struct tc3_slot *s, const char *secret,
                     size_t secret_len, const char *date, const char *service)
{
    unsigned char key[32];
    slot_clear(s);
    if (docbind_tc3_signing_key(secret, date, service, key, NULL, NULL))
        return -1;
    s->secret = malloc(secret_len + 1);
    s->service = strdup(service);
    s->mac = EVP_MAC_CTX_new(c->hmac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    int ok = s->secret && s->service && s->mac && EVP_MAC_init(s->mac, key, 32, params);
    OPENSSL_cleanse(key, sizeof key);
    if (!ok) {
        slot_clear(s);
        return -1;
    }
    memcpy(s->secret, secret, secret_len + 1);
    s->secret_len = secret_len;
    memcpy(s->date, date, 11);
    c->misses++;
    return 0;
}

int docbind_tc3_key_cache_sign(docbind_tc3_key_cache *c, const char *secret, const char *date,
                               const char *service, const char *sts, size_t len, char out[65])
{
    if (!c || !secret || !date || strlen(date) != 10 || !service)
        return -1;
    size_t secret_len = strlen(secret);
    struct tc3_slot *hit = NULL, *victim = &c->slots[0];
    for (size_t i = 0; i < c->n; i++) {
        struct tc3_slot *s = &c->slots[i];
        if (s->mac && s->secret_len == secret_len && !memcmp(s->date, date, 11) &&
            !strcmp(s->service, service) && !CRYPTO_memcmp(s->secret, secret, secret_len)) {
            hit = s;
            break;
        }
        if (!s->mac || (victim->mac && s->last_used < victim->last_used))
            victim = s;
    }
    if (!hit) {
        if (slot_fill(c, victim, secret, secret_len, date, service))
            return -1;
        hit = victim;
    }
    hit->last_used = ++c->tick;
    unsigned char mac[32];
    size_t n = 0;
    if (!EVP_MAC_init(hit->mac, NULL, 0, NULL) ||
        !EVP_MAC_update(hit->mac, (const unsigned char *)sts, len) ||
        !EVP_MAC_final(hit->mac, mac, &n, sizeof mac) || n != 32)
        return -1;
    sign_hex(mac, 32, out);
    return 0;
}

/* ---- system clock ----------------------------------------------------- */

static int64_t system_now(void *user)
{
    (void)user;
    return (int64_t)time(NULL);
}

static int system_nonce(void *user, docbind_sign_algorithm alg, char *out, size_t cap)
{
    (void)user;
    unsigned char r[16];
    if (RAND_bytes(r, sizeof r) != 1)
        return -1;
    if (alg == DOCBIND_SIGN_TC_V1_HMAC_SHA1 || alg == DOCBIND_SIGN_TC_V1_HMAC_SHA256) {
        /* Tencent v1 wants a positive integer. */
        unsigned long v = ((unsigned long)r[0] << 24 | (unsigned long)r[1] << 16 |
                           (unsigned long)r[2] << 8 | r[3]) & 0x7fffffffUL;
        int n = snprintf(out, cap, "%lu", v ? v : 1UL);
        return n > 0 && (size_t)n < cap ? 0 : -1;
    }
    if (cap < 33)
        return -1;
    sign_hex(r, sizeof r, out);
    return 0;
}

const docbind_sign_clock *docbind_sign_clock_system(void)
{
    static const docbind_sign_clock clock = {system_now, system_nonce, NULL};
    return &clock;
}

int sign_hmac_sha256_hex(docbind_sign_ctx *ctx, const char *secret, const char *string_to_sign,
                         size_t len, char out[65])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (sign_ctx_hmac(ctx, 1, secret, strlen(secret), string_to_sign, len, mac, &n) || n != 32)
        return -1;
    sign_hex(mac, 32, out);
    return 0;
}
