import math as _math
from collections import namedtuple as _namedtuple

__all__ = ['Decimal', 'Context', 'DecimalTuple', 'DefaultContext', 'BasicContext',
           'ExtendedContext', 'DecimalException', 'Clamped', 'InvalidOperation',
           'DivisionByZero', 'Inexact', 'Rounded', 'Subnormal', 'Overflow', 'Underflow',
           'FloatOperation', 'DivisionImpossible', 'InvalidContext', 'ConversionSyntax',
           'DivisionUndefined', 'ROUND_DOWN', 'ROUND_HALF_UP', 'ROUND_HALF_EVEN',
           'ROUND_CEILING', 'ROUND_FLOOR', 'ROUND_UP', 'ROUND_HALF_DOWN', 'ROUND_05UP',
           'setcontext', 'getcontext', 'localcontext', 'MAX_PREC', 'MAX_EMAX', 'MIN_EMIN',
           'MIN_ETINY', 'HAVE_THREADS', 'HAVE_CONTEXTVAR']

__version__ = '1.70'
__libmpdec_version__ = '2.5.1'

ROUND_DOWN = 'ROUND_DOWN'
ROUND_HALF_UP = 'ROUND_HALF_UP'
ROUND_HALF_EVEN = 'ROUND_HALF_EVEN'
ROUND_CEILING = 'ROUND_CEILING'
ROUND_FLOOR = 'ROUND_FLOOR'
ROUND_UP = 'ROUND_UP'
ROUND_HALF_DOWN = 'ROUND_HALF_DOWN'
ROUND_05UP = 'ROUND_05UP'
_ROUNDINGS = (ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_CEILING, ROUND_FLOOR,
              ROUND_UP, ROUND_HALF_DOWN, ROUND_05UP)

HAVE_THREADS = True
HAVE_CONTEXTVAR = True
MAX_PREC = 999999999999999999
MAX_EMAX = 999999999999999999
MIN_EMIN = -999999999999999999
MIN_ETINY = MIN_EMIN - (MAX_PREC - 1)

_PyHASH_MODULUS = 2305843009213693951
_PyHASH_INF = 314159
_PyHASH_10INV = pow(10, _PyHASH_MODULUS - 2, _PyHASH_MODULUS)


class DecimalException(ArithmeticError):
    pass

class Clamped(DecimalException):
    pass

class InvalidOperation(DecimalException):
    pass

class ConversionSyntax(InvalidOperation):
    pass

class DivisionByZero(DecimalException, ZeroDivisionError):
    pass

class DivisionImpossible(InvalidOperation):
    pass

class DivisionUndefined(InvalidOperation, ZeroDivisionError):
    pass

class Inexact(DecimalException):
    pass

class InvalidContext(InvalidOperation):
    pass

class Rounded(DecimalException):
    pass

class Subnormal(DecimalException):
    pass

class Overflow(Inexact, Rounded):
    pass

class Underflow(Inexact, Rounded, Subnormal):
    pass

class FloatOperation(DecimalException, TypeError):
    pass

# the signals, in the order the context lists them
_signals = [InvalidOperation, FloatOperation, DivisionByZero, Overflow, Underflow,
            Subnormal, Inexact, Rounded, Clamped]
# the order of libmpdec's signal listing (context repr)
_repr_order = [InvalidOperation, Clamped, DivisionByZero, Inexact, FloatOperation, Overflow,
               Rounded, Subnormal, Underflow]
# conditions and the signal that carries them
_condition_signal = {ConversionSyntax: InvalidOperation, DivisionImpossible: InvalidOperation,
                     DivisionUndefined: InvalidOperation, InvalidContext: InvalidOperation}

DecimalTuple = _namedtuple('DecimalTuple', 'sign digits exponent', module='decimal')


def _round_coeff(sign, c, drop, mode):
    """c with its last `drop` (> 0) digits removed, rounded by `mode`.
    Returns (coefficient, inexact)."""
    p = 10 ** drop
    q, r = divmod(c, p)
    if r == 0:
        return q, False
    half = p // 2
    if mode == ROUND_DOWN:
        up = False
    elif mode == ROUND_UP:
        up = True
    elif mode == ROUND_CEILING:
        up = sign == 0
    elif mode == ROUND_FLOOR:
        up = sign == 1
    elif mode == ROUND_HALF_UP:
        up = r >= half
    elif mode == ROUND_HALF_DOWN:
        up = r > half
    elif mode == ROUND_HALF_EVEN:
        up = r > half or (r == half and q & 1 == 1)
    else:
        up = q % 5 == 0
    return (q + 1 if up else q), True


def _ndigits(c):
    if c < 10 ** 18:
        return len(str(c)) if c else 1
    # 2**(b-1) <= c < 2**b: the digit count is k or k + 1 (no str(): it has a size limit)
    k = int(c.bit_length() * 0.30102999566398120)
    return k + 1 if c >= 10 ** k else k


