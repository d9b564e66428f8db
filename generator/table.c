#include "table.h"

#include <ctype.h>
#include <string.h>

#include "strbuf.h"

/* How many lines a wrapped row head may spread over ("Message.N 是" /
 * "Array of" / "BatchContent"). */
enum { HEAD_MAX_LINES = 5 };

static bool is_ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

bool table_is_param_name(const char *s, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    size_t i = 0;
    while (i < len) {
        if (is_ident_char(s[i])) {
            i++;
        } else if ((s[i] == '.' || s[i] == '-') && i + 1 < len && is_ident_char(s[i + 1])) {
            i++;
        } else if (s[i] == ':' && i + 2 < len && s[i + 1] == ':' && is_ident_char(s[i + 2])) {
            i += 2;
        } else {
            return false;
        }
    }
    return true;
}

bool table_is_error_code(const char *s, size_t len)
{
    if (len == 0 || !isupper((unsigned char)s[0]))
        return false;
    bool part_start = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '.') {
            if (part_start)
                return false;
            part_start = true;
        } else if (is_ident_char(ch)) {
            part_start = false;
        } else {
            return false;
        }
    }
    return !part_start;
}

static bool is_ascii_word_char(unsigned char ch)
{
    return ch < 0x80 && (isalnum(ch) || ch == ')' || ch == ']' || ch == '"' || ch == '.' ||
                         ch == ',' || ch == ';' || ch == ':' || ch == '}' || ch == '%');
}

static bool wrap_needs_space(unsigned char last, unsigned char first)
{
    if (last == '-' || last == '/' || last == '_')
        return false;
    return is_ascii_word_char(last) && first < 0x80 && first && isalnum(first);
}

void table_append_wrapped(strbuf *b, const char *s, size_t len)
{
    if (b->len && len && wrap_needs_space((unsigned char)b->data[b->len - 1], (unsigned char)s[0]))
        strbuf_putc(b, ' ');
    strbuf_append(b, s, len);
}

char *table_join_wrapped(arena *a, const char *left, const char *right, size_t right_len)
{
    size_t ll = strlen(left);
    bool space = ll && right_len &&
                 wrap_needs_space((unsigned char)left[ll - 1], (unsigned char)right[0]);
    char *p = arena_alloc(a, ll + right_len + 2);
    memcpy(p, left, ll);
    size_t o = ll;
    if (space)
        p[o++] = ' ';
    memcpy(p + o, right, right_len);
    p[o + right_len] = '\0';
    return p;
}

/* A position in the table body: a line and a byte offset in it. */
typedef struct cursor {
    const table_context *c;
    size_t line, off, end, first;
} cursor;

static const doc_line *cur_line(const cursor *k) { return &k->c->doc->lines[k->line]; }

static void skip_spaces(cursor *k)
{
    const doc_line *l = cur_line(k);
    while (k->off < l->len && (l->text[k->off] == ' ' || l->text[k->off] == '\t'))
        k->off++;
}

static size_t next_content_line(const table_context *c, size_t i, size_t end)
{
    for (i++; i < end; i++)
        if (!doc_line_skip(c->doc, i))
            return i;
    return end;
}

/* The next token on the current line, without wrapping. */
static bool peek_here(cursor *k, const char **s, size_t *len)
{
    skip_spaces(k);
    const doc_line *l = cur_line(k);
    if (k->off >= l->len)
        return false;
    size_t e = k->off;
    while (e < l->len && l->text[e] != ' ' && l->text[e] != '\t')
        e++;
    *s = l->text + k->off;
    *len = e - k->off;
    return true;
}

/* The next token, moving to the next content line when this one is used
 * up. *saved receives the position to restore if the caller does not take
 * the token. */
static bool peek_wrapping(cursor *k, const char **s, size_t *len, cursor *saved)
{
    *saved = *k;
    if (peek_here(k, s, len))
        return true;
    size_t nl = next_content_line(k->c, k->line, k->end);
    if (nl >= k->end || nl - k->first >= HEAD_MAX_LINES * 3)
        return false;
    k->line = nl;
    k->off = 0;
    return peek_here(k, s, len);
}

static void take(cursor *k, size_t len) { k->off += len; }

