#include <cstdio>
#include <limits>
#include <map>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "core/data/reader.h"
#include "core/data/target.h"
#include "core/error.h"
#include "core/io/csv_writer.h"

namespace loupe::cli {
namespace {

struct InfoOptions {
    std::string data, target;
    bool json = false;
};

/// Class counts in the order scikit-learn's LabelEncoder sorts them (numbers by value).
nlohmann::json classCounts(const data::Column& column) {
    nlohmann::json classes = nlohmann::json::array();
    if (column.type == data::ColumnType::Numeric) {
        std::map<double, int64_t> counts;
        for (int64_t r = 0; r < column.size(); ++r)
            if (!column.isMissing(r)) ++counts[column.numeric[static_cast<size_t>(r)]];
        for (const auto& [value, count] : counts)
            classes.push_back({{"name", io::formatNumber(value)}, {"count", count}});
        return classes;
    }
    std::map<std::string, int64_t> counts;
    for (int64_t r = 0; r < column.size(); ++r)
        if (!column.isMissing(r))
            ++counts[column.categories[static_cast<size_t>(column.codes[static_cast<size_t>(r)])]];
    for (const auto& [name, count] : counts) classes.push_back({{"name", name}, {"count", count}});
    return classes;
}

nlohmann::json targetSummary(const data::Column& column) {
    const data::Task task = data::inferTask(column);
    nlohmann::json out = {{"name", column.name},
                          {"task", std::string(data::toString(task))},
                          {"missing", column.missingCount()}};
    if (task == data::Task::Classification) {
        out["classes"] = classCounts(column);
        return out;
    }
    double low = std::numeric_limits<double>::infinity(), high = -low, sum = 0.0;
    int64_t count = 0;
    for (int64_t r = 0; r < column.size(); ++r) {
        if (column.isMissing(r)) continue;
        const double v = column.numeric[static_cast<size_t>(r)];
        low = std::min(low, v);
        high = std::max(high, v);
        sum += v;
        ++count;
    }
    out["min"] = count ? nlohmann::json(low) : nlohmann::json();
    out["max"] = count ? nlohmann::json(high) : nlohmann::json();
    out["mean"] = count ? nlohmann::json(sum / static_cast<double>(count)) : nlohmann::json();
    return out;
}

nlohmann::json describe(const data::Table& table, const std::string& path,
                        const std::string& target) {
    nlohmann::json columns = nlohmann::json::array();
    for (const data::Column& column : table.columns()) {
        nlohmann::json c = {{"name", column.name},
                            {"type", std::string(data::toString(column.type))},
                            {"missing", column.missingCount()}};
        if (column.type != data::ColumnType::Numeric) c["categories"] = column.categories.size();
        columns.push_back(std::move(c));
    }
    nlohmann::json info = {
        {"file", path}, {"rows", table.rowCount()}, {"columns", std::move(columns)}};
    if (!target.empty()) info["target"] = targetSummary(table.column(target));
    return info;
}

std::string padded(std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text + "  ";
}

void printText(const nlohmann::json& info) {
    std::printf("%s: %lld rows, %zu columns\n", info["file"].get<std::string>().c_str(),
                info["rows"].get<long long>(), info["columns"].size());
    size_t width = 6;
    for (const auto& c : info["columns"])
        width = std::max(width, c["name"].get<std::string>().size());
    std::printf("%s%s%s%s\n", padded("column", width).c_str(), padded("type", 11).c_str(),
                padded("missing", 7).c_str(), "categories");
    for (const auto& c : info["columns"]) {
        const std::string categories =
            c.contains("categories") ? std::to_string(c["categories"].get<long long>()) : "";
        std::printf("%s%s%s%s\n", padded(c["name"].get<std::string>(), width).c_str(),
                    padded(c["type"].get<std::string>(), 11).c_str(),
                    padded(std::to_string(c["missing"].get<long long>()), 7).c_str(),
                    categories.c_str());
    }
    if (!info.contains("target")) return;
    const auto& t = info["target"];
    std::printf("target %s: %s, %lld missing\n", t["name"].get<std::string>().c_str(),
                t["task"].get<std::string>().c_str(), t["missing"].get<long long>());
    if (t.contains("classes")) {
        long long total = 0;
        for (const auto& k : t["classes"]) total += k["count"].get<long long>();
        for (const auto& k : t["classes"])
            std::printf(
                "  %s %lld (%.1f%%)\n", k["name"].get<std::string>().c_str(),
                k["count"].get<long long>(),
                total ? 100.0 * k["count"].get<double>() / static_cast<double>(total) : 0.0);
    } else {
        std::printf("  min %s, max %s, mean %s\n", t["min"].dump().c_str(), t["max"].dump().c_str(),
                    t["mean"].dump().c_str());
    }
}

int runInfo(const InfoOptions& o) {
    requireInputFile(o.data);
    const data::Table table = data::readTable(o.data);
    const nlohmann::json info = describe(table, o.data, o.target);
    if (o.json)
        std::printf("%s\n", info.dump(2).c_str());
    else
        printText(info);
    return 0;
}

}  // namespace

Command addInfoCommand(CLI::App& parent) {
    auto options = std::make_shared<InfoOptions>();
    InfoOptions& o = *options;
    CLI::App* app = parent.add_subcommand(
        "info", "Describe a dataset: rows, columns, types, missing values, class balance");
    app->add_option("DATA", o.data, "Dataset file (CSV or HDF5)")->required();
    app->add_option("--target", o.target, "Target column: adds its task and class balance");
    app->add_flag("--json", o.json, "Print JSON instead of text");
    return {app, [options] { return runInfo(*options); }};
}

}  // namespace loupe::cli
