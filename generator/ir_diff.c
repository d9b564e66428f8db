#include "ir_diff.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "strbuf.h"

/* ---- the checks ------------------------------------------------------------ */

static const diff_check checks[] = {
    {"service-added", DIFF_INFO, "a service is in the new IR only"},
    {"service-removed", DIFF_BREAKING, "a service is in the old IR only"},
    {"endpoint-changed", DIFF_BREAKING, "the service's request host changed"},
    {"version-changed", DIFF_BREAKING, "the service's API version changed"},
    {"protocol-changed", DIFF_BREAKING, "the request style or the response envelope changed"},
    {"signing-removed", DIFF_BREAKING, "a signing algorithm is no longer accepted"},
    {"signing-added", DIFF_INFO, "a signing algorithm is newly accepted"},
    {"action-added", DIFF_INFO, "an action is new"},
    {"action-removed", DIFF_BREAKING, "an action is gone"},
    {"http-method-changed", DIFF_BREAKING, "an action's HTTP method changed"},
    {"http-path-changed", DIFF_BREAKING, "an action's HTTP path changed"},
    {"rate-limit-lowered", DIFF_WARNING, "an action's documented rate limit is lower"},
    {"rate-limit-raised", DIFF_INFO, "an action's documented rate limit is higher"},
    {"rate-limit-added", DIFF_INFO, "an action's rate limit is documented where it was not"},
    {"rate-limit-removed", DIFF_INFO, "an action's rate limit is no longer documented"},
    {"regions-restricted", DIFF_BREAKING, "an action available everywhere is now restricted to listed regions"},
    {"region-removed", DIFF_BREAKING, "a region left an action's list of regions"},
    {"region-added", DIFF_INFO, "a region joined an action's list of regions"},
    {"regions-unrestricted", DIFF_INFO, "an action restricted to listed regions no longer is"},
    {"error-code-removed", DIFF_WARNING, "an error code is no longer documented (for the service or an action)"},
    {"error-code-added", DIFF_INFO, "an error code is newly documented"},
    {"input-removed", DIFF_BREAKING, "an input parameter is gone"},
    {"input-added", DIFF_INFO, "an optional input parameter is new"},
    {"new-required-input", DIFF_BREAKING, "a required input parameter is new"},
    {"new-input-required-unknown", DIFF_WARNING, "an input parameter is new and the document does not say whether it is required"},
    {"input-possibly-renamed", DIFF_INFO, "an input removed and one added with the same type at the same place: maybe a rename"},
    {"output-removed", DIFF_BREAKING, "an output field is gone"},
    {"output-added", DIFF_INFO, "an output field is new"},
    {"output-possibly-renamed", DIFF_INFO, "an output removed and one added with the same type at the same place: maybe a rename"},
    {"struct-added", DIFF_INFO, "a data structure is new"},
    {"struct-removed", DIFF_WARNING, "a data structure is gone (what referred to it is reported where it changed)"},
    {"member-removed", DIFF_BREAKING, "a struct member is gone"},
    {"member-added", DIFF_INFO, "a struct member is new (response-side, or optional)"},
    {"new-required-member", DIFF_BREAKING, "a required member is new in a request-side struct"},
    {"new-member-required-unknown", DIFF_WARNING, "a member is new in a request-side struct and the document does not say whether it is required"},
    {"member-possibly-renamed", DIFF_INFO, "a member removed and one added with the same type at the same place: maybe a rename"},
    {"location-changed", DIFF_BREAKING, "an input moved (body, query, path, header)"},
    {"type-changed", DIFF_BREAKING, "a parameter's or member's type changed"},
    {"array-changed", DIFF_BREAKING, "a parameter or member became an array or stopped being one"},
    {"ref-changed", DIFF_BREAKING, "a parameter or member refers to another struct"},
    {"input-became-required", DIFF_BREAKING, "a request-side parameter or member that was optional (or not said) is required"},
    {"input-became-optional", DIFF_INFO, "a required request-side parameter or member is optional"},
    {"output-became-optional", DIFF_WARNING, "a required response-side field is optional"},
    {"required-became-unknown", DIFF_WARNING, "the document no longer says whether a parameter or member is required"},
    {"required-changed", DIFF_INFO, "any other change of the required flag (the document now says what it did not)"},
    {"param-deprecated", DIFF_INFO, "a parameter or member is marked deprecated"},
    {"param-undeprecated", DIFF_INFO, "a parameter or member is no longer marked deprecated"},
    {"limit-tightened", DIFF_BREAKING, "an enforced request-side limit is stricter: smaller maximum, shorter length, larger minimum, a new limit, or a hint now enforced"},
    {"limit-hint-tightened", DIFF_WARNING, "a request-side limit hint (not enforced) is stricter or new"},
    {"limit-loosened", DIFF_INFO, "a request-side limit is looser, gone, or no longer enforced"},
    {"enum-value-removed", DIFF_BREAKING, "a value left an enforced request-side enum"},
    {"enum-value-added", DIFF_INFO, "a value joined an enum"},
    {"pattern-changed", DIFF_WARNING, "a request-side pattern changed (neither clearly stricter nor looser)"},
    {"default-changed", DIFF_WARNING, "a request-side documented default changed, appeared or went"},
    {"response-limit-changed", DIFF_INFO, "a limit of a response-side field changed"},
    {"description-changed", DIFF_INFO, "a title or description changed"},
};

const diff_check *diff_checks(size_t *n)
{
    *n = sizeof checks / sizeof checks[0];
    return checks;
}

const diff_check *diff_check_find(const char *id)
{
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if (!strcmp(checks[i].id, id))
            return &checks[i];
    return NULL;
}

static const char *const level_names[DIFF_LEVEL_COUNT] = {"info", "warning", "breaking"};

const char *diff_level_name(diff_level l)
{
    return (unsigned)l < DIFF_LEVEL_COUNT ? level_names[l] : "?";
}

bool diff_level_from_name(const char *name, diff_level *out)
{
    for (int i = 0; i < DIFF_LEVEL_COUNT; i++)
        if (!strcmp(level_names[i], name)) {
            *out = (diff_level)i;
            return true;
        }
    return false;
}

void diff_report_free(diff_report *r)
{
    arena_free(&r->mem);
    *r = (diff_report)DIFF_REPORT_INIT;
}

/* ---- reading JSON ---------------------------------------------------------- */

/* Largest IR or overrides file read: a whole product's IR is ~1 MB. */
#define DIFF_MAX_FILE_BYTES (256u * 1024u * 1024u)

/* Reads a file into a NUL-terminated malloc'd buffer, or NULL after an
 * error naming it. */
static char *read_file(const char *path, size_t *len, diag_list *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    strbuf b = STRBUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > DIFF_MAX_FILE_BYTES) {
            diag_add(d, DIAG_ERROR, path, 0, "larger than the %u-byte limit", DIFF_MAX_FILE_BYTES);
            strbuf_free(&b);
            fclose(f);
            return NULL;
        }
        strbuf_append(&b, chunk, got);
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        diag_add(d, DIAG_ERROR, path, 0, "read error");
        strbuf_free(&b);
        return NULL;
    }
    *len = b.len;
    return strbuf_take(&b);
}

