/* The Tencent document's change history: the 126 releases as records, their
 * JSON form, deprecation marks, the grammar's hazards, and docbind diff
 * agreeing with what each release says it changed. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "ir_diff.h"
#include "ir_json.h"
#include "ir_test_util.h"
#include "parse.h"
#include "test_support.h"

#define TENCENT_DOC "specs/004_6cc4ec163aabbe10.txt"

static const ir_release *release(const ir_service *svc, int number)
{
    for (size_t i = 0; i < svc->n_history; i++)
        if (svc->history[i].number == number)
            return &svc->history[i];
    cr_assert_fail("no release %d", number);
    return NULL;
}

static void assert_change(const ir_change *c, const char *kind, const char *target,
                          const char *const *names, size_t n_names)
{
    cr_assert_str_eq(c->kind, kind);
    cr_assert_str_eq(c->target, target);
    cr_assert_eq(c->n_names, n_names, "%s %s: names", kind, target);
    for (size_t i = 0; i < n_names; i++)
        cr_assert_str_eq(c->names[i], names[i]);
}

static size_t count_kind(const ir_service *svc, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < svc->n_history; i++)
        for (size_t c = 0; c < svc->history[i].n_changes; c++)
            n += !strcmp(svc->history[i].changes[c].kind, kind);
    return n;
}

/* ---- the document -------------------------------------------------------------- */

