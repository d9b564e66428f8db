/* Decoded request pieces: name/value lists, url-encoded forms, headers. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "mock_internal.h"

int dbm_kvs_add(dbm_kvs *kvs, const char *name, size_t nlen, const char *value, size_t vlen)
{
    if (kvs->count == kvs->cap) {
        size_t cap = kvs->cap ? kvs->cap * 2 : 16;
        dbm_kv *p = realloc(kvs->items, cap * sizeof *p);
        if (!p)
            return -1;
        kvs->items = p;
        kvs->cap = cap;
    }
    char *n = malloc(nlen + 1);
    char *v = malloc(vlen + 1);
    if (!n || !v) {
        free(n);
        free(v);
        return -1;
    }
    if (nlen)
        memcpy(n, name, nlen);
    n[nlen] = '\0';
    if (vlen)
        memcpy(v, value, vlen);
    v[vlen] = '\0';
    kvs->items[kvs->count].name = n;
    kvs->items[kvs->count].value = v;
    kvs->count++;
    return 0;
}

const char *dbm_kvs_get(const dbm_kvs *kvs, const char *name)
{
    for (size_t i = 0; i < kvs->count; i++)
        if (!strcmp(kvs->items[i].name, name))
            return kvs->items[i].value;
    return NULL;
}

const char *dbm_kvs_get_ci(const dbm_kvs *kvs, const char *name)
{
    for (size_t i = 0; i < kvs->count; i++)
        if (!strcasecmp(kvs->items[i].name, name))
            return kvs->items[i].value;
    return NULL;
}

void dbm_kvs_free(dbm_kvs *kvs)
{
    for (size_t i = 0; i < kvs->count; i++) {
        free(kvs->items[i].name);
        free(kvs->items[i].value);
    }
    free(kvs->items);
    memset(kvs, 0, sizeof *kvs);
}

/* Decodes s[len] (NUL-terminated at len) in place with libmicrohttpd's
 * unescaper; returns the new length. */
static size_t decode_span(char *s, size_t len, int plus_is_space)
{
    s[len] = '\0';
    if (plus_is_space)
        for (size_t i = 0; i < len; i++)
            if (s[i] == '+')
                s[i] = ' ';
    return MHD_http_unescape(s);
}

size_t dbm_percent_decode(char *s)
{
    return decode_span(s, strlen(s), 0);
}

int dbm_parse_urlencoded(dbm_kvs *out, const char *s, size_t len, size_t max)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && s[end] != '&')
            end++;
        if (end > i) {
            if (out->count >= max)
                return -2;
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            size_t nlen = eq - i;
            size_t vlen = eq < end ? end - eq - 1 : 0;
            char *tmp = malloc(nlen + vlen + 2);
            if (!tmp)
                return -1;
            memcpy(tmp, s + i, nlen);
            if (vlen)
                memcpy(tmp + nlen + 1, s + eq + 1, vlen);
            size_t dn = decode_span(tmp, nlen, 1);
            size_t dv = decode_span(tmp + nlen + 1, vlen, 1);
            /* A %00 ends the C string: keep what precedes it. */
            dn = strnlen(tmp, dn);
            dv = strnlen(tmp + nlen + 1, dv);
            int rc = dbm_kvs_add(out, tmp, dn, tmp + nlen + 1, dv);
            free(tmp);
            if (rc)
                return -1;
        }
        i = end + 1;
    }
    return 0;
}

void dbm_request_free(dbm_request *r)
{
    if (!r)
        return;
    free(r->uri);
    free(r->path);
    for (size_t i = 0; i < r->segment_count; i++)
        free(r->segments[i]);
    free(r->segments);
    free(r->raw_query);
    dbm_kvs_free(&r->query);
    dbm_kvs_free(&r->headers);
    dbm_kvs_free(&r->form);
    dbm_kvs_free(&r->path_params);
    free(r->body);
    memset(r, 0, sizeof *r);
}

const char *dbm_request_header(const dbm_request *r, const char *name)
{
    return dbm_kvs_get_ci(&r->headers, name);
}

const char *dbm_request_param(const dbm_request *r, const char *name)
{
    const char *v = dbm_kvs_get(&r->query, name);
    return v ? v : dbm_kvs_get(&r->form, name);
}

static int content_type_is(const dbm_request *r, const char *type)
{
    const char *ct = dbm_request_header(r, "Content-Type");
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strlen(type);
    return strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int dbm_request_is_json(const dbm_request *r)
{
    if (content_type_is(r, "application/json"))
        return 1;
    const char *ct = dbm_request_header(r, "Content-Type");
    if (!ct)
        return 0;
    size_t len = strcspn(ct, "; ");
    return len >= 5 && strncasecmp(ct + len - 5, "+json", 5) == 0;
}

int dbm_request_is_form(const dbm_request *r)
{
    return content_type_is(r, "application/x-www-form-urlencoded");
}
