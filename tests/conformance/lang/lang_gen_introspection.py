def g():
    print("inside: running", gen.gi_running)
    yield 1
    yield 2

gen = g()
print("created:", gen.gi_running, gen.gi_suspended, gen.gi_frame is not None)
next(gen)
print("suspended:", gen.gi_running, gen.gi_suspended, gen.gi_frame is not None)
print(gen.gi_frame.f_lineno if gen.gi_frame else None)
list(gen)
print("finished:", gen.gi_running, gen.gi_suspended, gen.gi_frame)
def outer():
    yield from inner
inner = g()
o = outer()
gen = inner
next(o)
print(o.gi_yieldfrom is inner, inner.gi_yieldfrom)
o.close()
print(o.gi_yieldfrom, o.gi_frame)
