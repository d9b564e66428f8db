/* The mustache renderer beyond the specification's cases: error reporting,
 * compile-once-render-many, nesting limits, large and invalid inputs. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "mustache.h"

/* ------------------------------------------------------------- helpers */

/* Partials from a NULL-terminated {name, text} table; counts loader calls. */
struct table_loader {
    const char *const *entries;
    int calls;
};

static char *load_from_table(const char *name, size_t *len, void *user)
{
    struct table_loader *tl = user;
    tl->calls++;
    for (const char *const *e = tl->entries; e[0]; e += 2) {
        if (!strcmp(e[0], name)) {
            *len = strlen(e[1]);
            return strdup(e[1]);
        }
    }
    return NULL;
}

static cJSON *json(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j, "bad test JSON: %s", text);
    return j;
}

/* Renders `tmpl` with `data_json` and partials from `table` (may be NULL). */
static char *render(const char *tmpl, const char *data_json, const char *const *table,
                    mustache_error *err)
{
    cJSON *data = data_json ? json(data_json) : NULL;
    struct table_loader tl = {table, 0};
    char *out = mustache_render_text(tmpl, strlen(tmpl), data, table ? load_from_table : NULL,
                                     &tl, NULL, err);
    cJSON_Delete(data);
    return out;
}

static void expect_output(const char *tmpl, const char *data_json, const char *expected)
{
    mustache_error err;
    char *out = render(tmpl, data_json, NULL, &err);
    char msg[512];
    cr_assert_not_null(out, "render of %s failed: %s", tmpl,
                       mustache_error_format(&err, msg, sizeof msg));
    cr_expect_str_eq(out, expected, "template %s", tmpl);
    free(out);
}

/* Expects compiling `tmpl` to fail at line:column with `needle` in the
 * formatted message. */
static void expect_compile_error(const char *tmpl, unsigned line, unsigned column,
                                 const char *needle)
{
    mustache_error err;
    mustache_template *t = mustache_compile(tmpl, strlen(tmpl), &err);
    char msg[512];
    mustache_error_format(&err, msg, sizeof msg);
    cr_assert_null(t, "template %s compiled but should fail", tmpl);
    cr_expect_eq(err.line, line, "template %s: line %u, want %u (%s)", tmpl, err.line, line, msg);
    cr_expect_eq(err.column, column, "template %s: column %u, want %u (%s)", tmpl, err.column,
                 column, msg);
    cr_expect_not_null(strstr(msg, needle), "template %s: message \"%s\" lacks \"%s\"", tmpl, msg,
                       needle);
    char where[32];
    snprintf(where, sizeof where, "%u:%u: ", line, column);
    cr_expect(!strncmp(msg, where, strlen(where)), "message \"%s\" does not start with %s", msg,
              where);
}

/* --------------------------------------------------------------- errors */

Test(mustache_errors, unclosed_section_names_where_it_opened)
{
    expect_compile_error("first\nsecond\n    {{#items}}x\n", 3, 5,
                         "unclosed section {{#items}}: expected {{/items}}");
    expect_compile_error("{{#a}}{{^b}}{{/b}}", 1, 1, "unclosed section {{#a}}");
    expect_compile_error("{{#a}}{{^b}}", 1, 7, "unclosed section {{^b}}: expected {{/b}}");
}

Test(mustache_errors, mismatched_close)
{
    expect_compile_error("{{#a}}\n  {{/b}}", 2, 3,
                         "mismatched {{/b}}: expected {{/a}} to close the section {{#a}} "
                         "opened at 1:1");
    expect_compile_error("{{#a.b}}{{/a}}", 1, 9, "expected {{/a.b}}");
}

Test(mustache_errors, close_without_open)
{
    expect_compile_error("x {{/a}}", 1, 3, "unexpected {{/a}}: no section is open");
    expect_compile_error("{{#a}}{{/a}}\n{{/a}}", 2, 1, "no section is open");
}

Test(mustache_errors, unclosed_tags)
{
    expect_compile_error("ab\n {{name", 2, 2, "unclosed tag \"{{name\": expected }}");
    expect_compile_error("{{{name}}", 1, 1, "expected }}}");
    expect_compile_error("x{{! a comment that never ends", 1, 2, "unclosed tag");
    expect_compile_error("{{=<% %>}}", 1, 1, "expected =}}");
    expect_compile_error("{{", 1, 1, "unclosed tag");
    expect_compile_error("{{#", 1, 1, "unclosed tag");
}

