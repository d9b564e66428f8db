/* Benchmarks of code generation and of the generated bindings:
 *   (a) `docbind generate` over every IR in generated/ir/ (in process:
 *       read, build contexts, render, write into a temporary folder);
 *   (b) validate + serialize a SendMessage request of 500 messages of
 *       1 KB each, beside memcpy of the same bytes and
 *       cJSON_PrintUnformatted of the same payload built as a cJSON tree;
 *   (c) parse a 1 MB DescribeTopicDetail response (and free it), beside
 *       cJSON_Parse of the same body.
 * Figures are the median and the best of many runs, in milliseconds.
 * Run from anywhere: paths are relative to DOCBIND_SOURCE_DIR. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "codegen.h"
#include "tencent_ckafka/ckafka.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct figures {
    double median;
    double best;
} figures;

static figures summarize(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    figures f = {t[n / 2], t[0]};
    return f;
}

static volatile size_t sink;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* ---- (a) generate -------------------------------------------------------- */

static void bench_generate(void)
{
    glob_t g;
    if (glob("generated/ir/*.json", 0, NULL, &g)) {
        fprintf(stderr, "no IR in generated/ir/\n");
        exit(1);
    }
    char tmp[] = "/tmp/docbind-bench-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        exit(1);
    }
    enum { RUNS = 15 };
    double t[RUNS];
    size_t files = 0, bytes = 0, actions = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        codegen_input *in = calloc(g.gl_pathc, sizeof *in);
        for (size_t i = 0; i < g.gl_pathc; i++) {
            size_t len = 0;
            char *text = read_file(g.gl_pathv[i], &len);
            in[i] = (codegen_input){text, len, g.gl_pathv[i]};
        }
        codegen_output out = CODEGEN_OUTPUT_INIT;
        diag_list d = DIAG_LIST_INIT;
        char err[512];
        if (codegen_run(in, g.gl_pathc, NULL, &out, &d, err, sizeof err) ||
            codegen_write(&out, tmp, err, sizeof err)) {
            fprintf(stderr, "generate: %s\n", err);
            exit(1);
        }
        files = out.n_files;
        bytes = 0;
        for (size_t i = 0; i < out.n_files; i++)
            bytes += out.files[i].len;
        actions = 0;
        for (size_t i = 0; i < out.n_services; i++)
            actions += out.services[i].actions;
        codegen_output_free(&out);
        diag_list_free(&d);
        for (size_t i = 0; i < g.gl_pathc; i++)
            free((char *)in[i].text);
        free(in);
        t[r] = now() - t0;
        /* Rewrite every run: remove the files so codegen_write writes them all. */
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s/*", tmp);
        if (system(cmd)) {
        }
    }
    double first = t[0];
    figures f = summarize(t, RUNS);
    printf("(a) generate %zu IR files -> %zu files, %.1f MB, %zu actions: median %.1f ms, best "
           "%.1f ms, first (cold) run %.1f ms (target < 100 ms)\n",
           g.gl_pathc, files, (double)bytes / 1e6, actions, f.median, f.best, first);
    rmdir(tmp);
    globfree(&g);
}

/* ---- (b) SendMessage 500 x 1 KB ------------------------------------------ */

static void bench_send_message(void)
{
    enum { N = 500, BODY = 1024, RUNS = 200 };
    static char bodies[N][BODY + 1], keys[N][16];
    static ckafka_batch_content messages[N];
    for (int i = 0; i < N; i++) {
        for (int k = 0; k < BODY; k++)
            bodies[i][k] = (char)('a' + (i + k) % 26);
        bodies[i][BODY] = '\0';
        snprintf(keys[i], sizeof keys[i], "key-%d", i);
        messages[i] = ckafka_batch_content_make(bodies[i]);
        messages[i].key = keys[i];
    }
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-bench", messages, N);

    /* The same payload as a cJSON tree, built once (printing is timed). */
    cJSON *tree = cJSON_CreateObject();
    cJSON_AddStringToObject(tree, "DataHubId", "datahub-bench");
    cJSON *arr = cJSON_AddArrayToObject(tree, "Message");
    for (int i = 0; i < N; i++) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "Body", bodies[i]);
        cJSON_AddStringToObject(m, "Key", keys[i]);
        cJSON_AddItemToArray(arr, m);
    }

    double t_codec[RUNS], t_cjson[RUNS], t_memcpy[RUNS];
    size_t payload = 0;
    char *copy = malloc((size_t)N * (BODY + 16));
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        docbind_buffer out = DOCBIND_BUFFER_INIT;
        docbind_error err = DOCBIND_ERROR_INIT;
        if (ckafka_send_message_request_validate(&req, &err) ||
            docbind_codec_to_json(&ckafka_send_message_request_desc, &req, &out, &err)) {
            fprintf(stderr, "serialize: %s\n", err.message);
            exit(1);
        }
        payload = out.len;
        sink += out.len;
        docbind_buffer_free(&out);
        t_codec[r] = now() - t0;

        t0 = now();
        char *text = cJSON_PrintUnformatted(tree);
        sink += strlen(text);
        cJSON_free(text);
        t_cjson[r] = now() - t0;

        t0 = now();
        size_t at = 0;
        for (int i = 0; i < N; i++) {
            memcpy(copy + at, bodies[i], BODY);
            at += BODY;
            size_t kl = strlen(keys[i]);
            memcpy(copy + at, keys[i], kl);
            at += kl;
        }
        sink += (size_t)copy[at - 1];
        t_memcpy[r] = now() - t0;
    }
    figures c = summarize(t_codec, RUNS), j = summarize(t_cjson, RUNS),
            m = summarize(t_memcpy, RUNS);
    printf("(b) SendMessage %d x %d B (%.2f MB JSON): validate+serialize median %.3f ms (best "
           "%.3f); cJSON_PrintUnformatted median %.3f ms (best %.3f); memcpy median %.3f ms "
           "(best %.3f); ratio to cJSON %.2fx (target <= 1.2x)\n",
           N, BODY, (double)payload / 1e6, c.median, c.best, j.median, j.best, m.median, m.best,
           c.median / j.median);

    /* The whole wire request, as the transport gets it. */
    double t_encode[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        docbind_wire wire = DOCBIND_WIRE_INIT;
        if (ckafka_send_message_request_encode(&req, &wire, NULL))
            exit(1);
        sink += wire.body_len;
        docbind_wire_free(&wire);
        t_encode[r] = now() - t0;
    }
    figures e = summarize(t_encode, RUNS);
    printf("    ckafka_send_message_request_encode (validate + wire form) median %.3f ms\n",
           e.median);
    free(copy);
    cJSON_Delete(tree);
}

