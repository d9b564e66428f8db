#include "cells.h"

#include <ctype.h>
#include <string.h>

#include "strbuf.h"

bool cells_is_pipe_line(const doc_line *l)
{
    return !l->furniture && l->len && l->text[0] == '|';
}

col_role cells_header_role(const char *cell)
{
    return vocab_header_word(cell, strlen(cell));
}

static size_t count_pipes(const doc_line *l);
static void split_row(arena *a, const char *text, size_t len, cell_row *row);

static bool is_separator_cell(const char *c)
{
    size_t n = strlen(c);
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (c[i] != '-' && c[i] != ':')
            return false;
    return true;
}

/* Counts the unescaped pipes of a line. */
static size_t count_pipes(const doc_line *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (l->text[i] == '\\' && i + 1 < l->len)
            i++;
        else if (l->text[i] == '|')
            n++;
    }
    return n;
}

/* Splits one row's text ("| a | b |", lines joined) into trimmed cells. */
static void split_row(arena *a, const char *text, size_t len, cell_row *row)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\n'))
        i++;
    if (i < len && text[i] == '|')
        i++;
    strbuf cell = STRBUF_INIT;
    bool open = false;
    for (; i <= len; i++) {
        bool at_end = i == len;
        if (!at_end && text[i] == '\\' && i + 1 < len && text[i + 1] == '|') {
            strbuf_putc(&cell, '|');
            i++;
            open = true;
            continue;
        }
        if (at_end || text[i] == '|') {
            /* The piece after the last pipe is a cell only when it has text. */
            const char *c = cell.data ? cell.data : "";
            size_t cl = cell.len, b = 0;
            while (b < cl && (c[b] == ' ' || c[b] == '\n'))
                b++;
            while (cl > b && (c[cl - 1] == ' ' || c[cl - 1] == '\n'))
                cl--;
            if (!at_end || cl > b || (open && !at_end))
                *ARENA_PUSH(a, row->cells, row->n, row->cap) = arena_strndup(a, c + b, cl - b);
            strbuf_reset(&cell);
            open = false;
            continue;
        }
        if (text[i] == '\n') {
            /* A line break inside a cell: wrapped text. */
            if (cell.len && cell.data[cell.len - 1] != ' ')
                strbuf_putc(&cell, ' ');
            continue;
        }
        strbuf_putc(&cell, text[i]);
        open = true;
    }
    strbuf_free(&cell);
}

static bool is_separator_line(const doc_line *l)
{
    bool dash = false;
    for (size_t i = 0; i < l->len; i++) {
        char c = l->text[i];
        if (c == '-')
            dash = true;
        else if (c != '|' && c != ':' && c != ' ')
            return false;
    }
    return dash && memchr(l->text, '|', l->len);
}

bool cells_table_starts(const doc_text *doc, size_t i)
{
    const doc_line *l = &doc->lines[i];
    if (cells_is_pipe_line(l))
        return true;
    if (l->furniture || !l->len || !memchr(l->text, '|', l->len))
        return false;
    /* "a | b | c" over a "---|---|---" line: a table without outer pipes. */
    for (size_t k = i + 1; k < doc->n; k++)
        if (!doc_line_skip(doc, k))
            return is_separator_line(&doc->lines[k]);
    return false;
}

/* GFM tables: one row per line, ending at the first line without a pipe. */
static void read_row_per_line(const doc_text *doc, arena *a, size_t i, size_t end, cell_table *t,
                              size_t *next)
{
    size_t k = i;
    bool first = true;
    for (; k < end; k++) {
        const doc_line *l = &doc->lines[k];
        if (l->furniture || !l->len)
            continue;
        if (!memchr(l->text, '|', l->len))
            break;
        if (is_separator_line(l))
            continue;
        cell_row r = {0};
        r.line = l->no;
        r.index = k;
        split_row(a, l->text, l->len, &r);
        if (first) {
            t->header_cells = r.cells;
            t->n_header_cells = r.n;
            first = false;
        } else {
            *ARENA_PUSH(a, t->rows, t->n, t->cap) = r;
        }
    }
    *next = k;
}

