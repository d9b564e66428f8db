/* docbind mock [--port N] [--strict-signatures] ... IR.json...: serves every
 * action of the IR files on 127.0.0.1 until SIGINT/SIGTERM (or
 * --max-seconds). The first line on standard output is
 * "listening on http://127.0.0.1:PORT". docs/mock.md is the contract. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "docbind_mock.h"

static void mock_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind mock [OPTIONS] IR.json...\n\n"
            "Serves every action of the IR files on 127.0.0.1, routed, checked and\n"
            "answered as each vendor's gateway would (docs/mock.md). Prints\n"
            "\"listening on http://127.0.0.1:PORT\" first, then runs until SIGINT or\n"
            "SIGTERM.\n\n"
            "  --port N             port to bind (default 0: an ephemeral port)\n"
            "  --strict-signatures  recompute signatures with the test credentials\n"
            "                       (default: only check that one is present)\n"
            "  --no-rate-limit      do not enforce rate_limit_per_second\n"
            "  --threads N          worker threads (default 4)\n"
            "  --max-body BYTES     cap on request bodies (default 16777216)\n"
            "  --max-seconds N      stop after N seconds\n"
            "  --verbose            one line per request on stderr\n");
}

static int parse_number(const char *s, unsigned long max, unsigned long *out)
{
    if (!s || !*s || s[0] == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int cmd_mock(int argc, char **argv)
{
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    unsigned long max_seconds = 0;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        return 1;
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            mock_usage(stdout);
            free(paths);
            return 0;
        } else if (!strcmp(a, "--strict-signatures")) {
            opts.strict_signatures = 1;
        } else if (!strcmp(a, "--verbose")) {
            opts.verbose = 1;
        } else if (!strcmp(a, "--no-rate-limit")) {
            opts.rate_limits = 0;
        } else if (!strcmp(a, "--port") && i + 1 < argc && !parse_number(argv[i + 1], 65535, &v)) {
            opts.port = (unsigned short)v;
            i++;
        } else if (!strcmp(a, "--threads") && i + 1 < argc &&
                   !parse_number(argv[i + 1], 64, &v) && v > 0) {
            opts.threads = (unsigned)v;
            i++;
        } else if (!strcmp(a, "--max-body") && i + 1 < argc &&
                   !parse_number(argv[i + 1], 1UL << 30, &v) && v > 0) {
            opts.max_body_bytes = v;
            i++;
        } else if (!strcmp(a, "--max-seconds") && i + 1 < argc &&
                   !parse_number(argv[i + 1], 86400UL * 365, &v)) {
            max_seconds = v;
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "docbind mock: unknown or incomplete option %s\n", a);
            mock_usage(stderr);
            free(paths);
            return 2;
        } else {
            paths[npaths++] = a;
        }
    }
    if (npaths == 0) {
        mock_usage(stderr);
        free(paths);
        return 2;
    }
    opts.ir_paths = paths;
    opts.ir_count = npaths;

    /* The server's threads inherit this mask, so the signals come here. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_mock *mock = NULL;
    if (docbind_mock_start(&opts, &mock, &err)) {
        fprintf(stderr, "docbind mock: %s\n", err.message ? err.message : "cannot start");
        docbind_error_clear(&err);
        free(paths);
        return 1;
    }
    free(paths);
    printf("listening on %s\n", docbind_mock_url(mock));
    fflush(stdout);
    if (opts.verbose)
        fprintf(stderr, "mock: %zu services, %zu actions, %s signatures\n",
                docbind_mock_service_count(mock), docbind_mock_action_count(mock),
                opts.strict_signatures ? "strict" : "presence-only");

    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        struct timespec wait = {1, 0};
        if (max_seconds) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            double left = (double)max_seconds - (double)(now.tv_sec - start.tv_sec) -
                          (double)(now.tv_nsec - start.tv_nsec) / 1e9;
            if (left <= 0)
                break;
            if (left < 1) {
                wait.tv_sec = 0;
                wait.tv_nsec = (long)(left * 1e9);
            }
        }
        int sig = sigtimedwait(&stop_signals, NULL, &wait);
        if (sig == SIGINT || sig == SIGTERM)
            break;
    }
    if (opts.verbose)
        fprintf(stderr, "mock: stopping after %lu requests\n", docbind_mock_total_requests(mock));
    docbind_mock_stop(mock);
    return 0;
}
