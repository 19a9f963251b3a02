def parse(s):
    try:
        return int(s)
    except ValueError:
        return {}["fallback"]

print(parse("1"))
parse("x")
