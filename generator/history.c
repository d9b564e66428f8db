#include "history.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rx.h"

/* The history is a small grammar: a release heading, its date, then
 * sections ("修改接口：") of names on their own lines; under the "修改"
 * sections each name is followed by detail lines ("新增入参：A, B"). Every
 * section and detail word is an operation on a thing, so the change kinds
 * are the cross product of the two tables below. */

enum op { OP_ADDED, OP_MODIFIED, OP_DEPRECATED, OP_REMOVED, OP_COUNT };
enum thing { TH_ACTION, TH_STRUCT, TH_INPUT, TH_OUTPUT, TH_MEMBER, TH_COUNT };

static const char *const op_words[OP_COUNT] = {"新增", "修改", "废弃", "删除"};

/* The stable kind names of docs/ir.md, [thing][op]. */
static const char *const kind_names[TH_COUNT][OP_COUNT] = {
    [TH_ACTION] = {"action_added", "action_modified", "action_deprecated", "action_removed"},
    [TH_STRUCT] = {"struct_added", "struct_modified", "struct_deprecated", "struct_removed"},
    [TH_INPUT] = {"action_input_added", "action_input_modified", "action_input_deprecated",
                  "action_input_removed"},
    [TH_OUTPUT] = {"action_output_added", "action_output_modified", "action_output_deprecated",
                   "action_output_removed"},
    [TH_MEMBER] = {"struct_member_added", "struct_member_modified", "struct_member_deprecated",
                   "struct_member_removed"},
};

typedef struct history_reader {
    const doc_text *doc;
    arena *mem;
    ir_service *svc;
    diag_list *d;
    rx *heading, *bare_heading, *date, *date_shape, *section, *detail, *name, *name_list;
    ir_release *rel;        /* the release being read */
    int section_thing;      /* TH_ACTION, TH_STRUCT, or -1 before any section */
    int section_op;
    const char *target;     /* the action or struct a "修改" section names last */
    int target_line;
    bool target_has_details;
    ir_change *open_list;   /* a detail whose name list ended with a comma */
} history_reader;

static const doc_line *line_at(const history_reader *r, size_t i) { return &r->doc->lines[i]; }

static bool match(const rx *x, const doc_line *l, rx_match *m)
{
    return rx_search(x, l->text, l->len, 0, m);
}

static const char *group_dup(history_reader *r, const doc_line *l, const rx_match *m, int g)
{
    if (m->start[g] == (size_t)-1)
        return NULL;
    return arena_strndup(r->mem, l->text + m->start[g], m->end[g] - m->start[g]);
}

static int word_index(const char *const *words, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i]) == len && !memcmp(words[i], s, len))
            return (int)i;
    return -1;
}

static int op_of(const doc_line *l, const rx_match *m, int g)
{
    return word_index(op_words, OP_COUNT, l->text + m->start[g], m->end[g] - m->start[g]);
}

static int thing_of(const doc_line *l, const rx_match *m, int g)
{
    static const char *const words[] = {"接口", "数据结构", "入参", "出参", "成员"};
    return word_index(words, sizeof words / sizeof words[0], l->text + m->start[g],
                      m->end[g] - m->start[g]);
}

static ir_change *add_change(history_reader *r, int thing, int op, const char *target, int line)
{
    ir_change *c = ARENA_PUSH(r->mem, r->rel->changes, r->rel->n_changes, r->rel->cap_changes);
    c->kind = kind_names[thing][op];
    c->target = target;
    c->line = line;
    return c;
}

/* A "修改接口" name followed by no detail line is still a documented change. */
static void close_target(history_reader *r)
{
    if (r->target && !r->target_has_details)
        add_change(r, r->section_thing, OP_MODIFIED, r->target, r->target_line);
    r->target = NULL;
    r->target_has_details = false;
}

