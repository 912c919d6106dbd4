// CpuDevice losses: softmax cross-entropy (log-sum-exp form, torch's weighted mean), its
// distillation blend with a teacher's softened probabilities, softmax, mean squared error, and
// the correct-prediction count used for accuracy.
// Sums run over fixed blocks of rows (in double) combined in block order: deterministic for any
// thread count.

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/device/cpu/cpu_device.h"
#include "core/device/cpu/cpu_kernels.h"

namespace loupe::device {
namespace {

using Row = Eigen::Map<Eigen::ArrayXf>;
using ConstRow = Eigen::Map<const Eigen::ArrayXf>;

/// Per-thread scratch for block partial sums; grows once, so steady-state calls do not allocate.
std::vector<double>& blockScratch(size_t n) {
    thread_local std::vector<double> scratch;
    if (scratch.size() < n) scratch.resize(n);
    return scratch;
}

/// Runs fn(block, firstRow, lastRow) over the fixed row blocks, threaded when the work is large.
template <typename Fn>
void forEachBlock(int64_t rows, int64_t cols, int threads, Fn&& fn) {
    const int64_t blocks = (rows + cpu::kReductionRows - 1) / cpu::kReductionRows;
    const bool parallel = rows * cols >= cpu::kParallelElements && threads > 1 && blocks > 1;
#pragma omp parallel for num_threads(threads) schedule(static) if (parallel)
    for (int64_t blk = 0; blk < blocks; ++blk)
        fn(blk, blk * cpu::kReductionRows, std::min(rows, (blk + 1) * cpu::kReductionRows));
}

int64_t checkedLabel(float value, int64_t classes) {
    const auto label = static_cast<int64_t>(value);
    if (!(value >= 0.0f) || label >= classes || static_cast<float>(label) != value)
        throw DeviceError("softmaxCrossEntropy: label " + std::to_string(value) +
                          " is not a class index below " + std::to_string(classes));
    return label;
}

}  // namespace

void CpuDevice::softmaxCrossEntropy(const Tensor& logits, const Tensor& labels,
                                    const Tensor& classWeights, Tensor& probs, Tensor* dlogits,
                                    Tensor& loss) {
    const int64_t rows = logits.rows();
    const int64_t classes = logits.cols();
    cpu::requireShape("softmaxCrossEntropy (labels)", labels, rows, 1);
    cpu::requireSameShape("softmaxCrossEntropy (probs)", logits, probs);
    cpu::requireShape("softmaxCrossEntropy (loss)", loss, 1, 1);
    if (dlogits) cpu::requireSameShape("softmaxCrossEntropy (dlogits)", logits, *dlogits);
    const bool weighted = !classWeights.empty();
    if (weighted) cpu::requireShape("softmaxCrossEntropy (classWeights)", classWeights, 1, classes);
    const float* lp = labels.data();
    const float* wp = weighted ? classWeights.data() : nullptr;

    // The normaliser sum(w_y) first, so the gradient can be written in the same pass as the loss.
    double totalWeight = 0.0;
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t y = checkedLabel(lp[r], classes);
        totalWeight += weighted ? wp[y] : 1.0;
    }
    const float gradScale = totalWeight > 0.0 ? static_cast<float>(1.0 / totalWeight) : 0.0f;

    const int64_t blocks = (rows + cpu::kReductionRows - 1) / cpu::kReductionRows;
    std::vector<double>& partial = blockScratch(static_cast<size_t>(blocks));
    const float* zp = logits.data();
    float* pp = probs.data();
    float* dp = dlogits ? dlogits->data() : nullptr;
    forEachBlock(rows, classes, m_threads, [&](int64_t blk, int64_t r0, int64_t r1) {
        double sum = 0.0;
        for (int64_t r = r0; r < r1; ++r) {
            const ConstRow z(zp + r * classes, classes);
            Row p(pp + r * classes, classes);
            const auto y = static_cast<int64_t>(lp[r]);
            const float w = weighted ? wp[y] : 1.0f;
            // log-sum-exp shifted by the row max: exp never overflows.
            const float zmax = z.maxCoeff();
            p = (z - zmax).exp();
            const float total = p.sum();
            const float lse = zmax + std::log(total);
            p *= 1.0f / total;
            sum += static_cast<double>(w) * static_cast<double>(lse - z[y]);
            if (dp) {
                Row d(dp + r * classes, classes);
                d = p * (w * gradScale);
                d[y] -= w * gradScale;
            }
        }
        partial[static_cast<size_t>(blk)] = sum;
    });
    double total = 0.0;
    for (int64_t b = 0; b < blocks; ++b) total += partial[static_cast<size_t>(b)];
    loss.data()[0] = totalWeight > 0.0 ? static_cast<float>(total / totalWeight)
                                       : std::numeric_limits<float>::quiet_NaN();
}

