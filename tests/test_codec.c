/* The descriptor-driven codec (runtime/docbind_codec.h) on hand-written
 * descriptors: every validation rule passing and failing with its path,
 * JSON writing and reading, flattening, wire forms per protocol style,
 * response envelopes, and hostile input. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_codec.h"

/* ---- Test types and their descriptors ---------------------------------- */

typedef enum color { COLOR_UNKNOWN = 0, COLOR_RED = 1, COLOR_GREEN = 2 } color;
static const char *const color_values[] = {"Red", "Green"};
static const docbind_enum_desc color_desc = {"color", color_values, 2};

typedef struct item {
    const char *body;
    const char *key;
    bool has_size;
    int64_t size;
} item;

static docbind_pattern key_pattern = DOCBIND_PATTERN_INIT("^k[0-9]+$");
static const docbind_limits body_limits = {.set = DOCBIND_L_MAX_LENGTH | DOCBIND_L_MIN_LENGTH,
                                           .max_length = 5, .min_length = 1};
static const docbind_limits key_limits = {.set = DOCBIND_L_PATTERN, .pattern = &key_pattern};
static const docbind_limits size_limits = {.set = DOCBIND_L_MAXIMUM | DOCBIND_L_MINIMUM,
                                           .maximum = 10, .minimum = 1};
static const docbind_field item_fields[] = {
    {.name = "body", .wire_name = "Body", .kind = DOCBIND_KIND_STRING,
     .flags = DOCBIND_F_REQUIRED, .offset = offsetof(item, body), .limits = &body_limits},
    {.name = "key", .wire_name = "Key", .kind = DOCBIND_KIND_STRING,
     .offset = offsetof(item, key), .limits = &key_limits},
    {.name = "size", .wire_name = "Size", .kind = DOCBIND_KIND_INT, .flags = DOCBIND_F_PRESENCE,
     .offset = offsetof(item, size), .presence_offset = offsetof(item, has_size),
     .limits = &size_limits},
};
static const docbind_message_desc item_desc = {"item", "Item", sizeof(item), item_fields, 3};

typedef struct req {
    const char *id;
    const item *message;
    size_t message_count;
    bool has_limit;
    int64_t limit;
    bool has_ratio;
    double ratio;
    bool has_flag;
    bool flag;
    bool has_color;
    color color;
    const char *color_raw;
    const char *const *tags;
    size_t tags_count;
    const char *config;
    const char *token;
    const char *filter;
    const int64_t *ids;
    size_t ids_count;
} req;

static const docbind_limits message_limits = {.set = DOCBIND_L_MAX_ITEMS | DOCBIND_L_MIN_ITEMS,
                                              .max_items = 3, .min_items = 1};
static const docbind_limits limit_limits = {.set = DOCBIND_L_EXCLUSIVE_MINIMUM,
                                            .exclusive_minimum = 0};
static const docbind_limits ratio_limits = {.set = DOCBIND_L_MAXIMUM, .maximum = 1.5};
static const docbind_limits color_limits = {.set = DOCBIND_L_ENUM};
static const docbind_field req_fields[] = {
    {.name = "id", .wire_name = "Id", .kind = DOCBIND_KIND_STRING, .location = DOCBIND_LOC_PATH,
     .flags = DOCBIND_F_REQUIRED, .offset = offsetof(req, id)},
    {.name = "message", .wire_name = "Message", .kind = DOCBIND_KIND_MESSAGE,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_REQUIRED | DOCBIND_F_ARRAY,
     .offset = offsetof(req, message), .count_offset = offsetof(req, message_count),
     .message = &item_desc, .limits = &message_limits},
    {.name = "limit", .wire_name = "Limit", .kind = DOCBIND_KIND_INT,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_PRESENCE, .offset = offsetof(req, limit),
     .presence_offset = offsetof(req, has_limit), .limits = &limit_limits},
    {.name = "ratio", .wire_name = "Ratio", .kind = DOCBIND_KIND_DOUBLE,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_PRESENCE, .offset = offsetof(req, ratio),
     .presence_offset = offsetof(req, has_ratio), .limits = &ratio_limits},
    {.name = "flag", .wire_name = "Flag", .kind = DOCBIND_KIND_BOOL,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_PRESENCE, .offset = offsetof(req, flag),
     .presence_offset = offsetof(req, has_flag)},
    {.name = "color", .wire_name = "Color", .kind = DOCBIND_KIND_ENUM,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_PRESENCE, .offset = offsetof(req, color),
     .presence_offset = offsetof(req, has_color), .raw_offset = offsetof(req, color_raw),
     .enumeration = &color_desc, .limits = &color_limits},
    {.name = "tags", .wire_name = "Tags", .kind = DOCBIND_KIND_STRING,
     .location = DOCBIND_LOC_BODY, .flags = DOCBIND_F_ARRAY, .offset = offsetof(req, tags),
     .count_offset = offsetof(req, tags_count), .enumeration = &color_desc,
     .limits = &color_limits},
    {.name = "config", .wire_name = "Config", .kind = DOCBIND_KIND_JSON,
     .location = DOCBIND_LOC_BODY, .offset = offsetof(req, config)},
    {.name = "token", .wire_name = "X-Token", .kind = DOCBIND_KIND_STRING,
     .location = DOCBIND_LOC_HEADER, .offset = offsetof(req, token)},
    {.name = "filter", .wire_name = "filter", .kind = DOCBIND_KIND_STRING,
     .location = DOCBIND_LOC_QUERY, .offset = offsetof(req, filter)},
    {.name = "ids", .wire_name = "ids", .kind = DOCBIND_KIND_INT, .location = DOCBIND_LOC_QUERY,
     .flags = DOCBIND_F_ARRAY, .offset = offsetof(req, ids),
     .count_offset = offsetof(req, ids_count)},
};
static const docbind_message_desc req_desc = {"req", "Req", sizeof(req), req_fields, 11};

