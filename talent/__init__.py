"""Talent-support schemes (支援制度) and the companies' applications to them."""