/* Parses JSON text; on a syntax error names the line it is on. */
static cJSON *parse_json(const char *label, const char *text, size_t len, const char *what,
                         diag_list *d)
{
    if (memchr(text, '\0', len)) {
        diag_add(d, DIAG_ERROR, label, 0, "not %s: the file contains NUL bytes", what);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
    if (root)
        return root;
    int line = 1;
    if (end && end >= text && end <= text + len)
        for (const char *p = text; p < end; p++)
            line += *p == '\n';
    if (!len)
        diag_add(d, DIAG_ERROR, label, 0, "not %s: the file is empty", what);
    else
        diag_add(d, DIAG_ERROR, label, line, "not %s: JSON syntax error", what);
    return NULL;
}

/* ---- checking an IR -------------------------------------------------------- */

typedef struct checker {
    const char *label;
    diag_list *d;
    char where[512]; /* JSON pointer of what is being checked */
    int failed;
} checker;

static void fail(checker *c, const char *key, const char *expected)
{
    if (c->failed++ < 5)
        diag_add(c->d, DIAG_ERROR, c->label, 0, "not a docbind IR: %s%s%s: expected %s", c->where,
                 key ? "/" : "", key ? key : "", expected);
}

/* Appends "/seg" to where; returns the old length to restore. */
static size_t push(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t push(checker *c, const char *fmt, ...)
{
    size_t old = strlen(c->where);
    va_list ap;
    va_start(ap, fmt);
    if (old < sizeof c->where - 1) {
        c->where[old] = '/';
        vsnprintf(c->where + old + 1, sizeof c->where - old - 1, fmt, ap);
    }
    va_end(ap);
    return old;
}

static void pop(checker *c, size_t old) { c->where[old] = '\0'; }

enum want { W_STRING = 1, W_NULL = 2, W_BOOL = 4, W_NUMBER = 8, W_ARRAY = 16, W_OBJECT = 32 };

/* Checks an optional member's type; absent is always fine. */
static const cJSON *want(checker *c, const cJSON *o, const char *key, int kinds,
                         const char *expected)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return NULL;
    bool ok = ((kinds & W_STRING) && cJSON_IsString(v)) || ((kinds & W_NULL) && cJSON_IsNull(v)) ||
              ((kinds & W_BOOL) && cJSON_IsBool(v)) || ((kinds & W_NUMBER) && cJSON_IsNumber(v)) ||
              ((kinds & W_ARRAY) && cJSON_IsArray(v)) || ((kinds & W_OBJECT) && cJSON_IsObject(v));
    if (!ok) {
        fail(c, key, expected);
        return NULL;
    }
    return v;
}

static bool want_name(checker *c, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        fail(c, key, "a non-empty string");
        return false;
    }
    return true;
}

static void check_strings(checker *c, const cJSON *o, const char *key, bool nullable)
{
    const cJSON *a = want(c, o, key, W_ARRAY | (nullable ? W_NULL : 0),
                          nullable ? "an array of strings or null" : "an array of strings");
    if (!cJSON_IsArray(a))
        return;
    size_t i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++)
        if (!cJSON_IsString(v)) {
            size_t old = push(c, "%s", key);
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            fail(c, idx, "a string");
            pop(c, old);
        }
}

static void check_limit(checker *c, const char *kind, const cJSON *l)
{
    ir_limit_kind k;
    if (!ir_limit_kind_from_name(kind, &k))
        return; /* a kind this docbind does not know: ignored */
    if (!cJSON_IsObject(l)) {
        fail(c, kind, "a limit object");
        return;
    }
    size_t old = push(c, "%s", kind);
    want(c, l, "enforce", W_BOOL, "true or false");
    if (k == IR_LIMIT_ENUM) {
        const cJSON *vals = want(c, l, "values", W_ARRAY, "an array of {\"value\"}");
        size_t i = 0;
        for (const cJSON *v = vals ? vals->child : NULL; v; v = v->next, i++) {
            size_t o2 = push(c, "values/%zu", i);
            if (!cJSON_IsObject(v))
                fail(c, NULL, "an object");
            else
                want_name(c, v, "value");
            pop(c, o2);
        }
    } else if (k == IR_LIMIT_PATTERN || k == IR_LIMIT_DEFAULT) {
        want(c, l, "value", W_STRING | W_NULL, "a string");
    } else {
        want(c, l, "value", W_NUMBER, "a number");
    }
    pop(c, old);
}

static void check_params(checker *c, const cJSON *o, const char *key)
{
    const cJSON *a = want(c, o, key, W_ARRAY, "an array of parameters");
    size_t i = 0;
    for (const cJSON *p = a ? a->child : NULL; p; p = p->next, i++) {
        size_t old = push(c, "%s/%zu", key, i);
        if (!cJSON_IsObject(p)) {
            fail(c, NULL, "a parameter object");
        } else {
            want_name(c, p, "name");
            want(c, p, "type", W_STRING, "a type name");
            want(c, p, "location", W_STRING, "a location name");
            want(c, p, "array", W_BOOL, "true or false");
            want(c, p, "ref", W_STRING | W_NULL, "a string or null");
            want(c, p, "required", W_BOOL | W_NULL, "true, false or null");
            want(c, p, "description", W_STRING | W_NULL, "a string or null");
            want(c, p, "deprecated", W_BOOL, "true or false");
            const cJSON *limits = want(c, p, "limits", W_OBJECT, "an object of limits");
            size_t o2 = push(c, "limits");
            for (const cJSON *l = limits ? limits->child : NULL; l; l = l->next)
                check_limit(c, l->string, l);
            pop(c, o2);
        }
        pop(c, old);
    }
}

static void check_service(checker *c, const cJSON *s)
{
    if (!cJSON_IsObject(s)) {
        fail(c, NULL, "a service object");
        return;
    }
    want_name(c, s, "id");
    want(c, s, "endpoint", W_STRING | W_NULL, "a string or null");
    want(c, s, "version", W_STRING | W_NULL, "a string or null");
    want(c, s, "description", W_STRING | W_NULL, "a string or null");
    const cJSON *proto = want(c, s, "protocol", W_OBJECT, "an object");
    if (proto) {
        size_t old = push(c, "protocol");
        want(c, proto, "style", W_STRING | W_NULL, "a string or null");
        want(c, proto, "envelope", W_STRING | W_NULL, "a string or null");
        check_strings(c, proto, "signing", false);
        pop(c, old);
    }
    const cJSON *actions = want(c, s, "actions", W_ARRAY, "an array of actions");
    size_t i = 0;
    for (const cJSON *a = actions ? actions->child : NULL; a; a = a->next, i++) {
        size_t old = push(c, "actions/%zu", i);
        if (!cJSON_IsObject(a)) {
            fail(c, NULL, "an action object");
        } else {
            want_name(c, a, "name");
            want(c, a, "title", W_STRING | W_NULL, "a string or null");
            want(c, a, "description", W_STRING | W_NULL, "a string or null");
            const cJSON *http = want(c, a, "http", W_OBJECT, "an object");
            if (http) {
                size_t o2 = push(c, "http");
                want(c, http, "method", W_STRING | W_NULL, "a string or null");
                want(c, http, "path", W_STRING | W_NULL, "a string or null");
                pop(c, o2);
            }
            want(c, a, "rate_limit_per_second", W_NUMBER | W_NULL, "a number or null");
            check_strings(c, a, "regions", true);
            check_strings(c, a, "errors", true);
            check_params(c, a, "input");
            check_params(c, a, "output");
        }
        pop(c, old);
    }
    const cJSON *structs = want(c, s, "structs", W_ARRAY, "an array of structs");
    i = 0;
    for (const cJSON *t = structs ? structs->child : NULL; t; t = t->next, i++) {
        size_t old = push(c, "structs/%zu", i);
        if (!cJSON_IsObject(t)) {
            fail(c, NULL, "a struct object");
        } else {
            want_name(c, t, "name");
            want(c, t, "description", W_STRING | W_NULL, "a string or null");
            check_params(c, t, "members");
        }
        pop(c, old);
    }
    const cJSON *errors = want(c, s, "errors", W_ARRAY, "an array of errors");
    i = 0;
    for (const cJSON *e = errors ? errors->child : NULL; e; e = e->next, i++) {
        size_t old = push(c, "errors/%zu", i);
        if (!cJSON_IsObject(e))
            fail(c, NULL, "an error object");
        else
            want_name(c, e, "code");
        pop(c, old);
    }
}