static bool is_separator(const char *s, size_t len, size_t i, size_t *width)
{
    if (s[i] == ',') {
        *width = 1;
        return true;
    }
    /* "，" and "、" */
    if (i + 3 <= len && (!memcmp(s + i, "\xef\xbc\x8c", 3) || !memcmp(s + i, "\xe3\x80\x81", 3))) {
        *width = 3;
        return true;
    }
    return false;
}

/* Appends the comma-separated names of s[0..len) to c. Returns true when
 * nothing follows the last separator (or there is no name at all): the list
 * goes on on the next line. */
static bool add_names(history_reader *r, ir_change *c, const char *s, size_t len, int line)
{
    size_t start = 0, width = 0;
    for (size_t i = 0;; i += width) {
        bool sep = i < len && is_separator(s, len, i, &width);
        if (i < len && !sep) {
            width = 1;
            continue;
        }
        size_t a = start, b = i;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (b > a) {
            const char *name = arena_strndup(r->mem, s + a, b - a);
            if (!rx_test(r->name, name))
                diag_add(r->d, DIAG_WARNING, r->doc->path, line,
                         "change history: '%s' in the list of %s is not a parameter or member "
                         "name; kept as written",
                         name, c->target ? c->target : "?");
            *ARENA_PUSH(r->mem, c->names, c->n_names, c->cap_names) = name;
        }
        if (i == len)
            return a == b;
        start = i + width;
    }
}

static void start_release(history_reader *r, int number, const doc_line *l)
{
    if (r->rel)
        close_target(r);
    for (size_t k = 0; k < r->svc->n_history; k++)
        if (r->svc->history[k].number == number)
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release %d appears twice (first at line %d)", number,
                     r->svc->history[k].line);
    if (r->rel && number != r->rel->number - 1)
        diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                 "change history: release %d follows release %d (expected %d)", number,
                 r->rel->number, r->rel->number - 1);
    if (r->rel && !r->rel->date)
        diag_add(r->d, DIAG_WARNING, r->doc->path, r->rel->line,
                 "change history: release %d has no date (expected '发布时间：YYYY-MM-DD hh:mm:ss')",
                 r->rel->number);
    r->rel = ARENA_PUSH(r->mem, r->svc->history, r->svc->n_history, r->svc->cap_history);
    r->rel->number = number;
    r->rel->source_file = arena_strdup(r->mem, r->doc->path);
    r->rel->line = l->no;
    r->section_thing = -1;
    r->target = NULL;
    r->target_has_details = false;
    r->open_list = NULL;
}

static size_t next_content(const doc_text *doc, size_t i, size_t end)
{
    for (i++; i < end; i++)
        if (!doc_line_skip(doc, i))
            return i;
    return end;
}

