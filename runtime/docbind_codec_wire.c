/* docbind_codec_wire.c: request -> wire form (flattened pairs, path,
 * headers, body) for the service's protocol style. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_codec.h"
#include "docbind_codec_internal.h"

/* ---- Pairs -------------------------------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

int codec_pairs_add(codec_pairs *out, const char *name, size_t name_len, const char *value,
                    size_t value_len)
{
    if (*out->count == *out->cap) {
        size_t cap = *out->cap ? *out->cap * 2 : 16;
        docbind_wire_pair *p = realloc(*out->items, cap * sizeof *p);
        if (!p)
            return -1;
        *out->items = p;
        *out->cap = cap;
    }
    char *n = dup_n(name, name_len), *v = dup_n(value, value_len);
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    (*out->items)[*out->count].name = n;
    (*out->items)[*out->count].value = v;
    ++*out->count;
    return 0;
}

/* ---- Flattening --------------------------------------------------------- */

typedef struct flattener {
    codec_pairs *out;
    unsigned base;
    bool repeat; /* scalar arrays as repeated names */
    docbind_buffer name;
    docbind_error *err;
} flattener;

static int emit(flattener *q, const char *value, size_t len, const codec_path *path)
{
    if (memchr(value, '\0', len) || codec_utf8_length(value) == (size_t)-1)
        return codec_fail(q->err, path, "utf8", "not valid UTF-8");
    if (codec_pairs_add(q->out, q->name.data ? q->name.data : "", q->name.len, value, len))
        return codec_oom(q->err);
    return 0;
}

/* Appends ".segment" (or "segment" at the root); returns the old length. */
static int push_name(flattener *q, const char *segment, size_t *mark)
{
    *mark = q->name.len;
    if ((q->name.len && codec_buf_put(&q->name, ".", 1)) || codec_buf_puts(&q->name, segment))
        return codec_oom(q->err);
    return 0;
}

static int push_index(flattener *q, size_t index, size_t *mark)
{
    char num[24];
    codec_format_int(num, (int64_t)index + q->base);
    return push_name(q, num, mark);
}

static void pop_name(flattener *q, size_t mark)
{
    q->name.len = mark;
    if (q->name.data)
        q->name.data[mark] = '\0';
}

static int flatten_json(flattener *q, const cJSON *j, const codec_path *path, int depth)
{
    char num[40];
    if (depth > DOCBIND_CODEC_MAX_DEPTH)
        return codec_fail(q->err, path, "depth", "nested more than %d levels",
                          DOCBIND_CODEC_MAX_DEPTH);
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        size_t k = 0;
        for (const cJSON *c = j->child; c; c = c->next, k++) {
            size_t mark;
            codec_path here = {path, cJSON_IsObject(j) ? c->string : NULL, k};
            if (cJSON_IsObject(j) ? push_name(q, c->string, &mark) : push_index(q, k, &mark))
                return -1;
            if (flatten_json(q, c, &here, depth + 1))
                return -1;
            pop_name(q, mark);
        }
        return 0;
    }
    if (cJSON_IsString(j))
        return emit(q, j->valuestring, strlen(j->valuestring), path);
    if (cJSON_IsBool(j))
        return cJSON_IsTrue(j) ? emit(q, "true", 4, path) : emit(q, "false", 5, path);
    if (cJSON_IsNumber(j)) {
        double d = j->valuedouble;
        if (!isfinite(d))
            return codec_fail(q->err, path, "finite", "not a finite number");
        return emit(q, num, codec_format_double(num, d), path);
    }
    return 0; /* null: absent */
}

static int flatten_message(flattener *q, const docbind_message_desc *desc, const void *msg,
                           unsigned mask, const codec_path *path, int depth);

