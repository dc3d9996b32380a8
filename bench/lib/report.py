"""bin/bench's writer: the parts' JSON of one run directory into latest.json and latest.md. Not a command.
Usage: report.py RUN_DIR "LOAD_AFTER" PART..."""
import datetime
import json
import os
import sys

run, load_after, known = sys.argv[1], sys.argv[2], sys.argv[3:]
meta = json.load(open(os.path.join(run, "meta.json")))
meta["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
meta["load_after"] = load_after
runs = [line.rstrip("\n").split("\t") for line in open(os.path.join(run, "runs.tsv")) if line.strip()]
parts = []
for name, rc, seconds in runs:
    path = os.path.join(run, f"{name}.json")
    part = {"name": name, "exit": int(rc), "seconds": float(seconds)}
    if os.path.isfile(path):
        try:
            part.update(json.load(open(path)))
        except ValueError as e:
            part["error"] = f"{name}.json is not JSON: {e}"
    else:
        part["error"] = f"wrote no {name}.json (exit {rc}; see {name}.log in the run directory)"
    parts.append(part)
meta["not_run"] = [p for p in known if p not in [r[0] for r in runs]]
json.dump({"meta": meta, "parts": parts}, open(os.path.join(run, "latest.json"), "w"), indent=1)


def num(v):
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"


md = [f"# bin/bench, {meta['started']} to {meta['finished']}" + (" (--quick: smoke run, not for quoting)"
                                                               if meta["quick"] else ""), "",
      f"- machine: {meta['machine']}, {meta['cores']} cores, kernel {meta['kernel']}",
      f"- JDK: {meta['jdk']}",
      f"- load average (1, 5, 15 min): {meta['load_before']} before, {meta['load_after']} after", ""]
if meta["not_run"]:
    md += [f"Parts present but not run this time: {', '.join(meta['not_run'])}.", ""]
for p in parts:
    md += [f"## {p['name']}: {p.get('title', '')} ({p['seconds']:.0f} s)", ""]
    if "error" in p:
        md += [f"**Failed**: {p['error']}", ""]
        continue
    if p["exit"] != 0:
        md += [f"**The part exited {p['exit']}** after writing its figures; see its log.", ""]
    md += ["| figure | unit | ours | peer | peer is | ratio | goal | met | note |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in p.get("rows", []):
        md.append(f"| {r['figure']} | {r['unit']} | {num(r['ours'])} | {num(r['peer'])} | {r.get('peer_name') or '—'}"
                  f" | {num(r['ratio'])} | {r.get('goal') or '—'} | {num(r.get('met'))} | {r.get('note', '')} |")
    md.append("")
    md += [f"- {n}" for n in p.get("notes", [])]
    md.append("")
md.append("Ratio ≥ 1 means ours is ahead: ours / peer for throughput, peer / ours for times.")
open(os.path.join(run, "latest.md"), "w").write("\n".join(md) + "\n")
