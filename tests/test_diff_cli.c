/* docbind diff through the built binary: exit statuses, the two output
 * forms, overrides, and refusals that name the file. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "test_support.h"

#define DOCBIND DOCBIND_BINARY_DIR "/cli/docbind"
#define BASE "tests/fixtures/diff/base.json"

typedef struct run {
    int status;
    char *out, *err;
} run;

/* Runs `docbind diff ARGS` from the source tree; ARGS is shell text. */
static run docbind_diff(const char *args)
{
    cr_assert_eq(access(DOCBIND, X_OK), 0, "%s is missing: build the docbind target", DOCBIND);
    char out_path[] = "/tmp/docbind-diff-out-XXXXXX", err_path[] = "/tmp/docbind-diff-err-XXXXXX";
    int fo = mkstemp(out_path), fe = mkstemp(err_path);
    cr_assert(fo >= 0 && fe >= 0);
    close(fo);
    close(fe);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' diff %s >'%s' 2>'%s'", DOCBIND_SOURCE_DIR, DOCBIND,
             args, out_path, err_path);
    int st = system(cmd);
    cr_assert(WIFEXITED(st), "docbind diff %s did not exit normally", args);
    run r = {WEXITSTATUS(st), test_read_file(out_path, NULL), test_read_file(err_path, NULL)};
    unlink(out_path);
    unlink(err_path);
    return r;
}

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

/* A copy of the base IR with one text replacement, as a temporary file. */
static char *variant(const char *from, const char *to)
{
    char *text = test_read_file(test_source_path(BASE), NULL);
    char *at = strstr(text, from);
    cr_assert_not_null(at, "'%s' is not in the base IR", from);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    cr_assert_not_null(out);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    char *path = test_write_temp(out, n, ".json");
    free(out);
    free(text);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    free(path);
}

/* Breaking: the API version. Warning only: a lower rate limit. */
#define BREAKING_VARIANT "\"version\": \"2020-01-01\"", "\"version\": \"2021-01-01\""
#define WARNING_VARIANT "\"rate_limit_per_second\": 20", "\"rate_limit_per_second\": 10"

Test(diff_cli, identical_irs_exit_0)
{
    run r = docbind_diff(BASE " " BASE " --fail-on warning");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "0 breaking, 0 warning, 0 info"));
    cr_assert_not_null(strstr(r.out, "no changes"));
    cr_assert_str_eq(r.err, "");
    run_free(&r);
}

Test(diff_cli, fail_on_sets_the_exit_status)
{
    char *breaking = variant(BREAKING_VARIANT), *warning = variant(WARNING_VARIANT);
    char args[1024];
    static const struct {
        const char *opt;
        int breaking, warning;
    } t[] = {
        {"", 0, 0},
        {"--fail-on breaking", 1, 0},
        {"--fail-on=breaking", 1, 0},
        {"--fail-on warning", 1, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        snprintf(args, sizeof args, BASE " '%s' %s", breaking, t[i].opt);
        run r = docbind_diff(args);
        cr_assert_eq(r.status, t[i].breaking, "breaking change, '%s': %d\n%s", t[i].opt, r.status, r.err);
        cr_assert_not_null(strstr(r.out, "breaking  version-changed"));
        run_free(&r);
        snprintf(args, sizeof args, BASE " '%s' %s", warning, t[i].opt);
        r = docbind_diff(args);
        cr_assert_eq(r.status, t[i].warning, "warning only, '%s': %d\n%s", t[i].opt, r.status, r.err);
        run_free(&r);
    }
    remove_temp(breaking);
    remove_temp(warning);
}

Test(diff_cli, json_format)
{
    char *breaking = variant(BREAKING_VARIANT);
    char args[1024];
    snprintf(args, sizeof args, "--format json " BASE " '%s'", breaking);
    run r = docbind_diff(args);
    cr_assert_eq(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    cr_assert_not_null(j, "not JSON: %s", r.out);
    cr_assert_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "breaking")->valueint, 1);
    const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "changes"), 0);
    cr_assert_str_eq(cJSON_GetObjectItem(c, "id")->valuestring, "version-changed");
    cr_assert_str_eq(cJSON_GetObjectItem(c, "service")->valuestring, "test.widgets");
    cr_assert_str_eq(cJSON_GetObjectItem(c, "old")->valuestring, "2020-01-01");
    cr_assert_str_eq(cJSON_GetObjectItem(c, "new")->valuestring, "2021-01-01");
    cJSON_Delete(j);
    run_free(&r);
    remove_temp(breaking);
}

Test(diff_cli, overrides_lower_what_fail_on_sees)
{
    char *breaking = variant(BREAKING_VARIANT);
    const char *rules = "{\"overrides\": [{\"id\": \"version-changed\", \"service\": \"test.widgets\","
                        " \"level\": \"info\", \"reason\": \"a planned upgrade\"}]}";
    char *rules_path = test_write_temp(rules, strlen(rules), ".json");
    char args[1024];
    snprintf(args, sizeof args, BASE " '%s' --fail-on breaking --overrides '%s'", breaking, rules_path);
    run r = docbind_diff(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "info      version-changed"));
    cr_assert_not_null(strstr(r.out, "[lowered from breaking: a planned upgrade]"));
    run_free(&r);
    remove_temp(breaking);
    remove_temp(rules_path);
}

Test(diff_cli, usage_errors_exit_2)
{
    static const char *const bad[] = {
        "",
        BASE,
        BASE " " BASE " " BASE,
        BASE " " BASE " --format yaml",
        BASE " " BASE " --fail-on info",
        BASE " " BASE " --fail-on",
        BASE " " BASE " --overrides",
        BASE " " BASE " --color",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        run r = docbind_diff(bad[i]);
        cr_assert_eq(r.status, 2, "'%s' exited %d", bad[i], r.status);
        cr_assert_str_eq(r.out, "");
        cr_assert_not_null(strstr(r.err, "docbind diff"), "'%s': %s", bad[i], r.err);
        run_free(&r);
    }
    run r = docbind_diff("--help");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "exit status"));
    run_free(&r);
}

