/* Internal pieces of the mock server, shared by the sources in mock/.
 *
 * dbm_model   the loaded IR (cJSON trees kept alive) with an index of
 *              services and actions, parsed path templates and compiled
 *              patterns; read-only once loaded, so shared by all threads.
 * dbm_request one received HTTP request, decoded (owned by the server
 *              while the request is in flight).
 * dbm_reply   what to answer: status, body, the code for the log.
 *
 * Ownership: every char * inside these structs is owned by the struct and
 * released by its *_free(); const pointers point into the cJSON trees of
 * the model. */
#ifndef DOCBIND_MOCK_INTERNAL_H
#define DOCBIND_MOCK_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <cjson/cJSON.h>
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "docbind_error.h"
#include "docbind_mock.h"

/* ---- limits ------------------------------------------------------------ */

#define MOCK_MAX_JSON_DEPTH 64       /* deeper bodies: InvalidParameter */
#define MOCK_MAX_PARAMS 10000        /* query + form pairs */
#define MOCK_MAX_ARRAY_INDEX 100000  /* Name.N in query/form style */
#define MOCK_MAX_REF_DEPTH 16        /* struct-in-struct nesting followed */
#define MOCK_DEFAULT_BODY_CAP ((size_t)16 * 1024 * 1024)

/* ---- the model --------------------------------------------------------- */

typedef enum dbm_style {
    MOCK_STYLE_RPC_JSON = 1, /* Tencent API 3.0 */
    MOCK_STYLE_RPC_QUERY,    /* Tencent API 2.0, Alibaba RPC */
    MOCK_STYLE_REST_JSON     /* Huawei */
} dbm_style;

typedef enum dbm_envelope {
    MOCK_ENV_TENCENT = 1,
    MOCK_ENV_TENCENT_V2,
    MOCK_ENV_HUAWEI,
    MOCK_ENV_ALIYUN
} dbm_envelope;

struct dbm_service;

typedef struct dbm_action {
    const char *name;
    const cJSON *json;
    const cJSON *input;   /* array of PARAM */
    const cJSON *output;  /* array of PARAM */
    const cJSON *errors;  /* array of codes, or NULL */
    const char *method;
    const char *path;
    char **segments;      /* path template split on '/' (REST) */
    size_t segment_count;
    double rate;          /* rate_limit_per_second; 0 when none */
    const char *example_response; /* first example's response text, or NULL */
    int example_mode;             /* DBM_EXAMPLE_*: how the example is answered */
    char example_request_id[64];  /* its RequestId, when it has one */
    char *rate_key;       /* "service/action": the rate limiter's name */
    size_t index;         /* position in the model's counter arrays */
    struct dbm_service *service;
} dbm_action;

typedef struct dbm_service {
    const char *id;
    const char *vendor;
    const char *version;   /* NULL when the IR gives none */
    const char *endpoint;
    dbm_style style;
    dbm_envelope envelope;
    unsigned signing;      /* bit (1u << docbind_sign_algorithm) per accepted algorithm */
    const cJSON *structs;
    const cJSON **struct_index; /* structs sorted by name, for dbm_find_struct */
    size_t struct_count;
    const cJSON *errors;
    const cJSON *facts;
    dbm_action *actions;
    size_t action_count;
    size_t max_get_bytes, max_post_v1_bytes, max_post_tc3_bytes; /* 0: no fact */
    char *sign_service;    /* TC3 credential-scope service: endpoint's first label */
} dbm_service;

typedef struct dbm_pattern {
    const cJSON *limit;  /* the LIMITS "pattern" object it was compiled from */
    pcre2_code *code;
} dbm_pattern;

typedef struct dbm_model {
    cJSON **docs;
    size_t doc_count;
    dbm_service *services;
    size_t service_count;
    size_t action_total;
    dbm_pattern *patterns; /* sorted by limit pointer */
    size_t pattern_count;
    pcre2_match_context *match_context; /* match and depth limits */
} dbm_model;

int dbm_model_load(dbm_model *m, const char *const *paths, size_t n, docbind_error *err);
void dbm_model_free(dbm_model *m);
const cJSON *dbm_find_struct(const dbm_service *s, const char *name);
/* The service's ERROR object for `code`, or NULL. */
const cJSON *dbm_find_error(const dbm_service *s, const char *code);
/* The compiled pattern of a LIMITS "pattern" object; NULL when none. */
const pcre2_code *dbm_pattern_for(const dbm_model *m, const cJSON *limit);
/* Matches a path (decoded segments) against an action's template; on a
 * match returns the number of literal segments (>= 0), else -1. */
int dbm_path_match(const dbm_action *a, char *const *segments, size_t n);

/* Small cJSON accessors: NULL / 0 when absent or of another type. */
const char *dbm_json_str(const cJSON *obj, const char *key);
int dbm_json_true(const cJSON *obj, const char *key);

/* ---- requests ---------------------------------------------------------- */

typedef struct dbm_kv {
    char *name;
    char *value;
} dbm_kv;

typedef struct dbm_kvs {
    dbm_kv *items;
    size_t count, cap;
} dbm_kvs;

/* Copies name[nlen] and value[vlen]; 0, or -1 out of memory. */
int dbm_kvs_add(dbm_kvs *kvs, const char *name, size_t nlen, const char *value, size_t vlen);
const char *dbm_kvs_get(const dbm_kvs *kvs, const char *name);    /* exact name */
const char *dbm_kvs_get_ci(const dbm_kvs *kvs, const char *name); /* any case */
void dbm_kvs_free(dbm_kvs *kvs);
/* Splits "a=1&b=2" (application/x-www-form-urlencoded: '+' is a space,
 * %XY decoded) into pairs, in order. 0; -1 out of memory; -2 more than
 * `max` pairs. */
