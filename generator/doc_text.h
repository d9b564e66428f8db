/* A scraped document as validated, numbered lines.
 *
 * Loading rejects what cannot be an API document (empty, binary, invalid
 * UTF-8) with a diagnostic naming file:line. Lines are trimmed of the
 * leading and trailing blanks that PDF and HTML dumps leave behind; page
 * furniture (footers, URL lists, page titles) is marked, not removed, so
 * every line keeps its number.
 *
 * Ownership: doc_text owns the buffer and the line array; doc_text_free
 * releases both. */
#ifndef DOCBIND_DOC_TEXT_H
#define DOCBIND_DOC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct doc_line {
    const char *text; /* trimmed; points into the document's buffer, not NUL-terminated */
    size_t len;
    int no;          /* 1-based line number in the file */
    bool furniture;  /* page furniture: not content */
    size_t indent;   /* blank characters trimmed from the front: the line's indentation */
} doc_line;

typedef struct doc_text {
    const char *path;
    char *buf;
    size_t size;
    doc_line *lines;
    size_t n;
} doc_text;

#define DOC_TEXT_INIT {NULL, NULL, 0, NULL, 0}

/* Maximum document size accepted (a whole product's API dump is ~1 MB). */
#define DOC_TEXT_MAX_BYTES (64u * 1024u * 1024u)

/* Loads and validates a file. Returns 0, or -1 after adding an error to d. */
int doc_text_load(doc_text *doc, const char *path, diag_list *d);

/* Same from memory (copied); `label` names the input in diagnostics. */
int doc_text_from_memory(doc_text *doc, const char *label, const char *data, size_t len,
                         diag_list *d);

void doc_text_free(doc_text *doc);

/* True when line i is blank or furniture. */
bool doc_line_skip(const doc_text *doc, size_t i);

/* Compares a line's text with a NUL-terminated string. */
bool doc_line_is(const doc_line *l, const char *s);
bool doc_line_starts(const doc_line *l, const char *prefix);

#endif
