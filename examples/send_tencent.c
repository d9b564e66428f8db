/* send_tencent: sends a batch of two messages to a Tencent Cloud CKafka
 * DataHub (SendMessage) and prints the message ids.
 *
 * Endpoint: DOCBIND_ENDPOINT (e.g. http://127.0.0.1:PORT of `docbind mock`);
 * when unset, the real https://ckafka.tencentcloudapi.com. Credentials:
 * TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. Optional:
 * TENCENTCLOUD_REGION (default ap-guangzhou), DOCBIND_DATAHUB_ID. */
#include <stdio.h>
#include <stdlib.h>

#include "docbind_call.h"
#include "tencent_ckafka/ckafka.h"

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

int main(void)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    char line[512];
    int status = 1;
    if (docbind_global_init(&err) || docbind_cloud_credentials_from_env_tencent(&creds, &err)) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_tencent: %s\n", line);
        docbind_error_clear(&err);
        return 1;
    }
    docbind_caller_config cfg = {.service = &ckafka_service,
                                 .base_url = getenv("DOCBIND_ENDPOINT"),
                                 .credentials = &creds,
                                 .region = env_or("TENCENTCLOUD_REGION", "ap-guangzhou")};
    docbind_caller *caller = docbind_caller_new(&cfg, &err);
    docbind_cloud_credentials_free(&creds);
    if (caller) {
        CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(messages, {.body = "hello", .key = "key1"},
                                                  {.body = "world", .key = "key2"});
        ckafka_send_message_request req = ckafka_send_message_request_make(
            env_or("DOCBIND_DATAHUB_ID", "datahub-meuh9nhn"), messages, DOCBIND_COUNT_OF(messages));
        ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
        if (ckafka_send_message(caller, &req, &resp, &err) == 0) {
            printf("tencent ckafka SendMessage: %zu message(s), request id %s\n",
                   resp.message_id_count, resp.request_id ? resp.request_id : "-");
            for (size_t i = 0; i < resp.message_id_count; i++)
                printf("  message id %s\n", resp.message_id[i]);
            ckafka_send_message_response_free(&resp);
            status = 0;
        }
    }
    if (status) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_tencent: %s\n", line);
    }
    docbind_error_clear(&err);
    docbind_caller_free(caller);
    docbind_global_cleanup();
    return status;
}
