#include "ir_merge.h"

#include <math.h>
#include <string.h>

typedef struct merge_ctx {
    arena *mem;
    diag_list *d;
    const char *old_file, *new_file;
} merge_ctx;

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static const char *tri_name(ir_tristate t)
{
    return t == IR_YES ? "required" : t == IR_NO ? "optional" : "unknown";
}

static void disagree(merge_ctx *m, int new_line, int old_line, const char *fmt_what,
                     const char *a, const char *b)
{
    diag_add(m->d, DIAG_WARNING, m->new_file, new_line, "%s: %s here, %s in %s:%d", fmt_what, b, a,
             m->old_file ? m->old_file : "?", old_line);
}

static void merge_limits(merge_ctx *m, const char *where, ir_param *old, const ir_param *neu)
{
    for (size_t i = 0; i < neu->n_limits; i++) {
        const ir_limit *nl = &neu->limits[i];
        ir_limit *ol = ir_find_limit(old, nl->kind);
        if (!ol) {
            *ARENA_PUSH(m->mem, old->limits, old->n_limits, old->cap_limits) = *nl;
            continue;
        }
        bool differs = false;
        if (nl->kind == IR_LIMIT_ENUM) {
            differs = nl->n_values != ol->n_values;
            for (size_t v = 0; !differs && v < nl->n_values; v++)
                differs = !same_str(nl->values[v].value, ol->values[v].value);
        } else if (nl->kind == IR_LIMIT_PATTERN || nl->kind == IR_LIMIT_DEFAULT) {
            differs = !same_str(nl->text, ol->text);
        } else {
            differs = fabs(nl->number - ol->number) > 1e-9;
        }
        if (differs) {
            char what[600], a[64], b[64];
            snprintf(what, sizeof what, "%s: limit %s", where, ir_limit_kind_name(nl->kind));
            snprintf(a, sizeof a, "%g", ol->number);
            snprintf(b, sizeof b, "%g", nl->number);
            disagree(m, nl->line, ol->line, what,
                     nl->kind == IR_LIMIT_ENUM || nl->kind == IR_LIMIT_PATTERN ||
                             nl->kind == IR_LIMIT_DEFAULT
                         ? "one value"
                         : a,
                     nl->kind == IR_LIMIT_ENUM || nl->kind == IR_LIMIT_PATTERN ||
                             nl->kind == IR_LIMIT_DEFAULT
                         ? "another"
                         : b);
        }
    }
}

static void merge_params(merge_ctx *m, const char *where, const char *dir, ir_param **items,
                         size_t *n, size_t *cap, const ir_param *neu, size_t n_neu)
{
    for (size_t i = 0; i < n_neu; i++) {
        const ir_param *np = &neu[i];
        ir_param *op = ir_find_param(*items, *n, np->name);
        char what[300];
        snprintf(what, sizeof what, "%s %s %s", where, dir, np->name);
        if (!op) {
            diag_add(m->d, DIAG_WARNING, m->new_file, np->line,
                     "%s: documented here but not in %s", what, m->old_file ? m->old_file : "?");
            *ARENA_PUSH(m->mem, *items, *n, *cap) = *np;
            continue;
        }
        if (op->type != np->type || op->array != np->array || !same_str(op->ref, np->ref)) {
            char a[128], b[128];
            snprintf(a, sizeof a, "%s%s%s%s", op->array ? "array of " : "", ir_type_name(op->type),
                     op->ref ? " " : "", op->ref ? op->ref : "");
            snprintf(b, sizeof b, "%s%s%s%s", np->array ? "array of " : "", ir_type_name(np->type),
                     np->ref ? " " : "", np->ref ? np->ref : "");
            char w2[320];
            snprintf(w2, sizeof w2, "%s: type", what);
            disagree(m, np->line, op->line, w2, a, b);
        }
        if (np->required != IR_UNKNOWN && op->required != np->required) {
            char w2[320];
            snprintf(w2, sizeof w2, "%s: required", what);
            if (op->required == IR_UNKNOWN)
                op->required = np->required;
            else
                disagree(m, np->line, op->line, w2, tri_name(op->required), tri_name(np->required));
        }
        if (!op->example && np->example)
            op->example = np->example;
        merge_limits(m, what, op, np);
    }
    for (size_t i = 0; i < *n; i++)
        if (!ir_find_param((ir_param *)neu, n_neu, (*items)[i].name) && n_neu)
            diag_add(m->d, DIAG_WARNING, m->new_file, 0, "%s %s %s: in %s but not documented here",
                     where, dir, (*items)[i].name, m->old_file ? m->old_file : "?");
}

static void merge_action(merge_ctx *m, ir_action *old, ir_action *neu)
{
    m->old_file = old->source_file;
    m->new_file = neu->source_file;
    if (!old->title)
        old->title = neu->title;
    if (!old->description)
        old->description = neu->description;
    if (neu->rate_limit_per_second >= 0) {
        if (old->rate_limit_per_second < 0) {
            old->rate_limit_per_second = neu->rate_limit_per_second;
        } else if (old->rate_limit_per_second != neu->rate_limit_per_second) {
            char a[32], b[32], what[200];
            snprintf(a, sizeof a, "%ld/s", old->rate_limit_per_second);
            snprintf(b, sizeof b, "%ld/s", neu->rate_limit_per_second);
            snprintf(what, sizeof what, "%s: rate limit", old->name);
            disagree(m, neu->line, old->line, what, a, b);
        }
    }
    merge_params(m, old->name, "input", &old->input, &old->n_input, &old->cap_input, neu->input,
                 neu->n_input);
    merge_params(m, old->name, "output", &old->output, &old->n_output, &old->cap_output, neu->output,
                 neu->n_output);
    for (size_t i = 0; i < neu->n_errors; i++) {
        bool seen = false;
        for (size_t j = 0; j < old->n_errors && !seen; j++)
            seen = !strcmp(old->errors[j], neu->errors[i]);
        if (!seen)
            *ARENA_PUSH(m->mem, old->errors, old->n_errors, old->cap_errors) = neu->errors[i];
    }
    old->errors_documented |= neu->errors_documented;
    for (size_t i = 0; i < neu->n_examples; i++)
        *ARENA_PUSH(m->mem, old->examples, old->n_examples, old->cap_examples) = neu->examples[i];
}

