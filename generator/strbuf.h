/* A growable byte buffer. Ownership: the strbuf owns `data`; strbuf_free
 * releases it, strbuf_take hands it to the caller (who frees). */
#ifndef DOCBIND_STRBUF_H
#define DOCBIND_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_append(strbuf *b, const char *s, size_t len);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_reset(strbuf *b);
/* Returns the contents ("" when empty) and leaves b empty. */
char *strbuf_take(strbuf *b);
void strbuf_free(strbuf *b);

#endif
