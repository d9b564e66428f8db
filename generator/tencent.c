/* Tencent Cloud documentation dumps, Chinese or English: the API 3.0
 * product document (release history, signing pages, one page per action,
 * the data structure page, the error code page), single action pages, and
 * the legacy API 2.0 pages.
 *
 * The reader works on patterns, not positions: an action page is anchored
 * by its "接口请求域名" line, a data structure by its "被如下接口引用" line,
 * tables by their header words, page furniture by its shape. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "dialect.h"
#include "history.h"
#include "json_extent.h"
#include "json_rebracket.h"
#include "rx.h"
#include "strbuf.h"
#include "table.h"

enum section_kind {
    SEC_NONE,
    SEC_DESCRIPTION,
    SEC_INPUT,
    SEC_OUTPUT,
    SEC_EXAMPLES,
    SEC_RESOURCES,
    SEC_ERRORS,
};

typedef struct section_word {
    const char *text;
    enum section_kind kind;
} section_word;

/* Numbered page headings ("2. 输入参数"). */
static const section_word section_words[] = {
    {"接口描述", SEC_DESCRIPTION},    {"API Description", SEC_DESCRIPTION},
    {"输入参数", SEC_INPUT},          {"Input Parameters", SEC_INPUT},
    {"Request Parameters", SEC_INPUT}, {"输出参数", SEC_OUTPUT},
    {"Output Parameters", SEC_OUTPUT}, {"Response Parameters", SEC_OUTPUT},
    {"示例", SEC_EXAMPLES},           {"Example", SEC_EXAMPLES},
    {"Examples", SEC_EXAMPLES},       {"开发者资源", SEC_RESOURCES},
    {"Developer Resources", SEC_RESOURCES}, {"错误码", SEC_ERRORS},
    {"Error Code", SEC_ERRORS},       {"Error Codes", SEC_ERRORS},
};

/* Lines of page boilerplate that are not an action's description. */
static const char *const description_boilerplate[] = {
    "API Explorer", "默认接口请求频率限制", "以下请求参数列表", "输入：", "输出：", "注意：",
    "接口请求域名", "推荐使用", "We recommend you to use API Explorer", "Try it",
    "A maximum of", "Domain name for API request", "The following request parameter list",
};

typedef struct tc_struct_anchor {
    size_t name_line;   /* line index of the struct name */
    size_t anchor_line; /* the 被如下接口引用 line */
    const char *name;
    const char *description;
    const char *refs; /* the list after the colon */
} tc_struct_anchor;

typedef struct tc_page {
    size_t begin, anchor, end; /* line indexes: [begin, end) */
    const char *domain;
    const char *title; /* from the page header, when it stands right above */
} tc_page;

typedef struct tc_reader {
    parse_context *pc;
    doc_text *doc;
    arena *mem;
    table_context tc;
    tc_struct_anchor *structs;
    size_t n_structs, cap_structs;
    tc_page *pages;
    size_t n_pages, cap_pages;
    rx *rx_heading, *rx_domain, *rx_action_value, *rx_rate, *rx_legacy_action, *rx_url_action,
        *rx_regions, *rx_struct_name, *rx_header_name, *rx_example_title, *rx_update_time,
        *rx_request_url;
} tc_reader;

static bool line_is(const doc_line *l, const char *s) { return doc_line_is(l, s); }
static bool line_starts(const doc_line *l, const char *s) { return doc_line_starts(l, s); }

static bool ends_with(const doc_line *l, const char *suffix)
{
    size_t n = strlen(suffix);
    return l->len >= n && !memcmp(l->text + l->len - n, suffix, n);
}

static char *line_dup(tc_reader *r, const doc_line *l) { return arena_strndup(r->mem, l->text, l->len); }

/* ---- page furniture --------------------------------------------------- */

static size_t prev_nonblank(const doc_text *doc, size_t i, size_t max_back)
{
    for (size_t k = 1; k <= max_back && k <= i; k++)
        if (doc->lines[i - k].len)
            return i - k;
    return (size_t)-1;
}

/* Marks URL lists, "最近更新时间" page headers with their title (and section
 * name), "推荐使用 API Explorer" prompts and page footers as furniture. */
static void mark_furniture(doc_text *doc, const rx *update_time)
{
    for (size_t i = 0; i < doc->n; i++) {
        doc_line *l = &doc->lines[i];
        if (line_starts(l, "http://") || line_starts(l, "https://")) {
            if (!memchr(l->text, ' ', l->len))
                l->furniture = true;
        } else if (line_starts(l, "推荐使用 API Explorer") || line_is(l, "点击调试") ||
                   line_is(l, "文档反馈")) {
            l->furniture = true;
        } else if (rx_search(update_time, l->text, l->len, 0, NULL)) {
            l->furniture = true;
            /* The page title stands on the line right above; the section name
             * ("Datahub 相关接口") one blank line above that. */
            if (i > 0 && doc->lines[i - 1].len) {
                doc->lines[i - 1].furniture = true;
                if (i >= 3 && !doc->lines[i - 2].len && doc->lines[i - 3].len) {
                    doc_line *cat = &doc->lines[i - 3];
                    if (ends_with(cat, "接口") || line_is(cat, "API 文档"))
                        cat->furniture = true;
                }
            }
        } else if (line_starts(l, "版权所有")) {
            l->furniture = true;
            size_t p = prev_nonblank(doc, i, 3);
            if (p != (size_t)-1 && ends_with(&doc->lines[p], "版") && doc->lines[p].len < 64)
                doc->lines[p].furniture = true;
        }
    }
}

/* ---- helpers ------------------------------------------------------------ */

static size_t next_content(const doc_text *doc, size_t i, size_t end)
{
    for (i++; i < end; i++)
        if (!doc_line_skip(doc, i))
            return i;
    return end;
}

