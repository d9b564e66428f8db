/* shared_caller: the objects the headers say may be shared, shared for
 * real — one docbind_caller (and so one docbind_client, its handle pool,
 * its rate limiter and its pool of signing contexts) driven by several
 * threads at once against an in-process docbind mock in strict-signature
 * mode, mixing sends (Tencent TC3, Alibaba RPC and ACS3) with
 * docbind_caller_prepare(). Every answer is checked.
 *
 * A plain program rather than a Criterion suite so that it runs under
 * ThreadSanitizer (scripts/tsan-check.sh); ctest runs it too.
 *
 *   shared_caller [THREADS [CALLS_PER_THREAD]]     default 8 x 40 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_call.h"
#include "docbind_mock.h"
#include "tencent_ckafka/ckafka.h"

typedef struct shared {
    docbind_caller *tencent;
    docbind_caller *aliyun_rpc;
    docbind_caller *aliyun_acs3;
    int calls;
} shared;

typedef struct worker {
    const shared *s;
    int index;
    int sent, failures;
    char first_error[512];
} worker;

static void fail(worker *w, const char *what, const docbind_error *err)
{
    if (w->failures++ == 0) {
        char line[400];
        if (err)
            docbind_error_format(err, line, sizeof line);
        snprintf(w->first_error, sizeof w->first_error, "%s%s%s", what, err ? ": " : "",
                 err ? line : "");
    }
}

static void tencent_send(worker *w, int i)
{
    char body[64];
    snprintf(body, sizeof body, "thread %d message %d", w->index, i);
    ckafka_batch_content messages[2] = {{.body = body}, {.body = "second", .key = "k"}};
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 2);
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_caller_call(w->s->tencent, &ckafka_send_message_action, &req, &resp, &err))
        fail(w, "tencent SendMessage", &err);
    else if (resp.message_id_count != 2 || !resp.request_id)
        fail(w, "tencent SendMessage: not the documented answer", NULL);
    else
        w->sent++;
    ckafka_send_message_response_free(&resp);
    docbind_error_clear(&err);
}

static void aliyun_send(worker *w, docbind_caller *caller, const char *what)
{
    onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
    req.mqtt_topic = "TopicA";
    req.instance_id = "post-cn-0pp12gl";
    req.payload = "dGVzdA==";
    onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_caller_call(caller, &onsmqtt_send_message_action, &req, &resp, &err))
        fail(w, what, &err);
    else if (!resp.msg_id || strcmp(resp.msg_id, "0B736D997B7F45FF54E61C1C1B58****"))
        fail(w, what, NULL);
    else
        w->sent++;
    onsmqtt_send_message_response_free(&resp);
    docbind_error_clear(&err);
}

static void tencent_prepare(worker *w)
{
    ckafka_batch_content messages[1] = {{.body = "prepared"}};
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", messages, 1);
    docbind_request out = DOCBIND_REQUEST_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_caller_prepare(w->s->tencent, &ckafka_send_message_action, &req, NULL, &out, &err))
        fail(w, "prepare", &err);
    else if (!docbind_request_header(&out, "Authorization"))
        fail(w, "prepare: no Authorization", NULL);
    docbind_request_free(&out);
    docbind_error_clear(&err);
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < w->s->calls; i++) {
        switch ((i + w->index) % 4) {
        case 0:
            tencent_send(w, i);
            break;
        case 1:
            aliyun_send(w, w->s->aliyun_rpc, "aliyun SendMessage (RPC)");
            break;
        case 2:
            aliyun_send(w, w->s->aliyun_acs3, "aliyun SendMessage (ACS3)");
            break;
        default:
            tencent_prepare(w);
            tencent_send(w, i);
        }
    }
    return NULL;
}

static docbind_caller *new_caller(const docbind_service_desc *svc, const char *url,
                                  docbind_sign_algorithm alg, const char *id, const char *secret)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_caller *c = NULL;
    if (docbind_cloud_credentials_set(&creds, id, secret, NULL, &err) == 0) {
        docbind_caller_config cfg = {.service = svc,
                                     .base_url = url,
                                     .algorithm = alg,
                                     .credentials = &creds,
                                     .region = "ap-guangzhou",
                                     .max_attempts = 1};
        c = docbind_caller_new(&cfg, &err);
    }
    if (!c) {
        char line[400];
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "shared_caller: %s\n", line);
    }
    docbind_cloud_credentials_free(&creds);
    docbind_error_clear(&err);
    return c;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 8;
    int calls = argc > 2 ? atoi(argv[2]) : 40;
    if (threads < 1 || threads > 64 || calls < 1 || calls > 100000) {
        fprintf(stderr, "usage: shared_caller [THREADS(1..64) [CALLS_PER_THREAD]]\n");
        return 2;
    }
    static const char *paths[] = {DOCBIND_SOURCE_DIR "/generated/ir/tencent-ckafka.json",
                                  DOCBIND_SOURCE_DIR "/generated/ir/aliyun.json"};
    docbind_error err = DOCBIND_ERROR_INIT;
    if (docbind_global_init(&err)) {
        fprintf(stderr, "shared_caller: %s\n", err.message);
        return 1;
    }
    docbind_mock_options opts;
    docbind_mock_options_init(&opts);
    opts.ir_paths = paths;
    opts.ir_count = 2;
    opts.strict_signatures = 1;
    opts.rate_limits = 0; /* the clients' own limiters are what is exercised */
    opts.threads = 4;
    docbind_mock *mock = NULL;
    if (docbind_mock_start(&opts, &mock, &err)) {
        fprintf(stderr, "shared_caller: mock: %s\n", err.message ? err.message : "?");
        docbind_error_clear(&err);
        docbind_global_cleanup();
        return 1;
    }
    const char *url = docbind_mock_url(mock);
    shared s = {
        new_caller(&ckafka_service, url, 0, DOCBIND_MOCK_TENCENT_SECRET_ID,
                   DOCBIND_MOCK_TENCENT_SECRET_KEY),
        new_caller(&onsmqtt_service, url, 0, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID,
                   DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET),
        new_caller(&onsmqtt_service, url, DOCBIND_SIGN_ALIYUN_ACS3_HMAC_SHA256,
                   DOCBIND_MOCK_ALIYUN_ACCESS_KEY_ID, DOCBIND_MOCK_ALIYUN_ACCESS_KEY_SECRET),
        calls,
    };
    int status = 1;
    if (s.tencent && s.aliyun_rpc && s.aliyun_acs3) {
        pthread_t *tids = calloc((size_t)threads, sizeof *tids);
        worker *ws = calloc((size_t)threads, sizeof *ws);
        int started = 0, sent = 0, failures = 0;
        for (int t = 0; tids && ws && t < threads; t++) {
            ws[t] = (worker){.s = &s, .index = t};
            if (pthread_create(&tids[t], NULL, run_worker, &ws[t]))
                break;
            started++;
        }
        for (int t = 0; t < started; t++) {
            pthread_join(tids[t], NULL);
            sent += ws[t].sent;
            failures += ws[t].failures;
            if (ws[t].failures)
                fprintf(stderr, "shared_caller: thread %d: %d failure(s), first: %s\n", t,
                        ws[t].failures, ws[t].first_error);
        }
        unsigned long served = docbind_mock_success_count(mock, NULL, "SendMessage");
        printf("shared_caller: %d threads x %d calls: %d answers checked, %d failures; mock "
               "served %lu\n",
               started, calls, sent, failures, served);
        if (started == threads && failures == 0 && served == (unsigned long)sent)
            status = 0;
        free(tids);
        free(ws);
    }
    docbind_caller_free(s.tencent);
    docbind_caller_free(s.aliyun_rpc);
    docbind_caller_free(s.aliyun_acs3);
    docbind_mock_stop(mock);
    docbind_global_cleanup();
    return status;
}
