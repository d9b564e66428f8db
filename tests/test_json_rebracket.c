/* Rebuilding JSON examples whose bracket lines a dump moved to the end of
 * the block (generator/json_rebracket.h). Each case is written the way the
 * dumps tear a pretty-printed value: member lines in place with their
 * indentation, bracket lines after them in their original order. The
 * expected values are the untorn JSON, compared as values. */
#include <criterion/criterion.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_rebracket.h"

/* Splits `text` into torn lines (blank lines dropped, as the reader skips
 * them); indentation counted in spaces. At most 64 lines. */
static size_t lines_of(const char *text, torn_line *out)
{
    size_t n = 0;
    int no = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        if (!e)
            e = p + strlen(p);
        no++;
        size_t indent = 0;
        while (p + indent < e && p[indent] == ' ')
            indent++;
        size_t len = (size_t)(e - p) - indent;
        if (len) {
            cr_assert_lt(n, 64);
            out[n++] = (torn_line){p + indent, len, indent, no};
        }
        p = *e ? e + 1 : e;
    }
    return n;
}

static void expect_rebuilt(const char *torn, const char *want)
{
    torn_line lines[64];
    size_t n = lines_of(torn, lines);
    cr_assert(json_looks_torn(lines, n), "the block should look torn");
    strbuf out = STRBUF_INIT;
    char why[160] = "";
    cr_assert(json_rebracket(lines, n, &out, why, sizeof why), "refused: %s", why);
    cJSON *got = cJSON_Parse(out.data), *expected = cJSON_Parse(want);
    cr_assert_not_null(expected, "bad expectation");
    cr_assert_not_null(got, "%s", out.data);
    char *g = cJSON_PrintUnformatted(got);
    cr_expect(cJSON_Compare(got, expected, 1), "got %s", g);
    cJSON_free(g);
    cJSON_Delete(got);
    cJSON_Delete(expected);
    strbuf_free(&out);
}

static void expect_refused(const char *torn, const char *reason_part)
{
    torn_line lines[64];
    size_t n = lines_of(torn, lines);
    strbuf out = STRBUF_INIT;
    char why[160] = "";
    cr_assert_not(json_rebracket(lines, n, &out, why, sizeof why), "accepted: %s",
                  out.data ? out.data : "");
    cr_expect_eq(out.len, 0, "nothing appended on refusal");
    cr_expect_not_null(strstr(why, reason_part), "reason: %s", why);
    strbuf_free(&out);
}

Test(json_rebracket, flat_object)
{
    expect_rebuilt("    \"code\": 0,\n"
                   "    \"codeDesc\": \"Success\",\n"
                   "    \"message\": \"ok\"\n"
                   "{\n"
                   "}\n",
                   "{\"code\":0,\"codeDesc\":\"Success\",\"message\":\"ok\"}");
}

Test(json_rebracket, nested_object_array_of_objects_and_comments)
{
    /* "vipList": [ on the key line, { alone on the next: two steps deeper */
    expect_rebuilt("    \"code\": 0,\n"
                   "    \"data\": \n"
                   "        \"vipList\":    \n"
                   "            \n"
                   "                \"vip\": \"172.16.123.15\",\n"
                   "                \"vport\": \"9092\"\n"
                   "            \n"
                   "        ,\n"
                   "        \"config\": \n"
                   "            \"num.partitions\": 3,// 自动创建主题分区数\n"
                   "            \"url\": \"http://a//b\"\n"
                   "        ,\n"
                   "        \"status\": 1\n"
                   "{\n{\n[\n{\n}\n]\n{\n}\n}\n}\n",
                   "{\"code\":0,\"data\":{\"vipList\":[{\"vip\":\"172.16.123.15\",\"vport\":\"9092\"}],"
                   "\"config\":{\"num.partitions\":3,\"url\":\"http://a//b\"},\"status\":1}}");
}

Test(json_rebracket, two_brackets_on_one_line_are_one_step)
{
    expect_rebuilt("    \"totalCount\": 10,\n"
                   "    \"topicList\": \n"
                   "        \"topicId\": \"topic-xxoo234\",\n"
                   "        \"note\": \"\"\n"
                   "{\n[{\n}]\n}\n",
                   "{\"totalCount\":10,\"topicList\":[{\"topicId\":\"topic-xxoo234\",\"note\":\"\"}]}");
}

Test(json_rebracket, empty_containers_inline_and_at_the_end)
{
    expect_rebuilt("    \"ipWhiteList\": ,\n"
                   "    \"partitions\":\n"
                   "{\n[]\n[\n]\n}\n",
                   "{\"ipWhiteList\":[],\"partitions\":[]}");
}

