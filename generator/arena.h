/* A bump allocator for the IR and everything the parser builds.
 *
 * Ownership: every object allocated from an arena lives until
 * arena_free(), which releases them all at once. This is what keeps the
 * parser free of leaks on its many error paths. */
#ifndef DOCBIND_ARENA_H
#define DOCBIND_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;
} arena;

#define ARENA_INIT {NULL}

/* Returns `size` zeroed bytes aligned for any object. Aborts the process
 * on out-of-memory: the generator has no sensible way to go on. */
void *arena_alloc(arena *a, size_t size);

/* Copies `len` bytes and NUL-terminates. */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);

/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grows an array allocated in the arena: returns a copy with room for
 * `new_cap` elements (old contents kept). */
void *arena_grow(arena *a, void *old, size_t elem_size, size_t old_count, size_t new_cap);

void arena_free(arena *a);

/* Appends one element to an arena-backed vector {T *items; size_t n, cap;}. */
#define ARENA_PUSH(a, vec_items, vec_n, vec_cap)                                            \
    (((vec_n) == (vec_cap)                                                                  \
          ? ((vec_items) = arena_grow((a), (vec_items), sizeof *(vec_items), (vec_n),        \
                                      (vec_cap) = (vec_cap) ? (vec_cap) * 2 : 8))            \
          : (void *)0),                                                                     \
     &(vec_items)[(vec_n)++])

#endif
