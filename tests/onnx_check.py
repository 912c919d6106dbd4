"""Checks an ONNX file loupe-cli export wrote against the model.h5 it came from.

Usage: onnx_check.py MODEL.onnx MODEL.h5 [--spec SPEC.json]

onnx.checker.check_model(full_check=True) (Debian's python3-onnx); opset >= 13; the inputs,
outputs and metadata docs/formats.md promises; every weight of the .h5 stored unchanged and with
its type (a dense_int8 layer's int8 weights stay int8 initializers); a file about as large as the
weights. --int8 also requires at least one int8 weight (a quantize-int8 model). --spec writes what
onnx_runtime_check.js needs to feed the model.
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np
import onnx
from onnx import numpy_helper


def fail(message):
    print("onnx_check: " + message, file=sys.stderr)
    sys.exit(1)


def dims(value):
    shape = value.type.tensor_type.shape
    return [d.dim_param if d.dim_param else d.dim_value for d in shape.dim]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("onnx_file")
    parser.add_argument("h5_file")
    parser.add_argument("--spec")
    parser.add_argument("--int8", action="store_true")
    args = parser.parse_args()

    model = onnx.load(args.onnx_file)
    onnx.checker.check_model(model, full_check=True)
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    if opsets.get("ai.onnx", 0) < 13:
        fail("opset %s, expected >= 13" % opsets)
    meta = {p.key: p.value for p in model.metadata_props}

    with h5py.File(args.h5_file, "r") as f:
        task = f.attrs["task"].decode()
        classes = [c.decode() for c in f.attrs["classes"]]
        pipeline = json.loads(f.attrs["pipeline"])
        weights = {}
        for name in f["layers"]:
            for param in f["layers"][name]:
                weights[(int(name.split("_")[0]), param)] = f["layers"][name][param][...]

    if meta.get("loupe.task") != task:
        fail("metadata task %r, the .h5 says %r" % (meta.get("loupe.task"), task))
    if json.loads(meta["loupe.class_names"]) != classes:
        fail("metadata class names %s, the .h5 has %s" % (meta["loupe.class_names"], classes))
    numeric = [s["column"] for s in pipeline["steps"] if s["type"] == "numeric"]
    if json.loads(meta["loupe.numeric_columns"]) != numeric:
        fail("metadata numeric columns differ from the pipeline's")

    inputs = {i.name: i for i in model.graph.input}
    if numeric:
        features = inputs.get("features")
        if features is None or features.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            fail("no float input 'features'")
        if dims(features) != ["N", len(numeric)]:
            fail("input 'features' has shape %s" % dims(features))
    categorical = json.loads(meta["loupe.categorical_inputs"])
    for name in categorical:
        if inputs[name].type.tensor_type.elem_type != onnx.TensorProto.STRING:
            fail("categorical input %r is not a string tensor" % name)
    if len(inputs) != (1 if numeric else 0) + len(categorical):
        fail("unexpected inputs %s" % sorted(inputs))

    output = "probabilities" if task == "classification" else "values"
    outputs = [o.name for o in model.graph.output]
    width = len(classes) if task == "classification" else 1
    if outputs != [output] or dims(model.graph.output[0]) != ["N", width]:
        fail("outputs %s %s, expected [%s] [N, %d]"
             % (outputs, dims(model.graph.output[0]), output, width))

    # Every .h5 parameter appears as layer<i>/<name>, bit for bit (bias [1, units] -> [units]).
    initializers = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    weight_bytes = 0
    int8_weights = 0
    for (layer, param), value in weights.items():
        stored = initializers.get("layer%d/%s" % (layer, param))
        if stored is None:
            fail("layer %d's %s is not in the ONNX file" % (layer, param))
        expected_type = np.int8 if value.dtype == np.int8 else np.float32
        if stored.dtype != expected_type:
            fail("layer %d's %s is %s in the ONNX file, %s in the .h5"
                 % (layer, param, stored.dtype, value.dtype))
        if not np.array_equal(stored.reshape(value.shape), value.astype(expected_type)):
            fail("layer %d's %s differs from the .h5" % (layer, param))
        weight_bytes += stored.nbytes
        int8_weights += stored.size if expected_type == np.int8 else 0
    if args.int8 and int8_weights == 0:
        fail("--int8: no int8 weights in the file")
    size = os.path.getsize(args.onnx_file)
    # The pipeline's vectors, names and the graph add a few kB on top of the raw weights.
    if not weight_bytes <= size <= weight_bytes * 1.02 + 32 * 1024:
        fail("file is %d bytes for %d bytes of weights" % (size, weight_bytes))
    print("onnx_check: %s passes onnx.checker (full_check), opset %d, %d bytes for %d bytes of "
          "weights (%d int8)" % (os.path.basename(args.onnx_file), opsets["ai.onnx"], size,
                                 weight_bytes, int8_weights))

    if args.spec:
        with open(args.spec, "w") as out:
            json.dump({"task": task, "classes": classes, "output": output,
                       "numeric_columns": numeric, "categorical_inputs": categorical}, out)


if __name__ == "__main__":
    main()
