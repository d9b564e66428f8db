/* fixture_values.c: checking and choosing request values (fixture_values.h).
 * The checks mirror runtime/docbind_codec_read.c (types) and
 * runtime/docbind_codec.c (rules), in the same order. */
#include "fixture_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX_MAX_DEPTH 16
#define MAX_EXACT_INT 9007199254740991.0 /* 2^53 - 1, as the codec reads integers */

int fx_path_join(char *out, size_t cap, const char *prefix, const char *name)
{
    int n = prefix && *prefix ? snprintf(out, cap, "%s.%s", prefix, name)
                              : snprintf(out, cap, "%s", name);
    return n >= 0 && (size_t)n < cap ? n : -1; /* -1: cut short */
}

int fx_path_index(char *out, size_t cap, const char *prefix, size_t i)
{
    char index[32];
    snprintf(index, sizeof index, "[%zu]", i);
    size_t a = prefix ? strlen(prefix) : 0, b = strlen(index);
    if (!cap || a + b >= cap)
        return -1; /* cut short */
    memcpy(out, prefix ? prefix : "", a);
    memcpy(out + a, index, b + 1);
    return (int)(a + b);
}

static int problem(fx_problem *p, const char *path, const char *rule, const char *expected)
{
    snprintf(p->path, sizeof p->path, "%s", path);
    p->rule = rule;
    p->expected = expected;
    return 1;
}

/* ---- Types (docbind_codec_from_json) ------------------------------------ */

static int read_value(const fx_member *f, const cJSON *j, const char *path, bool request,
                      fx_problem *p)
{
    switch (f->kind) {
    case FX_STRING:
    case FX_ENUM:
        return cJSON_IsString(j) ? 0 : problem(p, path, NULL, "string");
    case FX_INT:
        if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble) ||
            fabs(j->valuedouble) > MAX_EXACT_INT || j->valuedouble != floor(j->valuedouble))
            return problem(p, path, NULL, "integer");
        return 0;
    case FX_DOUBLE:
        return cJSON_IsNumber(j) && isfinite(j->valuedouble) ? 0 : problem(p, path, NULL, "number");
    case FX_BOOL:
        return cJSON_IsBool(j) ? 0 : problem(p, path, NULL, "boolean");
    case FX_MESSAGE:
        return fx_read_check(f->message, j, path, request, p);
    case FX_JSON:
        return 0;
    }
    return 0;
}

/* A required member whose C form has no "absent" (a scalar or enum
 * without a presence flag): reading a request without it fails there. */
static bool absent_is_a_value(const fx_member *f)
{
    return f->required && !f->array &&
           (f->kind == FX_INT || f->kind == FX_DOUBLE || f->kind == FX_BOOL || f->kind == FX_ENUM);
}

int fx_read_check(const fx_message *msg, const cJSON *obj, const char *prefix, bool request,
                  fx_problem *p)
{
    if (!cJSON_IsObject(obj))
        return problem(p, prefix ? prefix : "", NULL, "object");
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        char path[512];
        fx_path_join(path, sizeof path, prefix, f->wire);
        if (!j || cJSON_IsNull(j)) {
            if (request && absent_is_a_value(f))
                return problem(p, path, "required", NULL);
            continue;
        }
        if (!f->array) {
            if (read_value(f, j, path, request, p))
                return 1;
            continue;
        }
        if (!cJSON_IsArray(j))
            return problem(p, path, NULL, "array");
        size_t k = 0;
        for (const cJSON *c = j->child; c; c = c->next, k++) {
            char item[512];
            fx_path_index(item, sizeof item, path, k);
            if (cJSON_IsNull(c)) {
                if (f->kind == FX_STRING || f->kind == FX_JSON || f->kind == FX_MESSAGE)
                    continue;
                return problem(p, item, NULL, f->kind == FX_BOOL ? "boolean" : "number");
            }
            if (read_value(f, c, item, request, p))
                return 1;
        }
    }
    return 0;
}

