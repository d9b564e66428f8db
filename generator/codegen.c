/* codegen.c: drives generation: reads the IR, builds one context per
 * service, renders templates/header.mustache and templates/source.mustache
 * with it, and writes the results. */
#include "codegen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "codegen_context.h"
#include "mustache.h"
#include "naming.h"

static void set_err(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (!errbuf || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            size_t c = cap ? cap * 2 : 8192;
            char *p = realloc(buf, c);
            if (!p) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap = c;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (!got)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

typedef struct loader {
    const char *dir;
} loader;

/* Partials are templates/NAME.mustache; names cannot leave the directory. */
static char *load_partial(const char *name, size_t *len, void *user)
{
    const loader *l = user;
    if (!*name || strchr(name, '/') || strstr(name, ".."))
        return NULL;
    size_t n = strlen(l->dir) + strlen(name) + 16;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/%s.mustache", l->dir, name);
    char *text = read_file(path, len);
    free(path);
    return text;
}

static mustache_template *compile_main(const loader *l, const char *name, char *errbuf,
                                       size_t errlen)
{
    size_t len = 0;
    char *text = load_partial(name, &len, (void *)l);
    if (!text) {
        set_err(errbuf, errlen, "%s/%s.mustache: %s", l->dir, name, strerror(errno));
        return NULL;
    }
    mustache_error err;
    mustache_template *t = mustache_compile(text, len, &err);
    free(text);
    if (!t) {
        char msg[512];
        set_err(errbuf, errlen, "%s/%s.mustache:%s", l->dir, name,
                mustache_error_format(&err, msg, sizeof msg));
    }
    return t;
}

static int add_file(codegen_output *out, char *path, char *text, size_t len)
{
    if (out->n_files == out->cap_files) {
        size_t cap = out->cap_files ? out->cap_files * 2 : 8;
        codegen_file *p = realloc(out->files, cap * sizeof *p);
        if (!p)
            return -1;
        out->files = p;
        out->cap_files = cap;
    }
    out->files[out->n_files++] = (codegen_file){path, text, len};
    return 0;
}

static int render_to(codegen_output *out, const mustache_template *t, mustache_partials *partials,
                     const cJSON *ctx, const char *dir, const char *file, const char *tname,
                     char *errbuf, size_t errlen)
{
    mustache_error err;
    size_t len = 0;
    char *text = mustache_render(t, ctx, partials, &len, &err);
    if (!text) {
        char msg[512];
        set_err(errbuf, errlen, "rendering %s for %s/%s: %s%s%s", tname, dir, file,
                *err.partial ? err.partial : "", *err.partial ? ".mustache:" : "",
                mustache_error_format(&err, msg, sizeof msg));
        return -1;
    }
    size_t n = strlen(dir) + strlen(file) + 2;
    char *path = malloc(n);
    if (!path || (snprintf(path, n, "%s/%s", dir, file), add_file(out, path, text, len))) {
        free(path);
        free(text);
        set_err(errbuf, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void codegen_output_free(codegen_output *out)
{
    if (!out)
        return;
    for (size_t i = 0; i < out->n_files; i++) {
        free(out->files[i].path);
        free(out->files[i].text);
    }
    free(out->files);
    for (size_t i = 0; i < out->n_services; i++) {
        free(out->services[i].service_id);
        free(out->services[i].prefix);
    }
    free(out->services);
    *out = (codegen_output)CODEGEN_OUTPUT_INIT;
}

int codegen_run(const codegen_input *inputs, size_t n_inputs, const codegen_options *opt,
                codegen_output *out, diag_list *diags, char *errbuf, size_t errlen)
{
    loader l = {opt && opt->templates_dir ? opt->templates_dir : "templates"};
    int rc = -1;
    cJSON *root = NULL;
    naming_set *global = naming_set_new();
    mustache_partials *partials = mustache_partials_new(load_partial, &l);
    mustache_template *header = NULL, *source = NULL;
    mustache_template *reg_header = NULL, *reg_source = NULL;
    /* the registry of every service generated in this run */
    cJSON *registry = cJSON_CreateObject();
    cJSON *reg_services = cJSON_AddArrayToObject(registry, "services");
    if (!global || !partials || !reg_services ||
        !cJSON_AddStringToObject(registry, "dir", CODEGEN_REGISTRY_DIR) ||
        !cJSON_AddStringToObject(registry, "header", CODEGEN_REGISTRY_HEADER) ||
        !cJSON_AddStringToObject(registry, "source", CODEGEN_REGISTRY_SOURCE)) {
        set_err(errbuf, errlen, "out of memory");
        goto done;
    }
    header = compile_main(&l, "header", errbuf, errlen);
    source = header ? compile_main(&l, "source", errbuf, errlen) : NULL;
    reg_header = source ? compile_main(&l, "registry_header", errbuf, errlen) : NULL;
    reg_source = reg_header ? compile_main(&l, "registry_source", errbuf, errlen) : NULL;
    if (!reg_source)
        goto done;
    for (size_t i = 0; i < n_inputs; i++) {
        const codegen_input *in = &inputs[i];
        cJSON_Delete(root);
        root = cJSON_ParseWithLength(in->text, in->len);
        const cJSON *services = cJSON_GetObjectItemCaseSensitive(root, "services");
        if (!root) {
            set_err(errbuf, errlen, "%s: not valid JSON", in->file);
            goto done;
        }
        if (!cJSON_IsArray(services)) {
            set_err(errbuf, errlen, "%s: no \"services\" array", in->file);
            goto done;
        }
        const cJSON *svc;
        cJSON_ArrayForEach(svc, services)
        {
            if (out->n_services == out->cap_services) {
                size_t cap = out->cap_services ? out->cap_services * 2 : 4;
                codegen_summary *p = realloc(out->services, cap * sizeof *p);
                if (!p) {
                    set_err(errbuf, errlen, "out of memory");
                    goto done;
                }
                out->services = p;
                out->cap_services = cap;
            }
            codegen_summary *sum = &out->services[out->n_services++];
            cJSON *ctx = codegen_service_context(svc, global, in->file, in->file, diags, sum,
                                                 errbuf, errlen);
            if (!ctx)
                goto done;
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(ctx, "service");
            const char *dir = cJSON_GetObjectItemCaseSensitive(s, "dir")->valuestring;
            const char *h = cJSON_GetObjectItemCaseSensitive(s, "header")->valuestring;
            const char *c = cJSON_GetObjectItemCaseSensitive(s, "source")->valuestring;
            int bad = render_to(out, header, partials, ctx, dir, h, "header", errbuf, errlen) ||
                      render_to(out, source, partials, ctx, dir, c, "source", errbuf, errlen);
            cJSON *entry = cJSON_CreateObject();
            if (!bad && (!cJSON_AddItemToArray(reg_services, entry) ||
                         !cJSON_AddStringToObject(entry, "dir", dir) ||
                         !cJSON_AddStringToObject(entry, "header", h) ||
                         !cJSON_AddStringToObject(entry, "prefix", sum->prefix))) {
                set_err(errbuf, errlen, "out of memory");
                bad = 1;
            }
            cJSON_Delete(ctx);
            if (bad)
                goto done;
        }
    }
    if (render_to(out, reg_header, partials, registry, CODEGEN_REGISTRY_DIR,
                  CODEGEN_REGISTRY_HEADER, "registry_header", errbuf, errlen) ||
        render_to(out, reg_source, partials, registry, CODEGEN_REGISTRY_DIR,
                  CODEGEN_REGISTRY_SOURCE, "registry_source", errbuf, errlen))
        goto done;
    rc = 0;
done:
    cJSON_Delete(registry);
    mustache_free(reg_header);
    mustache_free(reg_source);
    mustache_free(header);
    mustache_free(source);
    mustache_partials_free(partials);
    naming_set_free(global);
    cJSON_Delete(root);
    if (rc)
        codegen_output_free(out);
    return rc;
}

/* mkdir -p for the directories of `path` (not the last component). */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0777);
        int e = errno;
        *p = '/';
        if (r && e != EEXIST)
            return -1;
    }
    return 0;
}

int codegen_write(const codegen_output *out, const char *dir, char *errbuf, size_t errlen)
{
    for (size_t i = 0; i < out->n_files; i++) {
        const codegen_file *f = &out->files[i];
        size_t n = strlen(dir) + strlen(f->path) + 2;
        char *path = malloc(n);
        if (!path) {
            set_err(errbuf, errlen, "out of memory");
            return -1;
        }
        snprintf(path, n, "%s/%s", dir, f->path);
        size_t old_len = 0;
        char *old = read_file(path, &old_len);
        bool same = old && old_len == f->len && !memcmp(old, f->text, f->len);
        free(old);
        if (same) {
            free(path);
            continue;
        }
        if (make_parents(path)) {
            set_err(errbuf, errlen, "%s: cannot create its directory: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        FILE *fp = fopen(path, "wb");
        if (!fp || fwrite(f->text, 1, f->len, fp) != f->len) {
            set_err(errbuf, errlen, "%s: %s", path, strerror(errno));
            if (fp)
                fclose(fp);
            free(path);
            return -1;
        }
        if (fclose(fp)) {
            set_err(errbuf, errlen, "%s: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        free(path);
    }
    return 0;
}
