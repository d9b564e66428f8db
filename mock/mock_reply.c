/* Answers: the vendors' error envelopes and success bodies (the documented
 * example, or one built from the output schema). */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

static atomic_ulong request_counter;

/* Placeholder nodes left for the success body being built: cyclic or
 * wide structs cannot make it grow without bound. */
#define MOCK_PLACEHOLDER_BUDGET 4000
static _Thread_local int placeholder_budget;

void dbm_new_request_id(char out[64])
{
    unsigned long n = atomic_fetch_add(&request_counter, 1) + 1;
    snprintf(out, 64, "0d0c0b1d-%04lx-4000-8000-%012lx", (n >> 48) & 0xffff,
             n & 0xffffffffffffUL);
}

void dbm_reply_free(dbm_reply *r)
{
    if (r) {
        free(r->body);
        r->body = NULL;
        r->body_len = 0;
    }
}

/* ---- the error catalogue (docs/mock.md) -------------------------------- */

typedef struct vendor_code {
    const char *code;
    unsigned status;
} vendor_code;

typedef struct fail_entry {
    vendor_code tencent;  /* HTTP 200 always */
    int v2_code;          /* Tencent API 2.0 numeric code */
    const char *v2_desc;
    vendor_code huawei;
    vendor_code aliyun;
} fail_entry;

static const fail_entry catalogue[] = {
    [MOCK_FAIL_AUTH_MISSING] = {{"AuthFailure.InvalidAuthorization", 200}, 4100,
                                "AuthFailure.InvalidAuthorization", {"APIGW.0301", 401},
                                {"IncompleteSignature", 400}},
    [MOCK_FAIL_AUTH_MALFORMED] = {{"AuthFailure.InvalidAuthorization", 200}, 4100,
                                  "AuthFailure.InvalidAuthorization", {"APIGW.0301", 401},
                                  {"IncompleteSignature", 400}},
    [MOCK_FAIL_AUTH_SIGNATURE] = {{"AuthFailure.SignatureFailure", 200}, 4100,
                                  "AuthFailure.SignatureFailure", {"APIGW.0301", 401},
                                  {"SignatureDoesNotMatch", 400}},
    [MOCK_FAIL_AUTH_EXPIRED] = {{"AuthFailure.SignatureExpire", 200}, 4500,
                                "AuthFailure.SignatureExpire", {"APIGW.0301", 401},
                                {"InvalidTimeStamp.Expired", 400}},
    [MOCK_FAIL_AUTH_UNKNOWN_ID] = {{"AuthFailure.SecretIdNotFound", 200}, 4104,
                                   "AuthFailure.SecretIdNotFound", {"APIGW.0301", 401},
                                   {"InvalidAccessKeyId.NotFound", 404}},
    [MOCK_FAIL_AUTH_TOKEN] = {{"AuthFailure.TokenFailure", 200}, 4100, "AuthFailure.TokenFailure",
                              {"APIGW.0301", 401}, {"InvalidSecurityToken.Malformed", 400}},
    [MOCK_FAIL_MISSING_PARAM] = {{"MissingParameter", 200}, 4000, "MissingParameter",
                                 {"MissingParameter", 400}, {"MissingParameter", 400}},
    [MOCK_FAIL_INVALID_PARAM] = {{"InvalidParameter", 200}, 4000, "InvalidParameter",
                                 {"InvalidParameter", 400}, {"InvalidParameter", 400}},
    [MOCK_FAIL_INVALID_VALUE] = {{"InvalidParameterValue", 200}, 4000, "InvalidParameterValue",
                                 {"InvalidParameterValue", 400}, {"InvalidParameterValue", 400}},
    [MOCK_FAIL_UNKNOWN_ACTION] = {{"InvalidAction", 200}, 4000, "InvalidAction",
                                  {"APIGW.0101", 404}, {"InvalidAction.NotFound", 404}},
    [MOCK_FAIL_THROTTLED] = {{"RequestLimitExceeded", 200}, 4400, "RequestLimitExceeded",
                             {"APIGW.0308", 429}, {"Throttling.User", 400}},
    [MOCK_FAIL_TOO_LARGE] = {{"RequestSizeLimitExceeded", 200}, 4000, "RequestSizeLimitExceeded",
                             {"APIGW.0201", 413}, {"RequestEntityTooLarge", 413}},
    [MOCK_FAIL_UNAVAILABLE] = {{"ServiceUnavailable", 200}, 5100, "ServiceUnavailable",
                               {"ServiceUnavailable", 503}, {"ServiceUnavailable", 503}},
};