Test(history_document, the_126_releases)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&ir, &d, TENCENT_DOC);
    cr_assert(!diag_mentions(&d, "change history"), "the history reads without a warning");
    ir_service *svc = must_service(&ir, "tencent.ckafka");
    cr_assert_eq(svc->n_history, 126);
    for (size_t i = 0; i < svc->n_history; i++) {
        const ir_release *r = &svc->history[i];
        cr_assert_eq(r->number, 126 - (int)i, "newest first, none missing");
        cr_assert_not_null(r->date, "release %d", r->number);
        cr_assert_eq(strlen(r->date), strlen("2025-07-01 01:13:50"), "release %d: %s", r->number, r->date);
        cr_assert_str_eq(r->source_file, test_source_path(TENCENT_DOC));
    }
    cr_assert_eq(must_service(&ir, "tencent.ckafka.v2")->n_history, 0, "the legacy part has none");

    const ir_release *r = release(svc, 126);
    cr_assert_str_eq(r->date, "2025-07-01 01:13:50");
    cr_assert_eq(r->line, 1);
    cr_assert_eq(r->n_changes, 1);
    assert_change(&r->changes[0], "struct_member_added", "DescribeDatahubTaskRes",
                  (const char *[]){"Description", "IsolateStatus"}, 2);
    cr_assert_eq(r->changes[0].line, 13);

    r = release(svc, 125);
    cr_assert_str_eq(r->date, "2025-06-24 01:14:31");
    cr_assert_eq(r->n_changes, 2);
    assert_change(&r->changes[0], "action_input_added", "ModifyInstanceAttributes",
                  (const char *[]){"DeleteProtectionEnable"}, 1);
    assert_change(&r->changes[1], "struct_member_added", "InstanceAttributesResponse",
                  (const char *[]){"DeleteProtectionEnable"}, 1);

    /* Release 122 runs across a page break: furniture between its lines. */
    r = release(svc, 122);
    cr_assert_str_eq(r->date, "2025-05-27 01:18:04");
    cr_assert_eq(r->n_changes, 4);
    assert_change(&r->changes[0], "action_input_added", "CreateDatahubTask",
                  (const char *[]){"Description"}, 1);
    assert_change(&r->changes[1], "action_input_deprecated", "CreateDatahubTask",
                  (const char *[]){"PrivateLinkParam"}, 1);
    assert_change(&r->changes[2], "action_input_deprecated", "DescribeInstances",
                  (const char *[]){"TagKey"}, 1);
    assert_change(&r->changes[3], "action_input_deprecated", "DescribeInstancesDetail",
                  (const char *[]){"InstanceIds"}, 1);

    /* A name list that wraps onto the next line after a trailing comma. */
    r = release(svc, 82);
    bool found = false;
    for (size_t c = 0; c < r->n_changes; c++)
        if (!strcmp(r->changes[c].target, "CreateInstancePost")) {
            cr_assert_eq(r->changes[c].n_names, 11);
            cr_assert_str_eq(r->changes[c].names[9], "InstanceNum");
            cr_assert_str_eq(r->changes[c].names[10], "PublicNetworkMonthly");
            found = true;
        }
    cr_assert(found);

    /* Deletions; the struct after a page break. */
    r = release(svc, 9);
    cr_assert_eq(r->n_changes, 4);
    assert_change(&r->changes[0], "action_removed", "FetchMessageByOffset", NULL, 0);
    assert_change(&r->changes[3], "struct_removed", "ConsumerRecord", NULL, 0);

    /* Release 113's heading is preceded by a numberless copy at a page break. */
    r = release(svc, 113);
    cr_assert_str_eq(r->date, "2024-12-03 01:12:51");
    assert_change(&r->changes[0], "struct_member_modified", "BrokerTopicData",
                  (const char *[]){"TopicName", "TopicId", "DataSize"}, 3);

    r = release(svc, 1);
    cr_assert_str_eq(r->date, "2020-01-06 19:27:43");
    cr_assert_eq(r->n_changes, 64, "26 actions and 38 structs, the last after the furniture");
    assert_change(&r->changes[63], "struct_added", "VipEntity", NULL, 0);

    static const struct {
        const char *kind;
        size_t n;
    } totals[] = {
        {"struct_added", 179},          {"struct_member_added", 97},    {"action_added", 91},
        {"action_input_added", 53},     {"struct_member_modified", 17}, {"action_input_deprecated", 4},
        {"action_input_modified", 4},   {"action_output_added", 3},     {"action_removed", 3},
        {"struct_member_deprecated", 2}, {"action_output_removed", 2},  {"struct_removed", 1},
        {"action_output_modified", 1},  {"action_modified", 0},         {"struct_modified", 0},
    };
    size_t all = 0;
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        cr_assert_eq(count_kind(svc, totals[i].kind), totals[i].n, "%s", totals[i].kind);
        all += totals[i].n;
    }
    size_t n_changes = 0;
    for (size_t i = 0; i < svc->n_history; i++)
        n_changes += svc->history[i].n_changes;
    cr_assert_eq(n_changes, all);
    cr_assert_eq(n_changes, 457);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(history_document, records_round_trip_through_json)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&ir, &d, TENCENT_DOC);
    ir_service *svc = must_service(&ir, "tencent.ckafka");
    char *text = ir_to_json_text(&ir);
    cJSON *root = cJSON_Parse(text);
    cr_assert_not_null(root);
    const cJSON *js = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "services"), 0);
    cr_assert_str_eq(cJSON_GetObjectItem(js, "id")->valuestring, "tencent.ckafka");
    const cJSON *history = cJSON_GetObjectItem(js, "history");
    cr_assert_eq(cJSON_GetArraySize(history), 126);
    size_t i = 0, changes = 0, names = 0;
    for (const cJSON *r = history->child; r; r = r->next, i++) {
        const ir_release *m = &svc->history[i];
        cr_assert_eq(cJSON_GetObjectItem(r, "release")->valueint, m->number);
        cr_assert_str_eq(cJSON_GetObjectItem(r, "date")->valuestring, m->date);
        cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "source"), "line")->valueint, m->line);
        const cJSON *cs = cJSON_GetObjectItem(r, "changes");
        cr_assert_eq((size_t)cJSON_GetArraySize(cs), m->n_changes);
        size_t c = 0;
        for (const cJSON *x = cs->child; x; x = x->next, c++) {
            const ir_change *mc = &m->changes[c];
            cr_assert_str_eq(cJSON_GetObjectItem(x, "kind")->valuestring, mc->kind);
            cr_assert_str_eq(cJSON_GetObjectItem(x, "target")->valuestring, mc->target);
            cr_assert_eq(cJSON_GetObjectItem(x, "line")->valueint, mc->line);
            const cJSON *ns = cJSON_GetObjectItem(x, "names");
            cr_assert_eq((size_t)cJSON_GetArraySize(ns), mc->n_names);
            size_t k = 0;
            for (const cJSON *nm = ns->child; nm; nm = nm->next, k++)
                cr_assert_str_eq(nm->valuestring, mc->names[k]);
            names += mc->n_names;
            changes++;
        }
    }
    cr_assert_eq(changes, 457);
    cr_assert_eq(names, 283, "parameters and members named");
    cr_assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "services"), 1), "history"),
                   "no history key where the documents give none");
    cJSON_Delete(root);
    free(text);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

