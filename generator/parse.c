#include "parse.h"

#include "dialect.h"
#include "doc_text.h"
#include "html_text.h"
#include "ir_merge.h"
#include "limits.h"
#include "overrides.h"

static int parse_loaded(doc_text *doc, const parse_options *opt, ir_doc *ir, diag_list *d,
                        const limit_extractor *lx, const profile_set *profiles)
{
    const dialect *dl = NULL;
    if (opt && opt->dialect) {
        dl = dialect_find(opt->dialect);
        if (!dl) {
            diag_add(d, DIAG_ERROR, doc->path, 0, "unknown dialect '%s'", opt->dialect);
            return -1;
        }
    } else {
        dl = dialect_detect(doc);
        if (!dl) {
            diag_add(d, DIAG_ERROR, doc->path, 0,
                     "not a recognised API document: no dialect matched (expected action pages "
                     "with parameter tables; try --dialect)");
            return -1;
        }
    }
    /* Each document is read on its own, then merged: the scratch IR shares
     * the destination's arena, so merging moves values. */
    ir_doc scratch = IR_DOC_INIT;
    scratch.mem = ir->mem;
    parse_context pc = {&scratch, d, lx, profiles};
    int rc = dl->parse(&pc, doc);
    ir->mem = scratch.mem;
    if (rc == 0)
        ir_merge(ir, &scratch, d);
    return rc;
}

static void check_refs(const char *where, const char *file, ir_service *svc, const ir_param *ps,
                       size_t n, diag_list *d)
{
    for (size_t i = 0; i < n; i++)
        if (ps[i].type == IR_TYPE_OBJECT && ps[i].ref && !ir_find_struct(svc, ps[i].ref))
            diag_add(d, DIAG_WARNING, file, ps[i].line,
                     "%s.%s refers to type '%s', which no document of %s defines", where,
                     ps[i].name, ps[i].ref, svc->id);
}

/* Every struct a parameter names should be defined by one of the documents
 * of its service; known only once all documents are merged. */
static void check_all_refs(ir_doc *ir, diag_list *d)
{
    for (size_t s = 0; s < ir->n_services; s++) {
        ir_service *svc = &ir->services[s];
        for (size_t a = 0; a < svc->n_actions; a++) {
            ir_action *act = &svc->actions[a];
            check_refs(act->name, act->source_file, svc, act->input, act->n_input, d);
            check_refs(act->name, act->source_file, svc, act->output, act->n_output, d);
        }
        for (size_t t = 0; t < svc->n_structs; t++)
            check_refs(svc->structs[t].name, svc->structs[t].source_file, svc,
                       svc->structs[t].members, svc->structs[t].n_members, d);
    }
}

static int finish(const parse_options *opt, ir_doc *ir, diag_list *d, int rc)
{
    check_all_refs(ir, d);
    if (opt && opt->overrides && overrides_apply_file(opt->overrides, ir, d) < 0)
        rc = -1;
    return rc;
}

/* Replaces a loaded HTML file by its text form. */
static int as_html(doc_text *doc, diag_list *d)
{
    doc_text html;
    int rc = doc_text_from_html(&html, doc->path, doc->buf, doc->size, d);
    doc_text_free(doc);
    *doc = html;
    return rc;
}

static int load_profiles(const parse_options *opt, profile_set *set, diag_list *d)
{
    *set = (profile_set)PROFILE_SET_INIT;
    if (!opt || !opt->profiles)
        return 0;
    return profile_set_load(set, opt->profiles, d);
}

int parse_documents(const char *const *paths, size_t n, const parse_options *opt, ir_doc *ir,
                    diag_list *d)
{
    limit_extractor *lx = limit_extractor_new();
    if (!lx) {
        diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
        return -1;
    }
    profile_set profiles;
    int rc = load_profiles(opt, &profiles, d);
    for (size_t i = 0; i < n; i++) {
        doc_text doc;
        if (doc_text_load(&doc, paths[i], d) < 0) {
            rc = -1;
            continue;
        }
        if (html_sniff(doc.buf, doc.size) && as_html(&doc, d) < 0) {
            rc = -1;
            continue;
        }
        if (parse_loaded(&doc, opt, ir, d, lx, &profiles) < 0)
            rc = -1;
        doc_text_free(&doc);
    }
    profile_set_free(&profiles);
    limit_extractor_free(lx);
    return finish(opt, ir, d, rc);
}

int parse_memory(const char *label, const char *data, size_t len, const parse_options *opt,
                 ir_doc *ir, diag_list *d)
{
    limit_extractor *lx = limit_extractor_new();
    if (!lx) {
        diag_add(d, DIAG_ERROR, label, 0, "out of memory");
        return -1;
    }
    profile_set profiles;
    int rc = load_profiles(opt, &profiles, d);
    doc_text doc;
    if (rc == 0 && (rc = html_sniff(data, len) ? doc_text_from_html(&doc, label, data, len, d)
                                               : doc_text_from_memory(&doc, label, data, len, d)) == 0) {
        rc = parse_loaded(&doc, opt, ir, d, lx, &profiles);
        doc_text_free(&doc);
    }
    profile_set_free(&profiles);
    limit_extractor_free(lx);
    return finish(opt, ir, d, rc);
}

int parse_dump_text(const char *path, FILE *out, diag_list *d)
{
    doc_text doc;
    if (doc_text_load(&doc, path, d) < 0)
        return -1;
    if (html_sniff(doc.buf, doc.size) && as_html(&doc, d) < 0)
        return -1;
    for (size_t i = 0; i < doc.n; i++)
        fprintf(out, "%6d: %.*s\n", doc.lines[i].no, (int)doc.lines[i].len, doc.lines[i].text);
    doc_text_free(&doc);
    return 0;
}
