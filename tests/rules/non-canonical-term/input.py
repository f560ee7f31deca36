# The row group throttle admits groups.
row_group_throttle = 1  # an identifier: not reported by this rule
