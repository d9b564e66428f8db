#include "json_rebracket.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

static bool is_bracket(char c) { return c == '{' || c == '}' || c == '[' || c == ']'; }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

torn_line_kind json_torn_line_kind(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && is_blank(text[i]))
        i++;
    if (i == len)
        return TORN_OTHER;
    bool only_brackets = true;
    for (size_t k = i; k < len; k++)
        if (!is_bracket(text[k]) && !is_blank(text[k]))
            only_brackets = false;
    if (only_brackets)
        return TORN_BRACKETS;
    char c = text[i];
    if (c == '"' || c == ',' || c == '-' || (c >= '0' && c <= '9'))
        return TORN_MEMBER;
    static const char *const literals[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(literals[k]);
        if (len - i >= n && !memcmp(text + i, literals[k], n) &&
            (len - i == n || text[i + n] == ',' || is_blank(text[i + n])))
            return TORN_MEMBER;
    }
    return TORN_OTHER;
}

/* ---- member lines: comments dropped, broken strings joined ------------- */

typedef struct logical_line {
    char *text; /* owned, NUL-terminated */
    size_t indent;
    int no;
} logical_line;

typedef struct block {
    logical_line *lines;
    size_t n;
    char *brackets;  /* the torn brackets, in order */
    bool *group_end; /* true at the last bracket of each bracket line */
    size_t n_brackets;
} block;

static void block_free(block *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->lines[i].text);
    free(b->lines);
    free(b->brackets);
    free(b->group_end);
}

