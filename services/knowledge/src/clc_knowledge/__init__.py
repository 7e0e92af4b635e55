"""The knowledge service: the library of what communities learn."""