int ir_diff_check(const cJSON *ir, const char *label, diag_list *d)
{
    if (!cJSON_IsObject(ir)) {
        diag_add(d, DIAG_ERROR, label, 0, "not a docbind IR: the top level is not a JSON object");
        return -1;
    }
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(ir, "ir_version");
    if (!version) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "not a docbind IR: no \"ir_version\" (write one with docbind parse)");
        return -1;
    }
    if (!cJSON_IsNumber(version) || version->valuedouble != IR_VERSION) {
        char *shown = cJSON_PrintUnformatted(version);
        diag_add(d, DIAG_ERROR, label, 0,
                 "ir_version %s is not supported: this docbind reads IR version %d",
                 shown ? shown : "?", IR_VERSION);
        cJSON_free(shown);
        return -1;
    }
    checker c = {label, d, "", 0};
    const cJSON *services = cJSON_GetObjectItemCaseSensitive(ir, "services");
    if (!cJSON_IsArray(services)) {
        fail(&c, "services", "an array of services");
        return -1;
    }
    size_t i = 0;
    for (const cJSON *s = services->child; s; s = s->next, i++) {
        size_t old = push(&c, "services/%zu", i);
        check_service(&c, s);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        for (const cJSON *t = services->child; t != s && cJSON_IsString(id); t = t->next) {
            const cJSON *tid = cJSON_GetObjectItemCaseSensitive(t, "id");
            if (cJSON_IsString(tid) && !strcmp(tid->valuestring, id->valuestring)) {
                fail(&c, "id", "an id no other service has");
                break;
            }
        }
        pop(&c, old);
    }
    if (c.failed > 5)
        diag_add(d, DIAG_ERROR, label, 0, "not a docbind IR: %d more problems", c.failed - 5);
    return c.failed ? -1 : 0;
}

cJSON *ir_diff_load(const char *path, diag_list *d)
{
    size_t len = 0;
    char *text = read_file(path, &len, d);
    if (!text)
        return NULL;
    cJSON *root = parse_json(path, text, len, "a docbind IR", d);
    free(text);
    if (root && ir_diff_check(root, path, d) < 0) {
        cJSON_Delete(root);
        root = NULL;
    }
    return root;
}

/* ---- JSON access ------------------------------------------------------------ */

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* The element of array `a` whose `key` is `name`. */
static const cJSON *find_named(const cJSON *a, const char *key, const char *name)
{
    for (const cJSON *x = a ? a->child : NULL; x; x = x->next)
        if (same_str(str(x, key), name))
            return x;
    return NULL;
}

static bool has_string(const cJSON *a, const char *s)
{
    for (const cJSON *x = a ? a->child : NULL; x; x = x->next)
        if (cJSON_IsString(x) && !strcmp(x->valuestring, s))
            return true;
    return false;
}

static ir_tristate required_of(const cJSON *p)
{
    const cJSON *v = get(p, "required");
    return cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? IR_YES : IR_NO) : IR_UNKNOWN;
}

static const char *tri_text(ir_tristate t)
{
    return t == IR_YES ? "true" : t == IR_NO ? "false" : "null";
}

static bool flag(const cJSON *o, const char *key) { return cJSON_IsTrue(get(o, key)); }

/* The first element of o[key] when it is an array (or object), else NULL. */
static const cJSON *first(const cJSON *o, const char *key)
{
    const cJSON *a = get(o, key);
    return a && (cJSON_IsArray(a) || cJSON_IsObject(a)) ? a->child : NULL;
}

/* ---- the diff ------------------------------------------------------------------ */

enum side { SIDE_REQUEST, SIDE_RESPONSE };
enum param_kind { PK_INPUT, PK_OUTPUT, PK_MEMBER };

enum { USED_IN_REQUEST = 1, USED_IN_RESPONSE = 2 };

typedef struct usage {
    const char **names;
    unsigned char *flags;
    size_t n, cap, cap_flags;
} usage;

typedef struct diff_ctx {
    diff_report *r;
    const char *service;
    int group;
    const char *subject;
    const char *action;
    usage use;
} diff_ctx;

