/* The signers' stages one by one, the helpers under them, the TC3 key
 * cache, the injected clock, and the refusal of bad input. Expected values
 * are the vendors' documented ones (see tests/vectors for the full
 * records). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_sign.h"
#include "sign_request_json.h"

#define TC_ID "AKID********************************"
#define TC_KEY "********************************"
#define DOC_BODY                                                                              \
    "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": "         \
    "\"instance-name\"}]}"
#define DOC_PAYLOAD_HASH "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
#define DOC_CR_HASH "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
#define DOC_SIGNATURE "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"

static void hex32(const unsigned char *k, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", k[i]);
}

/* ---- tc3-hmac-sha256, stage by stage, on the documented example ------- */

static const docbind_pair doc_headers[] = {
    {"Content-Type", "application/json; charset=utf-8"},
    {"Host", "cvm.tencentcloudapi.com"},
    {"X-TC-Action", "DescribeInstances"},
};
static const char *const doc_signed[] = {"x-tc-action", "content-type", "host"};

Test(sign_tc3, stages_reproduce_the_documentation)
{
    docbind_http_request req = {.method = "POST", .host = "cvm.tencentcloudapi.com",
                                .path = "/", .headers = doc_headers, .header_count = 3,
                                .body = (const unsigned char *)DOC_BODY,
                                .body_len = strlen(DOC_BODY)};
    char payload[65], crh[65], sig[65], hex[65];
    docbind_sha256_hex(req.body, req.body_len, payload);
    cr_assert_str_eq(payload, DOC_PAYLOAD_HASH);

    docbind_buf cr = {0}, sts = {0}, list = {0}, auth = {0};
    docbind_sign_error err;
    cr_assert_eq(docbind_tc3_canonical_request(&req, doc_signed, 3, payload, &cr, &err), 0,
                 "%s", err.message);
    cr_assert_str_eq(docbind_buf_str(&cr),
                     "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                     "host:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\n"
                     "content-type;host;x-tc-action\n" DOC_PAYLOAD_HASH);
    docbind_sha256_hex(cr.data, cr.len, crh);
    cr_assert_str_eq(crh, DOC_CR_HASH);

    cr_assert_eq(docbind_tc3_string_to_sign(1551113065, "cvm", crh, &sts), 0);
    cr_assert_str_eq(docbind_buf_str(&sts), "TC3-HMAC-SHA256\n1551113065\n"
                                            "2019-02-25/cvm/tc3_request\n" DOC_CR_HASH);

    unsigned char key[32], kdate[32], kservice[32];
    cr_assert_eq(docbind_tc3_signing_key(TC_KEY, "2019-02-25", "cvm", key, kdate, kservice), 0);
    hex32(kdate, hex);
    cr_assert_str_eq(hex, "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0");
    hex32(kservice, hex);
    cr_assert_str_eq(hex, "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f");
    hex32(key, hex);
    cr_assert_str_eq(hex, "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af");

    cr_assert_eq(docbind_tc3_signature(key, sts.data, sts.len, sig), 0);
    cr_assert_str_eq(sig, DOC_SIGNATURE);

    cr_assert_eq(docbind_tc3_signed_headers(doc_signed, 3, &list, &err), 0);
    cr_assert_str_eq(docbind_buf_str(&list), "content-type;host;x-tc-action");
    cr_assert_eq(docbind_tc3_authorization(TC_ID, 1551113065, "cvm", list.data, sig, &auth), 0);
    cr_assert_str_eq(docbind_buf_str(&auth),
                     "TC3-HMAC-SHA256 Credential=" TC_ID "/2019-02-25/cvm/tc3_request, "
                     "SignedHeaders=content-type;host;x-tc-action, Signature=" DOC_SIGNATURE);

    /* The cache gives the same signature as the stage function. */
    docbind_tc3_key_cache *cache = docbind_tc3_key_cache_new(2);
    cr_assert_not_null(cache);
    cr_assert_eq(docbind_tc3_key_cache_sign(cache, TC_KEY, "2019-02-25", "cvm", sts.data,
                                            sts.len, sig),
                 0);
    cr_assert_str_eq(sig, DOC_SIGNATURE);
    docbind_tc3_key_cache_free(cache);

    docbind_buf_free(&cr);
    docbind_buf_free(&sts);
    docbind_buf_free(&list);
    docbind_buf_free(&auth);
}

