/* Finding a JSON value inside documentation text. */
#ifndef DOCBIND_JSON_EXTENT_H
#define DOCBIND_JSON_EXTENT_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the first balanced JSON object or array in s (strings and escapes
 * respected): its start offset and length. False when there is none or it
 * is not closed. */
bool json_extent(const char *s, size_t *start, size_t *len);

#endif
