# types — names for the interpreter's built-in types, plus SimpleNamespace and
# small helpers. The types are found by taking type() of live examples, as CPython does.
import sys


def _f(): pass
FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)
_mappingproxy = type(type.__dict__)


class _ProxyMeta(type):
    # The built-in mappingproxy cannot be constructed here: this stand-in wraps a
    # mapping read-only and answers isinstance for the built-in one too.
    def __instancecheck__(cls, obj):
        return type(obj) is _mappingproxy or type.__instancecheck__(cls, obj)


class MappingProxyType(metaclass=_ProxyMeta):
    __slots__ = ('_m',)
    __module__ = 'builtins'

    def __new__(cls, mapping):
        if not hasattr(mapping, 'keys') or not hasattr(mapping, '__getitem__') \
                or isinstance(mapping, (list, tuple)):
            raise TypeError("mappingproxy() argument must be a mapping, not %s"
                            % type(mapping).__name__)
        self = object.__new__(cls)
        object.__setattr__(self, '_m', mapping)
        return self

    def __getitem__(self, key): return self._m[key]
    def __len__(self): return len(self._m)
    def __iter__(self): return iter(self._m)
    def __contains__(self, key): return key in self._m
    def get(self, key, default=None): return self._m.get(key, default)
    def keys(self): return self._m.keys()
    def values(self): return self._m.values()
    def items(self): return self._m.items()
    def copy(self): return self._m.copy()
    def __eq__(self, other): return self._m == other
    def __repr__(self): return 'mappingproxy(%r)' % (self._m,)
    def __str__(self): return str(self._m)
    def __or__(self, other): return dict(self._m) | other
    def __reversed__(self): return reversed(self._m)

    def __setattr__(self, name, value):
        raise AttributeError("'mappingproxy' object has no attribute %r" % name)


MappingProxyType.__name__ = MappingProxyType.__qualname__ = 'mappingproxy'
MappingProxyType.__module__ = 'builtins'
SimpleNamespace = None  # defined below


def _cell_factory():
    a = 1

    def f():
        nonlocal a
    return f.__closure__[0]
CellType = type(_cell_factory())


def _g():
    yield 1
GeneratorType = type(_g())


class _C:
    def _m(self): pass
MethodType = type(_C()._m)

BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
WrapperDescriptorType = type(object.__init__)
MethodWrapperType = type(object().__str__)
MethodDescriptorType = type(str.join)
ClassMethodDescriptorType = type(dict.__dict__['fromkeys'])
ModuleType = type(sys)

try:
    raise TypeError
except TypeError as _e:
    TracebackType = type(_e.__traceback__)
    FrameType = type(_e.__traceback__.tb_frame) if _e.__traceback__ is not None and hasattr(_e.__traceback__, 'tb_frame') else None

GetSetDescriptorType = type(FunctionType.__code__) if False else None
MemberDescriptorType = None
NoneType = type(None)
NotImplementedType = type(NotImplemented)
EllipsisType = type(Ellipsis)

del sys, _f, _g, _C, _cell_factory


class SimpleNamespace:
    def __init__(self, *args, **kwargs):
        if args:
            raise TypeError('no positional arguments expected')
        self.__dict__.update(kwargs)

    def __repr__(self):
        name = 'namespace' if type(self) is SimpleNamespace else type(self).__name__
        # Recursion guard: a namespace containing itself prints as name(...).
        ids = SimpleNamespace._repr_running
        key = id(self)
        if key in ids:
            return name + '(...)'
        ids.add(key)
        try:
            items = ('%s=%r' % (k, v) for k, v in self.__dict__.items())
            return '%s(%s)' % (name, ', '.join(items))
        finally:
            ids.discard(key)

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None

    def __reduce__(self):
        return (type(self), (), dict(self.__dict__))


SimpleNamespace._repr_running = set()
SimpleNamespace.__module__ = 'types'


def new_class(name, bases=(), kwds=None, exec_body=None):
    meta, ns, kwds = prepare_class(name, bases, kwds)
    if exec_body is not None:
        exec_body(ns)
    return meta(name, resolve_bases(bases), ns, **kwds)


def resolve_bases(bases):
    return tuple(bases)


def prepare_class(name, bases=(), kwds=None):
    kwds = {} if kwds is None else dict(kwds)
    if 'metaclass' in kwds:
        meta = kwds.pop('metaclass')
    else:
        meta = type(bases[0]) if bases else type
    if hasattr(meta, '__prepare__'):
        ns = meta.__prepare__(name, bases, **kwds)
    else:
        ns = {}
    return meta, ns, kwds


class DynamicClassAttribute(property):
    pass


def coroutine(func):
    return func


GenericAlias = type(list[int])
try:
    UnionType = type(int | str)
except TypeError:
    UnionType = None

__all__ = [n for n in globals() if n[:1] != '_']
