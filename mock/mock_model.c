/* Loading the IR into the mock's model: services, actions, path templates,
 * compiled patterns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_sign.h"
#include "mock_internal.h"

#define MOCK_MAX_IR_BYTES ((long)256 * 1024 * 1024)

const char *dbm_json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int dbm_json_true(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static char *read_file(const char *path, size_t *len, docbind_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: cannot open", path);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            if (cap > (size_t)MOCK_MAX_IR_BYTES) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: larger than %ld bytes", path,
                                  MOCK_MAX_IR_BYTES);
                goto fail;
            }
            char *p = realloc(buf, cap);
            if (!p) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: out of memory", path);
                goto fail;
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: read error", path);
                goto fail;
            }
            break;
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

static size_t fact_bytes(const cJSON *facts, const char *key)
{
    const char *v = dbm_json_str(facts, key);
    if (!v)
        return 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    return (*end == '\0' && end != v) ? (size_t)n : 0;
}

static int split_path(const char *path, char ***out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t n = 0;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            n++;
    char **segs = calloc(n + 1, sizeof *segs);
    if (!segs)
        return -1;
    size_t k = 0;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        segs[k] = malloc(len + 1);
        if (!segs[k]) {
            for (size_t i = 0; i < k; i++)
                free(segs[i]);
            free(segs);
            return -1;
        }
        memcpy(segs[k], p, len);
        segs[k][len] = '\0';
        k++;
        p += len;
    }
    *out = segs;
    *count = k;
    return 0;
}

int dbm_path_match(const dbm_action *a, char *const *segments, size_t n)
{
    if (!a->segments || a->segment_count != n)
        return -1;
    int literal = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = a->segments[i];
        size_t tl = strlen(t);
        if (tl >= 2 && t[0] == '{' && t[tl - 1] == '}') {
            if (!segments[i][0])
                return -1;
            continue;
        }
        if (strcmp(t, segments[i]) != 0)
            return -1;
        literal++;
    }
    return literal;
}

static int pattern_cmp(const void *a, const void *b)
{
    const dbm_pattern *x = a, *y = b;
    return x->limit < y->limit ? -1 : x->limit > y->limit ? 1 : 0;
}

const pcre2_code *dbm_pattern_for(const dbm_model *m, const cJSON *limit)
{
    dbm_pattern key = {limit, NULL};
    const dbm_pattern *p = bsearch(&key, m->patterns, m->pattern_count, sizeof key, pattern_cmp);
    return p ? p->code : NULL;
}

static int compile_patterns(dbm_model *m, const cJSON *params, const char *where,
                            docbind_error *err)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, params)
    {
        const cJSON *limits = cJSON_GetObjectItemCaseSensitive(p, "limits");
        const cJSON *pat = cJSON_GetObjectItemCaseSensitive(limits, "pattern");
        if (!pat || !dbm_json_true(pat, "enforce"))
            continue;
        const char *value = dbm_json_str(pat, "value");
        if (!value)
            continue;
        int code;
        PCRE2_SIZE offset;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)value, PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &offset, NULL);
        if (!re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(code, msg, sizeof msg);
            return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                     "%s.%s: pattern does not compile at offset %zu: %s", where,
                                     dbm_json_str(p, "name") ? dbm_json_str(p, "name") : "?",
                                     (size_t)offset, (const char *)msg);
        }
        dbm_pattern *grown = realloc(m->patterns, (m->pattern_count + 1) * sizeof *grown);
        if (!grown) {
            pcre2_code_free(re);
            return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        }
        m->patterns = grown;
        m->patterns[m->pattern_count].limit = pat;
        m->patterns[m->pattern_count].code = re;
        m->pattern_count++;
    }
    return 0;
}

static int load_action(dbm_model *m, dbm_service *s, dbm_action *a, const cJSON *j,
                       docbind_error *err)
{
    a->json = j;
    a->service = s;
    a->name = dbm_json_str(j, "name");
    const cJSON *http = cJSON_GetObjectItemCaseSensitive(j, "http");
    a->method = dbm_json_str(http, "method");
    a->path = dbm_json_str(http, "path");
    if (!a->name || !a->name[0] || !a->method || !a->path)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "%s: an action without name or http {method, path}", s->id);
    a->input = cJSON_GetObjectItemCaseSensitive(j, "input");
    a->output = cJSON_GetObjectItemCaseSensitive(j, "output");
    if (!cJSON_IsArray(a->input) || !cJSON_IsArray(a->output))
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s.%s: input/output not arrays",
                                 s->id, a->name);
    a->errors = cJSON_GetObjectItemCaseSensitive(j, "errors");
    if (!cJSON_IsArray(a->errors))
        a->errors = NULL;
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(j, "rate_limit_per_second");
    a->rate = cJSON_IsNumber(rate) && rate->valuedouble > 0 ? rate->valuedouble : 0;
    const cJSON *examples = cJSON_GetObjectItemCaseSensitive(j, "examples");
    const cJSON *ex;
    cJSON_ArrayForEach(ex, examples)
    {
        const char *resp = dbm_json_str(ex, "response");
        if (resp && resp[0]) {
            a->example_response = resp;
            break;
        }
    }
    dbm_example_classify(a);
    if (s->style == MOCK_STYLE_REST_JSON && split_path(a->path, &a->segments, &a->segment_count))
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    size_t klen = strlen(s->id) + strlen(a->name) + 2;
    a->rate_key = malloc(klen);
    if (!a->rate_key)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    snprintf(a->rate_key, klen, "%s/%s", s->id, a->name);
    a->index = m->action_total++;
    char where[256];
    snprintf(where, sizeof where, "%s.%s", s->id, a->name);
    return compile_patterns(m, a->input, where, err);
}

static int struct_name_cmp(const void *a, const void *b)
{
    return strcmp(dbm_json_str(*(const cJSON *const *)a, "name"),
                  dbm_json_str(*(const cJSON *const *)b, "name"));
}

static int struct_key_cmp(const void *key, const void *elem)
{
    return strcmp(key, dbm_json_str(*(const cJSON *const *)elem, "name"));
}

/* Looked up for every struct value of every request: a sorted index
 * rather than a walk over the IR's list. With duplicate names the first
 * in sorted order wins (the IR names each struct once). */