static enum section_kind heading_kind(tc_reader *r, const doc_line *l)
{
    rx_match m;
    if (!rx_search(r->rx_heading, l->text, l->len, 0, &m))
        return SEC_NONE;
    const char *t = l->text + m.start[1];
    size_t tl = rx_group_len(&m, 1);
    for (size_t i = 0; i < sizeof section_words / sizeof *section_words; i++)
        if (strlen(section_words[i].text) == tl && !memcmp(section_words[i].text, t, tl))
            return section_words[i].kind;
    return SEC_NONE;
}

static bool is_example_marker(const doc_line *l)
{
    return line_is(l, "输入示例") || line_is(l, "输出示例") || line_is(l, "Input Example") ||
           line_is(l, "Output Example");
}

static bool struct_oracle(const char *name, size_t len, void *user)
{
    tc_reader *r = user;
    for (size_t i = 0; i < r->n_structs; i++)
        if (strlen(r->structs[i].name) == len && !memcmp(r->structs[i].name, name, len))
            return true;
    return false;
}

static bool read_table_at(tc_reader *r, size_t i, size_t limit, table_rows *rows, bool *codes,
                          bool *has_required, size_t *next);

/* A table header, as text or as a pipe table. */
static bool starts_table(const doc_line *l)
{
    table_header h;
    return cells_is_pipe_line(l) || vocab_match_header(l->text, l->len, &h);
}

/* ---- data structures ---------------------------------------------------- */

/* "被如下接口引用：A, B。" / "Used by actions: A, B." under a structure's name. */
static bool is_struct_anchor(const doc_line *l)
{
    return line_starts(l, "被如下接口引用") || line_starts(l, "Used by actions");
}

static void find_struct_anchors(tc_reader *r)
{
    doc_text *doc = r->doc;
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        if (l->furniture || !is_struct_anchor(l))
            continue;
        /* Walk back over the description to the name line. */
        size_t k = i, name_line = (size_t)-1;
        strbuf desc = STRBUF_INIT;
        size_t desc_from = i;
        for (int steps = 0; steps < 8 && k > 0; steps++) {
            k--;
            while (k > 0 && doc_line_skip(doc, k))
                k--;
            const doc_line *c = &doc->lines[k];
            if (rx_search(r->rx_struct_name, c->text, c->len, 0, NULL)) {
                name_line = k;
                break;
            }
            desc_from = k;
        }
        if (name_line == (size_t)-1) {
            diag_add(r->pc->diags, DIAG_WARNING, doc->path, l->no,
                     "data structure name expected above '被如下接口引用', none found");
            strbuf_free(&desc);
            continue;
        }
        for (size_t j = desc_from; j < i; j++)
            if (!doc_line_skip(doc, j))
                table_append_wrapped(&desc, doc->lines[j].text, doc->lines[j].len);
        tc_struct_anchor *a = ARENA_PUSH(r->mem, r->structs, r->n_structs, r->cap_structs);
        a->name_line = name_line;
        a->anchor_line = i;
        a->name = line_dup(r, &doc->lines[name_line]);
        a->description = arena_strndup(r->mem, desc.data ? desc.data : "", desc.len);
        /* The list of referring actions may wrap over several lines. */
        strbuf refs = STRBUF_INIT;
        char *text = line_dup(r, l);
        const char *colon = strstr(text, "：");
        if (colon)
            strbuf_puts(&refs, colon + strlen("："));
        else if ((colon = strchr(text, ':')))
            strbuf_puts(&refs, colon + 1);
        for (size_t j = next_content(doc, i, doc->n), guard = 0; j < doc->n && guard < 8;
             j = next_content(doc, j, doc->n), guard++) {
            if (starts_table(&doc->lines[j]))
                break;
            strbuf_putc(&refs, ' ');
            strbuf_append(&refs, doc->lines[j].text, doc->lines[j].len);
        }
        a->refs = arena_strndup(r->mem, refs.data ? refs.data : "", refs.len);
        strbuf_free(&refs);
        strbuf_free(&desc);
    }
}

/* ---- parameters ---------------------------------------------------------- */

/* Fills an ir_param from a table row. */
static void param_from_row(tc_reader *r, const table_row *row, ir_location loc, ir_param *p)
{
    memset(p, 0, sizeof *p);
    size_t nl = strlen(row->name);
    bool array = row->array;
    /* "Message.N" / "ipWhiteList.n": an array, named without the suffix. */
    if (nl > 2 && row->name[nl - 2] == '.' && (row->name[nl - 1] == 'N' || row->name[nl - 1] == 'n')) {
        nl -= 2;
        array = true;
    }
    p->name = arena_strndup(r->mem, row->name, nl);
    p->location = loc;
    p->type = row->type;
    p->array = array;
    p->ref = row->ref;
    p->required = row->required;
    p->description = row->description;
    p->example = row->example;
    p->line = row->line;
    limit_extract(r->pc->limits, r->mem, p);
}