static int flatten_value(flattener *q, const docbind_field *f, const void *value,
                         const void *raw_slot, const codec_path *path, int depth)
{
    char num[40];
    switch (f->kind) {
    case DOCBIND_KIND_STRING: {
        const char *s = *(const char *const *)value;
        return s ? emit(q, s, strlen(s), path) : 0;
    }
    case DOCBIND_KIND_INT:
        return emit(q, num, codec_format_int(num, *(const int64_t *)value), path);
    case DOCBIND_KIND_DOUBLE: {
        double v = *(const double *)value;
        if (!isfinite(v))
            return codec_fail(q->err, path, "finite", "not a finite number");
        return emit(q, num, codec_format_double(num, v), path);
    }
    case DOCBIND_KIND_BOOL:
        return *(const bool *)value ? emit(q, "true", 4, path) : emit(q, "false", 5, path);
    case DOCBIND_KIND_ENUM: {
        int v = *(const int *)value;
        const char *s = docbind_enum_to_string(f->enumeration, v);
        if (!s && v == 0 && raw_slot)
            s = *(const char *const *)raw_slot;
        if (!s)
            return codec_fail(q->err, path, "enum", "value %d has no wire string", v);
        return emit(q, s, strlen(s), path);
    }
    case DOCBIND_KIND_MESSAGE: {
        const void *sub = f->flags & DOCBIND_F_ARRAY ? value : *(const void *const *)value;
        if (depth >= DOCBIND_CODEC_MAX_DEPTH)
            return codec_fail(q->err, path, "depth", "nested more than %d levels",
                              DOCBIND_CODEC_MAX_DEPTH);
        return flatten_message(q, f->message, sub, CODEC_LOC_ALL, path, depth + 1);
    }
    case DOCBIND_KIND_JSON: {
        const char *s = *(const char *const *)value;
        if (!s)
            return 0;
        cJSON *j = cJSON_ParseWithOpts(s, NULL, 1);
        if (!j)
            return codec_fail(q->err, path, "json", "not a JSON value");
        int rc = flatten_json(q, j, path, depth);
        cJSON_Delete(j);
        return rc;
    }
    }
    return codec_fail(q->err, path, "type", "bad descriptor");
}

static bool scalar_kind(docbind_kind k)
{
    return k != DOCBIND_KIND_MESSAGE && k != DOCBIND_KIND_JSON;
}

static int flatten_message(flattener *q, const docbind_message_desc *desc, const void *msg,
                           unsigned mask, const codec_path *path, int depth)
{
    for (size_t i = 0; i < desc->n_fields; i++) {
        const docbind_field *f = &desc->fields[i];
        if (!(mask & CODEC_LOC(f->location)) || !codec_present(f, msg))
            continue;
        codec_path here = {path, f->wire_name, 0};
        size_t mark;
        if (push_name(q, f->wire_name, &mark))
            return -1;
        if (f->flags & DOCBIND_F_ARRAY) {
            const char *items = codec_items(f, msg);
            size_t n = codec_count(f, msg), size = codec_item_size(f);
            for (size_t k = 0; k < n; k++) {
                codec_path item = {&here, NULL, k};
                size_t inner = q->name.len;
                if (!(q->repeat && scalar_kind(f->kind)) && push_index(q, k, &inner))
                    return -1;
                if (flatten_value(q, f, items + k * size, NULL, &item, depth))
                    return -1;
                pop_name(q, inner);
            }
        } else if (flatten_value(q, f, codec_at(msg, f->offset),
                                 f->kind == DOCBIND_KIND_ENUM ? codec_at(msg, f->raw_offset)
                                                              : NULL,
                                 &here, depth)) {
            return -1;
        }
        pop_name(q, mark);
    }
    return 0;
}

