/* Which service and action a request is for (docs/mock.md, "Routing").
 *
 *  1. A Host naming a service endpoint (placeholders such as {region}
 *     match one label) narrows the candidates to the services with that
 *     endpoint.
 *  2. Then the request's shape decides, in this order:
 *     - X-TC-Action header: Tencent API 3.0 (rpc-json); X-TC-Version picks
 *       among several;
 *     - x-acs-action header: Alibaba (V3 signature); x-acs-version picks;
 *     - an Action parameter (query or form): /v2/index.php is Tencent API
 *       2.0; otherwise the RPC service whose version equals the Version
 *       parameter; otherwise SecretId means Tencent and AccessKeyId
 *       Alibaba, and the service that has the action wins;
 *     - otherwise the path is matched against the REST services' path
 *       templates (most literal segments wins; the method must match).
 *  3. Nothing fits: the request is unknown, answered in the envelope of
 *     the vendor its shape suggests (Huawei's when it has none and a REST
 *     service is loaded, else the first service's). */
#include <string.h>
#include <strings.h>

#include "mock_route.h"

static int label_match(const char *pattern, size_t plen, const char *label, size_t llen)
{
    if (plen >= 2 && pattern[0] == '{' && pattern[plen - 1] == '}')
        return llen > 0;
    return plen == llen && strncasecmp(pattern, label, plen) == 0;
}

/* 1 when `host` (port stripped) fits the endpoint template. */
static int host_matches(const char *endpoint, const char *host)
{
    size_t hlen = strcspn(host, ":");
    const char *e = endpoint, *h = host;
    const char *hend = host + hlen;
    for (;;) {
        size_t el = strcspn(e, ".");
        size_t hl = 0;
        while (h + hl < hend && h[hl] != '.')
            hl++;
        if (!label_match(e, el, h, hl))
            return 0;
        e += el;
        h += hl;
        if (!*e || h >= hend)
            return !*e && h >= hend;
        e++;
        h++;
    }
}

static const dbm_action *find_action(const dbm_service *s, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < s->action_count; i++)
        if (!strcmp(s->actions[i].name, name))
            return &s->actions[i];
    return NULL;
}

typedef int (*service_filter)(const dbm_service *s, const void *arg);

/* Picks among the candidate services passing `filter`: first one having
 * the action and (when `version` is given) that version, then one having
 * the action, then the first passing the filter. */
static int pick(dbm_route *out, const dbm_service *const *cands, size_t n, service_filter filter,
                const void *arg, const char *action, const char *version)
{
    const dbm_service *first = NULL, *with_action = NULL;
    for (size_t i = 0; i < n; i++) {
        const dbm_service *s = cands[i];
        if (!filter(s, arg))
            continue;
        if (!first)
            first = s;
        const dbm_action *a = find_action(s, action);
        if (a && version && s->version && !strcmp(version, s->version)) {
            out->service = s;
            out->action = a;
            return 1;
        }
        if (a && !with_action)
            with_action = s;
    }
    const dbm_service *s = with_action ? with_action : first;
    if (!s)
        return 0;
    out->service = s;
    out->action = find_action(s, action);
    return 1;
}

static int is_tc3(const dbm_service *s, const void *arg)
{
    (void)arg;
    return s->envelope == MOCK_ENV_TENCENT && s->style == MOCK_STYLE_RPC_JSON;
}

static int is_aliyun(const dbm_service *s, const void *arg)
{
    (void)arg;
    return s->envelope == MOCK_ENV_ALIYUN;
}

static int is_tencent_v2(const dbm_service *s, const void *arg)
{
    (void)arg;
    return s->envelope == MOCK_ENV_TENCENT_V2;
}

static int is_tencent_any(const dbm_service *s, const void *arg)
{
    (void)arg;
    return s->envelope == MOCK_ENV_TENCENT || s->envelope == MOCK_ENV_TENCENT_V2;
}

static int is_rpc_with_version(const dbm_service *s, const void *arg)
{
    const char *version = arg;
    return s->style != MOCK_STYLE_REST_JSON && s->version && version && !strcmp(s->version, version);
}

