/* send_huawei: sends one message to a Huawei Cloud DMS for RocketMQ topic
 * (SendMessage) and prints the message id, queue and offset.
 *
 * Endpoint: DOCBIND_ENDPOINT (e.g. http://127.0.0.1:PORT of `docbind mock`);
 * when unset, the real https://dms.<region>.myhuaweicloud.com. Credentials:
 * CLOUD_SDK_AK / CLOUD_SDK_SK (or HUAWEICLOUD_SDK_*), CLOUD_SDK_PROJECT_ID.
 * Optional: HUAWEICLOUD_REGION (default cn-north-4),
 * DOCBIND_ROCKETMQ_INSTANCE_ID, DOCBIND_ROCKETMQ_TOPIC. */
#include <stdio.h>
#include <stdlib.h>

#include "docbind_call.h"
#include "huawei_rocketmq/rocketmq.h"

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
    if (docbind_global_init(&err) || docbind_cloud_credentials_from_env_huawei(&creds, &err)) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_huawei: %s\n", line);
        docbind_error_clear(&err);
        return 1;
    }
    docbind_caller_config cfg = {.service = &rocketmq_service,
                                 .base_url = getenv("DOCBIND_ENDPOINT"),
                                 .credentials = &creds,
                                 .region = env_or("HUAWEICLOUD_REGION", "cn-north-4")};
    docbind_caller *caller = docbind_caller_new(&cfg, &err);
    if (caller) {
        rocketmq_send_message_request req = ROCKETMQ_SEND_MESSAGE_REQUEST_INIT;
        req.engine = "reliability";
        req.project_id = creds.project_id ? creds.project_id : "p1";
        req.instance_id = env_or("DOCBIND_ROCKETMQ_INSTANCE_ID", "i1");
        req.topic = env_or("DOCBIND_ROCKETMQ_TOPIC", "aaaaaaaaaaaa");
        req.body = "hello";
        rocketmq_send_message_response resp = ROCKETMQ_SEND_MESSAGE_RESPONSE_INIT;
        if (rocketmq_send_message(caller, &req, &resp, &err) == 0) {
            printf("huawei rocketmq SendMessage: message id %s, topic %s", resp.msg_id ? resp.msg_id : "-",
                   resp.topic ? resp.topic : "-");
            if (resp.has_queue_id)
                printf(", queue %.0f", resp.queue_id);
            if (resp.has_queue_offset)
                printf(", offset %.0f", (double)resp.queue_offset);
            printf("\n");
            rocketmq_send_message_response_free(&resp);
            status = 0;
        }
    }
    docbind_cloud_credentials_free(&creds);
    if (status) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_huawei: %s\n", line);
    }
    docbind_error_clear(&err);
    docbind_caller_free(caller);
    docbind_global_cleanup();
    return status;
}
