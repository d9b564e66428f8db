#include "ir_test_util.h"

#include <string.h>

#include "parse.h"
#include "test_support.h"

void parse_fixture(ir_doc *ir, diag_list *d, const char *relative_path)
{
    const char *path = test_source_path(relative_path);
    const char *paths[] = {path};
    int rc = parse_documents(paths, 1, NULL, ir, d);
    if (rc != 0)
        diag_print(d, stderr);
    cr_assert_eq(rc, 0, "parse of %s failed", relative_path);
}

ir_service *must_service(ir_doc *ir, const char *id)
{
    ir_service *s = ir_find_service(ir, id);
    cr_assert_not_null(s, "no service %s", id);
    return s;
}

ir_action *must_action(ir_service *s, const char *name)
{
    ir_action *a = ir_find_action(s, name);
    cr_assert_not_null(a, "no action %s in %s", name, s->id);
    return a;
}

ir_struct *must_struct(ir_service *s, const char *name)
{
    ir_struct *t = ir_find_struct(s, name);
    cr_assert_not_null(t, "no struct %s in %s", name, s->id);
    return t;
}

ir_param *must_param(ir_param *params, size_t n, const char *name)
{
    ir_param *p = ir_find_param(params, n, name);
    cr_assert_not_null(p, "no parameter %s", name);
    return p;
}

bool diag_mentions(const diag_list *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->items[i].message, needle))
            return true;
    return false;
}
