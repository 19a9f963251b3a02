# building a text report with string.Template, textwrap and str formatting
import string
import textwrap

tmpl = string.Template("Dear $name,\n\n$body\n\nRegards,\n$sender")
body = textwrap.fill("Your order #$order has shipped. " * 3, width=40)
print(tmpl.safe_substitute(name="Ada", sender="Shop", body=body))
rows = [("apples", 3, 0.5), ("pears", 10, 0.25), ("kiwis", 7, 0.8)]
line = string.Template("${item}: $qty x $price")
for item, qty, price in rows:
    print(line.substitute(item=item.capitalize(), qty=qty, price=f"{price:.2f}"))
print(textwrap.indent("\n".join(f"{i:<8}{q:>4}" for i, q, _ in rows), "  | "))
print(string.capwords("total items: " + str(sum(q for _, q, _ in rows))))
