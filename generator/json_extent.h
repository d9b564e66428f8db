/* Finding a JSON value inside documentation text. */
#ifndef DOCBIND_JSON_EXTENT_H
#define DOCBIND_JSON_EXTENT_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the first balanced JSON object or array in s (strings and escapes
 * respected): its start offset and length. False when there is none or it
 * is not closed. */
bool json_extent(const char *s, size_t *start, size_t *len);

/* Copies the JSON text s[0..len) without the white space outside strings
 * into out (at least len + 1 bytes), NUL-terminated: the same value in one
 * canonical layout, whatever the page's line breaks and indentation. */
void json_compact(const char *s, size_t len, char *out);

#endif
