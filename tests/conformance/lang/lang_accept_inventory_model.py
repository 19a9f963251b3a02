class InventoryError(Exception):
    pass

class Item:
    def __init__(self, sku, name, price, qty=0):
        self.sku = sku
        self.name = name
        self.price = price
        self.qty = qty

    @property
    def price(self):
        return self._price

    @price.setter
    def price(self, value):
        if value < 0:
            raise ValueError(f"negative price for {self.sku}: {value}")
        self._price = round(value, 2)

    @property
    def qty(self):
        return self._qty

    @qty.setter
    def qty(self, value):
        if not isinstance(value, int):
            raise TypeError("quantity must be an int")
        if value < 0:
            raise InventoryError(f"insufficient stock for {self.sku}")
        self._qty = value

    @property
    def value(self):
        return round(self.price * self.qty, 2)

    def __repr__(self):
        return f"Item({self.sku!r}, {self.name!r}, {self.price}, qty={self.qty})"

class Inventory:
    def __init__(self):
        self._items = {}

    def add(self, item):
        if item.sku in self._items:
            raise InventoryError(f"duplicate sku {item.sku}")
        self._items[item.sku] = item
        return self

    def __getitem__(self, sku):
        try:
            return self._items[sku]
        except KeyError:
            raise InventoryError(f"unknown sku {sku}") from None

    def __contains__(self, sku):
        return sku in self._items

    def __iter__(self):
        return iter(sorted(self._items.values(), key=lambda i: i.sku))

    def __len__(self):
        return len(self._items)

    @property
    def total_value(self):
        return round(sum(i.value for i in self), 2)

    def restock(self, sku, n):
        self[sku].qty += n

    def sell(self, sku, n):
        self[sku].qty -= n
        return round(self[sku].price * n, 2)

    def low_stock(self, threshold):
        return [i.sku for i in self if i.qty < threshold]

inv = Inventory()
inv.add(Item("B2", "bolt", 0.25, 100)).add(Item("A1", "anvil", 99.999, 2)).add(Item("C3", "cog", 3.5))
print(len(inv), "A1" in inv, "Z9" in inv)
for item in inv:
    print(item, item.value)
print("total", inv.total_value)
print("sold", inv.sell("B2", 40))
inv.restock("C3", 7)
print(inv.low_stock(10))
for action in (lambda: inv.sell("A1", 5), lambda: inv["Z9"], lambda: inv.add(Item("A1", "x", 1)),
               lambda: setattr(inv["C3"], "price", -1), lambda: setattr(inv["C3"], "qty", 1.5),
               lambda: setattr(inv, "total_value", 0)):
    try:
        action()
    except (InventoryError, ValueError, TypeError, AttributeError) as e:
        print(type(e).__name__, e)
print([repr(i) for i in inv])
print("total", inv.total_value)
