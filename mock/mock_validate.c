/* Request parameters against the IR: presence, types, enforced limits.
 *
 * Parameters arrive either as JSON (a body object: types are JSON types)
 * or as strings (query, form, path, headers: "flat" values, where a number
 * is its decimal text and arrays / structs are spelled Name.N / Name.Member
 * as Tencent and Alibaba do). Flat values are first assembled into a cJSON
 * tree following the parameter's schema, then both kinds go through the
 * same checks, flat strings being read as the declared scalar type. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"

typedef struct vctx {
    const dbm_model *m;
    const dbm_service *s;
    dbm_check *out;
    int numeric_strings; /* a JSON string may carry a number (Tencent) */
} vctx;

static int fail(vctx *v, dbm_fail kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(vctx *v, dbm_fail kind, const char *fmt, ...)
{
    v->out->fail = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->out->message, sizeof v->out->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* Where a value sits ("Message[3].Body"): a chain of nodes on the stack,
 * rendered only when a check fails, as most values pass. */
typedef struct vpath {
    const struct vpath *up;
    const char *name; /* a member or a top-level name; NULL: an element */
    int index;
} vpath;

static size_t path_render(const vpath *p, char *out, size_t cap)
{
    size_t n = p->up ? path_render(p->up, out, cap) : 0;
    int w;
    if (p->name)
        w = snprintf(out + n, cap - n, "%s%s", p->up ? "." : "", p->name);
    else
        w = snprintf(out + n, cap - n, "[%d]", p->index);
    if (w < 0)
        return n;
    return n + (size_t)w < cap ? n + (size_t)w : cap - 1;
}

static int failp(vctx *v, dbm_fail kind, const vpath *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* fail() with the value's path in front: "PATH: message". */
static int failp(vctx *v, dbm_fail kind, const vpath *path, const char *fmt, ...)
{
    char where[512];
    path_render(path, where, sizeof where);
    char what[sizeof v->out->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fail(v, kind, "%s: %s", where, what);
}

int dbm_json_depth(const unsigned char *s, size_t len, int limit)
{
    int depth = 0, max = 0;
    const unsigned char *p = s, *end = s + len;
    while (p < end) {
        unsigned char c = *p++;
        if (c == '"') {
            /* Skip the string: memchr finds its end far faster than a
             * byte loop, which matters for megabyte bodies of strings. */
            for (;;) {
                const unsigned char *q = memchr(p, '"', (size_t)(end - p));
                if (!q)
                    return max; /* unterminated: cJSON rejects it */
                const unsigned char *b = q;
                while (b > p && b[-1] == '\\')
                    b--;
                p = q + 1;
                if (((q - b) & 1) == 0)
                    break; /* an even run of backslashes: the quote ends it */
            }
        } else if (c == '[' || c == '{') {
            if (++depth > max) {
                max = depth;
                if (max > limit)
                    return max;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return max;
}

/* ---- limits ------------------------------------------------------------ */

/* `limits` is a parameter's "limits" object (NULL: none), looked up once
 * per value by check_value. */
static const cJSON *enforced(const cJSON *limits, const char *kind)
{
    if (!limits)
        return NULL;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(limits, kind);
    return l && dbm_json_true(l, "enforce") ? l : NULL;
}

static int limit_number(const cJSON *limits, const char *kind, double *out)
{
    const cJSON *l = enforced(limits, kind);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(l, "value");
    if (!cJSON_IsNumber(v))
        return 0;
    *out = v->valuedouble;
    return 1;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

static const char *param_name(const cJSON *def)
{
    const char *n = dbm_json_str(def, "name");
    return n ? n : "?";
}

/* enum: `text` (the value as sent) or `number` must be one of the values. */
static int check_enum(vctx *v, const cJSON *limits, const vpath *path, const char *text,
                      const double *number)
{
    const cJSON *l = enforced(limits, "enum");
    if (!l)
        return 0;
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(l, "values");
    const cJSON *item;
    cJSON_ArrayForEach(item, values)
    {
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(item, "value");
        if (cJSON_IsString(val)) {
            if (text && !strcmp(val->valuestring, text))
                return 0;
            if (number) {
                char *end;
                double d = strtod(val->valuestring, &end);
                if (end != val->valuestring && *end == '\0' && d == *number)
                    return 0;
            }
        } else if (cJSON_IsNumber(val) && number && val->valuedouble == *number) {
            return 0;
        }
    }
    return failp(v, MOCK_FAIL_INVALID_VALUE, path, "not one of the documented values (enum)");
}

static int check_numeric_limits(vctx *v, const cJSON *limits, const vpath *path, double x)
{
    if (!limits)
        return 0;
    double b;
    if (limit_number(limits, "maximum", &b) && x > b)
        return failp(v, MOCK_FAIL_INVALID_VALUE, path, "%.17g is above the maximum %.17g", x,
                     b);
    if (limit_number(limits, "minimum", &b) && x < b)
        return failp(v, MOCK_FAIL_INVALID_VALUE, path, "%.17g is below the minimum %.17g", x,
                     b);
    if (limit_number(limits, "exclusive_minimum", &b) && x <= b)
        return failp(v, MOCK_FAIL_INVALID_VALUE, path, "%.17g must be greater than %.17g", x,
                     b);
    return check_enum(v, limits, path, NULL, &x);
}

static int check_string_limits(vctx *v, const cJSON *limits, const vpath *path, const char *s)
{
    if (!limits)
        return 0;
    double b;
    if (limit_number(limits, "max_length", &b)) {
        size_t n = utf8_chars(s);
        if ((double)n > b)
            return failp(v, MOCK_FAIL_INVALID_VALUE, path,
                         "%zu characters, at most %.0f allowed (max_length)", n, b);
    }
    if (limit_number(limits, "min_length", &b)) {
        size_t n = utf8_chars(s);
        if ((double)n < b)
            return failp(v, MOCK_FAIL_INVALID_VALUE, path,
                         "%zu characters, at least %.0f required (min_length)", n, b);
    }
    if (check_enum(v, limits, path, s, NULL))
        return -1;
    const cJSON *pl = enforced(limits, "pattern");
    if (pl) {
        const pcre2_code *re = dbm_pattern_for(v->m, pl);
        if (re) {
            pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
            if (!md)
                return failp(v, MOCK_FAIL_INVALID_VALUE, path, "out of memory");
            int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, PCRE2_ANCHORED, md,
                                 v->m->match_context);
            pcre2_match_data_free(md);
            if (rc < 0)
                return failp(v, MOCK_FAIL_INVALID_VALUE, path,
                             "does not match the documented pattern %s",
                             dbm_json_str(pl, "value"));
        }
    }
    return 0;
}

/* ---- flat values read as scalars --------------------------------------- */

static int parse_integer_text(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!*p)
        return -1;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return -1;
    if (strlen(p) > 40)
        return -1;
    *out = strtod(s, NULL);
    return isfinite(*out) ? 0 : -1;
}

static int parse_number_text(const char *s, double *out)
{
    if (!*s || strlen(s) > 64 || *s == ' ')
        return -1;
    for (const char *q = s; *q; q++)
        if (!strchr("0123456789+-.eE", *q))
            return -1; /* no hex, inf or nan spellings */
    char *end;
    *out = strtod(s, &end);
    return (*end == '\0' && isfinite(*out)) ? 0 : -1;
}

/* ---- the checks -------------------------------------------------------- */

static int check_value(vctx *v, const cJSON *def, const cJSON *value, const vpath *path,
                       int flat, int depth, int as_element);

static int check_struct(vctx *v, const cJSON *def, const cJSON *value, const vpath *path,
                        int flat, int depth)
{
    const char *ref = dbm_json_str(def, "ref");
    if (!ref || depth >= MOCK_MAX_REF_DEPTH)
        return 0;
    const cJSON *st = dbm_find_struct(v->s, ref);
    if (!st)
        return 0;
    const cJSON *member;
    cJSON_ArrayForEach(member, cJSON_GetObjectItemCaseSensitive(st, "members"))
    {
        const char *name = param_name(member);
        vpath sub = {path, name, 0};
        const cJSON *child = cJSON_GetObjectItemCaseSensitive(value, name);
        if (!child || cJSON_IsNull(child)) {
            if (dbm_json_true(member, "required"))
                return failp(v, MOCK_FAIL_MISSING_PARAM, &sub, "required, missing");
            continue;
        }
        if (check_value(v, member, child, &sub, flat, depth + 1, 0))
            return -1;
    }
    return 0;
}

static int check_value(vctx *v, const cJSON *def, const cJSON *value, const vpath *path,
                       int flat, int depth, int as_element)
{
    const cJSON *limits = cJSON_GetObjectItemCaseSensitive(def, "limits");
    if (!as_element && dbm_json_true(def, "array")) {
        if (!cJSON_IsArray(value))
            return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected an array");
        int n = cJSON_GetArraySize(value);
        double b;
        if (limit_number(limits, "max_items", &b) && (double)n > b)
            return failp(v, MOCK_FAIL_INVALID_VALUE, path,
                         "%d items, at most %.0f allowed (max_items)", n, b);
        if (limit_number(limits, "min_items", &b) && (double)n < b)
            return failp(v, MOCK_FAIL_INVALID_VALUE, path,
                         "%d items, at least %.0f required (min_items)", n, b);
        int i = 0;
        const cJSON *el;
        cJSON_ArrayForEach(el, value)
        {
            vpath sub = {path, NULL, i++};
            if (cJSON_IsNull(el))
                return failp(v, MOCK_FAIL_INVALID_PARAM, &sub, "null element");
            if (check_value(v, def, el, &sub, flat, depth, 1))
                return -1;
        }
        return 0;
    }
    const char *type = dbm_json_str(def, "type");
    if (!type)
        return 0;
    if (!strcmp(type, "object")) {
        if (!cJSON_IsObject(value))
            return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected an object");
        return check_struct(v, def, value, path, flat, depth);
    }
    if (!strcmp(type, "integer") || !strcmp(type, "number") || !strcmp(type, "float") ||
        !strcmp(type, "double")) {
        int integer = !strcmp(type, "integer");
        double x;
        if (cJSON_IsNumber(value)) {
            x = value->valuedouble;
            if (!isfinite(x))
                return failp(v, MOCK_FAIL_INVALID_PARAM, path, "number out of range");
            if (integer && x != floor(x))
                return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected an integer");
        } else if ((flat || v->numeric_strings) && cJSON_IsString(value)) {
            if ((integer ? parse_integer_text : parse_number_text)(value->valuestring, &x))
                return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected %s",
                             integer ? "an integer" : "a number");
        } else {
            return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected %s",
                         integer ? "an integer" : "a number");
        }
        return check_numeric_limits(v, limits, path, x);
    }
    if (!strcmp(type, "boolean")) {
        if (cJSON_IsBool(value))
            return 0;
        if (flat && cJSON_IsString(value)) {
            const char *s = value->valuestring;
            if (!strcasecmp(s, "true") || !strcasecmp(s, "false") || !strcmp(s, "0") ||
                !strcmp(s, "1"))
                return 0;
        }
        return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected a boolean");
    }
    /* string, date, timestamp, timestamp_iso8601, binary */
    if (cJSON_IsString(value))
        return check_string_limits(v, limits, path, value->valuestring);
    if (cJSON_IsNumber(value) && (!strcmp(type, "timestamp") || !strcmp(type, "date")))
        return 0; /* Unix times are sent as numbers where a page says "timestamp" */
    return failp(v, MOCK_FAIL_INVALID_PARAM, path, "expected a string");
}

/* ---- flat values assembled ---------------------------------------------- */

typedef struct flat_src {
    const dbm_kvs *lists[2];
} flat_src;

static const char *flat_get(const flat_src *f, const char *name)
{
    for (int i = 0; i < 2; i++)
        if (f->lists[i]) {
            const char *v = dbm_kvs_get(f->lists[i], name);
            if (v)
                return v;
        }
    return NULL;
}

static int flat_has_prefix(const flat_src *f, const char *prefix, size_t plen)
{
    for (int i = 0; i < 2; i++)
        if (f->lists[i])
            for (size_t k = 0; k < f->lists[i]->count; k++) {
                const char *n = f->lists[i]->items[k].name;
                if (!strncmp(n, prefix, plen) && n[plen] == '.')
                    return 1;
            }
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static cJSON *flat_build(vctx *v, const flat_src *f, const char *prefix, const cJSON *def,
                         int depth, int as_element);

/* The distinct N of prefix.N[.*] keys, sorted; NULL with *n 0 when none. */
static long *flat_indices(const flat_src *f, const char *prefix, size_t *n)
{
    size_t plen = strlen(prefix), count = 0, cap = 0;
    long *idx = NULL;
    for (int i = 0; i < 2; i++) {
        if (!f->lists[i])
            continue;
        for (size_t k = 0; k < f->lists[i]->count; k++) {
            const char *name = f->lists[i]->items[k].name;
            if (strncmp(name, prefix, plen) || name[plen] != '.')
                continue;
            const char *d = name + plen + 1;
            size_t digits = strspn(d, "0123456789");
            if (digits == 0 || digits > 6 || (d[digits] != '\0' && d[digits] != '.'))
                continue;
            long x = strtol(d, NULL, 10);
            if (x > MOCK_MAX_ARRAY_INDEX)
                continue;
            int seen = 0;
            for (size_t j = 0; j < count && !seen; j++)
                seen = idx[j] == x;
            if (seen)
                continue;
            if (count == cap) {
                cap = cap ? cap * 2 : 8;
                long *p = realloc(idx, cap * sizeof *p);
                if (!p) {
                    free(idx);
                    *n = 0;
                    return NULL;
                }
                idx = p;
            }
            idx[count++] = x;
        }
    }
    if (count)
        qsort(idx, count, sizeof *idx, cmp_long);
    *n = count;
    return idx;
}

static cJSON *flat_build(vctx *v, const flat_src *f, const char *prefix, const cJSON *def,
                         int depth, int as_element)
{
    size_t plen = strlen(prefix);
    if (!as_element && dbm_json_true(def, "array")) {
        size_t n;
        long *idx = flat_indices(f, prefix, &n);
        if (n == 0) {
            free(idx);
            const char *one = flat_get(f, prefix);
            if (!one)
                return NULL;
            cJSON *arr = cJSON_CreateArray();
            cJSON *el = flat_build(v, f, prefix, def, depth, 1);
            if (!arr || !el || !cJSON_AddItemToArray(arr, el)) {
                cJSON_Delete(arr);
                cJSON_Delete(el);
                return NULL;
            }
            return arr;
        }
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < n; i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%ld", prefix, idx[i]);
            cJSON *el = flat_build(v, f, sub, def, depth, 1);
            if (!el)
                el = cJSON_CreateNull();
            if (!el || !cJSON_AddItemToArray(arr, el)) {
                cJSON_Delete(el);
                cJSON_Delete(arr);
                arr = NULL;
            }
        }
        free(idx);
        return arr;
    }
    const char *type = dbm_json_str(def, "type");
    if (type && !strcmp(type, "object")) {
        if (!flat_has_prefix(f, prefix, plen))
            return NULL;
        cJSON *obj = cJSON_CreateObject();
        const char *ref = dbm_json_str(def, "ref");
        const cJSON *st = ref && depth < MOCK_MAX_REF_DEPTH ? dbm_find_struct(v->s, ref) : NULL;
        const cJSON *member;
        cJSON_ArrayForEach(member, cJSON_GetObjectItemCaseSensitive(st, "members"))
        {
            if (!obj)
                break;
            char sub[512];
            snprintf(sub, sizeof sub, "%s.%s", prefix, param_name(member));
            cJSON *child = flat_build(v, f, sub, member, depth + 1, 0);
            if (child)
                cJSON_AddItemToObject(obj, param_name(member), child);
        }
        return obj;
    }
    const char *value = flat_get(f, prefix);
    return value ? cJSON_CreateString(value) : NULL;
}

/* ---- entry -------------------------------------------------------------- */

int dbm_validate(const dbm_model *m, const dbm_action *a, const dbm_request *r,
                  const cJSON *json_body, const char *skip_header, dbm_check *out)
{
    /* Tencent's own request examples send numbers as strings
     * ("PartitionNum": "1"), so its gateway takes them. */
    vctx v = {m, a->service, out, a->service->envelope == MOCK_ENV_TENCENT};
    out->fail = MOCK_OK;
    out->message[0] = '\0';
    flat_src query_form = {{&r->query, &r->form}};
    flat_src query_only = {{&r->query, NULL}};
    const cJSON *def;
    cJSON_ArrayForEach(def, a->input)
    {
        const char *name = param_name(def);
        const char *loc = dbm_json_str(def, "location");
        if (!loc)
            loc = "body";
        int required = dbm_json_true(def, "required");
        const cJSON *value = NULL;
        cJSON *built = NULL;
        int flat = 1;
        if (!strcmp(loc, "header")) {
            if (skip_header && !strcasecmp(skip_header, name))
                continue;
            const char *h = dbm_request_header(r, name);
            if (h)
                value = built = cJSON_CreateString(h);
        } else if (!strcmp(loc, "path")) {
            required = 1; /* a template placeholder is always there */
            const char *p = dbm_kvs_get(&r->path_params, name);
            if (p)
                value = built = cJSON_CreateString(p);
        } else if (!strcmp(loc, "body") && json_body) {
            value = cJSON_GetObjectItemCaseSensitive(json_body, name);
            flat = 0;
        } else {
            const flat_src *f = a->service->style == MOCK_STYLE_REST_JSON ? &query_only
                                                                          : &query_form;
            value = built = flat_build(&v, f, name, def, 0, 0);
        }
        if (!value || cJSON_IsNull(value)) {
            cJSON_Delete(built);
            if (required)
                return fail(&v, MOCK_FAIL_MISSING_PARAM, "%s: required, missing", name);
            continue;
        }
        vpath top = {NULL, name, 0};
        int rc = check_value(&v, def, value, &top, flat, 0, 0);
        cJSON_Delete(built);
        if (rc)
            return -1;
    }
    return 0;
}