static void assign_roles(cell_table *t);

void cells_read_pipe_table(const doc_text *doc, arena *a, size_t i, size_t end, cell_table *t,
                           size_t *next)
{
    memset(t, 0, sizeof *t);
    t->line = doc->lines[i].no;
    const doc_line *head = &doc->lines[i];
    if (head->text[0] != '|' || count_pipes(head) >= 2) {
        read_row_per_line(doc, a, i, end, t, next);
        assign_roles(t);
        return;
    }
    memset(t, 0, sizeof *t);
    t->line = doc->lines[i].no;
    strbuf row = STRBUF_INIT;
    int row_line = 0;
    size_t row_index = i;
    size_t ncols = 0;   /* known once the first row is complete */
    size_t closed = 0;  /* cells closed in the current row */
    bool have_row = false, first = true, prev_ended_with_pipe = false;
    size_t k = i;
    for (; k <= end; k++) {
        const doc_line *l = k < end ? &doc->lines[k] : NULL;
        if (l && (l->furniture || !l->len))
            continue;
        bool starts = l && l->text[0] == '|';
        /* Prose after the table ends it: after a complete row, or after a
         * row that lacks only its last (empty) cell. */
        bool ends_table =
            !l || (!starts && have_row && ncols &&
                   (closed >= ncols ||
                    (closed + 1 >= ncols && prev_ended_with_pipe && !memchr(l->text, '|', l->len))));
        if (!l || starts || ends_table) {
            if (have_row) {
                cell_row r = {0};
                r.line = row_line;
                r.index = row_index;
                split_row(a, row.data ? row.data : "", row.len, &r);
                bool separator = r.n > 0;
                for (size_t c = 0; c < r.n; c++)
                    separator &= is_separator_cell(r.cells[c]);
                if (first) {
                    t->header_cells = r.cells;
                    t->n_header_cells = r.n;
                    ncols = r.n;
                    first = false;
                } else if (separator && t->n > 0) {
                    /* A separator under a data row: that row was the header
                     * of the next table, which follows with no text between. */
                    t->n--;
                    k = t->rows[t->n].index;
                    break;
                } else if (!separator) {
                    *ARENA_PUSH(a, t->rows, t->n, t->cap) = r;
                }
            }
            strbuf_reset(&row);
            have_row = false;
            closed = 0;
            if (ends_table)
                break;
        }
        if (!have_row) {
            row_line = l->no;
            row_index = k;
            have_row = true;
        } else {
            strbuf_putc(&row, '\n');
        }
        strbuf_append(&row, l->text, l->len);
        prev_ended_with_pipe = l->text[l->len - 1] == '|';
        size_t pipes = count_pipes(l);
        /* The row's leading pipe opens, every later one closes a cell. */
        closed += starts ? (pipes ? pipes - 1 : 0) : pipes;
    }
    *next = k;
    strbuf_free(&row);
    assign_roles(t);
}

/* Roles of the header cells; header.n stays 0 when one is unknown. */
static void assign_roles(cell_table *t)
{
    t->header.n = 0;
    bool named = false;
    for (size_t c = 0; c < t->n_header_cells && t->header.n < TABLE_MAX_COLUMNS; c++) {
        col_role role = cells_header_role(t->header_cells[c]);
        if (role == COL_NONE) {
            t->header.n = 0;
            return;
        }
        /* A second description-like column ("Error message" + "Description") adds to the first. */
        t->header.roles[t->header.n++] = role;
        named |= role == COL_NAME || role == COL_CODE;
    }
    if (!named)
        t->header.n = 0;
}

bool cells_spread_header(const doc_text *doc, size_t i, size_t end, table_header *h, size_t *body)
{
    h->n = 0;
    size_t k = i;
    bool named = false;
    for (; k < end && h->n < TABLE_MAX_COLUMNS; k++) {
        const doc_line *l = &doc->lines[k];
        if (l->furniture || !l->len)
            continue;
        col_role role = vocab_header_word(l->text, l->len);
        /* A role seen already starts the body (a parameter called "name"). */
        if (role == COL_NONE || table_header_find(h, role) >= 0)
            break;
        if (h->n == 0 && role != COL_NAME && role != COL_CODE)
            return false;
        h->roles[h->n++] = role;
        named |= role == COL_NAME || role == COL_CODE;
    }
    if (!named || h->n < 2)
        return false;
    *body = k;
    return true;
}

