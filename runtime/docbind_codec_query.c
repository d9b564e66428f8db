/* docbind_codec_query.c: flattened name=value pairs -> message, the inverse
 * of docbind_codec_to_query ("Message.0.Body=a" -> message[0].body). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_codec.h"
#include "docbind_codec_internal.h"

/* Items an array may grow to from a query, and how far past its current
 * end one index may jump: a hostile "Message.999999999.Body" is an error,
 * not a gigabyte allocation. */
#define QUERY_MAX_ITEMS 65536
#define QUERY_MAX_GAP 1024

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The field whose wire name is the longest prefix of `name` that ends at a
 * dot or at the end ("src.broker.x" matches a field named "src.broker").
 * *rest gets what follows (after the dot), or NULL at the end. */
static const docbind_field *match_field(const docbind_message_desc *desc, const char *name,
                                        const char **rest)
{
    const docbind_field *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < desc->n_fields; i++) {
        const char *w = desc->fields[i].wire_name;
        size_t n = strlen(w);
        if (n > best_len && !strncmp(name, w, n) && (name[n] == '\0' || name[n] == '.')) {
            best = &desc->fields[i];
            best_len = n;
        }
    }
    if (best)
        *rest = name[best_len] ? name + best_len + 1 : NULL;
    return best;
}

static int parse_scalar(const docbind_field *f, const char *text, void *value, void *raw_slot,
                        const codec_path *path, docbind_error *err)
{
    char *end = NULL;
    switch (f->kind) {
    case DOCBIND_KIND_STRING: {
        char **slot = value;
        if (*slot)
            return codec_parse_fail(err, path, "given twice");
        if (!(*slot = dup_str(text)))
            return codec_oom(err);
        return 0;
    }
    case DOCBIND_KIND_INT: {
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (!*text || *end || errno)
            return codec_parse_fail(err, path, "expected an integer, found \"%.40s\"", text);
        *(int64_t *)value = (int64_t)v;
        return 0;
    }
    case DOCBIND_KIND_DOUBLE: {
        double v = strtod(text, &end);
        if (!*text || *end || !isfinite(v))
            return codec_parse_fail(err, path, "expected a number, found \"%.40s\"", text);
        *(double *)value = v;
        return 0;
    }
    case DOCBIND_KIND_BOOL:
        if (!strcmp(text, "true"))
            *(bool *)value = true;
        else if (!strcmp(text, "false"))
            *(bool *)value = false;
        else
            return codec_parse_fail(err, path, "expected true or false, found \"%.40s\"", text);
        return 0;
    case DOCBIND_KIND_ENUM: {
        int v = docbind_enum_from_string(f->enumeration, text);
        *(int *)value = v;
        if (!v && raw_slot) {
            free(*(char **)raw_slot);
            if (!(*(char **)raw_slot = dup_str(text)))
                return codec_oom(err);
        }
        return 0;
    }
    default:
        return codec_parse_fail(err, path, "cannot be read from a query");
    }
}

/* Makes room for item `index` of an array member; returns the item. */
static void *array_item(const docbind_field *f, void *msg, size_t index, const codec_path *path,
                        docbind_error *err)
{
    char **items = codec_at_mut(msg, f->offset);
    size_t *count = codec_at_mut(msg, f->count_offset);
    size_t size = codec_item_size(f);
    if (index >= *count) {
        if (index >= QUERY_MAX_ITEMS || index > *count + QUERY_MAX_GAP) {
            codec_parse_fail(err, path, "index %zu is out of range", index);
            return NULL;
        }
        char *grown = realloc(*items, (index + 1) * size);
        if (!grown) {
            codec_oom(err);
            return NULL;
        }
        memset(grown + *count * size, 0, (index + 1 - *count) * size);
        *items = grown;
        *count = index + 1;
    }
    return *items + index * size;
}

static int read_pair(const docbind_message_desc *desc, void *msg, const char *name,
                     const char *value, unsigned base, const codec_path *parent, int depth,
                     docbind_error *err)
{
    const char *rest = NULL;
    const docbind_field *f = match_field(desc, name, &rest);
    codec_path here = {parent, f ? f->wire_name : name, 0};
    if (!f)
        return 0; /* not a member: ignored, like unknown JSON keys */
    if (depth >= DOCBIND_CODEC_MAX_DEPTH)
        return codec_parse_fail(err, &here, "nested more than %d levels", DOCBIND_CODEC_MAX_DEPTH);
    void *slot = codec_at_mut(msg, f->offset);
    codec_path item_path = {&here, NULL, 0};
    const codec_path *at = &here;
    if (f->flags & DOCBIND_F_ARRAY) {
        if (!rest)
            return codec_parse_fail(err, &here, "an array member needs an index (%s.%u)",
                                    f->wire_name, base);
        char *end = NULL;
        errno = 0;
        unsigned long long i = strtoull(rest, &end, 10);
        if (end == rest || (*end && *end != '.') || errno || i < base)
            return codec_parse_fail(err, &here, "\"%.40s\" is not an index from %u", rest, base);
        item_path.index = (size_t)(i - base);
        at = &item_path;
        slot = array_item(f, msg, (size_t)(i - base), &item_path, err);
        if (!slot)
            return -1;
        rest = *end ? end + 1 : NULL;
        if (f->kind == DOCBIND_KIND_MESSAGE) {
            if (!rest)
                return codec_parse_fail(err, at, "a struct item needs a member name");
            return read_pair(f->message, slot, rest, value, base, at, depth + 1, err);
        }
    } else if (f->kind == DOCBIND_KIND_MESSAGE) {
        if (!rest)
            return codec_parse_fail(err, &here, "a struct needs a member name");
        void **sub = slot;
        if (!*sub && !(*sub = calloc(1, f->message->size)))
            return codec_oom(err);
        return read_pair(f->message, *sub, rest, value, base, &here, depth + 1, err);
    }
    if (rest)
        return codec_parse_fail(err, at, "\"%.40s\" follows a value that has no members", rest);
    if (parse_scalar(f, value, slot,
                     f->kind == DOCBIND_KIND_ENUM && !(f->flags & DOCBIND_F_ARRAY)
                         ? codec_at_mut(msg, f->raw_offset)
                         : NULL,
                     at, err))
        return -1;
    if ((f->flags & DOCBIND_F_PRESENCE) && !(f->flags & DOCBIND_F_ARRAY))
        *(bool *)codec_at_mut(msg, f->presence_offset) = true;
    return 0;
}

int docbind_codec_from_query(const docbind_message_desc *desc, const docbind_wire_pair *pairs,
                             size_t n, unsigned array_base, void *msg, docbind_error *err)
{
    if (!desc || (!pairs && n) || !msg)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "from_query: NULL argument");
    for (size_t i = 0; i < n; i++) {
        if (!pairs[i].name || !pairs[i].value ||
            read_pair(desc, msg, pairs[i].name, pairs[i].value, array_base, NULL, 0, err)) {
            if (!pairs[i].name || !pairs[i].value)
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "from_query: NULL pair");
            docbind_codec_free(desc, msg);
            return -1;
        }
    }
    return 0;
}
