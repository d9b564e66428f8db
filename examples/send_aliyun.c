/* send_aliyun: publishes one message to an Alibaba Cloud ApsaraMQ for MQTT
 * topic (SendMessage) and prints the message id.
 *
 * Endpoint: DOCBIND_ENDPOINT (e.g. http://127.0.0.1:PORT of `docbind mock`);
 * when unset, the real https://onsmqtt.<region>.aliyuncs.com. Credentials:
 * ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET. Optional:
 * ALIBABA_CLOUD_REGION_ID (default cn-hangzhou), DOCBIND_MQTT_INSTANCE_ID,
 * DOCBIND_MQTT_TOPIC. */
#include <stdio.h>
#include <stdlib.h>

#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_call.h"

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
    if (docbind_global_init(&err) || docbind_cloud_credentials_from_env_alibaba(&creds, &err)) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_aliyun: %s\n", line);
        docbind_error_clear(&err);
        return 1;
    }
    docbind_caller_config cfg = {.service = &onsmqtt_service,
                                 .base_url = getenv("DOCBIND_ENDPOINT"),
                                 .credentials = &creds,
                                 .region = env_or("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")};
    docbind_caller *caller = docbind_caller_new(&cfg, &err);
    docbind_cloud_credentials_free(&creds);
    if (caller) {
        onsmqtt_send_message_request req = ONSMQTT_SEND_MESSAGE_REQUEST_INIT;
        req.instance_id = env_or("DOCBIND_MQTT_INSTANCE_ID", "post-cn-0pp12gl");
        req.mqtt_topic = env_or("DOCBIND_MQTT_TOPIC", "TopicA");
        req.payload = "aGVsbG8="; /* "hello", base64 */
        onsmqtt_send_message_response resp = ONSMQTT_SEND_MESSAGE_RESPONSE_INIT;
        if (onsmqtt_send_message(caller, &req, &resp, &err) == 0) {
            printf("aliyun onsmqtt SendMessage: message id %s, request id %s\n",
                   resp.msg_id ? resp.msg_id : "-", resp.request_id ? resp.request_id : "-");
            onsmqtt_send_message_response_free(&resp);
            status = 0;
        }
    }
    if (status) {
        docbind_error_format(&err, line, sizeof line);
        fprintf(stderr, "send_aliyun: %s\n", line);
    }
    docbind_error_clear(&err);
    docbind_caller_free(caller);
    docbind_global_cleanup();
    return status;
}