Test(sign_tc3, canonical_request_requires_content_type_and_host)
{
    docbind_http_request req = {.method = "POST", .host = "h", .headers = doc_headers,
                                .header_count = 3};
    const char *const only_host[] = {"host"};
    const char *const dup[] = {"host", "Content-Type", "HOST"};
    const char *const absent[] = {"host", "content-type", "x-tc-region"};
    docbind_buf cr = {0};
    docbind_sign_error err;
    cr_assert_eq(docbind_tc3_canonical_request(&req, only_host, 1, "00", &cr, &err), -1);
    cr_assert_str_eq(err.message, "signed_headers: must include content-type and host");
    cr_assert_eq(docbind_tc3_canonical_request(&req, dup, 3, "00", &cr, &err), -1);
    cr_assert(strstr(err.message, "listed twice"), "%s", err.message);
    cr_assert_eq(docbind_tc3_canonical_request(&req, absent, 3, "00", &cr, &err), -1);
    cr_assert_str_eq(err.message, "signed_headers: x-tc-region is not among the request headers");
    docbind_buf_free(&cr);
}

Test(sign_tc3, key_cache_derives_once_per_secret_date_service)
{
    docbind_tc3_key_cache *c = docbind_tc3_key_cache_new(2);
    char a[65], b[65];
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-25", "cvm", "x", 1, a), 0);
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-25", "cvm", "x", 1, b), 0);
    cr_assert_str_eq(a, b);
    cr_assert_eq(docbind_tc3_key_cache_misses(c), 1);
    /* Each of secret, date and service is part of the key. */
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s2", "2019-02-25", "cvm", "x", 1, b), 0);
    cr_assert_str_neq(a, b);
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-26", "cvm", "x", 1, b), 0);
    cr_assert_str_neq(a, b);
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-25", "cdb", "x", 1, b), 0);
    cr_assert_str_neq(a, b);
    cr_assert_eq(docbind_tc3_key_cache_misses(c), 4);
    /* Two slots, least recently used goes: (s1, 02-25, cdb) and
     * (s1, 02-26, cvm) are in; the original entry was evicted. */
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-25", "cdb", "x", 1, b), 0);
    cr_assert_eq(docbind_tc3_key_cache_misses(c), 4);
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s1", "2019-02-25", "cvm", "x", 1, b), 0);
    cr_assert_eq(docbind_tc3_key_cache_misses(c), 5);
    cr_assert_str_eq(a, b);
    /* A secret that is a prefix of another is a different secret. */
    cr_assert_eq(docbind_tc3_key_cache_sign(c, "s", "2019-02-25", "cvm", "x", 1, b), 0);
    cr_assert_str_neq(a, b);
    docbind_tc3_key_cache_free(c);
    cr_assert_null(docbind_tc3_key_cache_new(0));
    cr_assert_null(docbind_tc3_key_cache_new(65));
}

/* ---- the other algorithms' stages ------------------------------------- */

Test(sign_tc_v1, stages_reproduce_the_documentation)
{
    const docbind_pair params[] = {
        {"Action", "DescribeInstances"}, {"SecretId", TC_ID},       {"Timestamp", "1465185768"},
        {"Nonce", "11886"},              {"Region", "ap-guangzhou"}, {"InstanceIds.0", "ins-09dx96dg"},
        {"Offset", "0"},                 {"Limit", "20"},            {"Version", "2017-03-12"},
    };
    docbind_buf ps = {0}, sts = {0}, sig = {0}, q = {0};
    cr_assert_eq(docbind_tc_v1_param_string(params, 9, &ps), 0);
    cr_assert_str_eq(docbind_buf_str(&ps),
                     "Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&"
                     "Offset=0&Region=ap-guangzhou&SecretId=" TC_ID
                     "&Timestamp=1465185768&Version=2017-03-12");
    cr_assert_eq(docbind_tc_v1_string_to_sign("GET", "cvm.tencentcloudapi.com", "/", ps.data,
                                              &sts),
                 0);
    cr_assert(!strncmp(sts.data, "GETcvm.tencentcloudapi.com/?Action=", 35));
    cr_assert_eq(docbind_tc_v1_signature(TC_KEY, 0, sts.data, sts.len, &sig), 0);
    cr_assert_str_eq(docbind_buf_str(&sig), "7RAM2xfNMO9EiVTNmPg06MRnCvQ=");
    cr_assert_eq(docbind_tc_v1_signed_query(params, 9, sig.data, &q), 0);
    cr_assert(strstr(q.data, "&Signature=7RAM2xfNMO9EiVTNmPg06MRnCvQ%3D"), "%s", q.data);
    cr_assert(strstr(q.data, "SecretId=AKID%2A%2A"), "%s", q.data);
    docbind_buf_free(&ps);
    docbind_buf_free(&sts);
    docbind_buf_free(&sig);
    docbind_buf_free(&q);
}

