#include "core/io/model_file.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/sparse_weights.h"
#include "core/nn/quantized_dense.h"

namespace loupe::io {
namespace fs = std::filesystem;
namespace {

constexpr double kMaxParameters = 2e9;
constexpr size_t kMaxAttributeBytes = size_t{1} << 31;

/// HDF5 prints its error stack to stderr by default; Loupe reports errors itself.
void silenceHdf5() { H5::Exception::dontPrint(); }

/// Fixed-length UTF-8 strings of `width` bytes. Variable-length strings would live in HDF5's
/// global heap, which has no checksum: HDF5 1.10 reads a damaged one out of bounds and crashes.
/// Fixed-length ones sit inside the checksummed object header (or its checksummed dense storage).
H5::StrType utf8String(size_t width) {
    H5::StrType type(H5::PredType::C_S1, std::max<size_t>(width, 1));
    type.setCset(H5T_CSET_UTF8);
    type.setStrpad(H5T_STR_NULLPAD);
    return type;
}

void writeString(H5::H5Object& where, const char* name, const std::string& value) {
    const H5::StrType type = utf8String(value.size());
    H5::Attribute attribute = where.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    std::string padded = value;
    padded.resize(type.getSize(), '\0');
    attribute.write(type, padded.data());
}

void writeStrings(H5::H5Object& where, const char* name, const std::vector<std::string>& values) {
    size_t width = 1;
    for (const std::string& value : values) width = std::max(width, value.size());
    const H5::StrType type = utf8String(width);
    const hsize_t count = values.size();
    H5::Attribute attribute = where.createAttribute(name, type, H5::DataSpace(1, &count));
    std::string buffer(values.size() * width, '\0');
    for (size_t i = 0; i < values.size(); ++i)
        buffer.replace(i * width, values[i].size(), values[i]);
    if (!values.empty()) attribute.write(type, buffer.data());
}

/// A dense_int8 layer's weights are int8 codes: stored as an int8 dataset, a quarter of the bytes.
bool storedAsInt8(const nn::Layer& layer, const nn::Parameter& parameter) {
    return layer.type() == "dense_int8" && parameter.name == "weight";
}

/// A float Dense layer's weights with enough zeros (a pruned model's) are stored in CSR form.
bool storedSparse(const nn::Layer& layer, const nn::Parameter& parameter) {
    return layer.type() == "dense" && parameter.name == "weight" &&
           sparseIsSmaller(parameter.value);
}

std::string layerGroupName(size_t index, const nn::Layer& layer) {
    return std::to_string(index) + '_' + layer.type();
}

void writeFile(const nn::Model& model, const fs::path& path) {
    H5::FileAccPropList access;
    // The 1.10 format checksums every piece of metadata: object headers (which hold the
    // attributes and, for a dataset stored as one chunk, the chunk's address) and dense attribute
    // storage. With 1.8's format a chunk index is a v1 B-tree without a checksum, and a flipped
    // byte there silently reads the weights as zeros.
    access.setLibverBounds(H5F_LIBVER_V110, H5F_LIBVER_V110);
    H5::H5File file(path.string(), H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, access);
    H5::Group root = file.openGroup("/");
    // Files without sparse weights stay format 1, which older builds read.
    int64_t format = 1;
    for (const auto& layer : model.layers())
        for (const nn::Parameter& parameter : layer->parameters())
            if (storedSparse(*layer, parameter)) format = kModelFormat;
    root.createAttribute("loupe_format", H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR))
        .write(H5::PredType::NATIVE_INT64, &format);
    const std::string task(data::toString(model.task));
    const std::string architecture = model.architectureJson().dump();
    const std::string pipeline = model.pipeline.toJson().dump();
    writeString(root, "task", task);
    writeString(root, "target", model.targetName);
    writeStrings(root, "classes", model.classNames);
    writeString(root, "architecture", architecture);
    writeString(root, "pipeline", pipeline);

    H5::Group layers = file.createGroup("/layers");
    for (size_t i = 0; i < model.layers().size(); ++i) {
        const nn::Layer& layer = *model.layers()[i];
        H5::Group group = layers.createGroup(layerGroupName(i, layer));
        for (const nn::Parameter& parameter : layer.parameters()) {
            if (storedSparse(layer, parameter)) {
                writeSparse(group, parameter.name, parameter.value);
                continue;
            }
            const hsize_t dims[2] = {static_cast<hsize_t>(parameter.value.rows()),
                                     static_cast<hsize_t>(parameter.value.cols())};
            // One chunk per parameter, with a Fletcher-32 checksum so a damaged file is
            // refused instead of loading wrong weights (h5py checks it too).
            H5::DSetCreatPropList properties;
            if (parameter.value.size() > 0) {
                properties.setChunk(2, dims);
                properties.setFletcher32();
            }
            const bool int8 = storedAsInt8(layer, parameter);
            H5::DataSet dataset = group.createDataSet(
                parameter.name, int8 ? H5::PredType::STD_I8LE : H5::PredType::IEEE_F32LE,
                H5::DataSpace(2, dims), properties);
            // Matrix is row-major, which is HDF5's (and numpy's) C order.
            if (int8 && parameter.value.size() > 0) {
                const std::vector<int8_t> codes =
                    static_cast<const nn::QuantizedDense&>(layer).int8Weights();
                dataset.write(codes.data(), H5::PredType::NATIVE_INT8);
            } else if (parameter.value.size() > 0) {
                dataset.write(parameter.value.data(), H5::PredType::NATIVE_FLOAT);
            }
        }
    }
    file.close();
}

/// Reads a model from an open file; `fail` throws InputError naming the file.
class Reader {
public:
    Reader(const fs::path& path, H5::H5File& file) : m_path(path), m_file(file) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw InputError(what, m_path.string());
    }

