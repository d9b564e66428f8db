/* fixture_cases.c: the cases of one action's fixture (fixture_cases.h). */
#include "fixture_cases.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "fixture_sign.h"
#include "fixture_values.h"
#include "fixture_wire.h"
#include "strbuf.h"

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void gap(cJSON *fixture, const char *what, const char *fmt, const char *detail)
{
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "what", what);
    char reason[600];
    snprintf(reason, sizeof reason, fmt, detail ? detail : "");
    cJSON_AddStringToObject(g, "reason", reason);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(fixture, "gaps"), g);
}

/* ---- Signing ------------------------------------------------------------ */

static const fx_vendor *vendor_of(const fx_model *m, const fx_config *cfg)
{
    for (size_t i = 0; i < cfg->n_vendors; i++)
        if (m->vendor && !strcmp(cfg->vendors[i].vendor, m->vendor))
            return &cfg->vendors[i];
    return cfg->fallback;
}

static bool lists(const fx_model *m, const char *alg)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(m->service, "protocol"), "signing"))
        if (cJSON_IsString(s) && !strcmp(s->valuestring, alg))
            return true;
    return false;
}

/* The algorithm docbind's caller uses by default for the envelope, given an
 * AK/SK pair (runtime/docbind_call.h). */
static const char *algorithm_of(const fx_model *m)
{
    static const struct {
        const char *envelope, *algorithm;
    } defaults[] = {{"tencent", "tc3-hmac-sha256"},
                    {"tencent-v2", "tc-v1-hmac-sha1"},
                    {"huawei", "huawei-sdk-hmac-sha256"},
                    {"aliyun", "aliyun-rpc-hmac-sha1"}};
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        if (!strcmp(m->envelope, defaults[i].envelope) && lists(m, defaults[i].algorithm))
            return defaults[i].algorithm;
    return NULL;
}

cJSON *fx_signing_block(const fx_model *m, const fx_config *cfg, const char **why)
{
    const char *alg = algorithm_of(m);
    const fx_vendor *v = vendor_of(m, cfg);
    if (!alg) {
        *why = "protocol.signing lists no algorithm docbind's caller uses for this envelope";
        return NULL;
    }
    if (!m->endpoint || !*m->endpoint) {
        *why = "the service documents no endpoint";
        return NULL;
    }
    char host[512];
    const char *tpl = strstr(m->endpoint, "{region}");
    if (tpl)
        snprintf(host, sizeof host, "%.*s%s%s", (int)(tpl - m->endpoint), m->endpoint, v->region,
                 tpl + strlen("{region}"));
    else
        snprintf(host, sizeof host, "%s", m->endpoint);
    const char *dot = strchr(m->id, '.');
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "algorithm", alg);
    cJSON *c = cJSON_AddObjectToObject(s, "credentials");
    cJSON_AddStringToObject(c, "id", v->id);
    cJSON_AddStringToObject(c, "secret", v->secret);
    cJSON_AddNumberToObject(s, "timestamp", (double)cfg->timestamp);
    cJSON_AddStringToObject(s, "nonce", cfg->nonce);
    /* X-TC-Region goes with TC3 only; elsewhere the region is in the host */
    if (!strcmp(alg, "tc3-hmac-sha256"))
        cJSON_AddStringToObject(s, "region", v->region);
    else
        cJSON_AddNullToObject(s, "region");
    cJSON_AddStringToObject(s, "scheme", "https");
    cJSON_AddStringToObject(s, "host", host);
    cJSON_AddStringToObject(s, "scope_service", dot ? dot + 1 : m->id);
    return s;
}

/* Wire form and signature of params, added to `into` as "request" and
 * "signature". On failure records the reason as "request_error". */
