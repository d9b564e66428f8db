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

void json_compact(const char *s, size_t len, char *out)
{
    bool in_string = false;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            out[o++] = c;
            if (c == '\\' && i + 1 < len)
                out[o++] = s[++i];
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            out[o++] = c;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out[o++] = c;
        }
    }
    out[o] = '\0';
}
