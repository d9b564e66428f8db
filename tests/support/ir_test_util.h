/* Helpers for tests that look into a parsed IR. */
#ifndef DOCBIND_IR_TEST_UTIL_H
#define DOCBIND_IR_TEST_UTIL_H

#include <criterion/criterion.h>

#include "diag.h"
#include "ir.h"

/* Parses the files (paths relative to the source tree); asserts success. */
void parse_fixture(ir_doc *ir, diag_list *d, const char *relative_path);

ir_service *must_service(ir_doc *ir, const char *id);
ir_action *must_action(ir_service *s, const char *name);
ir_struct *must_struct(ir_service *s, const char *name);
ir_param *must_param(ir_param *params, size_t n, const char *name);

/* True when some diagnostic's message contains `needle`. */
bool diag_mentions(const diag_list *d, const char *needle);

#endif