static int add_wire(const fx_model *m, const fx_action *a, const cJSON *signing,
                    const cJSON *params, cJSON *into)
{
    if (!signing)
        return -1;
    fx_wire w;
    char err[300];
    if (fx_wire_encode(m, a, params, &w, err, sizeof err)) {
        cJSON_AddStringToObject(into, "request_error", err);
        return -1;
    }
    const cJSON *cred = cJSON_GetObjectItemCaseSensitive(signing, "credentials");
    const cJSON *region = cJSON_GetObjectItemCaseSensitive(signing, "region");
    fx_sign_config sc = {
        jstr(signing, "algorithm"),
        jstr(signing, "scheme"),
        jstr(signing, "host"),
        cJSON_IsString(region) ? region->valuestring : NULL,
        jstr(signing, "scope_service"),
        jstr(cred, "id"),
        jstr(cred, "secret"),
        (int64_t)cJSON_GetObjectItemCaseSensitive(signing, "timestamp")->valuedouble,
        jstr(signing, "nonce"),
    };
    cJSON *req = NULL, *sig = NULL;
    int rc = fx_sign_wire(m, &sc, &w, &req, &sig, err, sizeof err);
    fx_wire_free(&w);
    if (rc) {
        cJSON_AddStringToObject(into, "request_error", err);
        return -1;
    }
    cJSON_AddItemToObject(into, "request", req);
    cJSON_AddItemToObject(into, "signature", sig);
    return 0;
}

/* ---- Documented examples -> parameters ---------------------------------- */

static char *decode(const char *s)
{
    int n = 0;
    /* libcurl reads a length of 0 as "up to the NUL", which is the same here */
    char *d = curl_easy_unescape(NULL, s, (int)strlen(s), &n);
    char *out = d ? strdup(d) : NULL;
    curl_free(d);
    return out;
}

/* The member whose wire name is the longest prefix of `name` ending at a
 * dot or at the end ("src.broker.x" names "src.broker"); *rest after it. */
static const fx_member *match_member(const fx_message *msg, const char *name, const char **rest)
{
    const fx_member *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < msg->n_members; i++) {
        const char *w = msg->members[i].wire;
        size_t n = strlen(w);
        if (n > best_len && !strncmp(name, w, n) && (name[n] == '\0' || name[n] == '.')) {
            best = &msg->members[i];
            best_len = n;
        }
    }
    if (best)
        *rest = name[best_len] ? name + best_len + 1 : NULL;
    return best;
}

/* Puts a flattened pair into obj; false when it names no member. */
static bool put_pair(const fx_message *msg, cJSON *obj, const char *name, const char *value,
                     unsigned base, int depth)
{
    const char *rest = NULL;
    const fx_member *f = match_member(msg, name, &rest);
    if (!f || depth > 16)
        return false;
    cJSON *slot_parent = obj;
    const char *slot_key = f->wire;
    if (f->array) {
        if (!rest)
            return false;
        char *end = NULL;
        unsigned long i = strtoul(rest, &end, 10);
        if (end == rest || (*end && *end != '.') || i < base || i - base > 1024)
            return false;
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        if (!arr)
            arr = cJSON_AddArrayToObject(obj, f->wire);
        while ((unsigned long)cJSON_GetArraySize(arr) <= i - base)
            cJSON_AddItemToArray(arr, f->kind == FX_MESSAGE ? cJSON_CreateObject()
                                                            : cJSON_CreateNull());
        rest = *end == '.' ? end + 1 : NULL;
        if (f->kind == FX_MESSAGE)
            return rest && put_pair(f->message, cJSON_GetArrayItem(arr, (int)(i - base)), rest,
                                    value, base, depth + 1);
        if (rest)
            return false;
        fx_member one = *f;
        one.array = false;
        cJSON *v = fx_value_from_text(&one, value);
        cJSON_ReplaceItemInArray(arr, (int)(i - base), v ? v : cJSON_CreateString(value));
        return true;
    }
    if (f->kind == FX_MESSAGE) {
        if (!rest)
            return false;
        cJSON *sub = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        if (!sub)
            sub = cJSON_AddObjectToObject(obj, f->wire);
        return put_pair(f->message, sub, rest, value, base, depth + 1);
    }
    if (rest)
        return false;
    cJSON *v = fx_value_from_text(f, value);
    cJSON_DeleteItemFromObjectCaseSensitive(slot_parent, slot_key);
    cJSON_AddItemToObject(slot_parent, slot_key, v ? v : cJSON_CreateString(value));
    return true;
}

/* The parameters of a documented request in the form encoding
 * ("&InstanceId=x\n&Status.0=0\n&<公共请求参数>", a URL, or a REST request
 * line with a query): values percent-decoded; placeholders skipped; pairs
 * that name no member go to `ignored`. */