/* What the history deprecates is marked where the pages still list it; in
 * this document the pages no longer list any of it. */
Test(history_document, deprecated_marks_where_the_pages_still_list_them)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&ir, &d, TENCENT_DOC);
    ir_service *svc = must_service(&ir, "tencent.ckafka");
    size_t named = 0;
    for (size_t i = 0; i < svc->n_history; i++)
        for (size_t c = 0; c < svc->history[i].n_changes; c++) {
            const ir_change *ch = &svc->history[i].changes[c];
            if (!strstr(ch->kind, "_deprecated"))
                continue;
            for (size_t k = 0; k < ch->n_names; k++, named++) {
                ir_param *p = NULL;
                if (!strcmp(ch->kind, "struct_member_deprecated")) {
                    ir_struct *s = ir_find_struct(svc, ch->target);
                    p = s ? ir_find_param(s->members, s->n_members, ch->names[k]) : NULL;
                } else {
                    ir_action *a = ir_find_action(svc, ch->target);
                    bool in = !strcmp(ch->kind, "action_input_deprecated");
                    p = !a ? NULL : ir_find_param(in ? a->input : a->output, in ? a->n_input : a->n_output,
                                                  ch->names[k]);
                }
                cr_assert(!p || p->deprecated, "%s.%s is listed but not marked", ch->target, ch->names[k]);
            }
        }
    cr_assert_eq(named, 6);
    /* Nothing else is marked: TagKey of DescribeInstancesDetail stays
     * unmarked, only DescribeInstances' TagKey was deprecated. */
    size_t marked = 0;
    for (size_t a = 0; a < svc->n_actions; a++)
        for (size_t p = 0; p < svc->actions[a].n_input; p++)
            marked += svc->actions[a].input[p].deprecated;
    cr_assert_eq(marked, 0);
    cr_assert(!must_param(must_action(svc, "DescribeInstancesDetail")->input,
                          must_action(svc, "DescribeInstancesDetail")->n_input, "TagKey")
                   ->deprecated);
    cr_assert_eq(history_mark_deprecated(svc), 0);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(history_marks, deprecated_inputs_outputs_and_members_still_listed)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&ir, &d, "tests/fixtures/diff/history-deprecated.txt");
    cr_assert(!diag_mentions(&d, "change history"));
    ir_service *svc = must_service(&ir, "tencent.ckafka");
    cr_assert_eq(svc->n_history, 3);
    ir_action *a = must_action(svc, "CreateWidget");
    cr_assert(must_param(a->input, a->n_input, "OldName")->deprecated);
    cr_assert(!must_param(a->input, a->n_input, "Revived")->deprecated,
              "deprecated in release 2, added again in release 3");
    cr_assert(!must_param(a->input, a->n_input, "Name")->deprecated,
              "release 2 deprecates DeleteWidget's Name, not CreateWidget's");
    cr_assert(must_param(a->output, a->n_output, "Total")->deprecated);
    cr_assert(!must_param(a->output, a->n_output, "Result")->deprecated);
    ir_struct *s = must_struct(svc, "Widget");
    cr_assert(must_param(s->members, s->n_members, "Legacy")->deprecated);
    cr_assert(!must_param(s->members, s->n_members, "Size")->deprecated);
    cr_assert_eq(history_mark_deprecated(svc), 0, "marking twice changes nothing");
    char *text = ir_to_json_text(&ir);
    cr_assert_not_null(strstr(text, "\"deprecated\":\ttrue"));
    free(text);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

