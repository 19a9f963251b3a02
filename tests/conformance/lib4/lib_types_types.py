import types
import sys


def func():
    pass


def gen():
    yield 1


class C:
    def method(self):
        pass


print(types.FunctionType, types.GeneratorType, types.ModuleType, types.BuiltinFunctionType)
print(isinstance(func, types.FunctionType), isinstance(lambda: 0, types.LambdaType))
print(isinstance(gen(), types.GeneratorType), isinstance(gen, types.GeneratorType))
print(isinstance(len, types.BuiltinFunctionType), isinstance(func, types.BuiltinFunctionType))
print(isinstance(C().method, types.MethodType), isinstance(C.method, types.MethodType))
print(isinstance(sys, types.ModuleType), isinstance(types, types.ModuleType))
print(types.NoneType, types.NoneType is type(None), types.EllipsisType, types.NotImplementedType)
m = types.ModuleType("plugin")
m.value = 42
print(m.__name__, m.value, type(m).__name__)
print(types.FunctionType is types.LambdaType)
print(isinstance(C.__dict__, types.MappingProxyType))


def kind(obj):
    if isinstance(obj, types.GeneratorType):
        return "generator"
    if isinstance(obj, types.FunctionType):
        return "function"
    if isinstance(obj, types.BuiltinFunctionType):
        return "builtin"
    if isinstance(obj, types.ModuleType):
        return "module"
    return "other"


print([kind(x) for x in (gen(), func, print, types, 1)])
