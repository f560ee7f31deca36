from pkg.engine.throttle import limits
import pkg.engine.throttle.state

PATH = "pkg/engine/throttle/config.yaml"
