#pragma once
// Device: the seam between the math and the hardware. Every layer, loss and optimizer does its
// arithmetic through these calls, so a CUDA device slots in without touching core/nn or core/train.
// Shapes: all tensors are row-major; rows are samples. Ops may run asynchronously; download() and
// synchronize() wait for the work queued before them.

#include <cstdint>
#include <memory>
#include <string>

#include "core/device/tensor.h"

namespace loupe::device {

enum class Activation { Identity, ReLU, Tanh, Sigmoid, GELU };

/// Adam / AdamW step settings. `l2` is added to the gradient (coupled, as torch.optim.Adam's
/// weight_decay); `weightDecay` is decoupled (AdamW). `l1` adds l1 * sign(w) to the gradient.
struct AdamStep {
    float lr = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float eps = 1e-8f;
    float l1 = 0.0f;
    float l2 = 0.0f;
    float weightDecay = 0.0f;
    int64_t step = 1;  ///< 1-based step count, for bias correction
};

/// Per-tensor asymmetric u8 quantization of activations: q = clamp(round(x / scale) + zeroPoint,
/// 0, 255). u8 activations with s8 weights is the pair AVX-512 VNNI multiplies natively.
struct InputQuantization {
    float scale = 1.0f;
    int32_t zeroPoint = 0;  ///< 0..255
};

/// Int8 weights [k, n] prepared by one device for gemmS8, in that device's own layout.
class Int8Weights {
public:
    Int8Weights(int64_t rows, int64_t cols) : m_rows(rows), m_cols(cols) {}
    virtual ~Int8Weights() = default;
    int64_t rows() const { return m_rows; }
    int64_t cols() const { return m_cols; }

private:
    int64_t m_rows;
    int64_t m_cols;
};

/// SGD with momentum (torch.optim.SGD semantics: v = momentum * v + g; w -= lr * v).
struct SgdStep {
    float lr = 1e-2f;
    float momentum = 0.0f;
    bool nesterov = false;
    float l1 = 0.0f;
    float l2 = 0.0f;
};

class Device {
public:
    virtual ~Device() = default;

    /// Human-readable name, e.g. "CPU (Eigen, 2 threads)".
    virtual std::string name() const = 0;
    virtual bool isGpu() const = 0;

    // --- memory ---
    /// Uninitialised [rows, cols] tensor.
    virtual Tensor allocate(int64_t rows, int64_t cols) = 0;
    /// host: rows*cols floats, row-major.
    virtual void upload(const float* host, Tensor& dst) = 0;
    virtual void download(const Tensor& src, float* host) = 0;
    virtual void fill(Tensor& t, float value) = 0;
    virtual void copy(const Tensor& src, Tensor& dst) = 0;
    /// dst[i, :] = src[rows[i], :] for i < count; `rows` is host memory.
    virtual void gatherRows(const Tensor& src, const int64_t* rows, int64_t count, Tensor& dst) = 0;
    /// Waits for all queued work.
    virtual void synchronize() = 0;

    // --- dense algebra ---
    /// C = alpha * op(A) * op(B) + beta * C, op(X) = X^T when the flag is set.
    virtual void gemm(const Tensor& a, bool transA, const Tensor& b, bool transB, Tensor& c,
                      float alpha = 1.0f, float beta = 0.0f) = 0;
    /// z[r, :] += bias[0, :]; then a = act(z). `a` may be the same tensor as `z` only for Identity.
    virtual void biasActivation(Tensor& z, const Tensor& bias, Activation act, Tensor& a) = 0;
    /// a = act(z), elementwise.
    virtual void activation(const Tensor& z, Activation act, Tensor& a) = 0;
    /// dz = da * act'(z), using z (pre-activation) and a = act(z), whichever is cheaper.
    virtual void activationBackward(const Tensor& z, const Tensor& a, const Tensor& da,
                                    Activation act, Tensor& dz) = 0;
    /// out[0, c] = sum over rows of x[r, c]  (bias gradients).
    virtual void columnSums(const Tensor& x, Tensor& out) = 0;
    /// out = x * mask, elementwise (dropout forward and backward).
    virtual void multiply(const Tensor& x, const Tensor& mask, Tensor& out) = 0;
    /// mask = (u >= p) / (1 - p) with u uniform from a counter-based generator keyed by
    /// (seed, offset), so the CPU and GPU draw the same mask for the same key.
    virtual void dropoutMask(Tensor& mask, float p, uint64_t seed, uint64_t offset) = 0;

