/* NULL for a required string is refused where the compiler can see it.
 * expect: null where non-null expected|null passed to a callee that requires a non-null argument
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    static const ckafka_batch_content messages[] = {{.body = "a"}};
    ckafka_send_message_request req = ckafka_send_message_request_make(NULL, messages, 1); /* ERROR HERE */
    return (int)req.message_count;
}
