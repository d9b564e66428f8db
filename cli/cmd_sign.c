/* docbind sign [FILE|-]: prints every intermediate of the signature of
 * each JSON request read from FILE (standard input for - or nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "commands.h"
#include "sign_request_json.h"

static void sign_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind sign [FILE|-]\n\n"
            "Reads one signing request (a JSON object) or an array of them from FILE\n"
            "or standard input and prints, for each, the canonical request, string to\n"
            "sign, signature and the Authorization header or signed query as JSON.\n"
            "Algorithms: tc3-hmac-sha256, tc-v1-hmac-sha1, tc-v1-hmac-sha256,\n"
            "huawei-sdk-hmac-sha256, huawei-iam-token, aliyun-rpc-hmac-sha1,\n"
            "aliyun-acs3-hmac-sha256. The format is described in docs/signing.md.\n");
}

/* Reads the whole stream; the buffer may hold secrets, so growth copies
 * and wipes rather than realloc. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *bigger = cap > ((size_t)1 << 30) ? NULL : malloc(cap * 2);
            if (!bigger) {
                OPENSSL_cleanse(buf, n);
                free(buf);
                return NULL;
            }
            memcpy(bigger, buf, n);
            OPENSSL_cleanse(buf, n);
            free(buf);
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        OPENSSL_cleanse(buf, n);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int cmd_sign(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            sign_usage(stdout);
            return 0;
        }
        if (path || (argv[i][0] == '-' && argv[i][1])) {
            sign_usage(stderr);
            return 2;
        }
        path = argv[i];
    }
    FILE *f = stdin;
    if (path && strcmp(path, "-")) {
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "docbind sign: %s: cannot open\n", path);
            return 1;
        }
    }
    size_t len = 0;
    char *text = read_all(f, &len);
    if (f != stdin)
        fclose(f);
    if (!text) {
        fprintf(stderr, "docbind sign: %s: cannot read\n", path ? path : "-");
        return 1;
    }
    char *out = NULL;
    docbind_sign_error err;
    int rc = docbind_sign_json(text, len, &out, &err);
    OPENSSL_cleanse(text, len);
    free(text);
    if (rc) {
        fprintf(stderr, "docbind sign: %s\n", err.message);
        return 1;
    }
    printf("%s\n", out);
    free(out);
    return fflush(stdout) ? 1 : 0;
}
