/* docbind diff OLD.json NEW.json [--format text|json] [--fail-on breaking|warning]
 *                                 [--overrides FILE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ir_diff.h"

/* Exit statuses (docs/diff.md). Unlike the other commands, 1 is reserved
 * for "the changes reach --fail-on", as diff(1) uses 1 for "different". */
enum { DIFF_EXIT_OK = 0, DIFF_EXIT_FAIL_ON = 1, DIFF_EXIT_USAGE = 2, DIFF_EXIT_BAD_INPUT = 3 };

static void diff_usage(FILE *out)
{
    fprintf(out,
            "usage: docbind diff OLD.json NEW.json [--format text|json]\n"
            "                    [--fail-on breaking|warning] [--overrides FILE]\n"
            "\n"
            "Compares two IRs (docbind parse output) and prints every change with its\n"
            "check id and level: breaking, warning or info (docs/diff.md).\n"
            "\n"
            "  --format text|json     a changelog grouped by service and action (default),\n"
            "                         or JSON {old, new, summary, changes: [...]}\n"
            "  --fail-on LEVEL        exit 1 when a change is at LEVEL or above\n"
            "  --overrides FILE       lower or ignore named checks (JSON, docs/diff.md)\n"
            "\n"
            "exit status: 0 done (and --fail-on not reached), 1 --fail-on reached,\n"
            "2 usage error, 3 an input could not be read or is not an IR.\n");
}

/* "--name VALUE" or "--name=VALUE"; advances *i past what it used. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        return "";
    return argv[++*i];
}

int cmd_diff(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    size_t n_files = 0;
    const char *format = "text", *fail_on = NULL, *overrides_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            diff_usage(stdout);
            return DIFF_EXIT_OK;
        } else if ((v = option_value(argc, argv, &i, "--format"))) {
            format = v;
        } else if ((v = option_value(argc, argv, &i, "--fail-on"))) {
            fail_on = v;
        } else if ((v = option_value(argc, argv, &i, "--overrides"))) {
            overrides_path = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "docbind diff: unknown option '%s'\n", a);
            diff_usage(stderr);
            return DIFF_EXIT_USAGE;
        } else if (n_files < 2) {
            files[n_files++] = a;
        } else {
            fprintf(stderr, "docbind diff: one OLD and one NEW file, not '%s' too\n", a);
            diff_usage(stderr);
            return DIFF_EXIT_USAGE;
        }
    }
    if (n_files != 2) {
        fprintf(stderr, "docbind diff: expected OLD.json and NEW.json\n");
        diff_usage(stderr);
        return DIFF_EXIT_USAGE;
    }
    bool json = !strcmp(format, "json");
    if (!json && strcmp(format, "text")) {
        fprintf(stderr, "docbind diff: --format is text or json, not '%s'\n", format);
        return DIFF_EXIT_USAGE;
    }
    diff_level threshold = DIFF_BREAKING;
    if (fail_on && (!diff_level_from_name(fail_on, &threshold) || threshold == DIFF_INFO)) {
        fprintf(stderr, "docbind diff: --fail-on is breaking or warning, not '%s'\n", fail_on);
        return DIFF_EXIT_USAGE;
    }
    if (overrides_path && !overrides_path[0]) {
        fprintf(stderr, "docbind diff: --overrides needs a file\n");
        return DIFF_EXIT_USAGE;
    }

    diag_list d = DIAG_LIST_INIT;
    diff_overrides rules = DIFF_OVERRIDES_INIT;
    cJSON *old_ir = ir_diff_load(files[0], &d);
    cJSON *new_ir = ir_diff_load(files[1], &d);
    bool rules_ok = !overrides_path || diff_overrides_load(overrides_path, &rules, &d) == 0;
    int status = DIFF_EXIT_OK;
    if (!old_ir || !new_ir || !rules_ok) {
        diag_print(&d, stderr);
        status = DIFF_EXIT_BAD_INPUT;
    } else {
        diff_report report = DIFF_REPORT_INIT;
        ir_diff(old_ir, new_ir, &report);
        diff_apply_overrides(&report, &rules);
        char *text = json ? diff_report_json(&report, files[0], files[1])
                          : diff_report_text(&report, files[0], files[1]);
        if (!text || fputs(text, stdout) < 0 || fflush(stdout) != 0) {
            fprintf(stderr, "docbind diff: cannot write the report\n");
            status = DIFF_EXIT_BAD_INPUT;
        } else if (fail_on && diff_report_reaches(&report, threshold)) {
            status = DIFF_EXIT_FAIL_ON;
        }
        free(text);
        diff_report_free(&report);
    }
    cJSON_Delete(old_ir);
    cJSON_Delete(new_ir);
    diff_overrides_free(&rules);
    diag_list_free(&d);
    return status;
}
