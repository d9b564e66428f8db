/* Hostile responses through the generated parsers: every documented
 * response example truncated at every byte, every value in it replaced by
 * values of the wrong type, out-of-range numbers, deep nesting and huge
 * strings. Each must give an error or a consistent struct: never a crash,
 * never a leak (run under ASan and valgrind), and after an error the
 * response is back to all-zero. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "huawei_rocketmq/rocketmq.h"
#include "huawei_roma_mqs/roma_mqs.h"
#include "tencent_ckafka/ckafka.h"
#include "tencent_ckafka/ckafka_v2.h"
#include "test_support.h"

static const docbind_service_desc *const services[] = {
    &ckafka_service, &ckafka_v2_service, &rocketmq_service, &roma_mqs_service, &onsmqtt_service,
};

typedef struct sample {
    const docbind_action_desc *action;
    char *body;
} sample;

typedef struct samples {
    sample *items;
    size_t n;
    size_t legacy_refused;
} samples;

static bool parses(const docbind_action_desc *a, const char *body)
{
    void *resp = calloc(1, a->response->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_codec_parse_response(a, 200, NULL, body, strlen(body), resp, &err);
    docbind_codec_free(a->response, resp);
    free(resp);
    docbind_error_clear(&err);
    return rc == 0;
}

static void load_samples(samples *s)
{
    memset(s, 0, sizeof *s);
    glob_t g;
    cr_assert_eq(glob("generated/ir/*.json", 0, NULL, &g), 0);
    for (size_t f = 0; f < g.gl_pathc; f++) {
        char *text = test_read_file(g.gl_pathv[f], NULL);
        cJSON *ir = cJSON_Parse(text);
        free(text);
        const cJSON *svc, *a, *ex;
        cJSON_ArrayForEach(svc, cJSON_GetObjectItem(ir, "services"))
        {
            const docbind_service_desc *d = NULL;
            for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
                if (!strcmp(services[i]->id, cJSON_GetObjectItem(svc, "id")->valuestring))
                    d = services[i];
            cr_assert_not_null(d);
            cJSON_ArrayForEach(a, cJSON_GetObjectItem(svc, "actions"))
            {
                const docbind_action_desc *ad =
                    docbind_service_action(d, cJSON_GetObjectItem(a, "name")->valuestring);
                cr_assert_not_null(ad);
                cJSON_ArrayForEach(ex, cJSON_GetObjectItem(a, "examples"))
                {
                    const cJSON *r = cJSON_GetObjectItem(ex, "response");
                    if (!cJSON_IsString(r))
                        continue;
                    /* A legacy API 2.0 example that contradicts its own table
                     * (the fixtures name the rule) is no baseline to mutate. */
                    if (d->protocol == DOCBIND_PROTOCOL_TENCENT_V2 &&
                        !parses(ad, r->valuestring)) {
                        s->legacy_refused++;
                        continue;
                    }
                    s->items = realloc(s->items, (s->n + 1) * sizeof *s->items);
                    s->items[s->n++] = (sample){ad, strdup(r->valuestring)};
                }
            }
        }
        cJSON_Delete(ir);
    }
    globfree(&g);
    cr_assert_gt(s->n, 90);
    cr_assert_lt(s->legacy_refused, 10, "legacy examples refused: %zu", s->legacy_refused);
}