/* ---- the grammar's hazards ---------------------------------------------------------- */

typedef struct read_result {
    arena mem;
    ir_service svc;
    diag_list d;
    size_t n;
} read_result;

static void read_text(read_result *out, const char *text, int furniture_line)
{
    memset(out, 0, sizeof *out);
    doc_text doc;
    cr_assert_eq(doc_text_from_memory(&doc, "history.txt", text, strlen(text), &out->d), 0);
    for (size_t i = 0; i < doc.n; i++)
        if (doc.lines[i].no == furniture_line)
            doc.lines[i].furniture = true;
    out->n = history_read(&doc, 0, doc.n, &out->mem, &out->svc, &out->d);
    doc_text_free(&doc);
}

static void read_free(read_result *r)
{
    arena_free(&r->mem);
    diag_list_free(&r->d);
}

static bool warned_at(const read_result *r, int line, const char *needle)
{
    for (size_t i = 0; i < r->d.n; i++)
        if (r->d.items[i].line == line && strstr(r->d.items[i].message, needle) &&
            !strcmp(r->d.items[i].file, "history.txt"))
            return true;
    return false;
}

Test(history_grammar, a_clean_history_and_what_ends_it)
{
    read_result r;
    read_text(&r,
              "API 文档\n"                    /* 1: before the history: ignored */
              "第 3 次发布\n"                  /* 2 */
              "发布时间：2025-01-03 10:00:00\n" /* 3 */
              "本次发布包含了以下内容：\n"
              "改善已有的文档。\n"
              "修改接口：\n"                    /* 6 */
              "CreateWidget\n"                 /* 7: no detail line */
              "DeleteWidget\n"                 /* 8 */
              "新增入参：A，B、\n"              /* 9: wide separators, wraps */
              "C\n"                            /* 10 */
              "删除出参：D\n"
              "修改数据结构：\n"
              "Widget\n"                       /* 13: no detail line */
              "第 2 次发布\n"
              "发布时间：2025-01-02\n"
              "废弃数据结构：\n"
              "OldWidget\n"
              "第 1 次发布\n"
              "发布时间：2025-01-01 10:00:00\n"
              "新增接口：\n"
              "CreateWidget\n"
              "简介\n"                          /* 22: the history is over */
              "Widget\n",
              0);
    cr_assert_eq(r.n, 3);
    cr_assert_eq(r.d.n, 0, "first: %s", r.d.n ? r.d.items[0].message : "");
    const ir_release *rel = &r.svc.history[0];
    cr_assert_eq(rel->number, 3);
    cr_assert_eq(rel->line, 2);
    cr_assert_eq(rel->n_changes, 4);
    assert_change(&rel->changes[0], "action_modified", "CreateWidget", NULL, 0);
    cr_assert_eq(rel->changes[0].line, 7);
    assert_change(&rel->changes[1], "action_input_added", "DeleteWidget", (const char *[]){"A", "B", "C"}, 3);
    assert_change(&rel->changes[2], "action_output_removed", "DeleteWidget", (const char *[]){"D"}, 1);
    assert_change(&rel->changes[3], "struct_modified", "Widget", NULL, 0);
    cr_assert_str_eq(r.svc.history[1].date, "2025-01-02");
    assert_change(&r.svc.history[1].changes[0], "struct_deprecated", "OldWidget", NULL, 0);
    cr_assert_eq(r.svc.history[2].n_changes, 1, "the lines after 简介 are not history");
    read_free(&r);
}

