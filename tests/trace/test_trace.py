#!/usr/bin/env python3
"""Execution traces (docs/traces.md) pinned on known programs.

    test_trace.py CASE SANDPIPER_BINARY     run one case
    test_trace.py list                      print the case names

Every case goes through the real CLI (`sandpiper run --json`, `sandpiper trace`),
so what is checked is what the API stores. Step traces are also fed to
`walk_tutor_trace`, a small Python Tutor-format consumer that reads every entry the
same way (no special cases for our events), resolving every reference.
"""
import json
import os
import subprocess
import sys
import tempfile
import tokenize
import io

BIN = None

RECURSIVE = """def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

x = [1, 2]
print(fact(3))
"""

LOOP = """total = 0
for i in range(3):
    total += i
print(total)
"""

EXCEPTIONS = """def bad(d):
    return d["x"]
try:
    bad({})
except KeyError as e:
    print("caught", e)
bad({})
"""

GENERATOR = """def gen(n):
    for i in range(n):
        yield i * 2
for v in gen(2):
    print(v)
"""

HEAP = """class P:
    def __init__(self, x):
        self.x = x
t = (1, "a", None, 2.5, True)
d = {"k": [1, 2], 3: P(4)}
d["self"] = d
"""

FOREVER = """def spin():
    x = 0
    while x >= 0:
        x += 1
spin()
"""

MIXED = """class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        return V(self.x + o.x)
def twice(f, v):
    return f(f(v))
total = V(0)
for k in range(2):
    total = total + V(k)
squares = [n * n for n in range(3)]
print(sorted(squares, key=lambda v: -v), twice(lambda z: z + 1, 0))
try:
    try:
        raise ValueError("inner")
    finally:
        total = V(5)
except ValueError:
    pass
done = True
"""

WHILE = FOREVER.replace(">= 0", "< 3")

INPUT = """name = input()
print("hello", name)
"""


def run(args, source, stdin=b""):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "main.py")
        with open(path, "w") as f:
            f.write(source)
        p = subprocess.run([BIN] + args + [path], input=stdin, capture_output=True,
                           timeout=60, cwd=d)
    return p


def run_json(source, *extra):
    p = run(["run", "--json", *extra], source)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def steps(source, *extra, stdin=b""):
    p = run(["trace", "--steps", *extra], source, stdin)
    assert p.returncode == 0, p.stderr
    payload = json.loads(p.stdout)
    assert payload["code"] == source
    walk_tutor_trace(payload["trace"])
    return payload["trace"]


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- a Python Tutor-format consumer --------------------------------------------------

PRIMITIVE_TAGS = {"SPECIAL_FLOAT"}
HEAP_TAGS = {"LIST", "TUPLE", "SET", "DICT", "INSTANCE", "CLASS", "FUNCTION", "module",
             "HEAP_PRIMITIVE"}
EVENTS = {"step_line", "call", "return", "exception", "uncaught_exception",
          "instruction_limit_reached"}


def walk_value(v, heap, where):
    if v is None or isinstance(v, (bool, int, float, str)):
        return
    expect(isinstance(v, list) and v, f"{where}: bad value {v!r}")
    if v[0] == "REF":
        expect(str(v[1]) in heap, f"{where}: dangling reference {v!r}")
        return
    expect(v[0] in PRIMITIVE_TAGS, f"{where}: unknown inline value {v!r}")


def walk_heap_object(obj, heap, where):
    tag = obj[0]
    expect(tag in HEAP_TAGS, f"{where}: unknown heap tag {tag!r}")
    if tag in ("LIST", "TUPLE", "SET"):
        for x in obj[1:]:
            walk_value(x, heap, where)
    elif tag == "DICT":
        for k, v in obj[1:]:
            walk_value(k, heap, where)
            walk_value(v, heap, where)
    elif tag == "INSTANCE":
        expect(isinstance(obj[1], str), where)
        for k, v in obj[2:]:
            walk_value(k, heap, where)
            walk_value(v, heap, where)
    elif tag == "CLASS":
        expect(isinstance(obj[1], str) and isinstance(obj[2], list), where)
        for k, v in obj[3:]:
            walk_value(k, heap, where)
            walk_value(v, heap, where)
    elif tag == "FUNCTION":
        expect(isinstance(obj[1], str) and "(" in obj[1], where)


