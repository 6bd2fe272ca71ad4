"""The template workbooks checked in under samples/templates/ are the ones the
build makes now: every XML part equal, docProps/core.xml's timestamps aside.

usage: fresh_test.py BUILT_DIR CHECKED_IN_DIR KIND..."""

import os
import re
import sys
import zipfile

built, checked_in, kinds = sys.argv[1], sys.argv[2], sys.argv[3:]
stale = []


def parts(path):
    with zipfile.ZipFile(path) as z:
        out = {name: z.read(name) for name in z.namelist()}
    if "docProps/core.xml" in out:
        out["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"",
                                          out["docProps/core.xml"])
    return out


for kind in kinds:
    fresh_path = os.path.join(built, f"{kind}.xlsx")
    kept_path = os.path.join(checked_in, f"{kind}.xlsx")
    if not os.path.exists(kept_path):
        stale.append(f"{kept_path} is missing")
        continue
    fresh, kept = parts(fresh_path), parts(kept_path)
    if set(fresh) != set(kept):
        stale.append(f"{kind}.xlsx: parts differ: {sorted(set(fresh) ^ set(kept))}")
    for name in sorted(set(fresh) & set(kept)):
        if fresh[name] != kept[name]:
            stale.append(f"{kind}.xlsx: {name} differs")
    print(f"{kind}.xlsx: {len(fresh)} parts compared")

for s in stale:
    print("STALE:", s)
if stale:
    print("The checked-in templates are stale; `cmake --build build --target update-templates` rewrites them.")
sys.exit(1 if stale else 0)
