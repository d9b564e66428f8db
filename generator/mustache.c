/* Mustache compiler and renderer. Compilation turns the source into a flat
 * node list in one pass (standalone lines and delimiter changes are resolved
 * there); rendering walks that list against a context stack of cJSON nodes. */
#include "mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_FOUND SIZE_MAX

enum node_kind {
    NODE_TEXT,      /* literal text */
    NODE_ESCAPED,   /* {{name}} */
    NODE_RAW,       /* {{{name}}} and {{&name}} */
    NODE_SECTION,   /* {{#name}}: children are the nodes up to `end` */
    NODE_INVERTED,  /* {{^name}}: likewise */
    NODE_PARTIAL,   /* {{>name}} */
};

/* One segment of a dotted name, pointing into the template source. */
struct name_part {
    const char *s;
    size_t len;
};

struct node {
    enum node_kind kind;
    size_t offset;           /* where the text or tag starts in the source */
    const char *text;        /* TEXT: the literal; otherwise the name as written */
    size_t len;
    size_t first_part;       /* name segments in tmpl->parts; */
    size_t nparts;           /* 0 means the implicit iterator {{.}} */
    size_t end;              /* sections: index just past the last child */
    const char *indent;      /* PARTIAL: whitespace before a standalone tag */
    size_t indent_len;
};

struct mustache_template {
    char *src;               /* own copy; nodes and names point into it */
    size_t src_len;
    struct node *nodes;
    size_t nnodes, node_cap;
    struct name_part *parts;
    size_t nparts, part_cap;
    const char *name;        /* partial name (owned by the partial set), or NULL */
    size_t indent_len;       /* indentation added to the partial's lines */
};

/* ---------------------------------------------------------------- errors */

static void error_clear(mustache_error *err)
{
    err->message[0] = '\0';
    err->partial[0] = '\0';
    err->line = 0;
    err->column = 0;
}

static void error_set(mustache_error *err, const char *fmt, ...)
{
    error_clear(err);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* Fills in the position of source offset `offset` of template `t`. */
static void error_locate(mustache_error *err, const mustache_template *t, const char *src,
                         size_t offset)
{
    unsigned line = 1, column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n') {
            line++;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            column++;
        }
    }
    /* A partial's lines were indented before compiling; report the column
     * in the partial as written. */
    if (t && t->indent_len && column > t->indent_len)
        column -= (unsigned)t->indent_len;
    err->line = line;
    err->column = column;
    if (t && t->name)
        snprintf(err->partial, sizeof err->partial, "%s", t->name);
}

char *mustache_error_format(const mustache_error *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!err) {
        buf[0] = '\0';
        return buf;
    }
    char where[160] = "";
    if (err->partial[0] && err->line)
        snprintf(where, sizeof where, "partial '%s' ", err->partial);
    else if (err->partial[0])
        snprintf(where, sizeof where, "partial '%s': ", err->partial);
    if (err->line)
        snprintf(buf, size, "%s%u:%u: %s", where, err->line, err->column, err->message);
    else
        snprintf(buf, size, "%s%s", where, err->message);
    return buf;
}

/* -------------------------------------------------------------- compiler */

struct compiler {
    mustache_template *t;
    const char *src;
    size_t len;
    const char *otag, *ctag;  /* current delimiters */
    size_t olen, clen;
    size_t *open;             /* node indices of the sections still open */
    size_t nopen, open_cap;
    mustache_error *err;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static size_t find(const char *s, size_t from, size_t len, const char *needle, size_t nlen)
{
    if (len < nlen)
        return NOT_FOUND;
    size_t last = len - nlen;
    while (from <= last) {
        const char *p = memchr(s + from, needle[0], last - from + 1);
        if (!p)
            return NOT_FOUND;
        size_t at = (size_t)(p - s);
        if (!memcmp(p, needle, nlen))
            return at;
        from = at + 1;
    }
    return NOT_FOUND;
}

/* Grows *items (of *cap elements of `size` bytes) to hold at least one more. */
static bool grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t want = *cap ? *cap * 2 : 16;
    if (want > SIZE_MAX / size)
        return false;
    void *p = realloc(*items, want * size);
    if (!p)
        return false;
    *items = p;
    *cap = want;
    return true;
}

