/* docbind_codec_read.c: JSON -> message (on cJSON), and whole responses
 * with the vendors' envelopes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_codec.h"
#include "docbind_codec_internal.h"

static const char *json_type_name(const cJSON *j)
{
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsObject(j))
        return "an object";
    if (cJSON_IsNull(j))
        return "null";
    return "an invalid value";
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* `request`: reading a request, where a required member the C struct
 * cannot mark absent (a number, boolean or enum without has_<name>) must be
 * in the JSON, or it would go out as 0 / false / the first value. */
static int read_message(const docbind_message_desc *desc, const cJSON *obj, void *msg,
                        const codec_path *path, int depth, bool request, docbind_error *err);

/* Parses exactly `len` bytes as one JSON value: trailing bytes other than
 * whitespace (including a NUL) make it invalid. NULL when invalid. */
static cJSON *parse_exact(const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root)
        return NULL;
    const char *stop = text + len;
    while (end < stop && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
    if (end != stop) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* Reads one value into `value` (the member, or one item of an array). */
static int read_value(const docbind_field *f, const cJSON *j, void *value, void *raw_slot,
                      bool in_array, const codec_path *path, int depth, bool request,
                      docbind_error *err)
{
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
        if (!cJSON_IsString(j) || !j->valuestring)
            return codec_parse_fail(err, path, "expected a string, found %s", json_type_name(j));
        if (!(*(char **)value = copy_string(j->valuestring)))
            return codec_oom(err);
        return 0;
    case DOCBIND_KIND_JSON: {
        char *text = cJSON_PrintUnformatted(j);
        if (!text)
            return codec_oom(err);
        char *copy = copy_string(text);
        cJSON_free(text);
        if (!copy)
            return codec_oom(err);
        *(char **)value = copy;
        return 0;
    }
    case DOCBIND_KIND_INT: {
        if (!cJSON_IsNumber(j))
            return codec_parse_fail(err, path, "expected an integer, found %s",
                                    json_type_name(j));
        double d = j->valuedouble;
        if (!isfinite(d))
            return codec_parse_fail(err, path, "number out of range");
        if (d > (double)DOCBIND_CODEC_MAX_EXACT_INT || d < -(double)DOCBIND_CODEC_MAX_EXACT_INT)
            return codec_parse_fail(err, path,
                                    "integer %.17g is outside +-(2^53 - 1): it cannot be read exactly",
                                    d);
        if (!codec_is_integral(d))
            return codec_parse_fail(err, path, "expected an integer, found %.17g", d);
        *(int64_t *)value = (int64_t)d;
        return 0;
    }
    case DOCBIND_KIND_DOUBLE:
        if (!cJSON_IsNumber(j))
            return codec_parse_fail(err, path, "expected a number, found %s", json_type_name(j));
        if (!isfinite(j->valuedouble))
            return codec_parse_fail(err, path, "number out of range");
        *(double *)value = j->valuedouble;
        return 0;
    case DOCBIND_KIND_BOOL:
        if (!cJSON_IsBool(j))
            return codec_parse_fail(err, path, "expected a boolean, found %s", json_type_name(j));
        *(bool *)value = cJSON_IsTrue(j);
        return 0;
    case DOCBIND_KIND_ENUM: {
        if (!cJSON_IsString(j) || !j->valuestring)
            return codec_parse_fail(err, path, "expected a string, found %s", json_type_name(j));
        int v = docbind_enum_from_string(f->enumeration, j->valuestring);
        *(int *)value = v;
        if (!v && raw_slot && !(*(char **)raw_slot = copy_string(j->valuestring)))
            return codec_oom(err);
        return 0;
    }
    case DOCBIND_KIND_MESSAGE: {
        if (depth >= DOCBIND_CODEC_MAX_DEPTH)
            return codec_parse_fail(err, path, "nested more than %d levels",
                                    DOCBIND_CODEC_MAX_DEPTH);
        void *sub = value;
        if (!in_array) {
            sub = calloc(1, f->message->size);
            if (!sub)
                return codec_oom(err);
            *(void **)value = sub;
        }
        return read_message(f->message, j, sub, path, depth + 1, request, err);
    }
    }
    return codec_parse_fail(err, path, "bad descriptor");
}

