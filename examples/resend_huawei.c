/* resend_huawei: asks Huawei Cloud ROMA Connect MQS to resend the message at
 * an offset (ResendMessage, action_id=resend) with an IAM token, and prints
 * what comes back.
 *
 * Endpoint: DOCBIND_ENDPOINT (e.g. http://127.0.0.1:PORT of `docbind mock`);
 * when unset, the real https://roma.<region>.myhuaweicloud.com. Credentials:
 * CLOUD_SDK_IAM_TOKEN (or HUAWEICLOUD_SDK_IAM_TOKEN) and
 * CLOUD_SDK_PROJECT_ID. Optional: HUAWEICLOUD_REGION (default cn-north-4),
 * DOCBIND_ROMA_INSTANCE_ID, DOCBIND_ROMA_TOPIC. */
#include <stdio.h>
#include <stdlib.h>

#include "docbind_call.h"
#include "huawei_roma_mqs/roma_mqs.h"

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
    if (docbind_global_init(&err)) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "resend_huawei: %s\n", line);
        docbind_error_clear(&err);
        return 1;
    }
    /* The token comes from CLOUD_SDK_IAM_TOKEN (used when no AK is set). */
    const char *token = env_or("CLOUD_SDK_IAM_TOKEN", getenv("HUAWEICLOUD_SDK_IAM_TOKEN"));
    const char *project = env_or("CLOUD_SDK_PROJECT_ID", getenv("HUAWEICLOUD_SDK_PROJECT_ID"));
    docbind_caller *caller = NULL;
    if (!token) {
        docbind_error_set_validation(&err, "CLOUD_SDK_IAM_TOKEN", "required",
                                     "set CLOUD_SDK_IAM_TOKEN to an IAM token");
    } else if (docbind_cloud_credentials_set_iam_token(&creds, token, project, &err) == 0) {
        docbind_caller_config cfg = {.service = &roma_mqs_service,
                                     .base_url = getenv("DOCBIND_ENDPOINT"),
                                     .credentials = &creds,
                                     .algorithm = DOCBIND_SIGN_HUAWEI_IAM_TOKEN,
                                     .region = env_or("HUAWEICLOUD_REGION", "cn-north-4")};
        caller = docbind_caller_new(&cfg, &err);
    }
    if (caller) {
        roma_mqs_resend_message_request req = ROMA_MQS_RESEND_MESSAGE_REQUEST_INIT;
        req.project_id = project ? project : "p1";
        req.instance_id = env_or("DOCBIND_ROMA_INSTANCE_ID", "i1");
        req.action_id = ROMA_MQS_RESEND_MESSAGE_REQUEST_ACTION_ID_RESEND;
        req.x_auth_token = creds.iam_token;
        req.topic = env_or("DOCBIND_ROMA_TOPIC", "topic-test");
        req.partition = 0;
        req.message_offset = 4;
        req.consumer_key = "keyA";
        roma_mqs_resend_message_response resp = ROMA_MQS_RESEND_MESSAGE_RESPONSE_INIT;
        if (roma_mqs_resend_message(caller, &req, &resp, &err) == 0) {
            printf("huawei roma-mqs ResendMessage: topic %s", resp.topic ? resp.topic : "-");
            if (resp.has_partition)
                printf(", partition %lld", (long long)resp.partition);
            if (resp.has_message_offset)
                printf(", offset %lld", (long long)resp.message_offset);
            if (resp.consumer_key)
                printf(", consumer key %s", resp.consumer_key);
            printf("\n");
            roma_mqs_resend_message_response_free(&resp);
            status = 0;
        }
    }
    docbind_cloud_credentials_free(&creds);
    if (status) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "resend_huawei: %s\n", line);
    }
    docbind_error_clear(&err);
    docbind_caller_free(caller);
    docbind_global_cleanup();
    return status;
}
