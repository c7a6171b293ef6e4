#!/usr/bin/env python3
"""Extract the AWS service models the sandbox uses from botocore, stripped for the browser.

Usage: python3 scripts/extract_models.py            (installs the pinned botocore with pip if needed)

For each service it keeps the metadata, the operations (input/output/errors), every shape reachable from the
kept operations (type, members, required, enum, min/max, list/map element shapes) and the waiters, and drops
all documentation text. Each service is trimmed to the operations the sandbox simulates, but the names of all
its operations are kept so the CLI can tell "not simulated" from "invalid choice". Shapes no one sees by name
get short names (`~1a`). The result is written as
compact, sorted JSON to crates/awscli/models/<service>.json and committed.
"""
import gzip
import json
import os
import subprocess
import sys

BOTOCORE_VERSION = "1.44.5"
SERVICES = {
    # The operations the engine simulates (crates/engine/src/world.rs; a test keeps the two in step). The
    # others keep only their names, so the CLI can say they exist but are not simulated.
    "ecs": ("2014-11-13", [
        "CreateCluster", "DescribeClusters", "ListClusters", "DeleteCluster", "ListContainerInstances",
        "DescribeContainerInstances", "DeregisterContainerInstance", "UpdateContainerInstancesState",
        "RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions",
        "ListTaskDefinitionFamilies", "DeregisterTaskDefinition", "RunTask", "StartTask", "StopTask",
        "ListTasks", "DescribeTasks", "ListServices", "DescribeServices", "PutAttributes",
        "DeleteAttributes", "ListAttributes", "CreateService", "UpdateService", "DeleteService", "PutClusterCapacityProviders", "DescribeCapacityProviders",
        "UpdateClusterSettings", "TagResource", "UntagResource", "ListTagsForResource", "PutAccountSetting",
        "PutAccountSettingDefault", "ListAccountSettings", "DeleteAccountSetting", "DeleteTaskDefinitions",
    ]),
    "elbv2": ("2015-12-01", [
        "CreateLoadBalancer", "DescribeLoadBalancers", "DeleteLoadBalancer", "CreateTargetGroup",
        "DescribeTargetGroups", "DeleteTargetGroup", "ModifyTargetGroup", "DescribeTargetGroupAttributes",
        "ModifyTargetGroupAttributes", "CreateListener", "DescribeListeners", "ModifyListener",
        "DeleteListener", "CreateRule", "DescribeRules", "ModifyRule", "DeleteRule", "SetRulePriorities",
        "RegisterTargets", "DeregisterTargets", "DescribeTargetHealth",
    ]),
    "events": ("2015-10-07", [
        "PutRule", "DescribeRule", "ListRules", "EnableRule", "DisableRule", "DeleteRule", "PutTargets",
        "RemoveTargets", "ListTargetsByRule",
    ]),
    "ecr": ("2015-09-21", [
        "CreateRepository", "DescribeRepositories", "DeleteRepository", "GetAuthorizationToken",
        "DescribeImages", "ListImages", "BatchDeleteImage",
    ]),
    "ec2": ("2016-11-15", [
        "DescribeVpcs", "CreateVpc", "DeleteVpc",
        "DescribeSubnets", "CreateSubnet", "DeleteSubnet",
        "DescribeSecurityGroups", "CreateSecurityGroup", "DeleteSecurityGroup",
        "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress",
        "DescribeAvailabilityZones", "DescribeRegions",
        "RunInstances", "DescribeInstances", "TerminateInstances", "DescribeInstanceTypes",
        "DescribeImages", "DescribeKeyPairs", "CreateKeyPair", "DeleteKeyPair",
    ]),
}
# Only what crates/awscli/src/model.rs reads: every key kept here is bytes in the page.
SHAPE_KEYS = ["type", "required", "enum", "min", "max", "member", "key", "value", "exception"]
MEMBER_KEYS = ["shape", "deprecated"]

xform_name = None
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "awscli", "models")


def botocore_data_dir():
    try:
        import botocore  # noqa
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", f"botocore=={BOTOCORE_VERSION}"])
    import botocore
    global xform_name
    from botocore import xform_name
    if botocore.__version__ != BOTOCORE_VERSION:
        print(f"warning: botocore {botocore.__version__} installed, models were pinned to {BOTOCORE_VERSION}",
              file=sys.stderr)
    return os.path.join(os.path.dirname(botocore.__file__), "data")


def load(path):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz") as f:
            return json.load(f)
    return None


def reachable(shapes, roots):
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in shapes:
            continue
        seen.add(name)
        s = shapes[name]
        for m in s.get("members", {}).values():
            todo.append(m["shape"])
        for k in ("member", "key", "value"):
            if k in s:
                todo.append(s[k]["shape"])
    return seen


