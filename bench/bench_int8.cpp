// Int8 vs float inference on the CPU, side by side in one run, printed as one line of JSON.
// The same seeded MLPs, 30-512-256-2 (the breast_cancer shape) and 256-1024-1024-10, run
// as float (Dense: Eigen GEMM) and as their quantize-int8 twins (QuantizedDense: oneDNN u8 x s8
// GEMM), at batch 1 and batch 1024. Each timing is one forward pass through a Workspace built
// once (parameters on the device, int8 weights prepared), as a prediction loop runs; the median
// of the repeats is reported, with the int8 speed-up (float median / int8 median).
// Usage: bench_int8 [repeats_batch1=2000] [repeats_batch1024=50]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/device/cpu/cpu_device.h"
#include "core/nn/model.h"
#include "core/nn/workspace.h"
#include "plugins/quantize_int8/int8_quantization.h"

using namespace loupe;

namespace {

Matrix gaussian(int64_t rows, int64_t cols, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
    return m;
}

/// Median seconds of one forward pass of `model` on `batch` rows of x, over `repeats` passes.
double medianForward(device::Device& dev, const nn::Model& model, const Matrix& x, int64_t batch,
                     int repeats) {
    nn::Workspace ws(dev, model.layers(), batch, false);
    dev.upload(x.data(), ws.input());
    for (int i = 0; i < 5; ++i) ws.forward(model.layers(), false, 0);  // warm-up (JIT, caches)
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        ws.forward(model.layers(), false, 0);
        dev.synchronize();
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(times.begin(), times.begin() + repeats / 2, times.end());
    return times[repeats / 2];
}

std::string run(device::Device& dev, const std::vector<int64_t>& hidden, int64_t inputs,
                int64_t outputs, int repeats1, int repeats1024) {
    nn::ModelSpec spec;
    spec.hidden = hidden;
    const nn::Model model = nn::Model::build(spec, inputs, outputs, 7);
    const Matrix x = gaussian(1024, inputs, 11);
    const nn::Model int8 = plugins::quantizeInt8(model, x, plugins::Int8Options{});
    std::string shape = std::to_string(inputs);
    // append() rather than += "-" + ...: GCC 12 at -O3 warns falsely (-Wrestrict) on the latter.
    for (int64_t h : hidden) shape.append("-").append(std::to_string(h));
    shape.append("-").append(std::to_string(outputs));
    std::string json = "\"" + shape + "\": {";
    for (int64_t batch : {int64_t{1}, int64_t{1024}}) {
        const int repeats = batch == 1 ? repeats1 : repeats1024;
        const double f = medianForward(dev, model, x, batch, repeats);
        const double q = medianForward(dev, int8, x, batch, repeats);
        char buffer[256];
        std::snprintf(buffer, sizeof buffer,
                      "%s\"batch_%lld\": {\"float_us\": %.2f, \"int8_us\": %.2f, \"speedup\": "
                      "%.2f}",
                      batch == 1 ? "" : ", ", static_cast<long long>(batch), f * 1e6, q * 1e6,
                      f / q);
        json += buffer;
    }
    return json + "}";
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats1 = argc > 1 ? std::stoi(argv[1]) : 2000;
    const int repeats1024 = argc > 2 ? std::stoi(argv[2]) : 50;
    device::CpuDevice dev;
    const std::string small = run(dev, {512, 256}, 30, 2, repeats1, repeats1024);
    const std::string large = run(dev, {1024, 1024}, 256, 10, repeats1, repeats1024);
    // The machine's load, as the other benchmarks record it: timings on a busy machine wander.
    double load = -1.0;
    if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf", &load) != 1) load = -1.0;
        std::fclose(f);
    }
    std::printf(
        "{\"bench\": \"int8\", \"device\": \"%s\", \"load_average\": %.2f, \"median_of\": "
        "[%d, %d], %s, %s}\n",
        dev.name().c_str(), load, repeats1, repeats1024, small.c_str(), large.c_str());
    return 0;
}
