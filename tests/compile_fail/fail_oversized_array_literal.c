/* An array literal longer than the documented maximum (SendMessage takes
 * at most 500 messages) does not compile.
 * expect: SendMessageRequest\.Message: more items than the documented maximum of 500
 */
#include "tencent_ckafka/ckafka.h"

/* 501 messages. */
CKAFKA_SEND_MESSAGE_REQUEST_MESSAGE_ARRAY(batch, /* ERROR HERE */
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"}, {.body = "m"},
    {.body = "m"});

int f(void);

int f(void)
{
    ckafka_send_message_request req =
        ckafka_send_message_request_make("datahub-1", batch, DOCBIND_COUNT_OF(batch));
    return (int)req.message_count;
}
