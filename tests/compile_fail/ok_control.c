/* The control case: the same constructs as the fail_*.c cases, written
 * correctly, must compile (so a failure of those is about their one
 * mistake, not about include paths or flags). */
#include "tencent_ckafka/ckafka.h"
/* Every generated header and every public runtime header together: no
 * name is defined twice. */
#include "aliyun_onsmqtt/onsmqtt.h"
#include "docbind_client.h"
#include "docbind_credentials.h"
#include "docbind_rate_limit.h"
#include "docbind_retry.h"
#include "docbind_runtime.h"
#include "docbind_sign.h"
#include "huawei_rocketmq/rocketmq.h"
#include "huawei_roma_mqs/roma_mqs.h"
#include "tencent_ckafka/ckafka_v2.h"

int control(void);

int control(void)
{
    CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(batch, ckafka_batch_content_make("a"),
                                              {.body = "b", .key = "k"});
    ckafka_send_message_request req =
        ckafka_send_message_request_make("datahub-1", batch, DOCBIND_COUNT_OF(batch));
    req.data_hub_id = "datahub-2";
    ckafka_acl_rule_info info = ckafka_acl_rule_info_make(
        CKAFKA_ACL_RULE_INFO_OPERATION_READ, CKAFKA_ACL_RULE_INFO_PERMISSION_TYPE_ALLOW, "*",
        "User:a");
    info.operation = CKAFKA_ACL_RULE_INFO_OPERATION_WRITE;
    ckafka_describe_topic_request topics = ckafka_describe_topic_request_make("ckafka-1");
    topics.has_limit = true;
    topics.limit = 50;
    return (int)req.message_count + (int)info.operation + (int)topics.limit;
}

int control_call(docbind_caller *caller);

int control_call(docbind_caller *caller)
{
    ckafka_batch_content batch[1] = {{.body = "a"}};
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", batch, 1);
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    int rc = ckafka_send_message(caller, &req, &resp, NULL);
    ckafka_send_message_response_free(&resp);
    return rc;
}
