/* docbind call SERVICE ACTION [--param JSON | --param-file F] [--endpoint URL]:
 * one request through the generated bindings, from the command line. The
 * parameters (a JSON object with the document's names) fill the generated
 * request struct, which is validated, signed with the environment's
 * credentials and sent; the answer is checked against the generated
 * response struct and printed exactly as received. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "docbind_call.h"
#include "registry/docbind_services.h"

/* Exit statuses (also in the usage text). */
enum {
    CALL_OK = 0,
    CALL_BAD_REQUEST = 1, /* bad parameters or credentials: nothing was sent */
    CALL_USAGE = 2,
    CALL_REFUSED = 3,     /* the service answered with an error */
    CALL_NO_ANSWER = 4    /* transport failure or timeout: no usable answer */
};

/* Requests bigger than any vendor accepts are refused before reading on. */
#define CALL_MAX_PARAM_BYTES ((size_t)64 * 1024 * 1024)

static void call_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind call SERVICE ACTION [--param JSON | --param-file FILE]\n"
            "                    [--endpoint URL] [--region REGION] [--signature ALG]\n"
            "                    [--any-region] [--retries N] [--no-rate-limit] [--dry-run]\n"
            "       docbind call --list [SERVICE]\n\n"
            "Builds ACTION's request from a JSON object of the document's parameter\n"
            "names, validates it, signs it with the credentials in the environment,\n"
            "sends it and prints the response body exactly as received.\n\n"
            "  SERVICE            service id (tencent.ckafka) or its last part (ckafka)\n"
            "  --param JSON       the parameters (default {})\n"
            "  --param-file FILE  the parameters from FILE (- for standard input)\n"
            "  --endpoint URL     scheme://host[:port] instead of the documented\n"
            "                     endpoint (default: $DOCBIND_ENDPOINT when set)\n"
            "  --region REGION    region (default: TENCENTCLOUD_REGION,\n"
            "                     HUAWEICLOUD_REGION or ALIBABA_CLOUD_REGION_ID)\n"
            "  --any-region       send even when ACTION's page lists its regions and\n"
            "                     REGION is not one of them (refused by default)\n"
            "  --signature ALG    signing algorithm instead of the service's default:\n"
            "                     tc3-hmac-sha256, tc-v1-hmac-sha1, tc-v1-hmac-sha256,\n"
            "                     huawei-sdk-hmac-sha256, huawei-iam-token,\n"
            "                     aliyun-rpc-hmac-sha1, aliyun-acs3-hmac-sha256\n"
            "  --retries N        attempts after the first (default: the transport's)\n"
            "  --no-rate-limit    do not hold to the documented request rate\n"
            "  --dry-run          print the signed request instead of sending it\n"
            "                     (tokens are masked; signatures are not secrets)\n"
            "  --list             list the services, or one service's actions\n\n"
            "Credentials: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY\n"
            "[/ TENCENTCLOUD_SESSION_TOKEN]; CLOUD_SDK_AK / CLOUD_SDK_SK\n"
            "[/ CLOUD_SDK_PROJECT_ID] or CLOUD_SDK_IAM_TOKEN; ALIBABA_CLOUD_ACCESS_KEY_ID /\n"
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET [/ ALIBABA_CLOUD_SECURITY_TOKEN].\n\n"
            "exit status: 0 success; 1 bad parameters or credentials (nothing sent);\n"
            "2 usage error; 3 the service answered with an error (its body on\n"
            "stdout); 4 no usable answer (transport failure, timeout)\n");
}

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Reads FILE ("-": standard input) whole; NULL with a message on stderr. */
static char *read_param_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "docbind call: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = cap <= CALL_MAX_PARAM_BYTES + 1 ? realloc(buf, cap) : NULL;
            if (!p) {
                fprintf(stderr, "docbind call: %s: larger than %zu bytes\n", path,
                        CALL_MAX_PARAM_BYTES);
                goto fail;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "docbind call: %s: read error\n", path);
        goto fail;
    }
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    if (f != stdin)
        fclose(f);
    free(buf);
    return NULL;
}

static void print_error(const char *what, const docbind_error *err)
{
    char line[1024];
    docbind_error_format(err, line, sizeof line);
    bool region = err->rule && !strcmp(err->rule, "region");
    fprintf(stderr, "docbind call: %s%s%s\n", what, line,
            region ? " (--any-region sends it anyway)" : "");
}