/* A self-referencing struct, for nesting limits. */
typedef struct node {
    const char *name;
    const struct node *child;
} node;
extern const docbind_message_desc node_desc;
static const docbind_field node_fields[] = {
    {.name = "name", .wire_name = "Name", .kind = DOCBIND_KIND_STRING,
     .offset = offsetof(node, name)},
    {.name = "child", .wire_name = "Child", .kind = DOCBIND_KIND_MESSAGE,
     .offset = offsetof(node, child), .message = &node_desc},
};
const docbind_message_desc node_desc = {"node", "Node", sizeof(node), node_fields, 2};

typedef struct resp {
    const char *request_id;
    const item *items;
    size_t items_count;
    bool has_total;
    int64_t total;
    bool has_ok;
    bool ok;
    bool has_price;
    double price;
    bool has_color;
    color color;
    const char *color_raw;
    const char *extra;
    const node *tree;
    const char *const *names;
    size_t names_count;
    const double *scores;
    size_t scores_count;
} resp;
static const docbind_field resp_fields[] = {
    {.name = "request_id", .wire_name = "RequestId", .kind = DOCBIND_KIND_STRING,
     .offset = offsetof(resp, request_id)},
    {.name = "items", .wire_name = "Items", .kind = DOCBIND_KIND_MESSAGE,
     .flags = DOCBIND_F_ARRAY, .offset = offsetof(resp, items),
     .count_offset = offsetof(resp, items_count), .message = &item_desc},
    {.name = "total", .wire_name = "Total", .kind = DOCBIND_KIND_INT,
     .flags = DOCBIND_F_PRESENCE, .offset = offsetof(resp, total),
     .presence_offset = offsetof(resp, has_total)},
    {.name = "ok", .wire_name = "Ok", .kind = DOCBIND_KIND_BOOL, .flags = DOCBIND_F_PRESENCE,
     .offset = offsetof(resp, ok), .presence_offset = offsetof(resp, has_ok)},
    {.name = "price", .wire_name = "Price", .kind = DOCBIND_KIND_DOUBLE,
     .flags = DOCBIND_F_PRESENCE, .offset = offsetof(resp, price),
     .presence_offset = offsetof(resp, has_price)},
    {.name = "color", .wire_name = "Color", .kind = DOCBIND_KIND_ENUM,
     .flags = DOCBIND_F_PRESENCE, .offset = offsetof(resp, color),
     .presence_offset = offsetof(resp, has_color), .raw_offset = offsetof(resp, color_raw),
     .enumeration = &color_desc},
    {.name = "extra", .wire_name = "Extra", .kind = DOCBIND_KIND_JSON,
     .offset = offsetof(resp, extra)},
    {.name = "tree", .wire_name = "Tree", .kind = DOCBIND_KIND_MESSAGE,
     .offset = offsetof(resp, tree), .message = &node_desc},
    {.name = "names", .wire_name = "Names", .kind = DOCBIND_KIND_STRING,
     .flags = DOCBIND_F_ARRAY, .offset = offsetof(resp, names),
     .count_offset = offsetof(resp, names_count)},
    {.name = "scores", .wire_name = "Scores", .kind = DOCBIND_KIND_DOUBLE,
     .flags = DOCBIND_F_ARRAY, .offset = offsetof(resp, scores),
     .count_offset = offsetof(resp, scores_count)},
};
static const docbind_message_desc resp_desc = {"resp", "Resp", sizeof(resp), resp_fields, 10};

static const docbind_error_desc errors[] = {
    {"FailedOperation", "operation failed", 0},
    {"AuthFailure.SignatureFailure", "bad signature", 0},
};

#define SERVICE(var, style_, protocol_, base_)                                              \
    static const docbind_service_desc var = {"test." #var, "2020-01-01", "example.com",       \
                                             style_, protocol_, base_, errors, 2, NULL, 0}
SERVICE(tencent, DOCBIND_STYLE_RPC_JSON, DOCBIND_PROTOCOL_TENCENT, 0);
SERVICE(tencent_v2, DOCBIND_STYLE_RPC_QUERY, DOCBIND_PROTOCOL_TENCENT_V2, 0);
SERVICE(aliyun, DOCBIND_STYLE_RPC_QUERY, DOCBIND_PROTOCOL_ALIYUN, 1);
SERVICE(huawei, DOCBIND_STYLE_REST_JSON, DOCBIND_PROTOCOL_HUAWEI, 0);

static docbind_action_desc action(const docbind_service_desc *svc, const char *method,
                                  const char *path)
{
    docbind_action_desc a = {svc, "Send", method, path, &req_desc, &resp_desc, -1, NULL};
    return a;
}

/* ---- Helpers ------------------------------------------------------------ */

static const item two_items[] = {
    {"hello", "k1", true, 3},
    {"ab", NULL, false, 0},
};

/* A request that passes validation. */
static req valid_req(void)
{
    req r = {0};
    r.id = "i-1";
    r.message = two_items;
    r.message_count = 2;
    return r;
}

static void expect_invalid(const req *r, const char *path, const char *rule)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_validate(&req_desc, r, &err), -1, "expected %s at %s", rule, path);
    cr_expect_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_expect_str_eq(err.param_path, path, "path (message: %s)", err.message);
    cr_expect_str_eq(err.rule, rule, "rule (message: %s)", err.message);
    cr_expect_not_null(err.message);
    docbind_error_clear(&err);
}

static void expect_valid(const req *r)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_codec_validate(&req_desc, r, &err);
    cr_expect_eq(rc, 0, "unexpected: %s", err.message ? err.message : "");
    docbind_error_clear(&err);
}

static bool json_equal_text(const char *a, const char *b)
{
    cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
    bool eq = x && y && cJSON_Compare(x, y, 1);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return eq;
}

static char *to_json(const docbind_message_desc *d, const void *msg)
{
    docbind_buffer b = DOCBIND_BUFFER_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_codec_to_json(d, msg, &b, &err);
    cr_assert_eq(rc, 0, "to_json: %s", err.message ? err.message : "");
    return b.data;
}

/* ---- Validation ---------------------------------------------------------- */