def walk_tutor_trace(trace):
    """Read every entry the way a Python Tutor front end does."""
    expect(isinstance(trace, list) and trace, "empty trace")
    for i, e in enumerate(trace):
        where = f"entry {i} ({e.get('event')})"
        for key in ("event", "line", "func_name", "globals", "ordered_globals",
                    "stack_to_render", "heap", "stdout"):
            expect(key in e, f"{where}: no {key}")
        expect(e["event"] in EVENTS, f"{where}: unknown event")
        heap = e["heap"]
        expect(sorted(e["globals"]) == sorted(e["ordered_globals"]), f"{where}: globals order")
        for name in e["ordered_globals"]:
            walk_value(e["globals"][name], heap, where)
        ids = set()
        for k, fr in enumerate(e["stack_to_render"]):
            for key in ("func_name", "is_parent", "frame_id", "parent_frame_id_list",
                        "encoded_locals", "ordered_varnames", "is_zombie", "is_highlighted",
                        "unique_hash"):
                expect(key in fr, f"{where}: frame without {key}")
            expect(fr["is_highlighted"] == (k == len(e["stack_to_render"]) - 1),
                   f"{where}: highlight")
            expect(sorted(fr["ordered_varnames"]) == sorted(fr["encoded_locals"]),
                   f"{where}: locals order")
            for v in fr["encoded_locals"].values():
                walk_value(v, heap, where)
            expect(fr["frame_id"] not in ids, f"{where}: duplicate frame id")
            ids.add(fr["frame_id"])
        for key, obj in heap.items():
            walk_heap_object(obj, heap, f"{where} heap {key}")
        if e["event"] in ("exception", "uncaught_exception", "instruction_limit_reached"):
            expect("exception_msg" in e, f"{where}: no exception_msg")
        if i > 0:  # stdout only grows
            expect(e["stdout"].startswith(trace[i - 1]["stdout"]), f"{where}: stdout shrank")


def shape(trace):
    return [(e["event"], e["line"], e["func_name"]) for e in trace]


# ---- cases -------------------------------------------------------------------------


def case_stages():
    r = run_json(RECURSIVE)
    names = [s["name"] for s in r["stages"]]
    expect(names == ["queue", "fork", "sandbox", "load", "tokenize", "parse", "compile",
                     "execute", "output", "exit"], names)
    st = {s["name"]: s for s in r["stages"]}
    ntok = len(list(tokenize.generate_tokens(io.StringIO(RECURSIVE).readline)))
    expect(st["load"]["source_bytes"] == len(RECURSIVE.encode()), st["load"])
    expect(st["tokenize"]["tokens"] == ntok == 48, st["tokenize"])
    expect(st["parse"]["ast_nodes"] == 28, st["parse"])
    expect(st["compile"]["code_objects"] == 2, st["compile"])
    expect(st["compile"]["bytecode_instructions"] == 28, st["compile"])
    expect(st["execute"]["instructions"] == 42 and st["execute"]["calls"] == 3, st["execute"])
    expect(st["execute"]["peak_heap"] > 0 and "gc_cycles" in st["execute"], st["execute"])
    expect(st["output"]["stdout_bytes"] == 2 and st["output"]["stderr_bytes"] == 0, st["output"])
    expect(st["exit"]["exit_code"] == 0 and st["exit"]["reaped"] == 1, st["exit"])
    expect(st["fork"]["pid"] > 0, st["fork"])
    expect(st["sandbox"]["layers"] >= 3 and st["sandbox"]["allow_list"] > 0, st["sandbox"])
    prev = 0.0
    for s in r["stages"]:
        expect(s["start_ms"] >= prev - 1e-6 or s["name"] in ("output", "exit"), s)
        expect(s["duration_ms"] >= 0, s)
        prev = s["start_ms"]


def case_line_profile():
    r = run_json(RECURSIVE)
    lp = {e["line"]: (e["hits"], e["instructions"]) for e in r["line_profile"]}
    expect(lp == {1: (1, 4), 2: (3, 9), 3: (1, 2), 4: (2, 16), 6: (1, 4), 7: (1, 7)}, lp)
    expect(sum(i for _, i in lp.values()) == r["stats"]["instructions_executed"], lp)
    r = run_json(LOOP)
    lp = {e["line"]: e["hits"] for e in r["line_profile"]}
    expect(lp[3] == 3 and lp[4] == 1, lp)


