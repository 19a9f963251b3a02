log = []
def t(name, val):
    log.append(name)
    return val
r = t("a", 0) and t("b", 1)
print(r, log); log.clear()
r = t("a", 1) and t("b", 2) and t("c", 3)
print(r, log); log.clear()
r = t("a", 0) or t("b", "") or t("c", None)
print(r, log); log.clear()
r = t("a", []) or t("b", [1]) or t("c", 1/0)
print(r, log); log.clear()
r = not t("a", 0) and t("b", "yes")
print(r, log); log.clear()
print(any(t(i, i > 2) for i in range(10)), log); log.clear()
print(all(t(i, i < 2) for i in range(10)), log)
