class Registry(type):
    classes = []
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, ns)
        if bases:
            Registry.classes.append(name)
        return cls
    def __len__(cls):
        return len(Registry.classes)
    def __iter__(cls):
        return iter(Registry.classes)
    def __getitem__(cls, i):
        return Registry.classes[i]

class Node(metaclass=Registry):
    pass
class Leaf(Node):
    pass
class Branch(Node):
    pass
print(len(Node), list(Node), Node[0], Leaf[-1])
print(isinstance(Leaf, Registry), type(Registry).__name__)
