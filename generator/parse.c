#include "parse.h"

#include "dialect.h"
#include "doc_text.h"
#include "limits.h"
#include "overrides.h"

static int parse_loaded(doc_text *doc, const parse_options *opt, ir_doc *ir, diag_list *d,
                        const limit_extractor *lx)
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
    parse_context pc = {ir, d, lx};
    return dl->parse(&pc, doc);
}

static int finish(const parse_options *opt, ir_doc *ir, diag_list *d, int rc)
{
    if (opt && opt->overrides && overrides_apply_file(opt->overrides, ir, d) < 0)
        rc = -1;
    return rc;
}

int parse_documents(const char *const *paths, size_t n, const parse_options *opt, ir_doc *ir,
                    diag_list *d)
{
    limit_extractor *lx = limit_extractor_new();
    if (!lx) {
        diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        doc_text doc;
        if (doc_text_load(&doc, paths[i], d) < 0) {
            rc = -1;
            continue;
        }
        if (parse_loaded(&doc, opt, ir, d, lx) < 0)
            rc = -1;
        doc_text_free(&doc);
    }
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
    doc_text doc;
    int rc = doc_text_from_memory(&doc, label, data, len, d);
    if (rc == 0) {
        rc = parse_loaded(&doc, opt, ir, d, lx);
        doc_text_free(&doc);
    }
    limit_extractor_free(lx);
    return finish(opt, ir, d, rc);
}
