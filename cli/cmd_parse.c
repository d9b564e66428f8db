/* docbind parse [--dialect NAME] [--overrides FILE] DOC... -o IR.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "dialect.h"
#include "ir_json.h"
#include "parse.h"

static void parse_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind parse [--dialect NAME] [--profiles DIR] [--overrides FILE] [--summary]\n"
            "                     DOC... -o IR.json\n"
            "       docbind parse --text DOC   (print the text the parser reads)\n"
            "\n"
            "Reads scraped API documents and writes the docbind IR (docs/ir.md).\n"
            "Documents of the same service merge into one service. Warnings and\n"
            "errors go to stderr as file:line: messages; the exit status is 1 when\n"
            "a document could not be read.\n\ndialects:\n");
    for (const dialect *const *d = dialect_all(); *d; d++)
        fprintf(out, "  %-12s %s\n", (*d)->name, (*d)->summary);
}

static void print_summary(const ir_doc *ir, const diag_list *d, FILE *out)
{
    for (size_t i = 0; i < ir->n_services; i++) {
        const ir_service *s = &ir->services[i];
        size_t limits = 0, enforced = 0;
        for (size_t a = 0; a < s->n_actions; a++)
            for (size_t p = 0; p < s->actions[a].n_input; p++)
                for (size_t l = 0; l < s->actions[a].input[p].n_limits; l++) {
                    limits++;
                    enforced += s->actions[a].input[p].limits[l].enforce;
                }
        for (size_t t = 0; t < s->n_structs; t++)
            for (size_t p = 0; p < s->structs[t].n_members; p++)
                for (size_t l = 0; l < s->structs[t].members[p].n_limits; l++) {
                    limits++;
                    enforced += s->structs[t].members[p].limits[l].enforce;
                }
        fprintf(out, "%-24s %3zu actions %4zu structs %4zu errors %4zu limits (%zu enforced)\n",
                s->id, s->n_actions, s->n_structs, s->n_errors, limits, enforced);
    }
    fprintf(out, "%zu warnings, %zu errors\n", d->warnings, d->errors);
}

int cmd_parse(int argc, char **argv)
{
    parse_options opt = {0};
    const char *out_path = NULL;
    bool summary = false;
    const char **docs = calloc((size_t)argc + 1, sizeof *docs);
    if (!docs)
        return 1;
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            parse_usage(stdout);
            free(docs);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            out_path = argv[++i];
        } else if (!strcmp(a, "--dialect") && i + 1 < argc) {
            opt.dialect = argv[++i];
        } else if (!strcmp(a, "--profiles") && i + 1 < argc) {
            opt.profiles = argv[++i];
        } else if (!strcmp(a, "--overrides") && i + 1 < argc) {
            opt.overrides = argv[++i];
        } else if (!strcmp(a, "--text") && i + 1 < argc) {
            diag_list d = DIAG_LIST_INIT;
            int rc = parse_dump_text(argv[++i], stdout, &d);
            diag_print(&d, stderr);
            diag_list_free(&d);
            free(docs);
            return rc < 0 ? 1 : 0;
        } else if (!strcmp(a, "--summary")) {
            summary = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "docbind parse: unknown option '%s'\n", a);
            parse_usage(stderr);
            free(docs);
            return 2;
        } else {
            docs[n++] = a;
        }
    }
    if (!n || !out_path) {
        parse_usage(stderr);
        free(docs);
        return 2;
    }
    ir_doc ir = IR_DOC_INIT;
    diag_list d = DIAG_LIST_INIT;
    int rc = parse_documents(docs, n, &opt, &ir, &d);
    free(docs);
    diag_print(&d, stderr);
    int status = rc < 0 ? 1 : 0;
    if (rc == 0) {
        char *text = ir_to_json_text(&ir);
        FILE *f = !text ? NULL : strcmp(out_path, "-") ? fopen(out_path, "wb") : stdout;
        if (!text || !f || fputs(text, f) < 0 || (f != stdout && fclose(f) != 0)) {
            fprintf(stderr, "docbind parse: cannot write %s\n", out_path);
            status = 1;
        }
        free(text);
        if (summary)
            print_summary(&ir, &d, stdout == f ? stderr : stdout);
    }
    ir_doc_free(&ir);
    diag_list_free(&d);
    return status;
}