/* Tencent API 2.0 common codes (its 错误码 page). */
static const struct {
    int code;
    const char *desc;
} v2_codes[] = {
    {4000, "InvalidParameter"},  {4100, "AuthFailure"},     {4101, "UnauthorizedOperation"},
    {4102, "UnauthorizedOperation"}, {4103, "UnauthorizedOperation"},
    {4104, "AuthFailure.SecretIdNotFound"}, {4110, "AuthFailure"}, {4300, "OperationDenied"},
    {4400, "LimitExceeded"},     {4500, "AuthFailure.SignatureExpire"},
    {5000, "ResourceNotFound"},  {5100, "FailedOperation"},
};

static int v2_code_index(const char *code)
{
    if (!code || !code[0] || strspn(code, "0123456789") != strlen(code) || strlen(code) > 6)
        return -1;
    int n = atoi(code);
    for (size_t i = 0; i < sizeof v2_codes / sizeof v2_codes[0]; i++)
        if (v2_codes[i].code == n)
            return (int)i;
    return -1;
}

static int catalogue_has(dbm_envelope env, const char *code)
{
    for (size_t i = 1; i < sizeof catalogue / sizeof catalogue[0]; i++) {
        const fail_entry *e = &catalogue[i];
        const char *c = env == MOCK_ENV_TENCENT      ? e->tencent.code
                        : env == MOCK_ENV_TENCENT_V2 ? e->v2_desc
                        : env == MOCK_ENV_HUAWEI     ? e->huawei.code
                                                     : e->aliyun.code;
        if (c && !strcmp(c, code))
            return 1;
    }
    return 0;
}

int dbm_code_documented(const dbm_action *a, const char *code)
{
    const dbm_service *s = a->service;
    if (!code || !code[0])
        return 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, a->errors)
    {
        if (cJSON_IsString(c) && !strcmp(c->valuestring, code))
            return 1;
    }
    if (dbm_find_error(s, code))
        return 1;
    if (s->envelope == MOCK_ENV_TENCENT_V2 && v2_code_index(code) >= 0)
        return 1;
    return catalogue_has(s->envelope, code);
}

static void set_body(dbm_reply *reply, cJSON *root)
{
    char *text = root ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    free(reply->body);
    if (!text) {
        /* Out of memory: a fixed body keeps the answer well-formed. */
        static const char fallback[] = "{}";
        text = malloc(sizeof fallback);
        if (text)
            memcpy(text, fallback, sizeof fallback);
    }
    reply->body = text;
    reply->body_len = text ? strlen(text) : 0;
}

