/* The checked-in fixtures (generated/fixtures/, docs/fixtures.md) against
 * docbind's own generated client:
 *   - every valid request: docbind_codec_from_json into the generated
 *     request struct, then docbind_caller_prepare() with the fixture's
 *     credentials and a clock fixed at its timestamp and nonce, must give
 *     exactly the recorded method, URL, headers and body;
 *   - every invalid request (built or documented) must fail from_json or
 *     validation with exactly the recorded path and rule (or the expected
 *     JSON type);
 *   - every documented response must parse with the generated parser and
 *     hold the recorded values, read field by field through the
 *     descriptors (enum values resolved to their C value).
 * The fixture generator encodes from the IR alone, so any difference is a
 * disagreement between two implementations, reported with both sides. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_call.h"
#include "docbind_client.h"
#include "huawei_rocketmq/rocketmq.h"
#include "huawei_roma_mqs/roma_mqs.h"
#include "tencent_ckafka/ckafka.h"
#include "tencent_ckafka/ckafka_v2.h"
#include "test_support.h"

#define FIXTURES "generated/fixtures"

/* Every generated service; a fixture service missing here fails. */
static const docbind_service_desc *const services[] = {
    &ckafka_service, &ckafka_v2_service, &rocketmq_service, &roma_mqs_service, &onsmqtt_service,
};

static const docbind_service_desc *service_for(const char *id)
{
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        if (!strcmp(services[i]->id, id))
            return services[i];
    return NULL;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- The fixed clock ---------------------------------------------------- */

typedef struct fixed_clock {
    int64_t now;
    const char *nonce;
} fixed_clock;

static int64_t clock_now(void *user)
{
    return ((fixed_clock *)user)->now;
}

static int clock_nonce(void *user, docbind_sign_algorithm alg, char *out, size_t cap)
{
    (void)alg;
    int n = snprintf(out, cap, "%s", ((fixed_clock *)user)->nonce);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* ---- Counters ----------------------------------------------------------- */

typedef struct counts {
    int requests, invalid, invalid_read, invalid_validate, caught_reading;
    int responses, values, failures;
} counts;

#define FAIL(n, ...)                     \
    do {                                 \
        cr_log_error(__VA_ARGS__);       \
        (n)->failures++;                 \
    } while (0)

/* ---- Requests ----------------------------------------------------------- */

static bool header_listed(const cJSON *headers, const char *name, const char *value)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, headers)
    {
        const cJSON *n = cJSON_GetArrayItem(h, 0), *v = cJSON_GetArrayItem(h, 1);
        if (cJSON_IsString(n) && cJSON_IsString(v) && !strcmp(n->valuestring, name) &&
            !strcmp(v->valuestring, value))
            return true;
    }
    return false;
}

static void compare_request(const char *where, const cJSON *want, const docbind_request *got,
                            const char *base_url, counts *n)
{
    if (strcmp(got->method, jstr(want, "method")))
        FAIL(n, "%s: method %s, fixture %s", where, got->method, jstr(want, "method"));
    char *path = docbind_request_encoded_path(got), *query = docbind_request_encoded_query(got);
    char url[8192];
    snprintf(url, sizeof url, "%s%s%s%s", base_url, path, *query ? "?" : "", query);
    if (strcmp(url, jstr(want, "url")))
        FAIL(n, "%s: URL\n  client  %s\n  fixture %s", where, url, jstr(want, "url"));
    free(path);
    free(query);
    /* query pairs as decoded */
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(want, "query");
    if ((size_t)cJSON_GetArraySize(q) != got->query_count)
        FAIL(n, "%s: %zu query parameters, fixture %d", where, got->query_count,
             cJSON_GetArraySize(q));
    /* headers: the same set, names and values exact (order not significant) */
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(want, "headers");
    if ((size_t)cJSON_GetArraySize(headers) != got->header_count)
        FAIL(n, "%s: %zu headers, fixture %d", where, got->header_count,
             cJSON_GetArraySize(headers));
    for (size_t i = 0; i < got->header_count; i++)
        if (!header_listed(headers, got->headers[i].name, got->headers[i].value))
            FAIL(n, "%s: header %s: %s is not in the fixture", where, got->headers[i].name,
                 got->headers[i].value);
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(want, "body");
    if (cJSON_IsNull(body)) {
        if (got->body_len)
            FAIL(n, "%s: the client sends a body, the fixture none: %.*s", where,
                 (int)got->body_len, (const char *)got->body);
    } else if (!cJSON_IsString(body) || strlen(body->valuestring) != got->body_len ||
               memcmp(body->valuestring, got->body, got->body_len)) {
        FAIL(n, "%s: body\n  client  %.*s\n  fixture %s", where, (int)got->body_len,
             got->body ? (const char *)got->body : "", cJSON_IsString(body) ? body->valuestring : "");
    }
}