Test(mustache_errors, bad_delimiters)
{
    expect_compile_error("{{=<%=}}", 1, 1, "bad delimiter tag");
    expect_compile_error("{{=a b c=}}", 1, 1, "bad delimiter tag");
    expect_compile_error("x\n{{=<= =>=}}", 2, 1, "expected two delimiters");
    expect_compile_error("{{= =}}", 1, 1, "bad delimiter tag");
}

Test(mustache_errors, messages_use_current_delimiters)
{
    expect_compile_error("{{=<% %>=}}\n<%#a%>", 2, 1, "expected <%/a%>");
    expect_compile_error("{{=| |=}}|x", 1, 10, "unclosed tag \"|x\": expected |");
}

Test(mustache_errors, bad_names)
{
    expect_compile_error("{{}}", 1, 1, "empty tag");
    expect_compile_error("a {{ }}", 1, 3, "empty tag");
    expect_compile_error("{{#}}{{/}}", 1, 1, "empty tag");
    expect_compile_error("{{>}}", 1, 1, "empty tag");
    expect_compile_error("{{a b}}", 1, 1, "contains whitespace");
    expect_compile_error("{{a..b}}", 1, 1, "bad dotted name");
    expect_compile_error("{{.a}}", 1, 1, "bad dotted name");
    expect_compile_error("{{#a.}}{{/a.}}", 1, 1, "bad dotted name");

    mustache_error err;
    mustache_template *t = mustache_compile("{{a\0b}}", 7, &err);
    cr_assert_null(t);
    cr_expect_not_null(strstr(err.message, "NUL byte"), "%s", err.message);
}

Test(mustache_errors, columns_count_characters_not_bytes)
{
    expect_compile_error("日本語 {{#x}}", 1, 5, "unclosed section");
    expect_compile_error("ok\n\xc3\xa9t\xc3\xa9 {{/x}}", 2, 5, "no section is open");
}

Test(mustache_errors, nesting_limit_at_compile_time)
{
    size_t n = MUSTACHE_MAX_DEPTH + 1;
    size_t len = n * 7;
    char *tmpl = malloc(len + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(tmpl + i * 7, "{{#a}}\n", 7);
    tmpl[len] = '\0';
    mustache_error err;
    cr_assert_null(mustache_compile(tmpl, len, &err));
    cr_expect_eq(err.line, (unsigned)n);
    cr_expect_eq(err.column, 1);
    cr_expect_not_null(strstr(err.message, "nested deeper than"), "%s", err.message);
    free(tmpl);
}

Test(mustache_errors, errors_inside_partials_name_the_partial)
{
    static const char *const partials[] = {"row", "ok\n  {{#x}}\n", NULL};
    mustache_error err;
    char *out = render("a\n{{>row}}\n", "{}", partials, &err);
    cr_assert_null(out);
    cr_expect_str_eq(err.partial, "row");
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 3);
    char msg[512];
    cr_expect_str_eq(mustache_error_format(&err, msg, sizeof msg),
                     "partial 'row' 2:3: unclosed section {{#x}}: expected {{/x}} before the "
                     "end of the template");
}

Test(mustache_errors, indented_partial_reports_columns_as_written)
{
    static const char *const partials[] = {"row", "line\n{{/x}}\n", NULL};
    mustache_error err;
    char *out = render("    {{>row}}\n", "{}", partials, &err);
    cr_assert_null(out);
    cr_expect_str_eq(err.partial, "row");
    cr_expect_eq(err.line, 2);
    cr_expect_eq(err.column, 1);
}

Test(mustache_errors, recursive_partial_hits_depth_limit)
{
    static const char *const partials[] = {"loop", "x{{>loop}}", NULL};
    mustache_error err;
    char *out = render("{{>loop}}", "{}", partials, &err);
    cr_assert_null(out);
    cr_expect_str_eq(err.partial, "loop");
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, 2);
    cr_expect_not_null(strstr(err.message, "nested deeper than"), "%s", err.message);

    /* Standalone recursion builds a new indentation per level: still bounded. */
    static const char *const indented[] = {"deep", "  {{>deep}}\n", NULL};
    out = render("{{>deep}}", "{}", indented, &err);
    cr_assert_null(out);
    cr_expect_not_null(strstr(err.message, "nested deeper than"), "%s", err.message);
}

