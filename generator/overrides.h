/* Hand-written corrections to the limits read from documents
 * (specs/overrides.json; format in docs/ir.md). Each entry names a
 * service, an action's input/output parameter or a struct member, and a
 * limit kind, and sets or removes that limit. Limits it sets carry
 * provenance "override". */
#ifndef DOCBIND_OVERRIDES_H
#define DOCBIND_OVERRIDES_H

#include "diag.h"
#include "ir.h"

/* Applies the file to ir. Entries naming things the IR lacks are errors
 * (a stale override must not pass silently). Returns 0 or -1. */
int overrides_apply_file(const char *path, ir_doc *ir, diag_list *d);

/* Same from JSON text; `label` names it in diagnostics. */
int overrides_apply_text(const char *label, const char *json, ir_doc *ir, diag_list *d);

#endif
