/* `docbind fixtures` as a command: the same bytes every time, the checked-in
 * generated/fixtures/ equal to a fresh run, and bad input answered with a
 * message naming the file (or a gap recorded in the fixture), never a crash. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "test_support.h"

#define DOCBIND DOCBIND_BINARY_DIR "/cli/docbind"
/* In the order scripts/run.sh gives them (the shell's sorted glob). */
#define IRS "generated/ir/aliyun.json generated/ir/huawei.json generated/ir/tencent-ckafka.json"

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/docbind-fixtures-XXXXXX";
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d);
    return strdup(d);
}

/* Runs a shell command; its exit status, stderr in *err (caller frees). */
static int run(const char *cmd, char **err)
{
    char line[4096], errfile[] = "/tmp/docbind-fixtures-err-XXXXXX";
    int fd = mkstemp(errfile);
    cr_assert_geq(fd, 0);
    close(fd);
    snprintf(line, sizeof line, "%s >/dev/null 2>%s", cmd, errfile);
    int st = system(line);
    if (err)
        *err = test_read_file(errfile, NULL);
    unlink(errfile);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void remove_dir(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(fixtures_cli, same_bytes_twice_and_equal_to_the_checked_in_set)
{
    char *a = temp_dir(), *b = temp_dir(), cmd[1024];
    snprintf(cmd, sizeof cmd, DOCBIND " fixtures " IRS " -o %s", a);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, DOCBIND " fixtures " IRS " -o %s", b);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "diff -r %s %s", a, b);
    cr_assert_eq(run(cmd, NULL), 0, "two runs differ: %s", cmd);
    snprintf(cmd, sizeof cmd, "diff -r %s generated/fixtures", a);
    char *err = NULL;
    cr_assert_eq(run(cmd, &err), 0,
                 "generated/fixtures is stale: run `build/cli/docbind fixtures "
                 "generated/ir/*.json -o generated/fixtures` and commit it");
    free(err);
    remove_dir(a);
    remove_dir(b);
    free(a);
    free(b);
}

static void expect_error(const char *ir, const char *needle)
{
    char *dir = temp_dir(), cmd[1024], *err = NULL;
    snprintf(cmd, sizeof cmd, DOCBIND " fixtures %s -o %s", ir, dir);
    int status = run(cmd, &err);
    cr_expect_eq(status, 1, "%s: exit status %d", cmd, status);
    cr_expect(strstr(err, needle) != NULL, "%s: stderr '%s' does not say '%s'", cmd, err, needle);
    cr_expect(strstr(err, ir) != NULL, "%s: stderr '%s' does not name the file", cmd, err);
    free(err);
    remove_dir(dir);
    free(dir);
}

Test(fixtures_cli, missing_file)
{
    expect_error("tests/fixtures/fixtures_cli/no-such-file.json", "cannot read");
}

Test(fixtures_cli, invalid_json)
{
    expect_error("tests/fixtures/fixtures_cli/invalid.json", "not valid JSON");
}

Test(fixtures_cli, unknown_protocol_style)
{
    expect_error("tests/fixtures/fixtures_cli/unknown_style.json",
                 "unknown protocol style 'soap-xml'");
}

Test(fixtures_cli, usage)
{
    cr_expect_eq(run(DOCBIND " fixtures", NULL), 2);
    cr_expect_eq(run(DOCBIND " fixtures generated/ir/aliyun.json", NULL), 2);
    cr_expect_eq(run(DOCBIND " fixtures --bogus x -o /tmp", NULL), 2);
}

static cJSON *read_json(const char *path)
{
    char *text = test_read_file(path, NULL);
    cJSON *j = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(j, "%s", path);
    return j;
}

static bool has_gap(const cJSON *f, const char *what, const char *reason)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(f, "gaps"))
    {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(g, "what");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(g, "reason");
        if (!strcmp(w->valuestring, what) && strstr(r->valuestring, reason))
            return true;
    }
    return false;
}

static const cJSON *invalid_case(const cJSON *f, const char *name)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(f, "invalid"))
    if (!strcmp(cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring, name))
        return c;
    return NULL;
}

/* An IR whose actions have no examples, checked limits of every kind and a
 * pattern no derived value can satisfy: recorded gaps, derived values,
 * and a case per rule, each failing only where it is meant to. */
Test(fixtures_cli, gaps_and_derived_values_are_recorded)
{
    char *dir = temp_dir(), cmd[1024], path[1200];
    snprintf(cmd, sizeof cmd, DOCBIND " fixtures tests/fixtures/fixtures_cli/awkward.json -o %s",
             dir);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);

    snprintf(path, sizeof path, "%s/acme.queue/Put.json", dir);
    cJSON *put = read_json(path);
    cr_expect(has_gap(put, "documented requests", "no documented example"));
    cr_expect(has_gap(put, "documented responses", "no response example"));
    const cJSON *minimal = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(put, "requests"), 0);
    cr_assert_not_null(minimal);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(minimal, "params");
    /* the first documented value; a value of 3 to 5 characters (the
     * example "q" is too short); the example matching ^Q[0-9]{2}$ */
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(params, "Mode")->valuestring, "Fast");
    size_t name_len = strlen(cJSON_GetObjectItemCaseSensitive(params, "Name")->valuestring);
    cr_expect(name_len >= 3 && name_len <= 5, "Name has %zu characters", name_len);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(params, "Code")->valuestring, "Q12");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(params, "Tags"), "optional: not minimal");
    char *prov = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(minimal, "provenance"));
    cr_expect_str_eq(prov, "[{\"path\":\"Mode\",\"from\":\"derived\"},{\"path\":\"Name\",\"from\":"
                           "\"derived\"},{\"path\":\"Code\",\"from\":\"parameter_example\"}]");
    free(prov);

    static const char *const expected[][3] = {
        {"enum:Mode:enum", "Mode", "NOT_A_DOCUMENTED_VALUE"},
        {"limit:Name:max_length", "Name", NULL},
        {"limit:Name:min_length", "Name", NULL},
        {"limit:Code:pattern", "Code", NULL},
        {"limit:Tags:min_items", "Tags", NULL},
        {"missing_required:Code:required", "Code", NULL},
        {"wrong_type:Mode", "Mode", NULL},
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const cJSON *c = invalid_case(put, expected[i][0]);
        cr_assert_not_null(c, "no case %s", expected[i][0]);
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(c, "error");
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(e, "path")->valuestring, expected[i][1]);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(c, "params"), expected[i][1]);
        if (expected[i][2])
            cr_expect_str_eq(v->valuestring, expected[i][2]);
    }
    /* broken by one: 6 characters for at most 5, 2 for at least 3, one tag for two */
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(invalid_case(put, "limit:Name:max_length"),
                                                      "params");
    cr_expect_eq(strlen(cJSON_GetObjectItemCaseSensitive(p, "Name")->valuestring), 6);
    p = cJSON_GetObjectItemCaseSensitive(invalid_case(put, "limit:Name:min_length"), "params");
    cr_expect_eq(strlen(cJSON_GetObjectItemCaseSensitive(p, "Name")->valuestring), 2);
    p = cJSON_GetObjectItemCaseSensitive(invalid_case(put, "limit:Tags:min_items"), "params");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "Tags")), 1);
    cJSON_Delete(put);

    snprintf(path, sizeof path, "%s/acme.queue/Stuck.json", dir);
    cJSON *stuck = read_json(path);
    cr_expect(has_gap(stuck, "minimal request", "no value satisfies the checked limits"));
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(stuck, "requests")), 0);
    cJSON_Delete(stuck);
    remove_dir(dir);
    free(dir);
}
