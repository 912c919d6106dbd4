#include "core/train/batch_augment.h"

#include <cmath>
#include <numbers>

#include "core/device/counter_rng.h"

namespace loupe::train {

BatchAugment::BatchAugment(const Matrix& x, float noiseShare, float mixupAlpha, uint64_t seed)
    : m_x(x), m_alpha(mixupAlpha), m_rng(device::splitmix64(seed ^ 0x6E6F697365ull)) {
    if (noiseShare <= 0.0f) return;
    const auto rows = double(x.rows());
    m_sigma.resize(size_t(x.cols()));
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
        const double mean = x.col(c).cast<double>().sum() / rows;
        const double var = (x.col(c).cast<double>().array() - mean).square().sum() / rows;
        m_sigma[size_t(c)] = double(noiseShare) * std::sqrt(var);
    }
}

double BatchAugment::uniform() {
    constexpr double kScale = 1.0 / 9007199254740992.0;  // 2^-53
    return (double(m_rng() >> 11) + 0.5) * kScale;
}

double BatchAugment::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double angle = 2.0 * std::numbers::pi * uniform();
    m_spare = r * std::sin(angle);
    m_hasSpare = true;
    return r * std::cos(angle);
}

double BatchAugment::gamma(double shape) {
    // Marsaglia and Tsang (2000); a shape below 1 is boosted: Gamma(a) = Gamma(a + 1) U^(1/a).
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
        double z, v;
        do {
            z = normal();
            v = 1.0 + c * z;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform();
        if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
    }
}

double BatchAugment::beta(double alpha) {
    const double a = gamma(alpha), b = gamma(alpha);
    return a / (a + b);
}

double BatchAugment::batch(device::Device& dev, const int64_t* idx, int64_t n, device::Tensor& dst,
                           std::vector<int64_t>& partner) {
    m_host.resize(n, m_x.cols());
    double lambda = 1.0;
    if (mixup()) {
        lambda = beta(m_alpha);
        partner.assign(idx, idx + n);
        for (size_t i = partner.size(); i-- > 1;)  // Fisher-Yates, as the Trainer shuffles
            std::swap(partner[i], partner[size_t(m_rng() % uint64_t(i + 1))]);
    }
    for (int64_t i = 0; i < n; ++i) {
        for (Eigen::Index c = 0; c < m_x.cols(); ++c) {
            double value = m_x(idx[i], c);
            if (mixup())
                value = lambda * value + (1.0 - lambda) * double(m_x(partner[size_t(i)], c));
            if (!m_sigma.empty()) value += m_sigma[size_t(c)] * normal();
            m_host(i, c) = static_cast<float>(value);
        }
    }
    dev.upload(m_host.data(), dst);
    return lambda;
}

}  // namespace loupe::train
