#include "docbind_version.h"

const char *docbind_version(void)
{
    return "0.1.0";
}
