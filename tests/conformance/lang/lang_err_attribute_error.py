class Foo:
    def __init__(self):
        self.baz = 1
try:
    Foo().bar
except AttributeError as e:
    print(type(e).__name__, e)
try:
    Foo.bar
except AttributeError as e:
    print(type(e).__name__, e)
for obj, name in ((1, "foo"), ("s", "push"), ([], "add"), (None, "x"), ({}, "append"), ((), "sort")):
    try:
        getattr(obj, name)
    except AttributeError as e:
        print(type(e).__name__, e)
import math
try:
    math.tau2
except AttributeError as e:
    print(type(e).__name__, e)
try:
    (1).real = 2
except AttributeError as e:
    print(type(e).__name__, e)
try:
    object().x = 1
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del Foo().nothing
except AttributeError as e:
    print(type(e).__name__, e)
