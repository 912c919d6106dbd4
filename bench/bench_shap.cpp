// SHAP speed, printed as one line of JSON.
// 1. Exact SHAP for a 12-feature MLP (hidden 64, 2 classes), 100 background rows, 200 explained
//    rows, against the bare batched forward passes it needs (200 x 4096 x 100 rows through
//    Model::predict in this binary): the explainer's overhead over its own model evaluations.
// 2. KernelSHAP with 2048 samples for a 30-feature MLP (hidden 64) over 1000 rows, background a
//    k-means summary of 20 rows (seconds).
// Usage: bench_shap [explained_rows=200] [kernel_rows=1000]

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "core/device/device.h"
#include "core/explain/shap.h"
#include "core/nn/model.h"

using namespace loupe;

namespace {

Matrix gaussian(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
    return m;
}

nn::Model mlp(int64_t inputs) {
    nn::ModelSpec spec;
    spec.hidden = {64};
    nn::Model model = nn::Model::build(spec, inputs, 2, 1);
    model.classNames = {"a", "b"};
    return model;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t explained = argc > 1 ? std::stoll(argv[1]) : 200;
    const int64_t kernelRows = argc > 2 ? std::stoll(argv[2]) : 1000;
    auto device = device::makeDevice("cpu").device;

    const int64_t features = 12, bgRows = 100, coalitions = int64_t{1} << features;
    const nn::Model model = mlp(features);
    const explain::Background bg = explain::sampleBackground(gaussian(bgRows, features, 2), bgRows, 0);
    const Matrix x = gaussian(explained, features, 3);
    std::vector<int64_t> ids(explained);
    for (int64_t i = 0; i < explained; ++i) ids[i] = i;
    explain::ShapOptions options;
    options.method = explain::ShapMethod::Exact;
    auto start = std::chrono::steady_clock::now();
    const auto result = explain::computeShap(*device, model, x, ids, bg, options);
    const double shapSeconds = secondsSince(start);

    // The same number of model rows, as plain batched inference on a prebuilt matrix.
    const Matrix block = gaussian(coalitions * bgRows, features, 4);
    double checksum = result.values.sum();
    start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < explained; ++i) checksum += model.predict(*device, block, 65536)(0, 0);
    const double forwardSeconds = secondsSince(start);

    const int64_t wide = 30;
    const nn::Model kernelModel = mlp(wide);
    const explain::Background summary = explain::kmeansBackground(gaussian(500, wide, 5), 20, 0);
    const Matrix xk = gaussian(kernelRows, wide, 6);
    std::vector<int64_t> kernelIds(kernelRows);
    for (int64_t i = 0; i < kernelRows; ++i) kernelIds[i] = i;
    options.method = explain::ShapMethod::Kernel;
    options.samples = 2048;
    start = std::chrono::steady_clock::now();
    const auto kernel = explain::computeShap(*device, kernelModel, xk, kernelIds, summary, options);
    const double kernelSeconds = secondsSince(start);
    checksum += kernel.values.sum();

    std::printf(
        "{\"device\": \"%s\", \"exact\": {\"features\": %lld, \"background\": %lld, \"rows\": %lld, "
        "\"shap_s\": %.3f, \"bare_forward_s\": %.3f, \"ratio\": %.3f}, \"kernel\": {\"features\": "
        "%lld, \"samples\": 2048, \"background\": %lld, \"rows\": %lld, \"seconds\": %.3f}, "
        "\"checksum\": %.6g}\n",
        device->name().c_str(), (long long)features, (long long)bgRows, (long long)explained,
        shapSeconds, forwardSeconds, shapSeconds / forwardSeconds, (long long)wide,
        (long long)summary.x.rows(), (long long)kernelRows, kernelSeconds, checksum);
    return 0;
}
