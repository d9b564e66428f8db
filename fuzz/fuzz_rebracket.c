/* libFuzzer target: any bytes as the lines of a torn JSON block (the first
 * blanks of a line are its indentation) through json_rebracket. Nothing may
 * crash, leak or read out of bounds; what it accepts must parse as JSON. */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_rebracket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    torn_line *lines = calloc(size + 1, sizeof *lines);
    if (!lines)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < size;) {
        size_t e = i;
        while (e < size && text[e] != '\n')
            e++;
        size_t indent = 0;
        while (i + indent < e && text[i + indent] == ' ')
            indent++;
        if (e > i + indent) {
            lines[n] = (torn_line){text + i + indent, e - i - indent, indent, (int)n + 1};
            n++;
        }
        i = e + 1;
    }
    strbuf out = STRBUF_INIT;
    char why[160];
    (void)json_looks_torn(lines, n);
    if (json_rebracket(lines, n, &out, why, sizeof why)) {
        cJSON *v = cJSON_ParseWithLength(out.data, out.len);
        if (!v)
            abort(); /* accepted text must be JSON */
        cJSON_Delete(v);
    }
    strbuf_free(&out);
    free(lines);
    return 0;
}
