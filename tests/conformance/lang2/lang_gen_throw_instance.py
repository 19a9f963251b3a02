# gen.throw(Type, value) normalises like CPython: an instance of the type is used as is,
# a tuple is the argument list, anything else the single argument.
def g():
    while True:
        try:
            yield 'ready'
        except Exception as e:
            print('caught', repr(e), e.args)


x = g()
next(x)
x.throw(KeyError, KeyError('k'))
x.throw(KeyError, ('a', 'b'))
x.throw(KeyError, 'z')
x.throw(KeyError)
x.throw(KeyError, None)
x.throw(LookupError, KeyError('sub'))
x.throw(ValueError('inst'))
try:
    x.throw(KeyError, ValueError('other'))
except TypeError as e:
    print('TypeError', e)
