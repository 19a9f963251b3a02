# copy.copy / copy.deepcopy on builtins and user objects, memo and cycles, hooks
import copy

a = [1, [2, 3], {"k": [4]}, (5, [6])]
b = copy.copy(a)
c = copy.deepcopy(a)
a[1].append(9)
a[2]["k"].append(8)
a[3][1].append(7)
print(b)
print(c)
print(b[1] is a[1], c[1] is a[1], copy.copy((1, 2)) == (1, 2), copy.deepcopy((1, 2)) == (1, 2))
print(copy.copy({1, 2}), copy.deepcopy(frozenset([3])), copy.copy("s"), copy.deepcopy(5), copy.copy(None))

class Node:
    def __init__(self, val):
        self.val = val
        self.children = []
    def __repr__(self):
        return f"Node({self.val}, {self.children})"

root = Node(1)
root.children.append(Node(2))
shallow = copy.copy(root)
deep = copy.deepcopy(root)
root.children[0].val = 20
print(shallow, deep, shallow.children is root.children, deep.children is root.children)

cyc = [1]
cyc.append(cyc)
d = copy.deepcopy(cyc)
print(d[1] is d, d is not cyc, d[0])
shared = [0]
pair = [shared, shared]
dp = copy.deepcopy(pair)
print(dp[0] is dp[1], dp[0] is shared)

class Hooked:
    def __init__(self):
        self.calls = 0
    def __copy__(self):
        return "custom copy"
    def __deepcopy__(self, memo):
        return ("custom deepcopy", type(memo).__name__)
print(copy.copy(Hooked()), copy.deepcopy([Hooked()]))

class Slotted:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = [1]
        self.b = 2
s2 = copy.deepcopy(Slotted())
print(s2.a, s2.b)
class NoInit:
    def __init__(self, x):
        print("init called", x)
        self.x = x
n = NoInit(3)
n2 = copy.deepcopy(n)
n3 = copy.copy(n)
print(n2.x, n3.x, type(n2).__name__)
memo = {}
x = [1, 2]
y = copy.deepcopy([x, x], memo)
print(y, id(x) in memo)
