# regex log parsing: an access log summarised with named groups and sub
import re

LOG = """\
192.168.1.10 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326
10.0.0.5 - alice [10/Oct/2023:13:56:01 +0000] "POST /api/login HTTP/1.1" 302 512
192.168.1.10 - - [10/Oct/2023:13:57:12 +0000] "GET /images/logo.png HTTP/1.1" 304 0
172.16.0.3 - bob [10/Oct/2023:14:01:44 +0000] "GET /api/items?page=2&size=10 HTTP/1.1" 200 10423
10.0.0.5 - alice [10/Oct/2023:14:02:00 +0000] "DELETE /api/items/42 HTTP/1.1" 403 97
garbage line that does not match
172.16.0.3 - bob [10/Oct/2023:14:05:09 +0000] "GET /index.html HTTP/1.1" 500 0
"""
LINE = re.compile(
    r'(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) - (?P<user>\S+) \[(?P<day>\d{2})/(?P<mon>\w{3})/(?P<year>\d{4}):'
    r'(?P<time>[\d:]+) [+-]\d{4}\] "(?P<method>[A-Z]+) (?P<path>[^ ?"]+)(?:\?(?P<query>[^ "]*))? HTTP/[\d.]+" '
    r'(?P<status>\d{3}) (?P<size>\d+)$')
by_status = {}
bytes_by_ip = {}
bad = 0
for line in LOG.splitlines():
    m = LINE.match(line)
    if not m:
        bad += 1
        continue
    d = m.groupdict()
    by_status.setdefault(d["status"], []).append(d["path"])
    bytes_by_ip[d["ip"]] = bytes_by_ip.get(d["ip"], 0) + int(d["size"])
    if d["query"]:
        print("query", d["path"], dict(kv.split("=") for kv in re.split(r"[&;]", d["query"])))
    if d["user"] != "-":
        print("user", d["user"], d["method"], d["time"])
for k in sorted(by_status):
    print(k, by_status[k])
print(sorted(bytes_by_ip.items()), "bad lines:", bad)
print(re.sub(r"\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b", r"\1.\2.x.x", LOG.splitlines()[0]))
print(re.findall(r'"(GET|POST|DELETE) ([^"]+)"', LOG)[:3])
print(len(re.findall(r"^\d", LOG, re.M)), re.search(r"(\d+)$", LOG.splitlines()[3]).group(1))