static void free_samples(samples *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].body);
    free(s->items);
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* Parses `body` as a response of `a`. Returns 0 or -1; checks the contract. */
static int try_parse(const docbind_action_desc *a, const char *body, size_t len)
{
    void *resp = calloc(1, a->response->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    int rc = docbind_codec_parse_response(a, 200, NULL, body, len, resp, &err);
    if (rc) {
        cr_expect(err.kind == DOCBIND_ERROR_PARSE || err.kind == DOCBIND_ERROR_SERVICE ||
                      err.kind == DOCBIND_ERROR_HTTP,
                  "%s: unexpected error kind %s", a->name, docbind_error_kind_name(err.kind));
        cr_expect(all_zero(resp, a->response->size), "%s: a failed parse left data behind",
                  a->name);
    } else {
        /* What was read can be written again. */
        docbind_buffer out = DOCBIND_BUFFER_INIT;
        cr_expect_eq(docbind_codec_to_json(a->response, resp, &out, &err), 0, "%s: %s", a->name,
                     err.message);
        docbind_buffer_free(&out);
    }
    docbind_codec_free(a->response, resp);
    free(resp);
    docbind_error_clear(&err);
    return rc;
}

Test(hostile, truncated_bodies)
{
    samples s;
    load_samples(&s);
    size_t accepted = 0, total = 0;
    for (size_t i = 0; i < s.n; i++) {
        size_t len = strlen(s.items[i].body);
        cr_assert_eq(try_parse(s.items[i].action, s.items[i].body, len), 0, "%s",
                     s.items[i].action->name);
        for (size_t cut = 0; cut < len; cut++) {
            total++;
            if (!try_parse(s.items[i].action, s.items[i].body, cut)) {
                /* An empty body is a success without content for Huawei and
                 * Alibaba (204-style); otherwise only whitespace may be cut
                 * off a valid document. */
                if (cut == 0 && s.items[i].action->service->protocol != DOCBIND_PROTOCOL_TENCENT)
                    continue;
                for (size_t k = cut; k < len; k++)
                    cr_assert(strchr(" \t\r\n", s.items[i].body[k]), "%s: a body cut at %zu of %zu "
                              "was accepted", s.items[i].action->name, cut, len);
                accepted++;
            }
        }
    }
    cr_log_info("%zu truncations, %zu accepted (whitespace only)", total, accepted);
    free_samples(&s);
}

/* Values of the wrong type, or out of range, for any position. */
static cJSON *replacement(int kind)
{
    switch (kind) {
    case 0: return cJSON_CreateString("wrong");
    case 1: return cJSON_CreateNumber(7);
    case 2: return cJSON_CreateRaw("1e400");
    case 3: return cJSON_CreateRaw("9007199254740993");
    case 4: return cJSON_CreateRaw("-0.5");
    case 5: return cJSON_CreateTrue();
    case 6: return cJSON_CreateNull();
    case 7: return cJSON_CreateArray();
    case 8: return cJSON_CreateObject();
    default: return cJSON_CreateRaw("[[[[[[[[[[[[[[[[{\"a\":[[[[[[[[[[]]]]]]]]]]}]]]]]]]]]]]]]]]");
    }
}
#define N_REPLACEMENTS 10

/* The k-th node of a pre-order walk and its parent. */
static cJSON *nth_node(cJSON *root, size_t k, cJSON **parent)
{
    size_t seen = 0;
    cJSON *stack[256], *parents[256];
    size_t top = 0;
    stack[top] = root;
    parents[top++] = NULL;
    while (top) {
        cJSON *n = stack[--top], *p = parents[top];
        if (seen++ == k) {
            *parent = p;
            return n;
        }
        /* Children pushed in reverse, so they come out in order. */
        size_t count = 0;
        for (cJSON *c = n->child; c; c = c->next)
            count++;
        cJSON **kids = calloc(count ? count : 1, sizeof *kids);
        size_t i = 0;
        for (cJSON *c = n->child; c; c = c->next)
            kids[i++] = c;
        while (i-- > 0 && top < 256) {
            stack[top] = kids[i];
            parents[top++] = n;
        }
        free(kids);
    }
    return NULL;
}

Test(hostile, every_value_of_the_wrong_type)
{
    samples s;
    load_samples(&s);
    size_t mutations = 0, rejected = 0;
    for (size_t i = 0; i < s.n; i++) {
        cJSON *doc = cJSON_Parse(s.items[i].body);
        cr_assert_not_null(doc);
        /* At most 120 positions per example keep the run short under valgrind. */
        for (size_t k = 1; k < 120; k++) {
            cJSON *probe_parent = NULL;
            if (!nth_node(doc, k, &probe_parent))
                break;
            for (int r = 0; r < N_REPLACEMENTS; r++) {
                cJSON *copy = cJSON_Duplicate(doc, 1);
                cJSON *parent = NULL, *node = nth_node(copy, k, &parent);
                cJSON_ReplaceItemViaPointer(parent, node, replacement(r));
                char *text = cJSON_PrintUnformatted(copy);
                mutations++;
                rejected += try_parse(s.items[i].action, text, strlen(text)) != 0;
                cJSON_free(text);
                cJSON_Delete(copy);
            }
        }
        cJSON_Delete(doc);
    }
    cr_log_info("%zu mutations, %zu rejected", mutations, rejected);
    cr_expect_gt(rejected, mutations / 10);
    free_samples(&s);
}

Test(hostile, deep_nesting_and_huge_values)
{
    const docbind_action_desc *a = &ckafka_describe_instance_attributes_action;
    /* 100000 nested arrays as the value of a known member. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    size_t at = (size_t)sprintf(deep, "{\"Response\":{\"Result\":");
    for (size_t i = 0; i < depth; i++)
        deep[at++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[at++] = ']';
    at += (size_t)sprintf(deep + at, "}}");
    cr_expect_eq(try_parse(a, deep, at), -1);
    free(deep);

    /* A 4 MB string is fine where a string belongs, an error where not. */
    size_t big = 4u << 20;
    char *huge = malloc(big + 128);
    at = (size_t)sprintf(huge, "{\"Response\":{\"RequestId\":\"");
    memset(huge + at, 'x', big);
    at += big;
    at += (size_t)sprintf(huge + at, "\"}}");
    cr_expect_eq(try_parse(a, huge, at), 0);
    at = (size_t)sprintf(huge, "{\"Response\":{\"Result\":{\"Bandwidth\":\"");
    memset(huge + at, '9', big);
    at += big;
    at += (size_t)sprintf(huge + at, "\"}}}");
    cr_expect_eq(try_parse(a, huge, at), -1);
    /* A number with four million digits. */
    at = (size_t)sprintf(huge, "{\"Response\":{\"Result\":{\"Bandwidth\":");
    memset(huge + at, '9', big);
    at += big;
    at += (size_t)sprintf(huge + at, "}}}");
    cr_expect_eq(try_parse(a, huge, at), -1);
    free(huge);

    /* Error envelopes of the wrong shape. */
    const char *errors[] = {
        "{\"Response\":{\"Error\":{\"Code\":7,\"Message\":[]},\"RequestId\":{}}}",
        "{\"Response\":{\"Error\":\"x\"}}",
        "{\"Response\":{\"Error\":{}}}",
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        cr_expect_eq(try_parse(a, errors[i], strlen(errors[i])), -1, "%s", errors[i]);

    /* Legacy envelope: a code of the wrong type, and error codes. */
    const docbind_action_desc *v2 = &ckafka_v2_list_topic_action;
    const char *legacy[] = {"{\"code\":\"0\"}", "{\"code\":1e400}", "{\"code\":4000,\"codeDesc\":7}",
                            "{\"code\":0,\"totalCount\":\"many\"}", "[1,2]"};
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        cr_expect_eq(try_parse(v2, legacy[i], strlen(legacy[i])), -1, "%s", legacy[i]);
}

Test(hostile, non_2xx_statuses_keep_the_body)
{
    const char *body = "<html>502 Bad Gateway</html>";
    ckafka_send_message_response r = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(ckafka_send_message_response_parse(&r, 502, "req-1", body, strlen(body), &err),
                 -1);
    cr_expect_eq(err.http_status, 502);
    cr_expect_not_null(err.body, "the error body is kept");
    cr_expect_str_eq(err.body, body);
    docbind_error_clear(&err);
    ckafka_send_message_response_free(&r);
}
