class Config:
    def __init__(self):
        self.timeout = 5
        self.retries = 3
c = Config()
try:
    c.timeot
except AttributeError as e:
    print(type(e).__name__, e)
    print(e.name, e.obj is c)
try:
    [].apend(1)
except AttributeError as e:
    print(type(e).__name__, e)
