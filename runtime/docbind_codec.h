/* docbind_codec.h: the one module that reads, writes, checks and frees the
 * C structs of generated bindings, driven by descriptor tables.
 *
 * Generated code is data: for every struct a docbind_message_desc lists its
 * members (C name, wire name, kind, offsets of value, presence flag, count
 * and raw string, enforced limits); for every action a docbind_action_desc
 * says how its request goes on the wire and how its response comes back.
 * The functions here interpret those tables, so the rules below hold for
 * every generated struct alike.
 *
 * Member layout a descriptor describes (T is the member's C type):
 *   scalar        T x;                 int64_t, double, bool, or a C enum
 *   with presence bool has_x; T x;     when the member is optional: 0 and
 *                                      false are values, has_x says "set"
 *   enum          E x; const char *x_raw;  x is 0 (..._UNKNOWN) when the
 *                                      wire string is not a documented
 *                                      value; x_raw then holds that string
 *   string        const char *x;       absent when NULL (UTF-8)
 *   raw JSON      const char *x;       JSON text of a free-form object
 *   struct        const S *x;          absent when NULL
 *   array         const T *x; size_t x_count;  absent when x is NULL
 *                                      (strings: const char *const *x)
 *
 * Ownership, once for the whole runtime and every generated header:
 *   - Requests are caller-owned. Every pointer in a request is borrowed:
 *     the codec reads it during the call and never keeps or frees it.
 *   - A struct filled by the codec (docbind_codec_from_json,
 *     docbind_codec_parse_response, every *_response_parse) owns everything
 *     it points to. docbind_codec_free releases all of it and resets the
 *     struct to all-zero (its *_INIT value); it is safe on an all-zero
 *     struct and on NULL.
 *   - docbind_buffer and docbind_wire own their memory; their _free
 *     functions release it and are safe on *_INIT values.
 *
 * Errors: every function taking a docbind_error * returns 0 on success and
 * -1 with the error filled (err may be NULL). Validation errors carry the
 * parameter path in wire names ("Message[3].Body") and the rule broken
 * ("required", "max_items", "min_items", "maximum", "minimum",
 * "exclusive_minimum", "max_length", "min_length", "enum", "pattern",
 * "utf8", "finite", "json", "count", "path_segment", "header_value",
 * "depth"). Parse errors carry the path of the offending value and say what
 * was expected. Nothing here prints.
 *
 * Threads: descriptors are read-only (patterns are compiled on first use
 * with an atomic publish), so any number of threads may use them at once;
 * each call works on its own structs and buffers. */
#ifndef DOCBIND_CODEC_H
#define DOCBIND_CODEC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docbind_error.h"

#if defined(__GNUC__) || defined(__clang__)
#define DOCBIND_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define DOCBIND_NONNULL(...)
#endif

/* Declares `type name[]` holding the items, and checks at compile time
 * that there are at most `max` of them (a documented maximum): one more is
 * a compile error carrying `message`. Works at block and file scope:
 *
 *   CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "a"}, {.body = "b"});
 *   ckafka_send_message_request req = ckafka_send_message_request_make(
 *       "datahub-1", messages, DOCBIND_COUNT_OF(messages));
 */
#define DOCBIND_ARRAY_DECLARE(type, name, max, message, ...) \
    type name[] = {__VA_ARGS__};                                \
    _Static_assert(sizeof name / sizeof name[0] <= (max), message)

/* Items in an array object (descriptor tables). */
#define DOCBIND_COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Deepest nesting of structs (and of raw JSON values) the codec follows. */
#define DOCBIND_CODEC_MAX_DEPTH 64

/* Integers travel as JSON numbers, which readers hold as doubles: from 2^53
 * on a value cannot be read back exactly (2^53 + 1 reads as 2^53), so a
 * response carrying one is a parse error rather than silently rounded. */
#define DOCBIND_CODEC_MAX_EXACT_INT ((int64_t)9007199254740991) /* 2^53 - 1 */

typedef enum docbind_kind {
    DOCBIND_KIND_STRING,  /* const char * */
    DOCBIND_KIND_INT,     /* int64_t */
    DOCBIND_KIND_DOUBLE,  /* double */
    DOCBIND_KIND_BOOL,    /* bool */
    DOCBIND_KIND_ENUM,    /* a C enum (int-sized) plus const char *<name>_raw */
    DOCBIND_KIND_MESSAGE, /* const S *, S described by `message` */
    DOCBIND_KIND_JSON     /* const char *: JSON text of a free-form value */
} docbind_kind;

