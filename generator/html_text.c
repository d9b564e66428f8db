#include "html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

bool html_sniff(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i >= len || data[i] != '<')
        return false;
    size_t n = len - i < 1024 ? len - i : 1024;
    static const char *const marks[] = {"<!doctype html", "<html", "<head", "<body", "<table",
                                        "<div", "<h1", "<p>"};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        size_t ml = strlen(marks[m]);
        for (size_t k = i; k + ml <= i + n; k++)
            if (!strncasecmp(data + k, marks[m], ml))
                return true;
    }
    return false;
}

/* The text being built, with the source line of each output line. */
typedef struct html_out {
    strbuf text;
    int *line_of; /* per output line */
    size_t n_lines, cap_lines;
    int current_line;
    bool failed;
} html_out;

static void out_line_start(html_out *o, int line)
{
    if (o->n_lines == o->cap_lines) {
        size_t cap = o->cap_lines ? o->cap_lines * 2 : 256;
        int *nl = realloc(o->line_of, cap * sizeof *nl);
        if (!nl) {
            o->failed = true;
            return;
        }
        o->line_of = nl;
        o->cap_lines = cap;
    }
    o->line_of[o->n_lines++] = line;
}

/* Ends the current line if it has text. */
static void out_break(html_out *o)
{
    if (o->text.len && o->text.data[o->text.len - 1] != '\n')
        strbuf_putc(&o->text, '\n');
}

static void out_text(html_out *o, const char *s, size_t len, int line)
{
    if (!len)
        return;
    if (!o->text.len || o->text.data[o->text.len - 1] == '\n')
        out_line_start(o, line);
    strbuf_append(&o->text, s, len);
}

static bool is_tag(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static bool is_block(const xmlNode *n)
{
    static const char *const blocks[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li",
                                         "ul", "ol", "section", "article", "header", "dl", "dt",
                                         "dd", "blockquote", "table", "pre", "tr", "caption",
                                         "br", "hr", "main", "figure", "figcaption"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (is_tag(n, blocks[i]))
            return true;
    return false;
}

static bool is_skipped(const xmlNode *n)
{
    static const char *const skipped[] = {"script", "style", "nav", "noscript", "template",
                                          "svg", "button", "footer", "iframe", "head"};
    for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
        if (is_tag(n, skipped[i]))
            return true;
    return false;
}

/* Inline text of a subtree with runs of white space folded to one space. */
static void collect_inline(const xmlNode *n, strbuf *b)
{
    for (const xmlNode *c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            for (; s && *s; s++) {
                bool space = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
                if (space) {
                    if (b->len && b->data[b->len - 1] != ' ')
                        strbuf_putc(b, ' ');
                } else {
                    strbuf_putc(b, *s);
                }
            }
        } else if (c->type == XML_ELEMENT_NODE && !is_skipped(c)) {
            if (is_tag(c, "br") || is_tag(c, "p") || is_tag(c, "li") || is_tag(c, "div")) {
                if (b->len && b->data[b->len - 1] != ' ')
                    strbuf_putc(b, ' ');
            }
            collect_inline(c->children, b);
            if ((is_tag(c, "p") || is_tag(c, "li") || is_tag(c, "div")) && b->len &&
                b->data[b->len - 1] != ' ')
                strbuf_putc(b, ' ');
        }
    }
}

static void trim(strbuf *b, const char **s, size_t *len)
{
    const char *p = b->data ? b->data : "";
    size_t n = b->len;
    while (n && (*p == ' '))
        p++, n--;
    while (n && p[n - 1] == ' ')
        n--;
    *s = p;
    *len = n;
}

static void emit_table(html_out *o, const xmlNode *table);

static void walk(html_out *o, const xmlNode *n);

static void emit_pre(html_out *o, const xmlNode *pre)
{
    xmlChar *content = xmlNodeGetContent(pre);
    if (!content)
        return;
    int line = (int)xmlGetLineNo(pre);
    out_break(o);
    const char *s = (const char *)content;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        size_t b = 0;
        while (b < l && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
            b++;
        size_t t = l;
        while (t > b && (s[t - 1] == ' ' || s[t - 1] == '\r' || s[t - 1] == '\t'))
            t--;
        if (t > b) {
            out_text(o, s + b, t - b, line);
            out_break(o);
        }
        line++;
        s = e ? e + 1 : s + l;
    }
    xmlFree(content);
}

static void emit_row(html_out *o, const xmlNode *tr, bool *header_done)
{
    strbuf row = STRBUF_INIT;
    bool all_th = true;
    size_t cells = 0;
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (!is_tag(c, "td") && !is_tag(c, "th"))
            continue;
        all_th &= is_tag(c, "th");
        strbuf cell = STRBUF_INIT;
        collect_inline(c->children, &cell);
        const char *s;
        size_t len;
        trim(&cell, &s, &len);
        strbuf_puts(&row, cells ? " " : "| ");
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '|')
                strbuf_putc(&row, '\\');
            strbuf_putc(&row, s[i]);
        }
        strbuf_puts(&row, " |");
        strbuf_free(&cell);
        cells++;
        long span = 1;
        xmlChar *colspan = xmlGetProp(c, (const xmlChar *)"colspan");
        if (colspan) {
            span = strtol((const char *)colspan, NULL, 10);
            xmlFree(colspan);
        }
        for (long k = 1; k < span && k < 16; k++)
            strbuf_puts(&row, "  |");
    }
    if (cells) {
        out_break(o);
        out_text(o, row.data, row.len, (int)xmlGetLineNo(tr));
        out_break(o);
        if (!*header_done) {
            *header_done = true;
            if (all_th) {
                strbuf sep = STRBUF_INIT;
                strbuf_puts(&sep, "|");
                for (size_t i = 0; i < cells; i++)
                    strbuf_puts(&sep, "---|");
                out_text(o, sep.data, sep.len, (int)xmlGetLineNo(tr));
                out_break(o);
                strbuf_free(&sep);
            }
        }
    }
    strbuf_free(&row);
}

