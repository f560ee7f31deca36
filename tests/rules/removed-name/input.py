from pkg import Client
from pkg.old import ThrottleManager

manager = ThrottleManager()  # the throttle manager admits requests
with Client("x", timeout_s=5) as client:
    client.throttle_manager = manager
