depth = 0
class Level:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        global depth
        print("  " * depth + "enter " + self.name)
        depth += 1
        return depth
    def __exit__(self, et, ev, tb):
        global depth
        depth -= 1
        print("  " * depth + "exit " + self.name + (f" with {et.__name__}" if et else ""))
        return self.name == "mid" and et is ValueError

with Level("outer") as d1:
    with Level("mid") as d2:
        with Level("inner") as d3:
            print("depths", d1, d2, d3)
            raise ValueError("x")
        print("unreachable")
    print("after mid")
print("end", depth)
