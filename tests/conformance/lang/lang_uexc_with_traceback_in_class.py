class Account:
    class Overdrawn(Exception):
        def __init__(self, balance, amount):
            super().__init__(f"balance {balance} < {amount}")

    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise Account.Overdrawn(self.balance, amount)
        self.balance -= amount
        return self.balance

acct = Account(50)
print(acct.withdraw(20))
print(acct.withdraw(40))