Test(history_grammar, page_breaks_and_furniture)
{
    read_result r;
    read_text(&r,
              "第 2 次发布\n"
              "发布时间：2025-01-02 10:00:00\n"
              "新增数据结构：\n"
              "Alpha\n"
              "第 次发布\n"                    /* 5: a copy without its number */
              "https://cloud.tencent.com/document/api/597/40861#Alpha\n" /* 6: furniture */
              "第 1 次发布\n"
              "发布时间：2025-01-01 10:00:00\n"
              "新增数据结构：\n"
              "Beta\n",
              6);
    cr_assert_eq(r.n, 2);
    cr_assert_eq(r.d.n, 0, "first: %s", r.d.n ? r.d.items[0].message : "");
    cr_assert_eq(r.svc.history[0].n_changes, 1);
    cr_assert_eq(r.svc.history[1].number, 1);
    read_free(&r);
}

Test(history_grammar, what_does_not_fit_is_warned_and_skipped)
{
    read_result r;
    read_text(&r,
              "第 5 次发布\n"                       /* 1: no date */
              "Orphan\n"                            /* 2: before any section */
              "新增入参：X\n"                        /* 3: no action named yet */
              "修改接口：\n"
              "CreateWidget\n"
              "新增成员：M\n"                        /* 6: a member under an action */
              "新增错误码：FailedOperation\n"        /* 7: a kind not known */
              "第 次发布\n"                          /* 8: no number, none follows */
              "发布时间：yesterday\n"                /* 9: kept, warned */
              "新增接口：\n"
              "DeleteWidget\n"
              "第 4 次发布\n"                        /* 12: repeats release 4 */
              "发布时间：2025-01-01 10:00:00\n"
              "发布时间：2025-01-02 10:00:00\n"      /* 14: a second date */
              "第 2 次发布\n"                        /* 15: release 3 missing */
              "发布时间：2025-01-01 10:00:00\n"
              "新增入参：Y, not a name\n",           /* 17: no target; */
              0);
    cr_assert_eq(r.n, 4);
    cr_assert(warned_at(&r, 1, "release 5 has no date"));
    cr_assert(warned_at(&r, 2, "comes before any section"));
    cr_assert(warned_at(&r, 3, "does not follow the name of a modified action"));
    cr_assert(warned_at(&r, 6, "does not follow the name of a modified data structure"));
    cr_assert(warned_at(&r, 7, "line not understood, skipped: '新增错误码：FailedOperation'"));
    cr_assert(warned_at(&r, 8, "taken as release 4"));
    cr_assert(warned_at(&r, 9, "date 'yesterday' is not YYYY-MM-DD"));
    cr_assert(warned_at(&r, 12, "release 4 appears twice"));
    cr_assert(warned_at(&r, 14, "second date"));
    cr_assert(warned_at(&r, 15, "release 2 follows release 4 (expected 3)"));
    cr_assert(warned_at(&r, 15, "change history ends at release 2, not release 1"));
    cr_assert(warned_at(&r, 17, "does not follow the name of a modified action"));
    cr_assert_str_eq(r.svc.history[1].date, "yesterday");
    assert_change(&r.svc.history[0].changes[0], "action_modified", "CreateWidget", NULL, 0);
    assert_change(&r.svc.history[1].changes[0], "action_added", "DeleteWidget", NULL, 0);
    cr_assert_str_eq(r.svc.history[2].date, "2025-01-01 10:00:00");
    read_free(&r);
}