static void read_struct_members(tc_reader *r, ir_service *svc, size_t idx, size_t section_end)
{
    tc_struct_anchor *a = &r->structs[idx];
    doc_text *doc = r->doc;
    size_t end = idx + 1 < r->n_structs ? r->structs[idx + 1].name_line : section_end;
    if (end < a->anchor_line)
        end = section_end;
    ir_struct *s = ARENA_PUSH(r->mem, svc->structs, svc->n_structs, svc->cap_structs);
    s->name = a->name;
    s->description = a->description;
    s->source_file = doc->path;
    s->line = doc->lines[a->name_line].no;
    /* "DescribeACL, DescribeTopicAttributes。" */
    const char *p = a->refs;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = 0;
        while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_'))
            n++;
        if (!n)
            break;
        if (p[n] && p[n] != ',' && p[n] != ' ' && p[n] != '.' && strncmp(p + n, "。", 3)) {
            diag_add(r->pc->diags, DIAG_WARNING, doc->path, doc->lines[a->anchor_line].no,
                     "data structure %s: unreadable reference list near '%.20s'", s->name, p);
            break;
        }
        *ARENA_PUSH(r->mem, s->referenced_by, s->n_referenced_by, s->cap_referenced_by) =
            arena_strndup(r->mem, p, n);
        p += n;
    }
    /* The header follows the anchor (and the wrapped reference list). */
    size_t h = next_content(doc, a->anchor_line, end);
    for (int guard = 0; h < end && guard < 8 && !starts_table(&doc->lines[h]);
         guard++, h = next_content(doc, h, end))
        ;
    table_rows rows = {0};
    bool codes, has_required;
    size_t next;
    if (h >= end || !read_table_at(r, h, end, &rows, &codes, &has_required, &next) || codes) {
        diag_add(r->pc->diags, DIAG_WARNING, doc->path,
                 h < doc->n ? doc->lines[h].no : doc->lines[a->anchor_line].no,
                 "data structure %s: member table header expected", s->name);
        return;
    }
    for (size_t i = 0; i < rows.n; i++)
        param_from_row(r, &rows.items[i], IR_LOC_NONE,
                       ARENA_PUSH(r->mem, s->members, s->n_members, s->cap_members));
}

/* ---- action pages ------------------------------------------------------- */

static void find_pages(tc_reader *r)
{
    doc_text *doc = r->doc;
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        rx_match m;
        if (l->furniture || !rx_search(r->rx_domain, l->text, l->len, 0, &m))
            continue;
        tc_page *pg = ARENA_PUSH(r->mem, r->pages, r->n_pages, r->cap_pages);
        pg->anchor = i;
        pg->domain = arena_strndup(r->mem, l->text + m.start[1], rx_group_len(&m, 1));
        /* The "1. 接口描述" heading or the "本接口（X）" sentence right
         * above belong to the page. */
        size_t b = i;
        size_t p = i;
        for (int taken = 0; p > 0 && taken < 2;) {
            p--;
            if (doc_line_skip(doc, p))
                continue;
            const doc_line *above = &doc->lines[p];
            if (heading_kind(r, above) != SEC_DESCRIPTION &&
                !rx_search(r->rx_legacy_action, above->text, above->len, 0, NULL))
                break;
            b = p;
            taken++;
        }
        pg->begin = b;
        /* A page header right above the page ("创建主题" / "最近更新时间：...")
         * gives its title. */
        for (size_t q = b; q > 0;) {
            q--;
            const doc_line *above = &doc->lines[q];
            if (!above->len)
                continue;
            if (!above->furniture)
                break;
            if (q > 0 && doc->lines[q - 1].furniture && doc->lines[q - 1].len &&
                rx_search(r->rx_update_time, above->text, above->len, 0, NULL)) {
                pg->title = line_dup(r, &doc->lines[q - 1]);
                break;
            }
        }
    }
    for (size_t k = 0; k < r->n_pages; k++) {
        tc_page *pg = &r->pages[k];
        pg->end = k + 1 < r->n_pages ? r->pages[k + 1].begin : doc->n;
        /* The data structure section ends the last action page. */
        for (size_t s = 0; s < r->n_structs; s++)
            if (r->structs[s].name_line > pg->anchor && r->structs[s].name_line < pg->end) {
                pg->end = r->structs[s].name_line;
                break;
            }
    }
}

static const char *capture(tc_reader *r, const rx *x, const char *s, size_t len)
{
    rx_match m;
    if (!rx_search(x, s, len, 0, &m))
        return NULL;
    return arena_strndup(r->mem, s + m.start[1], rx_group_len(&m, 1));
}

/* Finds the action name: the Action row's value (API 3.0), "本接口（X）"
 * or "Action=X" (legacy pages). */
static const char *page_action_name(tc_reader *r, const tc_page *pg)
{
    for (size_t i = pg->begin; i < pg->end; i++) {
        const doc_line *l = &r->doc->lines[i];
        if (l->furniture)
            continue;
        if (line_starts(l, "Action ") || line_starts(l, "| Action |")) { /* the common parameter's row */
            const char *v = capture(r, r->rx_action_value, l->text, l->len);
            if (v)
                return v;
        }
    }
    for (size_t i = pg->begin; i < pg->end; i++) {
        const doc_line *l = &r->doc->lines[i];
        if (l->furniture)
            continue;
        const char *v = capture(r, r->rx_legacy_action, l->text, l->len);
        if (v)
            return v;
    }
    for (size_t i = pg->begin; i < pg->end; i++) {
        const doc_line *l = &r->doc->lines[i];
        const char *v = capture(r, r->rx_url_action, l->text, l->len);
        if (v)
            return v;
    }
    return NULL;
}

static void join_into(tc_reader *r, strbuf *b, const doc_line *l)
{
    (void)r;
    table_append_wrapped(b, l->text, l->len);
}

static bool is_boilerplate(const doc_line *l)
{
    for (size_t i = 0; i < sizeof description_boilerplate / sizeof *description_boilerplate; i++)
        if (line_starts(l, description_boilerplate[i]))
            return true;
    return false;
}

static void add_service_error(tc_reader *r, ir_service *svc, const char *code, const char *desc,
                              bool common)
{
    ir_error *e = ir_find_error(svc, code);
    if (e) {
        if (!e->description || !*e->description)
            e->description = desc;
        return;
    }
    e = ARENA_PUSH(r->mem, svc->errors, svc->n_errors, svc->cap_errors);
    e->code = code;
    e->description = desc;
    e->common = common;
}

/* ---- examples without markers (legacy pages) ---------------------------- */

static bool is_request_url(const doc_line *l)
{
    return (line_starts(l, "http://") || line_starts(l, "https://")) && memchr(l->text, '?', l->len);
}

