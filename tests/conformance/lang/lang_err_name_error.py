def use_undefined():
    return undefined_thing + 1
try:
    use_undefined()
except NameError as e:
    print(type(e).__name__, e)
def local_before_assign():
    print(v)
    v = 1
try:
    local_before_assign()
except UnboundLocalError as e:
    print(type(e).__name__, e)
    print(isinstance(e, NameError))
def free_before_assign():
    def inner():
        return w
    r = inner
    try:
        r()
    except NameError as e:
        print(type(e).__name__, e)
    w = 2
free_before_assign()
x = 1
del x
try:
    x
except NameError as e:
    print(type(e).__name__, e)
try:
    del never_defined
except NameError as e:
    print(type(e).__name__, e)