def case_profile_fast_path():
    # Without a step trace the VM counts by straight-line stretches; with one it
    # looks at every instruction. Both must give the same profile.
    for src in (RECURSIVE, LOOP, GENERATOR, EXCEPTIONS, HEAP, MIXED):
        fast = run_json(src)["line_profile"]
        slow = run_json(src, "--steps", "100000")["line_profile"]
        expect(fast == slow, f"\nfast: {fast}\nslow: {slow}")


def case_recursion():
    t = steps(RECURSIVE)
    expect(shape(t) == [
        ("step_line", 1, "<module>"), ("step_line", 6, "<module>"), ("step_line", 7, "<module>"),
        ("call", 1, "fact"), ("step_line", 2, "fact"), ("step_line", 4, "fact"),
        ("call", 1, "fact"), ("step_line", 2, "fact"), ("step_line", 4, "fact"),
        ("call", 1, "fact"), ("step_line", 2, "fact"), ("step_line", 3, "fact"),
        ("return", 3, "fact"), ("return", 4, "fact"), ("return", 4, "fact"),
        ("return", 7, "<module>")], shape(t))
    deepest = t[11]["stack_to_render"]
    expect([f["encoded_locals"]["n"] for f in deepest] == [3, 2, 1], deepest)
    expect(len({f["frame_id"] for f in deepest}) == 3, deepest)
    expect(t[12]["stack_to_render"][-1]["encoded_locals"]["__return__"] == 1, t[12])
    expect(t[14]["stack_to_render"][-1]["encoded_locals"]["__return__"] == 6, t[14])
    expect(t[-1]["stdout"] == "6\n", t[-1])
    g = t[2]
    expect(g["ordered_globals"] == ["fact", "x"], g)
    expect(g["heap"][str(g["globals"]["x"][1])] == ["LIST", 1, 2], g)
    expect(g["heap"][str(g["globals"]["fact"][1])] == ["FUNCTION", "fact(n)", None], g)


def case_loop():
    t = steps(LOOP)
    expect([e["line"] for e in t] == [1, 2, 3, 2, 3, 2, 3, 2, 4, 4], shape(t))
    expect([e["globals"].get("i") for e in t if e["line"] == 3] == [0, 1, 2], t)
    expect(t[-1]["event"] == "return" and t[-1]["stdout"] == "3\n", t[-1])


def case_exceptions():
    t = steps(EXCEPTIONS)
    s = shape(t)
    expect(s[:4] == [("step_line", 1, "<module>"), ("step_line", 3, "<module>"),
                     ("step_line", 4, "<module>"), ("call", 1, "bad")], s)
    exc = [e for e in t if e["event"] == "exception"]
    expect([(e["line"], e["func_name"]) for e in exc] ==
           [(2, "bad"), (4, "<module>"), (2, "bad"), (7, "<module>")], s)
    expect(all(e["exception_msg"] == "KeyError: 'x'" for e in exc), exc)
    expect("__exception__" in exc[0]["stack_to_render"][-1]["encoded_locals"], exc[0])
    expect(t[-1]["event"] == "uncaught_exception" and t[-1]["line"] == 7, t[-1])
    expect(t[-1]["stdout"] == "caught 'x'\n", t[-1])


def case_generators():
    t = steps(GENERATOR)
    expect(shape(t) == [
        ("step_line", 1, "<module>"), ("step_line", 4, "<module>"),
        ("call", 1, "gen"), ("step_line", 2, "gen"), ("step_line", 3, "gen"), ("return", 3, "gen"),
        ("step_line", 5, "<module>"), ("step_line", 4, "<module>"),
        ("call", 3, "gen"), ("step_line", 2, "gen"), ("step_line", 3, "gen"), ("return", 3, "gen"),
        ("step_line", 5, "<module>"), ("step_line", 4, "<module>"),
        ("call", 3, "gen"), ("step_line", 2, "gen"), ("return", 2, "gen"),
        ("return", 4, "<module>")], shape(t))  # CPython 3.11 also ends on the for line
    yields = [e["stack_to_render"][-1]["encoded_locals"]["__return__"]
              for e in t if e["event"] == "return" and e["func_name"] == "gen"]
    expect(yields == [0, 2, None], yields)
    expect(t[-1]["stdout"] == "0\n2\n", t[-1])