    // --- int8 inference (core/device/int8_ops.cpp: the host fallback every device inherits) ---
    /// Prepares w: [k, n] row-major int8 (host memory) for gemmS8 on this device.
    virtual std::shared_ptr<const Int8Weights> prepareInt8(const int8_t* w, int64_t k, int64_t n);
    /// y[r, c] = wScale[0, c] * q.scale * sum_k (u8(x[r, k]) - q.zeroPoint) * w[k, c], the sum in
    /// int32 (exact). x: [rows, k] float, quantized by `q`; wScale: [1, n]; y: [rows, n].
    virtual void gemmS8(const Tensor& x, const InputQuantization& q, const Int8Weights& w,
                        const Tensor& wScale, Tensor& y);

    // --- losses ---
    /// probs = softmax(logits) by row. labels: [rows, 1] class indices stored as floats.
    /// classWeights: [1, classes] or empty (all 1). Loss is the weighted mean
    /// sum(w_y * -log p_y) / sum(w_y), as torch.nn.CrossEntropyLoss(weight=...) computes it.
    /// Writes the loss to loss[0, 0] and, when dlogits is not null, its gradient w.r.t. logits.
    virtual void softmaxCrossEntropy(const Tensor& logits, const Tensor& labels,
                                     const Tensor& classWeights, Tensor& probs, Tensor* dlogits,
                                     Tensor& loss) = 0;
    /// Knowledge distillation's loss (Hinton et al. 2015) on a student's logits: alpha * T^2 *
    /// KL(softmax(teacher/T) || softmax(logits/T)) + (1 - alpha) * the cross-entropy above, each
    /// row weighted by w_y and the sum divided by sum(w_y). teacher: [rows, classes] logits.
    /// T^2 keeps the soft gradient, T (softmax(logits/T) - softmax(teacher/T)), on the hard one's
    /// scale. probs gets softmax(logits); the rest as softmaxCrossEntropy.
    virtual void distillationCrossEntropy(const Tensor& logits, const Tensor& labels,
                                          const Tensor& teacher, const Tensor& classWeights,
                                          float temperature, float alpha, Tensor& probs,
                                          Tensor* dlogits, Tensor& loss) = 0;
    /// Row-wise softmax, for inference.
    virtual void softmax(const Tensor& logits, Tensor& probs) = 0;
    /// loss[0,0] = mean((pred - target)^2) over all elements; dpred = its gradient when not null.
    virtual void meanSquaredError(const Tensor& pred, const Tensor& target, Tensor* dpred,
                                  Tensor& loss) = 0;
    /// count[0, 0] = number of rows whose arg-max logit (first on ties, as numpy.argmax) equals
    /// labels[r, 0]; for accuracy without downloading the logits. logits: [rows, classes].
    virtual void countCorrect(const Tensor& logits, const Tensor& labels, Tensor& count) = 0;

    // --- optimizers (in place) ---
    virtual void adamUpdate(Tensor& w, const Tensor& grad, Tensor& m, Tensor& v,
                            const AdamStep& s) = 0;
    virtual void sgdUpdate(Tensor& w, const Tensor& grad, Tensor& velocity, const SgdStep& s) = 0;
};

/// Which device a user asked for: "auto", "cpu", "cuda" or "cuda:N".
struct DeviceChoice {
    std::unique_ptr<Device> device;
    std::string note;  ///< e.g. "no CUDA device found (driver not loaded); using the CPU"
};

/// Creates the device named by `spec`. "auto" falls back to the CPU and says why in `note`;
/// an explicit "cuda" that cannot be served throws InputError.
DeviceChoice makeDevice(const std::string& spec);

}  // namespace loupe::device