static bool compile_fail(struct compiler *c, size_t offset, const char *fmt, ...)
{
    error_clear(c->err);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
    va_end(ap);
    error_locate(c->err, c->t, c->src, offset);
    return false;
}

static bool compile_oom(struct compiler *c)
{
    error_set(c->err, "out of memory");
    return false;
}

static struct node *add_node(struct compiler *c, enum node_kind kind, size_t offset)
{
    mustache_template *t = c->t;
    if (!grow((void **)&t->nodes, &t->node_cap, t->nnodes, sizeof *t->nodes))
        return NULL;
    struct node *n = &t->nodes[t->nnodes++];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->offset = offset;
    return n;
}

static bool add_text(struct compiler *c, size_t from, size_t to)
{
    if (from >= to)
        return true;
    struct node *n = add_node(c, NODE_TEXT, from);
    if (!n)
        return compile_oom(c);
    n->text = c->src + from;
    n->len = to - from;
    return true;
}

/* Checks the name [from, to) of the tag at `tag` and, unless `whole` (partial
 * names are not split), records its dotted segments on `n`. */
static bool set_name(struct compiler *c, struct node *n, size_t tag, size_t from, size_t to,
                     bool whole)
{
    const char *s = c->src;
    while (from < to && is_space(s[from]))
        from++;
    while (to > from && is_space(s[to - 1]))
        to--;
    n->text = s + from;
    n->len = to - from;
    if (from == to)
        return compile_fail(c, tag, "empty tag: expected a name between %.*s and %.*s",
                            (int)c->olen, c->otag, (int)c->clen, c->ctag);
    for (size_t i = from; i < to; i++) {
        if (is_space(s[i]) || s[i] == '\0')
            return compile_fail(c, tag, "tag name \"%.*s\" contains %s: expected one name",
                                (int)(to - from > 64 ? 64 : to - from), s + from,
                                s[i] ? "whitespace" : "a NUL byte");
    }
    if (whole)
        return true;
    n->first_part = c->t->nparts;
    if (to - from == 1 && s[from] == '.')
        return true; /* implicit iterator: no segments */
    size_t seg = from;
    for (size_t i = from; i <= to; i++) {
        if (i < to && s[i] != '.')
            continue;
        if (i == seg)
            return compile_fail(c, tag,
                                "bad dotted name \"%.*s\": expected names separated by single dots",
                                (int)(to - from > 64 ? 64 : to - from), s + from);
        mustache_template *t = c->t;
        if (!grow((void **)&t->parts, &t->part_cap, t->nparts, sizeof *t->parts))
            return compile_oom(c);
        t->parts[t->nparts].s = s + seg;
        t->parts[t->nparts].len = i - seg;
        t->nparts++;
        n->nparts++;
        seg = i + 1;
    }
    return true;
}

/* {{=OPEN CLOSE=}}: the content between the two '=' is [from, to). */
static bool set_delimiters(struct compiler *c, size_t tag, size_t from, size_t to)
{
    const char *s = c->src;
    size_t a = from, a_end, b, b_end;
    while (a < to && is_space(s[a]))
        a++;
    a_end = a;
    while (a_end < to && !is_space(s[a_end]))
        a_end++;
    b = a_end;
    while (b < to && is_space(s[b]))
        b++;
    b_end = b;
    while (b_end < to && !is_space(s[b_end]))
        b_end++;
    size_t rest = b_end;
    while (rest < to && is_space(s[rest]))
        rest++;
    bool ok = a < a_end && b < b_end && b > a_end && rest == to &&
              !memchr(s + a, '=', a_end - a) && !memchr(s + b, '=', b_end - b);
    if (!ok)
        return compile_fail(c, tag,
                            "bad delimiter tag \"%.*s\": expected two delimiters separated by "
                            "whitespace, without whitespace or '=' inside, as in {{=<%% %%>=}}",
                            (int)(to - from > 64 ? 64 : to - from), s + from);
    c->otag = s + a;
    c->olen = a_end - a;
    c->ctag = s + b;
    c->clen = b_end - b;
    return true;
}

static void snippet(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = 0;
    while (n < len && n + 1 < size && n < 24 && s[n] != '\n' && s[n] != '\r' && s[n] != '\0') {
        buf[n] = s[n];
        n++;
    }
    buf[n] = '\0';
}