Test(mustache_errors, format_without_position)
{
    mustache_error err;
    cr_assert_null(mustache_render(NULL, NULL, NULL, NULL, &err));
    cr_expect_eq(err.line, 0);
    char msg[128];
    cr_expect_str_eq(mustache_error_format(&err, msg, sizeof msg), "no template");
    char tiny[4];
    cr_expect_str_eq(mustache_error_format(&err, tiny, sizeof tiny), "no ");
}

/* ------------------------------------------------------- compile once */

Test(mustache_reuse, one_template_many_renders)
{
    const char *src = "{{#items}}<{{name}}:{{n}}>{{/items}}{{^items}}none{{/items}}";
    mustache_error err;
    mustache_template *t = mustache_compile(src, strlen(src), &err);
    cr_assert_not_null(t);
    for (int i = 0; i < 1000; i++) {
        char data[128], want[128];
        snprintf(data, sizeof data, "{\"items\":[{\"name\":\"a%d\",\"n\":%d}]}", i, i);
        snprintf(want, sizeof want, "<a%d:%d>", i, i);
        cJSON *j = json(data);
        size_t len = 0;
        char *out = mustache_render(t, j, NULL, &len, &err);
        cr_assert_not_null(out);
        cr_assert_str_eq(out, want);
        cr_assert_eq(len, strlen(want));
        free(out);
        cJSON_Delete(j);
    }
    char *out = mustache_render(t, NULL, NULL, NULL, &err);
    cr_expect_str_eq(out, "none");
    free(out);
    mustache_free(t);
}

Test(mustache_reuse, partials_load_and_compile_once)
{
    static const char *const partials[] = {"row", "[{{.}}{{>missing}}]\n", NULL};
    struct table_loader tl = {partials, 0};
    const char *src = "{{#items}}{{>row}}{{/items}}\n  {{>row}}\n    {{>row}}\n";
    mustache_template *t = mustache_compile(src, strlen(src), NULL);
    cr_assert_not_null(t);
    mustache_partials *set = mustache_partials_new(load_from_table, &tl);
    cr_assert_not_null(set);
    cJSON *data = json("{\"items\":[1,2,3]}");
    for (int i = 0; i < 50; i++) {
        char *out = mustache_render(t, data, set, NULL, NULL);
        cr_assert_not_null(out);
        /* {{.}} at the root is an object, which interpolates as nothing. */
        cr_assert_str_eq(out, "[1]\n[2]\n[3]\n\n  []\n    []\n");
        free(out);
    }
    /* "row" and "missing" are each asked for once, whatever the indentation. */
    cr_expect_eq(tl.calls, 2, "loader called %d times", tl.calls);
    cJSON_Delete(data);
    mustache_partials_free(set);
    mustache_free(t);
}

Test(mustache_reuse, standalone_partials_indent_nonempty_lines)
{
    static const char *const partials[] = {"body", "a;\n\nif (x) {\n    b;\n}\n", NULL};
    mustache_error err;
    char *out = render("void f(void)\n{\n    {{>body}}\n}\n", "{}", partials, &err);
    cr_assert_not_null(out);
    cr_expect_str_eq(out, "void f(void)\n{\n    a;\n\n    if (x) {\n        b;\n    }\n}\n");
    free(out);
}

Test(mustache_reuse, template_outlives_source_text)
{
    char *src = strdup("{{greeting}}, {{#who}}{{.}}{{/who}}!");
    mustache_template *t = mustache_compile(src, strlen(src), NULL);
    memset(src, 'x', strlen(src));
    free(src);
    cJSON *data = json("{\"greeting\":\"Hello\",\"who\":\"world\"}");
    char *out = mustache_render(t, data, NULL, NULL, NULL);
    cr_expect_str_eq(out, "Hello, world!");
    free(out);
    cJSON_Delete(data);
    mustache_free(t);
}

/* --------------------------------------------------------------- values */

Test(mustache_values, numbers)
{
    expect_output("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
                  "{\"a\":85,\"b\":1.5,\"c\":1.21,\"d\":-3,\"e\":0.1,\"f\":1e20,"
                  "\"g\":123456789012,\"h\":-0.0}",
                  "85 1.5 1.21 -3 0.1 1e+20 123456789012 0");
    cJSON *third = cJSON_CreateObject();
    cJSON_AddNumberToObject(third, "x", 1.0 / 3.0);
    cJSON_AddNumberToObject(third, "y", 0.1 + 0.2);
    char *out = mustache_render_text("{{x}} {{y}}", 11, third, NULL, NULL, NULL, NULL);
    cr_expect_str_eq(out, "0.3333333333333333 0.30000000000000004");
    free(out);
    cJSON_Delete(third);
}

