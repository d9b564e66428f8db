/* fixture_cases.h: one action of the IR -> its fixture (docs/fixtures.md).
 *
 * A fixture holds, for one action:
 *   requests            the documented request examples that are valid and
 *                       a minimal request (required members only), each with
 *                       its parameters, where each value came from, the
 *                       wire form docbind sends and its signature;
 *   documented_invalid  documented examples that break the document's own
 *                       rules, with the error a client reports;
 *   invalid             requests built to fail: each required member
 *                       missing, each checked limit broken by one, a wrong
 *                       enum value, a wrong JSON type, with the expected
 *                       error (and the wire form a client that does not
 *                       validate would send);
 *   responses           the documented responses and the values a parser
 *                       must extract;
 *   gaps                what could not be made, and why.
 *
 * Everything is deterministic: IR order, fixed credentials, timestamp and
 * nonce from the config, no clock, no randomness.
 *
 * Ownership: fx_action_fixture returns a cJSON tree the caller deletes; the
 * config is borrowed. */
#ifndef DOCBIND_FIXTURE_CASES_H
#define DOCBIND_FIXTURE_CASES_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "fixture_model.h"

#define FIXTURE_VERSION 1

/* Test credentials and region for one vendor ("tencent", "huawei", ...). */
typedef struct fx_vendor {
    const char *vendor;
    const char *id;
    const char *secret;
    const char *region;
} fx_vendor;

typedef struct fx_config {
    int64_t timestamp; /* Unix seconds */
    const char *nonce; /* a positive decimal integer (Tencent v1 needs one) */
    const fx_vendor *vendors;
    size_t n_vendors;
    const fx_vendor *fallback; /* for vendors not listed */
} fx_config;

/* The signing block of a service's fixtures:
 * {"algorithm", "credentials": {"id", "secret"}, "timestamp", "nonce",
 *  "region", "scheme", "host", "scope_service"}. NULL with *why when the
 * service cannot be signed (no algorithm docbind's caller uses). */
cJSON *fx_signing_block(const fx_model *m, const fx_config *cfg, const char **why);

/* The fixture of action `a`. Never NULL except out of memory. */
cJSON *fx_action_fixture(const fx_model *m, const fx_action *a, const fx_config *cfg);

/* Counts over one fixture, for the index and the summary line. */
typedef struct fx_counts {
    size_t requests, documented_invalid, invalid, responses, gaps;
} fx_counts;

void fx_fixture_counts(const cJSON *fixture, fx_counts *out);

#endif
