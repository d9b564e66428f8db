/* Every documented example through the generated bindings:
 *   - each request example with a JSON body parses into its request
 *     struct, validates, and encodes to a wire body equal (as JSON values)
 *     to the example;
 *   - each response example parses into its response struct and writes
 *     back to JSON equal to the example (JSON null is "absent" on both
 *     sides), and a sample of values is checked field by field through the
 *     typed structs.
 * Where a document's example disagrees with its own parameter tables, the
 * case is listed below as a named exception with the reason; the test
 * checks that the disagreement is really there (so a fixed document shows
 * up as a stale exception) and then round-trips the rest of the example.
 *
 * The legacy API 2.0 examples (tencent.ckafka.v2) are partial by design:
 * they show a few parameters, use "ipWhiteList.n" placeholders, and their
 * responses nest under "data" members the tables flatten. They are not
 * round-tripped here; the fixtures classify each of them (valid, or
 * breaking a named rule) and test_fixtures checks the client agrees with
 * every classification, while test_tencent_hazards checks the rebuilt
 * responses against the page. */
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

/* Every generated service; an IR service missing here fails the test. */
static const docbind_service_desc *const services[] = {
    &ckafka_service, &ckafka_v2_service, &rocketmq_service, &roma_mqs_service, &onsmqtt_service,
};

static const docbind_service_desc *service_for(const char *id)
{
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        if (!strcmp(services[i]->id, id))
            return services[i];
    return NULL;
}

/* ---- Named exceptions --------------------------------------------------- */

typedef enum part {
    REQUEST_TYPES,  /* the example's JSON types disagree with the table */
    REQUEST_RULES,  /* the example breaks a rule the table enforces */
    REQUEST_QUERY,  /* a query-form example with parameters the table lacks */
    RESPONSE
} part;

typedef struct exception {
    const char *service;
    const char *action;
    int example; /* index in the action's examples */
    part part;
    /* REQUEST_TYPES: members the example gives as JSON strings although the
     * table types them as numbers (the first one stops the parse; all are
     * then converted). REQUEST_RULES: members whose value validation
     * refuses (the first is reported; the rest of the example is still
     * serialized and compared). REQUEST_QUERY and RESPONSE: members absent
     * from the table (ignored when read, removed from the expectation). */
    const char *paths[4];
    const char *reason;
    bool seen;
} exception;

static exception exceptions[] = {
    {"tencent.ckafka", "CreateDatahubTopic", 0, REQUEST_TYPES, {"PartitionNum", "RetentionMs"},
     "the example writes PartitionNum and RetentionMs as strings (\"1\", \"3600000\"); the "
     "input table types both Integer", false},
    {"tencent.ckafka", "ModifyDatahubTopic", 0, REQUEST_TYPES, {"RetentionMs"},
     "the example writes RetentionMs as a string (\"3600000\"); the input table types it "
     "Integer", false},
    {"tencent.ckafka", "ModifyInstancePre", 0, REQUEST_TYPES, {"BandWidth", "DiskSize"},
     "the example writes BandWidth and DiskSize as strings (\"40\", \"600\"); the input table "
     "types both Integer", false},
    {"tencent.ckafka", "DescribeDatahubTasks", 0, REQUEST_TYPES, {"Limit", "Offset"},
     "the example writes Limit and Offset as strings (\"20\", \"0\"); the input table types "
     "both Integer", false},
    {"tencent.ckafka", "DescribeTypeInstances", 0, REQUEST_QUERY, {"Type"},
     "the example sends Type=profession; the DescribeTypeInstances input table has no Type "
     "parameter", false},
    {"tencent.ckafka", "ModifyInstancePre", 0, RESPONSE, {"Result.DeleteRouteTimestamp"},
     "the example's Result has DeleteRouteTimestamp, which the CreateInstancePreResp table "
     "does not list", false},
};

static exception *find_exception(const char *service, const char *action, int example, part p)
{
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++) {
        exception *e = &exceptions[i];
        if (!strcmp(e->service, service) && !strcmp(e->action, action) && e->example == example &&
            e->part == p)
            return e;
    }
    return NULL;
}

/* ---- JSON helpers ------------------------------------------------------- */

