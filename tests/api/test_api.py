#!/usr/bin/python3
"""End-to-end tests of `sandpiper serve`: the real daemon on a loopback port.

Every endpoint, every documented error, key isolation, async runs, concurrency
past the queue, SIGTERM draining and SIGKILL recovery. Each response body is also
validated against the schema api-spec/openapi.yaml documents for it.

Usage: test_api.py SANDPIPER_BINARY [TEST_NAME...]
Runs with Debian's python3 (python3-yaml, python3-jsonschema); standard library
otherwise. Prints one line per test and closes with 'N passed, N failed'.
"""
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_PATH = os.path.join(HERE, "..", "..", "api-spec", "openapi.yaml")
BIN = None
SPEC = None

KEY_A = "alice-0123456789abcdef"
KEY_B = "bobby-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """A `sandpiper serve` process with its own database directory."""

    def __init__(self, *args, env=None, db=None, tmp=None):
        self.tmp = tmp or tempfile.mkdtemp(prefix="sp-api-")
        self.db = db or os.path.join(self.tmp, "test.db")
        self.port = free_port()
        e = {k: v for k, v in os.environ.items() if not k.startswith("SANDPIPER_")}
        e.update(env or {})
        self.log = open(os.path.join(self.tmp, "daemon-%d.log" % self.port), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--listen", "127.0.0.1:%d" % self.port, "--db", self.db, *args],
            stdout=self.log, stderr=subprocess.STDOUT, env=e)
        self.wait_ready()

    def wait_ready(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("daemon exited early (%d): %s" % (self.proc.returncode, self.output()))
            try:
                st, _, _ = self.request("GET", "/v1/health")
                if st == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("daemon did not become ready: " + self.output())

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def request(self, method, path, body=None, headers=None, raw=None, key=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if key:
            h["Authorization"] = "Bearer " + key
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        payload = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        ctype = hdrs.get("content-type", "")
        if ctype.startswith("application/json") and payload:
            payload = json.loads(payload)
        return r.status, hdrs, payload

    def run(self, source, key=None, **fields):
        fields["source"] = source
        return self.request("POST", "/v1/executions", fields, key=key)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("daemon did not stop on %s" % sig)
        return self.proc.returncode


# ---- schema conformance --------------------------------------------------------

def resolve(node):
    if isinstance(node, dict) and "$ref" in node:
        target = SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return resolve(target)
    return node


def response_schema(path_template, method, status):
    op = SPEC["paths"][path_template][method.lower()]
    resp = op["responses"].get(str(status))
    assert resp is not None, "status %d is not documented for %s %s" % (status, method, path_template)
    resp = resolve(resp)
    content = resp.get("content", {})
    if "application/json" not in content:
        return None
    return content["application/json"]["schema"]


def conforms(path_template, method, status, body):
    schema = response_schema(path_template, method, status)
    if schema is None:
        return
    full = {"$defs": {}, **schema}
    # Resolve #/components refs against the whole spec document.
    resolver = jsonschema.RefResolver.from_schema(SPEC)
    jsonschema.Draft202012Validator(full, resolver=resolver).validate(body)


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def expect_error(resp, status, code=None, template=None, method=None):
    st, hdrs, body = resp
    expect(st == status, "expected %d, got %d: %r" % (status, st, body))
    expect(isinstance(body, dict) and "error" in body, "error body expected: %r" % (body,))
    if code:
        expect(body["error"]["code"] == code, "expected code %s, got %r" % (code, body["error"]))
    if template:
        conforms(template, method, status, body)
    return hdrs, body


# ---- tests -----------------------------------------------------------------------

def test_spec_is_valid(d):
    expect(SPEC["openapi"].startswith("3.1"), "OpenAPI 3.1 expected")
    for name, schema in SPEC["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(node)  # raises KeyError when dangling
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(SPEC)
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            expect(op.get("responses"), "%s %s has no responses" % (method, path))
            expect(op.get("operationId"), "%s %s has no operationId" % (method, path))
    st, hdrs, body = d.request("GET", "/v1/openapi.yaml")
    expect(st == 200 and hdrs["content-type"].startswith("application/yaml"), "spec served")
    expect(yaml.safe_load(body) == SPEC, "the served spec is the committed one")


def test_hello(d):
    st, hdrs, body = d.run("print('hello')")
    expect(st == 201, "201 expected, got %d %r" % (st, body))
    conforms("/v1/executions", "POST", 201, body)
    expect(body["status"] == "ok" and body["stdout"] == "hello\n", repr(body))
    expect(body["exit_code"] == 0, repr(body))
    expect(re.match(r"^ex_[0-9a-f]{24}$", body["id"]), body["id"])
    expect(hdrs["location"] == "/v1/executions/" + body["id"], hdrs)
    names = [s["name"] for s in body["stages"]]
    expect(names[0] == "queue" and names[-1] == "store", names)

    st, _, rec = d.request("GET", "/v1/executions/" + body["id"])
    expect(st == 200, st)
    conforms("/v1/executions/{id}", "GET", 200, rec)
    expect(rec["source"] == "print('hello')" and rec["status"] == "ok", rec)
    expect(rec["result"]["stdout"] == "hello\n", rec)

    st, _, tr = d.request("GET", "/v1/executions/%s/trace" % body["id"])
    expect(st == 200, st)
    conforms("/v1/executions/{id}/trace", "GET", 200, tr)
    expect([s["name"] for s in tr["stages"]][0] == "queue", tr)


def test_stored_copies_agree(d):
    """The response, the stored result and the stored trace are assembled from one
    serialisation (server/api.c): they must agree key by key, escapes included."""
    src = 'print("a\\x01\\"\\\\\\u00e9\\u2603")\nfor i in range(3):\n    x = i\n'
    for fields in ({}, {"trace": "steps"}):
        st, _, body = d.run(src, **fields)
        expect(st == 201, "201 expected, got %d %r" % (st, body))
        conforms("/v1/executions", "POST", 201, body)
        expect(body["stdout"] == 'a\x01"\\\u00e9\u2603\n', repr(body["stdout"]))
        expect(all(isinstance(s["start_ms"], float) and isinstance(s["duration_ms"], float)
                   for s in body["stages"]), body["stages"])
        ends = [s["start_ms"] + s["duration_ms"] for s in body["stages"][:-1]]
        store = body["stages"][-1]
        expect(store["name"] == "store" and store["persisted"] is True, store)
        expect(abs(store["start_ms"] - max(ends)) < 1e-6, (store, ends))
        st, _, rec = d.request("GET", "/v1/executions/" + body["id"])
        expect(st == 200, st)
        stored = rec["result"]
        want = {k: v for k, v in body.items() if k not in ("id", "trace")}
        want["stages"] = [dict(s) for s in body["stages"]]
        want["stages"][-1] = {"name": "store", "start_ms": store["start_ms"],
                              "duration_ms": None}
        expect(stored == want, "stored result differs:\n%r\n%r" % (stored, want))
        st, _, tr = d.request("GET", "/v1/executions/%s/trace" % body["id"])
        expect(st == 200, st)
        conforms("/v1/executions/{id}/trace", "GET", 200, tr)
        expect(tr["stages"] == stored["stages"], (tr["stages"], stored["stages"]))
        expect(tr["line_profile"] == body["line_profile"], tr)
        expect([l["line"] for l in tr["line_profile"]] == [1, 2, 3], tr["line_profile"])
        if fields:
            expect(tr["steps"] == body["trace"] and isinstance(body["trace"], list), tr)
            expect(tr["steps_truncated"] is body["trace_truncated"], tr)
        else:
            expect(tr["steps"] is None and "trace" not in body, (tr, body))


def test_stdin_and_verdicts(d):
    st, _, body = d.run("n = int(input())\nprint(n * 2)", stdin="21\n")
    expect(st == 201 and body["stdout"] == "42\n", repr(body))
    st, _, body = d.run("1/0")
    expect(st == 201 and body["status"] == "runtime_error", repr(body))
    expect(body["exception"]["type"] == "ZeroDivisionError", repr(body))
    conforms("/v1/executions", "POST", 201, body)
    st, _, body = d.run("if x\n")
    expect(st == 201 and body["status"] == "syntax_error", repr(body))
    st, _, body = d.run("while True: pass", limits={"wall_ms": 300, "cpu_ms": 200})
    expect(st == 201 and body["status"] == "time_limit_exceeded", repr(body))
    st, _, body = d.run("print('x' * 2000000)", limits={"output_kb": 16})
    expect(st == 201 and body["status"] == "output_limit_exceeded", repr(body))
    expect(body["stdout_truncated"] is True, repr(body)[:200])
    # over the cap but done at once: the output is read after the exit (exit first)
    for stream in ("stdout", "stderr"):
        for _ in range(3):
            st, _, body = d.run("import sys\nsys.%s.write('x' * 100000)" % stream,
                                limits={"output_kb": 16})
            expect(st == 201 and body["status"] == "output_limit_exceeded" and
                   body[stream + "_truncated"] is True and len(body[stream]) == 16384,
                   repr(body)[:300])


def test_list_and_pagination(d):
    ids = []
    for i in range(5):
        st, _, body = d.run("print(%d)" % i)
        ids.append(body["id"])
    d.run("raise ValueError('x')")
    st, _, page = d.request("GET", "/v1/executions?limit=2")
    expect(st == 200, st)
    conforms("/v1/executions", "GET", 200, page)
    expect(len(page["executions"]) == 2 and page["next_cursor"], page)
    seen = [e["id"] for e in page["executions"]]
    st, _, page2 = d.request("GET", "/v1/executions?limit=2&cursor=" + page["next_cursor"])
    seen += [e["id"] for e in page2["executions"]]
    expect(len(set(seen)) == 4, "pages overlap: %r" % seen)
    expect(ids[4] in seen and ids[3] in seen, "newest first: %r" % seen)
    st, _, errs = d.request("GET", "/v1/executions?status=runtime_error")
    expect(errs["executions"] and all(e["status"] == "runtime_error" for e in errs["executions"]), errs)
    expect_error(d.request("GET", "/v1/executions?limit=0"), 400, "invalid_query")
    expect_error(d.request("GET", "/v1/executions?cursor=abc"), 400, "invalid_query")


def test_delete(d):
    st, _, body = d.run("print(1)")
    st, _, _ = d.request("DELETE", "/v1/executions/" + body["id"])
    expect(st == 204, st)
    expect_error(d.request("GET", "/v1/executions/" + body["id"]), 404, "not_found",
                 "/v1/executions/{id}", "GET")
    expect_error(d.request("DELETE", "/v1/executions/" + body["id"]), 404, "not_found")


def test_bad_requests(d):
    T, P = "/v1/executions", "POST"
    expect_error(d.request(P, T, raw=b"{not json", headers={"Content-Type": "application/json"}),
                 400, "malformed_json", T, P)
    expect_error(d.request(P, T, raw=b'{"source": "\xff\xfe"}',
                           headers={"Content-Type": "application/json"}), 400, "invalid_utf8", T, P)
    expect_error(d.request(P, T, body={"source": 5}), 400, "invalid_field", T, P)
    expect_error(d.request(P, T, body={}), 400, "missing_field", T, P)
    expect_error(d.request(P, T, body={"source": "", "bogus": 1}), 400, "unknown_field", T, P)
    expect_error(d.request(P, T, body=[1, 2]), 400, "invalid_body", T, P)
    expect_error(d.request(P, T, raw=b'{"source":"print(1)"}', headers={"Content-Type": "text/plain"}),
                 415, "unsupported_media_type", T, P)
    expect_error(d.request(P, T, body={"source": "", "limits": {"wall_ms": 10**9}}), 422,
                 "limit_out_of_range", T, P)
    expect_error(d.request(P, T, body={"source": "", "limits": {"wall_ms": -1}}), 422,
                 "limit_out_of_range", T, P)
    expect_error(d.request(P, T, body={"source": "", "limits": {"nope": 1}}), 422, "unknown_limit", T, P)
    expect_error(d.request(P, T, body={"source": "", "limits": {"wall_ms": "1"}}), 400, "invalid_field")
    expect_error(d.request(P, T, body={"source": "", "trace": "everything"}), 400, "invalid_field")
    expect_error(d.request("GET", "/v1/nothing"), 404, "not_found")
    expect_error(d.request("GET", "/v1/executions/not-an-id"), 404, "not_found")
    hdrs, _ = expect_error(d.request("PUT", T, body={"source": ""}), 405, "method_not_allowed", T, P)
    expect("POST" in hdrs.get("allow", ""), hdrs)
    # A huge declared body is refused from the headers, before it is sent.
    s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    s.sendall(b"POST /v1/executions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000000000\r\n\r\n{")
    reply = s.recv(4096).decode("latin-1")
    s.close()
    expect(reply.startswith("HTTP/1.1 413"), reply[:100])
    # A body a little over the limit is read (and thrown away) before the 413, so a
    # client that sends it whole reads the answer instead of a connection reset.
    for _ in range(20):
        expect_error(d.request(P, T, raw=b"x" * (2 << 20), headers={"Content-Type": "application/json"}),
                     413, "payload_too_large")
    # Chunked bodies (no Content-Length) past the limit are refused too.
    s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    s.sendall(b"POST /v1/executions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"#" * 65536
    try:
        for _ in range(40):  # 2.5 MiB > the 1 MiB default
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        s.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server may close as soon as it has answered
    reply = s.recv(4096).decode("latin-1")
    s.close()
    expect(reply.startswith("HTTP/1.1 413"), reply[:100])
    # The daemon is still fine.
    st, _, body = d.run("print('still here')")
    expect(st == 201 and body["stdout"] == "still here\n", body)


def test_async(d):
    st, hdrs, body = d.run("print(sum(range(1000)))", wait=False)
    expect(st == 202, (st, body))
    conforms("/v1/executions", "POST", 202, body)
    expect(body["status"] == "queued", body)
    deadline = time.time() + 20
    while time.time() < deadline:
        st, _, rec = d.request("GET", "/v1/executions/" + body["id"])
        if rec["status"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    expect(rec["status"] == "ok" and rec["result"]["stdout"] == "499500\n", rec)


def test_info_health_metrics(d):
    st, _, info = d.request("GET", "/v1/info")
    expect(st == 200, st)
    conforms("/v1/info", "GET", 200, info)
    expect(info["language"] == "python" and info["language_version"] == "3.11", info)
    expect(any(l["name"] == "seccomp" and l["active"] for l in info["protection"]), info["protection"])
    st, _, h = d.request("GET", "/v1/health")
    conforms("/v1/health", "GET", 200, h)
    st, hdrs, m = d.request("GET", "/metrics")
    text = m.decode()
    expect(st == 200 and hdrs["content-type"].startswith("text/plain"), hdrs)
    for name in ("sandpiper_runs_total", "sandpiper_run_duration_seconds_bucket",
                 "sandpiper_queue_depth", "sandpiper_busy_workers"):
        expect(name in text, name + " missing from /metrics")
    expect(re.search(r'sandpiper_runs_total\{status="ok"\} [1-9]', text), "ok runs counted")


def test_steps_trace_size_cap(d):
    """A step trace whose steps are huge (deep recursion: every step carries the
    whole stack) stops at the sandbox's 16 MiB trace cap like at the step limit:
    a verdict of the program's, never an internal_error for a lost result."""
    st, _, body = d.run("def f(n): return f(n + 1)\nf(0)\n", trace="steps")
    expect(st == 201, (st, body))
    expect(body["status"] != "internal_error", (body["status"], body.get("error")))
    expect(body["trace_truncated"] is True and 0 < len(body["trace"]) < 10000, len(body["trace"]))
    expect(body["trace"][-1]["event"] == "instruction_limit_reached", body["trace"][-1]["event"])
    expect(body["trace"][-1]["exception_msg"].endswith("trace size limit reached") and
           body["exception"]["message"] == "trace size limit reached",
           (body["trace"][-1]["exception_msg"], body["exception"]))
    size = len(json.dumps(body["trace"], separators=(",", ":"), ensure_ascii=False).encode())
    expect(size <= 16 << 20, "trace of %d bytes, over its cap" % size)


