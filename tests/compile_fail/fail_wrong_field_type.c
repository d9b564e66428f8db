/* A value of the wrong type for a field does not compile: DataHubId is a
 * string, not a number.
 * expect: (makes pointer from integer|incompatible integer to pointer conversion).*const char \*|const char \*.*(makes pointer from integer|incompatible integer to pointer conversion)
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    ckafka_send_message_request req = CKAFKA_SEND_MESSAGE_REQUEST_INIT;
    req.data_hub_id = 42; /* ERROR HERE */
    return req.data_hub_id != 0;
}