/* Where a request member goes on the wire. Response members are NONE. */
typedef enum docbind_location {
    DOCBIND_LOC_NONE,
    DOCBIND_LOC_BODY,
    DOCBIND_LOC_QUERY,
    DOCBIND_LOC_PATH,
    DOCBIND_LOC_HEADER
} docbind_location;

/* docbind_field.flags */
#define DOCBIND_F_REQUIRED 0x1u   /* validators insist on it */
#define DOCBIND_F_ARRAY 0x2u      /* pointer + count */
#define DOCBIND_F_PRESENCE 0x4u   /* bool has_<name> at presence_offset */
#define DOCBIND_F_DEPRECATED 0x8u /* documented as deprecated; still sent */

/* A PCRE2 pattern, compiled once on first use and shared by all threads. */
typedef struct docbind_pattern {
    const char *source;  /* PCRE2 syntax, UTF mode */
    void *_Atomic code;  /* pcre2_code_8 *, NULL until first use */
} docbind_pattern;

#define DOCBIND_PATTERN_INIT(source) { (source), NULL }

/* docbind_limits.set: which limits validators enforce. Limits the document
 * states only as hints are not here (generated comments show them). */
#define DOCBIND_L_MAX_ITEMS 0x001u
#define DOCBIND_L_MIN_ITEMS 0x002u
#define DOCBIND_L_MAXIMUM 0x004u
#define DOCBIND_L_MINIMUM 0x008u
#define DOCBIND_L_EXCLUSIVE_MINIMUM 0x010u
#define DOCBIND_L_MAX_LENGTH 0x020u /* in UTF-8 characters (code points) */
#define DOCBIND_L_MIN_LENGTH 0x040u
#define DOCBIND_L_ENUM 0x080u       /* only documented values are accepted */
#define DOCBIND_L_PATTERN 0x100u

typedef struct docbind_limits {
    unsigned set;
    size_t max_items;
    size_t min_items;
    double maximum;
    double minimum;
    double exclusive_minimum;
    size_t max_length;
    size_t min_length;
    docbind_pattern *pattern;
} docbind_limits;

/* A string enumeration: C value i + 1 is values[i]; 0 is "unknown". */
typedef struct docbind_enum_desc {
    const char *name; /* C type name */
    const char *const *values;
    size_t n_values;
} docbind_enum_desc;

struct docbind_message_desc;

typedef struct docbind_field {
    const char *name;      /* C member name */
    const char *wire_name; /* JSON key / query name, as documented */
    docbind_kind kind;
    docbind_location location;
    unsigned flags;
    size_t offset;          /* the value, pointer, or items pointer */
    size_t presence_offset; /* bool has_<name>, with DOCBIND_F_PRESENCE */
    size_t count_offset;    /* size_t <name>_count, with DOCBIND_F_ARRAY */
    size_t raw_offset;      /* const char *<name>_raw, for DOCBIND_KIND_ENUM */
    const struct docbind_message_desc *message;  /* DOCBIND_KIND_MESSAGE */
    const docbind_enum_desc *enumeration;        /* ENUM, or a string array's values */
    const docbind_limits *limits;                /* NULL: nothing enforced */
} docbind_field;

typedef struct docbind_message_desc {
    const char *name;      /* C type name */
    const char *wire_name; /* the document's name ("BatchContent", "SendMessageRequest") */
    size_t size;           /* sizeof the C struct */
    const docbind_field *fields;
    size_t n_fields;
} docbind_message_desc;

/* One documented error code; its index is the generated enum's value. */
typedef struct docbind_error_desc {
    const char *code;
    const char *description;
    int http_status; /* 0: not documented */
} docbind_error_desc;

typedef enum docbind_style {
    DOCBIND_STYLE_RPC_JSON,  /* JSON body; Action in a header (Tencent API 3.0) */
    DOCBIND_STYLE_RPC_QUERY, /* flattened name=value pairs (Tencent 2.0, Alibaba RPC) */
    DOCBIND_STYLE_REST_JSON  /* path, query, header and JSON body parameters (Huawei) */
} docbind_style;