Test(history_grammar, odd_names_are_kept_with_a_warning)
{
    read_result r;
    read_text(&r,
              "第 1 次发布\n"
              "发布时间：2025-01-01 10:00:00\n"
              "修改接口：\n"
              "CreateWidget\n"
              "新增入参：Good, not a name, ,Also.Good\n",
              0);
    cr_assert_eq(r.n, 1);
    assert_change(&r.svc.history[0].changes[0], "action_input_added", "CreateWidget",
                  (const char *[]){"Good", "not a name", "Also.Good"}, 3);
    cr_assert(warned_at(&r, 5, "'not a name' in the list of CreateWidget"));
    read_free(&r);
}

Test(history_grammar, no_history_no_records)
{
    read_result r;
    read_text(&r, "简介\n欢迎使用。\nCreateWidget\n", 0);
    cr_assert_eq(r.n, 0);
    cr_assert_eq(r.svc.n_history, 0);
    cr_assert_eq(r.d.n, 0);
    read_free(&r);
    read_text(&r, "第 0 次发布\n第 99999999999 次发布\n", 0);
    cr_assert_eq(r.n, 0);
    cr_assert(warned_at(&r, 1, "out of range"));
    cr_assert(warned_at(&r, 2, "out of range"));
    read_free(&r);
}

/* ---- docbind diff agrees with the history ---------------------------------------------------- */

/* For each release, "before" is the current IR with what the release added
 * taken out and what it deleted or deprecated (and the pages no longer
 * list) put back; diff(before, current) must then report exactly the
 * release's changes, classified as docs/diff.md says. */

typedef struct expected {
    const char *ids[3]; /* any of these */
    const char *action, *path;
    bool seen;
} expected;

typedef struct pair_case {
    cJSON *before;
    const cJSON *svc_now;
    expected *want;
    size_t n_want, cap_want;
    size_t per_kind[32];
} pair_case;

static cJSON *array_of(cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

static int index_named(const cJSON *a, const char *name)
{
    int i = 0;
    for (const cJSON *x = a ? a->child : NULL; x; x = x->next, i++) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(x, "name");
        if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
            return i;
    }
    return -1;
}

static cJSON *named(const cJSON *a, const char *name)
{
    int i = index_named(a, name);
    return i < 0 ? NULL : cJSON_GetArrayItem(a, i);
}

static void want(pair_case *pc, const char *a, const char *b, const char *c, const char *action,
                 const char *path)
{
    for (size_t i = 0; i < pc->n_want; i++)
        if (!strcmp(pc->want[i].path ? pc->want[i].path : "", path ? path : "") &&
            !strcmp(pc->want[i].action ? pc->want[i].action : "", action ? action : ""))
            return; /* a release may name one thing twice */
    if (pc->n_want == pc->cap_want) {
        pc->cap_want = pc->cap_want ? pc->cap_want * 2 : 16;
        pc->want = realloc(pc->want, pc->cap_want * sizeof *pc->want);
        cr_assert_not_null(pc->want);
    }
    pc->want[pc->n_want++] = (expected){{a, b, c}, action, path, false};
}

static char *path_of(const char *a, const char *b)
{
    char *p = malloc(strlen(a) + strlen(b) + 2);
    cr_assert_not_null(p);
    sprintf(p, "%s.%s", a, b);
    return p;
}

/* Ids of an added input/member by its required flag. */
static const char *added_id(const cJSON *p, const char *yes, const char *no, const char *unknown)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(p, "required");
    return cJSON_IsTrue(r) ? yes : cJSON_IsFalse(r) ? no : unknown;
}

static const char *const kinds_seen[] = {
    "action_added", "struct_added", "action_input_added", "action_output_added",
    "struct_member_added", "action_removed", "action_output_removed",
    "action_input_deprecated", "struct_member_deprecated",
    /* struct_removed: the one struct release 9 deleted (ConsumerRecord) is
     * documented again today, so no pair exercises it. */
};

static void count(pair_case *pc, const char *kind)
{
    for (size_t i = 0; i < sizeof kinds_seen / sizeof kinds_seen[0]; i++)
        if (!strcmp(kinds_seen[i], kind))
            pc->per_kind[i]++;
}

