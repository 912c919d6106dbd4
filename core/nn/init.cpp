// Weight initialisation for Dense layers.

#include "core/nn/init.h"

#include <cmath>

namespace loupe::nn {

void initializeDense(Dense& layer, InitRandom& random) {
    const auto fanIn = static_cast<float>(layer.inputs());
    const auto fanOut = static_cast<float>(layer.outputs());
    const bool he = layer.activation() == device::Activation::ReLU ||
                    layer.activation() == device::Activation::GELU;
    const float limit = he ? std::sqrt(6.0f / fanIn) : std::sqrt(6.0f / (fanIn + fanOut));
    Matrix& w = layer.weight();
    for (Eigen::Index r = 0; r < w.rows(); ++r)
        for (Eigen::Index c = 0; c < w.cols(); ++c) w(r, c) = random.symmetric(limit);
    layer.bias().setZero();
}

}  // namespace loupe::nn