int codec_write_query(const docbind_message_desc *desc, const void *msg, unsigned location_mask,
                      unsigned array_base, bool scalar_arrays_repeat, codec_pairs *out,
                      docbind_error *err)
{
    flattener q = {out, array_base, scalar_arrays_repeat, DOCBIND_BUFFER_INIT, err};
    size_t start = *out->count;
    int rc = flatten_message(&q, desc, msg, location_mask, NULL, 0);
    docbind_buffer_free(&q.name);
    if (rc) {
        for (size_t i = start; i < *out->count; i++) {
            free((*out->items)[i].name);
            free((*out->items)[i].value);
        }
        *out->count = start;
    }
    return rc;
}

int docbind_codec_to_query(const docbind_message_desc *desc, const void *msg, unsigned array_base,
                           docbind_wire_pair **out, size_t *count, size_t *cap, docbind_error *err)
{
    if (!desc || !msg || !out || !count || !cap)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "to_query: NULL argument");
    codec_pairs pairs = {out, count, cap};
    return codec_write_query(desc, msg, CODEC_LOC_ALL, array_base, false, &pairs, err);
}

/* ---- Wire requests ------------------------------------------------------ */

/* The text of a scalar member for a path segment or a header. NULL when
 * the member has no single text form (*buf may receive it). */
static const char *scalar_text(const docbind_field *f, const void *msg, char *buf)
{
    const void *v = codec_at(msg, f->offset);
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
        return *(const char *const *)v;
    case DOCBIND_KIND_INT:
        codec_format_int(buf, *(const int64_t *)v);
        return buf;
    case DOCBIND_KIND_DOUBLE:
        codec_format_double(buf, *(const double *)v);
        return buf;
    case DOCBIND_KIND_BOOL:
        return *(const bool *)v ? "true" : "false";
    case DOCBIND_KIND_ENUM: {
        const char *s = docbind_enum_to_string(f->enumeration, *(const int *)v);
        return s ? s : *(const char *const *)codec_at(msg, f->raw_offset);
    }
    default:
        return NULL;
    }
}

static int fill_path(const docbind_action_desc *action, const void *req, docbind_wire *wire,
                     docbind_error *err)
{
    const docbind_message_desc *desc = action->request;
    docbind_buffer out = DOCBIND_BUFFER_INIT;
    const char *p = action->path ? action->path : "/";
    while (*p) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            if (codec_buf_puts(&out, p))
                goto oom;
            break;
        }
        if (codec_buf_put(&out, p, (size_t)(open - p)))
            goto oom;
        size_t n = (size_t)(close - open - 1);
        const docbind_field *f = NULL;
        for (size_t i = 0; i < desc->n_fields && !f; i++)
            if (desc->fields[i].location == DOCBIND_LOC_PATH &&
                strlen(desc->fields[i].wire_name) == n &&
                !memcmp(desc->fields[i].wire_name, open + 1, n))
                f = &desc->fields[i];
        char num[40];
        const char *v = f && !(f->flags & DOCBIND_F_ARRAY) && codec_present(f, req)
                            ? scalar_text(f, req, num)
                            : NULL;
        codec_path here = {NULL, f ? f->wire_name : "path", 0};
        if (!v) {
            docbind_buffer_free(&out);
            return codec_fail(err, &here, "path_segment", "path parameter {%.*s} has no value",
                              (int)n, open + 1);
        }
        if (!*v || strchr(v, '/') || !strcmp(v, ".") || !strcmp(v, "..")) {
            docbind_buffer_free(&out);
            return codec_fail(err, &here, "path_segment",
                              "\"%.64s\" is not a single path segment", v);
        }
        if (codec_buf_puts(&out, v))
            goto oom;
        p = close + 1;
    }
    wire->path = out.data ? out.data : dup_n("/", 1);
    if (!wire->path)
        return codec_oom(err);
    return 0;
oom:
    docbind_buffer_free(&out);
    return codec_oom(err);
}

static int add_header(docbind_wire *wire, const char *name, const char *value,
                      const codec_path *path, docbind_error *err)
{
    if (strpbrk(value, "\r\n"))
        return codec_fail(err, path, "header_value", "a header value cannot hold CR or LF");
    codec_pairs h = {&wire->headers, &wire->header_count, &wire->header_cap};
    if (codec_pairs_add(&h, name, strlen(name), value, strlen(value)))
        return codec_oom(err);
    return 0;
}

