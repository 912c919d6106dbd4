#!/usr/bin/python3
"""Writes the small HDF5 fixtures of tests/test_hdf5_reader.cpp into tests/data/h5/ (h5py)."""
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "h5")
STR = h5py.string_dtype("utf-8")


def path(name):
    return os.path.join(OUT, name)


def main():
    os.makedirs(OUT, exist_ok=True)
    x = np.array([[1.0, 2.0, 3.0], [4.0, np.nan, 6.0], [7.0, 8.0, 9.5], [10.0, 11.0, 12.0]])

    # Layout 1: a 2-D dataset; names from an attribute, a dataset beside it, or none.
    with h5py.File(path("matrix_attr.h5"), "w") as f:
        d = f.create_dataset("data", data=x)
        d.attrs["columns"] = np.array(["a", "b", "c"], dtype=object).astype(STR)
    with h5py.File(path("matrix_names.h5"), "w") as f:
        f.create_dataset("X", data=x.astype(np.float32))
        f.create_dataset("column_names", data=np.array([b"u", b"v", b"w"], dtype="S1"))
    with h5py.File(path("matrix_plain.h5"), "w") as f:
        f.create_dataset("values", data=np.arange(6, dtype=np.int32).reshape(3, 2))

    # Layout 2: one 1-D dataset per column, at the root or in the only group.
    with h5py.File(path("columns_root.h5"), "w", track_order=True) as f:
        f.create_dataset("length", data=np.array([1.5, 2.5, np.nan, 4.0]))
        f.create_dataset("count", data=np.array([1, 2, 3, 4], dtype=np.int64))
        f.create_dataset("colour", data=np.array(["red", "blue", "", "red"], dtype=object), dtype=STR)
        f.create_dataset("size", data=np.array([b"S", b"M", b"L", b"M"], dtype="S1"))
        f.create_dataset("flag", data=np.array([True, False, True, True]))
    with h5py.File(path("columns_group.h5"), "w") as f:
        g = f.create_group("table")
        g.create_dataset("y", data=np.array([0.0, 1.0, 0.0]))
        g.create_dataset("x", data=np.array([10, 20, 30], dtype=np.int16))

    # Layouts Loupe refuses.
    with h5py.File(path("bad_lengths.h5"), "w") as f:
        f.create_dataset("a", data=np.arange(5.0))
        f.create_dataset("b", data=np.arange(4.0))
    with h5py.File(path("bad_two_matrices.h5"), "w") as f:
        f.create_dataset("m1", data=x)
        f.create_dataset("m2", data=x)
    with h5py.File(path("bad_rank3.h5"), "w") as f:
        f.create_dataset("cube", data=np.zeros((2, 2, 2)))
    with h5py.File(path("bad_compound.h5"), "w") as f:
        f.create_dataset("records", data=np.array([(1, 2.0)], dtype=[("i", "i4"), ("f", "f8")]))
    with h5py.File(path("bad_empty.h5"), "w") as f:
        f.attrs["note"] = "no datasets"
    with h5py.File(path("bad_name_count.h5"), "w") as f:
        d = f.create_dataset("data", data=x)
        d.attrs["columns"] = np.array(["a", "b"], dtype=object).astype(STR)
    with open(path("not_hdf5.h5"), "w", encoding="utf-8") as f:
        f.write("a,b\n1,2\n")


if __name__ == "__main__":
    main()
