import collections
import collections.abc
import functools
import sys

__all__ = ['Annotated', 'Any', 'Callable', 'ClassVar', 'Final', 'ForwardRef', 'Generic', 'Literal', 'Optional', 'ParamSpec', 'Protocol', 'Tuple', 'Type', 'TypeVar', 'TypeVarTuple', 'Union', 'AbstractSet', 'ByteString', 'Container', 'ContextManager', 'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView', 'Mapping', 'MappingView', 'MutableMapping', 'MutableSequence', 'MutableSet', 'Sequence', 'Sized', 'ValuesView', 'Awaitable', 'AsyncIterator', 'AsyncIterable', 'Coroutine', 'Collection', 'AsyncGenerator', 'Reversible', 'SupportsAbs', 'SupportsFloat', 'SupportsIndex', 'SupportsInt', 'SupportsRound', 'ChainMap', 'Counter', 'Deque', 'Dict', 'DefaultDict', 'List', 'OrderedDict', 'Set', 'FrozenSet', 'NamedTuple', 'TypedDict', 'Generator', 'BinaryIO', 'IO', 'Match', 'Pattern', 'TextIO', 'AnyStr', 'assert_type', 'assert_never', 'cast', 'dataclass_transform', 'final', 'get_args', 'get_origin', 'get_type_hints', 'LiteralString', 'Never', 'NewType', 'no_type_check', 'no_type_check_decorator', 'NoReturn', 'NotRequired', 'overload', 'Required', 'reveal_type', 'runtime_checkable', 'Self', 'Text', 'TYPE_CHECKING', 'TypeAlias', 'TypeGuard']

TYPE_CHECKING = False

def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return f'{obj.__module__}.{obj.__qualname__}'
    if obj is ...:
        return '...'
    if type(obj).__name__ == 'function':
        return obj.__name__
    return repr(obj)

def _type_check(arg, msg):
    if arg is None:
        return type(None)
    if isinstance(arg, str):
        return ForwardRef(arg)
    return arg

class ForwardRef:
    def __init__(self, arg):
        self.__forward_arg__ = arg
    def __repr__(self):
        return f'ForwardRef({self.__forward_arg__!r})'
    def __eq__(self, other):
        return isinstance(other, ForwardRef) and self.__forward_arg__ == other.__forward_arg__
    def __hash__(self):
        return hash(self.__forward_arg__)

class _Final:
    pass

class _SpecialForm(_Final):
    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem
    def __repr__(self):
        return 'typing.' + self._name
    def __getitem__(self, parameters):
        return self._getitem(self, parameters)
    def __call__(self, *args, **kwds):
        raise TypeError(f'Cannot instantiate {self!r}')
    def __or__(self, other):
        return Union[self, other]
    def __ror__(self, other):
        return Union[other, self]
    def __instancecheck__(self, obj):
        raise TypeError(f'{self} cannot be used with isinstance()')
    def __reduce__(self):
        return self._name

class _AnyMeta(type):
    def __instancecheck__(self, obj):
        if self is Any:
            raise TypeError('typing.Any cannot be used with isinstance()')
        return super().__instancecheck__(obj)
    def __repr__(self):
        if self is Any:
            return 'typing.Any'
        return super().__repr__()

class Any(metaclass=_AnyMeta):
    pass

class _GenericAlias(_Final):
    def __init__(self, origin, args, *, name=None, inst=True):
        if not isinstance(args, tuple):
            args = (args,)
        self.__origin__ = origin
        self.__args__ = tuple(... if a is ... else a for a in args)
        self.__parameters__ = tuple(a for a in self.__args__ if isinstance(a, TypeVar))
        self._name = name
        self._inst = inst
    def __repr__(self):
        if self._name:
            name = 'typing.' + self._name
        else:
            name = _type_repr(self.__origin__)
        if self.__args__:
            args = ', '.join([_type_repr(a) for a in self.__args__])
        else:
            args = '()'
        return f'{name}[{args}]'
    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__
    def __hash__(self):
        return hash((self.__origin__, self.__args__))
    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(f'Type {self._name} cannot be instantiated; '
                            f'use {self.__origin__.__name__}() instead')
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except Exception:
            pass
        return result
    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        subst = dict(zip(self.__parameters__, args))
        new_args = tuple(subst.get(a, a) if isinstance(a, TypeVar) else a for a in self.__args__)
        return self.copy_with(new_args)
    def copy_with(self, args):
        return self.__class__(self.__origin__, args, name=self._name, inst=self._inst)
    def __getattr__(self, attr):
        if attr in ('__origin__', '__args__', '_name', '_inst', '__parameters__'):
            raise AttributeError(attr)
        return getattr(self.__origin__, attr)
    def __instancecheck__(self, obj):
        raise TypeError('Subscripted generics cannot be used with class and instance checks')
    def __subclasscheck__(self, cls):
        raise TypeError('Subscripted generics cannot be used with class and instance checks')
    def __or__(self, right):
        return Union[self, right]
    def __ror__(self, left):
        return Union[left, self]
    def __mro_entries__(self, bases):
        return (self.__origin__,)