/* Whether line l continues the request URL read so far: the dump wraps
 * long URLs anywhere ("...instanceId=ckafka-" / "xxooa0&topicName=...",
 * "<公共请求参" / "数>") and some pages put one "&name=value" per line. */
static bool continues_url(const strbuf *url, const doc_line *l)
{
    const char *lt = url->data ? strrchr(url->data, '<') : NULL;
    if (lt && !strchr(lt, '>'))
        return true;
    if (l->len && l->text[0] == '&')
        return true;
    if (url->len && strchr("?&=-", url->data[url->len - 1]))
        return true;
    return !lt && memchr(l->text, '=', l->len) && !memchr(l->text, ' ', l->len) &&
           !memchr(l->text, '"', l->len);
}

/* A legacy example: the request URL, then the response. The response is
 * either plain JSON or a block whose bracket lines the dump moved to its
 * end (see json_rebracket.h). */
static void read_unmarked_example(tc_reader *r, ir_action *act, size_t begin, size_t end)
{
    doc_text *doc = r->doc;
    size_t i = begin;
    /* furniture marks bare URLs (link lists); one with a query is the request */
    while (i < end && !is_request_url(&doc->lines[i]))
        i++;
    if (i == end)
        return;
    int url_line = doc->lines[i].no;
    strbuf url = STRBUF_INIT;
    strbuf_append(&url, doc->lines[i].text, doc->lines[i].len);
    for (i++; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        if (!continues_url(&url, &doc->lines[i]))
            break;
        strbuf_append(&url, doc->lines[i].text, doc->lines[i].len);
    }
    const char *named = url.data ? strstr(url.data, "Action=") : NULL;
    if (named) {
        named += strlen("Action=");
        size_t n = strcspn(named, "&<");
        if (n != strlen(act->name) || memcmp(named, act->name, n))
            diag_add(r->pc->diags, DIAG_WARNING, doc->path, url_line,
                     "%s: the request example names action '%.*s'", act->name, (int)n, named);
    }
    ir_example *ex = ARENA_PUSH(r->mem, act->examples, act->n_examples, act->cap_examples);
    ex->line = url_line;
    ex->request = arena_strndup(r->mem, url.data, url.len);
    strbuf_free(&url);

    size_t cap = end - i + 1, n = 0;
    torn_line *lines = calloc(cap, sizeof *lines);
    if (!lines)
        return;
    bool in_string = false, comment = false;
    for (; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        if (!in_string && json_torn_line_kind(l->text, l->len) == TORN_OTHER) {
            if (comment) {
                comment = false;
                continue; /* the rest of a wrapped '//' comment */
            }
            if (n)
                break;
            continue; /* prose before the response */
        }
        lines[n++] = (torn_line){l->text, l->len, l->indent, l->no};
        in_string = json_torn_string_open(l->text, l->len, in_string, &comment);
    }
    strbuf json = STRBUF_INIT;
    char why[160] = "";
    size_t b, len;
    if (json_looks_torn(lines, n)) {
        if (!json_rebracket(lines, n, &json, why, sizeof why))
            diag_add(r->pc->diags, DIAG_WARNING, doc->path, url_line,
                     "%s: the response example's brackets are torn away and it cannot be rebuilt: %s",
                     act->name, why);
    } else {
        for (size_t k = 0; k < n; k++) {
            strbuf_append(&json, lines[k].text, lines[k].len);
            strbuf_putc(&json, '\n');
        }
    }
    if (json.len && json_extent(json.data, &b, &len)) {
        char *resp = arena_alloc(r->mem, len + 1);
        json_compact(json.data + b, len, resp);
        /* an untorn block may still carry the page's '//' remarks */
        cJSON *check = cJSON_Parse(resp);
        if (check)
            ex->response = resp;
        else
            diag_add(r->pc->diags, DIAG_WARNING, doc->path, url_line,
                     "%s: the response example is not JSON; left out", act->name);
        cJSON_Delete(check);
    }
    strbuf_free(&json);
    free(lines);
}

static void read_examples(tc_reader *r, ir_action *act, size_t begin, size_t end)
{
    doc_text *doc = r->doc;
    ir_example *ex = NULL;
    strbuf text = STRBUF_INIT;
    int mode = 0; /* 0: none, 1: request, 2: response */
    bool in_string = false;
    for (size_t i = begin; i <= end; i++) {
        const doc_line *l = i < end ? &doc->lines[i] : NULL;
        if (l && doc_line_skip(doc, i))
            continue;
        bool title = l && rx_search(r->rx_example_title, l->text, l->len, 0, NULL);
        bool marker = l && is_example_marker(l);
        if (!l || title || marker) {
            if (ex && mode == 1)
                ex->request = arena_strndup(r->mem, text.data ? text.data : "", text.len);
            else if (ex && mode == 2)
                ex->response = arena_strndup(r->mem, text.data ? text.data : "", text.len);
            strbuf_reset(&text);
            mode = 0;
            in_string = false;
        }
        if (!l)
            break;
        if (title) {
            ex = ARENA_PUSH(r->mem, act->examples, act->n_examples, act->cap_examples);
            ex->title = line_dup(r, l);
            ex->line = l->no;
            continue;
        }
        if (marker) {
            if (!ex) {
                ex = ARENA_PUSH(r->mem, act->examples, act->n_examples, act->cap_examples);
                ex->line = l->no;
            }
            mode = (line_is(l, "输入示例") || line_is(l, "Input Example")) ? 1 : 2;
            continue;
        }
        if (mode) {
            /* A line break inside a JSON string is the PDF's wrapping, not
             * content: join those pieces directly. */
            if (text.len && !in_string)
                strbuf_putc(&text, '\n');
            strbuf_append(&text, l->text, l->len);
            for (size_t c = 0; c < l->len; c++) {
                if (l->text[c] == '\\' && in_string)
                    c++;
                else if (l->text[c] == '"')
                    in_string = !in_string;
            }
        } else if (ex && !ex->request && !ex->response) {
            continue; /* the example's prose */
        }
    }
    strbuf_free(&text);
    if (!act->n_examples) {
        read_unmarked_example(r, act, begin, end);
        return;
    }
    /* The JSON body of a documented request follows the common-parameter
     * placeholder or the last header line; a response is one JSON value.
     * Text after the value is page debris. */
    for (size_t k = 0; k < act->n_examples; k++) {
        ir_example *e = &act->examples[k];
        size_t b, n;
        if (e->request && json_extent(e->request, &b, &n)) {
            char *body = arena_alloc(r->mem, n + 1);
            json_compact(e->request + b, n, body);
            e->request_body = body;
        }
        if (e->response && json_extent(e->response, &b, &n)) {
            if (e->response[b + n + strspn(e->response + b + n, " \n")])
                diag_add(r->pc->diags, DIAG_WARNING, r->doc->path, e->line,
                         "%s: text after the response example's JSON ignored: '%.30s'", act->name,
                         e->response + b + n + strspn(e->response + b + n, " \n"));
            char *resp = arena_alloc(r->mem, n + 1);
            json_compact(e->response + b, n, resp);
            e->response = resp;
        }
    }
}

