manager = ThrottleManager()  # vocab-lint: allow[throttle-manager] the compatibility shim
value = 1  # vocab-lint: allow[throttle-manager] nothing to allow here