    H5::Attribute attribute(const char* name) const {
        H5::Group root = m_file.openGroup("/");
        if (!root.attrExists(name))
            fail(std::string("not a Loupe model file: attribute '") + name + "' is missing");
        return root.openAttribute(name);
    }

    std::vector<std::string> strings(const char* name) const {
        H5::Attribute a = attribute(name);
        if (a.getTypeClass() != H5T_STRING)
            fail(std::string("attribute '") + name + "' is not text");
        const H5::StrType type = a.getStrType();
        if (type.isVariableStr())
            fail(std::string("attribute '") + name +
                 "' is a variable-length string; Loupe model files hold fixed-length ones");
        const auto count = static_cast<size_t>(a.getSpace().getSimpleExtentNpoints());
        const size_t width = type.getSize();
        if (count > 0 && width > kMaxAttributeBytes / count)
            fail(std::string("attribute '") + name + "' is implausibly large");
        std::vector<std::string> values;
        if (count == 0) return values;
        std::vector<char> buffer(count * width);
        a.read(type, buffer.data());
        for (size_t i = 0; i < count; ++i) {
            const char* begin = buffer.data() + i * width;
            values.emplace_back(begin, std::find(begin, begin + width, '\0'));
        }
        return values;
    }

    std::string string(const char* name) const {
        std::vector<std::string> values = strings(name);
        if (values.size() != 1) fail(std::string("attribute '") + name + "' is not one string");
        return std::move(values.front());
    }

    int64_t integer(const char* name) const {
        H5::Attribute a = attribute(name);
        if (a.getTypeClass() != H5T_INTEGER || a.getSpace().getSimpleExtentNpoints() != 1)
            fail(std::string("attribute '") + name + "' is not an integer");
        int64_t value = 0;
        a.read(H5::PredType::NATIVE_INT64, &value);
        return value;
    }

    nlohmann::json parse(const char* name, const std::string& text) const {
        nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded()) fail(std::string("attribute '") + name + "' is not valid JSON");
        return parsed;
    }

    /// Fills `parameter` from `group`/name, which must be a float dataset of shape rows x cols
    /// (an int8 one for a dense_int8 layer's weights, read into floats exactly).
    void readParameter(const H5::Group& group, const std::string& where, nn::Parameter& parameter,
                       int64_t rows, int64_t cols, bool int8) const {
        const std::string at = where + "/" + parameter.name;
        if (hasSparse(group, parameter.name))
            return readSparse(group, parameter.name, where, m_path.string(), rows, cols,
                              parameter.value);
        if (!group.nameExists(parameter.name)) fail("dataset " + at + " is missing");
        H5::DataSet dataset = group.openDataSet(parameter.name);
        if (int8 && (dataset.getTypeClass() != H5T_INTEGER ||
                     dataset.getIntType().getSize() != 1 ||
                     dataset.getIntType().getSign() != H5T_SGN_2))
            fail("dataset " + at + " is not int8");
        if (!int8 && dataset.getTypeClass() != H5T_FLOAT)
            fail("dataset " + at + " is not floating point");
        const H5::DataSpace space = dataset.getSpace();
        hsize_t dims[2] = {0, 0};
        if (space.getSimpleExtentNdims() != 2) fail("dataset " + at + " is not two-dimensional");
        space.getSimpleExtentDims(dims);
        if (static_cast<int64_t>(dims[0]) != rows || static_cast<int64_t>(dims[1]) != cols)
            fail("dataset " + at + " has shape [" + std::to_string(dims[0]) + ", " +
                 std::to_string(dims[1]) + "], the architecture needs [" + std::to_string(rows) +
                 ", " + std::to_string(cols) + "]");
        parameter.value.resize(rows, cols);
        if (parameter.value.size() > 0)
            dataset.read(parameter.value.data(), H5::PredType::NATIVE_FLOAT);
    }

    nn::Model read() const {
        const int64_t format = integer("loupe_format");
        if (format > kModelFormat)
            fail("written by a newer Loupe (model format " + std::to_string(format) +
                 "; this build reads up to " + std::to_string(kModelFormat) + ")");
        if (format < 1) fail("unknown model format " + std::to_string(format));

        const std::string task = string("task");
        const std::string target = string("target");
        const std::vector<std::string> classes = strings("classes");
        const std::string architectureText = string("architecture");
        const std::string pipelineText = string("pipeline");

        nn::Model model;
        try {
            const nlohmann::json architecture = parse("architecture", architectureText);
            checkSize(architecture);
            model = nn::Model::fromArchitectureJson(architecture);
            model.pipeline = data::Pipeline::fromJson(parse("pipeline", pipelineText));
        } catch (const ModelError& e) {
            fail(std::string("bad model description: ") + e.what());
        }
        if (task == data::toString(data::Task::Classification)) {
            model.task = data::Task::Classification;
        } else if (task == data::toString(data::Task::Regression)) {
            model.task = data::Task::Regression;
        } else {
            fail("unknown task '" + task + "'");
        }
        model.targetName = target;
        model.classNames = classes;
        checkSignature(model);
        readLayers(model);
        return model;
    }

