pairs = [(ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError), (ArithmeticError, Exception),
         (KeyError, LookupError), (IndexError, LookupError), (LookupError, Exception), (ValueError, Exception),
         (UnicodeError, ValueError), (RecursionError, RuntimeError), (NotImplementedError, RuntimeError),
         (UnboundLocalError, NameError), (IndentationError, SyntaxError), (TabError, IndentationError),
         (StopIteration, Exception), (Exception, BaseException), (SystemExit, Exception),
         (SystemExit, BaseException), (KeyboardInterrupt, Exception), (TypeError, ValueError),
         (AssertionError, Exception), (AttributeError, Exception), (MemoryError, Exception), (EOFError, Exception),
         (FileNotFoundError, OSError), (bool, int)]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup))
e = KeyError("k")
print(isinstance(e, LookupError), isinstance(e, Exception), isinstance(e, IndexError), type(e).__name__)
print(isinstance(ZeroDivisionError(), (TypeError, ArithmeticError)))
try:
    [][0]
except LookupError as err:
    print("LookupError caught", type(err).__name__, err)
