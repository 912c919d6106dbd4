#pragma once
// Training-batch augmentation on the host: Gaussian input noise and mixup (Zhang et al. 2018,
// "mixup: Beyond Empirical Risk Minimization"). A batch is gathered from the host copy of the
// training rows, mixed and noised, then uploaded; without augmentation the Trainer gathers on the
// device instead and none of this runs.

#include <cstdint>
#include <random>
#include <vector>

#include "core/device/device.h"
#include "core/matrix.h"

namespace loupe::train {

class BatchAugment {
public:
    /// X: [rows, inputs], the training rows after the pipeline (kept by reference). noiseShare:
    /// noise std as a share of each column's std (0 = none); mixupAlpha: Beta(alpha, alpha) for
    /// the mixing weight (0 = no mixup).
    BatchAugment(const Matrix& x, float noiseShare, float mixupAlpha, uint64_t seed);

    bool mixup() const { return m_alpha > 0.0; }
    /// Uploads the batch of rows idx[0..n) into `dst` [n, inputs]: with mixup, row i becomes
    /// lambda * x[idx[i]] + (1 - lambda) * x[partner[i]] with one lambda ~ Beta(alpha, alpha) for
    /// the batch and the partners a shuffle of the batch's rows; then the noise is added. Returns
    /// lambda (1 without mixup) and fills `partner` (data rows) with mixup.
    double batch(device::Device& dev, const int64_t* idx, int64_t n, device::Tensor& dst,
                 std::vector<int64_t>& partner);

    /// A standard normal draw (Box-Muller on mt19937_64: the same in every standard library).
    double normal();
    /// A Beta(alpha, alpha) draw, as G1 / (G1 + G2) with Gamma draws by Marsaglia and Tsang.
    double beta(double alpha);

private:
    double uniform();  ///< in (0, 1)
    double gamma(double shape);

    const Matrix& m_x;
    double m_alpha;
    std::mt19937_64 m_rng;
    std::vector<double> m_sigma;  ///< per column; empty without noise
    Matrix m_host;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

}  // namespace loupe::train
