try:
    1 / 0
except ZeroDivisionError as err:
    print("inside:", err)
try:
    print(err)
except NameError as e:
    print("NameError:", e)
saved = None
try:
    {}["x"]
except KeyError as e:
    saved = e
print("saved:", repr(saved))
e = "outer value"
try:
    raise ValueError("v")
except ValueError as e:
    pass
try:
    print(e)
except NameError as ne:
    print("e was deleted:", ne)