private:
    /// Refuses architectures whose weights would not fit in memory before allocating them.
    void checkSize(const nlohmann::json& architecture) const {
        if (!architecture.is_array()) return;  // fromArchitectureJson says what is wrong
        double elements = 0.0;
        for (const nlohmann::json& layer : architecture) {
            if (!layer.is_object()) continue;
            double inputs = 1.0, units = 1.0;
            if (layer.contains("inputs") && layer["inputs"].is_number())
                inputs = std::abs(layer["inputs"].get<double>());
            if (layer.contains("units") && layer["units"].is_number())
                units = std::abs(layer["units"].get<double>());
            elements += (inputs + 1.0) * units;
        }
        if (elements > kMaxParameters)
            fail("the architecture asks for more than " + std::to_string(kMaxParameters) +
                 " parameters");
    }

    void checkSignature(const nn::Model& model) const {
        if (model.layers().empty()) fail("the architecture has no layers");
        if (model.task == data::Task::Classification &&
            (model.classNames.size() < 2 ||
             static_cast<int64_t>(model.classNames.size()) != model.outputs()))
            fail(std::to_string(model.classNames.size()) + " class names for a model with " +
                 std::to_string(model.outputs()) + " outputs");
        if (model.task == data::Task::Regression && model.outputs() != 1)
            fail("a regression model needs one output, the architecture has " +
                 std::to_string(model.outputs()));
        if (!model.pipeline.fitted() || model.pipeline.outputWidth() != model.inputs())
            fail("the pipeline produces " + std::to_string(model.pipeline.outputWidth()) +
                 " features, the model takes " + std::to_string(model.inputs()));
    }

    void readLayers(nn::Model& model) const {
        if (!m_file.nameExists("layers")) fail("group /layers is missing");
        H5::Group layers = m_file.openGroup("/layers");
        if (layers.getNumObjs() != model.layers().size())
            fail("/layers holds " + std::to_string(layers.getNumObjs()) +
                 " groups, the architecture has " + std::to_string(model.layers().size()) +
                 " layers");
        for (size_t i = 0; i < model.layers().size(); ++i) {
            nn::Layer& layer = *model.layers()[i];
            const std::string name = layerGroupName(i, layer);
            if (!layers.nameExists(name)) fail("group /layers/" + name + " is missing");
            H5::Group group = layers.openGroup(name);
            for (nn::Parameter& parameter : layer.parameters()) {
                // Weights are [inputs, units], biases [1, units] (Dense); other layers give their
                // shapes through the sizes fromArchitectureJson allocated.
                int64_t rows = parameter.value.rows(), cols = parameter.value.cols();
                if (parameter.value.size() == 0) {
                    rows = parameter.name == "bias" ? 1 : layer.inputs();
                    cols = layer.outputs();
                }
                readParameter(group, "/layers/" + name, parameter, rows, cols,
                              storedAsInt8(layer, parameter));
            }
        }
    }

    const fs::path& m_path;
    H5::H5File& m_file;
};

}  // namespace

void saveModel(const nn::Model& model, const fs::path& path) {
    silenceHdf5();
    writeFileAtomicWith(path, [&](const fs::path& temporary) {
        try {
            writeFile(model, temporary);
        } catch (const H5::Exception& e) {
            throw InputError("cannot write the model: " + e.getDetailMsg(), path.string());
        }
    });
}

nn::Model loadModel(const fs::path& path) {
    silenceHdf5();
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError("no such file", path.string());
    if (!fs::is_regular_file(path, ec)) throw InputError("not a regular file", path.string());
    try {
        if (!H5::H5File::isHdf5(path.string()))
            throw InputError("not an HDF5 file (expected a Loupe model .h5)", path.string());
        H5::H5File file(path.string(), H5F_ACC_RDONLY);
        return Reader(path, file).read();
    } catch (const H5::Exception& e) {
        throw InputError(
            "damaged or unreadable HDF5 file (" + e.getFuncName() + ": " + e.getDetailMsg() + ")",
            path.string());
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("bad model description: ") + e.what(), path.string());
    } catch (const ModelError& e) {
        throw InputError(std::string("bad model: ") + e.what(), path.string());
    } catch (const std::bad_alloc&) {
        throw InputError("the model does not fit in memory", path.string());
    }
}

}  // namespace loupe::io
