#include <stdio.h>

#include "commands.h"

int cmd_parse(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "docbind parse: not built yet\n");
    return 2;
}
