/* Validators of the generated bindings: every kind of rule the documents
 * enforce, once passing and once failing, with the parameter path and the
 * rule named; hints are never enforced. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tencent_ckafka/ckafka.h"
#include "tencent_ckafka/ckafka_v2.h"

#define EXPECT_VALID(call)                                                                     \
    do {                                                                                       \
        docbind_error err_ = DOCBIND_ERROR_INIT;                                               \
        int rc_ = (call);                                                                      \
        cr_expect_eq(rc_, 0, "%s: %s", #call, err_.message ? err_.message : "");               \
        docbind_error_clear(&err_);                                                            \
    } while (0)

/* `call` must use `err_`. */
#define EXPECT_INVALID(call, path, rule_name)                                                  \
    do {                                                                                       \
        docbind_error err_ = DOCBIND_ERROR_INIT;                                               \
        cr_expect_eq((call), -1, "%s accepted", #call);                                        \
        cr_expect_eq(err_.kind, DOCBIND_ERROR_VALIDATION);                                     \
        cr_expect_str_eq(err_.param_path ? err_.param_path : "(none)", path, "%s",             \
                         err_.message ? err_.message : "");                                    \
        cr_expect_str_eq(err_.rule ? err_.rule : "(none)", rule_name, "%s",                    \
                         err_.message ? err_.message : "");                                    \
        docbind_error_clear(&err_);                                                            \
    } while (0)

static ckafka_batch_content messages[600];

static void fill_messages(void)
{
    for (size_t i = 0; i < 600; i++)
        messages[i] = ckafka_batch_content_make("body");
}

Test(required, top_level_and_nested, .init = fill_messages)
{
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 5);
    EXPECT_VALID(ckafka_send_message_request_validate(&req, &err_));
    req.data_hub_id = NULL;
    EXPECT_INVALID(ckafka_send_message_request_validate(&req, &err_), "DataHubId", "required");
    req = ckafka_send_message_request_make("datahub-1", messages, 5);
    messages[3].body = NULL;
    EXPECT_INVALID(ckafka_send_message_request_validate(&req, &err_), "Message[3].Body",
                   "required");
    /* An INIT request has every required parameter missing. */
    ckafka_send_message_request empty = CKAFKA_SEND_MESSAGE_REQUEST_INIT;
    EXPECT_INVALID(ckafka_send_message_request_validate(&empty, &err_), "DataHubId", "required");
}

Test(max_items, send_message_at_most_500, .init = fill_messages)
{
    ckafka_send_message_request req = ckafka_send_message_request_make("d", messages, 500);
    EXPECT_VALID(ckafka_send_message_request_validate(&req, &err_));
    req.message_count = 501;
    EXPECT_INVALID(ckafka_send_message_request_validate(&req, &err_), "Message", "max_items");
    cr_expect_eq(CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_MAX_ITEMS, 500);
    /* encode validates first: nothing goes out. */
    docbind_wire wire = DOCBIND_WIRE_INIT;
    EXPECT_INVALID(ckafka_send_message_request_encode(&req, &wire, &err_), "Message", "max_items");
    cr_expect_null(wire.body);
}

Test(max_items, array_declaration_helper)
{
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(batch, ckafka_batch_content_make("a"),
                                              ckafka_batch_content_make("b"),
                                              {.body = "c", .key = "k"});
    ckafka_send_message_request req =
        ckafka_send_message_request_make("d", batch, DOCBIND_COUNT_OF(batch));
    cr_expect_eq(req.message_count, 3);
    cr_expect_str_eq(req.message[2].key, "k");
    EXPECT_VALID(ckafka_send_message_request_validate(&req, &err_));
}

Test(maximum, describe_topic_limit)
{
    ckafka_describe_topic_request req = ckafka_describe_topic_request_make("ckafka-1");
    req.has_limit = true;
    req.limit = 50;
    EXPECT_VALID(ckafka_describe_topic_request_validate(&req, &err_));
    req.limit = 51;
    EXPECT_INVALID(ckafka_describe_topic_request_validate(&req, &err_), "Limit", "maximum");
    req.has_limit = false; /* absent: nothing to check */
    EXPECT_VALID(ckafka_describe_topic_request_validate(&req, &err_));

    ckafka_v2_list_topic_request v2 = ckafka_v2_list_topic_request_make("ckafka-1");
    v2.has_limit = true;
    v2.limit = 51;
    EXPECT_INVALID(ckafka_v2_list_topic_request_validate(&v2, &err_), "limit", "maximum");
}

Test(exclusive_minimum, create_topic_partitions)
{
    ckafka_create_topic_request req = ckafka_create_topic_request_make("ckafka-1", "t1", 1, 3);
    EXPECT_VALID(ckafka_create_topic_request_validate(&req, &err_));
    req.partition_num = 0;
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "PartitionNum",
                   "exclusive_minimum");
    req.partition_num = 1;
    req.replica_num = 4;
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "ReplicaNum", "maximum");
}