static cJSON *params_from_text(const fx_model *m, const fx_action *a, const char *text,
                               cJSON *ignored)
{
    cJSON *params = cJSON_CreateObject();
    const char *q = strchr(text, '?');
    char *copy = strdup(q ? q + 1 : text);
    if (!copy)
        return params;
    bool rest = !strcmp(m->style, "rest-json");
    if (rest && !q)
        copy[0] = '\0';
    for (char *save = NULL, *tok = strtok_r(copy, "&", &save); tok;
         tok = strtok_r(NULL, "&", &save)) {
        tok += strspn(tok, " \t\r\n");
        size_t len = strcspn(tok, rest ? " \t\r\n" : "\r\n");
        tok[len] = '\0';
        char *eq = strchr(tok, '=');
        if (!eq || strchr(tok, '<') || strchr(tok, '{'))
            continue;
        *eq = '\0';
        char *name = decode(tok), *value = decode(eq + 1);
        if (name && value && !put_pair(&a->request, params, name, value, m->array_base, 0))
            cJSON_AddItemToArray(ignored, cJSON_CreateString(name));
        free(name);
        free(value);
    }
    free(copy);
    return params;
}

/* ---- Requests ----------------------------------------------------------- */

static cJSON *error_json(const fx_problem *p)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "stage", p->expected ? "read" : "validate");
    cJSON_AddStringToObject(e, "path", p->path);
    if (p->expected)
        cJSON_AddStringToObject(e, "expected", p->expected);
    else
        cJSON_AddStringToObject(e, "rule", p->rule);
    return e;
}

/* 0 when params read and validate; else 1 with *p the first problem. */
static int check(const fx_action *a, const cJSON *params, fx_problem *p)
{
    memset(p, 0, sizeof *p);
    return fx_read_check(&a->request, params, NULL, true, p) || fx_validate(&a->request, params, NULL, p);
}

/* Adds the documented examples to the fixture; *first_valid gets a copy of
 * the first valid one's parameters as documented (caller deletes). */
static void documented_requests(const fx_model *m, const fx_action *a, const cJSON *signing,
                                cJSON *fixture, cJSON **first_valid)
{
    cJSON *requests = cJSON_GetObjectItemCaseSensitive(fixture, "requests");
    cJSON *bad = cJSON_GetObjectItemCaseSensitive(fixture, "documented_invalid");
    const cJSON *examples = cJSON_GetObjectItemCaseSensitive(a->ir, "examples");
    if (!cJSON_GetArraySize(examples))
        gap(fixture, "documented requests", "the action has no documented example%s", NULL);
    int index = 0;
    const cJSON *ex;
    cJSON_ArrayForEach(ex, examples)
    {
        char what[64];
        snprintf(what, sizeof what, "example %d request", index);
        const char *body = jstr(ex, "request_body"), *line = jstr(ex, "request");
        cJSON *ignored = cJSON_CreateArray();
        cJSON *params = NULL;
        if (body) {
            params = cJSON_Parse(body);
            if (!cJSON_IsObject(params)) {
                gap(fixture, what, "the documented request body is not a JSON object%s", NULL);
                cJSON_Delete(params);
                cJSON_Delete(ignored);
                index++;
                continue;
            }
            const cJSON *k;
            cJSON_ArrayForEach(k, params) if (!fx_member_find(&a->request, k->string))
                cJSON_AddItemToArray(ignored, cJSON_CreateString(k->string));
            /* a REST request line may carry the query */
            if (line && !strcmp(m->style, "rest-json")) {
                cJSON *more = params_from_text(m, a, line, ignored);
                const cJSON *v;
                cJSON_ArrayForEach(v, more) if (!cJSON_GetObjectItemCaseSensitive(params, v->string))
                    cJSON_AddItemToObject(params, v->string, cJSON_Duplicate(v, 1));
                cJSON_Delete(more);
            }
        } else if (line) {
            params = params_from_text(m, a, line, ignored);
        } else {
            gap(fixture, what, "the example documents no request, only a response%s", NULL);
            cJSON_Delete(ignored);
            index++;
            continue;
        }
        cJSON *as_documented = cJSON_Duplicate(params, 1);
        /* What a body example cannot show (path, query and header members)
         * is completed, and said so. */
        cJSON *completed = cJSON_CreateArray();
        bool completion_failed = false;
        for (size_t i = 0; i < a->request.n_members; i++) {
            const fx_member *f = &a->request.members[i];
            if (!f->required || !strcmp(f->location, "body") ||
                cJSON_GetObjectItemCaseSensitive(params, f->wire))
                continue;
            const char *why = NULL;
            cJSON *v = fx_pick(f, NULL, f->wire, completed, 0, &why);
            if (v)
                cJSON_AddItemToObject(params, f->wire, v);
            else
                completion_failed = true;
        }
        cJSON *c = cJSON_CreateObject();
        char name[32];
        snprintf(name, sizeof name, "example-%d", index);
        cJSON_AddStringToObject(c, "name", name);
        cJSON_AddNumberToObject(c, "example", index);
        const cJSON *ln = cJSON_GetObjectItemCaseSensitive(ex, "line");
        if (cJSON_IsNumber(ln))
            cJSON_AddNumberToObject(c, "line", ln->valuedouble);
        fx_problem p;
        int invalid = check(a, params, &p);
        cJSON_AddItemToObject(c, "params", params);
        if (cJSON_GetArraySize(ignored))
            cJSON_AddItemToObject(c, "ignored", ignored);
        else
            cJSON_Delete(ignored);
        if (cJSON_GetArraySize(completed))
            cJSON_AddItemToObject(c, "completed", completed);
        else
            cJSON_Delete(completed);
        if (invalid) {
            cJSON_AddItemToObject(c, "error", error_json(&p));
            cJSON_AddStringToObject(c, "reason",
                                    completion_failed
                                        ? "a required member the example cannot show has no value"
                                        : "the documented example breaks the document's own rules");
            if (!p.expected)
                add_wire(m, a, signing, params, c);
            cJSON_AddItemToArray(bad, c);
        } else {
            if (add_wire(m, a, signing, params, c) == 0 && !*first_valid) {
                *first_valid = as_documented;
                as_documented = NULL;
            }
            cJSON_AddItemToArray(requests, c);
        }
        cJSON_Delete(as_documented);
        index++;
    }
}

