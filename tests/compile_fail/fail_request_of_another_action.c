/* The typed call of an action takes that action's request and response
 * only: a SendMessage call cannot be handed another action's request.
 * expect: incompatible pointer type
 */
#include "tencent_ckafka/ckafka.h"

int f(docbind_caller *caller);

int f(docbind_caller *caller)
{
    ckafka_describe_topic_request req = ckafka_describe_topic_request_make("ckafka-1");
    ckafka_send_message_response resp = CKAFKA_SEND_MESSAGE_RESPONSE_INIT;
    return ckafka_send_message(caller, &req, &resp, NULL); /* ERROR HERE */
}
