/* Conformance with the mustache specification's own test files (core
 * modules), read at run time from ../shared/mustache-spec/ or from
 * $DOCBIND_MUSTACHE_SPEC_DIR. A missing directory is a failure. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "mustache.h"
#include "test_support.h"

static const char *spec_dir(void)
{
    static char dir[4096];
    const char *env = getenv("DOCBIND_MUSTACHE_SPEC_DIR");
    if (env && *env)
        snprintf(dir, sizeof dir, "%s", env);
    else
        snprintf(dir, sizeof dir, "%s/../shared/mustache-spec", DOCBIND_SOURCE_DIR);
    return dir;
}

static char *load_from_json(const char *name, size_t *len, void *user)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive((const cJSON *)user, name);
    if (!cJSON_IsString(p))
        return NULL;
    *len = strlen(p->valuestring);
    return strdup(p->valuestring);
}

/* JSON-quoted copy of `s` for readable failure messages; caller frees. */
static char *quoted(const char *s)
{
    cJSON *str = cJSON_CreateString(s ? s : "(null)");
    char *q = cJSON_PrintUnformatted(str);
    cJSON_Delete(str);
    return q;
}

/* Runs one case three ways: one-shot, then twice through one compiled
 * template and one partial set (the second render uses cached partials).
 * Returns NULL when all agree with `expected`, else a malloc'd description. */
static char *run_case(const cJSON *tc)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(tc, "data");
    const char *tmpl = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tc, "template"));
    const char *expected =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tc, "expected"));
    cJSON *partials = cJSON_GetObjectItemCaseSensitive(tc, "partials");
    char *problem = NULL;
    if (!tmpl || !expected)
        return strdup("case lacks 'template' or 'expected'");

    mustache_error err;
    char msg[512];
    char *outs[3] = {NULL, NULL, NULL};
    const char *how[3] = {"mustache_render_text", "first render", "second render"};
    outs[0] = mustache_render_text(tmpl, strlen(tmpl), data, load_from_json, partials, NULL, &err);
    if (!outs[0])
        mustache_error_format(&err, msg, sizeof msg);
    mustache_template *t = mustache_compile(tmpl, strlen(tmpl), &err);
    mustache_partials *set = mustache_partials_new(load_from_json, partials);
    if (t) {
        for (int i = 1; i < 3; i++)
            outs[i] = mustache_render(t, data, set, NULL, &err);
    }
    for (int i = 0; i < 3 && !problem; i++) {
        if (outs[i] && !strcmp(outs[i], expected))
            continue;
        char *want = quoted(expected);
        char *got = outs[i] ? quoted(outs[i]) : NULL;
        size_t need = strlen(want) + (got ? strlen(got) : strlen(msg)) + 128;
        problem = malloc(need);
        if (got)
            snprintf(problem, need, "%s: expected %s, got %s", how[i], want, got);
        else
            snprintf(problem, need, "%s: expected %s, got error %s", how[i], want,
                     t || i == 0 ? msg : "(compile failed)");
        free(want);
        free(got);
    }
    for (int i = 0; i < 3; i++)
        free(outs[i]);
    mustache_partials_free(set);
    mustache_free(t);
    return problem;
}

static void run_spec_file(const char *file)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", spec_dir(), file);
    struct stat st;
    cr_assert(stat(spec_dir(), &st) == 0 && S_ISDIR(st.st_mode),
              "mustache spec directory %s is missing (set DOCBIND_MUSTACHE_SPEC_DIR)",
              spec_dir());
    cr_assert(stat(path, &st) == 0, "mustache spec file %s is missing", path);

    char *text = test_read_file(path, NULL);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(doc, "%s is not valid JSON", path);
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(doc, "tests");
    cr_assert(cJSON_IsArray(tests) && cJSON_GetArraySize(tests) > 0, "%s has no tests", path);

    int total = 0, failed = 0;
    const cJSON *tc;
    cJSON_ArrayForEach(tc, tests) {
        total++;
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tc, "name"));
        char *problem = run_case(tc);
        if (problem) {
            failed++;
            cr_log_error("%s: \"%s\": %s", file, name ? name : "(unnamed)", problem);
            free(problem);
        }
    }
    cJSON_Delete(doc);
    cr_log_info("%s: %d of %d cases passed", file, total - failed, total);
    cr_expect_eq(failed, 0, "%s: %d of %d cases failed (see the log above)", file, failed,
                 total);
}

Test(mustache_spec, directory_present)
{
    struct stat st;
    cr_assert(stat(spec_dir(), &st) == 0 && S_ISDIR(st.st_mode),
              "mustache spec directory %s is missing (set DOCBIND_MUSTACHE_SPEC_DIR)",
              spec_dir());
}

Test(mustache_spec, comments) { run_spec_file("comments.json"); }
Test(mustache_spec, delimiters) { run_spec_file("delimiters.json"); }
Test(mustache_spec, interpolation) { run_spec_file("interpolation.json"); }
Test(mustache_spec, inverted) { run_spec_file("inverted.json"); }
Test(mustache_spec, partials) { run_spec_file("partials.json"); }
Test(mustache_spec, sections) { run_spec_file("sections.json"); }
