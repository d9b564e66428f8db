/* codegen_context.c: IR service (JSON) -> template context (JSON).
 *
 * Names are claimed in a fixed order so the output does not depend on
 * anything but the IR: the service's error enum, then every action's
 * request and response types in IR order, then the data structures in IR
 * order, then (while members are read) enum types and nested structs. */
#include "codegen_context.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

/* Member roles decide presence and required flags. */
typedef enum role {
    ROLE_REQUEST,  /* a member of an action's request */
    ROLE_RESPONSE, /* a member of an action's response, or of a struct nested in one */
    ROLE_DATA      /* a member of a documented data structure (both directions) */
} role;

typedef struct struct_info {
    const char *ir_name;
    const cJSON *ir;
    const char *type; /* owned by the global name set */
    bool input;       /* reachable from some request */
} struct_info;

typedef struct pattern_info {
    char *source;
    const char *var;
} pattern_info;

typedef struct cg {
    const cJSON *svc;
    const char *svc_id;
    naming_set *global;
    char *prefix;
    char *PREFIX;
    const char *ir_file;
    diag_list *diags;
    codegen_summary *sum;
    struct_info *structs;
    size_t n_structs;
    pattern_info *patterns;
    size_t n_patterns;
    cJSON *enums_ctx;
    cJSON *patterns_ctx;
    cJSON *structs_ctx; /* data structures and nested structs, in order */
    bool v2_envelope;
    const char *owner_wire; /* document name of the struct being built */
    char *errbuf;
    size_t errlen;
    bool failed;
} cg;

/* ---- Small helpers ------------------------------------------------------ */

static void fail(cg *g, const char *fmt, ...)
{
    if (g->failed)
        return;
    g->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->errbuf, g->errlen, fmt, ap);
    va_end(ap);
}

static void oom(cg *g)
{
    fail(g, "out of memory");
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

static bool jbool(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const cJSON *jarr(const cJSON *o, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsArray(j) ? j : NULL;
}

static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

/* Context keys are string literals: objects keep a pointer to them
 * (cJSON_AddItemToObjectCS) instead of a copy, which halves the
 * allocations of a large context. */
static void add_item(cg *g, cJSON *o, const char *key, cJSON *item)
{
    if (!item) {
        oom(g);
        return;
    }
    cJSON_AddItemToObjectCS(o, key, item);
}

/* Adds a string the caller allocated, taking ownership (NULL: out of memory). */
static void add_own(cg *g, cJSON *o, const char *key, char *s)
{
    if (!s)
        oom(g);
    else
        add_item(g, o, key, cJSON_CreateString(s));
    free(s);
}

static void add_str(cg *g, cJSON *o, const char *key, const char *s)
{
    add_item(g, o, key, cJSON_CreateString(s ? s : ""));
}

/* A flag: present when true, left out when false (a missing name is false
 * in a section). Only keys that no enclosing context defines may be left
 * out, or a section would find the enclosing value; the keys that occur at
 * several depths ("last", "comment") go through add_flag_explicit. */
static void add_bool(cg *g, cJSON *o, const char *key, bool v)
{
    if (v)
        add_item(g, o, key, cJSON_CreateTrue());
}

static void add_flag_explicit(cg *g, cJSON *o, const char *key, bool v)
{
    add_item(g, o, key, cJSON_CreateBool(v));
}

/* A C string literal's contents. */
static void add_c_string(cg *g, cJSON *o, const char *key, const char *s)
{
    add_own(g, o, key, naming_c_string(s ? s : ""));
}

/* Claims a global C identifier; an identifier the service needs twice is a
 * generator error rather than a silent rename (the names derived from type
 * names: _desc, _make, _INIT ...). */
static const char *claim(cg *g, const char *wanted)
{
    const char *got = naming_set_claim(g->global, wanted);
    if (!got)
        oom(g);
    return got;
}

static void reserve_exact(cg *g, const char *name)
{
    if (g->failed)
        return;
    if (naming_set_has(g->global, name)) {
        fail(g, "%s: the C name %s is needed twice; rename in the IR or the naming rules",
             g->svc_id, name);
        return;
    }
    if (!naming_set_add(g->global, name))
        oom(g);
}

static void reserve_derived(cg *g, const char *base, const char *suffix)
{
    char *s = fmt("%s%s", base, suffix);
    if (!s) {
        oom(g);
        return;
    }
    reserve_exact(g, s);
    free(s);
}

static void warn(cg *g, int line, const char *f, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(msg, sizeof msg, f, ap);
    va_end(ap);
    diag_add(g->diags, DIAG_WARNING, g->ir_file, line, "%s: %s", g->svc_id, msg);
}

/* ---- Comments ----------------------------------------------------------- */

/* A growing list of comment paragraphs, wrapped into {first, rest[]}. */
typedef struct comment {
    char **paras;
    size_t n, cap;
} comment;

static void comment_add(cg *g, comment *c, char *para)
{
    if (!para) {
        oom(g);
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        char **p = realloc(c->paras, cap * sizeof *p);
        if (!p) {
            free(para);
            oom(g);
            return;
        }
        c->paras = p;
        c->cap = cap;
    }
    c->paras[c->n++] = para;
}

static void comment_free(comment *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->paras[i]);
    free(c->paras);
}

/* Sets o[key] = {first, rest} wrapped at `width`, or nothing when empty.
 * Frees the comment. */
static void comment_set(cg *g, cJSON *o, const char *key, comment *c, size_t width)
{
    cJSON *rest = cJSON_CreateArray();
    char *first = NULL;
    for (size_t i = 0; i < c->n && rest; i++) {
        char *clean = naming_comment_text(c->paras[i]);
        size_t n = 0;
        char **lines = clean ? naming_wrap(clean, width, &n) : NULL;
        free(clean);
        if (!lines) {
            oom(g);
            break;
        }
        for (size_t k = 0; k < n; k++) {
            if (!first) {
                first = lines[k];
                lines[k] = NULL;
            } else {
                cJSON_AddItemToArray(rest, cJSON_CreateString(lines[k]));
            }
        }
        naming_free_lines(lines, n);
    }
    comment_free(c);
    if (!first) {
        /* Explicitly false: a section must not find an enclosing comment. */
        cJSON_Delete(rest);
        add_item(g, o, key, cJSON_CreateFalse());
        return;
    }
    cJSON *obj = cJSON_CreateObject();
    if (obj)
        cJSON_AddItemToObjectCS(o, key, obj);
    if (!obj || !rest) {
        cJSON_Delete(rest);
        free(first);
        oom(g);
        return;
    }
    add_own(g, obj, "first", first);
    cJSON_AddItemToObjectCS(obj, "rest", rest);
}

static char *clip(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return strdup(s);
    /* Cut at a character boundary. */
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return fmt("%.*s ...", (int)max, s);
}

/* ---- Numbers ------------------------------------------------------------ */

/* A double as C text that reads back exactly. */
static char *number_text(double v)
{
    if (v > -1e15 && v < 1e15 && (double)(long long)v == v)
        return fmt("%.0f", v);
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return strdup(buf);
}

static const cJSON *limit_of(const cJSON *param, const char *kind)
{
    const cJSON *limits = cJSON_GetObjectItemCaseSensitive(param, "limits");
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(limits, kind);
    return cJSON_IsObject(l) ? l : NULL;
}

static bool limit_enforced(const cJSON *param, const char *kind)
{
    const cJSON *l = limit_of(param, kind);
    return l && jbool(l, "enforce");
}

static double limit_number(const cJSON *param, const char *kind)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(limit_of(param, kind), "value");
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* ---- Kinds -------------------------------------------------------------- */

typedef enum kind { K_STRING, K_INT, K_DOUBLE, K_BOOL, K_ENUM, K_MESSAGE, K_JSON } kind;

static const char *const kind_keys[] = {"k_string", "k_int", "k_double", "k_bool",
                                        "k_enum", "k_message", "k_json"};

static void add_kind(cg *g, cJSON *o, kind k)
{
    for (int i = 0; i <= K_JSON; i++)
        add_bool(g, o, kind_keys[i], (int)k == i);
}

/* o[key] = [{<one of names>: true, others false, last}] for the names that
 * are on, so a template can join them with " | " (an empty list: none). */
static void add_flag_list(cg *g, cJSON *o, const char *key, const char *any_key,
                          const char *const *names, const bool *on, size_t n)
{
    cJSON *list = cJSON_CreateArray();
    add_item(g, o, key, list);
    if (!list)
        return;
    size_t total = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        total += on[i];
    add_bool(g, o, any_key, total > 0);
    for (size_t i = 0; i < n; i++) {
        if (!on[i])
            continue;
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(list, x);
        for (size_t j = 0; j < n; j++)
            add_bool(g, x, names[j], j == i);
        add_flag_explicit(g, x, "last", ++k == total);
    }
}

static bool is_string_type(const char *t)
{
    return !strcmp(t, "string") || !strcmp(t, "date") || !strcmp(t, "timestamp") ||
           !strcmp(t, "timestamp_iso8601") || !strcmp(t, "binary");
}

static bool has_enum_values(const cJSON *param)
{
    const cJSON *e = limit_of(param, "enum");
    const cJSON *values = e ? jarr(e, "values") : NULL;
    return values && cJSON_GetArraySize(values) > 0;
}

/* ---- Nested names ("parent::child") -------------------------------------- */

typedef struct node {
    const cJSON *param;
    const char *full; /* the IR name */
    const char *leaf; /* after the last "::" */
    struct node **children;
    size_t n_children, cap_children;
} node;

typedef struct tree {
    node *nodes; /* every param, in IR order */
    size_t n;
    node **top;
    size_t n_top;
    char **orphans; /* names that could not be placed, for comments */
    size_t n_orphans;
} tree;

static const char *leaf_of(const char *name)
{
    const char *leaf = name;
    for (const char *p = strstr(name, "::"); p; p = strstr(p + 2, "::"))
        leaf = p + 2;
    return leaf;
}

static bool add_child(node *parent, node *child)
{
    if (parent->n_children == parent->cap_children) {
        size_t cap = parent->cap_children ? parent->cap_children * 2 : 4;
        node **p = realloc(parent->children, cap * sizeof *p);
        if (!p)
            return false;
        parent->children = p;
        parent->cap_children = cap;
    }
    parent->children[parent->n_children++] = child;
    return true;
}

static void tree_free(tree *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->nodes[i].children);
    free(t->nodes);
    free(t->top);
    for (size_t i = 0; i < t->n_orphans; i++)
        free(t->orphans[i]);
    free(t->orphans);
}