static void stub(cJSON *array, const char *name)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", name);
    cJSON_AddStringToObject(p, "type", "string");
    cJSON_AddItemToArray(array, p);
}

/* Takes one change of a release back out of `before`, and records what the
 * diff must say about it. */
static void undo(pair_case *pc, const cJSON *ch, char **paths, size_t *n_paths)
{
    const char *kind = cJSON_GetObjectItem(ch, "kind")->valuestring;
    const char *target = cJSON_GetObjectItem(ch, "target")->valuestring;
    const cJSON *names = cJSON_GetObjectItem(ch, "names");
    cJSON *svc = cJSON_GetArrayItem(cJSON_GetObjectItem(pc->before, "services"), 0);
    cJSON *actions = array_of(svc, "actions"), *structs = array_of(svc, "structs");
    const cJSON *now_actions = cJSON_GetObjectItem(pc->svc_now, "actions");
    const cJSON *now_structs = cJSON_GetObjectItem(pc->svc_now, "structs");
#define KEEP(p) (paths[(*n_paths)++] = (p))
    if (!strcmp(kind, "action_added")) {
        if (index_named(actions, target) >= 0) {
            cJSON_DeleteItemFromArray(actions, index_named(actions, target));
            want(pc, "action-added", NULL, NULL, target, NULL);
            count(pc, kind);
        }
    } else if (!strcmp(kind, "struct_added")) {
        if (index_named(structs, target) >= 0) {
            cJSON_DeleteItemFromArray(structs, index_named(structs, target));
            want(pc, "struct-added", NULL, NULL, NULL, KEEP(path_of("structs", target)));
            count(pc, kind);
        }
    } else if (!strcmp(kind, "action_removed") || !strcmp(kind, "struct_removed")) {
        bool is_action = kind[0] == 'a';
        cJSON *into = is_action ? actions : structs;
        if (index_named(is_action ? now_actions : now_structs, target) < 0) {
            stub(into, target);
            if (is_action)
                want(pc, "action-removed", NULL, NULL, target, NULL);
            else
                want(pc, "struct-removed", NULL, NULL, NULL, KEEP(path_of("structs", target)));
            count(pc, kind);
        }
    } else {
        bool member = !strncmp(kind, "struct_member_", 14);
        bool input = !strncmp(kind, "action_input_", 13);
        cJSON *owner = named(member ? structs : actions, target);
        if (!owner)
            return; /* gone since, or added in this same release */
        cJSON *list = array_of(owner, member ? "members" : input ? "input" : "output");
        const char *side = member ? NULL : input ? "input" : "output";
        char *prefix = member ? path_of("structs", target) : NULL;
        for (const cJSON *n = names->child; n; n = n->next) {
            const char *name = n->valuestring;
            char *path = path_of(member ? prefix : side, name);
            int at = index_named(list, name);
            if (strstr(kind, "_added") && at >= 0) {
                const cJSON *p = cJSON_GetArrayItem(list, at);
                if (member)
                    want(pc, "member-added", added_id(p, "new-required-member", "member-added", "new-member-required-unknown"),
                         NULL, NULL, KEEP(path));
                else if (input)
                    want(pc, added_id(p, "new-required-input", "input-added", "new-input-required-unknown"), NULL, NULL,
                         target, KEEP(path));
                else
                    want(pc, "output-added", NULL, NULL, target, KEEP(path));
                cJSON_DeleteItemFromArray(list, at);
                count(pc, kind);
            } else if ((strstr(kind, "_removed") || strstr(kind, "_deprecated")) && at < 0) {
                /* The pages dropped it: before, it was there. */
                stub(list, name);
                want(pc, member ? "member-removed" : input ? "input-removed" : "output-removed", NULL, NULL,
                     member ? NULL : target, KEEP(path));
                count(pc, kind);
            } else if (strstr(kind, "_deprecated") && at >= 0) {
                cJSON_DeleteItemFromObject(cJSON_GetArrayItem(list, at), "deprecated");
                want(pc, "param-deprecated", NULL, NULL, member ? NULL : target, KEEP(path_of(path, "deprecated")));
                free(path);
                count(pc, kind);
            } else {
                free(path);
            }
        }
        free(prefix);
    }
#undef KEEP
}

