/* docbind diff as a library: every check id fires on a before/after pair
 * built from tests/fixtures/diff/base.json and stays quiet on a near miss;
 * struct usage, renames, order, the text and JSON forms, overrides, and
 * the checks on what is not an IR. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir_diff.h"
#include "test_support.h"

#define S "services/test.widgets"
#define CW S "/actions/CreateWidget"
#define DW S "/actions/DescribeWidgets"
#define ST S "/structs"

/* ---- editing the base IR ---------------------------------------------------- */

static cJSON *base_ir(void)
{
    char *text = test_read_file(test_source_path("tests/fixtures/diff/base.json"), NULL);
    cJSON *ir = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(ir);
    return ir;
}

/* An array element is named by its "name", "id", "code" or "value", by its
 * string value, or by its index. */
static bool element_is(const cJSON *x, const char *seg)
{
    static const char *const keys[] = {"name", "id", "code", "value"};
    if (cJSON_IsString(x))
        return !strcmp(x->valuestring, seg);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(x, keys[k]);
        if (cJSON_IsString(v) && !strcmp(v->valuestring, seg))
            return true;
    }
    return false;
}

static int element_index(const cJSON *a, const char *seg)
{
    int i = 0;
    for (const cJSON *x = a->child; x; x = x->next, i++)
        if (element_is(x, seg))
            return i;
    char *end;
    long n = strtol(seg, &end, 10);
    return *seg && !*end && n < cJSON_GetArraySize(a) ? (int)n : -1;
}

static cJSON *child(cJSON *node, const char *seg)
{
    if (cJSON_IsArray(node)) {
        int i = element_index(node, seg);
        return i < 0 ? NULL : cJSON_GetArrayItem(node, i);
    }
    return cJSON_GetObjectItemCaseSensitive(node, seg);
}

/* Walks "a/b/c" to the parent of the last segment; *last gets it. */
static cJSON *walk_parent(cJSON *root, const char *path, char *last, size_t last_size)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    cr_assert_not_null(slash, "bad edit path %s", path);
    *slash = '\0';
    snprintf(last, last_size, "%s", slash + 1);
    cJSON *node = root;
    for (char *seg = strtok(buf, "/"); seg; seg = strtok(NULL, "/")) {
        node = child(node, seg);
        cr_assert_not_null(node, "edit path %s: no '%s'", path, seg);
    }
    return node;
}

typedef struct edit {
    char which; /* 'o' the old IR, 'n' the new one, 'b' both */
    const char *op; /* set, del, add (append to the array at path) */
    const char *path;
    const char *json;
} edit;

static void apply_one(cJSON *ir, const edit *e)
{
    char last[128];
    if (!strcmp(e->op, "add")) {
        char full[512];
        snprintf(full, sizeof full, "%s/x", e->path);
        cJSON *parent = walk_parent(ir, full, last, sizeof last);
        cr_assert(cJSON_IsArray(parent), "add: %s is not an array", e->path);
        cJSON *v = cJSON_Parse(e->json);
        cr_assert_not_null(v, "bad JSON in edit: %s", e->json);
        cJSON_AddItemToArray(parent, v);
        return;
    }
    cJSON *parent = walk_parent(ir, e->path, last, sizeof last);
    if (!strcmp(e->op, "del")) {
        if (cJSON_IsArray(parent)) {
            int i = element_index(parent, last);
            cr_assert(i >= 0, "del: no %s", e->path);
            cJSON_DeleteItemFromArray(parent, i);
        } else {
            cr_assert_not_null(cJSON_GetObjectItemCaseSensitive(parent, last), "del: no %s", e->path);
            cJSON_DeleteItemFromObjectCaseSensitive(parent, last);
        }
        return;
    }
    cr_assert_str_eq(e->op, "set");
    cJSON *v = cJSON_Parse(e->json);
    cr_assert_not_null(v, "bad JSON in edit: %s", e->json);
    if (cJSON_IsArray(parent)) {
        int i = element_index(parent, last);
        cr_assert(i >= 0, "set: no %s", e->path);
        cJSON_ReplaceItemInArray(parent, i, v);
    } else if (cJSON_GetObjectItemCaseSensitive(parent, last)) {
        cJSON_ReplaceItemInObjectCaseSensitive(parent, last, v);
    } else {
        cJSON_AddItemToObject(parent, last, v);
    }
}

static void apply(cJSON *old_ir, cJSON *new_ir, const edit *edits)
{
    for (const edit *e = edits; e->op; e++) {
        if (e->which == 'o' || e->which == 'b')
            apply_one(old_ir, e);
        if (e->which == 'n' || e->which == 'b')
            apply_one(new_ir, e);
    }
}

static void diff_edits(const edit *edits, diff_report *out)
{
    cJSON *o = base_ir(), *n = base_ir();
    apply(o, n, edits);
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(ir_diff_check(o, "old", &d), 0, "old IR of the case does not check");
    cr_assert_eq(ir_diff_check(n, "new", &d), 0, "new IR of the case does not check");
    diag_list_free(&d);
    ir_diff(o, n, out);
    cJSON_Delete(o);
    cJSON_Delete(n);
}

static const diff_entry *find_entry(const diff_report *r, const char *id, const char *path)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->items[i].id, id) &&
            (path == NULL ? r->items[i].path == NULL
                          : r->items[i].path && !strcmp(r->items[i].path, path)))
            return &r->items[i];
    return NULL;
}

static bool has_id(const diff_report *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->items[i].id, id))
            return true;
    return false;
}

static char *listing(const diff_report *r)
{
    return diff_report_text(r, "old", "new");
}

/* ---- one case per check: what triggers it, and a near miss ------------------------ */

#define MAX_EDITS 4

