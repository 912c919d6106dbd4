#pragma once
// Tensor: a 2-D row-major float32 array that lives on one Device. Copies share the storage.

#include <cstdint>
#include <memory>

namespace loupe::device {

class Device;

/// A [rows, cols] row-major float32 array in a Device's memory. Cheap to copy (shared storage).
class Tensor {
public:
    Tensor() = default;
    Tensor(std::shared_ptr<float> storage, int64_t rows, int64_t cols, Device* device)
        : m_storage(std::move(storage)), m_rows(rows), m_cols(cols), m_device(device) {}

    int64_t rows() const { return m_rows; }
    int64_t cols() const { return m_cols; }
    int64_t size() const { return m_rows * m_cols; }
    bool empty() const { return size() == 0; }
    /// Pointer in the owning device's address space (host memory for the CPU device).
    float* data() { return m_storage.get(); }
    const float* data() const { return m_storage.get(); }
    Device* device() const { return m_device; }
    /// True when both tensors have the same shape.
    bool sameShape(const Tensor& other) const {
        return m_rows == other.m_rows && m_cols == other.m_cols;
    }

private:
    std::shared_ptr<float> m_storage;
    int64_t m_rows = 0;
    int64_t m_cols = 0;
    Device* m_device = nullptr;
};

}  // namespace loupe::device