static char *vfmt(arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
    if (n > 0)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

static const char *dup_or_null(arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

static void emit(diff_ctx *c, const char *id, const char *path, const char *old_value,
                 const char *new_value, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void emit(diff_ctx *c, const char *id, const char *path, const char *old_value,
                 const char *new_value, const char *fmt, ...)
{
    const diff_check *chk = diff_check_find(id);
    if (!chk)
        abort(); /* every id used here is in the table */
    diff_entry *e = ARENA_PUSH(&c->r->mem, c->r->items, c->r->n, c->r->cap);
    e->id = chk->id;
    e->level = e->was_level = chk->level;
    e->service = c->service;
    /* Names point into the trees until copied here: the report outlives them. */
    e->subject = dup_or_null(&c->r->mem, c->subject);
    e->action = c->action ? e->subject : NULL;
    e->path = dup_or_null(&c->r->mem, path);
    e->old_value = dup_or_null(&c->r->mem, old_value);
    e->new_value = dup_or_null(&c->r->mem, new_value);
    va_list ap;
    va_start(ap, fmt);
    e->message = vfmt(&c->r->mem, fmt, ap);
    va_end(ap);
    e->group = c->group;
}

static const char *fmt(diff_ctx *c, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(diff_ctx *c, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(&c->r->mem, f, ap);
    va_end(ap);
    return s;
}

/* Shortest text that reads back as the same number. */
static const char *number_text(diff_ctx *c, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        return fmt(c, "%.0f", v);
    const char *s = fmt(c, "%.15g", v);
    return strtod(s, NULL) == v ? s : fmt(c, "%.17g", v);
}

/* "string", "array of object Tag". */
static const char *type_text(diff_ctx *c, const cJSON *p)
{
    const char *type = str(p, "type"), *ref = str(p, "ref");
    return fmt(c, "%s%s%s%s", flag(p, "array") ? "array of " : "", type ? type : "untyped",
               ref ? " " : "", ref ? ref : "");
}

/* ---- where structs are used ---- */

static size_t usage_index(diff_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->use.n; i++)
        if (!strcmp(c->use.names[i], name))
            return i;
    arena *a = &c->r->mem;
    size_t cap = c->use.cap;
    *ARENA_PUSH(a, c->use.names, c->use.n, c->use.cap) = name;
    if (c->use.cap != cap || !c->use.flags) {
        c->use.flags = arena_grow(a, c->use.flags, 1, c->use.n - 1, c->use.cap);
        c->use.cap_flags = c->use.cap;
    }
    c->use.flags[c->use.n - 1] = 0;
    return c->use.n - 1;
}

/* Marks the struct `name` and every struct it reaches through member refs
 * in service `svc` as used on one side. A work list, not recursion: the
 * reference chains of an input file are unbounded. */
static void mark_used(diff_ctx *c, const cJSON *svc, const char *name, unsigned char side)
{
    const char **work = NULL;
    size_t n = 0, cap = 0;
    *ARENA_PUSH(&c->r->mem, work, n, cap) = name;
    while (n) {
        const char *s = work[--n];
        size_t i = usage_index(c, s);
        if (c->use.flags[i] & side)
            continue;
        c->use.flags[i] |= side;
        const cJSON *st = find_named(get(svc, "structs"), "name", s);
        for (const cJSON *m = first(st, "members"); m; m = m->next) {
            const char *ref = str(m, "ref");
            if (ref)
                *ARENA_PUSH(&c->r->mem, work, n, cap) = ref;
        }
    }
}

static void compute_usage(diff_ctx *c, const cJSON *svc)
{
    if (!svc)
        return;
    for (const cJSON *a = first(svc, "actions"); a; a = a->next) {
        static const char *const sides[] = {"input", "output"};
        for (int s = 0; s < 2; s++)
            for (const cJSON *p = first(a, sides[s]); p; p = p->next)
                if (str(p, "ref"))
                    mark_used(c, svc, str(p, "ref"), s == 0 ? USED_IN_REQUEST : USED_IN_RESPONSE);
    }
}

static enum side struct_side(diff_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->use.n; i++)
        if (!strcmp(c->use.names[i], name))
            return (c->use.flags[i] & USED_IN_REQUEST) ? SIDE_REQUEST : SIDE_RESPONSE;
    return SIDE_RESPONSE;
}

/* ---- small comparisons ---- */

static void compare_text(diff_ctx *c, const char *path, const char *what, const char *o,
                         const char *n)
{
    if (!same_str(o, n))
        emit(c, "description-changed", path, o, n, "%s changed", what);
}

static void compare_string_sets(diff_ctx *c, const cJSON *o, const cJSON *n, const char *path,
                                const char *removed_id, const char *added_id, const char *what)
{
    for (const cJSON *x = o ? o->child : NULL; x; x = x->next)
        if (cJSON_IsString(x) && !has_string(n, x->valuestring))
            emit(c, removed_id, fmt(c, "%s.%s", path, x->valuestring), x->valuestring, NULL,
                 "%s %s removed", what, x->valuestring);
    for (const cJSON *x = n ? n->child : NULL; x; x = x->next)
        if (cJSON_IsString(x) && !has_string(o, x->valuestring))
            emit(c, added_id, fmt(c, "%s.%s", path, x->valuestring), NULL, x->valuestring,
                 "%s %s added", what, x->valuestring);
}

/* ---- limits ---- */

/* Tightness of two bounds of one kind: >0 when `b` is stricter than `a`,
 * <0 when looser, 0 when equal. NULL is no bound. */
static int bound_cmp(ir_limit_kind k, const cJSON *a, const cJSON *b)
{
    if (!a && !b)
        return 0;
    if (!a)
        return 1;
    if (!b)
        return -1;
    double x = cJSON_GetNumberValue(get(a, "value")), y = cJSON_GetNumberValue(get(b, "value"));
    if (x == y)
        return 0;
    bool upper = k == IR_LIMIT_MAX_ITEMS || k == IR_LIMIT_MAXIMUM || k == IR_LIMIT_MAX_LENGTH;
    return (upper ? y < x : y > x) ? 1 : -1;
}

static const char *limit_value_text(diff_ctx *c, ir_limit_kind k, const cJSON *l)
{
    if (!l)
        return NULL;
    if (k == IR_LIMIT_ENUM) {
        strbuf b = STRBUF_INIT;
        for (const cJSON *v = first(l, "values"); v; v = v->next) {
            if (b.len)
                strbuf_puts(&b, ", ");
            strbuf_puts(&b, str(v, "value") ? str(v, "value") : "?");
        }
        const char *s = arena_strdup(&c->r->mem, b.data ? b.data : "");
        strbuf_free(&b);
        return s;
    }
    if (k == IR_LIMIT_PATTERN || k == IR_LIMIT_DEFAULT)
        return str(l, "value") ? str(l, "value") : "null";
    return number_text(c, cJSON_GetNumberValue(get(l, "value")));
}

static const char *enforce_text(const cJSON *l) { return flag(l, "enforce") ? "enforced" : "hint"; }

static bool enum_has(const cJSON *l, const char *value)
{
    return l && find_named(get(l, "values"), "value", value) != NULL;
}

static void compare_enum(diff_ctx *c, const char *path, const char *what, enum side side,
                         const cJSON *o, const cJSON *n)
{
    const char *kind = "enum";
    if (side == SIDE_RESPONSE) {
        for (const cJSON *v = first(n, "values"); v && o; v = v->next)
            if (!enum_has(o, str(v, "value")))
                emit(c, "enum-value-added", path, NULL, str(v, "value"), "%s: enum value %s added",
                     what, str(v, "value"));
        bool other = !o != !n || flag(o, "enforce") != flag(n, "enforce");
        for (const cJSON *v = n ? first(o, "values") : NULL; v && !other; v = v->next)
            other = !enum_has(n, str(v, "value"));
        if (other)
            emit(c, "response-limit-changed", path, limit_value_text(c, IR_LIMIT_ENUM, o),
                 limit_value_text(c, IR_LIMIT_ENUM, n), "%s: enum %s -> %s", what,
                 o ? limit_value_text(c, IR_LIMIT_ENUM, o) : "none",
                 n ? limit_value_text(c, IR_LIMIT_ENUM, n) : "none");
        return;
    }
    if (!o || !n) {
        const cJSON *l = o ? o : n;
        emit(c, !o ? (flag(n, "enforce") ? "limit-tightened" : "limit-hint-tightened")
                   : "limit-loosened",
             path, limit_value_text(c, IR_LIMIT_ENUM, o), limit_value_text(c, IR_LIMIT_ENUM, n),
             "%s: %s %s %s (%s)", what, kind, !o ? "added:" : "removed, was",
             limit_value_text(c, IR_LIMIT_ENUM, l), enforce_text(l));
        return;
    }
    bool eo = flag(o, "enforce"), en = flag(n, "enforce");
    for (const cJSON *v = first(o, "values"); v; v = v->next)
        if (!enum_has(n, str(v, "value")))
            emit(c, en ? "enum-value-removed" : "limit-hint-tightened", path, str(v, "value"), NULL,
                 "%s: enum value %s removed (%s)", what, str(v, "value"), enforce_text(n));
    for (const cJSON *v = first(n, "values"); v; v = v->next)
        if (!enum_has(o, str(v, "value")))
            emit(c, "enum-value-added", path, NULL, str(v, "value"), "%s: enum value %s added",
                 what, str(v, "value"));
    if (eo != en)
        emit(c, en ? "limit-tightened" : "limit-loosened", fmt(c, "%s.enforce", path),
             eo ? "true" : "false", en ? "true" : "false", "%s: enum %s", what,
             en ? "now enforced" : "no longer enforced");
}

static void compare_limit(diff_ctx *c, const char *param_path, const char *what, enum side side,
                          ir_limit_kind k, const cJSON *o, const cJSON *n)
{
    const char *kind = ir_limit_kind_name(k);
    const char *path = fmt(c, "%s.limits.%s", param_path, kind);
    if (!o && !n)
        return;
    if (k == IR_LIMIT_ENUM) {
        compare_enum(c, path, what, side, o, n);
        return;
    }
    const char *ov = limit_value_text(c, k, o), *nv = limit_value_text(c, k, n);
    bool eo = o && flag(o, "enforce"), en = n && flag(n, "enforce");
    bool same_value = o && n && same_str(ov, nv);
    if (same_value && eo == en)
        return;
    const char *old_shown = o ? fmt(c, "%s (%s)", ov, enforce_text(o)) : "none";
    const char *new_shown = n ? fmt(c, "%s (%s)", nv, enforce_text(n)) : "none";
    if (side == SIDE_RESPONSE) {
        emit(c, "response-limit-changed", path, ov, nv, "%s: %s %s -> %s", what, kind, old_shown,
             new_shown);
        return;
    }
    if (k == IR_LIMIT_DEFAULT) {
        if (!same_value)
            emit(c, "default-changed", path, ov, nv, "%s: default %s -> %s", what, o ? ov : "none",
                 n ? nv : "none");
        return;
    }
    const char *id;
    if (k == IR_LIMIT_PATTERN) {
        if (o && n && !same_value && eo == en)
            id = "pattern-changed";
        else if (!o || (!eo && en))
            id = en ? "limit-tightened" : "limit-hint-tightened";
        else if (!n || (eo && !en))
            id = "limit-loosened";
        else
            id = "pattern-changed";
    } else {
        /* Enforced bounds first: a hint that becomes enforced tightens what
         * validators accept even when its value grows. */
        int enforced = bound_cmp(k, eo ? o : NULL, en ? n : NULL);
        if (enforced > 0)
            id = "limit-tightened";
        else if (enforced < 0)
            id = "limit-loosened";
        else
            id = bound_cmp(k, o, n) > 0 ? "limit-hint-tightened" : "limit-loosened";
    }
    emit(c, id, path, ov, nv, "%s: %s %s -> %s", what, kind, old_shown, new_shown);
}

static void compare_limits(diff_ctx *c, const char *param_path, const char *what, enum side side,
                           const cJSON *o, const cJSON *n)
{
    const cJSON *ol = get(o, "limits"), *nl = get(n, "limits");
    for (int k = 0; k < IR_LIMIT_KIND_COUNT; k++) {
        const char *kind = ir_limit_kind_name((ir_limit_kind)k);
        compare_limit(c, param_path, what, side, (ir_limit_kind)k, get(ol, kind), get(nl, kind));
    }
}

/* ---- parameters and members ---- */

static const char *kind_word(enum param_kind pk)
{
    return pk == PK_INPUT ? "input" : pk == PK_OUTPUT ? "output" : "member";
}

/* "input Name", "member Struct.Name": how messages name a parameter. The
 * prefix of a member's path is "structs.Struct". */
static const char *param_words(diff_ctx *c, enum param_kind pk, const char *prefix,
                               const char *name)
{
    if (pk == PK_MEMBER)
        return fmt(c, "member %s.%s", prefix + strlen("structs."), name);
    return fmt(c, "%s %s", kind_word(pk), name);
}

static void compare_required(diff_ctx *c, const char *path, const char *what, enum side side,
                             const cJSON *o, const cJSON *n)
{
    ir_tristate ro = required_of(o), rn = required_of(n);
    if (ro == rn)
        return;
    const char *id;
    if (rn == IR_UNKNOWN)
        id = "required-became-unknown";
    else if (side == SIDE_REQUEST && rn == IR_YES)
        id = "input-became-required";
    else if (side == SIDE_REQUEST && ro == IR_YES)
        id = "input-became-optional";
    else if (side == SIDE_RESPONSE && ro == IR_YES)
        id = "output-became-optional";
    else
        id = "required-changed";
    emit(c, id, fmt(c, "%s.required", path), tri_text(ro), tri_text(rn), "%s: required %s -> %s",
         what, tri_text(ro), tri_text(rn));
}

static void compare_param(diff_ctx *c, const char *prefix, enum param_kind pk, enum side side,
                          const cJSON *o, const cJSON *n)
{
    const char *name = str(o, "name");
    const char *path = fmt(c, "%s.%s", prefix, name);
    const char *what = param_words(c, pk, prefix, name);
    if (pk == PK_INPUT && !same_str(str(o, "location"), str(n, "location")))
        emit(c, "location-changed", fmt(c, "%s.location", path), str(o, "location"),
             str(n, "location"), "%s moved from %s to %s", what,
             str(o, "location") ? str(o, "location") : "?",
             str(n, "location") ? str(n, "location") : "?");
    bool shape_changed = true;
    if (!same_str(str(o, "type"), str(n, "type")))
        emit(c, "type-changed", fmt(c, "%s.type", path), type_text(c, o), type_text(c, n),
             "%s: type %s -> %s", what, type_text(c, o), type_text(c, n));
    else if (flag(o, "array") != flag(n, "array"))
        emit(c, "array-changed", fmt(c, "%s.array", path), type_text(c, o), type_text(c, n),
             "%s: type %s -> %s", what, type_text(c, o), type_text(c, n));
    else if (!same_str(str(o, "ref"), str(n, "ref")))
        emit(c, "ref-changed", fmt(c, "%s.ref", path), str(o, "ref"), str(n, "ref"),
             "%s: type %s -> %s", what, type_text(c, o), type_text(c, n));
    else
        shape_changed = false;
    compare_required(c, path, what, side, o, n);
    if (flag(o, "deprecated") != flag(n, "deprecated"))
        emit(c, flag(n, "deprecated") ? "param-deprecated" : "param-undeprecated",
             fmt(c, "%s.deprecated", path), flag(o, "deprecated") ? "true" : "false",
             flag(n, "deprecated") ? "true" : "false", "%s %s", what,
             flag(n, "deprecated") ? "deprecated" : "no longer deprecated");
    compare_text(c, fmt(c, "%s.description", path), fmt(c, "description of %s", what),
                 str(o, "description"), str(n, "description"));
    /* Limits of a value whose type changed are not comparable: the type
     * change is reported already. */
    if (!shape_changed)
        compare_limits(c, path, what, side, o, n);
}

static bool same_shape(const cJSON *a, const cJSON *b)
{
    return same_str(str(a, "type"), str(b, "type")) && flag(a, "array") == flag(b, "array") &&
           same_str(str(a, "ref"), str(b, "ref"));
}

static const cJSON *item_at(const cJSON *a, size_t i)
{
    return cJSON_GetArrayItem(a, (int)i);
}

static const char *name_before(const cJSON *a, size_t i)
{
    return i ? str(item_at(a, i - 1), "name") : "";
}

/* The removed parameter at old index `oi` and the added one at new index
 * `ni` look like one renamed: same shape, and same index or same
 * predecessor. */
static bool looks_renamed(const cJSON *oa, size_t oi, const cJSON *na, size_t ni)
{
    if (!same_shape(item_at(oa, oi), item_at(na, ni)))
        return false;
    return oi == ni || same_str(name_before(oa, oi), name_before(na, ni));
}

static void compare_params(diff_ctx *c, const char *prefix, enum param_kind pk, enum side side,
                           const cJSON *oa, const cJSON *na)
{
    size_t on = (size_t)cJSON_GetArraySize(oa), nn = (size_t)cJSON_GetArraySize(na);
    /* renamed_to[i]: index in `na` of the added parameter old i may have
     * become, or SIZE_MAX. */
    size_t *renamed_to = arena_alloc(&c->r->mem, (on + 1) * sizeof *renamed_to);
    size_t *renamed_from = arena_alloc(&c->r->mem, (nn + 1) * sizeof *renamed_from);
    for (size_t i = 0; i < on; i++)
        renamed_to[i] = SIZE_MAX;
    for (size_t j = 0; j < nn; j++)
        renamed_from[j] = SIZE_MAX;
    size_t i = 0;
    for (const cJSON *o = oa ? oa->child : NULL; o; o = o->next, i++) {
        if (find_named(na, "name", str(o, "name")))
            continue;
        size_t j = 0;
        for (const cJSON *n = na ? na->child : NULL; n; n = n->next, j++)
            if (renamed_from[j] == SIZE_MAX && !find_named(oa, "name", str(n, "name")) &&
                looks_renamed(oa, i, na, j)) {
                renamed_to[i] = j;
                renamed_from[j] = i;
                break;
            }
    }
    const char *rename_id = pk == PK_INPUT    ? "input-possibly-renamed"
                            : pk == PK_OUTPUT ? "output-possibly-renamed"
                                              : "member-possibly-renamed";
    i = 0;
    for (const cJSON *o = oa ? oa->child : NULL; o; o = o->next, i++) {
        const char *name = str(o, "name");
        const cJSON *n = find_named(na, "name", name);
        if (n) {
            compare_param(c, prefix, pk, side, o, n);
            continue;
        }
        const char *path = fmt(c, "%s.%s", prefix, name);
        const char *note = "";
        if (renamed_to[i] != SIZE_MAX) {
            const char *to = str(item_at(na, renamed_to[i]), "name");
            note = fmt(c, " (possibly renamed to %s)", to);
            emit(c, rename_id, path, name, to, "%s possibly renamed to %s (same type %s, same place)",
                 param_words(c, pk, prefix, name), to, type_text(c, o));
        }
        emit(c, pk == PK_INPUT ? "input-removed" : pk == PK_OUTPUT ? "output-removed" : "member-removed",
             path, type_text(c, o), NULL, "%s (%s) removed%s", param_words(c, pk, prefix, name),
             type_text(c, o), note);
    }
    size_t j = 0;
    for (const cJSON *n = na ? na->child : NULL; n; n = n->next, j++) {
        const char *name = str(n, "name");
        if (find_named(oa, "name", name))
            continue;
        const char *path = fmt(c, "%s.%s", prefix, name);
        const char *note = renamed_from[j] == SIZE_MAX
                               ? ""
                               : fmt(c, " (possibly renamed from %s)",
                                     str(item_at(oa, renamed_from[j]), "name"));
        ir_tristate req = required_of(n);
        const char *id, *how;
        if (pk == PK_OUTPUT || (pk == PK_MEMBER && side == SIDE_RESPONSE)) {
            id = pk == PK_OUTPUT ? "output-added" : "member-added";
            how = "";
        } else if (req == IR_YES) {
            id = pk == PK_INPUT ? "new-required-input" : "new-required-member";
            how = "required ";
        } else if (req == IR_UNKNOWN) {
            id = pk == PK_INPUT ? "new-input-required-unknown" : "new-member-required-unknown";
            how = "";
        } else {
            id = pk == PK_INPUT ? "input-added" : "member-added";
            how = "optional ";
        }
        emit(c, id, path, NULL, type_text(c, n), "%s%s (%s) added%s%s", how,
             param_words(c, pk, prefix, name), type_text(c, n),
             req == IR_UNKNOWN && side == SIDE_REQUEST ? ", required not documented" : "", note);
    }
}

/* ---- actions, structs, services ---- */

static void compare_rate(diff_ctx *c, const cJSON *o, const cJSON *n)
{
    const cJSON *ro = get(o, "rate_limit_per_second"), *rn = get(n, "rate_limit_per_second");
    bool ko = cJSON_IsNumber(ro), kn = cJSON_IsNumber(rn);
    if (!ko && !kn)
        return;
    const char *ot = ko ? number_text(c, ro->valuedouble) : NULL;
    const char *nt = kn ? number_text(c, rn->valuedouble) : NULL;
    if (ko && kn) {
        if (ro->valuedouble == rn->valuedouble)
            return;
        emit(c, rn->valuedouble < ro->valuedouble ? "rate-limit-lowered" : "rate-limit-raised",
             "rate_limit_per_second", ot, nt, "rate limit %s/s -> %s/s", ot, nt);
    } else if (kn) {
        emit(c, "rate-limit-added", "rate_limit_per_second", NULL, nt,
             "rate limit documented: %s/s", nt);
    } else {
        emit(c, "rate-limit-removed", "rate_limit_per_second", ot, NULL,
             "rate limit no longer documented (was %s/s)", ot);
    }
}

static const char *joined(diff_ctx *c, const cJSON *a)
{
    strbuf b = STRBUF_INIT;
    for (const cJSON *x = a ? a->child : NULL; x; x = x->next) {
        if (b.len)
            strbuf_puts(&b, ", ");
        strbuf_puts(&b, cJSON_IsString(x) ? x->valuestring : "?");
    }
    const char *s = arena_strdup(&c->r->mem, b.data ? b.data : "");
    strbuf_free(&b);
    return s;
}

static void compare_regions(diff_ctx *c, const cJSON *o, const cJSON *n)
{
    const cJSON *ro = get(o, "regions"), *rn = get(n, "regions");
    bool lo = cJSON_IsArray(ro), ln = cJSON_IsArray(rn);
    if (!lo && !ln)
        return;
    if (!lo)
        emit(c, "regions-restricted", "regions", NULL, joined(c, rn),
             "now restricted to regions %s", joined(c, rn));
    else if (!ln)
        emit(c, "regions-unrestricted", "regions", joined(c, ro), NULL,
             "no longer restricted to regions (was %s)", joined(c, ro));
    else
        compare_string_sets(c, ro, rn, "regions", "region-removed", "region-added", "region");
}

static void compare_action(diff_ctx *c, const cJSON *o, const cJSON *n)
{
    compare_text(c, "title", "title", str(o, "title"), str(n, "title"));
    compare_text(c, "description", "description", str(o, "description"), str(n, "description"));
    const cJSON *ho = get(o, "http"), *hn = get(n, "http");
    if (!same_str(str(ho, "method"), str(hn, "method")))
        emit(c, "http-method-changed", "http.method", str(ho, "method"), str(hn, "method"),
             "HTTP method %s -> %s", str(ho, "method") ? str(ho, "method") : "none",
             str(hn, "method") ? str(hn, "method") : "none");
    if (!same_str(str(ho, "path"), str(hn, "path")))
        emit(c, "http-path-changed", "http.path", str(ho, "path"), str(hn, "path"),
             "HTTP path %s -> %s", str(ho, "path") ? str(ho, "path") : "none",
             str(hn, "path") ? str(hn, "path") : "none");
    compare_rate(c, o, n);
    compare_regions(c, o, n);
    compare_string_sets(c, get(o, "errors"), get(n, "errors"), "errors", "error-code-removed",
                        "error-code-added", "error code");
    compare_params(c, "input", PK_INPUT, SIDE_REQUEST, get(o, "input"), get(n, "input"));
    compare_params(c, "output", PK_OUTPUT, SIDE_RESPONSE, get(o, "output"), get(n, "output"));
}

static void compare_struct(diff_ctx *c, const cJSON *o, const cJSON *n)
{
    const char *name = str(o, "name");
    const char *prefix = fmt(c, "structs.%s", name);
    compare_text(c, fmt(c, "%s.description", prefix), fmt(c, "description of struct %s", name),
                 str(o, "description"), str(n, "description"));
    compare_params(c, prefix, PK_MEMBER, struct_side(c, name), get(o, "members"),
                   get(n, "members"));
}

static void at_service(diff_ctx *c)
{
    c->group = 0;
    c->subject = NULL;
    c->action = NULL;
}

static void at_action(diff_ctx *c, const char *name)
{
    c->group = 1;
    c->subject = c->action = name;
}

static void at_struct(diff_ctx *c, const char *name)
{
    c->group = 2;
    c->subject = name;
    c->action = NULL;
}

static const char *side_text(diff_ctx *c, const char *name)
{
    return struct_side(c, name) == SIDE_REQUEST ? "request-side" : "response-side";
}

static void compare_service(diff_ctx *c, const cJSON *o, const cJSON *n)
{
    at_service(c);
    if (!same_str(str(o, "endpoint"), str(n, "endpoint")))
        emit(c, "endpoint-changed", "endpoint", str(o, "endpoint"), str(n, "endpoint"),
             "endpoint %s -> %s", str(o, "endpoint") ? str(o, "endpoint") : "none",
             str(n, "endpoint") ? str(n, "endpoint") : "none");
    if (!same_str(str(o, "version"), str(n, "version")))
        emit(c, "version-changed", "version", str(o, "version"), str(n, "version"),
             "API version %s -> %s", str(o, "version") ? str(o, "version") : "none",
             str(n, "version") ? str(n, "version") : "none");
    const cJSON *po = get(o, "protocol"), *pn = get(n, "protocol");
    static const char *const proto_fields[] = {"style", "envelope"};
    for (int i = 0; i < 2; i++)
        if (!same_str(str(po, proto_fields[i]), str(pn, proto_fields[i])))
            emit(c, "protocol-changed", fmt(c, "protocol.%s", proto_fields[i]),
                 str(po, proto_fields[i]), str(pn, proto_fields[i]), "protocol %s %s -> %s",
                 proto_fields[i], str(po, proto_fields[i]) ? str(po, proto_fields[i]) : "none",
                 str(pn, proto_fields[i]) ? str(pn, proto_fields[i]) : "none");
    compare_string_sets(c, get(po, "signing"), get(pn, "signing"), "protocol.signing",
                        "signing-removed", "signing-added", "signing algorithm");
    compare_text(c, "description", "service description", str(o, "description"),
                 str(n, "description"));
    const cJSON *eo = get(o, "errors"), *en = get(n, "errors");
    for (const cJSON *e = eo ? eo->child : NULL; e; e = e->next) {
        const cJSON *f = find_named(en, "code", str(e, "code"));
        if (!f)
            emit(c, "error-code-removed", fmt(c, "errors.%s", str(e, "code")), str(e, "code"), NULL,
                 "error code %s removed", str(e, "code"));
        else
            compare_text(c, fmt(c, "errors.%s.description", str(e, "code")),
                         fmt(c, "description of error code %s", str(e, "code")),
                         str(e, "description"), str(f, "description"));
    }
    for (const cJSON *e = en ? en->child : NULL; e; e = e->next)
        if (!find_named(eo, "code", str(e, "code")))
            emit(c, "error-code-added", fmt(c, "errors.%s", str(e, "code")), NULL, str(e, "code"),
                 "error code %s added", str(e, "code"));

    c->use = (usage){0};
    compute_usage(c, o);
    compute_usage(c, n);
    const cJSON *ao = get(o, "actions"), *an = get(n, "actions");
    for (const cJSON *a = ao ? ao->child : NULL; a; a = a->next) {
        at_action(c, str(a, "name"));
        const cJSON *b = find_named(an, "name", str(a, "name"));
        if (b)
            compare_action(c, a, b);
        else
            emit(c, "action-removed", NULL, str(a, "name"), NULL, "action %s removed",
                 str(a, "name"));
    }
    for (const cJSON *b = an ? an->child : NULL; b; b = b->next)
        if (!find_named(ao, "name", str(b, "name"))) {
            at_action(c, str(b, "name"));
            emit(c, "action-added", NULL, NULL, str(b, "name"), "action %s added", str(b, "name"));
        }
    const cJSON *so = get(o, "structs"), *sn = get(n, "structs");
    for (const cJSON *s = so ? so->child : NULL; s; s = s->next) {
        const char *name = str(s, "name");
        at_struct(c, name);
        const cJSON *t = find_named(sn, "name", name);
        if (t)
            compare_struct(c, s, t);
        else
            emit(c, "struct-removed", fmt(c, "structs.%s", name), name, NULL,
                 "struct %s (%s) removed", name, side_text(c, name));
    }
    for (const cJSON *t = sn ? sn->child : NULL; t; t = t->next)
        if (!find_named(so, "name", str(t, "name"))) {
            at_struct(c, str(t, "name"));
            emit(c, "struct-added", fmt(c, "structs.%s", str(t, "name")), NULL, str(t, "name"),
                 "struct %s (%s) added", str(t, "name"), side_text(c, str(t, "name")));
        }
}

/* ---- order ---- */

static int cmp_null_first(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int entry_cmp(const void *pa, const void *pb)
{
    const diff_entry *a = pa, *b = pb;
    int r;
    if ((r = cmp_null_first(a->service, b->service)))
        return r;
    if (a->group != b->group)
        return a->group - b->group;
    if ((r = cmp_null_first(a->subject, b->subject)))
        return r;
    if (a->level != b->level)
        return (int)b->level - (int)a->level;
    if ((r = cmp_null_first(a->path, b->path)))
        return r;
    if ((r = strcmp(a->id, b->id)))
        return r;
    if ((r = cmp_null_first(a->old_value, b->old_value)))
        return r;
    if ((r = cmp_null_first(a->new_value, b->new_value)))
        return r;
    return strcmp(a->message, b->message);
}

static void recount(diff_report *r)
{
    for (int l = 0; l < DIFF_LEVEL_COUNT; l++)
        r->counts[l] = 0;
    for (size_t i = 0; i < r->n; i++)
        r->counts[r->items[i].level]++;
}

void ir_diff(const cJSON *old_ir, const cJSON *new_ir, diff_report *out)
{
    diff_ctx c = {out, NULL, 0, NULL, NULL, {0}};
    const cJSON *so = get(old_ir, "services"), *sn = get(new_ir, "services");
    for (const cJSON *s = so ? so->child : NULL; s; s = s->next) {
        c.service = arena_strdup(&out->mem, str(s, "id"));
        const cJSON *t = find_named(sn, "id", str(s, "id"));
        if (t) {
            compare_service(&c, s, t);
        } else {
            at_service(&c);
            emit(&c, "service-removed", NULL, c.service, NULL, "service %s removed", c.service);
        }
    }
    for (const cJSON *t = sn ? sn->child : NULL; t; t = t->next)
        if (!find_named(so, "id", str(t, "id"))) {
            c.service = arena_strdup(&out->mem, str(t, "id"));
            at_service(&c);
            emit(&c, "service-added", NULL, NULL, c.service, "service %s added", c.service);
        }
    if (out->n)
        qsort(out->items, out->n, sizeof *out->items, entry_cmp);
    recount(out);
}

/* ---- overrides -------------------------------------------------------------- */

void diff_overrides_free(diff_overrides *o)
{
    arena_free(&o->mem);
    *o = (diff_overrides)DIFF_OVERRIDES_INIT;
}

static bool rule_string(const cJSON *rule, const char *key, const char **out, arena *mem,
                        const char *label, size_t idx, diag_list *d)
{
    const cJSON *v = get(rule, key);
    if (!v)
        return true;
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides rule %zu: \"%s\" must be a non-empty string",
                 idx, key);
        return false;
    }
    *out = arena_strdup(mem, v->valuestring);
    return true;
}

static bool read_rule(const cJSON *rule, size_t idx, diff_overrides *out, const char *label,
                      diag_list *d)
{
    static const char *const keys[] = {"id", "service", "action", "path", "level", "reason"};
    if (!cJSON_IsObject(rule)) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides rule %zu: expected an object", idx);
        return false;
    }
    for (const cJSON *k = rule->child; k; k = k->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            known |= !strcmp(k->string, keys[i]);
        if (!known) {
            diag_add(d, DIAG_ERROR, label, 0,
                     "overrides rule %zu: unknown key \"%s\" (expected id, service, action, path, "
                     "level, reason)",
                     idx, k->string);
            return false;
        }
    }
    diff_override r = {0};
    if (!rule_string(rule, "id", &r.id, &out->mem, label, idx, d) ||
        !rule_string(rule, "service", &r.service, &out->mem, label, idx, d) ||
        !rule_string(rule, "action", &r.action, &out->mem, label, idx, d) ||
        !rule_string(rule, "path", &r.path, &out->mem, label, idx, d) ||
        !rule_string(rule, "reason", &r.reason, &out->mem, label, idx, d))
        return false;
    const char *level = NULL;
    if (!rule_string(rule, "level", &level, &out->mem, label, idx, d))
        return false;
    if (!r.id || !level) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides rule %zu: \"id\" and \"level\" are required",
                 idx);
        return false;
    }
    const diff_check *chk = diff_check_find(r.id);
    if (!chk) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "overrides rule %zu: unknown check id '%s' (docs/diff.md lists them)", idx, r.id);
        return false;
    }
    if (!strcmp(level, "ignore")) {
        r.ignore = true;
    } else if (!diff_level_from_name(level, &r.level)) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "overrides rule %zu: level '%s' is not one of ignore, info, warning, breaking", idx,
                 level);
        return false;
    } else if (r.level > chk->level) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "overrides rule %zu: '%s' reports at %s; overrides can lower a level or ignore a "
                 "check, not raise it to %s",
                 idx, r.id, diff_level_name(chk->level), level);
        return false;
    }
    r.id = chk->id;
    *ARENA_PUSH(&out->mem, out->items, out->n, out->cap) = r;
    return true;
}

