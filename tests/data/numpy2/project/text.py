"""Replaces np.float_ with np.float64; np.nan stays."""

MESSAGE = "numpy.NaN is gone, my_np.float_ and np.float_s are other names"  # np.Inf too
