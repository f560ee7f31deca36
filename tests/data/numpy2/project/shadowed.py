from numpy import find_common_type
from pandas import NaN


def find_common_type(types):
    return types


def caller(types):
    return find_common_type(types), NaN