class _UnionGenericAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2:
            if args[0] is type(None):
                return f'typing.Optional[{_type_repr(args[1])}]'
            elif args[1] is type(None):
                return f'typing.Optional[{_type_repr(args[0])}]'
        return super().__repr__()
    def __eq__(self, other):
        if not isinstance(other, _UnionGenericAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)
    def __hash__(self):
        return hash(frozenset(self.__args__))
    def copy_with(self, params):
        return Union[params]
    def __instancecheck__(self, obj):
        return self.__subclasscheck__(type(obj))
    def __subclasscheck__(self, cls):
        for arg in self.__args__:
            if issubclass(cls, arg):
                return True
        return False

class _CallableGenericAlias(_GenericAlias):
    def __repr__(self):
        if len(self.__args__) == 2 and self.__args__[0] is Ellipsis:
            return f'typing.Callable[..., {_type_repr(self.__args__[1])}]'
        return (f'typing.Callable'
                f'[[{", ".join([_type_repr(a) for a in self.__args__[:-1]])}], '
                f'{_type_repr(self.__args__[-1])}]')

class _SpecialGenericAlias(_Final):
    def __init__(self, origin, nparams, *, inst=True, name=None):
        self.__origin__ = origin
        self._nparams = nparams
        self._inst = inst
        self._name = name or origin.__name__
    def __repr__(self):
        return 'typing.' + self._name
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        params = tuple(_type_check(p, '') for p in params)
        if self._nparams >= 0 and len(params) != self._nparams:
            raise TypeError(f"Too {'many' if len(params) > self._nparams else 'few'} arguments for {self};"
                            f" actual {len(params)}, expected {self._nparams}")
        return _GenericAlias(self.__origin__, params, name=self._name, inst=self._inst)
    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(f'Type {self._name} cannot be instantiated; '
                            f'use {self.__origin__.__name__}() instead')
        return self.__origin__(*args, **kwargs)
    def __instancecheck__(self, obj):
        return isinstance(obj, self.__origin__)
    def __subclasscheck__(self, cls):
        return issubclass(cls, self.__origin__)
    def __eq__(self, other):
        if isinstance(other, _SpecialGenericAlias):
            return self.__origin__ is other.__origin__ and self._name == other._name
        return NotImplemented
    def __hash__(self):
        return hash((self.__origin__, self._name))
    def __or__(self, right):
        return Union[self, right]
    def __mro_entries__(self, bases):
        return (self.__origin__,)

class _TupleType(_SpecialGenericAlias):
    def __getitem__(self, params):
        if params == ():
            return _GenericAlias(tuple, (), name='Tuple', inst=self._inst)
        if not isinstance(params, tuple):
            params = (params,)
        if len(params) >= 2 and params[-1] is ...:
            return _GenericAlias(tuple, (_type_check(params[0], ''), ...), name='Tuple',
                                 inst=self._inst)
        return _GenericAlias(tuple, tuple(_type_check(p, '') for p in params), name='Tuple',
                             inst=self._inst)

