/* The client over real HTTP on loopback: keep-alive reuse, what goes on
 * the wire, the three vendors' error envelopes, the sign hook, and config
 * and request validation. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_client.h"
#include "mock_http_server.h"

static mock_server *server;

static void setup(void)
{
    cr_assert_eq(docbind_global_init(NULL), 0);
    server = mock_server_start();
    cr_assert_not_null(server, "mock server did not start");
}

static void teardown(void)
{
    mock_server_stop(server);
    docbind_global_cleanup();
}

TestSuite(transport_client, .init = setup, .fini = teardown, .timeout = 10);

static docbind_client *new_client(docbind_error_envelope envelope)
{
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = mock_server_url(server);
    cfg.envelope = envelope;
    cfg.retry.max_attempts = 1;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_client *client = docbind_client_new(&cfg, &err);
    cr_assert_not_null(client, "%s", err.message ? err.message : "?");
    return client;
}

static void get_request(docbind_request *req, const char *path)
{
    cr_assert_eq(docbind_request_init(req, "GET", path, NULL), 0);
}

Test(transport_client, success_with_keep_alive_reuse)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_NONE);
    mock_reply ok = {.status = 200, .body = "{\"ok\":true}", .header_name = "X-Request-Id", .header_value = "rid-7"};
    mock_server_set_default(server, &ok);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/v1/ping");
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    for (int i = 0; i < 20; i++) {
        /* The same response object is reused: the old body is freed. */
        cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
        cr_assert_eq(resp.status, 200);
        cr_assert_eq(resp.body_len, strlen("{\"ok\":true}"));
        cr_assert_str_eq((char *)resp.body, "{\"ok\":true}");
        cr_assert_str_eq(resp.request_id, "rid-7");
        cr_assert_str_eq(docbind_http_response_header(&resp, "content-type"), "application/json");
        cr_assert_eq(resp.attempts, 1);
    }
    cr_assert_eq(mock_server_connections(server), 1, "keep-alive: one connection for 20 requests, saw %u",
                 mock_server_connections(server));
    cr_assert_eq(mock_server_request_count(server), 20);
    docbind_client_stats stats;
    docbind_client_get_stats(client, &stats);
    cr_assert_eq(stats.requests, 20);
    cr_assert_eq(stats.attempts, 20);
    cr_assert_eq(stats.retries, 0);
    cr_assert_eq(stats.connections_opened, 1);
    cr_assert_eq(stats.handles_created, 1);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, wire_format_of_path_query_headers_and_body)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_NONE);
    docbind_request req = DOCBIND_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_request_init(&req, "POST", "/v2/p 1/instances/i~1/messages", &err), 0);
    cr_assert_eq(docbind_request_add_query(&req, "action_id", "resend", &err), 0);
    cr_assert_eq(docbind_request_add_query(&req, "q", "a b&c=d/é", &err), 0);
    cr_assert_eq(docbind_request_add_query(&req, "empty", "", &err), 0);
    cr_assert_eq(docbind_request_set_header(&req, "Content-Type", "application/json", &err), 0);
    cr_assert_eq(docbind_request_set_header(&req, "X-Custom", "one", &err), 0);
    cr_assert_eq(docbind_request_set_header(&req, "x-custom", "two", &err), 0); /* replaces */
    cr_assert_eq(req.header_count, 2);
    const char body[] = "{\"topic\":\"t\",\"bin\":\"\0\1\2\"}";
    cr_assert_eq(docbind_request_set_body(&req, body, sizeof body - 1, &err), 0);

    char *qs = docbind_request_encoded_query(&req);
    cr_assert_str_eq(qs, "action_id=resend&q=a%20b%26c%3Dd%2F%C3%A9&empty=");
    char *path = docbind_request_encoded_path(&req);
    cr_assert_str_eq(path, "/v2/p%201/instances/i~1/messages");

    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);

    mock_request seen;
    cr_assert_eq(mock_server_request(server, 0, &seen), 0);
    cr_assert_str_eq(seen.method, "POST");
    char expected_uri[256];
    snprintf(expected_uri, sizeof expected_uri, "%s?%s", path, qs);
    cr_assert_str_eq(seen.uri, expected_uri);
    cr_assert_eq(seen.body_len, sizeof body - 1);
    cr_assert_eq(memcmp(seen.body, body, sizeof body - 1), 0);
    cr_assert_str_eq(mock_request_header(&seen, "Content-Type"), "application/json");
    cr_assert_str_eq(mock_request_header(&seen, "X-Custom"), "two");
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%u", (unsigned)mock_server_port(server));
    cr_assert_str_eq(mock_request_header(&seen, "Host"), host);
    cr_assert_null(mock_request_header(&seen, "Expect"));
    cr_assert_not_null(strstr(mock_request_header(&seen, "User-Agent"), "docbind-runtime/"));
    mock_request_free(&seen);

    /* A body without Content-Type goes out without one (not libcurl's form type). */
    cr_assert_eq(docbind_request_set_header(&req, "Content-Type", NULL, &err), 0);
    cr_assert_null(docbind_request_header(&req, "content-type"));
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0);
    cr_assert_eq(mock_server_request(server, 1, &seen), 0);
    cr_assert_null(mock_request_header(&seen, "Content-Type"));
    mock_request_free(&seen);

    free(qs);
    free(path);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, methods_map_to_http)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_NONE);
    const char *methods[] = {"GET", "HEAD", "PUT", "DELETE", "PATCH"};
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        docbind_request req = DOCBIND_REQUEST_INIT;
        cr_assert_eq(docbind_request_init(&req, methods[i], "/m", &err), 0);
        if (strcmp(methods[i], "PUT") == 0)
            docbind_request_set_body(&req, "abc", 3, &err);
        cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s: %s", methods[i], err.message);
        mock_request seen;
        cr_assert_eq(mock_server_request(server, i, &seen), 0);
        cr_assert_str_eq(seen.method, methods[i]);
        if (strcmp(methods[i], "PUT") == 0)
            cr_assert_eq(seen.body_len, 3);
        else
            cr_assert_eq(seen.body_len, 0);
        mock_request_free(&seen);
        docbind_request_free(&req);
    }
    docbind_http_response_free(&resp);
    docbind_client_free(client);
}