Test(max_length, counted_in_utf8_characters)
{
    ckafka_create_topic_request req = ckafka_create_topic_request_make("ckafka-1", "t1", 1, 1);
    /* 64 characters of 3 bytes each: within the limit of 64 characters. */
    char note[64 * 3 + 8] = "N";
    for (int i = 1; i < 64; i++)
        strcat(note, "主");
    req.note = note;
    EXPECT_VALID(ckafka_create_topic_request_validate(&req, &err_));
    strcat(note, "x");
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "Note", "max_length");
    req.note = "N\xff";
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "Note", "utf8");
}

Test(pattern, topic_name_and_note)
{
    ckafka_create_topic_request req = ckafka_create_topic_request_make("ckafka-1", "a.b-c_1", 1, 1);
    EXPECT_VALID(ckafka_create_topic_request_validate(&req, &err_));
    req.topic_name = "a b";
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "TopicName", "pattern");
    req.topic_name = "ok";
    req.note = "1note";
    EXPECT_INVALID(ckafka_create_topic_request_validate(&req, &err_), "Note", "pattern");
    req.note = "note";
    EXPECT_VALID(ckafka_create_topic_request_validate(&req, &err_));

    ckafka_v2_create_topic_request v2 = ckafka_v2_create_topic_request_make("ckafka-1", "t", 1, 1);
    EXPECT_VALID(ckafka_v2_create_topic_request_validate(&v2, &err_));
    v2.topic_name = "_t";
    EXPECT_INVALID(ckafka_v2_create_topic_request_validate(&v2, &err_), "topicName", "pattern");
}

Test(enums, nested_in_an_array)
{
    ckafka_acl_rule_info rules[] = {
        ckafka_acl_rule_info_make(CKAFKA_ACL_RULE_INFO_OPERATION_READ,
                                  CKAFKA_ACL_RULE_INFO_PERMISSION_TYPE_ALLOW, "10.0.0.1",
                                  "User:a"),
        ckafka_acl_rule_info_make(CKAFKA_ACL_RULE_INFO_OPERATION_WRITE,
                                  CKAFKA_ACL_RULE_INFO_PERMISSION_TYPE_DENY, "10.0.0.2",
                                  "User:b"),
    };
    const char *names[] = {"topic-1"};
    ckafka_batch_create_acl_request req =
        ckafka_batch_create_acl_request_make("ckafka-1", 2, names, 1, rules, 2);
    EXPECT_VALID(ckafka_batch_create_acl_request_validate(&req, &err_));
    /* The list is a hint (specs/overrides.json: the document's own examples
     * send other spellings): an unlisted string keeps its raw value and is
     * not refused. */
    rules[1].operation = CKAFKA_ACL_RULE_INFO_OPERATION_UNKNOWN;
    rules[1].operation_raw = "Delete";
    EXPECT_VALID(ckafka_batch_create_acl_request_validate(&req, &err_));
    rules[1].operation = CKAFKA_ACL_RULE_INFO_OPERATION_WRITE;
    rules[1].has_permission_type = false;
    EXPECT_INVALID(ckafka_batch_create_acl_request_validate(&req, &err_),
                   "RuleList[1].PermissionType", "required");
    cr_expect_str_eq(ckafka_acl_rule_info_operation_to_string(CKAFKA_ACL_RULE_INFO_OPERATION_ALL),
                     "All");
}

Test(enums, hinted_lists_allow_other_strings)
{
    /* CreateAclRule.PatternType lists PREFIXED and PRESET as examples only. */
    ckafka_create_acl_rule_request req = CKAFKA_CREATE_ACL_RULE_REQUEST_INIT;
    cr_expect_eq(ckafka_create_acl_rule_request_pattern_type_desc.n_values, 2);
    req.resource_type = CKAFKA_CREATE_ACL_RULE_REQUEST_RESOURCE_TYPE_TOPIC;
    req.pattern_type = CKAFKA_CREATE_ACL_RULE_REQUEST_PATTERN_TYPE_UNKNOWN;
    req.pattern_type_raw = "LITERAL";
    docbind_buffer out = DOCBIND_BUFFER_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_to_json(&ckafka_create_acl_rule_request_desc, &req, &out, &err), 0);
    cr_expect_not_null(strstr(out.data, "\"PatternType\":\"LITERAL\""), "%s", out.data);
    docbind_buffer_free(&out);
    /* Whatever else is missing, PatternType itself is not the complaint. */
    cr_expect_eq(ckafka_create_acl_rule_request_validate(&req, &err), -1);
    cr_expect_str_neq(err.param_path, "PatternType");
    docbind_error_clear(&err);
}

Test(hints, are_not_enforced)
{
    /* RetentionMs "minimum 60000" and MaxMessageBytes "1024..12582912" are
     * documented as hints, not checked. */
    ckafka_create_topic_request req = ckafka_create_topic_request_make("ckafka-1", "t", 1, 1);
    req.has_retention_ms = true;
    req.retention_ms = 1;
    req.has_max_message_bytes = true;
    req.max_message_bytes = 1;
    EXPECT_VALID(ckafka_create_topic_request_validate(&req, &err_));
}

