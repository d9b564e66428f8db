/* Small helpers shared by the Criterion suites. */
#ifndef DOCBIND_TEST_SUPPORT_H
#define DOCBIND_TEST_SUPPORT_H

#include <stddef.h>

/* Absolute path of a file in the source tree; returns a static buffer
 * (valid until the next call). */
const char *test_source_path(const char *relative);

/* Reads a whole file into a NUL-terminated malloc'd buffer; *len gets the
 * byte count (without the NUL). Aborts the test on failure. Caller frees. */
char *test_read_file(const char *path, size_t *len);

/* Writes `len` bytes to a fresh temporary file and returns its path in a
 * malloc'd string. Caller unlinks and frees. */
char *test_write_temp(const char *data, size_t len, const char *suffix);

#endif
