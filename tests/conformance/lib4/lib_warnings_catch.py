import warnings


def old_api():
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return 1


with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    old_api()
    warnings.warn("second")
    warnings.warn(UserWarning("third"))
    print(len(w))
    for m in w:
        print(m.category.__name__, str(m.message), m.lineno, type(m.message).__name__)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    warnings.warn("hidden")
print("nothing printed")

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("default")
    for i in range(3):
        warnings.warn("repeated")
    print(len(w), issubclass(w[0].category, UserWarning))

with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        old_api()
    except DeprecationWarning as e:
        print("error inside:", e)
print(warnings.catch_warnings(record=True))