/* ---- Invalid requests --------------------------------------------------- */

typedef struct step {
    const char *key; /* member, or NULL for an array index */
    size_t index;
} step;

typedef struct inv_ctx {
    const fx_model *m;
    const fx_action *a;
    const cJSON *signing;
    cJSON *fixture;
    cJSON *invalid;
    bool text_on_wire; /* the member travels as text: a wrong JSON type has no wire form */
} inv_ctx;

static cJSON *navigate(cJSON *root, const step *steps, size_t n)
{
    cJSON *cur = root;
    for (size_t i = 0; cur && i < n; i++)
        cur = steps[i].key ? cJSON_GetObjectItemCaseSensitive(cur, steps[i].key)
                           : cJSON_GetArrayItem(cur, (int)steps[i].index);
    return cur;
}

/* Records `broken` as an invalid case when its first problem is exactly
 * (path, rule or expected); returns whether it was. Takes `broken`. */
static bool record(inv_ctx *x, cJSON *broken, const char *kind, const char *path,
                   const char *rule, const char *expected)
{
    fx_problem p;
    int bad = check(x->a, broken, &p);
    bool as_meant = bad && !strcmp(p.path, path) &&
                    ((rule && p.rule && !strcmp(p.rule, rule)) ||
                     (expected && p.expected && !strcmp(p.expected, expected)));
    if (!as_meant) {
        cJSON_Delete(broken);
        return false;
    }
    cJSON *c = cJSON_CreateObject();
    char name[700];
    snprintf(name, sizeof name, "%s:%s%s%s", kind, path, rule ? ":" : "", rule ? rule : "");
    cJSON_AddStringToObject(c, "name", name);
    cJSON_AddStringToObject(c, "kind", kind);
    cJSON_AddItemToObject(c, "params", broken);
    cJSON_AddItemToObject(c, "error", error_json(&p));
    if (!expected ||
        (!x->text_on_wire && (!strcmp(x->m->style, "rpc-json") || !strcmp(x->m->style, "rest-json"))))
        add_wire(x->m, x->a, x->signing, broken, c);
    else
        cJSON_AddStringToObject(c, "request_error",
                                "the value travels as text, where a JSON type has no form");
    cJSON_AddItemToArray(x->invalid, c);
    return true;
}

static void skipped(inv_ctx *x, const char *path, const char *what, const char *why)
{
    char w[700];
    snprintf(w, sizeof w, "invalid %s %s", what, path);
    gap(x->fixture, w, "%s", why);
}

/* Replaces (or adds) member `key` of the container at steps in a copy of
 * base with v; returns the copy. */
