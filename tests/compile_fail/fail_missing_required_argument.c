/* Leaving out a required parameter of a request does not compile: the
 * constructor takes every required parameter.
 * expect: too few arguments
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    static const ckafka_batch_content messages[] = {{.body = "a"}};
    /* DataHubId is missing. */
    ckafka_send_message_request req = ckafka_send_message_request_make(messages, 1); /* ERROR HERE */
    return (int)req.message_count;
}
