"""Shared by the Python parts in bench/parts/: environment, builds, rounds, and the part's JSON (see
docs/performance.md, "The bin/bench convention"). Not a command."""
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.environ.get("BENCH_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.environ.get("BENCH_OUT") or os.path.join(ROOT, "bench-results", "parts")
QUICK = os.environ.get("BENCH_QUICK") == "1"
SHARED = os.environ.get("AUDIFLEET_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
BENCH_DATA = os.path.join(SHARED, "data", "mseed", "bench")
LIBMSEED = os.path.join(ROOT, "bench-results", "peers", "libmseed-3.4.0", "libmseed-harness")


def log(part, message):
    print(f"{part}: {message}", file=sys.stderr, flush=True)


def jmh_classpath(module):
    """Compiles MODULE's src/jmh/java (the jmh profile) and returns its test classpath (bench code + JMH)."""
    target = os.path.join(ROOT, module, "target")
    cpfile = os.path.join(target, "jmh.classpath")
    subprocess.run(["./mvnw", "-q", "-B", "-ntp", "-pl", module, "-Pjmh", "test-compile",
                    "dependency:build-classpath", "-Dmdep.includeScope=test", f"-Dmdep.outputFile={cpfile}"],
                   cwd=ROOT, check=True, stdout=sys.stderr)
    with open(cpfile) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(target, "test-classes"), os.path.join(target, "classes"), deps])


def build_libmseed(part):
    """bench/peers/build-libmseed; returns the harness path, or None with the reason logged."""
    try:
        subprocess.run([os.path.join(ROOT, "bench", "peers", "build-libmseed")], check=True, stdout=sys.stderr)
        return LIBMSEED
    except (subprocess.CalledProcessError, OSError) as e:
        log(part, f"no libmseed peer: bench/peers/build-libmseed failed ({e})")
        return None


def field(line, name):
    m = re.search(rf"\b{name}=(-?[0-9.]+)", line)
    if not m:
        raise ValueError(f"no {name}= in {line!r}")
    return float(m.group(1))


class Rounds:
    """A warm measuring process that runs one round per stdin line 'round MILLIS' and answers one line."""

    def __init__(self, argv, ready_prefix="ready"):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        self.ready = self.proc.stdout.readline().strip()
        if not self.ready.startswith(ready_prefix):
            self.close()
            raise RuntimeError(f"{argv[-2]}: no '{ready_prefix}' line (got {self.ready!r})")

    def round(self, millis):
        self.proc.stdin.write(f"round {millis}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("measuring process ended early")
        return line.strip()

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=30)


def median(values):
    return statistics.median(values) if values else None


def row(figure, unit, ours, peer, peer_name, higher_is_better=True, goal=None, note=""):
    """One row; ratio >= 1 means ours is ahead (ours/peer for throughput, peer/ours for times)."""
    ratio = None
    if ours is not None and peer is not None and ours > 0 and peer > 0:
        ratio = ours / peer if higher_is_better else peer / ours
    met = None
    if goal is not None and ratio is not None:
        m = re.fullmatch(r"\s*>=\s*([0-9.]+)\s*", goal)
        met = bool(m) and ratio >= float(m.group(1))
    r2 = lambda v: None if v is None else round(v, 3 if abs(v) < 10 else 1)
    return {"figure": figure, "unit": unit, "ours": r2(ours), "peer": r2(peer), "peer_name": peer_name,
            "ratio": None if ratio is None else round(ratio, 2), "higher_is_better": higher_is_better,
            "goal": goal, "met": met, "note": note}


def write(name, part, title, rows, notes):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{name}.json")
    with open(path, "w") as f:
        json.dump({"part": part, "title": title, "rows": rows, "notes": notes}, f, indent=1)
        f.write("\n")
    log(part, f"wrote {path}")
