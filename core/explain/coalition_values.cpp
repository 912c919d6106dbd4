// CoalitionValues: masked background blocks through one reused Workspace, averaged per coalition.

#include "core/explain/coalition_values.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "core/error.h"
#include "core/nn/layer.h"

namespace loupe::explain {

CoalitionValues::CoalitionValues(device::Device& device, const nn::Model& model,
                                 const Background& background, std::vector<int64_t> groups,
                                 int64_t features, OutputSelect output, int64_t batchRows)
    : m_device(device),
      m_model(model),
      m_background(background),
      m_groups(std::move(groups)),
      m_features(features),
      m_output(output) {
    const int64_t bgRows = background.x.rows();
    if (bgRows == 0) throw InputError("the background has no rows");
    if (background.x.cols() != model.inputs() ||
        static_cast<int64_t>(m_groups.size()) != model.inputs())
        throw ModelError("the background or the feature groups do not match the model's inputs");
    if (static_cast<int64_t>(background.weights.size()) != bgRows)
        throw ModelError("the background needs one weight per row");
    m_weightSum = std::accumulate(background.weights.begin(), background.weights.end(), 0.0);
    if (!(m_weightSum > 0)) throw InputError("the background weights must sum to more than 0");
    m_coalitionsPerBatch = std::max<int64_t>(1, batchRows / bgRows);
}

CoalitionValues::~CoalitionValues() = default;

void CoalitionValues::evaluate(const float* x, const uint8_t* masks, int64_t count,
                               double* values) {
    if (count <= 0) return;
    const int64_t wanted = std::min(count, m_coalitionsPerBatch);
    if (!m_full || m_full->batch() / m_background.x.rows() < wanted) {
        // Sized for the largest request so far (up to the batch limit), so explaining a few
        // coalitions allocates little and later requests of that size reuse every buffer.
        const int64_t batch = wanted * m_background.x.rows();
        m_tail.reset();
        m_full = std::make_unique<nn::Workspace>(m_device, m_model.layers(), batch, false);
        m_hostIn.resize(batch, m_model.inputs());
        m_hostOut.resize(batch, m_model.outputs());
    }
    const int64_t perBatch = m_full->batch() / m_background.x.rows();
    for (int64_t first = 0; first < count; first += perBatch) {
        const int64_t n = std::min(perBatch, count - first);
        runChunk(x, masks + first * m_features, n, values + first);
    }
}

void CoalitionValues::runChunk(const float* x, const uint8_t* masks, int64_t coalitions,
                               double* values) {
    const Matrix& bg = m_background.x;
    const int64_t bgRows = bg.rows(), inputs = bg.cols();
    const int64_t rows = coalitions * bgRows;
    nn::Workspace* ws = m_full.get();
    if (rows != ws->batch()) {
        if (!m_tail || m_tail->batch() != rows)
            m_tail = std::make_unique<nn::Workspace>(*m_full, m_model.layers(), rows, false);
        ws = m_tail.get();
    }
    // Each coalition's block starts as a copy of the background; the columns of the features in
    // the coalition are then overwritten with the explained row's values.
    std::vector<int64_t> taken;
    taken.reserve(inputs);
    for (int64_t k = 0; k < coalitions; ++k) {
        float* block = m_hostIn.data() + k * bgRows * inputs;
        std::memcpy(block, bg.data(), sizeof(float) * bgRows * inputs);
        taken.clear();
        for (int64_t c = 0; c < inputs; ++c)
            if (masks[k * m_features + m_groups[c]]) taken.push_back(c);
        for (int64_t r = 0; r < bgRows; ++r)
            for (const int64_t c : taken) block[r * inputs + c] = x[c];
    }
    m_device.upload(m_hostIn.data(), ws->input());
    ws->forward(m_model.layers(), false, 0);
    const device::Tensor* result = &ws->output();
    if (m_output.softmax) {
        nn::ensureShape(m_device, m_probs, rows, m_model.outputs());
        m_device.softmax(ws->output(), m_probs);
        result = &m_probs;
    }
    m_device.download(*result, m_hostOut.data());
    const int64_t outputs = m_hostOut.cols();
    const float* out = m_hostOut.data() + m_output.column;
    for (int64_t k = 0; k < coalitions; ++k) {
        double sum = 0.0;
        for (int64_t r = 0; r < bgRows; ++r)
            sum += m_background.weights[r] * static_cast<double>(out[(k * bgRows + r) * outputs]);
        values[k] = sum / m_weightSum;
    }
}

}  // namespace loupe::explain
