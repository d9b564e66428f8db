/* Buffers, encoding, time and sorting helpers for the signers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "sign_internal.h"

/* ---- docbind_buf ------------------------------------------------------ */

void docbind_buf_init(docbind_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void docbind_buf_free(docbind_buf *b)
{
    if (b->data) {
        OPENSSL_cleanse(b->data, b->cap);
        free(b->data);
    }
    docbind_buf_init(b);
}

const char *docbind_buf_str(const docbind_buf *b)
{
    return b->data ? b->data : "";
}

void sbuf_reset(docbind_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int sbuf_reserve(docbind_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* Not realloc: the old block may hold key-derived text, wipe it. */
    char *p = malloc(cap);
    if (!p)
        return -1;
    if (b->data) {
        memcpy(p, b->data, b->len + 1);
        OPENSSL_cleanse(b->data, b->cap);
        free(b->data);
    } else {
        p[0] = '\0';
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int sbuf_append(docbind_buf *b, const void *data, size_t len)
{
    if (sbuf_reserve(b, len))
        return -1;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int sbuf_puts(docbind_buf *b, const char *s)
{
    return sbuf_append(b, s, strlen(s));
}

int sbuf_putc(docbind_buf *b, char c)
{
    return sbuf_append(b, &c, 1);
}

int sbuf_append_lower(docbind_buf *b, const char *s, size_t len)
{
    if (sbuf_reserve(b, len))
        return -1;
    char *d = b->data + b->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        d[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

size_t sign_fmt_i64(char *out, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

int sbuf_put_i64(docbind_buf *b, int64_t v)
{
    char tmp[24];
    return sbuf_append(b, tmp, sign_fmt_i64(tmp, v));
}

int sbuf_put_header(docbind_buf *b, const char *name, const char *value)
{
    size_t nl = strlen(name) + 1, vl = strlen(value) + 1;
    if (sbuf_reserve(b, nl + vl))
        return -1;
    char *p = sign_put(b->data + b->len, name, nl);
    p = sign_put(p, value, vl);
    b->len = (size_t)(p - b->data); /* both NULs stay inside len */
    *p = '\0';
    return 0;
}

/* ---- text ------------------------------------------------------------- */

void sign_errorf(docbind_sign_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* OpenSSL's OPENSSL_buf2hexstr_ex() writes upper case; every vendor here
 * wants lower case, hence this table (two digits per byte value). */
static const char hex_pairs[513] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

void sign_hex(const unsigned char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        memcpy(out + 2 * i, hex_pairs + 2 * in[i], 2);
    out[2 * n] = '\0';
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int sign_ascii_casecmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        int d = lower(*x) - lower(*y);
        if (d || !*x)
            return d;
    }
}

int sign_ascii_casecmp_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int d = lower((unsigned char)a[i]) - lower((unsigned char)b[i]);
        if (d || !a[i])
            return d;
    }
    return 0;
}

void sign_trim(const char *s, const char **start, size_t *len)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    *len = n;
}

/* RFC 3986 unreserved: A-Z a-z 0-9 - _ . ~ */
static const unsigned char unreserved[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

int docbind_percent_encode(docbind_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    if (len > (SIZE_MAX - 1) / 3 || sbuf_reserve(out, len * 3))
        return -1;
    char *d = out->data + out->len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (unreserved[c]) {
            *d++ = (char)c;
        } else {
            *d++ = '%';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 15];
        }
    }
    out->len = (size_t)(d - out->data);
    out->data[out->len] = '\0';
    return 0;
}

int sign_encode_path(docbind_buf *out, const char *path)
{
    if (!path || !*path)
        path = "/";
    if (path[0] != '/' && sbuf_putc(out, '/'))
        return -1;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (docbind_percent_encode(out, p, n))
            return -1;
        if (!slash)
            break;
        if (sbuf_putc(out, '/'))
            return -1;
        p = slash + 1;
    }
    return 0;
}

long sign_find_header(const docbind_pair *h, size_t n, const char *name)
{
    long found = -1;
    /* Most names differ in the first letter: compare that cheaply first
     * (| 0x20 folds ASCII letters; other bytes merely compare in full). */
    int first = (unsigned char)name[0] | 0x20;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)h[i].name[0] | 0x20) != first)
            continue;
        if (sign_ascii_casecmp(h[i].name, name) == 0) {
            if (found >= 0)
                return -2;
            found = (long)i;
        }
    }
    return found;
}

