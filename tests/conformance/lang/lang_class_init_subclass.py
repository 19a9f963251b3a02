registry = {}

class Plugin:
    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        registry[name or cls.__name__.lower()] = cls
        print("registered", cls.__name__)

class Alpha(Plugin):
    pass

class Beta(Plugin, name="b"):
    pass

class Gamma(Beta):
    pass

print(sorted(registry))
print(registry["b"] is Beta)

class Strict:
    def __init_subclass__(cls):
        if not hasattr(cls, "required"):
            raise TypeError(f"{cls.__name__} lacks 'required'")
try:
    class Bad(Strict):
        pass
except TypeError as e:
    print(type(e).__name__, e)
class Good(Strict):
    required = 1
print(Good.required)
