#include "ir_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void add_str(cJSON *o, const char *key, const char *s)
{
    cJSON_AddItemToObject(o, key, str_or_null(s));
}

static cJSON *number_json(double v)
{
    return cJSON_CreateNumber(v);
}

static cJSON *limit_json(const ir_limit *l)
{
    cJSON *o = cJSON_CreateObject();
    switch (l->kind) {
    case IR_LIMIT_ENUM: {
        cJSON *vals = cJSON_AddArrayToObject(o, "values");
        for (size_t i = 0; i < l->n_values; i++) {
            cJSON *v = cJSON_CreateObject();
            add_str(v, "value", l->values[i].value);
            add_str(v, "label", l->values[i].label);
            cJSON_AddItemToArray(vals, v);
        }
        break;
    }
    case IR_LIMIT_PATTERN:
    case IR_LIMIT_DEFAULT:
        add_str(o, "value", l->text);
        break;
    default:
        cJSON_AddItemToObject(o, "value", number_json(l->number));
        break;
    }
    cJSON_AddBoolToObject(o, "enforce", l->enforce);
    cJSON_AddStringToObject(o, "provenance", ir_provenance_name(l->provenance));
    add_str(o, "source", l->source);
    if (l->line)
        cJSON_AddNumberToObject(o, "line", l->line);
    return o;
}

static cJSON *param_json(const ir_param *p)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", p->name);
    cJSON_AddStringToObject(o, "location", ir_location_name(p->location));
    cJSON_AddStringToObject(o, "type", ir_type_name(p->type));
    cJSON_AddBoolToObject(o, "array", p->array);
    add_str(o, "ref", p->ref);
    if (p->required == IR_UNKNOWN)
        cJSON_AddNullToObject(o, "required");
    else
        cJSON_AddBoolToObject(o, "required", p->required == IR_YES);
    add_str(o, "description", p->description);
    add_str(o, "example", p->example);
    if (p->deprecated)
        cJSON_AddBoolToObject(o, "deprecated", true);
    cJSON *limits = cJSON_AddObjectToObject(o, "limits");
    /* Keyed by kind, in kind order, so output does not depend on the order
     * the limits were found in. */
    for (int k = 0; k < IR_LIMIT_KIND_COUNT; k++)
        for (size_t i = 0; i < p->n_limits; i++)
            if ((int)p->limits[i].kind == k)
                cJSON_AddItemToObject(limits, ir_limit_kind_name((ir_limit_kind)k),
                                      limit_json(&p->limits[i]));
    if (p->line)
        cJSON_AddNumberToObject(o, "line", p->line);
    return o;
}

static cJSON *params_json(const ir_param *ps, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, param_json(&ps[i]));
    return a;
}

static cJSON *strings_json(const char *const *s, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(s[i]));
    return a;
}

static cJSON *action_json(const ir_action *a)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", a->name);
    add_str(o, "title", a->title);
    add_str(o, "description", a->description);
    cJSON *http = cJSON_AddObjectToObject(o, "http");
    add_str(http, "method", a->method);
    add_str(http, "path", a->path);
    if (a->rate_limit_per_second >= 0)
        cJSON_AddNumberToObject(o, "rate_limit_per_second", (double)a->rate_limit_per_second);
    else
        cJSON_AddNullToObject(o, "rate_limit_per_second");
    if (a->n_regions)
        cJSON_AddItemToObject(o, "regions", strings_json(a->regions, a->n_regions));
    else
        cJSON_AddNullToObject(o, "regions");
    cJSON_AddItemToObject(o, "input", params_json(a->input, a->n_input));
    cJSON_AddItemToObject(o, "output", params_json(a->output, a->n_output));
    if (a->errors_documented || a->n_errors)
        cJSON_AddItemToObject(o, "errors", strings_json(a->errors, a->n_errors));
    else
        cJSON_AddNullToObject(o, "errors");
    if (a->n_error_statuses) {
        cJSON *st = cJSON_AddArrayToObject(o, "error_statuses");
        for (size_t i = 0; i < a->n_error_statuses; i++)
            cJSON_AddItemToArray(st, cJSON_CreateNumber(a->error_statuses[i]));
    }
    cJSON *ex = cJSON_AddArrayToObject(o, "examples");
    for (size_t i = 0; i < a->n_examples; i++) {
        const ir_example *e = &a->examples[i];
        cJSON *x = cJSON_CreateObject();
        add_str(x, "title", e->title);
        add_str(x, "request", e->request);
        add_str(x, "request_body", e->request_body);
        add_str(x, "response", e->response);
        if (e->line)
            cJSON_AddNumberToObject(x, "line", e->line);
        cJSON_AddItemToArray(ex, x);
    }
    cJSON *src = cJSON_AddObjectToObject(o, "source");
    add_str(src, "file", a->source_file);
    cJSON_AddNumberToObject(src, "line", a->line);
    return o;
}