/* Reads the table whose header stands at line i, as text rows or as a pipe
 * table, up to `limit` at most: a text table runs to the next heading,
 * example marker or header of another shape. False when line i starts no
 * table. *codes tells an error code table. */
static bool read_table_at(tc_reader *r, size_t i, size_t limit, table_rows *rows, bool *codes,
                          bool *has_required, size_t *next)
{
    doc_text *doc = r->doc;
    const doc_line *l = &doc->lines[i];
    if (cells_table_starts(doc, i)) {
        cell_table t;
        cells_read_pipe_table(doc, r->mem, i, limit, &t, next);
        *codes = table_header_find(&t.header, COL_CODE) >= 0;
        *has_required = table_header_find(&t.header, COL_REQUIRED) >= 0;
        if (*codes)
            cells_to_codes(&r->tc, &t, rows);
        else if (t.header.n)
            cells_to_params(&r->tc, &t, rows);
        return true;
    }
    table_header h;
    if (!vocab_match_header(l->text, l->len, &h))
        return false;
    size_t end = i + 1;
    for (; end < limit; end++) {
        if (doc_line_skip(doc, end))
            continue;
        const doc_line *e = &doc->lines[end];
        table_header h2;
        if (heading_kind(r, e) != SEC_NONE || is_example_marker(e) ||
            rx_search(r->rx_example_title, e->text, e->len, 0, NULL) || line_is(e, "功能说明") ||
            cells_is_pipe_line(e))
            break;
        if (vocab_match_header(e->text, e->len, &h2) &&
            (h2.n != h.n || memcmp(h2.roles, h.roles, sizeof(col_role) * (size_t)h.n)))
            break;
    }
    *codes = table_header_find(&h, COL_CODE) >= 0;
    *has_required = table_header_find(&h, COL_REQUIRED) >= 0;
    if (*codes)
        table_read_codes(&r->tc, &h, i + 1, end, rows);
    else
        table_read_params(&r->tc, &h, i + 1, end, rows);
    *next = end;
    return true;
}

