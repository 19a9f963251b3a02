order = []
def level(n):
    try:
        order.append(f"enter {n}")
        if n == 3:
            raise ValueError(f"deep {n}")
        level(n + 1)
    finally:
        order.append(f"leave {n}")
try:
    level(0)
except ValueError as e:
    order.append(f"caught {e}")
print("\n".join(order))
def cleanup_error():
    try:
        raise KeyError("first")
    finally:
        raise ValueError("second")
try:
    cleanup_error()
except ValueError as e:
    print(repr(e), repr(e.__context__))