int diff_overrides_parse(const char *label, const char *text, size_t len, diff_overrides *out,
                         diag_list *d)
{
    cJSON *root = parse_json(label, text, len, "an overrides file", d);
    if (!root)
        return -1;
    int rc = 0;
    const cJSON *rules = get(root, "overrides");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(rules)) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "not an overrides file: expected {\"overrides\": [{\"id\", \"level\", ...}]}");
        rc = -1;
    } else {
        for (const cJSON *k = root->child; k && rc == 0; k = k->next)
            if (strcmp(k->string, "overrides") && strcmp(k->string, "$comment")) {
                diag_add(d, DIAG_ERROR, label, 0,
                         "overrides file: unknown key \"%s\" (expected overrides, $comment)",
                         k->string);
                rc = -1;
            }
        size_t i = 0;
        for (const cJSON *r = rules->child; r && rc == 0; r = r->next, i++)
            if (!read_rule(r, i, out, label, d))
                rc = -1;
    }
    cJSON_Delete(root);
    return rc;
}

int diff_overrides_load(const char *path, diff_overrides *out, diag_list *d)
{
    size_t len = 0;
    char *text = read_file(path, &len, d);
    if (!text)
        return -1;
    int rc = diff_overrides_parse(path, text, len, out, d);
    free(text);
    return rc;
}

