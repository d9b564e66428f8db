#include <criterion/criterion.h>
#include <string.h>

#include "docbind_version.h"
#include "docbind_runtime.h"

Test(smoke, versions)
{
    cr_assert_str_eq(docbind_version(), "0.1.0");
    cr_assert_eq(docbind_runtime_abi(), 1);
}
