/* Saved HTML pages → the same numbered text lines the dialects read.
 *
 * libxml2's HTML parser builds the tree (it copes with the tag soup of
 * saved pages); the walk below writes block elements as lines, tables as
 * pipe tables (one row per line, a separator under a header row, the
 * caption as a line above), and <pre> blocks line by line. Each output
 * line keeps the source line of the element it came from, so diagnostics
 * still name the HTML file's lines. Scripts, styles and navigation are
 * dropped. */
#ifndef DOCBIND_HTML_TEXT_H
#define DOCBIND_HTML_TEXT_H

#include <stdbool.h>

#include "doc_text.h"

/* True when the bytes look like an HTML document rather than a text dump. */
bool html_sniff(const char *data, size_t len);

/* Converts HTML into doc (which it initialises). Returns 0, or -1 after
 * adding an error to d. */
int doc_text_from_html(doc_text *doc, const char *label, const char *data, size_t len,
                       diag_list *d);

#endif
