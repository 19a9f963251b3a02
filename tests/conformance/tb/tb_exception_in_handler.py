def risky():
    return [][0]

try:
    risky()
except IndexError as e:
    print("handling", type(e).__name__)
    None.missing