static cJSON *with_value(const cJSON *base, const step *steps, size_t n, const char *key,
                         cJSON *v)
{
    cJSON *copy = cJSON_Duplicate(base, 1);
    cJSON *container = navigate(copy, steps, n);
    cJSON_DeleteItemFromObjectCaseSensitive(container, key);
    if (v)
        cJSON_AddItemToObject(container, key, v);
    return copy;
}

static char *repeat_to(const char *s, size_t count, char fill)
{
    size_t n = fx_utf8_length(s), len = strlen(s);
    if (n == (size_t)-1 || count > 1000000)
        return NULL;
    char *out = malloc(len + (count > n ? count - n : 0) + 1);
    if (!out)
        return NULL;
    if (count <= n) {
        size_t at = 0, cp = 0;
        while (s[at] && cp < count) {
            at++;
            while ((s[at] & 0xC0) == 0x80)
                at++;
            cp++;
        }
        memcpy(out, s, at);
        out[at] = '\0';
        return out;
    }
    memcpy(out, s, len);
    for (size_t i = n; i < count; i++)
        out[len++] = fill;
    out[len] = '\0';
    return out;
}

/* A string value broken for `rule` and recorded; tries a few fills. */
static void broken_string(inv_ctx *x, const cJSON *base, const step *steps, size_t n,
                          const fx_member *f, const char *valid, const char *path,
                          const char *rule)
{
    const char *fills = "a1-_.Z ";
    static const char *const not_matching[] = {"", " ", "!", "-", "0", "a", "~invalid~",
                                               "\xe4\xb8\xad"};
    size_t tries = !strcmp(rule, "pattern") ? sizeof not_matching / sizeof not_matching[0]
                                            : strlen(fills);
    for (size_t t = 0; t < tries; t++) {
        char *s = NULL;
        if (!strcmp(rule, "max_length")) {
            char fill = valid && *valid && (unsigned char)valid[strlen(valid) - 1] < 0x80 && t == 0
                            ? valid[strlen(valid) - 1]
                            : fills[t];
            s = repeat_to(valid ? valid : "", (size_t)f->max_length + 1, fill);
        } else if (!strcmp(rule, "min_length")) {
            if (t)
                break;
            s = repeat_to(valid ? valid : "", (size_t)f->min_length - 1, 'a');
        } else if (!strcmp(rule, "enum")) {
            s = strdup(t == 0 ? "NOT_A_DOCUMENTED_VALUE" : t == 1 ? "x" : "");
            if (t > 2)
                break;
        } else {
            s = strdup(not_matching[t]);
        }
        if (!s)
            continue;
        cJSON *v = cJSON_CreateString(s);
        free(s);
        cJSON *broken;
        if (f->array) {
            cJSON *arr = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(navigate((cJSON *)base, steps, n), f->wire), 1);
            cJSON_ReplaceItemInArray(arr, 0, v);
            broken = with_value(base, steps, n, f->wire, arr);
        } else {
            broken = with_value(base, steps, n, f->wire, v);
        }
        char where[600];
        if (f->array)
            fx_path_index(where, sizeof where, path, 0);
        else
            snprintf(where, sizeof where, "%s", path);
        if (record(x, broken, !strcmp(rule, "enum") ? "enum" : "limit", where, rule, NULL))
            return;
    }
    skipped(x, path, rule, "no value breaks this rule alone");
}

static void broken_number(inv_ctx *x, const cJSON *base, const step *steps, size_t n,
                          const fx_member *f, const char *path, const char *rule)
{
    bool integer = f->kind == FX_INT;
    double v = !strcmp(rule, "maximum")   ? (integer ? floor(f->maximum) + 1 : f->maximum + 1)
               : !strcmp(rule, "minimum") ? (integer ? ceil(f->minimum) - 1 : f->minimum - 1)
                                          : (integer ? floor(f->exclusive_minimum)
                                                     : f->exclusive_minimum);
    cJSON *value = cJSON_CreateNumber(v);
    cJSON *broken;
    char where[600];
    if (f->array) {
        cJSON *arr = cJSON_Duplicate(
            cJSON_GetObjectItemCaseSensitive(navigate((cJSON *)base, steps, n), f->wire), 1);
        cJSON_ReplaceItemInArray(arr, 0, value);
        broken = with_value(base, steps, n, f->wire, arr);
        fx_path_index(where, sizeof where, path, 0);
    } else {
        broken = with_value(base, steps, n, f->wire, value);
        snprintf(where, sizeof where, "%s", path);
    }
    if (!record(x, broken, "limit", where, rule, NULL))
        skipped(x, path, rule, "no value breaks this rule alone");
}

