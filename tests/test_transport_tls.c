/* The client over HTTPS on loopback: verification of the peer and of the
 * host name is on by default, a private CA bundle (ca_file) is honoured,
 * and only an explicit verify_tls = 0 turns verification off. The server
 * is libmicrohttpd with TLS; its certificate is made at run time with
 * OpenSSL (self-signed, subjectAltName DNS:localhost only), so nothing
 * secret or expiring is checked in. */
#include <criterion/criterion.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docbind_client.h"
#include "test_support.h"

static struct MHD_Daemon *daemon_;
static atomic_uint served;
static unsigned short port;
static char *cert_pem, *key_pem, *ca_path;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version, (void)data;
    if (!*state) {
        *state = (void *)1; /* headers first; the body (if any) comes next */
        return MHD_YES;
    }
    if (*size) {
        *size = 0;
        return MHD_YES;
    }
    atomic_fetch_add(&served, 1);
    static const char body[] = "{\"ok\":true}";
    struct MHD_Response *r =
        MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

static char *pem_of(int (*write)(BIO *, void *), void *what)
{
    BIO *b = BIO_new(BIO_s_mem());
    cr_assert(write(b, what));
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *out = malloc((size_t)n + 1);
    memcpy(out, data, (size_t)n);
    out[n] = '\0';
    BIO_free(b);
    return out;
}

static int write_cert(BIO *b, void *x) { return PEM_write_bio_X509(b, x); }
static int write_key(BIO *b, void *k) { return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL); }

static void add_ext(X509 *x, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    cr_assert_not_null(ext);
    cr_assert(X509_add_ext(x, ext, -1));
    X509_EXTENSION_free(ext);
}

static void make_certificate(void)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    cr_assert_not_null(key);
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1,
                               0);
    X509_set_issuer_name(x, name);
    add_ext(x, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, NID_subject_alt_name, "DNS:localhost");
    cr_assert(X509_sign(x, key, EVP_sha256()));
    cert_pem = pem_of(write_cert, x);
    key_pem = pem_of(write_key, key);
    X509_free(x);
    EVP_PKEY_free(key);
}

static void setup(void)
{
    cr_assert_eq(docbind_global_init(NULL), 0);
    cr_assert_eq(MHD_is_feature_supported(MHD_FEATURE_TLS), MHD_YES,
                 "libmicrohttpd was built without TLS");
    make_certificate();
    ca_path = test_write_temp(cert_pem, strlen(cert_pem), ".pem");
    atomic_store(&served, 0);
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS, 0, NULL, NULL,
                               answer, NULL, MHD_OPTION_HTTPS_MEM_KEY, key_pem,
                               MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_END);
    cr_assert_not_null(daemon_, "the TLS server did not start");
    port = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static void teardown(void)
{
    MHD_stop_daemon(daemon_);
    unlink(ca_path);
    free(ca_path);
    free(cert_pem);
    free(key_pem);
    docbind_global_cleanup();
}

TestSuite(transport_tls, .init = setup, .fini = teardown, .timeout = 20);

/* Sends GET /ping to https://<host>:<port>; returns docbind_client_send's
 * result with *err filled. */
static int get(const char *host, int verify_tls, const char *ca_file, docbind_error *err)
{
    char url[128];
    snprintf(url, sizeof url, "https://%s:%u", host, port);
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = url;
    cfg.retry.max_attempts = 1;
    if (verify_tls >= 0)
        cfg.verify_tls = verify_tls;
    cfg.ca_file = ca_file;
    docbind_client *client = docbind_client_new(&cfg, err);
    cr_assert_not_null(client, "%s", err->message);
    docbind_request req = DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_request_init(&req, "GET", "/ping", NULL), 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    int rc = docbind_client_send(client, &req, &resp, err);
    if (rc == 0) {
        cr_expect_eq(resp.status, 200);
        cr_expect_eq(resp.body_len, strlen("{\"ok\":true}"));
    }
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
    return rc;
}

Test(transport_tls, an_unknown_issuer_is_refused_by_default)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(get("localhost", -1, NULL, &err), -1, "a self-signed server must not be trusted");
    cr_expect_eq(err.kind, DOCBIND_ERROR_TRANSPORT, "%s", docbind_error_kind_name(err.kind));
    cr_expect_eq(atomic_load(&served), 0, "no request may reach the server");
    docbind_error_clear(&err);
}

Test(transport_tls, a_private_ca_bundle_is_trusted)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(get("localhost", -1, ca_path, &err), 0, "%s", err.message);
    cr_expect_eq(atomic_load(&served), 1);
    docbind_error_clear(&err);
}

Test(transport_tls, the_host_name_is_checked_against_the_certificate)
{
    /* trusted issuer, but the certificate names localhost, not 127.0.0.1 */
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(get("127.0.0.1", -1, ca_path, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_TRANSPORT, "%s", docbind_error_kind_name(err.kind));
    cr_expect_eq(atomic_load(&served), 0);
    docbind_error_clear(&err);
}

Test(transport_tls, verification_off_only_when_asked)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(get("127.0.0.1", 0, NULL, &err), 0, "%s", err.message);
    cr_expect_eq(atomic_load(&served), 1);
    docbind_error_clear(&err);
}
