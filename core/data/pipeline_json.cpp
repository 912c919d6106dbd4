// Pipeline <-> JSON, the form a Pipeline takes inside project files and model files.
// Numbers are JSON numbers: nlohmann::json writes the shortest text that reads back as the same
// double, so a fitted pipeline survives a save and load bit for bit.

#include <cmath>

#include "core/data/pipeline.h"
#include "core/error.h"

namespace loupe::data {
namespace {

constexpr int kVersion = 1;

double finite(double value, const char* what) {
    if (!std::isfinite(value))
        throw ModelError(std::string("pipeline: ") + what + " is not finite");
    return value;
}

}  // namespace

nlohmann::json Pipeline::toJson() const {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& step : m_steps) {
        nlohmann::json item{{"column", step.column}};
        if (step.type == ColumnType::Numeric) {
            item["type"] = "numeric";
            item["fill"] = finite(step.fill, "a fill value");
            item["mean"] = finite(step.mean, "a mean");
            item["scale"] = finite(step.scale, "a scale");
            if (step.log) item["log"] = true;
        } else {
            item["type"] = "categorical";
            item["categories"] = step.categories;
            item["fill_category"] = step.fillCategory;
        }
        steps.push_back(std::move(item));
    }
    nlohmann::json json{{"version", kVersion},
                        {"numeric_impute", toString(m_options.numericImpute)},
                        {"scaling", toString(m_options.scaling)},
                        {"steps", std::move(steps)}};
    // Written only when not one-hot, so files that do not use it stay as older Loupes wrote them.
    if (m_options.encoding != Encoding::OneHot)
        json["categorical_encoding"] = toString(m_options.encoding);
    return json;
}

Pipeline Pipeline::fromJson(const nlohmann::json& json) {
    try {
        if (json.at("version").get<int>() != kVersion) {
            throw ModelError("pipeline: unsupported version " + json.at("version").dump());
        }
        PipelineOptions options;
        const auto impute = json.at("numeric_impute").get<std::string>();
        const auto scaling = json.at("scaling").get<std::string>();
        // Keys a file from an older Loupe lacks mean what that Loupe did: one-hot, no log.
        const auto encoding = json.value("categorical_encoding", std::string("onehot"));
        try {
            options.numericImpute = parseImpute(impute);
            options.scaling = parseScaling(scaling);
            options.encoding = parseEncoding(encoding);
        } catch (const InputError& error) {
            throw ModelError(std::string("pipeline: ") + error.what());
        }
        std::vector<FeatureStep> steps;
        for (const auto& item : json.at("steps")) {
            FeatureStep step;
            step.column = item.at("column").get<std::string>();
            const auto type = item.at("type").get<std::string>();
            if (type == "numeric") {
                step.type = ColumnType::Numeric;
                step.fill = item.at("fill").get<double>();
                step.mean = item.at("mean").get<double>();
                step.scale = item.at("scale").get<double>();
                step.log = item.value("log", false);
                if (step.log) options.logColumns.push_back(step.column);
                if (!(step.scale > 0.0))
                    throw ModelError("pipeline: scale of '" + step.column + "' is not positive");
            } else if (type == "categorical") {
                step.type = ColumnType::Categorical;
                step.categories = item.at("categories").get<std::vector<std::string>>();
                step.fillCategory = item.at("fill_category").get<int32_t>();
                if (step.fillCategory < -1 ||
                    step.fillCategory >= int32_t(step.categories.size())) {
                    throw ModelError("pipeline: fill_category of '" + step.column +
                                     "' is out of range");
                }
            } else {
                throw ModelError("pipeline: unknown step type '" + type + "'");
            }
            steps.push_back(std::move(step));
        }
        Pipeline pipeline(options);
        pipeline.m_steps = std::move(steps);
        return pipeline;
    } catch (const nlohmann::json::exception& error) {
        throw ModelError(std::string("pipeline: malformed description: ") + error.what());
    }
}

}  // namespace loupe::data