static void read_action_page(tc_reader *r, ir_service *svc, const tc_page *pg)
{
    doc_text *doc = r->doc;
    const char *name = page_action_name(r, pg);
    if (!name) {
        diag_add(r->pc->diags, DIAG_WARNING, doc->path, doc->lines[pg->anchor].no,
                 "page with '接口请求域名' but no action name (Action row, '本接口（X）' or "
                 "'Action=X'): skipped");
        return;
    }
    if (ir_find_action(svc, name)) {
        diag_add(r->pc->diags, DIAG_WARNING, doc->path, doc->lines[pg->anchor].no,
                 "action %s documented twice: keeping the first page", name);
        return;
    }
    ir_action *act = ARENA_PUSH(r->mem, svc->actions, svc->n_actions, svc->cap_actions);
    act->name = name;
    act->rate_limit_per_second = -1;
    act->source_file = doc->path;
    act->line = doc->lines[pg->anchor].no;
    act->title = pg->title;
    act->method = "POST";
    act->path = "/";
    /* Query-style services document the request URL in their examples. */
    if (!strcmp(svc->protocol.style, "rpc-query")) {
        act->method = "GET";
        for (size_t i = pg->anchor; i < pg->end; i++) {
            const char *path = capture(r, r->rx_request_url, doc->lines[i].text, doc->lines[i].len);
            if (path) {
                act->path = path;
                break;
            }
        }
    }

    enum section_kind sec = SEC_DESCRIPTION;
    strbuf desc = STRBUF_INIT;
    size_t examples_begin = 0, examples_end = 0;
    for (size_t i = pg->anchor + 1; i < pg->end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        const char *rate = capture(r, r->rx_rate, l->text, l->len);
        if (rate) {
            act->rate_limit_per_second = strtol(rate, NULL, 10);
            continue;
        }
        enum section_kind k = heading_kind(r, l);
        if (k != SEC_NONE) {
            if (sec == SEC_EXAMPLES && examples_begin)
                examples_end = i;
            sec = k;
            if (k == SEC_EXAMPLES)
                examples_begin = i + 1;
            continue;
        }
        table_rows rows = {0};
        bool codes = false, has_required = false;
        size_t next;
        if (read_table_at(r, i, pg->end, &rows, &codes, &has_required, &next)) {
            if (codes) {
                act->errors_documented = true;
                for (size_t j = 0; j < rows.n; j++) {
                    *ARENA_PUSH(r->mem, act->errors, act->n_errors, act->cap_errors) =
                        rows.items[j].name;
                    add_service_error(r, svc, rows.items[j].name, rows.items[j].description,
                                      false);
                }
            } else {
                bool input = sec == SEC_INPUT || (sec != SEC_OUTPUT && has_required);
                for (size_t j = 0; j < rows.n; j++) {
                    const table_row *row = &rows.items[j];
                    if (input && (!strcmp(row->name, "Action") || !strcmp(row->name, "Version") ||
                                  !strcmp(row->name, "Region"))) {
                        if (!strcmp(row->name, "Version") && !svc->version)
                            svc->version = capture(r, r->rx_action_value, row->description,
                                                   strlen(row->description));
                        if (!strcmp(row->name, "Region")) {
                            const char *list = capture(r, r->rx_regions, row->description,
                                                       strlen(row->description));
                            for (const char *p = list; p && *p;) {
                                while (*p == ' ' || *p == ',')
                                    p++;
                                size_t n = 0;
                                while (p[n] && p[n] != ',' && p[n] != ' ')
                                    n++;
                                if (n)
                                    *ARENA_PUSH(r->mem, act->regions, act->n_regions,
                                                act->cap_regions) = arena_strndup(r->mem, p, n);
                                p += n;
                            }
                        }
                        continue;
                    }
                    if (input)
                        param_from_row(r, row, IR_LOC_BODY,
                                       ARENA_PUSH(r->mem, act->input, act->n_input, act->cap_input));
                    else
                        param_from_row(r, row, IR_LOC_NONE,
                                       ARENA_PUSH(r->mem, act->output, act->n_output,
                                                  act->cap_output));
                }
            }
            i = next - 1;
            continue;
        }
        if (sec == SEC_ERRORS && (line_starts(l, "该接口暂无业务逻辑相关的错误码") ||
                                  line_starts(l, "There is no error code related to the API"))) {
            act->errors_documented = true;
            continue;
        }
        if (sec == SEC_DESCRIPTION && !is_boilerplate(l))
            join_into(r, &desc, l);
    }
    if (sec == SEC_EXAMPLES && examples_begin)
        examples_end = pg->end;
    if (examples_begin && examples_end > examples_begin)
        read_examples(r, act, examples_begin, examples_end);
    act->description = desc.len ? arena_strndup(r->mem, desc.data, desc.len) : NULL;
    strbuf_free(&desc);
}

/* ---- overview, error page, protocol ------------------------------------- */

/* "DescribeDatahubTopics 查询DIP主题列表 20" rows of the API overview give
 * each action's title (and the rate limit, cross-checked). */
static void read_overview(tc_reader *r, ir_service *svc, size_t begin, size_t end)
{
    doc_text *doc = r->doc;
    for (size_t i = begin; i < end; i++) {
        const doc_line *l = &doc->lines[i];
        table_header h;
        if (l->furniture || !vocab_match_header(l->text, l->len, &h) ||
            table_header_find(&h, COL_TITLE) < 0)
            continue;
        for (size_t j = i + 1; j < end; j++) {
            if (doc_line_skip(doc, j))
                continue;
            const doc_line *row = &doc->lines[j];
            const char *sp = memchr(row->text, ' ', row->len);
            if (!sp)
                break;
            size_t name_len = (size_t)(sp - row->text);
            if (!table_is_param_name(row->text, name_len) || !isupper((unsigned char)row->text[0]))
                break;
            const char *last = row->text + row->len;
            const char *rs = last;
            while (rs > sp && rs[-1] != ' ')
                rs--;
            char *name = arena_strndup(r->mem, row->text, name_len);
            ir_action *act = ir_find_action(svc, name);
            if (!act)
                continue;
            if (rs > sp + 1) /* the overview's title is the canonical one */
                act->title = arena_strndup(r->mem, sp + 1, (size_t)(rs - 1 - (sp + 1)));
            if (isdigit((unsigned char)*rs)) {
                long rate = strtol(rs, NULL, 10);
                if (act->rate_limit_per_second < 0)
                    act->rate_limit_per_second = rate;
                else if (act->rate_limit_per_second != rate)
                    diag_add(r->pc->diags, DIAG_WARNING, doc->path, row->no,
                             "%s: the API overview gives %ld requests/s, the action page %ld",
                             name, rate, act->rate_limit_per_second);
            }
            i = j;
        }
    }
}

static void read_error_page(tc_reader *r, ir_service *svc, size_t begin, size_t end)
{
    doc_text *doc = r->doc;
    bool common = true;
    for (size_t i = begin; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        if (line_is(l, "公共错误码"))
            common = true;
        else if (line_is(l, "业务错误码"))
            common = false;
        table_header h;
        if (!vocab_match_header(l->text, l->len, &h) || table_header_find(&h, COL_CODE) < 0)
            continue;
        size_t stop = i + 1;
        for (; stop < end; stop++) {
            if (doc_line_skip(doc, stop))
                continue;
            const doc_line *e = &doc->lines[stop];
            if (line_is(e, "公共错误码") || line_is(e, "业务错误码") || line_starts(e, "ckafkaCN") ||
                heading_kind(r, e) != SEC_NONE)
                break;
        }
        table_rows rows = {0};
        table_read_codes(&r->tc, &h, i + 1, stop, &rows);
        for (size_t j = 0; j < rows.n; j++) {
            ir_error *e = ir_find_error(svc, rows.items[j].name);
            if (e) {
                e->description = rows.items[j].description;
                e->common = common;
            } else {
                add_service_error(r, svc, rows.items[j].name, rows.items[j].description, common);
            }
        }
        i = stop - 1;
    }
}

