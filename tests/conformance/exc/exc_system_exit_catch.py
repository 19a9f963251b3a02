import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit, code =", e.code)
try:
    sys.exit("message")
except SystemExit as e:
    print("code:", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("code:", e.code)
try:
    try:
        sys.exit(1)
    except Exception:
        print("not reached: SystemExit is not an Exception")
except BaseException as e:
    print("BaseException handler got", type(e).__name__)
try:
    raise KeyboardInterrupt
except Exception:
    print("wrong")
except KeyboardInterrupt:
    print("KeyboardInterrupt is BaseException only")
print("still running")