static bool id_is(const expected *w, const char *id)
{
    for (int k = 0; k < 3; k++)
        if (w->ids[k] && !strcmp(w->ids[k], id))
            return true;
    return false;
}

Test(history_diff, each_release_is_what_diff_reports)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_fixture(&ir, &d, TENCENT_DOC);
    cJSON *now = ir_to_json(&ir);
    ir_doc_free(&ir);
    diag_list_free(&d);
    /* Only the documented service; examples are never compared. */
    cJSON *services = cJSON_GetObjectItem(now, "services");
    while (cJSON_GetArraySize(services) > 1)
        cJSON_DeleteItemFromArray(services, 1);
    const cJSON *svc_now = cJSON_GetArrayItem(services, 0);
    for (cJSON *a = cJSON_GetObjectItem(svc_now, "actions")->child; a; a = a->next)
        cJSON_DeleteItemFromObject(a, "examples");
    const cJSON *history = cJSON_GetObjectItem(svc_now, "history");
    cr_assert_eq(cJSON_GetArraySize(history), 126);

    pair_case pc = {0};
    size_t pairs = 0, entries = 0;
    for (const cJSON *rel = history->child; rel; rel = rel->next) {
        int number = cJSON_GetObjectItem(rel, "release")->valueint;
        pc.before = cJSON_Duplicate(now, true);
        pc.svc_now = svc_now;
        pc.n_want = 0;
        char *paths[1024];
        size_t n_paths = 0;
        for (const cJSON *ch = cJSON_GetObjectItem(rel, "changes")->child; ch; ch = ch->next) {
            cr_assert_lt(n_paths, 900);
            undo(&pc, ch, paths, &n_paths);
        }
        diff_report r = DIFF_REPORT_INIT;
        ir_diff(pc.before, now, &r);
        char *text = diff_report_text(&r, "before", "after");
        for (size_t i = 0; i < r.n; i++) {
            const diff_entry *e = &r.items[i];
            if (strstr(e->id, "-possibly-renamed"))
                continue; /* a note beside the removal and the addition it pairs */
            bool matched = false;
            for (size_t k = 0; k < pc.n_want && !matched; k++) {
                expected *w = &pc.want[k];
                if (!w->seen && id_is(w, e->id) &&
                    !strcmp(w->action ? w->action : "", e->action ? e->action : "") &&
                    !strcmp(w->path ? w->path : "", e->path ? e->path : ""))
                    matched = w->seen = true;
            }
            cr_assert(matched, "release %d: diff reports %s at %s %s, which the release does not name:\n%s",
                      number, e->id, e->action ? e->action : "", e->path ? e->path : "", text);
            entries++;
        }
        for (size_t k = 0; k < pc.n_want; k++)
            cr_assert(pc.want[k].seen, "release %d: no %s at %s %s:\n%s", number, pc.want[k].ids[0],
                      pc.want[k].action ? pc.want[k].action : "", pc.want[k].path ? pc.want[k].path : "", text);
        pairs += pc.n_want > 0;
        free(text);
        diff_report_free(&r);
        cJSON_Delete(pc.before);
        for (size_t i = 0; i < n_paths; i++)
            free(paths[i]);
    }
    for (size_t i = 0; i < sizeof kinds_seen / sizeof kinds_seen[0]; i++)
        cr_assert_gt(pc.per_kind[i], 0, "no release pair exercised %s", kinds_seen[i]);
    cr_assert_gt(pairs, 100, "releases whose changes the IR still shows");
    cr_assert_gt(entries, 500);
    free(pc.want);
    cJSON_Delete(now);
}
