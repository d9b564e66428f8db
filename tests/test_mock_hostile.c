/* docbind mock under hostile input: garbage and deeply nested JSON, huge
 * numbers, bodies over the documented limits, wrong content types,
 * missing headers, malformed HTTP on a raw socket, oversized headers,
 * too many parameters. Every answer is well-formed (or the connection is
 * closed) and the server keeps serving. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "docbind_mock.h"
#include "mock_client.h"

static docbind_mock *mock;

static void setup(void)
{
    docbind_mock_options opts;
    mc_mock_options(&opts, 0);
    opts.rate_limits = 0;
    opts.connection_timeout = 5;
    mock = mc_start_mock(&opts);
}

static void teardown(void)
{
    docbind_mock_stop(mock);
}

TestSuite(mock_hostile, .init = setup, .fini = teardown, .timeout = 60);

/* An API 3.0 request with any body and content type (presence mode: a
 * dummy Authorization is enough). */
static void tencent_raw(const char *action, const char *content_type, const char *body,
                        size_t len, mc_response *r)
{
    docbind_pair headers[] = {{"Content-Type", content_type},
                              {"X-TC-Action", action},
                              {"X-TC-Version", "2019-08-19"},
                              {"Authorization", "TC3-HMAC-SHA256 Credential=x"}};
    mc_request req = {.headers = headers, .header_count = 4, .body = body, .body_len = len};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, r), 0);
}

static void still_serving(void)
{
    mc_response r;
    const char body[] = "{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"b\"}]}";
    tencent_raw("SendMessage", "application/json", body, 0, &r);
    cr_assert_eq(r.curl_code, 0);
    cr_assert_null(mc_error_code(&r), "%s", r.body);
    mc_response_free(&r);
}

static void expect_code(const char *action, const char *ct, const char *body, size_t len,
                        const char *code)
{
    mc_response r;
    tencent_raw(action, ct, body, len, &r);
    cr_assert_eq(r.curl_code, 0, "curl %d", r.curl_code);
    cr_assert_eq(r.status, 200);
    cr_assert_not_null(r.json, "not JSON: %s", r.body);
    if (code[0]) /* "" : any well-formed answer */
        cr_assert_str_eq(mc_error_code(&r), code, "%s", r.body);
    mc_response_free(&r);
}

Test(mock_hostile, garbage_bodies)
{
    expect_code("SendMessage", "application/json", "{\"DataHubId\": garbage", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json", "[1,2,3]", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json", "\"just a string\"", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json", "{} trailing", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json", "{\"a\":1}\0\xff\xfe", 10, "InvalidParameter");
    expect_code("SendMessage", "text/plain", "{\"DataHubId\":\"d\"}", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json",
                "{\"DataHubId\":\"\xff\xfe\",\"Message\":[{\"Body\":\"\xc3\"}]}", 0, "");
    still_serving();
}

Test(mock_hostile, huge_numbers_and_wrong_types)
{
    expect_code("DescribeTopic", "application/json",
                "{\"InstanceId\":\"i\",\"Limit\":1" "00000000000000000000000000000000000000000000"
                "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                "00000000000000000000000000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000000000000000000000000}",
                0, "InvalidParameter");
    expect_code("DescribeTopic", "application/json", "{\"InstanceId\":\"i\",\"Limit\":-1e308}",
                0, "");
    expect_code("DescribeTopic", "application/json", "{\"InstanceId\":{\"x\":[1]},\"Limit\":1}", 0,
                "InvalidParameter");
    expect_code("DescribeTopic", "application/json", "{\"InstanceId\":null}", 0,
                "MissingParameter");
    expect_code("SendMessage", "application/json",
                "{\"DataHubId\":\"d\",\"Message\":[null]}", 0, "InvalidParameter");
    expect_code("SendMessage", "application/json",
                "{\"DataHubId\":\"d\",\"Message\":[{\"Body\":[[[[]]]]}]}", 0, "InvalidParameter");
    still_serving();
}

/* The depth pre-check counts brackets outside strings only: brackets and
 * escaped quotes inside a string are text, and a string ending in an
 * escaped backslash still ends. */
Test(mock_hostile, brackets_inside_strings_do_not_nest)
{
    char body[4096];
    size_t k = (size_t)sprintf(body, "{\"DataHubId\":\"d\",\"Message\":[{\"Key\":\"k\",\"Body\":\"");
    for (int i = 0; i < 200; i++)
        body[k++] = '[';
    k += (size_t)sprintf(body + k, "\\\"");
    for (int i = 0; i < 200; i++)
        body[k++] = '{';
    k += (size_t)sprintf(body + k, "\\\\\"}]}");
    mc_response r;
    tencent_raw("SendMessage", "application/json", body, k, &r);
    cr_assert_eq(r.curl_code, 0);
    cr_assert_null(mc_error_code(&r), "%s", r.body);
    mc_response_free(&r);

    /* the same string, then 65 real levels: refused by the pre-check */
    k -= 3; /* drop "}]}" */
    k += (size_t)sprintf(body + k, "}],\"Extra\":");
    for (int i = 0; i < 65; i++)
        body[k++] = '[';
    for (int i = 0; i < 65; i++)
        body[k++] = ']';
    body[k++] = '}';
    tencent_raw("SendMessage", "application/json", body, k, &r);
    cr_assert_str_eq(mc_error_code(&r), "InvalidParameter", "%s", r.body);
    cr_assert_not_null(strstr(r.body, "deeper"), "%s", r.body);
    mc_response_free(&r);
}

