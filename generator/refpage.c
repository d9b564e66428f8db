/* Vendor API reference pages (Huawei Cloud, Alibaba Cloud, and pages of
 * the same family): one action per page, organised by headings ("URI",
 * "请求参数", "Response Parameters", "Parameter permintaan", ...), with
 * tables as GFM pipe tables or one cell per line, captions that give a
 * table's role ("表1 路径参数", "表3 SendMessageProperties") or none, in
 * which case the role comes from the table's position and columns.
 *
 * The vocabularies below are data: a new language or wording is a new row. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cells.h"
#include "dialect.h"
#include "json_extent.h"
#include "rx.h"
#include "strbuf.h"
#include "table.h"

enum page_section {
    PS_NONE,
    PS_DESCRIPTION,
    PS_URI,
    PS_REQUEST,
    PS_RESPONSE,
    PS_REQUEST_EXAMPLE,
    PS_RESPONSE_EXAMPLE,
    PS_STATUS_CODES,
    PS_ERROR_CODES,
    PS_IGNORE,
};

typedef struct heading_word {
    const char *text;
    size_t len;
    enum page_section section;
} heading_word;

/* Lengths are computed at compile time: heading_of runs on every line. */
#define HW(text, section) {text, sizeof(text) - 1, section}

/* Whole-line headings, compared case-insensitively. */
static const heading_word heading_words[] = {
    HW("功能介绍", PS_DESCRIPTION),        HW("功能介紹", PS_DESCRIPTION),
    HW("Function", PS_DESCRIPTION),        HW("Functions", PS_DESCRIPTION),
    HW("Deskripsi operasi", PS_DESCRIPTION), HW("Operation description", PS_DESCRIPTION),
    HW("API description", PS_DESCRIPTION), HW("接口说明", PS_DESCRIPTION),
    HW("URI", PS_URI),                     HW("请求路径", PS_URI),
    HW("请求参数", PS_REQUEST),            HW("請求參數", PS_REQUEST),
    HW("Request Parameters", PS_REQUEST),  HW("Request parameters", PS_REQUEST),
    HW("Parameter permintaan", PS_REQUEST), HW("Request syntax", PS_REQUEST),
    HW("响应参数", PS_RESPONSE),           HW("響應參數", PS_RESPONSE),
    HW("Response Parameters", PS_RESPONSE), HW("Response parameters", PS_RESPONSE),
    HW("Elemen respons", PS_RESPONSE),     HW("Response elements", PS_RESPONSE),
    HW("返回参数", PS_RESPONSE),           HW("返回数据", PS_RESPONSE),
    HW("请求示例", PS_REQUEST_EXAMPLE),    HW("請求示例", PS_REQUEST_EXAMPLE),
    HW("Example Requests", PS_REQUEST_EXAMPLE), HW("Example Request", PS_REQUEST_EXAMPLE),
    HW("Request example", PS_REQUEST_EXAMPLE),
    HW("响应示例", PS_RESPONSE_EXAMPLE),   HW("響應示例", PS_RESPONSE_EXAMPLE),
    HW("Example Responses", PS_RESPONSE_EXAMPLE), HW("Example Response", PS_RESPONSE_EXAMPLE),
    HW("Response example", PS_RESPONSE_EXAMPLE), HW("Contoh", PS_RESPONSE_EXAMPLE),
    HW("Examples", PS_RESPONSE_EXAMPLE),   HW("示例", PS_RESPONSE_EXAMPLE),
    HW("状态码", PS_STATUS_CODES),         HW("狀態碼", PS_STATUS_CODES),
    HW("Status Codes", PS_STATUS_CODES),   HW("Status codes", PS_STATUS_CODES),
    HW("错误码", PS_ERROR_CODES),          HW("錯誤碼", PS_ERROR_CODES),
    HW("Error Codes", PS_ERROR_CODES),     HW("Error codes", PS_ERROR_CODES),
    HW("Kode kesalahan", PS_ERROR_CODES),
    HW("リクエストパラメーター", PS_REQUEST), HW("リクエストパラメータ", PS_REQUEST),
    HW("レスポンスパラメーター", PS_RESPONSE), HW("レスポンスパラメータ", PS_RESPONSE),
    HW("レスポンス要素", PS_RESPONSE),    HW("リクエスト例", PS_REQUEST_EXAMPLE),
    HW("レスポンス例", PS_RESPONSE_EXAMPLE), HW("エラーコード", PS_ERROR_CODES),
    HW("機能説明", PS_DESCRIPTION),
    HW("SDK代码示例", PS_IGNORE),          HW("SDK Sample Code", PS_IGNORE),
    HW("授权信息", PS_IGNORE),             HW("Authorization Information", PS_IGNORE),
    HW("RAM authorization", PS_IGNORE),    HW("Otorisasi RAM", PS_IGNORE),
    HW("调用方法", PS_IGNORE),             HW("Calling Method", PS_IGNORE),
    HW("Catatan rilis", PS_IGNORE),        HW("Release notes", PS_IGNORE),
    HW("Coba sekarang", PS_IGNORE),        HW("Debugging", PS_IGNORE),
};

