import warnings


def show(message, category, filename, lineno, file=None, line=None):
    print("WARN %s: %s (line %d)" % (category.__name__, message, lineno))


warnings.showwarning = show

warnings.filterwarnings("error", category=RuntimeWarning)
try:
    warnings.warn("as error", RuntimeWarning)
except RuntimeWarning as e:
    print("raised", repr(e))
warnings.filterwarnings("ignore", message="skip")
warnings.warn("skip me")
warnings.warn("Skip ME too")
warnings.warn("do not skip")
warnings.simplefilter("once")
for i in range(3):
    warnings.warn("only once")
warnings.simplefilter("always")
for i in range(2):
    warnings.warn("every time")
warnings.resetwarnings()
warnings.warn("after reset")
warnings.warn(DeprecationWarning("now shown"))
warnings.simplefilter("ignore", UserWarning)
warnings.warn("ignored user warning")
warnings.warn("future", FutureWarning)
warnings.simplefilter("error")
try:
    warnings.warn("everything is an error")
except UserWarning as e:
    print("UserWarning raised:", e)