/* Builds the member tree of a parameter list. `where` names the list in
 * diagnostics ("ListTopic output"). Envelope fields of Tencent API 2.0
 * responses are left out (the runtime reads them into docbind_error). */
static bool tree_build(cg *g, const cJSON *params, const char *where, bool response, tree *t)
{
    memset(t, 0, sizeof *t);
    size_t n = (size_t)cJSON_GetArraySize(params);
    t->nodes = calloc(n ? n : 1, sizeof *t->nodes);
    t->top = calloc(n ? n : 1, sizeof *t->top);
    t->orphans = calloc(n ? n : 1, sizeof *t->orphans);
    if (!t->nodes || !t->top || !t->orphans) {
        oom(g);
        return false;
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, params)
    {
        const char *name = jstr(p, "name");
        if (!name) {
            warn(g, 0, "%s: a parameter without a name; not generated", where);
            g->sum->skipped++;
            continue;
        }
        node *nd = &t->nodes[t->n++];
        nd->param = p;
        nd->full = name;
        nd->leaf = leaf_of(name);
        if (nd->leaf == name) {
            if (response && g->v2_envelope && ir_is_tencent_v2_envelope_member(name)) {
                if (!(t->orphans[t->n_orphans++] =
                          fmt("%s: an envelope field, read into docbind_error", name)))
                    oom(g);
                continue;
            }
            t->top[t->n_top++] = nd;
            continue;
        }
        size_t parent_len = (size_t)(nd->leaf - 2 - name);
        node *parent = NULL;
        for (size_t i = t->n - 1; i-- > 0 && !parent;)
            if (strlen(t->nodes[i].full) == parent_len &&
                !strncmp(t->nodes[i].full, name, parent_len))
                parent = &t->nodes[i];
        if (!parent) {
            const cJSON *line = cJSON_GetObjectItemCaseSensitive(p, "line");
            warn(g, cJSON_IsNumber(line) ? line->valueint : 0,
                 "%s: '%s' names a parent '%.*s' that is not a parameter of the list; not "
                 "generated", where, name, (int)parent_len, name);
            if (!(t->orphans[t->n_orphans++] =
                      fmt("%s: no parameter '%.*s' to nest it under (IR)", name, (int)parent_len,
                          name)))
                oom(g);
            g->sum->skipped++;
            continue;
        }
        if (!add_child(parent, nd)) {
            oom(g);
            return false;
        }
    }
    return true;
}

/* ---- Enums, patterns, limits --------------------------------------------- */

static const char *pattern_var(cg *g, const char *source)
{
    for (size_t i = 0; i < g->n_patterns; i++)
        if (!strcmp(g->patterns[i].source, source))
            return g->patterns[i].var;
    pattern_info *p = realloc(g->patterns, (g->n_patterns + 1) * sizeof *p);
    if (!p) {
        oom(g);
        return "";
    }
    g->patterns = p;
    char *want = fmt("%s_pattern_%zu", g->prefix, g->n_patterns + 1);
    const char *var = want ? claim(g, want) : NULL;
    free(want);
    char *src = strdup(source);
    if (!var || !src) {
        free(src);
        oom(g);
        return "";
    }
    g->patterns[g->n_patterns].source = src;
    g->patterns[g->n_patterns].var = var;
    g->n_patterns++;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(g->patterns_ctx, o);
    add_str(g, o, "var", var);
    add_c_string(g, o, "source", source);
    return var;
}

/* Builds the C enum of a string member with documented values. Returns the
 * enum context (owned by g->enums_ctx). */