def test_client_noise_log(d):
    """Clients that hang up in the middle of a request cannot flood the daemon's log:
    at most a few of libmicrohttpd's messages a second reach it, then a count."""
    before = d.output().count("\n")
    t0 = time.time()
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", d.port), timeout=10)
        s.sendall(b"POST /v1/executions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        s.close()
    time.sleep(1.2)
    lines = d.output().count("\n") - before
    seconds = time.time() - t0 + 1
    expect(lines <= 6 * seconds + 2, "%d log lines for 200 hung-up clients in %.1f s" % (lines, seconds))
    st, _, body = d.run("print('still here')")
    expect(st == 201 and body["stdout"] == "still here\n", body)


def test_analyze(d):
    st, _, a = d.request("POST", "/v1/analyze", {"source": "x = 1 + 2\nprint(x)\n"})
    expect(st == 200, (st, a))
    conforms("/v1/analyze", "POST", 200, a)
    expect("NAME" in a["tokens"] and "BinOp" in a["ast"], a)
    st, _, a = d.request("POST", "/v1/analyze", {"source": "if x\n"})
    expect(st == 200 and a["ast"] is None and "SyntaxError" in a.get("error", ""), a)


def test_keys():
    d = Daemon(env={"SANDPIPER_API_KEYS": "alice:%s,bob:%s" % (KEY_A, KEY_B)})
    try:
        hdrs, _ = expect_error(d.request("POST", "/v1/executions", {"source": "print(1)"}), 401,
                               "unauthorized", "/v1/executions", "POST")
        expect("bearer" in hdrs.get("www-authenticate", "").lower(), hdrs)
        expect_error(d.run("print(1)", key="wrong-key-0123456789"), 403, "forbidden")
        st, _, a = d.run("print('a')", key=KEY_A)
        expect(st == 201, a)
        expect_error(d.request("GET", "/v1/executions/" + a["id"], key=KEY_B), 404, "not_found")
        expect_error(d.request("DELETE", "/v1/executions/" + a["id"], key=KEY_B), 404, "not_found")
        st, _, lst = d.request("GET", "/v1/executions", key=KEY_B)
        expect(lst["executions"] == [], lst)
        st, _, lst = d.request("GET", "/v1/executions", key=KEY_A)
        expect([e["id"] for e in lst["executions"]] == [a["id"]], lst)
        st, _, rec = d.request("GET", "/v1/executions/" + a["id"], key=KEY_A)
        expect(st == 200, rec)
        st, _, _ = d.request("GET", "/v1/health")
        expect(st == 200, "health needs no key")
    finally:
        expect(d.stop() == 0, "clean stop")


def test_refuses_public_without_keys():
    port = free_port()
    p = subprocess.run([BIN, "serve", "--listen", "0.0.0.0:%d" % port, "--db", ":memory:"],
                       capture_output=True, text=True, timeout=30,
                       env={k: v for k, v in os.environ.items() if not k.startswith("SANDPIPER_")})
    expect(p.returncode != 0 and "without API keys" in p.stderr, (p.returncode, p.stderr))


def test_queue_full():
    d = Daemon("--workers", "1", "--queue", "1")
    try:
        results = []

        def post():
            results.append(d.run("while True: pass", limits={"wall_ms": 1500, "cpu_ms": 1000}))
        threads = [threading.Thread(target=post) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r[0] for r in results)
        expect(codes.count(503) >= 1 and codes.count(201) >= 1, codes)
        for st, hdrs, body in results:
            if st == 503:
                expect(hdrs.get("retry-after") == "1" and body["error"]["code"] == "queue_full", body)
                conforms("/v1/executions", "POST", 503, body)
        st, _, body = d.run("print('after')")
        expect(st == 201, "the daemon recovers after a full queue")
    finally:
        expect(d.stop() == 0, "clean stop")


def occupy_worker(d, wall_ms):
    """Start a run that keeps the daemon's one worker busy for wall_ms; returns the
    thread (its result in thread.result) once the worker is seen busy."""
    t = threading.Thread(target=lambda: setattr(t, "result", d.run(
        "while True: pass", limits={"wall_ms": wall_ms, "cpu_ms": wall_ms})))
    t.start()
    deadline = time.time() + 10
    while time.time() < deadline:
        st, _, h = d.request("GET", "/v1/health")
        if h["busy_workers"] == 1:
            return t
        time.sleep(0.01)
    raise AssertionError("the worker never became busy")


def test_analyze_queue_full():
    """An analysis goes through the run queue: past the queue limit it is refused
    like an execution (503 queue_full + Retry-After), the one queued waits for the
    busy worker, and executions work afterwards."""
    d = Daemon("--workers", "1", "--queue", "1")
    try:
        long_run = occupy_worker(d, 3000)
        results = []

        def analyze():
            r = d.request("POST", "/v1/analyze", {"source": "x = 1 + 2\n"})
            results.append((time.time(), r))
        threads = [threading.Thread(target=analyze) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        long_run.join()
        codes = sorted(r[1][0] for r in results)
        expect(codes == [200] + [503] * 5, "one queued, five refused: %r" % codes)
        for at, (st, hdrs, body) in results:
            if st == 503:
                expect(hdrs.get("retry-after") == "1" and body["error"]["code"] == "queue_full", body)
                conforms("/v1/analyze", "POST", 503, body)
            else:
                conforms("/v1/analyze", "POST", 200, body)
                expect("NAME" in body["tokens"] and "BinOp" in body["ast"], body)
        st, _, body = long_run.result
        expect(st == 201 and body["status"] == "time_limit_exceeded", (st, body))
        st, _, m = d.request("GET", "/metrics")
        expect(re.search(r"sandpiper_rejected_total 5\b", m.decode()), "5 refusals counted")
        st, _, body = d.run("print('after')")
        expect(st == 201 and body["stdout"] == "after\n", "executions still work: %r" % (body,))
        st, _, a = d.request("POST", "/v1/analyze", {"source": "print(1)\n"})
        expect(st == 200 and a["dis"], "analyses still work: %r" % ((st, a),))
    finally:
        expect(d.stop() == 0, "clean stop")


def test_analyze_waits_in_queue():
    """Queued analyses hold no HTTP thread: with one HTTP thread and the only
    worker busy, four analyses wait in the queue while the daemon still answers
    at once, and they are answered after the run that held the worker."""
    d = Daemon("--workers", "1", "--queue", "8", "--http-threads", "1")
    try:
        long_run = occupy_worker(d, 3000)
        done = []

        def analyze(i):
            r = d.request("POST", "/v1/analyze", {"source": "y = %d\n" % i})
            done.append((time.time(), r))
        threads = [threading.Thread(target=analyze, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        deadline = time.time() + 5
        queued = 0
        while time.time() < deadline and queued < 4:
            t0 = time.time()
            st, _, h = d.request("GET", "/v1/health")
            expect(time.time() - t0 < 0.5, "health took %.3fs" % (time.time() - t0))
            queued = h["queued"]
            time.sleep(0.01)
        expect(queued == 4, "the analyses wait in the run queue (queued=%d, answered=%d)"
               % (queued, len(done)))
        expect(not done, "an analysis was answered while the only worker was busy")
        long_run.join()
        run_ended = time.time()
        for t in threads:
            t.join()
        expect(len(done) == 4 and all(r[0] == 200 for _, r in done), [r[:1] for _, r in done])
        expect(all(at >= run_ended - 0.5 for at, _ in done), "answered before the worker was free")
        for _, (_, _, a) in done:
            expect("NAME" in a["tokens"], a)
    finally:
        expect(d.stop() == 0, "clean stop")


def test_ready_children():
    """By default each worker keeps a child forked and locked down for its next run:
    a run with the same limits takes it (the fork stage says prespawned, the sandbox
    stage how long the set-up took ahead of the request); other limits get a fresh
    child, and after two runs in a row with the same other limits the ready child
    has theirs; --ready-children=0 turns it off."""
    d = Daemon("--workers", "1")
    try:
        for i in range(3):
            st, _, body = d.run("print(%d)" % i)
            expect(st == 201 and body["stdout"] == "%d\n" % i, (st, body))
            conforms("/v1/executions", "POST", 201, body)
        stage = {s["name"]: s for s in body["stages"]}
        expect(stage["fork"].get("prespawned") == 1, stage["fork"])
        expect(stage["sandbox"].get("ahead_us", -1) >= 0, stage["sandbox"])
        st, _, body = d.run("print('other')", limits={"cpu_ms": 1234})
        stage = {s["name"]: s for s in body["stages"]}
        expect(st == 201 and stage["fork"].get("prespawned") == 0, (st, body))
        st, _, body = d.run("print('same again')")
        stage = {s["name"]: s for s in body["stages"]}
        expect(st == 201 and stage["fork"].get("prespawned") == 1, (st, body))
        # two runs in a row with other limits: the ready child follows them
        for want in (0, 0, 1):
            st, _, body = d.run("print('judge')", limits={"cpu_ms": 1234})
            stage = {s["name"]: s for s in body["stages"]}
            expect(st == 201 and stage["fork"].get("prespawned") == want, (want, st, body))
    finally:
        expect(d.stop() == 0, "clean stop")
    d = Daemon("--workers", "1", "--ready-children=0")
    try:
        for i in range(2):
            st, _, body = d.run("print(%d)" % i)
            stage = {s["name"]: s for s in body["stages"]}
            expect(st == 201 and stage["fork"].get("prespawned") == 0, (st, body))
    finally:
        expect(d.stop() == 0, "clean stop")


def test_run_nice():
    """--run-nice: each run child lowers its own priority to it, before the user's
    code runs (GET /v1/info's rlimits layer reads the probe child's nice value);
    runs still work, through fresh and ready children; out of range is refused."""
    for args, want in ((("--workers", "1"), 0), (("--workers", "1", "--run-nice", "7"), 7)):
        d = Daemon(*args)
        try:
            for i in range(3):
                st, _, body = d.run("print(%d)" % i)
                expect(st == 201 and body["status"] == "ok" and body["stdout"] == "%d\n" % i,
                       (args, st, body))
            st, _, info = d.request("GET", "/v1/info")
            layer = [l for l in info["protection"] if l["name"] == "rlimits"][0]
            expect(layer["active"] and layer["detail"].endswith("nice %d" % want), (args, layer))
        finally:
            expect(d.stop() == 0, "clean stop")
    out = subprocess.run([BIN, "serve", "--run-nice", "20"], capture_output=True, text=True,
                         timeout=10)
    expect(out.returncode != 0 and "--run-nice" in out.stderr, (out.returncode, out.stderr))


def test_sigterm_drains():
    d = Daemon("--workers", "2")
    prog = "x = 0\nfor i in range(3000000):\n    x += i\nprint(x)"
    ids = []
    for _ in range(3):
        st, _, body = d.run(prog, wait=False, limits={"wall_ms": 20000, "cpu_ms": 20000})
        expect(st == 202, body)
        ids.append(body["id"])
    code = d.stop(signal.SIGTERM, timeout=60)
    expect(code == 0, "exit status %d after SIGTERM: %s" % (code, d.output()))
    expect("stopped cleanly" in d.output(), d.output())
    d2 = Daemon(db=d.db, tmp=d.tmp)
    try:
        for i in ids:
            st, _, rec = d2.request("GET", "/v1/executions/" + i)
            expect(st == 200 and rec["status"] == "ok", "drained run %s: %r" % (i, rec))
    finally:
        d2.stop()


def test_sigkill_loses_nothing():
    d = Daemon("--workers", "2")
    acked = []
    for i in range(20):
        st, _, body = d.run("print(%d)" % i)
        expect(st == 201, body)
        acked.append(body["id"])
    d.stop(signal.SIGKILL)
    con = sqlite3.connect(d.db)
    expect(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")
    con.close()
    d2 = Daemon(db=d.db, tmp=d.tmp)
    try:
        for i in acked:
            st, _, rec = d2.request("GET", "/v1/executions/" + i)
            expect(st == 200 and rec["status"] == "ok", "acknowledged run %s lost: %r" % (i, rec))
    finally:
        d2.stop()


def children_of(pid):
    """{child pid: (state, start time)} of a process, from /proc."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out[int(name)] = (fields[0], int(fields[19]))
    return out


def fork_server_of(d):
    """The daemon's first child: the fork server (run children start later)."""
    kids = children_of(d.proc.pid)
    expect(kids, "the daemon has no child")
    return min(kids, key=lambda k: (kids[k][1], k))


def expect_no_zombie(d, within=5.0):
    deadline = time.time() + within
    while True:
        zombies = [k for k, (state, _) in children_of(d.proc.pid).items() if state == "Z"]
        if not zombies:
            return
        expect(time.time() < deadline, "zombie children %r of the daemon" % zombies)
        time.sleep(0.05)


def wait_health(d, status, within=5.0):
    deadline = time.time() + within
    while True:
        st, _, h = d.request("GET", "/v1/health")
        if st == status:
            conforms("/v1/health", "GET", st, h)
            return h
        expect(time.time() < deadline, "health stayed %d: %r" % (st, h))
        time.sleep(0.02)


def test_fork_server_restart():
    """The fork server killed (SIGKILL): the next run still answers ok (run again
    once a new fork server is up), health counts the restart, and no dead child is
    left unreaped; twice in a row too."""
    d = Daemon("--workers", "3")
    try:
        for i in range(6):
            st, _, body = d.run("print(%d)" % i)
            expect(st == 201 and body["status"] == "ok", (st, body))
        for n in (1, 2):
            os.kill(fork_server_of(d), signal.SIGKILL)
            st, _, body = d.run("print('after %d')" % n)
            expect(st == 201 and body["status"] == "ok" and body["stdout"] == "after %d\n" % n,
                   (st, body, d.output()))
            h = wait_health(d, 200)
            expect(h["sandbox"] == "ok" and h["sandbox_restarts"] == n, h)
            _, _, m = d.request("GET", "/metrics")
            expect("sandpiper_sandbox_restarts_total %d\n" % n in m.decode() and
                   "sandpiper_sandbox_up 1\n" in m.decode(), m)
            expect_no_zombie(d)
        for i in range(6):
            st, _, body = d.run("print(%d)" % i)
            expect(st == 201 and body["stdout"] == "%d\n" % i, (st, body))
        expect("fork server restarted" in d.output(), d.output())
    finally:
        code = d.stop()
    expect(code == 0, "exit status %r: %s" % (code, d.output()))


def test_fork_server_cannot_restart():
    """A fork server that cannot be replaced (its executable gone): health says 503
    "restarting", runs end as internal_error (nothing runs unprotected), and the
    daemon keeps trying: with the executable back, it recovers by itself."""
    global BIN
    tmp = tempfile.mkdtemp(prefix="sp-api-exe-")
    for name in ("sandpiper", "sandpiper-server"):
        src = os.path.join(os.path.dirname(BIN), name)
        dst = os.path.join(tmp, name)
        with open(src, "rb") as f, open(dst, "wb") as g:
            g.write(f.read())
        os.chmod(dst, 0o755)
    saved, BIN = BIN, os.path.join(tmp, "sandpiper")
    try:
        d = Daemon("--workers", "2")
    finally:
        BIN = saved
    exe = os.path.join(tmp, "sandpiper")
    try:
        st, _, body = d.run("print(1)")
        expect(st == 201 and body["status"] == "ok", (st, body))
        os.rename(exe, exe + ".away")
        os.kill(fork_server_of(d), signal.SIGKILL)
        h = wait_health(d, 503)
        expect(h["status"] == "unavailable" and h["sandbox"] == "restarting", h)
        st, _, body = d.run("print(2)")
        expect(st == 201 and body["status"] == "internal_error" and body["stdout"] == "", (st, body))
        expect("cannot restart the fork server" in d.output(), d.output())
        expect_no_zombie(d)
        os.rename(exe + ".away", exe)
        h = wait_health(d, 200, within=10.0)
        expect(h["sandbox_restarts"] == 1, h)
        st, _, body = d.run("print(3)")
        expect(st == 201 and body["status"] == "ok" and body["stdout"] == "3\n", (st, body))
        expect_no_zombie(d)
    finally:
        d.stop()
        for name in ("sandpiper", "sandpiper.away", "sandpiper-server"):
            try:
                os.unlink(os.path.join(tmp, name))
            except OSError:
                pass
        os.rmdir(tmp)


SOAK_PROGRAMS = [
    ("print('hi')", {}, {"ok"}),
    ("while True: pass", {"limits": {"wall_ms": 300, "cpu_ms": 200}}, {"time_limit_exceeded"}),
    ("x = []\nwhile True: x.append('a' * 10000)", {"limits": {"memory_kb": 32768}},
     {"memory_limit_exceeded"}),
    ("while True: print('y' * 1000)", {"limits": {"output_kb": 64}}, {"output_limit_exceeded"}),
    ("import sys\nsys.stderr.write('e' * 100000)\nraise ValueError('boom')", {}, {"runtime_error"}),
    ("print(len(input()))", {"stdin": "abc" * 1000 + "\n"}, {"ok"}),
    ("def f(n): return f(n + 1)\nf(0)", {}, {"runtime_error"}),
    ("def f(n): return f(n + 1)\nf(0)", {"trace": "steps"}, {"time_limit_exceeded"}),
    ("s = 0\nfor i in range(300): s += i\nprint(s)", {"trace": "steps"}, {"ok"}),
    ("print(open('/etc/passwd').read())", {}, {"runtime_error"}),
    ("x = 1 +", {}, {"syntax_error"}),
]


def rss_anon_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int([l for l in f if l.startswith("RssAnon")][0].split()[1])


def test_soak_mixed():
    """Twelve clients post a mix of hostile programs (timeouts, memory and output
    floods, deep recursion with and without a step trace, bad JSON) for a few
    seconds, and the fork server is killed half-way: every answer is the program's
    own verdict (no internal_error, no dropped connection), and afterwards the
    daemon holds no zombie, no extra descriptor or thread, and, idle, has given the
    memory of the big traces back."""
    d = Daemon("--workers", "4", "--queue", "64")
    stop = threading.Event()
    wrong, errors, answered = [], [], [0]
    lock = threading.Lock()

    def client(seed):
        rnd = __import__("random").Random(seed)
        while not stop.is_set():
            try:
                if rnd.random() < 0.05:
                    st, _, body = d.request("POST", "/v1/executions", raw=b'{"source": "pri',
                                            headers={"Content-Type": "application/json"})
                    ok = st == 400
                else:
                    src, extra, verdicts = rnd.choice(SOAK_PROGRAMS)
                    st, _, body = d.run(src, **extra)
                    ok = st == 201 and body["status"] in verdicts
                with lock:
                    answered[0] += 1
                    if not ok:
                        wrong.append((st, body if st != 201 else (body["status"], body.get("error"))))
            except Exception as e:  # a dropped connection, a timeout
                with lock:
                    errors.append(repr(e))

    clients = [threading.Thread(target=client, args=(i,)) for i in range(12)]
    try:
        for t in clients:
            t.start()
        time.sleep(1.5)  # every worker has run: its kept pipes and ready child exist
        base_fds = len(os.listdir("/proc/%d/fd" % d.proc.pid))
        base_threads = len(os.listdir("/proc/%d/task" % d.proc.pid))
        time.sleep(2.5)
        os.kill(fork_server_of(d), signal.SIGKILL)
        time.sleep(4)
        stop.set()
        for t in clients:
            t.join()
        expect(not errors, errors[:3])
        expect(not wrong, "%d of %d answers wrong: %r" % (len(wrong), answered[0], wrong[:3]))
        expect(answered[0] > 20, answered[0])
        expect_no_zombie(d)
        expect(len(os.listdir("/proc/%d/task" % d.proc.pid)) == base_threads, "threads")
        deadline = time.time() + 5
        while len(os.listdir("/proc/%d/fd" % d.proc.pid)) > base_fds and time.time() < deadline:
            time.sleep(0.1)
        fds = len(os.listdir("/proc/%d/fd" % d.proc.pid))
        expect(fds <= base_fds, "descriptors %d -> %d" % (base_fds, fds))
        if "ASAN_OPTIONS" not in os.environ:  # ASan's allocator keeps its own quarantine
            deadline = time.time() + 5  # the daemon trims at its first idle tick
            while rss_anon_kb(d.proc.pid) >= 32 * 1024 and time.time() < deadline:
                time.sleep(0.1)
            rss = rss_anon_kb(d.proc.pid)
            expect(rss < 32 * 1024, "%d KiB of anonymous memory held after the load" % rss)
    finally:
        stop.set()
        code = d.stop()
    expect(code == 0, "exit status %r: %s" % (code, d.output()))


def test_disk_full():
    """The database's disk full (a 3 MiB tmpfs; root only): a run that cannot be
    stored answers 500 store_failed, never 201; stored runs stay readable; the log
    says why, once, not once per run; with space back, runs are stored again."""
    if os.geteuid() != 0:
        print("skip test_disk_full: needs root to mount a tmpfs")
        return
    tmp = tempfile.mkdtemp(prefix="sp-api-full-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", tmp], check=True)
    d = None
    try:
        d = Daemon(db=os.path.join(tmp, "full.db"), tmp=tempfile.mkdtemp(prefix="sp-api-"))
        answers, stored = [], []
        for _ in range(40):
            st, _, body = d.run("print('x' * 200000)")
            answers.append(st)
            if st == 201:
                stored.append(body["id"])
            else:
                expect(st == 500 and body["error"]["code"] == "store_failed", (st, body))
        expect(stored and 500 in answers, answers)
        for i in stored:
            st, _, rec = d.request("GET", "/v1/executions/" + i)
            expect(st == 200 and rec["status"] == "ok", (i, st))
        log = d.output()
        expect(log.count("not stored") == 1 and "No space left on device" in log, log)
        subprocess.run(["mount", "-o", "remount,size=32M", tmp], check=True)
        st, _, body = d.run("print('space again')")
        expect(st == 201 and body["stdout"] == "space again\n", (st, body))
    finally:
        if d:
            d.stop()
        subprocess.run(["umount", tmp], check=False)
        os.rmdir(tmp)


SHARED = [test_spec_is_valid, test_hello, test_stored_copies_agree, test_stdin_and_verdicts, test_list_and_pagination,
          test_delete, test_bad_requests, test_async, test_info_health_metrics, test_analyze,
          test_steps_trace_size_cap, test_client_noise_log]
SOLO = [test_keys, test_refuses_public_without_keys, test_queue_full, test_analyze_queue_full,
        test_analyze_waits_in_queue, test_ready_children, test_run_nice, test_sigterm_drains,
        test_sigkill_loses_nothing, test_fork_server_restart, test_fork_server_cannot_restart,
        test_soak_mixed, test_disk_full]


def main():
    global BIN, SPEC
    BIN = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    with open(SPEC_PATH) as f:
        SPEC = yaml.safe_load(f)
    passed = failed = 0

    def report(name, fn, *args):
        nonlocal passed, failed
        if only and name not in only:
            return
        t0 = time.time()
        try:
            fn(*args)
            passed += 1
            print("ok   %-32s %.2fs" % (name, time.time() - t0), flush=True)
        except Exception:
            failed += 1
            print("FAIL %s\n%s" % (name, traceback.format_exc()), flush=True)

    d = Daemon()
    try:
        for fn in SHARED:
            report(fn.__name__, fn, d)
    finally:
        code = d.stop()
        if code != 0:
            failed += 1
            print("FAIL shared daemon exited %d\n%s" % (code, d.output()))
    for fn in SOLO:
        report(fn.__name__, fn)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