Test(validate, a_valid_request_passes)
{
    req r = valid_req();
    expect_valid(&r);
}

Test(validate, required)
{
    req r = valid_req();
    r.id = NULL;
    expect_invalid(&r, "Id", "required");
    r = valid_req();
    r.message = NULL;
    r.message_count = 0;
    expect_invalid(&r, "Message", "required");
    item bad[] = {{NULL, NULL, false, 0}};
    r = valid_req();
    r.message = bad;
    r.message_count = 1;
    expect_invalid(&r, "Message[0].Body", "required");
}

Test(validate, count_without_items)
{
    req r = valid_req();
    r.tags = NULL;
    r.tags_count = 2;
    expect_invalid(&r, "Tags", "count");
}

Test(validate, max_and_min_items)
{
    item four[] = {{"a", NULL, false, 0}, {"b", NULL, false, 0}, {"c", NULL, false, 0},
                   {"d", NULL, false, 0}};
    req r = valid_req();
    r.message = four;
    r.message_count = 3;
    expect_valid(&r);
    r.message_count = 4;
    expect_invalid(&r, "Message", "max_items");
    r.message_count = 0;
    expect_invalid(&r, "Message", "min_items");
}

Test(validate, maximum_and_minimum_on_nested_items)
{
    item items[] = {{"a", NULL, true, 10}, {"b", NULL, true, 1}};
    req r = valid_req();
    r.message = items;
    r.message_count = 2;
    expect_valid(&r);
    items[1].size = 11;
    expect_invalid(&r, "Message[1].Size", "maximum");
    items[1].size = 0;
    expect_invalid(&r, "Message[1].Size", "minimum");
    items[1].has_size = false; /* absent: not checked */
    expect_valid(&r);
}

Test(validate, exclusive_minimum_and_zero_is_a_value)
{
    req r = valid_req();
    r.has_limit = true;
    r.limit = 1;
    expect_valid(&r);
    r.limit = 0;
    expect_invalid(&r, "Limit", "exclusive_minimum");
    r.limit = INT64_MIN;
    expect_invalid(&r, "Limit", "exclusive_minimum");
    r.has_limit = false;
    expect_valid(&r);
}

Test(validate, double_range_and_finite)
{
    req r = valid_req();
    r.has_ratio = true;
    r.ratio = 1.5;
    expect_valid(&r);
    r.ratio = 1.5000001;
    expect_invalid(&r, "Ratio", "maximum");
    r.ratio = NAN;
    expect_invalid(&r, "Ratio", "finite");
    r.ratio = -INFINITY;
    expect_invalid(&r, "Ratio", "finite");
}

Test(validate, lengths_count_utf8_characters)
{
    item items[] = {{"中文字符串", NULL, false, 0}}; /* 5 characters, 15 bytes */
    req r = valid_req();
    r.message = items;
    r.message_count = 1;
    expect_valid(&r);
    items[0].body = "中文字符串!";
    expect_invalid(&r, "Message[0].Body", "max_length");
    items[0].body = "";
    expect_invalid(&r, "Message[0].Body", "min_length");
    items[0].body = "\xff\xfe";
    expect_invalid(&r, "Message[0].Body", "utf8");
    items[0].body = "\xed\xa0\x80"; /* a surrogate */
    expect_invalid(&r, "Message[0].Body", "utf8");
    items[0].body = "\xc0\xaf"; /* overlong */
    expect_invalid(&r, "Message[0].Body", "utf8");
}

Test(validate, patterns)
{
    item items[] = {{"a", "k12", false, 0}};
    req r = valid_req();
    r.message = items;
    r.message_count = 1;
    expect_valid(&r);
    items[0].key = "x12";
    expect_invalid(&r, "Message[0].Key", "pattern");
    items[0].key = "k12x";
    expect_invalid(&r, "Message[0].Key", "pattern");
}

Test(validate, enums)
{
    req r = valid_req();
    r.has_color = true;
    r.color = COLOR_GREEN;
    expect_valid(&r);
    r.color = COLOR_UNKNOWN;
    r.color_raw = "Blue"; /* the list is enforced: an unknown string is refused */
    expect_invalid(&r, "Color", "enum");
    r.color_raw = NULL;
    expect_invalid(&r, "Color", "enum");
    r.color = (color)7;
    expect_invalid(&r, "Color", "enum");

    const char *tags[] = {"Red", "Green", "Purple"};
    r = valid_req();
    r.tags = tags;
    r.tags_count = 2;
    expect_valid(&r);
    r.tags_count = 3;
    expect_invalid(&r, "Tags[2]", "enum");
}

Test(validate, raw_json)
{
    req r = valid_req();
    r.config = "{\"a\": [1, 2]}";
    expect_valid(&r);
    r.config = "{\"a\": ";
    expect_invalid(&r, "Config", "json");
    r.config = "{} trailing";
    expect_invalid(&r, "Config", "json");
}

Test(validate, depth_of_self_referencing_structs)
{
    node nodes[100];
    for (int i = 0; i < 100; i++) {
        nodes[i].name = "n";
        nodes[i].child = i + 1 < 100 ? &nodes[i + 1] : NULL;
    }
    docbind_error err = DOCBIND_ERROR_INIT;
    /* A cycle, too, ends at the depth limit. */
    node loop = {"loop", NULL};
    loop.child = &loop;
    cr_expect_eq(docbind_codec_validate(&node_desc, &nodes[50], &err), 0);
    cr_expect_eq(docbind_codec_validate(&node_desc, &nodes[0], &err), -1);
    cr_expect_str_eq(err.rule, "depth");
    cr_expect_eq(docbind_codec_validate(&node_desc, &loop, &err), -1);
    cr_expect_str_eq(err.rule, "depth");
    docbind_buffer b = DOCBIND_BUFFER_INIT;
    cr_expect_eq(docbind_codec_to_json(&node_desc, &loop, &b, &err), -1);
    cr_expect_str_eq(err.rule, "depth");
    docbind_buffer_free(&b);
    docbind_error_clear(&err);
}

/* ---- JSON out ------------------------------------------------------------ */

