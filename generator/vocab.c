#include "vocab.h"

#include <string.h>
#include <strings.h>

typedef struct header_word {
    const char *text;
    col_role role;
} header_word;

/* Longer phrases first: matching is greedy in this order. */
static const header_word header_words[] = {
    {"Parameter Name", COL_NAME},
    {"Error Code", COL_CODE},
    {"Error code", COL_CODE},
    {"HTTP Status Code", COL_HTTP_STATUS},
    {"HTTP status code", COL_HTTP_STATUS},
    {"Status Code", COL_HTTP_STATUS},
    {"HTTP status code", COL_HTTP_STATUS},
    {"Error message", COL_DESCRIPTION},
    {"Error Message", COL_DESCRIPTION},
    {"频率限制（次/秒）", COL_RATE},
    {"參數名稱", COL_NAME},
    {"參數", COL_NAME},
    {"是否必選", COL_REQUIRED},
    {"必選", COL_REQUIRED},
    {"參數類型", COL_TYPE},
    {"類型", COL_TYPE},
    {"說明", COL_DESCRIPTION},
    {"Element", COL_NAME},
    {"Field", COL_NAME},
    {"Tipe", COL_TYPE},
    {"Wajib", COL_REQUIRED},
    {"Deskripsi", COL_DESCRIPTION},
    {"Contoh", COL_EXAMPLE},
    {"Nama", COL_NAME},
    {"パラメータ", COL_NAME},
    {"パラメーター", COL_NAME},
    {"名前", COL_NAME},
    {"データ型", COL_TYPE},
    {"例", COL_EXAMPLE},
    {"エラーコード", COL_CODE},
    {"HTTP ステータスコード", COL_HTTP_STATUS},
    {"エラーメッセージ", COL_DESCRIPTION},
    {"必須", COL_REQUIRED},
    {"型", COL_TYPE},
    {"説明", COL_DESCRIPTION},
    {"Kode kesalahan", COL_CODE},
    {"参数名称", COL_NAME},
    {"参数名", COL_NAME},
    {"接口名称", COL_NAME},
    {"名称", COL_NAME},
    {"参数", COL_NAME},
    {"Parameter", COL_NAME},
    {"Name", COL_NAME},
    {"是否必选", COL_REQUIRED},
    {"是否必填", COL_REQUIRED},
    {"必选", COL_REQUIRED},
    {"必填", COL_REQUIRED},
    {"Required", COL_REQUIRED},
    {"Mandatory", COL_REQUIRED},
    {"参数类型", COL_TYPE},
    {"类型", COL_TYPE},
    {"Type", COL_TYPE},
    {"描述", COL_DESCRIPTION},
    {"说明", COL_DESCRIPTION},
    {"Description", COL_DESCRIPTION},
    {"示例值", COL_EXAMPLE},
    {"示例", COL_EXAMPLE},
    {"Example", COL_EXAMPLE},
    {"错误码", COL_CODE},
    {"接口功能", COL_TITLE},
    {"位置", COL_LOCATION},
    {"Location", COL_LOCATION},
    {"默认值", COL_DEFAULT},
    {"Default", COL_DEFAULT},
};

static bool word_at(const char *p, const char *end, const char *w, size_t *wl)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n || memcmp(p, w, n) != 0)
        return false;
    if (p + n < end && p[n] != ' ' && p[n] != '\t')
        return false;
    *wl = n;
    return true;
}

bool vocab_match_header(const char *text, size_t len, table_header *h)
{
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
            if (word_at(p, end, header_words[i].text, &wl)) {
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
        if (strlen(header_words[i].text) == len && !strncasecmp(header_words[i].text, s, len))
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
