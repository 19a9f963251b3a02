def parse_port(text):
    try:
        return int(text)
    except ValueError as exc:
        raise RuntimeError("invalid port") from exc

def connect(addr):
    host, port = addr.split(":")
    return host, parse_port(port)

print(connect("localhost:80"))
print(connect("localhost:http"))
