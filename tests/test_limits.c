/* Limits read from prose: what is enforced, what stays a hint. */
#include <criterion/criterion.h>
#include <string.h>

#include "limits.h"

static limit_extractor *lx;
static arena mem;

static void setup(void)
{
    lx = limit_extractor_new();
    mem = (arena)ARENA_INIT;
}

static void teardown(void)
{
    limit_extractor_free(lx);
    arena_free(&mem);
}

TestSuite(limits, .init = setup, .fini = teardown);

static ir_param param(const char *desc, ir_type type, bool array)
{
    ir_param p = {0};
    p.name = "P";
    p.description = desc;
    p.type = type;
    p.array = array;
    limit_extract(lx, &mem, &p);
    return p;
}

static ir_limit *must(ir_param *p, ir_limit_kind k)
{
    ir_limit *l = ir_find_limit(p, k);
    cr_assert_not_null(l, "no %s limit in '%s'", ir_limit_kind_name(k), p->description);
    return l;
}

Test(limits, max_items_on_arrays_only)
{
    ir_param p = param("发送消息内容(单次请求最多500条)", IR_TYPE_OBJECT, true);
    ir_limit *l = must(&p, IR_LIMIT_MAX_ITEMS);
    cr_assert_eq(l->number, 500);
    cr_assert(l->enforce);
    cr_assert_str_eq(l->source, "发送消息内容(单次请求最多500条)");
    ir_param s = param("单次请求最多500条", IR_TYPE_STRING, false);
    cr_assert_not(must(&s, IR_LIMIT_MAX_ITEMS)->enforce, "an item count on a scalar is a hint");
    ir_param en = param("Content of the message. Up to 500 messages can be sent in a single request.",
                        IR_TYPE_OBJECT, true);
    cr_assert_eq(must(&en, IR_LIMIT_MAX_ITEMS)->number, 500);
}

Test(limits, numeric_bounds)
{
    ir_param p = param("本次返回结果的最大个数，默认为50，最大值为50", IR_TYPE_INTEGER, false);
    ir_limit *max = must(&p, IR_LIMIT_MAXIMUM);
    cr_assert_eq(max->number, 50);
    cr_assert(max->enforce);
    ir_limit *def = must(&p, IR_LIMIT_DEFAULT);
    cr_assert_str_eq(def->text, "50");
    cr_assert_not(def->enforce, "defaults are never enforced");
    ir_param gt = param("Partition 个数，大于0。", IR_TYPE_INTEGER, false);
    ir_limit *x = must(&gt, IR_LIMIT_EXCLUSIVE_MINIMUM);
    cr_assert(x->enforce);
    cr_assert_eq(x->number, 0);
    ir_param m3 = param("副本个数，不能多于 broker 数，最大为3。", IR_TYPE_INTEGER, false);
    cr_assert_eq(must(&m3, IR_LIMIT_MAXIMUM)->number, 3);
    ir_param range = param("取值范围：1~100", IR_TYPE_INTEGER, false);
    cr_assert_eq(must(&range, IR_LIMIT_MINIMUM)->number, 1);
    cr_assert_eq(must(&range, IR_LIMIT_MAXIMUM)->number, 100);
}

Test(limits, units_and_currently_stay_hints)
{
    ir_param p = param("消息保留时间，单位ms，当前最小值为60000ms", IR_TYPE_INTEGER, false);
    ir_limit *min = must(&p, IR_LIMIT_MINIMUM);
    cr_assert_eq(min->number, 60000);
    cr_assert_not(min->enforce);
    ir_param b = param("主题消息最大值，最大值为12582912Byte（即12MB）", IR_TYPE_INTEGER, false);
    cr_assert_not(must(&b, IR_LIMIT_MAXIMUM)->enforce);
    ir_param s = param("最大值为50", IR_TYPE_STRING, false);
    cr_assert_not(must(&s, IR_LIMIT_MAXIMUM)->enforce, "a numeric bound on a string is a hint");
    ir_param bytes = param("实例名称长度不超过64字节。", IR_TYPE_STRING, false);
    ir_limit *bl = must(&bytes, IR_LIMIT_MAX_LENGTH);
    cr_assert_not(bl->enforce, "bytes are not characters");
    cr_assert_null(ir_find_limit(&bytes, IR_LIMIT_MAX_ITEMS));
}

Test(limits, lengths_and_patterns)
{
    ir_param p = param("主题备注，是一个不超过 64 个字符的字符串，必须以字母为首字符，剩余部分可以包含字母、数字和横划线(-)",
                       IR_TYPE_STRING, false);
    ir_limit *len = must(&p, IR_LIMIT_MAX_LENGTH);
    cr_assert_eq(len->number, 64);
    cr_assert(len->enforce);
    ir_limit *pat = must(&p, IR_LIMIT_PATTERN);
    cr_assert_str_eq(pat->text, "^[A-Za-z]", "only the certain part of the rule is enforced");
    cr_assert(pat->enforce);
    ir_param en = param("The name cannot exceed 128 characters.", IR_TYPE_STRING, false);
    cr_assert_eq(must(&en, IR_LIMIT_MAX_LENGTH)->number, 128);
}

Test(limits, enumerations)
{
    ir_param p = param("Acl操作方式，枚举值(所有操作: All, 读：Read，写：Write)", IR_TYPE_STRING, false);
    ir_limit *e = must(&p, IR_LIMIT_ENUM);
    cr_assert_eq(e->n_values, 3);
    cr_assert_str_eq(e->values[1].value, "Read");
    cr_assert_str_eq(e->values[1].label, "读");
    cr_assert(e->enforce);
    ir_param q = param("权限类型，(Deny，Allow)", IR_TYPE_STRING, false);
    ir_limit *f = must(&q, IR_LIMIT_ENUM);
    cr_assert_eq(f->n_values, 2);
    cr_assert_str_eq(f->values[0].value, "Deny");
    cr_assert_null(f->values[0].label);
    ir_param list = param("ACL规则匹配类型，目前支持前缀匹配与预设策略，枚举值列表：PREFIXED/PRESET",
                          IR_TYPE_STRING, false);
    ir_limit *g = must(&list, IR_LIMIT_ENUM);
    cr_assert_eq(g->n_values, 2);
    cr_assert_not(g->enforce, "'目前支持' lists what is supported today: a hint");
    ir_param i = param("权限类型(0:UNKNOWN，1:ANY，2:DENY，3:ALLOW)", IR_TYPE_INTEGER, false);
    ir_limit *h = ir_find_limit(&i, IR_LIMIT_ENUM);
    cr_assert(!h || !h->enforce, "integer codes with labels are not string enums");
}

Test(limits, nothing_from_plain_prose)
{
    ir_param p = param("DataHub接入ID", IR_TYPE_STRING, false);
    cr_assert_eq(p.n_limits, 0);
    ir_param n = param("", IR_TYPE_STRING, false);
    cr_assert_eq(n.n_limits, 0);
    ir_param big = param("大于0的数都行吗？不，是大于 100。", IR_TYPE_INTEGER, false);
    (void)big; /* must not crash; what it yields is a hint at most */
}

Test(limits, set_and_remove)
{
    ir_param p = param("最大值为50", IR_TYPE_INTEGER, false);
    ir_limit *l = ir_param_set_limit(&mem, &p, IR_LIMIT_MAXIMUM);
    l->number = 10;
    cr_assert_eq(p.n_limits, 1);
    cr_assert_eq(must(&p, IR_LIMIT_MAXIMUM)->number, 10);
    ir_param_remove_limit(&p, IR_LIMIT_MAXIMUM);
    cr_assert_eq(p.n_limits, 0);
}