class Context(object):
    def __init__(self, prec=None, rounding=None, Emin=None, Emax=None, capitals=None,
                 clamp=None, flags=None, traps=None, _ignored_flags=None):
        dc = DefaultContext if '_default_ready' in globals() else None
        self.prec = prec if prec is not None else (dc.prec if dc else 28)
        self.rounding = rounding if rounding is not None else (dc.rounding if dc else ROUND_HALF_EVEN)
        self.Emin = Emin if Emin is not None else (dc.Emin if dc else -999999)
        self.Emax = Emax if Emax is not None else (dc.Emax if dc else 999999)
        self.capitals = capitals if capitals is not None else (dc.capitals if dc else 1)
        self.clamp = clamp if clamp is not None else (dc.clamp if dc else 0)
        if traps is None:
            self.traps = dict(dc.traps) if dc else {s: s in (InvalidOperation, DivisionByZero, Overflow) for s in _signals}
        elif not isinstance(traps, dict):
            self.traps = {s: s in traps for s in _signals}
        else:
            self.traps = {s: bool(traps.get(s, False)) for s in _signals}
        if flags is None:
            self.flags = {s: False for s in _signals}
        elif not isinstance(flags, dict):
            self.flags = {s: s in flags for s in _signals}
        else:
            self.flags = {s: bool(flags.get(s, False)) for s in _signals}

    def __setattr__(self, name, value):
        if name == 'prec':
            if not isinstance(value, int):
                raise TypeError('an integer is required')
            if not 1 <= value <= MAX_PREC:
                raise ValueError('valid range for prec is [1, MAX_PREC]')
        elif name == 'rounding':
            if value not in _ROUNDINGS:
                raise TypeError('valid values for rounding are:\n'
                                '  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\n'
                                '   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\n'
                                '   ROUND_05UP]')
        elif name == 'Emin':
            if value > 0:
                raise ValueError('valid range for Emin is [MIN_EMIN, 0]')
        elif name == 'Emax':
            if value < 0:
                raise ValueError('valid range for Emax is [0, MAX_EMAX]')
        elif name not in ('capitals', 'clamp', 'flags', 'traps'):
            raise AttributeError("'decimal.Context' object has no attribute '%s'" % name)
        object.__setattr__(self, name, value)

    def __repr__(self):
        flags = [s.__name__ for s in _repr_order if self.flags[s]]
        traps = [s.__name__ for s in _repr_order if self.traps[s]]
        return ('Context(prec=%d, rounding=%s, Emin=%d, Emax=%d, capitals=%d, clamp=%d, '
                'flags=[%s], traps=[%s])' % (self.prec, self.rounding, self.Emin, self.Emax,
                                             self.capitals, self.clamp, ', '.join(flags),
                                             ', '.join(traps)))

    def copy(self):
        return Context(self.prec, self.rounding, self.Emin, self.Emax, self.capitals,
                       self.clamp, dict(self.flags), dict(self.traps))
    __copy__ = copy

    def clear_flags(self):
        for s in self.flags:
            self.flags[s] = False

    def clear_traps(self):
        for s in self.traps:
            self.traps[s] = False

    def Etiny(self):
        return self.Emin - self.prec + 1

    def Etop(self):
        return self.Emax - self.prec + 1

    def _raise_error(self, condition, result=None):
        signal = _condition_signal.get(condition, condition)
        self.flags[signal] = True
        if self.traps[signal]:
            raise signal([condition])
        return result

    def create_decimal(self, num='0'):
        if isinstance(num, str) and (num != num.strip() or '_' in num):
            return self._raise_error(ConversionSyntax, _NaN)
        d = Decimal(num, context=self)
        return d._fix(self)

    def create_decimal_from_float(self, f):
        return Decimal.from_float(f)._fix(self)

    def abs(self, a):
        return _convert(a, True).__abs__(context=self)
    def add(self, a, b):
        return _convert(a, True).__add__(b, context=self)
    def subtract(self, a, b):
        return _convert(a, True).__sub__(b, context=self)
    def multiply(self, a, b):
        return _convert(a, True).__mul__(b, context=self)
    def divide(self, a, b):
        return _convert(a, True).__truediv__(b, context=self)
    def divide_int(self, a, b):
        return _convert(a, True).__floordiv__(b, context=self)
    def remainder(self, a, b):
        return _convert(a, True).__mod__(b, context=self)
    def divmod(self, a, b):
        return _convert(a, True).__divmod__(b, context=self)
    def power(self, a, b, modulo=None):
        return _convert(a, True).__pow__(b, modulo, context=self)
    def sqrt(self, a):
        return _convert(a, True).sqrt(context=self)
    def plus(self, a):
        return _convert(a, True).__pos__(context=self)
    def minus(self, a):
        return _convert(a, True).__neg__(context=self)
    def quantize(self, a, b):
        return _convert(a, True).quantize(b, context=self)
    def to_integral_value(self, a):
        return _convert(a, True).to_integral_value(context=self)
    def to_integral_exact(self, a):
        return _convert(a, True).to_integral_exact(context=self)
    def compare(self, a, b):
        return _convert(a, True).compare(b, context=self)
    def max(self, a, b):
        return _convert(a, True).max(b, context=self)
    def min(self, a, b):
        return _convert(a, True).min(b, context=self)
    def normalize(self, a):
        return _convert(a, True).normalize(context=self)
    def to_sci_string(self, a):
        return _convert(a, True).__str__(context=self)
    def to_eng_string(self, a):
        return _convert(a, True).to_eng_string(context=self)
    def is_zero(self, a):
        return _convert(a, True).is_zero()
    def exp(self, a):
        return _convert(a, True).exp(context=self)
    def ln(self, a):
        return _convert(a, True).ln(context=self)
    def log10(self, a):
        return _convert(a, True).log10(context=self)
    def fma(self, a, b, c):
        return _convert(a, True).fma(b, c, context=self)


_current_context = None


def getcontext():
    global _current_context
    if _current_context is None:
        _current_context = Context()
    return _current_context


def setcontext(context):
    global _current_context
    if not isinstance(context, Context):
        raise TypeError('argument must be a context')
    if context is DefaultContext or context is BasicContext or context is ExtendedContext:
        context = context.copy()
        context.clear_flags()
    _current_context = context


class _ContextManager(object):
    def __init__(self, new_context):
        self.new_context = new_context.copy()
    def __enter__(self):
        self.saved_context = getcontext()
        setcontext(self.new_context)
        return self.new_context
    def __exit__(self, t, v, tb):
        setcontext(self.saved_context)


def localcontext(ctx=None, **kwargs):
    if ctx is None:
        ctx = getcontext()
    manager = _ContextManager(ctx)
    for key, value in kwargs.items():
        if key not in ('prec', 'rounding', 'Emin', 'Emax', 'capitals', 'clamp', 'flags', 'traps'):
            raise TypeError("'%s' is an invalid keyword argument for this function" % key)
        setattr(manager.new_context, key, value)
    return manager


def _parse(s):
    """(sign, coefficient, exponent, special) from a numeric string, or None."""
    s = s.strip().replace('_', '') if '_' in s and not s.startswith('_') and not s.endswith('_') and '__' not in s else s.strip()
    if not s:
        return None
    sign = 0
    if s[0] in '+-':
        sign = 1 if s[0] == '-' else 0
        s = s[1:]
    low = s.lower()
    if low in ('inf', 'infinity'):
        return sign, 0, 0, 'F'
    for prefix, kind in (('snan', 'N'), ('nan', 'n')):
        if low.startswith(prefix):
            payload = low[len(prefix):]
            if payload == '':
                return sign, 0, 0, kind
            if payload.isdigit() and payload.isascii():
                return sign, int(payload), 0, kind
            return None
    exp = 0
    epos = low.find('e')
    if epos >= 0:
        e = low[epos + 1:]
        low = low[:epos]
        if e[:1] in '+-':
            digits_e = e[1:]
        else:
            digits_e = e
        if not digits_e or not digits_e.isdigit() or not digits_e.isascii():
            return None
        exp = int(e)
    if '.' in low:
        intpart, _, frac = low.partition('.')
    else:
        intpart, frac = low, ''
    if not intpart and not frac:
        return None
    digits = intpart + frac
    if not digits.isdigit():
        return None
    digits = ''.join(str(int(ch)) for ch in digits) if not digits.isascii() else digits
    return sign, int(digits), exp - len(frac), None


def _convert(other, raiseit=False):
    if isinstance(other, Decimal):
        return other
    if isinstance(other, int):
        return Decimal(other)
    if raiseit:
        raise TypeError('conversion from %s to Decimal is not supported' % type(other).__name__)
    return NotImplemented


def _is_foreign_builtin(other):
    t = type(other)
    return t.__module__ == 'builtins' or t.__name__ == 'Fraction'


def _type_display(x):
    return 'decimal.Decimal' if isinstance(x, Decimal) else type(x).__name__


def _unsupported(op, a, b):
    # CPython's C Decimal is named decimal.Decimal in these messages
    raise TypeError("unsupported operand type(s) for %s: '%s' and '%s'"
                    % (op, _type_display(a), _type_display(b)))


def _convert_for_compare(other):
    if isinstance(other, Decimal):
        return other
    if isinstance(other, int):
        return Decimal(other)
    if isinstance(other, float):
        return Decimal.from_float(other)
    return NotImplemented


def _new(sign, coeff, exp, special=None):
    d = object.__new__(Decimal)
    d._sign = sign
    d._int = coeff
    d._exp = exp
    d._special = special
    return d


