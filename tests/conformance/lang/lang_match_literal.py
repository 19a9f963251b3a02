def http(status):
    match status:
        case 200:
            return "OK"
        case 301 | 302:
            return "Redirect"
        case 404:
            return "Not Found"
        case "teapot":
            return "I'm a teapot"
        case None:
            return "no status"
        case True:
            return "true?"
        case -1:
            return "negative"
        case 1.5:
            return "float"
        case _:
            return "Unknown"

for s in (200, 302, 404, "teapot", None, True, 1, -1, 1.5, 500, b"x"):
    print(repr(s), "->", http(s))
