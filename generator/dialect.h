/* Documentation dialects: one per family of page layouts. Each reads a
 * loaded document into the IR. The parser picks the dialect by asking
 * each to score the document (dialect_detect) unless the user names one. */
#ifndef DOCBIND_DIALECT_H
#define DOCBIND_DIALECT_H

#include "diag.h"
#include "doc_text.h"
#include "ir.h"
#include "limits.h"
#include "profiles.h"

typedef struct parse_context {
    ir_doc *ir;
    diag_list *diags;
    const limit_extractor *limits;
    const profile_set *profiles; /* may be empty */
} parse_context;

typedef struct dialect {
    const char *name;
    const char *summary;
    /* 0: not this dialect; higher: more certain. */
    int (*score)(const doc_text *doc);
    /* Returns 0, or -1 when the document could not be read (errors in diags). */
    int (*parse)(parse_context *pc, doc_text *doc);
} dialect;

const dialect *dialect_find(const char *name);
/* The best-scoring dialect, or NULL when none recognises the document. */
const dialect *dialect_detect(const doc_text *doc);
/* NULL-terminated list of all dialects. */
const dialect *const *dialect_all(void);

extern const dialect dialect_tencent;
extern const dialect dialect_reference_page;

#endif
