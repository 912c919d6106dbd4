#pragma once
// CpuDevice: the Device on host memory. Eigen maps over 64-byte-aligned buffers; GEMM runs on
// Eigen's OpenMP threads, elementwise ops split over OpenMP threads only when large enough to pay.
// Each op family lives in its own file (activation_ops, elementwise_ops, loss_ops, optimizer_ops,
// int8_ops), mirroring the CUDA device's one-op-per-file layout. Every op is deterministic:
// reductions use a fixed partition of the rows whose partial sums are combined in order, whatever
// the thread count.

#include <cstdint>
#include <string>

#include "core/device/device.h"

namespace loupe::device {

class CpuDevice final : public Device {
public:
    /// Uses every hardware thread OpenMP reports.
    CpuDevice();
    /// Uses `threads` threads (at least 1) for GEMM and large elementwise ops.
    explicit CpuDevice(int threads);

    /// Threads this device runs on.
    int threads() const { return m_threads; }

    std::string name() const override;
    bool isGpu() const override { return false; }

    Tensor allocate(int64_t rows, int64_t cols) override;
    void upload(const float* host, Tensor& dst) override;
    void download(const Tensor& src, float* host) override;
    void fill(Tensor& t, float value) override;
    void copy(const Tensor& src, Tensor& dst) override;
    void gatherRows(const Tensor& src, const int64_t* rows, int64_t count, Tensor& dst) override;
    void synchronize() override {}

    void gemm(const Tensor& a, bool transA, const Tensor& b, bool transB, Tensor& c,
              float alpha = 1.0f, float beta = 0.0f) override;
    void biasActivation(Tensor& z, const Tensor& bias, Activation act, Tensor& a) override;
    void activation(const Tensor& z, Activation act, Tensor& a) override;
    void activationBackward(const Tensor& z, const Tensor& a, const Tensor& da, Activation act,
                            Tensor& dz) override;
    void columnSums(const Tensor& x, Tensor& out) override;
    void multiply(const Tensor& x, const Tensor& mask, Tensor& out) override;
    void dropoutMask(Tensor& mask, float p, uint64_t seed, uint64_t offset) override;

    /// With oneDNN (LOUPE_HAVE_DNNL): a u8 x s8 matmul primitive built once per weights, which
    /// runs on AVX-512 VNNI where the CPU has it; without it, the host reference loop.
    std::shared_ptr<const Int8Weights> prepareInt8(const int8_t* w, int64_t k, int64_t n) override;
    void gemmS8(const Tensor& x, const InputQuantization& q, const Int8Weights& w,
                const Tensor& wScale, Tensor& y) override;

    void softmaxCrossEntropy(const Tensor& logits, const Tensor& labels, const Tensor& classWeights,
                             Tensor& probs, Tensor* dlogits, Tensor& loss) override;
    void distillationCrossEntropy(const Tensor& logits, const Tensor& labels, const Tensor& teacher,
                                  const Tensor& classWeights, float temperature, float alpha,
                                  Tensor& probs, Tensor* dlogits, Tensor& loss) override;
    void softmax(const Tensor& logits, Tensor& probs) override;
    void meanSquaredError(const Tensor& pred, const Tensor& target, Tensor* dpred,
                          Tensor& loss) override;
    void countCorrect(const Tensor& logits, const Tensor& labels, Tensor& count) override;

    void adamUpdate(Tensor& w, const Tensor& grad, Tensor& m, Tensor& v,
                    const AdamStep& s) override;
    void sgdUpdate(Tensor& w, const Tensor& grad, Tensor& velocity, const SgdStep& s) override;

private:
    int m_threads = 1;
};

}  // namespace loupe::device
