from decimal import Decimal, ROUND_HALF_UP

prices = [Decimal('19.99'), Decimal('5.25'), Decimal('0.10'), Decimal('100')]
qty = [3, 2, 10, 1]
subtotal = sum(p * q for p, q in zip(prices, qty))
tax = (subtotal * Decimal('0.0825')).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
total = subtotal + tax
print('subtotal', subtotal, 'tax', tax, 'total', total)
per_person = (total / 3).quantize(Decimal('0.01'))
print(per_person, per_person * 3, total - per_person * 3)
balance = Decimal('1000.00')
rate = Decimal('0.05')
for year in range(1, 6):
    balance = (balance * (1 + rate)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
    print(year, balance)
print(f'{total:,.2f}', f'{balance:>12}')
parts = [Decimal('33.33')] * 3
print(sum(parts), Decimal('100') - sum(parts))