static char sigil_of(enum node_kind kind)
{
    return kind == NODE_INVERTED ? '^' : '#';
}

static bool compile_source(struct compiler *c)
{
    const char *s = c->src;
    size_t len = c->len, pos = 0, text_start = 0;

    for (;;) {
        size_t tag = find(s, pos, len, c->otag, c->olen);
        if (tag == NOT_FOUND)
            break;

        size_t p = tag + c->olen;
        size_t q = p;
        while (q < len && is_space(s[q]))
            q++;
        char sigil = q < len ? s[q] : '\0';
        if (sigil && strchr("#^/!>&{=", sigil))
            p = q + 1;
        else
            sigil = '\0';

        /* {{{x}}} and {{=a b=}} end with a character before the closing
         * delimiter; find the first closing delimiter preceded by it. */
        char before = sigil == '{' ? '}' : sigil == '=' ? '=' : '\0';
        size_t close = find(s, p, len, c->ctag, c->clen);
        while (before && close != NOT_FOUND && !(close > p && s[close - 1] == before))
            close = find(s, close + 1, len, c->ctag, c->clen);
        if (close == NOT_FOUND) {
            char what[32];
            snippet(s + tag, len - tag, what, sizeof what);
            return compile_fail(c, tag, "unclosed tag \"%s\": expected %s%.*s", what,
                                before == '}' ? "}" : before == '=' ? "=" : "", (int)c->clen,
                                c->ctag);
        }
        size_t content_end = before ? close - 1 : close;
        size_t tag_end = close + c->clen;

        /* A section, comment, partial or delimiter tag alone on its line
         * takes the whole line with it, newline included. */
        bool standalone = false;
        size_t line_start = tag, next = tag_end;
        if (sigil && sigil != '&' && sigil != '{') {
            size_t i = tag;
            while (i > text_start && is_blank(s[i - 1]))
                i--;
            if (i == 0 || s[i - 1] == '\n') {
                size_t j = tag_end;
                while (j < len && is_blank(s[j]))
                    j++;
                if (j == len) {
                    standalone = true;
                    next = len;
                } else if (s[j] == '\n') {
                    standalone = true;
                    next = j + 1;
                } else if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n') {
                    standalone = true;
                    next = j + 2;
                }
                if (standalone)
                    line_start = i;
            }
        }
        if (!add_text(c, text_start, line_start))
            return false;

        struct node *n;
        switch (sigil) {
        case '!':
            break;
        case '=':
            if (!set_delimiters(c, tag, p, content_end))
                return false;
            break;
        case '#':
        case '^':
            if (c->nopen >= MUSTACHE_MAX_DEPTH)
                return compile_fail(c, tag, "sections nested deeper than %d levels",
                                    MUSTACHE_MAX_DEPTH);
            if (!(n = add_node(c, sigil == '#' ? NODE_SECTION : NODE_INVERTED, tag)))
                return compile_oom(c);
            if (!set_name(c, n, tag, p, content_end, false))
                return false;
            if (!grow((void **)&c->open, &c->open_cap, c->nopen, sizeof *c->open))
                return compile_oom(c);
            c->open[c->nopen++] = c->t->nnodes - 1;
            break;
        case '/': {
            struct node closing;
            memset(&closing, 0, sizeof closing);
            if (!set_name(c, &closing, tag, p, content_end, true))
                return false;
            if (c->nopen == 0)
                return compile_fail(c, tag, "unexpected %.*s/%.*s%.*s: no section is open",
                                    (int)c->olen, c->otag, (int)closing.len, closing.text,
                                    (int)c->clen, c->ctag);
            struct node *open = &c->t->nodes[c->open[c->nopen - 1]];
            if (open->len != closing.len || memcmp(open->text, closing.text, closing.len)) {
                mustache_error at;
                error_locate(&at, c->t, s, open->offset);
                return compile_fail(c, tag,
                                    "mismatched %.*s/%.*s%.*s: expected %.*s/%.*s%.*s to close "
                                    "the section %.*s%c%.*s%.*s opened at %u:%u",
                                    (int)c->olen, c->otag, (int)closing.len, closing.text,
                                    (int)c->clen, c->ctag, (int)c->olen, c->otag,
                                    (int)open->len, open->text, (int)c->clen, c->ctag,
                                    (int)c->olen, c->otag, sigil_of(open->kind),
                                    (int)open->len, open->text, (int)c->clen, c->ctag,
                                    at.line, at.column);
            }
            open->end = c->t->nnodes;
            c->nopen--;
            break;
        }
        case '>':
            if (!(n = add_node(c, NODE_PARTIAL, tag)))
                return compile_oom(c);
            if (!set_name(c, n, tag, p, content_end, true))
                return false;
            n->indent = "";
            if (standalone) {
                n->indent = s + line_start;
                n->indent_len = tag - line_start;
            }
            break;
        default: /* '\0', '&', '{' */
            if (!(n = add_node(c, sigil ? NODE_RAW : NODE_ESCAPED, tag)))
                return compile_oom(c);
            if (!set_name(c, n, tag, p, content_end, false))
                return false;
            break;
        }
        pos = text_start = next;
    }

    if (!add_text(c, text_start, len))
        return false;
    if (c->nopen) {
        const struct node *open = &c->t->nodes[c->open[c->nopen - 1]];
        return compile_fail(c, open->offset,
                            "unclosed section %.*s%c%.*s%.*s: expected %.*s/%.*s%.*s before "
                            "the end of the template",
                            (int)c->olen, c->otag, sigil_of(open->kind), (int)open->len,
                            open->text, (int)c->clen, c->ctag, (int)c->olen, c->otag,
                            (int)open->len, open->text, (int)c->clen, c->ctag);
    }
    return true;
}

