/* docbind_credentials.h: access keys for the three clouds, given explicitly
 * or read from the vendors' environment variables.
 *
 * Ownership: a docbind_cloud_credentials owns its strings. docbind_cloud_credentials_free()
 * overwrites every string with zeros (OPENSSL_cleanse) before freeing it and
 * resets the struct to DOCBIND_CLOUD_CREDENTIALS_INIT; it is safe on a zero-filled
 * or already-freed struct. Loading into a struct that holds credentials
 * replaces (and wipes) the old ones only on success; on failure the struct
 * is left as it was.
 *
 * Secrets are never printed, logged or copied into a docbind_error: errors
 * name the missing variable or parameter, never a value.
 *
 * Environment variables (an empty value counts as unset):
 *   Tencent Cloud  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY (required),
 *                  TENCENTCLOUD_SESSION_TOKEN (optional, temporary keys)
 *   Huawei Cloud   CLOUD_SDK_AK + CLOUD_SDK_SK, else HUAWEICLOUD_SDK_AK +
 *                  HUAWEICLOUD_SDK_SK (a pair is always taken from one family);
 *                  CLOUD_SDK_PROJECT_ID / HUAWEICLOUD_SDK_PROJECT_ID (optional);
 *                  CLOUD_SDK_SECURITY_TOKEN / HUAWEICLOUD_SDK_SECURITY_TOKEN
 *                  (optional, temporary AK/SK); when no AK is set,
 *                  CLOUD_SDK_IAM_TOKEN / HUAWEICLOUD_SDK_IAM_TOKEN (an IAM
 *                  token sent as X-Auth-Token) is accepted instead
 *   Alibaba Cloud  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET
 *                  (required), ALIBABA_CLOUD_SECURITY_TOKEN (optional, STS)
 *
 * The loaders call getenv(), which is not safe against a concurrent
 * setenv() in another thread: load credentials before starting threads
 * that change the environment.
 */
#ifndef DOCBIND_CREDENTIALS_H
#define DOCBIND_CREDENTIALS_H

#include "docbind_error.h"

/* Owned credentials for one cloud account. The signer's docbind_credentials
 * (docbind_sign.h) is a borrowed view; fill it from these fields:
 * id = access_key_id, secret = access_key_secret, token = security_token
 * (or iam_token for Huawei's token algorithm). */
typedef struct docbind_cloud_credentials {
    char *access_key_id;     /* Tencent SecretId, Huawei AK, Alibaba AccessKey ID */
    char *access_key_secret; /* Tencent SecretKey, Huawei SK, Alibaba AccessKey secret */
    char *security_token;    /* temporary credentials' token; NULL for long-term keys */
    char *project_id;        /* Huawei project id; NULL when not given */
    char *iam_token;         /* Huawei IAM token used instead of AK/SK; NULL when not used */
} docbind_cloud_credentials;

#define DOCBIND_CLOUD_CREDENTIALS_INIT { NULL, NULL, NULL, NULL, NULL }

/* Explicit key pair. access_key_id and access_key_secret must be non-empty
 * (a validation error names the empty one); security_token may be NULL.
 * Replaces any key pair, token or IAM token held before; keeps project_id. */
int docbind_cloud_credentials_set(docbind_cloud_credentials *creds, const char *access_key_id,
                            const char *access_key_secret, const char *security_token,
                            docbind_error *err);

/* Explicit Huawei IAM token (instead of a key pair) and optional project id.
 * iam_token must be non-empty. */
int docbind_cloud_credentials_set_iam_token(docbind_cloud_credentials *creds, const char *iam_token,
                                      const char *project_id, docbind_error *err);

/* Sets or replaces the Huawei project id (NULL removes it). */
int docbind_cloud_credentials_set_project_id(docbind_cloud_credentials *creds, const char *project_id,
                                       docbind_error *err);

/* Loaders from the environment variables listed above. A missing required
 * variable gives a DOCBIND_ERROR_VALIDATION error whose param_path is the
 * variable's name and rule is "required". */
int docbind_cloud_credentials_from_env_tencent(docbind_cloud_credentials *creds, docbind_error *err);
int docbind_cloud_credentials_from_env_huawei(docbind_cloud_credentials *creds, docbind_error *err);
int docbind_cloud_credentials_from_env_alibaba(docbind_cloud_credentials *creds, docbind_error *err);

/* Deep copy; *dst is replaced only on success. */
int docbind_cloud_credentials_copy(docbind_cloud_credentials *dst, const docbind_cloud_credentials *src,
                             docbind_error *err);

/* 1 when a key pair is present, 0 otherwise (e.g. IAM token only). */
int docbind_cloud_credentials_has_key_pair(const docbind_cloud_credentials *creds);

/* Wipes and frees every string; resets *creds to DOCBIND_CLOUD_CREDENTIALS_INIT. */
void docbind_cloud_credentials_free(docbind_cloud_credentials *creds);

#endif