Test(to_json, present_members_only_and_zero_is_a_value)
{
    req r = valid_req();
    r.has_limit = true;
    r.limit = 0;
    r.has_flag = true;
    r.flag = false;
    r.has_color = true;
    r.color = COLOR_RED;
    const char *tags[] = {"Green"};
    r.tags = tags;
    r.tags_count = 1;
    r.config = "{\"k\":[true,null]}";
    char *json = to_json(&req_desc, &r);
    cr_expect(json_equal_text(json, "{\"Id\":\"i-1\",\"Message\":[{\"Body\":\"hello\",\"Key\":\"k1\","
                                    "\"Size\":3},{\"Body\":\"ab\"}],\"Limit\":0,\"Flag\":false,"
                                    "\"Color\":\"Red\",\"Tags\":[\"Green\"],\"Config\":{\"k\":[true,null]}}"),
              "%s", json);
    free(json);
}

Test(to_json, empty_array_is_present)
{
    req r = valid_req();
    static const char *none[1];
    r.tags = none;
    r.tags_count = 0;
    char *json = to_json(&req_desc, &r);
    cr_expect_not_null(strstr(json, "\"Tags\":[]"), "%s", json);
    free(json);
}

Test(to_json, strings_are_escaped)
{
    item it = {"q\"\\\n\t\x01/é中", NULL, false, 0};
    char *json = to_json(&item_desc, &it);
    cr_expect_str_eq(json, "{\"Body\":\"q\\\"\\\\\\n\\t\\u0001/é中\"}");
    cJSON *back = cJSON_Parse(json);
    cr_assert_not_null(back);
    cr_expect_str_eq(cJSON_GetObjectItem(back, "Body")->valuestring, it.body);
    cJSON_Delete(back);
    free(json);
}

/* Strings are scanned eight bytes at a time: put each kind of byte that
 * needs care at every offset of strings of 1 to 40 bytes (across and
 * between word boundaries) and compare with cJSON's own printer, which
 * escapes the same set the same way. */
Test(to_json, every_special_byte_at_every_offset)
{
    static const char *const specials[] = {"\"", "\\", "\n", "\x1f", "\x01", "\x7f",
                                           "\xc3\xa9", "\xe4\xb8\xad", " ", "~"};
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++) {
        size_t sl = strlen(specials[k]);
        for (size_t len = 1; len <= 40; len++) {
            for (size_t at = 0; at + sl <= len; at++) {
                char text[64];
                memset(text, 'a', len);
                memcpy(text + at, specials[k], sl);
                text[len] = '\0';
                item it = {text, NULL, false, 0};
                char *json = to_json(&item_desc, &it);
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "Body", text);
                char *expected = cJSON_PrintUnformatted(o);
                cr_assert_str_eq(json, expected, "special %zu, length %zu, at %zu", k, len, at);
                cJSON_free(expected);
                cJSON_Delete(o);
                free(json);
            }
        }
    }
}

Test(to_json, invalid_utf8_is_refused_with_its_path)
{
    item items[] = {{"ok", NULL, false, 0}, {"bad\xc3", NULL, false, 0}};
    req r = valid_req();
    r.message = items;
    docbind_buffer b = DOCBIND_BUFFER_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_expect_eq(docbind_codec_to_json(&req_desc, &r, &b, &err), -1);
    cr_expect_str_eq(err.param_path, "Message[1].Body");
    cr_expect_str_eq(err.rule, "utf8");
    cr_expect_eq(b.len, 0, "the buffer keeps its previous length");
    docbind_buffer_free(&b);
    docbind_error_clear(&err);
}

Test(to_json, numbers_read_back_exactly)
{
    resp x = {0};
    double scores[] = {0.1, 1e300, -2.5e-300, 123456789012345.0, 0.30000000000000004, -0.0};
    x.scores = scores;
    x.scores_count = 6;
    x.has_total = true;
    x.total = INT64_MIN;
    char *json = to_json(&resp_desc, &x);
    cJSON *back = cJSON_Parse(json);
    cr_assert_not_null(back, "%s", json);
    cJSON *arr = cJSON_GetObjectItem(back, "Scores");
    for (int i = 0; i < 6; i++)
        cr_expect_eq(cJSON_GetArrayItem(arr, i)->valuedouble, scores[i], "%s", json);
    cr_expect_not_null(strstr(json, "\"Total\":-9223372036854775808"), "%s", json);
    cJSON_Delete(back);
    free(json);
}

/* ---- JSON in ------------------------------------------------------------- */

static int from_json(const char *text, resp *out, docbind_error *err)
{
    memset(out, 0, sizeof *out);
    return docbind_codec_from_json(&resp_desc, text, strlen(text), out, err);
}

Test(from_json, values_presence_and_nulls)
{
    resp x;
    docbind_error err = DOCBIND_ERROR_INIT;
    const char *text = "{\"RequestId\":\"r-1\",\"Items\":[{\"Body\":\"b\",\"Size\":0},null],"
                       "\"Total\":0,\"Ok\":false,\"Price\":null,\"Color\":\"Green\","
                       "\"Extra\":{\"a\":[1,\"x\"]},\"Names\":[\"a\",null],\"Unknown\":{\"x\":1},"
                       "\"Tree\":{\"Name\":\"root\",\"Child\":{\"Name\":\"leaf\"}}}";
    cr_assert_eq(from_json(text, &x, &err), 0, "%s", err.message);
    cr_expect_str_eq(x.request_id, "r-1");
    cr_assert_eq(x.items_count, 2);
    cr_expect_str_eq(x.items[0].body, "b");
    cr_expect(x.items[0].has_size);
    cr_expect_eq(x.items[0].size, 0);
    cr_expect_null(x.items[1].body, "a null item is an all-absent struct");
    cr_expect(x.has_total && x.total == 0, "0 is a value");
    cr_expect(x.has_ok && !x.ok, "false is a value");
    cr_expect(!x.has_price, "null means absent");
    cr_expect_eq(x.color, COLOR_GREEN);
    cr_expect_null(x.color_raw);
    cr_expect(json_equal_text(x.extra, "{\"a\":[1,\"x\"]}"));
    cr_expect_str_eq(x.tree->child->name, "leaf");
    cr_assert_eq(x.names_count, 2);
    cr_expect_null(x.names[1]);
    docbind_codec_free(&resp_desc, &x);
    cr_expect_null(x.items, "free resets to all-zero");
    docbind_codec_free(&resp_desc, &x); /* twice is fine */
    docbind_codec_free(&resp_desc, NULL);
}

