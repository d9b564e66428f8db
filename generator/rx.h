/* Thin PCRE2 wrapper for the parser's pattern extraction.
 *
 * Patterns are compiled once (with JIT where available) into an rx object
 * the caller owns: rx_free releases it. All patterns are UTF-8. */
#ifndef DOCBIND_RX_H
#define DOCBIND_RX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct rx rx;

enum { RX_MAX_GROUPS = 10 };

typedef struct rx_match {
    size_t start[RX_MAX_GROUPS]; /* byte offsets; (size_t)-1 when unset */
    size_t end[RX_MAX_GROUPS];
    int groups; /* number of groups captured, including group 0 */
} rx_match;

/* Compiles `pattern` (PCRE2 syntax, UTF mode). Returns NULL and writes a
 * message into err (if given) on a bad pattern. */
rx *rx_compile(const char *pattern, char *err, size_t err_size);
/* Like rx_compile, but aborts on a bad pattern: for the patterns built into
 * docbind, where a failure is a programming error. */
rx *rx_must(const char *pattern);
void rx_free(rx *r);

/* Finds the first match in s[0..len) at or after `from`. */
bool rx_search(const rx *r, const char *s, size_t len, size_t from, rx_match *m);
/* Convenience for NUL-terminated strings. */
bool rx_test(const rx *r, const char *s);

/* Length of group g of the last match (0 if unset). */
size_t rx_group_len(const rx_match *m, int g);

/* Checks that buf is valid UTF-8. On failure returns false and sets
 * *bad_offset to the offset of the first invalid byte. */
bool rx_valid_utf8(const char *buf, size_t len, size_t *bad_offset);

#endif