/* Table captions that name a parameter location or the response. */
typedef enum table_role {
    ROLE_UNKNOWN,
    ROLE_PATH,
    ROLE_QUERY,
    ROLE_HEADER,
    ROLE_BODY,
    ROLE_RESPONSE,
    ROLE_RESPONSE_HEADER,
    ROLE_STRUCT,
    ROLE_ERRORS,
    ROLE_SKIP,
} table_role;

typedef struct caption_word {
    const char *text;
    table_role role;
} caption_word;

static const caption_word caption_words[] = {
    {"路径参数", ROLE_PATH},           {"路徑參數", ROLE_PATH},
    {"Path Parameters", ROLE_PATH},    {"Path parameters", ROLE_PATH},
    {"Query参数", ROLE_QUERY},         {"Query Parameters", ROLE_QUERY},
    {"Query parameters", ROLE_QUERY},  {"查询参数", ROLE_QUERY},
    {"请求Header参数", ROLE_HEADER},   {"Request header parameters", ROLE_HEADER},
    {"Request Header Parameters", ROLE_HEADER}, {"请求头参数", ROLE_HEADER},
    {"请求Body参数", ROLE_BODY},       {"Request body parameters", ROLE_BODY},
    {"Request Body Parameters", ROLE_BODY}, {"请求体参数", ROLE_BODY},
    {"响应Body参数", ROLE_RESPONSE},   {"Response body parameters", ROLE_RESPONSE},
    {"Response Body Parameters", ROLE_RESPONSE}, {"响应体参数", ROLE_RESPONSE},
    {"响应Header参数", ROLE_RESPONSE_HEADER}, {"Response header parameters", ROLE_RESPONSE_HEADER},
    {"請求Header參數", ROLE_HEADER},   {"請求Body參數", ROLE_BODY},
    {"響應Body參數", ROLE_RESPONSE},   {"Query參數", ROLE_QUERY},
    {"響應Header參數", ROLE_RESPONSE_HEADER}, {"查詢參數", ROLE_QUERY},
};

/* Huawei's per-parameter blocks ("参数解释" / "约束限制" / ...). */
typedef enum block_kind { BLOCK_DEFINITION, BLOCK_CONSTRAINT, BLOCK_RANGE, BLOCK_DEFAULT } block_kind;

static const struct {
    const char *label;
    block_kind kind;
} block_labels[] = {
    {"参数解释", BLOCK_DEFINITION}, {"參數解釋", BLOCK_DEFINITION},
    {"Definition", BLOCK_DEFINITION}, {"约束限制", BLOCK_CONSTRAINT},
    {"約束限制", BLOCK_CONSTRAINT}, {"Constraints", BLOCK_CONSTRAINT},
    {"取值范围", BLOCK_RANGE},      {"取值範圍", BLOCK_RANGE},
    {"Range", BLOCK_RANGE},         {"默认取值", BLOCK_DEFAULT},
    {"默認取值", BLOCK_DEFAULT},    {"Default Value", BLOCK_DEFAULT},
};

/* "Nothing to say" in those blocks. */
static const char *const not_applicable[] = {"不涉及。", "不涉及", "N/A", "N/A.", "None.", "None"};

typedef struct page_reader {
    parse_context *pc;
    doc_text *doc;
    arena *mem;
    table_context tc;
    const service_profile *profile;
    ir_service *svc;
    ir_action *act;
    const char *uri_method, *uri_path;
    int status;          /* the "Status code: N" in force */
    bool body_seen, output_seen;
    rx *rx_status, *rx_caption, *rx_uri, *rx_request_line, *rx_title_name, *rx_name_title, *rx_operation,
        *rx_ram_action, *rx_rate, *rx_updated;
} page_reader;

static enum page_section heading_of(const doc_line *l)
{
    /* Markdown headings ("## Request Parameters") read as their text. */
    const char *t = l->text;
    size_t n = l->len;
    if (n && t[0] == '#') {
        while (n && *t == '#')
            t++, n--;
        while (n && *t == ' ')
            t++, n--;
    }
    for (size_t i = 0; i < sizeof heading_words / sizeof *heading_words; i++)
        if (heading_words[i].len == n && !strncasecmp(heading_words[i].text, t, n))
            return heading_words[i].section;
    return PS_NONE;
}

static table_role caption_role(const char *caption)
{
    for (size_t i = 0; i < sizeof caption_words / sizeof *caption_words; i++)
        if (!strcasecmp(caption_words[i].text, caption))
            return caption_words[i].role;
    size_t n = strlen(caption);
    if (table_is_param_name(caption, n) && isupper((unsigned char)caption[0]))
        return ROLE_STRUCT;
    return ROLE_UNKNOWN;
}

