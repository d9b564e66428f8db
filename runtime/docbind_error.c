#include "docbind_error.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_string(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (copy)
        memcpy(copy, s, n + 1);
    return copy;
}

void docbind_error_clear(docbind_error *err)
{
    if (!err)
        return;
    free(err->code);
    free(err->message);
    free(err->request_id);
    free(err->param_path);
    free(err->rule);
    free(err->body);
    *err = (docbind_error)DOCBIND_ERROR_INIT;
}

void docbind_error_move(docbind_error *dst, docbind_error *src)
{
    if (!dst || dst == src)
        return;
    docbind_error_clear(dst);
    if (!src)
        return;
    *dst = *src;
    *src = (docbind_error)DOCBIND_ERROR_INIT;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

int docbind_error_setv(docbind_error *err, docbind_error_kind kind, const char *fmt, va_list ap)
{
    if (!err)
        return -1;
    docbind_error_clear(err);
    err->kind = kind;
    err->message = fmt ? vformat(fmt, ap) : NULL;
    return -1;
}

int docbind_error_set(docbind_error *err, docbind_error_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    docbind_error_setv(err, kind, fmt, ap);
    va_end(ap);
    return -1;
}

int docbind_error_set_validation(docbind_error *err, const char *param_path, const char *rule,
                                 const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    docbind_error_setv(err, DOCBIND_ERROR_VALIDATION, fmt, ap);
    va_end(ap);
    err->param_path = dup_string(param_path);
    err->rule = dup_string(rule);
    return -1;
}

static int replace_field(char **field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = dup_string(value))) {
        free(*field);
        *field = NULL;
        return -1;
    }
    free(*field);
    *field = copy;
    return 0;
}

int docbind_error_set_code(docbind_error *err, const char *code)
{
    return err ? replace_field(&err->code, code) : -1;
}

int docbind_error_set_message(docbind_error *err, const char *message)
{
    return err ? replace_field(&err->message, message) : -1;
}

int docbind_error_set_request_id(docbind_error *err, const char *request_id)
{
    return err ? replace_field(&err->request_id, request_id) : -1;
}

int docbind_error_set_body(docbind_error *err, const void *body, size_t len)
{
    if (!err)
        return -1;
    free(err->body);
    err->body = NULL;
    err->body_len = 0;
    err->body_truncated = 0;
    if (!body)
        return 0;
    size_t keep = len > DOCBIND_ERROR_BODY_CAP ? DOCBIND_ERROR_BODY_CAP : len;
    err->body = malloc(keep + 1);
    if (!err->body)
        return -1;
    memcpy(err->body, body, keep);
    err->body[keep] = '\0';
    err->body_len = keep;
    err->body_truncated = keep < len;
    return 0;
}

const char *docbind_error_kind_name(docbind_error_kind kind)
{
    switch (kind) {
    case DOCBIND_ERROR_NONE: return "none";
    case DOCBIND_ERROR_VALIDATION: return "validation";
    case DOCBIND_ERROR_TRANSPORT: return "transport";
    case DOCBIND_ERROR_TIMEOUT: return "timeout";
    case DOCBIND_ERROR_HTTP: return "http";
    case DOCBIND_ERROR_SERVICE: return "service";
    case DOCBIND_ERROR_PARSE: return "parse";
    case DOCBIND_ERROR_INTERNAL: return "internal";
    }
    return "unknown";
}

/* snprintf-style appender: keeps counting past the end of the buffer so the
 * caller learns the full length. */
typedef struct text_sink {
    char *buf;
    size_t size;
    size_t len;
} text_sink;

