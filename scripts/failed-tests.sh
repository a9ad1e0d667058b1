#!/usr/bin/env bash
# Lists the failed tests of the TRX files under a directory, each with the start of its message: test.sh calls it
# after a failed run so that the end of the output names what failed.
set -euo pipefail
python3 - "$1" <<'PY'
import glob, sys, xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
failed = []
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") == "Failed":
            message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns)
            failed.append((result.get("testName"), message.strip()))
if not failed:
    print("\n===== No test failed: the build, the test host or the set-up did; see above. =====")
    sys.exit()
print(f"\n===== {len(failed)} failed test(s) =====")
for name, message in failed:
    print(f"- {name}")
    for line in message.splitlines()[:12]:
        print(f"    {line}")
PY
