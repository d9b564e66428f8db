/* fixture_wire.c: IR-driven wire encoder (fixture_wire.h). */
#include "fixture_wire.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int fx_pairs_add(fx_pairs *p, const char *name, const char *value)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        fx_pair *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return -1;
        p->items = items;
        p->cap = cap;
    }
    p->items[p->n].name = strdup(name);
    p->items[p->n].value = strdup(value);
    if (!p->items[p->n].name || !p->items[p->n].value) {
        free(p->items[p->n].name);
        free(p->items[p->n].value);
        return -1;
    }
    p->n++;
    return 0;
}

void fx_pairs_free(fx_pairs *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

void fx_wire_free(fx_wire *w)
{
    free(w->path);
    fx_pairs_free(&w->query);
    fx_pairs_free(&w->headers);
    free(w->body);
    fx_pairs_free(&w->form);
    memset(w, 0, sizeof *w);
}

void fx_format_number(char *buf, double v, int integer)
{
    if (v == 0) {
        snprintf(buf, 40, signbit(v) ? "-0" : "0");
    } else if ((integer && fabs(v) < 9.3e18) || (v == floor(v) && fabs(v) < 1e15)) {
        snprintf(buf, 40, "%lld", (long long)v);
    } else {
        snprintf(buf, 40, "%.15g", v);
        if (strtod(buf, NULL) != v)
            snprintf(buf, 40, "%.17g", v);
    }
}

/* The text of a scalar JSON value; NULL for objects, arrays and null. */
static const char *scalar_text(const cJSON *j, int integer, char num[40])
{
    if (cJSON_IsString(j))
        return j->valuestring;
    if (cJSON_IsBool(j))
        return cJSON_IsTrue(j) ? "true" : "false";
    if (cJSON_IsNumber(j)) {
        fx_format_number(num, j->valuedouble, integer);
        return num;
    }
    return NULL;
}

/* ---- Flattening --------------------------------------------------------- */

typedef struct flat {
    fx_pairs *out;
    unsigned base;
    bool repeat; /* scalar arrays as repeated names (REST query) */
} flat;

static int flatten_value(flat *q, const fx_member *f, const cJSON *v, const char *name);

/* Free-form JSON: objects by key, arrays by index. */
static int flatten_json(flat *q, const cJSON *j, const char *name)
{
    char num[40], sub[1024];
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        size_t k = 0;
        for (const cJSON *c = j->child; c; c = c->next, k++) {
            int len = cJSON_IsObject(j)
                          ? snprintf(sub, sizeof sub, "%s%s%s", name, *name ? "." : "", c->string)
                          : snprintf(sub, sizeof sub, "%s%s%zu", name, *name ? "." : "",
                                     k + q->base);
            if (len < 0 || (size_t)len >= sizeof sub)
                return -1;
            if (flatten_json(q, c, sub))
                return -1;
        }
        return 0;
    }
    const char *t = scalar_text(j, 0, num);
    return t ? fx_pairs_add(q->out, name, t) : 0;
}

static int flatten_message(flat *q, const fx_message *msg, const cJSON *obj, const char *prefix,
                           const char *location)
{
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        if (location && strcmp(f->location, location))
            continue;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        if (!v || cJSON_IsNull(v))
            continue;
        char name[1024];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", f->wire);
        if (f->array && cJSON_IsArray(v)) {
            size_t k = 0;
            bool scalar = f->kind != FX_MESSAGE && f->kind != FX_JSON;
            for (const cJSON *c = v->child; c; c = c->next, k++) {
                char item[1024];
                int len = q->repeat && scalar
                              ? snprintf(item, sizeof item, "%s", name)
                              : snprintf(item, sizeof item, "%s.%zu", name, k + q->base);
                if (len < 0 || (size_t)len >= sizeof item)
                    return -1;
                if (cJSON_IsNull(c) && f->kind == FX_MESSAGE)
                    continue;
                if (flatten_value(q, f, c, item))
                    return -1;
            }
        } else if (flatten_value(q, f, v, name)) {
            return -1;
        }
    }
    return 0;
}

static int flatten_value(flat *q, const fx_member *f, const cJSON *v, const char *name)
{
    char num[40];
    if (f->kind == FX_MESSAGE && cJSON_IsObject(v))
        return flatten_message(q, f->message, v, name, NULL);
    if (f->kind == FX_JSON || cJSON_IsObject(v) || cJSON_IsArray(v))
        return flatten_json(q, v, name);
    const char *t = scalar_text(v, f->kind == FX_INT, num);
    return t ? fx_pairs_add(q->out, name, t) : 0;
}

