class NoArgs:
    pass
try:
    NoArgs(1)
except TypeError as e:
    print(type(e).__name__, e)
class ReturnsValue:
    def __init__(self):
        return 5
try:
    ReturnsValue()
except TypeError as e:
    print(type(e).__name__, e)
class NeedsArgs:
    def __init__(self, a, b):
        pass
try:
    NeedsArgs(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    object(1)
except TypeError as e:
    print(type(e).__name__, e)
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print(type(e).__name__, e)
try:
    for x in BadIter():
        pass
except TypeError as e:
    print(type(e).__name__, e)
