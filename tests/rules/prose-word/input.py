# Requests are throttled here (a comment is not prose to this rule).
throttling = True
