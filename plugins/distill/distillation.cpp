#include "plugins/distill/distillation.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace loupe::plugins {

std::vector<int64_t> parseHiddenUnits(const std::string& text) {
    std::vector<int64_t> units;
    if (text.empty() || text == "none") return units;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        std::string item = text.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        const bool digits =
            !item.empty() && item.size() <= 9 && std::all_of(item.begin(), item.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            });
        if (!digits || std::stoll(item) < 1)
            throw InputError("hidden layers: '" + text +
                             "' is not a comma-separated list of positive unit counts, e.g. 64,32");
        units.push_back(std::stoll(item));
        start = comma + 1;
    }
    return units;
}

Matrix teacherOutputs(const nn::Model& teacher, device::Device& device, const Matrix& x) {
    // One large batch at a time: the teacher runs once, not once per epoch.
    return teacher.forwardRaw(device, x, 8192);
}

nn::Model distill(const nn::Model& teacher, device::Device& device, const train::TrainData& train,
                  const train::TrainData& val, const DistillOptions& options,
                  const train::TrainCallbacks& callbacks, std::stop_token stop,
                  DistillReport* report) {
    if (teacher.layers().empty()) throw ModelError("the teacher model has no layers");
    if (train.x.cols() != teacher.inputs())
        throw ModelError("training data: the teacher takes " + std::to_string(teacher.inputs()) +
                         " inputs, the data has " + std::to_string(train.x.cols()) + " columns");
    if (train.x.rows() != static_cast<int64_t>(train.y.size()))
        throw InputError("training data: " + std::to_string(train.x.rows()) +
                         " rows of features but " + std::to_string(train.y.size()) + " targets");
    const train::Distillation& d = options.train.distillation;
    if (!(d.alpha >= 0.0f && d.alpha <= 1.0f))
        throw InputError("the distillation alpha must be in [0, 1]");

    nn::Model student =
        nn::Model::build(options.student, teacher.inputs(), teacher.outputs(), options.train.seed);
    student.task = teacher.task;
    student.classNames = teacher.classNames;
    student.targetName = teacher.targetName;
    student.pipeline = teacher.pipeline;

    train::TrainData data;
    data.x = train.x;
    const Matrix outputs = teacherOutputs(teacher, device, train.x);
    if (teacher.task == data::Task::Classification) {
        data.y = train.y;
        data.soft = outputs;
    } else {
        const float a = d.alpha;
        data.y.resize(train.y.size());
        for (size_t i = 0; i < train.y.size(); ++i)
            data.y[i] = a * outputs(static_cast<Eigen::Index>(i), 0) + (1.0f - a) * train.y[i];
    }
    train::History history =
        train::fit(student, device, data, val, options.train, callbacks, std::move(stop));
    if (report) {
        report->teacherParameters = teacher.parameterCount();
        report->studentParameters = student.parameterCount();
        report->history = std::move(history);
    }
    return student;
}

}  // namespace loupe::plugins