class Decimal(object):
    __slots__ = ('_sign', '_int', '_exp', '_special')

    def __new__(cls, value='0', context=None):
        self = object.__new__(cls)
        if isinstance(value, str):
            parsed = _parse(value)
            if parsed is None:
                if context is None:
                    context = getcontext()
                context._raise_error(ConversionSyntax)
                self._sign, self._int, self._exp, self._special = 0, 0, 0, 'n'
                return self
            self._sign, self._int, self._exp, self._special = parsed
            return self
        if isinstance(value, int):
            self._sign = 1 if value < 0 else 0
            self._int = abs(value)
            self._exp = 0
            self._special = None
            return self
        if isinstance(value, Decimal):
            self._sign, self._int, self._exp, self._special = (
                value._sign, value._int, value._exp, value._special)
            return self
        if isinstance(value, float):
            (context or getcontext())._raise_error(FloatOperation)
            d = Decimal.from_float(value)
            self._sign, self._int, self._exp, self._special = d._sign, d._int, d._exp, d._special
            return self
        if isinstance(value, (list, tuple)):
            if len(value) != 3:
                raise ValueError('argument must be a sequence of length 3')
            sign, digits, exp = value
            if sign not in (0, 1):
                raise ValueError('sign must be an integer with the value 0 or 1')
            self._sign = sign
            if exp == 'F':
                self._int, self._exp, self._special = 0, 0, 'F'
                return self
            coeff = 0
            for d in digits:
                if not isinstance(d, int) or not 0 <= d <= 9:
                    raise ValueError('coefficient must be a tuple of digits')
                coeff = coeff * 10 + d
            if exp in ('n', 'N'):
                self._int, self._exp, self._special = coeff, 0, exp
                return self
            if not isinstance(exp, int):
                raise ValueError('exponent must be an integer')
            self._int, self._exp, self._special = coeff, exp, None
            return self
        raise TypeError('conversion from %s to Decimal is not supported' % type(value).__name__)

    @classmethod
    def from_float(cls, f):
        if isinstance(f, int):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError('argument must be int or float')
        if _math.isinf(f) or _math.isnan(f):
            return cls(repr(f))
        sign = 0 if _math.copysign(1.0, f) == 1.0 else 1
        n, d = abs(f).as_integer_ratio()
        k = d.bit_length() - 1
        result = _new(sign, n * 5 ** k, -k)
        if cls is Decimal:
            return result
        return cls(result)

    # ---- predicates and accessors ---------------------------------------------------
    def is_nan(self):
        return self._special in ('n', 'N')
    def is_qnan(self):
        return self._special == 'n'
    def is_snan(self):
        return self._special == 'N'
    def is_infinite(self):
        return self._special == 'F'
    def is_finite(self):
        return self._special is None
    def is_zero(self):
        return self._special is None and self._int == 0
    def is_signed(self):
        return self._sign == 1
    def is_canonical(self):
        return True
    def is_normal(self, context=None):
        if self._special or not self._int:
            return False
        if context is None:
            context = getcontext()
        return context.Emin <= self.adjusted()
    def is_subnormal(self, context=None):
        if self._special or not self._int:
            return False
        if context is None:
            context = getcontext()
        return self.adjusted() < context.Emin

    def adjusted(self):
        if self._special:
            return 0
        return self._exp + _ndigits(self._int) - 1

    def as_tuple(self):
        digits = tuple(int(c) for c in str(self._int)) if (self._int or not self._special) else ()
        if self._special == 'F':
            return DecimalTuple(self._sign, (0,), 'F')
        if self._special:
            return DecimalTuple(self._sign, digits, self._special)
        return DecimalTuple(self._sign, digits, self._exp)

    def as_integer_ratio(self):
        if self._special:
            if self.is_nan():
                raise ValueError('cannot convert NaN to integer ratio')
            raise OverflowError('cannot convert Infinity to integer ratio')
        if not self._int:
            return 0, 1
        n = self._int
        if self._exp >= 0:
            n, d = n * 10 ** self._exp, 1
        else:
            d = 10 ** -self._exp
            g = _math.gcd(n, d)
            n //= g
            d //= g
        return (-n if self._sign else n), d

    @property
    def real(self):
        return self

    @property
    def imag(self):
        return Decimal(0)

    def conjugate(self):
        return self

    def canonical(self):
        return self

    def copy_abs(self):
        return _new(0, self._int, self._exp, self._special)

    def copy_negate(self):
        return _new(1 - self._sign, self._int, self._exp, self._special)

    def copy_sign(self, other, context=None):
        other = _convert(other, True)
        return _new(other._sign, self._int, self._exp, self._special)

    # ---- string conversion ------------------------------------------------------------
    def __str__(self, eng=False, context=None):
        sign = '-' if self._sign else ''
        if self._special:
            if self._special == 'F':
                return sign + 'Infinity'
            name = 'NaN' if self._special == 'n' else 'sNaN'
            return sign + name + (str(self._int) if self._int else '')
        digits = str(self._int)
        leftdigits = self._exp + len(digits)
        if self._exp <= 0 and leftdigits > -6:
            dotplace = leftdigits
        elif not eng:
            dotplace = 1
        elif self._int == 0:
            dotplace = (leftdigits + 1) % 3 - 1
        else:
            dotplace = (leftdigits - 1) % 3 + 1
        if dotplace <= 0:
            intpart = '0'
            fracpart = '.' + '0' * (-dotplace) + digits
        elif dotplace >= len(digits):
            intpart = digits + '0' * (dotplace - len(digits))
            fracpart = ''
        else:
            intpart = digits[:dotplace]
            fracpart = '.' + digits[dotplace:]
        if leftdigits == dotplace:
            exp = ''
        else:
            if context is None:
                context = getcontext()
            exp = ['e', 'E'][context.capitals] + '%+d' % (leftdigits - dotplace)
        return sign + intpart + fracpart + exp

    def to_eng_string(self, context=None):
        return self.__str__(eng=True, context=context)

    def __repr__(self):
        return "Decimal('%s')" % str(self)

    # ---- rounding to a context ----------------------------------------------------------
    def _fix(self, context):
        if self._special:
            if self._special == 'N':
                return _new(self._sign, self._int, 0, 'n')
            return self
        Etiny = context.Etiny()
        Etop = context.Etop()
        if not self._int:
            exp_max = [context.Emax, Etop][context.clamp]
            new_exp = min(max(self._exp, Etiny), exp_max)
            if new_exp != self._exp:
                context._raise_error(Clamped)
                return _new(self._sign, 0, new_exp)
            return self
        n = _ndigits(self._int)
        exp_min = n + self._exp - context.prec
        if exp_min > Etop:
            context._raise_error(Inexact)
            context._raise_error(Rounded)
            return context._raise_error(Overflow, self._overflow_result(context))
        self_is_subnormal = exp_min < Etiny
        if self_is_subnormal:
            exp_min = Etiny
        if self._exp < exp_min:
            drop = exp_min - self._exp
            if drop > n + 1:
                coeff, inexact = _round_coeff(self._sign, self._int * 10, n + 2, context.rounding)
            else:
                coeff, inexact = _round_coeff(self._sign, self._int, drop, context.rounding)
            exp = exp_min
            if _ndigits(coeff) > context.prec:
                coeff //= 10
                exp += 1
                if exp > Etop:
                    context._raise_error(Inexact)
                    context._raise_error(Rounded)
                    return context._raise_error(Overflow, self._overflow_result(context))
            ans = _new(self._sign, coeff, exp)
            if self_is_subnormal:
                context._raise_error(Subnormal)
            if inexact:
                if self_is_subnormal:
                    context._raise_error(Underflow)
                context._raise_error(Inexact)
            context._raise_error(Rounded)
            if not coeff and self_is_subnormal:
                context._raise_error(Clamped)
            return ans
        if self_is_subnormal:
            context._raise_error(Subnormal)
        if context.clamp == 1 and self._exp > Etop:
            context._raise_error(Clamped)
            shift = self._exp - Etop
            return _new(self._sign, self._int * 10 ** shift, Etop)
        return self

    def _overflow_result(self, context):
        r = context.rounding
        if r in (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN, ROUND_UP):
            return _new(self._sign, 0, 0, 'F')
        if (self._sign == 0 and r == ROUND_CEILING) or (self._sign == 1 and r == ROUND_FLOOR):
            return _new(self._sign, 0, 0, 'F')
        return _new(self._sign, 10 ** context.prec - 1, context.Emax - context.prec + 1)

    def _rescale(self, exp, rounding):
        """Same value with exponent exp (rounding if needed); no context checks."""
        if self._special:
            return self
        if not self._int:
            return _new(self._sign, 0, exp)
        if self._exp >= exp:
            return _new(self._sign, self._int * 10 ** (self._exp - exp), exp)
        drop = exp - self._exp
        n = _ndigits(self._int)
        if drop > n + 1:
            # every digit goes: only the sticky information matters
            coeff, _ = _round_coeff(self._sign, self._int * 10, n + 2, rounding)
        else:
            coeff, _ = _round_coeff(self._sign, self._int, drop, rounding)
        return _new(self._sign, coeff, exp)

    def _check_nans(self, other=None, context=None):
        """The NaN result of an operation with a NaN operand, or None."""
        if context is None:
            context = getcontext()
        for v in (self, other):
            if v is not None and v._special == 'N':
                return context._raise_error(InvalidOperation, _new(v._sign, v._int, 0, 'n'))
        for v in (self, other):
            if v is not None and v._special == 'n':
                return v
        return None

    # ---- arithmetic --------------------------------------------------------------------
    def __pos__(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return self
        if not self._int and context.rounding != ROUND_FLOOR:
            return _new(0, 0, self._exp)._fix(context)
        return self._fix(context)

    def __neg__(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return self.copy_negate()
        if not self._int and context.rounding != ROUND_FLOOR:
            return _new(0, 0, self._exp)._fix(context)
        return self.copy_negate()._fix(context)

    def __abs__(self, round=True, context=None):
        if not round:
            return self.copy_abs()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
        if self._sign:
            return self.__neg__(context=context)
        return self.__pos__(context=context)

    def __add__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('+', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        if self._special or other._special:
            ans = self._check_nans(other, context)
            if ans is not None:
                return ans
            if self._special == 'F':
                if other._special == 'F' and self._sign != other._sign:
                    return context._raise_error(InvalidOperation, _NaN)
                return self
            return other
        a_int, a_exp, b_int, b_exp = self._int, self._exp, other._int, other._exp
        # an operand far below the other's last digit only matters as a sticky digit
        if a_exp < b_exp:
            big_int, big_exp, small_int, small_exp = b_int, b_exp, a_int, a_exp
        else:
            big_int, big_exp, small_int, small_exp = a_int, a_exp, b_int, b_exp
        limit = big_exp + min(-1, _ndigits(big_int) - context.prec - 2)
        if small_int and _ndigits(small_int) + small_exp - 1 < limit:
            if a_exp < b_exp:
                a_int, a_exp = 1, limit
            else:
                b_int, b_exp = 1, limit
        exp = min(a_exp, b_exp)
        a = a_int * 10 ** (a_exp - exp)
        b = b_int * 10 ** (b_exp - exp)
        total = (-a if self._sign else a) + (-b if other._sign else b)
        if total == 0:
            sign = 0
            if self._sign == other._sign == 1:
                sign = 1
            elif self._sign != other._sign and context.rounding == ROUND_FLOOR:
                sign = 1
            return _new(sign, 0, exp)._fix(context)
        return _new(1 if total < 0 else 0, abs(total), exp)._fix(context)
    def __radd__(self, other, context=None):
        if not isinstance(other, (int, Decimal)) and _is_foreign_builtin(other):
            _unsupported('+', other, self)
        return self.__add__(other, context=context)

    def __sub__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('-', self, other)
            return conv
        other = conv
        return self.__add__(other.copy_negate(), context=context)

    def __rsub__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('-', other, self)
            return conv
        other = conv
        return other.__sub__(self, context=context)

    def __mul__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if isinstance(other, (str, list, tuple, bytes, bytearray)):
                raise TypeError("can't multiply sequence by non-int of type 'decimal.Decimal'")
            if _is_foreign_builtin(other):
                _unsupported('*', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        sign = self._sign ^ other._sign
        if self._special or other._special:
            ans = self._check_nans(other, context)
            if ans is not None:
                return ans
            if self._special == 'F':
                if other.is_zero():
                    return context._raise_error(InvalidOperation, _NaN)
                return _new(sign, 0, 0, 'F')
            if self.is_zero():
                return context._raise_error(InvalidOperation, _NaN)
            return _new(sign, 0, 0, 'F')
        return _new(sign, self._int * other._int, self._exp + other._exp)._fix(context)
    def __rmul__(self, other, context=None):
        if isinstance(other, (str, list, tuple, bytes, bytearray)):
            raise TypeError("can't multiply sequence by non-int of type 'decimal.Decimal'")
        if not isinstance(other, (int, Decimal)) and _is_foreign_builtin(other):
            _unsupported('*', other, self)
        return self.__mul__(other, context=context)

    def __truediv__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('/', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        sign = self._sign ^ other._sign
        if self._special or other._special:
            ans = self._check_nans(other, context)
            if ans is not None:
                return ans
            if self._special == 'F' and other._special == 'F':
                return context._raise_error(InvalidOperation, _NaN)
            if self._special == 'F':
                return _new(sign, 0, 0, 'F')
            context._raise_error(Clamped)
            return _new(sign, 0, context.Etiny())
        if not other._int:
            if not self._int:
                return context._raise_error(DivisionUndefined, _NaN)
            return context._raise_error(DivisionByZero, _new(sign, 0, 0, 'F'))
        if not self._int:
            exp = self._exp - other._exp
            coeff = 0
        else:
            shift = _ndigits(other._int) - _ndigits(self._int) + context.prec + 1
            exp = self._exp - other._exp - shift
            if shift >= 0:
                coeff, remainder = divmod(self._int * 10 ** shift, other._int)
            else:
                coeff, remainder = divmod(self._int, other._int * 10 ** -shift)
            if remainder:
                if coeff % 5 == 0:
                    coeff += 1
            else:
                ideal_exp = self._exp - other._exp
                while exp < ideal_exp and coeff % 10 == 0:
                    coeff //= 10
                    exp += 1
        return _new(sign, coeff, exp)._fix(context)

    def __rtruediv__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('/', other, self)
            return conv
        other = conv
        return other.__truediv__(self, context=context)

    def _divide(self, other, context):
        sign = self._sign ^ other._sign
        if other._special == 'F':
            ideal_exp = self._exp
        else:
            ideal_exp = min(self._exp, other._exp)
        expdiff = self.adjusted() - other.adjusted()
        if not self._int or other._special == 'F' or expdiff <= -2:
            return (_new(sign, 0, 0), self._rescale(ideal_exp, context.rounding))
        if expdiff <= context.prec:
            a, b = self._int, other._int
            if self._exp >= other._exp:
                a *= 10 ** (self._exp - other._exp)
            else:
                b *= 10 ** (other._exp - self._exp)
            q, r = divmod(a, b)
            if q < 10 ** context.prec:
                return (_new(sign, q, 0), _new(self._sign, r, ideal_exp))
        ans = context._raise_error(DivisionImpossible, _NaN)
        return ans, ans

    def __divmod__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('divmod()', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        ans = self._check_nans(other, context)
        if ans is not None:
            return (ans, ans)
        sign = self._sign ^ other._sign
        if self._special == 'F':
            if other._special == 'F':
                ans = context._raise_error(InvalidOperation, _NaN)
                return ans, ans
            return (_new(sign, 0, 0, 'F'), context._raise_error(InvalidOperation, _NaN))
        if not other._special and not other._int:
            if not self._int:
                ans = context._raise_error(DivisionUndefined, _NaN)
                return ans, ans
            return (context._raise_error(DivisionByZero, _new(sign, 0, 0, 'F')),
                    context._raise_error(InvalidOperation, _NaN))
        quotient, remainder = self._divide(other, context)
        return quotient, remainder._fix(context)

    def __rdivmod__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('divmod()', other, self)
            return conv
        other = conv
        return other.__divmod__(self, context=context)

    def __mod__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('%', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        ans = self._check_nans(other, context)
        if ans is not None:
            return ans
        if self._special == 'F':
            return context._raise_error(InvalidOperation, _NaN)
        if not other._special and not other._int:
            if self._int:
                return context._raise_error(InvalidOperation, _NaN)
            return context._raise_error(DivisionUndefined, _NaN)
        remainder = self._divide(other, context)[1]
        return remainder._fix(context)

    def __rmod__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('%', other, self)
            return conv
        other = conv
        return other.__mod__(self, context=context)

    def __floordiv__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('//', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        ans = self._check_nans(other, context)
        if ans is not None:
            return ans
        if self._special == 'F':
            if other._special == 'F':
                return context._raise_error(InvalidOperation, _NaN)
            return _new(self._sign ^ other._sign, 0, 0, 'F')
        if not other._special and not other._int:
            if self._int:
                return context._raise_error(DivisionByZero, _new(self._sign ^ other._sign, 0, 0, 'F'))
            return context._raise_error(DivisionUndefined, _NaN)
        return self._divide(other, context)[0]

    def __rfloordiv__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('//', other, self)
            return conv
        other = conv
        return other.__floordiv__(self, context=context)

    def __pow__(self, other, modulo=None, context=None):
        if modulo is not None:
            return self._power_modulo(other, modulo, context)
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('** or pow()', self, other)
            return conv
        other = conv
        if context is None:
            context = getcontext()
        ans = self._check_nans(other, context)
        if ans is not None:
            return ans
        if not other._special and not other._int:
            if not self._special and not self._int:
                return context._raise_error(InvalidOperation, _NaN)
            return _new(0, 1, 0)._fix(context)
        if self._special or other._special:
            return self._power_special(other, context)
        other_integral = other._exp >= 0 or other._int % 10 ** (-other._exp) == 0
        result_sign = 0
        if self._sign == 1:
            if other_integral:
                n = other._int * 10 ** other._exp if other._exp >= 0 else other._int // 10 ** (-other._exp)
                result_sign = n & 1
            elif self._int:
                return context._raise_error(InvalidOperation, _NaN)
        if not self._int:
            if other._sign == 0:
                return _new(result_sign, 0, 0)
            return _new(result_sign, 0, 0, 'F')
        if other_integral:
            n = other._int * 10 ** other._exp if other._exp >= 0 else other._int // 10 ** (-other._exp)
            if other._sign == 0:
                if n * max(_ndigits(self._int), 1) > 4 * context.prec + 10000 and self._int != 1:
                    pass
                ans = _new(result_sign, self._int ** n, self._exp * n)
                return ans._fix(context)
            denom = _new(0, self._int ** n, self._exp * n)
            ctx = context.copy()
            ctx.traps = dict.fromkeys(_signals, False)
            ans = _new(0, 1, 0).__truediv__(denom, context=ctx)
            for s in (Inexact, Rounded, Subnormal, Underflow, Overflow, Clamped):
                if ctx.flags[s]:
                    context._raise_error(s)
            return _new(result_sign, ans._int, ans._exp, ans._special)
        return self._power_general(other, context)

    def __rpow__(self, other, context=None):
        conv = _convert(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                _unsupported('** or pow()', other, self)
            return conv
        other = conv
        return other.__pow__(self, context=context)

    def _power_special(self, other, context):
        if other._special == 'F':
            cmp_one = self.copy_abs().compare_total_magnitude_one()
            if cmp_one == 0:
                return _new(0, 1, 0)._fix(context)
            if (cmp_one > 0) == (other._sign == 0):
                return _new(0, 0, 0, 'F')
            return _new(0, 0, 0)
        if self._sign and not (other._exp >= 0 or other._int % 10 ** (-other._exp) == 0):
            return context._raise_error(InvalidOperation, _NaN)
        n_odd = False
        if other._exp >= 0 or other._int % 10 ** (-other._exp) == 0:
            n = other._int * 10 ** other._exp if other._exp >= 0 else other._int // 10 ** (-other._exp)
            n_odd = n & 1 == 1
        sign = self._sign if n_odd else 0
        if other._sign:
            return _new(sign, 0, 0)
        return _new(sign, 0, 0, 'F')

    def compare_total_magnitude_one(self):
        if self._special:
            return 1
        a, b = self.as_integer_ratio()
        a = abs(a)
        return (a > b) - (a < b)

    def _power_modulo(self, other, modulo, context):
        other = _convert(other, True)
        modulo = _convert(modulo, True)
        if context is None:
            context = getcontext()
        if not (self._is_integer() and other._is_integer() and modulo._is_integer()):
            return context._raise_error(InvalidOperation, _NaN)
        if other._sign:
            return context._raise_error(InvalidOperation, _NaN)
        m = int(modulo)
        if not m:
            return context._raise_error(InvalidOperation, _NaN)
        # |x|**y mod |m|, negative when x is negative and y odd
        r = pow(abs(int(self)), int(other), abs(m))
        if self._sign and int(other) & 1:
            r = -r
        return Decimal(r)

    def _is_integer(self):
        if self._special:
            return False
        return self._exp >= 0 or self._int % 10 ** (-self._exp) == 0

    def _power_general(self, other, context):
        # x**y = exp(y * ln(x)), computed with guard digits and rounded once
        prec = context.prec
        extra = 12
        while True:
            p = prec + extra
            lnx = _ln_fixed(self._int, self._exp, p + 3)
            y_num, y_den = other.as_integer_ratio()
            t = lnx * y_num // y_den
            val = _exp_fixed(t, p + 3)
            coeff, exp = val, -(p + 3)
            ans = _new(0, coeff, exp)
            lo = _new(0, coeff - 1, exp)._round_to(prec, context.rounding)
            hi = _new(0, coeff + 1, exp)._round_to(prec, context.rounding)
            if lo == hi or extra > 60:
                break
            extra += 20
        ctx = context.copy()
        ctx.traps = dict.fromkeys(_signals, False)
        ctx.clear_flags()
        result = _new(0, coeff * 10 + 1, exp - 1)._fix(ctx)
        for s in (Inexact, Rounded, Subnormal, Underflow, Overflow, Clamped):
            if ctx.flags[s]:
                context._raise_error(s)
        return result

    def _round_to(self, prec, rounding):
        ctx = Context(prec=prec, rounding=rounding, traps=[])
        return self._fix(ctx)

    def sqrt(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            if self._sign == 0:
                return self
        if not self._int:
            return _new(self._sign, 0, self._exp >> 1)._fix(context)
        if self._sign == 1:
            return context._raise_error(InvalidOperation, _NaN)
        prec = context.prec + 1
        e = self._exp >> 1
        if self._exp & 1:
            c = self._int * 10
            l = (_ndigits(self._int) >> 1) + 1
        else:
            c = self._int
            l = (_ndigits(self._int) + 1) >> 1
        shift = prec - l
        if shift >= 0:
            c *= 100 ** shift
            exact = True
        else:
            c, remainder = divmod(c, 100 ** -shift)
            exact = not remainder
        e -= shift
        n = _math.isqrt(c)
        exact = exact and n * n == c
        if exact:
            if shift >= 0:
                n //= 10 ** shift
            else:
                n *= 10 ** -shift
            e += shift
        else:
            if n % 5 == 0:
                n += 1
        ctx = context.copy()
        ctx.rounding = ROUND_HALF_EVEN
        ctx.flags = context.flags
        ctx.traps = context.traps
        return _new(0, n, e)._fix(ctx)

    def exp(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return _new(0, 0, 0) if self._sign else self
        if not self._int:
            return _new(0, 1, 0)
        return _new(0, 1, 0)._power_general_exp(self, context)

    def _power_general_exp(self, y, context):
        prec = context.prec
        extra = 12
        while True:
            p = prec + extra
            yn, yd = y.as_integer_ratio()
            t = yn * 10 ** (p + 3) // yd
            val = _exp_fixed(t, p + 3)
            coeff, exp = val, -(p + 3)
            lo = _new(0, coeff - 1, exp)._round_to(prec, context.rounding)
            hi = _new(0, coeff + 1, exp)._round_to(prec, context.rounding)
            if lo == hi or extra > 60:
                break
            extra += 20
        ctx = context.copy()
        ctx.traps = dict.fromkeys(_signals, False)
        ctx.clear_flags()
        result = _new(0, coeff * 10 + 1, exp - 1)._fix(ctx)
        for s in (Inexact, Rounded):
            if ctx.flags[s]:
                context._raise_error(s)
        return result

    def ln(self, context=None):
        return self._log(context, 0)

    def log10(self, context=None):
        return self._log(context, 1)

    def _log(self, context, base10):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            if self._sign:
                return context._raise_error(InvalidOperation, _NaN)
            return self
        if not self._int:
            return _new(1, 0, 0, 'F')
        if self._sign:
            return context._raise_error(InvalidOperation, _NaN)
        if base10:
            c = self._int
            k = 0
            while c % 10 == 0:
                c //= 10
                k += 1
            if c == 1:
                return Decimal(self._exp + k)
        elif self._int == 1 and self._exp == 0:
            return _new(0, 0, 0)
        prec = context.prec
        extra = 12
        while True:
            p = prec + extra
            val = _ln_fixed(self._int, self._exp, p + 3)
            if base10:
                val = val * 10 ** (p + 3) // _ln_fixed(10, 0, p + 3)
            sign = 1 if val < 0 else 0
            coeff, exp = abs(val), -(p + 3)
            lo = _new(sign, coeff - 1, exp)._round_to(prec, context.rounding)
            hi = _new(sign, coeff + 1, exp)._round_to(prec, context.rounding)
            if lo == hi or extra > 60:
                break
            extra += 20
        ctx = context.copy()
        ctx.traps = dict.fromkeys(_signals, False)
        ctx.clear_flags()
        result = _new(sign, coeff * 10 + 1, exp - 1)._fix(ctx)
        for s in (Inexact, Rounded):
            if ctx.flags[s]:
                context._raise_error(s)
        return result

    def fma(self, other, third, context=None):
        other = _convert(other, True)
        third = _convert(third, True)
        product = _new(self._sign ^ other._sign, self._int * other._int, self._exp + other._exp)
        return product.__add__(third, context=context)

    # ---- rounding operations -------------------------------------------------------------
    def quantize(self, exp, rounding=None, context=None):
        exp = _convert(exp, True)
        if context is None:
            context = getcontext()
        if rounding is None:
            rounding = context.rounding
        if self._special or exp._special:
            ans = self._check_nans(exp, context)
            if ans is not None:
                return ans
            if self._special == 'F' and exp._special == 'F':
                return self
            return context._raise_error(InvalidOperation, _NaN)
        if not (context.Etiny() <= exp._exp <= context.Emax):
            return context._raise_error(InvalidOperation, _NaN)
        if not self._int:
            ans = _new(self._sign, 0, exp._exp)
            return ans._fix(context)
        self_adjusted = self.adjusted()
        if self_adjusted > context.Emax:
            return context._raise_error(InvalidOperation, _NaN)
        if self_adjusted - exp._exp + 1 > context.prec:
            return context._raise_error(InvalidOperation, _NaN)
        ans = self._rescale(exp._exp, rounding)
        if ans.adjusted() > context.Emax:
            return context._raise_error(InvalidOperation, _NaN)
        if _ndigits(ans._int) > context.prec:
            return context._raise_error(InvalidOperation, _NaN)
        if ans._exp > self._exp:
            if ans != self:
                context._raise_error(Inexact)
            context._raise_error(Rounded)
        return ans._fix(context)

    def same_quantum(self, other, context=None):
        other = _convert(other, True)
        if self._special or other._special:
            return (self.is_nan() and other.is_nan()) or (self.is_infinite() and other.is_infinite())
        return self._exp == other._exp

    def to_integral_value(self, rounding=None, context=None):
        if context is None:
            context = getcontext()
        if rounding is None:
            rounding = context.rounding
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return self
        if self._exp >= 0:
            return self
        return self._rescale(0, rounding)

    to_integral = to_integral_value

    def to_integral_exact(self, rounding=None, context=None):
        if context is None:
            context = getcontext()
        if rounding is None:
            rounding = context.rounding
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return self
        if self._exp >= 0:
            return self
        if not self._int:
            return _new(self._sign, 0, 0)
        ans = self._rescale(0, rounding)
        if ans != self:
            context._raise_error(Inexact)
        context._raise_error(Rounded)
        return ans

    def normalize(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            return self
        dup = self._fix(context)
        if dup._special:
            return dup
        if not dup._int:
            return _new(dup._sign, 0, 0)
        exp_max = [context.Emax, context.Etop()][context.clamp]
        c, e = dup._int, dup._exp
        while c % 10 == 0 and e < exp_max:
            c //= 10
            e += 1
        return _new(dup._sign, c, e)

    def next_plus(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            if self._sign:
                return _new(1, 10 ** context.prec - 1, context.Etop())
            return self
        ctx = context.copy()
        ctx.rounding = ROUND_CEILING
        ctx.traps = dict.fromkeys(_signals, False)
        ans = self._fix(ctx)
        if ans != self:
            return ans
        tiny = _new(0, 1, context.Etiny() - 1)
        return self.__add__(tiny, context=ctx)

    def next_minus(self, context=None):
        if context is None:
            context = getcontext()
        if self._special:
            ans = self._check_nans(context=context)
            if ans is not None:
                return ans
            if not self._sign:
                return _new(0, 10 ** context.prec - 1, context.Etop())
            return self
        ctx = context.copy()
        ctx.rounding = ROUND_FLOOR
        ctx.traps = dict.fromkeys(_signals, False)
        ans = self._fix(ctx)
        if ans != self:
            return ans
        tiny = _new(1, 1, context.Etiny() - 1)
        return self.__add__(tiny, context=ctx)

    # ---- comparison ------------------------------------------------------------------------
    def _cmp(self, other):
        """-1, 0, 1 for two non-NaN Decimals."""
        if self._special or other._special:
            a = 0 if not self._special else (-1 if self._sign else 1) * 2
            b = 0 if not other._special else (-1 if other._sign else 1) * 2
            if a or b:
                if a == b:
                    return 0
                if a and b:
                    return (a > b) - (a < b)
                if a:
                    return 1 if a > 0 else -1
                return -1 if b > 0 else 1
        an, ad = self.as_integer_ratio()
        bn, bd = other.as_integer_ratio()
        x, y = an * bd, bn * ad
        return (x > y) - (x < y)

    def __eq__(self, other, context=None):
        conv = _convert_for_compare(other)
        if conv is NotImplemented:
            return conv
        if isinstance(other, float):
            (context or getcontext()).flags[FloatOperation] = True
        other = conv
        if self.is_nan() or other.is_nan():
            if self.is_snan() or other.is_snan():
                (context or getcontext())._raise_error(InvalidOperation)
            return False
        return self._cmp(other) == 0

    def _compare_check_nans(self, other, context):
        if self.is_nan() or other.is_nan():
            if context is None:
                context = getcontext()
            context._raise_error(InvalidOperation)
            return True
        return False

    def __lt__(self, other, context=None):
        conv = _convert_for_compare(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                raise TypeError("'<' not supported between instances of '%s' and '%s'"
                                % (_type_display(self), _type_display(other)))
            return conv
        if isinstance(other, float):
            (context or getcontext())._raise_error(FloatOperation)
        other = conv
        if self._compare_check_nans(other, context):
            return False
        return self._cmp(other) < 0

    def __le__(self, other, context=None):
        conv = _convert_for_compare(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                raise TypeError("'<=' not supported between instances of '%s' and '%s'"
                                % (_type_display(self), _type_display(other)))
            return conv
        if isinstance(other, float):
            (context or getcontext())._raise_error(FloatOperation)
        other = conv
        if self._compare_check_nans(other, context):
            return False
        return self._cmp(other) <= 0

    def __gt__(self, other, context=None):
        conv = _convert_for_compare(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                raise TypeError("'>' not supported between instances of '%s' and '%s'"
                                % (_type_display(self), _type_display(other)))
            return conv
        if isinstance(other, float):
            (context or getcontext())._raise_error(FloatOperation)
        other = conv
        if self._compare_check_nans(other, context):
            return False
        return self._cmp(other) > 0

    def __ge__(self, other, context=None):
        conv = _convert_for_compare(other)
        if conv is NotImplemented:
            if _is_foreign_builtin(other):
                raise TypeError("'>=' not supported between instances of '%s' and '%s'"
                                % (_type_display(self), _type_display(other)))
            return conv
        if isinstance(other, float):
            (context or getcontext())._raise_error(FloatOperation)
        other = conv
        if self._compare_check_nans(other, context):
            return False
        return self._cmp(other) >= 0

    def compare(self, other, context=None):
        other = _convert(other, True)
        ans = self._check_nans(other, context)
        if ans is not None:
            return ans
        return Decimal(self._cmp(other))

    def max(self, other, context=None):
        other = _convert(other, True)
        if context is None:
            context = getcontext()
        if self.is_nan() or other.is_nan():
            if self.is_snan() or other.is_snan():
                return self._check_nans(other, context)
            if self.is_nan():
                return other._fix(context) if not other.is_nan() else self
            return self._fix(context)
        c = self._cmp(other)
        if c == 0:
            c = self._total_tiebreak(other)
        return (other if c < 0 else self)._fix(context)

    def min(self, other, context=None):
        other = _convert(other, True)
        if context is None:
            context = getcontext()
        if self.is_nan() or other.is_nan():
            if self.is_snan() or other.is_snan():
                return self._check_nans(other, context)
            if self.is_nan():
                return other._fix(context) if not other.is_nan() else self
            return self._fix(context)
        c = self._cmp(other)
        if c == 0:
            c = self._total_tiebreak(other)
        return (self if c < 0 else other)._fix(context)

    def _total_tiebreak(self, other):
        if self._sign != other._sign:
            return -1 if self._sign else 1
        if self._exp == other._exp:
            return 0
        r = -1 if self._exp < other._exp else 1
        return -r if self._sign else r

    def __hash__(self):
        if self._special:
            if self.is_snan():
                raise TypeError('Cannot hash a signaling NaN value.')
            elif self.is_nan():
                return object.__hash__(self)
            return -_PyHASH_INF if self._sign else _PyHASH_INF
        if self._exp >= 0:
            exp_hash = pow(10, self._exp, _PyHASH_MODULUS)
        else:
            exp_hash = pow(_PyHASH_10INV, -self._exp, _PyHASH_MODULUS)
        hash_ = self._int * exp_hash % _PyHASH_MODULUS
        ans = -hash_ if self._sign else hash_
        return -2 if ans == -1 else ans

    def __bool__(self):
        return bool(self._special) or self._int != 0

    # ---- conversion to other types -----------------------------------------------------
    def __int__(self):
        if self._special:
            if self.is_nan():
                raise ValueError('cannot convert NaN to integer')
            raise OverflowError('cannot convert Infinity to integer')
        s = -1 if self._sign else 1
        if self._exp >= 0:
            return s * self._int * 10 ** self._exp
        return s * (self._int // 10 ** -self._exp)

    __trunc__ = __int__

    def __index__(self):
        raise TypeError("'decimal.Decimal' object cannot be interpreted as an integer")

    def __float__(self):
        if self._special:
            if self.is_snan():
                raise ValueError('cannot convert signaling NaN to float')
            if self.is_nan():
                return float('-nan') if self._sign else float('nan')
        return float(str(self))

    def __complex__(self):
        return complex(float(self))

    def __floor__(self):
        if self._special:
            if self.is_nan():
                raise ValueError('cannot round a NaN')
            raise OverflowError('cannot round an infinity')
        return int(self._rescale(0, ROUND_FLOOR))

    def __ceil__(self):
        if self._special:
            if self.is_nan():
                raise ValueError('cannot round a NaN')
            raise OverflowError('cannot round an infinity')
        return int(self._rescale(0, ROUND_CEILING))

    def __round__(self, n=None):
        if n is not None:
            if not isinstance(n, int):
                raise TypeError('optional arg must be an integer')
            return self.quantize(_new(0, 1, -n))
        if self._special:
            if self.is_nan():
                raise ValueError('cannot round a NaN')
            raise OverflowError('cannot round an infinity')
        return int(self._rescale(0, ROUND_HALF_EVEN))

    def __reduce__(self):
        return (self.__class__, (str(self),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __format__(self, specifier, context=None):
        if context is None:
            context = getcontext()
        spec = _parse_format_spec(specifier)
        t = spec['type']
        rounding = context.rounding
        if self._special:
            body = str(self.copy_abs())
            if t == '%':
                body += '%'
            return _format_align(self._sign, body, spec)
        prec = spec['precision']
        orig_t = t
        d = self
        if t == '%':
            d = _new(d._sign, d._int, d._exp + 2)
        if t in ('e', 'E'):
            if prec is not None:
                n = _ndigits(d._int)
                if d._int:
                    d = d._round_digits(prec + 1, rounding)
                else:
                    d = _new(d._sign, 0, d._exp)
            digits = str(d._int)
            if prec is not None and d._int:
                digits = digits + '0' * (prec + 1 - len(digits))
            elif prec is not None:
                digits = '0' * (prec + 1)
            adj = d._exp + len(str(d._int)) - 1 if d._int else d._exp + (prec or 0)
            if not d._int and prec is None:
                adj = d._exp
            intpart = digits[0]
            frac = digits[1:]
            body = intpart + (('.' + frac) if frac or spec['alt'] else '')
            body += ('e' if t == 'e' else 'E') + '%+d' % adj
            return _format_align(d._sign, _group(body, spec), spec)
        if t in ('f', 'F', '%'):
            if prec is not None:
                d = d._rescale(-prec, rounding)
            if d._exp >= 0:
                intpart = str(d._int * 10 ** d._exp)
                frac = ''
            else:
                digits = str(d._int).rjust(-d._exp + 1, '0')
                intpart = digits[:d._exp]
                frac = digits[d._exp:]
            body = intpart + (('.' + frac) if frac or spec['alt'] else '')
            if t == '%':
                body += '%'
            sign = d._sign
            return _format_align(sign, _group(body, spec), spec)
        if t in ('g', 'G') or t is None:
            if prec is not None:
                if prec == 0:
                    prec = 1
                if d._int and _ndigits(d._int) > prec:
                    d = d._round_digits(prec, rounding)
            body = d.__str__(context=context)
            body = body.lstrip('-')
            if t == 'G' or (orig_t is None and context.capitals):
                body = body.replace('e', 'E')
            elif t == 'g':
                body = body.replace('E', 'e')
            return _format_align(d._sign, _group(body, spec), spec)
        raise ValueError('invalid format string')

    def _round_digits(self, ndigits, rounding):
        n = _ndigits(self._int)
        if n <= ndigits:
            return self
        drop = n - ndigits
        coeff, _ = _round_coeff(self._sign, self._int, drop, rounding)
        exp = self._exp + drop
        if _ndigits(coeff) > ndigits:
            coeff //= 10
            exp += 1
        return _new(self._sign, coeff, exp)


def _parse_format_spec(spec):
    res = {'fill': ' ', 'align': None, 'sign': '-', 'zero': False, 'alt': False,
           'width': 0, 'thousands': '', 'precision': None, 'type': None}
    i = 0
    if len(spec) >= 2 and spec[1] in '<>=^':
        res['fill'], res['align'] = spec[0], spec[1]
        i = 2
    elif spec[:1] in ('<', '>', '=', '^') and spec:
        res['align'] = spec[0]
        i = 1
    if spec[i:i + 1] in ('+', '-', ' ') and spec[i:i + 1]:
        res['sign'] = spec[i]
        i += 1
    if spec[i:i + 1] == '#':
        res['alt'] = True
        i += 1
    if spec[i:i + 1] == '0':
        res['zero'] = True
        if res['align'] is None:
            res['fill'], res['align'] = '0', '='
        i += 1
    j = i
    while j < len(spec) and spec[j].isdigit():
        j += 1
    if j > i:
        res['width'] = int(spec[i:j])
    i = j
    if spec[i:i + 1] == ',':
        res['thousands'] = spec[i]
        i += 1
    if spec[i:i + 1] == '.':
        j = i + 1
        while j < len(spec) and spec[j].isdigit():
            j += 1
        if j == i + 1:
            raise ValueError('invalid format string')
        res['precision'] = int(spec[i + 1:j])
        i = j
    if i < len(spec):
        if len(spec) - i > 1 or spec[i] not in 'eEfFgGn%':
            raise ValueError('invalid format string')
        res['type'] = spec[i]
    return res


def _group(body, spec):
    sep = spec['thousands']
    if not sep:
        return body
    n = 0
    while n < len(body) and body[n].isdigit():
        n += 1
    intpart, rest = body[:n], body[n:]
    groups = []
    while len(intpart) > 3:
        groups.insert(0, intpart[-3:])
        intpart = intpart[:-3]
    groups.insert(0, intpart)
    return sep.join(groups) + rest


def _format_align(sign, body, spec):
    if sign:
        s = '-'
    elif spec['sign'] == '+':
        s = '+'
    elif spec['sign'] == ' ':
        s = ' '
    else:
        s = ''
    width = spec['width']
    align = spec['align'] or '>'
    fill = spec['fill']
    pad = width - len(s) - len(body)
    if pad <= 0:
        return s + body
    if align == '<':
        return s + body + fill * pad
    if align == '=':
        return s + fill * pad + body
    if align == '^':
        half = pad // 2
        return fill * half + s + body + fill * (pad - half)
    return fill * pad + s + body


def _ln_fixed(c, e, p):
    """ln(c * 10**e) * 10**p, as an integer (error a few units)."""
    # x = m * 10**k with m in [0.1, 1): ln x = ln m + k ln 10
    n = _ndigits(c)
    k = n + e
    guard = p + 10
    one = 10 ** guard
    m = c * 10 ** guard // 10 ** n if n <= guard else c // 10 ** (n - guard)
    # reduce m toward 1 by repeated square roots
    r = 0
    while abs(m - one) * 1000 > one:
        m = _math.isqrt(m * one)
        r += 1
    # ln(m) = 2 atanh((m-1)/(m+1))
    neg = m < one
    z = abs(m - one) * one // (m + one)
    z2 = z * z // one
    term = z
    total = 0
    i = 1
    while term:
        total += term // i
        term = term * z2 // one
        i += 2
    if neg:
        total = -total
    ln_m = 2 * total << r
    ln10 = _ln10_fixed(guard)
    result = ln_m + k * ln10
    return result // 10 ** (guard - p)


_ln10_cache = {}


def _ln10_fixed(guard):
    if guard in _ln10_cache:
        return _ln10_cache[guard]
    one = 10 ** (guard + 10)
    # ln 10 = 3 ln 2 + ln 1.25; ln 2 = 2 atanh(1/3), ln 1.25 = 2 atanh(1/9)
    def atanh_inv(n):
        total = 0
        term = one // n
        n2 = n * n
        i = 1
        while term:
            total += term // i
            term //= n2
            i += 2
        return total
    ln2 = 2 * atanh_inv(3)
    ln125 = 2 * atanh_inv(9)
    v = (3 * ln2 + ln125) // 10 ** 10
    _ln10_cache[guard] = v
    return v


def _exp_fixed(t, p):
    """exp(t / 10**p) * 10**p, as an integer (error a few units)."""
    guard = p + 10
    one = 10 ** guard
    x = t * 10 ** 10
    ln10 = _ln10_fixed(guard)
    k = x // ln10
    x -= k * ln10
    # x in [0, ln 10): halve it r times, sum the series, square back
    r = 0
    while x > one // 1000:
        x //= 2
        r += 1
    total = one
    term = one
    i = 1
    while term:
        term = term * x // one // i
        total += term
        i += 1
    for _ in range(r):
        total = total * total // one
    if k >= 0:
        return total * 10 ** k // 10 ** 10
    return total // 10 ** (10 - k)


_NaN = _new(0, 0, 0, 'n')

DefaultContext = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                         capitals=1, clamp=0, traps=[DivisionByZero, Overflow, InvalidOperation])
BasicContext = Context(prec=9, rounding=ROUND_HALF_UP, Emin=-999999, Emax=999999, capitals=1,
                       clamp=0, traps=[DivisionByZero, Overflow, InvalidOperation, Clamped,
                                       Underflow])
ExtendedContext = Context(prec=9, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                          capitals=1, clamp=0, traps=[])
_default_ready = True