Test(mock_hostile, thousand_deep_json)
{
    size_t n = 1000;
    char *body = malloc(2 * n + 64);
    size_t k = (size_t)sprintf(body, "{\"DataHubId\":\"d\",\"Message\":");
    for (size_t i = 0; i < n; i++)
        body[k++] = '[';
    for (size_t i = 0; i < n; i++)
        body[k++] = ']';
    body[k++] = '}';
    body[k] = '\0';
    expect_code("SendMessage", "application/json", body, k, "InvalidParameter");
    /* unbalanced: only openings */
    memset(body, '{', k);
    expect_code("SendMessage", "application/json", body, k, "InvalidParameter");
    free(body);
    still_serving();
}

Test(mock_hostile, bodies_over_the_documented_limits)
{
    /* TC3 POST: max_request_bytes_post_tc3 = 10485760 */
    size_t n = (size_t)10 * 1024 * 1024 + 1;
    char *body = malloc(n);
    memset(body, ' ', n);
    body[0] = '{';
    body[n - 1] = '}';
    expect_code("SendMessage", "application/json", body, n, "RequestSizeLimitExceeded");
    /* exactly the limit is read (and is an empty object) */
    body[n - 2] = '}';
    expect_code("SendMessage", "application/json", body, n - 1, "MissingParameter");
    free(body);

    /* GET: max_request_bytes_get = 32768 */
    size_t qlen = 40000;
    char *path = malloc(qlen + 256);
    int k = sprintf(path, "/?Action=DescribeInstances&Version=2019-08-19&SecretId=x&Signature=y&SearchWord=");
    memset(path + k, 'a', qlen);
    path[k + qlen] = '\0';
    mc_request req = {.method = "GET", .path = path};
    mc_response r;
    cr_assert_eq(mc_send(docbind_mock_url(mock), &req, &r), 0);
    cr_assert_str_eq(mc_error_code(&r), "RequestSizeLimitExceeded", "%s", r.body);
    mc_response_free(&r);
    free(path);

    /* Huawei: the mock-wide cap (16 MiB) in the Huawei envelope, 413 */
    n = (size_t)17 * 1024 * 1024;
    body = malloc(n);
    memset(body, 'x', n);
    docbind_pair headers[] = {{"Content-Type", "application/json"}, {"X-Auth-Token", "t"}};
    mc_request hw = {.path = "/v2/p/mqs/instances/i/messages/action?action_id=resend",
                     .headers = headers,
                     .header_count = 2,
                     .body = body,
                     .body_len = n};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &hw, &r), 0);
    cr_assert_eq(r.status, 413, "%ld %s", r.status, r.body);
    cr_assert_str_eq(mc_error_code(&r), "APIGW.0201");
    mc_response_free(&r);
    free(body);
    still_serving();
}

typedef struct chunk_src {
    size_t left;
} chunk_src;

static size_t read_chunks(char *buf, size_t size, size_t n, void *user)
{
    chunk_src *s = user;
    size_t want = size * n;
    if (want > s->left)
        want = s->left;
    memset(buf, ' ', want);
    s->left -= want;
    return want;
}

Test(mock_hostile, chunked_body_over_the_limit)
{
    char url[128];
    snprintf(url, sizeof url, "%s/", docbind_mock_url(mock));
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "X-TC-Action: SendMessage");
    h = curl_slist_append(h, "Authorization: TC3-HMAC-SHA256 x");
    h = curl_slist_append(h, "Transfer-Encoding: chunked");
    h = curl_slist_append(h, "Expect:");
    chunk_src src = {(size_t)11 * 1024 * 1024};
    mc_response sink;
    memset(&sink, 0, sizeof sink);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_chunks);
    curl_easy_setopt(c, CURLOPT_READDATA, &src);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    fclose(devnull);
    cr_assert_eq(rc, CURLE_OK, "curl %d", (int)rc);
    cr_assert_eq(status, 200);
    still_serving();
}

/* Sends raw bytes on a fresh connection; returns what came back (up to
 * cap-1 bytes, NUL-terminated) before the server closed or 3 s passed. */
