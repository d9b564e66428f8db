/* docbind_codec.c: paths, buffers, number and UTF-8 helpers, validation,
 * freeing, and lookups in service descriptors. */
#include "docbind_codec.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_codec_internal.h"

/* ---- Errors and paths --------------------------------------------------- */

char *codec_path_format(const codec_path *path)
{
    size_t n = 0, len = 0;
    for (const codec_path *p = path; p; p = p->parent) {
        n++;
        len += p->name ? strlen(p->name) + 1 : 22;
    }
    const codec_path **steps = malloc((n ? n : 1) * sizeof *steps);
    char *out = malloc(len + 1);
    if (!steps || !out) {
        free(steps);
        free(out);
        return NULL;
    }
    size_t i = n;
    for (const codec_path *p = path; p; p = p->parent)
        steps[--i] = p;
    size_t at = 0;
    for (i = 0; i < n; i++) {
        if (steps[i]->name) {
            if (at)
                out[at++] = '.';
            size_t k = strlen(steps[i]->name);
            memcpy(out + at, steps[i]->name, k);
            at += k;
        } else {
            at += (size_t)snprintf(out + at, len + 1 - at, "[%zu]", steps[i]->index);
        }
    }
    out[at] = '\0';
    free(steps);
    return out;
}

int codec_oom(docbind_error *err)
{
    return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
}

int codec_fail(docbind_error *err, const codec_path *path, const char *rule, const char *fmt, ...)
{
    if (!err)
        return -1;
    char *where = codec_path_format(path);
    if (!where)
        return codec_oom(err);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    docbind_error_set_validation(err, where, rule, "%s%s%s", where, *where ? ": " : "", msg);
    free(where);
    return -1;
}

int codec_parse_fail(docbind_error *err, const codec_path *path, const char *fmt, ...)
{
    if (!err)
        return -1;
    char *where = codec_path_format(path);
    if (!where)
        return codec_oom(err);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s%s%s", *where ? where : "response",
                      ": ", msg);
    /* The path of the bad value is kept like a validation path. */
    free(err->param_path);
    err->param_path = *where ? where : NULL;
    if (!*where)
        free(where);
    return -1;
}

/* ---- Buffers ------------------------------------------------------------ */

int codec_buf_reserve(docbind_buffer *b, size_t extra)
{
    if (extra >= SIZE_MAX / 2 - b->len)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int codec_buf_puts(docbind_buffer *b, const char *s)
{
    return codec_buf_put(b, s, strlen(s));
}

void docbind_buffer_free(docbind_buffer *buf)
{
    if (!buf)
        return;
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

void codec_pairs_free(docbind_wire_pair *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(items[i].name);
        free(items[i].value);
    }
    free(items);
}

void docbind_wire_free(docbind_wire *wire)
{
    if (!wire)
        return;
    free(wire->path);
    codec_pairs_free(wire->query, wire->query_count);
    codec_pairs_free(wire->headers, wire->header_count);
    free(wire->body);
    *wire = (docbind_wire)DOCBIND_WIRE_INIT;
}

/* ---- Numbers ------------------------------------------------------------ */

size_t codec_format_int(char *buf, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t at = 0;
    if (v < 0)
        buf[at++] = '-';
    while (n)
        buf[at++] = tmp[--n];
    buf[at] = '\0';
    return at;
}

/* libm is not linked: the few roundings needed are done here. Both take a
 * finite value within the int64 range. */
static double trunc_int(double v)
{
    return (double)(int64_t)v;
}

bool codec_is_integral(double v)
{
    return isfinite(v) && v > -9223372036854775808.0 && v < 9223372036854775808.0 &&
           trunc_int(v) == v;
}

size_t codec_format_double(char *buf, double v)
{
    if (v == 0)
        return (size_t)snprintf(buf, 32, signbit(v) ? "-0" : "0");
    if (codec_is_integral(v) && v < 1e15 && v > -1e15)
        return codec_format_int(buf, (int64_t)v);
    int n = snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v)
        n = snprintf(buf, 32, "%.17g", v);
    return (size_t)n;
}

bool codec_int_gt(int64_t v, double limit)
{
    if (isnan(limit) || limit >= 9223372036854775808.0)
        return false;
    if (limit < -9223372036854775808.0)
        return true;
    /* For an integer v: v > limit exactly when v > floor(limit). */
    int64_t t = (int64_t)limit;
    if ((double)t > limit)
        t--;
    return v > t;
}

