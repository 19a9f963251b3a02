def outer():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    bump(); bump(); bump()
    return count
print(outer())

def make_account(balance):
    def deposit(x):
        nonlocal balance
        balance += x
        return balance
    def withdraw(x):
        nonlocal balance
        if x > balance:
            raise ValueError("insufficient funds")
        balance -= x
        return balance
    return deposit, withdraw
dep, wd = make_account(100)
print(dep(50), wd(30))
try:
    wd(1000)
except ValueError as e:
    print("error:", e)
print(dep(0))

def level1():
    a = 1
    def level2():
        def level3():
            nonlocal a
            a *= 10
        level3(); level3()
    level2()
    return a
print(level1())
