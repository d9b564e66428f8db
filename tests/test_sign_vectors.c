/* The golden vectors in tests/vectors/<algorithm>/<case>.json, one
 * parameterized test each: the request goes through the same JSON reader
 * and docbind_sign() that `docbind sign` uses, and every intermediate in
 * the record's "expected" object is compared. The values come from the
 * vendors' worked examples and from tests/vectors/gen_vectors.py, never
 * from this implementation. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_sign.h"
#include "sign_request_json.h"
#include "test_support.h"

struct vector_case {
    char path[256]; /* relative to the source tree */
};

static int cmp_case(const void *a, const void *b)
{
    return strcmp(((const struct vector_case *)a)->path, ((const struct vector_case *)b)->path);
}

static void free_cases(struct criterion_test_params *p)
{
    cr_free(p->params);
}

/* Every tests/vectors/<dir>/<file>.json, sorted. */
ParameterizedTestParameters(sign_vectors, vector)
{
    size_t n = 0, cap = 128;
    struct vector_case *cases = cr_malloc(cap * sizeof *cases);
    char root[4096];
    snprintf(root, sizeof root, "%s/tests/vectors", DOCBIND_SOURCE_DIR);
    DIR *top = opendir(root);
    for (struct dirent *d; top && (d = readdir(top));) {
        if (d->d_name[0] == '.')
            continue;
        char sub[4352];
        snprintf(sub, sizeof sub, "%s/%s", root, d->d_name);
        DIR *dir = opendir(sub);
        for (struct dirent *f; dir && (f = readdir(dir));) {
            size_t len = strlen(f->d_name);
            if (len < 6 || strcmp(f->d_name + len - 5, ".json") || n == cap)
                continue;
            int w = snprintf(cases[n].path, sizeof cases[n].path, "tests/vectors/%.64s/%.160s",
                             d->d_name, f->d_name);
            if (w > 0 && (size_t)w < sizeof cases[n].path)
                n++;
        }
        if (dir)
            closedir(dir);
    }
    if (top)
        closedir(top);
    qsort(cases, n, sizeof *cases, cmp_case);
    return cr_make_param_array(struct vector_case, cases, n, free_cases);
}

