#include "overrides.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "limits.h"

static const char *get_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static ir_param *find_target(ir_doc *ir, const cJSON *e, const char *label, int idx, diag_list *d)
{
    const char *svc_id = get_str(e, "service"), *action = get_str(e, "action"),
               *st = get_str(e, "struct"), *param = get_str(e, "param"),
               *dir = get_str(e, "direction");
    if (!svc_id || !param || (!action == !st)) {
        diag_add(d, DIAG_ERROR, label, 0,
                 "overrides[%d]: needs \"service\", \"param\" and one of \"action\" or \"struct\"",
                 idx);
        return NULL;
    }
    ir_service *svc = ir_find_service(ir, svc_id);
    if (!svc) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: no service '%s' in the IR", idx, svc_id);
        return NULL;
    }
    ir_param *p = NULL;
    if (action) {
        ir_action *a = ir_find_action(svc, action);
        if (!a) {
            diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: no action '%s' in %s", idx, action,
                     svc_id);
            return NULL;
        }
        bool output = dir && !strcmp(dir, "output");
        p = output ? ir_find_param(a->output, a->n_output, param)
                   : ir_find_param(a->input, a->n_input, param);
    } else {
        ir_struct *s = ir_find_struct(svc, st);
        if (!s) {
            diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: no struct '%s' in %s", idx, st,
                     svc_id);
            return NULL;
        }
        p = ir_find_param(s->members, s->n_members, param);
    }
    if (!p)
        diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: no parameter '%s' in %s", idx, param,
                 action ? action : st);
    return p;
}

static int apply_one(ir_doc *ir, const cJSON *e, const char *label, int idx, diag_list *d)
{
    ir_param *p = find_target(ir, e, label, idx, d);
    if (!p)
        return -1;
    const char *kind_name = get_str(e, "limit");
    ir_limit_kind kind;
    if (!kind_name || !ir_limit_kind_from_name(kind_name, &kind)) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: \"limit\" must name a limit kind", idx);
        return -1;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "remove"))) {
        ir_param_remove_limit(p, kind);
        return 0;
    }
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(e, "set");
    if (!cJSON_IsObject(set)) {
        diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: needs \"set\" or \"remove\": true", idx);
        return -1;
    }
    ir_limit *l = ir_param_set_limit(&ir->mem, p, kind);
    l->provenance = IR_FROM_OVERRIDE;
    l->enforce = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(set, "enforce"));
    const char *reason = get_str(e, "reason");
    l->source = reason ? arena_strdup(&ir->mem, reason) : NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, "value");
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(set, "values");
    if (kind == IR_LIMIT_ENUM) {
        if (!cJSON_IsArray(vals)) {
            diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: an enum needs \"values\": [...]", idx);
            return -1;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, vals)
        {
            if (!cJSON_IsString(it)) {
                diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: enum values must be strings", idx);
                return -1;
            }
            ir_enum_value *ev = ARENA_PUSH(&ir->mem, l->values, l->n_values, l->cap_values);
            ev->value = arena_strdup(&ir->mem, it->valuestring);
        }
    } else if (kind == IR_LIMIT_PATTERN || kind == IR_LIMIT_DEFAULT) {
        if (!cJSON_IsString(v)) {
            diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: \"value\" must be a string", idx);
            return -1;
        }
        l->text = arena_strdup(&ir->mem, v->valuestring);
    } else {
        if (!cJSON_IsNumber(v)) {
            diag_add(d, DIAG_ERROR, label, 0, "overrides[%d]: \"value\" must be a number", idx);
            return -1;
        }
        l->number = v->valuedouble;
    }
    return 0;
}

int overrides_apply_text(const char *label, const char *json, ir_doc *ir, diag_list *d)
{
    cJSON *root = cJSON_Parse(json);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        diag_add(d, DIAG_ERROR, label, 0, "invalid JSON near '%.20s'", at ? at : "");
        return -1;
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "overrides");
    if (!cJSON_IsArray(list)) {
        diag_add(d, DIAG_ERROR, label, 0, "expected {\"overrides\": [...]}");
        cJSON_Delete(root);
        return -1;
    }
    int rc = 0, idx = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        if (apply_one(ir, e, label, idx, d) < 0)
            rc = -1;
        idx++;
    }
    cJSON_Delete(root);
    return rc;
}

int overrides_apply_file(const char *path, ir_doc *ir, diag_list *d)
{
    size_t len;
    const char *why;
    char *buf = file_read_all(path, 16u << 20, &len, &why);
    if (!buf) {
        diag_add(d, DIAG_ERROR, path, 0, "cannot read overrides file: %s", why);
        return -1;
    }
    int rc = overrides_apply_text(path, buf, ir, d);
    free(buf);
    return rc;
}
