counter = 0
def inc(n=1):
    global counter
    counter += n
    return counter
inc(); inc(5)
print(counter)

def make():
    global created
    created = "yes"
make()
print(created)

x = "global x"
def shadow():
    x = "local x"
    return x
print(shadow(), x)

def reader():
    return x.upper()
print(reader())

def bad():
    print(total_unknown)
try:
    bad()
except NameError as e:
    print(e)

def uses_before_assign():
    print(x)
    x = 1
try:
    uses_before_assign()
except UnboundLocalError as e:
    print(e)