Test(transport_client, tencent_error_envelope_over_http)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_TENCENT);
    const char *body = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\","
                       "\"Message\":\"The provided credentials could not be validated.\"},"
                       "\"RequestId\":\"7f6b1c4e-0001\"}}";
    mock_reply r = {.status = 200, .body = body};
    mock_server_push(server, &r);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/");
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "AuthFailure.SignatureFailure");
    cr_assert_str_eq(err.request_id, "7f6b1c4e-0001");
    cr_assert_eq(err.http_status, 200);
    cr_assert_str_eq(err.body, body);
    /* The response is kept too. */
    cr_assert_eq(resp.status, 200);
    cr_assert_str_eq((char *)resp.body, body);
    cr_assert_eq(mock_server_request_count(server), 1);

    /* A success envelope, with nulls, is a success. */
    mock_reply ok = {.status = 200, .body = "{\"Response\":{\"Result\":null,\"Error\":null,\"RequestId\":null}}"};
    mock_server_push(server, &ok);
    docbind_error_clear(&err);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(err.kind, DOCBIND_ERROR_NONE);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, huawei_error_envelope_with_header_request_id)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_HUAWEI);
    mock_reply r = {.status = 400,
                    .body = "{\"error_code\":\"DMS.00400002\",\"error_msg\":\"Invalid instance id.\"}",
                    .header_name = "X-Request-Id",
                    .header_value = "hw-8c1e"};
    mock_server_push(server, &r);
    docbind_request req = DOCBIND_REQUEST_INIT;
    cr_assert_eq(docbind_request_init(&req, "POST", "/v2/reliability/p/instances/i/messages", NULL), 0);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "DMS.00400002");
    cr_assert_str_eq(err.message, "Invalid instance id.");
    cr_assert_str_eq(err.request_id, "hw-8c1e");
    cr_assert_eq(err.http_status, 400);
    cr_assert_str_eq(resp.request_id, "hw-8c1e");

    /* Null fields: absent, so a plain HTTP error with the body kept. */
    mock_reply nulls = {.status = 500, .body = "{\"error_code\":null,\"error_msg\":null}"};
    mock_server_push(server, &nulls);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_HTTP);
    cr_assert_eq(err.http_status, 500);
    cr_assert_not_null(err.body);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, alibaba_error_envelope)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_ALIBABA);
    mock_reply r = {.status = 404,
                    .body = "{\"RequestId\":\"A1B2-C3\",\"HostId\":\"onsmqtt.aliyuncs.com\",\"Code\":\"ApiNotSupport\","
                            "\"Message\":\"The specified API is not supported.\",\"Recommend\":null}"};
    mock_server_push(server, &r);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/");
    docbind_request_add_query(&req, "Action", "SendMessage", NULL);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_assert_str_eq(err.code, "ApiNotSupport");
    cr_assert_str_eq(err.request_id, "A1B2-C3");
    cr_assert_eq(err.http_status, 404);
    char line[512];
    docbind_error_format(&err, line, sizeof line);
    cr_assert_str_eq(line, "service error ApiNotSupport (HTTP 404, request id A1B2-C3): The specified API is not supported.");
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, malformed_body_is_a_parse_error_and_kept)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_TENCENT);
    mock_reply r = {.status = 200, .body = "<html><body>maintenance</body></html>", .content_type = "text/html"};
    mock_server_push(server, &r);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/");
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_not_null(strstr(err.message, "not valid JSON"));
    cr_assert_str_eq(err.body, "<html><body>maintenance</body></html>");
    cr_assert_eq(resp.status, 200);
    cr_assert_eq(mock_server_request_count(server), 1, "parse errors are not retried");
    docbind_error_clear(&err);

    /* Wrong types in the envelope. */
    mock_reply wrong = {.status = 200, .body = "{\"Response\":{\"Error\":{\"Code\":[1]}}}"};
    mock_server_push(server, &wrong);
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_PARSE);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

