#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(strbuf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fputs("docbind: out of memory\n", stderr);
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void strbuf_append(strbuf *b, const char *s, size_t len)
{
    reserve(b, len);
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s) { strbuf_append(b, s, strlen(s)); }

void strbuf_putc(strbuf *b, char c) { strbuf_append(b, &c, 1); }

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void strbuf_reset(strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *strbuf_take(strbuf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (!p)
            abort();
        p[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void strbuf_free(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
