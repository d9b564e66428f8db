#include "naming.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- snake_case --------------------------------------------------------- */

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_upper(c) || is_lower(c) || is_digit(c); }

/* Product names written in mixed case that read as one word. */
static const char *const one_words[] = {"PostgreSQL", "ClickHouse", "MongoDB", "MariaDB",
                                        "MySQL"};

char *naming_snake(const char *name)
{
    size_t n = strlen(name);
    /* Worst case: a separator before every character, plus a "v" prefix. */
    char *out = malloc(2 * n + 8);
    if (!out)
        return NULL;
    size_t at = 0;
    bool need_sep = false; /* a word boundary is pending */
    size_t i = 0;
    while (i < n) {
        char c = name[i];
        if (!is_alnum(c)) {
            need_sep = at > 0;
            i++;
            continue;
        }
        size_t word_len = 0;
        for (size_t k = 0; k < sizeof one_words / sizeof one_words[0]; k++) {
            size_t len = strlen(one_words[k]);
            if (!strncmp(name + i, one_words[k], len) && !is_lower(name[i + len])) {
                word_len = len;
                break;
            }
        }
        bool boundary = false;
        if (i > 0 && at > 0 && !need_sep) {
            char p = name[i - 1];
            if (is_upper(c) && (is_lower(p) || is_digit(p)))
                boundary = true; /* dataHub, V3Param */
            else if (is_upper(c) && is_upper(p) && i + 1 < n && is_lower(name[i + 1]))
                boundary = true; /* ACLRule: before R */
            else if (word_len)
                boundary = true;
        }
        if ((need_sep || boundary) && at > 0 && out[at - 1] != '_')
            out[at++] = '_';
        need_sep = false;
        if (word_len) {
            for (size_t k = 0; k < word_len; k++)
                out[at++] = (char)(is_upper(name[i + k]) ? name[i + k] - 'A' + 'a' : name[i + k]);
            i += word_len;
            /* The next capital starts a new word. */
            if (i < n && is_alnum(name[i]))
                need_sep = true;
            continue;
        }
        out[at++] = (char)(is_upper(c) ? c - 'A' + 'a' : c);
        i++;
    }
    while (at > 0 && out[at - 1] == '_')
        at--;
    out[at] = '\0';
    if (at == 0) {
        strcpy(out, "value");
    } else if (is_digit(out[0])) {
        memmove(out + 1, out, at + 1);
        out[0] = 'v';
    }
    return out;
}

static const char *const reserved[] = {
    /* C11 keywords */
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while",
    /* macros of the standard headers generated code includes, and common ones */
    "bool", "true", "false", "errno", "assert", "offsetof", "static_assert", "alignas",
    "alignof", "noreturn", "complex", "imaginary", "thread_local", "stdin", "stdout", "stderr",
    /* predefined in GNU modes */
    "unix", "linux", "i386",
};

bool naming_is_reserved(const char *id)
{
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (!strcmp(reserved[i], id))
            return true;
    return false;
}

char *naming_identifier(const char *name)
{
    char *s = naming_snake(name);
    if (!s || !naming_is_reserved(s))
        return s;
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '_';
    t[n + 1] = '\0';
    return t;
}

char *naming_upper(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)(is_lower(s[i]) ? s[i] - 'a' + 'A' : s[i]);
    return out;
}

/* ---- C text ------------------------------------------------------------- */

char *naming_c_string(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(4 * n + 1);
    if (!out)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\': out[at++] = '\\'; out[at++] = '\\'; continue;
        case '"': out[at++] = '\\'; out[at++] = '"'; continue;
        case '\n': out[at++] = '\\'; out[at++] = 'n'; continue;
        case '\t': out[at++] = '\\'; out[at++] = 't'; continue;
        case '\r': out[at++] = '\\'; out[at++] = 'r'; continue;
        case '?':
            /* "??" would start a trigraph. */
            out[at++] = '?';
            if (i + 1 < n && s[i + 1] == '?') {
                out[at++] = '\\';
                out[at++] = '?';
                i++;
            }
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7F) {
            /* Octal escapes take at most three digits: never swallow what follows. */
            at += (size_t)snprintf(out + at, 5, "\\%03o", c);
            continue;
        }
        out[at++] = (char)c;
    }
    out[at] = '\0';
    return out;
}

char *naming_comment_text(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1);
    if (!out)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == ' ') {
            if (at > 0 && out[at - 1] != ' ')
                out[at++] = ' ';
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            out[at++] = '/';
            out[at++] = ' ';
            continue;
        }
        if (c == '*' && i + 1 < n && s[i + 1] == '/') {
            out[at++] = '*';
            out[at++] = ' ';
            continue;
        }
        if (c == '?' && i + 1 < n && s[i + 1] == '?') {
            out[at++] = '?';
            out[at++] = ' ';
            continue;
        }
        /* A backslash at the end would splice the next line into this one. */
        if (c == '\\' && (i + 1 == n || (unsigned char)s[i + 1] < 0x20)) {
            out[at++] = '\\';
            out[at++] = ' ';
            continue;
        }
        out[at++] = (char)c;
    }
    while (at > 0 && out[at - 1] == ' ')
        at--;
    out[at] = '\0';
    return out;
}

