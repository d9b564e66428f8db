/* The structured error and the vendor error-envelope parser. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_error.h"

static int from_body(docbind_error *err, docbind_error_envelope env, long status,
                     const char *rid_header, const char *body)
{
    return docbind_error_from_response(err, env, status, rid_header, body, body ? strlen(body) : 0);
}

Test(transport_error, init_and_clear_are_safe_on_any_state, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);
    cr_assert_eq(err.service_code, -1);
    docbind_error_clear(&err);
    docbind_error_clear(&err);

    docbind_error zeroed;
    memset(&zeroed, 0, sizeof zeroed);
    docbind_error_clear(&zeroed);
    cr_assert_eq(zeroed.service_code, -1);
    docbind_error_clear(NULL);
}

Test(transport_error, set_replaces_without_leaking, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_error_set(&err, DOCBIND_ERROR_TRANSPORT, "first %d", 1), -1);
    docbind_error_set_body(&err, "abc", 3);
    docbind_error_set_code(&err, "X");
    cr_assert_eq(docbind_error_set(&err, DOCBIND_ERROR_TIMEOUT, "second %s", "time"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_TIMEOUT);
    cr_assert_str_eq(err.message, "second time");
    cr_assert_null(err.code);
    cr_assert_null(err.body);
    cr_assert_eq(docbind_error_set(NULL, DOCBIND_ERROR_INTERNAL, "ignored"), -1);
    docbind_error_clear(&err);
}

Test(transport_error, validation_carries_path_and_rule, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_error_set_validation(&err, "Message[3].Body", "max_length", "longer than %d bytes", 1024);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.param_path, "Message[3].Body");
    cr_assert_str_eq(err.rule, "max_length");
    char buf[256];
    size_t n = docbind_error_format(&err, buf, sizeof buf);
    cr_assert_str_eq(buf, "validation error at Message[3].Body (rule max_length): longer than 1024 bytes");
    cr_assert_eq(n, strlen(buf));
    docbind_error_clear(&err);
}

Test(transport_error, format_reports_full_length_and_truncates_safely, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_error_set(&err, DOCBIND_ERROR_SERVICE, "signature mismatch");
    docbind_error_set_code(&err, "AuthFailure.SignatureFailure");
    docbind_error_set_request_id(&err, "rid-1");
    err.http_status = 200;
    docbind_error_set_body(&err, "SECRET-BODY", 11);
    char small[10];
    size_t need = docbind_error_format(&err, small, sizeof small);
    cr_assert_eq(strlen(small), sizeof small - 1);
    char *big = malloc(need + 1);
    cr_assert_eq(docbind_error_format(&err, big, need + 1), need);
    cr_assert_str_eq(big, "service error AuthFailure.SignatureFailure (HTTP 200, request id rid-1): signature mismatch");
    cr_assert_null(strstr(big, "SECRET-BODY"));
    free(big);
    cr_assert_eq(docbind_error_format(&err, NULL, 0), need);
    docbind_error_clear(&err);
}

Test(transport_error, move_transfers_ownership, .timeout = 5)
{
    docbind_error a = DOCBIND_ERROR_INIT, b = DOCBIND_ERROR_INIT;
    docbind_error_set(&a, DOCBIND_ERROR_HTTP, "a");
    docbind_error_set(&b, DOCBIND_ERROR_PARSE, "b");
    docbind_error_move(&b, &a);
    cr_assert_eq(b.kind, DOCBIND_ERROR_HTTP);
    cr_assert_str_eq(b.message, "a");
    cr_assert_eq(a.kind, DOCBIND_ERROR_NONE);
    cr_assert_null(a.message);
    docbind_error_clear(&a);
    docbind_error_clear(&b);
}

Test(transport_error, body_copy_is_capped_and_flagged, .timeout = 5)
{
    size_t len = DOCBIND_ERROR_BODY_CAP + 100;
    char *body = malloc(len);
    memset(body, 'x', len);
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_error_set_body(&err, body, len), 0);
    cr_assert_eq(err.body_len, DOCBIND_ERROR_BODY_CAP);
    cr_assert_eq(err.body_truncated, 1);
    cr_assert_eq(err.body[err.body_len], '\0');
    docbind_error_set_body(&err, "ok", 2);
    cr_assert_eq(err.body_truncated, 0);
    cr_assert_str_eq(err.body, "ok");
    docbind_error_clear(&err);
    free(body);
}

/* ---- Tencent ------------------------------------------------------------ */

