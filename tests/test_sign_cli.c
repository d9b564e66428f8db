/* `docbind sign`: the JSON front end (docbind_sign_json, which cmd_sign
 * calls) and the built binary, on the documented Tencent TC3 example in
 * docs/examples/sign-tc3-documented.json and on bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sign_request_json.h"
#include "test_support.h"

#define DOC_SIGNATURE "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
#define EXAMPLE "docs/examples/sign-tc3-documented.json"

static const char *str_field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

Test(sign_cli, documented_example_through_the_library)
{
    size_t len;
    char *text = test_read_file(test_source_path(EXAMPLE), &len);
    char *out = NULL;
    docbind_sign_error err;
    cr_assert_eq(docbind_sign_json(text, len, &out, &err), 0, "%s", err.message);
    free(text);
    cJSON *o = cJSON_Parse(out);
    free(out);
    cr_assert(cJSON_IsObject(o));
    cr_assert_str_eq(str_field(o, "algorithm"), "tc3-hmac-sha256");
    cr_assert_str_eq(str_field(o, "signature"), DOC_SIGNATURE);
    cr_assert_str_eq(str_field(o, "string_to_sign"),
                     "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                     "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    cr_assert_str_eq(str_field(o, "authorization"),
                     "TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/"
                     "cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, "
                     "Signature=" DOC_SIGNATURE);
    cr_assert_not_null(str_field(o, "canonical_request"));
    cr_assert_null(str_field(o, "signed_query"));
    cr_assert_str_eq(str_field(o, "url"), "https://cvm.tencentcloudapi.com/");
    cJSON_Delete(o);
}

Test(sign_cli, array_in_array_out)
{
    const char *in =
        "[{\"algorithm\":\"tc-v1-hmac-sha1\",\"method\":\"GET\",\"host\":\"cvm.tencentcloudapi."
        "com\",\"params\":[[\"Action\",\"DescribeInstances\"],[\"InstanceIds.0\",\"ins-09dx96dg\"],"
        "[\"Limit\",\"20\"],[\"Offset\",\"0\"],[\"Region\",\"ap-guangzhou\"],[\"Version\","
        "\"2017-03-12\"]],\"credentials\":{\"id\":\"AKID********************************\","
        "\"secret\":\"********************************\",\"token\":null},\"timestamp\":1465185768,"
        "\"nonce\":\"11886\"},"
        " {\"algorithm\":\"huawei-iam-token\",\"method\":\"GET\",\"host\":\"iam.example.com\","
        "\"credentials\":{\"token\":\"t\"}}]";
    char *out = NULL;
    docbind_sign_error err;
    cr_assert_eq(docbind_sign_json(in, strlen(in), &out, &err), 0, "%s", err.message);
    cJSON *a = cJSON_Parse(out);
    free(out);
    cr_assert(cJSON_IsArray(a) && cJSON_GetArraySize(a) == 2);
    cr_assert_str_eq(str_field(cJSON_GetArrayItem(a, 0), "signature"),
                     "7RAM2xfNMO9EiVTNmPg06MRnCvQ=");
    cr_assert(strstr(str_field(cJSON_GetArrayItem(a, 0), "signed_query"),
                     "Signature=7RAM2xfNMO9EiVTNmPg06MRnCvQ%3D"));
    cr_assert_null(str_field(cJSON_GetArrayItem(a, 1), "signature"));
    cJSON_Delete(a);
}

static const char *valid_tc3 =
    "{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"POST\",\"host\":\"cvm.tencentcloudapi.com\","
    "\"headers\":[[\"Content-Type\",\"application/json\"]],\"body\":\"{}\","
    "\"credentials\":{\"id\":\"AKIDx\",\"secret\":\"TOPSECRETVALUE\"},"
    "\"timestamp\":1551113065,\"service\":\"cvm\"}";

Test(sign_cli, errors_name_the_field_and_hide_the_secret)
{
    struct {
        const char *input, *message;
    } cases[] = {
        {"[{\"algorithm\":\"tc3-hmac-sha256\"}, {}, "
         "{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\","
         "\"credentials\":{\"id\":\"x\"}}]",
         "request[0].method: missing"},
        {"[{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\","
         "\"credentials\":{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"timestamp\":1,"
         "\"service\":\"cvm\",\"headers\":[[\"Content-Type\",\"a\"]]},{\"algorithm\":"
         "\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":{\"id\":\"x\","
         "\"secret\":\"TOPSECRETVALUE\"},\"timestamp\":1,\"service\":\"cvm\",\"headers\":"
         "[[\"Content-Type\",\"a\"]]},{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":"
         "\"h\",\"credentials\":{\"id\":\"x\"}}]",
         "request[2].credentials.secret: missing"},
        {"{\"algorithm\":\"sigv4\"}", NULL},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"timestamp\":\"yesterday\"}",
         "request.timestamp: must be ISO 8601 UTC as YYYY-MM-DDTHH:MM:SSZ"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"timestamp\":1.5}",
         "request.timestamp: must be whole Unix seconds between 0 and 253402300799"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"timestamp\":1,\"service\":\"cvm\"}",
         "request.signed_headers: content-type is not among the request headers"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"headers\":[[\"a\"]]}",
         "request.headers[0]: must be a [name, value] pair of strings"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"body\":\"\",\"body_base64\":\"\"}",
         "request.body_base64: give either body or body_base64, not both"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},\"body_base64\":\"abc*\"}",
         "request.body_base64: not valid base64"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\",\"key\":\"k\"}}",
         "request.credentials.key: unknown field"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"signed_header\":[]}",
         "request.signed_header: unknown field"},
        {"{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\",\"credentials\":"
         "{\"id\":\"x\",\"secret\":12}}",
         "request.credentials.secret: must be a string"},
        {"{\"algorithm\": \"tc3-hmac-sha256\", ", "input: not valid JSON (at byte 32)"},
        {"{} {}", "input: unexpected data after the JSON document (at byte 3)"},
        {"42", "input: must be a request object or an array of them"},
        {"[42]", "request[0]: must be an object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)"untouched";
        docbind_sign_error err;
        cr_assert_eq(docbind_sign_json(cases[i].input, strlen(cases[i].input), &out, &err), -1,
                     "case %zu accepted", i);
        cr_assert_null(out);
        if (cases[i].message)
            cr_assert_str_eq(err.message, cases[i].message, "case %zu", i);
        else
            cr_assert(!strncmp(err.message, "request.algorithm: unknown", 26), "%s",
                      err.message);
        cr_assert_null(strstr(err.message, "TOPSECRET"), "case %zu", i);
    }
}

/* Every truncation and a spread of byte flips of a valid request: an
 * error or a signature, never a crash (ASan and valgrind watch this). */
