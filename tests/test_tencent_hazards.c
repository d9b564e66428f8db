/* The Tencent dump's hazards, each in a small excerpt written from the
 * patterns of the real document: wrapped cells, page furniture inside
 * tables, tables continued after a page break, broken names, .N arrays,
 * output tables without a required column, struct headings displaced
 * before the section title. */
#include <criterion/criterion.h>
#include <string.h>

#include "ir_test_util.h"

static ir_doc ir;
static diag_list diags;
static ir_service *svc;

static void setup(void)
{
    ir = (ir_doc)IR_DOC_INIT;
    diags = (diag_list)DIAG_LIST_INIT;
    parse_fixture(&ir, &diags, "tests/fixtures/tencent/hazards.txt");
    svc = must_service(&ir, "tencent.ckafka");
}

static void teardown(void)
{
    ir_doc_free(&ir);
    diag_list_free(&diags);
}

TestSuite(tencent_hazards, .init = setup, .fini = teardown);

Test(tencent_hazards, service_facts_from_pages)
{
    cr_assert_str_eq(svc->endpoint, "ckafka.tencentcloudapi.com");
    cr_assert_str_eq(svc->version, "2019-08-19");
    cr_assert_eq(svc->n_actions, 2);
    cr_assert_str_eq(svc->actions[0].name, "SendMessage");
    cr_assert_str_eq(svc->actions[1].name, "DescribeAclRule");
}

Test(tencent_hazards, common_parameters_are_not_inputs)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_null(ir_find_param(a->input, a->n_input, "Action"));
    cr_assert_null(ir_find_param(a->input, a->n_input, "Version"));
    cr_assert_null(ir_find_param(a->input, a->n_input, "Region"));
}

Test(tencent_hazards, region_list_wrapped_mid_word)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->n_regions, 4);
    cr_assert_str_eq(a->regions[2], "ap-guangzhou");
    cr_assert_str_eq(a->regions[3], "na-siliconvalley");
    cr_assert_eq(must_action(svc, "DescribeAclRule")->n_regions, 0);
}

Test(tencent_hazards, rate_limit_and_description)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->rate_limit_per_second, 5000);
    cr_assert_str_eq(a->description, "通过HTTP接入层发送消息");
}

Test(tencent_hazards, array_type_wrapped_over_three_lines)
{
    ir_action *a = must_action(svc, "SendMessage");
    ir_param *m = must_param(a->input, a->n_input, "Message");
    cr_assert(m->array);
    cr_assert_eq(m->type, IR_TYPE_OBJECT);
    cr_assert_str_eq(m->ref, "BatchContent");
    cr_assert_eq(m->required, IR_YES);
    cr_assert_str_eq(m->description, "发送消息内容(单次请求最多500条)");
    cr_assert_str_eq(m->example, "[{\"Body\":\"body-test\",\"Key\":\"key-test\"}]");
    ir_limit *l = ir_find_limit(m, IR_LIMIT_MAX_ITEMS);
    cr_assert_not_null(l);
    cr_assert_eq(l->number, 500);
    cr_assert(l->enforce);
}

Test(tencent_hazards, table_continued_after_page_break)
{
    /* The page title, update time, URL list and the repeated header stand
     * between "Retention"'s description and its example. */
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->n_input, 4, "DataHubId, Message, Retention, Note; got %zu", a->n_input);
    ir_param *r = must_param(a->input, a->n_input, "Retention");
    cr_assert_str_eq(r->description,
                     "消息保留时间，单位为 Byte，最小值1024Byte(即1KB)，最大值为12582912Byte（即12MB）");
    cr_assert_str_eq(r->example, "1024");
    cr_assert_null(strstr(r->description, "HTTP发送消息"), "page title leaked into the table");
    /* Limits with units stay hints. */
    ir_limit *max = ir_find_limit(r, IR_LIMIT_MAXIMUM);
    cr_assert_not_null(max);
    cr_assert_not(max->enforce);
    ir_param *n = must_param(a->input, a->n_input, "Note");
    cr_assert_eq(n->required, IR_NO);
    cr_assert_str_eq(n->description, "主题备注，是一个不超过 64 个字符的字符串，必须以字母为首字符，剩余部分可以包含字母、数字和横划线(-)");
}

