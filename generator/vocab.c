#include "vocab.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

typedef struct header_word {
    const char *text;
    size_t len;
    col_role role;
} header_word;

/* Lengths at compile time: header words are tried on every line. */
#define W(text, role) {text, sizeof(text) - 1, role}

/* Longer phrases first: matching is greedy in this order. */
static const header_word header_words[] = {
    W("Parameter Name", COL_NAME),
    W("Error Code", COL_CODE),
    W("Error code", COL_CODE),
    W("HTTP Status Code", COL_HTTP_STATUS),
    W("HTTP status code", COL_HTTP_STATUS),
    W("Status Code", COL_HTTP_STATUS),
    W("HTTP status code", COL_HTTP_STATUS),
    W("Error message", COL_DESCRIPTION),
    W("Error Message", COL_DESCRIPTION),
    W("频率限制（次/秒）", COL_RATE),
    W("參數名稱", COL_NAME),
    W("參數", COL_NAME),
    W("是否必選", COL_REQUIRED),
    W("必選", COL_REQUIRED),
    W("參數類型", COL_TYPE),
    W("類型", COL_TYPE),
    W("說明", COL_DESCRIPTION),
    W("Element", COL_NAME),
    W("Field", COL_NAME),
    W("Tipe", COL_TYPE),
    W("Wajib", COL_REQUIRED),
    W("Deskripsi", COL_DESCRIPTION),
    W("Contoh", COL_EXAMPLE),
    W("Nama", COL_NAME),
    W("パラメータ", COL_NAME),
    W("パラメーター", COL_NAME),
    W("名前", COL_NAME),
    W("データ型", COL_TYPE),
    W("例", COL_EXAMPLE),
    W("エラーコード", COL_CODE),
    W("HTTP ステータスコード", COL_HTTP_STATUS),
    W("エラーメッセージ", COL_DESCRIPTION),
    W("必須", COL_REQUIRED),
    W("型", COL_TYPE),
    W("説明", COL_DESCRIPTION),
    W("Kode kesalahan", COL_CODE),
    W("参数名称", COL_NAME),
    W("参数名", COL_NAME),
    W("接口名称", COL_NAME),
    W("名称", COL_NAME),
    W("参数", COL_NAME),
    W("Parameter", COL_NAME),
    W("Name", COL_NAME),
    W("是否必选", COL_REQUIRED),
    W("是否必填", COL_REQUIRED),
    W("必选", COL_REQUIRED),
    W("必填", COL_REQUIRED),
    W("Required", COL_REQUIRED),
    W("Mandatory", COL_REQUIRED),
    W("参数类型", COL_TYPE),
    W("类型", COL_TYPE),
    W("Type", COL_TYPE),
    W("描述", COL_DESCRIPTION),
    W("说明", COL_DESCRIPTION),
    W("Description", COL_DESCRIPTION),
    W("示例值", COL_EXAMPLE),
    W("示例", COL_EXAMPLE),
    W("Example", COL_EXAMPLE),
    W("错误码", COL_CODE),
    W("接口功能", COL_TITLE),
    W("位置", COL_LOCATION),
    W("Location", COL_LOCATION),
    W("默认值", COL_DEFAULT),
    W("Default", COL_DEFAULT),
};

static bool word_at(const char *p, const char *end, const char *w, size_t n, size_t *wl)
{
    if ((size_t)(end - p) < n || memcmp(p, w, n) != 0)
        return false;
    if (p + n < end && p[n] != ' ' && p[n] != '\t')
        return false;
    *wl = n;
    return true;
}

/* First bytes (either case) of the header words: most lines of a document
 * start with something else and are turned away at once. */
static bool header_first_byte[256];
static pthread_once_t header_first_once = PTHREAD_ONCE_INIT;

static void init_header_first_byte(void)
{
    for (size_t i = 0; i < sizeof header_words / sizeof *header_words; i++) {
        unsigned char c = (unsigned char)header_words[i].text[0];
        header_first_byte[c] = true;
        header_first_byte[(unsigned char)tolower(c)] = true;
        header_first_byte[(unsigned char)toupper(c)] = true;
    }
}