bool codec_int_lt(int64_t v, double limit)
{
    if (isnan(limit) || limit < -9223372036854775808.0)
        return false;
    if (limit >= 9223372036854775808.0)
        return true;
    int64_t t = (int64_t)limit;
    if ((double)t < limit)
        t++;
    return v < t;
}

/* ---- UTF-8 -------------------------------------------------------------- */

size_t codec_utf8_sequence(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

size_t codec_utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s), count = 0;
    while (left) {
        size_t k = *p < 0x80 ? 1 : codec_utf8_sequence(p, left);
        if (!k)
            return (size_t)-1;
        p += k;
        left -= k;
        count++;
    }
    return count;
}

/* ---- Members ------------------------------------------------------------ */

size_t codec_item_size(const docbind_field *f)
{
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
    case DOCBIND_KIND_JSON:
        return sizeof(const char *);
    case DOCBIND_KIND_INT:
        return sizeof(int64_t);
    case DOCBIND_KIND_DOUBLE:
        return sizeof(double);
    case DOCBIND_KIND_BOOL:
        return sizeof(bool);
    case DOCBIND_KIND_ENUM:
        return sizeof(int);
    case DOCBIND_KIND_MESSAGE:
        return f->message->size;
    }
    return 1;
}

bool codec_present(const docbind_field *f, const void *msg)
{
    if (f->flags & DOCBIND_F_ARRAY)
        return codec_items(f, msg) != NULL;
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
    case DOCBIND_KIND_JSON:
    case DOCBIND_KIND_MESSAGE:
        return *(const void *const *)codec_at(msg, f->offset) != NULL;
    default:
        if (f->flags & DOCBIND_F_PRESENCE)
            return *(const bool *)codec_at(msg, f->presence_offset);
        return true;
    }
}

/* ---- Validation --------------------------------------------------------- */

static int validate_message(const docbind_message_desc *desc, const void *msg,
                            const codec_path *path, int depth, docbind_error *err);

static int validate_string(const docbind_field *f, const char *s, const codec_path *path,
                           docbind_error *err)
{
    const docbind_limits *l = f->limits;
    if (!l)
        return 0;
    if (l->set & (DOCBIND_L_MAX_LENGTH | DOCBIND_L_MIN_LENGTH | DOCBIND_L_PATTERN)) {
        size_t n = codec_utf8_length(s);
        if (n == (size_t)-1)
            return codec_fail(err, path, "utf8", "not valid UTF-8");
        if ((l->set & DOCBIND_L_MAX_LENGTH) && n > l->max_length)
            return codec_fail(err, path, "max_length",
                              "%zu characters, at most %zu allowed", n, l->max_length);
        if ((l->set & DOCBIND_L_MIN_LENGTH) && n < l->min_length)
            return codec_fail(err, path, "min_length",
                              "%zu characters, at least %zu required", n, l->min_length);
    }
    if ((l->set & DOCBIND_L_ENUM) && f->enumeration &&
        !docbind_enum_from_string(f->enumeration, s))
        return codec_fail(err, path, "enum", "\"%.64s\" is not one of the documented values", s);
    if ((l->set & DOCBIND_L_PATTERN) && l->pattern) {
        int m = codec_pattern_match(l->pattern, s, path, err);
        if (m < 0)
            return -1;
        if (!m)
            return codec_fail(err, path, "pattern", "\"%.64s\" does not match %s", s,
                              l->pattern->source);
    }
    return 0;
}

static int validate_double_range(const docbind_limits *l, double v, const codec_path *path,
                                  docbind_error *err)
{
    if ((l->set & DOCBIND_L_MAXIMUM) && v > l->maximum)
        return codec_fail(err, path, "maximum", "%g is above the maximum %g", v, l->maximum);
    if ((l->set & DOCBIND_L_MINIMUM) && v < l->minimum)
        return codec_fail(err, path, "minimum", "%g is below the minimum %g", v, l->minimum);
    if ((l->set & DOCBIND_L_EXCLUSIVE_MINIMUM) && !(v > l->exclusive_minimum))
        return codec_fail(err, path, "exclusive_minimum", "%g must be greater than %g", v,
                          l->exclusive_minimum);
    return 0;
}