typedef struct check_case {
    const char *id;
    const char *path; /* where the entry must be; "" for none (whole service or action) */
    edit hit[MAX_EDITS];
    edit miss[MAX_EDITS];
} check_case;

#define OPTIONAL_LABEL "{\"name\":\"Label\",\"type\":\"string\",\"array\":false,\"ref\":null,\"required\":false,\"limits\":{}}"
#define REQUIRED_LABEL "{\"name\":\"Label\",\"type\":\"string\",\"array\":false,\"ref\":null,\"required\":true,\"limits\":{}}"
#define UNKNOWN_LABEL "{\"name\":\"Label\",\"type\":\"string\",\"array\":false,\"ref\":null,\"required\":null,\"limits\":{}}"

static const check_case cases[] = {
    {"service-added", "",
     {{'n', "add", "services", "{\"id\":\"test.gadgets\",\"actions\":[]}"}},
     {{'b', "add", "services", "{\"id\":\"test.gadgets\",\"actions\":[]}"}}},
    {"service-removed", "",
     {{'n', "del", S, NULL}},
     {{'b', "del", S, NULL}}},
    {"endpoint-changed", "endpoint",
     {{'n', "set", S "/endpoint", "\"widgets.example.net\""}},
     {{'n', "set", S "/description", "\"Widgets, described again.\""}}},
    {"version-changed", "version",
     {{'n', "set", S "/version", "\"2021-01-01\""}},
     {{'n', "set", S "/endpoint", "\"widgets.example.net\""}}},
    {"protocol-changed", "protocol.envelope",
     {{'n', "set", S "/protocol/envelope", "\"huawei\""}},
     {{'n', "add", S "/protocol/signing", "\"tc-v1-hmac-sha256\""}}},
    {"signing-removed", "protocol.signing.tc3-hmac-sha256",
     {{'n', "del", S "/protocol/signing/tc3-hmac-sha256", NULL}},
     {{'n', "add", S "/protocol/signing", "\"tc-v1-hmac-sha256\""}}},
    {"signing-added", "protocol.signing.tc-v1-hmac-sha256",
     {{'n', "add", S "/protocol/signing", "\"tc-v1-hmac-sha256\""}},
     {{'n', "del", S "/protocol/signing/tc3-hmac-sha256", NULL}}},
    {"action-added", "",
     {{'n', "add", S "/actions", "{\"name\":\"DeleteWidget\"}"}},
     {{'n', "del", DW, NULL}}},
    {"action-removed", "",
     {{'n', "del", DW, NULL}},
     {{'n', "add", S "/actions", "{\"name\":\"DeleteWidget\"}"}}},
    {"http-method-changed", "http.method",
     {{'n', "set", CW "/http/method", "\"GET\""}},
     {{'n', "set", CW "/http/path", "\"/v2\""}}},
    {"http-path-changed", "http.path",
     {{'n', "set", CW "/http/path", "\"/v2\""}},
     {{'n', "set", CW "/http/method", "\"GET\""}}},
    {"rate-limit-lowered", "rate_limit_per_second",
     {{'n', "set", CW "/rate_limit_per_second", "10"}},
     {{'n', "set", CW "/rate_limit_per_second", "30"}}},
    {"rate-limit-raised", "rate_limit_per_second",
     {{'n', "set", CW "/rate_limit_per_second", "30"}},
     {{'n', "set", CW "/rate_limit_per_second", "10"}}},
    {"rate-limit-added", "rate_limit_per_second",
     {{'n', "set", DW "/rate_limit_per_second", "5"}},
     {{'b', "set", DW "/rate_limit_per_second", "5"}}},
    {"rate-limit-removed", "rate_limit_per_second",
     {{'n', "set", CW "/rate_limit_per_second", "null"}},
     {{'n', "set", CW "/rate_limit_per_second", "25"}}},
    {"regions-restricted", "regions",
     {{'n', "set", DW "/regions", "[\"ap-guangzhou\"]"}},
     {{'n', "add", CW "/regions", "\"ap-shanghai\""}}},
    {"region-removed", "regions.ap-beijing",
     {{'n', "del", CW "/regions/ap-beijing", NULL}},
     {{'n', "add", CW "/regions", "\"ap-shanghai\""}}},
    {"region-added", "regions.ap-shanghai",
     {{'n', "add", CW "/regions", "\"ap-shanghai\""}},
     {{'n', "del", CW "/regions/ap-beijing", NULL}}},
    {"regions-unrestricted", "regions",
     {{'n', "set", CW "/regions", "null"}},
     {{'n', "del", CW "/regions/ap-beijing", NULL}}},
    {"error-code-removed", "errors.InvalidParameter",
     {{'n', "del", S "/errors/InvalidParameter", NULL}},
     {{'n', "add", S "/errors", "{\"code\":\"ResourceNotFound\"}"}}},
    {"error-code-added", "errors.ResourceNotFound",
     {{'n', "add", CW "/errors", "\"ResourceNotFound\""}},
     {{'o', "set", DW "/errors", "null"}, {'n', "set", DW "/errors", "[]"}}},
    {"input-removed", "input.Note",
     {{'n', "del", CW "/input/Note", NULL}},
     {{'n', "set", CW "/input/Note/description", "\"A longer note\""}}},
    {"input-added", "input.Label",
     {{'n', "add", CW "/input", OPTIONAL_LABEL}},
     {{'n', "add", CW "/input", REQUIRED_LABEL}}},
    {"new-required-input", "input.Label",
     {{'n', "add", CW "/input", REQUIRED_LABEL}},
     {{'n', "add", CW "/input", OPTIONAL_LABEL}}},
    {"new-input-required-unknown", "input.Label",
     {{'n', "add", CW "/input", UNKNOWN_LABEL}},
     {{'n', "add", CW "/input", OPTIONAL_LABEL}}},
    {"input-possibly-renamed", "input.Note",
     {{'n', "set", CW "/input/Note/name", "\"Remark\""}},
     {{'n', "del", CW "/input/Note", NULL},
      {'n', "add", CW "/input",
       "{\"name\":\"Remark\",\"type\":\"integer\",\"array\":false,\"required\":false,\"limits\":{}}"}}},
    {"output-removed", "output.Widget",
     {{'n', "del", CW "/output/Widget", NULL}},
     {{'n', "add", CW "/output", "{\"name\":\"Created\",\"type\":\"string\"}"}}},
    {"output-added", "output.Created",
     {{'n', "add", CW "/output", "{\"name\":\"Created\",\"type\":\"string\"}"}},
     {{'n', "del", CW "/output/Widget", NULL}}},
    {"output-possibly-renamed", "output.Total",
     {{'n', "set", DW "/output/Total/name", "\"Count\""}},
     {{'n', "del", DW "/output/Total", NULL},
      {'n', "add", DW "/output", "{\"name\":\"Count\",\"type\":\"string\"}"}}},
    {"struct-added", "structs.Gadget",
     {{'n', "add", ST, "{\"name\":\"Gadget\",\"members\":[]}"}},
     {{'b', "add", ST, "{\"name\":\"Gadget\",\"members\":[]}"}}},
    {"struct-removed", "structs.WidgetSpecView",
     {{'n', "del", ST "/WidgetSpecView", NULL}},
     {{'n', "set", ST "/WidgetSpecView/description", "\"How it was made\""}}},
    {"member-removed", "structs.Widget.Size",
     {{'n', "del", ST "/Widget/members/Size", NULL}},
     {{'n', "set", ST "/Widget/members/Size/description", "\"How big\""}}},
    {"member-added", "structs.Widget.Color",
     {{'n', "add", ST "/Widget/members", "{\"name\":\"Color\",\"type\":\"string\",\"required\":true}"}},
     {{'n', "add", ST "/Tag/members", "{\"name\":\"Color\",\"type\":\"string\",\"required\":true}"}}},
    {"new-required-member", "structs.Tag.Scope",
     {{'n', "add", ST "/Tag/members", "{\"name\":\"Scope\",\"type\":\"string\",\"required\":true}"}},
     {{'n', "add", ST "/Widget/members", "{\"name\":\"Scope\",\"type\":\"string\",\"required\":true}"}}},
    {"new-member-required-unknown", "structs.Tag.Scope",
     {{'n', "add", ST "/Tag/members", "{\"name\":\"Scope\",\"type\":\"string\",\"required\":null}"}},
     {{'n', "add", ST "/Widget/members", "{\"name\":\"Scope\",\"type\":\"string\",\"required\":null}"}}},
    {"member-possibly-renamed", "structs.Tag.Value",
     {{'n', "set", ST "/Tag/members/Value/name", "\"Val\""}},
     {{'n', "del", ST "/Tag/members/Value", NULL},
      {'n', "add", ST "/Tag/members", "{\"name\":\"Val\",\"type\":\"integer\",\"required\":false}"}}},
    {"location-changed", "input.Size.location",
     {{'n', "set", CW "/input/Size/location", "\"query\""}},
     {{'n', "set", CW "/output/RequestId/location", "\"body\""}}},
    {"type-changed", "input.Size.type",
     {{'n', "set", CW "/input/Size/type", "\"string\""}},
     {{'n', "set", CW "/input/Size/array", "true"}}},
    {"array-changed", "input.Size.array",
     {{'n', "set", CW "/input/Size/array", "true"}},
     {{'n', "set", CW "/input/Size/type", "\"string\""}}},
    {"ref-changed", "input.Spec.ref",
     {{'n', "set", CW "/input/Spec/ref", "\"Tag\""}},
     {{'n', "set", CW "/input/Spec/type", "\"string\""}}},
    {"input-became-required", "input.Size.required",
     {{'n', "set", CW "/input/Size/required", "true"}},
     {{'n', "set", ST "/Widget/members/Size/required", "true"}}},
    {"input-became-optional", "input.Name.required",
     {{'n', "set", CW "/input/Name/required", "false"}},
     {{'n', "set", CW "/input/Name/required", "null"}}},
    {"output-became-optional", "output.Total.required",
     {{'n', "set", DW "/output/Total/required", "false"}},
     {{'n', "set", CW "/input/Name/required", "false"}}},
    {"required-became-unknown", "input.Size.required",
     {{'n', "set", CW "/input/Size/required", "null"}},
     {{'n', "set", CW "/input/Note/required", "false"}}},
    {"required-changed", "input.Note.required",
     {{'n', "set", CW "/input/Note/required", "false"}},
     {{'n', "set", CW "/input/Note/required", "true"}}},
    {"param-deprecated", "input.Note.deprecated",
     {{'n', "set", CW "/input/Note/deprecated", "true"}},
     {{'b', "set", CW "/input/Note/deprecated", "true"}}},
    {"param-undeprecated", "input.Note.deprecated",
     {{'o', "set", CW "/input/Note/deprecated", "true"}},
     {{'n', "set", CW "/input/Note/deprecated", "true"}}},
    {"limit-tightened", "input.Name.limits.max_length",
     {{'n', "set", CW "/input/Name/limits/max_length/value", "32"}},
     {{'n', "set", CW "/input/Name/limits/max_length/value", "128"}}},
    {"limit-hint-tightened", "input.Note.limits.max_length",
     {{'n', "set", CW "/input/Note/limits/max_length/value", "100"}},
     {{'n', "set", CW "/input/Note/limits/max_length/value", "300"}}},
    {"limit-loosened", "input.Name.limits.max_length",
     {{'n', "set", CW "/input/Name/limits/max_length/value", "128"}},
     {{'n', "set", CW "/input/Name/limits/max_length/value", "32"}}},
    {"enum-value-removed", "input.Color.limits.enum",
     {{'n', "del", CW "/input/Color/limits/enum/values/red", NULL}},
     {{'n', "add", CW "/input/Color/limits/enum/values", "{\"value\":\"blue\",\"label\":null}"}}},
    {"enum-value-added", "input.Color.limits.enum",
     {{'n', "add", CW "/input/Color/limits/enum/values", "{\"value\":\"blue\",\"label\":null}"}},
     {{'n', "del", CW "/input/Color/limits/enum/values/red", NULL}}},
    {"pattern-changed", "input.Name.limits.pattern",
     {{'n', "set", CW "/input/Name/limits/pattern/value", "\"^[A-Za-z]\""}},
     {{'n', "set", CW "/input/Name/limits/pattern/enforce", "false"}}},
    {"default-changed", "input.Size.limits.default",
     {{'n', "set", CW "/input/Size/limits/default/value", "\"20\""}},
     {{'n', "set", CW "/input/Size/limits/default/source", "\"ten unless told\""}}},
    {"response-limit-changed", "structs.Widget.State.limits.enum",
     {{'n', "del", ST "/Widget/members/State/limits/enum/values/off", NULL}},
     {{'n', "del", ST "/WidgetSpec/members/Finish/limits/enum/values/gloss", NULL}}},
    {"description-changed", "description",
     {{'n', "set", CW "/description", "\"Makes one widget.\""}},
     {{'n', "set", CW "/examples", "[{\"title\":\"one\",\"request\":\"{}\",\"response\":\"{}\"}]"},
      {'n', "set", CW "/source/line", "11"}}},
};

