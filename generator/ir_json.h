/* The IR's JSON form (docs/ir.md). Output is deterministic: the same IR
 * gives the same bytes. */
#ifndef DOCBIND_IR_JSON_H
#define DOCBIND_IR_JSON_H

#include <cjson/cJSON.h>

#include "ir.h"

/* Builds the JSON tree. Caller frees with cJSON_Delete. NULL on OOM. */
cJSON *ir_to_json(const ir_doc *doc);

/* Renders the IR as indented JSON text with a trailing newline. Caller
 * frees with free(). NULL on OOM. */
char *ir_to_json_text(const ir_doc *doc);

#endif
