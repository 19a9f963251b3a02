def inner():
    raise ValueError("inner problem")
def middle():
    try:
        inner()
    except ValueError:
        print("middle saw it, re-raising")
        raise
try:
    middle()
except ValueError as e:
    print("outer caught:", e)
def convert():
    try:
        inner()
    except ValueError as e:
        raise TypeError("converted") from e
try:
    convert()
except TypeError as e:
    print(e, "<-", e.__cause__)
try:
    try:
        raise KeyError("a")
    except KeyError as e:
        err = e
        raise
except KeyError as e2:
    print(e2 is err)
count = 0
while True:
    try:
        count += 1
        if count < 3:
            raise RuntimeError("retry")
        print("succeeded after", count)
        break
    except RuntimeError:
        continue
