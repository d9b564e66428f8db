/* fixture_values.h: request values for fixtures, checked as the bindings
 * check them.
 *
 * Requests here are cJSON objects keyed by wire names (what
 * docbind_codec_from_json reads). fx_read_check reports the first value
 * docbind_codec_from_json would refuse (a JSON type that does not fit the
 * member), fx_validate the first rule docbind_codec_validate would report;
 * both walk members in IR order, depth first, as the codec walks its
 * descriptors. fx_pick chooses a value for one member: from a documented
 * request example, else from the parameter's documented example, else
 * derived to satisfy the member's checked limits.
 *
 * Paths use wire names: "Message[3].Body". Ownership: returned cJSON values
 * and strings belong to the caller (cJSON_Delete / free). */
#ifndef DOCBIND_FIXTURE_VALUES_H
#define DOCBIND_FIXTURE_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "fixture_model.h"

typedef struct fx_problem {
    char path[512];
    const char *rule;     /* validation: "required", "max_length", ... */
    const char *expected; /* read: "string", "integer", "number", "boolean", "array", "object" */
} fx_problem;

/* 0 when every member of `obj` has a JSON type its member accepts; else 1
 * with *p describing the first one that does not (p->expected set). When
 * reading a request (`request`), a missing required number, boolean or
 * enum stops the read right there, as in the codec (p->rule "required"):
 * its C form has no "absent". */
int fx_read_check(const fx_message *msg, const cJSON *obj, const char *prefix, bool request,
                  fx_problem *p);

/* 0 when `obj` (which passes fx_read_check) breaks no checked rule; else 1
 * with the first rule broken in *p (p->rule set). A required member that
 * is absent (or null) breaks "required". */
int fx_validate(const fx_message *msg, const cJSON *obj, const char *prefix, fx_problem *p);

/* Where a picked value came from. */
#define FX_FROM_REQUEST_EXAMPLE "request_example"
#define FX_FROM_PARAMETER_EXAMPLE "parameter_example"
#define FX_FROM_DERIVED "derived"

/* A value for member `f` that passes both checks: source (a value from a
 * documented request, may be NULL) when it does, else the parameter's
 * example, else a derived one. Appends {"path", "from"} records to
 * `provenance` (a JSON array; NULL to skip) for every leaf it sets. For
 * structs only required members are filled. NULL when no value can be
 * found (then *why says why). */
cJSON *fx_pick(const fx_member *f, const cJSON *source, const char *path, cJSON *provenance,
               int depth, const char **why);

/* The required members of `msg` (recursively), values by fx_pick with the
 * members of `source` as sources. NULL with *why on failure. */
cJSON *fx_minimal(const fx_message *msg, const cJSON *source, const char *prefix,
                  cJSON *provenance, int depth, const char **why);

/* The IR example text of a member read as a value of its kind ("20" for
 * an integer, "[{...}]" for an array), or NULL when it does not read. */
cJSON *fx_value_from_text(const fx_member *f, const char *text);

/* "prefix.name" or "name"; its length, -1 when cut short. */
int fx_path_join(char *out, size_t cap, const char *prefix, const char *name);
/* "prefix[i]"; its length, -1 when cut short. */
int fx_path_index(char *out, size_t cap, const char *prefix, size_t i);

#endif