Test(sign_huawei, stages_reproduce_the_documentation)
{
    const docbind_pair query[] = {{"marker", "13551d6b-755d-4757-b956-536f674975c0"},
                                  {"limit", "2"}};
    const docbind_pair headers[] = {{"Content-Type", "application/json"},
                                    {"Host", "service.region.example.com"},
                                    {"X-Sdk-Date", "20191115T033655Z"}};
    docbind_http_request req = {.method = "GET", .host = "service.region.example.com",
                                .path = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                                .query = query, .query_count = 2, .headers = headers,
                                .header_count = 3};
    docbind_buf b = {0}, cr = {0}, list = {0}, sts = {0}, auth = {0};
    docbind_sign_error err;
    char empty[65], crh[65], sig[65];
    cr_assert_eq(docbind_huawei_canonical_uri(req.path, &b), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/");
    cr_assert_eq(docbind_huawei_canonical_uri("/a b/", &b), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "/a%20b/");
    cr_assert_eq(docbind_huawei_canonical_query(query, 2, &b), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0");
    docbind_sha256_hex("", 0, empty);
    cr_assert_eq(docbind_huawei_canonical_request(&req, NULL, 0, empty, &list, &cr, &err), 0,
                 "%s", err.message);
    cr_assert_str_eq(docbind_buf_str(&list), "content-type;host;x-sdk-date");
    docbind_sha256_hex(cr.data, cr.len, crh);
    cr_assert_str_eq(crh, "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
    cr_assert_eq(docbind_huawei_string_to_sign("20191115T033655Z", crh, &sts), 0);
    cr_assert_eq(docbind_huawei_signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", sts.data,
                                          sts.len, sig),
                 0);
    cr_assert_str_eq(sig, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    cr_assert_eq(docbind_huawei_authorization("QTWAOYTTINDUT2QVKYUC", list.data, sig, &auth), 0);
    cr_assert_str_eq(docbind_buf_str(&auth),
                     "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;"
                     "host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381"
                     "bb430d6870f4f6ebe");
    /* x-sdk-date is mandatory in the signed list. */
    const char *const no_date[] = {"host"};
    cr_assert_eq(docbind_huawei_canonical_request(&req, no_date, 1, empty, &list, &cr, &err), -1);
    cr_assert_str_eq(err.message, "signed_headers: must include x-sdk-date");
    docbind_buf_free(&b);
    docbind_buf_free(&cr);
    docbind_buf_free(&list);
    docbind_buf_free(&sts);
    docbind_buf_free(&auth);
}

Test(sign_aliyun, rpc_stages_reproduce_the_documentation)
{
    const docbind_pair params[] = {
        {"Timestamp", "2016-02-23T12:46:24Z"}, {"Format", "XML"}, {"AccessKeyId", "testid"},
        {"Action", "DescribeRegions"}, {"SignatureMethod", "HMAC-SHA1"},
        {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"}, {"Version", "2014-05-26"},
        {"SignatureVersion", "1.0"},
    };
    docbind_buf cq = {0}, sts = {0}, sig = {0};
    cr_assert_eq(docbind_aliyun_rpc_canonical_query(params, 8, &cq), 0);
    cr_assert_eq(docbind_aliyun_rpc_string_to_sign("GET", cq.data, &sts), 0);
    cr_assert_str_eq(docbind_buf_str(&sts),
                     "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                     "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-"
                     "4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46"
                     "%253A24Z%26Version%3D2014-05-26");
    cr_assert_eq(docbind_aliyun_rpc_signature("testsecret", sts.data, sts.len, &sig), 0);
    cr_assert_str_eq(docbind_buf_str(&sig), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    docbind_buf_free(&cq);
    docbind_buf_free(&sts);
    docbind_buf_free(&sig);
}

Test(sign_aliyun, acs3_stages_reproduce_the_documentation)
{
    char empty[65], crh[65], sig[65];
    docbind_sha256_hex("", 0, empty);
    const docbind_pair query[] = {
        {"RegionId", "cn-shanghai"},
        {"ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"}};
    const docbind_pair headers[] = {
        {"host", "ecs.cn-shanghai.aliyuncs.com"}, {"x-acs-action", "RunInstances"},
        {"x-acs-content-sha256", empty}, {"x-acs-date", "2023-10-26T10:22:32Z"},
        {"x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"},
        {"x-acs-version", "2014-05-26"}, {"User-Agent", "not signed by default"}};
    docbind_http_request req = {.method = "POST", .host = "ecs.cn-shanghai.aliyuncs.com",
                                .path = "/", .query = query, .query_count = 2,
                                .headers = headers, .header_count = 7};
    docbind_buf cr = {0}, list = {0}, sts = {0}, auth = {0};
    docbind_sign_error err;
    cr_assert_eq(docbind_aliyun_acs3_canonical_request(&req, NULL, 0, empty, &list, &cr, &err),
                 0, "%s", err.message);
    docbind_sha256_hex(cr.data, cr.len, crh);
    cr_assert_str_eq(crh, "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    cr_assert_eq(docbind_aliyun_acs3_string_to_sign(crh, &sts), 0);
    cr_assert_eq(docbind_aliyun_acs3_signature("YourAccessKeySecret", sts.data, sts.len, sig), 0);
    cr_assert_str_eq(sig, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    cr_assert_eq(docbind_aliyun_acs3_authorization("YourAccessKeyId", list.data, sig, &auth), 0);
    cr_assert_str_eq(docbind_buf_str(&auth),
                     "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                     "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                     "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    docbind_buf b = {0};
    cr_assert_eq(docbind_aliyun_acs3_canonical_uri("/clusters/c 1*/triggers", &b), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "/clusters/c%201%2A/triggers");
    docbind_buf_free(&b);
    docbind_buf_free(&cr);
    docbind_buf_free(&list);
    docbind_buf_free(&sts);
    docbind_buf_free(&auth);
}

/* ---- helpers ---------------------------------------------------------- */

Test(sign_helpers, percent_encoding_rfc3986_upper_hex)
{
    docbind_buf b = {0};
    const char *s = "a b~c*d+e/f%g=h&i-_.Z9";
    cr_assert_eq(docbind_percent_encode(&b, s, strlen(s)), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "a%20b~c%2Ad%2Be%2Ff%25g%3Dh%26i-_.Z9");
    docbind_buf_free(&b);
    cr_assert_eq(docbind_percent_encode(&b, "未\xff", 4), 0);
    cr_assert_str_eq(docbind_buf_str(&b), "%E6%9C%AA%FF");
    docbind_buf_free(&b);
    cr_assert_str_eq(docbind_buf_str(&b), "");
}

Test(sign_helpers, utc_dates_around_midnight)
{
    char d[11], iso[21], basic[17];
    docbind_sign_utc_date(1551139199, d);
    cr_assert_str_eq(d, "2019-02-25");
    docbind_sign_utc_date(1551139200, d);
    cr_assert_str_eq(d, "2019-02-26");
    docbind_sign_iso8601(1456231584, iso);
    cr_assert_str_eq(iso, "2016-02-23T12:46:24Z");
    docbind_sign_basic_datetime(1573789015, basic);
    cr_assert_str_eq(basic, "20191115T033655Z");
    docbind_sign_utc_date(0, d);
    cr_assert_str_eq(d, "1970-01-01");
    docbind_sign_iso8601(951782400, iso); /* leap day 2000 */
    cr_assert_str_eq(iso, "2000-02-29T00:00:00Z");
    docbind_sign_iso8601(253402300799LL, iso);
    cr_assert_str_eq(iso, "9999-12-31T23:59:59Z");
}

Test(sign_helpers, iso8601_parsing_is_strict)
{
    int64_t t;
    cr_assert_eq(docbind_sign_parse_iso8601("2016-02-23T12:46:24Z", &t), 0);
    cr_assert_eq(t, 1456231584);
    cr_assert_eq(docbind_sign_parse_iso8601("2000-02-29T00:00:00Z", &t), 0);
    cr_assert_eq(t, 951782400);
    const char *bad[] = {"2019-02-29T00:00:00Z", "2016-02-23 12:46:24Z", "2016-02-23T12:46:24",
                         "2016-02-23T12:46:24+08:00", "2016-13-01T00:00:00Z",
                         "2016-02-23T24:00:00Z", "1969-12-31T23:59:59Z", "", "2016-2-3T1:2:3Z",
                         "２016-02-23T12:46:24Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(docbind_sign_parse_iso8601(bad[i], &t), -1, "accepted %s", bad[i]);
    cr_assert_eq(docbind_sign_parse_iso8601(NULL, &t), -1);
}

Test(sign_helpers, algorithm_names_round_trip)
{
    for (int a = DOCBIND_SIGN_TC3_HMAC_SHA256; a <= DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256; a++) {
        const char *name = docbind_sign_algorithm_name((docbind_sign_algorithm)a);
        cr_assert_not_null(name);
        cr_assert_eq(docbind_sign_algorithm_from_name(name), a);
    }
    cr_assert_eq(docbind_sign_algorithm_from_name("TC3-HMAC-SHA256"), 0);
    cr_assert_eq(docbind_sign_algorithm_from_name(NULL), 0);
    cr_assert_null(docbind_sign_algorithm_name(0));
}

/* ---- docbind_sign: clock, results, refusals --------------------------- */

static int64_t fixed_now(void *user)
{
    return *(int64_t *)user;
}

static int fixed_nonce(void *user, docbind_sign_algorithm alg, char *out, size_t cap)
{
    (void)user;
    (void)alg;
    snprintf(out, cap, "%s", "424242");
    return 0;
}

static docbind_sign_input tc3_input(void)
{
    static const docbind_pair headers[] = {{"Content-Type", "application/json"}};
    docbind_sign_input in = {0};
    in.algorithm = DOCBIND_SIGN_TC3_HMAC_SHA256;
    in.request.method = "POST";
    in.request.host = "cvm.tencentcloudapi.com";
    in.request.headers = headers;
    in.request.header_count = 1;
    in.credentials.id = TC_ID;
    in.credentials.secret = "TOPSECRETVALUE";
    in.has_timestamp = 1;
    in.timestamp = 1551113065;
    in.service = "cvm";
    return in;
}

Test(sign_core, injected_clock_and_nonce)
{
    int64_t t = 1465185768;
    docbind_sign_clock clock = {fixed_now, fixed_nonce, &t};
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    docbind_sign_result a = {0}, b = {0};
    docbind_sign_error err;
    docbind_pair params[] = {{"Action", "DescribeInstances"}};
    docbind_sign_input in = {0};
    in.algorithm = DOCBIND_SIGN_TC_V1_HMAC_SHA1;
    in.request.method = "GET";
    in.request.host = "cvm.tencentcloudapi.com";
    in.params = params;
    in.param_count = 1;
    in.credentials.id = "id";
    in.credentials.secret = "secret";
    in.clock = &clock;
    cr_assert_eq(docbind_sign(ctx, &in, &a, &err), 0, "%s", err.message);
    cr_assert(strstr(docbind_buf_str(&a.string_to_sign), "Nonce=424242"));
    cr_assert(strstr(docbind_buf_str(&a.string_to_sign), "Timestamp=1465185768"));
    /* The same as giving the values directly. */
    in.clock = NULL;
    in.has_timestamp = 1;
    in.timestamp = t;
    in.nonce = "424242";
    cr_assert_eq(docbind_sign(ctx, &in, &b, &err), 0, "%s", err.message);
    cr_assert_str_eq(docbind_buf_str(&a.signature), docbind_buf_str(&b.signature));
    /* The system clock's nonce for Tencent v1 is a positive integer. */
    char nonce[64];
    const docbind_sign_clock *sys = docbind_sign_clock_system();
    cr_assert_eq(sys->nonce(sys->user, DOCBIND_SIGN_TC_V1_HMAC_SHA1, nonce, sizeof nonce), 0);
    cr_assert(strspn(nonce, "0123456789") == strlen(nonce) && nonce[0] != '0', "%s", nonce);
    cr_assert_eq(sys->nonce(sys->user, DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256, nonce, 64), 0);
    cr_assert_eq(strlen(nonce), 32);
    cr_assert(sys->now(sys->user) > 1700000000);
    docbind_sign_result_free(&a);
    docbind_sign_result_free(&b);
    docbind_sign_ctx_free(ctx);
}

struct refusal {
    const char *what;
    void (*mutate)(docbind_sign_input *in);
    const char *message;
};

static const docbind_pair bad_name[] = {{"Content Type", "x"}};
static const docbind_pair crlf_value[] = {{"Content-Type", "a\r\nX-Injected: 1"}};
static const docbind_pair duplicate[] = {{"Content-Type", "a"}, {"content-type", "b"}};
static const docbind_pair stale_ts[] = {{"Content-Type", "a"}, {"X-TC-Timestamp", "1"}};
static const char *const no_host[] = {"content-type"};

static void m_no_secret(docbind_sign_input *in) { in->credentials.secret = NULL; }
static void m_empty_id(docbind_sign_input *in) { in->credentials.id = ""; }
static void m_lower_method(docbind_sign_input *in) { in->request.method = "post"; }
static void m_no_host(docbind_sign_input *in) { in->request.host = NULL; }
static void m_host_path(docbind_sign_input *in) { in->request.host = "a.com/x"; }
static void m_bad_name(docbind_sign_input *in) { in->request.headers = bad_name; }
static void m_crlf(docbind_sign_input *in) { in->request.headers = crlf_value; }
static void m_dup(docbind_sign_input *in)
{
    in->request.headers = duplicate;
    in->request.header_count = 2;
}
static void m_stale_ts(docbind_sign_input *in)
{
    in->request.headers = stale_ts;
    in->request.header_count = 2;
}
static void m_signed(docbind_sign_input *in)
{
    in->signed_headers = no_host;
    in->signed_header_count = 1;
}
static void m_no_service(docbind_sign_input *in) { in->service = NULL; }
static void m_bad_service(docbind_sign_input *in) { in->service = "CVM/x"; }
static void m_no_time(docbind_sign_input *in) { in->has_timestamp = 0; }
static void m_neg_time(docbind_sign_input *in) { in->timestamp = -1; }
static void m_alg(docbind_sign_input *in) { in->algorithm = 99; }
static void m_path(docbind_sign_input *in) { in->request.path = "relative"; }
static void m_scheme(docbind_sign_input *in) { in->request.scheme = "ftp"; }
static void m_body(docbind_sign_input *in) { in->request.body_len = 3; }
static void m_token(docbind_sign_input *in) { in->credentials.token = "a\nb"; }
static void m_id(docbind_sign_input *in) { in->credentials.id = "AKID\r\nX-Evil: 1"; }
static void m_region(docbind_sign_input *in) { in->region = "ap\nx"; }
static void m_project(docbind_sign_input *in) { in->project_id = "p\r"; }

Test(sign_core, refuses_bad_input_naming_the_field_never_the_secret)
{
    const struct refusal cases[] = {
        {"no secret", m_no_secret, "credentials.secret: missing"},
        {"empty id", m_empty_id, "credentials.id: missing"},
        {"lower-case method", m_lower_method,
         "method: must be an upper-case HTTP method such as GET or POST"},
        {"no host", m_no_host, "host: missing"},
        {"host with a path", m_host_path, "host: not a host name"},
        {"bad header name", m_bad_name, "headers[0]: invalid header name"},
        {"CR LF in a value", m_crlf, "headers[0]: value contains a control character"},
        {"duplicate header", m_dup, "headers: content-type appears more than once"},
        {"conflicting timestamp header", m_stale_ts,
         "headers: X-TC-Timestamp does not match the value the signer computes"},
        {"signed list without host", m_signed,
         "signed_headers: must include content-type and host"},
        {"no service", m_no_service, "service: missing"},
        {"bad service", m_bad_service, "service: must be a lower-case product name such as cvm"},
        {"no timestamp", m_no_time, "timestamp: missing"},
        {"negative timestamp", m_neg_time, "timestamp: out of range (0 .. 253402300799)"},
        {"unknown algorithm", m_alg, "algorithm: unknown"},
        {"relative path", m_path, "path: must start with /"},
        {"ftp", m_scheme, "scheme: must be https or http"},
        {"body length without body", m_body, "body: missing"},
        {"token with a newline", m_token, "credentials.token: contains a control character"},
        {"id with CR LF", m_id, "credentials.id: contains a control character"},
        {"region with a newline", m_region, "region: contains a control character"},
        {"project id with CR", m_project, "project_id: contains a control character"},
    };
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    docbind_sign_result res = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        docbind_sign_input in = tc3_input();
        cases[i].mutate(&in);
        docbind_sign_error err;
        cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1, "%s: accepted", cases[i].what);
        cr_assert_str_eq(err.message, cases[i].message, "%s", cases[i].what);
        cr_assert_null(strstr(err.message, "TOPSECRET"), "%s", cases[i].what);
    }
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
}

Test(sign_core, parameter_algorithm_refusals)
{
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    docbind_sign_result res = {0};
    docbind_sign_error err;
    docbind_pair params[] = {{"Action", "X"}, {"Signature", "forged"}};
    docbind_pair query[] = {{"a", "b"}};
    docbind_sign_input in = {0};
    in.algorithm = DOCBIND_SIGN_ALIYUN_RPC_HMAC_SHA1;
    in.request.method = "GET";
    in.request.host = "ecs.aliyuncs.com";
    in.params = params;
    in.param_count = 1;
    in.credentials.id = "id";
    in.credentials.secret = "TOPSECRETVALUE";
    in.has_timestamp = 1;
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "nonce: missing (or give SignatureNonce in params)");
    in.nonce = "n";
    in.param_count = 2;
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "params[1]: Signature is computed, do not pass it");
    in.param_count = 1;
    in.request.query = query;
    in.request.query_count = 1;
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "query: give the parameters of this algorithm in params");
    in.request.query_count = 0;
    in.request.method = "PUT";
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "method: RPC signatures support GET and POST only");
    in.request.method = "GET";
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), 0, "%s", err.message);
    cr_assert_null(strstr(docbind_buf_str(&res.signed_query), "TOPSECRET"));
    /* v1: SignatureMethod must agree with the algorithm. */
    docbind_pair v1[] = {{"Action", "X"}, {"SignatureMethod", "HmacSHA1"}};
    in.algorithm = DOCBIND_SIGN_TC_V1_HMAC_SHA256;
    in.params = v1;
    in.param_count = 2;
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "params: SignatureMethod does not match the algorithm");
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
}