static void member_cases(inv_ctx *x, const fx_message *msg, const cJSON *base, step *steps,
                         size_t n, const char *prefix, int depth);

static void cases_for(inv_ctx *x, const fx_member *f, const cJSON *base, step *steps, size_t n,
                      const char *prefix, int depth)
{
    char path[512];
    fx_path_join(path, sizeof path, prefix, f->wire);
    const cJSON *container = navigate((cJSON *)base, steps, n);
    const cJSON *current = cJSON_GetObjectItemCaseSensitive(container, f->wire);

    if (f->required && current)
        if (!record(x, with_value(base, steps, n, f->wire, NULL), "missing_required", path,
                    "required", NULL))
            skipped(x, path, "required", "removing it does not make it the first problem");

    /* wrong JSON type */
    if (f->kind != FX_JSON) {
        cJSON *wrong = f->array                                   ? cJSON_CreateString("not-an-array")
                       : f->kind == FX_STRING || f->kind == FX_ENUM ? cJSON_CreateNumber(1)
                       : f->kind == FX_INT                         ? cJSON_CreateString("1")
                       : f->kind == FX_DOUBLE                      ? cJSON_CreateString("1.5")
                       : f->kind == FX_BOOL                        ? cJSON_CreateString("true")
                                                                   : cJSON_CreateString("not-an-object");
        const char *expected = f->array                                   ? "array"
                               : f->kind == FX_STRING || f->kind == FX_ENUM ? "string"
                               : f->kind == FX_INT                         ? "integer"
                               : f->kind == FX_DOUBLE                      ? "number"
                               : f->kind == FX_BOOL                        ? "boolean"
                                                                           : "object";
        /* path, query and header values are text on the wire, whatever
         * their JSON type was */
        x->text_on_wire = f->location && strcmp(f->location, "body") && strcmp(f->location, "none");
        record(x, with_value(base, steps, n, f->wire, wrong), "wrong_type", path, NULL, expected);
        x->text_on_wire = false;
    }

    bool wants_value = f->limits || f->kind == FX_MESSAGE;
    if (!wants_value)
        return;
    /* A base where the member holds a valid value (at least one item). */
    cJSON *valued = NULL;
    if (current && (!f->array || cJSON_GetArraySize(current) > 0)) {
        valued = cJSON_Duplicate(base, 1);
    } else {
        const char *why = NULL;
        cJSON *v = fx_pick(f, NULL, path, NULL, depth, &why);
        if (!v) {
            skipped(x, path, "limits", why ? why : "no valid value to start from");
            return;
        }
        valued = with_value(base, steps, n, f->wire, v);
    }
    const cJSON *now = cJSON_GetObjectItemCaseSensitive(navigate(valued, steps, n), f->wire);
    const cJSON *first = f->array ? cJSON_GetArrayItem(now, 0) : now;
    const char *valid = cJSON_IsString(first) ? first->valuestring : NULL;

    if (f->limits & FX_L_MAX_ITEMS) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t k = 0; k <= (size_t)f->max_items; k++)
            cJSON_AddItemToArray(arr, cJSON_Duplicate(first, 1));
        if (!record(x, with_value(valued, steps, n, f->wire, arr), "limit", path, "max_items", NULL))
            skipped(x, path, "max_items", "no value breaks this rule alone");
    }
    if ((f->limits & FX_L_MIN_ITEMS) && f->min_items >= 1) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t k = 0; k + 1 < (size_t)f->min_items; k++)
            cJSON_AddItemToArray(arr, cJSON_Duplicate(first, 1));
        if (!record(x, with_value(valued, steps, n, f->wire, arr), "limit", path, "min_items", NULL))
            skipped(x, path, "min_items", "no value breaks this rule alone");
    }
    if (f->limits & FX_L_MAXIMUM)
        broken_number(x, valued, steps, n, f, path, "maximum");
    if (f->limits & FX_L_MINIMUM)
        broken_number(x, valued, steps, n, f, path, "minimum");
    if (f->limits & FX_L_EXCLUSIVE_MINIMUM)
        broken_number(x, valued, steps, n, f, path, "exclusive_minimum");
    if (f->limits & FX_L_MAX_LENGTH)
        broken_string(x, valued, steps, n, f, valid, path, "max_length");
    if ((f->limits & FX_L_MIN_LENGTH) && f->min_length >= 1)
        broken_string(x, valued, steps, n, f, valid, path, "min_length");
    if (f->limits & FX_L_ENUM)
        broken_string(x, valued, steps, n, f, valid, path, "enum");
    if (f->limits & FX_L_PATTERN)
        broken_string(x, valued, steps, n, f, valid, path, "pattern");

    /* The struct's own members, in its first item. */
    if (f->kind == FX_MESSAGE && depth < 3 && n + 2 < 16) {
        steps[n] = (step){f->wire, 0};
        size_t k = n + 1;
        char inner[512];
        if (f->array) {
            steps[k++] = (step){NULL, 0};
            fx_path_index(inner, sizeof inner, path, 0);
        } else {
            snprintf(inner, sizeof inner, "%s", path);
        }
        if (cJSON_IsObject(navigate(valued, steps, k)))
            member_cases(x, f->message, valued, steps, k, inner, depth + 1);
    }
    cJSON_Delete(valued);
}

