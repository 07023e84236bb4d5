"""The demo world that `make run` loads (world.py) and its commands: load_demo and demo_code."""