bool vocab_match_header(const char *text, size_t len, table_header *h)
{
    pthread_once(&header_first_once, init_header_first_byte);
    h->n = 0;
    if (!len || !header_first_byte[(unsigned char)text[0]])
        return false;
    const char *p = text, *end = text + len;
    h->n = 0;
    bool has_name = false;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end)
            break;
        size_t wl = 0;
        const header_word *hit = NULL;
        for (size_t i = 0; i < sizeof header_words / sizeof *header_words; i++)
            if (word_at(p, end, header_words[i].text, header_words[i].len, &wl)) {
                hit = &header_words[i];
                break;
            }
        if (!hit || h->n == TABLE_MAX_COLUMNS)
            return false;
        h->roles[h->n++] = hit->role;
        has_name |= hit->role == COL_NAME || hit->role == COL_CODE;
        p += wl;
    }
    return has_name && h->n >= 2;
}

col_role vocab_header_word(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof header_words / sizeof *header_words; i++)
        if (header_words[i].len == len && !strncasecmp(header_words[i].text, s, len))
            return header_words[i].role;
    return COL_NONE;
}

int table_header_find(const table_header *h, col_role role)
{
    for (int i = 0; i < h->n; i++)
        if (h->roles[i] == role)
            return i;
    return -1;
}

typedef struct required_word {
    const char *text;
    ir_tristate value;
} required_word;

static const required_word required_words[] = {
    {"是", IR_YES},     {"否", IR_NO},       {"Yes", IR_YES},   {"No", IR_NO},
    {"yes", IR_YES},    {"no", IR_NO},       {"YES", IR_YES},   {"NO", IR_NO},
    {"True", IR_YES},   {"False", IR_NO},    {"true", IR_YES},  {"false", IR_NO},
    {"必选", IR_YES},   {"可选", IR_NO},     {"必填", IR_YES},  {"选填", IR_NO},
    {"Required", IR_YES}, {"Optional", IR_NO}, {"required", IR_YES}, {"optional", IR_NO},
    {"Ya", IR_YES},     {"Tidak", IR_NO},    {"-", IR_UNKNOWN},
    {"はい", IR_YES},   {"いいえ", IR_NO},   {"Y", IR_YES},     {"N", IR_NO},
};

bool vocab_required_word(const char *s, size_t len, ir_tristate *out)
{
    for (size_t i = 0; i < sizeof required_words / sizeof *required_words; i++)
        if (strlen(required_words[i].text) == len && !memcmp(required_words[i].text, s, len)) {
            *out = required_words[i].value;
            return true;
        }
    return false;
}

typedef struct type_word {
    const char *text;
    ir_type type;
} type_word;

/* Compared case-insensitively. */
static const type_word type_words[] = {
    {"String", IR_TYPE_STRING},   {"Str", IR_TYPE_STRING},        {"Text", IR_TYPE_STRING},
    {"Integer", IR_TYPE_INTEGER}, {"Int", IR_TYPE_INTEGER},       {"Long", IR_TYPE_INTEGER},
    {"Int32", IR_TYPE_INTEGER},   {"Int64", IR_TYPE_INTEGER},     {"UInt64", IR_TYPE_INTEGER},
    {"Number", IR_TYPE_NUMBER},   {"Float", IR_TYPE_FLOAT},       {"Double", IR_TYPE_DOUBLE},
    {"Boolean", IR_TYPE_BOOLEAN}, {"Bool", IR_TYPE_BOOLEAN},      {"Date", IR_TYPE_DATE},
    {"Timestamp", IR_TYPE_TIMESTAMP}, {"DateTime", IR_TYPE_TIMESTAMP},
    {"Binary", IR_TYPE_BINARY},   {"Object", IR_TYPE_OBJECT},     {"Map", IR_TYPE_OBJECT},
    {"JSON", IR_TYPE_OBJECT},     {"Struct", IR_TYPE_OBJECT},
};

bool vocab_primitive_type(const char *s, size_t len, ir_type *out)
{
    for (size_t i = 0; i < sizeof type_words / sizeof *type_words; i++)
        if (strlen(type_words[i].text) == len && !strncasecmp(type_words[i].text, s, len)) {
            *out = type_words[i].type;
            return true;
        }
    return false;
}

bool vocab_array_word(const char *s, size_t len)
{
    return (len == 5 && !strncasecmp(s, "Array", 5)) || (len == 4 && !strncasecmp(s, "List", 4));
}
