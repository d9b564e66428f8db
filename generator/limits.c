#include "limits.h"

#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "strbuf.h"

typedef enum rule_action {
    RULE_NUMBER, /* group 1 is a number for `kind` */
    RULE_RANGE,  /* groups 1 and 2: minimum and maximum */
    RULE_ENUM,   /* group 1: a list of values, possibly "label: Value" */
    RULE_PATTERN_LETTER_FIRST,
    RULE_DEFAULT, /* group 1: the default as written */
    RULE_EXCLUSIVE_ZERO,
} rule_action;

/* When the rule's limit may be enforced, given the parameter's type. */
typedef enum rule_fit {
    FIT_ARRAY,   /* only on arrays */
    FIT_NUMERIC, /* only on integer/number/float/double scalars */
    FIT_STRING,  /* only on string scalars */
    FIT_ANY,
    FIT_NEVER, /* always a hint */
} rule_fit;

typedef struct limit_rule {
    const char *pattern;
    ir_limit_kind kind;
    rule_action action;
    rule_fit fit;
} limit_rule;

static const limit_rule rules[] = {
    /* Item counts. */
    {"(?:单次请求|每次请求|单次)最多(?:支持)?(?:传入)?\\s*(\\d+)\\s*(?:条|个|项)", IR_LIMIT_MAX_ITEMS, RULE_NUMBER, FIT_ARRAY},
    {"(?i)up to (\\d+) (?:\\w+ ){0,2}(?:can|may) be (?:sent|specified|passed|queried|entered) in a single request", IR_LIMIT_MAX_ITEMS, RULE_NUMBER, FIT_ARRAY},
    {"(?i)(?:a )?maximum of (\\d+) (?:items|elements|entries|messages|values) (?:can|may|are)", IR_LIMIT_MAX_ITEMS, RULE_NUMBER, FIT_ARRAY},
    {"(?i)at most (\\d+) (?:items|elements|entries|messages|values) (?:can|may|are)", IR_LIMIT_MAX_ITEMS, RULE_NUMBER, FIT_ARRAY},
    {"数组(?:长度|个数|元素个数)(?:最大|不超过|不能超过)为?\\s*(\\d+)", IR_LIMIT_MAX_ITEMS, RULE_NUMBER, FIT_ARRAY},
    /* Lengths. Bytes are not characters: a byte count stays a hint. */
    {"(?:长度|大小)(?:最大|不超过|不能超过|上限为?)为?\\s*(\\d+)\\s*(?:个)?字节", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_NEVER},
    {"不(?:能)?超[过過]\\s*(\\d+)\\s*[个個]字[符元]", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    {"(?:长度|字符数)(?:最大|不超过|不能超过|上限为?)为?\\s*(\\d+)\\s*(?:个字符|字符|字节)?", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    {"最多\\s*(\\d+)\\s*个字符", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    {"(?i)(?:cannot|can ?not|must not|may not) exceed (\\d+) characters", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    {"(?i)up to (\\d+) characters", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    {"(?i)(?:maximum|max\\.?) length(?: is| of)?:? (\\d+)", IR_LIMIT_MAX_LENGTH, RULE_NUMBER, FIT_STRING},
    /* Numeric bounds. The plain wordings are enforceable; anything with a
     * unit or "currently" stays a hint through its fit. */
    {"取值范围[为是：:]?\\s*[\\[（(]?\\s*(-?\\d+)\\s*(?:[,，~]|到|-)\\s*(-?\\d+)\\s*[\\]）)]?(?![\\d.]|\\s*(?:KB|MB|GB|ms|s|秒|分钟|小时|天|%|Mbps|Byte|B))", IR_LIMIT_MAXIMUM, RULE_RANGE, FIT_NUMERIC},
    {"(?i)valid values:\\s*(-?\\d+)\\s*(?:to|-|~)\\s*(-?\\d+)(?!\\d|\\.\\d|\\s*(?:KB|MB|GB|ms|s|seconds|minutes|hours|days|%|Mbps|bytes|characters))", IR_LIMIT_MAXIMUM, RULE_RANGE, FIT_NUMERIC},
    {"(?<!默认)最大值为\\s*(\\d+)(?![\\d.]|\\s*(?:KB|MB|GB|ms|s|秒|分钟|小时|天|%|Mbps|Byte|B|个字符))", IR_LIMIT_MAXIMUM, RULE_NUMBER, FIT_NUMERIC},
    {"(?<![默认当前])最大为\\s*(\\d+)(?![\\d.]|\\s*(?:KB|MB|GB|ms|s|秒|分钟|小时|天|%|Mbps|Byte|B|个字符))", IR_LIMIT_MAXIMUM, RULE_NUMBER, FIT_NUMERIC},
    {"(?<![默认当前])最小值为\\s*(\\d+)(?![\\d.]|\\s*(?:KB|MB|GB|ms|s|秒|分钟|小时|天|%|Mbps|Byte|B|个字符))", IR_LIMIT_MINIMUM, RULE_NUMBER, FIT_NUMERIC},
    {"(?:当前)?最小值?为?\\s*(\\d+)\\s*(?:ms|s|Byte|B|KB|MB)", IR_LIMIT_MINIMUM, RULE_NUMBER, FIT_NEVER},
    {"(?:当前)?最大值?为?\\s*(\\d+)\\s*(?:ms|s|Byte|B|KB|MB)", IR_LIMIT_MAXIMUM, RULE_NUMBER, FIT_NEVER},
    {"(?<![\\w.])大于\\s*0(?!\\d|\\.\\d)", IR_LIMIT_EXCLUSIVE_MINIMUM, RULE_EXCLUSIVE_ZERO, FIT_NUMERIC},
    {"(?i)(?:must be )?greater than 0(?!\\d|\\.\\d)", IR_LIMIT_EXCLUSIVE_MINIMUM, RULE_EXCLUSIVE_ZERO, FIT_NUMERIC},
    {"(?i)(?:the )?maximum value is (\\d+)(?!\\d|\\.\\d)", IR_LIMIT_MAXIMUM, RULE_NUMBER, FIT_NUMERIC},
    {"(?i)(?:the )?minimum value is (\\d+)(?!\\d|\\.\\d)", IR_LIMIT_MINIMUM, RULE_NUMBER, FIT_NUMERIC},
    /* Enumerations. */
    {"枚举值(?:列表)?[：:]?\\s*[（(]([^()（）]{1,200})[)）]", IR_LIMIT_ENUM, RULE_ENUM, FIT_STRING},
    {"[，,]\\s*[（(]((?:[A-Za-z][A-Za-z0-9_]*\\s*[，,]\\s*)+[A-Za-z][A-Za-z0-9_]*)[)）]", IR_LIMIT_ENUM, RULE_ENUM, FIT_STRING},
    {"(?i)(?:currently, )?only ([A-Za-z_][A-Za-z0-9_-]*) is supported", IR_LIMIT_ENUM, RULE_ENUM, FIT_NEVER},
    {"(?:目前|当前)?仅支持\\s*([A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*)(?![A-Za-z0-9_.-])", IR_LIMIT_ENUM, RULE_ENUM, FIT_NEVER},
    {"(?i)valid values:\\s*([A-Za-z0-9_]+(?:\\s*,\\s*[A-Za-z0-9_]+)+)(?=\\s*[.;]|\\s*$)", IR_LIMIT_ENUM, RULE_ENUM, FIT_STRING},
    {"枚举值列表[：:]\\s*([A-Za-z][A-Za-z0-9_]*(?:\\s*[,，、/]\\s*[A-Za-z][A-Za-z0-9_]*)*)", IR_LIMIT_ENUM, RULE_ENUM, FIT_NEVER},
    /* Patterns. */
    {"必须以字母为?(?:首字符|开头)", IR_LIMIT_PATTERN, RULE_PATTERN_LETTER_FIRST, FIT_STRING},
    {"(?i)must (?:start|begin) with a letter", IR_LIMIT_PATTERN, RULE_PATTERN_LETTER_FIRST, FIT_STRING},
    /* Defaults: documentation, never enforced. */
    {"默认(?:值)?为\\s*[\"“]?([^，。,；;\"”\\s()（）]{1,40})[\"”]?", IR_LIMIT_DEFAULT, RULE_DEFAULT, FIT_NEVER},
    {"(?i)default(?: value)?(?: is|:)\\s*\"?([^\\s,.;\"]{1,40})\"?", IR_LIMIT_DEFAULT, RULE_DEFAULT, FIT_NEVER},
};

enum { RULE_COUNT = sizeof rules / sizeof rules[0] };

struct limit_extractor {
    rx *compiled[RULE_COUNT];
    rx *enum_item;
};

limit_extractor *limit_extractor_new(void)
{
    limit_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    for (size_t i = 0; i < RULE_COUNT; i++)
        x->compiled[i] = rx_must(rules[i].pattern);
    /* "所有操作: All" / "读：Read" / "Deny" */
    x->enum_item = rx_must("^\\s*(?:([^:：]{1,40})\\s*[:：]\\s*)?([A-Za-z0-9_][A-Za-z0-9_.\\-]*)\\s*$");
    return x;
}

void limit_extractor_free(limit_extractor *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < RULE_COUNT; i++)
        rx_free(x->compiled[i]);
    rx_free(x->enum_item);
    free(x);
}

ir_limit *ir_param_set_limit(arena *a, ir_param *p, ir_limit_kind kind)
{
    ir_limit *l = ir_find_limit(p, kind);
    if (!l)
        l = ARENA_PUSH(a, p->limits, p->n_limits, p->cap_limits);
    memset(l, 0, sizeof *l);
    l->kind = kind;
    return l;
}

void ir_param_remove_limit(ir_param *p, ir_limit_kind kind)
{
    for (size_t i = 0; i < p->n_limits; i++)
        if (p->limits[i].kind == kind) {
            memmove(&p->limits[i], &p->limits[i + 1], (p->n_limits - i - 1) * sizeof *p->limits);
            p->n_limits--;
            return;
        }
}

static bool fits(rule_fit fit, const ir_param *p)
{
    bool numeric = !p->array && (p->type == IR_TYPE_INTEGER || p->type == IR_TYPE_NUMBER ||
                                 p->type == IR_TYPE_FLOAT || p->type == IR_TYPE_DOUBLE);
    switch (fit) {
    case FIT_ARRAY: return p->array;
    case FIT_NUMERIC: return numeric;
    case FIT_STRING: return !p->array && p->type == IR_TYPE_STRING;
    case FIT_ANY: return true;
    default: return false;
    }
}

/* The sentence around [start, end): from the previous sentence end to the
 * next one. */
static char *sentence_around(arena *a, const char *s, size_t len, size_t start, size_t end)
{
    static const char *const stops[] = {"。", "；", ";", "\n"};
    size_t b = 0, e = len;
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        size_t sl = strlen(stops[i]);
        for (size_t j = start; j >= sl; j--)
            if (!memcmp(s + j - sl, stops[i], sl)) {
                if (j > b)
                    b = j;
                break;
            }
        for (size_t j = end; j + sl <= len; j++)
            if (!memcmp(s + j, stops[i], sl)) {
                if (j + sl < e)
                    e = j + sl;
                break;
            }
    }
    while (b < e && s[b] == ' ')
        b++;
    return arena_strndup(a, s + b, e - b);
}

static void add_enum_values(const limit_extractor *x, arena *a, ir_limit *l, const char *list,
                            size_t len)
{
    /* Items are separated by ASCII or full-width commas and 、. */
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len) {
            if (list[j] == ',' || list[j] == '/')
                break;
            if (len - j >= 3 && (!memcmp(list + j, "，", 3) || !memcmp(list + j, "、", 3)))
                break;
            j++;
        }
        rx_match m;
        if (j > i && rx_search(x->enum_item, list + i, j - i, 0, &m)) {
            ir_enum_value *v = ARENA_PUSH(a, l->values, l->n_values, l->cap_values);
            v->value = arena_strndup(a, list + i + m.start[2], rx_group_len(&m, 2));
            v->label = rx_group_len(&m, 1)
                           ? arena_strndup(a, list + i + m.start[1], rx_group_len(&m, 1))
                           : NULL;
        } else if (j > i) {
            l->enforce = false; /* an item we cannot read: keep the whole list as a hint */
        }
        if (j >= len)
            break;
        i = j + ((list[j] == ',' || list[j] == '/') ? 1 : 3);
    }
}

void limit_extract(const limit_extractor *x, arena *a, ir_param *p)
{
    const char *s = p->description;
    if (!s || !*s)
        return;
    size_t len = strlen(s);
    for (size_t r = 0; r < RULE_COUNT; r++) {
        const limit_rule *rule = &rules[r];
        rx_match m;
        if (!rx_search(x->compiled[r], s, len, 0, &m))
            continue;
        ir_limit_kind kind = rule->kind;
        if (rule->action == RULE_RANGE && (ir_find_limit(p, IR_LIMIT_MAXIMUM) ||
                                           ir_find_limit(p, IR_LIMIT_MINIMUM)))
            continue;
        if (rule->action != RULE_RANGE && ir_find_limit(p, kind))
            continue;
        bool enforce = fits(rule->fit, p);
        char *source = sentence_around(a, s, len, m.start[0], m.end[0]);
        if (rule->action == RULE_RANGE) {
            ir_limit *lo = ir_param_set_limit(a, p, IR_LIMIT_MINIMUM);
            lo->number = strtod(s + m.start[1], NULL);
            lo->enforce = enforce;
            lo->source = source;
            lo->line = p->line;
            ir_limit *hi = ir_param_set_limit(a, p, IR_LIMIT_MAXIMUM);
            hi->number = strtod(s + m.start[2], NULL);
            hi->enforce = enforce;
            hi->source = source;
            hi->line = p->line;
            continue;
        }
        ir_limit *l = ir_param_set_limit(a, p, kind);
        l->enforce = enforce;
        l->source = source;
        l->line = p->line;
        switch (rule->action) {
        case RULE_NUMBER:
            l->number = strtod(s + m.start[1], NULL);
            break;
        case RULE_EXCLUSIVE_ZERO:
            l->number = 0;
            break;
        case RULE_ENUM:
            add_enum_values(x, a, l, s + m.start[1], rx_group_len(&m, 1));
            if (l->n_values < 1) {
                ir_param_remove_limit(p, kind);
                continue;
            }
            break;
        case RULE_PATTERN_LETTER_FIRST:
            l->text = "^[A-Za-z]";
            break;
        case RULE_DEFAULT:
            l->text = arena_strndup(a, s + m.start[1], rx_group_len(&m, 1));
            break;
        default:
            break;
        }
    }
}