static void sink_append(text_sink *sink, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sink_append(text_sink *sink, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = sink->len < sink->size ? sink->size - sink->len : 0;
    int n = vsnprintf(room ? sink->buf + sink->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        sink->len += (size_t)n;
}

size_t docbind_error_format(const docbind_error *err, char *buf, size_t size)
{
    text_sink sink = {buf, size, 0};
    if (buf && size)
        buf[0] = '\0';
    if (!err || err->kind == DOCBIND_ERROR_NONE) {
        sink_append(&sink, "no error");
        return sink.len;
    }
    sink_append(&sink, "%s error", docbind_error_kind_name(err->kind));
    if (err->code)
        sink_append(&sink, " %s", err->code);
    if (err->param_path)
        sink_append(&sink, " at %s", err->param_path);
    if (err->rule)
        sink_append(&sink, " (rule %s)", err->rule);
    if (err->http_status && err->request_id)
        sink_append(&sink, " (HTTP %ld, request id %s)", err->http_status, err->request_id);
    else if (err->http_status)
        sink_append(&sink, " (HTTP %ld)", err->http_status);
    else if (err->request_id)
        sink_append(&sink, " (request id %s)", err->request_id);
    if (err->message)
        sink_append(&sink, ": %s", err->message);
    return sink.len;
}

/* ---- Envelope parsing --------------------------------------------------- */

static const char *http_reason(long status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    }
    return "";
}

static const char *vendor_name(docbind_error_envelope envelope)
{
    switch (envelope) {
    case DOCBIND_ENVELOPE_TENCENT: return "Tencent Cloud";
    case DOCBIND_ENVELOPE_HUAWEI: return "Huawei Cloud";
    case DOCBIND_ENVELOPE_ALIBABA: return "Alibaba Cloud";
    case DOCBIND_ENVELOPE_NONE: break;
    }
    return "HTTP";
}

static const char *json_type_name(const cJSON *item)
{
    if (cJSON_IsString(item)) return "a string";
    if (cJSON_IsNumber(item)) return "a number";
    if (cJSON_IsBool(item)) return "a boolean";
    if (cJSON_IsArray(item)) return "an array";
    if (cJSON_IsObject(item)) return "an object";
    if (cJSON_IsNull(item)) return "null";
    return "an unknown value";
}

/* Status, header request id and the raw body travel with every error that
 * came from a response, so nothing the server said is lost. */
static int finish_response_error(docbind_error *err, long http_status,
                                 const char *request_id_header, const void *body, size_t len)
{
    if (!err)
        return -1;
    err->http_status = http_status;
    if (!err->request_id && request_id_header && *request_id_header)
        docbind_error_set_request_id(err, request_id_header);
    docbind_error_set_body(err, body, len);
    return -1;
}

static int http_error(docbind_error *err, long http_status, const char *request_id_header,
                      const void *body, size_t len)
{
    const char *reason = http_reason(http_status);
    docbind_error_set(err, DOCBIND_ERROR_HTTP, "HTTP %ld%s%s", http_status, *reason ? " " : "", reason);
    return finish_response_error(err, http_status, request_id_header, body, len);
}

/* Rejects bodies nested deeper than the limit before cJSON recurses into
 * them. Brackets inside strings do not count. */
static int json_depth_exceeds(const char *s, size_t len, int limit)
{
    int depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > limit)
                return 1;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return 0;
}

/* Parses exactly `len` bytes as one JSON value (whitespace may follow).
 * On failure returns NULL and leaves a parse error in *err. */
static cJSON *parse_json_body(docbind_error *err, docbind_error_envelope envelope, long http_status,
                              const char *body, size_t len)
{
    const char *vendor = vendor_name(envelope);
    if (json_depth_exceeds(body, len, DOCBIND_ERROR_MAX_JSON_DEPTH)) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld) nests JSON deeper than %d levels",
                          vendor, http_status, DOCBIND_ERROR_MAX_JSON_DEPTH);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (!root) {
        size_t offset = end && end >= body && end <= body + len ? (size_t)(end - body) : 0;
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld) is not valid JSON (error near byte %zu of %zu)",
                          vendor, http_status, offset, len);
        return NULL;
    }
    while (end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
        end++;
    if (end < body + len) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld) has data after the JSON value (byte %zu of %zu)",
                          vendor, http_status, (size_t)(end - body), len);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* Reads an optional text field. Returns 0 with *out NULL when the field is
 * absent or null, 0 with *out set (malloc'd) for a string (or, when
 * allow_number, a number), and -1 with a parse error for any other type. */