/* ---- JSON bodies -------------------------------------------------------- */

static cJSON *json_value(const fx_member *f, const cJSON *v);

/* Numbers as the codec writes them (raw text), everything else as is. */
static cJSON *json_object(const fx_message *msg, const cJSON *obj)
{
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; out && i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        if (!v || cJSON_IsNull(v))
            continue;
        cJSON *w;
        if (f->array && cJSON_IsArray(v)) {
            w = cJSON_CreateArray();
            for (const cJSON *c = v->child; c; c = c->next)
                cJSON_AddItemToArray(w, cJSON_IsNull(c) && f->kind == FX_MESSAGE
                                            ? cJSON_CreateObject()
                                            : json_value(f, c));
        } else {
            w = json_value(f, v);
        }
        cJSON_AddItemToObject(out, f->wire, w);
    }
    return out;
}

static cJSON *json_value(const fx_member *f, const cJSON *v)
{
    char num[40];
    if (cJSON_IsNull(v))
        return cJSON_CreateNull();
    if (f->kind == FX_JSON) {
        /* kept as the text cJSON prints for it, which is what the codec
         * holds and writes back */
        char *text = cJSON_PrintUnformatted(v);
        cJSON *raw = cJSON_CreateRaw(text ? text : "null");
        free(text);
        return raw;
    }
    if (f->kind == FX_MESSAGE && cJSON_IsObject(v))
        return json_object(f->message, v);
    if (cJSON_IsNumber(v)) {
        fx_format_number(num, v->valuedouble, f->kind == FX_INT);
        return cJSON_CreateRaw(num);
    }
    return cJSON_Duplicate(v, 1);
}

/* ---- The request -------------------------------------------------------- */

static int fill_path(const fx_action *a, const cJSON *params, fx_wire *w, char *err,
                     size_t err_size)
{
    strbuf out = STRBUF_INIT;
    const char *p = a->path;
    while (*p) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            strbuf_puts(&out, p);
            break;
        }
        strbuf_append(&out, p, (size_t)(open - p));
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        const fx_member *f = NULL;
        for (size_t i = 0; i < a->request.n_members && !f; i++)
            if (!strcmp(a->request.members[i].location, "path") &&
                !strcmp(a->request.members[i].wire, name))
                f = &a->request.members[i];
        char num[40];
        const cJSON *v = f && !f->array ? cJSON_GetObjectItemCaseSensitive(params, name) : NULL;
        const char *t = v ? scalar_text(v, f->kind == FX_INT, num) : NULL;
        if (!t || !*t || strchr(t, '/') || !strcmp(t, ".") || !strcmp(t, "..")) {
            snprintf(err, err_size, "path parameter {%s} has no single-segment value", name);
            strbuf_free(&out);
            return -1;
        }
        strbuf_puts(&out, t);
        p = close + 1;
    }
    w->path = strdup(out.len ? out.data : "/");
    strbuf_free(&out);
    return w->path ? 0 : -1;
}

static int add_header(fx_wire *w, const char *name, const char *value, char *err, size_t cap)
{
    if (strpbrk(value, "\r\n")) {
        snprintf(err, cap, "header %s: a value cannot hold CR or LF", name);
        return -1;
    }
    return fx_pairs_add(&w->headers, name, value);
}

static int fill_headers(const fx_action *a, const cJSON *params, fx_wire *w, char *err,
                        size_t cap)
{
    for (size_t i = 0; i < a->request.n_members; i++) {
        const fx_member *f = &a->request.members[i];
        if (strcmp(f->location, "header"))
            continue;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, f->wire);
        if (!v || cJSON_IsNull(v))
            continue;
        /* arrays: the items' texts joined by "," (RFC 9110 list syntax) */
        fx_pairs items = {0};
        fx_message one = {"", (fx_member *)f, 1, 1};
        cJSON *holder = cJSON_CreateObject();
        cJSON_AddItemReferenceToObject(holder, f->wire, (cJSON *)v);
        flat q = {&items, 0, true};
        int rc = flatten_message(&q, &one, holder, "", NULL);
        cJSON_Delete(holder);
        strbuf joined = STRBUF_INIT;
        strbuf_puts(&joined, "");
        for (size_t k = 0; k < items.n; k++) {
            if (k)
                strbuf_puts(&joined, ",");
            strbuf_puts(&joined, items.items[k].value);
        }
        size_t count = items.n;
        fx_pairs_free(&items);
        if (!rc && (count || f->array))
            rc = add_header(w, f->wire, joined.data ? joined.data : "", err, cap);
        strbuf_free(&joined);
        if (rc)
            return -1;
    }
    return 0;
}