/* Compiles `src` (malloc'd, NUL-terminated at src[len]), taking it over
 * whatever happens. `name` is the partial's name, or NULL. */
static mustache_template *compile_owned(char *src, size_t len, const char *name,
                                        size_t indent_len, mustache_error *err)
{
    mustache_template *t = calloc(1, sizeof *t);
    if (!t) {
        free(src);
        error_set(err, "out of memory");
        return NULL;
    }
    t->src = src;
    t->src_len = len;
    t->name = name;
    t->indent_len = indent_len;

    struct compiler c = {
        .t = t, .src = src, .len = len,
        .otag = "{{", .olen = 2, .ctag = "}}", .clen = 2,
        .err = err,
    };
    bool ok = compile_source(&c);
    free(c.open);
    if (!ok) {
        mustache_free(t);
        return NULL;
    }
    return t;
}

mustache_template *mustache_compile(const char *text, size_t len, mustache_error *err)
{
    mustache_error scratch;
    if (!err)
        err = &scratch;
    if (!text && len) {
        error_set(err, "no template text");
        return NULL;
    }
    if (len == SIZE_MAX) {
        error_set(err, "template too large");
        return NULL;
    }
    char *src = malloc(len + 1);
    if (!src) {
        error_set(err, "out of memory");
        return NULL;
    }
    if (len)
        memcpy(src, text, len);
    src[len] = '\0';
    mustache_template *t = compile_owned(src, len, NULL, 0, err);
    if (t)
        error_clear(err);
    return t;
}

void mustache_free(mustache_template *tmpl)
{
    if (!tmpl)
        return;
    free(tmpl->src);
    free(tmpl->nodes);
    free(tmpl->parts);
    free(tmpl);
}

/* -------------------------------------------------------------- partials */

/* A partial's source as the loader gave it (text NULL: no such partial). */
struct partial_source {
    char *name;
    size_t name_len;
    char *text;
    size_t len;
};

/* A partial compiled for one indentation (standalone {{>x}} tags indent every
 * line of the partial, so each indentation is a distinct template). */
struct partial_compiled {
    size_t source;
    char *indent;
    size_t indent_len;
    mustache_template *tmpl;
};

struct mustache_partials {
    mustache_partial_loader load;
    void *user;
    struct partial_source *sources;
    size_t nsources, sources_cap;
    struct partial_compiled *compiled;
    size_t ncompiled, compiled_cap;
};

mustache_partials *mustache_partials_new(mustache_partial_loader load, void *user)
{
    if (!load)
        return NULL;
    mustache_partials *set = calloc(1, sizeof *set);
    if (!set)
        return NULL;
    set->load = load;
    set->user = user;
    return set;
}

