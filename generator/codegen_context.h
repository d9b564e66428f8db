/* codegen_context.h: the template context of one service, built from its
 * IR. docs/codegen.md lists the keys the templates read.
 *
 * A flag a template tests is present when true and left out when false
 * (a missing name is false), which keeps the context small. That is safe
 * only for keys no enclosing context defines; the keys that occur at
 * several depths ("last" of list items, "comment") are always set, true or
 * false, so a section never falls back to an enclosing value. */
#ifndef DOCBIND_CODEGEN_CONTEXT_H
#define DOCBIND_CODEGEN_CONTEXT_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "codegen.h"
#include "diag.h"
#include "naming.h"

/* Builds the context of IR service `svc` (an object of the IR's "services").
 * `global` holds every C identifier claimed so far (across services, so two
 * headers can be included together); the service's names are added to it.
 * Returns the context (caller frees with cJSON_Delete) and fills *summary
 * (its strings malloc'd), or NULL with a message in errbuf. */
cJSON *codegen_service_context(const cJSON *svc, naming_set *global, const char *ir_file,
                               const char *ir_label, diag_list *diags, codegen_summary *summary,
                               char *errbuf, size_t errlen);

#endif