/* Reads one history line; false when it is not history. */
static bool read_line(history_reader *r, size_t i, size_t end)
{
    const doc_line *l = line_at(r, i);
    rx_match m;
    if (match(r->heading, l, &m)) {
        const char *digits = l->text + m.start[1];
        long n = strtol(digits, NULL, 10);
        if (m.end[1] - m.start[1] > 6 || n <= 0) {
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release number %.*s is out of range; heading skipped",
                     (int)(m.end[1] - m.start[1]), digits);
            return true;
        }
        start_release(r, (int)n, l);
        return true;
    }
    if (match(r->bare_heading, l, &m)) {
        /* Page breaks leave a copy of the heading without its number; the
         * heading with the number follows. */
        size_t next = next_content(r->doc, i, end);
        if (next < end && match(r->heading, line_at(r, next), NULL))
            return true;
        if (!r->rel || r->rel->number <= 1) {
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release heading without a number; skipped with what follows");
            r->rel = NULL;
            return true;
        }
        int n = r->rel->number - 1;
        diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                 "change history: release heading without a number; taken as release %d", n);
        start_release(r, n, l);
        return true;
    }
    if (!r->rel)
        return true; /* the rest of a release whose heading was unreadable */
    if (match(r->date, l, &m)) {
        const char *date = group_dup(r, l, &m, 1);
        if (r->rel->date)
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release %d has a second date '%s'; keeping '%s'",
                     r->rel->number, date, r->rel->date);
        else
            r->rel->date = date;
        if (!rx_test(r->date_shape, date))
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release %d: date '%s' is not YYYY-MM-DD hh:mm:ss; kept as "
                     "written",
                     r->rel->number, date);
        return true;
    }
    if (doc_line_starts(l, "本次发布包含了以下内容") || doc_line_starts(l, "改善已有的文档"))
        return true;
    if (match(r->section, l, &m)) {
        close_target(r);
        r->section_op = op_of(l, &m, 1);
        r->section_thing = thing_of(l, &m, 2) == 0 ? TH_ACTION : TH_STRUCT;
        r->open_list = NULL;
        return true;
    }
    if (match(r->detail, l, &m)) {
        r->open_list = NULL;
        int thing = thing_of(l, &m, 2) - 2 + TH_INPUT;
        bool fits = r->target && r->section_op == OP_MODIFIED &&
                    (thing == TH_MEMBER) == (r->section_thing == TH_STRUCT);
        if (!fits) {
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release %d: '%.*s' does not follow the name of a %s; skipped",
                     r->rel->number, (int)l->len, l->text,
                     thing == TH_MEMBER ? "modified data structure" : "modified action");
            return true;
        }
        r->target_has_details = true;
        ir_change *c = add_change(r, thing, op_of(l, &m, 1), r->target, l->no);
        if (add_names(r, c, l->text + m.start[3], m.end[3] - m.start[3], l->no))
            r->open_list = c;
        return true;
    }
    if (r->open_list && match(r->name_list, l, &m)) {
        if (!add_names(r, r->open_list, l->text, l->len, l->no))
            r->open_list = NULL;
        return true;
    }
    if (match(r->name, l, &m)) {
        if (r->section_thing < 0) {
            diag_add(r->d, DIAG_WARNING, r->doc->path, l->no,
                     "change history: release %d: '%.*s' comes before any section "
                     "('新增接口：', '修改数据结构：', ...); skipped",
                     r->rel->number, (int)l->len, l->text);
            return true;
        }
        const char *name = arena_strndup(r->mem, l->text, l->len);
        if (r->section_op == OP_MODIFIED) {
            close_target(r);
            r->target = name;
            r->target_line = l->no;
        } else {
            add_change(r, r->section_thing, r->section_op, name, l->no);
        }
        return true;
    }
    return false;
}

static void reader_free(history_reader *r)
{
    rx_free(r->heading);
    rx_free(r->bare_heading);
    rx_free(r->date);
    rx_free(r->date_shape);
    rx_free(r->section);
    rx_free(r->detail);
    rx_free(r->name);
    rx_free(r->name_list);
}

