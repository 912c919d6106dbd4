#include "core/search/trial_request.h"

#include <sstream>

#include "core/error.h"
#include "core/nn/layer.h"

namespace loupe::search {

namespace {

std::vector<int64_t> hiddenUnits(const nlohmann::json& value) {
    std::vector<int64_t> units;
    if (value.is_number_integer()) return {value.get<int64_t>()};
    if (value.is_array()) {
        for (const auto& u : value) units.push_back(u.get<int64_t>());
        return units;
    }
    std::stringstream text(value.get<std::string>());
    std::string part;
    while (std::getline(text, part, ','))
        if (!part.empty()) units.push_back(std::stoll(part));
    return units;
}

train::Optimizer optimizerOf(const std::string& name) {
    if (name == "adam") return train::Optimizer::Adam;
    if (name == "adamw") return train::Optimizer::AdamW;
    if (name == "sgd") return train::Optimizer::Sgd;
    throw InputError("unknown optimizer '" + name + "' (adam, adamw, sgd)");
}

}  // namespace

const std::vector<std::string>& searchableParameters() {
    static const std::vector<std::string> names{
        "learning_rate", "batch_size", "epochs",   "hidden",     "dropout",
        "l1",            "l2",         "momentum", "optimizer",  "activation",
        "early_stop_patience"};
    return names;
}

train::ExperimentRequest trialRequest(const train::ExperimentRequest& base,
                                      const nlohmann::json& params) {
    train::ExperimentRequest r = base;
    for (const auto& [name, value] : params.items()) {
        try {
            const auto positive = [&](double v) {
                if (!(v > 0.0)) throw InputError("must be above 0");
                return v;
            };
            const auto share = [&](double v) {
                if (!(v >= 0.0 && v < 1.0)) throw InputError("must be in [0, 1)");
                return v;
            };
            if (name == "learning_rate") r.train.learningRate = static_cast<float>(positive(value.get<double>()));
            else if (name == "batch_size") r.train.batchSize = static_cast<int64_t>(positive(value.get<double>()));
            else if (name == "epochs") r.train.epochs = static_cast<int64_t>(positive(value.get<double>()));
            else if (name == "hidden") {
                r.model.hidden = hiddenUnits(value);
                // Per-layer settings (the window's model builder sets them per layer) cannot
                // follow another layer count: the first layer's become every layer's.
                const size_t layers = r.model.hidden.size();
                if (!r.model.activations.empty() && r.model.activations.size() != layers) {
                    r.model.activation = r.model.activations.front();
                    r.model.activations.clear();
                }
                if (!r.model.dropouts.empty() && r.model.dropouts.size() != layers) {
                    r.model.dropout = r.model.dropouts.front();
                    r.model.dropouts.clear();
                }
            } else if (name == "dropout") {
                r.model.dropout = static_cast<float>(share(value.get<double>()));
                r.model.dropouts.clear();  // the trial's dropout is every layer's
            }
            else if (name == "l1") r.train.l1 = static_cast<float>(value.get<double>());
            else if (name == "l2") r.train.l2 = static_cast<float>(value.get<double>());
            else if (name == "momentum") r.train.momentum = static_cast<float>(share(value.get<double>()));
            else if (name == "optimizer") r.train.optimizer = optimizerOf(value.get<std::string>());
            else if (name == "activation") {
                r.model.activation = nn::parseActivation(value.get<std::string>());
                r.model.activations.clear();
            }
            else if (name == "early_stop_patience") r.train.earlyStopPatience = value.get<int64_t>();
            else {
                std::string known;
                for (const std::string& n : searchableParameters()) known += (known.empty() ? "" : ", ") + n;
                throw InputError("not a searchable parameter (" + known + ")");
            }
        } catch (const InputError& e) {
            throw InputError("search parameter '" + name + "' = " + value.dump() + ": " + e.message());
        } catch (const ModelError& e) {
            throw InputError("search parameter '" + name + "' = " + value.dump() + ": " + e.what());
        } catch (const std::exception&) {
            throw InputError("search parameter '" + name + "' = " + value.dump() +
                             ": not a value of the right kind");
        }
    }
    return r;
}

}  // namespace loupe::search