Test(presence, zero_and_false_are_sent)
{
    ckafka_create_topic_request req = ckafka_create_topic_request_make("ckafka-1", "t", 1, 1);
    req.has_enable_white_list = true;
    req.enable_white_list = 0;
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(ckafka_create_topic_request_encode(&req, &wire, &err), 0, "%s", err.message);
    cr_expect_not_null(strstr(wire.body, "\"EnableWhiteList\":0"), "%s", wire.body);
    cr_expect_null(strstr(wire.body, "RetentionMs"), "absent members are not sent");
    docbind_wire_free(&wire);
}

Test(wire, legacy_service_flattens_arrays_from_zero)
{
    /* Tencent API 2.0: "ipWhiteList.0=...&ipWhiteList.1=..." in the query of a GET. */
    ckafka_v2_add_topic_ipwhitelist_request req =
        ckafka_v2_add_topic_ipwhitelist_request_make("ckafka-1", "t", (const char *[]){"1.1.1.1",
                                                                                  "2.2.2.2"},
                                                     2);
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(ckafka_v2_add_topic_ipwhitelist_request_encode(&req, &wire, &err), 0, "%s",
                 err.message);
    cr_expect_str_eq(wire.method, "GET");
    cr_expect_str_eq(wire.path, "/v2/index.php");
    cr_expect_null(wire.body);
    const char *want[][2] = {{"Action", "AddTopicIpwhitelist"}, {"instanceId", "ckafka-1"},
                             {"topicName", "t"}, {"ipWhiteList.0", "1.1.1.1"},
                             {"ipWhiteList.1", "2.2.2.2"}};
    cr_assert_eq(wire.query_count, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_expect_str_eq(wire.query[i].name, want[i][0]);
        cr_expect_str_eq(wire.query[i].value, want[i][1]);
    }
    docbind_wire_free(&wire);
}

Test(wire, send_message_form_encoding_counts_from_zero, .init = fill_messages)
{
    /* "Message.N" arrays: a JSON array in the body, Message.0.Body in the
     * form encoding that signature v1 signs. */
    messages[0].key = "k0";
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 2);
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_encode_form(&ckafka_send_message_action, &req, &wire, &err), 0,
                 "%s", err.message);
    cr_expect_str_eq(wire.body, "DataHubId=datahub-1&Message.0.Body=body&Message.0.Key=k0&"
                                "Message.1.Body=body");
    cr_assert_eq(wire.query_count, 2);
    cr_expect_str_eq(wire.query[0].value, "SendMessage");
    cr_expect_str_eq(wire.query[1].value, "2019-08-19");
    docbind_wire_free(&wire);
}

/* From JSON, a required number, boolean or enum that the C struct cannot
 * mark absent must be there: read as 0 it would go out as a value nobody
 * gave. 0 given explicitly is a value. */
Test(required, scalars_missing_from_json)
{
    ckafka_create_topic_request req = CKAFKA_CREATE_TOPIC_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    const char *missing = "{\"InstanceId\":\"ckafka-1\",\"TopicName\":\"t\",\"ReplicaNum\":2}";
    cr_assert_eq(docbind_codec_from_json(&ckafka_create_topic_request_desc, missing,
                                         strlen(missing), &req, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.param_path, "PartitionNum");
    cr_assert_str_eq(err.rule, "required");
    docbind_error_clear(&err);
    const char *null_one =
        "{\"InstanceId\":\"ckafka-1\",\"TopicName\":\"t\",\"PartitionNum\":null,\"ReplicaNum\":2}";
    cr_assert_eq(docbind_codec_from_json(&ckafka_create_topic_request_desc, null_one,
                                         strlen(null_one), &req, &err), -1);
    cr_assert_str_eq(err.param_path, "PartitionNum");
    docbind_error_clear(&err);
    const char *zero =
        "{\"InstanceId\":\"ckafka-1\",\"TopicName\":\"t\",\"PartitionNum\":0,\"ReplicaNum\":2}";
    cr_assert_eq(docbind_codec_from_json(&ckafka_create_topic_request_desc, zero, strlen(zero),
                                         &req, &err), 0);
    cr_assert_eq(req.partition_num, 0);
    docbind_codec_free(&ckafka_create_topic_request_desc, &req);
    /* strings stay NULL when absent; validate names them */
    const char *no_name = "{\"InstanceId\":\"ckafka-1\",\"PartitionNum\":1,\"ReplicaNum\":2}";
    cr_assert_eq(docbind_codec_from_json(&ckafka_create_topic_request_desc, no_name,
                                         strlen(no_name), &req, &err), 0);
    cr_assert_eq(ckafka_create_topic_request_validate(&req, &err), -1);
    cr_assert_str_eq(err.param_path, "TopicName");
    docbind_error_clear(&err);
    docbind_codec_free(&ckafka_create_topic_request_desc, &req);
}
