#include "ir.h"

#include <string.h>

void ir_doc_free(ir_doc *doc)
{
    arena_free(&doc->mem);
    doc->services = NULL;
    doc->n_services = doc->cap_services = 0;
}

ir_service *ir_find_service(ir_doc *doc, const char *id)
{
    for (size_t i = 0; i < doc->n_services; i++)
        if (!strcmp(doc->services[i].id, id))
            return &doc->services[i];
    return NULL;
}

ir_action *ir_find_action(ir_service *svc, const char *name)
{
    for (size_t i = 0; i < svc->n_actions; i++)
        if (!strcmp(svc->actions[i].name, name))
            return &svc->actions[i];
    return NULL;
}

ir_struct *ir_find_struct(ir_service *svc, const char *name)
{
    for (size_t i = 0; i < svc->n_structs; i++)
        if (!strcmp(svc->structs[i].name, name))
            return &svc->structs[i];
    return NULL;
}

ir_error *ir_find_error(ir_service *svc, const char *code)
{
    for (size_t i = 0; i < svc->n_errors; i++)
        if (!strcmp(svc->errors[i].code, code))
            return &svc->errors[i];
    return NULL;
}

bool ir_is_tencent_v2_envelope_member(const char *name)
{
    return name && (!strcmp(name, "code") || !strcmp(name, "codeDesc") || !strcmp(name, "message"));
}

ir_param *ir_find_param(ir_param *params, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(params[i].name, name))
            return &params[i];
    return NULL;
}

ir_limit *ir_find_limit(ir_param *p, ir_limit_kind kind)
{
    for (size_t i = 0; i < p->n_limits; i++)
        if (p->limits[i].kind == kind)
            return &p->limits[i];
    return NULL;
}

static const char *const type_names[] = {
    [IR_TYPE_STRING] = "string",   [IR_TYPE_INTEGER] = "integer",
    [IR_TYPE_NUMBER] = "number",   [IR_TYPE_FLOAT] = "float",
    [IR_TYPE_DOUBLE] = "double",   [IR_TYPE_BOOLEAN] = "boolean",
    [IR_TYPE_DATE] = "date",       [IR_TYPE_TIMESTAMP] = "timestamp",
    [IR_TYPE_TIMESTAMP_ISO8601] = "timestamp_iso8601",
    [IR_TYPE_BINARY] = "binary",   [IR_TYPE_OBJECT] = "object",
};

static const char *const location_names[] = {
    [IR_LOC_NONE] = "none", [IR_LOC_BODY] = "body",     [IR_LOC_QUERY] = "query",
    [IR_LOC_PATH] = "path", [IR_LOC_HEADER] = "header",
};

static const char *const limit_kind_names[] = {
    [IR_LIMIT_MAX_ITEMS] = "max_items",   [IR_LIMIT_MIN_ITEMS] = "min_items",
    [IR_LIMIT_MAXIMUM] = "maximum",       [IR_LIMIT_MINIMUM] = "minimum",
    [IR_LIMIT_EXCLUSIVE_MINIMUM] = "exclusive_minimum",
    [IR_LIMIT_MAX_LENGTH] = "max_length", [IR_LIMIT_MIN_LENGTH] = "min_length",
    [IR_LIMIT_ENUM] = "enum",             [IR_LIMIT_PATTERN] = "pattern",
    [IR_LIMIT_DEFAULT] = "default",
};

static bool lookup(const char *const *names, size_t n, const char *name, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strcmp(names[i], name)) {
            *out = (int)i;
            return true;
        }
    return false;
}

const char *ir_type_name(ir_type t) { return type_names[t]; }
const char *ir_location_name(ir_location l) { return location_names[l]; }
const char *ir_limit_kind_name(ir_limit_kind k) { return limit_kind_names[k]; }

const char *ir_provenance_name(ir_provenance p)
{
    switch (p) {
    case IR_FROM_OVERRIDE: return "override";
    case IR_FROM_PROFILE: return "profile";
    default: return "document";
    }
}

bool ir_type_from_name(const char *name, ir_type *out)
{
    int v;
    if (!lookup(type_names, sizeof type_names / sizeof *type_names, name, &v))
        return false;
    *out = (ir_type)v;
    return true;
}

bool ir_location_from_name(const char *name, ir_location *out)
{
    int v;
    if (!lookup(location_names, sizeof location_names / sizeof *location_names, name, &v))
        return false;
    *out = (ir_location)v;
    return true;
}

bool ir_limit_kind_from_name(const char *name, ir_limit_kind *out)
{
    int v;
    if (!lookup(limit_kind_names, IR_LIMIT_KIND_COUNT, name, &v))
        return false;
    *out = (ir_limit_kind)v;
    return true;
}
