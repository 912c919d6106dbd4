// ONNX export: the written file parses back as a ModelProto with opset 13, the documented inputs,
// output and metadata, and every weight; what cannot be exported is refused with a clear error.
// (The numbers are compared with loupe-cli predict in ONNX Runtime by run_onnx_check.sh.)

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>

#include "core/error.h"
#include "core/io/onnx_export.h"
#include "core/nn/dense.h"
#include "core/nn/quantized_dense.h"

using namespace loupe;
namespace fs = std::filesystem;

namespace {

/// 40 rows: numeric x0, a categorical colour between numeric x1 and x2 (x2 with missing values).
data::Table sampleTable() {
    std::mt19937 random(3);
    std::normal_distribution<double> normal;
    std::vector<data::Column> columns(4);
    const char* names[] = {"x0", "colour", "x1", "x2"};
    for (size_t c = 0; c < 4; ++c) columns[c].name = names[c];
    columns[1].type = data::ColumnType::Categorical;
    columns[1].categories = {"red", "green", "blue"};
    for (int r = 0; r < 40; ++r) {
        for (size_t c : {0, 2, 3})
            columns[c].numeric.push_back(c == 3 && r % 5 == 0 ? std::nan("") : normal(random));
        columns[1].codes.push_back(r % 6 == 0 ? -1 : r % 3);
    }
    return data::Table(std::move(columns), "sample");
}

nn::Model sampleModel(const std::vector<std::string>& features, data::Task task,
                      std::vector<int64_t> hidden, device::Activation activation) {
    const data::Table table = sampleTable();
    std::vector<int64_t> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), int64_t{0});
    data::Pipeline pipeline;
    pipeline.fit(table, features, rows);
    nn::ModelSpec spec;
    spec.hidden = std::move(hidden);
    spec.activation = activation;
    spec.dropout = 0.2f;
    const bool classification = task == data::Task::Classification;
    nn::Model model = nn::Model::build(spec, pipeline.outputWidth(), classification ? 3 : 1, 5);
    model.task = task;
    if (classification) model.classNames = {"a", "b, with comma", "ç"};
    model.targetName = "label";
    model.pipeline = std::move(pipeline);
    return model;
}

onnx::ModelProto readBack(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    onnx::ModelProto proto;
    if (!proto.ParseFromString(bytes)) throw std::runtime_error("not a ModelProto: " + path);
    return proto;
}

/// "N x 3"-style description of a graph value's type, e.g. "1:N,3" (elem type, dims).
std::string typeOf(const onnx::ValueInfoProto& value) {
    const auto& tensor = value.type().tensor_type();
    std::string text = std::to_string(tensor.elem_type()) + ":";
    for (const auto& d : tensor.shape().dim())
        text += (d.has_dim_param() ? d.dim_param() : std::to_string(d.dim_value())) + ",";
    return text;
}

std::string metadata(const onnx::ModelProto& proto, const std::string& key) {
    for (const auto& entry : proto.metadata_props())
        if (entry.key() == key) return entry.value();
    return {};
}

/// A layer ONNX export does not know, as a quantized layer would be.
class Int8Dense final : public nn::Layer {
public:
    std::string type() const override { return "int8_dense"; }
    int64_t inputs() const override { return 3; }
    int64_t outputs() const override { return 3; }
    nlohmann::json config() const override { return {{"type", type()}}; }
    std::unique_ptr<Layer> clone() const override { return std::make_unique<Int8Dense>(); }
    void forward(device::Device&, nn::LayerState&, const device::Tensor&, device::Tensor&, bool,
                 uint64_t) override {}
    void backward(device::Device&, nn::LayerState&, const device::Tensor&, const device::Tensor&,
                  const device::Tensor&, device::Tensor*) override {}
};

}  // namespace

class TestOnnxExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!io::onnxExportAvailable()) QSKIP("built without libonnx");
    }

    void classifierParsesBack() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.onnx").toStdString();
        const nn::Model model =
            sampleModel({"x0", "colour", "x1", "x2"}, data::Task::Classification, {8, 4},
                        device::Activation::GELU);
        io::exportOnnx(model, path);
        const onnx::ModelProto proto = readBack(path);
        onnx::checker::check_model(proto);
        QCOMPARE(proto.ir_version(), int64_t(8));
        std::map<std::string, int64_t> opsets;
        for (const auto& o : proto.opset_import()) opsets[o.domain()] = o.version();
        QCOMPARE(opsets[""], int64_t(io::kOnnxOpset));
        QCOMPARE(opsets["ai.onnx.ml"], int64_t(io::kOnnxMlOpset));  // LabelEncoder for colour

        const onnx::GraphProto& g = proto.graph();
        QCOMPARE(g.input_size(), 2);
        QCOMPARE(g.input(0).name(), std::string("features"));
        QCOMPARE(typeOf(g.input(0)), std::string("1:N,3,"));  // FLOAT [N, x0 x1 x2]
        QCOMPARE(g.input(1).name(), std::string("colour"));
        QCOMPARE(typeOf(g.input(1)), std::string("8:N,1,"));  // STRING [N, 1]
        QCOMPARE(g.output_size(), 1);
        QCOMPARE(g.output(0).name(), std::string("probabilities"));
        QCOMPARE(typeOf(g.output(0)), std::string("1:N,3,"));

        QCOMPARE(metadata(proto, "loupe.task"), std::string("classification"));
        QCOMPARE(nlohmann::json::parse(metadata(proto, "loupe.class_names")),
                 nlohmann::json(model.classNames));
        QCOMPARE(nlohmann::json::parse(metadata(proto, "loupe.numeric_columns")),
                 nlohmann::json({"x0", "x1", "x2"}));

        // Every Dense parameter is stored bit for bit; dropout leaves no trace.
        int64_t stored = 0;
        for (const auto& t : g.initializer()) {
            const std::string& name = t.name();
            const bool parameter = name.ends_with("/weight") || name.ends_with("/bias");
            if (name.starts_with("layer") && parameter) stored += int64_t(t.raw_data().size()) / 4;
        }
        QCOMPARE(stored, model.parameterCount());
        std::set<std::string> ops;
        for (const auto& node : g.node()) ops.insert(node.op_type());
        for (const char* op : {"IsNaN", "Where", "Sub", "Div", "LabelEncoder", "Equal", "Cast",
                               "Slice", "Concat", "Gemm", "Erf", "Softmax"})
            QVERIFY2(ops.count(op), op);
        QVERIFY(!ops.count("Dropout"));
    }

    void regressorHasValues() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.onnx").toStdString();
        io::exportOnnx(
            sampleModel({"x0", "x2"}, data::Task::Regression, {4}, device::Activation::Tanh), path);
        const onnx::ModelProto proto = readBack(path);
        QCOMPARE(proto.opset_import_size(), 1);  // no ai.onnx.ml without categorical columns
        QCOMPARE(proto.graph().input_size(), 1);
        QCOMPARE(typeOf(proto.graph().input(0)), std::string("1:N,2,"));
        QCOMPARE(proto.graph().output(0).name(), std::string("values"));
        QCOMPARE(typeOf(proto.graph().output(0)), std::string("1:N,1,"));
        QCOMPARE(metadata(proto, "loupe.class_names"), std::string("[]"));
    }

    void wideModelIsAboutItsWeights() {
        const nn::Model model =
            sampleModel({"x0", "colour", "x1", "x2"}, data::Task::Classification, {1024, 1024},
                        device::Activation::ReLU);
        const std::string bytes = io::onnxModelBytes(model);
        const double weights = double(model.parameterCount()) * 4.0;
        qInfo("1024 x 1024 model: %zu bytes of ONNX for %.0f bytes of weights", bytes.size(),
              weights);
        QVERIFY(double(bytes.size()) >= weights);
        QVERIFY(double(bytes.size()) < weights * 1.01 + 16384);
    }

    // dense_int8 layers: int8 weight initializers (the codes, bit for bit), MatMulInteger on the
    // u8-quantized input, no float GEMM; the file about a quarter of the float model's.
    void quantizedModelKeepsInt8Weights() {
        nn::Model model = sampleModel({"x0", "colour", "x1", "x2"}, data::Task::Classification,
                                      {512, 256}, device::Activation::GELU);
        const size_t floatBytes = io::onnxModelBytes(model).size();
        std::vector<std::vector<int8_t>> codes;
        for (auto& layer : model.layers())
            if (const auto* dense = dynamic_cast<const nn::Dense*>(layer.get())) {
                auto q = nn::QuantizedDense::fromDense(*dense, {0.05f, 120});
                codes.push_back(q->int8Weights());
                layer = std::move(q);
            }
        QCOMPARE(codes.size(), size_t{3});
        const std::string bytes = io::onnxModelBytes(model);
        onnx::ModelProto proto;
        QVERIFY(proto.ParseFromString(bytes));
        onnx::checker::check_model(proto);
        size_t found = 0;
        for (const auto& t : proto.graph().initializer()) {
            if (!t.name().starts_with("layer") || !t.name().ends_with("/weight")) continue;
            QCOMPARE(t.data_type(), int32_t(onnx::TensorProto_DataType_INT8));
            const std::vector<int8_t>& want = codes.at(found++);
            QCOMPARE(t.raw_data().size(), want.size());
            QVERIFY(std::equal(want.begin(), want.end(),
                               reinterpret_cast<const int8_t*>(t.raw_data().data())));
        }
        QCOMPARE(found, size_t{3});
        std::set<std::string> ops;
        for (const auto& node : proto.graph().node()) ops.insert(node.op_type());
        for (const char* op : {"QuantizeLinear", "MatMulInteger", "Cast", "Erf", "Softmax"})
            QVERIFY2(ops.count(op), op);
        QVERIFY(!ops.count("Gemm"));
        qInfo("int8 model: %zu bytes of ONNX, float: %zu", bytes.size(), floatBytes);
        QVERIFY(double(bytes.size()) < 0.3 * double(floatBytes));
    }

    void unknownLayerIsRefused() {
        nn::Model model =
            sampleModel({"x0", "x1", "x2"}, data::Task::Regression, {}, device::Activation::ReLU);
        model.layers().insert(model.layers().begin(), std::make_unique<Int8Dense>());
        try {
            io::onnxModelBytes(model);
            QFAIL("exported a layer ONNX export does not know");
        } catch (const InputError& e) {
            const std::string message = e.what();
            QVERIFY2(
                message.find("cannot export layer 1 ('int8_dense') to ONNX") != std::string::npos,
                e.what());
        }
    }

    void modelWithoutPipelineIsRefused() {
        nn::ModelSpec spec;
        nn::Model model = nn::Model::build(spec, 3, 1, 1);
        model.task = data::Task::Regression;
        QVERIFY_THROWS_EXCEPTION(ModelError, io::onnxModelBytes(model));
    }

    void unwritablePathLeavesNothing() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "missing" / "m.onnx";
        const nn::Model model =
            sampleModel({"x0"}, data::Task::Regression, {}, device::Activation::ReLU);
        QVERIFY_THROWS_EXCEPTION(InputError, io::exportOnnx(model, path));
        QVERIFY(!fs::exists(path));
    }

    void categoricalInputNames() {
        QCOMPARE(io::onnxCategoricalInput("colour"), std::string("colour"));
        QCOMPARE(io::onnxCategoricalInput("features"), std::string("column:features"));
        QCOMPARE(io::onnxCategoricalInput("probabilities"), std::string("column:probabilities"));
        QCOMPARE(io::onnxCategoricalInput("a/b"), std::string("column:a/b"));
    }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