Test(json_rebracket, array_of_objects_and_of_numbers)
{
    expect_rebuilt("    \"list\":\n"
                   "        \n"
                   "            \"p\": 1\n"
                   "        ,\n"
                   "        \n"
                   "            \"p\": 2\n"
                   "        \n"
                   "    ,\n"
                   "    \"lag\":\n"
                   "        10,\n"
                   "        12\n"
                   "{\n[\n{\n}\n{\n}\n]\n[\n]\n}\n",
                   "{\"list\":[{\"p\":1},{\"p\":2}],\"lag\":[10,12]}");
}

Test(json_rebracket, brackets_split_by_a_page_break_and_a_wrapped_string)
{
    /* the first page's brackets stand before the rest of the block */
    expect_rebuilt("    \"data\":\n"
                   "        \"succ\":\n"
                   "{\n{\n[\n{\n"
                   "                \"msg\": \"does not exist on this br\n"
                   "oker.\",\n"
                   "                \"n\": 1\n"
                   "}\n]\n}\n}\n",
                   "{\"data\":{\"succ\":[{\"msg\":\"does not exist on this broker.\",\"n\":1}]}}");
}

Test(json_rebracket, an_indent_off_by_one_is_the_same_level)
{
    expect_rebuilt("     \"code\": 0,\n"
                   "    \"data\":\n"
                   "         \"a\": 1,\n"
                   "        \"b\": 2\n"
                   "{\n{\n}\n}\n",
                   "{\"code\":0,\"data\":{\"a\":1,\"b\":2}}");
}

Test(json_rebracket, refusals_name_the_line)
{
    /* inconsistent indentation: a level closed that the brackets keep open */
    expect_refused("    \"list\":\n"
                   "            \"a\": 1,\n"
                   "        \"b\": 2\n"
                   "{\n[\n{\n}\n]\n}\n",
                   "lines 1-3: the rebuilt text is not JSON");
    expect_refused("    \"a\": 1\n{\n}\n}\n", "left over");
    expect_refused("    \"a\":\n        \"b\": 1\n{\n", "line 2: indented deeper");
    expect_refused("    \"a\": 1\n]\n", "line 1: the indentation opens a container but the next "
                                         "torn bracket is ']'");
    expect_refused("    \"a\": \"x\n", "not closed");
    /* the document's own invalid JSON (unescaped quotes) */
    expect_refused("    \"a\": \"{\"t\":1}\"\n{\n}\n", "not JSON");
    expect_refused("", "no member lines");
    expect_refused("    \"a\": 1\n", "no torn brackets");
}

Test(json_rebracket, line_kinds)
{
    cr_expect_eq(json_torn_line_kind("{", 1), TORN_BRACKETS);
    cr_expect_eq(json_torn_line_kind("{ }", 3), TORN_BRACKETS);
    cr_expect_eq(json_torn_line_kind("[{", 2), TORN_BRACKETS);
    cr_expect_eq(json_torn_line_kind("\"a\": 1,", 7), TORN_MEMBER);
    cr_expect_eq(json_torn_line_kind(",", 1), TORN_MEMBER);
    cr_expect_eq(json_torn_line_kind("-1", 2), TORN_MEMBER);
    cr_expect_eq(json_torn_line_kind("null", 4), TORN_MEMBER);
    cr_expect_eq(json_torn_line_kind("nullable", 8), TORN_OTHER);
    cr_expect_eq(json_torn_line_kind("接口请求域名： ckafka.api.qcloud.com", strlen("接口请求域名： ckafka.api.qcloud.com")), TORN_OTHER);
    cr_expect_eq(json_torn_line_kind("", 0), TORN_OTHER);
    bool comment = false;
    cr_expect(json_torn_string_open("\"a\": \"b", 7, false, &comment));
    cr_expect_not(json_torn_string_open("c\",", 3, true, &comment));
    cr_expect_not(json_torn_string_open("\"a\": 1, // 失败信", strlen("\"a\": 1, // 失败信"), false,
                                        &comment));
    cr_expect(comment);
}

Test(json_rebracket, untorn_json_is_not_torn)
{
    torn_line lines[64];
    size_t n = lines_of("{\n  \"a\": [1, 2]\n}\n", lines);
    cr_expect_not(json_looks_torn(lines, n));
    n = lines_of("  \"a\": \"[x]\"\n{\n}\n", lines);
    cr_expect(json_looks_torn(lines, n), "brackets inside strings do not count");
}