static int index_structs(dbm_service *s)
{
    size_t n = 0;
    const cJSON *st;
    cJSON_ArrayForEach(st, s->structs)
        n += dbm_json_str(st, "name") != NULL;
    s->struct_index = calloc(n ? n : 1, sizeof *s->struct_index);
    if (!s->struct_index)
        return -1;
    cJSON_ArrayForEach(st, s->structs)
        if (dbm_json_str(st, "name"))
            s->struct_index[s->struct_count++] = st;
    qsort(s->struct_index, s->struct_count, sizeof *s->struct_index, struct_name_cmp);
    return 0;
}

static int load_service(dbm_model *m, dbm_service *s, const cJSON *j, const char *path,
                        docbind_error *err)
{
    s->id = dbm_json_str(j, "id");
    s->vendor = dbm_json_str(j, "vendor");
    s->version = dbm_json_str(j, "version");
    s->endpoint = dbm_json_str(j, "endpoint");
    const cJSON *proto = cJSON_GetObjectItemCaseSensitive(j, "protocol");
    const char *style = dbm_json_str(proto, "style");
    const char *envelope = dbm_json_str(proto, "envelope");
    if (!s->id || !s->vendor || !s->endpoint || !style || !envelope)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "%s: a service without id, vendor, endpoint or protocol", path);
    for (size_t i = 0; i < m->service_count; i++)
        if (m->services[i].id && &m->services[i] != s && !strcmp(m->services[i].id, s->id))
            return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: service %s loaded twice",
                                     path, s->id);
    if (!strcmp(style, "rpc-json"))
        s->style = MOCK_STYLE_RPC_JSON;
    else if (!strcmp(style, "rpc-query"))
        s->style = MOCK_STYLE_RPC_QUERY;
    else if (!strcmp(style, "rest-json"))
        s->style = MOCK_STYLE_REST_JSON;
    else
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: unknown protocol style %s",
                                 s->id, style);
    if (!strcmp(envelope, "tencent"))
        s->envelope = MOCK_ENV_TENCENT;
    else if (!strcmp(envelope, "tencent-v2"))
        s->envelope = MOCK_ENV_TENCENT_V2;
    else if (!strcmp(envelope, "huawei"))
        s->envelope = MOCK_ENV_HUAWEI;
    else if (!strcmp(envelope, "aliyun"))
        s->envelope = MOCK_ENV_ALIYUN;
    else
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: unknown envelope %s", s->id,
                                 envelope);
    const cJSON *alg;
    cJSON_ArrayForEach(alg, cJSON_GetObjectItemCaseSensitive(proto, "signing"))
    {
        if (cJSON_IsString(alg)) {
            docbind_sign_algorithm a = docbind_sign_algorithm_from_name(alg->valuestring);
            if (a)
                s->signing |= 1u << a;
        }
    }
    s->facts = cJSON_GetObjectItemCaseSensitive(proto, "facts");
    s->max_get_bytes = fact_bytes(s->facts, "max_request_bytes_get");
    s->max_post_v1_bytes = fact_bytes(s->facts, "max_request_bytes_post_v1");
    s->max_post_tc3_bytes = fact_bytes(s->facts, "max_request_bytes_post_tc3");
    s->structs = cJSON_GetObjectItemCaseSensitive(j, "structs");
    s->errors = cJSON_GetObjectItemCaseSensitive(j, "errors");
    if (index_structs(s))
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    size_t dot = strcspn(s->endpoint, ".");
    s->sign_service = malloc(dot + 1);
    if (!s->sign_service)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    memcpy(s->sign_service, s->endpoint, dot);
    s->sign_service[dot] = '\0';

    const cJSON *actions = cJSON_GetObjectItemCaseSensitive(j, "actions");
    int n = cJSON_GetArraySize(actions);
    if (!cJSON_IsArray(actions))
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "%s: no actions array", s->id);
    s->actions = calloc(n > 0 ? (size_t)n : 1, sizeof *s->actions);
    if (!s->actions)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    const cJSON *aj;
    cJSON_ArrayForEach(aj, actions)
    {
        dbm_action *a = &s->actions[s->action_count++];
        if (load_action(m, s, a, aj, err))
            return -1;
    }
    const cJSON *st;
    cJSON_ArrayForEach(st, s->structs)
    {
        char where[256];
        snprintf(where, sizeof where, "%s.%s", s->id,
                 dbm_json_str(st, "name") ? dbm_json_str(st, "name") : "?");
        if (compile_patterns(m, cJSON_GetObjectItemCaseSensitive(st, "members"), where, err))
            return -1;
    }
    return 0;
}