/* ---- (c) parse a 1 MB response ------------------------------------------- */

static void bench_parse(void)
{
    enum { RUNS = 50 };
    /* DescribeTopicDetail: Result.TopicList of TopicDetail, repeated to 1 MB. */
    size_t cap = 2u << 20, at = 0;
    char *body = malloc(cap);
    at += (size_t)sprintf(body + at,
                          "{\"Response\":{\"RequestId\":\"b5b3a4f2-0000-4c47-9a1d-3a6c1e2f0a11\","
                          "\"Result\":{\"TotalCount\":0,\"TopicList\":[");
    int topics = 0;
    while (at < (1u << 20) - 600) {
        at += (size_t)sprintf(
            body + at,
            "%s{\"TopicName\":\"topic-%d\",\"TopicId\":\"topic-%08x\",\"PartitionNum\":%d,"
            "\"ReplicaNum\":2,\"Note\":\"benchmark topic with a note\",\"CreateTime\":1720525148,"
            "\"EnableWhiteList\":false,\"IpWhiteListCount\":0,\"ForwardCosBucket\":null,"
            "\"ForwardStatus\":1,\"ForwardInterval\":0,\"Config\":{\"Retention\":86400000,"
            "\"MinInsyncReplicas\":1,\"CleanUpPolicy\":\"delete\",\"SegmentMs\":3600000,"
            "\"UncleanLeaderElectionEnable\":0,\"MaxMessageBytes\":8388608},"
            "\"RetentionTimeConfig\":{\"Expect\":1440,\"Current\":1440,\"ModTimeStamp\":0},"
            "\"Status\":0,\"Tags\":[{\"TagKey\":\"team\",\"TagValue\":\"data\"}]}",
            topics ? "," : "", topics, (unsigned)topics * 2654435761u, topics % 12 + 1);
        topics++;
    }
    at += (size_t)sprintf(body + at, "]}}}");
    double t_codec[RUNS], t_cjson[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        ckafka_describe_topic_detail_response resp = CKAFKA_DESCRIBE_TOPIC_DETAIL_RESPONSE_INIT;
        docbind_error err = DOCBIND_ERROR_INIT;
        if (ckafka_describe_topic_detail_response_parse(&resp, 200, NULL, body, at, &err)) {
            fprintf(stderr, "parse: %s\n", err.message);
            exit(1);
        }
        sink += resp.result->topic_list_count;
        ckafka_describe_topic_detail_response_free(&resp);
        t_codec[r] = now() - t0;

        t0 = now();
        cJSON *j = cJSON_ParseWithLength(body, at);
        sink += (size_t)cJSON_GetArraySize(j);
        cJSON_Delete(j);
        t_cjson[r] = now() - t0;
    }
    figures c = summarize(t_codec, RUNS), j = summarize(t_cjson, RUNS);
    printf("(c) parse a %.2f MB DescribeTopicDetail response (%d topics) into structs and free "
           "it: median %.2f ms (best %.2f), %.0f MB/s; cJSON_Parse+Delete alone median %.2f ms\n",
           (double)at / 1e6, topics, c.median, c.best, (double)at / 1e6 / (c.median / 1e3),
           j.median);
    free(body);
}

int main(void)
{
    if (chdir(DOCBIND_SOURCE_DIR)) {
        perror(DOCBIND_SOURCE_DIR);
        return 1;
    }
    bench_generate();
    bench_send_message();
    bench_parse();
    return 0;
}