Test(sign_core, result_is_reusable_and_huawei_iam_needs_a_token)
{
    docbind_sign_ctx *ctx = docbind_sign_ctx_new();
    docbind_sign_result res = {0};
    docbind_sign_error err;
    docbind_sign_input in = tc3_input();
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), 0, "%s", err.message);
    cr_assert_gt(res.authorization.len, 0);
    in.algorithm = DOCBIND_SIGN_HUAWEI_IAM_TOKEN;
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), -1);
    cr_assert_str_eq(err.message, "credentials.token: missing");
    in.credentials.token = "iam-token";
    cr_assert_eq(docbind_sign(ctx, &in, &res, &err), 0, "%s", err.message);
    /* Nothing left over from the TC3 signature. */
    cr_assert_eq(res.authorization.len, 0);
    cr_assert_eq(res.string_to_sign.len, 0);
    cr_assert_eq(res.canonical_request.len, 0);
    const char *n, *v;
    cr_assert_eq(res.header_count, 2);
    cr_assert_eq(docbind_sign_result_header(&res, 1, &n, &v), 0);
    cr_assert_str_eq(n, "X-Auth-Token");
    cr_assert_str_eq(v, "iam-token");
    cr_assert_eq(docbind_sign_result_header(&res, 2, &n, &v), -1);
    docbind_sign_result_free(&res);
    docbind_sign_ctx_free(ctx);
}
