/* docbind generate IR.json... -o DIR: typed C bindings from the IR. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "commands.h"
#include "diag.h"

static void generate_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind generate IR.json... -o DIR [--templates DIR] [--quiet]\n"
            "\n"
            "Writes a header and a source per service of each IR into\n"
            "DIR/<vendor>_<product>/<prefix>.{h,c} (docs/codegen.md), rendering the\n"
            "mustache templates in --templates (default: templates). Files whose\n"
            "content is unchanged are left alone. IR problems the output works around\n"
            "are warnings on stderr; a summary line per service goes to stdout.\n"
            "\n"
            "exit status: 0 generated, 1 bad IR or template, 2 usage error\n");
}

int cmd_generate(int argc, char **argv)
{
    const char *out_dir = NULL;
    codegen_options opt = {0};
    bool quiet = false;
    const char **irs = calloc((size_t)argc + 1, sizeof *irs);
    if (!irs)
        return 1;
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            generate_usage(stdout);
            free(irs);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (!strcmp(a, "--templates") && i + 1 < argc) {
            opt.templates_dir = argv[++i];
        } else if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "docbind generate: unknown option '%s'\n", a);
            generate_usage(stderr);
            free(irs);
            return 2;
        } else {
            irs[n++] = a;
        }
    }
    if (!n || !out_dir) {
        generate_usage(stderr);
        free(irs);
        return 2;
    }
    int status = 0;
    codegen_input *inputs = calloc(n, sizeof *inputs);
    for (size_t i = 0; inputs && i < n; i++) {
        FILE *f = fopen(irs[i], "rb");
        char *text = NULL;
        size_t len = 0;
        if (f) {
            if (!fseek(f, 0, SEEK_END)) {
                long size = ftell(f);
                rewind(f);
                text = size >= 0 ? malloc((size_t)size + 1) : NULL;
                if (text) {
                    len = fread(text, 1, (size_t)size, f);
                    text[len] = '\0';
                }
            }
            fclose(f);
        }
        if (!text) {
            fprintf(stderr, "docbind generate: cannot read %s\n", irs[i]);
            status = 1;
        }
        inputs[i] = (codegen_input){text, len, irs[i]};
    }
    codegen_output out = CODEGEN_OUTPUT_INIT;
    diag_list diags = DIAG_LIST_INIT;
    char err[1024] = "";
    if (!inputs) {
        status = 1;
    } else if (!status && (codegen_run(inputs, n, &opt, &out, &diags, err, sizeof err) ||
                           codegen_write(&out, out_dir, err, sizeof err))) {
        fprintf(stderr, "docbind generate: %s\n", err);
        status = 1;
    }
    if (!quiet)
        diag_print(&diags, stderr);
    if (!status) {
        size_t actions = 0;
        for (size_t s = 0; s < out.n_services; s++) {
            const codegen_summary *sum = &out.services[s];
            printf("%-20s %-10s %3zu actions %4zu structs %3zu nested %3zu enums %3zu errors "
                   "%3zu skipped\n",
                   sum->service_id, sum->prefix, sum->actions, sum->structs, sum->nested,
                   sum->enums, sum->errors, sum->skipped);
            actions += sum->actions;
        }
        printf("generated %zu services, %zu actions: %zu files in %s\n", out.n_services, actions,
               out.n_files, out_dir);
    }
    codegen_output_free(&out);
    diag_list_free(&diags);
    for (size_t i = 0; inputs && i < n; i++)
        free((char *)inputs[i].text);
    free(inputs);
    free(irs);
    return status;
}
