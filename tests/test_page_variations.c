/* Layouts the parser has not seen in the seeds, written from the patterns
 * of the vendors' pages: GFM tables without outer pipes, Type before
 * Required, Example before Description, empty required cells, lower-case
 * and generic types, one cell per line in Traditional Chinese with
 * captions, nested tables introduced by prose, parent::child names,
 * permission tables that are not parameters, Japanese headings. */
#include <criterion/criterion.h>
#include <string.h>

#include "ir_test_util.h"
#include "parse.h"

static ir_doc ir;
static diag_list diags;

static ir_action *parse_page(const char *rel, const char *action)
{
    ir = (ir_doc)IR_DOC_INIT;
    diags = (diag_list)DIAG_LIST_INIT;
    parse_options opt = {NULL, NULL, "tests/fixtures/profiles"};
    const char *docs[] = {rel};
    int rc = parse_documents(docs, 1, &opt, &ir, &diags);
    if (rc)
        diag_print(&diags, stderr);
    cr_assert_eq(rc, 0, "%s", rel);
    ir_service *s = must_service(&ir, "example.queue");
    cr_assert_str_eq(s->endpoint, "queue.{region}.example-cloud.test");
    return must_action(s, action);
}

static void done(void)
{
    ir_doc_free(&ir);
    diag_list_free(&diags);
}

TestSuite(variations, .fini = done);

Test(variations, gfm_table_type_before_required_and_example_before_description)
{
    ir_action *a = parse_page("tests/fixtures/variations/gfm-type-before-required.md", "PublishMessages");
    cr_assert_str_eq(a->title, "Publish messages");
    cr_assert_str_eq(a->path, "/v1/{project_id}/queues/{queue_id}/messages");
    cr_assert_eq(a->n_input, 7);
    ir_param *pid = must_param(a->input, a->n_input, "project_id");
    cr_assert_eq(pid->location, IR_LOC_PATH);
    cr_assert_eq(pid->required, IR_YES, "lower-case 'yes'");
    cr_assert_str_eq(pid->example, "0a1b2c");
    cr_assert_str_eq(pid->description, "Project ID.");
    ir_param *q = must_param(a->input, a->n_input, "queue_id");
    cr_assert_eq(q->required, IR_UNKNOWN, "an empty required cell is unknown, not false");
    ir_param *m = must_param(a->input, a->n_input, "messages");
    cr_assert(m->array, "lower-case 'array'");
    ir_limit *items = ir_find_limit(m, IR_LIMIT_MAX_ITEMS);
    cr_assert(items && items->enforce && items->number == 100);
    ir_param *d = must_param(a->input, a->n_input, "delay_seconds");
    cr_assert_eq(d->type, IR_TYPE_INTEGER, "'Long'");
    ir_limit *max = ir_find_limit(d, IR_LIMIT_MAXIMUM);
    cr_assert(max && max->enforce && max->number == 900);
    ir_param *tags = must_param(a->input, a->n_input, "tags");
    cr_assert(tags->array && tags->type == IR_TYPE_STRING, "'List<String>'");
    cr_assert_eq(must_param(a->input, a->n_input, "persistent")->type, IR_TYPE_BOOLEAN, "'bool'");
    cr_assert_eq(must_param(a->input, a->n_input, "priority")->type, IR_TYPE_INTEGER, "'integer'");
    cr_assert_eq(a->n_output, 2);
    cr_assert(must_param(a->output, a->n_output, "message_ids")->array);
}

Test(variations, one_cell_per_line_traditional_chinese_with_captions)
{
    ir_action *a = parse_page("tests/fixtures/variations/onecell-zh-tw.txt", "PublishMessage");
    cr_assert_str_eq(a->title, "發佈訊息");
    cr_assert_str_eq(a->description, "發佈一條訊息到 Example Cloud 佇列。");
    cr_assert_eq(a->n_input, 4);
    cr_assert_eq(must_param(a->input, a->n_input, "queue_id")->location, IR_LOC_PATH);
    ir_param *body = must_param(a->input, a->n_input, "body");
    cr_assert_eq(body->location, IR_LOC_BODY);
    cr_assert_eq(body->required, IR_YES);
    cr_assert_eq(ir_find_limit(body, IR_LIMIT_MAX_LENGTH)->number, 64);
    ir_param *attrs = must_param(a->input, a->n_input, "attributes");
    cr_assert(attrs->array);
    cr_assert_str_eq(attrs->ref, "Attribute");
    cr_assert_eq(attrs->required, IR_NO);
    ir_struct *s = must_struct(&ir.services[0], "Attribute");
    cr_assert_eq(s->n_members, 2);
    cr_assert_eq(s->members[1].required, IR_NO);
    cr_assert_eq(a->n_output, 1);
    cr_assert_str_eq(a->output[0].name, "message_id");
}