/* Decodes one UTF-8 character at s (valid input assumed, invalid bytes are
 * taken one at a time). */
static size_t utf8_next(const char *s, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    unsigned v = n == 4 ? u[0] & 7 : n == 3 ? u[0] & 15 : n == 2 ? u[0] & 31 : u[0];
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 63);
    }
    *cp = v;
    return n;
}

static bool wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static int push_line(char ***lines, size_t *n, size_t *cap, const char *s, size_t len)
{
    while (len && s[len - 1] == ' ')
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    if (!len)
        return 0;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        char **p = realloc(*lines, c * sizeof *p);
        if (!p)
            return -1;
        *lines = p;
        *cap = c;
    }
    char *line = malloc(len + 1);
    if (!line)
        return -1;
    memcpy(line, s, len);
    line[len] = '\0';
    (*lines)[(*n)++] = line;
    return 0;
}

char **naming_wrap(const char *s, size_t width, size_t *n_lines)
{
    char **lines = malloc(sizeof *lines);
    size_t n = 0, cap = 1;
    *n_lines = 0;
    if (!lines)
        return NULL;
    const char *start = s, *p = s;
    const char *brk = NULL; /* last place the line may break (exclusive end) */
    const char *brk_next = NULL;
    size_t cols = 0, cols_at_brk = 0;
    while (*p) {
        unsigned cp;
        size_t k = utf8_next(p, &cp);
        size_t w = wide(cp) ? 2 : 1;
        if (cp == ' ') {
            brk = p;
            brk_next = p + 1;
            cols_at_brk = cols + 1;
        } else if (wide(cp) && p > start) {
            brk = p;
            brk_next = p;
            cols_at_brk = cols;
        }
        if (cols + w > width && brk && brk > start) {
            if (push_line(&lines, &n, &cap, start, (size_t)(brk - start)))
                goto oom;
            start = brk_next;
            cols -= cols_at_brk;
            brk = NULL;
            if (start > p) {
                /* broke at this very space */
                p = start;
                cols = 0;
                continue;
            }
        }
        cols += w;
        p += k;
    }
    if (push_line(&lines, &n, &cap, start, (size_t)(p - start)))
        goto oom;
    *n_lines = n;
    return lines;
oom:
    naming_free_lines(lines, n);
    return NULL;
}

void naming_free_lines(char **lines, size_t n)
{
    if (!lines)
        return;
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* ---- Name sets ---------------------------------------------------------- */

struct naming_set {
    char **names; /* open addressing, NULL = empty */
    size_t cap;
    size_t count;
};

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

naming_set *naming_set_new(void)
{
    naming_set *set = calloc(1, sizeof *set);
    if (!set)
        return NULL;
    set->cap = 32; /* grows by doubling; most sets are one struct's members */
    set->names = calloc(set->cap, sizeof *set->names);
    if (!set->names) {
        free(set);
        return NULL;
    }
    return set;
}

void naming_set_free(naming_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->cap; i++)
        free(set->names[i]);
    free(set->names);
    free(set);
}

static char **slot(const naming_set *set, const char *name)
{
    size_t i = (size_t)(hash_name(name) & (set->cap - 1));
    while (set->names[i] && strcmp(set->names[i], name))
        i = (i + 1) & (set->cap - 1);
    return &set->names[i];
}

bool naming_set_has(const naming_set *set, const char *name)
{
    return *slot(set, name) != NULL;
}

static bool grow(naming_set *set)
{
    size_t old_cap = set->cap;
    char **old = set->names;
    set->names = calloc(old_cap * 2, sizeof *set->names);
    if (!set->names) {
        set->names = old;
        return false;
    }
    set->cap = old_cap * 2;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i])
            *slot(set, old[i]) = old[i];
    free(old);
    return true;
}

static const char *insert(naming_set *set, const char *name)
{
    if ((set->count + 1) * 2 > set->cap && !grow(set))
        return NULL;
    char **s = slot(set, name);
    char *copy = strdup(name);
    if (!copy)
        return NULL;
    *s = copy;
    set->count++;
    return copy;
}

bool naming_set_add(naming_set *set, const char *name)
{
    if (naming_set_has(set, name))
        return false;
    return insert(set, name) != NULL;
}

const char *naming_set_claim(naming_set *set, const char *wanted)
{
    if (!naming_set_has(set, wanted))
        return insert(set, wanted);
    size_t n = strlen(wanted);
    bool digit_end = n && is_digit(wanted[n - 1]);
    char *buf = malloc(n + 24);
    if (!buf)
        return NULL;
    const char *out = NULL;
    for (unsigned k = 2; !out; k++) {
        snprintf(buf, n + 24, "%s_%s%u", wanted, digit_end ? "v" : "", k);
        if (!naming_set_has(set, buf))
            out = insert(set, buf);
        if (!out && k > 100000)
            break;
    }
    free(buf);
    return out;
}