static int list_services(const char *which)
{
    if (!which) {
        for (size_t i = 0; i < docbind_generated_service_count; i++) {
            const docbind_service_desc *s = docbind_generated_services[i];
            printf("%-22s %3zu actions  version %s  endpoint %s\n", s->id, s->n_actions,
                   s->version ? s->version : "-", s->endpoint ? s->endpoint : "-");
        }
        return CALL_OK;
    }
    const docbind_service_desc *s =
        docbind_codec_find_service(docbind_generated_services, docbind_generated_service_count, which);
    if (!s) {
        fprintf(stderr, "docbind call: no service '%s' (docbind call --list)\n", which);
        return CALL_USAGE;
    }
    for (size_t i = 0; i < s->n_actions; i++)
        printf("%s %s %s\n", s->actions[i]->method, s->actions[i]->path, s->actions[i]->name);
    return CALL_OK;
}

/* The codec ignores keys it does not know (responses grow); on the command
 * line a misspelt parameter must not vanish silently. Writes the first
 * unknown key's path into `where` and returns 1, or returns 0. */
static int find_unknown_key(const docbind_message_desc *desc, const cJSON *obj, char *where,
                            size_t cap, const char *prefix, int depth)
{
    if (!cJSON_IsObject(obj) || depth > DOCBIND_CODEC_MAX_DEPTH)
        return 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        const docbind_field *f = NULL;
        for (size_t i = 0; i < desc->n_fields && !f; i++)
            if (!strcmp(desc->fields[i].wire_name, item->string))
                f = &desc->fields[i];
        char path[512];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", item->string);
        if (!f) {
            snprintf(where, cap, "%s", path);
            return 1;
        }
        if (f->kind != DOCBIND_KIND_MESSAGE || !f->message)
            continue;
        if (cJSON_IsArray(item)) {
            const cJSON *el;
            cJSON_ArrayForEach(el, item)
            if (find_unknown_key(f->message, el, where, cap, path, depth + 1))
                return 1;
        } else if (find_unknown_key(f->message, item, where, cap, path, depth + 1)) {
            return 1;
        }
    }
    return 0;
}

static void list_parameters(FILE *out, const docbind_message_desc *desc)
{
    for (size_t i = 0; i < desc->n_fields; i++)
        fprintf(out, "%s%s%s", i ? ", " : "", desc->fields[i].wire_name,
                desc->fields[i].flags & DOCBIND_F_REQUIRED ? " (required)" : "");
    fprintf(out, "%s\n", desc->n_fields ? "" : "(none)");
}

/* Header values that are credentials themselves (never printed). */
static int is_token_header(const char *name)
{
    static const char *const tokens[] = {"X-TC-Token", "X-Auth-Token", "X-Security-Token",
                                         "x-acs-security-token"};
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
        if (!strcasecmp(name, tokens[i]))
            return 1;
    return 0;
}

static int is_token_param(const char *name)
{
    return !strcmp(name, "Token") || !strcmp(name, "SecurityToken");
}

static void print_prepared(const docbind_caller *caller, const docbind_request *req)
{
    char *path = docbind_request_encoded_path(req);
    docbind_request masked = *req;
    /* the query as sent, with tokens masked: encode a masked copy */
    docbind_name_value *query = calloc(req->query_count + 1, sizeof *query);
    char *qs = NULL;
    if (query) {
        for (size_t i = 0; i < req->query_count; i++)
            query[i] = (docbind_name_value){req->query[i].name,
                                            is_token_param(req->query[i].name) ? "****"
                                                                               : req->query[i].value};
        masked.query = query;
        qs = docbind_request_encoded_query(&masked);
    }
    printf("%s %s%s%s%s\n", req->method, docbind_caller_base_url(caller), path ? path : "?",
           qs && *qs ? "?" : "", qs ? qs : "");
    for (size_t i = 0; i < req->header_count; i++)
        printf("%s: %s\n", req->headers[i].name,
               is_token_header(req->headers[i].name) ? "****" : req->headers[i].value);
    if (req->body_len) {
        printf("\n");
        fwrite(req->body, 1, req->body_len, stdout);
        printf("\n");
    }
    free(qs);
    free(query);
    free(path);
}

