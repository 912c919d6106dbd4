// The int8 ops every Device inherits: a host fallback that downloads x, runs the reference loop and
// uploads y. Correct on any device (so a quantized model runs wherever a float one does); the CPU
// device overrides it with oneDNN, and a CUDA twin can override it with cuBLASLt's int8 GEMM.

#include <string>
#include <vector>

#include "core/device/device.h"
#include "core/device/int8_reference.h"
#include "core/error.h"

namespace loupe::device {
namespace {

/// Host copy of the weights, row-major [k, n].
class HostInt8Weights final : public Int8Weights {
public:
    HostInt8Weights(const int8_t* w, int64_t k, int64_t n) : Int8Weights(k, n), m_w(w, w + k * n) {}
    const int8_t* data() const { return m_w.data(); }

private:
    std::vector<int8_t> m_w;
};

}  // namespace

void quantizeRows(const float* x, int64_t count, const InputQuantization& q, uint8_t* xq) {
    const float inverse = 1.0f / q.scale;
    for (int64_t i = 0; i < count; ++i) xq[i] = quantizeU8(x[i], inverse, q.zeroPoint);
}

void gemmU8S8Reference(const uint8_t* xq, int32_t zeroPoint, const int8_t* w, int64_t rows,
                       int64_t k, int64_t n, int32_t* acc) {
    for (int64_t r = 0; r < rows; ++r) {
        int32_t* out = acc + r * n;
        for (int64_t c = 0; c < n; ++c) out[c] = 0;
        for (int64_t i = 0; i < k; ++i) {
            const int32_t a = static_cast<int32_t>(xq[r * k + i]) - zeroPoint;
            const int8_t* row = w + i * n;
            for (int64_t c = 0; c < n; ++c) out[c] += a * static_cast<int32_t>(row[c]);
        }
    }
}

std::shared_ptr<const Int8Weights> Device::prepareInt8(const int8_t* w, int64_t k, int64_t n) {
    if (k < 1 || n < 1) throw DeviceError("prepareInt8: empty weights");
    return std::make_shared<HostInt8Weights>(w, k, n);
}

void Device::gemmS8(const Tensor& x, const InputQuantization& q, const Int8Weights& w,
                    const Tensor& wScale, Tensor& y) {
    const auto* host = dynamic_cast<const HostInt8Weights*>(&w);
    if (host == nullptr) throw DeviceError("gemmS8: weights prepared by another device");
    const int64_t rows = x.rows(), k = w.rows(), n = w.cols();
    if (x.cols() != k || wScale.rows() != 1 || wScale.cols() != n || y.rows() != rows ||
        y.cols() != n)
        throw DeviceError("gemmS8: shapes do not match [" + std::to_string(rows) + ", " +
                          std::to_string(k) + "] x [" + std::to_string(k) + ", " +
                          std::to_string(n) + "]");
    std::vector<float> xs(static_cast<size_t>(x.size())), scales(static_cast<size_t>(n));
    download(x, xs.data());
    download(wScale, scales.data());
    std::vector<uint8_t> xq(xs.size());
    quantizeRows(xs.data(), x.size(), q, xq.data());
    std::vector<int32_t> acc(static_cast<size_t>(rows * n));
    gemmU8S8Reference(xq.data(), q.zeroPoint, host->data(), rows, k, n, acc.data());
    std::vector<float> out(acc.size());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < n; ++c)
            out[r * n + c] = static_cast<float>(acc[r * n + c]) * (q.scale * scales[c]);
    upload(out.data(), y);
}

}  // namespace loupe::device