/* A rule's path names itself and what is below it: "input.Tags" matches
 * "input.Tags.limits.max_items", not "input.TagsExtra". */
static bool path_matches(const char *rule, const char *path)
{
    if (!rule)
        return true;
    if (!path)
        return false;
    size_t n = strlen(rule);
    return !strncmp(rule, path, n) && (path[n] == '\0' || path[n] == '.');
}

static bool rule_matches(const diff_override *r, const diff_entry *e)
{
    return !strcmp(r->id, e->id) && (!r->service || same_str(r->service, e->service)) &&
           (!r->action || same_str(r->action, e->action)) && path_matches(r->path, e->path);
}

void diff_apply_overrides(diff_report *r, const diff_overrides *o)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        diff_entry e = r->items[i];
        const diff_override *rule = NULL;
        for (size_t k = 0; k < o->n && !rule; k++)
            if (rule_matches(&o->items[k], &e))
                rule = &o->items[k];
        if (rule && rule->ignore) {
            r->ignored++;
            continue;
        }
        if (rule && rule->level != e.level) {
            e.level = rule->level;
            e.override_reason = rule->reason ? arena_strdup(&r->mem, rule->reason) : "";
        }
        r->items[kept++] = e;
    }
    r->n = kept;
    recount(r);
}

/* ---- output ------------------------------------------------------------------ */