/* ---- Rules (docbind_codec_validate) ------------------------------------- */

static bool in_list(const fx_member *f, const char *s)
{
    for (size_t i = 0; i < f->n_enum_values; i++)
        if (!strcmp(f->enum_values[i], s))
            return true;
    return false;
}

static int validate_string(const fx_member *f, const char *s, const char *path, fx_problem *p)
{
    if (f->limits & (FX_L_MAX_LENGTH | FX_L_MIN_LENGTH | FX_L_PATTERN)) {
        size_t n = fx_utf8_length(s);
        if (n == (size_t)-1)
            return problem(p, path, "utf8", NULL);
        if ((f->limits & FX_L_MAX_LENGTH) && (double)n > f->max_length)
            return problem(p, path, "max_length", NULL);
        if ((f->limits & FX_L_MIN_LENGTH) && (double)n < f->min_length)
            return problem(p, path, "min_length", NULL);
    }
    if ((f->limits & FX_L_ENUM) && !in_list(f, s))
        return problem(p, path, "enum", NULL);
    if ((f->limits & FX_L_PATTERN) && fx_pattern_match(f->pattern, s) != 1)
        return problem(p, path, "pattern", NULL);
    return 0;
}

static int validate_number(const fx_member *f, double v, const char *path, fx_problem *p)
{
    if (f->kind == FX_INT) {
        /* an integer is above a bound exactly when it is above its floor */
        if ((f->limits & FX_L_MAXIMUM) && v > floor(f->maximum))
            return problem(p, path, "maximum", NULL);
        if ((f->limits & FX_L_MINIMUM) && v < ceil(f->minimum))
            return problem(p, path, "minimum", NULL);
        if ((f->limits & FX_L_EXCLUSIVE_MINIMUM) && !(v > floor(f->exclusive_minimum)))
            return problem(p, path, "exclusive_minimum", NULL);
        return 0;
    }
    if ((f->limits & FX_L_MAXIMUM) && v > f->maximum)
        return problem(p, path, "maximum", NULL);
    if ((f->limits & FX_L_MINIMUM) && v < f->minimum)
        return problem(p, path, "minimum", NULL);
    if ((f->limits & FX_L_EXCLUSIVE_MINIMUM) && !(v > f->exclusive_minimum))
        return problem(p, path, "exclusive_minimum", NULL);
    return 0;
}

static int validate_value(const fx_member *f, const cJSON *j, const char *path, fx_problem *p)
{
    switch (f->kind) {
    case FX_STRING:
        if (!j || cJSON_IsNull(j))
            return problem(p, path, "required", NULL);
        return validate_string(f, j->valuestring, path, p);
    case FX_JSON:
        return !j || cJSON_IsNull(j) ? problem(p, path, "required", NULL) : 0;
    case FX_INT:
    case FX_DOUBLE:
        return validate_number(f, j->valuedouble, path, p);
    case FX_BOOL:
        return 0;
    case FX_ENUM:
        if ((f->limits & FX_L_ENUM) && !in_list(f, j->valuestring))
            return problem(p, path, "enum", NULL);
        return 0;
    case FX_MESSAGE: {
        /* a null item of an array of structs is an all-absent struct */
        cJSON empty;
        memset(&empty, 0, sizeof empty);
        empty.type = cJSON_Object;
        return fx_validate(f->message, j && !cJSON_IsNull(j) ? j : &empty, path, p);
    }
    }
    return 0;
}

int fx_validate(const fx_message *msg, const cJSON *obj, const char *prefix, fx_problem *p)
{
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, f->wire);
        char path[512];
        fx_path_join(path, sizeof path, prefix, f->wire);
        if (!j || cJSON_IsNull(j)) {
            if (f->required)
                return problem(p, path, "required", NULL);
            continue;
        }
        if (!f->array) {
            if (validate_value(f, j, path, p))
                return 1;
            continue;
        }
        double n = (double)cJSON_GetArraySize(j);
        if ((f->limits & FX_L_MAX_ITEMS) && n > f->max_items)
            return problem(p, path, "max_items", NULL);
        if ((f->limits & FX_L_MIN_ITEMS) && n < f->min_items)
            return problem(p, path, "min_items", NULL);
        size_t k = 0;
        for (const cJSON *c = j->child; c; c = c->next, k++) {
            char item[512];
            fx_path_index(item, sizeof item, path, k);
            if (validate_value(f, c, item, p))
                return 1;
        }
    }
    return 0;
}