static cJSON *enum_ctx(cg *g, const char *owner_type, const char *member, const cJSON *param)
{
    const cJSON *values = jarr(limit_of(param, "enum"), "values");
    char *want = fmt("%s_%s", owner_type, member);
    const char *type = want ? claim(g, want) : NULL;
    free(want);
    if (!type)
        return NULL;
    char *TYPE = naming_upper(type);
    if (!TYPE) {
        oom(g);
        return NULL;
    }
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToArray(g->enums_ctx, e);
    add_str(g, e, "type", type);
    add_str(g, e, "TYPE", TYPE);
    reserve_derived(g, type, "_desc");
    reserve_derived(g, type, "_values");
    reserve_derived(g, type, "_to_string");
    char *unknown = fmt("%s_UNKNOWN", TYPE);
    if (!unknown) {
        free(TYPE);
        oom(g);
        return NULL;
    }
    reserve_exact(g, unknown);
    add_own(g, e, "unknown", unknown);
    comment c = {0};
    comment_add(g, &c, fmt("Documented values of %s (%s).", jstr(param, "name"), type));
    if (!jbool(limit_of(param, "enum"), "enforce"))
        comment_add(g, &c, fmt("The document lists them as examples: other strings are "
                               "sent as written through the member's _raw string."));
    comment_set(g, e, "comment", &c, 74);
    cJSON *vals = cJSON_CreateArray();
    if (vals)
        cJSON_AddItemToObjectCS(e, "values", vals);
    naming_set *local = naming_set_new();
    if (!local || !vals) {
        naming_set_free(local);
        free(TYPE);
        oom(g);
        return NULL;
    }
    naming_set_add(local, "UNKNOWN");
    int number = 1;
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        const char *value = jstr(v, "value");
        if (!value)
            continue;
        char *snake = naming_snake(value);
        char *upper = snake ? naming_upper(snake) : NULL;
        free(snake);
        const char *local_name = upper ? naming_set_claim(local, upper) : NULL;
        free(upper);
        char *NAME = local_name ? fmt("%s_%s", TYPE, local_name) : NULL;
        if (!NAME) {
            oom(g);
            break;
        }
        reserve_exact(g, NAME);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(vals, x);
        add_own(g, x, "NAME", NAME);
        add_c_string(g, x, "value", value);
        cJSON_AddItemToObjectCS(x, "number", cJSON_CreateNumber(number++));
        comment vc = {0};
        const char *label = jstr(v, "label");
        comment_add(g, &vc, label ? fmt("\"%s\": %s", value, label) : fmt("\"%s\"", value));
        comment_set(g, x, "comment", &vc, 70);
    }
    cJSON_AddItemToObjectCS(e, "count", cJSON_CreateNumber(number - 1));
    naming_set_free(local);
    free(TYPE);
    g->sum->enums++;
    return e;
}

/* The enforced limits of a member as a context object, or NULL when none. */
static cJSON *limits_ctx(cg *g, const char *owner_type, const char *member, const cJSON *param,
                         kind k, bool array, bool string_enum_checked)
{
    bool max_items = array && limit_enforced(param, "max_items");
    bool min_items = array && limit_enforced(param, "min_items");
    bool numeric = k == K_INT || k == K_DOUBLE;
    bool maximum = numeric && limit_enforced(param, "maximum");
    bool minimum = numeric && limit_enforced(param, "minimum");
    bool exclusive_minimum = numeric && limit_enforced(param, "exclusive_minimum");
    bool stringy = k == K_STRING;
    bool max_length = stringy && limit_enforced(param, "max_length");
    bool min_length = stringy && limit_enforced(param, "min_length");
    bool pattern = stringy && limit_enforced(param, "pattern") &&
                   jstr(limit_of(param, "pattern"), "value");
    bool en = string_enum_checked;
    if (!(max_items || min_items || maximum || minimum || exclusive_minimum || max_length ||
          min_length || pattern || en))
        return NULL;
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        oom(g);
        return NULL;
    }
    char *want = fmt("%s_%s_limits", owner_type, member);
    const char *var = want ? claim(g, want) : NULL;
    free(want);
    add_str(g, o, "var", var);
    struct {
        const char *key;
        const char *has_key;
        bool on;
        bool count;
    } items[] = {
        {"max_items", "has_max_items", max_items, true},
        {"min_items", "has_min_items", min_items, true},
        {"maximum", "has_maximum", maximum, false},
        {"minimum", "has_minimum", minimum, false},
        {"exclusive_minimum", "has_exclusive_minimum", exclusive_minimum, false},
        {"max_length", "has_max_length", max_length, true},
        {"min_length", "has_min_length", min_length, true},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        const char *key = items[i].has_key;
        add_bool(g, o, key, items[i].on);
        if (!items[i].on)
            continue;
        double v = limit_number(param, items[i].key);
        if (items[i].count && (v < 0 || v > 1e15 || (double)(long long)v != v)) {
            warn(g, 0, "%s.%s: %s %g is not a count; not checked", owner_type, member,
                 items[i].key, v);
            cJSON_DeleteItemFromObjectCaseSensitive(o, key);
            continue;
        }
        add_own(g, o, items[i].key, number_text(v));
    }
    add_bool(g, o, "has_pattern", pattern);
    if (pattern)
        add_str(g, o, "pattern_var", pattern_var(g, jstr(limit_of(param, "pattern"), "value")));
    add_bool(g, o, "has_enum", en);
    static const char *const set_names[] = {"l_max_items", "l_min_items", "l_maximum",
                                            "l_minimum", "l_exclusive_minimum", "l_max_length",
                                            "l_min_length", "l_enum", "l_pattern"};
    bool set_on[9];
    static const char *const has_keys[] = {"has_max_items", "has_min_items", "has_maximum",
                                           "has_minimum", "has_exclusive_minimum",
                                           "has_max_length", "has_min_length", "has_enum",
                                           "has_pattern"};
    for (size_t i = 0; i < 9; i++)
        set_on[i] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, has_keys[i]));
    add_flag_list(g, o, "set_list", "set_list_any", set_names, set_on, 9);
    return o;
}

/* ---- Members ------------------------------------------------------------- */

static int struct_info_cmp(const void *a, const void *b)
{
    return strcmp(((const struct_info *)a)->ir_name, ((const struct_info *)b)->ir_name);
}

/* g->structs is sorted by IR name once all are known (see below). */
static const struct_info *find_struct(cg *g, const char *ir_name)
{
    struct_info key = {ir_name, NULL, NULL, false};
    return bsearch(&key, g->structs, g->n_structs, sizeof *g->structs, struct_info_cmp);
}