static cJSON *struct_json(const ir_struct *s)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", s->name);
    add_str(o, "description", s->description);
    cJSON_AddItemToObject(o, "referenced_by", strings_json(s->referenced_by, s->n_referenced_by));
    cJSON_AddItemToObject(o, "members", params_json(s->members, s->n_members));
    cJSON *src = cJSON_AddObjectToObject(o, "source");
    add_str(src, "file", s->source_file);
    cJSON_AddNumberToObject(src, "line", s->line);
    return o;
}

static cJSON *history_json(const ir_release *rs, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "release", rs[i].number);
        add_str(o, "date", rs[i].date);
        cJSON *changes = cJSON_AddArrayToObject(o, "changes");
        for (size_t c = 0; c < rs[i].n_changes; c++) {
            const ir_change *ch = &rs[i].changes[c];
            cJSON *x = cJSON_CreateObject();
            add_str(x, "kind", ch->kind);
            add_str(x, "target", ch->target);
            cJSON_AddItemToObject(x, "names", strings_json(ch->names, ch->n_names));
            cJSON_AddNumberToObject(x, "line", ch->line);
            cJSON_AddItemToArray(changes, x);
        }
        cJSON *src = cJSON_AddObjectToObject(o, "source");
        add_str(src, "file", rs[i].source_file);
        cJSON_AddNumberToObject(src, "line", rs[i].line);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *service_json(const ir_service *s)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "id", s->id);
    add_str(o, "vendor", s->vendor);
    add_str(o, "product", s->product);
    add_str(o, "version", s->version);
    add_str(o, "endpoint", s->endpoint);
    add_str(o, "description", s->description);
    cJSON *proto = cJSON_AddObjectToObject(o, "protocol");
    add_str(proto, "style", s->protocol.style);
    add_str(proto, "envelope", s->protocol.envelope);
    cJSON_AddItemToObject(proto, "signing", strings_json(s->protocol.signing, s->protocol.n_signing));
    cJSON_AddItemToObject(proto, "common_parameters",
                          params_json(s->protocol.common_params, s->protocol.n_common_params));
    cJSON *facts = cJSON_AddObjectToObject(proto, "facts");
    for (size_t i = 0; i < s->protocol.n_facts; i++)
        add_str(facts, s->protocol.facts[i].key, s->protocol.facts[i].value);
    cJSON *actions = cJSON_AddArrayToObject(o, "actions");
    for (size_t i = 0; i < s->n_actions; i++)
        cJSON_AddItemToArray(actions, action_json(&s->actions[i]));
    cJSON *structs = cJSON_AddArrayToObject(o, "structs");
    for (size_t i = 0; i < s->n_structs; i++)
        cJSON_AddItemToArray(structs, struct_json(&s->structs[i]));
    cJSON *errors = cJSON_AddArrayToObject(o, "errors");
    for (size_t i = 0; i < s->n_errors; i++) {
        const ir_error *e = &s->errors[i];
        cJSON *x = cJSON_CreateObject();
        add_str(x, "code", e->code);
        add_str(x, "description", e->description);
        if (e->http_status)
            cJSON_AddNumberToObject(x, "http_status", e->http_status);
        else
            cJSON_AddNullToObject(x, "http_status");
        cJSON_AddBoolToObject(x, "common", e->common);
        cJSON_AddItemToArray(errors, x);
    }
    cJSON_AddItemToObject(o, "sources", strings_json(s->sources, s->n_sources));
    if (s->n_provenance) {
        cJSON *prov = cJSON_AddObjectToObject(o, "provenance");
        for (size_t i = 0; i < s->n_provenance; i++)
            add_str(prov, s->provenance[i].key, s->provenance[i].value);
    }
    if (s->n_history)
        cJSON_AddItemToObject(o, "history", history_json(s->history, s->n_history));
    return o;
}

cJSON *ir_to_json(const ir_doc *doc)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddNumberToObject(root, "ir_version", IR_VERSION);
    cJSON *svcs = cJSON_AddArrayToObject(root, "services");
    for (size_t i = 0; i < doc->n_services; i++)
        cJSON_AddItemToArray(svcs, service_json(&doc->services[i]));
    return root;
}

char *ir_to_json_text(const ir_doc *doc)
{
    cJSON *root = ir_to_json(doc);
    if (!root)
        return NULL;
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, text, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    cJSON_free(text);
    return out;
}
