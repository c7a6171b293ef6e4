#!/usr/bin/env python3
"""Writes botocore's own xform_name for every name the sandbox turns into a CLI name, as a golden file.

For the five simulated services (full botocore models, not only the kept operations): every operation name
and every member of every structure, with its `-` form (`runTask`... `RunTask` -> `run-task`,
`awsvpcConfiguration` -> `awsvpc-configuration`). `crates/awscli/src/model.rs` derives the CLI's option
names with a Rust port of xform_name; the test `xform_name_matches_botocore` checks it against this file.
Usage: python3 scripts/golden_xform.py (installs the pinned botocore with pip if needed).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_models  # noqa: E402

data = extract_models.botocore_data_dir()
names = set()
for service, (version, _) in extract_models.SERVICES.items():
    model = extract_models.load(os.path.join(data, service, version, "service-2.json"))
    names.update(model["operations"])
    for shape in model["shapes"].values():
        names.update(shape.get("members", {}))
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "awscli", "tests", "golden", "xform.tsv")
with open(out, "w") as f:
    for n in sorted(names):
        f.write(f"{n}\t{extract_models.xform_name(n, '-')}\n")
print(f"{len(names)} names -> {out}")
