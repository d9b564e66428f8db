/* Rebuilding a JSON example whose brackets the document dump tore away.
 *
 * Some PDF-to-text dumps keep a pretty-printed JSON value's members where
 * they stood but move every line holding only brackets to the end of the
 * block, in their original order:
 *
 *         "data":                      {
 *             "vipList":                  "data": {
 *                     "vip": "a"             "vipList": [
 *             ,                    ==>         { "vip": "a" }
 *             "status": 1                  ],
 *     {  {  [  {  }  ]  }  }               "status": 1 } }
 *
 * The member lines keep their indentation, and the bracket order is known,
 * so the value can be rebuilt: a line indented one level deeper than the
 * open containers opens the next bracket(s), a shallower line (or a lone
 * ',') closes them. The result is accepted only when every torn bracket is
 * used, each closer matches its opener and the text parses as JSON; any
 * doubt is a refusal with the reason, never a guess. */
#ifndef DOCBIND_JSON_REBRACKET_H
#define DOCBIND_JSON_REBRACKET_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* One line of the block, trimmed, with the indentation it had. */
typedef struct torn_line {
    const char *text; /* not NUL-terminated */
    size_t len;
    size_t indent; /* blanks before text in the source */
    int no;        /* line number, for the reason of a refusal */
} torn_line;

typedef enum torn_line_kind {
    TORN_OTHER,    /* prose, a heading: not part of a JSON value */
    TORN_BRACKETS, /* only brackets: "{", "}", "{ }", "]" */
    TORN_MEMBER,   /* starts like a member or value: '"', a digit, '-', ',', true/false/null */
} torn_line_kind;

/* What a line looks like, for the caller delimiting the block. */
torn_line_kind json_torn_line_kind(const char *text, size_t len);

/* Whether a string is still open after the line, given whether one was
 * open before it: a dump breaks long strings across lines, and the next
 * line belongs to the block whatever it looks like. *comment is set when
 * the line ends in a '//' comment, which the dump may wrap as well. */
bool json_torn_string_open(const char *text, size_t len, bool in_string, bool *comment);

/* True when the member lines of lines[0..n) hold no bracket outside
 * strings and comments while bracket lines exist: the torn shape. */
bool json_looks_torn(const torn_line *lines, size_t n);

/* Rebuilds the value from lines[0..n) (member and bracket lines in document
 * order; '//' comments dropped, strings the dump broke across lines joined).
 * On success appends the JSON text to out and returns true. On failure
 * returns false, appends nothing and writes the reason, naming the line,
 * into why (why_size bytes). */
bool json_rebracket(const torn_line *lines, size_t n, strbuf *out, char *why, size_t why_size);

#endif