static void member_cases(inv_ctx *x, const fx_message *msg, const cJSON *base, step *steps,
                         size_t n, const char *prefix, int depth)
{
    for (size_t i = 0; i < msg->n_members; i++)
        cases_for(x, &msg->members[i], base, steps, n, prefix, depth);
}

/* ---- Responses ---------------------------------------------------------- */

static void extract(const fx_message *msg, const cJSON *obj, const char *prefix, cJSON *out,
                    cJSON *undeclared)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) if (!fx_member_find(msg, k->string))
    {
        char path[512];
        fx_path_join(path, sizeof path, prefix, k->string);
        cJSON_AddItemToArray(undeclared, cJSON_CreateString(path));
    }
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        if (!v || cJSON_IsNull(v) || f->kind == FX_JSON)
            continue;
        char path[512];
        fx_path_join(path, sizeof path, prefix, f->wire);
        size_t count = f->array ? (size_t)cJSON_GetArraySize(v) : 1;
        for (size_t j = 0; j < count; j++) {
            const cJSON *item = f->array ? cJSON_GetArrayItem(v, (int)j) : v;
            char at[512];
            if (f->array)
                fx_path_index(at, sizeof at, path, j);
            else
                snprintf(at, sizeof at, "%s", path);
            if (cJSON_IsNull(item))
                continue;
            if (f->kind == FX_MESSAGE) {
                extract(f->message, item, at, out, undeclared);
                continue;
            }
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "path", at);
            cJSON_AddItemToObject(e, "value", cJSON_Duplicate(item, 1));
            if (f->n_enum_values) {
                cJSON *idx = cJSON_CreateNull();
                for (size_t q = 0; q < f->n_enum_values; q++)
                    if (!strcmp(f->enum_values[q], item->valuestring)) {
                        cJSON_Delete(idx);
                        idx = cJSON_CreateNumber((double)q);
                        break;
                    }
                cJSON_AddItemToObject(e, "enum_index", idx);
            }
            cJSON_AddItemToArray(out, e);
        }
    }
}

static void responses(const fx_model *m, const fx_action *a, cJSON *fixture)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(fixture, "responses");
    int index = 0;
    const cJSON *ex;
    bool any = false;
    cJSON_ArrayForEach(ex, cJSON_GetObjectItemCaseSensitive(a->ir, "examples"))
    {
        const char *text = jstr(ex, "response");
        char what[64];
        snprintf(what, sizeof what, "example %d response", index);
        if (!text) {
            index++;
            continue;
        }
        any = true;
        cJSON *root = cJSON_Parse(text);
        cJSON *r = cJSON_CreateObject();
        char name[32];
        snprintf(name, sizeof name, "example-%d", index);
        cJSON_AddStringToObject(r, "name", name);
        cJSON_AddNumberToObject(r, "example", index);
        cJSON_AddNumberToObject(r, "status", 200);
        cJSON_AddStringToObject(r, "body", text);
        const cJSON *out = root;
        if (!strcmp(m->envelope, "tencent"))
            out = cJSON_GetObjectItemCaseSensitive(root, "Response");
        const cJSON *err = NULL;
        if (!strcmp(m->envelope, "tencent"))
            err = cJSON_GetObjectItemCaseSensitive(out, "Error");
        if (!cJSON_IsObject(out)) {
            cJSON_Delete(r);
            gap(fixture, what, "%s",
                !strcmp(m->envelope, "tencent") ? "the response is not {\"Response\": {...}}"
                                                 : "the response is not a JSON object");
        } else if (err && !cJSON_IsNull(err)) {
            cJSON *e = cJSON_AddObjectToObject(r, "service_error");
            cJSON_AddStringToObject(e, "code", jstr(err, "Code") ? jstr(err, "Code") : "");
            cJSON_AddItemToArray(list, r);
        } else {
            fx_problem p;
            memset(&p, 0, sizeof p);
            if (fx_read_check(&a->response, out, NULL, false, &p)) {
                cJSON_AddItemToObject(r, "error", error_json(&p));
            } else {
                cJSON *values = cJSON_CreateArray(), *undeclared = cJSON_CreateArray();
                extract(&a->response, out, NULL, values, undeclared);
                cJSON_AddItemToObject(r, "extract", values);
                if (cJSON_GetArraySize(undeclared))
                    cJSON_AddItemToObject(r, "undeclared", undeclared);
                else
                    cJSON_Delete(undeclared);
            }
            cJSON_AddItemToArray(list, r);
        }
        cJSON_Delete(root);
        index++;
    }
    if (!any)
        gap(fixture, "documented responses", "the action documents no response example%s", NULL);
}

