/* docbind_mock.h: a local stand-in for the vendors' API gateways, served
 * from the IR over HTTP on 127.0.0.1.
 *
 * Every action of the loaded IR files is routed as its vendor routes it
 * (Tencent API 3.0 and legacy 2.0, Huawei REST paths, Alibaba RPC and V3),
 * its parameters are checked against the IR, its signature is checked
 * against the test credentials below (strict mode) or only for presence,
 * and it is answered with the documented example response, or with one
 * built from the output schema, in the vendor's envelope. docs/mock.md is
 * the full contract: routing rule, error codes per vendor, the
 * X-Docbind-Mock fault header, limits.
 *
 * Ownership, once for the whole header: docbind_mock_start() copies what
 * it needs from the options (paths are read during the call; credentials
 * are copied); the returned server is freed by docbind_mock_stop(). Strings
 * returned by the getters live as long as the server.
 *
 * Thread safety: the getters and counters may be called from any thread
 * while the server runs; docbind_mock_stop() must not race with them.
 */
#ifndef DOCBIND_MOCK_H
#define DOCBIND_MOCK_H

#include <stddef.h>
#include <stdint.h>

#include "docbind_error.h"

/* The documented test credentials (docs/mock.md). Strict mode accepts
 * exactly these unless the options name others. */
#define DOCBIND_MOCK_TENCENT_SECRET_ID "AKIDMOCKTESTID"
#define DOCBIND_MOCK_TENCENT_SECRET_KEY "mock-test-secret"
#define DOCBIND_MOCK_HUAWEI_AK "HWMOCKTESTAK"
#define DOCBIND_MOCK_HUAWEI_SK "mock-test-secret"
#define DOCBIND_MOCK_HUAWEI_TOKEN "MIIMOCKTESTTOKEN"
#define DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID "LTAIMOCKTESTID"
#define DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET "mock-test-secret"

/* Credentials strict mode accepts; a NULL field means the documented
 * default above. */
typedef struct docbind_mock_credentials {
    const char *tencent_secret_id;
    const char *tencent_secret_key;
    const char *huawei_ak;
    const char *huawei_sk;
    const char *huawei_token;
    const char *aliyun_access_key_id;
    const char *aliyun_access_key_secret;
} docbind_mock_credentials;

typedef struct docbind_mock_options {
    const char *const *ir_paths; /* IR JSON files to serve, at least one */
    size_t ir_count;
    unsigned short port;         /* 0: an ephemeral port (see docbind_mock_port) */
    int strict_signatures;       /* 1: recompute and compare signatures */
    int verbose;                 /* 1: one line per request on stderr */
    int rate_limits;             /* 1 (default): enforce rate_limit_per_second */
    unsigned threads;            /* worker threads (default 4, at most 64) */
    unsigned max_connections;    /* open connections (default 64) */
    unsigned connection_timeout; /* idle seconds before a connection is closed (default 30) */
    size_t max_body_bytes;       /* cap on any request body (default 16 MiB); vendor
                                    limits (max_request_bytes_* facts) apply below it */
    unsigned max_delay_ms;       /* cap on X-Docbind-Mock delay= (default 30000) */
    /* Clock for signature expiry checks, Unix seconds; NULL: time(). */
    int64_t (*now)(void *user);
    void *now_user;
    const docbind_mock_credentials *credentials; /* NULL: the defaults */
} docbind_mock_options;

/* Fills *opts with the defaults (no IR files, port 0, default mode). */
void docbind_mock_options_init(docbind_mock_options *opts);

typedef struct docbind_mock docbind_mock;

/* Loads the IR files, compiles the enforced patterns and starts serving
 * on 127.0.0.1. Returns 0 with *out set, or -1 with *err describing what
 * failed (an unreadable or invalid IR file, a bad pattern, a port in use). */
int docbind_mock_start(const docbind_mock_options *opts, docbind_mock **out, docbind_error *err);

/* Stops serving (open connections are closed, delayed answers cut short)
 * and frees everything. NULL is fine. */
void docbind_mock_stop(docbind_mock *mock);

/* The bound port, and "http://127.0.0.1:<port>". */
unsigned short docbind_mock_port(const docbind_mock *mock);
const char *docbind_mock_url(const docbind_mock *mock);

/* Requests routed to an action (whatever their outcome) and those of them
 * answered with success. `service_id` NULL counts the action in every
 * loaded service. Unknown names give 0. */
unsigned long docbind_mock_request_count(docbind_mock *mock, const char *service_id,
                                         const char *action);
unsigned long docbind_mock_success_count(docbind_mock *mock, const char *service_id,
                                         const char *action);
/* Every request received, routed or not. */
unsigned long docbind_mock_total_requests(docbind_mock *mock);
/* Sets every counter back to 0 (rate-limit buckets are not refilled). */
void docbind_mock_reset_counters(docbind_mock *mock);

/* Services and actions loaded, for listings. */
size_t docbind_mock_service_count(const docbind_mock *mock);
const char *docbind_mock_service_id(const docbind_mock *mock, size_t i);
size_t docbind_mock_action_count(const docbind_mock *mock);

#endif
