class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} makes a sound"
    @classmethod
    def create(cls, name):
        return cls(name)

class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        base = super().speak()
        return base + " (woof)"
    @classmethod
    def create(cls, name):
        obj = super().create.__func__(cls, name) if False else None
        return Dog(name, "mutt")

d = Dog("Rex", "lab")
print(d.speak(), d.breed)
print(Dog.create("Fido").breed)
print(super(Dog, d).speak())

class Puppy(Dog):
    def speak(self):
        return super().speak().upper()
print(Puppy("Bit", "pug").speak())
