/* `docbind mock` as a program: the first stdout line names the port,
 * requests are served, SIGTERM and --max-seconds stop it with status 0,
 * --verbose logs one line per request without credentials, bad arguments
 * give status 2 and bad IR files status 1. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "docbind_mock.h"
#include "mock_client.h"

#define DOCBIND DOCBIND_BINARY_DIR "/cli/docbind"
#define IR_TENCENT DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json"

typedef struct child {
    pid_t pid;
    int out, err;
} child;

static void spawn(child *c, char *const argv[])
{
    int po[2], pe[2];
    cr_assert_eq(pipe(po), 0);
    cr_assert_eq(pipe(pe), 0);
    c->pid = fork();
    cr_assert_geq(c->pid, 0);
    if (c->pid == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        execv(DOCBIND, argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    c->out = po[0];
    c->err = pe[0];
}

/* Reads from fd until a newline, EOF or `ms` passed. */
static size_t read_line(int fd, char *buf, size_t cap, int ms)
{
    size_t n = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (n + 1 < cap && poll(&p, 1, ms) > 0) {
        ssize_t r = read(fd, buf + n, 1);
        if (r <= 0 || buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return n;
}

static size_t read_all(int fd, char *buf, size_t cap, int ms)
{
    size_t n = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (n + 1 < cap && poll(&p, 1, ms) > 0) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return n;
}

static int wait_exit(pid_t pid, int seconds)
{
    for (int i = 0; i < seconds * 20; i++) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        struct timespec t = {0, 50 * 1000000L};
        nanosleep(&t, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

Test(mock_cli, serves_until_sigterm_and_logs_without_secrets, .timeout = 30)
{
    char *argv[] = {"docbind", "mock", "--strict-signatures", "--verbose", "--max-seconds", "20",
                    IR_TENCENT, NULL};
    child c;
    spawn(&c, argv);
    char line[256];
    read_line(c.out, line, sizeof line, 10000);
    cr_assert(strncmp(line, "listening on http://127.0.0.1:", 30) == 0, "first line: %s", line);
    int port = atoi(line + 30);
    cr_assert_gt(port, 0);
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);

    docbind_pair headers[] = {{"Content-Type", "application/json"},
                              {"X-TC-Action", "SendMessage"},
                              {"X-TC-Version", "2019-08-19"}};
    mc_request req = {.algorithm = DOCBIND_SIGN_TC3_HMAC_SHA256,
                      .headers = headers,
                      .header_count = 3,
                      .body = "{\"DataHubId\":\"d\",\"Message\":[{\"Body\":\"b\"}]}"};
    mc_response r;
    cr_assert_eq(mc_send(base, &req, &r), 0);
    cr_assert_eq(r.status, 200);
    cr_assert_null(mc_error_code(&r), "%s", r.body);
    mc_response_free(&r);
    req.tamper_body = 1;
    cr_assert_eq(mc_send(base, &req, &r), 0);
    cr_assert_str_eq(mc_error_code(&r), "AuthFailure.SignatureFailure");
    mc_response_free(&r);

    kill(c.pid, SIGTERM);
    char log[8192];
    read_all(c.err, log, sizeof log, 5000);
    cr_assert_eq(wait_exit(c.pid, 10), 0);
    cr_assert_not_null(strstr(log, "tencent.ckafka/SendMessage"), "log: %s", log);
    cr_assert_not_null(strstr(log, "AuthFailure.SignatureFailure"), "log: %s", log);
    cr_assert_null(strstr(log, "Credential="), "an Authorization value in the log");
    cr_assert_null(strstr(log, DOCBIND_MOCK_TENCENT_SECRET_KEY), "a secret in the log");
    close(c.out);
    close(c.err);
}

Test(mock_cli, max_seconds_stops_it, .timeout = 30)
{
    char *argv[] = {"docbind", "mock", "--max-seconds", "1", IR_TENCENT, NULL};
    child c;
    spawn(&c, argv);
    char line[256];
    read_line(c.out, line, sizeof line, 10000);
    cr_assert(strncmp(line, "listening on ", 13) == 0, "%s", line);
    cr_assert_eq(wait_exit(c.pid, 10), 0);
    char log[256];
    read_all(c.err, log, sizeof log, 100);
    cr_assert_str_eq(log, "", "the server logs nothing by default: %s", log);
    close(c.out);
    close(c.err);
}

Test(mock_cli, bad_arguments_and_bad_ir, .timeout = 30)
{
    char *no_ir[] = {"docbind", "mock", NULL};
    char *bad_opt[] = {"docbind", "mock", "--port", "99999", IR_TENCENT, NULL};
    char *missing[] = {"docbind", "mock", "--max-seconds", "1", "/nonexistent/ir.json", NULL};
    char *not_ir[] = {"docbind", "mock", "--max-seconds", "1", DOCBIND_SOURCE_DIR "/docs/ir.md",
                      NULL};
    char *const *cases[] = {no_ir, bad_opt, missing, not_ir};
    int expect[] = {2, 2, 1, 1};
    for (int i = 0; i < 4; i++) {
        child c;
        spawn(&c, cases[i]);
        char buf[1024];
        read_all(c.out, buf, sizeof buf, 3000);
        cr_assert_eq(wait_exit(c.pid, 10), expect[i], "case %d", i);
        close(c.out);
        close(c.err);
    }
}

Test(mock_cli, library_start_errors, .timeout = 30)
{
    const char *paths[] = {IR_TENCENT};
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    docbind_mock *m = NULL, *m2 = NULL;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_mock_start(&opts, &m, &err), -1);
    cr_assert_null(m);
    docbind_error_clear(&err);
    opts.ir_paths = paths;
    opts.ir_count = 1;
    cr_assert_eq(docbind_mock_start(&opts, &m, &err), 0);
    opts.port = docbind_mock_port(m); /* in use now */
    cr_assert_eq(docbind_mock_start(&opts, &m2, &err), -1);
    cr_assert_not_null(strstr(err.message, "127.0.0.1"));
    docbind_error_clear(&err);
    const char *twice[] = {IR_TENCENT, IR_TENCENT};
    opts.port = 0;
    opts.ir_paths = twice;
    opts.ir_count = 2;
    cr_assert_eq(docbind_mock_start(&opts, &m2, &err), -1);
    cr_assert_not_null(strstr(err.message, "twice"), "%s", err.message);
    docbind_error_clear(&err);
    docbind_mock_stop(m);
    docbind_mock_stop(NULL);
}
