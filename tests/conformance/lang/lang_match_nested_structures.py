def route(req):
    match req:
        case {"method": "GET", "path": ["users", uid]} if uid.isdigit():
            return f"get user {int(uid)}"
        case {"method": "GET", "path": ["users"]}:
            return "list users"
        case {"method": "POST", "path": ["users"], "body": {"name": str(name), **extra}}:
            return f"create {name} {sorted(extra)}"
        case {"method": "DELETE" | "PURGE" as m, "path": [*_, last]}:
            return f"{m.lower()} {last}"
        case {"method": m}:
            return f"unsupported {m}"
        case _:
            return "bad request"

reqs = [
    {"method": "GET", "path": ["users", "42"]},
    {"method": "GET", "path": ["users", "me"]},
    {"method": "GET", "path": ["users"]},
    {"method": "POST", "path": ["users"], "body": {"name": "ann", "age": 3}},
    {"method": "DELETE", "path": ["users", "7"]},
    {"method": "PURGE", "path": ["cache"]},
    {"method": "PATCH"},
    "nonsense",
]
for r in reqs:
    print(route(r))