static void add_comment_lines(cg *g, comment *c, const cJSON *param, role r, bool checked_enum,
                              bool path_required)
{
    const char *name = jstr(param, "name");
    const char *desc = jstr(param, "description");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(param, "required");
    const char *flag = "";
    if (path_required)
        flag = " (required: a path segment)";
    else if (r != ROLE_RESPONSE)
        flag = cJSON_IsTrue(req) ? " (required)" : cJSON_IsFalse(req) ? " (optional)"
                                                                     : " (optional: not documented)";
    comment_add(g, c, fmt("%s%s:%s%s", name, flag, desc && *desc ? " " : "", desc ? desc : ""));
    if (jbool(param, "deprecated"))
        comment_add(g, c, strdup("Deprecated by the document."));
    static const struct {
        const char *kind;
        const char *words;
    } lims[] = {
        {"max_items", "at most %s items"},   {"min_items", "at least %s items"},
        {"maximum", "maximum %s"},           {"minimum", "minimum %s"},
        {"exclusive_minimum", "greater than %s"},
        {"max_length", "at most %s characters"}, {"min_length", "at least %s characters"},
    };
    for (size_t i = 0; i < sizeof lims / sizeof lims[0]; i++) {
        const cJSON *l = limit_of(param, lims[i].kind);
        if (!l)
            continue;
        char *num = number_text(limit_number(param, lims[i].kind));
        char *words = num ? fmt(lims[i].words, num) : NULL;
        free(num);
        comment_add(g, c, words ? fmt("%s: %s.", jbool(l, "enforce") ? "Checked" : "Hint, not checked",
                                      words)
                                : NULL);
        free(words);
    }
    const cJSON *pat = limit_of(param, "pattern");
    if (pat && jstr(pat, "value"))
        comment_add(g, c, fmt("%s: matches %s.",
                              jbool(pat, "enforce") ? "Checked" : "Hint, not checked",
                              jstr(pat, "value")));
    const cJSON *en = limit_of(param, "enum");
    if (en && jarr(en, "values")) {
        size_t cap = 64;
        char *list = calloc(1, cap);
        const cJSON *v;
        cJSON_ArrayForEach(v, jarr(en, "values"))
        {
            const char *value = jstr(v, "value");
            if (!value || !list)
                continue;
            size_t need = strlen(list) + strlen(value) + 8;
            if (need > cap) {
                char *bigger = realloc(list, need * 2);
                if (!bigger) {
                    free(list);
                    list = NULL;
                    continue;
                }
                list = bigger;
                cap = need * 2;
            }
            if (*list)
                strcat(list, ", ");
            strcat(list, "\"");
            strcat(list, value);
            strcat(list, "\"");
        }
        if (list)
            comment_add(g, c, fmt("%s: one of %s.",
                                  checked_enum ? "Checked"
                                  : jbool(en, "enforce") ? "Checked"
                                                         : "Values listed, not checked",
                                  list));
        free(list);
    }
    const cJSON *def = limit_of(param, "default");
    if (def && jstr(def, "value"))
        comment_add(g, c, fmt("Default: %s.", jstr(def, "value")));
    const char *example = jstr(param, "example");
    if (example && *example) {
        char *short_example = clip(example, 160);
        comment_add(g, c, short_example ? fmt("Example: %s", short_example) : NULL);
        free(short_example);
    }
}

static cJSON *message_from_tree(cg *g, const char *type, const char *wire_name, node **members,
                                size_t n, char **orphans, size_t n_orphans, role r,
                                bool constructor, comment *head);

/* The context of one member. `members` holds the C member names taken so
 * far in this struct. */
