#!/usr/bin/python3
"""Validates IR files against docs/ir.schema.json (Debian's python3-jsonschema).

usage: check-ir-schema.py SCHEMA IR.json...
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            ir = json.load(f)
        errors = sorted(validator.iter_errors(ir), key=lambda e: list(e.path))
        for e in errors[:20]:
            where = "/".join(str(p) for p in e.path)
            print(f"{path}: /{where}: {e.message}", file=sys.stderr)
        if errors:
            failed = 1
        else:
            print(f"{path}: valid against {argv[1]}")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