static bool is_camel_type_name(const char *s, size_t len)
{
    if (!len || !isupper((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_ident_char(s[i]))
            return false;
    return true;
}

static bool known_struct(const table_context *c, const char *s, size_t len)
{
    return c->is_struct && c->is_struct(s, len, c->user);
}

/* A type word is acceptable as a struct name when the document names such
 * a struct, or when nothing Latin follows it on the line (so that an
 * English sentence "Message ID list." is not read as a row). */
static bool plausible_struct_type(cursor *k, const char *s, size_t len, bool required_seen)
{
    if (known_struct(k->c, s, len))
        return true;
    if (k->c->strict_types || !is_camel_type_name(s, len))
        return false;
    if (required_seen)
        return true;
    const doc_line *l = cur_line(k);
    size_t after = (size_t)(s - l->text) + len;
    while (after < l->len && l->text[after] == ' ')
        after++;
    return after >= l->len || (unsigned char)l->text[after] >= 0x80;
}

/* Reads the type cell. Returns false when the token is not a type. */
static bool read_type(cursor *k, table_row *row, bool required_seen, strbuf *type_text)
{
    const char *s;
    size_t len;
    cursor saved;
    if (!peek_wrapping(k, &s, &len, &saved))
        return false;
    if (vocab_array_word(s, len)) {
        take(k, len);
        strbuf_append(type_text, s, len);
        row->array = true;
        cursor before_of = *k;
        const char *o;
        size_t ol;
        cursor s2;
        if (peek_wrapping(k, &o, &ol, &s2) && ol == 2 && !memcmp(o, "of", 2)) {
            take(k, ol);
            const char *e;
            size_t el;
            cursor s3;
            if (!peek_wrapping(k, &e, &el, &s3))
                return false;
            strbuf_puts(type_text, " of ");
            strbuf_append(type_text, e, el);
            take(k, el);
            /* "Array of SendMessageProperties objects" */
            const char *w;
            size_t wl;
            if (peek_here(k, &w, &wl) && ((wl == 7 && !memcmp(w, "objects", 7)) ||
                                          (wl == 6 && !memcmp(w, "object", 6)))) {
                take(k, wl);
                strbuf_putc(type_text, ' ');
                strbuf_append(type_text, w, wl);
            }
            if (vocab_primitive_type(e, el, &row->type)) {
                if (row->type == IR_TYPE_OBJECT)
                    row->ref = NULL;
            } else if (is_camel_type_name(e, el) || known_struct(k->c, e, el)) {
                row->type = IR_TYPE_OBJECT;
                row->ref = arena_strndup(k->c->mem, e, el);
            } else {
                return false;
            }
            return true;
        }
        /* A bare "Array": element type not documented. */
        *k = before_of;
        row->type = IR_TYPE_STRING;
        row->ref = NULL;
        return true;
    }
    if (vocab_primitive_type(s, len, &row->type)) {
        take(k, len);
        strbuf_append(type_text, s, len);
        if (row->type == IR_TYPE_TIMESTAMP) {
            const char *x;
            size_t xl;
            if (peek_here(k, &x, &xl) && xl == 7 && !memcmp(x, "ISO8601", 7)) {
                take(k, xl);
                row->type = IR_TYPE_TIMESTAMP_ISO8601;
                strbuf_puts(type_text, " ISO8601");
            }
        }
        /* "JSON Array", "String Array": an array of the type before. */
        const char *x;
        size_t xl;
        if (peek_here(k, &x, &xl) && vocab_array_word(x, xl)) {
            take(k, xl);
            row->array = true;
            strbuf_putc(type_text, ' ');
            strbuf_append(type_text, x, xl);
        }
        return true;
    }
    if (plausible_struct_type(k, s, len, required_seen)) {
        take(k, len);
        strbuf_append(type_text, s, len);
        row->type = IR_TYPE_OBJECT;
        row->ref = arena_strndup(k->c->mem, s, len);
        return true;
    }
    *k = saved;
    return false;
}

static bool is_name_fragment(const char *s, size_t len)
{
    if (!len || !islower((unsigned char)s[0]) || s[len - 1] == '.')
        return false;
    /* legacy names keep their dots: "config::unclean.leader.el" / "ection.enable" */
    for (size_t i = 0; i < len; i++)
        if (!is_ident_char(s[i]) && s[i] != '.')
            return false;
    ir_type t;
    ir_tristate r;
    return !vocab_primitive_type(s, len, &t) && !vocab_required_word(s, len, &r) &&
           !vocab_array_word(s, len);
}

/* Whether line i consists of exactly one token; returns it. */
static bool single_token_line(const table_context *c, size_t i, const char **s, size_t *len)
{
    const doc_line *l = &c->doc->lines[i];
    if (!l->len || memchr(l->text, ' ', l->len))
        return false;
    *s = l->text;
    *len = l->len;
    return true;
}

static bool starts_with_cell_word(const table_context *c, size_t i)
{
    const doc_line *l = &c->doc->lines[i];
    size_t e = 0;
    while (e < l->len && l->text[e] != ' ')
        e++;
    ir_type t;
    ir_tristate r;
    return vocab_required_word(l->text, e, &r) || vocab_primitive_type(l->text, e, &t) ||
           vocab_array_word(l->text, e);
}

/* Tries to read a row head (name and the cells before the description)
 * at line i. On success fills row, sets desc_line and desc_off to where the
 * description starts, and returns true. */
static bool parse_head(const table_context *c, const table_header *h, size_t i, size_t end,
                       table_row *row, size_t *desc_line, size_t *desc_off)
{
    cursor k = {c, i, 0, end, i};
    const char *s;
    size_t len;
    if (!peek_here(&k, &s, &len) || !table_is_param_name(s, len))
        return false;
    strbuf name = STRBUF_INIT;
    strbuf_append(&name, s, len);
    take(&k, len);
    /* A name broken by the column layout: "minInsyncReplica" / "s" / "否 Int". */
    const char *tmp;
    size_t tl;
    if (!peek_here(&k, &tmp, &tl)) {
        for (int guard = 0; guard < 3; guard++) {
            size_t j = next_content_line(c, k.line, end);
            if (j >= end)
                break;
            const char *f;
            size_t fl;
            if (!single_token_line(c, j, &f, &fl) || !is_name_fragment(f, fl))
                break;
            size_t after = next_content_line(c, j, end);
            if (after >= end || !starts_with_cell_word(c, after))
                break;
            strbuf_append(&name, f, fl);
            k.line = j;
            k.off = fl;
        }
    }
    *row = (table_row){0};
    row->required = IR_UNKNOWN;
    row->line = c->doc->lines[i].no;
    strbuf type_text = STRBUF_INIT;
    bool required_seen = false, type_seen = table_header_find(h, COL_TYPE) < 0;
    int name_col = table_header_find(h, COL_NAME);
    for (int col = name_col + 1; col < h->n; col++) {
        col_role role = h->roles[col];
        if (role == COL_REQUIRED) {
            cursor saved;
            ir_tristate r;
            if (peek_wrapping(&k, &s, &len, &saved) && vocab_required_word(s, len, &r)) {
                take(&k, len);
                row->required = r;
                required_seen = true;
            } else {
                k = saved; /* empty cell */
            }
        } else if (role == COL_TYPE) {
            if (!read_type(&k, row, required_seen, &type_text))
                break;
            row->has_type = true;
            type_seen = true;
        } else {
            break; /* description and what follows it */
        }
    }
    bool ok = type_seen;
    if (ok) {
        row->name = arena_strndup(c->mem, name.data, name.len);
        row->type_text = row->has_type ? arena_strndup(c->mem, type_text.data, type_text.len) : NULL;
        skip_spaces(&k);
        *desc_line = k.line;
        *desc_off = k.off;
    }
    strbuf_free(&name);
    strbuf_free(&type_text);
    return ok;
}

static bool example_marker(const char *s, size_t len, size_t *skip)
{
    static const char *const markers[] = {"示例值：", "示例值:", "Example value:", "Example:",
                                          "Sample value:", "示例："};
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
        size_t ml = strlen(markers[i]);
        if (len >= ml && !memcmp(s, markers[i], ml)) {
            *skip = ml;
            while (*skip < len && s[*skip] == ' ')
                (*skip)++;
            return true;
        }
    }
    return false;
}

typedef struct row_text {
    strbuf desc, example;
    bool in_example;
} row_text;

static void row_text_add(const table_context *c, row_text *t, const char *s, size_t len)
{
    size_t skip;
    if (example_marker(s, len, &skip)) {
        t->in_example = true;
        strbuf_reset(&t->example);
        strbuf_append(&t->example, s + skip, len - skip);
        return;
    }
    (void)c;
    if (t->in_example)
        strbuf_append(&t->example, s, len); /* examples wrap mid-token: join as is */
    else
        table_append_wrapped(&t->desc, s, len);
}

static void row_finish(const table_context *c, table_row *row, row_text *t, table_rows *out)
{
    row->description = arena_strndup(c->mem, t->desc.data ? t->desc.data : "", t->desc.len);
    row->example = t->example.data ? arena_strndup(c->mem, t->example.data, t->example.len) : NULL;
    *ARENA_PUSH(c->mem, out->items, out->n, out->cap) = *row;
    strbuf_reset(&t->desc);
    strbuf_reset(&t->example);
    t->in_example = false;
}

size_t table_read_params(const table_context *c, const table_header *h, size_t begin, size_t end,
                         table_rows *out)
{
    size_t before = out->n;
    row_text t = {STRBUF_INIT, STRBUF_INIT, false};
    table_row row;
    bool have_row = false;
    for (size_t i = begin; i < end; i++) {
        if (doc_line_skip(c->doc, i))
            continue;
        const doc_line *l = &c->doc->lines[i];
        table_header again;
        if (vocab_match_header(l->text, l->len, &again))
            continue; /* the header repeated after a page break */
        table_row next;
        size_t dl, doff;
        if (parse_head(c, h, i, end, &next, &dl, &doff)) {
            if (have_row)
                row_finish(c, &row, &t, out);
            row = next;
            have_row = true;
            const doc_line *d = &c->doc->lines[dl];
            if (doff < d->len)
                row_text_add(c, &t, d->text + doff, d->len - doff);
            i = dl;
            continue;
        }
        if (!have_row) {
            diag_add(c->diags, DIAG_WARNING, c->doc->path, l->no,
                     "table row expected (a parameter name then its cells), found '%.*s'",
                     (int)(l->len > 60 ? 60 : l->len), l->text);
            continue;
        }
        row_text_add(c, &t, l->text, l->len);
    }
    if (have_row)
        row_finish(c, &row, &t, out);
    strbuf_free(&t.desc);
    strbuf_free(&t.example);
    return out->n - before;
}

size_t table_read_codes(const table_context *c, const table_header *h, size_t begin, size_t end,
                        table_rows *out)
{
    size_t before = out->n;
    int status_col = table_header_find(h, COL_HTTP_STATUS);
    int code_col = table_header_find(h, COL_CODE);
    row_text t = {STRBUF_INIT, STRBUF_INIT, false};
    table_row row;
    bool have_row = false;
    for (size_t i = begin; i < end; i++) {
        if (doc_line_skip(c->doc, i))
            continue;
        const doc_line *l = &c->doc->lines[i];
        table_header again;
        if (vocab_match_header(l->text, l->len, &again))
            continue;
        cursor k = {c, i, 0, end, i};
        const char *s;
        size_t len;
        const char *status = NULL;
        size_t status_len = 0;
        bool head = false;
        if (status_col >= 0 && status_col < code_col && peek_here(&k, &s, &len) && len == 3 &&
            isdigit((unsigned char)s[0])) {
            status = s;
            status_len = len;
            take(&k, len);
        }
        if (peek_here(&k, &s, &len) && table_is_error_code(s, len)) {
            head = true;
            take(&k, len);
        }
        if (!head) {
            if (have_row)
                row_text_add(c, &t, l->text, l->len);
            else
                diag_add(c->diags, DIAG_WARNING, c->doc->path, l->no,
                         "error code row expected (CODE description), found '%.*s'",
                         (int)(l->len > 60 ? 60 : l->len), l->text);
            continue;
        }
        if (have_row)
            row_finish(c, &row, &t, out);
        row = (table_row){0};
        row.name = arena_strndup(c->mem, s, len);
        row.required = IR_UNKNOWN;
        row.line = l->no;
        have_row = true;
        const char *x;
        size_t xl;
        if (status_col > code_col && peek_here(&k, &x, &xl) && xl == 3 &&
            isdigit((unsigned char)x[0])) {
            status = x;
            status_len = xl;
            take(&k, xl);
        }
        skip_spaces(&k);
        if (k.off < l->len)
            row_text_add(c, &t, l->text + k.off, l->len - k.off);
        if (status) {
            /* stored after finish: keep it in the example slot */
            strbuf_reset(&t.example);
            strbuf_append(&t.example, status, status_len);
        }
    }
    if (have_row)
        row_finish(c, &row, &t, out);
    strbuf_free(&t.desc);
    strbuf_free(&t.example);
    return out->n - before;
}