/* How success and failure look in a response body. */
typedef enum docbind_protocol {
    DOCBIND_PROTOCOL_TENCENT,    /* {"Response":{...,"Error":{...},"RequestId"}} */
    DOCBIND_PROTOCOL_TENCENT_V2, /* {"code":0,"message":"","codeDesc":"",...} */
    DOCBIND_PROTOCOL_HUAWEI,     /* body is the output; errors on non-2xx */
    DOCBIND_PROTOCOL_ALIYUN      /* body is the output; errors on non-2xx */
} docbind_protocol;

struct docbind_action_desc;

typedef struct docbind_service_desc {
    const char *id;       /* "tencent.ckafka" */
    const char *version;  /* API version sent with every request, or NULL */
    const char *endpoint; /* documented host, or NULL */
    docbind_style style;
    docbind_protocol protocol;
    unsigned array_base; /* first index of flattened arrays: 0 (Tencent) or 1 (Alibaba) */
    const docbind_error_desc *errors;
    size_t n_errors;
    const struct docbind_action_desc *const *actions;
    size_t n_actions;
} docbind_service_desc;

typedef struct docbind_action_desc {
    const docbind_service_desc *service;
    const char *name;   /* "SendMessage" */
    const char *method; /* "POST" */
    const char *path;   /* "/", or a template with {name} segments */
    const docbind_message_desc *request;
    const docbind_message_desc *response;
    long rate_limit_per_second; /* -1: not documented */
    /* The regions the page documents the action for, NULL-terminated;
     * NULL when the page does not restrict them. */
    const char *const *regions;
} docbind_action_desc;

/* ---- Buffers and wire requests ------------------------------------------ */

typedef struct docbind_buffer {
    char *data; /* NUL-terminated when not NULL */
    size_t len;
    size_t cap;
} docbind_buffer;

#define DOCBIND_BUFFER_INIT { NULL, 0, 0 }

void docbind_buffer_free(docbind_buffer *buf);

typedef struct docbind_wire_pair {
    char *name;
    char *value;
} docbind_wire_pair;

/* A request ready for the transport: everything decoded (the transport
 * percent-encodes). Action and version travel as the service expects
 * (X-TC-Action/X-TC-Version headers, or Action/Version query pairs). */
typedef struct docbind_wire {
    const char *method;       /* static, from the action descriptor */
    char *path;               /* path template with {name} filled in */
    docbind_wire_pair *query;      /* in order */
    size_t query_count;
    docbind_wire_pair *headers;
    size_t header_count;
    char *body;               /* NULL when there is no body */
    size_t body_len;
    const char *content_type; /* static; NULL when there is no body */
    /* private */
    size_t query_cap;
    size_t header_cap;
} docbind_wire;

#define DOCBIND_WIRE_INIT { NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0 }

void docbind_wire_free(docbind_wire *wire);

/* ---- Operations ---------------------------------------------------------- */

/* Checks `msg` against its descriptor: required members, enforced limits
 * (item counts, ranges, lengths in UTF-8 characters, enumerations, patterns),
 * nested structs and arrays; also what no wire form can carry (invalid
 * UTF-8, NaN and infinities, an enum value with no wire string, a count with
 * a NULL items pointer). The first failure is reported. */
int docbind_codec_validate(const docbind_message_desc *desc, const void *msg, docbind_error *err);

/* Appends the JSON object for every present member of `msg` to `out`
 * (written directly, no intermediate tree). Does not apply the documented
 * limits (see validate) but refuses what JSON cannot carry. On failure
 * `out` keeps its previous length. */
int docbind_codec_to_json(const docbind_message_desc *desc, const void *msg, docbind_buffer *out,
                          docbind_error *err);

/* Appends `msg` as flattened name=value pairs ("Message.0.Body"), arrays
 * numbered from `array_base`, to out[*count] (growing *out, capacity in
 * *cap). Booleans are "true"/"false"; free-form JSON is flattened the same
 * way. On failure the pairs appended so far are freed. */
int docbind_codec_to_query(const docbind_message_desc *desc, const void *msg, unsigned array_base,
                           docbind_wire_pair **out, size_t *count, size_t *cap, docbind_error *err);

