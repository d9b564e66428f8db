/* An array of the wrong struct for a repeated field does not compile.
 * expect: incompatible pointer type
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    static const ckafka_tag tags[] = {{.tag_key = "k", .tag_value = "v"}};
    ckafka_send_message_request req = ckafka_send_message_request_make("datahub-1", tags, 1); /* ERROR HERE */
    return (int)req.message_count;
}