Test(tencent_hazards, output_table_without_required_column)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->n_output, 2);
    ir_param *id = must_param(a->output, a->n_output, "MessageId");
    cr_assert(id->array);
    cr_assert_eq(id->type, IR_TYPE_STRING);
    cr_assert_eq(id->required, IR_UNKNOWN);
    cr_assert_str_eq(id->description, "消息ID列表");
    ir_action *d = must_action(svc, "DescribeAclRule");
    ir_param *res = must_param(d->output, d->n_output, "Result");
    cr_assert_eq(res->type, IR_TYPE_OBJECT);
    cr_assert_str_eq(res->ref, "AclRuleResp");
}

Test(tencent_hazards, error_tables)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->n_errors, 3);
    cr_assert_str_eq(a->errors[1], "InvalidParameterValue.InstanceNotExist");
    ir_error *e = ir_find_error(svc, "AuthFailure.SecretIdNotFound");
    cr_assert_not_null(e);
    cr_assert_str_eq(e->description, "密钥不存在。请在 控制台 检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。");
    ir_action *d = must_action(svc, "DescribeAclRule");
    cr_assert(d->errors_documented, "'该接口暂无业务逻辑相关的错误码' documents an empty list");
    cr_assert_eq(d->n_errors, 0);
}

Test(tencent_hazards, examples_joined_inside_json_strings)
{
    ir_action *a = must_action(svc, "SendMessage");
    cr_assert_eq(a->n_examples, 1);
    cr_assert_str_eq(a->examples[0].title, "示例1 发送消息");
    cr_assert_not_null(a->examples[0].request_body);
    cr_assert_not_null(strstr(a->examples[0].request_body, "\"a body that the page wrapped in the middle of a word\""));
    cr_assert_not_null(strstr(a->examples[0].response, "\"MessageId\":[\"m1\"]"), "compact JSON");
}

Test(tencent_hazards, structs_and_displaced_headings)
{
    cr_assert_eq(svc->n_structs, 4);
    ir_struct *b = must_struct(svc, "BatchContent");
    cr_assert_eq(b->n_members, 2);
    cr_assert_eq(must_param(b->members, b->n_members, "Body")->required, IR_YES);
    cr_assert_eq(must_param(b->members, b->n_members, "Key")->required, IR_NO);
    cr_assert_str_eq(b->description, "批量发送消息内容");
    /* AclRule's heading stands right after the section's page header. */
    ir_struct *r = must_struct(svc, "AclRule");
    cr_assert_eq(r->n_referenced_by, 3, "wrapped reference list");
    cr_assert_str_eq(r->referenced_by[2], "DescribeInstances");
    ir_param *list = must_param(r->members, r->n_members, "AclList");
    cr_assert(list->array);
    cr_assert_str_eq(list->ref, "Acl");
    cr_assert_str_eq(list->description, "ACL列表");
    ir_struct *resp = must_struct(svc, "AclRuleResp");
    ir_param *rl = must_param(resp->members, resp->n_members, "AclRuleList");
    cr_assert_str_eq(rl->ref, "AclRule");
    cr_assert_str_eq(rl->description, "AclRule列表");
}

Test(tencent_hazards, enumerations)
{
    ir_struct *acl = must_struct(svc, "Acl");
    ir_limit *op = ir_find_limit(must_param(acl->members, acl->n_members, "Operation"), IR_LIMIT_ENUM);
    cr_assert_not_null(op);
    cr_assert_eq(op->n_values, 3);
    cr_assert_str_eq(op->values[0].value, "All");
    cr_assert_str_eq(op->values[0].label, "所有操作");
    cr_assert_str_eq(op->values[2].value, "Write");
    cr_assert(op->enforce);
    ir_limit *perm = ir_find_limit(must_param(acl->members, acl->n_members, "PermissionType"), IR_LIMIT_ENUM);
    cr_assert_not_null(perm);
    cr_assert_eq(perm->n_values, 2);
    cr_assert_str_eq(perm->values[1].value, "Allow");
}

Test(tencent_hazards, no_warnings_on_clean_excerpt)
{
    if (diags.n)
        diag_print(&diags, stderr);
    cr_assert_eq(diags.errors, 0);
}