static int fill_headers(const docbind_message_desc *desc, const void *req, docbind_wire *wire,
                        docbind_error *err)
{
    for (size_t i = 0; i < desc->n_fields; i++) {
        const docbind_field *f = &desc->fields[i];
        if (f->location != DOCBIND_LOC_HEADER || !codec_present(f, req))
            continue;
        codec_path here = {NULL, f->wire_name, 0};
        if (!scalar_kind(f->kind))
            return codec_fail(err, &here, "header_value", "a struct cannot go in a header");
        if (!(f->flags & DOCBIND_F_ARRAY)) {
            char num[40];
            if (add_header(wire, f->wire_name, scalar_text(f, req, num), &here, err))
                return -1;
            continue;
        }
        /* Arrays: one comma-separated value (RFC 9110 list syntax). */
        docbind_wire_pair *items = NULL;
        size_t count = 0, cap = 0;
        codec_pairs pairs = {&items, &count, &cap};
        docbind_field one = *f;
        one.location = DOCBIND_LOC_HEADER;
        docbind_message_desc single = {"", "", 0, &one, 1};
        if (codec_write_query(&single, req, CODEC_LOC(DOCBIND_LOC_HEADER), 0, true, &pairs, err))
            return -1;
        docbind_buffer joined = DOCBIND_BUFFER_INIT;
        int rc = codec_buf_puts(&joined, "");
        for (size_t k = 0; k < count && !rc; k++)
            rc = (k && codec_buf_put(&joined, ",", 1)) || codec_buf_puts(&joined, items[k].value);
        codec_pairs_free(items, count);
        if (rc) {
            docbind_buffer_free(&joined);
            return codec_oom(err);
        }
        rc = add_header(wire, f->wire_name, joined.data, &here, err);
        docbind_buffer_free(&joined);
        if (rc)
            return -1;
    }
    return 0;
}

static bool has_location(const docbind_message_desc *desc, unsigned mask)
{
    for (size_t i = 0; i < desc->n_fields; i++)
        if (mask & CODEC_LOC(desc->fields[i].location))
            return true;
    return false;
}

/* application/x-www-form-urlencoded, RFC 3986 unreserved characters kept. */
static int form_encode(const docbind_wire_pair *pairs, size_t n, docbind_buffer *out)
{
    static const char hex[] = "0123456789ABCDEF";
    if (codec_buf_puts(out, ""))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *parts[2] = {pairs[i].name, pairs[i].value};
        if (i && codec_buf_put(out, "&", 1))
            return -1;
        for (int k = 0; k < 2; k++) {
            if (k && codec_buf_put(out, "=", 1))
                return -1;
            for (const unsigned char *c = (const unsigned char *)parts[k]; *c; c++) {
                if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.' || *c == '~') {
                    if (codec_buf_put(out, c, 1))
                        return -1;
                } else {
                    char esc[3] = {'%', hex[*c >> 4], hex[*c & 15]};
                    if (codec_buf_put(out, esc, 3))
                        return -1;
                }
            }
        }
    }
    return 0;
}

static bool method_has_body(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "DELETE");
}