static docbind_caller *caller_for(const docbind_service_desc *svc, const cJSON *signing,
                                  char *base_url, size_t cap)
{
    const cJSON *cred = cJSON_GetObjectItemCaseSensitive(signing, "credentials");
    docbind_cloud_credentials creds = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_set(&creds, jstr(cred, "id"), jstr(cred, "secret"),
                                               NULL, &err),
                 0, "%s", err.message);
    snprintf(base_url, cap, "%s://%s", jstr(signing, "scheme"), jstr(signing, "host"));
    docbind_caller_config cfg = {0};
    cfg.service = svc;
    cfg.base_url = base_url;
    cfg.algorithm = docbind_sign_algorithm_from_name(jstr(signing, "algorithm"));
    cfg.credentials = &creds;
    cfg.region = jstr(signing, "region");
    docbind_caller *c = docbind_caller_new(&cfg, &err);
    cr_assert_not_null(c, "%s: %s", svc->id, err.message);
    docbind_cloud_credentials_free(&creds);
    docbind_error_clear(&err);
    return c;
}

static void valid_request(const char *where, const docbind_action_desc *a, docbind_caller *c,
                          const char *base_url, const fixed_clock *fc, const cJSON *r, counts *n)
{
    n->requests++;
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(r, "request");
    if (!want) {
        FAIL(n, "%s: a valid request without a wire form (%s)", where, jstr(r, "request_error"));
        return;
    }
    char *params = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(r, "params"));
    void *req = calloc(1, a->request->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_request got = DOCBIND_REQUEST_INIT;
    docbind_sign_clock clock = {clock_now, clock_nonce, (void *)fc};
    if (docbind_codec_from_json(a->request, params, strlen(params), req, &err))
        FAIL(n, "%s: from_json: %s", where, err.message);
    else if (docbind_caller_prepare(c, a, req, &clock, &got, &err))
        FAIL(n, "%s: docbind_caller_prepare: %s", where, err.message);
    else
        compare_request(where, want, &got, base_url, n);
    docbind_request_free(&got);
    docbind_codec_free(a->request, req);
    free(req);
    free(params);
    docbind_error_clear(&err);
}

static const docbind_field *field_named(const docbind_message_desc *d, const char *wire)
{
    for (size_t i = 0; d && i < d->n_fields; i++)
        if (!strcmp(d->fields[i].wire_name, wire))
            return &d->fields[i];
    return NULL;
}

static const char *type_phrase(const char *expected)
{
    static const struct {
        const char *word, *phrase;
    } phrases[] = {{"string", "expected a string"},   {"integer", "expected an integer"},
                   {"number", "expected a number"},   {"boolean", "expected a boolean"},
                   {"array", "expected an array"},    {"object", "expected an object"}};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
        if (!strcmp(phrases[i].word, expected))
            return phrases[i].phrase;
    return expected;
}

static void invalid_request(const char *where, const docbind_action_desc *a, const cJSON *r,
                            counts *n)
{
    n->invalid++;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(r, "error");
    const char *stage = jstr(e, "stage"), *path = jstr(e, "path");
    char *params = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(r, "params"));
    void *req = calloc(1, a->request->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    int read_rc = docbind_codec_from_json(a->request, params, strlen(params), req, &err);
    if (!strcmp(stage, "read")) {
        n->invalid_read++;
        const char *expected = jstr(e, "expected");
        if (read_rc == 0)
            FAIL(n, "%s: from_json accepts it; fixture expects %s at %s", where, expected, path);
        else if (err.kind != DOCBIND_ERROR_PARSE || !err.param_path ||
                 strcmp(err.param_path, path) || !strstr(err.message, type_phrase(expected)))
            FAIL(n, "%s: from_json says %s (at %s); fixture expects %s at %s", where, err.message,
                 err.param_path ? err.param_path : "-", expected, path);
    } else {
        n->invalid_validate++;
        const char *rule = jstr(e, "rule");
        bool same = false;
        if (read_rc) {
            /* a required number, boolean or enum the struct cannot mark
             * absent is refused while reading, with the same path and rule */
            same = err.kind == DOCBIND_ERROR_VALIDATION;
            if (same)
                n->caught_reading++;
        } else {
            same = docbind_codec_validate(a->request, req, &err) != 0;
        }
        if (!same)
            FAIL(n, "%s: %s; fixture expects %s at %s", where,
                 read_rc ? err.message : "validates", rule, path);
        else if (!err.param_path || strcmp(err.param_path, path) || !err.rule ||
                 strcmp(err.rule, rule))
            FAIL(n, "%s: the error says %s %s; fixture expects %s %s", where,
                 err.param_path ? err.param_path : "-", err.rule ? err.rule : "-", path, rule);
    }
    docbind_codec_free(a->request, req);
    free(req);
    free(params);
    docbind_error_clear(&err);
}

