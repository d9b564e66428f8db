#include "test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *test_source_path(const char *relative)
{
    static char buf[4096];
    int n = snprintf(buf, sizeof buf, "%s/%s", DOCBIND_SOURCE_DIR, relative);
    cr_assert(n > 0 && (size_t)n < sizeof buf, "path too long: %s", relative);
    return buf;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    cr_assert(size >= 0);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    cr_assert_not_null(buf);
    size_t got = fread(buf, 1, (size_t)size, f);
    fclose(f);
    cr_assert_eq(got, (size_t)size, "short read on %s", path);
    buf[got] = '\0';
    if (len)
        *len = got;
    return buf;
}

char *test_write_temp(const char *data, size_t len, const char *suffix)
{
    char tmpl[] = "/tmp/docbind-test-XXXXXX";
    int fd = mkstemp(tmpl);
    cr_assert(fd >= 0, "mkstemp failed");
    cr_assert_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    size_t need = strlen(tmpl) + (suffix ? strlen(suffix) : 0) + 1;
    char *path = malloc(need);
    cr_assert_not_null(path);
    snprintf(path, need, "%s%s", tmpl, suffix ? suffix : "");
    if (suffix && *suffix)
        cr_assert_eq(rename(tmpl, path), 0);
    return path;
}
