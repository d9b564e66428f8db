#include "dialect.h"

#include <string.h>

static const dialect *const dialects[] = {
    &dialect_tencent,
    &dialect_reference_page,
    NULL,
};

const dialect *const *dialect_all(void) { return dialects; }

const dialect *dialect_find(const char *name)
{
    for (size_t i = 0; dialects[i]; i++)
        if (!strcmp(dialects[i]->name, name))
            return dialects[i];
    return NULL;
}

const dialect *dialect_detect(const doc_text *doc)
{
    const dialect *best = NULL;
    int best_score = 0;
    for (size_t i = 0; dialects[i]; i++) {
        int s = dialects[i]->score(doc);
        if (s > best_score) {
            best_score = s;
            best = dialects[i];
        }
    }
    return best;
}
