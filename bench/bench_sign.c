/* Signatures per second per core for each signing algorithm, with a 1 KB
 * and a 100 KB body, next to the floor: the raw digest work the algorithm
 * cannot avoid (SHA-256 of the body and of the canonical request, and the
 * HMACs), timed in the same run with the same OpenSSL primitives.
 *
 *   build-sign/bench/bench_sign [seconds-per-run]
 *
 * Targets: tc3-hmac-sha256 with a cached key within 1.5x of its floor, and
 * at least 300,000 signatures per second per core with a 1 KB body. For the
 * parameter algorithms (Tencent v1, Alibaba RPC) the "body" is a parameter
 * of that size, since their signature covers the parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "docbind_sign.h"

/* Each figure is the best of ROUNDS short runs, sign and floor taking
 * turns, so load from other processes rarely lands on just one side. */
#define ROUNDS 7
static double budget = 0.06; /* seconds per run */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The floor's primitives, fetched once like the signer's. */
static EVP_MD *sha256_md, *sha1_md;
static EVP_MD_CTX *mdctx;
static EVP_MAC *hmac;

static void digest(const EVP_MD *md, const void *p, size_t n)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len;
    EVP_DigestInit_ex2(mdctx, md, NULL);
    EVP_DigestUpdate(mdctx, p, n);
    EVP_DigestFinal_ex(mdctx, out, &len);
}

static EVP_MAC_CTX *keyed_mac(const char *mdname, const void *key, size_t keylen)
{
    EVP_MAC_CTX *c = EVP_MAC_CTX_new(hmac);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)mdname, 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_MAC_init(c, key, keylen, params);
    return c;
}

/* One HMAC with an already-keyed context (the cached-key case). */
static void mac_keyed(EVP_MAC_CTX *c, const void *p, size_t n)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len;
    EVP_MAC_init(c, NULL, 0, NULL);
    EVP_MAC_update(c, p, n);
    EVP_MAC_final(c, out, &len, sizeof out);
}

/* One HMAC including setting the key (every non-cached case). */
static void mac_fresh(EVP_MAC_CTX *c, const void *key, size_t keylen, const void *p, size_t n)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t len;
    EVP_MAC_init(c, key, keylen, NULL);
    EVP_MAC_update(c, p, n);
    EVP_MAC_final(c, out, &len, sizeof out);
}

struct floor_work {
    const char *mac_md;          /* "SHA256" or "SHA1" */
    int body_hash;               /* SHA-256 of the body */
    int cr_hash;                 /* SHA-256 of the canonical request */
    int tc3_derive;              /* the three key-derivation HMACs */
    int cached_key;              /* final HMAC with a pre-keyed context */
    const unsigned char *body;
    size_t body_len;
    const char *cr;
    size_t cr_len;
    const char *sts;
    size_t sts_len;
    const char *secret;
};

static double time_floor(const struct floor_work *w)
{
    EVP_MAC_CTX *keyed = keyed_mac(w->mac_md, "0123456789abcdef0123456789abcdef", 32);
    EVP_MAC_CTX *fresh = keyed_mac(w->mac_md, "k", 1);
    size_t iters = 0;
    double start = now(), t;
    do {
        for (int i = 0; i < 64; i++) {
            if (w->body_hash)
                digest(sha256_md, w->body, w->body_len);
            if (w->cr_hash)
                digest(sha256_md, w->cr, w->cr_len);
            if (w->tc3_derive) {
                mac_fresh(fresh, w->secret, strlen(w->secret), "2019-02-25", 10);
                mac_fresh(fresh, "0123456789abcdef0123456789abcdef", 32, "cvm", 3);
                mac_fresh(fresh, "0123456789abcdef0123456789abcdef", 32, "tc3_request", 11);
            }
            if (w->cached_key)
                mac_keyed(keyed, w->sts, w->sts_len);
            else
                mac_fresh(fresh, w->secret, strlen(w->secret), w->sts, w->sts_len);
        }
        iters += 64;
        t = now() - start;
    } while (t < budget);
    EVP_MAC_CTX_free(keyed);
    EVP_MAC_CTX_free(fresh);
    return t / (double)iters;
}

