/* naming.h: C identifiers and C-safe text from documented names.
 *
 * snake_case rules (naming_snake):
 *   - words split at a lower-to-upper change ("DataHubId" -> data_hub_id),
 *     before the last capital of a capital run followed by a lower-case
 *     letter ("DescribeACLRule" -> describe_acl_rule, "VPCId" -> vpc_id),
 *     and at any character that is not an ASCII letter or digit ("src.broker",
 *     "data::succ", "min_isr") -> src_broker, data_succ, min_isr;
 *   - digits stay with the word before them ("Ipv6" -> ipv6, "RegionCodeV3"
 *     -> region_code_v3) and a capital after a digit starts a word;
 *   - a few product names stay one word: MySQL, PostgreSQL, MariaDB,
 *     MongoDB, ClickHouse ("MySQLParam" -> mysql_param);
 *   - an empty result becomes "value"; a leading digit gets a "v" prefix.
 * naming_identifier adds keyword escaping: a C keyword, a standard macro
 * (bool, true, errno, ...) or a GNU predefined name (unix, linux) gets a
 * trailing underscore ("default" -> default_).
 *
 * Every function returning char * returns a malloc'd string the caller
 * frees, or NULL when out of memory. */
#ifndef DOCBIND_NAMING_H
#define DOCBIND_NAMING_H

#include <stdbool.h>
#include <stddef.h>

char *naming_snake(const char *name);

/* snake_case, escaped so it is a usable C identifier (see above). */
char *naming_identifier(const char *name);

/* "data_hub_id" -> "DATA_HUB_ID" (ASCII upper case of any text). */
char *naming_upper(const char *s);

/* True for C11 keywords and the reserved names naming_identifier escapes. */
bool naming_is_reserved(const char *id);

/* The contents of a C string literal for UTF-8 text `s`: backslash, quote,
 * control characters and "??" (trigraphs) escaped; other UTF-8 kept. */
char *naming_c_string(const char *s);

/* Text safe inside a C block comment: no comment delimiters, no trigraphs,
 * no control characters, whitespace runs collapsed to one space. */
char *naming_comment_text(const char *s);

/* Splits `s` (already comment-safe) into lines of at most `width` columns,
 * counting East Asian wide characters as 2, breaking at spaces or between
 * wide characters. *n_lines gets the count; the array and each line are
 * malloc'd (free with naming_free_lines). Returns NULL when out of memory
 * (an empty text gives zero lines and a non-NULL array). */
char **naming_wrap(const char *s, size_t width, size_t *n_lines);
void naming_free_lines(char **lines, size_t n);

/* A set of claimed names. Claiming a taken name yields the first free one of
 * NAME_2, NAME_3, ... (or, for names ending in a digit, NAME_v2...). */
typedef struct naming_set naming_set;

naming_set *naming_set_new(void);
void naming_set_free(naming_set *set);
bool naming_set_has(const naming_set *set, const char *name);
/* Adds `name` if free: true; false when taken (or out of memory). */
bool naming_set_add(naming_set *set, const char *name);
/* Claims `wanted` or its first free variant; returns the claimed name, owned
 * by the set (valid until naming_set_free). NULL when out of memory. */
const char *naming_set_claim(naming_set *set, const char *wanted);

#endif
