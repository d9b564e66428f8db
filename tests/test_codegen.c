/* The generator on small hand-written IRs: names (snake_case, keywords,
 * collisions), nested "parent::child" members, IR problems it works around
 * (diagnosed, never silent) and protocol facts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "test_support.h"

/* A REST service with every awkward name we could think of; ctest also
 * compiles what it generates (compile_ok.awkward_ir.*). */
static char *awkward_ir;
static size_t awkward_len;

static void load_awkward(void)
{
    awkward_ir = test_read_file(test_source_path("tests/compile_fail/awkward_ir.json"),
                                &awkward_len);
}

static void free_awkward(void)
{
    free(awkward_ir);
}

static void run(const char *ir, codegen_output *out, diag_list *d)
{
    codegen_input in = {ir, strlen(ir), "awkward_ir.json"};
    char err[512] = "";
    *out = (codegen_output)CODEGEN_OUTPUT_INIT;
    cr_assert_eq(codegen_run(&in, 1, NULL, out, d, err, sizeof err), 0, "%s", err);
}

static const char *file(const codegen_output *out, const char *path)
{
    for (size_t i = 0; i < out->n_files; i++)
        if (!strcmp(out->files[i].path, path))
            return out->files[i].text;
    cr_assert_fail("no %s in the output", path);
    return NULL;
}

static bool mentions(const diag_list *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].message, needle))
            return true;
    return false;
}

Test(codegen, names_keywords_and_collisions, .init = load_awkward, .fini = free_awkward)
{
    codegen_output out;
    diag_list d = DIAG_LIST_INIT;
    run(awkward_ir, &out, &d);
    cr_assert_eq(out.n_files, 4, "header, source and the registry's two files");
    const char *reg = file(&out, "registry/docbind_services.c");
    cr_expect_not_null(strstr(reg, "#include \"acme_queue/queue.h\""), "%s", reg);
    cr_expect_not_null(strstr(reg, "    &queue_service,\n"), "%s", reg);
    const char *h = file(&out, "acme_queue/queue.h");
    cr_expect_not_null(strstr(h, "struct queue_describe_acl_request {"));
    cr_expect_not_null(strstr(h, "int64_t default_;"), "keyword escaped");
    cr_expect_not_null(strstr(h, "const char *const *topic;"));
    cr_expect_not_null(strstr(h, "size_t topic_count;"));
    /* TopicCount and topic_count cannot be topic_count: they step aside. */
    cr_expect_not_null(strstr(h, "int64_t topic_count_2;"), "%s", h);
    cr_expect_not_null(strstr(h, "int64_t topic_count_3;"));
    cr_expect_not_null(strstr(h, "const char *x_trace;"));
    /* The enum: a value named like the sentinel steps aside, separators go. */
    cr_expect_not_null(strstr(h, "QUEUE_DESCRIBE_ACL_REQUEST_MODE_UNKNOWN = 0,"));
    cr_expect_not_null(strstr(h, "QUEUE_DESCRIBE_ACL_REQUEST_MODE_FAST_MODE = 1,"));
    cr_expect_not_null(strstr(h, "QUEUE_DESCRIBE_ACL_REQUEST_MODE_UNKNOWN_2 = 2,"));
    cr_expect_not_null(strstr(h, "QUEUE_DESCRIBE_ACL_REQUEST_MODE_FAST_MODE_2 = 3,"));
    /* Error codes. */
    cr_expect_not_null(strstr(h, "QUEUE_ERROR_QUEUE_NOT_FOUND = 0,"));
    /* Comments cannot be closed or turned into trigraphs by the document. */
    cr_expect_null(strstr(h, "List */"));
    cr_expect_null(strstr(h, "?\?/"));
    /* The array maximum becomes a compile-time checked declaration. */
    cr_expect_not_null(strstr(h, "#define QUEUE_DESCRIBE_ACL_REQUEST_TOPIC_MAX_ITEMS 3"));
    codegen_output_free(&out);
    diag_list_free(&d);
}