Test(transport_error, tencent_success_is_not_an_error, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL,
                           "{\"Response\":{\"Result\":{\"MsgId\":\"1\"},\"RequestId\":\"r\"}}"), 0);
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);
    /* Error: null means no error. */
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL,
                           "{\"Response\":{\"Error\":null,\"RequestId\":null}}"), 0);
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);
}

Test(transport_error, tencent_error_envelope, .timeout = 5)
{
    const char *body = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\","
                       "\"Message\":\"The provided credentials could not be validated.\"},"
                       "\"RequestId\":\"ed93f3cb-f35e-473f-b9f3-0d451b8b79c6\"}}";
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, body), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "AuthFailure.SignatureFailure");
    cr_assert_str_eq(err.message, "The provided credentials could not be validated.");
    cr_assert_str_eq(err.request_id, "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6");
    cr_assert_eq(err.http_status, 200);
    cr_assert_eq(err.service_code, -1);
    cr_assert_str_eq(err.body, body);
    cr_assert_eq(err.body_len, strlen(body));
    docbind_error_clear(&err);
}

Test(transport_error, tencent_null_fields_are_absent, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, "hdr-rid",
                           "{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":null},"
                           "\"RequestId\":null}}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "InternalError");
    cr_assert_not_null(err.message);
    cr_assert_str_eq(err.request_id, "hdr-rid");
    docbind_error_clear(&err);

    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL,
                           "{\"Response\":{\"Error\":{\"Code\":null,\"Message\":\"m\"}}}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_null(err.code);
    cr_assert_str_eq(err.message, "m");
    docbind_error_clear(&err);
}

Test(transport_error, tencent_numeric_code_is_text, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL,
              "{\"Response\":{\"Error\":{\"Code\":4001,\"Message\":\"m\"}}}");
    cr_assert_str_eq(err.code, "4001");
    docbind_error_clear(&err);
}

Test(transport_error, tencent_wrong_types_are_parse_errors, .timeout = 5)
{
    const char *bodies[] = {
        "{\"Response\":\"oops\"}",
        "{\"Response\":{\"Error\":[1,2]}}",
        "{\"Response\":{\"Error\":{\"Code\":{\"a\":1}}}}",
        "{\"Response\":{\"Error\":{\"Code\":\"X\",\"Message\":true}}}",
        "{\"Response\":{\"RequestId\":17}}",
        "[1,2,3]",
        "\"just a string\"",
        "{}",
        "{\"Response\":null}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        docbind_error err = DOCBIND_ERROR_INIT;
        cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, bodies[i]), -1, "%s", bodies[i]);
        cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE, "%s -> %s", bodies[i], docbind_error_kind_name(err.kind));
        cr_assert_not_null(err.message);
        cr_assert_str_eq(err.body, bodies[i]);
        cr_assert_eq(err.http_status, 200);
        docbind_error_clear(&err);
    }
}

Test(transport_error, hostile_bodies_never_crash, .timeout = 10)
{
    /* Not JSON, truncated, trailing garbage, embedded NUL, deep nesting. */
    docbind_error err = DOCBIND_ERROR_INIT;
    const char *bodies[] = {"<html>502 Bad Gateway</html>", "{\"Response\":{", "{} trailing",
                            "{\"Response\":{\"Error\":{\"Code\":\"\\u"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, bodies[i]), -1);
        cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE, "%s", bodies[i]);
        docbind_error_clear(&err);
    }
    const char nul_body[] = "{\"Response\":{}}\0garbage";
    cr_assert_eq(docbind_error_from_response(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, nul_body,
                                             sizeof nul_body - 1), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    docbind_error_clear(&err);

    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[depth * 2] = '\0';
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, deep), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_not_null(strstr(err.message, "deeper"));
    cr_assert_eq(err.body_truncated, 1);
    docbind_error_clear(&err);
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_ALIBABA, 500, NULL, deep), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    docbind_error_clear(&err);
    free(deep);

    /* Empty 2xx body where Tencent always sends an envelope. */
    cr_assert_eq(docbind_error_from_response(&err, DOCBIND_ENVELOPE_TENCENT, 200, NULL, NULL, 0), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    docbind_error_clear(&err);

    /* NULL err still gives the verdict. */
    cr_assert_eq(from_body(NULL, DOCBIND_ENVELOPE_TENCENT, 200, NULL, "nope"), -1);
}

