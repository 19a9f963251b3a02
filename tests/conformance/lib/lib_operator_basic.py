import operator as op

print(op.add(2, 3), op.sub(2, 3), op.mul(2, 3), op.truediv(7, 2), op.floordiv(7, 2), op.mod(7, 3), op.pow(2, 10))
print(op.neg(5), op.pos(-5), op.abs(-5), op.invert(5), op.inv(0), op.not_(0), op.not_([1]), op.truth([]))
print(op.eq(1, 1), op.ne(1, 1), op.lt(1, 2), op.le(2, 2), op.gt(1, 2), op.ge(3, 2))
print(op.and_(12, 10), op.or_(12, 10), op.xor(12, 10), op.lshift(1, 5), op.rshift(64, 3))
print(op.is_(None, None), op.is_not(1, None), op.index(7), op.concat([1], [2]), op.concat("a", "b"))
print(op.contains([1, 2], 2), op.countOf([1, 2, 1, 1], 1), op.indexOf("abc", "c"))
lst = [1, 2, 3]
op.setitem(lst, 0, 10)
op.delitem(lst, 1)
print(lst, op.getitem(lst, 1), op.getitem("hello", slice(1, 3)))
x = [1]
y = op.iadd(x, [2])
print(x, y is x, op.iadd(1, 2), op.imul("ab", 2), op.isub(5, 1), op.ior({1}, {2}), op.iconcat([0], [1]))
print(op.__add__(1, 2), op.length_hint([1, 2, 3]), op.length_hint(iter([])), op.matmul.__name__)
print(op.add, op.itemgetter, op.attrgetter("a"))
for args in [(op.add, 1), (op.concat, 1, 2), (op.indexOf, [1], 2), (op.index, 1.5), (op.neg, "s")]:
    try:
        print(args[0](*args[1:]))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
