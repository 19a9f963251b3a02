rows = [[1, 2], [3, 4], [5]]

def second_column(table):
    return [row[1] for row in table]

print(second_column(rows[:2]))
print(second_column(rows))