static size_t raw_exchange(const char *data, size_t len, char *out, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(docbind_mock_port(mock));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    size_t sent = 0;
    while (sent < len) {
        ssize_t w = send(fd, data + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break;
        sent += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (got + 1 < cap && poll(&p, 1, 3000) > 0) {
        ssize_t n = recv(fd, out + got, cap - 1 - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    out[got] = '\0';
    close(fd);
    return got;
}

Test(mock_hostile, malformed_http_and_missing_headers)
{
    char buf[8192];
    /* HTTP/1.0 without any header: no Host, no vendor shape */
    static const char bare[] = "GET / HTTP/1.0\r\n\r\n";
    raw_exchange(bare, sizeof bare - 1, buf, sizeof buf);
    cr_assert(strncmp(buf, "HTTP/1.", 7) == 0, "%s", buf);
    cr_assert_not_null(strstr(buf, "APIGW.0101"), "%s", buf);
    /* a request line of garbage */
    static const char junk[] = "\x01\x02\x03 garbage\r\n\r\n";
    raw_exchange(junk, sizeof junk - 1, buf, sizeof buf);
    /* a header line without a colon, binary bytes, then nothing */
    static const char bad_header[] = "POST / HTTP/1.1\r\nHost: x\r\nnot a header\r\n\xff\xfe\r\n\r\n";
    raw_exchange(bad_header, sizeof bad_header - 1, buf, sizeof buf);
    /* a truncated request: headers never end */
    static const char cut[] = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n";
    raw_exchange(cut, sizeof cut - 1, buf, sizeof buf);
    /* a body shorter than its Content-Length, then the client closes */
    static const char short_body[] =
        "POST / HTTP/1.1\r\nHost: x\r\nX-TC-Action: SendMessage\r\nContent-Length: 50\r\n\r\n{";
    raw_exchange(short_body, sizeof short_body - 1, buf, sizeof buf);
    /* Content-Length that is not a number */
    static const char bad_cl[] =
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n";
    raw_exchange(bad_cl, sizeof bad_cl - 1, buf, sizeof buf);
    still_serving();
}

Test(mock_hostile, oversized_headers_and_too_many_parameters)
{
    size_t n = 300 * 1024;
    char *req = malloc(n + 128);
    int k = sprintf(req, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(req + k, 'a', n);
    memcpy(req + k + n, "\r\n\r\n", 4);
    char buf[4096];
    raw_exchange(req, (size_t)k + n + 4, buf, sizeof buf);
    if (buf[0])
        cr_assert(strncmp(buf, "HTTP/1.1 4", 10) == 0, "%.60s", buf);
    free(req);

    /* 6000 query parameters (48 KB): the target fits the connection's
     * memory as text but not once parsed, so the connection is closed at
     * once (never left hanging) */
    size_t cap = 12000 * 12 + 256;
    char *path = malloc(cap);
    size_t len = (size_t)sprintf(path, "/?Action=SendMessage&Version=2020-04-20&Signature=x");
    for (int i = 0; i < 6000; i++)
        len += (size_t)sprintf(path + len, "&p%d=1", i);
    mc_request r = {.method = "GET", .path = path};
    mc_response resp;
    cr_assert_eq(mc_send(docbind_mock_url(mock), &r, &resp), 0);
    cr_assert_eq(resp.status, 0, "%ld %.200s", resp.status, resp.body);
    cr_assert_neq(resp.curl_code, 0);
    cr_assert_lt(resp.seconds, 2.0);
    mc_response_free(&resp);
    /* 12000 (144 KB): longer than the connection's memory; libmicrohttpd
     * answers 414, or closes while the client is still sending */
    for (int i = 6000; i < 12000; i++)
        len += (size_t)sprintf(path + len, "&p%d=1", i);
    cr_assert_eq(mc_send(docbind_mock_url(mock), &r, &resp), 0);
    cr_assert(resp.status == 414 || (resp.status == 0 && resp.curl_code != 0), "%ld %.200s",
              resp.status, resp.body);
    cr_assert_lt(resp.seconds, 2.0);
    mc_response_free(&resp);
    /* the same as a form body: the mock's own cap, InvalidParameter */
    docbind_pair form_type[] = {{"Content-Type", "application/x-www-form-urlencoded"}};
    mc_request f = {.method = "POST", .path = "/", .headers = form_type, .header_count = 1,
                    .body = path + 2};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &f, &resp), 0);
    cr_assert_eq(resp.status, 400, "%ld %.200s", resp.status, resp.body);
    cr_assert_str_eq(mc_error_code(&resp), "InvalidParameter");
    mc_response_free(&resp);
    free(path);

    /* flat names nested far deeper than any struct */
    char deep[4096];
    int d = sprintf(deep, "/?Action=SendMessage&Version=2019-08-19&SecretId=x&Signature=y&DataHubId=d&Message");
    for (int i = 0; i < 300; i++)
        d += sprintf(deep + d, ".%d", i % 10);
    sprintf(deep + d, "=v&Message.999999999999.Body=x&Message.-1.Body=y");
    mc_request r2 = {.method = "GET", .path = deep};
    cr_assert_eq(mc_send(docbind_mock_url(mock), &r2, &resp), 0);
    cr_assert_eq(resp.status, 200);
    cr_assert_not_null(resp.json);
    mc_response_free(&resp);
    still_serving();
}