static void merge_service(merge_ctx *m, ir_service *old, ir_service *neu)
{
    if (!old->version)
        old->version = neu->version;
    else if (neu->version && strcmp(old->version, neu->version))
        diag_add(m->d, DIAG_WARNING, neu->n_sources ? neu->sources[0] : NULL, 0,
                 "%s: version %s here, %s elsewhere", old->id, neu->version, old->version);
    if (!old->description)
        old->description = neu->description;
    for (size_t i = 0; i < neu->n_actions; i++) {
        ir_action *a = ir_find_action(old, neu->actions[i].name);
        if (a)
            merge_action(m, a, &neu->actions[i]);
        else
            *ARENA_PUSH(m->mem, old->actions, old->n_actions, old->cap_actions) = neu->actions[i];
    }
    for (size_t i = 0; i < neu->n_structs; i++) {
        ir_struct *s = ir_find_struct(old, neu->structs[i].name);
        if (s) {
            m->old_file = s->source_file;
            m->new_file = neu->structs[i].source_file;
            merge_params(m, s->name, "member", &s->members, &s->n_members, &s->cap_members,
                         neu->structs[i].members, neu->structs[i].n_members);
        } else {
            *ARENA_PUSH(m->mem, old->structs, old->n_structs, old->cap_structs) = neu->structs[i];
        }
    }
    for (size_t i = 0; i < neu->n_errors; i++) {
        ir_error *e = ir_find_error(old, neu->errors[i].code);
        if (!e) {
            *ARENA_PUSH(m->mem, old->errors, old->n_errors, old->cap_errors) = neu->errors[i];
        } else {
            if (!e->description)
                e->description = neu->errors[i].description;
            if (!e->http_status)
                e->http_status = neu->errors[i].http_status;
        }
    }
    for (size_t i = 0; i < neu->protocol.n_signing; i++) {
        bool seen = false;
        for (size_t j = 0; j < old->protocol.n_signing && !seen; j++)
            seen = !strcmp(old->protocol.signing[j], neu->protocol.signing[i]);
        if (!seen)
            *ARENA_PUSH(m->mem, old->protocol.signing, old->protocol.n_signing,
                        old->protocol.cap_signing) = neu->protocol.signing[i];
    }
    for (size_t i = 0; i < neu->protocol.n_facts; i++) {
        bool seen = false;
        for (size_t j = 0; j < old->protocol.n_facts && !seen; j++)
            seen = !strcmp(old->protocol.facts[j].key, neu->protocol.facts[i].key);
        if (!seen)
            *ARENA_PUSH(m->mem, old->protocol.facts, old->protocol.n_facts,
                        old->protocol.cap_facts) = neu->protocol.facts[i];
    }
    for (size_t i = 0; i < neu->protocol.n_common_params; i++)
        if (!ir_find_param(old->protocol.common_params, old->protocol.n_common_params,
                           neu->protocol.common_params[i].name))
            *ARENA_PUSH(m->mem, old->protocol.common_params, old->protocol.n_common_params,
                        old->protocol.cap_common_params) = neu->protocol.common_params[i];
    /* The change history: a release (by number) the first document lacks is
     * taken from the later one; one both give stays as the first gives it. */
    for (size_t i = 0; i < neu->n_history; i++) {
        const ir_release *r = &neu->history[i];
        const ir_release *known = NULL;
        for (size_t j = 0; j < old->n_history && !known; j++)
            if (old->history[j].number == r->number)
                known = &old->history[j];
        if (!known)
            *ARENA_PUSH(m->mem, old->history, old->n_history, old->cap_history) = *r;
        else if (known->n_changes != r->n_changes)
            diag_add(m->d, DIAG_WARNING, r->source_file, r->line,
                     "release %d of the change history: %zu changes here, %zu in %s:%d", r->number,
                     r->n_changes, known->n_changes,
                     known->source_file ? known->source_file : "?", known->line);
    }
    for (size_t i = 0; i < neu->n_sources; i++) {
        bool seen = false;
        for (size_t j = 0; j < old->n_sources && !seen; j++)
            seen = !strcmp(old->sources[j], neu->sources[i]);
        if (!seen)
            *ARENA_PUSH(m->mem, old->sources, old->n_sources, old->cap_sources) = neu->sources[i];
    }
}

void ir_merge(ir_doc *into, ir_doc *from, diag_list *d)
{
    merge_ctx m = {&into->mem, d, NULL, NULL};
    for (size_t i = 0; i < from->n_services; i++) {
        ir_service *old = ir_find_service(into, from->services[i].id);
        if (old)
            merge_service(&m, old, &from->services[i]);
        else
            *ARENA_PUSH(&into->mem, into->services, into->n_services, into->cap_services) =
                from->services[i];
    }
    from->services = NULL;
    from->n_services = from->cap_services = 0;
}