static cJSON *member_ctx(cg *g, naming_set *members, const char *owner_type, node *nd, role r)
{
    const cJSON *p = nd->param;
    const char *owner_wire = g->owner_wire;
    const char *type_name = jstr(p, "type");
    const char *ref = jstr(p, "ref");
    bool array = jbool(p, "array");
    bool required_doc = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "required"));
    /* A path parameter is a segment of the URL: it cannot be left out. */
    bool in_path = r == ROLE_REQUEST && jstr(p, "location") && !strcmp(jstr(p, "location"), "path");
    bool required = r != ROLE_RESPONSE && (required_doc || in_path);
    const cJSON *linej = cJSON_GetObjectItemCaseSensitive(p, "line");
    int line = cJSON_IsNumber(linej) ? linej->valueint : 0;
    if (!type_name)
        type_name = "string";

    kind k;
    const struct_info *target = NULL;
    if (nd->n_children) {
        k = K_MESSAGE;
        if (strcmp(type_name, "object"))
            warn(g, line, "%s.%s: typed %s%s but has members; generated as a struct", owner_type,
                 nd->full, type_name, array ? " array" : "");
    } else if (!strcmp(type_name, "object")) {
        target = ref ? find_struct(g, ref) : NULL;
        if (target) {
            k = K_MESSAGE;
        } else {
            k = K_JSON;
            if (ref)
                warn(g, line, "%s.%s: refers to struct '%s', which the IR does not define; "
                              "generated as raw JSON", owner_type, nd->full, ref);
        }
    } else if (!strcmp(type_name, "integer")) {
        k = K_INT;
    } else if (!strcmp(type_name, "number") || !strcmp(type_name, "float") ||
               !strcmp(type_name, "double")) {
        k = K_DOUBLE;
    } else if (!strcmp(type_name, "boolean")) {
        k = K_BOOL;
    } else {
        if (!is_string_type(type_name))
            warn(g, line, "%s.%s: unknown type '%s'; generated as a string", owner_type,
                 nd->full, type_name);
        k = !array && has_enum_values(p) ? K_ENUM : K_STRING;
    }
    if (ref && strcmp(type_name, "object") && !nd->n_children)
        warn(g, line, "%s.%s: has ref '%s' but type %s; the ref is ignored", owner_type,
             nd->full, ref, type_name);
    if (has_enum_values(p) && (k == K_INT || k == K_DOUBLE) && limit_enforced(p, "enum"))
        warn(g, line, "%s.%s: numeric enumerations are not checked", owner_type, nd->full);

    bool presence = !array && (k == K_INT || k == K_DOUBLE || k == K_BOOL || k == K_ENUM) &&
                    !(r == ROLE_REQUEST && required);

    /* Member names: the value, then has_/_count/_raw beside it. */
    char *base = naming_identifier(nd->leaf);
    if (!base) {
        oom(g);
        return NULL;
    }
    const char *name = NULL;
    for (unsigned attempt = 1; !name; attempt++) {
        char *cand = attempt == 1 ? strdup(base) : fmt("%s_%u", base, attempt);
        char *has = cand ? fmt("has_%s", cand) : NULL;
        char *count = cand ? fmt("%s_count", cand) : NULL;
        char *raw = cand ? fmt("%s_raw", cand) : NULL;
        if (!cand || !has || !count || !raw) {
            free(cand), free(has), free(count), free(raw), free(base);
            oom(g);
            return NULL;
        }
        bool free_all = !naming_set_has(members, cand) &&
                        (!presence || !naming_set_has(members, has)) &&
                        (!array || !naming_set_has(members, count)) &&
                        (k != K_ENUM || !naming_set_has(members, raw));
        if (free_all) {
            naming_set_add(members, cand);
            if (presence)
                naming_set_add(members, has);
            if (array)
                naming_set_add(members, count);
            if (k == K_ENUM)
                naming_set_add(members, raw);
            name = cand;
        } else {
            free(cand);
        }
        free(has), free(count), free(raw);
    }
    free(base);

    cJSON *f = cJSON_CreateObject();
    if (!f) {
        free((char *)name);
        oom(g);
        return NULL;
    }
    add_str(g, f, "name", name);
    add_c_string(g, f, "wire", nd->leaf);
    add_kind(g, f, k);
    add_bool(g, f, "array", array);
    add_bool(g, f, "scalar", !array);
    add_bool(g, f, "presence", presence);
    add_bool(g, f, "required", required);
    add_bool(g, f, "deprecated", jbool(p, "deprecated"));
    static const char *const flag_names[] = {"f_required", "f_array", "f_presence",
                                             "f_deprecated"};
    bool flag_on[] = {required, array, presence, jbool(p, "deprecated")};
    add_flag_list(g, f, "flag_list", "flag_list_any", flag_names, flag_on, 4);
    const char *loc = r == ROLE_REQUEST ? jstr(p, "location") : "none";
    if (!loc)
        loc = "body";
    static const char *const locs[] = {"none", "body", "query", "path", "header"};
    static const char *const loc_keys[] = {"loc_none", "loc_body", "loc_query", "loc_path",
                                           "loc_header"};
    bool known_loc = false;
    for (size_t i = 0; i < 5; i++) {
        add_bool(g, f, loc_keys[i], !strcmp(loc, locs[i]));
        known_loc |= !strcmp(loc, locs[i]);
    }
    if (!known_loc) {
        warn(g, line, "%s.%s: unknown location '%s'; sent in the body", owner_type, nd->full, loc);
        add_bool(g, f, "loc_body", true);
    }

    const char *ref_type = NULL;
    if (k == K_MESSAGE) {
        if (target) {
            ref_type = target->type;
        } else {
            /* Nested members: a struct of their own, named after the path. */
            char *member_snake = naming_snake(nd->leaf);
            char *want = member_snake ? fmt("%s_%s", owner_type, member_snake) : NULL;
            free(member_snake);
            ref_type = want ? claim(g, want) : NULL;
            free(want);
            if (!ref_type) {
                free((char *)name);
                cJSON_Delete(f);
                return NULL;
            }
            comment head = {0};
            comment_add(g, &head, fmt("%s: the members the document lists as %s::NAME.",
                                      nd->full, nd->full));
            cJSON *m = message_from_tree(g, ref_type, nd->full, nd->children, nd->n_children,
                                         NULL, 0, r == ROLE_REQUEST ? ROLE_DATA : r, false, &head);
            if (m)
                cJSON_AddItemToArray(g->structs_ctx, m);
            g->sum->nested++;
        }
        add_str(g, f, "ref_type", ref_type);
    }
    cJSON *e = NULL;
    bool checked_enum = false;
    if (k == K_ENUM) {
        e = enum_ctx(g, owner_type, name, p);
        if (e) {
            add_str(g, f, "enum_type", jstr(e, "type"));
            add_str(g, f, "enum_unknown", jstr(e, "unknown"));
        }
        checked_enum = limit_enforced(p, "enum");
    } else if (k == K_STRING && has_enum_values(p) && limit_enforced(p, "enum")) {
        /* An array of enumerated strings: strings, checked against the list. */
        e = enum_ctx(g, owner_type, name, p);
        if (e)
            add_str(g, f, "enum_type", jstr(e, "type"));
        checked_enum = true;
    }
    add_bool(g, f, "has_enum_desc", e != NULL);
    cJSON *lim = limits_ctx(g, owner_type, name, p, k, array, checked_enum && k != K_BOOL);
    add_bool(g, f, "has_limits", lim != NULL);
    if (lim)
        cJSON_AddItemToObjectCS(f, "limits", lim);

    /* The array literal helper, where a maximum is documented and enforced. */
    add_bool(g, f, "has_literal", false);
    if (array && lim && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lim, "has_max_items"))) {
        char *owner_upper = naming_upper(owner_type);
        char *member_upper = naming_upper(name);
        char *macro =
            owner_upper && member_upper ? fmt("%s_%s_ARRAY", owner_upper, member_upper) : NULL;
        char *max_macro = owner_upper && member_upper
                              ? fmt("%s_%s_MAX_ITEMS", owner_upper, member_upper)
                              : NULL;
        char *message = fmt("%s.%s: more items than the documented maximum of %s",
                            owner_wire ? owner_wire : owner_type, nd->full,
                            jstr(lim, "max_items"));
        char *message_c = message ? naming_c_string(message) : NULL;
        if (macro && max_macro && message_c) {
            reserve_exact(g, macro);
            reserve_exact(g, max_macro);
            add_bool(g, f, "has_literal", true);
            add_str(g, f, "literal_macro", macro);
            add_str(g, f, "max_macro", max_macro);
            add_str(g, f, "literal_message", message_c);
            add_str(g, f, "max_items", jstr(lim, "max_items"));
        } else {
            oom(g);
        }
        free(owner_upper), free(member_upper), free(macro), free(max_macro), free(message),
            free(message_c);
    }

    comment c = {0};
    add_comment_lines(g, &c, p, r, checked_enum, required && !required_doc);
    comment_set(g, f, "comment", &c, 72);
    free((char *)name);
    return f;
}

/* The INIT list: one zero per C member, wrapped every few items. */
static void init_item(cg *g, cJSON *init, const char *which, const char *enum_zero)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(init, o);
    add_bool(g, o, "z_null", !strcmp(which, "null"));
    add_bool(g, o, "z_false", !strcmp(which, "false"));
    add_bool(g, o, "z_zero", !strcmp(which, "zero"));
    add_bool(g, o, "z_enum", !strcmp(which, "enum"));
    add_str(g, o, "enum_zero", enum_zero ? enum_zero : "");
}

static void finish_init(cg *g, cJSON *init)
{
    int n = cJSON_GetArraySize(init), i = 0;
    cJSON *o;
    cJSON_ArrayForEach(o, init)
    {
        i++;
        add_flag_explicit(g, o, "last", i == n);
        add_bool(g, o, "wrap", i < n && i % 6 == 0);
    }
}