Test(codegen, nested_members_and_ir_problems_are_diagnosed, .init = load_awkward,
     .fini = free_awkward)
{
    codegen_output out;
    diag_list d = DIAG_LIST_INIT;
    run(awkward_ir, &out, &d);
    const char *h = file(&out, "acme_queue/queue.h");
    /* "list" has members: a struct of its own, though typed a string array. */
    cr_expect_not_null(strstr(h, "struct queue_describe_acl_response_list {"));
    cr_expect_not_null(strstr(h, "const queue_describe_acl_response_list *list;"));
    cr_expect_not_null(strstr(h, "int64_t min_isr;"));
    cr_expect(mentions(&d, "typed string array but has members"));
    /* "ghost::x" has no parent: reported, and said in the struct's comment. */
    cr_expect(mentions(&d, "'ghost::x' names a parent 'ghost'"));
    cr_expect_not_null(strstr(h, "Not generated: ghost::x"));
    /* A ref to a struct the IR lacks: raw JSON, reported. */
    cr_expect(mentions(&d, "refers to struct 'Missing'"));
    cr_expect_not_null(strstr(h, "const char *spec;"));
    const char *c = file(&out, "acme_queue/queue.c");
    cr_expect_not_null(strstr(c, ".kind = DOCBIND_KIND_JSON"));
    /* A path parameter is required even when the document does not say. */
    cr_expect_not_null(strstr(h, "project_id (required: a path segment)"));
    cr_expect_not_null(strstr(c, ".style = DOCBIND_STYLE_REST_JSON"));
    cr_expect_not_null(strstr(c, ".protocol = DOCBIND_PROTOCOL_HUAWEI"));
    cr_expect_not_null(strstr(c, ".path = \"/v1/{project_id}/acls\""));
    codegen_output_free(&out);
    diag_list_free(&d);
}

Test(codegen, name_clashes_between_services_are_errors)
{
    /* Two actions whose C names coincide cannot both be generated. */
    const char *ir =
        "{\"services\":[{\"id\":\"acme.x\",\"vendor\":\"acme\",\"product\":\"x\",\"protocol\":"
        "{\"style\":\"rpc-json\",\"envelope\":\"tencent\"},\"actions\":["
        "{\"name\":\"DescribeACL\",\"input\":[],\"output\":[],\"examples\":[]},"
        "{\"name\":\"DescribeAcl\",\"input\":[],\"output\":[],\"examples\":[]}],"
        "\"structs\":[],\"errors\":[]}]}";
    codegen_input in = {ir, strlen(ir), "clash.json"};
    codegen_output out = CODEGEN_OUTPUT_INIT;
    diag_list d = DIAG_LIST_INIT;
    char err[512] = "";
    cr_expect_eq(codegen_run(&in, 1, NULL, &out, &d, err, sizeof err), -1);
    cr_expect_not_null(strstr(err, "x_describe_acl"), "%s", err);
    cr_expect_eq(out.n_files, 0);
    diag_list_free(&d);
}

Test(codegen, bad_input_is_an_error_not_a_crash, .init = load_awkward, .fini = free_awkward)
{
    const char *bad[] = {"", "{", "[]", "{\"services\":{}}", "{\"services\":[{}]}",
                         "{\"services\":[{\"id\":\"a.b\",\"protocol\":{\"style\":\"soap\"}}]}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        codegen_input in = {bad[i], strlen(bad[i]), "bad.json"};
        codegen_output out = CODEGEN_OUTPUT_INIT;
        diag_list d = DIAG_LIST_INIT;
        char err[512] = "";
        cr_expect_eq(codegen_run(&in, 1, NULL, &out, &d, err, sizeof err), -1, "%s", bad[i]);
        cr_expect_neq(err[0], '\0');
        diag_list_free(&d);
    }
    /* A template directory that does not exist. */
    codegen_input in = {awkward_ir, awkward_len, "x.json"};
    codegen_options opt = {"/nonexistent/templates"};
    codegen_output out = CODEGEN_OUTPUT_INIT;
    diag_list d = DIAG_LIST_INIT;
    char err[512] = "";
    cr_expect_eq(codegen_run(&in, 1, &opt, &out, &d, err, sizeof err), -1);
    cr_expect_not_null(strstr(err, "header.mustache"), "%s", err);
    diag_list_free(&d);
}
