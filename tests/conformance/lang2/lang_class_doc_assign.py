# __doc__ of a user class can be assigned; built-in classes refuse.
class E:
    """orig"""


print(E.__doc__)
E.__doc__ = 'new doc'
print(E.__doc__, E().__doc__, E.__dict__['__doc__'])


class F: pass


print(F.__doc__)
F.__doc__ = 'set later'
print(F.__doc__)
try:
    int.__doc__ = 'x'
except TypeError as e:
    print(e)
try:
    del E.__doc__
except TypeError as e:
    print(e)
