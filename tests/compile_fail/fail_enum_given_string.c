/* An enumerated field takes the generated enum, not a string.
 * expect: (incompatible types when assigning to type|makes integer from pointer|incompatible pointer to integer conversion).*ckafka_acl_rule_info_operation
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    ckafka_acl_rule_info info = CKAFKA_ACL_RULE_INFO_INIT;
    info.has_operation = true;
    info.operation = "Read"; /* ERROR HERE */
    return (int)info.operation;
}