# An enum longer than this (EC2's InstanceType: ~900 values, ~4.6 KB gzipped) keeps only its first value,
# which `--generate-cli-skeleton` prints, and is marked `enumCut`: its values are not checked or offered
# from the model (the engine checks instance types against its own catalogue, as EC2 itself does).
LONG_ENUM = 200


def strip_shape(s):
    out = {k: s[k] for k in SHAPE_KEYS if k in s}
    if len(out.get("enum", [])) > LONG_ENUM:
        out["enum"], out["enumCut"] = out["enum"][:1], True
    for k in ("member", "key", "value"):
        if k in out:
            out[k] = {"shape": out[k]["shape"]}
    if "members" in s:
        out["members"] = {n: {k: m[k] for k in MEMBER_KEYS if k in m} for n, m in s["members"].items()}
    return out


def short_names(shapes, ops):
    """Short names for the shapes nobody sees: the page never shows a shape's name, and the long names
    repeated in every reference cost ~5 KB gzipped. Operation inputs/outputs and exceptions (whose names
    are error codes) keep theirs."""
    visible = {e for o in ops.values() for e in o.get("errors", [])}
    visible |= {o[k] for o in ops.values() for k in ("input", "output") if k in o}
    visible |= {n for n, sh in shapes.items() if sh.get("exception")}
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def b36(i):
        out = ""
        while True:
            out, i = digits[i % 36] + out, i // 36
            if i == 0:
                return "~" + out

    hidden = sorted(n for n in shapes if n not in visible)
    return {n: (b36(hidden.index(n)) if n not in visible else n) for n in shapes}


def renamed(model, names):
    def ref(r):
        return {**r, "shape": names[r["shape"]]}

    shapes = {}
    for n, sh in model["shapes"].items():
        sh = dict(sh)
        for k in ("member", "key", "value"):
            if k in sh:
                sh[k] = ref(sh[k])
        if "members" in sh:
            sh["members"] = {m: ref(r) for m, r in sh["members"].items()}
        shapes[names[n]] = sh
    return {**model, "shapes": shapes}


def main():
    data = botocore_data_dir()
    os.makedirs(OUT, exist_ok=True)
    for service, (version, keep_ops) in SERVICES.items():
        model = load(os.path.join(data, service, version, "service-2.json"))
        waiters = load(os.path.join(data, service, version, "waiters-2.json")) or {"waiters": {}}
        paginators = (load(os.path.join(data, service, version, "paginators-1.json")) or {"pagination": {}})["pagination"]
        all_ops = sorted(model["operations"])
        ops = {n: o for n, o in model["operations"].items() if keep_ops is None or n in keep_ops}
        missing = set(keep_ops or []) - set(ops)
        if missing:
            sys.exit(f"{service}: operations not in the model: {sorted(missing)}")
        roots = []
        for o in ops.values():
            for k in ("input", "output"):
                if k in o:
                    roots.append(o[k]["shape"])
            roots += [e["shape"] for e in o.get("errors", [])]
        keep = reachable(model["shapes"], roots)
        out = {
            "metadata": {k: model["metadata"][k] for k in
                         ("apiVersion", "endpointPrefix", "protocol", "serviceId", "serviceFullName",
                          "targetPrefix") if k in model["metadata"]},
            "allOperationNames": all_ops,
            "operations": {
                n: {k: v for k, v in {
                    "input": o.get("input", {}).get("shape"),
                    "output": o.get("output", {}).get("shape"),
                    "errors": [e["shape"] for e in o.get("errors", [])] or None,
                    "deprecated": o.get("deprecated"),
                    # How the CLI pages this operation (--max-items, --starting-token, --page-size).
                    "paginator": paginators.get(n),
                    # The CLI's name, computed by botocore's own xform_name so it matches the real CLI. (The
                    # options' names come from model.rs's port of it, checked by tests/golden/xform.tsv.)
                    "cliName": xform_name(n, "-"),
                }.items() if v is not None}
                for n, o in ops.items()
            },
            "shapes": {n: strip_shape(model["shapes"][n]) for n in sorted(keep)},
            "waiters": {n: w for n, w in waiters["waiters"].items() if w["operation"] in ops},
        }
        out = renamed(out, short_names(out["shapes"], out["operations"]))
        path = os.path.join(OUT, f"{service}.json")
        with open(path, "w") as f:
            json.dump(out, f, sort_keys=True, separators=(",", ":"))
            f.write("\n")
        print(f"{service}: {len(ops)}/{len(all_ops)} operations, {len(keep)} shapes -> {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
