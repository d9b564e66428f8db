#!/usr/bin/env python3
"""Golden vectors for docbind's request signers.

Writes tests/vectors/<algorithm>/<case>.json: one record per case with the
request (in the `docbind sign` input format) and every intermediate the
signer must produce. Each algorithm below is implemented from the vendor's
signing documentation with nothing but the standard library (hmac,
hashlib, base64, urllib.parse), independently of the C code. Cases taken
from the vendors' worked examples also carry the documented values, and
this script refuses to write anything unless it reproduces them.

    python3 tests/vectors/gen_vectors.py          # (re)write the records
    python3 tests/vectors/gen_vectors.py --check  # compare with the files

A record's optional "body_fill" {"length", "pattern"} stands for a body of
`length` bytes repeating the ASCII `pattern`; the C test expands it the same
way, so 100 KB bodies are not stored.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_TENCENT = "specs/004_6cc4ec163aabbe10.txt"
SCRIPT = "computed by tests/vectors/gen_vectors.py"


# --- shared helpers, straight from the documents ---------------------------

def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


def pct(text: str) -> str:
    """RFC 3986 percent-encoding of UTF-8: only A-Z a-z 0-9 - _ . ~ stay."""
    return urllib.parse.quote(text.encode("utf-8"), safe="-_.~")


def pct_path(path: str) -> str:
    return "/".join(pct(seg) for seg in path.split("/"))


def trim(value: str) -> str:
    return value.strip(" \t")


def body_of(req: dict) -> bytes:
    if "body_base64" in req:
        return base64.b64decode(req["body_base64"])
    return req.get("body", "").encode("utf-8")


def epoch(ts) -> int:
    if isinstance(ts, int):
        return ts
    dt = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ")
    return int(dt.replace(tzinfo=datetime.timezone.utc).timestamp())


def utc(ts) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch(ts), tz=datetime.timezone.utc)


def url_of(req: dict, query: str) -> str:
    url = "%s://%s%s" % (req.get("scheme", "https"), req["host"],
                         pct_path(req.get("path", "/")))
    return url + ("?" + query if query else "")


def with_added(items, added, key=str.lower):
    """The caller's list plus each added (name, value) the caller lacks;
    returns (all, the ones actually added)."""
    have = {key(n) for n, _ in items}
    extra = [(n, v) for n, v in added if v is not None and key(n) not in have]
    return list(items) + extra, extra


# --- tc3-hmac-sha256: Tencent Cloud signature v3 -----------------------------

def tc3(req: dict) -> dict:
    ts = epoch(req["timestamp"])
    creds = req["credentials"]
    headers, added = with_added(req.get("headers", []), [
        ("Host", req["host"]),
        ("X-TC-Timestamp", str(ts)),
        ("X-TC-Region", req.get("region")),
        ("X-TC-Token", creds.get("token")),
    ])
    by_name = {n.lower(): v for n, v in headers}
    signed = sorted(n.lower() for n in req.get("signed_headers", ["content-type", "host"]))
    # Header key and value both lower-cased and trimmed (the v3 page).
    canonical_headers = "".join("%s:%s\n" % (n, trim(by_name[n]).lower()) for n in signed)
    signed_list = ";".join(signed)
    query = "&".join("%s=%s" % (pct(k), pct(v)) for k, v in req.get("query", []))
    payload_hash = sha256_hex(body_of(req))
    canonical = "\n".join([req["method"], pct_path(req.get("path", "/")), query,
                           canonical_headers, signed_list, payload_hash])
    hashed = sha256_hex(canonical.encode())
    date = utc(ts).strftime("%Y-%m-%d")
    scope = "%s/%s/tc3_request" % (date, req["service"])
    sts = "TC3-HMAC-SHA256\n%d\n%s\n%s" % (ts, scope, hashed)
    secret_date = hmac_sha256(("TC3" + creds["secret"]).encode(), date.encode())
    secret_service = hmac_sha256(secret_date, req["service"].encode())
    secret_signing = hmac_sha256(secret_service, b"tc3_request")
    signature = hmac.new(secret_signing, sts.encode(), hashlib.sha256).hexdigest()
    auth = "TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        creds["id"], scope, signed_list, signature)
    return {
        "hashed_payload": payload_hash,
        "canonical_request": canonical,
        "hashed_canonical_request": hashed,
        "string_to_sign": sts,
        "secret_date": secret_date.hex(),
        "secret_service": secret_service.hex(),
        "secret_signing": secret_signing.hex(),
        "signature": signature,
        "authorization": auth,
        "headers": [["Authorization", auth]] + [list(h) for h in added],
        "url": url_of(req, query),
    }


# --- tc-v1-hmac-sha1 / -sha256: Tencent signature v1 -------------------------

def tc_v1(req: dict, digest) -> dict:
    creds = req["credentials"]
    use256 = digest is hashlib.sha256
    params, _ = with_added(req.get("params", []), [
        ("SecretId", creds["id"]),
        ("Timestamp", str(epoch(req["timestamp"])) if "timestamp" in req else None),
        ("Nonce", req.get("nonce")),
        ("SignatureMethod", "HmacSHA256" if use256 else None),
        ("Token", creds.get("token")),
    ], key=lambda n: n)
    ordered = sorted(params, key=lambda kv: (kv[0].encode(), kv[1].encode()))
    # "参数值"为原始值而非 url 编码后的值: the values are signed unencoded.
    param_string = "&".join("%s=%s" % (k, v) for k, v in ordered)
    sts = "%s%s%s?%s" % (req["method"], req["host"], req.get("path", "/"), param_string)
    sig = base64.b64encode(hmac.new(creds["secret"].encode(), sts.encode(), digest).digest())
    sig = sig.decode()
    signed_query = "&".join("%s=%s" % (pct(k), pct(v)) for k, v in ordered)
    signed_query += ("&" if ordered else "") + "Signature=" + pct(sig)
    post = req["method"] == "POST"
    return {
        "param_string": param_string,
        "string_to_sign": sts,
        "signature": sig,
        "signed_query": signed_query,
        "headers": [["Content-Type", "application/x-www-form-urlencoded"]] if post else [],
        "url": url_of(req, "" if post else signed_query),
    }


# --- huawei-sdk-hmac-sha256: Huawei APIG AK/SK -------------------------------

def huawei_query(query) -> str:
    encoded = sorted((pct(k), pct(v)) for k, v in query)
    return "&".join("%s=%s" % kv for kv in encoded)


def huawei(req: dict) -> dict:
    creds = req["credentials"]
    sdk_date = utc(req["timestamp"]).strftime("%Y%m%dT%H%M%SZ")
    headers, added = with_added(req.get("headers", []), [
        ("Host", req["host"]),
        ("X-Sdk-Date", sdk_date),
        ("X-Project-Id", req.get("project_id")),
        ("X-Security-Token", creds.get("token")),
    ])
    by_name = {n.lower(): v for n, v in headers}
    signed = sorted(n.lower() for n in req.get("signed_headers", [n for n, _ in headers]))
    uri = pct_path(req.get("path", "/"))
    if not uri.endswith("/"):
        uri += "/"
    query = huawei_query(req.get("query", []))
    if by_name.get("x-sdk-content-sha256") == "UNSIGNED-PAYLOAD":
        payload_hash = "UNSIGNED-PAYLOAD"
    else:
        payload_hash = sha256_hex(body_of(req))
    canonical_headers = "".join("%s:%s\n" % (n, trim(by_name[n])) for n in signed)
    signed_list = ";".join(signed)
    canonical = "\n".join([req["method"], uri, query, canonical_headers, signed_list,
                           payload_hash])
    hashed = sha256_hex(canonical.encode())
    sts = "SDK-HMAC-SHA256\n%s\n%s" % (sdk_date, hashed)
    signature = hmac.new(creds["secret"].encode(), sts.encode(), hashlib.sha256).hexdigest()
    auth = "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (
        creds["id"], signed_list, signature)
    return {
        "hashed_payload": payload_hash,
        "canonical_request": canonical,
        "hashed_canonical_request": hashed,
        "string_to_sign": sts,
        "signature": signature,
        "authorization": auth,
        "headers": [["Authorization", auth]] + [list(h) for h in added],
        "url": url_of(req, query),
    }


def huawei_iam(req: dict) -> dict:
    _, added = with_added(req.get("headers", []), [
        ("Host", req["host"]),
        ("X-Auth-Token", req["credentials"]["token"]),
        ("X-Project-Id", req.get("project_id")),
    ])
    return {
        "headers": [list(h) for h in added],
        "url": url_of(req, huawei_query(req.get("query", []))),
    }


# --- aliyun-rpc-hmac-sha1: Alibaba Cloud RPC signature -----------------------

def aliyun_rpc(req: dict) -> dict:
    creds = req["credentials"]
    ts = utc(req["timestamp"]).strftime("%Y-%m-%dT%H:%M:%SZ") if "timestamp" in req else None
    params, _ = with_added(req.get("params", []), [
        ("AccessKeyId", creds["id"]),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", req.get("nonce")),
        ("Timestamp", ts),
        ("SecurityToken", creds.get("token")),
    ], key=lambda n: n)
    ordered = sorted(params, key=lambda kv: (kv[0].encode(), kv[1].encode()))
    canonical_query = "&".join("%s=%s" % (pct(k), pct(v)) for k, v in ordered)
    sts = "%s&%s&%s" % (req["method"], pct("/"), pct(canonical_query))
    key = (creds["secret"] + "&").encode()
    sig = base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha1).digest()).decode()
    signed_query = canonical_query + "&Signature=" + pct(sig)
    post = req["method"] == "POST"
    return {
        "canonical_query": canonical_query,
        "string_to_sign": sts,
        "signature": sig,
        "signed_query": signed_query,
        "headers": [["Content-Type", "application/x-www-form-urlencoded"]] if post else [],
        "url": url_of(req, "" if post else signed_query),
    }


# --- aliyun-acs3-hmac-sha256: Alibaba Cloud signature V3 ---------------------

def aliyun_acs3(req: dict) -> dict:
    creds = req["credentials"]
    payload_hash = sha256_hex(body_of(req))
    headers, added = with_added(req.get("headers", []), [
        ("host", req["host"]),
        ("x-acs-date", utc(req["timestamp"]).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("x-acs-signature-nonce", req["nonce"]),
        ("x-acs-content-sha256", payload_hash),
        ("x-acs-security-token", creds.get("token")),
    ])
    by_name = {n.lower(): v for n, v in headers}
    if "signed_headers" in req:
        signed = sorted(n.lower() for n in req["signed_headers"])
    else:
        signed = sorted(n for n in by_name
                        if n in ("host", "content-type") or n.startswith("x-acs-"))
    ordered = sorted(req.get("query", []), key=lambda kv: (kv[0].encode(), kv[1].encode()))
    query = "&".join("%s=%s" % (pct(k), pct(v)) for k, v in ordered)
    canonical_headers = "".join("%s:%s\n" % (n, trim(by_name[n])) for n in signed)
    signed_list = ";".join(signed)
    canonical = "\n".join([req["method"], pct_path(req.get("path", "/")), query,
                           canonical_headers, signed_list, payload_hash])
    hashed = sha256_hex(canonical.encode())
    sts = "ACS3-HMAC-SHA256\n" + hashed
    signature = hmac.new(creds["secret"].encode(), sts.encode(), hashlib.sha256).hexdigest()
    auth = "ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s" % (
        creds["id"], signed_list, signature)
    return {
        "hashed_payload": payload_hash,
        "canonical_request": canonical,
        "hashed_canonical_request": hashed,
        "string_to_sign": sts,
        "signature": signature,
        "authorization": auth,
        "headers": [["Authorization", auth]] + [list(h) for h in added],
        "url": url_of(req, query),
    }


ALGORITHMS = {
    "tc3-hmac-sha256": tc3,
    "tc-v1-hmac-sha1": lambda r: tc_v1(r, hashlib.sha1),
    "tc-v1-hmac-sha256": lambda r: tc_v1(r, hashlib.sha256),
    "huawei-sdk-hmac-sha256": huawei,
    "huawei-iam-token": huawei_iam,
    "aliyun-rpc-hmac-sha1": aliyun_rpc,
    "aliyun-acs3-hmac-sha256": aliyun_acs3,
}


# --- the cases ---------------------------------------------------------------

TC_ID = "AKID" + "*" * 32
TC_KEY = "*" * 32  # the documentation's SecretKey is literally 32 asterisks
SPECIAL = "a b~c*d+e/f%g=h&i"
UTF8 = "未命名 ünïcødé"
FILL_100K = {"length": 102400, "pattern": "docbind-0123456789-abcdefghijklmnopqrstuvwxyz\n"}


def tc3_req(**kw):
    req = {
        "algorithm": "tc3-hmac-sha256", "method": "POST", "scheme": "https",
        "host": "cvm.tencentcloudapi.com", "path": "/",
        "headers": [["Content-Type", "application/json"],
                    ["X-TC-Action", "DescribeInstances"], ["X-TC-Version", "2017-03-12"]],
        "body": '{"Limit":10,"Offset":0}',
        "credentials": {"id": TC_ID, "secret": TC_KEY},
        "timestamp": 1551113065, "service": "cvm", "region": "ap-guangzhou",
    }
    req.update(kw)
    return req


def v1_req(alg, **kw):
    req = {
        "algorithm": alg, "method": "GET", "scheme": "https",
        "host": "cvm.tencentcloudapi.com", "path": "/",
        "params": [["Action", "DescribeInstances"], ["Version", "2017-03-12"],
                   ["Region", "ap-guangzhou"], ["Limit", "20"]],
        "credentials": {"id": TC_ID, "secret": TC_KEY},
        "timestamp": 1465185768, "nonce": "11886",
    }
    req.update(kw)
    return req


HW_AK, HW_SK = "QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"


def hw_req(**kw):
    req = {
        "algorithm": "huawei-sdk-hmac-sha256", "method": "POST", "scheme": "https",
        "host": "dms.cn-north-4.myhuaweicloud.com",
        "path": "/v2/0b3e7a2f8c0d4e5f9a1b2c3d4e5f6a7b/instances/e2b8/messages",
        "headers": [["Content-Type", "application/json"]],
        "body": '{"topic":"t1","body":"hello"}',
        "credentials": {"id": HW_AK, "secret": HW_SK},
        "timestamp": 1573788415,
    }
    req.update(kw)
    return req


def rpc_req(**kw):
    req = {
        "algorithm": "aliyun-rpc-hmac-sha1", "method": "POST", "scheme": "https",
        "host": "onsmqtt.cn-hangzhou.aliyuncs.com", "path": "/",
        "params": [["Action", "SendMessage"], ["Version", "2020-04-20"],
                   ["Format", "JSON"], ["InstanceId", "post-cn-0pp12gl****"],
                   ["MqttTopic", "topic/sub"], ["Payload", "hello"]],
        "credentials": {"id": "testid", "secret": "testsecret"},
        "timestamp": "2016-02-23T12:46:24Z", "nonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    }
    req.update(kw)
    return req


def acs3_req(**kw):
    req = {
        "algorithm": "aliyun-acs3-hmac-sha256", "method": "POST", "scheme": "https",
        "host": "ecs.cn-shanghai.aliyuncs.com", "path": "/",
        "query": [["RegionId", "cn-shanghai"]],
        "headers": [["x-acs-action", "DescribeInstances"], ["x-acs-version", "2014-05-26"]],
        "credentials": {"id": "YourAccessKeyId", "secret": "YourAccessKeySecret"},
        "timestamp": "2023-10-26T10:22:32Z", "nonce": "3156853299f313e23d1673dc12e1703d",
    }
    req.update(kw)
    return req


CASES = [
    # ---- tc3-hmac-sha256
    ("documented-post-json", "Tencent, 签名方法 v3 worked example (%s)" % DOC_TENCENT,
     "The documentation's full example: POST JSON, x-tc-action signed, "
     "SecretKey of 32 asterisks, every intermediate printed there.",
     tc3_req(headers=[["Content-Type", "application/json; charset=utf-8"],
                      ["X-TC-Action", "DescribeInstances"], ["X-TC-Version", "2017-03-12"]],
             body='{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
                  '"Name": "instance-name"}]}',
             signed_headers=["content-type", "host", "x-tc-action"]),
     None,
     {"hashed_payload": "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      "canonical_request": "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
                           "host:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\n"
                           "content-type;host;x-tc-action\n"
                           "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      "hashed_canonical_request":
          "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
      "string_to_sign": "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
      "secret_date": "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0",
      "secret_service": "8d70cbefb03939f929db64d32dc2ba89b1095620119fe3e050e2b18c5bd2752f",
      "secret_signing": "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af",
      "signature": "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
      "authorization": "TC3-HMAC-SHA256 Credential=" + TC_ID + "/2019-02-25/cvm/tc3_request, "
                       "SignedHeaders=content-type;host;x-tc-action, "
                       "Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"}),
    ("get-query", SCRIPT, "GET with the query in the canonical request, default signed headers.",
     tc3_req(method="GET", query=[["Limit", "10"], ["Offset", "0"]], body="",
             headers=[["Content-Type", "application/x-www-form-urlencoded"],
                      ["X-TC-Action", "DescribeInstances"], ["X-TC-Version", "2017-03-12"]]),
     None, None),
    ("post-empty-body", SCRIPT, "POST with an empty body.", tc3_req(body=""), None, None),
    ("utf8-values", SCRIPT, "UTF-8 in the JSON body and in query values.",
     tc3_req(body='{"Name":"%s"}' % UTF8, query=[["Name", UTF8]]), None, None),
    ("special-characters", SCRIPT, "~ * + / % = & and spaces in query names and values.",
     tc3_req(method="GET", body="", query=[[SPECIAL, SPECIAL], ["k~*", "+/%=&"]],
             headers=[["Content-Type", "application/x-www-form-urlencoded"]]), None, None),
    ("repeated-unsorted-query", SCRIPT,
     "Repeated and unsorted query parameters keep their order: the query is hashed as sent.",
     tc3_req(method="GET", body="", query=[["b", "2"], ["a", "1"], ["b", "1"], ["A", ""]],
             headers=[["Content-Type", "application/x-www-form-urlencoded"]]), None, None),
    ("header-spaces-mixed-case", SCRIPT,
     "Mixed-case header names, values with outer spaces (trimmed) and inner spaces (kept).",
     tc3_req(headers=[["CONTENT-type", "  Application/JSON;  charset=UTF-8 \t"],
                      ["x-TC-action", " Describe  Instances "], ["X-TC-Version", "2017-03-12"]],
             signed_headers=["Host", "X-TC-Action", "Content-Type"]), None, None),
    ("body-100k", SCRIPT, "A 100 KB body (body_fill).", tc3_req(), FILL_100K, None),
    ("utc-before-midnight", SCRIPT, "23:59:59 UTC: the credential date is still 2019-02-25.",
     tc3_req(timestamp=1551139199), None, None),
    ("utc-after-midnight", SCRIPT, "00:00:00 UTC: the credential date is 2019-02-26.",
     tc3_req(timestamp=1551139200), None, None),
    ("token", SCRIPT, "Temporary credentials: X-TC-Token added and signed.",
     tc3_req(credentials={"id": TC_ID, "secret": TC_KEY, "token": "tok-ABC_123.xyz"},
             signed_headers=["content-type", "host", "x-tc-token"]), None, None),
    ("signed-timestamp", SCRIPT, "Signing a header the signer adds (X-TC-Timestamp).",
     tc3_req(signed_headers=["content-type", "host", "x-tc-timestamp", "x-tc-action"]),
     None, None),
    ("multipart", SCRIPT, "POST multipart/form-data, as the request-structure page shows.",
     tc3_req(headers=[["Content-Type", "multipart/form-data; boundary=58731222010402"],
                      ["X-TC-Action", "DescribeInstances"], ["X-TC-Version", "2017-03-12"]],
             body="--58731222010402\r\nContent-Disposition: form-data; name=\"Offset\"\r\n\r\n0\r\n"
                  "--58731222010402\r\nContent-Disposition: form-data; name=\"Limit\"\r\n\r\n10\r\n"
                  "--58731222010402--\r\n"), None, None),
    ("binary-body", SCRIPT, "A body given as body_base64 with bytes that are not UTF-8.",
     tc3_req(body=None, body_base64=base64.b64encode(bytes(range(256))).decode(),
             headers=[["Content-Type", "application/octet-stream"]]), None, None),

    # ---- tc-v1-hmac-sha1
    ("documented-get", "Tencent, 签名方法 v1 worked example (%s)" % DOC_TENCENT,
     "The documentation's example: every parameter given, HmacSHA1, GET.",
     v1_req("tc-v1-hmac-sha1", params=[
         ["Action", "DescribeInstances"], ["SecretId", TC_ID], ["Timestamp", "1465185768"],
         ["Nonce", "11886"], ["Region", "ap-guangzhou"], ["InstanceIds.0", "ins-09dx96dg"],
         ["Offset", "0"], ["Limit", "20"], ["Version", "2017-03-12"]]),
     None,
     {"param_string": "Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&"
                      "Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=" + TC_ID +
                      "&Timestamp=1465185768&Version=2017-03-12",
      "string_to_sign": "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&"
                        "InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&"
                        "Region=ap-guangzhou&SecretId=" + TC_ID +
                        "&Timestamp=1465185768&Version=2017-03-12",
      "signature": "7RAM2xfNMO9EiVTNmPg06MRnCvQ="}),
    ("post-form-added-params", SCRIPT,
     "POST form; SecretId, Timestamp and Nonce come from the request fields.",
     v1_req("tc-v1-hmac-sha1", method="POST"), None, None),
    ("special-utf8", SCRIPT, "~ * + / % = &, spaces and UTF-8 in values; signed raw, sent encoded.",
     v1_req("tc-v1-hmac-sha1", params=[["Action", "DescribeInstances"],
                                       ["Filters.0.Values.0", UTF8], ["Name", SPECIAL]]),
     None, None),
    ("sort-order", SCRIPT, "Byte order: InstanceIds.12 sorts before InstanceIds.2.",
     v1_req("tc-v1-hmac-sha1", params=[["InstanceIds.2", "b"], ["InstanceIds.12", "a"],
                                       ["Action", "X"], ["action", "y"]]), None, None),
    ("token", SCRIPT, "Temporary credentials: Token parameter.",
     v1_req("tc-v1-hmac-sha1",
            credentials={"id": TC_ID, "secret": TC_KEY, "token": "tok/+=&"}), None, None),
    ("legacy-api2", SCRIPT,
     "The legacy API 2.0 endpoint (ckafka.api.qcloud.com/v2/index.php); the document's own "
     "2.0 example masks part of its key, so this one is computed.",
     v1_req("tc-v1-hmac-sha1", host="ckafka.api.qcloud.com", path="/v2/index.php",
            params=[["Action", "ListInstances"], ["Region", "ap-guangzhou"]]), None, None),

    # ---- tc-v1-hmac-sha256
    ("get-basic", SCRIPT, "GET; SignatureMethod=HmacSHA256 added by the signer.",
     v1_req("tc-v1-hmac-sha256"), None, None),
    ("post-token-utf8", SCRIPT, "POST form with a token and UTF-8 values.",
     v1_req("tc-v1-hmac-sha256", method="POST",
            params=[["Action", "SendMessage"], ["Topic", UTF8], ["Msg", SPECIAL]],
            credentials={"id": TC_ID, "secret": TC_KEY, "token": "t0ken"}), None, None),
    ("legacy-api2", SCRIPT, "Legacy API 2.0 endpoint with HmacSHA256 given in params.",
     v1_req("tc-v1-hmac-sha256", host="ckafka.api.qcloud.com", path="/v2/index.php",
            params=[["Action", "ListInstances"], ["Region", "ap-guangzhou"],
                    ["SignatureMethod", "HmacSHA256"]]), None, None),

    # ---- huawei-sdk-hmac-sha256
    ("documented-get-vpcs", "Huawei Cloud API signing guide, AK/SK signing algorithm example "
     "(devg-apisign, api-sign-algorithm-002..005)",
     "The guide's VPC list example: GET with two query parameters, content-type signed.",
     hw_req(method="GET", host="service.region.example.com",
            path="/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query=[["marker", "13551d6b-755d-4757-b956-536f674975c0"], ["limit", "2"]],
            body="", headers=[["Content-Type", "application/json"]], timestamp=1573789015),
     None,
     {"hashed_canonical_request":
          "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
      "string_to_sign": "SDK-HMAC-SHA256\n20191115T033655Z\n"
                        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
      "signature": "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
      "authorization": "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
                       "SignedHeaders=content-type;host;x-sdk-date, "
                       "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"}),
    ("post-json-project", SCRIPT, "POST JSON with X-Project-Id.",
     hw_req(project_id="0b3e7a2f8c0d4e5f9a1b2c3d4e5f6a7b"), None, None),
    ("root-path-empty-body", SCRIPT, "Path / (already ends in a slash), empty body.",
     hw_req(method="GET", path="/", body=""), None, None),
    ("query-special-repeated", SCRIPT,
     "~ * + / % = & and spaces, repeated and unsorted keys, an empty value.",
     hw_req(method="GET", body="", query=[["b", "2"], [SPECIAL, SPECIAL], ["a", ""],
                                          ["b", "1"], ["B", "0"]]), None, None),
    ("utf8-path-query", SCRIPT, "UTF-8 and spaces in a path segment and in the query.",
     hw_req(path="/v1/topics/%s/messages" % UTF8, query=[["name", UTF8]]), None, None),
    ("header-spaces-mixed-case", SCRIPT, "Header names in mixed case, values with outer and "
     "inner spaces.",
     hw_req(headers=[["content-TYPE", "  application/json;  charset=utf-8  "],
                     ["X-Custom-Header", "\t a  b \t"]]), None, None),
    ("body-100k", SCRIPT, "A 100 KB body (body_fill).", hw_req(), FILL_100K, None),
    ("security-token", SCRIPT, "Temporary AK/SK: X-Security-Token added and signed.",
     hw_req(credentials={"id": HW_AK, "secret": HW_SK, "token": "gQpjbi1ub3J0aC00"}),
     None, None),
    ("unsigned-payload", SCRIPT, "X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD leaves the body out.",
     hw_req(headers=[["Content-Type", "application/json"],
                     ["X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"]]), None, None),
    ("signed-subset", SCRIPT, "An explicit signed header list (content-type left out).",
     hw_req(headers=[["Content-Type", "application/json"], ["X-Extra", "1"]],
            signed_headers=["host", "x-sdk-date", "X-Extra"]), None, None),
    ("utc-midnight", SCRIPT, "23:59:59 and the X-Sdk-Date format.",
     hw_req(timestamp=1573862399), None, None),

    # ---- huawei-iam-token
    ("token-project", SCRIPT, "IAM token authentication: X-Auth-Token and X-Project-Id.",
     {"algorithm": "huawei-iam-token", "method": "GET", "host": "iam.myhuaweicloud.com",
      "path": "/v3/projects", "query": [["name", "cn-north-4"]],
      "credentials": {"token": "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQME"},
      "project_id": "0b3e7a2f8c0d4e5f9a1b2c3d4e5f6a7b"}, None, None),

    # ---- aliyun-rpc-hmac-sha1
    ("documented-describe-regions", "Alibaba Cloud RPC signature documentation example "
     "(ECS DescribeRegions, AccessKeySecret testsecret)",
     "The documentation's GET example with every parameter given.",
     rpc_req(method="GET", host="ecs.aliyuncs.com", params=[
         ["Timestamp", "2016-02-23T12:46:24Z"], ["Format", "XML"], ["AccessKeyId", "testid"],
         ["Action", "DescribeRegions"], ["SignatureMethod", "HMAC-SHA1"],
         ["SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"],
         ["Version", "2014-05-26"], ["SignatureVersion", "1.0"]]),
     None,
     {"string_to_sign": "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
                        "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-"
                        "a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12"
                        "%253A46%253A24Z%26Version%3D2014-05-26",
      "signature": "OLeaidS1JvxuMvnyHOwuJ+uX5qY="}),
    ("post-added-params", SCRIPT,
     "POST form (MQTT SendMessage); AccessKeyId, SignatureMethod, SignatureVersion, "
     "SignatureNonce and Timestamp added by the signer.", rpc_req(), None, None),
    ("special-utf8", SCRIPT, "~ * + / % = &, spaces and UTF-8 in names and values.",
     rpc_req(params=[["Action", "SendMessage"], ["Version", "2020-04-20"],
                     ["Payload", SPECIAL], ["Topic", UTF8], ["k~*", "v"]]), None, None),
    ("security-token-unix-time", SCRIPT,
     "STS SecurityToken; timestamp given as Unix seconds just before midnight.",
     rpc_req(timestamp=1456271999,
             credentials={"id": "STS.testid", "secret": "testsecret", "token": "CAIS+tok=="}),
     None, None),

    # ---- aliyun-acs3-hmac-sha256
    ("documented-run-instances", "Alibaba Cloud V3 signature documentation, fixed-value "
     "example (RunInstances)",
     "The documentation's example: POST with the parameters in the query, empty body.",
     acs3_req(query=[["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
                     ["RegionId", "cn-shanghai"]],
              headers=[["x-acs-action", "RunInstances"], ["x-acs-version", "2014-05-26"]]),
     None,
     {"canonical_request":
          "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-"
          "shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n"
          "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
          "x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
          "x-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;"
          "x-acs-signature-nonce;x-acs-version\n"
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "hashed_canonical_request":
          "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
      "signature": "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
      "authorization": "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;"
                       "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                       "x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912ee"
                       "e15083a6f0f3283c0"}),
    ("post-json-body", SCRIPT, "A JSON body; content-type is signed by default.",
     acs3_req(headers=[["Content-Type", "application/json"], ["x-acs-action", "SendMessage"],
                       ["x-acs-version", "2020-04-20"]],
              body='{"MqttTopic":"t","Payload":"%s"}' % UTF8, query=[]), None, None),
    ("query-special-repeated", SCRIPT,
     "~ * + / % = & and spaces; repeated and unsorted parameters, sorted on signing.",
     acs3_req(method="GET", query=[["b", "2"], [SPECIAL, SPECIAL], ["a", ""], ["b", "1"],
                                   ["Z", UTF8]]), None, None),
    ("roa-path", SCRIPT, "An ROA-style path whose segments need encoding.",
     acs3_req(method="PUT", path="/clusters/c 1*~/triggers/%s" % UTF8, query=[]), None, None),
    ("security-token", SCRIPT, "STS: x-acs-security-token added and signed.",
     acs3_req(credentials={"id": "STS.id", "secret": "s3cret", "token": "CAIS+tok=="}),
     None, None),
    ("header-spaces-mixed-case", SCRIPT,
     "Mixed-case names, outer and inner spaces; user-agent is not signed by default.",
     acs3_req(headers=[["X-ACS-Action", "  DescribeInstances "], ["x-acs-Version", "2014-05-26"],
                       ["Content-Type", " application/json;  charset=utf-8\t"],
                       ["User-Agent", "docbind/0.1"]], body="{}"), None, None),
    ("body-100k", SCRIPT, "A 100 KB body (body_fill).",
     acs3_req(headers=[["Content-Type", "application/octet-stream"],
                       ["x-acs-action", "PutObject"], ["x-acs-version", "2020-04-20"]]),
     FILL_100K, None),
    ("unix-timestamp-midnight", SCRIPT, "Timestamp as Unix seconds at 00:00:00 UTC.",
     acs3_req(timestamp=1698364800), None, None),
]


def expand_fill(fill) -> str:
    pattern, length = fill["pattern"], fill["length"]
    return (pattern * (length // len(pattern) + 1))[:length]


def build_records():
    records = {}
    for name, source, description, request, fill, documented in CASES:
        request = {k: v for k, v in request.items() if v is not None}
        signing = dict(request)
        if fill:
            signing["body"] = expand_fill(fill)
        expected = ALGORITHMS[request["algorithm"]](signing)
        for key, value in (documented or {}).items():
            if expected.get(key) != value:
                sys.exit("%s/%s: %s differs from the documented value\n  computed:   %r\n"
                         "  documented: %r" % (request["algorithm"], name, key,
                                               expected.get(key), value))
        record = {"description": description, "source": source}
        if documented:
            record["documented"] = sorted(documented)
        record["request"] = request
        if fill:
            record["body_fill"] = fill
        record["expected"] = expected
        records[os.path.join(request["algorithm"], name + ".json")] = (
            json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return records


def main():
    records = build_records()
    check = "--check" in sys.argv[1:]
    stale = []
    for rel, text in sorted(records.items()):
        path = os.path.join(HERE, rel)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(rel)
            except FileNotFoundError:
                stale.append(rel)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    if check and stale:
        sys.exit("out of date (rerun gen_vectors.py): " + ", ".join(stale))
    print("%d vectors %s" % (len(records), "match" if check else "written"))


if __name__ == "__main__":
    main()
