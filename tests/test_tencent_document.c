/* The whole Tencent CKafka document (specs/004_6cc4ec163aabbe10.txt).
 * Every expected value below was read off the document itself. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ir_json.h"
#include "ir_test_util.h"
#include "parse.h"
#include "test_support.h"

#define TENCENT_DOC "specs/004_6cc4ec163aabbe10.txt"

static ir_doc ir;
static diag_list diags;
static ir_service *svc, *legacy;

static void setup(void)
{
    ir = (ir_doc)IR_DOC_INIT;
    diags = (diag_list)DIAG_LIST_INIT;
    parse_fixture(&ir, &diags, TENCENT_DOC);
    svc = must_service(&ir, "tencent.ckafka");
    legacy = must_service(&ir, "tencent.ckafka.v2");
}

static void teardown(void)
{
    ir_doc_free(&ir);
    diag_list_free(&diags);
}

TestSuite(tencent_document, .init = setup, .fini = teardown);

Test(tencent_document, counts)
{
    cr_assert_eq(ir.n_services, 2);
    cr_assert_eq(svc->n_actions, 87);
    cr_assert_eq(svc->n_structs, 177);
    cr_assert_eq(legacy->n_actions, 31);
    cr_assert_eq(diags.errors, 0);
}

Test(tencent_document, service)
{
    cr_assert_str_eq(svc->vendor, "tencent");
    cr_assert_str_eq(svc->product, "ckafka");
    cr_assert_str_eq(svc->version, "2019-08-19");
    cr_assert_str_eq(svc->endpoint, "ckafka.tencentcloudapi.com");
    cr_assert_str_eq(svc->protocol.style, "rpc-json");
    cr_assert_eq(svc->protocol.n_signing, 3);
    cr_assert_str_eq(svc->protocol.signing[0], "tc3-hmac-sha256");
    /* 通信协议: GET 32KB; POST 1MB with v1, 10MB with TC3; 返回结果: 50 MB. */
    const char *want[][2] = {{"max_request_bytes_get", "32768"},
                             {"max_request_bytes_post_v1", "1048576"},
                             {"max_request_bytes_post_tc3", "10485760"},
                             {"max_response_bytes", "52428800"}};
    for (size_t i = 0; i < 4; i++) {
        bool found = false;
        for (size_t f = 0; f < svc->protocol.n_facts; f++)
            if (!strcmp(svc->protocol.facts[f].key, want[i][0])) {
                cr_assert_str_eq(svc->protocol.facts[f].value, want[i][1], "%s", want[i][0]);
                found = true;
            }
        cr_assert(found, "fact %s missing", want[i][0]);
    }
    ir_param *tok = must_param(svc->protocol.common_params, svc->protocol.n_common_params, "X-TC-Token");
    cr_assert_eq(tok->location, IR_LOC_HEADER);
    cr_assert_eq(tok->required, IR_NO);
    ir_param *nonce = must_param(svc->protocol.common_params, svc->protocol.n_common_params, "Nonce");
    cr_assert_eq(nonce->location, IR_LOC_QUERY);
    cr_assert_eq(nonce->type, IR_TYPE_INTEGER);
    /* "Region String -": the table says neither yes nor no. */
    ir_param *region = must_param(svc->protocol.common_params, svc->protocol.n_common_params, "X-TC-Region");
    cr_assert_eq(region->required, IR_UNKNOWN);
}

Test(tencent_document, send_message)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_str_eq(a->title, "HTTP发送消息");
    cr_assert_eq(a->rate_limit_per_second, 5000);
    cr_assert_eq(a->n_input, 2);
    ir_param *hub = must_param(a->input, a->n_input, "DataHubId");
    cr_assert_eq(hub->type, IR_TYPE_STRING);
    cr_assert_eq(hub->required, IR_YES);
    ir_param *msg = must_param(a->input, a->n_input, "Message");
    cr_assert(msg->array);
    cr_assert_str_eq(msg->ref, "BatchContent");
    cr_assert_eq(ir_find_limit(msg, IR_LIMIT_MAX_ITEMS)->number, 500);
    cr_assert_eq(a->n_output, 2);
    cr_assert(must_param(a->output, a->n_output, "MessageId")->array);
    cr_assert_eq(a->n_regions, 10);
    cr_assert_str_eq(a->regions[3], "ap-guangzhou");
    cr_assert_eq(a->n_errors, 10);
    cr_assert_str_eq(a->errors[9], "ResourceUnavailable.KafkaStorageError");
    ir_struct *b = must_struct(svc, "BatchContent");
    cr_assert_eq(b->n_members, 2);
}