static void mark_furniture(page_reader *r)
{
    static const char *const furniture[] = {"Feedback", "Was this page helpful?", "分享",
                                            "文档反馈", "Test", "Share", "Yes", "No"};
    enum page_section sec = PS_NONE;
    for (size_t i = 0; i < r->doc->n; i++) {
        doc_line *l = &r->doc->lines[i];
        enum page_section h = heading_of(l);
        if (h != PS_NONE)
            sec = h;
        if (sec == PS_IGNORE && h == PS_NONE) {
            l->furniture = true; /* SDK samples, permission tables, release notes */
            continue;
        }
        if (rx_search(r->rx_updated, l->text, l->len, 0, NULL)) {
            l->furniture = true;
            continue;
        }
        for (size_t k = 0; k < sizeof furniture / sizeof *furniture; k++)
            if (doc_line_is(l, furniture[k]) && h == PS_NONE)
                l->furniture = true;
    }
}

static bool struct_known(const char *name, size_t len, void *user)
{
    page_reader *r = user;
    for (size_t i = 0; r->svc && i < r->svc->n_structs; i++)
        if (strlen(r->svc->structs[i].name) == len && !memcmp(r->svc->structs[i].name, name, len))
            return true;
    return false;
}

static const char *capture(page_reader *r, const rx *x, const doc_line *l, int group)
{
    rx_match m;
    if (!rx_search(x, l->text, l->len, 0, &m) || !rx_group_len(&m, group))
        return NULL;
    return arena_strndup(r->mem, l->text + m.start[group], rx_group_len(&m, group));
}

/* ---- the service and the action --------------------------------------- */

static void find_uri(page_reader *r)
{
    for (size_t i = 0; i < r->doc->n; i++) {
        const doc_line *l = &r->doc->lines[i];
        if (l->furniture)
            continue;
        rx_match m;
        if (rx_search(r->rx_uri, l->text, l->len, 0, &m)) {
            r->uri_method = arena_strndup(r->mem, l->text + m.start[1], rx_group_len(&m, 1));
            r->uri_path = arena_strndup(r->mem, l->text + m.start[2], rx_group_len(&m, 2));
            return;
        }
    }
}

static char *camel_from_title(page_reader *r, const char *title)
{
    strbuf b = STRBUF_INIT;
    bool up = true;
    for (const char *p = title; *p; p++) {
        if (isalnum((unsigned char)*p)) {
            strbuf_putc(&b, up ? (char)toupper((unsigned char)*p) : *p);
            up = false;
        } else {
            up = true;
        }
    }
    char *s = arena_strndup(r->mem, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return s;
}

/* The action's name: "发送消息 - SendMessage", "The SendMessage operation",
 * "mq:SendMessage", the profile's name for the method and path, or last
 * the title in CamelCase (with a warning). */
static const char *find_action_name(page_reader *r, const char **title, int *line)
{
    doc_text *doc = r->doc;
    const doc_line *first = NULL;
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        if (doc_line_skip(doc, i))
            continue;
        if (!first)
            first = l;
        rx_match m;
        if (i < 40 && rx_search(r->rx_title_name, l->text, l->len, 0, &m)) {
            *title = arena_strndup(r->mem, l->text + m.start[1], rx_group_len(&m, 1));
            *line = l->no;
            return arena_strndup(r->mem, l->text + m.start[2], rx_group_len(&m, 2));
        }
        /* "DeleteQueue - Example Cloud": the name first. */
        if (i < 40 && rx_search(r->rx_name_title, l->text, l->len, 0, &m)) {
            *title = arena_strndup(r->mem, l->text + m.start[2], rx_group_len(&m, 2));
            *line = l->no;
            return arena_strndup(r->mem, l->text + m.start[1], rx_group_len(&m, 1));
        }
    }
    if (first) {
        *title = arena_strndup(r->mem, first->text, first->len);
        *line = first->no;
    }
    const char *named = r->profile ? profile_action_name(r->profile, r->uri_method, r->uri_path) : NULL;
    const char *name = named;
    if (name)
        return arena_strdup(r->mem, name);
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        const char *n = capture(r, r->rx_operation, l, 1);
        if (!n && !l->furniture)
            continue;
        if (n)
            return n;
    }
    for (size_t i = 0; i < doc->n; i++) {
        const char *n = capture(r, r->rx_ram_action, &doc->lines[i], 1);
        if (n)
            return n;
    }
    if (first) {
        const char *n = camel_from_title(r, *title);
        diag_add(r->pc->diags, DIAG_WARNING, doc->path, first->no,
                 "no action name on the page (no 'Title - Name' line, no profile entry for %s %s): "
                 "named '%s' after its title",
                 r->uri_method ? r->uri_method : "?", r->uri_path ? r->uri_path : "?", n);
        return n;
    }
    return NULL;
}

static ir_service *unknown_service(page_reader *r)
{
    ir_doc *ir = r->pc->ir;
    ir_service *svc = ir_find_service(ir, "unknown");
    if (svc)
        return svc;
    svc = ARENA_PUSH(&ir->mem, ir->services, ir->n_services, ir->cap_services);
    svc->id = "unknown";
    svc->vendor = "unknown";
    svc->product = "unknown";
    svc->endpoint = "";
    svc->protocol.style = "rest-json";
    svc->protocol.envelope = "huawei";
    diag_add(r->pc->diags, DIAG_WARNING, r->doc->path, 0,
             "no service profile matches this page: vendor, endpoint and signing are unknown "
             "(add a profile under specs/profiles/)");
    return svc;
}