static int text_field(docbind_error *err, const char *vendor, long http_status, const cJSON *obj,
                      const char *name, int allow_number, char **out)
{
    *out = NULL;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!item || cJSON_IsNull(item))
        return 0;
    if (cJSON_IsString(item) && item->valuestring) {
        *out = dup_string(item->valuestring);
        return 0;
    }
    if (allow_number && cJSON_IsNumber(item)) {
        char text[64];
        double v = item->valuedouble;
        /* Exact integers print without a fraction; NaN fails the range test. */
        if (v > -9007199254740992.0 && v < 9007199254740992.0 && v == (double)(long long)v)
            snprintf(text, sizeof text, "%lld", (long long)v);
        else
            snprintf(text, sizeof text, "%.17g", v);
        *out = dup_string(text);
        return 0;
    }
    docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s response (HTTP %ld): \"%s\" is %s, expected %s",
                      vendor, http_status, name, json_type_name(item),
                      allow_number ? "a string or a number" : "a string");
    return -1;
}

/* Fills a service error from the fields found in an envelope; takes
 * ownership of the three strings. */
static int service_error(docbind_error *err, const char *vendor, char *code, char *message,
                         char *request_id)
{
    if (!err) {
        free(code);
        free(message);
        free(request_id);
        return -1;
    }
    docbind_error_clear(err);
    err->kind = DOCBIND_ERROR_SERVICE;
    err->code = code;
    err->request_id = request_id;
    if (message) {
        err->message = message;
    } else {
        char text[128];
        snprintf(text, sizeof text, "%s returned an error without a message", vendor);
        err->message = dup_string(text);
    }
    return -1;
}

static int tencent_response(docbind_error *err, long http_status, const char *rid_header,
                            const char *body, size_t len)
{
    const char *vendor = "Tencent Cloud";
    int ok_status = http_status >= 200 && http_status < 300;
    if (len == 0) {
        if (!ok_status)
            return http_error(err, http_status, rid_header, body, len);
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld) has an empty body, expected a JSON envelope",
                          vendor, http_status);
        return finish_response_error(err, http_status, rid_header, body, len);
    }
    if (!ok_status && len > DOCBIND_ERROR_ENVELOPE_MAX) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s error response (HTTP %ld) body is %zu bytes, larger than the %zu-byte envelope limit",
                          vendor, http_status, len, DOCBIND_ERROR_ENVELOPE_MAX);
        return finish_response_error(err, http_status, rid_header, body, len);
    }
    cJSON *root = parse_json_body(err, DOCBIND_ENVELOPE_TENCENT, http_status, body, len);
    if (!root)
        return finish_response_error(err, http_status, rid_header, body, len);

    int rc = -1;
    char *code = NULL, *message = NULL, *request_id = NULL;
    const cJSON *response = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "Response") : NULL;
    if (!cJSON_IsObject(root)) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s response (HTTP %ld) is %s, expected an object",
                          vendor, http_status, json_type_name(root));
        goto done_error;
    }
    if (!response || cJSON_IsNull(response)) {
        if (!ok_status) {
            cJSON_Delete(root);
            return http_error(err, http_status, rid_header, body, len);
        }
        docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s response (HTTP %ld) has no \"Response\" object",
                          vendor, http_status);
        goto done_error;
    }
    if (!cJSON_IsObject(response)) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld): \"Response\" is %s, expected an object", vendor,
                          http_status, json_type_name(response));
        goto done_error;
    }
    if (text_field(err, vendor, http_status, response, "RequestId", 0, &request_id) < 0)
        goto done_error;
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(response, "Error");
    if (!error || cJSON_IsNull(error)) {
        if (ok_status) {
            rc = 0;
        } else {
            /* A non-2xx without an Error object: keep the body's RequestId. */
            http_error(err, http_status, rid_header, body, len);
            if (request_id) {
                free(err->request_id);
                err->request_id = request_id;
                request_id = NULL;
            }
        }
        goto done;
    }
    if (!cJSON_IsObject(error)) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s response (HTTP %ld): \"Error\" is %s, expected an object", vendor,
                          http_status, json_type_name(error));
        goto done_error;
    }
    if (text_field(err, vendor, http_status, error, "Code", 1, &code) < 0 ||
        text_field(err, vendor, http_status, error, "Message", 0, &message) < 0)
        goto done_error;
    service_error(err, vendor, code, message, request_id);
    code = message = request_id = NULL;
    cJSON_Delete(root);
    return finish_response_error(err, http_status, rid_header, body, len);

done_error:
    finish_response_error(err, http_status, rid_header, body, len);
