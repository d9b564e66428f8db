#include "json_extent.h"

#include <string.h>

bool json_extent(const char *s, size_t *start, size_t *len)
{
    const char *open = strpbrk(s, "{[");
    if (!open)
        return false;
    int depth = 0;
    bool in_string = false;
    for (const char *p = open; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = false;
        } else if (*p == '"') {
            in_string = true;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (--depth == 0) {
                *start = (size_t)(open - s);
                *len = (size_t)(p + 1 - open);
                return true;
            }
        }
    }
    return false;
}
