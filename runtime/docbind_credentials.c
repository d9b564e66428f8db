#include "docbind_credentials.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

static void wipe_string(char **s)
{
    if (*s) {
        OPENSSL_cleanse(*s, strlen(*s));
        free(*s);
        *s = NULL;
    }
}

void docbind_cloud_credentials_free(docbind_cloud_credentials *creds)
{
    if (!creds)
        return;
    wipe_string(&creds->access_key_id);
    wipe_string(&creds->access_key_secret);
    wipe_string(&creds->security_token);
    wipe_string(&creds->project_id);
    wipe_string(&creds->iam_token);
}

/* Copies `value` into *out; NULL and "" both leave *out NULL. */
static int copy_optional(char **out, const char *value, docbind_error *err)
{
    *out = NULL;
    if (!value || !*value)
        return 0;
    size_t n = strlen(value);
    *out = malloc(n + 1);
    if (!*out)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "out of memory copying credentials");
    memcpy(*out, value, n + 1);
    return 0;
}

/* Installs a fully built set, wiping what *creds held before. */
static void replace_credentials(docbind_cloud_credentials *creds, docbind_cloud_credentials *fresh)
{
    docbind_cloud_credentials_free(creds);
    *creds = *fresh;
    *fresh = (docbind_cloud_credentials)DOCBIND_CLOUD_CREDENTIALS_INIT;
}

static int build(docbind_cloud_credentials *creds, const char *id, const char *secret, const char *token,
                 const char *project_id, const char *iam_token, docbind_error *err)
{
    docbind_cloud_credentials fresh = DOCBIND_CLOUD_CREDENTIALS_INIT;
    if (copy_optional(&fresh.access_key_id, id, err) < 0 ||
        copy_optional(&fresh.access_key_secret, secret, err) < 0 ||
        copy_optional(&fresh.security_token, token, err) < 0 ||
        copy_optional(&fresh.project_id, project_id, err) < 0 ||
        copy_optional(&fresh.iam_token, iam_token, err) < 0) {
        docbind_cloud_credentials_free(&fresh);
        return -1;
    }
    replace_credentials(creds, &fresh);
    return 0;
}

static int is_empty(const char *s)
{
    return !s || !*s;
}

int docbind_cloud_credentials_set(docbind_cloud_credentials *creds, const char *access_key_id,
                            const char *access_key_secret, const char *security_token,
                            docbind_error *err)
{
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_cloud_credentials_set: creds is NULL");
    if (is_empty(access_key_id))
        return docbind_error_set_validation(err, "access_key_id", "required",
                                            "access key id is empty");
    if (is_empty(access_key_secret))
        return docbind_error_set_validation(err, "access_key_secret", "required",
                                            "access key secret is empty");
    return build(creds, access_key_id, access_key_secret, security_token, creds->project_id, NULL, err);
}

int docbind_cloud_credentials_set_iam_token(docbind_cloud_credentials *creds, const char *iam_token,
                                      const char *project_id, docbind_error *err)
{
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "docbind_cloud_credentials_set_iam_token: creds is NULL");
    if (is_empty(iam_token))
        return docbind_error_set_validation(err, "iam_token", "required", "IAM token is empty");
    return build(creds, NULL, NULL, NULL, project_id, iam_token, err);
}

int docbind_cloud_credentials_set_project_id(docbind_cloud_credentials *creds, const char *project_id,
                                       docbind_error *err)
{
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL,
                                 "docbind_cloud_credentials_set_project_id: creds is NULL");
    char *copy = NULL;
    if (copy_optional(&copy, project_id, err) < 0)
        return -1;
    wipe_string(&creds->project_id);
    creds->project_id = copy;
    return 0;
}

int docbind_cloud_credentials_copy(docbind_cloud_credentials *dst, const docbind_cloud_credentials *src,
                             docbind_error *err)
{
    if (!dst || !src)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "docbind_cloud_credentials_copy: NULL argument");
    if (dst == src)
        return 0;
    return build(dst, src->access_key_id, src->access_key_secret, src->security_token,
                 src->project_id, src->iam_token, err);
}

int docbind_cloud_credentials_has_key_pair(const docbind_cloud_credentials *creds)
{
    return creds && !is_empty(creds->access_key_id) && !is_empty(creds->access_key_secret);
}

static const char *env_value(const char *name)
{
    const char *v = getenv(name);
    return is_empty(v) ? NULL : v;
}

static int missing_variable(docbind_error *err, const char *name, const char *needs)
{
    return docbind_error_set_validation(err, name, "required",
                                        "environment variable %s is not set (%s)", name, needs);
}

int docbind_cloud_credentials_from_env_tencent(docbind_cloud_credentials *creds, docbind_error *err)
{
    static const char needs[] =
        "Tencent Cloud credentials need TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY";
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "credentials loader: creds is NULL");
    const char *id = env_value("TENCENTCLOUD_SECRET_ID");
    const char *key = env_value("TENCENTCLOUD_SECRET_KEY");
    if (!id)
        return missing_variable(err, "TENCENTCLOUD_SECRET_ID", needs);
    if (!key)
        return missing_variable(err, "TENCENTCLOUD_SECRET_KEY", needs);
    return build(creds, id, key, env_value("TENCENTCLOUD_SESSION_TOKEN"), NULL, NULL, err);
}

int docbind_cloud_credentials_from_env_alibaba(docbind_cloud_credentials *creds, docbind_error *err)
{
    static const char needs[] = "Alibaba Cloud credentials need ALIBABA_CLOUD_ACCESS_KEY_ID and "
                                "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "credentials loader: creds is NULL");
    const char *id = env_value("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const char *key = env_value("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (!id)
        return missing_variable(err, "ALIBABA_CLOUD_ACCESS_KEY_ID", needs);
    if (!key)
        return missing_variable(err, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", needs);
    return build(creds, id, key, env_value("ALIBABA_CLOUD_SECURITY_TOKEN"), NULL, NULL, err);
}

/* The CLOUD_SDK_* names come first (the vendor's API Explorer examples use
 * them), HUAWEICLOUD_SDK_* second (the vendor SDKs' names). */
static const char *env_either(const char *primary, const char *fallback)
{
    const char *v = env_value(primary);
    return v ? v : env_value(fallback);
}

int docbind_cloud_credentials_from_env_huawei(docbind_cloud_credentials *creds, docbind_error *err)
{
    static const char needs[] = "Huawei Cloud credentials need CLOUD_SDK_AK and CLOUD_SDK_SK "
                                "(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK), or CLOUD_SDK_IAM_TOKEN";
    if (!creds)
        return docbind_error_set(err, DOCBIND_ERROR_INTERNAL, "credentials loader: creds is NULL");
    const char *project_id = env_either("CLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID");
    const char *token = env_either("CLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN");

    /* Never pair an AK from one family with an SK from the other. */
    static const char *const families[][2] = {
        {"CLOUD_SDK_AK", "CLOUD_SDK_SK"},
        {"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"},
    };
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        const char *ak = env_value(families[i][0]);
        const char *sk = env_value(families[i][1]);
        if (ak && !sk)
            return missing_variable(err, families[i][1], needs);
        if (!ak && sk)
            return missing_variable(err, families[i][0], needs);
        if (ak && sk)
            return build(creds, ak, sk, token, project_id, NULL, err);
    }
    const char *iam_token = env_either("CLOUD_SDK_IAM_TOKEN", "HUAWEICLOUD_SDK_IAM_TOKEN");
    if (iam_token)
        return build(creds, NULL, NULL, NULL, project_id, iam_token, err);
    return missing_variable(err, "CLOUD_SDK_AK", needs);
}
