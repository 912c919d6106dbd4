#include "core/io/onnx_graph.h"

#include <bit>

namespace loupe::io {
namespace {

// raw_data is little-endian by the ONNX spec; copying the host's bytes is only right on one.
static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian");

void declare(onnx::ValueInfoProto& value, const std::string& name, int32_t type,
             const std::vector<OnnxDim>& dims) {
    value.set_name(name);
    onnx::TypeProto_Tensor& tensor = *value.mutable_type()->mutable_tensor_type();
    tensor.set_elem_type(type);
    onnx::TensorShapeProto& shape = *tensor.mutable_shape();
    for (const OnnxDim& dim : dims) {
        onnx::TensorShapeProto_Dimension& d = *shape.add_dim();
        if (const auto* size = std::get_if<int64_t>(&dim))
            d.set_dim_value(*size);
        else
            d.set_dim_param(std::get<std::string>(dim));
    }
}

onnx::TensorProto& initializer(onnx::GraphProto& graph, const std::string& name, int32_t type,
                               const std::vector<int64_t>& dims, const void* data, size_t bytes) {
    onnx::TensorProto& t = *graph.add_initializer();
    t.set_name(name);
    t.set_data_type(type);
    for (int64_t d : dims) t.add_dims(d);
    t.set_raw_data(data, bytes);
    return t;
}

onnx::AttributeProto& attribute(onnx::NodeProto& node, const std::string& name,
                                onnx::AttributeProto_AttributeType type) {
    onnx::AttributeProto& a = *node.add_attribute();
    a.set_name(name);
    a.set_type(type);
    return a;
}

}  // namespace

onnx::NodeProto& OnnxGraph::node(const std::string& op, std::initializer_list<std::string> inputs,
                                 const std::string& output, const std::string& domain) {
    onnx::NodeProto& n = *m_graph.add_node();
    n.set_op_type(op);
    n.set_name(output);
    if (!domain.empty()) n.set_domain(domain);
    for (const std::string& in : inputs) n.add_input(in);
    n.add_output(output);
    return n;
}

std::string OnnxGraph::floats(const std::string& name, const std::vector<int64_t>& dims,
                              std::span<const float> values) {
    initializer(m_graph, name, onnx::TensorProto_DataType_FLOAT, dims, values.data(),
                values.size_bytes());
    return name;
}

std::string OnnxGraph::int64s(const std::string& name, const std::vector<int64_t>& dims,
                              std::span<const int64_t> values) {
    initializer(m_graph, name, onnx::TensorProto_DataType_INT64, dims, values.data(),
                values.size_bytes());
    return name;
}

std::string OnnxGraph::int8s(const std::string& name, const std::vector<int64_t>& dims,
                             std::span<const int8_t> values) {
    initializer(m_graph, name, onnx::TensorProto_DataType_INT8, dims, values.data(),
                values.size_bytes());
    return name;
}

std::string OnnxGraph::uint8s(const std::string& name, const std::vector<int64_t>& dims,
                              std::span<const uint8_t> values) {
    initializer(m_graph, name, onnx::TensorProto_DataType_UINT8, dims, values.data(),
                values.size_bytes());
    return name;
}

void OnnxGraph::input(const std::string& name, int32_t type, const std::vector<OnnxDim>& dims) {
    declare(*m_graph.add_input(), name, type, dims);
}

void OnnxGraph::output(const std::string& name, int32_t type, const std::vector<OnnxDim>& dims) {
    declare(*m_graph.add_output(), name, type, dims);
}

void setAttribute(onnx::NodeProto& node, const std::string& name, int64_t value) {
    attribute(node, name, onnx::AttributeProto_AttributeType_INT).set_i(value);
}

void setAttribute(onnx::NodeProto& node, const std::string& name,
                  const std::vector<int64_t>& values) {
    onnx::AttributeProto& a = attribute(node, name, onnx::AttributeProto_AttributeType_INTS);
    for (int64_t v : values) a.add_ints(v);
}

void setAttribute(onnx::NodeProto& node, const std::string& name,
                  const std::vector<std::string>& values) {
    onnx::AttributeProto& a = attribute(node, name, onnx::AttributeProto_AttributeType_STRINGS);
    for (const std::string& v : values) a.add_strings(v);
}

}  // namespace loupe::io