struct row {
    const char *label;
    size_t body;
    double sign_s, floor_s;
};

static double time_sign(docbind_sign_ctx *ctx, docbind_sign_input *in, docbind_sign_result *res,
                        int rotate_dates)
{
    docbind_sign_error err;
    size_t iters = 0;
    int64_t base = in->timestamp;
    double start = now(), t;
    do {
        for (int i = 0; i < 64; i++) {
            /* Five dates through a four-entry cache: every signature misses. */
            if (rotate_dates)
                in->timestamp = base + 86400 * (int64_t)((iters + (size_t)i) % 5);
            if (docbind_sign(ctx, in, res, &err)) {
                fprintf(stderr, "bench_sign: %s\n", err.message);
                exit(1);
            }
        }
        iters += 64;
        t = now() - start;
    } while (t < budget);
    in->timestamp = base;
    return t / (double)iters;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        budget = atof(argv[1]) > 0 ? atof(argv[1]) : budget;
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
    mdctx = EVP_MD_CTX_new();
    hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    if (!sha256_md || !sha1_md || !mdctx || !hmac || !ctx) {
        fprintf(stderr, "bench_sign: OpenSSL setup failed\n");
        return 1;
    }

    static const struct {
        const char *label;
        docbind_sign_algorithm alg;
        int miss;
    } algs[] = {
        {"tc3-hmac-sha256 (cached key)", DOCBIND_SIGN_TC3_HMAC_SHA256, 0},
        {"tc3-hmac-sha256 (key miss)", DOCBIND_SIGN_TC3_HMAC_SHA256, 1},
        {"tc-v1-hmac-sha1", DOCBIND_SIGN_TC_V1_HMAC_SHA1, 0},
        {"tc-v1-hmac-sha256", DOCBIND_SIGN_TC_V1_HMAC_SHA256, 0},
        {"huawei-sdk-hmac-sha256", DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256, 0},
        {"aliyun-rpc-hmac-sha1", DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1, 0},
        {"aliyun-acs3-hmac-sha256", DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256, 0},
    };
    static const size_t sizes[] = {1024, 100 * 1024};
    enum { NALG = sizeof algs / sizeof algs[0], NSIZE = 2 };
    struct row rows[NALG * NSIZE];
    size_t nrows = 0;
    docbind_sign_result res = {0};
    double tc3_1k_rate = 0, tc3_1k_ratio = 0;

    for (size_t s = 0; s < NSIZE; s++) {
        size_t n = sizes[s];
        /* A JSON-ish ASCII body, deterministic. */
        char *body = malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            body[i] = "{\"Payload\":\"abcdefghijklmnopqrstuvwxyz0123456789\"}"[i % 48];
        body[n] = '\0';
        for (size_t a = 0; a < NALG; a++) {
            docbind_sign_algorithm alg = algs[a].alg;
            int params_alg = alg == DOCBIND_SIGN_TC_V1_HMAC_SHA1 ||
                             alg == DOCBIND_SIGN_TC_V1_HMAC_SHA256 ||
                             alg == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1;
            docbind_pair headers[] = {{"Content-Type", "application/json"},
                                      {"X-TC-Action", "SendMessage"},
                                      {"X-TC-Version", "2019-08-19"}};
            docbind_pair acs_headers[] = {{"Content-Type", "application/json"},
                                          {"x-acs-action", "SendMessage"},
                                          {"x-acs-version", "2020-04-20"}};
            docbind_pair params[] = {{"Action", "SendMessage"},
                                     {"Version", "2019-08-19"},
                                     {"Payload", body}};
            docbind_sign_input in = {0};
            in.algorithm = alg;
            in.request.method = "POST";
            in.request.host = "ckafka.tencentcloudapi.com";
            in.request.path = "/";
            in.credentials.id = "AKIDEXAMPLE0123456789";
            in.credentials.secret = "secret0123456789secret0123456789";
            in.has_timestamp = 1;
            in.timestamp = 1551113065;
            in.nonce = "11886";
            in.service = "ckafka";
            in.region = "ap-guangzhou";
            if (params_alg) {
                in.params = params;
                in.param_count = 3;
            } else {
                in.request.headers =
                    alg == DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256 ? acs_headers : headers;
                in.request.header_count = 3;
                in.request.body = (const unsigned char *)body;
                in.request.body_len = n;
            }
            double sign_s = time_sign(ctx, &in, &res, algs[a].miss);
            double floor_s = 0;

            struct floor_work w = {0};
            w.secret = in.credentials.secret;
            w.body = (const unsigned char *)body;
            w.body_len = n;
            w.cr = docbind_buf_str(&res.canonical_request);
            w.cr_len = res.canonical_request.len;
            w.sts = docbind_buf_str(&res.string_to_sign);
            w.sts_len = res.string_to_sign.len;
            w.mac_md = "SHA256";
            if (params_alg) {
                /* Only the HMAC over the string to sign (which holds the
                 * parameters) is unavoidable. */
                if (alg != DOCBIND_SIGN_TC_V1_HMAC_SHA256)
                    w.mac_md = "SHA1";
            } else {
                w.body_hash = 1;
                w.cr_hash = 1;
                w.cached_key = alg == DOCBIND_SIGN_TC3_HMAC_SHA256 && !algs[a].miss;
                w.tc3_derive = alg == DOCBIND_SIGN_TC3_HMAC_SHA256 && algs[a].miss;
            }
            /* Alternate the two and keep each one's best round, so a
             * frequency change or a noisy neighbour hits both alike. */
            for (int round = 0; round < ROUNDS; round++) {
                double f = time_floor(&w);
                floor_s = round == 0 || f < floor_s ? f : floor_s;
                if (round < ROUNDS - 1) {
                    double t = time_sign(ctx, &in, &res, algs[a].miss);
                    sign_s = t < sign_s ? t : sign_s;
                }
            }
            rows[nrows++] = (struct row){algs[a].label, n, sign_s, floor_s};
            if (alg == DOCBIND_SIGN_TC3_HMAC_SHA256 && !algs[a].miss && n == 1024) {
                tc3_1k_rate = 1.0 / sign_s;
                tc3_1k_ratio = sign_s / floor_s;
            }
        }
        free(body);
    }

    printf("docbind request signing, one thread (%s)\n\n", OpenSSL_version(OPENSSL_VERSION));
    printf("%-30s %7s %14s %10s %10s %7s\n", "algorithm", "body", "signatures/s", "us/sig",
           "floor us", "x floor");
    printf("%-30s %7s %14s %10s %10s %7s\n", "------------------------------", "-------",
           "--------------", "----------", "----------", "-------");
    for (size_t i = 0; i < nrows; i++)
        printf("%-30s %6zuK %14.0f %10.2f %10.2f %7.2f\n", rows[i].label, rows[i].body / 1024,
               1.0 / rows[i].sign_s, rows[i].sign_s * 1e6, rows[i].floor_s * 1e6,
               rows[i].sign_s / rows[i].floor_s);
    printf("\nfloor: SHA-256 of the body and of the canonical request plus the HMACs the\n"
           "algorithm needs (tc3 cached: one HMAC with a pre-keyed context; key miss: the\n"
           "three derivation HMACs too), same OpenSSL primitives, same run.\n\n");
    printf("target tc3 1 KB >= 300000 signatures/s: %.0f  %s\n", tc3_1k_rate,
           tc3_1k_rate >= 300000 ? "met" : "NOT met");
    printf("target tc3 1 KB within 1.5x of floor:   %.2fx  %s\n", tc3_1k_ratio,
           tc3_1k_ratio <= 1.5 ? "met" : "NOT met");

    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
    EVP_MAC_free(hmac);
    EVP_MD_CTX_free(mdctx);
    EVP_MD_free(sha256_md);
    EVP_MD_free(sha1_md);
    return 0;
}