Test(diff_cli, unreadable_input_exits_3_naming_the_file)
{
    char *not_json = test_write_temp("{\"ir_version\": 1,\n \"services\": [}\n", 33, ".json");
    char *not_ir = test_write_temp("{\"openapi\": \"3.1.0\"}", 20, ".json");
    char *v2 = test_write_temp("{\"ir_version\": 2, \"services\": []}", 33, ".json");
    char *bad_rules = test_write_temp("{\"overrides\": [{\"id\": \"nope\", \"level\": \"info\"}]}", 48, ".json");
    struct {
        char args[1024];
        const char *file, *needle;
    } t[5];
    snprintf(t[0].args, sizeof t[0].args, "/nonexistent/old.json " BASE);
    t[0].file = "/nonexistent/old.json: error: cannot open";
    t[0].needle = "No such file";
    snprintf(t[1].args, sizeof t[1].args, BASE " '%s'", not_json);
    t[1].file = not_json;
    t[1].needle = ":2: error: not a docbind IR: JSON syntax error";
    snprintf(t[2].args, sizeof t[2].args, "'%s' " BASE, not_ir);
    t[2].file = not_ir;
    t[2].needle = "no \"ir_version\"";
    snprintf(t[3].args, sizeof t[3].args, "'%s' " BASE, v2);
    t[3].file = v2;
    t[3].needle = "ir_version 2 is not supported";
    snprintf(t[4].args, sizeof t[4].args, BASE " " BASE " --overrides '%s'", bad_rules);
    t[4].file = bad_rules;
    t[4].needle = "unknown check id 'nope'";
    for (size_t i = 0; i < 5; i++) {
        run r = docbind_diff(t[i].args);
        cr_assert_eq(r.status, 3, "%s: exit %d", t[i].args, r.status);
        cr_assert_str_eq(r.out, "");
        cr_assert_not_null(strstr(r.err, t[i].file), "%s: %s", t[i].args, r.err);
        cr_assert_not_null(strstr(r.err, t[i].needle), "%s: %s", t[i].args, r.err);
        run_free(&r);
    }
    remove_temp(not_json);
    remove_temp(not_ir);
    remove_temp(v2);
    remove_temp(bad_rules);
}

/* Release 122 as the maintainer would see it: the IR before it (taken from
 * today's by putting back what the release removed and taking out what it
 * added) against today's. */
Test(diff_cli, release_122_of_the_history)
{
    char *now_text = test_read_file(test_source_path("generated/ir/tencent-ckafka.json"), NULL);
    cJSON *now = cJSON_Parse(now_text);
    free(now_text);
    cr_assert_not_null(now);
    cJSON *before = cJSON_Duplicate(now, true);
    cJSON *bsvc = cJSON_GetArrayItem(cJSON_GetObjectItem(before, "services"), 0);
    cJSON *actions = cJSON_GetObjectItem(bsvc, "actions");
    /* As the pages documented them before release 122. */
    static const char *const deprecated[][4] = {
        {"CreateDatahubTask", "PrivateLinkParam", "object", "PrivateLinkParam"},
        {"DescribeInstances", "TagKey", "string", NULL},
        {"DescribeInstancesDetail", "InstanceIds", "string", NULL}};
    for (cJSON *a = actions->child; a; a = a->next) {
        const char *name = cJSON_GetObjectItem(a, "name")->valuestring;
        cJSON *input = cJSON_GetObjectItem(a, "input");
        if (!strcmp(name, "CreateDatahubTask")) {
            int i = 0;
            for (cJSON *p = input->child; p; p = p->next, i++)
                if (!strcmp(cJSON_GetObjectItem(p, "name")->valuestring, "Description"))
                    break;
            cJSON_DeleteItemFromArray(input, i);
        }
        for (size_t k = 0; k < 3; k++)
            if (!strcmp(name, deprecated[k][0])) {
                cJSON *p = cJSON_CreateObject();
                cJSON_AddStringToObject(p, "name", deprecated[k][1]);
                cJSON_AddStringToObject(p, "type", deprecated[k][2]);
                if (deprecated[k][3])
                    cJSON_AddStringToObject(p, "ref", deprecated[k][3]);
                cJSON_AddFalseToObject(p, "required");
                cJSON_AddItemToArray(input, p);
            }
    }
    char *b = cJSON_Print(before), *n = cJSON_Print(now);
    char *before_path = test_write_temp(b, strlen(b), ".json"), *now_path = test_write_temp(n, strlen(n), ".json");
    cJSON_free(b);
    cJSON_free(n);
    cJSON_Delete(before);
    cJSON_Delete(now);
    char args[1024];
    snprintf(args, sizeof args, "'%s' '%s' --fail-on breaking", before_path, now_path);
    run r = docbind_diff(args);
    cr_assert_eq(r.status, 1, "dropping deprecated inputs breaks requests that send them");
    cr_assert_not_null(strstr(r.out, "3 breaking, 0 warning, 1 info"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "  action CreateDatahubTask\n"
                                     "    breaking  input-removed: input PrivateLinkParam (object PrivateLinkParam) removed\n"
                                     "    info      input-added: optional input Description (string) added\n"),
                       "%s", r.out);
    cr_assert_not_null(strstr(r.out, "breaking  input-removed: input TagKey (string) removed"));
    run_free(&r);
    remove_temp(before_path);
    remove_temp(now_path);
}
