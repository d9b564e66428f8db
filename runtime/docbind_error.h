/* docbind_error.h: the one structured error used by the runtime and by
 * generated bindings.
 *
 * Ownership: every string and the body inside a docbind_error is owned by
 * the error. docbind_error_clear() frees them and resets the struct to
 * DOCBIND_ERROR_INIT; it is safe on a struct that was zero-filled or already
 * cleared. Setting a new error on a struct that holds one frees the old
 * contents first, so an error can be reused across calls without leaking.
 *
 * Every function that takes a `docbind_error *` accepts NULL and then only
 * reports through its return value. Functions returning int return 0 on
 * success and -1 on failure (the error is then filled). No function here
 * prints or logs.
 */
#ifndef DOCBIND_ERROR_H
#define DOCBIND_ERROR_H

#include <stdarg.h>
#include <stddef.h>

typedef enum docbind_error_kind {
    DOCBIND_ERROR_NONE = 0,
    DOCBIND_ERROR_VALIDATION, /* a request parameter broke a documented rule */
    DOCBIND_ERROR_TRANSPORT,  /* DNS, connect, TLS, send/receive, size cap */
    DOCBIND_ERROR_TIMEOUT,    /* connect or total timeout, time budget spent */
    DOCBIND_ERROR_HTTP,       /* non-2xx status without a vendor error envelope */
    DOCBIND_ERROR_SERVICE,    /* the vendor's error envelope: `code` is set */
    DOCBIND_ERROR_PARSE,      /* a body that is not the JSON it should be */
    DOCBIND_ERROR_INTERNAL    /* out of memory, misuse of the API */
} docbind_error_kind;

/* At most this many bytes of a response body are copied into an error
 * (the full body stays in the docbind_http_response). `body_truncated`
 * says when the copy is shorter than the original. */
#define DOCBIND_ERROR_BODY_CAP ((size_t)64 * 1024)

/* Bodies deeper than this are rejected by the envelope parser with a parse
 * error instead of being handed to the recursive JSON parser. */
#define DOCBIND_ERROR_MAX_JSON_DEPTH 128

/* Error bodies (non-2xx) larger than this are not parsed for an envelope:
 * a parse error says so, and the raw body (capped) is still kept. */
#define DOCBIND_ERROR_ENVELOPE_MAX ((size_t)1024 * 1024)

typedef struct docbind_error {
    docbind_error_kind kind;
    char *code;          /* vendor error code, e.g. "AuthFailure.SignatureFailure"; NULL if none */
    int service_code;    /* generated code's enum value for `code`; -1 when unknown */
    char *message;       /* human-readable, from the service or the runtime */
    char *request_id;    /* the service's request id, NULL if none was returned */
    long http_status;    /* 0 when no HTTP response was received */
    int curl_code;       /* CURLcode of a transport/timeout error; 0 otherwise */
    char *param_path;    /* validation: e.g. "Message[3].Body" */
    char *rule;          /* validation: e.g. "max_length" */
    char *body;          /* http/service/parse: raw response body, NUL-terminated, capped */
    size_t body_len;     /* bytes in `body` (without the NUL) */
    int body_truncated;  /* 1 when the response body was longer than DOCBIND_ERROR_BODY_CAP */
} docbind_error;

#define DOCBIND_ERROR_INIT \
    { DOCBIND_ERROR_NONE, NULL, -1, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, 0 }

/* Frees every owned string and resets *err to DOCBIND_ERROR_INIT.
 * NULL, zero-filled and already-cleared structs are fine. */
void docbind_error_clear(docbind_error *err);

/* Moves the contents of *src into *dst (clearing *dst first) and leaves
 * *src cleared. */
void docbind_error_move(docbind_error *dst, docbind_error *src);

/* Replaces *err with a fresh error of `kind` whose message is the printf
 * formatting of `fmt`. Always returns -1, so `return docbind_error_set(...)`
 * reads naturally. If memory runs out the kind is still set and `message`
 * is NULL (docbind_error_format() then names only the kind). */
int docbind_error_set(docbind_error *err, docbind_error_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int docbind_error_setv(docbind_error *err, docbind_error_kind kind, const char *fmt, va_list ap);

/* A validation error for the parameter at `param_path` that broke `rule`.
 * Always returns -1. */
int docbind_error_set_validation(docbind_error *err, const char *param_path, const char *rule,
                                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Field setters: copy `value` (NULL clears the field). They return 0, or -1
 * when memory ran out (the field is then NULL and the rest of *err intact). */
int docbind_error_set_code(docbind_error *err, const char *code);
int docbind_error_set_message(docbind_error *err, const char *message);
int docbind_error_set_request_id(docbind_error *err, const char *request_id);

/* Keeps a copy of at most DOCBIND_ERROR_BODY_CAP bytes of `body` and sets
 * body_truncated when `len` is larger. Returns 0, or -1 out of memory. */
int docbind_error_set_body(docbind_error *err, const void *body, size_t len);

/* Static name of a kind: "none", "validation", "transport", ... */
const char *docbind_error_kind_name(docbind_error_kind kind);

/* Writes a one-line summary such as
 *   service error AuthFailure.SignatureFailure (HTTP 200, request id 6b2c...): <message>
 * into buf (always NUL-terminated when size > 0). Returns the length the
 * full summary needs, like snprintf. Never includes the raw body. */
size_t docbind_error_format(const docbind_error *err, char *buf, size_t size);

/* ---- Vendor error envelopes ------------------------------------------- */

typedef enum docbind_error_envelope {
    DOCBIND_ENVELOPE_NONE = 0, /* only the HTTP status decides */
    DOCBIND_ENVELOPE_TENCENT,  /* {"Response":{"Error":{"Code","Message"},"RequestId"}}, any status */
    DOCBIND_ENVELOPE_HUAWEI,   /* {"error_code","error_msg"} (or {"error":{"code","message"}}) on non-2xx */
    DOCBIND_ENVELOPE_ALIBABA   /* {"Code","Message","RequestId"} on non-2xx */
} docbind_error_envelope;

/* Decides whether a complete HTTP response is a success and, when it is not,
 * fills *err from the vendor's error envelope.
 *
 *   http_status        the response status (100..599)
 *   request_id_header  the request id from a response header (e.g.
 *                      X-Request-Id), or NULL; used when the body has none
 *   body, body_len     the raw body (need not be NUL-terminated)
 *
 * Returns 0 when the response is a success: a 2xx status and, for Tencent,
 * a "Response" object without "Error"; *err is then left untouched. Otherwise returns -1 with:
 *   DOCBIND_ERROR_SERVICE  the envelope carried an error code or message
 *                          (`code`, `message`, `request_id`, `http_status`)
 *   DOCBIND_ERROR_HTTP     non-2xx with an empty body or a JSON body that has
 *                          no envelope fields
 *   DOCBIND_ERROR_PARSE    a body that must be parsed but is not JSON, has a
 *                          field of the wrong type, nests deeper than
 *                          DOCBIND_ERROR_MAX_JSON_DEPTH, or (non-2xx) is
 *                          larger than DOCBIND_ERROR_ENVELOPE_MAX
 * In every -1 case the HTTP status and the raw body (capped) are kept.
 * A JSON null in any field means the field is absent, never a failure.
 * Error codes may be strings or integers (Huawei documents numeric ones);
 * integers are kept as their decimal text. */
int docbind_error_from_response(docbind_error *err, docbind_error_envelope envelope,
                                long http_status, const char *request_id_header,
                                const void *body, size_t body_len);

#endif