void mustache_partials_free(mustache_partials *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->ncompiled; i++) {
        free(set->compiled[i].indent);
        mustache_free(set->compiled[i].tmpl);
    }
    for (size_t i = 0; i < set->nsources; i++) {
        free(set->sources[i].name);
        free(set->sources[i].text);
    }
    free(set->compiled);
    free(set->sources);
    free(set);
}

/* Returns the index of partial `name`'s source, loading it on first use, or
 * NOT_FOUND when out of memory. */
static size_t partial_source(mustache_partials *set, const char *name, size_t name_len)
{
    for (size_t i = 0; i < set->nsources; i++)
        if (set->sources[i].name_len == name_len && !memcmp(set->sources[i].name, name, name_len))
            return i;
    if (!grow((void **)&set->sources, &set->sources_cap, set->nsources, sizeof *set->sources))
        return NOT_FOUND;
    struct partial_source *ps = &set->sources[set->nsources];
    ps->name = malloc(name_len + 1);
    if (!ps->name)
        return NOT_FOUND;
    memcpy(ps->name, name, name_len);
    ps->name[name_len] = '\0';
    ps->name_len = name_len;
    ps->len = 0;
    ps->text = set->load(ps->name, &ps->len, set->user);
    if (!ps->text)
        ps->len = 0;
    return set->nsources++;
}

/* Copies `text` with `indent` in front of every non-empty line (empty lines
 * stay empty so generated code gets no trailing whitespace). */