/* ---- Choosing values ---------------------------------------------------- */

/* Whether `v` is a valid value of member f on its own. */
static bool value_ok(const fx_member *f, const cJSON *v)
{
    cJSON *holder = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(holder, f->wire, (cJSON *)v);
    fx_message one = {"", (fx_member *)f, 1, 1};
    fx_problem p;
    bool ok = !fx_read_check(&one, holder, NULL, true, &p) && !fx_validate(&one, holder, NULL, &p);
    cJSON_Delete(holder);
    return ok;
}

static cJSON *scalar_from_text(const fx_member *f, const char *text)
{
    char *end = NULL;
    switch (f->kind) {
    case FX_STRING:
    case FX_ENUM: {
        /* a JSON string literal ("\"group\"") stays as written: that is
         * what the document sends */
        return cJSON_CreateString(text);
    }
    case FX_INT: {
        double d = strtod(text, &end);
        if (!*text || *end || d != floor(d) || fabs(d) > MAX_EXACT_INT)
            return NULL;
        return cJSON_CreateNumber(d);
    }
    case FX_DOUBLE: {
        double d = strtod(text, &end);
        if (!*text || *end || !isfinite(d))
            return NULL;
        return cJSON_CreateNumber(d);
    }
    case FX_BOOL:
        if (!strcmp(text, "true") || !strcmp(text, "false"))
            return cJSON_CreateBool(!strcmp(text, "true"));
        return NULL;
    case FX_MESSAGE:
    case FX_JSON: {
        cJSON *j = cJSON_Parse(text);
        if (j && f->kind == FX_MESSAGE && !cJSON_IsObject(j)) {
            cJSON_Delete(j);
            return NULL;
        }
        return j;
    }
    }
    return NULL;
}

cJSON *fx_value_from_text(const fx_member *f, const char *text)
{
    if (!text || !*text)
        return NULL;
    if (!f->array)
        return scalar_from_text(f, text);
    cJSON *j = cJSON_Parse(text);
    if (cJSON_IsArray(j))
        return j;
    cJSON_Delete(j);
    /* one item written alone */
    cJSON *item = scalar_from_text(f, text);
    if (!item || (f->kind == FX_JSON && cJSON_IsArray(item))) {
        cJSON_Delete(item);
        return NULL;
    }
    cJSON *arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, item);
    return arr;
}

static void note(cJSON *provenance, const char *path, const char *from)
{
    if (!provenance)
        return;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", path);
    cJSON_AddStringToObject(o, "from", from);
    cJSON_AddItemToArray(provenance, o);
}

/* Strings tried, in order, for a string member without a usable example. */
static const char *const string_candidates[] = {"example", "example-1", "Example1", "example_1",
                                                "a", "1", "ex", "A"};

static char *fit_length(const fx_member *f, const char *s)
{
    size_t n = fx_utf8_length(s), len = strlen(s);
    if (n == (size_t)-1)
        return NULL;
    size_t want = n;
    if ((f->limits & FX_L_MIN_LENGTH) && (double)want < f->min_length)
        want = (size_t)f->min_length;
    if ((f->limits & FX_L_MAX_LENGTH) && (double)want > f->max_length)
        want = (size_t)f->max_length;
    if (want > 100000)
        return NULL;
    char *out = malloc(len + want + 1);
    if (!out)
        return NULL;
    if (want <= n) {
        /* the first `want` code points */
        size_t at = 0, cp = 0;
        while (s[at] && cp < want) {
            at++;
            while ((s[at] & 0xC0) == 0x80)
                at++;
            cp++;
        }
        memcpy(out, s, at);
        out[at] = '\0';
    } else {
        memcpy(out, s, len);
        char fill = len ? s[len - 1] : 'a';
        if ((unsigned char)fill >= 0x80)
            fill = 'a';
        for (size_t i = n; i < want; i++)
            out[len++] = fill;
        out[len] = '\0';
    }
    return out;
}