def case_heap():
    t = steps(HEAP)
    last = t[-1]
    h, g = last["heap"], last["globals"]
    tup = h[str(g["t"][1])]
    expect(tup == ["TUPLE", 1, "a", None, 2.5, True], tup)
    d = h[str(g["d"][1])]
    expect(d[0] == "DICT" and d[1][0] == "k" and h[str(d[1][1][1])] == ["LIST", 1, 2], d)
    inst = h[str(d[2][1][1])]
    expect(inst == ["INSTANCE", "P", ["x", 4]], inst)
    expect(d[3] == ["self", g["d"]], d)  # a cycle is a reference to the same id
    cls = h[str(g["P"][1])]
    expect(cls[:3] == ["CLASS", "P", []] and cls[3][0] == "__init__", cls)


def case_step_limit():
    t = steps(RECURSIVE, "--max-steps", "5")
    expect(len(t) == 6, shape(t))
    expect(t[-1]["event"] == "instruction_limit_reached", t[-1])
    expect(shape(t)[:5] == shape(steps(RECURSIVE))[:5], shape(t))
    r = run_json(RECURSIVE, "--steps", "5")
    expect(r["trace_truncated"] is True and len(r["trace"]) == 6, r.get("trace_truncated"))
    expect(r["status"] == "time_limit_exceeded", r["status"])


def case_time_limit():
    # killed by the CPU limit: the partial trace is kept up to the kill
    t = steps(FOREVER, "--max-steps", "1000000", "--cpu-limit", "200", "--wall-limit", "2000")
    expect(len(t) > 10, len(t))
    expect(all(e["line"] in (1, 2, 3, 4, 5) for e in t), shape(t)[-3:])
    xs = [e["stack_to_render"][-1]["encoded_locals"].get("x") for e in t[4:] if e["line"] == 3]
    expect(xs == list(range(len(xs))), xs[:10])
    # ended by the instruction budget: a final instruction_limit_reached entry
    t = steps(FOREVER, "--instructions", "60")
    expect(t[-1]["event"] == "instruction_limit_reached", t[-1])
    expect(t[-1]["stack_to_render"][-1]["func_name"] == "spin", t[-1])


def case_input():
    t = steps(INPUT, stdin=b"world\n")
    expect(t[-1]["stdout"] == "hello world\n", t[-1])
    expect(t[-1]["globals"]["name"] == "world", t[-1])


def case_cli_table():
    p = run(["trace"], RECURSIVE)
    out = p.stdout.decode()
    expect(p.returncode == 0, p.stderr)
    for word in ("stage", "execute", "instructions=42", "tokens=48", "status: ok"):
        expect(word in out, out)
    expect("     4        2           16      return n * fact(n - 1)" in out, out)


def cpython_shape(source):
    """(event, line, function) as CPython 3.11's sys.settrace reports them, in
    Python Tutor's names (the module's own call event is not a step there)."""
    code = compile(source, "main.py", "exec")
    out = []
    names = {"line": "step_line", "call": "call", "return": "return", "exception": "exception"}

    def tracer(frame, event, arg):
        if frame.f_code.co_filename == "main.py":
            out.append((names[event], frame.f_lineno, frame.f_code.co_name))
        return tracer
    sys.settrace(tracer)
    try:
        exec(code, {"__name__": "__main__", "print": lambda *a, **k: None})
    except Exception:
        pass
    finally:
        sys.settrace(None)
    return [e for e in out if not (e[0] == "call" and e[2] == "<module>")]


def case_cpython_events():
    # Class bodies are left out of the comparison: our compiler numbers their
    # set-up and implicit return differently from CPython (compile.c).
    for src in (RECURSIVE, LOOP, GENERATOR, EXCEPTIONS, HEAP, MIXED, WHILE):
        ours = [e for e in shape(steps(src)) if e[0] != "uncaught_exception" and e[2] not in "PV"]
        theirs = [e for e in cpython_shape(src) if e[2] not in "PV"]
        expect(ours == theirs, f"\nours:    {ours}\ncpython: {theirs}")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    if sys.argv[1] == "list":
        print(" ".join(CASES))
        sys.exit(0)
    BIN = sys.argv[2]
    CASES[sys.argv[1]]()
    print("ok", sys.argv[1])