static bool method_has_body(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "DELETE");
}

/* application/x-www-form-urlencoded with RFC 3986 unreserved characters kept. */
static char *form_encode(const fx_pairs *pairs)
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf out = STRBUF_INIT;
    strbuf_puts(&out, "");
    for (size_t i = 0; i < pairs->n; i++) {
        const char *parts[2] = {pairs->items[i].name, pairs->items[i].value};
        if (i)
            strbuf_puts(&out, "&");
        for (int k = 0; k < 2; k++) {
            if (k)
                strbuf_puts(&out, "=");
            for (const unsigned char *c = (const unsigned char *)parts[k]; *c; c++) {
                if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.' || *c == '~') {
                    strbuf_append(&out, (const char *)c, 1);
                } else {
                    char esc[3] = {'%', hex[*c >> 4], hex[*c & 15]};
                    strbuf_append(&out, esc, 3);
                }
            }
        }
    }
    return strbuf_take(&out);
}

/* Members that go in the body: "body", and any location the codec does not
 * know (generated as body members). */
static bool body_location(const char *loc)
{
    return strcmp(loc, "query") && strcmp(loc, "path") && strcmp(loc, "header");
}

static bool has_body_members(const fx_message *msg)
{
    for (size_t i = 0; i < msg->n_members; i++)
        if (body_location(msg->members[i].location))
            return true;
    return false;
}

static cJSON *body_json(const fx_message *msg, const cJSON *params)
{
    fx_message body = {msg->name, NULL, 0, 0};
    fx_member *members = calloc(msg->n_members ? msg->n_members : 1, sizeof *members);
    if (!members)
        return NULL;
    for (size_t i = 0; i < msg->n_members; i++)
        if (body_location(msg->members[i].location))
            members[body.n_members++] = msg->members[i];
    body.members = members;
    cJSON *j = json_object(&body, params);
    free(members);
    return j;
}

static int flatten_where(flat *q, const fx_message *msg, const cJSON *params, bool body,
                         bool query)
{
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        bool is_body = body_location(f->location), is_query = !strcmp(f->location, "query");
        if (!((body && is_body) || (query && is_query)))
            continue;
        fx_message one = {"", (fx_member *)f, 1, 1};
        if (flatten_message(q, &one, params, "", NULL))
            return -1;
    }
    return 0;
}

int fx_wire_encode(const fx_model *m, const fx_action *a, const cJSON *params, fx_wire *w,
                   char *err, size_t err_size)
{
    memset(w, 0, sizeof *w);
    w->method = a->method;
    if (fill_path(a, params, w, err, err_size) || fill_headers(a, params, w, err, err_size))
        goto fail;
    bool tencent = !strcmp(m->envelope, "tencent");
    bool rpc_json = !strcmp(m->style, "rpc-json"), rest = !strcmp(m->style, "rest-json");
    if (tencent && rpc_json) {
        if (add_header(w, "X-TC-Action", a->name, err, err_size) ||
            (m->version && add_header(w, "X-TC-Version", m->version, err, err_size)))
            goto fail;
    } else if (strcmp(m->envelope, "huawei") && !rpc_json && !rest) {
        if (fx_pairs_add(&w->query, "Action", a->name) ||
            (m->version && strcmp(m->envelope, "tencent-v2") &&
             fx_pairs_add(&w->query, "Version", m->version)))
            goto oom;
    }
    if (rpc_json || rest) {
        flat q = {&w->query, m->array_base, rest};
        if (flatten_where(&q, &a->request, params, false, true))
            goto oom;
        if (rpc_json || has_body_members(&a->request)) {
            cJSON *body = body_json(&a->request, params);
            w->body = body ? cJSON_PrintUnformatted(body) : NULL;
            cJSON_Delete(body);
            if (!w->body)
                goto oom;
            w->content_type = "application/json";
        }
        return 0;
    }
    flat q = {&w->query, m->array_base, false};
    if (!method_has_body(a->method)) {
        if (flatten_where(&q, &a->request, params, true, true))
            goto oom;
        return 0;
    }
    if (flatten_where(&q, &a->request, params, false, true))
        goto oom;
    fx_pairs form = {0};
    flat f = {&form, m->array_base, false};
    if (flatten_where(&f, &a->request, params, true, false)) {
        fx_pairs_free(&form);
        goto oom;
    }
    w->body = form_encode(&form);
    w->form = form;
    w->content_type = "application/x-www-form-urlencoded";
    return w->body ? 0 : -1;
oom:
    snprintf(err, err_size, "out of memory");
fail:
    fx_wire_free(w);
    return -1;
}
