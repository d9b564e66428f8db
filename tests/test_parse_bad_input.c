/* Bad input of every kind: a clear diagnostic naming file and line, a
 * failed parse where the result would be wrong, never a crash. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ir_test_util.h"
#include "parse.h"
#include "test_support.h"

static int parse_text(const char *label, const char *data, size_t len, ir_doc *ir, diag_list *d)
{
    return parse_memory(label, data, len, NULL, ir, d);
}

static const diag *first_error(const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == DIAG_ERROR)
            return &d->items[i];
    return NULL;
}

Test(bad_input, empty_document)
{
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_text("empty.txt", "", 0, &ir, &d), -1);
    const diag *e = first_error(&d);
    cr_assert_not_null(e);
    cr_assert_str_eq(e->file, "empty.txt");
    cr_assert_not_null(strstr(e->message, "empty document"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, binary_junk_names_the_line)
{
    const char junk[] = "line one\nline two\nab\0cd\x01\x02";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_text("junk.bin", junk, sizeof junk - 1, &ir, &d), -1);
    const diag *e = first_error(&d);
    cr_assert_not_null(e);
    cr_assert_eq(e->line, 3);
    cr_assert_not_null(strstr(e->message, "NUL byte"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, invalid_utf8_names_line_and_byte)
{
    const char text[] = "接口请求域名： ckafka.tencentcloudapi.com 。\n\n参数名称 \xE5\x8F 类型\n";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_text("bad-utf8.txt", text, sizeof text - 1, &ir, &d), -1);
    const diag *e = first_error(&d);
    cr_assert_not_null(e);
    cr_assert_eq(e->line, 3);
    cr_assert_not_null(strstr(e->message, "invalid UTF-8"), "%s", e->message);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, not_an_api_document)
{
    const char text[] = "Dear diary,\nToday I parsed nothing at all.\n";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_text("diary.txt", text, sizeof text - 1, &ir, &d), -1);
    cr_assert(diag_mentions(&d, "not a recognised API document"));
    cr_assert_eq(ir.n_services, 0);
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, unknown_dialect)
{
    const char text[] = "anything\n";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_options opt = {"klingon", NULL, NULL};
    cr_assert_eq(parse_memory("x.txt", text, sizeof text - 1, &opt, &ir, &d), -1);
    cr_assert(diag_mentions(&d, "unknown dialect 'klingon'"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, unreadable_row_is_reported_with_its_line)
{
    const char text[] = " 1. 接口描述\n\n接口请求域名： ckafka.tencentcloudapi.com 。\n\n2. 输入参数\n\n"
                        "参数名称 必选 类型 描述\n\n这一行不是参数\n\nAction 是 String 公共参数，本接口取值：Foo。\n";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    cr_assert_eq(parse_text("row.txt", text, sizeof text - 1, &ir, &d), 0);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
        if (d.items[i].line == 9 && strstr(d.items[i].message, "table row expected"))
            found = true;
    cr_assert(found, "the unreadable row at line 9 must be reported");
    ir_doc_free(&ir);
    diag_list_free(&d);
}

Test(bad_input, page_without_action_name)
{
    const char text[] = "接口请求域名： ckafka.tencentcloudapi.com 。\n\n2. 输入参数\n\n参数名称 必选 类型 描述\n\n"
                        "Limit 否 Integer 最大值为50\n";
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    parse_text("noname.txt", text, sizeof text - 1, &ir, &d);
    cr_assert(diag_mentions(&d, "no action name"));
    ir_doc_free(&ir);
    diag_list_free(&d);
}

/* Every prefix cut of the fixture (a truncated download) parses or fails
 * cleanly. */
Test(bad_input, truncated_documents)
{
    size_t len;
    char *text = test_read_file(test_source_path("tests/fixtures/tencent/hazards.txt"), &len);
    for (size_t cut = 0; cut < len; cut += 97) {
        ir_doc ir = IR_DOC_INIT;
        diag_list d = DIAG_LIST_INIT;
        int rc = parse_text("cut.txt", text, cut, &ir, &d);
        if (rc < 0)
            cr_assert(d.errors > 0, "a failed parse must say why (cut at %zu)", cut);
        ir_doc_free(&ir);
        diag_list_free(&d);
    }
    free(text);
}

/* Lines dropped and repeated at random: the reader must never crash. */
Test(bad_input, shuffled_lines)
{
    size_t len;
    char *text = test_read_file(test_source_path("tests/fixtures/tencent/hazards.txt"), &len);
    const char *lines[512];
    size_t n = 0;
    for (char *p = strtok(text, "\n"); p && n < 512; p = strtok(NULL, "\n"))
        lines[n++] = p;
    unsigned seed = 12345;
    char *buf = malloc(len * 2 + 1);
    for (int round = 0; round < 200; round++) {
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 10;
            if (r == 0)
                continue; /* drop */
            size_t k = r == 1 ? (seed >> 8) % n : i;
            size_t l = strlen(lines[k]);
            if (o + l + 1 > len * 2)
                break;
            memcpy(buf + o, lines[k], l);
            buf[o + l] = '\n';
            o += l + 1;
        }
        ir_doc ir = IR_DOC_INIT;
        diag_list d = DIAG_LIST_INIT;
        parse_text("shuffled.txt", buf, o, &ir, &d);
        ir_doc_free(&ir);
        diag_list_free(&d);
    }
    free(buf);
    free(text);
}

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(bad_input, cli_exit_status)
{
    char *bin = test_write_temp("\x7f" "ELF\0\0\0junk", 10, ".txt");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/cli/docbind parse %s -o /dev/null 2>/dev/null", DOCBIND_BINARY_DIR, bin);
    cr_assert_eq(run(cmd), 1, "unreadable document: exit 1");
    snprintf(cmd, sizeof cmd, "%s/cli/docbind parse 2>/dev/null", DOCBIND_BINARY_DIR);
    cr_assert_eq(run(cmd), 2, "usage error: exit 2");
    snprintf(cmd, sizeof cmd, "%s/cli/docbind parse %s/tests/fixtures/tencent/hazards.txt -o /dev/null",
             DOCBIND_BINARY_DIR, DOCBIND_SOURCE_DIR);
    cr_assert_eq(run(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/cli/docbind parse /nonexistent/doc.txt -o /dev/null 2>/dev/null",
             DOCBIND_BINARY_DIR);
    cr_assert_eq(run(cmd), 1);
    unlink(bin);
    free(bin);
}
