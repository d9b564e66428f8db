#include "profiles.h"

#include "file_read.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *str_field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int check_profile(const char *path, const cJSON *j, diag_list *d)
{
    static const char *const required[] = {"id", "vendor", "product", "endpoint"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!str_field(j, required[i])) {
            diag_add(d, DIAG_ERROR, path, 0, "profile: \"%s\" (a string) is required", required[i]);
            return -1;
        }
    const cJSON *proto = cJSON_GetObjectItemCaseSensitive(j, "protocol");
    if (!cJSON_IsObject(proto) || !str_field(proto, "style") || !str_field(proto, "envelope")) {
        diag_add(d, DIAG_ERROR, path, 0,
                 "profile: \"protocol\" needs \"style\" and \"envelope\" strings");
        return -1;
    }
    return 0;
}

int profile_set_load(profile_set *set, const char *dir, diag_list *d)
{
    *set = (profile_set)PROFILE_SET_INIT;
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(d, DIAG_ERROR, dir, 0, "cannot open the profiles folder");
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 8) * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_names);
    int rc = 0;
    set->items = calloc(n ? n : 1, sizeof *set->items);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len;
        const char *why;
        char *text = file_read_all(path, 1u << 20, &len, &why);
        cJSON *j = text ? cJSON_ParseWithLength(text, len) : NULL;
        if (!text) {
            diag_add(d, DIAG_ERROR, path, 0, "cannot read profile: %s", why);
            rc = -1;
        } else if (!j) {
            diag_add(d, DIAG_ERROR, path, 0, "profile is not valid JSON");
            rc = -1;
        } else if (check_profile(path, j, d) < 0) {
            cJSON_Delete(j);
            rc = -1;
        } else {
            set->items[set->n].path = strdup(path);
            set->items[set->n].json = j;
            set->n++;
        }
        free(text);
        free(names[i]);
    }
    free(names);
    return rc;
}

void profile_set_free(profile_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free((char *)set->items[i].path);
        cJSON_Delete(set->items[i].json);
    }
    free(set->items);
    *set = (profile_set)PROFILE_SET_INIT;
}

static bool doc_contains(const doc_text *doc, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i < doc->n; i++) {
        const doc_line *l = &doc->lines[i];
        if (l->len < nl)
            continue;
        for (size_t k = 0; k + nl <= l->len; k++)
            if (!memcmp(l->text + k, needle, nl))
                return true;
    }
    return false;
}

const service_profile *profile_match(const profile_set *set, const doc_text *doc, const char *path)
{
    for (size_t i = 0; set && i < set->n; i++) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(set->items[i].json, "match");
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "path_prefix"))
        {
            if (path && cJSON_IsString(it) && !strncmp(path, it->valuestring, strlen(it->valuestring)))
                return &set->items[i];
        }
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "text"))
        {
            if (cJSON_IsString(it) && doc_contains(doc, it->valuestring))
                return &set->items[i];
        }
    }
    return NULL;
}

static void add_provenance(ir_doc *ir, ir_service *svc, const char *key, const char *from)
{
    ir_kv *kv = ARENA_PUSH(&ir->mem, svc->provenance, svc->n_provenance, svc->cap_provenance);
    kv->key = key;
    kv->value = from;
}

ir_service *profile_service(const service_profile *p, ir_doc *ir)
{
    const cJSON *j = p->json;
    const char *id = str_field(j, "id");
    ir_service *svc = ir_find_service(ir, id);
    if (svc)
        return svc;
    svc = ARENA_PUSH(&ir->mem, ir->services, ir->n_services, ir->cap_services);
    arena *a = &ir->mem;
    const char *from = arena_printf(a, "profile:%s", p->path);
    svc->id = arena_strdup(a, id);
    svc->vendor = arena_strdup(a, str_field(j, "vendor"));
    svc->product = arena_strdup(a, str_field(j, "product"));
    svc->version = arena_strdup(a, str_field(j, "version"));
    svc->endpoint = arena_strdup(a, str_field(j, "endpoint"));
    svc->description = arena_strdup(a, str_field(j, "description"));
    const cJSON *proto = cJSON_GetObjectItemCaseSensitive(j, "protocol");
    svc->protocol.style = arena_strdup(a, str_field(proto, "style"));
    svc->protocol.envelope = arena_strdup(a, str_field(proto, "envelope"));
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(proto, "signing"))
    {
        if (cJSON_IsString(it))
            *ARENA_PUSH(a, svc->protocol.signing, svc->protocol.n_signing, svc->protocol.cap_signing) =
                arena_strdup(a, it->valuestring);
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(proto, "facts"))
    {
        if (cJSON_IsString(it)) {
            ir_kv *kv = ARENA_PUSH(a, svc->protocol.facts, svc->protocol.n_facts, svc->protocol.cap_facts);
            kv->key = arena_strdup(a, it->string);
            kv->value = arena_strdup(a, it->valuestring);
        }
    }
    static const char *const fields[] = {"vendor", "product", "version", "endpoint", "protocol"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (cJSON_GetObjectItemCaseSensitive(j, fields[i]))
            add_provenance(ir, svc, fields[i], from);
    return svc;
}

const char *profile_action_name(const service_profile *p, const char *method, const char *path)
{
    if (!method || !path)
        return NULL;
    const cJSON *actions = cJSON_GetObjectItemCaseSensitive(p->json, "actions");
    const cJSON *it;
    cJSON_ArrayForEach(it, actions)
    {
        const char *sp = strchr(it->string, ' ');
        if (!sp || (size_t)(sp - it->string) != strlen(method) ||
            strncmp(it->string, method, strlen(method)) || strcmp(sp + 1, path))
            continue;
        const char *name = cJSON_IsString(it) ? it->valuestring : str_field(it, "name");
        if (name)
            return name;
    }
    return NULL;
}