Test(variations, nested_tables_by_prose_and_permission_tables)
{
    ir_action *a = parse_page("tests/fixtures/variations/nested-by-prose-and-permissions.md",
                              "CreateSubscription");
    cr_assert_eq(a->n_input, 3, "the RAM authorization table holds no parameters");
    ir_param *f = must_param(a->input, a->n_input, "Filter");
    cr_assert_eq(f->type, IR_TYPE_OBJECT);
    cr_assert_str_eq(f->ref, "FilterRule");
    ir_param *e = must_param(a->input, a->n_input, "Endpoints");
    cr_assert(e->array);
    cr_assert_str_eq(e->ref, "Endpoint", "'array<Endpoint>'");
    ir_struct *rule = must_struct(&ir.services[0], "FilterRule");
    cr_assert_eq(rule->n_members, 2);
    ir_limit *modes = ir_find_limit(must_param(rule->members, rule->n_members, "Mode"), IR_LIMIT_ENUM);
    cr_assert(modes && modes->n_values == 2, "'Valid values: SQL, TAG.'");
    cr_assert_str_eq(modes->values[1].value, "TAG");
    ir_struct *ep = must_struct(&ir.services[0], "Endpoint");
    must_param(ep->members, ep->n_members, "config::retries");
    cr_assert_eq(a->n_output, 2, "the response's root 'object' row is not a field");
    cr_assert_null(ir_find_param(a->output, a->n_output, "object"));
}

Test(variations, japanese_headings_and_name_first_titles)
{
    ir_action *a = parse_page("tests/fixtures/variations/ja-reference.md", "DeleteQueue");
    cr_assert_eq(a->n_input, 2);
    cr_assert_eq(must_param(a->input, a->n_input, "QueueId")->required, IR_YES, "'はい'");
    cr_assert_eq(must_param(a->input, a->n_input, "Force")->required, IR_NO, "'いいえ'");
    cr_assert_eq(a->n_output, 1);
    cr_assert_eq(a->n_errors, 2);
    ir_error *e = ir_find_error(&ir.services[0], "QueueNotEmpty");
    cr_assert(e && e->http_status == 409);
}

Test(variations, page_without_profile_is_flagged)
{
    ir = (ir_doc)IR_DOC_INIT;
    diags = (diag_list)DIAG_LIST_INIT;
    const char *docs[] = {"tests/fixtures/variations/ja-reference.md"};
    cr_assert_eq(parse_documents(docs, 1, NULL, &ir, &diags), 0);
    cr_assert(diag_mentions(&diags, "no service profile matches this page"));
    cr_assert_str_eq(ir.services[0].id, "unknown");
}

Test(variations, tree_marked_nested_fields_become_structures)
{
    ir_action *a = parse_page("tests/fixtures/variations/alibaba-nested-en.md", "ListTopics");
    ir_param *size = must_param(a->input, a->n_input, "PageSize");
    ir_limit *lo = ir_find_limit(size, IR_LIMIT_MINIMUM), *hi = ir_find_limit(size, IR_LIMIT_MAXIMUM);
    cr_assert(lo && lo->enforce && lo->number == 1, "'Valid values: 1 to 100'");
    cr_assert(hi && hi->enforce && hi->number == 100);
    cr_assert_eq(a->n_output, 2, "nested rows are not top-level fields");
    ir_param *data = must_param(a->output, a->n_output, "Data");
    cr_assert_eq(data->type, IR_TYPE_OBJECT);
    cr_assert_str_eq(data->ref, "ListTopicsData");
    ir_struct *d = must_struct(&ir.services[0], "ListTopicsData");
    cr_assert_eq(d->n_members, 2);
    ir_param *topics = must_param(d->members, d->n_members, "Topics");
    cr_assert(topics->array);
    cr_assert_str_eq(topics->ref, "ListTopicsDataTopics");
    ir_struct *t = must_struct(&ir.services[0], "ListTopicsDataTopics");
    cr_assert_eq(t->n_members, 2);
    cr_assert_str_eq(t->members[0].name, "Name");
    cr_assert_eq(t->members[1].type, IR_TYPE_INTEGER);
    cr_assert_eq(a->n_examples, 1);
    cr_assert_str_eq(a->examples[0].response,
                     "{\"RequestId\":\"1-2-3\",\"Data\":{\"Total\":1,\"Topics\":[{\"Name\":\"t1\",\"Partitions\":3}]}}");
}