static int encode(const docbind_action_desc *action, const void *req, docbind_style style,
                  docbind_wire *wire, docbind_error *err)
{
    const docbind_service_desc *svc = action->service;
    const docbind_message_desc *desc = action->request;
    codec_pairs query = {&wire->query, &wire->query_count, &wire->query_cap};
    codec_path root_action = {NULL, "Action", 0};

    wire->method = action->method ? action->method : "POST";
    if (fill_path(action, req, wire, err) || fill_headers(desc, req, wire, err))
        return -1;

    /* Where the action and the API version go: Tencent API 3.0 in headers
     * for a JSON body, in the parameters for the form encoding (signature
     * v1); Tencent API 2.0 (no version) and Alibaba in the parameters;
     * Huawei in the path. */
    bool tencent = svc->protocol == DOCBIND_PROTOCOL_TENCENT;
    if (tencent && style == DOCBIND_STYLE_RPC_JSON) {
        if (add_header(wire, "X-TC-Action", action->name, &root_action, err) ||
            (svc->version && add_header(wire, "X-TC-Version", svc->version, &root_action, err)))
            return -1;
    } else if (svc->protocol != DOCBIND_PROTOCOL_HUAWEI && style == DOCBIND_STYLE_RPC_QUERY) {
        bool version = svc->version && svc->protocol != DOCBIND_PROTOCOL_TENCENT_V2;
        if (codec_pairs_add(&query, "Action", 6, action->name, strlen(action->name)) ||
            (version && codec_pairs_add(&query, "Version", 7, svc->version, strlen(svc->version))))
            return codec_oom(err);
    }

    const unsigned body_mask = CODEC_LOC(DOCBIND_LOC_BODY) | CODEC_LOC(DOCBIND_LOC_NONE);
    const unsigned query_mask = CODEC_LOC(DOCBIND_LOC_QUERY);
    docbind_buffer body = DOCBIND_BUFFER_INIT;
    switch (style) {
    case DOCBIND_STYLE_RPC_JSON:
    case DOCBIND_STYLE_REST_JSON:
        if (codec_write_query(desc, req, query_mask, svc->array_base,
                              style == DOCBIND_STYLE_REST_JSON, &query, err))
            return -1;
        if (style == DOCBIND_STYLE_RPC_JSON || has_location(desc, body_mask)) {
            if (codec_write_json(desc, req, body_mask, &body, err))
                return -1;
            wire->content_type = "application/json";
        }
        break;
    case DOCBIND_STYLE_RPC_QUERY:
        if (!method_has_body(wire->method)) {
            if (codec_write_query(desc, req, body_mask | query_mask, svc->array_base, false,
                                  &query, err))
                return -1;
            break;
        }
        if (codec_write_query(desc, req, query_mask, svc->array_base, false, &query, err))
            return -1;
        docbind_wire_pair *form = NULL;
        size_t count = 0, cap = 0;
        codec_pairs pairs = {&form, &count, &cap};
        if (codec_write_query(desc, req, body_mask, svc->array_base, false, &pairs, err))
            return -1;
        int rc = form_encode(form, count, &body);
        codec_pairs_free(form, count);
        if (rc) {
            docbind_buffer_free(&body);
            return codec_oom(err);
        }
        wire->content_type = "application/x-www-form-urlencoded";
        break;
    }
    wire->body = body.data;
    wire->body_len = body.len;
    return 0;
}

static int encode_checked(const docbind_action_desc *action, const void *request,
                          docbind_style style, docbind_wire *out, docbind_error *err)
{
    if (!action || !request || !out)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "encode: NULL argument");
    docbind_wire_free(out);
    if (docbind_codec_validate(action->request, request, err))
        return -1;
    if (encode(action, request, style, out, err)) {
        docbind_wire_free(out);
        return -1;
    }
    return 0;
}

int docbind_codec_encode(const docbind_action_desc *action, const void *request,
                         docbind_wire *out, docbind_error *err)
{
    return encode_checked(action, request, action ? action->service->style : DOCBIND_STYLE_RPC_JSON,
                          out, err);
}

int docbind_codec_encode_form(const docbind_action_desc *action, const void *request,
                              docbind_wire *out, docbind_error *err)
{
    if (action && action->service->style == DOCBIND_STYLE_REST_JSON)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "encode_form: %s is a REST service", action->service->id);
    return encode_checked(action, request, DOCBIND_STYLE_RPC_QUERY, out, err);
}
