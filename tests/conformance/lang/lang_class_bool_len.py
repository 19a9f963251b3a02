class Empty:
    def __len__(self):
        return 0
class Full:
    def __len__(self):
        return 3
class Truthy:
    def __bool__(self):
        return False
    def __len__(self):
        return 5
class Plain:
    pass

for o in (Empty(), Full(), Truthy(), Plain()):
    print(type(o).__name__, bool(o), "yes" if o else "no", not o)
print(len(Full()), len(Truthy()))

class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print(type(e).__name__, e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print(type(e).__name__, e)
try:
    len(Plain())
except TypeError as e:
    print(type(e).__name__, e)
