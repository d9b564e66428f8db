/* docbind: API documentation → IR → typed C bindings. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"parse", cmd_parse, "parse scraped API documents into the IR (JSON)"},
    {"render", cmd_render, "render one mustache template with JSON data (debugging)"},
    {"sign", cmd_sign, "print every intermediate of request signatures (JSON)"},
    {"diff", cmd_diff, "classify the changes between two IRs (breaking, warning, info)"},
    {"generate", cmd_generate, "emit typed C bindings from the IR through templates/"},
    {"mock", cmd_mock, "serve the IR's actions on loopback as the vendors' gateways would"},
    {"fixtures", cmd_fixtures, "write test fixtures (requests, wire forms, signatures) per action"},
    {"call", cmd_call, "send one request through the generated bindings (like a vendor CLI)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: docbind COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`docbind COMMAND --help` describes one command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("docbind %s\n", DOCBIND_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "docbind: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
