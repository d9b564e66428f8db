/* fixture_model.h: the IR of one service seen as the generated bindings see
 * it, for `docbind fixtures`.
 *
 * The fixture generator works from the IR JSON alone (no compiled
 * descriptors), so it rebuilds here what docs/codegen.md says the bindings
 * make of each parameter: its kind (string, integer, number, boolean,
 * enumerated string, struct, free-form JSON), whether validators insist on
 * it (`required: true`, and every path parameter of a request), and the
 * limits they check (only `enforce: true` limits that fit the kind). Struct
 * references and `Name::member` names become nested messages.
 *
 * Ownership: an fx_model owns everything reachable from it (an arena) and
 * borrows the cJSON service it was built from, which must outlive it.
 * fx_model_free releases it. */
#ifndef DOCBIND_FIXTURE_MODEL_H
#define DOCBIND_FIXTURE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "arena.h"

typedef enum fx_kind {
    FX_STRING, /* string, date, timestamp, timestamp_iso8601, binary */
    FX_INT,
    FX_DOUBLE, /* number, float, double */
    FX_BOOL,
    FX_ENUM,   /* a scalar string with documented values */
    FX_MESSAGE,
    FX_JSON    /* object without a struct: any JSON value */
} fx_kind;

/* Limits validators check, as in runtime/docbind_codec.h. */
#define FX_L_MAX_ITEMS 0x001u
#define FX_L_MIN_ITEMS 0x002u
#define FX_L_MAXIMUM 0x004u
#define FX_L_MINIMUM 0x008u
#define FX_L_EXCLUSIVE_MINIMUM 0x010u
#define FX_L_MAX_LENGTH 0x020u
#define FX_L_MIN_LENGTH 0x040u
#define FX_L_ENUM 0x080u
#define FX_L_PATTERN 0x100u

typedef struct fx_message fx_message;

typedef struct fx_member {
    const cJSON *param;   /* the IR PARAM */
    const char *wire;     /* the wire name (after the last "::") */
    const char *location; /* "body", "query", "path", "header"; "none" in structs/outputs */
    const char *type;     /* the IR type name */
    fx_kind kind;
    bool array;
    bool required;        /* validators insist on it */
    const fx_message *message; /* FX_MESSAGE */
    unsigned limits;      /* FX_L_* checked by validators */
    double max_items, min_items, maximum, minimum, exclusive_minimum;
    double max_length, min_length;
    const char *pattern;
    const char **enum_values; /* documented values (checked when FX_L_ENUM) */
    size_t n_enum_values;
    const char *example;  /* the IR's example text, or NULL */
} fx_member;

struct fx_message {
    const char *name; /* struct name, "<Action> request", ... */
    fx_member *members;
    size_t n_members, cap_members;
};

typedef struct fx_action {
    const cJSON *ir; /* the IR ACTION */
    const char *name;
    const char *method;
    const char *path;
    fx_message request;
    fx_message response;
} fx_action;

typedef struct fx_model {
    arena mem;
    const cJSON *service; /* the IR SERVICE */
    const char *id;
    const char *vendor;
    const char *version;
    const char *endpoint;
    const char *style;    /* "rpc-json", "rpc-query", "rest-json" */
    const char *envelope; /* "tencent", "tencent-v2", "huawei", "aliyun" */
    unsigned array_base;  /* flattened arrays: 1 for Alibaba, else 0 */
    fx_action *actions;
    size_t n_actions, cap_actions;
} fx_model;

/* Builds the model of one IR service. Returns 0, or -1 with a message in
 * err[err_size] naming what is wrong (an unknown protocol style or
 * envelope, a service without id). */
int fx_model_build(fx_model *m, const cJSON *service, char *err, size_t err_size);
void fx_model_free(fx_model *m);

/* The member of `msg` with wire name `wire`, or NULL. */
const fx_member *fx_member_find(const fx_message *msg, const char *wire);

/* Whether the pattern (PCRE2, UTF, searched as the validators do) matches
 * `s`. -1 when the pattern does not compile. */
int fx_pattern_match(const char *pattern, const char *s);

/* Length of a UTF-8 string in code points, (size_t)-1 when invalid. */
size_t fx_utf8_length(const char *s);

#endif
