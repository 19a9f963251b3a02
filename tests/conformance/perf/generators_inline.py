# FOR_ITER over a generator resumes its frame in the same interpreter loop:
# exceptions, returns, re-entry, handled exceptions and tracebacks must be as
# if the generator ran on its own.
import sys


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"


def squares(it):
    for x in it:
        yield x * x


print(list(squares(count(5))), sum(squares(count(10))))
total = 0
for v in squares(squares(count(6))):
    total += v
print(total)


# a generator raising: the exception comes out of the for statement
def boom(n):
    for i in range(n):
        yield i
    raise ValueError("boom at %d" % n)


try:
    for v in boom(3):
        print("got", v)
except ValueError as e:
    print("ValueError:", e)


# StopIteration inside a generator becomes RuntimeError (PEP 479)
def stops():
    yield 1
    raise StopIteration("inner")


try:
    for v in stops():
        print("stops", v)
except RuntimeError as e:
    print("RuntimeError:", e, "|", repr(e.__cause__))


# next() on a running generator
def selfref():
    yield 1
    yield next(g)


g = selfref()
try:
    for v in g:
        print("selfref", v)
except ValueError as e:
    print("ValueError:", e)

# an exhausted generator in a second loop, and partial consumption
c = count(4)
for v in c:
    if v == 1:
        break
print(list(c), list(c))


# close() and throw() on a generator that a for loop suspended
def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")


gg = guarded()
for v in gg:
    print("guarded", v)
    break
gg.close()


def catcher():
    while True:
        try:
            yield "ok"
        except KeyError as e:
            yield "caught %r" % (e,)


cg = catcher()
for v in cg:
    print(v)
    break
print(cg.throw(KeyError("k")))
for v in cg:
    print(v)
    break


# the exception being handled, inside and outside the generator
def handled():
    print("in gen:", sys.exc_info()[0])
    try:
        raise KeyError("gen")
    except KeyError:
        yield sys.exc_info()[0].__name__
        print("resumed in handler:", sys.exc_info()[0].__name__)
    yield sys.exc_info()[0]


try:
    raise IndexError("outer")
except IndexError:
    for v in handled():
        print("caller sees:", v, sys.exc_info()[0].__name__)
print("after:", sys.exc_info()[0])


# tracebacks through nested generators
def inner():
    yield 1
    1 / 0


def outer():
    for x in inner():
        yield x


try:
    for v in outer():
        pass
except ZeroDivisionError as e:
    tb = e.__traceback__
    lines = []
    while tb:
        lines.append(tb.tb_lineno)
        tb = tb.tb_next
    print("ZeroDivisionError", lines)


# a generator resumed by a for loop, then by next() from C
def counter():
    n = 0
    while True:
        n += 1
        yield n


cn = counter()
for v in cn:
    if v == 3:
        break
print(next(cn), [v for _, v in zip(range(3), cn)], next(cn))


# deep chains of generators and the recursion limit
def chain(depth):
    if depth == 0:
        yield "bottom"
    else:
        for v in chain(depth - 1):
            yield v


print(list(chain(50)))
try:
    print(list(chain(5000)))
except RecursionError as e:
    print("RecursionError")

# generator expressions and yield from inside loops over generators
print(sum(x for x in (y * 2 for y in count(10)) if x % 3))


def flat(xss):
    for xs in xss:
        yield from xs


def gen_of_gens():
    for i in range(3):
        yield count(i)


print(list(flat(gen_of_gens())))
for v in flat([count(2), squares(count(3))]):
    print("flat", v)


def ret_in_try():
    try:
        yield 1
        return
    finally:
        print("cleanup")


for v in ret_in_try():
    print("rit", v)