static int load_credentials(const docbind_service_desc *svc, docbind_cloud_credentials *creds,
                            docbind_error *err)
{
    switch (svc->protocol) {
    case DOCBIND_PROTOCOL_TENCENT:
    case DOCBIND_PROTOCOL_TENCENT_V2:
        return docbind_cloud_credentials_from_env_tencent(creds, err);
    case DOCBIND_PROTOCOL_HUAWEI:
        return docbind_cloud_credentials_from_env_huawei(creds, err);
    case DOCBIND_PROTOCOL_ALIYUN:
        return docbind_cloud_credentials_from_env_alibaba(creds, err);
    }
    return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "unknown protocol");
}

static const char *default_region(const docbind_service_desc *svc)
{
    switch (svc->protocol) {
    case DOCBIND_PROTOCOL_TENCENT:
    case DOCBIND_PROTOCOL_TENCENT_V2:
        return env_nonempty("TENCENTCLOUD_REGION");
    case DOCBIND_PROTOCOL_HUAWEI:
        return env_nonempty("HUAWEICLOUD_REGION");
    case DOCBIND_PROTOCOL_ALIYUN:
        return env_nonempty("ALIBABA_CLOUD_REGION_ID");
    }
    return NULL;
}

typedef struct call_args {
    const char *service, *action, *param, *param_file, *endpoint, *region, *signature;
    long retries;
    int no_rate_limit, dry_run, list, any_region;
} call_args;

static int parse_args(int argc, char **argv, call_args *a)
{
    *a = (call_args){.retries = -1};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char **value = NULL;
        if (!strcmp(s, "--param"))
            value = &a->param;
        else if (!strcmp(s, "--param-file"))
            value = &a->param_file;
        else if (!strcmp(s, "--endpoint"))
            value = &a->endpoint;
        else if (!strcmp(s, "--region"))
            value = &a->region;
        else if (!strcmp(s, "--signature"))
            value = &a->signature;
        if (value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "docbind call: %s needs a value\n", s);
                return -1;
            }
            *value = argv[++i];
        } else if (!strcmp(s, "--retries") && i + 1 < argc) {
            char *end;
            errno = 0;
            a->retries = strtol(argv[++i], &end, 10);
            if (errno || *end || a->retries < 0 || a->retries > 100) {
                fprintf(stderr, "docbind call: --retries takes 0..100, not '%s'\n", argv[i]);
                return -1;
            }
        } else if (!strcmp(s, "--no-rate-limit")) {
            a->no_rate_limit = 1;
        } else if (!strcmp(s, "--any-region")) {
            a->any_region = 1;
        } else if (!strcmp(s, "--dry-run")) {
            a->dry_run = 1;
        } else if (!strcmp(s, "--list")) {
            a->list = 1;
        } else if (s[0] == '-' && s[1]) {
            fprintf(stderr, "docbind call: unknown option '%s'\n", s);
            return -1;
        } else if (!a->service) {
            a->service = s;
        } else if (!a->action) {
            a->action = s;
        } else {
            fprintf(stderr, "docbind call: unexpected argument '%s'\n", s);
            return -1;
        }
    }
    if (a->param && a->param_file) {
        fprintf(stderr, "docbind call: give --param or --param-file, not both\n");
        return -1;
    }
    if (!a->list && (!a->service || !a->action)) {
        fprintf(stderr, "docbind call: SERVICE and ACTION are required\n");
        return -1;
    }
    return 0;
}

/* Exit status for a failed call, by what happened. */
static int status_of(const docbind_error *err)
{
    switch (err->kind) {
    case DOCBIND_ERROR_VALIDATION:
        return CALL_BAD_REQUEST;
    case DOCBIND_ERROR_HTTP:
    case DOCBIND_ERROR_SERVICE:
    case DOCBIND_ERROR_PARSE:
        return CALL_REFUSED;
    default:
        return CALL_NO_ANSWER;
    }
}

