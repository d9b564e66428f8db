/* The table reader: turns the rows of a documentation table, as a text
 * dump leaves them (cells wrapped across lines, names broken by column
 * layout, descriptions over several lines, repeated headers after page
 * breaks), into one record per row.
 *
 * Ownership: rows and their strings live in the caller's arena. */
#ifndef DOCBIND_TABLE_H
#define DOCBIND_TABLE_H

#include "arena.h"
#include "diag.h"
#include "doc_text.h"
#include "ir.h"
#include "strbuf.h"
#include "vocab.h"

typedef struct table_row {
    const char *name; /* as written, "Message.N" included */
    bool has_type;
    ir_type type;
    bool array;
    const char *ref;       /* object type name, or NULL */
    const char *type_text; /* the type as written, normalised to single spaces */
    ir_tristate required;  /* IR_UNKNOWN when the table has no such column or the cell is empty */
    const char *description; /* never NULL */
    const char *example;     /* NULL when the row has none */
    int depth;               /* nesting of tree-marked rows ("└ Name"): 0 at top level */
    int line;
} table_row;

typedef struct table_rows {
    table_row *items;
    size_t n, cap;
} table_rows;

typedef bool (*table_type_oracle)(const char *name, size_t len, void *user);

typedef struct table_context {
    const doc_text *doc;
    arena *mem;
    diag_list *diags;
    /* Says whether a word names a data structure of the document; lets the
     * reader accept "Result DescribeTopicResp" as a row. May be NULL. */
    table_type_oracle is_struct;
    void *user;
    /* When the document has a catalogue of its structures, only names in
     * it are types; otherwise any CamelCase word in the type cell is. */
    bool strict_types;
} table_context;

/* Reads the parameter rows in lines [begin, end) of a table with header h.
 * Lines that repeat the header (page breaks) are skipped. Appends to out.
 * Returns the number of rows read. */
size_t table_read_params(const table_context *c, const table_header *h, size_t begin, size_t end,
                         table_rows *out);

/* Reads "CODE description" rows (error code tables) in [begin, end).
 * The row's name is the code, type fields unset. If the header has an HTTP
 * status column, its value is in row->example. */
size_t table_read_codes(const table_context *c, const table_header *h, size_t begin, size_t end,
                        table_rows *out);

/* True for a parameter name as written in tables: ASCII identifier parts
 * joined by '.' or '::' (Message.N, parent::child, a.b.c). */
bool table_is_param_name(const char *s, size_t len);

/* True for an error code: CamelCase parts joined by '.'. */
bool table_is_error_code(const char *s, size_t len);

/* Joins two pieces of wrapped text the way a reader would: no space inside
 * CJK text or after a hyphen, a space between Latin words. */
char *table_join_wrapped(arena *a, const char *left, const char *right, size_t right_len);
/* The same, appending to a buffer. */
void table_append_wrapped(strbuf *b, const char *s, size_t len);

#endif
