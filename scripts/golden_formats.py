#!/usr/bin/env python3
"""Renders the golden outputs for `--output table` and `--output text` with the real AWS CLI's formatters.

For every crates/awscli/tests/golden/formats/NAME.json (a response as `--output json` prints it, with the
operation name in NAME before the first '.'), writes NAME.table and NAME.text rendered by awscli's own
TableFormatter/TextFormatter (pip install awscli). The Rust test `output_formats` compares the sandbox's
rendering against them. Run after adding a new sample; the goldens are committed.
"""
import argparse
import glob
import io
import json
import os
import subprocess
import sys

try:
    from awscli.formatter import TableFormatter, TextFormatter
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "awscli"])
    from awscli.formatter import TableFormatter, TextFormatter

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "awscli", "tests", "golden", "formats")
args = argparse.Namespace(color="off", query=None)
for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
    name = os.path.basename(path)[:-5]
    title = name.split(".")[0]
    with open(path) as f:
        data = json.load(f)
    for ext, cls in (("table", TableFormatter), ("text", TextFormatter)):
        out = io.StringIO()
        cls(args)(title, data, out)
        with open(os.path.join(HERE, f"{name}.{ext}"), "w") as f:
            f.write(out.getvalue())
    print(name)