bool diff_report_reaches(const diff_report *r, diff_level threshold)
{
    for (int l = threshold; l < DIFF_LEVEL_COUNT; l++)
        if (r->counts[l])
            return true;
    return false;
}

static const char *group_title(const diff_entry *e)
{
    return e->group == 0 ? "service" : e->group == 1 ? "action" : "struct";
}

char *diff_report_text(const diff_report *r, const char *old_label, const char *new_label)
{
    strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "docbind diff %s -> %s\n", old_label, new_label);
    strbuf_printf(&b, "%zu breaking, %zu warning, %zu info", r->counts[DIFF_BREAKING],
                  r->counts[DIFF_WARNING], r->counts[DIFF_INFO]);
    if (r->ignored)
        strbuf_printf(&b, " (%zu ignored by overrides)", r->ignored);
    strbuf_puts(&b, "\n");
    if (!r->n)
        strbuf_puts(&b, "\nno changes\n");
    for (size_t i = 0; i < r->n; i++) {
        const diff_entry *e = &r->items[i];
        const diff_entry *prev = i ? &r->items[i - 1] : NULL;
        bool new_service = !prev || !same_str(prev->service, e->service);
        if (new_service)
            strbuf_printf(&b, "\n%s\n", e->service);
        if (new_service || prev->group != e->group || !same_str(prev->subject, e->subject)) {
            if (e->group == 0)
                strbuf_puts(&b, "  service\n");
            else
                strbuf_printf(&b, "  %s %s\n", group_title(e), e->subject);
        }
        strbuf_printf(&b, "    %-8s  %s: %s", diff_level_name(e->level), e->id, e->message);
        if (e->override_reason)
            strbuf_printf(&b, " [lowered from %s%s%s]", diff_level_name(e->was_level),
                          e->override_reason[0] ? ": " : "", e->override_reason);
        strbuf_puts(&b, "\n");
    }
    return strbuf_take(&b);
}

