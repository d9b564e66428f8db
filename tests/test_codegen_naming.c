/* C names and C-safe text from documented names (generator/naming.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "naming.h"

static void expect_snake(const char *in, const char *want)
{
    char *got = naming_snake(in);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want, "naming_snake(\"%s\")", in);
    free(got);
}

static void expect_identifier(const char *in, const char *want)
{
    char *got = naming_identifier(in);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want, "naming_identifier(\"%s\")", in);
    free(got);
}

Test(naming, camel_case_words)
{
    expect_snake("DataHubId", "data_hub_id");
    expect_snake("SendMessage", "send_message");
    expect_snake("minInsyncReplicas", "min_insync_replicas");
    expect_snake("instanceId", "instance_id");
    expect_snake("Body", "body");
}

Test(naming, acronyms)
{
    expect_snake("DescribeACL", "describe_acl");
    expect_snake("VPCId", "vpc_id");
    expect_snake("DescribeACLRule", "describe_acl_rule");
    expect_snake("KVParam", "kv_param");
    expect_snake("SMT", "smt");
    expect_snake("BatchModifyTopicResultDTO", "batch_modify_topic_result_dto");
    expect_snake("SQLServerParam", "sql_server_param");
    expect_snake("AuthFailure.MFAFailure", "auth_failure_mfa_failure");
}

Test(naming, digits_stay_with_their_word)
{
    expect_snake("Ipv6", "ipv6");
    expect_snake("RegionCodeV3", "region_code_v3");
    expect_snake("StandardS2", "standard_s2");
    expect_snake("S3Param", "s3_param");
    expect_snake("3DES", "v3_des");
}

Test(naming, product_names_are_one_word)
{
    expect_snake("MySQLParam", "mysql_param");
    expect_snake("PostgreSQLConnectParam", "postgresql_connect_param");
    expect_snake("MariaDBModifyConnectParam", "mariadb_modify_connect_param");
    expect_snake("MongoDBParam", "mongodb_param");
    expect_snake("CreateMySQLTask", "create_mysql_task");
}

Test(naming, separators)
{
    expect_snake("src.broker", "src_broker");
    expect_snake("data::succ", "data_succ");
    expect_snake("config::min.insync.replicas", "config_min_insync_replicas");
    expect_snake("err_code", "err_code");
    expect_snake("compact, delete", "compact_delete");
    expect_snake("__x__", "x");
    expect_snake("", "value");
    expect_snake("实例", "value");
    expect_snake("a-b c", "a_b_c");
}

Test(naming, keywords_and_macros_are_escaped)
{
    expect_identifier("Default", "default_");
    expect_identifier("int", "int_");
    expect_identifier("Switch", "switch_");
    expect_identifier("bool", "bool_");
    expect_identifier("True", "true_");
    expect_identifier("unix", "unix_");
    expect_identifier("Status", "status");
    cr_expect(naming_is_reserved("register"));
    cr_expect(!naming_is_reserved("topic"));
}

Test(naming, upper)
{
    char *s = naming_upper("ckafka_send_message_request");
    cr_expect_str_eq(s, "CKAFKA_SEND_MESSAGE_REQUEST");
    free(s);
}

Test(naming, c_string_literals)
{
    char *s = naming_c_string("a\"b\\c\nd?\?/e\x01" "f 中文");
    cr_expect_str_eq(s, "a\\\"b\\\\c\\nd?\\?/e\\001f 中文");
    free(s);
}

Test(naming, comment_text_cannot_close_the_comment)
{
    char *s = naming_comment_text("a */ b /* c ?\?/\n  d\t\te\\");
    cr_expect_str_eq(s, "a * / b / * c ? ?/ d e\\");
    cr_expect_null(strstr(s, "*/"));
    cr_expect_null(strstr(s, "/*"));
    cr_expect_null(strstr(s, "??"));
    free(s);
}

Test(naming, wrap_breaks_at_spaces_and_between_wide_characters)
{
    size_t n = 0;
    char **lines = naming_wrap("one two three four five six", 10, &n);
    cr_assert_eq(n, 3);
    cr_expect_str_eq(lines[0], "one two");
    cr_expect_str_eq(lines[1], "three four");
    cr_expect_str_eq(lines[2], "five six");
    naming_free_lines(lines, n);

    /* Wide characters count 2 columns: 5 per line of 10. */
    lines = naming_wrap("一二三四五六七八九十十一", 10, &n);
    cr_assert_eq(n, 3);
    cr_expect_str_eq(lines[0], "一二三四五");
    cr_expect_str_eq(lines[1], "六七八九十");
    cr_expect_str_eq(lines[2], "十一");
    naming_free_lines(lines, n);

    /* A word longer than the width stays whole. */
    lines = naming_wrap("https://example.com/a/very/long/path x", 10, &n);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(lines[0], "https://example.com/a/very/long/path");
    naming_free_lines(lines, n);

    lines = naming_wrap("", 10, &n);
    cr_assert_not_null(lines);
    cr_expect_eq(n, 0);
    naming_free_lines(lines, n);
}

Test(naming, sets_escape_collisions)
{
    naming_set *set = naming_set_new();
    cr_assert_not_null(set);
    cr_expect_str_eq(naming_set_claim(set, "topic"), "topic");
    cr_expect_str_eq(naming_set_claim(set, "topic"), "topic_2");
    cr_expect_str_eq(naming_set_claim(set, "topic"), "topic_3");
    cr_expect_str_eq(naming_set_claim(set, "ipv6"), "ipv6");
    cr_expect_str_eq(naming_set_claim(set, "ipv6"), "ipv6_v2");
    cr_expect(naming_set_has(set, "topic_2"));
    cr_expect(!naming_set_add(set, "topic"));
    cr_expect(naming_set_add(set, "other"));
    /* Growth keeps every name. */
    char buf[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(buf, sizeof buf, "n%d", i);
        cr_assert(naming_set_add(set, buf));
    }
    for (int i = 0; i < 2000; i++) {
        snprintf(buf, sizeof buf, "n%d", i);
        cr_assert(naming_set_has(set, buf));
    }
    naming_set_free(set);
}
