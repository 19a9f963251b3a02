class Base(Exception): pass
class NotFound(Base): pass
class Denied(Base): pass
class Other(Exception): pass

def risky(n):
    if n == 0: raise NotFound("nf")
    if n == 1: raise Denied("dn")
    if n == 2: raise Other("ot")
    if n == 3: raise KeyError("k")
    return "ok"

for i in range(5):
    try:
        print(risky(i))
    except NotFound as e:
        print("NotFound", e)
    except (Denied, KeyError) as e:
        print("group", type(e).__name__, e)
    except Base:
        print("never")
    except Exception as e:
        print("generic", type(e).__name__, e)
    else:
        print("else")
    finally:
        print("finally", i)
