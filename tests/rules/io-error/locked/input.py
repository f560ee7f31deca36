manager = ThrottleManager()  # never read: the folder is locked
