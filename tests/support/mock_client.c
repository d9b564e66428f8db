#include "mock_client.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "docbind_mock.h"

#define MC_BODY_CAP ((size_t)64 * 1024 * 1024)

typedef struct sink {
    char *data;
    size_t len, cap;
    char rid[80];
} sink;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    sink *s = user;
    size_t bytes = size * n;
    if (s->len + bytes + 1 > MC_BODY_CAP)
        return 0;
    if (s->len + bytes + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + bytes + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (!d)
            return 0;
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, p, bytes);
    s->len += bytes;
    s->data[s->len] = '\0';
    return bytes;
}

static size_t on_header(char *p, size_t size, size_t n, void *user)
{
    sink *s = user;
    size_t bytes = size * n;
    static const char name[] = "X-Request-Id:";
    if (bytes > sizeof name && !strncasecmp(p, name, sizeof name - 1)) {
        size_t i = sizeof name - 1;
        while (i < bytes && p[i] == ' ')
            i++;
        size_t len = 0;
        while (i + len < bytes && p[i + len] != '\r' && p[i + len] != '\n' &&
               len + 1 < sizeof s->rid)
            len++;
        memcpy(s->rid, p + i, len);
        s->rid[len] = '\0';
    }
    return bytes;
}

static void default_credentials(docbind_sign_algorithm alg, docbind_credentials *c)
{
    switch (alg) {
    case DOCBIND_SIGN_TC3_HMAC_SHA256:
    case DOCBIND_SIGN_TC_V1_HMAC_SHA1:
    case DOCBIND_SIGN_TC_V1_HMAC_SHA256:
        c->id = DOCBIND_MOCK_TENCENT_SECRET_ID;
        c->secret = DOCBIND_MOCK_TENCENT_SECRET_KEY;
        break;
    case DOCBIND_SIGN_HUAWEI_SDK_HMAC_SHA256:
        c->id = DOCBIND_MOCK_HUAWEI_AK;
        c->secret = DOCBIND_MOCK_HUAWEI_SK;
        break;
    case DOCBIND_SIGN_HUAWEI_IAM_TOKEN:
        c->token = DOCBIND_MOCK_HUAWEI_TOKEN;
        break;
    case DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1:
    case DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256:
        c->id = DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID;
        c->secret = DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET;
        break;
    }
}

static struct curl_slist *add_header(struct curl_slist *list, const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 3;
    char *line = malloc(n);
    if (!line)
        return list;
    if (value[0])
        snprintf(line, n, "%s: %s", name, value);
    else
        snprintf(line, n, "%s;", name); /* curl's spelling of an empty header */
    struct curl_slist *l = curl_slist_append(list, line);
    free(line);
    return l ? l : list;
}