typedef struct sign_state {
    int calls;
    char host[64];
    char scheme[16];
    int fail;
} sign_state;

static int test_signer(docbind_request *request, void *user, docbind_error *err)
{
    sign_state *state = user;
    state->calls++;
    snprintf(state->host, sizeof state->host, "%s", request->host ? request->host : "(null)");
    snprintf(state->scheme, sizeof state->scheme, "%s", request->scheme ? request->scheme : "(null)");
    if (state->fail)
        return docbind_error_set(err, DOCBIND_ERROR_VALIDATION, "no credentials for signing");
    char value[32];
    snprintf(value, sizeof value, "sig-%d", state->calls);
    if (docbind_request_set_header(request, "Authorization", value, err) < 0)
        return -1;
    return docbind_request_add_query(request, "Signature", value, err);
}

Test(transport_client, sign_callback_runs_per_attempt_on_a_copy)
{
    sign_state state = {0};
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.base_url = mock_server_url(server);
    cfg.sign = test_signer;
    cfg.sign_user = &state;
    cfg.retry.base_delay = 0.001;
    docbind_client *client = docbind_client_new(&cfg, NULL);
    cr_assert_not_null(client);
    mock_reply unavailable = {.status = 503, .body = ""};
    mock_server_push(server, &unavailable);

    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/signed");
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), 0, "%s", err.message);
    cr_assert_eq(state.calls, 2, "signed once per attempt");
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%u", (unsigned)mock_server_port(server));
    cr_assert_str_eq(state.host, host);
    cr_assert_str_eq(state.scheme, "http");
    /* The caller's request is untouched by signing. */
    cr_assert_null(docbind_request_header(&req, "Authorization"));
    cr_assert_eq(req.query_count, 0);

    mock_request first, second;
    cr_assert_eq(mock_server_request(server, 0, &first), 0);
    cr_assert_eq(mock_server_request(server, 1, &second), 0);
    cr_assert_str_eq(mock_request_header(&first, "Authorization"), "sig-1");
    cr_assert_str_eq(mock_request_header(&second, "Authorization"), "sig-2");
    cr_assert_str_eq(second.uri, "/signed?Signature=sig-2");
    mock_request_free(&first);
    mock_request_free(&second);

    /* A signing failure is returned as is and nothing is sent. */
    state.fail = 1;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.message, "no credentials for signing");
    cr_assert_eq(mock_server_request_count(server), 2);
    docbind_error_clear(&err);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, config_validation)
{
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cr_assert_eq(cfg.max_response_bytes, (size_t)50 * 1024 * 1024);
    cr_assert_eq(cfg.verify_tls, 1);
    const char *bad_urls[] = {NULL, "", "ftp://x", "127.0.0.1:80", "http://", "http://h/path",
                              "http://h?x=1", "http://user:pw@h", "http://h h"};
    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        docbind_error err = DOCBIND_ERROR_INIT;
        cfg.base_url = bad_urls[i];
        cr_assert_null(docbind_client_new(&cfg, &err), "%s", bad_urls[i] ? bad_urls[i] : "NULL");
        cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
        cr_assert_str_eq(err.param_path, "base_url");
        if (bad_urls[i] && strchr(bad_urls[i], '@'))
            cr_assert_null(strstr(err.message, "pw"), "never echo credentials");
        docbind_error_clear(&err);
    }
    cfg.base_url = "https://ckafka.tencentcloudapi.com/";
    docbind_client *ok = docbind_client_new(&cfg, NULL);
    cr_assert_not_null(ok, "a trailing slash is fine");
    docbind_client_free(ok);

    cfg.timeout_ms = 0;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_null(docbind_client_new(&cfg, &err));
    cr_assert_str_eq(err.param_path, "timeout_ms");
    docbind_error_clear(&err);
    docbind_client_config_init(&cfg);
    cfg.base_url = "http://127.0.0.1:1";
    cfg.retry.max_attempts = 0;
    cr_assert_null(docbind_client_new(&cfg, &err));
    cr_assert_str_eq(err.param_path, "retry.max_attempts");
    docbind_error_clear(&err);
    cr_assert_null(docbind_client_new(NULL, &err));
    docbind_error_clear(&err);
    docbind_client_free(NULL);
}

