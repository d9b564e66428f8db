/* fixture_model.c: IR service -> the bindings' view of its messages
 * (fixture_model.h). The rules mirror generator/codegen_context.c, which
 * docs/codegen.md describes: kinds, required members, checked limits. */
#include "fixture_model.h"

#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "rx.h"

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *limit_of(const cJSON *param, const char *kind)
{
    const cJSON *l =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(param, "limits"), kind);
    return cJSON_IsObject(l) ? l : NULL;
}

static bool enforced(const cJSON *param, const char *kind)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(limit_of(param, kind), "enforce"));
}

static bool limit_number(const cJSON *param, const char *kind, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(limit_of(param, kind), "value");
    if (!cJSON_IsNumber(v))
        return false;
    *out = v->valuedouble;
    return true;
}

static const cJSON *enum_values(const cJSON *param)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(limit_of(param, "enum"), "values");
    return cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0 ? v : NULL;
}

/* A count limit the bindings check: a whole number from 0 to 1e15. */
static bool count_ok(double v)
{
    return v >= 0 && v <= 1e15 && (double)(long long)v == v;
}

static fx_message *find_struct(fx_message *structs, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (!strcmp(structs[i].name, name))
            return &structs[i];
    return NULL;
}

static const char *leaf_of(const char *name)
{
    const char *leaf = name;
    for (const char *p = strstr(name, "::"); p; p = strstr(p + 2, "::"))
        leaf = p + 2;
    return leaf;
}

/* Members of `params` whose name is `prefix` + "::" + a name without "::"
 * (prefix NULL: names without "::"), in IR order, into msg. */
static void add_members(fx_model *m, fx_message *msg, const cJSON *params, const char *prefix,
                        bool request, fx_message *structs, size_t n_structs);

static void fill_member(fx_model *m, fx_member *f, const cJSON *p, const cJSON *params,
                        bool request, fx_message *structs, size_t n_structs)
{
    const char *name = jstr(p, "name");
    const char *type = jstr(p, "type");
    const char *loc = request ? jstr(p, "location") : "none";
    f->param = p;
    f->wire = leaf_of(name);
    f->type = type ? type : "string";
    f->location = loc ? loc : "body";
    f->array = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "array"));
    bool in_path = request && !strcmp(f->location, "path");
    f->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "required")) || in_path;
    f->example = jstr(p, "example");

    /* Children named "<name>::member" make a struct of their own. */
    char *prefix = arena_printf(&m->mem, "%s::", name);
    bool has_children = false;
    const cJSON *q;
    cJSON_ArrayForEach(q, params)
    {
        const char *qn = jstr(q, "name");
        if (qn && !strncmp(qn, prefix, strlen(prefix)) && !strstr(qn + strlen(prefix), "::"))
            has_children = true;
    }
    if (has_children) {
        fx_message *sub = arena_alloc(&m->mem, sizeof *sub);
        sub->name = name;
        add_members(m, sub, params, name, false, structs, n_structs);
        f->kind = FX_MESSAGE;
        f->message = sub;
    } else if (!strcmp(f->type, "object")) {
        const fx_message *target = find_struct(structs, n_structs, jstr(p, "ref"));
        f->kind = target ? FX_MESSAGE : FX_JSON;
        f->message = target;
    } else if (!strcmp(f->type, "integer")) {
        f->kind = FX_INT;
    } else if (!strcmp(f->type, "number") || !strcmp(f->type, "float") ||
               !strcmp(f->type, "double")) {
        f->kind = FX_DOUBLE;
    } else if (!strcmp(f->type, "boolean")) {
        f->kind = FX_BOOL;
    } else {
        f->kind = !f->array && enum_values(p) ? FX_ENUM : FX_STRING;
    }

    const cJSON *values = enum_values(p);
    if (values && (f->kind == FX_ENUM || f->kind == FX_STRING)) {
        f->enum_values = arena_alloc(&m->mem, (size_t)cJSON_GetArraySize(values) * sizeof(char *));
        const cJSON *v;
        cJSON_ArrayForEach(v, values)
        {
            const char *s = jstr(v, "value");
            if (s)
                f->enum_values[f->n_enum_values++] = s;
        }
        if (enforced(p, "enum") && f->n_enum_values)
            f->limits |= FX_L_ENUM;
    }
    double v;
    if (f->array && enforced(p, "max_items") && limit_number(p, "max_items", &v) && count_ok(v))
        f->limits |= FX_L_MAX_ITEMS, f->max_items = v;
    if (f->array && enforced(p, "min_items") && limit_number(p, "min_items", &v) && count_ok(v))
        f->limits |= FX_L_MIN_ITEMS, f->min_items = v;
    if (f->kind == FX_INT || f->kind == FX_DOUBLE) {
        if (enforced(p, "maximum") && limit_number(p, "maximum", &v))
            f->limits |= FX_L_MAXIMUM, f->maximum = v;
        if (enforced(p, "minimum") && limit_number(p, "minimum", &v))
            f->limits |= FX_L_MINIMUM, f->minimum = v;
        if (enforced(p, "exclusive_minimum") && limit_number(p, "exclusive_minimum", &v))
            f->limits |= FX_L_EXCLUSIVE_MINIMUM, f->exclusive_minimum = v;
    }
    if (f->kind == FX_STRING) {
        if (enforced(p, "max_length") && limit_number(p, "max_length", &v) && count_ok(v))
            f->limits |= FX_L_MAX_LENGTH, f->max_length = v;
        if (enforced(p, "min_length") && limit_number(p, "min_length", &v) && count_ok(v))
            f->limits |= FX_L_MIN_LENGTH, f->min_length = v;
        const char *pattern = jstr(limit_of(p, "pattern"), "value");
        if (enforced(p, "pattern") && pattern)
            f->limits |= FX_L_PATTERN, f->pattern = pattern;
    }
}