Test(from_json, unknown_enum_strings_keep_their_raw_value)
{
    resp x;
    cr_assert_eq(from_json("{\"Color\":\"Ultraviolet\"}", &x, NULL), 0);
    cr_expect(x.has_color);
    cr_expect_eq(x.color, COLOR_UNKNOWN);
    cr_expect_str_eq(x.color_raw, "Ultraviolet");
    char *json = to_json(&resp_desc, &x);
    cr_expect_str_eq(json, "{\"Color\":\"Ultraviolet\"}", "an unknown value goes back out as is");
    free(json);
    docbind_codec_free(&resp_desc, &x);
}

static void expect_parse_error(const char *text, const char *path)
{
    resp x;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(from_json(text, &x, &err), -1, "accepted %s", text);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE, "%s", err.message);
    if (path)
        cr_expect_str_eq(err.param_path ? err.param_path : "(none)", path, "%s: %s", text,
                         err.message);
    cr_expect_null(x.items, "a failed parse leaves nothing allocated");
    cr_expect_null(x.request_id);
    docbind_error_clear(&err);
}

Test(from_json, wrong_types_are_errors_with_paths)
{
    expect_parse_error("{\"RequestId\":5}", "RequestId");
    expect_parse_error("{\"Total\":\"5\"}", "Total");
    expect_parse_error("{\"Total\":1.5}", "Total");
    expect_parse_error("{\"Ok\":1}", "Ok");
    expect_parse_error("{\"Items\":{}}", "Items");
    expect_parse_error("{\"Items\":[{\"Body\":\"a\"},{\"Body\":[]}]}", "Items[1].Body");
    expect_parse_error("{\"Items\":[{\"Body\":\"a\"},7]}", "Items[1]");
    expect_parse_error("{\"Scores\":[1,null]}", "Scores[1]");
    expect_parse_error("{\"Color\":3}", "Color");
    expect_parse_error("[]", NULL);
    expect_parse_error("\"x\"", NULL);
}

Test(from_json, huge_numbers_are_errors_not_rounding)
{
    expect_parse_error("{\"Total\":9007199254740993}", "Total");
    expect_parse_error("{\"Total\":1e300}", "Total");
    expect_parse_error("{\"Price\":1e999}", "Price");
    expect_parse_error("{\"Total\":-1e999}", "Total");
    resp x;
    expect_parse_error("{\"Total\":9007199254740992}", "Total");
    expect_parse_error("{\"Total\":-9007199254740992}", "Total");
    cr_assert_eq(from_json("{\"Total\":9007199254740991,\"Price\":1e308}", &x, NULL), 0);
    cr_expect_eq(x.total, INT64_C(9007199254740991));
    docbind_codec_free(&resp_desc, &x);
}

Test(from_json, truncated_and_trailing_garbage)
{
    const char *full = "{\"RequestId\":\"r\",\"Items\":[{\"Body\":\"b\"}],\"Total\":3}";
    size_t n = strlen(full);
    for (size_t cut = 0; cut < n; cut++) {
        resp x = {0};
        docbind_error err = DOCBIND_ERROR_INIT;
        cr_expect_eq(docbind_codec_from_json(&resp_desc, full, cut, &x, &err), -1, "cut %zu", cut);
        cr_expect_null(x.items);
        docbind_error_clear(&err);
    }
    expect_parse_error("{\"Total\":3} {", NULL);
    resp x = {0};
    const char with_nul[] = "{\"Total\":3}\0";
    cr_expect_eq(docbind_codec_from_json(&resp_desc, with_nul, sizeof with_nul - 1, &x, NULL), -1,
                 "a NUL after the value is not whitespace");
}

Test(from_json, deep_nesting)
{
    /* 200 levels of Tree.Child: beyond the codec's depth limit. */
    size_t levels = 200;
    char *text = malloc(levels * 20 + 64);
    strcpy(text, "{\"Tree\":");
    for (size_t i = 0; i < levels; i++)
        strcat(text, "{\"Child\":");
    strcat(text, "null");
    for (size_t i = 0; i < levels; i++)
        strcat(text, "}");
    strcat(text, "}");
    expect_parse_error(text, NULL);
    free(text);
    /* Raw JSON nested past cJSON's own limit is refused by the parser. */
    size_t deep = 5000;
    char *raw = malloc(deep * 2 + 32);
    strcpy(raw, "{\"Extra\":");
    size_t at = strlen(raw);
    for (size_t i = 0; i < deep; i++)
        raw[at++] = '[';
    for (size_t i = 0; i < deep; i++)
        raw[at++] = ']';
    raw[at++] = '}';
    raw[at] = '\0';
    expect_parse_error(raw, NULL);
    free(raw);
}

/* ---- Query flattening ---------------------------------------------------- */

static void expect_pairs(const docbind_wire_pair *p, size_t n, const char *const *want)
{
    size_t k = 0;
    for (; want[2 * k]; k++) {
        cr_assert_lt(k, n, "missing pair %s", want[2 * k]);
        cr_expect_str_eq(p[k].name, want[2 * k]);
        cr_expect_str_eq(p[k].value, want[2 * k + 1], "value of %s", p[k].name);
    }
    cr_expect_eq(k, n, "pair count");
}

static void free_pairs(docbind_wire_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
    free(p);
}

