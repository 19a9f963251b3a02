from dataclasses import dataclass, field

@dataclass
class Config:
    name: str
    size: int = 10
    tags: list = field(default_factory=list)
    meta: dict = field(default_factory=dict, repr=False)

c1 = Config('a')
c2 = Config('b', 3, ['x'])
c1.tags.append('t')
print(c1, c2, Config('c').tags)
print(c1.meta, Config('z') == Config('z'))
print(Config.size)
try:
    Config.tags
except AttributeError as e:
    print('AttributeError', e)

@dataclass
class Counter:
    n: int = field(default=0, compare=False)
    label: str = 'c'
print(Counter(1) == Counter(2), Counter(1) == Counter(1, 'd'))

try:
    field(default=1, default_factory=list)
except ValueError as e:
    print(e)

for bad in ('[]', '{}', 'set()'):
    try:
        exec(f"@dataclass\nclass B:\n    x: object = {bad}\n")
    except ValueError as e:
        print(e)

try:
    @dataclass
    class Bad:
        a: int = 1
        b: str
except TypeError as e:
    print(e)
