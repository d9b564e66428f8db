/* Tables whose cells are delimited: GFM pipe tables ("| a | b |", with
 * each row on one line or one cell per line) and tables read from HTML.
 * They become rows of cell strings; cells_to_params turns those into the
 * same table_row records the free-text reader produces, so every table
 * form feeds the IR the same way.
 *
 * Ownership: rows and cells live in the caller's arena. */
#ifndef DOCBIND_CELLS_H
#define DOCBIND_CELLS_H

#include "table.h"

typedef struct cell_row {
    const char **cells;
    size_t n, cap;
    int line;     /* source line, for diagnostics */
    size_t index; /* index of the row's first line in the document */
} cell_row;

typedef struct cell_table {
    table_header header; /* n == 0: the first row is not a known header */
    const char **header_cells;
    size_t n_header_cells;
    cell_row *rows;
    size_t n, cap;
    int line; /* the header's line */
} cell_table;

/* True when line i starts a pipe table. */
bool cells_is_pipe_line(const doc_line *l);

/* True when a pipe table starts at line i: a line opening with '|', or
 * "a | b" over a "---|---" separator (a GFM table without outer pipes). */
bool cells_table_starts(const doc_text *doc, size_t i);

/* Reads the pipe table starting at line i (which cells_table_starts
 * accepted) up to `end`; *next is the first line after it. A header on one
 * line means one row per line; a header spread one cell per line ("|" /
 * "Parameter |" / "Type |") means rows spread the same way. */
void cells_read_pipe_table(const doc_text *doc, arena *a, size_t i, size_t end, cell_table *t,
                           size_t *next);

/* A header spread one cell per line ("参数" / "是否必选" / "参数类型" /
 * "描述"): recognises it at line i, fills h and sets *body to the first
 * line after it. */
bool cells_spread_header(const doc_text *doc, size_t i, size_t end, table_header *h, size_t *body);

/* The role of one header cell ("Parameter", "Mandatory", "参数类型"), or
 * COL_NONE. */
col_role cells_header_role(const char *cell);

/* Turns the rows of a parameter table into table_rows: name, type,
 * required, description, example by the header's roles. Rows without a
 * name are skipped; rows whose type cannot be read are reported. */
size_t cells_to_params(const table_context *c, const cell_table *t, table_rows *out);

/* Turns the rows of an error code table into table_rows: the code as the
 * name, the description columns joined, the HTTP status (when the table
 * has one) in `example`. */
size_t cells_to_codes(const table_context *c, const cell_table *t, table_rows *out);

/* Reads a type as written in a cell: "String", "Array of BatchContent",
 * "Array of SendMessageProperties objects", "integer", "JSON Array",
 * "List<String>". */
bool table_parse_type_text(const table_context *c, const char *text, table_row *row);

#endif