Test(to_query, zero_based_tencent_style)
{
    req r = valid_req();
    r.has_flag = true;
    r.flag = true;
    r.config = "{\"a\":{\"b\":[\"x\",2.5]},\"n\":null}";
    docbind_wire_pair *p = NULL;
    size_t n = 0, cap = 0;
    cr_assert_eq(docbind_codec_to_query(&req_desc, &r, 0, &p, &n, &cap, NULL), 0);
    const char *want[] = {"Id", "i-1", "Message.0.Body", "hello", "Message.0.Key", "k1",
                          "Message.0.Size", "3", "Message.1.Body", "ab", "Flag", "true",
                          "Config.a.b.0", "x", "Config.a.b.1", "2.5", NULL};
    expect_pairs(p, n, want);
    free_pairs(p, n);
}

Test(to_query, one_based_alibaba_style)
{
    req r = valid_req();
    const char *tags[] = {"Red", "Green"};
    r.tags = tags;
    r.tags_count = 2;
    docbind_wire_pair *p = NULL;
    size_t n = 0, cap = 0;
    cr_assert_eq(docbind_codec_to_query(&req_desc, &r, 1, &p, &n, &cap, NULL), 0);
    const char *want[] = {"Id", "i-1", "Message.1.Body", "hello", "Message.1.Key", "k1",
                          "Message.1.Size", "3", "Message.2.Body", "ab", "Tags.1", "Red",
                          "Tags.2", "Green", NULL};
    expect_pairs(p, n, want);
    free_pairs(p, n);
}

/* ---- Wire forms ---------------------------------------------------------- */

static const char *header(const docbind_wire *w, const char *name)
{
    for (size_t i = 0; i < w->header_count; i++)
        if (!strcmp(w->headers[i].name, name))
            return w->headers[i].value;
    return NULL;
}

Test(encode, tencent_rpc_json)
{
    docbind_action_desc a = action(&tencent, "POST", "/");
    req r = valid_req();
    r.token = "t0k";
    r.filter = "f";
    docbind_wire w = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    /* The path parameter has no {Id} in "/": it is not sent. */
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, &err), 0, "%s", err.message);
    cr_expect_str_eq(w.method, "POST");
    cr_expect_str_eq(w.path, "/");
    cr_expect_str_eq(w.content_type, "application/json");
    cr_expect(json_equal_text(w.body, "{\"Message\":[{\"Body\":\"hello\",\"Key\":\"k1\",\"Size\":3},"
                                      "{\"Body\":\"ab\"}]}"),
              "%s", w.body);
    cr_expect_str_eq(header(&w, "X-TC-Action"), "Send");
    cr_expect_str_eq(header(&w, "X-TC-Version"), "2020-01-01");
    cr_expect_str_eq(header(&w, "X-Token"), "t0k");
    cr_assert_eq(w.query_count, 1);
    cr_expect_str_eq(w.query[0].name, "filter");
    docbind_wire_free(&w);
    docbind_wire_free(&w);
}

Test(encode, validation_comes_first)
{
    docbind_action_desc a = action(&tencent, "POST", "/");
    req r = valid_req();
    r.message_count = 0;
    docbind_wire w = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, &err), -1);
    cr_expect_str_eq(err.rule, "min_items");
    cr_expect_null(w.body);
    docbind_error_clear(&err);
}

Test(encode, tencent_v2_get_flattens_into_the_query)
{
    docbind_action_desc a = action(&tencent_v2, "GET", "/v2/index.php");
    req r = valid_req();
    docbind_wire w = DOCBIND_WIRE_INIT;
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, NULL), 0);
    cr_expect_null(w.body);
    const char *want[] = {"Action", "Send", "Message.0.Body", "hello", "Message.0.Key", "k1",
                          "Message.0.Size", "3", "Message.1.Body", "ab", NULL};
    expect_pairs(w.query, w.query_count, want);
    docbind_wire_free(&w);
}

Test(encode, aliyun_post_is_a_form_body)
{
    docbind_action_desc a = action(&aliyun, "POST", "/");
    req r = valid_req();
    item odd[] = {{"a b&c", NULL, false, 0}};
    r.message = odd;
    r.message_count = 1;
    r.filter = "q=1";
    docbind_wire w = DOCBIND_WIRE_INIT;
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, NULL), 0);
    cr_expect_str_eq(w.content_type, "application/x-www-form-urlencoded");
    cr_expect_str_eq(w.body, "Message.1.Body=a%20b%26c");
    const char *want[] = {"Action", "Send", "Version", "2020-01-01", "filter", "q=1", NULL};
    expect_pairs(w.query, w.query_count, want);
    docbind_wire_free(&w);
}

Test(encode, huawei_rest_split)
{
    docbind_action_desc a = action(&huawei, "POST", "/v2/{Id}/messages");
    req r = valid_req();
    r.token = "abc";
    int64_t ids[] = {7, 8};
    r.ids = ids;
    r.ids_count = 2;
    docbind_wire w = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, &err), 0, "%s", err.message);
    cr_expect_str_eq(w.path, "/v2/i-1/messages");
    cr_expect_str_eq(header(&w, "X-Token"), "abc");
    cr_expect_null(header(&w, "X-TC-Action"));
    const char *want[] = {"ids", "7", "ids", "8", NULL};
    expect_pairs(w.query, w.query_count, want);
    cr_expect(json_equal_text(w.body, "{\"Message\":[{\"Body\":\"hello\",\"Key\":\"k1\",\"Size\":3},"
                                      "{\"Body\":\"ab\"}]}"));

    /* A path value that would change the path is refused. */
    r.id = "../admin";
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, &err), -1);
    cr_expect_str_eq(err.rule, "path_segment");
    cr_expect_str_eq(err.param_path, "Id");
    cr_expect_null(w.path);
    r.id = "x";
    r.token = "a\r\nX-Evil: 1";
    cr_assert_eq(docbind_codec_encode(&a, &r, &w, &err), -1);
    cr_expect_str_eq(err.rule, "header_value");
    docbind_error_clear(&err);
    docbind_wire_free(&w);
}

/* ---- Responses ----------------------------------------------------------- */

