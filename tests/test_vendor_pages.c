/* The four single-page seeds (Tencent English, Huawei RocketMQ in Chinese,
 * Huawei ROMA Connect MQS in English, Alibaba MQTT), their HTML versions,
 * and all five seeds in one IR. Expected values were read off the pages. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir_json.h"
#include "ir_test_util.h"
#include "parse.h"
#include "test_support.h"

static int parse_with_profiles(ir_doc *ir, diag_list *d, const char *const *rel, size_t n)
{
    parse_options opt = {NULL, NULL, "specs/profiles"};
    int rc = parse_documents(rel, n, &opt, ir, d);
    if (rc)
        diag_print(d, stderr);
    return rc;
}

typedef struct expect_param {
    const char *name;
    ir_location location;
    ir_type type;
    bool array;
    const char *ref;
    ir_tristate required;
} expect_param;

static void check_params(const char *what, const ir_param *got, size_t n, const expect_param *want,
                         size_t n_want)
{
    cr_assert_eq(n, n_want, "%s: %zu parameters, expected %zu", what, n, n_want);
    for (size_t i = 0; i < n; i++) {
        const ir_param *p = &got[i];
        const expect_param *w = &want[i];
        cr_assert_str_eq(p->name, w->name, "%s[%zu]", what, i);
        cr_assert_eq(p->location, w->location, "%s.%s location", what, w->name);
        cr_assert_eq(p->type, w->type, "%s.%s type %s", what, w->name, ir_type_name(p->type));
        cr_assert_eq(p->array, w->array, "%s.%s array", what, w->name);
        if (w->ref)
            cr_assert_str_eq(p->ref, w->ref, "%s.%s ref", what, w->name);
        else
            cr_assert_null(p->ref, "%s.%s ref", what, w->name);
        cr_assert_eq(p->required, w->required, "%s.%s required %d", what, w->name, p->required);
    }
}

#define N(a) (sizeof(a) / sizeof(a)[0])

Test(vendor_pages, tencent_english_send_message)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/000_b28a4ad752744a02.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0);
    ir_service *s = must_service(&ir, "tencent.ckafka");
    cr_assert_str_eq(s->endpoint, "ckafka.tencentcloudapi.com");
    cr_assert_str_eq(s->version, "2019-08-19");
    ir_action *a = must_action(s, "SendMessage");
    cr_assert_eq(a->rate_limit_per_second, 5000);
    cr_assert_str_eq(a->description, "This API is used to send messages through the HTTP access layer.");
    const expect_param in[] = {
        {"DataHubId", IR_LOC_BODY, IR_TYPE_STRING, false, NULL, IR_YES},
        {"Message", IR_LOC_BODY, IR_TYPE_OBJECT, true, "BatchContent", IR_YES},
    };
    check_params("input", a->input, a->n_input, in, N(in));
    const expect_param out[] = {
        {"MessageId", IR_LOC_NONE, IR_TYPE_STRING, true, NULL, IR_UNKNOWN},
        {"RequestId", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
    };
    check_params("output", a->output, a->n_output, out, N(out));
    ir_limit *max = ir_find_limit(&a->input[1], IR_LIMIT_MAX_ITEMS);
    cr_assert(max && max->enforce && max->number == 500);
    cr_assert_eq(a->n_errors, 10);
    cr_assert_str_eq(a->errors[9], "ResourceUnavailable.KafkaStorageError");
    cr_assert_eq(a->n_examples, 1);
    cr_assert_str_eq(a->examples[0].request_body,
                     "{\"DataHubId\":\"datahub-meuh9nhn\",\"Message\":[{\"Key\":\"\",\"Body\":"
                     "\"vvvvsdgsgshhh\"},{\"Key\":\"\",\"Body\":\"vvvhhhhhhvsdgsgshhh\"}]}");
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(vendor_pages, huawei_rocketmq_send_message)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/001_690c8db26f8f4073.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0);
    ir_service *s = must_service(&ir, "huawei.rocketmq");
    cr_assert_str_eq(s->protocol.style, "rest-json");
    cr_assert_str_eq(s->protocol.envelope, "huawei");
    cr_assert_str_eq(s->protocol.signing[0], "huawei-sdk-hmac-sha256");
    ir_action *a = must_action(s, "SendMessage");
    cr_assert_str_eq(a->title, "发送消息");
    cr_assert_str_eq(a->method, "POST");
    cr_assert_str_eq(a->path, "/v2/{engine}/{project_id}/instances/{instance_id}/messages");
    /* The scrape lost the 是否必选 cells: required is unknown, not guessed. */
    const expect_param in[] = {
        {"engine", IR_LOC_PATH, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"project_id", IR_LOC_PATH, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"instance_id", IR_LOC_PATH, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"topic", IR_LOC_BODY, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"body", IR_LOC_BODY, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"property_list", IR_LOC_BODY, IR_TYPE_OBJECT, true, "SendMessageProperties", IR_UNKNOWN},
    };
    check_params("input", a->input, a->n_input, in, N(in));
    const expect_param out[] = {
        {"topic", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"body", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"property_list", IR_LOC_NONE, IR_TYPE_OBJECT, true, "SendMessageProperties", IR_UNKNOWN},
        {"msg_id", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"queue_id", IR_LOC_NONE, IR_TYPE_NUMBER, false, NULL, IR_UNKNOWN},
        {"queue_offset", IR_LOC_NONE, IR_TYPE_NUMBER, false, NULL, IR_UNKNOWN},
        {"broker_name", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
    };
    check_params("output", a->output, a->n_output, out, N(out));
    /* 参数解释 becomes the description; 不涉及 blocks disappear. */
    cr_assert_str_eq(a->input[0].description, "引擎。");
    cr_assert_str_eq(a->input[5].description, "特性列表。");
    ir_struct *props = must_struct(s, "SendMessageProperties");
    const expect_param members[] = {
        {"name", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"value", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
    };
    check_params("SendMessageProperties", props->members, props->n_members, members, N(members));
    cr_assert_eq(a->n_examples, 1);
    cr_assert_not_null(strstr(a->examples[0].response, "\"msg_id\":\"644F0E2A315323EAB33D8F4733110009\""));
    cr_assert_null(strstr(a->examples[0].response, "huaweicloud"), "SDK samples are not examples");
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(vendor_pages, huawei_roma_resend)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/003_7bbb34a931abc497.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0);
    ir_service *s = must_service(&ir, "huawei.roma-mqs");
    ir_action *a = must_action(s, "ResendMessage"); /* the page gives no name: the profile does */
    cr_assert_str_eq(a->title, "Retransmitting a Message");
    cr_assert_str_eq(a->path, "/v2/{project_id}/mqs/instances/{instance_id}/messages/action");
    const expect_param in[] = {
        {"project_id", IR_LOC_PATH, IR_TYPE_STRING, false, NULL, IR_YES},
        {"instance_id", IR_LOC_PATH, IR_TYPE_STRING, false, NULL, IR_YES},
        {"action_id", IR_LOC_QUERY, IR_TYPE_STRING, false, NULL, IR_YES},
        {"X-Auth-Token", IR_LOC_HEADER, IR_TYPE_STRING, false, NULL, IR_YES},
        {"topic", IR_LOC_BODY, IR_TYPE_STRING, false, NULL, IR_YES},
        {"partition", IR_LOC_BODY, IR_TYPE_INTEGER, false, NULL, IR_YES},
        {"message_offset", IR_LOC_BODY, IR_TYPE_NUMBER, false, NULL, IR_YES},
        {"consumer_key", IR_LOC_BODY, IR_TYPE_STRING, false, NULL, IR_NO},
    };
    check_params("input", a->input, a->n_input, in, N(in));
    const expect_param out[] = {
        {"topic", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"partition", IR_LOC_NONE, IR_TYPE_INTEGER, false, NULL, IR_UNKNOWN},
        {"message_offset", IR_LOC_NONE, IR_TYPE_INTEGER, false, NULL, IR_UNKNOWN},
        {"consumer_key", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
    };
    check_params("output", a->output, a->n_output, out, N(out));
    ir_limit *only = ir_find_limit(&a->input[2], IR_LIMIT_ENUM);
    cr_assert(only && !only->enforce, "'Currently, only resend is supported': a hint");
    cr_assert_str_eq(only->values[0].value, "resend");
    cr_assert_eq(a->n_error_statuses, 2);
    cr_assert_eq(a->error_statuses[0], 400);
    cr_assert_eq(a->error_statuses[1], 403);
    cr_assert_str_eq(a->examples[0].request_body,
                     "{\"topic\":\"topic-test\",\"partition\":0,\"message_offset\":4,\"consumer_key\":\"keyA\"}");
    cr_assert_str_eq(a->examples[0].response, a->examples[0].request_body);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(vendor_pages, aliyun_mqtt_send_message)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/002_eb46264fe417429f.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0);
    ir_service *s = must_service(&ir, "aliyun.onsmqtt");
    cr_assert_str_eq(s->version, "2020-04-20");
    cr_assert_str_eq(s->endpoint, "onsmqtt.{region}.aliyuncs.com");
    cr_assert_str_eq(s->protocol.style, "rpc-query");
    cr_assert(s->n_provenance > 0, "profile facts carry their provenance");
    ir_action *a = must_action(s, "SendMessage");
    cr_assert_eq(a->rate_limit_per_second, 1000, "'up to 1,000 queries per second'");
    const expect_param in[] = {
        {"MqttTopic", IR_LOC_QUERY, IR_TYPE_STRING, false, NULL, IR_YES},
        {"InstanceId", IR_LOC_QUERY, IR_TYPE_STRING, false, NULL, IR_YES},
        {"Payload", IR_LOC_QUERY, IR_TYPE_STRING, false, NULL, IR_YES},
    };
    check_params("input", a->input, a->n_input, in, N(in));
    cr_assert_str_eq(a->input[0].example, "TopicA");
    const expect_param out[] = {
        {"MsgId", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
        {"RequestId", IR_LOC_NONE, IR_TYPE_STRING, false, NULL, IR_UNKNOWN},
    };
    check_params("output", a->output, a->n_output, out, N(out));
    cr_assert_eq(a->n_errors, 9);
    ir_error *e = ir_find_error(s, "ApiNotSupport");
    cr_assert(e && e->http_status == 404);
    cr_assert_str_eq(e->description, "The specified API is not supported.");
    cr_assert_eq(ir_find_error(s, "SendMessageFailed")->http_status, 500);
    /* The RAM authorization table is not a parameter table. */
    cr_assert_null(ir_find_param(a->input, a->n_input, "mq:SendMessage"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

/* ---- HTML and text of the same page give the same IR ------------------ */

static void strip_positions(cJSON *o)
{
    static const char *const keys[] = {"line", "source", "sources", "request"};
    if (cJSON_IsObject(o))
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            cJSON_DeleteItemFromObjectCaseSensitive(o, keys[k]);
    cJSON *c;
    cJSON_ArrayForEach(c, o) strip_positions(c);
}

static cJSON *ir_of(const char *rel)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {rel};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0, "%s", rel);
    cJSON *j = ir_to_json(&ir);
    strip_positions(j);
    ir_doc_free(&ir);
    diag_list_free(&d);
    return j;
}

static void same_ir(const char *text, const char *html)
{
    cJSON *a = ir_of(text), *b = ir_of(html);
    if (!cJSON_Compare(a, b, true)) {
        char *x = cJSON_Print(a), *y = cJSON_Print(b);
        cr_log_error("text:\n%s\nhtml:\n%s", x, y);
        free(x);
        free(y);
        cr_assert_fail("%s and %s give different IRs", text, html);
    }
    cJSON_Delete(a);
    cJSON_Delete(b);
}

Test(html_pages, tencent_page_same_as_text)
{
    same_ir("specs/000_b28a4ad752744a02.txt", "tests/fixtures/html/tencent-sendmessage-en.html");
}

Test(html_pages, huawei_page_with_captions_same_as_text_without)
{
    same_ir("specs/003_7bbb34a931abc497.txt", "tests/fixtures/html/huawei-resend-en.html");
}

Test(html_pages, aliyun_page_same_as_text)
{
    same_ir("specs/002_eb46264fe417429f.txt", "tests/fixtures/html/aliyun-sendmessage.html");
}

Test(html_pages, diagnostics_name_html_lines)
{
    /* The English page's Message.N row stands on line 36 of the HTML. */
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"tests/fixtures/html/tencent-sendmessage-en.html"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 1), 0);
    ir_param *m = must_param(ir.services[0].actions[0].input, ir.services[0].actions[0].n_input, "Message");
    cr_assert_eq(m->line, 36);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(html_pages, not_a_page)
{
    const char html[] = "<html><body><p>Nothing to see here.</p></body></html>";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_memory("empty.html", html, sizeof html - 1, NULL, &ir, &d), -1);
    cr_assert(diag_mentions(&d, "not a recognised API document"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

/* ---- all seeds, one IR ---------------------------------------------------- */

Test(all_seeds, five_documents_one_ir)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/004_6cc4ec163aabbe10.txt", "specs/000_b28a4ad752744a02.txt",
                          "specs/001_690c8db26f8f4073.txt", "specs/003_7bbb34a931abc497.txt",
                          "specs/002_eb46264fe417429f.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 5), 0);
    cr_assert_eq(ir.n_services, 5);
    const char *ids[] = {"tencent.ckafka", "tencent.ckafka.v2", "huawei.rocketmq", "huawei.roma-mqs",
                         "aliyun.onsmqtt"};
    for (size_t i = 0; i < 5; i++)
        cr_assert_str_eq(ir.services[i].id, ids[i]);
    ir_service *t = &ir.services[0];
    cr_assert_eq(t->n_actions, 87, "the English page merges into the Chinese document's service");
    cr_assert_eq(t->n_sources, 2);
    ir_action *send = must_action(t, "SendMessage");
    cr_assert_eq(send->n_examples, 2, "one example from each document");
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(all_seeds, the_change_history_survives_any_document_order)
{
    /* The English page (no history) first, then the Chinese dump. */
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/000_b28a4ad752744a02.txt", "specs/004_6cc4ec163aabbe10.txt"};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 2), 0);
    ir_service *t = must_service(&ir, "tencent.ckafka");
    cr_assert_eq(t->n_actions, 87);
    cr_assert_eq(t->n_history, 126, "the history comes from the second document");
    cr_assert(!diag_mentions(&d, "of the change history"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(all_seeds, disagreements_between_documents_are_reported)
{
    /* The English page edited to disagree with the Chinese dump. */
    size_t len;
    char *page = test_read_file(test_source_path("specs/000_b28a4ad752744a02.txt"), &len);
    char *p = strstr(page, "DataHubId Yes String");
    cr_assert_not_null(p);
    memcpy(p, "DataHubId No  String", 20);
    char *q = strstr(page, "Up to 500 messages");
    cr_assert_not_null(q);
    memcpy(q, "Up to 100 messages", 18);
    char *path = test_write_temp(page, len, ".txt");
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    const char *docs[] = {"specs/004_6cc4ec163aabbe10.txt", path};
    cr_assert_eq(parse_with_profiles(&ir, &d, docs, 2), 0);
    bool required = false, limit = false;
    for (size_t i = 0; i < d.n; i++) {
        const diag *x = &d.items[i];
        if (strstr(x->message, "SendMessage input DataHubId: required") &&
            strstr(x->message, "004_6cc4ec163aabbe10.txt") && !strcmp(x->file, path))
            required = true;
        if (strstr(x->message, "SendMessage input Message: limit max_items") &&
            strstr(x->message, "100") && strstr(x->message, "500"))
            limit = true;
    }
    cr_assert(required, "required disagreement must name both sources");
    cr_assert(limit, "limit disagreement must give both values");
    /* The first document wins. */
    ir_action *a = must_action(must_service(&ir, "tencent.ckafka"), "SendMessage");
    cr_assert_eq(must_param(a->input, a->n_input, "DataHubId")->required, IR_YES);
    unlink(path);
    free(path);
    free(page);
    ir_doc_free(&ir);
    diag_list_free(&d);
}
