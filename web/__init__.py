"""HTTP side of signing in: the sign-in page and the login/logout routes that server.py adds."""