static int parse(const docbind_service_desc *svc, long status, const char *body, resp *out,
                 docbind_error *err)
{
    docbind_action_desc a = action(svc, "POST", "/");
    return docbind_codec_parse_response(&a, status, "hdr-id", body, strlen(body), out, err);
}

Test(response, tencent_success)
{
    resp x = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(parse(&tencent, 200, "{\"Response\":{\"RequestId\":\"r-9\",\"Total\":4}}", &x, &err),
                 0, "%s", err.message);
    cr_expect_str_eq(x.request_id, "r-9");
    cr_expect_eq(x.total, 4);
    /* Parsing into a used response frees what it held. */
    cr_assert_eq(parse(&tencent, 200, "{\"Response\":{\"Names\":[\"a\"]}}", &x, &err), 0);
    cr_expect_null(x.request_id);
    cr_expect_eq(x.names_count, 1);
    docbind_codec_free(&resp_desc, &x);
}

Test(response, tencent_error_envelope_maps_the_code)
{
    resp x = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    const char *body = "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\","
                       "\"Message\":\"bad\"},\"RequestId\":\"r-1\"}}";
    cr_assert_eq(parse(&tencent, 200, body, &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_expect_str_eq(err.code, "AuthFailure.SignatureFailure");
    cr_expect_eq(err.service_code, 1);
    cr_expect_str_eq(err.message, "bad");
    cr_expect_str_eq(err.request_id, "r-1");
    cr_expect_eq(err.http_status, 200);
    cr_expect_not_null(err.body);
    body = "{\"Response\":{\"Error\":{\"Code\":\"Brand.New\",\"Message\":\"m\"},\"RequestId\":\"r\"}}";
    cr_assert_eq(parse(&tencent, 200, body, &x, &err), -1);
    cr_expect_eq(err.service_code, -1, "an undocumented code");
    cr_assert_eq(parse(&tencent, 500, "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation\"}}}",
                       &x, &err), -1);
    cr_expect_eq(err.service_code, 0);
    cr_expect_eq(err.http_status, 500);
    docbind_error_clear(&err);
}

Test(response, tencent_shape_errors)
{
    resp x = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(parse(&tencent, 200, "{\"Result\":{}}", &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_eq(parse(&tencent, 200, "{\"Response\":{\"Total\":\"x\"}}", &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_expect_str_eq(err.param_path, "Total");
    cr_expect_eq(err.http_status, 200);
    cr_expect_not_null(err.body, "the body is kept");
    cr_assert_eq(parse(&tencent, 200, "{\"Response\":", &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_assert_eq(parse(&tencent, 200, "", &x, &err), -1);
    docbind_error_clear(&err);
}

Test(response, tencent_v2_code)
{
    resp x = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(parse(&tencent_v2, 200, "{\"code\":0,\"message\":\"ok\",\"codeDesc\":\"Success\","
                                         "\"Total\":2}", &x, &err), 0, "%s", err.message);
    cr_expect_eq(x.total, 2);
    cr_assert_eq(parse(&tencent_v2, 200, "{\"code\":4000,\"message\":\"no\","
                                         "\"codeDesc\":\"FailedOperation\"}", &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_expect_str_eq(err.code, "FailedOperation");
    cr_expect_eq(err.service_code, 0);
    cr_expect_str_eq(err.message, "no");
    cr_expect_str_eq(err.request_id, "hdr-id");
    cr_assert_eq(parse(&tencent_v2, 200, "{\"code\":4100}", &x, &err), -1);
    cr_expect_str_eq(err.code, "4100");
    cr_assert_eq(parse(&tencent_v2, 200, "{\"code\":\"x\"}", &x, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE);
    docbind_codec_free(&resp_desc, &x);
    docbind_error_clear(&err);
}

Test(response, huawei_and_aliyun)
{
    resp x = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(parse(&huawei, 200, "{\"Total\":1}", &x, &err), 0);
    cr_expect_eq(x.total, 1);
    cr_assert_eq(parse(&huawei, 400, "{\"error_code\":\"DMS.1\",\"error_msg\":\"m\"}", &x, &err),
                 -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_SERVICE);
    cr_expect_str_eq(err.code, "DMS.1");
    cr_expect_eq(err.service_code, -1);
    cr_expect_null(x.request_id);
    cr_assert_eq(parse(&aliyun, 400, "{\"Code\":\"FailedOperation\",\"Message\":\"m\","
                                     "\"RequestId\":\"r\"}", &x, &err), -1);
    cr_expect_eq(err.service_code, 0);
    cr_expect_str_eq(err.request_id, "r");
    docbind_action_desc a = action(&huawei, "DELETE", "/");
    cr_assert_eq(docbind_codec_parse_response(&a, 204, NULL, NULL, 0, &x, &err), 0,
                 "an empty success body");
    docbind_codec_free(&resp_desc, &x);
    docbind_error_clear(&err);
}

Test(response, hostile_bodies_never_crash)
{
    const char *bodies[] = {
        "{\"Response\":{\"Items\":[{\"Body\":1}]}}",
        "{\"Response\":{\"Items\":[[[[[[]]]]]]}}",
        "{\"Response\":{\"Tree\":{\"Child\":{\"Child\":{\"Name\":{}}}}}}",
        "{\"Response\":{\"Total\":1e400}}",
        "{\"Response\":{\"Total\":-0.5}}",
        "{\"Response\":{\"Names\":\"a\"}}",
        "{\"Response\":{\"Extra\":null,\"Items\":null,\"Tree\":null}}",
        "{\"Response\":null}",
        "{\"Response\":[]}",
        "{\"Response\":{\"Error\":7}}",
        "{\"Response\":{\"Error\":{\"Code\":[1]}}}",
        "\xff\xfe",
        "nul\0l",
        "{\"Response\":{\"RequestId\":\"\\ud800\"}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        resp x = {0};
        docbind_error err = DOCBIND_ERROR_INIT;
        parse(&tencent, 200, bodies[i], &x, &err);
        docbind_codec_free(&resp_desc, &x);
        docbind_error_clear(&err);
    }
}

/* ---- Lookups ------------------------------------------------------------- */

Test(lookup, enums_and_errors)
{
    cr_expect_str_eq(docbind_enum_to_string(&color_desc, COLOR_GREEN), "Green");
    cr_expect_null(docbind_enum_to_string(&color_desc, 0));
    cr_expect_null(docbind_enum_to_string(&color_desc, 3));
    cr_expect_eq(docbind_enum_from_string(&color_desc, "Red"), COLOR_RED);
    cr_expect_eq(docbind_enum_from_string(&color_desc, "red"), 0);
    cr_expect_eq(docbind_service_error_index(&tencent, "FailedOperation"), 0);
    cr_expect_eq(docbind_service_error_index(&tencent, "Nope"), -1);
}

Test(encode, form_encoding_for_signature_v1)
{
    /* A Tencent API 3.0 action in its form encoding: Action and Version, then
     * flattened members from 0; POST puts them in a form body. */
    docbind_action_desc a = action(&tencent, "POST", "/");
    req r = valid_req();
    docbind_wire w = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_encode_form(&a, &r, &w, &err), 0, "%s", err.message);
    cr_expect_null(header(&w, "X-TC-Action"));
    cr_expect_str_eq(w.content_type, "application/x-www-form-urlencoded");
    const char *want[] = {"Action", "Send", "Version", "2020-01-01", NULL};
    expect_pairs(w.query, w.query_count, want);
    cr_expect_str_eq(w.body, "Message.0.Body=hello&Message.0.Key=k1&Message.0.Size=3&"
                             "Message.1.Body=ab");
    /* GET: everything in the query. */
    docbind_action_desc g = action(&tencent, "GET", "/");
    cr_assert_eq(docbind_codec_encode_form(&g, &r, &w, &err), 0);
    cr_expect_null(w.body);
    cr_expect_eq(w.query_count, 6);
    /* REST services have no form encoding. */
    docbind_action_desc h = action(&huawei, "POST", "/v2/{Id}");
    cr_expect_eq(docbind_codec_encode_form(&h, &r, &w, &err), -1);
    cr_expect_eq(err.kind, DOCBIND_ERROR_INTERNAL);
    docbind_wire_free(&w);
    docbind_error_clear(&err);
}

/* ---- Query in ------------------------------------------------------------ */

Test(from_query, inverse_of_to_query)
{
    req r = valid_req();
    r.has_limit = true;
    r.limit = -3;
    r.has_ratio = true;
    r.ratio = 0.25;
    r.has_flag = true;
    r.flag = false;
    r.has_color = true;
    r.color = COLOR_UNKNOWN;
    r.color_raw = "Teal";
    const char *tags[] = {"Red", "Green"};
    r.tags = tags;
    r.tags_count = 2;
    for (unsigned base = 0; base <= 1; base++) {
        docbind_wire_pair *p = NULL;
        size_t n = 0, cap = 0;
        cr_assert_eq(docbind_codec_to_query(&req_desc, &r, base, &p, &n, &cap, NULL), 0);
        req back = {0};
        docbind_error err = DOCBIND_ERROR_INIT;
        cr_assert_eq(docbind_codec_from_query(&req_desc, p, n, base, &back, &err), 0, "%s",
                     err.message);
        char *a = to_json(&req_desc, &r), *b = to_json(&req_desc, &back);
        cr_expect_str_eq(b, a);
        free(a);
        free(b);
        docbind_codec_free(&req_desc, &back);
        free_pairs(p, n);
    }
}

static void expect_query_error(const docbind_wire_pair *p, size_t n, const char *path)
{
    req back = {0};
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_codec_from_query(&req_desc, p, n, 0, &back, &err), -1, "accepted %s=%s",
                 p[n - 1].name, p[n - 1].value);
    cr_expect_eq(err.kind, DOCBIND_ERROR_PARSE);
    cr_expect_str_eq(err.param_path ? err.param_path : "(none)", path, "%s", err.message);
    cr_expect_null(back.message, "nothing left allocated");
    docbind_error_clear(&err);
}

Test(from_query, bad_values_and_indexes)
{
    docbind_wire_pair ok[] = {{"Message.0.Body", "a"}};
    docbind_wire_pair p1[] = {{"Message.0.Body", "a"}, {"Limit", "12x"}};
    expect_query_error(p1, 2, "Limit");
    docbind_wire_pair p2[] = {{"Message.0.Body", "a"}, {"Message.0.Size", "1.5"}};
    expect_query_error(p2, 2, "Message[0].Size");
    docbind_wire_pair p3[] = {{"Message.0.Body", "a"}, {"Message.999999999.Body", "x"}};
    expect_query_error(p3, 2, "Message[999999999]");
    docbind_wire_pair p4[] = {{"Message.0.Body", "a"}, {"Message.x.Body", "x"}};
    expect_query_error(p4, 2, "Message");
    docbind_wire_pair p5[] = {{"Message.0.Body", "a"}, {"Flag", "yes"}};
    expect_query_error(p5, 2, "Flag");
    docbind_wire_pair p6[] = {{"Message.0.Body", "a"}, {"Message.0.Body", "b"}};
    expect_query_error(p6, 2, "Message[0].Body");
    docbind_wire_pair p7[] = {{"Message.0.Body", "a"}, {"Message.0", "b"}};
    expect_query_error(p7, 2, "Message[0]");
    docbind_wire_pair p8[] = {{"Message.0.Body", "a"}, {"Config.a", "b"}};
    expect_query_error(p8, 2, "Config");
    /* Unknown names are ignored. */
    docbind_wire_pair p9[] = {{"Message.0.Body", "a"}, {"Nonce", "1"}, {"Message.1.Body", "b"}};
    req back = {0};
    cr_assert_eq(docbind_codec_from_query(&req_desc, p9, 3, 0, &back, NULL), 0);
    cr_expect_eq(back.message_count, 2);
    docbind_codec_free(&req_desc, &back);
    cr_assert_eq(docbind_codec_from_query(&req_desc, ok, 1, 0, &back, NULL), 0);
    docbind_codec_free(&req_desc, &back);
}