Test(tencent_document, create_topic)
{
    ir_action *a = must_action(svc, "CreateTopic");
    cr_assert_eq(a->rate_limit_per_second, 20);
    cr_assert_eq(a->n_input, 17);
    cr_assert_str_eq(a->input[0].name, "InstanceId");
    cr_assert_str_eq(a->input[16].name, "Tags");
    ir_limit *gt0 = ir_find_limit(must_param(a->input, a->n_input, "PartitionNum"),
                                  IR_LIMIT_EXCLUSIVE_MINIMUM);
    cr_assert(gt0 && gt0->enforce && gt0->number == 0);
    ir_limit *max3 = ir_find_limit(must_param(a->input, a->n_input, "ReplicaNum"), IR_LIMIT_MAXIMUM);
    cr_assert(max3 && max3->enforce && max3->number == 3);
    ir_param *note = must_param(a->input, a->n_input, "Note");
    cr_assert_eq(ir_find_limit(note, IR_LIMIT_MAX_LENGTH)->number, 64);
    cr_assert_str_eq(ir_find_limit(note, IR_LIMIT_PATTERN)->text, "^[A-Za-z]");
    /* "当前最小值为60000ms": a unit and "currently": a hint. */
    ir_limit *min = ir_find_limit(must_param(a->input, a->n_input, "RetentionMs"), IR_LIMIT_MINIMUM);
    cr_assert(min && !min->enforce && min->number == 60000);
    ir_param *tags = must_param(a->input, a->n_input, "Tags");
    cr_assert(tags->array);
    cr_assert_str_eq(tags->ref, "Tag");
    cr_assert_eq(a->n_errors, 17);
}

Test(tencent_document, describe_datahub_topics)
{
    ir_action *a = must_action(svc, "DescribeDatahubTopics");
    cr_assert_str_eq(a->title, "查询DIP主题列表");
    cr_assert_eq(a->rate_limit_per_second, 20);
    ir_param *limit = must_param(a->input, a->n_input, "Limit");
    ir_limit *max = ir_find_limit(limit, IR_LIMIT_MAXIMUM);
    cr_assert(max && max->enforce && max->number == 50);
    cr_assert_str_eq(max->source, "本次返回结果的最大个数，默认为50，最大值为50");
    ir_limit *def = ir_find_limit(limit, IR_LIMIT_DEFAULT);
    cr_assert(def && !def->enforce);
    cr_assert_str_eq(def->text, "50");
    cr_assert_str_eq(must_param(a->output, a->n_output, "Result")->ref, "DescribeDatahubTopicsResp");
    cr_assert(a->errors_documented);
    cr_assert_eq(a->n_errors, 0);
    cr_assert_eq(a->n_examples, 1);
}

Test(tencent_document, undocumented_rate_limits)
{
    /* The overview says "-" for both and their pages give no limit. */
    cr_assert_eq(must_action(svc, "DescribeAppInfo")->rate_limit_per_second, -1);
    cr_assert_eq(must_action(svc, "DescribeRoute")->rate_limit_per_second, -1);
    cr_assert_eq(must_action(svc, "DescribeCkafkaZone")->rate_limit_per_second, 100);
}