Test(tencent_legacy, lower_camel_names_broken_names_and_dot_n_arrays)
{
    ir_doc lir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&lir, &d, "tests/fixtures/tencent/legacy.txt");
    ir_service *s = must_service(&lir, "tencent.ckafka.v2");
    cr_assert_str_eq(s->endpoint, "ckafka.api.qcloud.com");
    cr_assert_eq(s->n_actions, 2);
    ir_action *a = must_action(s, "CreateTopic");
    cr_assert_str_eq(a->title, "创建主题");
    cr_assert_str_eq(a->path, "/v2/index.php");
    cr_assert_eq(a->n_input, 6);
    ir_param *m = must_param(a->input, a->n_input, "minInsyncReplicas");
    cr_assert_eq(m->type, IR_TYPE_INTEGER);
    cr_assert_eq(m->required, IR_NO);
    cr_assert_str_eq(m->description, "默认为1。");
    must_param(a->input, a->n_input, "uncleanLeaderElectionEnable");
    ir_param *w = must_param(a->input, a->n_input, "ipWhiteList");
    cr_assert(w->array);
    cr_assert_eq(w->type, IR_TYPE_STRING);
    ir_param *t = must_param(a->input, a->n_input, "topicName");
    ir_limit *len = ir_find_limit(t, IR_LIMIT_MAX_LENGTH);
    cr_assert_not_null(len);
    cr_assert_eq(len->number, 64);
    cr_assert_not_null(ir_find_limit(t, IR_LIMIT_PATTERN));
    ir_param *p = must_param(a->input, a->n_input, "partitionNum");
    cr_assert_not_null(ir_find_limit(p, IR_LIMIT_EXCLUSIVE_MINIMUM));
    ir_param *succ = must_param(a->output, a->n_output, "data::succ");
    cr_assert(succ->array);
    /* "本接口 (GetGroupInfo)" stands above its page's domain line. */
    ir_action *g = must_action(s, "GetGroupInfo");
    cr_assert_eq(g->n_input, 2);
    cr_assert(must_param(g->input, g->n_input, "group")->array);
    /* examples without markers: the URL joined across its wraps, the JSON
     * after it; a response with the page's '//' remarks is left out, said */
    cr_assert_eq(a->n_examples, 1);
    cr_assert_str_eq(a->examples[0].request,
                     "https://domain/v2/index.php?Action=CreateTopic&instanceId=ckafka-xxooa0"
                     "&topicName=t1&<公共请求参数>");
    cr_assert_str_eq(a->examples[0].response, "{\"code\":0,\"topicId\":\"topic-1\"}");
    cr_assert_eq(g->n_examples, 1);
    cr_assert_str_eq(g->examples[0].request, "https://domain/v2/index.php?Action=GetGroupInfo"
                                             "&instanceId=ckafka-1&group.0=g1&<公共请求参数>");
    cr_assert_null(g->examples[0].response);
    cr_assert(diag_mentions(&d, "GetGroupInfo: the response example is not JSON; left out"));
    ir_doc_free(&lir);
    diag_list_free(&d);
}

Test(tencent_english, data_types_used_by_actions)
{
    ir_doc eir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&eir, &d, "tests/fixtures/tencent/english-structs.txt");
    ir_service *s = must_service(&eir, "tencent.ckafka");
    ir_action *a = must_action(s, "DescribeAclRule");
    cr_assert_eq(a->rate_limit_per_second, 20);
    cr_assert(a->errors_documented && a->n_errors == 0, "'There is no error code related to...'");
    ir_param *limit = must_param(a->input, a->n_input, "Limit");
    cr_assert_eq(ir_find_limit(limit, IR_LIMIT_MAXIMUM)->number, 50);
    cr_assert_str_eq(a->examples[0].request_body, "{\"InstanceId\":\"ckafka-test\",\"Limit\":20}");
    cr_assert_eq(s->n_structs, 2);
    ir_struct *rule = must_struct(s, "AclRule");
    cr_assert_eq(rule->n_referenced_by, 2);
    cr_assert_str_eq(rule->referenced_by[1], "DescribeTopicAttributes");
    ir_param *pt = must_param(rule->members, rule->n_members, "PatternType");
    cr_assert_eq(pt->required, IR_YES, "Type before Required in the header");
    ir_limit *e = ir_find_limit(pt, IR_LIMIT_ENUM);
    cr_assert(e && e->n_values == 2 && e->enforce);
    cr_assert_eq(ir_find_limit(must_param(rule->members, rule->n_members, "RuleName"),
                               IR_LIMIT_MAX_LENGTH)->number, 64);
    ir_param *list = must_param(must_struct(s, "AclRuleResp")->members, 2, "AclRuleList");
    cr_assert(list->array);
    cr_assert_str_eq(list->ref, "AclRule");
    ir_doc_free(&eir);
    diag_list_free(&d);
}
