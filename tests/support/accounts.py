"""What API tests share about the customer they sign up (tests/api/conftest.py's
`registration`): its password and the sign-in call."""

PASSWORD = "castillo-de-arena-42"


def login(b, email="ana@example.com", password=PASSWORD, **extra):
    return b.post("/auth/login", {"email": email, "password": password, **extra})