/* ---- parameters ---------------------------------------------------------- */

static bool is_not_applicable(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof not_applicable / sizeof *not_applicable; i++)
        if (strlen(not_applicable[i]) == n && !memcmp(not_applicable[i], s, n))
            return true;
    return false;
}

/* Splits "参数解释 X 约束限制 Y 取值范围 Z 默认取值 W" into the description
 * (X, plus Y and Z when they say something) and a default. */
static void split_blocks(page_reader *r, ir_param *p)
{
    const char *d = p->description;
    if (!d)
        return;
    struct {
        size_t at, text;
        block_kind kind;
    } found[16];
    size_t n = 0;
    for (size_t i = 0; d[i] && n < 16; i++)
        for (size_t k = 0; k < sizeof block_labels / sizeof *block_labels; k++) {
            size_t ll = strlen(block_labels[k].label);
            if (!strncmp(d + i, block_labels[k].label, ll)) {
                size_t t = i + ll;
                while (d[t] == ' ' || d[t] == ':' || !strncmp(d + t, "：", 3))
                    t += d[t] == ' ' || d[t] == ':' ? 1 : 3;
                found[n].at = i;
                found[n].text = t;
                found[n].kind = block_labels[k].kind;
                n++;
                i = t - 1;
                break;
            }
        }
    if (!n)
        return;
    strbuf desc = STRBUF_INIT;
    if (found[0].at > 0)
        strbuf_append(&desc, d, found[0].at);
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 < n ? found[k + 1].at : strlen(d);
        size_t b = found[k].text, e = end;
        while (e > b && d[e - 1] == ' ')
            e--;
        if (e <= b || is_not_applicable(d + b, e - b))
            continue;
        switch (found[k].kind) {
        case BLOCK_DEFINITION:
            table_append_wrapped(&desc, d + b, e - b);
            break;
        case BLOCK_CONSTRAINT:
        case BLOCK_RANGE:
            if (desc.len)
                strbuf_putc(&desc, ' ');
            strbuf_append(&desc, d + found[k].at, e - found[k].at);
            break;
        case BLOCK_DEFAULT: {
            ir_limit *l = ir_param_set_limit(r->mem, p, IR_LIMIT_DEFAULT);
            l->text = arena_strndup(r->mem, d + b, e - b);
            l->source = arena_strndup(r->mem, d + found[k].at, e - found[k].at);
            l->line = p->line;
            break;
        }
        }
    }
    p->description = arena_strndup(r->mem, desc.data ? desc.data : "", desc.len);
    strbuf_free(&desc);
}

static ir_struct *struct_for_children(page_reader *r, ir_param *parent, const char *owner)
{
    if (!parent->ref) {
        /* An inline object: name its structure after where it stands. */
        char *base = arena_printf(r->mem, "%s%c%s", owner, toupper((unsigned char)parent->name[0]),
                                  parent->name + 1);
        parent->ref = base;
        parent->type = IR_TYPE_OBJECT;
    }
    ir_struct *s = ir_find_struct(r->svc, parent->ref);
    if (!s) {
        s = ARENA_PUSH(r->mem, r->svc->structs, r->svc->n_structs, r->svc->cap_structs);
        s->name = parent->ref;
        s->source_file = r->doc->path;
        s->line = parent->line;
        *ARENA_PUSH(r->mem, s->referenced_by, s->n_referenced_by, s->cap_referenced_by) =
            r->act->name;
    }
    return s;
}

/* Rows drawn as a tree ("Data" / "└ Topics" / "└└ Name") become members of
 * structures named after their parents. Returns the list a row of depth d
 * goes to, given the names of the last rows seen at each depth. */
typedef struct nesting {
    const char *owner[8]; /* struct name holding depth d (d >= 1) */
    const char *last[8];  /* name of the last row at depth d */
} nesting;