int dbm_model_load(dbm_model *m, const char *const *paths, size_t n, docbind_error *err)
{
    memset(m, 0, sizeof *m);
    if (n == 0)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "no IR file given");
    m->docs = calloc(n, sizeof *m->docs);
    if (!m->docs)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *text = read_file(paths[i], &len, err);
        if (!text)
            goto fail;
        m->docs[i] = cJSON_ParseWithLength(text, len);
        free(text);
        m->doc_count++;
        if (!m->docs[i]) {
            docbind_error_set(err, DOCBIND_ERROR_PARSE, "%s: not valid JSON", paths[i]);
            goto fail;
        }
        const cJSON *ver = cJSON_GetObjectItemCaseSensitive(m->docs[i], "ir_version");
        const cJSON *services = cJSON_GetObjectItemCaseSensitive(m->docs[i], "services");
        if (!cJSON_IsNumber(ver) || ver->valueint != 1 || !cJSON_IsArray(services)) {
            docbind_error_set(err, DOCBIND_ERROR_PARSE,
                              "%s: not an IR file (ir_version 1 with services)", paths[i]);
            goto fail;
        }
        total += (size_t)cJSON_GetArraySize(services);
    }
    if (total == 0) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "the IR files hold no service");
        goto fail;
    }
    m->services = calloc(total, sizeof *m->services);
    if (!m->services) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const cJSON *sj;
        cJSON_ArrayForEach(sj, cJSON_GetObjectItemCaseSensitive(m->docs[i], "services"))
        {
            dbm_service *s = &m->services[m->service_count++];
            if (load_service(m, s, sj, paths[i], err))
                goto fail;
        }
    }
    if (m->pattern_count)
        qsort(m->patterns, m->pattern_count, sizeof *m->patterns, pattern_cmp);
    m->match_context = pcre2_match_context_create(NULL);
    if (!m->match_context) {
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory");
        goto fail;
    }
    /* Bounded work per match, whatever the pattern and the value. */
    pcre2_set_match_limit(m->match_context, 100000);
    pcre2_set_depth_limit(m->match_context, 1000);
    return 0;
fail:
    dbm_model_free(m);
    return -1;
}

void dbm_model_free(dbm_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->service_count; i++) {
        dbm_service *s = &m->services[i];
        for (size_t k = 0; k < s->action_count; k++) {
            dbm_action *a = &s->actions[k];
            for (size_t j = 0; j < a->segment_count; j++)
                free(a->segments[j]);
            free(a->segments);
            free(a->rate_key);
        }
        free(s->actions);
        free(s->struct_index);
        free(s->sign_service);
    }
    free(m->services);
    for (size_t i = 0; i < m->pattern_count; i++)
        pcre2_code_free(m->patterns[i].code);
    free(m->patterns);
    pcre2_match_context_free(m->match_context);
    for (size_t i = 0; i < m->doc_count; i++)
        cJSON_Delete(m->docs[i]);
    free(m->docs);
    memset(m, 0, sizeof *m);
}

const cJSON *dbm_find_struct(const dbm_service *s, const char *name)
{
    if (!s->struct_count)
        return NULL;
    const cJSON *const *hit =
        bsearch(name, s->struct_index, s->struct_count, sizeof *s->struct_index, struct_key_cmp);
    return hit ? *hit : NULL;
}

const cJSON *dbm_find_error(const dbm_service *s, const char *code)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, s->errors)
    {
        const char *c = dbm_json_str(e, "code");
        if (c && !strcmp(c, code))
            return e;
    }
    return NULL;
}