static bool fail(char *why, size_t why_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool fail(char *why, size_t why_size, const char *fmt, ...)
{
    if (why && why_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, why_size, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Splits the lines into member lines (logical: a string the dump broke is
 * one line) and the torn bracket sequence. False on a bracket inside a
 * member line (not the torn shape) or an unterminated string. */
static bool split(const torn_line *lines, size_t n, block *b, char *why, size_t why_size)
{
    memset(b, 0, sizeof *b);
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += lines[i].len;
    b->lines = calloc(n ? n : 1, sizeof *b->lines);
    b->brackets = malloc(total);
    b->group_end = calloc(total, sizeof *b->group_end);
    if (!b->lines || !b->brackets || !b->group_end)
        return fail(why, why_size, "out of memory");
    strbuf cur = STRBUF_INIT;
    bool in_string = false;
    logical_line *open = NULL;
    for (size_t i = 0; i < n; i++) {
        const torn_line *l = &lines[i];
        if (!in_string && json_torn_line_kind(l->text, l->len) == TORN_BRACKETS) {
            for (size_t k = 0; k < l->len; k++) {
                if (is_bracket(l->text[k]))
                    b->brackets[b->n_brackets++] = l->text[k];
            }
            b->group_end[b->n_brackets - 1] = true;
            continue;
        }
        if (!in_string) {
            open = &b->lines[b->n++];
            open->indent = l->indent;
            open->no = l->no;
        }
        for (size_t k = 0; k < l->len; k++) {
            char c = l->text[k];
            if (in_string) {
                strbuf_putc(&cur, c);
                if (c == '\\' && k + 1 < l->len)
                    strbuf_putc(&cur, l->text[++k]);
                else if (c == '"')
                    in_string = false;
            } else if (c == '"') {
                in_string = true;
                strbuf_putc(&cur, c);
            } else if (c == '/' && k + 1 < l->len && l->text[k + 1] == '/') {
                break; /* a comment the page added: not JSON */
            } else if (is_bracket(c)) {
                strbuf_free(&cur);
                return fail(why, why_size, "line %d: a bracket inside a member line; not a torn block",
                            l->no);
            } else {
                strbuf_putc(&cur, c);
            }
        }
        if (!in_string) {
            open->text = strbuf_take(&cur);
            open = NULL;
        }
    }
    if (in_string) {
        int no = open->no;
        strbuf_free(&cur);
        return fail(why, why_size, "line %d: a string is not closed", no);
    }
    strbuf_free(&cur);
    return true;
}

/* ---- indentation → nesting level ---------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Indents within one blank of each other are one level (dumps shift a
 * line by a space now and then); the step between levels is the smallest
 * gap between those groups. Level 1 is the shallowest member line. */
typedef struct levels {
    size_t *group_first; /* first indent of each group, ascending */
    size_t n;
    size_t unit;
} levels;

static bool levels_make(const block *b, levels *lv)
{
    size_t *ind = malloc((b->n ? b->n : 1) * sizeof *ind);
    lv->group_first = malloc((b->n ? b->n : 1) * sizeof *lv->group_first);
    if (!ind || !lv->group_first) {
        free(ind);
        return false;
    }
    for (size_t i = 0; i < b->n; i++)
        ind[i] = b->lines[i].indent;
    qsort(ind, b->n, sizeof *ind, cmp_size);
    lv->n = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!lv->n || ind[i] > lv->group_first[lv->n - 1] + 1)
            lv->group_first[lv->n++] = ind[i];
    free(ind);
    lv->unit = 0;
    for (size_t i = 1; i < lv->n; i++) {
        size_t gap = lv->group_first[i] - lv->group_first[i - 1];
        if (!lv->unit || gap < lv->unit)
            lv->unit = gap;
    }
    if (!lv->unit)
        lv->unit = 1;
    return true;
}

static size_t level_of(const levels *lv, size_t indent)
{
    size_t g = 0;
    for (size_t i = 0; i < lv->n; i++)
        if (lv->group_first[i] <= indent)
            g = i;
    size_t d = lv->group_first[g] - lv->group_first[0];
    return 1 + (d + lv->unit / 2) / lv->unit;
}

/* ---- rebuilding ----------------------------------------------------------- */

/* One indentation step is one bracket line of the original: usually one
 * bracket, but '"a": [{' opens two in one step and '}]' closes them. So an
 * opening step takes the rest of the next bracket line; a closing step
 * takes as many closers as its level opened, wherever the lines split. */
typedef struct builder {
    const block *b;
    size_t next; /* next torn bracket */
    char stack[MAX_DEPTH];
    size_t depth;              /* open brackets */
    size_t level_size[MAX_DEPTH]; /* brackets opened by each indentation step */
    size_t levels;
    strbuf out;
    char *why;
    size_t why_size;
} builder;

static char closer_of(char open) { return open == '{' ? '}' : ']'; }

static bool open_to(builder *w, size_t level, int no)
{
    while (w->levels < level) {
        if (w->next >= w->b->n_brackets)
            return fail(w->why, w->why_size, "line %d: indented deeper than the torn brackets allow",
                        no);
        size_t opened = 0;
        for (;;) {
            char c = w->b->brackets[w->next];
            if (c != '{' && c != '[')
                return fail(w->why, w->why_size,
                            "line %d: the indentation opens a container but the next torn bracket is '%c'",
                            no, c);
            if (w->depth == MAX_DEPTH)
                return fail(w->why, w->why_size, "line %d: nested deeper than %d", no, MAX_DEPTH);
            w->stack[w->depth++] = c;
            strbuf_putc(&w->out, c);
            opened++;
            if (w->b->group_end[w->next++])
                break;
        }
        w->level_size[w->levels++] = opened;
    }
    return true;
}

static bool close_to(builder *w, size_t level, int no)
{
    while (w->levels > level) {
        for (size_t k = w->level_size[--w->levels]; k > 0; k--) {
            char want = closer_of(w->stack[w->depth - 1]);
            if (w->next >= w->b->n_brackets)
                return fail(w->why, w->why_size, "line %d: '%c' is missing among the torn brackets",
                            no, want);
            char c = w->b->brackets[w->next];
            if (c != want)
                return fail(w->why, w->why_size,
                            "line %d: the indentation closes with '%c' but the next torn bracket is '%c'",
                            no, want, c);
            w->depth--;
            w->next++;
            strbuf_putc(&w->out, c);
        }
    }
    return true;
}

/* "key":<nothing> followed by a line that is not deeper: the value was an
 * empty container whose two brackets both went to the end. */
static bool empty_value(builder *w, int no)
{
    const char *br = w->b->brackets + w->next;
    if (w->next + 1 >= w->b->n_brackets || (br[0] != '{' && br[0] != '[') ||
        br[1] != closer_of(br[0]))
        return fail(w->why, w->why_size, "line %d: a member has no value and no empty container is torn",
                    no);
    strbuf_putc(&w->out, br[0]);
    strbuf_putc(&w->out, br[1]);
    w->next += 2;
    return true;
}

/* Appends the line's text; a member with no value before its comma
 * ('"ipWhiteList": ,') gets the empty container torn from it. Sets
 * *waiting when the line ends on ':' (the value follows). */
static bool emit_line(builder *w, const char *s, int no, bool *waiting)
{
    bool in_string = false;
    *waiting = false;
    for (const char *p = s; *p; p++) {
        strbuf_putc(&w->out, *p);
        if (in_string) {
            if (*p == '\\' && p[1])
                strbuf_putc(&w->out, *++p);
            else if (*p == '"')
                in_string = false;
        } else if (*p == '"') {
            in_string = true;
        } else if (*p == ':') {
            const char *q = p + 1 + strspn(p + 1, " \t\r");
            if (*q == ',' && !empty_value(w, no))
                return false;
            if (!*q)
                *waiting = true;
        }
    }
    return true;
}

bool json_rebracket(const torn_line *lines, size_t n, strbuf *out, char *why, size_t why_size)
{
    block b;
    if (!split(lines, n, &b, why, why_size)) {
        block_free(&b);
        return false;
    }
    if (!b.n || !b.n_brackets) {
        bool none = !b.n;
        block_free(&b);
        return fail(why, why_size, none ? "no member lines" : "no torn brackets");
    }
    levels lv = {0};
    if (!levels_make(&b, &lv)) {
        block_free(&b);
        return fail(why, why_size, "out of memory");
    }
    builder w = {.b = &b, .out = STRBUF_INIT, .why = why, .why_size = why_size};
    bool ok = true, waiting = false;
    for (size_t i = 0; ok && i < b.n; i++) {
        const logical_line *l = &b.lines[i];
        size_t level = level_of(&lv, l->indent);
        const char *t = l->text + strspn(l->text, " \t\r");
        if (waiting && level <= w.levels)
            ok = empty_value(&w, l->no);
        if (ok)
            ok = close_to(&w, level, l->no);
        if (ok && *t != ',')
            ok = open_to(&w, level, l->no);
        if (ok) {
            strbuf_putc(&w.out, '\n');
            ok = emit_line(&w, l->text, l->no, &waiting);
        }
    }
    int last = b.lines[b.n - 1].no;
    if (ok && waiting)
        ok = empty_value(&w, last);
    if (ok)
        ok = close_to(&w, 0, last);
    if (ok && w.next != b.n_brackets)
        ok = fail(why, why_size, "line %d: %zu torn bracket(s) left over", last, b.n_brackets - w.next);
    if (ok) {
        cJSON *v = cJSON_ParseWithLength(w.out.data, w.out.len);
        if (!v)
            ok = fail(why, why_size, "lines %d-%d: the rebuilt text is not JSON", b.lines[0].no, last);
        cJSON_Delete(v);
    }
    if (ok)
        strbuf_append(out, w.out.data, w.out.len);
    strbuf_free(&w.out);
    free(lv.group_first);
    block_free(&b);
    return ok;
}

/* Walks one line outside and inside strings: returns whether a string is
 * open after it; *comment when a '//' comment ends it, *bracket when a
 * bracket stands outside strings and comments. */
static bool scan_line(const char *text, size_t len, bool in_string, bool *comment, bool *bracket)
{
    *comment = *bracket = false;
    for (size_t k = 0; k < len; k++) {
        char c = text[k];
        if (in_string) {
            if (c == '\\')
                k++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '/' && k + 1 < len && text[k + 1] == '/') {
            *comment = true;
            break;
        } else if (is_bracket(c)) {
            *bracket = true;
        }
    }
    return in_string;
}

bool json_looks_torn(const torn_line *lines, size_t n)
{
    bool brackets = false, in_string = false, comment, bracket;
    for (size_t i = 0; i < n; i++) {
        const torn_line *l = &lines[i];
        if (!in_string && json_torn_line_kind(l->text, l->len) == TORN_BRACKETS) {
            brackets = true;
            continue;
        }
        in_string = scan_line(l->text, l->len, in_string, &comment, &bracket);
        if (bracket)
            return false;
    }
    return brackets;
}

bool json_torn_string_open(const char *text, size_t len, bool in_string, bool *comment)
{
    bool bracket;
    return scan_line(text, len, in_string, comment, &bracket);
}