Test(transport_error, tencent_non_2xx_without_envelope_is_http, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 502, "gw-1", ""), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_eq(err.http_status, 502);
    cr_assert_str_eq(err.request_id, "gw-1");
    docbind_error_clear(&err);
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_TENCENT, 500, NULL, "{\"Response\":{\"RequestId\":\"b\"}}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_str_eq(err.request_id, "b");
    docbind_error_clear(&err);
}

/* ---- Huawei ------------------------------------------------------------- */

Test(transport_error, huawei_error_envelope_with_header_request_id, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 400, "0b2f4ad1c1a2",
                           "{\"error_code\":\"DMS.00400002\",\"error_msg\":\"Invalid topic.\"}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "DMS.00400002");
    cr_assert_str_eq(err.message, "Invalid topic.");
    cr_assert_str_eq(err.request_id, "0b2f4ad1c1a2");
    cr_assert_eq(err.http_status, 400);
    docbind_error_clear(&err);
}

Test(transport_error, huawei_numeric_code_from_the_docs, .timeout = 5)
{
    /* The ROMA Connect page documents {"error_code" : 400, ...}. */
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 400, NULL,
                           "{\n\"error_code\" : 400,\n\"error_msg\" : \"Bad Request\"\n}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "400");
    cr_assert_str_eq(err.message, "Bad Request");
    cr_assert_null(err.request_id);
    docbind_error_clear(&err);
}

Test(transport_error, huawei_nested_and_null_forms, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 401, NULL,
                           "{\"error\":{\"code\":\"APIGW.0301\",\"message\":\"Incorrect IAM authentication\"}}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "APIGW.0301");
    docbind_error_clear(&err);

    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 500, NULL,
                           "{\"error_code\":null,\"error_msg\":null,\"request_id\":\"body-rid\"}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_eq(err.http_status, 500);
    docbind_error_clear(&err);

    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 403, "h",
                           "{\"error_code\":\"DMS.403\",\"error_msg\":null,\"request_id\":\"body-rid\"}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.request_id, "body-rid");
    cr_assert_not_null(err.message);
    docbind_error_clear(&err);

    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 200, NULL, "not even json"), 0);
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);
}

Test(transport_error, huawei_html_error_page_is_parse_error_with_status, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_HUAWEI, 502, NULL, "<html>Bad Gateway</html>"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_eq(err.http_status, 502);
    cr_assert_str_eq(err.body, "<html>Bad Gateway</html>");
    cr_assert_not_null(strstr(err.message, "502"));
    docbind_error_clear(&err);
}

/* ---- Alibaba ------------------------------------------------------------ */

Test(transport_error, alibaba_error_envelope, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_ALIBABA, 400, NULL,
                           "{\"RequestId\":\"020F6A43-19E6-4B6E-B846-44EB31DF****\",\"HostId\":\"mqtt.aliyuncs.com\","
                           "\"Code\":\"ParameterCheckFailed\",\"Message\":\"An error occurred while validating the parameters.\","
                           "\"Recommend\":null}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "ParameterCheckFailed");
    cr_assert_str_eq(err.request_id, "020F6A43-19E6-4B6E-B846-44EB31DF****");
    cr_assert_eq(err.http_status, 400);
    docbind_error_clear(&err);
}

Test(transport_error, alibaba_wrong_types_and_size, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_ALIBABA, 500, NULL, "{\"Code\":[\"x\"]}"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_not_null(strstr(err.message, "\"Code\" is an array"));
    docbind_error_clear(&err);

    size_t len = DOCBIND_ERROR_ENVELOPE_MAX + 1;
    char *huge = malloc(len);
    memset(huge, ' ', len);
    huge[0] = '{';
    huge[len - 1] = '}';
    cr_assert_eq(docbind_error_from_response(&err, DOCBIND_ENVELOPE_ALIBABA, 500, NULL, huge, len), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_eq(err.body_len, DOCBIND_ERROR_BODY_CAP);
    cr_assert_eq(err.body_truncated, 1);
    docbind_error_clear(&err);
    free(huge);
}

Test(transport_error, plain_http_envelope, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_NONE, 204, NULL, ""), 0);
    cr_assert_eq(from_body(&err, DOCBIND_ENVELOPE_NONE, 404, "r", "missing"), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_str_eq(err.message, "HTTP 404 Not Found");
    cr_assert_str_eq(err.body, "missing");
    docbind_error_clear(&err);
}
