/* Reading a whole file into memory. */
#ifndef DOCBIND_FILE_READ_H
#define DOCBIND_FILE_READ_H

#include <stddef.h>

/* Reads all of `path` into a NUL-terminated malloc'd buffer (caller frees)
 * and sets *len. Files over `max` bytes are refused. On failure returns
 * NULL and sets *why to a static description (errno text, "too large"). */
char *file_read_all(const char *path, size_t max, size_t *len, const char **why);

#endif
