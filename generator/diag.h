/* Diagnostics: every warning and error the parser reports, each naming
 * the file and line it is about and what was expected there.
 *
 * Ownership: a diag_list owns its messages (in its arena); diag_list_free
 * releases them. */
#ifndef DOCBIND_DIAG_H
#define DOCBIND_DIAG_H

#include <stdio.h>

#include "arena.h"

typedef enum diag_severity { DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct diag {
    diag_severity severity;
    const char *file; /* as given by the caller */
    int line;         /* 1-based; 0 when the message is about the whole file */
    const char *message;
} diag;

typedef struct diag_list {
    arena mem;
    diag *items;
    size_t n, cap;
    size_t errors, warnings;
} diag_list;

#define DIAG_LIST_INIT {ARENA_INIT, NULL, 0, 0, 0, 0}

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Prints "file:line: warning: message" lines, one per diagnostic. */
void diag_print(const diag_list *d, FILE *out);

void diag_list_free(diag_list *d);

#endif
