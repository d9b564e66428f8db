/* codegen.h: IR (JSON) -> typed C bindings, through the mustache templates
 * in templates/.
 *
 * The generator holds no C: it reads the IR, works out every C name
 * (naming.h) and every fact a template needs (kinds, presence, limits,
 * comment lines), and hands that to the templates as a cJSON context
 * (codegen_context.h). The templates hold every piece of C text.
 * docs/codegen.md describes the output.
 *
 * Ownership: a codegen_output owns its files and summaries;
 * codegen_output_free releases them (safe on CODEGEN_OUTPUT_INIT). */
#ifndef DOCBIND_CODEGEN_H
#define DOCBIND_CODEGEN_H

#include <stddef.h>

#include "diag.h"

/* Besides one folder per service, every run writes a registry of the
 * services it generated: registry/docbind_services.{h,c}. */
#define CODEGEN_REGISTRY_DIR "registry"
#define CODEGEN_REGISTRY_HEADER "docbind_services.h"
#define CODEGEN_REGISTRY_SOURCE "docbind_services.c"

typedef struct codegen_options {
    const char *templates_dir; /* NULL: "templates" */
} codegen_options;

typedef struct codegen_file {
    char *path; /* relative to the output directory: "tencent_ckafka/ckafka.h" */
    char *text;
    size_t len;
} codegen_file;

/* What was generated for one service. */
typedef struct codegen_summary {
    char *service_id;
    char *prefix;          /* "ckafka" */
    size_t actions;        /* request + response structs: 2 per action */
    size_t structs;        /* documented data structures */
    size_t nested;         /* structs made from "parent::child" names */
    size_t enums;          /* C enums from enum limits */
    size_t errors;         /* error codes */
    size_t skipped;        /* IR parameters that could not be placed (diagnosed) */
} codegen_summary;

typedef struct codegen_output {
    codegen_file *files;
    size_t n_files, cap_files;
    codegen_summary *services;
    size_t n_services, cap_services;
} codegen_output;

#define CODEGEN_OUTPUT_INIT { NULL, 0, 0, NULL, 0, 0 }

/* One IR document: its JSON text and the name generated comments and
 * diagnostics give it (its path, as given). */
typedef struct codegen_input {
    const char *text;
    size_t len;
    const char *file;
} codegen_input;

/* Generates the bindings of every service of every IR in `inputs` into
 * *out, which must be CODEGEN_OUTPUT_INIT. All services share one C
 * namespace, so any two generated headers can be included together. IR
 * problems the output works around (a member with no parent, a missing
 * struct) are warnings in `diags`. Returns 0, or -1 with a message in
 * errbuf (invalid IR, a template error, a C name collision) and *out
 * emptied. */
int codegen_run(const codegen_input *inputs, size_t n_inputs, const codegen_options *opt,
                codegen_output *out, diag_list *diags, char *errbuf, size_t errlen);

/* Writes every file of `out` under `dir`, creating directories as needed.
 * Files whose content is unchanged are not rewritten. Returns 0, or -1
 * with a message in errbuf. */
int codegen_write(const codegen_output *out, const char *dir, char *errbuf, size_t errlen);

void codegen_output_free(codegen_output *out);

#endif
