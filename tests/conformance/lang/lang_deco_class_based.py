class CountCalls:
    def __init__(self, f):
        self.f = f
        self.n = 0
    def __call__(self, *a, **k):
        self.n += 1
        return self.f(*a, **k)

@CountCalls
def hello(who):
    return "hi " + who

print(hello("a"), hello("b"), hello.n)

class Retry:
    def __init__(self, times):
        self.times = times
    def __call__(self, f):
        def wrapper(*a):
            for attempt in range(1, self.times + 1):
                try:
                    return f(*a, attempt)
                except ValueError as e:
                    print("attempt", attempt, "failed:", e)
            return "gave up"
        return wrapper

@Retry(3)
def flaky(goal, attempt):
    if attempt < goal:
        raise ValueError(f"not yet ({attempt})")
    return f"ok at {attempt}"

print(flaky(2))
print(flaky(5))