/* ---- Responses ---------------------------------------------------------- */

static size_t item_size(const docbind_field *f)
{
    switch (f->kind) {
    case DOCBIND_KIND_STRING:
    case DOCBIND_KIND_JSON:
        return sizeof(char *);
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

/* The field and value slot a path ("Result.TopicList[2].Name") names in a
 * parsed response; NULL when the path does not lead to a value. */
static const void *slot_at(const docbind_message_desc *d, const void *msg, const char *path,
                           const docbind_field **field, const void **owner)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    const char *cur = msg;
    const docbind_field *f = NULL;
    char *save = NULL;
    for (char *seg = strtok_r(buf, ".", &save); seg; seg = strtok_r(NULL, ".", &save)) {
        if (!cur || !d)
            return NULL;
        char *br = strchr(seg, '[');
        long index = -1;
        if (br) {
            index = strtol(br + 1, NULL, 10);
            *br = '\0';
        }
        f = field_named(d, seg);
        if (!f)
            return NULL;
        *owner = cur;
        const char *at = cur + f->offset;
        if (f->flags & DOCBIND_F_ARRAY) {
            size_t count = *(const size_t *)(cur + f->count_offset);
            const char *items = *(const char *const *)at;
            if (index < 0 || (size_t)index >= count || !items)
                return NULL;
            at = items + (size_t)index * item_size(f);
            cur = f->kind == DOCBIND_KIND_MESSAGE ? at : NULL;
        } else {
            cur = f->kind == DOCBIND_KIND_MESSAGE ? *(const char *const *)at : NULL;
        }
        d = f->kind == DOCBIND_KIND_MESSAGE ? f->message : NULL;
        if (!*save || f->kind != DOCBIND_KIND_MESSAGE) {
            *field = f;
            return at;
        }
    }
    return NULL;
}

static bool value_matches(const docbind_field *f, const void *slot, const void *owner,
                          const cJSON *want, const cJSON *enum_index)
{
    switch (f->kind) {
    case DOCBIND_KIND_STRING: {
        const char *s = *(const char *const *)slot;
        return s && cJSON_IsString(want) && !strcmp(s, want->valuestring);
    }
    case DOCBIND_KIND_INT:
        return cJSON_IsNumber(want) && (double)*(const int64_t *)slot == want->valuedouble;
    case DOCBIND_KIND_DOUBLE:
        return cJSON_IsNumber(want) && *(const double *)slot == want->valuedouble;
    case DOCBIND_KIND_BOOL:
        return cJSON_IsBool(want) && *(const bool *)slot == cJSON_IsTrue(want);
    case DOCBIND_KIND_ENUM: {
        int v = *(const int *)slot;
        if (cJSON_IsNumber(enum_index))
            return v == enum_index->valueint + 1 &&
                   !strcmp(docbind_enum_to_string(f->enumeration, v), want->valuestring);
        const char *raw = *(const char *const *)((const char *)owner + f->raw_offset);
        return v == 0 && raw && !strcmp(raw, want->valuestring);
    }
    default:
        return false;
    }
}

static void response_case(const char *where, const docbind_action_desc *a, const cJSON *r,
                          counts *n)
{
    n->responses++;
    const char *body = jstr(r, "body");
    long status = (long)cJSON_GetObjectItemCaseSensitive(r, "status")->valuedouble;
    void *resp = calloc(1, a->response->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_codec_parse_response(a, status, NULL, body, strlen(body), resp, &err);
    const cJSON *service_error = cJSON_GetObjectItemCaseSensitive(r, "service_error");
    const cJSON *parse_error = cJSON_GetObjectItemCaseSensitive(r, "error");
    if (service_error) {
        if (rc == 0 || err.kind != DOCBIND_ERROR_SERVICE || !err.code ||
            strcmp(err.code, jstr(service_error, "code")))
            FAIL(n, "%s: expected the service error %s, got %s", where,
                 jstr(service_error, "code"), rc ? err.message : "success");
    } else if (parse_error) {
        if (rc == 0 || err.kind != DOCBIND_ERROR_PARSE || !err.param_path ||
            strcmp(err.param_path, jstr(parse_error, "path")))
            FAIL(n, "%s: expected a parse error at %s, got %s", where, jstr(parse_error, "path"),
                 rc ? err.message : "success");
    } else if (rc) {
        FAIL(n, "%s: the documented response does not parse: %s", where, err.message);
    } else {
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "extract"))
        {
            n->values++;
            const char *path = jstr(e, "path");
            const docbind_field *f = NULL;
            const void *owner = NULL;
            const void *slot = slot_at(a->response, resp, path, &f, &owner);
            const cJSON *want = cJSON_GetObjectItemCaseSensitive(e, "value");
            if (!slot || !value_matches(f, slot, owner, want,
                                        cJSON_GetObjectItemCaseSensitive(e, "enum_index"))) {
                char *w = cJSON_PrintUnformatted(want);
                FAIL(n, "%s: %s: the parsed response does not hold %s", where, path, w);
                free(w);
            }
        }
    }
    docbind_codec_free(a->response, resp);
    free(resp);
    docbind_error_clear(&err);
}