/* Insertion sort: stable, and the lists are short (tens of entries). */
void sign_sort_pairs(const docbind_pair *pairs, size_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while (j > 0) {
            const docbind_pair *a = &pairs[idx[j - 1]], *b = &pairs[v];
            int c = strcmp(a->name, b->name);
            if (c == 0)
                c = strcmp(a->value, b->value);
            if (c <= 0)
                break;
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

int sign_join_sorted(const docbind_pair *p, size_t n, int encode, docbind_buf *out)
{
    size_t stack_idx[32];
    size_t *idx = n <= 32 ? stack_idx : malloc(n * sizeof *idx);
    if (!idx)
        return -1;
    sign_sort_pairs(p, idx, n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const docbind_pair *q = &p[idx[i]];
        if (i)
            rc |= sbuf_putc(out, '&');
        if (encode) {
            rc |= docbind_percent_encode(out, q->name, strlen(q->name));
            rc |= sbuf_putc(out, '=');
            rc |= docbind_percent_encode(out, q->value, strlen(q->value));
        } else {
            rc |= sbuf_puts(out, q->name);
            rc |= sbuf_putc(out, '=');
            rc |= sbuf_puts(out, q->value);
        }
    }
    if (idx != stack_idx)
        free(idx);
    return rc ? -1 : 0;
}

/* ---- time: civil-from-days arithmetic, no time zone or locale involved - */

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

struct civil {
    int64_t year;
    unsigned mon, day, hour, min, sec;
};

/* Callers keep t within 0..253402300799 (years 1970..9999). */
static struct civil civil_of(int64_t t)
{
    struct civil c;
    int64_t days = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    civil_from_days(days, &c.year, &c.mon, &c.day);
    c.hour = (unsigned)(rem / 3600);
    c.min = (unsigned)(rem / 60 % 60);
    c.sec = (unsigned)(rem % 60);
    return c;
}

static char *put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

static char *put4(char *p, int64_t v)
{
    unsigned u = (unsigned)(v < 0 ? 0 : v % 10000);
    p = put2(p, u / 100);
    return put2(p, u % 100);
}

void docbind_sign_utc_date(int64_t t, char out[11])
{
    struct civil c = civil_of(t);
    char *p = put4(out, c.year);
    *p++ = '-';
    p = put2(p, c.mon);
    *p++ = '-';
    p = put2(p, c.day);
    *p = '\0';
}

void docbind_sign_iso8601(int64_t t, char out[21])
{
    struct civil c = civil_of(t);
    docbind_sign_utc_date(t, out);
    char *p = out + 10;
    *p++ = 'T';
    p = put2(p, c.hour);
    *p++ = ':';
    p = put2(p, c.min);
    *p++ = ':';
    p = put2(p, c.sec);
    *p++ = 'Z';
    *p = '\0';
}

void docbind_sign_basic_datetime(int64_t t, char out[17])
{
    struct civil c = civil_of(t);
    char *p = put4(out, c.year);
    p = put2(p, c.mon);
    p = put2(p, c.day);
    *p++ = 'T';
    p = put2(p, c.hour);
    p = put2(p, c.min);
    p = put2(p, c.sec);
    *p++ = 'Z';
    *p = '\0';
}

static int digits(const char *s, size_t n, unsigned *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        *v = *v * 10 + (unsigned)(s[i] - '0');
    }
    return 0;
}

int docbind_sign_parse_iso8601(const char *s, int64_t *t)
{
    unsigned y, mo, d, h, mi, se;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return -1;
    if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
        digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
        return -1;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
        se > 59)
        return -1;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    *t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}