static cJSON *derive_scalar(const fx_member *f)
{
    switch (f->kind) {
    case FX_ENUM:
    case FX_STRING: {
        if (f->n_enum_values && ((f->limits & FX_L_ENUM) || f->kind == FX_ENUM)) {
            for (size_t i = 0; i < f->n_enum_values; i++) {
                cJSON *v = cJSON_CreateString(f->enum_values[i]);
                if (f->kind == FX_ENUM || value_ok(f, v))
                    return v;
                cJSON_Delete(v);
            }
            if (f->limits & FX_L_ENUM)
                return NULL;
        }
        const char *typed = !strcmp(f->type, "date")                ? "2024-01-01"
                            : !strcmp(f->type, "timestamp")         ? "2024-01-01 00:00:00"
                            : !strcmp(f->type, "timestamp_iso8601") ? "2024-01-01T00:00:00Z"
                            : !strcmp(f->type, "binary")            ? "ZXhhbXBsZQ=="
                                                                    : NULL;
        size_t n = sizeof string_candidates / sizeof string_candidates[0];
        for (size_t i = 0; i <= n; i++) {
            const char *base = i == 0 ? typed : string_candidates[i - 1];
            if (!base)
                continue;
            char *s = fit_length(f, base);
            cJSON *v = s ? cJSON_CreateString(s) : NULL;
            free(s);
            if (v && value_ok(f, v))
                return v;
            cJSON_Delete(v);
        }
        return NULL;
    }
    case FX_INT:
    case FX_DOUBLE: {
        double v = 1;
        bool i = f->kind == FX_INT;
        if ((f->limits & FX_L_MINIMUM) && v < f->minimum)
            v = i ? ceil(f->minimum) : f->minimum;
        if ((f->limits & FX_L_EXCLUSIVE_MINIMUM) && !(v > f->exclusive_minimum))
            v = i ? floor(f->exclusive_minimum) + 1 : f->exclusive_minimum + 1;
        if ((f->limits & FX_L_MAXIMUM) && v > f->maximum)
            v = i ? floor(f->maximum) : f->maximum;
        cJSON *j = cJSON_CreateNumber(v);
        if (value_ok(f, j))
            return j;
        cJSON_Delete(j);
        return NULL;
    }
    case FX_BOOL:
        return cJSON_CreateTrue();
    case FX_JSON: {
        /* one member, not {}: flattened (query or form) an empty object
         * leaves nothing on the wire, and a required one would be missing */
        cJSON *o = cJSON_CreateObject();
        if (o && !cJSON_AddStringToObject(o, "example", "example")) {
            cJSON_Delete(o);
            o = NULL;
        }
        return o;
    }
    case FX_MESSAGE:
        break;
    }
    return NULL;
}

/* A valid item (one element) for member f: from `source` when it is one,
 * else the example, else derived. */
