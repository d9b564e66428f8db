/* docbind fixtures IR.json... -o DIR: test fixtures for every action
 * (docs/fixtures.md). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "docbind_mock.h"
#include "file_read.h"
#include "fixture_cases.h"
#include "fixture_model.h"

/* The fixed values every fixture is signed with: the mock's documented test
 * credentials (so `docbind mock --strict-signatures` accepts the requests),
 * one timestamp (2023-11-14T22:13:20Z) and one nonce. */
#define FIXTURE_TIMESTAMP 1700000000
#define FIXTURE_NONCE "1234567890"

static const fx_vendor fixture_vendors[] = {
    {"tencent", DOCBIND_MOCK_TENCENT_SECRET_ID, DOCBIND_MOCK_TENCENT_SECRET_KEY, "ap-guangzhou"},
    {"huawei", DOCBIND_MOCK_HUAWEI_AK, DOCBIND_MOCK_HUAWEI_SK, "cn-north-4"},
    {"aliyun", DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET,
     "cn-hangzhou"},
};
static const fx_vendor fixture_fallback = {"", "FIXTURETESTID", "fixture-test-secret",
                                           "region-1"};

static void fixtures_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind fixtures IR.json... -o DIR [--quiet]\n"
            "\n"
            "Writes one JSON fixture per action into DIR/<service-id>/<Action>.json\n"
            "and DIR/index.json (docs/fixtures.md): documented and minimal requests\n"
            "with their wire form and signature under fixed test credentials,\n"
            "timestamp and nonce, invalid requests with the expected error, and the\n"
            "documented responses with the values a parser must extract. The output\n"
            "is deterministic. A line per service goes to stdout.\n"
            "\n"
            "exit status: 0 written, 1 bad IR or unwritable DIR, 2 usage error\n");
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) && errno != EEXIST)
        return -1;
    return 0;
}

/* Writes text to path unless the file already holds exactly that. */
static int write_file(const char *path, const char *text)
{
    size_t len = strlen(text), old_len = 0;
    const char *why = NULL;
    char *old = file_read_all(path, (size_t)1 << 30, &old_len, &why);
    bool same = old && old_len == len && !memcmp(old, text, len);
    free(old);
    if (same)
        return 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    bool ok = fwrite(text, 1, len, f) == len;
    ok &= fclose(f) == 0;
    return ok ? 0 : -1;
}

/* A file name for an action: letters, digits, "-", "_" and "." kept. */
static void file_name(char *out, size_t cap, const char *action)
{
    size_t n = 0;
    for (const char *p = action; *p && n + 6 < cap; p++) {
        bool keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || (*p == '.' && n);
        out[n++] = keep ? *p : '_';
    }
    if (!n)
        out[n++] = '_';
    snprintf(out + n, cap - n, ".json");
}

static char *print(const cJSON *j)
{
    char *text = cJSON_Print(j);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *out = malloc(n + 2);
    if (out) {
        memcpy(out, text, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    cJSON_free(text);
    return out;
}

static int write_json(const char *path, const cJSON *j)
{
    char *text = print(j);
    int rc = text ? write_file(path, text) : -1;
    free(text);
    if (rc)
        fprintf(stderr, "docbind fixtures: cannot write %s: %s\n", path, strerror(errno));
    return rc;
}

/* One service: its fixtures and its entry in the index. */
static int service_fixtures(const char *ir_path, const cJSON *svc, const char *out_dir,
                            const fx_config *cfg, cJSON *index, bool quiet)
{
    fx_model m;
    char err[300];
    if (fx_model_build(&m, svc, err, sizeof err)) {
        fprintf(stderr, "docbind fixtures: %s: %s\n", ir_path, err);
        fx_model_free(&m);
        return -1;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", out_dir, m.id);
    if (strchr(m.id, '/') || !strcmp(m.id, ".") || !strcmp(m.id, "..") || make_dir(dir)) {
        fprintf(stderr, "docbind fixtures: %s: cannot create %s\n", ir_path, dir);
        fx_model_free(&m);
        return -1;
    }
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "id", m.id);
    cJSON_AddStringToObject(entry, "ir", ir_path);
    cJSON *actions = cJSON_AddArrayToObject(entry, "actions");
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(index, "services"), entry);
    fx_counts total = {0};
    int rc = 0;
    for (size_t i = 0; i < m.n_actions && !rc; i++) {
        const fx_action *a = &m.actions[i];
        cJSON *fixture = fx_action_fixture(&m, a, cfg);
        if (!fixture) {
            fprintf(stderr, "docbind fixtures: out of memory\n");
            rc = -1;
            break;
        }
        char name[300], path[4500];
        file_name(name, sizeof name, a->name);
        /* two actions mapping to one file name: the later gets a suffix */
        for (int k = 2; cJSON_GetObjectItemCaseSensitive(entry, name); k++) {
            char base[300];
            file_name(base, sizeof base, a->name);
            base[strlen(base) - 5] = '\0';
            /* base is at most 294 characters here: room for "_NNN.json" */
            if (snprintf(name, sizeof name, "%.280s_%d.json", base, k) >= (int)sizeof name)
                break;
        }
        cJSON_AddTrueToObject(entry, name); /* taken; removed below */
        snprintf(path, sizeof path, "%s/%s", dir, name);
        rc = write_json(path, fixture);
        fx_counts c = {0};
        fx_fixture_counts(fixture, &c);
        fx_fixture_counts(fixture, &total);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "action", a->name);
        char rel[400];
        snprintf(rel, sizeof rel, "%s/%s", m.id, name);
        cJSON_AddStringToObject(e, "file", rel);
        cJSON_AddNumberToObject(e, "requests", (double)c.requests);
        cJSON_AddNumberToObject(e, "documented_invalid", (double)c.documented_invalid);
        cJSON_AddNumberToObject(e, "invalid", (double)c.invalid);
        cJSON_AddNumberToObject(e, "responses", (double)c.responses);
        cJSON_AddNumberToObject(e, "gaps", (double)c.gaps);
        cJSON_AddItemToArray(actions, e);
        cJSON_Delete(fixture);
    }
    /* drop the file-name markers */
    for (cJSON *c = entry->child, *next; c; c = next) {
        next = c->next;
        if (cJSON_IsTrue(c))
            cJSON_Delete(cJSON_DetachItemViaPointer(entry, c));
    }
    if (!quiet && !rc)
        printf("%s: %zu actions, %zu requests, %zu documented invalid, %zu invalid, "
               "%zu responses, %zu gaps\n",
               m.id, m.n_actions, total.requests, total.documented_invalid, total.invalid,
               total.responses, total.gaps);
    fx_model_free(&m);
    return rc;
}

