# string module constants, capwords and Template
import string

print(string.ascii_letters)
print(string.ascii_lowercase, string.ascii_uppercase, string.digits, string.hexdigits, string.octdigits)
print(string.punctuation)
print(repr(string.whitespace), repr(string.printable), len(string.printable))
print(string.capwords("hello   big  world"), string.capwords(" a-b c-d ", "-"), string.capwords("ÉCOLE du monde"))
t = string.Template("$who likes ${what}; costs $$${price}")
print(t.substitute(who="tim", what="kung pao", price=5), t.substitute({"who": "ann", "what": "tea", "price": 2}, who="bo"))
print(string.Template("$a $b ${c} $").safe_substitute(a=1), string.Template("x$y").template)
try:
    string.Template("$a and $").substitute(a=1)
except ValueError as e:
    print("ValueError:", e)
try:
    string.Template("$missing").substitute()
except KeyError as e:
    print("KeyError:", e)
print(sum(c in string.ascii_letters for c in "Hello, World!"), [c for c in "a1-B2_" if c in string.punctuation])