static void add_params(page_reader *r, const table_rows *rows, table_role role)
{
    ir_action *a = r->act;
    nesting nest = {{0}, {0}};
    for (size_t i = 0; i < rows->n; i++) {
        const table_row *row = &rows->items[i];
        if (row->depth > 0 && row->depth < 8 && nest.last[row->depth - 1]) {
            int d = row->depth;
            ir_param *parent = NULL;
            if (d == 1) {
                parent = role == ROLE_RESPONSE ? ir_find_param(a->output, a->n_output, nest.last[0])
                                               : ir_find_param(a->input, a->n_input, nest.last[0]);
            } else {
                ir_struct *holder = ir_find_struct(r->svc, nest.owner[d - 1]);
                parent = holder ? ir_find_param(holder->members, holder->n_members, nest.last[d - 1])
                                : NULL;
            }
            if (parent) {
                ir_struct *s = struct_for_children(r, parent, d == 1 ? a->name : nest.owner[d - 1]);
                nest.owner[d] = s->name;
                nest.last[d] = row->name;
                for (int k = d + 1; k < 8; k++)
                    nest.last[k] = NULL;
                if (ir_find_param(s->members, s->n_members, row->name))
                    continue;
                ir_param *m = ARENA_PUSH(r->mem, s->members, s->n_members, s->cap_members);
                m->name = row->name;
                m->type = row->type;
                m->array = row->array;
                m->ref = row->ref;
                m->required = row->required;
                m->description = row->description;
                m->example = row->example;
                m->line = row->line;
                split_blocks(r, m);
                limit_extract(r->pc->limits, r->mem, m);
                continue;
            }
        }
        nest.last[0] = row->name;
        for (int k = 1; k < 8; k++)
            nest.last[k] = NULL;
        ir_param p = {0};
        size_t nl = strlen(row->name);
        p.array = row->array;
        if (nl > 2 && row->name[nl - 2] == '.' && (row->name[nl - 1] == 'N' || row->name[nl - 1] == 'n')) {
            nl -= 2;
            p.array = true;
        }
        p.name = arena_strndup(r->mem, row->name, nl);
        p.type = row->type;
        p.ref = row->ref;
        p.required = row->required;
        p.description = row->description;
        p.example = row->example;
        p.line = row->line;
        split_blocks(r, &p);
        limit_extract(r->pc->limits, r->mem, &p);
        switch (role) {
        case ROLE_PATH: p.location = IR_LOC_PATH; break;
        case ROLE_QUERY: p.location = IR_LOC_QUERY; break;
        case ROLE_HEADER: p.location = IR_LOC_HEADER; break;
        case ROLE_BODY: p.location = IR_LOC_BODY; break;
        default: p.location = IR_LOC_NONE; break;
        }
        if (role == ROLE_RESPONSE) {
            if (!ir_find_param(a->output, a->n_output, p.name))
                *ARENA_PUSH(r->mem, a->output, a->n_output, a->cap_output) = p;
        } else if (role == ROLE_PATH || role == ROLE_QUERY || role == ROLE_HEADER || role == ROLE_BODY) {
            if (ir_find_param(a->input, a->n_input, p.name))
                diag_add(r->pc->diags, DIAG_WARNING, r->doc->path, p.line,
                         "%s: input parameter %s documented twice: keeping the first", a->name,
                         p.name);
            else
                *ARENA_PUSH(r->mem, a->input, a->n_input, a->cap_input) = p;
        }
    }
}

static void add_struct(page_reader *r, const char *name, const table_rows *rows, int line)
{
    ir_struct *s = ir_find_struct(r->svc, name);
    if (s)
        return; /* the same structure shown again (request and response side) */
    s = ARENA_PUSH(r->mem, r->svc->structs, r->svc->n_structs, r->svc->cap_structs);
    s->name = name;
    s->source_file = r->doc->path;
    s->line = line;
    *ARENA_PUSH(r->mem, s->referenced_by, s->n_referenced_by, s->cap_referenced_by) = r->act->name;
    for (size_t i = 0; i < rows->n; i++) {
        const table_row *row = &rows->items[i];
        ir_param *p = ARENA_PUSH(r->mem, s->members, s->n_members, s->cap_members);
        p->name = row->name;
        p->type = row->type;
        p->array = row->array;
        p->ref = row->ref;
        p->required = row->required;
        p->description = row->description;
        p->example = row->example;
        p->line = row->line;
        split_blocks(r, p);
        limit_extract(r->pc->limits, r->mem, p);
    }
}

/* A struct some parameter refers to and no table has defined yet, whose
 * name the prose right above a table mentions. */
static const char *pending_ref_named_above(page_reader *r, size_t table_line)
{
    doc_text *doc = r->doc;
    size_t seen = 0;
    for (size_t i = table_line; i > 0 && seen < 2;) {
        i--;
        if (doc_line_skip(doc, i))
            continue;
        seen++;
        const doc_line *l = &doc->lines[i];
        ir_param *lists[] = {r->act->input, r->act->output};
        size_t counts[] = {r->act->n_input, r->act->n_output};
        for (int k = 0; k < 2; k++)
            for (size_t j = 0; j < counts[k]; j++) {
                const char *ref = lists[k][j].ref;
                if (!ref || ir_find_struct(r->svc, ref))
                    continue;
                size_t rl = strlen(ref);
                for (size_t o = 0; o + rl <= l->len; o++)
                    if (!memcmp(l->text + o, ref, rl))
                        return ref;
            }
        for (size_t s = 0; s < r->svc->n_structs; s++)
            for (size_t m = 0; m < r->svc->structs[s].n_members; m++) {
                const char *ref = r->svc->structs[s].members[m].ref;
                if (!ref || ir_find_struct(r->svc, ref))
                    continue;
                size_t rl = strlen(ref);
                for (size_t o = 0; o + rl <= l->len; o++)
                    if (!memcmp(l->text + o, ref, rl))
                        return ref;
            }
    }
    return NULL;
}

static bool looks_like_header_name(const char *n)
{
    if (!strncasecmp(n, "X-", 2) || !strcasecmp(n, "Content-Type") || !strcasecmp(n, "Authorization"))
        return true;
    return strchr(n, '-') && isupper((unsigned char)n[0]);
}

