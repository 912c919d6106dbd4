#pragma once
// OnnxGraph: appends nodes, initializers and typed inputs/outputs to an onnx::GraphProto through
// the protobuf API. Private to loupe_onnx (it includes libonnx's generated headers).

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace loupe::io {

/// One dimension of a declared input or output: a size, or a symbolic name such as "N".
using OnnxDim = std::variant<int64_t, std::string>;

class OnnxGraph {
public:
    explicit OnnxGraph(onnx::GraphProto& graph) : m_graph(graph) {}

    /// Adds `op` on `inputs` with one output named `output` (also the node's name).
    onnx::NodeProto& node(const std::string& op, std::initializer_list<std::string> inputs,
                          const std::string& output, const std::string& domain = {});
    /// A float32 initializer of shape `dims` (empty = scalar), stored as raw little-endian bytes.
    std::string floats(const std::string& name, const std::vector<int64_t>& dims,
                       std::span<const float> values);
    /// An int64 initializer of shape `dims`.
    std::string int64s(const std::string& name, const std::vector<int64_t>& dims,
                       std::span<const int64_t> values);
    /// An int8 initializer of shape `dims` (the weights of a dense_int8 layer stay one byte each).
    std::string int8s(const std::string& name, const std::vector<int64_t>& dims,
                      std::span<const int8_t> values);
    /// A uint8 initializer of shape `dims` (a quantization zero point).
    std::string uint8s(const std::string& name, const std::vector<int64_t>& dims,
                       std::span<const uint8_t> values);
    /// Declares a graph input of element type `type` (onnx::TensorProto_DataType).
    void input(const std::string& name, int32_t type, const std::vector<OnnxDim>& dims);
    /// Declares a graph output.
    void output(const std::string& name, int32_t type, const std::vector<OnnxDim>& dims);

private:
    onnx::GraphProto& m_graph;
};

/// Sets integer attribute `name` on `node`.
void setAttribute(onnx::NodeProto& node, const std::string& name, int64_t value);
/// Sets integer-list attribute `name` on `node`.
void setAttribute(onnx::NodeProto& node, const std::string& name,
                  const std::vector<int64_t>& values);
/// Sets string-list attribute `name` on `node`.
void setAttribute(onnx::NodeProto& node, const std::string& name,
                  const std::vector<std::string>& values);

}  // namespace loupe::io