class _CallableType(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError('Callable must be used as Callable[[arg, ...], result].')
        args, result = params
        if isinstance(args, list):
            params = tuple(_type_check(a, '') for a in args) + (_type_check(result, ''),)
        else:
            params = (args, _type_check(result, ''))
        return _CallableGenericAlias(self.__origin__, params, name='Callable', inst=self._inst)

def _union_getitem(self, parameters):
    if parameters == ():
        raise TypeError('Cannot take a Union of no types.')
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    flat = []
    for p in parameters:
        p = _type_check(p, '')
        if isinstance(p, _UnionGenericAlias):
            flat.extend(p.__args__)
        elif type(p).__name__ == 'UnionType':
            flat.extend(p.__args__)
        else:
            flat.append(p)
    params = []
    for p in flat:
        if p not in params:
            params.append(p)
    if len(params) == 1:
        return params[0]
    return _UnionGenericAlias(self, tuple(params), name='Union')

def _optional_getitem(self, parameters):
    arg = _type_check(parameters, 'Optional[t] requires a single type.')
    return Union[arg, type(None)]

def _literal_getitem(self, parameters):
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    return _LiteralGenericAlias(self, parameters, name='Literal')

class _LiteralGenericAlias(_GenericAlias):
    def __repr__(self):
        return 'typing.Literal[' + ', '.join(repr(a) for a in self.__args__) + ']'

def _simple_getitem(self, parameters):
    item = _type_check(parameters, '')
    return _GenericAlias(self, (item,), name=self._name)

Union = _SpecialForm('Union', _union_getitem)
Optional = _SpecialForm('Optional', _optional_getitem)
Literal = _SpecialForm('Literal', _literal_getitem)
ClassVar = _SpecialForm('ClassVar', _simple_getitem)
Final = _SpecialForm('Final', _simple_getitem)
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
TypeAlias = _SpecialForm('TypeAlias')
Annotated = _SpecialForm('Annotated', lambda self, p: p[0] if isinstance(p, tuple) else p)
TypeGuard = _SpecialForm('TypeGuard', _simple_getitem)
Required = _SpecialForm('Required', _simple_getitem)
NotRequired = _SpecialForm('NotRequired', _simple_getitem)

class TypeVar(_Final):
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = tuple(constraints)
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant
    def __repr__(self):
        if self.__covariant__:
            prefix = '+'
        elif self.__contravariant__:
            prefix = '-'
        else:
            prefix = '~'
        return prefix + self.__name__
    def __or__(self, right):
        return Union[self, right]
    def __ror__(self, left):
        return Union[left, self]

class ParamSpec(TypeVar):
    pass

class TypeVarTuple(TypeVar):
    pass

AnyStr = TypeVar('AnyStr', bytes, str)

class Generic:
    __slots__ = ()
    _is_protocol = False
    def __class_getitem__(cls, params):
        # no __mro_entries__ in our interpreter: Generic[T] and Protocol[T] are
        # the classes themselves, so they can be used as bases
        if cls is Generic or cls is Protocol:
            return cls
        if not isinstance(params, tuple):
            params = (params,)
        return _GenericAlias(cls, params)

class Protocol(Generic):
    __slots__ = ()
    _is_protocol = True

def runtime_checkable(cls):
    return cls

def _alias(origin, nparams, inst=True, name=None):
    return _SpecialGenericAlias(origin, nparams, inst=inst, name=name)

_abc = collections.abc if hasattr(collections, 'abc') else None

class _AbcStub:
    pass

def _abc_or_stub(name):
    abc = getattr(collections, 'abc', None)
    if abc is not None and hasattr(abc, name):
        return getattr(abc, name)
    return type(name, (_AbcStub,), {'__module__': 'collections.abc'})

Hashable = _alias(_abc_or_stub('Hashable'), 0)
Awaitable = _alias(_abc_or_stub('Awaitable'), 1)
Coroutine = _alias(_abc_or_stub('Coroutine'), 3)
AsyncIterable = _alias(_abc_or_stub('AsyncIterable'), 1)
AsyncIterator = _alias(_abc_or_stub('AsyncIterator'), 1)
Iterable = _alias(_abc_or_stub('Iterable'), 1)
Iterator = _alias(_abc_or_stub('Iterator'), 1)
Reversible = _alias(_abc_or_stub('Reversible'), 1)
Sized = _alias(_abc_or_stub('Sized'), 0)
Container = _alias(_abc_or_stub('Container'), 1)
Collection = _alias(_abc_or_stub('Collection'), 1)
Callable = _CallableType(_abc_or_stub('Callable'), 2, name='Callable')
AbstractSet = _alias(_abc_or_stub('Set'), 1, name='AbstractSet')
MutableSet = _alias(_abc_or_stub('MutableSet'), 1)
Mapping = _alias(_abc_or_stub('Mapping'), 2)
MutableMapping = _alias(_abc_or_stub('MutableMapping'), 2)
Sequence = _alias(_abc_or_stub('Sequence'), 1)
MutableSequence = _alias(_abc_or_stub('MutableSequence'), 1)
ByteString = _alias(_abc_or_stub('ByteString'), 0)
Tuple = _TupleType(tuple, -1, inst=False, name='Tuple')
List = _alias(list, 1, inst=False, name='List')
Deque = _alias(collections.deque, 1, name='Deque')
Set = _alias(set, 1, inst=False, name='Set')
FrozenSet = _alias(frozenset, 1, inst=False, name='FrozenSet')
MappingView = _alias(_abc_or_stub('MappingView'), 1)
KeysView = _alias(_abc_or_stub('KeysView'), 1)
ItemsView = _alias(_abc_or_stub('ItemsView'), 2)
ValuesView = _alias(_abc_or_stub('ValuesView'), 1)
Dict = _alias(dict, 2, inst=False, name='Dict')
DefaultDict = _alias(collections.defaultdict, 2, name='DefaultDict')
OrderedDict = _alias(collections.OrderedDict, 2)
Counter = _alias(collections.Counter, 1)
ChainMap = _alias(collections.ChainMap, 2)
Generator = _alias(_abc_or_stub('Generator'), 3)
AsyncGenerator = _alias(_abc_or_stub('AsyncGenerator'), 2)
Type = _alias(type, 1, inst=False, name='Type')
Text = str

class SupportsInt(Protocol):
    __slots__ = ()
class SupportsFloat(Protocol):
    __slots__ = ()
class SupportsIndex(Protocol):
    __slots__ = ()
class SupportsAbs(Protocol):
    __slots__ = ()
class SupportsRound(Protocol):
    __slots__ = ()

def cast(typ, val):
    return val

def assert_type(val, typ, /):
    return val

def reveal_type(obj, /):
    print(f'Runtime type is {type(obj).__name__!r}', file=sys.stderr)
    return obj

def assert_never(arg, /):
    value = repr(arg)
    if len(value) > 100:
        value = value[:100] + '...'
    raise AssertionError(f'Expected code to be unreachable, but got: {value}')

def overload(func):
    def _overload_dummy(*args, **kwds):
        raise NotImplementedError(
            'You should not call an overloaded function. '
            'A series of @overload-decorated functions '
            'outside a stub module should always be followed '
            'by an implementation that is not @overload-ed.')
    return _overload_dummy

def final(f):
    try:
        f.__final__ = True
    except (AttributeError, TypeError):
        pass
    return f

def no_type_check(arg):
    return arg

def no_type_check_decorator(decorator):
    return decorator

def dataclass_transform(**kwargs):
    def decorator(cls_or_fn):
        return cls_or_fn
    return decorator

def get_origin(tp):
    if isinstance(tp, (_GenericAlias, _SpecialGenericAlias)):
        if isinstance(tp.__origin__, _SpecialForm) and tp.__origin__ is Union:
            return Union
        return tp.__origin__
    if tp is Generic:
        return Generic
    if type(tp).__name__ in ('GenericAlias', 'UnionType'):
        return getattr(tp, '__origin__', None)
    return None

def get_args(tp):
    if isinstance(tp, _GenericAlias):
        res = tp.__args__
        if isinstance(tp, _CallableGenericAlias) and not (len(res) == 2 and res[0] is ...):
            res = (list(res[:-1]), res[-1])
        return res
    if type(tp).__name__ in ('GenericAlias', 'UnionType'):
        return getattr(tp, '__args__', ())
    return ()

def _eval_type(t, globalns, localns):
    if isinstance(t, str):
        t = ForwardRef(t)
    if isinstance(t, ForwardRef):
        return _eval_type(eval(t.__forward_arg__, globalns, localns), globalns, localns)
    if isinstance(t, _GenericAlias):
        args = tuple(_eval_type(a, globalns, localns) for a in t.__args__)
        if args != t.__args__:
            return t.copy_with(args)
    return t

def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        for base in reversed(obj.__mro__):
            ann = base.__dict__.get('__annotations__', {})
            if globalns is None:
                base_globals = getattr(sys.modules.get(base.__module__, None), '__dict__', {})
            else:
                base_globals = globalns
            for name, value in ann.items():
                if value is None:
                    value = type(None)
                value = _eval_type(value, base_globals,
                                   dict(vars(base)) if localns is None else localns)
                hints[name] = value
        return hints
    ann = getattr(obj, '__annotations__', None)
    if ann is None:
        return {}
    if globalns is None:
        globalns = getattr(obj, '__globals__', {})
    for name, value in ann.items():
        if value is None:
            value = type(None)
        hints[name] = _eval_type(value, globalns, localns)
    return hints

def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type

class NamedTupleMeta(type):
    def __new__(mcls, typename, bases, ns):
        if '_root' in ns:
            return super().__new__(mcls, typename, bases, ns)
        return _make_namedtuple_class(typename, ns)

def _make_namedtuple_class(typename, ns):
    types = ns.get('__annotations__', {})
    field_names = list(types)
    default_names = []
    for field_name in types:
        if field_name in ns:
            default_names.append(field_name)
        elif default_names:
            raise TypeError(f"Non-default namedtuple field {field_name} "
                            f"cannot follow default field"
                            f"{'s' if len(default_names) > 1 else ''} "
                            f"{', '.join(default_names)}")
    nm_tpl = collections.namedtuple(typename, field_names,
                                    defaults=[ns[n] for n in default_names],
                                    module=ns.get('__module__', '__main__'))
    nm_tpl.__annotations__ = nm_tpl.__new__.__annotations__ = dict(types)
    for key in ns:
        if key in ('_make', '_replace', '_fields', '_field_defaults', '_asdict', '_source',
                   '__new__', '__init__', '__slots__', '__getnewargs__'):
            if key in ('_make', '_replace', '_fields', '_field_defaults', '_asdict', '_source'):
                raise AttributeError('Cannot overwrite NamedTuple attribute ' + key)
        elif key not in field_names and key not in ('__annotations__', '__dict__', '__weakref__',
                                                     '__qualname__'):
            setattr(nm_tpl, key, ns[key])
    if '__qualname__' in ns:
        nm_tpl.__qualname__ = ns['__qualname__']
    return nm_tpl

class NamedTuple(metaclass=NamedTupleMeta):
    _root = True
    def __init_subclass__(cls, **kwargs):
        pass

def _namedtuple_call(typename, fields=None, /, **kwargs):
    if fields is None:
        fields = kwargs.items()
    ns = {'__annotations__': dict(fields), '__module__': '__main__'}
    return _make_namedtuple_class(typename, ns)

class _TypedDictMeta(type):
    def __new__(cls, name, bases, ns, total=True):
        if '_root' in ns:
            return super().__new__(cls, name, (dict,), ns)
        return _make_typeddict(name, bases, ns, total)

def _make_typeddict(name, bases, ns, total):
    tp_dict = type.__new__(_TypedDictMeta, name, (dict,), {k: v for k, v in ns.items()
                                                           if k != '__annotations__'})
    annotations = {}
    for base in bases:
        annotations.update(base.__dict__.get('__annotations__', {}))
    own = ns.get('__annotations__', {})
    annotations.update(own)
    tp_dict.__annotations__ = annotations
    required = set()
    optional = set()
    for base in bases:
        required.update(base.__dict__.get('__required_keys__', ()))
        optional.update(base.__dict__.get('__optional_keys__', ()))
    if total:
        required.update(own.keys())
    else:
        optional.update(own.keys())
    tp_dict.__required_keys__ = frozenset(required)
    tp_dict.__optional_keys__ = frozenset(optional)
    tp_dict.__total__ = total
    return tp_dict

class TypedDict(metaclass=_TypedDictMeta):
    _root = True

def _typeddict_instance(self, *args, **kwargs):
    return dict(*args, **kwargs)

def _fix_typeddict_new():
    def __new__(cls, *args, **kwargs):
        return dict(*args, **kwargs)
    _TypedDictMeta.__call__ = lambda cls, *args, **kwargs: (
        _make_typeddict(args[0], (), {'__annotations__': dict(args[1]) if len(args) > 1 else kwargs},
                        True)
        if cls is TypedDict else dict(*args, **kwargs))
    NamedTupleMeta.__call__ = lambda cls, *args, **kwargs: (
        _namedtuple_call(*args, **kwargs) if cls is NamedTuple else type.__call__(cls, *args, **kwargs))

_fix_typeddict_new()

class _IOStub:
    pass
IO = TextIO = BinaryIO = _IOStub
ContextManager = _alias(_abc_or_stub('AbstractContextManager'), 1, name='ContextManager')
Pattern = _alias(type(__import__('re').compile('')), 1, name='Pattern')
Match = _alias(type(__import__('re').match('', '')), 1, name='Match')
