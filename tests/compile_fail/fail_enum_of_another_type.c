/* An enumerated field takes its own enum: a constant of another field's
 * enum is refused.
 * expect: (implicit conversion from|enum conversion).*ckafka_acl_rule_info_permission_type.*ckafka_acl_rule_info_operation
 */
#include "tencent_ckafka/ckafka.h"

int f(void);

int f(void)
{
    ckafka_acl_rule_info info = CKAFKA_ACL_RULE_INFO_INIT;
    info.has_operation = true;
    info.operation = CKAFKA_ACL_RULE_INFO_PERMISSION_TYPE_ALLOW; /* ERROR HERE */
    return (int)info.operation;
}