static int read_field(const docbind_field *f, const cJSON *j, void *msg, const codec_path *here,
                      int depth, bool request, docbind_error *err)
{
    if (f->flags & DOCBIND_F_ARRAY) {
        if (!cJSON_IsArray(j))
            return codec_parse_fail(err, here, "expected an array, found %s", json_type_name(j));
        size_t n = 0;
        for (const cJSON *c = j->child; c; c = c->next)
            n++;
        size_t size = codec_item_size(f);
        if (n > SIZE_MAX / size)
            return codec_oom(err);
        char *items = calloc(n ? n : 1, size);
        if (!items)
            return codec_oom(err);
        /* Published at once so that a failure half-way frees what was read. */
        *(void **)codec_at_mut(msg, f->offset) = items;
        *(size_t *)codec_at_mut(msg, f->count_offset) = n;
        size_t k = 0;
        for (const cJSON *c = j->child; c; c = c->next, k++) {
            codec_path item = {here, NULL, k};
            if (cJSON_IsNull(c)) {
                /* An absent item: NULL string, all-absent struct. */
                if (f->kind == DOCBIND_KIND_STRING || f->kind == DOCBIND_KIND_JSON ||
                    f->kind == DOCBIND_KIND_MESSAGE)
                    continue;
                return codec_parse_fail(err, &item, "null item in an array of %s",
                                        f->kind == DOCBIND_KIND_BOOL ? "booleans" : "numbers");
            }
            if (read_value(f, c, items + k * size, NULL, true, &item, depth, request, err))
                return -1;
        }
        return 0;
    }
    if (read_value(f, j, codec_at_mut(msg, f->offset),
                   f->kind == DOCBIND_KIND_ENUM ? codec_at_mut(msg, f->raw_offset) : NULL, false,
                   here, depth, request, err))
        return -1;
    if (f->flags & DOCBIND_F_PRESENCE)
        *(bool *)codec_at_mut(msg, f->presence_offset) = true;
    return 0;
}

/* A required member whose C form has no "absent": a scalar or enum without
 * a presence flag (strings, structs and arrays are absent when NULL). */
static bool absent_is_a_value(const docbind_field *f)
{
    return (f->flags & DOCBIND_F_REQUIRED) && !(f->flags & (DOCBIND_F_PRESENCE | DOCBIND_F_ARRAY)) &&
           (f->kind == DOCBIND_KIND_INT || f->kind == DOCBIND_KIND_DOUBLE ||
            f->kind == DOCBIND_KIND_BOOL || f->kind == DOCBIND_KIND_ENUM);
}

static int read_message(const docbind_message_desc *desc, const cJSON *obj, void *msg,
                        const codec_path *path, int depth, bool request, docbind_error *err)
{
    if (!cJSON_IsObject(obj))
        return codec_parse_fail(err, path, "expected an object, found %s", json_type_name(obj));
    for (size_t i = 0; i < desc->n_fields; i++) {
        const docbind_field *f = &desc->fields[i];
        const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, f->wire_name);
        codec_path here = {path, f->wire_name, 0};
        if (!j || cJSON_IsNull(j)) {
            if (request && absent_is_a_value(f))
                return codec_fail(err, &here, "required", "required parameter is missing");
            continue;
        }
        if (read_field(f, j, msg, &here, depth, request, err))
            return -1;
    }
    return 0;
}

static int fill_from(const docbind_message_desc *desc, const cJSON *obj, void *msg, bool request,
                     docbind_error *err)
{
    if (read_message(desc, obj, msg, NULL, 0, request, err)) {
        docbind_codec_free(desc, msg);
        return -1;
    }
    return 0;
}

int docbind_codec_from_json(const docbind_message_desc *desc, const char *json, size_t len,
                            void *msg, docbind_error *err)
{
    if (!desc || !json || !msg)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "from_json: NULL argument");
    cJSON *root = parse_exact(json, len);
    if (!root)
        return docbind_error_set(err, DOCBIND_ERROR_PARSE, "not valid JSON (or nested deeper "
                                 "than %d levels)", CJSON_NESTING_LIMIT);
    int rc = fill_from(desc, root, msg, true, err);
    cJSON_Delete(root);
    return rc;
}

/* ---- Responses ---------------------------------------------------------- */

static void set_service_code(const docbind_service_desc *svc, docbind_error *err)
{
    if (err && err->kind == DOCBIND_ERROR_SERVICE)
        err->service_code = docbind_service_error_index(svc, err->code);
}

static int parse_fail_body(docbind_error *err, long status, const void *body, size_t len,
                           const char *what)
{
    docbind_error_set(err, DOCBIND_ERROR_PARSE, "response body: %s", what);
    if (err) {
        err->http_status = status;
        docbind_error_set_body(err, body, len);
    }
    return -1;
}

