"""Agreements are kept through the agreements pages, where the partnership's rules
decide who may change them; none is registered in the admin."""
