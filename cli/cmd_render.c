/* docbind render TEMPLATE DATA.json [--partials DIR]: renders one mustache
 * template to stdout, for debugging templates. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "mustache.h"

static void render_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind render TEMPLATE DATA.json [--partials DIR]\n"
            "\n"
            "Renders the mustache TEMPLATE with the JSON in DATA.json (\"-\" reads stdin)\n"
            "and writes the result to stdout. The partial {{>x}} is DIR/x.mustache;\n"
            "without --partials, or when that file does not exist, it renders empty\n"
            "(with a note on stderr).\n"
            "\n"
            "exit status: 0 rendered, 1 bad template, data or partial, 2 usage error\n");
}

/* Reads a whole file ("-" is stdin) into a NUL-terminated malloc'd buffer.
 * Returns NULL with errno set on failure. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int saved = ENOMEM;
    while (buf) {
        if (cap - n < 2) {
            char *bigger = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                saved = errno ? errno : EIO;
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!buf) {
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* 1-based line and column (in UTF-8 code points) of text[offset]. */
static void position(const char *text, size_t offset, unsigned *line, unsigned *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            ++*line;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

struct partial_dir {
    const char *dir;   /* NULL without --partials */
    int failed;        /* a partial existed but could not be read */
};

static char *partial_path(const char *dir, const char *name)
{
    size_t need = strlen(dir) + strlen(name) + sizeof "/.mustache";
    char *path = malloc(need);
    if (path)
        snprintf(path, need, "%s/%s.mustache", dir, name);
    return path;
}

/* A partial name must stay inside DIR: no absolute path, no ".." segment. */
static int name_stays_inside(const char *name)
{
    if (name[0] == '/')
        return 0;
    for (const char *seg = name; seg;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.')
            return 0;
        seg = slash ? slash + 1 : NULL;
    }
    return 1;
}

static char *load_partial(const char *name, size_t *len, void *user)
{
    struct partial_dir *pd = user;
    if (!pd->dir) {
        fprintf(stderr, "docbind render: note: partial '%s' renders empty (no --partials DIR)\n",
                name);
        return NULL;
    }
    if (!name_stays_inside(name)) {
        fprintf(stderr, "docbind render: partial name '%s' leaves %s\n", name, pd->dir);
        pd->failed = 1;
        return NULL;
    }
    char *path = partial_path(pd->dir, name);
    if (!path) {
        fprintf(stderr, "docbind render: out of memory\n");
        pd->failed = 1;
        return NULL;
    }
    char *text = read_all(path, len);
    if (!text && errno == ENOENT) {
        fprintf(stderr, "docbind render: note: partial '%s' renders empty (%s does not exist)\n",
                name, path);
    } else if (!text) {
        fprintf(stderr, "docbind render: cannot read partial %s: %s\n", path, strerror(errno));
        pd->failed = 1;
    }
    free(path);
    return text;
}

/* Prints "FILE:LINE:COLUMN: message", FILE being the template or partial. */
static void report(const char *template_path, const struct partial_dir *pd,
                   const mustache_error *err)
{
    char *path = NULL;
    const char *file = template_path;
    if (err->partial[0]) {
        path = pd->dir ? partial_path(pd->dir, err->partial) : NULL;
        file = path ? path : err->partial;
    }
    if (err->line)
        fprintf(stderr, "%s:%u:%u: %s\n", file, err->line, err->column, err->message);
    else
        fprintf(stderr, "%s: %s\n", file, err->message);
    free(path);
}

int cmd_render(int argc, char **argv)
{
    const char *positional[2];
    int npositional = 0;
    struct partial_dir pd = {NULL, 0};

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            render_usage(stdout);
            return 0;
        } else if (!strcmp(arg, "--partials")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "docbind render: --partials needs a directory\n");
                render_usage(stderr);
                return 2;
            }
            pd.dir = argv[++i];
        } else if (!strncmp(arg, "--partials=", 11)) {
            pd.dir = arg + 11;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "docbind render: unknown option '%s'\n", arg);
            render_usage(stderr);
            return 2;
        } else if (npositional < 2) {
            positional[npositional++] = arg;
        } else {
            fprintf(stderr, "docbind render: unexpected argument '%s'\n", arg);
            render_usage(stderr);
            return 2;
        }
    }
    if (npositional != 2) {
        render_usage(stderr);
        return 2;
    }
    if (pd.dir && !*pd.dir) {
        fprintf(stderr, "docbind render: --partials needs a directory\n");
        return 2;
    }
    const char *template_path = positional[0], *data_path = positional[1];

    size_t template_len = 0, data_len = 0;
    char *template_text = read_all(template_path, &template_len);
    if (!template_text) {
        fprintf(stderr, "docbind render: cannot read %s: %s\n", template_path, strerror(errno));
        return 1;
    }
    char *data_text = read_all(data_path, &data_len);
    if (!data_text) {
        fprintf(stderr, "docbind render: cannot read %s: %s\n", data_path, strerror(errno));
        free(template_text);
        return 1;
    }

    int status = 1;
    char *out = NULL;
    mustache_template *tmpl = NULL;
    mustache_partials *partials = NULL;
    const char *end = NULL;
    /* The length includes the NUL so cJSON can tell trailing garbage apart. */
    cJSON *data = cJSON_ParseWithLengthOpts(data_text, data_len + 1, &end, 1);
    if (!data) {
        size_t at = end && end >= data_text ? (size_t)(end - data_text) : 0;
        unsigned line, column;
        position(data_text, at > data_len ? data_len : at, &line, &column);
        fprintf(stderr, "%s:%u:%u: invalid JSON (or nested deeper than %d levels)\n",
                data_path, line, column, CJSON_NESTING_LIMIT);
        goto done;
    }

    mustache_error err;
    tmpl = mustache_compile(template_text, template_len, &err);
    if (!tmpl) {
        report(template_path, &pd, &err);
        goto done;
    }
    partials = mustache_partials_new(load_partial, &pd);
    if (!partials) {
        fprintf(stderr, "docbind render: out of memory\n");
        goto done;
    }
    size_t out_len = 0;
    out = mustache_render(tmpl, data, partials, &out_len, &err);
    if (!out) {
        report(template_path, &pd, &err);
        goto done;
    }
    if (pd.failed)
        goto done;
    if (fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout) != 0) {
        fprintf(stderr, "docbind render: cannot write the output: %s\n", strerror(errno));
        goto done;
    }
    status = 0;
done:
    free(out);
    mustache_partials_free(partials);
    mustache_free(tmpl);
    cJSON_Delete(data);
    free(data_text);
    free(template_text);
    return status;
}