done:
    free(code);
    free(message);
    free(request_id);
    cJSON_Delete(root);
    return rc;
}

/* Huawei and Alibaba signal errors with the HTTP status; the body names the
 * code. Field names differ, the logic does not. */
static int status_envelope(docbind_error *err, docbind_error_envelope envelope, long http_status,
                           const char *rid_header, const char *body, size_t len)
{
    const char *vendor = vendor_name(envelope);
    if (len == 0)
        return http_error(err, http_status, rid_header, body, len);
    if (len > DOCBIND_ERROR_ENVELOPE_MAX) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE,
                          "%s error response (HTTP %ld) body is %zu bytes, larger than the %zu-byte envelope limit",
                          vendor, http_status, len, DOCBIND_ERROR_ENVELOPE_MAX);
        return finish_response_error(err, http_status, rid_header, body, len);
    }
    cJSON *root = parse_json_body(err, envelope, http_status, body, len);
    if (!root)
        return finish_response_error(err, http_status, rid_header, body, len);
    if (!cJSON_IsObject(root)) {
        docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s error response (HTTP %ld) is %s, expected an object",
                          vendor, http_status, json_type_name(root));
        cJSON_Delete(root);
        return finish_response_error(err, http_status, rid_header, body, len);
    }

    char *code = NULL, *message = NULL, *request_id = NULL;
    int bad = 0;
    if (envelope == DOCBIND_ENVELOPE_HUAWEI) {
        bad = text_field(err, vendor, http_status, root, "error_code", 1, &code) < 0 ||
              text_field(err, vendor, http_status, root, "error_msg", 0, &message) < 0 ||
              text_field(err, vendor, http_status, root, "request_id", 0, &request_id) < 0;
        /* Some Huawei gateways nest the pair: {"error":{"code","message"}}. */
        const cJSON *nested = cJSON_GetObjectItemCaseSensitive(root, "error");
        if (!bad && !code && !message && nested && !cJSON_IsNull(nested)) {
            if (cJSON_IsObject(nested)) {
                bad = text_field(err, vendor, http_status, nested, "code", 1, &code) < 0 ||
                      text_field(err, vendor, http_status, nested, "message", 0, &message) < 0;
            } else if (cJSON_IsString(nested)) {
                message = dup_string(nested->valuestring);
            } else {
                docbind_error_set(err, DOCBIND_ERROR_PARSE,
                                  "%s error response (HTTP %ld): \"error\" is %s, expected an object",
                                  vendor, http_status, json_type_name(nested));
                bad = 1;
            }
        }
    } else {
        bad = text_field(err, vendor, http_status, root, "Code", 1, &code) < 0 ||
              text_field(err, vendor, http_status, root, "Message", 0, &message) < 0 ||
              text_field(err, vendor, http_status, root, "RequestId", 0, &request_id) < 0;
    }
    cJSON_Delete(root);
    if (bad) {
        free(code);
        free(message);
        free(request_id);
        return finish_response_error(err, http_status, rid_header, body, len);
    }
    if (!code && !message) {
        free(request_id);
        return http_error(err, http_status, rid_header, body, len);
    }
    service_error(err, vendor, code, message, request_id);
    return finish_response_error(err, http_status, rid_header, body, len);
}

int docbind_error_from_response(docbind_error *err, docbind_error_envelope envelope,
                                long http_status, const char *request_id_header,
                                const void *body, size_t body_len)
{
    /* A local error lets the parsers fill fields even when the caller passed
     * NULL; the verdict is the same either way. */
    docbind_error local = DOCBIND_ERROR_INIT;
    docbind_error *target = err ? err : &local;
    if (!body)
        body_len = 0;
    const char *text = body ? (const char *)body : "";
    int rc;
    if (envelope == DOCBIND_ENVELOPE_TENCENT)
        rc = tencent_response(target, http_status, request_id_header, text, body_len);
    else if (http_status >= 200 && http_status < 300)
        rc = 0;
    else if (envelope == DOCBIND_ENVELOPE_NONE)
        rc = http_error(target, http_status, request_id_header, text, body_len);
    else
        rc = status_envelope(target, envelope, http_status, request_id_header, text, body_len);
    docbind_error_clear(&local);
    return rc;
}