void dbm_reply_error(dbm_reply *reply, dbm_envelope env, const dbm_service *s,
                      dbm_fail fail, const char *documented_code, unsigned status_override,
                      const char *fmt, ...)
{
    char message[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (!reply->request_id[0])
        dbm_new_request_id(reply->request_id);
    reply->success = 0;

    const char *code = NULL;
    unsigned status = 200;
    int v2_number = 4000;
    const char *v2_desc = NULL;
    if (fail == MOCK_FAIL_DOCUMENTED) {
        code = documented_code ? documented_code : "InternalError";
        const cJSON *e = s ? dbm_find_error(s, code) : NULL;
        const cJSON *hs = cJSON_GetObjectItemCaseSensitive(e, "http_status");
        switch (env) {
        case MOCK_ENV_TENCENT:
        case MOCK_ENV_TENCENT_V2:
            status = 200;
            break;
        default:
            status = 400;
            if (cJSON_IsNumber(hs) && hs->valueint >= 400 && hs->valueint <= 599) {
                status = (unsigned)hs->valueint;
            } else {
                /* one of the mock's own codes: its status */
                for (size_t i = 1; i < sizeof catalogue / sizeof catalogue[0]; i++) {
                    const vendor_code *vc =
                        env == MOCK_ENV_HUAWEI ? &catalogue[i].huawei : &catalogue[i].aliyun;
                    if (vc->code && !strcmp(vc->code, code)) {
                        status = vc->status;
                        break;
                    }
                }
            }
        }
        int vi = v2_code_index(code);
        if (vi >= 0) {
            v2_number = v2_codes[vi].code;
            v2_desc = v2_codes[vi].desc;
        } else {
            v2_desc = code;
            for (size_t i = 1; i < sizeof catalogue / sizeof catalogue[0]; i++)
                if (catalogue[i].v2_desc && !strcmp(catalogue[i].v2_desc, code))
                    v2_number = catalogue[i].v2_code;
        }
    } else {
        const fail_entry *e = &catalogue[fail];
        v2_number = e->v2_code;
        v2_desc = e->v2_desc;
        switch (env) {
        case MOCK_ENV_TENCENT:
            code = e->tencent.code;
            status = e->tencent.status;
            break;
        case MOCK_ENV_TENCENT_V2:
            code = e->v2_desc;
            status = 200;
            break;
        case MOCK_ENV_HUAWEI:
            code = e->huawei.code;
            status = e->huawei.status;
            break;
        case MOCK_ENV_ALIYUN:
            code = e->aliyun.code;
            status = e->aliyun.status;
            break;
        }
    }
    if (status_override)
        status = status_override;
    reply->status = status;
    snprintf(reply->code, sizeof reply->code, "%s", code ? code : "");

    cJSON *root = cJSON_CreateObject();
    if (root) {
        switch (env) {
        case MOCK_ENV_TENCENT: {
            cJSON *resp = cJSON_AddObjectToObject(root, "Response");
            cJSON *error = cJSON_AddObjectToObject(resp, "Error");
            cJSON_AddStringToObject(error, "Code", code);
            cJSON_AddStringToObject(error, "Message", message);
            cJSON_AddStringToObject(resp, "RequestId", reply->request_id);
            break;
        }
        case MOCK_ENV_TENCENT_V2:
            cJSON_AddNumberToObject(root, "code", v2_number);
            cJSON_AddStringToObject(root, "codeDesc", v2_desc ? v2_desc : code);
            cJSON_AddStringToObject(root, "message", message);
            break;
        case MOCK_ENV_HUAWEI:
            cJSON_AddStringToObject(root, "error_code", code);
            cJSON_AddStringToObject(root, "error_msg", message);
            cJSON_AddStringToObject(root, "request_id", reply->request_id);
            break;
        case MOCK_ENV_ALIYUN:
            cJSON_AddStringToObject(root, "RequestId", reply->request_id);
            cJSON_AddStringToObject(root, "Code", code);
            cJSON_AddStringToObject(root, "Message", message);
            break;
        }
    }
    set_body(reply, root);
}

/* ---- success bodies ------------------------------------------------------ */

static cJSON *placeholder(const dbm_service *s, const cJSON *outputs, const cJSON *def,
                          const char *full_name, int depth, int as_element);

/* The members of a legacy "Name::member" output list, as an object. */
static cJSON *legacy_children(const dbm_service *s, const cJSON *outputs, const char *full_name,
                              int depth)
{
    size_t plen = strlen(full_name);
    cJSON *obj = NULL;
    const cJSON *o;
    cJSON_ArrayForEach(o, outputs)
    {
        const char *n = dbm_json_str(o, "name");
        if (!n || strncmp(n, full_name, plen) || strncmp(n + plen, "::", 2))
            continue;
        const char *rest = n + plen + 2;
        if (!rest[0] || strstr(rest, "::"))
            continue; /* grandchildren are built by their own parent */
        if (!obj && !(obj = cJSON_CreateObject()))
            return NULL;
        if (!cJSON_GetObjectItemCaseSensitive(obj, rest))
            cJSON_AddItemToObject(obj, rest, placeholder(s, outputs, o, n, depth + 1, 0));
    }
    return obj;
}

static cJSON *example_scalar(const cJSON *def, const char *type)
{
    const char *ex = dbm_json_str(def, "example");
    if (!ex || !ex[0] || ex[0] == '[' || ex[0] == '{')
        return NULL;
    if (!strcmp(type, "integer") || !strcmp(type, "number") || !strcmp(type, "float") ||
        !strcmp(type, "double")) {
        char *end;
        double d = strtod(ex, &end);
        return (*end == '\0' && end != ex) ? cJSON_CreateNumber(d) : NULL;
    }
    if (!strcmp(type, "boolean")) {
        if (!strcmp(ex, "true") || !strcmp(ex, "false"))
            return cJSON_CreateBool(ex[0] == 't');
        return NULL;
    }
    return cJSON_CreateString(ex);
}

static cJSON *placeholder(const dbm_service *s, const cJSON *outputs, const cJSON *def,
                          const char *full_name, int depth, int as_element)
{
    if (--placeholder_budget < 0)
        return cJSON_CreateNull();
    if (!as_element && dbm_json_true(def, "array")) {
        cJSON *arr = cJSON_CreateArray();
        if (arr)
            cJSON_AddItemToArray(arr, placeholder(s, outputs, def, full_name, depth, 1));
        return arr;
    }
    if (outputs && depth < MOCK_MAX_REF_DEPTH) {
        cJSON *children = legacy_children(s, outputs, full_name, depth);
        if (children)
            return children;
    }
    const char *type = dbm_json_str(def, "type");
    if (!type)
        type = "string";
    if (!strcmp(type, "object")) {
        cJSON *obj = cJSON_CreateObject();
        const char *ref = dbm_json_str(def, "ref");
        const cJSON *st = ref && depth < MOCK_MAX_REF_DEPTH ? dbm_find_struct(s, ref) : NULL;
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(st, "members"))
        {
            const char *n = dbm_json_str(m, "name");
            if (obj && n && !cJSON_GetObjectItemCaseSensitive(obj, n))
                cJSON_AddItemToObject(obj, n, placeholder(s, NULL, m, n, depth + 1, 0));
        }
        return obj;
    }
    cJSON *ex = example_scalar(def, type);
    if (ex)
        return ex;
    if (!strcmp(type, "integer"))
        return cJSON_CreateNumber(1);
    if (!strcmp(type, "number") || !strcmp(type, "float") || !strcmp(type, "double"))
        return cJSON_CreateNumber(1.5);
    if (!strcmp(type, "boolean"))
        return cJSON_CreateTrue();
    if (!strcmp(type, "date"))
        return cJSON_CreateString("2024-01-01");
    if (!strcmp(type, "timestamp"))
        return cJSON_CreateString("2024-01-01 00:00:00");
    if (!strcmp(type, "timestamp_iso8601"))
        return cJSON_CreateString("2024-01-01T00:00:00Z");
    if (!strcmp(type, "binary"))
        return cJSON_CreateString("bW9jaw==");
    const char *name = dbm_json_str(def, "name");
    const char *last = name ? strstr(name, "::") : NULL;
    while (last && strstr(last + 2, "::"))
        last = strstr(last + 2, "::");
    char text[160];
    snprintf(text, sizeof text, "mock-%s", last ? last + 2 : name ? name : "value");
    return cJSON_CreateString(text);
}

