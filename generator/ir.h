/* The docbind IR: services, actions, parameters, data structures, limits
 * and error codes, as read from vendor documentation. docs/ir.md is the
 * contract of its JSON form (ir_json.h); this header is the in-memory form.
 *
 * Ownership: an ir_doc owns everything reachable from it, in its arena;
 * ir_doc_free releases it all. Strings are NUL-terminated UTF-8; a NULL
 * string means "the document does not say". */
#ifndef DOCBIND_IR_H
#define DOCBIND_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define IR_VERSION 1

typedef enum ir_type {
    IR_TYPE_STRING,
    IR_TYPE_INTEGER,
    IR_TYPE_NUMBER,
    IR_TYPE_FLOAT,
    IR_TYPE_DOUBLE,
    IR_TYPE_BOOLEAN,
    IR_TYPE_DATE,
    IR_TYPE_TIMESTAMP,
    IR_TYPE_TIMESTAMP_ISO8601,
    IR_TYPE_BINARY,
    IR_TYPE_OBJECT,
} ir_type;

/* required: the document says yes, no, or nothing. */
typedef enum ir_tristate { IR_UNKNOWN = -1, IR_NO = 0, IR_YES = 1 } ir_tristate;

typedef enum ir_location {
    IR_LOC_NONE, /* output parameters and struct members */
    IR_LOC_BODY,
    IR_LOC_QUERY,
    IR_LOC_PATH,
    IR_LOC_HEADER,
} ir_location;

typedef enum ir_limit_kind {
    IR_LIMIT_MAX_ITEMS,
    IR_LIMIT_MIN_ITEMS,
    IR_LIMIT_MAXIMUM,
    IR_LIMIT_MINIMUM,
    IR_LIMIT_EXCLUSIVE_MINIMUM,
    IR_LIMIT_MAX_LENGTH,
    IR_LIMIT_MIN_LENGTH,
    IR_LIMIT_ENUM,
    IR_LIMIT_PATTERN,
    IR_LIMIT_DEFAULT,
    IR_LIMIT_KIND_COUNT
} ir_limit_kind;

typedef enum ir_provenance { IR_FROM_DOCUMENT, IR_FROM_OVERRIDE, IR_FROM_PROFILE } ir_provenance;

typedef struct ir_enum_value {
    const char *value; /* as on the wire */
    const char *label; /* the document's words for it, or NULL */
} ir_enum_value;

typedef struct ir_limit {
    ir_limit_kind kind;
    bool enforce;          /* false: a hint, never checked by validators */
    double number;         /* max/min/lengths/items */
    const char *text;      /* pattern, or default value as written */
    ir_enum_value *values; /* enum */
    size_t n_values, cap_values;
    const char *source; /* the sentence it came from */
    ir_provenance provenance;
    int line;
} ir_limit;

typedef struct ir_param {
    const char *name; /* as on the wire, without .N */
    ir_location location;
    ir_type type;
    bool array;
    const char *ref; /* struct name when type is object */
    ir_tristate required;
    const char *description;
    const char *example;
    bool deprecated;
    ir_limit *limits;
    size_t n_limits, cap_limits;
    int line;
} ir_param;

typedef struct ir_example {
    const char *title;
    const char *request;  /* as documented (HTTP text or URL) */
    const char *request_body; /* the JSON body, when the request has one */
    const char *response; /* JSON text */
    int line;
} ir_example;

typedef struct ir_action {
    const char *name;
    const char *title;
    const char *description;
    const char *method;
    const char *path;
    long rate_limit_per_second; /* -1: not documented */
    const char **regions;       /* NULL when the page does not restrict them */
    size_t n_regions, cap_regions;
    ir_param *input;
    size_t n_input, cap_input;
    ir_param *output;
    size_t n_output, cap_output;
    const char **errors; /* business error codes the page lists */
    size_t n_errors, cap_errors;
    bool errors_documented; /* the page has an error section (possibly empty) */
    int *error_statuses;    /* HTTP statuses documented with an error body */
    size_t n_error_statuses, cap_error_statuses;
    ir_example *examples;
    size_t n_examples, cap_examples;
    const char *source_file;
    int line;
} ir_action;

