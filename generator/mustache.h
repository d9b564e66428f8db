/* Mustache templates for the code generator.
 *
 * Implements the core of the mustache specification: interpolation
 * ({{x}} escaped, {{{x}}} and {{&x}} raw, dotted names, {{.}}), sections,
 * inverted sections, comments, partials (with standalone indentation) and
 * set-delimiter tags. Lambdas are not supported. Data is a cJSON tree.
 *
 * A template is compiled once into a node list and can then be rendered any
 * number of times, with different data, without being parsed again.
 *
 * Truthiness in sections: missing names, null, false, the empty list and the
 * empty string are false; everything else (any number, including 0, and any
 * object, including {}) is true. Interpolated numbers print as integers when
 * integral ("85") and in the shortest round-trip form otherwise ("1.21");
 * booleans print as "true"/"false"; null, objects and lists print nothing. */
#ifndef DOCBIND_MUSTACHE_H
#define DOCBIND_MUSTACHE_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Deepest nesting of sections and partials together, in one template and
 * across partials; anything deeper is an error, never a stack overflow. */
#define MUSTACHE_MAX_DEPTH 512

/* What went wrong and where. `line` and `column` are 1-based (columns count
 * UTF-8 code points) and point into the main template, or into the partial
 * named by `partial` when that is not empty. Both are 0 when the error has no
 * position (out of memory, invalid argument). `message` says what was found
 * and what was expected. */
typedef struct mustache_error {
    char message[256];
    char partial[128];
    unsigned line;
    unsigned column;
} mustache_error;

/* A compiled template. Immutable once compiled: one template may be rendered
 * from several threads at once as long as each uses its own partial set. */
typedef struct mustache_template mustache_template;

/* Supplies the source of partial `name` (the text of {{>name}}, trimmed).
 * Returns a malloc'd buffer the renderer takes over and frees, and stores its
 * length in *len; or returns NULL when there is no such partial, which the
 * specification renders as empty text. */
typedef char *(*mustache_partial_loader)(const char *name, size_t *len, void *user);

/* Partials loaded through one loader. Each partial is loaded and compiled on
 * first use and kept until mustache_partials_free, so renders sharing the set
 * never load or parse a partial twice (a missing partial is remembered as
 * missing too). Not thread-safe: a render updates the set. */
typedef struct mustache_partials mustache_partials;

/* Compiles `len` bytes of template text (NUL bytes are ordinary text). The
 * text is copied: the caller keeps ownership of `text`. Returns the template,
 * which the caller frees with mustache_free; or NULL with *err filled in
 * (err may be NULL) on a syntax error or when out of memory. */
mustache_template *mustache_compile(const char *text, size_t len, mustache_error *err);

/* Frees a template from mustache_compile. NULL is allowed. */
void mustache_free(mustache_template *tmpl);

/* Creates an empty partial set that loads through `load` (with `user` passed
 * back). Returns NULL when out of memory or when `load` is NULL. The caller
 * frees it with mustache_partials_free, after the last render using it. */
mustache_partials *mustache_partials_new(mustache_partial_loader load, void *user);

/* Frees a partial set and every partial compiled into it. NULL is allowed. */
void mustache_partials_free(mustache_partials *partials);

/* Renders `tmpl` with `data` as the root context (NULL renders every name as
 * missing). `partials` may be NULL: every partial is then missing. Returns
 * the output as a malloc'd NUL-terminated string the caller frees, and stores
 * its length in *out_len when out_len is not NULL (the output holds NUL bytes
 * only if the template text does). On error (a partial that fails to compile,
 * nesting deeper than MUSTACHE_MAX_DEPTH, out of memory) returns NULL with
 * *err filled in; nothing is left allocated. */
char *mustache_render(const mustache_template *tmpl, const cJSON *data,
                      mustache_partials *partials, size_t *out_len, mustache_error *err);

/* One-shot convenience: compiles `len` bytes of `text`, renders it with
 * `data` and partials from `load` (may be NULL), then frees everything but
 * the output. Same result and ownership as mustache_render. */
char *mustache_render_text(const char *text, size_t len, const cJSON *data,
                           mustache_partial_loader load, void *user,
                           size_t *out_len, mustache_error *err);

/* Writes "LINE:COLUMN: MESSAGE" (or just MESSAGE when there is no position),
 * preceded by "partial 'NAME' " when the error is inside a partial, into
 * `buf` of `size` bytes, truncating if needed. Returns `buf`. */
char *mustache_error_format(const mustache_error *err, char *buf, size_t size);

#endif
