/* Credentials: explicit values, the vendors' environment variables, and the
 * errors that name a missing variable without echoing any value. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "docbind_credentials.h"

static const char *const all_vars[] = {
    "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN",
    "CLOUD_SDK_AK", "CLOUD_SDK_SK", "CLOUD_SDK_PROJECT_ID", "CLOUD_SDK_SECURITY_TOKEN",
    "CLOUD_SDK_IAM_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_IAM_TOKEN",
    "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
};

static void clean_env(void)
{
    for (size_t i = 0; i < sizeof all_vars / sizeof all_vars[0]; i++)
        unsetenv(all_vars[i]);
}

TestSuite(transport_credentials, .init = clean_env);

static void assert_no_secret_in(const docbind_error *err, const char *secret)
{
    char buf[512];
    docbind_error_format(err, buf, sizeof buf);
    cr_assert_null(strstr(buf, secret), "secret leaked into: %s", buf);
    if (err->message)
        cr_assert_null(strstr(err->message, secret));
}

Test(transport_credentials, explicit_values, .timeout = 5)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_set(&creds, "AKID", "SECRET", NULL, &err), 0);
    cr_assert_str_eq(creds.access_key_id, "AKID");
    cr_assert_str_eq(creds.access_key_secret, "SECRET");
    cr_assert_null(creds.security_token);
    cr_assert(docbind_cloud_credentials_has_key_pair(&creds));

    /* Replacing keeps no stale token and does not leak. */
    cr_assert_eq(docbind_cloud_credentials_set(&creds, "AKID2", "SECRET2", "TOKEN", &err), 0);
    cr_assert_str_eq(creds.security_token, "TOKEN");

    cr_assert_eq(docbind_cloud_credentials_set(&creds, "AKID3", "", NULL, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.param_path, "access_key_secret");
    /* Failure leaves the previous credentials intact. */
    cr_assert_str_eq(creds.access_key_id, "AKID2");
    docbind_error_clear(&err);

    docbind_cloud_credentials copy = DOCBIND_CLOUD_CREDENTIALS_INIT;
    cr_assert_eq(docbind_cloud_credentials_copy(&copy, &creds, &err), 0);
    cr_assert_str_eq(copy.access_key_secret, "SECRET2");
    cr_assert_neq(copy.access_key_secret, creds.access_key_secret);
    docbind_cloud_credentials_free(&copy);
    docbind_cloud_credentials_free(&creds);
    cr_assert_null(creds.access_key_id);
    docbind_cloud_credentials_free(&creds);
}

Test(transport_credentials, tencent_from_env, .timeout = 5)
{
    setenv("TENCENTCLOUD_SECRET_ID", "AKIDtencent", 1);
    setenv("TENCENTCLOUD_SECRET_KEY", "tencent-secret-value", 1);
    setenv("TENCENTCLOUD_SESSION_TOKEN", "sess", 1);
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_tencent(&creds, &err), 0);
    cr_assert_str_eq(creds.access_key_id, "AKIDtencent");
    cr_assert_str_eq(creds.access_key_secret, "tencent-secret-value");
    cr_assert_str_eq(creds.security_token, "sess");
    docbind_cloud_credentials_free(&creds);
}

Test(transport_credentials, tencent_missing_key_names_the_variable, .timeout = 5)
{
    setenv("TENCENTCLOUD_SECRET_ID", "AKIDonly", 1);
    setenv("TENCENTCLOUD_SECRET_KEY", "", 1); /* empty counts as unset */
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_tencent(&creds, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_VALIDATION);
    cr_assert_str_eq(err.param_path, "TENCENTCLOUD_SECRET_KEY");
    cr_assert_str_eq(err.rule, "required");
    cr_assert_not_null(strstr(err.message, "TENCENTCLOUD_SECRET_KEY is not set"));
    assert_no_secret_in(&err, "AKIDonly");
    cr_assert_null(creds.access_key_id);
    docbind_error_clear(&err);

    unsetenv("TENCENTCLOUD_SECRET_ID");
    cr_assert_eq(docbind_cloud_credentials_from_env_tencent(&creds, &err), -1);
    cr_assert_str_eq(err.param_path, "TENCENTCLOUD_SECRET_ID");
    docbind_error_clear(&err);
}