/* Removes members whose value is null, recursively: null means absent. */
static void strip_nulls(cJSON *j)
{
    cJSON *c = j ? j->child : NULL;
    while (c) {
        cJSON *next = c->next;
        if (cJSON_IsObject(j) && cJSON_IsNull(c))
            cJSON_Delete(cJSON_DetachItemViaPointer(j, c));
        else
            strip_nulls(c);
        c = next;
    }
}

/* The member at a dotted path ("Result.DeleteRouteTimestamp"), its parent in *parent. */
static cJSON *at_path(cJSON *root, const char *path, cJSON **parent)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    cJSON *cur = root, *up = NULL;
    for (char *save = NULL, *seg = strtok_r(buf, ".", &save); seg && cur;
         seg = strtok_r(NULL, ".", &save)) {
        up = cur;
        cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
    }
    if (parent)
        *parent = up;
    return cur;
}

static char *print(const cJSON *j)
{
    return j ? cJSON_PrintUnformatted(j) : strdup("(none)");
}

/* ---- Counters, reported at the end -------------------------------------- */

typedef struct counts {
    int request_examples, request_ok, request_exceptions;
    int query_examples, query_ok, query_exceptions, query_empty;
    int rest_lines; /* REST request lines without a body: only {placeholders} */
    int response_examples, response_ok, response_exceptions;
    int legacy_examples; /* tencent.ckafka.v2: checked through the fixtures */
    int failures;
} counts;

/* Fills required members that a body example cannot show (path, query
 * and header parameters) with a placeholder, so the body can be checked. */
static void fill_outside_body(const docbind_message_desc *d, void *msg)
{
    for (size_t i = 0; i < d->n_fields; i++) {
        const docbind_field *f = &d->fields[i];
        if (!(f->flags & DOCBIND_F_REQUIRED) || f->location == DOCBIND_LOC_BODY ||
            f->location == DOCBIND_LOC_NONE || (f->flags & DOCBIND_F_ARRAY))
            continue;
        char *at = (char *)msg + f->offset;
        if (f->kind == DOCBIND_KIND_STRING && !*(char **)at) {
            *(char **)at = strdup("placeholder");
        } else if (f->kind == DOCBIND_KIND_ENUM && !*(int *)at) {
            *(int *)at = 1;
            if (f->flags & DOCBIND_F_PRESENCE)
                *(bool *)((char *)msg + f->presence_offset) = true;
        }
    }
}

/* A REST page's example body leaves out the path, query and header
 * parameters (they are in its request line); a required one whose C form
 * cannot be absent (an enum) must be in the JSON the struct is read from,
 * so it gets its first documented value. Body comparisons ignore it. */
static void add_outside_body(const docbind_message_desc *d, cJSON *obj)
{
    for (size_t i = 0; i < d->n_fields; i++) {
        const docbind_field *f = &d->fields[i];
        if ((f->flags & DOCBIND_F_REQUIRED) && f->location != DOCBIND_LOC_BODY &&
            f->location != DOCBIND_LOC_NONE && f->kind == DOCBIND_KIND_ENUM &&
            !(f->flags & DOCBIND_F_ARRAY) && f->enumeration && f->enumeration->n_values &&
            !cJSON_GetObjectItemCaseSensitive(obj, f->wire_name))
            cJSON_AddStringToObject(obj, f->wire_name, f->enumeration->values[0]);
    }
}

