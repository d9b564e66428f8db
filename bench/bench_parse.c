/* Time to parse a whole document into the IR (load + parse + JSON), the
 * best and median of N runs on one core, and the first (cold) run.
 *
 * glibc trims the heap back to the kernel when a free leaves more than its
 * trim threshold on top, and raises that threshold as a side effect of
 * freeing large mmapped blocks: whether a run starts on warm pages then
 * depends on the order of a few large frees, not on the parser, and moves
 * the steady-state figure by half. The thresholds are therefore fixed here
 * (64 MiB); the cold first run, page faults and all, is printed as well.
 *
 *   bench_parse [DOC] [RUNS]      (default: the Tencent CKafka dump, 20 runs) */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ir_json.h"
#include "parse.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *doc = argc > 1 ? argv[1] : DOCBIND_SOURCE_DIR "/specs/004_6cc4ec163aabbe10.txt";
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    if (runs < 1)
        runs = 1;
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's maximum */
    double *parse_ms = calloc((size_t)runs, sizeof *parse_ms);
    double *json_ms = calloc((size_t)runs, sizeof *json_ms);
    if (!parse_ms || !json_ms)
        return 1;
    size_t actions = 0, structs = 0;
    for (int i = 0; i < runs; i++) {
        ir_doc ir = IR_DOC_INIT;
        diag_list d = DIAG_LIST_INIT;
        const char *paths[] = {doc};
        double t0 = now_ms();
        if (parse_documents(paths, 1, NULL, &ir, &d) < 0) {
            diag_print(&d, stderr);
            return 1;
        }
        double t1 = now_ms();
        char *json = ir_to_json_text(&ir);
        double t2 = now_ms();
        parse_ms[i] = t1 - t0;
        json_ms[i] = t2 - t1;
        actions = structs = 0;
        for (size_t s = 0; s < ir.n_services; s++) {
            actions += ir.services[s].n_actions;
            structs += ir.services[s].n_structs;
        }
        free(json);
        ir_doc_free(&ir);
        diag_list_free(&d);
    }
    double first_parse = parse_ms[0], first_json = json_ms[0];
    qsort(parse_ms, (size_t)runs, sizeof *parse_ms, cmp_double);
    qsort(json_ms, (size_t)runs, sizeof *json_ms, cmp_double);
    printf("document: %s (%zu actions, %zu structs)\n", doc, actions, structs);
    printf("parse (load+read into IR): best %.2f ms, median %.2f ms over %d runs (target <= 50 ms)\n",
           parse_ms[0], parse_ms[runs / 2], runs);
    printf("IR to JSON text:           best %.2f ms, median %.2f ms\n", json_ms[0], json_ms[runs / 2]);
    printf("first (cold) run:          parse %.2f ms, IR to JSON %.2f ms\n", first_parse, first_json);
    free(parse_ms);
    free(json_ms);
    return 0;
}