static const char *cell_of(const cell_table *t, const cell_row *r, col_role role, int nth)
{
    for (int c = 0; c < t->header.n && (size_t)c < r->n; c++)
        if (t->header.roles[c] == role && nth-- == 0)
            return r->cells[c];
    return NULL;
}

bool table_parse_type_text(const table_context *c, const char *text, table_row *row)
{
    /* Tokens of the type text. */
    const char *tok[8];
    size_t len[8], n = 0;
    const char *p = text;
    while (*p && n < 8) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        tok[n] = s;
        len[n] = (size_t)(p - s);
        n++;
    }
    if (!n)
        return false;
    row->array = false;
    row->ref = NULL;
    size_t k = 0;
    /* "List<String>", "Array<Foo>", "String[]" */
    if (n == 1) {
        const char *lt = memchr(tok[0], '<', len[0]);
        if (lt && tok[0][len[0] - 1] == '>' && vocab_array_word(tok[0], (size_t)(lt - tok[0]))) {
            const char *close = tok[0] + len[0] - 1;
            row->array = true;
            tok[0] = lt + 1;
            len[0] = (size_t)(close - tok[0]);
            if (!len[0])
                return false;
        } else if (len[0] > 2 && !memcmp(tok[0] + len[0] - 2, "[]", 2)) {
            row->array = true;
            len[0] -= 2;
        }
    }
    if (vocab_array_word(tok[k], len[k])) {
        row->array = true;
        k++;
        if (k < n && len[k] == 2 && !memcmp(tok[k], "of", 2))
            k++;
        if (k >= n) { /* a bare "Array": element type not documented */
            row->type = IR_TYPE_STRING;
            return true;
        }
    }
    const char *e = tok[k];
    size_t el = len[k];
    if (vocab_primitive_type(e, el, &row->type)) {
        if (row->type == IR_TYPE_TIMESTAMP && k + 1 < n && len[k + 1] == 7 &&
            !memcmp(tok[k + 1], "ISO8601", 7))
            row->type = IR_TYPE_TIMESTAMP_ISO8601;
        else if (k + 1 < n && vocab_array_word(tok[k + 1], len[k + 1]))
            row->array = true; /* "JSON Array", "String Array" */
        return true;
    }
    bool struct_name = isalpha((unsigned char)e[0]);
    for (size_t i = 0; i < el && struct_name; i++)
        struct_name = isalnum((unsigned char)e[i]) || e[i] == '_';
    if (!struct_name)
        return false;
    (void)c;
    row->type = IR_TYPE_OBJECT;
    row->ref = arena_strndup(c->mem, e, el);
    return true;
}

