#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rx {
    pcre2_code *code;
    pcre2_match_data *md;
};

rx *rx_compile(const char *pattern, char *err, size_t err_size)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_UCP, &code, &off, NULL);
    if (!c) {
        if (err) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            snprintf(err, err_size, "bad pattern at offset %zu: %s", (size_t)off, (char *)msg);
        }
        return NULL;
    }
    /* JIT is best effort (the interpreter takes over where it is missing).
     * DOCBIND_NO_JIT turns it off: valgrind cannot follow JIT code and
     * reports its vector reads as errors. */
    if (!getenv("DOCBIND_NO_JIT"))
        pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    rx *r = malloc(sizeof *r);
    if (!r) {
        pcre2_code_free(c);
        return NULL;
    }
    r->code = c;
    r->md = pcre2_match_data_create_from_pattern(c, NULL);
    if (!r->md) {
        pcre2_code_free(c);
        free(r);
        return NULL;
    }
    return r;
}

rx *rx_must(const char *pattern)
{
    char err[300];
    rx *r = rx_compile(pattern, err, sizeof err);
    if (!r) {
        fprintf(stderr, "docbind: internal pattern %s: %s\n", pattern, err);
        abort();
    }
    return r;
}

void rx_free(rx *r)
{
    if (!r)
        return;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    free(r);
}

bool rx_search(const rx *r, const char *s, size_t len, size_t from, rx_match *m)
{
    /* Input was validated as UTF-8 when the document was loaded. */
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, r->md, NULL);
    if (rc < 0)
        return false;
    if (m) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        uint32_t n = pcre2_get_ovector_count(r->md);
        if (n > RX_MAX_GROUPS)
            n = RX_MAX_GROUPS;
        for (uint32_t i = 0; i < RX_MAX_GROUPS; i++) {
            if (i < n && ov[2 * i] != PCRE2_UNSET) {
                m->start[i] = ov[2 * i];
                m->end[i] = ov[2 * i + 1];
            } else {
                m->start[i] = m->end[i] = (size_t)-1;
            }
        }
        m->groups = (int)n;
    }
    return true;
}

bool rx_test(const rx *r, const char *s)
{
    return rx_search(r, s, strlen(s), 0, NULL);
}

size_t rx_group_len(const rx_match *m, int g)
{
    if (g >= RX_MAX_GROUPS || m->start[g] == (size_t)-1)
        return 0;
    return m->end[g] - m->start[g];
}

bool rx_valid_utf8(const char *buf, size_t len, size_t *bad_offset)
{
    /* PCRE2 validates its subject in UTF mode: let it do the checking. */
    static const char *const any = "";
    int code;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)any, 0, PCRE2_UTF, &code, &off, NULL);
    if (!c)
        return false;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_match(c, (PCRE2_SPTR)buf, len, 0, 0, md, NULL);
    bool ok = true;
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
        ok = false;
        if (bad_offset)
            *bad_offset = pcre2_get_startchar(md);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(c);
    return ok;
}
