/* docbind_codec_pattern.c: documented patterns, on PCRE2. Each pattern is
 * compiled on first use and published with a compare-and-swap, so threads
 * racing on the first use compile it at most once each and all end up
 * sharing one compiled form (kept for the life of the process). Matching
 * is a search, as in JSON Schema: anchor with ^ and $ to match the whole. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "docbind_codec.h"
#include "docbind_codec_internal.h"

static pcre2_code *compiled(docbind_pattern *pattern, docbind_error *err)
{
    pcre2_code *code = atomic_load_explicit(&pattern->code, memory_order_acquire);
    if (code)
        return code;
    int errcode = 0;
    PCRE2_SIZE offset = 0;
    code = pcre2_compile((PCRE2_SPTR)pattern->source, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
                         &offset, NULL);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "pattern %s does not compile at %zu: %s",
                          pattern->source, (size_t)offset, (const char *)msg);
        return NULL;
    }
    void *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&pattern->code, &expected, code,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        pcre2_code_free(code);
        code = expected;
    }
    return code;
}

int codec_pattern_match(docbind_pattern *pattern, const char *s, const codec_path *path,
                        docbind_error *err)
{
    pcre2_code *code = compiled(pattern, err);
    if (!code)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return codec_oom(err);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        return codec_fail(err, path, "utf8", "not valid UTF-8");
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "matching %s: %s", pattern->source,
                             (const char *)msg);
}