static cJSON *message_from_tree(cg *g, const char *type, const char *wire_name, node **members,
                                size_t n, char **orphans, size_t n_orphans, role r,
                                bool constructor, comment *head)
{
    cJSON *m = cJSON_CreateObject();
    if (!m) {
        comment_free(head);
        oom(g);
        return NULL;
    }
    char *TYPE = naming_upper(type);
    add_str(g, m, "type", type);
    add_str(g, m, "TYPE", TYPE ? TYPE : "");
    reserve_derived(g, type, "_desc");
    reserve_derived(g, type, "_fields");
    if (TYPE) {
        char *init = fmt("%s_INIT", TYPE);
        if (init)
            reserve_exact(g, init);
        free(init);
    }
    add_c_string(g, m, "wire", wire_name);
    for (size_t i = 0; i < n_orphans; i++)
        comment_add(g, head, fmt("Not generated: %s.", orphans[i]));
    comment_set(g, m, "comment", head, 76);

    naming_set *names = naming_set_new();
    cJSON *fields = cJSON_CreateArray();
    if (fields)
        cJSON_AddItemToObjectCS(m, "fields", fields);
    cJSON *init = cJSON_CreateArray();
    if (init)
        cJSON_AddItemToObjectCS(m, "init", init);
    cJSON *params = cJSON_CreateArray();
    if (params)
        cJSON_AddItemToObjectCS(m, "ctor_params", params);
    cJSON *nonnull = cJSON_CreateArray();
    if (nonnull)
        cJSON_AddItemToObjectCS(m, "nonnull", nonnull);
    if (!names || !fields || !init || !params || !nonnull) {
        naming_set_free(names);
        free(TYPE);
        oom(g);
        return m;
    }
    naming_set_add(names, "dummy_field");
    int param_no = 0;
    for (size_t i = 0; i < n && !g->failed; i++) {
        g->owner_wire = wire_name;
        cJSON *f = member_ctx(g, names, type, members[i], r);
        if (!f)
            break;
        cJSON_AddItemToArray(fields, f);
        bool array = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "array"));
        bool k_enum = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "k_enum"));
        bool pointer = array || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "k_string")) ||
                       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "k_json")) ||
                       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "k_message"));
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "presence")))
            init_item(g, init, "false", NULL);
        if (array) {
            init_item(g, init, "null", NULL);
            init_item(g, init, "zero", NULL);
        } else if (pointer) {
            init_item(g, init, "null", NULL);
        } else if (k_enum) {
            init_item(g, init, "enum", jstr(f, "enum_unknown"));
            init_item(g, init, "null", NULL);
        } else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "k_bool"))) {
            init_item(g, init, "false", NULL);
        } else {
            init_item(g, init, "zero", NULL);
        }
        bool ctor = constructor && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "required"));
        add_bool(g, f, "ctor", ctor);
        if (!ctor)
            continue;
        cJSON *cp = cJSON_Duplicate(f, 1);
        cJSON_DeleteItemFromObject(cp, "comment");
        cJSON_DeleteItemFromObject(cp, "limits");
        add_bool(g, cp, "count_param", false);
        cJSON_AddItemToArray(params, cp);
        param_no++;
        if (pointer) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddItemToObjectCS(x, "n", cJSON_CreateNumber(param_no));
            cJSON_AddItemToArray(nonnull, x);
        }
        if (array) {
            cJSON *cnt = cJSON_Duplicate(cp, 1);
            cJSON_DeleteItemFromObjectCaseSensitive(cnt, "count_param");
            add_bool(g, cnt, "count_param", true);
            cJSON_AddItemToArray(params, cnt);
            param_no++;
        }
    }
    bool empty = cJSON_GetArraySize(fields) == 0;
    add_bool(g, m, "empty", empty);
    if (empty)
        init_item(g, init, "zero", NULL);
    finish_init(g, init);
    /* Separators for the parameter and nonnull lists. */
    int np = cJSON_GetArraySize(params), k = 0;
    cJSON *x;
    cJSON_ArrayForEach(x, params) add_flag_explicit(g, x, "last", ++k == np);
    int nn = cJSON_GetArraySize(nonnull);
    k = 0;
    cJSON_ArrayForEach(x, nonnull) add_flag_explicit(g, x, "last", ++k == nn);
    add_bool(g, m, "constructor", constructor);
    add_bool(g, m, "has_ctor_params", np > 0);
    add_bool(g, m, "has_nonnull", nn > 0);
    if (constructor)
        reserve_derived(g, type, "_make");
    naming_set_free(names);
    free(TYPE);
    return m;
}

/* A message context straight from an IR parameter list. */
static cJSON *message_ctx(cg *g, const char *type, const char *wire_name, const cJSON *params,
                          const char *where, role r, bool constructor, comment *head)
{
    tree t;
    if (!tree_build(g, params, where, r == ROLE_RESPONSE, &t)) {
        tree_free(&t);
        comment_free(head);
        return NULL;
    }
    cJSON *m = message_from_tree(g, type, wire_name, t.top, t.n_top, t.orphans, t.n_orphans, r,
                                 constructor, head);
    tree_free(&t);
    return m;
}

/* ---- Structs reachable from requests ------------------------------------- */

static void mark_input(cg *g, const cJSON *params)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, params)
    {
        const char *ref = jstr(p, "ref");
        struct_info *s = ref ? (struct_info *)find_struct(g, ref) : NULL;
        if (!s || s->input)
            continue;
        s->input = true;
        mark_input(g, jarr(s->ir, "members"));
    }
}

/* ---- Service -------------------------------------------------------------- */

static void add_service_facts(cg *g, cJSON *ctx, const char *svc_dir)
{
    const cJSON *svc = g->svc;
    cJSON *s = cJSON_AddObjectToObject(ctx, "service");
    if (!s) {
        oom(g);
        return;
    }
    const cJSON *proto = cJSON_GetObjectItemCaseSensitive(svc, "protocol");
    const char *style = jstr(proto, "style");
    const char *envelope = jstr(proto, "envelope");
    const char *version = jstr(svc, "version");
    const char *endpoint = jstr(svc, "endpoint");
    const char *product = jstr(svc, "product");
    add_c_string(g, s, "id", g->svc_id);
    add_str(g, s, "prefix", g->prefix);
    add_str(g, s, "PREFIX", g->PREFIX);
    add_str(g, s, "dir", svc_dir);
    add_own(g, s, "header", fmt("%s.h", g->prefix));
    add_own(g, s, "source", fmt("%s.c", g->prefix));
    add_own(g, s, "guard", fmt("DOCBIND_GENERATED_%s_H", g->PREFIX));
    add_own(g, s, "title", fmt("%s%s%s", product ? product : g->svc_id,
                               version ? " API " : "", version ? version : ""));
    add_bool(g, s, "has_version", version != NULL);
    add_c_string(g, s, "version", version);
    add_bool(g, s, "has_endpoint", endpoint != NULL);
    add_c_string(g, s, "endpoint", endpoint);
    if (!style)
        style = "rpc-json";
    if (!envelope)
        envelope = "tencent";
    add_bool(g, s, "style_rpc_json", !strcmp(style, "rpc-json"));
    add_bool(g, s, "style_rpc_query", !strcmp(style, "rpc-query"));
    add_bool(g, s, "style_rest_json", !strcmp(style, "rest-json"));
    if (strcmp(style, "rpc-json") && strcmp(style, "rpc-query") && strcmp(style, "rest-json"))
        fail(g, "%s: unknown protocol style '%s'", g->svc_id, style);
    add_bool(g, s, "protocol_tencent", !strcmp(envelope, "tencent"));
    add_bool(g, s, "protocol_tencent_v2", !strcmp(envelope, "tencent-v2"));
    add_bool(g, s, "protocol_huawei", !strcmp(envelope, "huawei"));
    add_bool(g, s, "protocol_aliyun", !strcmp(envelope, "aliyun"));
    if (strcmp(envelope, "tencent") && strcmp(envelope, "tencent-v2") &&
        strcmp(envelope, "huawei") && strcmp(envelope, "aliyun"))
        fail(g, "%s: unknown envelope '%s'", g->svc_id, envelope);
    /* Flattened arrays: Tencent numbers from 0 ("topic.0=test1"), Alibaba from 1. */
    cJSON_AddItemToObjectCS(s, "array_base", cJSON_CreateNumber(!strcmp(envelope, "aliyun") ? 1 : 0));
    g->v2_envelope = !strcmp(envelope, "tencent-v2");
    reserve_derived(g, g->prefix, "_service");
    reserve_derived(g, g->prefix, "_actions");
    reserve_derived(g, g->prefix, "_errors");
}

