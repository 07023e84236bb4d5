"""The rule engine and one module per protocol. Pure Python: nothing here imports the ORM."""
