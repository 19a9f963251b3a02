for thing in (5, "str", None, object):
    try:
        raise thing
    except TypeError as e:
        print(type(e).__name__, e)
class NotExc:
    pass
try:
    raise NotExc
except TypeError as e:
    print(type(e).__name__, e)
try:
    raise ValueError from 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    try:
        pass
    except 5:
        pass
    print("except clause not evaluated without an exception")
    try:
        1 / 0
    except "x":
        pass
except TypeError as e:
    print(type(e).__name__, e)
