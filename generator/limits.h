/* Limits in prose: "单次请求最多500条", "最大值为50", "不超过64个字符",
 * "枚举值(所有操作: All, 读：Read，写：Write)", "Up to 500 messages ...".
 *
 * Each extracted limit keeps the sentence it came from. A limit is marked
 * enforceable only when the wording is unambiguous and fits the
 * parameter's type; everything else is a hint. A wrong enforced limit
 * would reject valid requests, so precision matters more than recall. */
#ifndef DOCBIND_LIMITS_H
#define DOCBIND_LIMITS_H

#include "arena.h"
#include "ir.h"

typedef struct limit_extractor limit_extractor;

/* Compiles the patterns once. Returns NULL on out-of-memory. */
limit_extractor *limit_extractor_new(void);
void limit_extractor_free(limit_extractor *x);

/* Reads p->description and adds the limits found to p (allocated in a).
 * Existing limits of the same kind are kept (the first one wins). */
void limit_extract(const limit_extractor *x, arena *a, ir_param *p);

/* Adds a limit to p, replacing one of the same kind. Returns it. */
ir_limit *ir_param_set_limit(arena *a, ir_param *p, ir_limit_kind kind);

/* Removes p's limit of that kind, if any. */
void ir_param_remove_limit(ir_param *p, ir_limit_kind kind);

#endif