typedef struct ir_struct {
    const char *name;
    const char *description;
    const char **referenced_by;
    size_t n_referenced_by, cap_referenced_by;
    ir_param *members;
    size_t n_members, cap_members;
    const char *source_file;
    int line;
} ir_struct;

typedef struct ir_error {
    const char *code;
    const char *description;
    int http_status; /* 0: not documented */
    bool common;     /* a common (gateway) error rather than a business one */
} ir_error;

typedef struct ir_kv {
    const char *key;
    const char *value;
} ir_kv;

/* Protocol facts: how requests are shaped, signed and answered. */
typedef struct ir_protocol {
    const char *style;    /* "rpc-json", "rpc-query", "rest-json" */
    const char *envelope; /* "tencent", "huawei", "aliyun" */
    const char **signing; /* algorithm names, preferred first */
    size_t n_signing, cap_signing;
    ir_param *common_params;
    size_t n_common_params, cap_common_params;
    ir_kv *facts; /* documented protocol facts: header names, size limits */
    size_t n_facts, cap_facts;
} ir_protocol;

/* One change a release of a document's change history names: "新增入参：A,
 * B" under "修改接口：X" is {kind "action_input_added", target "X", names
 * [A, B]}. kind is one of the names docs/ir.md lists; names is empty when
 * the change is about the whole action or struct. */
typedef struct ir_change {
    const char *kind;
    const char *target;
    const char **names;
    size_t n_names, cap_names;
    int line;
} ir_change;

typedef struct ir_release {
    int number;       /* "第 126 次发布" */
    const char *date; /* as written ("2025-07-01 01:13:50"); NULL when not given */
    ir_change *changes;
    size_t n_changes, cap_changes;
    const char *source_file;
    int line;
} ir_release;

typedef struct ir_service {
    const char *id; /* unique in the IR: "tencent.ckafka" */
    const char *vendor;
    const char *product;
    const char *version;
    const char *endpoint;
    const char *description;
    ir_protocol protocol;
    ir_action *actions;
    size_t n_actions, cap_actions;
    ir_struct *structs;
    size_t n_structs, cap_structs;
    ir_error *errors;
    size_t n_errors, cap_errors;
    const char **sources;
    size_t n_sources, cap_sources;
    ir_kv *provenance; /* field -> where it came from, for what no document said */
    size_t n_provenance, cap_provenance;
    ir_release *history; /* the documented change history, in document order */
    size_t n_history, cap_history;
} ir_service;

typedef struct ir_doc {
    arena mem;
    ir_service *services;
    size_t n_services, cap_services;
} ir_doc;

#define IR_DOC_INIT {ARENA_INIT, NULL, 0, 0}

void ir_doc_free(ir_doc *doc);

/* Lookups by name; NULL when absent. */
ir_service *ir_find_service(ir_doc *doc, const char *id);
ir_action *ir_find_action(ir_service *svc, const char *name);
ir_struct *ir_find_struct(ir_service *svc, const char *name);
ir_error *ir_find_error(ir_service *svc, const char *code);
ir_param *ir_find_param(ir_param *params, size_t n, const char *name);
ir_limit *ir_find_limit(ir_param *p, ir_limit_kind kind);

/* Names used in the JSON form. */
/* The legacy Tencent envelope's members (code, codeDesc, message), which
 * the v2 output tables list among the outputs: the envelope, read into
 * docbind_error, not members of a response. */
bool ir_is_tencent_v2_envelope_member(const char *name);

const char *ir_type_name(ir_type t);
bool ir_type_from_name(const char *name, ir_type *out);
const char *ir_location_name(ir_location l);
bool ir_location_from_name(const char *name, ir_location *out);
const char *ir_limit_kind_name(ir_limit_kind k);
bool ir_limit_kind_from_name(const char *name, ir_limit_kind *out);
const char *ir_provenance_name(ir_provenance p);

#endif