static void add_errors(cg *g, cJSON *ctx)
{
    cJSON *list = cJSON_CreateArray();
    if (list)
        cJSON_AddItemToObjectCS(ctx, "errors", list);
    const cJSON *errors = jarr(g->svc, "errors");
    char *enum_type = fmt("%s_error_code", g->prefix);
    if (!list || !enum_type) {
        free(enum_type);
        oom(g);
        return;
    }
    const char *type = claim(g, enum_type);
    free(enum_type);
    if (!type)
        return;
    char *TYPE = naming_upper(type);
    add_str(g, ctx, "error_type", type);
    add_str(g, ctx, "ERROR_TYPE", TYPE);
    reserve_derived(g, type, "_to_string");
    reserve_derived(g, type, "_description");
    char *count = TYPE ? fmt("%s_COUNT", TYPE) : NULL;
    if (count)
        reserve_exact(g, count);
    add_own(g, ctx, "error_count_name", count);
    free(TYPE);
    naming_set *local = naming_set_new();
    if (!local) {
        oom(g);
        return;
    }
    naming_set_add(local, "CODE_COUNT");
    int index = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, errors)
    {
        const char *code = jstr(e, "code");
        if (!code)
            continue;
        char *snake = naming_snake(code);
        char *upper = snake ? naming_upper(snake) : NULL;
        free(snake);
        const char *local_name = upper ? naming_set_claim(local, upper) : NULL;
        free(upper);
        char *NAME = local_name ? fmt("%s_ERROR_%s", g->PREFIX, local_name) : NULL;
        if (!NAME) {
            oom(g);
            break;
        }
        reserve_exact(g, NAME);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(list, x);
        add_own(g, x, "NAME", NAME);
        add_c_string(g, x, "code", code);
        const char *desc = jstr(e, "description");
        char *clean = naming_comment_text(desc ? desc : "");
        add_c_string(g, x, "description", clean ? clean : "");
        free(clean);
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(e, "http_status");
        cJSON_AddItemToObjectCS(x, "http_status", cJSON_CreateNumber(cJSON_IsNumber(status) ? status->valueint : 0));
        cJSON_AddItemToObjectCS(x, "index", cJSON_CreateNumber(index++));
        comment c = {0};
        comment_add(g, &c, fmt("%s%s%s%s", code, jbool(e, "common") ? " (common)" : "",
                               desc && *desc ? ": " : "", desc ? desc : ""));
        comment_set(g, x, "comment", &c, 72);
    }
    naming_set_free(local);
    add_bool(g, ctx, "has_errors", index > 0);
    g->sum->errors = (size_t)index;
}

static char *service_prefix(const cJSON *svc)
{
    /* "tencent.ckafka" -> "ckafka", "tencent.ckafka.v2" -> "ckafka_v2". */
    const char *id = jstr(svc, "id");
    const char *vendor = jstr(svc, "vendor");
    const char *rest = id;
    size_t vn = vendor ? strlen(vendor) : 0;
    if (vendor && !strncmp(id, vendor, vn) && id[vn] == '.')
        rest = id + vn + 1;
    return naming_identifier(rest);
}

