/* The words documentation tables are made of, per language: column
 * headers, type names, required markers. The table reader is driven by
 * these tables rather than by one parser per page, so a new language or
 * vendor spelling is a new row here. */
#ifndef DOCBIND_VOCAB_H
#define DOCBIND_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

typedef enum col_role {
    COL_NONE,
    COL_NAME,
    COL_REQUIRED,
    COL_TYPE,
    COL_DESCRIPTION,
    COL_EXAMPLE,
    COL_CODE,        /* error code */
    COL_HTTP_STATUS, /* error code tables with a status column */
    COL_TITLE,       /* API overview: what the action does */
    COL_RATE,        /* API overview: requests per second */
    COL_LOCATION,    /* where a parameter goes */
    COL_DEFAULT,
    COL_OTHER,
} col_role;

enum { TABLE_MAX_COLUMNS = 8 };

typedef struct table_header {
    col_role roles[TABLE_MAX_COLUMNS];
    int n;
} table_header;

/* Recognises a table header line ("参数名称 必选 类型 描述", "Parameter Name
 * Required Type Description", ...): every word of the line must be a known
 * column heading. */
bool vocab_match_header(const char *text, size_t len, table_header *h);

/* The role of one whole header cell ("Parameter", "参数类型"), matched
 * case-insensitively; COL_NONE when unknown. */
col_role vocab_header_word(const char *s, size_t len);

/* Position of a role in a header, or -1. */
int table_header_find(const table_header *h, col_role role);

/* Required-column markers: 是/否, Yes/No, ... Returns IR_YES, IR_NO, or
 * IR_UNKNOWN for an explicit "don't know" marker ("-"); false when the
 * word is not a marker at all. */
bool vocab_required_word(const char *s, size_t len, ir_tristate *out);

/* Primitive type words (String, Integer, Int, Long, bool, ...). */
bool vocab_primitive_type(const char *s, size_t len, ir_type *out);

/* True when the word reads "Array"/"List" (array of what follows "of"). */
bool vocab_array_word(const char *s, size_t len);

#endif