/* ---- The suite ---------------------------------------------------------- */

static void one_fixture(const char *file, counts *n)
{
    char path[1024];
    snprintf(path, sizeof path, FIXTURES "/%s", file);
    char *text = test_read_file(path, NULL);
    cJSON *f = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(f, "%s is not JSON", path);
    const docbind_service_desc *svc = service_for(jstr(f, "service"));
    cr_assert_not_null(svc, "%s: service %s has no generated bindings here", path,
                       jstr(f, "service"));
    const docbind_action_desc *a = docbind_service_action(svc, jstr(f, "action"));
    cr_assert_not_null(a, "%s: action %s was not generated", path, jstr(f, "action"));
    const cJSON *signing = cJSON_GetObjectItemCaseSensitive(f, "signing");
    fixed_clock fc = {(int64_t)cJSON_GetObjectItemCaseSensitive(signing, "timestamp")->valuedouble,
                      jstr(signing, "nonce")};
    char base_url[512];
    docbind_caller *c = caller_for(svc, signing, base_url, sizeof base_url);
    const cJSON *r;
    char where[1200];
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "requests"))
    {
        snprintf(where, sizeof where, "%s %s", file, jstr(r, "name"));
        valid_request(where, a, c, base_url, &fc, r, n);
    }
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "documented_invalid"))
    {
        snprintf(where, sizeof where, "%s %s (documented)", file, jstr(r, "name"));
        invalid_request(where, a, r, n);
    }
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "invalid"))
    {
        snprintf(where, sizeof where, "%s %s", file, jstr(r, "name"));
        invalid_request(where, a, r, n);
    }
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "responses"))
    {
        snprintf(where, sizeof where, "%s response %s", file, jstr(r, "name"));
        response_case(where, a, r, n);
    }
    docbind_caller_free(c);
    cJSON_Delete(f);
}

Test(fixtures, every_fixture_agrees_with_the_generated_client)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_global_init(&err), 0);
    char *text = test_read_file(FIXTURES "/index.json", NULL);
    cJSON *index = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(index);
    counts n = {0};
    int files = 0;
    const cJSON *svc, *e;
    cJSON_ArrayForEach(svc, cJSON_GetObjectItemCaseSensitive(index, "services"))
    {
        cr_assert_not_null(service_for(jstr(svc, "id")), "service %s has no bindings here",
                           jstr(svc, "id"));
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(svc, "actions"))
        {
            one_fixture(jstr(e, "file"), &n);
            files++;
        }
    }
    cJSON_Delete(index);
    docbind_global_cleanup();
    cr_log_info("%d fixtures: %d requests, %d invalid (%d read, %d validate, of which %d "
                "required scalars caught while reading), %d responses with %d values",
                files, n.requests, n.invalid, n.invalid_read, n.invalid_validate,
                n.caught_reading, n.responses, n.values);
    cr_assert_gt(files, 100, "the whole IR should give fixtures");
    cr_assert_gt(n.requests, files, "every action has at least a minimal request");
    cr_assert_eq(n.failures, 0, "%d disagreements between the fixtures and the client",
                 n.failures);
}
