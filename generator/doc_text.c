#include "doc_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "rx.h"

static bool is_blank_byte(const char *p, const char *end, size_t *w)
{
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *w = 1;
        return true;
    }
    /* U+00A0 no-break space and U+3000 ideographic space are common in dumps. */
    if (c == 0xC2 && end - p >= 2 && (unsigned char)p[1] == 0xA0) {
        *w = 2;
        return true;
    }
    if (c == 0xE3 && end - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
        *w = 3;
        return true;
    }
    return false;
}

static size_t line_of_offset(const char *buf, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n')
            line++;
    return line;
}

static int split_lines(doc_text *doc, diag_list *d)
{
    const char *p = doc->buf, *end = doc->buf + doc->size;
    /* one allocation of the exact size: a 1 MB dump has ~40,000 lines */
    size_t cap = 1;
    for (const char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++)
        cap++;
    doc->lines = malloc(cap * sizeof *doc->lines);
    if (!doc->lines) {
        diag_add(d, DIAG_ERROR, doc->path, 0, "out of memory");
        return -1;
    }
    int no = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        no++;
        const char *s = p;
        size_t w, indent = 0;
        while (s < e && is_blank_byte(s, e, &w)) {
            s += w;
            indent++;
        }
        const char *t = e;
        /* Trim trailing ASCII blanks (multi-byte blanks are rare at line ends). */
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
            t--;
        doc->lines[doc->n++] = (doc_line){s, (size_t)(t - s), no, false, indent};
        p = nl ? nl + 1 : end;
    }
    return 0;
}

int doc_text_from_memory(doc_text *doc, const char *label, const char *data, size_t len,
                         diag_list *d)
{
    *doc = (doc_text)DOC_TEXT_INIT;
    doc->path = label;
    if (len == 0) {
        diag_add(d, DIAG_ERROR, label, 0, "empty document: expected API documentation text");
        return -1;
    }
    if (len > DOC_TEXT_MAX_BYTES) {
        diag_add(d, DIAG_ERROR, label, 0, "document of %zu bytes exceeds the %u-byte limit", len,
                 DOC_TEXT_MAX_BYTES);
        return -1;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        size_t off = (size_t)(nul - data);
        diag_add(d, DIAG_ERROR, label, (int)line_of_offset(data, off),
                 "binary data (NUL byte at offset %zu): expected a text or HTML document", off);
        return -1;
    }
    size_t bad;
    if (!rx_valid_utf8(data, len, &bad)) {
        diag_add(d, DIAG_ERROR, label, (int)line_of_offset(data, bad),
                 "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                 (unsigned)(unsigned char)data[bad]);
        return -1;
    }
    doc->buf = malloc(len + 1);
    if (!doc->buf) {
        diag_add(d, DIAG_ERROR, label, 0, "out of memory");
        return -1;
    }
    memcpy(doc->buf, data, len);
    doc->buf[len] = '\0';
    doc->size = len;
    /* A UTF-8 byte-order mark is not content. */
    if (len >= 3 && !memcmp(doc->buf, "\xEF\xBB\xBF", 3))
        memset(doc->buf, ' ', 3);
    if (split_lines(doc, d) < 0) {
        doc_text_free(doc);
        return -1;
    }
    return 0;
}

int doc_text_load(doc_text *doc, const char *path, diag_list *d)
{
    *doc = (doc_text)DOC_TEXT_INIT;
    doc->path = path;
    size_t len;
    const char *why;
    char *data = file_read_all(path, DOC_TEXT_MAX_BYTES, &len, &why);
    if (!data) {
        diag_add(d, DIAG_ERROR, path, 0, "cannot read: %s", why);
        return -1;
    }
    int rc = doc_text_from_memory(doc, path, data, len, d);
    free(data);
    return rc;
}

void doc_text_free(doc_text *doc)
{
    free(doc->buf);
    free(doc->lines);
    doc->buf = NULL;
    doc->lines = NULL;
    doc->n = 0;
}

bool doc_line_skip(const doc_text *doc, size_t i)
{
    return doc->lines[i].len == 0 || doc->lines[i].furniture;
}

bool doc_line_is(const doc_line *l, const char *s)
{
    size_t n = strlen(s);
    return l->len == n && !memcmp(l->text, s, n);
}

bool doc_line_starts(const doc_line *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && !memcmp(l->text, prefix, n);
}
