def attempt(x):
    log = []
    try:
        log.append("try")
        r = 10 // x
        log.append("after")
    except ZeroDivisionError:
        log.append("except")
        r = None
    else:
        log.append("else")
    finally:
        log.append("finally")
    return r, log
print(attempt(2))
print(attempt(0))
def finally_return():
    try:
        return "from try"
    finally:
        print("finally runs before return")
print(finally_return())
def override():
    try:
        return 1
    finally:
        return 2
print(override())
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(swallow())
for i in range(3):
    try:
        if i == 1:
            continue
        if i == 2:
            break
    finally:
        print("finally for", i)
