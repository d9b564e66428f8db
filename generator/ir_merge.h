/* Merging the IR read from several documents of the same service (the
 * Chinese product dump and an English page of one action, say).
 *
 * What only one document says is kept; where both say something and
 * disagree, the first document wins and a warning names both sources. */
#ifndef DOCBIND_IR_MERGE_H
#define DOCBIND_IR_MERGE_H

#include "diag.h"
#include "ir.h"

/* Moves the services of `from` into `into`. Both must allocate from the
 * same arena (parse.c arranges this), so values are moved, not copied. */
void ir_merge(ir_doc *into, ir_doc *from, diag_list *d);

#endif
