__all__ = ["Error", "copy", "deepcopy"]

class Error(Exception):
    pass
error = Error

_atomic = (type(None), int, float, bool, complex, str, bytes, type, range, slice,
           type(Ellipsis), type(NotImplemented), type(len), type(lambda: 0), property)

def _find_reduce(cls):
    for klass in cls.__mro__:
        if klass is object:
            break
        d = klass.__dict__
        if '__reduce_ex__' in d:
            return '__reduce_ex__'
        if '__reduce__' in d:
            return '__reduce__'
    return None

def _reduce(x, how):
    if how == '__reduce_ex__':
        return x.__reduce_ex__(4)
    return x.__reduce__()

def _newargs(x):
    for base in (tuple, int, float, complex, str, bytes, frozenset):
        if isinstance(x, base):
            if base is tuple:
                return tuple(x), True
            if base is frozenset:
                return (list(x),), True
            return (base(x),), False
    return (), False

def copy(x):
    cls = type(x)
    if cls in _atomic:
        return x
    if cls in (list, dict, set, bytearray):
        return cls.copy(x)
    if cls in (tuple, frozenset):
        return x
    if issubclass(cls, type):
        return x
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    how = _find_reduce(cls)
    if how is not None:
        rv = _reduce(x, how)
        if isinstance(rv, str):
            return x
        return _reconstruct(x, None, *rv)
    return _generic(x, None)

def _plain_new(cls):
    return cls.__new__ is object.__new__

def _get_state(x):
    getstate = getattr(type(x), '__getstate__', None)
    if getstate is not None and getstate is not getattr(object, '__getstate__', None):
        return x.__getstate__()
    d = getattr(x, '__dict__', None)
    slots = {}
    for klass in type(x).__mro__:
        names = klass.__dict__.get('__slots__', ())
        if isinstance(names, str):
            names = (names,)
        for name in names:
            if name not in ('__dict__', '__weakref__') and hasattr(x, name):
                slots[name] = getattr(x, name)
    if slots:
        return (d or None, slots)
    return d or None

def _set_state(y, state):
    setstate = getattr(type(y), '__setstate__', None)
    if setstate is not None:
        y.__setstate__(state)
        return
    slotstate = None
    if isinstance(state, tuple) and len(state) == 2:
        state, slotstate = state
    if state:
        y.__dict__.update(state)
    if slotstate:
        for k, v in slotstate.items():
            setattr(y, k, v)

def _generic(x, memo):
    # object.__reduce_ex__(4) for classes that define nothing: __new__ without
    # __init__, then the state, then list/dict/set contents of builtin bases.
    cls = type(x)
    deep = memo is not None
    if issubclass(cls, BaseException):
        args = deepcopy(x.args, memo) if deep else x.args
        y = cls.__new__(cls, *args)
        y.args = args
    else:
        args, _ = _newargs(x)
        if deep and args:
            args = deepcopy(args, memo)
        if _plain_new(cls):
            y = object.__new__(cls)
        else:
            y = cls.__new__(cls, *args)
    if deep:
        memo[id(x)] = y
    state = _get_state(x)
    if state:
        if deep:
            state = deepcopy(state, memo)
        _set_state(y, state)
    if isinstance(x, list):
        y.extend([deepcopy(a, memo) for a in x] if deep else x)
    elif isinstance(x, dict):
        for k, v in x.items():
            if deep:
                k = deepcopy(k, memo)
                v = deepcopy(v, memo)
            y[k] = v
    elif isinstance(x, set):
        y.update([deepcopy(a, memo) for a in x] if deep else x)
    return y

def _reconstruct(x, memo, func, args, state=None, listiter=None, dictiter=None):
    deep = memo is not None
    if deep and args:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        _set_state(y, state)
    if listiter is not None:
        for item in listiter:
            if deep:
                item = deepcopy(item, memo)
            y.append(item)
    if dictiter is not None:
        for key, value in dictiter:
            if deep:
                key = deepcopy(key, memo)
                value = deepcopy(value, memo)
            y[key] = value
    return y

def _deep_via_copy(x, memo):
    # Containers implemented in C here without __reduce__ (deque, defaultdict...):
    # a shallow __copy__, then its contents replaced by deep copies.
    y = x.__copy__()
    memo[id(x)] = y
    if isinstance(x, dict):
        items = [(deepcopy(k, memo), deepcopy(v, memo)) for k, v in x.items()]
        y.clear()
        for k, v in items:
            y[k] = v
    elif hasattr(y, 'extend') and hasattr(y, 'clear'):
        items = [deepcopy(a, memo) for a in x]
        y.clear()
        y.extend(items)
    d = getattr(x, '__dict__', None)
    if d:
        y.__dict__.update(deepcopy(d, memo))
    return y

def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _atomic:
        y = x
    elif cls is list:
        y = []
        memo[d] = y
        append = y.append
        for a in x:
            append(deepcopy(a, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is tuple:
        y = [deepcopy(a, memo) for a in x]
        try:
            return memo[d]
        except KeyError:
            pass
        for k, j in zip(x, y):
            if k is not j:
                y = tuple(y)
                break
        else:
            y = x
    elif cls in (set, frozenset):
        y = cls(deepcopy(a, memo) for a in x)
    elif cls is bytearray:
        y = bytearray(x)
    elif issubclass(cls, type):
        y = x
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        else:
            how = _find_reduce(cls)
            if how is not None:
                rv = _reduce(x, how)
                if isinstance(rv, str):
                    y = x
                else:
                    y = _reconstruct(x, memo, *rv)
            elif getattr(cls, '__copy__', None) is not None and not issubclass(cls, (list, set, tuple)):
                y = _deep_via_copy(x, memo)
            else:
                y = _generic(x, memo)
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y

def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]
