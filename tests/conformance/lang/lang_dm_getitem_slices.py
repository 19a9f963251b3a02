class Seq:
    def __init__(self, data):
        self.data = list(data)
    def __getitem__(self, key):
        if isinstance(key, slice):
            print("slice", key.start, key.stop, key.step)
            return Seq(self.data[key])
        return self.data[key]
    def __setitem__(self, key, value):
        print("set", key, value)
        self.data[key] = value
    def __delitem__(self, key):
        print("del", key)
        del self.data[key]
    def __len__(self):
        return len(self.data)
    def __repr__(self):
        return f"Seq({self.data})"

s = Seq(range(10))
print(s[3], s[-1])
print(s[2:5])
print(s[::3])
print(s[:])
s[0] = 'a'
s[1:3] = ['x', 'y', 'z']
print(s)
del s[0]
del s[::2]
print(s, len(s))
print(s[1:100:2])
print(slice(1, 2, 3), slice(5))
print(slice(None, 10, 2).indices(5))
