#!/usr/bin/python3
"""Checks a fixture set written by `docbind fixtures` (docs/fixtures.md).

usage: check-fixtures.py schema SCHEMA DIR
       check-fixtures.py signatures DIR

schema      every DIR/<service>/<Action>.json against SCHEMA (and
            DIR/index.json against its "index" definition), with Debian's
            python3-jsonschema.
signatures  every recorded signature recomputed from the recorded wire form
            (method, URL, headers, body) and the fixture's credentials, by
            the independent implementation of the algorithms in
            tests/vectors/gen_vectors.py (written from the vendors' documents,
            checked against their worked examples): the Authorization header
            or the Signature parameter the fixture records must be the one
            that implementation computes.
"""
import datetime
import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "vectors"))

import gen_vectors  # noqa: E402  (the independent signers)


def fixture_files(root):
    for service in sorted(os.listdir(root)):
        d = os.path.join(root, service)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                if name.endswith(".json"):
                    yield os.path.join(d, name)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_schema(schema_path, root):
    import jsonschema

    schema = load(schema_path)
    fixture_validator = jsonschema.Draft202012Validator(schema)
    index_validator = jsonschema.Draft202012Validator(
        {"$ref": "#/$defs/index", "$defs": schema["$defs"]})
    failed = 0
    count = 0
    for path, validator in [(os.path.join(root, "index.json"), index_validator)] + [
            (p, fixture_validator) for p in fixture_files(root)]:
        count += 1
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
        for e in errors[:10]:
            where = "/".join(str(p) for p in e.path)
            print(f"{path}: /{where}: {e.message}", file=sys.stderr)
        failed |= bool(errors)
    if not failed:
        print(f"{count} files valid against {schema_path}")
    return failed


# --- signatures --------------------------------------------------------------

def header(headers, name):
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return None


def without(headers, *names):
    drop = {n.lower() for n in names}
    return [[n, v] for n, v in headers if n.lower() not in drop]


def signed_list(authorization):
    for part in authorization.replace(",", " ").split():
        if part.startswith("SignedHeaders="):
            return part[len("SignedHeaders="):].split(";")
    return None


def form_pairs(text):
    return [list(kv) for kv in urllib.parse.parse_qsl(text, keep_blank_values=True)]


def sdk_date_epoch(text):
    dt = datetime.datetime.strptime(text, "%Y%m%dT%H%M%SZ")
    return int(dt.replace(tzinfo=datetime.timezone.utc).timestamp())


def recompute(signing, req):
    """(recorded, recomputed) signature for one recorded request."""
    alg = signing["algorithm"]
    creds = {"id": signing["credentials"]["id"], "secret": signing["credentials"]["secret"]}
    url = urllib.parse.urlsplit(req["url"])
    host = header(req["headers"], "Host") or url.netloc
    base = {"method": req["method"], "scheme": url.scheme, "host": host,
            "path": req["path"], "credentials": creds}
    body = req["body"] if req["body"] is not None else ""
    if alg == "tc3-hmac-sha256":
        auth = header(req["headers"], "Authorization")
        base.update(query=req["query"], body=body,
                    headers=without(req["headers"], "Authorization"),
                    timestamp=int(header(req["headers"], "X-TC-Timestamp")),
                    service=signing["scope_service"], signed_headers=signed_list(auth))
        return auth, gen_vectors.tc3(base)["authorization"]
    if alg == "huawei-sdk-hmac-sha256":
        auth = header(req["headers"], "Authorization")
        base.update(query=req["query"], body=body,
                    headers=without(req["headers"], "Authorization"),
                    timestamp=sdk_date_epoch(header(req["headers"], "X-Sdk-Date")),
                    signed_headers=signed_list(auth))
        return auth, gen_vectors.huawei(base)["authorization"]
    if alg in ("tc-v1-hmac-sha1", "tc-v1-hmac-sha256", "aliyun-rpc-hmac-sha1"):
        params = req["query"] if req["method"] == "GET" else form_pairs(body)
        recorded = [v for n, v in params if n == "Signature"]
        base["params"] = [[n, v] for n, v in params if n != "Signature"]
        if alg == "aliyun-rpc-hmac-sha1":
            got = gen_vectors.aliyun_rpc(base)["signature"]
        else:
            method = dict(base["params"]).get("SignatureMethod", "HmacSHA1")
            digest = gen_vectors.hashlib.sha256 if method == "HmacSHA256" else gen_vectors.hashlib.sha1
            got = gen_vectors.tc_v1(base, digest)["signature"]
        return (recorded[0] if len(recorded) == 1 else None), got
    raise ValueError(f"no independent implementation of {alg}")


def check_signatures(root):
    failed = 0
    checked = 0
    for path in fixture_files(root):
        fixture = load(path)
        signing = fixture.get("signing")
        cases = [("requests", c) for c in fixture["requests"]] + \
                [("invalid", c) for c in fixture["invalid"]] + \
                [("documented_invalid", c) for c in fixture["documented_invalid"]]
        for part, case in cases:
            if "request" not in case:
                continue
            recorded, got = recompute(signing, case["request"])
            checked += 1
            if recorded != got or case["signature"]["signature"] not in (recorded or ""):
                failed = 1
                print(f"{path}: {part} {case['name']}: recorded {recorded!r}, "
                      f"recomputed {got!r}", file=sys.stderr)
    if checked == 0:
        print(f"{root}: no signed requests", file=sys.stderr)
        return 1
    if not failed:
        print(f"{checked} signatures in {root} recomputed independently")
    return failed


def main(argv):
    if len(argv) == 4 and argv[1] == "schema":
        return check_schema(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "signatures":
        return check_signatures(argv[2])
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
