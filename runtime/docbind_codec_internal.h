/* Shared internals of the docbind_codec_*.c files. Not installed. */
#ifndef DOCBIND_CODEC_INTERNAL_H
#define DOCBIND_CODEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "docbind_codec.h"

/* A path into a message, as a chain of stack frames: a member step has a
 * name, an index step has name NULL. Formatted only when an error needs it. */
typedef struct codec_path {
    const struct codec_path *parent;
    const char *name;
    size_t index;
} codec_path;

/* "Message[3].Body" (malloc'd; NULL when out of memory). "" for the root. */
char *codec_path_format(const codec_path *path);

/* Validation error at `path` (see docbind_codec.h for rule names). -1. */
int codec_fail(docbind_error *err, const codec_path *path, const char *rule, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Parse error at `path`. -1. */
int codec_parse_fail(docbind_error *err, const codec_path *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int codec_oom(docbind_error *err);

/* Member access. */
static inline const void *codec_at(const void *msg, size_t offset)
{
    return (const char *)msg + offset;
}
static inline void *codec_at_mut(void *msg, size_t offset)
{
    return (char *)msg + offset;
}

/* Size of one item of an array member (or of the value of a scalar). */
size_t codec_item_size(const docbind_field *f);

/* Whether an optional member is present (see docbind_codec.h). */
bool codec_present(const docbind_field *f, const void *msg);

/* Array members: items pointer and count. */
static inline const void *codec_items(const docbind_field *f, const void *msg)
{
    return *(const void *const *)codec_at(msg, f->offset);
}
static inline size_t codec_count(const docbind_field *f, const void *msg)
{
    return *(const size_t *)codec_at(msg, f->count_offset);
}

/* Buffers. Return 0, or -1 when out of memory (the buffer is unchanged). */
int codec_buf_reserve(docbind_buffer *b, size_t extra);
static inline int codec_buf_put(docbind_buffer *b, const void *data, size_t n)
{
    if (b->cap - b->len <= n && codec_buf_reserve(b, n))
        return -1;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
int codec_buf_puts(docbind_buffer *b, const char *s);

/* Decimal text of an integer into buf (at least 21 bytes); returns length. */
size_t codec_format_int(char *buf, int64_t v);
/* Shortest text that reads back as exactly `v` (finite), into buf of at
 * least 32 bytes; returns length. */
size_t codec_format_double(char *buf, double v);

/* Length of the valid UTF-8 sequence starting at s[0] (1..4), or 0 when
 * it is not valid (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t codec_utf8_sequence(const unsigned char *s, size_t avail);
/* Code points in s, or (size_t)-1 when s is not valid UTF-8. */
size_t codec_utf8_length(const char *s);

/* True when v is finite, within the int64 range and has no fraction. */
bool codec_is_integral(double v);

/* Exact comparisons of an integer with a double limit. */
bool codec_int_gt(int64_t v, double limit);
bool codec_int_lt(int64_t v, double limit);

/* Pattern match on a UTF-8 string: 1 match, 0 no match, -1 error (*err set). */
int codec_pattern_match(docbind_pattern *pattern, const char *s, const codec_path *path,
                        docbind_error *err);

/* JSON writer with a location mask (bit 1 << docbind_location). */
int codec_write_json(const docbind_message_desc *desc, const void *msg, unsigned location_mask,
                     docbind_buffer *out, docbind_error *err);

/* Query flattening with a location mask; `scalar_arrays_repeat` writes
 * arrays of scalars as repeated names (REST query strings). */
typedef struct codec_pairs {
    docbind_wire_pair **items;
    size_t *count;
    size_t *cap;
} codec_pairs;
int codec_write_query(const docbind_message_desc *desc, const void *msg, unsigned location_mask,
                      unsigned array_base, bool scalar_arrays_repeat, codec_pairs *out,
                      docbind_error *err);
int codec_pairs_add(codec_pairs *out, const char *name, size_t name_len, const char *value,
                    size_t value_len);
void codec_pairs_free(docbind_wire_pair *items, size_t count);

#define CODEC_LOC(l) (1u << (l))
#define CODEC_LOC_ALL 0x1Fu

#endif
