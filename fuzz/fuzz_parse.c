/* libFuzzer target: any bytes through the whole parser (dialect detection,
 * HTML conversion, both dialects, limits, JSON output). Nothing may crash,
 * leak or read out of bounds, whatever the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ir_json.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const dialects[] = {NULL, "tencent", "reference-page"};
    for (size_t i = 0; i < sizeof dialects / sizeof *dialects; i++) {
        ir_doc ir = IR_DOC_INIT;
        diag_list d = DIAG_LIST_INIT;
        parse_options opt = {dialects[i], NULL, NULL};
        if (parse_memory("fuzz", (const char *)data, size, &opt, &ir, &d) == 0) {
            char *json = ir_to_json_text(&ir);
            free(json);
        }
        ir_doc_free(&ir);
        diag_list_free(&d);
    }
    return 0;
}
