// Model::predictTable, apart from model.cpp so that code using only matrices does not link the
// data pipeline.

#include "core/nn/model.h"

namespace loupe::nn {

Matrix Model::predictTable(device::Device& device, const data::Table& table,
                           std::span<const int64_t> rows) const {
    return predict(device, pipeline.transform(table, rows));
}

}  // namespace loupe::nn