void CpuDevice::distillationCrossEntropy(const Tensor& logits, const Tensor& labels,
                                         const Tensor& teacher, const Tensor& classWeights,
                                         float temperature, float alpha, Tensor& probs,
                                         Tensor* dlogits, Tensor& loss) {
    const int64_t rows = logits.rows();
    const int64_t classes = logits.cols();
    cpu::requireShape("distillationCrossEntropy (labels)", labels, rows, 1);
    cpu::requireSameShape("distillationCrossEntropy (teacher)", logits, teacher);
    cpu::requireSameShape("distillationCrossEntropy (probs)", logits, probs);
    cpu::requireShape("distillationCrossEntropy (loss)", loss, 1, 1);
    if (dlogits) cpu::requireSameShape("distillationCrossEntropy (dlogits)", logits, *dlogits);
    if (!(temperature > 0.0f) || !std::isfinite(temperature))
        throw DeviceError("distillationCrossEntropy: the temperature must be > 0");
    if (!(alpha >= 0.0f && alpha <= 1.0f))
        throw DeviceError("distillationCrossEntropy: alpha must be in [0, 1]");
    const bool weighted = !classWeights.empty();
    if (weighted)
        cpu::requireShape("distillationCrossEntropy (classWeights)", classWeights, 1, classes);
    const float* lp = labels.data();
    const float* wp = weighted ? classWeights.data() : nullptr;

    double totalWeight = 0.0;
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t y = checkedLabel(lp[r], classes);
        totalWeight += weighted ? wp[y] : 1.0;
    }
    const float gradScale = totalWeight > 0.0 ? static_cast<float>(1.0 / totalWeight) : 0.0f;
    const float hardShare = 1.0f - alpha;
    const float invT = 1.0f / temperature;

    // Two sums per block (hard, soft), combined in block order as softmaxCrossEntropy's.
    const int64_t blocks = (rows + cpu::kReductionRows - 1) / cpu::kReductionRows;
    std::vector<double>& partial = blockScratch(static_cast<size_t>(2 * blocks));
    const float* zp = logits.data();
    const float* tp = teacher.data();
    float* pp = probs.data();
    float* dp = dlogits ? dlogits->data() : nullptr;
    forEachBlock(rows, classes, m_threads, [&](int64_t blk, int64_t r0, int64_t r1) {
        thread_local std::vector<float> soft;  // log softmax(z/T) then softmax(z/T); log q; q
        if (soft.size() < static_cast<size_t>(3 * classes))
            soft.resize(static_cast<size_t>(3 * classes));
        Row logPs(soft.data(), classes), logQ(soft.data() + classes, classes),
            q(soft.data() + 2 * classes, classes);
        double hardSum = 0.0, softSum = 0.0;
        for (int64_t r = r0; r < r1; ++r) {
            const ConstRow z(zp + r * classes, classes);
            const ConstRow t(tp + r * classes, classes);
            Row p(pp + r * classes, classes);
            const auto y = static_cast<int64_t>(lp[r]);
            const float w = weighted ? wp[y] : 1.0f;
            // The hard term exactly as softmaxCrossEntropy computes it, so alpha = 0 trains
            // bit for bit as plain cross-entropy.
            const float zmax = z.maxCoeff();
            p = (z - zmax).exp();
            const float total = p.sum();
            const float lse = zmax + std::log(total);
            p *= 1.0f / total;
            hardSum += static_cast<double>(w) * static_cast<double>(lse - z[y]);
            // Soft term in log-softmax form: KL = sum q (log q - log p_T), with 0 log 0 = 0.
            logPs = z * invT;
            logPs -= logPs.maxCoeff();
            logPs -= std::log(logPs.exp().sum());
            logQ = t * invT;
            logQ -= logQ.maxCoeff();
            logQ -= std::log(logQ.exp().sum());
            q = logQ.exp();
            double kl = 0.0;
            for (int64_t c = 0; c < classes; ++c)
                if (q[c] > 0.0f)
                    kl += static_cast<double>(q[c]) *
                          (static_cast<double>(logQ[c]) - static_cast<double>(logPs[c]));
            softSum += static_cast<double>(w) * kl;
            if (dp) {
                Row d(dp + r * classes, classes);
                const float hardScale = w * gradScale * hardShare;
                d = p * hardScale;
                d[y] -= hardScale;
                // d/dz of T^2 KL(q || softmax(z/T)) = T (softmax(z/T) - q).
                d += (logPs.exp() - q) * (w * gradScale * alpha * temperature);
            }
        }
        partial[static_cast<size_t>(2 * blk)] = hardSum;
        partial[static_cast<size_t>(2 * blk + 1)] = softSum;
    });
    double hard = 0.0, softTotal = 0.0;
    for (int64_t b = 0; b < blocks; ++b) {
        hard += partial[static_cast<size_t>(2 * b)];
        softTotal += partial[static_cast<size_t>(2 * b + 1)];
    }
    const double t2 = static_cast<double>(temperature) * static_cast<double>(temperature);
    loss.data()[0] =
        totalWeight > 0.0
            ? static_cast<float>(static_cast<double>(hardShare) * (hard / totalWeight) +
                                 static_cast<double>(alpha) * t2 * (softTotal / totalWeight))
            : std::numeric_limits<float>::quiet_NaN();
}

