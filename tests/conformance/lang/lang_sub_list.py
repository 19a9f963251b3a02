class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]
    def __repr__(self):
        return "Stack(" + super().__repr__() + ")"

s = Stack([1, 2])
s.push(3).push(4)
print(s, len(s), s.peek(), s.pop(), s)
print(isinstance(s, list), type(s).__name__)
print(s + [9], type(s + [9]).__name__)
print(s[1:], type(s[1:]).__name__)
print(sorted(Stack([3, 1, 2])), sum(s), 2 in s)

class Logged(list):
    def append(self, x):
        print("append", x)
        super().append(x)
l = Logged()
l.append(1)
l.extend([2, 3])
print(l)