int mc_send(const char *base_url, const mc_request *req, mc_response *out)
{
    memset(out, 0, sizeof *out);
    const char *method = req->method ? req->method : "POST";
    const char *path = req->path ? req->path : "/";
    size_t body_len = req->body ? (req->body_len ? req->body_len : strlen(req->body)) : 0;
    const char *host = strstr(base_url, "://") ? strstr(base_url, "://") + 3 : base_url;

    docbind_sign_ctx *ctx = NULL;
    docbind_sign_result res;
    memset(&res, 0, sizeof res);
    char *url = NULL;
    const char *send_body = req->body;
    size_t send_len = body_len;
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < req->header_count; i++)
        headers = add_header(headers, req->headers[i].name, req->headers[i].value);

    if (req->algorithm) {
        ctx = docbind_sign_ctx_new();
        docbind_sign_input in;
        memset(&in, 0, sizeof in);
        in.algorithm = req->algorithm;
        in.request.method = method;
        in.request.scheme = "http";
        in.request.host = host;
        in.request.path = path;
        in.request.query = req->query;
        in.request.query_count = req->query_count;
        in.request.headers = req->headers;
        in.request.header_count = req->header_count;
        in.request.body = (const unsigned char *)req->body;
        in.request.body_len = body_len;
        in.params = req->params;
        in.param_count = req->param_count;
        default_credentials(req->algorithm, &in.credentials);
        if (req->id)
            in.credentials.id = req->id;
        if (req->secret)
            in.credentials.secret = req->secret;
        if (req->token)
            in.credentials.token = req->token;
        if (req->timestamp) {
            in.has_timestamp = 1;
            in.timestamp = req->timestamp;
        }
        in.service = req->service ? req->service : "ckafka";
        in.project_id = req->project_id;
        in.clock = docbind_sign_clock_system();
        docbind_sign_error err;
        if (docbind_sign(ctx, &in, &res, &err)) {
            fprintf(stderr, "mc_send: signing failed: %s\n", err.message);
            docbind_sign_ctx_free(ctx);
            docbind_sign_result_free(&res);
            curl_slist_free_all(headers);
            return -1;
        }
        for (size_t i = 0; i < res.header_count; i++) {
            const char *n, *v;
            docbind_sign_result_header(&res, i, &n, &v);
            headers = add_header(headers, n, v);
        }
        url = strdup(docbind_buf_str(&res.url));
        int param_alg = req->algorithm == DOCBIND_SIGN_TC_V1_HMAC_SHA1 ||
                        req->algorithm == DOCBIND_SIGN_TC_V1_HMAC_SHA256 ||
                        req->algorithm == DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1;
        if (param_alg && strcmp(method, "GET") != 0) {
            send_body = docbind_buf_str(&res.signed_query);
            send_len = res.signed_query.len;
        }
    } else {
        size_t n = strlen(base_url) + strlen(path) + 1;
        url = malloc(n);
        if (url)
            snprintf(url, n, "%s%s", base_url, path);
    }
    char *body_copy = NULL;
    if (send_body && send_len) {
        body_copy = malloc(send_len);
        if (body_copy) {
            memcpy(body_copy, send_body, send_len);
            if (req->tamper_body) {
                /* One lower-case letter from the middle on becomes another,
                 * so a JSON body stays JSON. */
                size_t i = send_len / 2;
                while (i < send_len && (body_copy[i] < 'a' || body_copy[i] > 'z'))
                    i++;
                if (i == send_len)
                    i = send_len / 2;
                body_copy[i] = body_copy[i] == 'a' ? 'b' : 'a';
            }
        }
    }
    if (req->directive)
        headers = add_header(headers, "X-Docbind-Mock", req->directive);
    headers = curl_slist_append(headers, "Expect:");

    sink s = {0};
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req->timeout_ms ? req->timeout_ms : 10000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &s);
    if (body_copy) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body_copy);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)send_len);
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    out->curl_code = (int)curl_easy_perform(curl);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    free(body_copy);
    free(url);
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);

    out->body = s.data ? s.data : strdup("");
    out->body_len = s.len;
    memcpy(out->request_id_header, s.rid, sizeof s.rid);
    out->json = out->body_len ? cJSON_ParseWithLength(out->body, out->body_len) : NULL;
    return 0;
}

void mc_response_free(mc_response *r)
{
    free(r->body);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

const char *mc_str(const mc_response *r, const char *path)
{
    const cJSON *node = r->json;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *k = strtok_r(buf, ".", &save); k && node; k = strtok_r(NULL, ".", &save))
        node = cJSON_GetObjectItemCaseSensitive(node, k);
    return cJSON_IsString(node) ? node->valuestring : NULL;
}

const char *mc_error_code(const mc_response *r)
{
    const char *c = mc_str(r, "Response.Error.Code");
    if (!c)
        c = mc_str(r, "error_code");
    if (!c)
        c = mc_str(r, "Code");
    if (!c && cJSON_GetObjectItemCaseSensitive(r->json, "code") &&
        cJSON_GetObjectItemCaseSensitive(r->json, "code")->valueint != 0)
        c = mc_str(r, "codeDesc");
    return c;
}

const char *mc_error_message(const mc_response *r)
{
    const char *m = mc_str(r, "Response.Error.Message");
    if (!m)
        m = mc_str(r, "error_msg");
    if (!m)
        m = mc_str(r, "Message");
    if (!m)
        m = mc_str(r, "message");
    return m;
}

void mc_mock_options(docbind_mock_options *opts, int strict)
{
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/huawei.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/aliyun.json"};
    docbind_mock_options_init(opts);
    opts->ir_paths = paths;
    opts->ir_count = 3;
    opts->strict_signatures = strict;
}

docbind_mock *mc_start_mock(const docbind_mock_options *opts)
{
    docbind_mock *mock = NULL;
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_mock_start(opts, &mock, &err);
    cr_assert_eq(rc, 0, "docbind mock: %s", err.message ? err.message : "?");
    docbind_error_clear(&err);
    return mock;
}
