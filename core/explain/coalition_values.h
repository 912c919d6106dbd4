#pragma once
// CoalitionValues: the interventional value function of SHAP, v(S) = E_bg[f(x_S, bg_notS)], for
// one explained row and many coalitions at once. Every coalition's masked copies of the background
// are stacked into one [coalitions x background, inputs] matrix and run through the model in large
// batches on the Device, reusing one Workspace so no buffer is allocated per coalition.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/device/device.h"
#include "core/explain/background.h"
#include "core/matrix.h"
#include "core/nn/model.h"
#include "core/nn/workspace.h"

namespace loupe::explain {

/// Which model output is explained.
struct OutputSelect {
    int64_t column = 0;    ///< output column (class index; 0 for regression)
    bool softmax = false;  ///< true: the class probability; false: the raw logit or value
};

class CoalitionValues {
public:
    /// `groups[c]` is the source feature of input column c (0 .. features - 1). Up to
    /// `batchRows` rows go through the model per forward pass.
    CoalitionValues(device::Device& device, const nn::Model& model, const Background& background,
                    std::vector<int64_t> groups, int64_t features, OutputSelect output,
                    int64_t batchRows);
    ~CoalitionValues();

    int64_t features() const { return m_features; }
    /// v(S) for `count` coalitions. x: [inputs] (one explained row); masks: [count, features],
    /// 1 = the feature takes x's value, 0 = the background's. values: [count].
    void evaluate(const float* x, const uint8_t* masks, int64_t count, double* values);

private:
    void runChunk(const float* x, const uint8_t* masks, int64_t coalitions, double* values);

    device::Device& m_device;
    const nn::Model& m_model;
    const Background& m_background;
    std::vector<int64_t> m_groups;
    int64_t m_features;
    OutputSelect m_output;
    double m_weightSum = 0.0;
    int64_t m_coalitionsPerBatch = 1;
    std::unique_ptr<nn::Workspace> m_full;
    std::unique_ptr<nn::Workspace> m_tail;
    device::Tensor m_probs;
    Matrix m_hostIn;   ///< [batch, inputs]
    Matrix m_hostOut;  ///< [batch, outputs]
};

}  // namespace loupe::explain
