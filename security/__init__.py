"""Rules for what a browser sends: cookies, CSRF tokens, origins, return addresses."""