Test(transport_client, default_port_is_dropped_from_host)
{
    sign_state state = {0};
    docbind_client_config cfg;
    docbind_client_config_init(&cfg);
    cfg.sign = test_signer;
    cfg.sign_user = &state;
    cfg.retry.max_attempts = 1;
    cfg.connect_timeout_ms = 200;
    cfg.base_url = "http://127.0.0.1:80";
    docbind_client *client = docbind_client_new(&cfg, NULL);
    cr_assert_not_null(client);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/");
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    docbind_client_send(client, &req, &resp, NULL); /* nothing listens on 80: only the host matters */
    cr_assert_str_eq(state.host, "127.0.0.1");
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}

Test(transport_client, request_validation)
{
    docbind_request req = DOCBIND_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_request_init(&req, "GE T", "/", &err), -1);
    cr_assert_str_eq(err.param_path, "method");
    cr_assert_eq(docbind_request_init(&req, "GET", "relative", &err), -1);
    cr_assert_str_eq(err.param_path, "path");
    cr_assert_eq(docbind_request_init(&req, "GET", "/", &err), 0);
    cr_assert_eq(docbind_request_set_header(&req, "X-Evil", "a\r\nInjected: 1", &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_eq(docbind_request_set_header(&req, "Bad Name", "v", &err), -1);
    cr_assert_eq(docbind_request_set_header(&req, "", "v", &err), -1);
    cr_assert_eq(docbind_request_add_query(&req, "", "v", &err), -1);
    cr_assert_eq(req.header_count, 0);
    cr_assert_eq(docbind_request_set_header(&req, "X-Empty", "", &err), 0);
    cr_assert_eq(docbind_request_set_header(&req, "X-Gone", NULL, &err), 0);
    cr_assert_eq(req.header_count, 1);
    cr_assert_eq(docbind_request_set_action(&req, "SendMessage", &err), 0);
    cr_assert_str_eq(req.action, "SendMessage");
    cr_assert_eq(req.idempotent, 1);
    docbind_request_set_idempotent(&req, 0);
    cr_assert_eq(req.idempotent, 0);
    docbind_error_clear(&err);
    docbind_request_free(&req);
    docbind_request_free(&req);

    /* Sending an uninitialised request is a validation error, not a crash. */
    docbind_client *client = new_client(DOCBIND_ENVELOPE_NONE);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    docbind_error_clear(&err);
    cr_assert_eq(docbind_client_send(NULL, &req, &resp, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_INTERNAL);
    docbind_error_clear(&err);
    docbind_client_free(client);
}

Test(transport_client, empty_header_value_is_sent)
{
    docbind_client *client = new_client(DOCBIND_ENVELOPE_NONE);
    docbind_request req = DOCBIND_REQUEST_INIT;
    get_request(&req, "/");
    docbind_request_set_header(&req, "X-Empty", "", NULL);
    docbind_http_response resp = DOCBIND_HTTP_RESPONSE_INIT;
    cr_assert_eq(docbind_client_send(client, &req, &resp, NULL), 0);
    mock_request seen;
    cr_assert_eq(mock_server_request(server, 0, &seen), 0);
    cr_assert_not_null(mock_request_header(&seen, "X-Empty"));
    cr_assert_str_eq(mock_request_header(&seen, "X-Empty"), "");
    mock_request_free(&seen);
    docbind_http_response_free(&resp);
    docbind_request_free(&req);
    docbind_client_free(client);
}