Test(mustache_values, other_types)
{
    expect_output("[{{t}}|{{f}}|{{n}}|{{o}}|{{l}}]",
                  "{\"t\":true,\"f\":false,\"n\":null,\"o\":{\"k\":1},\"l\":[1,2]}",
                  "[true|false|||]");
    expect_output("{{a}}{{{a}}}{{&a}}", "{\"a\":\"<&\\\">'\"}", "&lt;&amp;&quot;&gt;'<&\">'<&\">'");
}

Test(mustache_values, truthiness)
{
    expect_output("{{#s}}S{{/s}}{{^s}}!S{{/s}}", "{\"s\":\"\"}", "!S");
    expect_output("{{#z}}Z{{.}}{{/z}}", "{\"z\":0}", "Z0");
    expect_output("{{#o}}O{{/o}}", "{\"o\":{}}", "O");
    expect_output("{{#l}}L{{/l}}{{^l}}!L{{/l}}", "{\"l\":[]}", "!L");
    expect_output("{{#n}}N{{/n}}{{^n}}!N{{/n}}", "{\"n\":null}", "!N");
}

Test(mustache_values, null_data_renders_names_as_missing)
{
    const char *src = "a{{x}}{{#y}}no{{/y}}{{^z}}b{{/z}}{{.}}";
    char *out = mustache_render_text(src, strlen(src), NULL, NULL, NULL, NULL, NULL);
    cr_expect_str_eq(out, "ab");
    free(out);
}

/* -------------------------------------------------------------- nesting */

/* {"a":{"a":...{"leaf":"L"}}} with `depth` levels of "a". */
static cJSON *nested_objects(int depth)
{
    cJSON *root = cJSON_CreateObject(), *cur = root;
    for (int i = 0; i < depth; i++) {
        cJSON *next = cJSON_CreateObject();
        cJSON_AddItemToObject(cur, "a", next);
        cur = next;
    }
    cJSON_AddStringToObject(cur, "leaf", "L");
    cJSON_AddStringToObject(root, "top", "T");
    return root;
}

Test(mustache_nesting, sections_at_the_limit)
{
    int n = MUSTACHE_MAX_DEPTH;
    size_t len = (size_t)n * 12 + 32;
    char *tmpl = malloc(len), *p = tmpl;
    for (int i = 0; i < n; i++)
        p += sprintf(p, "{{#a}}");
    p += sprintf(p, "{{leaf}}{{top}}");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "{{/a}}");
    cJSON *data = nested_objects(n);
    mustache_error err;
    char msg[512];
    char *out = mustache_render_text(tmpl, (size_t)(p - tmpl), data, NULL, NULL, NULL, &err);
    cr_assert_not_null(out, "%s", mustache_error_format(&err, msg, sizeof msg));
    cr_expect_str_eq(out, "LT");
    free(out);
    free(tmpl);
    cJSON_Delete(data);
}

