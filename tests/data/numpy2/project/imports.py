import numpy as N
import numpy
from numpy import float_, NaN as not_a_number
from numpy import nan, inf


def uses(float_):
    return float_ + 1


def chains():
    a = N.float_(1)
    b = (N
         .NaN)
    c = numpy.Inf, numpy.inf, nan, inf
    d = float_(2)
    e = not_a_number
    return a, b, c, d, e


def local_import():
    from numpy import round_
    return round_(1.5)


class Holder:
    product = 3

    def get(self):
        return self.product, N.product([1]), N.exceptions.ComplexWarning
