#pragma once
// Model files (.h5, layout in docs/formats.md): the architecture and the fitted Pipeline as JSON
// attributes, the class names, and one float32 dataset per layer parameter, readable with h5py.

#include <filesystem>

#include "core/nn/model.h"

namespace loupe::io {

/// Newest layout saveModel writes (2: CSR weights; a file without them is written as 1); loadModel
/// refuses files with a larger one.
inline constexpr int kModelFormat = 2;

/// Writes `model` to `path` atomically (temporary + fsync + rename).
/// Throws InputError when the file cannot be written.
void saveModel(const nn::Model& model, const std::filesystem::path& path);

/// Reads a model written by saveModel. Throws InputError naming the file and what is wrong for a
/// missing or non-HDF5 file, a missing attribute or dataset, a newer format, or parameter shapes
/// that do not match the architecture.
nn::Model loadModel(const std::filesystem::path& path);

}  // namespace loupe::io