/* Tencent API 2.0: {"code": 0, "codeDesc": "Success", "message": "ok", ...}. */
static int tencent_v2_error(const cJSON *root, long status, const char *request_id_header,
                            const void *body, size_t len, docbind_error *err)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "code");
    if (!code || cJSON_IsNull(code))
        return 0;
    if (!cJSON_IsNumber(code))
        return parse_fail_body(err, status, body, len, "\"code\" is not a number");
    if (code->valuedouble == 0)
        return 0;
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "codeDesc");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(root, "message");
    char num[40];
    codec_format_double(num, code->valuedouble);
    const char *code_text = cJSON_IsString(desc) && desc->valuestring && *desc->valuestring
                                ? desc->valuestring
                                : num;
    docbind_error_set(err, DOCBIND_ERROR_SERVICE, "%s",
                      cJSON_IsString(message) && message->valuestring ? message->valuestring
                                                                      : code_text);
    if (err) {
        docbind_error_set_code(err, code_text);
        err->http_status = status;
        if (request_id_header)
            docbind_error_set_request_id(err, request_id_header);
        docbind_error_set_body(err, body, len);
    }
    return -1;
}

int docbind_codec_parse_response(const docbind_action_desc *action, long http_status,
                                 const char *request_id_header, const void *body, size_t len,
                                 void *response, docbind_error *err)
{
    if (!action || !response || (!body && len))
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "parse_response: NULL argument");
    const docbind_message_desc *desc = action->response;
    const docbind_service_desc *svc = action->service;
    docbind_codec_free(desc, response);
    bool ok_status = http_status >= 200 && http_status < 300;

    docbind_error_envelope envelope = DOCBIND_ENVELOPE_NONE;
    switch (svc->protocol) {
    case DOCBIND_PROTOCOL_TENCENT: envelope = DOCBIND_ENVELOPE_TENCENT; break;
    case DOCBIND_PROTOCOL_HUAWEI: envelope = DOCBIND_ENVELOPE_HUAWEI; break;
    case DOCBIND_PROTOCOL_ALIYUN: envelope = DOCBIND_ENVELOPE_ALIBABA; break;
    case DOCBIND_PROTOCOL_TENCENT_V2: envelope = DOCBIND_ENVELOPE_NONE; break;
    }
    if (!ok_status) {
        docbind_error_from_response(err, envelope, http_status, request_id_header, body, len);
        set_service_code(svc, err);
        return -1;
    }
    if (len == 0 && svc->protocol != DOCBIND_PROTOCOL_TENCENT &&
        svc->protocol != DOCBIND_PROTOCOL_TENCENT_V2)
        return 0; /* 204-style success with no body: every member absent */

    cJSON *root = parse_exact(body ? (const char *)body : "", len);
    if (!root)
        return parse_fail_body(err, http_status, body, len,
                               "not valid JSON (or nested too deeply)");
    const cJSON *out = root;
    int rc = 0;
    switch (svc->protocol) {
    case DOCBIND_PROTOCOL_TENCENT: {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "Response");
        if (!cJSON_IsObject(r)) {
            rc = parse_fail_body(err, http_status, body, len, "no \"Response\" object");
            break;
        }
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(r, "Error");
        if (e && !cJSON_IsNull(e)) {
            /* The envelope reader owns the details (codes, ids, caps). */
            docbind_error_from_response(err, DOCBIND_ENVELOPE_TENCENT, http_status,
                                        request_id_header, body, len);
            set_service_code(svc, err);
            rc = -1;
            break;
        }
        out = r;
        break;
    }
    case DOCBIND_PROTOCOL_TENCENT_V2:
        if (!cJSON_IsObject(root)) {
            rc = parse_fail_body(err, http_status, body, len, "not a JSON object");
            break;
        }
        if (tencent_v2_error(root, http_status, request_id_header, body, len, err)) {
            set_service_code(svc, err);
            rc = -1;
        }
        break;
    case DOCBIND_PROTOCOL_HUAWEI:
    case DOCBIND_PROTOCOL_ALIYUN:
        break;
    }
    if (!rc && fill_from(desc, out, response, false, err)) {
        if (err) {
            err->http_status = http_status;
            docbind_error_set_body(err, body, len);
        }
        rc = -1;
    }
    cJSON_Delete(root);
    return rc;
}