static int run_call(const call_args *a, const docbind_action_desc *action, void *request)
{
    const docbind_service_desc *svc = action->service;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_caller *caller = NULL;
    docbind_request prepared = DOCBIND_REQUEST_INIT;
    docbind_http_response http = DOCBIND_HTTP_RESPONSE_INIT;
    void *response = NULL;
    int status = CALL_BAD_REQUEST;

    docbind_sign_algorithm alg = 0;
    if (a->signature && !(alg = docbind_sign_algorithm_from_name(a->signature))) {
        fprintf(stderr, "docbind call: unknown signature algorithm '%s'\n", a->signature);
        return CALL_USAGE;
    }
    if (load_credentials(svc, &creds, &err)) {
        print_error("credentials: ", &err);
        goto out;
    }
    const char *endpoint = a->endpoint ? a->endpoint : env_nonempty("DOCBIND_ENDPOINT");
    docbind_caller_config cfg = {.service = svc,
                                 .base_url = endpoint,
                                 .algorithm = alg,
                                 .credentials = &creds,
                                 .region = a->region ? a->region : default_region(svc),
                                 .any_region = a->any_region,
                                 .max_attempts = a->retries >= 0 ? (int)a->retries + 1 : 0};
    caller = docbind_caller_new(&cfg, &err);
    if (!caller) {
        print_error("", &err);
        goto out;
    }
    if (a->no_rate_limit)
        docbind_rate_limiter_set_enabled(docbind_client_rate_limiter(docbind_caller_client(caller)),
                                         0);
    if (a->dry_run) {
        if (docbind_caller_prepare(caller, action, request, NULL, &prepared, &err)) {
            print_error("", &err);
            goto out;
        }
        print_prepared(caller, &prepared);
        status = CALL_OK;
        goto out;
    }
    if (!(response = calloc(1, action->response->size ? action->response->size : 1))) {
        fprintf(stderr, "docbind call: out of memory\n");
        goto out;
    }
    if (docbind_caller_call_http(caller, action, request, response, &http, &err) == 0) {
        status = CALL_OK;
    } else {
        status = status_of(&err);
        print_error("", &err);
    }
    /* the answer as the server sent it, success or not */
    if (http.body_len) {
        fwrite(http.body, 1, http.body_len, stdout);
        if (http.body[http.body_len - 1] != '\n')
            putchar('\n');
    }
out:
    if (response)
        docbind_codec_free(action->response, response);
    free(response);
    docbind_http_response_free(&http);
    docbind_request_free(&prepared);
    docbind_caller_free(caller);
    docbind_cloud_credentials_free(&creds);
    docbind_error_clear(&err);
    return status;
}

static int unknown_parameter(const docbind_action_desc *action, const char *json, size_t len)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    char where[512] = "";
    int bad = root && find_unknown_key(action->request, root, where, sizeof where, "", 0);
    cJSON_Delete(root);
    if (bad) {
        fprintf(stderr, "docbind call: parameter '%s' is not one of %s's; it takes: ", where,
                action->name);
        list_parameters(stderr, action->request);
    }
    return bad;
}

int cmd_call(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            call_usage(stdout);
            return CALL_OK;
        }
    call_args a;
    if (parse_args(argc, argv, &a)) {
        call_usage(stderr);
        return CALL_USAGE;
    }
    if (a.list)
        return list_services(a.service);

    const docbind_service_desc *svc =
        docbind_codec_find_service(docbind_generated_services, docbind_generated_service_count,
                                   a.service);
    if (!svc) {
        fprintf(stderr, "docbind call: no service '%s' (docbind call --list)\n", a.service);
        return CALL_USAGE;
    }
    const docbind_action_desc *action = docbind_codec_find_action(svc, a.action);
    if (!action) {
        fprintf(stderr, "docbind call: %s has no action '%s' (docbind call --list %s)\n", svc->id,
                a.action, svc->id);
        return CALL_USAGE;
    }

    char *file_text = NULL;
    size_t len = 0;
    const char *json = a.param ? a.param : "{}";
    if (a.param_file) {
        if (!(file_text = read_param_file(a.param_file, &len)))
            return CALL_BAD_REQUEST;
        json = file_text;
    } else {
        len = strlen(json);
    }
    void *request = calloc(1, action->request->size ? action->request->size : 1);
    docbind_error err = DOCBIND_ERROR_INIT;
    int status = CALL_BAD_REQUEST;
    if (!request) {
        fprintf(stderr, "docbind call: out of memory\n");
    } else if (docbind_codec_from_json(action->request, json, len, request, &err)) {
        print_error(a.param_file ? "parameters: " : "--param: ", &err);
    } else if (unknown_parameter(action, json, len)) {
        /* reported */
    } else if (docbind_global_init(&err)) {
        print_error("", &err);
    } else {
        status = run_call(&a, action, request);
        docbind_global_cleanup();
    }
    if (request)
        docbind_codec_free(action->request, request);
    free(request);
    free(file_text);
    docbind_error_clear(&err);
    return status;
}
