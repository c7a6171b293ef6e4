#!/usr/bin/env python3
"""Records Python's json error messages for a list of broken documents (what the AWS CLI prints after
"Invalid JSON:") into crates/awscli/tests/golden/json_errors.json."""
import json
import os

CASES = [
    "", " ", "[", "{", "[{\"name\":1}", "[{\"name\":1,}]", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1,]", "[1 2]",
    "[1,\n 2,\n oops]", "\"abc", "\"a\tb\"", "\"a\\qb\"", "\"\\u12G4\"", "{\"a\":1}x", "tru", "[-]", "[01]",
    "{\"a\":}", "[{\"name\": \"web\", \"portMappings\": [{\"containerPort\": 80,}]}]", "{\"a\":1,\"b\"}",
    "[\n  {\n    \"name\": \"webapp\"\n    \"cpu\": 100\n  }\n]", "{\"x\": [1, 2}", "[\"a\"\n\"b\"]", "\u201c{\u201d",
    "{\"a\": NaN}", "[1e]", "[1.]", "{\"é\": \"ü\" ,}",
]
out = {}
for case in CASES:
    try:
        json.loads(case)
        out[case] = None
    except json.JSONDecodeError as e:
        out[case] = str(e)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "awscli", "tests", "golden", "json_errors.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
print(f"{len(out)} cases")
