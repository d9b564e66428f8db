#include "docbind_runtime.h"

int docbind_runtime_abi(void)
{
    return 1;
}