static const char *expected_str(const cJSON *expected, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(expected, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Replaces body_fill with the body it stands for (the generator does the
 * same): `length` bytes repeating `pattern`. */
static void expand_fill(cJSON *record, cJSON *request)
{
    const cJSON *fill = cJSON_GetObjectItemCaseSensitive(record, "body_fill");
    if (!fill)
        return;
    const cJSON *len = cJSON_GetObjectItemCaseSensitive(fill, "length");
    const cJSON *pat = cJSON_GetObjectItemCaseSensitive(fill, "pattern");
    cr_assert(cJSON_IsNumber(len) && cJSON_IsString(pat) && pat->valuestring[0]);
    size_t n = (size_t)len->valuedouble, plen = strlen(pat->valuestring);
    char *body = malloc(n + 1);
    cr_assert_not_null(body);
    for (size_t i = 0; i < n; i++)
        body[i] = pat->valuestring[i % plen];
    body[n] = '\0';
    cJSON_DeleteItemFromObjectCaseSensitive(request, "body");
    cJSON_AddStringToObject(request, "body", body);
    free(body);
}

static void check_headers(const char *path, const cJSON *want, const docbind_sign_result *res)
{
    cr_assert(cJSON_IsArray(want), "%s: expected.headers must be an array", path);
    cr_assert_eq((size_t)cJSON_GetArraySize(want), res->header_count,
                 "%s: %zu headers to add, expected %d", path, res->header_count,
                 cJSON_GetArraySize(want));
    size_t i = 0;
    for (const cJSON *h = want->child; h; h = h->next, i++) {
        const char *name, *value;
        cr_assert_eq(docbind_sign_result_header(res, i, &name, &value), 0);
        cr_assert_str_eq(name, cJSON_GetArrayItem(h, 0)->valuestring, "%s: header %zu", path,
                         i);
        cr_assert_str_eq(value, cJSON_GetArrayItem(h, 1)->valuestring, "%s: header %zu",
                         path, i);
    }
}

static const char *last_line(const char *s)
{
    const char *nl = strrchr(s, '\n');
    return nl ? nl + 1 : s;
}

/* Compares every expected intermediate; an unknown key fails, so a record
 * can never carry a value nobody checks. */
static void check_result(const char *path, const cJSON *request, const cJSON *expected,
                         const docbind_sign_json_request *jr, const docbind_sign_result *res)
{
    const struct {
        const char *key;
        const docbind_buf *buf;
    } direct[] = {
        {"canonical_request", &res->canonical_request},
        {"string_to_sign", &res->string_to_sign},
        {"signature", &res->signature},
        {"authorization", &res->authorization},
        {"signed_query", &res->signed_query},
        {"url", &res->url},
    };
    for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++) {
        const char *want = expected_str(expected, direct[i].key);
        /* What the record leaves out, the algorithm must not produce. */
        cr_assert_str_eq(docbind_buf_str(direct[i].buf), want ? want : "", "%s: %s", path,
                         direct[i].key);
    }
    for (const cJSON *e = expected->child; e; e = e->next) {
        const char *k = e->string;
        int known = 0;
        for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++)
            known |= !strcmp(k, direct[i].key);
        if (known)
            continue;
        if (!strcmp(k, "headers")) {
            check_headers(path, e, res);
        } else if (!strcmp(k, "hashed_payload")) {
            /* The last line of the canonical request, and SHA-256 of the
             * body unless the request opted out of body signing. */
            cr_assert_str_eq(last_line(docbind_buf_str(&res->canonical_request)),
                             e->valuestring, "%s: hashed_payload", path);
            if (strcmp(e->valuestring, "UNSIGNED-PAYLOAD")) {
                char hex[65];
                docbind_sha256_hex(jr->input.request.body, jr->input.request.body_len, hex);
                cr_assert_str_eq(hex, e->valuestring, "%s: hashed_payload", path);
            }
        } else if (!strcmp(k, "hashed_canonical_request")) {
            char hex[65];
            docbind_sha256_hex(res->canonical_request.data, res->canonical_request.len, hex);
            cr_assert_str_eq(hex, e->valuestring, "%s: hashed_canonical_request", path);
            cr_assert_str_eq(last_line(docbind_buf_str(&res->string_to_sign)), e->valuestring,
                             "%s: string_to_sign ends with the hash", path);
        } else if (!strcmp(k, "secret_date") || !strcmp(k, "secret_service") ||
                   !strcmp(k, "secret_signing")) {
            unsigned char key[32], kdate[32], kservice[32];
            char date[11], hex[65];
            docbind_sign_utc_date(jr->input.timestamp, date);
            cr_assert_eq(docbind_tc3_signing_key(jr->input.credentials.secret, date,
                                                 jr->input.service, key, kdate, kservice),
                         0);
            const unsigned char *which = !strcmp(k, "secret_date")      ? kdate
                                         : !strcmp(k, "secret_service") ? kservice
                                                                        : key;
            for (int i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", which[i]);
            cr_assert_str_eq(hex, e->valuestring, "%s: %s", path, k);
        } else if (!strcmp(k, "param_string")) {
            const char *q = strchr(docbind_buf_str(&res->string_to_sign), '?');
            cr_assert_not_null(q, "%s: no ? in the v1 string to sign", path);
            cr_assert_str_eq(q + 1, e->valuestring, "%s: param_string", path);
        } else if (!strcmp(k, "canonical_query")) {
            const char *sq = docbind_buf_str(&res->signed_query);
            const char *sig = strstr(sq, "&Signature=");
            cr_assert_not_null(sig, "%s: no Signature in signed_query", path);
            cr_assert_eq((size_t)(sig - sq), strlen(e->valuestring), "%s: canonical_query",
                         path);
            cr_assert(!strncmp(sq, e->valuestring, strlen(e->valuestring)),
                      "%s: canonical_query", path);
        } else {
            cr_assert_fail("%s: expected.%s is not checked by this test", path, k);
        }
    }
    (void)request;
}

ParameterizedTest(struct vector_case *vc, sign_vectors, vector)
{
    char *text = test_read_file(test_source_path(vc->path), NULL);
    cJSON *record = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(record, "%s: not JSON", vc->path);
    cJSON *request = cJSON_GetObjectItemCaseSensitive(record, "request");
    const cJSON *expected = cJSON_GetObjectItemCaseSensitive(record, "expected");
    cr_assert(cJSON_IsObject(request) && cJSON_IsObject(expected), "%s: bad record", vc->path);
    expand_fill(record, request);

    docbind_sign_json_request jr;
    docbind_sign_error err;
    cr_assert_eq(docbind_sign_request_from_json(request, "request", &jr, &err), 0, "%s: %s",
                 vc->path, err.message);
    /* The file's directory names the algorithm. */
    char dir[64];
    snprintf(dir, sizeof dir, "tests/vectors/%s/",
             docbind_sign_algorithm_name(jr.input.algorithm));
    cr_assert(!strncmp(vc->path, dir, strlen(dir)), "%s: filed under the wrong algorithm",
              vc->path);

    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    cr_assert_not_null(ctx);
    docbind_sign_result res = {0};
    /* Twice through one workspace: the second pass takes the cached-key
     * and reused-buffer paths. */
    for (int pass = 0; pass < 2; pass++) {
        cr_assert_eq(docbind_sign(ctx, &jr.input, &res, &err), 0, "%s: %s", vc->path,
                     err.message);
        check_result(vc->path, request, expected, &jr, &res);
    }
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
    docbind_sign_json_request_free(&jr);
    cJSON_Delete(record);
}

/* The records are exactly what the generator writes today. */
Test(sign_vectors, generator_in_sync)
{
    if (system("python3 --version >/dev/null 2>&1") != 0)
        cr_skip_test("python3 is not installed");
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "python3 %s/tests/vectors/gen_vectors.py --check >/dev/null",
             DOCBIND_SOURCE_DIR);
    cr_assert_eq(system(cmd), 0, "tests/vectors is out of date: run gen_vectors.py");
}

/* At least one vendor-documented record per signing algorithm. */
Test(sign_vectors, documented_examples_present)
{
    const char *documented[] = {
        "tests/vectors/tc3-hmac-sha256/documented-post-json.json",
        "tests/vectors/tc-v1-hmac-sha1/documented-get.json",
        "tests/vectors/huawei-sdk-hmac-sha256/documented-get-vpcs.json",
        "tests/vectors/aliyun-rpc-hmac-sha1/documented-describe-regions.json",
        "tests/vectors/aliyun-acs3-hmac-sha256/documented-run-instances.json",
    };
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++) {
        char *text = test_read_file(test_source_path(documented[i]), NULL);
        cJSON *record = cJSON_Parse(text);
        free(text);
        cr_assert_not_null(record);
        cr_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(record, "documented")),
                  "%s: no documented values", documented[i]);
        cJSON_Delete(record);
    }
}
