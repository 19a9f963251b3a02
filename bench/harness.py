"""harness.py — time CPython 3.11 against `sandpiper run` on the benchmark programs.

Run through bench/run.sh (which installs what is missing and finds the binary). For each
program in bench/programs/ it runs CPython and sandpiper ALTERNATELY, N times each (so
drift in machine load hits both alike), under /usr/bin/time -f %M for peak RSS, with
cwd = bench/programs and the relative file name. Then it checks that sandpiper's
stdout equals CPython's (each program prints a checksum) and writes a markdown table
(median wall time, ratio sandpiper/CPython, geometric mean of the ratios, peak RSS) to
bench/results/latest.md and stdout. A sandpiper run that fails, times out or prints
something else is reported in the table's status column; it never stops the harness.
Also a start-up benchmark: bench/startup/hello.py, many runs started with posix_spawn
(not under GNU time, whose own start would dominate), target ratio <= 0.2.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
STARTUP = os.path.join(HERE, "startup")
GNU_TIME = "/usr/bin/time"
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}


class Run:
    def __init__(self, ok, secs, rss_kb, out, err, code, note=""):
        self.ok, self.secs, self.rss_kb = ok, secs, rss_kb
        self.out, self.err, self.code, self.note = out, err, code, note


def run_once(argv, cwd, timeout):
    """Run argv under GNU time; wall time measured here (includes time's tiny overhead,
    the same for both interpreters)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        cmd = [GNU_TIME, "-f", "%M", "-o", rss.name] + argv
        start = time.perf_counter()
        try:
            p = subprocess.run(cmd, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Run(False, timeout, 0, b"", b"", None, f"timeout > {timeout:g}s")
        except OSError as e:
            return Run(False, 0.0, 0, b"", b"", None, f"cannot run: {e.strerror}")
        secs = time.perf_counter() - start
        text = rss.read().strip().splitlines()
        try:
            rss_kb = int(text[-1]) if text else 0
        except ValueError:
            rss_kb = 0
        # GNU time prefixes "Command exited with non-zero status N" / "Command terminated by signal N"
        return Run(p.returncode == 0, secs, rss_kb, p.stdout, p.stderr, p.returncode)


def spawn_seconds(argv, cwd):
    """Wall time of one run started with posix_spawn (vfork-like) and waitpid, output
    to /dev/null: no GNU time in between, whose own fork and exec (~1 ms here) would
    be a large part of a short run and pull any ratio towards 1."""
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, ENV, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        secs = time.perf_counter() - start
    finally:
        os.chdir(old)
        os.close(devnull)
    return secs if os.waitstatus_to_exitcode(status) == 0 else None


def bench_startup(python, sandpiper, sp_args, n):
    """Median start-up times (CPython, sandpiper), alternating runs."""
    py, sp = [], []
    for _ in range(n):
        py.append(spawn_seconds([python, "hello.py"], STARTUP))
        if sandpiper:
            sp.append(spawn_seconds([sandpiper, "run"] + sp_args + ["hello.py"], STARTUP))
    ok = lambda xs: xs and all(x is not None for x in xs)
    return (statistics.median(py) if ok(py) else None,
            statistics.median(sp) if ok(sp) else None)


def bench_program(name, cwd, python, sandpiper, sp_args, n, timeout):
    py_runs, sp_runs = [], []
    for _ in range(n):
        py_runs.append(run_once([python, name], cwd, timeout))
        if sandpiper:
            sp_runs.append(run_once([sandpiper, "run"] + sp_args + [name], cwd, timeout))
    return py_runs, sp_runs


def summarize(name, py_runs, sp_runs, have_sp):
    row = {"name": name, "py": None, "sp": None, "ratio": None, "py_rss": None, "sp_rss": None}
    if not all(r.ok for r in py_runs):
        row["status"] = "CPython failed"
        return row
    row["py"] = statistics.median(r.secs for r in py_runs)
    row["py_rss"] = max(r.rss_kb for r in py_runs)
    expected = py_runs[0].out
    if not have_sp:
        row["status"] = "sandpiper missing"
        return row
    bad = [r for r in sp_runs if not r.ok]
    if bad:
        r = bad[0]
        if r.note:
            row["status"] = r.note
        else:
            last = r.err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            row["status"] = f"exit {r.code}: {last[0][:60]}"
        return row
    if any(r.out != expected for r in sp_runs):
        row["status"] = "WRONG OUTPUT"
        return row
    row["sp"] = statistics.median(r.secs for r in sp_runs)
    row["sp_rss"] = max(r.rss_kb for r in sp_runs)
    row["ratio"] = row["sp"] / row["py"] if row["py"] > 0 else None
    row["status"] = "ok"
    return row


def fmt_s(v):
    return "—" if v is None else f"{v:.3f}"


def fmt_mb(kb):
    return "—" if not kb else f"{kb / 1024:.1f}"


def fmt_ratio(v):
    return "—" if v is None else f"{v:.2f}"


def table(rows, title):
    lines = [f"### {title}", "",
             "| program | CPython 3.11 (s) | sandpiper (s) | ratio sp/CPython | CPython RSS (MB) | sandpiper RSS (MB) | status |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        status = r["status"].replace("|", "\\|")
        lines.append(f"| {r['name']} | {fmt_s(r['py'])} | {fmt_s(r['sp'])} | {fmt_ratio(r['ratio'])} | "
                     f"{fmt_mb(r['py_rss'])} | {fmt_mb(r['sp_rss'])} | {status} |")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sandpiper", default="")
    ap.add_argument("--python", default="/usr/bin/python3.11")
    ap.add_argument("-n", type=int, default=5, help="runs per program and interpreter")
    ap.add_argument("--startup-runs", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=120.0)
    # The sandbox's default limits (2 s CPU, 256 MB) are for users; a benchmark must not
    # hit them. These are the CLI's maximums-ish.
    ap.add_argument("--sp-args", default="--time-limit 30s --memory-limit 1G",
                    help="options for `sandpiper run` before the file name")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "latest.md"))
    ap.add_argument("only", nargs="*", help="program names (without .py) to run")
    args = ap.parse_args()

    sp_args = args.sp_args.split()
    sp = args.sandpiper if args.sandpiper and os.access(args.sandpiper, os.X_OK) else ""
    progs = sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    if args.only:
        progs = [p for p in progs if p[:-3] in args.only]

    rows = []
    for p in progs:
        print(f"bench: {p} ...", file=sys.stderr, flush=True)
        py_runs, sp_runs = bench_program(p, PROGRAMS, args.python, sp, sp_args, args.n, args.timeout)
        rows.append(summarize(p[:-3], py_runs, sp_runs, bool(sp)))

    print("bench: startup (hello.py) ...", file=sys.stderr, flush=True)
    # Output and peak RSS from a few runs under GNU time; the times from many spawned
    # directly (spawn_seconds).
    py_runs, sp_runs = bench_program("hello.py", STARTUP, args.python, sp, sp_args, 3, 30)
    start_row = summarize("hello.py (start-up)", py_runs, sp_runs, bool(sp))
    if start_row["status"] == "ok":
        py_t, sp_t = bench_startup(args.python, sp, sp_args, args.startup_runs)
        start_row["py"], start_row["sp"] = py_t, sp_t
        start_row["ratio"] = sp_t / py_t if py_t and sp_t else None

    ratios = [r["ratio"] for r in rows if r["ratio"]]
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
    n_ok = len(ratios)
    py_ver = subprocess.run([args.python, "--version"], capture_output=True, text=True).stdout.strip()
    out = ["# Sandpiper benchmarks", "",
           f"- date: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}",
           f"- reference: {args.python} ({py_ver})",
           f"- sandpiper: {sp or 'not found'} (`run {args.sp_args}`)",
           f"- runs: {args.n} per program and interpreter, alternating; median wall time; peak RSS is the maximum over runs",
           f"- machine: {os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}", ""]
    out += table(rows, "CPU-bound programs")
    out += ["", f"**Geometric mean of ratios (sandpiper / CPython): {fmt_ratio(geo)}** "
                f"over {n_ok} of {len(rows)} programs (lower is faster; < 1 means sandpiper is faster)", ""]
    out += table([start_row], "Start-up: hello.py")
    verdict = "—"
    if start_row["ratio"] is not None:
        verdict = "met" if start_row["ratio"] <= 0.2 else "NOT met"
    out += ["", f"Start-up target ratio <= 0.20: **{verdict}** ({args.startup_runs} runs each)", ""]
    text = "\n".join(out)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    print(f"\nbench: written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