/* Fills `msg` (which must be all-zero) from the JSON object in `json`.
 * Unknown keys are ignored; JSON null means absent. A required number,
 * boolean or enum without a presence flag cannot be absent in C, so when it
 * is missing (or null) that is a validation error ("required") here rather
 * than a 0 nobody gave. A value of the wrong
 * type, an integer outside +-(2^53 - 1) or a number out of range is a parse error
 * naming the path. On failure `msg` is freed back to all-zero. The struct
 * then owns its memory: release it with docbind_codec_free. */
int docbind_codec_from_json(const docbind_message_desc *desc, const char *json, size_t len,
                            void *msg, docbind_error *err);

/* Fills `msg` (all-zero) from flattened pairs, the inverse of
 * docbind_codec_to_query: "Message.0.Body=a" sets message[0].body (arrays
 * numbered from `array_base`; a wire name containing dots, "src.broker",
 * is matched whole). Values are decoded text: integers, numbers, true and
 * false, enum strings (unknown ones kept raw). Pairs that name no member
 * are ignored; a value that does not fit its member, an index out of order
 * by more than 1024 or beyond 65536 items, and free-form JSON members are
 * parse errors naming the path. On failure `msg` is freed back to
 * all-zero; on success it owns its memory (docbind_codec_free). */
int docbind_codec_from_query(const docbind_message_desc *desc, const docbind_wire_pair *pairs,
                             size_t n, unsigned array_base, void *msg, docbind_error *err);

/* Releases everything `msg` owns (see Ownership) and zeroes it. NULL is fine. */
void docbind_codec_free(const docbind_message_desc *desc, void *msg);

/* Validates `request` and builds its wire form for the action's service:
 *   rpc-json   body members as a JSON body, query and header members apart
 *   rpc-query  every member flattened into the query (GET) or a form body
 *   rest-json  {name} path segments filled, query, headers, JSON body
 * *out must be DOCBIND_WIRE_INIT or an earlier wire (freed first). */
int docbind_codec_encode(const docbind_action_desc *action, const void *request,
                         docbind_wire *out, docbind_error *err);

/* The form encoding of an RPC service, whatever its default style: Action
 * (and Version, except for Tencent API 2.0) first, then every member
 * flattened ("Message.0.Body"), in the query for GET, HEAD and DELETE and in
 * an application/x-www-form-urlencoded body otherwise. This is what Tencent
 * signature v1 signs for API 3.0 actions. A REST service has no form
 * encoding: an internal error. */
int docbind_codec_encode_form(const docbind_action_desc *action, const void *request,
                              docbind_wire *out, docbind_error *err);

/* Reads a complete HTTP response into `response`, which must be all-zero or
 * hold an earlier response (freed first). The vendor's error envelope
 * becomes a DOCBIND_ERROR_SERVICE error with code, message, request id,
 * HTTP status, the raw body, and service_code set to the index of the code
 * in the service's error table (-1 when undocumented). A success body fills
 * the response; a body that is not the documented shape is a parse error
 * (the response is then all-zero). `request_id_header` is the id from a
 * response header, or NULL. */
int docbind_codec_parse_response(const docbind_action_desc *action, long http_status,
                                 const char *request_id_header, const void *body, size_t len,
                                 void *response, docbind_error *err);

/* The service among services[0..n) whose id is `id` ("tencent.ckafka"),
 * or whose id ends in "." + id ("ckafka"; only when exactly one does), or
 * NULL. */
const docbind_service_desc *docbind_codec_find_service(const docbind_service_desc *const *services,
                                                       size_t n, const char *id);
/* The action of `service` named `name` ("SendMessage"), or NULL. */
const docbind_action_desc *docbind_codec_find_action(const docbind_service_desc *service,
                                                     const char *name);

/* The wire string of enum value `value`, or NULL when it is not one. */
const char *docbind_enum_to_string(const docbind_enum_desc *desc, int value);
/* The enum value of wire string `s`, or 0 (unknown). */
int docbind_enum_from_string(const docbind_enum_desc *desc, const char *s);

/* Index of `code` in the service's error table, or -1. */
int docbind_service_error_index(const docbind_service_desc *service, const char *code);

/* The action named `name` (wire name), or NULL. */
const docbind_action_desc *docbind_service_action(const docbind_service_desc *service,
                                                  const char *name);

#endif