static int validate_value(const docbind_field *f, const void *value, const void *raw_slot,
                          const codec_path *path, int depth, docbind_error *err)
{
    const docbind_limits *l = f->limits;
    switch (f->kind) {
    case DOCBIND_KIND_STRING: {
        const char *s = *(const char *const *)value;
        if (!s)
            return codec_fail(err, path, "required", "NULL item");
        return validate_string(f, s, path, err);
    }
    case DOCBIND_KIND_JSON: {
        const char *s = *(const char *const *)value;
        if (!s)
            return codec_fail(err, path, "required", "NULL item");
        cJSON *j = cJSON_ParseWithOpts(s, NULL, 1);
        if (!j)
            return codec_fail(err, path, "json", "not a JSON value");
        cJSON_Delete(j);
        return 0;
    }
    case DOCBIND_KIND_INT: {
        int64_t v = *(const int64_t *)value;
        if (!l)
            return 0;
        if ((l->set & DOCBIND_L_MAXIMUM) && codec_int_gt(v, l->maximum))
            return codec_fail(err, path, "maximum", "%lld is above the maximum %.17g",
                              (long long)v, l->maximum);
        if ((l->set & DOCBIND_L_MINIMUM) && codec_int_lt(v, l->minimum))
            return codec_fail(err, path, "minimum", "%lld is below the minimum %.17g",
                              (long long)v, l->minimum);
        if ((l->set & DOCBIND_L_EXCLUSIVE_MINIMUM) && !codec_int_gt(v, l->exclusive_minimum))
            return codec_fail(err, path, "exclusive_minimum", "%lld must be greater than %.17g",
                              (long long)v, l->exclusive_minimum);
        return 0;
    }
    case DOCBIND_KIND_DOUBLE: {
        double v = *(const double *)value;
        if (!isfinite(v))
            return codec_fail(err, path, "finite", "not a finite number");
        return l ? validate_double_range(l, v, path, err) : 0;
    }
    case DOCBIND_KIND_BOOL:
        return 0;
    case DOCBIND_KIND_ENUM: {
        int v = *(const int *)value;
        const char *raw = raw_slot ? *(const char *const *)raw_slot : NULL;
        if (v < 0 || (size_t)v > f->enumeration->n_values)
            return codec_fail(err, path, "enum", "%d is not a value of %s", v,
                              f->enumeration->name);
        if (v == 0) {
            if (!raw)
                return codec_fail(err, path, "enum", "unknown value with no raw string");
            if (l && (l->set & DOCBIND_L_ENUM))
                return codec_fail(err, path, "enum",
                                  "\"%.64s\" is not one of the documented values", raw);
            if (codec_utf8_length(raw) == (size_t)-1)
                return codec_fail(err, path, "utf8", "not valid UTF-8");
        }
        return 0;
    }
    case DOCBIND_KIND_MESSAGE: {
        const void *sub = f->flags & DOCBIND_F_ARRAY ? value : *(const void *const *)value;
        if (depth >= DOCBIND_CODEC_MAX_DEPTH)
            return codec_fail(err, path, "depth", "nested more than %d levels",
                              DOCBIND_CODEC_MAX_DEPTH);
        return validate_message(f->message, sub, path, depth + 1, err);
    }
    }
    return codec_fail(err, path, "type", "bad descriptor");
}

static int validate_field(const docbind_field *f, const void *msg, const codec_path *parent,
                          int depth, docbind_error *err)
{
    codec_path here = {parent, f->wire_name, 0};
    if (f->flags & DOCBIND_F_ARRAY) {
        const char *items = codec_items(f, msg);
        size_t n = codec_count(f, msg);
        if (!items) {
            if (n)
                return codec_fail(err, &here, "count", "%zu items but a NULL pointer", n);
            if (f->flags & DOCBIND_F_REQUIRED)
                return codec_fail(err, &here, "required", "required parameter missing");
            return 0;
        }
        const docbind_limits *l = f->limits;
        if (l && (l->set & DOCBIND_L_MAX_ITEMS) && n > l->max_items)
            return codec_fail(err, &here, "max_items", "%zu items, at most %zu allowed", n,
                              l->max_items);
        if (l && (l->set & DOCBIND_L_MIN_ITEMS) && n < l->min_items)
            return codec_fail(err, &here, "min_items", "%zu items, at least %zu required", n,
                              l->min_items);
        size_t size = codec_item_size(f);
        for (size_t i = 0; i < n; i++) {
            codec_path item = {&here, NULL, i};
            if (validate_value(f, items + i * size, NULL, &item, depth, err))
                return -1;
        }
        return 0;
    }
    if (!codec_present(f, msg)) {
        if (f->flags & DOCBIND_F_REQUIRED)
            return codec_fail(err, &here, "required", "required parameter missing");
        return 0;
    }
    return validate_value(f, codec_at(msg, f->offset),
                          f->kind == DOCBIND_KIND_ENUM ? codec_at(msg, f->raw_offset) : NULL,
                          &here, depth, err);
}