Test(diff_checks, every_check_fires_on_its_pair)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const check_case *k = &cases[i];
        diff_report r = DIFF_REPORT_INIT;
        diff_edits(k->hit, &r);
        const diff_entry *e = find_entry(&r, k->id, k->path[0] ? k->path : NULL);
        char *text = listing(&r);
        cr_assert_not_null(e, "%s: no entry at '%s'; got:\n%s", k->id, k->path, text);
        cr_assert_eq(e->level, diff_check_find(k->id)->level, "%s: level", k->id);
        cr_assert_not_null(e->message);
        free(text);
        diff_report_free(&r);
    }
}

Test(diff_checks, every_check_stays_quiet_on_its_near_miss)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const check_case *k = &cases[i];
        diff_report r = DIFF_REPORT_INIT;
        diff_edits(k->miss, &r);
        char *text = listing(&r);
        cr_assert(!has_id(&r, k->id), "%s fired on its near miss:\n%s", k->id, text);
        free(text);
        diff_report_free(&r);
    }
}

Test(diff_checks, every_documented_check_has_a_case_and_a_line_in_docs)
{
    size_t n;
    const diff_check *all = diff_checks(&n);
    char *doc = test_read_file(test_source_path("docs/diff.md"), NULL);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof cases / sizeof cases[0] && !found; k++)
            found = !strcmp(cases[k].id, all[i].id);
        cr_assert(found, "check %s has no test case", all[i].id);
        char row[128];
        snprintf(row, sizeof row, "| `%s` | %s |", all[i].id, diff_level_name(all[i].level));
        cr_assert_not_null(strstr(doc, row), "docs/diff.md has no row '%s'", row);
    }
    free(doc);
}

