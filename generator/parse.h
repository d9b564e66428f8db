/* docbind parse: documents → IR. */
#ifndef DOCBIND_PARSE_H
#define DOCBIND_PARSE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"

typedef struct parse_options {
    const char *dialect;   /* NULL: detect per document */
    const char *overrides; /* NULL: none; else a limits overrides JSON file */
    const char *profiles;  /* NULL: none; else a folder of service profiles */
} parse_options;

/* Parses every document into `ir` (documents of the same service merge
 * into one service). Returns 0 when every document was read, -1 when one
 * could not be (errors in d; ir holds what was read). */
int parse_documents(const char *const *paths, size_t n, const parse_options *opt, ir_doc *ir,
                    diag_list *d);

/* The same for one in-memory document, labelled `label` in diagnostics. */
int parse_memory(const char *label, const char *data, size_t len, const parse_options *opt,
                 ir_doc *ir, diag_list *d);

/* Writes the document as the dialects see it (HTML converted to text), one
 * "LINE: text" per line, for debugging a page that parses wrongly. */
int parse_dump_text(const char *path, FILE *out, diag_list *d);

#endif
