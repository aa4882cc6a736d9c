"""What each rendered report shows, as JSON: every markdown cell, table payload, chart (Bokeh ids
renumbered, then hashed) and image of the executed notebooks of a reports folder; used to prove a
move of report code changed nothing a reader sees.

Usage: python scripts/report_digest.py REPORTS_DIR OUT.json
       python scripts/report_digest.py --diff A.json B.json   (prints "same" or each difference)
"""

import hashlib
import json
import re
import sys
from pathlib import Path


def norm_ids(item: str) -> str:
    ids = {}

    def sub(m):
        return ids.setdefault(m.group(0), f"p{len(ids)}")

    item = re.sub(r'"p\d{4,}"', lambda m: '"' + sub(re.match(r'"(p\d+)"', m.group(0))) + '"', item)
    return item


def outputs(nb_path: Path) -> list:
    nb = json.loads(nb_path.read_text())
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            out.append(["prose", "".join(cell["source"])])
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if o["output_type"] == "stream":
                out.append(["stream", o["name"], "".join(o["text"])])
            for k, v in data.items():
                if k.endswith("table+json"):
                    out.append(["table", v])
                elif k.endswith("chart+json"):
                    d = dict(v)
                    d["item"] = hashlib.sha1(norm_ids(d["item"]).encode()).hexdigest()
                    out.append(["chart", d])
                elif k == "text/markdown":
                    out.append(["md", "".join(v)])
                elif k == "image/png":
                    out.append(["png", hashlib.sha1("".join(v).encode()).hexdigest()])
            if o["output_type"] == "error":
                out.append(["error", o["ename"], o["evalue"]])
    return out


if sys.argv[1] == "--diff":
    a, b = (json.loads(Path(p).read_text()) for p in sys.argv[2:4])
    same = True
    for name in sorted(set(a) | set(b)):
        ka = [x for x in a.get(name, []) if x[0] != "prose"]
        kb = [x for x in b.get(name, []) if x[0] != "prose"]
        if ka == kb:
            print(
                f"{name}: same ({len(ka)} outputs: {sum(x[0] == 'table' for x in ka)} tables, {sum(x[0] == 'chart' for x in ka)} charts, {sum(x[0] == 'md' for x in ka)} markdown, {sum(x[0] == 'png' for x in ka)} images)"
            )
            continue
        same = False
        print(f"{name}: DIFFERENT ({len(ka)} vs {len(kb)} outputs)")
        import difflib

        sa = [json.dumps(x, sort_keys=True)[:300] for x in ka]
        sb = [json.dumps(x, sort_keys=True)[:300] for x in kb]
        for line in difflib.unified_diff(sa, sb, lineterm="", n=0):
            print("   ", line[:300])
    print("same" if same else "different")
else:
    d = {p.stem: outputs(p) for p in sorted(Path(sys.argv[1]).glob("0*.ipynb")) if ".failed" not in p.name}
    Path(sys.argv[2]).write_text(json.dumps(d, indent=0, sort_keys=True))
    print({k: len(v) for k, v in d.items()})
