#include "diag.h"

#include <stdarg.h>

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diag *x = ARENA_PUSH(&d->mem, d->items, d->n, d->cap);
    x->severity = sev;
    x->file = arena_strdup(&d->mem, file ? file : "<input>");
    x->line = line;
    x->message = arena_strdup(&d->mem, buf);
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_print(const diag_list *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const diag *x = &d->items[i];
        const char *sev = x->severity == DIAG_ERROR ? "error" : "warning";
        if (x->line > 0)
            fprintf(out, "%s:%d: %s: %s\n", x->file, x->line, sev, x->message);
        else
            fprintf(out, "%s: %s: %s\n", x->file, sev, x->message);
    }
}

void diag_list_free(diag_list *d)
{
    arena_free(&d->mem);
    d->items = NULL;
    d->n = d->cap = d->errors = d->warnings = 0;
}
