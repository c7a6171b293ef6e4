#!/usr/bin/env python3
"""Records what awscli's shorthand parser returns (or the error it prints) for a list of inputs, into
crates/awscli/tests/golden/shorthand.json. Some awscli releases print the literal text
"{self._error_location()}" in syntax errors (a missing f-string prefix); the message is rebuilt here with
the location, as the releases without that bug print it.
"""
import json
import os
import subprocess
import sys

try:
    from awscli.shorthand import ShorthandParser, ShorthandParseSyntaxError
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "awscli"])
    from awscli.shorthand import ShorthandParser, ShorthandParseSyntaxError

CASES = [
    "type=ECS", "a=b,c", "a=b,c=d", "a=x,y,b=z", "a={b=1,c=[x,y]}", "a=[{b=1},{c=2}]", "a='x,y',b=\"q\"",
    "a=b\\,c", "a=", "a= b ,c= d", "k=v w", "a=[1,2", "a={b=1", "x", "a=b,a=c", "=x", "a=b,,c=d",
    "a=[a, b , c]", "a={b={c=d}}", "a=b=c", "a=]", "a=}", "a=b]", "a=[]", "a={}", "k=',',j=2",
    "Type=forward, TargetGroupArn=x", "a=b c,d=e", "a=1,2,3", "a=\"unterminated", "a=[x,{y=1}]",
    "Name-webappserver", "awsvpcConfiguration={subnets=[a,b],assignPublicIp=ENABLED",
    "deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=50",
    "Field=path-pattern,Values='/api/*'", "type=memberOf,expression=\"attribute:ecs.instance-type =~ t3.*\"",
    "Name=instance-state-name,Values=pending,running", "a=x\ny,b=2", "a={b=1,\nc=}", "é=1", "a=é,ü",
]

out = {}
parser = ShorthandParser()
for case in CASES:
    try:
        out[case] = {"ok": parser.parse(case)}
    except ShorthandParseSyntaxError as e:
        out[case] = {"err": f"Expected: '{e.expected}', received: '{e.actual}' for input:\n{e._error_location()}"}
    except Exception as e:  # DuplicateKeyInObjectError formats correctly
        out[case] = {"err": str(e)}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "awscli", "tests", "golden", "shorthand.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")
print(f"{len(out)} cases")
