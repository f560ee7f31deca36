def broken(:
    manager = ThrottleManager()