Test(tencent_document, structs)
{
    ir_struct *r = must_struct(svc, "AclRuleInfo");
    cr_assert_eq(r->n_members, 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(r->members[i].required, IR_YES);
    cr_assert_eq(r->n_referenced_by, 2);
    cr_assert_str_eq(r->referenced_by[0], "BatchCreateAcl");
    ir_limit *perm = ir_find_limit(must_param(r->members, r->n_members, "PermissionType"), IR_LIMIT_ENUM);
    cr_assert(perm && perm->enforce && perm->n_values == 2);
    /* User's last member follows a page break. */
    ir_struct *u = must_struct(svc, "User");
    cr_assert_eq(u->n_members, 4);
    cr_assert_eq(must_param(u->members, u->n_members, "UpdateTime")->type, IR_TYPE_TIMESTAMP);
    ir_struct *c = must_struct(svc, "ConsumerRecord");
    cr_assert_eq(c->n_referenced_by, 5, "reference list wrapped over two lines");
    cr_assert_eq(must_struct(svc, "LowercaseParam")->n_members, 0);
    ir_struct *first = &svc->structs[0], *last = &svc->structs[svc->n_structs - 1];
    cr_assert_str_eq(first->name, "Acl");
    cr_assert_str_eq(last->name, "ZoneResponse");
}

Test(tencent_document, error_page)
{
    ir_error *sig = ir_find_error(svc, "AuthFailure.SignatureFailure");
    cr_assert_not_null(sig);
    cr_assert(sig->common);
    cr_assert_str_eq(sig->description, "签名错误。签名计算错误，请对照调用方式中的签名方法文档检查签名计算过程。");
    ir_error *oss = ir_find_error(svc, "UnsupportedOperation.OssReject");
    cr_assert_not_null(oss);
    cr_assert_not(oss->common);
    cr_assert_str_eq(oss->description, "Oss拒绝该操作。");
    cr_assert_not_null(ir_find_error(svc, "UnsupportedRegion"));
}

Test(tencent_document, legacy_service)
{
    cr_assert_str_eq(legacy->endpoint, "ckafka.api.qcloud.com");
    cr_assert_str_eq(legacy->protocol.style, "rpc-query");
    ir_action *a = must_action(legacy, "CreateTopic");
    cr_assert_eq(a->n_input, 12);
    cr_assert_str_eq(a->input[0].name, "instanceId");
    must_param(a->input, a->n_input, "minInsyncReplicas");
    must_param(a->input, a->n_input, "uncleanLeaderElectionEnable");
    cr_assert(must_param(a->input, a->n_input, "ipWhiteList")->array);
    ir_action *g = must_action(legacy, "SetGroupOffsets");
    must_param(g->output, g->n_output, "data::succ");
    /* "config::unclean.leader.el" / "ection.enable" / "bool -": one dotted name */
    ir_action *t = must_action(legacy, "GetTopicAttributes");
    cr_assert_eq(must_param(t->output, t->n_output, "config::unclean.leader.election.enable")->type,
                 IR_TYPE_BOOLEAN);
    cr_assert_null(ir_find_param(t->output, t->n_output, "ection.enable"));
    cr_assert_str_eq(legacy->actions[0].name, "CreateTopic");
    cr_assert_str_eq(legacy->actions[30].name, "GetConnectorStatus");
}

/* The legacy pages' examples: a request URL the dump wraps anywhere, then
 * a response whose bracket lines the dump moved to the end of the block. */
static cJSON *legacy_response(const char *action)
{
    ir_action *a = must_action(legacy, action);
    cr_assert_eq(a->n_examples, 1, "%s", action);
    cr_assert_not_null(a->examples[0].response, "%s has no rebuilt response", action);
    cJSON *j = cJSON_Parse(a->examples[0].response);
    cr_assert_not_null(j, "%s", a->examples[0].response);
    return j;
}

static const cJSON *at(const cJSON *j, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *seg = strtok_r(buf, "/", &save); seg && j;
         seg = strtok_r(NULL, "/", &save))
        j = cJSON_IsArray(j) ? cJSON_GetArrayItem(j, atoi(seg))
                             : cJSON_GetObjectItemCaseSensitive(j, seg);
    cr_assert_not_null(j, "no %s", path);
    return j;
}

