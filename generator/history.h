/* A Tencent Cloud API document's change history ("更新历史"): the releases
 * "第 126 次发布" down to "第 1 次发布" that open the product document, each
 * with its date and the actions, parameters, data structures and members
 * it added, changed, deprecated or deleted.
 *
 * The records go into the service's `history` (ir.h); docs/ir.md lists the
 * change kinds. What the history says was deprecated is then marked
 * `deprecated` on the parameters and members the pages still list.
 *
 * Ownership: everything read is allocated from the arena given; names
 * point into it, never into the document. */
#ifndef DOCBIND_HISTORY_H
#define DOCBIND_HISTORY_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "doc_text.h"
#include "ir.h"

/* Reads the change history from lines [begin, end) of the document (blank
 * and furniture lines are skipped) and appends its releases to
 * svc->history. Lines before the first release heading are not history and
 * are ignored; the history ends at the first line after the last release
 * heading of the range that is not history. A history line that is not
 * understood is skipped with a warning naming file:line, as are releases
 * out of order and changes that name no action or struct. Returns the
 * number of releases read. */
size_t history_read(const doc_text *doc, size_t begin, size_t end, arena *mem, ir_service *svc,
                    diag_list *d);

/* Marks `deprecated` the inputs, outputs and struct members that the
 * service's history says were deprecated (废弃入参, 废弃出参, 废弃成员) and no
 * later release added again, wherever the service still lists them.
 * Returns the number of parameters and members marked. */
size_t history_mark_deprecated(ir_service *svc);

#endif