/* ---- The fixture -------------------------------------------------------- */

cJSON *fx_action_fixture(const fx_model *m, const fx_action *a, const fx_config *cfg)
{
    cJSON *f = cJSON_CreateObject();
    if (!f)
        return NULL;
    cJSON_AddNumberToObject(f, "fixture_version", FIXTURE_VERSION);
    cJSON_AddStringToObject(f, "service", m->id);
    cJSON_AddStringToObject(f, "action", a->name);
    cJSON *proto = cJSON_AddObjectToObject(f, "protocol");
    cJSON_AddStringToObject(proto, "style", m->style);
    cJSON_AddStringToObject(proto, "envelope", m->envelope);
    cJSON_AddNumberToObject(proto, "array_base", m->array_base);
    cJSON *http = cJSON_AddObjectToObject(f, "http");
    cJSON_AddStringToObject(http, "method", a->method);
    cJSON_AddStringToObject(http, "path", a->path);
    const char *why = NULL;
    cJSON *signing = fx_signing_block(m, cfg, &why);
    cJSON_AddItemToObject(f, "signing", signing ? signing : cJSON_CreateNull());
    cJSON_AddArrayToObject(f, "requests");
    cJSON_AddArrayToObject(f, "documented_invalid");
    cJSON *invalid = cJSON_AddArrayToObject(f, "invalid");
    cJSON_AddArrayToObject(f, "responses");
    cJSON_AddArrayToObject(f, "gaps");
    if (!signing)
        gap(f, "wire forms", "%s", why);

    cJSON *first_valid = NULL;
    documented_requests(m, a, signing, f, &first_valid);

    /* The minimal request: required members only, values from the first
     * valid documented request as documented (before completion). */
    cJSON *provenance = cJSON_CreateArray();
    const char *mwhy = NULL;
    cJSON *minimal = fx_minimal(&a->request, first_valid, NULL, provenance, 0, &mwhy);
    cJSON_Delete(first_valid);
    fx_problem p;
    if (minimal && check(a, minimal, &p)) {
        /* cannot happen when the checks agree with the picks; said if it does */
        cJSON_Delete(minimal);
        minimal = NULL;
        mwhy = "the minimal request does not pass its own checks";
    }
    if (!minimal) {
        cJSON_Delete(provenance);
        gap(f, "minimal request", "%s", mwhy ? mwhy : "no value for a required member");
        responses(m, a, f);
        return f;
    }
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "name", "minimal");
    cJSON_AddItemToObject(c, "params", cJSON_Duplicate(minimal, 1));
    cJSON_AddItemToObject(c, "provenance", provenance);
    add_wire(m, a, signing, minimal, c);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(f, "requests"), c);

    inv_ctx x = {m, a, signing, f, invalid, false};
    step steps[16];
    member_cases(&x, &a->request, minimal, steps, 0, NULL, 0);
    cJSON_Delete(minimal);
    responses(m, a, f);
    return f;
}

void fx_fixture_counts(const cJSON *f, fx_counts *out)
{
    out->requests += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "requests"));
    out->documented_invalid +=
        (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "documented_invalid"));
    out->invalid += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "invalid"));
    out->responses += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "responses"));
    out->gaps += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "gaps"));
}