size_t cells_to_params(const table_context *c, const cell_table *t, table_rows *out)
{
    size_t before = out->n;
    for (size_t i = 0; i < t->n; i++) {
        const cell_row *r = &t->rows[i];
        const char *name = cell_of(t, r, COL_NAME, 0);
        if (!name || !*name)
            continue;
        /* Nested fields drawn as a tree: "└ Name", "└└ Name", "├─ Name". */
        static const char *const glyphs[] = {"└", "├", "│", "─", "－", "—"};
        int depth = 0;
        for (bool more = true; more;) {
            more = false;
            for (size_t g = 0; g < sizeof glyphs / sizeof *glyphs; g++) {
                size_t gl = strlen(glyphs[g]);
                if (!strncmp(name, glyphs[g], gl)) {
                    name += gl;
                    if (!strcmp(glyphs[g], "└") || !strcmp(glyphs[g], "├"))
                        depth++;
                    more = true;
                }
            }
            while (*name == ' ' || *name == '-')
                more = true, name++;
        }
        if (!*name)
            continue;
        /* The root row of a response table ("| object | | |"): the
         * envelope itself, not a field. */
        const char *type_cell = cell_of(t, r, COL_TYPE, 0);
        ir_type root_type;
        if (vocab_primitive_type(name, strlen(name), &root_type) && (!type_cell || !*type_cell))
            continue;
        table_row row = {0};
        row.line = r->line;
        row.required = IR_UNKNOWN;
        row.type = IR_TYPE_STRING;
        if (!table_is_param_name(name, strlen(name))) {
            diag_add(c->diags, DIAG_WARNING, c->doc->path, r->line,
                     "parameter name expected in the first column, found '%.40s': row skipped",
                     name);
            continue;
        }
        row.name = name;
        row.depth = depth;
        const char *type = cell_of(t, r, COL_TYPE, 0);
        if (type && *type) {
            row.type_text = type;
            if (table_parse_type_text(c, type, &row)) {
                row.has_type = true;
            } else {
                diag_add(c->diags, DIAG_WARNING, c->doc->path, r->line,
                         "%s: unreadable type '%.40s', read as string", name, type);
                row.type = IR_TYPE_STRING;
            }
        }
        const char *req = cell_of(t, r, COL_REQUIRED, 0);
        if (req && *req && !vocab_required_word(req, strlen(req), &row.required))
            diag_add(c->diags, DIAG_WARNING, c->doc->path, r->line,
                     "%s: required cell '%.20s' is neither yes nor no: recorded as unknown", name,
                     req);
        const char *desc = cell_of(t, r, COL_DESCRIPTION, 0);
        const char *desc2 = cell_of(t, r, COL_DESCRIPTION, 1);
        if (desc && desc2 && *desc2)
            row.description = arena_printf(c->mem, "%s %s", desc, desc2);
        else
            row.description = desc ? desc : "";
        const char *ex = cell_of(t, r, COL_EXAMPLE, 0);
        row.example = ex && *ex ? ex : NULL;
        /* "描述 ... 示例值：x" in one cell (HTML pages): the example's own line
         * in text dumps. */
        static const char *const markers[] = {"示例值：", "示例值:", "Example value:", "Example:"};
        for (size_t m = 0; m < sizeof markers / sizeof *markers && !row.example; m++) {
            const char *at = strstr(row.description, markers[m]);
            if (!at)
                continue;
            const char *v = at + strlen(markers[m]);
            while (*v == ' ')
                v++;
            row.example = arena_strdup(c->mem, v);
            size_t dl = (size_t)(at - row.description);
            while (dl && row.description[dl - 1] == ' ')
                dl--;
            row.description = arena_strndup(c->mem, row.description, dl);
        }
        *ARENA_PUSH(c->mem, out->items, out->n, out->cap) = row;
    }
    return out->n - before;
}

/* Converts an error table of cells into code rows (status in `example`). */
size_t cells_to_codes(const table_context *c, const cell_table *t, table_rows *out)
{
    size_t before = out->n;
    int code = table_header_find(&t->header, COL_CODE);
    int status = table_header_find(&t->header, COL_HTTP_STATUS);
    for (size_t i = 0; i < t->n; i++) {
        const cell_row *row = &t->rows[i];
        if (code < 0 || (size_t)code >= row->n || !*row->cells[code])
            continue;
        table_row tr = {0};
        tr.name = row->cells[code];
        tr.line = row->line;
        tr.required = IR_UNKNOWN;
        strbuf d = STRBUF_INIT;
        for (int c = 0; c < t->header.n && (size_t)c < row->n; c++)
            if (t->header.roles[c] == COL_DESCRIPTION && *row->cells[c]) {
                if (d.len)
                    strbuf_putc(&d, ' ');
                strbuf_puts(&d, row->cells[c]);
            }
        tr.description = arena_strndup(c->mem, d.data ? d.data : "", d.len);
        strbuf_free(&d);
        tr.example = status >= 0 && (size_t)status < row->n ? row->cells[status] : NULL;
        *ARENA_PUSH(c->mem, out->items, out->n, out->cap) = tr;
    }
    return out->n - before;
}