static int is_rpc_with_action(const dbm_service *s, const void *arg)
{
    return s->style != MOCK_STYLE_REST_JSON && find_action(s, arg) != NULL;
}

static int is_rest(const dbm_service *s, const void *arg)
{
    (void)arg;
    return s->style == MOCK_STYLE_REST_JSON;
}

static void route_rest(dbm_route *out, const dbm_service *const *cands, size_t n,
                       const dbm_request *r)
{
    int best = -1, best_any = -1;
    for (size_t i = 0; i < n; i++) {
        const dbm_service *s = cands[i];
        if (s->style != MOCK_STYLE_REST_JSON)
            continue;
        for (size_t k = 0; k < s->action_count; k++) {
            const dbm_action *a = &s->actions[k];
            int lit = dbm_path_match(a, r->segments, r->segment_count);
            if (lit < 0)
                continue;
            if (lit > best_any) {
                best_any = lit;
                if (best < 0)
                    out->service = s; /* the path exists: answer in its envelope */
            }
            if (strcasecmp(a->method, r->method) == 0 && lit > best) {
                best = lit;
                out->service = s;
                out->action = a;
            }
        }
    }
}

void dbm_route_request(const dbm_model *m, const dbm_request *r, dbm_route *out)
{
    memset(out, 0, sizeof *out);
    const dbm_service *cands[64];
    size_t n = 0;
    const char *host = dbm_request_header(r, "Host");
    if (host)
        for (size_t i = 0; i < m->service_count && n < 64; i++)
            if (host_matches(m->services[i].endpoint, host))
                cands[n++] = &m->services[i];
    if (n == 0)
        for (size_t i = 0; i < m->service_count && n < 64; i++)
            cands[n++] = &m->services[i];

    const char *tc_action = dbm_request_header(r, "X-TC-Action");
    const char *acs_action = dbm_request_header(r, "x-acs-action");
    const char *action = dbm_request_param(r, "Action");
    if (tc_action) {
        out->action_name = tc_action;
        out->env = MOCK_ENV_TENCENT;
        pick(out, cands, n, is_tc3, NULL, tc_action, dbm_request_header(r, "X-TC-Version"));
    } else if (acs_action) {
        out->action_name = acs_action;
        out->env = MOCK_ENV_ALIYUN;
        pick(out, cands, n, is_aliyun, NULL, acs_action, dbm_request_header(r, "x-acs-version"));
    } else if (action) {
        out->action_name = action;
        const char *version = dbm_request_param(r, "Version");
        if (r->path && !strcmp(r->path, "/v2/index.php")) {
            out->env = MOCK_ENV_TENCENT_V2;
            pick(out, cands, n, is_tencent_v2, NULL, action, NULL);
        } else if (version && pick(out, cands, n, is_rpc_with_version, version, action, version)) {
            /* picked by version */
        } else if (dbm_request_param(r, "SecretId")) {
            out->env = MOCK_ENV_TENCENT;
            pick(out, cands, n, is_tencent_any, NULL, action, version);
        } else if (dbm_request_param(r, "AccessKeyId")) {
            out->env = MOCK_ENV_ALIYUN;
            pick(out, cands, n, is_aliyun, NULL, action, version);
        } else {
            pick(out, cands, n, is_rpc_with_action, action, action, version);
        }
    } else {
        route_rest(out, cands, n, r);
    }
    if (out->service) {
        out->env = out->service->envelope;
        return;
    }
    if (out->env)
        return;
    /* Nothing fits: a REST path no template matches, or no shape at all. */
    const dbm_service *rest = NULL;
    for (size_t i = 0; i < n && !rest; i++)
        if (is_rest(cands[i], NULL))
            rest = cands[i];
    if (dbm_request_header(r, "X-TC-Timestamp") || dbm_request_param(r, "SecretId"))
        out->env = MOCK_ENV_TENCENT;
    else if (dbm_request_header(r, "x-acs-date") || dbm_request_param(r, "AccessKeyId"))
        out->env = MOCK_ENV_ALIYUN;
    else
        out->env = rest ? rest->envelope : cands[0]->envelope;
}
