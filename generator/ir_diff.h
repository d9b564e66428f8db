/* docbind diff: the classified changelog between two IRs (their JSON form,
 * docs/ir.md). Every change found is one entry with a stable check id
 * (docs/diff.md lists them) and a level: breaking, warning or info.
 *
 * Request and response sides are judged differently: a new output is
 * harmless, a new required input is not. Struct members are judged by
 * where the struct is used, followed through struct references from the
 * actions' inputs and outputs in either IR: request-side when some input
 * reaches it, response-side otherwise.
 *
 * Ownership: a diff_report owns its entries and their strings (its arena);
 * diff_report_free releases them. The cJSON trees stay the caller's. A
 * diff_overrides owns its rules likewise. */
#ifndef DOCBIND_IR_DIFF_H
#define DOCBIND_IR_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "arena.h"
#include "diag.h"

typedef enum diff_level { DIFF_INFO, DIFF_WARNING, DIFF_BREAKING, DIFF_LEVEL_COUNT } diff_level;

/* One check: its id, the level it reports at, and what it means. */
typedef struct diff_check {
    const char *id;
    diff_level level;
    const char *meaning;
} diff_check;

/* Every check, in the order docs/diff.md gives them. */
const diff_check *diff_checks(size_t *n);
const diff_check *diff_check_find(const char *id);

const char *diff_level_name(diff_level l); /* "info", "warning", "breaking" */
bool diff_level_from_name(const char *name, diff_level *out);

typedef struct diff_entry {
    const char *id;
    diff_level level;     /* after overrides */
    diff_level was_level; /* the check's own level */
    const char *service;
    const char *action; /* NULL for service and struct changes */
    const char *path;   /* "input.Name.limits.max_length"; NULL for whole actions and services */
    const char *old_value, *new_value; /* NULL where there is none */
    const char *message;
    const char *override_reason; /* the reason of the override that lowered it, or NULL */
    /* Grouping (for ordering and the text form): 0 service, 1 action, 2
     * struct; subject is the action's or the struct's name. */
    int group;
    const char *subject;
} diff_entry;

typedef struct diff_report {
    arena mem;
    diff_entry *items;
    size_t n, cap;
    size_t counts[DIFF_LEVEL_COUNT]; /* entries per level */
    size_t ignored;                  /* entries dropped by overrides */
} diff_report;

#define DIFF_REPORT_INIT {ARENA_INIT, NULL, 0, 0, {0, 0, 0}, 0}

void diff_report_free(diff_report *r);

/* Reads and checks an IR file. Returns the tree (caller frees with
 * cJSON_Delete), or NULL after adding an error naming the file to d: the
 * file cannot be read, is not JSON (with the line of the syntax error), is
 * not a docbind IR, or has an ir_version this docbind does not read. */
cJSON *ir_diff_load(const char *path, diag_list *d);

/* The same checks on a parsed tree; `label` names it in the message.
 * Fields the diff does not know are ignored, as docs/ir.md asks of
 * readers; known fields of the wrong type are errors. Returns 0 or -1. */
int ir_diff_check(const cJSON *ir, const char *label, diag_list *d);

/* Compares two checked IRs and fills `out` (initialised with
 * DIFF_REPORT_INIT) with every change, in a deterministic order: by
 * service, then service-level changes, actions and structs by name, then
 * breaking before warning before info, then path and id. */
void ir_diff(const cJSON *old_ir, const cJSON *new_ir, diff_report *out);

/* ---- overrides ---------------------------------------------------------- */

/* A rule: a check id, optionally restricted to a service, an action and a
 * path (the path matches itself and the paths below it); what it does is
 * ignore the entry or lower its level. */
typedef struct diff_override {
    const char *id;
    const char *service, *action, *path; /* NULL: any */
    bool ignore;
    diff_level level;
    const char *reason;
} diff_override;

typedef struct diff_overrides {
    arena mem;
    diff_override *items;
    size_t n, cap;
} diff_overrides;

#define DIFF_OVERRIDES_INIT {ARENA_INIT, NULL, 0, 0}

/* Loads an overrides file (docs/diff.md). Unknown check ids, unknown keys
 * and rules that would raise a level are errors naming the file and the
 * rule. Returns 0, or -1 with errors in d. */
int diff_overrides_load(const char *path, diff_overrides *out, diag_list *d);
int diff_overrides_parse(const char *label, const char *text, size_t len, diff_overrides *out,
                         diag_list *d);
void diff_overrides_free(diff_overrides *o);

/* Applies the first matching rule (in file order) to each entry; ignored
 * entries leave the report (counted in r->ignored). Keeps the order. */
void diff_apply_overrides(diff_report *r, const diff_overrides *o);

/* ---- output ------------------------------------------------------------- */

/* True when an entry is at `threshold` or above. */
bool diff_report_reaches(const diff_report *r, diff_level threshold);

/* The changelog as text, grouped by service and action, or as JSON
 * ({"old", "new", "summary", "changes": [{id, level, service, action,
 * path, old, new, message}]}). Labels name the two inputs. Caller frees
 * with free(); NULL on out-of-memory. */
char *diff_report_text(const diff_report *r, const char *old_label, const char *new_label);
char *diff_report_json(const diff_report *r, const char *old_label, const char *new_label);

#endif