Test(diff_checks, identical_irs_have_no_changes)
{
    static const edit none[] = {{0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(none, &r);
    cr_assert_eq(r.n, 0);
    char *text = listing(&r);
    cr_assert_not_null(strstr(text, "no changes"));
    free(text);
    diff_report_free(&r);
}

/* ---- particular judgements --------------------------------------------------------- */

Test(diff_checks, a_rename_is_reported_as_removed_and_added_with_a_note)
{
    static const edit e[] = {{'n', "set", CW "/input/Note/name", "\"Remark\""}, {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    cr_assert_eq(r.n, 3, "removed, added, possibly renamed");
    const diff_entry *gone = find_entry(&r, "input-removed", "input.Note");
    const diff_entry *added = find_entry(&r, "new-input-required-unknown", "input.Remark");
    const diff_entry *note = find_entry(&r, "input-possibly-renamed", "input.Note");
    cr_assert(gone && added && note);
    cr_assert_str_eq(note->old_value, "Note");
    cr_assert_str_eq(note->new_value, "Remark");
    cr_assert_not_null(strstr(gone->message, "possibly renamed to Remark"));
    cr_assert_not_null(strstr(added->message, "possibly renamed from Note"));
    diff_report_free(&r);
}

Test(diff_checks, a_rename_is_found_by_predecessor_after_an_insertion)
{
    /* Name gone from the front shifts every index; Note -> Remark still
     * follows Color, and Name (a string too) has no partner at its place. */
    static const edit e[] = {{'n', "set", CW "/input/Note/name", "\"Remark\""},
                             {'n', "del", CW "/input/Name", NULL},
                             {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    const diff_entry *note = find_entry(&r, "input-possibly-renamed", "input.Note");
    cr_assert_not_null(note);
    cr_assert_str_eq(note->new_value, "Remark");
    cr_assert_null(find_entry(&r, "input-possibly-renamed", "input.Name"),
                   "Name has no same-typed partner");
    diff_report_free(&r);
}

Test(diff_checks, struct_usage_follows_references_transitively)
{
    /* WidgetSpecView is reached from responses only (Widget.View): a
     * required member added there is harmless. Once a request struct refers
     * to it too, the same addition breaks requests. */
    static const edit response_only[] = {
        {'n', "add", ST "/WidgetSpecView/members", "{\"name\":\"Grain\",\"type\":\"string\",\"required\":true}"},
        {0}};
    static const edit also_request[] = {
        {'b', "add", ST "/WidgetSpec/members",
         "{\"name\":\"View\",\"type\":\"object\",\"ref\":\"WidgetSpecView\",\"required\":false}"},
        {'n', "add", ST "/WidgetSpecView/members", "{\"name\":\"Grain\",\"type\":\"string\",\"required\":true}"},
        {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(response_only, &r);
    cr_assert_not_null(find_entry(&r, "member-added", "structs.WidgetSpecView.Grain"));
    cr_assert_eq(r.counts[DIFF_BREAKING], 0);
    diff_report_free(&r);
    diff_edits(also_request, &r);
    const diff_entry *e = find_entry(&r, "new-required-member", "structs.WidgetSpecView.Grain");
    cr_assert_not_null(e);
    cr_assert_null(e->action, "struct changes belong to no one action");
    cr_assert_eq(e->group, 2);
    cr_assert_str_eq(e->subject, "WidgetSpecView");
    diff_report_free(&r);
}

Test(diff_checks, a_struct_only_the_new_ir_uses_in_requests_is_request_side)
{
    static const edit e[] = {
        {'n', "set", DW "/input/Limit/ref", "\"WidgetSpecView\""},
        {'n', "set", DW "/input/Limit/type", "\"object\""},
        {'n', "set", ST "/WidgetSpecView/members/Depth/required", "true"},
        {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    cr_assert_not_null(find_entry(&r, "input-became-required", "structs.WidgetSpecView.Depth.required"));
    diff_report_free(&r);
}

Test(diff_checks, limit_judgements)
{
    struct {
        edit e[3];
        const char *id;
        const char *path;
    } t[] = {
        /* a larger minimum tightens */
        {{{'n', "set", CW "/input/Size/limits/minimum/value", "5"}}, "limit-tightened", "input.Size.limits.minimum"},
        /* a new enforced limit tightens */
        {{{'n', "set", DW "/input/Limit/limits/minimum",
           "{\"value\":1,\"enforce\":true,\"provenance\":\"document\",\"source\":\"at least 1\"}"}},
         "limit-tightened", "input.Limit.limits.minimum"},
        /* a hint that becomes enforced tightens even when it grows */
        {{{'n', "set", CW "/input/Note/limits/max_length",
           "{\"value\":300,\"enforce\":true,\"provenance\":\"document\",\"source\":\"300\"}"}},
         "limit-tightened", "input.Note.limits.max_length"},
        /* an enforced limit that becomes a hint loosens */
        {{{'n', "set", CW "/input/Name/limits/max_length/enforce", "false"}}, "limit-loosened", "input.Name.limits.max_length"},
        /* a limit gone loosens */
        {{{'n', "del", CW "/input/Tags/limits/max_items", NULL}}, "limit-loosened", "input.Tags.limits.max_items"},
        /* an enum gone loosens */
        {{{'n', "del", CW "/input/Color/limits/enum", NULL}}, "limit-loosened", "input.Color.limits.enum"},
        /* an enum hint now enforced tightens */
        {{{'o', "set", CW "/input/Color/limits/enum/enforce", "false"}}, "limit-tightened", "input.Color.limits.enum.enforce"},
        /* a value gone from an enum hint is a hint tightened */
        {{{'b', "set", CW "/input/Color/limits/enum/enforce", "false"},
          {'n', "del", CW "/input/Color/limits/enum/values/red", NULL}},
         "limit-hint-tightened", "input.Color.limits.enum"},
        /* a value gone from a request-side member's enum breaks requests */
        {{{'n', "del", ST "/WidgetSpec/members/Finish/limits/enum/values/gloss", NULL}},
         "enum-value-removed", "structs.WidgetSpec.Finish.limits.enum"},
        /* a response enum growing is info */
        {{{'n', "add", ST "/Widget/members/State/limits/enum/values", "{\"value\":\"broken\"}"}},
         "enum-value-added", "structs.Widget.State.limits.enum"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        diff_report r = DIFF_REPORT_INIT;
        edit with_end[4] = {t[i].e[0], t[i].e[1], t[i].e[2], {0}};
        diff_edits(with_end, &r);
        char *text = listing(&r);
        cr_assert_not_null(find_entry(&r, t[i].id, t[i].path), "case %zu: want %s at %s; got:\n%s",
                           i, t[i].id, t[i].path, text);
        free(text);
        diff_report_free(&r);
    }
}

Test(diff_checks, a_type_change_does_not_also_compare_limits)
{
    static const edit e[] = {{'n', "set", CW "/input/Size/type", "\"string\""},
                             {'n', "del", CW "/input/Size/limits/maximum", NULL},
                             {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    cr_assert_eq(r.n, 1);
    cr_assert_str_eq(r.items[0].id, "type-changed");
    cr_assert_str_eq(r.items[0].old_value, "integer");
    cr_assert_str_eq(r.items[0].new_value, "string");
    diff_report_free(&r);
}

Test(diff_checks, error_codes_of_an_action_and_of_the_service)
{
    static const edit e[] = {{'n', "set", CW "/errors", "[]"},
                             {'n', "del", S "/errors/FailedOperation", NULL},
                             {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    cr_assert_eq(r.n, 2);
    const diff_entry *svc = &r.items[0], *act = &r.items[1];
    cr_assert_null(svc->action);
    cr_assert_str_eq(svc->path, "errors.FailedOperation");
    cr_assert_str_eq(act->action, "CreateWidget");
    cr_assert_str_eq(act->path, "errors.FailedOperation");
    diff_report_free(&r);
}

/* ---- order and output ---------------------------------------------------------------- */

static const edit mixed[] = {
    {'n', "del", CW "/input/Note", NULL},
    {'n', "set", CW "/description", "\"Makes one widget.\""},
    {'n', "set", CW "/rate_limit_per_second", "10"},
    {'n', "add", S "/actions", "{\"name\":\"AddWidgets\"}"},
    {'n', "add", ST "/Tag/members", "{\"name\":\"Scope\",\"type\":\"string\",\"required\":false}"},
    {'n', "set", S "/version", "\"2021-01-01\""},
    {'n', "add", "services", "{\"id\":\"test.gadgets\"}"},
    {0}};

Test(diff_output, order_is_service_then_actions_then_structs_breaking_first)
{
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(mixed, &r);
    static const char *const want[][2] = {
        {"service-added", NULL},
        {"version-changed", NULL},
        {"action-added", "AddWidgets"},
        {"input-removed", "CreateWidget"},
        {"rate-limit-lowered", "CreateWidget"},
        {"description-changed", "CreateWidget"},
        {"member-added", NULL},
    };
    cr_assert_eq(r.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r.n; i++) {
        cr_assert_str_eq(r.items[i].id, want[i][0], "entry %zu", i);
        if (want[i][1])
            cr_assert_str_eq(r.items[i].action, want[i][1]);
    }
    cr_assert_eq(r.counts[DIFF_BREAKING], 2);
    cr_assert_eq(r.counts[DIFF_WARNING], 1);
    cr_assert_eq(r.counts[DIFF_INFO], 4);
    cr_assert(diff_report_reaches(&r, DIFF_WARNING));
    diff_report_free(&r);
}

Test(diff_output, text_changelog)
{
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(mixed, &r);
    char *text = diff_report_text(&r, "a.json", "b.json");
    const char *want =
        "docbind diff a.json -> b.json\n"
        "2 breaking, 1 warning, 4 info\n"
        "\n"
        "test.gadgets\n"
        "  service\n"
        "    info      service-added: service test.gadgets added\n"
        "\n"
        "test.widgets\n"
        "  service\n"
        "    breaking  version-changed: API version 2020-01-01 -> 2021-01-01\n"
        "  action AddWidgets\n"
        "    info      action-added: action AddWidgets added\n"
        "  action CreateWidget\n"
        "    breaking  input-removed: input Note (string) removed\n"
        "    warning   rate-limit-lowered: rate limit 20/s -> 10/s\n"
        "    info      description-changed: description changed\n"
        "  struct Tag\n"
        "    info      member-added: optional member Tag.Scope (string) added\n";
    cr_assert_str_eq(text, want);
    free(text);
    diff_report_free(&r);
}

Test(diff_output, json_lists_every_field)
{
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(mixed, &r);
    char *text = diff_report_json(&r, "a.json", "b.json");
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j);
    cr_assert_str_eq(cJSON_GetObjectItem(j, "old")->valuestring, "a.json");
    const cJSON *sum = cJSON_GetObjectItem(j, "summary");
    cr_assert_eq(cJSON_GetObjectItem(sum, "breaking")->valueint, 2);
    cr_assert_eq(cJSON_GetObjectItem(sum, "warning")->valueint, 1);
    cr_assert_eq(cJSON_GetObjectItem(sum, "info")->valueint, 4);
    const cJSON *changes = cJSON_GetObjectItem(j, "changes");
    cr_assert_eq(cJSON_GetArraySize(changes), 7);
    const cJSON *gone = cJSON_GetArrayItem(changes, 3);
    static const char *const fields[] = {"id", "level", "service", "action", "path", "old", "new", "message"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cr_assert_not_null(cJSON_GetObjectItem(gone, fields[i]), "no %s", fields[i]);
    cr_assert_str_eq(cJSON_GetObjectItem(gone, "id")->valuestring, "input-removed");
    cr_assert_str_eq(cJSON_GetObjectItem(gone, "level")->valuestring, "breaking");
    cr_assert_str_eq(cJSON_GetObjectItem(gone, "path")->valuestring, "input.Note");
    cr_assert_str_eq(cJSON_GetObjectItem(gone, "old")->valuestring, "string");
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(gone, "new")));
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(changes, 0), "action")));
    cJSON_Delete(j);
    free(text);
    diff_report_free(&r);
}

Test(diff_output, the_same_inputs_give_the_same_bytes)
{
    diff_report a = DIFF_REPORT_INIT, b = DIFF_REPORT_INIT;
    diff_edits(mixed, &a);
    diff_edits(mixed, &b);
    char *ta = diff_report_json(&a, "x", "y"), *tb = diff_report_json(&b, "x", "y");
    cr_assert_str_eq(ta, tb);
    free(ta);
    free(tb);
    diff_report_free(&a);
    diff_report_free(&b);
}

Test(diff_output, actions_in_another_order_are_not_a_change)
{
    cJSON *o = base_ir(), *n = base_ir();
    cJSON *actions = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(n, "services"), 0), "actions");
    cJSON *first = cJSON_DetachItemFromArray(actions, 0);
    cJSON_AddItemToArray(actions, first);
    diff_report r = DIFF_REPORT_INIT;
    ir_diff(o, n, &r);
    cr_assert_eq(r.n, 0);
    diff_report_free(&r);
    cJSON_Delete(o);
    cJSON_Delete(n);
}

/* ---- overrides ------------------------------------------------------------------------- */

static int parse_rules(const char *text, diff_overrides *o, diag_list *d)
{
    return diff_overrides_parse("rules.json", text, strlen(text), o, d);
}

Test(diff_overrides, lower_and_ignore_by_id_service_action_and_path)
{
    diff_overrides o = DIFF_OVERRIDES_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_rules("{\"overrides\": ["
                             " {\"id\": \"input-removed\", \"service\": \"test.widgets\","
                             "  \"action\": \"CreateWidget\", \"path\": \"input.Note\","
                             "  \"level\": \"info\", \"reason\": \"deprecated since release 2\"},"
                             " {\"id\": \"description-changed\", \"level\": \"ignore\"},"
                             " {\"id\": \"rate-limit-lowered\", \"action\": \"DescribeWidgets\","
                             "  \"level\": \"ignore\"}],"
                             " \"$comment\": \"for the test\"}",
                             &o, &d),
                 0);
    cr_assert_eq(o.n, 3);
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(mixed, &r);
    diff_apply_overrides(&r, &o);
    cr_assert_eq(r.ignored, 1, "description-changed");
    cr_assert_eq(r.n, 6);
    const diff_entry *e = find_entry(&r, "input-removed", "input.Note");
    cr_assert_eq(e->level, DIFF_INFO);
    cr_assert_eq(e->was_level, DIFF_BREAKING);
    cr_assert_str_eq(e->override_reason, "deprecated since release 2");
    cr_assert_eq(find_entry(&r, "rate-limit-lowered", "rate_limit_per_second")->level, DIFF_WARNING,
                 "the rule names another action");
    cr_assert_eq(r.counts[DIFF_BREAKING], 1);
    cr_assert_eq(r.counts[DIFF_INFO], 4);
    char *text = diff_report_text(&r, "a", "b");
    cr_assert_not_null(strstr(text, "(1 ignored by overrides)"));
    cr_assert_not_null(strstr(text, "[lowered from breaking: deprecated since release 2]"));
    free(text);
    text = diff_report_json(&r, "a", "b");
    cr_assert_not_null(strstr(text, "\"level_was\":\t\"breaking\""));
    free(text);
    diff_report_free(&r);
    diff_overrides_free(&o);
    diag_list_free(&d);
}

Test(diff_overrides, a_path_matches_itself_and_below_only)
{
    diff_overrides o = DIFF_OVERRIDES_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_rules("{\"overrides\": [{\"id\": \"limit-tightened\", \"path\": \"input.Name\", \"level\": \"ignore\"},"
                             " {\"id\": \"limit-tightened\", \"path\": \"input.Na\", \"level\": \"info\"}]}",
                             &o, &d),
                 0);
    static const edit e[] = {{'n', "set", CW "/input/Name/limits/max_length/value", "32"},
                             {'n', "set", CW "/input/Size/limits/maximum/value", "50"},
                             {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    diff_apply_overrides(&r, &o);
    cr_assert_eq(r.ignored, 1);
    cr_assert_eq(r.n, 1);
    cr_assert_str_eq(r.items[0].path, "input.Size.limits.maximum");
    cr_assert_eq(r.items[0].level, DIFF_BREAKING, "'input.Na' is not a prefix of input.Size");
    diff_report_free(&r);
    diff_overrides_free(&o);
    diag_list_free(&d);
}

Test(diff_overrides, the_first_matching_rule_wins)
{
    diff_overrides o = DIFF_OVERRIDES_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_rules("{\"overrides\": [{\"id\": \"input-removed\", \"level\": \"warning\"},"
                             " {\"id\": \"input-removed\", \"level\": \"ignore\"}]}",
                             &o, &d),
                 0);
    static const edit e[] = {{'n', "del", CW "/input/Note", NULL}, {0}};
    diff_report r = DIFF_REPORT_INIT;
    diff_edits(e, &r);
    diff_apply_overrides(&r, &o);
    cr_assert_eq(r.n, 1);
    cr_assert_eq(r.items[0].level, DIFF_WARNING);
    cr_assert_eq(r.ignored, 0);
    diff_report_free(&r);
    diff_overrides_free(&o);
    diag_list_free(&d);
}

Test(diff_overrides, bad_files_are_refused_with_a_reason)
{
    static const struct {
        const char *text, *needle;
    } bad[] = {
        {"", "empty"},
        {"{\"overrides\": [", "JSON syntax error"},
        {"[]", "expected {\"overrides\""},
        {"{\"overrides\": [{\"id\": \"no-such-check\", \"level\": \"info\"}]}", "unknown check id 'no-such-check'"},
        {"{\"overrides\": [{\"id\": \"description-changed\", \"level\": \"breaking\"}]}", "not raise it"},
        {"{\"overrides\": [{\"id\": \"input-removed\", \"level\": \"low\"}]}", "level 'low'"},
        {"{\"overrides\": [{\"id\": \"input-removed\"}]}", "are required"},
        {"{\"overrides\": [{\"id\": \"input-removed\", \"level\": \"info\", \"why\": \"x\"}]}", "unknown key \"why\""},
        {"{\"overrides\": [{\"id\": 7, \"level\": \"info\"}]}", "\"id\" must be a non-empty string"},
        {"{\"overrides\": [], \"extra\": 1}", "unknown key \"extra\""},
        {"{\"overrides\": [\"input-removed\"]}", "expected an object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        diff_overrides o = DIFF_OVERRIDES_INIT;
        diag_list d = DIAG_LIST_INIT;
        cr_assert_eq(parse_rules(bad[i].text, &o, &d), -1, "accepted: %s", bad[i].text);
        cr_assert_gt(d.errors, 0);
        bool found = false;
        for (size_t k = 0; k < d.n; k++)
            found |= strstr(d.items[k].message, bad[i].needle) != NULL &&
                     !strcmp(d.items[k].file, "rules.json");
        cr_assert(found, "no '%s' in the errors about: %s (first: %s)", bad[i].needle, bad[i].text,
                  d.items[0].message);
        diff_overrides_free(&o);
        diag_list_free(&d);
    }
}

/* ---- what is not an IR ------------------------------------------------------------------- */

static void expect_refused(const char *text, const char *needle, int line)
{
    char *path = test_write_temp(text, strlen(text), ".json");
    diag_list d = DIAG_LIST_INIT;
    cJSON *ir = ir_diff_load(path, &d);
    cr_assert_null(ir, "accepted: %s", text);
    cr_assert_gt(d.errors, 0);
    bool found = false;
    for (size_t k = 0; k < d.n; k++)
        found |= strstr(d.items[k].message, needle) && !strcmp(d.items[k].file, path) &&
                 (line < 0 || d.items[k].line == line);
    cr_assert(found, "no '%s' (line %d) about %s; first: %s:%d: %s", needle, line, text,
              d.items[0].file, d.items[0].line, d.items[0].message);
    diag_list_free(&d);
    unlink(path);
    free(path);
}

Test(diff_input, not_an_ir_is_refused_naming_the_file)
{
    expect_refused("", "empty", -1);
    expect_refused("{\n  \"ir_version\": 1,\n  \"services\": [,]\n}\n", "JSON syntax error", 3);
    expect_refused("{\"ir_version\": 1} trailing", "JSON syntax error", 1);
    expect_refused("[1, 2]", "top level is not a JSON object", -1);
    expect_refused("{\"openapi\": \"3.0.0\"}", "no \"ir_version\"", -1);
    expect_refused("{\"ir_version\": 2, \"services\": []}", "ir_version 2 is not supported", -1);
    expect_refused("{\"ir_version\": \"1\", \"services\": []}", "ir_version \"1\" is not supported", -1);
    expect_refused("{\"ir_version\": 1}", "/services: expected an array", -1);
    expect_refused("{\"ir_version\": 1, \"services\": [{\"id\": \"a\", \"actions\": [{\"title\": \"x\"}]}]}",
                   "/services/0/actions/0/name: expected a non-empty string", -1);
    expect_refused("{\"ir_version\": 1, \"services\": [{\"id\": \"a\", \"actions\": [{\"name\": \"A\","
                   " \"input\": [{\"name\": \"P\", \"required\": \"yes\"}]}]}]}",
                   "/services/0/actions/0/input/0/required: expected true, false or null", -1);
    expect_refused("{\"ir_version\": 1, \"services\": [{\"id\": \"a\", \"structs\": [{\"name\": \"S\","
                   " \"members\": [{\"name\": \"M\", \"limits\": {\"max_length\": {\"value\": \"64\"}}}]}]}]}",
                   "/services/0/structs/0/members/0/limits/max_length/value: expected a number", -1);
    expect_refused("{\"ir_version\": 1, \"services\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}",
                   "/services/1/id: expected an id no other service has", -1);
    expect_refused("{\"ir_version\": 1, \"services\": [{\"id\": \"a\", \"errors\": [{\"code\": null}]}]}",
                   "/services/0/errors/0/code", -1);
    char nul[] = "{\"ir_version\": 1,\0 \"services\": []}";
    char *path = test_write_temp(nul, sizeof nul - 1, ".json");
    diag_list d = DIAG_LIST_INIT;
    cr_assert_null(ir_diff_load(path, &d));
    cr_assert_not_null(strstr(d.items[0].message, "NUL"));
    diag_list_free(&d);
    unlink(path);
    free(path);
}

Test(diff_input, a_missing_file_is_named)
{
    diag_list d = DIAG_LIST_INIT;
    cr_assert_null(ir_diff_load("/nonexistent/old.json", &d));
    cr_assert_str_eq(d.items[0].file, "/nonexistent/old.json");
    cr_assert_not_null(strstr(d.items[0].message, "cannot open"));
    diag_list_free(&d);
}

Test(diff_input, fields_the_diff_does_not_know_are_ignored)
{
    const char *text = "{\"ir_version\": 1, \"future\": {\"x\": 1}, \"services\": [{\"id\": \"a\","
                       " \"mystery\": [1], \"actions\": [{\"name\": \"A\", \"input\": [{\"name\": \"P\","
                       " \"limits\": {\"multiple_of\": {\"value\": \"odd\"}}}]}]}]}";
    char *path = test_write_temp(text, strlen(text), ".json");
    diag_list d = DIAG_LIST_INIT;
    cJSON *ir = ir_diff_load(path, &d);
    cr_assert_not_null(ir, "%s", d.n ? d.items[0].message : "");
    diff_report r = DIFF_REPORT_INIT;
    ir_diff(ir, ir, &r);
    cr_assert_eq(r.n, 0);
    diff_report_free(&r);
    cJSON_Delete(ir);
    diag_list_free(&d);
    unlink(path);
    free(path);
}

Test(diff_input, the_checked_in_irs_load_and_equal_themselves)
{
    static const char *const files[] = {"generated/ir/tencent-ckafka.json", "generated/ir/huawei.json",
                                        "generated/ir/aliyun.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        diag_list d = DIAG_LIST_INIT;
        cJSON *ir = ir_diff_load(test_source_path(files[i]), &d);
        cr_assert_not_null(ir, "%s: %s", files[i], d.n ? d.items[0].message : "");
        diff_report r = DIFF_REPORT_INIT;
        ir_diff(ir, ir, &r);
        cr_assert_eq(r.n, 0, "%s", files[i]);
        diff_report_free(&r);
        cJSON_Delete(ir);
        diag_list_free(&d);
    }
}