static void emit_rows(html_out *o, const xmlNode *n, bool *header_done)
{
    for (const xmlNode *c = n; c; c = c->next) {
        if (is_tag(c, "tr"))
            emit_row(o, c, header_done);
        else if (is_tag(c, "thead") || is_tag(c, "tbody") || is_tag(c, "tfoot"))
            emit_rows(o, c->children, header_done);
    }
}

static void emit_table(html_out *o, const xmlNode *table)
{
    out_break(o);
    for (const xmlNode *c = table->children; c; c = c->next)
        if (is_tag(c, "caption")) {
            strbuf cap = STRBUF_INIT;
            collect_inline(c->children, &cap);
            const char *s;
            size_t len;
            trim(&cap, &s, &len);
            out_text(o, s, len, (int)xmlGetLineNo(c));
            out_break(o);
            strbuf_free(&cap);
        }
    bool header_done = false;
    emit_rows(o, table->children, &header_done);
}

static void walk(html_out *o, const xmlNode *n)
{
    for (const xmlNode *c = n; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (is_skipped(c))
                continue;
            if (is_tag(c, "table")) {
                emit_table(o, c);
                continue;
            }
            if (is_tag(c, "pre")) {
                emit_pre(o, c);
                continue;
            }
            bool block = is_block(c);
            if (block)
                out_break(o);
            if (block && !is_tag(c, "ul") && !is_tag(c, "ol") && !is_tag(c, "div") &&
                !is_tag(c, "section") && !is_tag(c, "article") && !is_tag(c, "main") &&
                !is_tag(c, "header") && !is_tag(c, "dl") && !is_tag(c, "figure")) {
                /* A leaf block: its text is one line. */
                bool has_block_child = false;
                for (const xmlNode *k = c->children; k; k = k->next)
                    has_block_child |= is_block(k) && !is_tag(k, "br");
                if (!has_block_child) {
                    strbuf line = STRBUF_INIT;
                    collect_inline(c->children, &line);
                    const char *s;
                    size_t len;
                    trim(&line, &s, &len);
                    out_text(o, s, len, (int)xmlGetLineNo(c));
                    out_break(o);
                    strbuf_free(&line);
                    continue;
                }
            }
            walk(o, c->children);
            if (block)
                out_break(o);
        } else if (c->type == XML_TEXT_NODE) {
            strbuf t = STRBUF_INIT;
            xmlNode single = *c; /* this text node alone, not its siblings */
            single.next = NULL;
            collect_inline(&single, &t);
            const char *s;
            size_t len;
            trim(&t, &s, &len);
            /* Loose text between blocks */
            if (len) {
                if (o->text.len && o->text.data[o->text.len - 1] != '\n')
                    strbuf_putc(&o->text, ' ');
                out_text(o, s, len, (int)xmlGetLineNo(c->parent ? c->parent : c));
            }
            strbuf_free(&t);
        }
    }
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int doc_text_from_html(doc_text *doc, const char *label, const char *data, size_t len,
                       diag_list *d)
{
    *doc = (doc_text)DOC_TEXT_INIT;
    if (len > INT32_MAX) {
        diag_add(d, DIAG_ERROR, label, 0, "HTML document too large");
        return -1;
    }
    xmlSetGenericErrorFunc(NULL, silent);
    htmlDocPtr html = htmlReadMemory(data, (int)len, label, "UTF-8",
                                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                         HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!html) {
        diag_add(d, DIAG_ERROR, label, 0, "unreadable HTML: the parser gave up");
        return -1;
    }
    html_out o = {STRBUF_INIT, NULL, 0, 0, 0, false};
    walk(&o, xmlDocGetRootElement(html));
    xmlFreeDoc(html);
    out_break(&o);
    if (o.failed) {
        strbuf_free(&o.text);
        free(o.line_of);
        diag_add(d, DIAG_ERROR, label, 0, "out of memory");
        return -1;
    }
    if (!o.text.len) {
        strbuf_free(&o.text);
        free(o.line_of);
        diag_add(d, DIAG_ERROR, label, 0, "HTML page without text: expected an API reference page");
        return -1;
    }
    int rc = doc_text_from_memory(doc, label, o.text.data, o.text.len, d);
    if (rc == 0) {
        /* Give each line the HTML line it came from. */
        for (size_t i = 0; i < doc->n && i < o.n_lines; i++)
            if (o.line_of[i] > 0)
                doc->lines[i].no = o.line_of[i];
    }
    strbuf_free(&o.text);
    free(o.line_of);
    return rc;
}