static cJSON *str_json(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

char *diff_report_json(const diff_report *r, const char *old_label, const char *new_label)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddItemToObject(root, "old", str_json(old_label));
    cJSON_AddItemToObject(root, "new", str_json(new_label));
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    for (int l = DIFF_LEVEL_COUNT - 1; l >= 0; l--)
        cJSON_AddNumberToObject(sum, level_names[l], (double)r->counts[l]);
    cJSON_AddNumberToObject(sum, "ignored", (double)r->ignored);
    cJSON *changes = cJSON_AddArrayToObject(root, "changes");
    for (size_t i = 0; i < r->n; i++) {
        const diff_entry *e = &r->items[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", e->id);
        cJSON_AddStringToObject(x, "level", diff_level_name(e->level));
        cJSON_AddItemToObject(x, "service", str_json(e->service));
        cJSON_AddItemToObject(x, "action", str_json(e->action));
        cJSON_AddItemToObject(x, "path", str_json(e->path));
        cJSON_AddItemToObject(x, "old", str_json(e->old_value));
        cJSON_AddItemToObject(x, "new", str_json(e->new_value));
        cJSON_AddStringToObject(x, "message", e->message);
        if (e->override_reason) {
            cJSON *ov = cJSON_AddObjectToObject(x, "override");
            cJSON_AddStringToObject(ov, "level_was", diff_level_name(e->was_level));
            cJSON_AddItemToObject(ov, "reason", str_json(e->override_reason[0] ? e->override_reason : NULL));
        }
        cJSON_AddItemToArray(changes, x);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, text, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    cJSON_free(text);
    return out;
}