cJSON *codegen_service_context(const cJSON *svc, naming_set *global, const char *ir_file,
                               const char *ir_label, diag_list *diags, codegen_summary *summary,
                               char *errbuf, size_t errlen)
{
    cg g = {0};
    g.svc = svc;
    g.global = global;
    g.ir_file = ir_file;
    g.diags = diags;
    g.sum = summary;
    g.errbuf = errbuf;
    g.errlen = errlen;
    memset(summary, 0, sizeof *summary);
    g.svc_id = jstr(svc, "id");
    if (!g.svc_id) {
        snprintf(errbuf, errlen, "a service without an id");
        return NULL;
    }
    g.prefix = service_prefix(svc);
    g.PREFIX = g.prefix ? naming_upper(g.prefix) : NULL;
    summary->service_id = strdup(g.svc_id);
    summary->prefix = g.prefix ? strdup(g.prefix) : NULL;
    cJSON *ctx = cJSON_CreateObject();
    if (!g.prefix || !g.PREFIX || !ctx || !summary->service_id || !summary->prefix) {
        oom(&g);
        goto done;
    }
    if (!naming_set_add(global, g.prefix)) {
        fail(&g, "%s: the prefix %s is taken by another service", g.svc_id, g.prefix);
        goto done;
    }
    const char *vendor = jstr(svc, "vendor"), *product = jstr(svc, "product");
    char *dir_raw = fmt("%s_%s", vendor ? vendor : "", product ? product : g.prefix);
    char *svc_dir = dir_raw ? naming_snake(dir_raw) : NULL;
    free(dir_raw);
    if (!svc_dir) {
        oom(&g);
        goto done;
    }
    add_service_facts(&g, ctx, svc_dir);
    free(svc_dir);
    add_str(&g, ctx, "ir_label", ir_label ? ir_label : "the IR");
    g.enums_ctx = cJSON_CreateArray();
    if (g.enums_ctx)
        cJSON_AddItemToObjectCS(ctx, "enums", g.enums_ctx);
    g.patterns_ctx = cJSON_CreateArray();
    if (g.patterns_ctx)
        cJSON_AddItemToObjectCS(ctx, "patterns", g.patterns_ctx);
    g.structs_ctx = cJSON_CreateArray();
    if (g.structs_ctx)
        cJSON_AddItemToObjectCS(ctx, "structs", g.structs_ctx);
    cJSON *actions_ctx = cJSON_CreateArray();
    if (actions_ctx)
        cJSON_AddItemToObjectCS(ctx, "actions", actions_ctx);
    if (!g.enums_ctx || !g.patterns_ctx || !g.structs_ctx || !actions_ctx) {
        oom(&g);
        goto done;
    }
    add_errors(&g, ctx);

    /* Type names: requests and responses first, then data structures. */
    const cJSON *actions = jarr(svc, "actions");
    const cJSON *structs = jarr(svc, "structs");
    size_t n_actions = (size_t)cJSON_GetArraySize(actions);
    const char **fn = calloc(n_actions ? n_actions : 1, sizeof *fn);
    g.structs = calloc((size_t)cJSON_GetArraySize(structs) + 1, sizeof *g.structs);
    if (!fn || !g.structs) {
        free(fn);
        oom(&g);
        goto done;
    }
    size_t ai = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, actions)
    {
        const char *name = jstr(a, "name");
        char *snake = name ? naming_snake(name) : NULL;
        char *base = snake ? fmt("%s_%s", g.prefix, snake) : NULL;
        free(snake);
        if (!base) {
            fail(&g, "%s: an action without a name", g.svc_id);
            break;
        }
        char *req = fmt("%s_request", base), *resp = fmt("%s_response", base);
        if (!req || !resp) {
            oom(&g);
        } else {
            /* The action's functions hang off these names: they must be exact. */
            reserve_exact(&g, req);
            reserve_exact(&g, resp);
            if (naming_set_has(global, base))
                fail(&g, "%s: the C name %s is needed twice", g.svc_id, base);
            else
                fn[ai] = claim(&g, base);
            reserve_derived(&g, base, "_action");
        }
        free(req), free(resp), free(base);
        ai++;
    }
    const cJSON *st;
    cJSON_ArrayForEach(st, structs)
    {
        const char *name = jstr(st, "name");
        if (!name)
            continue;
        char *snake = naming_snake(name);
        char *want = snake ? fmt("%s_%s", g.prefix, snake) : NULL;
        free(snake);
        const char *type = want ? claim(&g, want) : NULL;
        free(want);
        if (!type)
            break;
        g.structs[g.n_structs++] = (struct_info){name, st, type, false};
    }
    /* Lookups by name from here on; the output keeps the IR's order. */
    struct_info *by_name = malloc((g.n_structs + 1) * sizeof *by_name);
    if (!by_name) {
        free(fn);
        oom(&g);
        goto done;
    }
    memcpy(by_name, g.structs, g.n_structs * sizeof *by_name);
    struct_info *in_order = g.structs;
    g.structs = by_name;
    qsort(g.structs, g.n_structs, sizeof *g.structs, struct_info_cmp);
    for (size_t i = 1; i < g.n_structs; i++)
        if (!strcmp(g.structs[i - 1].ir_name, g.structs[i].ir_name))
            warn(&g, 0, "struct %s is defined twice; the first definition is used",
                 g.structs[i].ir_name);
    cJSON_ArrayForEach(a, actions) mark_input(&g, jarr(a, "input"));

    /* Data structures, in IR order. */
    for (size_t i = 0; i < g.n_structs && !g.failed; i++) {
        struct_info *s = &in_order[i];
        s->input = find_struct(&g, s->ir_name)->input;
        comment head = {0};
        const char *desc = jstr(s->ir, "description");
        comment_add(&g, &head, fmt("%s%s%s", s->ir_name, desc && *desc ? ": " : "",
                                   desc ? desc : ""));
        cJSON *m = message_ctx(&g, s->type, s->ir_name, jarr(s->ir, "members"), s->ir_name,
                               ROLE_DATA, s->input, &head);
        if (m)
            cJSON_AddItemToArray(g.structs_ctx, m);
        g.sum->structs++;
    }
    free(in_order);

    /* Actions. */
    ai = 0;
    cJSON_ArrayForEach(a, actions)
    {
        if (g.failed)
            break;
        const char *name = jstr(a, "name");
        const char *base = fn[ai++];
        char *req_type = fmt("%s_request", base), *resp_type = fmt("%s_response", base);
        char *where_in = fmt("%s input", name), *where_out = fmt("%s output", name);
        cJSON *x = cJSON_CreateObject();
        if (!req_type || !resp_type || !where_in || !where_out || !x) {
            free(req_type), free(resp_type), free(where_in), free(where_out);
            cJSON_Delete(x);
            oom(&g);
            break;
        }
        cJSON_AddItemToArray(actions_ctx, x);
        add_c_string(&g, x, "name", name);
        add_str(&g, x, "fn", base);
        const cJSON *http = cJSON_GetObjectItemCaseSensitive(a, "http");
        add_c_string(&g, x, "method", jstr(http, "method") ? jstr(http, "method") : "POST");
        add_c_string(&g, x, "path", jstr(http, "path") ? jstr(http, "path") : "/");
        const cJSON *rate = cJSON_GetObjectItemCaseSensitive(a, "rate_limit_per_second");
        char *rate_text = fmt("%ld", cJSON_IsNumber(rate) ? (long)rate->valuedouble : -1L);
        add_own(&g, x, "rate_limit", rate_text);
        const cJSON *regions = jarr(a, "regions");
        if (regions && cJSON_GetArraySize(regions) > 0) {
            cJSON *list = cJSON_CreateArray();
            if (!list) {
                oom(&g);
                break;
            }
            cJSON_AddItemToObjectCS(x, "regions", list);
            cJSON_AddItemToObjectCS(x, "has_regions", cJSON_CreateTrue());
            const cJSON *r;
            cJSON_ArrayForEach(r, regions) if (cJSON_IsString(r))
            {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToArray(list, o);
                add_c_string(&g, o, "region", r->valuestring);
            }
        }

        const char *title = jstr(a, "title"), *desc = jstr(a, "description");
        comment head = {0};
        comment_add(&g, &head, fmt("%s request%s%s.", name, title ? ": " : "", title ? title : ""));
        if (desc && *desc && (!title || strcmp(desc, title)))
            comment_add(&g, &head, strdup(desc));
        if (cJSON_IsNumber(rate))
            comment_add(&g, &head, fmt("Rate limit: %ld requests per second.",
                                       (long)rate->valuedouble));
        const cJSON *errs = jarr(a, "errors");
        if (errs && cJSON_GetArraySize(errs) > 0) {
            size_t len = 32;
            const cJSON *e;
            cJSON_ArrayForEach(e, errs) len += cJSON_IsString(e) ? strlen(e->valuestring) + 2 : 0;
            char *list = calloc(1, len);
            if (list) {
                cJSON_ArrayForEach(e, errs)
                {
                    if (!cJSON_IsString(e))
                        continue;
                    if (*list)
                        strcat(list, ", ");
                    strcat(list, e->valuestring);
                }
                comment_add(&g, &head, fmt("Documented errors: %s.", list));
                free(list);
            }
        }
        char *req_wire = fmt("%sRequest", name), *resp_wire = fmt("%sResponse", name);
        cJSON *req = message_ctx(&g, req_type, req_wire ? req_wire : name, jarr(a, "input"),
                                 where_in, ROLE_REQUEST, true, &head);
        if (req)
            cJSON_AddItemToObjectCS(x, "request", req);
        comment rhead = {0};
        comment_add(&g, &rhead, fmt("%s response%s%s.", name, title ? ": " : "",
                                    title ? title : ""));
        cJSON *resp = message_ctx(&g, resp_type, resp_wire ? resp_wire : name,
                                  jarr(a, "output"), where_out, ROLE_RESPONSE, false, &rhead);
        free(req_wire), free(resp_wire);
        if (resp)
            cJSON_AddItemToObjectCS(x, "response", resp);
        reserve_derived(&g, req_type, "_validate");
        reserve_derived(&g, req_type, "_encode");
        reserve_derived(&g, resp_type, "_parse");
        reserve_derived(&g, resp_type, "_free");
        free(req_type), free(resp_type), free(where_in), free(where_out);
        g.sum->actions++;
    }
    free(fn);
    add_bool(&g, ctx, "has_enums", cJSON_GetArraySize(g.enums_ctx) > 0);
    add_bool(&g, ctx, "has_patterns", cJSON_GetArraySize(g.patterns_ctx) > 0);
    add_bool(&g, ctx, "has_actions", cJSON_GetArraySize(actions_ctx) > 0);
    cJSON_AddItemToObjectCS(ctx, "action_count", cJSON_CreateNumber(cJSON_GetArraySize(actions_ctx)));

done:
    free(g.PREFIX);
    free(g.prefix);
    free(g.structs);
    for (size_t i = 0; i < g.n_patterns; i++)
        free(g.patterns[i].source);
    free(g.patterns);
    if (g.failed) {
        cJSON_Delete(ctx);
        return NULL;
    }
    return ctx;
}
