# a JSON configuration merge: load, deep-merge, validate, dump sorted
import json

BASE = '''{
  "server": {"host": "0.0.0.0", "port": 8080, "tls": {"enabled": false}},
  "workers": 4,
  "features": ["auth", "cache"],
  "limits": {"rps": 100.0, "burst": 20}
}'''
OVERRIDE = '{"server": {"port": 9090, "tls": {"enabled": true, "cert": "/etc/cert.pem"}}, "features": ["auth"], "debug": true}'

def merge(a, b):
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out

cfg = merge(json.loads(BASE), json.loads(OVERRIDE))
print(json.dumps(cfg, indent=2, sort_keys=True))
errors = []
if not 0 < cfg["server"]["port"] < 65536:
    errors.append("port")
if cfg["limits"]["rps"] / cfg["workers"] < 10:
    errors.append("rps per worker too low")
print(errors, json.dumps(cfg["limits"]), json.dumps(cfg, separators=(",", ":"), sort_keys=True))