Test(tencent_document, legacy_examples)
{
    size_t requests = 0, responses = 0;
    for (size_t i = 0; i < legacy->n_actions; i++) {
        const ir_action *a = &legacy->actions[i];
        for (size_t k = 0; k < a->n_examples; k++) {
            requests += a->examples[k].request != NULL;
            responses += a->examples[k].response != NULL;
        }
    }
    cr_expect_eq(requests, 31);
    cr_expect_eq(responses, 28);
    /* the three the page itself leaves ambiguous or invalid are refused, by name */
    cr_expect(diag_mentions(&diags, "ListInstance: the response example's brackets are torn"));
    cr_expect(diag_mentions(&diags, "ListAcl: the response example's brackets are torn"));
    cr_expect(diag_mentions(&diags, "GetConnectorConfigs: the response example's brackets are torn"));
    cr_expect(diag_mentions(&diags, "DeleteAcl: the request example names action 'AddAcl'"));

    /* one "&name=value" per line; "ckafka-" / "iamatest" wrapped mid-value */
    cr_expect_str_eq(must_action(legacy, "AddUser")->examples[0].request,
                     "https://domain/v2/index.php?Action=AddUser&instanceId=ckafka-tadfqa0"
                     "&name=user01&password=passwd01&<公共请求参数>");
    cr_expect_not_null(strstr(must_action(legacy, "SetForward")->examples[0].request,
                              "instanceId=ckafka-iamatest&topicName=mytopic"));

    cJSON *j = legacy_response("GetInstanceAttributes");
    cr_expect_str_eq(at(j, "data/vipList/0/vip")->valuestring, "172.16.123.15");
    cr_expect_str_eq(at(j, "data/vipList/0/vport")->valuestring, "9092");
    cr_expect_eq(at(j, "data/config/num.partitions")->valueint, 3);
    cr_expect_eq(at(j, "data/createdTopics")->valueint, 2);
    cJSON_Delete(j);
    j = legacy_response("ListTopic"); /* '"topicList": [{' opened in one line */
    cr_expect_str_eq(at(j, "topicList/0/topicName")->valuestring, "jimmy");
    cr_expect_eq(at(j, "totalCount")->valueint, 10);
    cJSON_Delete(j);
    j = legacy_response("GetTopicAttributes"); /* '"ipWhiteList": [],' */
    cr_expect(cJSON_IsArray(at(j, "data/ipWhiteList")));
    cr_expect_eq(cJSON_GetArraySize(at(j, "data/ipWhiteList")), 0);
    cr_expect_eq(at(j, "data/partitions/0/replicaNum")->valueint, 1);
    cJSON_Delete(j);
    /* brackets split by a page break, a string and a comment wrapped */
    j = legacy_response("SetGroupOffsets");
    cr_expect_eq(cJSON_GetArraySize(at(j, "data/succ/0/partitions")), 4);
    cr_expect_eq(at(j, "data/succ/0/partitions/3/offset")->valueint, 29402);
    cr_expect_str_eq(at(j, "data/failed/0/error_msg")->valuestring,
                     "This request is for a topic or partition that does not exist on this broker.");
    cJSON_Delete(j);
}

Test(tencent_document, documented_examples_are_json)
{
    size_t responses = 0;
    for (size_t i = 0; i < svc->n_actions; i++) {
        ir_action *a = &svc->actions[i];
        cr_assert(a->n_examples >= 1, "%s has no example", a->name);
        for (size_t e = 0; e < a->n_examples; e++) {
            cJSON *j = cJSON_Parse(a->examples[e].response);
            cr_assert_not_null(j, "%s: response example is not JSON", a->name);
            cr_assert_not_null(cJSON_GetObjectItem(j, "Response"), "%s: no Response", a->name);
            cJSON_Delete(j);
            responses++;
            if (a->examples[e].request_body) {
                cJSON *b = cJSON_Parse(a->examples[e].request_body);
                cr_assert_not_null(b, "%s: request body is not JSON", a->name);
                cJSON_Delete(b);
            }
        }
    }
    cr_assert_eq(responses, 93);
}

Test(tencent_document, deterministic_output)
{
    ir_doc again = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&again, &d, TENCENT_DOC);
    char *a = ir_to_json_text(&ir), *b = ir_to_json_text(&again);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    ir_doc_free(&again);
    diag_list_free(&d);
}

Test(tencent_document, generated_ir_in_sync)
{
    ir_doc fresh = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    /* The checked-in IR was written from the repository root with relative
     * paths; the tests run there too. */
    const char *rel[] = {TENCENT_DOC, "specs/000_b28a4ad752744a02.txt"};
    parse_options opt = {NULL, "specs/overrides.json", NULL};
    cr_assert_eq(parse_documents(rel, 2, &opt, &fresh, &d), 0);
    char *text = ir_to_json_text(&fresh);
    char *checked_in = test_read_file(test_source_path("generated/ir/tencent-ckafka.json"), NULL);
    cr_assert(!strcmp(text, checked_in),
              "generated/ir/tencent-ckafka.json is stale: run scripts/run.sh and commit");
    free(text);
    free(checked_in);
    ir_doc_free(&fresh);
    diag_list_free(&d);
}
