"""The base every package may import, and which imports none of them: bilingual text, the roles a
user can hold towards a case, and the one error family of the domain."""