/* Fills `obj` with a placeholder for every top-level output (not the
 * legacy "::" members, nor RequestId: the caller sets that). */
static void fill_outputs(const dbm_action *a, cJSON *obj)
{
    placeholder_budget = MOCK_PLACEHOLDER_BUDGET;
    const cJSON *o;
    cJSON_ArrayForEach(o, a->output)
    {
        const char *n = dbm_json_str(o, "name");
        if (!n || strstr(n, "::") || !strcmp(n, "RequestId") ||
            cJSON_GetObjectItemCaseSensitive(obj, n))
            continue;
        cJSON_AddItemToObject(obj, n, placeholder(a->service, a->output, o, n, 0, 0));
    }
}

/* The example as the vendor sends it, or NULL when it is not usable. */
static cJSON *example_body(const dbm_action *a)
{
    if (!a->example_response)
        return NULL;
    cJSON *root = cJSON_Parse(a->example_response);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return NULL;
    }
    if (a->service->envelope == MOCK_ENV_TENCENT &&
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "Response"))) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* Where the vendor puts RequestId in a success body, or NULL. */
static cJSON *request_id_holder(const dbm_service *s, cJSON *root)
{
    if (s->envelope == MOCK_ENV_TENCENT)
        return cJSON_GetObjectItemCaseSensitive(root, "Response");
    return s->envelope == MOCK_ENV_ALIYUN ? root : NULL;
}