static int ir_fixtures(const char *ir_path, const char *out_dir, const fx_config *cfg,
                       cJSON *index, bool quiet)
{
    size_t len = 0;
    const char *why = NULL;
    char *text = file_read_all(ir_path, (size_t)1 << 30, &len, &why);
    if (!text) {
        fprintf(stderr, "docbind fixtures: cannot read %s: %s\n", ir_path, why ? why : "error");
        return -1;
    }
    const char *end = NULL;
    cJSON *ir = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!ir) {
        size_t at = end ? (size_t)(end - text) : 0;
        size_t line = 1;
        for (size_t i = 0; i < at && i < len; i++)
            line += text[i] == '\n';
        fprintf(stderr, "docbind fixtures: %s:%zu: not valid JSON\n", ir_path, line);
        free(text);
        return -1;
    }
    free(text);
    int rc = 0;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(ir, "ir_version");
    const cJSON *services = cJSON_GetObjectItemCaseSensitive(ir, "services");
    if (!cJSON_IsNumber(version) || version->valuedouble != 1) {
        fprintf(stderr, "docbind fixtures: %s: \"ir_version\" must be 1 (docs/ir.md)\n", ir_path);
        rc = -1;
    } else if (!cJSON_IsArray(services)) {
        fprintf(stderr, "docbind fixtures: %s: \"services\" must be an array (docs/ir.md)\n",
                ir_path);
        rc = -1;
    }
    const cJSON *svc;
    if (!rc)
        cJSON_ArrayForEach(svc, services) if (!rc)
            rc = service_fixtures(ir_path, svc, out_dir, cfg, index, quiet);
    cJSON_Delete(ir);
    return rc;
}

int cmd_fixtures(int argc, char **argv)
{
    const char *out_dir = NULL;
    bool quiet = false;
    const char **irs = calloc((size_t)argc + 1, sizeof *irs);
    size_t n = 0;
    if (!irs)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fixtures_usage(stdout);
            free(irs);
            return 0;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "docbind fixtures: unknown option '%s'\n", a);
            fixtures_usage(stderr);
            free(irs);
            return 2;
        } else {
            irs[n++] = a;
        }
    }
    if (!n || !out_dir) {
        fixtures_usage(stderr);
        free(irs);
        return 2;
    }
    if (make_dir(out_dir)) {
        fprintf(stderr, "docbind fixtures: cannot create %s: %s\n", out_dir, strerror(errno));
        free(irs);
        return 1;
    }
    fx_config cfg = {FIXTURE_TIMESTAMP, FIXTURE_NONCE, fixture_vendors,
                     sizeof fixture_vendors / sizeof fixture_vendors[0], &fixture_fallback};
    cJSON *index = cJSON_CreateObject();
    cJSON_AddNumberToObject(index, "fixture_version", FIXTURE_VERSION);
    cJSON_AddNumberToObject(index, "timestamp", FIXTURE_TIMESTAMP);
    cJSON_AddStringToObject(index, "nonce", FIXTURE_NONCE);
    cJSON_AddArrayToObject(index, "services");
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = ir_fixtures(irs[i], out_dir, &cfg, index, quiet);
    if (!rc) {
        char path[4200];
        snprintf(path, sizeof path, "%s/index.json", out_dir);
        rc = write_json(path, index);
    }
    cJSON_Delete(index);
    free(irs);
    return rc ? 1 : 0;
}