static char *indent_text(const char *text, size_t len, const char *indent, size_t ilen,
                         size_t *out_len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        if ((i == 0 || text[i - 1] == '\n') && text[i] != '\n' &&
            !(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
            lines++;
    if (ilen && lines > (SIZE_MAX - len - 1) / ilen)
        return NULL;
    size_t total = len + lines * ilen;
    char *out = malloc(total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if ((i == 0 || text[i - 1] == '\n') && text[i] != '\n' &&
            !(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')) {
            memcpy(out + o, indent, ilen);
            o += ilen;
        }
        out[o++] = text[i];
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Finds or compiles partial `name` at `indent`. *tmpl is NULL when the
 * loader has no such partial. Returns false with *err set on failure. */
static bool partial_get(mustache_partials *set, const char *name, size_t name_len,
                        const char *indent, size_t indent_len, const mustache_template **tmpl,
                        mustache_error *err)
{
    *tmpl = NULL;
    for (size_t i = 0; i < set->ncompiled; i++) {
        const struct partial_compiled *pc = &set->compiled[i];
        const struct partial_source *ps = &set->sources[pc->source];
        if (ps->name_len == name_len && !memcmp(ps->name, name, name_len) &&
            pc->indent_len == indent_len && !memcmp(pc->indent, indent, indent_len)) {
            *tmpl = pc->tmpl;
            return true;
        }
    }
    size_t src = partial_source(set, name, name_len);
    if (src == NOT_FOUND) {
        error_set(err, "out of memory");
        return false;
    }
    const struct partial_source *ps = &set->sources[src];
    if (!ps->text)
        return true;

    if (!grow((void **)&set->compiled, &set->compiled_cap, set->ncompiled, sizeof *set->compiled)) {
        error_set(err, "out of memory");
        return false;
    }
    struct partial_compiled *pc = &set->compiled[set->ncompiled];
    pc->source = src;
    pc->indent_len = indent_len;
    pc->indent = malloc(indent_len + 1);
    size_t text_len = 0;
    char *text = pc->indent ? indent_text(ps->text, ps->len, indent, indent_len, &text_len) : NULL;
    if (!text) {
        free(pc->indent);
        error_set(err, "out of memory");
        return false;
    }
    memcpy(pc->indent, indent, indent_len);
    pc->indent[indent_len] = '\0';
    pc->tmpl = compile_owned(text, text_len, ps->name, indent_len, err);
    if (!pc->tmpl) {
        if (!err->partial[0])
            snprintf(err->partial, sizeof err->partial, "%s", ps->name);
        free(pc->indent);
        return false;
    }
    set->ncompiled++;
    *tmpl = pc->tmpl;
    return true;
}

/* -------------------------------------------------------------- renderer */

struct output {
    char *data;
    size_t len, cap;
};

struct renderer {
    struct output out;
    const cJSON *stack[MUSTACHE_MAX_DEPTH + 1]; /* context stack, top last */
    size_t depth;
    unsigned nesting; /* sections and partials being rendered */
    mustache_partials *partials;
    mustache_error *err;
};

/* Makes room for `extra` more bytes plus the final NUL. */
static bool output_reserve(struct output *o, size_t extra)
{
    if (o->cap - o->len > extra)
        return true;
    if (extra > SIZE_MAX - o->len - 1)
        return false;
    size_t need = o->len + extra + 1;
    size_t cap = o->cap ? o->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(o->data, cap);
    if (!p)
        return false;
    o->data = p;
    o->cap = cap;
    return true;
}

static bool output_add(struct output *o, const char *s, size_t n)
{
    if (!output_reserve(o, n))
        return false;
    memcpy(o->data + o->len, s, n);
    o->len += n;
    return true;
}

static bool output_escaped(struct output *o, const char *s)
{
    for (;;) {
        size_t run = strcspn(s, "&<>\"");
        if (run && !output_add(o, s, run))
            return false;
        s += run;
        const char *entity;
        switch (*s) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        default: return true;
        }
        if (!output_add(o, entity, strlen(entity)))
            return false;
        s++;
    }
}

/* Integers print without decimals; other numbers in the shortest form that
 * reads back as the same double. */
static void format_number(double d, char buf[32])
{
    if (d >= -1e15 && d <= 1e15 && (double)(long long)d == d) {
        snprintf(buf, 32, "%lld", (long long)d);
        return;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            break;
    }
}

static bool output_value(struct output *o, const cJSON *v, bool escape)
{
    if (!v)
        return true;
    switch (v->type & 0xFF) {
    case cJSON_String:
    case cJSON_Raw:
        if (!v->valuestring)
            return true;
        return escape ? output_escaped(o, v->valuestring)
                      : output_add(o, v->valuestring, strlen(v->valuestring));
    case cJSON_Number: {
        char buf[32];
        format_number(v->valuedouble, buf);
        return output_add(o, buf, strlen(buf)); /* digits need no escaping */
    }
    case cJSON_True:
        return output_add(o, "true", 4);
    case cJSON_False:
        return output_add(o, "false", 5);
    default: /* null, objects and lists interpolate as nothing */
        return true;
    }
}

static bool truthy(const cJSON *v)
{
    if (!v)
        return false;
    switch (v->type & 0xFF) {
    case cJSON_Invalid:
    case cJSON_False:
    case cJSON_NULL:
        return false;
    case cJSON_Array:
        return v->child != NULL;
    case cJSON_String:
        return v->valuestring && v->valuestring[0];
    default:
        return true;
    }
}

static const cJSON *member(const cJSON *obj, const char *key, size_t len)
{
    if ((obj->type & 0xFF) != cJSON_Object)
        return NULL;
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string && c->string[0] == key[0] && !strncmp(c->string, key, len) &&
            c->string[len] == '\0')
            return c;
    return NULL;
}

/* The first segment is looked up from the top of the context stack down;
 * the rest only inside what it found (a broken chain is a miss). */
static const cJSON *lookup(const struct renderer *r, const mustache_template *t,
                           const struct node *n)
{
    if (n->nparts == 0)
        return r->depth ? r->stack[r->depth - 1] : NULL;
    const struct name_part *part = &t->parts[n->first_part];
    const cJSON *v = NULL;
    for (size_t i = r->depth; i-- > 0 && !v;)
        v = member(r->stack[i], part[0].s, part[0].len);
    for (size_t k = 1; v && k < n->nparts; k++)
        v = member(v, part[k].s, part[k].len);
    return v;
}

static bool render_oom(struct renderer *r)
{
    error_set(r->err, "out of memory");
    return false;
}

static bool render_fail(struct renderer *r, const mustache_template *t, size_t offset,
                        const char *fmt, ...)
{
    error_clear(r->err);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
    va_end(ap);
    error_locate(r->err, t, t->src, offset);
    return false;
}

static bool render_nodes(struct renderer *r, const mustache_template *t, size_t begin,
                         size_t end);

static bool render_section(struct renderer *r, const mustache_template *t, size_t index)
{
    const struct node *n = &t->nodes[index];
    const cJSON *v = lookup(r, t, n);
    bool show = truthy(v);
    if (n->kind == NODE_INVERTED ? show : !show)
        return true;
    if (r->nesting >= MUSTACHE_MAX_DEPTH)
        return render_fail(r, t, n->offset, "sections and partials nested deeper than %d levels",
                           MUSTACHE_MAX_DEPTH);
    r->nesting++;
    bool ok = true;
    if (n->kind == NODE_INVERTED) {
        ok = render_nodes(r, t, index + 1, n->end);
    } else if ((v->type & 0xFF) == cJSON_Array) {
        r->depth++;
        for (const cJSON *item = v->child; item && ok; item = item->next) {
            r->stack[r->depth - 1] = item;
            ok = render_nodes(r, t, index + 1, n->end);
        }
        r->depth--;
    } else {
        r->stack[r->depth++] = v;
        ok = render_nodes(r, t, index + 1, n->end);
        r->depth--;
    }
    r->nesting--;
    return ok;
}

static bool render_partial(struct renderer *r, const mustache_template *t, const struct node *n)
{
    if (!r->partials)
        return true;
    const mustache_template *pt;
    if (!partial_get(r->partials, n->text, n->len, n->indent, n->indent_len, &pt, r->err))
        return false;
    if (!pt)
        return true;
    if (r->nesting >= MUSTACHE_MAX_DEPTH)
        return render_fail(r, t, n->offset,
                           "partial '%.*s' nested deeper than %d levels (does it include "
                           "itself without a condition?)",
                           (int)(n->len > 64 ? 64 : n->len), n->text, MUSTACHE_MAX_DEPTH);
    r->nesting++;
    bool ok = render_nodes(r, pt, 0, pt->nnodes);
    r->nesting--;
    return ok;
}

static bool render_nodes(struct renderer *r, const mustache_template *t, size_t begin,
                         size_t end)
{
    for (size_t i = begin; i < end; i++) {
        const struct node *n = &t->nodes[i];
        switch (n->kind) {
        case NODE_TEXT:
            if (!output_add(&r->out, n->text, n->len))
                return render_oom(r);
            break;
        case NODE_ESCAPED:
        case NODE_RAW:
            if (!output_value(&r->out, lookup(r, t, n), n->kind == NODE_ESCAPED))
                return render_oom(r);
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            if (!render_section(r, t, i))
                return false;
            i = n->end - 1;
            break;
        case NODE_PARTIAL:
            if (!render_partial(r, t, n))
                return false;
            break;
        }
    }
    return true;
}

char *mustache_render(const mustache_template *tmpl, const cJSON *data,
                      mustache_partials *partials, size_t *out_len, mustache_error *err)
{
    mustache_error scratch;
    if (!err)
        err = &scratch;
    if (out_len)
        *out_len = 0;
    if (!tmpl) {
        error_set(err, "no template");
        return NULL;
    }
    struct renderer *r = malloc(sizeof *r);
    if (!r) {
        error_set(err, "out of memory");
        return NULL;
    }
    r->out.data = NULL;
    r->out.len = r->out.cap = 0;
    r->depth = 0;
    r->nesting = 0;
    r->partials = partials;
    r->err = err;
    if (data)
        r->stack[r->depth++] = data;

    bool ok = output_reserve(&r->out, tmpl->src_len) || render_oom(r);
    ok = ok && render_nodes(r, tmpl, 0, tmpl->nnodes);
    char *result = NULL;
    if (ok) {
        result = r->out.data;
        result[r->out.len] = '\0';
        if (out_len)
            *out_len = r->out.len;
        error_clear(err);
    } else {
        free(r->out.data);
    }
    free(r);
    return result;
}

char *mustache_render_text(const char *text, size_t len, const cJSON *data,
                           mustache_partial_loader load, void *user, size_t *out_len,
                           mustache_error *err)
{
    mustache_error scratch;
    if (!err)
        err = &scratch;
    if (out_len)
        *out_len = 0;
    mustache_template *t = mustache_compile(text, len, err);
    if (!t)
        return NULL;
    mustache_partials *set = NULL;
    if (load && !(set = mustache_partials_new(load, user))) {
        mustache_free(t);
        error_set(err, "out of memory");
        return NULL;
    }
    char *out = mustache_render(t, data, set, out_len, err);
    mustache_partials_free(set);
    mustache_free(t);
    return out;
}