Test(transport_credentials, huawei_primary_names, .timeout = 5)
{
    setenv("CLOUD_SDK_AK", "hw-ak", 1);
    setenv("CLOUD_SDK_SK", "hw-sk-secret", 1);
    setenv("CLOUD_SDK_PROJECT_ID", "proj-1", 1);
    setenv("HUAWEICLOUD_SDK_AK", "other-ak", 1);
    setenv("HUAWEICLOUD_SDK_SK", "other-sk", 1);
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_huawei(&creds, &err), 0);
    cr_assert_str_eq(creds.access_key_id, "hw-ak");
    cr_assert_str_eq(creds.access_key_secret, "hw-sk-secret");
    cr_assert_str_eq(creds.project_id, "proj-1");
    cr_assert_null(creds.iam_token);
    docbind_cloud_credentials_free(&creds);
}

Test(transport_credentials, huawei_fallback_names_and_no_mixing, .timeout = 5)
{
    setenv("HUAWEICLOUD_SDK_AK", "hc-ak", 1);
    setenv("HUAWEICLOUD_SDK_SK", "hc-sk", 1);
    setenv("HUAWEICLOUD_SDK_PROJECT_ID", "hc-proj", 1);
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_huawei(&creds, &err), 0);
    cr_assert_str_eq(creds.access_key_id, "hc-ak");
    cr_assert_str_eq(creds.project_id, "hc-proj");
    docbind_cloud_credentials_free(&creds);

    /* CLOUD_SDK_AK without CLOUD_SDK_SK is an error, not paired with HUAWEICLOUD_SDK_SK. */
    setenv("CLOUD_SDK_AK", "half", 1);
    cr_assert_eq(docbind_cloud_credentials_from_env_huawei(&creds, &err), -1);
    cr_assert_str_eq(err.param_path, "CLOUD_SDK_SK");
    assert_no_secret_in(&err, "hc-sk");
    docbind_error_clear(&err);
}

Test(transport_credentials, huawei_iam_token_alternative, .timeout = 5)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_huawei(&creds, &err), -1);
    cr_assert_str_eq(err.param_path, "CLOUD_SDK_AK");
    cr_assert_not_null(strstr(err.message, "CLOUD_SDK_IAM_TOKEN"));
    docbind_error_clear(&err);

    setenv("CLOUD_SDK_IAM_TOKEN", "MIIT-token", 1);
    setenv("CLOUD_SDK_PROJECT_ID", "p", 1);
    cr_assert_eq(docbind_cloud_credentials_from_env_huawei(&creds, &err), 0);
    cr_assert_str_eq(creds.iam_token, "MIIT-token");
    cr_assert_str_eq(creds.project_id, "p");
    cr_assert_not(docbind_cloud_credentials_has_key_pair(&creds));
    docbind_cloud_credentials_free(&creds);

    cr_assert_eq(docbind_cloud_credentials_set_iam_token(&creds, "tok", NULL, &err), 0);
    cr_assert_eq(docbind_cloud_credentials_set_project_id(&creds, "p2", &err), 0);
    cr_assert_str_eq(creds.project_id, "p2");
    cr_assert_eq(docbind_cloud_credentials_set_iam_token(&creds, "", NULL, &err), -1);
    cr_assert_str_eq(err.param_path, "iam_token");
    docbind_error_clear(&err);
    docbind_cloud_credentials_free(&creds);
}

Test(transport_credentials, alibaba_from_env, .timeout = 5)
{
    docbind_cloud_credentials creds = DOCBIND_CLOUD_CREDENTIALS_INIT;
    docbind_error err = DOCBIND_ERROR_INIT;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-id", 1);
    cr_assert_eq(docbind_cloud_credentials_from_env_alibaba(&creds, &err), -1);
    cr_assert_str_eq(err.param_path, "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    assert_no_secret_in(&err, "LTAI-id");
    docbind_error_clear(&err);

    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ali-secret", 1);
    setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "sts", 1);
    cr_assert_eq(docbind_cloud_credentials_from_env_alibaba(&creds, &err), 0);
    cr_assert_str_eq(creds.access_key_id, "LTAI-id");
    cr_assert_str_eq(creds.access_key_secret, "ali-secret");
    cr_assert_str_eq(creds.security_token, "sts");
    docbind_cloud_credentials_free(&creds);
}

Test(transport_credentials, null_arguments_are_errors_not_crashes, .timeout = 5)
{
    docbind_error err = DOCBIND_ERROR_INIT;
    cr_assert_eq(docbind_cloud_credentials_from_env_tencent(NULL, &err), -1);
    cr_assert_eq(err.kind, DOCBIND_ERROR_INTERNAL);
    docbind_error_clear(&err);
    cr_assert_eq(docbind_cloud_credentials_set(NULL, "a", "b", NULL, NULL), -1);
    cr_assert_eq(docbind_cloud_credentials_copy(NULL, NULL, NULL), -1);
    cr_assert_not(docbind_cloud_credentials_has_key_pair(NULL));
    docbind_cloud_credentials_free(NULL);
}