static void add_fact(tc_reader *r, ir_service *svc, const char *key, const char *value)
{
    ir_kv *kv = ARENA_PUSH(r->mem, svc->protocol.facts, svc->protocol.n_facts, svc->protocol.cap_facts);
    kv->key = key;
    kv->value = value;
}

/* Signing methods, payload limits and the common parameters of the
 * signing pages, which stand before the first action page. */
static void read_protocol(tc_reader *r, ir_service *svc, size_t begin, size_t end)
{
    doc_text *doc = r->doc;
    strbuf all = STRBUF_INIT;
    for (size_t i = begin; i < end; i++)
        if (!doc_line_skip(doc, i))
            join_into(r, &all, &doc->lines[i]);
    const char *text = all.data ? all.data : "";
    size_t len = all.len;
    static const struct {
        const char *key, *pattern, *unit;
    } facts[] = {
        {"max_request_bytes_get", "GET 请求的请求包大小不得超过\\s*(\\d+)\\s*KB", "KB"},
        {"max_request_bytes_post_v1", "签名方法 v1[^。]{0,40}时不得超过\\s*(\\d+)\\s*MB", "MB"},
        {"max_request_bytes_post_tc3", "TC3-\\s*HMAC-SHA256[）)]\\s*时支持\\s*(\\d+)\\s*MB", "MB"},
        {"max_response_bytes", "返回 JSON 数据时最大限制为\\s*(\\d+)\\s*MB", "MB"},
    };
    for (size_t f = 0; f < sizeof facts / sizeof *facts; f++) {
        rx *x = rx_must(facts[f].pattern);
        rx_match m;
        if (rx_search(x, text, len, 0, &m)) {
            long n = strtol(text + m.start[1], NULL, 10);
            long mult = !strcmp(facts[f].unit, "KB") ? 1024 : 1024 * 1024;
            add_fact(r, svc, facts[f].key, arena_printf(r->mem, "%ld", n * mult));
        }
        rx_free(x);
    }
    if (strstr(text, "TC3-HMAC-SHA256"))
        *ARENA_PUSH(r->mem, svc->protocol.signing, svc->protocol.n_signing,
                    svc->protocol.cap_signing) = "tc3-hmac-sha256";
    if (strstr(text, "HmacSHA256"))
        *ARENA_PUSH(r->mem, svc->protocol.signing, svc->protocol.n_signing,
                    svc->protocol.cap_signing) = "tc-v1-hmac-sha256";
    if (strstr(text, "HmacSHA1"))
        *ARENA_PUSH(r->mem, svc->protocol.signing, svc->protocol.n_signing,
                    svc->protocol.cap_signing) = "tc-v1-hmac-sha1";
    strbuf_free(&all);

    /* Common parameter tables: v3 puts them in headers, v1 in the query. */
    ir_location loc = IR_LOC_NONE;
    for (size_t i = begin; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        if (line_starts(l, "使用签名方法 v3 的公共参数")) {
            loc = IR_LOC_HEADER;
            continue;
        }
        if (line_starts(l, "使用签名方法 v1 的公共参数")) {
            loc = IR_LOC_QUERY;
            continue;
        }
        table_header h;
        if (loc == IR_LOC_NONE || !vocab_match_header(l->text, l->len, &h) ||
            table_header_find(&h, COL_TYPE) < 0)
            continue;
        size_t stop = i + 1;
        for (; stop < end; stop++) {
            if (doc_line_skip(doc, stop))
                continue;
            const doc_line *e = &doc->lines[stop];
            table_header h2;
            if (vocab_match_header(e->text, e->len, &h2))
                continue;
            /* Prose after the table ("假设用户想要...") ends it: a line that is
             * neither a row nor short continuation text. */
            if (line_starts(e, "假设") || line_starts(e, "HTTP GET") || line_starts(e, "使用签名方法") ||
                line_starts(e, "签名方法"))
                break;
        }
        table_rows rows = {0};
        table_read_params(&r->tc, &h, i + 1, stop, &rows);
        for (size_t j = 0; j < rows.n; j++) {
            ir_param p;
            param_from_row(r, &rows.items[j], loc, &p);
            if (loc == IR_LOC_HEADER) {
                const char *hdr = capture(r, r->rx_header_name, p.description, strlen(p.description));
                if (hdr)
                    p.name = hdr;
            }
            if (ir_find_param(svc->protocol.common_params, svc->protocol.n_common_params, p.name))
                continue;
            *ARENA_PUSH(r->mem, svc->protocol.common_params, svc->protocol.n_common_params,
                        svc->protocol.cap_common_params) = p;
        }
        loc = IR_LOC_NONE;
        i = stop - 1;
    }
}

/* ---- services ----------------------------------------------------------- */

static ir_service *service_for_domain(tc_reader *r, const char *domain)
{
    ir_doc *ir = r->pc->ir;
    bool legacy = strstr(domain, "api.qcloud.com") != NULL;
    size_t dot = strcspn(domain, ".");
    char *product = arena_strndup(&ir->mem, domain, dot);
    char *id = arena_printf(&ir->mem, "tencent.%s%s", product, legacy ? ".v2" : "");
    ir_service *svc = ir_find_service(ir, id);
    if (svc)
        return svc;
    svc = ARENA_PUSH(&ir->mem, ir->services, ir->n_services, ir->cap_services);
    svc->id = id;
    svc->vendor = "tencent";
    svc->product = product;
    svc->endpoint = arena_strdup(&ir->mem, domain);
    if (legacy) {
        svc->protocol.style = "rpc-query";
        svc->protocol.envelope = "tencent-v2";
        *ARENA_PUSH(&ir->mem, svc->protocol.signing, svc->protocol.n_signing,
                    svc->protocol.cap_signing) = "tc-v1-hmac-sha256";
        *ARENA_PUSH(&ir->mem, svc->protocol.signing, svc->protocol.n_signing,
                    svc->protocol.cap_signing) = "tc-v1-hmac-sha1";
    } else {
        svc->protocol.style = "rpc-json";
        svc->protocol.envelope = "tencent";
    }
    return svc;
}

