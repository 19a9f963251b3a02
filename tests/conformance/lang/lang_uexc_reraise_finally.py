class Err(Exception):
    pass

def work(n):
    try:
        if n:
            raise Err(n)
        return "clean"
    except Err:
        print("handling", n)
        raise
    finally:
        print("cleanup", n)

for n in (0, 7):
    try:
        print(work(n))
    except Err as e:
        print("outer got", e.args)

def finally_overrides():
    try:
        raise Err("lost")
    finally:
        return "finally wins"
print(finally_overrides())

def nested():
    try:
        try:
            raise Err("inner")
        finally:
            print("inner finally")
    except Err as e:
        print("caught", e)
        return 1
    finally:
        print("outer finally")
print(nested())