int dbm_parse_urlencoded(dbm_kvs *out, const char *s, size_t len, size_t max);
/* Percent-decodes in place ('+' stays); returns the new length. */
size_t dbm_percent_decode(char *s);

typedef struct dbm_request {
    char method[16];
    char *uri;             /* raw request target: path[?query] */
    char *path;            /* decoded path */
    char **segments;       /* decoded path segments (empty ones dropped) */
    size_t segment_count;
    char *raw_query;       /* the undecoded query, "" when none */
    dbm_kvs query;        /* decoded, in order */
    dbm_kvs headers;      /* as received */
    dbm_kvs form;         /* decoded form body, when it is one */
    dbm_kvs path_params;  /* from the matched template */
    unsigned char *body;
    size_t body_len, body_cap;
    int body_too_large;    /* the upload passed the cap; the rest was not kept */
    size_t body_limit;     /* the cap that applied */
} dbm_request;

void dbm_request_free(dbm_request *r);
/* A header's value (any case), or NULL. */
const char *dbm_request_header(const dbm_request *r, const char *name);
/* A parameter from the query or, failing that, the form body. */
const char *dbm_request_param(const dbm_request *r, const char *name);
/* 1 when the Content-Type is application/json (or +json). */
int dbm_request_is_json(const dbm_request *r);
int dbm_request_is_form(const dbm_request *r);

/* ---- failures and replies ---------------------------------------------- */

typedef enum dbm_fail {
    MOCK_OK = 0,
    MOCK_FAIL_AUTH_MISSING,    /* no signature / token at all */
    MOCK_FAIL_AUTH_MALFORMED,  /* an Authorization that cannot be parsed */
    MOCK_FAIL_AUTH_SIGNATURE,  /* the recomputed signature differs */
    MOCK_FAIL_AUTH_EXPIRED,    /* timestamp outside the vendor's window */
    MOCK_FAIL_AUTH_UNKNOWN_ID, /* not the test credential id */
    MOCK_FAIL_AUTH_TOKEN,      /* wrong IAM token */
    MOCK_FAIL_MISSING_PARAM,
    MOCK_FAIL_INVALID_PARAM,   /* wrong type, malformed body */
    MOCK_FAIL_INVALID_VALUE,   /* an enforced limit broken */
    MOCK_FAIL_UNKNOWN_ACTION,
    MOCK_FAIL_THROTTLED,
    MOCK_FAIL_TOO_LARGE,
    MOCK_FAIL_UNAVAILABLE,     /* X-Docbind-Mock status= without error= */
    MOCK_FAIL_DOCUMENTED       /* X-Docbind-Mock error=CODE */
} dbm_fail;

typedef struct dbm_reply {
    unsigned status;
    char *body;            /* malloc'd, NUL-terminated */
    size_t body_len;
    char code[128];        /* the error code answered, "" on success (log only) */
    char request_id[64];
    int success;
} dbm_reply;

void dbm_reply_free(dbm_reply *r);

/* A fresh request id into out[64] (counter-based, UUID-shaped). */
void dbm_new_request_id(char out[64]);

/* Fills *reply with `fail` in the service's envelope. `documented_code`
 * is the code for MOCK_FAIL_DOCUMENTED; `status_override` (0: none)
 * replaces the HTTP status; `message` is printf-formatted. */
void dbm_reply_error(dbm_reply *reply, dbm_envelope env, const dbm_service *s,
                      dbm_fail fail, const char *documented_code, unsigned status_override,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

enum {
    DBM_EXAMPLE_NONE = 0,    /* none or unusable: a built answer */
    DBM_EXAMPLE_VERBATIM,    /* sent as written */
    DBM_EXAMPLE_ADD_ID       /* sent with a fresh RequestId added */
};

/* Decides once, at load, how the action's example is answered. */
void dbm_example_classify(dbm_action *a);

/* Fills *reply with the action's success answer (example or built). */
void dbm_reply_success(dbm_reply *reply, const dbm_action *a);

/* 1 when `code` may be selected for the action with error=CODE. */
int dbm_code_documented(const dbm_action *a, const char *code);

/* ---- validation -------------------------------------------------------- */

typedef struct dbm_check {
    dbm_fail fail;
    char message[512];
} dbm_check;

/* Validates the request's parameters for `a` (path params must already be
 * in r->path_params). `json_body` is the parsed body object or NULL when
 * the parameters come in the query / form. `skip_header` names a header
 * parameter satisfied by the authentication scheme used (or NULL). */
int dbm_validate(const dbm_model *m, const dbm_action *a, const dbm_request *r,
                  const cJSON *json_body, const char *skip_header, dbm_check *out);

/* Nesting depth of a JSON text (brackets outside strings), stopping early
 * once past `limit`. */
int dbm_json_depth(const unsigned char *s, size_t len, int limit);

/* ---- authentication ---------------------------------------------------- */

typedef struct dbm_auth_config {
    int strict;
    int64_t (*now)(void *user);
    void *now_user;
    char *tencent_id, *tencent_key;
    char *huawei_ak, *huawei_sk, *huawei_token;
    char *aliyun_id, *aliyun_secret;
} dbm_auth_config;

/* Checks the request's signature or token for service `s`. On failure
 * returns -1 with out->fail and a message that never contains a secret
 * or a signature. *used_header gets the name of a header parameter that
 * the scheme used satisfies (X-Auth-Token), or NULL. */
int dbm_authenticate(const dbm_auth_config *cfg, const dbm_service *s, const dbm_request *r,
                      const char **used_header, dbm_check *out);

#endif