static void request_case(const char *svc_id, const docbind_action_desc *a, int index,
                         const char *body, counts *n)
{
    n->request_examples++;
    exception *ex = find_exception(svc_id, a->name, index, REQUEST_TYPES);
    exception *rules = find_exception(svc_id, a->name, index, REQUEST_RULES);
    cJSON *expected = cJSON_Parse(body);
    if (!expected) {
        cr_log_error("%s %s example %d: the request body is not JSON", svc_id, a->name, index);
        n->failures++;
        return;
    }
    char *text = NULL;
    void *req = calloc(1, a->request->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    if (ex) {
        /* The disagreement must be there: the parse stops at one of the paths. */
        ex->seen = true;
        int rc = docbind_codec_from_json(a->request, body, strlen(body), req, &err);
        bool named = false;
        for (int k = 0; ex->paths[k]; k++)
            named |= err.param_path && !strcmp(err.param_path, ex->paths[k]);
        if (rc == 0 || !named) {
            cr_log_error("%s %s example %d: stale exception (%s): parse gave %s", svc_id,
                         a->name, index, ex->reason, rc ? err.message : "success");
            n->failures++;
        }
        for (int k = 0; ex->paths[k]; k++) {
            cJSON *v = at_path(expected, ex->paths[k], NULL);
            if (cJSON_IsString(v)) {
                double num = strtod(v->valuestring, NULL);
                cJSON_SetNumberHelper(v, num);
                v->type = cJSON_Number;
                free(v->valuestring);
                v->valuestring = NULL;
            }
        }
        n->request_exceptions++;
    }
    cJSON *with_outside = cJSON_Duplicate(expected, 1);
    add_outside_body(a->request, with_outside);
    text = cJSON_PrintUnformatted(with_outside);
    cJSON_Delete(with_outside);
    docbind_codec_free(a->request, req);
    docbind_error_clear(&err);
    docbind_wire wire = DOCBIND_WIRE_INIT;
    if (docbind_codec_from_json(a->request, text, strlen(text), req, &err)) {
        cr_log_error("%s %s example %d: request does not parse: %s", svc_id, a->name, index,
                     err.message);
        n->failures++;
    } else {
        fill_outside_body(a->request, req);
        if (rules) {
            /* The rule is broken as described; the rest must still serialize. */
            rules->seen = true;
            n->request_exceptions++;
            int rc = docbind_codec_validate(a->request, req, &err);
            bool named = false;
            for (int k = 0; rules->paths[k]; k++)
                named |= err.param_path && !strcmp(err.param_path, rules->paths[k]);
            if (rc == 0 || !named) {
                cr_log_error("%s %s example %d: stale exception (%s): validation gave %s", svc_id,
                             a->name, index, rules->reason, rc ? err.message : "success");
                n->failures++;
            }
            docbind_buffer out = DOCBIND_BUFFER_INIT;
            cJSON *got = NULL;
            if (!docbind_codec_to_json(a->request, req, &out, &err))
                got = cJSON_Parse(out.data);
            strip_nulls(expected);
            if (!got || !cJSON_Compare(got, expected, 1)) {
                cr_log_error("%s %s example %d: JSON differs", svc_id, a->name, index);
                n->failures++;
            }
            cJSON_Delete(got);
            docbind_buffer_free(&out);
        } else if (docbind_codec_validate(a->request, req, &err)) {
            cr_log_error("%s %s example %d: request does not validate: %s", svc_id, a->name,
                         index, err.message);
            n->failures++;
        } else if (docbind_codec_encode(a, req, &wire, &err)) {
            cr_log_error("%s %s example %d: request does not encode: %s", svc_id, a->name,
                         index, err.message);
            n->failures++;
        } else {
            cJSON *got = wire.body ? cJSON_ParseWithLength(wire.body, wire.body_len) : NULL;
            strip_nulls(expected);
            if (!got || !cJSON_Compare(got, expected, 1)) {
                char *g = print(got), *e = print(expected);
                cr_log_error("%s %s example %d: wire body differs\n  got      %s\n  expected %s",
                             svc_id, a->name, index, g, e);
                free(g);
                free(e);
                n->failures++;
            } else if (!ex) {
                n->request_ok++;
            }
            cJSON_Delete(got);
        }
    }
    docbind_wire_free(&wire);
    docbind_codec_free(a->request, req);
    free(req);
    docbind_error_clear(&err);
    cJSON_free(text);
    cJSON_Delete(expected);
}

static void response_case(const char *svc_id, const docbind_action_desc *a, int index,
                          const char *body, counts *n)
{
    n->response_examples++;
    exception *ex = find_exception(svc_id, a->name, index, RESPONSE);
    cJSON *root = cJSON_Parse(body);
    if (!root) {
        cr_log_error("%s %s example %d: the response is not JSON", svc_id, a->name, index);
        n->failures++;
        return;
    }
    cJSON *expected = a->service->protocol == DOCBIND_PROTOCOL_TENCENT
                          ? cJSON_GetObjectItemCaseSensitive(root, "Response")
                          : root;
    void *resp = calloc(1, a->response->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_codec_parse_response(a, 200, NULL, body, strlen(body), resp, &err)) {
        cr_log_error("%s %s example %d: response does not parse: %s", svc_id, a->name, index,
                     err.message);
        n->failures++;
    } else {
        docbind_buffer out = DOCBIND_BUFFER_INIT;
        cr_assert_eq(docbind_codec_to_json(a->response, resp, &out, &err), 0, "%s", err.message);
        cJSON *got = cJSON_Parse(out.data);
        strip_nulls(expected);
        if (ex) {
            ex->seen = true;
            n->response_exceptions++;
            for (int k = 0; ex->paths[k]; k++) {
                cJSON *parent = NULL, *v = at_path(expected, ex->paths[k], &parent);
                if (!v) {
                    cr_log_error("%s %s example %d: stale exception (%s): %s is not in the "
                                 "example", svc_id, a->name, index, ex->reason, ex->paths[k]);
                    n->failures++;
                } else if (at_path(got, ex->paths[k], NULL)) {
                    cr_log_error("%s %s example %d: %s was expected to be unknown", svc_id,
                                 a->name, index, ex->paths[k]);
                    n->failures++;
                } else {
                    cJSON_Delete(cJSON_DetachItemViaPointer(parent, v));
                }
            }
        }
        if (!got || !cJSON_Compare(got, expected, 1)) {
            char *g = print(got), *e = print(expected);
            cr_log_error("%s %s example %d: response round trip differs\n  got      %s\n  "
                         "expected %s",
                         svc_id, a->name, index, g, e);
            free(g);
            free(e);
            n->failures++;
        } else if (!ex) {
            n->response_ok++;
        }
        cJSON_Delete(got);
        docbind_buffer_free(&out);
    }
    docbind_codec_free(a->response, resp);
    free(resp);
    docbind_error_clear(&err);
    cJSON_Delete(root);
}


/* Common parameters of the form encoding: added by the signer, not members. */
static bool common_parameter(const char *name)
{
    static const char *const common[] = {"Action", "Version", "Region", "Timestamp", "Nonce",
                                         "SecretId", "Signature", "SignatureMethod", "Token",
                                         "Language"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (!strcmp(name, common[i]))
            return true;
    return false;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The documented parameters of a query-form example ("&InstanceId=x\n&
 * Status.0=0\n&<公共请求参数>", or a URL with "?"), percent-decoded, without
 * the common parameters and the placeholders. */
static size_t example_pairs(const char *request, docbind_wire_pair *out, size_t cap)
{
    const char *q = strchr(request, '?');
    char *text = strdup(q ? q + 1 : request);
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(text, "&", &save); tok && n < cap;
         tok = strtok_r(NULL, "&", &save)) {
        while (*tok == ' ' || *tok == '\n' || *tok == '\r' || *tok == '\t')
            tok++;
        char *end = tok + strlen(tok);
        while (end > tok && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r'))
            *--end = '\0';
        char *eq = strchr(tok, '=');
        if (!eq || strchr(tok, '<') || strchr(tok, '{') || strchr(tok, '/'))
            continue;
        *eq = '\0';
        if (common_parameter(tok))
            continue;
        char *v = strdup(eq + 1), *w = v;
        for (const char *r = eq + 1; *r; r++) {
            if (*r == '%' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
                *w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
                r += 2;
            } else {
                *w++ = *r;
            }
        }
        *w = '\0';
        out[n].name = strdup(tok);
        out[n].value = v;
        n++;
    }
    free(text);
    return n;
}

static void free_pairs(docbind_wire_pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
}

static bool same_pairs(const docbind_wire_pair *a, size_t an, const docbind_wire_pair *b,
                       size_t bn)
{
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++) {
        bool found = false;
        for (size_t k = 0; k < bn && !found; k++)
            found = !strcmp(a[i].name, b[k].name) && !strcmp(a[i].value, b[k].value);
        if (!found)
            return false;
    }
    return true;
}

/* A request example in the form encoding: read the pairs into the request
 * struct, validate, encode the form again and compare the pair sets. */
static void query_case(const char *svc_id, const docbind_action_desc *a, int index,
                       const char *request, counts *n)
{
    if (a->service->style == DOCBIND_STYLE_REST_JSON) {
        /* A REST request line ("POST https://{endpoint}/v2/{project_id}/..."):
         * nothing but placeholders to compare. Counted, reported. */
        n->rest_lines++;
        return;
    }
    n->query_examples++;
    docbind_wire_pair want[128];
    size_t nwant = example_pairs(request, want, 128);
    exception *ex = find_exception(svc_id, a->name, index, REQUEST_QUERY);
    if (ex) {
        /* The parameters the table lacks must be there, and must not be members. */
        ex->seen = true;
        n->query_exceptions++;
        for (int k = 0; ex->paths[k]; k++) {
            size_t at = nwant;
            for (size_t i = 0; i < nwant; i++)
                if (!strcmp(want[i].name, ex->paths[k]))
                    at = i;
            bool member = false;
            for (size_t f = 0; f < a->request->n_fields; f++)
                member |= !strcmp(a->request->fields[f].wire_name, ex->paths[k]);
            if (at == nwant || member) {
                cr_log_error("%s %s example %d: stale exception (%s)", svc_id, a->name, index,
                             ex->reason);
                n->failures++;
                continue;
            }
            free(want[at].name);
            free(want[at].value);
            want[at] = want[--nwant];
        }
    }
    void *req = calloc(1, a->request->size);
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_wire wire = DOCBIND_WIRE_INIT;
    const char *stage = NULL;
    if (docbind_codec_from_query(a->request, want, nwant, a->service->array_base, req, &err))
        stage = "read";
    else if (fill_outside_body(a->request, req), docbind_codec_validate(a->request, req, &err))
        stage = "validate";
    else if (docbind_codec_encode_form(a, req, &wire, &err))
        stage = "encode";
    if (stage) {
        cr_log_error("%s %s example %d: the query-form request does not %s: %s", svc_id, a->name,
                     index, stage, err.message);
        n->failures++;
    } else {
        /* The form as sent: the query for GET, the form body for POST. */
        docbind_wire_pair got[256];
        size_t ngot = 0;
        for (size_t i = 0; i < wire.query_count && ngot < 256; i++)
            if (!common_parameter(wire.query[i].name))
                got[ngot++] = wire.query[i];
        char *body = wire.body ? strdup(wire.body) : NULL;
        docbind_wire_pair parsed[256];
        size_t nparsed = body ? example_pairs(body, parsed, 256) : 0;
        for (size_t i = 0; i < nparsed && ngot < 256; i++)
            got[ngot++] = parsed[i];
        if (!same_pairs(want, nwant, got, ngot) || !same_pairs(got, ngot, want, nwant)) {
            cr_log_error("%s %s example %d: the form encoding differs from the example (%zu "
                         "pairs documented, %zu sent)", svc_id, a->name, index, nwant, ngot);
            n->failures++;
        } else if (!ex) {
            n->query_ok++;
            n->query_empty += nwant == 0;
        }
        free_pairs(parsed, nparsed);
        free(body);
    }
    free_pairs(want, nwant);
    docbind_wire_free(&wire);
    docbind_codec_free(a->request, req);
    free(req);
    docbind_error_clear(&err);
}

Test(examples, every_documented_example_round_trips)
{
    glob_t g;
    cr_assert_eq(glob("generated/ir/*.json", 0, NULL, &g), 0);
    counts n = {0};
    for (size_t f = 0; f < g.gl_pathc; f++) {
        char *text = test_read_file(g.gl_pathv[f], NULL);
        cJSON *ir = cJSON_Parse(text);
        free(text);
        cr_assert_not_null(ir, "%s", g.gl_pathv[f]);
        const cJSON *svc;
        cJSON_ArrayForEach(svc, cJSON_GetObjectItem(ir, "services"))
        {
            const char *id = cJSON_GetObjectItem(svc, "id")->valuestring;
            const docbind_service_desc *d = service_for(id);
            if (!d) {
                cr_log_error("%s: service %s has no generated bindings in this test", g.gl_pathv[f],
                             id);
                n.failures++;
                continue;
            }
            if (d->protocol == DOCBIND_PROTOCOL_TENCENT_V2) {
                const cJSON *action;
                cJSON_ArrayForEach(action, cJSON_GetObjectItem(svc, "actions"))
                    n.legacy_examples += cJSON_GetArraySize(cJSON_GetObjectItem(action, "examples"));
                continue;
            }
            const cJSON *action;
            cJSON_ArrayForEach(action, cJSON_GetObjectItem(svc, "actions"))
            {
                const char *name = cJSON_GetObjectItem(action, "name")->valuestring;
                const docbind_action_desc *a = docbind_service_action(d, name);
                if (!a) {
                    cr_log_error("%s: action %s was not generated", id, name);
                    n.failures++;
                    continue;
                }
                int index = 0;
                const cJSON *ex;
                cJSON_ArrayForEach(ex, cJSON_GetObjectItem(action, "examples"))
                {
                    const cJSON *body = cJSON_GetObjectItem(ex, "request_body");
                    const cJSON *line = cJSON_GetObjectItem(ex, "request");
                    const cJSON *resp = cJSON_GetObjectItem(ex, "response");
                    if (cJSON_IsString(body))
                        request_case(id, a, index, body->valuestring, &n);
                    else if (cJSON_IsString(line))
                        query_case(id, a, index, line->valuestring, &n);
                    if (cJSON_IsString(resp))
                        response_case(id, a, index, resp->valuestring, &n);
                    index++;
                }
            }
        }
        cJSON_Delete(ir);
    }
    globfree(&g);
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (!exceptions[i].seen) {
            cr_log_error("exception for %s %s example %d never applied: %s", exceptions[i].service,
                         exceptions[i].action, exceptions[i].example, exceptions[i].reason);
            n.failures++;
        }
    printf("JSON request examples: %d (round-tripped as documented %d, named exceptions %d); "
           "query-form request examples: %d (as documented %d, of which %d without parameters; "
           "named exceptions %d); REST request lines without a body (placeholders only, "
           "nothing to compare): %d; response examples: %d (as documented %d, named "
           "exceptions %d); legacy API 2.0 examples checked through the fixtures: %d\n",
           n.request_examples, n.request_ok, n.request_exceptions, n.query_examples, n.query_ok,
           n.query_empty, n.query_exceptions, n.rest_lines, n.response_examples, n.response_ok,
           n.response_exceptions, n.legacy_examples);
    cr_expect_eq(n.failures, 0, "%d example failures (see the log above)", n.failures);
    cr_expect_gt(n.request_examples, 50);
    cr_expect_gt(n.response_examples, 90);
}

/* ---- A sample of values, through the typed structs ----------------------- */

/* The text of an example of an IR action (the caller frees), and its JSON. */
static char *example_text(const char *ir_file, const char *service, const char *action,
                          const char *key)
{
    char *text = test_read_file(ir_file, NULL);
    cJSON *ir = cJSON_Parse(text);
    free(text);
    char *out = NULL;
    const cJSON *svc, *a;
    cJSON_ArrayForEach(svc, cJSON_GetObjectItem(ir, "services"))
    {
        if (strcmp(cJSON_GetObjectItem(svc, "id")->valuestring, service))
            continue;
        cJSON_ArrayForEach(a, cJSON_GetObjectItem(svc, "actions"))
        {
            if (strcmp(cJSON_GetObjectItem(a, "name")->valuestring, action))
                continue;
            const cJSON *ex = cJSON_GetArrayItem(cJSON_GetObjectItem(a, "examples"), 0);
            const cJSON *v = cJSON_GetObjectItem(ex, key);
            if (cJSON_IsString(v))
                out = strdup(v->valuestring);
        }
    }
    cJSON_Delete(ir);
    cr_assert_not_null(out, "%s %s has no %s example", service, action, key);
    return out;
}

static const cJSON *jget(const cJSON *j, const char *path)
{
    return at_path((cJSON *)j, path, NULL);
}

Test(examples, send_message_response_values)
{
    char *text = example_text("generated/ir/tencent-ckafka.json", "tencent.ckafka", "SendMessage",
                              "response");
    cJSON *doc = cJSON_Parse(text);
    ckafka_send_message_response r = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(ckafka_send_message_response_parse(&r, 200, NULL, text, strlen(text), &err), 0,
                 "%s", err.message);
    const cJSON *ids = jget(doc, "Response.MessageId");
    cr_assert_eq(r.message_id_count, (size_t)cJSON_GetArraySize(ids));
    for (size_t i = 0; i < r.message_id_count; i++)
        cr_expect_str_eq(r.message_id[i], cJSON_GetArrayItem(ids, (int)i)->valuestring);
    cr_expect_str_eq(r.request_id, jget(doc, "Response.RequestId")->valuestring);
    ckafka_send_message_response_free(&r);
    ckafka_send_message_response_free(&r);
    ckafka_send_message_response_free(NULL);
    cJSON_Delete(doc);
    free(text);
}

Test(examples, topic_attributes_values_zero_and_null)
{
    char *text = example_text("generated/ir/tencent-ckafka.json", "tencent.ckafka",
                              "DescribeTopicAttributes", "response");
    cJSON *doc = cJSON_Parse(text);
    ckafka_describe_topic_attributes_response r = CKAFKA_DESCRIBE_TOPIC_ATTRIBUTES_RESPONSE_INIT;
    cr_assert_eq(ckafka_describe_topic_attributes_response_parse(&r, 200, NULL, text,
                                                                 strlen(text), NULL), 0);
    const ckafka_topic_attributes_response *res = r.result;
    cr_assert_not_null(res);
    cr_expect_str_eq(res->topic_id, jget(doc, "Response.Result.TopicId")->valuestring);
    cr_expect(res->has_partition_num);
    cr_expect_eq(res->partition_num, jget(doc, "Response.Result.PartitionNum")->valueint);
    /* "EnableWhiteList": 0 is a value, not absence. */
    cr_expect(res->has_enable_white_list);
    cr_expect_eq(res->enable_white_list, 0);
    /* "Note": "" is present and empty. */
    cr_assert_not_null(res->note);
    cr_expect_str_eq(res->note, "");
    /* "IpWhiteList": [] is an empty array, not absent. */
    cr_expect_not_null(res->ip_white_list);
    cr_expect_eq(res->ip_white_list_count, 0);
    /* "LogMsgTimestampType": null and "RetentionBytes": null are absent. */
    cr_assert_not_null(res->config);
    cr_expect_null(res->config->log_msg_timestamp_type);
    cr_expect(!res->config->has_retention_bytes);
    cr_expect_eq(res->config->max_message_bytes,
                 jget(doc, "Response.Result.Config.MaxMessageBytes")->valueint);
    cr_assert_eq(res->partitions_count, 1);
    cr_expect_eq(res->partitions[0].isr_num,
                 cJSON_GetObjectItem(cJSON_GetArrayItem(jget(doc, "Response.Result.Partitions"), 0),
                                     "IsrNum")->valueint);
    ckafka_describe_topic_attributes_response_free(&r);
    cJSON_Delete(doc);
    free(text);
}

Test(examples, instance_attributes_values)
{
    char *text = example_text("generated/ir/tencent-ckafka.json", "tencent.ckafka",
                              "DescribeInstanceAttributes", "response");
    cJSON *doc = cJSON_Parse(text);
    ckafka_describe_instance_attributes_response r =
        CKAFKA_DESCRIBE_INSTANCE_ATTRIBUTES_RESPONSE_INIT;
    cr_assert_eq(ckafka_describe_instance_attributes_response_parse(&r, 200, NULL, text,
                                                                    strlen(text), NULL), 0);
    const ckafka_instance_attributes_response *res = r.result;
    cr_assert_not_null(res);
    cr_expect_str_eq(res->instance_name, jget(doc, "Response.Result.InstanceName")->valuestring);
    cr_assert_not_null(res->config);
    cr_expect(res->config->has_auto_create_topics_enable);
    cr_expect_eq(res->config->auto_create_topics_enable,
                 cJSON_IsTrue(jget(doc, "Response.Result.Config.AutoCreateTopicsEnable")));
    const cJSON *features = jget(doc, "Response.Result.Features");
    cr_assert_eq(res->features_count, (size_t)cJSON_GetArraySize(features));
    cr_expect_str_eq(res->features[res->features_count - 1],
                     cJSON_GetArrayItem(features, cJSON_GetArraySize(features) - 1)->valuestring);
    const cJSON *tags = jget(doc, "Response.Result.Tags");
    cr_assert_eq(res->tags_count, (size_t)cJSON_GetArraySize(tags));
    cr_expect_str_eq(res->tags[1].tag_value,
                     cJSON_GetObjectItem(cJSON_GetArrayItem(tags, 1), "TagValue")->valuestring);
    ckafka_describe_instance_attributes_response_free(&r);
    cJSON_Delete(doc);
    free(text);
}

Test(examples, huawei_and_alibaba_values)
{
    char *text = example_text("generated/ir/huawei.json", "huawei.rocketmq", "SendMessage",
                              "response");
    cJSON *doc = cJSON_Parse(text);
    rocketmq_send_message_response r = ROCKETMQ_SEND_MESSAGE_RESPONSE_INIT;
    cr_assert_eq(rocketmq_send_message_response_parse(&r, 200, NULL, text, strlen(text), NULL),
                 0);
    cr_expect_str_eq(r.msg_id, jget(doc, "msg_id")->valuestring);
    cr_expect(r.has_queue_id, "queue_id 0 is a value");
    cr_expect_eq(r.queue_id, jget(doc, "queue_id")->valuedouble);
    cr_expect_not_null(r.property_list);
    cr_expect_eq(r.property_list_count, 0);
    rocketmq_send_message_response_free(&r);
    cJSON_Delete(doc);
    free(text);

    text = example_text("generated/ir/huawei.json", "huawei.roma-mqs", "ResendMessage", "response");
    doc = cJSON_Parse(text);
    roma_mqs_resend_message_response m = ROMA_MQS_RESEND_MESSAGE_RESPONSE_INIT;
    cr_assert_eq(roma_mqs_resend_message_response_parse(&m, 200, NULL, text, strlen(text), NULL),
                 0);
    cr_expect_eq(m.message_offset, jget(doc, "message_offset")->valueint);
    cr_expect_str_eq(m.consumer_key, jget(doc, "consumer_key")->valuestring);
    roma_mqs_resend_message_response_free(&m);
    cJSON_Delete(doc);
    free(text);

    text = example_text("generated/ir/aliyun.json", "aliyun.onsmqtt", "SendMessage", "response");
    doc = cJSON_Parse(text);
    onsmqtt_send_message_response o = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    cr_assert_eq(onsmqtt_send_message_response_parse(&o, 200, NULL, text, strlen(text), NULL), 0);
    cr_expect_str_eq(o.msg_id, jget(doc, "MsgId")->valuestring);
    cr_expect_str_eq(o.request_id, jget(doc, "RequestId")->valuestring);
    onsmqtt_send_message_response_free(&o);
    cJSON_Delete(doc);
    free(text);
}

Test(examples, send_message_request_encodes_like_the_example)
{
    char *text = example_text("generated/ir/tencent-ckafka.json", "tencent.ckafka", "SendMessage",
                              "request_body");
    ckafka_batch_content messages[] = {
        ckafka_batch_content_make("vvvvsdgsgshhh"),
        ckafka_batch_content_make("vvvhhhhhhvsdgsgshhh"),
    };
    messages[0].key = "key1";
    messages[1].key = "key2";
    ckafka_send_message_request req =
        ckafka_send_message_request_make("datahub-meuh9nhn", messages, 2);
    docbind_wire wire = DOCBIND_WIRE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(ckafka_send_message_request_encode(&req, &wire, &err), 0, "%s", err.message);
    cJSON *got = cJSON_Parse(wire.body), *want = cJSON_Parse(text);
    cr_expect(cJSON_Compare(got, want, 1), "%s", wire.body);
    cr_expect_str_eq(wire.method, "POST");
    cr_expect_str_eq(wire.path, "/");
    cJSON_Delete(got);
    cJSON_Delete(want);
    docbind_wire_free(&wire);
    free(text);
}