void dbm_example_classify(dbm_action *a)
{
    a->example_mode = DBM_EXAMPLE_NONE;
    cJSON *root = example_body(a);
    if (!root)
        return;
    cJSON *holder = request_id_holder(a->service, root);
    const char *rid = dbm_json_str(holder, "RequestId");
    if (holder && !rid) {
        a->example_mode = DBM_EXAMPLE_ADD_ID;
    } else {
        a->example_mode = DBM_EXAMPLE_VERBATIM;
        snprintf(a->example_request_id, sizeof a->example_request_id, "%s", rid ? rid : "");
    }
    cJSON_Delete(root);
}

void dbm_reply_success(dbm_reply *reply, const dbm_action *a)
{
    reply->success = 1;
    reply->status = 200;
    reply->code[0] = '\0';
    const dbm_service *s = a->service;
    if (a->example_mode == DBM_EXAMPLE_VERBATIM) {
        size_t len = strlen(a->example_response);
        free(reply->body);
        reply->body = malloc(len + 1);
        if (reply->body)
            memcpy(reply->body, a->example_response, len + 1);
        reply->body_len = reply->body ? len : 0;
        if (a->example_request_id[0])
            snprintf(reply->request_id, sizeof reply->request_id, "%s", a->example_request_id);
        else
            dbm_new_request_id(reply->request_id); /* for the X-Request-Id header */
        return;
    }
    cJSON *root = a->example_mode == DBM_EXAMPLE_ADD_ID ? example_body(a) : NULL;
    if (root) {
        dbm_new_request_id(reply->request_id);
        cJSON_AddStringToObject(request_id_holder(s, root), "RequestId", reply->request_id);
        set_body(reply, root);
        return;
    }
    dbm_new_request_id(reply->request_id);
    root = cJSON_CreateObject();
    if (root) {
        switch (s->envelope) {
        case MOCK_ENV_TENCENT: {
            cJSON *resp = cJSON_AddObjectToObject(root, "Response");
            if (resp) {
                fill_outputs(a, resp);
                cJSON_AddStringToObject(resp, "RequestId", reply->request_id);
            }
            break;
        }
        case MOCK_ENV_TENCENT_V2:
            cJSON_AddNumberToObject(root, "code", 0);
            cJSON_AddStringToObject(root, "codeDesc", "Success");
            cJSON_AddStringToObject(root, "message", "ok");
            fill_outputs(a, root);
            break;
        case MOCK_ENV_HUAWEI:
            fill_outputs(a, root);
            break;
        case MOCK_ENV_ALIYUN:
            fill_outputs(a, root);
            cJSON_AddStringToObject(root, "RequestId", reply->request_id);
            break;
        }
    }
    set_body(reply, root);
}
