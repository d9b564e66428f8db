/* docbind_codec_json.c: message -> JSON text, written straight into a
 * buffer (no intermediate tree), escaping and checking UTF-8 in one pass. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "docbind_codec.h"
#include "docbind_codec_internal.h"

/* 0: copy as is; 1: escape; 2: first byte of a multi-byte sequence (or invalid). */
static const unsigned char json_class[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20: '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50: '\\' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x80 */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

typedef struct writer {
    docbind_buffer *out;
    docbind_error *err;
} writer;

static int oom(writer *w)
{
    return codec_oom(w->err);
}

#define PUT(w, data, n)                               \
    do {                                              \
        if (codec_buf_put((w)->out, (data), (n)))     \
            return oom(w);                            \
    } while (0)
#define PUTC(w, c)                                    \
    do {                                              \
        char c_ = (c);                                \
        PUT(w, &c_, 1);                               \
    } while (0)

/* Whether any of the eight bytes in `x` needs more than a copy: below
 * 0x20, '"', '\\' or 0x80 and up. Exact: no byte that can be copied
 * sets it. (Bit tricks for "has a zero byte" / "has a byte less than n",
 * each exact for presence.) */
static int word_has_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t below_space = (x - ones * 0x20) & ~x;
    uint64_t zero_quote = (quote - ones) & ~quote;
    uint64_t zero_backslash = (backslash - ones) & ~backslash;
    return ((below_space | zero_quote | zero_backslash | x) & highs) != 0;
}

/* The end of the run of bytes that are copied as they are, starting at
 * p: eight bytes at a time while none of them is special, then byte by
 * byte within the word that holds the first special one. */
static const unsigned char *plain_run_end(const unsigned char *p, const unsigned char *end)
{
    for (;;) {
        while (end - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            if (word_has_special(x))
                break;
            p += 8;
        }
        const unsigned char *stop = end - p >= 8 ? p + 8 : end;
        while (p < stop && !json_class[*p])
            p++;
        if (p < stop || p == end)
            return p;
    }
}

static int write_string(writer *w, const char *s, const codec_path *path)
{
    size_t n = strlen(s);
    /* Room for the common case (nothing to escape) in one step. */
    if (codec_buf_reserve(w->out, n + 2))
        return oom(w);
    PUTC(w, '"');
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        const unsigned char *run = p;
        p = plain_run_end(p, end);
        if (p > run)
            PUT(w, run, (size_t)(p - run));
        if (p == end)
            break;
        if (json_class[*p] == 2) {
            size_t k = codec_utf8_sequence(p, (size_t)(end - p));
            if (!k)
                return codec_fail(w->err, path, "utf8", "not valid UTF-8 (byte %zu)",
                                  (size_t)(p - (const unsigned char *)s));
            PUT(w, p, k);
            p += k;
            continue;
        }
        char esc[8] = {'\\', 0};
        size_t len = 2;
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default: {
            static const char hex[] = "0123456789abcdef";
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            len = 6;
        }
        }
        PUT(w, esc, len);
        p++;
    }
    PUTC(w, '"');
    return 0;
}

static int write_message(writer *w, const docbind_message_desc *desc, const void *msg,
                         unsigned mask, const codec_path *path, int depth);

static int write_value(writer *w, const docbind_field *f, const void *value,
                       const void *raw_slot, const codec_path *path, int depth)
{
    char num[40];
    switch (f->kind) {
    case DOCBIND_KIND_STRING: {
        const char *s = *(const char *const *)value;
        if (!s) {
            PUT(w, "null", 4);
            return 0;
        }
        return write_string(w, s, path);
    }
    case DOCBIND_KIND_JSON: {
        const char *s = *(const char *const *)value;
        if (!s) {
            PUT(w, "null", 4);
            return 0;
        }
        const char *end = NULL;
        cJSON *j = cJSON_ParseWithOpts(s, &end, 1);
        if (!j)
            return codec_fail(w->err, path, "json", "not a JSON value");
        cJSON_Delete(j);
        PUT(w, s, strlen(s));
        return 0;
    }
    case DOCBIND_KIND_INT:
        PUT(w, num, codec_format_int(num, *(const int64_t *)value));
        return 0;
    case DOCBIND_KIND_DOUBLE: {
        double v = *(const double *)value;
        if (!isfinite(v))
            return codec_fail(w->err, path, "finite", "not a finite number");
        PUT(w, num, codec_format_double(num, v));
        return 0;
    }
    case DOCBIND_KIND_BOOL:
        if (*(const bool *)value)
            PUT(w, "true", 4);
        else
            PUT(w, "false", 5);
        return 0;
    case DOCBIND_KIND_ENUM: {
        int v = *(const int *)value;
        const char *s = docbind_enum_to_string(f->enumeration, v);
        if (!s && v == 0 && raw_slot)
            s = *(const char *const *)raw_slot;
        if (!s)
            return codec_fail(w->err, path, "enum", "value %d has no wire string", v);
        return write_string(w, s, path);
    }
    case DOCBIND_KIND_MESSAGE: {
        const void *sub = f->flags & DOCBIND_F_ARRAY ? value : *(const void *const *)value;
        if (depth >= DOCBIND_CODEC_MAX_DEPTH)
            return codec_fail(w->err, path, "depth", "nested more than %d levels",
                              DOCBIND_CODEC_MAX_DEPTH);
        return write_message(w, f->message, sub, CODEC_LOC_ALL, path, depth + 1);
    }
    }
    return codec_fail(w->err, path, "type", "bad descriptor");
}

static int write_message(writer *w, const docbind_message_desc *desc, const void *msg,
                         unsigned mask, const codec_path *path, int depth)
{
    PUTC(w, '{');
    bool first = true;
    for (size_t i = 0; i < desc->n_fields; i++) {
        const docbind_field *f = &desc->fields[i];
        if (!(mask & CODEC_LOC(f->location)) || !codec_present(f, msg))
            continue;
        codec_path here = {path, f->wire_name, 0};
        if (!first)
            PUTC(w, ',');
        first = false;
        if (write_string(w, f->wire_name, &here))
            return -1;
        PUTC(w, ':');
        if (f->flags & DOCBIND_F_ARRAY) {
            const char *items = codec_items(f, msg);
            size_t n = codec_count(f, msg), size = codec_item_size(f);
            PUTC(w, '[');
            for (size_t k = 0; k < n; k++) {
                codec_path item = {&here, NULL, k};
                if (k)
                    PUTC(w, ',');
                if (write_value(w, f, items + k * size, NULL, &item, depth))
                    return -1;
            }
            PUTC(w, ']');
        } else if (write_value(w, f, codec_at(msg, f->offset),
                               f->kind == DOCBIND_KIND_ENUM ? codec_at(msg, f->raw_offset) : NULL,
                               &here, depth)) {
            return -1;
        }
    }
    PUTC(w, '}');
    return 0;
}

int codec_write_json(const docbind_message_desc *desc, const void *msg, unsigned location_mask,
                     docbind_buffer *out, docbind_error *err)
{
    if (!desc || !msg || !out)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "to_json: NULL argument");
    size_t start = out->len;
    writer w = {out, err};
    if (write_message(&w, desc, msg, location_mask, NULL, 0)) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return -1;
    }
    return 0;
}

int docbind_codec_to_json(const docbind_message_desc *desc, const void *msg, docbind_buffer *out,
                          docbind_error *err)
{
    return codec_write_json(desc, msg, CODEC_LOC_ALL, out, err);
}
