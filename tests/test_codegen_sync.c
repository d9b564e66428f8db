/* generated/ is committed: regenerating every IR in generated/ir/ into a
 * temporary folder must give exactly the committed files, no more, no
 * fewer. Runs from the source directory. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codegen.h"
#include "test_support.h"

typedef struct irs {
    glob_t g;
    codegen_input *inputs;
    size_t n;
} irs;

/* Every IR file of generated/ir/, in glob (sorted) order, as scripts/run.sh passes them. */
static void load_irs(irs *x)
{
    memset(x, 0, sizeof *x);
    cr_assert_eq(glob("generated/ir/*.json", 0, NULL, &x->g), 0, "no IR in generated/ir/");
    x->n = x->g.gl_pathc;
    x->inputs = calloc(x->n, sizeof *x->inputs);
    for (size_t i = 0; i < x->n; i++) {
        size_t len = 0;
        char *text = test_read_file(x->g.gl_pathv[i], &len);
        x->inputs[i] = (codegen_input){text, len, x->g.gl_pathv[i]};
    }
}

static void free_irs(irs *x)
{
    for (size_t i = 0; i < x->n; i++)
        free((char *)x->inputs[i].text);
    free(x->inputs);
    globfree(&x->g);
}

static void generate(const irs *x, codegen_output *out)
{
    diag_list d = DIAG_LIST_INIT;
    char err[1024] = "";
    *out = (codegen_output)CODEGEN_OUTPUT_INIT;
    int rc = codegen_run(x->inputs, x->n, NULL, out, &d, err, sizeof err);
    diag_list_free(&d);
    cr_assert_eq(rc, 0, "generation failed: %s", err);
}

/* First line where a and b differ (1-based). */
static size_t first_difference(const char *a, size_t an, const char *b, size_t bn)
{
    size_t line = 1;
    for (size_t i = 0; i < an && i < bn; i++) {
        if (a[i] != b[i])
            return line;
        line += a[i] == '\n';
    }
    return line;
}

static bool produced(const codegen_output *out, const char *path)
{
    for (size_t i = 0; i < out->n_files; i++)
        if (!strcmp(out->files[i].path, path))
            return true;
    return false;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (!lstat(path, &st) && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

Test(sync, committed_bindings_match_a_fresh_generation)
{
    irs x;
    load_irs(&x);
    codegen_output out;
    generate(&x, &out);
    cr_assert_gt(out.n_files, 0);

    char tmp[] = "/tmp/docbind-codegen-XXXXXX";
    cr_assert_not_null(mkdtemp(tmp));
    char err[1024] = "";
    cr_assert_eq(codegen_write(&out, tmp, err, sizeof err), 0, "%s", err);

    size_t differences = 0;
    for (size_t i = 0; i < out.n_files; i++) {
        char fresh_path[4096], committed_path[4096];
        snprintf(fresh_path, sizeof fresh_path, "%s/%s", tmp, out.files[i].path);
        snprintf(committed_path, sizeof committed_path, "generated/%s", out.files[i].path);
        size_t fresh_len = 0, committed_len = 0;
        char *fresh = test_read_file(fresh_path, &fresh_len);
        FILE *f = fopen(committed_path, "rb");
        if (!f) {
            cr_log_error("%s is not committed: run `docbind generate generated/ir/*.json -o "
                         "generated`", committed_path);
            differences++;
            free(fresh);
            continue;
        }
        fclose(f);
        char *committed = test_read_file(committed_path, &committed_len);
        if (fresh_len != committed_len || memcmp(fresh, committed, fresh_len)) {
            cr_log_error("%s differs from a fresh generation from line %zu on", committed_path,
                         first_difference(fresh, fresh_len, committed, committed_len));
            differences++;
        }
        free(fresh);
        free(committed);
    }

    /* Nothing stale: every .c and .h under generated/ is produced. */
    DIR *top = opendir("generated");
    cr_assert_not_null(top);
    struct dirent *e;
    while ((e = readdir(top))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "ir"))
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "generated/%s", e->d_name);
        DIR *d = opendir(sub);
        if (!d)
            continue;
        struct dirent *f;
        while ((f = readdir(d))) {
            size_t n = strlen(f->d_name);
            if (n < 3 || (strcmp(f->d_name + n - 2, ".c") && strcmp(f->d_name + n - 2, ".h")))
                continue;
            char rel[4096];
            snprintf(rel, sizeof rel, "%s/%s", e->d_name, f->d_name);
            if (!produced(&out, rel)) {
                cr_log_error("generated/%s is not produced by the generator any more", rel);
                differences++;
            }
        }
        closedir(d);
    }
    closedir(top);

    remove_tree(tmp);
    codegen_output_free(&out);
    free_irs(&x);
    cr_expect_eq(differences, 0, "generated/ is out of date (%zu files); regenerate with "
                                 "`docbind generate generated/ir/*.json -o generated`",
                 differences);
}

Test(sync, generation_is_deterministic_and_tidy)
{
    irs x;
    load_irs(&x);
    codegen_output a, b;
    generate(&x, &a);
    generate(&x, &b);
    cr_assert_eq(a.n_files, b.n_files);
    for (size_t i = 0; i < a.n_files; i++) {
        const codegen_file *f = &a.files[i];
        cr_expect_str_eq(f->path, b.files[i].path);
        cr_expect(f->len == b.files[i].len && !memcmp(f->text, b.files[i].text, f->len),
                  "%s differs between two runs", f->path);
        /* Readable output: no trailing whitespace, no tabs, one final newline. */
        size_t line = 1;
        for (size_t k = 0; k < f->len; k++) {
            if (f->text[k] == '\n') {
                cr_expect(k == 0 || (f->text[k - 1] != ' ' && f->text[k - 1] != '\t'),
                          "%s:%zu: trailing whitespace", f->path, line);
                line++;
            }
            cr_expect_neq(f->text[k], '\t', "%s:%zu: a tab", f->path, line);
            if (f->text[k] == '\t')
                break;
        }
        cr_expect(f->len > 0 && f->text[f->len - 1] == '\n' &&
                      (f->len < 2 || f->text[f->len - 2] != '\n'),
                  "%s: should end with exactly one newline", f->path);
    }
    codegen_output_free(&a);
    codegen_output_free(&b);
    free_irs(&x);
}