static int validate_message(const docbind_message_desc *desc, const void *msg,
                            const codec_path *path, int depth, docbind_error *err)
{
    for (size_t i = 0; i < desc->n_fields; i++)
        if (validate_field(&desc->fields[i], msg, path, depth, err))
            return -1;
    return 0;
}

int docbind_codec_validate(const docbind_message_desc *desc, const void *msg, docbind_error *err)
{
    if (!desc || !msg)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "validate: NULL argument");
    return validate_message(desc, msg, NULL, 0, err);
}

/* ---- Freeing ------------------------------------------------------------ */

static void free_message(const docbind_message_desc *desc, void *msg);

static void free_value(const docbind_field *f, void *value)
{
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
    case DOCBIND_KIND_JSON:
        free(*(void **)value);
        break;
    case DOCBIND_KIND_MESSAGE:
        if (f->flags & DOCBIND_F_ARRAY) {
            free_message(f->message, value);
        } else if (*(void **)value) {
            free_message(f->message, *(void **)value);
            free(*(void **)value);
        }
        break;
    default:
        break;
    }
}

static void free_message(const docbind_message_desc *desc, void *msg)
{
    for (size_t i = 0; i < desc->n_fields; i++) {
        const docbind_field *f = &desc->fields[i];
        if (f->flags & DOCBIND_F_ARRAY) {
            char *items = *(void **)codec_at_mut(msg, f->offset);
            if (items) {
                size_t n = codec_count(f, msg), size = codec_item_size(f);
                for (size_t k = 0; k < n; k++)
                    free_value(f, items + k * size);
                free(items);
            }
        } else {
            free_value(f, codec_at_mut(msg, f->offset));
            if (f->kind == DOCBIND_KIND_ENUM)
                free(*(void **)codec_at_mut(msg, f->raw_offset));
        }
    }
    memset(msg, 0, desc->size);
}

void docbind_codec_free(const docbind_message_desc *desc, void *msg)
{
    if (desc && msg)
        free_message(desc, msg);
}

/* ---- Lookups ------------------------------------------------------------ */

const char *docbind_enum_to_string(const docbind_enum_desc *desc, int value)
{
    if (!desc || value < 1 || (size_t)value > desc->n_values)
        return NULL;
    return desc->values[value - 1];
}

int docbind_enum_from_string(const docbind_enum_desc *desc, const char *s)
{
    if (!desc || !s)
        return 0;
    for (size_t i = 0; i < desc->n_values; i++)
        if (!strcmp(desc->values[i], s))
            return (int)i + 1;
    return 0;
}

int docbind_service_error_index(const docbind_service_desc *service, const char *code)
{
    if (!service || !code)
        return -1;
    for (size_t i = 0; i < service->n_errors; i++)
        if (!strcmp(service->errors[i].code, code))
            return (int)i;
    return -1;
}

const docbind_action_desc *docbind_service_action(const docbind_service_desc *service,
                                                  const char *name)
{
    if (!service || !name)
        return NULL;
    for (size_t i = 0; i < service->n_actions; i++)
        if (!strcmp(service->actions[i]->name, name))
            return service->actions[i];
    return NULL;
}

const docbind_service_desc *docbind_codec_find_service(const docbind_service_desc *const *services,
                                                       size_t n, const char *id)
{
    if (!services || !id || !*id)
        return NULL;
    const docbind_service_desc *by_suffix = NULL;
    size_t suffix_matches = 0, idlen = strlen(id);
    for (size_t i = 0; i < n; i++) {
        const char *sid = services[i]->id;
        if (strcmp(sid, id) == 0)
            return services[i];
        size_t slen = strlen(sid);
        if (slen > idlen && sid[slen - idlen - 1] == '.' && strcmp(sid + slen - idlen, id) == 0) {
            by_suffix = services[i];
            suffix_matches++;
        }
    }
    return suffix_matches == 1 ? by_suffix : NULL;
}

const docbind_action_desc *docbind_codec_find_action(const docbind_service_desc *service,
                                                     const char *name)
{
    if (!service || !name)
        return NULL;
    for (size_t i = 0; i < service->n_actions; i++)
        if (strcmp(service->actions[i]->name, name) == 0)
            return service->actions[i];
    return NULL;
}