static int tencent_score(const doc_text *doc)
{
    int score = 0;
    for (size_t i = 0; i < doc->n && i < 200000; i++) {
        const doc_line *l = &doc->lines[i];
        if (doc_line_starts(l, "接口请求域名") || doc_line_starts(l, "Domain name for API request"))
            score += 10;
        else if (doc_line_starts(l, "默认接口请求频率限制") ||
                 doc_line_starts(l, "Common Params. The value used for this API"))
            score += 5;
        else if (is_struct_anchor(l))
            score += 2;
    }
    return score;
}

static void reader_free(tc_reader *r)
{
    rx_free(r->rx_heading);
    rx_free(r->rx_domain);
    rx_free(r->rx_action_value);
    rx_free(r->rx_rate);
    rx_free(r->rx_legacy_action);
    rx_free(r->rx_url_action);
    rx_free(r->rx_regions);
    rx_free(r->rx_struct_name);
    rx_free(r->rx_header_name);
    rx_free(r->rx_example_title);
    rx_free(r->rx_update_time);
    rx_free(r->rx_request_url);
}

static int tencent_parse(parse_context *pc, doc_text *doc)
{
    tc_reader r = {0};
    r.pc = pc;
    r.doc = doc;
    r.mem = &pc->ir->mem;
    r.tc = (table_context){doc, r.mem, pc->diags, struct_oracle, &r, false};
    r.rx_heading = rx_must("^\\d+\\.\\s*(\\S.*?)\\s*$");
    r.rx_domain = rx_must("^(?:接口请求域名|Domain name for API request)[：:]\\s*([a-z0-9.-]+\\.[a-z]+)");
    r.rx_action_value = rx_must("(?:本接口取值|The value used for this API)[：:]\\s*([A-Za-z0-9.-]+?)[。.]?(?:\\s*\\|)?$");
    r.rx_rate = rx_must("(?|默认接口请求频率限制[：:]\\s*(\\d+)\\s*次/秒|A maximum of (\\d+) requests can be initiated per second)");
    r.rx_legacy_action = rx_must("^本接口\\s*[（(]\\s*([A-Za-z][A-Za-z0-9]*)\\s*[)）]");
    r.rx_url_action = rx_must("[?&]Action=([A-Za-z][A-Za-z0-9]*)");
    r.rx_regions = rx_must("本接口仅支持其中的[:：]\\s*([a-z0-9, -]+?)\\s*。?$");
    r.rx_struct_name = rx_must("^[A-Z][A-Za-z0-9_]*$");
    r.rx_header_name = rx_must("HTTP 请求头[：:]\\s*(X-TC-[A-Za-z]+)");
    r.rx_example_title = rx_must("^(?:示例|Example)\\s*\\d+(?:\\s|$)");
    r.rx_update_time = rx_must("^最[近后]更新时间\\s*[：:]\\s*\\d{4}-\\d{2}-\\d{2}");
    r.rx_request_url = rx_must("^https?://[^/\\s]+(/[^?\\s]*)\\?Action=");

    mark_furniture(doc, r.rx_update_time);
    find_struct_anchors(&r);
    r.tc.strict_types = r.n_structs > 0;
    find_pages(&r);
    if (!r.n_pages) {
        diag_add(pc->diags, DIAG_ERROR, doc->path, 0,
                 "no action page found: expected '接口请求域名：<domain>' (or 'Domain name for "
                 "API request: <domain>') lines of a Tencent Cloud API document");
        reader_free(&r);
        return -1;
    }
    size_t first_page = r.pages[0].begin;
    ir_service *primary = NULL;
    for (size_t k = 0; k < r.n_pages; k++) {
        ir_service *svc = service_for_domain(&r, r.pages[k].domain);
        if (!primary)
            primary = svc;
        read_action_page(&r, svc, &r.pages[k]);
    }
    /* Data structures belong to the API 3.0 service whose pages precede them. */
    if (r.n_structs) {
        size_t section_end = doc->n;
        for (size_t k = 0; k < r.n_pages; k++)
            if (r.pages[k].begin > r.structs[r.n_structs - 1].anchor_line) {
                section_end = r.pages[k].begin;
                break;
            }
        ir_service *owner = primary;
        for (size_t k = r.n_pages; k-- > 0;)
            if (r.pages[k].anchor < r.structs[0].name_line) {
                owner = service_for_domain(&r, r.pages[k].domain);
                break;
            }
        for (size_t s = 0; s < r.n_structs; s++)
            read_struct_members(&r, owner, s, section_end);
        /* The error code page follows the data structures. */
        read_error_page(&r, owner, r.structs[r.n_structs - 1].anchor_line, section_end);
    }
    read_overview(&r, primary, 0, first_page);
    read_protocol(&r, primary, 0, first_page);
    history_read(doc, 0, first_page, r.mem, primary, pc->diags);
    for (size_t i = 0; i < pc->ir->n_services; i++) {
        ir_service *svc = &pc->ir->services[i];
        bool seen = false;
        for (size_t j = 0; j < svc->n_sources; j++)
            seen |= !strcmp(svc->sources[j], doc->path);
        if (!seen)
            *ARENA_PUSH(&pc->ir->mem, svc->sources, svc->n_sources, svc->cap_sources) =
                arena_strdup(&pc->ir->mem, doc->path);
    }
    history_mark_deprecated(primary);
    reader_free(&r);
    return 0;
}

const dialect dialect_tencent = {
    "tencent",
    "Tencent Cloud API documents, Chinese or English (API 3.0 and legacy API 2.0)",
    tencent_score,
    tencent_parse,
};