Test(sign_cli, mangled_input_never_crashes)
{
    size_t n = strlen(valid_tc3);
    char *buf = malloc(n + 1);
    for (size_t cut = 0; cut <= n; cut++) {
        char *out = NULL;
        docbind_sign_error err;
        if (docbind_sign_json(valid_tc3, cut, &out, &err) == 0)
            free(out);
    }
    static const char flips[] = {'\0', '"', '\\', '[', '{', ']', '}', ',', ':', '1', 'x', '\n',
                                 (char)0xff, (char)0xc3};
    for (size_t at = 0; at < n; at++)
        for (size_t f = 0; f < sizeof flips; f++) {
            memcpy(buf, valid_tc3, n + 1);
            buf[at] = flips[f];
            char *out = NULL;
            docbind_sign_error err;
            if (docbind_sign_json(buf, n, &out, &err) == 0)
                free(out);
            else
                cr_assert_null(strstr(err.message, "TOPSECRET"));
        }
    free(buf);
}

/* Runs the built binary with `input` on standard input (or FILE);
 * returns the exit status, output and errors in malloc'd strings. */
static int run_docbind(const char *arg, const char *input, char **out, char **errs)
{
    cr_assert_eq(access(DOCBIND_BINARY_DIR "/cli/docbind", X_OK), 0,
                 "%s/cli/docbind is missing: build the docbind target", DOCBIND_BINARY_DIR);
    char *in_path = test_write_temp(input, strlen(input), ".json");
    char out_path[] = "/tmp/docbind-sign-out-XXXXXX", err_path[] = "/tmp/docbind-sign-err-XXXXXX";
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    cr_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s/cli/docbind' sign %s <'%s' >'%s' 2>'%s'", DOCBIND_BINARY_DIR,
             arg ? arg : "", in_path, out_path, err_path);
    int st = system(cmd);
    *out = test_read_file(out_path, NULL);
    *errs = test_read_file(err_path, NULL);
    unlink(in_path);
    unlink(out_path);
    unlink(err_path);
    free(in_path);
    cr_assert(WIFEXITED(st), "docbind did not exit normally");
    return WEXITSTATUS(st);
}

Test(sign_cli, binary_reproduces_the_documented_signature)
{
    char *out, *errs;
    char arg[4200];
    snprintf(arg, sizeof arg, "'%s'", test_source_path(EXAMPLE));
    cr_assert_eq(run_docbind(arg, "", &out, &errs), 0, "stderr: %s", errs);
    cr_assert(strstr(out, "\"signature\":\t\"" DOC_SIGNATURE "\""), "%s", out);
    cr_assert_str_eq(errs, "");
    free(out);
    free(errs);

    /* Standard input, with "-" and with no argument at all. */
    size_t len;
    char *text = test_read_file(test_source_path(EXAMPLE), &len);
    for (int dash = 0; dash < 2; dash++) {
        cr_assert_eq(run_docbind(dash ? "-" : NULL, text, &out, &errs), 0, "%s", errs);
        cr_assert(strstr(out, DOC_SIGNATURE));
        free(out);
        free(errs);
    }
    free(text);
}

Test(sign_cli, binary_reports_bad_input_on_stderr_with_status_1)
{
    char *out, *errs;
    const char *in = "[{\"algorithm\":\"tc3-hmac-sha256\",\"method\":\"GET\",\"host\":\"h\","
                     "\"credentials\":{\"id\":\"x\",\"secret\":\"TOPSECRETVALUE\"},"
                     "\"timestamp\":1,\"service\":\"cvm\",\"headers\":[[\"Content-Type\",\"a\"]]},"
                     "{},{\"algorithm\":\"aliyun-rpc-hmac-sha1\",\"method\":\"GET\",\"host\":\"h\","
                     "\"credentials\":{\"id\":\"x\"}}]";
    cr_assert_eq(run_docbind(NULL, in, &out, &errs), 1);
    cr_assert_str_eq(errs, "docbind sign: request[1].algorithm: missing\n");
    cr_assert_str_eq(out, "");
    free(out);
    free(errs);
    cr_assert_eq(run_docbind("/nonexistent/file.json", "", &out, &errs), 1);
    cr_assert_str_eq(errs, "docbind sign: /nonexistent/file.json: cannot open\n");
    free(out);
    free(errs);
    cr_assert_eq(run_docbind("--bogus", "", &out, &errs), 2);
    cr_assert(strstr(errs, "usage: docbind sign"));
    free(out);
    free(errs);
    cr_assert_eq(run_docbind("--help", "", &out, &errs), 0);
    cr_assert(strstr(out, "usage: docbind sign"));
    free(out);
    free(errs);
}