static bool in_path(page_reader *r, const char *name)
{
    if (!r->uri_path)
        return false;
    char needle[256];
    snprintf(needle, sizeof needle, "{%s}", name);
    return strstr(r->uri_path, needle) != NULL;
}

/* Decides what an uncaptioned table holds from where it stands and what it
 * names. */
static table_role infer_role(page_reader *r, enum page_section sec, const table_rows *rows,
                             size_t table_line, const char **struct_name)
{
    if (sec == PS_URI) {
        bool all_path = rows->n > 0;
        for (size_t i = 0; i < rows->n; i++)
            all_path &= in_path(r, rows->items[i].name);
        return all_path ? ROLE_PATH : ROLE_QUERY;
    }
    const char *ref = pending_ref_named_above(r, table_line);
    if (ref) {
        *struct_name = ref;
        return ROLE_STRUCT;
    }
    if (sec == PS_REQUEST) {
        bool all_headers = rows->n > 0;
        for (size_t i = 0; i < rows->n; i++)
            all_headers &= looks_like_header_name(rows->items[i].name);
        if (all_headers)
            return ROLE_HEADER;
        bool all_path = rows->n > 0;
        for (size_t i = 0; i < rows->n; i++)
            all_path &= in_path(r, rows->items[i].name);
        if (all_path)
            return ROLE_PATH;
        return !strcmp(r->svc->protocol.style, "rest-json") ? ROLE_BODY : ROLE_QUERY;
    }
    if (sec == PS_RESPONSE) {
        if (r->status >= 300)
            return ROLE_SKIP; /* the error envelope of that status */
        return ROLE_RESPONSE;
    }
    return ROLE_SKIP;
}

static void record_error_status(page_reader *r)
{
    for (size_t i = 0; i < r->act->n_error_statuses; i++)
        if (r->act->error_statuses[i] == r->status)
            return;
    *ARENA_PUSH(r->mem, r->act->error_statuses, r->act->n_error_statuses,
                r->act->cap_error_statuses) = r->status;
}

static void add_error_rows(page_reader *r, const table_rows *rows)
{
    r->act->errors_documented = true;
    for (size_t i = 0; i < rows->n; i++) {
        const table_row *row = &rows->items[i];
        ir_error *e = ir_find_error(r->svc, row->name);
        if (!e) {
            e = ARENA_PUSH(r->mem, r->svc->errors, r->svc->n_errors, r->svc->cap_errors);
            e->code = row->name;
            e->description = row->description;
        }
        if (row->example && isdigit((unsigned char)row->example[0]))
            e->http_status = atoi(row->example);
        bool listed = false;
        for (size_t k = 0; k < r->act->n_errors && !listed; k++)
            listed = !strcmp(r->act->errors[k], row->name);
        if (!listed)
            *ARENA_PUSH(r->mem, r->act->errors, r->act->n_errors, r->act->cap_errors) = row->name;
    }
}

/* ---- examples ------------------------------------------------------------ */

static void read_example_block(page_reader *r, size_t begin, size_t end, bool request)
{
    doc_text *doc = r->doc;
    strbuf text = STRBUF_INIT;
    const char *request_line = NULL;
    int status = 0, first_line = 0;
    for (size_t i = begin; i <= end; i++) {
        const doc_line *l = i < end ? &doc->lines[i] : NULL;
        if (l && doc_line_skip(doc, i))
            continue;
        const char *st = l ? capture(r, r->rx_status, l, 1) : NULL;
        bool req_line = l && rx_search(r->rx_request_line, l->text, l->len, 0, NULL);
        if (!l || st || req_line) {
            size_t b, n;
            if (text.len && json_extent(text.data, &b, &n)) {
                ir_example *ex = NULL;
                if (request || request_line) {
                    ex = ARENA_PUSH(r->mem, r->act->examples, r->act->n_examples,
                                    r->act->cap_examples);
                    ex->request = request_line;
                    char *body = arena_alloc(r->mem, n + 1);
                    json_compact(text.data + b, n, body);
                    ex->request_body = body;
                    ex->line = first_line;
                } else if (status == 0 || (status >= 200 && status < 300)) {
                    /* The success response: pair it with the first example
                     * that has none. */
                    for (size_t k = 0; k < r->act->n_examples && !ex; k++)
                        if (!r->act->examples[k].response)
                            ex = &r->act->examples[k];
                    if (!ex) {
                        ex = ARENA_PUSH(r->mem, r->act->examples, r->act->n_examples,
                                        r->act->cap_examples);
                        ex->line = first_line;
                    }
                    char *resp = arena_alloc(r->mem, n + 1);
                    json_compact(text.data + b, n, resp);
                    ex->response = resp;
                }
            } else if (request_line && request) {
                ir_example *ex = ARENA_PUSH(r->mem, r->act->examples, r->act->n_examples,
                                            r->act->cap_examples);
                ex->request = request_line;
                ex->line = first_line;
            }
            strbuf_reset(&text);
            request_line = NULL;
            first_line = 0;
        }
        if (!l)
            break;
        if (st) {
            status = atoi(st);
            continue;
        }
        if (req_line) {
            request_line = arena_strndup(r->mem, l->text, l->len);
            first_line = l->no;
            continue;
        }
        if (!first_line)
            first_line = l->no;
        if (text.len)
            strbuf_putc(&text, '\n');
        strbuf_append(&text, l->text, l->len);
    }
    strbuf_free(&text);
}