Test(mustache_nesting, very_deep_templates_fail_cleanly)
{
    size_t n = 100000;
    char *tmpl = malloc(n * 6 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(tmpl + i * 6, "{{^a}}", 6);
    mustache_error err;
    cr_expect_null(mustache_compile(tmpl, n * 6, &err));
    cr_expect_eq(err.line, 1);
    cr_expect_eq(err.column, (unsigned)MUSTACHE_MAX_DEPTH * 6 + 1);
    free(tmpl);
}

Test(mustache_nesting, long_dotted_names_and_deep_data)
{
    int n = 900;
    char *tmpl = malloc((size_t)n * 2 + 16), *p = tmpl;
    p += sprintf(p, "{{");
    for (int i = 0; i < n; i++)
        p += sprintf(p, "a.");
    p += sprintf(p, "leaf}}");
    cJSON *data = nested_objects(n);
    char *out = mustache_render_text(tmpl, (size_t)(p - tmpl), data, NULL, NULL, NULL, NULL);
    cr_expect_str_eq(out, "L");
    free(out);
    free(tmpl);
    cJSON_Delete(data);
}

/* A tree of `depth` levels for the recursive "node" partial. */
static cJSON *tree(int depth)
{
    cJSON *root = cJSON_CreateObject(), *cur = root;
    for (int i = 0; i < depth; i++) {
        cJSON_AddNumberToObject(cur, "v", i);
        cJSON *kids = cJSON_AddArrayToObject(cur, "kids");
        cJSON *kid = cJSON_CreateObject();
        cJSON_AddItemToArray(kids, kid);
        cur = kid;
    }
    /* An explicit empty list: a missing "kids" would resolve to the
     * parent's through the context stack and recurse forever. */
    cJSON_AddArrayToObject(cur, "kids");
    return root;
}

Test(mustache_nesting, recursive_partials_over_data)
{
    static const char *const partials[] = {"node", "({{v}}{{#kids}}{{>node}}{{/kids}})", NULL};
    struct table_loader tl = {partials, 0};
    mustache_partials *set = mustache_partials_new(load_from_table, &tl);
    mustache_template *t = mustache_compile("{{>node}}", 9, NULL);

    cJSON *ok = tree(200); /* 200 sections + 201 partials: within the limit */
    mustache_error err;
    char *out = mustache_render(t, ok, set, NULL, &err);
    cr_assert_not_null(out, "%s", err.message);
    cr_expect_eq(strncmp(out, "(0(1(2(", 7), 0);
    free(out);
    cJSON_Delete(ok);

    cJSON *too_deep = tree(400);
    out = mustache_render(t, too_deep, set, NULL, &err);
    cr_expect_null(out);
    cr_expect_str_eq(err.partial, "node");
    cr_expect_not_null(strstr(err.message, "nested deeper than"), "%s", err.message);
    cJSON_Delete(too_deep);

    mustache_free(t);
    mustache_partials_free(set);
    cr_expect_eq(tl.calls, 1);
}

/* ---------------------------------------------------------------- large */

Test(mustache_large, big_literal_template)
{
    size_t len = 8u << 20;
    char *tmpl = malloc(len);
    for (size_t i = 0; i < len; i++)
        tmpl[i] = (char)("abcdefgh{ }\n"[i % 12]);
    size_t out_len = 0;
    char *out = mustache_render_text(tmpl, len, NULL, NULL, NULL, &out_len, NULL);
    cr_assert_not_null(out);
    cr_expect_eq(out_len, len);
    cr_expect_eq(memcmp(out, tmpl, len), 0);
    cr_expect_eq(out[len], '\0');
    free(out);
    free(tmpl);
}

Test(mustache_large, many_items_through_a_partial)
{
    static const char *const partials[] = {"item", "  {{id}}:{{name}}\n", NULL};
    cJSON *data = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(data, "items");
    size_t want = 0;
    for (int i = 0; i < 100000; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "id", i);
        cJSON_AddStringToObject(it, "name", "x<y");
        cJSON_AddItemToArray(items, it);
        want += 2 + (size_t)snprintf(NULL, 0, "%d", i) + 1 + strlen("x&lt;y") + 1;
    }
    struct table_loader tl = {partials, 0};
    size_t out_len = 0;
    mustache_error err;
    char *out = mustache_render_text("{{#items}}\n{{>item}}\n{{/items}}\n", 31, data,
                                     load_from_table, &tl, &out_len, &err);
    cr_assert_not_null(out, "%s", err.message);
    cr_expect_eq(out_len, want);
    cr_expect_eq(strlen(out), want);
    cr_expect_eq(strncmp(out, "  0:x&lt;y\n  1:x&lt;y\n", 22), 0);
    free(out);
    cJSON_Delete(data);
}

Test(mustache_large, long_values_and_many_tags)
{
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    memset(big, '<', n);
    big[n] = '\0';
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "v", big);
    size_t out_len = 0;
    char *out = mustache_render_text("{{v}}|{{{v}}}", 13, data, NULL, NULL, &out_len, NULL);
    cr_assert_not_null(out);
    cr_expect_eq(out_len, n * 4 + 1 + n);
    cr_expect_eq(strncmp(out, "&lt;&lt;", 8), 0);
    free(out);
    free(big);

    size_t tags = 50000;
    char *tmpl = malloc(tags * 6 + 1);
    for (size_t i = 0; i < tags; i++)
        memcpy(tmpl + i * 6, "{{x}} ", 6);
    cJSON_AddStringToObject(data, "x", "ab");
    out = mustache_render_text(tmpl, tags * 6, data, NULL, NULL, &out_len, NULL);
    cr_assert_not_null(out);
    cr_expect_eq(out_len, tags * 3);
    free(out);
    free(tmpl);
    cJSON_Delete(data);
}