void CpuDevice::softmax(const Tensor& logits, Tensor& probs) {
    cpu::requireSameShape("softmax", logits, probs);
    const int64_t classes = logits.cols();
    const float* zp = logits.data();
    float* pp = probs.data();
    cpu::parallelRows(logits.rows(), classes, m_threads, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const ConstRow z(zp + r * classes, classes);
            Row p(pp + r * classes, classes);
            p = (z - z.maxCoeff()).exp();
            p *= 1.0f / p.sum();
        }
    });
}

void CpuDevice::meanSquaredError(const Tensor& pred, const Tensor& target, Tensor* dpred,
                                 Tensor& loss) {
    cpu::requireSameShape("meanSquaredError (target)", pred, target);
    cpu::requireShape("meanSquaredError (loss)", loss, 1, 1);
    if (dpred) cpu::requireSameShape("meanSquaredError (dpred)", pred, *dpred);
    const int64_t rows = pred.rows();
    const int64_t cols = pred.cols();
    const int64_t blocks = (rows + cpu::kReductionRows - 1) / cpu::kReductionRows;
    std::vector<double>& partial = blockScratch(static_cast<size_t>(blocks));
    const float scale = pred.size() > 0 ? 2.0f / static_cast<float>(pred.size()) : 0.0f;
    const float* pp = pred.data();
    const float* tp = target.data();
    float* dp = dpred ? dpred->data() : nullptr;
    forEachBlock(rows, cols, m_threads, [&](int64_t blk, int64_t r0, int64_t r1) {
        const int64_t n = (r1 - r0) * cols;
        const ConstRow p(pp + r0 * cols, n);
        const ConstRow t(tp + r0 * cols, n);
        double sum = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            const double diff = static_cast<double>(p[i]) - static_cast<double>(t[i]);
            sum += diff * diff;
        }
        if (dp) Row(dp + r0 * cols, n) = (p - t) * scale;
        partial[static_cast<size_t>(blk)] = sum;
    });
    double total = 0.0;
    for (int64_t b = 0; b < blocks; ++b) total += partial[static_cast<size_t>(b)];
    loss.data()[0] = pred.size() > 0 ? static_cast<float>(total / static_cast<double>(pred.size()))
                                     : std::numeric_limits<float>::quiet_NaN();
}

void CpuDevice::countCorrect(const Tensor& logits, const Tensor& labels, Tensor& count) {
    cpu::requireShape("countCorrect (labels)", labels, logits.rows(), 1);
    cpu::requireShape("countCorrect (count)", count, 1, 1);
    const int64_t classes = logits.cols();
    const float* zp = logits.data();
    const float* lp = labels.data();
    int64_t correct = 0;
    for (int64_t r = 0; r < logits.rows(); ++r) {
        const float* z = zp + r * classes;
        int64_t best = 0;
        for (int64_t c = 1; c < classes; ++c)
            if (z[c] > z[best]) best = c;
        if (static_cast<float>(best) == lp[r]) ++correct;
    }
    count.data()[0] = static_cast<float>(correct);
}

}  // namespace loupe::device