static void add_members(fx_model *m, fx_message *msg, const cJSON *params, const char *prefix,
                        bool request, fx_message *structs, size_t n_structs)
{
    size_t plen = prefix ? strlen(prefix) : 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, params)
    {
        const char *name = jstr(p, "name");
        if (!name)
            continue;
        if (prefix) {
            if (strncmp(name, prefix, plen) || strncmp(name + plen, "::", 2) ||
                strstr(name + plen + 2, "::"))
                continue;
        } else if (strstr(name, "::")) {
            continue;
        }
        fx_member *f = ARENA_PUSH(&m->mem, msg->members, msg->n_members, msg->cap_members);
        memset(f, 0, sizeof *f);
        fill_member(m, f, p, params, request, structs, n_structs);
    }
}

/* The legacy Tencent envelope members are not members of the response
 * struct (ir_is_tencent_v2_envelope_member; the generated code agrees). */
static void drop_v2_envelope_members(fx_message *msg)
{
    size_t kept = 0;
    for (size_t i = 0; i < msg->n_members; i++) {
        if (ir_is_tencent_v2_envelope_member(msg->members[i].wire))
            continue;
        msg->members[kept++] = msg->members[i];
    }
    msg->n_members = kept;
}

int fx_model_build(fx_model *m, const cJSON *service, char *err, size_t err_size)
{
    memset(m, 0, sizeof *m);
    m->service = service;
    m->id = jstr(service, "id");
    m->vendor = jstr(service, "vendor");
    m->version = jstr(service, "version");
    m->endpoint = jstr(service, "endpoint");
    const cJSON *protocol = cJSON_GetObjectItemCaseSensitive(service, "protocol");
    m->style = jstr(protocol, "style");
    m->envelope = jstr(protocol, "envelope");
    if (!m->id) {
        snprintf(err, err_size, "a service has no \"id\"");
        return -1;
    }
    if (!m->style || (strcmp(m->style, "rpc-json") && strcmp(m->style, "rpc-query") &&
                      strcmp(m->style, "rest-json"))) {
        snprintf(err, err_size, "service %s: unknown protocol style '%s'", m->id,
                 m->style ? m->style : "(none)");
        return -1;
    }
    if (!m->envelope ||
        (strcmp(m->envelope, "tencent") && strcmp(m->envelope, "tencent-v2") &&
         strcmp(m->envelope, "huawei") && strcmp(m->envelope, "aliyun"))) {
        snprintf(err, err_size, "service %s: unknown protocol envelope '%s'", m->id,
                 m->envelope ? m->envelope : "(none)");
        return -1;
    }
    m->array_base = !strcmp(m->envelope, "aliyun") ? 1 : 0;

    /* Structs first (all of them, so references resolve in any order). */
    const cJSON *structs = cJSON_GetObjectItemCaseSensitive(service, "structs");
    size_t n_structs = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, structs) n_structs++;
    fx_message *msgs = arena_alloc(&m->mem, (n_structs ? n_structs : 1) * sizeof *msgs);
    size_t k = 0;
    cJSON_ArrayForEach(s, structs) msgs[k++].name = jstr(s, "name") ? jstr(s, "name") : "";
    k = 0;
    cJSON_ArrayForEach(s, structs)
    {
        add_members(m, &msgs[k], cJSON_GetObjectItemCaseSensitive(s, "members"), NULL, false,
                    msgs, n_structs);
        k++;
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(service, "actions"))
    {
        fx_action *act = ARENA_PUSH(&m->mem, m->actions, m->n_actions, m->cap_actions);
        memset(act, 0, sizeof *act);
        act->ir = a;
        act->name = jstr(a, "name") ? jstr(a, "name") : "";
        const cJSON *http = cJSON_GetObjectItemCaseSensitive(a, "http");
        act->method = jstr(http, "method") ? jstr(http, "method") : "POST";
        act->path = jstr(http, "path") ? jstr(http, "path") : "/";
        act->request.name = arena_printf(&m->mem, "%s request", act->name);
        act->response.name = arena_printf(&m->mem, "%s response", act->name);
        add_members(m, &act->request, cJSON_GetObjectItemCaseSensitive(a, "input"), NULL, true,
                    msgs, n_structs);
        add_members(m, &act->response, cJSON_GetObjectItemCaseSensitive(a, "output"), NULL, false,
                    msgs, n_structs);
        if (!strcmp(m->envelope, "tencent-v2"))
            drop_v2_envelope_members(&act->response);
    }
    return 0;
}

void fx_model_free(fx_model *m)
{
    if (m)
        arena_free(&m->mem);
}

const fx_member *fx_member_find(const fx_message *msg, const char *wire)
{
    for (size_t i = 0; msg && i < msg->n_members; i++)
        if (!strcmp(msg->members[i].wire, wire))
            return &msg->members[i];
    return NULL;
}

int fx_pattern_match(const char *pattern, const char *s)
{
    rx *r = rx_compile(pattern, NULL, 0);
    if (!r)
        return -1;
    int m = rx_test(r, s) ? 1 : 0;
    rx_free(r);
    return m;
}

size_t fx_utf8_length(const char *s)
{
    size_t bad;
    if (!rx_valid_utf8(s, strlen(s), &bad))
        return (size_t)-1;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}
