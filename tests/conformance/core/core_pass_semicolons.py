def nothing(): pass
class_like = None
for i in range(3): pass
while False: pass
if True: pass
try: pass
except Exception: pass
x = 1; y = 2; z = x + y; print(z)
if z == 3: print("three"); print("still three")
print(nothing())