/* ---- the page ------------------------------------------------------------ */

static size_t table_end(page_reader *r, size_t from, size_t end)
{
    doc_text *doc = r->doc;
    for (size_t i = from; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        table_header h;
        size_t body;
        if (heading_of(l) != PS_NONE || rx_search(r->rx_status, l->text, l->len, 0, NULL) ||
            rx_search(r->rx_caption, l->text, l->len, 0, NULL) || cells_table_starts(doc, i) ||
            cells_spread_header(doc, i, end, &h, &body))
            return i;
    }
    return end;
}

static void handle_table(page_reader *r, enum page_section sec, const char *caption,
                         table_rows *rows, const cell_table *cells, size_t line_idx, int line)
{
    const table_header *h = cells ? &cells->header : NULL;
    (void)h;
    table_role role = caption ? caption_role(caption) : ROLE_UNKNOWN;
    const char *struct_name = role == ROLE_STRUCT ? caption : NULL;
    if (role == ROLE_UNKNOWN)
        role = infer_role(r, sec, rows, line_idx, &struct_name);
    if (role == ROLE_RESPONSE && r->status >= 300)
        role = ROLE_SKIP; /* the error body of that status */
    switch (role) {
    case ROLE_STRUCT:
        add_struct(r, arena_strdup(r->mem, struct_name), rows, line);
        break;
    case ROLE_SKIP:
        if (sec == PS_RESPONSE && r->status >= 300)
            record_error_status(r);
        break;
    case ROLE_RESPONSE_HEADER:
        break;
    default:
        add_params(r, rows, role);
        break;
    }
}

static int page_score(const doc_text *doc)
{
    int score = 0;
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        enum page_section s = heading_of(l);
        if (s == PS_REQUEST || s == PS_RESPONSE || s == PS_URI)
            score += 3;
        else if (s != PS_NONE)
            score += 1;
    }
    return score >= 4 ? score : 0;
}

static void reader_free(page_reader *r)
{
    rx_free(r->rx_status);
    rx_free(r->rx_caption);
    rx_free(r->rx_uri);
    rx_free(r->rx_request_line);
    rx_free(r->rx_title_name);
    rx_free(r->rx_name_title);
    rx_free(r->rx_operation);
    rx_free(r->rx_ram_action);
    rx_free(r->rx_rate);
    rx_free(r->rx_updated);
}

