/* A misspelled field does not compile.
 * expect: no member named .data_hubid.
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    ckafka_send_message_request req = CKAFKA_SEND_MESSAGE_REQUEST_INIT;
    req.data_hubid = "datahub-1"; /* ERROR HERE */
    return 0;
}