size_t history_read(const doc_text *doc, size_t begin, size_t end, arena *mem, ir_service *svc,
                    diag_list *d)
{
    if (end > doc->n)
        end = doc->n;
    history_reader r = {doc, mem, svc, d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                        NULL, -1, 0, NULL, 0, false, NULL};
    r.heading = rx_must("^第\\s*(\\d+)\\s*次发布$");
    r.bare_heading = rx_must("^第\\s*次发布$");
    r.date = rx_must("^发布时间\\s*[：:]\\s*(\\S.*?)\\s*$");
    r.date_shape = rx_must("^\\d{4}-\\d{2}-\\d{2}(?: \\d{2}:\\d{2}(?::\\d{2})?)?$");
    r.section = rx_must("^(新增|修改|废弃|删除)(接口|数据结构)\\s*[：:]$");
    r.detail = rx_must("^(新增|修改|废弃|删除)(入参|出参|成员)\\s*[：:]\\s*(.*?)\\s*$");
    r.name = rx_must("^[A-Za-z_][A-Za-z0-9_.]*$");
    r.name_list = rx_must("^[A-Za-z_][A-Za-z0-9_.]*(?:\\s*(?:,|，|、)\\s*[A-Za-z_][A-Za-z0-9_.]*)*"
                          "\\s*(?:,|，|、)?$");

    /* The history is the run of lines from the first release heading; after
     * the last heading it ends at the first line that is not history. */
    size_t first = end, last = end;
    for (size_t i = begin; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        const doc_line *l = &doc->lines[i];
        if (match(r.heading, l, NULL) || match(r.bare_heading, l, NULL)) {
            if (first == end)
                first = i;
            last = i;
        }
    }
    size_t before = svc->n_history;
    for (size_t i = first; i < end; i++) {
        if (doc_line_skip(doc, i))
            continue;
        if (read_line(&r, i, end))
            continue;
        if (i > last)
            break;
        const doc_line *l = &doc->lines[i];
        diag_add(d, DIAG_WARNING, doc->path, l->no,
                 "change history: release %d: line not understood, skipped: '%.*s'",
                 r.rel ? r.rel->number : 0, (int)(l->len > 120 ? 120 : l->len), l->text);
    }
    if (r.rel) {
        close_target(&r);
        if (!r.rel->date)
            diag_add(d, DIAG_WARNING, doc->path, r.rel->line,
                     "change history: release %d has no date (expected '发布时间：YYYY-MM-DD "
                     "hh:mm:ss')",
                     r.rel->number);
        if (r.rel->number != 1)
            diag_add(d, DIAG_WARNING, doc->path, r.rel->line,
                     "change history ends at release %d, not release 1", r.rel->number);
    }
    reader_free(&r);
    return svc->n_history - before;
}

/* ---- deprecation marks ---------------------------------------------------- */

static bool names_contain(const ir_change *c, const char *name)
{
    for (size_t i = 0; i < c->n_names; i++)
        if (!strcmp(c->names[i], name))
            return true;
    return false;
}

/* True when a release newer than history[rel] added `name` to `target`
 * again (releases are in document order, newest first). */
static bool added_again(const ir_service *svc, size_t rel, const char *added_kind,
                        const char *target, const char *name)
{
    for (size_t k = 0; k < rel; k++)
        for (size_t c = 0; c < svc->history[k].n_changes; c++) {
            const ir_change *ch = &svc->history[k].changes[c];
            if (!strcmp(ch->kind, added_kind) && ch->target && !strcmp(ch->target, target) &&
                names_contain(ch, name))
                return true;
        }
    return false;
}

static size_t mark(ir_param *params, size_t n, const char *name)
{
    ir_param *p = ir_find_param(params, n, name);
    if (!p || p->deprecated)
        return 0;
    p->deprecated = true;
    return 1;
}

size_t history_mark_deprecated(ir_service *svc)
{
    size_t marked = 0;
    for (size_t k = 0; k < svc->n_history; k++)
        for (size_t c = 0; c < svc->history[k].n_changes; c++) {
            const ir_change *ch = &svc->history[k].changes[c];
            int thing = -1;
            for (int t = TH_INPUT; t < TH_COUNT && thing < 0; t++)
                if (!strcmp(ch->kind, kind_names[t][OP_DEPRECATED]))
                    thing = t;
            if (thing < 0 || !ch->target)
                continue;
            ir_action *act = thing == TH_MEMBER ? NULL : ir_find_action(svc, ch->target);
            ir_struct *st = thing == TH_MEMBER ? ir_find_struct(svc, ch->target) : NULL;
            if (!act && !st)
                continue;
            for (size_t i = 0; i < ch->n_names; i++) {
                if (added_again(svc, k, kind_names[thing][OP_ADDED], ch->target, ch->names[i]))
                    continue;
                if (thing == TH_INPUT)
                    marked += mark(act->input, act->n_input, ch->names[i]);
                else if (thing == TH_OUTPUT)
                    marked += mark(act->output, act->n_output, ch->names[i]);
                else
                    marked += mark(st->members, st->n_members, ch->names[i]);
            }
        }
    return marked;
}
