/* The docbind subcommands. Each takes the arguments after its own name
 * (argv[0] is the subcommand name) and returns the process exit status:
 * 0 success, 1 the input was wrong (a message on stderr says what and
 * where), 2 usage error. */
#ifndef DOCBIND_CLI_COMMANDS_H
#define DOCBIND_CLI_COMMANDS_H

int cmd_parse(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_mock(int argc, char **argv);
int cmd_fixtures(int argc, char **argv);
int cmd_call(int argc, char **argv);

#endif
