// bench_train: Loupe's training throughput on an MLP 64-256-256-2 (ReLU, Adam, batch 256) over
// 100k synthetic rows, against the float32 GEMM peak measured in the same binary.
// Prints one JSON line: {"samples_per_s", "gemm_peak_gflops", "fraction_of_peak", ...}.
// Training FLOPs are counted as 6 * parameters * samples (2 forward + 4 backward per weight per
// sample: the GEMMs; bias, activation and optimizer passes are left out).

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "core/device/cpu/cpu_device.h"
#include "core/nn/model.h"
#include "core/train/trainer.h"

namespace {

using Clock = std::chrono::steady_clock;

/// Best of a few 2048^3 float GEMMs through Eigen on all device threads, in GFLOP/s.
double gemmPeakGflops() {
    constexpr int n = 2048;
    using M = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const M a = M::Random(n, n), b = M::Random(n, n);
    M c(n, n);
    double best = 0.0;
    for (int rep = 0; rep < 4; ++rep) {
        const auto t0 = Clock::now();
        c.noalias() = a * b;
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::max(best, 2.0 * n * n * n / s / 1e9);
    }
    return best + 0.0 * c(0, 0);
}

}  // namespace

int main(int argc, char** argv) {
    constexpr int64_t kRows = 100000, kInputs = 64, kClasses = 2, kEpochs = 3;
    // Optional argument: the thread count (default: all of OpenMP's).
    loupe::device::CpuDevice device =
        argc > 1 ? loupe::device::CpuDevice(std::atoi(argv[1])) : loupe::device::CpuDevice();
    std::mt19937_64 rng(42);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    loupe::train::TrainData train;
    train.x.resize(kRows, kInputs);
    train.y.resize(kRows);
    for (int64_t r = 0; r < kRows; ++r) {
        float score = 0.0f;
        for (int64_t c = 0; c < kInputs; ++c) {
            train.x(r, c) = normal(rng);
            score += (c % 2 == 0 ? 1.0f : -0.5f) * train.x(r, c);
        }
        train.y[static_cast<size_t>(r)] = score > 0.0f ? 1.0f : 0.0f;
    }
    loupe::nn::ModelSpec spec;
    spec.hidden = {256, 256};
    spec.activation = loupe::device::Activation::ReLU;
    loupe::nn::Model model = loupe::nn::Model::build(spec, kInputs, kClasses, 7);
    loupe::train::TrainConfig config;
    config.batchSize = 256;
    config.learningRate = 1e-3f;
    config.optimizer = loupe::train::Optimizer::Adam;
    config.seed = 1;

    config.epochs = 1;  // warm-up: page in the buffers, spin up the threads
    loupe::train::fit(model, device, train, {}, config);
    config.epochs = kEpochs;
    const auto t0 = Clock::now();
    const auto history = loupe::train::fit(model, device, train, {}, config);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

    const double samplesPerS = static_cast<double>(kRows * kEpochs) / seconds;
    const double params = static_cast<double>(model.parameterCount());
    const double peak = gemmPeakGflops();
    const double achieved = 6.0 * params * samplesPerS / 1e9;
    std::printf(
        "{\"peer\": \"loupe\", \"device\": \"%s\", \"samples_per_s\": %.1f, "
        "\"gemm_peak_gflops\": %.2f, \"train_gflops\": %.2f, \"fraction_of_peak\": %.4f, "
        "\"parameters\": %.0f, \"final_loss\": %.6f}\n",
        device.name().c_str(), samplesPerS, peak, achieved, achieved / peak, params,
        history.epochs.back().trainLoss);
    return 0;
}