static int page_parse(parse_context *pc, doc_text *doc)
{
    page_reader r = {0};
    r.pc = pc;
    r.doc = doc;
    r.mem = &pc->ir->mem;
    r.tc = (table_context){doc, r.mem, pc->diags, struct_known, &r, false};
    r.rx_status = rx_must("^(?:状态码|狀態碼|Status code|Status Code|Kode status)\\s*[:：]\\s*(\\d{3})\\s*$");
    r.rx_caption = rx_must("^(?:表|Table)\\s*\\d+\\s*(\\S.*?)\\s*$");
    r.rx_uri = rx_must("^(GET|POST|PUT|DELETE|PATCH|HEAD)\\s+(/[^\\s?]*)");
    r.rx_request_line = rx_must("^(?:GET|POST|PUT|DELETE|PATCH|HEAD)\\s+(?:https?://|/)\\S*");
    r.rx_title_name = rx_must("^#*\\s*(.{1,80}?)\\s+-\\s+([A-Z][A-Za-z0-9]+)$");
    r.rx_name_title = rx_must("^#*\\s*([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\\s+-\\s+(\\S.{0,80})$");
    r.rx_operation = rx_must("\\bThe ([A-Z][A-Za-z0-9]+) operation\\b");
    r.rx_ram_action = rx_must("^\\|?\\s*[a-z][a-z0-9-]*:([A-Z][A-Za-z0-9]+)\\s*\\|?$");
    r.rx_rate = rx_must("(?i)(?|up to ([\\d,]+) (?:queries|requests|calls) per second|maximum of ([\\d,]+) (?:queries|requests|calls)[^.]{0,40}per second|([\\d,]+)\\s*次/秒)");
    r.rx_updated = rx_must("^(?:更新时间|更新時間|最近更新时间|Updated (?:on|at))\\s*[:：]");

    mark_furniture(&r);
    find_uri(&r);
    r.profile = profile_match(pc->profiles, doc, r.uri_path);
    r.svc = r.profile ? profile_service(r.profile, pc->ir) : unknown_service(&r);
    const char *title = NULL;
    int name_line = 0;
    const char *name = find_action_name(&r, &title, &name_line);
    if (!name) {
        diag_add(pc->diags, DIAG_ERROR, doc->path, 0, "empty page: no action found");
        reader_free(&r);
        return -1;
    }
    if (title && !strcmp(title, name)) {
        /* The page is headed by the bare action name: the summary line under
         * it is the title. */
        for (size_t i = 0, seen = 0; i < doc->n; i++) {
            if (doc_line_skip(doc, i))
                continue;
            if (seen++ == 1) {
                if (heading_of(&doc->lines[i]) == PS_NONE)
                    title = arena_strndup(r.mem, doc->lines[i].text, doc->lines[i].len);
                break;
            }
        }
    }
    if (ir_find_action(r.svc, name)) {
        diag_add(pc->diags, DIAG_WARNING, doc->path, name_line,
                 "action %s documented again: keeping the first", name);
        reader_free(&r);
        return 0;
    }
    r.act = ARENA_PUSH(r.mem, r.svc->actions, r.svc->n_actions, r.svc->cap_actions);
    r.act->name = name;
    r.act->title = title;
    r.act->source_file = doc->path;
    r.act->line = name_line;
    r.act->rate_limit_per_second = -1;
    r.act->method = r.uri_method ? r.uri_method : "POST";
    r.act->path = r.uri_path ? r.uri_path : "/";

    enum page_section sec = PS_NONE;
    const char *caption = NULL;
    strbuf desc = STRBUF_INIT;
    size_t example_begin = 0;
    enum page_section example_sec = PS_NONE;
    for (size_t i = 0; i < doc->n; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        rx_match m;
        if (r.act->rate_limit_per_second < 0 && rx_search(r.rx_rate, l->text, l->len, 0, &m)) {
            char digits[32];
            size_t k = 0;
            for (size_t c = m.start[1]; c < m.end[1] && k + 1 < sizeof digits; c++)
                if (isdigit((unsigned char)l->text[c]))
                    digits[k++] = l->text[c];
            digits[k] = '\0';
            r.act->rate_limit_per_second = strtol(digits, NULL, 10);
        }
        enum page_section h = heading_of(l);
        if (h != PS_NONE) {
            if (example_begin) {
                read_example_block(&r, example_begin, i, example_sec == PS_REQUEST_EXAMPLE);
                example_begin = 0;
            }
            sec = h;
            caption = NULL;
            if (h != PS_RESPONSE)
                r.status = 0;
            if (h == PS_REQUEST_EXAMPLE || h == PS_RESPONSE_EXAMPLE) {
                example_begin = i + 1;
                example_sec = h;
            }
            continue;
        }
        if (example_begin)
            continue;
        const char *st = capture(&r, r.rx_status, l, 1);
        if (st) {
            r.status = atoi(st);
            continue;
        }
        const char *cap = capture(&r, r.rx_caption, l, 1);
        if (cap) {
            caption = cap;
            continue;
        }
        table_header spread;
        size_t body;
        if (cells_table_starts(doc, i)) {
            cell_table t;
            size_t next;
            cells_read_pipe_table(doc, r.mem, i, doc->n, &t, &next);
            if (t.header.n) {
                table_rows rows = {0};
                if (table_header_find(&t.header, COL_CODE) >= 0) {
                    cells_to_codes(&r.tc, &t, &rows);
                    add_error_rows(&r, &rows);
                } else {
                    cells_to_params(&r.tc, &t, &rows);
                    handle_table(&r, sec, caption, &rows, &t, i, l->no);
                }
            }
            caption = NULL;
            i = next - 1;
            continue;
        }
        if (cells_spread_header(doc, i, doc->n, &spread, &body)) {
            size_t end = table_end(&r, body, doc->n);
            table_rows rows = {0};
            if (table_header_find(&spread, COL_CODE) >= 0) {
                table_read_codes(&r.tc, &spread, body, end, &rows);
                add_error_rows(&r, &rows);
            } else {
                table_read_params(&r.tc, &spread, body, end, &rows);
                handle_table(&r, sec, caption, &rows, NULL, i, l->no);
            }
            caption = NULL;
            i = end - 1;
            continue;
        }
        if (sec == PS_DESCRIPTION)
            table_append_wrapped(&desc, l->text, l->len);
    }
    if (example_begin)
        read_example_block(&r, example_begin, doc->n, example_sec == PS_REQUEST_EXAMPLE);
    r.act->description = desc.len ? arena_strndup(r.mem, desc.data, desc.len) : NULL;
    strbuf_free(&desc);
    bool seen = false;
    for (size_t j = 0; j < r.svc->n_sources; j++)
        seen |= !strcmp(r.svc->sources[j], doc->path);
    if (!seen)
        *ARENA_PUSH(r.mem, r.svc->sources, r.svc->n_sources, r.svc->cap_sources) =
            arena_strdup(r.mem, doc->path);
    if (!r.act->n_input && !r.act->n_output)
        diag_add(pc->diags, DIAG_WARNING, doc->path, name_line,
                 "%s: no parameter table found on the page", name);
    reader_free(&r);
    return 0;
}

const dialect dialect_reference_page = {
    "reference-page",
    "API reference pages with headed sections and pipe or one-cell-per-line tables (Huawei, Alibaba)",
    page_score,
    page_parse,
};