static cJSON *pick_item(const fx_member *f, const cJSON *source, const char *path,
                        cJSON *provenance, int depth, const char **why)
{
    if (f->kind == FX_MESSAGE) {
        const cJSON *src = cJSON_IsObject(source) ? source : NULL;
        cJSON *from_example = NULL;
        if (!src && f->example) {
            from_example = fx_value_from_text(f, f->example);
            if (f->array && cJSON_IsArray(from_example)) {
                cJSON *first = cJSON_DetachItemFromArray(from_example, 0);
                cJSON_Delete(from_example);
                from_example = first;
            }
            if (cJSON_IsObject(from_example))
                src = from_example;
        }
        cJSON *v = fx_minimal(f->message, src, path, provenance, depth + 1, why);
        cJSON_Delete(from_example);
        return v;
    }
    cJSON *candidates[2] = {NULL, NULL};
    const char *from[2] = {FX_FROM_REQUEST_EXAMPLE, FX_FROM_PARAMETER_EXAMPLE};
    if (source)
        candidates[0] = cJSON_Duplicate(source, 1);
    cJSON *ex = f->example ? fx_value_from_text(f, f->example) : NULL;
    if (f->array && cJSON_IsArray(ex)) {
        candidates[1] = cJSON_DetachItemFromArray(ex, 0);
        cJSON_Delete(ex);
    } else if (!f->array) {
        candidates[1] = ex;
    } else {
        cJSON_Delete(ex);
    }
    fx_member one = *f;
    one.array = false;
    one.limits &= ~(FX_L_MAX_ITEMS | FX_L_MIN_ITEMS);
    for (int i = 0; i < 2; i++) {
        if (candidates[i] && value_ok(&one, candidates[i])) {
            note(provenance, path, from[i]);
            cJSON_Delete(candidates[1 - i]);
            return candidates[i];
        }
        cJSON_Delete(candidates[i]);
        candidates[i] = NULL;
    }
    cJSON *d = derive_scalar(&one);
    if (d)
        note(provenance, path, FX_FROM_DERIVED);
    else if (why)
        *why = "no value satisfies the checked limits";
    return d;
}

cJSON *fx_pick(const fx_member *f, const cJSON *source, const char *path, cJSON *provenance,
               int depth, const char **why)
{
    if (depth > FX_MAX_DEPTH) {
        if (why)
            *why = "required structs nest deeper than 16 levels";
        return NULL;
    }
    if (!f->array)
        return pick_item(f, source, path, provenance, depth, why);
    /* Arrays: as many items as the minimum asks, at least one. */
    size_t want = 1;
    if ((f->limits & FX_L_MIN_ITEMS) && f->min_items > 1)
        want = (size_t)f->min_items;
    if ((f->limits & FX_L_MAX_ITEMS) && (double)want > f->max_items)
        want = (size_t)f->max_items;
    const cJSON *src = cJSON_IsArray(source) ? source : NULL;
    cJSON *from_example = NULL;
    if (!src && f->example && (from_example = fx_value_from_text(f, f->example)) &&
        cJSON_IsArray(from_example) && cJSON_GetArraySize(from_example) > 0)
        src = from_example;
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; k < want; k++) {
        char item[512];
        fx_path_index(item, sizeof item, path, k);
        const cJSON *s = src ? cJSON_GetArrayItem(src, (int)(k % (size_t)cJSON_GetArraySize(src)))
                             : NULL;
        cJSON *v = pick_item(f, s, item, provenance, depth, why);
        if (!v) {
            cJSON_Delete(arr);
            cJSON_Delete(from_example);
            return NULL;
        }
        cJSON_AddItemToArray(arr, v);
    }
    cJSON_Delete(from_example);
    if (!value_ok(f, arr)) {
        cJSON_Delete(arr);
        if (why)
            *why = "no array satisfies the checked limits";
        return NULL;
    }
    return arr;
}

cJSON *fx_minimal(const fx_message *msg, const cJSON *source, const char *prefix,
                  cJSON *provenance, int depth, const char **why)
{
    if (depth > FX_MAX_DEPTH) {
        if (why)
            *why = "required structs nest deeper than 16 levels";
        return NULL;
    }
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; i < msg->n_members; i++) {
        const fx_member *f = &msg->members[i];
        if (!f->required)
            continue;
        char path[512];
        fx_path_join(path, sizeof path, prefix, f->wire);
        const cJSON *src = source ? cJSON_GetObjectItemCaseSensitive(source, f->wire) : NULL;
        cJSON *v = fx_pick(f, cJSON_IsNull(src) ? NULL : src, path, provenance, depth, why);
        if (!v) {
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToObject(out, f->wire, v);
    }
    return out;
}