/* -------------------------------------------------------------- invalid */

Test(mustache_invalid, null_arguments)
{
    mustache_error err;
    cr_expect_null(mustache_compile(NULL, 3, &err));
    cr_expect_not_null(strstr(err.message, "no template text"));
    mustache_template *empty = mustache_compile(NULL, 0, &err);
    cr_assert_not_null(empty);
    size_t len = 99;
    char *out = mustache_render(empty, NULL, NULL, &len, NULL);
    cr_expect_str_eq(out, "");
    cr_expect_eq(len, 0);
    free(out);
    mustache_free(empty);
    cr_expect_null(mustache_render(NULL, NULL, NULL, &len, NULL));
    cr_expect_null(mustache_partials_new(NULL, NULL));
    mustache_free(NULL);
    mustache_partials_free(NULL);
    cr_expect_null(mustache_compile("{{", 2, NULL)); /* err may be NULL */
}

Test(mustache_invalid, nul_bytes_are_text)
{
    static const char src[] = "a\0b{{x}}\0";
    size_t len = 0;
    cJSON *data = json("{\"x\":\"X\"}");
    char *out = mustache_render_text(src, sizeof src - 1, data, NULL, NULL, &len, NULL);
    cr_assert_not_null(out);
    cr_expect_eq(len, 5);
    cr_expect_eq(memcmp(out, "a\0bX\0", 6), 0);
    free(out);
    cJSON_Delete(data);
}

Test(mustache_invalid, partial_without_loader_is_empty)
{
    char *out = mustache_render_text("[{{>p}}]", 8, NULL, NULL, NULL, NULL, NULL);
    cr_expect_str_eq(out, "[]");
    free(out);
}

Test(mustache_invalid, every_prefix_of_a_template)
{
    const char *src = "{{=<% %>=}}<%#list%>\n  <%> row %>\n<%/list%>\n<%={{ }}=%>"
                      "{{^x}}{{{raw}}}{{&amp}}{{! note }}{{a.b.c}}{{/x}}";
    static const char *const partials[] = {"row", "{{.}}\n", NULL};
    cJSON *data = json("{\"list\":[1,2],\"raw\":\"<\",\"a\":{\"b\":{\"c\":3}}}");
    size_t len = strlen(src);
    int ok = 0;
    for (size_t i = 0; i <= len; i++) {
        mustache_error err;
        struct table_loader tl = {partials, 0};
        char *out = mustache_render_text(src, i, data, load_from_table, &tl, NULL, &err);
        if (out) {
            ok++;
            free(out);
        } else {
            cr_expect(err.message[0] && err.line >= 1, "prefix %zu: bad error", i);
        }
    }
    cr_expect_gt(ok, 0);
    cJSON_Delete(data);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

Test(mustache_invalid, random_templates_never_crash)
{
    static const char *const pieces[] = {
        "{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}", "{{#list}}",
        "{{/list}}", "{{.}}", "{{a.b}}", "{{>p}}", "{{>q}}", "{{!c}}", "{{=<% %>=}}",
        "<%", "%>", "<%={{ }}=%>", "{{&a}}", "  ", "\n", "\r\n", "x", "#", "/", "=", ".",
        "{", "}", "\t", "\0",
    };
    static const char *const partials[] = {"p", "{{#list}}{{>p}}{{/list}}", "q",
                                           "  {{>q}}\n{{#a}}\n", NULL};
    cJSON *data = json("{\"a\":{\"b\":\"<b>\"},\"b\":false,\"list\":[1,[2],{\"a\":3}]}");
    int compiled = 0;
    for (int round = 0; round < 20000; round++) {
        char tmpl[256];
        size_t len = 0;
        int count = (int)(rng() % 12);
        for (int i = 0; i < count; i++) {
            const char *piece = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
            size_t plen = piece[0] ? strlen(piece) : 1;
            memcpy(tmpl + len, piece, plen);
            len += plen;
        }
        mustache_error err;
        struct table_loader tl = {partials, 0};
        char *out = mustache_render_text(tmpl, len, data, load_from_table, &tl, NULL, &err);
        if (out) {
            compiled++;
            free(out);
        } else {
            cr_assert(err.message[0], "round %d: error without a message", round);
        }
    }
    cr_expect_gt(compiled, 1000);
    cJSON_Delete(data);
}
