#include "core/io/model_file.h"

#include <H5Cpp.h>

#include <cmath>
#include <new>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace loupe::io {
namespace fs = std::filesystem;
namespace {

constexpr double kMaxParameters = 2e9;

/// HDF5 prints its error stack to stderr by default; Loupe reports errors itself.
void silenceHdf5() { H5::Exception::dontPrint(); }

H5::StrType utf8String() {
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    return type;
}

void writeString(H5::H5Object& where, const char* name, const std::string& value) {
    const H5::StrType type = utf8String();
    H5::Attribute attribute = where.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    attribute.write(type, value);
}

void writeStrings(H5::H5Object& where, const char* name, const std::vector<std::string>& values) {
    const H5::StrType type = utf8String();
    const hsize_t count = values.size();
    H5::Attribute attribute = where.createAttribute(name, type, H5::DataSpace(1, &count));
    std::vector<const char*> pointers;
    for (const std::string& value : values) pointers.push_back(value.c_str());
    if (!pointers.empty()) attribute.write(type, pointers.data());
}

std::string layerGroupName(size_t index, const nn::Layer& layer) {
    return std::to_string(index) + '_' + layer.type();
}

void writeFile(const nn::Model& model, const fs::path& path) {
    H5::FileAccPropList access;
    // 1.8 object headers store large attributes (many class names) densely; h5py reads them.
    access.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_V110);
    H5::H5File file(path.string(), H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, access);
    H5::Group root = file.openGroup("/");
    const int64_t format = kModelFormat;
    root.createAttribute("loupe_format", H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR))
        .write(H5::PredType::NATIVE_INT64, &format);
    writeString(root, "task", std::string(data::toString(model.task)));
    writeString(root, "target", model.targetName);
    writeStrings(root, "classes", model.classNames);
    writeString(root, "architecture", model.architectureJson().dump());
    writeString(root, "pipeline", model.pipeline.toJson().dump());

    H5::Group layers = file.createGroup("/layers");
    for (size_t i = 0; i < model.layers().size(); ++i) {
        const nn::Layer& layer = *model.layers()[i];
        H5::Group group = layers.createGroup(layerGroupName(i, layer));
        for (const nn::Parameter& parameter : layer.parameters()) {
            const hsize_t dims[2] = {static_cast<hsize_t>(parameter.value.rows()),
                                     static_cast<hsize_t>(parameter.value.cols())};
            // One chunk per parameter, with a Fletcher-32 checksum so a damaged file is
            // refused instead of loading wrong weights (h5py checks it too).
            H5::DSetCreatPropList properties;
            if (parameter.value.size() > 0) {
                properties.setChunk(2, dims);
                properties.setFletcher32();
            }
            H5::DataSet dataset = group.createDataSet(parameter.name, H5::PredType::IEEE_F32LE,
                                                      H5::DataSpace(2, dims), properties);
            // Matrix is row-major, which is HDF5's (and numpy's) C order.
            if (parameter.value.size() > 0)
                dataset.write(parameter.value.data(), H5::PredType::NATIVE_FLOAT);
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

    std::string string(const char* name) const {
        H5::Attribute a = attribute(name);
        if (a.getTypeClass() != H5T_STRING || a.getSpace().getSimpleExtentNpoints() != 1)
            fail(std::string("attribute '") + name + "' is not a string");
        std::string value;
        a.read(a.getStrType(), value);
        return value;
    }

    std::vector<std::string> strings(const char* name) const {
        H5::Attribute a = attribute(name);
        if (a.getTypeClass() != H5T_STRING)
            fail(std::string("attribute '") + name + "' is not a list of strings");
        const H5::StrType type = a.getStrType();
        const H5::DataSpace space = a.getSpace();
        const auto count = static_cast<size_t>(space.getSimpleExtentNpoints());
        std::vector<std::string> values;
        if (count == 0) return values;
        if (type.isVariableStr()) {
            std::vector<char*> buffer(count, nullptr);
            a.read(type, buffer.data());
            for (char* s : buffer) values.emplace_back(s ? s : "");
            H5::DataSet::vlenReclaim(buffer.data(), type, space);
        } else {
            const size_t width = type.getSize();
            std::vector<char> buffer(count * width);
            a.read(type, buffer.data());
            for (size_t i = 0; i < count; ++i) {
                std::string s(buffer.data() + i * width, width);
                values.push_back(s.substr(0, s.find('\0')));
            }
        }
        return values;
    }

    int64_t integer(const char* name) const {
        H5::Attribute a = attribute(name);
        if (a.getTypeClass() != H5T_INTEGER || a.getSpace().getSimpleExtentNpoints() != 1)
            fail(std::string("attribute '") + name + "' is not an integer");
        int64_t value = 0;
        a.read(H5::PredType::NATIVE_INT64, &value);
        return value;
    }

    nlohmann::json json(const char* name) const {
        const std::string text = string(name);
        nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
        if (parsed.is_discarded()) fail(std::string("attribute '") + name + "' is not valid JSON");
        return parsed;
    }

    /// Fills `parameter` from `group`/name, which must be a float dataset of shape rows x cols.
    void readParameter(const H5::Group& group, const std::string& where, nn::Parameter& parameter,
                       int64_t rows, int64_t cols) const {
        const std::string at = where + "/" + parameter.name;
        if (!group.nameExists(parameter.name)) fail("dataset " + at + " is missing");
        H5::DataSet dataset = group.openDataSet(parameter.name);
        if (dataset.getTypeClass() != H5T_FLOAT) fail("dataset " + at + " is not floating point");
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

        nn::Model model;
        try {
            const nlohmann::json architecture = json("architecture");
            checkSize(architecture);
            model = nn::Model::fromArchitectureJson(architecture);
            model.pipeline = data::Pipeline::fromJson(json("pipeline"));
        } catch (const ModelError& e) {
            fail(std::string("bad model description: ") + e.what());
        }
        const std::string task = string("task");
        if (task == data::toString(data::Task::Classification)) {
            model.task = data::Task::Classification;
        } else if (task == data::toString(data::Task::Regression)) {
            model.task = data::Task::Regression;
        } else {
            fail("unknown task '" + task + "'");
        }
        model.targetName = string("target");
        model.classNames = strings("classes");
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
                readParameter(group, "/layers/" + name, parameter, rows, cols);
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
